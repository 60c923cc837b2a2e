package hostile

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"io"
	"sync"
)

// Entry is one member of an archive written by Zip. Every field a crafted
// archive lies about can be set.
type Entry struct {
	Name      string
	LocalName string // the name in the local header; "" means Name
	Store     bool   // stored rather than deflated
	Data      []byte // the member's content

	// Raw, if set, writes the member's compressed bytes instead of
	// compressing Data; RawLen is how many it writes, CRC and Size
	// describe the content they inflate to.
	Raw    func(w io.Writer) error
	RawLen int64
	CRC    uint32
	Size   uint64

	// DeclaredSize, if non-zero, replaces the uncompressed size the
	// headers declare (a size lie).
	DeclaredSize uint64
	// Zip64 declares the sizes in a zip64 extra field, with 0xffffffff in
	// the headers.
	Zip64 bool
	// Gap is written before the member's local header: bytes that belong
	// to no member.
	Gap []byte
}

// Archive describes a zip archive for Zip.
type Archive struct {
	Entries []Entry
	// Prefix is written before the first member. If Adjust is set, the
	// offsets in the directory count it (a self-extractor); otherwise
	// they are relative to the archive (an archive appended to a file).
	Prefix []byte
	Adjust bool
	// Count, if non-zero, is the member count the end record declares.
	Count uint64
	// Zip64End writes a zip64 end record and locator (with Count, if
	// set, as its member count).
	Zip64End bool
}

type zipEntry struct {
	name        string
	method      uint16
	crc         uint32
	size, csize uint64
	off         uint64
	zip64       bool
}

// Zip writes a as a zip archive to w.
func Zip(w io.Writer, a Archive) error {
	cw := &countWriter{w: w}
	if _, err := cw.Write(a.Prefix); err != nil {
		return err
	}
	base := uint64(0)
	if !a.Adjust {
		base = uint64(len(a.Prefix))
	}
	var ents []zipEntry
	for _, e := range a.Entries {
		if _, err := cw.Write(e.Gap); err != nil {
			return err
		}
		ze := zipEntry{name: e.Name, method: 8, off: uint64(cw.n) - base, zip64: e.Zip64}
		if e.Store {
			ze.method = 0
		}
		var raw []byte
		switch {
		case e.Raw != nil:
			ze.crc, ze.size, ze.csize = e.CRC, e.Size, uint64(e.RawLen)
		case e.Store:
			raw = e.Data
			ze.crc, ze.size, ze.csize = crc32.ChecksumIEEE(e.Data), uint64(len(e.Data)), uint64(len(e.Data))
		default:
			raw = Deflate(e.Data)
			ze.crc, ze.size, ze.csize = crc32.ChecksumIEEE(e.Data), uint64(len(e.Data)), uint64(len(raw))
		}
		if e.DeclaredSize != 0 {
			ze.size = e.DeclaredSize
			if e.Store {
				ze.csize = e.DeclaredSize
			}
		}
		local := ze
		if e.LocalName != "" {
			local.name = e.LocalName
		}
		if _, err := cw.Write(localHeader(local)); err != nil {
			return err
		}
		if e.Raw != nil {
			if err := e.Raw(cw); err != nil {
				return err
			}
		} else if _, err := cw.Write(raw); err != nil {
			return err
		}
		ents = append(ents, ze)
	}
	cdStart := uint64(cw.n) - base
	for _, ze := range ents {
		if _, err := cw.Write(centralHeader(ze)); err != nil {
			return err
		}
	}
	cdSize := uint64(cw.n) - base - cdStart
	count := uint64(len(ents))
	if a.Count != 0 {
		count = a.Count
	}
	le := binary.LittleEndian
	var b []byte
	count16, size32, off32 := uint16(min(count, 0xffff)), uint32(cdSize), uint32(cdStart)
	if a.Zip64End {
		end64 := uint64(cw.n) - base
		b = le.AppendUint32(b, 0x06064b50)
		b = le.AppendUint64(b, 44)
		b = le.AppendUint16(b, 45)
		b = le.AppendUint16(b, 45)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint64(b, count)
		b = le.AppendUint64(b, count)
		b = le.AppendUint64(b, cdSize)
		b = le.AppendUint64(b, cdStart)
		b = le.AppendUint32(b, 0x07064b50)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint64(b, end64)
		b = le.AppendUint32(b, 1)
		count16, size32, off32 = 0xffff, 0xffffffff, 0xffffffff
	}
	b = le.AppendUint32(b, 0x06054b50)
	b = le.AppendUint16(b, 0)
	b = le.AppendUint16(b, 0)
	b = le.AppendUint16(b, count16)
	b = le.AppendUint16(b, count16)
	b = le.AppendUint32(b, size32)
	b = le.AppendUint32(b, off32)
	b = le.AppendUint16(b, 0)
	_, err := cw.Write(b)
	return err
}

func zip64Extra(ze zipEntry, local bool) []byte {
	le := binary.LittleEndian
	var z []byte
	z = le.AppendUint64(z, ze.size)
	z = le.AppendUint64(z, ze.csize)
	if !local {
		z = le.AppendUint64(z, ze.off)
	}
	var x []byte
	x = le.AppendUint16(x, 1)
	x = le.AppendUint16(x, uint16(len(z)))
	return append(x, z...)
}

func localHeader(ze zipEntry) []byte {
	le := binary.LittleEndian
	size32, csize32 := uint32(ze.size), uint32(ze.csize)
	var extra []byte
	version := uint16(20)
	if ze.zip64 {
		extra = zip64Extra(ze, true)
		size32, csize32, version = 0xffffffff, 0xffffffff, 45
	}
	var b []byte
	b = le.AppendUint32(b, 0x04034b50)
	b = le.AppendUint16(b, version)
	b = le.AppendUint16(b, flagsFor(ze.name))
	b = le.AppendUint16(b, ze.method)
	b = le.AppendUint16(b, 0)      // time
	b = le.AppendUint16(b, 1<<5|1) // 1980-01-01
	b = le.AppendUint32(b, ze.crc)
	b = le.AppendUint32(b, csize32)
	b = le.AppendUint32(b, size32)
	b = le.AppendUint16(b, uint16(len(ze.name)))
	b = le.AppendUint16(b, uint16(len(extra)))
	b = append(b, ze.name...)
	return append(b, extra...)
}

func centralHeader(ze zipEntry) []byte {
	le := binary.LittleEndian
	size32, csize32, off32 := uint32(ze.size), uint32(ze.csize), uint32(ze.off)
	var extra []byte
	version := uint16(20)
	if ze.zip64 {
		extra = zip64Extra(ze, false)
		size32, csize32, off32, version = 0xffffffff, 0xffffffff, 0xffffffff, 45
	}
	var b []byte
	b = le.AppendUint32(b, 0x02014b50)
	b = le.AppendUint16(b, version)
	b = le.AppendUint16(b, version)
	b = le.AppendUint16(b, flagsFor(ze.name))
	b = le.AppendUint16(b, ze.method)
	b = le.AppendUint16(b, 0)
	b = le.AppendUint16(b, 1<<5|1)
	b = le.AppendUint32(b, ze.crc)
	b = le.AppendUint32(b, csize32)
	b = le.AppendUint32(b, size32)
	b = le.AppendUint16(b, uint16(len(ze.name)))
	b = le.AppendUint16(b, uint16(len(extra)))
	b = le.AppendUint16(b, 0) // comment
	b = le.AppendUint16(b, 0) // disk
	b = le.AppendUint16(b, 0) // internal attributes
	b = le.AppendUint32(b, 0) // external attributes
	b = le.AppendUint32(b, off32)
	b = append(b, ze.name...)
	return append(b, extra...)
}

func flagsFor(name string) uint16 {
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x80 {
			return 0x800
		}
	}
	return 0
}

// Deflate returns data compressed as a raw deflate stream.
func Deflate(data []byte) []byte {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Write(data)
	fw.Close()
	return buf.Bytes()
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// ---- a hand-built deflate stream for bombs ----

// bitWriter writes a deflate bit stream (least significant bit first).
type bitWriter struct {
	w    io.Writer
	acc  uint64
	bits uint
	buf  []byte
	err  error
}

func (b *bitWriter) put(v uint64, n uint) {
	b.acc |= v << b.bits
	b.bits += n
	for b.bits >= 8 {
		b.buf = append(b.buf, byte(b.acc))
		b.acc >>= 8
		b.bits -= 8
	}
	if len(b.buf) >= 64<<10 {
		b.flush()
	}
}

// putHuff writes a Huffman code, which deflate stores most significant
// bit first.
func (b *bitWriter) putHuff(code uint64, n uint) {
	var r uint64
	for i := uint(0); i < n; i++ {
		r = r<<1 | (code>>i)&1
	}
	b.put(r, n)
}

func (b *bitWriter) align() {
	if b.bits > 0 {
		b.put(0, 8-b.bits)
	}
}

func (b *bitWriter) flush() {
	if b.err == nil && len(b.buf) > 0 {
		_, b.err = b.w.Write(b.buf)
	}
	b.buf = b.buf[:0]
}

// literal writes a literal byte with the fixed Huffman code.
func (b *bitWriter) literal(c byte) {
	if c < 144 {
		b.putHuff(0x30+uint64(c), 8)
	} else {
		b.putHuff(0x190+uint64(c-144), 9)
	}
}

func (b *bitWriter) stored(data []byte, final bool) {
	for first := true; first || len(data) > 0; first = false {
		n := min(len(data), 0xffff)
		last := final && n == len(data)
		if last {
			b.put(1, 1)
		} else {
			b.put(0, 1)
		}
		b.put(0, 2)
		b.align()
		b.put(uint64(n), 16)
		b.put(uint64(^uint16(n)), 16)
		for _, c := range data[:n] {
			b.put(uint64(c), 8)
		}
		data = data[n:]
	}
}

// repeatDeflate writes a raw deflate stream that inflates to prefix, then
// n copies of c, then suffix: n/258 back-references of 13 bits each, so a
// gigabyte takes about 6.5 MB.
func repeatDeflate(w io.Writer, prefix []byte, c byte, n int64, suffix []byte) error {
	b := &bitWriter{w: w}
	b.stored(prefix, false)
	if n > 0 {
		b.put(0, 1) // not final
		b.put(1, 2) // fixed Huffman codes
		b.literal(c)
		left := n - 1
		for ; left >= 258; left -= 258 {
			b.putHuff(0xc5, 8) // length code 285: 258 bytes
			b.putHuff(0, 5)    // distance code 0: 1 byte back
		}
		for ; left > 0; left-- {
			b.literal(c)
		}
		b.putHuff(0, 7) // end of block
	}
	b.stored(suffix, true)
	b.align()
	b.flush()
	return b.err
}

var (
	crcMu   sync.Mutex
	crcMemo = map[[3]int64]uint32{}
)

// repeatCRC continues crc over n copies of c. A gigabyte takes a few
// tenths of a second, so results are kept.
func repeatCRC(crc uint32, c byte, n int64) uint32 {
	key := [3]int64{int64(crc), int64(c), n}
	crcMu.Lock()
	defer crcMu.Unlock()
	if v, ok := crcMemo[key]; ok {
		return v
	}
	chunk := bytes.Repeat([]byte{c}, 1<<20)
	v := crc
	for left := n; left > 0; {
		k := min(left, int64(len(chunk)))
		v = crc32.Update(v, crc32.IEEETable, chunk[:k])
		left -= k
	}
	crcMemo[key] = v
	return v
}

// bomb is a member whose content is prefix + n×c + suffix, written as a
// hand-built deflate stream.
func bomb(name string, prefix []byte, c byte, n int64, suffix []byte) Entry {
	var cnt countWriter
	cnt.w = io.Discard
	repeatDeflate(&cnt, prefix, c, n, suffix)
	crc := crc32.ChecksumIEEE(prefix)
	crc = repeatCRC(crc, c, n)
	crc = crc32.Update(crc, crc32.IEEETable, suffix)
	return Entry{
		Name:   name,
		Raw:    func(w io.Writer) error { return repeatDeflate(w, prefix, c, n, suffix) },
		RawLen: cnt.n,
		CRC:    crc,
		Size:   uint64(len(prefix)) + uint64(n) + uint64(len(suffix)),
	}
}
