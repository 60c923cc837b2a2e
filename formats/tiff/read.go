package tiff

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/scrub-project/scrub/scrub"
)

// Field types (TIFF 6.0 section 2, BigTIFF).
const (
	tByte      = 1
	tASCII     = 2
	tShort     = 3
	tLong      = 4
	tRational  = 5
	tUndefined = 7
	tIFD       = 13
	tLong8     = 16
	tIFD8      = 18
)

// typeSize returns the size of one value of a field type, 0 if the type
// is unknown.
func typeSize(typ uint16) uint64 {
	switch typ {
	case 1, 2, 6, 7:
		return 1
	case 3, 8:
		return 2
	case 4, 9, 11, 13:
		return 4
	case 5, 10, 12, 16, 17, 18:
		return 8
	}
	return 0
}

// entry is one IFD entry. Its value is inline (in the entry) when it fits
// there, otherwise at off.
type entry struct {
	tag, typ uint16
	count    uint64
	size     uint64 // count × type size; 0 for an unknown type
	off      int64  // file offset of the value; -1 when inline
	inline   []byte // the value when inline
	bad      bool   // the value lies outside the file or the type is unknown
}

// order is a byte order that can also append (binary.LittleEndian and
// binary.BigEndian are both).
type order interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// span is a byte range of the file.
type span struct{ off, n int64 }

func (s span) end() int64 { return s.off + s.n }

// ifd is one image file directory.
type ifd struct {
	off     int64
	where   string // "IFD0", "IFD0 SubIFD1", for findings
	entries []entry
	next    int64

	// What the walk found.
	subs   []*ifd          // SubIFDs (tag 330), in order
	links  map[uint16]*ifd // Exif, GPS, interoperability IFDs, by the tag that points to them
	isMeta bool            // a metadata IFD (Exif, GPS...)
	depth  int

	// Image IFDs only.
	image   bool   // has strips or tiles
	keep    bool   // Clean keeps it
	reduced bool   // a reduced-resolution copy (a thumbnail or preview)
	broken  bool   // a reduced copy whose image data cannot be read
	tiled   bool   // tiles rather than strips
	data    []span // its strips or tiles, in order
	width   uint64
	height  uint64
	comp    uint64
}

func (d *ifd) find(tag uint16) *entry {
	for i := range d.entries {
		if d.entries[i].tag == tag {
			return &d.entries[i]
		}
	}
	return nil
}

// file is what walking a TIFF found.
type file struct {
	r    io.ReaderAt
	size int64
	bo   order
	big  bool // BigTIFF
	dng  bool // IFD0 has DNGVersion
	raw  bool // a camera raw other than DNG

	chain []*ifd // IFD0 and the IFDs chained after it
	all   []*ifd // every IFD read, in walk order (image and metadata)

	seen    map[int64]bool
	strips  int64 // strips and tiles counted so far
	metaN   int   // metadata IFDs read
	entries int64 // IFD entries read
	lim     scrub.Limits
	ctx     context.Context
	format  string
	entrySz int64 // 12 or 20
}

// Limits of the walk that do not depend on the user's limits.
const (
	maxEntries  = 4096     // entries of one IFD (real ones have a few dozen)
	maxSubIFDs  = 64       // SubIFDs of one IFD
	maxMetaIFDs = 64       // Exif, GPS and other metadata IFDs over the whole file
	maxHeld     = 64 << 20 // metadata values read into memory over the whole file
)

func malformed(format, reasonf string, args ...any) error {
	return scrub.Malformed(format, nil, reasonf, args...)
}

// header reads the TIFF header: byte order, version (42 or BigTIFF's 43)
// and the offset of IFD0.
func header(b []byte) (bo order, big bool, ifd0 uint64, ok bool) {
	if len(b) < 8 {
		return nil, false, 0, false
	}
	switch {
	case b[0] == 'I' && b[1] == 'I':
		bo = binary.LittleEndian
	case b[0] == 'M' && b[1] == 'M':
		bo = binary.BigEndian
	default:
		return nil, false, 0, false
	}
	switch bo.Uint16(b[2:]) {
	case 42:
		return bo, false, uint64(bo.Uint32(b[4:])), true
	case 43:
		if len(b) < 16 || bo.Uint16(b[4:]) != 8 || bo.Uint16(b[6:]) != 0 {
			return nil, false, 0, false
		}
		return bo, true, bo.Uint64(b[8:]), true
	}
	return nil, false, 0, false
}

// walk reads the structure of a TIFF: every IFD of the main chain, their
// SubIFDs (recursively) and the Exif, GPS and interoperability IFDs, and
// the strips or tiles of every image. It returns a *scrub.FormatError of
// kind ErrMalformed for a damaged structure (IFD loops, offsets past the
// end, counts that do not fit, strips that overlap), ErrLimit past the
// limits, ErrUnsupported for features Clean cannot handle safely.
func walk(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) (*file, error) {
	head := make([]byte, min(size, 16))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, fmt.Errorf("reading: %w", err)
	}
	bo, big, off0, ok := header(head)
	if !ok {
		return nil, malformed("tiff", "missing TIFF header")
	}
	f := &file{r: r, size: size, bo: bo, big: big, seen: map[int64]bool{}, lim: scrub.LimitsOf(env), ctx: ctx, format: "tiff", entrySz: 12}
	if big {
		f.entrySz = 20
	}
	if size > f.lim.MaxInputSize {
		return nil, scrub.OverLimit(f.format, scrub.LimitInputSize, fmt.Sprintf("the image is larger than %d MiB", f.lim.MaxInputSize>>20))
	}
	if off0 == 0 {
		return nil, malformed(f.format, "the file has no image directory")
	}
	next := int64(off0)
	if off0 > uint64(size) {
		return nil, malformed(f.format, "the first image directory lies past the end of the file")
	}
	for i := 0; next != 0; i++ {
		if len(f.all) >= f.lim.MaxMembers {
			return nil, scrub.OverLimit(f.format, scrub.LimitMembers, fmt.Sprintf("more than %d pages or image directories", f.lim.MaxMembers))
		}
		d, err := f.readIFD(next, fmt.Sprintf("IFD%d", i), 0)
		if err != nil {
			return nil, err
		}
		if i == 0 && d.find(tagDNGVersion) != nil {
			f.dng = true
			f.format = "dng"
		}
		f.chain = append(f.chain, d)
		next = d.next
	}
	for _, d := range f.chain {
		if err := f.follow(d); err != nil {
			return nil, err
		}
	}
	return f, f.classify()
}

// readIFD reads the IFD at off. A second visit of an offset is a loop.
func (f *file) readIFD(off int64, where string, depth int) (*ifd, error) {
	if err := f.ctx.Err(); err != nil {
		return nil, err
	}
	if f.seen[off] {
		return nil, malformed(f.format, "the image directories form a loop (%s points back to an earlier one)", where)
	}
	f.seen[off] = true
	cntSz, nextSz := int64(2), int64(4)
	if f.big {
		cntSz, nextSz = 8, 8
	}
	if off < 8 || off > f.size-cntSz {
		return nil, malformed(f.format, "an image directory (%s) lies outside the file", where)
	}
	cb := make([]byte, cntSz)
	if _, err := f.r.ReadAt(cb, off); err != nil {
		return nil, fmt.Errorf("reading: %w", err)
	}
	var n uint64
	if f.big {
		n = f.bo.Uint64(cb)
	} else {
		n = uint64(f.bo.Uint16(cb))
	}
	if n > maxEntries {
		return nil, malformed(f.format, "an image directory (%s) claims %d entries, more than any real file has", where, n)
	}
	// Every entry read is held: bound them over the whole file.
	if f.entries += int64(n); f.entries > max(int64(f.lim.MaxMembers)*16, 1<<16) {
		return nil, scrub.OverLimit(f.format, scrub.LimitMembers, fmt.Sprintf("more than %d tags in all its directories", max(int64(f.lim.MaxMembers)*16, 1<<16)))
	}
	body := int64(n)*f.entrySz + nextSz
	if off+cntSz+body > f.size {
		return nil, malformed(f.format, "the file is cut short: an image directory (%s) runs past its end", where)
	}
	b := make([]byte, body)
	if _, err := f.r.ReadAt(b, off+cntSz); err != nil {
		return nil, fmt.Errorf("reading: %w", err)
	}
	d := &ifd{off: off, where: where, depth: depth, entries: make([]entry, 0, n)}
	valSz := uint64(4)
	if f.big {
		valSz = 8
	}
	for i := uint64(0); i < n; i++ {
		e := b[i*uint64(f.entrySz):][:f.entrySz]
		en := entry{tag: f.bo.Uint16(e), typ: f.bo.Uint16(e[2:]), off: -1}
		val := e[8:]
		if f.big {
			en.count, val = f.bo.Uint64(e[4:]), e[12:]
		} else {
			en.count = uint64(f.bo.Uint32(e[4:]))
		}
		ts := typeSize(en.typ)
		switch {
		case ts == 0 || (!f.big && en.typ >= tLong8):
			en.bad = true
		case en.count > uint64(f.size)/ts:
			en.bad = true // cannot fit in the file
		default:
			en.size = en.count * ts
			if en.size <= valSz {
				en.inline = val[:en.size]
			} else {
				var p uint64
				if f.big {
					p = f.bo.Uint64(val)
				} else {
					p = uint64(f.bo.Uint32(val))
				}
				if p > uint64(f.size) || en.size > uint64(f.size)-p {
					en.bad = true
				} else {
					en.off = int64(p)
				}
			}
		}
		d.entries = append(d.entries, en)
	}
	nb := b[body-nextSz:]
	if f.big {
		d.next = int64(min(f.bo.Uint64(nb), uint64(f.size)+1))
	} else {
		d.next = int64(f.bo.Uint32(nb))
	}
	if d.next > f.size {
		return nil, malformed(f.format, "an image directory (%s) points past the end of the file", where)
	}
	f.all = append(f.all, d)
	return d, nil
}

// value returns an entry's value bytes. Values larger than max are not
// read: value returns nil for them.
func (f *file) value(e *entry, max uint64) ([]byte, error) {
	if e.bad {
		return nil, nil
	}
	if e.off < 0 {
		return e.inline, nil
	}
	if e.size > max {
		return nil, nil
	}
	b := make([]byte, e.size)
	if _, err := f.r.ReadAt(b, e.off); err != nil {
		return nil, fmt.Errorf("reading: %w", err)
	}
	return b, nil
}

// uints reads an entry of unsigned integers (BYTE, SHORT, LONG, LONG8,
// IFD, IFD8). ok is false for another type or a value outside the file.
func (f *file) uints(e *entry, max uint64) (vs []uint64, ok bool, err error) {
	if e == nil || e.bad {
		return nil, false, nil
	}
	switch e.typ {
	case tByte, tShort, tLong, tIFD, tLong8, tIFD8:
	default:
		return nil, false, nil
	}
	if e.count > max {
		return nil, false, nil
	}
	b, err := f.value(e, e.size)
	if err != nil || b == nil {
		return nil, false, err
	}
	ts := int(typeSize(e.typ))
	vs = make([]uint64, 0, e.count)
	for i := 0; i+ts <= len(b); i += ts {
		switch ts {
		case 1:
			vs = append(vs, uint64(b[i]))
		case 2:
			vs = append(vs, uint64(f.bo.Uint16(b[i:])))
		case 4:
			vs = append(vs, uint64(f.bo.Uint32(b[i:])))
		case 8:
			vs = append(vs, f.bo.Uint64(b[i:]))
		}
	}
	return vs, true, nil
}

// uint1 reads the first value of an integer entry, or def.
func (f *file) uint1(d *ifd, tag uint16, def uint64) uint64 {
	vs, ok, _ := f.uints(d.find(tag), 16)
	if !ok || len(vs) == 0 {
		return def
	}
	return vs[0]
}

// follow reads the SubIFDs and metadata IFDs d points to, recursively.
// Inside a metadata IFD only further metadata IFDs are followed.
func (f *file) follow(d *ifd) error {
	for i := range d.entries {
		e := &d.entries[i]
		switch {
		case e.tag == tagSubIFDs && !d.isMeta:
			if d.depth+1 > f.lim.MaxDepth {
				return scrub.OverLimit(f.format, scrub.LimitDepth, fmt.Sprintf("sub-images nested more than %d deep", f.lim.MaxDepth))
			}
			offs, ok, err := f.uints(e, maxSubIFDs)
			if err != nil {
				return err
			}
			if !ok {
				return malformed(f.format, "the list of sub-images of %s is damaged", d.where)
			}
			for k, o := range offs {
				if len(f.all) >= f.lim.MaxMembers {
					return scrub.OverLimit(f.format, scrub.LimitMembers, fmt.Sprintf("more than %d image directories", f.lim.MaxMembers))
				}
				if o > uint64(f.size) {
					return malformed(f.format, "sub-image %d of %s lies past the end of the file", k, d.where)
				}
				s, err := f.readIFD(int64(o), fmt.Sprintf("%s SubIFD%d", d.where, k), d.depth+1)
				if err != nil {
					return err
				}
				// A SubIFD's own chain is rare and not followed: only
				// the directory listed is an image of this file.
				s.next = 0
				d.subs = append(d.subs, s)
				if err := f.follow(s); err != nil {
					return err
				}
			}
		case metaPointers[e.tag]:
			// Metadata directories are only read for the findings: a
			// damaged one is left out, it is removed anyway.
			vs, ok, err := f.uints(e, 1)
			if err != nil {
				return err
			}
			if !ok || len(vs) == 0 || vs[0] == 0 || vs[0] > uint64(f.size) || f.seen[int64(vs[0])] || f.metaN >= maxMetaIFDs {
				continue
			}
			m, err := f.readIFD(int64(vs[0]), d.where+" "+tagName(e.tag), d.depth+1)
			if err != nil {
				if scrub.Refused(err) {
					continue
				}
				return err
			}
			f.metaN++
			m.next = 0
			m.isMeta = true
			if d.links == nil {
				d.links = map[uint16]*ifd{}
			}
			d.links[e.tag] = m
			if err := f.follow(m); err != nil && !scrub.Refused(err) {
				return err
			}
		}
	}
	return nil
}

// classify decides which IFDs are images, which Clean keeps, and reads
// their strips or tiles.
func (f *file) classify() error {
	var images []*ifd
	var visit func(d *ifd)
	visit = func(d *ifd) {
		if d.find(tagStripOffsets) != nil || d.find(tagTileOffsets) != nil {
			d.image = true
			images = append(images, d)
		}
		for _, s := range d.subs {
			visit(s)
		}
	}
	for _, d := range f.chain {
		visit(d)
	}
	if len(images) == 0 {
		return malformed(f.format, "the file holds no image data")
	}
	if f.dng && !f.chain[0].image {
		// IFD0 carries the DNG tags: without it the raw data cannot be
		// rendered.
		return malformed(f.format, "the first directory of the DNG holds no image")
	}
	full := 0
	for _, d := range images {
		if err := f.readImage(d); err != nil {
			// A damaged thumbnail of a plain TIFF is dropped like the
			// others; damage anywhere else is refused.
			if !errors.Is(err, scrub.ErrMalformed) || f.dng || !d.reduced {
				return err
			}
			d.data, d.broken = nil, true
		}
		if !d.reduced {
			full++
		}
	}
	if f.raw {
		return rawError()
	}
	for _, d := range images {
		// A plain TIFF's reduced-resolution copies (thumbnails, previews,
		// overviews) are dropped: they may show an earlier state of the
		// picture. A DNG's previews are renderings of its raw image, which
		// is kept whole anyway.
		d.keep = !d.broken && (f.dng || !d.reduced || full == 0)
	}
	var kept []span
	for _, d := range images {
		if d.keep {
			if err := f.checkCompression(d); err != nil {
				return err
			}
			kept = append(kept, d.data...)
		}
	}
	return f.checkOverlap(kept)
}

// readImage reads the strips or tiles of an image IFD and what classify
// needs to know about it.
func (f *file) readImage(d *ifd) error {
	d.width = f.uint1(d, tagImageWidth, 0)
	d.height = f.uint1(d, tagImageLength, 0)
	d.comp = f.uint1(d, tagCompression, 1)
	photometric := f.uint1(d, tagPhotometric, 0)
	nsf := f.uint1(d, tagNewSubfileType, 0)
	d.reduced = nsf&1 != 0 || f.uint1(d, tagSubfileType, 1) == 2
	if !f.dng && (photometric == photoCFA || photometric == photoLinearRaw || rawCompressions[d.comp]) {
		f.raw = true
	}
	offTag, cntTag := uint16(tagStripOffsets), uint16(tagStripByteCounts)
	if d.find(tagTileOffsets) != nil {
		d.tiled = true
		offTag, cntTag = tagTileOffsets, tagTileByteCounts
	}
	oe, ce := d.find(offTag), d.find(cntTag)
	if oe == nil || ce == nil {
		return malformed(f.format, "%s has image data offsets without their sizes", d.where)
	}
	if oe.bad || ce.bad {
		return malformed(f.format, "the image data table of %s does not fit in the file", d.where)
	}
	maxStrips := int64(f.lim.MaxMembers) * 10
	if int64(oe.count) > maxStrips-f.strips {
		return scrub.OverLimit(f.format, scrub.LimitMembers, fmt.Sprintf("more than %d strips or tiles of image data", maxStrips))
	}
	f.strips += int64(oe.count)
	offs, ok1, err := f.uints(oe, uint64(maxStrips))
	if err != nil {
		return err
	}
	cnts, ok2, err := f.uints(ce, uint64(maxStrips))
	if err != nil {
		return err
	}
	if !ok1 || !ok2 || len(offs) != len(cnts) || len(offs) == 0 {
		return malformed(f.format, "the image data table of %s is damaged", d.where)
	}
	d.data = make([]span, len(offs))
	for i := range offs {
		o, n := offs[i], cnts[i]
		if n == 0 {
			d.data[i] = span{0, 0}
			continue
		}
		if o > uint64(f.size) || n > uint64(f.size)-o {
			return malformed(f.format, "the file is cut short: the image data of %s runs past its end", d.where)
		}
		d.data[i] = span{int64(o), int64(n)}
	}
	return nil
}

// checkCompression refuses kept images whose compressed data scrub cannot
// check for metadata of its own (JPEG 2000 boxes, WebP chunks, old-style
// JPEG streams).
func (f *file) checkCompression(d *ifd) error {
	switch {
	case plainCompressions[d.comp], jpegCompressions[d.comp]:
		return nil
	case d.comp == compJXL:
		// A bare JPEG XL codestream has nowhere to keep metadata; the
		// container form (boxes, which may hold Exif and XMP) is refused.
		sig := make([]byte, 2)
		for _, s := range d.data {
			if s.n == 0 {
				continue
			}
			if _, err := f.r.ReadAt(sig, s.off); err != nil {
				return fmt.Errorf("reading: %w", err)
			}
			if sig[0] != 0xff || sig[1] != 0x0a {
				return scrub.Unsupported(f.format, "the picture is stored as JPEG XL files with their own metadata boxes", convertHint)
			}
		}
		return nil
	case d.comp == 6:
		return scrub.Unsupported(f.format, "the picture uses old-style JPEG compression, which scrub cannot check", convertHint)
	}
	return scrub.Unsupported(f.format, fmt.Sprintf("the picture uses a compression scrub cannot check for hidden data (%s)", compressionName(d.comp)), convertHint)
}

// checkOverlap refuses image data whose strips overlap one another (the
// same strip listed twice is allowed) or overlap a directory or a
// metadata value that Clean drops: copying such a strip would copy the
// metadata with it.
func (f *file) checkOverlap(kept []span) error {
	ss := make([]span, 0, len(kept))
	for _, s := range kept {
		if s.n > 0 {
			ss = append(ss, s)
		}
	}
	sort.Slice(ss, func(i, j int) bool {
		if ss[i].off != ss[j].off {
			return ss[i].off < ss[j].off
		}
		return ss[i].n < ss[j].n
	})
	for i := 1; i < len(ss); i++ {
		if ss[i] != ss[i-1] && ss[i].off < ss[i-1].end() {
			return malformed(f.format, "two strips of image data overlap")
		}
	}
	meta := []span{{0, 8}}
	if f.big {
		meta[0].n = 16
	}
	for _, d := range f.all {
		n := int64(2) + int64(len(d.entries))*f.entrySz + 4
		if f.big {
			n = 8 + int64(len(d.entries))*f.entrySz + 8
		}
		meta = append(meta, span{d.off, n})
		for _, e := range d.entries {
			if e.off >= 0 && !e.bad {
				meta = append(meta, span{e.off, int64(e.size)})
			}
		}
	}
	sort.Slice(meta, func(i, j int) bool { return meta[i].off < meta[j].off })
	// Both lists are sorted by offset: sweep.
	j := 0
	for _, s := range ss {
		for j < len(meta) && meta[j].end() <= s.off {
			j++
		}
		for k := j; k < len(meta) && meta[k].off < s.end(); k++ {
			if meta[k].end() > s.off {
				return malformed(f.format, "image data overlaps the file's directories or metadata")
			}
		}
	}
	return nil
}

// isTIFF reports whether head starts with a TIFF or BigTIFF header.
func isTIFF(head []byte) bool {
	_, _, _, ok := header(head)
	return ok
}

// isCR2 reports Canon's CR2, a TIFF with "CR" and a version after the
// header: refused as a camera raw elsewhere.
func isCR2(head []byte) bool {
	return len(head) >= 10 && bytes.HasPrefix(head, []byte("II*\x00")) && string(head[8:10]) == "CR"
}
