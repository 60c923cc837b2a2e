package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/all"
)

// TestPreCommitHooksCoverCleanedFormats keeps .pre-commit-hooks.yaml in
// step with the registry: the pre-commit framework picks files by name, so
// every extension of every format scrub cleans must be in each hook's
// files pattern, or those files would be committed unchecked.
func TestPreCommitHooksCoverCleanedFormats(t *testing.T) {
	b, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	hooks := map[string]map[string]string{} // id -> field -> value
	var id string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimRight(line, " \r")
		if v, ok := strings.CutPrefix(line, "- id: "); ok {
			id = v
			hooks[id] = map[string]string{}
			continue
		}
		if id == "" || !strings.HasPrefix(line, "  ") {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimSpace(line), ": ")
		if ok {
			hooks[id][k] = strings.Trim(v, "'")
		}
	}
	want := map[string]string{"scrub-check": "scrub check", "scrub-fix": "scrub check --fix"}
	if len(hooks) != len(want) {
		t.Errorf("hooks: %v", hooks)
	}
	for id, entry := range want {
		h := hooks[id]
		if h == nil {
			t.Errorf("no hook %s", id)
			continue
		}
		if h["entry"] != entry || h["language"] != "golang" {
			t.Errorf("%s: entry %q, language %q", id, h["entry"], h["language"])
		}
		// Python's re and Go's regexp agree on this subset: (?i), groups,
		// alternation, ?, $.
		re, err := regexp.Compile(h["files"])
		if err != nil {
			t.Fatalf("%s: files: %v", id, err)
		}
		for _, f := range all.Registry().Formats() {
			if f.Refused != "" {
				continue
			}
			for _, ext := range f.Extensions {
				for _, name := range []string{"docs/report" + ext, "PHOTO" + strings.ToUpper(ext)} {
					if !re.MatchString(name) {
						t.Errorf("%s: files does not match %s (%s)", id, name, f.Name)
					}
				}
			}
		}
		for _, name := range []string{"notes.txt", "main.go", "report.docx.txt", "setup.exe", "photo.jpg.orig"} {
			if re.MatchString(name) {
				t.Errorf("%s: files matches %s", id, name)
			}
		}
	}
}
