package pdf

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// Hidden content: what a page holds that its reader cannot see (issue
// 18). Every page's content streams, and the forms they draw, are run
// through the graphics interpreter (interp.go) once; from where each glyph
// is drawn and what is painted over and under it, the analysis finds
//
//   - fake redactions: text under an opaque box or shape painted after it,
//     in any colour (a black box over a name), and text on a box of its
//     own dark colour painted before it (black highlight, as LibreOffice
//     and Word export it); pictures under a dark box; /Redact annotations
//     never applied; bookmarks, links and form values that repeat words
//     hidden on a page. These are the serious findings
//     (scrub.LabelCoveredText): cleaning cannot remove them, the sender
//     must redact the document properly;
//   - invisible text (render mode 3) that is not a scan's text layer (a
//     scan's text lies over its picture), text outside the page, text
//     clipped out of sight, text under 2 points, text in the colour of
//     what is behind it (white on a white page), text in a layer that is
//     switched off, text behind a picture; pictures drawn outside the page
//     or clipped away.
//
// What is not reported, to keep false alarms low: a box over nothing;
// rules and thin boxes (4 points or less); backgrounds (boxes of half the
// page or more) and boxes painted before the text (table shading, white
// boxes, cells) unless they have the text's own colour; boxes that are
// not opaque (transparency, soft masks, blend modes such as a highlighter's
// Multiply); highlight annotations; a scan's invisible text; covered text
// that is blank, one repeated character (XXXX) or only words such as
// "redacted".
//
// With Policy.RemoveHidden, cleaning removes the glyphs the reader cannot
// see anyway — text outside the page, clipped out of sight, invisible,
// under 2 points, or in the colour of what is behind it — from the page's
// content streams: each text operator that shows one is rewritten as a
// TJ array that keeps the other glyphs and moves as far as the removed
// ones did, so nothing else on the page moves. Pictures out of sight lose
// their drawing operator, and the picture goes from the file when nothing
// else draws it. Text in forms (shared drawings), clipping text, layers
// that are off (a reader can switch them on) and fake redactions stay:
// they are reported.

// hideClass is what became of a glyph.
type hideClass uint8

const (
	classVisible hideClass = iota
	classBlank             // white space, clipping text: nothing to say
	classOCR               // invisible text over a picture: a scan's text layer
	classLayer
	classOffPage
	classClipped
	classInvisible
	classTiny
	classPageColour
	classHighlight
	classCovered
	classBehindPicture
	classRedact // under a /Redact annotation (not a glyph class: items only)
	classRepeat // a bookmark, link or form value repeating hidden words
	classPicture
	classPictureOff // a picture outside the page or clipped out of sight
	classUnderShape // a few words under a light shape much larger than they are
)

type classDef struct {
	field     string
	label     scrub.Label
	removable bool // with Policy.RemoveHidden
}

var classes = map[hideClass]classDef{
	classLayer:         {"text in a layer that is switched off", scrub.LabelHiddenText, false},
	classOffPage:       {"text outside the page", scrub.LabelOffPage, true},
	classClipped:       {"text clipped out of sight", scrub.LabelHiddenText, true},
	classInvisible:     {"invisible text (drawn in render mode 3, not a scan's text layer)", scrub.LabelInvisibleText, true},
	classTiny:          {"text smaller than 2 points", scrub.LabelInvisibleText, true},
	classPageColour:    {"text in the colour of what is behind it", scrub.LabelInvisibleText, true},
	classHighlight:     {"text on a box of its own colour (black highlight)", scrub.LabelCoveredText, false},
	classCovered:       {"text under a box drawn over it", scrub.LabelCoveredText, false},
	classBehindPicture: {"text behind a picture", scrub.LabelHiddenText, false},
	classRedact:        {"redaction marked but never applied (Redact annotation)", scrub.LabelCoveredText, false},
	classPicture:       {"picture under a box", scrub.LabelCoveredText, false},
	classPictureOff:    {"picture out of sight", scrub.LabelOffPage, false},
	classUnderShape:    {"text under a shape drawn over it", scrub.LabelHiddenText, false},
}

// advice is what a fake redaction's finding tells the sender to do.
const advice = "redact it with a real redaction tool, or send a picture of the page"

// streamPlan is what cleaning does with a content stream the analysis
// read.
type streamPlan struct {
	rewrite bool   // it holds a comment, an inline image or an edit marker
	edits   []edit // hidden glyphs removed (Policy.RemoveHidden)
}

// editKey is a text operator in a content stream.
type editKey struct {
	obj   int
	start int32
}

// editWish is a rewrite of one operator, wished every time a page drew it
// with hidden glyphs; it is made only if every drawing wished the same.
type editWish struct {
	end      int32
	repl     []byte
	count    int
	conflict bool
}

// item is one finding in the making: hidden text of one class on one
// page (for covered text: under one box).
type item struct {
	where     string
	class     hideClass
	text      strings.Builder
	glyphs    int
	unknown   int
	last      rect
	lastSize  float64
	idx       []int32 // the glyphs (in the page's scene)
	edits     []editKey
	removable bool
	value     string
	field     string
	label     scrub.Label
	minor     bool
	mark      *redactMark // a redaction to apply (Policy.Redactions "apply")
	pictures  []picture   // pictures out of sight (their edits are edits[i])
	unsafe    string      // why it cannot be applied safely
}

// hiddenPass is the state of the analysis of one document.
type hiddenPass struct {
	d          *doc
	fonts      map[any]*fontInfo
	spaces     map[any]*colourSpace
	forms      map[int]*content
	ocOff      map[int]bool
	work       int64
	stopped    bool // the work budget ran out: no removal
	wordsOnly  bool // the words pass: learn the words the pages show
	tooComplex bool
	damaged    bool // a page or form is too damaged to be read
	visits     map[int]int
	wishes     map[editKey]*editWish
	items      []*item
	covered    map[string]string  // hidden word (lower case) -> the page it is hidden on
	visible    map[string]bool    // words the pages show
	applyWords map[string][]*item // words under redactions to apply -> those redactions
	imageUses  map[int]int        // image XObject -> how many times the pages draw it
	refusal    error              // a redaction that cannot be applied safely
	*scratch
}

// scratch is the memory the analysis of a page works in, reused page
// after page and document after document (sync.Pool).
type scratch struct {
	sc    scene
	pc    content
	buf   []byte
	stamp []int32
	cand  []int32
}

var scratches = sync.Pool{New: func() any {
	return &scratch{sc: scene{paints: make([]paint, 0, 256), runs: make([]textRun, 0, 1024)}}
}}

// maxPooledScratch is the size of page content beyond which the scratch
// memory is not kept for the next document.
const maxPooledScratch = 16 << 20

func (s *scratch) release() {
	if cap(s.buf) > maxPooledScratch || cap(s.pc.args) > maxPooledScratch/16 || cap(s.sc.paints) > 1<<16 {
		return
	}
	s.sc = scene{paints: s.sc.paints[:0], runs: s.sc.runs[:0], glyphs: s.sc.glyphs[:0]}
	s.pc = content{ops: s.pc.ops[:0], args: s.pc.args[:0], elems: s.pc.elems[:0], images: s.pc.images[:0]}
	s.buf = s.buf[:0]
	scratches.Put(s)
}

// maxWork bounds the analysis of one document (operators, glyphs,
// coverage tests and the edges they look at): a crafted page cannot make
// it take more than a second or so. The biggest real documents take a
// few million.
const maxWork = 40_000_000

// maxPageContent is the most decoded content a page (or a form) may have
// for the analysis to read it: more is not analysed (and is reported as
// too complex), so that what the analysis holds stays within some
// hundred megabytes.
const maxPageContent = 8 << 20

// spend charges n units of work; it reports true once the budget is gone.
func (h *hiddenPass) spend(n int64) bool {
	h.work += n
	if h.work > maxWork {
		h.stopped = true
		return true
	}
	return false
}

func (h *hiddenPass) visit(obj int) {
	if obj > 0 && !h.wordsOnly {
		h.visits[obj]++
	}
}

// hiddenPass analyses every page of the document.
func (d *doc) hiddenPass(root types.Dict) error {
	h := &hiddenPass{d: d, fonts: map[any]*fontInfo{}, spaces: map[any]*colourSpace{}, forms: map[int]*content{},
		visits: map[int]int{}, wishes: map[editKey]*editWish{}, covered: map[string]string{}, visible: map[string]bool{},
		applyWords: map[string][]*item{}, imageUses: map[int]int{}, scratch: scratches.Get().(*scratch)}
	defer h.release()
	h.optionalContent(root)
	for i, p := range d.pageList {
		if i%16 == 0 {
			if err := d.ctx.Err(); err != nil {
				return err
			}
		}
		if d.err != nil {
			return d.err
		}
		if h.stopped {
			break
		}
		h.page(p)
	}
	if d.err != nil {
		return d.err
	}
	if len(h.covered) > 0 && h.hasRepeatTargets(root) {
		// The words the pages show, for the bookmarks, links and form
		// values that may repeat hidden ones: a second pass, in the
		// few documents with covered text.
		h.wordsOnly = true
		for _, p := range d.pageList {
			if h.stopped || d.err != nil {
				break
			}
			h.page(p)
		}
		h.wordsOnly = false
	}
	if d.err != nil {
		return d.err
	}
	h.repeats(root)
	h.finish()
	if d.err == nil && h.refusal != nil {
		return h.refusal
	}
	return d.err
}

// optionalContent learns which layers are off by default (/OCProperties
// /D: /BaseState and /OFF, /ON).
func (h *hiddenPass) optionalContent(root types.Dict) {
	d := h.d
	props, _ := d.resolveDict(root["OCProperties"])
	if props == nil {
		return
	}
	h.ocOff = map[int]bool{}
	cfg, _ := d.resolveDict(props["D"])
	if cfg == nil {
		return
	}
	if d.name(cfg["BaseState"]) == "OFF" {
		all, _ := d.resolveArray(props["OCGs"])
		for _, g := range all {
			if _, n := d.resolve(g); n > 0 {
				h.ocOff[n] = true
			}
		}
		on, _ := d.resolveArray(cfg["ON"])
		for _, g := range on {
			if _, n := d.resolve(g); n > 0 {
				delete(h.ocOff, n)
			}
		}
	}
	off, _ := d.resolveArray(cfg["OFF"])
	for _, g := range off {
		if _, n := d.resolve(g); n > 0 {
			h.ocOff[n] = true
		}
	}
}

// ocHidden reports whether an optional content group or membership
// dictionary hides its content by default.
func (h *hiddenPass) ocHidden(oc types.Dict) bool {
	if oc == nil || len(h.ocOff) == 0 {
		return false
	}
	d := h.d
	switch d.name(oc["Type"]) {
	case "OCG":
		for n, off := range h.ocOff {
			if off {
				if g, _ := d.resolveDict(types.IndirectRef{ObjectNumber: types.Integer(n)}); g != nil && sameDict(g, oc) {
					return true
				}
			}
		}
		return false
	case "OCMD":
		var groups []bool // off?
		v, n := d.resolve(oc["OCGs"])
		if n > 0 {
			groups = append(groups, h.ocOff[n])
		} else if a, ok := v.(types.Array); ok {
			for _, e := range a {
				if _, m := d.resolve(e); m > 0 {
					groups = append(groups, h.ocOff[m])
				}
			}
		}
		if len(groups) == 0 {
			return false
		}
		switch d.name(oc["P"]) {
		case "AllOn":
			return slices.Contains(groups, true)
		case "AnyOff":
			return !slices.Contains(groups, true)
		case "AllOff":
			return slices.Contains(groups, false)
		default: // AnyOn
			return !slices.Contains(groups, false)
		}
	}
	return false
}

// sameDict reports whether two dictionaries are the same object.
func sameDict(a, b types.Dict) bool { return fontKey(0, a) == fontKey(0, b) }

// colourSpace resolves and caches a colour space resource.
func (h *hiddenPass) colourSpace(in *interp, o types.Object) *colourSpace {
	v, n := h.d.resolve(o)
	var key any = n
	if n == 0 {
		a, ok := v.(types.Array)
		if !ok || len(a) == 0 {
			return in.colourSpaceOf(v, 0)
		}
		key = fmt.Sprintf("%p", &a[0])
	}
	if cs, ok := h.spaces[key]; ok {
		return cs
	}
	cs := in.colourSpaceOf(v, 0)
	h.spaces[key] = cs
	return cs
}

// plan returns the plan for content stream n.
func (d *doc) plan(n int) *streamPlan {
	p := d.plans[n]
	if p == nil {
		p = &streamPlan{}
		d.plans[n] = p
	}
	return p
}

// streamContent decodes a content stream for the analysis, and records
// whether cleaning has to rewrite it anyway. It returns nil for a stream
// it cannot decode (cleaning leaves those alone too), or that decodes to
// more than the analysis reads (too complex; a stream over the member
// limit refuses the file, as cleaning would).
func (h *hiddenPass) streamContent(n int, sd types.StreamDict, where string) []byte {
	d := h.d
	chain, err := d.filterChain(sd.Dict)
	if err != nil {
		return nil
	}
	pre, codec, err := splitCodec(chain)
	if err != nil || codec != nil {
		return nil
	}
	member := d.env.Limits.MaxMemberSize
	limit := min(member, maxPageContent)
	data := sd.Raw
	if data == nil {
		data = []byte{}
	}
	for _, f := range pre {
		var step []byte
		if f.name == "FlateDecode" && !predicted(f.parms) {
			step, _, err = inflate(data, limit)
		} else {
			step, err = pdfcpuDecode(data, f, limit)
		}
		if errors.Is(err, filter.ErrDecodeLimitExceeded) || errors.Is(err, errOverLimit) {
			h.overLimit(where, limit == member)
			return nil
		}
		if err != nil {
			return nil
		}
		if !h.charge(int64(len(step))) {
			return nil
		}
		data = step
	}
	if len(data) > maxPageContent {
		h.overLimit(where, false)
		return nil
	}
	if n > 0 {
		d.plan(n).rewrite = containsAny(data, '%', contentWords)
	}
	return data
}

// overLimit notes a stream that decodes to more than the analysis reads:
// past the member limit, cleaning refuses the file; under it, the page is
// too complex to check.
func (h *hiddenPass) overLimit(where string, member bool) {
	if member {
		h.d.fail(streamLimit(where, h.d.env.Limits.MaxMemberSize))
		return
	}
	h.tooComplex = true
}

// charge charges decoded bytes to the input's budget; false once it is
// spent (the file is refused).
func (h *hiddenPass) charge(n int64) bool {
	if err := h.d.env.Consume(n); err != nil {
		h.d.fail(scrub.OverLimit(formatName, scrub.LimitTotalSize,
			fmt.Sprintf("the PDF's streams decode to more than the limit of %d MiB in all", h.d.env.Limits.MaxTotalSize>>20)))
		return false
	}
	return true
}

// appendContent decodes content stream n onto the end of h.buf (most
// are one zlib stream: inflated in place). It reports false for a stream
// it cannot decode, or one that would make the page's content more than
// the analysis reads.
func (h *hiddenPass) appendContent(n int, sd types.StreamDict, where string) bool {
	d := h.d
	chain, err := d.filterChain(sd.Dict)
	if err != nil {
		return false
	}
	if len(chain) == 1 && chain[0].name == "FlateDecode" && !predicted(chain[0].parms) {
		start := len(h.buf)
		member := d.env.Limits.MaxMemberSize
		limit := min(member, int64(maxPageContent-start))
		var added int64
		h.buf, added, err = inflateAppend(h.buf, sd.Raw, limit)
		if err != nil {
			h.buf = h.buf[:start]
			h.overLimit(where, limit == member)
			return false
		}
		if !h.charge(added) {
			return false
		}
		d.plan(n).rewrite = containsAny(h.buf[start:], '%', contentWords)
		return true
	}
	data := h.streamContent(n, sd, where)
	if data == nil {
		return false
	}
	h.buf = append(h.buf, data...)
	return true
}

// formContent returns form n parsed (once).
func (h *hiddenPass) formContent(n int, sd types.StreamDict) *content {
	if c, ok := h.forms[n]; ok {
		return c
	}
	h.forms[n] = nil
	data := h.streamContent(n, sd, fmt.Sprintf("form %d", n))
	if data == nil {
		return nil
	}
	c := &content{segs: []segment{{obj: n}}}
	parseContent(data, c)
	if h.spend(int64(len(c.ops))) {
		return nil
	}
	if c.damaged() {
		h.damaged = true
		return nil
	}
	h.forms[n] = c
	return c
}

// pageBox reads a page box ([llx lly urx ury]).
func (h *hiddenPass) pageBox(o types.Object) (rect, bool) {
	v := numbers(h.d, o)
	if len(v) != 4 {
		return rect{}, false
	}
	r := rect{math.Min(v[0], v[2]), math.Min(v[1], v[3]), math.Max(v[0], v[2]), math.Max(v[1], v[3])}
	return r, !r.empty()
}

// page analyses one page.
func (h *hiddenPass) page(p pageEntry) {
	d := h.d
	media, ok := h.pageBox(p.inh.mediaBox)
	if !ok {
		media = rect{0, 0, 612, 792}
	}
	crop := media
	if c, ok := h.pageBox(p.inh.cropBox); ok && !c.intersect(media).empty() {
		crop = c.intersect(media)
	}
	sc := &h.sc
	*sc = scene{page: crop, glyphs: sc.glyphs[:0], paints: sc.paints[:0], runs: sc.runs[:0], slab: sc.slab[:0], regions: sc.regions[:0]}

	// The page's content: its streams, one after the other.
	var streams []types.Object
	if a, _ := d.resolveArray(p.dict["Contents"]); a != nil {
		streams = a
	} else if p.dict["Contents"] != nil {
		streams = []types.Object{p.dict["Contents"]}
	}
	h.buf = h.buf[:0]
	var segs []segment
	for _, s := range streams {
		v, n := d.resolve(s)
		sd, ok := v.(types.StreamDict)
		if !ok || n == 0 {
			continue
		}
		start := len(h.buf)
		if !h.appendContent(n, sd, p.where) {
			// A page read in part could look hidden where it is not
			// (a background in the part not read): not analysed.
			if !h.tooComplex {
				h.damaged = true
			}
			return
		}
		segs = append(segs, segment{obj: n, start: int32(start)})
		h.buf = append(h.buf, '\n')
		h.visit(n)
	}
	parseContent(h.buf, &h.pc)
	if h.spend(int64(len(h.pc.ops))) {
		return
	}
	if h.pc.damaged() {
		h.damaged = true
		return
	}
	in := &interp{h: h, d: d, sc: sc, gs: initialState(everywhere), segs: segs}
	res, _ := d.resolveDict(p.inh.resources)
	in.run(&h.pc, res)
	redacts, others := h.annotations(p, in)
	h.classify(sc)
	h.collect(p, sc, redacts, others)
}

// ---- annotations ----

// redactMark is a /Redact annotation of the page: the areas it marks.
type redactMark struct {
	n     int // object number of the annotation (0: direct)
	areas []rect
	fill  []float64 // /IC: the colour the area is painted after the redaction is applied
}

// annotBox is another annotation of the page: what it is and where.
type annotBox struct {
	subtype string
	box     rect
}

// annotations adds what the page's annotations paint over the content
// (a /Square annotation with an opaque interior colour: the comment
// tool's box) and returns the page's /Redact annotations and the others.
func (h *hiddenPass) annotations(p pageEntry, in *interp) ([]redactMark, []annotBox) {
	d := h.d
	arr, _ := d.resolveArray(p.dict["Annots"])
	var marks []redactMark
	var others []annotBox
	for _, el := range arr {
		a, n := d.resolveDict(el)
		if a == nil {
			continue
		}
		if f, _ := intValue(d, a["F"]); f&(2|32) != 0 {
			continue // hidden, or not shown on screen
		}
		box, ok := h.pageBox(a["Rect"])
		if !ok {
			continue
		}
		if st := d.name(a["Subtype"]); st != "Redact" {
			others = append(others, annotBox{st, box})
		}
		switch d.name(a["Subtype"]) {
		case "Square":
			ic := numbers(d, a["IC"])
			var col colour
			switch len(ic) {
			case 1:
				col = csGray.colour(ic)
			case 3:
				col = csRGB.colour(ic)
			case 4:
				col = csCMYK.colour(ic)
			default:
				continue
			}
			if ca, ok := numberValue(d, a["CA"]); ok && ca < 0.999 {
				continue
			}
			if rd := numbers(d, a["RD"]); len(rd) == 4 {
				box = rect{box.x0 + rd[0], box.y0 + rd[1], box.x1 - rd[2], box.y1 - rd[3]}
			}
			in.addPaint(paint{kind: paintFill, box: box, full: box, clip: everywhere, col: col, solid: true,
				shape: in.sc.region(region{box: box, rectangle: true})})
		case "Redact":
			m := redactMark{n: n}
			if q := numbers2(d, a["QuadPoints"], 8*1024); len(q) >= 8 {
				for i := 0; i+8 <= len(q); i += 8 {
					if r := boundsOf(q[i : i+8]); !r.empty() {
						m.areas = append(m.areas, r)
					}
				}
			}
			if len(m.areas) == 0 {
				m.areas = []rect{box}
			}
			if ic := numbers(d, a["IC"]); len(ic) == 1 || len(ic) == 3 || len(ic) == 4 {
				m.fill = ic
			}
			marks = append(marks, m)
		}
	}
	return marks, others
}

// ---- classification ----

// grid indexes a page's paints by where they are, for the coverage tests.
type grid struct {
	page   rect
	cw, ch float64
	cells  [gridN * gridN][]int32
	big    []int32 // paints over a quarter of the page or more
}

const gridN = 24

func (h *hiddenPass) index(sc *scene) *grid {
	g := &grid{page: sc.page, cw: sc.page.w() / gridN, ch: sc.page.h() / gridN}
	quarter := sc.page.area() / 4
	for i := range sc.paints {
		p := &sc.paints[i]
		if p.hidden || p.box.empty() || !p.box.overlaps(sc.page) {
			continue
		}
		if p.box.area() >= quarter {
			g.big = append(g.big, int32(i))
			continue
		}
		x0, y0, x1, y1 := g.cellRange(p.box)
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				g.cells[y*gridN+x] = append(g.cells[y*gridN+x], int32(i))
			}
		}
	}
	return g
}

func (g *grid) cellRange(r rect) (x0, y0, x1, y1 int) {
	cell := func(v, origin, size float64) int {
		if size <= 0 {
			return 0
		}
		return min(max(int((v-origin)/size), 0), gridN-1)
	}
	return cell(r.x0, g.page.x0, g.cw), cell(r.y0, g.page.y0, g.ch), cell(r.x1, g.page.x0, g.cw), cell(r.y1, g.page.y0, g.ch)
}

// candidates returns the paints that may overlap r, in paint order.
func (h *hiddenPass) candidates(g *grid, sc *scene, r rect, stamp int32) []int32 {
	if len(h.stamp) < len(sc.paints) {
		h.stamp = make([]int32, len(sc.paints))
	}
	out := h.cand[:0]
	add := func(i int32) {
		if h.stamp[i] != stamp && sc.paints[i].box.overlaps(r) {
			h.stamp[i] = stamp
			out = append(out, i)
		}
	}
	for _, i := range g.big {
		add(i)
	}
	x0, y0, x1, y1 := g.cellRange(r)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			for _, i := range g.cells[y*gridN+x] {
				add(i)
			}
		}
	}
	slices.Sort(out)
	h.cand = out
	h.spend(int64(len(out)))
	return out
}

// classify decides what became of each run of the page, and of the
// glyphs of the runs that may hide something.
func (h *hiddenPass) classify(sc *scene) {
	page := sc.page
	half := page.area() / 2
	g := h.index(sc)
	for i := range h.stamp {
		h.stamp[i] = -1
	}
	stamp := int32(0)
	var images []rect
	for i := range sc.paints {
		if p := &sc.paints[i]; (p.kind == paintImage || p.kind == paintMask) && !p.hidden {
			images = append(images, p.full)
		}
	}
	for ri := range sc.runs {
		if h.stopped {
			return
		}
		r := &sc.runs[ri]
		if r.n == 0 {
			continue
		}
		stamp++
		if h.plainRun(r, sc, g, stamp) {
			r.class = classVisible
			continue
		}
		if len(sc.glyphs)+int(r.n) > maxGlyphs {
			h.tooComplex = true
			continue
		}
		sc.expand(int32(ri))
		h.spend(int64(r.n) * 4)
		for gi := r.first; gi < r.first+r.n; gi++ {
			gl := &sc.glyphs[gi]
			stamp++
			gl.class = h.glyphClass(gl, r, sc, g, stamp, half, images)
		}
	}
}

// glyphClass decides what became of one glyph of run r.
func (h *hiddenPass) glyphClass(gl *glyph, r *textRun, sc *scene, g *grid, stamp int32, half float64, images []rect) hideClass {
	f := r.font
	t := f.textOf(gl.code)
	if t != "" && strings.TrimSpace(t) == "" || t == "" && !f.composite && gl.code == 32 || r.mode == 7 {
		return classBlank
	}
	switch {
	case r.hidden:
		return classLayer
	case r.mode == 3:
		cx, cy := (gl.box.x0+gl.box.x1)/2, (gl.box.y0+gl.box.y1)/2
		for _, im := range images {
			if im.has(cx, cy) {
				return classOCR
			}
		}
	}
	switch {
	case r.size < 2 || r.xscale < 0.5:
		return classTiny
	case !gl.box.overlaps(sc.page):
		return classOffPage
	case !gl.box.overlaps(r.clip):
		return classClipped
	case r.mode == 3:
		return classInvisible
	}
	return h.coverage(gl, r, sc, g, stamp, half)
}

// inside reports whether a lies within b.
func inside(a, b rect) bool { return a.x0 >= b.x0 && a.y0 >= b.y0 && a.x1 <= b.x1 && a.y1 <= b.y1 }

// plainRun reports whether a run is plainly visible, without looking at
// its glyphs: drawn normally, on the page, within its clip, with nothing
// that can hide painted after it over it, and on a background of another
// colour (or on the page, in a colour other than white).
func (h *hiddenPass) plainRun(r *textRun, sc *scene, g *grid, stamp int32) bool {
	if r.hidden || r.mode == 3 || r.mode == 7 || r.size < 2 || r.xscale < 0.5 ||
		!inside(r.box, sc.page) || !inside(r.box, r.clip) {
		return false
	}
	if h.spend(samples) {
		return true
	}
	half := sc.page.area() / 2
	cands := h.candidates(g, sc, r.box, stamp)
	var under *paint
	for k := len(cands) - 1; k >= 0; k-- {
		p := &sc.paints[cands[k]]
		if p.order > r.order {
			if hides(p, half) {
				return false
			}
			continue
		}
		if under != nil {
			continue
		}
		if h.spend(samples) {
			return true
		}
		n := 0
		for s := range samples {
			x, y := samplePoint(r.box, s)
			if p.covers(x, y, &h.work) {
				n++
			}
		}
		switch {
		case n == samples:
			under = p
		case n > 0:
			return false
		}
	}
	ink, ok := r.ink()
	if !ok || r.blend {
		return true
	}
	if under == nil {
		return !ink.same(white)
	}
	return (under.kind != paintFill && under.kind != paintStroke) || !under.solid || !ink.same(under.col)
}

var white = colour{r: 1, g: 1, b: 1, known: true, solid: true}

// hides reports whether a paint can hide what is under it: one opaque
// colour bigger than a rule and smaller than a page background, or an
// opaque picture smaller than the page.
func hides(p *paint, half float64) bool {
	switch {
	case (p.kind == paintFill || p.kind == paintStroke) && p.solid && p.full.w() > 4 && p.full.h() > 4 && p.full.area() < half:
		return true
	case p.kind == paintImage && p.opaque && p.full.area() < half:
		return true
	}
	return false
}

// coverage decides whether a visible glyph is under something painted
// after it, or drawn in the colour of what is under it.
func (h *hiddenPass) coverage(gl *glyph, r *textRun, sc *scene, g *grid, stamp int32, half float64) hideClass {
	core := gl.core
	if core.empty() || h.spend(samples) {
		return classVisible
	}
	cands := h.candidates(g, sc, core, stamp)
	// Later paints that can hide.
	var hits [samples]int8 // per sample: 0 none, 1 a box, 2 a picture
	best, bestN := int32(-1), 0
	for _, ci := range cands {
		p := &sc.paints[ci]
		if p.order <= r.order || !hides(p, half) {
			continue
		}
		if h.spend(samples) || bestN == samples {
			break
		}
		kind := int8(2)
		if p.kind != paintImage {
			kind = 1
		}
		n := 0
		for s := range samples {
			x, y := samplePoint(core, s)
			if p.covers(x, y, &h.work) {
				n++
				if hits[s] == 0 || kind == 1 {
					hits[s] = kind
				}
			}
		}
		if kind == 1 && n > bestN {
			best, bestN = ci, n
		}
	}
	boxes, pictures := 0, 0
	for _, k := range hits {
		switch k {
		case 1:
			boxes++
		case 2:
			pictures++
		}
	}
	const enough = samples * 4 / 5
	if boxes >= enough {
		gl.cover = sc.paints[best].order
		return classCovered
	}
	if boxes+pictures >= enough {
		return classBehindPicture
	}
	// What is under the glyph: the last paint before it that covers it,
	// or the (white) page.
	if r.blend {
		return classVisible
	}
	var under *paint
	for k := len(cands) - 1; k >= 0; k-- {
		p := &sc.paints[cands[k]]
		if p.order >= r.order {
			continue
		}
		if h.spend(samples) {
			return classVisible
		}
		n := 0
		for s := range samples {
			x, y := samplePoint(core, s)
			if p.covers(x, y, &h.work) {
				n++
			}
		}
		if n == 0 {
			continue
		}
		if n < enough {
			return classVisible // partly on something: cannot tell
		}
		under = p
		break
	}
	ink, ok := r.ink()
	if !ok {
		return classVisible
	}
	if under == nil {
		if ink.same(white) {
			return classPageColour
		}
		return classVisible
	}
	if (under.kind != paintFill && under.kind != paintStroke) || !under.solid || !ink.same(under.col) {
		return classVisible
	}
	if under.col.dark() && under.full.area() < half {
		// A dark box the size of a highlight, not a page background.
		gl.cover = under.order
		return classHighlight
	}
	return classPageColour
}

// ink returns the colour a run is drawn in.
func (r *textRun) ink() (colour, bool) {
	switch r.mode {
	case 0, 4:
		return r.fill, r.fill.known
	case 1, 5:
		return r.stroke, r.stroke.known
	case 2, 6:
		return r.fill, r.fill.known && r.fill.same(r.stroke)
	}
	return colour{}, false
}

// ---- findings ----

// collect turns the page's hidden glyphs into items and wishes the
// edits that remove what can go. In the words pass it only learns the
// words the page shows.
func (h *hiddenPass) collect(p pageEntry, sc *scene, redacts []redactMark, others []annotBox) {
	if h.wordsOnly {
		var marks []redactMark
		if h.d.env.Policy.Redactions == scrub.RedactApply {
			marks = redacts
		}
		h.shownWords(sc, marks)
		return
	}
	d := h.d
	removeHidden := d.env.Policy.RemoveHidden
	type key struct {
		class     hideClass
		cover     int32
		removable bool
	}
	byKey := map[key]*item{}
	var order []*item
	for i := range sc.glyphs {
		gl := &sc.glyphs[i]
		run := &sc.runs[gl.run]
		switch gl.class {
		case classVisible, classOCR, classBlank:
			continue
		}
		def := classes[gl.class]
		k := key{class: gl.class, removable: def.removable && removeHidden && run.mode < 4 && !math.IsNaN(gl.adv) && run.src.obj != 0 && !h.isForm(run)}
		if gl.class == classCovered || gl.class == classHighlight {
			k.cover = gl.cover
		}
		it := byKey[k]
		if it == nil {
			it = &item{where: p.where, class: gl.class, removable: k.removable}
			byKey[k] = it
			order = append(order, it)
		}
		it.add(run.font.textOf(gl.code), gl, run.size)
		it.idx = append(it.idx, int32(i))
	}
	for _, it := range order {
		if it.class == classCovered && layoutShape(sc, it) {
			it.class = classUnderShape
		}
	}
	apply := d.env.Policy.Redactions == scrub.RedactApply
	for _, m := range redacts {
		it := h.redactItem(p, sc, m)
		if apply {
			h.planApply(p, sc, m, it, others)
		}
		order = append(order, it)
	}
	order = append(order, h.coveredPictures(p, sc)...)
	order = append(order, h.pictureOutOfSight(p, sc)...)
	var removable []*item
	boxes, more := 0, 0
	for _, it := range order {
		if !h.accept(it) {
			continue
		}
		switch it.class {
		case classCovered, classHighlight, classPicture:
			// One finding per box: a page of a thousand boxes says
			// the first ones, and how many more.
			if boxes++; boxes > maxBoxItems {
				more++
				continue
			}
		}
		if it.class == classCovered || it.class == classHighlight || it.class == classRedact {
			for _, w := range words(it.text.String()) {
				if len(h.covered) < 1<<16 {
					h.covered[w] = p.where
				}
			}
		}
		if it.removable {
			removable = append(removable, it)
		}
		h.items = append(h.items, it)
	}
	if more > 0 {
		h.items = append(h.items, &item{where: p.where, class: classCovered, field: classes[classCovered].field,
			label: scrub.LabelCoveredText, value: fmt.Sprintf("and %d more places where text or a picture is under a box", more)})
	}
	if len(removable) > 0 {
		h.wishRemoval(removable, sc)
	}
}

// layoutShape reports whether the box over a covered item is a shape of
// the layout rather than a redaction: light (a redaction box in white is
// fitted to the words it hides) and at least ten times the area of the
// text under it (a callout or frame drawn over a stray caption). Such text
// is reported as hidden, not as a fake redaction: nobody meant to hide it.
// A dark box is a redaction whatever its size.
func layoutShape(sc *scene, it *item) bool {
	if len(it.idx) == 0 {
		return false
	}
	cover := sc.glyphs[it.idx[0]].cover
	i, ok := slices.BinarySearchFunc(sc.paints, cover, func(p paint, o int32) int { return int(p.order - o) })
	if !ok {
		return false
	}
	p := &sc.paints[i]
	if !p.col.known || p.col.dark() {
		return false
	}
	text := 0.0
	for _, g := range it.idx {
		text += sc.glyphs[g].box.area()
	}
	return text*10 < p.box.area()
}

// maxBoxItems is how many covered texts and pictures a page lists one by
// one.
const maxBoxItems = 32

// shownWords learns the words of the text the page shows (without what
// redactions to apply remove).
func (h *hiddenPass) shownWords(sc *scene, marks []redactMark) {
	var b strings.Builder
	for ri := range sc.runs {
		r := &sc.runs[ri]
		for _, m := range marks {
			for _, a := range m.areas {
				if a.overlaps(r.box) && r.first < 0 && len(sc.glyphs)+int(r.n) <= maxGlyphs {
					sc.expand(int32(ri))
					for gi := r.first; gi < r.first+r.n; gi++ {
						sc.glyphs[gi].class = classVisible
					}
				}
			}
		}
		if r.first >= 0 {
			for gi := r.first; gi < r.first+r.n; gi++ {
				if under(sc.glyphs[gi].core, marks) {
					sc.glyphs[gi].class = classRedact
				}
			}
		}
		switch {
		case r.class == classVisible && r.first < 0:
			each(r, func(code uint32, _, _ float64, _ []byte) { b.WriteString(r.font.textOf(code)) }, func(adjust float64) {
				if math.Abs(adjust) > 0.2*math.Abs(r.tfs) {
					b.WriteByte(' ')
				}
			})
		case r.first >= 0:
			for gi := r.first; gi < r.first+r.n; gi++ {
				if c := sc.glyphs[gi].class; c == classVisible || c == classOCR || c == classBlank {
					b.WriteString(r.font.textOf(sc.glyphs[gi].code))
				}
			}
		}
		b.WriteByte(' ')
		if b.Len() > 1<<16 {
			h.addShown(b.String())
			b.Reset()
		}
	}
	h.addShown(b.String())
}

func (h *hiddenPass) addShown(s string) {
	for _, w := range words(s) {
		if len(h.visible) < 1<<20 {
			h.visible[w] = true
		}
	}
}

// isForm reports whether a run was drawn by a form (shared drawings are
// not rewritten).
func (h *hiddenPass) isForm(run *textRun) bool { return run.c != &h.pc }

// add appends a glyph's text to the item.
func (it *item) add(t string, gl *glyph, size float64) {
	it.glyphs++
	if t == "" {
		t = "?"
		it.unknown++
	}
	if it.text.Len() < 4096 {
		appendGlyph(&it.text, t, gl.box, it.last, it.lastSize, size)
	}
	it.last, it.lastSize = gl.box, size
}

// appendGlyph appends a glyph's text, with a space before it if it is
// far from the previous glyph (a new word, or a new line).
func appendGlyph(b *strings.Builder, t string, box, last rect, lastSize, size float64) {
	if b.Len() > 0 {
		s := math.Max(math.Max(lastSize, size), 0.1)
		gap := box.x0 - last.x1
		if gap > 0.2*s || gap < -3*s || math.Abs(box.y0-last.y0) > 0.6*s {
			b.WriteByte(' ')
		}
	}
	b.WriteString(t)
}

// words returns the words of s worth comparing (four letters or more),
// lower case.
func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if utf8.RuneCountInString(w) >= 4 {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// boilerplate are the words a real redaction box is labelled with.
var boilerplate = map[string]bool{
	"redacted": true, "redaction": true, "confidential": true, "privileged": true, "withheld": true,
	"name": true, "removed": true, "exempt": true, "classified": true, "secret": true, "b6": true, "b7c": true,
}

// accept filters an item and writes its finding's words. Blank text,
// one repeated character, text with fewer than two letters or digits, and
// covered text that is only a redaction label say nothing.
func (h *hiddenPass) accept(it *item) bool {
	text := strings.Join(strings.Fields(it.text.String()), " ")
	def := classes[it.class]
	it.field, it.label = def.field, def.label
	if it.mark != nil {
		// A redaction to apply, whatever it covers.
		return true
	}
	if it.class == classPicture || it.class == classPictureOff || (it.class == classRedact && it.glyphs == 0) {
		return it.value != ""
	}
	alnum := 0
	distinct := map[rune]bool{}
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			alnum++
			distinct[unicode.ToLower(r)] = true
		}
	}
	readable := it.unknown < it.glyphs
	if readable && (alnum < 2 || len(distinct) < 2) {
		return false
	}
	if !readable && it.glyphs < 2 {
		return false
	}
	if it.class == classCovered || it.class == classHighlight || it.class == classRedact {
		only := true
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if !boilerplate[w] {
				only = false
				break
			}
		}
		if only && readable {
			return false
		}
	}
	shown := text
	if !readable {
		shown = fmt.Sprintf("%d characters in a font whose text scrub cannot read", it.glyphs)
	}
	switch it.class {
	case classCovered:
		it.value = fmt.Sprintf("%s: still in the file under the box: %s", quote(shown, 160), advice)
	case classHighlight:
		it.value = fmt.Sprintf("%s: still in the file under the black highlight: %s", quote(shown, 160), advice)
	case classRedact:
		if h.d.env.Policy.Redactions == scrub.RedactRemove {
			it.value = fmt.Sprintf("%s: the redaction mark goes, the text stays, as asked", quote(shown, 200))
		} else {
			it.value = fmt.Sprintf("%s: marked for redaction but still in the file: apply the redaction in the program that marked it", quote(shown, 150))
		}
	default:
		it.value = clipText(shown, 250)
	}
	return true
}

// quote returns s in quotes, shortened to about n bytes.
func quote(s string, n int) string { return `"` + clipText(s, n) + `"` }

func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// under reports whether most of box r is under one of the marks.
func under(r rect, marks []redactMark) bool {
	if r.empty() {
		return false
	}
	n := 0
	for s := range samples {
		x, y := samplePoint(r, s)
	area:
		for _, m := range marks {
			for _, a := range m.areas {
				if a.has(x, y) {
					n++
					break area
				}
			}
		}
	}
	return n >= samples/2
}

// redactItem is the finding of a /Redact annotation: the text under it.
func (h *hiddenPass) redactItem(p pageEntry, sc *scene, m redactMark) *item {
	it := &item{where: p.where, class: classRedact}
	marks := []redactMark{m}
	for ri := range sc.runs {
		r := &sc.runs[ri]
		if r.n == 0 || len(sc.glyphs)+int(r.n) > maxGlyphs {
			continue
		}
		over := false
		for _, a := range m.areas {
			over = over || a.overlaps(r.box)
		}
		if !over {
			continue
		}
		sc.expand(int32(ri))
		for gi := r.first; gi < r.first+r.n; gi++ {
			gl := &sc.glyphs[gi]
			if gl.class == classBlank || gl.core.empty() || !under(gl.core, marks) {
				continue
			}
			it.add(r.font.textOf(gl.code), gl, r.size)
			it.idx = append(it.idx, gi)
		}
	}
	if it.glyphs == 0 {
		pictures := 0
		for i := range sc.paints {
			pt := &sc.paints[i]
			if pt.kind != paintImage || pt.hidden {
				continue
			}
			for _, a := range m.areas {
				if a.intersect(pt.box).area() > 0.25*a.area() {
					pictures++
					break
				}
			}
		}
		if pictures > 0 {
			it.value = "a picture under a redaction mark that was never applied: the whole picture is still in the file: apply the redaction in the program that marked it"
		} else {
			it.value = "a redaction mark over no text, never applied"
			it.minor = true
		}
	}
	return it
}

// coveredPictures finds pictures under a dark box painted after them,
// with nothing painted on the box (a redaction drawn over a photo or a
// scan keeps the whole picture in the file).
func (h *hiddenPass) coveredPictures(p pageEntry, sc *scene) []*item {
	var out []*item
	half := sc.page.area() / 2
	for i := range sc.paints {
		im := &sc.paints[i]
		if im.kind != paintImage || im.hidden || im.box.empty() || im.full.w() < 20 || im.full.h() < 20 || !im.box.overlaps(sc.page) {
			continue
		}
		for j := i + 1; j < len(sc.paints); j++ {
			if h.spend(1) {
				return out
			}
			b := &sc.paints[j]
			if b.hidden || !b.solid || b.kind == paintImage || !b.col.dark() || b.full.w() <= 4 || b.full.h() <= 4 ||
				b.full.area() >= half || b.box.intersect(im.box).area() < 0.8*b.box.area() {
				continue
			}
			if h.paintedOver(sc, b) {
				continue
			}
			out = append(out, &item{where: p.where, class: classPicture,
				value: fmt.Sprintf("a picture of %d×%d pixels, partly under a dark box: the whole picture is still in the file: %s", im.pixW, im.pixH, advice)})
			break
		}
	}
	return out
}

// picture is a drawing of a picture to remove: the XObject (0 for an
// inline image) and its operator.
type picture struct {
	xobj int
	src  srcRef
}

// pictureOutOfSight finds the pictures drawn outside the page, or clipped
// away entirely: they are in the file, no one sees them. They make one
// item.
func (h *hiddenPass) pictureOutOfSight(p pageEntry, sc *scene) []*item {
	it := &item{where: p.where, class: classPictureOff, removable: h.d.env.Policy.RemoveHidden}
	var what []string
	for i := range sc.paints {
		im := &sc.paints[i]
		if im.kind != paintImage || im.hidden || im.full.empty() {
			continue
		}
		var where string
		switch {
		case !im.full.overlaps(sc.page):
			where = "outside the page"
		case !im.full.overlaps(im.clip) || !im.full.intersect(im.clip).overlaps(sc.page):
			where = "clipped out of sight"
		default:
			continue
		}
		if len(what) < 4 {
			what = append(what, fmt.Sprintf("%d×%d pixels, %s", im.pixW, im.pixH, where))
		}
		it.pictures = append(it.pictures, picture{xobj: im.xobj, src: im.src})
		if im.src.obj == 0 || im.form {
			it.removable = false // drawn by a shared form
		}
	}
	switch n := len(it.pictures); {
	case n == 0:
		return nil
	case n == 1:
		it.value = fmt.Sprintf("a picture no one sees (%s)", what[0])
	default:
		it.value = fmt.Sprintf("%d pictures no one sees (%s)", n, strings.Join(what, "; "))
	}
	return []*item{it}
}

// paintedOver reports whether anything is drawn on the box b after it.
func (h *hiddenPass) paintedOver(sc *scene, b *paint) bool {
	h.spend(int64(len(sc.paints) + len(sc.runs)))
	for k := range sc.paints {
		q := &sc.paints[k]
		if q.order > b.order && !q.hidden && q.box.overlaps(b.box) {
			return true
		}
	}
	for k := range sc.runs {
		r := &sc.runs[k]
		if r.order > b.order && r.n > 0 && r.mode != 3 && r.mode != 7 && r.box.overlaps(b.box) {
			return true
		}
	}
	return false
}

// ---- removal ----

// wishRemoval wishes the rewrite of every text operator that shows a
// glyph of the items: each operator once, without all the page's
// removable glyphs it shows.
func (h *hiddenPass) wishRemoval(items []*item, sc *scene) {
	remove := map[int32]bool{}
	byRun := map[int32][]*item{}
	for _, it := range items {
		if it.pictures != nil {
			for _, pic := range it.pictures {
				k := editKey{pic.src.obj, pic.src.start}
				h.wish(k, pic.src.end, []byte{})
				it.edits = append(it.edits, k)
			}
			continue
		}
		for _, i := range it.idx {
			remove[i] = true
			r := sc.glyphs[i].run
			if l := byRun[r]; len(l) == 0 || l[len(l)-1] != it {
				byRun[r] = append(l, it)
			}
		}
	}
	for r, its := range byRun {
		run := &sc.runs[r]
		repl := rewriteRun(run, sc, func(i int32) bool { return remove[i] })
		if repl == nil {
			for _, it := range its {
				it.removable = false
			}
			continue
		}
		k := editKey{run.src.obj, run.src.start}
		h.wish(k, run.src.end, repl)
		for _, it := range its {
			it.edits = append(it.edits, k)
		}
	}
}

// wish wishes that the operator at k (to end) be replaced by repl.
func (h *hiddenPass) wish(k editKey, end int32, repl []byte) {
	w := h.wishes[k]
	if w == nil {
		w = &editWish{end: end, repl: repl}
		h.wishes[k] = w
	} else if string(w.repl) != string(repl) || w.end != end {
		w.conflict = true
	}
	w.count++
}

// rewriteRun returns a text operator rewritten without the glyphs remove
// selects, as a TJ array that moves as far as the original did, or nil if
// it cannot.
func rewriteRun(run *textRun, sc *scene, remove func(int32) bool) []byte {
	c := run.c
	o := c.ops[run.op]
	args := c.argsOf(o)
	if len(args) == 0 {
		return nil
	}
	var b []byte
	switch o.code {
	case opQuote:
		b = append(b, "T* "...)
	case opDQuote:
		if len(args) < 3 {
			return nil
		}
		aw, ac := args[len(args)-3], args[len(args)-2]
		b = append(b, c.b[aw.start:aw.end]...)
		b = append(b, " Tw "...)
		b = append(b, c.b[ac.start:ac.end]...)
		b = append(b, " Tc T* "...)
	}
	b = append(b, '[')
	var num float64
	hasNum := false
	var codes []byte
	flushCodes := func() {
		if len(codes) > 0 {
			b = appendLiteral(b, codes)
			codes = codes[:0]
		}
	}
	flushNum := func() {
		if hasNum {
			if len(b) > 0 && b[len(b)-1] != '[' {
				b = append(b, ' ')
			}
			b = append(b, formatNumber(num)...)
			b = append(b, ' ')
			num, hasNum = 0, false
		}
	}
	gi := run.first
	end := run.first + run.n
	elems := []operand{args[len(args)-1]}
	if o.code == opTJ {
		elems = c.elemsOf(args[len(args)-1])
	}
	for _, e := range elems {
		switch e.kind {
		case tokNumber:
			flushCodes()
			num += e.num
			hasNum = true
		case tokString, tokHex:
			s, _ := c.str(e)
			for len(s) > 0 {
				_, n := run.font.nextCode(s)
				if gi >= end {
					return nil // the run was cut short (too many glyphs)
				}
				if remove(gi) {
					flushCodes()
					num += sc.glyphs[gi].adv
					hasNum = true
				} else {
					flushNum()
					codes = append(codes, s[:n]...)
				}
				s = s[n:]
				gi++
			}
		}
	}
	flushCodes()
	flushNum()
	if gi != end {
		return nil
	}
	if b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return append(b, "] TJ"...)
}

// appendLiteral appends s as a literal string: printable ASCII as it is,
// other bytes in octal.
func appendLiteral(b, s []byte) []byte {
	b = append(b, '(')
	for _, c := range s {
		switch {
		case c == '(' || c == ')' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20 || c > 0x7e:
			b = fmt.Appendf(b, "\\%03o", c)
		default:
			b = append(b, c)
		}
	}
	return append(b, ')')
}

// formatNumber writes a number for a content stream: no exponent, at
// most three decimals.
func formatNumber(v float64) string {
	s := strconv.FormatFloat(v, 'f', 3, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// ---- bookmarks, links and form values ----

// hasRepeatTargets reports whether the document has bookmarks or page
// annotations (links, fields, typed text) that may repeat hidden words.
func (h *hiddenPass) hasRepeatTargets(root types.Dict) bool {
	if root["Outlines"] != nil {
		return true
	}
	for _, p := range h.d.pageList {
		if p.dict["Annots"] != nil {
			return true
		}
	}
	return false
}

// repeats reports bookmark titles, link descriptions and form values that
// repeat a word hidden on a page (under a box, a black highlight or a
// redaction mark) which no page shows.
func (h *hiddenPass) repeats(root types.Dict) {
	if len(h.covered) == 0 {
		return
	}
	d := h.d
	check := func(where, what, text string) {
		for _, w := range words(text) {
			if !h.visible[w] {
				for _, it := range h.applyWords[w] {
					if it.unsafe == "" {
						it.unsafe = fmt.Sprintf("the %s %s repeats words under it", what, quote(text, 80))
					}
				}
			}
			if page, ok := h.covered[w]; ok && !h.visible[w] {
				it := &item{where: where, class: classRepeat}
				it.field = what + " repeating text hidden on " + page
				it.label = scrub.LabelCoveredText
				it.value = fmt.Sprintf("%s: repeats what is hidden on %s: %s", quote(text, 160), page, advice)
				h.items = append(h.items, it)
				return
			}
		}
	}
	// Bookmarks.
	seen := map[int]bool{}
	var walk func(o types.Object, depth int)
	walk = func(o types.Object, depth int) {
		for o != nil && depth < maxPageDepth && len(seen) < 1<<16 {
			it, n := d.resolveDict(o)
			if it == nil || n == 0 || seen[n] {
				return
			}
			seen[n] = true
			check("document", "bookmark title", d.text(it["Title"]))
			walk(it["First"], depth+1)
			o = it["Next"]
		}
	}
	if top, _ := d.resolveDict(root["Outlines"]); top != nil {
		walk(top["First"], 0)
	}
	// Links, form fields and text typed on the page.
	for _, p := range d.pageList {
		arr, _ := d.resolveArray(p.dict["Annots"])
		for _, el := range arr {
			a, _ := d.resolveDict(el)
			if a == nil {
				continue
			}
			switch d.name(a["Subtype"]) {
			case "Link":
				check(p.where, "link description", d.text(a["Contents"]))
				if act, _ := d.resolveDict(a["A"]); act != nil {
					check(p.where, "link target", d.text(act["URI"]))
				}
			case "Widget":
				v := a["V"]
				if v == nil {
					if parent, _ := d.resolveDict(a["Parent"]); parent != nil {
						v = parent["V"]
					}
				}
				check(p.where, "form field value", d.text(v))
			case "FreeText":
				check(p.where, "text typed on the page", d.text(a["Contents"]))
			}
		}
	}
}

// finish makes the wished edits that every drawing agreed on and turns
// the items into findings.
func (h *hiddenPass) finish() {
	d := h.d
	valid := map[editKey]bool{}
	if !h.stopped {
		for k, w := range h.wishes {
			if !w.conflict && w.count == h.visits[k.obj] {
				valid[k] = true
				p := d.plan(k.obj)
				p.edits = append(p.edits, edit{int(k.start), int(w.end), w.repl})
			}
		}
	}
	for _, p := range d.plans {
		slices.SortFunc(p.edits, func(a, b edit) int { return a.start - b.start })
	}
	removedUses := map[int]int{}
	for _, it := range h.items {
		for i, pic := range it.pictures {
			if i < len(it.edits) && pic.xobj > 0 && valid[it.edits[i]] {
				removedUses[pic.xobj]++
			}
		}
	}
	for n, k := range removedUses {
		if k == h.imageUses[n] {
			d.dropImages[n] = true // no one draws it any more
		}
	}
	for _, it := range h.items {
		if it.mark != nil {
			h.finishApply(it, valid)
			continue
		}
		action := scrub.Report
		if it.class == classRedact && d.env.Policy.Redactions == scrub.RedactRemove {
			action = scrub.Remove
		}
		if it.removable && len(it.edits) > 0 {
			all := true
			for _, k := range it.edits {
				all = all && valid[k]
			}
			if all {
				action = scrub.Remove
			}
		}
		d.add(scrub.Finding{Where: it.where, Field: it.field, Value: it.value, Kind: scrub.KindHidden,
			Action: action, Label: it.label, Minor: it.minor})
	}
	switch {
	case h.stopped || h.tooComplex:
		d.add(scrub.Finding{Where: "document", Field: "hidden-content check",
			Value: "some pages are too complex to check completely for hidden text", Kind: scrub.KindHidden,
			Action: scrub.Report, Label: scrub.LabelHiddenText, Minor: true})
	case h.damaged:
		d.add(scrub.Finding{Where: "document", Field: "hidden-content check",
			Value: "some pages are too damaged to check for hidden text", Kind: scrub.KindHidden,
			Action: scrub.Report, Label: scrub.LabelHiddenText, Minor: true})
	}
}
