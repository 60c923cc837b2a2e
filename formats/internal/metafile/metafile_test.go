package metafile

import (
	"bytes"
	"encoding/binary"
	"testing"
	"unicode/utf16"
)

// emf builds an EMF header record with a description and one more record.
func emf(desc string) []byte {
	u := utf16.Encode([]rune(desc))
	size := 108 + 2*len(u)
	b := make([]byte, size, size+20)
	le := binary.LittleEndian
	le.PutUint32(b, 1)
	le.PutUint32(b[4:], uint32(size))
	le.PutUint32(b[40:], 0x464d4520)
	le.PutUint32(b[44:], 0x10000)
	le.PutUint32(b[60:], uint32(len(u)))
	le.PutUint32(b[64:], 108)
	for i, c := range u {
		le.PutUint16(b[108+2*i:], c)
	}
	return append(b, 14, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0) // EMR_EOF
}

func TestEMF(t *testing.T) {
	b := emf("PLANT-PROGRAM\x00C:\\Users\\jane\\chart.emf\x00\x00")
	if Sniff(b) != EMF {
		t.Fatal("not sniffed as EMF")
	}
	if d := Description(b); d != `PLANT-PROGRAM / C:\Users\jane\chart.emf` {
		t.Errorf("description %q", d)
	}
	out := BlankEMF(b)
	if len(out) != len(b) || Description(out) != "" || bytes.Contains(out, []byte("P\x00L\x00A\x00N\x00T")) {
		t.Errorf("not blanked: %q", out)
	}
	if !bytes.Equal(out[:60], b[:60]) || !bytes.Equal(out[len(out)-20:], b[len(b)-20:]) {
		t.Error("blanking changed more than the description")
	}
	if BlankEMF(out) != nil {
		t.Error("a blank description blanked again")
	}
	// A description that claims to run past the header is not touched.
	bad := bytes.Clone(b)
	binary.LittleEndian.PutUint32(bad[60:], 1<<20)
	if BlankEMF(bad) != nil || Description(bad) != "" {
		t.Error("an out-of-bounds description was read")
	}
	if Sniff([]byte("VCLMTF\x01")) != SVM || Sniff([]byte{0xd7, 0xcd, 0xc6, 0x9a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}) != WMF || Sniff([]byte("GIF89a")) != None {
		t.Error("sniffing")
	}
}
