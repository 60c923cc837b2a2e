package main

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

func init() {
	fixtureCmds["mksample"] = cmdMksample
	fixtureCmds["plainwords"] = cmdPlainwords
}

// samples are the small valid files of every format scrub cleans, each
// with planted values: hostile.Samples(), and containers built of them.
func samples() map[string]func() []byte {
	m := map[string]func() []byte{}
	for _, c := range hostile.Samples() {
		m[c.Name] = c.Bytes
	}
	m["sample-epub"] = func() []byte { return hostile.EPUB("SEPUB") }
	members := func() []hostile.ZipFile {
		return []hostile.ZipFile{
			{Name: "photos/sample.jpg", Data: hostile.JPEG("SZIPJPEG")},
			{Name: "report.docx", Data: hostile.Docx("SZIPDOCX", "visible text")},
		}
	}
	m["sample-zip"] = func() []byte { return hostile.ZipFiles("", members()...) }
	m["sample-targz"] = func() []byte {
		var fs []hostile.TarFile
		for _, z := range members() {
			f := hostile.TarFile{Data: z.Data}
			f.Header.Name, f.Header.Mode, f.Header.Size, f.Header.Typeflag = z.Name, 0o644, int64(len(z.Data)), '0'
			fs = append(fs, f)
		}
		return hostile.Gzip(hostile.Tar(fs...), "", "")
	}
	return m
}

// mksample NAME FILE writes the sample called NAME (see samples) to FILE.
func cmdMksample(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mksample NAME FILE")
	}
	mk, ok := samples()[args[0]]
	if !ok {
		ts.Fatalf("no sample %q", args[0])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), mk(), 0o644))
}

// scrubOutput runs scrub in the script's folder and returns what it
// printed. It runs as a command, as exec does: scripts run in parallel,
// and changing this process's working folder would pull the ground from
// under the others.
func scrubOutput(ts *testscript.TestScript, args ...string) (string, string) {
	_ = ts.Exec("scrub", args...) // a non-zero exit is part of the output
	return ts.ReadFile("stdout"), ts.ReadFile("stderr")
}

// plainwords FILE... fails if scrub's default output for the files (inspect
// and clean, stdout and stderr) names a part of the file or a raw field
// name, as --json gives them: those are for --details only.
func cmdPlainwords(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: plainwords FILE...")
	}
	js, _ := scrubOutput(ts, append([]string{"inspect", "--json"}, args...)...)
	var rep struct {
		Files []struct{ Findings []plainFinding }
	}
	ts.Check(json.Unmarshal([]byte(js), &rep))
	var fs []plainFinding
	for _, f := range rep.Files {
		fs = append(fs, f.Findings...)
	}
	var text strings.Builder
	for _, cmd := range [][]string{{"inspect"}, {"clean", "-o", "plainwords-out"}} {
		o, e := scrubOutput(ts, append(cmd, args...)...)
		text.WriteString(o + e)
	}
	for _, bad := range rawNames(fs) {
		if re := regexp.MustCompile(`(^|[^\pL\pN])` + regexp.QuoteMeta(bad) + `($|[^\pL\pN])`); re.MatchString(text.String()) {
			ts.Fatalf("default output names %q:\n%s", bad, text.String())
		}
	}
}

// plainFinding is what plainwords reads of a finding in --json.
type plainFinding struct {
	Where, Field, Value string
	LabelText           string `json:"label_text"`
}

// rawNames returns the part names and raw field names of the findings
// that the default output must not print: those that are not also words
// of a value or of scrub's own (a field named "Software" is the label
// "Software", one named "comments" a word of a headline; a value may
// quote a name).
func rawNames(fs []plainFinding) []string {
	var shown []string
	for _, f := range fs {
		shown = append(shown, strings.ToLower(f.Value))
	}
	c := words.Load("en")
	for _, k := range words.Keys() {
		shown = append(shown, strings.ToLower(c.T(k)))
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range fs {
		for _, n := range append(strings.Split(f.Where, " > "), f.Field) {
			n = strings.TrimSpace(n)
			if len(n) < 3 || seen[n] {
				continue
			}
			seen[n] = true
			quoted := false
			for _, s := range shown {
				quoted = quoted || strings.Contains(s, strings.ToLower(n))
			}
			if !quoted {
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

// The golden script covers a sample of every family of formats scrub
// cleans: a format added to the registry without a sample there fails.
func TestGoldenCoversEveryFormat(t *testing.T) {
	script, err := os.ReadFile("testdata/golden.txtar")
	if err != nil {
		t.Fatal(err)
	}
	reg := all.Registry()
	covered := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^mksample (\S+) `).FindAllStringSubmatch(string(script), -1) {
		mk, ok := samples()[m[1]]
		if !ok {
			t.Fatalf("golden.txtar: no sample %q", m[1])
		}
		data := mk()
		h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), "")
		if err != nil {
			t.Errorf("%s: %v", m[1], err)
			continue
		}
		covered[h.Name()] = true
	}
	for _, h := range reg.Handlers() {
		cleans := false
		for _, f := range h.Formats() {
			cleans = cleans || f.Refused == ""
		}
		if cleans && !covered[h.Name()] {
			t.Errorf("no sample of %s (%s) in testdata/golden.txtar", h.Name(), formatNames(h))
		}
	}
}

func formatNames(h scrub.Handler) string {
	var ns []string
	for _, f := range h.Formats() {
		ns = append(ns, f.Name)
	}
	return strings.Join(ns, " ")
}
