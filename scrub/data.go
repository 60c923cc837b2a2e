package scrub

import (
	"bytes"
	"context"
)

// InspectData inspects a file held in memory. name is used only for the
// extension cross-check and messages; it may be "".
func (e *Engine) InspectData(ctx context.Context, name string, data []byte) Result {
	return finish(e.inspectData(ctx, name, data))
}

func (e *Engine) inspectData(ctx context.Context, name string, data []byte) Result {
	r := Result{Path: name, Index: -1}
	env := NewEnv(e.Registry, e.Limits, e.Policy)
	h, f, err := e.Registry.Detect(bytes.NewReader(data), int64(len(data)), name)
	r.Format = f.Name
	if err == nil && f.Refused != "" {
		err = Unsupported(f.Name, f.Refused, f.Hint)
	}
	if err != nil {
		return fail(r, err)
	}
	return e.inspectWith(ctx, h, env, bytes.NewReader(data), int64(len(data)), r)
}

// CleanData cleans a file held in memory (a mail attachment, say) and
// verifies the result as Clean does for files, through the same steps. It
// returns the cleaned bytes only when Result.Status is StatusCleaned or
// StatusAlreadyClean; for an already clean input the returned bytes are
// the handler's normalised copy. Findings lists what the input carried.
func (e *Engine) CleanData(ctx context.Context, name string, data []byte) ([]byte, Result) {
	r := Result{Path: name, Index: -1}
	h, f, err := e.Registry.Detect(bytes.NewReader(data), int64(len(data)), name)
	r.Format = f.Name
	if err == nil && f.Refused != "" {
		err = Unsupported(f.Name, f.Refused, f.Hint)
	}
	if err != nil {
		return nil, finish(fail(r, err))
	}
	var buf bytes.Buffer
	c, err := e.produce(ctx, h, bytes.NewReader(data), int64(len(data)), &buf)
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = e.verify(ctx, bytes.NewReader(buf.Bytes()), int64(buf.Len()), name, &c)
	}
	r.Findings = c.fs
	if err != nil {
		return nil, finish(fail(r, err))
	}
	r.Warnings = c.ws
	r.Status = StatusCleaned
	if !Removable(c.fs) {
		r.Status = StatusAlreadyClean
	}
	return buf.Bytes(), finish(r)
}
