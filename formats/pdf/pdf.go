// Package pdf cleans PDF documents.
//
// It parses the file with pdfcpu and rebuilds the document from its
// catalog and page tree (rebuild.go): every object it writes goes through
// the allowlist of keys of its role (catalog, page tree nodes, pages,
// resources, fonts, images, forms, colour spaces, patterns, shadings,
// graphics states, annotations, form fields, actions, outlines, structure
// tree, optional content; schema.go). A key that is not on the list is
// dropped, with a finding; an object no kept key reaches is not written.
// So earlier revisions, unreferenced objects, the Info dictionary, XMP on
// any object, embedded files, JavaScript, /PieceInfo, thumbnails, private
// keys of any program and unknown trailer keys (LibreOffice's
// /AdditionalStreams) cannot survive. The writer (writer.go) is
// deterministic; the trailer /ID is derived from the cleaned bytes.
//
// What else goes:
//   - pages that are not in the page tree, even where the structure tree,
//     an outline item, a link or a named destination still points at them
//     (with the /ActualText and /Alt of their structure elements);
//   - /Info of structure elements (/S /Part), attribute objects of
//     /UserProperties, non-standard keys of structure elements;
//   - PostScript comments ("% …") and Acrobat TouchUp edit markers in
//     content streams (page contents, forms, patterns, Type 3 glyphs,
//     annotation appearances): a stream is rewritten only when a scan while
//     inflating finds a "%" (or an inline image, or a marker) — most have
//     none and are copied as they are;
//   - EXIF, XMP, IPTC and comments of JPEG images, whatever filters they
//     sit behind ([/FlateDecode /DCTDecode], [/ASCII85Decode /DCTDecode]…),
//     through the registry's JPEG handler; the metadata boxes and codestream
//     comments of JPEG 2000 images (formats/internal/jp2); the same for
//     inline images (BI … ID … EI) holding JPEG or JPEG 2000 data, which are
//     cleaned in place and keep only their codec as filter;
//   - the description, copyright and device fields of ICC colour profiles
//     (imagemeta.CleanICC); a standard profile is kept as it is;
//   - the folders of local paths in link targets (file:///C:/Users/…),
//     in /URI /Base (which goes whole), in the alternate texts screen
//     readers speak (/Alt, /ActualText, /E, /T) and in form field tooltips
//     (/TU): the file's name stays;
//   - digital signatures (/V, /Perms, /DSS) and the appearance of signed
//     fields, with a warning; XFA form data, with a warning (the AcroForm
//     fields stay);
//   - actions other than GoTo, GoToR, URI, Named, SubmitForm, ResetForm,
//     Hide and SetOCGState (JavaScript, Launch, ImportData, multimedia);
//     additional actions (/AA) everywhere.
//
// Annotations (ISO 32000-2 §12.5.6), what stays and what goes:
//
//	kept, with their appearance:  Link, Widget (form fields), FreeText,
//	                              Stamp, Ink, Square, Circle, Line,
//	                              Polygon, PolyLine, Highlight, Underline,
//	                              StrikeOut, Squiggly, Redact, Watermark,
//	                              PrinterMark
//	removed:                      Text (sticky notes), Popup, Caret,
//	                              FileAttachment, Sound, Movie, Screen,
//	                              RichMedia, 3D, Projection, TrapNet, and
//	                              any other subtype
//	removed from every kept one:  /T (author; on a widget /T is the field
//	                              name and stays), /M, /CreationDate, /NM,
//	                              /RC, /Subj, /Popup, /IRT, /RT, /State,
//	                              /StateModel, /ExData, /AA, and any key
//	                              not on the list
//	/Contents:                    kept on FreeText (it is the text on the
//	                              page) and on Link, Widget, Watermark and
//	                              PrinterMark (an alternate description);
//	                              removed from the other markup annotations
//	                              (it is the review note of the pop-up)
//
// Text markup (Highlight, Underline, StrikeOut, Squiggly) stays: it is a
// visible mark on the page the sender made, like ink; its note goes. A
// link whose destination is a page that is not in the document goes.
//
// Reported but kept: form field values, text typed on the page
// (FreeText), outline titles, layer names, link targets, form submission
// targets, descriptions of links and fields, font subset names (as font
// names).
//
// Hidden content (hidden.go, issue 18): every page's drawing instructions
// are run once through a graphics interpreter (interp.go) that knows where
// each glyph lands and what each fill, stroke and picture covers, in paint
// order. Text under an opaque box drawn after it, text on a box of its own
// dark colour (black highlight), pictures under a dark box, redaction
// marks (/Redact) never applied, and bookmarks, links and form values that
// repeat words hidden on a page are fake redactions: reported as
// scrub.LabelCoveredText, which stops `scrub check`; cleaning keeps them
// and says to redact properly. Invisible text that is not a scan's text
// layer, text outside the page or clipped away, text under 2 points, text
// in the colour of what is behind it, text in a layer that is off, text
// behind a picture and pictures out of sight are reported too; with
// Policy.RemoveHidden the glyphs no one can see (outside the page,
// clipped, invisible, tiny, background-coloured) are removed from the
// page's content streams without moving anything else. Policy.Redactions
// removes redaction marks, or applies them when that removes everything
// under them (it refuses the file, saying why, when it cannot).
//
// Files that need a password are refused with scrub.ErrEncrypted unless
// env.Policy.Password opens them; files with only a permission (owner)
// password are decrypted and cleaned, with a warning. A panic inside
// pdfcpu is contained and reported as a damaged file (scrub.ErrMalformed);
// a panic in this package's own code is not (it is a bug in scrub: the
// engine reports it as an internal error).
package pdf

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strings"

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
	return []scrub.Format{{Name: formatName, Extensions: []string{".pdf"}, Description: "PDF document",
		MediaTypes: []string{"application/pdf", "application/x-pdf"}}}
}

// headerWindow is how far into the file a PDF header may start (readers
// accept junk before it, and so do we).
const headerWindow = 1024

// Identify claims content that has a PDF's structure, not just its
// header: a "%PDF-x.y" header in the first KiB that ends its line, and
// then either an indirect object ("1 0 obj") at the start of a line of the
// first 4 KiB, or the lines "startxref", an offset and "%%EOF" in the last
// KiB. A text that mentions "%PDF-" (a README, a Go test file) is not a
// PDF; a PDF cut short still is.
func (handler) Identify(head []byte, r io.ReaderAt, size int64) (string, error) {
	off := headerOffset(head)
	if off < 0 {
		return "", nil
	}
	if objLine.Match(head[off:]) {
		return formatName, nil
	}
	if r != nil && size > 0 {
		n := min(size, 1024)
		tail := make([]byte, n)
		if m, _ := r.ReadAt(tail, size-n); m > 0 {
			tail = tail[:m]
			if endLine.Match(tail) {
				return formatName, nil
			}
		}
	}
	return "", nil
}

// objLine matches an indirect object's header at the start of a line;
// endLine the end of a PDF: "startxref", its offset and "%%EOF" on lines
// of their own.
var (
	objLine = regexp.MustCompile(`[\r\n][\t\f ]*\d{1,10}[\x00\t\f ]+\d{1,5}[\x00\t\n\f\r ]*obj\b`)
	endLine = regexp.MustCompile(`(?:^|[\r\n])startxref[\x00\t\f ]*[\r\n]+[\x00\t\f ]*\d{1,15}[\x00\t\f ]*[\r\n]+[\x00\t\f ]*%%EOF`)
)

// headerOffset returns where "%PDF-d.d", followed by the end of its line
// (or a comment or white space), starts in the first KiB of head, or -1.
func headerOffset(head []byte) int {
	h := head[:min(len(head), headerWindow+16)]
	for off := 0; ; {
		i := bytes.Index(h[off:], []byte("%PDF-"))
		if i < 0 {
			return -1
		}
		i += off
		if i > headerWindow {
			return -1
		}
		v := h[i+5:]
		if len(v) >= 3 && isDigit(v[0]) && v[1] == '.' && isDigit(v[2]) {
			j := 3
			for j < len(v) && isDigit(v[j]) {
				j++
			}
			for j < len(v) && (v[j] == ' ' || v[j] == '\t') {
				j++
			}
			if j == len(v) || v[j] == '\r' || v[j] == '\n' || v[j] == '%' {
				return i
			}
		}
		off = i + 1
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

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
// signatures, XFA forms and permission passwords.
func (h handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, ws, err := h.CleanReport(ctx, env, r, size, w)
	return ws, err
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

// contain turns a panic inside pdfcpu (its parser and decoders fail that
// way on some damaged files) into an ErrMalformed error for the user. A
// panic anywhere else is a bug in scrub: it goes on, for the engine to
// report as an internal error.
func contain(err *error) {
	v := recover()
	if v == nil {
		return
	}
	if panickedIn("github.com/pdfcpu/pdfcpu/") {
		*err = scrub.Malformed(formatName, fmt.Errorf("%v", v), "the PDF structure is broken (the parser gave up)")
		return
	}
	panic(v)
}

// panickedIn reports whether the function that panicked (the first frame
// below the runtime's panic machinery) belongs to a package under prefix.
// It is called from a deferred function while the panic unwinds.
func panickedIn(prefix string) bool {
	pc := make([]uintptr, 64)
	n := runtime.Callers(1, pc)
	frames := runtime.CallersFrames(pc[:n])
	inPanic := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			inPanic = true
		case inPanic && !strings.HasPrefix(f.Function, "runtime."):
			return strings.HasPrefix(f.Function, prefix)
		}
		if !more {
			return false
		}
	}
}
