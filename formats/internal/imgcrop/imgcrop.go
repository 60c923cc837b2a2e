// Package imgcrop cuts the part of a picture that a document's crop hides
// out of the picture itself, without changing a pixel of what stays:
//
//   - PNG: the rows are unfiltered, the kept rectangle is cut out of them
//     (any bit depth, palette or not, interlaced or not) and filtered and
//     compressed again. PNG is lossless, so the pixels that stay are the
//     same; every chunk but IHDR and IDAT is kept in its place (colour
//     chunks included). Animated PNGs are not cut.
//   - JPEG: the entropy-coded data is decoded to its quantised DCT
//     coefficients and the blocks of the kept rectangle are coded again
//     with Huffman tables made for them; nothing is transformed or
//     quantised again, so every pixel that stays decodes as before. The
//     left and top edges of the cut fall on MCU boundaries (8 or 16
//     pixels), the right and bottom ones too (or on the picture's edge):
//     the document's crop then hides the rest as before. Baseline and
//     extended sequential JPEGs with one scan are cut; progressive and
//     arithmetic-coded ones, and pictures turned by an EXIF orientation,
//     are not.
//
// Nothing here reads metadata: a cut picture is cleaned afterwards like
// any other.
package imgcrop

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // sizes of GIF pictures
	_ "image/jpeg" // and of JPEGs the cutter cannot cut
	_ "image/png"
	"math"
)

// Format is a picture format the package can cut.
type Format uint8

const (
	Other Format = iota
	PNG
	JPEG
)

// Info describes a picture.
type Info struct {
	Format        Format
	Width, Height int
	// AlignX and AlignY are the steps at which a cut may start (1 for
	// PNG, the MCU size for JPEG); 0 if the picture cannot be cut.
	AlignX, AlignY int
	// Why says why it cannot be cut (empty if it can).
	Why string
	// DPIX and DPIY are the resolution the picture states (PNG pHYs,
	// JFIF density), 0 if none: programs then take 96.
	DPIX, DPIY float64
}

// Rect is a rectangle of pixels: [X0, X1) × [Y0, Y1).
type Rect struct{ X0, Y0, X1, Y1 int }

// Dx and Dy are the rectangle's width and height.
func (r Rect) Dx() int { return r.X1 - r.X0 }
func (r Rect) Dy() int { return r.Y1 - r.Y0 }

// ErrUnsupported is returned for pictures the package cannot cut.
var ErrUnsupported = errors.New("imgcrop: cannot cut this picture losslessly")

// MaxPixels bounds the pictures Crop decodes (their coefficients or rows
// are held in memory).
const MaxPixels = 50 << 20

// Inspect returns what the package knows of a picture: its size (for
// any format image.DecodeConfig reads) and whether and at which steps it
// can be cut.
func Inspect(data []byte) Info {
	switch {
	case bytes.HasPrefix(data, pngSig):
		return inspectPNG(data)
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		return inspectJPEG(data)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Info{Why: "a picture scrub cannot read"}
	}
	return Info{Width: cfg.Width, Height: cfg.Height, Why: "only PNG and JPEG pictures are cut"}
}

// Align returns the smallest rectangle that holds r and that the picture
// can be cut to: its edges on the picture's steps, or on its edges.
func (in Info) Align(r Rect) Rect {
	if in.AlignX <= 0 || in.AlignY <= 0 {
		return Rect{0, 0, in.Width, in.Height}
	}
	down := func(v, step int) int { return v / step * step }
	up := func(v, step, limit int) int { return min(limit, (v+step-1)/step*step) }
	r = Rect{max(r.X0, 0), max(r.Y0, 0), min(r.X1, in.Width), min(r.Y1, in.Height)}
	if r.X1 <= r.X0 || r.Y1 <= r.Y0 {
		return Rect{0, 0, in.Width, in.Height}
	}
	return Rect{down(r.X0, in.AlignX), down(r.Y0, in.AlignY), up(r.X1, in.AlignX, in.Width), up(r.Y1, in.AlignY, in.Height)}
}

// Crop returns the picture cut to r, which must be aligned (see Align).
// It returns ErrUnsupported (wrapped) for pictures it cannot cut, and an
// error for damaged ones.
func Crop(data []byte, r Rect) ([]byte, error) {
	in := Inspect(data)
	if in.AlignX == 0 {
		return nil, fmt.Errorf("%w: %s", ErrUnsupported, in.Why)
	}
	if r.X0 < 0 || r.Y0 < 0 || r.X1 > in.Width || r.Y1 > in.Height || r.Dx() <= 0 || r.Dy() <= 0 ||
		r.X0%in.AlignX != 0 || r.Y0%in.AlignY != 0 ||
		(r.X1 != in.Width && r.X1%in.AlignX != 0) || (r.Y1 != in.Height && r.Y1%in.AlignY != 0) {
		return nil, fmt.Errorf("imgcrop: rectangle %v is not aligned to the picture's %d×%d steps", r, in.AlignX, in.AlignY)
	}
	if int64(in.Width)*int64(in.Height) > MaxPixels {
		return nil, fmt.Errorf("%w: the picture is too large", ErrUnsupported)
	}
	switch in.Format {
	case PNG:
		return cropPNG(data, r)
	case JPEG:
		return cropJPEG(data, r)
	}
	return nil, ErrUnsupported
}

// Pixels returns the pixels a crop shows: the fractions x0..x1 of the
// width and y0..y1 of the height of a w×h picture, widened to whole
// pixels. Programs write crops rounded (Office to 1/1000 %, LibreOffice
// to 1/1000 cm), so an edge within 1/20 pixel of a pixel's edge is taken
// to be on it.
func Pixels(x0, y0, x1, y1 float64, w, h int) Rect {
	lo := func(f float64, n int) int {
		v := f * float64(n)
		if r := math.Round(v); math.Abs(v-r) < 0.05 {
			return int(r)
		}
		return int(math.Floor(v))
	}
	hi := func(f float64, n int) int {
		v := f * float64(n)
		if r := math.Round(v); math.Abs(v-r) < 0.05 {
			return int(r)
		}
		return int(math.Ceil(v))
	}
	return Rect{lo(x0, w), lo(y0, h), hi(x1, w), hi(y1, h)}
}
