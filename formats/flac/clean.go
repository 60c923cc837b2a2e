package flac

import (
	"bufio"
	"context"
	"io"

	"github.com/scrub-project/scrub/formats/internal/flacmeta"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/formats/internal/trailing"
	"github.com/scrub-project/scrub/formats/internal/vorbiscomment"
	"github.com/scrub-project/scrub/scrub"
)

// Clean writes "fLaC", the kept metadata blocks and the audio frames. It
// returns the errors walk and the frame check do, and a warning when data
// stored after the audio was removed.
func (h handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, ws, err := h.CleanReport(ctx, env, r, size, w)
	return ws, err
}

// Inspect lists what Clean removes: ID3v2 tags before the stream, the
// comment block's fields and vendor string, pictures and what they carry,
// application blocks, the cue sheet's catalogue number and ISRCs, data in
// padding or seek table placeholders, and tags or data after the audio.
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	fs, err := metadataFindings(ctx, env, r, lay)
	if err != nil {
		return nil, err
	}
	a, err := checkFrames(ctx, r, size, lay)
	if err != nil {
		return nil, err
	}
	tf, err := tailFindings(ctx, r, a)
	return append(fs, tf...), err
}

// CleanReport is Clean that also returns Inspect's findings, from one
// pass over the audio. Clean is CleanReport: what Inspect refuses (a
// damaged picture), Clean refuses too.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, nil, err
	}
	fs, err := metadataFindings(ctx, env, r, lay)
	if err != nil {
		return nil, nil, err
	}
	head, err := header(env, r, lay)
	if err != nil {
		return nil, nil, err
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.Write(head)
	a, written, err := scanAudio(ctx, r, size, lay, bw)
	if err != nil {
		return nil, nil, err
	}
	if err := section.Copy(ctx, bw, r, written, a.end-written); err != nil {
		return nil, nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, nil, err
	}
	var ws []scrub.Warning
	for _, t := range a.tail {
		if t.kind != "" {
			continue
		}
		tw, ok, err := trailing.Warning(ctx, r, t.from, t.len(), "after the end of the audio", "FLAC")
		if err != nil {
			return nil, nil, err
		}
		if ok {
			ws = append(ws, tw)
		}
	}
	tf, err := tailFindings(ctx, r, a)
	return append(fs, tf...), ws, err
}

// header returns "fLaC" and the kept metadata blocks: STREAMINFO, the
// SEEKTABLE with its placeholders zeroed, and a minimal VORBIS_COMMENT if
// the comments hold a field decoding needs.
func header(env *scrub.Env, r io.ReaderAt, lay *layout) ([]byte, error) {
	type kept struct {
		typ  byte
		data []byte
	}
	var ks []kept
	comment := false
	for _, b := range lay.blocks {
		switch b.typ {
		case flacmeta.StreamInfo, flacmeta.SeekTable:
			d, err := section.Read(r, b.data(), b.n)
			if err != nil {
				return nil, err
			}
			if b.typ == flacmeta.SeekTable {
				flacmeta.ClearPlaceholders(d)
			}
			ks = append(ks, kept{b.typ, d})
		case flacmeta.Comment:
			if comment {
				continue
			}
			comment = true
			blk, err := readComment(env, r, b)
			if err != nil {
				return nil, err
			}
			if m := vorbiscomment.Minimal(blk); len(m) > 8 {
				ks = append(ks, kept{b.typ, m})
			}
		}
	}
	out := []byte(magic)
	for i, k := range ks {
		out = append(out, blockHeader(k.typ, i == len(ks)-1, len(k.data))...)
		out = append(out, k.data...)
	}
	return out, nil
}

// readComment parses a VORBIS_COMMENT block. It returns the errors
// vorbiscomment.Parse does: a damaged block is refused, as its fields
// cannot be told apart.
func readComment(env *scrub.Env, r io.ReaderAt, b block) (*vorbiscomment.Block, error) {
	d, err := section.Read(r, b.data(), b.n)
	if err != nil {
		return nil, err
	}
	return vorbiscomment.Parse("flac", d, scrub.LimitsOf(env).MaxMembers)
}
