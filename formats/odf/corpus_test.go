package odf_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/scrub"
)

// TestCorpus cleans every OpenDocument file of the shared corpus (found
// through internal/corpus) as the CLI does, through the engine with the
// production registry: the handler's rules, re-inspection and the residue
// check. Encrypted files must be refused, damaged ones may be; every other
// file must clean into a sound package and clean again to the same bytes.
// With SCRUB_RESIDUE_PY=1 (slow: exiftool runs twice per file) each copy
// must also pass the independent ../tools/residue.py, as in
// .ci/acceptance.
//
//	SCRUB_CORPUS=/work/shared/corpus go test -run TestCorpus -v ./formats/odf
func TestCorpus(t *testing.T) {
	dir := corpus.Require(t)
	files := corpus.Files(t, "odf")
	kinds := map[string]string{}
	for _, e := range corpus.Manifest(t, dir) {
		kinds[filepath.Base(e.File)] = e.Kind
	}
	residue := corpus.Residue(t, dir)
	cleaned := 0
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			kind := kinds[name]
			out, r := engineClean(t, name, in)
			switch {
			case kind == "encrypted":
				if r.Status != scrub.StatusRefused || !strings.Contains(r.Error, "password") {
					t.Fatalf("want an encrypted refusal, got %s: %s", r.Status, r.Error)
				}
				return
			case r.Status == scrub.StatusRefused && strings.HasPrefix(kind, "malformed"):
				t.Logf("refused: %s", r.Error)
				return
			case r.Status != scrub.StatusCleaned && r.Status != scrub.StatusAlreadyClean:
				t.Fatalf("%s: %s (%s)", r.Status, r.Error, r.Hint)
			}
			cleaned++
			if bytes.HasPrefix(out, []byte("PK")) {
				checkPackage(t, out)
			}
			for _, f := range r.Findings {
				if !scrub.KnownLabel(f.Label) {
					t.Errorf("finding without a known label: %+v", f)
				}
			}
			again, r2 := engineClean(t, name, out)
			if r2.Status != scrub.StatusAlreadyClean || !bytes.Equal(out, again) {
				t.Errorf("cleaning the copy again: %s, same bytes %v", r2.Status, bytes.Equal(out, again))
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
