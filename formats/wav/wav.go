// Package wav cleans WAV files (RIFF WAVE, Broadcast Wave, and RF64 and
// BW64 for files over 4 GiB) without touching the audio.
//
// Clean rebuilds the file from an allowlist of chunks: fmt, fact, data
// (streamed, byte for byte), cue (sample positions only: its labels live
// in LIST/adtl, which goes), and the sampler chunks inst and acid (pure
// musical settings: key, loop beats, tempo) and smpl (loop points; its
// sampler maker and product, SMPTE time and vendor data are zeroed or
// cut), so that loops keep working in samplers and editors. A fmt chunk
// longer than its own extension size says is cut to it. Everything
// else is dropped and reported: LIST (INFO, adtl), bext (recorder serial
// in Originator and OriginatorReference, dates, coding history), iXML,
// axml, cart, umid, Pro Tools' minf/ovwf/regn, "ID3 "/"id3 " (read with
// the ID3 reader, pictures included), _PMX (XMP), DISP, PEAK, JUNK and any
// chunk scrub does not know, and data after the last chunk. The RIFF size
// is read tolerantly (recorders write wrong ones) and written right; an
// RF64/BW64 file keeps its form and gets a ds64 chunk with the new sizes.
package wav

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/scrub"
)

type handler struct{}

// New returns the handler for WAV files.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "wav" }

func (handler) Formats() []scrub.Format {
	return []scrub.Format{{Name: "wav", Extensions: []string{".wav", ".wave", ".bwf", ".rf64", ".bw64"},
		Description: "WAV audio", MediaTypes: []string{"audio/wav", "audio/x-wav", "audio/vnd.wave"}}}
}

func malformed(reasonf string, args ...any) error {
	return scrub.Malformed("wav", nil, reasonf, args...)
}

// Identify claims RIFF, RF64 and BW64 files of form WAVE.
func (handler) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if len(head) >= 12 && string(head[8:12]) == "WAVE" {
		switch string(head[:4]) {
		case "RIFF", "RF64", "BW64":
			return "wav", nil
		case "RIFX":
			return "", scrub.Unsupported("wav", "big-endian WAV (RIFX) is not supported", "convert it to a normal WAV in an audio editor and clean that copy")
		}
	}
	return "", nil
}

// chunk is one chunk of the file.
type chunk struct {
	id   string
	off  int64 // of the header
	n    int64 // data length (from ds64 for RF64 chunks whose size field is 0xFFFFFFFF)
	pad  bool  // a pad byte follows the data in the file
	form string
}

func (c chunk) data() int64 { return c.off + 8 }

func (c chunk) end() int64 {
	e := c.off + 8 + c.n
	if c.pad {
		e++
	}
	return e
}

// What cleaning does with a chunk.
type action int

const (
	drop    action = iota
	keep           // copied byte for byte
	rewrite        // written anew (ds64, smpl, fact)
)

// layout is what walking a file found.
type layout struct {
	form     string // "RIFF", "RF64" or "BW64"
	chunks   []chunk
	acts     []action
	fmt      int // index of the fmt chunk
	dat      int // index of the data chunk
	ds64     *ds64
	trailing int64 // start of the data after the last chunk (size if none)
	size     int64
	rate     int // sample rate, from fmt
}

// ds64 is RF64's table of 64-bit sizes.
type ds64 struct {
	riff, data, samples uint64
	table               map[string]uint64
}

// walk reads the chunk structure. It returns ErrMalformed for a file that
// is cut short, a chunk that runs past the end of the file, a chunk id
// that is not text where a chunk must be, a missing or repeated fmt or
// data chunk; ErrUnsupported for a wave list (LIST wavl); ErrLimit for
// more chunks than env.Limits.MaxMembers.
func walk(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) (*layout, error) {
	if size < 12 {
		return nil, malformed("the file is too short to be a WAV file")
	}
	hdr, err := section.Read(r, 0, 12)
	if err != nil {
		return nil, err
	}
	lay := &layout{form: string(hdr[:4]), fmt: -1, dat: -1, size: size, trailing: size}
	if string(hdr[8:12]) != "WAVE" || lay.form != "RIFF" && lay.form != "RF64" && lay.form != "BW64" {
		return nil, malformed("missing RIFF WAVE header")
	}
	// The RIFF size is only a hint (recorders write wrong ones): chunks are
	// read to the end of the file, and only bytes past the RIFF size may be
	// something else than chunks.
	riffEnd := 8 + int64(binary.LittleEndian.Uint32(hdr[4:]))
	max := scrub.LimitsOf(env).MaxMembers
	pos := int64(12)
	for pos < size {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if size-pos < 8 {
			lay.trailing = pos
			break
		}
		h, err := section.Read(r, pos, 8)
		if err != nil {
			return nil, err
		}
		if !validID(h[:4]) {
			if pos >= riffEnd || allZero(r, pos, size) {
				lay.trailing = pos
				break
			}
			return nil, malformed("invalid chunk id %q at offset %d", h[:4], pos)
		}
		c := chunk{id: string(h[:4]), off: pos, n: int64(binary.LittleEndian.Uint32(h[4:]))}
		if lay.form != "RIFF" {
			if len(lay.chunks) == 0 {
				if c.id != "ds64" {
					return nil, malformed("an %s file must start with a ds64 chunk", lay.form)
				}
			} else if c.n == 0xffffffff {
				if c.n, err = lay.ds64.size(c.id); err != nil {
					return nil, err
				}
			}
		}
		if c.data()+c.n > size {
			if pos >= riffEnd {
				lay.trailing = pos // after the RIFF: not a chunk, whatever it looks like
				break
			}
			return nil, &scrub.FormatError{Format: "wav", Kind: scrub.ErrMalformed,
				Reason: fmt.Sprintf("the %q chunk at offset %d declares %d bytes, more than the file holds: the file may be cut short", c.id, pos, c.n),
				Hint:   "if it plays, open it in an audio editor, save it as a new WAV and clean that copy"}
		}
		c.pad = c.n%2 == 1 && hasPad(r, c, size)
		if c.id == "LIST" && c.n >= 4 {
			t, err := section.Read(r, c.data(), 4)
			if err != nil {
				return nil, err
			}
			c.form = string(t)
			if c.form == "wavl" {
				return nil, scrub.Unsupported("wav", "WAV files whose audio is a wave list (LIST wavl) are not supported",
					"open it in an audio editor, save it as a normal WAV and clean that copy")
			}
		}
		if len(lay.chunks) >= max {
			return nil, scrub.OverLimit("wav", scrub.LimitMembers, fmt.Sprintf("more than %d chunks", max))
		}
		if err := lay.add(r, c); err != nil {
			return nil, err
		}
		if c.id == "ds64" && lay.ds64 != nil && lay.ds64.riff < 1<<62 {
			riffEnd = 8 + int64(lay.ds64.riff) // RF64's real RIFF size
		}
		pos = c.end()
	}
	switch {
	case lay.fmt < 0:
		return nil, malformed("no format chunk (fmt)")
	case lay.dat < 0:
		return nil, malformed("no audio data chunk (data)")
	}
	return lay, nil
}

// add records c and what cleaning does with it.
func (l *layout) add(r io.ReaderAt, c chunk) error {
	act := drop
	switch c.id {
	case "ds64":
		if len(l.chunks) > 0 || l.form == "RIFF" {
			break // a stray ds64 in a RIFF file: dropped
		}
		d, err := readDS64(r, c)
		if err != nil {
			return err
		}
		l.ds64, act = d, rewrite
	case "fmt ":
		if l.fmt >= 0 {
			return malformed("two format chunks (fmt)")
		}
		if c.n < 16 {
			return malformed("the format chunk (fmt) is too short")
		}
		b, err := section.Read(r, c.data(), min(c.n, 18))
		if err != nil {
			return err
		}
		l.fmt, act = len(l.chunks), keep
		l.rate = int(binary.LittleEndian.Uint32(b[4:]))
		if fmtExtra(b, c.n) > 0 {
			act = rewrite // bytes after what the format says it holds
		}
	case "data":
		if l.dat >= 0 {
			return malformed("two audio data chunks (data)")
		}
		l.dat, act = len(l.chunks), keep
	case "fact":
		switch {
		case c.n == 4:
			act = keep
		case c.n > 4:
			act = rewrite
		}
	case "cue ":
		if b, err := section.Read(r, c.data(), min(c.n, 4)); err != nil {
			return err
		} else if len(b) == 4 && c.n == 4+24*int64(binary.LittleEndian.Uint32(b)) {
			act = keep
		}
	case "inst":
		if c.n == 7 {
			act = keep
		}
	case "acid":
		if c.n == 24 {
			act = keep
		}
	case "smpl":
		s, err := readSmpl(r, c)
		if err != nil {
			return err
		}
		if s != nil {
			act = keep
			if s.dirty() {
				act = rewrite
			}
		}
	}
	l.chunks = append(l.chunks, c)
	l.acts = append(l.acts, act)
	return nil
}

func validID(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// allZero reports whether r[from:to] is all zeros (not if it cannot be
// read).
func allZero(r io.ReaderAt, from, to int64) bool {
	zero, _ := section.Zeros(context.Background(), r, from, to-from)
	return zero
}

// hasPad decides whether the odd-sized chunk c is followed by its pad
// byte. Some writers leave it out: if a chunk header follows without it
// and not with it, there is none.
func hasPad(r io.ReaderAt, c chunk, size int64) bool {
	at := c.data() + c.n
	if at >= size {
		return false
	}
	with, without := headerAt(r, at+1, size), headerAt(r, at, size)
	return with || !without
}

func headerAt(r io.ReaderAt, at, size int64) bool {
	if size-at < 8 {
		return false
	}
	b, err := section.Read(r, at, 8)
	return err == nil && validID(b[:4]) && at+8+int64(binary.LittleEndian.Uint32(b[4:])) <= size
}

// fmtExtra returns how many bytes the fmt chunk holds past its extension
// (18 bytes and cbSize more), given its first 18 bytes and its size.
func fmtExtra(b []byte, n int64) int64 {
	if n <= 18 || len(b) < 18 {
		return 0
	}
	return max(n-18-int64(binary.LittleEndian.Uint16(b[16:])), 0)
}

// readDS64 reads RF64's ds64 chunk: 64-bit RIFF size, data size and
// sample count, then a table of other chunks' 64-bit sizes.
func readDS64(r io.ReaderAt, c chunk) (*ds64, error) {
	if c.n < 28 {
		return nil, malformed("the ds64 chunk is too short")
	}
	b, err := section.Read(r, c.data(), min(c.n, 28+12*1024))
	if err != nil {
		return nil, err
	}
	d := &ds64{riff: le64(b), data: le64(b[8:]), samples: le64(b[16:]), table: map[string]uint64{}}
	n := int(binary.LittleEndian.Uint32(b[24:]))
	for i, p := 0, 28; i < n && p+12 <= len(b); i, p = i+1, p+12 {
		d.table[string(b[p:p+4])] = le64(b[p+4:])
	}
	return d, nil
}

func le64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

// size returns the 64-bit size of a chunk whose size field is 0xFFFFFFFF.
func (d *ds64) size(id string) (int64, error) {
	n, ok := d.table[id]
	if id == "data" {
		n, ok = d.data, true
	}
	if !ok {
		return 0, malformed("the %q chunk has no size in the ds64 table", id)
	}
	if n > 1<<62 {
		return 0, malformed("the ds64 chunk gives the %q chunk an impossible size", id)
	}
	return int64(n), nil
}

// smpl is a sampler chunk: maker, product, sample period, MIDI unity note
// and pitch fraction, SMPTE format and offset, loops, vendor data.
type smpl struct {
	maker, product, smpteOffset uint32
	loops                       int
	vendor                      int64 // bytes of vendor data
}

func (s *smpl) dirty() bool {
	return s.maker|s.product|s.smpteOffset != 0 || s.vendor > 0
}

// readSmpl reads a smpl chunk, or returns nil if its sizes do not add up.
func readSmpl(r io.ReaderAt, c chunk) (*smpl, error) {
	if c.n < 36 {
		return nil, nil
	}
	b, err := section.Read(r, c.data(), 36)
	if err != nil {
		return nil, err
	}
	u := func(i int) uint32 { return binary.LittleEndian.Uint32(b[4*i:]) }
	s := &smpl{maker: u(0), product: u(1), smpteOffset: u(6), loops: int(u(7))}
	vendor := int64(u(8))
	if int64(s.loops) > (c.n-36)/24 || 36+24*int64(s.loops)+vendor != c.n {
		return nil, nil
	}
	s.vendor = vendor
	return s, nil
}

// Clean writes the header and the kept chunks in their order, the audio
// byte for byte. It returns the errors walk does.
func (handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	return nil, cleanLayout(ctx, r, w, lay)
}

// CleanReport is Clean that also returns Inspect's findings, from one
// walk of the chunks.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, nil, err
	}
	fs, err := inspectLayout(ctx, env, r, lay)
	if err != nil {
		return nil, nil, err
	}
	return fs, nil, cleanLayout(ctx, r, w, lay)
}

// rewritten returns the new data of a rewritten chunk (ds64 excepted).
func rewritten(r io.ReaderAt, c chunk) ([]byte, error) {
	switch c.id {
	case "fact":
		return section.Read(r, c.data(), 4)
	case "fmt ":
		b, err := section.Read(r, c.data(), c.n)
		if err != nil {
			return nil, err
		}
		return b[:c.n-fmtExtra(b, c.n)], nil
	case "smpl":
		b, err := section.Read(r, c.data(), c.n)
		if err != nil {
			return nil, err
		}
		for _, i := range []int{0, 1, 6, 8} { // maker, product, SMPTE offset, vendor data size
			binary.LittleEndian.PutUint32(b[4*i:], 0)
		}
		loops := int(binary.LittleEndian.Uint32(b[28:]))
		return b[:36+24*loops], nil
	}
	return nil, fmt.Errorf("wav: no rewrite for %q", c.id)
}

func cleanLayout(ctx context.Context, r io.ReaderAt, w io.Writer, lay *layout) error {
	// Sizes first: the header and ds64 carry the total.
	type out struct {
		c    chunk
		act  action
		data []byte // for rewritten chunks
	}
	var outs []out
	total := int64(12)
	for i, c := range lay.chunks {
		act := lay.acts[i]
		if act == drop {
			continue
		}
		o := out{c: c, act: act}
		n := c.n
		if act == rewrite && c.id != "ds64" {
			b, err := rewritten(r, c)
			if err != nil {
				return err
			}
			o.data, n = b, int64(len(b))
		}
		if c.id == "ds64" {
			n = 28
		}
		total += 8 + n + n%2
		outs = append(outs, o)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	hdr := make([]byte, 12)
	copy(hdr, lay.form)
	copy(hdr[8:], "WAVE")
	if lay.form == "RIFF" {
		if total-8 > 0xffffffff {
			return scrub.Unsupported("wav", "the cleaned file would be over 4 GiB, too large for a RIFF WAV", "")
		}
		binary.LittleEndian.PutUint32(hdr[4:], uint32(total-8))
	} else {
		binary.LittleEndian.PutUint32(hdr[4:], 0xffffffff)
	}
	bw.Write(hdr)
	for _, o := range outs {
		if err := ctx.Err(); err != nil {
			return err
		}
		c := o.c
		switch {
		case c.id == "ds64":
			d := *lay.ds64
			d.riff = uint64(total - 8)
			d.data = uint64(lay.chunks[lay.dat].n)
			b := binary.LittleEndian.AppendUint64(nil, d.riff)
			b = binary.LittleEndian.AppendUint64(b, d.data)
			b = binary.LittleEndian.AppendUint64(b, d.samples)
			b = binary.LittleEndian.AppendUint32(b, 0)
			writeChunk(bw, c.id, uint32(len(b)), b)
		case o.act == rewrite:
			writeChunk(bw, c.id, uint32(len(o.data)), o.data)
		default:
			h, err := section.Read(r, c.off, 8) // keeps RF64's 0xFFFFFFFF size fields
			if err != nil {
				return err
			}
			bw.Write(h)
			if err := section.Copy(ctx, bw, r, c.data(), c.n); err != nil {
				return err
			}
			if c.n%2 == 1 {
				bw.Write([]byte{0})
			}
		}
	}
	return bw.Flush()
}

func writeChunk(w io.Writer, id string, n uint32, data []byte) {
	var b bytes.Buffer
	b.WriteString(id)
	binary.Write(&b, binary.LittleEndian, n)
	b.Write(data)
	if len(data)%2 == 1 {
		b.WriteByte(0)
	}
	w.Write(b.Bytes())
}
