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
// may nest, in the walk and in the writer alike.
const maxNesting = 256

// Inspect and Clean run the same edits on their own parsed copy: Inspect
// records findings and throws the copy away, Clean writes it. That keeps
// what Inspect reports and what Clean removes the same by construction.
func (d *doc) run() error {
	root, _ := d.resolveDict(*d.x.Root)
	d.trailer()
	d.catalog(root)
	d.pages(root)
	d.forms(root)
	d.outlines(root)
	if err := d.walk(); err != nil {
		return err
	}
	d.finish()
	return nil
}

// ---- findings ----

func (d *doc) remove(where, field, value string, kind scrub.Kind) {
	d.findings = append(d.findings, scrub.Finding{Where: where, Field: field, Value: value, Kind: kind, Action: scrub.Remove})
}

func (d *doc) report(where, field, value string, kind scrub.Kind) {
	d.findings = append(d.findings, scrub.Finding{Where: where, Field: field, Value: value, Kind: kind, Action: scrub.Report})
}

// aggregate collects kept items of one sort (outline titles, link targets)
// into a single Report finding, so a long document does not drown the
// user.
type aggregate struct {
	where, field string
	kind         scrub.Kind
	seen         map[string]bool
	values       []string
}

const maxAggregateValues = 8

func (d *doc) reportAll(where, field, value string, kind scrub.Kind) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	a := d.reports[field]
	if a == nil {
		a = &aggregate{where: where, field: field, kind: kind, seen: map[string]bool{}}
		d.reports[field] = a
	}
	if !a.seen[value] {
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
		d.report(a.where, a.field, v, a.kind)
	}
	if d.sigRemoved {
		msg := "the digital signature was removed: the cleaned copy is not signed"
		if len(d.sigNames) > 0 {
			msg = "the digital signature by " + strings.Join(d.sigNames, ", ") + " was removed: the cleaned copy is not signed"
		}
		d.warnings = append(d.warnings, scrub.Warning{Message: msg})
	}
	if d.ownerOnly {
		d.warnings = append(d.warnings, scrub.Warning{Message: "the PDF's permission password and restrictions were removed: the cleaned copy is not encrypted"})
	}
	if d.decrypted {
		d.warnings = append(d.warnings, scrub.Warning{Message: "the cleaned copy is not password-protected"})
	}
}

// ---- object access ----

// resolve follows an indirect reference. It returns the object (nil for
// null or a missing object) and its object number (0 for direct objects).
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
	return d.object(n), n
}

// object returns object n, decoding it from its object stream if needed.
func (d *doc) object(n int) types.Object {
	e, ok := d.x.Table[n]
	if !ok || e == nil || e.Free {
		return nil
	}
	if l, ok := e.Object.(types.LazyObjectStreamObject); ok {
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
		s, err := types.StringOrHexLiteral(t)
		if err != nil {
			return ""
		}
		return clip(strings.TrimRight(*s, "\x00"))
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
	case types.StreamDict:
		return ""
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

// setObject stores o as object n (used for values held by copy: streams,
// arrays whose length changed).
func (d *doc) setObject(n int, o types.Object) {
	if e, ok := d.x.Table[n]; ok && e != nil {
		e.Object = o
	}
}

func (d *doc) kill(n int) {
	if n > 0 {
		d.killed[n] = true
	}
}
