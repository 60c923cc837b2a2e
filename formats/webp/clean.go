package webp

import (
	"bufio"
	"context"
	"encoding/binary"
	"io"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/formats/internal/trailing"
	"github.com/scrub-project/scrub/scrub"
)

// Clean writes a new RIFF container holding the kept chunks in their
// order (see the package comment). It returns the errors walk does, and a
// warning when data after the end of the container was removed.
func (handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	return cleanLayout(ctx, r, size, w, lay)
}

// CleanReport is Clean that also returns Inspect's findings, from one walk
// of the chunks.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, nil, err
	}
	fs, err := inspectLayout(ctx, r, size, lay)
	if err != nil {
		return nil, nil, err
	}
	ws, err := cleanLayout(ctx, r, size, w, lay)
	return fs, ws, err
}

func cleanLayout(ctx context.Context, r io.ReaderAt, size int64, w io.Writer, lay *layout) ([]scrub.Warning, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	n := lay.riffSize()
	if n > 1<<32-2 {
		return nil, scrub.Unsupported("webp", "the cleaned image would be larger than a RIFF file can be", "")
	}
	bw.WriteString("RIFF")
	binary.Write(bw, binary.LittleEndian, uint32(n))
	bw.WriteString("WEBP")
	for _, c := range lay.chunks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		switch c.role {
		case drop:
		case header:
			b, err := section.Read(r, c.data(), vp8xSize)
			if err != nil {
				return nil, err
			}
			b[0] = lay.flags
			clear(b[1:4]) // reserved
			writeChunk(bw, "VP8X", b)
		case profile:
			writeChunk(bw, "ICCP", lay.icc)
		case anim:
			b, err := section.Read(r, c.data(), 6)
			if err != nil {
				return nil, err
			}
			writeChunk(bw, "ANIM", b)
		case frame:
			writeHeader(bw, "ANMF", frameSize(c))
			b, err := section.Read(r, c.data(), anmfHead)
			if err != nil {
				return nil, err
			}
			b[15] &= 0x03 // blending and disposal; the rest is reserved
			bw.Write(b)
			for _, s := range c.sub {
				if s.role != drop {
					if err := copyChunk(ctx, bw, r, s); err != nil {
						return nil, err
					}
				}
			}
		default:
			if err := copyChunk(ctx, bw, r, c); err != nil {
				return nil, err
			}
		}
	}
	if lay.orientation != 0 {
		writeChunk(bw, "EXIF", imagemeta.OrientationEXIF(lay.orientation))
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	var ws []scrub.Warning
	if lay.end < size {
		tw, ok, err := trailing.Warning(ctx, r, lay.end, size-lay.end, "after the end of the image", "WebP")
		if err != nil {
			return nil, err
		}
		if ok {
			ws = append(ws, tw)
		}
	}
	return ws, nil
}

func writeHeader(w io.Writer, id string, n int64) {
	var h [8]byte
	copy(h[:], id)
	binary.LittleEndian.PutUint32(h[4:], uint32(n))
	w.Write(h[:])
}

// writeChunk writes a chunk with its pad byte.
func writeChunk(w io.Writer, id string, p []byte) {
	writeHeader(w, id, int64(len(p)))
	w.Write(p)
	if len(p)&1 == 1 {
		w.Write([]byte{0})
	}
}

// copyChunk copies a chunk's payload under a new header, with a zero pad
// byte.
func copyChunk(ctx context.Context, w io.Writer, r io.ReaderAt, c chunk) error {
	writeHeader(w, c.id, c.n)
	if err := section.Copy(ctx, w, r, c.data(), c.n); err != nil {
		return err
	}
	if c.n&1 == 1 {
		_, err := w.Write([]byte{0})
		return err
	}
	return nil
}
