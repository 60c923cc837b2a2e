package isobmff

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/scrub"
)

// All of user data (udta) and keyed metadata (meta) goes; these readers
// only say what it held. They never fail on damaged content: what they
// cannot read is listed as bytes.

// tag says what a user-data atom or metadata item is.
type tag struct {
	field string
	label scrub.Label
	minor bool
}

// udtaTags names the atoms of QuickTime and MP4 user data: QuickTime's
// ©-atoms (Apple QuickTime File Format, "User data atoms"), the 3GPP asset
// boxes (3GPP TS 26.244 §8), iTunes-style items, and makers' atoms
// (GoPro, Samsung, DJI, Adobe, iMovie) as exiftool's QuickTime tables name
// them.
var udtaTags = latin1Keys(map[string]tag{
	"©xyz": {"GPSCoordinates", scrub.LabelGPS, false},
	"©mak": {"Make", scrub.LabelCamera, false},
	"©mod": {"Model", scrub.LabelCamera, false},
	"©swr": {"Software", scrub.LabelSoftware, false},
	"©too": {"Encoder", scrub.LabelSoftware, false},
	"©enc": {"EncodedBy", scrub.LabelPerson, false},
	"©fmt": {"Format", scrub.LabelSettings, true},
	"©day": {"ContentCreateDate", scrub.LabelCreated, false},
	"©nam": {"Title", scrub.LabelTitle, false},
	"©ART": {"Artist", scrub.LabelAuthor, false},
	"©aut": {"Author", scrub.LabelAuthor, false},
	"©wrt": {"Composer", scrub.LabelPerson, false},
	"©com": {"Composer", scrub.LabelPerson, false},
	"©prd": {"Producer", scrub.LabelPerson, false},
	"©PRD": {"Product", scrub.LabelSoftware, false},
	"©dir": {"Director", scrub.LabelPerson, false},
	"©prf": {"Performers", scrub.LabelPerson, false},
	"©arg": {"Arranger", scrub.LabelPerson, false},
	"©src": {"Source", scrub.LabelPerson, false},
	"©alb": {"Album", scrub.LabelTitle, false},
	"©cmt": {"Comment", scrub.LabelComment, false},
	"©des": {"Description", scrub.LabelDescription, false},
	"©inf": {"Information", scrub.LabelDescription, false},
	"©cpy": {"Copyright", scrub.LabelCopyright, false},
	"©gen": {"Genre", scrub.LabelCategory, false},
	"©grp": {"Grouping", scrub.LabelCategory, false},
	"©key": {"Keywords", scrub.LabelKeywords, false},
	"©lyr": {"Lyrics", scrub.LabelDescription, false},
	"©hst": {"HostComputer", scrub.LabelComputer, false},
	"©url": {"URL", scrub.LabelLink, false},
	"©req": {"Requirements", scrub.LabelSettings, true},
	"©dis": {"Disclaimer", scrub.LabelCopyright, false},
	"©pub": {"Publisher", scrub.LabelOrganisation, false},
	"©lab": {"RecordLabel", scrub.LabelOrganisation, false},
	"©loc": {"Location", scrub.LabelPlace, false},
	"©TIM": {"StartTimecode", scrub.LabelCreated, false},
	"©TSC": {"StartTimeScale", scrub.LabelSettings, true},
	"©TSZ": {"StartTimeSampleSize", scrub.LabelSettings, true},
	"©mdl": {"Model", scrub.LabelCamera, false},
	"©dji": {"DJI", scrub.LabelDevice, false},
	"©uid": {"UniqueID", scrub.LabelDocumentID, false},
	"©xsp": {"SpeedX", scrub.LabelMetadata, false},
	"©ysp": {"SpeedY", scrub.LabelMetadata, false},
	"©zsp": {"SpeedZ", scrub.LabelMetadata, false},
	"©fpt": {"Pitch", scrub.LabelMetadata, false},
	"©fyw": {"Yaw", scrub.LabelMetadata, false},
	"©frl": {"Roll", scrub.LabelMetadata, false},
	"©gpt": {"CameraPitch", scrub.LabelMetadata, false},
	"©gyw": {"CameraYaw", scrub.LabelMetadata, false},
	"©grl": {"CameraRoll", scrub.LabelMetadata, false},
	"fsid": {"OriginalFilePath", scrub.LabelFilePath, false},
	"dbgi": {"DebugInfo", scrub.LabelPrivateData, false},
	// 3GPP asset boxes.
	"titl": {"Title", scrub.LabelTitle, false},
	"dscp": {"Description", scrub.LabelDescription, false},
	"cprt": {"Copyright", scrub.LabelCopyright, false},
	"perf": {"Performer", scrub.LabelPerson, false},
	"auth": {"Author", scrub.LabelAuthor, false},
	"gnre": {"Genre", scrub.LabelCategory, false},
	"rtng": {"Rating", scrub.LabelCategory, false},
	"clsf": {"Classification", scrub.LabelCategory, false},
	"kywd": {"Keywords", scrub.LabelKeywords, false},
	"loci": {"LocationInformation", scrub.LabelGPS, false},
	"albm": {"Album", scrub.LabelTitle, false},
	"yrrc": {"Year", scrub.LabelDate, false},
	"date": {"DateTimeOriginal", scrub.LabelCreated, false},
	"coll": {"CollectionName", scrub.LabelTitle, false},
	"urat": {"UserRating", scrub.LabelCategory, true},
	"thmb": {"ThumbnailImage", scrub.LabelThumbnail, false},
	// GoPro.
	"FIRM": {"FirmwareVersion", scrub.LabelSoftware, false},
	"LENS": {"LensSerialNumber", scrub.LabelSerial, false},
	"CAME": {"SerialNumberHash", scrub.LabelSerial, false},
	"SETT": {"Settings", scrub.LabelSettings, true},
	"MUID": {"MediaUniqueID", scrub.LabelDocumentID, false},
	"HMMT": {"HighlightMarkers", scrub.LabelMetadata, false},
	"BCID": {"BluetoothID", scrub.LabelDocumentID, false},
	"GUMI": {"GlobalUniqueMediaID", scrub.LabelDocumentID, false},
	"GPMF": {"GoPro metadata", scrub.LabelPrivateData, false},
	// Samsung.
	"SDLN": {"PlayMode", scrub.LabelPrivateData, false},
	"smrd": {"Samsung data", scrub.LabelPrivateData, false},
	"smta": {"Samsung data", scrub.LabelPrivateData, false},
	"sefd": {"Samsung data", scrub.LabelPrivateData, false},
	// Adobe, Apple.
	"XMP_": {"XMP", scrub.LabelMetadata, false},
	"Cr8r": {"Creator", scrub.LabelSoftware, false},
	"FIEL": {"FieldSettings", scrub.LabelSettings, true},
	"clfn": {"ClipFileName", scrub.LabelFilePath, false},
	"name": {"Name", scrub.LabelTitle, false},
	"chpl": {"Chapters", scrub.LabelOutline, false},
	"WLOC": {"WindowLocation", scrub.LabelSettings, true},
	"LOOP": {"LoopStyle", scrub.LabelSettings, true},
	"SelO": {"PlaySelection", scrub.LabelSettings, true},
	"AllF": {"PlayAllFrames", scrub.LabelSettings, true},
	"ptv ": {"PrintToVideo", scrub.LabelSettings, true},
	"hinf": {"HintInfo", scrub.LabelSettings, true},
	"hnti": {"HintTrackInfo", scrub.LabelSettings, true},
	"tsel": {"TrackSelection", scrub.LabelSettings, true},
	"Xtra": {"Microsoft Xtra", scrub.LabelMetadata, false},
	"CNCV": {"CompressorVersion", scrub.LabelSoftware, false},
	"CNTH": {"Thumbnail", scrub.LabelThumbnail, false},
})

// latin1Keys returns m with "©" in its keys as the single byte 0xA9 that
// box types use (Mac Roman and Latin-1 agree on it).
func latin1Keys(m map[string]tag) map[string]tag {
	out := make(map[string]tag, len(m))
	for k, v := range m {
		out[strings.ReplaceAll(k, "©", "\xa9")] = v
	}
	return out
}

// userData lists the atoms of a user data box.
func (a *analysis) userData(p []byte, where string, depth int) error {
	kids, err := children(p, where)
	if err != nil {
		a.add(scrub.Finding{Where: where, Field: "user data", Value: describe(p), Label: scrub.LabelMetadata})
		return nil
	}
	for _, k := range kids {
		if err := a.count(); err != nil {
			return err
		}
		a.udtaAtom(k, where, depth)
	}
	return nil
}

func (a *analysis) udtaAtom(k rawBox, where string, depth int) {
	t, ok := udtaTags[k.typ]
	if !ok {
		t = tag{printable(k.typ), scrub.LabelMetadata, false}
	}
	f := scrub.Finding{Where: where, Field: t.field, Label: t.label, Minor: t.minor}
	switch {
	case k.typ == "meta":
		if depth < 2 {
			a.metaFindings(k.data, where+"/meta")
		}
		return
	case k.typ == "free" || k.typ == "skip":
		a.freeBox(k.data, where+"/"+k.typ)
		return
	case k.typ == "XMP_":
		a.xmp(k.data, where+"/XMP_")
		return
	case k.typ == "uuid":
		a.unknownBox(k, where)
		return
	case k.typ == "GPMF":
		a.gpmfUserData(k.data, where+"/GPMF")
		return
	case k.typ == "thmb" || k.typ == "CNTH":
		f.Value = fmt.Sprintf("a %d-byte picture", len(k.data))
		f.Kind = scrub.KindHidden
	case k.typ == "loci":
		f.Value = loci(k.data)
	case k.typ == "\xa9xyz":
		s := qtText(k.data)
		f.Value = iso6709(s)
	case isAsset(k.typ):
		f.Value = assetText(k.typ, k.data)
	case k.typ == "LENS" || k.typ == "FIRM" || k.typ == "CAME" || k.typ == "MUID" || k.typ == "GUMI" || k.typ == "BCID":
		f.Value = valueOf(k.data)
	case len(k.typ) == 4 && k.typ[0] == 0xa9:
		f.Value = qtText(k.data)
	default:
		f.Value = valueOf(k.data)
	}
	if f.Value == "" {
		f.Value = describe(k.data)
	}
	a.add(f)
}

// isAsset reports the 3GPP asset boxes whose payload is a FullBox, a
// language code and a string.
func isAsset(typ string) bool {
	switch typ {
	case "titl", "dscp", "cprt", "perf", "auth", "gnre", "albm", "kywd", "yrrc", "rtng", "clsf", "coll":
		return true
	}
	return false
}

// qtText reads QuickTime user data text: entries of a 16-bit length, a
// 16-bit language code and the text. Files where the atom holds an iTunes
// 'data' box, or bare text, are read too.
func qtText(p []byte) string {
	if len(p) >= 8 && string(p[4:8]) == "data" {
		if kids, err := children(p, "data"); err == nil && len(kids) > 0 {
			return dataValue(kids[0].data)
		}
	}
	var parts []string
	for r := (reader{b: p}); r.left() >= 4; {
		n := int(r.u16())
		r.u16()
		s := r.bytes(n)
		if r.bad {
			return valueOf(p)
		}
		parts = append(parts, trimText(string(s)))
	}
	if len(parts) == 0 {
		return valueOf(p)
	}
	return strings.Join(parts, "; ")
}

// assetText reads a 3GPP asset box (TS 26.244 §8).
func assetText(typ string, p []byte) string {
	if len(p) < 6 {
		return describe(p)
	}
	switch typ {
	case "yrrc":
		return strconv.Itoa(int(binary.BigEndian.Uint16(p[4:])))
	case "rtng", "clsf":
		if len(p) < 14 {
			return describe(p)
		}
		return text3gpp(p[12:])
	case "kywd":
		r := reader{b: p[6:]}
		var out []string
		for n := int(r.u8()); n > 0 && !r.bad; n-- {
			s := r.bytes(int(r.u8()))
			out = append(out, text3gpp(s))
		}
		return strings.Join(out, ", ")
	}
	return text3gpp(p[6:])
}

// text3gpp decodes a 3GPP string: UTF-8, or UTF-16 with a byte order mark.
func text3gpp(b []byte) string {
	if len(b) >= 2 && (b[0] == 0xfe && b[1] == 0xff || b[0] == 0xff && b[1] == 0xfe) {
		le := b[0] == 0xff
		b = b[2:]
		u := make([]uint16, 0, len(b)/2)
		for i := 0; i+1 < len(b); i += 2 {
			c := binary.BigEndian.Uint16(b[i:])
			if le {
				c = binary.LittleEndian.Uint16(b[i:])
			}
			if c == 0 {
				break
			}
			u = append(u, c)
		}
		return trimText(string(utf16.Decode(u)))
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return trimText(imagemeta.Latin1(b))
}

// loci reads a 3GPP location box: a name, a role, longitude, latitude and
// altitude as 16.16 fixed point, a body and notes.
func loci(p []byte) string {
	if len(p) < 6 {
		return describe(p)
	}
	r := reader{b: p[6:]}
	name := r.cstring()
	r.u8() // role
	lon := float64(int32(r.u32())) / 65536
	lat := float64(int32(r.u32())) / 65536
	r.u32() // altitude
	body := r.cstring()
	notes := r.cstring()
	if r.bad {
		return describe(p)
	}
	v := position(lat, lon, 5)
	for _, s := range []string{trimText(name), trimText(body), trimText(notes)} {
		if s != "" {
			v += " " + s
		}
	}
	return v
}

// position formats a latitude and longitude in decimal degrees, the way
// the findings of every format show a GPS position.
func position(lat, lon float64, digits int) string {
	f := func(v float64) string {
		s := strconv.FormatFloat(v, 'f', digits, 64)
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return s
	}
	return f(lat) + ", " + f(lon)
}

// iso6709 turns an ISO 6709 position string ("+51.4169-000.0806/",
// "+34.0522-118.2436+089.000/") into decimal degrees, or returns it as it
// is.
func iso6709(s string) string {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "/"))
	var nums []string
	start := -1
	for i, c := range t {
		if c == '+' || c == '-' {
			if start >= 0 {
				nums = append(nums, t[start:i])
			}
			start = i
		}
	}
	if start >= 0 {
		nums = append(nums, t[start:])
	}
	if len(nums) < 2 {
		return s
	}
	lat, ok1 := dms(nums[0], 2)
	lon, ok2 := dms(nums[1], 3)
	if !ok1 || !ok2 {
		return s
	}
	return position(lat, lon, 6)
}

// dms reads one ISO 6709 coordinate: ±DD.D, ±DDMM.M or ±DDMMSS.S (with
// three degree digits for longitude).
func dms(s string, degDigits int) (float64, bool) {
	if len(s) < 2 {
		return 0, false
	}
	sign := 1.0
	if s[0] == '-' {
		sign = -1
	}
	body := s[1:]
	intPart := body
	if i := strings.IndexByte(body, '.'); i >= 0 {
		intPart = body[:i]
	}
	v, err := strconv.ParseFloat(body, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	switch len(intPart) - degDigits {
	case 0:
	case 2: // DDMM
		d := math.Floor(v / 100)
		v = d + (v-d*100)/60
	case 4: // DDMMSS
		d := math.Floor(v / 10000)
		m := math.Floor((v - d*10000) / 100)
		v = d + m/60 + (v-d*10000-m*100)/3600
	default:
		return 0, false
	}
	return sign * v, true
}

// metaFindings lists a metadata box that goes: Apple and Android keyed
// metadata (hdlr 'mdta', keys, ilst), iTunes tags (hdlr 'mdir', ilst), or
// anything else as bytes. QuickTime's meta is a plain box, ISO's a FullBox:
// both are read.
func (a *analysis) metaFindings(p []byte, where string) error {
	body := p
	if len(p) >= 8 && string(p[4:8]) != "hdlr" && len(p) >= 12 && string(p[8:12]) == "hdlr" {
		body = p[4:]
	}
	kids, err := children(body, where)
	if err != nil {
		a.add(scrub.Finding{Where: where, Field: "metadata", Value: describe(p), Label: scrub.LabelMetadata})
		return nil
	}
	var keys []string
	listed := false
	for _, k := range kids {
		if err := a.count(); err != nil {
			return err
		}
		switch k.typ {
		case "hdlr", "free", "skip":
		case "keys":
			keys = parseKeys(k.data)
		case "ilst":
			items, err := children(k.data, where+"/ilst")
			if err != nil {
				a.add(scrub.Finding{Where: where, Field: "ilst", Value: describe(k.data), Label: scrub.LabelMetadata})
				continue
			}
			for _, it := range items {
				if err := a.count(); err != nil {
					return err
				}
				a.ilstItem(it, keys, where)
				listed = true
			}
		case "xml ", "bxml":
			a.add(scrub.Finding{Where: where, Field: "XML metadata", Value: describe(k.data), Label: scrub.LabelMetadata})
			listed = true
		default:
			a.unknownBox(k, where+"/"+printable(k.typ))
			listed = true
		}
	}
	if !listed && len(p) > 0 {
		a.add(scrub.Finding{Where: where, Field: "metadata", Value: "an empty metadata box", Label: scrub.LabelMetadata, Minor: true})
	}
	return nil
}

// parseKeys reads a keys box: a count, then entries of a size, a
// namespace and the key name.
func parseKeys(p []byte) []string {
	if len(p) < 8 {
		return nil
	}
	var out []string
	r := reader{b: p[8:]}
	for n := binary.BigEndian.Uint32(p[4:]); n > 0 && r.left() >= 8; n-- {
		size := int(r.u32())
		r.u32() // namespace
		name := r.bytes(size - 8)
		if r.bad {
			break
		}
		out = append(out, string(name))
	}
	return out
}

// ilstItem lists one item of a metadata item list: named by a 1-based
// index into keys (Apple, Android), or by a four-character code (iTunes).
func (a *analysis) ilstItem(it rawBox, keys []string, where string) {
	name := printable(it.typ)
	if idx := binary.BigEndian.Uint32([]byte(it.typ)); it.typ[0] == 0 && idx >= 1 && int(idx) <= len(keys) {
		name = keys[idx-1]
	}
	var value string
	var mean, freeName string
	if kids, err := children(it.data, where); err == nil {
		var vals []string
		for _, d := range kids {
			switch d.typ {
			case "data":
				vals = append(vals, dataValue(d.data))
			case "mean":
				if len(d.data) > 4 {
					mean = string(d.data[4:])
				}
			case "name":
				if len(d.data) > 4 {
					freeName = string(d.data[4:])
				}
			}
		}
		value = strings.Join(vals, "; ")
	}
	if it.typ == "----" && freeName != "" {
		name = freeName
		if mean != "" && mean != "com.apple.iTunes" {
			name = mean + ":" + freeName
		}
	}
	if value == "" {
		value = describe(it.data)
	}
	t := keyTag(name)
	f := scrub.Finding{Where: where, Field: name, Value: value, Label: t.label, Minor: t.minor}
	if t.label == scrub.LabelGPS && strings.HasSuffix(name, "ISO6709") {
		f.Value = iso6709(value)
	}
	if t.label == scrub.LabelEmbeddedPicture {
		f.Kind = scrub.KindAttachment
	}
	a.add(f)
	if strings.HasSuffix(name, "content.identifier") {
		a.warn(liveWarning)
	}
	if strings.HasSuffix(name, ".creationdate") {
		if tz := zoneOf(value); tz != "" {
			a.add(scrub.Finding{Where: where, Field: name + " (time zone)", Value: tz, Label: scrub.LabelTimeZone})
		}
	}
}

// zoneOf returns the UTC offset at the end of an ISO 8601 date, or "".
func zoneOf(s string) string {
	if len(s) < 6 {
		return ""
	}
	z := s[len(s)-6:]
	if (z[0] == '+' || z[0] == '-') && z[3] == ':' {
		return z
	}
	if z := s[len(s)-5:]; (z[0] == '+' || z[0] == '-') && strings.Count(z, ":") == 0 && len(s) > 19 {
		return z
	}
	return ""
}

// dataValue reads the payload of an iTunes-style 'data' box: a type, a
// locale, the value.
func dataValue(d []byte) string {
	if len(d) < 8 {
		return describe(d)
	}
	typ := binary.BigEndian.Uint32(d) & 0xffffff
	v := d[8:]
	switch typ {
	case 1, 4: // UTF-8
		return trimText(string(v))
	case 2, 5: // UTF-16
		return text3gpp(append([]byte{0xfe, 0xff}, v...))
	case 13:
		return fmt.Sprintf("a %d-byte JPEG picture", len(v))
	case 14:
		return fmt.Sprintf("a %d-byte PNG picture", len(v))
	case 27:
		return fmt.Sprintf("a %d-byte BMP picture", len(v))
	case 21, 22, 0:
		if len(v) <= 8 && len(v) > 0 && (typ != 0 || len(v) <= 4) {
			var n uint64
			for _, c := range v {
				n = n<<8 | uint64(c)
			}
			if typ == 21 && v[0]&0x80 != 0 {
				return strconv.FormatInt(int64(n)-int64(1)<<(8*len(v)), 10)
			}
			return strconv.FormatUint(n, 10)
		}
	case 23:
		if len(v) == 4 {
			return strconv.FormatFloat(float64(math.Float32frombits(binary.BigEndian.Uint32(v))), 'g', -1, 32)
		}
	case 24:
		if len(v) == 8 {
			return strconv.FormatFloat(math.Float64frombits(binary.BigEndian.Uint64(v)), 'g', -1, 64)
		}
	}
	return valueOf(v)
}

// keyTag says what a keyed metadata item is, by its key name (Apple's
// com.apple.quicktime.*, Android's com.android.*, iTunes four-character
// codes and freeform names).
func keyTag(name string) tag {
	if t, ok := itunesTags[name]; ok {
		return t
	}
	n := name
	for _, p := range []string{"com.apple.quicktime.", "com.apple.photos.", "com.android.", "com.samsung.android.", "com.xiaomi."} {
		n = strings.TrimPrefix(n, p)
	}
	switch {
	case strings.HasPrefix(n, "location.ISO6709"):
		return tag{name, scrub.LabelGPS, false}
	case strings.HasPrefix(n, "location.accuracy"), strings.HasPrefix(n, "location.date"):
		return tag{name, scrub.LabelGPS, true}
	case strings.HasPrefix(n, "location."):
		return tag{name, scrub.LabelPlace, false}
	case n == "make", n == "model", n == "manufacturer":
		return tag{name, scrub.LabelCamera, false}
	case n == "software", n == "version", strings.HasSuffix(n, ".version"):
		return tag{name, scrub.LabelSoftware, false}
	case n == "creationdate":
		return tag{name, scrub.LabelCreated, false}
	case n == "content.identifier", strings.HasSuffix(n, "identifier"):
		return tag{name, scrub.LabelDocumentID, false}
	case strings.HasPrefix(n, "camera.lens"):
		return tag{name, scrub.LabelLens, false}
	case n == "author", n == "artist":
		return tag{name, scrub.LabelAuthor, false}
	case n == "title", n == "displayname", n == "album":
		return tag{name, scrub.LabelTitle, false}
	case n == "description", n == "information":
		return tag{name, scrub.LabelDescription, false}
	case n == "comment":
		return tag{name, scrub.LabelComment, false}
	case n == "copyright":
		return tag{name, scrub.LabelCopyright, false}
	case n == "keywords":
		return tag{name, scrub.LabelKeywords, false}
	case n == "publisher":
		return tag{name, scrub.LabelOrganisation, false}
	case n == "director", n == "producer", n == "performer", n == "collection.user":
		return tag{name, scrub.LabelPerson, false}
	case n == "year":
		return tag{name, scrub.LabelDate, false}
	case strings.HasPrefix(n, "capture."), strings.HasPrefix(n, "video."), strings.HasPrefix(n, "camera."),
		strings.HasPrefix(n, "live-photo"), strings.HasPrefix(n, "full-frame-rate"), strings.HasPrefix(n, "cinematic"):
		return tag{name, scrub.LabelSettings, true}
	}
	return tag{name, scrub.LabelMetadata, false}
}

// itunesTags names iTunes item list atoms (exiftool QuickTime ItemList).
var itunesTags = map[string]tag{
	"©nam": {"Title", scrub.LabelTitle, false}, "©ART": {"Artist", scrub.LabelAuthor, false},
	"aART": {"AlbumArtist", scrub.LabelAuthor, false}, "©wrt": {"Composer", scrub.LabelPerson, false},
	"©alb": {"Album", scrub.LabelTitle, false}, "©grp": {"Grouping", scrub.LabelCategory, false},
	"©gen": {"Genre", scrub.LabelCategory, false}, "gnre": {"Genre", scrub.LabelCategory, true},
	"©day": {"ContentCreateDate", scrub.LabelDate, false}, "©cmt": {"Comment", scrub.LabelComment, false},
	"©lyr": {"Lyrics", scrub.LabelDescription, false}, "©too": {"Encoder", scrub.LabelSoftware, false},
	"©enc": {"EncodedBy", scrub.LabelPerson, false}, "cprt": {"Copyright", scrub.LabelCopyright, false},
	"©cpy": {"Copyright", scrub.LabelCopyright, false},
	"covr": {"CoverArt", scrub.LabelEmbeddedPicture, false}, "apID": {"AppleStoreAccount", scrub.LabelAccount, false},
	"ownr": {"Owner", scrub.LabelPerson, false}, "purd": {"PurchaseDate", scrub.LabelDate, false},
	"desc": {"Description", scrub.LabelDescription, false}, "ldes": {"LongDescription", scrub.LabelDescription, false},
	"keyw": {"Keyword", scrub.LabelKeywords, false}, "catg": {"Category", scrub.LabelCategory, false},
	"purl": {"PodcastURL", scrub.LabelLink, false}, "egid": {"EpisodeGlobalUniqueID", scrub.LabelDocumentID, false},
	"tvsh": {"TVShow", scrub.LabelTitle, false}, "tven": {"TVEpisodeID", scrub.LabelTitle, false},
	"tvnn": {"TVNetworkName", scrub.LabelOrganisation, false}, "soal": {"SortAlbum", scrub.LabelTitle, false},
	"soar": {"SortArtist", scrub.LabelAuthor, false}, "soaa": {"SortAlbumArtist", scrub.LabelAuthor, false},
	"soco": {"SortComposer", scrub.LabelPerson, false}, "sonm": {"SortName", scrub.LabelTitle, false},
	"cnID": {"AppleStoreCatalogID", scrub.LabelDocumentID, true}, "atID": {"ArtistID", scrub.LabelDocumentID, true},
	"plID": {"PlayListID", scrub.LabelDocumentID, true}, "geID": {"GenreID", scrub.LabelCategory, true},
	"sfID": {"AppleStoreCountry", scrub.LabelPlace, true}, "xid ": {"ISRC", scrub.LabelDocumentID, false},
	"trkn": {"TrackNumber", scrub.LabelMetadata, true}, "disk": {"DiskNumber", scrub.LabelMetadata, true},
	"tmpo": {"BeatsPerMinute", scrub.LabelMetadata, true}, "cpil": {"Compilation", scrub.LabelMetadata, true},
	"pgap": {"PlayGap", scrub.LabelSettings, true}, "stik": {"MediaType", scrub.LabelCategory, true},
	"rtng": {"Rating", scrub.LabelCategory, true}, "hdvd": {"HDVideo", scrub.LabelSettings, true},
	"iTunNORM": {"iTunNORM", scrub.LabelSettings, true}, "iTunSMPB": {"iTunSMPB", scrub.LabelSettings, true},
	"iTunes_CDDB_1": {"iTunes_CDDB_1", scrub.LabelDocumentID, false},
}

// valueOf shows a binary or text value: the text if it is mostly text,
// else its size and readable runs.
func valueOf(p []byte) string {
	t := bytes.TrimRight(p, "\x00")
	if len(t) > 0 && len(t) <= 2048 && utf8.Valid(t) && bytes.IndexFunc(t, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' && r != '\r' }) < 0 {
		return trimText(string(t))
	}
	if len(t) > 0 && len(t) <= 64 && previewOf(t) == "" {
		return fmt.Sprintf("%x", t)
	}
	return describe(p)
}

func describe(p []byte) string { return imagemeta.Describe(p) }

func previewOf(p []byte) string { return imagemeta.Preview(p, 400) }

// trimText trims NULs and spaces from stored text.
func trimText(s string) string { return strings.TrimSpace(strings.Trim(s, "\x00")) }

func joinMax(ss []string, n int) string {
	if len(ss) <= n {
		return strings.Join(ss, ", ")
	}
	return strings.Join(ss[:n], ", ") + fmt.Sprintf(" and %d more", len(ss)-n)
}

func isXMPUUID(u []byte) bool { return bytes.Equal(u, uuidXMP) }

func isLimit(err error) bool { return errors.Is(err, scrub.ErrLimit) }

// kindOf gives a finding's kind from its label.
func kindOf(l scrub.Label) scrub.Kind {
	switch l {
	case scrub.LabelAuthor, scrub.LabelPerson, scrub.LabelLastEditor:
		return scrub.KindPerson
	case scrub.LabelOrganisation, scrub.LabelCopyright:
		return scrub.KindPerson
	case scrub.LabelAccount:
		return scrub.KindAccount
	case scrub.LabelEmail, scrub.LabelContact, scrub.LabelLink:
		return scrub.KindContact
	case scrub.LabelFilePath:
		return scrub.KindPath
	case scrub.LabelComputer:
		return scrub.KindMachine
	case scrub.LabelCamera, scrub.LabelSerial, scrub.LabelLens, scrub.LabelDevice:
		return scrub.KindDevice
	case scrub.LabelGPS, scrub.LabelPlace, scrub.LabelTimeZone:
		return scrub.KindLocation
	case scrub.LabelCreated, scrub.LabelModified, scrub.LabelDate:
		return scrub.KindTime
	case scrub.LabelSoftware:
		return scrub.KindSoftware
	case scrub.LabelDocumentID, scrub.LabelHistory:
		return scrub.KindEditHistory
	case scrub.LabelComment:
		return scrub.KindComment
	case scrub.LabelHiddenData, scrub.LabelThumbnail, scrub.LabelTrack:
		return scrub.KindHidden
	case scrub.LabelAttachment, scrub.LabelEmbeddedPicture:
		return scrub.KindAttachment
	}
	return scrub.KindOther
}

// liveWarning tells that a Live Photo's video lost what pairs it with its
// photo (the content identifier and the still-image marker).
const liveWarning = "removed what pairs this video with its photo (Live Photo): Photos shows them separately"
