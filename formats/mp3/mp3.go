// Package mp3 cleans MPEG audio files (MP3, and MP2) without re-encoding
// them.
//
// Clean drops every tag. At the start: the ID3v2 tags, one after the
// other. At the end, peeled from the end in whatever order they were
// written: an ID3v1 tag (with its "TAG+" extension), APEv1/v2 tags,
// Lyrics3 v1 and v2 blocks and an appended ID3v2.4 tag with its "3DI"
// footer (mat2 leaves APEv2 and Lyrics3 behind: once mutagen has removed
// ID3v1 it no longer finds them). It then walks the audio frame by frame
// and copies the frames byte for byte, streaming; whatever lies between
// the tags and the first frame, or between two frames, and is not audio
// (junk, the tags of a file joined to this one) is dropped and reported.
// The first frame's Xing/Info or VBRI header and LAME's tag (frame count,
// seek table, encoder delay and padding for gapless playback) are kept;
// that frame holds no audio, and anything after those headers in it must
// be zeros and is zeroed otherwise. A last frame cut short by the end of
// the file is kept as it is.
package mp3

import (
	"bytes"
	"context"
	"io"

	"github.com/scrub-project/scrub/formats/internal/id3"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/scrub"
)

type handler struct{}

// New returns the handler for MPEG audio files.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "mp3" }

func (handler) Formats() []scrub.Format {
	return []scrub.Format{{Name: "mp3", Extensions: []string{".mp3", ".mp2"}, Description: "MP3 audio",
		MediaTypes: []string{"audio/mpeg"}}}
}

func malformed(reasonf string, args ...any) error {
	return scrub.Malformed("mp3", nil, reasonf, args...)
}

// identifyWindow is how far past the tags Identify looks for the first
// frame.
const identifyWindow = 256 << 10

// Identify claims content that starts with ID3v2 tags followed by MPEG
// audio (or by nothing, or by tags that run past the end: Clean refuses
// those), and content that starts with an MPEG audio frame followed by
// two more frames of the same stream. A tag followed by something else
// (a FLAC stream, AAC) is not claimed. A cleaned file always starts
// with a frame followed by another of the same stream, or by its end.
func (handler) Identify(head []byte, r io.ReaderAt, size int64) (string, error) {
	pos, tagged := int64(0), false
	for i := 0; size-pos >= id3.HeaderLen; i++ {
		if i > scrub.DefaultLimits.MaxMembers {
			return "mp3", nil // Clean refuses so many tags
		}
		b, err := section.Read(r, pos, id3.HeaderLen)
		if err != nil {
			return "", nil
		}
		h, ok := id3.ParseHeader(b)
		if !ok {
			break
		}
		tagged = true
		if pos+h.Len() >= size {
			return "mp3", nil
		}
		pos += h.Len()
	}
	if !tagged {
		if h, ok := parseHeader(head); ok {
			w := newWindow(r, size)
			if ok, err := confirmed(w, 0, size, h, 1, true); err == nil && ok {
				return "mp3", nil
			}
		}
		return "", nil
	}
	w := newWindow(r, size)
	if b, err := w.at(pos, 4); err != nil || bytes.Equal(b, []byte("fLaC")) {
		return "", nil
	}
	at, _, err := sync(context.Background(), w, pos, min(size, pos+identifyWindow), size, 0, 2, true)
	if err == nil && at < size {
		return "mp3", nil
	}
	return "", nil
}

// layout is what reading a file found.
type layout struct {
	blocks []block // what cleaning drops, in file order
	st     *stream
}

// scan reads the tags at both ends and walks the audio. It returns
// ErrMalformed for a tag whose size points outside the file and for a
// file without audio frames, and ErrLimit for more tags and non-audio
// stretches than env.Limits.MaxMembers.
func scan(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) (*layout, error) {
	max := scrub.LimitsOf(env).MaxMembers
	head, start, err := headTags(r, size, max)
	if err != nil {
		return nil, err
	}
	tail, end, err := tailTags(r, start, size, max)
	if err != nil {
		return nil, err
	}
	if start >= end {
		return nil, malformed("the file holds tags but no audio")
	}
	st, err := walkFrames(ctx, r, start, end, max)
	if err != nil {
		return nil, err
	}
	lay := &layout{blocks: head, st: st}
	for _, g := range st.gaps {
		where := "between the audio frames"
		switch {
		case g.from == start:
			where = "before the audio"
		case g.to == end:
			where = "after the audio"
		}
		bs, err := gapBlocks(r, g, where)
		if err != nil {
			return nil, err
		}
		lay.blocks = append(lay.blocks, bs...)
	}
	lay.blocks = append(lay.blocks, tail...)
	if len(lay.blocks) > max {
		return nil, tooMany(max)
	}
	return lay, nil
}

// Clean writes the audio frames byte for byte, without the tags and the
// data that is not audio. It returns the errors scan does.
func (handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	lay, err := scan(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	return nil, cleanLayout(ctx, r, w, lay)
}

// CleanReport is Clean that also returns Inspect's findings, from one
// scan of the file.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	lay, err := scan(ctx, env, r, size)
	if err != nil {
		return nil, nil, err
	}
	fs, err := inspectLayout(ctx, env, r, lay)
	if err != nil {
		return nil, nil, err
	}
	return fs, nil, cleanLayout(ctx, r, w, lay)
}

// Inspect lists every tag, field by field (pictures inspected through
// env), the data that is not audio, and data hidden in the first frame
// after its Xing/LAME header. It returns the errors scan does.
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	lay, err := scan(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	return inspectLayout(ctx, env, r, lay)
}

func cleanLayout(ctx context.Context, r io.ReaderAt, w io.Writer, lay *layout) error {
	for _, run := range lay.st.runs {
		from := run.from
		if x := lay.st.xing; x != nil && x.dirty && x.off == from {
			if err := section.Copy(ctx, w, r, from, int64(x.keep)); err != nil {
				return err
			}
			if _, err := w.Write(make([]byte, x.length-x.keep)); err != nil {
				return err
			}
			from += int64(x.length)
		}
		if err := section.Copy(ctx, w, r, from, run.to-from); err != nil {
			return err
		}
	}
	return nil
}

// Parts lists everything but the audio frames: every tag (through the ID3
// reader, pictures through env), the data that is not audio, and the
// first frame with its Xing/LAME header.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	lay, err := scan(ctx, env, r, size)
	if err != nil {
		return err
	}
	for _, b := range lay.blocks {
		if err := ctx.Err(); err != nil {
			return err
		}
		if b.kind == kindID3v2 {
			if err := id3.Parts(ctx, env, r, b.off, b.id3, b.where, fn); err != nil {
				return err
			}
			continue
		}
		if err := fn(scrub.Part{Where: b.where, R: io.NewSectionReader(r, b.off, b.len())}); err != nil {
			return err
		}
		if b.kind == kindAPE {
			if err := apePictures(ctx, r, b, func(where string, pic io.ReaderAt, n int64) error {
				return env.PartsEmbedded(ctx, where, pic, n, fn)
			}); err != nil {
				return err
			}
		}
	}
	if x := lay.st.xing; x != nil {
		return fn(scrub.Part{Where: xingWhere, R: io.NewSectionReader(r, x.off, int64(x.length))})
	}
	return nil
}
