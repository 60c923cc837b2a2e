package imgcrop

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// photo returns a picture with detail everywhere (noise on gradients), so
// that a block taken from the wrong place shows.
func photo(w, h int, seed int64) *image.RGBA {
	rng := rand.New(rand.NewSource(seed))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x*255/w) ^ uint8(rng.Intn(32)), uint8(y*255/h) ^ uint8(rng.Intn(32)), uint8((x + y) % 256), 255})
		}
	}
	return img
}

func encodeJPEG(t testing.TB, img image.Image, q int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sameYCbCr asserts that the cut picture's samples are those of the
// original's rectangle r (what a decoder makes of the same coefficients).
func sameYCbCr(t *testing.T, orig, cut []byte, r Rect) {
	t.Helper()
	oi, err := jpeg.Decode(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	ci, err := jpeg.Decode(bytes.NewReader(cut))
	if err != nil {
		t.Fatalf("the cut JPEG does not decode: %v", err)
	}
	if ci.Bounds().Dx() != r.Dx() || ci.Bounds().Dy() != r.Dy() {
		t.Fatalf("cut to %v, want %dx%d", ci.Bounds(), r.Dx(), r.Dy())
	}
	switch o := oi.(type) {
	case *image.YCbCr:
		c := ci.(*image.YCbCr)
		if c.SubsampleRatio != o.SubsampleRatio {
			t.Fatalf("subsampling changed: %v -> %v", o.SubsampleRatio, c.SubsampleRatio)
		}
		for y := 0; y < r.Dy(); y++ {
			for x := 0; x < r.Dx(); x++ {
				if c.Y[c.YOffset(x, y)] != o.Y[o.YOffset(x+r.X0, y+r.Y0)] ||
					c.Cb[c.COffset(x, y)] != o.Cb[o.COffset(x+r.X0, y+r.Y0)] ||
					c.Cr[c.COffset(x, y)] != o.Cr[o.COffset(x+r.X0, y+r.Y0)] {
					t.Fatalf("sample at %d,%d differs", x, y)
				}
			}
		}
	case *image.Gray:
		c := ci.(*image.Gray)
		for y := 0; y < r.Dy(); y++ {
			for x := 0; x < r.Dx(); x++ {
				if c.GrayAt(x, y) != o.GrayAt(x+r.X0, y+r.Y0) {
					t.Fatalf("sample at %d,%d differs", x, y)
				}
			}
		}
	default:
		t.Fatalf("unexpected decoded type %T", oi)
	}
}

func TestCropJPEG(t *testing.T) {
	for _, tc := range []struct {
		name string
		img  image.Image
	}{
		{"colour 4:2:0", photo(203, 131, 1)},
		{"grey", func() image.Image {
			g := image.NewGray(image.Rect(0, 0, 77, 61))
			for i := range g.Pix {
				g.Pix[i] = uint8(i * 7)
			}
			return g
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := encodeJPEG(t, tc.img, 90)
			in := Inspect(data)
			if in.Format != JPEG || in.Width != tc.img.Bounds().Dx() || in.AlignX == 0 {
				t.Fatalf("Inspect = %+v", in)
			}
			for _, want := range []Rect{{33, 20, 150, 90}, {0, 0, in.Width, in.Height}, {100, 50, in.Width, in.Height}, {1, 1, 9, 9}} {
				r := in.Align(want)
				if r.X0 > want.X0 || r.Y0 > want.Y0 || r.X1 < min(want.X1, in.Width) || r.Y1 < min(want.Y1, in.Height) {
					t.Fatalf("Align(%v) = %v does not hold it", want, r)
				}
				cut, err := Crop(data, r)
				if err != nil {
					t.Fatalf("Crop(%v): %v", r, err)
				}
				sameYCbCr(t, data, cut, r)
				// Cutting the cut to itself changes nothing it shows.
				again, err := Crop(cut, Rect{0, 0, r.Dx(), r.Dy()})
				if err != nil {
					t.Fatal(err)
				}
				sameYCbCr(t, cut, again, Rect{0, 0, r.Dx(), r.Dy()})
			}
		})
	}
}

// TestCropJPEGRestarts reads a JPEG with restart markers (written by the
// package's own coder, and checked by image/jpeg) and cuts it.
func TestCropJPEGRestarts(t *testing.T) {
	data := encodeJPEG(t, photo(160, 96, 2), 85)
	in := Inspect(data)
	for _, ri := range []int{1, 2, 7} {
		withRST, err := recodeJPEG(data, Rect{0, 0, in.Width, in.Height}, ri)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(withRST, []byte{0xff, 0xdd}) || !bytes.Contains(withRST, []byte{0xff, 0xd0}) {
			t.Fatal("no restart markers written")
		}
		sameYCbCr(t, data, withRST, Rect{0, 0, in.Width, in.Height})
		r := in.Align(Rect{20, 20, 130, 70})
		cut, err := Crop(withRST, r)
		if err != nil {
			t.Fatalf("ri %d: %v", ri, err)
		}
		sameYCbCr(t, data, cut, r)
	}
}

// TestCropJPEGOrientation leaves a JPEG that an EXIF orientation turns:
// the crop of the document is of the turned picture.
func TestCropJPEGOrientation(t *testing.T) {
	data := encodeJPEG(t, photo(64, 48, 8), 80)
	tiff := []byte{'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0}
	body := append([]byte("Exif\x00\x00"), tiff...)
	app1 := append([]byte{0xff, 0xe1, byte((len(body) + 2) >> 8), byte(len(body) + 2)}, body...)
	turned := append(append(append([]byte(nil), data[:2]...), app1...), data[2:]...)
	if in := Inspect(turned); in.AlignX != 0 || in.Width != 64 {
		t.Fatalf("Inspect = %+v", in)
	}
	if in := Inspect(data); in.AlignX == 0 {
		t.Fatalf("Inspect = %+v", in)
	}
}

// TestCropJPEGLibjpeg cuts what libjpeg writes (4:4:4, 4:2:2, progressive,
// an EXIF orientation) when ImageMagick is here.
func TestCropJPEGLibjpeg(t *testing.T) {
	convert, err := exec.LookPath("convert")
	if err != nil {
		t.Skip("ImageMagick's convert is not installed")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src.png")
	var b bytes.Buffer
	png.Encode(&b, photo(150, 100, 3))
	os.WriteFile(src, b.Bytes(), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		cut  bool
	}{
		{"444", []string{"-sampling-factor", "1x1"}, true},
		{"422", []string{"-sampling-factor", "2x1"}, true},
		{"420 optimised", []string{"-sampling-factor", "2x2", "-define", "jpeg:optimize-coding=true"}, true},
		{"progressive", []string{"-interlace", "JPEG"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, "out.jpg")
			args := append(append([]string{src}, tc.args...), "-quality", "88", out)
			if msg, err := exec.Command(convert, args...).CombinedOutput(); err != nil {
				t.Skipf("convert: %v: %s", err, msg)
			}
			data, _ := os.ReadFile(out)
			in := Inspect(data)
			if in.Width != 150 || in.Height != 100 {
				t.Fatalf("Inspect = %+v", in)
			}
			if !tc.cut {
				if in.AlignX != 0 || in.Why == "" {
					t.Fatalf("Inspect = %+v: this JPEG must not be cut", in)
				}
				if _, err := Crop(data, Rect{0, 0, 16, 16}); err == nil {
					t.Fatal("Crop cut a JPEG it must not")
				}
				return
			}
			r := in.Align(Rect{37, 21, 120, 77})
			cut, err := Crop(data, r)
			if err != nil {
				t.Fatal(err)
			}
			sameYCbCr(t, data, cut, r)
			// The cut is smaller than the original.
			if len(cut) >= len(data) {
				t.Errorf("cut %d bytes, original %d", len(cut), len(data))
			}
		})
	}
}

func samePixels(t *testing.T, orig, cut []byte, r Rect) {
	t.Helper()
	oi, err := png.Decode(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	ci, err := png.Decode(bytes.NewReader(cut))
	if err != nil {
		t.Fatalf("the cut PNG does not decode: %v", err)
	}
	if ci.Bounds().Dx() != r.Dx() || ci.Bounds().Dy() != r.Dy() {
		t.Fatalf("cut to %v, want %v", ci.Bounds(), r)
	}
	for y := 0; y < r.Dy(); y++ {
		for x := 0; x < r.Dx(); x++ {
			a := color.NRGBA64Model.Convert(oi.At(x+r.X0, y+r.Y0))
			b := color.NRGBA64Model.Convert(ci.At(x, y))
			if a != b {
				t.Fatalf("pixel %d,%d: %v, want %v", x, y, b, a)
			}
		}
	}
}

func TestCropPNG(t *testing.T) {
	rgba := photo(61, 47, 4)
	pal := image.NewPaletted(image.Rect(0, 0, 37, 29), color.Palette{color.Black, color.White, color.RGBA{255, 0, 0, 255}})
	for i := range pal.Pix {
		pal.Pix[i] = uint8(i*i) % 3
	}
	pal16 := image.NewPaletted(image.Rect(0, 0, 41, 23), nil)
	for i := 0; i < 16; i++ {
		pal16.Palette = append(pal16.Palette, color.Gray{uint8(i * 17)})
	}
	for i := range pal16.Pix {
		pal16.Pix[i] = uint8(i*5) % 16
	}
	g16 := image.NewGray16(image.Rect(0, 0, 33, 21))
	for i := range g16.Pix {
		g16.Pix[i] = uint8(i * 31)
	}
	nrgba64 := image.NewNRGBA64(image.Rect(0, 0, 19, 17))
	for i := range nrgba64.Pix {
		nrgba64.Pix[i] = uint8(i * 13)
	}
	for _, tc := range []struct {
		name string
		img  image.Image
	}{{"rgba", rgba}, {"palette 2 bits", pal}, {"palette 4 bits", pal16}, {"grey 16", g16}, {"rgba 16", nrgba64}} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := png.Encode(&b, tc.img); err != nil {
				t.Fatal(err)
			}
			data := b.Bytes()
			in := Inspect(data)
			if in.Format != PNG || in.AlignX != 1 {
				t.Fatalf("Inspect = %+v", in)
			}
			for _, r := range []Rect{{3, 5, 17, 13}, {0, 0, in.Width, in.Height}, {1, 0, in.Width, 2}, {in.Width - 1, in.Height - 1, in.Width, in.Height}} {
				cut, err := Crop(data, r)
				if err != nil {
					t.Fatal(err)
				}
				samePixels(t, data, cut, r)
			}
		})
	}
}

// TestCropPNGInterlaced cuts an interlaced PNG (ImageMagick writes one)
// and one with a palette of 1 bit per pixel.
func TestCropPNGInterlaced(t *testing.T) {
	convert, err := exec.LookPath("convert")
	if err != nil {
		t.Skip("ImageMagick's convert is not installed")
	}
	dir := t.TempDir()
	var b bytes.Buffer
	png.Encode(&b, photo(45, 31, 5))
	src := filepath.Join(dir, "src.png")
	os.WriteFile(src, b.Bytes(), 0o644)
	for _, args := range [][]string{{"-interlace", "PNG"}, {"-colors", "2", "-interlace", "PNG", "PNG8:"}, {"-colorspace", "gray", "-depth", "1"}} {
		out := filepath.Join(dir, "out.png")
		a := append([]string{src}, args...)
		if a[len(a)-1] == "PNG8:" {
			a = append(a[:len(a)-1], "PNG8:"+out)
		} else {
			a = append(a, out)
		}
		if msg, err := exec.Command(convert, a...).CombinedOutput(); err != nil {
			t.Fatalf("convert %v: %v: %s", args, err, msg)
		}
		data, _ := os.ReadFile(out)
		for _, r := range []Rect{{3, 2, 40, 29}, {7, 9, 8, 10}} {
			cut, err := Crop(data, r)
			if err != nil {
				t.Fatalf("%v: %v", args, err)
			}
			samePixels(t, data, cut, r)
		}
	}
}

func TestInspectOthers(t *testing.T) {
	if in := Inspect([]byte("GIF89a\x0a\x00\x07\x00\x00\x00\x00;")); in.Width != 10 || in.Height != 7 || in.AlignX != 0 {
		t.Errorf("GIF: %+v", in)
	}
	if in := Inspect([]byte("nothing")); in.Why == "" || in.AlignX != 0 {
		t.Errorf("junk: %+v", in)
	}
	if _, err := Crop([]byte("nothing"), Rect{0, 0, 1, 1}); err == nil {
		t.Error("cut junk")
	}
}

func FuzzCrop(f *testing.F) {
	var b bytes.Buffer
	png.Encode(&b, photo(20, 12, 6))
	f.Add(b.Bytes(), 3, 2, 11, 9)
	b.Reset()
	jpeg.Encode(&b, photo(40, 24, 7), nil)
	f.Add(b.Bytes(), 16, 0, 40, 16)
	f.Fuzz(func(t *testing.T, data []byte, x0, y0, x1, y1 int) {
		if len(data) > 1<<16 {
			return
		}
		in := Inspect(data)
		if in.AlignX == 0 || int64(in.Width)*int64(in.Height) > 1<<20 {
			return
		}
		r := in.Align(Rect{x0, y0, x1, y1})
		cut, err := Crop(data, r)
		if err != nil {
			return
		}
		if got := Inspect(cut); got.Width != r.Dx() || got.Height != r.Dy() {
			t.Fatalf("cut to %v, the result says %dx%d", r, got.Width, got.Height)
		}
	})
}
