package pdf

import (
	"math"
	"reflect"
	"strings"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/font"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// What the hidden-content analysis needs of a font (ISO 32000-1 §9.2–9.10):
// how a string splits into codes, how wide each glyph is, how tall the
// font is, and the text each code stands for.

type fontInfo struct {
	composite bool  // Type 0: codes from a CMap, widths by CID
	enc       *cmap // Type 0 encoding CMap (nil: two-byte codes, CID = code)
	ucs2      bool  // Type 0 with a predefined UCS-2/UTF-16 CMap: the codes are the text
	vertical  bool  // vertical writing (…-V CMaps)
	firstChar int   // simple fonts: /FirstChar and /Widths
	widths    []float64
	missing   float64 // width of codes /Widths does not cover
	cidW      map[uint32]float64
	dw        float64
	ascent    float64
	descent   float64
	capHeight float64
	toUni     *cmap
	text      *[256]string // simple fonts: text of each code
	type3     bool
	// simple fonts: each code's width, and the width of its box (half an
	// em for a glyph the font gives no width)
	w, bw *[256]float64
}

// tables fills w and bw of a simple font.
func (f *fontInfo) tables() {
	f.w, f.bw = new([256]float64), new([256]float64)
	for c := range f.w {
		w := f.width(uint32(c))
		f.w[c] = w
		f.bw[c] = w
		if w <= 0 {
			f.bw[c] = 0.5
		}
	}
}

// maxFontStream bounds the CMaps read for the analysis.
const maxFontStream = 4 << 20

// fontKey identifies a font dictionary: its object number, or (direct
// dictionaries) the dictionary itself.
func fontKey(n int, dict types.Dict) any {
	if n > 0 {
		return n
	}
	return reflect.ValueOf(dict).Pointer()
}

// fontOf returns the analysis's view of a font (o: the font dictionary or
// a reference to it), cached.
func (h *hiddenPass) fontOf(o types.Object) *fontInfo {
	d := h.d
	dict, n := d.resolveDict(o)
	if dict == nil {
		return defaultFont
	}
	key := fontKey(n, dict)
	if f, ok := h.fonts[key]; ok {
		return f
	}
	f := h.loadFont(dict)
	h.fonts[key] = f
	return f
}

// defaultFont stands for a font the page does not define: average
// widths, two-thirds of an em high.
var defaultFont = func() *fontInfo {
	f := &fontInfo{missing: 0.5, ascent: 0.8, descent: -0.2, capHeight: 0.7}
	f.tables()
	return f
}()

func (h *hiddenPass) loadFont(dict types.Dict) *fontInfo {
	d := h.d
	f := &fontInfo{ascent: 0.8, descent: -0.2, capHeight: 0.7, dw: 1}
	sub := d.name(dict["Subtype"])
	desc, _ := d.resolveDict(dict["FontDescriptor"])
	scale := 0.001
	switch sub {
	case "Type0":
		f.composite = true
		desc = nil
		if ds, _ := d.resolveArray(dict["DescendantFonts"]); len(ds) > 0 {
			if cid, _ := d.resolveDict(ds[0]); cid != nil {
				desc, _ = d.resolveDict(cid["FontDescriptor"])
				if v, ok := numberValue(d, cid["DW"]); ok {
					f.dw = v / 1000
				}
				f.cidW = h.cidWidths(cid["W"])
			}
		}
		switch e, _ := d.resolve(dict["Encoding"]); t := e.(type) {
		case types.Name:
			name := string(t)
			f.vertical = strings.HasSuffix(name, "-V")
			if strings.Contains(name, "UCS2") || strings.Contains(name, "UTF16") {
				f.ucs2 = true
			}
		case types.StreamDict:
			if b := h.streamBytes(t); b != nil {
				f.enc = parseCMap(b)
			}
			if wm, ok := intValue(d, t.Dict["WMode"]); ok && wm == 1 {
				f.vertical = true
			}
		}
	case "Type3":
		f.type3 = true
		if fm := numbers(d, dict["FontMatrix"]); len(fm) == 6 && fm[0] != 0 {
			scale = math.Abs(fm[0])
			if bb := numbers(d, dict["FontBBox"]); len(bb) == 4 && fm[3] != 0 {
				f.ascent = math.Max(bb[1], bb[3]) * math.Abs(fm[3])
				f.descent = math.Min(bb[1], bb[3]) * math.Abs(fm[3])
				f.capHeight = f.ascent * 0.85
			}
		}
		fallthrough
	default:
		f.firstChar, _ = intValue(d, dict["FirstChar"])
		if ws := numbers2(d, dict["Widths"], 1<<16); ws != nil {
			for i := range ws {
				ws[i] *= scale
			}
			f.widths = ws
		} else if base := coreName(d.name(dict["BaseFont"])); base != "" {
			// A standard 14 font without /Widths: its AFM metrics.
			f.firstChar = 0
			f.widths = make([]float64, 256)
			for c := range f.widths {
				if w, err := font.CharWidth(base, rune(c)); err == nil {
					f.widths[c] = float64(w) / 1000
				}
			}
		}
		f.text = h.simpleEncoding(dict, sub)
	}
	if desc != nil && !f.type3 {
		if v, ok := numberValue(d, desc["MissingWidth"]); ok {
			f.missing = v * scale
		}
		asc, okA := numberValue(d, desc["Ascent"])
		dsc, okD := numberValue(d, desc["Descent"])
		if bb := numbers(d, desc["FontBBox"]); len(bb) == 4 {
			if !okA || asc == 0 {
				asc, okA = math.Max(bb[1], bb[3]), true
			}
			if !okD || dsc == 0 {
				dsc, okD = math.Min(bb[1], bb[3]), true
			}
		}
		if okA && asc > 0 {
			f.ascent = asc / 1000
		}
		if okD && dsc < 0 {
			f.descent = dsc / 1000
		}
		if v, ok := numberValue(d, desc["CapHeight"]); ok && v > 0 {
			f.capHeight = v / 1000
		} else {
			f.capHeight = f.ascent * 0.85
		}
	}
	f.ascent = math.Min(math.Max(f.ascent, 0.3), 2)
	f.descent = math.Min(math.Max(f.descent, -1), 0)
	f.capHeight = math.Min(math.Max(f.capHeight, 0.3), f.ascent)
	if !f.composite {
		f.tables()
	}
	if tu, _ := d.resolve(dict["ToUnicode"]); tu != nil {
		if sd, ok := tu.(types.StreamDict); ok {
			if b := h.streamBytes(sd); b != nil {
				f.toUni = parseCMap(b)
			}
		}
	}
	return f
}

// numbers2 is numbers for longer arrays (a font's widths).
func numbers2(d *doc, o types.Object, limit int) []float64 {
	a, _ := d.resolveArray(o)
	if a == nil {
		return nil
	}
	out := make([]float64, 0, min(len(a), limit))
	for _, e := range a[:min(len(a), limit)] {
		v, _ := numberValue(d, e)
		out = append(out, v)
	}
	return out
}

// coreName returns the standard 14 font a base font name stands for (with
// the usual aliases), or "".
func coreName(base string) string {
	if subsetTag.MatchString(base) {
		base = base[7:]
	}
	if font.IsCoreFont(base) {
		return base
	}
	b := strings.ToLower(strings.NewReplacer(",", "-", " ", "", "MT", "", "PS", "").Replace(base))
	bold := strings.Contains(b, "bold")
	italic := strings.Contains(b, "italic") || strings.Contains(b, "oblique")
	pick := func(family, boldS, italicS, both string) string {
		switch {
		case bold && italic:
			return both
		case bold:
			return boldS
		case italic:
			return italicS
		}
		return family
	}
	switch {
	case strings.HasPrefix(b, "arial"), strings.HasPrefix(b, "helvetica"):
		return pick("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique")
	case strings.HasPrefix(b, "times"):
		return pick("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic")
	case strings.HasPrefix(b, "courier"):
		return pick("Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique")
	}
	return ""
}

// simpleEncoding returns the text of each code of a simple font: its
// base encoding and /Differences.
func (h *hiddenPass) simpleEncoding(dict types.Dict, sub string) *[256]string {
	d := h.d
	base := "WinAnsiEncoding"
	if sub == "Type1" || sub == "MMType1" {
		base = "StandardEncoding"
		switch coreName(d.name(dict["BaseFont"])) {
		case "Symbol", "ZapfDingbats":
			base = ""
		}
	}
	var diffs types.Array
	switch e, _ := d.resolve(dict["Encoding"]); t := e.(type) {
	case types.Name:
		base = string(t)
	case types.Dict:
		if b := d.name(t["BaseEncoding"]); b != "" {
			base = b
		}
		diffs, _ = d.resolveArray(t["Differences"])
	}
	runes := baseEncoding(base)
	var out [256]string
	for i, r := range runes {
		if r != 0 {
			out[i] = string(r)
		}
	}
	code := -1
	for _, e := range diffs[:min(len(diffs), 4096)] {
		v, _ := d.resolve(e)
		switch t := v.(type) {
		case types.Integer:
			code = int(t)
		case types.Float:
			code = int(t)
		case types.Name:
			if code >= 0 && code < 256 {
				out[code] = glyphText(string(t))
				code++
			}
		}
	}
	return &out
}

// cidWidths reads a CID font's /W: [c [w1 w2 …]] and [cfirst clast w].
func (h *hiddenPass) cidWidths(o types.Object) map[uint32]float64 {
	d := h.d
	a, _ := d.resolveArray(o)
	if a == nil {
		return nil
	}
	m := map[uint32]float64{}
	for i := 0; i < len(a) && len(m) < 1<<17; {
		first, ok := numberValue(d, a[i])
		if !ok || first < 0 {
			break
		}
		if i+1 < len(a) {
			if list, _ := d.resolveArray(a[i+1]); list != nil {
				for k, w := range list[:min(len(list), 1<<16)] {
					if v, ok := numberValue(d, w); ok {
						m[uint32(first)+uint32(k)] = v / 1000
					}
				}
				i += 2
				continue
			}
		}
		if i+2 >= len(a) {
			break
		}
		last, ok1 := numberValue(d, a[i+1])
		w, ok2 := numberValue(d, a[i+2])
		if !ok1 || !ok2 || last < first {
			break
		}
		for c := uint32(first); c <= uint32(last) && c-uint32(first) < 1<<16; c++ {
			m[c] = w / 1000
		}
		i += 3
	}
	return m
}

// streamBytes decodes a small stream (a CMap) for the analysis.
func (h *hiddenPass) streamBytes(sd types.StreamDict) []byte {
	chain, err := h.d.filterChain(sd.Dict)
	if err != nil {
		return nil
	}
	pre, codec, err := splitCodec(chain)
	if err != nil || codec != nil || len(sd.Raw) > maxFontStream {
		return nil
	}
	b, _, err := h.d.decode(sd.Raw, pre, "font")
	if err != nil {
		if !isFilterError(err) {
			h.d.fail(err)
		}
		return nil
	}
	return b[:min(len(b), maxFontStream)]
}

// nextCode splits the first code off s.
func (f *fontInfo) nextCode(s []byte) (uint32, int) {
	if !f.composite {
		return uint32(s[0]), 1
	}
	if f.enc != nil && len(f.enc.spaces) > 0 {
		return f.enc.next(s)
	}
	if len(s) < 2 {
		return uint32(s[0]), 1
	}
	return uint32(s[0])<<8 | uint32(s[1]), 2
}

// width returns a code's advance in text space units (per unit of font
// size).
func (f *fontInfo) width(code uint32) float64 {
	if f.composite {
		cid := code
		if f.enc != nil {
			cid = f.enc.cidOf(code)
		}
		if w, ok := f.cidW[cid]; ok {
			return w
		}
		return f.dw
	}
	if i := int(code) - f.firstChar; i >= 0 && i < len(f.widths) {
		return f.widths[i]
	}
	if f.missing > 0 || f.widths != nil {
		return f.missing
	}
	return 0.5
}

// textOf returns the text a code stands for ("" if unknown).
func (f *fontInfo) textOf(code uint32) string {
	if f.toUni != nil {
		if s, ok := f.toUni.text(code); ok {
			return s
		}
	}
	switch {
	case f.ucs2:
		return string(utf16.Decode([]uint16{uint16(code)}))
	case !f.composite && f.text != nil && code < 256:
		return f.text[code]
	}
	return ""
}
