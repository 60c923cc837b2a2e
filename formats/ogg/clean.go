package ogg

import (
	"bufio"
	"context"
	"io"

	"github.com/scrub-project/scrub/scrub"
)

// Inspect lists what Clean removes: every comment header's vendor string
// and fields (pictures decoded and inspected), FLAC's other metadata
// blocks, Speex's encoder version, data after the comments and data after
// the last page. It returns the errors Clean does.
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	w := newWalker(ctx, env, r, size)
	if err := w.run(); err != nil {
		return nil, err
	}
	return w.fs, nil
}

// Clean writes the file with every stream's headers cleaned and its
// other pages copied (renumbered when the header page count changed). It
// returns ErrMalformed errors for damaged or broken files, ErrUnsupported
// for streams scrub does not clean, ErrLimit errors past the limits, and
// a warning when data after the last page was removed.
func (h handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, ws, err := h.CleanReport(ctx, env, r, size, w)
	return ws, err
}

// CleanReport is Clean that also returns Inspect's findings, from the
// same single pass.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	wk := newWalker(ctx, env, r, size)
	wk.w = bufio.NewWriterSize(w, 256<<10)
	if err := wk.run(); err != nil {
		return nil, nil, err
	}
	return wk.fs, wk.ws, nil
}

// Parts lists every byte of the file but the audio and video packets: the
// page headers, every stream's header packets (reassembled across pages),
// the pictures the comments carry (decoded, through env) and what follows
// the last page.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	w := newWalker(ctx, env, r, size)
	w.parts = fn
	return w.run()
}
