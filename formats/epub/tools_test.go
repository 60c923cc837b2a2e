//go:build ci || tools

package epub_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/epub"
)

// epubcheck runs epubcheck on data and fails t with its report when it
// finds an error.
func epubcheck(t *testing.T, name string, data []byte) {
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
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("epubcheck %s: %v\n%s", name, err, strings.TrimSpace(string(out)))
	}
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
	restore := epub.SetUnknownMembers("omit")
	omit, _, _, err := cleanBook(t, rezip(t, nil))
	restore()
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"dirty3.epub": book3(t), "clean3.epub": clean3, "dirty2.epub": book2(t), "clean2.epub": clean2, "omit.epub": omit} {
		t.Run(name, func(t *testing.T) { epubcheck(t, name, b) })
	}
}
