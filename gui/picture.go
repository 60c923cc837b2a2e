//go:build gui || ci

package gui

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	_ "image/gif" // the formats scrub.Picture holds
	_ "image/jpeg"
	_ "image/png"
	"math"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/draw"

	"github.com/scrub-project/scrub/scrub"
)

// A finding's picture (scrub.Finding.Picture) is shown whole, small, with
// the part the reader sees outlined and the rest dimmed: a picture cropped
// in Word shows what the crop hides. The thumbnail is composed off the UI
// goroutine from the file's own bytes; only the small result is kept, and
// only for the row whose details are shown.

// Bounds of the pictures the details show.
const (
	thumbWidth  = 240 // at most, in dp
	thumbHeight = 180
	// maxShownPictures is how many pictures one file's details show.
	maxShownPictures = 6
	// maxThumbPixels and maxThumbDecoded bound what a picture may decode
	// to: a larger one is not shown (its finding's words still say what it
	// hides). 50 megapixels of 8-bit RGBA are 200 MB.
	maxThumbPixels  = 50_000_000
	maxThumbDecoded = 200 << 20
	// outlineWidth is the outline's width in dp.
	outlineWidth = 2
)

var errPictureTooBig = errors.New("picture-too-big") // never shown: the picture is left out

// pictureConfig reads a picture's size and refuses one too big to decode
// for a thumbnail, from its header only.
func pictureConfig(data []byte) (image.Config, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return cfg, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return cfg, errors.New("picture-without-size")
	}
	px := int64(cfg.Width) * int64(cfg.Height)
	if px > maxThumbPixels || px*bytesPerPixel(cfg.ColorModel) > maxThumbDecoded {
		return cfg, errPictureTooBig
	}
	return cfg, nil
}

// bytesPerPixel is about what Go's decoders hold per pixel of a picture
// in model m.
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	case color.Gray16Model, color.YCbCrModel, color.NYCbCrAModel:
		return 2 // YCbCr: 1.5 to 3 by subsampling; 4:2:0 is usual
	case color.GrayModel, color.AlphaModel, color.Alpha16Model:
		return 1
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4
}

// fitSize is the size of a w×h picture fitted into maxW×maxH, aspect
// kept, never below 1×1.
func fitSize(w, h int, maxW, maxH float64) (float64, float64) {
	s := math.Min(maxW/float64(w), maxH/float64(h))
	return math.Max(1, math.Round(float64(w)*s)), math.Max(1, math.Round(float64(h)*s))
}

// shownRect is a Picture's Shown part as pixels of a w×h thumbnail:
// fractions outside 0..1 (or not numbers) are taken as the picture's
// edge, and the part is at least one pixel.
func shownRect(shown [4]float64, w, h int) image.Rectangle {
	frac := func(v, def float64) float64 {
		if math.IsNaN(v) {
			return def
		}
		return math.Max(0, math.Min(1, v))
	}
	l, t, r, b := frac(shown[0], 0), frac(shown[1], 0), frac(shown[2], 1), frac(shown[3], 1)
	if r < l {
		l, r = r, l
	}
	if b < t {
		t, b = b, t
	}
	x0, x1 := int(math.Round(l*float64(w))), int(math.Round(r*float64(w)))
	y0, y1 := int(math.Round(t*float64(h))), int(math.Round(b*float64(h)))
	if x1 <= x0 {
		x0, x1 = min(x0, w-1), min(x0, w-1)+1
	}
	if y1 <= y0 {
		y0, y1 = min(y0, h-1), min(y0, h-1)+1
	}
	return image.Rect(x0, y0, x1, y1)
}

// thumbnail composes what the details show of a picture: the whole
// picture (data: PNG, JPEG or GIF) scaled to fit maxW×maxH pixels, aspect
// kept, on white (the page a transparent picture lies on), the part
// outside shown dimmed and shown framed by a line of stroke pixels in
// outline. It refuses a picture that would decode to more than
// maxThumbPixels or maxThumbDecoded before decoding it.
func thumbnail(data []byte, shown [4]float64, maxW, maxH, stroke int, outline color.Color) (*image.RGBA, error) {
	cfg, err := pictureConfig(data)
	if err != nil {
		return nil, err
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	fw, fh := fitSize(cfg.Width, cfg.Height, float64(maxW), float64(maxH))
	w, h := int(fw), int(fh)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	sb := src.Bounds()
	// A big photo is first brought near the thumbnail's size the cheap way
	// (a few samples a pixel), then smoothed down to it.
	if sb.Dx() > 4*w && sb.Dy() > 4*h {
		mid := image.NewRGBA(image.Rect(0, 0, 4*w, 4*h))
		draw.ApproxBiLinear.Scale(mid, mid.Bounds(), src, sb, draw.Src, nil)
		src, sb = mid, mid.Bounds()
	}
	draw.BiLinear.Scale(dst, dst.Bounds(), src, sb, draw.Over, nil)

	in := shownRect(shown, w, h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if (image.Point{x, y}).In(in) {
				continue
			}
			i := dst.PixOffset(x, y)
			p := dst.Pix[i : i+3 : i+3]
			for c := range p {
				p[c] = uint8(uint16(p[c]) * 2 / 5)
			}
		}
	}
	stroke = max(1, min(stroke, (in.Dx()+1)/2, (in.Dy()+1)/2))
	oc := image.NewUniform(outline)
	for _, r := range []image.Rectangle{
		image.Rect(in.Min.X, in.Min.Y, in.Max.X, in.Min.Y+stroke),
		image.Rect(in.Min.X, in.Max.Y-stroke, in.Max.X, in.Max.Y),
		image.Rect(in.Min.X, in.Min.Y, in.Min.X+stroke, in.Max.Y),
		image.Rect(in.Max.X-stroke, in.Min.Y, in.Max.X, in.Max.Y),
	} {
		draw.Draw(dst, r, oc, image.Point{}, draw.Src)
	}
	return dst, nil
}

// thumbCache holds the thumbnails of the pictures the details show, for
// as long as they show them: a build of the details (begin, then end)
// keeps the thumbnails it used and lets the others go, and with them the
// pictures they point to. Only the UI goroutine touches it.
type thumbCache struct {
	shown, used map[*scrub.Picture]*thumb
	pending     int           // thumbnails being composed
	work        chan struct{} // one composition at a time
}

// thumb is one picture's place in the details.
type thumb struct {
	img    *canvas.Image // nil when the picture cannot be shown
	wanted atomic.Bool   // still in the details: compose it
}

func (c *thumbCache) begin() { c.used = map[*scrub.Picture]*thumb{} }

func (c *thumbCache) end() {
	for p, t := range c.shown {
		if _, ok := c.used[p]; !ok {
			t.wanted.Store(false)
		}
	}
	c.shown, c.used = c.used, nil
}

// pictureView is p's thumbnail, left-aligned at its size, or nil when p
// cannot be shown (not a PNG, JPEG or GIF, damaged, too big). Until the
// thumbnail is composed, its place is kept empty.
func (u *UI) pictureView(p *scrub.Picture) fyne.CanvasObject {
	c := &u.thumbs
	t, ok := c.shown[p]
	if !ok {
		t = u.startThumb(p)
	}
	if c.used != nil {
		c.used[p] = t
	}
	if t.img == nil {
		return nil
	}
	// In line with the text around it, which labels inset.
	pad := u.app.Settings().Theme().Size(theme.SizeNameInnerPadding)
	return container.New(layout.NewCustomPaddedLayout(0, 0, pad, 0), container.NewHBox(t.img))
}

// errUnwanted: the details moved on before the thumbnail's turn came.
var errUnwanted = errors.New("thumbnail-unwanted")

// startThumb reads p's size (its header only), keeps the room its
// thumbnail needs, and composes the thumbnail on another goroutine: a big
// photo takes a while to decode.
func (u *UI) startThumb(p *scrub.Picture) *thumb {
	t := &thumb{}
	cfg, err := pictureConfig(p.Data)
	if err != nil {
		return t
	}
	w, h := fitSize(cfg.Width, cfg.Height, thumbWidth, thumbHeight)
	t.img = canvas.NewImageFromImage(nil)
	t.img.FillMode = canvas.ImageFillContain
	t.img.SetMinSize(fyne.NewSize(float32(w), float32(h)))
	t.wanted.Store(true)

	// Pixels for the screen's scale, so that the outline is sharp.
	scale := float64(min(max(u.win.Canvas().Scale(), 1), 3))
	pw, ph := int(math.Ceil(w*scale)), int(math.Ceil(h*scale))
	stroke := int(math.Round(outlineWidth * scale))
	s := u.app.Settings()
	outline := s.Theme().Color(theme.ColorNameError, s.ThemeVariant())

	c := &u.thumbs
	if c.work == nil {
		c.work = make(chan struct{}, 1)
	}
	c.pending++
	go func() {
		c.work <- struct{}{}
		img, err := (*image.RGBA)(nil), errUnwanted
		if t.wanted.Load() {
			img, err = thumbnail(p.Data, p.Shown, pw, ph, stroke, outline)
		}
		<-c.work
		u.do(func() {
			c.pending--
			switch {
			case err == nil:
				t.img.Image = img
				t.img.Refresh()
			case err != errUnwanted:
				// Undecodable after all: the details lose its place.
				t.img = nil
				if c.shown[p] == t {
					u.showDetails()
				}
			}
		})
	}()
	return t
}

// dropPictures lets res's pictures go: once a row is cleaned, its details
// show the clean's findings, and the inspection's pictures would only
// hold memory (a picture can be 16 MB).
func dropPictures(res *scrub.Result) {
	if res == nil {
		return
	}
	for i := range res.Findings {
		res.Findings[i].Picture = nil
	}
}
