package imagemeta

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"fmt"
	"sort"

	"github.com/scrub-project/scrub/scrub"
)

// An ICC colour profile (ICC.1:2010, ISO 15076-1) is a 128-byte header, a
// tag table and the tags' data. Colour management reads the header's
// colour spaces, class and rendering intent and the colour tags; the rest
// names things: the profile's description and copyright (often the maker
// of the phone, camera or scanner that wrote it: "Copyright (c) 2016
// Google Inc.", "Brother … Scanner"), the device maker and model (in the
// header and in text tags), the program that made it and when, and in
// Apple display profiles the display's serial number.
//
// CleanICC keeps the colour data exactly and drops the rest: it is an
// allowlist of tags (colourTags) plus the two required text tags, whose
// text is emptied unless it is a generic profile's.

// colourTags are the tags that colour conversion and rendering read. Every
// other tag is dropped by CleanICC.
var colourTags = map[string]bool{
	"A2B0": true, "A2B1": true, "A2B2": true, "A2B3": true, "B2A0": true, "B2A1": true, "B2A2": true, "B2A3": true,
	"D2B0": true, "D2B1": true, "D2B2": true, "D2B3": true, "B2D0": true, "B2D1": true, "B2D2": true, "B2D3": true,
	"rXYZ": true, "gXYZ": true, "bXYZ": true, "rTRC": true, "gTRC": true, "bTRC": true, "kTRC": true,
	"wtpt": true, "bkpt": true, "chad": true, "chrm": true, "lumi": true, "gamt": true,
	"pre0": true, "pre1": true, "pre2": true, "ncl2": true, "clrt": true, "clro": true, "clot": true,
	"cicp": true, "rig0": true, "rig2": true, "meas": true, "tech": true, "view": true, "resp": true,
	"bfd ": true, "arts": true, "csnm": true, "c2sp": true, "s2cp": true, "hdgm": true,
}

// Header fields that name a device, a program or a date (byte ranges).
var iccHeaderFields = []struct {
	name       string
	start, end int
	label      scrub.Label
	kind       scrub.Kind
}{
	{"PreferredCMM", 4, 8, scrub.LabelSoftware, scrub.KindSoftware},
	{"ProfileDateTime", 24, 36, scrub.LabelDate, scrub.KindTime},
	{"PrimaryPlatform", 40, 44, scrub.LabelSoftware, scrub.KindSoftware},
	// Four-character codes ("APPL", "GOOG", "sRGB"): they name a maker or
	// model family, but are too short to search for in a cleaned copy, so
	// their kind is not one the residue check learns.
	{"DeviceManufacturer", 48, 52, scrub.LabelDevice, scrub.KindOther},
	{"DeviceModel", 52, 56, scrub.LabelDevice, scrub.KindOther},
	{"ProfileCreator", 80, 84, scrub.LabelSoftware, scrub.KindSoftware},
}

// genericDescriptions are descriptions of the standard profiles that
// programs ship and embed for everyone: they say which colour space the
// picture uses and nothing about who or what made it.
var genericDescriptions = map[string]bool{
	"sRGB IEC61966-2.1": true, "sRGB IEC61966-2-1 black scaled": true, "sRGB": true, "sRGB built-in": true,
	"sRGB v4 ICC preference perceptual intent beta": true, "sRGB2014": true, "c2": true, "c2ci": true,
	"Display P3": true, "Adobe RGB (1998)": true, "ProPhoto RGB": true, "ROMM RGB": true,
	"Generic Gray Gamma 2.2 Profile": true, "Generic Gray Profile": true, "Generic RGB Profile": true,
	"Dot Gain 15%": true, "Dot Gain 20%": true, "Dot Gain 25%": true, "Gray Gamma 2.2": true,
	"U.S. Web Coated (SWOP) v2": true, "Coated FOGRA39 (ISO 12647-2:2004)": true, "Coated FOGRA27 (ISO 12647-2:2004)": true,
	"Japan Color 2001 Coated": true, "GRACoL2006_Coated1v2.icc": true, "ISO Coated v2 (ECI)": true,
	"Linear sRGB": true, "Rec. ITU-R BT.709-5": true, "Rec. ITU-R BT.2020-1": true, "ITU-R BT.2020": true,
	"DCI-P3": true, "Apple RGB": true, "ColorMatch RGB": true, "eciRGB v2": true, "WideGamutRGB": true,
	"GIMP built-in sRGB": true, "GIMP built-in Linear sRGB": true, "GIMP built-in D65 Grayscale with sRGB TRC": true,
	"sGray": true, "Artifex Software sRGB ICC Profile": true, "Artifex Software Gray ICC Profile": true,
}

const maxICCTags = 1000

type iccTag struct {
	sig       string
	off, size uint32
	data      []byte // the tag's data, a slice of the profile
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
		off, size := binary.BigEndian.Uint32(e[4:]), binary.BigEndian.Uint32(e[8:])
		if uint64(off)+uint64(size) > uint64(len(profile)) || size < 8 {
			continue
		}
		tags = append(tags, iccTag{string(e[:4]), off, size, profile[off : off+size]})
	}
	return tags
}

// genericText reports whether a required text tag (description or
// copyright) can stay as it is: the description of a standard profile, or
// a copyright that names only a standards body or says there is none.
func genericText(sig, s string) bool {
	switch sig {
	case "desc":
		return s == "" || genericDescriptions[s]
	case "cprt":
		return s == "" || s == "No copyright, use freely" || s == "Public Domain" || s == "CC0" ||
			s == "Copyright International Color Consortium" || s == "Copyright (c) 1998 Hewlett-Packard Company" ||
			s == "Copyright International Color Consortium, 2009" || s == "Copyright 2009 International Color Consortium"
	}
	return false
}

// iccGeneric reports whether the profile is a standard one (its
// description is a standard profile's name).
func iccGeneric(profile []byte) bool {
	for _, t := range iccTagTable(profile) {
		if t.sig == "desc" {
			return genericDescriptions[iccText(t.data)]
		}
	}
	return false
}

// ICCUsable reports whether profile is an ICC profile CleanICC can
// rebuild: the "acsp" signature and a tag table. Callers drop a profile
// that is not (it names nothing scrub can check, and no colour
// management can use it either); ICC lists it as one finding.
func ICCUsable(profile []byte) bool {
	return len(profile) >= 132 && string(profile[36:40]) == "acsp" && len(iccTagTable(profile)) > 0
}

// ICC lists what an ICC colour profile names: its description and
// copyright (kept as they are for a standard profile, where they are
// Minor; emptied by CleanICC otherwise), the device maker and model and
// the program in its header, private and text tags (dropped by CleanICC),
// and a display's serial number. Damaged profiles yield what was readable.
func ICC(profile []byte, where string) []scrub.Finding {
	c := &collector{where: where}
	if !ICCUsable(profile) {
		c.addFinding(scrub.Finding{Field: "ICC profile", Value: "a colour profile scrub cannot read (" + Size(len(profile)) + ")",
			Kind: scrub.KindOther, Label: scrub.LabelColour, Action: scrub.Remove})
		return c.done()
	}
	generic := iccGeneric(profile)
	if len(profile) >= 128 {
		for _, h := range iccHeaderFields {
			v := profile[h.start:h.end]
			if bytes.Equal(v, make([]byte, len(v))) {
				continue
			}
			c.addFinding(scrub.Finding{Field: h.name, Value: iccSig(v), Kind: h.kind, Label: h.label,
				Action: scrub.Remove, Minor: generic})
		}
	}
	for _, t := range iccTagTable(profile) {
		switch {
		case t.sig == "desc" || t.sig == "cprt":
			s := iccText(t.data)
			if s == "" {
				continue
			}
			name := map[string]string{"desc": "ProfileDescription", "cprt": "ProfileCopyright"}[t.sig]
			if genericText(t.sig, s) {
				c.addFinding(scrub.Finding{Field: name, Value: s, Kind: scrub.KindSoftware, Label: scrub.LabelColour,
					Action: scrub.Report, Minor: true})
				continue
			}
			c.addFinding(scrub.Finding{Field: name, Value: s, Kind: scrub.KindSoftware, Label: scrub.LabelColour,
				Action: scrub.Remove, Minor: generic})
		case t.sig == "mmod" && len(t.data) >= 24:
			d := t.data
			if serial, date := binary.BigEndian.Uint32(d[16:]), binary.BigEndian.Uint32(d[20:]); serial != 0 || date != 0 {
				c.add("DisplaySerialNumber", fmt.Sprintf("%08X, made %08X (display maker %08X, model %08X)",
					serial, date, binary.BigEndian.Uint32(d[8:]), binary.BigEndian.Uint32(d[12:])), scrub.KindDevice)
			} else {
				c.addFinding(scrub.Finding{Field: "DisplayMakeAndModel", Value: fmt.Sprintf("display maker %08X, model %08X",
					binary.BigEndian.Uint32(d[8:]), binary.BigEndian.Uint32(d[12:])), Kind: scrub.KindDevice,
					Label: scrub.LabelDevice, Action: scrub.Remove})
			}
		case !colourTags[t.sig]:
			name, kind, label := "ICC tag '"+iccSig([]byte(t.sig))+"'", scrub.KindOther, scrub.LabelColour
			switch t.sig {
			case "dmnd", "dmdd":
				name, kind, label = map[string]string{"dmnd": "DeviceManufacturerDescription", "dmdd": "DeviceModelDescription"}[t.sig], scrub.KindDevice, scrub.LabelDevice
			case "calt":
				name, kind, label = "CalibrationDateTime", scrub.KindTime, scrub.LabelDate
			}
			v := iccText(t.data)
			if v == "" {
				v = Size(len(t.data))
			}
			c.addFinding(scrub.Finding{Field: name, Value: v, Kind: kind, Label: label, Action: scrub.Remove,
				Minor: generic && label == scrub.LabelColour})
		}
	}
	return c.done()
}

// iccSig shows a four-byte signature as text when it is printable.
func iccSig(b []byte) string {
	for _, c := range b {
		if (c < 0x20 || c > 0x7e) && c != 0 {
			return fmt.Sprintf("%X", b)
		}
	}
	return string(bytes.TrimRight(b, "\x00 "))
}

// CleanICC returns profile without what names a device, a person, a
// company or a program, and whether that changed anything: only the
// colour tags (colourTags) are kept, byte for byte; the description and
// copyright (required by the format) are emptied unless they are a
// standard profile's; the header's device maker and model, platform,
// preferred colour module, creator and date are zeroed; the profile id
// (an MD5 fingerprint) is recomputed if the profile had one. The input is
// not modified. A profile too damaged to rebuild is returned as it is with
// changed false: callers decide (ICC reports what it could read).
func CleanICC(profile []byte) ([]byte, bool) {
	if len(profile) < 132 || string(profile[36:40]) != "acsp" {
		return profile, false
	}
	tags := iccTagTable(profile)
	if len(tags) == 0 {
		return profile, false
	}
	v4 := profile[8] >= 4
	type out struct {
		sig  string
		data []byte
		old  uint32 // offset in the original, to keep shared data shared
	}
	var kept []out
	for _, t := range tags {
		switch {
		case colourTags[t.sig]:
			kept = append(kept, out{t.sig, t.data, t.off})
		case t.sig == "desc" || t.sig == "cprt":
			if genericText(t.sig, iccText(t.data)) {
				kept = append(kept, out{t.sig, t.data, t.off})
			} else {
				kept = append(kept, out{t.sig, emptyICCText(t.sig, v4), 0})
			}
		}
	}
	for _, sig := range []string{"desc", "cprt"} { // both are required
		found := false
		for _, k := range kept {
			found = found || k.sig == sig
		}
		if !found {
			kept = append(kept, out{sig, emptyICCText(sig, v4), 0})
		}
	}
	// Lay the data out in its original order, each shared block once.
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].old < kept[j].old })
	n := len(kept)
	b := make([]byte, 132+12*n, len(profile)+64)
	copy(b, profile[:128])
	binary.BigEndian.PutUint32(b[128:], uint32(n))
	placed := map[uint32]uint32{} // original offset -> new offset
	for i, k := range kept {
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
		off, shared := placed[k.old]
		if !shared || k.old == 0 {
			off = uint32(len(b))
			b = append(b, k.data...)
			if k.old != 0 {
				placed[k.old] = off
			}
		}
		e := b[132+12*i:]
		copy(e, k.sig)
		binary.BigEndian.PutUint32(e[4:], off)
		binary.BigEndian.PutUint32(e[8:], uint32(len(k.data)))
	}
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	for _, h := range iccHeaderFields {
		clear(b[h.start:h.end])
	}
	binary.BigEndian.PutUint32(b[0:], uint32(len(b)))
	if !bytes.Equal(profile[84:100], make([]byte, 16)) {
		p := bytes.Clone(b)
		clear(p[44:48])
		clear(p[64:68])
		clear(p[84:100])
		sum := md5.Sum(p)
		copy(b[84:100], sum[:])
	}
	if bytes.Equal(b, profile) {
		return profile, false
	}
	return b, true
}

// emptyICCText returns an empty text tag of the type the profile's
// version uses for sig: multiLocalizedUnicodeType with one empty en-US
// record in version 4; textDescriptionType (desc) or textType (cprt) in
// version 2.
func emptyICCText(sig string, v4 bool) []byte {
	if v4 {
		b := make([]byte, 28)
		copy(b, "mluc")
		binary.BigEndian.PutUint32(b[8:], 1)   // one record
		binary.BigEndian.PutUint32(b[12:], 12) // record size
		copy(b[16:], "enUS")
		binary.BigEndian.PutUint32(b[20:], 0)  // length
		binary.BigEndian.PutUint32(b[24:], 28) // offset
		return b
	}
	if sig == "desc" {
		// 'desc', reserved, ASCII count 1 ("\0"), Unicode language and
		// count 0, ScriptCode code 0, count 0, 67 bytes of Macintosh text.
		b := make([]byte, 12+1+4+4+2+1+67)
		copy(b, "desc")
		binary.BigEndian.PutUint32(b[8:], 1)
		return b
	}
	b := make([]byte, 9)
	copy(b, "text")
	return b
}

// iccText decodes the ICC text types: textDescriptionType ('desc', v2),
// textType ('text') and multiLocalizedUnicodeType ('mluc', v4; the first
// record).
func iccText(b []byte) string {
	if len(b) < 8 {
		return ""
	}
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
