//go:build ci || tools

package epub_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

// epubcheck runs epubcheck on data and fails t with its report when it
// finds an error.
func epubcheck(t *testing.T, name string, data []byte) {
	t.Helper()
	if errs := epubcheckErrors(t, name, data); len(errs) > 0 {
		t.Errorf("epubcheck %s:\n%s", name, strings.Join(errs, "\n"))
	}
}

// epubcheckNoWorse fails t if epubcheck finds an error in the cleaned
// book that it does not find in the original (a book made by another
// program may break a rule already).
func epubcheckNoWorse(t *testing.T, orig, clean []byte) {
	t.Helper()
	had := map[string]bool{}
	for _, e := range epubcheckErrors(t, "orig.epub", orig) {
		had[e] = true
	}
	for _, e := range epubcheckErrors(t, "clean.epub", clean) {
		if !had[e] {
			t.Errorf("epubcheck finds a new error in the cleaned book: %s", e)
		}
	}
}

// epubcheckErrors returns epubcheck's errors for data, without the file's
// path.
func epubcheckErrors(t *testing.T, name string, data []byte) []string {
	t.Helper()
	bin, err := exec.LookPath("epubcheck")
	if err != nil {
		t.Skip("epubcheck is not installed")
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-q", path)
	// Debian installs epubcheck as a jar that binfmt_misc may not run.
	if real, err := filepath.EvalSymlinks(bin); err == nil && strings.HasSuffix(real, ".jar") {
		cmd = exec.Command("java", "-jar", real, "-q", path)
	}
	out, _ := cmd.CombinedOutput()
	var errs []string
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "ERROR") || strings.HasPrefix(line, "FATAL") {
			errs = append(errs, strings.ReplaceAll(line, path, "book.epub"))
		}
	}
	if len(errs) == 0 && !strings.Contains(string(out), "No errors or warnings") && !strings.Contains(string(out), "Check finished with warnings") && strings.TrimSpace(string(out)) != "" {
		t.Logf("epubcheck %s said:\n%s", name, out)
	}
	return errs
}

// The generated books are valid before and after cleaning, by the
// validator readers and stores use.
func TestEPUBCheck(t *testing.T) {
	clean3, _, _, err := cleanBook(t, book3(t))
	if err != nil {
		t.Fatal(err)
	}
	clean2, _, _, err := cleanBook(t, book2(t))
	if err != nil {
		t.Fatal(err)
	}
	restore := withUnknownMembers(scrub.UnknownOmit)
	omit, _, _, err := cleanBook(t, rezip(t, nil))
	restore()
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"dirty3.epub": book3(t), "clean3.epub": clean3, "dirty2.epub": book2(t), "clean2.epub": clean2, "omit.epub": omit} {
		t.Run(name, func(t *testing.T) { epubcheck(t, name, b) })
	}
}

// A book LibreOffice writes (File > Export As > EPUB) from a document with
// an author and a generator cleans to a book epubcheck accepts, without
// them.
func TestLibreOfficeEPUB(t *testing.T) {
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("LibreOffice is not installed")
	}
	dir := t.TempDir()
	odt := filepath.Join(dir, "book.odt")
	if err := os.WriteFile(odt, hostile.ODT("LOEPUB", "A chapter of visible text."), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "epub", "--outdir", dir, odt)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	book, err := os.ReadFile(filepath.Join(dir, "book.epub"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no EPUB: %v", err)
	}
	// LibreOffice exports the author as dc:creator (not the last
	// editor).
	planted := []string{"LOEPUB-CREATOR"}
	for _, v := range planted {
		if !carries(t, book, v) {
			t.Fatalf("LibreOffice's book does not carry %q", v)
		}
	}
	clean, fs, _, err := cleanBook(t, book)
	if err != nil {
		t.Fatalf("clean: %v", err)
	}
	t.Logf("%d findings in LibreOffice's book", len(fs))
	for _, v := range planted {
		if carries(t, clean, v) {
			t.Errorf("the cleaned book still carries %q", v)
		}
	}
	if !carries(t, clean, "A chapter of visible text.") {
		t.Errorf("the cleaned book lost its text")
	}
	epubcheckNoWorse(t, book, clean)
}
