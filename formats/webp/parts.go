package webp

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/scrub"
)

// Parts lists the file for the engine's residue check: the RIFF header,
// every chunk whole except the image data of VP8, VP8L and ALPH chunks
// (their headers are listed), animation frames with their sub-chunks
// likewise, and data after the end of the container. It returns the
// errors walk does.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return err
	}
	if err := fn(scrub.Part{Where: "RIFF header", R: io.NewSectionReader(r, 0, headSize)}); err != nil {
		return err
	}
	for _, c := range lay.chunks {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := chunkParts(r, c, chunkName(c.id)+" chunk", fn); err != nil {
			return err
		}
	}
	if lay.end < size {
		return fn(scrub.Part{Where: "after the end of the image", R: io.NewSectionReader(r, lay.end, size-lay.end)})
	}
	return nil
}

func chunkParts(r io.ReaderAt, c chunk, where string, fn func(scrub.Part) error) error {
	switch c.id {
	case "VP8 ", "VP8L", "ALPH":
		if c.role == bitCodec {
			return fn(scrub.Part{Where: where + " header", R: io.NewSectionReader(r, c.off, 8)})
		}
	case "ANMF":
		if c.sub != nil || c.n >= anmfHead {
			if err := fn(scrub.Part{Where: where + " header", R: io.NewSectionReader(r, c.off, 8+anmfHead)}); err != nil {
				return err
			}
			for _, s := range c.sub {
				if err := chunkParts(r, s, fmt.Sprintf("%s > %s chunk", where, chunkName(s.id)), fn); err != nil {
					return err
				}
			}
			return nil
		}
	}
	// The whole chunk, its pad byte included when the file has one.
	return fn(scrub.Part{Where: where, R: io.MultiReader(io.NewSectionReader(r, c.off, 8+c.n), padReader(r, c))})
}

// padReader yields a chunk's pad byte, if it has one in the file.
func padReader(r io.ReaderAt, c chunk) io.Reader {
	if c.n&1 == 0 {
		return bytes.NewReader(nil)
	}
	var b [1]byte
	if n, _ := r.ReadAt(b[:], c.data()+c.n); n == 1 {
		return bytes.NewReader(b[:])
	}
	return bytes.NewReader(nil)
}
