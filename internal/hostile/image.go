package hostile

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"

	"github.com/scrub-project/scrub/internal/metatest"
)

func picture() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for y := 0; y < 16; y++ {
		for x := 0; x < 16; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 16), uint8(y * 16), 128, 255})
		}
	}
	return img
}

// JPEG returns a small JPEG whose EXIF segment carries prefix as the
// artist ("P-ARTIST") and camera serial ("P-SERIAL"), and a COM segment
// with "P-COMMENT".
func JPEG(prefix string) []byte {
	return jpegWith(prefix+"-ARTIST", prefix+"-SERIAL", prefix+"-COMMENT")
}

func jpegWith(artist, serial, comment string) []byte {
	var enc bytes.Buffer
	jpeg.Encode(&enc, picture(), &jpeg.Options{Quality: 90})
	b := enc.Bytes()
	exif := (&metatest.EXIF{
		IFD0: []metatest.Entry{{Tag: 0x013b, Value: artist}},
		Exif: []metatest.Entry{{Tag: 0xa431, Value: serial}},
	}).Bytes()
	var out bytes.Buffer
	out.Write(b[:2]) // SOI
	segment(&out, 0xe1, append([]byte("Exif\x00\x00"), exif...))
	segment(&out, 0xfe, []byte(comment))
	out.Write(b[2:])
	return out.Bytes()
}

func segment(w *bytes.Buffer, marker byte, p []byte) {
	w.Write([]byte{0xff, marker})
	binary.Write(w, binary.BigEndian, uint16(len(p)+2))
	w.Write(p)
}

// PNG returns a small PNG whose tEXt chunk carries prefix as the author
// ("P-AUTHOR").
func PNG(prefix string) []byte {
	var enc bytes.Buffer
	png.Encode(&enc, picture())
	b := enc.Bytes()
	var out bytes.Buffer
	out.Write(b[:33]) // signature and IHDR
	out.Write(Chunk("tEXt", []byte("Author\x00"+prefix+"-AUTHOR")))
	out.Write(b[33:])
	return out.Bytes()
}

// Chunk returns a PNG chunk with a correct CRC.
func Chunk(typ string, data []byte) []byte {
	var b []byte
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// jpegTruncatedInMarker returns JPEG(prefix) cut in the middle of its
// EXIF segment's length field.
func jpegTruncatedInMarker(prefix string) []byte {
	b := JPEG(prefix)
	return b[:5] // FF D8 FF E1 and one byte of the length
}

// jpegSegmentPastEnd returns a JPEG whose COM segment declares a length
// that runs past the end of the file.
func jpegSegmentPastEnd(prefix string) []byte {
	b := JPEG(prefix)
	i := bytes.Index(b, []byte{0xff, 0xfe})
	out := bytes.Clone(b[:i+2])
	out = append(out, 0xff, 0xf0)
	return append(out, []byte(prefix+"-COMMENT")...)
}

// jpegNoEOI returns JPEG(prefix) with the end-of-image marker and the
// last bytes of the scan cut off.
func jpegNoEOI(prefix string) []byte {
	b := JPEG(prefix)
	return b[:len(b)-40]
}

// pngBadCRC returns PNG(prefix) with the tEXt chunk's CRC wrong.
func pngBadCRC(prefix string) []byte {
	b := PNG(prefix)
	i := bytes.Index(b, []byte("tEXt"))
	n := int(binary.BigEndian.Uint32(b[i-4:]))
	b[i+4+n] ^= 0xff
	return b
}

// pngHugeChunk returns a PNG whose tEXt chunk declares a length of
// 2^31-1 bytes.
func pngHugeChunk(prefix string) []byte {
	b := PNG(prefix)
	i := bytes.Index(b, []byte("tEXt"))
	binary.BigEndian.PutUint32(b[i-4:], 1<<31-1)
	return b
}

// pngTruncated returns PNG(prefix) cut inside its image data.
func pngTruncated(prefix string) []byte {
	b := PNG(prefix)
	i := bytes.Index(b, []byte("IDAT"))
	return b[:i+10]
}
