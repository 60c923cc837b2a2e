package hostile

import (
	"encoding/binary"
	"io"

	"github.com/scrub-project/scrub/internal/metatest"
)

// ebmlID returns an EBML element ID as stored.
func ebmlID(id uint32) []byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], id)
	i := 0
	for i < 3 && b[i] == 0 {
		i++
	}
	return b[i:]
}

// ebmlSize returns n as an EBML data size in as few bytes as it needs.
func ebmlSize(n int) []byte {
	for l := 1; ; l++ {
		if uint64(n) < 1<<(7*l)-1 {
			b := make([]byte, l)
			v := uint64(n)
			for i := l - 1; i >= 0; i-- {
				b[i] = byte(v)
				v >>= 8
			}
			b[0] |= 0x80 >> (l - 1)
			return b
		}
	}
}

// ebml returns an element whose data is the concatenation of parts.
func ebml(id uint32, parts ...[]byte) []byte {
	var data []byte
	for _, p := range parts {
		data = append(data, p...)
	}
	return append(append(ebmlID(id), ebmlSize(len(data))...), data...)
}

// ebmlUnknown returns a master of unknown size.
func ebmlUnknown(id uint32, parts ...[]byte) []byte {
	b := append(ebmlID(id), 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func ebmlUint(id uint32, v uint64) []byte {
	var b []byte
	for ; v > 0; v >>= 8 {
		b = append([]byte{byte(v)}, b...)
	}
	return ebml(id, b)
}

func ebmlStr(id uint32, s string) []byte { return ebml(id, []byte(s)) }

// mkvHeader is the EBML header of a Matroska (or WebM) file.
func mkvHeader(docType string) []byte {
	return ebml(0x1A45DFA3, ebmlUint(0x4286, 1), ebmlUint(0x42F7, 1), ebmlUint(0x42F2, 4), ebmlUint(0x42F3, 8),
		ebmlStr(0x4282, docType), ebmlUint(0x4287, 4), ebmlUint(0x4285, 2))
}

// mkvTracks is one PCM audio track (8 kHz, mono, 16 bits).
func mkvTracks(name string) []byte {
	rate := make([]byte, 8)
	binary.BigEndian.PutUint64(rate, 0x40bf400000000000) // 8000.0
	return ebml(0x1654AE6B, ebml(0xAE, ebmlUint(0xD7, 1), ebmlUint(0x73C5, 0x7a11ce5e), ebmlUint(0x83, 2),
		ebmlStr(0x86, "A_PCM/INT/LIT"), ebmlStr(0x536E, name), ebml(0xE1, ebml(0xB5, rate), ebmlUint(0x9F, 1), ebmlUint(0x6264, 16))))
}

// mkvCluster is a cluster of one 100 ms block of silence.
func mkvCluster(ts uint64) []byte {
	return ebml(0x1F43B675, ebmlUint(0xE7, ts), ebml(0xA3, []byte{0x81, 0, 0, 0x80}, make([]byte, 1600)))
}

// Matroska returns a small Matroska file (or WebM, for docType "webm")
// whose title, muxing application, track name, tags and attached
// picture carry prefix ("P-TITLE", "P-MUXER", "P-TRACK", "P-ARTIST",
// "P-cover.jpg" and, in the picture's EXIF, "P-PHOTOGRAPHER").
func Matroska(prefix, docType string) []byte {
	info := ebml(0x1549A966, ebmlUint(0x2AD7B1, 1000000), ebmlStr(0x7BA9, prefix+"-TITLE"),
		ebmlStr(0x4D80, prefix+"-MUXER"), ebmlStr(0x5741, prefix+"-WRITER"))
	photo := metatest.DirtyJPEG(8, 8, 3, metatest.Planted{Artist: prefix + "-PHOTOGRAPHER"})
	attach := ebml(0x1941A469, ebml(0x61A7, ebmlStr(0x466E, prefix+"-cover.jpg"), ebmlStr(0x4660, "image/jpeg"),
		ebml(0x465C, photo), ebmlUint(0x46AE, 77)))
	if docType == "webm" {
		attach = nil // WebM has no attachments
	}
	tags := ebml(0x1254C367, ebml(0x7373, ebml(0x63C0), ebml(0x67C8, ebmlStr(0x45A3, "ARTIST"), ebmlStr(0x4487, prefix+"-ARTIST"))))
	return append(mkvHeader(docType), ebml(0x18538067, info, mkvTracks(prefix+"-TRACK"), attach, mkvCluster(0), mkvCluster(100), tags)...)
}

func hostileMatroska() []Case {
	mkv := func(name, what string, f func() []byte) Case {
		return Case{Name: name, File: name + ".mkv", What: what, Write: lazy(f)}
	}
	segment := func(parts ...[]byte) []byte {
		info := ebml(0x1549A966, ebmlUint(0x2AD7B1, 1000000), ebmlStr(0x4D80, ""), ebmlStr(0x5741, ""))
		return append(mkvHeader("matroska"), ebml(0x18538067, append([][]byte{info, mkvTracks("")}, parts...)...)...)
	}
	return []Case{
		mkv("mkv-huge-size", "a cluster whose 8-byte size says 2^56 - 2 bytes", func() []byte {
			return segment(append(ebmlID(0x1F43B675), 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe), mkvCluster(0))
		}),
		mkv("mkv-unknown-size-info", "segment information of unknown size (only segments and clusters may have one)", func() []byte {
			return append(mkvHeader("matroska"), ebmlUnknown(0x18538067, ebmlUnknown(0x1549A966, ebmlUint(0x2AD7B1, 1000000)))...)
		}),
		mkv("mkv-deep-chapters", "chapters nested 2000 deep", func() []byte {
			atom := ebml(0xB6, ebmlUint(0x73C4, 1), ebmlUint(0x91, 0))
			for range 2000 {
				atom = ebml(0xB6, ebmlUint(0x73C4, 1), ebmlUint(0x91, 0), atom)
			}
			return segment(ebml(0x1043A770, ebml(0x45B9, atom)), mkvCluster(0))
		}),
		mkv("mkv-cut-in-cluster", "a Matroska file cut inside a cluster (a partial download)", func() []byte {
			b := Matroska("HMKV", "matroska")
			return b[:len(b)-1000]
		}),
		mkv("mkv-live-unknown-sizes", "a live recording: segment and clusters of unknown size, a cluster of unknown size nested in one", func() []byte {
			c := ebmlUnknown(0x1F43B675, ebmlUint(0xE7, 0), ebmlUnknown(0xA0, ebml(0xA1, []byte{0x81, 0, 0, 0})))
			return append(mkvHeader("matroska"), ebmlUnknown(0x18538067, mkvTracks(""), c)...)
		}),
		{Name: "mkv-many-voids", File: "many-voids.mkv", What: "30000 Voids holding data between clusters, over the member limit", Write: func(w io.Writer) error {
			var parts [][]byte
			for i := range 30000 {
				parts = append(parts, ebml(0xEC, []byte("data")))
				if i%100 == 0 {
					parts = append(parts, mkvCluster(uint64(i)))
				}
			}
			_, err := w.Write(segment(parts...))
			return err
		}},
		{Name: "mkv-live", File: "live.webm", What: "a live WebM (segment and clusters of unknown size) with a title and tags",
			Planted: []string{"LIVE-TITLE", "LIVE-ARTIST", "LIVE-TRACK"}, Write: lazy(func() []byte {
				info := ebml(0x1549A966, ebmlUint(0x2AD7B1, 1000000), ebmlStr(0x7BA9, "LIVE-TITLE"), ebmlStr(0x4D80, "rec"), ebmlStr(0x5741, "rec"))
				c := func(ts uint64) []byte {
					return ebmlUnknown(0x1F43B675, ebmlUint(0xE7, ts), ebml(0xA3, []byte{0x81, 0, 0, 0x80}, make([]byte, 1600)))
				}
				tags := ebml(0x1254C367, ebml(0x7373, ebml(0x63C0), ebml(0x67C8, ebmlStr(0x45A3, "ARTIST"), ebmlStr(0x4487, "LIVE-ARTIST"))))
				return append(mkvHeader("webm"), ebmlUnknown(0x18538067, info, mkvTracks("LIVE-TRACK"), tags, c(0), c(100))...)
			})},
	}
}
