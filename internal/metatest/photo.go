package metatest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
)

// Planted are the identifying values DirtyJPEG writes into a photo.
type Planted struct {
	Artist, Make, Model, Serial, Software string
	Orientation                           uint16 // 0 means none
}

// DirtyJPEG returns a w×h JPEG (content drawn from seed, so distinct seeds
// give distinct photos, with sensor-like noise that compresses like a real
// photo) with an EXIF APP1 holding p, a GPS position and a capture date,
// and an XMP APP1 holding p.Artist as dc:creator.
func DirtyJPEG(w, h int, seed uint64, p Planted) []byte {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	base := [3]int{rng.IntN(200), rng.IntN(200), rng.IntN(200)}
	for y := range h {
		for x := range w {
			n := rng.IntN(24)
			img.Set(x, y, color.RGBA{
				uint8((base[0] + x*55/max(w, 1) + n) % 256),
				uint8((base[1] + y*55/max(h, 1) + n) % 256),
				uint8((base[2] + (x+y)*30/max(w+h, 1) + n) % 256), 255})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 92}); err != nil {
		panic(err)
	}
	e := &EXIF{Order: binary.LittleEndian}
	add := func(d *[]Entry, tag uint16, v string) {
		if v != "" {
			*d = append(*d, Entry{tag, v})
		}
	}
	add(&e.IFD0, 0x010f, p.Make)
	add(&e.IFD0, 0x0110, p.Model)
	if p.Orientation != 0 {
		e.IFD0 = append(e.IFD0, Entry{0x0112, []uint16{p.Orientation}})
	}
	add(&e.IFD0, 0x0131, p.Software)
	add(&e.IFD0, 0x013b, p.Artist)
	e.Exif = append(e.Exif, Entry{0x9003, "2024:05:01 12:34:56"})
	add(&e.Exif, 0xa431, p.Serial)
	e.GPS = []Entry{
		{0x0001, "N"}, {0x0002, [][2]uint32{{52, 1}, {31, 1}, {1234, 100}}},
		{0x0003, "E"}, {0x0004, [][2]uint32{{13, 1}, {24, 1}, {5678, 100}}},
	}
	exif := append([]byte("Exif\x00\x00"), e.Bytes()...)
	var segs []byte
	segs = append(segs, app1(exif)...)
	if p.Artist != "" {
		xmp := append([]byte("http://ns.adobe.com/xap/1.0/\x00"), XMP([][2]string{{"dc:creator", p.Artist}})...)
		segs = append(segs, app1(xmp)...)
	}
	jpg := enc.Bytes()
	out := append([]byte(nil), jpg[:2]...)
	out = append(out, segs...)
	return append(out, jpg[2:]...)
}

func app1(payload []byte) []byte {
	n := len(payload) + 2
	return append([]byte{0xff, 0xe1, byte(n >> 8), byte(n)}, payload...)
}
