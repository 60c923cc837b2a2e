// Package ooxml cleans Office Open XML documents: Word (docx, docm, dotx,
// dotm), Excel (xlsx, xlsm, xltx, xltm) and PowerPoint (pptx, pptm, potx,
// potm, ppsx, ppsm).
//
// A document is identified by its content: a zip archive whose package
// relationships name a main part whose content type is one of the above.
// Cleaning rewrites the package through zipclean and every XML part
// through xmlclean, with one set of rules that Inspect and Clean share.
// It keeps what it knows the document needs and drops the rest:
//
//   - parts: only those a relationship of a known kind reaches (the
//     allowlist relTypes); comments of all three applications and their
//     authors, people lists, printer settings, custom XML, custom and
//     core properties' values, sensitivity labels, revision logs,
//     digital signatures, add-in data, tags, ribbon customisations, and
//     parts reached through relationships of kinds scrub does not know
//     or through none go, with their relationships and content-type
//     overrides;
//   - markup: elements and attributes in namespaces that are not Office's
//     own (knownSpace) go; in Office's own, what names people, accounts,
//     paths, times and edit sessions goes (rsids, authors and dates of
//     tracked changes, which are accepted, document and per-object ids
//     such as paraId, textId and creationId, the accounts of Restrict
//     Editing exceptions, Excel's personal views and range permissions,
//     the attached template, mail-merge settings, document variables);
//     GUIDs the format needs are renumbered (same input, same output);
//     local paths in links and attributes are cut to their file name;
//   - pictures, media and embedded documents are cleaned through the
//     registry; an EMF loses its description, a WMF stays (it holds no
//     metadata); a picture nothing cleans is removed (an empty frame
//     stays), an embedded object nothing cleans becomes an empty OLE
//     object (its picture stays); macros go, or make Clean refuse the
//     file under Policy.RefuseMacros.
//
// Speaker notes, hidden slides, hidden sheets, rows and columns, hidden
// text, links to local or network paths, data connections and fields that
// show the author are reported and kept.
package ooxml

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/warnings"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

type handler struct {
	// without names a rule switched off (tests only, see export_test.go).
	without string
}

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
		Hint:    "open it in Excel or LibreOffice and save it as .xlsx (File > Save As), then clean the new file"},
}

func (handler) Formats() []scrub.Format { return formats }

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
			ct, _ := e.Attr("", "ContentType")
			defs[strings.ToLower(x)] = ct
		}
		return xmlclean.Decision{}
	}}).Inspect(ctm.Open(ctx), nil)
	if err != nil {
		return "", err
	}
	if mainType == "" {
		mainType = defs[strings.TrimPrefix(strings.ToLower(pathExt(mainKey)), ".")]
	}
	return formatOf(mainType), nil
}

// load opens the package and names its format.
func (h handler) load(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) (*pkg, error) {
	p, err := open(ctx, env, "", r, size)
	if err != nil {
		return nil, err
	}
	p.without = h.without
	p.format = formatOf(p.main.ctype)
	if p.format == "" {
		return nil, scrub.Unsupported("", "not a Word, Excel or PowerPoint document", "")
	}
	return p, nil
}

// Inspect lists what the document reveals: what Clean removes (Action
// Remove) and what it keeps but the user should know (Action Report).
func (h handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	p, err := h.load(ctx, env, r, size)
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
				fs.Add(scrub.Finding{Where: pt.name, Field: pt.why.what, Value: "the file will be refused: it has macros",
					Kind: scrub.KindAttachment, Action: scrub.Report, Label: scrub.LabelMacros})
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
// (scrub.MacrosRefused) if env.Policy.RefuseMacros is set, documents that
// import content it cannot clean, and returns the errors of the zip and
// XML layers for damaged or hostile input.
func (h handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, ws, err := h.clean(ctx, env, r, size, w, false)
	return ws, err
}

// CleanReport is Clean that also returns Inspect's findings: the XML rules
// run once for both, and each picture or embedded document is read once,
// cleaned and reported through the registry in the same pass.
func (h handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	return h.clean(ctx, env, r, size, w, true)
}

func (h handler) clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer, report bool) ([]scrub.Finding, []scrub.Warning, error) {
	p, err := h.load(ctx, env, r, size)
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
		return nil, nil, scrub.MacrosRefused(p.format)
	}
	if report {
		p.removedFindings(fs)
		p.relFindings(fs)
	}
	var ws []scrub.Warning
	if p.hasMacros() {
		ws = append(ws, warnings.MacrosRemoved())
	}
	for _, pt := range p.parts {
		if pt.removed && pt.why.label == scrub.LabelSignature {
			ws = append(ws, warnings.SignatureRemoved())
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
				rs := p.newRules(pt, &rewritten)
				return m.Filter(ctx, rs.clean), nil
			case fateMedia, fateEmbedded, fateChunk:
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
