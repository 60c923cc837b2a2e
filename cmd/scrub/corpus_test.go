package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// scrubIn runs scrub in this process, in dir, and returns what it printed
// on stdout and on stderr.
func scrubIn(t *testing.T, dir string, args ...string) (string, string) {
	t.Helper()
	var out, errw bytes.Buffer
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	run(context.Background(), args, stdio{in: strings.NewReader(""), out: &out, err: &errw})
	return out.String(), errw.String()
}

// As a new user runs it on folders of real files (../shared/corpus):
// what inspect lists names no part of a file and no raw field name, the
// labels of technical details (statistics, fonts, colour profiles) do not
// show, and each file's count is that of its identifying items. (The
// reasons a file is refused are the handlers' words, on stderr, and may
// name a part: "word/document.xml is not well-formed XML".)
func TestCorpusPlainWords(t *testing.T) {
	if testing.Short() {
		t.Skip("inspects the whole corpus")
	}
	dir := corpus.Require(t)
	folders, _ := filepath.Glob(filepath.Join(dir, "*"))
	checked := 0
	minorText := map[string]bool{}
	for _, l := range []scrub.Label{scrub.LabelStatistics, scrub.LabelSettings, scrub.LabelFont, scrub.LabelColour} {
		minorText[words.Label(l)] = true
	}
	for _, folder := range folders {
		if fi, err := os.Stat(folder); err != nil || !fi.IsDir() {
			continue
		}
		name := filepath.Base(folder)
		t.Run(name, func(t *testing.T) {
			js, _ := scrubIn(t, dir, "inspect", "--json", name)
			var rep struct{ Files []json.RawMessage }
			if err := json.Unmarshal([]byte(js), &rep); err != nil {
				t.Fatal(err)
			}
			var compact strings.Builder
			var fs []plainFinding
			for _, raw := range rep.Files {
				var f struct {
					scrub.Result
					Identifying int
				}
				var plain struct{ Findings []plainFinding }
				if json.Unmarshal(raw, &f) != nil || json.Unmarshal(raw, &plain) != nil {
					t.Fatal("cannot read --json")
				}
				fs = append(fs, plain.Findings...)
				if f.Status != scrub.StatusDirty && f.Status != scrub.StatusClean {
					continue
				}
				v := words.Summarize(f.Format, f.Findings)
				compact.WriteString(fileLine(f.Path, v) + "\n")
				checked++
				// One line per file, with the count of identifying items.
				want := regexp.QuoteMeta(f.Path) + `: (Reveals .* \(` + words.N("cli.items", f.Identifying) + `\)|` + regexp.QuoteMeta(words.T("headline.nothing")) + `)`
				if f.Identifying == 0 {
					want = regexp.QuoteMeta(f.Path) + ": " + regexp.QuoteMeta(words.T("headline.nothing"))
				}
				if !regexp.MustCompile(`(?m)^` + want).MatchString(compact.String()) {
					t.Errorf("%s: no line %q", f.Path, want)
				}
				// Every file on its own, in full, as inspect prints one.
				var b bytes.Buffer
				r := &reporter{std: stdio{out: &b, err: &b}, cmd: "inspect"}
				r.printInspect(&b, f.Result, v)
				full := b.String()
				for l := range minorText {
					if strings.Contains(full, "    "+l+":") {
						t.Errorf("%s: default output shows %q", f.Path, l)
					}
				}
				for _, bad := range rawNames(plain.Findings) {
					if re := regexp.MustCompile(`(^|[^\pL\pN])` + regexp.QuoteMeta(bad) + `($|[^\pL\pN])`); re.MatchString(full) {
						t.Errorf("%s: default output names %q", f.Path, bad)
					}
				}
			}
			for _, bad := range rawNames(fs) {
				if re := regexp.MustCompile(`(^|[^\pL\pN])` + regexp.QuoteMeta(bad) + `($|[^\pL\pN])`); re.MatchString(compact.String()) {
					t.Errorf("folder output names %q", bad)
				}
			}
		})
	}
	if checked == 0 {
		t.Fatalf("no file in %s was inspected", dir)
	}
}
