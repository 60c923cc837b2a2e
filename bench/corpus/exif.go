package corpus

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// TIFF field types.
const (
	tByte      = 1
	tASCII     = 2
	tShort     = 3
	tLong      = 4
	tRational  = 5
	tUndefined = 7
)

type tiffEntry struct {
	tag, typ uint16
	count    uint32
	data     []byte // the value, little-endian
	sub      *ifd   // for pointer tags: the IFD the LONG value points at
	blob     []byte // for JPEGInterchangeFormat: the data the value points at
}

type ifd struct {
	entries []tiffEntry
	next    *ifd
	off     uint32 // assigned by layout
}

var le = binary.LittleEndian

func ascii(tag uint16, s string) tiffEntry {
	b := append([]byte(s), 0)
	return tiffEntry{tag: tag, typ: tASCII, count: uint32(len(b)), data: b}
}

func short(tag uint16, v ...uint16) tiffEntry {
	b := make([]byte, 2*len(v))
	for i, x := range v {
		le.PutUint16(b[2*i:], x)
	}
	return tiffEntry{tag: tag, typ: tShort, count: uint32(len(v)), data: b}
}

func long(tag uint16, v uint32) tiffEntry {
	return tiffEntry{tag: tag, typ: tLong, count: 1, data: le.AppendUint32(nil, v)}
}

func rational(tag uint16, v ...[2]uint32) tiffEntry {
	var b []byte
	for _, x := range v {
		b = le.AppendUint32(b, x[0])
		b = le.AppendUint32(b, x[1])
	}
	return tiffEntry{tag: tag, typ: tRational, count: uint32(len(v)), data: b}
}

func undefined(tag uint16, b []byte) tiffEntry {
	return tiffEntry{tag: tag, typ: tUndefined, count: uint32(len(b)), data: b}
}

func bytesOf(tag uint16, v ...byte) tiffEntry {
	return tiffEntry{tag: tag, typ: tByte, count: uint32(len(v)), data: v}
}

func pointer(tag uint16, sub *ifd) tiffEntry {
	return tiffEntry{tag: tag, typ: tLong, count: 1, data: make([]byte, 4), sub: sub}
}

// size is the IFD's bytes: its entries plus the values that do not fit in
// four bytes (word aligned) plus any blob.
func (d *ifd) size() uint32 {
	n := uint32(2 + 12*len(d.entries) + 4)
	for _, e := range d.entries {
		if len(e.data) > 4 {
			n += uint32(len(e.data)+1) &^ 1
		}
		n += uint32(len(e.blob)+1) &^ 1
	}
	return n
}

// tiff serialises IFD0 and everything reachable from it as a little-endian
// TIFF structure, as found in an EXIF APP1 segment.
func tiff(ifd0 *ifd) []byte {
	// Lay out: header, then each IFD in depth-first order.
	var order []*ifd
	var visit func(d *ifd)
	visit = func(d *ifd) {
		order = append(order, d)
		for _, e := range d.entries {
			if e.sub != nil {
				visit(e.sub)
			}
		}
		if d.next != nil {
			visit(d.next)
		}
	}
	visit(ifd0)
	off := uint32(8)
	for _, d := range order {
		d.off = off
		off += d.size()
	}
	out := make([]byte, 8, off)
	copy(out, "II*\x00")
	le.PutUint32(out[4:], 8)
	for _, d := range order {
		dataOff := d.off + uint32(2+12*len(d.entries)+4)
		var data []byte
		out = le.AppendUint16(out, uint16(len(d.entries)))
		for _, e := range d.entries {
			out = le.AppendUint16(out, e.tag)
			out = le.AppendUint16(out, e.typ)
			out = le.AppendUint32(out, e.count)
			switch {
			case e.sub != nil:
				out = le.AppendUint32(out, e.sub.off)
			case e.blob != nil:
				out = le.AppendUint32(out, dataOff+uint32(len(data)))
				data = append(data, e.blob...)
				if len(e.blob)%2 == 1 {
					data = append(data, 0)
				}
			case len(e.data) > 4:
				out = le.AppendUint32(out, dataOff+uint32(len(data)))
				data = append(data, e.data...)
				if len(e.data)%2 == 1 {
					data = append(data, 0)
				}
			default:
				var v [4]byte
				copy(v[:], e.data)
				out = append(out, v[:]...)
			}
		}
		if d.next != nil {
			out = le.AppendUint32(out, d.next.off)
		} else {
			out = le.AppendUint32(out, 0)
		}
		out = append(out, data...)
	}
	return out
}

// camera is one of the devices photos are attributed to.
type camera struct{ make, model, lens, software string }

var cameras = []camera{
	{"Canon", "Canon EOS 5D Mark IV", "EF24-105mm f/4L IS USM", "Digital Photo Professional 4.17"},
	{"NIKON CORPORATION", "NIKON D750", "24.0-120.0 mm f/4.0", "Ver.1.16"},
	{"SONY", "ILCE-7M3", "FE 28-70mm F3.5-5.6 OSS", "ILCE-7M3 v4.01"},
	{"FUJIFILM", "X-T4", "XF18-55mmF2.8-4 R LM OIS", "Digital Camera X-T4 Ver2.10"},
	{"Apple", "iPhone 13 Pro", "iPhone 13 Pro back triple camera 5.7mm f/1.5", "17.4.1"},
}

// photoMeta is what one photo's metadata says about its owner.
type photoMeta struct {
	cam                               camera
	owner, serial, lensSerial, unique string
	place, docID, instanceID, thumbID string
	lat, lon                          float64
	when                              string // "2024:03:14 09:26:53"
	w, h                              int
}

// planted lists the values that identify the owner and must not survive
// cleaning. They are unique to this photo, so a leak is attributable.
func (m photoMeta) planted() []string {
	return []string{m.owner, m.serial, m.lensSerial, m.unique, m.place, m.docID, m.instanceID, m.thumbID}
}

func newPhotoMeta(r *rng, w, h int, owner string) photoMeta {
	id := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte("0123456789ABCDEF"[r.intn(16)])
		}
		return b.String()
	}
	return photoMeta{
		cam:        cameras[r.intn(len(cameras))],
		owner:      owner,
		serial:     "SN" + id(10),
		lensSerial: "LS" + id(8),
		unique:     strings.ToLower(id(32)),
		place:      "Assembly point " + id(6),
		docID:      "xmp.did:" + strings.ToLower(id(24)),
		instanceID: "xmp.iid:" + strings.ToLower(id(24)),
		thumbID:    "thumbnail " + id(8),
		lat:        48 + r.float()*6,
		lon:        2 + r.float()*14,
		when:       fmt.Sprintf("2024:%02d:%02d %02d:%02d:%02d", 1+r.intn(12), 1+r.intn(28), 7+r.intn(12), r.intn(60), r.intn(60)),
		w:          w, h: h,
	}
}

func dms(v float64) [][2]uint32 {
	d := uint32(v)
	m := uint32((v - float64(d)) * 60)
	s := uint32(((v-float64(d))*60 - float64(m)) * 60 * 100)
	return [][2]uint32{{d, 1}, {m, 1}, {s, 100}}
}

// exifSegment builds the APP1 Exif segment: IFD0 (camera, owner, software),
// the Exif IFD (exposure, dates, serial numbers), the GPS IFD (position,
// place name) and IFD1 with a JPEG thumbnail.
func exifSegment(m photoMeta, seed uint64) []byte {
	thumb := makeThumb(seed, m.thumbID)
	exifIFD := &ifd{entries: []tiffEntry{
		rational(0x829a, [2]uint32{1, 250}),
		rational(0x829d, [2]uint32{56, 10}),
		short(0x8827, 400),
		undefined(0x9000, []byte("0232")),
		ascii(0x9003, m.when),
		ascii(0x9004, m.when),
		ascii(0x9011, "+02:00"),
		undefined(0x9286, append([]byte("ASCII\x00\x00\x00"), "Shot by "+m.owner...)),
		long(0xa002, uint32(m.w)),
		long(0xa003, uint32(m.h)),
		ascii(0xa420, m.unique),
		ascii(0xa430, m.owner),
		ascii(0xa431, m.serial),
		ascii(0xa434, m.cam.lens),
		ascii(0xa435, m.lensSerial),
	}}
	latRef, lonRef := "N", "E"
	gps := &ifd{entries: []tiffEntry{
		bytesOf(0x0000, 2, 3, 0, 0),
		ascii(0x0001, latRef),
		rational(0x0002, dms(m.lat)...),
		ascii(0x0003, lonRef),
		rational(0x0004, dms(m.lon)...),
		bytesOf(0x0005, 0),
		rational(0x0006, [2]uint32{uint32(35000 + m.w%1000), 100}),
		ascii(0x001d, m.when[:10]),
		undefined(0x001c, append([]byte("ASCII\x00\x00\x00"), m.place...)),
	}}
	ifd1 := &ifd{entries: []tiffEntry{
		short(0x0103, 6),
		rational(0x011a, [2]uint32{72, 1}),
		rational(0x011b, [2]uint32{72, 1}),
		short(0x0128, 2),
		{tag: 0x0201, typ: tLong, count: 1, blob: thumb},
		long(0x0202, uint32(len(thumb))),
	}}
	ifd0 := &ifd{entries: []tiffEntry{
		ascii(0x010f, m.cam.make),
		ascii(0x0110, m.cam.model),
		short(0x0112, 1),
		rational(0x011a, [2]uint32{300, 1}),
		rational(0x011b, [2]uint32{300, 1}),
		short(0x0128, 2),
		ascii(0x0131, m.cam.software),
		ascii(0x0132, m.when),
		ascii(0x013b, m.owner),
		ascii(0x8298, "(c) "+m.owner),
		pointer(0x8769, exifIFD),
		pointer(0x8825, gps),
	}, next: ifd1}
	return segment(0xe1, append([]byte("Exif\x00\x00"), tiff(ifd0)...))
}

// xmpSegment builds the APP1 XMP segment an editor leaves behind.
func xmpSegment(m photoMeta) []byte {
	x := fmt.Sprintf(`<?xpacket begin="%s" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0-c000 79.1357c9e, 2021/07/14-00:39:56">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:aux="http://ns.adobe.com/exif/1.0/aux/"
   xmp:CreatorTool="Adobe Photoshop Lightroom Classic 13.2 (Windows)"
   xmp:CreateDate="%s"
   xmpMM:DocumentID="%s"
   xmpMM:InstanceID="%s"
   photoshop:City="%s"
   aux:SerialNumber="%s">
   <dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`, "\ufeff", strings.Replace(m.when[:10], ":", "-", 2)+"T"+m.when[11:], m.docID, m.instanceID, m.place, m.serial, m.owner)
	return segment(0xe1, append([]byte("http://ns.adobe.com/xap/1.0/\x00"), x...))
}

// iptcSegment builds the APP13 Photoshop segment with an IPTC By-line.
func iptcSegment(m photoMeta) []byte {
	var iptc []byte
	add := func(ds byte, v string) {
		iptc = append(iptc, 0x1c, 0x02, ds, byte(len(v)>>8), byte(len(v)))
		iptc = append(iptc, v...)
	}
	add(0x00, "\x00\x04")
	add(0x50, m.owner)
	add(0x5a, m.place)
	p := []byte("Photoshop 3.0\x00")
	p = append(p, "8BIM"...)
	p = append(p, 0x04, 0x04, 0, 0)
	p = binary.BigEndian.AppendUint32(p, uint32(len(iptc)))
	p = append(p, iptc...)
	if len(iptc)%2 == 1 {
		p = append(p, 0)
	}
	return segment(0xed, p)
}

// cameraJPEG returns the photo as a camera-and-editor JPEG carrying m.
func cameraJPEG(p photo, m photoMeta, seed uint64) []byte {
	return withSegments(p, exifSegment(m, seed), xmpSegment(m), iptcSegment(m))
}
