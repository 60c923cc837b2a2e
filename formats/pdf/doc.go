package pdf

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// maxNesting bounds how deep direct objects (dicts in arrays in dicts...)
// may nest, in the rebuild and in the writer alike.
const maxNesting = 256

// run rebuilds the document (see rebuild.go): the catalog is object 1,
// the page tree is numbered next, then everything the pages and the
// catalog reach through their allowlists. Inspect runs it too and keeps
// only the findings, so what Inspect reports and what Clean removes are
// the same by construction.
func (d *doc) run() error {
	root, rootNr := d.resolveDict(*d.x.Root)
	d.trailer()
	cat := d.alloc(outKey{rootNr, roleCatalog})
	d.pageTree(root)
	// The analysis finds content to keep and report, and, with
	// RemoveHidden or redactions to apply, content to remove: verifying a
	// cleaned copy needs it only then (it is most of the work on a page).
	verifyOnly := d.env.Verifying() && !d.env.Policy.RemoveHidden && d.env.Policy.Redactions == scrub.RedactReport
	if !d.parts && !verifyOnly {
		if err := d.hiddenPass(root); err != nil {
			return err
		}
	}
	for _, p := range d.direct {
		d.out[p.out-1] = d.buildPageDict(p.dict, p.out, p.where)
	}
	d.namedDests(root)
	d.fieldPass(root)
	d.structPass(root)
	d.queue = append(d.queue, queued{rootNr, roleCatalog, cat, "document"})
	if err := d.drain(); err != nil {
		return err
	}
	d.leftOut()
	d.finish()
	return nil
}

// ---- findings ----

func (d *doc) add(f scrub.Finding) { d.findings = append(d.findings, f) }

func (d *doc) remove(where, field, value string, kind scrub.Kind, label scrub.Label) {
	d.add(scrub.Finding{Where: where, Field: field, Value: value, Kind: kind, Label: label, Action: scrub.Remove})
}

func (d *doc) removeMinor(where, field, value string, kind scrub.Kind, label scrub.Label) {
	d.add(scrub.Finding{Where: where, Field: field, Value: value, Kind: kind, Label: label, Action: scrub.Remove, Minor: true})
}

// sort describes the findings one aggregate collects.
type sort_ struct {
	kind   scrub.Kind
	label  scrub.Label
	action scrub.Action
	minor  bool
}

var (
	reportLayer   = sort_{scrub.KindHidden, scrub.LabelLayers, scrub.Report, false}
	reportOutline = sort_{scrub.KindOther, scrub.LabelOutline, scrub.Report, true}
	reportLink    = sort_{scrub.KindOther, scrub.LabelLink, scrub.Report, false}
	reportForm    = sort_{scrub.KindOther, scrub.LabelFormValue, scrub.Report, false}
	reportFont    = sort_{scrub.KindSoftware, scrub.LabelFont, scrub.Report, true}
	reportText    = sort_{scrub.KindOther, scrub.LabelDescription, scrub.Report, false}
	removePrivate = sort_{scrub.KindOther, scrub.LabelPrivateData, scrub.Remove, true}
	removeComment = sort_{scrub.KindOther, scrub.LabelComment, scrub.Remove, false}
)

// aggregate collects items of one sort (outline titles, link targets,
// private keys) into a single finding, so a long document does not drown
// the user.
type aggregate struct {
	where, field string
	sort         sort_
	seen         map[string]bool
	values       []string
	minor        bool
}

const maxAggregateValues = 8

// reportAll adds value to the aggregate finding for field.
func (d *doc) reportAll(where, field, value string, s sort_) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	a := d.reports[field]
	if a == nil {
		a = &aggregate{where: where, field: field, sort: s, seen: map[string]bool{}, minor: s.minor}
		d.reports[field] = a
	}
	if !a.seen[value] {
		a.seen[value] = true
		a.values = append(a.values, value)
	}
}

// removeAll is reportAll for values that go: private keys. A string value
// makes the finding count (it may name someone); names and numbers are
// minor.
func (d *doc) removeAll(where, field, value string, str bool) {
	key := "\x00" + field
	a := d.reports[key]
	if a == nil {
		a = &aggregate{where: where, field: field, sort: removePrivate, seen: map[string]bool{}, minor: true}
		d.reports[key] = a
	}
	if str {
		a.minor = false
	}
	if value = strings.TrimSpace(value); value != "" && !a.seen[value] {
		a.seen[value] = true
		a.values = append(a.values, value)
	}
}

func (d *doc) finish() {
	fields := make([]string, 0, len(d.reports))
	for f := range d.reports {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		a := d.reports[f]
		v := strings.Join(a.values[:min(len(a.values), maxAggregateValues)], "; ")
		if n := len(a.values); n > maxAggregateValues {
			v += fmt.Sprintf("; … (%d in all)", n)
		}
		d.add(scrub.Finding{Where: a.where, Field: a.field, Value: v, Kind: a.sort.kind, Label: a.sort.label,
			Action: a.sort.action, Minor: a.minor})
	}
	if d.sigRemoved {
		msg := "the digital signature was removed: the cleaned copy is not signed"
		if len(d.sigNames) > 0 {
			msg = "the digital signature by " + strings.Join(d.sigNames, ", ") + " was removed: the cleaned copy is not signed"
		}
		d.warnings = append(d.warnings, scrub.Warning{Message: msg})
	}
	if d.xfaRemoved {
		d.warnings = append(d.warnings, scrub.Warning{Message: "the XFA form was removed: the cleaned copy shows the document's plain PDF pages and fields"})
	}
	if d.ownerOnly {
		d.warnings = append(d.warnings, scrub.Warning{Message: "the PDF's permission password and restrictions were removed: the cleaned copy is not encrypted"})
	}
	if d.decrypted {
		d.warnings = append(d.warnings, scrub.Warning{Message: "the cleaned copy is not password-protected"})
	}
}

// visibleString records a kept string the reader sees or hears (a form
// value, a link target, alternate text), for the residue check's Text.
func (d *doc) visibleString(o types.Object) {
	if b, ok := stringBytes(o); ok {
		if s := decodeText(b); strings.TrimSpace(s) != "" {
			d.visible = append(d.visible, s)
		}
	}
}

// ---- object access ----

// resolve follows an indirect reference (and an object that is only a
// reference to another, see follow). It returns the object (nil for null
// or a missing object) and its object number (0 for direct objects).
func (d *doc) resolve(o types.Object) (types.Object, int) {
	ref, ok := o.(types.IndirectRef)
	if !ok {
		if p, ok := o.(*types.IndirectRef); ok && p != nil {
			ref = *p
		} else {
			return o, 0
		}
	}
	n := ref.ObjectNumber.Value()
	v := d.object(n)
	for range 8 {
		r, ok := v.(types.IndirectRef)
		if !ok {
			break
		}
		n = r.ObjectNumber.Value()
		v = d.object(n)
	}
	return v, n
}

// object returns object n, decoding it from its object stream if needed
// (charged to the input's budget, see load.go).
func (d *doc) object(n int) types.Object {
	e, ok := d.x.Table[n]
	if !ok || e == nil || e.Free {
		return nil
	}
	d.touched.add(n)
	if l, ok := e.Object.(types.LazyObjectStreamObject); ok {
		if err := d.chargeLazy(n, e, &l); err != nil {
			d.fail(err)
			e.Object = nil
			return nil
		}
		o, err := l.DecodedObject(d.ctx)
		if err != nil {
			e.Object = nil
			return nil
		}
		e.Object = o
	}
	return e.Object
}

// resolveDict returns the dictionary o is or points to (a stream's
// dictionary too).
func (d *doc) resolveDict(o types.Object) (types.Dict, int) {
	v, n := d.resolve(o)
	switch t := v.(type) {
	case types.Dict:
		return t, n
	case types.StreamDict:
		return t.Dict, n
	}
	return nil, n
}

func (d *doc) resolveArray(o types.Object) (types.Array, int) {
	v, n := d.resolve(o)
	a, _ := v.(types.Array)
	return a, n
}

// name returns the name o is or points to, or "".
func (d *doc) name(o types.Object) string {
	v, _ := d.resolve(o)
	if n, ok := v.(types.Name); ok {
		return n.Value()
	}
	return ""
}

// text renders o (a string, name, number or file specification) for a
// finding.
func (d *doc) text(o types.Object) string { return d.textAt(o, 0) }

// Bounds for text: a crafted value may be an array that contains itself,
// or a file specification whose name is itself (unbounded recursion would
// overflow the stack, which kills the process, not just this file), and
// a short array of references to a long string would otherwise be
// rendered many times over.
const (
	maxTextDepth = 2    // arrays and file specifications inside each other
	maxText      = 4096 // bytes of a rendered value (findings show 300 characters)
)

func (d *doc) textAt(o types.Object, depth int) string {
	v, _ := d.resolve(o)
	switch t := v.(type) {
	case nil:
		return ""
	case types.StringLiteral, types.HexLiteral:
		b, _ := stringBytes(t)
		return clip(strings.TrimRight(decodeText(b), "\x00"))
	case types.Name:
		return clip(t.Value())
	case types.Integer, types.Float, types.Boolean:
		return t.PDFString()
	case types.Array:
		if depth >= maxTextDepth {
			return ""
		}
		var b strings.Builder
		for _, e := range t[:min(len(t), 16)] {
			if s := d.textAt(e, depth+1); s != "" {
				if b.Len() > 0 {
					b.WriteString(", ")
				}
				b.WriteString(s)
				if b.Len() >= maxText {
					break
				}
			}
		}
		return clip(b.String())
	case types.Dict:
		if depth >= maxTextDepth {
			return ""
		}
		return d.fileNameAt(t, depth+1)
	}
	return ""
}

// clip shortens s to about maxText bytes, at a character boundary.
func clip(s string) string {
	if len(s) <= maxText {
		return s
	}
	i := maxText
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// fileName returns the name a file specification gives.
func (d *doc) fileName(fs types.Dict) string { return d.fileNameAt(fs, 0) }

func (d *doc) fileNameAt(fs types.Dict, depth int) string {
	for _, k := range []string{"UF", "F", "Unix", "DOS", "Mac"} {
		if v, ok := fs[k]; ok {
			if _, isDict := v.(types.Dict); isDict {
				continue
			}
			if s := d.textAt(v, depth); s != "" {
				return s
			}
		}
	}
	return ""
}

func sortedKeys(dct types.Dict) []string {
	keys := make([]string, 0, len(dct))
	for k := range dct {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// literal returns b as a PDF literal string.
func literal(b []byte) types.StringLiteral {
	var out []byte
	for _, c := range b {
		switch c {
		case '(', ')', '\\':
			out = append(out, '\\', c)
		case '\r':
			out = append(out, '\\', 'r')
		default:
			out = append(out, c)
		}
	}
	return types.StringLiteral(out)
}

// textString returns s as a PDF text string: PDFDocEncoding (Latin-1
// letters) when it fits, else UTF-16BE with its byte order mark.
func textString(s string) types.StringLiteral {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff || (r >= 0x80 && r < 0xa0) {
			b = nil
			break
		}
		b = append(b, byte(r))
	}
	if b == nil && s != "" {
		b = []byte{0xfe, 0xff}
		for _, r := range s {
			if r >= 0x10000 {
				r -= 0x10000
				hi, lo := 0xd800+(r>>10), 0xdc00+(r&0x3ff)
				b = append(b, byte(hi>>8), byte(hi), byte(lo>>8), byte(lo))
				continue
			}
			b = append(b, byte(r>>8), byte(r))
		}
	}
	return literal(b)
}
