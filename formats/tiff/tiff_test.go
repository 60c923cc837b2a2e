package tiff_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/refused"
	"github.com/scrub-project/scrub/formats/tiff"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(tiff.New())
	return r
}

// samePixels compares what ImageMagick decodes from two files (every
// page), or for a DNG what dcraw decodes (the raw values), when the tools
// are installed.
func samePixels(t *testing.T, a, b string) {
	t.Helper()
	if strings.HasSuffix(a, ".dng") {
		// The corpus DNG's image data was cut down to a few bytes by
		// exiftool's authors: its rendering shows nothing; its raw values
		// are compared.
		sameRaw(t, a, b, false)
		return
	}
	if _, err := exec.LookPath("identify"); err != nil {
		t.Log("ImageMagick not installed: pixels not compared")
		return
	}
	sig := func(p string) string {
		out, err := exec.Command("identify", "-quiet", "-format", "%p %w %h %z %[colorspace] %#\n", p).Output()
		if err != nil {
			t.Fatalf("identify %s: %v", p, err)
		}
		return string(out)
	}
	if x, y := sig(a), sig(b); x != y {
		t.Errorf("decoded pixels differ:\n before %s after  %s", x, y)
	}
}

// sameRaw compares what dcraw and LibRaw decode from two DNGs: the raw
// values (-D -4) and, if rendered, the rendered picture. (Its -e output is not compared:
// dcraw writes the make and model it found into the thumbnail it
// extracts.)
func sameRaw(t *testing.T, a, b string, rendered bool) {
	t.Helper()
	if _, err := exec.LookPath("dcraw"); err != nil {
		t.Log("dcraw not installed: raw data not compared")
		return
	}
	runs := [][]string{{"dcraw", "-c", "-D", "-4"}}
	if rendered {
		runs = append(runs, []string{"dcraw", "-c", "-w"})
	}
	// LibRaw too, where it is installed (Debian's libraw-bin). It has no
	// raw-values mode: camera colours without interpolation come closest,
	// and those depend on the individual calibration too.
	if _, err := exec.LookPath("dcraw_emu"); err == nil && rendered {
		runs = append(runs, []string{"dcraw_emu", "-Z", "-", "-o", "0", "-4", "-disinterp"}, []string{"dcraw_emu", "-Z", "-", "-w"})
	}
	for _, run := range runs {
		args := run[1:]
		x, errA := exec.Command(run[0], append(args, a)...).Output()
		y, errB := exec.Command(run[0], append(args, b)...).Output()
		if errA != nil || len(x) == 0 {
			t.Errorf("%v cannot decode the original (%v): the comparison proves nothing", run, errA)
			continue
		}
		if (errA == nil) != (errB == nil) {
			t.Errorf("%v: %v before, %v after", run, errA, errB)
			continue
		}
		if string(x) != string(y) {
			t.Errorf("%v: the output differs (%d bytes before, %d after)", run, len(x), len(y))
		}
	}
}

// pixels returns ImageMagick's description and pixel hash of the given
// frames of a file, or "" when ImageMagick is not installed.
func pixels(t *testing.T, path string, frames ...int) string {
	t.Helper()
	if _, err := exec.LookPath("identify"); err != nil {
		return ""
	}
	var out strings.Builder
	for _, fr := range frames {
		b, err := exec.Command("identify", "-quiet", "-format", "%w %h %z %[colorspace] %#\n", fmt.Sprintf("%s[%d]", path, fr)).Output()
		if err != nil {
			t.Fatalf("identify %s[%d]: %v", path, fr, err)
		}
		out.Write(b)
	}
	return out.String()
}

func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func planted(prefix string, names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, prefix+"-"+n)
	}
	return out
}

// checkFindings fails for a finding without a known label, and returns
// the findings by field.
func checkFindings(t *testing.T, fs []scrub.Finding) map[string]scrub.Finding {
	t.Helper()
	by := map[string]scrub.Finding{}
	for _, f := range fs {
		if !scrub.KnownLabel(f.Label) {
			t.Errorf("finding without a known label: %+v", f)
		}
		by[f.Field] = f
	}
	return by
}

var tiffPlanted = []string{"MAKE", "MODEL", "SOFTWARE", "ARTIST", "HOST", "DOCNAME", "DESCRIPTION", "COPYRIGHT",
	"XMPCREATOR", "IPTCBYLINE", "IRBBYLINE", "LAYERS", "ICCDESC", "ICCCOPYRIGHT", "PRIVATE", "SERIAL", "THUMBSOFT", "PAGE2ARTIST"}

// TestTIFF cleans a two-page TIFF with a thumbnail: every planted value
// goes (the unknown private tag's too), both pages keep their pixels, the
// thumbnail goes, and exiftool reads the copy without error and finds no
// make, model, serial number, GPS or artist.
func TestTIFF(t *testing.T) {
	reg := registry()
	dirty := hostile.TIFFSample("TT")
	want := append(planted("TT", tiffPlanted...), "2024:05:01")
	clean := scrubtest.RoundTrip(t, reg, "x.tif", dirty, want...)
	fs := scrubtest.Inspect(t, reg, "x.tif", dirty)
	by := checkFindings(t, fs)
	for _, field := range []string{"Make", "Artist", "BodySerialNumber", "GPSPosition", "ThumbnailImage", "ImageSourceData"} {
		if f, ok := by[field]; !ok || f.Action != scrub.Remove {
			t.Errorf("no removable %s finding: %+v", field, fs)
		}
	}
	a, b := writeTemp(t, "a.tif", dirty), writeTemp(t, "b.tif", clean)
	if x, y := pixels(t, a, 0, 2), pixels(t, b, 0, 1); x != y {
		t.Errorf("pages differ:\n before %s after  %s", x, y)
	}
	if out, err := exec.Command("identify", b).Output(); err == nil && strings.Count(string(out), "\n") != 2 {
		t.Errorf("the cleaned copy should have two pages:\n%s", out)
	}
	exifClean(t, b, want...)
}

// TestByteOrdersAndBigTIFF cleans the same image big-endian, and as
// BigTIFF in both byte orders: the header's byte order and version stay,
// the pixels too.
func TestByteOrdersAndBigTIFF(t *testing.T) {
	reg := registry()
	for _, tc := range []struct {
		name string
		bo   binary.ByteOrder
		big  bool
		head string
	}{
		{"classic-be", binary.BigEndian, false, "MM\x00\x2a"},
		{"bigtiff-le", binary.LittleEndian, true, "II\x2b\x00"},
		{"bigtiff-be", binary.BigEndian, true, "MM\x00\x2b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &hostile.TIFFDir{Strips: [][]byte{rgb(16, 8, 1), rgb(16, 8, 2)}, Entries: []hostile.TIFFEntry{
				{Tag: 256, Value: []uint32{16}}, {Tag: 257, Value: []uint32{16}}, {Tag: 258, Value: []uint16{8, 8, 8}},
				{Tag: 259, Value: []uint16{1}}, {Tag: 262, Value: []uint16{2}}, {Tag: 277, Value: []uint16{3}},
				{Tag: 278, Value: []uint32{8}}, {Tag: 284, Value: []uint16{1}},
				{Tag: 315, Value: "BO-ARTIST"}, {Tag: 271, Value: "BO-MAKE"},
			}, Exif: []hostile.TIFFEntry{{Tag: 0xa431, Value: "BO-SERIAL"}}}
			dirty := hostile.TIFF(tc.bo, tc.big, d)
			clean := scrubtest.RoundTrip(t, reg, "x.tif", dirty, "BO-ARTIST", "BO-MAKE", "BO-SERIAL")
			if !strings.HasPrefix(string(clean), tc.head) {
				t.Errorf("header %q, want %q", clean[:4], tc.head)
			}
			a, b := writeTemp(t, "a.tif", dirty), writeTemp(t, "b.tif", clean)
			if x, y := pixels(t, a, 0), pixels(t, b, 0); x != y {
				t.Errorf("pixels differ:\n before %s after  %s", x, y)
			}
		})
	}
}

// rgb returns w×h RGB pixels drawn from seed.
func rgb(w, h int, seed byte) []byte {
	b := make([]byte, 0, w*h*3)
	for i := 0; i < w*h; i++ {
		b = append(b, byte(i)*seed, byte(i>>3)+seed, 200-byte(i))
	}
	return b
}

// TestJPEGStrips cleans a JPEG-compressed TIFF whose strips carry an
// EXIF segment and a comment inside the compressed data: they go, the
// pixels stay.
func TestJPEGStrips(t *testing.T) {
	reg := registry()
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 32; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 8), uint8(y * 8), 100, 255})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	j := enc.Bytes()
	seg := func(m byte, p string) []byte {
		return append([]byte{0xff, m, byte((len(p) + 2) >> 8), byte(len(p) + 2)}, p...)
	}
	var strip []byte
	strip = append(strip, j[:2]...)
	strip = append(strip, seg(0xe1, "Exif\x00\x00JS-EXIFSEGMENT")...)
	strip = append(strip, seg(0xfe, "JS-COMMENT")...)
	strip = append(strip, j[2:]...)
	d := &hostile.TIFFDir{Strips: [][]byte{strip}, Entries: []hostile.TIFFEntry{
		{Tag: 256, Value: []uint32{32}}, {Tag: 257, Value: []uint32{32}}, {Tag: 258, Value: []uint16{8, 8, 8}},
		{Tag: 259, Value: []uint16{7}}, {Tag: 262, Value: []uint16{6}}, {Tag: 277, Value: []uint16{3}},
		{Tag: 278, Value: []uint32{32}}, {Tag: 284, Value: []uint16{1}}, {Tag: 530, Value: []uint16{2, 2}},
	}}
	dirty := hostile.TIFF(binary.LittleEndian, false, d)
	clean := scrubtest.RoundTrip(t, reg, "x.tif", dirty, "JS-EXIFSEGMENT", "JS-COMMENT")
	if by := checkFindings(t, scrubtest.Inspect(t, reg, "x.tif", dirty)); by["JPEG segments"].Action != scrub.Remove {
		t.Error("no finding for the segments inside the JPEG data")
	}
	if len(clean) >= len(dirty) {
		t.Errorf("the cleaned copy is not smaller (%d >= %d)", len(clean), len(dirty))
	}
	a, b := writeTemp(t, "a.tif", dirty), writeTemp(t, "b.tif", clean)
	if x, y := pixels(t, a, 0), pixels(t, b, 0); x != y {
		t.Errorf("pixels differ:\n before %s after  %s", x, y)
	}
}

var dngPlanted = []string{"MAKE", "MODEL", "SOFTWARE", "ARTIST", "LOCALMODEL", "SERIAL", "MAKERNOTE", "UNIQUEID",
	"RAWNAME", "RAWDATA", "PROFILE", "PROFCOPY", "PREVAPP", "XMPCREATOR", "BODYSERIAL", "PRIVATE"}

// TestDNG cleans a DNG: the serial number, maker notes, original raw file
// and its name, the unique id and every other planted value go; the raw
// values decode the same (dcraw -D), the camera model is replaced by a
// neutral name (the tag is required).
func TestDNG(t *testing.T) {
	reg := registry()
	for _, calibrated := range []bool{true, false} {
		t.Run(fmt.Sprint("calibrated=", calibrated), func(t *testing.T) {
			dirty := hostile.DNGSample("DN", calibrated)
			if name, _ := tiff.New().Identify(dirty[:64], bytes.NewReader(dirty), int64(len(dirty))); name != "dng" {
				t.Fatalf("identified as %q", name)
			}
			want := append(planted("DN", dngPlanted...), "2024:05:01", "2024-05-01")
			clean := scrubtest.RoundTrip(t, reg, "x.dng", dirty, append(want, "SCRUBCAM X1")...)
			if !bytes.Contains(clean, []byte("Camera\x00")) {
				t.Error("the required UniqueCameraModel tag was removed instead of neutralised")
			}
			by := checkFindings(t, scrubtest.Inspect(t, reg, "x.dng", dirty))
			for _, field := range []string{"CameraSerialNumber", "DNGPrivateData", "OriginalRawFileName", "OriginalRawFileData", "RawDataUniqueID", "BodySerialNumber", "GPSPosition"} {
				if f, ok := by[field]; !ok || f.Action != scrub.Remove {
					t.Errorf("no removable %s finding", field)
				}
			}
			if f := by["UniqueCameraModel"]; f.Action != scrub.Remove || f.Label != scrub.LabelCamera {
				t.Errorf("UniqueCameraModel: %+v", f)
			}
			_, ws := scrubtest.Clean(t, reg, "x.dng", dirty, scrub.Policy{})
			var msgs []string
			for _, w := range ws {
				msgs = append(msgs, w.Message)
			}
			all := strings.Join(msgs, "\n")
			if !strings.Contains(all, "editing settings") || strings.Contains(all, "calibration") != calibrated {
				t.Errorf("warnings: %s", all)
			}
			a, b := writeTemp(t, "a.dng", dirty), writeTemp(t, "b.dng", clean)
			sameRaw(t, a, b, !calibrated)
			exifClean(t, b, want...)
		})
	}
}

// TestIdentify: TIFF and BigTIFF headers are claimed, CR2 (left to the
// refused formats) and other files are not, a TIFF-based camera raw is
// refused as such.
func TestIdentify(t *testing.T) {
	h := tiff.New()
	id := func(b []byte) (string, error) {
		return h.Identify(b[:min(len(b), 4096)], bytes.NewReader(b), int64(len(b)))
	}
	if n, err := id(hostile.TIFFSample("I")); n != "tiff" || err != nil {
		t.Errorf("TIFF: %q %v", n, err)
	}
	for _, c := range hostile.Samples() {
		if c.Name == "sample-tiff" || c.Name == "sample-dng" {
			continue
		}
		if n, err := id(c.Bytes()); n != "" || err != nil {
			t.Errorf("%s: claimed as %q (%v)", c.Name, n, err)
		}
	}
	cr2 := append([]byte("II*\x00\x10\x00\x00\x00CR\x02\x00"), make([]byte, 64)...)
	for _, b := range [][]byte{cr2, hostile.JPEG("I"), hostile.PNG("I"), []byte("II*"), []byte("MM\x00+\x00\x08\x00\x00")} {
		if n, err := id(b); n != "" || err != nil {
			t.Errorf("%q: %q %v", b[:min(len(b), 12)], n, err)
		}
	}
	nef, _ := hostile.ByName("tiff-raw-nef")
	if _, err := id(nef.Bytes()); !errors.Is(err, scrub.ErrUnsupported) {
		t.Errorf("camera raw: %v", err)
	}
	// With the refused formats registered too, as formats/all does.
	reg := registry()
	reg.Register(refused.New())
	detect := func(b []byte, name string) (scrub.Format, error) {
		_, f, err := reg.Detect(bytes.NewReader(b), int64(len(b)), name)
		return f, err
	}
	if f, err := detect(cr2, "x.cr2"); f.Name != "raw" || f.Refused == "" || err != nil {
		t.Errorf("CR2: %+v %v", f, err)
	}
	if _, err := detect(nef.Bytes(), "x.nef"); !errors.Is(err, scrub.ErrUnsupported) {
		t.Errorf("NEF: %v", err)
	}
	if f, err := detect(hostile.TIFFSample("I"), "x.dng"); f.Name != "tiff" || err != nil {
		t.Errorf("a TIFF named .dng: %+v %v", f, err)
	}
	if f, err := detect(hostile.DNGSample("I", false), "x.tif"); f.Name != "dng" || err != nil {
		t.Errorf("a DNG named .tif: %+v %v", f, err)
	}
}

// TestParts: the parts of a TIFF hold its tags but not its strips; those
// of the cleaned copy hold none of the planted values.
func TestParts(t *testing.T) {
	reg := registry()
	dirty := hostile.TIFFSample("PT")
	clean, _ := scrubtest.Clean(t, reg, "x.tif", dirty, scrub.Policy{})
	parts := func(b []byte) []byte {
		var out []byte
		env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
		err := tiff.New().(scrub.PartLister).Parts(context.Background(), env, bytes.NewReader(b), int64(len(b)), func(p scrub.Part) error {
			d, err := io.ReadAll(p.R)
			out = append(out, d...)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if p := parts(dirty); !bytes.Contains(p, []byte("PT-ARTIST")) || bytes.Contains(p, rgbStrip) {
		t.Error("the parts of the original miss its tags or hold its pixels")
	}
	p := parts(clean)
	scrubtest.AssertAbsent(t, p, planted("PT", tiffPlanted...)...)
	// Everything but the two pages' strips (16×16 and 8×8 RGB).
	if want := len(clean) - 16*16*3 - 8*8*3; len(p) != want {
		t.Errorf("%d bytes of parts for a %d-byte file, want %d", len(p), len(clean), want)
	}
}

// rgbStrip is the first strip of hostile.TIFFSample.
var rgbStrip = func() []byte {
	b := hostile.TIFFSample("X")
	return b[8 : 8+16*16*3]
}()

// TestHostile runs the generated hostile TIFFs through the handler: each
// is refused with a reason, none panics.
func TestHostile(t *testing.T) {
	h := tiff.New()
	for _, c := range hostile.Cases() {
		if !strings.HasPrefix(c.Name, "tiff-") && !strings.HasPrefix(c.Name, "bigtiff-") {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			b := c.Bytes()
			env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
			if _, err := h.Identify(b[:min(len(b), 4096)], bytes.NewReader(b), int64(len(b))); err != nil {
				if !scrub.Refused(err) {
					t.Fatalf("Identify: %v", err)
				}
				return
			}
			_, err := h.Clean(context.Background(), env, bytes.NewReader(b), int64(len(b)), io.Discard)
			if err == nil || !scrub.Refused(err) {
				t.Fatalf("Clean: %v, want a refusal", err)
			}
			t.Log(err)
		})
	}
}

// BenchmarkClean cleans a 12 MB TIFF of 64 strips.
func BenchmarkClean(b *testing.B) {
	var strips [][]byte
	for i := 0; i < 64; i++ {
		strips = append(strips, rgb(2048, 32, byte(i)))
	}
	d := &hostile.TIFFDir{Strips: strips, Entries: []hostile.TIFFEntry{
		{Tag: 256, Value: []uint32{2048}}, {Tag: 257, Value: []uint32{2048}}, {Tag: 258, Value: []uint16{8, 8, 8}},
		{Tag: 259, Value: []uint16{1}}, {Tag: 262, Value: []uint16{2}}, {Tag: 277, Value: []uint16{3}},
		{Tag: 278, Value: []uint32{32}}, {Tag: 284, Value: []uint16{1}}, {Tag: 315, Value: "BENCH-ARTIST"},
	}, Exif: []hostile.TIFFEntry{{Tag: 0xa431, Value: "BENCH-SERIAL"}}}
	in := hostile.TIFF(binary.LittleEndian, false, d)
	h := tiff.New().(scrub.ReportingCleaner)
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := h.CleanReport(context.Background(), env, bytes.NewReader(in), int64(len(in)), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// TestICC: a display profile keeps its colour data without the display's
// serial number; a value in the profile tag that is no profile goes, with
// a finding.
func TestICC(t *testing.T) {
	reg := registry()
	mk := func(icc []byte) []byte {
		d := &hostile.TIFFDir{Strips: [][]byte{rgb(4, 4, 1)}, Entries: []hostile.TIFFEntry{
			{Tag: 256, Value: []uint32{4}}, {Tag: 257, Value: []uint32{4}}, {Tag: 258, Value: []uint16{8, 8, 8}},
			{Tag: 262, Value: []uint16{2}}, {Tag: 277, Value: []uint16{3}}, {Tag: 34675, Value: icc}}}
		return hostile.TIFF(binary.LittleEndian, false, d)
	}
	display := metatest.ICCDisplay("ICC-DISPLAY-NAME", 0x5e41a1, 0x1234)
	clean := scrubtest.RoundTrip(t, reg, "x.tif", mk(display), "ICC-DISPLAY-NAME")
	if bytes.Contains(clean, []byte{0, 0x5e, 0x41, 0xa1}) {
		t.Error("the display's serial number is still there")
	}
	if !bytes.Contains(clean, []byte("acsp")) {
		t.Error("the profile was dropped")
	}
	bad := mk([]byte("not a colour profile but BAD-ICC-NAME"))
	scrubtest.RoundTrip(t, reg, "x.tif", bad, "BAD-ICC-NAME")
	if by := checkFindings(t, scrubtest.Inspect(t, reg, "x.tif", bad)); by["ICC profile"].Action != scrub.Remove {
		t.Error("no finding for the damaged profile")
	}
}

// TestLargeFile cleans a 1 GiB TIFF (sparse on disk) and checks that the
// heap stays small: strips are streamed, never held. It runs when
// SCRUB_TIFF_LARGE is set.
func TestLargeFile(t *testing.T) {
	if os.Getenv("SCRUB_TIFF_LARGE") == "" {
		t.Skip("set SCRUB_TIFF_LARGE to clean a 1 GiB TIFF")
	}
	const w, h, rows = 16384, 21845, 64 // 16384×21845 RGB: just over 1 GiB
	strips := (h + rows - 1) / rows
	path := filepath.Join(t.TempDir(), "big.tif")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	offs, counts := make([]uint32, strips), make([]uint32, strips)
	off := uint32(1 << 20)
	for i := range offs {
		n := uint32(min(rows, h-i*rows) * w * 3)
		offs[i], counts[i] = off, n
		off += n
	}
	d := &hostile.TIFFDir{Entries: []hostile.TIFFEntry{
		{Tag: 256, Value: []uint32{w}}, {Tag: 257, Value: []uint32{h}}, {Tag: 258, Value: []uint16{8, 8, 8}},
		{Tag: 262, Value: []uint16{2}}, {Tag: 277, Value: []uint16{3}}, {Tag: 278, Value: []uint32{rows}},
		{Tag: 273, Value: offs}, {Tag: 279, Value: counts}, {Tag: 315, Value: "LARGE-ARTIST"}}}
	head := hostile.TIFF(binary.LittleEndian, false, d)
	if len(head) > 1<<20 {
		t.Fatal("header too large")
	}
	f.Write(head)
	f.Truncate(int64(off))
	f.Close()
	in, _ := os.Open(path)
	defer in.Close()
	fi, _ := in.Stat()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	var out countWriter
	if _, err := tiff.New().Clean(context.Background(), env, in, fi.Size(), &out); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	t.Logf("%d MiB in, %d MiB out, %d MiB allocated", fi.Size()>>20, out>>20, (after.TotalAlloc-before.TotalAlloc)>>20)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("allocated %d MiB cleaning it", grew>>20)
	}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// TestCompressions: data only pixels can be in is copied; compressions
// whose data may carry metadata of its own that scrub does not read are
// refused (JPEG 2000, old-style JPEG, JPEG XL files with boxes, unknown
// ones); a bare JPEG XL codestream is kept.
func TestCompressions(t *testing.T) {
	reg := registry()
	mk := func(comp uint16, data []byte) []byte {
		d := &hostile.TIFFDir{Strips: [][]byte{data}, Entries: []hostile.TIFFEntry{
			{Tag: 256, Value: []uint32{4}}, {Tag: 257, Value: []uint32{4}}, {Tag: 258, Value: []uint16{8, 8, 8}},
			{Tag: 259, Value: []uint16{comp}}, {Tag: 262, Value: []uint16{2}}, {Tag: 277, Value: []uint16{3}},
			{Tag: 315, Value: "COMP-ARTIST"}}}
		return hostile.TIFF(binary.LittleEndian, false, d)
	}
	env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
	for _, tc := range []struct {
		name string
		comp uint16
		data []byte
		ok   bool
	}{
		{"deflate", 8, []byte("x\x9c\x03\x00\x00\x00\x00\x01"), true},
		{"jpeg-xl-codestream", 52546, []byte("\xff\x0a\x00\x00"), true},
		{"jpeg-xl-container", 52546, []byte("\x00\x00\x00\x0cJXL \r\n\x87\n"), false},
		{"jpeg-2000", 34712, []byte("\xff\x4f\xff\x51"), false},
		{"old-jpeg", 6, []byte("\xff\xd8\xff\xd9"), false},
		{"unknown", 12345, []byte("data"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := mk(tc.comp, tc.data)
			var out bytes.Buffer
			_, err := tiff.New().Clean(context.Background(), env, bytes.NewReader(b), int64(len(b)), &out)
			switch {
			case tc.ok && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.ok:
				scrubtest.AssertAbsent(t, out.Bytes(), "COMP-ARTIST")
				if !bytes.Contains(out.Bytes(), tc.data) {
					t.Error("the image data was not copied")
				}
			case !errors.Is(err, scrub.ErrUnsupported):
				t.Fatalf("got %v, want a refusal as unsupported", err)
			}
		})
	}
}
