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
		base := filepath.Base(filepath.Clean(t.Root))
		if t.Rel == "" {
			return filepath.Join(opt.OutDir, base)
		}
		return filepath.Join(opt.OutDir, base, filepath.FromSlash(t.Rel))
	}
	return CleanedName(t.Path)
}

var errExists = errors.New("the output already exists")

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
	env := NewEnv(e.Registry, e.Limits, e.Policy)
	s, err := e.open(t, env.Limits)
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
	if !opt.InPlace && !opt.Force {
		if _, err := os.Lstat(out); err == nil {
			return fail(r, &existsError{out})
		}
	}

	// A ReportingCleaner's findings come from its cleaning pass;
	// otherwise inspect first, and leave an already clean file in place
	// untouched without writing anything.
	var before []Finding
	if _, reporting := h.(ReportingCleaner); !reporting {
		if r = e.inspectWith(ctx, h, env, s.f, s.fi.Size(), r); r.Err != nil {
			return r
		}
		before = r.Findings
		if opt.InPlace && !Removable(before) {
			r.Status = StatusAlreadyClean
			r.Output = ""
			return r
		}
		// The budget is per pass: inspect and clean each get the whole of it.
		env = NewEnv(e.Registry, e.Limits, e.Policy)
	}

	before, ws, err := e.write(ctx, h, env, s, out, opt, before)
	r.Findings = before
	switch {
	case errors.Is(err, errNothingToDo):
		r.Status = StatusAlreadyClean
		r.Output = ""
		return r
	case err != nil:
		r = fail(r, err)
		if r.Status != StatusFailed || !errors.Is(err, errExists) {
			r.Output = ""
		}
		return r
	}
	r.Warnings = ws
	if opt.InPlace && linkCount(s.fi) > 1 {
		r.Warnings = append(r.Warnings, Warning{Message: "the file had other hard links: they still point at the original content"})
	}
	r.Status = StatusCleaned
	if !Removable(before) {
		r.Status = StatusAlreadyClean
	}
	return r
}

// errNothingToDo: cleaning in place found nothing to remove; the original
// stays as it was.
var errNothingToDo = errors.New("nothing to remove")

type existsError struct{ path string }

func (e *existsError) Error() string { return e.path + " already exists: nothing was written" }
func (e *existsError) Is(target error) bool {
	return target == errExists
}

// write cleans into a temporary file beside out, verifies it, and moves it
// into place. On any error the temporary file is removed and out is
// untouched.
// before are the input's findings if already known (nil for a
// ReportingCleaner, whose cleaning pass returns them). write returns the
// input's findings; errNothingToDo if cleaning in place found nothing to
// remove.
func (e *Engine) write(ctx context.Context, h Handler, env *Env, s *source, out string, opt CleanOptions, before []Finding) (fs []Finding, ws []Warning, err error) {
	dir := filepath.Dir(out)
	if opt.OutDir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, nil, err
		}
	}
	e.sweeper.sweep(dir)
	tmp, err := os.CreateTemp(dir, TempPrefix+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return nil, nil, err
	}
	committed := false
	defer func() {
		if !committed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()

	type cleaned struct {
		fs []Finding
		ws []Warning
	}
	c, err := withTimeout(ctx, env.Limits.Timeout, func(ctx context.Context) (cleaned, error) {
		bw := bufio.NewWriterSize(tmp, 256<<10)
		var c cleaned
		var err error
		if _, ok := h.(ReportingCleaner); ok {
			c.fs, c.ws, err = callCleanReport(ctx, h, env, s.f, s.fi.Size(), bw)
		} else {
			c.fs = before
			c.ws, err = callClean(ctx, h, env, s.f, s.fi.Size(), bw)
		}
		if err != nil {
			return c, err
		}
		return c, bw.Flush()
	})
	if err != nil {
		return nil, nil, err
	}
	fs, ws = c.fs, c.ws
	if opt.InPlace && !Removable(fs) {
		return fs, nil, errNothingToDo
	}
	if err := ctx.Err(); err != nil {
		return fs, nil, err
	}
	if err := tmp.Sync(); err != nil {
		return fs, nil, err
	}
	fi, err := tmp.Stat()
	if err != nil {
		return fs, nil, err
	}
	if err := e.verify(ctx, tmp, fi.Size(), out); err != nil {
		return fs, nil, err
	}
	if err := unchanged(s); err != nil {
		return fs, nil, err
	}
	if err := tmp.Chmod(s.fi.Mode().Perm()); err != nil {
		return fs, nil, err
	}
	if opt.InPlace {
		if uid, gid, ok := owner(s.fi); ok {
			_ = tmp.Chown(uid, gid) // best effort: only root may give files away
		}
	}
	if err := tmp.Close(); err != nil {
		return fs, nil, err
	}
	if err := ctx.Err(); err != nil {
		return fs, nil, err
	}
	if err := commit(tmp.Name(), out, opt.InPlace || opt.Force); err != nil {
		return fs, nil, err
	}
	committed = true
	syncDir(dir)
	return fs, ws, nil
}

// verify re-inspects the cleaned copy with a fresh budget: it must be the
// same kind of file and have nothing removable left.
func (e *Engine) verify(ctx context.Context, r io.ReaderAt, size int64, name string) error {
	env := NewEnv(e.Registry, e.Limits, e.Policy)
	h, _, err := e.Registry.Detect(r, size, name)
	if err != nil {
		return fmt.Errorf("verification failed: the cleaned copy is not readable (%v); nothing was written", err)
	}
	fs, err := withTimeout(ctx, env.Limits.Timeout, func(ctx context.Context) ([]Finding, error) {
		return callInspect(ctx, h, env, r, size)
	})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return err
		}
		return fmt.Errorf("verification failed: the cleaned copy does not inspect (%w); nothing was written", err)
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
}

// unchanged checks that the input was not modified while it was cleaned.
func unchanged(s *source) error {
	now, err := os.Lstat(s.f.Name())
	if err != nil {
		return fmt.Errorf("the file disappeared while it was cleaned: %w", err)
	}
	if !os.SameFile(now, s.fi) || now.Size() != s.fi.Size() || !now.ModTime().Equal(s.fi.ModTime()) {
		return errors.New("the file changed while it was cleaned: nothing was written, run scrub again")
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
