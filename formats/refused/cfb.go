package refused

import (
	"encoding/binary"
	"errors"
	"io"
	"unicode/utf16"

	"github.com/scrub-project/scrub/formats/internal/cfb"
)

// cfbMagic starts every OLE2 compound file (legacy Office, MSG, encrypted
// OOXML).
var cfbMagic = cfb.Magic

const (
	endOfChain = 0xFFFFFFFE
	freeSect   = 0xFFFFFFFF
	maxSectors = 1 << 20 // bounds every chain walk
	maxEntries = 1 << 14
)

var errCFB = errors.New("damaged compound file")

// cfbNames returns the names of the entries in a compound file's
// directory. It reads only the header, the FAT sectors that the directory
// chain needs, and the directory itself; every walk is bounded.
func cfbNames(r io.ReaderAt, size int64) ([]string, error) {
	var hdr [512]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return nil, errCFB
	}
	le := binary.LittleEndian
	shift := le.Uint16(hdr[0x1E:])
	if shift != 9 && shift != 12 {
		return nil, errCFB
	}
	sectorSize := int64(1) << shift
	numFAT := le.Uint32(hdr[0x2C:])
	firstDir := le.Uint32(hdr[0x30:])
	firstDIFAT := le.Uint32(hdr[0x44:])
	numDIFAT := le.Uint32(hdr[0x48:])
	if numFAT > maxSectors || numDIFAT > maxSectors {
		return nil, errCFB
	}
	offset := func(sect uint32) int64 { return (int64(sect) + 1) * sectorSize }

	// The FAT's own sectors: 109 in the header, the rest in DIFAT sectors.
	var fatSects []uint32
	for i := 0; i < 109 && uint32(len(fatSects)) < numFAT; i++ {
		fatSects = append(fatSects, le.Uint32(hdr[0x4C+4*i:]))
	}
	buf := make([]byte, sectorSize)
	next := firstDIFAT
	for n := uint32(0); n < numDIFAT && next != endOfChain && next != freeSect && uint32(len(fatSects)) < numFAT; n++ {
		if offset(next)+sectorSize > size {
			return nil, errCFB
		}
		if _, err := r.ReadAt(buf, offset(next)); err != nil {
			return nil, errCFB
		}
		per := int(sectorSize/4) - 1
		for i := 0; i < per && uint32(len(fatSects)) < numFAT; i++ {
			fatSects = append(fatSects, le.Uint32(buf[4*i:]))
		}
		next = le.Uint32(buf[4*per:])
	}
	perFAT := uint32(sectorSize / 4)
	fatEntry := func(sect uint32) (uint32, error) {
		idx := sect / perFAT
		if int(idx) >= len(fatSects) {
			return 0, errCFB
		}
		var b [4]byte
		if _, err := r.ReadAt(b[:], offset(fatSects[idx])+int64(sect%perFAT)*4); err != nil {
			return 0, errCFB
		}
		return le.Uint32(b[:]), nil
	}

	var names []string
	seen := map[uint32]bool{}
	for sect := firstDir; sect != endOfChain; {
		if seen[sect] || len(seen) > maxSectors || offset(sect)+sectorSize > size {
			return nil, errCFB
		}
		seen[sect] = true
		if _, err := r.ReadAt(buf, offset(sect)); err != nil {
			return nil, errCFB
		}
		for e := int64(0); e+128 <= sectorSize; e += 128 {
			ent := buf[e : e+128]
			if ent[0x42] == 0 { // unused entry
				continue
			}
			n := int(le.Uint16(ent[0x40:]))
			if n < 2 || n > 64 || n%2 != 0 {
				continue
			}
			u := make([]uint16, 0, n/2-1)
			for i := 0; i+1 < n-2; i += 2 {
				u = append(u, le.Uint16(ent[i:]))
			}
			names = append(names, string(utf16.Decode(u)))
			if len(names) > maxEntries {
				return nil, errCFB
			}
		}
		var err error
		if sect, err = fatEntry(sect); err != nil {
			return nil, err
		}
	}
	return names, nil
}
