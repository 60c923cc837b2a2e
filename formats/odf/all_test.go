package odf_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/formats/odf"
	"github.com/scrub-project/scrub/internal/corpus"
)

// TestAllFormats: beside every other handler (formats/all), no extension
// clashes, the fixtures are identified as OpenDocument and nothing else,
// and no other corpus file is claimed as OpenDocument.
func TestAllFormats(t *testing.T) {
	reg := all.Registry()
	if _, ok := reg.Format("odt"); !ok {
		reg.Register(odf.New()) // panics on a clash
	}
	for _, fx := range fixtures(t) {
		_, f, err := reg.Detect(bytes.NewReader(fx.data), int64(len(fx.data)), fx.name)
		if err != nil || "."+f.Name != filepath.Ext(fx.name) {
			t.Errorf("%s: detected as %q (%v)", fx.name, f.Name, err)
		}
	}
	dir := corpus.Dir()
	if dir == "" {
		return
	}
	others, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	for _, p := range others {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if filepath.Base(filepath.Dir(p)) == "odf" {
			// Another handler claiming it would make it a polyglot.
			if _, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), filepath.Base(p)); err != nil && strings.Contains(err.Error(), "polyglot") {
				t.Errorf("%s: %v", p, err)
			}
			continue
		}
		h := odf.New()
		if name, err := h.Identify(data[:min(len(data), 4096)], bytes.NewReader(data), int64(len(data))); name != "" || err != nil {
			t.Errorf("%s: claimed as %q (%v)", p, name, err)
		}
	}
}
