package hostile

import (
	"bytes"
	"image"
	"image/color/palette"
	"image/gif"
	"io"

	"github.com/scrub-project/scrub/internal/metatest"
)

// gifExt returns a GIF extension block with the given sub-blocks.
func gifExt(label byte, subs ...[]byte) []byte {
	b := []byte{0x21, label}
	for _, s := range subs {
		for len(s) > 0 {
			n := min(len(s), 255)
			b = append(b, byte(n))
			b = append(b, s[:n]...)
			s = s[n:]
		}
	}
	return append(b, 0)
}

// gifFrames returns an animated GIF of 16×16 frames with a loop count.
func gifFrames(n int) []byte {
	a := &gif.GIF{LoopCount: 2}
	for i := 0; i < n; i++ {
		img := image.NewPaletted(image.Rect(0, 0, 16, 16), palette.Plan9)
		draw := picture()
		for y := 0; y < 16; y++ {
			for x := 0; x < 16; x++ {
				img.Set(x, y, draw.At((x+i)%16, y))
			}
		}
		a.Image = append(a.Image, img)
		a.Delay = append(a.Delay, 10)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, a); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// gifInsert puts blocks after the screen descriptor and colour table.
func gifInsert(img []byte, blocks ...[]byte) []byte {
	n := 13
	if img[10]&0x80 != 0 {
		n += 3 << (1 + img[10]&7)
	}
	out := append([]byte(nil), img[:n]...)
	for _, b := range blocks {
		out = append(out, b...)
	}
	return append(out, img[n:]...)
}

// GIF returns a small animated GIF with a comment ("P-COMMENT") and a raw
// XMP packet (creator "P-CREATOR", with its magic trailer) besides the
// loop count.
func GIF(prefix string) []byte {
	xmp := append([]byte{0x21, 0xff, 11}, "XMP DataXMP"...)
	xmp = append(xmp, metatest.XMP([][2]string{{"dc:creator", prefix + "-CREATOR"}})...)
	xmp = append(xmp, 1)
	for i := 255; i >= 0; i-- {
		xmp = append(xmp, byte(i))
	}
	xmp = append(xmp, 0)
	return gifInsert(gifFrames(3), gifExt(0xfe, []byte(prefix+"-COMMENT")), xmp)
}

// GIFComment returns a one-frame GIF whose comment extension holds text.
func GIFComment(text string) []byte {
	return gifInsert(gifFrames(1), gifExt(0xfe, []byte(text)))
}

func hostileGIF() []Case {
	img := func(name, what string, f func() []byte) Case {
		return Case{Name: name, File: name + ".gif", What: what, Write: lazy(f)}
	}
	return []Case{
		img("gif-truncated", "a GIF cut inside its image data", func() []byte {
			b := GIF("HGIF")
			return b[:len(b)-20]
		}),
		img("gif-endless-subblocks", "a GIF comment whose 255-byte sub-blocks never end (no terminator before the end of the file)", func() []byte {
			img := gifFrames(1)
			b := gifInsert(img, []byte{0x21, 0xfe})
			b = b[:len(b)-len(img)+13+3<<(1+img[10]&7)+2] // up to the comment's label
			for range 4096 {
				b = append(b, 0xff)
				b = append(b, bytes.Repeat([]byte("HGIF-ENDLESS "), 20)[:255]...)
			}
			return b
		}),
		img("gif-stray-byte", "a GIF with a byte that starts no block between its frames", func() []byte {
			return gifInsert(gifFrames(2), []byte{0x42})
		}),
		{Name: "gif-many-extensions", File: "many.gif", What: "a GIF with 30000 comment blocks, over the member limit", Write: func(w io.Writer) error {
			var cs []byte
			for range 30000 {
				cs = append(cs, gifExt(0xfe, []byte("c"))...)
			}
			_, err := w.Write(gifInsert(gifFrames(1), cs))
			return err
		}},
		{Name: "gif-trailing", File: "trailing.gif", What: "a GIF with a comment, XMP and text stored after its trailer",
			Planted: []string{"TGIF-COMMENT", "TGIF-CREATOR", "TGIF-AFTER"}, Write: lazy(func() []byte {
				return append(GIF("TGIF"), "TGIF-AFTER the trailer"...)
			})},
		{Name: "gif-no-trailer", File: "no-trailer.gif", What: "a GIF with a comment that ends after its last frame, without a trailer",
			Planted: []string{"NGIF-COMMENT", "NGIF-CREATOR"}, Write: lazy(func() []byte {
				b := GIF("NGIF")
				return b[:len(b)-1]
			})},
	}
}
