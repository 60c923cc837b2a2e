package ooxml

import (
	"fmt"
	"sort"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/unseen"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// Hidden content (issue 18): what a document holds that its reader cannot
// see. The rules read it in the same pass as everything else:
//
//   - Word (word.go's neighbour wordhidden.go): text under a black
//     highlight or on shading of its own dark colour, text under a dark
//     box drawn in front of it, text in the colour of its background,
//     text under 2 points, and fields whose stored result is stale;
//   - PowerPoint (slidehidden.go): shapes off the slide, hidden shapes
//     (slides, layouts, masters), text under a box drawn over it, text in
//     the colour of what is behind it, tiny text, stored dates;
//   - Excel (sheethidden.go): hidden rows, columns, sheets and names with
//     what they hold, cells in the colour of their fill, cells whose
//     format shows nothing, values stored from linked workbooks and
//     volatile formulas;
//   - everywhere: cropped pictures (crop.go).
//
// Fake redactions are the serious finding (scrub.LabelCoveredText): they
// are reported, never changed, since only the sender can say what the
// text should become. Under Policy.RemoveHidden what the reader cannot
// see anyway goes: shapes off the slide and hidden shapes (not those
// animations or connectors refer to, nor the placeholders of layouts and
// masters, which slides inherit), white-on-white and tiny text, and the
// part of a picture its crop hides (crop.go). Under
// Policy.RemoveHiddenSheets the cells of hidden rows, columns and sheets
// are emptied.

// hiddenPlan is what the first pass (analyze) decided for one part and the
// writing pass applies. The passes meet the same elements in the same
// order, so they count them alike (also inside removed content, see
// hiddenSkipped).
type hiddenPlan struct {
	behind     bool           // Word: objects lie behind the text somewhere, so text "on white" may be on them
	behindAt   map[int]bool   // Word: ... behind these paragraphs (by number)
	dropShapes map[int]bool   // shapes that go, by their number in the part
	srcRects   map[int][4]int // a:srcRect values (l, t, r, b) after the picture's cut, by picture fill number
}

// hidden is the state of the hidden-content rules in one pass over one
// part.
type hidden struct {
	word  *wordHidden
	slide *slideHidden
	sheet *sheetHidden
	sst   *sstPass
	draw  *drawingPass
	crops *cropPass
}

// initHidden sets up the rules for the part's kind.
func (r *rules) initHidden() {
	if r.pt.plan == nil {
		r.pt.plan = &hiddenPlan{}
	}
	r.h.crops = &cropPass{r: r}
	switch r.kind {
	case kindWordBody:
		r.h.word = newWordHidden(r)
	case kindSlide, kindSlideMaster:
		r.h.slide = newSlideHidden(r)
	case kindSheet:
		r.h.sheet = newSheetHidden(r)
	default:
		switch {
		case strings.HasSuffix(r.pt.ctype, "sharedstrings+xml"):
			r.h.sst = &sstPass{r: r}
		case r.pt.ctype == "application/vnd.openxmlformats-officedocument.drawing+xml":
			r.h.draw = &drawingPass{r: r}
		}
	}
}

// hiddenStart runs the hidden-content rules on a start tag; it returns d
// or what replaces it (in the writing pass: Clear for text that goes,
// Remove for a shape that goes).
func (r *rules) hiddenStart(e *xmlclean.Element, d xmlclean.Decision) xmlclean.Decision {
	if d.Action != xmlclean.Keep && d.Action != xmlclean.Defer {
		r.hiddenSkipped(e)
		return d
	}
	d = r.h.crops.start(e, d)
	switch {
	case r.h.word != nil:
		d = r.h.word.start(e, d)
	case r.h.slide != nil:
		d = r.h.slide.start(e, d)
	case r.h.sheet != nil:
		d = r.h.sheet.start(e, d)
	case r.h.sst != nil && r.writing:
		d = r.h.sst.start(e, d)
	case r.h.draw != nil:
		d = r.h.draw.start(e, d)
	}
	return d
}

// hiddenSkipped counts what lies in removed content, so that both passes
// number shapes and pictures alike.
func (r *rules) hiddenSkipped(e *xmlclean.Element) {
	r.h.crops.skipped(e)
	if r.h.slide != nil {
		r.h.slide.skipped(e)
	}
	if r.h.draw != nil {
		r.h.draw.skipped(e)
	}
}

func (r *rules) hiddenEnd(e *xmlclean.Element) {
	r.h.crops.end(e)
	switch {
	case r.h.word != nil:
		r.h.word.end(e)
	case r.h.slide != nil:
		r.h.slide.end(e)
	case r.h.sheet != nil:
		r.h.sheet.end(e)
	case r.h.sst != nil:
		r.h.sst.end(e)
	case r.h.draw != nil:
		r.h.draw.end(e)
	}
}

func (r *rules) hiddenText(e *xmlclean.Element, b []byte) {
	switch {
	case r.h.word != nil:
		r.h.word.text(e, b)
	case r.h.slide != nil:
		r.h.slide.text(e, b)
	case r.h.sheet != nil:
		r.h.sheet.text(e, b)
	case r.h.draw != nil:
		r.h.draw.text(e, b)
	}
}

// hiddenFinish adds the findings of the part, at its end (the first pass
// only).
func (r *rules) hiddenFinish() {
	switch {
	case r.h.word != nil:
		r.h.word.finish()
	case r.h.slide != nil:
		r.h.slide.finish()
	case r.h.sheet != nil:
		r.h.sheet.finish()
	case r.h.draw != nil:
		r.h.draw.finish()
	}
	r.h.crops.finish()
}

// hiddenFinding adds a finding of hidden content.
func (r *rules) hiddenFinding(where, field, value string, label scrub.Label, action scrub.Action, minor bool) {
	if r.fs == nil || r.writing {
		return
	}
	r.fs.Add(scrub.Finding{Where: where, Field: field, Value: value, Kind: scrub.KindHidden, Action: action, Label: label, Minor: minor})
}

// removable returns the Action of hidden content that Policy.RemoveHidden
// removes.
func (r *rules) removable(can bool) scrub.Action {
	if can && r.p.env.Policy.RemoveHidden {
		return scrub.Remove
	}
	return scrub.Report
}

// covered is the value of a fake redaction's finding.
func covered(text, under string) string {
	return fmt.Sprintf("%s: still in the file %s: %s", unseen.Quote(text, 160), under, unseen.Advice)
}

// places names the parts as the reader knows them: "slide 3", "sheet
// “Budget”".
func (p *pkg) place(pt *part) string {
	if p.places == nil {
		p.places = map[*part]string{}
		p.namePlaces()
	}
	if s, ok := p.places[pt]; ok {
		return s
	}
	return pt.name
}

// namePlaces numbers the slides in the order the presentation shows them
// and names the worksheets (and their drawings) as the workbook does.
func (p *pkg) namePlaces() {
	main := p.main
	switch {
	case strings.Contains(main.ctype, "presentationml"):
		n := 0
		_ = p.parse(main, func(e *xmlclean.Element) xmlclean.Decision {
			if isP(e.Name.Space) && e.Name.Local == "sldId" {
				for i := range e.Attrs {
					if isR(e.Attrs[i].Name.Space) && e.Attrs[i].Name.Local == "id" {
						if rl := main.own.rel(e.Attrs[i].Value); rl != nil && rl.to != nil {
							n++
							p.places[rl.to] = fmt.Sprintf("slide %d", n)
						}
					}
				}
			}
			return xmlclean.Decision{}
		}, nil)
	case strings.Contains(main.ctype, "spreadsheetml") || strings.Contains(main.ctype, "ms-excel"):
		for _, s := range p.workbook().sheets {
			if s.part == nil {
				continue
			}
			p.places[s.part] = "sheet “" + s.name + "”"
			if d := p.related(s.part, "drawing"); d != nil {
				p.places[d] = "sheet “" + s.name + "”"
			}
		}
	}
}

func (rp *relsPart) rel(id string) *rel {
	if rp == nil {
		return nil
	}
	return rp.byID[id]
}

// rect is a box in EMU (1/914400 inch).
type rect struct{ x0, y0, x1, y1 float64 }

func (a rect) area() float64 { return max(0, a.x1-a.x0) * max(0, a.y1-a.y0) }

func (a rect) intersect(b rect) rect {
	return rect{max(a.x0, b.x0), max(a.y0, b.y0), min(a.x1, b.x1), min(a.y1, b.y1)}
}

// emuPerPoint: 12700 EMU make a point.
const emuPerPoint = 12700

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}
