package isobmff

import (
	"context"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/scrub"
)

// Parts lists the file for the engine's residue check: every top-level box
// whole (the movie and image structure, the file type, anything else),
// except media data boxes, of which it lists the bytes that no kept track
// or image item uses (samples of tracks that cleaning removes, Exif and
// XMP items, gaps). A motion photo's embedded video is listed through the
// registry. It returns the errors Inspect does.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	a, err := analyze(ctx, env, r, size, false)
	if err != nil {
		return err
	}
	for _, b := range a.top {
		if err := ctx.Err(); err != nil {
			return err
		}
		where := printable(b.typ) + " box"
		switch b.typ {
		case "mdat":
			for _, g := range a.keep.gaps(b.payload(), b.end()) {
				p := scrub.Part{Where: fmt.Sprintf("media data at %d", g.start), R: io.NewSectionReader(r, g.start, g.len())}
				if err := fn(p); err != nil {
					return err
				}
			}
		case "mpvd":
			n := b.size - b.hdr
			if err := env.PartsEmbedded(ctx, "motion photo video", io.NewSectionReader(r, b.payload(), n), n, fn); err != nil {
				return err
			}
		default:
			if err := fn(scrub.Part{Where: where, R: io.NewSectionReader(r, b.off, b.size)}); err != nil {
				return err
			}
		}
	}
	if end := a.top[len(a.top)-1].end(); end < size {
		return fn(scrub.Part{Where: "end of file", R: io.NewSectionReader(r, end, size-end)})
	}
	return nil
}
