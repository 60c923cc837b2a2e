package imagemeta

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"fmt"

	"github.com/scrub-project/scrub/scrub"
)

// iccTags are the text tags of an ICC profile that name something: the
// profile, its copyright holder, the device maker and model. They are
// usually vendor strings ("Display P3", "Copyright Apple Inc."), but a
// profile made by calibrating a monitor can carry a name the user chose.
var iccTags = map[string]string{
	"desc": "ProfileDescription",
	"cprt": "ProfileCopyright",
	"dmnd": "DeviceManufacturerDescription",
	"dmdd": "DeviceModelDescription",
}

const maxICCTags = 1000

// ICC lists the description, copyright and device texts of an ICC colour
// profile. Profiles are kept (colours depend on them), so these findings
// have Action Report and Kind software. A display serial number (see
// ScrubICC) is listed with Action Remove and Kind device. Damaged profiles
// yield what was readable.
func ICC(profile []byte, where string) []scrub.Finding {
	c := &collector{where: where}
	for _, t := range iccTagTable(profile) {
		if name, ok := iccTags[t.sig]; ok {
			if s := iccText(t.data); s != "" {
				c.addAction(name, s, scrub.KindSoftware, scrub.Report)
			}
		}
		if t.sig == "mmod" && len(t.data) >= 24 {
			d := t.data
			if serial, date := binary.BigEndian.Uint32(d[16:]), binary.BigEndian.Uint32(d[20:]); serial != 0 || date != 0 {
				c.add("DisplaySerialNumber", fmt.Sprintf("%08X, made %08X (display maker %08X, model %08X)",
					serial, date, binary.BigEndian.Uint32(d[8:]), binary.BigEndian.Uint32(d[12:])), scrub.KindDevice)
			}
		}
	}
	return c.done()
}

type iccTag struct {
	sig  string
	data []byte // the tag's data, a slice of the profile
}

// iccTagTable returns the tags of a profile whose data lies inside it.
func iccTagTable(profile []byte) []iccTag {
	if len(profile) < 132 {
		return nil
	}
	n := int(binary.BigEndian.Uint32(profile[128:]))
	n = min(n, maxICCTags, (len(profile)-132)/12)
	var tags []iccTag
	for i := 0; i < n; i++ {
		e := profile[132+12*i:][:12]
		off, size := uint64(binary.BigEndian.Uint32(e[4:])), uint64(binary.BigEndian.Uint32(e[8:]))
		if off+size > uint64(len(profile)) || size < 12 {
			continue
		}
		tags = append(tags, iccTag{string(e[:4]), profile[off : off+size]})
	}
	return tags
}

// ScrubICC zeroes, in place, the display serial number and manufacture
// date that macOS writes into display profiles (Apple's 'mmod' tag; every
// macOS screenshot embeds the display's profile). Colour management does
// not use them. If the profile has a profile ID (an MD5 fingerprint), it
// is recomputed. ScrubICC reports whether it changed the profile; after
// it, ICC lists nothing removable.
func ScrubICC(profile []byte) bool {
	changed := false
	for _, t := range iccTagTable(profile) {
		if t.sig == "mmod" && len(t.data) >= 24 && !bytes.Equal(t.data[16:24], make([]byte, 8)) {
			clear(t.data[16:24])
			changed = true
		}
	}
	if changed && len(profile) >= 128 && !bytes.Equal(profile[84:100], make([]byte, 16)) {
		p := bytes.Clone(profile)
		clear(p[44:48])
		clear(p[64:68])
		clear(p[84:100])
		sum := md5.Sum(p)
		copy(profile[84:100], sum[:])
	}
	return changed
}

// iccText decodes the ICC text types: textDescriptionType ('desc', v2),
// textType ('text') and multiLocalizedUnicodeType ('mluc', v4; the first
// record).
func iccText(b []byte) string {
	switch string(b[:4]) {
	case "desc":
		if len(b) < 12 {
			return ""
		}
		n := uint64(binary.BigEndian.Uint32(b[8:]))
		if n > uint64(len(b)-12) {
			n = uint64(len(b) - 12)
		}
		return text(b[12 : 12+n])
	case "text":
		return text(b[8:])
	case "mluc":
		if len(b) < 28 || binary.BigEndian.Uint32(b[8:]) == 0 {
			return ""
		}
		n, off := uint64(binary.BigEndian.Uint32(b[20:])), uint64(binary.BigEndian.Uint32(b[24:]))
		if off+n > uint64(len(b)) {
			return ""
		}
		return utf16Text(b[off:off+n], true)
	}
	return ""
}
