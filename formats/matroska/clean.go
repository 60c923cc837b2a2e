package matroska

import (
	"bufio"
	"context"
	"io"

	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/scrub"
)

// Inspect lists what Clean removes (tags, attachments and what they
// carry, the title, dates, UIDs and names of the segment information,
// track names, unknown elements, Voids holding data, data after the end)
// and the chapter names it keeps (Action Report). It returns the errors
// analyze does.
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	lay, err := analyze(ctx, env, r, size, false)
	if err != nil {
		return nil, err
	}
	return lay.findings, nil
}

// Clean writes the clean copy (see the package comment), streaming the
// clusters. It returns the errors analyze does, and warnings when
// attachments were removed or the file is cut short.
func (handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, ws, err := handler{}.CleanReport(ctx, env, r, size, w)
	return ws, err
}

// CleanReport is Clean that also returns Inspect's findings, from one
// analysis.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	lay, err := analyze(ctx, env, r, size, false)
	if err != nil {
		return nil, nil, err
	}
	if err := write(ctx, r, size, w, lay.patches); err != nil {
		return nil, nil, err
	}
	return lay.findings, lay.warnings, nil
}

// write copies the input to w with the patches (sorted, not overlapping)
// applied.
func write(ctx context.Context, r io.ReaderAt, size int64, w io.Writer, patches []patch) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	pos := int64(0)
	for _, p := range patches {
		if err := section.Copy(ctx, bw, r, pos, p.off-pos); err != nil {
			return err
		}
		switch {
		case p.data != nil:
			bw.Write(p.data)
		case p.void:
			vh := voidHeader(p.n)
			bw.Write(vh)
			if err := zeros(ctx, bw, p.n-int64(len(vh))); err != nil {
				return err
			}
		}
		pos = p.off + p.n
	}
	if err := section.Copy(ctx, bw, r, pos, size-pos); err != nil {
		return err
	}
	return bw.Flush()
}

var zeroBlock = make([]byte, 64<<10)

// zeros writes n zero bytes.
func zeros(ctx context.Context, w io.Writer, n int64) error {
	for i := 0; n > 0; i++ {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		k := min(n, int64(len(zeroBlock)))
		if _, err := w.Write(zeroBlock[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}
