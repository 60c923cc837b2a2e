package pdf

import (
	"sort"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// The structure tree (tagged PDF, ISO 32000-1 §14.7) describes the
// document's logical structure for screen readers and reflow. Its
// elements point at content on pages (/Pg, marked-content ids, object
// references), and may outlive the pages: a page deleted from the page
// tree can still be referenced from the structure tree, with the
// /ActualText and /Alt of what it held. The rebuilt tree keeps only the
// elements that lead to content on a page of the document, with their
// standard keys.

// structPass decides which structure elements stay: those with content on
// a page of the document (or an element that does), and elements without
// content that belong to such a page.
func (d *doc) structPass(root types.Dict) {
	sr, _ := d.resolveDict(root["StructTreeRoot"])
	if sr == nil {
		return
	}
	for _, k := range d.kidList(sr["K"]) {
		_, n := d.resolve(k)
		if n > 0 {
			if _, ok := d.structParent[n]; !ok {
				d.structParent[n] = -1
			}
		}
		d.structDecide(k, 0, 0, true)
	}
}

// kidList returns the kids of a /K value: one kid or an array of them.
func (d *doc) kidList(v types.Object) []types.Object {
	if v == nil {
		return nil
	}
	if a, _ := d.resolveArray(v); a != nil {
		return a
	}
	return []types.Object{v}
}

func (d *doc) pageKept(n int) bool { _, ok := d.pages[n]; return ok }

// kidKind tells marked-content references, object references and
// elements apart.
func (d *doc) kidKind(k types.Dict) string {
	switch d.name(k["Type"]) {
	case "MCR":
		return "MCR"
	case "OBJR":
		return "OBJR"
	case "Page", "Pages":
		return "page"
	}
	if _, ok := k["S"]; ok {
		return "elem"
	}
	if _, ok := k["MCID"]; ok {
		return "MCR"
	}
	if _, ok := k["Obj"]; ok {
		return "OBJR"
	}
	return ""
}

// structDecide decides whether the element o stays (see structPass); pg
// is the page it inherits. With note, an element that goes is recorded.
func (d *doc) structDecide(o types.Object, pg, depth int, note bool) bool {
	e, n := d.resolveDict(o)
	if e == nil || depth > maxNesting || d.kidKind(e) != "elem" {
		return false
	}
	if n > 0 {
		if v, ok := d.structDecided[n]; ok {
			return v
		}
		d.structDecided[n] = false // a loop comes back as "goes"
	}
	if p, ok := e["Pg"]; ok {
		_, pg = d.resolve(p)
	}
	if n > 0 {
		d.structPg[n] = pg
	}
	kept, hasKids := false, false
	for _, k := range d.kidList(e["K"]) {
		hasKids = true
		if d.structKidKept(k, pg, n, depth, note) {
			kept = true
		}
	}
	if !hasKids {
		kept = pg > 0 && d.pageKept(pg)
	}
	if n > 0 {
		d.structDecided[n] = kept
	}
	if !kept && note {
		for _, k := range []string{"ActualText", "Alt", "E", "T"} {
			if s := d.text(e[k]); s != "" {
				d.remove("structure tree", "text of content that is not in the document ("+k+")", s, scrub.KindEditHistory, scrub.LabelEarlierVersion)
			}
		}
		if pg > 0 && !d.pageKept(pg) && !d.notedPage[pg] {
			d.notedPage[pg] = true
			d.remove("structure tree", "a page deleted from the document but still described in the structure tree", "", scrub.KindEditHistory, scrub.LabelEarlierVersion)
		}
	}
	return kept
}

// structKidKept decides one kid of an element (parent, object n).
func (d *doc) structKidKept(k types.Object, pg, parent, depth int, note bool) bool {
	v, kn := d.resolve(k)
	switch t := v.(type) {
	case types.Integer:
		return pg > 0 && d.pageKept(pg)
	case types.Dict:
		switch d.kidKind(t) {
		case "MCR":
			kp := pg
			if p, ok := t["Pg"]; ok {
				_, kp = d.resolve(p)
			}
			return kp > 0 && d.pageKept(kp)
		case "OBJR":
			return d.objrKept(t, pg)
		case "elem":
			if kn > 0 {
				if _, ok := d.structParent[kn]; !ok {
					d.structParent[kn] = parent
				}
			}
			return d.structDecide(k, pg, depth+1, note)
		}
	}
	return false
}

// objrKept reports whether an object reference's object stays: an
// annotation a page keeps, or an XObject on a page of the document.
func (d *doc) objrKept(r types.Dict, pg int) bool {
	if p, ok := r["Pg"]; ok {
		_, pg = d.resolve(p)
	}
	o, n := d.resolve(r["Obj"])
	if n == 0 {
		return false
	}
	switch t := o.(type) {
	case types.Dict:
		if d.kidKind(t) == "page" {
			return false
		}
		kept, isAnnot := d.annotKept[n]
		return isAnnot && kept
	case types.StreamDict:
		return pg > 0 && d.pageKept(pg)
	}
	return false
}

func (d *doc) structKept(_ types.Dict, n int) bool { return n > 0 && d.structDecided[n] }

var structKeys = map[string]conv{
	"Type": S, "S": S, "ID": S, "C": S, "R": S, "Lang": S, "PhoneticAlphabet": S, "Pg": pageConv,
	"T": altText, "Alt": altText, "E": altText, "ActualText": altText, "Phoneme": altText,
	"Ref": arrayOf(roleStructElem), "A": attributeList,
}

// buildStructElem keeps a structure element's standard keys, its parent
// and its kids that stay. /Info (the document information of a /Part's
// source document) and any other key go.
func buildStructElem(d *doc, o types.Object, n int, where string) types.Object {
	e, _ := o.(types.Dict)
	pg := d.structPg[n]
	out := types.Dict{}
	switch p := d.structParent[n]; {
	case p < 0 && d.structRootOut > 0:
		out["P"] = ref(d.structRootOut)
	case p > 0:
		if r, ok := d.refTo(p, roleStructElem, where); ok {
			out["P"] = r
		}
	}
	for _, k := range sortedKeys(e) {
		v := e[k]
		switch k {
		case "P":
			continue
		case "K":
			if kids := d.structKids(v, pg, n, where); len(kids) > 0 {
				if len(kids) == 1 {
					out[k] = kids[0]
				} else {
					out[k] = kids
				}
			}
			continue
		case "Info":
			d.infoDict(v, "structure tree (Part element)")
			continue
		}
		c, ok := structKeys[k]
		if !ok {
			d.dropKey(k, v, where)
			continue
		}
		if val, ok := c(d, v, where); ok && val != nil {
			out[k] = val
		}
	}
	return out
}

// structKids keeps the kids of element n that stay.
func (d *doc) structKids(v types.Object, pg, n int, where string) types.Array {
	var out types.Array
	for _, k := range d.kidList(v) {
		if !d.structKidKept(k, pg, n, 0, false) {
			continue
		}
		o, kn := d.resolve(k)
		switch t := o.(type) {
		case types.Integer:
			out = append(out, t)
		case types.Dict:
			switch d.kidKind(t) {
			case "MCR":
				mcr := types.Dict{}
				for _, key := range sortedKeys(t) {
					switch key {
					case "Type", "MCID":
						if s, ok := d.simpleValue(t[key], 0); ok {
							mcr[key] = s
						}
					case "Pg":
						if p, ok := d.pageRef(t[key]); ok {
							mcr[key] = p
						}
					case "Stm":
						if s, ok := d.markedStream(t[key], where); ok {
							mcr[key] = s
						}
					case "StmOwn":
						if s, ok := d.conv(t[key], roleAnnot, where); ok {
							mcr[key] = s
						}
					default:
						d.dropKey(key, t[key], where)
					}
				}
				out = append(out, mcr)
			case "OBJR":
				objr := types.Dict{"Type": types.Name("OBJR")}
				if p, ok := t["Pg"]; ok {
					if r, ok := d.pageRef(p); ok {
						objr["Pg"] = r
					}
				}
				obj, on := d.resolve(t["Obj"])
				var r types.Object
				ok := false
				if _, isStream := obj.(types.StreamDict); isStream {
					r, ok = d.refTo(on, roleXObject, where)
				} else {
					r, ok = d.refTo(on, roleAnnot, where)
				}
				if !ok {
					continue
				}
				objr["Obj"] = r
				out = append(out, objr)
			case "elem":
				if kn == 0 {
					continue // an element must be an object of its own (§14.7.2)
				}
				if r, ok := d.refTo(kn, roleStructElem, where); ok {
					out = append(out, r)
				}
			}
		}
	}
	return out
}

// markedStream keeps the content stream a marked-content reference
// points into: a form XObject, or a page's content stream.
func (d *doc) markedStream(v types.Object, where string) (types.Object, bool) {
	o, _ := d.resolve(v)
	sd, ok := o.(types.StreamDict)
	if !ok {
		return nil, false
	}
	if d.name(sd.Dict["Subtype"]) == "Form" {
		return d.conv(v, roleForm, where)
	}
	return d.conv(v, roleContent, where)
}

// structRoot rebuilds the structure tree root: its kids that stay, the
// parent tree and the id tree mapping to elements that stay, the role and
// class maps.
func (d *doc) structRoot(v types.Object) (types.Object, bool) {
	sr, srN := d.resolveDict(v)
	if sr == nil {
		return nil, false
	}
	const where = "structure tree"
	var kids types.Array
	rootOut := d.alloc(outKey{srN, roleNone})
	d.structRootOut = rootOut
	for _, k := range d.kidList(sr["K"]) {
		if r, ok := d.conv(k, roleStructElem, where); ok {
			kids = append(kids, r)
		}
	}
	out := types.Dict{"Type": types.Name("StructTreeRoot")}
	switch len(kids) {
	case 0:
	case 1:
		out["K"] = kids[0]
	default:
		out["K"] = kids
	}
	for _, k := range sortedKeys(sr) {
		val := sr[k]
		switch k {
		case "Type", "K":
		case "ParentTree":
			m := map[int]types.Object{}
			d.numberTree(val, func(key int, e types.Object) {
				if arr, _ := d.resolveArray(e); arr != nil {
					list := make(types.Array, len(arr))
					any := false
					for i, x := range arr {
						if r, ok := d.conv(x, roleStructElem, where); ok {
							list[i], any = r, true
						}
					}
					if any {
						m[key] = list
					}
					return
				}
				if r, ok := d.conv(e, roleStructElem, where); ok {
					m[key] = r
				}
			})
			out[k] = flatNumbers(m)
		case "ParentTreeNextKey":
			if s, ok := d.simpleValue(val, 0); ok {
				out[k] = s
			}
		case "IDTree":
			var names types.Array
			d.nameTree(val, func(_ []byte, key, e types.Object) {
				if r, ok := d.conv(e, roleStructElem, where); ok {
					names = append(names, key, r)
				}
			})
			if len(names) > 0 {
				out[k] = types.Dict{"Names": sortNames(names)}
			}
		case "RoleMap":
			if s, ok := simpleDict(d, val, where); ok {
				out[k] = s
			}
		case "ClassMap":
			in, _ := d.resolveDict(val)
			cm := types.Dict{}
			for _, c := range sortedKeys(in) {
				if a, ok := attributeList(d, in[c], where); ok {
					cm[c] = a
				}
			}
			out[k] = cm
		default:
			d.dropKey(k, val, where)
		}
	}
	d.out[rootOut-1] = out
	return ref(rootOut), true
}

// sortNames sorts a flat name tree's key/value pairs by key.
func sortNames(pairs types.Array) types.Array {
	type kv struct {
		key  []byte
		k, v types.Object
	}
	var list []kv
	for i := 0; i+1 < len(pairs); i += 2 {
		b, _ := stringBytes(pairs[i])
		list = append(list, kv{b, pairs[i], pairs[i+1]})
	}
	sort.SliceStable(list, func(i, j int) bool { return string(list[i].key) < string(list[j].key) })
	out := make(types.Array, 0, len(pairs))
	for _, e := range list {
		out = append(out, e.k, e.v)
	}
	return out
}

// standardOwners are the attribute owners of ISO 32000-1 §14.7.6 and
// ISO 32000-2 §14.7.6: their attributes describe layout, lists, tables
// and the like. /UserProperties (arbitrary name/value pairs a program
// attached) and unknown owners go.
var standardOwners = map[string]bool{
	"Layout": true, "List": true, "PrintField": true, "Table": true, "Artifact": true, "XML-1.00": true,
	"HTML-3.20": true, "HTML-4.01": true, "HTML-5.00": true, "OEB-1.00": true, "RTF-1.05": true,
	"CSS-1.00": true, "CSS-2.00": true, "CSS-3.00": true, "RDFa-1.10": true, "ARIA-1.1": true, "NSO": true,
}

// attributeList keeps an element's /A (or a class's attributes): one
// attribute object, or an array of them, each followed by an optional
// revision number.
var attributeList conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	one := func(e types.Object) (types.Object, bool) {
		a, _ := d.resolveDict(e)
		if a == nil {
			return nil, false
		}
		owner := d.name(a["O"])
		if !standardOwners[owner] {
			if owner == "UserProperties" {
				props, _ := d.resolveArray(a["P"])
				for _, p := range props {
					if pd, _ := d.resolveDict(p); pd != nil {
						d.remove(where, "user property "+d.text(pd["N"]), d.text(pd["V"]), scrub.KindOther, scrub.LabelCustom)
					}
				}
				if len(props) == 0 {
					d.remove(where, "user properties", "", scrub.KindOther, scrub.LabelCustom)
				}
			} else {
				d.removeAll(where, "structure attributes of "+owner, owner, false)
			}
			return nil, false
		}
		return d.conv(e, roleAttributes, where)
	}
	if arr, _ := d.resolveArray(v); arr != nil {
		out := types.Array{}
		dropped := false
		for _, e := range arr {
			if o, _ := d.resolve(e); o != nil {
				if i, ok := o.(types.Integer); ok {
					if !dropped && len(out) > 0 {
						out = append(out, i)
					}
					continue
				}
			}
			a, ok := one(e)
			dropped = !ok
			if ok {
				out = append(out, a)
			}
		}
		return out, len(out) > 0
	}
	return one(v)
}

// buildAttributes keeps an attribute object of a standard owner: its
// simple values.
func buildAttributes(d *doc, o types.Object, _ int, where string) types.Object {
	var a types.Dict
	switch t := o.(type) {
	case types.Dict:
		a = t
	case types.StreamDict:
		a = t.Dict
	}
	out := types.Dict{}
	for _, k := range sortedKeys(a) {
		if s, ok := d.simpleValue(a[k], 0); ok {
			out[k] = s
		} else if k != "Length" {
			d.dropKey(k, a[k], where)
		}
	}
	return out
}
