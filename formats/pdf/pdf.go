// Package pdf cleans PDF documents.
//
// It parses the file with pdfcpu, edits the object graph in memory and writes
// a fresh single-revision file with its own deterministic writer: only the
// objects reachable from the catalog are written, so earlier revisions,
// unreferenced objects, the Info dictionary and unknown trailer keys (such as
// LibreOffice's /AdditionalStreams) cannot survive. The trailer /ID is
// derived from the cleaned bytes themselves (see writer.go), which makes
// cleaning deterministic and lets Inspect recognise a file scrub wrote.
//
// Removed: the Info dictionary, XMP /Metadata on every object, embedded files
// in every form, review annotations, page thumbnails, /PieceInfo,
// /LastModified, JavaScript and additional actions, digital signatures
// (/Perms, /DSS), thread info, web-capture data, layer creator info, pdfTeX
// keys, document parts, and EXIF/XMP/IPTC inside JPEG images (through the
// registry's JPEG handler). Reported but kept: form field values, outline
// titles, layer names, link targets, Launch/GoToR paths, XFA forms and
// font subset tags.
//
// Files that need a password are refused with scrub.ErrEncrypted unless
// env.Policy.Password opens them; files with only a permission (owner)
// password are decrypted and cleaned, with a warning. Parsing runs in the
// calling process; pdfcpu's panics are contained and reported as
// scrub.ErrMalformed.
package pdf

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/scrub"
)

const formatName = "pdf"

// New returns the PDF handler.
func New() scrub.Handler {
	disableConfigDir()
	return handler{}
}

type handler struct{}

func (handler) Name() string { return "pdf" }

func (handler) Formats() []scrub.Format {
	return []scrub.Format{{Name: formatName, Extensions: []string{".pdf"}, Description: "PDF document"}}
}

// headerWindow is how far into the file a PDF header may start (readers
// accept junk before it, and so do we).
const headerWindow = 1024

// Identify claims content whose first KiB holds a "%PDF-" header.
func (handler) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if headerOffset(head) >= 0 {
		return formatName, nil
	}
	return "", nil
}

// headerOffset returns where "%PDF-" followed by a digit starts in the
// first KiB of head, or -1.
func headerOffset(head []byte) int {
	h := head[:min(len(head), headerWindow+8)]
	for off := 0; ; {
		i := bytes.Index(h[off:], []byte("%PDF-"))
		if i < 0 {
			return -1
		}
		i += off
		if i > headerWindow {
			return -1
		}
		if i+5 < len(h) && h[i+5] >= '0' && h[i+5] <= '9' {
			return i
		}
		off = i + 1
	}
}

// Inspect lists what the PDF leaks. It returns a *scrub.FormatError of kind
// ErrEncrypted for files that need a password (unless env.Policy.Password
// opens them), ErrMalformed for files pdfcpu cannot parse, and ErrLimit
// for files over env.Limits.
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) (_ []scrub.Finding, err error) {
	defer contain(&err)
	d, err := load(ctx, env, r, size, false)
	if err != nil {
		return nil, err
	}
	if err := d.run(); err != nil {
		return nil, err
	}
	return d.findings, nil
}

// Clean writes a cleaned, unencrypted, single-revision copy of the PDF to
// w. It returns the same errors as Inspect. Warnings tell about removed
// signatures and removed permission passwords.
func (handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) (_ []scrub.Warning, err error) {
	defer contain(&err)
	d, err := load(ctx, env, r, size, true)
	if err != nil {
		return nil, err
	}
	if err := d.run(); err != nil {
		return nil, err
	}
	if err := d.write(w); err != nil {
		return nil, err
	}
	return d.warnings, nil
}

// CleanReport is Clean that also returns Inspect's findings: cleaning
// walks the same objects with the same rules, and the images it cleans
// report what they carried. One parse of the input instead of two.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) (_ []scrub.Finding, _ []scrub.Warning, err error) {
	defer contain(&err)
	d, err := load(ctx, env, r, size, true)
	if err != nil {
		return nil, nil, err
	}
	if err := d.run(); err != nil {
		return nil, nil, err
	}
	if err := d.write(w); err != nil {
		return nil, nil, err
	}
	return d.findings, d.warnings, nil
}

// contain turns a panic (pdfcpu's decoders, or a structure this package did
// not foresee) into an ErrMalformed error for the user.
func contain(err *error) {
	if v := recover(); v != nil {
		*err = scrub.Malformed(formatName, fmt.Errorf("%v", v), "the PDF structure is broken (the parser gave up)")
	}
}
