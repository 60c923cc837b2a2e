package ooxml

import (
	"io"
	"net/url"
	"regexp"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/ident"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// rules is the state of one pass of the rules over one XML part. Inspect
// and Clean build the same rules, so they make the same decisions.
type rules struct {
	p  *pkg
	pt *part
	fs *xmlclean.Findings

	kind    partKind
	writing bool            // the pass that writes (analyze's pass has run before it)
	kept    map[string]bool // relationship ids referenced from content that stays
	drops   map[string]bool // ... from removed content
	// guidTexts counts the GUID texts met (see renumberText).
	guidTexts int

	// Word
	hidden      strings.Builder
	hiddenRuns  int
	instr       strings.Builder
	authorField []string
	pathField   []string
	permGone    map[string]bool // ids of protected ranges removed with their editor
	// PowerPoint
	notes      strings.Builder
	inField    int
	glossNames []string
	// Hidden content (hidden.go)
	h hidden
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
	kindSlideMaster // slide masters and layouts: not shown themselves
	kindSlide
	kindSheet // worksheets
	kindVML
)

// wordBody reports Word body content types (main, template, macro
// variants, header, footer, footnotes, endnotes).
func wordBody(ct string) bool {
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

// reachedAs reports whether a relationship of kind reaches pt.
func (pt *part) reachedAs(kind string) bool {
	for _, rl := range pt.in {
		if rl.known && rl.kind == kind {
			return true
		}
	}
	return false
}

// kindOf says which rules apply to a part: by its content type, and for
// the property parts also by the relationship that reaches them (a
// core.xml typed only by a Default, or as plain XML, is still the core
// properties).
func (p *pkg) kindOf(pt *part) partKind {
	ct := pt.ctype
	switch {
	case pt == p.ct:
		return kindContentTypes
	case pt.isRels:
		return kindRels
	case ct == ctCore || pt.reachedAs("core-properties"):
		return kindCore
	case ct == ctApp || pt.reachedAs("extended-properties"):
		return kindApp
	case strings.HasSuffix(ct, "document.glossary+xml"):
		return kindWordGlossary
	case wordBody(ct):
		return kindWordBody
	case strings.HasSuffix(ct, "presentationml.notesslide+xml"):
		return kindNotes
	case strings.HasSuffix(ct, "presentationml.handoutmaster+xml"), strings.HasSuffix(ct, "presentationml.notesmaster+xml"):
		return kindPrintMaster
	case strings.HasSuffix(ct, "presentationml.slidemaster+xml"), strings.HasSuffix(ct, "presentationml.slidelayout+xml"):
		return kindSlideMaster
	case strings.HasSuffix(ct, "presentationml.slide+xml"):
		return kindSlide
	case strings.HasSuffix(ct, "spreadsheetml.worksheet+xml"):
		return kindSheet
	case ct == ctVML || strings.HasSuffix(strings.ToLower(pt.name), ".vml"):
		return kindVML
	}
	return kindOther
}

func (p *pkg) newRules(pt *part, fs *xmlclean.Findings) *rules {
	r := &rules{p: p, pt: pt, fs: fs, kind: p.kindOf(pt), kept: map[string]bool{}, drops: map[string]bool{}, permGone: map[string]bool{}}
	r.initHidden()
	return r
}

func (r *rules) filter() *xmlclean.Filter {
	return &xmlclean.Filter{
		Where:    r.pt.name,
		Start:    r.start,
		End:      r.end,
		Text:     r.text,
		Skipped:  r.skip,
		Comments: scrub.KindOther,
	}
}

// inspect runs the rules without writing and adds the findings.
func (r *rules) inspect() error {
	rc := r.pt.m.Open(r.p.ctx)
	defer rc.Close()
	if err := r.filter().Inspect(rc, r.fs); err != nil {
		return wrapPart(r.p.format, err)
	}
	r.finish()
	return nil
}

// clean runs the rules and writes the result.
func (r *rules) clean(dst io.Writer, src io.Reader) error {
	r.writing = true
	return wrapPart(r.p.format, r.filter().Clean(dst, src, r.fs))
}

func (r *rules) report(field, value string, kind scrub.Kind, label scrub.Label) {
	if r.fs != nil {
		r.fs.Add(scrub.Finding{Where: r.pt.name, Field: field, Value: value, Kind: kind, Action: scrub.Report, Label: label})
	}
}

// finish adds the findings a part yields as a whole.
func (r *rules) finish() {
	r.hiddenFinish()
	if r.hiddenRuns > 0 {
		r.report("hidden text (w:vanish)", strings.TrimSpace(r.hidden.String()), scrub.KindHidden, scrub.LabelHiddenText)
	}
	for _, f := range r.authorField {
		r.report("field that shows the author or user", f, scrub.KindPerson, scrub.LabelAuthor)
	}
	for _, f := range r.pathField {
		r.report("field that names a local path", f, scrub.KindPath, scrub.LabelLink)
	}
	if t := strings.TrimSpace(r.notes.String()); t != "" {
		r.report("speaker notes", t, scrub.KindHidden, scrub.LabelSpeakerNotes)
	}
	if r.kind == kindWordGlossary {
		r.report("building blocks (glossary document)", strings.Join(r.glossNames, "; "), scrub.KindHidden, scrub.LabelHiddenText)
	}
}

// Rules a test can switch off (see export_test.go): the test proves that
// the engine's residue check refuses what a missing rule leaves.
const (
	ruleNamespaces = "namespaces" // markup in namespaces that are not Office's
	rulePaths      = "paths"      // local paths in attributes
	ruleAccounts   = "accounts"   // Restrict Editing accounts
)

var keep = xmlclean.Decision{}

// silent removes an element that only points at something removed.
var silent = xmlclean.Decision{Action: xmlclean.Remove}

// drop removes an element with a finding.
func drop(kind scrub.Kind, label scrub.Label, field, value string) xmlclean.Decision {
	return xmlclean.Decision{Action: xmlclean.Remove, Kind: kind, Label: label, Field: field, Value: value}
}

// note is the xmlclean.Note of an attribute edit.
func note(kind scrub.Kind, label scrub.Label) xmlclean.Note {
	return xmlclean.Note{Kind: kind, Label: label}
}

// idNote is the Note of an id attribute removed: minor when the id is
// zero (Word writes rsid 00000000 for content from no session), which
// identifies nothing.
func idNote(kind scrub.Kind, label scrub.Label, v string) xmlclean.Note {
	return xmlclean.Note{Kind: kind, Label: label, Minor: zeroID(v)}
}

// zeroID reports whether an id is all zeros (or empty).
func zeroID(v string) bool {
	return strings.Trim(v, "0-{}") == ""
}

// container tracks a deferred element that must go when everything in it
// went (an extension left empty, an mc:AlternateContent whose choices
// emptied, a list whose every entry goes).
type container struct {
	kept, removed int
	dropAll       *dropAll // every child element goes
}

// dropAll is the finding of the children of a container that all go.
type dropAll struct {
	kind  scrub.Kind
	label scrub.Label
	field string
	value func(e *xmlclean.Element) string
}

func (r *rules) start(e *xmlclean.Element) xmlclean.Decision {
	d := r.decide(e)
	d = r.hiddenStart(e, d)
	r.account(e, d)
	return d
}

func isChoice(e *xmlclean.Element) bool {
	return e != nil && e.Name.Space == nsMC && (e.Name.Local == "Choice" || e.Name.Local == "Fallback")
}

// account counts e in the container it belongs to.
func (r *rules) account(e *xmlclean.Element, d xmlclean.Decision) {
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

func (r *rules) end(e *xmlclean.Element) {
	r.hiddenEnd(e)
	switch st := e.Data.(type) {
	case *container:
		if st.kept == 0 && st.removed > 0 {
			e.Decide(silent)
			r.account(e, silent)
		} else {
			r.account(e, keep)
		}
		return
	case *hiddenShape:
		r.endShape(e, st)
		return
	case *property:
		r.endProperty(e, st)
		return
	case *guidText:
		r.endGUIDText(e, st)
		return
	}
	switch r.kind {
	case kindWordBody, kindWordGlossary:
		if isW(e.Name.Space) && e.Name.Local == "instrText" {
			r.fieldCode(r.instr.String())
			r.instr.Reset()
		}
	}
	if isA(e.Name.Space) && e.Name.Local == "fld" {
		r.inField--
	}
}

func (r *rules) text(e *xmlclean.Element, b []byte) {
	r.hiddenText(e, b)
	if r.kind == kindCore || r.kind == kindApp {
		for x := e; x != nil; x = x.Parent {
			if pr, ok := x.Data.(*property); ok {
				pr.n += len(b)
				if pr.text.Len() < 64 {
					pr.text.Write(b)
				}
			}
		}
		return
	}
	if g, ok := e.Data.(*guidText); ok && g.b.Len() < 64 {
		g.b.Write(b)
	}
	if sh := r.shape(e); sh != nil && sh.text.Len() < 1000 {
		sh.text.Write(b)
	}
	switch r.kind {
	case kindWordBody, kindWordGlossary:
		if e == nil || !isW(e.Name.Space) {
			return
		}
		switch e.Name.Local {
		case "t":
			if run := e.Parent; run != nil && run.Data == hiddenRun && r.hidden.Len() < 300 {
				r.hidden.Write(b)
			}
		case "instrText":
			if r.instr.Len() < 1000 {
				r.instr.Write(b)
			}
		}
	case kindNotes:
		if e != nil && isA(e.Name.Space) && e.Name.Local == "t" && r.inField == 0 && r.notes.Len() < 500 {
			r.notes.Write(b)
			r.notes.WriteByte(' ')
		}
	}
}

// skip sees the start tags inside removed content.
func (r *rules) skip(e *xmlclean.Element) {
	r.hiddenSkipped(e)
	r.skipped(e)
}

// skipped notes the relationships removed content references: they may
// go too.
func (r *rules) skipped(e *xmlclean.Element) {
	for i := range e.Attrs {
		if id, ok := refAttr(&e.Attrs[i]); ok {
			r.drops[id] = true
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

func (r *rules) fieldCode(instr string) {
	instr = strings.TrimSpace(instr)
	switch {
	case authorFieldRe.MatchString(instr):
		r.authorField = append(r.authorField, instr)
	case pathFieldRe.MatchString(instr) && ident.ContainsLocalPath(instr):
		r.pathField = append(r.pathField, instr)
	}
}

// decide is the rule set. It applies to every XML part: the rules key on
// namespaces, so a Word rule cannot fire in a sheet.
func (r *rules) decide(e *xmlclean.Element) xmlclean.Decision {
	switch r.kind {
	case kindContentTypes:
		return r.contentTypes(e)
	case kindRels:
		return r.relationships(e)
	case kindCore, kindApp:
		if e.Depth == 2 {
			return r.property(e)
		}
	case kindPrintMaster:
		// The handout and notes masters are not on the slides; their
		// text boxes hold template boilerplate (a company's copyright
		// footer, placeholder prompts) that only printed handouts and
		// notes pages show. The slides' own notes are untouched.
		if isA(e.Name.Space) && e.Name.Local == "t" {
			return xmlclean.Decision{Action: xmlclean.Clear, Kind: scrub.KindHidden, Label: scrub.LabelHiddenText,
				Field: "text on the handout or notes master (printouts only)"}
		}
	}
	if c := parentContainer(e); c != nil && c.dropAll != nil {
		da := c.dropAll
		for i := range e.Attrs {
			if id, ok := refAttr(&e.Attrs[i]); ok {
				r.drops[id] = true
			}
		}
		return xmlclean.Decision{Action: xmlclean.Remove, Kind: da.kind, Label: da.label, Field: da.field, Value: da.value(e), AppendText: true}
	}
	if !knownSpace(e.Name.Space) && e.Depth > 1 && r.p.without != ruleNamespaces {
		for i := range e.Attrs {
			if id, ok := refAttr(&e.Attrs[i]); ok {
				r.drops[id] = true
			}
		}
		return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindOther, Label: scrub.LabelMetadata,
			Field: "element in a namespace scrub does not know (" + e.Name.Space + ")", Value: e.QName(), AppendText: true}
	}
	// References to removed relationships.
	for i := range e.Attrs {
		id, ok := refAttr(&e.Attrs[i])
		if !ok {
			continue
		}
		rl := r.relByID(id)
		if rl == nil || !rl.remove {
			r.kept[id] = true
			continue
		}
		if e.Name.Local == "pageSetup" {
			// Page setup stays; only its printer settings go.
			e.RemoveAttr(i, "")
			continue
		}
		return silent
	}
	d := r.element(e)
	if d.Action == xmlclean.Keep || d.Action == xmlclean.Defer {
		// Attributes of removed or unwrapped elements go with them.
		r.attributes(e)
	}
	return d
}

// element applies the element rules of every namespace.
func (r *rules) element(e *xmlclean.Element) xmlclean.Decision {
	sp := e.Name.Space
	switch {
	case isW(sp):
		return r.word(e)
	case isX(sp):
		return r.excel(e)
	case isP(sp):
		return r.powerpoint(e)
	case isA(sp):
		return r.drawing(e)
	case sp == nsA16:
		switch e.Name.Local {
		case "creationId", "rowId", "colId", "predDERef":
			// Per-object ids (GUIDs and random numbers) that tie the
			// copy to its drafts; optional.
			return drop(scrub.KindEditHistory, scrub.LabelDocumentID, e.QName()+" (object id)", firstAttr(e, "id", "val", "pred"))
		}
	case sp == nsP14 && e.Name.Local == "creationId", sp == nsC16 && e.Name.Local == "uniqueId":
		return drop(scrub.KindEditHistory, scrub.LabelDocumentID, e.QName()+" (object id)", firstAttr(e, "val", "id"))
	case sp == nsP14 && e.Name.Local == "section":
		r.renumber(e, "id")
	case sp == nsThm15 && e.Name.Local == "themeFamily":
		// The theme's family: its name is often the template's file
		// name, its ids those of the template.
		return drop(scrub.KindOther, scrub.LabelTemplate, "theme family (template)", firstAttr(e, "name"))
	case sp == nsX14 && e.Name.Local == "id":
		return r.renumberText(e)
	case sp == nsX14 && e.Name.Local == "cfRule":
		r.renumber(e, "id")
	case sp == nsDgm, sp == nsDsp:
		r.renumber(e, "modelId", "cxnId", "srcId", "destId", "parTransId", "sibTransId", "presId", "presAssocID")
	case isWordExt(sp) && e.Name.Local == "docId":
		v, _ := e.Attr(sp, "val")
		return drop(scrub.KindEditHistory, scrub.LabelDocumentID, e.QName()+" (document id)", v)
	case sp == nsX15ac && e.Name.Local == "absPath":
		v, _ := e.Attr("", "url")
		return drop(scrub.KindPath, scrub.LabelFilePath, "", v)
	case sp == nsXR && e.Name.Local == "revisionPtr":
		v, _ := e.Attr("", "documentId")
		return drop(scrub.KindEditHistory, scrub.LabelDocumentID, "xr:revisionPtr (document id)", v)
	case sp == nsMC && e.Name.Local == "AlternateContent":
		e.Data = &container{}
		return xmlclean.Decision{Action: xmlclean.Defer}
	case e.Name.Local == "securityDescriptor":
		return drop(scrub.KindAccount, scrub.LabelAccount, "accounts allowed to edit a range (Windows ids)", "")
	case e.Name.Local == "ext":
		return r.extension(e)
	case sp == nsXVML && e.Name.Local == "ClientData" && r.pt.vml == vmlMixed:
		if v, _ := e.Attr("", "ObjectType"); v == "Note" {
			if top := shapeOf(e); top != nil {
				top.Decide(xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindComment, Label: scrub.LabelComment,
					Field: "comment box", Value: "a note shape of a removed comment"})
			}
		}
	}
	if r.kind == kindVML && r.pt.vml == vmlMixed && e.Depth == 2 && sp == nsV {
		return xmlclean.Decision{Action: xmlclean.Defer}
	}
	return keep
}

func firstAttr(e *xmlclean.Element, locals ...string) string {
	for _, l := range locals {
		if v, ok := e.Attr("", l); ok {
			return v
		}
	}
	return ""
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
func (r *rules) extension(e *xmlclean.Element) xmlclean.Decision {
	if _, ok := e.Attr("", "uri"); !ok {
		return keep
	}
	e.Data = &container{}
	return xmlclean.Decision{Action: xmlclean.Defer}
}

func (r *rules) relByID(id string) *rel {
	if r.pt.own == nil {
		return nil
	}
	return r.pt.own.byID[id]
}

// Attributes of Word's and Office's extension namespaces that name
// people, times or per-object ids, wherever they appear.
var extAttrs = map[string]struct {
	kind  scrub.Kind
	label scrub.Label
}{
	"author": {scrub.KindPerson, scrub.LabelRevisionAuthor}, "initials": {scrub.KindPerson, scrub.LabelRevisionAuthor},
	"userId": {scrub.KindAccount, scrub.LabelAccount}, "providerId": {scrub.KindAccount, scrub.LabelAccount},
	"userName": {scrub.KindPerson, scrub.LabelPerson}, "personId": {scrub.KindAccount, scrub.LabelAccount},
	"date": {scrub.KindTime, scrub.LabelDate}, "dateUtc": {scrub.KindTime, scrub.LabelDate},
	"paraId": {scrub.KindEditHistory, scrub.LabelDocumentID}, "textId": {scrub.KindEditHistory, scrub.LabelDocumentID},
	"anchorId": {scrub.KindEditHistory, scrub.LabelDocumentID}, "editId": {scrub.KindEditHistory, scrub.LabelDocumentID},
	"durableId": {scrub.KindEditHistory, scrub.LabelDocumentID}, "creationId": {scrub.KindEditHistory, scrub.LabelDocumentID},
	"persistentDocumentId": {scrub.KindEditHistory, scrub.LabelDocumentID}, "storeItemChecksum": {scrub.KindEditHistory, scrub.LabelDocumentID},
}

// attributes applies the attribute rules of every namespace.
func (r *rules) attributes(e *xmlclean.Element) {
	for i := range e.Attrs {
		a := &e.Attrs[i]
		sp, l := a.Name.Space, a.Name.Local
		switch {
		case a.IsNamespace():
		case !knownSpace(sp) && r.p.without != ruleNamespaces:
			e.DropAttr(i, xmlclean.Note{Kind: scrub.KindOther, Label: scrub.LabelMetadata,
				Field: a.QName() + " (attribute in a namespace scrub does not know)"})
		case sp == "":
			r.plainAttr(e, i)
		case isW(sp):
			switch {
			case strings.HasPrefix(l, "rsid"):
				e.DropAttr(i, idNote(scrub.KindEditHistory, scrub.LabelEditSession, a.Value))
			case l == "author" || l == "initials":
				e.DropAttr(i, note(scrub.KindPerson, scrub.LabelRevisionAuthor))
			case l == "date":
				e.DropAttr(i, note(scrub.KindTime, scrub.LabelDate))
			default:
				r.pathAttr(e, i)
			}
		case isXRevision(sp) && (l == "uid" || l == "uidLastSave"):
			e.DropAttr(i, idNote(scrub.KindEditHistory, scrub.LabelDocumentID, a.Value))
		case isMSExt(sp):
			if k, ok := extAttrs[l]; ok {
				e.DropAttr(i, idNote(k.kind, k.label, a.Value))
			}
		case sp == nsO:
			switch l {
			case "title", "href":
				if ident.LocalPath(a.Value) {
					e.DropAttr(i, note(scrub.KindPath, scrub.LabelFilePath))
				}
			case "gfxdata":
				// A base64 zip of the shape's DrawingML, written by Word
				// for old readers; scrub cannot clean inside it.
				e.DropAttr(i, note(scrub.KindAttachment, scrub.LabelPrivateData))
			}
		}
	}
}

// plainAttr applies the rules of unqualified attributes.
func (r *rules) plainAttr(e *xmlclean.Element, i int) {
	a := &e.Attrs[i]
	v := a.Value
	switch a.Name.Local {
	case "descr", "title":
		// Alt text is the author's (kept, and part of what the reader
		// sees); a path there is what a program wrote.
		if ident.ContainsLocalPath(v) {
			e.DropAttr(i, note(scrub.KindPath, scrub.LabelFilePath))
		}
		return
	case "name":
		if e.Name.Local == "cNvPr" || e.Name.Local == "docPr" {
			if kind, label, ok := identifying(v); ok {
				e.ReplaceAttr(i, "Picture", note(kind, label))
			}
			return
		}
	case "securityDescriptor":
		e.DropAttr(i, xmlclean.Note{Kind: scrub.KindAccount, Label: scrub.LabelAccount, Field: "accounts allowed to edit a range (Windows ids)"})
		return
	case "src", "href", "alt":
		if e.Name.Space == nsV && ident.LocalPath(v) {
			e.DropAttr(i, note(scrub.KindPath, scrub.LabelFilePath))
			return
		}
	}
	r.pathAttr(e, i)
}

// pathAttr cuts a local or network path in any other attribute to its
// file name (the folders name the user, the machine or the server): a
// data connection's source file, a DDE topic, a web publishing target.
func (r *rules) pathAttr(e *xmlclean.Element, i int) {
	a := &e.Attrs[i]
	if !ident.LocalPath(a.Value) || r.p.without == rulePaths {
		return
	}
	e.ReplaceAttr(i, localBase(a.Value), note(scrub.KindPath, scrub.LabelFilePath))
}

// identifying classifies a name that is, or holds, a path, an address
// or an account.
func identifying(v string) (scrub.Kind, scrub.Label, bool) {
	if k, l, ok := ident.Classify(v); ok {
		return k, l, true
	}
	switch {
	case ident.ContainsLocalPath(v):
		return scrub.KindPath, scrub.LabelFilePath, true
	case ident.ContainsEmail(v):
		return scrub.KindContact, scrub.LabelEmail, true
	case ident.Identifying(v):
		return scrub.KindAccount, scrub.LabelAccount, true
	}
	return "", "", false
}

// contentTypes drops the overrides of parts that are removed or missing.
func (r *rules) contentTypes(e *xmlclean.Element) xmlclean.Decision {
	if !e.Is(nsCT, "Override") {
		return keep
	}
	name, _ := e.Attr("", "PartName")
	pt := r.p.byKey[partKey(name)]
	if pt == nil || pt.removed {
		return silent
	}
	return keep
}

// relationships drops the relationships that are removed.
func (r *rules) relationships(e *xmlclean.Element) xmlclean.Decision {
	if !e.Is(nsRels, "Relationship") {
		return keep
	}
	rp := r.p.rels[r.pt]
	if rp == nil {
		return keep
	}
	id, _ := e.Attr("", "Id")
	rl := rp.byID[id]
	if rl != nil && rl.remove {
		return silent // the findings name the part or the target
	}
	if rl != nil && rl.external && ident.LocalPath(rl.target) {
		// A link to a file on the user's disk or a share: the folders
		// name the user, the machine or the server; the file name is
		// what the link is for. Keep only the file name (resolved next
		// to the document, as Office does for relative links).
		for i := range e.Attrs {
			if e.Attrs[i].Name.Space == "" && e.Attrs[i].Name.Local == "Target" {
				e.ReplaceAttr(i, localBase(rl.target), note(scrub.KindPath, scrub.LabelFilePath))
			}
		}
	}
	return keep
}

// localBase returns the file name of a local or network path, without its
// folders, drive, server or scheme, also when they are percent-escaped
// ("file%3A%2F%2F%2Fhome%2Fjane%2Fa.docx" -> "a.docx").
func localBase(target string) string {
	t := strings.TrimSpace(target)
	for range 4 {
		if i := strings.LastIndexAny(t, `/\`); i >= 0 {
			t = t[i+1:]
		}
		if i := strings.LastIndexByte(t, ':'); i >= 0 { // "file:name" or "C:name"
			t = t[i+1:]
		}
		u, err := url.PathUnescape(t)
		if err != nil || !strings.ContainsAny(u, `/\:`) {
			break
		}
		t = u
	}
	return t
}

// Core properties: every value goes; these are the labels.
var coreLabels = map[string]struct {
	kind  scrub.Kind
	label scrub.Label
	minor bool
}{
	"creator": {scrub.KindPerson, scrub.LabelAuthor, false}, "lastModifiedBy": {scrub.KindPerson, scrub.LabelLastEditor, false},
	"created": {scrub.KindTime, scrub.LabelCreated, false}, "modified": {scrub.KindTime, scrub.LabelModified, false},
	"lastPrinted": {scrub.KindTime, scrub.LabelPrinted, false}, "revision": {scrub.KindEditHistory, scrub.LabelRevision, false},
	"title": {scrub.KindOther, scrub.LabelTitle, false}, "subject": {scrub.KindOther, scrub.LabelSubject, false},
	"keywords": {scrub.KindOther, scrub.LabelKeywords, false}, "description": {scrub.KindOther, scrub.LabelDescription, false},
	"category": {scrub.KindOther, scrub.LabelCategory, false}, "contentStatus": {scrub.KindOther, scrub.LabelCategory, false},
	"contentType": {scrub.KindOther, scrub.LabelCategory, false}, "identifier": {scrub.KindOther, scrub.LabelDocumentID, false},
	"language": {scrub.KindOther, scrub.LabelLanguage, true}, "version": {scrub.KindOther, scrub.LabelRevision, false},
}

// Extended (app) properties: everything goes; these are the labels.
// Document statistics, security flags and defaults identify no one.
var appLabels = map[string]struct {
	kind  scrub.Kind
	label scrub.Label
	minor bool
}{
	// Company is not a person's name; it is also often "Microsoft", which
	// every document names somewhere (the residue check learns only
	// names of people, accounts, paths and ids).
	"Company": {scrub.KindOther, scrub.LabelOrganisation, false}, "Manager": {scrub.KindPerson, scrub.LabelManager, false},
	"Template": {scrub.KindPath, scrub.LabelTemplate, false}, "HyperlinkBase": {scrub.KindPath, scrub.LabelLink, false},
	"Application": {scrub.KindSoftware, scrub.LabelSoftware, false}, "AppVersion": {scrub.KindSoftware, scrub.LabelSoftware, true},
	"TotalTime": {scrub.KindTime, scrub.LabelEditTime, false}, "HLinks": {scrub.KindPath, scrub.LabelLink, false},
	"Pages": {scrub.KindOther, scrub.LabelStatistics, true}, "Words": {scrub.KindOther, scrub.LabelStatistics, true},
	"Characters": {scrub.KindOther, scrub.LabelStatistics, true}, "CharactersWithSpaces": {scrub.KindOther, scrub.LabelStatistics, true},
	"Lines": {scrub.KindOther, scrub.LabelStatistics, true}, "Paragraphs": {scrub.KindOther, scrub.LabelStatistics, true},
	"Slides": {scrub.KindOther, scrub.LabelStatistics, true}, "Notes": {scrub.KindOther, scrub.LabelStatistics, true},
	"HiddenSlides": {scrub.KindOther, scrub.LabelStatistics, true}, "MMClips": {scrub.KindOther, scrub.LabelStatistics, true},
	"DocSecurity": {scrub.KindOther, scrub.LabelSettings, true}, "ScaleCrop": {scrub.KindOther, scrub.LabelSettings, true},
	"LinksUpToDate": {scrub.KindOther, scrub.LabelSettings, true}, "SharedDoc": {scrub.KindOther, scrub.LabelSettings, true},
	"HyperlinksChanged": {scrub.KindOther, scrub.LabelSettings, true}, "PresentationFormat": {scrub.KindOther, scrub.LabelSettings, true},
	"HeadingPairs": {scrub.KindOther, scrub.LabelMetadata, true}, "TitlesOfParts": {scrub.KindOther, scrub.LabelMetadata, false},
	"DigSig": {scrub.KindPerson, scrub.LabelSignature, false},
}

// property removes a property of core.xml or app.xml with its finding.
func (r *rules) property(e *xmlclean.Element) xmlclean.Decision {
	labels := appLabels
	if r.kind == kindCore {
		labels = coreLabels
	}
	k, ok := labels[e.Name.Local]
	if !ok {
		k.kind, k.label = scrub.KindOther, scrub.LabelMetadata
	}
	d := xmlclean.Decision{Action: xmlclean.Remove, Kind: k.kind, Label: k.label, Minor: k.minor, Field: e.QName()}
	switch e.Name.Local {
	case "TotalTime", "HLinks", "DigSig":
		// Decided at the end tag: an editing time of 0 minutes
		// identifies no one; a vector of link targets or a signature
		// blob is summarised, not printed.
		e.Data = &property{d: d}
		return xmlclean.Decision{Action: xmlclean.Defer}
	}
	return d
}

// property is a deferred property's decision and the size of its text.
type property struct {
	d    xmlclean.Decision
	text strings.Builder
	n    int
}

func (r *rules) endProperty(e *xmlclean.Element, pr *property) {
	d := pr.d
	if e.Name.Local == "TotalTime" {
		d.Value = strings.TrimSpace(pr.text.String())
		d.Minor = d.Value == "0" || d.Value == ""
	} else {
		d.Value = "binary data, " + sizeText(uint64(pr.n))
	}
	e.Decide(d)
}
