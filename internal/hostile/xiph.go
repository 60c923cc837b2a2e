package hostile

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
)

// This file builds FLAC and Ogg files (Opus, and the Vorbis header
// structure) without an encoder. The FLAC audio is silence in CONSTANT
// subframes, which every decoder plays; the Opus packets are TOC bytes
// with empty frames (packet loss, concealed as silence). The format tests
// use the builders to plant values and to damage files precisely.

// FLACBlock is one FLAC metadata block.
type FLACBlock struct {
	Type byte
	Data []byte
}

// FLACStreamInfo returns STREAMINFO data for 16-bit audio at 44.1 kHz in
// blocks of 4096 samples.
func FLACStreamInfo(channels, frames int) []byte {
	b := make([]byte, 34)
	binary.BigEndian.PutUint16(b[0:], 4096)
	binary.BigEndian.PutUint16(b[2:], 4096)
	const rate = 44100
	total := uint64(frames) * 4096
	// 20 bits rate, 3 bits channels-1, 5 bits bps-1, 36 bits samples.
	v := uint64(rate)<<44 | uint64(channels-1)<<41 | uint64(15)<<36 | total
	binary.BigEndian.PutUint64(b[10:], v)
	return b
}

// FLACFrames returns n frames of silence matching FLACStreamInfo.
func FLACFrames(channels, n int) []byte {
	var out []byte
	for i := range n {
		h := []byte{0xff, 0xf8, 0xc9, byte(channels-1)<<4 | 0x08}
		h = append(h, utf8Number(uint64(i))...)
		h = append(h, flacCRC8(h))
		for range channels {
			h = append(h, 0, 0, 0) // CONSTANT subframe, value 0
		}
		out = append(out, binary.BigEndian.AppendUint16(h, flacCRC16(h))...)
	}
	return out
}

func utf8Number(n uint64) []byte {
	if n < 0x80 {
		return []byte{byte(n)}
	}
	var b []byte
	lead, bits := byte(0xc0), 11
	for n >= 1<<bits {
		lead = lead>>1 | 0x80
		bits += 5
	}
	k := (bits - 6) / 5 // continuation bytes
	b = append(b, lead|byte(n>>(6*k)))
	for i := k - 1; i >= 0; i-- {
		b = append(b, 0x80|byte(n>>(6*i)&0x3f))
	}
	return b
}

func flacCRC8(b []byte) byte {
	var c byte
	for _, x := range b {
		c ^= x
		for range 8 {
			if c&0x80 != 0 {
				c = c<<1 ^ 0x07
			} else {
				c <<= 1
			}
		}
	}
	return c
}

func flacCRC16(b []byte) uint16 {
	var c uint16
	for _, x := range b {
		c ^= uint16(x) << 8
		for range 8 {
			if c&0x8000 != 0 {
				c = c<<1 ^ 0x8005
			} else {
				c <<= 1
			}
		}
	}
	return c
}

// FLACFile returns "fLaC", the blocks (STREAMINFO is not added: give it
// first), with the last-block flag on the last one, and the audio.
func FLACFile(blocks []FLACBlock, audio []byte) []byte {
	out := []byte("fLaC")
	for i, b := range blocks {
		t := b.Type
		if i == len(blocks)-1 {
			t |= 0x80
		}
		n := len(b.Data)
		out = append(out, t, byte(n>>16), byte(n>>8), byte(n))
		out = append(out, b.Data...)
	}
	return append(out, audio...)
}

// VorbisComment returns a Vorbis comment block.
func VorbisComment(vendor string, fields ...string) []byte {
	le := binary.LittleEndian
	b := le.AppendUint32(nil, uint32(len(vendor)))
	b = append(b, vendor...)
	b = le.AppendUint32(b, uint32(len(fields)))
	for _, f := range fields {
		b = le.AppendUint32(b, uint32(len(f)))
		b = append(b, f...)
	}
	return b
}

// FLACPicture returns a PICTURE block's data.
func FLACPicture(typ uint32, mime, desc string, data []byte) []byte {
	be := binary.BigEndian
	b := be.AppendUint32(nil, typ)
	b = be.AppendUint32(b, uint32(len(mime)))
	b = append(b, mime...)
	b = be.AppendUint32(b, uint32(len(desc)))
	b = append(b, desc...)
	b = be.AppendUint32(b, 16)
	b = be.AppendUint32(b, 16)
	b = be.AppendUint32(b, 24)
	b = be.AppendUint32(b, 0)
	b = be.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

// FLAC returns a small stereo FLAC whose comments carry prefix as the
// artist ("P-ARTIST") and vendor ("P-VENDOR"), with a cover PNG whose
// text chunk says "P-COVER-AUTHOR", and an application block with
// "P-APP".
func FLAC(prefix string) []byte {
	return FLACFile([]FLACBlock{
		{0, FLACStreamInfo(2, 8)},
		{4, VorbisComment(prefix+"-VENDOR", "ARTIST="+prefix+"-ARTIST")},
		{6, FLACPicture(3, "image/png", "", PNG(prefix+"-COVER"))},
		{2, []byte("test" + prefix + "-APP")},
		{1, make([]byte, 64)},
	}, FLACFrames(2, 8))
}

// Ogg pages.

var oggTable = func() (t [256]uint32) {
	for i := range t {
		c := uint32(i) << 24
		for range 8 {
			if c&0x80000000 != 0 {
				c = c<<1 ^ 0x04c11db7
			} else {
				c <<= 1
			}
		}
		t[i] = c
	}
	return
}()

// OggCRC returns the checksum of an Ogg page whose CRC field is zero.
func OggCRC(page []byte) uint32 {
	var c uint32
	for _, b := range page {
		c = c<<8 ^ oggTable[byte(c>>24)^b]
	}
	return c
}

// OggPage is one page: its flags (1 continued, 2 first, 4 last), granule
// position, serial and sequence numbers, lacing values and body.
type OggPage struct {
	Flags   byte
	Granule uint64
	Serial  uint32
	Seq     uint32
	Lacing  []byte
	Body    []byte
}

// Bytes returns the page with its checksum.
func (p OggPage) Bytes() []byte {
	le := binary.LittleEndian
	b := []byte("OggS\x00")
	b = append(b, p.Flags)
	b = le.AppendUint64(b, p.Granule)
	b = le.AppendUint32(b, p.Serial)
	b = le.AppendUint32(b, p.Seq)
	b = append(b, 0, 0, 0, 0, byte(len(p.Lacing)))
	b = append(b, p.Lacing...)
	b = append(b, p.Body...)
	le.PutUint32(b[22:], OggCRC(b))
	return b
}

// OggStream lays packets out in pages of one logical stream, as libogg
// does: the first packet alone on the first page, the header packets
// (the first headers of them) flushed to end a page, then the rest at up
// to pageSize bytes a page. Granule positions: 0 on header pages, the
// count of packets completed so far times step on the others.
func OggStream(serial uint32, headers int, step uint64, pageSize int, packets ...[]byte) []OggPage {
	var pages []OggPage
	var cur OggPage
	cur.Serial = serial
	done := 0
	flush := func(last bool) {
		cur.Seq = uint32(len(pages))
		if len(pages) == 0 {
			cur.Flags |= 2
		}
		if last {
			cur.Flags |= 4
		}
		if done > headers {
			cur.Granule = uint64(done-headers) * step
		}
		pages = append(pages, cur)
		cur = OggPage{Serial: serial}
	}
	for i, p := range packets {
		rest := p
		for {
			if len(cur.Lacing) == 255 || len(cur.Body) >= pageSize {
				flush(false)
				cur.Flags = 1
			}
			k := min(len(rest), 255)
			cur.Lacing = append(cur.Lacing, byte(k))
			cur.Body = append(cur.Body, rest[:k]...)
			rest = rest[k:]
			if k < 255 {
				break
			}
		}
		done++
		if i == 0 || i == headers-1 {
			flush(i == len(packets)-1)
		}
	}
	if len(cur.Lacing) > 0 {
		flush(true)
	} else if len(pages) > 0 {
		pages[len(pages)-1].Flags |= 4
	}
	return pages
}

// OggBytes returns pages one after the other.
func OggBytes(pages ...OggPage) []byte {
	var b bytes.Buffer
	for _, p := range pages {
		b.Write(p.Bytes())
	}
	return b.Bytes()
}

// OpusHead returns an Opus identification header.
func OpusHead(channels byte) []byte {
	b := []byte("OpusHead\x01")
	b = append(b, channels)
	b = binary.LittleEndian.AppendUint16(b, 312)
	b = binary.LittleEndian.AppendUint32(b, 48000)
	return append(b, 0, 0, 0)
}

// OpusTags returns an Opus comment header.
func OpusTags(vendor string, fields ...string) []byte {
	return append([]byte("OpusTags"), VorbisComment(vendor, fields...)...)
}

// OpusSilence returns n Opus packets of 20 ms: a TOC byte (CELT, full
// band) and an empty frame, which decoders conceal as silence.
func OpusSilence(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = []byte{0xf8}
	}
	return out
}

// Opus returns a small Opus file whose tags carry prefix as the artist
// ("P-ARTIST"), encoder and vendor ("P-VENDOR"), and a cover picture
// (METADATA_BLOCK_PICTURE) whose PNG text chunk says "P-COVER-AUTHOR".
func Opus(prefix string) []byte {
	pic := base64.StdEncoding.EncodeToString(FLACPicture(3, "image/png", prefix+"-PICDESC", PNG(prefix+"-COVER")))
	packets := append([][]byte{OpusHead(1), OpusTags(prefix+"-VENDOR", "ARTIST="+prefix+"-ARTIST",
		"ENCODER="+prefix+"-ENCODER", "METADATA_BLOCK_PICTURE="+pic)}, OpusSilence(50)...)
	return OggBytes(OggStream(0x5c5c5c5c, 2, 960, 4096, packets...)...)
}

// VorbisHeaders returns the three Vorbis header packets: an identification
// header (stereo, 44.1 kHz), a comment header with the fields given and a
// setup header that is only the right size and type (enough for a
// container parser, not for a decoder).
func VorbisHeaders(setup int, vendor string, fields ...string) [][]byte {
	id := []byte("\x01vorbis\x00\x00\x00\x00\x02")
	id = binary.LittleEndian.AppendUint32(id, 44100)
	id = append(id, make([]byte, 12)...)
	id = append(id, 0xb8, 1)
	comment := append([]byte("\x03vorbis"), VorbisComment(vendor, fields...)...)
	comment = append(comment, 1)
	s := append([]byte("\x05vorbis"), bytes.Repeat([]byte{0x42}, setup)...)
	return [][]byte{id, comment, s}
}

func xiphCase(name, file, what string, f func() []byte, planted ...string) Case {
	return Case{Name: name, File: file, What: what, Planted: planted, Write: lazy(f)}
}

// opusPages returns the pages of a small Opus file (serial 7): OpusHead,
// the tags given, 20 packets of silence.
func opusPages(tags []byte) []OggPage {
	packets := append([][]byte{OpusHead(1), tags}, OpusSilence(20)...)
	return OggStream(7, 2, 960, 8, packets...)
}

func hostileXiph() []Case {
	le := binary.LittleEndian
	plain := func() []OggPage { return opusPages(OpusTags("v", "ARTIST=OGGH-ARTIST")) }
	return []Case{
		xiphCase("flac-block-past-end", "block.flac", "a metadata block whose length runs past the end of the file", func() []byte {
			b := FLAC("FBLK")
			b[4+4+34+1] = 0x7f // the comment block's length
			return b[:200]
		}),
		xiphCase("flac-unknown-block", "unknown.flac", "a metadata block of type 9, which FLAC does not define", func() []byte {
			return FLACFile([]FLACBlock{{0, FLACStreamInfo(1, 2)}, {9, []byte("FUNK-DATA")}}, FLACFrames(1, 2))
		}),
		xiphCase("flac-no-streaminfo", "nostream.flac", "the first block is a comment, not STREAMINFO", func() []byte {
			return FLACFile([]FLACBlock{{4, VorbisComment("v")}, {0, FLACStreamInfo(1, 2)}}, FLACFrames(1, 2))
		}),
		xiphCase("flac-comment-count-bomb", "count.flac", "a comment block that declares 2^32-1 fields in 40 bytes", func() []byte {
			c := le.AppendUint32(le.AppendUint32(nil, 0), 0xffffffff)
			return FLACFile([]FLACBlock{{0, FLACStreamInfo(1, 2)}, {4, append(c, make([]byte, 32)...)}}, FLACFrames(1, 2))
		}),
		xiphCase("flac-comment-length-bomb", "length.flac", "a comment whose length is 4 GiB in a 30-byte block", func() []byte {
			c := le.AppendUint32(le.AppendUint32(le.AppendUint32(nil, 0), 1), 0xfffffff0)
			return FLACFile([]FLACBlock{{0, FLACStreamInfo(1, 2)}, {4, append(c, "ARTIST=x"...)}}, FLACFrames(1, 2))
		}),
		xiphCase("flac-picture-bomb", "picture.flac", "a picture block whose image declares 4 GiB", func() []byte {
			p := FLACPicture(3, "image/png", "", []byte("PNG"))
			binary.BigEndian.PutUint32(p[len(p)-7:], 0xffffffff) // the image's length
			return FLACFile([]FLACBlock{{0, FLACStreamInfo(1, 2)}, {6, p}}, FLACFrames(1, 2))
		}),
		xiphCase("flac-many-blocks", "blocks.flac", "30000 empty padding blocks (over the member limit)", func() []byte {
			bs := []FLACBlock{{0, FLACStreamInfo(1, 2)}}
			for range 30000 {
				bs = append(bs, FLACBlock{1, nil})
			}
			return FLACFile(bs, FLACFrames(1, 2))
		}),
		xiphCase("flac-id3-past-end", "id3.flac", "an ID3v2 tag before fLaC whose size runs past the end of the file", func() []byte {
			return append([]byte("ID3\x03\x00\x00\x7f\x7f\x7f\x7f"), FLAC("FID3")...)
		}),
		xiphCase("flac-damaged-frames", "damaged.flac", "junk inserted between two audio frames", func() []byte {
			f := FLACFrames(1, 6)
			n := len(f) / 6
			audio := append(append(append([]byte(nil), f[:3*n]...), "FJUNK-BETWEEN-FRAMES"...), f[3*n:]...)
			return FLACFile([]FLACBlock{{0, FLACStreamInfo(1, 6)}}, audio)
		}),
		xiphCase("flac-no-frames", "noframes.flac", "metadata followed by text instead of audio frames", func() []byte {
			return FLACFile([]FLACBlock{{0, FLACStreamInfo(1, 6)}}, []byte("FNOAUDIO this is not a frame"))
		}),
		xiphCase("flac-trailing", "trailing.flac", "a valid file with an ID3v1 tag and text after the audio (a correct clean drops them)", func() []byte {
			b := FLAC("FTRAIL")
			b = append(b, "FTRAIL-HIDDEN-AFTER-THE-AUDIO"...)
			tag := make([]byte, 128)
			copy(tag, "TAGFTRAIL-ID3V1-TITLE")
			return append(b, tag...)
		}, "FTRAIL-ARTIST", "FTRAIL-HIDDEN-AFTER-THE-AUDIO", "FTRAIL-ID3V1-TITLE"),

		xiphCase("ogg-no-first-page", "nobos.opus", "an Opus file without its first page (OpusHead)", func() []byte {
			return OggBytes(plain()[1:]...)
		}),
		xiphCase("ogg-bad-crc", "crc.opus", "an audio page whose checksum does not match", func() []byte {
			b := OggBytes(plain()...)
			b[len(b)-1] ^= 0x55
			return b
		}),
		xiphCase("ogg-page-repeated", "loop.opus", "an audio page repeated with the same sequence number (a loop)", func() []byte {
			ps := plain()
			return OggBytes(append(ps[:3:3], ps[2:]...)...)
		}),
		xiphCase("ogg-lacing-past-end", "lacing.opus", "a page in the middle whose lacing values declare 64 KB: its body runs over the next pages", func() []byte {
			ps := plain()
			b := OggBytes(ps[:2]...)
			p := ps[2].Bytes()
			lacing := bytes.Repeat([]byte{255}, 255)
			bad := append(append(append([]byte(nil), p[:26]...), 255), lacing...)
			return append(append(b, bad...), OggBytes(ps[3:]...)...)
		}),
		xiphCase("ogg-endless-comment", "endless.opus", "an Opus comment header that never ends: 2 MiB of full segments to the end of the file", func() []byte {
			ps := OggStream(7, 2, 960, 65025, OpusHead(1), append(OpusTags("v", "A=b"), make([]byte, 2<<20)...))
			last := &ps[len(ps)-1]
			n := len(last.Lacing)
			drop := int(last.Lacing[n-1])
			last.Lacing = last.Lacing[:n-1] // the packet no longer ends
			last.Body = last.Body[:len(last.Body)-drop]
			last.Flags &^= 4
			return OggBytes(ps...)
		}),
		xiphCase("ogg-comment-count-bomb", "count.opus", "OpusTags declaring 2^32-1 comments in 40 bytes", func() []byte {
			c := le.AppendUint32(le.AppendUint32([]byte("OpusTags"), 0), 0xffffffff)
			return OggBytes(opusPages(append(c, make([]byte, 32)...))...)
		}),
		xiphCase("ogg-picture-bomb", "picture.opus", "a METADATA_BLOCK_PICTURE whose image declares 4 GiB", func() []byte {
			p := FLACPicture(3, "image/png", "", []byte("PNG"))
			binary.BigEndian.PutUint32(p[len(p)-7:], 0xffffffff)
			return OggBytes(opusPages(OpusTags("v", "METADATA_BLOCK_PICTURE="+base64.StdEncoding.EncodeToString(p)))...)
		}),
		xiphCase("ogg-skeleton", "skeleton.ogv", "an Ogg Skeleton stream (an index scrub does not clean)", func() []byte {
			return OggBytes(OggStream(3, 1, 0, 4096, append([]byte("fishead\x00\x03\x00\x00\x00"), make([]byte, 64)...))...)
		}),
		xiphCase("ogg-header-in-audio", "header.opus", "an OpusTags packet hidden among the audio packets", func() []byte {
			packets := append([][]byte{OpusHead(1), OpusTags("v")}, OpusSilence(5)...)
			packets = append(packets, OpusTags("OGGH-HIDDEN", "ARTIST=OGGH-HIDDEN"))
			return OggBytes(OggStream(7, 2, 960, 64, append(packets, OpusSilence(5)...)...)...)
		}),
		xiphCase("ogg-serial-twice", "serial.opus", "two streams begin with the same serial number", func() []byte {
			ps := plain()
			return OggBytes(append([]OggPage{ps[0], ps[0]}, ps[1:]...)...)
		}),
		xiphCase("ogg-data-between-pages", "between.opus", "bytes between two pages", func() []byte {
			ps := plain()
			return append(append(OggBytes(ps[:3]...), "OGGH-BETWEEN"...), OggBytes(ps[3:]...)...)
		}),
		xiphCase("ogg-vorbis-no-framing", "framing.ogg", "a Vorbis comment header without its framing bit", func() []byte {
			h := VorbisHeaders(200, "v", "ARTIST=x")
			h[1] = h[1][:len(h[1])-1]
			return OggBytes(OggStream(5, 3, 0, 4096, append(h, []byte{0})...)...)
		}),
		xiphCase("ogg-trailing", "trailing.opus", "a valid Opus file with text after the last page (a correct clean drops it)", func() []byte {
			return append(Opus("OTRAIL"), "OTRAIL-HIDDEN-AFTER-THE-PAGES"...)
		}, "OTRAIL-ARTIST", "OTRAIL-VENDOR", "OTRAIL-COVER-AUTHOR", "OTRAIL-HIDDEN-AFTER-THE-PAGES"),
	}
}
