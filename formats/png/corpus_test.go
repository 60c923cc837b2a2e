package png_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// TestCorpus is the acceptance run over the real-world PNGs: every file
// cleans, re-inspects clean, cleans to itself, keeps valid CRCs and
// decodes to the same pixels. Set SCRUB_CORPUS_OUT to a folder to keep the
// cleaned copies for exiftool and residue.py.
func TestCorpus(t *testing.T) {
	files := corpus.Files(t, "image", ".png")
	if testing.Short() {
		t.Skip("the corpus run is long")
	}
	reg := registry()
	outDir := os.Getenv("SCRUB_CORPUS_OUT")
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out, _ := scrubtest.Clean(t, reg, name, in, scrub.Policy{})
			if fs := scrubtest.Inspect(t, reg, name, out); scrub.Removable(fs) {
				t.Errorf("cleaned output has removable findings: %+v", fs)
			}
			again, _ := scrubtest.Clean(t, reg, name, out, scrub.Policy{})
			if !bytes.Equal(out, again) {
				t.Error("cleaning the cleaned output changed it")
			}
			chunks(t, out)
			samePixels(t, in, out)
			if outDir != "" {
				os.WriteFile(filepath.Join(outDir, name), out, 0o644)
			}
		})
	}
}
