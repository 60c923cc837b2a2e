package flac

import (
	"math/rand/v2"
	"testing"
)

// TestCRC16 checks the eight-bytes-a-step CRC against the plain one, and
// the property frame ends are found by: a frame followed by its own CRC
// gives zero.
func TestCRC16(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 100 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		var want uint16
		for _, x := range b {
			want = want<<8 ^ crc16Table[byte(want>>8)^x]
		}
		if got := crc16(0, b); got != want {
			t.Fatalf("%d bytes: %04x, want %04x", n, got, want)
		}
		if got := crc16(crc16(0, b[:n/3]), b[n/3:]); got != want {
			t.Fatalf("%d bytes in two runs: %04x, want %04x", n, got, want)
		}
		if crc16(0, append(b, byte(want>>8), byte(want))) != 0 {
			t.Fatal("a run followed by its CRC does not give zero")
		}
	}
}
