package jpeg

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/scrub"
)

// Markers (ITU T.81 table B.1).
const (
	mSOF0  = 0xc0
	mDHT   = 0xc4
	mJPG   = 0xc8
	mDAC   = 0xcc
	mRST0  = 0xd0
	mRST7  = 0xd7
	mSOI   = 0xd8
	mEOI   = 0xd9
	mSOS   = 0xda
	mDQT   = 0xdb
	mDNL   = 0xdc
	mDRI   = 0xdd
	mDHP   = 0xde
	mEXP   = 0xdf
	mAPP0  = 0xe0
	mAPP1  = 0xe1
	mAPP2  = 0xe2
	mAPP11 = 0xeb
	mAPP13 = 0xed
	mAPP14 = 0xee
	mAPP15 = 0xef
	mCOM   = 0xfe
)

// Identifiers at the start of APPn payloads.
var (
	idJFIF     = []byte("JFIF\x00")
	idJFXX     = []byte("JFXX\x00")
	idExif     = []byte("Exif\x00")
	idXMP      = []byte("http://ns.adobe.com/xap/1.0/\x00")
	idXMPExt   = []byte("http://ns.adobe.com/xmp/extension/\x00")
	idICC      = []byte("ICC_PROFILE\x00")
	idMPF      = []byte("MPF\x00")
	idAdobe    = []byte("Adobe")
	idPhotoshp = []byte("Photoshop 3.0\x00")
)

// Payload sizes of the segments scrub rewrites in canonical form.
const (
	jfifLen  = 14 // "JFIF\0", version, units, densities, thumbnail size
	adobeLen = 12 // "Adobe", version, flags0, flags1, transform
)

// role says what cleaning does with a segment.
type role int

const (
	keep  role = iota // needed to decode: copied as it is
	jfif              // the first JFIF APP0: rewritten without thumbnail
	adobe             // the last Adobe APP14: rewritten without extra bytes
	drop              // metadata or unknown: removed
)

// segment is one marker segment of the file. Payloads are read again from
// the input when needed; only their position is kept.
type segment struct {
	marker byte
	start  int64 // offset of the payload, after the length field
	n      int64 // payload length; -1 for a marker without payload (RSTn)
	ecs    int64 // SOS only: length of the entropy-coded data after the payload
	role   role
}

// layout is what walking a JPEG found.
type layout struct {
	segs        []segment
	extraneous  int64      // bytes between segments that are not part of any
	extraRuns   [][2]int64 // offset and length of the first such runs
	end         int64      // offset just after the EOI marker
	exif        int        // index in segs of the first EXIF APP1, -1 if none
	orientation int        // Orientation of the first EXIF if it is 2 to 8, else 0
	minimal     bool       // the first EXIF is exactly scrub's orientation-only block
}

const maxExtraRuns = 16

func malformed(reasonf string, args ...any) error {
	return scrub.Malformed("jpeg", nil, reasonf, args...)
}

// scanner reads the input sequentially and tracks the offset.
type scanner struct {
	br  *bufio.Reader
	pos int64
}

func (s *scanner) byte() (byte, error) {
	c, err := s.br.ReadByte()
	if err != nil {
		return 0, err
	}
	s.pos++
	return c, nil
}

func (s *scanner) skip(n int64) error {
	for n > 0 {
		k := int(min(n, 1<<30))
		d, err := s.br.Discard(k)
		s.pos += int64(d)
		n -= int64(d)
		if err != nil {
			return err
		}
	}
	return nil
}

// walk reads the marker structure of a JPEG the way Go's image/jpeg does
// (fill bytes before markers and stray bytes between segments are
// tolerated) and classifies every segment. It returns a *scrub.FormatError
// of kind ErrMalformed for truncated or inconsistent files, ErrUnsupported
// for JPEG extensions scrub does not know (JPEG-LS, reserved markers) and
// ErrLimit for files with more segments than env allows.
func walk(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) (*layout, error) {
	s := &scanner{br: bufio.NewReaderSize(io.NewSectionReader(r, 0, size), 64<<10)}
	a, err1 := s.byte()
	b, err2 := s.byte()
	if err1 != nil || err2 != nil || a != 0xff || b != mSOI {
		return nil, malformed("missing start-of-image marker")
	}
	lay := &layout{exif: -1}
	maxSegs := scrub.LimitsOf(env).MaxMembers
	var sawSOF, sawSOS, sawJFIF bool
	lastAdobe := -1
	var pending byte // a marker code the entropy-data scan already read
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(lay.segs) >= maxSegs {
			return nil, scrub.LimitError("jpeg", fmt.Sprintf("more than %d segments", maxSegs), "")
		}
		m := pending
		if pending == 0 {
			c, err := s.byte()
			if err != nil {
				return nil, malformed("the file ends before the end-of-image marker (it is cut short)")
			}
			if c != 0xff {
				lay.stray(s.pos-1, 1)
				continue
			}
			m, err = s.byte()
			for err == nil && m == 0xff { // fill bytes
				m, err = s.byte()
			}
			if err != nil {
				return nil, malformed("the file ends before the end-of-image marker (it is cut short)")
			}
		}
		pending = 0
		switch {
		case m == 0x00:
			// "\xff\x00" outside a scan: stray data, as Go's decoder sees it.
			lay.stray(s.pos-2, 2)
			continue
		case m == mEOI:
			if !sawSOS {
				return nil, malformed("no image data (missing start-of-scan marker)")
			}
			lay.end = s.pos
			return lay, nil
		case m >= mRST0 && m <= mRST7:
			// A restart marker outside a scan: harmless, kept.
			lay.segs = append(lay.segs, segment{marker: m, start: s.pos, n: -1})
			continue
		case m == mSOI:
			return nil, malformed("a second start-of-image marker before the end of the image")
		case m < mSOF0:
			return nil, malformed("unknown marker 0xFF%02X", m)
		case m == mJPG || (m >= 0xf0 && m <= 0xfd):
			return nil, scrub.Unsupported("jpeg", fmt.Sprintf("JPEG extension marker 0xFF%02X (e.g. JPEG-LS) is not supported", m),
				"convert it to a baseline or progressive JPEG or to PNG and clean that copy")
		}
		hi, err1 := s.byte()
		lo, err2 := s.byte()
		if err1 != nil || err2 != nil {
			return nil, malformed("segment 0xFF%02X at offset %d is cut short", m, s.pos)
		}
		length := int64(hi)<<8 | int64(lo)
		if length < 2 {
			return nil, malformed("segment 0xFF%02X at offset %d has an invalid length %d", m, s.pos-4, length)
		}
		seg := segment{marker: m, start: s.pos, n: length - 2}
		if seg.start+seg.n > size {
			return nil, malformed("segment 0xFF%02X at offset %d runs past the end of the file", m, s.pos-4)
		}
		peek, _ := s.br.Peek(int(min(seg.n, 64)))
		switch {
		case m == mSOS:
			if !sawSOF {
				return nil, malformed("image data before the frame header (missing start-of-frame marker)")
			}
			sawSOS = true
			seg.role = keep
		case isSOF(m):
			sawSOF = true
			seg.role = keep
		case m == mDHT || m == mDQT || m == mDRI || m == mDNL || m == mDAC || m == mDHP || m == mEXP:
			seg.role = keep
		case m == mAPP0 && bytes.HasPrefix(peek, idJFIF) && seg.n >= jfifLen && !sawJFIF:
			sawJFIF = true
			seg.role = jfif
		case m == mAPP2 && bytes.HasPrefix(peek, idICC):
			seg.role = keep
		case m == mAPP14 && bytes.HasPrefix(peek, idAdobe) && seg.n >= adobeLen:
			// Decoders use the last Adobe segment: keep that one.
			if lastAdobe >= 0 {
				lay.segs[lastAdobe].role = drop
			}
			lastAdobe = len(lay.segs)
			seg.role = adobe
		case m == mAPP1 && bytes.HasPrefix(peek, idExif) && lay.exif < 0:
			seg.role = drop
			lay.exif = len(lay.segs)
			if err := lay.readOrientation(r, seg); err != nil {
				return nil, err
			}
		default:
			seg.role = drop
		}
		if err := s.skip(seg.n); err != nil {
			return nil, malformed("segment 0xFF%02X at offset %d is cut short", m, seg.start-4)
		}
		if m == mSOS {
			end, next, err := s.scan(ctx)
			if err != nil {
				return nil, err
			}
			seg.ecs, pending = end-(seg.start+seg.n), next
		}
		lay.segs = append(lay.segs, seg)
	}
}

func isSOF(m byte) bool {
	return m >= mSOF0 && m <= 0xcf && m != mDHT && m != mJPG && m != mDAC
}

// stray records bytes between segments that belong to no segment.
func (l *layout) stray(off, n int64) {
	l.extraneous += n
	if k := len(l.extraRuns); k > 0 && l.extraRuns[k-1][0]+l.extraRuns[k-1][1] == off {
		l.extraRuns[k-1][1] += n
		return
	}
	if len(l.extraRuns) < maxExtraRuns {
		l.extraRuns = append(l.extraRuns, [2]int64{off, n})
	}
}

// scan reads the entropy-coded data after an SOS header up to the next
// marker, and returns its length. Stuffed bytes ("\xff\x00") and restart
// markers belong to the data.
func (s *scanner) scan(ctx context.Context) (end int64, marker byte, err error) {
	var since int64
	for {
		buf, _ := s.br.Peek(s.br.Buffered())
		if len(buf) == 0 {
			if _, err := s.br.Peek(1); err != nil {
				return 0, 0, malformed("the image data is cut short (no end-of-image marker)")
			}
			continue
		}
		i := bytes.IndexByte(buf, 0xff)
		if i < 0 {
			s.skip(int64(len(buf)))
			if since += int64(len(buf)); since > 16<<20 {
				if err := ctx.Err(); err != nil {
					return 0, 0, err
				}
				since = 0
			}
			continue
		}
		s.skip(int64(i))
		end := s.pos
		s.byte() // the 0xFF, buffered
		c, err := s.byte()
		for err == nil && c == 0xff { // fill bytes
			c, err = s.byte()
		}
		if err != nil {
			return 0, 0, malformed("the image data is cut short (no end-of-image marker)")
		}
		if c < mSOF0 || (c >= mRST0 && c <= mRST7) {
			// Stuffed byte, restart marker, or (in damaged files) a
			// code that is no marker: libjpeg resynchronises and
			// decodes on, so it is part of the data.
			continue
		}
		return end, c, nil
	}
}

// payload reads a segment's payload (at most 64 KiB).
func payload(r io.ReaderAt, seg segment) ([]byte, error) {
	if seg.n <= 0 {
		return nil, nil
	}
	b := make([]byte, seg.n)
	if _, err := r.ReadAt(b, seg.start); err != nil {
		return nil, fmt.Errorf("reading: %w", err)
	}
	return b, nil
}

// exifTIFF returns the TIFF structure of an EXIF APP1 payload: after
// "Exif\0\0", or after a few bytes of junk some writers leave there.
func exifTIFF(p []byte) []byte {
	if len(p) >= 8 && isTIFF(p[6:]) {
		return p[6:]
	}
	for i := len(idExif); i < min(len(p), 16); i++ {
		if isTIFF(p[i:]) {
			return p[i:]
		}
	}
	if len(p) >= 6 {
		return p[6:]
	}
	return nil
}

func isTIFF(b []byte) bool {
	return len(b) >= 4 && (bytes.HasPrefix(b, []byte("II*\x00")) || bytes.HasPrefix(b, []byte("MM\x00*")))
}

func (l *layout) readOrientation(r io.ReaderAt, seg segment) error {
	p, err := payload(r, seg)
	if err != nil {
		return err
	}
	tiff := exifTIFF(p)
	if o, ok := imagemeta.IsOrientationEXIF(tiff); ok && len(p) == 6+len(tiff) && bytes.Equal(p[:6], []byte("Exif\x00\x00")) {
		l.orientation, l.minimal = o, true
		return nil
	}
	_, o := imagemeta.EXIF(tiff, "")
	if o >= 2 && o <= 8 {
		l.orientation = o
	}
	return nil
}
