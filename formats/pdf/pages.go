package pdf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// ---- the page tree ----

// maxPageDepth bounds the page tree's depth (real trees are a few levels
// deep; a loop is caught by the visited set).
const maxPageDepth = 64

// pageTree numbers the document's pages and writes the tree's nodes: every
// node is rebuilt with its kids that are pages or nodes (each page once),
// its /Count recomputed and its /Parent set to where it really hangs. It
// decides which annotations of each page stay.
func (d *doc) pageTree(root types.Dict) {
	seen := map[int]bool{}
	count := 0
	var node func(o types.Object, parent, depth int, inh inherited) int
	node = func(o types.Object, parent, depth int, inh inherited) int {
		dict, n := d.resolveDict(o)
		if dict == nil || depth > maxPageDepth || (n > 0 && seen[n]) {
			return 0
		}
		if _, isStream := d.object(n).(types.StreamDict); isStream && n > 0 {
			return 0
		}
		if n > 0 {
			seen[n] = true
		}
		typ := d.name(dict["Type"])
		if typ != "" && typ != "Page" && typ != "Pages" {
			return 0
		}
		if _, ok := dict["Kids"]; ok && typ != "Page" {
			out := d.alloc(outKey{n, rolePagesNode})
			kids, _ := d.resolveArray(dict["Kids"])
			var outKids types.Array
			before := count
			inh = inh.from(dict)
			for _, k := range kids {
				if c := node(k, out, depth+1, inh); c > 0 {
					outKids = append(outKids, ref(c))
				}
			}
			nd := types.Dict{"Type": types.Name("Pages"), "Kids": outKids, "Count": types.Integer(count - before)}
			if parent > 0 {
				nd["Parent"] = ref(parent)
			}
			for _, k := range sortedKeys(dict) {
				switch k {
				case "Type", "Kids", "Count", "Parent":
				case "Resources":
					if v, ok := d.conv(dict[k], roleResources, "document"); ok {
						nd[k] = v
					}
				case "MediaBox", "CropBox", "Rotate":
					if v, ok := d.simpleValue(dict[k], 0); ok {
						nd[k] = v
					}
				default:
					d.dropKey(k, dict[k], "page tree")
				}
			}
			d.out[out-1] = nd
			return out
		}
		count++
		where := fmt.Sprintf("page %d", count)
		out := d.alloc(outKey{n, rolePage})
		d.pageParent[out] = parent
		d.pageWhere[out] = where
		if n > 0 {
			d.pages[n] = out
			d.queue = append(d.queue, queued{n, rolePage, out, where})
		} else {
			d.direct = append(d.direct, directPage{dict, out, where})
		}
		d.annotPass(dict, where)
		d.pageList = append(d.pageList, pageEntry{dict: dict, num: n, where: where, inh: inh.from(dict)})
		return out
	}
	rootOut := 0
	if top, _ := d.resolveDict(root["Pages"]); top != nil && top["Kids"] != nil && d.name(top["Type"]) != "Page" {
		rootOut = node(root["Pages"], 0, 0, inherited{})
	}
	if rootOut == 0 {
		// No page tree, or a single page where the root should be: a
		// root node is made (first, as a second cleaning will find it)
		// to hold what there is.
		n := d.alloc(outKey{})
		nd := types.Dict{"Type": types.Name("Pages"), "Kids": types.Array{}, "Count": types.Integer(0)}
		if page := node(root["Pages"], n, 0, inherited{}); page > 0 {
			nd["Kids"] = types.Array{ref(page)}
			nd["Count"] = types.Integer(count)
		}
		d.out[n-1] = nd
		rootOut = n
	}
	d.pagesRoot = rootOut
	d.pageCount = count
}

// inherited are the page attributes a page takes from its ancestors in
// the page tree when it does not set them (ISO 32000-1 §7.7.3.4).
type inherited struct {
	resources, mediaBox, cropBox types.Object
}

func (i inherited) from(dict types.Dict) inherited {
	if v, ok := dict["Resources"]; ok {
		i.resources = v
	}
	if v, ok := dict["MediaBox"]; ok {
		i.mediaBox = v
	}
	if v, ok := dict["CropBox"]; ok {
		i.cropBox = v
	}
	return i
}

// pageEntry is a page of the document, in order, with what it inherits.
type pageEntry struct {
	dict  types.Dict
	num   int // object number (0: a direct object)
	where string
	inh   inherited
}

type directPage struct {
	dict  types.Dict
	out   int
	where string
}

var pageKeys = map[string]conv{
	"Type": S, "Resources": to(roleResources), "MediaBox": S, "CropBox": S, "BleedBox": S, "TrimBox": S,
	"ArtBox": S, "BoxColorInfo": boxColorInfo, "Contents": contents, "Rotate": S, "Group": to(roleGroup),
	"StructParents": S, "Tabs": S, "UserUnit": S, "Dur": S, "Trans": simpleDict, "PZ": S,
	"OutputIntents": arrayOf(roleOutputIntent),
}

// buildPage keeps a page's allowlisted keys, its content streams and the
// annotations that stay. Its /Parent is the node the page tree walk found
// it under.
func buildPage(d *doc, o types.Object, n int, where string) types.Object {
	dict, _ := o.(types.Dict)
	out := d.outNum[outKey{n, rolePage}]
	return d.buildPageDict(dict, out, where)
}

func (d *doc) buildPageDict(dict types.Dict, out int, where string) types.Dict {
	page := types.Dict{"Type": types.Name("Page")}
	for _, k := range sortedKeys(dict) {
		v := dict[k]
		switch k {
		case "Parent", "Type":
			continue
		case "Annots":
			if a := d.pageAnnots(v, where); len(a) > 0 {
				page[k] = a
			}
			continue
		case "Contents":
			d.overlay(page, where, func() {
				if o, ok := contents(d, v, where); ok && o != nil {
					page[k] = o
				}
			})
			continue
		}
		c, ok := pageKeys[k]
		if !ok {
			d.dropKey(k, v, where)
			continue
		}
		if o, ok := c(d, v, where); ok && o != nil {
			page[k] = o
		}
	}
	if p := d.pageParent[out]; p > 0 {
		page["Parent"] = ref(p)
	}
	if _, ok := dict["Contents"]; !ok {
		d.overlay(page, where, func() {})
	}
	return page
}

var boxColorInfo conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	in, _ := d.resolveDict(v)
	if in == nil {
		return nil, false
	}
	out := types.Dict{}
	for _, k := range sortedKeys(in) {
		if s, ok := simpleDict(d, in[k], where); ok {
			out[k] = s
		}
	}
	return out, true
}

// contents keeps a page's /Contents: one content stream or an array of
// them.
var contents conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	if a, _ := d.resolveArray(v); a != nil {
		out := make(types.Array, 0, len(a))
		for _, e := range a {
			if c, ok := d.conv(e, roleContent, where); ok {
				out = append(out, c)
			}
		}
		return out, true
	}
	return d.conv(v, roleContent, where)
}

// pageRef keeps a reference to a page that is in the page tree.
func (d *doc) pageRef(v types.Object) (types.Object, bool) {
	r, ok := v.(types.IndirectRef)
	if !ok {
		return nil, false
	}
	out, ok := d.pages[d.follow(r.ObjectNumber.Value())]
	if !ok {
		return nil, false
	}
	return ref(out), true
}

var pageConv conv = func(d *doc, v types.Object, _ string) (types.Object, bool) { return d.pageRef(v) }

// ---- annotations ----

// The kinds of annotations (ISO 32000-2 §12.5.6), and what cleaning does
// with each: see the package comment.
var (
	// keptAnnots print as part of the page or make it work; they stay
	// with their appearance, without their authors, dates and ids.
	keptAnnots = map[string]bool{
		"Link": true, "Widget": true, "FreeText": true, "Stamp": true, "Ink": true, "Square": true,
		"Circle": true, "Line": true, "Polygon": true, "PolyLine": true, "Highlight": true, "Underline": true,
		"StrikeOut": true, "Squiggly": true, "Redact": true, "Watermark": true, "PrinterMark": true,
	}
	// markupAnnots carry a review note (/Contents shown in a pop-up),
	// except FreeText, whose /Contents is the text on the page.
	markupAnnots = map[string]bool{
		"FreeText": true, "Stamp": true, "Ink": true, "Square": true, "Circle": true, "Line": true,
		"Polygon": true, "PolyLine": true, "Highlight": true, "Underline": true, "StrikeOut": true,
		"Squiggly": true, "Redact": true, "Text": true, "Caret": true, "FileAttachment": true, "Sound": true,
	}
)

// annotPass decides which annotations of a page stay, and records the
// removal of the others.
func (d *doc) annotPass(page types.Dict, where string) {
	arr, _ := d.resolveArray(page["Annots"])
	for _, el := range arr {
		a, n := d.resolveDict(el)
		if a == nil {
			continue
		}
		if n == 0 {
			d.annotVerdict(a, where, true)
			continue
		}
		if _, seen := d.annotKept[n]; seen {
			continue
		}
		d.annotKept[n] = d.annotVerdict(a, where, true)
		d.annotPage[n] = where
	}
}

// annotVerdict says whether an annotation stays; with note it records
// the removal.
func (d *doc) annotVerdict(a types.Dict, where string, note bool) bool {
	st := d.name(a["Subtype"])
	keep := keptAnnots[st]
	if st == "Link" && !d.linkWorks(a) {
		keep = false
	}
	if st == "Redact" && d.env.Policy.Redactions != scrub.RedactReport {
		// Removed, or applied: the hidden-content analysis names
		// what the mark was over (and refuses a mark it cannot apply).
		return false
	}
	if keep || !note {
		return keep
	}
	field := st + " annotation"
	if st == "" {
		field = "annotation"
	}
	switch st {
	case "Popup":
		// Its text is its parent's.
		return false
	case "Link":
		d.removeMinor(where, "link to a page that is not in the document", d.text(a["Dest"]), scrub.KindOther, scrub.LabelLink)
		return false
	}
	if t := d.text(a["T"]); t != "" {
		d.remove(where, field+" author (T)", t, scrub.KindPerson, scrub.LabelCommentAuthor)
	}
	c := d.text(a["Contents"])
	if c == "" {
		c = d.text(a["RC"])
	}
	d.remove(where, field, c, scrub.KindComment, scrub.LabelComment)
	if st == "FileAttachment" {
		if fs, _ := d.resolveDict(a["FS"]); fs != nil {
			d.remove(where, "attachment", d.fileName(fs), scrub.KindAttachment, scrub.LabelAttachment)
		}
	}
	return false
}

// linkWorks reports whether a link still goes somewhere: a link to a page
// that is not in the document goes with it.
func (d *doc) linkWorks(a types.Dict) bool {
	if v, ok := a["Dest"]; ok {
		_, alive := d.dest(v, "")
		return alive
	}
	if act, n := d.resolveDict(a["A"]); act != nil {
		return d.actionAlive(act, n)
	}
	return true
}

// keepAnnot is the check for an annotation referenced from elsewhere (the
// structure tree, a field's kids): it stays only if a page keeps it.
func (d *doc) keepAnnot(a types.Dict, n int) bool {
	if n == 0 {
		return d.annotVerdict(a, "", false)
	}
	return d.annotKept[n]
}

// pageAnnots keeps the annotations of a page that stay.
func (d *doc) pageAnnots(v types.Object, where string) types.Array {
	arr, _ := d.resolveArray(v)
	var out types.Array
	for _, el := range arr {
		if o, ok := d.conv(el, roleAnnot, where); ok {
			out = append(out, o)
		}
	}
	return out
}

// annotKeys are the keys kept on the annotations that stay.
var annotKeys = map[string]conv{
	"Type": S, "Subtype": S, "Rect": S, "P": pageConv, "AP": to(roleAppearance), "AS": S, "F": S, "Border": S,
	"C": S, "StructParent": S, "OC": to(roleOC), "BS": simpleDict, "BE": simpleDict, "IC": S, "RD": S, "Q": S,
	"DA": S, "DS": S, "CA": S, "ca": S, "BM": S, "LE": S, "L": S, "LL": S, "LLE": S, "LLO": S, "Cap": S, "CO": S,
	"CP": S, "IT": S, "CL": S, "Vertices": S, "InkList": S, "Path": S, "QuadPoints": S, "Name": S, "H": S,
	"Dest": destConv, "A": to(roleAction), "PA": to(roleAction), "MK": to(roleMK), "OverlayText": visibleText,
	"Repeat": S, "RO": to(roleForm), "FixedPrint": simpleDict, "Lang": S,
}

// fieldKeys are the keys of form fields (kept on fields, and on widgets
// merged with their field).
var fieldKeys = map[string]conv{
	"FT": S, "Parent": to(roleField), "Kids": fieldKids, "T": S, "TU": altText, "TM": S, "Ff": S,
	"V": fieldValue, "DV": S, "DA": S, "Q": S, "DS": S, "RV": fieldValue, "Opt": S, "TI": S, "I": S,
	"MaxLen": S, "Lock": simpleDict, "SV": simpleDict,
}

// annotFindings names what goes from an annotation that stays.
var annotFindings = map[string]struct {
	field string
	kind  scrub.Kind
	label scrub.Label
}{
	"T":            {"annotation author (T)", scrub.KindPerson, scrub.LabelCommentAuthor},
	"M":            {"annotation date (M)", scrub.KindTime, scrub.LabelModified},
	"CreationDate": {"annotation date (CreationDate)", scrub.KindTime, scrub.LabelCreated},
	"NM":           {"annotation id (NM)", scrub.KindEditHistory, scrub.LabelDocumentID},
	"RC":           {"annotation rich text (RC)", scrub.KindComment, scrub.LabelComment},
	"Subj":         {"annotation subject (Subj)", scrub.KindComment, scrub.LabelComment},
	"Popup":        {"annotation pop-up note", scrub.KindComment, scrub.LabelComment},
	"IRT":          {"reply to another annotation (IRT)", scrub.KindComment, scrub.LabelComment},
	"RT":           {"annotation reply type (RT)", scrub.KindComment, scrub.LabelComment},
	"StateModel":   {"review state model", scrub.KindComment, scrub.LabelComment},
	"State":        {"review state", scrub.KindComment, scrub.LabelComment},
	"ExData":       {"annotation external data (ExData)", scrub.KindOther, scrub.LabelPrivateData},
}

// buildAnnot keeps an annotation's allowlisted keys. Authors, dates, ids,
// rich text, subjects, pop-ups and replies go from every subtype; the
// review note (/Contents) of markup annotations goes, except FreeText's,
// which is the text on the page. A widget keeps its field keys (its /T is
// the field's name).
func buildAnnot(d *doc, o types.Object, n int, where string) types.Object {
	a, _ := o.(types.Dict)
	if w, ok := d.annotPage[n]; ok {
		where = w
	}
	st := d.name(a["Subtype"])
	widget := st == "Widget"
	sig := widget && d.isSignedField(n, a)
	out := types.Dict{}
	for _, k := range sortedKeys(a) {
		v := a[k]
		if widget {
			if c, ok := fieldKeys[k]; ok && !(k == "Kids") {
				if sig && (k == "V") {
					continue
				}
				if o, ok := c(d, v, where); ok && o != nil {
					out[k] = o
				}
				continue
			}
		}
		switch k {
		case "Contents":
			text := d.text(v)
			switch {
			case st == "FreeText":
				if s, ok := d.simpleValue(v, 0); ok {
					out[k] = s
					d.visibleString(s)
					d.reportAll(where, "text typed on the page (FreeText annotations)", text, reportForm)
				}
			case markupAnnots[st]:
				if text != "" {
					d.remove(where, st+" annotation note (Contents)", text, scrub.KindComment, scrub.LabelComment)
				}
			default:
				// Link, widget, watermark: an alternate description
				// for accessibility.
				if s, ok := d.simpleValue(v, 0); ok {
					out[k] = s
					d.visibleString(s)
					d.reportAll(where, "descriptions of links and form fields (Contents)", text, reportText)
				}
			}
			continue
		case "AP":
			if sig {
				// A signed field's appearance shows the signer.
				continue
			}
		}
		if f, ok := annotFindings[k]; ok {
			if val := d.text(v); val != "" || k == "Popup" {
				d.remove(where, f.field, val, f.kind, f.label)
			}
			continue
		}
		c, ok := annotKeys[k]
		if !ok {
			d.dropKey(k, v, where)
			continue
		}
		if o, ok := c(d, v, where); ok && o != nil {
			out[k] = o
		}
	}
	return out
}

// buildAppearance keeps an appearance dictionary: /N, /R and /D, each a
// form or a dictionary of forms by state.
func buildAppearance(d *doc, o types.Object, _ int, where string) types.Object {
	ap, _ := o.(types.Dict)
	out := types.Dict{}
	for _, k := range []string{"N", "R", "D"} {
		v, ok := ap[k]
		if !ok {
			continue
		}
		if sd, _ := d.resolve(v); sd != nil {
			if _, isStream := sd.(types.StreamDict); isStream {
				if f, ok := d.conv(v, roleForm, where); ok {
					out[k] = f
				}
				continue
			}
		}
		states, _ := d.resolveDict(v)
		if states == nil {
			continue
		}
		sub := types.Dict{}
		for _, s := range sortedKeys(states) {
			if f, ok := d.conv(states[s], roleForm, where); ok {
				sub[s] = f
			}
		}
		out[k] = sub
	}
	for _, k := range sortedKeys(ap) {
		if k != "N" && k != "R" && k != "D" {
			d.dropKey(k, ap[k], where)
		}
	}
	return out
}

// ---- forms ----

// fieldPass decides which form fields stay: those with a widget on a page
// of the document, and their ancestors. A field with no widget left holds
// a value no one sees: it goes, with a finding. Signatures are recorded
// here.
func (d *doc) fieldPass(root types.Dict) {
	form, _ := d.resolveDict(root["AcroForm"])
	if form == nil {
		return
	}
	seen := map[int]bool{}
	var walk func(o types.Object, ft, name string, depth int) bool
	walk = func(o types.Object, ft, name string, depth int) bool {
		f, n := d.resolveDict(o)
		if f == nil || n == 0 || depth > maxPageDepth || seen[n] {
			return false
		}
		seen[n] = true
		if t := d.name(f["FT"]); t != "" {
			ft = t
		}
		if t := d.text(f["T"]); t != "" {
			if name != "" {
				name += "."
			}
			name += t
		}
		d.fieldFT[n] = ft
		if ft == "Sig" {
			d.removeSignature(f, "form field "+name)
		}
		kept := d.name(f["Subtype"]) == "Widget" && d.annotKept[n]
		kids, _ := d.resolveArray(f["Kids"])
		for _, k := range kids {
			if walk(k, ft, name, depth+1) {
				kept = true
			}
		}
		d.fieldOK[n] = kept
		if ft != "Sig" {
			if v := d.text(f["V"]); v != "" && v != "Off" {
				if kept {
					d.reportAll("document", "form field values", name+" = "+v, reportForm)
				} else if len(kids) == 0 {
					d.remove("document", "value of a form field on no page", name+" = "+v, scrub.KindHidden, scrub.LabelFormValue)
				}
			}
		}
		if tu := d.text(f["TU"]); tu != "" && kept {
			d.reportAll("document", "form field tooltips (TU)", tu, reportText)
		}
		return kept
	}
	fields, _ := d.resolveArray(form["Fields"])
	for _, f := range fields {
		walk(f, "", "", 0)
	}
}

func (d *doc) fieldKept(n int) bool { return d.fieldOK[n] }

// isSignedField reports whether widget (object n) is, or belongs to, a
// signature field holding a signature.
func (d *doc) isSignedField(n int, w types.Dict) bool {
	if d.fieldFT[n] != "Sig" && d.name(w["FT"]) != "Sig" {
		return false
	}
	for f, depth := w, 0; f != nil && depth < maxPageDepth; depth++ {
		if sig, _ := d.resolveDict(f["V"]); sig != nil && d.isSig(sig) {
			return true
		}
		f, _ = d.resolveDict(f["Parent"])
	}
	return false
}

// buildField keeps a (non-widget) field's allowlisted keys and its kids
// that stay. A widget reached as a field is built as an annotation.
func buildField(d *doc, o types.Object, n int, where string) types.Object {
	f, _ := o.(types.Dict)
	if d.name(f["Subtype"]) == "Widget" {
		return buildAnnot(d, o, n, d.annotPage[n])
	}
	sig := d.fieldFT[n] == "Sig"
	out := types.Dict{}
	for _, k := range sortedKeys(f) {
		v := f[k]
		if k == "V" && sig {
			if s, _ := d.resolveDict(v); s != nil && d.isSig(s) {
				continue
			}
		}
		c, ok := fieldKeys[k]
		if !ok {
			d.dropKey(k, v, where)
			continue
		}
		if o, ok := c(d, v, where); ok && o != nil {
			out[k] = o
		}
	}
	return out
}

// fieldKids keeps a field's kids that stay (fields and widgets).
var fieldKids conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	kids, _ := d.resolveArray(v)
	if kids == nil {
		return nil, false
	}
	out := types.Array{}
	for _, k := range kids {
		_, n := d.resolve(k)
		if n == 0 || !d.fieldOK[n] {
			continue
		}
		if w, _ := d.resolveDict(k); w != nil && d.name(w["Subtype"]) == "Widget" {
			if o, ok := d.refTo(n, roleAnnot, where); ok {
				out = append(out, o)
			}
			continue
		}
		if o, ok := d.refTo(n, roleField, where); ok {
			out = append(out, o)
		}
	}
	return out, true
}

// fieldValue keeps a field's value (a string, a name, an array of them)
// and counts it as visible text.
var fieldValue conv = func(d *doc, v types.Object, _ string) (types.Object, bool) {
	o, ok := d.simpleValue(v, 0)
	if !ok {
		return nil, false
	}
	if a, isArray := o.(types.Array); isArray {
		for _, e := range a {
			d.visibleString(e)
		}
	} else {
		d.visibleString(o)
	}
	return o, true
}

// buildAcroForm keeps the interactive form: its fields that stay, their
// calculation order, the default resources and appearance. XFA form data
// goes (with a warning): the fields stay as AcroForm fields.
func buildAcroForm(d *doc, o types.Object, _ int, where string) types.Object {
	form, _ := o.(types.Dict)
	out := types.Dict{}
	for _, k := range sortedKeys(form) {
		v := form[k]
		switch k {
		case "Fields", "CO":
			arr, _ := d.resolveArray(v)
			list := types.Array{}
			for _, f := range arr {
				_, n := d.resolve(f)
				if n == 0 || !d.fieldOK[n] {
					continue
				}
				if fo, ok := d.refTo(n, roleField, where); ok {
					list = append(list, fo)
				}
			}
			out[k] = list
		case "NeedAppearances", "DA", "Q":
			if s, ok := d.simpleValue(v, 0); ok {
				out[k] = s
			}
		case "SigFlags":
			if !d.sigRemoved {
				if s, ok := d.simpleValue(v, 0); ok {
					out[k] = s
				}
			}
		case "DR":
			if r, ok := d.conv(v, roleResources, where); ok {
				out[k] = r
			}
		case "XFA":
			d.remove(where, "XFA form", "the form's XML data (kept as plain PDF fields)", scrub.KindHidden, scrub.LabelHiddenData)
			d.xfaRemoved = true
		default:
			d.dropKey(k, v, where)
		}
	}
	return out
}

// ---- signatures ----

// isSig reports whether dct is a signature dictionary.
func (d *doc) isSig(dct types.Dict) bool {
	switch d.name(dct["Type"]) {
	case "Sig", "DocTimeStamp":
		return true
	}
	_, br := dct["ByteRange"]
	_, c := dct["Contents"]
	_, f := dct["Filter"]
	return br && c && f
}

// removeSignature records the removal of a signature field's value (the
// signature dictionary: signer name, time, place, certificate) and of its
// appearance, which usually shows the signer's name. The field stays,
// empty.
func (d *doc) removeSignature(f types.Dict, where string) {
	sig, _ := d.resolveDict(f["V"])
	if sig == nil || !d.isSig(sig) {
		return
	}
	if s := d.text(sig["Name"]); s != "" {
		d.remove(where, "signer", s, scrub.KindPerson, scrub.LabelSignature)
		if !slices.Contains(d.sigNames, s) {
			d.sigNames = append(d.sigNames, s)
		}
	}
	for _, k := range []string{"Location", "ContactInfo"} {
		if s := d.text(sig[k]); s != "" {
			kind, label := scrub.KindLocation, scrub.LabelPlace
			if k == "ContactInfo" {
				kind, label = scrub.KindContact, scrub.LabelContact
			}
			d.remove(where, "signature "+strings.ToLower(k), s, kind, label)
		}
	}
	var parts []string
	for _, k := range []string{"Reason", "M"} {
		if s := d.text(sig[k]); s != "" {
			parts = append(parts, s)
		}
	}
	d.remove(where, "digital signature", strings.Join(parts, ", "), scrub.KindPerson, scrub.LabelSignature)
	d.sigRemoved = true
}
