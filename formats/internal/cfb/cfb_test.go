package cfb

import (
	"encoding/binary"
	"testing"
	"unicode/utf16"
)

// TestEmpty: the empty object is a version 3 compound file whose one
// directory entry is the root storage, and Empty returns a fresh copy.
func TestEmpty(t *testing.T) {
	b := Empty()
	le := binary.LittleEndian
	if !Is(b) || !IsEmpty(b) || len(b) != 3*512 || le.Uint16(b[26:]) != 3 || le.Uint16(b[30:]) != 9 {
		t.Fatal("not a version 3 compound file of three sectors")
	}
	root := b[2*512 : 2*512+128]
	n := int(le.Uint16(root[64:]))/2 - 1
	u := make([]uint16, n)
	for i := range u {
		u[i] = le.Uint16(root[2*i:])
	}
	if string(utf16.Decode(u)) != "Root Entry" || root[66] != 5 {
		t.Errorf("directory entry 0 is not the root storage")
	}
	b[600] = 1
	if !IsEmpty(Empty()) || IsEmpty(b) {
		t.Error("Empty shares its bytes")
	}
	if Is([]byte("PK\x03\x04")) {
		t.Error("a zip is not a compound file")
	}
}
