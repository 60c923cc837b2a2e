// Package metatest builds metadata blocks — EXIF (TIFF IFDs), XMP packets,
// IPTC records wrapped in Photoshop resources, ICC profiles — with planted
// values, for the tests of the image handlers. It is for tests only.
package metatest

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"fmt"
)

// Entry is one IFD entry. Value is a string (ASCII), []byte (UNDEFINED),
// []uint16 (SHORT), []uint32 (LONG) or [][2]uint32 (RATIONAL).
type Entry struct {
	Tag   uint16
	Value any
}

// EXIF describes an EXIF block: IFD0 with optional Exif, GPS and
// interoperability sub-IFDs, and IFD1 with a JPEG thumbnail.
type EXIF struct {
	Order                    binary.ByteOrder // nil means big-endian
	IFD0, Exif, GPS, Interop []Entry
	Thumbnail                []byte
	IFD0Next                 int // if non-zero, IFD0's next-IFD offset is forced to it (for cycle tests)
}

// Pointer tags the builder adds.
const (
	tagExifIFD    = 0x8769
	tagGPSIFD     = 0x8825
	tagInteropIFD = 0xa005
)

func (e *EXIF) order() binary.ByteOrder {
	if e.Order == nil {
		return binary.BigEndian
	}
	return e.Order
}

// Bytes returns the TIFF structure (from the byte-order mark on).
func (e *EXIF) Bytes() []byte {
	o := e.order()
	ifd0 := append([]Entry(nil), e.IFD0...)
	exif := append([]Entry(nil), e.Exif...)
	// Placeholders; offsets are filled in once the layout is known.
	if len(e.Exif) > 0 || len(e.Interop) > 0 {
		ifd0 = append(ifd0, Entry{tagExifIFD, []uint32{0}})
	}
	if len(e.GPS) > 0 {
		ifd0 = append(ifd0, Entry{tagGPSIFD, []uint32{0}})
	}
	if len(e.Interop) > 0 {
		exif = append(exif, Entry{tagInteropIFD, []uint32{0}})
	}
	var ifd1 []Entry
	if e.Thumbnail != nil {
		ifd1 = []Entry{{0x0103, []uint16{6}}, {0x0201, []uint32{0}}, {0x0202, []uint32{uint32(len(e.Thumbnail))}}}
	}
	dirs := [][]Entry{ifd0, exif, e.GPS, e.Interop, ifd1}
	offs := make([]int, len(dirs))
	off := 8
	for i, d := range dirs {
		if len(d) == 0 {
			continue
		}
		offs[i] = off
		off += ifdSize(o, d)
	}
	thumbOff := off
	set := func(d []Entry, tag uint16, v int) {
		for i := range d {
			if d[i].Tag == tag {
				d[i].Value = []uint32{uint32(v)}
			}
		}
	}
	set(ifd0, tagExifIFD, offs[1])
	set(ifd0, tagGPSIFD, offs[2])
	set(exif, tagInteropIFD, offs[3])
	set(ifd1, 0x0201, thumbOff)

	var b bytes.Buffer
	if o == binary.ByteOrder(binary.LittleEndian) {
		b.WriteString("II*\x00")
	} else {
		b.WriteString("MM\x00*")
	}
	binary.Write(&b, o, uint32(8))
	for i, d := range dirs {
		if len(d) == 0 {
			continue
		}
		next := 0
		if i == 0 {
			next = offs[4]
			if e.IFD0Next != 0 {
				next = e.IFD0Next
			}
		}
		writeIFD(&b, o, d, offs[i], next)
	}
	b.Write(e.Thumbnail)
	return b.Bytes()
}

func encode(o binary.ByteOrder, v any) (typ uint16, count uint32, data []byte) {
	var b bytes.Buffer
	switch v := v.(type) {
	case string:
		return 2, uint32(len(v) + 1), append([]byte(v), 0)
	case []byte:
		return 7, uint32(len(v)), v
	case []uint16:
		binary.Write(&b, o, v)
		return 3, uint32(len(v)), b.Bytes()
	case []uint32:
		binary.Write(&b, o, v)
		return 4, uint32(len(v)), b.Bytes()
	case [][2]uint32:
		for _, r := range v {
			binary.Write(&b, o, r)
		}
		return 5, uint32(len(v)), b.Bytes()
	}
	panic(fmt.Sprintf("metatest: unsupported value %T", v))
}

func ifdSize(o binary.ByteOrder, d []Entry) int {
	n := 2 + 12*len(d) + 4
	for _, e := range d {
		if _, _, data := encode(o, e.Value); len(data) > 4 {
			n += (len(data) + 1) &^ 1
		}
	}
	return n
}

func writeIFD(b *bytes.Buffer, o binary.ByteOrder, d []Entry, at, next int) {
	dataOff := at + 2 + 12*len(d) + 4
	var data bytes.Buffer
	binary.Write(b, o, uint16(len(d)))
	for _, e := range d {
		typ, count, v := encode(o, e.Value)
		binary.Write(b, o, e.Tag)
		binary.Write(b, o, typ)
		binary.Write(b, o, count)
		if len(v) <= 4 {
			b.Write(append(v, make([]byte, 4-len(v))...))
			continue
		}
		binary.Write(b, o, uint32(dataOff+data.Len()))
		data.Write(v)
		if data.Len()%2 == 1 {
			data.WriteByte(0)
		}
	}
	binary.Write(b, o, uint32(next))
	b.Write(data.Bytes())
}

// XMP returns an XMP packet whose rdf:Description holds the given
// properties as elements: name (with prefix) to value. Names with the dc
// prefix are written as rdf:Seq arrays. The packet declares the dc, xmp,
// xmpMM, photoshop and exif namespaces.
func XMP(props [][2]string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>` + "\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="metatest 1.0">` + "\n")
	b.WriteString(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` + "\n")
	b.WriteString(`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"` +
		` xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"` +
		` xmlns:exif="http://ns.adobe.com/exif/1.0/">` + "\n")
	for _, p := range props {
		if bytes.HasPrefix([]byte(p[0]), []byte("dc:")) {
			fmt.Fprintf(&b, "<%s><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></%s>\n", p[0], p[1], p[0])
		} else {
			fmt.Fprintf(&b, "<%s>%s</%s>\n", p[0], p[1], p[0])
		}
	}
	b.WriteString("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n")
	b.WriteString(`<?xpacket end="w"?>`)
	return b.Bytes()
}

// IPTC returns IIM records (record 2) for the given dataset numbers and
// values.
func IPTC(datasets map[byte]string) []byte {
	var b bytes.Buffer
	for _, ds := range []byte{5, 25, 80, 85, 90, 101, 110, 116, 120, 122} {
		v, ok := datasets[ds]
		if !ok {
			continue
		}
		b.Write([]byte{0x1c, 2, ds})
		binary.Write(&b, binary.BigEndian, uint16(len(v)))
		b.WriteString(v)
	}
	return b.Bytes()
}

// Photoshop returns an image resource block ("8BIM" records) holding the
// IPTC records iim (resource 0x0404) and, if thumb is not nil, a
// thumbnail resource (0x040C).
func Photoshop(iim, thumb []byte) []byte {
	var b bytes.Buffer
	res := func(id uint16, data []byte) {
		b.WriteString("8BIM")
		binary.Write(&b, binary.BigEndian, id)
		b.Write([]byte{0, 0}) // empty Pascal name, padded
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.Write(data)
		if len(data)%2 == 1 {
			b.WriteByte(0)
		}
	}
	res(0x0404, iim)
	if thumb != nil {
		res(0x040c, thumb)
	}
	return b.Bytes()
}

// ICC returns a minimal ICC profile header and tag table with a 'desc'
// (textDescriptionType) and a 'cprt' (textType) tag.
func ICC(desc, cprt string) []byte {
	return icc(false, [2]any{"desc", descTag(desc)}, [2]any{"cprt", []byte("text\x00\x00\x00\x00" + cprt + "\x00")})
}

// ICCDisplay returns a display profile as macOS writes them: a 'desc' tag
// and Apple's 'mmod' tag with the display's maker, model, serial number
// and manufacture date, and a profile ID (MD5).
func ICCDisplay(desc string, serial, date uint32) []byte {
	mmod := []byte("mmod\x00\x00\x00\x00")
	mmod = binary.BigEndian.AppendUint32(mmod, 0x0610)
	mmod = binary.BigEndian.AppendUint32(mmod, 0xa03c)
	mmod = binary.BigEndian.AppendUint32(mmod, serial)
	mmod = binary.BigEndian.AppendUint32(mmod, date)
	mmod = append(mmod, make([]byte, 16)...)
	return icc(true, [2]any{"desc", descTag(desc)}, [2]any{"mmod", mmod})
}

// ICCDevice returns a profile as a scanner or a phone writes it: the
// device maker and model in the header (4-character signatures), a
// creator, a description, a copyright and device description tags, and
// colour tags (rXYZ, and one curve shared by rTRC, gTRC and bTRC) whose
// bytes a cleaner must keep.
func ICCDevice(desc, cprt, maker, model, makerDesc string) []byte {
	xyz := []byte("XYZ \x00\x00\x00\x00\x00\x00\x6f\xa2\x00\x00\x38\xf5\x00\x00\x03\x90")
	curv := []byte("curv\x00\x00\x00\x00\x00\x00\x00\x01\x02\x33")
	p := icc(true, [2]any{"desc", descTag(desc)}, [2]any{"cprt", []byte("text\x00\x00\x00\x00" + cprt + "\x00")},
		[2]any{"dmnd", descTag(makerDesc)}, [2]any{"rXYZ", xyz}, [2]any{"rTRC", curv})
	// gTRC and bTRC share rTRC's data, as real profiles do.
	n := binary.BigEndian.Uint32(p[128:])
	rtrc := p[132+12*(n-1):][:12]
	q := make([]byte, 0, len(p)+24)
	q = append(q, p[:128]...)
	q = binary.BigEndian.AppendUint32(q, n+2)
	for i := uint32(0); i < n; i++ {
		e := append([]byte(nil), p[132+12*i:][:12]...)
		binary.BigEndian.PutUint32(e[4:], binary.BigEndian.Uint32(e[4:])+24)
		q = append(q, e...)
	}
	for _, sig := range []string{"gTRC", "bTRC"} {
		e := append([]byte(sig), rtrc[4:]...)
		binary.BigEndian.PutUint32(e[4:], binary.BigEndian.Uint32(rtrc[4:])+24)
		q = append(q, e...)
	}
	q = append(q, p[132+12*n:]...)
	copy(q[48:], maker)
	copy(q[52:], model)
	copy(q[80:], "PLNT")
	binary.BigEndian.PutUint32(q, uint32(len(q)))
	clear(q[84:100])
	sum := md5.Sum(q)
	copy(q[84:], sum[:])
	return q
}

func descTag(desc string) []byte {
	b := []byte("desc\x00\x00\x00\x00")
	b = binary.BigEndian.AppendUint32(b, uint32(len(desc)+1))
	return append(b, desc+"\x00"...)
}

// icc lays out a profile: header, tag table, tag data (each a [2]any of
// signature string and data []byte).
func icc(withID bool, tags ...[2]any) []byte {
	p := make([]byte, 128)
	copy(p[36:], "acsp")
	p = binary.BigEndian.AppendUint32(p, uint32(len(tags)))
	off := 128 + 4 + 12*len(tags)
	var data []byte
	for _, t := range tags {
		d := t[1].([]byte)
		p = append(p, t[0].(string)...)
		p = binary.BigEndian.AppendUint32(p, uint32(off+len(data)))
		p = binary.BigEndian.AppendUint32(p, uint32(len(d)))
		data = append(data, d...)
		for len(data)%4 != 0 {
			data = append(data, 0)
		}
	}
	p = append(p, data...)
	binary.BigEndian.PutUint32(p, uint32(len(p)))
	if withID {
		sum := md5.Sum(p) // header fields the ID excludes are zero here
		copy(p[84:], sum[:])
	}
	return p
}
