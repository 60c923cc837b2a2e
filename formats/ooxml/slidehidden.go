package ooxml

import (
	"fmt"
	"math"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/unseen"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// PowerPoint's hidden content. Positions on a slide are absolute (EMU
// from its top left corner, 19.3.1.x and 20.1.7.6): a shape's a:xfrm, or
// for a placeholder without one its layout's (then its master's) of the
// same index or type, mapped through the transforms of the groups it is
// in (a:chOff, a:chExt). The slide's size is p:sldSz in presentation.xml.
// Shapes are drawn in the order the shape tree lists them, so a shape
// later in the tree is in front.

// masterInfo is what a slide inherits from a layout or a master: its
// background, its colour map and scheme, and its placeholders' boxes.
type masterInfo struct {
	bg     *bgInfo
	clr    clrMap
	scheme scheme
	ph     map[string]rect
	parent *masterInfo // a layout's master
}

// bgInfo is a slide's (or layout's, master's) background.
type bgInfo struct {
	kind   fill
	colour *dmlColour
}

// masterOf reads a slide layout or master (once).
func (p *pkg) masterOf(pt *part) *masterInfo {
	if pt == nil || pt.removed {
		return nil
	}
	if mi, ok := p.masters[pt]; ok {
		return mi
	}
	mi := &masterInfo{ph: map[string]rect{}}
	p.masters[pt] = mi
	if m := p.related(pt, "slideMaster"); m != nil && m != pt {
		mi.parent = p.masterOf(m)
	}
	if th := p.related(pt, "theme"); th != nil {
		mi.scheme = p.themeScheme(th)
	} else if mi.parent != nil {
		mi.scheme = mi.parent.scheme
	}
	var bgc **dmlColour
	var colourElem *xmlclean.Element
	type phShape struct {
		key  []string
		box  rect
		ok   bool
		elem *xmlclean.Element
	}
	var cur *phShape
	var off, ext [2]float64
	_ = p.parse(pt, func(e *xmlclean.Element) xmlclean.Decision {
		sp := e.Name.Space
		switch {
		case isP(sp) && e.Name.Local == "clrMap":
			mi.clr = clrMap{}
			for i := range e.Attrs {
				if e.Attrs[i].Name.Space == "" {
					mi.clr[e.Attrs[i].Name.Local] = e.Attrs[i].Value
				}
			}
		case isP(sp) && e.Name.Local == "bgPr":
			mi.bg = &bgInfo{}
		case isP(sp) && e.Name.Local == "bgRef":
			idx, _ := attrInt(e, "", "idx")
			mi.bg = &bgInfo{kind: fillOther}
			if idx == 1001 {
				mi.bg.kind = fillSolid
				bgc = &mi.bg.colour
			}
		case mi.bg != nil && e.Parent != nil && isP(e.Parent.Name.Space) && e.Parent.Name.Local == "bgPr":
			if k, ok := fillKind(e.Name.Local); ok {
				mi.bg.kind = k
				if k == fillSolid {
					bgc = &mi.bg.colour
				}
			}
		case bgc != nil && newColour(e) != nil:
			*bgc = newColour(e)
			colourElem = e
			bgc = nil
		case colourElem != nil && e.Parent == colourElem && mi.bg != nil && mi.bg.colour != nil:
			mi.bg.colour.mod(e)
		case isP(sp) && (e.Name.Local == "sp" || e.Name.Local == "pic" || e.Name.Local == "graphicFrame"):
			cur = &phShape{elem: e}
			off, ext = [2]float64{}, [2]float64{}
		case cur != nil && isP(sp) && e.Name.Local == "ph":
			typ, _ := e.Attr("", "type")
			if typ == "" {
				typ = "body"
			}
			cur.key = append(cur.key, "type:"+typ)
			if idx, ok := e.Attr("", "idx"); ok {
				cur.key = append(cur.key, "idx:"+idx)
			}
		case cur != nil && isA(sp) && e.Name.Local == "off" && e.Parent != nil && e.Parent.Name.Local == "xfrm":
			off = [2]float64{attrNum(e, "x"), attrNum(e, "y")}
		case cur != nil && isA(sp) && e.Name.Local == "ext" && e.Parent != nil && e.Parent.Name.Local == "xfrm":
			ext = [2]float64{attrNum(e, "cx"), attrNum(e, "cy")}
			cur.box, cur.ok = rect{off[0], off[1], off[0] + ext[0], off[1] + ext[1]}, true
			for _, k := range cur.key {
				if _, dup := mi.ph[k]; !dup {
					mi.ph[k] = cur.box
				}
			}
		}
		return xmlclean.Decision{}
	}, nil)
	if mi.clr == nil && mi.parent != nil {
		mi.clr = mi.parent.clr
	}
	return mi
}

// placeholder returns the inherited box of a placeholder.
func (mi *masterInfo) placeholder(typ, idx string) (rect, bool) {
	for m := mi; m != nil; m = m.parent {
		if idx != "" {
			if b, ok := m.ph["idx:"+idx]; ok {
				return b, true
			}
		}
		if b, ok := m.ph["type:"+typ]; ok {
			return b, true
		}
	}
	return rect{}, false
}

// background returns the first background set on the chain.
func (mi *masterInfo) background() *bgInfo {
	for m := mi; m != nil; m = m.parent {
		if m.bg != nil {
			return m.bg
		}
	}
	return nil
}

// shapeItem is a shape of the tree.
type shapeItem struct {
	idx       int
	e         *xmlclean.Element
	kind      string // sp, pic, grpSp, graphicFrame, cxnSp, contentPart
	parent    *shapeItem
	id, name  string
	hidden    bool
	ph        bool
	phType    string
	phIdx     string
	off, ext  [2]float64
	chOff     [2]float64
	chExt     [2]float64
	hasXfrm   bool
	hasCh     bool
	rot       float64
	box       rect
	boxOK     bool
	offSlide  bool
	fill      shapeFill
	styleFill *dmlColour
	styleIdx  int
	text      strings.Builder
	runs      []runItem
	fontScale float64
	refs      map[string]int
	blips     [2]int // first and next picture fill numbers inside it
	master    *hiddenShape
	txBody    bool
}

type runItem struct {
	class textClass
	text  strings.Builder
}

// slideRun is an open text run (a:r, a:fld).
type slideRun struct {
	e      *xmlclean.Element
	sz     float64
	colour *dmlColour
	class  textClass
	done   bool
	field  string // a:fld type
	text   strings.Builder
}

// slideHidden is the state of PowerPoint's hidden-content rules in one
// pass over a slide, layout or master.
type slideHidden struct {
	r          *rules
	cx, cy     float64
	sized      bool
	inherit    *masterInfo // the layout (for a slide) or master (for a layout)
	scheme     scheme
	clr        clrMap
	bg         *bgInfo
	n          int
	stack      []*shapeItem
	items      []*shapeItem
	run        *slideRun
	colour     **dmlColour // where the next colour element goes
	colourElem *xmlclean.Element
	colourOf   *dmlColour
	timing     map[string]bool
	inTiming   int
	refCount   map[string]int
	stale      []string
	fontScale  float64
}

func newSlideHidden(r *rules) *slideHidden {
	s := &slideHidden{r: r, timing: map[string]bool{}, refCount: map[string]int{}, fontScale: 1}
	p := r.p
	s.cx, s.cy, s.sized = p.slideSize()
	switch r.kind {
	case kindSlide:
		s.inherit = p.masterOf(p.related(r.pt, "slideLayout"))
	case kindSlideMaster:
		if m := p.related(r.pt, "slideMaster"); m != nil {
			s.inherit = p.masterOf(m)
		}
	}
	own := p.masterOf(r.pt)
	if r.kind == kindSlideMaster {
		s.scheme, s.clr = own.scheme, own.clr
	}
	if s.inherit != nil {
		for m := s.inherit; m != nil; m = m.parent {
			if s.scheme == nil {
				s.scheme = m.scheme
			}
			if s.clr == nil {
				s.clr = m.clr
			}
		}
	}
	return s
}

// slideSize reads p:sldSz (once).
func (p *pkg) slideSize() (float64, float64, bool) {
	if p.sldSize == nil {
		p.sldSize = &[2]float64{}
		_ = p.parse(p.main, func(e *xmlclean.Element) xmlclean.Decision {
			if isP(e.Name.Space) && e.Name.Local == "sldSz" {
				p.sldSize[0], p.sldSize[1] = attrNum(e, "cx"), attrNum(e, "cy")
			}
			return xmlclean.Decision{}
		}, nil)
	}
	return p.sldSize[0], p.sldSize[1], p.sldSize[0] > 0 && p.sldSize[1] > 0
}

var shapeKinds = map[string]bool{"sp": true, "pic": true, "grpSp": true, "graphicFrame": true, "cxnSp": true, "contentPart": true}

// isShape reports a shape of the tree: a p: shape element whose parent
// is the tree or a group (possibly through mc:AlternateContent).
func isShape(e *xmlclean.Element) bool {
	if !isP(e.Name.Space) || !shapeKinds[e.Name.Local] {
		return false
	}
	par := e.Parent
	for par != nil && par.Name.Space == nsMC {
		par = par.Parent
	}
	return par != nil && isP(par.Name.Space) && (par.Name.Local == "spTree" || par.Name.Local == "grpSp")
}

func (s *slideHidden) skipped(e *xmlclean.Element) {
	if isShape(e) {
		s.n++
	}
}

func (s *slideHidden) top() *shapeItem {
	if len(s.stack) == 0 {
		return nil
	}
	return s.stack[len(s.stack)-1]
}

// group returns the innermost open group.
func (s *slideHidden) group() *shapeItem {
	for i := len(s.stack) - 1; i >= 0; i-- {
		if s.stack[i].kind == "grpSp" {
			return s.stack[i]
		}
	}
	return nil
}

func (s *slideHidden) start(e *xmlclean.Element, d xmlclean.Decision) xmlclean.Decision {
	sp := e.Name.Space
	if isP(sp) && e.Name.Local == "timing" {
		s.inTiming++
	}
	for i := range e.Attrs {
		a := &e.Attrs[i]
		if id, ok := refAttr(a); ok {
			s.refCount[id]++
			for _, it := range s.stack {
				if it.refs == nil {
					it.refs = map[string]int{}
				}
				it.refs[id]++
			}
		}
		if (s.inTiming > 0 && a.Name.Local == "spid") || (isA(sp) && (e.Name.Local == "stCxn" || e.Name.Local == "endCxn") && a.Name.Local == "id") {
			s.timing[a.Value] = true
		}
	}
	if isShape(e) {
		it := &shapeItem{idx: s.n, e: e, kind: e.Name.Local, parent: s.group(), fontScale: 1}
		it.blips[0] = s.r.h.crops.n
		if hs, ok := e.Data.(*hiddenShape); ok {
			it.master = hs
		}
		s.n++
		s.stack = append(s.stack, it)
		s.items = append(s.items, it)
		if s.r.writing && s.r.pt.plan.dropShapes[it.idx] {
			e.Data = nil
			return xmlclean.Decision{Action: xmlclean.Remove}
		}
		return d
	}
	it := s.top()
	switch {
	case isP(sp):
		s.presentationElement(e, it)
	case isA(sp):
		return s.drawingElement(e, it, d)
	}
	return d
}

func (s *slideHidden) presentationElement(e *xmlclean.Element, it *shapeItem) {
	switch e.Name.Local {
	case "bgPr":
		s.bg = &bgInfo{}
	case "bgRef":
		idx, _ := attrInt(e, "", "idx")
		s.bg = &bgInfo{kind: fillOther}
		if idx == 1001 {
			s.bg.kind = fillSolid
			s.colour = &s.bg.colour
		}
	case "cNvPr":
		if it != nil && e.Parent != nil && e.Parent.Parent == it.e {
			it.id, _ = e.Attr("", "id")
			it.name, _ = e.Attr("", "name")
			it.hidden = attrTrue(e, "", "hidden")
		}
	case "ph":
		if it != nil {
			it.ph = true
			it.phType, _ = e.Attr("", "type")
			if it.phType == "" {
				it.phType = "body"
			}
			it.phIdx, _ = e.Attr("", "idx")
		}
	case "style":
	case "txBody":
		if it != nil {
			it.txBody = true
			s.fontScale = 1
		}
	}
}

func (s *slideHidden) drawingElement(e *xmlclean.Element, it *shapeItem, d xmlclean.Decision) xmlclean.Decision {
	par := e.Parent
	// Colours.
	if s.colour != nil {
		if c := newColour(e); c != nil {
			*s.colour = c
			s.colour = nil
			s.colourElem, s.colourOf = e, c
			return d
		}
	}
	if s.colourElem != nil && par == s.colourElem {
		s.colourOf.mod(e)
		return d
	}
	switch e.Name.Local {
	case "xfrm":
		if it != nil && par != nil && par.Parent == it.e {
			it.hasXfrm = true
			it.rot = attrNum(e, "rot") / 60000
		}
	case "off", "ext", "chOff", "chExt":
		if it == nil || par == nil || par.Name.Local != "xfrm" || par.Parent == nil || par.Parent.Parent != it.e {
			break
		}
		switch e.Name.Local {
		case "off":
			it.off = [2]float64{attrNum(e, "x"), attrNum(e, "y")}
		case "ext":
			it.ext = [2]float64{attrNum(e, "cx"), attrNum(e, "cy")}
		case "chOff":
			it.chOff = [2]float64{attrNum(e, "x"), attrNum(e, "y")}
		case "chExt":
			it.chExt, it.hasCh = [2]float64{attrNum(e, "cx"), attrNum(e, "cy")}, true
		}
	case "normAutofit":
		if v, ok := e.Attr("", "fontScale"); ok {
			s.fontScale = attrNum(e, "fontScale") / 100000
			if strings.HasSuffix(v, "%") {
				s.fontScale = attrNum(e, "fontScale") / 100
			}
			if s.fontScale <= 0 {
				s.fontScale = 1
			}
		}
	case "fillRef":
		if it != nil && par != nil && isP(par.Name.Space) && par.Name.Local == "style" && par.Parent == it.e {
			it.styleIdx, _ = attrInt(e, "", "idx")
			s.colour = &it.styleFill
		}
	case "r", "fld":
		s.run = &slideRun{e: e}
		if e.Name.Local == "fld" {
			s.run.field, _ = e.Attr("", "type")
		}
	case "rPr":
		if s.run != nil && par == s.run.e {
			if v, ok := e.Attr("", "sz"); ok && v != "" {
				s.run.sz = attrNum(e, "sz") / 100
			}
		}
	case "t":
		return s.textElement(e, it, d)
	default:
		if k, ok := fillKind(e.Name.Local); ok && par != nil {
			switch {
			case it != nil && isP(par.Name.Space) && par.Name.Local == "spPr" && par.Parent == it.e:
				it.fill = shapeFill{kind: k}
				if k == fillSolid {
					s.colour = &it.fill.colour
				}
			case s.bg != nil && isP(par.Name.Space) && par.Name.Local == "bgPr":
				s.bg.kind = k
				if k == fillSolid {
					s.colour = &s.bg.colour
				}
			case k == fillSolid && s.run != nil && par.Name.Local == "rPr" && par.Parent == s.run.e:
				s.colour = &s.run.colour
			}
		}
	}
	return d
}

// shapeBox works out where an item is on the slide, once its geometry is
// read.
func (s *slideHidden) shapeBox(it *shapeItem) {
	var b rect
	switch {
	case it.hasXfrm:
		b = rect{it.off[0], it.off[1], it.off[0] + it.ext[0], it.off[1] + it.ext[1]}
		if it.rot != 0 && it.kind != "grpSp" {
			cx, cy := (b.x0+b.x1)/2, (b.y0+b.y1)/2
			a := it.rot * math.Pi / 180
			w := math.Abs(it.ext[0]*math.Cos(a)) + math.Abs(it.ext[1]*math.Sin(a))
			h := math.Abs(it.ext[0]*math.Sin(a)) + math.Abs(it.ext[1]*math.Cos(a))
			b = rect{cx - w/2, cy - h/2, cx + w/2, cy + h/2}
		}
	case it.ph && s.inherit != nil && it.parent == nil:
		var ok bool
		if b, ok = s.inherit.placeholder(it.phType, it.phIdx); !ok {
			return
		}
		it.box, it.boxOK = b, true
		return
	default:
		return
	}
	for g := it.parent; g != nil; g = g.parent {
		if !g.hasXfrm {
			return
		}
		sx, sy := 1.0, 1.0
		if g.hasCh && g.chExt[0] != 0 {
			sx = g.ext[0] / g.chExt[0]
		}
		if g.hasCh && g.chExt[1] != 0 {
			sy = g.ext[1] / g.chExt[1]
		}
		b = rect{g.off[0] + (b.x0-g.chOff[0])*sx, g.off[1] + (b.y0-g.chOff[1])*sy, g.off[0] + (b.x1-g.chOff[0])*sx, g.off[1] + (b.y1-g.chOff[1])*sy}
	}
	it.box, it.boxOK = b, true
	if s.sized && b.area() > 0 {
		it.offSlide = b.x1 <= 0 || b.y1 <= 0 || b.x0 >= s.cx || b.y0 >= s.cy
	}
}

// invisible reports whether an item or a group it is in is hidden or off
// the slide.
func (it *shapeItem) invisible() bool {
	for x := it; x != nil; x = x.parent {
		if x.hidden || x.offSlide {
			return true
		}
	}
	return false
}

// textElement classifies a run's text when it starts; the writing pass
// clears what Policy.RemoveHidden takes out.
func (s *slideHidden) textElement(e *xmlclean.Element, it *shapeItem, d xmlclean.Decision) xmlclean.Decision {
	run := s.run
	if run == nil || e.Parent != run.e || it == nil {
		return d
	}
	if !run.done {
		run.done = true
		run.class = s.classify(run, it)
	}
	if s.r.writing && s.r.p.env.Policy.RemoveHidden && (run.class == textTiny || run.class == textBackground) {
		return xmlclean.Decision{Action: xmlclean.Clear}
	}
	return d
}

// classify says whether a run's text can be read: under 2 points, or in
// the colour of what is behind it (the shape's fill, the shapes below
// it, the slide's background).
func (s *slideHidden) classify(run *slideRun, it *shapeItem) textClass {
	if it.invisible() || s.r.kind != kindSlide {
		return textShown
	}
	if run.sz > 0 && run.sz*s.fontScale < 2 {
		return textTiny
	}
	if run.colour == nil {
		return textShown
	}
	tc, ok := run.colour.resolve(s.scheme, s.clr)
	if !ok || run.colour.alpha < 0.99 {
		return textShown
	}
	bg, known := s.behind(it)
	if known && unseen.Unreadable(bg, tc) {
		return textBackground
	}
	return textShown
}

// solid returns an item's own fill colour; ok false if it has none that
// is one opaque colour, see is true if it is see-through.
func (s *slideHidden) solid(it *shapeItem) (c unseen.RGB, ok, see bool) {
	f := it.fill
	if f.kind == fillUnset {
		if it.styleIdx <= 0 || it.styleFill == nil {
			return c, false, true
		}
		f = shapeFill{kind: fillSolid, colour: it.styleFill}
	}
	switch f.kind {
	case fillNone:
		return c, false, true
	case fillSolid:
		if f.colour == nil || f.colour.alpha < 0.99 {
			return c, false, false
		}
		c, ok = f.colour.resolve(s.scheme, s.clr)
		return c, ok, false
	}
	return c, false, false
}

// behind returns the colour behind a shape's text; known is false when it
// is not one colour (a picture, a gradient, shapes of several colours).
func (s *slideHidden) behind(it *shapeItem) (unseen.RGB, bool) {
	if c, ok, see := s.solid(it); ok {
		return c, true
	} else if !see {
		return unseen.RGB{}, false
	}
	if !it.boxOK {
		return unseen.RGB{}, false
	}
	for i := len(s.items) - 1; i >= 0; i-- {
		b := s.items[i]
		if b == it || b.idx >= it.idx || b.kind == "grpSp" || !b.boxOK || b.invisible() {
			continue
		}
		over := b.box.intersect(it.box).area()
		if over <= 0 {
			continue
		}
		c, ok, see := s.solid(b)
		switch {
		case see && b.kind != "pic" && b.kind != "graphicFrame":
			continue
		case ok && over >= 0.9*it.box.area():
			return c, true
		}
		return unseen.RGB{}, false
	}
	bg := s.bg
	if bg == nil && s.inherit != nil {
		bg = s.inherit.background()
	}
	if bg == nil && s.r.kind == kindSlide {
		return unseen.White, true
	}
	if bg == nil || bg.kind != fillSolid || bg.colour == nil {
		return unseen.RGB{}, false
	}
	return bg.colour.resolve(s.scheme, s.clr)
}

func (s *slideHidden) text(e *xmlclean.Element, b []byte) {
	if e == nil || !isA(e.Name.Space) || e.Name.Local != "t" {
		return
	}
	for _, it := range s.stack {
		if it.text.Len() < 1000 {
			it.text.Write(b)
		}
	}
	run := s.run
	if run == nil || e.Parent != run.e {
		return
	}
	if run.text.Len() < 500 {
		run.text.Write(b)
	}
	if it := s.top(); it != nil {
		if n := len(it.runs); n > 0 && it.runs[n-1].class == run.class {
			it.runs[n-1].text.Write(b)
		} else {
			it.runs = append(it.runs, runItem{class: run.class})
			it.runs[len(it.runs)-1].text.Write(b)
		}
	}
}

func (s *slideHidden) end(e *xmlclean.Element) {
	if e == s.colourElem {
		s.colourElem, s.colourOf = nil, nil
	}
	if isP(e.Name.Space) && e.Name.Local == "timing" {
		s.inTiming--
	}
	if it := s.top(); it != nil && it.e == e {
		s.stack = s.stack[:len(s.stack)-1]
		it.blips[1] = s.r.h.crops.n
		if !it.boxOK {
			s.shapeBox(it)
		}
		it.e = nil
		return
	}
	it := s.top()
	switch {
	case it != nil && isP(e.Name.Space) && (e.Name.Local == "spPr" || e.Name.Local == "grpSpPr" || e.Name.Local == "xfrm") && e.Parent == it.e:
		// The geometry is read: where the shape is matters to the text
		// that follows.
		s.shapeBox(it)
	case s.run != nil && s.run.e == e:
		if s.run.field != "" && strings.HasPrefix(s.run.field, "datetime") && !unseen.Blank(s.run.text.String()) && it != nil && !it.invisible() {
			s.stale = append(s.stale, s.run.text.String())
		}
		s.run = nil
	case isP(e.Name.Space) && e.Name.Local == "txBody":
		s.fontScale = 1
	}
}

// finish decides what goes and adds the findings.
func (s *slideHidden) finish() {
	r := s.r
	where := r.p.place(r.pt)
	master := r.kind == kindSlideMaster
	plan := r.pt.plan
	for _, it := range s.items {
		if it.parent != nil && it.parent.invisible() {
			continue // reported with its group
		}
		if it.master != nil && it.master.removed {
			continue // removed by the template rule, with its finding
		}
		var field string
		var label scrub.Label
		switch {
		case it.hidden && master:
			field, label = "hidden shape on a slide master or layout", scrub.LabelHiddenObject
		case it.hidden:
			field, label = "hidden shape", scrub.LabelHiddenObject
		case it.offSlide:
			field, label = "shape outside the slide", scrub.LabelOffPage
		default:
			continue
		}
		can := !s.timing[it.id] && !(master && it.ph)
		for x := it; x != nil && can; x = x.parent {
			can = !s.timing[x.id]
		}
		action := r.removable(can)
		if action == scrub.Remove {
			if plan.dropShapes == nil {
				plan.dropShapes = map[int]bool{}
			}
			plan.dropShapes[it.idx] = true
			s.drop(it)
		}
		r.hiddenFinding(shapeWhere(where, it), field, describeShape(it), label, action, false)
	}
	if r.kind == kindSlide {
		s.coverage(where)
	}
	for _, it := range s.items {
		if it.invisible() {
			continue
		}
		for i := range it.runs {
			ru := &it.runs[i]
			if unseen.Blank(ru.text.String()) {
				continue
			}
			switch ru.class {
			case textTiny:
				r.hiddenFinding(shapeWhere(where, it), "text smaller than 2 points", unseen.Quote(ru.text.String(), 200), scrub.LabelInvisibleText, r.removable(true), false)
			case textBackground:
				r.hiddenFinding(shapeWhere(where, it), "text in the colour of what is behind it", unseen.Quote(ru.text.String(), 200), scrub.LabelInvisibleText, r.removable(true), false)
			}
		}
	}
	for _, t := range s.stale {
		r.hiddenFinding(where, "stored field result", fmt.Sprintf("date field shows %s as stored: PowerPoint shows the current date; the stored date says when it was last updated", unseen.Quote(t, 60)),
			scrub.LabelStaleValue, scrub.Report, false)
	}
}

// drop marks what a removed shape held as gone: its pictures' fills, and
// the relationships only it used.
func (s *slideHidden) drop(it *shapeItem) {
	for _, ref := range s.r.h.crops.refs {
		if ref.idx >= it.blips[0] && ref.idx < it.blips[1] {
			ref.gone = true
		}
	}
	for id, n := range it.refs {
		if s.refCount[id] <= n {
			delete(s.r.kept, id)
			s.r.drops[id] = true
		}
	}
}

// shapeWhere names a shape on its slide: findings about two shapes stay
// two.
func shapeWhere(where string, it *shapeItem) string {
	if it.name == "" {
		return where
	}
	return where + ", “" + unseen.Clip(it.name, 40) + "”"
}

// describeShape says what a shape is and what it says.
func describeShape(it *shapeItem) string {
	what := map[string]string{"sp": "shape", "pic": "picture", "grpSp": "group of shapes", "graphicFrame": "table, chart or diagram",
		"cxnSp": "connector", "contentPart": "ink"}[it.kind]
	v := what
	if it.name != "" {
		v += " “" + unseen.Clip(it.name, 60) + "”"
	}
	if t := strings.TrimSpace(it.text.String()); t != "" {
		v += ": " + unseen.Quote(t, 200)
	}
	return v
}

// coverage finds text that a later shape covers: a filled box with no
// text of its own over most of it (dark: a fake redaction; light: text
// hidden under a shape), or a picture over a text box.
func (s *slideHidden) coverage(where string) {
	r := s.r
	for i, t := range s.items {
		where := shapeWhere(where, t)
		text := strings.TrimSpace(t.text.String())
		if t.kind != "sp" || !t.boxOK || t.invisible() || unseen.Blank(text) || t.box.area() <= 0 {
			continue
		}
		for _, b := range s.items[i+1:] {
			if b.idx <= t.idx || !b.boxOK || b.invisible() || b.parent == t || b.box.area() <= 0 {
				continue
			}
			over := b.box.intersect(t.box).area()
			if over <= 0 {
				continue
			}
			w, h := b.box.x1-b.box.x0, b.box.y1-b.box.y0
			switch b.kind {
			case "sp":
				if !unseen.Blank(b.text.String()) || w < 4*emuPerPoint || h < 4*emuPerPoint || over < 0.5*b.box.area() {
					continue
				}
				c, ok, _ := s.solid(b)
				if !ok {
					continue
				}
				if c.Dark() {
					r.hiddenFinding(where, "text under a box drawn over it", covered(text, "under a dark box drawn over it"), scrub.LabelCoveredText, scrub.Report, false)
				} else {
					r.hiddenFinding(where, "text under a shape drawn over it", unseen.Quote(text, 200)+": a filled shape lies over it", scrub.LabelHiddenText, scrub.Report, false)
				}
			case "pic":
				if over < 0.5*t.box.area() {
					continue
				}
				r.hiddenFinding(where, "text behind a picture", unseen.Quote(text, 200)+": a picture lies over it", scrub.LabelHiddenText, scrub.Report, false)
			default:
				continue
			}
			break
		}
	}
}
