package ooxml_test

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/scrub-project/scrub/scrub"
)

// odfText returns the text of an OpenDocument file (content and styles,
// where headers and footers live), tags stripped.
func odfText(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("LibreOffice output %s: %v", path, err)
	}
	defer zr.Close()
	var b strings.Builder
	for _, f := range zr.File {
		if f.Name != "content.xml" && f.Name != "styles.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		b.WriteString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(data), " "))
	}
	return b.String()
}

// TestLibreOffice converts each cleaned fixture with LibreOffice (to its
// OpenDocument counterpart) and checks that the document opens and shows
// its text, without the tracked deletions. It needs soffice; CI installs
// LibreOffice.
func TestLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if soffice, err = exec.LookPath("libreoffice"); err != nil {
			t.Skip("soffice is not installed")
		}
	}
	if testing.Short() {
		t.Skip("LibreOffice conversions are slow")
	}
	dir := t.TempDir()
	byTarget := map[string][]string{}
	want := map[string]fx{}
	for _, f := range fixtures {
		x := f.make(t)
		cleaned, _, err := clean(t, x.data, scrub.Policy{})
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		name := "clean-" + f.name
		if err := os.WriteFile(filepath.Join(dir, name), cleaned, 0o644); err != nil {
			t.Fatal(err)
		}
		target := map[string]string{".docx": "odt", ".xlsx": "ods", ".pptx": "odp"}[filepath.Ext(f.name)]
		byTarget[target] = append(byTarget[target], filepath.Join(dir, name))
		want[strings.TrimSuffix(name, filepath.Ext(name))+"."+target] = x
	}
	// One conversion per target type, in parallel (each needs its own
	// LibreOffice profile).
	var wg sync.WaitGroup
	errs := make(chan string, len(byTarget))
	for target, files := range byTarget {
		wg.Add(1)
		go func() {
			defer wg.Done()
			args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile-"+target), "--headless",
				"--convert-to", target, "--outdir", filepath.Join(dir, "out")}, files...)
			if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
				errs <- fmt.Sprintf("soffice: %v\n%s", err, out)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	for name, x := range want {
		text := odfText(t, filepath.Join(dir, "out", name))
		for _, s := range x.rendered {
			if !strings.Contains(text, s) {
				t.Errorf("%s: LibreOffice does not show %q", name, s)
			}
		}
		for _, s := range x.gone {
			if strings.Contains(text, s) {
				t.Errorf("%s: LibreOffice shows removed text %q", name, s)
			}
		}
	}
}
