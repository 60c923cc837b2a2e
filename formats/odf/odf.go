// Package odf cleans OpenDocument files: text documents, spreadsheets,
// presentations and drawings, their templates, master documents, and the
// flat single-file XML forms (.fodt, .fods, .fodp, .fodg).
//
// A packaged document is rewritten through zipclean and every XML part
// through xmlclean, so untouched markup stays byte for byte:
//
//   - meta.xml keeps only the document statistics and language; everything
//     else in office:meta goes (creators, dates, printed-by, editing cycles
//     and duration, generator, template path, user-defined properties,
//     keywords, title, subject, description, hyperlink behaviour,
//     auto-reload).
//   - settings.xml is pruned, not dropped (it holds the layout compatibility
//     flags documents from older versions and Word need): printer name,
//     fax printer, the PrinterSetup blob (driver and printer path), the
//     mail-merge data source, edit-session ids (Rsid, RsidRoot) and any
//     string setting that holds a local or network path.
//   - content.xml and styles.xml: tracked changes are accepted (the
//     tracked-changes region with its authors, dates and deleted text goes,
//     and the change marks in the text; inserted text stays; change
//     recording stops), comments go with their range ends (office:annotation
//     in text and cells, officeooo:annotation on Impress and Draw pages),
//     and so do dc:creator and dc:date anywhere, officeooo:rsid and
//     officeooo:paragraph-rsid edit-session ids, and XML comments.
//   - Thumbnails/, Configurations2/, layout-cache and the digital
//     signatures (META-INF/documentsignatures.xml, macrosignatures.xml) are
//     dropped.
//   - Pictures and other embedded files are cleaned through the registry;
//     sub-documents (Object N/) are cleaned by the same rules; preview images
//     of embedded objects (ObjectReplacements/) that no handler cleans are
//     dropped, with the references to them, since LibreOffice redraws them
//     from the object. Embedded files scrub cannot clean are kept and
//     reported, except OLE objects (compound files), which are refused.
//   - Macros (Basic/, Scripts/, Dialogs/ and the event bindings, script
//     fields and links that call them) are removed when the policy allows it
//     and refused otherwise.
//   - META-INF/manifest.xml is rewritten to list exactly what remains;
//     mimetype becomes the first member, stored.
//
// Hidden paragraphs, text and sections, hidden sheets, rows, columns,
// slides and layers, speaker notes, fields that show an author, sender or
// file path, and links to local or network paths are reported, not
// removed. Encrypted documents are refused.
package odf

import (
	"context"
	"io"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// kind is one OpenDocument format scrub knows: its scrub.Format, and
// what the handler needs beside it.
type kind struct {
	scrub.Format
	mime string // the OpenDocument media type (for a flat document, of its packaged kind)
	flat bool   // a single XML file rather than a package
	// without names a rule switched off (tests only, see export_test.go).
	without string
}

const mimePrefix = "application/vnd.oasis.opendocument."

func packagedKind(name, mime, desc, ext string) kind {
	return kind{Format: scrub.Format{Name: name, Extensions: []string{ext}, MediaTypes: []string{mimePrefix + mime}, Description: desc}, mime: mimePrefix + mime}
}

func flatKindOf(name, mime, desc, ext string) kind {
	return kind{Format: scrub.Format{Name: name, Extensions: []string{ext}, MediaTypes: []string{mimePrefix + mime + "-flat-xml"}, Description: desc},
		mime: mimePrefix + mime, flat: true}
}

var kinds = []kind{
	packagedKind("odt", "text", "OpenDocument text", ".odt"),
	packagedKind("ott", "text-template", "OpenDocument text template", ".ott"),
	packagedKind("odm", "text-master", "OpenDocument master document", ".odm"),
	packagedKind("ods", "spreadsheet", "OpenDocument spreadsheet", ".ods"),
	packagedKind("ots", "spreadsheet-template", "OpenDocument spreadsheet template", ".ots"),
	packagedKind("odp", "presentation", "OpenDocument presentation", ".odp"),
	packagedKind("otp", "presentation-template", "OpenDocument presentation template", ".otp"),
	packagedKind("odg", "graphics", "OpenDocument drawing", ".odg"),
	packagedKind("otg", "graphics-template", "OpenDocument drawing template", ".otg"),
	flatKindOf("fodt", "text", "flat OpenDocument text", ".fodt"),
	flatKindOf("fods", "spreadsheet", "flat OpenDocument spreadsheet", ".fods"),
	flatKindOf("fodp", "presentation", "flat OpenDocument presentation", ".fodp"),
	flatKindOf("fodg", "graphics", "flat OpenDocument drawing", ".fodg"),
	refusedKind(packagedKind("odb", "base", "OpenDocument database", ".odb"),
		"LibreOffice Base files hold a database and its connection settings, which scrub cannot clean",
		"export the tables you want to share (e.g. to a spreadsheet) and clean that"),
}

func refusedKind(k kind, why, hint string) kind {
	k.Refused, k.Hint = why, hint
	return k
}

// packaged returns the packaged (zip) format for an ODF media type.
func packaged(mime string) (kind, bool) {
	for _, k := range kinds {
		if !k.flat && k.mime == mime {
			return k, true
		}
	}
	return kind{}, false
}

// flatKind returns the flat format for an ODF media type; templates and
// master documents map to their base type (there are no flat template
// extensions).
func flatKind(mime string) (kind, bool) {
	base := strings.TrimSuffix(mime, "-template")
	if base == mimePrefix+"text-master" {
		base = mimePrefix + "text"
	}
	for _, k := range kinds {
		if k.flat && k.mime == base {
			return k, true
		}
	}
	return kind{}, false
}

type handler struct {
	without string // a rule switched off (tests only, see export_test.go)
}

// New returns the handler for OpenDocument files.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "odf" }

func (handler) Formats() []scrub.Format {
	out := make([]scrub.Format, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, k.Format)
	}
	return out
}

// Identify claims a zip package whose first member is a stored mimetype
// naming an OpenDocument type, a zip package whose manifest names one at
// its root (the mimetype member missing or out of place), and an XML
// document whose root is office:document with an OpenDocument
// office:mimetype. It returns an ErrMalformed error for a package whose
// mimetype member and manifest disagree, since the type is then ambiguous.
func (handler) Identify(head []byte, r io.ReaderAt, size int64) (string, error) {
	k, ok, err := identify(head, r, size)
	if err != nil || !ok {
		return "", err
	}
	return k.Name, nil
}

// Inspect lists what the document leaks (see the package documentation).
// It returns ErrEncrypted for password-protected documents, ErrMalformed
// for damaged ones, and the errors of embedded content it cannot inspect.
func (h handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	k, err := h.identify(r, size)
	if err != nil {
		return nil, err
	}
	var fs []scrub.Finding
	if k.flat {
		fs, err = inspectFlat(ctx, env, k, r, size)
	} else {
		var p *pkg
		if p, err = openPackage(ctx, env, k, r, size); err == nil {
			fs, err = p.inspect(ctx)
		}
	}
	return fs, withFormat(err, k.Name)
}

// Clean writes the cleaned document to w (see the package documentation).
// It returns Inspect's errors, and ErrUnsupported for a document with
// macros if env.Policy.RefuseMacros is set.
func (h handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	k, err := h.identify(r, size)
	if err != nil {
		return nil, err
	}
	var ws []scrub.Warning
	if k.flat {
		ws, err = cleanFlat(ctx, env, k, r, size, w)
	} else {
		var p *pkg
		if p, err = openPackage(ctx, env, k, r, size); err == nil {
			ws, err = p.clean(ctx, w, nil)
		}
	}
	return ws, withFormat(err, k.Name)
}

// CleanReport is Clean that also returns Inspect's findings; a package's
// pictures and embedded documents are read and cleaned once for both.
func (h handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	k, err := h.identify(r, size)
	if err != nil {
		return nil, nil, err
	}
	if k.flat { // one XML document: inspecting it first costs little
		fs, err := inspectFlat(ctx, env, k, r, size)
		if err != nil {
			return nil, nil, withFormat(err, k.Name)
		}
		ws, err := cleanFlat(ctx, env, k, r, size, w)
		return fs, ws, withFormat(err, k.Name)
	}
	p, err := openPackage(ctx, env, k, r, size)
	if err != nil {
		return nil, nil, withFormat(err, k.Name)
	}
	fs := &xmlclean.Findings{}
	ws, err := p.clean(ctx, w, fs)
	if err != nil {
		return nil, nil, withFormat(err, k.Name)
	}
	return fs.List(), ws, nil
}

// withFormat names the format in a refusal that does not (the XML
// filter's errors name the part, not the file type).
func withFormat(err error, format string) error {
	if fe, ok := err.(*scrub.FormatError); ok && fe.Format == "" {
		c := *fe
		c.Format = format
		return &c
	}
	return err
}

// identify is identifyFull with the handler's switched-off rule.
func (h handler) identify(r io.ReaderAt, size int64) (kind, error) {
	k, err := identifyFull(r, size)
	k.without = h.without
	return k, err
}

// identifyFull is Identify for Inspect and Clean: content that is not
// OpenDocument is an ErrUnsupported error.
func identifyFull(r io.ReaderAt, size int64) (kind, error) {
	head := make([]byte, min(size, 4096))
	if n, err := r.ReadAt(head, 0); n < len(head) {
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return kind{}, err
	}
	k, ok, err := identify(head, r, size)
	if err != nil {
		return kind{}, err
	}
	if !ok {
		return kind{}, scrub.Unsupported("", "not an OpenDocument file", "")
	}
	if k.Refused != "" {
		return kind{}, scrub.Unsupported(k.Name, k.Refused, k.Hint)
	}
	return k, nil
}

// Hints for refusals.
const (
	hintEncrypted = "open it in LibreOffice, choose File > Save As, untick \"Save with password\", save, and clean the new file"
	hintOLE       = "in LibreOffice, delete the object or replace it with a picture of it, save, and clean the new file"
)
