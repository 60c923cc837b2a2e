// Package jp2 cleans JPEG 2000 images (JP2 files and raw J2K codestreams,
// ISO/IEC 15444-1) without re-encoding them.
//
// A JP2 file is a list of boxes. Clean keeps only what decoding needs: the
// signature and file type boxes, the reader requirements box, the header
// superbox (image header, bits per component, colour specification,
// palette, component mapping, channel definition, resolution) and the
// contiguous codestream. It drops everything else: XML boxes (XMP), UUID
// boxes (XMP, EXIF, IPTC, GeoJP2 positions), UUID info boxes (URLs),
// intellectual property boxes, labels and associations. An ICC profile in
// the colour specification goes through imagemeta.CleanICC. In the
// codestream, comment (COM) marker segments go, in the main header and in
// tile-part headers; the entropy-coded data is copied byte for byte.
package jp2

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/scrub"
)

// ErrNotJPEG2000 means the data is neither a JP2 file nor a J2K codestream.
var ErrNotJPEG2000 = errors.New("not a JPEG 2000 image")

// ErrMalformed means the boxes or marker segments do not fit together.
var ErrMalformed = errors.New("damaged JPEG 2000 structure")

var signature = []byte{0, 0, 0, 0x0c, 'j', 'P', ' ', ' ', 0x0d, 0x0a, 0x87, 0x0a}

// Is reports whether b starts like a JP2 file or a J2K codestream.
func Is(b []byte) bool {
	return bytes.HasPrefix(b, signature) || bytes.HasPrefix(b, []byte{0xff, 0x4f, 0xff, 0x51})
}

// keepTop are the top-level boxes decoding needs; keepHeader those inside
// the JP2 header box.
var (
	keepTop    = map[string]bool{"jP  ": true, "ftyp": true, "rreq": true, "jp2h": true, "jp2c": true}
	keepHeader = map[string]bool{"ihdr": true, "bpcc": true, "colr": true, "pclr": true, "cmap": true, "cdef": true, "res ": true}
	keepRes    = map[string]bool{"resc": true, "resd": true}
)

// Known UUIDs of metadata boxes.
var (
	uuidXMP  = []byte{0xbe, 0x7a, 0xcf, 0xcb, 0x97, 0xa9, 0x42, 0xe8, 0x9c, 0x71, 0x99, 0x94, 0x91, 0xe3, 0xaf, 0xac}
	uuidEXIF = []byte("JpgTiffExif->JP2")
	uuidIPTC = []byte{0x33, 0xc7, 0xa4, 0xd2, 0xb8, 0x1d, 0x47, 0x23, 0xa0, 0xba, 0xf1, 0xa3, 0xe0, 0x97, 0xad, 0x38}
	uuidGeo  = []byte{0xb1, 0x4b, 0xf8, 0xbd, 0x08, 0x3d, 0x4b, 0x43, 0xa5, 0xae, 0x8c, 0xd7, 0xd5, 0xa6, 0xce, 0x03}
)

type box struct {
	typ  string
	data []byte // the box's contents (after its header)
}

// maxBoxes bounds the boxes read at one level.
const maxBoxes = 10000

// boxes splits b into boxes.
func boxes(b []byte) ([]box, error) {
	var out []box
	for len(b) > 0 {
		if len(out) >= maxBoxes {
			return nil, fmt.Errorf("%w: more than %d boxes", ErrMalformed, maxBoxes)
		}
		if len(b) < 8 {
			return nil, fmt.Errorf("%w: a box header is cut short", ErrMalformed)
		}
		size := uint64(binary.BigEndian.Uint32(b))
		typ := string(b[4:8])
		head := uint64(8)
		switch size {
		case 0:
			size = uint64(len(b))
		case 1:
			if len(b) < 16 {
				return nil, fmt.Errorf("%w: a box header is cut short", ErrMalformed)
			}
			size, head = binary.BigEndian.Uint64(b[8:]), 16
		}
		if size < head || size > uint64(len(b)) {
			return nil, fmt.Errorf("%w: box %q has a size past the end", ErrMalformed, typ)
		}
		out = append(out, box{typ, b[head:size]})
		b = b[size:]
	}
	return out, nil
}

func appendBox(out []byte, typ string, data []byte) []byte {
	n := len(data) + 8
	if uint64(n) > 0xffffffff {
		out = binary.BigEndian.AppendUint32(out, 1)
		out = append(out, typ...)
		out = binary.BigEndian.AppendUint64(out, uint64(len(data)+16))
		return append(out, data...)
	}
	out = binary.BigEndian.AppendUint32(out, uint32(n))
	out = append(out, typ...)
	return append(out, data...)
}

// Clean returns data without the boxes and marker segments that are not
// image data (see the package comment), and findings (Action Remove) for
// what it dropped, with where as their Where. It returns ErrNotJPEG2000 or
// an error wrapping ErrMalformed for data it cannot read; data is not
// modified.
func Clean(data []byte, where string) ([]byte, []scrub.Finding, error) {
	c := &cleaner{where: where}
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0x4f, 0xff, 0x51}):
		out, err := c.codestream(data)
		return out, c.fs, err
	case bytes.HasPrefix(data, signature):
	default:
		return nil, nil, ErrNotJPEG2000
	}
	top, err := boxes(data)
	if err != nil {
		return nil, nil, err
	}
	out := make([]byte, 0, len(data))
	for _, b := range top {
		if !keepTop[b.typ] {
			c.dropBox(b)
			continue
		}
		switch b.typ {
		case "jp2h":
			h, err := c.header(b.data)
			if err != nil {
				return nil, nil, err
			}
			out = appendBox(out, b.typ, h)
		case "jp2c":
			cs, err := c.codestream(b.data)
			if err != nil {
				return nil, nil, err
			}
			out = appendBox(out, b.typ, cs)
		default:
			out = appendBox(out, b.typ, b.data)
		}
	}
	return out, c.fs, nil
}

type cleaner struct {
	where string
	fs    []scrub.Finding
}

func (c *cleaner) add(field, value string, kind scrub.Kind, label scrub.Label) {
	c.fs = append(c.fs, scrub.Finding{Where: c.where, Field: field, Value: value, Kind: kind, Label: label, Action: scrub.Remove})
}

// header cleans the JP2 header superbox's contents.
func (c *cleaner) header(b []byte) ([]byte, error) {
	kids, err := boxes(b)
	if err != nil {
		return nil, err
	}
	var out []byte
	for _, k := range kids {
		switch {
		case !keepHeader[k.typ]:
			c.dropBox(k)
		case k.typ == "colr":
			out = appendBox(out, k.typ, c.colour(k.data))
		case k.typ == "res ":
			res, err := boxes(k.data)
			if err != nil {
				return nil, err
			}
			var r []byte
			for _, x := range res {
				if keepRes[x.typ] {
					r = appendBox(r, x.typ, x.data)
				} else {
					c.dropBox(x)
				}
			}
			out = appendBox(out, k.typ, r)
		default:
			out = appendBox(out, k.typ, k.data)
		}
	}
	return out, nil
}

// colour cleans a colour specification box: an ICC profile (methods 2
// and 3) goes through imagemeta.CleanICC.
func (c *cleaner) colour(b []byte) []byte {
	if len(b) < 3 || (b[0] != 2 && b[0] != 3) {
		return b
	}
	prof := b[3:]
	c.fs = append(c.fs, imagemeta.ICC(prof, c.where+" > ICC profile")...)
	cleaned, changed := imagemeta.CleanICC(prof)
	if !changed {
		return b
	}
	return append(bytes.Clone(b[:3]), cleaned...)
}

// dropBox records the removal of a box.
func (c *cleaner) dropBox(b box) {
	switch b.typ {
	case "xml ":
		if bytes.Contains(b.data, []byte("adobe:ns:meta")) || bytes.Contains(b.data, []byte("<rdf:RDF")) {
			c.fs = append(c.fs, imagemeta.XMP(b.data, c.where+" > XMP")...)
			return
		}
		c.add("XML box", imagemeta.Describe(b.data), scrub.KindOther, scrub.LabelMetadata)
	case "uuid":
		if len(b.data) < 16 {
			c.add("UUID box", "", scrub.KindOther, scrub.LabelMetadata)
			return
		}
		id, p := b.data[:16], b.data[16:]
		switch {
		case bytes.Equal(id, uuidXMP):
			c.fs = append(c.fs, imagemeta.XMP(p, c.where+" > XMP")...)
		case bytes.Equal(id, uuidEXIF):
			p = imagemeta.ExifTIFF(p)
			fs, _ := imagemeta.EXIF(p, c.where+" > EXIF")
			c.fs = append(c.fs, fs...)
			if len(fs) == 0 {
				c.add("EXIF", imagemeta.Size(len(p)), scrub.KindOther, scrub.LabelMetadata)
			}
		case bytes.Equal(id, uuidIPTC):
			c.fs = append(c.fs, imagemeta.IPTC(p, c.where+" > IPTC")...)
		case bytes.Equal(id, uuidGeo):
			c.add("GeoJP2 position", imagemeta.Size(len(p)), scrub.KindLocation, scrub.LabelGPS)
		default:
			c.add("UUID box", fmt.Sprintf("%X (%s)", id, imagemeta.Size(len(p))), scrub.KindOther, scrub.LabelPrivateData)
		}
	case "uinf", "ulst", "url ":
		c.add("URL box", urls(b), scrub.KindOther, scrub.LabelLink)
	case "jp2i":
		c.add("intellectual property box", imagemeta.Describe(b.data), scrub.KindOther, scrub.LabelCopyright)
	default:
		c.add("box '"+printable(b.typ)+"'", imagemeta.Size(len(b.data)), scrub.KindOther, scrub.LabelMetadata)
	}
}

// urls returns the URLs a UUID info box (or its URL box) holds.
func urls(b box) string {
	if b.typ == "url " {
		if len(b.data) > 4 {
			return string(bytes.TrimRight(b.data[4:], "\x00"))
		}
		return ""
	}
	kids, err := boxes(b.data)
	if err != nil {
		return ""
	}
	var out []string
	for _, k := range kids {
		if s := urls(k); s != "" {
			out = append(out, s)
		}
	}
	return join(out)
}

func join(ss []string) string {
	var b bytes.Buffer
	for i, s := range ss {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(s)
	}
	return b.String()
}

func printable(s string) string {
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return fmt.Sprintf("%X", s)
		}
	}
	return s
}

// Codestream markers.
const (
	mSOC = 0x4f
	mSOT = 0x90
	mSOD = 0x93
	mEOC = 0xd9
	mTLM = 0x55
	mCOM = 0x64
)

// codestream returns a J2K codestream without its COM marker segments.
// When a tile-part header loses one, the tile-part's length (Psot) is
// corrected and the main header's tile-part lengths (TLM), which would be
// wrong, go too: they only speed up random access.
func (c *cleaner) codestream(b []byte) ([]byte, error) {
	if len(b) < 4 || b[0] != 0xff || b[1] != mSOC {
		return nil, fmt.Errorf("%w: the codestream does not start with SOC", ErrMalformed)
	}
	var main []byte // main header segments after SOC
	var tileParts []byte
	i := 2
	tlm := false
	tileCOM := false
	// Main header: marker segments up to the first SOT.
	for {
		if i+4 > len(b) || b[i] != 0xff {
			return nil, fmt.Errorf("%w: a marker segment of the main header is cut short", ErrMalformed)
		}
		m := b[i+1]
		if m == mSOT || m == mEOC {
			break
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return nil, fmt.Errorf("%w: a marker segment has a length past the end", ErrMalformed)
		}
		seg := b[i : i+2+n]
		switch m {
		case mCOM:
			c.comment(seg[4:])
		case mTLM:
			tlm = true
			main = append(main, seg...)
		default:
			main = append(main, seg...)
		}
		i += 2 + n
	}
	// Tile-parts.
	for i+2 <= len(b) && b[i] == 0xff && b[i+1] == mSOT {
		if i+12 > len(b) {
			return nil, fmt.Errorf("%w: a tile-part header is cut short", ErrMalformed)
		}
		psot := int(binary.BigEndian.Uint32(b[i+6:]))
		end := i + psot
		if psot == 0 {
			end = len(b)
			if bytes.HasSuffix(b, []byte{0xff, mEOC}) {
				end = len(b) - 2
			}
		}
		if psot != 0 && (psot < 14 || end > len(b)) {
			return nil, fmt.Errorf("%w: a tile-part has a length past the end", ErrMalformed)
		}
		sot := bytes.Clone(b[i : i+12])
		j := i + 12
		var head []byte
		for {
			if j+2 > end || b[j] != 0xff {
				return nil, fmt.Errorf("%w: a tile-part header is cut short", ErrMalformed)
			}
			if b[j+1] == mSOD {
				break
			}
			if j+4 > end {
				return nil, fmt.Errorf("%w: a tile-part header is cut short", ErrMalformed)
			}
			n := int(binary.BigEndian.Uint16(b[j+2:]))
			if n < 2 || j+2+n > end {
				return nil, fmt.Errorf("%w: a marker segment has a length past the end", ErrMalformed)
			}
			if b[j+1] == mCOM {
				c.comment(b[j+4 : j+2+n])
				tileCOM = true
			} else {
				head = append(head, b[j:j+2+n]...)
			}
			j += 2 + n
		}
		body := b[j:end] // SOD and the tile-part's data
		if psot != 0 {
			binary.BigEndian.PutUint32(sot[6:], uint32(12+len(head)+len(body)))
		}
		tileParts = append(tileParts, sot...)
		tileParts = append(tileParts, head...)
		tileParts = append(tileParts, body...)
		i = end
	}
	rest := b[i:] // EOC, and whatever a writer put after it
	if !bytes.HasPrefix(rest, []byte{0xff, mEOC}) && len(rest) > 0 {
		return nil, fmt.Errorf("%w: data after the tile-parts is not an end of codestream", ErrMalformed)
	}
	if len(rest) > 2 {
		c.add("data after the end of the codestream", imagemeta.Size(len(rest)-2), scrub.KindHidden, scrub.LabelHiddenData)
	}
	out := make([]byte, 0, len(b))
	out = append(out, 0xff, mSOC)
	if tileCOM && tlm {
		out = append(out, dropMarker(main, mTLM)...)
	} else {
		out = append(out, main...)
	}
	out = append(out, tileParts...)
	if len(rest) >= 2 {
		out = append(out, 0xff, mEOC)
	}
	return out, nil
}

// dropMarker returns the marker segments of segs (well-formed, from
// codestream) without those of marker m.
func dropMarker(segs []byte, m byte) []byte {
	var out []byte
	for i := 0; i+4 <= len(segs); {
		n := int(binary.BigEndian.Uint16(segs[i+2:]))
		if segs[i+1] != m {
			out = append(out, segs[i:i+2+n]...)
		}
		i += 2 + n
	}
	return out
}

// comment records a COM marker segment (Rcom: 0 binary, 1 Latin-1 text).
func (c *cleaner) comment(b []byte) {
	v := ""
	if len(b) >= 2 {
		if binary.BigEndian.Uint16(b) == 1 {
			v = imagemeta.Latin1(b[2:])
			if !utf8.ValidString(v) {
				v = ""
			}
		} else {
			v = imagemeta.Size(len(b) - 2)
		}
	}
	c.add("codestream comment (COM)", v, scrub.KindSoftware, scrub.LabelSoftware)
}
