// Package corpus is the one way tests find ../shared/corpus, the folder of
// real files written by other programs that the project checks itself
// against. It is for tests only.
//
// The folder is named by SCRUB_CORPUS; without it, the tests look for
// ../shared/corpus beside the module root. When neither exists the tests
// that need it are skipped, so the suite passes on a fresh clone.
package corpus

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// Env is the variable that names the corpus folder.
const Env = "SCRUB_CORPUS"

// Dir returns the corpus folder, or "" if there is none.
func Dir() string {
	if d := os.Getenv(Env); d != "" {
		return d
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	// internal/corpus/corpus.go -> module root -> ../shared/corpus
	d := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpus")
	if fi, err := os.Stat(d); err == nil && fi.IsDir() {
		return d
	}
	return ""
}

// Require returns the corpus folder, or skips t when there is none.
func Require(t testing.TB) string {
	t.Helper()
	d := Dir()
	if d == "" {
		t.Skipf("no corpus: set %s to the shared corpus folder", Env)
	}
	return d
}

// Entry is one line of MANIFEST.tsv.
type Entry struct {
	File        string // path below the corpus folder: "media/mdx__with-gps.mov"
	Kind        string // what the file is, as the manifest says ("docx-trackchanges")
	Identifying string // the identifying fields the manifest lists
	Internal    string // internal identifiers
	Notes       string
	Fields      map[string]string // every column by its header name
}

// Path returns the entry's file under dir.
func (e Entry) Path(dir string) string { return filepath.Join(dir, filepath.FromSlash(e.File)) }

// Manifest reads dir/MANIFEST.tsv. Entries whose file is missing are
// left out.
func Manifest(t testing.TB, dir string) []Entry {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatalf("corpus manifest: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var head []string
	var out []Entry
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if head == nil {
			head = cols
			continue
		}
		m := map[string]string{}
		for i, h := range head {
			if i < len(cols) {
				m[h] = cols[i]
			}
		}
		e := Entry{File: m["file"], Kind: m["kind"], Identifying: m["identifying_fields"],
			Internal: m["internal_identifiers"], Notes: m["notes"], Fields: m}
		if _, err := os.Stat(e.Path(dir)); err != nil {
			continue
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("corpus manifest: %v", err)
	}
	return out
}

// Files returns the corpus files in the folder sub (e.g. "media") whose
// names end in one of exts (lower case, with the dot; none means all),
// sorted. It skips t when there is no corpus, and fails it when the folder
// holds no such file: a check of zero files is not a pass.
func Files(t testing.TB, sub string, exts ...string) []string {
	t.Helper()
	dir := filepath.Join(Require(t), sub)
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("corpus: %v", err)
	}
	var out []string
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		ext := strings.ToLower(filepath.Ext(e.Name()))
		ok := len(exts) == 0
		for _, x := range exts {
			ok = ok || ext == x
		}
		if ok {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		t.Fatalf("corpus: no %v files under %s", exts, dir)
	}
	return out
}

// Residue returns a check that runs the independent ../tools/residue.py
// (beside the corpus folder dir) on an original and its cleaned copy, when
// SCRUB_RESIDUE_PY is set; nil otherwise. With the variable set, missing
// tools fail the test rather than skip it.
func Residue(t *testing.T, dir string) func(t *testing.T, original string, cleaned []byte) {
	if os.Getenv("SCRUB_RESIDUE_PY") == "" {
		return nil
	}
	tool := filepath.Join(dir, "..", "tools", "residue.py")
	_, errPy := exec.LookPath("python3")
	_, errExif := exec.LookPath("exiftool")
	if _, err := os.Stat(tool); err != nil || errPy != nil || errExif != nil {
		t.Fatal("SCRUB_RESIDUE_PY needs python3, exiftool and ../tools/residue.py")
	}
	tmp := t.TempDir()
	return func(t *testing.T, original string, cleaned []byte) {
		out := filepath.Join(tmp, "cleaned"+filepath.Ext(original))
		if err := os.WriteFile(out, cleaned, 0o644); err != nil {
			t.Fatal(err)
		}
		if msg, err := exec.Command("python3", tool, original, out).CombinedOutput(); err != nil {
			t.Errorf("residue.py: %v\n%s", err, msg)
		}
	}
}
