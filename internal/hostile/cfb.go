package hostile

import (
	"encoding/binary"
	"unicode/utf16"
)

// CFB returns a minimal OLE2 compound file (the container of legacy
// Office files and of password-protected OOXML) whose directory holds a
// root entry and one stream per name: 512-byte sectors, sector 0 the FAT,
// sector 1 onwards the directory.
func CFB(names ...string) []byte {
	le := binary.LittleEndian
	entries := append([]string{"Root Entry"}, names...)
	dirSectors := (len(entries) + 3) / 4
	b := make([]byte, 512*(2+dirSectors))
	copy(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le.PutUint16(b[0x18:], 0x3E) // minor version
	le.PutUint16(b[0x1A:], 3)    // major version
	le.PutUint16(b[0x1C:], 0xFFFE)
	le.PutUint16(b[0x1E:], 9) // 512-byte sectors
	le.PutUint16(b[0x20:], 6)
	le.PutUint32(b[0x2C:], 1) // one FAT sector
	le.PutUint32(b[0x30:], 1) // the directory starts at sector 1
	le.PutUint32(b[0x38:], 0x1000)
	le.PutUint32(b[0x3C:], 0xFFFFFFFE) // no mini FAT
	le.PutUint32(b[0x44:], 0xFFFFFFFE) // no DIFAT sectors
	for i := 0; i < 109; i++ {
		le.PutUint32(b[0x4C+4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(b[0x4C:], 0) // the FAT is sector 0
	fat := b[512:1024]
	for i := 0; i < 128; i++ {
		le.PutUint32(fat[4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(fat[0:], 0xFFFFFFFD) // sector 0: FAT
	for s := 1; s <= dirSectors; s++ {
		next := uint32(s + 1)
		if s == dirSectors {
			next = 0xFFFFFFFE
		}
		le.PutUint32(fat[4*s:], next)
	}
	for i, n := range entries {
		e := b[1024+128*i : 1024+128*(i+1)]
		u := utf16.Encode([]rune(n))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[0x40:], uint16(2*len(u)+2))
		e[0x42] = 2 // stream
		if i == 0 {
			e[0x42] = 5 // root storage
		}
		le.PutUint32(e[0x44:], 0xFFFFFFFF)
		le.PutUint32(e[0x48:], 0xFFFFFFFF)
		le.PutUint32(e[0x4C:], 0xFFFFFFFF)
		le.PutUint32(e[0x74:], 0xFFFFFFFE)
	}
	return b
}
