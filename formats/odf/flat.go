package odf

import (
	"context"
	"io"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// flatWhere is the Where of findings outside the document's sections.
const flatWhere = "document"

// ctxReader stops reading once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func flatRules(ctx context.Context, env *scrub.Env, k kind, m mode) *rules {
	r := newRules(ctx, env, k.name, flatWhere, m)
	r.flat = true
	return r
}

func inspectFlat(ctx context.Context, env *scrub.Env, k kind, ra io.ReaderAt, size int64) ([]scrub.Finding, error) {
	fs := &xmlclean.Findings{}
	r := flatRules(ctx, env, k, modeInspect)
	r.fs = fs
	if err := r.f.Inspect(ctxReader{ctx, io.NewSectionReader(ra, 0, size)}, fs); err != nil {
		return nil, err
	}
	if r.err != nil {
		return nil, r.err
	}
	return fs.List(), nil
}

// cleanFlat cleans a flat document in two passes: the first cleans the
// embedded files (and finds macros, refused before anything is written
// unless the policy allows removing them), the second writes.
func cleanFlat(ctx context.Context, env *scrub.Env, k kind, ra io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	r := flatRules(ctx, env, k, modePrepare)
	if err := r.f.Inspect(ctxReader{ctx, io.NewSectionReader(ra, 0, size)}, nil); err != nil {
		return nil, err
	}
	if r.err != nil {
		return nil, r.err
	}
	macros := r.macros
	if macros > 0 && env.Policy.RefuseMacros {
		return nil, scrub.Unsupported(k.name, "the document contains macros, which scrub cannot clean", hintMacros)
	}
	r.reset(modeClean)
	if err := r.f.Clean(w, ctxReader{ctx, io.NewSectionReader(ra, 0, size)}, nil); err != nil {
		return nil, err
	}
	if r.err != nil {
		return nil, r.err
	}
	ws := r.warnings
	if macros > 0 {
		ws = append(ws, scrub.Warning{Message: "the macros were removed"})
	}
	return ws, nil
}
