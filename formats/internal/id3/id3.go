// Package id3 reads ID3 tags — ID3v2.2, 2.3 and 2.4, and ID3v1 — for the
// findings of the audio handlers that carry them (MP3 files, the "ID3 "
// chunk of WAV files). It never writes a tag: the handlers drop tags whole,
// since nothing in the audio points into them.
//
// The reader is bounded and hostile-safe: sizes are checked against the
// tag before anything is read, a tag or frame larger than the limits is
// described without being loaded, compressed frames are inflated within
// env's budget, and frames nested in chapters stop at a fixed depth.
// Unsynchronisation (whole-tag in 2.2 and 2.3, per frame in 2.4), syncsafe
// sizes (and the plain sizes iTunes wrote into 2.4 tags), extended headers,
// data length indicators, grouping, compressed and encrypted frames are
// understood. Embedded pictures (APIC, PIC) and objects (GEOB) are
// inspected through env, so their own metadata is listed too.
package id3

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/scrub"
)

// HeaderLen is the length of an ID3v2 header and footer.
const HeaderLen = 10

// Header is an ID3v2 tag header (or a v2.4 footer).
type Header struct {
	Major    byte  // 2, 3 or 4
	Revision byte  // 0 in every writer seen
	Flags    byte  // unsynchronisation 0x80, extended header 0x40, experimental 0x20, footer 0x10
	Size     int64 // bytes after the header, not counting a footer
}

const (
	flagUnsync   = 0x80
	flagExtended = 0x40 // 2.3 and 2.4; in 2.2 this bit means compression
	flagFooter   = 0x10 // 2.4
)

// Footer reports whether a footer ("3DI") follows the tag.
func (h Header) Footer() bool { return h.Major == 4 && h.Flags&flagFooter != 0 }

// Len is the whole tag's length: header, frames and padding, and footer.
func (h Header) Len() int64 {
	n := HeaderLen + h.Size
	if h.Footer() {
		n += HeaderLen
	}
	return n
}

// Name is "ID3v2.3" and the like.
func (h Header) Name() string { return fmt.Sprintf("ID3v2.%d", h.Major) }

func parseHeader(b []byte, magic string) (Header, bool) {
	if len(b) < HeaderLen || string(b[:3]) != magic {
		return Header{}, false
	}
	if b[3] < 2 || b[3] > 4 || b[4] == 0xff {
		return Header{}, false
	}
	if b[6]|b[7]|b[8]|b[9] >= 0x80 {
		return Header{}, false
	}
	return Header{Major: b[3], Revision: b[4], Flags: b[5], Size: syncsafe(b[6:10])}, true
}

// ParseHeader reads the 10-byte header at the start of b ("ID3", a major
// version from 2 to 4, flags and a syncsafe size). It reports false for
// anything else, versions 5 and up included (the standard says to ignore
// them).
func ParseHeader(b []byte) (Header, bool) { return parseHeader(b, "ID3") }

// ParseFooter reads a v2.4 footer ("3DI"); the tag it closes starts
// h.Len() bytes before the footer's end.
func ParseFooter(b []byte) (Header, bool) {
	h, ok := parseHeader(b, "3DI")
	if !ok || h.Major != 4 || h.Flags&flagFooter == 0 {
		return Header{}, false
	}
	return h, true
}

func syncsafe(b []byte) int64 {
	var n int64
	for _, c := range b {
		n = n<<7 | int64(c&0x7f)
	}
	return n
}

func be(b []byte) int64 {
	var n int64
	for _, c := range b {
		n = n<<8 | int64(c)
	}
	return n
}

// resync undoes unsynchronisation: every 0xFF 0x00 becomes 0xFF.
func resync(b []byte) []byte {
	i := bytes.Index(b, []byte{0xff, 0x00})
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		i := bytes.Index(b, []byte{0xff, 0x00})
		if i < 0 {
			out = append(out, b...)
			break
		}
		out = append(out, b[:i+1]...)
		b = b[i+2:]
	}
	return out
}

// Limits for what is read into memory. A frame or tag over them is
// described by its size and id; since tags are dropped whole, nothing
// is kept that was not read.
const (
	maxTextRead = 1 << 20  // of a text frame: values are shortened for display anyway
	maxDecoded  = 64 << 20 // of a tag or frame that must be decoded (unsynchronised)
	maxInflate  = 16 << 20 // of a compressed frame
	maxFrames   = 20000    // frames of one tag, nested ones included
	maxDepth    = 4        // chapters inside chapters
)

func maxLoad(env *scrub.Env) int64 { return min(scrub.LimitsOf(env).MaxMemberSize, maxDecoded) }

// tag is an ID3v2 tag being read: its frames area, de-unsynchronised if
// the whole tag was.
type tag struct {
	h     Header
	body  io.ReaderAt // the frames and padding
	n     int64       // length of body
	notes []note      // what could not be read, for the findings
	plain bool        // 2.4 frame sizes are plain integers (iTunes), not syncsafe
	// decoded is the de-unsynchronised body, when the tag was (for Parts).
	decoded []byte
	// stored is the body as stored in the file, when body reads it as
	// it is (not de-unsynchronised), so that Parts can find where a
	// picture lies in it.
	stored *io.SectionReader
}

// note is a problem with the tag's structure, listed as a finding.
type note struct{ field, value string }

// open reads the tag whose header is at off in r. It fails only for a tag
// that runs past end (the caller checked that) or a read error; a tag it
// cannot read (too large to decode, compressed v2.2) comes back with
// body nil and a note saying why.
func open(r io.ReaderAt, off int64, h Header, env *scrub.Env) (*tag, error) {
	t := &tag{h: h}
	start, n := off+HeaderLen, h.Size
	if h.Major == 2 && h.Flags&0x40 != 0 {
		t.notes = append(t.notes, note{"compressed tag", fmt.Sprintf("%d bytes that no program can read (ID3v2.2 compression was never defined)", n)})
		return t, nil
	}
	t.stored = io.NewSectionReader(r, start, n)
	var body io.ReaderAt = t.stored
	if h.Flags&flagUnsync != 0 && h.Major < 4 {
		if n > maxLoad(env) {
			t.notes = append(t.notes, note{"unsynchronised tag", fmt.Sprintf("%d bytes, too large to read", n)})
			return t, nil
		}
		b, err := readFull(r, start, n)
		if err != nil {
			return nil, err
		}
		b = resync(b)
		t.decoded, t.stored = b, nil
		body, n = bytes.NewReader(b), int64(len(b))
	}
	skip, err := extendedHeader(body, n, h)
	if err != nil {
		return nil, err
	}
	if skip < 0 {
		t.notes = append(t.notes, note{"extended header", "its size runs past the end of the tag"})
		skip = n
	}
	t.body = io.NewSectionReader(body, skip, n-skip)
	t.n = n - skip
	if h.Major == 4 {
		t.plain = plainSizes(t.body, t.n)
	}
	return t, nil
}

// extendedHeader returns the length of the extended header at the start
// of body (0 if there is none), or -1 if it does not fit.
func extendedHeader(body io.ReaderAt, n int64, h Header) (int64, error) {
	if h.Major < 3 || h.Flags&flagExtended == 0 {
		return 0, nil
	}
	if n < 4 {
		return -1, nil
	}
	b, err := readFull(body, 0, 4)
	if err != nil {
		return 0, err
	}
	var size int64
	if h.Major == 3 {
		size = 4 + be(b) // the size does not count itself
	} else {
		size = syncsafe(b) // it does
	}
	if size < 6 || size > n {
		return -1, nil
	}
	return size, nil
}

// frameHeader is one frame's header.
type frameHeader struct {
	id    string
	size  int64
	flags uint16
}

func (t *tag) frameHeaderLen() int64 {
	if t.h.Major == 2 {
		return 6
	}
	return 10
}

// readFrameHeader reads the frame header at off of body; ok is false at
// padding, at the end, or at bytes that are not a frame header.
func (t *tag) readFrameHeader(body io.ReaderAt, off, end int64, plain bool) (fh frameHeader, ok bool, err error) {
	hl := t.frameHeaderLen()
	if end-off < hl {
		return fh, false, nil
	}
	b, err := readFull(body, off, hl)
	if err != nil {
		return fh, false, err
	}
	idLen := 4
	if t.h.Major == 2 {
		idLen = 3
	}
	id := b[:idLen]
	if !validID(id) {
		return fh, false, nil
	}
	fh.id = string(id)
	switch t.h.Major {
	case 2:
		fh.size = be(b[3:6])
	case 3:
		fh.size = be(b[4:8])
		fh.flags = uint16(b[8])<<8 | uint16(b[9])
	default:
		if plain {
			fh.size = be(b[4:8])
		} else {
			fh.size = syncsafe(b[4:8])
		}
		fh.flags = uint16(b[8])<<8 | uint16(b[9])
	}
	return fh, true, nil
}

func validID(id []byte) bool {
	for _, c := range id {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// plainSizes decides, as mutagen does, whether a 2.4 tag's frame sizes
// are plain integers (iTunes wrote them so) rather than syncsafe: plain
// wins if it walks more frames, or as many while syncsafe overshoots the
// end and plain does not.
func plainSizes(body io.ReaderAt, n int64) bool {
	t := &tag{h: Header{Major: 4}}
	walk := func(plain bool) (frames int, over bool) {
		off := int64(0)
		for i := 0; i < maxFrames; i++ {
			fh, ok, err := t.readFrameHeader(body, off, n, plain)
			if err != nil || !ok {
				return frames, false
			}
			frames++
			off += 10 + fh.size
			if off > n {
				return frames, true
			}
		}
		return frames, false
	}
	sf, sover := walk(false)
	pf, pover := walk(true)
	return pf > sf || (pf == sf && sover && !pover)
}

// frame is one frame, read.
type frame struct {
	id         string // the 2.3/2.4 id (2.2 ids are mapped), or the raw id if unknown
	raw        string // the id as stored
	stored     int64  // bytes stored, header excluded
	data       io.ReaderAt
	n          int64 // length of data; data is nil when it could not be read
	encrypted  bool
	compressed bool
	unreadable string // why data is nil
	// decoded holds data when it had to be decoded (for Parts).
	decoded []byte
}

// head returns up to max bytes from the start of the frame's data.
func (f *frame) head(max int64) ([]byte, error) {
	if f.data == nil {
		return nil, nil
	}
	return readFull(f.data, 0, min(f.n, max))
}

// frames walks the frames of body[0:end], calling fn for each. It stops
// at padding or at bytes that are not a frame, and returns where it
// stopped and how many frames it saw.
func (t *tag) frames(ctx context.Context, env *scrub.Env, body io.ReaderAt, end int64, count *int, fn func(*frame) error) (stop int64, err error) {
	off := int64(0)
	hl := t.frameHeaderLen()
	for {
		if err := ctx.Err(); err != nil {
			return off, err
		}
		fh, ok, err := t.readFrameHeader(body, off, end, t.plain)
		if err != nil {
			return off, err
		}
		if !ok {
			return off, nil
		}
		if *count++; *count > maxFrames {
			return off, nil
		}
		f := &frame{raw: fh.id, id: canonical(fh.id, t.h.Major), stored: fh.size}
		dataOff := off + hl
		avail := min(fh.size, end-dataOff)
		if avail < fh.size {
			f.unreadable = fmt.Sprintf("cut short: %d of %d bytes", avail, fh.size)
		}
		if err := t.decodeFrame(env, f, fh.flags, io.NewSectionReader(body, dataOff, avail), avail); err != nil {
			return off, err
		}
		if err := fn(f); err != nil {
			return off, err
		}
		if avail < fh.size {
			return end, nil
		}
		off = dataOff + fh.size
	}
}

// decodeFrame sets f's data from the stored bytes sr[0:n]: extra header
// bytes skipped, unsynchronisation undone, zlib inflated.
func (t *tag) decodeFrame(env *scrub.Env, f *frame, flags uint16, sr io.ReaderAt, n int64) error {
	var extra int64
	var unsync, grouped, dli bool
	switch t.h.Major {
	case 3:
		f.compressed = flags&0x0080 != 0
		f.encrypted = flags&0x0040 != 0
		grouped = flags&0x0020 != 0
		if f.compressed {
			extra += 4
		}
	case 4:
		grouped = flags&0x0040 != 0
		f.compressed = flags&0x0008 != 0
		f.encrypted = flags&0x0004 != 0
		unsync = flags&0x0002 != 0 || t.h.Flags&flagUnsync != 0
		dli = flags&0x0001 != 0
		if dli {
			extra += 4
		}
	}
	if grouped {
		extra++
	}
	if f.encrypted {
		extra++
	}
	if extra > n {
		f.unreadable = "its header is cut short"
		return nil
	}
	f.data, f.n = io.NewSectionReader(sr, extra, n-extra), n-extra
	if f.encrypted {
		f.unreadable = "encrypted"
		f.data, f.n = nil, 0
		return nil
	}
	if !unsync && !f.compressed {
		return nil
	}
	if f.n > maxLoad(env) {
		f.unreadable = fmt.Sprintf("%d bytes, too large to decode", f.n)
		f.data, f.n = nil, 0
		return nil
	}
	b, err := readFull(f.data, 0, f.n)
	if err != nil {
		return err
	}
	if unsync {
		b = resync(b)
	}
	if f.compressed {
		out, err := inflate(env, b)
		if err != nil {
			return err
		}
		if out == nil {
			f.unreadable = "compressed data that could not be read"
			f.data, f.n = nil, 0
			return nil
		}
		b = out
	}
	f.decoded = b
	f.data, f.n = bytes.NewReader(b), int64(len(b))
	return nil
}

// readFull reads the n bytes at off of r.
func readFull(r io.ReaderAt, off, n int64) ([]byte, error) {
	b := make([]byte, n)
	if k, err := r.ReadAt(b, off); int64(k) < n {
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("reading: %w", err)
	}
	return b, nil
}

// inflate decompresses a zlib stream, at most maxLoad bytes, charging
// env. It returns nil for a stream that is not zlib.
func inflate(env *scrub.Env, b []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, nil
	}
	max := min(maxLoad(env), maxInflate)
	out, _ := io.ReadAll(io.LimitReader(zr, max))
	if env != nil {
		if err := env.Consume(int64(len(out))); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// v22 maps ID3v2.2 frame ids to their 2.3 equivalents.
var v22 = map[string]string{
	"BUF": "RBUF", "CNT": "PCNT", "COM": "COMM", "CRA": "AENC", "CRM": "CRM", "ETC": "ETCO", "EQU": "EQUA",
	"GEO": "GEOB", "IPL": "IPLS", "LNK": "LINK", "MCI": "MCDI", "MLL": "MLLT", "PIC": "APIC", "POP": "POPM",
	"REV": "RVRB", "RVA": "RVAD", "SLT": "SYLT", "STC": "SYTC", "TAL": "TALB", "TBP": "TBPM", "TCM": "TCOM",
	"TCO": "TCON", "TCR": "TCOP", "TDA": "TDAT", "TDY": "TDLY", "TEN": "TENC", "TFT": "TFLT", "TIM": "TIME",
	"TKE": "TKEY", "TLA": "TLAN", "TLE": "TLEN", "TMT": "TMED", "TOA": "TOPE", "TOF": "TOFN", "TOL": "TOLY",
	"TOR": "TORY", "TOT": "TOAL", "TP1": "TPE1", "TP2": "TPE2", "TP3": "TPE3", "TP4": "TPE4", "TPA": "TPOS",
	"TPB": "TPUB", "TRC": "TSRC", "TRD": "TRDA", "TRK": "TRCK", "TSI": "TSIZ", "TSS": "TSSE", "TT1": "TIT1",
	"TT2": "TIT2", "TT3": "TIT3", "TXT": "TEXT", "TXX": "TXXX", "TYE": "TYER", "UFI": "UFID", "ULT": "USLT",
	"WAF": "WOAF", "WAR": "WOAR", "WAS": "WOAS", "WCM": "WCOM", "WCP": "WCOP", "WPB": "WPUB", "WXX": "WXXX",
	// iTunes' own 2.2 ids.
	"TCP": "TCMP", "TST": "TSOT", "TS2": "TSO2", "TSA": "TSOA", "TSP": "TSOP", "TSC": "TSOC", "GP1": "GRP1",
	"MVN": "MVNM", "MVI": "MVIN",
}

func canonical(id string, major byte) string {
	if major == 2 {
		if c, ok := v22[id]; ok {
			return c
		}
	}
	return id
}
