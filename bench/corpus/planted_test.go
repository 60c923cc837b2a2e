package corpus

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"testing"
)

func pngChunk(typ string, body []byte) []byte {
	var b []byte
	b = binary.BigEndian.AppendUint32(b, uint32(len(body)))
	b = append(b, typ...)
	b = append(b, body...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte(typ), body...)))
}

func zdeflate(b []byte) []byte {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// A value in a PNG's compressed chunks is found: a zTXt "Raw profile"
// holding hex (as exiftool writes IPTC), a compressed iTXt (XMP); and a
// GPS position planted as rationals is found in either byte order.
func TestHolds(t *testing.T) {
	iptc := append([]byte{0x1c, 0x02, 0x50, 0, 16}, "Ottilie Planted-1"...)
	raw := fmt.Sprintf("\niptc\n%8d\n%s\n", len(iptc), hex.EncodeToString(iptc))
	png := []byte("\x89PNG\r\n\x1a\n")
	png = append(png, pngChunk("zTXt", append([]byte("Raw profile type iptc\x00\x00"), zdeflate([]byte(raw))...))...)
	png = append(png, pngChunk("iTXt", append([]byte("XML:com.adobe.xmp\x00\x01\x00\x00\x00"), zdeflate([]byte("<dc:creator>Second Person-2</dc:creator>"))...))...)
	png = append(png, pngChunk("IEND", nil)...)
	for _, v := range []string{"Ottilie Planted-1", "Second Person-2"} {
		if bytes.Contains(png, []byte(v)) {
			t.Fatalf("%q is in the PNG uncompressed: the test proves nothing", v)
		}
		if !Holds(png, v) {
			t.Errorf("%q not found in the PNG's compressed chunks", v)
		}
	}
	if Holds(png, "Not There-3") {
		t.Error("a value that is not there is found")
	}
	var le, be []byte
	for _, v := range []uint32{51, 1, 49, 1, 1579, 100} {
		le = binary.LittleEndian.AppendUint32(le, v)
		be = binary.BigEndian.AppendUint32(be, v)
	}
	for _, b := range [][]byte{le, be} {
		if !Holds(append([]byte("xx"), b...), "rat:51/1,49/1,1579/100") {
			t.Errorf("GPS rationals % x not found", b)
		}
	}
	if Holds(le, "rat:51/1,49/1,1580/100") {
		t.Error("another position is found")
	}
}
