package pdf

import (
	"math"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// The graphics interpreter of the hidden-content analysis (hidden.go). It
// runs a page's content streams and the forms they draw (ISO 32000-1
// §8, §9) and records, in paint order, where each glyph is drawn (its box,
// from the font's widths and height), in which colour and render mode,
// and what each fill, stroke, image and shading covers. It follows the
// graphics state (q/Q, cm, colours and colour spaces, gs: alpha, blend
// mode, soft mask), clipping (as a box), the text state and text
// objects, marked optional content, and forms with their matrices and
// bounding boxes. It draws nothing.

// paintKind says what a paint is.
type paintKind uint8

const (
	paintFill paintKind = iota
	paintStroke
	paintImage
	paintMask // a stencil mask: the fill colour through an image
	paintShading
)

// paint is one painting operation.
type paint struct {
	kind   paintKind
	order  int32
	box    rect // what it may cover: its shape's box within the clip
	full   rect // images: the whole placement, clip or not
	clip   rect
	shape  *region // fills and wide strokes; nil: box
	col    colour
	solid  bool   // one opaque colour: it hides what is under it
	opaque bool   // images: no mask, no transparency
	hidden bool   // in optional content that is off
	src    srcRef // images: the operator that draws it (Do, or the inline image)
	form   bool   // drawn by a form
	xobj   int    // images drawn by Do: the XObject
	pixW   int    // images: pixels
	pixH   int
}

// covers reports whether the paint paints point (x, y); what the test
// costs is added to work.
func (p *paint) covers(x, y float64, work *int64) bool {
	if !p.box.has(x, y) {
		return false
	}
	if p.shape == nil {
		return true
	}
	return p.clip.has(x, y) && p.shape.contains(x, y, work)
}

// glyph is one glyph drawn (runs are expanded to glyphs only when they
// may hide something: see textRun).
type glyph struct {
	box   rect  // from the font's descent to its ascent, over its advance
	core  rect  // where its ink surely is: baseline to cap height, inset
	run   int32 // index in scene.runs
	code  uint32
	adv   float64 // the TJ adjustment that moves as far as this glyph does (NaN: none can)
	class hideClass
	cover int32 // covered glyphs: the paint that covers them most
}

// srcRef locates an operator in a content stream of the file.
type srcRef struct {
	obj        int // the stream's object number (0: unknown)
	start, end int32
}

// textRun is one text-showing operator as drawn: the state it was drawn
// in and the box around its glyphs. Its glyphs are worked out (expand)
// only if the run may hide something.
type textRun struct {
	c      *content
	op     int32
	font   *fontInfo
	src    srcRef
	order  int32
	tm     matrix // the text matrix when it started
	ctm    matrix
	tfs    float64
	th     float64
	tc     float64
	tw     float64
	rise   float64
	mode   uint8
	fill   colour
	stroke colour
	clip   rect
	blend  bool // a blend mode other than Normal, or a soft mask
	hidden bool // in optional content that is off
	box    rect // around all its glyphs
	size   float64
	xscale float64
	n      int32 // glyphs
	first  int32 // its glyphs are scene.glyphs[first : first+n]; -1 until expanded
	class  hideClass
}

// scene is what one page draws.
type scene struct {
	page   rect // the crop box
	glyphs []glyph
	paints []paint
	runs   []textRun
	order  int32
	// stores of paths' points and regions (reused page after page; what
	// a page points into is never moved, a full store is replaced)
	slab    []float64
	regions []region
}

// gstate is the part of the graphics state the analysis follows.
type gstate struct {
	ctm              matrix
	clip             rect
	fill, stroke     colour
	fillCS, strokeCS *colourSpace
	fillAlpha        float64
	strokeAlpha      float64
	softMask, blend  bool
	lineWidth        float64
	font             *fontInfo
	fontSize         float64
	tc, tw, th, tl   float64
	rise             float64
	mode             int
}

func initialState(clip rect) gstate {
	return gstate{ctm: identity, clip: clip, fill: black, stroke: black, fillCS: csGray, strokeCS: csGray,
		fillAlpha: 1, strokeAlpha: 1, lineWidth: 1, th: 1}
}

// interp runs content streams into a scene.
type interp struct {
	h     *hiddenPass
	d     *doc
	sc    *scene
	gs    gstate
	stack []gstate
	res   types.Dict
	// text object
	tm, tlm  matrix
	textClip rect
	clipText bool
	// path under construction, in device space
	polys      [][]float64
	cur        []float64
	pathPoints int // coordinates of the path so far
	curve      bool
	pendClip   int // 0, or the W (1) or W* (2) waiting for the next painting operator
	// marked content: one entry per open BMC/BDC, true if it hides
	mc     []bool
	hideMC int
	// forms being drawn (loops)
	forms []int
	stop  bool // the page draws more than the analysis looks at
	// the stream being run, and its parts (a page's contents are several
	// streams)
	segs []segment
}

// segment is one stream of a page's concatenated contents.
type segment struct {
	obj   int
	start int32
}

// Bounds of the interpreter.
const (
	maxFormDepth  = 12
	maxStateDepth = 256
	maxPathPoints = 1 << 17 // coordinates of one path
	maxGlyphs     = 1 << 16 // per page; more are not looked at
	maxPaints     = 1 << 15 // per page; the rest of a page with more is not run
	maxRuns       = 1 << 14
	curveSteps    = 8
)

// src returns where bytes [start, end) of the running stream are in the
// file.
func (in *interp) src(start, end int32) srcRef {
	for i := len(in.segs) - 1; i >= 0; i-- {
		s := in.segs[i]
		if start >= s.start {
			next := int32(math.MaxInt32)
			if i+1 < len(in.segs) {
				next = in.segs[i+1].start
			}
			if end > next {
				return srcRef{} // across two streams: no edit
			}
			return srcRef{obj: s.obj, start: start - s.start, end: end - s.start}
		}
	}
	return srcRef{}
}

func (in *interp) next() int32 {
	in.sc.order++
	return in.sc.order
}

// run interprets c with resources res.
func (in *interp) run(c *content, res types.Dict) {
	saved := in.res
	in.res = res
	defer func() { in.res = saved }()
	var nb [6]float64
	for i := range c.ops {
		if in.h.spend(1) || in.stop {
			return
		}
		if i&0xffff == 0xffff && in.d.ctx.Err() != nil {
			in.h.stopped = true
			return
		}
		o := c.ops[i]
		switch o.code {
		case opq:
			if len(in.stack) < maxStateDepth {
				in.stack = append(in.stack, in.gs)
			}
		case opQ:
			if n := len(in.stack); n > 0 {
				in.gs = in.stack[n-1]
				in.stack = in.stack[:n-1]
			}
		case opcm:
			if c.nums(o, nb[:6]) {
				m := matrix{nb[0], nb[1], nb[2], nb[3], nb[4], nb[5]}
				if n := m.mul(in.gs.ctm); n.finite() {
					in.gs.ctm = n
				}
			}
		case opw:
			if c.nums(o, nb[:1]) {
				in.gs.lineWidth = math.Abs(nb[0])
			}
		case opgs:
			if args := c.argsOf(o); len(args) > 0 {
				in.extGState(c.name(args[len(args)-1]))
			}
		case opm:
			if c.nums(o, nb[:2]) {
				in.closeSub()
				x, y := in.gs.ctm.apply(nb[0], nb[1])
				in.cur = append(in.cur[:0], x, y)
			}
		case opl:
			if c.nums(o, nb[:2]) && len(in.cur) >= 2 && in.pathPoints+len(in.cur) < maxPathPoints {
				x, y := in.gs.ctm.apply(nb[0], nb[1])
				in.cur = append(in.cur, x, y)
			}
		case opc:
			if c.nums(o, nb[:6]) {
				in.curveTo(nb[0], nb[1], nb[2], nb[3], nb[4], nb[5], false, false)
			}
		case opv:
			if c.nums(o, nb[:4]) {
				in.curveTo(0, 0, nb[0], nb[1], nb[2], nb[3], true, false)
			}
		case opy:
			if c.nums(o, nb[:4]) {
				in.curveTo(nb[0], nb[1], nb[2], nb[3], nb[2], nb[3], false, true)
			}
		case oph:
			if len(in.cur) >= 2 {
				x, y := in.cur[0], in.cur[1]
				in.closeSub()
				in.cur = append(in.cur[:0], x, y)
			}
		case opre:
			if c.nums(o, nb[:4]) {
				in.closeSub()
				x, y, w, h := nb[0], nb[1], nb[2], nb[3]
				m := in.gs.ctm
				p := make([]float64, 0, 8)
				for _, pt := range [4][2]float64{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}} {
					px, py := m.apply(pt[0], pt[1])
					p = append(p, px, py)
				}
				in.polys = append(in.polys, p)
				in.cur = in.cur[:0]
			}
		case opS, ops:
			in.paintPath(false, true, false)
		case opf:
			in.paintPath(true, false, false)
		case opfStar:
			in.paintPath(true, false, true)
		case opB, opb:
			in.paintPath(true, true, false)
		case opBStar, opbStar:
			in.paintPath(true, true, true)
		case opn:
			in.paintPath(false, false, false)
		case opW:
			in.pendClip = 1
		case opWStar:
			in.pendClip = 2
		case opBT:
			in.tm, in.tlm = identity, identity
			in.textClip, in.clipText = rect{}, false
		case opET:
			if in.clipText {
				in.gs.clip = in.gs.clip.intersect(in.textClip)
				in.clipText = false
			}
		case opTc:
			if c.nums(o, nb[:1]) {
				in.gs.tc = nb[0]
			}
		case opTw:
			if c.nums(o, nb[:1]) {
				in.gs.tw = nb[0]
			}
		case opTz:
			if c.nums(o, nb[:1]) {
				in.gs.th = nb[0] / 100
			}
		case opTL:
			if c.nums(o, nb[:1]) {
				in.gs.tl = nb[0]
			}
		case opTf:
			args := c.argsOf(o)
			if len(args) >= 2 && args[len(args)-1].kind == tokNumber {
				in.gs.fontSize = args[len(args)-1].num
				in.gs.font = in.fontResource(c.name(args[len(args)-2]))
			}
		case opTr:
			if c.nums(o, nb[:1]) {
				in.gs.mode = int(nb[0])
			}
		case opTs:
			if c.nums(o, nb[:1]) {
				in.gs.rise = nb[0]
			}
		case opTd:
			if c.nums(o, nb[:2]) {
				in.moveLine(nb[0], nb[1])
			}
		case opTD:
			if c.nums(o, nb[:2]) {
				in.gs.tl = -nb[1]
				in.moveLine(nb[0], nb[1])
			}
		case opTm:
			if c.nums(o, nb[:6]) {
				m := matrix{nb[0], nb[1], nb[2], nb[3], nb[4], nb[5]}
				if m.finite() {
					in.tm, in.tlm = m, m
				}
			}
		case opTStar:
			in.moveLine(0, -in.gs.tl)
		case opTj, opTJ:
			in.show(c, int32(i))
		case opQuote:
			in.moveLine(0, -in.gs.tl)
			in.show(c, int32(i))
		case opDQuote:
			if c.nums(o, nb[:3]) || len(c.argsOf(o)) >= 3 {
				args := c.argsOf(o)
				args = args[len(args)-3:]
				in.gs.tw, in.gs.tc = args[0].num, args[1].num
			}
			in.moveLine(0, -in.gs.tl)
			in.show(c, int32(i))
		case opCS, opcs:
			args := c.argsOf(o)
			if len(args) == 0 {
				break
			}
			cs := in.colourSpaceNamed(c.name(args[len(args)-1]))
			if cs == nil {
				cs = &colourSpace{family: "unknown"}
			}
			if o.code == opCS {
				in.gs.strokeCS, in.gs.stroke = cs, cs.initial()
			} else {
				in.gs.fillCS, in.gs.fill = cs, cs.initial()
			}
		case opSC, opSCN, opsc, opscn:
			stroke := o.code == opSC || o.code == opSCN
			cs := in.gs.fillCS
			if stroke {
				cs = in.gs.strokeCS
			}
			var col colour
			args := c.argsOf(o)
			if cs.family == "Pattern" || (len(args) > 0 && args[len(args)-1].kind == tokName) {
				col = colour{} // a pattern: no one colour
			} else {
				v := make([]float64, 0, len(args))
				for _, a := range args {
					v = append(v, a.num)
				}
				col = cs.colour(v)
			}
			if stroke {
				in.gs.stroke = col
			} else {
				in.gs.fill = col
			}
		case opG, opg:
			if c.nums(o, nb[:1]) {
				in.setDevice(o.code == opG, csGray, nb[:1])
			}
		case opRG, oprg:
			if c.nums(o, nb[:3]) {
				in.setDevice(o.code == opRG, csRGB, nb[:3])
			}
		case opK, opk:
			if c.nums(o, nb[:4]) {
				in.setDevice(o.code == opK, csCMYK, nb[:4])
			}
		case opsh:
			box := in.gs.clip.intersect(in.sc.page)
			in.addPaint(paint{kind: paintShading, box: box, full: box, clip: in.gs.clip})
		case opBI:
			if int(o.img) < len(c.images) {
				in.inlineImage(c.images[o.img], o)
			}
		case opDo:
			if args := c.argsOf(o); len(args) > 0 {
				in.do(c.name(args[len(args)-1]), o)
			}
		case opBMC:
			in.mc = append(in.mc, false)
		case opBDC:
			hide := false
			args := c.argsOf(o)
			if len(args) >= 2 && c.name(args[len(args)-2]) == "OC" {
				hide = in.h.ocHidden(in.property(c, args[len(args)-1]))
			}
			in.mc = append(in.mc, hide)
			if hide {
				in.hideMC++
			}
		case opEMC:
			if n := len(in.mc); n > 0 {
				if in.mc[n-1] {
					in.hideMC--
				}
				in.mc = in.mc[:n-1]
			}
		}
	}
}

func (in *interp) setDevice(stroke bool, cs *colourSpace, v []float64) {
	if stroke {
		in.gs.strokeCS, in.gs.stroke = cs, cs.colour(v)
	} else {
		in.gs.fillCS, in.gs.fill = cs, cs.colour(v)
	}
}

// moveLine is Td: a new line, offset from the start of the current one.
func (in *interp) moveLine(tx, ty float64) {
	m := matrix{1, 0, 0, 1, tx, ty}.mul(in.tlm)
	if m.finite() {
		in.tlm, in.tm = m, m
	}
}

// resource returns the named entry of a resource category.
func (in *interp) resource(category, name string) types.Object {
	if in.res == nil || name == "" {
		return nil
	}
	m, n := in.d.resolveDict(in.res[category])
	if m == nil {
		return nil
	}
	if category == "XObject" {
		in.d.xobjMaps[fontKey(n, m)] = true
	}
	return m[name]
}

func (in *interp) fontResource(name string) *fontInfo {
	o := in.resource("Font", name)
	if o == nil {
		return defaultFont
	}
	return in.h.fontOf(o)
}

func (in *interp) colourSpaceNamed(name string) *colourSpace {
	if cs := familySpace(name); cs != nil {
		return cs
	}
	o := in.resource("ColorSpace", name)
	if o == nil {
		return nil
	}
	return in.h.colourSpace(in, o)
}

// property returns the property list a BDC names (or holds).
func (in *interp) property(c *content, a operand) types.Dict {
	if a.kind != tokName {
		return nil
	}
	p, _ := in.d.resolveDict(in.resource("Properties", c.name(a)))
	return p
}

// extGState applies a graphics state parameter dictionary.
func (in *interp) extGState(name string) {
	gs, _ := in.d.resolveDict(in.resource("ExtGState", name))
	if gs == nil {
		return
	}
	d := in.d
	if v, ok := numberValue(d, gs["LW"]); ok {
		in.gs.lineWidth = math.Abs(v)
	}
	if v, ok := numberValue(d, gs["ca"]); ok {
		in.gs.fillAlpha = v
	}
	if v, ok := numberValue(d, gs["CA"]); ok {
		in.gs.strokeAlpha = v
	}
	if bm, ok := gs["BM"]; ok {
		in.gs.blend = !normalBlend(d, bm)
	}
	if sm, ok := gs["SMask"]; ok {
		in.gs.softMask = d.name(sm) != "None"
	}
	if f, _ := d.resolveArray(gs["Font"]); len(f) == 2 {
		if size, ok := numberValue(d, f[1]); ok {
			in.gs.font = in.h.fontOf(f[0])
			in.gs.fontSize = size
		}
	}
}

// normalBlend reports whether a /BM value is Normal (or Compatible).
func normalBlend(d *doc, o types.Object) bool {
	v, _ := d.resolve(o)
	switch t := v.(type) {
	case types.Name:
		return t == "Normal" || t == "Compatible"
	case types.Array:
		return len(t) > 0 && normalBlend(d, t[0])
	}
	return true
}

// ---- paths ----

func (in *interp) closeSub() {
	if len(in.cur) >= 4 && len(in.polys) < 4096 && in.pathPoints+len(in.cur) <= maxPathPoints {
		in.polys = append(in.polys, in.sc.points(in.cur))
		in.pathPoints += len(in.cur)
	}
	in.cur = in.cur[:0]
}

// points copies a polygon into the scene's store of points (paths are
// many and small: one allocation for many of them).
func (sc *scene) points(p []float64) []float64 {
	if len(sc.slab)+len(p) > cap(sc.slab) {
		sc.slab = make([]float64, 0, max(4096, 2*len(p)))
	}
	start := len(sc.slab)
	sc.slab = append(sc.slab, p...)
	return sc.slab[start:len(sc.slab):len(sc.slab)]
}

// region returns a new region of the scene's store.
func (sc *scene) region(r region) *region {
	if len(sc.regions) == cap(sc.regions) {
		sc.regions = make([]region, 0, 256)
	}
	sc.regions = append(sc.regions, r)
	return &sc.regions[len(sc.regions)-1]
}

// curveTo appends a Bézier curve, flattened. v uses the current point as
// its first control point, y the end point as its second.
func (in *interp) curveTo(x1, y1, x2, y2, x3, y3 float64, v, y bool) {
	if len(in.cur) < 2 || in.pathPoints+len(in.cur)+2*curveSteps > maxPathPoints {
		return
	}
	m := in.gs.ctm
	x0, y0 := in.cur[len(in.cur)-2], in.cur[len(in.cur)-1]
	ax, ay := m.apply(x1, y1)
	if v {
		ax, ay = x0, y0
	}
	bx, by := m.apply(x2, y2)
	ex, ey := m.apply(x3, y3)
	if y {
		bx, by = ex, ey
	}
	for i := 1; i <= curveSteps; i++ {
		t := float64(i) / curveSteps
		u := 1 - t
		px := u*u*u*x0 + 3*u*u*t*ax + 3*u*t*t*bx + t*t*t*ex
		py := u*u*u*y0 + 3*u*u*t*ay + 3*u*t*t*by + t*t*t*ey
		in.cur = append(in.cur, px, py)
	}
	in.curve = true
}

// paintPath ends the current path: it fills and/or strokes it, applies a
// pending clip, and starts a new path.
func (in *interp) paintPath(fill, stroke, evenOdd bool) {
	in.closeSub()
	polys := in.polys
	if len(polys) > 0 && (fill || stroke) && in.hideMC == 0 {
		if fill {
			sh := in.sc.region(region{polys: polys, evenOdd: evenOdd})
			for _, p := range polys {
				sh.box = sh.box.union(boundsOf(p))
			}
			sh.rectangle = len(polys) == 1 && !in.curve && isRectangle(polys[0], sh.box)
			in.addPaint(paint{kind: paintFill, box: sh.box.intersect(in.gs.clip), full: sh.box, clip: in.gs.clip,
				shape: sh, col: in.gs.fill,
				solid: in.gs.fill.solid && !in.gs.fill.none && in.gs.fillAlpha >= 0.999 && !in.gs.softMask && !in.gs.blend})
		}
		if stroke {
			in.strokePaint(polys)
		}
	} else if len(polys) > 0 && (fill || stroke) {
		// In optional content that is off: recorded as hidden.
		box := rect{}
		for _, p := range polys {
			box = box.union(boundsOf(p))
		}
		in.addPaint(paint{kind: paintFill, box: box.intersect(in.gs.clip), full: box, clip: in.gs.clip, hidden: true})
	}
	if in.pendClip != 0 {
		box := rect{}
		for _, p := range polys {
			box = box.union(boundsOf(p))
		}
		in.gs.clip = in.gs.clip.intersect(box)
		in.pendClip = 0
	}
	in.polys = nil
	in.cur = in.cur[:0]
	in.curve = false
	in.pathPoints = 0
}

// strokePaint records a stroke at least 4 points wide (a thick marker
// line over text) as a shape: a band around each segment. Thinner lines
// (rules, borders, the lines of a chart) hide nothing and are not
// recorded.
func (in *interp) strokePaint(polys [][]float64) {
	sx, sy := in.gs.ctm.scale()
	lw := in.gs.lineWidth * (sx + sy) / 2
	if lw < 4 {
		return
	}
	box := rect{}
	for _, p := range polys {
		box = box.union(boundsOf(p))
	}
	box = rect{box.x0 - lw/2, box.y0 - lw/2, box.x1 + lw/2, box.y1 + lw/2}
	sh := in.sc.region(region{box: box})
	for _, poly := range polys {
		n := len(poly) / 2
		for i := 0; i+1 < n && len(sh.polys) < 4096; i++ {
			x0, y0, x1, y1 := poly[2*i], poly[2*i+1], poly[2*i+2], poly[2*i+3]
			l := math.Hypot(x1-x0, y1-y0)
			if l == 0 {
				continue
			}
			nx, ny := -(y1-y0)/l*lw/2, (x1-x0)/l*lw/2
			sh.polys = append(sh.polys, in.sc.points([]float64{x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny}))
		}
	}
	if len(sh.polys) == 0 {
		return
	}
	in.addPaint(paint{kind: paintStroke, box: box.intersect(in.gs.clip), full: box, clip: in.gs.clip, col: in.gs.stroke,
		shape: sh, solid: in.gs.stroke.solid && !in.gs.stroke.none && in.gs.strokeAlpha >= 0.999 && !in.gs.softMask && !in.gs.blend})
}

func (in *interp) addPaint(p paint) {
	if len(in.sc.paints) >= maxPaints {
		in.full()
		return
	}
	p.order = in.next()
	if in.hideMC > 0 {
		p.hidden = true
	}
	in.sc.paints = append(in.sc.paints, p)
}

// ---- images and forms ----

func (in *interp) imagePaint(dict types.Dict, inline bool, xobj int, src srcRef) {
	d := in.d
	get := func(k string) types.Object {
		if inline {
			return inlineValue(dict, k)
		}
		return dict[k]
	}
	box := transformRect(rect{0, 0, 1, 1}, in.gs.ctm)
	p := paint{kind: paintImage, box: box.intersect(in.gs.clip), full: box, clip: in.gs.clip, src: src, xobj: xobj, form: len(in.forms) > 0}
	p.pixW, _ = intValue(d, get("Width"))
	p.pixH, _ = intValue(d, get("Height"))
	if v, _ := d.resolve(get("ImageMask")); v == types.Boolean(true) {
		p.kind = paintMask
		p.col = in.gs.fill
	} else {
		_, smask := dict["SMask"]
		_, mask := dict["Mask"]
		p.opaque = !smask && !mask && in.gs.fillAlpha >= 0.999 && !in.gs.softMask && !in.gs.blend
	}
	in.addPaint(p)
}

func (in *interp) inlineImage(im inlineImage, o op) {
	in.imagePaint(im.dict, true, 0, in.src(o.start, o.end))
}

// do draws the XObject name: an image, or a form run with its own matrix,
// bounding box and resources.
func (in *interp) do(name string, o op) {
	ref := in.resource("XObject", name)
	v, n := in.d.resolve(ref)
	sd, ok := v.(types.StreamDict)
	if !ok {
		return
	}
	if oc, has := sd.Dict["OC"]; has {
		if dct, _ := in.d.resolveDict(oc); in.h.ocHidden(dct) {
			in.hideMC++
			defer func() { in.hideMC-- }()
		}
	}
	switch in.d.name(sd.Dict["Subtype"]) {
	case "Image":
		if !in.h.wordsOnly {
			in.h.imageUses[n]++
		}
		in.imagePaint(sd.Dict, false, n, in.src(o.start, o.end))
	case "Form":
		if n == 0 || len(in.forms) >= maxFormDepth {
			return
		}
		for _, f := range in.forms {
			if f == n {
				return
			}
		}
		c := in.h.formContent(n, sd)
		if c == nil {
			return
		}
		in.drawForm(c, n, sd.Dict, in.gs.ctm)
	}
}

// drawForm runs a form's content (c) at matrix ctm.
func (in *interp) drawForm(c *content, n int, dict types.Dict, ctm matrix) {
	d := in.d
	saved, savedStack, savedMC := in.gs, len(in.stack), len(in.mc)
	savedSegs := in.segs
	savedTM, savedTLM := in.tm, in.tlm
	m := identity
	if fm := numbers(d, dict["Matrix"]); len(fm) == 6 {
		m = matrix{fm[0], fm[1], fm[2], fm[3], fm[4], fm[5]}
	}
	if nm := m.mul(ctm); nm.finite() {
		in.gs.ctm = nm
	}
	if bb := numbers(d, dict["BBox"]); len(bb) == 4 {
		r := rect{math.Min(bb[0], bb[2]), math.Min(bb[1], bb[3]), math.Max(bb[0], bb[2]), math.Max(bb[1], bb[3])}
		in.gs.clip = in.gs.clip.intersect(transformRect(r, in.gs.ctm))
	}
	res, _ := d.resolveDict(dict["Resources"])
	if res == nil {
		res = in.res
	}
	in.forms = append(in.forms, n)
	in.segs = c.segs
	in.h.visit(n)
	in.h.spend(64)
	in.run(c, res)
	in.forms = in.forms[:len(in.forms)-1]
	in.segs = savedSegs
	in.gs = saved
	in.stack = in.stack[:savedStack]
	for len(in.mc) > savedMC {
		if in.mc[len(in.mc)-1] {
			in.hideMC--
		}
		in.mc = in.mc[:len(in.mc)-1]
	}
	in.tm, in.tlm = savedTM, savedTLM
}

// ---- text ----

// show draws the string(s) of the text-showing operator ops[i]: it
// records the run with its state and box, and moves the text matrix past
// it.
func (in *interp) show(c *content, i int32) {
	o := c.ops[i]
	args := c.argsOf(o)
	if len(args) == 0 {
		return
	}
	gs := &in.gs
	f := gs.font
	if f == nil {
		f = defaultFont
	}
	r := textRun{c: c, op: i, font: f, src: in.src(o.start, o.end), tm: in.tm, ctm: gs.ctm, tfs: gs.fontSize,
		th: gs.th, tc: gs.tc, tw: gs.tw, rise: gs.rise, mode: uint8(min(max(gs.mode, 0), 7)), fill: gs.fill,
		stroke: gs.stroke, clip: gs.clip, blend: gs.blend || gs.softMask, hidden: in.hideMC > 0, first: -1}
	// The glyphs' origins along the line, in text space.
	pos, lo, hi, n := r.extent()
	vertical := f.vertical
	if in.h.spend(int64(n)) {
		return
	}
	r.n = int32(n)
	tc := r.tm.mul(r.ctm)
	if n > 0 {
		var tr rect
		if vertical {
			tr = rect{-0.5 * math.Abs(r.tfs), -hi, 0.5 * math.Abs(r.tfs), -lo}
		} else {
			y0, y1 := r.rise+r.tfs*f.descent, r.rise+r.tfs*f.ascent
			tr = rect{lo, min(y0, y1), hi, max(y0, y1)}
		}
		r.box = transformRect(tr, tc)
		sx := math.Sqrt(tc[0]*tc[0] + tc[1]*tc[1])
		sy := math.Sqrt(tc[2]*tc[2] + tc[3]*tc[3])
		r.size = math.Abs(r.tfs) * sy
		r.xscale = math.Abs(r.tfs*r.th) * sx
		if r.mode >= 4 {
			in.textClip = in.textClip.union(r.box)
			in.clipText = true
		}
	}
	var m matrix
	if vertical {
		m = matrix{1, 0, 0, 1, 0, -pos}
	} else {
		m = matrix{1, 0, 0, 1, pos, 0}
	}
	if nm := m.mul(in.tm); nm.finite() {
		in.tm = nm
	}
	if len(in.sc.runs) >= maxRuns {
		in.full()
		return
	}
	r.order = in.next()
	in.sc.runs = append(in.sc.runs, r)
}

// full stops the page: it draws more than the analysis looks at.
func (in *interp) full() {
	in.h.tooComplex = true
	in.stop = true
}

// extent returns how far the run moves the text matrix, and the extent
// of its glyphs along the line (in text space), and how many there are.
func (r *textRun) extent() (pos, lo, hi float64, n int) {
	lo, hi = math.Inf(1), math.Inf(-1)
	f := r.font
	if f.composite || f.vertical || f.w == nil {
		each(r, func(code uint32, w0, step float64, _ []byte) {
			bw := w0
			if bw <= 0 {
				bw = 0.5
			}
			end := pos + bw*r.tfs*r.th
			if f.vertical {
				end = pos + math.Abs(r.tfs)
			}
			lo, hi = min(lo, pos, end), max(hi, pos, end)
			pos += step
			n++
		}, func(adjust float64) { pos += adjust })
		return pos, lo, hi, n
	}
	// Simple fonts (nearly all text): one byte a glyph.
	c := r.c
	o := c.ops[r.op]
	args := c.argsOf(o)
	last := args[len(args)-1]
	a := r.tfs * r.th
	tw, tbw := f.w, f.bw
	tfs, tc, th, space := r.tfs, r.tc, r.th, r.tw
	str := func(s []byte) {
		for _, b := range s {
			w0 := tw[b]
			step := w0*tfs + tc
			if b == 32 {
				step += space
			}
			if pos < lo {
				lo = pos
			}
			if end := pos + tbw[b]*a; end > hi {
				hi = end
			} else if end < lo {
				lo = end
			}
			pos += step * th
		}
		n += len(s)
	}
	if o.code == opTJ {
		for _, e := range c.elemsOf(last) {
			switch e.kind {
			case tokNumber:
				pos -= e.num / 1000 * r.tfs * r.th
			case tokString, tokHex:
				s, _ := c.str(e)
				str(s)
			}
		}
	} else if s, ok := c.str(last); ok {
		str(s)
	}
	return pos, lo, hi, n
}

// each calls glyph for every code the run shows (with the code's width
// w0 in text space units per unit of font size, and how far the text
// matrix then moves, in text space) and adjust for every TJ number (how
// far it moves).
func each(r *textRun, glyph func(code uint32, w0, step float64, raw []byte), adjust func(float64)) {
	c := r.c
	o := c.ops[r.op]
	args := c.argsOf(o)
	last := args[len(args)-1]
	f := r.font
	scale := r.th
	if f.vertical {
		scale = 1
	}
	str := func(s []byte) {
		for len(s) > 0 {
			code, n := f.nextCode(s)
			w0 := f.width(code)
			step := w0*r.tfs + r.tc
			if n == 1 && code == 32 {
				step += r.tw
			}
			glyph(code, w0, step*scale, s[:n])
			s = s[n:]
		}
	}
	if o.code == opTJ {
		for _, e := range c.elemsOf(last) {
			switch e.kind {
			case tokNumber:
				adjust(-e.num / 1000 * r.tfs * scale)
			case tokString, tokHex:
				s, _ := c.str(e)
				str(s)
			}
		}
		return
	}
	if s, ok := c.str(last); ok {
		str(s)
	}
}

// expand works out the glyphs of run ri.
func (sc *scene) expand(ri int32) {
	r := &sc.runs[ri]
	if r.first >= 0 {
		return
	}
	r.first = int32(len(sc.glyphs))
	f := r.font
	tc := r.tm.mul(r.ctm)
	a := r.tfs * r.th
	pos := 0.0
	point := func(x, y float64) (float64, float64) {
		return tc[0]*x + tc[2]*y + tc[4], tc[1]*x + tc[3]*y + tc[5]
	}
	box := func(x0, y0, x1, y1 float64) rect {
		var p [8]float64
		p[0], p[1] = point(x0, y0)
		p[2], p[3] = point(x1, y0)
		p[4], p[5] = point(x0, y1)
		p[6], p[7] = point(x1, y1)
		return boundsOf(p[:])
	}
	each(r, func(code uint32, w0, step float64, _ []byte) {
		g := glyph{run: ri, code: code, cover: -1}
		if f.vertical {
			g.box = box(-0.5*math.Abs(r.tfs), -pos-math.Abs(r.tfs), 0.5*math.Abs(r.tfs), -pos)
			g.core = box(-0.4*math.Abs(r.tfs), -pos-0.9*math.Abs(r.tfs), 0.4*math.Abs(r.tfs), -pos-0.1*math.Abs(r.tfs))
		} else {
			// A glyph the font gives no width (its /Widths do not
			// cover it) is still drawn: its box gets half an em.
			bw := w0
			if bw <= 0 {
				bw = 0.5
			}
			g.box = box(pos, r.rise+r.tfs*f.descent, pos+a*bw, r.rise+r.tfs*f.ascent)
			g.core = box(pos+0.1*a*bw, r.rise+r.tfs*0.05, pos+0.9*a*bw, r.rise+r.tfs*f.capHeight*0.9)
		}
		tfs := r.tfs
		unscaled := step
		if !f.vertical && r.th != 0 {
			unscaled = step / r.th
		}
		switch {
		case tfs != 0:
			g.adv = -unscaled / tfs * 1000
		case unscaled == 0:
			g.adv = 0
		default:
			g.adv = math.NaN()
		}
		pos += step
		sc.glyphs = append(sc.glyphs, g)
	}, func(adjust float64) { pos += adjust })
	r.n = int32(len(sc.glyphs)) - r.first
}
