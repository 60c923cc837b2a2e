// Package metafile knows the vector picture formats Office and
// LibreOffice embed that scrub has no handler for: what each carries
// besides drawing, and how to take it out.
//
//   - EMF (enhanced metafile): its header has a description, the program
//     that made the picture and often its title or file name. BlankEMF
//     zeroes it and keeps the record's size.
//   - WMF (Windows metafile) and SVM (LibreOffice's metafile): their
//     headers hold sizes, counts and a version only; their records draw.
//     They carry no metadata field and stay as they are (the engine's
//     residue check still reads every byte of them).
package metafile

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf16"
)

// Kind is a metafile format, or None.
type Kind uint8

const (
	None Kind = iota
	EMF
	WMF
	SVM
)

// Sniff tells which metafile b holds.
func Sniff(b []byte) Kind {
	le := binary.LittleEndian
	switch {
	case len(b) >= 88 && le.Uint32(b) == 1 && le.Uint32(b[40:]) == 0x464d4520:
		return EMF
	case len(b) >= 18 && (le.Uint32(b) == 0x9ac6cdd7 || bytes.HasPrefix(b, []byte{1, 0, 9, 0}) || bytes.HasPrefix(b, []byte{2, 0, 9, 0})):
		return WMF
	case bytes.HasPrefix(b, []byte("VCLMTF")):
		return SVM
	}
	return None
}

// description locates an EMF header's description: nDescription UTF-16
// characters at offDescription, inside the header record (MS-EMF 2.2.9).
func description(b []byte) (off, n int, ok bool) {
	if Sniff(b) != EMF {
		return 0, 0, false
	}
	le := binary.LittleEndian
	size := int(le.Uint32(b[4:]))
	n, off = int(le.Uint32(b[60:])), int(le.Uint32(b[64:]))
	if n <= 0 || off < 88 || n > 1<<16 || off+2*n > min(size, len(b)) {
		return 0, 0, false
	}
	return off, n, true
}

// Description returns an EMF's description, its parts joined by " / "
// ("" if it has none).
func Description(b []byte) string {
	off, n, ok := description(b)
	if !ok {
		return ""
	}
	u := make([]uint16, n)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[off+2*i:])
	}
	var parts []string
	for _, s := range strings.Split(string(utf16.Decode(u)), "\x00") {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " / ")
}

// BlankEMF returns a copy of an EMF whose description is zeroed (the
// record keeps its size), or nil if it has no description to blank.
func BlankEMF(b []byte) []byte {
	off, n, ok := description(b)
	if !ok || allZero(b[off:off+2*n]) {
		return nil
	}
	out := bytes.Clone(b)
	clear(out[off : off+2*n])
	return out
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
