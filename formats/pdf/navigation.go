package pdf

import (
	"bytes"
	"sort"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// The catalog and what lets a reader move through the document: named
// destinations, actions, outlines, page labels.

// buildCatalog keeps the catalog's allowlisted keys. The page tree was
// written by pageTree; the outline and the structure tree are rebuilt.
func buildCatalog(d *doc, o types.Object, _ int, where string) types.Object {
	root, _ := o.(types.Dict)
	cat := types.Dict{"Type": types.Name("Catalog"), "Pages": ref(d.pagesRoot)}
	for _, k := range sortedKeys(root) {
		v := root[k]
		var out types.Object
		ok := false
		switch k {
		case "Type", "Pages":
			continue
		case "Version", "PageLayout", "PageMode", "Lang":
			out, ok = d.simpleValue(v, 0)
		case "PageLabels":
			out, ok = d.pageLabels(v)
		case "Names":
			out, ok = d.namesDict(v, where)
		case "Dests":
			out, ok = d.destsDict(v, where)
		case "ViewerPreferences":
			out, ok = d.conv(v, roleViewerPrefs, where)
		case "Outlines":
			out, ok = d.outlines(v)
		case "AcroForm":
			out, ok = d.conv(v, roleAcroForm, where)
		case "StructTreeRoot":
			out, ok = d.structRoot(v)
		case "MarkInfo":
			out, ok = d.conv(v, roleMarkInfo, where)
		case "OCProperties":
			out, ok = d.conv(v, roleOCProps, where)
		case "OpenAction":
			if a, _ := d.resolveArray(v); a != nil {
				out, ok = d.dest(v, where)
			} else {
				out, ok = d.conv(v, roleAction, where)
			}
		case "URI":
			out, ok = d.conv(v, roleURIDict, where)
		case "OutputIntents":
			out, ok = arrayOf(roleOutputIntent)(d, v, where)
		case "Extensions":
			out, ok = d.extensions(v)
		default:
			d.dropKey(k, v, where)
			continue
		}
		if ok && out != nil {
			cat[k] = out
		}
	}
	return cat
}

// extensions keeps the developer extensions dictionary: names of
// extensions and their levels.
func (d *doc) extensions(v types.Object) (types.Object, bool) {
	in, _ := d.resolveDict(v)
	if in == nil {
		return nil, false
	}
	out := types.Dict{}
	for _, k := range sortedKeys(in) {
		if s, ok := simpleDictOrArray(d, in[k]); ok {
			out[k] = s
		}
	}
	return out, true
}

// ---- destinations ----

// namedDests learns where the named destinations point, so that links,
// outline items and actions to a page that is not in the document go.
func (d *doc) namedDests(root types.Dict) {
	target := func(v types.Object) bool {
		o, _ := d.resolve(v)
		if dd, ok := o.(types.Dict); ok {
			o, _ = d.resolve(dd["D"])
		}
		a, _ := o.(types.Array)
		if len(a) == 0 {
			return false
		}
		_, alive := d.pageRef(a[0])
		return alive
	}
	if dests, _ := d.resolveDict(root["Dests"]); dests != nil {
		for _, k := range sortedKeys(dests) {
			d.destAlive[k] = target(dests[k])
		}
	}
	if names, _ := d.resolveDict(root["Names"]); names != nil {
		d.nameTree(names["Dests"], func(key []byte, _ types.Object, val types.Object) {
			d.destAlive[string(key)] = target(val)
		})
	}
}

// dest keeps a destination that leads to a page of the document: an
// explicit one ([page /XYZ …]), a name, or a destination dictionary. A
// destination to a page that is not in the page tree goes.
func (d *doc) dest(v types.Object, where string) (types.Object, bool) {
	o, _ := d.resolve(v)
	switch t := o.(type) {
	case types.Array:
		if len(t) == 0 {
			return nil, false
		}
		var first types.Object
		switch p := t[0].(type) {
		case types.IndirectRef:
			r, ok := d.pageRef(p)
			if !ok {
				return nil, false
			}
			first = r
		case types.Integer:
			first = p // a page number in another file (GoToR)
		default:
			return nil, false
		}
		out := types.Array{first}
		for _, e := range t[1:] {
			s, _ := d.simpleValue(e, 1)
			out = append(out, s)
		}
		return out, true
	case types.Name, types.StringLiteral, types.HexLiteral:
		name := []byte(string(d.name(t)))
		if b, ok := stringBytes(t); ok {
			name = b
		}
		if alive, known := d.destAlive[string(name)]; known && !alive {
			return nil, false
		}
		return t, true
	case types.Dict:
		inner, ok := d.dest(t["D"], where)
		if !ok {
			return nil, false
		}
		return types.Dict{"D": inner}, true
	}
	return nil, false
}

var destConv conv = func(d *doc, v types.Object, where string) (types.Object, bool) { return d.dest(v, where) }

// destsDict keeps the catalog's /Dests (PDF 1.1 named destinations) that
// lead to pages of the document.
func (d *doc) destsDict(v types.Object, where string) (types.Object, bool) {
	in, _ := d.resolveDict(v)
	if in == nil {
		return nil, false
	}
	out := types.Dict{}
	for _, k := range sortedKeys(in) {
		if dst, ok := d.dest(in[k], where); ok {
			out[k] = dst
		}
	}
	return out, len(out) > 0
}

// namesDict keeps the name dictionary's named destinations, as one flat
// name tree; the other trees (embedded files, JavaScript, web capture,
// templates, renditions…) go.
func (d *doc) namesDict(v types.Object, where string) (types.Object, bool) {
	in, _ := d.resolveDict(v)
	if in == nil {
		return nil, false
	}
	out := types.Dict{}
	for _, k := range sortedKeys(in) {
		if k != "Dests" {
			d.dropName(k, in[k], where)
			continue
		}
		type entry struct {
			key []byte
			k   types.Object
			v   types.Object
		}
		var es []entry
		seen := map[string]bool{}
		d.nameTree(in[k], func(key []byte, ko types.Object, val types.Object) {
			if seen[string(key)] {
				return
			}
			seen[string(key)] = true
			if dst, ok := d.dest(val, where); ok {
				es = append(es, entry{key, ko, dst})
			}
		})
		sort.Slice(es, func(i, j int) bool { return bytes.Compare(es[i].key, es[j].key) < 0 })
		names := make(types.Array, 0, 2*len(es))
		for _, e := range es {
			names = append(names, e.k, e.v)
		}
		if len(names) > 0 {
			out[k] = types.Dict{"Names": names}
		}
	}
	return out, len(out) > 0
}

// maxTreeEntries bounds what one name or number tree yields.
const maxTreeEntries = 1 << 20

// nameTree calls fn for each leaf of a name tree: its key's bytes, the key
// object (a string, kept as written) and the value.
func (d *doc) nameTree(o types.Object, fn func(key []byte, k, val types.Object)) {
	seen := map[int]bool{}
	count := 0
	var walk func(o types.Object, depth int)
	walk = func(o types.Object, depth int) {
		node, n := d.resolveDict(o)
		if node == nil || depth > maxPageDepth || (n > 0 && seen[n]) {
			return
		}
		seen[n] = true
		if names, _ := d.resolveArray(node["Names"]); names != nil {
			for i := 0; i+1 < len(names) && count < maxTreeEntries; i += 2 {
				k, _ := d.resolve(names[i])
				key, ok := stringBytes(k)
				if !ok {
					continue
				}
				count++
				fn(key, k, names[i+1])
			}
		}
		kids, _ := d.resolveArray(node["Kids"])
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	walk(o, 0)
}

// numberTree calls fn for each leaf of a number tree.
func (d *doc) numberTree(o types.Object, fn func(key int, val types.Object)) {
	seen := map[int]bool{}
	count := 0
	var walk func(o types.Object, depth int)
	walk = func(o types.Object, depth int) {
		node, n := d.resolveDict(o)
		if node == nil || depth > maxPageDepth || (n > 0 && seen[n]) {
			return
		}
		seen[n] = true
		if nums, _ := d.resolveArray(node["Nums"]); nums != nil {
			for i := 0; i+1 < len(nums) && count < maxTreeEntries; i += 2 {
				k, _ := d.resolve(nums[i])
				key, ok := k.(types.Integer)
				if !ok {
					continue
				}
				count++
				fn(int(key), nums[i+1])
			}
		}
		kids, _ := d.resolveArray(node["Kids"])
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	walk(o, 0)
}

// flatNumbers writes number-tree entries as one flat tree, in key order.
func flatNumbers(m map[int]types.Object) types.Dict {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	nums := make(types.Array, 0, 2*len(keys))
	for _, k := range keys {
		nums = append(nums, types.Integer(k), m[k])
	}
	return types.Dict{"Nums": nums}
}

// pageLabels keeps the page labels (numbering styles and prefixes, which
// the reader sees).
func (d *doc) pageLabels(v types.Object) (types.Object, bool) {
	m := map[int]types.Object{}
	d.numberTree(v, func(key int, val types.Object) {
		in, _ := d.resolveDict(val)
		if in == nil {
			return
		}
		out := types.Dict{}
		for _, k := range []string{"Type", "S", "P", "St"} {
			if s, ok := d.simpleValue(in[k], 0); ok {
				out[k] = s
				if k == "P" {
					d.visibleString(s)
				}
			}
		}
		m[key] = out
	})
	if len(m) == 0 {
		return nil, false
	}
	return flatNumbers(m), true
}

// ---- actions ----

// keptActions are the actions that stay: they move through the document,
// open a web page or another document, or work a form. JavaScript, Launch
// (run a program), ImportData, multimedia and the rest go.
var keptActions = map[string]bool{
	"GoTo": true, "GoToR": true, "URI": true, "Named": true, "SubmitForm": true, "ResetForm": true,
	"Hide": true, "SetOCGState": true,
}

// actionKept reports whether an action stays, and records the removal of
// one that goes (once).
func (d *doc) actionKept(a types.Dict, n int) bool {
	s := d.name(a["S"])
	if keptActions[s] {
		if s == "GoTo" {
			_, alive := d.dest(a["D"], "")
			return alive
		}
		return true
	}
	if n > 0 {
		if d.noted[n] {
			return false
		}
		d.noted[n] = true
	}
	switch s {
	case "JavaScript":
		d.remove("document", "JavaScript action", d.text(a["JS"]), scrub.KindHidden, scrub.LabelMacros)
	case "Launch":
		target := d.text(a["F"])
		if target == "" {
			if win, _ := d.resolveDict(a["Win"]); win != nil {
				target = d.text(win["F"])
			}
		}
		d.remove("document", "Launch action (opens a file or program)", target, scrub.KindPath, scrub.LabelFilePath)
	case "ImportData":
		d.remove("document", "ImportData action", d.text(a["F"]), scrub.KindPath, scrub.LabelFilePath)
	case "Sound", "Movie", "Rendition", "GoTo3DView", "RichMediaExecute", "GoToE", "Trans", "Thread":
		d.remove("document", s+" action", "", scrub.KindAttachment, scrub.LabelEmbeddedObject)
	default:
		d.remove("document", "action", s, scrub.KindHidden, scrub.LabelMacros)
	}
	return false
}

// actionAlive reports whether a link's action still leads somewhere.
func (d *doc) actionAlive(a types.Dict, n int) bool {
	if !keptActions[d.name(a["S"])] {
		return true // the link stays, without its action
	}
	return d.actionKept(a, n)
}

// buildAction keeps an action's allowlisted keys, by its type.
func buildAction(d *doc, o types.Object, _ int, where string) types.Object {
	a, _ := o.(types.Dict)
	s := d.name(a["S"])
	out := types.Dict{"S": types.Name(s)}
	for _, k := range sortedKeys(a) {
		v := a[k]
		var val types.Object
		ok := false
		switch {
		case k == "S":
			continue
		case k == "Type":
			val, ok = d.simpleValue(v, 0)
		case k == "Next":
			val, ok = d.nextActions(v, where)
		case s == "GoTo" && k == "D":
			val, ok = d.dest(v, where)
		case s == "GoToR" && k == "F", s == "SubmitForm" && k == "F":
			val, ok = d.conv(v, roleFileSpec, where)
		case s == "GoToR" && (k == "D" || k == "NewWindow"):
			val, ok = d.simpleValue(v, 0)
		case s == "URI" && k == "URI":
			val, ok = d.uri(v, where)
		case s == "URI" && k == "IsMap", s == "Named" && k == "N":
			val, ok = d.simpleValue(v, 0)
		case (s == "SubmitForm" || s == "ResetForm") && k == "Fields", s == "Hide" && k == "T":
			val, ok = d.fieldTargets(v, where)
		case (s == "SubmitForm" || s == "ResetForm") && k == "Flags", s == "SubmitForm" && k == "CharSet",
			s == "Hide" && k == "H", s == "SetOCGState" && k == "PreserveRB":
			val, ok = d.simpleValue(v, 0)
		case s == "SetOCGState" && k == "State":
			val, ok = d.ocState(v, where)
		default:
			d.dropKey(k, v, where)
			continue
		}
		if ok && val != nil {
			out[k] = val
		}
	}
	if s == "SubmitForm" {
		d.reportAll(where, "form submission targets", d.text(a["F"]), reportLink)
	}
	return out
}

// nextActions keeps the actions that follow an action and stay.
func (d *doc) nextActions(v types.Object, where string) (types.Object, bool) {
	if arr, _ := d.resolveArray(v); arr != nil {
		out := types.Array{}
		for _, e := range arr {
			if a, ok := d.conv(e, roleAction, where); ok {
				out = append(out, a)
			}
		}
		return out, len(out) > 0
	}
	return d.conv(v, roleAction, where)
}

// fieldTargets keeps the fields (by name, or kept fields and annotations
// by reference) an action works on.
func (d *doc) fieldTargets(v types.Object, where string) (types.Object, bool) {
	one := func(e types.Object) (types.Object, bool) {
		if o, _ := d.resolve(e); o != nil {
			if _, ok := stringBytes(o); ok {
				return o, true
			}
		}
		_, n := d.resolve(e)
		if n == 0 {
			return nil, false
		}
		if w, _ := d.resolveDict(e); w != nil && w["Subtype"] != nil {
			return d.refTo(n, roleAnnot, where)
		}
		return d.refTo(n, roleField, where)
	}
	if arr, _ := d.resolveArray(v); arr != nil {
		out := types.Array{}
		for _, e := range arr {
			if o, ok := one(e); ok {
				out = append(out, o)
			}
		}
		return out, true
	}
	return one(v)
}

// ocState keeps a SetOCGState's /State: names (ON, OFF, Toggle) and OCGs.
func (d *doc) ocState(v types.Object, where string) (types.Object, bool) {
	arr, _ := d.resolveArray(v)
	if arr == nil {
		return nil, false
	}
	out := types.Array{}
	for _, e := range arr {
		if o, _ := d.resolve(e); o != nil {
			if n, ok := o.(types.Name); ok {
				out = append(out, n)
				continue
			}
		}
		if g, ok := d.conv(e, roleOCG, where); ok {
			out = append(out, g)
		}
	}
	return out, true
}

// uri keeps a link's URI. A local file (file:///C:/Users/…, a drive or
// home path) keeps only its name: the folders name the sender. Web and
// mail addresses stay and are reported.
func (d *doc) uri(v types.Object, where string) (types.Object, bool) {
	o, _ := d.simpleValue(v, 0)
	b, ok := stringBytes(o)
	if !ok {
		return nil, false
	}
	s := string(b)
	if base, local := localFile(s); local {
		d.remove(where, "folders of a linked local file", s, scrub.KindPath, scrub.LabelFilePath)
		if base == "" {
			return nil, false
		}
		out := literal([]byte(base))
		d.visibleString(out)
		d.reportAll(where, "link targets", base, reportLink)
		return out, true
	}
	d.visibleString(o)
	d.reportAll(where, "link targets", s, reportLink)
	return o, true
}

// uriBase keeps the document's base URI unless it is a local folder.
var uriBase conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	o, _ := d.simpleValue(v, 0)
	b, ok := stringBytes(o)
	if !ok {
		return nil, false
	}
	if _, local := localFile(string(b)); local {
		d.remove(where, "base of relative links (URI /Base)", string(b), scrub.KindPath, scrub.LabelFilePath)
		return nil, false
	}
	d.visibleString(o)
	d.reportAll(where, "link targets", string(b), reportLink)
	return o, true
}

// buildFileSpec keeps a file specification that names another document
// (GoToR, SubmitForm): its name without folders, or a URL. What it embeds
// goes.
func buildFileSpec(d *doc, o types.Object, _ int, where string) types.Object {
	name := func(v types.Object) types.Object {
		b, ok := stringBytes(v)
		if !ok {
			return nil
		}
		s := decodeText(b)
		if base, local := localFile(s); local {
			d.remove(where, "folders of a linked file", s, scrub.KindPath, scrub.LabelFilePath)
			s = base
		}
		d.reportAll(where, "links to other files", s, reportLink)
		out := textString(s)
		d.visibleString(out)
		return out
	}
	switch t := o.(type) {
	case types.StringLiteral, types.HexLiteral:
		return name(t)
	case types.Dict:
		out := types.Dict{}
		for _, k := range sortedKeys(t) {
			v, _ := d.resolve(t[k])
			switch k {
			case "Type", "FS":
				if s, ok := d.simpleValue(v, 0); ok {
					out[k] = s
				}
			case "F", "UF", "Unix", "DOS", "Mac":
				if n := name(v); n != nil {
					out[k] = n
				}
			default:
				d.dropKey(k, t[k], where)
			}
		}
		return out
	}
	return nil
}

// ---- outlines ----

type outlineItem struct {
	dict types.Dict
	n    int
	kids []*outlineItem
	open bool
	out  int
}

// maxOutlineItems bounds the outline.
const maxOutlineItems = 1 << 20

// outlines rebuilds the outline (bookmarks): items that lead to a page
// that is not in the document go (their title may name what was
// deleted), their sub-items move up; the links between items and the
// counts are written anew.
func (d *doc) outlines(v types.Object) (types.Object, bool) {
	top, topN := d.resolveDict(v)
	if top == nil {
		return nil, false
	}
	seen := map[int]bool{}
	var collect func(o types.Object, depth int) []*outlineItem
	collect = func(o types.Object, depth int) []*outlineItem {
		var list []*outlineItem
		for o != nil && depth < maxPageDepth && len(seen) < maxOutlineItems {
			item, n := d.resolveDict(o)
			if item == nil || n == 0 || seen[n] {
				break
			}
			seen[n] = true
			kids := collect(item["First"], depth+1)
			if d.outlineDead(item) {
				d.remove("document", "bookmark to a page that is not in the document", d.text(item["Title"]), scrub.KindEditHistory, scrub.LabelOutline)
				list = append(list, kids...)
			} else {
				c, _ := d.resolve(item["Count"])
				cnt, _ := c.(types.Integer)
				list = append(list, &outlineItem{dict: item, n: n, kids: kids, open: cnt > 0})
			}
			o = item["Next"]
		}
		return list
	}
	items := collect(top["First"], 0)
	if len(items) == 0 {
		return nil, false
	}
	root := d.alloc(outKey{topN, roleNone})
	var number func(list []*outlineItem)
	number = func(list []*outlineItem) {
		for _, it := range list {
			it.out = d.alloc(outKey{})
			number(it.kids)
		}
	}
	number(items)
	var visible func(it *outlineItem) int
	visible = func(it *outlineItem) int {
		n := len(it.kids)
		for _, k := range it.kids {
			if k.open {
				n += visible(k)
			}
		}
		return n
	}
	var build func(list []*outlineItem, parent int)
	build = func(list []*outlineItem, parent int) {
		for i, it := range list {
			out := types.Dict{"Parent": ref(parent)}
			if i > 0 {
				out["Prev"] = ref(list[i-1].out)
			}
			if i+1 < len(list) {
				out["Next"] = ref(list[i+1].out)
			}
			if len(it.kids) > 0 {
				out["First"] = ref(it.kids[0].out)
				out["Last"] = ref(it.kids[len(it.kids)-1].out)
				c := visible(it)
				if !it.open {
					c = -c
				}
				out["Count"] = types.Integer(c)
			}
			for _, k := range sortedKeys(it.dict) {
				v := it.dict[k]
				var val types.Object
				ok := false
				switch k {
				case "Parent", "Prev", "Next", "First", "Last", "Count":
					continue
				case "Title":
					val, ok = d.simpleValue(v, 0)
					if ok {
						d.visibleString(val)
						d.reportAll("document", "outline titles", d.text(val), reportOutline)
					}
				case "Dest":
					val, ok = d.dest(v, "document")
				case "A":
					val, ok = d.conv(v, roleAction, "document")
				case "SE":
					val, ok = d.conv(v, roleStructElem, "document")
				case "C", "F":
					val, ok = d.simpleValue(v, 0)
				default:
					d.dropKey(k, v, "document")
					continue
				}
				if ok && val != nil {
					out[k] = val
				}
			}
			d.out[it.out-1] = out
			build(it.kids, it.out)
		}
	}
	build(items, root)
	total := len(items)
	for _, it := range items {
		if it.open {
			total += visible(it)
		}
	}
	d.out[root-1] = types.Dict{"Type": types.Name("Outlines"), "First": ref(items[0].out),
		"Last": ref(items[len(items)-1].out), "Count": types.Integer(total)}
	return ref(root), true
}

// outlineDead reports whether an outline item leads to a page that is not
// in the document.
func (d *doc) outlineDead(item types.Dict) bool {
	if v, ok := item["Dest"]; ok {
		_, alive := d.dest(v, "")
		return !alive
	}
	if a, _ := d.resolveDict(item["A"]); a != nil && d.name(a["S"]) == "GoTo" {
		_, alive := d.dest(a["D"], "")
		return !alive
	}
	return false
}
