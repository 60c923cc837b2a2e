package mp3

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/id3"
	"github.com/scrub-project/scrub/scrub"
)

// header is an MPEG audio frame header (ISO/IEC 11172-3 and 13818-3, and
// the unofficial MPEG 2.5).
type header struct {
	version int // 1, 2, or 25 for MPEG 2.5
	layer   int // 1, 2 or 3
	mono    bool
	crc     bool // a 16-bit CRC follows the header
	length  int  // frame length in bytes, header included
	// key holds what every frame of one stream shares: version, layer
	// and sample rate.
	key byte
}

var bitrates = [2][3][16]int{ // kbit/s by [MPEG-1 or not][layer-1][index]
	{
		{0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448, 0},
		{0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 0},
		{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0},
	},
	{
		{0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256, 0},
		{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0},
		{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0},
	},
}

var sampleRates = map[int][3]int{1: {44100, 48000, 32000}, 2: {22050, 24000, 16000}, 25: {11025, 12000, 8000}}

// parseHeader reads the 4-byte frame header at the start of b. Free-format
// streams (bitrate index 0), whose frame length is not in the header, are
// not accepted.
func parseHeader(b []byte) (header, bool) {
	if len(b) < 4 || b[0] != 0xff || b[1]&0xe0 != 0xe0 {
		return header{}, false
	}
	var h header
	switch b[1] >> 3 & 3 {
	case 0:
		h.version = 25
	case 2:
		h.version = 2
	case 3:
		h.version = 1
	default:
		return header{}, false
	}
	h.layer = 4 - int(b[1]>>1&3)
	if h.layer == 4 {
		return header{}, false
	}
	h.crc = b[1]&1 == 0
	bi, si := int(b[2]>>4), int(b[2]>>2&3)
	if bi == 0 || bi == 15 || si == 3 || b[3]&3 == 2 {
		return header{}, false
	}
	v := 0
	if h.version != 1 {
		v = 1
	}
	bitrate := bitrates[v][h.layer-1][bi] * 1000
	rate := sampleRates[h.version][si]
	pad := int(b[2] >> 1 & 1)
	switch {
	case h.layer == 1:
		h.length = (12*bitrate/rate + pad) * 4
	case h.layer == 3 && h.version != 1:
		h.length = 72*bitrate/rate + pad
	default:
		h.length = 144*bitrate/rate + pad
	}
	h.mono = b[3]>>6 == 3
	h.key = b[1] &^ 1 // version and layer bits
	h.key = h.key<<2 | byte(si)
	return h, true
}

// window reads a byte range of r sequentially through a buffer.
type window struct {
	r    io.ReaderAt
	end  int64 // nothing at or past end is read
	buf  []byte
	base int64
}

func newWindow(r io.ReaderAt, end int64) *window {
	return &window{r: r, end: end, buf: make([]byte, 0, 128<<10)}
}

// at returns the n bytes at off, or fewer at the end. The slice is valid
// until the next call.
func (w *window) at(off int64, n int) ([]byte, error) {
	if off >= w.end || off < 0 {
		return nil, nil
	}
	n = int(min(int64(n), w.end-off))
	if off >= w.base && off+int64(n) <= w.base+int64(len(w.buf)) {
		i := off - w.base
		return w.buf[i : i+int64(n)], nil
	}
	k := int(min(int64(cap(w.buf)), w.end-off))
	if k < n {
		w.buf = make([]byte, 0, n)
		k = n
	}
	w.buf = w.buf[:k]
	m, err := w.r.ReadAt(w.buf, off)
	if m < k {
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		w.buf = w.buf[:0]
		return nil, fmt.Errorf("reading: %w", err)
	}
	w.base = off
	return w.buf[:n], nil
}

// run is a byte range of consecutive audio frames, copied unchanged.
type run struct{ from, to int64 }

// gap is a byte range between the first and last frame that holds no
// audio; it is dropped.
type gap struct{ from, to int64 }

// stream is what walking the audio found.
type stream struct {
	runs  []run
	gaps  []gap
	first header
	xing  *xing // the first frame's Xing/Info/VBRI header, if any
}

// frameAt returns the header at off if it is a frame of the stream with
// the given key (any stream if key is 0).
func frameAt(w *window, off int64, key byte) (header, bool, error) {
	b, err := w.at(off, 4)
	if err != nil {
		return header{}, false, err
	}
	h, ok := parseHeader(b)
	if !ok || key != 0 && h.key != key {
		return header{}, false, nil
	}
	return h, true, nil
}

// tagMarkers start the tags that may follow the last frame.
var tagMarkers = [][]byte{[]byte("TAG"), []byte("APETAGEX"), []byte("LYRICSBEGIN"), []byte("ID3"), []byte("3DI")}

// confirmed reports whether the frame h at off starts audio: it ends at
// or past end (the last frame, maybe cut short), or the next frame of the
// same stream follows it, and so on for more frames, or a tag does.
func confirmed(w *window, off, end int64, h header, more int, tags bool) (bool, error) {
	for ; more > 0; more-- {
		next := off + int64(h.length)
		if next >= end {
			return true, nil
		}
		n, ok, err := frameAt(w, next, h.key)
		if err != nil {
			return false, err
		}
		if !ok {
			if !tags {
				return false, nil
			}
			b, err := w.at(next, 11)
			if err != nil {
				return false, err
			}
			for _, m := range tagMarkers {
				if bytes.HasPrefix(b, m) {
					return true, nil
				}
			}
			return false, nil
		}
		off, h = next, n
	}
	return true, nil
}

// sync finds the first frame of a stream (of the given key, or any if 0)
// at or after off and before limit, confirmed by more frames after it. It
// returns end if there is none.
func sync(ctx context.Context, w *window, off, limit, end int64, key byte, more int, tags bool) (int64, header, error) {
	for p := off; p < limit; p++ {
		if (p-off)&0xffff == 0 {
			if err := ctx.Err(); err != nil {
				return 0, header{}, err
			}
		}
		b, err := w.at(p, 2)
		if err != nil {
			return 0, header{}, err
		}
		if len(b) < 2 || b[0] != 0xff || b[1]&0xe0 != 0xe0 {
			continue
		}
		h, ok, err := frameAt(w, p, key)
		if err != nil {
			return 0, header{}, err
		}
		if !ok {
			continue
		}
		if ok, err := confirmed(w, p, end, h, more, tags); err != nil {
			return 0, header{}, err
		} else if ok {
			return p, h, nil
		}
	}
	return end, header{}, nil
}

// walkFrames walks the audio in [start, end): it finds the first frame,
// follows the frames, and where bytes that are not a frame of the stream
// interrupt them, records a gap and finds the stream again. A last frame
// cut short by the end is kept. It returns ErrMalformed if there is no
// audio and ErrLimit for more than maxGaps gaps.
func walkFrames(ctx context.Context, r io.ReaderAt, start, end int64, maxGaps int) (*stream, error) {
	w := newWindow(r, end)
	first, h, err := sync(ctx, w, start, end, end, 0, 1, false)
	if err != nil {
		return nil, err
	}
	if first == end {
		return nil, malformed("no MPEG audio frames found")
	}
	st := &stream{first: h}
	if first > start {
		st.gaps = append(st.gaps, gap{start, first})
	}
	key := h.key
	pos, from := first, first
	// endAt ends the frames at `at` and makes [at, to) a gap.
	endAt := func(at, to int64) error {
		st.runs = append(st.runs, run{from, at})
		st.gaps = append(st.gaps, gap{at, to})
		if len(st.gaps) > maxGaps {
			return tooManyGaps(maxGaps)
		}
		return nil
	}
	for n := 0; pos < end; n++ {
		if n&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		// pos is a frame of the stream; so is the next one, usually.
		next := pos + int64(h.length)
		if next > end {
			// The last frame, cut short: it stays, unless a tag starts in
			// it (of a file joined after it was cut).
			t, err := tagInside(w, pos+4, end)
			if err != nil {
				return nil, err
			}
			if t < end {
				if err := endAt(t, end); err != nil {
					return nil, err
				}
				from = end
			}
			pos = end
			break
		}
		if next == end {
			pos = end
			break
		}
		nh, ok, err := frameAt(w, next, key)
		if err != nil {
			return nil, err
		}
		if ok {
			pos, h = next, nh
			continue
		}
		// Find where the stream goes on. If it is inside this frame,
		// this frame was cut short (files cut and joined): it stays, as
		// decoders find their way past it. Otherwise what lies between
		// this frame and the next is not audio. Either way, a tag that
		// starts inside this frame ends the frames there.
		resume, rh, err := sync(ctx, w, pos+1, end, end, key, 1, false)
		if err != nil {
			return nil, err
		}
		t, err := tagInside(w, pos+4, min(next, resume))
		if err != nil {
			return nil, err
		}
		switch {
		case t < min(next, resume):
			err = endAt(t, resume)
		case resume < next:
			pos, h = resume, rh
			continue
		default:
			err = endAt(next, resume)
		}
		if err != nil {
			return nil, err
		}
		pos, from, h = resume, resume, rh
	}
	if from < pos {
		st.runs = append(st.runs, run{from, pos})
	}
	if err := st.readXing(w, first); err != nil {
		return nil, err
	}
	return st, nil
}

func tooManyGaps(max int) error {
	return scrub.OverLimit("mp3", scrub.LimitMembers, fmt.Sprintf("more than %d stretches of data that are not audio between the frames", max))
}

// tagInside returns where the first tag in [from, to) starts (an ID3v2
// header, "TAG", "APETAGEX", "LYRICSBEGIN", whole or cut), or to if there
// is none. It looks inside frames cut short, where a tag can follow what
// is left of the frame. Chance puts "TAG" in one such frame in ten
// thousand: then a frame that was broken anyway loses its end.
func tagInside(w *window, from, to int64) (int64, error) {
	for p := from; p < to; p++ {
		b, err := w.at(p, 11)
		if err != nil {
			return 0, err
		}
		if _, ok := id3.ParseHeader(b); ok {
			return p, nil
		}
		for _, m := range []string{"TAG", "APETAGEX", "LYRICSBEGIN"} {
			if bytes.HasPrefix(b, []byte(m)) || int64(len(b)) < int64(len(m)) && bytes.HasPrefix([]byte(m), b) && len(b) >= 3 {
				return p, nil
			}
		}
	}
	return to, nil
}

// xing is the header LAME, ffmpeg and Fraunhofer encoders put in the first
// frame (which holds no audio): frame count, byte count and seek table,
// and LAME's encoder delay and padding for gapless playback. It is kept;
// what the frame holds after it must be zeros and is zeroed otherwise.
type xing struct {
	off     int64  // of the frame
	length  int    // of the frame
	keep    int    // bytes of the frame that are header
	encoder string // LAME tag's encoder ("LAME3.100", "Lavc59.37"), if any
	dirty   bool   // the rest of the frame is not all zeros
	rest    []byte // a preview of it
}

func (st *stream) readXing(w *window, off int64) error {
	h := st.first
	if h.layer != 3 || off+int64(h.length) > w.end {
		return nil
	}
	b, err := w.at(off, h.length)
	if err != nil {
		return err
	}
	b = append([]byte(nil), b...)
	side := 32
	switch {
	case h.version == 1 && h.mono, h.version != 1 && !h.mono:
		side = 17
	case h.version != 1 && h.mono:
		side = 9
	}
	x := &xing{off: off, length: h.length}
	found := false
	for _, at := range []int{4 + side, 6 + side} {
		if at+8 > len(b) {
			continue
		}
		if m := string(b[at : at+4]); m != "Xing" && m != "Info" {
			continue
		}
		flags := b[at+4 : at+8]
		end := at + 8
		for i, n := range []int{4, 4, 100, 4} { // frames, bytes, TOC, quality
			if flags[3]&(1<<i) != 0 {
				end += n
			}
		}
		if end > len(b) {
			continue
		}
		x.keep, found = end, true
		if end+36 <= len(b) && printable(b[end:end+4]) {
			x.encoder = string(bytes.TrimRight(b[end:end+9], "\x00 "))
			x.keep = end + 36
		}
		break
	}
	if !found && len(b) >= 36+26 && string(b[36:40]) == "VBRI" {
		entries, size := int(b[54])<<8|int(b[55]), int(b[58])<<8|int(b[59])
		if end := 62 + entries*size; end <= len(b) {
			x.keep, found = end, true
		}
	}
	if !found {
		return nil
	}
	rest := b[x.keep:]
	if i := bytes.IndexFunc(rest, func(r rune) bool { return r != 0 }); i >= 0 {
		x.dirty = true
		x.rest = rest[i:]
	}
	st.xing = x
	return nil
}

func printable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}
