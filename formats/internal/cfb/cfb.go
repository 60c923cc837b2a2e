// Package cfb holds what scrub's formats share about the compound file
// (OLE2) container: Office 97-2003 documents, embedded OLE objects, macro
// projects, encrypted Office documents.
package cfb

import (
	"bytes"
	"encoding/binary"
)

// Magic starts every compound file.
var Magic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// Is reports whether b starts like a compound file.
func Is(b []byte) bool { return bytes.HasPrefix(b, Magic) }

// Empty returns a compound file with nothing but its root storage: what a
// container keeps in place of an embedded object scrub cannot clean. The
// document keeps the object's picture and opens as before; only opening
// the object for editing fails.
func Empty() []byte {
	b := make([]byte, len(empty))
	copy(b, empty)
	return b
}

// IsEmpty reports whether b is Empty's compound file.
func IsEmpty(b []byte) bool { return bytes.Equal(b, empty) }

var empty = makeEmpty()

func makeEmpty() []byte {
	const sector = 512
	b := make([]byte, 3*sector)
	le := binary.LittleEndian
	copy(b, Magic)
	le.PutUint16(b[24:], 0x003e) // minor version
	le.PutUint16(b[26:], 0x0003) // major version 3: 512-byte sectors
	le.PutUint16(b[28:], 0xfffe) // byte order
	le.PutUint16(b[30:], 9)      // sector shift
	le.PutUint16(b[32:], 6)      // mini sector shift
	le.PutUint32(b[44:], 1)      // FAT sectors
	le.PutUint32(b[48:], 1)      // first directory sector
	le.PutUint32(b[56:], 0x1000) // mini stream cutoff
	le.PutUint32(b[60:], 0xfffffffe)
	le.PutUint32(b[68:], 0xfffffffe)
	for i := 0; i < 109; i++ { // DIFAT: the FAT is sector 0
		v := uint32(0xffffffff)
		if i == 0 {
			v = 0
		}
		le.PutUint32(b[76+4*i:], v)
	}
	fat := b[sector : 2*sector]
	for i := 0; i < sector/4; i++ {
		le.PutUint32(fat[4*i:], 0xffffffff) // free
	}
	le.PutUint32(fat[0:], 0xfffffffd) // FAT sector
	le.PutUint32(fat[4:], 0xfffffffe) // directory: end of chain
	dir := b[2*sector:]
	for i := 0; i < 4; i++ {
		d := dir[128*i : 128*(i+1)]
		le.PutUint32(d[68:], 0xffffffff) // left sibling
		le.PutUint32(d[72:], 0xffffffff) // right sibling
		le.PutUint32(d[76:], 0xffffffff) // child
	}
	root := dir[:128]
	for i, c := range "Root Entry" {
		le.PutUint16(root[2*i:], uint16(c))
	}
	le.PutUint16(root[64:], uint16(2*len("Root Entry")+2))
	root[66] = 5                         // root storage
	root[67] = 1                         // black
	le.PutUint32(root[116:], 0xfffffffe) // no mini stream
	return b
}
