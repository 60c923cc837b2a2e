package imagemeta_test

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub"
)

func find(fs []scrub.Finding, field string) (scrub.Finding, bool) {
	for _, f := range fs {
		if f.Field == field {
			return f, true
		}
	}
	return scrub.Finding{}, false
}

func TestEXIFBothOrders(t *testing.T) {
	for _, order := range []binary.ByteOrder{binary.BigEndian, binary.LittleEndian} {
		e := metatest.EXIF{
			Order: order,
			IFD0: []metatest.Entry{
				{Tag: 0x010f, Value: "Maker"},
				{Tag: 0x0112, Value: []uint16{5}},
				{Tag: 0x9c9d, Value: []byte("A\x00u\x00t\x00h\x00o\x00r\x00\x00\x00")}, // XPAuthor, UTF-16LE
			},
			Exif: []metatest.Entry{
				{Tag: 0x9286, Value: []byte("UNICODE\x00" + string(utf16(order.(binary.AppendByteOrder), "Hi")))},
				{Tag: 0xa430, Value: "Owner Name"},
			},
			GPS: []metatest.Entry{
				{Tag: 0x0002, Value: [][2]uint32{{10, 1}, {30, 1}, {0, 1}}},
				{Tag: 0x0004, Value: [][2]uint32{{20, 1}, {15, 1}, {0, 1}}},
				{Tag: 0x0003, Value: "W"},
			},
			Thumbnail: []byte{0xff, 0xd8, 0xff, 0xd9},
		}
		fs, o := imagemeta.EXIF(e.Bytes(), "EXIF")
		if o != 5 {
			t.Errorf("%v: orientation %d, want 5", order, o)
		}
		for field, want := range map[string]string{
			"Make": "Maker", "XPAuthor": "Author", "UserComment": "Hi", "CameraOwnerName": "Owner Name",
			"GPSPosition": "10.500000 N, 20.250000 W", "ThumbnailImage": "4-byte JPEG thumbnail",
		} {
			if f, ok := find(fs, field); !ok || f.Value != want || f.Action != scrub.Remove || f.Where != "EXIF" {
				t.Errorf("%v: %s = %+v, want %q", order, field, f, want)
			}
		}
		if _, ok := find(fs, "Orientation"); ok {
			t.Error("Orientation is listed")
		}
	}
}

func utf16(order binary.AppendByteOrder, s string) []byte {
	var b []byte
	for _, r := range s {
		b = order.AppendUint16(b, uint16(r))
	}
	return b
}

// Damaged and hostile EXIF blocks: cycles, offsets out of bounds, huge
// counts. Nothing panics or loops.
func TestEXIFHostile(t *testing.T) {
	cyc := (&metatest.EXIF{IFD0: []metatest.Entry{{Tag: 0x010f, Value: "Loop"}}, IFD0Next: 8}).Bytes()
	fs, _ := imagemeta.EXIF(cyc, "EXIF")
	if f, ok := find(fs, "Make"); !ok || f.Value != "Loop" {
		t.Errorf("cycle: %+v", fs)
	}
	// Exif IFD pointer to IFD0 itself.
	self := (&metatest.EXIF{IFD0: []metatest.Entry{{Tag: 0x8769, Value: []uint32{8}}}}).Bytes()
	imagemeta.EXIF(self, "EXIF")
	// Huge count, offset past the end.
	bad := []byte("MM\x00*\x00\x00\x00\x08\x00\x02" +
		"\x01\x0f\x00\x02\xff\xff\xff\xff\x00\x00\x00\x10" +
		"\x01\x10\x00\x05\x40\x00\x00\x00\x7f\xff\xff\xff" +
		"\x00\x00\x00\x00")
	fs, _ = imagemeta.EXIF(bad, "EXIF")
	if _, ok := find(fs, "damaged data"); !ok {
		t.Errorf("damage not reported: %+v", fs)
	}
	for _, b := range [][]byte{nil, []byte("MM"), []byte("XX\x00*\x00\x00\x00\x08"), []byte("II*\x00\xff\xff\xff\xff")} {
		if fs, _ := imagemeta.EXIF(b, "EXIF"); !scrub.Removable(fs) {
			t.Errorf("%q: nothing reported", b)
		}
	}
}

// Blocks nested in blocks (Photoshop resources holding EXIF holding
// Photoshop resources...) stop at a fixed depth.
func TestNesting(t *testing.T) {
	inner := metatest.Photoshop(metatest.IPTC(map[byte]string{80: "Deep"}), nil)
	for range 50 {
		tiff := (&metatest.EXIF{IFD0: []metatest.Entry{{Tag: 0x8649, Value: inner}}}).Bytes()
		var b bytes.Buffer
		b.WriteString("8BIM\x04\x22\x00\x00")
		binary.Write(&b, binary.BigEndian, uint32(len(tiff)))
		b.Write(tiff)
		inner = b.Bytes()
	}
	fs := imagemeta.Photoshop(inner, "Photoshop")
	if len(fs) == 0 || len(fs) > 20 {
		t.Errorf("%d findings", len(fs))
	}
}

func TestXMP(t *testing.T) {
	packet := []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Tk 1"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:d="http://purl.org/dc/elements/1.1/" xmlns:mm="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#" xmlns:tiff="http://ns.adobe.com/tiff/1.0/"
 xmlns:custom="http://example.com/ns/" mm:DocumentID="doc-1" tiff:XResolution="72" custom:Secret="s3cret">
<d:creator><rdf:Seq><rdf:li>Ann</rdf:li><rdf:li>Bob</rdf:li><rdf:li>Ann</rdf:li></rdf:Seq></d:creator>
<mm:History><rdf:Seq>
 <rdf:li stEvt:action="saved" stEvt:softwareAgent="Editor 1"/>
 <rdf:li rdf:parseType="Resource"><stEvt:action>saved</stEvt:action><stEvt:softwareAgent>Editor 2</stEvt:softwareAgent></rdf:li>
</rdf:Seq></mm:History>
</rdf:Description></rdf:RDF></x:xmpmeta>`)
	fs := imagemeta.XMP(packet, "XMP")
	for field, want := range map[string]struct {
		value string
		kind  scrub.Kind
	}{
		"x:xmptk":                           {"Tk 1", scrub.KindSoftware},
		"dc:creator":                        {"Ann; Bob", scrub.KindPerson},
		"xmpMM:DocumentID":                  {"doc-1", scrub.KindEditHistory},
		"xmpMM:History/stEvt:softwareAgent": {"Editor 1; Editor 2", scrub.KindSoftware},
		"xmpMM:History/stEvt:action":        {"saved", scrub.KindOther},
		"custom:Secret":                     {"s3cret", scrub.KindOther},
		"other properties":                  {"1 more properties (camera settings, image details)", scrub.KindOther},
	} {
		if f, ok := find(fs, field); !ok || f.Value != want.value || f.Kind != want.kind {
			t.Errorf("%s = %+v, want %q (%s)", field, f, want.value, want.kind)
		}
	}
	// Broken XML: what was read is listed; unreadable data still yields a
	// finding.
	fs = imagemeta.XMP([]byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:rights>Me</dc:rights><dc:`), "XMP")
	if f, ok := find(fs, "dc:rights"); !ok || f.Value != "Me" || f.Kind != scrub.KindPerson {
		t.Errorf("broken packet: %+v", fs)
	}
	if fs := imagemeta.XMP([]byte("\x00\x01garbage"), "XMP"); !scrub.Removable(fs) {
		t.Error("garbage: nothing reported")
	}
}

func TestIPTC(t *testing.T) {
	iim := metatest.IPTC(map[byte]string{80: "By Line", 116: "(c) Someone", 90: "Paris"})
	// An extended-length dataset (length in the next 4 bytes).
	iim = append(iim, 0x1c, 2, 120, 0x80, 0x04, 0, 0, 0, 7)
	iim = append(iim, "Caption"...)
	fs := imagemeta.IPTC(iim, "IPTC")
	for field, want := range map[string]string{"By-line": "By Line", "CopyrightNotice": "(c) Someone", "City": "Paris", "Caption-Abstract": "Caption"} {
		if f, ok := find(fs, field); !ok || f.Value != want {
			t.Errorf("%s = %+v, want %q", field, f, want)
		}
	}
	fs = imagemeta.IPTC([]byte{0x1c, 2, 80, 0x7f, 0xff, 'x'}, "IPTC")
	if _, ok := find(fs, "IPTC"); !ok {
		t.Errorf("damaged record not reported: %+v", fs)
	}
}

func TestICC(t *testing.T) {
	fs := imagemeta.ICC(metatest.ICC("Display Profile", "Copyright Someone"), "ICC")
	if f, ok := find(fs, "ProfileDescription"); !ok || f.Value != "Display Profile" || f.Action != scrub.Remove || f.Kind != scrub.KindSoftware {
		t.Errorf("desc: %+v", fs)
	}
	if f, ok := find(fs, "ProfileCopyright"); !ok || f.Value != "Copyright Someone" {
		t.Errorf("cprt: %+v", fs)
	}
	imagemeta.ICC(make([]byte, 140), "ICC")
}

func TestOrientationEXIF(t *testing.T) {
	for o := 0; o <= 9; o++ {
		b := imagemeta.OrientationEXIF(o)
		got, ok := imagemeta.IsOrientationEXIF(b)
		if ok != (o >= 2 && o <= 8) || (ok && got != o) {
			t.Errorf("IsOrientationEXIF(OrientationEXIF(%d)) = %d, %v", o, got, ok)
		}
		fs, eo := imagemeta.EXIF(b, "EXIF")
		if len(fs) != 0 || eo != o {
			t.Errorf("OrientationEXIF(%d) reads as %+v, orientation %d", o, fs, eo)
		}
	}
}

func TestPreview(t *testing.T) {
	if got := imagemeta.Preview([]byte("\x00\x01abc\x00hello world\xff\xfeöäüß!"), 100); got != "hello world öäüß!" {
		t.Errorf("Preview = %q", got)
	}
	if got := imagemeta.Preview([]byte(strings.Repeat("abcdef ", 100)), 20); len(got) > 24 {
		t.Errorf("Preview not shortened: %q", got)
	}
}

// FuzzEXIF, FuzzXMP: no input panics or runs away.
func FuzzEXIF(f *testing.F) {
	f.Add((&metatest.EXIF{IFD0: []metatest.Entry{{Tag: 0x010f, Value: "M"}}, GPS: []metatest.Entry{{Tag: 2, Value: [][2]uint32{{1, 1}}}}}).Bytes())
	f.Add(imagemeta.OrientationEXIF(6))
	f.Fuzz(func(t *testing.T, b []byte) {
		imagemeta.EXIF(b, "EXIF")
		imagemeta.Photoshop(b, "Photoshop")
		imagemeta.IPTC(b, "IPTC")
		imagemeta.ICC(b, "ICC")
	})
}

func FuzzXMP(f *testing.F) {
	f.Add(metatest.XMP([][2]string{{"dc:creator", "A"}, {"xmp:CreatorTool", "T"}}))
	f.Fuzz(func(t *testing.T, b []byte) { imagemeta.XMP(b, "XMP") })
}

// macOS display profiles carry the display's serial number; CleanICC
// drops the tag and keeps the profile ID valid.
func TestCleanICCDisplay(t *testing.T) {
	p := metatest.ICCDisplay("Color LCD", 0x53335231, 0x44345433)
	orig := bytes.Clone(p)
	fs := imagemeta.ICC(p, "ICC")
	if f, ok := find(fs, "DisplaySerialNumber"); !ok || !strings.HasPrefix(f.Value, "53335231") || f.Action != scrub.Remove || f.Kind != scrub.KindDevice {
		t.Errorf("serial: %+v", fs)
	}
	c, changed := imagemeta.CleanICC(p)
	if !changed {
		t.Fatal("CleanICC changed nothing")
	}
	if !bytes.Equal(p, orig) {
		t.Error("CleanICC modified its input")
	}
	for _, v := range []string{"S3R1", "D4T3", "Color LCD", "mmod"} {
		if bytes.Contains(c, []byte(v)) {
			t.Errorf("%q still in the profile", v)
		}
	}
	if fs := imagemeta.ICC(c, "ICC"); scrub.Removable(fs) {
		t.Errorf("after CleanICC: %+v", fs)
	}
	if again, changed := imagemeta.CleanICC(c); changed || !bytes.Equal(again, c) {
		t.Error("CleanICC changed a cleaned profile")
	}
	id := bytes.Clone(c[84:100])
	clear(c[84:100])
	if sum := md5.Sum(c); !bytes.Equal(sum[:], id) {
		t.Error("profile ID not recomputed")
	}
}

// A scanner's or a phone's profile names its maker in the header and in
// text tags; the colour tags stay byte for byte, shared data stays shared.
func TestCleanICCDevice(t *testing.T) {
	p := metatest.ICCDevice("Brother MFC-PLANTDESC Scanner", "Copyright PLANTCOPY Inc.", "PLMK", "PLMD", "PLANTMAKERDESC")
	fs := imagemeta.ICC(p, "ICC")
	for _, field := range []string{"ProfileDescription", "ProfileCopyright", "DeviceManufacturer", "DeviceModel", "ProfileCreator", "DeviceManufacturerDescription"} {
		if f, ok := find(fs, field); !ok || f.Action != scrub.Remove || f.Label == "" {
			t.Errorf("%s: %+v", field, fs)
		}
	}
	c, changed := imagemeta.CleanICC(p)
	if !changed {
		t.Fatal("nothing changed")
	}
	for _, v := range []string{"PLANTDESC", "PLANTCOPY", "PLMK", "PLMD", "PLANTMAKERDESC", "PLNT", "dmnd"} {
		if bytes.Contains(c, []byte(v)) {
			t.Errorf("%q still in the profile", v)
		}
	}
	tags := func(b []byte) map[string][]byte {
		m := map[string][]byte{}
		n := int(binary.BigEndian.Uint32(b[128:]))
		for i := 0; i < n; i++ {
			e := b[132+12*i:]
			off, size := binary.BigEndian.Uint32(e[4:]), binary.BigEndian.Uint32(e[8:])
			m[string(e[:4])] = b[off : off+size]
			if string(e[:4]) == "bTRC" && off != binary.BigEndian.Uint32(b[132+12*(i-1)+4:]) {
				t.Error("gTRC and bTRC no longer share their data")
			}
		}
		return m
	}
	before, after := tags(p), tags(c)
	for _, sig := range []string{"rXYZ", "rTRC", "gTRC", "bTRC"} {
		if !bytes.Equal(before[sig], after[sig]) {
			t.Errorf("%s changed", sig)
		}
	}
	if _, ok := after["desc"]; !ok {
		t.Error("the required description tag is gone")
	}
	if _, ok := after["cprt"]; !ok {
		t.Error("the required copyright tag is gone")
	}
	if binary.BigEndian.Uint32(c) != uint32(len(c)) {
		t.Error("profile size not updated")
	}
	if fs := imagemeta.ICC(c, "ICC"); scrub.Removable(fs) {
		t.Errorf("after CleanICC: %+v", fs)
	}
	if again, changed := imagemeta.CleanICC(c); changed || !bytes.Equal(again, c) {
		t.Error("not idempotent")
	}
}

// A standard profile needs nothing: it is returned as it is, and what it
// says is Minor.
func TestCleanICCGeneric(t *testing.T) {
	p := metatest.ICC("sRGB IEC61966-2.1", "Copyright (c) 1998 Hewlett-Packard Company")
	if c, changed := imagemeta.CleanICC(p); changed || !bytes.Equal(c, p) {
		t.Error("CleanICC changed a standard profile")
	}
	for _, f := range imagemeta.ICC(p, "ICC") {
		if !f.Minor || f.Action == scrub.Remove {
			t.Errorf("standard profile finding not minor: %+v", f)
		}
	}
	for _, b := range [][]byte{nil, []byte("short"), make([]byte, 200)} {
		if c, changed := imagemeta.CleanICC(b); changed || !bytes.Equal(c, b) {
			t.Error("damaged profile changed")
		}
	}
}
