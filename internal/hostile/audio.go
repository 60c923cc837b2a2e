package hostile

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"strings"
)

// This file builds MP3 and WAV files, and the tags they carry (ID3v1 and
// v2, APEv2, Lyrics3v2, RIFF chunks), without any encoder: the audio is
// silence (MPEG frames whose side information is zero, PCM zeros), which
// every decoder plays. The format tests use the builders to plant tags in
// files that ffmpeg made.

// Syncsafe returns n as an ID3v2 syncsafe integer (7 bits a byte).
func Syncsafe(n int) []byte {
	return []byte{byte(n >> 21 & 0x7f), byte(n >> 14 & 0x7f), byte(n >> 7 & 0x7f), byte(n & 0x7f)}
}

// ID3Frame returns one ID3v2 frame for a tag of version major (2, 3 or
// 4): a 3-character id and 3-byte size for 2.2, a 4-character id, size
// (syncsafe in 2.4) and flags otherwise. data is stored as given.
func ID3Frame(major byte, id string, flags uint16, data []byte) []byte {
	var b []byte
	b = append(b, id...)
	switch major {
	case 2:
		b = append(b, byte(len(data)>>16), byte(len(data)>>8), byte(len(data)))
	case 3:
		b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
		b = binary.BigEndian.AppendUint16(b, flags)
	default:
		b = append(b, Syncsafe(len(data))...)
		b = binary.BigEndian.AppendUint16(b, flags)
	}
	return append(b, data...)
}

// ID3Text returns the data of a text frame: UTF-8 (encoding 3) values
// separated by NULs.
func ID3Text(values ...string) []byte {
	return append([]byte{3}, strings.Join(values, "\x00")...)
}

// ID3TextUTF16 returns the data of a text frame in UTF-16 with a byte
// order mark (encoding 1, as ID3v2.3 writers store it).
func ID3TextUTF16(value string) []byte {
	b := []byte{1, 0xff, 0xfe}
	for _, r := range value {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

// ID3Tag returns an ID3v2 tag of version major with the header flags
// given, whose body (frames and padding) is body as given: apply
// Unsynchronise first for an unsynchronised 2.2 or 2.3 tag. With the
// footer flag (0x10) a "3DI" footer follows.
func ID3Tag(major, flags byte, body []byte) []byte {
	b := append([]byte{'I', 'D', '3', major, 0, flags}, Syncsafe(len(body))...)
	b = append(b, body...)
	if flags&0x10 != 0 {
		b = append(b, '3', 'D', 'I', major, 0, flags)
		b = append(b, Syncsafe(len(body))...)
	}
	return b
}

// Unsynchronise inserts a zero after every 0xFF that is followed by a
// byte of 0xE0 or more or by zero, and after a final 0xFF.
func Unsynchronise(b []byte) []byte {
	var out []byte
	for i, c := range b {
		out = append(out, c)
		if c == 0xff && (i+1 == len(b) || b[i+1] >= 0xe0 || b[i+1] == 0) {
			out = append(out, 0)
		}
	}
	return out
}

// Zlib returns b compressed with zlib (as compressed ID3 frames are).
func Zlib(b []byte) []byte {
	var out bytes.Buffer
	w := zlib.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// ID3v1 returns a 128-byte ID3v1.1 tag.
func ID3v1(title, artist, album, year, comment string, track, genre byte) []byte {
	b := make([]byte, 128)
	copy(b, "TAG")
	copy(b[3:33], title)
	copy(b[33:63], artist)
	copy(b[63:93], album)
	copy(b[93:97], year)
	copy(b[97:125], comment)
	b[126], b[127] = track, genre
	return b
}

// APEItem is one item of an APEv2 tag; Flags 0 is UTF-8 text, 2 binary.
type APEItem struct {
	Key   string
	Value []byte
	Flags uint32
}

// APEv2 returns an APEv2 tag with a header and a footer.
func APEv2(items ...APEItem) []byte {
	var body []byte
	for _, it := range items {
		body = binary.LittleEndian.AppendUint32(body, uint32(len(it.Value)))
		body = binary.LittleEndian.AppendUint32(body, it.Flags)
		body = append(body, it.Key...)
		body = append(body, 0)
		body = append(body, it.Value...)
	}
	hdr := func(flags uint32) []byte {
		b := []byte("APETAGEX")
		b = binary.LittleEndian.AppendUint32(b, 2000)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(body)+32))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(items)))
		b = binary.LittleEndian.AppendUint32(b, flags)
		return append(b, make([]byte, 8)...)
	}
	out := hdr(1<<31 | 1<<29)
	out = append(out, body...)
	return append(out, hdr(1<<31)...)
}

// Lyrics3v2 returns a Lyrics3v2 block with the given fields (3-letter id
// and value, in order).
func Lyrics3v2(fields ...[2]string) []byte {
	b := []byte("LYRICSBEGIN")
	for _, f := range fields {
		b = append(b, fmt.Sprintf("%s%05d%s", f[0], len(f[1]), f[1])...)
	}
	return append(b, fmt.Sprintf("%06dLYRICS200", len(b))...)
}

// MPEGFrame is the header of the frames MP3Silence writes: MPEG-1 Layer
// III, 128 kbit/s, 44.1 kHz, joint stereo, no padding: 417 bytes a frame.
var MPEGFrame = []byte{0xff, 0xfb, 0x90, 0x44}

// MP3FrameLen is the length of one frame MP3Silence writes.
const MP3FrameLen = 417

// MP3Silence returns n MPEG audio frames of silence.
func MP3Silence(n int) []byte {
	frame := make([]byte, MP3FrameLen)
	copy(frame, MPEGFrame)
	return bytes.Repeat(frame, n)
}

// MP3 returns a small MP3 whose tags carry prefix: an ID3v2.3 tag (title
// "P-TITLE", artist "P-ARTIST", a PRIV frame "P-PRIV"), an APEv2 tag
// ("P-APE"), a Lyrics3v2 block ("P-LYRICS") and an ID3v1 tag
// ("P-V1").
func MP3(prefix string) []byte {
	var b []byte
	b = append(b, ID3Tag(3, 0, append(append(append(
		ID3Frame(3, "TIT2", 0, ID3TextUTF16(prefix+"-TITLE")),
		ID3Frame(3, "TPE1", 0, ID3TextUTF16(prefix+"-ARTIST"))...),
		ID3Frame(3, "PRIV", 0, []byte("owner\x00"+prefix+"-PRIV"))...),
		make([]byte, 64)...))...)
	b = append(b, MP3Silence(40)...)
	b = append(b, APEv2(APEItem{Key: "Artist", Value: []byte(prefix + "-APE")})...)
	b = append(b, Lyrics3v2([2]string{"IND", "00"}, [2]string{"EAR", prefix + "-LYRICS"})...)
	return append(b, ID3v1(prefix+"-V1", "", "", "2020", "", 1, 255)...)
}

// RIFFChunk returns a RIFF chunk: id, little-endian size, data and a pad
// byte if the size is odd.
func RIFFChunk(id string, data []byte) []byte {
	b := append([]byte(id), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	b = append(b, data...)
	if len(data)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// WAVFmt is the fmt chunk data of 16-bit PCM, mono, 8 kHz.
var WAVFmt = []byte{1, 0, 1, 0, 0x40, 0x1f, 0, 0, 0x80, 0x3e, 0, 0, 2, 0, 16, 0}

// WAVFile returns "RIFF", the right size, "WAVE" and the chunks.
func WAVFile(chunks ...[]byte) []byte {
	body := bytes.Join(chunks, nil)
	b := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)+4))...)
	b = append(b, "WAVE"...)
	return append(b, body...)
}

// WAV returns a small WAV whose chunks carry prefix: LIST/INFO (artist
// "P-ARTIST"), bext (originator "P-ORIGINATOR"), iXML ("P-PROJECT") and an
// "id3 " chunk (title "P-ID3").
func WAV(prefix string) []byte {
	info := append([]byte("INFO"), RIFFChunk("IART", []byte(prefix+"-ARTIST\x00"))...)
	bext := make([]byte, 602)
	copy(bext[256:], prefix+"-ORIGINATOR")
	return WAVFile(
		RIFFChunk("bext", bext),
		RIFFChunk("fmt ", WAVFmt),
		RIFFChunk("data", make([]byte, 1600)),
		RIFFChunk("LIST", info),
		RIFFChunk("iXML", []byte(`<?xml version="1.0"?><BWFXML><PROJECT>`+prefix+`-PROJECT</PROJECT></BWFXML>`)),
		RIFFChunk("id3 ", ID3Tag(4, 0, ID3Frame(4, "TIT2", 0, ID3Text(prefix+"-ID3")))),
	)
}

func audioCase(name, file, what string, f func() []byte, planted ...string) Case {
	return Case{Name: name, File: file, What: what, Planted: planted, Write: lazy(f)}
}

// withUint32 returns b with the little-endian uint32 at off set to n.
func withUint32(b []byte, off int, n uint32) []byte {
	binary.LittleEndian.PutUint32(b[off:], n)
	return b
}

func hostileAudio() []Case {
	mp3 := func(tag []byte, tail ...[]byte) []byte {
		b := append(append([]byte(nil), tag...), MP3Silence(10)...)
		for _, t := range tail {
			b = append(b, t...)
		}
		return b
	}
	return []Case{
		audioCase("mp3-id3-huge-size", "huge-id3.mp3", "an ID3v2 tag declaring 256 MiB in a file of a few KiB", func() []byte {
			b := mp3(ID3Tag(4, 0, ID3Frame(4, "TIT2", 0, ID3Text("HUGE"))))
			copy(b[6:10], Syncsafe(1<<28-1))
			return b
		}),
		audioCase("mp3-id3-frame-past-tag", "frame-past.mp3", "an ID3v2 frame whose size runs past the end of its tag", func() []byte {
			f := ID3Frame(3, "TPE1", 0, ID3TextUTF16("HMP3-FRAME"))
			binary.BigEndian.PutUint32(f[4:], 1<<30)
			return mp3(ID3Tag(3, 0, f))
		}, "HMP3-FRAME"),
		audioCase("mp3-id3-zlib-bomb", "zlib-bomb.mp3", "a compressed ID3v2.4 frame that inflates to 64 MiB from 64 KiB, declaring 4 KiB", func() []byte {
			var z bytes.Buffer
			w := zlib.NewWriter(&z)
			chunk := make([]byte, 1<<20)
			for range 64 {
				w.Write(chunk)
			}
			w.Close()
			data := append(Syncsafe(4096), z.Bytes()...)
			return mp3(ID3Tag(4, 0, append(ID3Frame(4, "TPE1", 0x0009, data), ID3Frame(4, "TIT2", 0, ID3Text("HMP3-BOMB"))...)))
		}, "HMP3-BOMB"),
		audioCase("mp3-id3-chapters-deep", "chapters.mp3", "ID3v2 chapters nested 5000 deep", func() []byte {
			inner := ID3Frame(4, "TIT2", 0, ID3Text("HMP3-CHAPTER"))
			for i := range 5000 {
				inner = ID3Frame(4, "CHAP", 0, append(append([]byte(fmt.Sprintf("c%d\x00", i)), make([]byte, 16)...), inner...))
			}
			return mp3(ID3Tag(4, 0, inner))
		}, "HMP3-CHAPTER"),
		audioCase("mp3-id3-many-tags", "many-tags.mp3", "30000 empty ID3v2 tags one after another", func() []byte {
			return mp3(bytes.Repeat(ID3Tag(3, 0, nil), 30000))
		}),
		audioCase("mp3-ape-size-lie", "ape-lie.mp3", "an APEv2 footer declaring more bytes than the file holds", func() []byte {
			ape := APEv2(APEItem{Key: "Artist", Value: []byte("HMP3-APE")})
			return mp3(nil, withUint32(ape, len(ape)-32+12, 1<<30))
		}),
		audioCase("mp3-ape-count-lie", "ape-count.mp3", "an APEv2 tag declaring 2^31 items and holding one", func() []byte {
			ape := APEv2(APEItem{Key: "Artist", Value: []byte("HMP3-APECOUNT")})
			withUint32(ape, 16, 1<<31)
			return mp3(nil, withUint32(ape, len(ape)-32+16, 1<<31))
		}, "HMP3-APECOUNT"),
		audioCase("mp3-lyrics3-size-lie", "lyrics-lie.mp3", "a Lyrics3v2 block whose size field points before the start of the file", func() []byte {
			l := Lyrics3v2([2]string{"EAR", "HMP3-LYR"})
			copy(l[len(l)-15:], "999999")
			return mp3(nil, l)
		}),
		audioCase("mp3-junk-between", "junk.mp3", "an ID3v2 tag, 3000 bytes that are not audio, then audio; a stray ID3v1 tag in the middle of the frames", func() []byte {
			b := mp3(ID3Tag(4, 0, ID3Frame(4, "TIT2", 0, ID3Text("HMP3-TITLE"))), []byte(strings.Repeat("HMP3-JUNK ", 300)))
			b = append(b, ID3v1("HMP3-MIDV1", "", "", "", "", 0, 255)...)
			return append(b, MP3Silence(10)...)
		}, "HMP3-TITLE", "HMP3-JUNK", "HMP3-MIDV1"),
		audioCase("mp3-truncated", "truncated.mp3", "an MP3 cut in the middle of an audio frame", func() []byte {
			b := mp3(ID3Tag(3, 0, ID3Frame(3, "TIT2", 0, ID3TextUTF16("HMP3-CUT"))))
			return b[:len(b)-200]
		}, "HMP3-CUT"),
		audioCase("mp3-tag-only", "tag-only.mp3", "an ID3v2 tag and no audio", func() []byte {
			return ID3Tag(3, 0, ID3Frame(3, "TIT2", 0, ID3TextUTF16("HMP3-NOAUDIO")))
		}),
		audioCase("mp3-not-audio", "not-audio.mp3", "an ID3v2 tag followed by text", func() []byte {
			return append(ID3Tag(3, 0, nil), strings.Repeat("not audio at all ", 200)...)
		}),
		audioCase("wav-riff-size-lie", "riff-lie.wav", "a WAV whose RIFF size says 4 GiB", func() []byte {
			return withUint32(WAV("HWAV1"), 4, 0xfffffff0)
		}, "HWAV1-ARTIST", "HWAV1-ORIGINATOR", "HWAV1-PROJECT", "HWAV1-ID3"),
		audioCase("wav-chunk-past-end", "chunk-past.wav", "a LIST chunk whose size runs past the end of the file", func() []byte {
			return WAVFile(RIFFChunk("fmt ", WAVFmt), RIFFChunk("data", make([]byte, 100)), withUint32(RIFFChunk("LIST", []byte("INFOxxxx")), 4, 1<<30))
		}),
		audioCase("wav-data-past-end", "data-past.wav", "a data chunk declaring 0xFFFFFFFF bytes (a recording that was never finished)", func() []byte {
			return WAVFile(RIFFChunk("fmt ", WAVFmt), withUint32(RIFFChunk("data", make([]byte, 1000)), 4, 0xffffffff))
		}),
		audioCase("wav-many-chunks", "many.wav", "30000 empty JUNK chunks", func() []byte {
			return WAVFile(RIFFChunk("fmt ", WAVFmt), RIFFChunk("data", make([]byte, 100)), bytes.Repeat(RIFFChunk("JUNK", nil), 30000))
		}),
		audioCase("wav-odd-no-pad", "odd.wav", "an odd-sized chunk without its pad byte", func() []byte {
			list := append([]byte("INFO"), RIFFChunk("INAM", []byte("HWAV-ODD"))...)
			list = append(list, "ICMT\x09\x00\x00\x00HWAV-PAD!"...) // 37 bytes in all
			odd := RIFFChunk("LIST", list)
			odd = odd[:len(odd)-1] // without its pad byte
			return WAVFile(RIFFChunk("fmt ", WAVFmt), RIFFChunk("data", make([]byte, 100)), odd, RIFFChunk("JUNK", []byte("HWAV-AFTER")))
		}, "HWAV-ODD", "HWAV-PAD", "HWAV-AFTER"),
		audioCase("wav-rf64-lie", "lie.rf64", "an RF64 file whose ds64 says the data is 2^62 bytes", func() []byte {
			ds64 := make([]byte, 28)
			binary.LittleEndian.PutUint64(ds64[8:], 1<<62)
			b := WAVFile(RIFFChunk("ds64", ds64), RIFFChunk("fmt ", WAVFmt), withUint32(RIFFChunk("data", make([]byte, 100)), 4, 0xffffffff))
			copy(b, "RF64")
			return withUint32(b, 4, 0xffffffff)
		}),
		audioCase("wav-no-data", "no-data.wav", "a WAV with a format chunk and no data chunk", func() []byte {
			return WAVFile(RIFFChunk("fmt ", WAVFmt), RIFFChunk("LIST", append([]byte("INFO"), RIFFChunk("IART", []byte("HWAV-NODATA"))...)))
		}),
		audioCase("wav-ixml-laughs", "laughs.wav", "an iXML chunk with a billion-laughs DOCTYPE", func() []byte {
			x := `<?xml version="1.0"?><!DOCTYPE BWFXML [<!ENTITY a "HWAV-LAUGH"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><BWFXML><NOTE>&d;&d;&d;&d;</NOTE></BWFXML>`
			return WAVFile(RIFFChunk("fmt ", WAVFmt), RIFFChunk("data", make([]byte, 100)), RIFFChunk("iXML", []byte(x)))
		}, "HWAV-LAUGH"),
		audioCase("wav-id3-chunk-lie", "id3-lie.wav", "an \"id3 \" chunk whose tag declares more bytes than the chunk holds", func() []byte {
			tag := ID3Tag(3, 0, ID3Frame(3, "TIT2", 0, ID3TextUTF16("HWAV-ID3LIE")))
			copy(tag[6:10], Syncsafe(1<<27))
			return WAVFile(RIFFChunk("fmt ", WAVFmt), RIFFChunk("data", make([]byte, 100)), RIFFChunk("id3 ", tag))
		}, "HWAV-ID3LIE"),
	}
}
