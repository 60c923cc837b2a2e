package mp3

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"

	"github.com/scrub-project/scrub/formats/internal/id3"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/scrub"
)

// Kinds of block: a tag, or bytes that are neither tag nor audio.
const (
	kindID3v2    = "ID3v2"
	kindID3v1    = "ID3v1"
	kindID3v1Ext = "ID3v1 extended (TAG+)"
	kindAPE      = "APE"
	kindLyrics2  = "Lyrics3v2"
	kindLyrics1  = "Lyrics3"
	kindJunk     = "junk"
)

// block is a byte range of the file that cleaning drops: a tag, or data
// that is not audio.
type block struct {
	kind     string
	off, end int64
	id3      id3.Header // for kindID3v2
	where    string     // for the user: "ID3v2.4 tag", "APEv2 tag at the end"
}

func (b block) len() int64 { return b.end - b.off }

// headTags reads the ID3v2 tags at the start of the file, one after the
// other. It returns ErrMalformed for a tag that runs past the end of the
// file and ErrLimit for more than max tags.
func headTags(r io.ReaderAt, size int64, max int) ([]block, int64, error) {
	var bs []block
	pos := int64(0)
	for size-pos >= id3.HeaderLen {
		b, err := section.Read(r, pos, id3.HeaderLen)
		if err != nil {
			return nil, 0, err
		}
		h, ok := id3.ParseHeader(b)
		if !ok {
			break
		}
		if pos+h.Len() > size {
			return nil, 0, malformed("the %s tag at offset %d declares %d bytes, more than the file holds", h.Name(), pos, h.Len())
		}
		if len(bs) >= max {
			return nil, 0, tooMany(max)
		}
		bs = append(bs, block{kind: kindID3v2, off: pos, end: pos + h.Len(), id3: h, where: h.Name() + " tag"})
		pos += h.Len()
	}
	return bs, pos, nil
}

func tooMany(max int) error {
	return scrub.OverLimit("mp3", scrub.LimitMembers, fmt.Sprintf("more than %d tags and stretches of data that are not audio", max))
}

// tailTags peels the tags at the end of [start, end) from the end, in
// whatever order they were written (APEv2, Lyrics3v2 and ID3v1 in that
// order is usual; an appended ID3v2.4 tag with a footer may sit among
// them), and returns them in file order with where the audio ends. A tag
// whose size points outside the file (an APEv2 or Lyrics3 size that
// lies) is refused as malformed; one that only looks like a tag stays in
// the audio range, where walking the frames drops it as non-audio data.
func tailTags(r io.ReaderAt, start, end int64, max int) ([]block, int64, error) {
	var bs []block
	for {
		b, err := tailTag(r, start, end)
		if err != nil {
			return nil, 0, err
		}
		if b == nil {
			break
		}
		if len(bs) >= max {
			return nil, 0, tooMany(max)
		}
		bs = append(bs, *b)
		end = b.off
	}
	for i, j := 0, len(bs)-1; i < j; i, j = i+1, j-1 {
		bs[i], bs[j] = bs[j], bs[i]
	}
	return bs, end, nil
}

// tailTag returns the tag that ends at end, or nil.
func tailTag(r io.ReaderAt, start, end int64) (*block, error) {
	n := end - start
	if n >= id3.V1Len {
		b, err := section.Read(r, end-id3.V1Len, id3.V1Len)
		if err != nil {
			return nil, err
		}
		if id3.IsV1(b) {
			if n >= id3.V1Len+id3.V1ExtLen {
				e, err := section.Read(r, end-id3.V1Len-id3.V1ExtLen, 4)
				if err != nil {
					return nil, err
				}
				if string(e) == "TAG+" {
					// The extension and the tag are one block.
					return &block{kind: kindID3v1, off: end - id3.V1Len - id3.V1ExtLen, end: end, where: "ID3v1 tag"}, nil
				}
			}
			return &block{kind: kindID3v1, off: end - id3.V1Len, end: end, where: "ID3v1 tag"}, nil
		}
	}
	if n >= 32 {
		b, err := section.Read(r, end-32, 32)
		if err != nil {
			return nil, err
		}
		if string(b[:8]) == "APETAGEX" {
			return apeBlock(r, start, end, b)
		}
	}
	if n >= 15+11 {
		b, err := section.Read(r, end-15, 15)
		if err != nil {
			return nil, err
		}
		if string(b[6:]) == "LYRICS200" {
			size, err := strconv.ParseUint(string(b[:6]), 10, 32)
			if err != nil {
				return nil, malformed("a Lyrics3v2 tag with an invalid size %q", b[:6])
			}
			off := end - 15 - int64(size)
			if off < start {
				return nil, malformed("the Lyrics3v2 tag at the end declares %d bytes, more than the file holds", size)
			}
			if m, err := section.Read(r, off, 11); err != nil {
				return nil, err
			} else if string(m) != "LYRICSBEGIN" {
				return nil, malformed("the Lyrics3v2 tag at the end does not start where its size says")
			}
			return &block{kind: kindLyrics2, off: off, end: end, where: "Lyrics3v2 tag"}, nil
		}
		if string(b[6:]) == "LYRICSEND" {
			// Lyrics3 (v1): up to 5100 bytes of lyrics after "LYRICSBEGIN".
			k := min(n, 5100+11+9)
			b, err := section.Read(r, end-k, k)
			if err != nil {
				return nil, err
			}
			if i := bytes.LastIndex(b, []byte("LYRICSBEGIN")); i >= 0 {
				return &block{kind: kindLyrics1, off: end - k + int64(i), end: end, where: "Lyrics3 tag"}, nil
			}
		}
	}
	if n >= 2*id3.HeaderLen {
		b, err := section.Read(r, end-id3.HeaderLen, id3.HeaderLen)
		if err != nil {
			return nil, err
		}
		if h, ok := id3.ParseFooter(b); ok && end-h.Len() >= start {
			hb, err := section.Read(r, end-h.Len(), id3.HeaderLen)
			if err != nil {
				return nil, err
			}
			if hh, ok := id3.ParseHeader(hb); ok && hh.Len() == h.Len() {
				return &block{kind: kindID3v2, off: end - h.Len(), end: end, id3: hh, where: hh.Name() + " tag at the end"}, nil
			}
		}
	}
	return nil, nil
}

// apeBlock returns the APE tag whose footer (32 bytes, in foot) ends at
// end. The size and item count of APE tags are little-endian; the size
// counts the items and the footer, not the header.
func apeBlock(r io.ReaderAt, start, end int64, foot []byte) (*block, error) {
	size := int64(binary.LittleEndian.Uint32(foot[12:]))
	flags := binary.LittleEndian.Uint32(foot[20:])
	if size < 32 {
		return nil, malformed("the APE tag at the end declares an invalid size")
	}
	off := end - size
	if flags&(1<<31) != 0 {
		off -= 32
	}
	if off < start {
		return nil, malformed("the APE tag at the end declares %d bytes, more than the file holds", size)
	}
	if flags&(1<<31) != 0 {
		h, err := section.Read(r, off, 8)
		if err != nil {
			return nil, err
		}
		if string(h) != "APETAGEX" {
			return nil, malformed("the APE tag at the end does not start where its size says")
		}
	}
	where := "APEv2 tag"
	if binary.LittleEndian.Uint32(foot[8:]) < 2000 {
		where = "APE tag"
	}
	return &block{kind: kindAPE, off: off, end: end, where: where}, nil
}

// gapBlocks splits a gap into the tags it starts with (an ID3v2 tag
// between two files joined together, an ID3v1 tag in the middle) and the
// rest, which is junk; where names the place for the user.
func gapBlocks(r io.ReaderAt, g gap, where string) ([]block, error) {
	var bs []block
	pos := g.from
	for pos < g.to && len(bs) < 16 {
		b, err := section.Read(r, pos, min(g.to-pos, 32))
		if err != nil {
			return nil, err
		}
		if h, ok := id3.ParseHeader(b); ok && pos+h.Len() <= g.to {
			bs = append(bs, block{kind: kindID3v2, off: pos, end: pos + h.Len(), id3: h, where: h.Name() + " tag"})
			pos += h.Len()
			continue
		}
		if bytes.HasPrefix(b, []byte("TAG")) && pos+id3.V1Len <= g.to {
			bs = append(bs, block{kind: kindID3v1, off: pos, end: pos + id3.V1Len, where: "ID3v1 tag"})
			pos += id3.V1Len
			continue
		}
		if len(b) == 32 && string(b[:8]) == "APETAGEX" && binary.LittleEndian.Uint32(b[20:])&(1<<29) != 0 {
			n := 32 + int64(binary.LittleEndian.Uint32(b[12:]))
			if n >= 64 && pos+n <= g.to {
				bs = append(bs, block{kind: kindAPE, off: pos, end: pos + n, where: "APEv2 tag"})
				pos += n
				continue
			}
		}
		break
	}
	if pos < g.to {
		bs = append(bs, block{kind: kindJunk, off: pos, end: g.to, where: where})
	}
	return bs, nil
}

// apeItem is one item of an APE tag.
type apeItem struct {
	key   string
	flags uint32
	off   int64 // of the value
	n     int64
}

// apeItems lists the items of the APE tag in b (off..end), as far as they
// are well formed.
func apeItems(ctx context.Context, r io.ReaderAt, b block) ([]apeItem, bool, error) {
	pos := b.off
	if h, err := section.Read(r, pos, 8); err != nil {
		return nil, false, err
	} else if string(h) == "APETAGEX" {
		pos += 32 // a header
	}
	end := b.end - 32
	var items []apeItem
	for pos < end {
		if err := ctx.Err(); err != nil {
			return nil, false, err
		}
		if end-pos < 9 || len(items) >= 10000 {
			return items, false, nil
		}
		h, err := section.Read(r, pos, min(end-pos, 8+256))
		if err != nil {
			return nil, false, err
		}
		n := int64(binary.LittleEndian.Uint32(h))
		flags := binary.LittleEndian.Uint32(h[4:])
		k := bytes.IndexByte(h[8:], 0)
		if k < 0 {
			return items, false, nil
		}
		val := pos + 8 + int64(k) + 1
		if n > end-val {
			return items, false, nil
		}
		items = append(items, apeItem{key: string(h[8 : 8+k]), flags: flags, off: val, n: n})
		pos = val + n
	}
	return items, true, nil
}

// lyricsField is one field of a Lyrics3v2 tag.
type lyricsField struct {
	id  string
	off int64
	n   int64
}

// lyricsFields lists the fields of a Lyrics3v2 tag: after "LYRICSBEGIN",
// a 3-letter id, a 5-digit size and the value, up to the 6-digit size and
// "LYRICS200" at the end.
func lyricsFields(r io.ReaderAt, b block) ([]lyricsField, bool, error) {
	pos, end := b.off+11, b.end-15
	var fs []lyricsField
	for pos < end {
		if end-pos < 8 || len(fs) >= 1000 {
			return fs, false, nil
		}
		h, err := section.Read(r, pos, 8)
		if err != nil {
			return nil, false, err
		}
		n, err := strconv.ParseUint(string(h[3:]), 10, 32)
		if err != nil || int64(n) > end-pos-8 {
			return fs, false, nil
		}
		fs = append(fs, lyricsField{id: string(h[:3]), off: pos + 8, n: int64(n)})
		pos += 8 + int64(n)
	}
	return fs, true, nil
}
