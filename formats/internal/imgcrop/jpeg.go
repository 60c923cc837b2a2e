package imgcrop

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// jpegComp is one colour component of a JPEG.
type jpegComp struct {
	id, h, v uint8
	td, ta   uint8 // Huffman tables of the scan
	bw, bh   int   // blocks per row and column as coded
	coef     []int16
}

// jpegFile is a sequential JPEG split into what the cut keeps and what it
// codes again.
type jpegFile struct {
	segs       [][]byte // the segments before the scan that are kept as they are
	sofAt      int      // index in segs of the SOF (its size is rewritten)
	w, h       int
	comps      []jpegComp
	hmax, vmax int
	ri         int
	scan       []int // the scan's components, indices in comps
	dc, ac     [4]*huffDec
	entropy    []byte // the scan's entropy-coded data (and whatever follows it)
	orientated bool   // an EXIF orientation turns the picture
	why        string // why it cannot be cut
	dpi        [2]float64
}

var errJPEG = errors.New("imgcrop: damaged JPEG")

func parseJPEG(data []byte) (*jpegFile, error) {
	f := &jpegFile{sofAt: -1}
	if len(data) < 4 || data[0] != 0xff || data[1] != 0xd8 {
		return nil, errJPEG
	}
	p := 2
	for {
		if p >= len(data) || data[p] != 0xff {
			return nil, errJPEG
		}
		for p < len(data) && data[p] == 0xff {
			p++
		}
		if p >= len(data) {
			return nil, errJPEG
		}
		m := data[p]
		p++
		start := p - 2
		switch {
		case m == 0x01:
			continue
		case m == 0xd8, m == 0xd9, m >= 0xd0 && m <= 0xd7, m == 0x00:
			return nil, errJPEG
		}
		if p+2 > len(data) {
			return nil, errJPEG
		}
		n := int(binary.BigEndian.Uint16(data[p:]))
		if n < 2 || p+n > len(data) {
			return nil, errJPEG
		}
		body := data[p+2 : p+n]
		seg := data[start : p+n]
		p += n
		switch m {
		case 0xc0, 0xc1:
			if f.sofAt >= 0 {
				return nil, errJPEG
			}
			if err := f.sof(body); err != nil {
				return nil, err
			}
			f.sofAt = len(f.segs)
			f.segs = append(f.segs, seg)
		case 0xc2, 0xc6, 0xca, 0xce:
			f.why = "a progressive JPEG"
			return f, f.sofOnly(body)
		case 0xc3, 0xc5, 0xc7, 0xc9, 0xcb, 0xcd, 0xcf, 0xcc:
			f.why = "a JPEG coded in a way scrub does not cut (lossless, hierarchical or arithmetic)"
			return f, f.sofOnly(body)
		case 0xc4:
			if err := f.dht(body); err != nil {
				return nil, err
			}
		case 0xdd:
			if len(body) != 2 {
				return nil, errJPEG
			}
			f.ri = int(binary.BigEndian.Uint16(body))
		case 0xdc:
			f.why = "a JPEG whose height is given after its data"
			return f, nil
		case 0xe0:
			if bytes.HasPrefix(body, []byte("JFIF\x00")) && len(body) >= 12 {
				x, y := float64(binary.BigEndian.Uint16(body[8:])), float64(binary.BigEndian.Uint16(body[10:]))
				switch body[7] {
				case 1:
					f.dpi = [2]float64{x, y}
				case 2:
					f.dpi = [2]float64{x * 2.54, y * 2.54}
				}
			}
			f.segs = append(f.segs, seg)
		case 0xe1:
			if exifOrientation(body) > 1 {
				f.orientated = true
			}
			f.segs = append(f.segs, seg)
		case 0xda:
			if err := f.sos(body); err != nil {
				return nil, err
			}
			f.entropy = data[p:]
			return f, f.check()
		default:
			f.segs = append(f.segs, seg)
		}
	}
}

// sofOnly reads the size of a JPEG the package does not cut.
func (f *jpegFile) sofOnly(body []byte) error {
	if len(body) < 6 {
		return errJPEG
	}
	f.h, f.w = int(binary.BigEndian.Uint16(body[1:])), int(binary.BigEndian.Uint16(body[3:]))
	return nil
}

func (f *jpegFile) sof(body []byte) error {
	if len(body) < 6 {
		return errJPEG
	}
	if body[0] != 8 {
		f.why = "a JPEG of 12 bits per sample"
	}
	f.h, f.w = int(binary.BigEndian.Uint16(body[1:])), int(binary.BigEndian.Uint16(body[3:]))
	nf := int(body[5])
	if nf < 1 || nf > 4 || len(body) != 6+3*nf || f.w == 0 {
		return errJPEG
	}
	if f.h == 0 {
		f.why = "a JPEG whose height is given after its data"
	}
	for i := 0; i < nf; i++ {
		c := jpegComp{id: body[6+3*i], h: body[7+3*i] >> 4, v: body[7+3*i] & 15}
		if c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 {
			return errJPEG
		}
		f.hmax, f.vmax = max(f.hmax, int(c.h)), max(f.vmax, int(c.v))
		f.comps = append(f.comps, c)
	}
	return nil
}

func (f *jpegFile) dht(body []byte) error {
	for len(body) > 0 {
		if len(body) < 17 {
			return errJPEG
		}
		class, id := body[0]>>4, body[0]&15
		if class > 1 || id > 3 {
			return errJPEG
		}
		var bits [17]int
		total := 0
		for i := 1; i <= 16; i++ {
			bits[i] = int(body[i])
			total += bits[i]
		}
		if total > 256 || len(body) < 17+total {
			return errJPEG
		}
		d, err := newHuffDec(bits, body[17:17+total])
		if err != nil {
			return err
		}
		if class == 0 {
			f.dc[id] = d
		} else {
			f.ac[id] = d
		}
		body = body[17+total:]
	}
	return nil
}

func (f *jpegFile) sos(body []byte) error {
	if f.sofAt < 0 || len(body) < 1 {
		return errJPEG
	}
	ns := int(body[0])
	if ns < 1 || ns > 4 || len(body) != 4+2*ns {
		return errJPEG
	}
	for i := 0; i < ns; i++ {
		id, tables := body[1+2*i], body[2+2*i]
		k := -1
		for j := range f.comps {
			if f.comps[j].id == id {
				k = j
			}
		}
		if k < 0 || tables>>4 > 3 || tables&15 > 3 {
			return errJPEG
		}
		f.comps[k].td, f.comps[k].ta = tables>>4, tables&15
		f.scan = append(f.scan, k)
	}
	ss, se, a := body[1+2*ns], body[2+2*ns], body[3+2*ns]
	if ss != 0 || se != 63 || a != 0 {
		return errJPEG
	}
	return nil
}

// check decides whether the JPEG can be cut: one scan holding every
// component, no later scan, no EXIF turn.
func (f *jpegFile) check() error {
	switch {
	case f.why != "":
		return nil
	case f.orientated:
		f.why = "a JPEG turned by its EXIF orientation"
		return nil
	case len(f.scan) != len(f.comps):
		f.why = "a JPEG coded in several scans"
		return nil
	}
	for _, k := range f.scan {
		c := &f.comps[k]
		if f.dc[c.td] == nil || f.ac[c.ta] == nil {
			return errJPEG
		}
	}
	// Another scan after this one (a multi-scan sequential JPEG)?
	e := f.entropy
	for i := 0; i+1 < len(e); i++ {
		if e[i] != 0xff {
			continue
		}
		m := e[i+1]
		if m == 0 || m == 0xff || (m >= 0xd0 && m <= 0xd7) {
			continue
		}
		if m == 0xda {
			f.why = "a JPEG coded in several scans"
		}
		break
	}
	return nil
}

// mcu returns the MCU size in pixels.
func (f *jpegFile) mcu() (int, int) {
	if len(f.comps) == 1 {
		return 8, 8
	}
	return 8 * f.hmax, 8 * f.vmax
}

func inspectJPEG(data []byte) Info {
	f, err := parseJPEG(data)
	if err != nil || f.w == 0 {
		return Info{Format: JPEG, Why: "a damaged JPEG"}
	}
	in := Info{Format: JPEG, Width: f.w, Height: f.h, Why: f.why, DPIX: f.dpi[0], DPIY: f.dpi[1]}
	if f.why == "" {
		in.AlignX, in.AlignY = f.mcu()
	}
	return in
}

// exifOrientation returns the Orientation tag of an APP1 Exif body (0 if
// none).
func exifOrientation(b []byte) int {
	if !bytes.HasPrefix(b, []byte("Exif\x00\x00")) || len(b) < 14 {
		return 0
	}
	t := b[6:]
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 0
	}
	n := int(bo.Uint16(t[off:]))
	for i := 0; i < n; i++ {
		e := off + 2 + 12*i
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			return int(bo.Uint16(t[e+8:]))
		}
	}
	return 0
}

// huffDec decodes one Huffman table (ITU T.81, F.2.2.3).
type huffDec struct {
	maxcode [18]int32
	valptr  [17]int32
	mincode [17]int32
	vals    []byte
}

func newHuffDec(bits [17]int, vals []byte) (*huffDec, error) {
	d := &huffDec{vals: append([]byte(nil), vals...)}
	code, k := int32(0), int32(0)
	for l := 1; l <= 16; l++ {
		d.valptr[l] = k
		d.mincode[l] = code
		code += int32(bits[l])
		k += int32(bits[l])
		if bits[l] > 0 {
			d.maxcode[l] = code - 1
		} else {
			d.maxcode[l] = -1
		}
		if code > 1<<l {
			return nil, errJPEG
		}
		code <<= 1
	}
	d.maxcode[17] = 1 << 30
	return d, nil
}

// bitReader reads the entropy-coded data of a scan.
type bitReader struct {
	data   []byte
	p      int
	cur    byte
	n      uint
	marker bool // the data ended at a marker: zeros follow
	pad    int
}

func (b *bitReader) bit() (int32, error) {
	if b.n == 0 {
		switch {
		case b.marker || b.p >= len(b.data):
			b.pad++
			if b.pad > 64 {
				return 0, errJPEG
			}
			b.cur = 0
		case b.data[b.p] == 0xff:
			if b.p+1 < len(b.data) && b.data[b.p+1] == 0 {
				b.cur = 0xff
				b.p += 2
			} else {
				b.marker = true
				b.cur = 0
			}
		default:
			b.cur = b.data[b.p]
			b.p++
		}
		b.n = 8
	}
	b.n--
	return int32(b.cur>>b.n) & 1, nil
}

func (b *bitReader) bits(s uint8) (int32, error) {
	var v int32
	for i := uint8(0); i < s; i++ {
		x, err := b.bit()
		if err != nil {
			return 0, err
		}
		v = v<<1 | x
	}
	return v, nil
}

func (b *bitReader) decode(d *huffDec) (byte, error) {
	code, err := b.bit()
	if err != nil {
		return 0, err
	}
	l := 1
	for code > d.maxcode[l] {
		x, err := b.bit()
		if err != nil {
			return 0, err
		}
		code = code<<1 | x
		l++
		if l > 16 {
			return 0, errJPEG
		}
	}
	j := d.valptr[l] + code - d.mincode[l]
	if j < 0 || int(j) >= len(d.vals) {
		return 0, errJPEG
	}
	return d.vals[j], nil
}

// restart expects a restart marker.
func (b *bitReader) restart() error {
	b.n = 0
	p := b.p
	for p < len(b.data) && b.data[p] == 0xff && p+1 < len(b.data) && b.data[p+1] == 0xff {
		p++
	}
	if p+1 >= len(b.data) || b.data[p] != 0xff || b.data[p+1] < 0xd0 || b.data[p+1] > 0xd7 {
		return errJPEG
	}
	b.p, b.marker = p+2, false
	return nil
}

func extend(v int32, s uint8) int32 {
	if s == 0 {
		return 0
	}
	if v < 1<<(s-1) {
		return v - (1 << s) + 1
	}
	return v
}

// decode reads every block of the scan into the components' coefficients
// (in zigzag order, the DC coefficient absolute).
func (f *jpegFile) decode() error {
	single := len(f.comps) == 1
	mcuW, mcuH := f.mcu()
	mx, my := (f.w+mcuW-1)/mcuW, (f.h+mcuH-1)/mcuH
	for i := range f.comps {
		c := &f.comps[i]
		if single {
			c.bw, c.bh = mx, my
		} else {
			c.bw, c.bh = mx*int(c.h), my*int(c.v)
		}
		c.coef = make([]int16, c.bw*c.bh*64)
	}
	br := &bitReader{data: f.entropy}
	pred := make([]int32, len(f.comps))
	for m := 0; m < mx*my; m++ {
		if f.ri > 0 && m > 0 && m%f.ri == 0 {
			if err := br.restart(); err != nil {
				return err
			}
			clear(pred)
		}
		ux, uy := m%mx, m/mx
		for _, k := range f.scan {
			c := &f.comps[k]
			bh, bv := int(c.h), int(c.v)
			if single {
				bh, bv = 1, 1
			}
			for y := 0; y < bv; y++ {
				for x := 0; x < bh; x++ {
					blk := c.coef[((uy*bv+y)*c.bw+ux*bh+x)*64:][:64]
					if err := f.block(br, c, blk, &pred[k]); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

func (f *jpegFile) block(br *bitReader, c *jpegComp, blk []int16, pred *int32) error {
	t, err := br.decode(f.dc[c.td])
	if err != nil {
		return err
	}
	if t > 11 {
		return errJPEG
	}
	v, err := br.bits(t)
	if err != nil {
		return err
	}
	*pred += extend(v, t)
	if *pred < -2047 || *pred > 2047 {
		return errJPEG
	}
	blk[0] = int16(*pred)
	for k := 1; k < 64; {
		rs, err := br.decode(f.ac[c.ta])
		if err != nil {
			return err
		}
		r, s := int(rs>>4), rs&15
		if s == 0 {
			if r != 15 {
				break
			}
			k += 16
			continue
		}
		k += r
		if k > 63 || s > 10 {
			return errJPEG
		}
		v, err := br.bits(s)
		if err != nil {
			return err
		}
		blk[k] = int16(extend(v, s))
		k++
	}
	return nil
}

func category(v int32) uint8 {
	if v < 0 {
		v = -v
	}
	var s uint8
	for v > 0 {
		s++
		v >>= 1
	}
	return s
}

// forBlocks calls fn for each block of the rectangle of MCUs (ox, oy,
// nx × ny), in coding order, with the component's index; mcu, if set, is
// called before each MCU with its number.
func (f *jpegFile) forBlocks(ox, oy, nx, ny int, mcu func(n int), fn func(k int, blk []int16)) {
	single := len(f.comps) == 1
	for uy := 0; uy < ny; uy++ {
		for ux := 0; ux < nx; ux++ {
			if mcu != nil {
				mcu(uy*nx + ux)
			}
			for _, k := range f.scan {
				c := &f.comps[k]
				bh, bv := int(c.h), int(c.v)
				if single {
					bh, bv = 1, 1
				}
				for y := 0; y < bv; y++ {
					for x := 0; x < bh; x++ {
						by, bx := (oy+uy)*bv+y, (ox+ux)*bh+x
						fn(k, c.coef[(by*c.bw+bx)*64:][:64])
					}
				}
			}
		}
	}
}

// huffEnc codes one table's symbols.
type huffEnc struct {
	code [256]uint16
	size [256]uint8
	bits [17]int
	vals []byte
}

// optimal builds the Huffman table of the frequencies (ITU T.81, K.2).
// Frequencies so skewed that a code would be longer than 32 bits are
// halved until none is.
func optimal(freq [257]int) *huffEnc {
	for {
		if e := optimalOnce(freq); e != nil {
			return e
		}
		for i := range freq {
			if freq[i] > 0 {
				freq[i] = (freq[i] + 1) / 2
			}
		}
	}
}

func optimalOnce(freq [257]int) *huffEnc {
	freq[256] = 1 // reserved: no code of all ones
	var codesize [257]int
	var others [257]int
	for i := range others {
		others[i] = -1
	}
	for {
		v1, v2 := -1, -1
		for i := 0; i <= 256; i++ {
			if freq[i] > 0 && (v1 < 0 || freq[i] <= freq[v1]) {
				v1 = i
			}
		}
		for i := 0; i <= 256; i++ {
			if freq[i] > 0 && i != v1 && (v2 < 0 || freq[i] <= freq[v2]) {
				v2 = i
			}
		}
		if v2 < 0 {
			break
		}
		freq[v1] += freq[v2]
		freq[v2] = 0
		codesize[v1]++
		for others[v1] >= 0 {
			v1 = others[v1]
			codesize[v1]++
		}
		others[v1] = v2
		codesize[v2]++
		for others[v2] >= 0 {
			v2 = others[v2]
			codesize[v2]++
		}
	}
	var bits [33]int
	for i := 0; i <= 256; i++ {
		if codesize[i] > 32 {
			return nil
		}
		if codesize[i] > 0 {
			bits[codesize[i]]++
		}
	}
	for i := 32; i > 16; i-- {
		for bits[i] > 0 {
			j := i - 2
			for bits[j] == 0 {
				j--
			}
			bits[i] -= 2
			bits[i-1]++
			bits[j+1] += 2
			bits[j]--
		}
	}
	i := 16
	for bits[i] == 0 {
		i--
	}
	bits[i]--
	e := &huffEnc{}
	copy(e.bits[:], bits[:17])
	for size := 1; size <= 32; size++ {
		for j := 0; j < 256; j++ {
			if codesize[j] == size {
				e.vals = append(e.vals, byte(j))
			}
		}
	}
	code, k := uint16(0), 0
	for l := 1; l <= 16; l++ {
		for n := 0; n < e.bits[l]; n++ {
			e.code[e.vals[k]] = code
			e.size[e.vals[k]] = uint8(l)
			code++
			k++
		}
		code <<= 1
	}
	return e
}

// bitWriter writes entropy-coded data, stuffing a zero after 0xFF.
type bitWriter struct {
	out bytes.Buffer
	acc uint32
	n   uint
}

func (w *bitWriter) put(v uint32, s uint8) {
	for i := int(s) - 1; i >= 0; i-- {
		w.acc = w.acc<<1 | (v>>uint(i))&1
		w.n++
		if w.n == 8 {
			b := byte(w.acc)
			w.out.WriteByte(b)
			if b == 0xff {
				w.out.WriteByte(0)
			}
			w.acc, w.n = 0, 0
		}
	}
}

func (w *bitWriter) flush() {
	for w.n != 0 {
		w.put(1, 1)
	}
}

func cropJPEG(data []byte, r Rect) ([]byte, error) {
	return recodeJPEG(data, r, 0)
}

// recodeJPEG cuts the JPEG to r and codes it with a restart marker every
// ri MCUs (none if 0).
func recodeJPEG(data []byte, r Rect, ri int) ([]byte, error) {
	f, err := parseJPEG(data)
	if err != nil {
		return nil, err
	}
	if f.why != "" {
		return nil, fmt.Errorf("%w: %s", ErrUnsupported, f.why)
	}
	if err := f.decode(); err != nil {
		return nil, err
	}
	mcuW, mcuH := f.mcu()
	ox, oy := r.X0/mcuW, r.Y0/mcuH
	nx, ny := (r.Dx()+mcuW-1)/mcuW, (r.Dy()+mcuH-1)/mcuH
	// Frequencies, per table.
	var dcFreq, acFreq [4][257]int
	pred := make([]int32, len(f.comps))
	count := func(k int, blk []int16) {
		c := &f.comps[k]
		dcFreq[c.td][category(int32(blk[0])-pred[k])]++
		pred[k] = int32(blk[0])
		run := 0
		for i := 1; i < 64; i++ {
			if blk[i] == 0 {
				run++
				continue
			}
			for run > 15 {
				acFreq[c.ta][0xf0]++
				run -= 16
			}
			acFreq[c.ta][run<<4|int(category(int32(blk[i])))]++
			run = 0
		}
		if run > 0 {
			acFreq[c.ta][0]++
		}
	}
	f.forBlocks(ox, oy, nx, ny, func(n int) {
		if ri > 0 && n > 0 && n%ri == 0 {
			clear(pred)
		}
	}, count)
	var dcEnc, acEnc [4]*huffEnc
	for _, k := range f.scan {
		c := &f.comps[k]
		if dcEnc[c.td] == nil {
			dcEnc[c.td] = optimal(dcFreq[c.td])
		}
		if acEnc[c.ta] == nil {
			acEnc[c.ta] = optimal(acFreq[c.ta])
		}
	}
	bw := &bitWriter{}
	clear(pred)
	encode := func(k int, blk []int16) {
		c := &f.comps[k]
		dc, ac := dcEnc[c.td], acEnc[c.ta]
		diff := int32(blk[0]) - pred[k]
		pred[k] = int32(blk[0])
		s := category(diff)
		bw.put(uint32(dc.code[s]), dc.size[s])
		if diff < 0 {
			diff--
		}
		bw.put(uint32(diff)&(1<<s-1), s)
		run := 0
		for i := 1; i < 64; i++ {
			v := int32(blk[i])
			if v == 0 {
				run++
				continue
			}
			for run > 15 {
				bw.put(uint32(ac.code[0xf0]), ac.size[0xf0])
				run -= 16
			}
			s := category(v)
			sym := byte(run<<4) | s
			bw.put(uint32(ac.code[sym]), ac.size[sym])
			if v < 0 {
				v--
			}
			bw.put(uint32(v)&(1<<s-1), s)
			run = 0
		}
		if run > 0 {
			bw.put(uint32(ac.code[0]), ac.size[0])
		}
	}
	f.forBlocks(ox, oy, nx, ny, func(n int) {
		if ri > 0 && n > 0 && n%ri == 0 {
			bw.flush()
			bw.out.Write([]byte{0xff, 0xd0 + byte((n/ri-1)%8)})
			clear(pred)
		}
	}, encode)
	bw.flush()

	var out bytes.Buffer
	out.Grow(len(data))
	out.Write([]byte{0xff, 0xd8})
	for i, seg := range f.segs {
		if i == f.sofAt {
			s := append([]byte(nil), seg...)
			binary.BigEndian.PutUint16(s[5:], uint16(r.Dy()))
			binary.BigEndian.PutUint16(s[7:], uint16(r.Dx()))
			out.Write(s)
			continue
		}
		out.Write(seg)
	}
	var dht bytes.Buffer
	for class, encs := range [2][4]*huffEnc{dcEnc, acEnc} {
		for id, e := range encs {
			if e == nil {
				continue
			}
			dht.WriteByte(byte(class<<4 | id))
			for l := 1; l <= 16; l++ {
				dht.WriteByte(byte(e.bits[l]))
			}
			dht.Write(e.vals)
		}
	}
	writeSeg(&out, 0xc4, dht.Bytes())
	if ri > 0 {
		writeSeg(&out, 0xdd, []byte{byte(ri >> 8), byte(ri)})
	}
	sos := []byte{byte(len(f.scan))}
	for _, k := range f.scan {
		c := &f.comps[k]
		sos = append(sos, c.id, c.td<<4|c.ta)
	}
	writeSeg(&out, 0xda, append(sos, 0, 63, 0))
	out.Write(bw.out.Bytes())
	out.Write([]byte{0xff, 0xd9})
	return out.Bytes(), nil
}

func writeSeg(w *bytes.Buffer, m byte, body []byte) {
	w.Write([]byte{0xff, m, byte((len(body) + 2) >> 8), byte(len(body) + 2)})
	w.Write(body)
}
