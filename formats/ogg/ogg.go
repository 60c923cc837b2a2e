// Package ogg cleans Ogg files — Vorbis, Opus, FLAC and Speex audio,
// Theora video — without re-encoding them.
//
// Every logical stream (each serial number; several when streams are
// multiplexed or chained) starts with header packets: an identification
// header, a comment header (a vendor string and NAME=value fields, which
// carry names, places, dates and base64 pictures) and, for Vorbis and
// Theora, a setup header. Clean writes each comment header back with an
// empty vendor string and no fields (FLAC keeps only its channel mask),
// drops FLAC's other metadata blocks (pictures, application blocks, cue
// sheet, padding; SEEKTABLE is kept with its placeholders zeroed) and the
// encoder version Speex writes in its identification header, lays the new
// headers out in pages as libogg does, renumbers the pages after them and
// recomputes the checksum of every page it changes. Audio and video pages
// are copied byte for byte, streamed, except for their sequence number and
// checksum when the header page count changed.
//
// Fail closed: every page's checksum is checked (a bad one is damage);
// pages missing in the headers, pages out of order, a page of a stream
// that never began or already ended, a header packet in the middle of the
// audio, or a stream of a kind scrub does not know (Ogg Skeleton, Kate,
// Dirac, OGM…) are refused. Data after the last page is removed.
package ogg

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/scrub"
)

type handler struct{}

// New returns the handler for Ogg files.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "ogg" }

func (handler) Formats() []scrub.Format {
	return []scrub.Format{
		{Name: "ogg", Extensions: []string{".ogg", ".oga", ".spx"}, Description: "Ogg audio (Vorbis, FLAC, Speex)",
			MediaTypes: []string{"audio/ogg", "application/ogg"}},
		{Name: "opus", Extensions: []string{".opus"}, Description: "Opus audio", MediaTypes: []string{"audio/opus"}},
		{Name: "ogv", Extensions: []string{".ogv"}, Description: "Ogg video (Theora)", MediaTypes: []string{"video/ogg"}},
	}
}

func malformed(reasonf string, args ...any) error {
	return scrub.Malformed("ogg", nil, reasonf, args...)
}

// Identify claims content that starts with an Ogg page. The format is
// "ogv" when a stream in the first pages is Theora, "opus" when the first
// stream is Opus, "ogg" otherwise (streams scrub does not clean are
// refused by Inspect and Clean, with the reason).
func (handler) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if !bytes.HasPrefix(head, []byte("OggS\x00")) {
		return "", nil
	}
	format := "ogg"
	for p, i := 0, 0; p+headerLen <= len(head) && string(head[p:p+4]) == "OggS"; i++ {
		nseg := int(head[p+26])
		if p+headerLen+nseg > len(head) {
			break
		}
		body := p + headerLen + nseg
		n := 0
		for _, l := range head[p+headerLen : body] {
			n += int(l)
		}
		if head[p+5]&flagBOS != 0 {
			switch c := codecOf(head[body:min(len(head), body+n)]); {
			case c != nil && c.name == "Theora":
				return "ogv", nil
			case c != nil && c.name == "Opus" && i == 0:
				format = "opus"
			}
		}
		p = body + n
	}
	return format, nil
}

// codec is what scrub knows of one kind of stream.
type codec struct {
	name  string
	where string // the comment header, for the user
	// comment is the comment header's prefix, before the comment block.
	comment string
	// framing: a Vorbis comment header ends with a framing bit.
	framing bool
	// setup is the last header packet's prefix ("" when there is none).
	setup string
	// headers returns how many header packets the stream has, from its
	// identification header; 0 means until a FLAC block marked last.
	headers func(id []byte) (int, error)
	// audio reports whether a packet that starts with b (what of it is on
	// the page: at least one byte) can be audio or video data, not a
	// header.
	audio func(b []byte) bool
}

var codecs = []struct {
	prefix string
	c      *codec
}{
	{"\x01vorbis", &codec{name: "Vorbis", where: "Vorbis comment", comment: "\x03vorbis", framing: true, setup: "\x05vorbis",
		headers: fixed(30, 3), audio: func(b []byte) bool { return b[0]&1 == 0 }}},
	{"OpusHead", &codec{name: "Opus", where: "Opus tags", comment: "OpusTags", headers: opusHeaders,
		audio: func(b []byte) bool {
			return !bytes.HasPrefix(b, []byte("OpusHead")) && !bytes.HasPrefix(b, []byte("OpusTags"))
		}}},
	{"\x7fFLAC", &codec{name: "FLAC", where: "FLAC comment", headers: flacHeaders,
		audio: func(b []byte) bool { return b[0] == 0xff && (len(b) < 2 || b[1]&0xfe == 0xf8) }}},
	{"Speex   ", &codec{name: "Speex", where: "Speex comment", headers: speexHeaders, audio: func([]byte) bool { return true }}},
	{"\x80theora", &codec{name: "Theora", where: "Theora comment", comment: "\x81theora", setup: "\x82theora",
		headers: fixed(42, 3), audio: func(b []byte) bool { return b[0]&0x80 == 0 }}},
}

// others names the kinds of stream scrub recognises but does not clean.
var others = []struct{ prefix, name string }{
	{"fishead\x00", "an Ogg Skeleton index"},
	{"\x80kate\x00\x00\x00", "Kate subtitles"},
	{"CMML\x00\x00\x00\x00", "CMML text"},
	{"BBCD\x00", "Dirac video"},
	{"\x80daala", "Daala video"},
	{"OVP80", "VP8 video"},
	{"PCM     ", "raw PCM audio"},
	{"\x01video\x00\x00\x00", "an OGM video stream"},
	{"\x01audio\x00\x00\x00", "an OGM audio stream"},
	{"\x01text\x00\x00\x00", "OGM subtitles"},
	{"\x00\x00\x01\xba", "MPEG video"},
}

func codecOf(id []byte) *codec {
	for _, c := range codecs {
		if bytes.HasPrefix(id, []byte(c.prefix)) {
			return c.c
		}
	}
	return nil
}

// unsupported is the refusal for a stream scrub does not clean.
func unsupported(id []byte) error {
	what := "a kind of stream scrub does not know"
	for _, o := range others {
		if bytes.HasPrefix(id, []byte(o.prefix)) {
			what = o.name
			break
		}
	}
	return scrub.Unsupported("ogg", "the file holds "+what+", which scrub cannot clean",
		"convert it to Opus, Vorbis or FLAC audio (or to WebM video) and clean that copy")
}

func fixed(min, n int) func([]byte) (int, error) {
	return func(id []byte) (int, error) {
		if len(id) < min {
			return 0, malformed("the identification header is cut short")
		}
		return n, nil
	}
}

func opusHeaders(id []byte) (int, error) {
	if len(id) < 19 {
		return 0, malformed("the Opus identification header is cut short")
	}
	if id[8]&0xf0 != 0 {
		return 0, scrub.Unsupported("ogg", fmt.Sprintf("an Opus stream of version %d, which scrub does not know", id[8]),
			"convert it with a current Opus encoder and clean that copy")
	}
	return 2, nil
}

// speexHeaders reads a Speex header: "Speex   ", the encoder's version
// string (20 bytes), then 32-bit fields; extra_headers at offset 68.
func speexHeaders(id []byte) (int, error) {
	if len(id) < 80 {
		return 0, malformed("the Speex identification header is cut short")
	}
	if extra := binary.LittleEndian.Uint32(id[68:]); extra != 0 {
		return 0, scrub.Unsupported("ogg", fmt.Sprintf("a Speex stream with %d extra headers, which scrub does not know", extra),
			"convert it to Opus and clean that copy")
	}
	return 2, nil
}

// flacHeaders reads the first packet of FLAC in Ogg: "\x7fFLAC", version
// 1.0, the count of header packets that follow (0: unknown), "fLaC" and a
// STREAMINFO block.
func flacHeaders(id []byte) (int, error) {
	if len(id) != 51 || string(id[9:13]) != "fLaC" || id[13]&0x7f != 0 || id[14] != 0 || id[15] != 0 || id[16] != 34 {
		return 0, malformed("the FLAC identification header is invalid")
	}
	if id[5] != 1 {
		return 0, scrub.Unsupported("ogg", fmt.Sprintf("FLAC in Ogg of version %d.%d, which scrub does not know", id[5], id[6]),
			"convert it to a plain .flac file and clean that")
	}
	n := int(binary.BigEndian.Uint16(id[7:]))
	if n == 0 {
		return 0, nil
	}
	return 1 + n, nil
}
