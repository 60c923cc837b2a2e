package odf_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// TestLibreOffice opens every cleaned fixture in LibreOffice and checks
// that the visible text is still there and the deleted and commented text
// is not. It converts to PDF and reads the text with pdftotext, which also
// shows the embedded objects LibreOffice had to redraw (their previews are
// gone); without pdftotext it converts the text documents to .txt. It skips
// when soffice is missing (CI installs LibreOffice) and in -short mode.
func TestLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: LibreOffice takes a while")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	reg := registry()
	dir := t.TempDir()
	var writer, all []string
	want := map[string]fixture{}
	for _, fx := range fixtures(t) {
		out, _ := scrubtest.Clean(t, reg, fx.name, fx.data, scrub.Policy{})
		// Distinct base names: LibreOffice names its output after them.
		base := strings.ReplaceAll(fx.name, ".", "_")
		path := filepath.Join(dir, base+filepath.Ext(fx.name))
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		want[base] = fx
		all = append(all, path)
		switch filepath.Ext(fx.name) {
		case ".odt", ".ott", ".odm", ".fodt":
			writer = append(writer, path)
		}
	}
	// A profile of our own, kept between runs (the first start is slow).
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	// One per package: go test runs packages at once, and LibreOffice
	// hands a second start on a profile in use to the first (exit 1).
	profile := "file://" + filepath.ToSlash(filepath.Join(cache, "scrub-test-libreoffice-odf"))
	convert := func(to string, files []string) {
		args := append([]string{"-env:UserInstallation=" + profile, "--headless", "--norestore", "--convert-to", to, "--outdir", dir}, files...)
		cmd := exec.Command(soffice, args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, out)
		}
	}
	pdftotext, pdfErr := exec.LookPath("pdftotext")
	if pdfErr == nil {
		convert("pdf", all)
	} else {
		convert("txt:Text (encoded):UTF8", writer)
	}
	for base, fx := range want {
		t.Run(fx.name, func(t *testing.T) {
			var text []byte
			visible := fx.visible
			switch {
			case pdfErr != nil && fileExists(filepath.Join(dir, base+".txt")):
				text, _ = os.ReadFile(filepath.Join(dir, base+".txt"))
			case pdfErr != nil:
				t.Skip("pdftotext is not installed")
			default:
				visible = append(visible, fx.objects...)
				pdf := filepath.Join(dir, base+".pdf")
				if !fileExists(pdf) {
					t.Fatal("LibreOffice did not open the cleaned file")
				}
				if text, err = exec.Command(pdftotext, pdf, "-").Output(); err != nil {
					t.Fatalf("pdftotext: %v", err)
				}
			}
			text = bytes.Join(bytes.Fields(text), []byte(" "))
			for _, v := range visible {
				if !bytes.Contains(text, []byte(v)) {
					t.Errorf("LibreOffice does not show %q in the cleaned file; it shows:\n%s", v, text)
				}
			}
			for _, v := range fx.gone {
				if bytes.Contains(text, []byte(v)) {
					t.Errorf("LibreOffice still shows %q", v)
				}
			}
		})
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
