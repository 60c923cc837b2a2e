package odf

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf16"

	"github.com/scrub-project/scrub/formats/internal/ident"
	"github.com/scrub-project/scrub/formats/internal/metafile"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// Namespaces the rules match (prefixes vary between producers).
const (
	nsOffice   = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsMeta     = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
	nsConfig   = "urn:oasis:names:tc:opendocument:xmlns:config:1.0"
	nsText     = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	nsTable    = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsDraw     = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
	nsPres     = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
	nsStyle    = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
	nsScript   = "urn:oasis:names:tc:opendocument:xmlns:script:1.0"
	nsManifest = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
	nsMathML   = "http://www.w3.org/1998/Math/MathML"
	nsDC       = "http://purl.org/dc/elements/1.1/"
	nsXLink    = "http://www.w3.org/1999/xlink"
	nsOOo      = "http://openoffice.org/2009/office" // "officeooo"
	nsLOExt    = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
	nsSVG      = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
	nsForm     = "urn:oasis:names:tc:opendocument:xmlns:form:1.0"
	nsFO       = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
)

// maxValue bounds the text collected for one finding.
const maxValue = 512

// mode is the pass the rules run in.
type mode uint8

const (
	// modeInspect records findings and inspects embedded files.
	modeInspect mode = iota
	// modePrepare is Clean's first pass over a part that holds embedded
	// files (office:binary-data): it cleans them.
	modePrepare
	// modeClean is Clean's writing pass.
	modeClean
)

// rules are the cleaning rules for one XML part of a package, or for a
// whole flat document. Inspect and Clean run the same callbacks (see
// xmlclean), so what Inspect reports is what Clean removes.
type rules struct {
	ctx    context.Context
	env    *scrub.Env
	format string
	mode   mode
	fs     *xmlclean.Findings // modeInspect only
	f      *xmlclean.Filter
	base   string // Where of the part
	flat   bool

	// Package context: the sub-document folder of the part ("" or
	// "Object 1/"), the names of the members and their folders, and the
	// members Clean drops (references to them go too).
	root    string
	members map[string]bool
	dropped map[string]bool
	// shown holds the names of the user fields and variables a visible
	// field shows (see hiddenFields); nil when unknown.
	shown map[string]bool
	// without names a rule switched off (tests only, see export_test.go).
	without string

	// Embedded files (office:binary-data), by document order.
	blobs []blob
	nbin  int

	// Per-pass state.
	collect     []*collector
	tc, anno    int // inside tracked changes, inside a comment
	hiddenPages map[string]bool
	macros      int
	warnings    []scrub.Warning
	err         error
	// Hidden content (hidden.go): what the analysis decided, and the
	// count of spans, paragraphs and shapes it decided by.
	plan *hiddenPlan
	cnt  counter
}

// blob is what the first pass learnt about one office:binary-data.
type blob struct {
	replacement *string // base64 of the cleaned content
	drop        bool    // it goes (with the element holding it): nothing cleans it, or a preview nobody cleans
}

// role says what End does for an element.
type role uint8

const (
	roleNone role = iota
	roleTracked
	roleDeleted
	roleAnnotation
	roleUserDefined
	roleConfig
	roleField
	roleSection
	roleNotes
	roleBinary
	roleFrame
	roleInline // an image (or fill) whose file is inline (office:binary-data)
	roleFlatSection
	roleAltText
)

// elemState is the rules' state for one element (xmlclean's Element.Data).
type elemState struct {
	role      role
	c         *collector // text of the element, if End needs it
	n         int        // tracked changes: changes counted
	recording bool       // tracked changes: recording was on
	field     string     // reported field, deleted text: the finding's field
	name      string     // user-defined property, setting, section: its name
	kind      scrub.Kind // reported field
	label     scrub.Label
	typ       string // setting: its config:type
	sawObject bool   // frame: holds an embedded object
	preview   bool   // inline image: the preview of the frame's object
	formula   bool   // frame: its object is a formula (see keepsPreview)
	idx       int    // binary data: its index in document order
	where     string // flat section: the Where to restore
}

// collector gathers the text of an element for a finding (or the base64
// of an embedded file).
type collector struct {
	b     []byte
	limit int
	n     int // bytes seen, kept or not
	blob  bool
	over  bool
}

func (c *collector) add(p []byte) {
	room := max(c.limit-len(c.b), 0)
	c.b = append(c.b, p[:min(len(p), room)]...)
	c.n += len(p)
	if len(p) > room {
		c.over = true
	}
}

func (c *collector) text() string { return strings.Join(strings.Fields(string(c.b)), " ") }

func newRules(ctx context.Context, env *scrub.Env, format, where string, m mode) *rules {
	r := &rules{ctx: ctx, env: env, format: format, base: where, mode: m}
	r.reset(m)
	return r
}

// reset prepares the rules for another pass; what the first pass learnt
// about embedded files (and their warnings) stays.
func (r *rules) reset(m mode) {
	r.mode = m
	r.nbin = 0
	r.collect = nil
	r.tc, r.anno, r.macros = 0, 0, 0
	r.hiddenPages = map[string]bool{}
	r.cnt = counter{}
	r.f = &xmlclean.Filter{Where: r.base, Start: r.start, End: r.end, Text: r.text, Skipped: r.skipped, Comments: scrub.KindOther}
}

// skipped counts what removed content holds, as the analysis did.
func (r *rules) skipped(e *xmlclean.Element) { r.cnt.count(e) }

func (r *rules) fail(err error) {
	if r.err == nil && err != nil {
		r.err = err
	}
}

func (r *rules) push(limit int) *collector {
	c := &collector{limit: limit}
	r.collect = append(r.collect, c)
	return c
}

func (r *rules) pop(c *collector) {
	for i := len(r.collect) - 1; i >= 0; i-- {
		if r.collect[i] == c {
			r.collect = append(r.collect[:i], r.collect[i+1:]...)
			return
		}
	}
}

// removed reports whether the current element lies in content that goes
// as a whole (tracked changes, comments): reports there would be
// misleading.
func (r *rules) removed() bool { return r.tc > 0 || r.anno > 0 }

func (r *rules) report(e *xmlclean.Element, field, value string, kind scrub.Kind, label scrub.Label) {
	if !r.removed() {
		e.Review(xmlclean.Note{Kind: kind, Label: label, Field: field}, value)
	}
}

// Rules a test can switch off (see export_test.go): the test proves that
// the engine's residue check refuses what a missing rule leaves.
const (
	rulePaths    = "paths"    // local paths in attributes
	ruleAccounts = "accounts" // editing permissions of users
	ruleFields   = "fields"   // hidden fields and unused field values
)

var (
	keep          = xmlclean.Decision{}
	deferDecision = xmlclean.Decision{Action: xmlclean.Defer}
)

func remove(kind scrub.Kind, label scrub.Label, field, value string) xmlclean.Decision {
	return xmlclean.Decision{Action: xmlclean.Remove, Kind: kind, Label: label, Field: field, Value: value}
}

func stateOf(e *xmlclean.Element) *elemState {
	if e == nil {
		return nil
	}
	st, _ := e.Data.(*elemState)
	return st
}

func (r *rules) start(e *xmlclean.Element) xmlclean.Decision {
	d := r.decide(e)
	return r.plan.apply(&r.cnt, e, d, r.mode == modeClean)
}

// decide is the rule set for one start tag.
func (r *rules) decide(e *xmlclean.Element) xmlclean.Decision {
	if r.err == nil {
		r.fail(r.ctx.Err())
	}
	if r.flat && e.Depth == 2 {
		r.flatSection(e)
	}
	p := e.Parent
	if st := stateOf(p); st != nil && st.role == roleTracked {
		st.n++
	}
	if p != nil && p.Is(nsOffice, "meta") {
		return r.meta(e)
	}
	r.attrs(e)
	if len(r.collect) > 0 && (e.Is(nsText, "s") || e.Is(nsText, "tab") || e.Is(nsText, "line-break") || e.Is(nsText, "p") || e.Is(nsText, "h")) {
		r.text(p, []byte(" "))
	}
	if r.flat && (e.Is(nsMathML, "math") || e.Is(nsOffice, "document")) {
		r.markFormula(e)
	}
	if href, ok := e.Attr(nsXLink, "href"); ok && href != "" && len(r.dropped) > 0 && r.dropped[r.resolve(href)] {
		// It shows or links to a file that goes (a picture nothing
		// cleans): a link keeps its text, anything else goes.
		if e.Name.Local == "a" {
			return xmlclean.Decision{Action: xmlclean.Unwrap}
		}
		return xmlclean.Decision{Action: xmlclean.Remove}
	}
	switch e.Name.Space {
	case nsOffice:
		return r.office(e)
	case nsOOo:
		switch e.Name.Local {
		case "annotation":
			return r.annotation(e)
		case "annotation-end":
			return remove(scrub.KindComment, scrub.LabelComment, "comment range end", "")
		}
	case nsDC:
		return r.dc(e)
	case nsMeta:
		if e.Name.Local == "creator-initials" {
			return remove(scrub.KindPerson, scrub.LabelCommentAuthor, "comment author initials", "")
		}
	case nsLOExt:
		if e.Name.Local == "sender-initials" {
			return remove(scrub.KindPerson, scrub.LabelCommentAuthor, "comment author initials", "")
		}
	case nsText:
		return r.textElement(e)
	case nsTable:
		return r.table(e)
	case nsConfig:
		if e.Name.Local == "config-item" {
			return r.config(e)
		}
	case nsDraw:
		return r.draw(e)
	case nsPres:
		return r.presentation(e)
	case nsScript:
		if e.Name.Local == "event-listener" {
			return r.macro(e, "macro binding", firstAttr(e, nsScript, "macro-name", nsXLink, "href"))
		}
	case nsStyle:
		r.style(e)
	case nsSVG:
		if e.Name.Local == "title" || e.Name.Local == "desc" {
			e.Data = &elemState{role: roleAltText, c: r.push(maxValue)}
			return deferDecision
		}
	case nsForm:
		r.form(e)
	}
	return keep
}

func firstAttr(e *xmlclean.Element, space1, local1, space2, local2 string) string {
	if v, ok := e.Attr(space1, local1); ok && v != "" {
		return v
	}
	v, _ := e.Attr(space2, local2)
	return v
}

// macro removes a reference to a macro (keeping its text, for Unwrap) and
// counts it. Clean refuses the document unless the policy allows removing
// macros, so without that policy the reference is reported, not listed as
// removed.
func (r *rules) macro(e *xmlclean.Element, field, value string) xmlclean.Decision {
	return r.macroDecision(e, xmlclean.Remove, field, value)
}

func (r *rules) macroDecision(e *xmlclean.Element, action xmlclean.Action, field, value string) xmlclean.Decision {
	r.macros++
	if r.env.Policy.RefuseMacros {
		r.report(e, field, macroRefusal(value), scrub.KindAttachment, scrub.LabelMacros)
		return xmlclean.Decision{Action: action}
	}
	return xmlclean.Decision{Action: action, Kind: scrub.KindAttachment, Label: scrub.LabelMacros, Field: field, Value: value}
}

// macroRefusal is the value of a macro finding when the policy refuses
// files with macros.
func macroRefusal(v string) string {
	const refuse = "the file will be refused: it has macros"
	if v == "" {
		return refuse
	}
	return v + "; " + refuse
}

func (r *rules) flatSection(e *xmlclean.Element) {
	if e.Name.Space != nsOffice {
		return
	}
	var s string
	switch e.Name.Local {
	case "meta":
		s = "meta"
	case "settings":
		s = "settings"
	case "scripts":
		s = "scripts"
	case "font-face-decls", "styles", "automatic-styles", "master-styles":
		s = "styles"
	case "body":
		s = "content"
	default:
		return
	}
	e.Data = &elemState{role: roleFlatSection, where: r.f.Where}
	r.f.Where = s
}

// attrs removes edit-session ids, cuts local and network paths to their
// file name (the folders name the user, the computer or the server; the
// file name is what a link is for) and reports links to files outside
// the document.
func (r *rules) attrs(e *xmlclean.Element) {
	for i := range e.Attrs {
		a := &e.Attrs[i]
		if a.IsNamespace() {
			continue
		}
		switch {
		case a.Name.Space == nsOOo && (a.Name.Local == "rsid" || a.Name.Local == "paragraph-rsid"):
			e.DropAttr(i, xmlclean.Note{Kind: scrub.KindEditHistory, Label: scrub.LabelEditSession, Minor: strings.Trim(a.Value, "0") == ""})
		case r.removed():
		case ident.LocalPath(a.Value) && r.without != rulePaths:
			e.ReplaceAttr(i, localBase(a.Value), xmlclean.Note{Kind: scrub.KindPath, Label: scrub.LabelFilePath})
		case a.Name.Space == nsXLink && a.Name.Local == "href":
			if r.externalFile(a.Value) {
				r.report(e, "link to a file outside the document", a.Value, scrub.KindPath, scrub.LabelLink)
			}
		}
	}
}

// localBase returns the file name of a local or network path, without its
// folders, drive, server or scheme, also when they are percent-escaped.
func localBase(target string) string {
	t := strings.TrimSpace(target)
	for range 4 {
		if i := strings.LastIndexAny(t, `/\`); i >= 0 {
			t = t[i+1:]
		}
		if i := strings.LastIndexByte(t, ':'); i >= 0 {
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

// meta handles a child of office:meta: everything goes but the document
// statistics and the language.
func (r *rules) meta(e *xmlclean.Element) xmlclean.Decision {
	switch {
	case e.Is(nsMeta, "document-statistic"), e.Is(nsDC, "language"):
		return keep
	case e.Is(nsMeta, "user-defined"):
		name, _ := e.Attr(nsMeta, "name")
		e.Data = &elemState{role: roleUserDefined, c: r.push(maxValue), name: name}
		return deferDecision
	case e.Is(nsMeta, "template"):
		return remove(scrub.KindPath, scrub.LabelTemplate, "", firstAttr(e, nsXLink, "href", nsXLink, "title"))
	case e.Is(nsMeta, "auto-reload"):
		return remove(scrub.KindPath, scrub.LabelLink, "", firstAttr(e, nsXLink, "href", nsXLink, "title"))
	case e.Is(nsMeta, "hyperlink-behaviour"):
		v, _ := e.Attr(nsOffice, "target-frame-name")
		d := remove(scrub.KindOther, scrub.LabelSettings, "", v)
		d.Minor = true
		return d
	}
	m, ok := metaLabels[e.Name.Local]
	if !ok {
		m.kind, m.label = scrub.KindOther, scrub.LabelMetadata
	}
	d := remove(m.kind, m.label, "", "")
	d.Minor = m.minor
	return d
}

// metaLabels are the labels of what office:meta holds, by local name.
var metaLabels = map[string]struct {
	kind  scrub.Kind
	label scrub.Label
	minor bool
}{
	"initial-creator": {scrub.KindPerson, scrub.LabelAuthor, false}, "creator": {scrub.KindPerson, scrub.LabelLastEditor, false},
	"printed-by": {scrub.KindPerson, scrub.LabelPerson, false}, "creation-date": {scrub.KindTime, scrub.LabelCreated, false},
	"date": {scrub.KindTime, scrub.LabelModified, false}, "print-date": {scrub.KindTime, scrub.LabelPrinted, false},
	"editing-duration": {scrub.KindTime, scrub.LabelEditTime, false}, "editing-cycles": {scrub.KindEditHistory, scrub.LabelRevision, false},
	"generator": {scrub.KindSoftware, scrub.LabelSoftware, false}, "title": {scrub.KindOther, scrub.LabelTitle, false},
	"subject": {scrub.KindOther, scrub.LabelSubject, false}, "description": {scrub.KindOther, scrub.LabelDescription, false},
	"keyword": {scrub.KindOther, scrub.LabelKeywords, false}, "language": {scrub.KindOther, scrub.LabelLanguage, true},
}

func (r *rules) office(e *xmlclean.Element) xmlclean.Decision {
	switch e.Name.Local {
	case "annotation":
		return r.annotation(e)
	case "annotation-end":
		return remove(scrub.KindComment, scrub.LabelComment, "comment range end", "")
	case "binary-data":
		return r.binary(e)
	case "script":
		lang, _ := e.Attr(nsScript, "language")
		return r.macro(e, "macro code", lang)
	}
	return keep
}

func (r *rules) annotation(e *xmlclean.Element) xmlclean.Decision {
	r.anno++
	e.Data = &elemState{role: roleAnnotation, c: r.push(maxValue)}
	return deferDecision
}

func (r *rules) dc(e *xmlclean.Element) xmlclean.Decision {
	var what string
	var kind scrub.Kind
	label := scrub.LabelDate
	switch e.Name.Local {
	case "creator":
		what, kind, label = "author", scrub.KindPerson, scrub.LabelAuthor
	case "date":
		what, kind = "date", scrub.KindTime
	default:
		return keep
	}
	field := e.QName()
	switch {
	case r.tc > 0:
		field = "change " + what
		if kind == scrub.KindPerson {
			label = scrub.LabelRevisionAuthor
		}
	case r.anno > 0:
		field = "comment " + what
		if kind == scrub.KindPerson {
			label = scrub.LabelCommentAuthor
		}
	}
	return remove(kind, label, field, "")
}

// Fields that show who wrote or sent the document, or where it is stored.
var reportedFields = map[string]struct {
	field string
	kind  scrub.Kind
	label scrub.Label
}{
	"author-name":              {"author field", scrub.KindPerson, scrub.LabelAuthor},
	"author-initials":          {"author initials field", scrub.KindPerson, scrub.LabelAuthor},
	"initial-creator":          {"initial author field", scrub.KindPerson, scrub.LabelAuthor},
	"creator":                  {"author field", scrub.KindPerson, scrub.LabelAuthor},
	"printed-by":               {"printed-by field", scrub.KindPerson, scrub.LabelPerson},
	"sender-firstname":         {"sender field", scrub.KindPerson, scrub.LabelPerson},
	"sender-lastname":          {"sender field", scrub.KindPerson, scrub.LabelPerson},
	"sender-initials":          {"sender field", scrub.KindPerson, scrub.LabelPerson},
	"sender-title":             {"sender field", scrub.KindContact, scrub.LabelContact},
	"sender-position":          {"sender field", scrub.KindContact, scrub.LabelContact},
	"sender-email":             {"sender field", scrub.KindContact, scrub.LabelEmail},
	"sender-phone-private":     {"sender field", scrub.KindContact, scrub.LabelContact},
	"sender-fax":               {"sender field", scrub.KindContact, scrub.LabelContact},
	"sender-company":           {"sender field", scrub.KindContact, scrub.LabelOrganisation},
	"sender-phone-work":        {"sender field", scrub.KindContact, scrub.LabelContact},
	"sender-street":            {"sender field", scrub.KindContact, scrub.LabelContact},
	"sender-city":              {"sender field", scrub.KindContact, scrub.LabelContact},
	"sender-postal-code":       {"sender field", scrub.KindContact, scrub.LabelContact},
	"sender-country":           {"sender field", scrub.KindContact, scrub.LabelContact},
	"sender-state-or-province": {"sender field", scrub.KindContact, scrub.LabelContact},
	"user-defined":             {"document property field", scrub.KindOther, scrub.LabelCustom},
	"file-name":                {"file name field", scrub.KindPath, scrub.LabelFilePath},
	"template-name":            {"template name field", scrub.KindPath, scrub.LabelTemplate},
}

func (r *rules) textElement(e *xmlclean.Element) xmlclean.Decision {
	switch l := e.Name.Local; l {
	case "tracked-changes":
		return r.trackedChanges(e)
	case "deletion":
		return r.deleted(e, "deleted text")
	case "change", "change-start", "change-end":
		return remove(scrub.KindEditHistory, scrub.LabelTrackedChange, "change mark", "")
	case "execute-macro":
		name, _ := e.Attr(nsText, "name")
		return r.macroDecision(e, xmlclean.Unwrap, "macro field", name)
	case "a":
		if href, _ := e.Attr(nsXLink, "href"); isScriptURL(href) {
			return r.macroDecision(e, xmlclean.Unwrap, "link that runs a macro", href)
		}
	case "hidden-paragraph":
		cond, _ := e.Attr(nsText, "condition")
		r.report(e, "hidden paragraph", "hidden when: "+cond, scrub.KindHidden, scrub.LabelHiddenText)
	case "hidden-text":
		s, _ := e.Attr(nsText, "string-value")
		r.report(e, "hidden text", s, scrub.KindHidden, scrub.LabelHiddenText)
	case "section":
		if d, _ := e.Attr(nsText, "display"); d == "none" || d == "condition" {
			name, _ := e.Attr(nsText, "name")
			e.Data = &elemState{role: roleSection, c: r.push(maxValue), name: name}
		}
	case "bookmark", "bookmark-start", "bookmark-end":
		// LibreOffice keeps Word's editing permissions as bookmarks
		// named "permission-for-user:ID:ACCOUNT"; the account goes with
		// the bookmark (groups, "permission-for-group:…", name no one).
		if n, _ := e.Attr(nsText, "name"); strings.HasPrefix(n, "permission-for-user:") && r.without != ruleAccounts {
			return remove(scrub.KindAccount, scrub.LabelAccount, "editing permission of a user (bookmark)", n)
		}
	case "user-field-decl":
		return r.fieldDecl(e)
	default:
		if fieldGetters[l] || fieldSetters[l] {
			if d := r.hiddenField(e); d.Action == xmlclean.Remove {
				return d
			}
		}
		if f, ok := reportedFields[l]; ok {
			e.Data = &elemState{role: roleField, c: r.push(maxValue), field: f.field, kind: f.kind, label: f.label}
		}
	}
	return keep
}

// Fields that show a user field's or a variable's value (getters), or set
// it (setters). A sequence field is neither: it counts, and removing a
// hidden one would renumber the visible ones.
var (
	fieldGetters = map[string]bool{"user-field-get": true, "variable-get": true, "expression": true, "table-formula": true}
	fieldSetters = map[string]bool{"variable-set": true, "variable-input": true, "user-field-input": true}
)

// hiddenField removes a field that is not displayed (text:display="none")
// and whose value no visible field or condition uses: a value the reader
// never sees.
func (r *rules) hiddenField(e *xmlclean.Element) xmlclean.Decision {
	if d, _ := e.Attr(nsText, "display"); d != "none" || r.without == ruleFields {
		return keep
	}
	name, _ := e.Attr(nsText, "name")
	if fieldSetters[e.Name.Local] && (r.shown == nil || r.shown[name]) {
		// A hidden assignment that a visible field shows, or that a
		// condition tests, is content.
		return keep
	}
	d := remove(scrub.KindHidden, scrub.LabelHiddenText, "hidden field ("+e.QName()+")", name)
	d.AppendText = true
	return d
}

// fieldDecl removes a user field's declaration (which holds its value)
// when no visible field shows it.
func (r *rules) fieldDecl(e *xmlclean.Element) xmlclean.Decision {
	name, _ := e.Attr(nsText, "name")
	if r.shown == nil || r.shown[name] || r.without == ruleFields {
		return keep
	}
	v := firstAttr(e, nsOffice, "string-value", nsOffice, "value")
	return remove(scrub.KindHidden, scrub.LabelHiddenText, "user field no visible field shows", name+" = "+v)
}

func (r *rules) trackedChanges(e *xmlclean.Element) xmlclean.Decision {
	r.tc++
	st := &elemState{role: roleTracked}
	if v, _ := e.Attr(e.Name.Space, "track-changes"); v == "true" {
		st.recording = true
	}
	e.Data = st
	return deferDecision
}

func (r *rules) deleted(e *xmlclean.Element, field string) xmlclean.Decision {
	if r.tc == 0 {
		return keep
	}
	e.Data = &elemState{role: roleDeleted, c: r.push(maxValue), field: field}
	return deferDecision
}

func (r *rules) table(e *xmlclean.Element) xmlclean.Decision {
	switch e.Name.Local {
	case "tracked-changes":
		return r.trackedChanges(e)
	case "deletion", "cell-content-deletion":
		return r.deleted(e, "deleted text")
	case "previous":
		return r.deleted(e, "replaced cell value")
	}
	// Hidden sheets, rows and columns are reported, with the cells they
	// hold, by the hidden-content analysis (hidden.go).
	return keep
}

// settings.xml is kept (it holds the layout compatibility flags that
// documents from older versions and from Word need, and the view), but
// from an allowlist: every number and flag, these strings and these blobs.
// Everything else goes: printer names and their driver settings, the fax
// printer, data sources, paths of colour and pattern tables, the
// edit-session ids, passwords' hashes and any other string.
var (
	// keptStrings: how the layout is measured, which view and sheet are
	// shown, and the forbidden characters of Asian typography.
	keptStrings = map[string]bool{"PrinterIndependentLayout": true, "ViewId": true, "ActiveTable": true,
		"Language": true, "Country": true, "Variant": true, "BeginLine": true, "EndLine": true}
	// keptBlobs: which layers of a drawing are shown, printed, locked.
	keptBlobs = map[string]bool{"VisibleLayers": true, "PrintableLayers": true, "LockedLayers": true}
	// keptTypes: numbers and flags.
	keptTypes = map[string]bool{"boolean": true, "short": true, "int": true, "long": true, "double": true}
	// droppedNumbers: numbers that are edit-session ids.
	droppedNumbers = map[string]bool{"Rsid": true, "RsidRoot": true}
)

// Settings that name a printer, a data source or an edit session.
var (
	printerSettings    = map[string]bool{"PrinterName": true, "PrintFaxName": true, "PrinterSetup": true}
	dataSourceSettings = map[string]bool{"CurrentDatabaseDataSource": true, "CurrentDatabaseCommand": true, "DataSourceName": true, "EmbeddedDatabaseName": true}
)

func (r *rules) config(e *xmlclean.Element) xmlclean.Decision {
	name, _ := e.Attr(nsConfig, "name")
	typ, _ := e.Attr(nsConfig, "type")
	if keptTypes[typ] && !droppedNumbers[name] {
		return keep
	}
	limit := maxValue
	if name == "PrinterSetup" {
		limit = 64 << 10
	}
	e.Data = &elemState{role: roleConfig, c: r.push(limit), name: name, typ: typ}
	return deferDecision
}

func (r *rules) endConfig(e *xmlclean.Element, st *elemState) {
	v := strings.TrimSpace(string(st.c.b))
	if (st.typ == "string" && keptStrings[st.name] || st.typ == "base64Binary" && keptBlobs[st.name]) && !ident.Identifying(v) {
		return
	}
	d := xmlclean.Decision{Action: xmlclean.Remove, Field: "setting " + st.name, Value: v}
	switch {
	case st.name == "PrinterSetup":
		d.Kind, d.Label, d.Value = scrub.KindMachine, scrub.LabelPrinter, describePrinterSetup(v)
	case printerSettings[st.name]:
		d.Kind, d.Label = scrub.KindMachine, scrub.LabelPrinter
	case dataSourceSettings[st.name]:
		d.Kind, d.Label = scrub.KindPath, scrub.LabelFilePath
	case droppedNumbers[st.name]:
		d.Kind, d.Label = scrub.KindEditHistory, scrub.LabelEditSession
		d.Minor = strings.Trim(v, "0") == ""
	default:
		if k, l, ok := ident.Classify(v); ok {
			d.Kind, d.Label = k, l
			break
		}
		d.Kind, d.Label, d.Minor = scrub.KindOther, scrub.LabelSettings, true
		if st.typ == "base64Binary" {
			d.Value = fmt.Sprintf("binary data, %d characters", st.c.n)
		}
	}
	if v == "" {
		d.Value = "(empty)"
	}
	e.Decide(d)
}

// form handles the forms of a document: a form's data source and
// submission target lose their folders if they are local paths (as every
// attribute does); the values of its controls (what was typed or chosen)
// stay, and are reported.
func (r *rules) form(e *xmlclean.Element) {
	for i := range e.Attrs {
		a := &e.Attrs[i]
		if a.Name.Space != nsForm || a.Value == "" {
			continue
		}
		switch a.Name.Local {
		case "value", "current-value", "current-selected", "current-state", "default-value", "selected":
			if a.Value == "true" || a.Value == "false" || a.Value == "checked" || a.Value == "unchecked" {
				continue
			}
			r.report(e, "form field value", a.Value, scrub.KindHidden, scrub.LabelFormValue)
		}
	}
}

// describePrinterSetup lists the texts in a PrinterSetup blob (printer
// queue, driver, port).
func describePrinterSetup(b64 string) string {
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(b64), ""))
	if err != nil {
		return fmt.Sprintf("printer driver settings (%d characters)", len(b64))
	}
	var texts []string
	seen := map[string]bool{}
	addRun := func(s string) {
		s = strings.TrimSpace(s)
		letters, wordy := 0, 0
		for _, c := range s {
			switch {
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
				letters++
				wordy++
			case c >= '0' && c <= '9', strings.ContainsRune(` \/.-_:`, c):
				wordy++
			}
		}
		// Printer and driver names, not the random bytes between them.
		if len(s) >= 6 && letters >= 3 && wordy*10 >= len(s)*9 && !seen[s] && len(texts) < 4 {
			seen[s] = true
			texts = append(texts, s)
		}
	}
	var run []byte
	for _, c := range raw {
		if c >= 0x20 && c < 0x7f {
			run = append(run, c)
			continue
		}
		addRun(string(run))
		run = run[:0]
	}
	addRun(string(run))
	var u []uint16
	for i := 0; i+1 < len(raw); i += 2 {
		c := uint16(raw[i]) | uint16(raw[i+1])<<8
		if c >= 0x20 && c < 0x7f {
			u = append(u, c)
			continue
		}
		addRun(string(utf16.Decode(u)))
		u = u[:0]
	}
	if len(texts) == 0 {
		return fmt.Sprintf("printer driver settings (%d bytes)", len(raw))
	}
	return fmt.Sprintf("printer driver settings (%d bytes): %s", len(raw), strings.Join(texts, ", "))
}

func (r *rules) draw(e *xmlclean.Element) xmlclean.Decision {
	p := stateOf(e.Parent)
	switch e.Name.Local {
	case "frame":
		e.Data = &elemState{role: roleFrame}
	case "object", "object-ole":
		if p != nil && p.role == roleFrame {
			p.sawObject = true
		}
	case "image":
		if href, _ := e.Attr(nsXLink, "href"); href == "" {
			// Its file is inline: deferred, so that it can go if
			// nothing cleans the file.
			e.Data = &elemState{role: roleInline, preview: p != nil && p.role == roleFrame && p.sawObject && !p.formula}
			return deferDecision
		}
	case "fill-image":
		if href, _ := e.Attr(nsXLink, "href"); href == "" {
			e.Data = &elemState{role: roleInline}
			return deferDecision
		}
	case "page":
		if s, _ := e.Attr(nsDraw, "style-name"); r.hiddenPages[s] {
			name, _ := e.Attr(nsDraw, "name")
			r.report(e, "hidden slide", name, scrub.KindHidden, scrub.LabelHiddenSlide)
		}
	case "layer":
		if d, _ := e.Attr(nsDraw, "display"); d == "none" {
			name, _ := e.Attr(nsDraw, "name")
			r.report(e, "hidden layer", name, scrub.KindHidden, scrub.LabelHiddenObject)
		}
	case "a":
		if href, _ := e.Attr(nsXLink, "href"); isScriptURL(href) {
			return r.macroDecision(e, xmlclean.Unwrap, "link that runs a macro", href)
		}
	}
	return keep
}

// markFormula notes, on the frame of a flat document's embedded object,
// that the object is a formula (a MathML root, or a nested document of the
// formula type): its preview stays (see keepsPreview).
func (r *rules) markFormula(e *xmlclean.Element) {
	obj := e.Parent
	if obj == nil || !obj.Is(nsDraw, "object") {
		return
	}
	if e.Is(nsOffice, "document") {
		if mt, _ := e.Attr(nsOffice, "mimetype"); !isFormulaType(mt) {
			return
		}
	}
	if f := stateOf(obj.Parent); f != nil && f.role == roleFrame {
		f.formula = true
	}
}

func (r *rules) presentation(e *xmlclean.Element) xmlclean.Decision {
	switch e.Name.Local {
	case "notes":
		// Only a slide's notes: the notes master's are placeholders.
		if e.Parent != nil && e.Parent.Is(nsDraw, "page") {
			e.Data = &elemState{role: roleNotes, c: r.push(maxValue)}
		}
	case "event-listener":
		if href, _ := e.Attr(nsXLink, "href"); isScriptURL(href) {
			return r.macro(e, "macro binding", href)
		}
	}
	return keep
}

func (r *rules) style(e *xmlclean.Element) {
	styleName := func() string {
		if p := e.Parent; p != nil && p.Is(nsStyle, "style") {
			n, _ := p.Attr(nsStyle, "name")
			return n
		}
		return ""
	}
	switch e.Name.Local {
	case "drawing-page-properties":
		if v, _ := e.Attr(nsPres, "visibility"); v == "hidden" {
			r.hiddenPages[styleName()] = true
		}
	case "text-properties":
		if v, _ := e.Attr(nsText, "display"); v == "none" || v == "condition" {
			r.report(e, "hidden text formatting", "style "+styleName(), scrub.KindHidden, scrub.LabelHiddenText)
		}
	}
}

// binary handles office:binary-data, a file stored as base64 (images in
// flat documents).
func (r *rules) binary(e *xmlclean.Element) xmlclean.Decision {
	idx := r.nbin
	r.nbin++
	if r.mode == modeClean {
		if idx < len(r.blobs) {
			b := r.blobs[idx]
			if b.drop {
				if p := stateOf(e.Parent); p != nil && p.role == roleInline {
					e.Parent.Decide(xmlclean.Decision{Action: xmlclean.Remove})
				}
				return keep
			}
			if b.replacement != nil {
				return xmlclean.Decision{Action: xmlclean.SetText, Text: *b.replacement}
			}
		}
		return keep
	}
	c := r.push(int(min(r.env.Limits.MaxMemberSize, 1<<40)))
	c.blob = true
	e.Data = &elemState{role: roleBinary, c: c, idx: idx}
	return keep
}

func (r *rules) endBinary(e *xmlclean.Element, st *elemState) {
	for len(r.blobs) <= st.idx {
		r.blobs = append(r.blobs, blob{})
	}
	if r.removed() {
		return // the content around it goes
	}
	if st.c.over {
		r.fail(scrub.OverLimit(r.format, scrub.LimitMemberSize, fmt.Sprintf("an embedded file is over the limit of %d MiB", r.env.Limits.MaxMemberSize>>20)))
		return
	}
	data, err := base64.StdEncoding.DecodeString(string(bytes.Join(bytes.Fields(st.c.b), nil)))
	st.c.b = nil
	if err != nil {
		r.fail(scrub.Malformed(r.format, err, "%s: an embedded file is not valid base64", r.f.Where))
		return
	}
	if err := r.env.Consume(int64(len(data))); err != nil {
		r.fail(err)
		return
	}
	where := fmt.Sprintf("%s, embedded file %d", r.f.Where, st.idx+1)
	class, why, err := classify(r.env, r.format, where, data)
	if err != nil {
		r.fail(err)
		return
	}
	inline := stateOf(e.Parent)
	if inline != nil && inline.role != roleInline {
		inline = nil
	}
	switch {
	case inline != nil && inline.preview && class != embedClean:
		r.blobs[st.idx].drop = true
		if why == "" {
			why = "a picture scrub cannot look inside"
		}
		e.Parent.Decide(xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindHidden, Label: scrub.LabelThumbnail, Field: "preview of an embedded object",
			Value: why + "; LibreOffice redraws it from the object"})
	case class == embedDrop && inline != nil:
		r.blobs[st.idx].drop = true
		f := droppedFinding(where, why)
		e.Parent.Decide(xmlclean.Decision{Action: xmlclean.Remove, Kind: f.Kind, Label: f.Label, Field: f.Field, Value: f.Value})
	case class == embedDrop:
		r.fail(scrub.Unsupported(r.format, where+" is a file scrub cannot clean ("+why+"), stored where it cannot be left out", ""))
	case class == embedKeep:
	case class == embedEMF && r.mode == modeInspect:
		if f, ok := emfFinding(where, data); ok {
			r.fs.Add(f)
		}
	case class == embedEMF:
		if b := metafile.BlankEMF(data); b != nil {
			s := base64.StdEncoding.EncodeToString(b)
			r.blobs[st.idx].replacement = &s
		}
	case r.mode == modeInspect:
		fs, err := r.env.InspectEmbedded(r.ctx, where, bytes.NewReader(data), int64(len(data)))
		if err != nil {
			r.fail(err)
			return
		}
		r.fs.AddAll(fs)
	default:
		var out bytes.Buffer
		ws, err := r.env.CleanEmbedded(r.ctx, where, bytes.NewReader(data), int64(len(data)), &out)
		if err != nil {
			r.fail(err)
			return
		}
		r.warnings = append(r.warnings, ws...)
		s := base64.StdEncoding.EncodeToString(out.Bytes())
		r.blobs[st.idx].replacement = &s
	}
}

func (r *rules) text(e *xmlclean.Element, b []byte) {
	if len(r.collect) == 0 {
		return
	}
	if st := stateOf(e); st != nil && st.role == roleBinary {
		st.c.add(b)
		return
	}
	for _, c := range r.collect {
		if !c.blob {
			c.add(b)
		}
	}
}

func (r *rules) end(e *xmlclean.Element) {
	st := stateOf(e)
	if st == nil {
		return
	}
	if st.c != nil {
		r.pop(st.c)
	}
	switch st.role {
	case roleTracked:
		r.tc--
		v := fmt.Sprintf("%d changes", st.n)
		switch {
		case st.n == 1:
			v = "1 change"
		case st.n == 0 && st.recording:
			v = "change recording on"
		case st.n == 0:
			v = "empty change log"
		}
		e.Decide(xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindEditHistory, Label: scrub.LabelTrackedChange, Field: "tracked changes", Value: v})
	case roleDeleted:
		// Quoted: the deleted words are shown as a quotation, and the
		// residue check looks for the quotation, not for each common
		// word that may also be a style's or a font's name.
		v := st.c.text()
		if v != "" {
			v = "“" + v + "”"
		}
		e.Decide(xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindEditHistory, Label: scrub.LabelTrackedChange, Field: st.field, Value: v})
	case roleAnnotation:
		r.anno--
		v := st.c.text()
		if v == "" {
			v = "(empty comment)"
		}
		e.Decide(xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindComment, Label: scrub.LabelComment, Field: "comment", Value: v})
	case roleUserDefined:
		v := st.name
		if t := st.c.text(); t != "" {
			v += ": " + t
		}
		e.Decide(xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindOther, Label: scrub.LabelCustom, Field: e.QName(), Value: v})
	case roleConfig:
		r.endConfig(e, st)
	case roleField:
		r.report(e, st.field, st.c.text(), st.kind, st.label)
	case roleSection:
		v := "section " + st.name
		if t := st.c.text(); t != "" {
			v += ": " + t
		}
		r.report(e, "hidden section", v, scrub.KindHidden, scrub.LabelHiddenText)
	case roleNotes:
		if t := st.c.text(); t != "" {
			r.report(e, "speaker notes", t, scrub.KindHidden, scrub.LabelSpeakerNotes)
		}
	case roleAltText:
		// Alt text (svg:title, svg:desc) is the author's and stays; a
		// path there is what a program wrote when the picture was
		// inserted.
		if t := st.c.text(); ident.ContainsLocalPath(t) {
			e.Decide(xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindPath, Label: scrub.LabelFilePath, Field: e.QName(), Value: t})
		}
	case roleBinary:
		if r.mode != modeClean {
			r.endBinary(e, st)
		}
	case roleFlatSection:
		r.f.Where = st.where
	}
}

// resolve turns a package reference ("./ObjectReplacements/Object 1") into
// a member name.
func (r *rules) resolve(href string) string {
	if u, err := url.PathUnescape(href); err == nil {
		href = u
	}
	return r.root + strings.TrimPrefix(href, "./")
}

// externalFile reports whether an xlink:href points at a file outside
// the document on a local disk or network share (relative paths included:
// they name folders and files next to the document).
func (r *rules) externalFile(href string) bool {
	switch {
	case href == "" || href[0] == '#':
		return false
	case ident.LocalPath(href):
		return true
	case ident.Scheme(href) != "":
		return false // web and mail links, package URLs: visible content
	case strings.HasPrefix(href, "/"), strings.HasPrefix(href, "../"), strings.HasPrefix(href, "./../"):
		return true
	case r.members == nil:
		return true // a flat document has no members
	}
	p := r.resolve(href)
	if i := strings.IndexAny(p, "#?"); i >= 0 && !r.members[p] {
		p = p[:i]
	}
	return !r.members[p] && !r.members[strings.TrimSuffix(p, "/")+"/"]
}

// isScriptURL reports whether a link runs a macro.
func isScriptURL(href string) bool {
	h := strings.ToLower(href)
	return strings.HasPrefix(h, "vnd.sun.star.script:") || strings.HasPrefix(h, "macro:")
}

// shownFields collects, from the XML of a document's content and styles,
// the names of the user fields and variables that the reader sees (a
// visible field shows them) or that decide what the reader sees (a
// condition or a formula names them).
type shownFields struct {
	names map[string]bool
	all   []string // every field and variable name set or declared
	exprs strings.Builder
}

func newShownFields() *shownFields { return &shownFields{names: map[string]bool{}} }

// add scans one XML part; a part that does not parse adds nothing (the
// rules refuse it later).
func (sf *shownFields) add(src io.Reader) {
	f := &xmlclean.Filter{Start: func(e *xmlclean.Element) xmlclean.Decision {
		if e.Name.Space == nsText {
			n, _ := e.Attr(nsText, "name")
			switch l := e.Name.Local; {
			case fieldGetters[l] || fieldSetters[l]:
				if d, _ := e.Attr(nsText, "display"); d != "none" {
					sf.names[n] = true
				}
				if fieldSetters[l] {
					sf.all = append(sf.all, n)
				}
			case l == "user-field-decl":
				sf.all = append(sf.all, n)
			}
		}
		for i := range e.Attrs {
			if l := e.Attrs[i].Name.Local; l == "condition" || l == "formula" {
				sf.exprs.WriteString(e.Attrs[i].Value)
				sf.exprs.WriteByte('\n')
			}
		}
		return xmlclean.Decision{}
	}}
	_ = f.Inspect(src, nil)
}

// shown returns the names a visible field shows or a condition or a
// formula names.
func (sf *shownFields) shown() map[string]bool {
	exprs := sf.exprs.String()
	for _, n := range sf.all {
		if n != "" && strings.Contains(exprs, n) {
			sf.names[n] = true
		}
	}
	return sf.names
}

// mayHideFields reports whether XML may hold hidden fields or field
// declarations (only then is it worth scanning with shownFields).
func mayHideFields(data []byte) bool {
	return bytes.Contains(data, []byte(`display="none"`)) || bytes.Contains(data, []byte("user-field-decl"))
}
