package odf_test

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// corpusDir holds real-world files shared by the project's developers. It
// is not part of the repository: the test skips without it.
const corpusDir = "../../../shared/corpus"

// TestCorpus is the acceptance run over the real-world OpenDocument files:
// every file the manifest lists as encrypted is refused as encrypted, every
// malformed one is refused or cleaned, and every other file cleans into a
// sound package, re-inspects with nothing removable and cleans to itself. Set
// SCRUB_CORPUS_OUT to a folder to keep the cleaned copies for residue.py
// and LibreOffice.
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "odf", "*"))
	if len(files) == 0 {
		t.Skip("no shared corpus at", corpusDir)
	}
	kinds := manifestKinds()
	reg := registry()
	outDir := os.Getenv("SCRUB_CORPUS_OUT")
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			kind := kinds["odf/"+name]
			_, _, err = reg.Detect(bytes.NewReader(in), int64(len(in)), name)
			if err == nil {
				_, err = inspect(reg, name, in)
			}
			switch {
			case kind == "encrypted":
				if !errors.Is(err, scrub.ErrEncrypted) {
					t.Fatalf("want an encrypted refusal, got %v", err)
				}
				t.Logf("refused: %v (hint: %s)", err, scrub.HintFor(err))
				return
			case err != nil && strings.HasPrefix(kind, "malformed") && scrub.Refused(err):
				t.Logf("refused: %v", err)
				return
			case err != nil:
				t.Fatalf("inspect: %v", err)
			}
			out, _ := scrubtest.Clean(t, reg, name, in, scrub.Policy{})
			if bytes.HasPrefix(out, []byte("PK")) {
				checkPackage(t, out)
			}
			if fs := scrubtest.Inspect(t, reg, name, out); scrub.Removable(fs) {
				t.Errorf("cleaned output has removable findings: %+v", fs)
			}
			again, _ := scrubtest.Clean(t, reg, name, out, scrub.Policy{})
			if !bytes.Equal(out, again) {
				t.Error("cleaning the cleaned output changed it")
			}
			if outDir != "" {
				os.WriteFile(filepath.Join(outDir, name), out, 0o644)
			}
		})
	}
}

func manifestKinds() map[string]string {
	kinds := map[string]string{}
	f, err := os.Open(filepath.Join(corpusDir, "MANIFEST.tsv"))
	if err != nil {
		return kinds
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		cols := strings.Split(s.Text(), "\t")
		if len(cols) > 4 {
			kinds[cols[0]] = cols[4]
		}
	}
	return kinds
}
