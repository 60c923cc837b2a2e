package scrub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"
)

// Status is the outcome for one file.
type Status string

const (
	StatusClean        Status = "clean"         // inspect/check: nothing cleaning would remove
	StatusDirty        Status = "dirty"         // inspect/check: something to remove, or a fake redaction (see Serious)
	StatusCleaned      Status = "cleaned"       // clean: output written and verified
	StatusAlreadyClean Status = "already-clean" // clean: nothing to remove (a normalised copy is still written unless in place)
	StatusSkipped      Status = "skipped"       // not processed: symlink, special file, unknown type found in a folder
	StatusRefused      Status = "refused"       // scrub understood the file and declined it: unsupported, encrypted, malformed, over a limit
	StatusFailed       Status = "failed"        // I/O error, verification failure, internal error
	StatusInterrupted  Status = "interrupted"   // the run was cancelled before this file finished
)

// Result is what the engine reports for one file. Every string in it is
// escaped and safe to print.
type Result struct {
	Path     string    `json:"path"`
	Output   string    `json:"output,omitempty"`
	Format   string    `json:"format,omitempty"`
	Status   Status    `json:"status"`
	Findings []Finding `json:"findings"`
	Warnings []Warning `json:"warnings,omitempty"`
	Error    string    `json:"error,omitempty"`
	Hint     string    `json:"hint,omitempty"`

	Err   error `json:"-"` // the error behind Error, for errors.Is/As
	Index int   `json:"-"` // position in Plan.Targets, or -1
}

// Engine runs handlers over files: walking, parallelism, limits, atomic
// writes and verification. It knows no format.
type Engine struct {
	Registry *Registry
	Limits   Limits
	Policy   Policy
	Jobs     int // files processed at once; 0 means runtime.NumCPU()
	// BiggestFirst starts the biggest files first instead of taking them in
	// the plan's order: a big file started last keeps one worker busy while
	// the others idle, so a batch ends sooner (and, with the small files
	// at the end, peak memory is lower). Results still carry their index.
	BiggestFirst bool

	sweeper sweeper
}

// CleanOptions say where cleaned copies go.
type CleanOptions struct {
	OutDir  string // write under OutDir, mirroring the input tree
	InPlace bool   // replace each original, after the cleaned copy verified
	Force   bool   // overwrite existing outputs
}

// Inspect inspects every target of plan, calling fn once per target (in
// completion order, never concurrently). It returns ctx.Err() if the run was
// interrupted; results for the files not finished are then reported as
// StatusInterrupted.
func (e *Engine) Inspect(ctx context.Context, plan *Plan, fn func(Result)) error {
	return e.run(ctx, plan, fn, func(ctx context.Context, t Target) Result { return e.inspectOne(ctx, t) })
}

// Clean cleans every target of plan as opt says, calling fn once per target
// as Inspect does. Each output is written to a temporary file in the
// destination folder, synced, re-inspected, and renamed into place only if
// no removable finding is left; on any error or interruption nothing is
// left behind and the original is untouched.
func (e *Engine) Clean(ctx context.Context, plan *Plan, opt CleanOptions, fn func(Result)) error {
	if opt.InPlace && opt.OutDir != "" {
		return errors.New("in-place and an output folder are exclusive")
	}
	outs := newOutputSet()
	return e.run(ctx, plan, fn, func(ctx context.Context, t Target) Result { return e.cleanOne(ctx, t, opt, outs) })
}

func (e *Engine) jobs() int {
	if e.Jobs > 0 {
		return e.Jobs
	}
	return runtime.NumCPU()
}

func (e *Engine) run(ctx context.Context, plan *Plan, fn func(Result), one func(context.Context, Target) Result) error {
	if fn == nil {
		fn = func(Result) {}
	}
	for _, r := range plan.Decided {
		r.Index = -1
		fn(finish(r))
	}
	work := make(chan int)
	results := make(chan Result)
	var wg sync.WaitGroup
	// A token per core: a worker holds one while it works on a file, and a
	// file's two independent passes run at once when another is free.
	cores := make(chan struct{}, e.jobs())
	for range e.jobs() {
		cores <- struct{}{}
	}
	ctx = context.WithValue(ctx, coresKey{}, cores)
	for range min(e.jobs(), max(len(plan.Targets), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				<-cores
				r := one(ctx, plan.Targets[i])
				cores <- struct{}{}
				r.Index = i
				results <- r
			}
		}()
	}
	go func() {
		defer close(work)
		for _, i := range e.order(plan.Targets) {
			select {
			case work <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	done := make([]bool, len(plan.Targets))
	for r := range results {
		done[r.Index] = true
		fn(finish(r))
	}
	if err := ctx.Err(); err != nil {
		for i, t := range plan.Targets {
			if !done[i] {
				fn(Result{Path: t.Path, Status: StatusInterrupted, Error: "interrupted before it was processed", Err: context.Canceled, Index: i})
			}
		}
		return err
	}
	return nil
}

// coresKey holds, in a run's context, the tokens of the cores no worker
// is using.
type coresKey struct{}

// both runs a, then b if a succeeded; or, when a core is free (fewer files
// left than workers: one big file, the end of a batch), a and b at the
// same time, b's error then counting only if a succeeded, as in turn. The
// two must be independent passes: each reads its input through its own
// Env. Memory is then what two workers would hold.
func both(ctx context.Context, a, b func(ctx context.Context) error) error {
	cores, _ := ctx.Value(coresKey{}).(chan struct{})
	select {
	case <-cores: // a nil channel (no run: CleanData, InspectData) never is
		defer func() { cores <- struct{}{} }()
	default:
		if err := a(ctx); err != nil {
			return err
		}
		return b(ctx)
	}
	bctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- b(bctx) }()
	errA := a(ctx)
	if errA != nil {
		cancel()
	}
	errB := <-done
	if errA != nil {
		return errA
	}
	return errB
}

// order returns the indices of targets in the order they are started.
func (e *Engine) order(ts []Target) []int {
	order := make([]int, len(ts))
	for i := range order {
		order[i] = i
	}
	if e.BiggestFirst {
		sort.SliceStable(order, func(a, b int) bool { return ts[order[a]].Size > ts[order[b]].Size })
	}
	return order
}

// finish escapes everything that came from a file.
func finish(r Result) Result {
	r.Path = Escape(r.Path, 0)
	r.Output = Escape(r.Output, 0)
	r.Findings = escapeFindings(r.Findings)
	r.Warnings = escapeWarnings(r.Warnings)
	r.Error = Escape(r.Error, 0)
	r.Hint = Escape(r.Hint, 0)
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	return r
}

// fail fills r from err, deciding between refused, interrupted and failed.
func fail(r Result, err error) Result {
	r.Err = err
	r.Error = err.Error()
	r.Hint = HintFor(err)
	switch {
	case errors.Is(err, context.Canceled):
		r.Status = StatusInterrupted
		r.Error = "interrupted: nothing was written"
		r.Hint = ""
	case Refused(err):
		r.Status = StatusRefused
	default:
		r.Status = StatusFailed
	}
	var ve *VerifyError
	if errors.As(err, &ve) {
		r.Findings = ve.Findings
	}
	return r
}

// source is an opened input file.
type source struct {
	f  *os.File
	fi os.FileInfo
}

func (e *Engine) open(t Target, limits Limits) (*source, error) {
	f, err := openNoFollow(t.Path)
	if err != nil {
		if fi, lerr := os.Lstat(t.Path); lerr == nil && fi.Mode()&os.ModeSymlink != 0 {
			return nil, ErrSymlink
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, ErrNotRegular
	}
	if fi.Size() > limits.MaxInputSize {
		f.Close()
		return nil, OverLimit("", LimitInputSize, fmt.Sprintf("the file is larger than %d MiB", limits.MaxInputSize>>20))
	}
	return &source{f: f, fi: fi}, nil
}

// withTimeout runs fn under the per-file time limit. A handler that ignores
// ctx is abandoned when the limit passes: the caller gets the error and
// discards whatever the handler writes afterwards.
func withTimeout[T any](ctx context.Context, limit time.Duration, fn func(ctx context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	type out struct {
		v   T
		err error
	}
	ch := make(chan out, 1)
	go func() {
		v, err := fn(ctx)
		ch <- out{v, err}
	}()
	select {
	case o := <-ch:
		if o.err != nil && errors.Is(o.err, context.DeadlineExceeded) && ctx.Err() != nil {
			o.err = timeoutError(limit)
		}
		return o.v, o.err
	case <-ctx.Done():
		var zero T
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return zero, timeoutError(limit)
		}
		return zero, ctx.Err()
	}
}

func timeoutError(limit time.Duration) error {
	return OverLimit("", LimitTime, fmt.Sprintf("processing took longer than %s", limit))
}

// detect identifies the target, turning "unknown content found in a folder"
// into a skip rather than a refusal.
func (e *Engine) detect(t Target, s *source, r Result) (Handler, Result, bool) {
	h, f, err := e.Registry.Detect(s.f, s.fi.Size(), t.Path)
	r.Format = f.Name
	if err != nil {
		if errorsIsUnknown(err) && !t.Explicit {
			r.Status = StatusSkipped
			r.Error = "not a format scrub knows"
			r.Err = ErrUnknown
			return nil, r, false
		}
		return nil, fail(r, err), false
	}
	if f.Refused != "" {
		// Handlers of refused formats report the details from Inspect;
		// this is the fallback.
		return nil, fail(r, Unsupported(f.Name, f.Refused, f.Hint)), false
	}
	return h, r, true
}

func (e *Engine) inspectOne(ctx context.Context, t Target) Result {
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
	return e.inspectWith(ctx, h, env, s.f, s.fi.Size(), r)
}

// inspectWith runs h's Inspect under the time limit, and the residue
// check's learning pass (which adds the e-mail addresses, Windows account
// ids and home-folder paths it finds outside the text the reader sees),
// at the same time if a core is free, and fills r's findings and status
// (dirty or clean), or its error.
func (e *Engine) inspectWith(ctx context.Context, h Handler, env *Env, ra io.ReaderAt, size int64, r Result) Result {
	var fs []Finding
	var found []partIDs
	err := both(ctx, func(ctx context.Context) (err error) {
		fs, err = withTimeout(ctx, env.Limits.Timeout, func(ctx context.Context) ([]Finding, error) {
			return callInspect(ctx, h, env, ra, size)
		})
		return err
	}, func(ctx context.Context) (err error) {
		env := NewEnv(e.Registry, e.Limits, e.Policy)
		found, err = withTimeout(ctx, env.Limits.Timeout, func(ctx context.Context) ([]partIDs, error) {
			return scanParts(ctx, h, env, ra, size)
		})
		return err
	})
	if err != nil {
		return fail(r, err)
	}
	more := newTraces().learnFound(found, fs)
	r.Findings = append(fs, more...)
	r.Status = StatusClean
	if Blocking(r.Findings) {
		r.Status = StatusDirty
	}
	return r
}
