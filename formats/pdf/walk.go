package pdf

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// ---- the generic walk ----

var subsetTag = regexp.MustCompile(`^[A-Z]{6}\+`)

type walkItem struct {
	n     int
	where string
}

// walk visits every object reachable from the catalog, removing what is
// removable wherever it is: XMP, PieceInfo, LastModified, additional
// actions, associated files, thumbnails, layer creator info, pdfTeX keys,
// signatures, JavaScript actions, embedded files and review annotations
// that other objects still point to. It cleans JPEG images through the
// registry.
func (d *doc) walk() error {
	rootNr := d.x.Root.ObjectNumber.Value()
	stack := []walkItem{{rootNr, "document"}}
	d.visited[rootNr] = true
	for steps := 0; len(stack) > 0; steps++ {
		if steps%512 == 0 {
			if err := d.ctx.Err(); err != nil {
				return err
			}
		}
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		where := it.where
		if p, ok := d.pageNr[it.n]; ok {
			where = fmt.Sprintf("page %d", p)
		}
		var err error
		switch o := d.object(it.n).(type) {
		case types.Dict:
			err = d.visitDict(o, where, &stack, 0)
		case types.StreamDict:
			if err = d.visitDict(o.Dict, where, &stack, 0); err == nil {
				err = d.visitStream(it.n, o, where)
			}
		case types.Array:
			err = d.visitArray(o, where, &stack, 0)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

var errNesting = errors.New("objects nested too deep")

func (d *doc) visitDict(dct types.Dict, where string, stack *[]walkItem, depth int) error {
	if depth > maxNesting {
		return scrub.Malformed(formatName, errNesting, "the PDF structure is too deep")
	}
	if v, ok := dct["V"]; ok {
		if sig, _ := d.resolveDict(v); sig != nil && d.isSig(sig) {
			d.removeSignature(dct, where)
		}
	}
	if err := d.stripKeys(dct, where); err != nil {
		return err
	}
	d.noteAction(dct, where)
	if bf := d.name(dct["BaseFont"]); bf != "" && subsetTag.MatchString(bf) && d.name(dct["Type"]) == "Font" {
		d.reportAll("document", "font subset tags (they can hint at the software that made the file)", bf, scrub.KindSoftware)
	}
	for _, k := range sortedKeys(dct) {
		v := dct[k]
		if d.killValue(v, where) {
			delete(dct, k)
			continue
		}
		if err := d.descend(v, where, stack, depth); err != nil {
			return err
		}
	}
	return nil
}

func (d *doc) visitArray(a types.Array, where string, stack *[]walkItem, depth int) error {
	if depth > maxNesting {
		return scrub.Malformed(formatName, errNesting, "the PDF structure is too deep")
	}
	for i, v := range a {
		if d.killValue(v, where) {
			a[i] = nil
			continue
		}
		if err := d.descend(v, where, stack, depth); err != nil {
			return err
		}
	}
	return nil
}

func (d *doc) descend(v types.Object, where string, stack *[]walkItem, depth int) error {
	switch t := v.(type) {
	case types.IndirectRef:
		n := t.ObjectNumber.Value()
		if !d.visited[n] {
			d.visited[n] = true
			*stack = append(*stack, walkItem{n, where})
		}
	case types.Dict:
		return d.visitDict(t, where, stack, depth+1)
	case types.Array:
		return d.visitArray(t, where, stack, depth+1)
	}
	return nil
}

// killValue decides whether a value must go from the dict or array that
// holds it, and records why.
func (d *doc) killValue(v types.Object, where string) bool {
	ref, isRef := v.(types.IndirectRef)
	if isRef && d.killed[ref.ObjectNumber.Value()] {
		return true
	}
	if !isRef {
		if _, ok := v.(types.Dict); !ok {
			return false
		}
	}
	dct, n := d.resolveDict(v)
	if dct == nil {
		return false
	}
	switch {
	case d.isSig(dct):
		d.remove(where, "digital signature", d.text(dct["Name"]), scrub.KindPerson)
		d.sigRemoved = true
	case d.name(dct["S"]) == "JavaScript":
		d.remove(where, "JavaScript action", "", scrub.KindHidden)
	case d.name(dct["Type"]) == "EmbeddedFile":
		d.remove(where, "embedded file", "", scrub.KindAttachment)
	case dct["EF"] != nil:
		d.remove(where, "attachment", d.fileName(dct), scrub.KindAttachment)
	case d.isReviewAnnot(dct):
		d.removeAnnot(dct, n, where)
	case d.name(dct["Type"]) == "OBJR":
		obj, _ := dct["Obj"].(types.IndirectRef)
		if !d.killed[obj.ObjectNumber.Value()] {
			return false
		}
	default:
		return false
	}
	d.kill(n)
	return true
}

// stripKeys removes the keys that carry metadata wherever they appear.
func (d *doc) stripKeys(dct types.Dict, where string) error {
	for _, k := range sortedKeys(dct) {
		v := dct[k]
		switch {
		case k == "Metadata":
			if err := d.xmp(v, where); err != nil {
				return err
			}
		case k == "PieceInfo":
			var apps []string
			if pi, _ := d.resolveDict(v); pi != nil {
				apps = sortedKeys(pi)
			}
			d.remove(where, "PieceInfo", "private data of "+orUnknown(strings.Join(apps, ", ")), scrub.KindSoftware)
		case k == "LastModified":
			d.remove(where, "LastModified", d.text(v), scrub.KindTime)
		case k == "AA":
			d.remove(where, "additional actions (AA)", "scripts or actions run on events", scrub.KindHidden)
		case k == "AF":
			arr, _ := d.resolveArray(v)
			if arr == nil {
				arr = types.Array{v}
			}
			for _, f := range arr {
				fs, _ := d.resolveDict(f)
				name := ""
				if fs != nil {
					name = d.fileName(fs)
				}
				d.remove(where, "associated file (AF)", name, scrub.KindAttachment)
			}
		case k == "Thumb":
			d.remove(where, "thumbnail image", "may show an earlier state of the page", scrub.KindHidden)
		case k == "CreatorInfo":
			ci, _ := d.resolveDict(v)
			val := ""
			if ci != nil {
				val = d.text(ci["Creator"])
			}
			d.remove(where, "layer creator info", val, scrub.KindSoftware)
		case k == "SpiderInfo":
			d.remove(where, "web capture information", "", scrub.KindOther)
		case k == "DPartRoot", k == "DPart":
			d.remove(where, "document parts ("+k+")", "", scrub.KindOther)
		case strings.HasPrefix(k, "PTEX."):
			kind := scrub.KindOther
			switch k {
			case "PTEX.FileName":
				kind = scrub.KindPath
			case "PTEX.Fullbanner":
				kind = scrub.KindSoftware
			}
			val := ""
			if info, _ := d.resolveDict(v); info != nil {
				for _, ik := range sortedKeys(info) {
					if s := d.text(info[ik]); s != "" {
						val += ik + ": " + s + "; "
					}
				}
				val = strings.TrimSuffix(val, "; ")
			} else {
				val = d.text(v)
			}
			d.remove(where, k, val, kind)
		default:
			continue
		}
		delete(dct, k)
	}
	// Dates and ids on the annotations that stay.
	if d.name(dct["Type"]) == "Annot" || (dct["Subtype"] != nil && dct["Rect"] != nil) {
		for _, k := range []string{"M", "CreationDate"} {
			if v, ok := dct[k]; ok {
				d.remove(where, "annotation date ("+k+")", d.text(v), scrub.KindTime)
				delete(dct, k)
			}
		}
		if v, ok := dct["NM"]; ok {
			d.remove(where, "annotation id (NM)", d.text(v), scrub.KindEditHistory)
			delete(dct, "NM")
		}
	}
	return nil
}

func orUnknown(s string) string {
	if s == "" {
		return "an application"
	}
	return s
}

// noteAction reports actions that are kept but point outside the
// document.
func (d *doc) noteAction(dct types.Dict, where string) {
	switch d.name(dct["S"]) {
	case "URI":
		d.reportAll(where, "link targets", d.text(dct["URI"]), scrub.KindOther)
	case "Launch":
		target := d.text(dct["F"])
		if target == "" {
			if win, _ := d.resolveDict(dct["Win"]); win != nil {
				target = d.text(win["F"])
			}
		}
		d.reportAll(where, "Launch actions (open a local file or program)", target, scrub.KindPath)
	case "GoToR", "ImportData":
		d.reportAll(where, "links to other files", d.text(dct["F"]), scrub.KindPath)
	case "SubmitForm":
		d.reportAll(where, "form submission targets", d.text(dct["F"]), scrub.KindOther)
	case "Rendition":
		if _, ok := dct["JS"]; ok {
			d.remove(where, "JavaScript action", "", scrub.KindHidden)
			delete(dct, "JS")
		}
	}
}
