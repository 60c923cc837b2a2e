package tiff_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// corpusGone lists, per corpus file, values its manifest names that a
// clean copy must not hold (as bytes, and as exiftool shows them).
var corpusGone = map[string][]string{
	"mdx__Epson_PerfectionV800.tiff": {"Epson", "PerfectionV800", "VueScan"},
	// Not "DJI" alone: three letters turn up in 4 MB of 16-bit pixels.
	"mdx__Issue_555_1.tif": {"FC6360", "cdd7347e50f5ebf9e7cd9a1f96a7dfbf", "977e4243441d11eba0abcdd7347e50f5",
		`DCIM\106FPLAN\DJI_0012.TIF`, "DJI_0012", "v01.17.2023", "2021:07:22", "drone-dji"},
	"exiftool__DNG.dng": {"012345678", "Canon350D.CR2", "unknown", "Canon EOS 350D DIGITAL", "Canon EOS 350D Digital",
		"2005:08:03", "Firmware", "MakN"},
}

// TestCorpus cleans every TIFF and DNG of the shared corpus: the values
// the manifest lists are gone from the bytes and from what exiftool
// reads, the copy inspects clean and cleans to itself, and decodes to the
// same pixels.
func TestCorpus(t *testing.T) {
	files := corpus.Files(t, "media", ".tif", ".tiff", ".dng")
	reg := registry()
	out := os.Getenv("SCRUB_CORPUS_OUT")
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			gone, ok := corpusGone[name]
			if !ok {
				t.Fatalf("no expectations for %s: add them to corpusGone", name)
			}
			clean := scrubtest.RoundTrip(t, reg, name, in, gone...)
			dir := t.TempDir()
			before, after := filepath.Join(dir, "before"+filepath.Ext(name)), filepath.Join(dir, "after"+filepath.Ext(name))
			os.WriteFile(before, in, 0o644)
			os.WriteFile(after, clean, 0o644)
			samePixels(t, before, after)
			exifClean(t, after, gone...)
			if out != "" {
				os.WriteFile(filepath.Join(out, name), clean, 0o644)
			}
			for _, f := range scrubtest.Inspect(t, reg, name, clean) {
				if f.Action == scrub.Remove {
					t.Errorf("left: %+v", f)
				}
			}
		})
	}
}

// exifClean runs exiftool on path: it must read it without error and show
// no camera make, model, serial number, GPS, artist or any of the values.
func exifClean(t *testing.T, path string, values ...string) {
	t.Helper()
	if _, err := exec.LookPath("exiftool"); err != nil {
		t.Skip("exiftool not installed")
	}
	b, err := exec.Command("exiftool", "-a", "-G1", "-ee", "-u", path).CombinedOutput()
	if err != nil {
		t.Fatalf("exiftool: %v\n%s", err, b)
	}
	s := string(b)
	var shown []string
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "[System]") || strings.HasPrefix(line, "[ExifTool]") {
			continue // the file's name and dates on this disk
		}
		shown = append(shown, line)
		l := strings.ToLower(line)
		for _, bad := range []string{"error", "warning", "make ", "camera model name", "serial", "gps", "artist", "owner", "software", "date/time original", "modify date", "xmp", "maker"} {
			if strings.Contains(l, bad) {
				t.Errorf("exiftool shows %q", line)
			}
		}
	}
	for _, v := range values {
		if strings.Contains(strings.Join(shown, "\n"), v) {
			t.Errorf("exiftool shows %q", v)
		}
	}
}
