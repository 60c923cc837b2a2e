package tiff

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"sort"

	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/scrub"
)

// wdir is an IFD to write: the output is laid out from scratch, so every
// offset in it is computed here.
type wdir struct {
	entries []wentry // sorted by tag
	subs    []*wdir  // what the SubIFDs entry points to
	links   []wlink  // metadata IFDs pointed to by other entries
	next    *wdir
	off     int64
}

type wlink struct {
	tag uint16
	dir *wdir
}

// wentry is an entry to write. Its value is data, or the bytes src of the
// input, or, for the image data offsets, the new offsets of the blocks it
// lists; for SubIFDs and metadata pointers, the offsets of the IFDs.
type wentry struct {
	tag, typ uint16
	count    uint64
	data     []byte
	src      span
	blocks   []int // StripOffsets/TileOffsets: indexes in the block table
	ptr      bool  // SubIFDs or a metadata pointer: filled at layout
	valOff   int64 // where an out-of-line value goes
}

func (e *wentry) size() int64 {
	if e.data != nil || e.blocks != nil || e.ptr {
		return int64(len(e.data))
	}
	return e.src.n
}

// block is one strip or tile of image data to copy: the input range, the
// pieces of it that are kept (nil: all of it), its new size and offset.
type block struct {
	src    span
	pieces []span
	n      int64
	off    int64
}

// writer lays out and writes a TIFF.
type writer struct {
	bo     order
	big    bool
	first  *wdir
	blocks []block
}

func (w *writer) headerSize() int64 {
	if w.big {
		return 16
	}
	return 8
}

func (w *writer) inlineSize() int64 {
	if w.big {
		return 8
	}
	return 4
}

// dirs lists the IFDs in the order they are written: each IFD, then its
// SubIFDs and metadata IFDs, then the next IFD of the chain.
func (w *writer) dirs() []*wdir {
	var out []*wdir
	var visit func(d *wdir)
	visit = func(d *wdir) {
		out = append(out, d)
		for _, s := range d.subs {
			visit(s)
		}
		for _, l := range d.links {
			visit(l.dir)
		}
	}
	for d := w.first; d != nil; d = d.next {
		visit(d)
	}
	return out
}

// layout assigns every offset: the IFDs with their values first, then
// the image data. It returns the IFDs in order and the total size.
func (w *writer) layout() ([]*wdir, int64, error) {
	ds := w.dirs()
	cnt, esz, nsz := int64(2), int64(12), int64(4)
	if w.big {
		cnt, esz, nsz = 8, 20, 8
	}
	pos := w.headerSize()
	for _, d := range ds {
		sort.SliceStable(d.entries, func(i, j int) bool { return d.entries[i].tag < d.entries[j].tag })
		d.off = pos
		pos += cnt + esz*int64(len(d.entries)) + nsz
		for i := range d.entries {
			e := &d.entries[i]
			if e.blocks != nil {
				e.data = make([]byte, len(e.blocks)*int(w.offSize()))
			}
			if e.ptr {
				e.data = make([]byte, int(e.count)*int(typeSize(e.typ)))
			}
			if n := e.size(); n > w.inlineSize() {
				e.valOff = pos
				pos += n + n&1
			}
		}
	}
	for i := range w.blocks {
		b := &w.blocks[i]
		if b.n == 0 {
			continue
		}
		b.off = pos
		pos += b.n
	}
	if !w.big && pos > 1<<32-1 {
		return nil, 0, scrub.Unsupported("tiff", "the cleaned image would be larger than 4 GiB, more than a classic TIFF can address", "")
	}
	for _, d := range ds {
		for i := range d.entries {
			e := &d.entries[i]
			switch {
			case e.blocks != nil:
				for k, bi := range e.blocks {
					w.putOff(e.data[k*int(w.offSize()):], w.blocks[bi].off)
				}
			case e.ptr && e.tag == tagSubIFDs:
				for k, s := range d.subs {
					w.putOff(e.data[k*int(w.offSize()):], s.off)
				}
			case e.ptr:
				for _, l := range d.links {
					if l.tag == e.tag {
						w.putOff(e.data, l.dir.off)
					}
				}
			}
		}
	}
	return ds, pos, nil
}

// offSize is the size of an offset: 4 bytes, 8 in BigTIFF.
func (w *writer) offSize() int64 {
	if w.big {
		return 8
	}
	return 4
}

// offType is the type of offsets and sizes: LONG, LONG8 in BigTIFF.
func (w *writer) offType() uint16 {
	if w.big {
		return tLong8
	}
	return tLong
}

func (w *writer) putOff(b []byte, v int64) {
	if w.big {
		w.bo.PutUint64(b, uint64(v))
	} else {
		w.bo.PutUint32(b, uint32(v))
	}
}

// write writes the laid-out TIFF to out, copying values and image data
// from r.
func (w *writer) write(ctx context.Context, r io.ReaderAt, out io.Writer) error {
	ds, _, err := w.layout()
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(out, 64<<10)
	var hdr []byte
	if w.bo == order(binary.LittleEndian) {
		hdr = []byte("II")
	} else {
		hdr = []byte("MM")
	}
	if w.big {
		hdr = w.bo.AppendUint16(hdr, 43)
		hdr = w.bo.AppendUint16(hdr, 8)
		hdr = w.bo.AppendUint16(hdr, 0)
		hdr = w.bo.AppendUint64(hdr, uint64(w.first.off))
	} else {
		hdr = w.bo.AppendUint16(hdr, 42)
		hdr = w.bo.AppendUint32(hdr, uint32(w.first.off))
	}
	bw.Write(hdr)
	buf := make([]byte, 0, 64)
	for _, d := range ds {
		if err := ctx.Err(); err != nil {
			return err
		}
		buf = buf[:0]
		if w.big {
			buf = w.bo.AppendUint64(buf, uint64(len(d.entries)))
		} else {
			buf = w.bo.AppendUint16(buf, uint16(len(d.entries)))
		}
		bw.Write(buf)
		for i := range d.entries {
			e := &d.entries[i]
			buf = w.bo.AppendUint16(buf[:0], e.tag)
			buf = w.bo.AppendUint16(buf, e.typ)
			if w.big {
				buf = w.bo.AppendUint64(buf, e.count)
			} else {
				buf = w.bo.AppendUint32(buf, uint32(e.count))
			}
			val := make([]byte, w.inlineSize())
			if e.size() > w.inlineSize() {
				w.putOff(val, e.valOff)
			} else if e.data != nil || e.blocks != nil || e.ptr {
				copy(val, e.data)
			} else if e.src.n > 0 {
				if _, err := r.ReadAt(val[:e.src.n], e.src.off); err != nil {
					return fmt.Errorf("reading: %w", err)
				}
			}
			bw.Write(append(buf, val...))
		}
		var next int64
		if d.next != nil {
			next = d.next.off
		}
		buf = buf[:0]
		if w.big {
			buf = w.bo.AppendUint64(buf, uint64(next))
		} else {
			buf = w.bo.AppendUint32(buf, uint32(next))
		}
		bw.Write(buf)
		for i := range d.entries {
			e := &d.entries[i]
			n := e.size()
			if n <= w.inlineSize() {
				continue
			}
			if e.data != nil || e.blocks != nil || e.ptr {
				bw.Write(e.data)
			} else if err := section.Copy(ctx, bw, r, e.src.off, e.src.n); err != nil {
				return err
			}
			if n&1 != 0 {
				bw.WriteByte(0)
			}
		}
	}
	for i, b := range w.blocks {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if b.n == 0 {
			continue
		}
		if b.pieces == nil {
			if err := section.Copy(ctx, bw, r, b.src.off, b.src.n); err != nil {
				return err
			}
			continue
		}
		for _, p := range b.pieces {
			if err := section.Copy(ctx, bw, r, p.off, p.n); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}
