package odf

import (
	"strconv"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/unseen"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
)

// The styles the hidden-content checks read (OpenDocument 1.3, part 3,
// 16 and 20): text colour and background, font size and display, the
// backgrounds of paragraphs and table cells, the fill and wrapping of
// drawing shapes, the crop of pictures, page sizes and backgrounds. A
// style inherits what it does not set from its parent style, then from
// the family's default style.

// odfColour is a colour property: unset, transparent, or a colour.
type odfColour struct {
	set, transparent bool
	rgb              unseen.RGB
}

func readColour(v string) odfColour {
	v = strings.TrimSpace(v)
	if v == "transparent" {
		return odfColour{set: true, transparent: true}
	}
	if rgb, ok := unseen.ParseHex(v); ok {
		return odfColour{set: true, rgb: rgb}
	}
	return odfColour{}
}

// odfStyle is one style:style (or style:default-style).
type odfStyle struct {
	name, family, parent string
	// text-properties
	colour     odfColour
	autoColour *bool // style:use-window-font-color
	textBG     odfColour
	size       float64 // points; 0 unset
	display    string  // text:display
	// paragraph-properties (and LibreOffice's paragraph area fill)
	paraBG odfColour
	// table-cell-properties
	cellBG odfColour
	// graphic-properties, drawing-page-properties
	fill       string // draw:fill
	fillColour odfColour
	opacity    float64 // draw:opacity, 1 if unset
	wrap       string  // style:wrap
	runThrough string  // style:run-through
	hPos, hRel string  // style:horizontal-pos, style:horizontal-rel
	clip       string  // fo:clip
	clipAttr   bool
	visibility string // presentation:visibility
	// table-properties
	tableDisplay string
	dataStyle    string // style:data-style-name
}

// dataStyle is a number, date or text format (number:*-style): whether
// it shows anything, and the formats its conditions apply.
type dataStyle struct {
	text  bool // number:text-style
	shows bool // it has a part that shows the value or some text
	maps  []string
}

// styleSet is the styles of one document: the common styles, the
// automatic styles of styles.xml and of content.xml (their names may
// repeat), the default styles, the page layouts and master pages.
type styleSet struct {
	common, auto, contentAuto map[string]*odfStyle // by family + "/" + name
	defaults                  map[string]*odfStyle // by family
	layouts                   map[string]pageLayout
	masters                   map[string]masterPage
	data                      map[string]*dataStyle
}

type pageLayout struct {
	w, h        float64 // points
	left, right float64 // margins
	bg          odfColour
}

type masterPage struct {
	layout, drawStyle string
}

func newStyleSet() *styleSet {
	return &styleSet{common: map[string]*odfStyle{}, auto: map[string]*odfStyle{}, contentAuto: map[string]*odfStyle{},
		defaults: map[string]*odfStyle{}, layouts: map[string]pageLayout{}, masters: map[string]masterPage{},
		data: map[string]*dataStyle{}}
}

// lengthPt converts an ODF length ("1.5cm", "0.2in", "12pt") to points;
// ok false for percentages and junk.
func lengthPt(v string) (float64, bool) {
	v = strings.TrimSpace(v)
	units := []struct {
		u string
		f float64
	}{{"cm", 72 / 2.54}, {"mm", 72 / 25.4}, {"in", 72}, {"inch", 72}, {"pt", 1}, {"pc", 12}, {"px", 0.75}}
	for _, u := range units {
		if strings.HasSuffix(v, u.u) {
			x, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(v, u.u)), 64)
			return x * u.f, err == nil
		}
	}
	return 0, false
}

// styleReader fills a styleSet from the XML of styles.xml, content.xml
// or a flat document.
type styleReader struct {
	set     *styleSet
	content bool // content.xml: automatic styles go to contentAuto
	cur     *odfStyle
	layout  string
	section string // office:styles, office:automatic-styles, office:master-styles
	data    *dataStyle
}

func (sr *styleReader) start(e *xmlclean.Element) {
	switch {
	case e.Name.Space == nsOffice:
		switch e.Name.Local {
		case "styles", "automatic-styles", "master-styles":
			sr.section = e.Name.Local
		case "body":
			sr.section = ""
		}
		return
	case sr.section == "":
		return
	}
	switch {
	case e.Name.Space == nsNumber && strings.HasSuffix(e.Name.Local, "-style"):
		sr.data = &dataStyle{text: e.Name.Local == "text-style"}
		sr.set.data[attr(e, nsStyle, "name")] = sr.data
	case sr.data != nil && e.Parent != nil && e.Parent.Name.Space == nsNumber && strings.HasSuffix(e.Parent.Name.Local, "-style"):
		switch {
		case e.Is(nsStyle, "map"):
			sr.data.maps = append(sr.data.maps, attr(e, nsStyle, "apply-style-name"))
		case e.Is(nsStyle, "text-properties"), e.Is(nsNumber, "text"):
			// number:text shows its text (read in dataText)
		default:
			sr.data.shows = true
		}
	case e.Is(nsStyle, "style"), e.Is(nsStyle, "default-style"):
		st := &odfStyle{opacity: 1}
		st.name, _ = e.Attr(nsStyle, "name")
		st.family, _ = e.Attr(nsStyle, "family")
		st.parent, _ = e.Attr(nsStyle, "parent-style-name")
		st.dataStyle, _ = e.Attr(nsStyle, "data-style-name")
		sr.cur = st
		key := st.family + "/" + st.name
		switch {
		case e.Name.Local == "default-style":
			sr.set.defaults[st.family] = st
		case sr.section == "automatic-styles" && sr.content:
			sr.set.contentAuto[key] = st
		case sr.section == "automatic-styles":
			sr.set.auto[key] = st
		default:
			sr.set.common[key] = st
		}
	case e.Is(nsStyle, "page-layout"):
		sr.layout, _ = e.Attr(nsStyle, "name")
	case e.Is(nsStyle, "page-layout-properties"):
		pl := sr.set.layouts[sr.layout]
		pl.w, _ = lengthPt(attr(e, nsFO, "page-width"))
		pl.h, _ = lengthPt(attr(e, nsFO, "page-height"))
		pl.bg = readColour(attr(e, nsFO, "background-color"))
		pl.left, _ = lengthPt(attr(e, nsFO, "margin-left"))
		pl.right, _ = lengthPt(attr(e, nsFO, "margin-right"))
		sr.set.layouts[sr.layout] = pl
	case e.Is(nsStyle, "master-page"):
		n, _ := e.Attr(nsStyle, "name")
		sr.set.masters[n] = masterPage{layout: attr(e, nsStyle, "page-layout-name"), drawStyle: attr(e, nsDraw, "style-name")}
	case sr.cur != nil && e.Parent != nil && (e.Parent.Is(nsStyle, "style") || e.Parent.Is(nsStyle, "default-style")):
		sr.props(e)
	}
}

// dataText notes text a data style shows (number:text).
func (sr *styleReader) dataText(e *xmlclean.Element, b []byte) {
	if sr.data != nil && e != nil && e.Is(nsNumber, "text") && strings.TrimSpace(string(b)) != "" {
		sr.data.shows = true
	}
}

// blank reports whether a data style shows nothing for a value of the
// kind given (text, or a number, date, ... which its conditions may send
// to other formats).
func (s *styleSet) blank(name string, isText bool) bool {
	ds := s.data[name]
	if ds == nil || ds.shows {
		return false
	}
	if isText {
		return ds.text // a number format shows text as it is
	}
	if ds.text && len(ds.maps) == 0 {
		return false
	}
	for _, m := range ds.maps {
		if d := s.data[m]; d == nil || d.shows {
			return false
		}
	}
	return true
}

func attr(e *xmlclean.Element, space, local string) string {
	v, _ := e.Attr(space, local)
	return v
}

// props reads a style's properties element.
func (sr *styleReader) props(e *xmlclean.Element) {
	st := sr.cur
	switch e.Name.Local {
	case "text-properties":
		if v, ok := e.Attr(nsFO, "color"); ok {
			st.colour = readColour(v)
		}
		if v, ok := e.Attr(nsStyle, "use-window-font-color"); ok {
			b := v == "true"
			st.autoColour = &b
		}
		if v, ok := e.Attr(nsFO, "background-color"); ok {
			st.textBG = readColour(v)
		}
		if v, ok := e.Attr(nsFO, "font-size"); ok {
			if pt, ok := lengthPt(v); ok {
				st.size = pt
			}
		}
		if v, ok := e.Attr(nsText, "display"); ok {
			st.display = v
		}
	case "paragraph-properties":
		if v, ok := e.Attr(nsFO, "background-color"); ok {
			st.paraBG = readColour(v)
		}
	case "table-properties":
		if v, ok := e.Attr(nsTable, "display"); ok {
			st.tableDisplay = v
		}
	case "table-cell-properties":
		if v, ok := e.Attr(nsFO, "background-color"); ok {
			st.cellBG = readColour(v)
		}
	case "graphic-properties", "drawing-page-properties":
		if e.Name.Space == nsLOExt && st.family == "paragraph" {
			// LibreOffice's paragraph area: the paragraph's background.
			if f := attr(e, nsDraw, "fill"); f == "solid" {
				st.paraBG = readColour(attr(e, nsDraw, "fill-color"))
			} else if f == "none" {
				st.paraBG = odfColour{set: true, transparent: true}
			}
			return
		}
		if v, ok := e.Attr(nsDraw, "fill"); ok {
			st.fill = v
		}
		if v, ok := e.Attr(nsDraw, "fill-color"); ok {
			st.fillColour = readColour(v)
		}
		if v, ok := e.Attr(nsDraw, "opacity"); ok {
			if x, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64); err == nil {
				st.opacity = x / 100
			}
		}
		if v, ok := e.Attr(nsStyle, "wrap"); ok {
			st.wrap = v
		}
		if v, ok := e.Attr(nsStyle, "run-through"); ok {
			st.runThrough = v
		}
		if v, ok := e.Attr(nsStyle, "horizontal-pos"); ok {
			st.hPos = v
		}
		if v, ok := e.Attr(nsStyle, "horizontal-rel"); ok {
			st.hRel = v
		}
		if v, ok := e.Attr(nsFO, "clip"); ok {
			st.clip, st.clipAttr = v, true
		}
		if v, ok := e.Attr(nsPres, "visibility"); ok {
			st.visibility = v
		}
	}
}

// lookup returns the named style of a family, seen from content.xml (or
// a flat document) or from styles.xml.
func (s *styleSet) lookup(family, name string, content bool) *odfStyle {
	key := family + "/" + name
	if content {
		if st := s.contentAuto[key]; st != nil {
			return st
		}
	} else if st := s.auto[key]; st != nil {
		return st
	}
	if st := s.common[key]; st != nil {
		return st
	}
	// An automatic style's parent is a common style; a common style's
	// family may differ from the one asked (graphic and presentation).
	return nil
}

// chain returns the style, its parents, and the family's default style.
func (s *styleSet) chain(family, name string, content bool) []*odfStyle {
	var out []*odfStyle
	seen := map[string]bool{}
	for n := name; n != "" && !seen[n] && len(out) < 20; {
		seen[n] = true
		st := s.lookup(family, n, content)
		if st == nil && family == "presentation" {
			st = s.lookup("graphic", n, content)
		}
		if st == nil {
			break
		}
		out = append(out, st)
		n = st.parent
	}
	if d := s.defaults[family]; d != nil {
		out = append(out, d)
	}
	return out
}

// textLook is what a chain of styles says about text.
type textLook struct {
	colour odfColour
	auto   bool
	bg     odfColour
	size   float64
}

// text resolves the text properties of a chain, the first style that
// sets one winning.
func text(chain []*odfStyle, into *textLook) {
	for _, st := range chain {
		if !into.colour.set && !into.auto {
			switch {
			case st.autoColour != nil && *st.autoColour:
				into.auto = true
			case st.colour.set:
				into.colour = st.colour
			}
		}
		if !into.bg.set && st.textBG.set {
			into.bg = st.textBG
		}
		if into.size == 0 && st.size > 0 {
			into.size = st.size
		}
	}
}

// paraBG returns the first background a chain of paragraph (or cell)
// styles sets.
func chainColour(chain []*odfStyle, get func(*odfStyle) odfColour) odfColour {
	for _, st := range chain {
		if c := get(st); c.set {
			return c
		}
	}
	return odfColour{}
}

// graphicLook is what a chain of graphic styles says about a shape.
type graphicLook struct {
	fill       string
	fillColour odfColour
	opacity    float64
	wrap, run  string
	hPos, hRel string
	clip       string
	clipStyle  *odfStyle // the style that sets the crop
	visibility string
}

func graphic(chain []*odfStyle) graphicLook {
	g := graphicLook{opacity: 1}
	for _, st := range chain {
		if g.fill == "" && st.fill != "" {
			g.fill = st.fill
		}
		if !g.fillColour.set && st.fillColour.set {
			g.fillColour = st.fillColour
		}
		if g.opacity == 1 && st.opacity != 1 {
			g.opacity = st.opacity
		}
		if g.wrap == "" {
			g.wrap = st.wrap
		}
		if g.run == "" {
			g.run = st.runThrough
		}
		if g.hPos == "" {
			g.hPos = st.hPos
		}
		if g.hRel == "" {
			g.hRel = st.hRel
		}
		if g.clipStyle == nil && st.clipAttr {
			g.clip, g.clipStyle = st.clip, st
		}
		if g.visibility == "" {
			g.visibility = st.visibility
		}
	}
	return g
}

// solid returns the shape's fill colour if it is one opaque colour; see
// is true if the shape is see-through.
func (g graphicLook) solid() (c unseen.RGB, ok, see bool) {
	switch g.fill {
	case "solid":
		if !g.fillColour.set || g.fillColour.transparent {
			return c, false, false
		}
		if g.opacity < 0.99 {
			return c, false, false
		}
		return g.fillColour.rgb, true, false
	case "none", "":
		return c, false, true
	}
	return c, false, false
}
