package hostile

import (
	"bytes"
	"encoding/binary"
)

// This file builds ISO base media files (MP4, HEIC) by hand: the boxes
// are real, the coded samples are not (no decoder plays them, scrub does
// not decode them). The hostile cases damage them precisely.

func bmffBox(typ string, parts ...[]byte) []byte {
	p := bytes.Join(parts, nil)
	return append(append(binary.BigEndian.AppendUint32(nil, uint32(len(p)+8)), typ...), p...)
}

func bmffFull(typ string, version byte, flags uint32, parts ...[]byte) []byte {
	return bmffBox(typ, append([]byte{version, byte(flags >> 16), byte(flags >> 8), byte(flags)}, bytes.Join(parts, nil)...))
}

func be16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }
func be32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

func bmffMatrix() []byte {
	return bytes.Join([][]byte{be32(0x10000), be32(0), be32(0), be32(0), be32(0x10000), be32(0), be32(0), be32(0), be32(0x40000000)}, nil)
}

// bmffTrack is a track with one chunk of the given sample sizes at off.
func bmffTrack(id uint32, handler string, entry []byte, sizes []uint32, off uint32) []byte {
	var sz []byte
	for _, s := range sizes {
		sz = append(sz, be32(s)...)
	}
	return bmffBox("trak",
		bmffFull("tkhd", 0, 7, be32(0xE0000000), be32(0xE0000000), be32(id), be32(0), be32(1000), make([]byte, 16), bmffMatrix(), be32(0), be32(0)),
		bmffBox("mdia",
			bmffFull("mdhd", 0, 0, be32(0xE0000000), be32(0xE0000000), be32(1000), be32(1000), be16(0x55c4), be16(0)),
			bmffFull("hdlr", 0, 0, be32(0), []byte(handler), make([]byte, 12), []byte("handler\x00")),
			bmffBox("minf", bmffFull("nmhd", 0, 0),
				bmffBox("dinf", bmffFull("dref", 0, 0, be32(1), bmffFull("url ", 0, 1))),
				bmffBox("stbl",
					bmffFull("stsd", 0, 0, be32(1), entry),
					bmffFull("stts", 0, 0, be32(1), be32(uint32(len(sizes))), be32(100)),
					bmffFull("stsc", 0, 0, be32(1), be32(1), be32(uint32(len(sizes))), be32(1)),
					bmffFull("stsz", 0, 0, be32(0), be32(uint32(len(sizes))), sz),
					bmffFull("stco", 0, 0, be32(1), be32(off))))))
}

func bmffText(s string) []byte { return append(append(be16(uint16(len(s))), 0x15, 0xc7), s...) }

// MP4 returns a small MP4 (a video track and a GoPro-style telemetry
// track) whose user data carries prefix as the camera make ("P-MAKE")
// and serial ("P-SERIAL"), whose telemetry samples carry "P-GPS", and
// whose movie box comes first, so that cleaning moves every chunk.
func MP4(prefix string) []byte {
	video := bytes.Repeat([]byte{0x65}, 400)
	gps := []byte(prefix + "-GPS telemetry sample")
	ftyp := bmffBox("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41"))
	avc1 := bmffBox("avc1", make([]byte, 6), be16(1), make([]byte, 16), be16(64), be16(64), be32(0x480000), be32(0x480000),
		be32(0), be16(1), make([]byte, 32), be16(24), be16(0xffff), bmffBox("avcC", []byte{1, 0x42, 0xc0, 0x1e, 0xff, 0xe0, 0}))
	gpmd := bmffBox("gpmd", make([]byte, 6), be16(1))
	udta := bmffBox("udta",
		bmffBox("\xa9mak", bmffText(prefix+"-MAKE")),
		bmffBox("\xa9xyz", bmffText("+48.8583+002.2944/")),
		bmffBox("GPMF", []byte("DEVC\x00\x04\x00\x05CASNc\x0c\x00\x01"+prefix+"-SERIAL"+"\x00\x00\x00\x00")))
	moov := func(videoAt, gpsAt uint32) []byte {
		return bmffBox("moov",
			bmffFull("mvhd", 0, 0, be32(0xE0000000), be32(0xE0000000), be32(1000), be32(1000), be32(0x10000), be16(0x100), make([]byte, 10), bmffMatrix(), make([]byte, 24), be32(3)),
			bmffTrack(1, "vide", avc1, []uint32{uint32(len(video))}, videoAt),
			bmffTrack(2, "meta", gpmd, []uint32{uint32(len(gps))}, gpsAt),
			udta)
	}
	at := uint32(len(ftyp)+len(moov(0, 0))) + 8
	return bytes.Join([][]byte{ftyp, moov(at, at+uint32(len(video))), bmffBox("mdat", video, gps)}, nil)
}

// HEIC returns a small HEIC (one picture item, an Exif item) whose Exif
// carries prefix as the camera make ("P-MAKE") and serial ("P-SERIAL").
func HEIC(prefix string) []byte {
	return heicWith(prefix, nil)
}

// heicWith builds a HEIC; damage, if set, changes the meta box's children
// before the file is laid out (the offsets stay those of the sound file).
func heicWith(prefix string, damage func(kids [][]byte) [][]byte) []byte {
	picture := bytes.Repeat([]byte{0x26}, 300)
	exif := exifBlock(prefix)
	ftyp := bmffBox("ftyp", []byte("heic"), be32(0), []byte("mif1heic"))
	meta := func(at uint32) []byte {
		kids := [][]byte{
			bmffFull("hdlr", 0, 0, be32(0), []byte("pict"), make([]byte, 12), []byte{0}),
			bmffFull("pitm", 0, 0, be16(1)),
			bmffFull("iinf", 0, 0, be16(2),
				bmffFull("infe", 2, 0, be16(1), be16(0), []byte("hvc1"), []byte{0}),
				bmffFull("infe", 2, 0, be16(2), be16(0), []byte("Exif"), []byte{0})),
			bmffFull("iloc", 0, 0, []byte{0x44, 0x00}, be16(2),
				be16(1), be16(0), be16(1), be32(at), be32(uint32(len(picture))),
				be16(2), be16(0), be16(1), be32(at+uint32(len(picture))), be32(uint32(len(exif)))),
			bmffFull("iref", 0, 0, bmffBox("cdsc", be16(2), be16(1), be16(1))),
			bmffBox("iprp",
				bmffBox("ipco", bmffBox("hvcC", bytes.Repeat([]byte{1}, 23)), bmffFull("ispe", 0, 0, be32(64), be32(64))),
				bmffFull("ipma", 0, 0, be32(1), be16(1), []byte{2, 0x81, 0x02})),
		}
		if damage != nil {
			kids = damage(kids)
		}
		return bmffFull("meta", 0, 0, kids...)
	}
	at := uint32(len(ftyp)+len(meta(0))) + 8
	return bytes.Join([][]byte{ftyp, meta(at), bmffBox("mdat", picture, exif)}, nil)
}

// exifBlock is an Exif item payload: the offset to the TIFF header, then
// "Exif\0\0" and a TIFF block with Make and BodySerialNumber.
func exifBlock(prefix string) []byte {
	make_ := prefix + "-MAKE\x00"
	serial := prefix + "-SERIAL\x00"
	var t []byte
	t = append(t, "MM\x00\x2a"...)
	t = append(t, be32(8)...)
	// IFD0: Make, ExifIFD pointer.
	ifd0 := 8
	exifIFD := ifd0 + 2 + 2*12 + 4
	data := exifIFD + 2 + 12 + 4
	t = append(t, be16(2)...)
	t = append(t, be16(0x010f)...)
	t = append(t, be16(2)...)
	t = append(t, be32(uint32(len(make_)))...)
	t = append(t, be32(uint32(data))...)
	t = append(t, be16(0x8769)...)
	t = append(t, be16(4)...)
	t = append(t, be32(1)...)
	t = append(t, be32(uint32(exifIFD))...)
	t = append(t, be32(0)...)
	t = append(t, be16(1)...)
	t = append(t, be16(0xa431)...)
	t = append(t, be16(2)...)
	t = append(t, be32(uint32(len(serial)))...)
	t = append(t, be32(uint32(data+len(make_)))...)
	t = append(t, be32(0)...)
	t = append(t, make_...)
	t = append(t, serial...)
	return append(append(be32(6), "Exif\x00\x00"...), t...)
}

func hostileISOBMFF() []Case {
	mp4 := func() []byte { return MP4("HMP4") }
	at := func(b []byte, typ string) int { return bytes.Index(b, []byte(typ)) - 4 }
	return []Case{
		{Name: "mp4-truncated", File: "truncated.mp4", What: "an MP4 cut in the middle of its movie box",
			Write: lazy(func() []byte { b := mp4(); return b[:at(b, "moov")+200] })},
		{Name: "mp4-size-past-end", File: "past-end.mp4", What: "an MP4 whose media box claims more bytes than the file has",
			Write: lazy(func() []byte {
				b := mp4()
				binary.BigEndian.PutUint32(b[at(b, "mdat"):], 1<<30)
				return b
			})},
		{Name: "mp4-huge-64bit-size", File: "huge64.mp4", What: "a box with a 64-bit size of 2^62",
			Write: lazy(func() []byte {
				return append(mp4(), append(append(be32(1), "free"...), 0x40, 0, 0, 0, 0, 0, 0, 0)...)
			})},
		{Name: "mp4-stsz-count", File: "stsz-count.mp4", What: "a sample size table declaring two billion samples",
			Write: lazy(func() []byte {
				b := mp4()
				binary.BigEndian.PutUint32(b[at(b, "stsz")+16:], 0x7fffffff)
				return b
			})},
		{Name: "mp4-stco-count", File: "stco-count.mp4", What: "a chunk offset table declaring four billion chunks",
			Write: lazy(func() []byte {
				b := mp4()
				binary.BigEndian.PutUint32(b[at(b, "stco")+12:], 0xffffffff)
				return b
			})},
		{Name: "mp4-chunk-past-end", File: "chunk-past-end.mp4", What: "a video chunk placed past the end of the file",
			Write: lazy(func() []byte {
				b := mp4()
				binary.BigEndian.PutUint32(b[at(b, "stco")+16:], 0x7ffffff0)
				return b
			})},
		{Name: "mp4-deep-user-data", File: "deep.mp4", What: "user data boxes nested 20000 deep",
			Write: lazy(func() []byte {
				inner := bmffBox("\xa9nam", bmffText("deep"))
				for i := 0; i < 20000; i++ {
					inner = bmffBox("udta", inner)
				}
				b := mp4()
				m := at(b, "moov")
				size := binary.BigEndian.Uint32(b[m:])
				binary.BigEndian.PutUint32(b[m:], size+uint32(len(inner)))
				// The movie box grows: the media after it moves.
				out := append(append(append([]byte(nil), b[:m+int(size)]...), inner...), b[m+int(size):]...)
				for _, typ := range []string{"stco"} {
					for i := bytes.Index(out, []byte(typ)); i >= 0; {
						p := i + 12
						binary.BigEndian.PutUint32(out[p:], binary.BigEndian.Uint32(out[p:])+uint32(len(inner)))
						j := bytes.Index(out[i+4:], []byte(typ))
						if j < 0 {
							break
						}
						i += 4 + j
					}
				}
				return out
			})},
		{Name: "mp4-many-boxes", File: "many.mp4", What: "30000 empty free boxes",
			Write: lazy(func() []byte { return append(mp4(), bytes.Repeat(bmffBox("free"), 30000)...) })},
		{Name: "mp4-fragmented", File: "fragmented.mp4", What: "a movie fragment box",
			Write: lazy(func() []byte { return append(mp4(), bmffBox("moof", bmffFull("mfhd", 0, 0, be32(1)))...) })},
		{Name: "mp4-motion-photo-nest", File: "nest.heic", What: "a motion photo whose video is a motion photo, 12 deep",
			Write: lazy(func() []byte {
				b := HEIC("HNEST")
				for i := 0; i < 12; i++ {
					b = append(HEIC("HNEST"), bmffBox("mpvd", b)...)
				}
				return b
			})},
		{Name: "heic-iloc-past-end", File: "iloc-past-end.heic", What: "an Exif item located past the end of the file",
			Write: lazy(func() []byte {
				return heicWith("HHEIC", func(kids [][]byte) [][]byte {
					il := kids[3]
					binary.BigEndian.PutUint32(il[len(il)-8:], 0x7ffffff0)
					return kids
				})
			})},
		{Name: "heic-iloc-count", File: "iloc-count.heic", What: "an item location with 65535 extents in a few bytes",
			Write: lazy(func() []byte {
				return heicWith("HHEIC", func(kids [][]byte) [][]byte {
					il := kids[3]
					binary.BigEndian.PutUint16(il[8+8+4:], 0xffff)
					return kids
				})
			})},
		{Name: "heic-ipma-index", File: "ipma-index.heic", What: "a property association pointing past the last property",
			Write: lazy(func() []byte {
				return heicWith("HHEIC", func(kids [][]byte) [][]byte {
					ip := kids[5]
					ip[len(ip)-1] = 0x7f
					return kids
				})
			})},
		{Name: "heic-truncated", File: "truncated.heic", What: "a HEIC cut inside its media data",
			Write: lazy(func() []byte { b := HEIC("HHEIC"); return b[:len(b)-40] })},
	}
}
