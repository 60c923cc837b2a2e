package scrub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scrub-project/scrub/scrub"
)

// The engine's behaviour when the file system is hostile or fails: every
// case gives a clear per-file error, the rest of the batch continues, the
// original is untouched and no temporary file is left.

// mutating is a fake handler whose Clean changes its input file on disk
// (as another program saving it at the wrong moment would).
type mutating struct{ fake }

func (m *mutating) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	if f, ok := r.(*os.File); ok {
		if a, err := os.OpenFile(f.Name(), os.O_WRONLY|os.O_APPEND, 0); err == nil {
			a.WriteString("author: Added While Cleaning\n")
			a.Close()
		}
	}
	return m.fake.Clean(ctx, env, r, size, w)
}

func cleanAll(t *testing.T, e *scrub.Engine, paths []string, opt scrub.CleanOptions) map[string]scrub.Result {
	t.Helper()
	return collect(t, func(fn func(scrub.Result)) error {
		return e.Clean(context.Background(), scrub.NewPlan(paths, scrub.PlanOptions{}), opt, fn)
	})
}

// wantFailed checks that r failed with a message containing one of want.
func wantFailed(t *testing.T, r scrub.Result, want ...string) {
	t.Helper()
	if r.Status != scrub.StatusFailed {
		t.Errorf("%s: status %s (%s), want failed", r.Path, r.Status, r.Error)
		return
	}
	for _, w := range want {
		if strings.Contains(r.Error, w) {
			return
		}
	}
	t.Errorf("%s: error %q does not say %q", r.Path, r.Error, want)
}

// A read-only file cleaned in place is replaced (the folder is writable,
// and the user asked for it) and stays read-only: scrub keeps the mode,
// as sed -i does. Refusing would leave the identifying original in place
// while the user believes it clean.
func TestInPlaceReadOnlyFileKeepsMode(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.fk")
	write(t, in, dirty)
	if err := os.Chmod(in, 0o444); err != nil {
		t.Fatal(err)
	}
	r := cleanAll(t, engine(), []string{in}, scrub.CleanOptions{InPlace: true})[in]
	if r.Status != scrub.StatusCleaned {
		t.Fatalf("status %s: %s", r.Status, r.Error)
	}
	got, _ := os.ReadFile(in)
	if strings.Contains(string(got), "Jane Planted") {
		t.Error("the read-only file still carries the author")
	}
	if fi, _ := os.Stat(in); fi.Mode().Perm() != 0o444 {
		t.Errorf("mode %v, want the original's 0444", fi.Mode().Perm())
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

// readOnlyDir returns a folder nothing can be created in, after fill has
// put files in it: chmod for ordinary users, a tmpfs remounted read-only
// for root (who ignores modes).
func readOnlyDir(t *testing.T, fill func(dir string)) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		fill(dir)
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return dir
	}
	mountTmpfs(t, dir, "size=256k")
	fill(dir)
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot remount the tmpfs read-only (%v: %s)", err, bytes.TrimSpace(out))
	}
	return dir
}

// mountTmpfs mounts a tmpfs with opts on dir for the test, or skips the
// test when that is not possible here.
func mountTmpfs(t *testing.T, dir, opts string) {
	t.Helper()
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("needs root on Linux to mount a small tmpfs")
	}
	mount, err := exec.LookPath("mount")
	if err != nil {
		t.Skip("no mount command")
	}
	if out, err := exec.Command(mount, "-t", "tmpfs", "-o", opts, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s)", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
}

func TestReadOnlyOutputFolder(t *testing.T) {
	src := t.TempDir()
	a, b := filepath.Join(src, "a.fk"), filepath.Join(src, "b.fk")
	write(t, a, dirty)
	write(t, b, dirty)
	out := readOnlyDir(t, func(string) {})
	res := cleanAll(t, engine(), []string{a, b}, scrub.CleanOptions{OutDir: out})
	for _, p := range []string{a, b} {
		wantFailed(t, res[p], "read-only file system", "permission denied")
		if got, _ := os.ReadFile(p); string(got) != dirty {
			t.Errorf("%s: the original was modified", p)
		}
	}
}

// A read-only folder holding the input: in place and beside, nothing can
// be written; each file fails on its own.
func TestReadOnlyInputFolder(t *testing.T) {
	var a, b string
	readOnlyDir(t, func(dir string) {
		a, b = filepath.Join(dir, "a.fk"), filepath.Join(dir, "b.fk")
		write(t, a, dirty)
		write(t, b, dirty)
	})
	for _, opt := range []scrub.CleanOptions{{InPlace: true}, {}} {
		res := cleanAll(t, engine(), []string{a, b}, opt)
		for _, p := range []string{a, b} {
			wantFailed(t, res[p], "read-only file system", "permission denied")
			if got, _ := os.ReadFile(p); string(got) != dirty {
				t.Errorf("%s: the original was modified", p)
			}
		}
	}
}

// A file that cannot be read fails on its own; the next file is cleaned.
// Root reads anything, so as root the test runs itself again as the
// nobody user.
func TestUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		rerunAsNobody(t, "TestUnreadableFile")
		return
	}
	dir := t.TempDir()
	locked, open := filepath.Join(dir, "a-locked.fk"), filepath.Join(dir, "b-open.fk")
	write(t, locked, dirty)
	write(t, open, dirty)
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o644) })
	for _, opt := range []scrub.CleanOptions{{}, {InPlace: true}} {
		res := cleanAll(t, engine(), []string{dir}, opt)
		wantFailed(t, res[locked], "permission denied")
		if r := res[open]; r.Status != scrub.StatusCleaned {
			t.Errorf("the rest of the batch: %s %s", r.Status, r.Error)
		}
		write(t, open, dirty)
		os.Remove(scrub.CleanedName(open))
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

// rerunAsNobody runs test again in a copy of the test binary as uid and
// gid 65534, and fails if it fails there. It skips when the system does
// not allow that (no CAP_SETUID, noexec temp folder).
func rerunAsNobody(t *testing.T, test string) {
	t.Helper()
	if os.Getenv("SCRUB_TEST_AS_NOBODY") != "" {
		t.Fatal("still root after dropping privileges")
	}
	self, err := os.Executable()
	if err != nil {
		t.Skipf("cannot find the test binary: %v", err)
	}
	dir, err := os.MkdirTemp("", "scrub-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o777|os.ModeSticky)
	bin := filepath.Join(dir, "scrub.test")
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^"+test+"$", "-test.v")
	cmd.Env = append(os.Environ(), "SCRUB_TEST_AS_NOBODY=1", "TMPDIR="+dir, "HOME="+dir)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		if !bytes.Contains(out, []byte("--- PASS: "+test)) {
			t.Fatalf("the test did not run as nobody:\n%s", out)
		}
		t.Logf("ran as nobody:\n%s", out)
	case errors.As(err, &ee) && ee.ExitCode() > 0:
		t.Fatalf("as nobody:\n%s", out)
	default:
		t.Skipf("cannot run as nobody here: %v", err)
	}
}

// A full disk (ENOSPC) while writing the cleaned copy: the file fails with
// the system's reason, its temporary file is gone, the original is
// untouched, and the next file (small enough) is still cleaned.
func TestDiskFull(t *testing.T) {
	src := t.TempDir()
	big := filepath.Join(src, "a-big.fk")
	small := filepath.Join(src, "b-small.fk")
	bigContent := "FAKE\n" + strings.Repeat("content that fills the disk\n", 20000) + "author: Jane Planted\n"
	write(t, big, bigContent)
	write(t, small, dirty)
	out := filepath.Join(t.TempDir(), "full")
	os.Mkdir(out, 0o755)
	mountTmpfs(t, out, "size=256k")
	e := engine()
	e.Jobs = 1
	res := cleanAll(t, e, []string{big, small}, scrub.CleanOptions{OutDir: out})
	wantFailed(t, res[big], "no space left on device")
	if r := res[small]; r.Status != scrub.StatusCleaned {
		t.Errorf("the next file after a full disk: %s %s", r.Status, r.Error)
	}
	if got, _ := os.ReadFile(big); string(got) != bigContent {
		t.Error("the original was modified")
	}
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("temp files left on the full disk: %v", l)
	}
}

// In place on a disk without room for the cleaned copy: the original must
// survive whole.
func TestDiskFullInPlace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "full")
	os.Mkdir(dir, 0o755)
	mountTmpfs(t, dir, "size=256k")
	in := filepath.Join(dir, "a.fk")
	content := "FAKE\n" + strings.Repeat("content that fills the disk\n", 5000) + "author: Jane Planted\n" // 140 KB: no room for a second copy
	write(t, in, content)
	r := cleanAll(t, engine(), []string{in}, scrub.CleanOptions{InPlace: true})[in]
	wantFailed(t, r, "no space left on device")
	if got, _ := os.ReadFile(in); string(got) != content {
		t.Error("the original was damaged by a failed in-place clean")
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

// A file that changes while it is cleaned: the engine's final check sees
// it, nothing is written (in place: the file keeps what was added), and
// the rest of the batch continues.
func TestFileChangedWhileCleaned(t *testing.T) {
	for _, opt := range []scrub.CleanOptions{{}, {InPlace: true}} {
		dir := t.TempDir()
		a := filepath.Join(dir, "a.mut")
		b := filepath.Join(dir, "b.fk")
		write(t, a, "MUT\nauthor: Jane Planted\n")
		write(t, b, dirty)
		e := engine(&fake{name: "fk", magic: "FAKE", exts: []string{".fk"}},
			&mutating{fake{name: "mut", magic: "MUT", exts: []string{".mut"}}})
		res := cleanAll(t, e, []string{dir}, opt)
		wantFailed(t, res[a], "changed while it was cleaned")
		if got, _ := os.ReadFile(a); !strings.Contains(string(got), "Added While Cleaning") || !strings.Contains(string(got), "Jane Planted") {
			t.Errorf("in-place %v: the changed file was replaced: %q", opt.InPlace, got)
		}
		if _, err := os.Stat(scrub.CleanedName(a)); err == nil {
			t.Error("an output was written for a file that changed")
		}
		if r := res[b]; r.Status != scrub.StatusCleaned {
			t.Errorf("the rest of the batch: %s %s", r.Status, r.Error)
		}
		if l := leftovers(t, dir); len(l) > 0 {
			t.Errorf("temp files left: %v", l)
		}
	}
}

// The same file named twice, by two paths or through a hard link, is
// processed once.
func TestSameFileNamedTwice(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.fk")
	write(t, a, dirty)
	hard := filepath.Join(dir, "hard.fk")
	if err := os.Link(a, hard); err != nil {
		t.Skip("no hard links here")
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	other := dir + "/sub/../a.fk" // not cleaned: a second spelling

	plan := scrub.NewPlan([]string{a, other, hard, dir}, scrub.PlanOptions{})
	if len(plan.Targets) != 1 {
		t.Fatalf("targets %v, want one", plan.Targets)
	}
	var skipped int
	for _, r := range plan.Decided {
		if r.Status == scrub.StatusSkipped && strings.Contains(r.Error, "named more than once") {
			skipped++
		}
	}
	// other, hard, and the two the folder walk meets again.
	if skipped != 4 {
		t.Errorf("%d skipped as named more than once, want 4: %+v", skipped, plan.Decided)
	}
	res := collect(t, func(fn func(scrub.Result)) error {
		return engine().Clean(context.Background(), plan, scrub.CleanOptions{InPlace: true}, fn)
	})
	// The file has a second name (hard): in place, that name would keep
	// everything, so the file is refused and left as it was.
	if r := res[a]; r.Status != scrub.StatusRefused || !errors.Is(r.Err, scrub.ErrHardLinks) || r.Hint == "" {
		t.Errorf("%s %s %q", r.Status, r.Error, r.Hint)
	}
	if got, _ := os.ReadFile(hard); string(got) != dirty {
		t.Error("the file was changed")
	}
}

// Two different files whose cleaned copies would land on the same output
// path: the second one fails with both names, the first is written.
func TestTwoInputsOneOutput(t *testing.T) {
	root := t.TempDir()
	x, y := filepath.Join(root, "x", "a.fk"), filepath.Join(root, "y", "a.fk")
	write(t, x, dirty)
	write(t, y, dirty)
	out := filepath.Join(root, "out")
	e := engine()
	e.Jobs = 1
	res := cleanAll(t, e, []string{x, y}, scrub.CleanOptions{OutDir: out})
	if r := res[x]; r.Status != scrub.StatusCleaned {
		t.Errorf("first: %s %s", r.Status, r.Error)
	}
	wantFailed(t, res[y], "would both be written to")
	if l := leftovers(t, root); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

// An output folder inside the input tree, run twice: the second run does
// not walk the first run's outputs.
func TestOutputFolderInsideInputTwice(t *testing.T) {
	src := filepath.Join(t.TempDir(), "docs")
	write(t, filepath.Join(src, "a.fk"), dirty)
	write(t, filepath.Join(src, "sub", "b.fk"), dirty)
	out := filepath.Join(src, "clean")
	for run := 0; run < 2; run++ {
		plan := scrub.NewPlan([]string{src}, scrub.PlanOptions{Exclude: []string{out}})
		if len(plan.Targets) != 2 {
			t.Fatalf("run %d: %d targets, want 2 (the output folder was walked): %v", run, len(plan.Targets), plan.Targets)
		}
		res := collect(t, func(fn func(scrub.Result)) error {
			return engine().Clean(context.Background(), plan, scrub.CleanOptions{OutDir: out, Force: true}, fn)
		})
		for p, r := range res {
			if r.Status != scrub.StatusCleaned && r.Status != scrub.StatusSkipped {
				t.Errorf("run %d: %s: %s %s", run, p, r.Status, r.Error)
			}
		}
	}
	var n int
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	if n != 2 {
		t.Errorf("%d files under the output folder, want 2", n)
	}
}

// Results are meant to be printed: the JSON of a result for a crafted
// name carries no raw control character.
func TestResultJSONEscaped(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "evil\x1b]0;pwned\x07.fk")
	write(t, in, "FAKE\nauthor: \x1b[31mred\u202e\n")
	res := cleanAll(t, engine(), []string{in}, scrub.CleanOptions{})
	for _, r := range res {
		b, _ := json.Marshal(r)
		if s := string(b); strings.Contains(s, `\u001b`) || strings.Contains(s, `\u0007`) || strings.Contains(s, "\u202e") {
			t.Errorf("raw control characters in %s", s)
		}
	}
}

// A file swapped for a symbolic link or a FIFO between the walk and the
// clean is neither followed nor waited on: the link's target is untouched
// (in place too), and the FIFO does not block the run.
func TestSwappedAfterPlanning(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.fk")
	write(t, target, dirty)
	link := filepath.Join(dir, "a.fk")
	fifo := filepath.Join(dir, "b.fk")
	write(t, link, dirty)
	write(t, fifo, dirty)
	plan := scrub.NewPlan([]string{link, fifo}, scrub.PlanOptions{})
	if len(plan.Targets) != 2 {
		t.Fatalf("targets %v", plan.Targets)
	}
	os.Remove(link)
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here")
	}
	os.Remove(fifo)
	mkfifo(fifo)
	done := make(chan map[string]scrub.Result, 1)
	go func() {
		done <- collect(t, func(fn func(scrub.Result)) error {
			return engine().Clean(context.Background(), plan, scrub.CleanOptions{InPlace: true}, fn)
		})
	}()
	var res map[string]scrub.Result
	select {
	case res = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the run blocked on a FIFO")
	}
	wantFailed(t, res[link], "symbolic link")
	wantFailed(t, res[fifo], "not a regular file", "symbolic link")
	if got, _ := os.ReadFile(target); string(got) != dirty {
		t.Error("the symbolic link was followed: its target changed")
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

// An output folder that is the input's own place (-o PARENT of the folder
// cleaned) would put the cleaned copy over the original: refused, even
// with --force; only --in-place replaces originals.
func TestOutputOverOriginal(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "docs")
	os.Mkdir(dir, 0o755)
	in := filepath.Join(dir, "a.fk")
	write(t, in, dirty)
	for _, force := range []bool{false, true} {
		r := cleanAll(t, engine(), []string{dir}, scrub.CleanOptions{OutDir: parent, Force: force})[in]
		if r.Status != scrub.StatusFailed || !errors.Is(r.Err, scrub.ErrOverOriginal) {
			t.Errorf("force %v: %s %s, want the over-original refusal", force, r.Status, r.Error)
		}
		if got, _ := os.ReadFile(in); string(got) != dirty {
			t.Fatalf("force %v: the original was replaced", force)
		}
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

// "-o .. ." names the folder "."; its copy goes under DIR/NAME-OF-THE-FOLDER,
// never straight into DIR (where it would meet unrelated files).
func TestOutDirForDot(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "docs")
	os.Mkdir(dir, 0o755)
	write(t, filepath.Join(dir, "a.fk"), dirty)
	write(t, filepath.Join(parent, "a.fk"), "unrelated\n")
	t.Chdir(dir)
	// "-o .. ." is the input folder itself: refused, nothing overwritten.
	r := cleanAll(t, engine(), []string{"."}, scrub.CleanOptions{OutDir: "..", Force: true})["a.fk"]
	if r.Status != scrub.StatusFailed || !errors.Is(r.Err, scrub.ErrOverOriginal) {
		t.Errorf("-o .. .: %s %s -> %s", r.Status, r.Error, r.Output)
	}
	if got, _ := os.ReadFile(filepath.Join(parent, "a.fk")); string(got) != "unrelated\n" {
		t.Error("a file in the output folder's root was overwritten")
	}
	r = cleanAll(t, engine(), []string{"."}, scrub.CleanOptions{OutDir: "../out"})["a.fk"]
	if r.Status != scrub.StatusCleaned || filepath.Clean(r.Output) != filepath.Join("..", "out", "docs", "a.fk") {
		t.Errorf("-o ../out .: %s %s -> %s", r.Status, r.Error, r.Output)
	}
}

// Symbolic links are not followed through a trailing slash nor as a
// folder on the way to a file; version-control folders are not walked.
func TestNoLinksOnTheWay(t *testing.T) {
	root := t.TempDir()
	real := filepath.Join(root, "real")
	os.Mkdir(real, 0o755)
	write(t, filepath.Join(real, "secret.fk"), dirty)
	link := filepath.Join(root, "linkdir")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symbolic links here")
	}
	for _, p := range []string{link + "/", link + string(filepath.Separator) + "secret.fk"} {
		plan := scrub.NewPlan([]string{p}, scrub.PlanOptions{})
		if len(plan.Targets) != 0 || len(plan.Decided) != 1 || !errors.Is(plan.Decided[0].Err, scrub.ErrSymlink) {
			t.Errorf("%s: targets %v, decided %+v", p, plan.Targets, plan.Decided)
		}
	}
	os.MkdirAll(filepath.Join(real, ".git", "objects"), 0o755)
	write(t, filepath.Join(real, ".git", "objects", "x.fk"), dirty)
	plan := scrub.NewPlan([]string{real}, scrub.PlanOptions{})
	if len(plan.Targets) != 1 {
		t.Errorf("targets %v: the .git folder was walked", plan.Targets)
	}
	vcs := false
	for _, d := range plan.Decided {
		vcs = vcs || errors.Is(d.Err, scrub.ErrVersionControl)
	}
	if !vcs {
		t.Errorf("the .git folder is not listed as skipped: %+v", plan.Decided)
	}
}

func TestCleanedNameOfCompressedTar(t *testing.T) {
	for in, want := range map[string]string{
		"x.tar.gz": "x.cleaned.tar.gz", "dir/x.TAR.XZ": "dir/x.cleaned.TAR.XZ", "a.docx": "a.cleaned.docx",
		"noext": "noext.cleaned", "x.gz": "x.cleaned.gz", ".tar.gz": ".tar.cleaned.gz",
	} {
		if got := scrub.CleanedName(in); got != want {
			t.Errorf("CleanedName(%q) = %q, want %q", in, got, want)
		}
		if !scrub.IsCleanedName(filepath.Base(want)) {
			t.Errorf("IsCleanedName(%q) is false", want)
		}
	}
}
