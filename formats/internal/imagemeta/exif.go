package imagemeta

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/scrub-project/scrub/scrub"
)

// Limits of the IFD walk: a real EXIF block has about six IFDs of a few
// hundred entries.
const (
	maxIFDs       = 64
	maxIFDEntries = 2000
)

// tagInfo names an identifying tag and says what it reveals.
type tagInfo struct {
	name string
	kind scrub.Kind
}

// ifdTags are the identifying tags of IFD0/IFD1, the Exif IFD and the
// sub-IFDs (they share one number space). Tags not listed are counted in
// one "other tags" finding.
var ifdTags = map[uint16]tagInfo{
	0x010d: {"DocumentName", scrub.KindPath},
	0x010e: {"ImageDescription", scrub.KindComment},
	0x010f: {"Make", scrub.KindDevice},
	0x0110: {"Model", scrub.KindDevice},
	0x011d: {"PageName", scrub.KindOther},
	0x0131: {"Software", scrub.KindSoftware},
	0x0132: {"ModifyDate", scrub.KindTime},
	0x013b: {"Artist", scrub.KindPerson},
	0x013c: {"HostComputer", scrub.KindMachine},
	0x8298: {"Copyright", scrub.KindPerson},
	0x882a: {"TimeZoneOffset", scrub.KindTime},
	0x9003: {"DateTimeOriginal", scrub.KindTime},
	0x9004: {"CreateDate", scrub.KindTime},
	0x9010: {"OffsetTime", scrub.KindTime},
	0x9011: {"OffsetTimeOriginal", scrub.KindTime},
	0x9012: {"OffsetTimeDigitized", scrub.KindTime},
	0x9286: {"UserComment", scrub.KindComment},
	0x9290: {"SubSecTime", scrub.KindTime},
	0x9291: {"SubSecTimeOriginal", scrub.KindTime},
	0x9292: {"SubSecTimeDigitized", scrub.KindTime},
	0x927c: {"MakerNote", scrub.KindDevice},
	0x9c9b: {"XPTitle", scrub.KindOther},
	0x9c9c: {"XPComment", scrub.KindComment},
	0x9c9d: {"XPAuthor", scrub.KindPerson},
	0x9c9e: {"XPKeywords", scrub.KindOther},
	0x9c9f: {"XPSubject", scrub.KindOther},
	0xa420: {"ImageUniqueID", scrub.KindOther},
	0xa430: {"CameraOwnerName", scrub.KindPerson},
	0xa431: {"BodySerialNumber", scrub.KindDevice},
	0xa433: {"LensMake", scrub.KindDevice},
	0xa434: {"LensModel", scrub.KindDevice},
	0xa435: {"LensSerialNumber", scrub.KindDevice},
	0xa436: {"ImageTitle", scrub.KindOther},
	0xa437: {"Photographer", scrub.KindPerson},
	0xa438: {"ImageEditor", scrub.KindPerson},
	0xa439: {"CameraFirmware", scrub.KindSoftware},
	0xa43a: {"RAWDevelopingSoftware", scrub.KindSoftware},
	0xa43b: {"ImageEditingSoftware", scrub.KindSoftware},
	0xa43c: {"MetadataEditingSoftware", scrub.KindSoftware},
	0xc614: {"UniqueCameraModel", scrub.KindDevice},
	0xc615: {"LocalizedCameraModel", scrub.KindDevice},
	0xc62f: {"CameraSerialNumber", scrub.KindDevice},
	0xc68b: {"OriginalRawFileName", scrub.KindPath},
	0xfde8: {"OwnerName", scrub.KindPerson},
	0xfde9: {"SerialNumber", scrub.KindDevice},
	0xfdea: {"Lens", scrub.KindDevice},
	0xfe4c: {"RawFile", scrub.KindPath},
	0xfe4d: {"Converter", scrub.KindSoftware},
}

// gpsTags names the GPS IFD's tags; all but the version reveal where (or
// when) the picture was taken.
var gpsTags = map[uint16]tagInfo{
	0x01: {"GPSLatitudeRef", scrub.KindLocation},
	0x02: {"GPSLatitude", scrub.KindLocation},
	0x03: {"GPSLongitudeRef", scrub.KindLocation},
	0x04: {"GPSLongitude", scrub.KindLocation},
	0x05: {"GPSAltitudeRef", scrub.KindLocation},
	0x06: {"GPSAltitude", scrub.KindLocation},
	0x07: {"GPSTimeStamp", scrub.KindTime},
	0x08: {"GPSSatellites", scrub.KindLocation},
	0x09: {"GPSStatus", scrub.KindLocation},
	0x0a: {"GPSMeasureMode", scrub.KindLocation},
	0x0b: {"GPSDOP", scrub.KindLocation},
	0x0c: {"GPSSpeedRef", scrub.KindLocation},
	0x0d: {"GPSSpeed", scrub.KindLocation},
	0x0e: {"GPSTrackRef", scrub.KindLocation},
	0x0f: {"GPSTrack", scrub.KindLocation},
	0x10: {"GPSImgDirectionRef", scrub.KindLocation},
	0x11: {"GPSImgDirection", scrub.KindLocation},
	0x12: {"GPSMapDatum", scrub.KindLocation},
	0x13: {"GPSDestLatitudeRef", scrub.KindLocation},
	0x14: {"GPSDestLatitude", scrub.KindLocation},
	0x15: {"GPSDestLongitudeRef", scrub.KindLocation},
	0x16: {"GPSDestLongitude", scrub.KindLocation},
	0x17: {"GPSDestBearingRef", scrub.KindLocation},
	0x18: {"GPSDestBearing", scrub.KindLocation},
	0x19: {"GPSDestDistanceRef", scrub.KindLocation},
	0x1a: {"GPSDestDistance", scrub.KindLocation},
	0x1b: {"GPSProcessingMethod", scrub.KindLocation},
	0x1c: {"GPSAreaInformation", scrub.KindLocation},
	0x1d: {"GPSDateStamp", scrub.KindTime},
	0x1e: {"GPSDifferential", scrub.KindLocation},
	0x1f: {"GPSHPositioningError", scrub.KindLocation},
}

// Tags with special handling.
const (
	tagOrientation  = 0x0112
	tagStripOffsets = 0x0111
	tagSubIFDs      = 0x014a
	tagThumbOffset  = 0x0201
	tagThumbLength  = 0x0202
	tagXMP          = 0x02bc
	tagIPTC         = 0x83bb
	tagPhotoshop    = 0x8649
	tagExifIFD      = 0x8769
	tagGPSIFD       = 0x8825
	tagInteropIFD   = 0xa005
	tagPadding      = 0xea1c
)

type ifdKind int

const (
	ifdMain ifdKind = iota // IFD0 and the IFDs chained after it
	ifdExif
	ifdGPS
	ifdInterop
)

// ExifTIFF returns the TIFF structure of an EXIF block that may start with
// the "Exif\0\0" header: JPEG's APP1 has it, and some writers put it in
// PNG's eXIf, WebP's EXIF chunk and JPEG 2000's EXIF box too.
func ExifTIFF(b []byte) []byte { return bytes.TrimPrefix(b, []byte("Exif\x00\x00")) }

// EXIF lists what an EXIF block reveals. tiff is the TIFF structure (from
// the byte-order mark "II" or "MM" on, without the "Exif\0\0" header). It
// walks IFD0 and the IFDs chained after it (IFD1, the thumbnail), the Exif,
// GPS and interoperability IFDs and sub-IFDs, in either byte order, and
// reads XMP, IPTC and Photoshop blocks stored in tags. All findings have
// Action Remove and the Where given; the Orientation tag is not listed.
// orientation is IFD0's Orientation value, or 0 if there is none.
func EXIF(tiff []byte, where string) (fs []scrub.Finding, orientation int) {
	return exif(tiff, where, 0)
}

func exif(tiff []byte, where string, nest int) ([]scrub.Finding, int) {
	c := &collector{where: where}
	t := &tiffReader{b: tiff, c: c, seen: map[uint32]bool{}, nest: nest}
	if len(tiff) < 8 {
		c.add("EXIF", Describe(tiff), scrub.KindOther)
		return c.done(), 0
	}
	switch {
	case tiff[0] == 'I' && tiff[1] == 'I':
		t.bo = binary.LittleEndian
	case tiff[0] == 'M' && tiff[1] == 'M':
		t.bo = binary.BigEndian
	default:
		c.add("EXIF", "unreadable EXIF block: "+Describe(tiff), scrub.KindOther)
		return c.done(), 0
	}
	// 42 is the TIFF magic; some writers get it wrong, so it is not checked.
	next := t.bo.Uint32(tiff[4:])
	for i := 0; next != 0 && i < maxIFDs; i++ {
		next = t.ifd(next, ifdMain, i)
	}
	t.finish()
	return c.done(), t.orientation
}

type tiffReader struct {
	b           []byte
	bo          binary.ByteOrder
	c           *collector
	seen        map[uint32]bool
	nest        int
	other       int // tags read but not listed
	bad         int // IFDs or values pointing outside the block
	orientation int
	thumbs      []string
	gps         map[uint16][]byte // GPS position parts, for the combined GPSPosition
	gpsType     map[uint16]uint16
}

// typeSize returns the size of one value of a TIFF field type, 0 if the
// type is unknown.
func typeSize(typ uint16) uint64 {
	switch typ {
	case 1, 2, 6, 7: // BYTE ASCII SBYTE UNDEFINED
		return 1
	case 3, 8: // SHORT SSHORT
		return 2
	case 4, 9, 11, 13: // LONG SLONG FLOAT IFD
		return 4
	case 5, 10, 12: // RATIONAL SRATIONAL DOUBLE
		return 8
	}
	return 0
}

// ifd reads the IFD at off and returns the offset of the next IFD in its
// chain (0 at the end, or when the IFD was already read or is out of
// bounds).
func (t *tiffReader) ifd(off uint32, kind ifdKind, index int) uint32 {
	if t.seen[off] || len(t.seen) >= maxIFDs {
		return 0
	}
	t.seen[off] = true
	b := t.b
	if uint64(off)+2 > uint64(len(b)) {
		t.bad++
		return 0
	}
	n := int(t.bo.Uint16(b[off:]))
	start := uint64(off) + 2
	if n > maxIFDEntries || start+uint64(n)*12 > uint64(len(b)) {
		// Read the entries that fit.
		n = min(n, maxIFDEntries, int((uint64(len(b))-start)/12))
		t.bad++
	}
	var thumbOff, thumbLen uint64
	var strips bool
	for i := 0; i < n; i++ {
		e := b[start+uint64(i)*12:][:12]
		tag := t.bo.Uint16(e)
		typ := t.bo.Uint16(e[2:])
		count := uint64(t.bo.Uint32(e[4:]))
		size := typeSize(typ) * count
		var val []byte
		switch {
		case typeSize(typ) == 0:
			t.other++
			continue
		case size <= 4:
			val = e[8 : 8+size]
		default:
			p := uint64(t.bo.Uint32(e[8:]))
			if p+size > uint64(len(b)) {
				t.bad++
				continue
			}
			val = b[p : p+size]
		}
		if kind == ifdGPS {
			t.gpsTag(tag, typ, val)
			continue
		}
		switch tag {
		case tagOrientation:
			if kind == ifdMain && index == 0 && len(val) >= 2 && typ == 3 {
				t.orientation = int(t.bo.Uint16(val))
			}
		case tagExifIFD:
			t.sub(e, typ, val, ifdExif)
		case tagGPSIFD:
			t.sub(e, typ, val, ifdGPS)
		case tagInteropIFD:
			t.sub(e, typ, val, ifdInterop)
		case tagSubIFDs:
			for j := 0; j+4 <= len(val) && j < 4*16; j += 4 {
				if typ == 4 || typ == 13 {
					t.subChain(t.bo.Uint32(val[j:]))
				}
			}
		case tagThumbOffset:
			thumbOff = t.uint(typ, val)
		case tagThumbLength:
			thumbLen = t.uint(typ, val)
		case tagStripOffsets:
			strips = true
			t.other++
		case tagXMP:
			t.nested(val, "XMP")
		case tagIPTC:
			t.nested(val, "IPTC")
		case tagPhotoshop:
			t.nested(val, "Photoshop")
		case tagPadding:
			// Microsoft's reserve space: zeros.
		default:
			info, ok := ifdTags[tag]
			if !ok {
				t.other++
				continue
			}
			v := t.value(tag, typ, val)
			if v == "" {
				t.other++
				continue
			}
			t.c.add(info.name, v, info.kind)
		}
	}
	switch {
	case thumbOff != 0 || thumbLen != 0:
		if kind == ifdMain && index == 1 {
			t.thumbs = append(t.thumbs, fmt.Sprintf("%d-byte JPEG thumbnail", thumbLen))
		} else {
			t.thumbs = append(t.thumbs, fmt.Sprintf("%d-byte JPEG preview image", thumbLen))
		}
	case strips && kind == ifdMain && index > 0:
		t.thumbs = append(t.thumbs, "uncompressed thumbnail")
	}
	end := start + uint64(n)*12
	if end+4 > uint64(len(b)) || kind != ifdMain {
		return 0
	}
	return t.bo.Uint32(b[end:])
}

// sub follows a pointer tag to a sub-IFD. Writers sometimes store the
// pointer with the wrong type; the first four bytes are used then.
func (t *tiffReader) sub(e []byte, typ uint16, val []byte, kind ifdKind) {
	var off uint32
	switch {
	case typ == 3 && len(val) >= 2:
		off = uint32(t.bo.Uint16(val))
	case len(val) >= 4:
		off = t.bo.Uint32(val)
	default:
		off = t.bo.Uint32(e[8:])
	}
	t.ifd(off, kind, 0)
}

// subChain reads a sub-IFD (a DNG preview) and the IFDs chained to it.
func (t *tiffReader) subChain(off uint32) {
	for i := 0; off != 0 && i < maxIFDs; i++ {
		// Chained sub-IFDs count as main IFDs beyond IFD0 so that their
		// thumbnails are listed.
		off = t.ifd(off, ifdMain, i+100)
	}
}

func (t *tiffReader) uint(typ uint16, val []byte) uint64 {
	switch {
	case typ == 3 && len(val) >= 2:
		return uint64(t.bo.Uint16(val))
	case (typ == 4 || typ == 13) && len(val) >= 4:
		return uint64(t.bo.Uint32(val))
	}
	return 0
}

// nested reads an XMP, IPTC or Photoshop block stored in a tag.
func (t *tiffReader) nested(val []byte, what string) {
	if t.nest >= maxNest {
		t.c.add(what, Describe(val), scrub.KindOther)
		return
	}
	where := t.c.where + " > " + what
	switch what {
	case "XMP":
		t.c.merge(XMP(val, where))
	case "IPTC":
		t.c.merge(IPTC(val, where))
	default:
		t.c.merge(photoshop(val, where, t.nest+1))
	}
}

func (t *tiffReader) gpsTag(tag, typ uint16, val []byte) {
	info, ok := gpsTags[tag]
	if !ok {
		// GPSVersionID and unknown tags.
		t.other++
		return
	}
	switch tag {
	case 0x01, 0x02, 0x03, 0x04:
		if t.gps == nil {
			t.gps, t.gpsType = map[uint16][]byte{}, map[uint16]uint16{}
		}
		t.gps[tag], t.gpsType[tag] = val, typ
	}
	v := t.value(tag, typ, val)
	if tag == 0x1b || tag == 0x1c {
		v = t.comment(val)
	}
	if v == "" {
		t.other++
		return
	}
	t.c.add(info.name, v, info.kind)
}

// finish adds the findings gathered over the whole walk.
func (t *tiffReader) finish() {
	if pos := t.position(); pos != "" {
		t.c.add("GPSPosition", pos, scrub.KindLocation)
	}
	for _, th := range t.thumbs {
		t.c.add("ThumbnailImage", th, scrub.KindHidden)
	}
	if t.other > 0 {
		t.c.add("other tags", fmt.Sprintf("%d more tags (camera settings, image details)", t.other), scrub.KindOther)
	}
	if t.bad > 0 {
		t.c.add("damaged data", fmt.Sprintf("%d directories or values point outside the EXIF block", t.bad), scrub.KindOther)
	}
}

// position formats GPSLatitude/Longitude as decimal degrees.
func (t *tiffReader) position() string {
	lat, okLat := t.degrees(0x02)
	lon, okLon := t.degrees(0x04)
	if !okLat || !okLon {
		return ""
	}
	latRef, lonRef := "N", "E"
	if r := text(t.gps[0x01]); strings.HasPrefix(strings.ToUpper(r), "S") {
		latRef = "S"
	}
	if r := text(t.gps[0x03]); strings.HasPrefix(strings.ToUpper(r), "W") {
		lonRef = "W"
	}
	return fmt.Sprintf("%.6f %s, %.6f %s", math.Abs(lat), latRef, math.Abs(lon), lonRef)
}

func (t *tiffReader) degrees(tag uint16) (float64, bool) {
	val, typ := t.gps[tag], t.gpsType[tag]
	if (typ != 5 && typ != 10) || len(val) < 8 {
		return 0, false
	}
	d := 0.0
	scale := 1.0
	for i := 0; i+8 <= len(val) && i < 24; i += 8 {
		n, m := t.bo.Uint32(val[i:]), t.bo.Uint32(val[i+4:])
		if m == 0 {
			if n == 0 {
				scale *= 60
				continue
			}
			return 0, false
		}
		var f float64
		if typ == 10 {
			f = float64(int32(n)) / float64(int32(m))
		} else {
			f = float64(n) / float64(m)
		}
		d += f / scale
		scale *= 60
	}
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return 0, false
	}
	return d, true
}

// value formats a tag's value for display; "" means empty.
func (t *tiffReader) value(tag, typ uint16, val []byte) string {
	switch tag {
	case 0x9286: // UserComment
		return t.comment(val)
	case 0x9c9b, 0x9c9c, 0x9c9d, 0x9c9e, 0x9c9f: // XP*: UTF-16LE in BYTE
		return strings.TrimSpace(utf16Text(val, false))
	case 0x927c: // MakerNote
		return "binary data from the camera maker, " + Size(len(val))
	}
	switch typ {
	case 2: // ASCII
		return text(val)
	case 1, 6, 7: // bytes
		if s := text(val); s != "" && isText(val) {
			return s
		}
		if bytes.Count(val, []byte{0}) == len(val) {
			return ""
		}
		return Describe(val)
	}
	const maxItems = 16
	var parts []string
	size := int(typeSize(typ))
	for i := 0; i+size <= len(val) && len(parts) < maxItems; i += size {
		v := val[i : i+size]
		switch typ {
		case 3:
			parts = append(parts, strconv.Itoa(int(t.bo.Uint16(v))))
		case 8:
			parts = append(parts, strconv.Itoa(int(int16(t.bo.Uint16(v)))))
		case 4, 13:
			parts = append(parts, strconv.FormatUint(uint64(t.bo.Uint32(v)), 10))
		case 9:
			parts = append(parts, strconv.Itoa(int(int32(t.bo.Uint32(v)))))
		case 5:
			parts = append(parts, rational(float64(t.bo.Uint32(v)), float64(t.bo.Uint32(v[4:]))))
		case 10:
			parts = append(parts, rational(float64(int32(t.bo.Uint32(v))), float64(int32(t.bo.Uint32(v[4:])))))
		case 11:
			parts = append(parts, strconv.FormatFloat(float64(math.Float32frombits(t.bo.Uint32(v))), 'g', 8, 32))
		case 12:
			parts = append(parts, strconv.FormatFloat(math.Float64frombits(t.bo.Uint64(v)), 'g', 10, 64))
		}
	}
	if len(val)/size > maxItems {
		parts = append(parts, "…")
	}
	return strings.Join(parts, " ")
}

func rational(n, d float64) string {
	if d == 0 {
		return strconv.FormatFloat(n, 'f', -1, 64) + "/0"
	}
	return strconv.FormatFloat(n/d, 'g', 10, 64)
}

// comment decodes an EXIF comment (UserComment, GPSProcessingMethod): an
// eight-byte character code, then the text.
func (t *tiffReader) comment(val []byte) string {
	if len(val) < 8 {
		return text(val)
	}
	code, body := val[:8], val[8:]
	switch {
	case bytes.HasPrefix(code, []byte("UNICODE")):
		return strings.TrimSpace(utf16Text(body, t.bo == binary.BigEndian))
	case bytes.HasPrefix(code, []byte("ASCII")), bytes.Equal(code, make([]byte, 8)):
		return text(body)
	case bytes.HasPrefix(code, []byte("JIS")):
		if s := text(body); s != "" {
			return s
		}
		return ""
	}
	// No character code: the whole value is the text.
	if isText(val) {
		return text(val)
	}
	return Describe(val)
}

// isText reports whether b looks like text (no control bytes besides
// NUL padding and white space).
func isText(b []byte) bool {
	for _, c := range bytes.TrimRight(b, "\x00") {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// OrientationEXIF returns the smallest EXIF block that holds only the
// Orientation tag o: big-endian TIFF, one IFD with one entry. Cleaned
// images carry it so that they still display upright.
func OrientationEXIF(o int) []byte {
	return []byte{
		'M', 'M', 0, 42, 0, 0, 0, 8, // header, IFD0 at 8
		0, 1, // one entry
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0, // Orientation SHORT 1 = o
		0, 0, 0, 0, // no next IFD
	}
}

// IsOrientationEXIF reports whether tiff is exactly OrientationEXIF(o) for
// an orientation o other than 1 (2 to 8), and returns o.
func IsOrientationEXIF(tiff []byte) (int, bool) {
	if len(tiff) != 26 {
		return 0, false
	}
	o := int(tiff[19])
	if o < 2 || o > 8 || !bytes.Equal(tiff, OrientationEXIF(o)) {
		return 0, false
	}
	return o, true
}

// OrientationFinding is the Report finding that tells the user the
// picture's orientation is kept.
func OrientationFinding(where string, o int) scrub.Finding {
	return scrub.Finding{Where: where, Field: "Orientation", Value: fmt.Sprintf("%d (kept so that the picture displays upright)", o),
		Kind: scrub.KindOther, Action: scrub.Report, Label: scrub.LabelOrientation, Minor: true}
}
