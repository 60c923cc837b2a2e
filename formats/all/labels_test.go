package all_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// unlabelled collects the findings without a label, or with one scrub or
// its words do not know, by format and field, so that a failure lists
// each field once.
type unlabelled map[string][]string

func (u unlabelled) check(file string, r scrub.Result) {
	en := words.Load("en")
	for _, f := range r.Findings {
		var why string
		switch {
		case f.Label == "":
			why = "no label"
		case !scrub.KnownLabel(f.Label):
			why = fmt.Sprintf("label %q is not in scrub/label.go", f.Label)
		case strings.HasPrefix(en.T("label."+string(f.Label)), "!"):
			why = fmt.Sprintf("label %q has no words in internal/words", f.Label)
		case f.Kind == "":
			why = "no kind"
		default:
			continue
		}
		// The field, not the value: one line per kind of finding.
		key := fmt.Sprintf("%s: %s (%s): %s", r.Format, f.Field, lastPart(f.Where), why)
		u[key] = append(u[key], file)
	}
}

// lastPart is the innermost part of a finding's Where ("word/media/x.jpg >
// EXIF" -> "EXIF"), which names the kind of block the field is in.
func lastPart(where string) string {
	if i := strings.LastIndex(where, " > "); i >= 0 {
		return where[i+3:]
	}
	return where
}

func (u unlabelled) report(t *testing.T) {
	var keys []string
	for k := range u {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Errorf("%s (in %s)", k, strings.Join(first(u[k], 3), ", "))
	}
}

func first(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], fmt.Sprintf("%d more", len(s)-n))
	}
	return s
}

// Every finding any handler emits for the samples of every format (and
// for every file of the shared corpus, when there is one) has a Label
// from scrub/label.go that internal/words has words for, and a Kind: a
// new field without a label fails here.
func TestEveryFindingHasALabel(t *testing.T) {
	e := &scrub.Engine{Registry: all.Registry()}
	ctx := context.Background()
	u := unlabelled{}
	checked := 0
	for _, c := range hostile.Samples() {
		r := e.InspectData(ctx, c.File, c.Bytes())
		if r.Status != scrub.StatusDirty && r.Status != scrub.StatusClean {
			t.Errorf("%s: %s: %s", c.Name, r.Status, r.Error)
			continue
		}
		if len(r.Findings) == 0 {
			t.Errorf("%s: no findings: the sample carries planted values", c.Name)
		}
		u.check(c.Name, r)
		checked++
	}
	if dir := corpus.Dir(); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
		n := 0
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil || filepath.Base(f) == "MANIFEST.tsv" {
				continue
			}
			r := e.InspectData(ctx, f, data)
			if r.Status == scrub.StatusDirty || r.Status == scrub.StatusClean {
				u.check(filepath.Base(f), r)
				n++
			}
		}
		if n == 0 {
			t.Errorf("no corpus file in %s was inspected", dir)
		}
		checked += n
	}
	u.report(t)
	t.Logf("%d files checked", checked)
}
