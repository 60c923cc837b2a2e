package githook

import (
	"bufio"
	"bytes"
	"context"
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
// content through a single "git cat-file --batch".
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
	return paths, rerr
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

// Add stages the working copies of paths (relative to top).
func Add(ctx context.Context, top string, paths []string) error {
	_, err := git(ctx, top, nil, append([]string{"--literal-pathspecs", "add", "--"}, paths...)...)
	return err
}

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
