package flac

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/bufpool"
	"github.com/scrub-project/scrub/formats/internal/id3"
	"github.com/scrub-project/scrub/formats/internal/section"
)

// The audio frames are not self-delimiting: a frame's length is known
// only by decoding it. They are found the way robust decoders resync: a
// frame ends where the CRC-16 of its bytes (polynomial 0x8005, RFC 9639
// §9.3) comes to zero and the next frame's header begins (sync code,
// valid codes, CRC-8, the stream's channel count, sample size and rate,
// and a frame or sample number past the last one) or the audio ends.
// A random position passes all of that with odds of about 2^-40.

var crc8Table, crc16Table = func() (t8 [256]byte, t16 [256]uint16) {
	for i := range 256 {
		c := byte(i)
		for range 8 {
			if c&0x80 != 0 {
				c = c<<1 ^ 0x07
			} else {
				c <<= 1
			}
		}
		t8[i] = c
		d := uint16(i) << 8
		for range 8 {
			if d&0x8000 != 0 {
				d = d<<1 ^ 0x8005
			} else {
				d <<= 1
			}
		}
		t16[i] = d
	}
	return
}()

// crc16Slices[k][v] is the CRC-16 register after byte v followed by k
// zero bytes, for eight bytes a step.
var crc16Slices = func() (t [8][256]uint16) {
	t[0] = crc16Table
	for k := 1; k < 8; k++ {
		for v := range 256 {
			c := t[k-1][v]
			t[k][v] = c<<8 ^ crc16Table[byte(c>>8)]
		}
	}
	return
}()

func crc8(b []byte) byte {
	var c byte
	for _, x := range b {
		c = crc8Table[c^x]
	}
	return c
}

// crc16 continues the CRC-16 c over b (polynomial 0x8005, no reflection).
func crc16(c uint16, b []byte) uint16 {
	t := &crc16Slices
	for len(b) >= 8 {
		c = t[7][byte(c>>8)^b[0]] ^ t[6][byte(c)^b[1]] ^ t[5][b[2]] ^ t[4][b[3]] ^
			t[3][b[4]] ^ t[2][b[5]] ^ t[1][b[6]] ^ t[0][b[7]]
		b = b[8:]
	}
	for _, x := range b {
		c = c<<8 ^ crc16Table[byte(c>>8)^x]
	}
	return c
}

// maxHeader is the longest frame header: sync and codes (4), a 7-byte
// coded number, a 16-bit block size, a 16-bit sample rate, CRC-8.
const maxHeader = 16

// frameHeader is what the check needs of a frame header.
type frameHeader struct {
	variable  bool   // blocking strategy: numbers count samples, not frames
	blockSize uint32 // samples
	number    uint64 // frame number, or first sample number if variable
	n         int    // header length in bytes
}

var sampleRates = [12]uint32{0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000}
var sampleSizes = [8]int{0, 8, 12, -1, 16, 20, 24, 32}

// parseHeader reads a frame header at the start of b (which holds up to
// maxHeader bytes, fewer at the end of the audio) and checks it against
// the stream header.
func parseHeader(b []byte, si streamInfo) (frameHeader, bool) {
	var h frameHeader
	if len(b) < 6 || b[0] != 0xff || b[1]&0xfe != 0xf8 || b[3]&1 != 0 {
		return h, false
	}
	h.variable = b[1]&1 != 0
	bsCode, rateCode := b[2]>>4, b[2]&0x0f
	chCode, sizeCode := b[3]>>4, b[3]>>1&7
	switch {
	case bsCode == 0, rateCode == 0x0f, chCode > 10, sizeCode == 3:
		return h, false
	}
	channels := int(chCode) + 1
	if chCode >= 8 {
		channels = 2
	}
	if channels != si.channels || sizeCode != 0 && sampleSizes[sizeCode] != si.bps {
		return h, false
	}
	if rateCode >= 1 && rateCode <= 11 && sampleRates[rateCode] != si.sampleRate {
		return h, false
	}
	// The coded number, UTF-8 style, up to 36 bits.
	p := 4
	c := b[p]
	var extra int
	switch {
	case c < 0x80:
		extra, h.number = 0, uint64(c)
	case c&0xe0 == 0xc0:
		extra, h.number = 1, uint64(c&0x1f)
	case c&0xf0 == 0xe0:
		extra, h.number = 2, uint64(c&0x0f)
	case c&0xf8 == 0xf0:
		extra, h.number = 3, uint64(c&0x07)
	case c&0xfc == 0xf8:
		extra, h.number = 4, uint64(c&0x03)
	case c&0xfe == 0xfc:
		extra, h.number = 5, uint64(c&0x01)
	case c == 0xfe && h.variable:
		extra, h.number = 6, 0
	default:
		return h, false
	}
	p++
	if len(b) < p+extra+1 {
		return h, false
	}
	for range extra {
		if b[p]&0xc0 != 0x80 {
			return h, false
		}
		h.number = h.number<<6 | uint64(b[p]&0x3f)
		p++
	}
	switch {
	case bsCode == 1:
		h.blockSize = 192
	case bsCode <= 5:
		h.blockSize = 576 << (bsCode - 2)
	case bsCode == 6:
		if len(b) < p+1 {
			return h, false
		}
		h.blockSize = uint32(b[p]) + 1
		p++
	case bsCode == 7:
		if len(b) < p+2 {
			return h, false
		}
		h.blockSize = uint32(b[p])<<8 | uint32(b[p+1]) + 1
		p += 2
	default:
		h.blockSize = 256 << (bsCode - 8)
	}
	switch rateCode {
	case 12:
		if len(b) < p+1 {
			return h, false
		}
		if uint32(b[p])*1000 != si.sampleRate {
			return h, false
		}
		p++
	case 13, 14:
		if len(b) < p+2 {
			return h, false
		}
		r := uint32(b[p])<<8 | uint32(b[p+1])
		if rateCode == 14 {
			r *= 10
		}
		if r != si.sampleRate {
			return h, false
		}
		p += 2
	}
	if len(b) < p+1 || crc8(b[:p]) != b[p] {
		return h, false
	}
	h.n = p + 1
	return h, true
}

// follows reports whether h may come after prev in one stream: same
// blocking strategy, and a number past prev's.
func follows(prev, h frameHeader) bool {
	if prev.variable != h.variable {
		return false
	}
	if h.variable {
		return h.number >= prev.number+uint64(prev.blockSize)
	}
	return h.number > prev.number
}

// maxFrame bounds the length of one frame of the stream: 65535 samples of
// every channel stored verbatim at one bit more than the sample size (a
// side channel), with headers.
func (si streamInfo) maxFrame() int {
	return maxHeader + 2 + si.channels*((65535*(si.bps+1)+7)/8+8)
}

// audio is what the frame check found.
type audio struct {
	end  int64 // end of the audio kept: verified frames and a cut-short last frame
	tail []trailer
}

// trailer is data after the audio, removed by cleaning.
type trailer struct {
	span
	kind string // "ID3v1", "APEv2", "Lyrics3" or "" for unknown data
}

// scanAudio checks the frames of [lay.audio, size), writing the verified
// ones to w if w is not nil, and classifies what follows them. It returns
// an ErrMalformed error when the audio does not begin with a frame, or
// when a frame is damaged or followed by something that is neither a
// frame nor data after the audio. It returns how far it wrote: the caller
// writes the rest of the audio kept, [written, a.end).
//
// Frame ends are looked for only where a sync code follows (0xFFF8 or
// 0xFFF9), so the CRC-16 runs over whole runs of bytes, not byte by byte.
func scanAudio(ctx context.Context, r io.ReaderAt, size int64, lay *layout, w io.Writer) (a *audio, written int64, err error) {
	si := lay.info
	a = &audio{end: lay.audio}
	if lay.audio == size {
		return a, lay.audio, nil
	}
	bound := si.maxFrame()
	const chunk = 1 << 20
	buf := bufpool.Get(bound + chunk + maxHeader)
	defer func() { bufpool.Put(buf) }()
	buf = buf[:cap(buf)]

	var (
		off     = lay.audio // file offset of buf[0]
		n       int         // bytes in buf
		fs      int         // index of the current frame's start
		wr      int         // index up to which frames were written
		cp      int         // the CRC covers buf[fs:cp]
		q       int         // where to look for the next sync code
		crc     uint16
		cur     frameHeader
		eof     bool
		tooLong bool
	)
	for first := true; ; first = false {
		// Refill: write what was verified, keep the current frame.
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		if w != nil && fs > wr {
			if _, err := w.Write(buf[wr:fs]); err != nil {
				return nil, 0, err
			}
		}
		copy(buf, buf[fs:n])
		off += int64(fs)
		n, cp, q = n-fs, cp-fs, q-fs
		fs, wr = 0, 0
		if want := min(int64(len(buf)-n), size-off-int64(n)); want > 0 {
			k, err := r.ReadAt(buf[n:n+int(want)], off+int64(n))
			if k < int(want) {
				return nil, 0, fmt.Errorf("reading: %w", err)
			}
			n += k
		}
		eof = off+int64(n) == size
		if first {
			h, ok := parseHeader(buf[:min(n, maxHeader)], si)
			if !ok {
				return nil, 0, malformed("the audio does not start with a FLAC frame (offset %d)", lay.audio)
			}
			cur, q = h, h.n+3
		}
		limit := n - maxHeader // a header must be whole to be checked
		if eof {
			limit = n
		}
		for q < limit {
			i := bytes.IndexByte(buf[q:limit], 0xff)
			if i < 0 {
				q = max(q, limit)
				break
			}
			q += i
			if q+1 >= n || buf[q+1]&0xfe != 0xf8 {
				q++
				continue
			}
			if q-fs > bound {
				break
			}
			crc = crc16(crc, buf[cp:q])
			cp = q
			if crc == 0 {
				if h, ok := parseHeader(buf[q:min(n, q+maxHeader)], si); ok && follows(cur, h) {
					fs, cur, crc = q, h, 0
					q += h.n + 3
					continue
				}
			}
			q++
		}
		if q-fs > bound {
			tooLong = true
			break
		}
		if eof {
			if cp <= n && crc16(crc, buf[cp:n]) == 0 && n-fs >= cur.n+3 {
				fs = n
			}
			break
		}
		// The CRC runs up to the next refill's search position.
		if to := min(q, n); to > cp {
			crc = crc16(crc, buf[cp:to])
			cp = to
		}
	}
	if w != nil && fs > wr {
		if _, err := w.Write(buf[wr:fs]); err != nil {
			return nil, 0, err
		}
	}
	written = off + int64(fs)
	a.end = written
	if written == size {
		return a, written, nil
	}
	err = a.classifyTail(ctx, r, size, si, written, tooLong, bound)
	return a, written, err
}

// classifyTail decides what [from, size) is: the rest of the last frame,
// tags appended to the file, other data after the audio, or damage.
func (a *audio) classifyTail(ctx context.Context, r io.ReaderAt, size int64, si streamInfo, from int64, tooLong bool, bound int) error {
	end, tags, err := peelTags(r, from, size)
	if err != nil {
		return err
	}
	a.tail = tags
	if end == from {
		return nil
	}
	head, err := section.Read(r, from, min(end-from, maxHeader))
	if err != nil {
		return err
	}
	_, isFrame := parseHeader(head, si)
	if isFrame && end-from <= int64(bound) {
		// One frame's worth: the last frame, complete before the tags, or
		// cut short; or a frame followed by other data.
		b, err := section.Read(r, from, end-from)
		if err != nil {
			return err
		}
		if crc16(0, b) == 0 {
			a.end = end
			return nil
		}
		zero := int64(-1)
		if h, ok := parseHeader(head, si); ok {
			if i := firstZero(b, h.n+3); i >= 0 {
				zero = from + int64(i)
			}
		}
		if zero < 0 || zero >= end {
			// One frame cut short, unless another frame begins in it:
			// then a frame was damaged, or data inserted between two.
			if at, err := findFrame(ctx, r, from+1, end, si); err != nil {
				return err
			} else if at >= 0 {
				return damaged(from, tooLong)
			}
			a.end = end
			return nil
		}
		from = zero // the frame ends there; what follows is not audio
		a.end = zero
	} else if isFrame {
		return damaged(from, tooLong)
	}
	// Data after the audio. If it holds anything like a frame, the audio
	// was damaged or had data inserted in it: refuse rather than drop
	// audio.
	if at, err := findFrame(ctx, r, from, end, si); err != nil {
		return err
	} else if at >= 0 {
		return damaged(at, tooLong)
	}
	a.tail = append([]trailer{{span: span{from, end}}}, a.tail...)
	return nil
}

func damaged(at int64, tooLong bool) error {
	if tooLong {
		return malformed("the audio is damaged near offset %d (a frame does not end where the next one begins, or data was inserted between frames)", at)
	}
	return malformed("the audio is damaged near offset %d (a frame that does not check out follows the last good one)", at)
}

// findFrame returns the offset of the first frame header in [from, to),
// or -1.
func findFrame(ctx context.Context, r io.ReaderAt, from, to int64, si streamInfo) (int64, error) {
	const chunk = 1 << 20
	buf := make([]byte, min(to-from, chunk+maxHeader))
	for pos := from; pos < to; pos += chunk {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		k := min(to-pos, int64(len(buf)))
		b := buf[:k]
		if _, err := r.ReadAt(b, pos); err != nil && err != io.EOF {
			return 0, fmt.Errorf("reading: %w", err)
		}
		for i := 0; i < len(b) && i < chunk; {
			j := bytes.IndexByte(b[i:], 0xff)
			if j < 0 {
				break
			}
			i += j
			if _, ok := parseHeader(b[i:min(len(b), i+maxHeader)], si); ok {
				return pos + int64(i), nil
			}
			i++
		}
	}
	return -1, nil
}

// peelTags finds the tags appended after the audio, from the end of the
// file: an ID3v1 tag (the last 128 bytes, "TAG", with the "TAG+"
// extension before it if there is one), then APEv2 tags and
// Lyrics3v2 blocks in any order. It returns where they begin (never before
// from) and the tags in file order.
func peelTags(r io.ReaderAt, from, size int64) (int64, []trailer, error) {
	var tags []trailer
	end := size
	if end-from >= 128 {
		var t [3]byte
		if _, err := r.ReadAt(t[:], end-128); err != nil {
			return 0, nil, fmt.Errorf("reading: %w", err)
		}
		if string(t[:]) == "TAG" {
			tags = append(tags, trailer{span{end - 128, end}, "ID3v1"})
			end -= 128
			var x [4]byte
			if end-from >= id3.V1ExtLen {
				if _, err := r.ReadAt(x[:], end-id3.V1ExtLen); err != nil {
					return 0, nil, fmt.Errorf("reading: %w", err)
				}
				if string(x[:]) == "TAG+" {
					tags = append(tags, trailer{span{end - id3.V1ExtLen, end}, "TAG+"})
					end -= id3.V1ExtLen
				}
			}
		}
	}
	for range 16 {
		if end-from >= 32 {
			var f [32]byte
			if _, err := r.ReadAt(f[:], end-32); err != nil {
				return 0, nil, fmt.Errorf("reading: %w", err)
			}
			if string(f[:8]) == "APETAGEX" {
				n := int64(f[12]) | int64(f[13])<<8 | int64(f[14])<<16 | int64(f[15])<<24
				if f[23]&0x80 != 0 { // has a header
					n += 32
				}
				if n >= 32 && n <= end-from {
					tags = append(tags, trailer{span{end - n, end}, "APEv2"})
					end -= n
					continue
				}
			}
		}
		if end-from >= 15+11 {
			var f [15]byte
			if _, err := r.ReadAt(f[:], end-15); err != nil {
				return 0, nil, fmt.Errorf("reading: %w", err)
			}
			if string(f[6:]) == "LYRICS200" {
				n := int64(0)
				digits := true
				for _, c := range f[:6] {
					digits = digits && c >= '0' && c <= '9'
					n = n*10 + int64(c-'0')
				}
				var b [11]byte
				if digits && n+15 <= end-from {
					if _, err := r.ReadAt(b[:], end-15-n); err != nil {
						return 0, nil, fmt.Errorf("reading: %w", err)
					}
					if string(b[:]) == "LYRICSBEGIN" {
						tags = append(tags, trailer{span{end - 15 - n, end}, "Lyrics3"})
						end -= 15 + n
						continue
					}
				}
			}
		}
		break
	}
	// File order.
	for i, j := 0, len(tags)-1; i < j; i, j = i+1, j-1 {
		tags[i], tags[j] = tags[j], tags[i]
	}
	return end, tags, nil
}

// firstZero returns the first index i >= min of b where the CRC-16 of
// b[:i] is zero, or -1: where a frame could end.
func firstZero(b []byte, min int) int {
	var c uint16
	for i, x := range b {
		c = c<<8 ^ crc16Table[byte(c>>8)^x]
		if c == 0 && i+1 >= min {
			return i + 1
		}
	}
	return -1
}

// checkFrames is scanAudio for Inspect and Parts: it writes nothing.
func checkFrames(ctx context.Context, r io.ReaderAt, size int64, lay *layout) (*audio, error) {
	a, _, err := scanAudio(ctx, r, size, lay, nil)
	return a, err
}
