package hostile

import (
	"encoding/binary"
	"unicode/utf16"
)

// EMF returns an Enhanced Metafile whose header description (where
// programs write their name and often a file name) is desc: a header
// record, one handle, and the end record.
func EMF(desc string) []byte {
	u := utf16.Encode([]rune(desc))
	size := 108 + 2*len(u)
	b := make([]byte, size)
	le := binary.LittleEndian
	le.PutUint32(b, 1)
	le.PutUint32(b[4:], uint32(size))
	le.PutUint32(b[40:], 0x464d4520)
	le.PutUint32(b[44:], 0x10000)
	le.PutUint32(b[48:], uint32(size+20))
	le.PutUint32(b[52:], 2)
	le.PutUint16(b[56:], 1)
	le.PutUint32(b[60:], uint32(len(u)))
	le.PutUint32(b[64:], 108)
	for i, c := range u {
		le.PutUint16(b[108+2*i:], c)
	}
	return append(b, 14, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0) // EMR_EOF
}

// BMP returns a 1×1 BMP that carries text after its pixels (no handler
// cleans BMP: a document holding one must lose it).
func BMP(text string) []byte {
	b := make([]byte, 58)
	copy(b, "BM")
	le := binary.LittleEndian
	le.PutUint32(b[2:], uint32(58+len(text)))
	le.PutUint32(b[10:], 54)
	le.PutUint32(b[14:], 40)
	le.PutUint32(b[18:], 1)
	le.PutUint32(b[22:], 1)
	le.PutUint16(b[26:], 1)
	le.PutUint16(b[28:], 24)
	return append(b, text...)
}
