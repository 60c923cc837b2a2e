package webp

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/formats/internal/trailing"
	"github.com/scrub-project/scrub/scrub"
)

// Inspect lists the chunks Clean removes and what they hold (EXIF, XMP,
// unknown chunks, unknown sub-chunks of animation frames), data after the
// end of the container, what the colour profile names and the
// orientation (kept, Action Report). It returns the errors walk does.
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	return inspectLayout(ctx, r, size, lay)
}

func inspectLayout(ctx context.Context, r io.ReaderAt, size int64, lay *layout) ([]scrub.Finding, error) {
	var fs []scrub.Finding
	for i, c := range lay.chunks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		switch c.role {
		case drop:
			if i == lay.exif && lay.minimal {
				continue
			}
			cf, err := chunkFindings(r, lay, c, chunkName(c.id)+" chunk")
			if err != nil {
				return nil, err
			}
			fs = append(fs, cf...)
		case profile:
			fs = append(fs, imagemeta.ICC(lay.iccOrig, "ICCP chunk")...)
		case header:
			if c.n > vp8xSize {
				fs = append(fs, extra(r, c, vp8xSize, "VP8X chunk"))
			}
		case anim:
			if c.n > 6 {
				fs = append(fs, extra(r, c, 6, "ANIM chunk"))
			}
		case frame:
			for _, s := range c.sub {
				if s.role != drop {
					continue
				}
				cf, err := chunkFindings(r, lay, s, fmt.Sprintf("animation frame at offset %d > %s chunk", c.off, chunkName(s.id)))
				if err != nil {
					return nil, err
				}
				fs = append(fs, cf...)
			}
		}
	}
	if lay.orientation != 0 {
		fs = append(fs, imagemeta.OrientationFinding("EXIF chunk", lay.orientation))
	}
	if lay.end < size {
		f, err := trailing.Finding(ctx, r, lay.end, size-lay.end, "after the end of the image", "WebP")
		if err != nil {
			return nil, err
		}
		fs = append(fs, f)
	}
	return fs, nil
}

// chunkName shows a chunk's four-character code without its padding.
func chunkName(id string) string {
	if s := strings.TrimRight(id, " \x00"); s != "" {
		return s
	}
	return fmt.Sprintf("%q", id)
}

// extra is the finding for bytes a fixed-size chunk carries past its
// fields (Clean writes the fields only).
func extra(r io.ReaderAt, c chunk, fields int64, where string) scrub.Finding {
	b, _ := section.Read(r, c.data()+fields, min(c.n-fields, maxText))
	return scrub.Finding{Where: where, Field: "extra data", Value: imagemeta.Describe(b),
		Kind: scrub.KindHidden, Label: scrub.LabelHiddenData, Action: scrub.Remove}
}

// chunkFindings lists what a dropped chunk holds.
func chunkFindings(r io.ReaderAt, lay *layout, c chunk, where string) ([]scrub.Finding, error) {
	b, err := payload(r, c, maxText)
	if err != nil {
		return nil, err
	}
	f := scrub.Finding{Where: where, Field: chunkName(c.id), Value: imagemeta.Describe(b),
		Kind: scrub.KindOther, Label: scrub.LabelPrivateData, Action: scrub.Remove}
	var fs []scrub.Finding
	switch c.id {
	case "EXIF":
		fs, _ = imagemeta.EXIF(imagemeta.ExifTIFF(b), where)
		f.Label = scrub.LabelMetadata
	case "XMP ", "XMP\x00":
		fs = imagemeta.XMP(b, where)
		f.Label = scrub.LabelMetadata
	case "ICCP":
		f.Label, f.Field = scrub.LabelColour, "ICC profile"
		if c.off == lay.iccOff {
			f.Value = "a colour profile too damaged to clean (" + imagemeta.Size(len(b)) + ")"
		} else {
			f.Value = "a second colour profile (" + imagemeta.Size(len(b)) + ")"
		}
		return []scrub.Finding{f}, nil
	case "VP8 ", "VP8L", "ALPH", "ANMF", "ANIM", "VP8X":
		// Out of place: not part of the picture a viewer shows.
		f.Kind, f.Label = scrub.KindHidden, scrub.LabelHiddenData
		f.Value = fmt.Sprintf("a %s chunk a viewer does not show (%s)", chunkName(c.id), imagemeta.Size(int(c.n)))
		return []scrub.Finding{f}, nil
	}
	if !scrub.Removable(fs) {
		fs = append(fs, f)
	}
	return fs, nil
}
