package corpus

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/hex"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
)

// PlantedForms returns the byte strings any of which in a file means that
// the planted value v is there: v in UTF-8, UTF-16LE and UTF-16BE, or for
// a GPS coordinate planted as "rat:D/1,M/1,S/100", its three EXIF
// rationals in either byte order.
func PlantedForms(v string) [][]byte {
	if spec, ok := strings.CutPrefix(v, "rat:"); ok {
		var lb, bb []byte
		for _, r := range strings.Split(spec, ",") {
			num, den, _ := strings.Cut(r, "/")
			for _, s := range []string{num, den} {
				n, err := strconv.ParseUint(s, 10, 32)
				if err != nil {
					return nil
				}
				lb = binary.LittleEndian.AppendUint32(lb, uint32(n))
				bb = binary.BigEndian.AppendUint32(bb, uint32(n))
			}
		}
		return [][]byte{lb, bb}
	}
	u := utf16.Encode([]rune(v))
	le := make([]byte, 0, 2*len(u))
	be := make([]byte, 0, 2*len(u))
	for _, c := range u {
		le = append(le, byte(c), byte(c>>8))
		be = append(be, byte(c>>8), byte(c))
	}
	return [][]byte{[]byte(v), le, be}
}

// maxView bounds what one compressed chunk may inflate to.
const maxView = 64 << 20

// MediaViews returns the decoded views of a media file that a byte search
// must cover besides its bytes: the compressed text and profile chunks of
// a PNG (zTXt, compressed iTXt, iCCP) inflated, and the hex of the "Raw
// profile" text exiftool and ImageMagick store EXIF and IPTC in, decoded.
// Other media keep their metadata as it is (ID3, Vorbis comments, MP4
// boxes, EXIF in HEIC and WebP): their bytes are the view.
func MediaViews(data []byte) [][]byte {
	var out [][]byte
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		return nil
	}
	for p := 8; p+12 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[p:]))
		typ := string(data[p+4 : p+8])
		if n < 0 || p+12+n > len(data) {
			break
		}
		body := data[p+8 : p+8+n]
		p += 12 + n
		var z []byte
		switch typ {
		case "zTXt", "iCCP":
			if i := bytes.IndexByte(body, 0); i >= 0 && i+2 <= len(body) {
				z = body[i+2:]
			}
		case "iTXt":
			i := bytes.IndexByte(body, 0)
			if i < 0 || i+3 > len(body) || body[i+1] != 1 {
				continue
			}
			rest := body[i+3:]
			for range 2 { // language tag, translated keyword
				j := bytes.IndexByte(rest, 0)
				if j < 0 {
					rest = nil
					break
				}
				rest = rest[j+1:]
			}
			z = rest
		}
		if z == nil {
			continue
		}
		zr, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			continue
		}
		text, _ := io.ReadAll(io.LimitReader(zr, maxView))
		out = append(out, text)
		if d := rawProfile(text); d != nil {
			out = append(out, d)
		}
	}
	return out
}

// rawProfile decodes "\nNAME\n   LENGTH\nHEX..." text.
func rawProfile(text []byte) []byte {
	lines := bytes.SplitN(bytes.TrimLeft(text, "\n"), []byte("\n"), 3)
	if len(lines) < 3 {
		return nil
	}
	h := bytes.Map(func(r rune) rune {
		if r == '\n' || r == ' ' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, lines[2])
	d, err := hex.DecodeString(string(h[:len(h)&^1]))
	if err != nil {
		return nil
	}
	return d
}

// Holds reports whether v is in data or one of its MediaViews.
func Holds(data []byte, v string) bool {
	views := append([][]byte{data}, MediaViews(data)...)
	for _, view := range views {
		for _, f := range PlantedForms(v) {
			if len(f) > 0 && bytes.Contains(view, f) {
				return true
			}
		}
	}
	return false
}
