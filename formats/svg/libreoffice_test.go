package svg_test

import (
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// TestLibreOfficeDrawing has LibreOffice Draw write a real SVG (with its
// own namespaces, embedded fonts and a picture with an author in it),
// cleans it and renders both with librsvg: the pixels are the same and the
// picture's author is gone. It skips without soffice and in -short mode.
func TestLibreOfficeDrawing(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: LibreOffice takes a while")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	if _, err := exec.LookPath("rsvg-convert"); err != nil {
		t.Skip("rsvg-convert not installed")
	}
	dir := t.TempDir()
	pic := base64.StdEncoding.EncodeToString(hostile.PNG("LOSVG"))
	fodg := `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.graphics">
<office:meta><dc:creator>LOSVG-CREATOR</dc:creator><dc:title>LOSVG-TITLE</dc:title></office:meta>
<office:body><office:drawing><draw:page draw:name="page1">
<draw:rect svg:x="2cm" svg:y="2cm" svg:width="5cm" svg:height="3cm"><text:p>Hello drawing</text:p></draw:rect>
<draw:frame svg:x="9cm" svg:y="2cm" svg:width="4cm" svg:height="4cm"><draw:image><office:binary-data>` + pic + `</office:binary-data></draw:image></draw:frame>
</draw:page></office:drawing></office:body></office:document>`
	in := filepath.Join(dir, "drawing.fodg")
	if err := os.WriteFile(in, []byte(fodg), 0o644); err != nil {
		t.Fatal(err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	// One per package: go test runs packages at once, and LibreOffice
	// hands a second start on a profile in use to the first (exit 1).
	profile := "file://" + filepath.ToSlash(filepath.Join(cache, "scrub-test-libreoffice-svg"))
	cmd := exec.Command(soffice, "-env:UserInstallation="+profile, "--headless", "--norestore", "--convert-to", "svg", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "drawing.svg"))
	if err != nil {
		t.Fatal(err)
	}
	reg := registry()
	fs := scrubtest.Inspect(t, reg, "drawing.svg", data)
	for _, f := range fs {
		t.Logf("%s | %s | %.80s | %s | %s", f.Where, f.Field, f.Value, f.Action, f.Label)
	}
	clean, _ := scrubtest.Clean(t, reg, "drawing.svg", data, scrub.Policy{})
	if scrubtest.Contains(data, "LOSVG-AUTHOR") {
		t.Log("LibreOffice kept the picture's author; the cleaned copy must not")
	}
	scrubtest.AssertAbsent(t, clean, "LOSVG-AUTHOR", "LOSVG-CREATOR")
	if fs := scrubtest.Inspect(t, reg, "drawing.svg", clean); scrub.Removable(fs) {
		t.Errorf("the cleaned drawing still has removable findings: %+v", fs)
	}
	samePixels(t, render(t, "drawing.svg", data), render(t, "drawing.svg", clean))
}
