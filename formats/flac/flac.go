// Package flac cleans FLAC audio without re-encoding it.
//
// A FLAC file is "fLaC", metadata blocks, then audio frames (RFC 9639).
// Clean keeps the blocks decoding needs, STREAMINFO first and SEEKTABLE
// (its placeholder points zeroed), and drops the rest: VORBIS_COMMENT
// (a minimal one with an empty vendor string is written back only when
// the file carries a WAVEFORMATEXTENSIBLE_CHANNEL_MASK, which decoders
// need to place the speakers), PICTURE, APPLICATION, CUESHEET (it holds
// the disc's catalogue number and the tracks' ISRCs, and only splits a
// disc image into tracks) and PADDING. A block of a type RFC 9639 does
// not define is refused. The last-block flag is set on the new last
// block.
//
// The audio frames are copied byte for byte, streamed. Every frame is
// checked as it is copied (header CRC-8, frame CRC-16, numbering), so
// that what follows the last frame is found: an ID3v1 or APEv2 tag, a
// Lyrics3 block or any other data appended to the file is removed. An
// ID3v2 tag before "fLaC" is removed too. Audio that is damaged in the
// middle, or has data inserted between its frames, is refused rather than
// copied with whatever hides there.
package flac

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/flacmeta"
	"github.com/scrub-project/scrub/formats/internal/id3"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/scrub"
)

const magic = "fLaC"

type handler struct{}

// New returns the handler for FLAC audio.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "flac" }

func (handler) Formats() []scrub.Format {
	return []scrub.Format{{Name: "flac", Extensions: []string{".flac"}, Description: "FLAC audio",
		MediaTypes: []string{"audio/flac", "audio/x-flac"}}}
}

// Identify claims content that starts with "fLaC", or with ID3v2 tags
// followed by "fLaC".
func (handler) Identify(head []byte, r io.ReaderAt, size int64) (string, error) {
	if bytes.HasPrefix(head, []byte(magic)) {
		return "flac", nil
	}
	if !bytes.HasPrefix(head, []byte("ID3")) {
		return "", nil
	}
	tags, start, err := skipID3(r, size)
	if err != nil || len(tags) == 0 {
		return "", nil
	}
	var m [4]byte
	if _, err := r.ReadAt(m[:], start); err != nil || string(m[:]) != magic {
		return "", nil
	}
	return "flac", nil
}

func malformed(reasonf string, args ...any) error {
	return scrub.Malformed("flac", nil, reasonf, args...)
}

// span is a byte range of the input.
type span struct{ from, to int64 }

func (s span) len() int64 { return s.to - s.from }

// block is one metadata block.
type block struct {
	typ byte
	off int64 // offset of its 4-byte header
	n   int64 // data length
}

func (b block) data() int64 { return b.off + 4 }
func (b block) end() int64  { return b.off + 4 + b.n }

func (b block) name() string { return flacmeta.Name(b.typ) }

// streamInfo holds what the frame check needs of STREAMINFO.
type streamInfo struct {
	sampleRate uint32
	channels   int
	bps        int
}

// layout is what walking the metadata found.
type layout struct {
	id3    []id3Tag // ID3v2 tags before "fLaC"
	start  int64    // offset of "fLaC"
	blocks []block  // every metadata block, in order
	info   streamInfo
	audio  int64 // offset of the first frame
}

// maxID3 bounds how many ID3v2 tags may precede "fLaC".
const maxID3 = 16

// id3Tag is an ID3v2 tag before "fLaC".
type id3Tag struct {
	span
	h id3.Header
}

// skipID3 returns the ID3v2 tags at the start of the input and the offset
// after them. A tag whose header is invalid or whose size runs past the
// end is an ErrMalformed error.
func skipID3(r io.ReaderAt, size int64) ([]id3Tag, int64, error) {
	var tags []id3Tag
	pos := int64(0)
	var b [id3.HeaderLen]byte
	for {
		if pos+id3.HeaderLen > size {
			return tags, pos, nil
		}
		if _, err := r.ReadAt(b[:], pos); err != nil {
			return nil, 0, fmt.Errorf("reading: %w", err)
		}
		if string(b[:3]) != "ID3" {
			return tags, pos, nil
		}
		h, ok := id3.ParseHeader(b[:])
		if !ok {
			return nil, 0, malformed("the ID3v2 tag before the FLAC stream has an invalid header")
		}
		end := pos + h.Len()
		if end > size {
			return nil, 0, malformed("the ID3v2 tag before the FLAC stream runs past the end of the file")
		}
		tags = append(tags, id3Tag{span{pos, end}, h})
		if len(tags) > maxID3 {
			return nil, 0, malformed("more than %d ID3v2 tags before the FLAC stream", maxID3)
		}
		pos = end
	}
}

// walk reads the ID3v2 tags and the metadata blocks. It returns an
// ErrMalformed error for a missing "fLaC" or STREAMINFO, a block that runs
// past the end of the file, a second STREAMINFO or SEEKTABLE, or a block
// of the invalid type 127; ErrUnsupported for a block type RFC 9639 does
// not define; ErrLimit for more blocks than env.Limits.MaxMembers or a
// block scrub must read that is larger than env.Limits.MaxMemberSize.
func walk(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) (*layout, error) {
	lim := scrub.LimitsOf(env)
	tags, start, err := skipID3(r, size)
	if err != nil {
		return nil, err
	}
	var m [4]byte
	if start+4 > size {
		return nil, malformed("missing the FLAC signature (fLaC)")
	}
	if _, err := r.ReadAt(m[:], start); err != nil {
		return nil, fmt.Errorf("reading: %w", err)
	}
	if string(m[:]) != magic {
		return nil, malformed("missing the FLAC signature (fLaC)")
	}
	lay := &layout{id3: tags, start: start}
	pos := start + 4
	var seekTables int
	for last := false; !last; {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var h [4]byte
		if pos+4 > size {
			return nil, malformed("the file ends inside the metadata blocks: it is cut short")
		}
		if _, err := r.ReadAt(h[:], pos); err != nil {
			return nil, fmt.Errorf("reading: %w", err)
		}
		last = h[0]&0x80 != 0
		b := block{typ: h[0] & 0x7f, off: pos, n: int64(h[1])<<16 | int64(h[2])<<8 | int64(h[3])}
		if b.end() > size {
			return nil, malformed("metadata block %s at offset %d runs past the end of the file", b.name(), pos)
		}
		if len(lay.blocks) >= lim.MaxMembers {
			return nil, scrub.OverLimit("flac", scrub.LimitMembers, fmt.Sprintf("more than %d metadata blocks", lim.MaxMembers))
		}
		first := len(lay.blocks) == 0
		switch {
		case first && (b.typ != flacmeta.StreamInfo || b.n != 34):
			return nil, malformed("the first metadata block is not a stream header (STREAMINFO)")
		case !first && b.typ == flacmeta.StreamInfo:
			return nil, malformed("a second stream header (STREAMINFO)")
		case b.typ == flacmeta.SeekTable:
			seekTables++
			if seekTables > 1 || b.n%18 != 0 {
				return nil, malformed("an invalid seek table")
			}
		case b.typ == flacmeta.Invalid:
			return nil, malformed("a metadata block of the invalid type 127")
		case b.typ > flacmeta.Picture:
			return nil, scrub.Unsupported("flac", fmt.Sprintf("a metadata block of a type scrub does not know (%d)", b.typ),
				"re-save the file with a FLAC tool (flac or an audio editor) so that only standard blocks remain, and clean that copy")
		}
		if b.typ != flacmeta.Padding && b.typ != flacmeta.App && b.n > lim.MaxMemberSize { // blocks scrub reads whole
			return nil, scrub.OverLimit("flac", scrub.LimitMemberSize, fmt.Sprintf("metadata block %s is larger than %d MiB", b.name(), lim.MaxMemberSize>>20))
		}
		if first {
			si, err := readStreamInfo(r, b)
			if err != nil {
				return nil, err
			}
			lay.info = si
		}
		lay.blocks = append(lay.blocks, b)
		pos = b.end()
	}
	lay.audio = pos
	return lay, nil
}

func readStreamInfo(r io.ReaderAt, b block) (streamInfo, error) {
	d, err := section.Read(r, b.data(), b.n)
	if err != nil {
		return streamInfo{}, err
	}
	si := streamInfo{
		sampleRate: uint32(d[10])<<12 | uint32(d[11])<<4 | uint32(d[12])>>4,
		channels:   int(d[12]>>1&7) + 1,
		bps:        int(d[12]&1)<<4 | int(d[13]>>4) + 1,
	}
	if si.bps < 4 {
		return si, malformed("the stream header gives an invalid sample size (%d bits)", si.bps)
	}
	return si, nil
}

func blockHeader(typ byte, last bool, n int) []byte {
	if last {
		typ |= 0x80
	}
	return []byte{typ, byte(n >> 16), byte(n >> 8), byte(n)}
}
