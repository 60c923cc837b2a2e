package isobmff

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/section"
)

// A box (ISO/IEC 14496-12 §4.2) is a 32-bit size and a four-character
// type; size 1 means a 64-bit size follows, size 0 means the box runs to
// the end of its container (the file, for a top-level box); a `uuid` box
// carries a 16-byte extended type after the header.

// boxType is a four-character code as a string ("moov", "©xyz").
type boxType = string

// topBox is a top-level box of the input: where it is, not what it holds.
type topBox struct {
	typ   boxType
	uuid  []byte // extended type of a uuid box
	off   int64  // offset of the box in the file
	hdr   int64  // header length: 8, 16 (64-bit size) or +16 for uuid
	size  int64  // whole box, header included
	toEnd bool   // declared with size 0 (to the end of the file)
}

func (b topBox) payload() int64 { return b.off + b.hdr }
func (b topBox) end() int64     { return b.off + b.size }

// readTop reads the header of the top-level box at off.
func readTop(r io.ReaderAt, off, size int64) (topBox, error) {
	var h [32]byte
	n, err := r.ReadAt(h[:min(32, size-off)], off)
	if n < 8 {
		if err == nil || err == io.EOF {
			return topBox{}, malformed("the file ends inside a box header at offset %d (it is cut short)", off)
		}
		return topBox{}, fmt.Errorf("reading: %w", err)
	}
	b := topBox{typ: string(h[4:8]), off: off, hdr: 8}
	s := uint64(binary.BigEndian.Uint32(h[:4]))
	switch s {
	case 0:
		b.toEnd = true
		s = uint64(size - off)
	case 1:
		if n < 16 {
			return topBox{}, malformed("the file ends inside the header of box %q at offset %d", printable(b.typ), off)
		}
		s = binary.BigEndian.Uint64(h[8:16])
		b.hdr = 16
	}
	if b.typ == "uuid" {
		if int64(n) < b.hdr+16 {
			return topBox{}, malformed("the file ends inside the header of a uuid box at offset %d", off)
		}
		b.uuid = append([]byte(nil), h[b.hdr:b.hdr+16]...)
		b.hdr += 16
	}
	if s < uint64(b.hdr) {
		return topBox{}, malformed("box %q at offset %d has an impossible size %d", printable(b.typ), off, s)
	}
	if s > uint64(size-off) {
		return topBox{}, malformed("box %q at offset %d runs past the end of the file (it is cut short or damaged)", printable(b.typ), off)
	}
	b.size = int64(s)
	return b, nil
}

// rawBox is a box inside a payload held in memory.
type rawBox struct {
	typ  boxType
	uuid []byte
	data []byte // the payload (after the header and the extended type)
	hdr  int    // header length
	at   int    // offset of the box in the slice it was parsed from
}

// children parses b as a sequence of boxes filling it exactly. Trailing
// zero bytes shorter than a header (some writers pad containers with a
// 32-bit zero terminator, as QuickTime's user data does) are tolerated.
func children(b []byte, where string) ([]rawBox, error) {
	var out []rawBox
	for off := 0; off < len(b); {
		rest := b[off:]
		if len(rest) < 8 {
			if section.IsZero(rest) {
				break
			}
			return nil, malformed("%s: %d stray bytes after the last box", where, len(rest))
		}
		s := uint64(binary.BigEndian.Uint32(rest))
		typ := string(rest[4:8])
		hdr := 8
		switch s {
		case 0:
			if section.IsZero(rest[:4]) && typ == "\x00\x00\x00\x00" && section.IsZero(rest) {
				// A zero terminator (QuickTime user data ends with one).
				return out, nil
			}
			s = uint64(len(rest))
		case 1:
			if len(rest) < 16 {
				return nil, malformed("%s: box %q is cut short", where, printable(typ))
			}
			s = binary.BigEndian.Uint64(rest[8:])
			hdr = 16
		}
		var uuid []byte
		if typ == "uuid" {
			if len(rest) < hdr+16 {
				return nil, malformed("%s: a uuid box is cut short", where)
			}
			uuid = rest[hdr : hdr+16]
			hdr += 16
		}
		if s < uint64(hdr) || s > uint64(len(rest)) {
			return nil, malformed("%s: box %q has a size (%d) that does not fit its container", where, printable(typ), s)
		}
		out = append(out, rawBox{typ: typ, uuid: uuid, data: rest[hdr:s], hdr: hdr, at: off})
		off += int(s)
	}
	return out, nil
}

// printable returns a box type for messages: four characters, with
// anything that is not printable ASCII shown as a hex escape.
func printable(t string) string {
	out := make([]byte, 0, len(t))
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == 0xa9:
			out = append(out, "©"...)
		case c >= 0x20 && c < 0x7f:
			out = append(out, c)
		default:
			out = append(out, fmt.Sprintf("\\x%02x", c)...)
		}
	}
	return string(out)
}

// node is a box of the cleaned output, built in memory (movie and image
// structure only; media data is streamed). Its payload is body followed by
// its children, or what gen produces.
type node struct {
	typ  boxType
	uuid []byte
	body []byte
	kids []*node
	gen  generator
}

// generator makes a payload whose content depends on where the media
// data lands in the output (chunk offset tables, item locations).
type generator interface {
	typ() boxType // the box type, which may change (stco becomes co64)
	size() int64
	appendTo(b []byte) []byte
}

func leaf(typ boxType, body []byte) *node { return &node{typ: typ, body: body} }

func (n *node) boxType() boxType {
	if n.gen != nil {
		return n.gen.typ()
	}
	return n.typ
}

func (n *node) payloadSize() int64 {
	if n.gen != nil {
		return n.gen.size()
	}
	s := int64(len(n.body))
	for _, k := range n.kids {
		s += k.size()
	}
	return s
}

// size is the whole box, header included.
func (n *node) size() int64 {
	p := n.payloadSize() + int64(len(n.uuid))
	if p+8 > 1<<32-1 {
		return p + 16
	}
	return p + 8
}

func (n *node) appendTo(b []byte) []byte {
	b = appendHeader(b, n.boxType(), n.size(), n.uuid)
	if n.gen != nil {
		return n.gen.appendTo(b)
	}
	b = append(b, n.body...)
	for _, k := range n.kids {
		b = k.appendTo(b)
	}
	return b
}

// appendHeader writes a box header for a box of total size (the 64-bit
// form when it does not fit in 32 bits).
func appendHeader(b []byte, typ boxType, size int64, uuid []byte) []byte {
	if size > 1<<32-1 {
		b = binary.BigEndian.AppendUint32(b, 1)
		b = append(b, typ...)
		b = binary.BigEndian.AppendUint64(b, uint64(size))
	} else {
		b = binary.BigEndian.AppendUint32(b, uint32(size))
		b = append(b, typ...)
	}
	return append(b, uuid...)
}

// reader reads big-endian fields from a payload; reading past the end
// sets bad and returns zeros, so parsers check once at the end.
type reader struct {
	b   []byte
	off int
	bad bool
}

func (r *reader) left() int { return len(r.b) - r.off }

func (r *reader) bytes(n int) []byte {
	if n < 0 || r.left() < n {
		r.bad = true
		r.off = len(r.b)
		return nil
	}
	p := r.b[r.off : r.off+n]
	r.off += n
	return p
}

func (r *reader) u8() uint8 {
	if p := r.bytes(1); p != nil {
		return p[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if p := r.bytes(2); p != nil {
		return binary.BigEndian.Uint16(p)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if p := r.bytes(4); p != nil {
		return binary.BigEndian.Uint32(p)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if p := r.bytes(8); p != nil {
		return binary.BigEndian.Uint64(p)
	}
	return 0
}

// uint reads an unsigned field of n bytes (0, 4 or 8; iloc's sizes).
func (r *reader) uint(n int) uint64 {
	switch n {
	case 0:
		return 0
	case 4:
		return uint64(r.u32())
	case 8:
		return r.u64()
	}
	r.bad = true
	return 0
}

// cstring reads a NUL-terminated string; a missing NUL at the end of the
// payload is tolerated (some writers omit it).
func (r *reader) cstring() string {
	rest := r.b[r.off:]
	for i, c := range rest {
		if c == 0 {
			r.off += i + 1
			return string(rest[:i])
		}
	}
	r.off = len(r.b)
	return string(rest)
}

// fullBox returns the version and flags of a FullBox payload.
func fullBox(p []byte) (version byte, flags uint32, ok bool) {
	if len(p) < 4 {
		return 0, 0, false
	}
	return p[0], uint32(p[1])<<16 | uint32(p[2])<<8 | uint32(p[3]), true
}

func appendUint(b []byte, n int, v uint64) []byte {
	switch n {
	case 4:
		return binary.BigEndian.AppendUint32(b, uint32(v))
	case 8:
		return binary.BigEndian.AppendUint64(b, v)
	}
	return b
}
