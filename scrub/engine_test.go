package scrub_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scrub-project/scrub/scrub"
)

// fake is a line-based test format: the first line is its magic, lines
// "author: X" are removable findings, "note: X" are reported, everything
// else is content. Variants misbehave on purpose.
type fake struct {
	name, magic string
	exts        []string
	leaky       bool // Clean forgets to remove authors
	panics      bool
	sleep       time.Duration // Clean ignores ctx and sleeps
	blockCtx    bool          // Clean waits for ctx
	refuse      error
}

func (f *fake) Name() string { return f.name }
func (f *fake) Formats() []scrub.Format {
	return []scrub.Format{{Name: f.name, Extensions: f.exts, Description: "fake " + f.name + " file"}}
}
func (f *fake) Identify(head []byte, r io.ReaderAt, size int64) (string, error) {
	if bytes.HasPrefix(head, []byte(f.magic+"\n")) {
		return f.name, nil
	}
	return "", nil
}
func (f *fake) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	if f.refuse != nil {
		return nil, f.refuse
	}
	var fs []scrub.Finding
	sc := bufio.NewScanner(io.NewSectionReader(r, 0, size))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "author: "); ok {
			fs = append(fs, scrub.Finding{Where: "body", Field: "author", Value: v, Kind: scrub.KindPerson, Action: scrub.Remove})
		}
		if v, ok := strings.CutPrefix(sc.Text(), "note: "); ok {
			fs = append(fs, scrub.Finding{Where: "body", Field: "note", Value: v, Kind: scrub.KindHidden, Action: scrub.Report})
		}
	}
	return fs, nil
}
func (f *fake) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	if f.panics {
		panic("boom")
	}
	if f.refuse != nil {
		return nil, f.refuse
	}
	if f.sleep > 0 {
		time.Sleep(f.sleep)
	}
	if f.blockCtx {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	sc := bufio.NewScanner(io.NewSectionReader(r, 0, size))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "author: ") && !f.leaky {
			continue
		}
		io.WriteString(w, sc.Text()+"\n")
	}
	return nil, nil
}

func registry(hs ...scrub.Handler) *scrub.Registry {
	r := scrub.NewRegistry()
	for _, h := range hs {
		r.Register(h)
	}
	return r
}

func engine(hs ...scrub.Handler) *scrub.Engine {
	if len(hs) == 0 {
		hs = []scrub.Handler{&fake{name: "fk", magic: "FAKE", exts: []string{".fk"}}}
	}
	return &scrub.Engine{Registry: registry(hs...), Jobs: 2}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o640); err != nil {
		t.Fatal(err)
	}
}

func collect(t *testing.T, run func(fn func(scrub.Result)) error) map[string]scrub.Result {
	t.Helper()
	out := map[string]scrub.Result{}
	if err := run(func(r scrub.Result) { out[r.Path] = r }); err != nil {
		t.Fatal(err)
	}
	return out
}

// leftovers lists scrub temp files under dir.
func leftovers(t *testing.T, dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), scrub.TempPrefix) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

const dirty = "FAKE\nhello world\nauthor: Jane Planted\nnote: speaker notes here\n"

func TestCleanWritesVerifiedCopyBeside(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.fk")
	write(t, in, dirty)
	e := engine()
	res := collect(t, func(fn func(scrub.Result)) error {
		return e.Clean(context.Background(), scrub.NewPlan([]string{in}, scrub.PlanOptions{}), scrub.CleanOptions{}, fn)
	})
	r := res[in]
	if r.Status != scrub.StatusCleaned {
		t.Fatalf("status %s: %s", r.Status, r.Error)
	}
	out := filepath.Join(dir, "a.cleaned.fk")
	if r.Output != out {
		t.Errorf("output %q, want %q", r.Output, out)
	}
	got, _ := os.ReadFile(out)
	if strings.Contains(string(got), "Jane Planted") || !strings.Contains(string(got), "hello world") {
		t.Errorf("bad output %q", got)
	}
	if orig, _ := os.ReadFile(in); string(orig) != dirty {
		t.Error("original was modified")
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the original's 0640", fi.Mode().Perm())
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

func TestExistingOutputNeedsForce(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.fk")
	write(t, in, dirty)
	out := filepath.Join(dir, "a.cleaned.fk")
	write(t, out, "precious")
	e := engine()
	plan := scrub.NewPlan([]string{in}, scrub.PlanOptions{})
	res := collect(t, func(fn func(scrub.Result)) error {
		return e.Clean(context.Background(), plan, scrub.CleanOptions{}, fn)
	})
	if r := res[in]; r.Status != scrub.StatusFailed || !errors.Is(r.Err, scrub.ErrExists) {
		t.Errorf("want failed with ErrExists, got %s %q %v", r.Status, r.Error, r.Err)
	}
	if b, _ := os.ReadFile(out); string(b) != "precious" {
		t.Error("existing output overwritten without --force")
	}
	res = collect(t, func(fn func(scrub.Result)) error {
		return e.Clean(context.Background(), plan, scrub.CleanOptions{Force: true}, fn)
	})
	if r := res[in]; r.Status != scrub.StatusCleaned {
		t.Errorf("with force: %s %s", r.Status, r.Error)
	}
}

func TestInPlace(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.fk")
	b := filepath.Join(dir, "b.fk")
	write(t, a, dirty)
	write(t, b, "FAKE\nalready clean\n")
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	os.Chtimes(b, old, old)
	e := engine()
	res := collect(t, func(fn func(scrub.Result)) error {
		return e.Clean(context.Background(), scrub.NewPlan([]string{dir}, scrub.PlanOptions{}), scrub.CleanOptions{InPlace: true}, fn)
	})
	if r := res[a]; r.Status != scrub.StatusCleaned {
		t.Fatalf("a: %s %s", r.Status, r.Error)
	}
	if got, _ := os.ReadFile(a); strings.Contains(string(got), "Planted") {
		t.Error("in-place file still dirty")
	}
	if r := res[b]; r.Status != scrub.StatusAlreadyClean {
		t.Errorf("b: %s", r.Status)
	}
	if fi, _ := os.Stat(b); !fi.ModTime().Equal(old) {
		t.Error("already clean file was rewritten in place")
	}
	if fi, _ := os.Stat(a); fi.Mode().Perm() != 0o640 {
		t.Errorf("in-place mode %v", fi.Mode().Perm())
	}
}

func TestOutDirMirrorsTree(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "docs")
	write(t, filepath.Join(src, "x", "a.fk"), dirty)
	write(t, filepath.Join(src, "b.fk"), dirty)
	out := filepath.Join(src, "out") // inside the input tree: must not be walked
	write(t, filepath.Join(out, "old.fk"), dirty)
	e := engine()
	plan := scrub.NewPlan([]string{src}, scrub.PlanOptions{Exclude: []string{out}})
	res := collect(t, func(fn func(scrub.Result)) error {
		return e.Clean(context.Background(), plan, scrub.CleanOptions{OutDir: out}, fn)
	})
	for _, want := range []string{"docs/x/a.fk", "docs/b.fk"} {
		if _, err := os.Stat(filepath.Join(out, want)); err != nil {
			t.Errorf("missing mirrored output %s", want)
		}
	}
	if r, ok := res[out]; !ok || r.Status != scrub.StatusSkipped {
		t.Errorf("output folder inside the input was not skipped: %+v", res)
	}
}

func TestVerifyFailureWritesNothing(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.fk")
	write(t, in, dirty)
	e := engine(&fake{name: "fk", magic: "FAKE", exts: []string{".fk"}, leaky: true})
	res := collect(t, func(fn func(scrub.Result)) error {
		return e.Clean(context.Background(), scrub.NewPlan([]string{in}, scrub.PlanOptions{}), scrub.CleanOptions{InPlace: true}, fn)
	})
	r := res[in]
	var ve *scrub.VerifyError
	if r.Status != scrub.StatusFailed || !errors.As(r.Err, &ve) || len(r.Findings) != 1 {
		t.Fatalf("want a verification failure listing the leftover, got %s %v %+v", r.Status, r.Err, r.Findings)
	}
	if got, _ := os.ReadFile(in); string(got) != dirty {
		t.Error("original replaced although verification failed")
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

func TestPanicIsContained(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.fk")
	other := filepath.Join(dir, "b.ok")
	write(t, in, dirty)
	write(t, other, "OK\nauthor: Someone\n")
	e := engine(&fake{name: "fk", magic: "FAKE", exts: []string{".fk"}, panics: true},
		&fake{name: "ok", magic: "OK", exts: []string{".ok"}})
	res := collect(t, func(fn func(scrub.Result)) error {
		return e.Clean(context.Background(), scrub.NewPlan([]string{dir}, scrub.PlanOptions{}), scrub.CleanOptions{}, fn)
	})
	var pe *scrub.PanicError
	if r := res[in]; r.Status != scrub.StatusFailed || !errors.As(r.Err, &pe) {
		t.Errorf("panic: %s %v", r.Status, r.Err)
	}
	if r := res[other]; r.Status != scrub.StatusCleaned {
		t.Errorf("the rest of the batch did not continue: %s %s", r.Status, r.Error)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.cleaned.fk")); err == nil {
		t.Error("output written for a panicking handler")
	}
}

func TestTimeoutAbandonsHandler(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.fk")
	write(t, in, dirty)
	e := engine(&fake{name: "fk", magic: "FAKE", exts: []string{".fk"}, sleep: 2 * time.Second})
	e.Limits.Timeout = 100 * time.Millisecond
	res := collect(t, func(fn func(scrub.Result)) error {
		return e.Clean(context.Background(), scrub.NewPlan([]string{in}, scrub.PlanOptions{}), scrub.CleanOptions{}, fn)
	})
	if r := res[in]; r.Status != scrub.StatusRefused || !errors.Is(r.Err, scrub.ErrLimit) {
		t.Errorf("want refused over the time limit, got %s %v", r.Status, r.Err)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

func TestCancelLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a", "b", "c", "d", "e", "f"} {
		write(t, filepath.Join(dir, n+".fk"), dirty)
	}
	e := engine(&fake{name: "fk", magic: "FAKE", exts: []string{".fk"}, blockCtx: true})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	var got []scrub.Result
	err := e.Clean(ctx, scrub.NewPlan([]string{dir}, scrub.PlanOptions{}), scrub.CleanOptions{}, func(r scrub.Result) { got = append(got, r) })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if len(got) != 6 {
		t.Errorf("want a result for every file, got %d", len(got))
	}
	for _, r := range got {
		if r.Status != scrub.StatusInterrupted {
			t.Errorf("%s: %s", r.Path, r.Status)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 6 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("interrupted run left files behind: %v", names)
	}
}

func TestDetection(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "mismatch.fk"), "OK\nauthor: x\n") // an .ok file named .fk
	write(t, filepath.Join(dir, "garbage.fk"), "not a fake\n")
	write(t, filepath.Join(dir, "notes.txt"), "some text\n")
	write(t, filepath.Join(dir, "noext"), "OK\nauthor: x\n")
	write(t, filepath.Join(dir, "enc.fk"), "ENC\n")
	write(t, filepath.Join(dir, "a.cleaned.fk"), dirty)
	os.Symlink(filepath.Join(dir, "noext"), filepath.Join(dir, "link.ok"))
	mkfifo(filepath.Join(dir, "fifo.fk"))
	e := engine(&fake{name: "fk", magic: "FAKE", exts: []string{".fk"}},
		&fake{name: "ok", magic: "OK", exts: []string{".ok"}},
		&fake{name: "enc", magic: "ENC", exts: []string{".enc"}, refuse: scrub.Encrypted("enc", "needs a password", "remove it")})
	res := collect(t, func(fn func(scrub.Result)) error {
		return e.Inspect(context.Background(), scrub.NewPlan([]string{dir, filepath.Join(dir, "nope.fk")}, scrub.PlanOptions{}), fn)
	})
	want := map[string]scrub.Status{
		"mismatch.fk": scrub.StatusRefused, "garbage.fk": scrub.StatusRefused, "notes.txt": scrub.StatusSkipped,
		"noext": scrub.StatusDirty, "enc.fk": scrub.StatusRefused, "a.cleaned.fk": scrub.StatusSkipped,
		"link.ok": scrub.StatusSkipped, "fifo.fk": scrub.StatusSkipped, "nope.fk": scrub.StatusFailed,
	}
	for name, st := range want {
		r, ok := res[filepath.Join(dir, name)]
		if !ok {
			t.Errorf("%s: no result", name)
			continue
		}
		if r.Status != st {
			t.Errorf("%s: status %s (%s), want %s", name, r.Status, r.Error, st)
		}
	}
	if r := res[filepath.Join(dir, "mismatch.fk")]; !errors.Is(r.Err, scrub.ErrMismatch) || r.Hint == "" {
		t.Errorf("mismatch: %v hint %q", r.Err, r.Hint)
	}
	if r := res[filepath.Join(dir, "enc.fk")]; !errors.Is(r.Err, scrub.ErrMismatch) {
		t.Errorf("enc named .fk: %v", r.Err)
	}
}

func TestExplicitSymlinkNotFollowed(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "a.fk")
	write(t, target, dirty)
	link := filepath.Join(dir, "l.fk")
	os.Symlink(target, link)
	e := engine()
	res := collect(t, func(fn func(scrub.Result)) error {
		return e.Clean(context.Background(), scrub.NewPlan([]string{link}, scrub.PlanOptions{}), scrub.CleanOptions{InPlace: true}, fn)
	})
	if r := res[link]; r.Status != scrub.StatusSkipped {
		t.Errorf("explicit symlink: %s", r.Status)
	}
	if b, _ := os.ReadFile(target); string(b) != dirty {
		t.Error("symlink target modified")
	}
}

func TestPolyglotRefused(t *testing.T) {
	e := engine(&fake{name: "fk", magic: "FAKE", exts: []string{".fk"}}, &fake{name: "fk2", magic: "FAKE", exts: []string{".fk2"}})
	r := e.InspectData(context.Background(), "x.fk", []byte(dirty))
	if r.Status != scrub.StatusRefused || !strings.Contains(r.Error, "polyglot") {
		t.Errorf("polyglot: %s %s", r.Status, r.Error)
	}
}

func TestDuplicateRegistrationPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("registering an extension twice did not panic")
		}
	}()
	registry(&fake{name: "a", magic: "A", exts: []string{".x"}}, &fake{name: "b", magic: "B", exts: []string{".x"}})
}

func TestNamedTwiceProcessedOnce(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.fk")
	write(t, in, dirty)
	plan := scrub.NewPlan([]string{in, dir, in}, scrub.PlanOptions{})
	if len(plan.Targets) != 1 {
		t.Errorf("targets %v", plan.Targets)
	}
}

func TestCleanData(t *testing.T) {
	e := engine()
	out, r := e.CleanData(context.Background(), "mail.fk", []byte(dirty))
	if r.Status != scrub.StatusCleaned || bytes.Contains(out, []byte("Planted")) {
		t.Errorf("%s %q", r.Status, out)
	}
	out, r = e.CleanData(context.Background(), "mail.fk", out)
	if r.Status != scrub.StatusAlreadyClean || out == nil {
		t.Errorf("second pass: %s", r.Status)
	}
	e = engine(&fake{name: "fk", magic: "FAKE", exts: []string{".fk"}, leaky: true})
	if out, r = e.CleanData(context.Background(), "mail.fk", []byte(dirty)); out != nil || r.Status != scrub.StatusFailed {
		t.Errorf("leaky handler: %s", r.Status)
	}
}

func TestFindingsAreEscaped(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.fk")
	write(t, in, "FAKE\nauthor: evil\x1b]0;pwned\x07\u202eexe.doc\n")
	e := engine()
	res := collect(t, func(fn func(scrub.Result)) error {
		return e.Inspect(context.Background(), scrub.NewPlan([]string{in}, scrub.PlanOptions{}), fn)
	})
	v := res[in].Findings[0].Value
	if strings.ContainsAny(v, "\x1b\x07\u202e") || v != `evil\x1b]0;pwned\x07\u202eexe.doc` {
		t.Errorf("value not escaped: %q", v)
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain":           "plain",
		"C:\\Users\\jane": "C:\\Users\\jane",
		"a\nb\tc":         `a\nb\tc`,
		"\u009b31m":       `\u009b31m`,
		"\x9b31m":         `\x9b31m`,
		"bad\xffutf8":     `bad\xffutf8`,
		"zero\u200bwidth": `zero\u200bwidth`,
		"日本語 Ελληνικά":    "日本語 Ελληνικά",
	} {
		if got := scrub.Escape(in, 0); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
	if got := scrub.Escape(strings.Repeat("x", 20), 5); got != "xxxxx… (15 more characters)" {
		t.Errorf("shortening: %q", got)
	}
}

func TestFormatsListSupportedFirst(t *testing.T) {
	r := registry(&fake{name: "b", magic: "B", exts: []string{".b"}}, &refusing{}, &fake{name: "a", magic: "A", exts: []string{".a"}})
	var names []string
	for _, f := range r.Formats() {
		names = append(names, f.Name)
	}
	if !sort.SliceIsSorted(names[:2], func(i, j int) bool { return names[i] < names[j] }) || names[2] != "old" {
		t.Errorf("order %v", names)
	}
}

type refusing struct{ fake }

func (refusing) Name() string { return "legacy" }
func (refusing) Formats() []scrub.Format {
	return []scrub.Format{{Name: "old", Extensions: []string{".old"}, Refused: "too old", Hint: "convert it"}}
}

func TestSweepRemovesOnlyOwnStaleTemps(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, scrub.TempPrefix+"999999999-abc")                  // no such process
	live := filepath.Join(dir, scrub.TempPrefix+strconv.Itoa(os.Getppid())+"-abc") // a running process
	other := filepath.Join(dir, ".scrub-tmp-notapid")
	mine := filepath.Join(dir, "report.docx")
	for _, p := range []string{stale, live, other, mine} {
		write(t, p, "x")
	}
	in := filepath.Join(dir, "a.fk")
	write(t, in, dirty)
	e := engine()
	collect(t, func(fn func(scrub.Result)) error {
		return e.Clean(context.Background(), scrub.NewPlan([]string{in}, scrub.PlanOptions{}), scrub.CleanOptions{}, fn)
	})
	if _, err := os.Stat(stale); err == nil {
		t.Error("stale temp of a dead process was not removed")
	}
	for _, p := range []string{live, other, mine} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", filepath.Base(p))
		}
	}
}

func TestWalkResultsAreEscaped(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "evil\x1b[2J.fk")
	if err := os.Symlink("nowhere", link); err != nil {
		t.Skip("no symlinks here")
	}
	e := engine()
	var got []scrub.Result
	e.Inspect(context.Background(), scrub.NewPlan([]string{dir, filepath.Join(dir, "gone\x07.fk")}, scrub.PlanOptions{}), func(r scrub.Result) { got = append(got, r) })
	if len(got) != 2 {
		t.Fatalf("results %+v", got)
	}
	for _, r := range got {
		if strings.ContainsAny(r.Path+r.Error, "\x1b\x07") {
			t.Errorf("unescaped: %q %q", r.Path, r.Error)
		}
	}
}

// reporting is a fake whose Clean also reports, and counts Inspect calls.
type reporting struct {
	fake
	inspects atomic.Int32
}

func (r *reporting) Inspect(ctx context.Context, env *scrub.Env, ra io.ReaderAt, size int64) ([]scrub.Finding, error) {
	r.inspects.Add(1)
	return r.fake.Inspect(ctx, env, ra, size)
}

func (r *reporting) CleanReport(ctx context.Context, env *scrub.Env, ra io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	fs, err := r.fake.Inspect(ctx, env, ra, size) // a real handler would find them while cleaning
	if err != nil {
		return nil, nil, err
	}
	ws, err := r.fake.Clean(ctx, env, ra, size, w)
	return fs, ws, err
}

func TestReportingCleanerSkipsTheFirstInspect(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.fk")
	b := filepath.Join(dir, "b.fk")
	write(t, a, dirty)
	write(t, b, "FAKE\nalready clean\n")
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	os.Chtimes(b, old, old)
	h := &reporting{fake: fake{name: "fk", magic: "FAKE", exts: []string{".fk"}}}
	e := engine(h)
	res := collect(t, func(fn func(scrub.Result)) error {
		return e.Clean(context.Background(), scrub.NewPlan([]string{dir}, scrub.PlanOptions{}), scrub.CleanOptions{InPlace: true}, fn)
	})
	if r := res[a]; r.Status != scrub.StatusCleaned || len(r.Findings) != 2 {
		t.Errorf("a: %s %+v", r.Status, r.Findings)
	}
	if r := res[b]; r.Status != scrub.StatusAlreadyClean || r.Output != "" {
		t.Errorf("b: %s %q", r.Status, r.Output)
	}
	if fi, _ := os.Stat(b); !fi.ModTime().Equal(old) {
		t.Error("already clean file was replaced")
	}
	if n := h.inspects.Load(); n != 1 {
		t.Errorf("Inspect ran %d times, want once (verification of a only)", n)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

// With BiggestFirst and one worker, files are taken biggest first, and each
// result still carries the index of its target in the plan; without it,
// they are taken in the plan's order.
func TestBiggestFileFirst(t *testing.T) {
	dir := t.TempDir()
	sizes := map[string]int{"a.fk": 10, "b.fk": 300, "c.fk": 20, "d.fk": 2000, "e.fk": 20}
	for name, n := range sizes {
		write(t, filepath.Join(dir, name), dirty+strings.Repeat("x", n)+"\n")
	}
	e := engine()
	e.Jobs = 1
	plan := scrub.NewPlan([]string{dir}, scrub.PlanOptions{})
	order := func() string {
		var got []string
		err := e.Inspect(context.Background(), plan, func(r scrub.Result) {
			got = append(got, filepath.Base(r.Path))
			if plan.Targets[r.Index].Path != r.Path {
				t.Errorf("result %s carries index %d of %s", r.Path, r.Index, plan.Targets[r.Index].Path)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(got, " ")
	}
	if got, want := order(), "a.fk b.fk c.fk d.fk e.fk"; got != want {
		t.Errorf("plan order %q, want %q", got, want)
	}
	e.BiggestFirst = true
	// c and e are the same size: they keep the walk's (name) order.
	if got, want := order(), "d.fk b.fk c.fk e.fk a.fk"; got != want {
		t.Errorf("biggest first %q, want %q", got, want)
	}
}
