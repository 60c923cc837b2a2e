// Package gif cleans GIF images (87a and 89a, animated or not) without
// re-encoding them.
//
// A GIF is a header, a logical screen descriptor with an optional global
// colour table, then blocks until the trailer (0x3B): images (0x2C, a
// descriptor, an optional local colour table and LZW data in sub-blocks)
// and extensions (0x21, a label, sub-blocks ended by an empty one). Clean
// reads the file once and writes, from an allowlist: the header and
// screen descriptor, every image with its LZW data copied byte for byte,
// graphic control extensions (delay, disposal, transparency) and
// plain-text extensions, the loop count of NETSCAPE2.0 and ANIMEXTS1.0
// application extensions (rebuilt with that sub-block only), and the ICC
// profile of an ICCRGBG1 extension (cleaned by imagemeta.CleanICC, its
// sub-blocks rebuilt). Everything else goes: comments, XMP (written raw
// with its "magic trailer", which a sub-block reader skips like any other
// data), ImageMagick's IPTC and Photoshop blocks, every other application
// extension, extensions with unknown labels, and data after the trailer.
// Reserved bits of the descriptors are written as zeros.
package gif

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/scrub"
)

type handler struct{}

// New returns the handler for GIF images.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "gif" }

func (handler) Formats() []scrub.Format {
	return []scrub.Format{{Name: "gif", Extensions: []string{".gif"}, Description: "GIF image",
		MediaTypes: []string{"image/gif"}}}
}

// Identify claims content that starts with a GIF signature.
func (handler) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if bytes.HasPrefix(head, []byte("GIF87a")) || bytes.HasPrefix(head, []byte("GIF89a")) {
		return "gif", nil
	}
	return "", nil
}

// Block introducers and extension labels.
const (
	introExt     = 0x21
	introImage   = 0x2c
	introTrailer = 0x3b
	labelGCE     = 0xf9
	labelText    = 0x01
	labelComment = 0xfe
	labelApp     = 0xff
	screenSize   = 13 // header and logical screen descriptor
)

// kind says what a block is.
type kind int

const (
	kHeader   kind = iota // header, screen descriptor, global colour table
	kExt                  // an extension
	kImage                // an image descriptor, local colour table, LZW code size
	kTrailer              // the trailer, or the end of the file where it is missing
	kTrailing             // data after the trailer
)

// block is one block of the file, as the walk hands it to a visitor.
type block struct {
	kind     kind
	label    byte  // extensions: the label
	off, end int64 // the block in the file
	// raw holds, for the header and images, the bytes from off (the
	// image's LZW data is not included: it starts at end and is copied
	// by the walk); for extensions, the bytes after the label: the
	// sub-blocks with their length bytes and the terminator, at most
	// maxHeld of them. whole says raw holds them all.
	raw   []byte
	whole bool
	index int // images and extensions: their number in the file, from 1
}

// subBlocks returns the data of an extension's sub-blocks (in raw).
func (b *block) subBlocks() [][]byte {
	var out [][]byte
	for p := 0; p < len(b.raw); {
		n := int(b.raw[p])
		if n == 0 || p+1+n > len(b.raw) {
			break
		}
		out = append(out, b.raw[p+1:p+1+n])
		p += 1 + n
	}
	return out
}

// app returns an application extension's identifier and authentication
// code (its first sub-block).
func (b *block) app() string {
	if sb := b.subBlocks(); len(sb) > 0 {
		return string(sb[0])
	}
	return ""
}

func malformed(reasonf string, args ...any) error {
	return scrub.Malformed("gif", nil, reasonf, args...)
}

// maxHeld bounds what is kept of one extension in memory.
func maxHeld(env *scrub.Env) int64 { return min(scrub.LimitsOf(env).MaxMemberSize, 64<<20) }

// reader reads the file in order, counting its position.
type reader struct {
	br  *bufio.Reader
	pos int64
}

func (r *reader) byte() (byte, error) {
	c, err := r.br.ReadByte()
	if err == nil {
		r.pos++
	}
	return c, err
}

func (r *reader) full(b []byte) error {
	n, err := io.ReadFull(r.br, b)
	r.pos += int64(n)
	return err
}

// copy copies n bytes to w (nil: skips them).
func (r *reader) copy(w io.Writer, n int) error {
	var err error
	if w == nil {
		var k int
		k, err = r.br.Discard(n)
		r.pos += int64(k)
	} else {
		var k int64
		k, err = io.CopyN(w, r.br, int64(n))
		r.pos += k
	}
	return err
}

// errCut is the reason for a file that ends inside a block.
func errCut(what string, off int64) error {
	return malformed("the file is cut short inside %s at offset %d", what, off)
}

// walk reads the file once, block by block, and calls visit for each;
// after visit returns for an image, the image's LZW data is copied to w
// (or skipped if w is nil). It returns a *scrub.FormatError of kind
// ErrMalformed for a file that is not a GIF, ends inside a block or has a
// byte that starts no block; ErrLimit for more extensions than
// env.Limits.MaxMembers. Errors from visit and w are returned as they are.
func walk(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer, visit func(*block) error) error {
	if size < screenSize {
		return malformed("the file is too short to be a GIF image")
	}
	rd := &reader{br: bufio.NewReaderSize(io.NewSectionReader(r, 0, size), 64<<10)}
	hdr := make([]byte, screenSize)
	if err := rd.full(hdr); err != nil {
		return fmt.Errorf("reading: %w", err)
	}
	if s := string(hdr[:6]); s != "GIF87a" && s != "GIF89a" {
		return malformed("missing GIF signature")
	}
	if hdr[10]&0x80 != 0 {
		gct := make([]byte, 3<<(1+hdr[10]&7))
		if err := rd.full(gct); err != nil {
			return errCut("the colour table", rd.pos)
		}
		hdr = append(hdr, gct...)
	}
	if err := visit(&block{kind: kHeader, off: 0, end: rd.pos, raw: hdr, whole: true}); err != nil {
		return err
	}
	lim := scrub.LimitsOf(env)
	held := maxHeld(env)
	images, exts := 0, 0
	for i := 0; ; i++ {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		off := rd.pos
		c, err := rd.byte()
		if errors.Is(err, io.EOF) {
			// No trailer: decoders stop here too. Clean writes one.
			return visit(&block{kind: kTrailer, off: off, end: off})
		} else if err != nil {
			return fmt.Errorf("reading: %w", err)
		}
		switch c {
		case introExt:
			label, err := rd.byte()
			if err != nil {
				return errCut("an extension", off)
			}
			if exts++; exts > lim.MaxMembers {
				return scrub.OverLimit("gif", scrub.LimitMembers, fmt.Sprintf("more than %d extension blocks", lim.MaxMembers))
			}
			b := &block{kind: kExt, label: label, off: off, index: exts}
			if err := readSubBlocks(rd, b, held); err != nil {
				return err
			}
			b.end = rd.pos
			if label == labelText && !b.whole {
				return scrub.OverLimit("gif", scrub.LimitMemberSize, fmt.Sprintf("a plain-text block is larger than %d MiB", held>>20))
			}
			if err := visit(b); err != nil {
				return err
			}
		case introImage:
			images++
			desc := make([]byte, 10)
			desc[0] = c
			if err := rd.full(desc[1:]); err != nil {
				return errCut("an image descriptor", off)
			}
			if desc[9]&0x80 != 0 {
				lct := make([]byte, 3<<(1+desc[9]&7))
				if err := rd.full(lct); err != nil {
					return errCut("a colour table", off)
				}
				desc = append(desc, lct...)
			}
			code, err := rd.byte()
			if err != nil {
				return errCut("an image", off)
			}
			desc = append(desc, code)
			b := &block{kind: kImage, off: off, end: rd.pos, raw: desc, whole: true, index: images}
			if err := visit(b); err != nil {
				return err
			}
			if err := copyData(rd, w); err != nil {
				return err
			}
		case introTrailer:
			if err := visit(&block{kind: kTrailer, off: off, end: rd.pos}); err != nil {
				return err
			}
			if rd.pos < size {
				return visit(&block{kind: kTrailing, off: rd.pos, end: size})
			}
			return nil
		default:
			return malformed("a byte that starts no block (%#02x) at offset %d", c, off)
		}
	}
}

// readSubBlocks reads an extension's sub-blocks up to and including the
// terminator, keeping up to held bytes of them in b.raw.
func readSubBlocks(rd *reader, b *block, held int64) error {
	b.whole = true
	for {
		n, err := rd.byte()
		if err != nil {
			return errCut("an extension", b.off)
		}
		if int64(len(b.raw))+1+int64(n) > held {
			b.whole = false
		}
		if b.whole {
			b.raw = append(b.raw, n)
		}
		if n == 0 {
			return nil
		}
		if b.whole {
			k := len(b.raw)
			b.raw = append(b.raw, make([]byte, n)...)
			if err := rd.full(b.raw[k:]); err != nil {
				return errCut("an extension", b.off)
			}
		} else if err := rd.copy(nil, int(n)); err != nil {
			return errCut("an extension", b.off)
		}
	}
}

// copyData copies an image's LZW sub-blocks and their terminator to w
// (or skips them).
func copyData(rd *reader, w io.Writer) error {
	start := rd.pos
	for {
		n, err := rd.byte()
		if err != nil {
			return errCut("image data", start)
		}
		if w != nil {
			if _, err := w.Write([]byte{n}); err != nil {
				return err
			}
		}
		if n == 0 {
			return nil
		}
		if err := rd.copy(w, int(n)); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return errCut("image data", start)
			}
			return err
		}
	}
}

// payload returns the data of an extension's sub-blocks after the first
// (an application extension's identifier), joined.
func payload(b *block) []byte {
	sb := b.subBlocks()
	if len(sb) < 2 {
		return nil
	}
	var out []byte
	for _, s := range sb[1:] {
		out = append(out, s...)
	}
	return out
}

// xmpMagic is the end of the "magic trailer" XMP writers put after a raw
// packet so that sub-block readers land on the terminator (XMP
// Specification Part 3): 0x01, 0xFF, 0xFE … 0x01, 0x00.
var xmpMagic = func() []byte {
	b := []byte{1}
	for i := 255; i >= 0; i-- {
		b = append(b, byte(i))
	}
	return b
}()

// xmpPacket returns the XMP packet of an "XMP DataXMP" extension: the
// raw bytes after the identifier, without the magic trailer and
// terminator; or, from writers that put it in sub-blocks like any other
// data (no magic trailer), the sub-blocks joined.
func xmpPacket(b *block) []byte {
	if len(b.raw) < 12 {
		return nil
	}
	p := bytes.TrimSuffix(b.raw[12:], []byte{0})
	if raw, ok := bytes.CutSuffix(p, xmpMagic); ok {
		return raw
	}
	return payload(b)
}

// ext names the application extensions scrub knows.
const (
	appNetscape = "NETSCAPE2.0"
	appAnimExts = "ANIMEXTS1.0"
	appICC      = "ICCRGBG1" // and a three-byte code, "012"
	appXMP      = "XMP DataXMP"
	app8BIM     = "MGK8BIM0000"
	appIPTC     = "MGKIPTC0000"
)

// loopBlock returns the loop-count sub-block of a NETSCAPE2.0 or
// ANIMEXTS1.0 extension (id 1, two bytes of count), or nil.
func loopBlock(b *block) []byte {
	sb := b.subBlocks()
	for i := 1; i < len(sb); i++ {
		if len(sb[i]) == 3 && sb[i][0] == 1 {
			return sb[i]
		}
	}
	return nil
}

func isLoop(app string) bool { return app == appNetscape || app == appAnimExts }

func isICC(b *block) bool {
	a := b.app()
	return len(a) == 11 && a[:8] == appICC
}

// profile returns the cleaned ICC profile of an ICCRGBG1 extension, and
// why it cannot be kept ("" if it can).
func profile(b *block) (orig, clean []byte, why string) {
	if !b.whole {
		return nil, nil, "a colour profile too big to read"
	}
	orig = payload(b)
	clean, changed := imagemeta.CleanICC(orig)
	if !changed && scrub.Removable(imagemeta.ICC(orig, "")) {
		return orig, nil, "a colour profile too damaged to clean"
	}
	return orig, clean, ""
}
