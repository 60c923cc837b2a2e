package scrub

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
)

// Env is what a handler gets besides its input: the limits and policy of
// this run, and the registry through which a container inspects and cleans
// what it embeds. An Env is made per input file by the engine (or by
// NewEnv in tests) and shared by the nested calls for that file.
type Env struct {
	Limits Limits
	Policy Policy

	reg       *Registry
	depth     int
	budget    *atomic.Int64 // decompressed bytes still allowed for this input, nested content included
	verifying bool
}

// NewEnv returns the environment for one top-level input. Zero limits take
// DefaultLimits.
func NewEnv(reg *Registry, limits Limits, policy Policy) *Env {
	limits = limits.withDefaults()
	b := new(atomic.Int64)
	b.Store(limits.MaxTotalSize)
	return &Env{Limits: limits, Policy: policy, reg: reg, budget: b}
}

// LimitsOf returns env's limits with every zero field filled from
// DefaultLimits, or DefaultLimits for a nil env (as in Identify, which has
// none).
func LimitsOf(env *Env) Limits {
	if env == nil {
		return DefaultLimits
	}
	return env.Limits.withDefaults()
}

// Verifying reports whether the engine is re-inspecting a cleaned copy to
// verify it: then only what cleaning removes matters (findings whose
// Action is Remove fail the verification; the others are dropped), so a
// handler may skip a costly analysis that can only find content to keep.
func (e *Env) Verifying() bool { return e.verifying }

// Depth is 0 for the file the user named, 1 for what it embeds, and so on.
func (e *Env) Depth() int { return e.depth }

// Consume charges n decompressed bytes against the input's total budget. It
// returns an ErrLimit error once the budget is spent. Handlers call it as
// they inflate members or streams.
func (e *Env) Consume(n int64) error {
	if e.budget.Add(-n) < 0 {
		return OverLimit("", LimitTotalSize, fmt.Sprintf("decompressed content exceeds %d MiB in total (a decompression bomb?)", e.Limits.MaxTotalSize>>20))
	}
	return nil
}

// nested returns the Env for content embedded in the current input.
func (e *Env) nested() (*Env, error) {
	if e.depth+1 > e.Limits.MaxDepth {
		return nil, OverLimit("", LimitDepth, fmt.Sprintf("documents nested more than %d deep", e.Limits.MaxDepth))
	}
	c := *e
	c.depth++
	return &c, nil
}

// Identify finds the handler for embedded content by its bytes alone (the
// member's name is not trusted). It returns ErrUnsupported if no handler
// claims it.
func (e *Env) Identify(r io.ReaderAt, size int64) (Handler, string, error) {
	return e.reg.identify(r, size)
}

// InspectEmbedded inspects content embedded in the current input and
// returns its findings with where ("word/media/image1.jpeg") prefixed. It
// returns ErrUnsupported for content no handler claims; the container
// decides what that means.
func (e *Env) InspectEmbedded(ctx context.Context, where string, r io.ReaderAt, size int64) ([]Finding, error) {
	h, _, err := e.reg.identify(r, size)
	if err != nil {
		return nil, err
	}
	child, err := e.nested()
	if err != nil {
		return nil, err
	}
	fs, err := callInspect(ctx, h, child, r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return nest(where, fs), nil
}

// CleanEmbedded cleans content embedded in the current input into w and
// returns the warnings with where prefixed. It returns ErrUnsupported for
// content no handler claims; the container decides what that means.
func (e *Env) CleanEmbedded(ctx context.Context, where string, r io.ReaderAt, size int64, w io.Writer) ([]Warning, error) {
	h, _, err := e.reg.identify(r, size)
	if err != nil {
		return nil, err
	}
	child, err := e.nested()
	if err != nil {
		return nil, err
	}
	ws, err := callClean(ctx, h, child, r, size, w)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return nestWarnings(where, ws), nil
}

// CleanReportEmbedded cleans embedded content into w as CleanEmbedded
// does and also returns its findings (prefixed with where), in one pass
// when the embedded format's handler is a ReportingCleaner.
func (e *Env) CleanReportEmbedded(ctx context.Context, where string, r io.ReaderAt, size int64, w io.Writer) ([]Finding, []Warning, error) {
	h, _, err := e.reg.identify(r, size)
	if err != nil {
		return nil, nil, err
	}
	child, err := e.nested()
	if err != nil {
		return nil, nil, err
	}
	fs, ws, err := callCleanReport(ctx, h, child, r, size, w)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", where, err)
	}
	return nest(where, fs), nestWarnings(where, ws), nil
}
