package pdf

import (
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// The document-level structure: trailer, catalog, pages and their
// annotations, forms, outlines.

// ---- trailer ----

var infoKinds = map[string]scrub.Kind{
	"Author": scrub.KindPerson, "AuthorTitle": scrub.KindPerson, "Manager": scrub.KindPerson,
	"Creator": scrub.KindSoftware, "Producer": scrub.KindSoftware,
	"CreationDate": scrub.KindTime, "ModDate": scrub.KindTime, "SourceModified": scrub.KindTime,
}

func (d *doc) trailer() {
	if info, n := d.resolveDict(d.x.Info); info != nil {
		for _, k := range sortedKeys(info) {
			kind, ok := infoKinds[k]
			if !ok {
				kind = scrub.KindOther
			}
			d.remove("document info", k, d.text(info[k]), kind)
		}
		d.kill(n)
	}
	if len(d.x.ID) > 0 && !d.raw.idMatches {
		v := ""
		if b, ok := idBytes(d.x.ID[0]); ok {
			v = hex.EncodeToString(b)
		}
		d.remove("document", "document id (trailer /ID)", v, scrub.KindEditHistory)
	}
	if d.x.AdditionalStreams != nil && len(*d.x.AdditionalStreams) > 0 {
		d.remove("document", "AdditionalStreams", "the source document embedded in a hybrid PDF", scrub.KindAttachment)
	}
	if n := d.raw.earlier(); n > 0 {
		d.remove("document", "incremental update", fmt.Sprintf("%d earlier revision(s) of the document", n), scrub.KindEditHistory)
	}
	if n := d.unreferenced(); n > 0 {
		d.remove("document", "unreferenced objects", fmt.Sprintf("%d object(s) no page uses (left over from earlier edits)", n), scrub.KindEditHistory)
	}
	if d.raw.headerAt > 0 {
		d.remove("document", "data before the PDF header", fmt.Sprintf("%d byte(s)", d.raw.headerAt), scrub.KindHidden)
	}
	if d.raw.trailing > 0 {
		d.remove("document", "data after the end of the PDF", fmt.Sprintf("%d byte(s) after the last %%%%EOF", d.raw.trailing), scrub.KindHidden)
	}
	if d.ownerOnly {
		d.remove("document", "permission password", "restrictions on printing, copying or editing", scrub.KindOther)
	}
}

// unreferenced counts the objects of the original file that nothing
// reachable from the trailer uses.
func (d *doc) unreferenced() int {
	seen := map[int]bool{}
	var stack []int
	push := func(o types.Object) {
		if ref, ok := o.(types.IndirectRef); ok {
			n := ref.ObjectNumber.Value()
			if !seen[n] {
				seen[n] = true
				stack = append(stack, n)
			}
		}
	}
	var scan func(o types.Object, depth int)
	scan = func(o types.Object, depth int) {
		if depth > maxNesting {
			return
		}
		switch t := o.(type) {
		case types.IndirectRef:
			push(t)
		case types.Dict:
			for _, v := range t {
				scan(v, depth+1)
			}
		case types.StreamDict:
			for _, v := range t.Dict {
				scan(v, depth+1)
			}
		case types.Array:
			for _, v := range t {
				scan(v, depth+1)
			}
		}
	}
	for _, r := range []*types.IndirectRef{d.x.Root, d.x.Info, d.x.Encrypt} {
		if r != nil {
			push(*r)
		}
	}
	if d.x.AdditionalStreams != nil {
		for _, o := range *d.x.AdditionalStreams {
			push(o)
		}
	}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		scan(d.object(n), 0)
	}
	count := 0
	for n, e := range d.x.Table {
		if n == 0 || e == nil || e.Free || seen[n] || d.x.LinearizationObjs[n] {
			continue
		}
		if e.Offset != nil && ((d.x.OffsetPrimaryHintTable != nil && *e.Offset == *d.x.OffsetPrimaryHintTable) ||
			(d.x.OffsetOverflowHintTable != nil && *e.Offset == *d.x.OffsetOverflowHintTable)) {
			continue
		}
		switch d.object(n).(type) {
		case nil, types.ObjectStreamDict, types.XRefStreamDict:
			continue
		case types.StreamDict:
			if sd := d.object(n).(types.StreamDict); sd.Dict.Type() != nil && (*sd.Dict.Type() == "XRef" || *sd.Dict.Type() == "ObjStm") {
				continue
			}
		}
		count++
	}
	return count
}

// ---- catalog ----

func (d *doc) catalog(root types.Dict) {
	const where = "document"
	if names, _ := d.resolveDict(root["Names"]); names != nil {
		if v, ok := names["EmbeddedFiles"]; ok {
			found := false
			d.nameTree(v, func(key string, val types.Object) {
				found = true
				name := key
				if fs, _ := d.resolveDict(val); fs != nil {
					if s := d.fileName(fs); s != "" {
						name = s
					}
				}
				d.remove(where, "attachment", name, scrub.KindAttachment)
			})
			if !found {
				d.remove(where, "attachments (EmbeddedFiles)", "", scrub.KindAttachment)
			}
			delete(names, "EmbeddedFiles")
		}
		if v, ok := names["JavaScript"]; ok {
			found := false
			d.nameTree(v, func(key string, _ types.Object) {
				found = true
				d.remove(where, "JavaScript", key, scrub.KindHidden)
			})
			if !found {
				d.remove(where, "JavaScript", "", scrub.KindHidden)
			}
			delete(names, "JavaScript")
		}
		for _, k := range []string{"IDS", "URLS"} {
			if _, ok := names[k]; ok {
				d.remove(where, "web capture data ("+k+")", "", scrub.KindOther)
				delete(names, k)
			}
		}
		if len(names) == 0 {
			delete(root, "Names")
		}
	}
	if _, ok := root["Collection"]; ok {
		d.remove(where, "portfolio (Collection)", "", scrub.KindAttachment)
		delete(root, "Collection")
	}
	if _, ok := root["Perms"]; ok {
		d.remove(where, "signature permissions (Perms)", "", scrub.KindPerson)
		delete(root, "Perms")
		d.sigRemoved = true
	}
	if _, ok := root["DSS"]; ok {
		d.remove(where, "signature validation data (DSS)", "certificates naming the signer", scrub.KindPerson)
		delete(root, "DSS")
		d.sigRemoved = true
	}
	if threads, _ := d.resolveArray(root["Threads"]); threads != nil {
		for _, t := range threads {
			td, _ := d.resolveDict(t)
			if td == nil {
				continue
			}
			if info, _ := d.resolveDict(td["I"]); info != nil {
				for _, k := range sortedKeys(info) {
					kind, ok := infoKinds[k]
					if !ok {
						kind = scrub.KindOther
					}
					d.remove("article thread info", k, d.text(info[k]), kind)
				}
				if len(info) == 0 {
					d.remove("article thread info", "I", "", scrub.KindOther)
				}
			} else if _, ok := td["I"]; ok {
				d.remove("article thread info", "I", "", scrub.KindOther)
			}
			delete(td, "I")
		}
	}
	if ocp, _ := d.resolveDict(root["OCProperties"]); ocp != nil {
		ocgs, _ := d.resolveArray(ocp["OCGs"])
		for _, o := range ocgs {
			if g, _ := d.resolveDict(o); g != nil {
				d.reportAll(where, "layer names", d.text(g["Name"]), scrub.KindHidden)
				// Usage /User names the people a layer is meant for.
				if u, _ := d.resolveDict(g["Usage"]); u != nil {
					if user, _ := d.resolveDict(u["User"]); user != nil {
						d.remove(where, "layer intended for (Usage /User)", d.text(user["Name"]), scrub.KindPerson)
						delete(u, "User")
					}
				}
			}
		}
	}
}

// nameTree calls fn for each leaf of a name tree.
func (d *doc) nameTree(o types.Object, fn func(key string, val types.Object)) {
	seen := map[int]bool{}
	var walk func(o types.Object, depth int)
	walk = func(o types.Object, depth int) {
		node, n := d.resolveDict(o)
		if node == nil || depth > 64 || (n > 0 && seen[n]) {
			return
		}
		seen[n] = true
		if names, _ := d.resolveArray(node["Names"]); names != nil {
			for i := 0; i+1 < len(names); i += 2 {
				fn(d.text(names[i]), names[i+1])
			}
		}
		kids, _ := d.resolveArray(node["Kids"])
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	walk(o, 0)
}

// ---- pages and annotations ----

// reviewAnnots are the markup annotations (and their popups) that carry
// reviewers' names and comments; they are removed. Links, widgets and
// the rest stay.
var reviewAnnots = map[string]bool{
	"Text": true, "FreeText": true, "Line": true, "Square": true, "Circle": true, "Polygon": true,
	"PolyLine": true, "Highlight": true, "Underline": true, "Squiggly": true, "StrikeOut": true,
	"Stamp": true, "Caret": true, "Ink": true, "Popup": true, "FileAttachment": true, "Sound": true,
	"Redact": true, "Projection": true,
}

func (d *doc) isReviewAnnot(a types.Dict) bool {
	if !reviewAnnots[d.name(a["Subtype"])] {
		return false
	}
	t := d.name(a["Type"])
	_, rect := a["Rect"]
	return t == "Annot" || (t == "" && rect)
}

func (d *doc) pages(root types.Dict) {
	seen := map[int]bool{}
	count := 0
	var walk func(o types.Object, depth int)
	walk = func(o types.Object, depth int) {
		node, n := d.resolveDict(o)
		if node == nil || depth > 64 || seen[n] {
			return
		}
		if n > 0 {
			seen[n] = true
		}
		if kids, ok := node["Kids"]; ok && d.name(node["Type"]) != "Page" {
			arr, _ := d.resolveArray(kids)
			for _, k := range arr {
				walk(k, depth+1)
			}
			return
		}
		count++
		if n > 0 {
			d.pageNr[n] = count
		}
		if _, cn := d.resolve(node["Contents"]); cn > 0 {
			d.contents[cn] = true
		}
		if arr, _ := d.resolveArray(node["Contents"]); arr != nil {
			for _, c := range arr {
				if _, cn := d.resolve(c); cn > 0 {
					d.contents[cn] = true
				}
			}
		}
		d.annots(node, fmt.Sprintf("page %d", count))
	}
	walk(root["Pages"], 0)
}

// annots removes the review annotations of one page and strips dates and
// ids from the ones kept.
func (d *doc) annots(page types.Dict, where string) {
	arr, arrNr := d.resolveArray(page["Annots"])
	if arr == nil {
		return
	}
	keep := make(types.Array, 0, len(arr))
	for _, el := range arr {
		a, n := d.resolveDict(el)
		if a == nil {
			continue
		}
		if d.killed[n] {
			continue
		}
		if d.isReviewAnnot(a) {
			d.removeAnnot(a, n, where)
			continue
		}
		if c := d.text(a["Contents"]); c != "" {
			d.reportAll(where, "contents of kept annotations (links, form fields)", c, scrub.KindOther)
		}
		keep = append(keep, el)
	}
	switch {
	case len(keep) == 0:
		delete(page, "Annots")
	case len(keep) == len(arr):
	case arrNr > 0:
		d.setObject(arrNr, keep)
	default:
		page["Annots"] = keep
	}
}

func (d *doc) removeAnnot(a types.Dict, n int, where string) {
	st := d.name(a["Subtype"])
	v := d.text(a["T"])
	if c := d.text(a["Contents"]); c != "" {
		if v != "" {
			v += ": "
		}
		v += c
	}
	d.remove(where, st+" annotation", v, scrub.KindComment)
	if st == "FileAttachment" {
		if fs, _ := d.resolveDict(a["FS"]); fs != nil {
			d.remove(where, "attachment", d.fileName(fs), scrub.KindAttachment)
		}
	}
	d.kill(n)
	if _, pn := d.resolve(a["Popup"]); pn > 0 {
		d.kill(pn)
	}
}

// ---- forms ----

func (d *doc) forms(root types.Dict) {
	form, _ := d.resolveDict(root["AcroForm"])
	if form == nil {
		return
	}
	if _, ok := form["XFA"]; ok {
		d.report("document", "XFA form", "kept as it is: scrub does not clean XFA form data", scrub.KindHidden)
	}
	seen := map[int]bool{}
	var walk func(o types.Object, ft, name string, depth int)
	walk = func(o types.Object, ft, name string, depth int) {
		f, n := d.resolveDict(o)
		if f == nil || depth > 64 || (n > 0 && seen[n]) {
			return
		}
		if n > 0 {
			seen[n] = true
		}
		if t := d.name(f["FT"]); t != "" {
			ft = t
		}
		if t := d.text(f["T"]); t != "" {
			if name != "" {
				name += "."
			}
			name += t
		}
		if ft == "Sig" {
			d.removeSignature(f, "form field "+name)
		} else if v := d.text(f["V"]); v != "" && v != "Off" {
			d.reportAll("document", "form field values", name+" = "+v, scrub.KindOther)
		}
		kids, _ := d.resolveArray(f["Kids"])
		for _, k := range kids {
			walk(k, ft, name, depth+1)
		}
	}
	fields, _ := d.resolveArray(form["Fields"])
	for _, f := range fields {
		walk(f, "", "", 0)
	}
	if d.sigRemoved {
		delete(form, "SigFlags")
	}
}

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

// removeSignature removes the value of a signature field (the signature
// dictionary: signer name, time, place, certificate) and its appearance,
// which usually shows the signer's name. The field stays, empty.
func (d *doc) removeSignature(f types.Dict, where string) {
	sig, n := d.resolveDict(f["V"])
	if sig == nil || !d.isSig(sig) {
		return
	}
	var parts []string
	for _, k := range []string{"Name", "Reason", "Location", "ContactInfo", "M"} {
		if s := d.text(sig[k]); s != "" {
			parts = append(parts, s)
		}
	}
	if s := d.text(sig["Name"]); s != "" && !slices.Contains(d.sigNames, s) {
		d.sigNames = append(d.sigNames, s)
	}
	d.remove(where, "digital signature", strings.Join(parts, ", "), scrub.KindPerson)
	delete(f, "V")
	delete(f, "AP")
	d.kill(n)
	d.sigRemoved = true
	kids, _ := d.resolveArray(f["Kids"])
	for _, k := range kids {
		if w, _ := d.resolveDict(k); w != nil && d.name(w["Subtype"]) == "Widget" {
			delete(w, "AP")
		}
	}
}

// ---- outlines ----

func (d *doc) outlines(root types.Dict) {
	top, _ := d.resolveDict(root["Outlines"])
	if top == nil {
		return
	}
	seen := map[int]bool{}
	var walk func(o types.Object, depth int)
	walk = func(o types.Object, depth int) {
		for o != nil && depth < 64 {
			item, n := d.resolveDict(o)
			if item == nil || (n > 0 && seen[n]) || n == 0 {
				return
			}
			seen[n] = true
			d.reportAll("document", "outline titles", d.text(item["Title"]), scrub.KindOther)
			if first, ok := item["First"]; ok {
				walk(first, depth+1)
			}
			o = item["Next"]
		}
	}
	walk(top["First"], 0)
}
