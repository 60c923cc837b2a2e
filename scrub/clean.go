package scrub

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// outputSet catches two inputs that would be written to the same output.
type outputSet struct {
	mu   sync.Mutex
	used map[string]string
}

func newOutputSet() *outputSet { return &outputSet{used: map[string]string{}} }

func (o *outputSet) claim(out, in string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	key := filepath.Clean(out)
	if prev, ok := o.used[key]; ok {
		return fmt.Errorf("%s and %s would both be written to %s", prev, in, out)
	}
	o.used[key] = in
	return nil
}

// OutputPath returns where the cleaned copy of t goes under opt.
func OutputPath(t Target, opt CleanOptions) string {
	switch {
	case opt.InPlace:
		return t.Path
	case opt.OutDir != "":
		// The folder's own name, even when it was named "." or "..".
		root := filepath.Clean(t.Root)
		if abs, err := filepath.Abs(root); err == nil {
			root = abs
		}
		base := filepath.Base(root)
		if base == string(filepath.Separator) || base == "." || filepath.VolumeName(root)+string(filepath.Separator) == root {
			base = "root"
		}
		if t.Rel == "" {
			return filepath.Join(opt.OutDir, base)
		}
		return filepath.Join(opt.OutDir, base, filepath.FromSlash(t.Rel))
	}
	return CleanedName(t.Path)
}

// ErrOverOriginal: the cleaned copy would be written over the file it is
// made from (an output folder that is the input's own folder, or its
// parent). Only --in-place replaces originals.
var ErrOverOriginal = errors.New("the cleaned copy would replace the original (the output folder holds the input itself): nothing was written")

// isInput reports whether path names the file fi describes.
func isInput(path string, fi os.FileInfo) bool {
	now, err := os.Lstat(path)
	return err == nil && os.SameFile(now, fi)
}

func (e *Engine) cleanOne(ctx context.Context, t Target, opt CleanOptions, outs *outputSet) Result {
	r := Result{Path: t.Path}
	s, err := e.open(t, e.Limits.withDefaults())
	if err != nil {
		return fail(r, err)
	}
	defer s.f.Close()
	h, r, ok := e.detect(t, s, r)
	if !ok {
		return r
	}
	out := OutputPath(t, opt)
	r.Output = out
	if !opt.InPlace && isInput(out, s.fi) {
		r.Output = ""
		return fail(r, ErrOverOriginal)
	}
	if err := outs.claim(out, t.Path); err != nil {
		return fail(r, err)
	}
	if opt.InPlace && linkCount(s.fi) > 1 {
		r.Output = ""
		return fail(r, linksError(linkCount(s.fi)))
	}
	if !opt.InPlace && !opt.Force {
		if _, err := os.Lstat(out); err == nil {
			return fail(r, &existsError{out})
		}
	}
	c, err := e.save(ctx, h, s, out, opt)
	r.Findings = c.fs
	switch {
	case errors.Is(err, errNothingToDo):
		r.Status = StatusAlreadyClean
		r.Output = ""
		return r
	case err != nil:
		r = fail(r, err)
		if r.Status != StatusFailed || !errors.Is(err, ErrExists) {
			r.Output = ""
		}
		return r
	}
	r.Warnings = c.ws
	r.Status = StatusCleaned
	if !Removable(c.fs) {
		r.Status = StatusAlreadyClean
	}
	return r
}

// errNothingToDo: cleaning in place found nothing to remove; the original
// stays as it was.
var errNothingToDo = errors.New("nothing to remove")

// linksError refuses to clean in place a file with n names (hard links).
type linksError uint64

func (n linksError) Error() string {
	return fmt.Sprintf("the file has %d names (hard links): cleaning it in place would leave the other names with everything it carries; nothing was changed", uint64(n))
}

// Is makes the refusal match ErrHardLinks and ErrUnsupported (the file is
// refused, not failed).
func (linksError) Is(target error) bool { return target == ErrHardLinks || target == ErrUnsupported }

type existsError struct{ path string }

func (e *existsError) Error() string { return e.path + " already exists: nothing was written" }
func (e *existsError) Is(target error) bool {
	return target == ErrExists
}

// cleaned is what cleaning one input gave: the input's findings (with
// what the residue check learned and, once verified, the learned values
// the reader sees in the copy), the warnings, and the learned values.
type cleaned struct {
	fs     []Finding
	ws     []Warning
	traces *traces
}

// produce cleans the input into w with h (step 1 of 3: produce, verify,
// commit), and learns the input's identifying values for the residue
// check: from the findings, and from the input's parts, which are read
// while the handler cleans if a core is free. Each pass runs under the
// time limit with a fresh budget.
func (e *Engine) produce(ctx context.Context, h Handler, in io.ReaderAt, size int64, w io.Writer) (cleaned, error) {
	var c cleaned
	var found []partIDs
	err := both(ctx, func(ctx context.Context) (err error) {
		env := NewEnv(e.Registry, e.Limits, e.Policy)
		c, err = withTimeout(ctx, env.Limits.Timeout, func(ctx context.Context) (cleaned, error) {
			fs, ws, err := callCleanReport(ctx, h, env, in, size, w)
			return cleaned{fs: fs, ws: ws}, err
		})
		return err
	}, func(ctx context.Context) (err error) {
		env := NewEnv(e.Registry, e.Limits, e.Policy)
		found, err = withTimeout(ctx, env.Limits.Timeout, func(ctx context.Context) ([]partIDs, error) {
			return scanParts(ctx, h, env, in, size)
		})
		return err
	})
	if err != nil {
		return c, err
	}
	c.traces = newTraces()
	c.traces.learnFindings(c.fs)
	c.fs = append(c.fs, c.traces.learnFound(found, c.fs)...)
	return c, nil
}

// save cleans s into a temporary file beside out, verifies it, and moves
// it into place, in the shape of restic's Save: produce, sync and verify
// (at the same time), commit. On any error the temporary file is removed
// and out is untouched. It returns errNothingToDo if cleaning in place
// found nothing to remove.
func (e *Engine) save(ctx context.Context, h Handler, s *source, out string, opt CleanOptions) (c cleaned, err error) {
	dir := filepath.Dir(out)
	if opt.OutDir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return c, err
		}
	}
	e.sweeper.sweep(dir)
	tmp, err := os.CreateTemp(dir, TempPrefix+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return c, err
	}
	committed := false
	defer func() {
		if !committed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(fileWriter{tmp}, 256<<10)
	if c, err = e.produce(ctx, h, s.f, s.fi.Size(), bw); err != nil {
		return c, err
	}
	if err := bw.Flush(); err != nil {
		return c, err
	}
	if opt.InPlace && !Removable(c.fs) {
		return c, errNothingToDo
	}
	if err := ctx.Err(); err != nil {
		return c, err
	}
	fi, err := tmp.Stat()
	if err != nil {
		return c, err
	}
	// The copy goes to disk while it is verified (both read or write the
	// same bytes, from the page cache): nothing is committed before both
	// are done, and a failed sync is reported first, as if it came first.
	synced := make(chan error, 1)
	go func() { synced <- tmp.Sync() }()
	verr := e.verify(ctx, tmp, fi.Size(), out, &c)
	if err := <-synced; err != nil {
		return c, err
	}
	if verr != nil {
		return c, verr
	}
	if err := unchanged(s); err != nil {
		return c, err
	}
	if err := tmp.Chmod(s.fi.Mode().Perm()); err != nil {
		return c, err
	}
	if opt.InPlace {
		if uid, gid, ok := owner(s.fi); ok {
			_ = tmp.Chown(uid, gid) // best effort: only root may give files away
		}
	}
	if err := tmp.Close(); err != nil {
		return c, err
	}
	if err := ctx.Err(); err != nil {
		return c, err
	}
	if err := commit(tmp.Name(), out, opt.InPlace || opt.Force); err != nil {
		return c, err
	}
	committed = true
	syncDir(dir)
	return c, nil
}

// fileWriter is the temporary file as the handlers write to it. They copy
// what they keep unchanged (video clusters, audio frames, picture data)
// with io.Copy(w, io.NewSectionReader(in, off, n)), which a bufio.Writer
// with an empty buffer hands to the file's ReadFrom; *os.File's copies 32
// KiB at a time, a pread and a write for each (32,000 system calls for a
// 500 MB video). This one copies a section of a file in the kernel
// (copySection) or through a 1 MiB buffer.
type fileWriter struct{ f *os.File }

func (w fileWriter) Write(p []byte) (int, error) { return w.f.Write(p) }

func (w fileWriter) ReadFrom(r io.Reader) (int64, error) {
	if sr, ok := r.(*io.SectionReader); ok {
		if n, handled, err := copySection(w.f, sr); handled {
			return n, err
		}
	}
	buf := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(buf)
	// Only Write: the file's own ReadFrom is what this replaces.
	return io.CopyBuffer(struct{ io.Writer }{w.f}, r, *buf)
}

var copyBufs = sync.Pool{New: func() any { b := make([]byte, 1<<20); return &b }}

// verify checks a cleaned copy (step 2 of 3), with fresh budgets: it must
// be the same kind of file, re-inspect with nothing removable left, and
// hold none of the values learned from the original outside the text the
// reader sees (the residue check, independent of the handler's rules).
// Learned values the reader sees in the copy are added to c.fs as review
// findings. Its errors are failures of scrub (IsVerifyFailure), except
// cancellation.
func (e *Engine) verify(ctx context.Context, r io.ReaderAt, size int64, name string, c *cleaned) error {
	h, _, err := e.Registry.Detect(r, size, name)
	if err != nil {
		return &unreadableError{err}
	}
	// The re-inspection and the residue search are independent reads of
	// the copy: both run (at the same time if a core is free), and the
	// re-inspection's verdict comes first, as if they ran in turn.
	type found struct {
		leaks   []Residue
		visible []Finding
	}
	var f found
	err = both(ctx, func(ctx context.Context) error {
		env := NewEnv(e.Registry, e.Limits, e.Policy)
		env.verifying = true
		fs, err := withTimeout(ctx, env.Limits.Timeout, func(ctx context.Context) ([]Finding, error) {
			return callInspect(ctx, h, env, r, size)
		})
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return err
			}
			return &unreadableError{err}
		}
		var left []Finding
		for _, f := range fs {
			if f.Action == Remove {
				left = append(left, f)
			}
		}
		if len(left) > 0 {
			return &VerifyError{Findings: left}
		}
		return nil
	}, func(ctx context.Context) (err error) {
		if c.traces == nil {
			return nil
		}
		env := NewEnv(e.Registry, e.Limits, e.Policy)
		f, err = withTimeout(ctx, env.Limits.Timeout, func(ctx context.Context) (found, error) {
			leaks, visible, err := c.traces.residueCheck(ctx, h, env, r, size)
			return found{leaks, visible}, err
		})
		if err != nil && !errors.Is(err, context.Canceled) {
			return &unreadableError{err}
		}
		return err
	})
	if err != nil {
		return err
	}
	if len(f.leaks) > 0 {
		return &ResidueError{Found: f.leaks}
	}
	c.fs = append(c.fs, f.visible...)
	return nil
}

// unchanged checks that the input was not modified while it was cleaned.
func unchanged(s *source) error {
	now, err := os.Lstat(s.f.Name())
	if err != nil {
		return fmt.Errorf("the file disappeared while it was cleaned: %w", err)
	}
	if !os.SameFile(now, s.fi) || now.Size() != s.fi.Size() || !now.ModTime().Equal(s.fi.ModTime()) {
		return errors.New("the file changed while it was cleaned: nothing was written; try again once it no longer changes")
	}
	return nil
}

// commit moves tmp to out. Without overwrite it never replaces an existing
// file: a hard link fails if out exists, atomically.
func commit(tmp, out string, overwrite bool) error {
	if overwrite {
		return os.Rename(tmp, out)
	}
	err := os.Link(tmp, out)
	if err == nil {
		return os.Remove(tmp)
	}
	if errors.Is(err, fs.ErrExist) {
		return &existsError{out}
	}
	// File systems without hard links: check, then rename (racy but rare).
	if _, serr := os.Lstat(out); serr == nil {
		return &existsError{out}
	}
	return os.Rename(tmp, out)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
