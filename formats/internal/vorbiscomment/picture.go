package vorbiscomment

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/scrub"
)

// Picture is a FLAC PICTURE block (RFC 9639 §8.8), as stored in FLAC's
// metadata and, base64-encoded, in METADATA_BLOCK_PICTURE comments. Its
// slices point into the parsed bytes.
type Picture struct {
	Type                         uint32
	MIME                         string
	Description                  []byte
	Width, Height, Depth, Colors uint32
	Data                         []byte
}

var errPicture = errors.New("the picture's fields run past its end")

// ParsePicture reads a PICTURE block's data. It returns an error when a
// length runs past the end of b; nothing is allocated from a declared
// length.
func ParsePicture(b []byte) (*Picture, error) {
	be := binary.BigEndian
	var p Picture
	field := func() ([]byte, bool) {
		if len(b) < 4 || uint64(be.Uint32(b)) > uint64(len(b)-4) {
			return nil, false
		}
		n := int(be.Uint32(b))
		f := b[4 : 4+n]
		b = b[4+n:]
		return f, true
	}
	if len(b) < 4 {
		return nil, errPicture
	}
	p.Type = be.Uint32(b)
	b = b[4:]
	mime, ok := field()
	if !ok {
		return nil, errPicture
	}
	p.MIME = string(mime)
	if p.Description, ok = field(); !ok {
		return nil, errPicture
	}
	if len(b) < 16 {
		return nil, errPicture
	}
	p.Width, p.Height, p.Depth, p.Colors = be.Uint32(b), be.Uint32(b[4:]), be.Uint32(b[8:]), be.Uint32(b[12:])
	b = b[16:]
	if p.Data, ok = field(); !ok {
		return nil, errPicture
	}
	return &p, nil
}

// pictureTypes names the picture types (the ID3v2 APIC list RFC 9639
// reuses). Some are photos of people or places.
var pictureTypes = []string{
	"other", "file icon", "other file icon", "front cover", "back cover", "leaflet page", "media",
	"lead artist", "artist", "conductor", "band", "composer", "lyricist", "recording location",
	"photo taken during recording", "photo taken during performance", "screen capture",
	"a bright coloured fish", "illustration", "band logo", "publisher logo",
}

func (p *Picture) describe() string {
	kind := "picture"
	if int(p.Type) < len(pictureTypes) {
		kind = pictureTypes[p.Type]
	}
	s := fmt.Sprintf("%s, %s", kind, imagemeta.Size(len(p.Data)))
	if p.MIME != "" {
		s = fmt.Sprintf("%s (%s), %s", kind, p.MIME, imagemeta.Size(len(p.Data)))
	}
	if p.Width > 0 && p.Height > 0 {
		s += fmt.Sprintf(", %d×%d", p.Width, p.Height)
	}
	return s
}

// PictureFindings lists what a PICTURE block holds, all removed: the
// picture itself, its description, the address it links to (MIME type
// "-->"), and what the image carries, inspected through env. It returns
// an ErrMalformed error for format when the block's fields do not fit,
// ErrLimit errors (an image nested too deep, the input's budget spent)
// and ctx's error; any other failure to inspect the image is not an
// error, since the picture goes whole.
func PictureFindings(ctx context.Context, env *scrub.Env, format, where string, b []byte) ([]scrub.Finding, error) {
	return pictureFindings(ctx, env, format, where, "picture", b)
}

func pictureFindings(ctx context.Context, env *scrub.Env, format, where, field string, b []byte) ([]scrub.Finding, error) {
	p, err := ParsePicture(b)
	if err != nil {
		return nil, scrub.Malformed(format, err, "a picture (%s) is damaged", where)
	}
	fs := []scrub.Finding{pictureFinding(where, field, p.describe())}
	if len(p.Description) > 0 {
		fs = append(fs, scrub.Finding{Where: where, Field: field + " description", Value: string(p.Description),
			Kind: scrub.KindComment, Action: scrub.Remove, Label: scrub.LabelDescription})
	}
	if p.MIME == "-->" {
		fs = append(fs, scrub.Finding{Where: where, Field: field + " link", Value: string(p.Data),
			Kind: scrub.KindContact, Action: scrub.Remove, Label: scrub.LabelLink})
		return fs, nil
	}
	more, err := imageFindings(ctx, env, where+" > "+field, p.Data)
	return append(fs, more...), err
}

func pictureFinding(where, field, value string) scrub.Finding {
	return scrub.Finding{Where: where, Field: field, Value: value,
		Kind: scrub.KindAttachment, Action: scrub.Remove, Label: scrub.LabelEmbeddedPicture}
}

// imageFindings inspects an embedded image through the registry. Every
// finding becomes Remove: the image is dropped whole.
func imageFindings(ctx context.Context, env *scrub.Env, where string, img []byte) ([]scrub.Finding, error) {
	if env == nil || len(img) == 0 {
		return nil, nil
	}
	fs, err := env.InspectEmbedded(ctx, where, bytes.NewReader(img), int64(len(img)))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if errors.Is(err, scrub.ErrLimit) {
			return nil, err
		}
		return nil, nil // unknown, refused or damaged: the picture goes anyway
	}
	for i := range fs {
		fs[i].Action = scrub.Remove
		if fs[i].Label == "" { // a handler that does not label yet
			fs[i].Label = imagemeta.LabelOf(fs[i].Field, fs[i].Kind)
		}
	}
	return fs, nil
}

// base64PictureFindings lists a picture stored in a comment: a FLAC
// PICTURE block (METADATA_BLOCK_PICTURE) or an image (COVERART).
func base64PictureFindings(ctx context.Context, env *scrub.Env, format, where, name, value string, block bool) ([]scrub.Finding, error) {
	b, err := decodeBase64(env, format, value)
	if err != nil {
		return nil, err
	}
	if block {
		return pictureFindings(ctx, env, format, where, name, b)
	}
	fs := []scrub.Finding{pictureFinding(where, name, imagemeta.Size(len(b)))}
	more, err := imageFindings(ctx, env, where+" > "+name, b)
	return append(fs, more...), err
}

// decodeBase64 decodes a picture stored in a comment. It returns an
// ErrMalformed error if the value is not base64, an ErrLimit error for a
// picture larger than the member limit, and charges what it decodes to
// env's budget.
func decodeBase64(env *scrub.Env, format, value string) ([]byte, error) {
	lim := scrub.LimitsOf(env)
	if int64(base64.StdEncoding.DecodedLen(len(value))) > lim.MaxMemberSize {
		return nil, scrub.OverLimit(format, scrub.LimitMemberSize,
			fmt.Sprintf("a picture in the comments is larger than %d MiB", lim.MaxMemberSize>>20))
	}
	if strings.ContainsAny(value, "\r\n\t ") {
		value = strings.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == '\t' || r == ' ' {
				return -1
			}
			return r
		}, value)
	}
	b, err := base64.StdEncoding.DecodeString(value)
	if err != nil {
		if b, err = base64.RawStdEncoding.DecodeString(value); err != nil {
			return nil, scrub.Malformed(format, err, "a picture in the comments is not valid base64")
		}
	}
	if env != nil {
		if err := env.Consume(int64(len(b))); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// Parts lists, for the residue check, what the fields of blk hold that is
// not in their bytes as stored: every picture decoded from base64, the
// image in it through env.PartsEmbedded. The caller lists the block's own
// bytes. It returns the errors decodeBase64 does and fn's.
func Parts(ctx context.Context, env *scrub.Env, format, where string, blk *Block, fn func(scrub.Part) error) error {
	for _, f := range blk.Fields {
		if err := ctx.Err(); err != nil {
			return err
		}
		name, value := Split(f)
		if name != "METADATA_BLOCK_PICTURE" && name != "COVERART" {
			continue
		}
		b, err := decodeBase64(env, format, value)
		if err != nil {
			return err
		}
		w := where + " > " + name
		if name == "COVERART" {
			if err := env.PartsEmbedded(ctx, w, bytes.NewReader(b), int64(len(b)), fn); err != nil {
				return err
			}
			continue
		}
		if err := fn(scrub.Part{Where: w, R: bytes.NewReader(PictureOutside(b))}); err != nil {
			return err
		}
		if err := PictureParts(ctx, env, w, b, fn); err != nil {
			return err
		}
	}
	return nil
}

// PictureOutside returns a PICTURE block's bytes without its image (the
// type, MIME type, description, size fields and whatever follows the
// image), for the residue check: PictureParts lists the image through the
// registry, whose handler leaves out the compressed pixels, where chance
// runs of letters look like e-mail addresses. A block that does not parse,
// or whose "image" is a link (MIME type "-->"), is returned whole.
func PictureOutside(b []byte) []byte {
	p, err := ParsePicture(b)
	if err != nil || p.MIME == "-->" {
		return b
	}
	off := 4 + 4 + len(p.MIME) + 4 + len(p.Description) + 16 + 4
	return append(b[:off:off], b[off+len(p.Data):]...)
}

// PictureParts lists the image of a PICTURE block through
// env.PartsEmbedded (the caller lists the block's bytes). A damaged block
// has no image to list.
func PictureParts(ctx context.Context, env *scrub.Env, where string, b []byte, fn func(scrub.Part) error) error {
	p, err := ParsePicture(b)
	if err != nil || p.MIME == "-->" || len(p.Data) == 0 {
		return nil
	}
	return env.PartsEmbedded(ctx, where+" > picture", bytes.NewReader(p.Data), int64(len(p.Data)), fn)
}
