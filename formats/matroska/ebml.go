package matroska

import (
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
)

// unknownSize marks an element whose size field is all ones (RFC 8794
// §6.2): it ends where an element that cannot be its child begins.
const unknownSize = -1

// elem is one EBML element: an ID, a size and the data.
type elem struct {
	id   uint32
	off  int64 // where the ID starts
	hlen int   // bytes of the ID and the size
	size int64 // bytes of the data, or unknownSize
}

func (e elem) data() int64 { return e.off + int64(e.hlen) }

// end is where the element ends (for an unknown size, where its data
// starts: the caller finds the end).
func (e elem) end() int64 {
	if e.size == unknownSize {
		return e.data()
	}
	return e.data() + e.size
}

// parseID reads an element ID (1 to 4 bytes, the length marker kept in
// the value, as the specifications write IDs). ok is false for bytes
// that are no valid ID: a length over 4, or all value bits one (all
// zero is reserved too, but Matroska's ChapterDisplay is 0x80).
func parseID(b []byte) (id uint32, n int, ok bool) {
	if len(b) == 0 || b[0] == 0 {
		return 0, 0, false
	}
	n = bits.LeadingZeros8(b[0]) + 1
	if n > 4 || len(b) < n {
		return 0, 0, false
	}
	for _, c := range b[:n] {
		id = id<<8 | uint32(c)
	}
	v := uint64(id) &^ (1 << (7 * n))
	if v == 1<<(7*n)-1 {
		return 0, 0, false
	}
	return id, n, true
}

// parseSize reads a data size (a variable-length integer of 1 to 8
// bytes); all value bits set is unknownSize.
func parseSize(b []byte) (size int64, n int, ok bool) {
	if len(b) == 0 || b[0] == 0 {
		return 0, 0, false
	}
	n = bits.LeadingZeros8(b[0]) + 1
	if len(b) < n {
		return 0, 0, false
	}
	v := uint64(b[0]) & (0xff >> n)
	for _, c := range b[1:n] {
		v = v<<8 | uint64(c)
	}
	if v == 1<<(7*n)-1 {
		return unknownSize, n, true
	}
	return int64(v), n, true
}

// idBytes returns an ID as stored.
func idBytes(id uint32) []byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], id)
	i := 0
	for i < 3 && b[i] == 0 {
		i++
	}
	return b[i:]
}

// vint returns v as a data size of exactly n bytes; v must fit.
func vint(v int64, n int) []byte {
	b := make([]byte, n)
	u := uint64(v)
	for i := n - 1; i >= 0; i-- {
		b[i] = byte(u)
		u >>= 8
	}
	b[0] |= 0x80 >> (n - 1)
	return b
}

// fits reports whether v can be stored as a size of n bytes (all ones
// means unknown size, so the largest value is one less).
func fits(v int64, n int) bool { return v >= 0 && uint64(v) < 1<<(7*n)-1 }

// sizeLen returns the fewest bytes that hold v as a size.
func sizeLen(v int64) int {
	n := 1
	for !fits(v, n) {
		n++
	}
	return n
}

// header returns an element's ID and size, the size in as few bytes as
// it needs.
func header(id uint32, size int64) []byte {
	return append(idBytes(id), vint(size, sizeLen(size))...)
}

// element returns a whole element.
func element(id uint32, data []byte) []byte {
	return append(header(id, int64(len(data))), data...)
}

// voidHeader returns the header of a Void element exactly n bytes long
// (header included), n at least 2.
func voidHeader(n int64) []byte {
	for l := 1; l <= 8; l++ {
		if p := n - 1 - int64(l); p >= 0 && fits(p, l) {
			return append([]byte{idVoid}, vint(p, l)...)
		}
	}
	panic(fmt.Sprintf("matroska: no Void of %d bytes", n))
}

// fit returns the element id holding content in exactly total bytes: the
// size field widened, or a Void added at the end of the content, to take
// up the room content does not use. ok is false if content does not fit.
func fit(id uint32, content []byte, total int64) ([]byte, bool) {
	ib := idBytes(id)
	for l := 1; l <= 8; l++ {
		pad := total - int64(len(ib)) - int64(l) - int64(len(content))
		if pad < 0 || pad == 1 || !fits(int64(len(content))+pad, l) {
			continue
		}
		out := make([]byte, 0, total)
		out = append(out, ib...)
		out = append(out, vint(int64(len(content))+pad, l)...)
		out = append(out, content...)
		if pad > 0 {
			out = append(out, voidHeader(pad)...)
			out = append(out, make([]byte, pad-int64(len(voidHeader(pad))))...)
		}
		return out, true
	}
	return nil, false
}

// uintBytes returns v as an unsigned integer element's data, in as few
// bytes as it needs (none for zero).
func uintBytes(v uint64) []byte {
	n := (bits.Len64(v) + 7) / 8
	b := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
	return b
}

// readUint reads an unsigned integer element's data (0 to 8 bytes).
func readUint(b []byte) (uint64, bool) {
	if len(b) > 8 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v, true
}

// window reads the file through a buffer, for the many small reads of
// element headers.
type window struct {
	r     io.ReaderAt
	size  int64
	buf   []byte
	start int64
	n     int
}

const (
	windowSize = 64 << 10
	refill     = 4 << 10
)

func newWindow(r io.ReaderAt, size int64) *window {
	return &window{r: r, size: size, buf: make([]byte, windowSize)}
}

// at returns up to n bytes at off (fewer at the end of the file).
func (w *window) at(off int64, n int) ([]byte, error) {
	if off >= w.size {
		return nil, nil
	}
	n = int(min(int64(n), w.size-off))
	if off < w.start || off+int64(n) > w.start+int64(w.n) {
		// A small read: headers of big blocks are far apart, and the
		// blocks are copied later anyway.
		k := int(min(int64(max(n, refill)), w.size-off))
		m, err := w.r.ReadAt(w.buf[:k], off)
		if m < k {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("reading: %w", err)
		}
		w.start, w.n = off, m
	}
	p := off - w.start
	return w.buf[p : p+int64(n)], nil
}

// read reads n bytes at off into a new slice.
func (w *window) read(off, n int64) ([]byte, error) {
	if n <= windowSize {
		b, err := w.at(off, int(n))
		if err != nil {
			return nil, err
		}
		if int64(len(b)) < n {
			return nil, io.ErrUnexpectedEOF
		}
		return append([]byte(nil), b...), nil
	}
	b := make([]byte, n)
	if _, err := w.r.ReadAt(b, off); err != nil {
		return nil, fmt.Errorf("reading: %w", err)
	}
	return b, nil
}

// errHeader says why an element header could not be read.
type errHeader string

func (e errHeader) Error() string { return string(e) }

// head reads the header of the element at off, which must lie before
// limit. It does not check the element's size against limit.
func (w *window) head(off, limit int64) (elem, error) {
	b, err := w.at(off, 12)
	if err != nil {
		return elem{}, err
	}
	if int64(len(b)) > limit-off {
		b = b[:max(0, limit-off)]
	}
	cut := func() error { return errHeader(fmt.Sprintf("an element header at offset %d is cut short", off)) }
	if len(b) == 0 {
		return elem{}, cut()
	}
	if b[0] == 0 || bits.LeadingZeros8(b[0]) >= 4 {
		return elem{}, errHeader(fmt.Sprintf("bytes that are no element ID at offset %d", off))
	}
	if bits.LeadingZeros8(b[0])+1 > len(b) {
		return elem{}, cut()
	}
	id, n, ok := parseID(b)
	if !ok {
		return elem{}, errHeader(fmt.Sprintf("bytes that are no element ID at offset %d", off))
	}
	rest := b[n:]
	if len(rest) == 0 {
		return elem{}, cut()
	}
	if rest[0] == 0 {
		return elem{}, errHeader(fmt.Sprintf("an invalid element size at offset %d", off+int64(n)))
	}
	if bits.LeadingZeros8(rest[0])+1 > len(rest) {
		return elem{}, cut()
	}
	size, m, _ := parseSize(rest)
	return elem{id: id, off: off, hlen: n + m, size: size}, nil
}
