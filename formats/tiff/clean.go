package tiff

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"sort"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/scrub"
)

// plan is the cleaned file, laid out but not yet written, and what
// building it found.
type plan struct {
	w        *writer
	segments map[*ifd]int // metadata segments dropped from the JPEG data of an image
	iccDrop  map[*entry]bool
	held     int64
}

// plan builds the new TIFF: the kept images in their order, each with the
// allowed tags only, their SubIFDs, and a block table with every strip or
// tile once.
func (f *file) plan() (*plan, error) {
	p := &plan{w: &writer{bo: f.bo, big: f.big}, segments: map[*ifd]int{}, iccDrop: map[*entry]bool{}}
	index := map[span]int{}
	var last *wdir
	for _, d := range f.chain {
		if !d.keep {
			continue
		}
		wd, err := f.build(p, d, index)
		if err != nil {
			return nil, err
		}
		if last == nil {
			p.w.first = wd
		} else {
			last.next = wd
		}
		last = wd
	}
	if p.w.first == nil {
		// IFD0 is not an image but a later IFD or a SubIFD is: keep the
		// first kept image anywhere as the only page.
		for _, d := range f.all {
			if d.keep {
				wd, err := f.build(p, d, index)
				if err != nil {
					return nil, err
				}
				p.w.first = wd
				break
			}
		}
	}
	if p.w.first == nil {
		return nil, malformed(f.format, "the file holds no image to keep")
	}
	return p, nil
}

// build makes the IFD to write for the kept image d.
func (f *file) build(p *plan, d *ifd, index map[span]int) (*wdir, error) {
	if err := f.ctx.Err(); err != nil {
		return nil, err
	}
	wd := &wdir{}
	done := map[uint16]bool{}
	for i := range d.entries {
		e := &d.entries[i]
		if done[e.tag] || !keptTag(f.dng, e.tag) {
			continue
		}
		done[e.tag] = true
		switch e.tag {
		case tagStripOffsets, tagStripByteCounts:
			if d.tiled {
				continue
			}
		case tagTileOffsets, tagTileByteCounts:
			if !d.tiled {
				continue
			}
		}
		if e.bad {
			return nil, malformed(f.format, "tag %d of %s is damaged (its value lies outside the file)", e.tag, d.where)
		}
		we := wentry{tag: e.tag, typ: e.typ, count: e.count}
		switch {
		case e.tag == tagStripOffsets || e.tag == tagTileOffsets:
			we.typ = p.w.offType()
			we.blocks = make([]int, len(d.data))
			segs := 0
			for k, s := range d.data {
				bi, ok := index[s]
				if !ok || s.n == 0 {
					b, dropped, err := f.block(d, s)
					if err != nil {
						return nil, err
					}
					segs += dropped
					bi = len(p.w.blocks)
					p.w.blocks = append(p.w.blocks, b)
					if s.n > 0 {
						index[s] = bi
					}
				}
				we.blocks[k] = bi
			}
			if segs > 0 {
				p.segments[d] += segs
			}
		case e.tag == tagStripByteCounts || e.tag == tagTileByteCounts:
			// Filled in below, once the blocks are known.
			we.typ = p.w.offType()
		case e.tag == tagSubIFDs:
			for _, s := range d.subs {
				if !s.keep {
					continue
				}
				ws, err := f.build(p, s, index)
				if err != nil {
					return nil, err
				}
				wd.subs = append(wd.subs, ws)
			}
			if len(wd.subs) == 0 {
				continue
			}
			we.ptr, we.count = true, uint64(len(wd.subs))
			switch {
			case f.big && e.typ == tIFD8:
			case f.big:
				we.typ = tLong8
			case e.typ != tIFD:
				we.typ = tLong
			}
		case iccTags[e.tag]:
			prof, err := f.held(p, e)
			if err != nil {
				return nil, err
			}
			clean, _ := imagemeta.CleanICC(prof)
			if !iccRebuilt(clean) || scrub.Removable(imagemeta.ICC(clean, "")) {
				p.iccDrop[e] = true // too damaged to rebuild: it goes
				continue
			}
			we.data, we.count = clean, uint64(len(clean))
		case e.tag == tagJPEGTables:
			tables, err := f.held(p, e)
			if err != nil {
				return nil, err
			}
			pieces, n, dropped, err := jpegPieces(bytes.NewReader(tables), span{0, int64(len(tables))})
			if err != nil {
				return nil, malformed(f.format, "the JPEG tables of %s are damaged", d.where)
			}
			if pieces != nil {
				var b []byte
				for _, pc := range pieces {
					b = append(b, tables[pc.off:pc.end()]...)
				}
				tables = b
				p.segments[d] += dropped
			}
			we.data, we.count = tables, uint64(n)
		case e.tag == tagUniqueCamera && f.dng:
			// Required by the DNG specification, but it names the
			// camera: a neutral name keeps the file valid, and converters
			// render with the colour matrices the file carries.
			we.typ, we.data, we.count = tASCII, []byte(neutralCameraModel+"\x00"), uint64(len(neutralCameraModel)+1)
		case e.off < 0:
			we.data = append([]byte{}, e.inline...)
		default:
			we.src = span{e.off, int64(e.size)}
		}
		wd.entries = append(wd.entries, we)
	}
	for i := range wd.entries {
		we := &wd.entries[i]
		if we.tag != tagStripByteCounts && we.tag != tagTileByteCounts {
			continue
		}
		var offs *wentry
		for k := range wd.entries {
			if t := wd.entries[k].tag; t == tagStripOffsets || t == tagTileOffsets {
				offs = &wd.entries[k]
			}
		}
		if offs == nil {
			return nil, malformed(f.format, "%s has image data sizes without their offsets", d.where)
		}
		we.count = uint64(len(offs.blocks))
		we.data = make([]byte, 0, len(offs.blocks)*int(p.w.offSize()))
		for _, bi := range offs.blocks {
			n := p.w.blocks[bi].n
			if f.big {
				we.data = f.bo.AppendUint64(we.data, uint64(n))
			} else {
				we.data = f.bo.AppendUint32(we.data, uint32(n))
			}
		}
	}
	return wd, nil
}

// held reads an entry's value into memory, within the file's budget for
// metadata held.
func (f *file) held(p *plan, e *entry) ([]byte, error) {
	if p.held += int64(e.size); p.held > maxHeld {
		return nil, scrub.OverLimit(f.format, scrub.LimitMemberSize, fmt.Sprintf("colour profiles and tables larger than %d MiB", maxHeld>>20))
	}
	return f.value(e, e.size)
}

// block makes the block for one strip or tile. JPEG data is filtered:
// only the marker segments decoding needs are kept.
func (f *file) block(d *ifd, s span) (block, int, error) {
	b := block{src: s, n: s.n}
	if s.n == 0 || !jpegCompressions[d.comp] {
		return b, 0, nil
	}
	pieces, n, dropped, err := jpegPieces(f.r, s)
	if err != nil {
		return b, 0, malformed(f.format, "the JPEG data of %s is damaged", d.where)
	}
	if pieces == nil {
		return b, 0, nil
	}
	b.pieces, b.n = pieces, n
	return b, dropped, nil
}

// JPEG markers (ITU T.81 table B.1).
const (
	mSOI   = 0xd8
	mEOI   = 0xd9
	mSOS   = 0xda
	mAPP0  = 0xe0
	mAPP14 = 0xee
)

// jpegKeep reports whether a marker segment before the scan is needed
// for decoding: frame headers, tables, restart interval. APPn and COM
// are not, except the JFIF and Adobe segments (checked by the caller).
func jpegKeep(m byte) bool {
	switch {
	case m >= 0xc0 && m <= 0xcf && m != 0xc8: // SOFn, DHT, DAC
		return true
	case m == 0xdb || m == 0xdc || m == 0xdd || m == 0xde || m == 0xdf: // DQT DNL DRI DHP EXP
		return true
	}
	return false
}

// jpegPieces walks the marker segments of the JPEG stream at s up to its
// first scan and returns the ranges to keep, without the APPn and COM
// segments (a JFIF header without thumbnail and the Adobe colour
// transform stay), and the size they add up to. It returns nil pieces
// when the stream keeps all its bytes or is not a JPEG stream (data that
// does not start with a start-of-image marker is copied as it is), and
// how many segments it leaves out.
func jpegPieces(r io.ReaderAt, s span) (pieces []span, size int64, dropped int, err error) {
	hdr := make([]byte, 18)
	read := func(off int64, n int) ([]byte, error) {
		if off+int64(n) > s.end() {
			return nil, io.ErrUnexpectedEOF
		}
		if _, err := r.ReadAt(hdr[:n], off); err != nil {
			return nil, err
		}
		return hdr[:n], nil
	}
	b, err := read(s.off, 2)
	if err != nil || b[0] != 0xff || b[1] != mSOI {
		return nil, s.n, 0, nil
	}
	keep := func(off, n int64) {
		if k := len(pieces); k > 0 && pieces[k-1].end() == off {
			pieces[k-1].n += n
			return
		}
		pieces = append(pieces, span{off, n})
	}
	keep(s.off, 2)
	pos := s.off + 2
	for i := 0; ; i++ {
		if i > 1000 {
			return nil, 0, 0, fmt.Errorf("too many marker segments")
		}
		b, err := read(pos, 2)
		if err != nil || b[0] != 0xff {
			return nil, 0, 0, fmt.Errorf("no marker at %d", pos)
		}
		m := b[1]
		if m == 0xff { // fill byte
			keep(pos, 1)
			pos++
			continue
		}
		if m == mSOS || m == mEOI {
			keep(pos, s.end()-pos)
			break
		}
		if m == 0x01 || (m >= 0xd0 && m <= mSOI) { // standalone markers
			keep(pos, 2)
			pos += 2
			continue
		}
		b, err = read(pos+2, 2)
		if err != nil {
			return nil, 0, 0, err
		}
		n := int64(b[0])<<8 | int64(b[1])
		if n < 2 || pos+2+n > s.end() {
			return nil, 0, 0, fmt.Errorf("segment past the end")
		}
		ok := jpegKeep(m)
		switch m {
		case mAPP0:
			if n == 16 {
				p, err := read(pos+4, 14)
				if err != nil {
					return nil, 0, 0, err
				}
				ok = string(p[:5]) == "JFIF\x00" && p[12] == 0 && p[13] == 0
			}
		case mAPP14:
			if n == 14 {
				p, err := read(pos+4, 5)
				if err != nil {
					return nil, 0, 0, err
				}
				ok = string(p) == "Adobe"
			}
		}
		if ok {
			keep(pos, 2+n)
		} else {
			dropped++
		}
		pos += 2 + n
	}
	if dropped == 0 {
		return nil, s.n, 0, nil
	}
	for _, p := range pieces {
		size += p.n
	}
	return pieces, size, dropped, nil
}

// iccRebuilt reports whether p has the shape CleanICC gives the profiles
// it rebuilds: a header whose size is the profile's, with its device,
// platform, creator and date fields zero, a tag table, and nothing after
// the table but tag data (and the padding to four bytes between them). A
// profile CleanICC returned as it was because it could not read it fails,
// so that nothing unread is kept.
func iccRebuilt(p []byte) bool {
	be := binary.BigEndian
	if len(p) < 132 || string(p[36:40]) != "acsp" || int(be.Uint32(p)) != len(p) {
		return false
	}
	for _, r := range [][2]int{{4, 8}, {24, 36}, {40, 44}, {48, 56}, {80, 84}} {
		for _, c := range p[r[0]:r[1]] {
			if c != 0 {
				return false
			}
		}
	}
	n := int(be.Uint32(p[128:]))
	if n == 0 || n > (len(p)-132)/12 {
		return false
	}
	start := 132 + 12*n
	var rs []span
	for i := 0; i < n; i++ {
		e := p[132+12*i:]
		off, size := int64(be.Uint32(e[4:])), int64(be.Uint32(e[8:]))
		if off < int64(start) || off+size > int64(len(p)) {
			return false
		}
		rs = append(rs, span{off, size})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].off < rs[j].off })
	end := int64(start)
	for _, r := range rs {
		if r.off > end+3 {
			return false // bytes no tag accounts for
		}
		end = max(end, r.end())
	}
	return int64(len(p)) <= end+3
}
