// Package webp cleans WebP images without re-encoding them.
//
// A WebP file is a RIFF container: "RIFF", a little-endian size, "WEBP",
// then chunks (a four-character code, a little-endian size, the payload
// and a pad byte when the size is odd). Clean writes a new container that
// keeps, from an allowlist, what decoding and display need: the VP8X
// header (with its EXIF and XMP flags cleared and its reserved bits
// zeroed), the ICC profile (cleaned by imagemeta.CleanICC), the animation
// header and frames (ANIM, ANMF), the alpha channel (ALPH) and the
// bitstream (VP8, VP8L), copied byte for byte. Everything else goes:
// EXIF and XMP chunks (whatever their flags say: writers set them wrong),
// unknown chunks, unknown sub-chunks of animation frames, and data after
// the end of the RIFF container. Pad bytes are written as zeros. If the
// EXIF orientation was not 1, an EXIF chunk that holds only the
// Orientation tag is written back so that the picture still displays
// upright.
package webp

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/scrub"
)

type handler struct{}

// New returns the handler for WebP images.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "webp" }

func (handler) Formats() []scrub.Format {
	return []scrub.Format{{Name: "webp", Extensions: []string{".webp"}, Description: "WebP image",
		MediaTypes: []string{"image/webp"}}}
}

// Identify claims a RIFF container whose form type is WEBP.
func (handler) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP" {
		return "webp", nil
	}
	return "", nil
}

// What happens to a chunk.
type role int

const (
	drop     role = iota
	header        // VP8X, rewritten
	profile       // ICCP, rewritten with the cleaned profile
	anim          // ANIM, rewritten with its 6 bytes
	frame         // ANMF, rewritten with its kept sub-chunks
	bitCodec      // VP8, VP8L, ALPH: kept; codec payload for Parts
)

const (
	headSize = 12 // "RIFF", size, "WEBP"
	vp8xSize = 10
	anmfHead = 16 // the frame header before an ANMF's sub-chunks
)

// chunk is one chunk of the file; its payload is read again when needed.
type chunk struct {
	id   string
	off  int64 // offset of the chunk header
	n    int64 // payload size
	role role
	sub  []chunk // an animation frame's sub-chunks
}

func (c chunk) data() int64 { return c.off + 8 }

// out is the size of the chunk as Clean writes it, header and pad
// included.
func (c chunk) out() int64 { return 8 + c.n + c.n&1 }

// layout is what walking a WebP file found.
type layout struct {
	chunks   []chunk
	end      int64 // end of the RIFF container in the file
	extended bool  // the file starts with VP8X
	flags    byte  // the VP8X flags Clean writes
	icc      []byte
	iccOrig  []byte // the profile as the file has it
	iccOff   int64  // offset of its chunk
	// orientation is the EXIF Orientation if 2 to 8 (written back as a
	// minimal EXIF chunk), else 0; minimal says the first EXIF chunk is
	// already that minimal chunk.
	orientation int
	minimal     bool
	exif        int // index in chunks of the first EXIF chunk, -1 if none
}

func malformed(reasonf string, args ...any) error {
	return scrub.Malformed("webp", nil, reasonf, args...)
}

// maxText bounds what is read of one dropped chunk to list its content:
// enough for any real metadata block, and the chunk is dropped whole
// anyway.
const maxText = 16 << 20

// walk reads the chunk structure. It returns a *scrub.FormatError of kind
// ErrMalformed for a file cut short, a chunk running past the end of the
// container, a first chunk that is not VP8, VP8L or VP8X, or no image
// data; ErrLimit for more chunks than env.Limits.MaxMembers or a colour
// profile larger than env.Limits.MaxMemberSize.
func walk(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) (*layout, error) {
	var h [headSize]byte
	if size < headSize {
		return nil, malformed("the file is too short to be a WebP image")
	}
	if _, err := r.ReadAt(h[:], 0); err != nil {
		return nil, fmt.Errorf("reading: %w", err)
	}
	if string(h[:4]) != "RIFF" || string(h[8:12]) != "WEBP" {
		return nil, malformed("missing RIFF WEBP header")
	}
	riff := int64(binary.LittleEndian.Uint32(h[4:]))
	if riff < 4 {
		return nil, malformed("the RIFF size (%d) is too small", riff)
	}
	end := 8 + riff
	if end > size {
		return nil, malformed("the file is cut short: its header says %d bytes, it has %d", end, size)
	}
	lim := scrub.LimitsOf(env)
	count := 0
	cs, err := chunks(ctx, r, headSize, end, lim, &count)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, malformed("no image data")
	}
	lay := &layout{chunks: cs, end: end, exif: -1}
	switch cs[0].id {
	case "VP8 ", "VP8L":
		cs[0].role = bitCodec // a simple file: only the bitstream counts
		return lay, nil
	case "VP8X":
		if cs[0].n < vp8xSize {
			return nil, malformed("the VP8X header is too short")
		}
	default:
		return nil, malformed("the first chunk is %q, not an image header", cs[0].id)
	}
	lay.extended = true
	var vp8x [1]byte
	if _, err := r.ReadAt(vp8x[:], cs[0].data()); err != nil {
		return nil, fmt.Errorf("reading: %w", err)
	}
	// Alpha (0x10) and animation (0x02) describe the image; ICC and EXIF
	// are set below from what is kept; XMP and the reserved bits go.
	lay.flags = vp8x[0] & 0x12
	cs[0].role = header
	image := false
	for i := 1; i < len(cs); i++ {
		c := &cs[i]
		switch c.id {
		case "ICCP":
			if lay.iccOrig != nil {
				continue // a second profile: dropped
			}
			if c.n > lim.MaxMemberSize {
				return nil, scrub.OverLimit("webp", scrub.LimitMemberSize, fmt.Sprintf("the colour profile is larger than %d MiB", lim.MaxMemberSize>>20))
			}
			p, err := section.Read(r, c.data(), c.n)
			if err != nil {
				return nil, err
			}
			lay.iccOrig, lay.iccOff = p, c.off
			clean, changed := imagemeta.CleanICC(p)
			if !changed && scrub.Removable(imagemeta.ICC(p, "")) {
				continue // too damaged to rebuild: it goes whole
			}
			c.role = profile
			lay.icc = clean
			lay.flags |= 0x20
		case "ANIM":
			if c.n >= 6 && !lay.has(anim) {
				c.role = anim
			}
		case "ANMF":
			if c.n < anmfHead {
				return nil, malformed("animation frame at offset %d is too short", c.off)
			}
			c.role = frame
			for j := range c.sub {
				switch s := &c.sub[j]; s.id {
				case "ALPH", "VP8 ", "VP8L":
					s.role = bitCodec
					image = image || s.id != "ALPH"
				}
			}
		case "ALPH", "VP8 ", "VP8L":
			c.role = bitCodec
			image = image || c.id != "ALPH"
		case "EXIF":
			if lay.exif < 0 {
				lay.exif = i
				if err := lay.readOrientation(r, *c); err != nil {
					return nil, err
				}
			}
		}
	}
	if !image {
		return nil, malformed("no image data (no VP8, VP8L or animation frame)")
	}
	if lay.orientation != 0 {
		lay.flags |= 0x08
	}
	return lay, nil
}

func (l *layout) has(r role) bool {
	for _, c := range l.chunks {
		if c.role == r {
			return true
		}
	}
	return false
}

// chunks reads the chunks in [from, to) of r; an animation frame's
// sub-chunks are read too. A chunk whose odd size leaves no room for its
// pad byte at the very end is accepted (Clean writes the pad).
func chunks(ctx context.Context, r io.ReaderAt, from, to int64, lim scrub.Limits, count *int) ([]chunk, error) {
	var out []chunk
	var h [8]byte
	for pos := from; pos < to; {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if to-pos < 8 {
			return nil, malformed("a chunk header at offset %d is cut short", pos)
		}
		if _, err := r.ReadAt(h[:], pos); err != nil {
			return nil, fmt.Errorf("reading: %w", err)
		}
		c := chunk{id: string(h[:4]), off: pos, n: int64(binary.LittleEndian.Uint32(h[4:]))}
		if c.n > to-pos-8 {
			return nil, malformed("chunk %q at offset %d runs past the end of its container", c.id, pos)
		}
		if *count++; *count > lim.MaxMembers {
			return nil, scrub.OverLimit("webp", scrub.LimitMembers, fmt.Sprintf("more than %d chunks", lim.MaxMembers))
		}
		if c.id == "ANMF" && from == headSize && c.n >= anmfHead {
			sub, err := chunks(ctx, r, c.data()+anmfHead, c.data()+c.n, lim, count)
			if err != nil {
				return nil, err
			}
			c.sub = sub
		}
		out = append(out, c)
		pos = min(c.data()+c.n+c.n&1, to)
	}
	return out, nil
}

// payload reads a chunk's payload, at most max bytes of it.
func payload(r io.ReaderAt, c chunk, max int64) ([]byte, error) {
	return section.Read(r, c.data(), min(c.n, max))
}

func (l *layout) readOrientation(r io.ReaderAt, c chunk) error {
	b, err := payload(r, c, maxText)
	if err != nil {
		return err
	}
	if o, ok := imagemeta.IsOrientationEXIF(b); ok {
		l.orientation, l.minimal = o, true
		return nil
	}
	if _, o := imagemeta.EXIF(imagemeta.ExifTIFF(b), ""); o >= 2 && o <= 8 {
		l.orientation = o
	}
	return nil
}

// size returns the payload size of an animation frame as Clean writes it.
func frameSize(c chunk) int64 {
	n := int64(anmfHead)
	for _, s := range c.sub {
		if s.role != drop {
			n += s.out()
		}
	}
	return n
}

// riffSize returns the RIFF size Clean writes.
func (l *layout) riffSize() int64 {
	n := int64(4)
	for _, c := range l.chunks {
		switch c.role {
		case drop:
		case header:
			n += 8 + vp8xSize
		case profile:
			n += 8 + int64(len(l.icc)) + int64(len(l.icc)&1)
		case anim:
			n += 8 + 6
		case frame:
			n += 8 + frameSize(c)
		default:
			n += c.out()
		}
	}
	if l.orientation != 0 {
		e := imagemeta.OrientationEXIF(l.orientation)
		n += 8 + int64(len(e)+len(e)&1)
	}
	return n
}
