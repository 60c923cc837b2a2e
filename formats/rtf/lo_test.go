package rtf_test

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// soffice converts files with LibreOffice into dir, with a profile of
// our own kept between runs (the first start is slow). It skips the test
// without LibreOffice and in -short mode.
func soffice(t *testing.T, to, dir string, files ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: LibreOffice takes a while")
	}
	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	// One per package: go test runs packages at once, and LibreOffice
	// hands a second start on a profile in use to the first (exit 1).
	profile := "file://" + filepath.ToSlash(filepath.Join(cache, "scrub-test-libreoffice-rtf"))
	args := append([]string{"-env:UserInstallation=" + profile, "--headless", "--norestore", "--convert-to", to, "--outdir", dir}, files...)
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
}

// textOf converts RTF documents to text with LibreOffice and returns
// their texts, white space made single spaces.
func textOf(t *testing.T, docs map[string][]byte) map[string]string {
	t.Helper()
	dir := t.TempDir()
	var files []string
	for name, data := range docs {
		p := filepath.Join(dir, name+".rtf")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	soffice(t, "txt:Text (encoded):UTF8", dir, files...)
	out := map[string]string{}
	for name := range docs {
		b, err := os.ReadFile(filepath.Join(dir, name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		out[name] = strings.Join(strings.Fields(string(b)), " ")
	}
	return out
}

// TestLibreOfficeText: LibreOffice reads the same text in the original and
// the cleaned document, but for the tracked deletion, which is gone.
func TestLibreOfficeText(t *testing.T) {
	data := dirty("L")
	clean, _ := scrubtest.Clean(t, registry(), "dirty.rtf", data, scrub.Policy{})
	texts := textOf(t, map[string][]byte{"orig": data, "clean": clean})
	orig, got := texts["orig"], texts["clean"]
	t.Logf("original: %s\ncleaned:  %s", orig, got)
	want := strings.Join(strings.Fields(strings.Replace(orig, "L-DELETED", "", 1)), " ")
	if got != want {
		t.Errorf("LibreOffice reads\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(got, "Visible first paragraph") {
		t.Errorf("the text is not there: %q", got)
	}
}

// loDocument is a text document in flat OpenDocument with everything RTF
// can carry: properties, a tracked deletion and insertion, a comment, a
// picture with an author in it.
func loDocument(p string) []byte {
	pic := base64.StdEncoding.EncodeToString(hostile.PNG(p + "-PNG"))
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><meta:initial-creator>` + p + `-CREATOR</meta:initial-creator><dc:creator>` + p + `-EDITOR</dc:creator><dc:title>` + p + `-TITLE</dc:title><dc:subject>` + p + `-SUBJECT</dc:subject><meta:keyword>` + p + `-KEYWORD</meta:keyword><dc:description>` + p + `-DESCRIPTION</dc:description><meta:user-defined meta:name="` + p + `-PROPNAME">` + p + `-PROPVALUE</meta:user-defined></office:meta>
<office:body><office:text>
<text:tracked-changes text:track-changes="true">
<text:changed-region xml:id="ct1" text:id="ct1"><text:deletion><office:change-info><dc:creator>` + p + `-REVIEWER</dc:creator><dc:date>2024-01-02T03:04:05</dc:date></office:change-info><text:p>` + p + `-DELETED</text:p></text:deletion></text:changed-region>
<text:changed-region xml:id="ct2" text:id="ct2"><text:insertion><office:change-info><dc:creator>` + p + `-INSERTER</dc:creator><dc:date>2024-01-02T03:04:05</dc:date></office:change-info></text:insertion></text:changed-region>
</text:tracked-changes>
<text:p>Before <text:change text:change-id="ct1"/>after <text:change-start text:change-id="ct2"/>inserted words<text:change-end text:change-id="ct2"/> end.</text:p>
<text:p>Commented<office:annotation><dc:creator>` + p + `-COMMENTER</dc:creator><dc:date>2024-01-01T00:00:00</dc:date><text:p>` + p + `-COMMENTTEXT</text:p></office:annotation> word.</text:p>
<text:p><draw:frame svg:width="2cm" svg:height="2cm" text:anchor-type="as-char"><draw:image><office:binary-data>` + pic + `</office:binary-data></draw:image></draw:frame> A picture.</text:p>
</office:text></office:body></office:document>`)
}

// TestLibreOfficeWritten has LibreOffice write a real RTF from a document
// with properties, tracked changes, a comment and a picture, and cleans
// it: every planted value LibreOffice kept is gone, and LibreOffice reads
// the same text but for the deletion.
func TestLibreOfficeWritten(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "written.fodt")
	if err := os.WriteFile(src, loDocument("W"), 0o644); err != nil {
		t.Fatal(err)
	}
	soffice(t, "rtf", dir, src)
	data, err := os.ReadFile(filepath.Join(dir, "written.rtf"))
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, s := range []string{"CREATOR", "EDITOR", "TITLE", "SUBJECT", "KEYWORD", "DESCRIPTION", "PROPNAME", "PROPVALUE",
		"REVIEWER", "DELETED", "INSERTER", "COMMENTER", "COMMENTTEXT", "PNG-AUTHOR"} {
		if v := "W-" + s; scrubtest.Contains(expand(data), v) {
			kept = append(kept, v)
		}
	}
	t.Logf("LibreOffice wrote %d bytes keeping %v", len(data), kept)
	for _, must := range []string{"W-EDITOR", "W-REVIEWER", "W-DELETED", "W-COMMENTER"} {
		if !slices.Contains(kept, must) {
			t.Errorf("LibreOffice did not write %s: the test proves less than it should", must)
		}
	}
	reg := registry()
	for _, f := range scrubtest.Inspect(t, reg, "written.rtf", data) {
		t.Logf("%s | %s | %.70s | %s | %s", f.Where, f.Field, f.Value, f.Action, f.Label)
	}
	clean, _ := scrubtest.Clean(t, reg, "written.rtf", data, scrub.Policy{})
	scrubtest.AssertAbsent(t, expand(clean), kept...)
	if fs := scrubtest.Inspect(t, reg, "clean.rtf", clean); scrub.Removable(fs) {
		t.Errorf("the cleaned document still has removable findings: %+v", fs)
	}
	texts := textOf(t, map[string][]byte{"orig": data, "clean": clean})
	want := strings.Join(strings.Fields(strings.Replace(texts["orig"], "W-DELETED", "", 1)), " ")
	t.Logf("original: %s\ncleaned:  %s", texts["orig"], texts["clean"])
	if texts["clean"] != want {
		t.Errorf("LibreOffice reads\n%s\nwant\n%s", texts["clean"], want)
	}
}
