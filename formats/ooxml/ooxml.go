// Package ooxml cleans Office Open XML documents: Word (docx, docm, dotx,
// dotm), Excel (xlsx, xlsm, xltx, xltm) and PowerPoint (pptx, pptm, potx,
// potm, ppsx, ppsm).
//
// A document is identified by its content: a zip archive whose package
// relationships name a main part whose content type is one of the above.
// Cleaning rewrites the package through zipclean and every XML part
// through xmlclean, with one set of rules that Inspect and Clean share:
//
//   - properties: core.xml and app.xml keep only their root element;
//     custom properties and the thumbnail go;
//   - parts that only carry identity or history go, with their
//     relationships and content-type overrides: comments of all three
//     applications and their authors, people lists, printer settings,
//     custom XML (and data bindings to it), sensitivity labels, revision
//     logs, change and revision info, digital signatures, add-in data,
//     tags, and every part nothing references any more;
//   - Word: rsids, w:nsid, document ids, document variables, the attached
//     template, mail-merge settings, comment anchors; tracked changes are
//     accepted (insertions kept, deletions dropped, property changes
//     dropped); author, initials and date attributes;
//   - Excel: x15ac:absPath, xr:revisionPtr, xr:uid GUIDs, fileSharing
//     user names, fileVersion build stamps, pivot cache refresh user and
//     date, comment boxes in VML drawings;
//   - embedded pictures are cleaned through the registry, embedded Office
//     documents recursively; an embedded object scrub cannot clean is
//     replaced by an empty OLE object (its picture stays); macros make
//     Clean refuse the file if Policy.RefuseMacros is set.
//
// Speaker notes, hidden slides, hidden sheets, rows and columns, hidden
// text, links to local or network paths, data connections and fields that
// show the author are reported and kept.
package ooxml

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"github.com/scrub-project/scrub/formats/internal/bufpool"
	"io"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

type handler struct{}

// New returns the handler for Office Open XML documents.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "ooxml" }

var formats = []scrub.Format{
	{Name: "docx", Extensions: []string{".docx"}, MediaTypes: []string{"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}, Description: "Word document"},
	{Name: "docm", Extensions: []string{".docm"}, MediaTypes: []string{"application/vnd.ms-word.document.macroEnabled.12"}, Description: "Word macro-enabled document"},
	{Name: "dotx", Extensions: []string{".dotx"}, MediaTypes: []string{"application/vnd.openxmlformats-officedocument.wordprocessingml.template"}, Description: "Word template"},
	{Name: "dotm", Extensions: []string{".dotm"}, MediaTypes: []string{"application/vnd.ms-word.template.macroEnabled.12"}, Description: "Word macro-enabled template"},
	{Name: "xlsx", Extensions: []string{".xlsx"}, MediaTypes: []string{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, Description: "Excel workbook"},
	{Name: "xlsm", Extensions: []string{".xlsm"}, MediaTypes: []string{"application/vnd.ms-excel.sheet.macroEnabled.12"}, Description: "Excel macro-enabled workbook"},
	{Name: "xltx", Extensions: []string{".xltx"}, MediaTypes: []string{"application/vnd.openxmlformats-officedocument.spreadsheetml.template"}, Description: "Excel template"},
	{Name: "xltm", Extensions: []string{".xltm"}, MediaTypes: []string{"application/vnd.ms-excel.template.macroEnabled.12"}, Description: "Excel macro-enabled template"},
	{Name: "pptx", Extensions: []string{".pptx"}, MediaTypes: []string{"application/vnd.openxmlformats-officedocument.presentationml.presentation"}, Description: "PowerPoint presentation"},
	{Name: "pptm", Extensions: []string{".pptm"}, MediaTypes: []string{"application/vnd.ms-powerpoint.presentation.macroEnabled.12"}, Description: "PowerPoint macro-enabled presentation"},
	{Name: "potx", Extensions: []string{".potx"}, MediaTypes: []string{"application/vnd.openxmlformats-officedocument.presentationml.template"}, Description: "PowerPoint template"},
	{Name: "potm", Extensions: []string{".potm"}, MediaTypes: []string{"application/vnd.ms-powerpoint.template.macroEnabled.12"}, Description: "PowerPoint macro-enabled template"},
	{Name: "ppsx", Extensions: []string{".ppsx"}, MediaTypes: []string{"application/vnd.openxmlformats-officedocument.presentationml.slideshow"}, Description: "PowerPoint slide show"},
	{Name: "ppsm", Extensions: []string{".ppsm"}, MediaTypes: []string{"application/vnd.ms-powerpoint.slideshow.macroEnabled.12"}, Description: "PowerPoint macro-enabled slide show"},
	{Name: "xlsb", Extensions: []string{".xlsb"}, MediaTypes: []string{"application/vnd.ms-excel.sheet.binary.macroEnabled.12"}, Description: "Excel binary workbook",
		Refused: "binary Excel workbooks are not supported (their parts are not XML)",
		Hint:    "open it in Excel or LibreOffice and save it as .xlsx (File > Save As), then run scrub on the new file"},
}

func (handler) Formats() []scrub.Format { return formats }

// MacroHint is the hint of the error Clean returns for documents with
// macros under the default policy.
const MacroHint = "run again without --refuse-macros to remove the macros (the document keeps its content)"

// looksOOXML reports whether the first zip member is one an OOXML writer
// puts first: then a damaged archive is a damaged Office document, not
// somebody else's zip.
func looksOOXML(head []byte) bool {
	if len(head) < 30 {
		return false
	}
	n := int(binary.LittleEndian.Uint16(head[26:]))
	if len(head) < 30+n {
		return false
	}
	name := string(head[30 : 30+n])
	for _, p := range []string{"[Content_Types].xml", "_rels/", "word/", "xl/", "ppt/", "docProps/"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// Identify reads the zip directory, the content types and the package
// relationships, and returns the format named by the main part's content
// type. Zips that are not OPC packages are not ours; a damaged archive whose
// first member is an Office part is refused with the reason.
func (handler) Identify(head []byte, r io.ReaderAt, size int64) (string, error) {
	if !bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return "", nil
	}
	ours := looksOOXML(head)
	ctx := context.Background()
	a, err := zipclean.Open(ctx, nil, "", r, size)
	if err != nil {
		if ours {
			return "", err
		}
		return "", nil
	}
	ctm, relm := a.LookupFold(contentTypesName), a.LookupFold(rootRelsName)
	switch {
	case ctm == nil && relm == nil:
		return "", nil
	case ctm == nil || relm == nil:
		if !ours && ctm == nil {
			return "", nil
		}
		missing := contentTypesName
		if relm == nil {
			missing = rootRelsName
		}
		return "", scrub.Malformed("", nil, "an Office document without its %s part", missing)
	}
	const limit = 4 << 20
	if ctm.Size > limit || relm.Size > limit {
		return "", scrub.LimitError("", "the package's content types or relationships are implausibly large", "")
	}
	var mainName string
	err = (&xmlclean.Filter{Where: rootRelsName, Start: func(e *xmlclean.Element) xmlclean.Decision {
		if e.Is(nsRels, "Relationship") && mainName == "" {
			typ, _ := e.Attr("", "Type")
			mode, _ := e.Attr("", "TargetMode")
			if relKind(typ) == "officeDocument" && mode != "External" {
				mainName, _ = e.Attr("", "Target")
			}
		}
		return xmlclean.Decision{}
	}}).Inspect(relm.Open(ctx), nil)
	if err != nil {
		return "", err
	}
	if mainName == "" {
		return "", nil // an OPC package, but not an Office document
	}
	mainKey := partKey(mainName)
	var mainType string
	defs := map[string]string{}
	err = (&xmlclean.Filter{Where: contentTypesName, Start: func(e *xmlclean.Element) xmlclean.Decision {
		switch {
		case e.Is(nsCT, "Override"):
			if n, _ := e.Attr("", "PartName"); partKey(n) == mainKey {
				mainType, _ = e.Attr("", "ContentType")
			}
		case e.Is(nsCT, "Default"):
			x, _ := e.Attr("", "Extension")
			defs[strings.ToLower(x)], _ = e.Attr("", "ContentType")
		}
		return xmlclean.Decision{}
	}}).Inspect(ctm.Open(ctx), nil)
	if err != nil {
		return "", err
	}
	if mainType == "" {
		mainType = defs[strings.TrimPrefix(strings.ToLower(pathExt(mainKey)), ".")]
	}
	return mainTypes[mainType], nil
}

// load opens the package and names its format.
func load(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) (*pkg, error) {
	p, err := open(ctx, env, "", r, size)
	if err != nil {
		return nil, err
	}
	p.format = mainTypes[p.main.ctype]
	if p.format == "" {
		return nil, scrub.Unsupported("", "not a Word, Excel or PowerPoint document", "")
	}
	return p, nil
}

// Inspect lists what the document reveals: what Clean removes (Action
// Remove) and what it keeps but the user should know (Action Report).
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	p, err := load(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	var fs xmlclean.Findings
	fs.AddAll(p.a.Findings())
	if err := p.analyze(&fs); err != nil {
		return nil, err
	}
	p.removedFindings(&fs)
	if env.Policy.RefuseMacros {
		for _, pt := range sortedParts(p.parts) {
			if pt.why.macro && !pt.removed {
				fs.Add(scrub.Finding{Where: pt.name, Field: pt.why.what, Value: "refused: --refuse-macros is set", Kind: scrub.KindAttachment, Action: scrub.Report})
			}
		}
	}
	p.relFindings(&fs)
	if err := p.embeddedFindings(&fs); err != nil {
		return nil, err
	}
	return fs.List(), nil
}

func (p *pkg) hasMacros() bool {
	for _, pt := range p.parts {
		if pt.why.macro {
			return true
		}
	}
	return false
}

// Clean writes the cleaned document to w. It refuses documents with macros
// (scrub.ErrUnsupported, with MacroHint) if env.Policy.RefuseMacros is
// set, and returns the errors of the zip and XML layers for damaged or
// hostile input.
func (handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, ws, err := clean(ctx, env, r, size, w, false)
	return ws, err
}

// CleanReport is Clean that also returns Inspect's findings: the XML rules
// run once for both, and each picture or embedded document is read once,
// cleaned and reported through the registry in the same pass.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	return clean(ctx, env, r, size, w, true)
}

func clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer, report bool) ([]scrub.Finding, []scrub.Warning, error) {
	p, err := load(ctx, env, r, size)
	if err != nil {
		return nil, nil, err
	}
	var fs *xmlclean.Findings
	if report {
		fs = new(xmlclean.Findings)
		fs.AddAll(p.a.Findings())
	}
	if err := p.analyze(fs); err != nil {
		return nil, nil, err
	}
	if p.hasMacros() && env.Policy.RefuseMacros {
		return nil, nil, scrub.Unsupported(p.format, "the document contains macros (a VBA project), which scrub cannot clean", MacroHint)
	}
	if report {
		p.removedFindings(fs)
		p.relFindings(fs)
	}
	var ws []scrub.Warning
	if p.hasMacros() {
		ws = append(ws, scrub.Warning{Message: "the macros were removed; the document keeps its content"})
	}
	for _, pt := range p.parts {
		if pt.removed && (pt.why.what == "digital signature") {
			ws = append(ws, scrub.Warning{Message: "the digital signature was removed: a cleaned document cannot keep a valid signature"})
			break
		}
	}
	var rewritten xmlclean.Findings
	embedded := map[*part][]scrub.Finding{}
	err = p.a.Rewrite(ctx, w, zipclean.Options{
		First: []string{p.ct.name, p.root.p.name},
		Decide: func(m *zipclean.Member) (zipclean.Decision, error) {
			pt := p.byKey[partKey(m.Name)]
			if pt == nil || pt.removed {
				return zipclean.Drop, nil
			}
			switch pt.fate {
			case fateXML:
				s := p.newScan(pt, &rewritten)
				return m.Filter(ctx, s.clean), nil
			case fateMedia, fateEmbedded:
				d, found, w, err := p.cleanEmbedded(pt, report)
				embedded[pt] = found
				ws = append(ws, w...)
				return d, err
			}
			return zipclean.Keep, nil
		},
	})
	if err != nil {
		return nil, nil, err
	}
	for _, f := range rewritten.List() {
		if f.Field == fieldDeletion || f.Field == fieldChange {
			ws = append(ws, scrub.Warning{Message: "tracked changes were accepted: deleted text is gone, inserted text stays"})
			break
		}
	}
	if !report {
		return nil, ws, nil
	}
	// In the order Inspect lists them.
	for _, pt := range sortedParts(p.parts) {
		fs.AddAll(embedded[pt])
	}
	return fs.List(), ws, nil
}

// cleanEmbedded cleans a picture or an embedded object through the
// registry. With report it also returns the findings Inspect lists for
// the part (see embeddedOutcome), from the same pass.
func (p *pkg) cleanEmbedded(pt *part, report bool) (zipclean.Decision, []scrub.Finding, []scrub.Warning, error) {
	data, release, err := pt.m.Load(p.ctx)
	if err != nil {
		return zipclean.Keep, nil, nil, err
	}
	defer release()
	if pt.fate == fateEmbedded && bytes.Equal(data, emptyObject) {
		return zipclean.Keep, nil, nil, nil
	}
	// The cleaned copy is written to the archive right after this
	// decision; its buffer goes back to the pool then (After).
	buf := bytes.NewBuffer(bufpool.Get(len(data) + 1024))
	done := func() { bufpool.Put(buf.Bytes()[:0]) }
	var found []scrub.Finding
	var ws []scrub.Warning
	if report {
		found, ws, err = p.env.CleanReportEmbedded(p.ctx, pt.name, bytes.NewReader(data), int64(len(data)), buf)
		var oerr error
		if found, oerr = p.embeddedOutcome(pt, data, found, err); oerr != nil {
			done()
			return zipclean.Keep, nil, nil, oerr
		}
	} else {
		ws, err = p.env.CleanEmbedded(p.ctx, pt.name, bytes.NewReader(data), int64(len(data)), buf)
	}
	same := err == nil && bytes.Equal(buf.Bytes(), data)
	if err != nil || same {
		done()
	}
	switch {
	case same:
		return zipclean.Keep, found, ws, nil // already clean: copied as it was
	case err == nil:
		d := zipclean.Replace(buf.Bytes())
		d.After = done
		// Pictures do not compress: storing them costs nothing in size
		// and spares the deflate on write and the inflate on every
		// later read (the engine's verification among them).
		d.Store = pt.fate == fateMedia
		return d, found, ws, nil
	case pt.fate == fateMedia && errors.Is(err, scrub.ErrUnsupported):
		return zipclean.Keep, found, nil, nil
	case pt.fate == fateEmbedded && isRefusal(err):
		return zipclean.Replace(emptyObject), found, []scrub.Warning{{Where: pt.name,
			Message: "an embedded object scrub cannot clean (" + p.describe(data, err) + ") was replaced by an empty one; its picture stays, but it can no longer be opened for editing"}}, nil
	}
	return zipclean.Keep, nil, nil, err
}

// embeddedOutcome turns the result of inspecting (or cleaning) a picture
// or embedded object into Inspect's findings: the embedded file's own
// findings, a report for a picture no handler cleans, a finding for an
// object that will be replaced by an empty one. Other errors are
// returned.
func (p *pkg) embeddedOutcome(pt *part, data []byte, found []scrub.Finding, err error) ([]scrub.Finding, error) {
	switch {
	case err == nil:
		return found, nil
	case pt.fate == fateMedia && errors.Is(err, scrub.ErrUnsupported):
		v := "scrub cannot clean this kind of " + mediaWord(pt)
		if d := emfDescription(data); d != "" {
			v += "; its description reads: " + d
		}
		return []scrub.Finding{{Where: pt.name, Field: "kept as is", Value: v, Kind: scrub.KindAttachment, Action: scrub.Report}}, nil
	case pt.fate == fateEmbedded && isRefusal(err):
		return []scrub.Finding{{Where: pt.name, Field: "embedded object scrub cannot clean (replaced by an empty object; its picture stays)", Value: p.describe(data, err), Kind: scrub.KindAttachment, Action: scrub.Remove}}, nil
	}
	return nil, err
}
