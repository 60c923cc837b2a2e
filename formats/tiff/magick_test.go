package tiff_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// TestImageMagickVariants cleans TIFFs ImageMagick writes in many
// layouts — compressions (LZW, Deflate, JPEG with shared tables, PackBits,
// CCITT fax), tiles, separate planes, CMYK, alpha, palette, floating
// point, big-endian, BigTIFF, several pages, a pyramid — each with a
// description and a page name planted, and checks that they go and every
// kept page decodes to the same pixels.
func TestImageMagickVariants(t *testing.T) {
	convert := ""
	// ImageMagick's own binary first: a "convert" earlier in PATH may be a
	// wrapper that changes what it writes.
	for _, name := range []string{"convert-im6.q16", "magick", "convert"} {
		if p, err := exec.LookPath(name); err == nil {
			convert = p
			break
		}
	}
	if convert == "" {
		t.Skip("ImageMagick not installed")
	}
	if testing.Short() {
		t.Skip("runs ImageMagick many times")
	}
	reg := registry()
	base := []string{"-size", "40x30", "-seed", "7", "plasma:fractal"}
	tag := []string{"-set", "comment", "IM-COMMENT", "-set", "label", "IM-LABEL"}
	for _, tc := range []struct {
		name   string
		args   []string
		out    string
		frames []int // pages kept, as numbered in the original
	}{
		{"lzw-16bit", []string{"-depth", "16", "-compress", "lzw"}, "x.tif", []int{0}},
		{"zip-tiled", []string{"-compress", "zip", "-define", "tiff:tile-geometry=16x16"}, "x.tif", []int{0}},
		{"jpeg", []string{"-compress", "jpeg", "-quality", "80"}, "x.tif", []int{0}},
		{"jpeg-tiled", []string{"-compress", "jpeg", "-define", "tiff:tile-geometry=16x16"}, "x.tif", []int{0}},
		{"packbits-planar", []string{"-compress", "rle", "-interlace", "plane"}, "x.tif", []int{0}},
		{"cmyk", []string{"-colorspace", "cmyk", "-compress", "lzw"}, "x.tif", []int{0}},
		{"alpha", []string{"-alpha", "set", "-channel", "A", "-evaluate", "set", "60%", "+channel", "-compress", "zip"}, "x.tif", []int{0}},
		{"palette", []string{"-colors", "16", "-type", "palette"}, "x.tif", []int{0}},
		{"fax", []string{"-monochrome", "-compress", "group4"}, "x.tif", []int{0}},
		{"float", []string{"-depth", "32", "-define", "quantum:format=floating-point"}, "x.tif", []int{0}},
		{"big-endian", []string{"-endian", "MSB", "-compress", "lzw"}, "x.tif", []int{0}},
		{"bigtiff", []string{"-compress", "zip"}, "TIFF64:x.tif", []int{0}},
		{"pages", []string{"(", "-size", "20x10", "gradient:red-blue", ")", "-compress", "lzw"}, "x.tif", []int{0, 1}},
		{"pyramid", []string{"-compress", "lzw"}, "PTIF:x.tif", []int{0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append(append(append([]string{}, base...), tc.args...), tag...)
			args = append(args, filepath.Join(dir, "")+"/"+tc.out)
			if i := strings.IndexByte(tc.out, ':'); i >= 0 {
				args[len(args)-1] = tc.out[:i+1] + filepath.Join(dir, tc.out[i+1:])
			}
			a := filepath.Join(dir, "x.tif")
			if out, err := exec.Command(convert, args...).CombinedOutput(); err != nil {
				// It writes floating-point TIFFs, then fails on the
				// predictor tag.
				if _, serr := os.Stat(a); serr != nil {
					t.Fatalf("convert %v: %v\n%s", args, err, out)
				}
			}
			dirty, err := os.ReadFile(a)
			if err != nil {
				t.Fatal(err)
			}
			clean := scrubtest.RoundTrip(t, reg, "x.tif", dirty, "IM-COMMENT", "IM-LABEL")
			checkFindings(t, scrubtest.Inspect(t, reg, "x.tif", dirty))
			b := writeTemp(t, "b.tif", clean)
			kept := make([]int, len(tc.frames))
			for i := range kept {
				kept[i] = i
			}
			if x, y := pixels(t, a, tc.frames...), pixels(t, b, kept...); x != y {
				t.Errorf("pixels differ:\n before %s after  %s", x, y)
			}
			if out, err := exec.Command("identify", "-quiet", "-format", "%p\n", b).Output(); err == nil && strings.Count(string(out), "\n") != len(kept) {
				t.Errorf("%d pages, want %d", strings.Count(string(out), "\n"), len(kept))
			}
			if fs := scrubtest.Inspect(t, reg, "x.tif", clean); scrub.Removable(fs) {
				t.Errorf("left: %+v", fs)
			}
		})
	}
}
