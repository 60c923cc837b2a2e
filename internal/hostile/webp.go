package hostile

import (
	"encoding/binary"
	"io"

	"github.com/scrub-project/scrub/internal/metatest"
)

// tinyVP8L is a 1×1 lossless WebP bitstream.
var tinyVP8L = []byte("\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07")

// riffChunk returns a RIFF chunk (four-character code, little-endian
// size, payload, pad byte if the size is odd).
func riffChunk(id string, p []byte) []byte {
	b := append([]byte(id), 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(b[4:], uint32(len(p)))
	b = append(b, p...)
	if len(p)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

func webpFile(chunks ...[]byte) []byte {
	b := []byte("RIFF\x00\x00\x00\x00WEBP")
	for _, c := range chunks {
		b = append(b, c...)
	}
	binary.LittleEndian.PutUint32(b[4:], uint32(len(b)-8))
	return b
}

// WebP returns a small extended WebP (a 1×1 lossless image) whose EXIF
// chunk carries prefix as the artist and camera serial ("P-ARTIST",
// "P-SERIAL") and whose XMP chunk carries "P-CREATOR".
func WebP(prefix string) []byte {
	exif := (&metatest.EXIF{
		IFD0: []metatest.Entry{{Tag: 0x013b, Value: prefix + "-ARTIST"}},
		Exif: []metatest.Entry{{Tag: 0xa431, Value: prefix + "-SERIAL"}},
	}).Bytes()
	return webpFile(
		riffChunk("VP8X", []byte{0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
		riffChunk("VP8L", tinyVP8L),
		riffChunk("EXIF", exif),
		riffChunk("XMP ", metatest.XMP([][2]string{{"dc:creator", prefix + "-CREATOR"}})))
}

func hostileWebP() []Case {
	img := func(name, what string, f func() []byte) Case {
		return Case{Name: name, File: name + ".webp", What: what, Write: lazy(f)}
	}
	return []Case{
		img("webp-riff-size-past-end", "a WebP whose RIFF size says 2 GiB", func() []byte {
			b := WebP("HWEBP")
			binary.LittleEndian.PutUint32(b[4:], 1<<31)
			return b
		}),
		img("webp-chunk-past-end", "a WebP chunk declaring 4 GiB", func() []byte {
			b := webpFile(riffChunk("VP8X", make([]byte, 10)), riffChunk("VP8L", tinyVP8L))
			b = append(b, "EXIF\xff\xff\xff\xffHWEBP-EXIF"...)
			binary.LittleEndian.PutUint32(b[4:], uint32(len(b)-8))
			return b
		}),
		img("webp-truncated", "a WebP cut inside its bitstream", func() []byte {
			b := webpFile(riffChunk("VP8X", make([]byte, 10)), riffChunk("VP8L", tinyVP8L))
			return b[:len(b)-6]
		}),
		img("webp-riff-size-short", "a WebP whose RIFF size ends inside a chunk", func() []byte {
			b := WebP("HWEBP")
			binary.LittleEndian.PutUint32(b[4:], 30)
			return b
		}),
		{Name: "webp-many-chunks", File: "many.webp", What: "a WebP with 30000 empty chunks, over the member limit", Write: func(w io.Writer) error {
			cs := [][]byte{riffChunk("VP8X", make([]byte, 10)), riffChunk("VP8L", tinyVP8L)}
			for range 30000 {
				cs = append(cs, riffChunk("JUNK", nil))
			}
			_, err := w.Write(webpFile(cs...))
			return err
		}},
		{Name: "webp-trailing", File: "trailing.webp", What: "a WebP with metadata and text stored after the end of its container",
			Planted: []string{"TWEBP-ARTIST", "TWEBP-CREATOR", "TWEBP-AFTER"}, Write: lazy(func() []byte {
				return append(WebP("TWEBP"), "TWEBP-AFTER the end"...)
			})},
	}
}
