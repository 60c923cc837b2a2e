package jpeg_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	stdjpeg "image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(jpeg.New())
	return r
}

// encode returns a baseline JPEG made by Go's encoder: SOI, DQT, SOF0,
// DHT, SOS, data, EOI, and no metadata at all.
func encode(t testing.TB, w, h int, comment string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) * 7), 255})
		}
	}
	var b bytes.Buffer
	if err := stdjpeg.Encode(&b, img, &stdjpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	out := b.Bytes()
	if comment != "" {
		out = afterSOI(out, seg(0xfe, []byte(comment)))
	}
	return out
}

// seg returns a marker segment.
func seg(marker byte, payload []byte) []byte {
	n := len(payload) + 2
	return append([]byte{0xff, marker, byte(n >> 8), byte(n)}, payload...)
}

func afterSOI(img []byte, segs ...[]byte) []byte {
	out := append([]byte(nil), img[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, img[2:]...)
}

// before inserts raw bytes before the first segment with the marker (in
// a file whose structure is plain, as Go's encoder writes it).
func before(img []byte, marker byte, raw ...[]byte) []byte {
	p := 2
	for p+4 <= len(img) && img[p+1] != marker {
		p += 2 + int(binary.BigEndian.Uint16(img[p+2:]))
	}
	out := append([]byte(nil), img[:p]...)
	for _, r := range raw {
		out = append(out, r...)
	}
	return append(out, img[p:]...)
}

func decodeErr(b []byte) (image.Image, string, error) { return image.Decode(bytes.NewReader(b)) }

func decode(t testing.TB, b []byte) image.Image {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return img
}

// samePixels fails unless a and b decode to identical pixels.
func samePixels(t testing.TB, a, b []byte) {
	t.Helper()
	ia, ib := decode(t, a), decode(t, b)
	if ia.Bounds() != ib.Bounds() {
		t.Fatalf("bounds changed: %v -> %v", ia.Bounds(), ib.Bounds())
	}
	switch a := ia.(type) {
	case *image.YCbCr:
		b, ok := ib.(*image.YCbCr)
		if !ok || a.SubsampleRatio != b.SubsampleRatio || !bytes.Equal(a.Y, b.Y) || !bytes.Equal(a.Cb, b.Cb) || !bytes.Equal(a.Cr, b.Cr) {
			t.Fatal("pixels changed")
		}
		return
	case *image.Gray:
		if b, ok := ib.(*image.Gray); !ok || !bytes.Equal(a.Pix, b.Pix) {
			t.Fatal("pixels changed")
		}
		return
	case *image.CMYK:
		if b, ok := ib.(*image.CMYK); !ok || !bytes.Equal(a.Pix, b.Pix) {
			t.Fatal("pixels changed")
		}
		return
	case *image.RGBA:
		if b, ok := ib.(*image.RGBA); !ok || !bytes.Equal(a.Pix, b.Pix) {
			t.Fatal("pixels changed")
		}
		return
	}
	r := ia.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if ia.At(x, y) != ib.At(x, y) {
				t.Fatalf("pixel (%d,%d) changed: %v -> %v", x, y, ia.At(x, y), ib.At(x, y))
			}
		}
	}
}

// segments lists the markers and payloads of a JPEG up to the first SOS.
type segment struct {
	marker  byte
	payload []byte
}

func segments(t testing.TB, b []byte) []segment {
	t.Helper()
	var out []segment
	p := 2
	for p+4 <= len(b) {
		if b[p] != 0xff {
			t.Fatalf("no marker at %d", p)
		}
		m := b[p+1]
		n := int(binary.BigEndian.Uint16(b[p+2:]))
		out = append(out, segment{m, b[p+4 : p+2+n]})
		if m == 0xda {
			break
		}
		p += 2 + n
	}
	return out
}

func countMarker(b []byte, m byte) int { return bytes.Count(b, []byte{0xff, m}) }

const (
	plantedGPS       = "PLANTED-GPS-7781"
	plantedMake      = "PLANTED-MAKE-1001"
	plantedModel     = "PLANTED-MODEL-1002"
	plantedSerial    = "PLANTED-SERIAL-1003"
	plantedArtist    = "PLANTED-ARTIST-1004"
	plantedSoftware  = "PLANTED-SOFTWARE-1005"
	plantedThumb     = "PLANTED-THUMB-1006"
	plantedDate      = "1999:12:31 23:59:58"
	plantedLens      = "PLANTED-LENSSERIAL-1010"
	plantedUser      = "PLANTED-USERCOMMENT-1011"
	plantedCopyright = "PLANTED-COPYRIGHT-1012"
	plantedHost      = "PLANTED-HOST-1013"
	plantedXMPName   = "PLANTED-XMPCREATOR-2001"
	plantedDocID     = "xmp.did:PLANTED-DOCID-2002"
	plantedTool      = "PLANTED-TOOL-2003"
	plantedExtXMP    = "PLANTED-EXTXMP-2004"
	plantedByline    = "PLANTED-BYLINE-3001"
	plantedIPTCCity  = "PLANTED-CITY-3002"
	plantedPSThumb   = "PLANTED-PSTHUMB-3003"
	plantedComment   = "PLANTED-COMMENT-4001"
	plantedJFIFThumb = "PLNTDJFIFTH5" // 2x2 RGB thumbnail: 12 bytes
	plantedJFXX      = "PLANTED-JFXX-5002"
	plantedMPF       = "PLANTED-MPF-6001"
	plantedDucky     = "PLANTED-DUCKY-6002"
	plantedC2PA      = "PLANTED-C2PA-6003"
	plantedAdobe     = "PLANTED-ADOBE-6004"
	plantedStray     = "PLANTED-STRAY-8001"
	plantedLateAPP   = "PLANTED-APP15-8002"
	plantedTrailJPEG = "PLANTED-TRAILJPEG-7001"
	plantedTrailZip  = "PLANTED-TRAILZIP-7002"
	iccDesc          = "KEPT-ICC-DESCRIPTION-9001"
)

var allPlanted = []string{
	plantedGPS, plantedMake, plantedModel, plantedSerial, plantedArtist, plantedSoftware, plantedThumb,
	plantedDate, plantedLens, plantedUser, plantedCopyright, plantedHost, plantedXMPName, plantedDocID,
	plantedTool, plantedExtXMP, plantedByline, plantedIPTCCity, plantedPSThumb, plantedComment,
	plantedJFIFThumb, plantedJFXX, plantedMPF, plantedDucky, plantedC2PA, plantedAdobe, plantedStray,
	plantedLateAPP, plantedTrailJPEG, plantedTrailZip,
}

// exifBlock returns an EXIF block with GPS, camera, owner and software
// tags, the given orientation (0: none) and a thumbnail.
func exifBlock(t testing.TB, order binary.ByteOrder, orientation uint16) []byte {
	e := metatest.EXIF{
		Order: order,
		IFD0: []metatest.Entry{
			{Tag: 0x010f, Value: plantedMake},
			{Tag: 0x0110, Value: plantedModel},
			{Tag: 0x0131, Value: plantedSoftware},
			{Tag: 0x013b, Value: plantedArtist},
			{Tag: 0x013c, Value: plantedHost},
			{Tag: 0x8298, Value: plantedCopyright},
			{Tag: 0x011a, Value: [][2]uint32{{72, 1}}},
		},
		Exif: []metatest.Entry{
			{Tag: 0x9003, Value: plantedDate},
			{Tag: 0xa431, Value: plantedSerial},
			{Tag: 0xa435, Value: plantedLens},
			{Tag: 0x9286, Value: []byte("ASCII\x00\x00\x00" + plantedUser)},
			{Tag: 0x829a, Value: [][2]uint32{{1, 250}}},
		},
		GPS: []metatest.Entry{
			{Tag: 0x0000, Value: []byte{2, 3, 0, 0}},
			{Tag: 0x0001, Value: "N"},
			{Tag: 0x0002, Value: [][2]uint32{{48, 1}, {51, 1}, {2964, 100}}},
			{Tag: 0x0003, Value: "E"},
			{Tag: 0x0004, Value: [][2]uint32{{2, 1}, {17, 1}, {4012, 100}}},
			{Tag: 0x0012, Value: plantedGPS},
		},
		Interop:   []metatest.Entry{{Tag: 0x0001, Value: "R98"}},
		Thumbnail: encode(t, 16, 16, plantedThumb),
	}
	if orientation != 0 {
		e.IFD0 = append(e.IFD0, metatest.Entry{Tag: 0x0112, Value: []uint16{orientation}})
	}
	return e.Bytes()
}

// dirty builds a JPEG with every kind of metadata segment scrub removes,
// stray data, fill bytes, a segment after the frame header and data after
// the end of the image.
func dirty(t testing.TB, order binary.ByteOrder, orientation uint16) []byte {
	base := encode(t, 64, 48, "")
	xmp := metatest.XMP([][2]string{
		{"dc:creator", plantedXMPName},
		{"xmpMM:DocumentID", plantedDocID},
		{"xmp:CreatorTool", plantedTool},
		{"xmpNote:HasExtendedXMP", "0123456789ABCDEF0123456789ABCDEF"},
	})
	ext := metatest.XMP([][2]string{{"photoshop:City", plantedExtXMP}})
	extSeg := []byte("http://ns.adobe.com/xmp/extension/\x00" + "0123456789ABCDEF0123456789ABCDEF")
	extSeg = binary.BigEndian.AppendUint32(extSeg, uint32(len(ext)))
	extSeg = binary.BigEndian.AppendUint32(extSeg, 0)
	extSeg = append(extSeg, ext...)
	jfif := append([]byte("JFIF\x00\x01\x02\x01\x00\x48\x00\x48\x02\x02"), plantedJFIFThumb...)
	icc := append([]byte("ICC_PROFILE\x00\x01\x01"), metatest.ICC(iccDesc, "Copyright nobody")...)
	adobe := append([]byte("Adobe\x00\x64\x00\x00\x00\x00\x01"), plantedAdobe...)
	ps := append([]byte("Photoshop 3.0\x00"), metatest.Photoshop(
		metatest.IPTC(map[byte]string{80: plantedByline, 90: plantedIPTCCity}), []byte(plantedPSThumb))...)
	img := afterSOI(base,
		seg(0xe0, jfif),
		seg(0xe1, append([]byte("Exif\x00\x00"), exifBlock(t, order, orientation)...)),
		seg(0xe1, append([]byte("http://ns.adobe.com/xap/1.0/\x00"), xmp...)),
		seg(0xe1, extSeg),
		seg(0xe2, icc),
		seg(0xe2, []byte("MPF\x00MM\x00*\x00\x00\x00\x08"+plantedMPF)),
		seg(0xec, []byte("Ducky\x00\x01\x00\x04\x00\x00\x00\x50"+plantedDucky)),
		seg(0xed, ps),
		seg(0xee, adobe),
		seg(0xfe, []byte(plantedComment)),
		seg(0xe0, []byte("JFXX\x00\x10"+plantedJFXX)),
		seg(0xeb, []byte("JP\x00\x00\x00\x00jumb c2pa "+plantedC2PA)),
	)
	img = before(img, 0xda, seg(0xef, []byte(plantedLateAPP)))        // APP after SOF
	img = before(img, 0xdb, []byte(plantedStray), []byte{0xff, 0xff}) // stray data, fill bytes
	img = append(img, encode(t, 8, 8, plantedTrailJPEG)...)
	img = append(img, "PK\x03\x04"+plantedTrailZip...)
	return img
}

func TestRoundTrip(t *testing.T) {
	reg := registry()
	in := dirty(t, binary.BigEndian, 6)
	samePixels(t, in, encode(t, 64, 48, "")) // the fixture decodes as the plain image
	out := scrubtest.RoundTrip(t, reg, "dirty.jpg", in, allPlanted...)
	samePixels(t, in, out)
	if !bytes.Contains(out, []byte("ICC_PROFILE\x00\x01\x01")) || !bytes.Contains(out, []byte("acsp")) {
		t.Error("the ICC profile was not kept")
	}
	if scrubtest.Contains(out, iccDesc) {
		t.Error("the ICC profile's description was kept")
	}
	// Nothing but what decoding needs, and one orientation-only EXIF.
	var markers []byte
	for _, s := range segments(t, out) {
		markers = append(markers, s.marker)
		if s.marker == 0xe1 && !bytes.Equal(s.payload, append([]byte("Exif\x00\x00"), imagemeta.OrientationEXIF(6)...)) {
			t.Errorf("APP1 is not the minimal orientation EXIF: %q", s.payload)
		}
		if s.marker == 0xe0 && len(s.payload) != 14 {
			t.Errorf("JFIF segment kept %d bytes, want 14", len(s.payload))
		}
		if s.marker == 0xee && len(s.payload) != 12 {
			t.Errorf("Adobe segment kept %d bytes, want 12", len(s.payload))
		}
	}
	want := []byte{0xe0, 0xe1, 0xe2, 0xee, 0xdb, 0xc0, 0xc4, 0xda}
	if !bytes.Equal(markers, want) {
		t.Errorf("segments after cleaning: % x, want % x", markers, want)
	}
	if !bytes.HasSuffix(out, []byte{0xff, 0xd9}) {
		t.Error("output does not end with EOI")
	}
	_, o := imagemeta.EXIF(imagemeta.OrientationEXIF(6), "")
	if o != 6 {
		t.Errorf("minimal EXIF orientation = %d", o)
	}
}

func TestFindings(t *testing.T) {
	reg := registry()
	fs := scrubtest.Inspect(t, reg, "dirty.jpg", dirty(t, binary.LittleEndian, 6))
	want := []struct {
		field, value string
		kind         scrub.Kind
	}{
		{"Make", plantedMake, scrub.KindDevice},
		{"Model", plantedModel, scrub.KindDevice},
		{"BodySerialNumber", plantedSerial, scrub.KindDevice},
		{"LensSerialNumber", plantedLens, scrub.KindDevice},
		{"Artist", plantedArtist, scrub.KindPerson},
		{"Copyright", plantedCopyright, scrub.KindPerson},
		{"Software", plantedSoftware, scrub.KindSoftware},
		{"HostComputer", plantedHost, scrub.KindMachine},
		{"DateTimeOriginal", plantedDate, scrub.KindTime},
		{"UserComment", plantedUser, scrub.KindComment},
		{"GPSMapDatum", plantedGPS, scrub.KindLocation},
		{"GPSPosition", "48.858233 N, 2.294478 E", scrub.KindLocation},
		{"ThumbnailImage", "", scrub.KindHidden},
		{"dc:creator", plantedXMPName, scrub.KindPerson},
		{"xmpMM:DocumentID", plantedDocID, scrub.KindEditHistory},
		{"xmp:CreatorTool", plantedTool, scrub.KindSoftware},
		{"x:xmptk", "metatest 1.0", scrub.KindSoftware},
		{"photoshop:City", plantedExtXMP, scrub.KindLocation},
		{"By-line", plantedByline, scrub.KindPerson},
		{"City", plantedIPTCCity, scrub.KindLocation},
		{"Comment", plantedComment, scrub.KindComment},
		{"multi-picture index", "", scrub.KindOther},
		{"content credentials", "", scrub.KindEditHistory},
		{"stray data", "", scrub.KindHidden},
		{"trailing data", "", scrub.KindHidden},
		{"Comment", plantedTrailJPEG, scrub.KindComment}, // in the image after the end
		{"Ducky", "", scrub.KindOther},
		{"extra data", "", scrub.KindHidden}, // Adobe
	}
	for _, w := range want {
		found := false
		for _, f := range fs {
			if f.Field == w.field && (w.value == "" || strings.Contains(f.Value, w.value)) && f.Kind == w.kind {
				found = true
				if f.Action != scrub.Remove {
					t.Errorf("%s: action %s, want remove", w.field, f.Action)
				}
			}
		}
		if !found {
			t.Errorf("no %s finding %q of kind %s", w.field, w.value, w.kind)
		}
	}
	var icc, orient bool
	for _, f := range fs {
		switch {
		case f.Field == "ProfileDescription" && f.Value == iccDesc:
			icc = f.Action == scrub.Remove && f.Kind == scrub.KindSoftware && f.Label == scrub.LabelColour
		case f.Field == "Orientation":
			orient = f.Action == scrub.Report
		case strings.Contains(f.Value, "R98"):
			t.Errorf("technical tag listed: %+v", f)
		}
	}
	if !icc || !orient {
		t.Errorf("ICC description (remove) found: %v, orientation (report) found: %v", icc, orient)
	}
}

func TestWarnings(t *testing.T) {
	_, ws := scrubtest.Clean(t, registry(), "dirty.jpg", dirty(t, binary.BigEndian, 0), scrub.Policy{})
	var trailing, c2pa bool
	for _, w := range ws {
		trailing = trailing || strings.Contains(w.Message, "after the end of the image")
		c2pa = c2pa || strings.Contains(w.Message, "C2PA")
	}
	if !trailing || !c2pa {
		t.Errorf("warnings %+v: want one about trailing data and one about C2PA", ws)
	}
}

func TestOrientation(t *testing.T) {
	reg := registry()
	for _, tc := range []struct {
		name  string
		order binary.ByteOrder
		o     uint16
		want  []byte // APP1 payload after cleaning; nil: none
	}{
		{"big-endian 6", binary.BigEndian, 6, append([]byte("Exif\x00\x00"), imagemeta.OrientationEXIF(6)...)},
		{"little-endian 3", binary.LittleEndian, 3, append([]byte("Exif\x00\x00"), imagemeta.OrientationEXIF(3)...)},
		{"upright", binary.BigEndian, 1, nil},
		{"none", binary.LittleEndian, 0, nil},
		{"invalid 9", binary.BigEndian, 9, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := afterSOI(encode(t, 16, 16, ""), seg(0xe1, append([]byte("Exif\x00\x00"), exifBlock(t, tc.order, tc.o)...)))
			out := scrubtest.RoundTrip(t, reg, "o.jpg", in, plantedMake, plantedGPS)
			var got []byte
			for _, s := range segments(t, out) {
				if s.marker == 0xe1 {
					if got != nil {
						t.Fatal("two APP1 segments")
					}
					got = s.payload
				}
			}
			if !bytes.Equal(got, tc.want) {
				t.Errorf("APP1 = %q, want %q", got, tc.want)
			}
			// The minimal EXIF alone inspects as clean and cleans to itself.
			if fs := scrubtest.Inspect(t, reg, "o.jpg", out); scrub.Removable(fs) {
				t.Errorf("cleaned output has removable findings: %+v", fs)
			}
		})
	}
}

// A minimal orientation EXIF that is not the first EXIF segment is a
// duplicate and goes.
func TestDuplicateMinimalEXIF(t *testing.T) {
	min := seg(0xe1, append([]byte("Exif\x00\x00"), imagemeta.OrientationEXIF(8)...))
	in := afterSOI(encode(t, 16, 16, ""), min, min, seg(0xe1, append([]byte("Exif\x00\x00"), exifBlock(t, nil, 3)...)))
	out := scrubtest.RoundTrip(t, registry(), "d.jpg", in, plantedMake)
	if n := countMarker(out, 0xe1); n != 1 {
		t.Errorf("%d APP1 segments, want 1", n)
	}
	if !bytes.Contains(out, imagemeta.OrientationEXIF(8)) {
		t.Error("the first EXIF's orientation was not kept")
	}
}

// XMP stored in an APP1 that claims to be EXIF is still listed and removed.
func TestXMPUnderEXIFHeader(t *testing.T) {
	xmp := metatest.XMP([][2]string{{"dc:creator", "PLANTED-FAKEEXIF-1"}})
	in := afterSOI(encode(t, 16, 16, ""), seg(0xe1, append([]byte("Exif\x00\x00"), xmp...)))
	scrubtest.RoundTrip(t, registry(), "x.jpg", in, "PLANTED-FAKEEXIF-1")
	for _, f := range scrubtest.Inspect(t, registry(), "x.jpg", in) {
		if f.Field == "dc:creator" && f.Value == "PLANTED-FAKEEXIF-1" && f.Kind == scrub.KindPerson {
			return
		}
	}
	t.Error("dc:creator not listed")
}

// goTestdata returns a JPEG from Go's own test images (progressive,
// restart markers, CMYK, RGB), or skips.
func goTestdata(t *testing.T, name string) []byte {
	t.Helper()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skip("go env GOROOT:", err)
	}
	b, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "src", "image", "testdata", name))
	if err != nil {
		t.Skip("Go's image test data is not installed:", err)
	}
	return b
}

// Progressive, multi-scan, restart-marker, CMYK (Adobe) and RGB JPEGs keep
// their scans byte for byte and decode to the same pixels.
func TestStructures(t *testing.T) {
	reg := registry()
	for _, name := range []string{
		"video-001.progressive.jpeg",
		"video-001.q50.420.progressive.jpeg",
		"video-001.separate.dc.progression.progressive.jpeg",
		"video-001.restart2.jpeg",
		"video-001.cmyk.jpeg",
		"video-001.rgb.jpeg",
		"video-005.gray.q50.2x2.progressive.jpeg",
	} {
		t.Run(name, func(t *testing.T) {
			orig := goTestdata(t, name)
			in := afterSOI(orig,
				seg(0xe1, append([]byte("Exif\x00\x00"), exifBlock(t, nil, 0)...)),
				seg(0xfe, []byte(plantedComment)))
			in = before(in, 0xda, seg(0xed, []byte("Photoshop 3.0\x00"+plantedByline)))
			out := scrubtest.RoundTrip(t, reg, name, in, plantedMake, plantedComment, plantedByline)
			samePixels(t, orig, out)
			for _, m := range []byte{0xda, 0xc4, 0xdb, 0xdd, 0xd0, 0xd1, 0xd7, 0xee} {
				if countMarker(orig, m) != countMarker(out, m) {
					t.Errorf("marker 0xFF%02X: %d before, %d after", m, countMarker(orig, m), countMarker(out, m))
				}
			}
			// Everything from the first DQT on is unchanged, but the
			// segments scrub inserted or removed.
			if i, j := bytes.Index(orig, []byte{0xff, 0xdb}), bytes.Index(out, []byte{0xff, 0xdb}); !bytes.Equal(orig[i:], out[j:]) {
				t.Error("the tables and scans changed")
			}
		})
	}
}

// An image that is already clean (Go's encoder writes no metadata) comes
// out unchanged.
func TestAlreadyClean(t *testing.T) {
	in := encode(t, 33, 17, "")
	reg := registry()
	if fs := scrubtest.Inspect(t, reg, "c.jpg", in); len(fs) != 0 {
		t.Errorf("findings on a clean image: %+v", fs)
	}
	out, _ := scrubtest.Clean(t, reg, "c.jpg", in, scrub.Policy{})
	if !bytes.Equal(in, out) {
		t.Error("cleaning a clean image changed it")
	}
}

func TestIdentify(t *testing.T) {
	h := jpeg.New()
	for _, tc := range []struct {
		head []byte
		want string
	}{
		{encode(t, 8, 8, ""), "jpeg"},
		{[]byte{0xff, 0xd8, 0xff}, "jpeg"},
		{[]byte{0xff, 0xd8}, ""},
		{[]byte("\x89PNG\r\n\x1a\n"), ""},
		{[]byte("%PDF-1.7"), ""},
		{nil, ""},
	} {
		got, err := h.Identify(tc.head, bytes.NewReader(tc.head), int64(len(tc.head)))
		if err != nil || got != tc.want {
			t.Errorf("Identify(% x) = %q, %v; want %q", tc.head[:min(len(tc.head), 4)], got, err, tc.want)
		}
	}
	if f := h.Formats(); len(f) != 1 || f[0].Name != "jpeg" || f[0].Description != "JPEG image" {
		t.Errorf("Formats() = %+v", f)
	}
}

func TestCancel(t *testing.T) {
	in := dirty(t, nil, 6)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	if _, err := jpeg.New().Inspect(ctx, env, bytes.NewReader(in), int64(len(in))); err != context.Canceled {
		t.Errorf("Inspect with a cancelled context: %v", err)
	}
	if _, err := jpeg.New().Clean(ctx, env, bytes.NewReader(in), int64(len(in)), new(bytes.Buffer)); err != context.Canceled {
		t.Errorf("Clean with a cancelled context: %v", err)
	}
}

// A macOS display profile's serial number is removed, even when it spans
// two ICC chunks; the rest of the profile is kept.
func TestDisplaySerial(t *testing.T) {
	prof := metatest.ICCDisplay("Color LCD", 0x53335231, 0x44345433) // "S3R1", "D4T3"
	at := bytes.Index(prof, []byte("S3R1")) + 2
	chunk := func(seq byte, b []byte) []byte {
		return seg(0xe2, append([]byte{'I', 'C', 'C', '_', 'P', 'R', 'O', 'F', 'I', 'L', 'E', 0, seq, 2}, b...))
	}
	// Chunks in reverse file order: the sequence numbers decide.
	in := afterSOI(encode(t, 16, 16, ""), chunk(2, prof[at:]), chunk(1, prof[:at]))
	reg := registry()
	out := scrubtest.RoundTrip(t, reg, "s.jpg", in, "R1D4T3", "Color LCD", "mmod") // "S3" is in the first chunk
	if countMarker(out, 0xe2) != 1 || !bytes.Contains(out, []byte("acsp")) {
		t.Error("the cleaned profile was not kept in one chunk")
	}
	if fs := scrubtest.Inspect(t, reg, "s.jpg", in); !strings.Contains(fmt.Sprint(fs), "DisplaySerialNumber") {
		t.Errorf("serial not listed: %+v", fs)
	}
	// Inconsistent chunks cannot be rebuilt: the profile goes whole.
	bad := afterSOI(encode(t, 16, 16, ""), chunk(1, prof[at:]), chunk(1, prof[:at]))
	if fs := scrubtest.Inspect(t, reg, "b.jpg", bad); !scrub.Removable(fs) {
		t.Errorf("inconsistent ICC chunks not listed for removal: %+v", fs)
	}
	clean, _ := scrubtest.Clean(t, reg, "b.jpg", bad, scrub.Policy{})
	if countMarker(clean, 0xe2) != 0 {
		t.Error("inconsistent ICC chunks were kept")
	}
}

// Frame types Go cannot decode (arithmetic coding, 12-bit precision,
// lossless, hierarchical) are copied as they are: only the metadata
// around them goes.
func TestOtherFrames(t *testing.T) {
	base := encode(t, 16, 16, "")
	sof := bytes.Index(base, []byte{0xff, 0xc0})
	for _, tc := range []struct {
		name   string
		sof    byte
		extra  []byte // segments inserted before the frame header
		adjust func(b []byte)
	}{
		{"arithmetic", 0xc9, seg(0xcc, []byte{0x00, 0x10, 0x10, 0x05}), nil},
		{"12-bit extended", 0xc1, nil, func(b []byte) { b[sof+4] = 12 }},
		{"lossless", 0xc3, nil, nil},
		{"hierarchical", 0xc0, seg(0xde, append([]byte{8, 0, 16, 0, 16, 3}, base[sof+10:sof+19]...)), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img := append([]byte(nil), base...)
			img[sof+1] = tc.sof
			if tc.adjust != nil {
				tc.adjust(img)
			}
			img = before(img, tc.sof, tc.extra)
			in := afterSOI(img, seg(0xe1, append([]byte("Exif\x00\x00"), exifBlock(t, nil, 0)...)))
			in = before(in, 0xda, seg(0xfe, []byte(plantedComment)))
			out := scrubtest.RoundTrip(t, registry(), "f.jpg", in, plantedMake, plantedComment)
			if !bytes.Equal(out, img) {
				t.Error("the frame was not copied as it is")
			}
		})
	}
}
