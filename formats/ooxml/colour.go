package ooxml

import (
	"math"
	"strconv"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/unseen"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
)

// DrawingML colours (ECMA-376 Part 1, 20.1.2.3): a base colour (RGB, a
// theme's scheme colour, a system colour, a named one) and transforms
// (luminance, tint, shade, alpha) that follow as its children. A colour is
// read from the stream of start tags (dmlColour.start) and resolved once
// the theme and the colour map are known.

// scheme is a theme's colour scheme, by name (dk1, lt1, accent1…).
type scheme map[string]unseen.RGB

// clrMap maps the names shapes use (bg1, tx1, bg2, tx2) to the scheme's
// (lt1, dk1, lt2, dk2); the slide master says which.
type clrMap map[string]string

var defaultMap = clrMap{"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}

// dmlColour is a colour being read.
type dmlColour struct {
	kind  string // srgbClr, schemeClr, sysClr, prstClr, scrgbClr, hslClr
	val   string
	rgb   unseen.RGB
	mods  []colourMod
	alpha float64 // 1 opaque
}

type colourMod struct {
	name string
	v    float64 // the value in 1/100000
}

// colourKinds are the base colour elements.
var colourKinds = map[string]bool{"srgbClr": true, "schemeClr": true, "sysClr": true, "prstClr": true, "scrgbClr": true, "hslClr": true}

// newColour reads a base colour element's attributes; nil if e is none.
func newColour(e *xmlclean.Element) *dmlColour {
	if !isA(e.Name.Space) || !colourKinds[e.Name.Local] {
		return nil
	}
	c := &dmlColour{kind: e.Name.Local, alpha: 1}
	switch c.kind {
	case "srgbClr":
		c.val, _ = e.Attr("", "val")
		c.rgb, _ = unseen.ParseHex(c.val)
	case "sysClr":
		v, _ := e.Attr("", "lastClr")
		if rgb, ok := unseen.ParseHex(v); ok {
			c.rgb = rgb
		} else if n, _ := e.Attr("", "val"); n == "window" {
			c.rgb = unseen.White
		}
	case "schemeClr":
		c.val, _ = e.Attr("", "val")
	case "prstClr":
		c.val, _ = e.Attr("", "val")
		c.rgb = presetColour(c.val)
	case "scrgbClr":
		f := func(n string) uint8 {
			v, _ := e.Attr("", n)
			x, _ := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
			if !strings.HasSuffix(v, "%") {
				x /= 1000
			}
			// Linear to sRGB.
			l := math.Min(math.Max(x/100, 0), 1)
			if l <= 0.0031308 {
				return uint8(math.Round(l * 12.92 * 255))
			}
			return uint8(math.Round((1.055*math.Pow(l, 1/2.4) - 0.055) * 255))
		}
		c.rgb = unseen.RGB{R: f("r"), G: f("g"), B: f("b")}
	case "hslClr":
		h, s, l := attrNum(e, "hue")/60000, attrNum(e, "sat")/100000, attrNum(e, "lum")/100000
		c.rgb = fromHSL(h, s, l)
	}
	return c
}

func attrNum(e *xmlclean.Element, n string) float64 {
	v, _ := e.Attr("", n)
	v = strings.TrimSuffix(v, "%")
	x, _ := strconv.ParseFloat(v, 64)
	return x
}

// mod adds a transform (a child of the colour element).
func (c *dmlColour) mod(e *xmlclean.Element) {
	if !isA(e.Name.Space) {
		return
	}
	v, ok := e.Attr("", "val")
	if !ok {
		return
	}
	x, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
	if err != nil {
		return
	}
	if strings.HasSuffix(v, "%") {
		x *= 1000
	}
	if e.Name.Local == "alpha" {
		c.alpha = x / 100000
		return
	}
	c.mods = append(c.mods, colourMod{e.Name.Local, x})
}

// resolve returns the colour with the scheme and map given (either may
// be nil: a scheme colour is then unknown); ok is false for a colour that
// cannot be known (a placeholder colour, a scheme colour without scheme).
func (c *dmlColour) resolve(s scheme, m clrMap) (unseen.RGB, bool) {
	rgb := c.rgb
	if c.kind == "schemeClr" {
		name := c.val
		if m == nil {
			m = defaultMap
		}
		if n, ok := m[name]; ok {
			name = n
		}
		v, ok := s[name]
		if !ok {
			return unseen.RGB{}, false
		}
		rgb = v
	}
	if c.kind == "srgbClr" && c.val == "" {
		return unseen.RGB{}, false
	}
	for _, md := range c.mods {
		rgb = applyMod(rgb, md)
	}
	return rgb, true
}

func applyMod(c unseen.RGB, m colourMod) unseen.RGB {
	f := m.v / 100000
	switch m.name {
	case "lumMod", "lumOff":
		h, s, l := toHSL(c)
		if m.name == "lumMod" {
			l *= f
		} else {
			l += f
		}
		return fromHSL(h, s, math.Min(math.Max(l, 0), 1))
	case "tint":
		return unseen.Mix(c, unseen.White, f)
	case "shade":
		return unseen.Mix(c, unseen.Black, f)
	case "inv":
		return unseen.RGB{R: 255 - c.R, G: 255 - c.G, B: 255 - c.B}
	case "gray":
		g := uint8(math.Round(0.3*float64(c.R) + 0.59*float64(c.G) + 0.11*float64(c.B)))
		return unseen.RGB{R: g, G: g, B: g}
	}
	return c
}

// toHSL returns hue (0–6), saturation and lightness (0–1).
func toHSL(c unseen.RGB) (h, s, l float64) {
	r, g, b := float64(c.R)/255, float64(c.G)/255, float64(c.B)/255
	mx, mn := math.Max(r, math.Max(g, b)), math.Min(r, math.Min(g, b))
	l = (mx + mn) / 2
	d := mx - mn
	if d == 0 {
		return 0, 0, l
	}
	if l > 0.5 {
		s = d / (2 - mx - mn)
	} else {
		s = d / (mx + mn)
	}
	switch mx {
	case r:
		h = math.Mod((g-b)/d+6, 6)
	case g:
		h = (b-r)/d + 2
	default:
		h = (r-g)/d + 4
	}
	return h, s, l
}

func fromHSL(h, s, l float64) unseen.RGB {
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h, 2)-1))
	m := l - c/2
	var r, g, b float64
	switch int(h) % 6 {
	case 0:
		r, g, b = c, x, 0
	case 1:
		r, g, b = x, c, 0
	case 2:
		r, g, b = 0, c, x
	case 3:
		r, g, b = 0, x, c
	case 4:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	u := func(v float64) uint8 { return uint8(math.Round(math.Min(math.Max(v+m, 0), 1) * 255)) }
	return unseen.RGB{R: u(r), G: u(g), B: u(b)}
}

// presetColour returns a few of DrawingML's named colours (the rest are
// treated as mid grey: neither dark nor white).
func presetColour(n string) unseen.RGB {
	switch strings.ToLower(n) {
	case "black":
		return unseen.Black
	case "white":
		return unseen.White
	case "navy", "dkblue", "darkblue":
		return unseen.RGB{B: 0x80}
	case "red":
		return unseen.RGB{R: 0xff}
	case "yellow":
		return unseen.RGB{R: 0xff, G: 0xff}
	}
	return unseen.RGB{R: 0x80, G: 0x80, B: 0x80}
}

// fill is what a shape is filled with, as far as the rules care.
type fill uint8

const (
	fillUnset fill = iota // no fill element: the style's, or the default
	fillNone              // noFill: see-through
	fillSolid             // solidFill: colour
	fillOther             // gradient, picture, pattern, group fill: not one colour
)

// shapeFill is a shape's fill being read.
type shapeFill struct {
	kind   fill
	colour *dmlColour
}

// isFillElement reports a fill element of a:spPr (or p:bgPr).
func fillKind(local string) (fill, bool) {
	switch local {
	case "noFill":
		return fillNone, true
	case "solidFill":
		return fillSolid, true
	case "gradFill", "blipFill", "pattFill", "grpFill":
		return fillOther, true
	}
	return fillUnset, false
}

// themeScheme reads the colour scheme of a theme part.
func (p *pkg) themeScheme(pt *part) scheme {
	if pt == nil || pt.removed {
		return nil
	}
	if s, ok := p.schemes[pt]; ok {
		return s
	}
	s := scheme{}
	_ = p.parse(pt, func(e *xmlclean.Element) xmlclean.Decision {
		if e.Parent == nil || e.Parent.Parent == nil {
			return xmlclean.Decision{}
		}
		if gp := e.Parent.Parent; isA(gp.Name.Space) && gp.Name.Local == "clrScheme" {
			if c := newColour(e); c != nil {
				if rgb, ok := c.resolve(nil, nil); ok {
					if _, dup := s[e.Parent.Name.Local]; !dup {
						s[e.Parent.Name.Local] = rgb
					}
				}
			}
		}
		return xmlclean.Decision{}
	}, nil)
	p.schemes[pt] = s
	return s
}

// related returns the first part pt reaches through a relationship of
// kind.
func (p *pkg) related(pt *part, kind string) *part {
	if pt == nil || pt.own == nil {
		return nil
	}
	for _, rl := range pt.own.rels {
		if rl.kind == kind && rl.to != nil && !rl.external {
			return rl.to
		}
	}
	return nil
}
