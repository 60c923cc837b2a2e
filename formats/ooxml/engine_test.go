package ooxml_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// TestEngine cleans the fixtures through the engine, which verifies every
// output by re-inspecting it before it writes anything.
func TestEngine(t *testing.T) {
	dir := t.TempDir()
	var planted []string
	for _, f := range fixtures {
		x := f.make(t)
		if err := os.WriteFile(filepath.Join(dir, f.name), x.data, 0o644); err != nil {
			t.Fatal(err)
		}
		planted = append(planted, x.planted...)
	}
	e := &scrub.Engine{Registry: all.Registry()}
	out := filepath.Join(t.TempDir(), "out")
	var results []scrub.Result
	err := e.Clean(context.Background(), scrub.NewPlan([]string{dir}, scrub.PlanOptions{}), scrub.CleanOptions{OutDir: out}, func(r scrub.Result) {
		results = append(results, r)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != len(fixtures) {
		t.Fatalf("got %d results", len(results))
	}
	for _, r := range results {
		if r.Status != scrub.StatusCleaned {
			t.Errorf("%s: %s: %s (%s)", r.Path, r.Status, r.Error, r.Hint)
			continue
		}
		data, err := os.ReadFile(r.Output)
		if err != nil {
			t.Fatal(err)
		}
		scrubtest.AssertAbsent(t, data, planted...)
	}
}
