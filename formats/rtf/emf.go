package rtf

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf16"
)

// EMF header fields (MS-EMF 2.3.4.2, EMR_HEADER).
const (
	emfSignature   = 0x464d4520 // " EMF"
	emfMinHeader   = 88
	offNDesc       = 60
	offOffDesc     = 64
	offSignature   = 40
	offHeaderSize  = 4
	emrHeaderType  = 1
	maxDescription = 1 << 16
)

// isEMF reports whether b starts with an enhanced metafile header.
func isEMF(b []byte) bool {
	return len(b) >= emfMinHeader && binary.LittleEndian.Uint32(b) == emrHeaderType &&
		binary.LittleEndian.Uint32(b[offSignature:]) == emfSignature
}

// emfDescription returns the description an EMF header carries (the
// program that made it and the picture's name, UTF-16, NUL-separated),
// and where it is in b; ok is false if there is none.
func emfDescription(b []byte) (desc string, at, n int, ok bool) {
	if !isEMF(b) {
		return "", 0, 0, false
	}
	le := binary.LittleEndian
	hsize := int64(le.Uint32(b[offHeaderSize:]))
	count := int64(le.Uint32(b[offNDesc:]))
	off := int64(le.Uint32(b[offOffDesc:]))
	if count == 0 || off == 0 || count > maxDescription || off < emfMinHeader ||
		off+2*count > hsize || off+2*count > int64(len(b)) {
		return "", 0, 0, false
	}
	u := make([]uint16, count)
	for i := range u {
		u[i] = le.Uint16(b[off+2*int64(i):])
	}
	var parts []string
	for _, p := range strings.Split(string(utf16.Decode(u)), "\x00") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " / "), int(off), int(2 * count), true
}

// blankEMF returns the metafile with its description overwritten by NUL
// characters (its length, and so every offset, stays), and the
// description it had. Nothing else changes: the drawing records are
// kept as they are.
func blankEMF(b []byte) ([]byte, string, bool) {
	desc, at, n, ok := emfDescription(b)
	if !ok || bytes.Count(b[at:at+n], []byte{0}) == n {
		return b, "", false
	}
	out := bytes.Clone(b)
	clear(out[at : at+n])
	return out, desc, true
}
