package isobmff

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/bufpool"
)

// layout places the output boxes. The size of the movie and image
// structure depends on whether offsets need 64 bits, which depends on
// where the media lands, which depends on that size: start with 32-bit
// tables and widen them until nothing changes (widths only grow, so this
// ends after a few rounds).
func (a *analysis) layout() error {
	for round := 0; round < 8; round++ {
		var at int64
		for _, o := range a.out {
			o.at = at
			at += o.size()
		}
		changed := false
		for _, t := range a.tracks {
			if t.keep && t.stbl.chunks != nil && t.stbl.chunks.widen() {
				changed = true
			}
		}
		if a.image != nil && a.image.iloc.widen() {
			changed = true
		}
		if !changed {
			return nil
		}
	}
	return fmt.Errorf("isobmff: the layout of the cleaned file does not settle")
}

// mapOffset returns where the input byte at x lands in the output. Bytes
// in a gap that was cut land where the next kept byte does; offsets
// outside the kept media data map to 0 (only empty chunks have them).
func (a *analysis) mapOffset(x int64) int64 {
	for _, o := range a.out {
		if o.kind != outMedia {
			continue
		}
		if x >= o.src.payload() && x <= o.src.end() {
			return o.at + o.hdr + a.keep.before(x) - a.keep.before(o.src.payload())
		}
	}
	return 0
}

// write writes the output.
func (a *analysis) write(w io.Writer) error {
	buf := bufpool.Get(1 << 20)[:1<<20]
	defer bufpool.Put(buf)
	for _, o := range a.out {
		if err := a.ctx.Err(); err != nil {
			return err
		}
		switch o.kind {
		case outCopy:
			if err := a.copy(w, o.src.off, o.src.size, buf); err != nil {
				return err
			}
		case outTree:
			if _, err := w.Write(o.tree.appendTo(make([]byte, 0, o.tree.size()))); err != nil {
				return err
			}
		case outMedia:
			var h []byte
			switch {
			case o.src.toEnd:
				h = append(binary.BigEndian.AppendUint32(nil, 0), "mdat"...)
			case o.hdr == 16:
				h = append(binary.BigEndian.AppendUint32(nil, 1), "mdat"...)
				h = binary.BigEndian.AppendUint64(h, uint64(o.size()))
			default:
				h = append(binary.BigEndian.AppendUint32(nil, uint32(o.size())), "mdat"...)
			}
			if _, err := w.Write(h); err != nil {
				return err
			}
			for _, s := range o.spans {
				if err := a.copy(w, s.start, s.len(), buf); err != nil {
					return err
				}
			}
		case outEmbed:
			if _, err := w.Write(appendHeader(nil, o.src.typ, o.size(), nil)); err != nil {
				return err
			}
			cw := &countingWriter{w: w}
			n := o.src.size - o.src.hdr
			if _, err := a.env.CleanEmbedded(a.ctx, "motion photo video", io.NewSectionReader(a.r, o.src.payload(), n), n, cw); err != nil {
				return err
			}
			if cw.n != o.embed {
				return fmt.Errorf("isobmff: the motion photo video cleaned to %d bytes, then to %d", o.embed, cw.n)
			}
		}
	}
	return nil
}

// copy streams n bytes of the input at off to w.
func (a *analysis) copy(w io.Writer, off, n int64, buf []byte) error {
	for n > 0 {
		if err := a.ctx.Err(); err != nil {
			return err
		}
		k := min(n, int64(len(buf)))
		if m, err := a.r.ReadAt(buf[:k], off); int64(m) < k {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return fmt.Errorf("reading: %w", err)
		}
		if _, err := w.Write(buf[:k]); err != nil {
			return err
		}
		off, n = off+k, n-k
	}
	return nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
