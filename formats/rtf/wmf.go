package rtf

import "encoding/binary"

// WMF record layout (MS-WMF 2.3): an optional placeable header, the
// META_HEADER, then records of a size in 16-bit words and a function.
const (
	wmfPlaceableKey = 0x9ac6cdd7
	wmfPlaceable    = 22
	wmfHeader       = 18
	metaEOF         = 0x0000
	metaEscape      = 0x0626
	mfComment       = 0x000f
)

// cleanWMF walks a Windows metafile's records and blanks the data of
// its comment escapes (MFCOMMENT: arbitrary bytes a program kept there);
// a metafile has no other field for text that is not drawn. It returns
// the metafile, whether it changed, and false if the records do not
// parse (the metafile is then kept as it is).
func cleanWMF(b []byte) ([]byte, bool, bool) {
	le := binary.LittleEndian
	pos := 0
	if len(b) >= wmfPlaceable && le.Uint32(b) == wmfPlaceableKey {
		pos = wmfPlaceable
	}
	if len(b) < pos+wmfHeader {
		return b, false, false
	}
	if typ, hsize := le.Uint16(b[pos:]), le.Uint16(b[pos+2:]); (typ != 1 && typ != 2) || hsize != 9 {
		return b, false, false
	}
	pos += wmfHeader
	var out []byte
	for pos+6 <= len(b) {
		size := int64(le.Uint32(b[pos:])) * 2
		fn := le.Uint16(b[pos+4:])
		if size < 6 || int64(pos)+size > int64(len(b)) {
			return b, false, false
		}
		if fn == metaEOF {
			return orig(b, out), out != nil, true
		}
		if fn == metaEscape && size >= 10 && le.Uint16(b[pos+6:]) == mfComment {
			n := int(le.Uint16(b[pos+8:]))
			data := b[pos+10 : pos+10+min(n, int(size)-10)]
			if !zero(data) {
				if out == nil {
					out = append([]byte{}, b...)
				}
				clear(out[pos+10 : pos+10+len(data)])
			}
		}
		pos += int(size)
	}
	return b, false, false // no end record
}

func orig(b, out []byte) []byte {
	if out != nil {
		return out
	}
	return b
}

func zero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
