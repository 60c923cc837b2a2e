package zipclean

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	flate "github.com/klauspost/compress/flate"
	"github.com/scrub-project/scrub/formats/internal/bufpool"
	"hash/crc32"
	"io"
	"sort"
)

// The fixed MS-DOS time of every rewritten member: 1980-01-01 00:00:00.
const (
	fixedDate = 1<<5 | 1
	fixedTime = 0
)

// Level is the deflate level of new content. It is fixed: the same content
// always compresses to the same bytes.
const Level = 6

// Decision says what Rewrite does with one member. The zero value keeps
// the member as it is (copied without recompressing, after its CRC has
// been verified).
type Decision struct {
	// Drop leaves the member out.
	Drop bool
	// Write, if set, produces the member's new (uncompressed) content.
	// Rewrite compresses what it writes; an error from Write ends the
	// rewrite.
	Write func(dst io.Writer) error
	// Store writes the member uncompressed (ODF's mimetype must be).
	Store bool

	// After, if set, is called once the member is written or the
	// rewrite failed: Write's source may be given back (a pooled buffer).
	After func()

	// same, set by Member.Filter, reports whether Write wrote exactly
	// the member's content: then the member is copied as it was.
	same func() bool
}

// Keep copies a member as it is.
var Keep = Decision{}

// Drop leaves a member out.
var Drop = Decision{Drop: true}

// Replace returns a Decision that writes data as the member's content.
func Replace(data []byte) Decision {
	return Decision{Write: func(dst io.Writer) error {
		_, err := dst.Write(data)
		return err
	}}
}

// Filter returns a Decision that streams m's decompressed content (with
// Member.Open's checks) through f, which writes the new content to dst.
// If f writes back exactly what it read (compared by SHA-256), the member
// is copied as it was, without recompressing.
func (m *Member) Filter(ctx context.Context, f func(dst io.Writer, src io.Reader) error) Decision {
	in, out := sha256.New(), sha256.New()
	var nin, nout countWriter
	return Decision{
		Write: func(dst io.Writer) error {
			rc := m.Open(ctx)
			defer rc.Close()
			src := io.TeeReader(rc, io.MultiWriter(in, &nin))
			if err := f(io.MultiWriter(dst, out, &nout), src); err != nil {
				return err
			}
			// A filter that stopped early must not hide a damaged tail.
			_, err := io.Copy(io.Discard, src)
			return err
		},
		same: func() bool {
			return nin == nout && bytes.Equal(in.Sum(nil), out.Sum(nil))
		},
	}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// Options control Rewrite.
type Options struct {
	// First lists member names that lead the archive, in this order
	// (OOXML: "[Content_Types].xml"; ODF: "mimetype"). Names not in the
	// archive are skipped. The other members follow sorted by name (byte
	// order), so the output order does not depend on the input's.
	First []string
	// Last lists member names that end the archive, in this order (EPUB:
	// the package document, which names what the members' cleaning left
	// out). Names not in the archive or already in First are skipped.
	Last []string
	// Decide is called once per member, in output order, and says what to
	// do with it. A nil Decide keeps every member.
	Decide func(m *Member) (Decision, error)
}

// Order returns the members in the order Rewrite writes them.
func (a *Archive) Order(first []string) []*Member {
	out := make([]*Member, 0, len(a.Members))
	used := map[*Member]bool{}
	for _, n := range first {
		if m := a.byName[n]; m != nil && !used[m] {
			used[m] = true
			out = append(out, m)
		}
	}
	var rest []*Member
	for _, m := range a.Members {
		if !used[m] {
			rest = append(rest, m)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i].Name < rest[j].Name })
	return append(out, rest...)
}

// order is Order(first) with the members named in last moved to the end.
func (a *Archive) order(first, last []string) []*Member {
	all := a.Order(first)
	if len(last) == 0 {
		return all
	}
	isFirst := map[*Member]bool{}
	for _, n := range first {
		if m := a.byName[n]; m != nil {
			isFirst[m] = true
		}
	}
	moved := map[*Member]bool{}
	var tail []*Member
	for _, n := range last {
		if m := a.byName[n]; m != nil && !isFirst[m] && !moved[m] {
			moved[m] = true
			tail = append(tail, m)
		}
	}
	out := all[:0:0]
	for _, m := range all {
		if !moved[m] {
			out = append(out, m)
		}
	}
	return append(out, tail...)
}

// Rewrite writes a new archive to w holding the members opt.Decide keeps,
// each with a fresh header (see the package documentation), in the order
// of Order(opt.First) with the members of opt.Last moved to the end. Nothing of the input outside its members (comments,
// extra fields, times, directory entries, hidden bytes) is carried over.
// Rewrite returns the first error of a member's Decision, of reading a
// member (Member.Open's checks), of ctx, or of writing; on error what was
// written to w is incomplete and must be discarded.
func (a *Archive) Rewrite(ctx context.Context, w io.Writer, opt Options) error {
	zw := newWriter(w)
	defer zw.release()
	for _, m := range a.order(opt.First, opt.Last) {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := Keep
		if opt.Decide != nil {
			var err error
			if d, err = opt.Decide(m); err != nil {
				return err
			}
		}
		if err := zw.member(ctx, m, d); err != nil {
			return err
		}
	}
	return zw.close()
}

// member writes m as d says.
func (zw *Writer) member(ctx context.Context, m *Member, d Decision) error {
	if d.After != nil {
		defer d.After()
	}
	switch {
	case d.Drop:
		return nil
	case d.Write != nil:
		// A member the producer stored (pictures, mostly) stays stored:
		// deflating JPEG data gains nothing and costs the most time of
		// the whole rewrite.
		store := d.Store || m.Method == Store
		raw := m
		if d.same == nil || (store && m.Method != Store) {
			raw = nil
		}
		zw.grow(int(min(m.Size, 64<<20)) + 1024)
		return zw.writeNew(m.Name, store, raw, d.same, d.Write)
	case d.Store && m.Method != Store:
		return zw.writeNew(m.Name, true, nil, nil, func(dst io.Writer) error {
			rc := m.Open(ctx)
			defer rc.Close()
			_, err := io.Copy(dst, rc)
			return err
		})
	}
	if err := m.Verify(ctx); err != nil {
		return err
	}
	return zw.copyRaw(m)
}

// Writer is a minimal zip writer that writes only fixed headers. Archive's
// Rewrite uses it; it is exported for handlers that build an archive from
// nothing (tests, or a container whose members are all new).
type Writer struct {
	w       io.Writer
	off     uint64
	entries []entry
	names   map[string]bool
	fw      *flate.Writer
	buf     bytes.Buffer
	err     error
}

type entry struct {
	name        string
	method      uint16
	crc         uint32
	csize, size uint64
	offset      uint64
}

// grow readies the member buffer for n bytes, from the pool.
func (zw *Writer) grow(n int) {
	zw.buf.Reset()
	if zw.buf.Cap() >= n {
		return
	}
	zw.release()
	zw.buf = *bytes.NewBuffer(bufpool.Get(n))
}

// release gives the member buffer back to the pool.
func (zw *Writer) release() {
	bufpool.Put(zw.buf.Bytes()[:0])
	zw.buf = bytes.Buffer{}
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return newWriter(w) }

func newWriter(w io.Writer) *Writer {
	return &Writer{w: w, names: map[string]bool{}}
}

// Add writes a member called name with the content write produces,
// deflated unless store is set.
func (zw *Writer) Add(name string, store bool, write func(dst io.Writer) error) error {
	return zw.writeNew(name, store, nil, nil, write)
}

// Close writes the central directory. The Writer must not be used after.
func (zw *Writer) Close() error { return zw.close() }

type crcCounter struct {
	w   io.Writer
	crc uint32
	n   uint64
}

func (c *crcCounter) Write(p []byte) (int, error) {
	c.crc = crc32.Update(c.crc, crc32.IEEETable, p)
	c.n += uint64(len(p))
	return c.w.Write(p)
}

// writeNew compresses what write produces and writes it as member name;
// if raw is set and same reports the content unchanged, raw is copied
// instead (write has read and checked it in full).
func (zw *Writer) writeNew(name string, store bool, raw *Member, same func() bool, write func(dst io.Writer) error) error {
	zw.buf.Reset()
	cc := &crcCounter{w: &zw.buf}
	method := Deflate
	if store {
		method = Store
		if err := write(cc); err != nil {
			return err
		}
	} else {
		if zw.fw == nil {
			fw, err := flate.NewWriter(cc, Level)
			if err != nil {
				return err
			}
			zw.fw = fw
		} else {
			zw.fw.Reset(cc)
		}
		// cc counts compressed bytes here; the content CRC comes from a
		// second counter in front of the compressor.
		in := &crcCounter{w: zw.fw}
		if err := write(in); err != nil {
			return err
		}
		if err := zw.fw.Close(); err != nil {
			return err
		}
		cc.crc, cc.n = in.crc, in.n
	}
	if raw != nil && same() {
		return zw.copyRaw(raw)
	}
	e := entry{name: name, method: method, crc: cc.crc, size: cc.n, csize: uint64(zw.buf.Len())}
	if err := zw.header(&e); err != nil {
		return err
	}
	return zw.write(zw.buf.Bytes())
}

func (zw *Writer) copyRaw(m *Member) error {
	e := entry{name: m.Name, method: m.Method, crc: m.CRC32, size: m.Size, csize: m.CompressedSize}
	if err := zw.header(&e); err != nil {
		return err
	}
	if zw.err != nil {
		return zw.err
	}
	n, err := io.Copy(zw.w, io.NewSectionReader(m.a.r, m.dataOffset, int64(m.CompressedSize)))
	zw.off += uint64(n)
	if err == nil && uint64(n) != m.CompressedSize {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		zw.err = err
	}
	return err
}

func (zw *Writer) write(p []byte) error {
	if zw.err != nil {
		return zw.err
	}
	n, err := zw.w.Write(p)
	zw.off += uint64(n)
	if err != nil {
		zw.err = err
	}
	return err
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func flagsFor(name string) uint16 {
	if isASCII(name) {
		return 0
	}
	return 0x800 // UTF-8 names
}

const max32 = 0xffffffff

// header writes e's local header and records e for the directory.
func (zw *Writer) header(e *entry) error {
	if zw.names[e.name] {
		return fmt.Errorf("zipclean: member %q written twice", e.name)
	}
	zw.names[e.name] = true
	e.offset = zw.off
	zip64 := e.size >= max32 || e.csize >= max32
	var extra []byte
	version := uint16(20)
	size32, csize32 := uint32(e.size), uint32(e.csize)
	if zip64 {
		version = 45
		extra = binary.LittleEndian.AppendUint16(extra, extZip64)
		extra = binary.LittleEndian.AppendUint16(extra, 16)
		extra = binary.LittleEndian.AppendUint64(extra, e.size)
		extra = binary.LittleEndian.AppendUint64(extra, e.csize)
		size32, csize32 = max32, max32
	}
	b := make([]byte, 0, localLen+len(e.name)+len(extra))
	le := binary.LittleEndian
	b = le.AppendUint32(b, sigLocal)
	b = le.AppendUint16(b, version)
	b = le.AppendUint16(b, flagsFor(e.name))
	b = le.AppendUint16(b, e.method)
	b = le.AppendUint16(b, fixedTime)
	b = le.AppendUint16(b, fixedDate)
	b = le.AppendUint32(b, e.crc)
	b = le.AppendUint32(b, csize32)
	b = le.AppendUint32(b, size32)
	b = le.AppendUint16(b, uint16(len(e.name)))
	b = le.AppendUint16(b, uint16(len(extra)))
	b = append(b, e.name...)
	b = append(b, extra...)
	zw.entries = append(zw.entries, *e)
	return zw.write(b)
}

func (zw *Writer) close() error {
	if zw.err != nil {
		return zw.err
	}
	le := binary.LittleEndian
	cdStart := zw.off
	for _, e := range zw.entries {
		var extra []byte
		size32, csize32, off32 := uint32(e.size), uint32(e.csize), uint32(e.offset)
		version := uint16(20)
		if e.size >= max32 || e.csize >= max32 || e.offset >= max32 {
			version = 45
			var z []byte
			if e.size >= max32 {
				z = le.AppendUint64(z, e.size)
				size32 = max32
			}
			if e.csize >= max32 {
				z = le.AppendUint64(z, e.csize)
				csize32 = max32
			}
			if e.offset >= max32 {
				z = le.AppendUint64(z, e.offset)
				off32 = max32
			}
			extra = le.AppendUint16(extra, extZip64)
			extra = le.AppendUint16(extra, uint16(len(z)))
			extra = append(extra, z...)
		}
		b := make([]byte, 0, centralLen+len(e.name)+len(extra))
		b = le.AppendUint32(b, sigCentral)
		b = le.AppendUint16(b, version) // made by: MS-DOS, spec version
		b = le.AppendUint16(b, version) // needed to extract
		b = le.AppendUint16(b, flagsFor(e.name))
		b = le.AppendUint16(b, e.method)
		b = le.AppendUint16(b, fixedTime)
		b = le.AppendUint16(b, fixedDate)
		b = le.AppendUint32(b, e.crc)
		b = le.AppendUint32(b, csize32)
		b = le.AppendUint32(b, size32)
		b = le.AppendUint16(b, uint16(len(e.name)))
		b = le.AppendUint16(b, uint16(len(extra)))
		b = le.AppendUint16(b, 0) // comment
		b = le.AppendUint16(b, 0) // disk
		b = le.AppendUint16(b, 0) // internal attributes
		b = le.AppendUint32(b, 0) // external attributes
		b = le.AppendUint32(b, off32)
		b = append(b, e.name...)
		b = append(b, extra...)
		if err := zw.write(b); err != nil {
			return err
		}
	}
	cdEnd := zw.off
	cdSize := cdEnd - cdStart
	n := uint64(len(zw.entries))
	var b []byte
	count16, size32, off32 := uint16(n), uint32(cdSize), uint32(cdStart)
	if n >= 0xffff || cdSize >= max32 || cdStart >= max32 {
		b = le.AppendUint32(b, sigEnd64)
		b = le.AppendUint64(b, end64Len-12)
		b = le.AppendUint16(b, 45)
		b = le.AppendUint16(b, 45)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint64(b, n)
		b = le.AppendUint64(b, n)
		b = le.AppendUint64(b, cdSize)
		b = le.AppendUint64(b, cdStart)
		b = le.AppendUint32(b, sigLoc64)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint64(b, cdEnd)
		b = le.AppendUint32(b, 1)
		count16, size32, off32 = 0xffff, max32, max32
	}
	b = le.AppendUint32(b, sigEnd)
	b = le.AppendUint16(b, 0)
	b = le.AppendUint16(b, 0)
	b = le.AppendUint16(b, count16)
	b = le.AppendUint16(b, count16)
	b = le.AppendUint32(b, size32)
	b = le.AppendUint32(b, off32)
	b = le.AppendUint16(b, 0)
	if err := zw.write(b); err != nil {
		return err
	}
	zw.err = fmt.Errorf("zipclean: writer closed")
	return nil
}
