package imgcrop

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

var pngSig = []byte("\x89PNG\r\n\x1a\n")

type pngHeader struct {
	w, h             int
	depth, ctype     uint8
	interlace        uint8
	bpp              int // bits per pixel
	animated         bool
	idat             int // bytes of IDAT data
	chunks           []pngChunk
	firstIDAT, ihdrI int
}

type pngChunk struct {
	typ  string
	data []byte
	raw  []byte // the whole chunk: length, type, data, CRC
}

func channels(ctype uint8) int {
	switch ctype {
	case 0, 3:
		return 1
	case 2:
		return 3
	case 4:
		return 2
	case 6:
		return 4
	}
	return 0
}

func parsePNG(data []byte) (*pngHeader, error) {
	h := &pngHeader{firstIDAT: -1, ihdrI: -1}
	p := len(pngSig)
	for p < len(data) {
		if len(data)-p < 12 {
			return nil, errors.New("imgcrop: truncated PNG chunk")
		}
		n := binary.BigEndian.Uint32(data[p:])
		if uint64(n) > uint64(len(data)-p-12) {
			return nil, errors.New("imgcrop: PNG chunk past the end")
		}
		c := pngChunk{typ: string(data[p+4 : p+8]), data: data[p+8 : p+8+int(n)], raw: data[p : p+12+int(n)]}
		switch c.typ {
		case "IHDR":
			if len(c.data) != 13 || h.ihdrI >= 0 {
				return nil, errors.New("imgcrop: bad PNG header")
			}
			h.ihdrI = len(h.chunks)
			h.w, h.h = int(binary.BigEndian.Uint32(c.data)), int(binary.BigEndian.Uint32(c.data[4:]))
			h.depth, h.ctype, h.interlace = c.data[8], c.data[9], c.data[12]
			if c.data[10] != 0 || c.data[11] != 0 || h.interlace > 1 || channels(h.ctype) == 0 || h.w <= 0 || h.h <= 0 || h.w > 1<<24 || h.h > 1<<24 {
				return nil, errors.New("imgcrop: PNG header with values PNG does not define")
			}
			switch h.depth {
			case 1, 2, 4:
				if h.ctype != 0 && h.ctype != 3 {
					return nil, errors.New("imgcrop: bad PNG bit depth")
				}
			case 8:
			case 16:
				if h.ctype == 3 {
					return nil, errors.New("imgcrop: bad PNG bit depth")
				}
			default:
				return nil, errors.New("imgcrop: bad PNG bit depth")
			}
			h.bpp = int(h.depth) * channels(h.ctype)
		case "IDAT":
			if h.firstIDAT < 0 {
				h.firstIDAT = len(h.chunks)
			}
			h.idat += len(c.data)
		case "acTL", "fcTL", "fdAT":
			h.animated = true
		}
		h.chunks = append(h.chunks, c)
		p += 12 + int(n)
		if c.typ == "IEND" {
			break
		}
	}
	if h.ihdrI != 0 || h.firstIDAT < 0 {
		return nil, errors.New("imgcrop: a PNG without its header or its data")
	}
	return h, nil
}

func inspectPNG(data []byte) Info {
	h, err := parsePNG(data)
	if err != nil {
		return Info{Format: PNG, Why: "a damaged PNG"}
	}
	in := Info{Format: PNG, Width: h.w, Height: h.h, AlignX: 1, AlignY: 1}
	for _, c := range h.chunks {
		if c.typ == "pHYs" && len(c.data) == 9 && c.data[8] == 1 {
			in.DPIX = float64(binary.BigEndian.Uint32(c.data)) * 0.0254
			in.DPIY = float64(binary.BigEndian.Uint32(c.data[4:])) * 0.0254
		}
	}
	if h.animated {
		in.AlignX, in.AlignY, in.Why = 0, 0, "an animated PNG"
	}
	return in
}

// rowBytes is the size of a row of w pixels of bpp bits.
func rowBytes(w, bpp int) int { return (w*bpp + 7) / 8 }

// adam7 are the passes of an interlaced PNG: x, y start and step.
var adam7 = [7][4]int{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}

func passSize(n, start, step int) int {
	if n <= start {
		return 0
	}
	return (n - start + step - 1) / step
}

// pixels returns the unfiltered rows of the whole picture, rowBytes each.
func (h *pngHeader) pixels() ([]byte, error) {
	var stream bytes.Buffer
	stream.Grow(h.idat)
	for _, c := range h.chunks {
		if c.typ == "IDAT" {
			stream.Write(c.data)
		}
	}
	zr, err := zlib.NewReader(&stream)
	if err != nil {
		return nil, fmt.Errorf("imgcrop: PNG data: %w", err)
	}
	defer zr.Close()
	rb := rowBytes(h.w, h.bpp)
	out := make([]byte, rb*h.h)
	bypp := max(1, h.bpp/8)
	if h.interlace == 0 {
		prev := make([]byte, rb)
		row := make([]byte, 1+rb)
		for y := 0; y < h.h; y++ {
			if _, err := io.ReadFull(zr, row); err != nil {
				return nil, fmt.Errorf("imgcrop: PNG data: %w", err)
			}
			if err := unfilter(row[0], row[1:], prev, bypp); err != nil {
				return nil, err
			}
			copy(out[y*rb:], row[1:])
			prev = out[y*rb : (y+1)*rb]
		}
		return out, nil
	}
	for _, pass := range adam7 {
		pw, ph := passSize(h.w, pass[0], pass[2]), passSize(h.h, pass[1], pass[3])
		if pw == 0 || ph == 0 {
			continue
		}
		prb := rowBytes(pw, h.bpp)
		prev := make([]byte, prb)
		row := make([]byte, 1+prb)
		for py := 0; py < ph; py++ {
			if _, err := io.ReadFull(zr, row); err != nil {
				return nil, fmt.Errorf("imgcrop: PNG data: %w", err)
			}
			if err := unfilter(row[0], row[1:], prev, bypp); err != nil {
				return nil, err
			}
			y := pass[1] + py*pass[3]
			dst := out[y*rb : (y+1)*rb]
			for px := 0; px < pw; px++ {
				copyBits(dst, (pass[0]+px*pass[2])*h.bpp, row[1:], px*h.bpp, h.bpp)
			}
			prev = append(prev[:0], row[1:]...)
		}
	}
	return out, nil
}

// copyBits copies n bits from src at bit offset so to dst at bit offset
// do (PNG packs pixels from the most significant bit).
func copyBits(dst []byte, do int, src []byte, so, n int) {
	if do%8 == 0 && so%8 == 0 && n%8 == 0 {
		copy(dst[do/8:do/8+n/8], src[so/8:so/8+n/8])
		return
	}
	for i := 0; i < n; i++ {
		bit := (src[(so+i)/8] >> (7 - uint((so+i)%8))) & 1
		d := &dst[(do+i)/8]
		shift := 7 - uint((do+i)%8)
		*d = *d&^(1<<shift) | bit<<shift
	}
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func unfilter(ft byte, cur, prev []byte, bypp int) error {
	switch ft {
	case 0:
	case 1:
		for i := bypp; i < len(cur); i++ {
			cur[i] += cur[i-bypp]
		}
	case 2:
		for i := range cur {
			cur[i] += prev[i]
		}
	case 3:
		for i := range cur {
			var left byte
			if i >= bypp {
				left = cur[i-bypp]
			}
			cur[i] += byte((int(left) + int(prev[i])) / 2)
		}
	case 4:
		for i := range cur {
			var left, upLeft byte
			if i >= bypp {
				left, upLeft = cur[i-bypp], prev[i-bypp]
			}
			cur[i] += paeth(left, prev[i], upLeft)
		}
	default:
		return fmt.Errorf("imgcrop: PNG row filter %d", ft)
	}
	return nil
}

// filterRow writes the filtered form of cur (filter type first) to dst,
// choosing the filter PNG's usual heuristic picks: none for palette and
// low bit depths, else the one with the smallest sum of absolute values.
func filterRow(dst, cur, prev []byte, bypp int, adaptive bool) []byte {
	if !adaptive {
		dst = append(dst, 0)
		return append(dst, cur...)
	}
	best, bestSum := -1, 0
	var cand [5][]byte
	for ft := 0; ft < 5; ft++ {
		out := make([]byte, len(cur))
		sum := 0
		for i := range cur {
			var left, upLeft byte
			if i >= bypp {
				left, upLeft = cur[i-bypp], prev[i-bypp]
			}
			var v byte
			switch ft {
			case 0:
				v = cur[i]
			case 1:
				v = cur[i] - left
			case 2:
				v = cur[i] - prev[i]
			case 3:
				v = cur[i] - byte((int(left)+int(prev[i]))/2)
			case 4:
				v = cur[i] - paeth(left, prev[i], upLeft)
			}
			out[i] = v
			sum += abs(int(int8(v)))
		}
		cand[ft] = out
		if best < 0 || sum < bestSum {
			best, bestSum = ft, sum
		}
	}
	dst = append(dst, byte(best))
	return append(dst, cand[best]...)
}

func cropPNG(data []byte, r Rect) ([]byte, error) {
	h, err := parsePNG(data)
	if err != nil {
		return nil, err
	}
	px, err := h.pixels()
	if err != nil {
		return nil, err
	}
	rb := rowBytes(h.w, h.bpp)
	nw, nh := r.Dx(), r.Dy()
	nrb := rowBytes(nw, h.bpp)
	bypp := max(1, h.bpp/8)
	adaptive := h.ctype != 3 && h.depth >= 8
	var raw bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&raw, zlib.DefaultCompression)
	prev := make([]byte, nrb)
	cur := make([]byte, nrb)
	var line []byte
	for y := r.Y0; y < r.Y1; y++ {
		clear(cur)
		copyBits(cur, 0, px[y*rb:(y+1)*rb], r.X0*h.bpp, nw*h.bpp)
		line = filterRow(line[:0], cur, prev, bypp, adaptive)
		if _, err := zw.Write(line); err != nil {
			return nil, err
		}
		prev, cur = cur, prev
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Grow(len(data))
	out.Write(pngSig)
	for i, c := range h.chunks {
		switch {
		case i == h.ihdrI:
			ihdr := append([]byte(nil), c.data...)
			binary.BigEndian.PutUint32(ihdr, uint32(nw))
			binary.BigEndian.PutUint32(ihdr[4:], uint32(nh))
			ihdr[12] = 0
			writeChunk(&out, "IHDR", ihdr)
		case c.typ == "IDAT" && i == h.firstIDAT:
			b := raw.Bytes()
			for len(b) > 0 {
				n := min(len(b), 1<<18)
				writeChunk(&out, "IDAT", b[:n])
				b = b[n:]
			}
		case c.typ == "IDAT":
		default:
			out.Write(c.raw)
		}
	}
	return out.Bytes(), nil
}

func writeChunk(w *bytes.Buffer, typ string, data []byte) {
	var b [8]byte
	binary.BigEndian.PutUint32(b[:], uint32(len(data)))
	copy(b[4:], typ)
	w.Write(b[:])
	w.Write(data)
	crc := crc32.NewIEEE()
	crc.Write(b[4:])
	crc.Write(data)
	binary.BigEndian.PutUint32(b[:4], crc.Sum32())
	w.Write(b[:4])
}
