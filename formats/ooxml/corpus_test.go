package ooxml_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/scrub"
)

// TestCorpus cleans every Office document of the shared corpus (found
// through internal/corpus) as the CLI does, through the engine with the
// production registry: the handler's rules, re-inspection and the residue
// check. Encrypted, legacy and unsupported files must be refused, damaged
// ones may be; every other file must clean and clean again to the same
// bytes. With SCRUB_RESIDUE_PY=1 (slow: exiftool runs twice per file) each
// copy must also pass the independent ../tools/residue.py, as in
// .ci/acceptance.
//
//	SCRUB_CORPUS=/work/shared/corpus go test -run TestCorpus -v ./formats/ooxml
func TestCorpus(t *testing.T) {
	runCorpus(t, "ooxml")
}

func runCorpus(t *testing.T, sub string) {
	dir := corpus.Require(t)
	files := corpus.Files(t, sub)
	kinds := map[string]string{}
	for _, e := range corpus.Manifest(t, dir) {
		kinds[filepath.Base(e.File)] = e.Kind
	}
	residue := corpus.Residue(t, dir)
	e := &scrub.Engine{Registry: all.Registry()}
	cleaned := 0
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			kind := kinds[name]
			out, r := e.CleanData(t.Context(), name, data)
			refuse := strings.HasPrefix(kind, "encrypted") || strings.HasPrefix(kind, "legacy") || strings.HasPrefix(kind, "unsupported")
			switch {
			case r.Status == scrub.StatusRefused && (refuse || strings.HasPrefix(kind, "malformed")):
				t.Logf("refused (%s): %s", kind, r.Error)
				return
			case refuse:
				t.Fatalf("a %s file: %s, want refused", kind, r.Status)
			case r.Status != scrub.StatusCleaned && r.Status != scrub.StatusAlreadyClean:
				t.Fatalf("%s: %s (%s)", r.Status, r.Error, r.Hint)
			}
			cleaned++
			for _, f := range r.Findings {
				if !scrub.KnownLabel(f.Label) {
					t.Errorf("finding without a known label: %+v", f)
				}
			}
			again, r2 := e.CleanData(t.Context(), name, out)
			if r2.Status != scrub.StatusAlreadyClean || !bytes.Equal(again, out) {
				t.Errorf("cleaning the copy again: %s, same bytes %v", r2.Status, bytes.Equal(again, out))
			}
			if residue != nil {
				residue(t, f, out)
			}
		})
	}
	if cleaned == 0 {
		t.Fatal("no corpus file was cleaned: zero files checked is not a pass")
	}
}
