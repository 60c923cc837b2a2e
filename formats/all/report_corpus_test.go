package all_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// TestReportMatchesInspectOnCorpus checks every one-pass cleaner against
// its Inspect on the shared corpus of real files (see internal/corpus):
// same findings, same bytes as Clean. Files a handler refuses are skipped.
func TestReportMatchesInspectOnCorpus(t *testing.T) {
	dir := corpus.Require(t)
	reg := all.Registry()
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	checked := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), f)
		if err != nil {
			continue
		}
		if _, ok := h.(scrub.ReportingCleaner); !ok {
			continue
		}
		var out bytes.Buffer
		env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), &out); err != nil {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) { scrubtest.CheckReport(t, reg, f, data, out.Bytes()) })
		checked++
	}
	if checked == 0 {
		t.Fatalf("no file in %s was checked", dir)
	}
}
