package ooxml

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/unseen"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// Word's hidden content. A run's look is the sum of the document
// defaults, its paragraph style (and the styles that one is based on),
// its character style and its own properties (ECMA-376 Part 1, 17.7.2);
// what lies behind it is, in front to back, its highlight, its shading,
// its paragraph's shading, its table cell's shading, the text box it is
// in, and the page. Checked with LibreOffice 7.4: a run with a black
// highlight and automatic colour is drawn black on black; on black
// shading the automatic colour turns white (so only an explicit dark
// colour on dark shading is a black bar).

// Namespaces of Word's drawings.
const (
	nsWP  = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
	nsWPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
	nsPic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
)

// wColor is a run's colour: automatic, or an RGB value.
type wColor struct {
	auto bool
	rgb  unseen.RGB
}

// wRun holds the run properties the checks read; nil or zero fields are
// not set at that level.
type wRun struct {
	color  *wColor
	hl     string // highlight name; "" not set
	shd    *wShd
	sz     int // half-points; 0 not set
	szCs   int
	vanish *bool
	cs     bool // complex script (w:cs or w:rtl): szCs applies
}

// wShd is a shading's colour; none: no shading (clear, automatic fill).
type wShd struct {
	none bool
	rgb  unseen.RGB
}

func (a *wRun) merge(b *wRun) {
	if b.color != nil {
		a.color = b.color
	}
	if b.hl != "" {
		a.hl = b.hl
	}
	if b.shd != nil {
		a.shd = b.shd
	}
	if b.sz != 0 {
		a.sz = b.sz
	}
	if b.szCs != 0 {
		a.szCs = b.szCs
	}
	if b.vanish != nil {
		a.vanish = b.vanish
	}
	a.cs = a.cs || b.cs
}

// highlights are the colours of w:highlight (17.18.40).
var highlights = map[string]string{
	"black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00", "magenta": "FF00FF", "red": "FF0000",
	"yellow": "FFFF00", "white": "FFFFFF", "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
	"darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000", "darkGray": "808080", "lightGray": "C0C0C0",
}

func onOff(e *xmlclean.Element) bool {
	v, ok := e.Attr(e.Name.Space, "val")
	return !ok || (v != "0" && v != "false" && v != "off")
}

func attrInt(e *xmlclean.Element, space, local string) (int, bool) {
	v, ok := e.Attr(space, local)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	return n, err == nil
}

// readRunProp reads one child of w:rPr into run.
func readRunProp(e *xmlclean.Element, run *wRun) {
	sp := e.Name.Space
	switch e.Name.Local {
	case "color":
		v, _ := e.Attr(sp, "val")
		if v == "auto" || v == "" {
			run.color = &wColor{auto: true}
		} else if rgb, ok := unseen.ParseHex(v); ok {
			run.color = &wColor{rgb: rgb}
		}
	case "highlight":
		if v, ok := e.Attr(sp, "val"); ok {
			run.hl = v
		}
	case "shd":
		run.shd = readShd(e)
	case "sz":
		if n, ok := attrInt(e, sp, "val"); ok && n > 0 {
			run.sz = n
		}
	case "szCs":
		if n, ok := attrInt(e, sp, "val"); ok && n > 0 {
			run.szCs = n
		}
	case "vanish":
		b := onOff(e)
		run.vanish = &b
	case "cs", "rtl":
		run.cs = run.cs || onOff(e)
	}
}

// readShd reads w:shd (17.3.2.32): a pattern of w:color over w:fill.
func readShd(e *xmlclean.Element) *wShd {
	sp := e.Name.Space
	val, _ := e.Attr(sp, "val")
	fillV, _ := e.Attr(sp, "fill")
	colV, _ := e.Attr(sp, "color")
	fillRGB, fillOK := unseen.ParseHex(fillV)
	fg := unseen.Black // an automatic pattern colour is black
	if c, ok := unseen.ParseHex(colV); ok {
		fg = c
	}
	bg := unseen.White
	if fillOK {
		bg = fillRGB
	}
	switch {
	case val == "solid":
		return &wShd{rgb: fg}
	case strings.HasPrefix(val, "pct"):
		n, err := strconv.Atoi(val[3:])
		if err != nil {
			return &wShd{rgb: bg, none: !fillOK}
		}
		return &wShd{rgb: unseen.Mix(fg, bg, float64(n)/100)}
	case val == "nil":
		return &wShd{none: true}
	}
	return &wShd{rgb: bg, none: !fillOK}
}

// wStyle is one style of styles.xml.
type wStyle struct {
	typ, basedOn string
	run          wRun
	pShd         *wShd
}

// wordStyles is what the checks need of styles.xml and the page.
type wordStyles struct {
	styles      map[string]*wStyle
	defRun      wRun
	defPara     string // the default paragraph style
	defChar     string
	scheme      scheme
	runCache    map[string]*wRun
	paraShadeCh map[string]*wShd
}

// wordStyles loads the styles and theme the main document uses.
func (p *pkg) wordStyles() *wordStyles {
	if p.wstyles != nil {
		return p.wstyles
	}
	ws := &wordStyles{styles: map[string]*wStyle{}, runCache: map[string]*wRun{}, paraShadeCh: map[string]*wShd{}}
	p.wstyles = ws
	ws.scheme = p.themeScheme(p.related(p.main, "theme"))
	st := p.related(p.main, "styles")
	if st == nil || st.removed {
		return ws
	}
	var cur *wStyle
	var inDefaults bool
	_ = p.parse(st, func(e *xmlclean.Element) xmlclean.Decision {
		if !isW(e.Name.Space) {
			return xmlclean.Decision{}
		}
		sp := e.Name.Space
		switch e.Name.Local {
		case "docDefaults":
			inDefaults, cur = true, nil
		case "style":
			inDefaults = false
			id, _ := e.Attr(sp, "styleId")
			typ, _ := e.Attr(sp, "type")
			cur = &wStyle{typ: typ}
			ws.styles[id] = cur
			if d, _ := e.Attr(sp, "default"); d == "1" || d == "true" {
				switch typ {
				case "paragraph":
					ws.defPara = id
				case "character":
					ws.defChar = id
				}
			}
		case "basedOn":
			if cur != nil {
				cur.basedOn, _ = e.Attr(sp, "val")
			}
		case "shd":
			if par := e.Parent; par != nil && par.Name.Local == "pPr" && cur != nil {
				cur.pShd = readShd(e)
				return xmlclean.Decision{}
			}
		}
		if par := e.Parent; par != nil && par.Name.Local == "rPr" && isW(par.Name.Space) {
			switch {
			case cur != nil:
				readRunProp(e, &cur.run)
			case inDefaults:
				readRunProp(e, &ws.defRun)
			}
		}
		return xmlclean.Decision{}
	}, nil)
	return ws
}

// chain returns the run properties of a style with those it is based on
// (the base first), up to a depth that stops loops.
func (ws *wordStyles) chain(id string) *wRun {
	if r, ok := ws.runCache[id]; ok {
		return r
	}
	var list []*wStyle
	seen := map[string]bool{}
	for s := id; s != "" && !seen[s] && len(list) < 20; {
		seen[s] = true
		st := ws.styles[s]
		if st == nil {
			break
		}
		list = append(list, st)
		s = st.basedOn
	}
	out := &wRun{}
	for i := len(list) - 1; i >= 0; i-- {
		out.merge(&list[i].run)
	}
	ws.runCache[id] = out
	return out
}

// paraShade returns a paragraph style's shading (or its base's).
func (ws *wordStyles) paraShade(id string) *wShd {
	if s, ok := ws.paraShadeCh[id]; ok {
		return s
	}
	var out *wShd
	seen := map[string]bool{}
	for s := id; s != "" && !seen[s] && len(seen) < 20; {
		seen[s] = true
		st := ws.styles[s]
		if st == nil {
			break
		}
		if st.pShd != nil {
			out = st.pShd
			break
		}
		s = st.basedOn
	}
	ws.paraShadeCh[id] = out
	return out
}

// What a run of text is, to the reader.
type textClass uint8

const (
	textShown      textClass = iota
	textHighlight            // under a dark highlight of its own colour
	textShading              // on dark shading of its own colour
	textBackground           // in the colour of its background
	textTiny                 // under 2 points
	textVanish               // formatted as hidden (reported elsewhere)
)

// wPara is an open paragraph.
type wPara struct {
	e       *xmlclean.Element
	n       int // its number in the part (0 in a fallback)
	style   string
	shd     *wShd
	text    strings.Builder
	segs    []wSeg
	anchors []*wAnchor
}

type wSeg struct {
	class textClass
	text  strings.Builder
}

// wRunState is an open run.
type wRunState struct {
	e     *xmlclean.Element
	style string
	own   wRun
	class textClass
	done  bool
}

// wAnchor is a floating shape or picture (DrawingML or VML).
type wAnchor struct {
	e          *xmlclean.Element
	para       *wPara
	behind     bool
	inFront    bool // in front of the text, text not wrapped around it
	hidden     bool
	kind       string // "shape", "picture", "other"
	vRel, hRel string
	vOff, hOff float64 // EMU
	vOffSet    bool
	cx, cy     float64
	fill       shapeFill
	styleFill  *dmlColour
	styleIdx   int
	text       strings.Builder
	offText    *strings.Builder // the posOffset being read
	vml        bool
	colour     *dmlColour // the colour being read and its element
	colourElem *xmlclean.Element
}

// wField is an open field: its instruction and the result it stores.
type wField struct {
	instr, result strings.Builder
	inResult      bool
	locked        bool
	para          int
}

type wBookmark struct {
	name string
	text strings.Builder
}

// wordHidden is the state of Word's hidden-content rules in one pass.
type wordHidden struct {
	r         *rules
	ws        *wordStyles
	paras     []*wPara
	runs      []*wRunState
	cells     []*wShd // open table cells' shading (nil: none)
	anchors   []*wAnchor
	boxes     []*shapeFill // open text box fills, innermost last (nil: unknown)
	fallback  int          // depth inside mc:Fallback
	alts      []*wAlt      // open mc:AlternateContent
	nPara     int
	fields    []*wField
	refs      []wRef
	marks     map[string]*wBookmark
	open      map[string]*wBookmark // by id
	all       []*wAnchor
	items     []wordItem
	stale     []wordItem
	pageW     float64 // EMU
	marginL   float64
	marginR   float64
	pageColor *unseen.RGB
}

// wordItem is a finding in the making.
type wordItem struct {
	para  int
	class textClass
	text  string
}

// wAlt is an open mc:AlternateContent: the classes of the texts of its
// choice, which its fallback repeats (Word writes a text box twice, as
// DrawingML and as VML; the copy must go when the original does).
type wAlt struct {
	e       *xmlclean.Element
	classes []textClass
	next    int
	inFall  bool
}

type wRef struct {
	name, result string
	para         int
}

func newWordHidden(r *rules) *wordHidden {
	ws := r.p.wordStyles()
	return &wordHidden{r: r, ws: ws, marks: map[string]*wBookmark{}, open: map[string]*wBookmark{}}
}

func (w *wordHidden) para() *wPara {
	if len(w.paras) == 0 {
		return nil
	}
	return w.paras[len(w.paras)-1]
}

func (w *wordHidden) run() *wRunState {
	if len(w.runs) == 0 {
		return nil
	}
	return w.runs[len(w.runs)-1]
}

func (w *wordHidden) anchor() *wAnchor {
	if len(w.anchors) == 0 {
		return nil
	}
	return w.anchors[len(w.anchors)-1]
}

func (w *wordHidden) start(e *xmlclean.Element, d xmlclean.Decision) xmlclean.Decision {
	sp := e.Name.Space
	if sp == nsMC {
		switch e.Name.Local {
		case "AlternateContent":
			w.alts = append(w.alts, &wAlt{e: e})
		case "Fallback":
			w.fallback++
			if n := len(w.alts); n > 0 && e.Parent == w.alts[n-1].e {
				w.alts[n-1].inFall = true
			}
		}
		return d
	}
	switch {
	case isW(sp):
		return w.wordElement(e, d)
	case sp == nsWP:
		w.drawingElement(e)
	case sp == nsWPS:
		w.shapeElement(e)
	case isA(sp):
		w.drawingML(e)
	case sp == nsPic && e.Name.Local == "pic":
		if a := w.anchor(); a != nil && a.kind == "" {
			a.kind = "picture"
		}
	case sp == nsV:
		w.vml(e)
	}
	return d
}

func (w *wordHidden) wordElement(e *xmlclean.Element, d xmlclean.Decision) xmlclean.Decision {
	sp := e.Name.Space
	switch e.Name.Local {
	case "background":
		if e.Depth == 2 {
			if v, _ := e.Attr(sp, "color"); v != "" {
				if rgb, ok := unseen.ParseHex(v); ok {
					w.pageColor = &rgb
				}
			}
		}
	case "p":
		n := 0
		if w.fallback == 0 {
			w.nPara++
			n = w.nPara
		}
		w.paras = append(w.paras, &wPara{e: e, n: n})
	case "pStyle":
		if p := w.para(); p != nil && e.Parent != nil && e.Parent.Name.Local == "pPr" {
			p.style, _ = e.Attr(sp, "val")
		}
	case "shd":
		switch par := e.Parent; {
		case par == nil:
		case par.Name.Local == "pPr":
			if p := w.para(); p != nil {
				p.shd = readShd(e)
			}
		case par.Name.Local == "tcPr":
			if len(w.cells) > 0 {
				w.cells[len(w.cells)-1] = readShd(e)
			}
		}
	case "tc":
		w.cells = append(w.cells, nil)
	case "r":
		w.runs = append(w.runs, &wRunState{e: e})
	case "rStyle":
		if rs := w.run(); rs != nil && e.Parent != nil && e.Parent.Parent == rs.e {
			rs.style, _ = e.Attr(sp, "val")
		}
	case "t":
		return w.textElement(e, d)
	case "tab", "br", "cr":
		if p := w.para(); p != nil {
			p.text.WriteByte(' ')
		}
	case "txbxContent":
		// The box's fill is behind its text.
		if a := w.anchor(); a != nil {
			f := a.fill
			if f.kind == fillUnset && a.styleFill != nil && a.styleIdx > 0 {
				f = shapeFill{kind: fillSolid, colour: a.styleFill}
			}
			w.boxes = append(w.boxes, &f)
		} else {
			w.boxes = append(w.boxes, nil)
		}
	case "fldChar":
		w.fldChar(e)
	case "instrText":
		// its text goes to the field (see text)
	case "fldSimple":
		f := &wField{inResult: true, para: w.paraNo()}
		f.instr.WriteString(firstAttrNS(e, sp, "instr"))
		f.locked = attrTrue(e, sp, "fldLock")
		w.fields = append(w.fields, f)
	case "bookmarkStart":
		id, _ := e.Attr(sp, "id")
		name, _ := e.Attr(sp, "name")
		b := &wBookmark{name: name}
		w.open[id] = b
		if _, dup := w.marks[name]; !dup && len(w.marks) < 10000 {
			w.marks[name] = b
		}
	case "bookmarkEnd":
		id, _ := e.Attr(sp, "id")
		delete(w.open, id)
	case "pgSz":
		if v, ok := attrInt(e, sp, "w"); ok {
			w.pageW = float64(v) * 635 // twips to EMU
		}
	case "pgMar":
		if v, ok := attrInt(e, sp, "left"); ok {
			w.marginL = float64(v) * 635
		}
		if v, ok := attrInt(e, sp, "right"); ok {
			w.marginR = float64(v) * 635
		}
	}
	if par := e.Parent; par != nil && par.Name.Local == "rPr" && isW(par.Name.Space) {
		if rs := w.run(); rs != nil && par.Parent == rs.e {
			readRunProp(e, &rs.own)
		}
	}
	return d
}

func attrTrue(e *xmlclean.Element, space, local string) bool {
	v, _ := e.Attr(space, local)
	return v == "1" || v == "true" || v == "on"
}

func firstAttrNS(e *xmlclean.Element, space, local string) string {
	v, _ := e.Attr(space, local)
	return v
}

func (w *wordHidden) paraNo() int {
	if p := w.para(); p != nil {
		return p.n
	}
	return 0
}

// classify says what a run's text is to the reader.
func (w *wordHidden) classify(rs *wRunState) textClass {
	ws := w.ws
	eff := ws.defRun
	p := w.para()
	pstyle := ws.defPara
	if p != nil && p.style != "" {
		pstyle = p.style
	}
	if pstyle != "" {
		eff.merge(ws.chain(pstyle))
	}
	cstyle := rs.style
	if cstyle == "" {
		cstyle = ws.defChar
	}
	if cstyle != "" {
		eff.merge(ws.chain(cstyle))
	}
	eff.merge(&rs.own)
	if eff.vanish != nil && *eff.vanish {
		return textVanish
	}
	sz := eff.sz
	if eff.cs && eff.szCs > 0 {
		sz = eff.szCs
	}
	colour, auto := unseen.Black, true
	if eff.color != nil && !eff.color.auto {
		colour, auto = eff.color.rgb, false
	}
	// Highlight: drawn behind the text, automatic colour stays black.
	if hl, ok := highlights[eff.hl]; ok {
		bg, _ := unseen.ParseHex(hl)
		if unseen.CoversText(bg, colour) {
			return textHighlight
		}
		if sz > 0 && sz < 4 {
			return textTiny
		}
		if !auto && unseen.Unreadable(bg, colour) {
			return textBackground
		}
		return textShown
	}
	// Shading: the run's, the paragraph's, the cell's.
	shd := eff.shd
	if shd == nil || shd.none {
		shd = nil
		if p != nil && p.shd != nil {
			shd = p.shd
		} else if s := ws.paraShade(pstyle); s != nil && p != nil {
			shd = s
		}
		if shd != nil && shd.none {
			shd = nil
		}
	}
	if shd == nil && len(w.cells) > 0 {
		if c := w.cells[len(w.cells)-1]; c != nil && !c.none {
			shd = c
		}
	}
	if shd != nil && !auto && unseen.CoversText(shd.rgb, colour) {
		return textShading
	}
	if sz > 0 && sz < 4 {
		return textTiny
	}
	if auto {
		return textShown // automatic colour contrasts with what is behind it
	}
	bg, known := unseen.White, true
	switch {
	case shd != nil:
		bg = shd.rgb
	case len(w.boxes) > 0:
		b := w.boxes[len(w.boxes)-1]
		switch {
		case b == nil:
			known = false
		case b.kind == fillSolid && b.colour != nil:
			c, ok := b.colour.resolve(ws.scheme, nil)
			if !ok || b.colour.alpha < 0.99 {
				known = false
			}
			bg = c
		case b.kind == fillNone || b.kind == fillUnset:
			if w.pageColor != nil {
				bg = *w.pageColor
			}
		default:
			known = false
		}
	case w.pageColor != nil:
		bg = *w.pageColor
	}
	if known && unseen.Unreadable(bg, colour) {
		return textBackground
	}
	return textShown
}

// textElement classifies the run's text; the writing pass clears what
// Policy.RemoveHidden takes out.
func (w *wordHidden) textElement(e *xmlclean.Element, d xmlclean.Decision) xmlclean.Decision {
	rs := w.run()
	if rs == nil || e.Parent != rs.e {
		return d
	}
	if !rs.done {
		rs.class = w.classify(rs)
		rs.done = true
		if n := len(w.alts); n > 0 {
			alt := w.alts[n-1]
			if alt.inFall {
				if alt.next < len(alt.classes) {
					rs.class = alt.classes[alt.next]
				}
				alt.next++
			} else {
				alt.classes = append(alt.classes, rs.class)
			}
		}
	}
	if w.r.writing && w.r.p.env.Policy.RemoveHidden {
		switch rs.class {
		case textTiny:
			return xmlclean.Decision{Action: xmlclean.Clear}
		case textBackground:
			if !w.onObject(w.paraNo()) {
				return xmlclean.Decision{Action: xmlclean.Clear}
			}
		}
	}
	return d
}

func (w *wordHidden) text(e *xmlclean.Element, b []byte) {
	if e == nil {
		return
	}
	if isW(e.Name.Space) && e.Name.Local == "instrText" {
		for i := len(w.fields) - 1; i >= 0; i-- {
			if !w.fields[i].inResult {
				if w.fields[i].instr.Len() < 1000 {
					w.fields[i].instr.Write(b)
				}
				break
			}
		}
		return
	}
	if isWPOffset(e) {
		if a := w.anchor(); a != nil && a.offText != nil {
			a.offText.Write(b)
		}
		return
	}
	if !isW(e.Name.Space) || e.Name.Local != "t" {
		return
	}
	rs := w.run()
	if rs == nil || e.Parent != rs.e {
		return
	}
	p := w.para()
	if p != nil {
		if p.text.Len() < 2000 {
			p.text.Write(b)
		}
		if n := len(p.segs); n > 0 && p.segs[n-1].class == rs.class {
			if p.segs[n-1].text.Len() < 2000 {
				p.segs[n-1].text.Write(b)
			}
		} else {
			p.segs = append(p.segs, wSeg{class: rs.class})
			p.segs[len(p.segs)-1].text.Write(b)
		}
	}
	for _, a := range w.anchors {
		if a.text.Len() < 500 {
			a.text.Write(b)
		}
	}
	for _, f := range w.fields {
		if f.inResult && f.result.Len() < 500 {
			f.result.Write(b)
		}
	}
	for _, bm := range w.open {
		if bm.text.Len() < 500 {
			bm.text.Write(b)
		}
	}
}

func isWPOffset(e *xmlclean.Element) bool {
	return e.Name.Space == nsWP && e.Name.Local == "posOffset"
}

func (w *wordHidden) fldChar(e *xmlclean.Element) {
	t, _ := e.Attr(e.Name.Space, "fldCharType")
	switch t {
	case "begin":
		w.fields = append(w.fields, &wField{para: w.paraNo(), locked: attrTrue(e, e.Name.Space, "fldLock")})
	case "separate":
		for i := len(w.fields) - 1; i >= 0; i-- {
			if !w.fields[i].inResult {
				w.fields[i].inResult = true
				break
			}
		}
	case "end":
		if n := len(w.fields); n > 0 {
			f := w.fields[n-1]
			w.fields = w.fields[:n-1]
			w.endField(f)
		}
	}
}

// Fields whose stored result is stale (17.16): the date and time of the
// last update, the document's properties (which cleaning removes), the
// content of linked files.
var (
	dateFields = map[string]string{
		"DATE": "today's date", "TIME": "the current time", "CREATEDATE": "the date the document was created",
		"SAVEDATE": "the date it was last saved", "PRINTDATE": "the date it was last printed", "EDITTIME": "the time spent editing it",
	}
	propFields = map[string]bool{
		"AUTHOR": true, "LASTSAVEDBY": true, "USERNAME": true, "USERINITIALS": true, "USERADDRESS": true, "FILENAME": true,
		"TEMPLATE": true, "TITLE": true, "SUBJECT": true, "KEYWORDS": true, "COMMENTS": true, "DOCPROPERTY": true, "INFO": true,
		"FILESIZE": true,
	}
	linkFields = map[string]bool{"LINK": true, "INCLUDETEXT": true, "DDE": true, "DDEAUTO": true}
)

var fieldWord = regexp.MustCompile(`^\s*([A-Za-z]+)`)

func (w *wordHidden) endField(f *wField) {
	if w.fallback > 0 || f.locked {
		return
	}
	m := fieldWord.FindStringSubmatch(f.instr.String())
	result := strings.TrimSpace(f.result.String())
	if m == nil || result == "" {
		return
	}
	kw := strings.ToUpper(m[1])
	instr := unseen.Clip(f.instr.String(), 80)
	var v string
	switch {
	case dateFields[kw] != "":
		v = fmt.Sprintf("%s field shows %s as stored: Word shows %s when it updates the field; the stored result says when it was last updated", kw, unseen.Quote(result, 80), dateFields[kw])
	case propFields[kw]:
		v = fmt.Sprintf("%s field (%s) shows %s as stored: the document's properties it shows are removed, the stored result stays", kw, instr, unseen.Quote(result, 120))
	case linkFields[kw]:
		v = fmt.Sprintf("%s field (%s) shows %s as stored from the linked file", kw, instr, unseen.Quote(result, 160))
	case kw == "REF":
		if fs := strings.Fields(f.instr.String()); len(fs) > 1 {
			w.refs = append(w.refs, wRef{name: fs[1], result: result, para: f.para})
		}
		return
	default:
		return
	}
	w.stale = append(w.stale, wordItem{para: f.para, text: v})
}

func (w *wordHidden) drawingElement(e *xmlclean.Element) {
	if w.fallback > 0 {
		return
	}
	a := w.anchor()
	switch e.Name.Local {
	case "anchor":
		na := &wAnchor{e: e, para: w.para(), behind: attrTrue(e, "", "behindDoc")}
		w.anchors = append(w.anchors, na)
	case "inline":
		w.anchors = append(w.anchors, &wAnchor{e: e, para: w.para(), kind: "inline"})
	case "positionH", "positionV":
		if a == nil {
			return
		}
		rel, _ := e.Attr("", "relativeFrom")
		if e.Name.Local == "positionH" {
			a.hRel = rel
		} else {
			a.vRel = rel
		}
	case "posOffset":
		if a != nil {
			a.offText = &strings.Builder{}
		}
	case "align":
		if a != nil && e.Parent != nil && e.Parent.Name.Local == "positionV" {
			a.vOffSet = true // aligned: somewhere on the line or page
		}
	case "extent":
		if a != nil {
			a.cx, a.cy = attrNum(e, "cx"), attrNum(e, "cy")
		}
	case "wrapNone":
		if a != nil {
			a.inFront = !a.behind
		}
	case "docPr":
		if a != nil && attrTrue(e, "", "hidden") {
			a.hidden = true
		}
	}
}

func (w *wordHidden) shapeElement(e *xmlclean.Element) {
	a := w.anchor()
	if a == nil {
		return
	}
	switch e.Name.Local {
	case "wsp":
		if a.kind == "" {
			a.kind = "shape"
		}
	}
}

func (w *wordHidden) drawingML(e *xmlclean.Element) {
	a := w.anchor()
	if a == nil || a.kind != "shape" || e.Parent == nil {
		return
	}
	par := e.Parent
	switch {
	case par.Name.Space == nsWPS && par.Name.Local == "spPr":
		if k, ok := fillKind(e.Name.Local); ok {
			a.fill = shapeFill{kind: k}
		}
	case isA(par.Name.Space) && par.Name.Local == "solidFill" && par.Parent != nil && par.Parent.Name.Space == nsWPS && par.Parent.Name.Local == "spPr":
		if c := newColour(e); c != nil {
			a.fill.colour, a.colour, a.colourElem = c, c, e
		}
	case par.Name.Space == nsWPS && par.Name.Local == "style" && e.Name.Local == "fillRef":
		a.styleIdx, _ = attrInt(e, "", "idx")
	case isA(par.Name.Space) && par.Name.Local == "fillRef" && par.Parent != nil && par.Parent.Name.Space == nsWPS:
		if c := newColour(e); c != nil {
			a.styleFill, a.colour, a.colourElem = c, c, e
		}
	case par == a.colourElem && a.colour != nil:
		a.colour.mod(e)
	}
}

// vml reads a legacy shape (w:pict): its style says where it is and
// whether it is in front of the text.
func (w *wordHidden) vml(e *xmlclean.Element) {
	if w.fallback > 0 {
		return
	}
	switch e.Name.Local {
	case "rect", "roundrect", "shape", "oval":
		if e.Parent == nil || e.Parent.Name.Space != nsW || e.Parent.Name.Local != "pict" {
			return
		}
		style, _ := e.Attr("", "style")
		props := cssProps(style)
		if props["position"] != "absolute" {
			return
		}
		a := &wAnchor{e: e, para: w.para(), vml: true, kind: "shape"}
		z, _ := strconv.Atoi(props["z-index"])
		a.behind = z < 0
		a.inFront = z >= 0 && props["mso-wrap-style"] != "square"
		a.hidden = props["visibility"] == "hidden"
		a.vRel = props["mso-position-vertical-relative"]
		if a.vRel == "text" || a.vRel == "" {
			a.vRel = "paragraph"
		}
		a.hRel = props["mso-position-horizontal-relative"]
		if a.hRel == "" || a.hRel == "text" {
			a.hRel = "column"
		}
		a.vOff, _ = cssLength(props["margin-top"])
		a.hOff, _ = cssLength(props["margin-left"])
		a.cx, _ = cssLength(props["width"])
		a.cy, _ = cssLength(props["height"])
		a.vOffSet = true
		if f, _ := e.Attr("", "filled"); f == "f" || f == "false" {
			a.fill = shapeFill{kind: fillNone}
		} else if c, _ := e.Attr("", "fillcolor"); c != "" {
			if rgb, ok := vmlColour(c); ok {
				a.fill = shapeFill{kind: fillSolid, colour: &dmlColour{kind: "srgbClr", val: rgb.Hex(), rgb: rgb, alpha: 1}}
			}
		} else {
			a.fill = shapeFill{kind: fillSolid, colour: &dmlColour{kind: "srgbClr", val: "FFFFFF", rgb: unseen.White, alpha: 1}}
		}
		if e.Name.Local == "shape" {
			if t, _ := e.Attr("", "type"); t == "#_x0000_t75" {
				a.kind = "picture"
			}
		}
		w.anchors = append(w.anchors, a)
	case "fill":
		if a := w.anchor(); a != nil && a.vml && e.Parent == a.e {
			if o, ok := e.Attr("", "opacity"); ok && o != "1" && o != "100%" && o != "65536f" {
				a.fill.kind = fillOther
			}
			if t, _ := e.Attr("", "type"); t != "" && t != "solid" {
				a.fill.kind = fillOther
			}
		}
	case "imagedata":
		if a := w.anchor(); a != nil && a.vml {
			a.kind = "picture"
		}
	}
}

// cssProps splits a VML style attribute.
func cssProps(s string) map[string]string {
	m := map[string]string{}
	for _, kv := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(kv, ":")
		if ok {
			m[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
		}
	}
	return m
}

// cssLength converts a VML length to EMU.
func cssLength(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	units := map[string]float64{"pt": 12700, "in": 914400, "cm": 360000, "mm": 36000, "px": 9525, "emu": 1}
	for u, f := range units {
		if strings.HasSuffix(s, u) {
			v, err := strconv.ParseFloat(strings.TrimSuffix(s, u), 64)
			return v * f, err == nil
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	return v * 9525, err == nil
}

// vmlColour reads a VML colour: "#RRGGBB", "black", "white" and the like
// ("black [3213]" names a scheme colour after the value).
func vmlColour(s string) (unseen.RGB, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	if i := strings.IndexByte(s, ' '); i > 0 {
		s = s[:i]
	}
	if strings.HasPrefix(s, "#") {
		if len(s) == 4 {
			s = "#" + strings.Repeat(s[1:2], 2) + strings.Repeat(s[2:3], 2) + strings.Repeat(s[3:4], 2)
		}
		return unseen.ParseHex(s)
	}
	names := map[string]string{"black": "000000", "white": "FFFFFF", "navy": "000080", "red": "FF0000", "blue": "0000FF",
		"gray": "808080", "grey": "808080", "silver": "C0C0C0", "yellow": "FFFF00", "green": "008000", "maroon": "800000"}
	if h, ok := names[s]; ok {
		return unseen.ParseHex(h)
	}
	return unseen.RGB{}, false
}

func (w *wordHidden) end(e *xmlclean.Element) {
	if e.Name.Space == nsMC {
		switch e.Name.Local {
		case "Fallback":
			w.fallback--
		case "AlternateContent":
			if n := len(w.alts); n > 0 && w.alts[n-1].e == e {
				w.alts = w.alts[:n-1]
			}
		}
		return
	}
	if a := w.anchor(); a != nil && a.e == e {
		w.anchors = w.anchors[:len(w.anchors)-1]
		w.endAnchor(a)
		return
	}
	if e.Name.Space == nsWP && e.Name.Local == "posOffset" {
		if a := w.anchor(); a != nil && a.offText != nil {
			v, err := strconv.ParseFloat(strings.TrimSpace(a.offText.String()), 64)
			if err == nil && e.Parent != nil {
				if e.Parent.Name.Local == "positionV" {
					a.vOff, a.vOffSet = v, true
				} else {
					a.hOff = v
				}
			}
			a.offText = nil
		}
		return
	}
	if a := w.anchor(); a != nil {
		if e == a.colourElem {
			a.colourElem, a.colour = nil, nil
		}
		if e.Name.Space == nsWPS && e.Name.Local == "spPr" && a.fill.kind == fillSolid && a.fill.colour == nil {
			a.fill.kind = fillOther
		}
	}
	if !isW(e.Name.Space) {
		return
	}
	switch e.Name.Local {
	case "p":
		if p := w.para(); p != nil && p.e == e {
			w.paras = w.paras[:len(w.paras)-1]
			w.endPara(p)
		}
	case "r":
		if rs := w.run(); rs != nil && rs.e == e {
			w.runs = w.runs[:len(w.runs)-1]
		}
	case "tc":
		if len(w.cells) > 0 {
			w.cells = w.cells[:len(w.cells)-1]
		}
	case "txbxContent":
		if len(w.boxes) > 0 {
			w.boxes = w.boxes[:len(w.boxes)-1]
		}
	case "fldSimple":
		if n := len(w.fields); n > 0 {
			f := w.fields[n-1]
			w.fields = w.fields[:n-1]
			w.endField(f)
		}
	}
}

// onObject reports whether an object behind the text may lie under
// paragraph n: then its text "on white" may be on the object.
func (w *wordHidden) onObject(n int) bool {
	pl := w.r.pt.plan
	return pl.behind || pl.behindAt[n]
}

func (w *wordHidden) endAnchor(a *wAnchor) {
	if a.behind && !w.r.writing {
		// Placed with its paragraph: it lies under that paragraph and
		// those its height reaches (a line is at least 12 points);
		// placed on the page: anywhere.
		pl := w.r.pt.plan
		if (a.vRel == "paragraph" || a.vRel == "line") && a.para != nil && a.para.n > 0 && a.vOff > -a.cy {
			if pl.behindAt == nil {
				pl.behindAt = map[int]bool{}
			}
			lines := int(math.Ceil((max(a.vOff, 0) + a.cy) / (12 * emuPerPoint)))
			for k := 0; k <= min(lines, 1000); k++ {
				pl.behindAt[a.para.n+k] = true
			}
		} else {
			pl.behind = true
		}
	}
	if a.kind == "inline" || a.para == nil || a.para.n == 0 {
		return
	}
	a.para.anchors = append(a.para.anchors, a)
	w.all = append(w.all, a)
}

func (w *wordHidden) endPara(p *wPara) {
	if p.n == 0 {
		return
	}
	for i := range p.segs {
		s := &p.segs[i]
		switch s.class {
		case textHighlight, textShading, textBackground, textTiny:
			if !unseen.Blank(s.text.String()) {
				w.items = append(w.items, wordItem{para: p.n, class: s.class, text: s.text.String()})
			}
		}
	}
}

func (w *wordHidden) where(para int) string {
	return fmt.Sprintf("%s, paragraph %d", w.r.pt.name, para)
}

// finish turns what the pass saw into findings.
func (w *wordHidden) finish() {
	r := w.r
	for _, it := range w.items {
		where := w.where(it.para)
		switch it.class {
		case textHighlight:
			r.hiddenFinding(where, "text under a black highlight", covered(it.text, "under the highlight"), scrub.LabelCoveredText, scrub.Report, false)
		case textShading:
			r.hiddenFinding(where, "text on shading of its own colour (a black bar)", covered(it.text, "under the shading"), scrub.LabelCoveredText, scrub.Report, false)
		case textBackground:
			v := unseen.Quote(it.text, 200)
			on := w.onObject(it.para)
			if on {
				v += " (an object lies behind the text here: check whether it shows on it)"
			}
			r.hiddenFinding(where, "text in the colour of its background", v, scrub.LabelInvisibleText, r.removable(!on), false)
		case textTiny:
			r.hiddenFinding(where, "text smaller than 2 points", unseen.Quote(it.text, 200), scrub.LabelInvisibleText, r.removable(true), false)
		}
	}
	for _, a := range w.all {
		w.judgeAnchor(a)
	}
	for _, it := range w.stale {
		r.hiddenFinding(w.where(it.para), "stored field result", it.text, scrub.LabelStaleValue, scrub.Report, false)
	}
	for _, ref := range w.refs {
		bm := w.marks[ref.name]
		if bm == nil {
			continue
		}
		now := strings.Join(strings.Fields(bm.text.String()), " ")
		was := strings.Join(strings.Fields(ref.result), " ")
		if now != was && now != "" {
			r.hiddenFinding(w.where(ref.para), "stored field result",
				fmt.Sprintf("a cross-reference shows %s as stored, but what it refers to now says %s", unseen.Quote(was, 100), unseen.Quote(now, 100)),
				scrub.LabelStaleValue, scrub.Report, false)
		}
	}
}

// judgeAnchor decides what a floating object in front of the text
// hides. Word lays the text out, scrub does not: an object placed with
// its paragraph (or line), starting within about two lines of it, lies on
// that paragraph's first lines; one placed on the page lies somewhere on
// it.
func (w *wordHidden) judgeAnchor(a *wAnchor) {
	r := w.r
	where := w.where(a.para.n)
	text := a.para.text.String()
	if a.hidden {
		v := "a hidden " + map[bool]string{true: "picture", false: "shape"}[a.kind == "picture"]
		if t := strings.TrimSpace(a.text.String()); t != "" {
			v += ": " + unseen.Quote(t, 120)
		}
		r.hiddenFinding(where, "hidden object", v, scrub.LabelHiddenObject, scrub.Report, false)
		return
	}
	if !a.inFront || unseen.Blank(text) || a.cx < 4*emuPerPoint || a.cy < 4*emuPerPoint {
		return
	}
	// Beside the text (in a margin)?
	if w.pageW > 0 {
		textW := w.pageW - w.marginL - w.marginR
		x0 := a.hOff
		switch a.hRel {
		case "page":
			x0 -= w.marginL
		case "leftMargin", "insideMargin":
			x0 -= w.marginL
		case "rightMargin", "outsideMargin":
			x0 += textW
		}
		if x0 >= textW || x0+a.cx <= 0 {
			return
		}
	}
	located := (a.vRel == "paragraph" || a.vRel == "line") && a.vOff < 2*12*emuPerPoint && a.vOff+a.cy > 0
	switch a.kind {
	case "shape":
		if !unseen.Blank(a.text.String()) {
			return // a text box: what it says is on top
		}
		if a.fill.kind != fillSolid || a.fill.colour == nil || a.fill.colour.alpha < 0.99 {
			return
		}
		c, ok := a.fill.colour.resolve(w.ws.scheme, nil)
		if !ok {
			return
		}
		switch {
		case located && c.Dark():
			r.hiddenFinding(where, "text under a box drawn over it", covered(text, "under a dark box drawn over its paragraph"), scrub.LabelCoveredText, scrub.Report, false)
		case located:
			r.hiddenFinding(where, "text under a shape drawn over it", unseen.Quote(text, 200)+": a filled shape lies over this paragraph; check what it covers", scrub.LabelHiddenText, scrub.Report, false)
		case c.Dark():
			r.hiddenFinding(where, "box drawn in front of the text", "a dark box placed on the page in front of the text, anchored at "+unseen.Quote(text, 120)+": check what it covers", scrub.LabelHiddenObject, scrub.Report, false)
		}
	case "picture":
		if located {
			r.hiddenFinding(where, "text behind a picture", unseen.Quote(text, 200)+": a picture placed in front of the text lies over this paragraph; check what it covers", scrub.LabelHiddenText, scrub.Report, false)
		}
	}
}
