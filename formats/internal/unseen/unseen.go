// Package unseen holds what the Office Open XML and OpenDocument handlers
// share to find content the reader of a document cannot see (issue 18):
// colours and how far apart two of them look, the words of the findings,
// and how much of a cropped picture is shown.
//
// Colours are compared as a reader sees them: by the contrast ratio of
// WCAG 2 (the relative luminance of the lighter plus 0.05 over that of the
// darker plus 0.05, from 1 for the same colour to 21 for black on white).
// Text on a background within Hidden of its own colour cannot be read;
// text on a dark background within Covered of it is a black box.
package unseen

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/scrub-project/scrub/scrub"
)

// RGB is an opaque sRGB colour.
type RGB struct{ R, G, B uint8 }

// Common colours.
var (
	Black = RGB{0, 0, 0}
	White = RGB{255, 255, 255}
)

// ParseHex reads "RRGGBB", "#RRGGBB" or Excel's "AARRGGBB" (the alpha
// byte is ignored: Excel and openpyxl write 00 or FF for opaque colours).
func ParseHex(s string) (RGB, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(s) == 8 {
		s = s[2:]
	}
	if len(s) != 6 {
		return RGB{}, false
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return RGB{}, false
	}
	return RGB{uint8(v >> 16), uint8(v >> 8), uint8(v)}, true
}

// Hex returns the colour as "RRGGBB".
func (c RGB) Hex() string { return fmt.Sprintf("%02X%02X%02X", c.R, c.G, c.B) }

func channel(v uint8) float64 {
	c := float64(v) / 255
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}

// Luminance is the colour's relative luminance, 0 (black) to 1 (white).
func (c RGB) Luminance() float64 {
	return 0.2126*channel(c.R) + 0.7152*channel(c.G) + 0.0722*channel(c.B)
}

// Contrast returns the contrast ratio of two colours, 1 to 21.
func Contrast(a, b RGB) float64 {
	la, lb := a.Luminance(), b.Luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Thresholds of the contrast ratio.
const (
	// Hidden: text this close to its background cannot be read (white
	// on white, yellow on yellow).
	Hidden = 1.25
	// Covered: text this close to a dark background is a black box
	// (black on black, black on dark blue); black on dark grey (5:1) is
	// still read.
	Covered = 2.0
)

// Dark reports whether a background is dark enough to be a box that
// hides text of about its colour (black, navy, dark red).
func (c RGB) Dark() bool { return c.Luminance() < 0.1 }

// CoversText reports whether text of colour text on a background bg is a
// black box: a dark background and text of about its colour.
func CoversText(bg, text RGB) bool { return bg.Dark() && Contrast(bg, text) < Covered }

// Unreadable reports whether text of colour text cannot be read on bg.
func Unreadable(bg, text RGB) bool { return Contrast(bg, text) < Hidden }

// Mix returns a over b with a's share frac (0 to 1): a pattern of
// frac of a's colour on b.
func Mix(a, b RGB, frac float64) RGB {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*frac + float64(y)*(1-frac))) }
	return RGB{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B)}
}

// Advice is what the finding of a fake redaction tells the sender: the
// words are still in the file, and cleaning cannot take them out without
// changing what the document says.
const Advice = "remove the text itself, then redact with a real redaction tool"

// Quote returns s between quotation marks, with its white space folded
// and cut to about n characters.
func Quote(s string, n int) string { return "“" + Clip(s, n) + "”" }

// Clip folds the white space of s and cuts it to about n characters.
func Clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, k := 0, 0
	for j := range s {
		if k == n {
			i = j
			break
		}
		k++
	}
	return strings.TrimSpace(s[:i]) + "…"
}

// Blank reports whether s has nothing a reader could read: white space
// only.
func Blank(s string) bool { return strings.TrimSpace(s) == "" }

// Crop is a picture's crop: the fraction cut from each edge (0 to 1).
type Crop struct{ L, T, R, B float64 }

// Shown returns the fractions of the width and the height that the crop
// shows.
func (c Crop) Shown() (w, h float64) {
	return max(0, 1-c.L-c.R), max(0, 1-c.T-c.B)
}

// HiddenArea returns the fraction of the picture's area that the crop
// hides.
func (c Crop) HiddenArea() float64 {
	w, h := c.Shown()
	return 1 - w*h
}

// Clamp limits each side to 0..1 (a negative side pads, it hides
// nothing).
func (c Crop) Clamp() Crop {
	f := func(v float64) float64 { return min(max(v, 0), 1) }
	return Crop{f(c.L), f(c.T), f(c.R), f(c.B)}
}

// Thresholds of a crop's hidden area.
const (
	// CropNoise: a crop hiding less than this hides nothing worth a
	// word (rounding, a sliver kept by a lossless crop).
	CropNoise = 0.01
	// CropTrim: a crop hiding less than this trims the edges of a
	// picture; it is reported as minor.
	CropTrim = 0.2
)

// Showable reports whether data is a picture a finding may carry for the
// app to show: PNG, JPEG or GIF, at most scrub.MaxPictureSize bytes.
func Showable(data []byte) bool {
	if len(data) > scrub.MaxPictureSize {
		return false
	}
	for _, sig := range []string{"\x89PNG\r\n\x1a\n", "\xff\xd8\xff", "GIF87a", "GIF89a"} {
		if bytes.HasPrefix(data, []byte(sig)) {
			return true
		}
	}
	return false
}

// Picture returns what a finding about the crop carries: the whole
// picture (data, as the file holds it, which the caller checked with
// Showable and does not change afterwards) with the part the crop shows
// (each edge within 0..1; a crop that hides all shows an empty part).
func (c Crop) Picture(data []byte) *scrub.Picture {
	c = c.Clamp()
	l, t := c.L, c.T
	r, b := max(1-c.R, l), max(1-c.B, t)
	return &scrub.Picture{Data: data, Shown: [4]float64{l, t, r, b}}
}

// Describe says how much of a picture of w×h pixels the crop shows:
// "shows 50% × 60% of a 1000×800 picture: the rest is still in the
// file". w or h 0: the size is unknown.
func (c Crop) Describe(w, h int) string {
	sw, sh := c.Shown()
	of := "the picture"
	if w > 0 && h > 0 {
		of = fmt.Sprintf("a %d×%d picture", w, h)
	}
	return fmt.Sprintf("shows %s × %s of %s: the part cropped away is still in the file", percent(sw), percent(sh), of)
}

func percent(f float64) string {
	p := f * 100
	if p >= 10 || p == math.Trunc(p) {
		return fmt.Sprintf("%.0f%%", math.Round(p))
	}
	return fmt.Sprintf("%.1f%%", p)
}

// Spans writes numbers (sorted) as ranges, each named by name: "4–6, 9";
// after eight, "…".
func Spans(ns []int, name func(int) string) string {
	var out []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		if j > i {
			out = append(out, name(ns[i])+"–"+name(ns[j]))
		} else {
			out = append(out, name(ns[i]))
		}
		i = j + 1
		if len(out) == 8 && i < len(ns) {
			out = append(out, "…")
			break
		}
	}
	return strings.Join(out, ", ")
}

// ColumnName is a spreadsheet's name of column n (1 is A, 27 is AA).
func ColumnName(n int) string {
	s := ""
	for n > 0 {
		n--
		s = string(rune('A'+n%26)) + s
		n /= 26
	}
	return s
}
