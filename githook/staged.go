package githook

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Entry is one staged file: added, copied, modified or renamed in the
// index, a regular file (symbolic links and submodules are not content).
type Entry struct {
	Path string // slash-separated, relative to the top of the working tree
	Blob string // object id of the staged content
}

// Staged lists the files staged for the next commit in the repository dir
// is in (the index git uses for this commit, GIT_INDEX_FILE included). It
// works before the first commit too.
func Staged(ctx context.Context, dir string) ([]Entry, error) {
	out, err := git(ctx, dir, nil, "diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--diff-filter=ACMR", "--no-ext-diff")
	if err != nil {
		return nil, err
	}
	var es []Entry
	fields := bytes.Split(bytes.TrimSuffix(out, []byte{0}), []byte{0})
	for i := 0; i+1 < len(fields); i += 2 {
		// :old-mode new-mode old-id new-id status
		meta := strings.Fields(string(fields[i]))
		if len(meta) != 5 {
			return nil, fmt.Errorf("git diff: unexpected output %q", fields[i])
		}
		if mode := meta[1]; mode != "100644" && mode != "100755" {
			continue
		}
		es = append(es, Entry{Path: string(fields[i+1]), Blob: meta[3]})
	}
	return es, nil
}

// Extract writes the staged content of each entry to a file under into
// (an empty folder), each in its own numbered folder under its own base
// name, and returns the paths in the order of entries. It streams the
// content through a single "git cat-file --batch". A file stored with Git
// LFS is written with the content its pointer stands for (see resolveLFS),
// not the pointer.
func Extract(ctx context.Context, dir string, entries []Entry, into string) ([]string, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	var in bytes.Buffer
	for _, e := range entries {
		in.WriteString(e.Blob + "\n")
	}
	cmd := exec.CommandContext(ctx, "git", "cat-file", "--batch")
	cmd.Dir = dir
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	paths, rerr := readBatch(bufio.NewReader(stdout), entries, into)
	if rerr != nil {
		io.Copy(io.Discard, stdout)
	}
	if err := cmd.Wait(); err != nil {
		return nil, &GitError{Args: []string{"cat-file"}, Stderr: stderr.String(), Err: err}
	}
	if rerr != nil {
		return nil, rerr
	}
	for i, p := range paths {
		if err := resolveLFS(ctx, dir, entries[i], p); err != nil {
			return nil, err
		}
	}
	return paths, nil
}

// lfsPointerMax is the largest Git LFS pointer file there is.
const lfsPointerMax = 1024

// lfsPointer parses a Git LFS pointer file and returns the sha256 and size
// of the content it stands for, and whether b is one.
func lfsPointer(b []byte) (oid string, size int64, ok bool) {
	if len(b) >= lfsPointerMax || !bytes.HasPrefix(b, []byte("version https://git-lfs.github.com/spec/v1\n")) {
		return "", 0, false
	}
	size = -1
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")[1:] {
		k, v, found := strings.Cut(line, " ")
		switch {
		case !found:
			return "", 0, false
		case k == "oid":
			h, found := strings.CutPrefix(v, "sha256:")
			if !found || len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
				return "", 0, false
			}
			oid = h
		case k == "size":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return "", 0, false
			}
			size = n
		}
	}
	return oid, size, oid != "" && size >= 0
}

// resolveLFS replaces the extracted file p, if it is a Git LFS pointer,
// with the content the pointer stands for: that content is what the commit
// publishes, and "git add" has just put it in the local LFS store, where
// "git lfs smudge" reads it. It returns an error if the content cannot be
// had or does not match the pointer.
func resolveLFS(ctx context.Context, dir string, e Entry, p string) error {
	fi, err := os.Stat(p)
	if err != nil || fi.Size() >= lfsPointerMax {
		return err
	}
	ptr, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	oid, size, ok := lfsPointer(ptr)
	if !ok {
		return nil
	}
	tmp := p + ".lfs"
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	h := sha256.New()
	cmd := exec.CommandContext(ctx, "git", "lfs", "smudge", "--", e.Path)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0")
	cmd.Stdin = bytes.NewReader(ptr)
	cw := &countWriter{w: io.MultiWriter(out, h)}
	cmd.Stdout = cw
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s is stored with Git LFS, and its content cannot be read: %w", e.Path, &GitError{Args: []string{"lfs", "smudge"}, Stderr: stderr.String(), Err: err})
	}
	if cw.n != size || hex.EncodeToString(h.Sum(nil)) != oid {
		return fmt.Errorf("%s is stored with Git LFS, and git lfs smudge gave other content than its pointer names", e.Path)
	}
	return os.Rename(tmp, p)
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func readBatch(r *bufio.Reader, entries []Entry, into string) ([]string, error) {
	var paths []string
	for i, e := range entries {
		head, err := r.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("git cat-file: %w", err)
		}
		f := strings.Fields(head) // <id> blob <size>
		if len(f) != 3 || f[0] != e.Blob || f[1] != "blob" {
			return nil, fmt.Errorf("git cat-file: unexpected %q for %s", strings.TrimSpace(head), e.Path)
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("git cat-file: %w", err)
		}
		d := filepath.Join(into, strconv.Itoa(i))
		if err := os.Mkdir(d, 0o700); err != nil {
			return nil, err
		}
		p := filepath.Join(d, filepath.Base(filepath.FromSlash(e.Path)))
		out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, err
		}
		_, err = io.CopyN(out, r, size)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, fmt.Errorf("git cat-file: %s: %w", e.Path, err)
		}
		if b, err := r.ReadByte(); err != nil || b != '\n' {
			return nil, fmt.Errorf("git cat-file: malformed output after %s", e.Path)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// WorkingCopyMatches reports whether the working copy of e is what is
// staged: whether "git add" would stage the same content (git's clean
// filters and line-ending rules applied).
func WorkingCopyMatches(ctx context.Context, top string, e Entry) (bool, error) {
	p := filepath.Join(top, filepath.FromSlash(e.Path))
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return false, nil
	}
	out, err := git(ctx, top, nil, "hash-object", "--", e.Path)
	if err != nil {
		return false, err
	}
	return strings.TrimSpace(string(out)) == e.Blob, nil
}

// Add stages the working copies of paths (relative to top) in the index
// of the commit being made (GIT_INDEX_FILE, in a hook).
//
// "git commit FILE..." commits a temporary index (next-index-PID.lock) and,
// once the commit is made, installs the index it prepared before the hook
// ran (index.lock), which holds the files as they were then. Add stages the
// paths there too, so that the index does not go on holding what the hook
// replaced. If it cannot find that index, it returns an error wrapping
// ErrPartialIndex after staging the paths for the commit: the commit is
// right, but the index keeps the files' old content.
func Add(ctx context.Context, top string, paths []string) error {
	args := append([]string{"--literal-pathspecs", "add", "--"}, paths...)
	if _, err := git(ctx, top, nil, args...); err != nil {
		return err
	}
	idx := os.Getenv("GIT_INDEX_FILE")
	base := filepath.Base(idx)
	if !strings.HasPrefix(base, "next-index-") || !strings.HasSuffix(base, ".lock") {
		return nil
	}
	if !filepath.IsAbs(idx) {
		idx = filepath.Join(top, idx)
	}
	real := filepath.Join(filepath.Dir(idx), "index.lock")
	if fi, err := os.Lstat(real); err != nil || !fi.Mode().IsRegular() {
		return fmt.Errorf("%w: %s is not there", ErrPartialIndex, real)
	}
	_, err := gitEnv(ctx, top, []string{"GIT_INDEX_FILE=" + real}, nil, args...)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrPartialIndex, err)
	}
	return nil
}

// ErrPartialIndex is returned (wrapped) by Add when, in a commit of named
// files, it staged the paths for the commit but not in the index git keeps
// afterwards.
var ErrPartialIndex = errors.New("the index git keeps after this commit was not updated")

// TopLevel returns the top folder of the working tree dir is in.
func TopLevel(ctx context.Context, dir string) (string, error) {
	out, err := git(ctx, dir, nil, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(out), "\n"), nil
}

// GitDir returns the repository's git folder (for a linked worktree, its
// own), as an absolute path.
func GitDir(ctx context.Context, dir string) (string, error) {
	out, err := git(ctx, dir, nil, "rev-parse", "--absolute-git-dir")
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(out), "\n"), nil
}
