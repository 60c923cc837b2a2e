package pdf

import (
	"bytes"
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// Applying redaction marks (Policy.Redactions "apply"): a /Redact
// annotation (ISO 32000-2 §12.5.6.23) marks an area whose content is to
// be removed; until it is applied, the content is all there. Applying it
// removes the glyphs under it from the page's content streams (the same
// rewrite as the removal of hidden text: nothing else on the page moves),
// paints the area in the mark's interior colour (/IC) over everything,
// and drops the mark.
//
// scrub applies a mark only when that removes everything under it: text
// drawn by the page itself, in a font whose glyphs it can step over. It
// refuses to clean (and says why) when a mark covers a picture (its pixels
// would stay), a drawing other than plain boxes (text turned into
// outlines, a signature), text drawn by a form shared with other places,
// clipping text, a form field or another annotation with text of its own,
// replacement text (/ActualText) on the page, or words that a bookmark,
// link or form value repeats.

// planApply decides whether mark m (its item it) can be applied safely,
// and if so, has its glyphs removed with the page's hidden ones.
func (h *hiddenPass) planApply(p pageEntry, sc *scene, m redactMark, it *item, others []annotBox) {
	it.mark = &m
	it.removable = true
	unsafe := func(reason string) {
		if it.unsafe == "" {
			it.unsafe = reason
		}
		it.removable = false
	}
	over := func(r rect) bool {
		for _, a := range m.areas {
			if a.overlaps(r) {
				return true
			}
		}
		return false
	}
	for _, i := range it.idx {
		gl := &sc.glyphs[i]
		run := &sc.runs[gl.run]
		switch {
		case run.src.obj == 0 || h.isForm(run):
			unsafe("text under it is drawn by a form that may be used elsewhere")
		case run.mode >= 4:
			unsafe("text under it also clips what the page draws")
		case gl.adv != gl.adv: // NaN
			unsafe("text under it is in a font of size 0 that scrub cannot step over")
		}
	}
	for i := range sc.paints {
		pt := &sc.paints[i]
		if pt.hidden || !over(pt.box) {
			continue
		}
		switch {
		case pt.kind == paintImage || pt.kind == paintMask:
			unsafe("a picture is under it, and its pixels would stay")
		case pt.kind == paintShading:
		case pt.shape != nil && !pt.shape.rectangle:
			inside := 0.0
			for _, a := range m.areas {
				inside += a.intersect(pt.box).area()
			}
			if inside >= 0.5*pt.box.area() {
				unsafe("a drawing is under it (it may be text turned into outlines, or a signature)")
			}
		}
	}
	for _, a := range others {
		if !over(a.box) {
			continue
		}
		switch a.subtype {
		case "Link", "Popup", "Highlight", "Underline", "StrikeOut", "Squiggly", "Square", "Circle", "Line":
		default:
			unsafe(fmt.Sprintf("a %s annotation (a form field, typed text or a stamp) is over the same area", a.subtype))
		}
	}
	if len(it.idx) > 0 && bytes.Contains(h.pc.b, []byte("/ActualText")) {
		unsafe("the page gives replacement text (/ActualText) that may repeat the text under it")
	}
	for _, w := range words(it.text.String()) {
		if len(h.applyWords) < 1<<16 {
			h.applyWords[w] = append(h.applyWords[w], it)
		}
	}
}

// finishApply writes the finding of a redaction to apply and, if it is
// applied, the overlay that paints its area; if it cannot be applied
// safely, cleaning is refused.
func (h *hiddenPass) finishApply(it *item, valid map[editKey]bool) {
	d := h.d
	applied := it.removable && it.unsafe == ""
	for _, k := range it.edits {
		applied = applied && valid[k]
	}
	if it.removable && !applied && it.unsafe == "" {
		it.unsafe = "the text under it could not be removed without changing the rest of the page"
	}
	text := "no text"
	if it.glyphs > 0 {
		text = quote(clipText(joinFields(it.text.String()), 150), 160)
	}
	f := scrub.Finding{Where: it.where, Field: "redaction marked but never applied (Redact annotation)", Kind: scrub.KindHidden,
		Label: scrub.LabelCoveredText}
	if !applied {
		f.Action = scrub.Report
		f.Value = fmt.Sprintf("%s: marked for redaction but still in the file; scrub cannot apply it safely: %s", text, it.unsafe)
		d.add(f)
		if d.clean && h.refusal == nil {
			h.refusal = scrub.Unsupported(formatName,
				fmt.Sprintf("the redaction marked on %s cannot be applied safely: %s", it.where, it.unsafe),
				"apply the redactions in the program that marked them (a PDF editor's redaction tool), or clean the file keeping the marks or removing them")
		}
		return
	}
	f.Action = scrub.Remove
	f.Value = fmt.Sprintf("%s: the redaction is applied (what it covered is removed)", text)
	d.add(f)
	if len(it.mark.fill) == 0 {
		return
	}
	var b bytes.Buffer
	b.WriteString("q ")
	for _, v := range it.mark.fill {
		b.WriteString(formatNumber(v))
		b.WriteByte(' ')
	}
	b.WriteString(map[int]string{1: "g", 3: "rg", 4: "k"}[len(it.mark.fill)])
	for _, a := range it.mark.areas {
		fmt.Fprintf(&b, " %s %s %s %s re", formatNumber(a.x0), formatNumber(a.y0), formatNumber(a.w()), formatNumber(a.h()))
	}
	b.WriteString(" f Q\n")
	d.overlays[it.where] = append(d.overlays[it.where], b.Bytes()...)
}

func joinFields(s string) string {
	var b bytes.Buffer
	for i, f := range bytes.Fields([]byte(s)) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.Write(f)
	}
	return b.String()
}

// overlay builds a page's contents (build sets page's /Contents) and, if
// redactions were applied to the page, wraps them to paint the redacted
// areas on top: the original streams between q and Q (whatever state they
// leave), then the boxes. The streams are numbered in the order a second
// cleaning numbers them.
func (d *doc) overlay(page types.Dict, where string, build func()) {
	ov, ok := d.overlays[where]
	if !ok || !d.clean {
		build()
		return
	}
	pre := d.alloc(outKey{})
	d.out[pre-1] = types.StreamDict{Dict: types.Dict{}, Raw: []byte("q\n")}
	build()
	var streams types.Array
	switch c := page["Contents"].(type) {
	case types.Array:
		streams = c
	case types.IndirectRef:
		streams = types.Array{c}
	}
	post := d.alloc(outKey{})
	d.out[post-1] = types.StreamDict{Dict: types.Dict{"Filter": types.Name("FlateDecode")}, Raw: deflate(append([]byte("\nQ\n"), ov...))}
	page["Contents"] = append(append(types.Array{ref(pre)}, streams...), ref(post))
}
