package pdf

import (
	"math"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Colours, as far as the hidden-content analysis needs them (ISO 32000-1
// §8.6): what a fill or a glyph looks like in RGB, whether it is one solid
// colour at all (a pattern is not), and whether it paints anything (the
// separation /None does not).

type colour struct {
	r, g, b float64
	known   bool // the RGB is what a viewer shows (near enough)
	solid   bool // a uniform colour (not a pattern or a shading)
	none    bool // paints nothing (Separation /None)
}

var black = colour{known: true, solid: true}

// luminance is the colour's relative lightness, 0 (black) to 1 (white).
func (c colour) luminance() float64 { return 0.2126*c.r + 0.7152*c.g + 0.0722*c.b }

// dark reports whether a box of this colour reads as a black box.
func (c colour) dark() bool { return c.known && c.luminance() < 0.35 }

// same reports whether two colours look the same.
func (c colour) same(o colour) bool {
	const eps = 0.04
	return c.known && o.known && math.Abs(c.r-o.r) < eps && math.Abs(c.g-o.g) < eps && math.Abs(c.b-o.b) < eps
}

// colourSpace is a resolved colour space.
type colourSpace struct {
	family string // DeviceGray, DeviceRGB, DeviceCMYK, Lab, Indexed, Separation, DeviceN, Pattern
	n      int    // components
	base   *colourSpace
	lookup []byte // Indexed
	hival  int
	tint   func(t float64) []float64 // Separation: tint to base components (nil: unknown)
	none   bool                      // Separation /None
	black  bool                      // Separation /All or /Black
}

var (
	csGray = &colourSpace{family: "DeviceGray", n: 1}
	csRGB  = &colourSpace{family: "DeviceRGB", n: 3}
	csCMYK = &colourSpace{family: "DeviceCMYK", n: 4}
	csPat  = &colourSpace{family: "Pattern", n: 0}
)

// initial is the colour a space starts with when cs selects it.
func (s *colourSpace) initial() colour {
	switch s.family {
	case "DeviceCMYK":
		return s.colour([]float64{0, 0, 0, 1})
	case "Pattern":
		return colour{}
	case "Indexed":
		return s.colour([]float64{0})
	case "Separation", "DeviceN":
		ones := make([]float64, max(s.n, 1))
		for i := range ones {
			ones[i] = 1
		}
		return s.colour(ones)
	}
	return s.colour(make([]float64, max(s.n, 1)))
}

// colour converts components in this space.
func (s *colourSpace) colour(v []float64) colour {
	at := func(i int) float64 {
		if i < len(v) {
			return math.Min(math.Max(v[i], 0), 1)
		}
		return 0
	}
	switch s.family {
	case "DeviceGray":
		g := at(0)
		return colour{r: g, g: g, b: g, known: true, solid: true}
	case "DeviceRGB":
		return colour{r: at(0), g: at(1), b: at(2), known: true, solid: true}
	case "DeviceCMYK":
		k := at(3)
		return colour{r: (1 - at(0)) * (1 - k), g: (1 - at(1)) * (1 - k), b: (1 - at(2)) * (1 - k), known: true, solid: true}
	case "Lab":
		// Lightness alone: near enough to tell black from white.
		l := 0.0
		if len(v) > 0 {
			l = math.Min(math.Max(v[0]/100, 0), 1)
		}
		return colour{r: l, g: l, b: l, known: true, solid: true}
	case "Indexed":
		if s.base == nil || len(v) == 0 {
			return colour{solid: true}
		}
		i := int(math.Round(v[0]))
		i = min(max(i, 0), s.hival)
		n := s.base.n
		if n <= 0 || (i+1)*n > len(s.lookup) {
			return colour{solid: true}
		}
		comp := make([]float64, n)
		for k := range n {
			comp[k] = float64(s.lookup[i*n+k]) / 255
			if s.base.family == "Lab" && k == 0 {
				comp[k] *= 100
			}
		}
		return s.base.colour(comp)
	case "Separation":
		if s.none {
			return colour{none: true}
		}
		t := at(0)
		if s.black {
			return colour{r: 1 - t, g: 1 - t, b: 1 - t, known: true, solid: true}
		}
		if s.tint != nil && s.base != nil {
			return s.base.colour(s.tint(t))
		}
		return colour{solid: true}
	case "DeviceN":
		return colour{solid: true}
	}
	return colour{}
}

// maxLookup bounds an Indexed colour space's table.
const maxLookup = 256 * 4

// colourSpaceOf resolves a colour space: a name (device spaces, or a
// resource of the current resources) or an array.
func (in *interp) colourSpaceOf(o types.Object, depth int) *colourSpace {
	d := in.d
	if depth > 4 {
		return nil
	}
	v, _ := d.resolve(o)
	switch t := v.(type) {
	case types.Name:
		return familySpace(string(t))
	case types.Array:
		if len(t) == 0 {
			return nil
		}
		switch d.name(t[0]) {
		case "DeviceGray", "G", "CalGray":
			return csGray
		case "DeviceRGB", "RGB", "CalRGB":
			return csRGB
		case "DeviceCMYK", "CMYK":
			return csCMYK
		case "Pattern":
			return csPat
		case "Lab":
			return &colourSpace{family: "Lab", n: 3}
		case "ICCBased":
			if len(t) < 2 {
				return nil
			}
			sd, _ := d.resolveDict(t[1])
			if sd == nil {
				return nil
			}
			if n, ok := intValue(d, sd["N"]); ok {
				switch n {
				case 1:
					return csGray
				case 3:
					return csRGB
				case 4:
					return csCMYK
				}
			}
			return in.colourSpaceOf(sd["Alternate"], depth+1)
		case "Indexed", "I":
			if len(t) < 4 {
				return nil
			}
			base := in.colourSpaceOf(t[1], depth+1)
			hival, _ := intValue(d, t[2])
			cs := &colourSpace{family: "Indexed", n: 1, base: base, hival: min(max(hival, 0), 255)}
			lv, _ := d.resolve(t[3])
			if b, ok := stringBytes(lv); ok {
				cs.lookup = b[:min(len(b), maxLookup)]
			}
			return cs
		case "Separation":
			if len(t) < 4 {
				return nil
			}
			cs := &colourSpace{family: "Separation", n: 1}
			switch d.name(t[1]) {
			case "None":
				cs.none = true
			case "All", "Black":
				cs.black = true
			}
			cs.base = in.colourSpaceOf(t[2], depth+1)
			cs.tint = in.tintFunction(t[3])
			return cs
		case "DeviceN":
			n := 1
			if names, _ := d.resolveArray(t[1]); len(names) > 0 {
				n = len(names)
			}
			return &colourSpace{family: "DeviceN", n: n}
		}
	}
	return nil
}

// tintFunction reads a Separation's tint transform if it is an
// exponential interpolation (type 2, what most writers use), else nil.
func (in *interp) tintFunction(o types.Object) func(float64) []float64 {
	d := in.d
	f, _ := d.resolveDict(o)
	if f == nil {
		return nil
	}
	if t, _ := intValue(d, f["FunctionType"]); t != 2 {
		return nil
	}
	c0, c1 := numbers(d, f["C0"]), numbers(d, f["C1"])
	if c0 == nil {
		c0 = []float64{0}
	}
	if c1 == nil {
		c1 = []float64{1}
	}
	if len(c0) != len(c1) {
		return nil
	}
	n := 1.0
	if v, ok := numberValue(d, f["N"]); ok {
		n = v
	}
	return func(t float64) []float64 {
		out := make([]float64, len(c0))
		p := math.Pow(t, n)
		for i := range c0 {
			out[i] = c0[i] + p*(c1[i]-c0[i])
		}
		return out
	}
}

func numberValue(d *doc, o types.Object) (float64, bool) {
	v, _ := d.resolve(o)
	switch t := v.(type) {
	case types.Integer:
		return float64(t), true
	case types.Float:
		f := float64(t)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, false
		}
		return f, true
	}
	return 0, false
}

func intValue(d *doc, o types.Object) (int, bool) {
	f, ok := numberValue(d, o)
	if !ok || math.Abs(f) > 1<<30 {
		return 0, false
	}
	return int(f), true
}

// numbers returns an array of numbers (nil if o is not one); at most 64.
func numbers(d *doc, o types.Object) []float64 {
	a, _ := d.resolveArray(o)
	if a == nil {
		return nil
	}
	out := make([]float64, 0, min(len(a), 64))
	for _, e := range a[:min(len(a), 64)] {
		v, ok := numberValue(d, e)
		if !ok {
			return nil
		}
		out = append(out, v)
	}
	return out
}

// familySpace is the colour space a name alone gives (the device spaces,
// their abbreviations in inline images, Pattern), or nil.
func familySpace(name string) *colourSpace {
	switch name {
	case "DeviceGray", "G", "CalGray":
		return csGray
	case "DeviceRGB", "RGB", "CalRGB":
		return csRGB
	case "DeviceCMYK", "CMYK":
		return csCMYK
	case "Pattern":
		return csPat
	}
	return nil
}
