package imagemeta

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/scrub-project/scrub/scrub"
)

// iptcTags names the IPTC IIM datasets (record 2, application) that reveal
// something; others are counted.
var iptcTags = map[uint16]tagInfo{
	0x0205: {"ObjectName", scrub.KindOther},
	0x0219: {"Keywords", scrub.KindOther},
	0x021a: {"ContentLocationCode", scrub.KindLocation},
	0x021b: {"ContentLocationName", scrub.KindLocation},
	0x0228: {"SpecialInstructions", scrub.KindComment},
	0x0237: {"DateCreated", scrub.KindTime},
	0x023c: {"TimeCreated", scrub.KindTime},
	0x023e: {"DigitalCreationDate", scrub.KindTime},
	0x023f: {"DigitalCreationTime", scrub.KindTime},
	0x0241: {"OriginatingProgram", scrub.KindSoftware},
	0x0246: {"ProgramVersion", scrub.KindSoftware},
	0x0250: {"By-line", scrub.KindPerson},
	0x0255: {"By-lineTitle", scrub.KindPerson},
	0x025a: {"City", scrub.KindLocation},
	0x025c: {"Sub-location", scrub.KindLocation},
	0x025f: {"Province-State", scrub.KindLocation},
	0x0264: {"Country-PrimaryLocationCode", scrub.KindLocation},
	0x0265: {"Country-PrimaryLocationName", scrub.KindLocation},
	0x0267: {"OriginalTransmissionReference", scrub.KindOther},
	0x0269: {"Headline", scrub.KindOther},
	0x026e: {"Credit", scrub.KindPerson},
	0x0273: {"Source", scrub.KindPerson},
	0x0274: {"CopyrightNotice", scrub.KindPerson},
	0x0276: {"Contact", scrub.KindContact},
	0x0278: {"Caption-Abstract", scrub.KindComment},
	0x027a: {"Writer-Editor", scrub.KindPerson},
}

// IPTC lists the datasets of an IPTC IIM block (a run of 0x1C-tagged
// records) that reveal something; the others are counted in one finding.
// Reading stops at the first damaged record. All findings have Action
// Remove and the Where given.
func IPTC(iim []byte, where string) []scrub.Finding {
	c := &collector{where: where}
	other := 0
	b := iim
	for len(b) >= 5 && b[0] == 0x1c {
		rec, ds := b[1], b[2]
		n := int(binary.BigEndian.Uint16(b[3:]))
		b = b[5:]
		if n&0x8000 != 0 { // extended length: the next n&0x7fff bytes hold it
			k := n & 0x7fff
			if k > 4 || len(b) < k {
				break
			}
			n = 0
			for _, x := range b[:k] {
				n = n<<8 | int(x)
			}
			b = b[k:]
		}
		if n < 0 || n > len(b) {
			c.add("IPTC", "damaged record: "+Describe(b), scrub.KindOther)
			b = nil
			break
		}
		val := b[:n]
		b = b[n:]
		info, ok := iptcTags[uint16(rec)<<8|uint16(ds)]
		if !ok {
			other++
			continue
		}
		s := text(val)
		if s == "" {
			other++
			continue
		}
		c.add(info.name, s, info.kind)
	}
	if len(bytes.TrimLeft(b, "\x00")) > 0 {
		c.add("IPTC", "unreadable data: "+Describe(b), scrub.KindOther)
	}
	if other > 0 {
		c.add("other IPTC fields", fmt.Sprintf("%d more fields", other), scrub.KindOther)
	}
	return c.done()
}

// Photoshop image resource IDs with special handling.
const (
	psIPTC       = 0x0404
	psURL        = 0x040b
	psThumbnail4 = 0x0409
	psThumbnail5 = 0x040c
	psEXIF1      = 0x0422
	psEXIF3      = 0x0423
	psXMP        = 0x0424
	psURLList    = 0x041e
)

// Photoshop lists what a block of Photoshop image resources ("8BIM"
// records, as in a JPEG's APP13 segment after "Photoshop 3.0\0") reveals:
// the IPTC, EXIF and XMP blocks it holds, thumbnails, URLs, and a count of
// the other resources. All findings have Action Remove and the Where given.
func Photoshop(irb []byte, where string) []scrub.Finding {
	return photoshop(irb, where, 0)
}

func photoshop(irb []byte, where string, nest int) []scrub.Finding {
	c := &collector{where: where}
	other := 0
	b := irb
	for len(b) >= 12 {
		sig := string(b[:4])
		if sig != "8BIM" && sig != "PHUT" && sig != "AgHg" && sig != "DCSR" && sig != "MeSa" {
			break
		}
		id := binary.BigEndian.Uint16(b[4:])
		nameLen := int(b[6])
		p := 7 + nameLen
		if p%2 == 1 { // the Pascal name is padded to an even length
			p++
		}
		if p+4 > len(b) {
			break
		}
		size := int64(binary.BigEndian.Uint32(b[p:]))
		p += 4
		if size > int64(len(b)-p) {
			c.add("Photoshop", "damaged resource: "+Describe(b[p:]), scrub.KindOther)
			b = nil
			break
		}
		data := b[p : p+int(size)]
		next := p + int(size)
		if next%2 == 1 && next < len(b) {
			next++
		}
		b = b[next:]
		sub := where + " > "
		switch id {
		case psIPTC:
			c.merge(IPTC(data, sub+"IPTC"))
		case psEXIF1, psEXIF3:
			if nest < maxNest {
				fs, _ := exif(data, sub+"EXIF", nest+1)
				c.merge(fs)
			} else {
				c.add("EXIF", "nested too deep to read: "+Describe(data), scrub.KindOther)
			}
		case psXMP:
			c.merge(XMP(data, sub+"XMP"))
		case psThumbnail4, psThumbnail5:
			c.add("ThumbnailImage", fmt.Sprintf("%d-byte thumbnail", len(data)), scrub.KindHidden)
		case psURL:
			if s := text(data); s != "" {
				c.add("URL", s, scrub.KindContact)
			}
		case psURLList:
			if p := Preview(data, 400); p != "" {
				c.add("URL list", p, scrub.KindContact)
			}
		default:
			other++
		}
	}
	if len(bytes.TrimLeft(b, "\x00")) > 0 {
		c.add("Photoshop", "unreadable data: "+Describe(b), scrub.KindOther)
	}
	if other > 0 {
		c.add("other Photoshop resources", fmt.Sprintf("%d more resources (resolution, print settings, paths)", other), scrub.KindOther)
	}
	return c.done()
}
