// Package githook installs scrub as a git pre-commit hook, removes it
// again, and gives the hook what it needs from git: the staged files and
// their staged content.
//
// Install never overwrites a hook someone else wrote. scrub's part of a
// hook is a block of lines between Begin and End markers, written in
// POSIX sh:
//
//   - no pre-commit hook yet: a new one is written, holding only the block;
//   - a shell script (sh, bash, dash, ksh, mksh, ash, zsh): the block is
//     inserted right after its #! line, so scrub runs first and the script
//     goes on as before when nothing leaks;
//   - anything else (a program, a script in another language, a symbolic
//     link, a file without #!): it is renamed to pre-commit.scrub-chained
//     and a new hook runs scrub, then it, with the same arguments.
//
// Uninstall removes the block and, for a hook it created, the file, and
// renames a chained hook back. The hook runs "scrub hook run", which reads
// the staged content (not the working copy) through this package.
package githook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The markers around scrub's block in a hook.
const (
	Begin = "# >>> scrub pre-commit >>>"
	End   = "# <<< scrub pre-commit <<<"
)

// ChainedSuffix is added to the name of an existing hook that Install
// cannot edit; the new hook runs it after scrub.
const ChainedSuffix = ".scrub-chained"

// markers inside the block, so that Uninstall knows what Install did.
const (
	createdMark = "# scrub created this file"
	chainedMark = "# scrub moved the hook that was here to pre-commit" + ChainedSuffix + " and runs it below"
)

// shebang is the first line of a hook Install creates.
const shebang = "#!/bin/sh\n"

// Options say what the installed hook does.
type Options struct {
	// Fix makes the hook clean leaking staged files in place and stage them
	// again, instead of refusing the commit.
	Fix bool
	// Scrub is the absolute path of the scrub program the hook runs. If it
	// is empty, or no longer there when the hook runs, the hook runs
	// "scrub" from PATH.
	Scrub string
}

// Action says what Install or Uninstall did.
type Action string

const (
	Created   Action = "created"   // Install: new hook file
	Inserted  Action = "inserted"  // Install: block added to an existing shell hook
	Chained   Action = "chained"   // Install: existing hook renamed, new hook runs it
	Updated   Action = "updated"   // Install: the block was there, with other settings
	Unchanged Action = "unchanged" // Install: the block was there, identical
	Removed   Action = "removed"   // Uninstall: the hook file scrub created is gone
	Restored  Action = "restored"  // Uninstall: the chained hook is back under its name
	Stripped  Action = "stripped"  // Uninstall: the block was removed from someone else's hook
	Absent    Action = "absent"    // Uninstall: there was nothing of scrub's
)

// Result tells where the hook is and what was done.
type Result struct {
	Hook    string // path of the pre-commit hook
	Action  Action
	Chained string // path of the renamed hook, for Chained and Restored
	// SharedPath is the value of core.hooksPath when it is set: the
	// hooks folder may then serve other repositories too.
	SharedPath string
	// Note is something the user should know (a chained hook left in
	// place because the hook was edited by hand).
	Note string
}

// Install writes scrub's block into the pre-commit hook of the git
// repository that dir is in, as the package documentation describes. It
// returns an error if dir is not in a git repository, git cannot be run,
// the block in the hook is damaged (a marker without the other), or a file
// named pre-commit.scrub-chained is already in the way.
func Install(ctx context.Context, dir string, opt Options) (Result, error) {
	hook, res, err := locate(ctx, dir)
	if err != nil {
		return res, err
	}
	fi, err := os.Lstat(hook)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(hook), 0o755); err != nil {
			return res, err
		}
		res.Action = Created
		return res, writeAtomic(hook, []byte(shebang+block(opt, createdMark)), 0o755)
	}
	if err != nil {
		return res, err
	}
	var old []byte
	if fi.Mode().IsRegular() {
		if old, err = os.ReadFile(hook); err != nil {
			return res, err
		}
		start, end, err := findBlock(old)
		if err != nil {
			return res, fmt.Errorf("%s: %w", hook, err)
		}
		if start >= 0 {
			// Ours already: replace the block, keeping what it records.
			marks := []string{}
			for _, m := range []string{createdMark, chainedMark} {
				if bytes.Contains(old[start:end], []byte(m)) {
					marks = append(marks, m)
				}
			}
			updated := append(append(append([]byte(nil), old[:start]...), block(opt, marks...)...), old[end:]...)
			if bytes.Equal(updated, old) {
				res.Action = Unchanged
				return res, nil
			}
			res.Action = Updated
			return res, writeAtomic(hook, updated, fi.Mode().Perm())
		}
		if shellScript(old) {
			i := bytes.IndexByte(old, '\n')
			if i < 0 {
				old = append(old, '\n')
				i = len(old) - 1
			}
			updated := append(append(append([]byte(nil), old[:i+1]...), block(opt)...), old[i+1:]...)
			res.Action = Inserted
			return res, writeAtomic(hook, updated, fi.Mode().Perm())
		}
	}
	// Not a shell script scrub can edit: move it aside and run it.
	chained := hook + ChainedSuffix
	if _, err := os.Lstat(chained); err == nil {
		return res, fmt.Errorf("%s is in the way: scrub would move your pre-commit hook there; rename or remove it first", chained)
	}
	if err := os.Rename(hook, chained); err != nil {
		return res, err
	}
	if err := writeAtomic(hook, []byte(shebang+block(opt, createdMark, chainedMark)), 0o755); err != nil {
		os.Rename(chained, hook)
		return res, err
	}
	res.Action, res.Chained = Chained, chained
	return res, nil
}

// Uninstall removes what Install added to the pre-commit hook of the
// repository dir is in, and nothing else. It returns an error if the block
// is damaged, or if a hook must be renamed back but something else now has
// its name.
func Uninstall(ctx context.Context, dir string) (Result, error) {
	hook, res, err := locate(ctx, dir)
	if err != nil {
		return res, err
	}
	res.Action = Absent
	fi, err := os.Lstat(hook)
	if errors.Is(err, os.ErrNotExist) || (err == nil && !fi.Mode().IsRegular()) {
		return res, nil
	}
	if err != nil {
		return res, err
	}
	old, err := os.ReadFile(hook)
	if err != nil {
		return res, err
	}
	start, end, err := findBlock(old)
	if err != nil {
		return res, fmt.Errorf("%s: %w", hook, err)
	}
	if start < 0 {
		return res, nil
	}
	blk := old[start:end]
	rest := append(append([]byte(nil), old[:start]...), old[end:]...)
	created := bytes.Contains(blk, []byte(createdMark))
	chained := bytes.Contains(blk, []byte(chainedMark))
	onlyShebang := string(rest) == shebang
	if !created || !onlyShebang {
		res.Action = Stripped
		if chained {
			res.Note = fmt.Sprintf("the hook was edited since scrub installed it, so it was kept; your earlier hook is still at %s", hook+ChainedSuffix)
		}
		return res, writeAtomic(hook, rest, fi.Mode().Perm())
	}
	if err := os.Remove(hook); err != nil {
		return res, err
	}
	res.Action = Removed
	if chained {
		c := hook + ChainedSuffix
		if _, err := os.Lstat(c); err == nil {
			if err := os.Rename(c, hook); err != nil {
				return res, err
			}
			res.Action, res.Chained = Restored, c
		}
	}
	return res, nil
}

// locate returns the path of the repository's pre-commit hook.
func locate(ctx context.Context, dir string) (string, Result, error) {
	var res Result
	out, err := git(ctx, dir, nil, "rev-parse", "--git-path", "hooks")
	if err != nil {
		return "", res, err
	}
	hooks := strings.TrimRight(string(out), "\n")
	if !filepath.IsAbs(hooks) {
		hooks = filepath.Join(dir, hooks)
	}
	res.Hook = filepath.Join(hooks, "pre-commit")
	if v, err := git(ctx, dir, nil, "config", "--get", "core.hooksPath"); err == nil {
		res.SharedPath = strings.TrimSpace(string(v))
	}
	return res.Hook, res, nil
}

// block returns scrub's block, ending with a line break.
func block(opt Options, marks ...string) string {
	var b strings.Builder
	b.WriteString(Begin + "\n")
	b.WriteString("# Added by 'scrub hook install': refuses commits of staged files that carry\n")
	b.WriteString("# identifying metadata. 'scrub hook uninstall' removes this block.\n")
	for _, m := range marks {
		b.WriteString(m + "\n")
	}
	run := "hook run"
	if opt.Fix {
		run = "hook run --fix"
	}
	fmt.Fprintf(&b, "scrub_bin=%s\n", shQuote(opt.Scrub))
	b.WriteString(`[ -n "$scrub_bin" ] && [ -x "$scrub_bin" ] || scrub_bin=scrub` + "\n")
	b.WriteString(`if ! command -v "$scrub_bin" >/dev/null 2>&1; then` + "\n")
	b.WriteString(`	echo "scrub: error: the pre-commit hook cannot find the scrub program" >&2` + "\n")
	b.WriteString(`	echo "scrub: hint: install scrub, or remove the scrub block from $0" >&2` + "\n")
	b.WriteString("\texit 1\nfi\n")
	fmt.Fprintf(&b, "\"$scrub_bin\" %s || exit $?\n", run)
	b.WriteString("unset scrub_bin\n")
	for _, m := range marks {
		if m == chainedMark {
			b.WriteString(`scrub_chained="$(dirname "$0")/pre-commit` + ChainedSuffix + `"` + "\n")
			b.WriteString(`if [ -x "$scrub_chained" ]; then exec "$scrub_chained" "$@"; fi` + "\n")
		}
	}
	b.WriteString(End + "\n")
	return b.String()
}

// findBlock returns where scrub's block starts and ends (after the line
// break of the End line) in a hook, or -1, -1. A marker without the other
// is an error: the hook was edited and scrub will not guess.
func findBlock(b []byte) (int, int, error) {
	start := lineIndex(b, Begin)
	end := lineIndex(b, End)
	switch {
	case start < 0 && end < 0:
		return -1, -1, nil
	case start < 0 || end < start:
		return -1, -1, errors.New("scrub's block in this hook is damaged (its markers do not match): edit it by hand")
	}
	if i := bytes.IndexByte(b[end:], '\n'); i >= 0 {
		end += i + 1
	} else {
		end = len(b)
	}
	return start, end, nil
}

// lineIndex returns the offset of the first line equal to s, or -1.
func lineIndex(b []byte, s string) int {
	for off := 0; off < len(b); {
		line := b[off:]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		if string(bytes.TrimRight(line, "\r \t")) == s {
			return off
		}
		off += len(line) + 1
	}
	return -1
}

// shellScript reports whether a hook is a text script whose #! line names
// a POSIX-compatible shell, so that the block can be inserted into it.
func shellScript(b []byte) bool {
	if !bytes.HasPrefix(b, []byte("#!")) || bytes.IndexByte(b[:min(len(b), 8000)], 0) >= 0 {
		return false
	}
	line := b[2:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	words := strings.Fields(string(line))
	if len(words) == 0 {
		return false
	}
	prog := filepath.Base(words[0])
	if prog == "env" {
		prog = ""
		for _, w := range words[1:] {
			if !strings.HasPrefix(w, "-") && !strings.Contains(w, "=") {
				prog = filepath.Base(w)
				break
			}
		}
	}
	switch prog {
	case "sh", "bash", "dash", "ksh", "mksh", "ash", "zsh":
		return true
	}
	return false
}

// shQuote quotes s for a POSIX shell.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// writeAtomic replaces path with data: a temporary file in the same folder,
// synced, then renamed over it.
func writeAtomic(path string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".scrub-tmp-hook-")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// GitError is a git command that failed; Stderr is what git said.
type GitError struct {
	Args   []string
	Stderr string
	Err    error
}

func (e *GitError) Error() string {
	msg := strings.TrimSpace(e.Stderr)
	if msg == "" {
		msg = e.Err.Error()
	}
	msg = strings.TrimPrefix(msg, "fatal: ")
	sub := ""
	for _, a := range e.Args {
		if !strings.HasPrefix(a, "-") {
			sub = a + ": "
			break
		}
	}
	return fmt.Sprintf("git %s%s", sub, msg)
}

func (e *GitError) Unwrap() error { return e.Err }

// ErrNotRepository is returned when dir is not in a git repository.
var ErrNotRepository = errors.New("not in a git repository")

// git runs git in dir with stdin and returns its standard output.
func git(ctx context.Context, dir string, stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if strings.Contains(stderr.String(), "not a git repository") {
			return nil, ErrNotRepository
		}
		return nil, &GitError{Args: args, Stderr: stderr.String(), Err: err}
	}
	return out, nil
}
