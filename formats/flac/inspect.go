package flac

import (
	"bytes"
	"context"
	"io"

	"github.com/scrub-project/scrub/formats/internal/flacmeta"
	"github.com/scrub-project/scrub/formats/internal/id3"
	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/formats/internal/trailing"
	"github.com/scrub-project/scrub/formats/internal/vorbiscomment"
	"github.com/scrub-project/scrub/scrub"
)

// preview bounds what is read of a block or tag listed only by its
// readable text.
const preview = 64 << 10

func finding(where, field, value string, kind scrub.Kind, label scrub.Label) scrub.Finding {
	return scrub.Finding{Where: where, Field: field, Value: value, Kind: kind, Action: scrub.Remove, Label: label}
}

// metadataFindings lists what cleaning removes before the audio.
func metadataFindings(ctx context.Context, env *scrub.Env, r io.ReaderAt, lay *layout) ([]scrub.Finding, error) {
	var fs []scrub.Finding
	for _, t := range lay.id3 {
		tf, err := id3.Findings(ctx, env, r, t.from, t.h, t.h.Name()+" tag before the audio")
		if err != nil {
			return nil, err
		}
		fs = append(fs, tf...)
	}
	for _, b := range lay.blocks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		bf, err := blockFindings(ctx, env, r, b)
		if err != nil {
			return nil, err
		}
		fs = append(fs, bf...)
	}
	return fs, nil
}

// tailFindings lists what follows the audio.
func tailFindings(ctx context.Context, r io.ReaderAt, a *audio) ([]scrub.Finding, error) {
	var fs []scrub.Finding
	for _, t := range a.tail {
		tf, err := trailerFindings(ctx, r, t)
		if err != nil {
			return nil, err
		}
		fs = append(fs, tf...)
	}
	return fs, nil
}

func blockFindings(ctx context.Context, env *scrub.Env, r io.ReaderAt, b block) ([]scrub.Finding, error) {
	where := b.name() + " block"
	switch b.typ {
	case flacmeta.StreamInfo:
		return nil, nil
	case flacmeta.SeekTable, flacmeta.CueSheet:
		d, err := section.Read(r, b.data(), b.n)
		if err != nil {
			return nil, err
		}
		return flacmeta.Findings(where, b.typ, d), nil
	case flacmeta.Comment:
		blk, err := readComment(env, r, b)
		if err != nil {
			return nil, err
		}
		return vorbiscomment.Findings(ctx, env, "flac", "Vorbis comment", blk)
	case flacmeta.Picture:
		d, err := section.Read(r, b.data(), b.n)
		if err != nil {
			return nil, err
		}
		return vorbiscomment.PictureFindings(ctx, env, "flac", where, d)
	case flacmeta.App:
		d, err := section.Read(r, b.data(), min(b.n, preview))
		if err != nil {
			return nil, err
		}
		return flacmeta.Findings(where, b.typ, d), nil
	case flacmeta.Padding:
		zero, err := section.Zeros(ctx, r, b.data(), b.n)
		if err != nil || zero {
			return nil, err
		}
		d, err := section.Read(r, b.data(), min(b.n, preview))
		if err != nil {
			return nil, err
		}
		return []scrub.Finding{flacmeta.PaddingFinding(where, d)}, nil
	}
	return nil, nil
}

// trailerFindings lists one tag or block of data after the audio.
func trailerFindings(ctx context.Context, r io.ReaderAt, t trailer) ([]scrub.Finding, error) {
	if t.kind == "" {
		f, err := trailing.Finding(ctx, r, t.from, t.len(), "after the end of the audio", "FLAC")
		return []scrub.Finding{f}, err
	}
	b, err := section.Read(r, t.from, min(t.len(), preview))
	if err != nil {
		return nil, err
	}
	switch t.kind {
	case "ID3v1":
		return id3.V1Findings(b, "ID3v1 tag after the audio"), nil
	case "TAG+":
		return id3.V1ExtFindings(b, "ID3v1 tag after the audio"), nil
	}
	return []scrub.Finding{finding(t.kind+" tag after the audio", t.kind, imagemeta.Describe(b), scrub.KindOther, scrub.LabelMetadata)}, nil
}

// Parts lists every byte of the file but the audio frames: the ID3v2 tags,
// the signature and every metadata block as stored, the pictures' images
// (through env) and what the comments hold in base64, and what follows
// the audio.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return err
	}
	a, err := checkFrames(ctx, r, size, lay)
	if err != nil {
		return err
	}
	part := func(where string, from, to int64) error {
		return fn(scrub.Part{Where: where, R: io.NewSectionReader(r, from, to-from)})
	}
	for _, t := range lay.id3 {
		if err := id3.Parts(ctx, env, r, t.from, t.h, t.h.Name()+" tag", fn); err != nil {
			return err
		}
	}
	if err := part("signature", lay.start, lay.start+4); err != nil {
		return err
	}
	for _, b := range lay.blocks {
		where := b.name() + " block"
		if b.typ != flacmeta.Picture {
			if err := part(where, b.off, b.end()); err != nil {
				return err
			}
		}
		switch b.typ {
		case flacmeta.Comment:
			blk, err := readComment(env, r, b)
			if err != nil {
				return err
			}
			if err := vorbiscomment.Parts(ctx, env, "flac", where, blk, fn); err != nil {
				return err
			}
		case flacmeta.Picture:
			d, err := section.Read(r, b.data(), b.n)
			if err != nil {
				return err
			}
			// The block without its image, then the image through the
			// registry (its handler leaves out the compressed pixels).
			head, err := section.Read(r, b.off, 4)
			if err != nil {
				return err
			}
			if err := fn(scrub.Part{Where: where, R: io.MultiReader(bytes.NewReader(head), bytes.NewReader(vorbiscomment.PictureOutside(d)))}); err != nil {
				return err
			}
			if err := vorbiscomment.PictureParts(ctx, env, where, d, fn); err != nil {
				return err
			}
		}
	}
	for _, t := range a.tail {
		where := "after the audio"
		if t.kind != "" {
			where = t.kind + " tag"
		}
		if err := part(where, t.from, t.to); err != nil {
			return err
		}
	}
	return nil
}
