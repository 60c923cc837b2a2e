package hostile

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/scrub-project/scrub/internal/metatest"
)

// TIFFEntry is one IFD entry of a generated TIFF. Value is a string
// (ASCII), []byte (UNDEFINED), []uint8 via Bytes (BYTE), []uint16 (SHORT),
// []uint32 (LONG), []uint64 (LONG8), [][2]uint32 (RATIONAL) or [][2]int32
// (SRATIONAL). Type, if set, replaces the type the value implies.
type TIFFEntry struct {
	Tag   uint16
	Value any
	Type  uint16
}

// Bytes is a BYTE value.
type Bytes []byte

// TIFFDir is one image of a generated TIFF: its entries, its strips (the
// builder adds StripOffsets and StripByteCounts, or TileOffsets and
// TileByteCounts when Tiles is set), its SubIFDs, and the Exif and GPS
// IFDs it points to.
type TIFFDir struct {
	Entries   []TIFFEntry
	Strips    [][]byte
	Tiles     bool
	Subs      []*TIFFDir
	Exif, GPS []TIFFEntry
}

// TIFF lays out a TIFF (BigTIFF if big) in byte order bo: the header,
// the strips of every image, then every IFD with its values; pages are
// chained from IFD0.
func TIFF(bo binary.ByteOrder, big bool, pages ...*TIFFDir) []byte {
	t := &tiffBuilder{bo: bo, big: big}
	return t.build(pages)
}

type tiffBuilder struct {
	bo  binary.ByteOrder
	big bool
	out bytes.Buffer
}

type tdir struct {
	src     *TIFFDir
	entries []TIFFEntry
	off     int64
	next    int64
}

func (t *tiffBuilder) inline() int {
	if t.big {
		return 8
	}
	return 4
}

func tiffEncode(bo binary.ByteOrder, e TIFFEntry) (typ uint16, count uint64, data []byte) {
	switch v := e.Value.(type) {
	case Bytes:
		typ, count, data = 1, uint64(len(v)), v
	case []uint64:
		var b bytes.Buffer
		binary.Write(&b, bo, v)
		typ, count, data = 16, uint64(len(v)), b.Bytes()
	case [][2]int32:
		var b bytes.Buffer
		binary.Write(&b, bo, v)
		typ, count, data = 10, uint64(len(v)), b.Bytes()
	default:
		var b bytes.Buffer
		m := metatest.Entry{Tag: e.Tag, Value: e.Value}
		switch v := m.Value.(type) {
		case string:
			typ, count, data = 2, uint64(len(v)+1), append([]byte(v), 0)
		case []byte:
			typ, count, data = 7, uint64(len(v)), v
		case []uint16:
			binary.Write(&b, bo, v)
			typ, count, data = 3, uint64(len(v)), b.Bytes()
		case []uint32:
			binary.Write(&b, bo, v)
			typ, count, data = 4, uint64(len(v)), b.Bytes()
		case [][2]uint32:
			for _, r := range v {
				binary.Write(&b, bo, r)
			}
			typ, count, data = 5, uint64(len(v)), b.Bytes()
		default:
			panic(fmt.Sprintf("hostile: TIFF value %T", e.Value))
		}
	}
	if e.Type != 0 {
		typ = e.Type
	}
	return typ, count, data
}

func (t *tiffBuilder) build(pages []*TIFFDir) []byte {
	hdr := 8
	if t.big {
		hdr = 16
	}
	t.out.Write(make([]byte, hdr))
	// Strips first.
	stripOffs := map[*TIFFDir][]uint64{}
	var walkData func(d *TIFFDir)
	walkData = func(d *TIFFDir) {
		for _, s := range d.Strips {
			stripOffs[d] = append(stripOffs[d], uint64(t.out.Len()))
			t.out.Write(s)
			if t.out.Len()%2 == 1 {
				t.out.WriteByte(0)
			}
		}
		for _, s := range d.Subs {
			walkData(s)
		}
	}
	for _, p := range pages {
		walkData(p)
	}
	// Every IFD, in order: page, its SubIFDs, its Exif and GPS IFDs.
	var dirs []*tdir
	type link struct {
		from *tdir
		tag  uint16
		to   []*tdir
	}
	var links []link
	var add func(d *TIFFDir) *tdir
	add = func(d *TIFFDir) *tdir {
		td := &tdir{src: d, entries: append([]TIFFEntry(nil), d.Entries...)}
		dirs = append(dirs, td)
		if len(d.Strips) > 0 {
			counts := make([]uint32, len(d.Strips))
			offs := make([]uint32, len(d.Strips))
			for i, s := range d.Strips {
				counts[i], offs[i] = uint32(len(s)), uint32(stripOffs[d][i])
			}
			ot, ct := uint16(273), uint16(279)
			if d.Tiles {
				ot, ct = 324, 325
			}
			td.entries = append(td.entries, TIFFEntry{Tag: ot, Value: offs}, TIFFEntry{Tag: ct, Value: counts})
		}
		var subs []*tdir
		for _, s := range d.Subs {
			subs = append(subs, add(s))
		}
		if len(subs) > 0 {
			links = append(links, link{td, 330, subs})
		}
		for _, m := range []struct {
			tag uint16
			es  []TIFFEntry
		}{{0x8769, d.Exif}, {0x8825, d.GPS}} {
			if len(m.es) > 0 {
				md := &tdir{entries: m.es}
				dirs = append(dirs, md)
				links = append(links, link{td, m.tag, []*tdir{md}})
			}
		}
		return td
	}
	var chain []*tdir
	for _, p := range pages {
		chain = append(chain, add(p))
	}
	for _, l := range links {
		l.from.entries = append(l.from.entries, TIFFEntry{Tag: l.tag, Value: make([]uint32, len(l.to))})
	}
	// Lay out: sizes first.
	esz, csz := 12, 2
	if t.big {
		esz, csz = 20, 8
	}
	pos := int64(t.out.Len())
	for _, d := range dirs {
		sortEntries(d.entries)
		d.off = pos
		pos += int64(csz + esz*len(d.entries) + t.inline())
		for _, e := range d.entries {
			_, _, data := tiffEncode(t.bo, e)
			if len(data) > t.inline() {
				pos += int64(len(data) + len(data)%2)
			}
		}
	}
	for _, l := range links {
		for i, e := range l.from.entries {
			if e.Tag == l.tag {
				if t.big {
					v := make([]uint64, len(l.to))
					for k, to := range l.to {
						v[k] = uint64(to.off)
					}
					l.from.entries[i].Value = v
					l.from.entries[i].Type = 16
				} else {
					v := make([]uint32, len(l.to))
					for k, to := range l.to {
						v[k] = uint32(to.off)
					}
					l.from.entries[i].Value = v
				}
			}
		}
	}
	for i := 0; i+1 < len(chain); i++ {
		chain[i].next = chain[i+1].off
	}
	for _, d := range dirs {
		t.writeDir(d)
	}
	b := t.out.Bytes()
	if t.big {
		copy(b, "II\x2b\x00\x08\x00\x00\x00")
		if t.bo == binary.ByteOrder(binary.BigEndian) {
			copy(b, "MM\x00\x2b\x00\x08\x00\x00")
		}
		t.bo.PutUint64(b[8:], uint64(chain[0].off))
	} else {
		copy(b, "II\x2a\x00")
		if t.bo == binary.ByteOrder(binary.BigEndian) {
			copy(b, "MM\x00\x2a")
		}
		t.bo.PutUint32(b[4:], uint32(chain[0].off))
	}
	return b
}

func sortEntries(es []TIFFEntry) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].Tag < es[j-1].Tag; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

func (t *tiffBuilder) writeDir(d *tdir) {
	esz, csz := 12, 2
	if t.big {
		esz, csz = 20, 8
	}
	valOff := d.off + int64(csz+esz*len(d.entries)+t.inline())
	var vals bytes.Buffer
	b := &t.out
	if t.big {
		binary.Write(b, t.bo, uint64(len(d.entries)))
	} else {
		binary.Write(b, t.bo, uint16(len(d.entries)))
	}
	for _, e := range d.entries {
		typ, count, data := tiffEncode(t.bo, e)
		binary.Write(b, t.bo, e.Tag)
		binary.Write(b, t.bo, typ)
		if t.big {
			binary.Write(b, t.bo, count)
		} else {
			binary.Write(b, t.bo, uint32(count))
		}
		if len(data) <= t.inline() {
			b.Write(append(data, make([]byte, t.inline()-len(data))...))
			continue
		}
		if t.big {
			binary.Write(b, t.bo, uint64(valOff+int64(vals.Len())))
		} else {
			binary.Write(b, t.bo, uint32(valOff+int64(vals.Len())))
		}
		vals.Write(data)
		if vals.Len()%2 == 1 {
			vals.WriteByte(0)
		}
	}
	if t.big {
		binary.Write(b, t.bo, uint64(d.next))
	} else {
		binary.Write(b, t.bo, uint32(d.next))
	}
	b.Write(vals.Bytes())
}

// tiffPixels returns w×h RGB pixels, 8 bits, as one strip.
func tiffPixels(w, h int) []byte {
	b := make([]byte, 0, w*h*3)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			b = append(b, byte(x*16), byte(y*16), byte(128+x-y))
		}
	}
	return b
}

// tiffRGB returns the entries of a w×h 8-bit RGB image in one strip.
func tiffRGB(w, h int) []TIFFEntry {
	return []TIFFEntry{
		{Tag: 256, Value: []uint32{uint32(w)}}, {Tag: 257, Value: []uint32{uint32(h)}},
		{Tag: 258, Value: []uint16{8, 8, 8}}, {Tag: 259, Value: []uint16{1}}, {Tag: 262, Value: []uint16{2}},
		{Tag: 277, Value: []uint16{3}}, {Tag: 278, Value: []uint32{uint32(h)}}, {Tag: 284, Value: []uint16{1}},
	}
}

// TIFFSample returns a two-page RGB TIFF with a thumbnail IFD and its
// metadata planted with prefix: IFD0 Make, Model, Software, Artist,
// HostComputer, DocumentName, ImageDescription, Copyright, DateTime, XMP,
// IPTC, Photoshop resources and layers, an ICC profile's description and
// copyright, an unknown private tag; an Exif IFD with the body serial
// number and a GPS IFD; the thumbnail's and page 2's own tags. Planted
// values are "P-MAKE", "P-ARTIST", "P-SERIAL" and so on.
func TIFFSample(prefix string) []byte {
	p := func(s string) string { return prefix + "-" + s }
	page := &TIFFDir{Strips: [][]byte{tiffPixels(16, 16)}}
	page.Entries = append(tiffRGB(16, 16),
		TIFFEntry{Tag: 271, Value: p("MAKE")}, TIFFEntry{Tag: 272, Value: p("MODEL")},
		TIFFEntry{Tag: 305, Value: p("SOFTWARE")}, TIFFEntry{Tag: 315, Value: p("ARTIST")},
		TIFFEntry{Tag: 316, Value: p("HOST")}, TIFFEntry{Tag: 269, Value: p("DOCNAME")},
		TIFFEntry{Tag: 270, Value: p("DESCRIPTION")}, TIFFEntry{Tag: 33432, Value: p("COPYRIGHT")},
		TIFFEntry{Tag: 306, Value: "2024:05:01 12:34:56"},
		TIFFEntry{Tag: 700, Value: Bytes(metatest.XMP([][2]string{{"dc:creator", p("XMPCREATOR")}}))},
		TIFFEntry{Tag: 33723, Value: Bytes(metatest.IPTC(map[byte]string{80: p("IPTCBYLINE")}))},
		TIFFEntry{Tag: 34377, Value: Bytes(metatest.Photoshop(metatest.IPTC(map[byte]string{80: p("IRBBYLINE")}), nil))},
		TIFFEntry{Tag: 37724, Value: []byte("Adobe Photoshop Document Data Block\x00" + p("LAYERS"))},
		TIFFEntry{Tag: 34675, Value: metatest.ICC(p("ICCDESC"), p("ICCCOPYRIGHT"))},
		TIFFEntry{Tag: 0xc7f0, Value: p("PRIVATE")})
	page.Exif = []TIFFEntry{{Tag: 0xa431, Value: p("SERIAL")}, {Tag: 0x9003, Value: "2024:05:01 12:34:56"}}
	page.GPS = []TIFFEntry{{Tag: 1, Value: "N"}, {Tag: 2, Value: [][2]uint32{{52, 1}, {31, 1}, {0, 1}}},
		{Tag: 3, Value: "E"}, {Tag: 4, Value: [][2]uint32{{13, 1}, {24, 1}, {0, 1}}}}
	thumb := &TIFFDir{Strips: [][]byte{tiffPixels(4, 4)},
		Entries: append(tiffRGB(4, 4), TIFFEntry{Tag: 254, Value: []uint32{1}}, TIFFEntry{Tag: 305, Value: p("THUMBSOFT")})}
	page2 := &TIFFDir{Strips: [][]byte{tiffPixels(8, 8)},
		Entries: append(tiffRGB(8, 8), TIFFEntry{Tag: 254, Value: []uint32{2}}, TIFFEntry{Tag: 315, Value: p("PAGE2ARTIST")})}
	return TIFF(binary.LittleEndian, false, page, thumb, page2)
}

// DNGSample returns a DNG (big-endian, like Adobe's) with an 8×8 RGB
// preview in IFD0 and a 32×32 16-bit colour-filter raw image in a SubIFD,
// with metadata planted with prefix: Make, Model, Software, Artist,
// LocalizedCameraModel, CameraSerialNumber ("P-SERIAL"), DNGPrivateData
// holding maker notes ("P-MAKERNOTE"), OriginalRawFileName
// ("P-RAWNAME.CR2"), OriginalRawFileData ("P-RAWDATA"), RawDataUniqueID,
// profile name and copyright, preview application and date, XMP with
// develop settings, an Exif IFD with the body serial number and a GPS
// IFD. UniqueCameraModel is "SCRUBCAM X1". If calibrated, IFD0 has a
// CameraCalibration1 matrix other than the identity.
func DNGSample(prefix string, calibrated bool) []byte {
	p := func(s string) string { return prefix + "-" + s }
	raw := make([]byte, 32*32*2)
	for i := 0; i < 32*32; i++ {
		binary.BigEndian.PutUint16(raw[2*i:], uint16((i*37)%4096))
	}
	sub := &TIFFDir{Strips: [][]byte{raw}, Entries: []TIFFEntry{
		{Tag: 254, Value: []uint32{0}}, {Tag: 256, Value: []uint32{32}}, {Tag: 257, Value: []uint32{32}},
		{Tag: 258, Value: []uint16{16}}, {Tag: 259, Value: []uint16{1}}, {Tag: 262, Value: []uint16{32803}},
		{Tag: 277, Value: []uint16{1}}, {Tag: 278, Value: []uint32{32}}, {Tag: 284, Value: []uint16{1}},
		{Tag: 33421, Value: []uint16{2, 2}}, {Tag: 33422, Value: Bytes{0, 1, 1, 2}},
		{Tag: 50710, Value: Bytes{0, 1, 2}}, {Tag: 50711, Value: []uint16{1}},
		{Tag: 50714, Value: []uint32{0}}, {Tag: 50717, Value: []uint32{4095}},
		{Tag: 50719, Value: []uint32{2, 2}}, {Tag: 50720, Value: []uint32{28, 28}},
	}}
	ifd0 := &TIFFDir{Strips: [][]byte{tiffPixels(8, 8)}, Subs: []*TIFFDir{sub}}
	m := func(vs ...int32) [][2]int32 {
		out := make([][2]int32, len(vs))
		for i, v := range vs {
			out[i] = [2]int32{v, 10000}
		}
		return out
	}
	xmp := metatest.XMP([][2]string{{"dc:creator", p("XMPCREATOR")}})
	xmp = bytes.Replace(xmp, []byte("<rdf:Description rdf:about=\"\""),
		[]byte("<rdf:Description rdf:about=\"\" xmlns:crs=\"http://ns.adobe.com/camera-raw-settings/1.0/\" crs:Exposure2012=\"+0.50\""), 1)
	ifd0.Entries = append(tiffRGB(8, 8),
		TIFFEntry{Tag: 254, Value: []uint32{1}},
		TIFFEntry{Tag: 271, Value: p("MAKE")}, TIFFEntry{Tag: 272, Value: p("MODEL")},
		TIFFEntry{Tag: 305, Value: p("SOFTWARE")}, TIFFEntry{Tag: 315, Value: p("ARTIST")},
		TIFFEntry{Tag: 306, Value: "2024:05:01 12:34:56"}, TIFFEntry{Tag: 274, Value: []uint16{1}},
		TIFFEntry{Tag: 700, Value: Bytes(xmp)},
		TIFFEntry{Tag: 50706, Value: Bytes{1, 4, 0, 0}}, TIFFEntry{Tag: 50707, Value: Bytes{1, 1, 0, 0}},
		TIFFEntry{Tag: 50708, Value: "SCRUBCAM X1"}, TIFFEntry{Tag: 50709, Value: p("LOCALMODEL")},
		TIFFEntry{Tag: 50721, Value: m(6000, -1000, -500, -4000, 12000, 2000, -500, 1000, 7000)},
		TIFFEntry{Tag: 50778, Value: []uint16{21}},
		TIFFEntry{Tag: 50728, Value: [][2]uint32{{5, 10}, {1, 1}, {6, 10}}},
		TIFFEntry{Tag: 50735, Value: p("SERIAL")},
		TIFFEntry{Tag: 50740, Value: Bytes(append([]byte("Adobe\x00MakN\x00\x00\x00\x20MM\x00\x00\x00\x00"), p("MAKERNOTE")...))},
		TIFFEntry{Tag: 50781, Value: Bytes(p("UNIQUEIDXXXXXXXX")[:16])},
		TIFFEntry{Tag: 50827, Value: p("RAWNAME") + ".CR2"},
		TIFFEntry{Tag: 50828, Value: []byte("II*\x00" + p("RAWDATA"))},
		TIFFEntry{Tag: 50936, Value: p("PROFILE")}, TIFFEntry{Tag: 50942, Value: p("PROFCOPY")},
		TIFFEntry{Tag: 50966, Value: p("PREVAPP")}, TIFFEntry{Tag: 50971, Value: "2024-05-01T12:34:56"},
		TIFFEntry{Tag: 0xc7f0, Value: p("PRIVATE")})
	if calibrated {
		ifd0.Entries = append(ifd0.Entries, TIFFEntry{Tag: 50723, Value: m(10100, 0, 0, 0, 10000, 0, 0, 0, 9900)})
	}
	ifd0.Exif = []TIFFEntry{{Tag: 0xa431, Value: p("BODYSERIAL")}, {Tag: 0x9003, Value: "2024:05:01 12:34:56"}}
	ifd0.GPS = []TIFFEntry{{Tag: 1, Value: "N"}, {Tag: 2, Value: [][2]uint32{{52, 1}, {31, 1}, {0, 1}}},
		{Tag: 3, Value: "E"}, {Tag: 4, Value: [][2]uint32{{13, 1}, {24, 1}, {0, 1}}}}
	return TIFF(binary.BigEndian, false, ifd0)
}

func tiffCases() []Case {
	small := func(name, what string, f func() []byte) Case {
		return Case{Name: name, File: name + ".tif", What: what, Write: lazy(f)}
	}
	one := func(bo binary.ByteOrder, big bool) []byte {
		d := &TIFFDir{Strips: [][]byte{tiffPixels(16, 16)}, Entries: append(tiffRGB(16, 16), TIFFEntry{Tag: 315, Value: "HOSTILE-ARTIST"})}
		return TIFF(bo, big, d)
	}
	le := binary.LittleEndian
	ifd0 := func(b []byte) int { return int(le.Uint32(b[4:])) }
	// entry returns the offset of the entry for tag in the IFD at off.
	entry := func(b []byte, off int, tag uint16) int {
		n := int(le.Uint16(b[off:]))
		for i := 0; i < n; i++ {
			if le.Uint16(b[off+2+12*i:]) == tag {
				return off + 2 + 12*i
			}
		}
		panic("no tag")
	}
	return []Case{
		small("tiff-ifd-loop", "IFD0's next-IFD offset points back to IFD0", func() []byte {
			b := one(le, false)
			o := ifd0(b)
			n := int(le.Uint16(b[o:]))
			le.PutUint32(b[o+2+12*n:], uint32(o))
			return b
		}),
		small("tiff-ifd0-past-end", "the header points IFD0 past the end of the file", func() []byte {
			b := one(le, false)
			le.PutUint32(b[4:], 0x7fffff00)
			return b
		}),
		small("tiff-strip-past-end", "the strip offset lies past the end of the file", func() []byte {
			b := one(le, false)
			le.PutUint32(b[entry(b, ifd0(b), 273)+8:], 0x7fffff00)
			return b
		}),
		small("tiff-huge-count", "StripOffsets declares 2^30 strips", func() []byte {
			b := one(le, false)
			le.PutUint32(b[entry(b, ifd0(b), 273)+4:], 1<<30)
			le.PutUint32(b[entry(b, ifd0(b), 279)+4:], 1<<30)
			return b
		}),
		small("tiff-huge-entry-count", "IFD0 declares 65535 entries", func() []byte {
			b := one(le, false)
			le.PutUint16(b[ifd0(b):], 0xffff)
			return b
		}),
		small("tiff-overlapping-strips", "two strips share half their bytes", func() []byte {
			d := &TIFFDir{Strips: [][]byte{tiffPixels(16, 8), tiffPixels(16, 8)}, Entries: tiffRGB(16, 16)}
			d.Entries[6] = TIFFEntry{Tag: 278, Value: []uint32{8}}
			b := TIFF(le, false, d)
			e := entry(b, ifd0(b), 273)
			p := int(le.Uint32(b[e+8:]))
			first := le.Uint32(b[p:])
			le.PutUint32(b[p+4:], first+100)
			return b
		}),
		small("tiff-strip-over-xmp", "the strip's bytes include the XMP packet", func() []byte {
			d := &TIFFDir{Strips: [][]byte{tiffPixels(16, 16)}, Entries: append(tiffRGB(16, 16),
				TIFFEntry{Tag: 700, Value: Bytes(metatest.XMP([][2]string{{"dc:creator", "HOSTILE-XMP"}}))})}
			b := TIFF(le, false, d)
			e := entry(b, ifd0(b), 279)
			le.PutUint32(b[e+8:], uint32(len(b)-16)) // the strip now runs over everything
			return b
		}),
		small("tiff-deep-subifds", "SubIFDs nested 40 deep", func() []byte {
			root := &TIFFDir{Strips: [][]byte{tiffPixels(4, 4)}, Entries: tiffRGB(4, 4)}
			d := root
			for i := 0; i < 40; i++ {
				s := &TIFFDir{Strips: [][]byte{tiffPixels(4, 4)}, Entries: tiffRGB(4, 4)}
				d.Subs = []*TIFFDir{s}
				d = s
			}
			return TIFF(le, false, root)
		}),
		small("tiff-subifd-loop", "a SubIFD points back to IFD0", func() []byte {
			root := &TIFFDir{Strips: [][]byte{tiffPixels(4, 4)}, Entries: tiffRGB(4, 4),
				Subs: []*TIFFDir{{Strips: [][]byte{tiffPixels(4, 4)}, Entries: tiffRGB(4, 4)}}}
			b := TIFF(le, false, root)
			le.PutUint32(b[entry(b, ifd0(b), 330)+8:], uint32(ifd0(b)))
			return b
		}),
		small("tiff-truncated", "a TIFF cut short in its last IFD's values", func() []byte {
			d := &TIFFDir{Strips: [][]byte{tiffPixels(16, 16)}, Entries: tiffRGB(16, 16)}
			b := TIFF(le, false, d)
			return b[:len(b)-10] // the IFD's last values are cut off
		}),
		{Name: "bigtiff-huge-offset", File: "big.tif", What: "a BigTIFF whose strip offset is 2^62", Write: lazy(func() []byte {
			d := &TIFFDir{Strips: [][]byte{tiffPixels(16, 16)}, Entries: tiffRGB(16, 16)}
			b := TIFF(le, true, d)
			o := int(le.Uint64(b[8:]))
			n := int(le.Uint64(b[o:]))
			for i := 0; i < n; i++ {
				e := o + 8 + 20*i
				if le.Uint16(b[e:]) == 273 {
					le.PutUint16(b[e+2:], 16) // LONG8
					le.PutUint64(b[e+12:], 1<<62)
				}
			}
			return b
		})},
		{Name: "tiff-raw-nef", File: "photo.nef", What: "a TIFF with Nikon's raw compression in a SubIFD, named .nef", Write: lazy(func() []byte {
			raw := &TIFFDir{Strips: [][]byte{make([]byte, 64)}, Entries: []TIFFEntry{
				{Tag: 256, Value: []uint32{8}}, {Tag: 257, Value: []uint32{4}}, {Tag: 258, Value: []uint16{16}},
				{Tag: 259, Value: []uint16{34713}}, {Tag: 262, Value: []uint16{32803}}}}
			d := &TIFFDir{Strips: [][]byte{tiffPixels(4, 4)}, Entries: append(tiffRGB(4, 4), TIFFEntry{Tag: 271, Value: "NIKON CORPORATION"}), Subs: []*TIFFDir{raw}}
			return TIFF(binary.BigEndian, false, d)
		})},
	}
}
