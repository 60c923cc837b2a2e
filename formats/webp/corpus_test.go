package webp_test

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

// TestCorpus cleans every WebP of the shared corpus: the copy is a valid
// container, decodes to the same pixels, re-inspects clean, cleans to
// itself, and neither its bytes nor exiftool show the identifying values
// the manifest lists. Set SCRUB_CORPUS_OUT to keep the copies.
func TestCorpus(t *testing.T) {
	files := corpus.Files(t, "media", ".webp")
	dir := corpus.Dir()
	manifest := map[string]corpus.Entry{}
	for _, e := range corpus.Manifest(t, dir) {
		manifest[filepath.Base(e.File)] = e
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
			if fs := scrubtest.Inspect(t, reg, name, in); !scrub.Removable(fs) {
				t.Error("nothing to remove found")
			}
			out, _ := scrubtest.Clean(t, reg, name, in, scrub.Policy{})
			scrubtest.CheckReport(t, reg, name, in, out)
			chunks(t, out)
			if fs := scrubtest.Inspect(t, reg, name, out); scrub.Removable(fs) {
				t.Errorf("cleaned output has removable findings: %+v", fs)
			}
			if again, _ := scrubtest.Clean(t, reg, name, out, scrub.Policy{}); !bytes.Equal(out, again) {
				t.Error("cleaning the cleaned output changed it")
			}
			// Values stored as text (some are encoded: maker notes, XMP
			// dates) must be gone from every byte.
			var values []string
			for _, v := range manifestValues(manifest[name].Identifying) {
				if scrubtest.Contains(in, v) {
					values = append(values, v)
				}
			}
			if len(values) == 0 {
				t.Fatalf("the manifest lists nothing stored as text for %s", name)
			}
			scrubtest.AssertAbsent(t, out, values...)
			if _, err := lookTools("identify"); err == nil {
				want, _ := framesMsg(t, in) // ImageMagick may warn about the original's XMP
				if got := frames(t, out); got != want {
					t.Errorf("decodes differently:\n%s\nwant\n%s", got, want)
				}
			}
			if _, err := lookTools("exiftool"); err == nil {
				if bad := identifying(exiftool(t, out)); len(bad) > 0 {
					t.Errorf("exiftool still finds %v", bad)
				}
			}
			if outDir != "" {
				os.WriteFile(filepath.Join(outDir, name), out, 0o644)
			}
		})
	}
}

// manifestValues returns the values of a manifest's identifying_fields
// ("Group:Tag=value; …") that are stored as text in the file: computed
// (Composite) tags are left out, and values the manifest shortened with
// "..." are cut there.
func manifestValues(s string) []string {
	var out []string
	for _, kv := range strings.Split(s, "; ") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.HasPrefix(k, "Composite:") || strings.HasSuffix(k, ":ExternalFlashFirmware") {
			continue
		}
		v = strings.TrimSuffix(v, "...")
		if len(v) >= 4 {
			out = append(out, v)
		}
	}
	return out
}
