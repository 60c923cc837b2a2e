package jpeg_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// TestCorpus is the acceptance run over the real-world JPEGs: every file
// the manifest does not list as malformed cleans, re-inspects clean,
// cleans to itself and decodes to the same pixels (when Go can decode the
// original). Set SCRUB_CORPUS_OUT to a folder to keep the cleaned copies
// for exiftool and residue.py.
func TestCorpus(t *testing.T) {
	files := corpus.Files(t, "image", ".jpg", ".jpeg")
	if testing.Short() {
		t.Skip("the corpus run is long")
	}
	kinds := manifestKinds(t)
	reg := registry()
	outDir := os.Getenv("SCRUB_CORPUS_OUT")
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := reg.Detect(bytes.NewReader(in), int64(len(in)), name); err != nil {
				if strings.HasPrefix(kinds["image/"+name], "malformed") && scrub.Refused(err) {
					return
				}
				t.Fatalf("detect: %v", err)
			}
			out, _ := scrubtest.Clean(t, reg, name, in, scrub.Policy{})
			if fs := scrubtest.Inspect(t, reg, name, out); scrub.Removable(fs) {
				t.Errorf("cleaned output has removable findings: %+v", fs)
			}
			again, _ := scrubtest.Clean(t, reg, name, out, scrub.Policy{})
			if !bytes.Equal(out, again) {
				t.Error("cleaning the cleaned output changed it")
			}
			if _, _, err := decodeErr(in); err == nil {
				samePixels(t, in, out)
			} else if _, _, err2 := decodeErr(out); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("the original does not decode (%v) but the cleaned copy gives %v", err, err2)
			}
			if outDir != "" {
				os.WriteFile(filepath.Join(outDir, name), out, 0o644)
			}
		})
	}
}

func manifestKinds(t *testing.T) map[string]string {
	kinds := map[string]string{}
	for _, e := range corpus.Manifest(t, corpus.Require(t)) {
		kinds[e.File] = e.Kind
	}
	return kinds
}
