package gif

import (
	"bufio"
	"context"
	"io"

	"github.com/scrub-project/scrub/formats/internal/trailing"
	"github.com/scrub-project/scrub/scrub"
)

// Clean writes the kept blocks (see the package comment) as it reads
// them. It returns the errors walk does, and a warning when data after
// the trailer was removed.
func (handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, ws, err := clean(ctx, env, r, size, w, false)
	return ws, err
}

// CleanReport is Clean that also returns Inspect's findings, from the
// same read of the file.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	return clean(ctx, env, r, size, w, true)
}

func clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer, report bool) ([]scrub.Finding, []scrub.Warning, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	var fs []scrub.Finding
	var ws []scrub.Warning
	err := walk(ctx, env, r, size, bw, func(b *block) error {
		if report {
			bfs, err := blockFindings(ctx, r, b)
			if err != nil {
				return err
			}
			fs = append(fs, bfs...)
		}
		if b.kind == kTrailing {
			tw, ok, err := trailing.Warning(ctx, r, b.off, b.end-b.off, "after the end of the image", "GIF")
			if ok {
				ws = append(ws, tw)
			}
			return err
		}
		write(bw, b)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, nil, err
	}
	return fs, ws, nil
}

// write writes what Clean keeps of a block.
func write(w *bufio.Writer, b *block) {
	switch b.kind {
	case kHeader:
		w.Write(b.raw)
	case kImage:
		d := append([]byte(nil), b.raw...)
		d[9] &^= 0x18 // reserved bits
		w.Write(d)
	case kTrailer:
		w.WriteByte(introTrailer)
	case kExt:
		switch b.label {
		case labelGCE:
			if sb := b.subBlocks(); len(sb) > 0 {
				d := append([]byte(nil), sb[0]...)
				d[0] &^= 0xe0 // reserved bits
				writeExt(w, labelGCE, d)
			}
		case labelText:
			w.Write([]byte{introExt, labelText})
			w.Write(b.raw)
		case labelApp:
			app := b.app()
			switch {
			case isLoop(app):
				if loop := loopBlock(b); loop != nil {
					writeExt(w, labelApp, []byte(app), loop)
				}
			case isICC(b):
				if _, p, why := profile(b); why == "" {
					writeExt(w, labelApp, []byte(app), p)
				}
			}
		}
	}
}

// writeExt writes an extension: its label, the first sub-block as given,
// the rest of the data cut into sub-blocks of 255 bytes, the terminator.
func writeExt(w *bufio.Writer, label byte, first []byte, rest ...[]byte) {
	w.Write([]byte{introExt, label, byte(len(first))})
	w.Write(first)
	for _, d := range rest {
		for len(d) > 0 {
			n := min(len(d), 255)
			w.WriteByte(byte(n))
			w.Write(d[:n])
			d = d[n:]
		}
	}
	w.WriteByte(0)
}
