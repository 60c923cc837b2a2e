package ooxml

import (
	"io"
	"regexp"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// scan is the state of one pass of the rules over one XML part. Inspect
// and Clean build the same scan, so they make the same decisions.
type scan struct {
	p  *pkg
	pt *part
	fs *xmlclean.Findings

	kind  partKind
	kept  map[string]bool // relationship ids referenced from content that stays
	drops map[string]bool // ... from removed content

	// Word
	hidden      strings.Builder
	hiddenRuns  int
	instr       strings.Builder
	instrOpen   bool
	authorField []string
	pathField   []string
	// Excel
	hiddenRows, hiddenCols int
	// PowerPoint
	notes      strings.Builder
	inField    int
	glossNames []string
}

type partKind uint8

const (
	kindOther partKind = iota
	kindContentTypes
	kindRels
	kindCore
	kindApp
	kindWordBody // document, headers, footers, notes: text the reader sees
	kindWordGlossary
	kindNotes
	kindPrintMaster
	kindVML
)

// Word body content types (main, template, macro variants, header, footer,
// footnotes, endnotes).
func wordBody(ct string) bool {
	ct = strings.ToLower(ct)
	if !strings.Contains(ct, "wordprocessingml") && !strings.Contains(ct, "ms-word") {
		return false
	}
	for _, s := range []string{".main+xml", "header+xml", "footer+xml", "footnotes+xml", "endnotes+xml", "macroenabledtemplate.main+xml"} {
		if strings.HasSuffix(ct, s) {
			return true
		}
	}
	return false
}

func (p *pkg) newScan(pt *part, fs *xmlclean.Findings) *scan {
	s := &scan{p: p, pt: pt, fs: fs, kept: map[string]bool{}, drops: map[string]bool{}}
	ct := strings.ToLower(pt.ctype)
	switch {
	case pt == p.ct:
		s.kind = kindContentTypes
	case pt.isRels:
		s.kind = kindRels
	case ct == ctCore:
		s.kind = kindCore
	case ct == ctApp:
		s.kind = kindApp
	case strings.HasSuffix(ct, "document.glossary+xml"):
		s.kind = kindWordGlossary
	case wordBody(ct):
		s.kind = kindWordBody
	case strings.HasSuffix(ct, "presentationml.notesslide+xml"):
		s.kind = kindNotes
	case strings.HasSuffix(ct, "presentationml.handoutmaster+xml"), strings.HasSuffix(ct, "presentationml.notesmaster+xml"):
		s.kind = kindPrintMaster
	case ct == strings.ToLower(ctVML) || strings.HasSuffix(strings.ToLower(pt.name), ".vml"):
		s.kind = kindVML
	}
	return s
}

func (s *scan) filter() *xmlclean.Filter {
	return &xmlclean.Filter{
		Where:    s.pt.name,
		Start:    s.start,
		End:      s.end,
		Text:     s.text,
		Skipped:  s.skipped,
		Comments: scrub.KindOther,
	}
}

// inspect runs the rules without writing and adds the findings.
func (s *scan) inspect() error {
	rc := s.pt.m.Open(s.p.ctx)
	defer rc.Close()
	if err := s.filter().Inspect(rc, s.fs); err != nil {
		return wrapPart(s.p.format, err)
	}
	s.finish()
	return nil
}

// clean runs the rules and writes the result.
func (s *scan) clean(dst io.Writer, src io.Reader) error {
	return wrapPart(s.p.format, s.filter().Clean(dst, src, s.fs))
}

func (s *scan) report(field, value string, kind scrub.Kind) {
	if s.fs != nil {
		s.fs.Add(scrub.Finding{Where: s.pt.name, Field: field, Value: value, Kind: kind, Action: scrub.Report})
	}
}

// finish adds the findings a part yields as a whole.
func (s *scan) finish() {
	if s.hiddenRuns > 0 {
		s.report("hidden text (w:vanish)", strings.TrimSpace(s.hidden.String()), scrub.KindHidden)
	}
	for _, f := range s.authorField {
		s.report("field that shows the author or user", f, scrub.KindPerson)
	}
	for _, f := range s.pathField {
		s.report("field that names a local path", f, scrub.KindPath)
	}
	if s.hiddenRows > 0 {
		s.report("hidden rows", plural(s.hiddenRows, "row", "rows"), scrub.KindHidden)
	}
	if s.hiddenCols > 0 {
		s.report("hidden columns", plural(s.hiddenCols, "column definition", "column definitions"), scrub.KindHidden)
	}
	if t := strings.TrimSpace(s.notes.String()); t != "" {
		s.report("speaker notes", t, scrub.KindHidden)
	}
	if s.kind == kindWordGlossary {
		s.report("building blocks (glossary document)", strings.Join(s.glossNames, "; "), scrub.KindHidden)
	}
}

var keep = xmlclean.Decision{}

func remove(kind scrub.Kind) xmlclean.Decision {
	return xmlclean.Decision{Action: xmlclean.Remove, Kind: kind}
}

// silent removes an element that only points at something removed.
var silent = xmlclean.Decision{Action: xmlclean.Remove}

// container tracks a deferred element that must go when everything in it
// went (an extension left empty, an mc:AlternateContent whose choices
// emptied).
type container struct {
	kept, removed int
	dropAll       scrub.Kind // every child element goes, with a finding of this kind
}

func (s *scan) start(e *xmlclean.Element) xmlclean.Decision {
	d := s.decide(e)
	s.account(e, d)
	return d
}

func isChoice(e *xmlclean.Element) bool {
	return e != nil && e.Name.Space == nsMC && (e.Name.Local == "Choice" || e.Name.Local == "Fallback")
}

// account counts e in the container it belongs to.
func (s *scan) account(e *xmlclean.Element, d xmlclean.Decision) {
	if isChoice(e) {
		return // its content counts for the mc:AlternateContent
	}
	c := e.Parent
	if isChoice(c) {
		c = c.Parent
	}
	if c == nil {
		return
	}
	st, ok := c.Data.(*container)
	if !ok {
		return
	}
	if d.Action == xmlclean.Remove {
		st.removed++
	} else if d.Action != xmlclean.Defer || e.Data == nil {
		st.kept++
	}
}

func (s *scan) end(e *xmlclean.Element) {
	if st, ok := e.Data.(*container); ok {
		if st.kept == 0 && st.removed > 0 {
			e.Decide(silent)
			s.account(e, silent)
		} else {
			s.account(e, keep)
		}
		return
	}
	switch s.kind {
	case kindWordBody, kindWordGlossary:
		if isW(e.Name.Space) && e.Name.Local == "instrText" {
			s.fieldCode(s.instr.String())
			s.instr.Reset()
			s.instrOpen = false
		}
	}
	if isA(e.Name.Space) && e.Name.Local == "fld" {
		s.inField--
	}
}

func (s *scan) text(e *xmlclean.Element, b []byte) {
	switch s.kind {
	case kindWordBody, kindWordGlossary:
		if e == nil || !isW(e.Name.Space) {
			return
		}
		switch e.Name.Local {
		case "t":
			if r := e.Parent; r != nil && r.Data == hiddenRun && s.hidden.Len() < 300 {
				s.hidden.Write(b)
			}
		case "instrText":
			if s.instr.Len() < 1000 {
				s.instr.Write(b)
			}
		}
	case kindNotes:
		if e != nil && isA(e.Name.Space) && e.Name.Local == "t" && s.inField == 0 && s.notes.Len() < 500 {
			s.notes.Write(b)
			s.notes.WriteByte(' ')
		}
	}
}

// skipped sees the start tags inside removed content: the relationships
// they reference may go too.
func (s *scan) skipped(e *xmlclean.Element) {
	for i := range e.Attrs {
		if id, ok := refAttr(&e.Attrs[i]); ok {
			s.drops[id] = true
		}
	}
}

// refAttr reports whether a is a reference to a relationship of the part.
func refAttr(a *xmlclean.Attr) (string, bool) {
	if isR(a.Name.Space) || (a.Name.Space == nsO && a.Name.Local == "relid") {
		return a.Value, true
	}
	return "", false
}

// hiddenRun marks a w:r whose properties hide it.
var hiddenRun = new(int)

var (
	// Field instructions that display who wrote or saved the document.
	authorFieldRe = regexp.MustCompile(`(?i)^\s*(AUTHOR|LASTSAVEDBY|USERNAME|USERINITIALS|USERADDRESS|DOCPROPERTY\s+"?(Author|Company|Manager|LastSavedBy)"?)\b`)
	pathFieldRe   = regexp.MustCompile(`(?i)^\s*(HYPERLINK|INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|RD)\b`)
)

func (s *scan) fieldCode(instr string) {
	instr = strings.TrimSpace(instr)
	switch {
	case authorFieldRe.MatchString(instr):
		s.authorField = append(s.authorField, instr)
	case pathFieldRe.MatchString(instr) && hasLocalPath(instr):
		s.pathField = append(s.pathField, instr)
	}
}

// hasLocalPath reports whether a field instruction names a local path.
func hasLocalPath(instr string) bool {
	for _, f := range strings.FieldsFunc(instr, func(r rune) bool { return r == '"' || r == ' ' }) {
		if isLocalPath(strings.ReplaceAll(f, `\\`, `\`)) {
			return true
		}
	}
	return false
}

// decide is the rule set. It applies to every XML part: the rules key on
// namespaces, so a Word rule cannot fire in a sheet.
func (s *scan) decide(e *xmlclean.Element) xmlclean.Decision {
	switch s.kind {
	case kindContentTypes:
		return s.contentTypes(e)
	case kindRels:
		return s.relationships(e)
	case kindCore, kindApp:
		if e.Depth == 2 {
			return s.property(e)
		}
		return keep
	case kindPrintMaster:
		// The handout and notes masters are not on the slides; their
		// text boxes hold template boilerplate (a company's copyright
		// footer, placeholder prompts) that only printed handouts and
		// notes pages show. The slides' own notes are untouched.
		if isA(e.Name.Space) && e.Name.Local == "t" {
			return xmlclean.Decision{Action: xmlclean.Clear, Kind: scrub.KindOther, Field: "text on the handout or notes master (printouts only)"}
		}
	}
	if c := parentContainer(e); c != nil && c.dropAll != "" {
		v, _ := e.Attr(e.Name.Space, "val")
		field := e.Parent.QName()
		switch e.Parent.Name.Local {
		case "mailMerge":
			field = "mail merge settings (data source, query)"
		case "docVars":
			field = "document variables"
			n, _ := e.Attr(e.Name.Space, "name")
			v = n + " = " + v
		}
		for i := range e.Attrs {
			if id, ok := refAttr(&e.Attrs[i]); ok {
				s.drops[id] = true
			}
		}
		return xmlclean.Decision{Action: xmlclean.Remove, Kind: c.dropAll, Field: field, Value: v, AppendText: true}
	}
	// References to removed relationships.
	for i := range e.Attrs {
		id, ok := refAttr(&e.Attrs[i])
		if !ok {
			continue
		}
		rl := s.relByID(id)
		if rl == nil || !rl.remove {
			s.kept[id] = true
			continue
		}
		if e.Name.Local == "pageSetup" {
			// Page setup stays; only its printer settings go.
			e.RemoveAttr(i, "")
			continue
		}
		return silent
	}
	d := s.element(e)
	if d.Action == xmlclean.Keep || d.Action == xmlclean.Defer {
		// Attributes of removed or unwrapped elements go with them.
		s.attributes(e)
	}
	return d
}

// element applies the element rules of every namespace.
func (s *scan) element(e *xmlclean.Element) xmlclean.Decision {
	switch {
	case isW(e.Name.Space):
		return s.word(e)
	case isX(e.Name.Space):
		return s.excel(e)
	case isP(e.Name.Space):
		return s.powerpoint(e)
	case isA(e.Name.Space):
		switch e.Name.Local {
		case "fld":
			s.inField++
		case "ext":
			return s.extension(e)
		case "theme", "clrScheme", "fontScheme", "fmtScheme":
			// Theme and scheme names are often the organisation's
			// template ("Brand Acme 2019"); stock names reveal nothing.
			for i := range e.Attrs {
				a := &e.Attrs[i]
				if a.Name != (xmlclean.Name{Local: "name"}) || isStockTheme(a.Value) {
					continue
				}
				if e.Name.Local == "theme" {
					e.RemoveAttr(i, scrub.KindOther) // optional
				} else {
					e.SetAttr(i, "Custom", scrub.KindOther) // required
				}
			}
		}
	case isWordExt(e.Name.Space) && e.Name.Local == "docId":
		v, _ := e.Attr(e.Name.Space, "val")
		return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindOther, Field: e.QName() + " (document id)", Value: v}
	case e.Name.Space == nsX15ac && e.Name.Local == "absPath":
		v, _ := e.Attr("", "url")
		return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindPath, Value: v}
	case e.Name.Space == nsXR && e.Name.Local == "revisionPtr":
		v, _ := e.Attr("", "documentId")
		return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindOther, Field: "xr:revisionPtr (document id)", Value: v}
	case e.Name.Space == nsMC && e.Name.Local == "AlternateContent":
		e.Data = &container{}
		return xmlclean.Decision{Action: xmlclean.Defer}
	case e.Name.Local == "ext":
		return s.extension(e)
	case e.Name.Space == nsXVML && e.Name.Local == "ClientData" && s.pt.vml == vmlMixed:
		if v, _ := e.Attr("", "ObjectType"); v == "Note" {
			if top := shapeOf(e); top != nil {
				top.Decide(xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindComment, Field: "comment box", Value: "a note shape of a removed comment"})
			}
		}
	}
	if s.kind == kindVML && s.pt.vml == vmlMixed && e.Depth == 2 && e.Name.Space == nsV {
		return xmlclean.Decision{Action: xmlclean.Defer}
	}
	return keep
}

// Theme and scheme names that come with Office and LibreOffice.
var stockThemes = map[string]bool{}

func init() {
	for _, n := range strings.Split("Office|Office Theme|Office-Design|Thème Office|Tema de Office|Tema di Office|"+
		"Office-tema|Office 2007 - 2010|Office 2013 - 2022|Office 2013 - 2023|Grayscale|Blue Warm|Blue|Blue II|Blue Green|Green|"+
		"Green Yellow|Yellow|Yellow Orange|Orange|Orange Red|Red Orange|Red|Red Violet|Violet|Violet II|Median|"+
		"Paper|Marquee|Slipstream|Aspect|Apex|Civic|Concourse|Equity|Flow|Foundry|Metro|Module|Opulent|Oriel|"+
		"Origin|Solstice|Technic|Trek|Urban|Verve|Austin|Black Tie|Clarity|Composite|Couture|Elemental|"+
		"Essential|Executive|Grid|Hardcover|Horizon|Newsprint|Perspective|Pushpin|Thatch|Waveform|Angles|"+
		"Apothecary|Ion|Ion Boardroom|Facet|Integral|Retrospect|Slice|Wisp|Dividend|Gallery|Parallax|Savon|"+
		"Wood Type|Banded|Basis|Berlin|Celestial|Circuit|Damask|Depth|Droplet|Frame|Headlines|Mesh|Quotable|"+
		"Vapor Trail|View|Crop|Feathered|Main Event|Madison|Atlas|Badge|Custom|LibreOffice|Default Theme|"+
		"Default Design|Larissa|Calibri|Cambria|Arial|Times New Roman|Aptos|Candara|Century Gothic|Constantia|"+
		"Corbel|Franklin Gothic|Garamond|Georgia|Gill Sans MT|Tw Cen MT|Trebuchet MS|Verdana|Segoe UI", "|") {
		stockThemes[strings.ToLower(n)] = true
	}
}

// isStockTheme reports whether a theme or scheme name is one Office or
// LibreOffice ship (empty included; "Office 1" counts as "Office").
func isStockTheme(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	if i := strings.LastIndexByte(n, ' '); i > 0 && strings.Trim(n[i+1:], "0123456789") == "" {
		n = n[:i]
	}
	return n == "" || stockThemes[n]
}

func parentContainer(e *xmlclean.Element) *container {
	if e.Parent == nil {
		return nil
	}
	c, _ := e.Parent.Data.(*container)
	return c
}

// shapeOf returns the top-level VML element holding e (deferred).
func shapeOf(e *xmlclean.Element) *xmlclean.Element {
	for ; e != nil; e = e.Parent {
		if e.Depth == 2 {
			if e.Name.Space == nsV {
				return e
			}
			return nil
		}
	}
	return nil
}

// extension defers an extension element (ext with a uri): if all it held
// is removed, it goes too, as an empty extension is invalid.
func (s *scan) extension(e *xmlclean.Element) xmlclean.Decision {
	if _, ok := e.Attr("", "uri"); !ok {
		return keep
	}
	e.Data = &container{}
	return xmlclean.Decision{Action: xmlclean.Defer}
}

func (s *scan) relByID(id string) *rel {
	if s.pt.own == nil {
		return nil
	}
	return s.pt.own.byID[id]
}

// attributes applies the attribute rules of every namespace.
func (s *scan) attributes(e *xmlclean.Element) {
	for i := range e.Attrs {
		a := &e.Attrs[i]
		sp, l := a.Name.Space, a.Name.Local
		switch {
		case sp == "":
			switch l {
			case "descr", "title", "name":
				if (e.Name.Local == "cNvPr" || e.Name.Local == "docPr") && isLocalPath(a.Value) {
					if l == "name" {
						e.SetAttr(i, "Picture", scrub.KindPath)
					} else {
						e.RemoveAttr(i, scrub.KindPath)
					}
				}
			case "src", "href", "alt":
				if e.Name.Space == nsV && isLocalPath(a.Value) {
					e.RemoveAttr(i, scrub.KindPath)
				}
			}
		case isW(sp):
			switch {
			case strings.HasPrefix(l, "rsid"):
				e.RemoveAttr(i, scrub.KindEditHistory)
			case l == "author" || l == "initials":
				e.RemoveAttr(i, scrub.KindPerson)
			case l == "date":
				e.RemoveAttr(i, scrub.KindTime)
			}
		case isWordExt(sp):
			switch l {
			case "author", "initials", "userId", "providerId":
				e.RemoveAttr(i, scrub.KindPerson)
			case "date", "dateUtc":
				e.RemoveAttr(i, scrub.KindTime)
			}
		case isXRevision(sp):
			if l == "uid" || l == "uidLastSave" {
				e.RemoveAttr(i, scrub.KindOther)
			}
		case sp == nsO:
			switch l {
			case "title", "href":
				if isLocalPath(a.Value) {
					e.RemoveAttr(i, scrub.KindPath)
				}
			case "gfxdata":
				// A base64 zip of the shape's DrawingML, written by Word
				// for old readers; scrub cannot clean inside it.
				e.RemoveAttr(i, scrub.KindAttachment)
			}
		}
	}
}

// Fields of the tracked-change findings (Clean warns when it accepted
// any).
const (
	fieldDeletion = "tracked deletion (author: deleted text)"
	fieldChange   = "tracked change (author)"
)

func (s *scan) word(e *xmlclean.Element) xmlclean.Decision {
	author, _ := e.Attr(e.Name.Space, "author")
	switch e.Name.Local {
	case "del", "moveFrom":
		return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindEditHistory, Field: fieldDeletion, Value: author, AppendText: true}
	case "ins", "moveTo":
		return xmlclean.Decision{Action: xmlclean.Unwrap, Kind: scrub.KindEditHistory, Field: fieldChange, Value: author}
	case "moveFromRangeStart", "moveToRangeStart",
		"customXmlInsRangeStart", "customXmlDelRangeStart", "customXmlMoveFromRangeStart", "customXmlMoveToRangeStart",
		"cellIns", "cellDel", "cellMerge",
		"rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "tblGridChange",
		"tcPrChange", "trPrChange", "numberingChange":
		return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindEditHistory, Field: fieldChange, Value: author}
	case "moveFromRangeEnd", "moveToRangeEnd", "customXmlInsRangeEnd", "customXmlDelRangeEnd",
		"customXmlMoveFromRangeEnd", "customXmlMoveToRangeEnd":
		return silent // the start of the range is reported
	case "delText", "delInstrText":
		return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindEditHistory, Field: fieldDeletion}
	case "commentRangeStart", "commentRangeEnd", "commentReference":
		return silent
	case "rsids":
		return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindEditHistory, Field: "w:rsids (edit session ids)"}
	case "rsid", "rsidRoot":
		v, _ := e.Attr(e.Name.Space, "val")
		return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindEditHistory, Value: v}
	case "nsid":
		v, _ := e.Attr(e.Name.Space, "val")
		return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindEditHistory, Value: v}
	case "docVars":
		e.Data = &container{dropAll: scrub.KindOther}
		return xmlclean.Decision{Action: xmlclean.Defer}
	case "mailMerge":
		e.Data = &container{dropAll: scrub.KindPath}
		return xmlclean.Decision{Action: xmlclean.Defer}
	case "attachedTemplate":
		return silent // its relationship goes, with a finding
	case "dataBinding":
		return silent // binds to removed custom XML; the content stays
	case "vanish", "specVanish":
		if v, ok := e.Attr(e.Name.Space, "val"); ok && (v == "0" || v == "false" || v == "off") {
			return keep
		}
		if s.kind == kindWordBody || s.kind == kindWordGlossary {
			if rpr := e.Parent; rpr != nil && rpr.Name.Local == "rPr" {
				if r := rpr.Parent; r != nil && isW(r.Name.Space) && r.Name.Local == "r" {
					r.Data = hiddenRun
					s.hiddenRuns++
				}
			}
		}
	case "instrText":
		s.instr.Reset()
	case "fldSimple":
		if v, ok := e.Attr(e.Name.Space, "instr"); ok {
			s.fieldCode(v)
		}
	case "name":
		if s.kind == kindWordGlossary && e.Parent != nil && e.Parent.Name.Local == "docPartPr" && len(s.glossNames) < 10 {
			if v, ok := e.Attr(e.Name.Space, "val"); ok {
				s.glossNames = append(s.glossNames, v)
			}
		}
	}
	return keep
}

func (s *scan) excel(e *xmlclean.Element) xmlclean.Decision {
	switch e.Name.Local {
	case "fileVersion":
		for i := range e.Attrs {
			switch e.Attrs[i].Name.Local {
			case "lastEdited", "lowestEdited", "rupBuild":
				e.RemoveAttr(i, scrub.KindSoftware)
			case "codeName":
				e.RemoveAttr(i, scrub.KindOther)
			}
		}
	case "fileSharing":
		for i := range e.Attrs {
			if e.Attrs[i].Name.Local == "userName" && e.Attrs[i].Name.Space == "" {
				e.RemoveAttr(i, scrub.KindPerson)
			}
		}
	case "pivotCacheDefinition":
		for i := range e.Attrs {
			switch e.Attrs[i].Name.Local {
			case "refreshedBy":
				e.RemoveAttr(i, scrub.KindPerson)
			case "refreshedDate", "refreshedDateIso":
				e.RemoveAttr(i, scrub.KindTime)
			}
		}
	case "sheet":
		if st, _ := e.Attr("", "state"); st == "hidden" || st == "veryHidden" {
			name, _ := e.Attr("", "name")
			field := "hidden sheet"
			if st == "veryHidden" {
				field = "very hidden sheet (not listed by Excel's Unhide)"
			}
			s.report(field, name, scrub.KindHidden)
		}
	case "row":
		if h, _ := e.Attr("", "hidden"); h == "1" || h == "true" {
			s.hiddenRows++
		}
	case "col":
		if h, _ := e.Attr("", "hidden"); h == "1" || h == "true" {
			s.hiddenCols++
		}
	case "connection":
		for _, k := range []string{"odcFile", "sourceFile", "name"} {
			if v, ok := e.Attr("", k); ok && (k != "name" || isLocalPath(v)) && v != "" {
				s.report("data connection ("+k+")", v, scrub.KindPath)
			}
		}
	case "dbPr", "olapPr":
		for _, k := range []string{"connection", "command"} {
			if v, ok := e.Attr("", k); ok && v != "" {
				s.report("data connection ("+k+")", v, scrub.KindAccount)
			}
		}
	case "textPr":
		if v, ok := e.Attr("", "sourceFile"); ok && v != "" {
			s.report("data connection (source file)", v, scrub.KindPath)
		}
	case "webPr":
		if v, ok := e.Attr("", "url"); ok && v != "" {
			s.report("data connection (url)", v, scrub.KindPath)
		}
	case "ext":
		return s.extension(e)
	}
	return keep
}

func (s *scan) powerpoint(e *xmlclean.Element) xmlclean.Decision {
	switch e.Name.Local {
	case "sld":
		if e.Depth == 1 {
			if v, _ := e.Attr("", "show"); v == "0" || v == "false" {
				s.report("hidden slide", s.pt.name, scrub.KindHidden)
			}
		}
	case "ext":
		return s.extension(e)
	}
	return keep
}

// contentTypes drops the overrides of parts that are removed or missing.
func (s *scan) contentTypes(e *xmlclean.Element) xmlclean.Decision {
	if !e.Is(nsCT, "Override") {
		return keep
	}
	name, _ := e.Attr("", "PartName")
	pt := s.p.byKey[partKey(name)]
	if pt == nil || pt.removed {
		return silent
	}
	return keep
}

// relationships drops the relationships that are removed.
func (s *scan) relationships(e *xmlclean.Element) xmlclean.Decision {
	if !e.Is(nsRels, "Relationship") {
		return keep
	}
	rp := s.p.rels[s.pt]
	if rp == nil {
		return keep
	}
	id, _ := e.Attr("", "Id")
	rl := rp.byID[id]
	if rl != nil && rl.remove {
		return silent // the findings name the part or the target
	}
	if rl != nil && rl.external && isLocalPath(rl.target) {
		// A link to a file on the user's disk or a share: the folders
		// name the user, the machine or the server; the file name is
		// what the link is for. Keep only the file name (resolved next
		// to the document, as Office does for relative links).
		for i := range e.Attrs {
			if e.Attrs[i].Name.Space == "" && e.Attrs[i].Name.Local == "Target" {
				e.SetAttr(i, localBase(rl.target), scrub.KindPath)
			}
		}
	}
	return keep
}

// localBase returns the file name of a local or network path, without its
// folders, drive, server or scheme.
func localBase(target string) string {
	t := strings.TrimSpace(target)
	if i := strings.LastIndexAny(t, `/\`); i >= 0 {
		t = t[i+1:]
	}
	if strings.Contains(t, ":") { // "file:name" or "C:name"
		t = t[strings.LastIndexByte(t, ':')+1:]
	}
	return t
}

// Core properties: every value goes.
var coreKinds = map[string]scrub.Kind{
	"creator": scrub.KindPerson, "lastModifiedBy": scrub.KindPerson,
	"created": scrub.KindTime, "modified": scrub.KindTime, "lastPrinted": scrub.KindTime,
	"revision": scrub.KindEditHistory,
}

// Extended (app) properties: everything goes; these are the kinds.
var appKinds = map[string]scrub.Kind{
	"Company": scrub.KindOther, "Manager": scrub.KindPerson, "Template": scrub.KindPath, "HyperlinkBase": scrub.KindPath,
	"Application": scrub.KindSoftware, "AppVersion": scrub.KindSoftware, "TotalTime": scrub.KindTime,
	"HLinks": scrub.KindPath,
}

func (s *scan) property(e *xmlclean.Element) xmlclean.Decision {
	kinds := appKinds
	if s.kind == kindCore {
		kinds = coreKinds
	}
	k, ok := kinds[e.Name.Local]
	if !ok {
		k = scrub.KindOther
	}
	return xmlclean.Decision{Action: xmlclean.Remove, Kind: k, Field: e.QName()}
}
