package odf

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/scrub-project/scrub/formats/internal/imgcrop"
	"github.com/scrub-project/scrub/formats/internal/unseen"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// Hidden content (issue 18) in OpenDocument files. Before the rules run,
// an analysis pass reads the document's styles and content (styles.go and
// analyzer below) and decides what the reader cannot see:
//
//   - text on a background of its own dark colour (LibreOffice's
//     character highlighting, paragraph and cell backgrounds) with an
//     explicit dark colour: fake redactions, reported, kept. Checked with
//     LibreOffice 7.4: text of automatic colour on a dark background is
//     drawn white, so it is not hidden;
//   - text under a dark shape drawn in front of its paragraph (Writer) or
//     over its text box (Impress), and text under a picture;
//   - text in the colour of what is behind it, and text under 2 points;
//   - shapes outside the slide, and shapes hidden on the slide
//     (drawooo:display, draw:display "none", or shown only in print);
//   - date and time fields whose stored value is stale;
//   - cropped pictures (fo:clip): how much is hidden.
//
// Under Policy.RemoveHidden cleaning removes what the reader cannot see
// anyway: shapes off the slide and hidden shapes (not those animations
// name), white-on-white and tiny text (whole spans and paragraphs of it;
// text mixed with other content stays and is reported), and the part of
// a picture its crop hides (cut losslessly, the crop set to show what it
// showed). Under Policy.RemoveHiddenSheets it empties the cells of
// hidden sheets, rows and columns (sheethidden.go). The rules apply these
// decisions by counting spans, paragraphs, shapes and cells as the
// analysis did.

const (
	nsDrawOOo = "http://openoffice.org/2010/draw"
	nsSMIL    = "urn:oasis:names:tc:opendocument:xmlns:smil-compatible:1.0"
	nsAnim    = "urn:oasis:names:tc:opendocument:xmlns:animation:1.0"
	nsXMLID   = xmlclean.NSXML
	nsNumber  = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
)

// hiddenPlan is what the analysis found in one document (or
// sub-document) and what cleaning does about it.
type hiddenPlan struct {
	findings   []scrub.Finding
	clearSpans map[int]bool
	clearParas map[int]bool
	dropShapes map[int]bool
	clips      map[string]string // automatic graphic style -> new fo:clip
	cut        map[string][]byte // member -> the picture cut to what its frames show
	cells      map[int]cellPlan  // cells emptied (sheethidden.go), by their number
	runs       int               // runs of the cells split
	tooMany    bool              // more than maxRuns: cleaning refuses
}

// counter numbers spans, paragraphs, shapes and table cells in document
// order, in the analysis and in the rules alike. In the rules' writing
// pass it also holds the cell being emptied and the cells marked to be
// split (sheethidden.go).
type counter struct {
	spans, paras, shapes, cells int
	emptying                    *xmlclean.Element
	splits                      []splitCell
	nonce                       string
}

var shapeNames = map[string]bool{"rect": true, "custom-shape": true, "frame": true, "ellipse": true, "circle": true, "polygon": true,
	"polyline": true, "path": true, "line": true, "connector": true, "g": true, "caption": true, "measure": true,
	"regular-polygon": true, "control": true}

// count numbers e; it returns which of the four it is ('s', 'p', 'd',
// 'c') and its number.
func (c *counter) count(e *xmlclean.Element) (byte, int) {
	switch {
	case e.Is(nsText, "span"):
		c.spans++
		return 's', c.spans - 1
	case e.Is(nsText, "p"), e.Is(nsText, "h"):
		c.paras++
		return 'p', c.paras - 1
	case e.Name.Space == nsDraw && shapeNames[e.Name.Local]:
		c.shapes++
		return 'd', c.shapes - 1
	case isCell(e):
		c.cells++
		return 'c', c.cells - 1
	}
	return 0, 0
}

// apply is the rules' side: the decision for e under the plan.
func (pl *hiddenPlan) apply(c *counter, e *xmlclean.Element, d xmlclean.Decision, writing bool) xmlclean.Decision {
	what, n := c.count(e)
	if pl == nil || !writing {
		return d
	}
	if len(pl.cells) > 0 {
		if d = pl.applyCell(c, e, what, n, d); what == 'c' || d.Action == xmlclean.Remove {
			return d
		}
	}
	if d.Action != xmlclean.Keep && d.Action != xmlclean.Defer {
		return d
	}
	switch what {
	case 's':
		if pl.clearSpans[n] {
			return xmlclean.Decision{Action: xmlclean.Clear}
		}
	case 'p':
		if pl.clearParas[n] {
			return xmlclean.Decision{Action: xmlclean.Clear}
		}
	case 'd':
		if pl.dropShapes[n] {
			return xmlclean.Decision{Action: xmlclean.Remove}
		}
	}
	if e.Is(nsStyle, "graphic-properties") && e.Parent != nil && e.Parent.Is(nsStyle, "style") {
		if clip, ok := pl.clips[attr(e.Parent, nsStyle, "name")]; ok {
			for i := range e.Attrs {
				if e.Attrs[i].Name == (xmlclean.Name{Space: nsFO, Local: "clip"}) {
					e.ReplaceAttr(i, clip, xmlclean.Note{})
				}
			}
		}
	}
	return d
}

// textClass is what a piece of text is to the reader.
type textClass uint8

const (
	textShown textClass = iota
	textCovered
	textBackground
	textTiny
)

type segment struct {
	class textClass
	text  strings.Builder
	spans []*spanFrame // the innermost span of each piece (nil: directly in the paragraph)
}

type paraFrame struct {
	e         *xmlclean.Element
	idx       int
	n         int // numbered for findings (0: not in the body's text)
	style     string
	segs      []*segment
	text      strings.Builder
	simple    bool
	classes   map[textClass]bool
	shapes    []*odfShape
	clearable []*spanFrame // spans of white or tiny text only, that can go whole
}

type spanFrame struct {
	e       *xmlclean.Element
	idx     int
	style   string
	simple  bool
	classes map[textClass]bool
	parent  *spanFrame
}

// odfShape is a drawing shape or frame.
type odfShape struct {
	e           *xmlclean.Element
	idx         int
	kind        string
	name        string
	look        graphicLook
	box         [4]float64 // x0, y0, x1, y1 in points
	boxOK       bool
	hidden      string // "none", "printer"
	anchor      string
	para        *paraFrame
	text        strings.Builder
	image       bool
	ids         []string
	placeholder bool
	parent      *odfShape
	offPage     bool
}

type pageFrame struct {
	n      int
	name   string
	w, h   float64
	bg     odfColour
	bgOK   bool
	shapes []*odfShape
}

// cellFrame is a table cell being read.
type cellFrame struct {
	e       *xmlclean.Element
	style   string
	typ     string // office:value-type
	value   string // office:string-value, office:date-value or office:value
	formula string
	text    strings.Builder
	// A cell of a sheet (not of a table in it): its number, place and
	// runs (sheethidden.go), and what emptying it would remove.
	sheet     bool
	covered   bool
	idx       int
	row, col  int
	rows      int // the repetition of its row
	n         int // its repetition
	spans     [2]int
	runs      []cellRun
	removable bool // a value, a formula, content other than drawings
	direct    bool // text right in the cell
}

// sheetFrame is what a sheet hides: the sheet itself, rows and columns,
// with the cells they hold (Calc only).
type sheetFrame struct {
	name       string
	hidden     bool
	hiddenCols [][2]int // first, last column (1-based), in order, adjacent ones joined
	rowHidden  string   // "collapse", "filter" or ""
	cells      int
	sample     []string
	rows       []int
	rowVals    []string
	filtered   []int
	filterVals []string
	cols       map[int]bool
	colVals    []string
	colN       int // columns declared so far
	row, col   int // the current row and the last column placed in it (1-based)
	rowRep     int // the current row's repetition
}

type cropRef struct {
	shape  *odfShape
	member string
	style  *odfStyle  // the automatic style that sets the crop
	clip   [4]float64 // top, right, bottom, left in inches
	units  [4]string
	where  string
	gone   bool
}

// analyzer is the analysis pass over one document's content.
type analyzer struct {
	p       *analysis
	styles  *styleSet
	content bool // content.xml or a flat document (automatic styles of content)
	c       counter
	where   string
	body    bool // inside office:body
	gone    int  // depth inside content the rules remove (tracked changes, comments)
	paras   []*paraFrame
	spans   []*spanFrame
	cells   []*cellFrame
	calc    bool // inside office:spreadsheet
	sheetF  *sheetFrame
	tables  int // table:table elements open
	work    int // column ranges looked at for cells (at most maxWork)
	shapes  []*odfShape
	page    *pageFrame
	npage   int
	npara   int
	sheet   string
	row     int
	col     int
	items   []item
	targets map[string]bool
	fields  []*fieldFrame
	refs    []*cropRef
	pages   []*pageFrame
	plan    *hiddenPlan
}

type item struct {
	where, field, value string
	label               scrub.Label
	removable           bool
	minor               bool
	emptied             string    // hidden cells: what stays when cleaning empties them (Policy.RemoveHiddenSheets)
	shape               *odfShape // the shape it is about, for actions
}

type fieldFrame struct {
	e    *xmlclean.Element
	kind string
	text strings.Builder
}

// analysis is what the package (or flat document) gives the analyzer:
// the policy and the pictures.
type analysis struct {
	policy scrub.Policy
	root   string
	load   func(member string) []byte // nil for a flat document
	other  map[string]bool            // pictures used where a crop cannot follow
}

func (a *analyzer) para() *paraFrame {
	if len(a.paras) == 0 {
		return nil
	}
	return a.paras[len(a.paras)-1]
}

func (a *analyzer) span() *spanFrame {
	if len(a.spans) == 0 {
		return nil
	}
	return a.spans[len(a.spans)-1]
}

func (a *analyzer) shape() *odfShape {
	if len(a.shapes) == 0 {
		return nil
	}
	return a.shapes[len(a.shapes)-1]
}

// simpleChild: elements a span or paragraph may hold and still be
// emptied as a whole (nothing else is lost with its text).
var simpleChild = map[string]bool{"s": true, "tab": true, "line-break": true, "soft-page-break": true, "span": true,
	"bookmark": true, "bookmark-start": true, "bookmark-end": true}

func (a *analyzer) start(e *xmlclean.Element) xmlclean.Decision {
	what, idx := a.c.count(e)
	if e.Is(nsOffice, "body") {
		a.body = true
	}
	if !a.body {
		return xmlclean.Decision{}
	}
	if n := len(a.cells); n > 0 && a.gone == 0 && e.Parent == a.cells[n-1].e && !keptInCell(e) {
		a.cells[n-1].removable = true
	}
	if goneRoot(e) {
		a.gone++
	}
	if a.gone > 0 {
		return xmlclean.Decision{}
	}
	// What the enclosing spans and paragraphs may hold and still go
	// whole.
	if e.Name.Space != nsText || !simpleChild[e.Name.Local] {
		for _, s := range a.spans {
			s.simple = false
		}
		for _, p := range a.paras {
			p.simple = false
		}
	}
	for i := range e.Attrs {
		at := &e.Attrs[i]
		if at.Name.Space == nsSMIL && at.Name.Local == "targetElement" {
			a.targets[at.Value] = true
		}
	}
	switch {
	case what == 'p':
		n := 0
		if a.page == nil && len(a.shapes) == 0 && len(a.cells) == 0 {
			a.npara++
			n = a.npara
		}
		a.paras = append(a.paras, &paraFrame{e: e, idx: idx, n: n, style: attr(e, nsText, "style-name"), simple: true, classes: map[textClass]bool{}})
	case what == 's':
		a.spans = append(a.spans, &spanFrame{e: e, idx: idx, style: attr(e, nsText, "style-name"), simple: true, classes: map[textClass]bool{}, parent: a.span()})
	case what == 'd':
		a.startShape(e, idx)
	case e.Is(nsDraw, "page"):
		a.npage++
		pg := &pageFrame{n: a.npage, name: attr(e, nsDraw, "name")}
		if mp, ok := a.styles.masters[attr(e, nsDraw, "master-page-name")]; ok {
			lay := a.styles.layouts[mp.layout]
			pg.w, pg.h = lay.w, lay.h
			if mp.drawStyle != "" {
				g := graphic(a.styles.chain("drawing-page", mp.drawStyle, false))
				pg.bg, pg.bgOK = pageFill(g)
			}
		}
		if s := attr(e, nsDraw, "style-name"); s != "" {
			g := graphic(a.styles.chain("drawing-page", s, a.content))
			if bg, ok := pageFill(g); ok || g.fill != "" {
				pg.bg, pg.bgOK = bg, ok
			}
		}
		a.page = pg
		a.pages = append(a.pages, pg)
	case e.Is(nsOffice, "spreadsheet"):
		a.calc = true
	case e.Is(nsTable, "table"):
		a.tables++
		a.sheet = attr(e, nsTable, "name")
		a.row = 0
		if a.calc && a.sheetF == nil && a.tables == 1 {
			sf := &sheetFrame{name: a.sheet, cols: map[int]bool{}}
			for _, st := range a.styles.chain("table", attr(e, nsTable, "style-name"), a.content) {
				if st.tableDisplay != "" {
					sf.hidden = st.tableDisplay == "false"
					break
				}
			}
			a.sheetF = sf
		}
	case e.Is(nsTable, "table-column"):
		if sf := a.sheetF; sf != nil && a.tables == 1 {
			k := repeated(e, "number-columns-repeated", 1<<20)
			if v := attr(e, nsTable, "visibility"); v == "collapse" || v == "filter" {
				if n := len(sf.hiddenCols); n > 0 && sf.hiddenCols[n-1][1] == sf.colN {
					sf.hiddenCols[n-1][1] += k
				} else {
					sf.hiddenCols = append(sf.hiddenCols, [2]int{sf.colN + 1, sf.colN + k})
				}
			}
			sf.colN += k
		}
	case e.Is(nsTable, "table-row"):
		a.col = 0
		a.row++
		if sf := a.sheetF; sf != nil && a.tables == 1 {
			sf.row++
			sf.col = 0
			sf.rowRep = repeated(e, "number-rows-repeated", 1<<21)
			sf.rowHidden = attr(e, nsTable, "visibility")
			if sf.rowHidden != "collapse" && sf.rowHidden != "filter" {
				sf.rowHidden = ""
			}
		}
	case e.Is(nsTable, "table-cell"), e.Is(nsTable, "covered-table-cell"):
		a.col++
		c := &cellFrame{e: e, style: attr(e, nsTable, "style-name"), typ: attr(e, nsOffice, "value-type"), formula: attr(e, nsTable, "formula"),
			value: cellValue(e), covered: e.Name.Local == "covered-table-cell", idx: idx}
		if sf := a.sheetF; sf != nil && a.tables == 1 && len(a.cells) == 0 {
			c.sheet, c.row, c.col, c.rows = true, sf.row, sf.col+1, sf.rowRep
			c.n = repeated(e, "number-columns-repeated", 1<<20)
			c.spans = [2]int{repeated(e, "number-columns-spanned", 1<<20), repeated(e, "number-rows-spanned", 1<<21)}
			c.removable = hasValue(e)
			sf.col += c.n
		}
		if !c.covered || c.sheet {
			a.cells = append(a.cells, c)
		}
	case e.Is(nsDraw, "image"):
		if sh := a.shape(); sh != nil && sh.kind == "frame" {
			sh.image = true
			a.cropRef(sh, attr(e, nsXLink, "href"))
		}
	case e.Is(nsDraw, "fill-image"), e.Is(nsStyle, "background-image"):
		a.otherUse(attr(e, nsXLink, "href"))
	case e.Name.Space == nsText && staleFields[e.Name.Local] != "" && attr(e, nsText, "fixed") != "true":
		a.fields = append(a.fields, &fieldFrame{e: e, kind: e.Name.Local})
	}
	return xmlclean.Decision{}
}

// goneRoot reports the elements whose content the reader does not see
// as text of the page: tracked changes and comments (which cleaning
// removes) and speaker notes (reported as such).
func goneRoot(e *xmlclean.Element) bool {
	return e.Is(nsText, "tracked-changes") || e.Is(nsTable, "tracked-changes") || e.Is(nsOffice, "annotation") ||
		(e.Name.Space == nsOOo && e.Name.Local == "annotation") || e.Is(nsPres, "notes")
}

// Fields whose stored value says when the document was last updated, and
// the program shows another (today's date, the cleaned properties).
var staleFields = map[string]string{
	"date": "today's date", "time": "the current time", "creation-date": "the date the document was made",
	"creation-time": "the time the document was made", "modification-date": "the date it was last saved",
	"modification-time": "the time it was last saved", "print-date": "the date it was last printed",
	"print-time": "the time it was last printed", "editing-duration": "how long it was edited",
}

func pageFill(g graphicLook) (odfColour, bool) {
	if c, ok, _ := g.solid(); ok {
		return odfColour{set: true, rgb: c}, true
	}
	if g.fill == "none" {
		return odfColour{set: true, transparent: true}, true
	}
	return odfColour{}, false
}

func (a *analyzer) startShape(e *xmlclean.Element, idx int) {
	sh := &odfShape{e: e, idx: idx, kind: e.Name.Local, name: attr(e, nsDraw, "name"), parent: a.shape()}
	st := attr(e, nsDraw, "style-name")
	family := "graphic"
	if ps := attr(e, nsPres, "style-name"); ps != "" && st == "" {
		st, family = ps, "presentation"
	}
	sh.look = graphic(a.styles.chain(family, st, a.content))
	for _, n := range []string{attr(e, nsDrawOOo, "display"), attr(e, nsDraw, "display")} {
		if n == "none" || n == "printer" {
			sh.hidden = n
		}
	}
	if sh.parent != nil && sh.parent.hidden != "" && sh.hidden == "" {
		sh.hidden = sh.parent.hidden
	}
	sh.anchor = attr(e, nsText, "anchor-type")
	sh.placeholder = attr(e, nsPres, "placeholder") == "true"
	for _, id := range []string{attr(e, nsDraw, "id"), attr(e, nsXMLID, "id")} {
		if id != "" {
			sh.ids = append(sh.ids, id)
		}
	}
	x, okx := lengthPt(attr(e, nsSVG, "x"))
	y, oky := lengthPt(attr(e, nsSVG, "y"))
	w, okw := lengthPt(attr(e, nsSVG, "width"))
	h, okh := lengthPt(attr(e, nsSVG, "height"))
	if t := attr(e, nsDraw, "transform"); t != "" {
		if i := strings.Index(t, "translate"); i >= 0 {
			args := strings.FieldsFunc(t[i+len("translate"):], func(r rune) bool { return r == '(' || r == ')' || r == ',' || r == ' ' })
			if len(args) >= 2 {
				x, okx = lengthPt(args[0])
				y, oky = lengthPt(args[1])
			}
		}
	}
	if okx && oky && okw && okh {
		sh.box, sh.boxOK = [4]float64{x, y, x + w, y + h}, true
	}
	if p := a.para(); p != nil && a.page == nil {
		sh.para = p
	}
	a.shapes = append(a.shapes, sh)
	if a.page != nil {
		a.page.shapes = append(a.page.shapes, sh)
		if a.page.w > 0 && sh.boxOK && (sh.box[2] <= 0 || sh.box[3] <= 0 || sh.box[0] >= a.page.w || sh.box[1] >= a.page.h) && w*h > 0 {
			sh.offPage = true
		}
	}
}

// parseClip reads fo:clip="rect(top, right, bottom, left)" (inches).
func parseClip(v string) ([4]float64, [4]string, bool) {
	var out [4]float64
	var units [4]string
	v = strings.TrimSpace(v)
	if !strings.HasPrefix(v, "rect(") || !strings.HasSuffix(v, ")") {
		return out, units, false
	}
	parts := strings.FieldsFunc(v[5:len(v)-1], func(r rune) bool { return r == ',' || r == ' ' })
	if len(parts) != 4 {
		return out, units, false
	}
	for i, p := range parts {
		if p == "auto" {
			continue
		}
		pt, ok := lengthPt(p)
		if !ok {
			return out, units, false
		}
		out[i] = pt / 72
		units[i] = strings.TrimLeft(p, "-0123456789.")
	}
	return out, units, true
}

func (a *analyzer) otherUse(href string) {
	if href != "" {
		a.p.other[a.p.root+strings.TrimPrefix(href, "./")] = true
	}
}

func (a *analyzer) cropRef(sh *odfShape, href string) {
	if href == "" || strings.Contains(href, ":") || strings.HasPrefix(href, "/") || strings.HasPrefix(href, "../") {
		return
	}
	member := a.p.root + strings.TrimPrefix(href, "./")
	ref := &cropRef{shape: sh, member: member, where: a.placeOf(sh), style: sh.look.clipStyle}
	if sh.look.clipStyle != nil {
		c, u, ok := parseClip(sh.look.clip)
		if !ok {
			a.otherUse(href)
			return
		}
		ref.clip, ref.units = c, u
	}
	a.refs = append(a.refs, ref)
}

// placeOf names where a shape is.
func (a *analyzer) placeOf(sh *odfShape) string {
	switch {
	case a.page != nil:
		return fmt.Sprintf("%sslide %d", a.p.root, a.page.n)
	case a.sheet != "":
		return a.p.root + a.tableWord() + " “" + a.sheet + "”"
	case sh != nil && sh.para != nil && sh.para.n > 0:
		return fmt.Sprintf("%s, paragraph %d", a.where, sh.para.n)
	}
	return a.where
}

// classify says what text in the current spans, paragraph, cell, shape
// and page is to the reader.
func (a *analyzer) classify() textClass {
	var look textLook
	for i := len(a.spans) - 1; i >= 0; i-- {
		text(a.styles.chain("text", a.spans[i].style, a.content), &look)
	}
	p := a.para()
	var pchain []*odfStyle
	if p != nil {
		pchain = a.styles.chain("paragraph", p.style, a.content)
		text(pchain, &look)
	}
	var cchain []*odfStyle
	if n := len(a.cells); n > 0 && a.cells[n-1].style != "" {
		cchain = a.styles.chain("table-cell", a.cells[n-1].style, a.content)
		text(cchain, &look)
	}
	if look.size > 0 && look.size < 2 {
		return textTiny
	}
	explicit := look.colour.set && !look.colour.transparent && !look.auto
	// The character background (LibreOffice's highlighting).
	if look.bg.set && !look.bg.transparent {
		if explicit && unseen.CoversText(look.bg.rgb, look.colour.rgb) {
			return textCovered
		}
		if explicit && unseen.Unreadable(look.bg.rgb, look.colour.rgb) {
			return textBackground
		}
		return textShown
	}
	bg, known := unseen.White, true
	if c := chainColour(pchain, func(s *odfStyle) odfColour { return s.paraBG }); c.set && !c.transparent {
		bg = c.rgb
		if explicit && unseen.CoversText(bg, look.colour.rgb) {
			return textCovered
		}
	} else if c := chainColour(cchain, func(s *odfStyle) odfColour { return s.cellBG }); c.set && !c.transparent {
		bg = c.rgb
		if explicit && unseen.CoversText(bg, look.colour.rgb) {
			return textCovered
		}
	} else if sh := a.shape(); sh != nil {
		bg, known = a.behind(sh)
	} else if a.page != nil && a.page.bgOK && !a.page.bg.transparent {
		bg = a.page.bg.rgb
	}
	if explicit && known && unseen.Unreadable(bg, look.colour.rgb) {
		return textBackground
	}
	return textShown
}

// behind returns the colour behind a shape's text.
func (a *analyzer) behind(sh *odfShape) (unseen.RGB, bool) {
	if c, ok, see := sh.look.solid(); ok {
		return c, true
	} else if !see {
		return unseen.RGB{}, false
	}
	if a.page == nil {
		return unseen.White, sh.para != nil // a text frame in Writer: on the page
	}
	if sh.boxOK {
		for i := len(a.page.shapes) - 1; i >= 0; i-- {
			b := a.page.shapes[i]
			if b.idx >= sh.idx || !b.boxOK || b.hidden != "" || b.offPage || b.kind == "g" {
				continue
			}
			over := overlap(b.box, sh.box)
			if over <= 0 {
				continue
			}
			c, ok, see := b.look.solid()
			switch {
			case see && !b.image:
				continue
			case ok && over >= 0.9*area(sh.box):
				return c, true
			}
			return unseen.RGB{}, false
		}
	}
	if !a.page.bgOK {
		return unseen.RGB{}, false
	}
	if a.page.bg.transparent {
		return unseen.White, true
	}
	return a.page.bg.rgb, true
}

func area(b [4]float64) float64 { return max(0, b[2]-b[0]) * max(0, b[3]-b[1]) }

func overlap(a, b [4]float64) float64 {
	return area([4]float64{max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])})
}

func (a *analyzer) text(e *xmlclean.Element, b []byte) {
	if !a.body || a.gone > 0 || e == nil {
		return
	}
	for _, f := range a.fields {
		if f.text.Len() < 200 {
			f.text.Write(b)
		}
	}
	for _, sh := range a.shapes {
		if sh.text.Len() < 1000 {
			sh.text.Write(b)
		}
	}
	if n := len(a.cells); n > 0 && e == a.cells[n-1].e && !unseen.Blank(string(b)) {
		a.cells[n-1].direct = true
	}
	if n := len(a.cells); n > 0 && len(a.shapes) == 0 && a.cells[n-1].text.Len() < 500 {
		a.cells[n-1].text.Write(b)
	}
	p := a.para()
	if p == nil || unseen.Blank(string(b)) && len(p.segs) == 0 {
		if p != nil {
			p.text.Write(b)
		}
		return
	}
	class := a.classify()
	if p.text.Len() < 2000 {
		p.text.Write(b)
	}
	p.classes[class] = true
	for s := a.span(); s != nil; s = s.parent {
		s.classes[class] = true
	}
	var sg *segment
	if n := len(p.segs); n > 0 && p.segs[n-1].class == class {
		sg = p.segs[n-1]
	} else {
		sg = &segment{class: class}
		p.segs = append(p.segs, sg)
	}
	sg.text.Write(b)
	sg.spans = append(sg.spans, a.span())
}

func (a *analyzer) end(e *xmlclean.Element) {
	if !a.body {
		return
	}
	if a.gone > 0 {
		if goneRoot(e) {
			a.gone--
		}
		return
	}
	if n := len(a.fields); n > 0 && a.fields[n-1].e == e {
		f := a.fields[n-1]
		a.fields = a.fields[:n-1]
		if t := strings.TrimSpace(f.text.String()); t != "" {
			a.items = append(a.items, item{where: a.hereWhere(), field: "stored field result", label: scrub.LabelStaleValue,
				value: fmt.Sprintf("%s field shows %s as stored: LibreOffice shows %s when it updates the field; the stored value says when it was last updated",
					strings.ReplaceAll(f.kind, "-", " "), unseen.Quote(t, 60), staleFields[f.kind])})
		}
	}
	switch {
	case e.Is(nsText, "span"):
		if s := a.span(); s != nil && s.e == e {
			a.spans = a.spans[:len(a.spans)-1]
			a.endSpan(s)
		}
	case e.Is(nsText, "p"), e.Is(nsText, "h"):
		if p := a.para(); p != nil && p.e == e {
			a.paras = a.paras[:len(a.paras)-1]
			a.endPara(p)
		}
	case e.Name.Space == nsDraw && shapeNames[e.Name.Local]:
		if sh := a.shape(); sh != nil && sh.e == e {
			a.shapes = a.shapes[:len(a.shapes)-1]
			sh.e = nil
			if sh.para != nil {
				sh.para.shapes = append(sh.para.shapes, sh)
			}
			if a.page == nil && sh.hidden != "" && (sh.parent == nil || sh.parent.hidden == "") {
				// Slides judge their shapes at the slide's end; in text
				// and sheets a hidden shape is reported here (and kept:
				// its anchor and frame stay as they are).
				field := "hidden shape"
				if sh.hidden == "printer" {
					field = "shape shown only when printed"
				}
				a.items = append(a.items, item{where: a.placeOf(sh), field: field, label: scrub.LabelHiddenObject, value: describeShape(sh)})
			}
		}
	case e.Is(nsDraw, "page"):
		if a.page != nil {
			a.endPage(a.page)
			a.page = nil
		}
	case e.Is(nsTable, "table-cell"), e.Is(nsTable, "covered-table-cell"):
		if n := len(a.cells); n > 0 && a.cells[n-1].e == e {
			c := a.cells[n-1]
			a.cells = a.cells[:n-1]
			c.e = nil
			if n == 1 {
				a.endCell(c)
			}
		}
		a.col += repeated(e, "number-columns-repeated", 1<<20) - 1
	case e.Is(nsTable, "table-row"):
		a.row += repeated(e, "number-rows-repeated", 1<<21) - 1
		if sf := a.sheetF; sf != nil && a.tables == 1 {
			sf.row += sf.rowRep - 1
		}
	case e.Is(nsTable, "table"):
		a.tables--
		a.sheet = ""
		if sf := a.sheetF; sf != nil && a.tables == 0 {
			a.endSheet(sf)
			a.sheetF = nil
		}
	case e.Is(nsOffice, "spreadsheet"):
		a.calc = false
	}
}

func removableClass(c textClass) bool { return c == textBackground || c == textTiny }

// uniform reports whether every text of an element is of one removable
// class (and there is some).
func uniform(classes map[textClass]bool) bool {
	if len(classes) == 0 {
		return false
	}
	for c := range classes {
		if !removableClass(c) {
			return false
		}
	}
	return true
}

func (a *analyzer) endSpan(s *spanFrame) {
	s.e = nil
	if p := a.para(); p != nil && s.simple && uniform(s.classes) {
		p.clearable = append(p.clearable, s)
	}
}

// tableWord is what a table is called: a sheet in a spreadsheet.
func (a *analyzer) tableWord() string {
	if a.calc {
		return "sheet"
	}
	return "table"
}

// hereWhere names where the current element is.
func (a *analyzer) hereWhere() string {
	switch {
	case a.page != nil:
		return fmt.Sprintf("%sslide %d", a.p.root, a.page.n)
	case a.sheet != "":
		return fmt.Sprintf("%s%s “%s”", a.p.root, a.tableWord(), a.sheet)
	}
	for i := len(a.paras) - 1; i >= 0; i-- {
		if a.paras[i].n > 0 {
			return fmt.Sprintf("%s, paragraph %d", a.where, a.paras[i].n)
		}
	}
	return a.where
}

func (a *analyzer) endPara(p *paraFrame) {
	where := a.hereWhere()
	if p.n > 0 {
		where = fmt.Sprintf("%s, paragraph %d", a.where, p.n)
	}
	cell := ""
	if a.sheet != "" {
		cell = unseen.ColumnName(a.col) + strconv.Itoa(a.row) + ": "
	}
	// The paragraph goes whole if all it says is white or tiny; else the
	// spans that hold only such text.
	whole := p.simple && uniform(p.classes)
	spans := map[*spanFrame]bool{}
	for _, s := range p.clearable {
		spans[s] = true
	}
	if whole {
		a.plan.clearParas[p.idx] = true
	} else {
		for s := range spans {
			if s.parent == nil || !spans[s.parent] {
				a.plan.clearSpans[s.idx] = true
			}
		}
	}
	goes := func(sg *segment) bool {
		if whole {
			return true
		}
		for _, s := range sg.spans {
			in := false
			for x := s; x != nil && !in; x = x.parent {
				in = spans[x]
			}
			if !in {
				return false
			}
		}
		return true
	}
	for _, sg := range p.segs {
		t := sg.text.String()
		if unseen.Blank(t) {
			continue
		}
		switch sg.class {
		case textCovered:
			a.items = append(a.items, item{where: where, field: "text on a background of its own colour (a black bar)", label: scrub.LabelCoveredText,
				value: fmt.Sprintf("%s%s: still in the file under the dark background: %s", cell, unseen.Quote(t, 160), unseen.Advice)})
		case textBackground:
			a.items = append(a.items, item{where: where, field: "text in the colour of its background", label: scrub.LabelInvisibleText,
				value: cell + unseen.Quote(t, 200), removable: goes(sg)})
		case textTiny:
			a.items = append(a.items, item{where: where, field: "text smaller than 2 points", label: scrub.LabelInvisibleText,
				value: cell + unseen.Quote(t, 200), removable: goes(sg)})
		}
	}
	// Shapes and pictures anchored here, in front of the text.
	text := p.text.String()
	for _, sh := range p.shapes {
		if unseen.Blank(text) || sh.hidden != "" || sh.look.wrap != "run-through" || sh.look.run == "background" || !sh.boxOK {
			continue
		}
		if sh.anchor != "paragraph" && sh.anchor != "char" {
			continue
		}
		y0, h := sh.box[1], sh.box[3]-sh.box[1]
		located := y0 < 24 && y0+h > 0
		if !located || sh.box[2]-sh.box[0] < 4 || h < 4 || a.beside(sh) {
			continue
		}
		if sh.image {
			a.items = append(a.items, item{where: where, field: "text behind a picture", label: scrub.LabelHiddenText,
				value: unseen.Quote(text, 200) + ": a picture placed in front of the text lies over this paragraph; check what it covers"})
			continue
		}
		if !unseen.Blank(sh.text.String()) {
			continue
		}
		c, ok, _ := sh.look.solid()
		if !ok {
			continue
		}
		if c.Dark() {
			a.items = append(a.items, item{where: where, field: "text under a box drawn over it", label: scrub.LabelCoveredText,
				value: fmt.Sprintf("%s: still in the file under a dark box drawn over its paragraph: %s", unseen.Quote(text, 160), unseen.Advice)})
		} else {
			a.items = append(a.items, item{where: where, field: "text under a shape drawn over it", label: scrub.LabelHiddenText,
				value: unseen.Quote(text, 200) + ": a filled shape lies over this paragraph; check what it covers"})
		}
	}
}

// textArea returns the left margin and the width of the text area of
// the pages of a text document (its standard page style; 0 if unknown).
func (a *analyzer) textArea() (left, width float64) {
	mp, ok := a.styles.masters["Standard"]
	if !ok && len(a.styles.masters) == 1 {
		for _, m := range a.styles.masters {
			mp, ok = m, true
		}
	}
	if !ok {
		return 0, 0
	}
	l := a.styles.layouts[mp.layout]
	return l.left, l.w - l.left - l.right
}

// beside reports whether a shape placed with its paragraph lies wholly
// beside the text area (in a margin), so that it covers none of the
// text: x from the left of the area the shape is placed against.
func (a *analyzer) beside(sh *odfShape) bool {
	left, textW := a.textArea()
	if textW <= 0 || sh.look.hPos != "from-left" {
		return false
	}
	x0 := sh.box[0]
	switch sh.look.hRel {
	case "paragraph", "paragraph-content", "char", "page-content":
	case "page", "page-start-margin", "paragraph-start-margin":
		x0 -= left
	case "page-end-margin", "paragraph-end-margin":
		x0 += textW
	default:
		return false
	}
	return x0 >= textW || x0+(sh.box[2]-sh.box[0]) <= 0
}

// repeated reads a table's repeat count (1 if none, at most limit).
func repeated(e *xmlclean.Element, local string, limit int) int {
	if k, err := strconv.Atoi(attr(e, nsTable, local)); err == nil && k > 1 {
		return min(k, limit)
	}
	return 1
}

// endCell notes what a cell of a sheet holds: in a hidden sheet, row or
// column (and plans to empty it), and a stored result of TODAY() or
// NOW().
func (a *analyzer) endCell(c *cellFrame) {
	sf := a.sheetF
	if sf == nil || !c.sheet {
		return
	}
	ref := unseen.ColumnName(c.col) + strconv.Itoa(c.row)
	if f := strings.ToUpper(c.formula); !c.covered && (strings.Contains(f, "TODAY()") || strings.Contains(f, "NOW()")) {
		a.items = append(a.items, item{where: a.hereWhere(), field: "stored field result", label: scrub.LabelStaleValue,
			value: fmt.Sprintf("%s: %s shows %s as stored (the date of its last calculation)", ref, unseen.Clip(strings.TrimPrefix(c.formula, "of:"), 40), calcDate(c))})
	}
	v := strings.TrimSpace(c.text.String())
	if v == "" {
		v = strings.TrimSpace(c.value)
	}
	if v != "" || c.direct {
		c.removable = true
	}
	if !c.removable {
		return // nothing to report or empty
	}
	c.runs = a.cellRuns(sf, c)
	hidden := anyHidden(c.runs)
	a.planCell(c)
	if v == "" {
		return
	}
	shown := ref + ": " + unseen.Quote(v, 80)
	if !hidden {
		if c.typ != "" && !c.covered {
			for _, st := range a.styles.chain("table-cell", c.style, a.content) {
				if st.dataStyle != "" {
					if a.styles.blank(st.dataStyle, c.typ == "string") {
						a.items = append(a.items, item{where: a.hereWhere(), field: "cell whose format shows nothing", label: scrub.LabelInvisibleText, value: shown})
					}
					break
				}
			}
		}
		return
	}
	sf.cells++
	if len(sf.sample) < 5 {
		sf.sample = append(sf.sample, shown)
	}
	note := func(rows *[]int, vals *[]string) {
		r := c.row
		if n := len(*rows); n > 0 {
			r = max(r, (*rows)[n-1]+1)
		}
		for ; r < c.row+c.rows && len(*rows) < 1<<12; r++ {
			*rows = append(*rows, r)
		}
		if len(*vals) < 5 {
			*vals = append(*vals, shown)
		}
	}
	switch {
	case sf.hidden:
		return
	case sf.rowHidden == "collapse":
		note(&sf.rows, &sf.rowVals)
	case sf.rowHidden == "filter":
		note(&sf.filtered, &sf.filterVals)
	}
	// The hidden columns among its positions.
	col, first := c.col, 0
	for _, r := range c.runs {
		for k, last := col, col+r.n-1; r.hidden && k <= last && len(sf.cols) < 1<<12 && a.work < maxWork; a.work++ {
			h, until := sf.colState(k, last)
			for j := k; h && j <= until && len(sf.cols) < 1<<12; j++ {
				sf.cols[j] = true
			}
			if h && first == 0 {
				first = k
			}
			k = until + 1
		}
		col += r.n
	}
	if first > 0 && len(sf.colVals) < 5 {
		sf.colVals = append(sf.colVals, unseen.ColumnName(first)+strconv.Itoa(c.row)+": "+unseen.Quote(v, 80))
	}
}

// cellValue is the value a cell stores besides its text.
func cellValue(e *xmlclean.Element) string {
	for _, n := range []string{"string-value", "date-value", "time-value", "value"} {
		if v, ok := e.Attr(nsOffice, n); ok {
			return v
		}
	}
	return ""
}

// calcDate shows the stored value of a date formula: its date, else the
// text shown.
func calcDate(c *cellFrame) string {
	v := strings.TrimSpace(c.value)
	if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 && f < 2958466 {
		t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Add(time.Duration(f * 24 * float64(time.Hour)))
		return unseen.Quote(t.Format("2006-01-02 15:04"), 40)
	}
	if v == "" {
		v = strings.TrimSpace(c.text.String())
	}
	return unseen.Quote(strings.Replace(v, "T", " ", 1), 40)
}

// endSheet reports what a sheet hides, quoting the cells.
func (a *analyzer) endSheet(sf *sheetFrame) {
	where := a.p.root + "sheet “" + sf.name + "”"
	more := func(vals []string, n int) string {
		v := strings.Join(vals, "; ")
		if n > len(vals) {
			v += fmt.Sprintf("; … (%d cells)", n)
		}
		return v
	}
	if sf.hidden {
		v := "“" + sf.name + "”"
		it := item{where: where, field: "hidden sheet", label: scrub.LabelHiddenSheet}
		if sf.cells > 0 {
			v += " holds " + more(sf.sample, sf.cells)
			it.emptied = "sheet"
		}
		it.value = v
		a.items = append(a.items, it)
		return
	}
	if len(sf.rows) > 0 {
		a.items = append(a.items, item{where: where, field: "hidden rows", label: scrub.LabelHiddenRows,
			value: "rows " + unseen.Spans(sf.rows, strconv.Itoa) + ": " + strings.Join(sf.rowVals, "; "), emptied: "rows"})
	}
	if len(sf.filtered) > 0 {
		a.items = append(a.items, item{where: where, field: "rows hidden by a filter", label: scrub.LabelHiddenRows,
			value: "rows " + unseen.Spans(sf.filtered, strconv.Itoa) + ": " + strings.Join(sf.filterVals, "; "), emptied: "rows"})
	}
	if len(sf.cols) > 0 {
		var cols []int
		for c := range sf.cols {
			cols = append(cols, c)
		}
		sort.Ints(cols)
		a.items = append(a.items, item{where: where, field: "hidden columns", label: scrub.LabelHiddenRows,
			value: "columns " + unseen.Spans(cols, unseen.ColumnName) + ": " + strings.Join(sf.colVals, "; "), emptied: "columns"})
	}
}

// endPage judges the shapes of a slide: hidden, off the slide, covering
// text.
func (a *analyzer) endPage(pg *pageFrame) {
	where := fmt.Sprintf("%sslide %d", a.p.root, pg.n)
	for _, sh := range pg.shapes {
		if sh.parent != nil && (sh.parent.hidden != "" || sh.parent.offPage) {
			continue
		}
		v := describeShape(sh)
		switch {
		case sh.hidden == "none":
			a.items = append(a.items, item{where: where, field: "hidden shape", label: scrub.LabelHiddenObject, value: v, shape: sh, removable: true})
		case sh.hidden == "printer":
			a.items = append(a.items, item{where: where, field: "shape shown only when printed", label: scrub.LabelHiddenObject, value: v})
		case sh.offPage:
			a.items = append(a.items, item{where: where, field: "shape outside the slide", label: scrub.LabelOffPage, value: v, shape: sh, removable: true})
		}
	}
	// Text under a shape drawn later.
	for i, t := range pg.shapes {
		text := strings.TrimSpace(t.text.String())
		if t.image || !t.boxOK || t.hidden != "" || t.offPage || unseen.Blank(text) || area(t.box) <= 0 {
			continue
		}
		for _, b := range pg.shapes[i+1:] {
			if !b.boxOK || b.hidden != "" || b.offPage || b.parent == t || area(b.box) <= 0 {
				continue
			}
			over := overlap(b.box, t.box)
			if over <= 0 {
				continue
			}
			if b.image {
				if over < 0.5*area(t.box) {
					continue
				}
				a.items = append(a.items, item{where: where, field: "text behind a picture", label: scrub.LabelHiddenText,
					value: unseen.Quote(text, 200) + ": a picture lies over it"})
				break
			}
			if !unseen.Blank(b.text.String()) || b.box[2]-b.box[0] < 4 || b.box[3]-b.box[1] < 4 || over < 0.5*area(b.box) {
				continue
			}
			c, ok, _ := b.look.solid()
			if !ok {
				continue
			}
			if c.Dark() {
				a.items = append(a.items, item{where: where, field: "text under a box drawn over it", label: scrub.LabelCoveredText,
					value: fmt.Sprintf("%s: still in the file under a dark box drawn over it: %s", unseen.Quote(text, 160), unseen.Advice)})
			} else {
				a.items = append(a.items, item{where: where, field: "text under a shape drawn over it", label: scrub.LabelHiddenText,
					value: unseen.Quote(text, 200) + ": a filled shape lies over it"})
			}
			break
		}
	}
}

func describeShape(sh *odfShape) string {
	what := map[string]string{"frame": "frame", "g": "group of shapes", "line": "line", "connector": "connector"}[sh.kind]
	if what == "" {
		what = "shape"
	}
	if sh.image {
		what = "picture"
	}
	v := what
	if sh.name != "" {
		v += " “" + unseen.Clip(sh.name, 60) + "”"
	}
	if t := strings.TrimSpace(sh.text.String()); t != "" {
		v += ": " + unseen.Quote(t, 200)
	}
	return v
}

// finish turns the items into findings and decides the shapes that go
// and the pictures that are cut.
func (a *analyzer) finish() {
	pl := a.plan
	remove := a.p.policy.RemoveHidden
	for _, it := range a.items {
		action := scrub.Report
		if sh := it.shape; sh != nil {
			for _, id := range sh.ids {
				if a.targets[id] {
					it.removable = false // an animation names it
				}
			}
			if it.removable && remove {
				pl.dropShapes[sh.idx] = true
				for _, ref := range a.refs {
					for x := ref.shape; x != nil; x = x.parent {
						if x == sh {
							ref.gone = true
						}
					}
				}
			}
		}
		if it.removable && remove {
			action = scrub.Remove
		}
		if it.emptied != "" && a.p.policy.RemoveHiddenSheets {
			action = scrub.Remove
			it.value += emptied(it.emptied)
		}
		pl.findings = append(pl.findings, scrub.Finding{Where: it.where, Field: it.field, Value: it.value, Kind: scrub.KindHidden,
			Action: action, Label: it.label, Minor: it.minor})
	}
	if !remove {
		pl.clearParas, pl.clearSpans = map[int]bool{}, map[int]bool{}
	}
	a.planCrops()
}

// planCrops reports each cropped picture and, under Policy.RemoveHidden,
// cuts those whose every frame's crop can follow (an automatic style of
// their own, a package member).
func (a *analyzer) planCrops() {
	byMember := map[string][]*cropRef{}
	var order []string
	for _, ref := range a.refs {
		if ref.gone {
			continue
		}
		if _, ok := byMember[ref.member]; !ok {
			order = append(order, ref.member)
		}
		byMember[ref.member] = append(byMember[ref.member], ref)
	}
	styleUse := map[*odfStyle]map[string]bool{}
	for _, ref := range a.refs {
		if ref.style != nil {
			if styleUse[ref.style] == nil {
				styleUse[ref.style] = map[string]bool{}
			}
			styleUse[ref.style][ref.member] = true
		}
	}
	sort.Strings(order)
	for _, m := range order {
		refs := byMember[m]
		cropped := false
		for _, ref := range refs {
			if ref.style != nil {
				cropped = true
			}
		}
		if !cropped {
			continue
		}
		var data []byte
		if a.p.load != nil {
			data = a.p.load(m)
		}
		info := imgcrop.Inspect(data)
		dpiX, dpiY := info.DPIX, info.DPIY
		if dpiX <= 0 {
			dpiX = 96
		}
		if dpiY <= 0 {
			dpiY = 96
		}
		W, H := float64(info.Width), float64(info.Height)
		// Each frame's crop as fractions of the picture.
		crops := make([]unseen.Crop, len(refs))
		for i, ref := range refs {
			if W > 0 && H > 0 {
				crops[i] = unseen.Crop{T: ref.clip[0] * dpiY / H, R: ref.clip[1] * dpiX / W, B: ref.clip[2] * dpiY / H, L: ref.clip[3] * dpiX / W}.Clamp()
			}
		}
		cut, why := a.cut(m, refs, crops, info, dpiX, dpiY, styleUse, data)
		// For the app: the picture whole, as the document holds it.
		var pic []byte
		if a.p.policy.Pictures && unseen.Showable(data) {
			pic = data
		}
		for i, ref := range refs {
			c := crops[i]
			if ref.style == nil || c.HiddenArea() < unseen.CropNoise {
				continue
			}
			v := c.Describe(info.Width, info.Height)
			action := scrub.Report
			switch {
			case cut:
				v += "; cleaning cuts away what no crop shows"
				action = scrub.Remove
			case why != "":
				v += " (" + why + ")"
			}
			f := scrub.Finding{Where: ref.where, Field: "cropped picture (" + m + ")", Value: v,
				Kind: scrub.KindHidden, Action: action, Label: scrub.LabelCroppedPicture, Minor: c.HiddenArea() < unseen.CropTrim}
			if pic != nil {
				f.Picture = c.Picture(pic)
			}
			a.plan.findings = append(a.plan.findings, f)
		}
	}
}

// cut cuts a picture to what its frames show, under the policy, and sets
// the new crops; it returns whether it did, or why not.
func (a *analyzer) cut(m string, refs []*cropRef, crops []unseen.Crop, info imgcrop.Info, dpiX, dpiY float64,
	styleUse map[*odfStyle]map[string]bool, data []byte) (bool, string) {
	if !a.p.policy.RemoveHidden {
		return false, ""
	}
	switch {
	case a.p.load == nil:
		return false, "a picture stored inside a flat document is not cut"
	case a.p.other[m]:
		return false, "the picture is also used elsewhere in a way its cut would change"
	case info.AlignX == 0:
		return false, info.Why + ": scrub cannot cut it without changing it"
	}
	u := [4]float64{1, 1, 0, 0}
	for i, ref := range refs {
		if ref.style == nil || !a.content || a.styles.contentAuto["graphic/"+ref.style.name] != ref.style || len(styleUse[ref.style]) > 1 {
			if ref.style != nil {
				return false, "its crop is set by a style other pictures share"
			}
		}
		c := crops[i]
		u = [4]float64{min(u[0], c.L), min(u[1], c.T), max(u[2], 1-c.R), max(u[3], 1-c.B)}
	}
	W, H := float64(info.Width), float64(info.Height)
	al := info.Align(imgcrop.Pixels(u[0], u[1], u[2], u[3], info.Width, info.Height))
	if al == (imgcrop.Rect{X1: info.Width, Y1: info.Height}) {
		return false, ""
	}
	b, err := imgcrop.Crop(data, al)
	if err != nil {
		return false, "scrub could not cut the picture (" + err.Error() + ")"
	}
	// The new crops, in the units each side was written in.
	newClips := map[string]string{}
	for _, ref := range refs {
		if ref.style == nil {
			continue
		}
		in := [4]float64{
			ref.clip[0] - float64(al.Y0)/dpiY,
			ref.clip[1] - (W-float64(al.X1))/dpiX,
			ref.clip[2] - (H-float64(al.Y1))/dpiY,
			ref.clip[3] - float64(al.X0)/dpiX,
		}
		var parts []string
		for k, v := range in {
			parts = append(parts, formatLength(max(v, 0), ref.units[k]))
		}
		newClips[ref.style.name] = "rect(" + strings.Join(parts, ", ") + ")"
	}
	for n, c := range newClips {
		a.plan.clips[n] = c
	}
	a.plan.cut[m] = b
	return true, ""
}

// formatLength writes inches in a unit ("cm" if none).
func formatLength(in float64, unit string) string {
	f := map[string]float64{"cm": 2.54, "mm": 25.4, "in": 1, "inch": 1, "pt": 72, "pc": 6, "px": 96}
	k, ok := f[unit]
	if !ok {
		unit, k = "cm", 2.54
	}
	return strconv.FormatFloat(in*k, 'f', 4, 64) + unit
}

// analyze runs the analysis over the XML of a document's content (or a
// flat document) with its styles.
func analyze(data []byte, styles *styleSet, where string, content bool, an *analysis) (*hiddenPlan, error) {
	pl := &hiddenPlan{clearSpans: map[int]bool{}, clearParas: map[int]bool{}, dropShapes: map[int]bool{},
		clips: map[string]string{}, cut: map[string][]byte{}, cells: map[int]cellPlan{}}
	a := &analyzer{p: an, styles: styles, content: content, where: where, targets: map[string]bool{}, plan: pl}
	f := &xmlclean.Filter{Start: a.start, End: a.end, Text: a.text}
	if err := f.Inspect(bytes.NewReader(data), nil); err != nil {
		return nil, err
	}
	a.finish()
	return pl, nil
}

// masterHidden reports the hidden shapes of master pages (styles.xml, or
// a flat document's master styles): drawn on no page, they stay in the
// file with what they say. LibreOffice puts there what a PowerPoint
// layout or master holds. They are reported, not removed.
func masterHidden(data []byte, where string) []scrub.Finding {
	type open struct {
		e      *xmlclean.Element
		name   string
		hidden bool
		text   strings.Builder
	}
	var (
		out    []scrub.Finding
		in     bool
		master string
		stack  []*open
	)
	f := &xmlclean.Filter{
		Start: func(e *xmlclean.Element) xmlclean.Decision {
			switch {
			case e.Is(nsOffice, "body"):
				return xmlclean.Decision{Action: xmlclean.Remove}
			case e.Is(nsOffice, "master-styles"):
				in = true
			case !in:
			case e.Is(nsStyle, "master-page"):
				master = attr(e, nsStyle, "name")
			case e.Name.Space == nsDraw && shapeNames[e.Name.Local]:
				o := &open{e: e, name: attr(e, nsDraw, "name")}
				for _, n := range []string{attr(e, nsDrawOOo, "display"), attr(e, nsDraw, "display")} {
					o.hidden = o.hidden || n == "none"
				}
				stack = append(stack, o)
			}
			return xmlclean.Decision{}
		},
		End: func(e *xmlclean.Element) {
			if e.Is(nsOffice, "master-styles") {
				in = false
			}
			n := len(stack)
			if n == 0 || stack[n-1].e != e {
				return
			}
			o := stack[n-1]
			stack = stack[:n-1]
			for _, p := range stack {
				if p.hidden {
					return // reported with its group
				}
			}
			if !o.hidden {
				return
			}
			v := "shape"
			if o.name != "" {
				v += " “" + unseen.Clip(o.name, 60) + "”"
			}
			if t := strings.TrimSpace(o.text.String()); t != "" {
				v += ": " + unseen.Quote(t, 200)
			}
			out = append(out, scrub.Finding{Where: where + ", master page “" + master + "”", Field: "hidden shape on a master page", Value: v,
				Kind: scrub.KindHidden, Action: scrub.Report, Label: scrub.LabelHiddenObject})
		},
		Text: func(e *xmlclean.Element, b []byte) {
			for _, o := range stack {
				if o.text.Len() < 1000 {
					o.text.Write(b)
				}
			}
		},
	}
	_ = f.Inspect(bytes.NewReader(data), nil)
	return out
}

// readStyles reads the styles of styles.xml and content.xml (either may
// be nil), or of a flat document.
func readStyles(styles, content []byte) *styleSet {
	set := newStyleSet()
	for i, data := range [][]byte{styles, content} {
		if data == nil {
			continue
		}
		sr := &styleReader{set: set, content: i == 1}
		f := &xmlclean.Filter{Start: func(e *xmlclean.Element) xmlclean.Decision {
			sr.start(e)
			if e.Is(nsOffice, "body") {
				return xmlclean.Decision{Action: xmlclean.Remove}
			}
			return xmlclean.Decision{}
		}, Text: sr.dataText}
		_ = f.Inspect(bytes.NewReader(data), nil)
	}
	return set
}

// styleUses marks the pictures styles.xml uses (page backgrounds, fill
// images, bullets): a crop cannot follow them.
func styleUses(data []byte, an *analysis) {
	f := &xmlclean.Filter{Start: func(e *xmlclean.Element) xmlclean.Decision {
		if href := attr(e, nsXLink, "href"); href != "" {
			an.other[an.root+strings.TrimPrefix(href, "./")] = true
		}
		return xmlclean.Decision{}
	}}
	_ = f.Inspect(bytes.NewReader(data), nil)
}
