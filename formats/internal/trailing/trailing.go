// Package trailing says, in one wording for every format, what scrub
// finds and removes after the end of a file's content: data that programs
// append (a phone's preview image, a motion photo's video, another file
// glued on) or that someone hid there. Readers stop at the end of the
// content, so the data goes unseen; every format drops it whole.
package trailing

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/scrub"
)

// headLen is how much of the data is read to say what it is and what text
// it holds.
const headLen = 64 << 10

// Finding describes the n bytes of r at off that follow the end of the
// content, at where ("after the end of the image"): zeros are padding, a
// minor finding; anything else is hidden data, described by its size,
// what it looks like (another image, a zip archive, a video) and the text
// it holds. own names the file's format ("PNG"), so that a second file of
// it reads "another PNG image". Every finding is Remove. It returns ctx's
// error and read errors.
func Finding(ctx context.Context, r io.ReaderAt, off, n int64, where, own string) (scrub.Finding, error) {
	f := scrub.Finding{Where: where, Field: "trailing data", Kind: scrub.KindHidden, Label: scrub.LabelHiddenData, Action: scrub.Remove}
	what, head, err := describe(ctx, r, off, n, own)
	if err != nil {
		return f, err
	}
	if what == zeros {
		f.Value, f.Minor = size(n)+" of zeros", true
		return f, nil
	}
	f.Value = fmt.Sprintf("%s (%s)", size(n), what)
	if p := imagemeta.Preview(head, 400); p != "" {
		f.Value += ": " + p
	}
	return f, nil
}

// Warning says that the n bytes of r at off, after the end of the content
// at where, were removed, and what they were; ok is false if they were
// only zeros, whose removal changes nothing anyone can see. It returns
// ctx's error and read errors.
func Warning(ctx context.Context, r io.ReaderAt, off, n int64, where, own string) (w scrub.Warning, ok bool, err error) {
	what, _, err := describe(ctx, r, off, n, own)
	if err != nil || what == zeros {
		return w, false, err
	}
	return scrub.Warning{Message: fmt.Sprintf("removed %s stored %s (%s)", size(n), where, what)}, true, nil
}

const zeros = "zeros"

// describe reads the start of the data and says what it is.
func describe(ctx context.Context, r io.ReaderAt, off, n int64, own string) (what string, head []byte, err error) {
	head, err = section.Read(r, off, min(n, headLen))
	if err != nil {
		return "", nil, err
	}
	if section.IsZero(head) {
		z, err := section.Zeros(ctx, r, off+int64(len(head)), n-int64(len(head)))
		if err != nil {
			return "", nil, err
		}
		if z {
			return zeros, head, nil
		}
	}
	return kindOf(head, own), head, nil
}

// kinds are what data after the end of a file usually is, by its first
// bytes; the first that matches names it.
var kinds = []struct {
	format string // the handler's own format, as it names it
	name   string // what it is after the end of a file of another format
	again  string // what it is after the end of a file of its own
	is     func(b []byte) bool
}{
	{"PNG", "a PNG image", "another PNG image", prefix("\x89PNG\r\n\x1a\n")},
	{"GIF", "a GIF image", "another GIF image", func(b []byte) bool {
		return bytes.HasPrefix(b, []byte("GIF87a")) || bytes.HasPrefix(b, []byte("GIF89a"))
	}},
	{"WebP", "a WebP image", "another WebP image", riff("WEBP")},
	{"WAV", "a WAV file", "another WAV file", riff("WAVE")},
	{"FLAC", "a FLAC file", "another FLAC file", prefix("fLaC")},
	{"Ogg", "an Ogg file", "another Ogg file", prefix("OggS")},
	{"Matroska", "a Matroska or WebM file", "another Matroska or WebM file", prefix("\x1a\x45\xdf\xa3")},
	{"", "a zip archive", "", prefix("PK\x03\x04")},
	{"", "a PDF document", "", prefix("%PDF-")},
	{"", "a video, as in a motion photo", "", func(b []byte) bool { return len(b) >= 12 && string(b[4:8]) == "ftyp" }},
	// A JPEG may have a few bytes before its start (damaged files do).
	{"JPEG", "a JPEG image", "another JPEG image: a preview, depth map or HDR gain map", func(b []byte) bool {
		return bytes.Contains(b[:min(len(b), 1024)], []byte{0xff, 0xd8, 0xff})
	}},
}

func prefix(p string) func([]byte) bool {
	return func(b []byte) bool { return bytes.HasPrefix(b, []byte(p)) }
}

func riff(form string) func([]byte) bool {
	return func(b []byte) bool { return len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == form }
}

// kindOf says what data starting with head is, in a file whose format is
// own.
func kindOf(head []byte, own string) string {
	for _, k := range kinds {
		switch {
		case !k.is(head):
		case k.format == own && k.again != "":
			return k.again
		default:
			return k.name
		}
	}
	return "unknown data"
}

func size(n int64) string { return imagemeta.Size(int(min(n, 1<<62))) }
