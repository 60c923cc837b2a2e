package jp2

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub"
)

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withCOM returns codestream cs with a COM segment holding text added to
// the main header and to the first tile-part header (whose Psot grows).
func withCOM(t testing.TB, cs []byte, main, tile string) []byte {
	t.Helper()
	com := func(s string) []byte {
		b := []byte{0xff, mCOM, 0, 0, 0, 1}
		b = append(b, s...)
		binary.BigEndian.PutUint16(b[2:], uint16(len(b)-2))
		return b
	}
	sot := bytes.Index(cs, []byte{0xff, mSOT, 0, 10})
	if sot < 0 {
		t.Fatal("no SOT in the fixture")
	}
	out := append([]byte{}, cs[:sot]...)
	out = append(out, com(main)...)
	tp := append([]byte{}, cs[sot:sot+12]...)
	c := com(tile)
	if psot := binary.BigEndian.Uint32(tp[6:]); psot != 0 {
		binary.BigEndian.PutUint32(tp[6:], psot+uint32(len(c)))
	}
	out = append(out, tp...)
	out = append(out, c...)
	return append(out, cs[sot+12:]...)
}

func boxBytes(typ string, data []byte) []byte { return appendBox(nil, typ, data) }

// dirtyJP2 returns the fixture with metadata boxes, an ICC profile naming
// a scanner, and comments in its codestream.
func dirtyJP2(t testing.TB) []byte {
	t.Helper()
	top, err := boxes(read(t, "gradient.jp2"))
	if err != nil {
		t.Fatal(err)
	}
	icc := metatest.ICCDevice("PLANT-jp2-icc-desc", "PLANT-jp2-icc-cprt", "BRTH", "SCAN", "PLANT-jp2-scanner")
	var out []byte
	for _, b := range top {
		switch b.typ {
		case "jp2h":
			h := append(bytes.Clone(b.data), boxBytes("colr", append([]byte{2, 0, 0}, icc...))...)
			out = append(out, boxBytes("jp2h", h)...)
			out = append(out, boxBytes("xml ", metatest.XMP([][2]string{{"dc:creator", "PLANT-jp2-xml-creator"}}))...)
			out = append(out, boxBytes("uuid", append(bytes.Clone(uuidXMP), metatest.XMP([][2]string{{"xmp:CreatorTool", "PLANT-jp2-uuid-tool"}})...))...)
			exif := (&metatest.EXIF{IFD0: []metatest.Entry{{Tag: 0x013B, Value: "PLANT-jp2-exif-artist"}}}).Bytes()
			out = append(out, boxBytes("uuid", append(bytes.Clone(uuidEXIF), exif...))...)
			out = append(out, boxBytes("uinf", boxBytes("url ", append([]byte{0, 0, 0, 0}, "https://PLANT-jp2-url.example/"...)))...)
		case "jp2c":
			out = append(out, boxBytes("jp2c", withCOM(t, b.data, "PLANT-jp2-main-com", "PLANT-jp2-tile-com"))...)
		default:
			out = append(out, boxBytes(b.typ, b.data)...)
		}
	}
	return out
}

var plantedJP2 = []string{
	"PLANT-jp2-icc-desc", "PLANT-jp2-icc-cprt", "PLANT-jp2-scanner", "PLANT-jp2-xml-creator", "PLANT-jp2-uuid-tool",
	"PLANT-jp2-exif-artist", "PLANT-jp2-url", "PLANT-jp2-main-com", "PLANT-jp2-tile-com", "OpenJPEG",
}

func TestCleanJP2(t *testing.T) {
	dirty := dirtyJP2(t)
	for _, v := range plantedJP2 {
		if !bytes.Contains(dirty, []byte(v)) {
			t.Fatalf("fixture lacks %q", v)
		}
	}
	out, fs, err := Clean(dirty, "image")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range plantedJP2 {
		if bytes.Contains(out, []byte(v)) {
			t.Errorf("cleaned image still holds %q", v)
		}
	}
	for _, v := range []string{"PLANT-jp2-xml-creator", "PLANT-jp2-uuid-tool", "PLANT-jp2-exif-artist", "PLANT-jp2-main-com", "PLANT-jp2-tile-com", "PLANT-jp2-url"} {
		if !hasFinding(fs, v) {
			t.Errorf("no finding for %q", v)
		}
	}
	for _, f := range fs {
		if f.Label == "" {
			t.Errorf("finding without a label: %+v", f)
		}
	}
	again, fs2, err := Clean(out, "image")
	if err != nil || !bytes.Equal(again, out) {
		t.Errorf("cleaning twice changed the image (%v)", err)
	}
	if scrub.Removable(fs2) {
		t.Errorf("the cleaned image still has removable findings: %+v", fs2)
	}
	samePixels(t, read(t, "gradient.jp2"), out, "jp2")
}

func TestCleanJ2K(t *testing.T) {
	dirty := withCOM(t, read(t, "gradient.j2k"), "PLANT-j2k-main", "PLANT-j2k-tile")
	out, fs, err := Clean(dirty, "image")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"PLANT-j2k-main", "PLANT-j2k-tile", "OpenJPEG"} {
		if bytes.Contains(out, []byte(v)) {
			t.Errorf("cleaned codestream still holds %q", v)
		}
		if !hasFinding(fs, v) {
			t.Errorf("no finding for %q", v)
		}
	}
	samePixels(t, read(t, "gradient.j2k"), out, "j2k")
}

func TestNotJPEG2000(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("\xff\xd8\xff\xe0"), []byte("hello world")} {
		if _, _, err := Clean(b, ""); !errors.Is(err, ErrNotJPEG2000) {
			t.Errorf("Clean(%q) = %v, want ErrNotJPEG2000", b, err)
		}
	}
	full := dirtyJP2(t)
	for _, n := range []int{13, 30, 60, len(full) / 2, len(full) - 3} {
		if _, _, err := Clean(full[:n], ""); err == nil {
			// A cut inside the codestream's data is not visible to the
			// box structure when jp2c is last and says "to the end".
			continue
		} else if !errors.Is(err, ErrMalformed) {
			t.Errorf("cut at %d: %v, want ErrMalformed", n, err)
		}
	}
}

// samePixels decodes both images with ImageMagick and compares the pixels.
func samePixels(t *testing.T, a, b []byte, ext string) {
	t.Helper()
	if _, err := exec.LookPath("convert"); err != nil {
		t.Log("ImageMagick is not installed: pixels not compared")
		return
	}
	dir := t.TempDir()
	decode := func(data []byte, name string) []byte {
		p := filepath.Join(dir, name+"."+ext)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("convert", p, "ppm:-").Output()
		if err != nil {
			t.Fatalf("ImageMagick cannot decode the %s image: %v", name, err)
		}
		return out
	}
	if !bytes.Equal(decode(a, "original"), decode(b, "cleaned")) {
		t.Error("the cleaned image decodes to other pixels")
	}
}

func hasFinding(fs []scrub.Finding, v string) bool {
	for _, f := range fs {
		if bytes.Contains([]byte(f.Value), []byte(v)) {
			return true
		}
	}
	return false
}

func FuzzClean(f *testing.F) {
	f.Add(read(f, "gradient.jp2"))
	f.Add(read(f, "gradient.j2k"))
	f.Add(dirtyJP2(f))
	f.Fuzz(func(t *testing.T, b []byte) {
		out, _, err := Clean(b, "")
		if err != nil {
			return
		}
		again, _, err := Clean(out, "")
		if err != nil {
			t.Fatalf("the cleaned image does not clean again: %v", err)
		}
		if !bytes.Equal(again, out) {
			t.Fatal("cleaning twice is not idempotent")
		}
	})
}
