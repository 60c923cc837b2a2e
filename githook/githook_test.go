package githook

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func gitT(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// newRepo makes a git repository with an isolated configuration.
func newRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir := t.TempDir()
	gitT(t, dir, "init", "-q", ".")
	gitT(t, dir, "config", "user.name", "Test")
	gitT(t, dir, "config", "user.email", "test@example.invalid")
	return dir
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func write(t *testing.T, p, s string, perm os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), perm); err != nil {
		t.Fatal(err)
	}
}

var ctx = context.Background()

func TestInstallFreshUpdateUninstall(t *testing.T) {
	dir := newRepo(t)
	hook := filepath.Join(dir, ".git", "hooks", "pre-commit")
	res, err := Install(ctx, dir, Options{Scrub: "/opt/it's here/scrub"})
	if err != nil || res.Action != Created || res.Hook != hook {
		t.Fatalf("install: %+v %v", res, err)
	}
	got := read(t, hook)
	if !strings.HasPrefix(got, "#!/bin/sh\n"+Begin+"\n") || !strings.HasSuffix(got, End+"\n") ||
		!strings.Contains(got, `scrub_bin='/opt/it'\''s here/scrub'`) || !strings.Contains(got, `"$scrub_bin" hook run || exit $?`) {
		t.Errorf("hook:\n%s", got)
	}
	if fi, _ := os.Stat(hook); fi.Mode().Perm()&0o111 == 0 {
		t.Error("hook is not executable")
	}
	if res, _ := Install(ctx, dir, Options{Scrub: "/opt/it's here/scrub"}); res.Action != Unchanged {
		t.Errorf("second install: %s", res.Action)
	}
	if res, _ := Install(ctx, dir, Options{Fix: true}); res.Action != Updated || !strings.Contains(read(t, hook), "hook run --fix") {
		t.Errorf("install --fix: %s", res.Action)
	}
	if res, err := Uninstall(ctx, dir); err != nil || res.Action != Removed {
		t.Fatalf("uninstall: %+v %v", res, err)
	}
	if _, err := os.Lstat(hook); !errors.Is(err, os.ErrNotExist) {
		t.Error("hook file scrub created is still there")
	}
	if res, _ := Uninstall(ctx, dir); res.Action != Absent {
		t.Errorf("second uninstall: %s", res.Action)
	}
}

func TestInsertIntoShellHookAndStripExactly(t *testing.T) {
	for _, sb := range []string{"#!/bin/sh", "#!/usr/bin/env bash", "#!/bin/bash -e", "#!/usr/bin/env -S zsh -f"} {
		dir := newRepo(t)
		hook := filepath.Join(dir, ".git", "hooks", "pre-commit")
		theirs := sb + "\n# their hook\nset -e\necho theirs \"$@\"\n"
		write(t, hook, theirs, 0o750)
		res, err := Install(ctx, dir, Options{})
		if err != nil || res.Action != Inserted {
			t.Fatalf("%s: %+v %v", sb, res, err)
		}
		got := read(t, hook)
		if !strings.HasPrefix(got, sb+"\n"+Begin+"\n") || !strings.HasSuffix(got, End+"\n# their hook\nset -e\necho theirs \"$@\"\n") {
			t.Errorf("%s: hook:\n%s", sb, got)
		}
		if fi, _ := os.Stat(hook); fi.Mode().Perm() != 0o750 {
			t.Errorf("mode changed to %v", fi.Mode().Perm())
		}
		res, err = Uninstall(ctx, dir)
		if err != nil || res.Action != Stripped || read(t, hook) != theirs {
			t.Errorf("%s: uninstall %+v %v:\n%s", sb, res, err, read(t, hook))
		}
	}
}

// TestPreCommitFrameworkHook: the pre-commit framework rewrites its hook on
// every "pre-commit install", so Install warns that scrub's lines will not
// last there.
func TestPreCommitFrameworkHook(t *testing.T) {
	dir := newRepo(t)
	hook := filepath.Join(dir, ".git", "hooks", "pre-commit")
	write(t, hook, "#!/usr/bin/env bash\n"+preCommitFramework+"\n# ID: 138fd403232d2ddd5efb44317e38bf03\nexec pre-commit hook-impl \"$@\"\n", 0o755)
	res, err := Install(ctx, dir, Options{})
	if err != nil || res.Action != Inserted || !strings.Contains(res.Note, ".pre-commit-config.yaml") {
		t.Errorf("%+v %v", res, err)
	}
	write(t, hook, "#!/bin/sh\necho theirs\n", 0o755)
	if res, _ := Install(ctx, dir, Options{}); res.Note != "" {
		t.Errorf("note for an ordinary hook: %q", res.Note)
	}
}

func TestChainOtherHooks(t *testing.T) {
	dir := newRepo(t)
	hook := filepath.Join(dir, ".git", "hooks", "pre-commit")
	theirs := "#!/usr/bin/env python3\nprint('theirs')\n"
	write(t, hook, theirs, 0o755)
	res, err := Install(ctx, dir, Options{})
	if err != nil || res.Action != Chained || res.Chained != hook+ChainedSuffix {
		t.Fatalf("%+v %v", res, err)
	}
	if read(t, hook+ChainedSuffix) != theirs {
		t.Error("chained hook content changed")
	}
	if !strings.Contains(read(t, hook), `exec "$scrub_chained" "$@"`) {
		t.Error("new hook does not run the chained one")
	}
	if res, err := Uninstall(ctx, dir); err != nil || res.Action != Restored || read(t, hook) != theirs {
		t.Fatalf("uninstall: %+v %v", res, err)
	}
	if _, err := os.Lstat(hook + ChainedSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Error("chained copy left behind")
	}

	// A symbolic link is moved, never written through.
	target := filepath.Join(dir, "shared-hook.sh")
	write(t, target, "#!/bin/sh\necho shared\n", 0o755)
	os.Remove(hook)
	if err := os.Symlink(target, hook); err != nil {
		t.Fatal(err)
	}
	if res, err := Install(ctx, dir, Options{}); err != nil || res.Action != Chained {
		t.Fatalf("symlink: %+v %v", res, err)
	}
	if read(t, target) != "#!/bin/sh\necho shared\n" {
		t.Error("wrote through a symbolic link")
	}
	// Never clobber: something already has the chained name.
	Uninstall(ctx, dir)
	write(t, hook, "binary\x00stuff", 0o755)
	write(t, hook+ChainedSuffix, "older", 0o755)
	if _, err := Install(ctx, dir, Options{}); err == nil || !strings.Contains(err.Error(), "in the way") {
		t.Errorf("install over a chained leftover: %v", err)
	}
	if read(t, hook) != "binary\x00stuff" || read(t, hook+ChainedSuffix) != "older" {
		t.Error("a hook was clobbered")
	}
}

func TestDamagedBlockAndHooksPath(t *testing.T) {
	dir := newRepo(t)
	hook := filepath.Join(dir, ".git", "hooks", "pre-commit")
	write(t, hook, "#!/bin/sh\n"+Begin+"\necho half\n", 0o755)
	if _, err := Install(ctx, dir, Options{}); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("install: %v", err)
	}
	if _, err := Uninstall(ctx, dir); err == nil {
		t.Error("uninstall of a damaged block succeeded")
	}

	gitT(t, dir, "config", "core.hooksPath", "my-hooks")
	sub := filepath.Join(dir, "a", "b")
	os.MkdirAll(sub, 0o755)
	res, err := Install(ctx, sub, Options{})
	if err != nil || res.Hook != filepath.Join(dir, "my-hooks", "pre-commit") || res.SharedPath != "my-hooks" {
		t.Fatalf("core.hooksPath: %+v %v", res, err)
	}

	if _, err := Install(ctx, t.TempDir(), Options{}); !errors.Is(err, ErrNotRepository) {
		t.Errorf("outside a repository: %v", err)
	}
	// Inside a repository, git's own error is kept (not taken for "not
	// in a repository"), whatever language git speaks.
	_, err = git(ctx, sub, nil, "rev-parse", "--verify", "--quiet", "no-such-ref")
	var ge *GitError
	if !errors.As(err, &ge) || errors.Is(err, ErrNotRepository) {
		t.Errorf("git failing in a repository: %v", err)
	}
	bare := t.TempDir()
	gitT(t, bare, "init", "-q", "--bare")
	if !inRepository(bare) || inRepository(t.TempDir()) {
		t.Error("inRepository")
	}
}

// TestHookScript runs the installed hook with a stand-in for scrub.
func TestHookScript(t *testing.T) {
	dir := newRepo(t)
	log := filepath.Join(dir, "log")
	fake := filepath.Join(dir, "fake-scrub")
	write(t, fake, "#!/bin/sh\necho \"scrub $*\" >> '"+log+"'\nexit ${FAKE_EXIT:-0}\n", 0o755)
	hook := filepath.Join(dir, ".git", "hooks", "pre-commit")
	write(t, hook, "#!/usr/bin/env python3\nimport sys\nopen('"+log+"', 'a').write('chained %s\\n' % sys.argv[1:])\n", 0o755)
	if _, err := Install(ctx, dir, Options{Fix: true, Scrub: fake}); err != nil {
		t.Fatal(err)
	}
	runHook := func(env ...string) (int, string) {
		os.Remove(log)
		cmd := exec.Command(hook, "arg1")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(log)
		return code, string(out) + string(b)
	}
	if _, err := exec.LookPath("python3"); err == nil {
		if code, out := runHook(); code != 0 || out != "scrub hook run --fix\nchained ['arg1']\n" {
			t.Errorf("passing: %d %q", code, out)
		}
	}
	if code, out := runHook("FAKE_EXIT=1"); code != 1 || out != "scrub hook run --fix\n" {
		t.Errorf("refusing: %d %q", code, out)
	}
	os.Remove(fake)
	if code, out := runHook("PATH=/usr/bin:/bin"); code != 1 || !strings.Contains(out, "cannot find the scrub program") {
		t.Errorf("scrub missing: %d %q", code, out)
	}
}

func TestStagedAndExtract(t *testing.T) {
	dir := newRepo(t)
	write(t, filepath.Join(dir, "docs", "a.txt"), "staged a\n", 0o644)
	write(t, filepath.Join(dir, "odd\nname -x.bin"), "staged odd\n", 0o755)
	write(t, filepath.Join(dir, "same.txt"), "same\n", 0o644)
	os.Symlink("a.txt", filepath.Join(dir, "docs", "link"))
	gitT(t, dir, "add", ".")
	write(t, filepath.Join(dir, "docs", "a.txt"), "changed after staging\n", 0o644)

	es, err := Staged(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Path)
	}
	if strings.Join(names, "|") != "docs/a.txt|odd\nname -x.bin|same.txt" {
		t.Fatalf("staged: %q", names)
	}
	into := t.TempDir()
	paths, err := Extract(ctx, dir, es, into)
	if err != nil {
		t.Fatal(err)
	}
	if read(t, paths[0]) != "staged a\n" || read(t, paths[1]) != "staged odd\n" || filepath.Base(paths[1]) != "odd\nname -x.bin" {
		t.Errorf("extracted: %q %q", paths, read(t, paths[0]))
	}
	if m, _ := WorkingCopyMatches(ctx, dir, es[0]); m {
		t.Error("a modified working copy matches")
	}
	if m, _ := WorkingCopyMatches(ctx, dir, es[2]); !m {
		t.Error("an unmodified working copy does not match")
	}
	write(t, filepath.Join(dir, ":(glob)*"), "magic\n", 0o644)
	if err := Add(ctx, dir, []string{":(glob)*"}); err != nil {
		t.Fatal(err)
	}
	if es, _ := Staged(ctx, dir); len(es) != 4 || es[0].Path != ":(glob)*" {
		t.Errorf("Add took a path as pathspec magic: %+v", es)
	}
	gitT(t, dir, "commit", "-q", "-m", "x", "--no-verify")
	if es, _ := Staged(ctx, dir); len(es) != 0 {
		t.Errorf("after commit: %+v", es)
	}
}

func TestLFSPointer(t *testing.T) {
	oid := strings.Repeat("ab", 32)
	good := "version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize 1878\n"
	if got, size, ok := lfsPointer([]byte(good)); !ok || got != oid || size != 1878 {
		t.Errorf("pointer: %q %d %v", got, size, ok)
	}
	for _, bad := range []string{
		"",
		"version https://git-lfs.github.com/spec/v1\nsize 10\n",                             // no oid
		"version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\n",              // no size
		"version https://git-lfs.github.com/spec/v1\noid sha256:" + oid[:10] + "\nsize 1\n", // short oid
		"version https://git-lfs.github.com/spec/v1\noid md5:" + oid + "\nsize 1\n",
		"version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize -1\n",
		"PK\x03\x04 a zip, not a pointer",
		good + strings.Repeat("x", 1024),
	} {
		if _, _, ok := lfsPointer([]byte(bad)); ok {
			t.Errorf("taken for a pointer: %q", bad)
		}
	}
}

// TestExtractLFS checks that a file stored with Git LFS is checked by the
// content the commit publishes, not by its pointer.
func TestExtractLFS(t *testing.T) {
	dir := newRepo(t)
	if err := exec.Command("git", "lfs", "version").Run(); err != nil {
		t.Skip("git-lfs is not installed")
	}
	gitT(t, dir, "lfs", "install", "--local")
	write(t, filepath.Join(dir, ".gitattributes"), "*.bin filter=lfs diff=lfs merge=lfs -text\n", 0o644)
	write(t, filepath.Join(dir, "big.bin"), "the real content\n", 0o644)
	gitT(t, dir, "add", ".")
	es, err := Staged(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[1].Path != "big.bin" {
		t.Fatalf("staged: %+v", es)
	}
	if ptr := gitT(t, dir, "cat-file", "blob", es[1].Blob); !strings.HasPrefix(ptr, "version https://git-lfs") {
		t.Fatalf("not stored as a pointer: %q", ptr)
	}
	paths, err := Extract(ctx, dir, es, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, paths[1]); got != "the real content\n" {
		t.Errorf("extracted %q, want the content behind the pointer", got)
	}
	if m, err := WorkingCopyMatches(ctx, dir, es[1]); !m || err != nil {
		t.Errorf("the working copy of an LFS file does not match: %v", err)
	}
}
