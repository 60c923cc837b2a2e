package ooxml

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/ident"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// Fields of the tracked-change findings (Clean warns when it accepted
// any).
const (
	fieldDeletion = "tracked deletion (author: deleted text)"
	fieldChange   = "tracked change (author)"
)

func tracked(action xmlclean.Action, field, author string, withText bool) xmlclean.Decision {
	return xmlclean.Decision{Action: action, Kind: scrub.KindEditHistory, Label: scrub.LabelTrackedChange, Field: field, Value: author, AppendText: withText}
}

func (r *rules) word(e *xmlclean.Element) xmlclean.Decision {
	sp := e.Name.Space
	author, _ := e.Attr(sp, "author")
	switch e.Name.Local {
	case "del", "moveFrom":
		return tracked(xmlclean.Remove, fieldDeletion, author, true)
	case "ins", "moveTo":
		return tracked(xmlclean.Unwrap, fieldChange, author, false)
	case "moveFromRangeStart", "moveToRangeStart",
		"customXmlInsRangeStart", "customXmlDelRangeStart", "customXmlMoveFromRangeStart", "customXmlMoveToRangeStart",
		"cellIns", "cellDel", "cellMerge",
		"rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "tblGridChange",
		"tcPrChange", "trPrChange", "numberingChange":
		return tracked(xmlclean.Remove, fieldChange, author, false)
	case "moveFromRangeEnd", "moveToRangeEnd", "customXmlInsRangeEnd", "customXmlDelRangeEnd",
		"customXmlMoveFromRangeEnd", "customXmlMoveToRangeEnd":
		return silent // the start of the range is reported
	case "delText", "delInstrText":
		return tracked(xmlclean.Remove, fieldDeletion, "", false)
	case "commentRangeStart", "commentRangeEnd", "commentReference":
		return silent
	case "rsids":
		return drop(scrub.KindEditHistory, scrub.LabelEditSession, "w:rsids (edit session ids)", "")
	case "rsid", "rsidRoot":
		v, _ := e.Attr(sp, "val")
		d := drop(scrub.KindEditHistory, scrub.LabelEditSession, "", v)
		d.Minor = zeroID(v)
		return d
	case "nsid", "tmpl":
		// A list's random id and its template code: optional, and the
		// same in every draft of the document.
		v, _ := e.Attr(sp, "val")
		d := drop(scrub.KindEditHistory, scrub.LabelDocumentID, "", v)
		d.Minor = zeroID(v)
		return d
	case "guid":
		if e.Parent != nil && e.Parent.Name.Local == "docPartPr" {
			v, _ := e.Attr(sp, "val")
			return drop(scrub.KindEditHistory, scrub.LabelDocumentID, "building block id", v)
		}
	case "id":
		if e.Parent != nil && e.Parent.Name.Local == "sdtPr" {
			// A content control's random number: optional.
			v, _ := e.Attr(sp, "val")
			return drop(scrub.KindEditHistory, scrub.LabelDocumentID, "content control id", v)
		}
	case "docVars":
		e.Data = &container{dropAll: &dropAll{kind: scrub.KindOther, label: scrub.LabelCustom, field: "document variables", value: func(e *xmlclean.Element) string {
			n, _ := e.Attr(e.Name.Space, "name")
			v, _ := e.Attr(e.Name.Space, "val")
			return n + " = " + v
		}}}
		return xmlclean.Decision{Action: xmlclean.Defer}
	case "mailMerge":
		e.Data = &container{dropAll: &dropAll{kind: scrub.KindPath, label: scrub.LabelFilePath, field: "mail merge settings (data source, query)", value: func(e *xmlclean.Element) string {
			v, _ := e.Attr(e.Name.Space, "val")
			return v
		}}}
		return xmlclean.Decision{Action: xmlclean.Defer}
	case "attachedTemplate":
		return silent // its relationship goes, with a finding
	case "dataBinding":
		return silent // binds to removed custom XML; the content stays
	case "smartTag", "customXml":
		return xmlclean.Decision{Action: xmlclean.Unwrap} // the text stays; the tag's data goes with its properties
	case "smartTagPr", "customXmlPr":
		return drop(scrub.KindOther, scrub.LabelMetadata, "smart tag or custom XML data", attrValues(e))
	case "permStart":
		return r.permStart(e)
	case "permEnd":
		if id, _ := e.Attr(sp, "id"); r.permGone[id] {
			return silent
		}
	case "vanish", "specVanish":
		if v, ok := e.Attr(sp, "val"); ok && (v == "0" || v == "false" || v == "off") {
			return keep
		}
		if r.kind == kindWordBody || r.kind == kindWordGlossary {
			if rpr := e.Parent; rpr != nil && rpr.Name.Local == "rPr" {
				if run := rpr.Parent; run != nil && isW(run.Name.Space) && run.Name.Local == "r" {
					run.Data = hiddenRun
					r.hiddenRuns++
				}
			}
		}
	case "instrText":
		r.instr.Reset()
	case "fldSimple":
		if v, ok := e.Attr(sp, "instr"); ok {
			r.fieldCode(v)
		}
	case "name":
		if r.kind == kindWordGlossary && e.Parent != nil && e.Parent.Name.Local == "docPartPr" && len(r.glossNames) < 10 {
			if v, ok := e.Attr(sp, "val"); ok {
				r.glossNames = append(r.glossNames, v)
			}
		}
	}
	return keep
}

// permStart handles the start of a range that Restrict Editing lets some
// people edit: w:ed names one person's account (DOMAIN\user or an
// e-mail address), w:edGrp a group everyone has (everyone, editors…). The
// account goes; a range left for no one goes with its end.
func (r *rules) permStart(e *xmlclean.Element) xmlclean.Decision {
	sp := e.Name.Space
	ed, hasEd := e.Attr(sp, "ed")
	if !hasEd || r.p.without == ruleAccounts {
		return keep
	}
	if _, grp := e.Attr(sp, "edGrp"); grp {
		for i := range e.Attrs {
			if e.Attrs[i].Name.Space == sp && e.Attrs[i].Name.Local == "ed" {
				e.DropAttr(i, xmlclean.Note{Kind: scrub.KindAccount, Label: scrub.LabelAccount, Field: "editor of a protected range (w:ed)"})
			}
		}
		return keep
	}
	id, _ := e.Attr(sp, "id")
	r.permGone[id] = true
	return drop(scrub.KindAccount, scrub.LabelAccount, "editor of a protected range (w:ed)", ed)
}

// attrValues lists an element's attribute values, for a finding.
func attrValues(e *xmlclean.Element) string {
	var vs []string
	for i := range e.Attrs {
		if !e.Attrs[i].IsNamespace() && e.Attrs[i].Value != "" {
			vs = append(vs, e.Attrs[i].Value)
		}
	}
	return strings.Join(vs, " ")
}

func (r *rules) excel(e *xmlclean.Element) xmlclean.Decision {
	switch e.Name.Local {
	case "fileVersion":
		for i := range e.Attrs {
			switch e.Attrs[i].Name.Local {
			case "lastEdited", "lowestEdited", "rupBuild":
				e.DropAttr(i, xmlclean.Note{Kind: scrub.KindSoftware, Label: scrub.LabelSoftware, Minor: true})
			case "codeName":
				e.DropAttr(i, note(scrub.KindEditHistory, scrub.LabelDocumentID))
			}
		}
	case "fileSharing":
		for i := range e.Attrs {
			if e.Attrs[i].Name.Local == "userName" && e.Attrs[i].Name.Space == "" {
				e.DropAttr(i, note(scrub.KindPerson, scrub.LabelPerson))
			}
		}
	case "pivotCacheDefinition":
		for i := range e.Attrs {
			switch e.Attrs[i].Name.Local {
			case "refreshedBy":
				e.DropAttr(i, note(scrub.KindPerson, scrub.LabelLastEditor))
			case "refreshedDate", "refreshedDateIso":
				e.DropAttr(i, note(scrub.KindTime, scrub.LabelModified))
			}
		}
	case "customWorkbookViews":
		// Custom views; Excel names one "<user> - Personal View" for
		// every user of a shared workbook. Views, not content: they go.
		e.Data = &container{dropAll: &dropAll{kind: scrub.KindPerson, label: scrub.LabelPerson, field: "custom view (its name names the user)", value: func(e *xmlclean.Element) string {
			n, _ := e.Attr("", "name")
			return n
		}}}
		return xmlclean.Decision{Action: xmlclean.Defer}
	case "customSheetViews":
		return drop(scrub.KindOther, scrub.LabelSettings, "custom views of the sheet", "")
	case "sheet":
		if st, _ := e.Attr("", "state"); (st == "hidden" || st == "veryHidden") && !r.worksheetRef(e) {
			// A hidden worksheet is reported by its own rules, with
			// what it holds (sheethidden.go); a chart sheet here.
			name, _ := e.Attr("", "name")
			field := "hidden sheet"
			if st == "veryHidden" {
				field = "very hidden sheet (not listed by Excel's Unhide)"
			}
			r.report(field, name, scrub.KindHidden, scrub.LabelHiddenSheet)
		}
	case "connection", "textPr", "webPr":
		for _, k := range []string{"odcFile", "sourceFile", "url"} {
			if v, ok := e.Attr("", k); ok && v != "" && !ident.LocalPath(v) {
				r.report("data connection ("+k+")", v, scrub.KindPath, scrub.LabelLink)
			}
		}
	case "dbPr", "olapPr":
		r.connectionString(e)
	case "ext":
		return r.extension(e)
	}
	return keep
}

// worksheetRef reports whether a workbook's sheet element refers to a
// worksheet part.
func (r *rules) worksheetRef(e *xmlclean.Element) bool {
	for i := range e.Attrs {
		if isR(e.Attrs[i].Name.Space) && e.Attrs[i].Name.Local == "id" {
			if rl := r.relByID(e.Attrs[i].Value); rl != nil && rl.to != nil && !rl.to.removed {
				return r.p.kindOf(rl.to) == kindSheet
			}
		}
	}
	return false
}

// userID finds an account in a connection string ("User ID=jane;").
var userID = regexp.MustCompile(`(?i)(user ?id|uid|user ?name|user)\s*=\s*[^;"]+`)

// connectionString blanks a data connection's string or command when it
// names a local path, an account or an e-mail address (the data the query
// fetched stays in the sheet; refreshing it needs the connection set up
// again), and reports it otherwise.
func (r *rules) connectionString(e *xmlclean.Element) {
	for i := range e.Attrs {
		a := &e.Attrs[i]
		if a.Name.Space != "" || (a.Name.Local != "connection" && a.Name.Local != "command") || a.Value == "" {
			continue
		}
		if ident.Identifying(a.Value) || userID.MatchString(a.Value) {
			e.ReplaceAttr(i, "", note(scrub.KindAccount, scrub.LabelAccount))
			continue
		}
		r.report("data connection ("+a.Name.Local+")", a.Value, scrub.KindPath, scrub.LabelLink)
	}
}

func (r *rules) powerpoint(e *xmlclean.Element) xmlclean.Decision {
	switch e.Name.Local {
	case "sld":
		if e.Depth == 1 {
			if v, _ := e.Attr("", "show"); v == "0" || v == "false" {
				r.report("hidden slide", r.pt.name, scrub.KindHidden, scrub.LabelHiddenSlide)
			}
		}
	case "sldLayout", "cSld":
		// Layout names are shown in PowerPoint's layout gallery; a
		// name made from a template's file name goes.
		for i := range e.Attrs {
			if a := &e.Attrs[i]; a.Name.Space == "" && (a.Name.Local == "name" || a.Name.Local == "matchingName") && templateName(a.Value) {
				e.ReplaceAttr(i, "Layout", note(scrub.KindPath, scrub.LabelTemplate))
			}
		}
	case "sp", "pic", "grpSp", "cxnSp", "graphicFrame":
		if r.kind == kindSlideMaster && e.Parent != nil && e.Parent.Name.Local == "spTree" {
			e.Data = &hiddenShape{}
			return xmlclean.Decision{Action: xmlclean.Defer}
		}
	case "cNvPr":
		if sh := r.shape(e); sh != nil {
			if h, _ := e.Attr("", "hidden"); h == "1" || h == "true" {
				sh.hidden = true
			}
			sh.text.WriteString(" " + firstAttr(e, "name") + " " + firstAttr(e, "descr") + " " + firstAttr(e, "title"))
		}
	case "ext":
		return r.extension(e)
	}
	return keep
}

// templateFile matches a name made from an Office template's or
// document's file name.
var templateFile = regexp.MustCompile(`(?i)\.(potx|potm|pot|pptx|pptm|ppt|thmx|dotx|dotm|dot|docx|xltx|xltm|xlt)\b`)

func templateName(v string) bool { return templateFile.MatchString(v) || ident.ContainsLocalPath(v) }

// hiddenShape is a top-level shape of a slide master or layout, whose
// decision waits for its end: a hidden shape there is shown on no slide,
// and one that holds a path, an address or an account is what a template
// add-in wrote (the template's location, its user); it goes.
type hiddenShape struct {
	hidden  bool
	removed bool
	text    strings.Builder
}

// shape returns the master shape e lies in, if any.
func (r *rules) shape(e *xmlclean.Element) *hiddenShape {
	if r.kind != kindSlideMaster {
		return nil
	}
	for x := e; x != nil; x = x.Parent {
		if sh, ok := x.Data.(*hiddenShape); ok {
			return sh
		}
	}
	return nil
}

func (r *rules) endShape(e *xmlclean.Element, sh *hiddenShape) {
	if !sh.hidden {
		return
	}
	t := strings.Join(strings.Fields(sh.text.String()), " ")
	if _, _, ok := identifying(t); ok || templateName(t) {
		sh.removed = true
		e.Decide(xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindPath, Label: scrub.LabelHiddenObject,
			Field: "hidden shape on a slide master or layout", Value: t})
	}
	// Other hidden shapes are reported by the hidden-content rules
	// (slidehidden.go), which remove them under Policy.RemoveHidden.
}

func (r *rules) drawing(e *xmlclean.Element) xmlclean.Decision {
	switch e.Name.Local {
	case "fld":
		r.inField++
		r.renumber(e, "id")
	case "ext":
		return r.extension(e)
	case "theme", "clrScheme", "fontScheme", "fmtScheme":
		// Theme and scheme names are often the organisation's
		// template ("Brand Acme 2019"); stock names reveal nothing.
		for i := range e.Attrs {
			a := &e.Attrs[i]
			if a.Name != (xmlclean.Name{Local: "name"}) || isStockTheme(a.Value) {
				continue
			}
			if e.Name.Local == "theme" {
				e.DropAttr(i, note(scrub.KindOther, scrub.LabelTemplate)) // optional
			} else {
				e.ReplaceAttr(i, "Custom", note(scrub.KindOther, scrub.LabelTemplate)) // required
			}
		}
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

// guids renumbers the per-object GUIDs the format needs (they tie
// elements together: a field's id, a SmartArt point and the connections
// and drawing that refer to it, a conditional format and its extension)
// but that tie the copy to its drafts: each distinct GUID of the package
// becomes {00000000-0000-4000-8000-00000000000N}, numbered in the order
// the rules first meet it (parts in name order), so the same input always
// gives the same output and references stay consistent across parts.
type guids struct {
	m map[string]string
}

func newGUIDs() *guids { return &guids{m: map[string]string{}} }

// isGUID reports whether v is a braced GUID.
func isGUID(v string) bool {
	if len(v) != 38 || v[0] != '{' || v[37] != '}' {
		return false
	}
	for i := 1; i < 37; i++ {
		c := v[i]
		switch i {
		case 9, 14, 19, 24:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f') {
				return false
			}
		}
	}
	return true
}

// renumbered reports whether v is a GUID this package gave.
func renumbered(v string) bool {
	return strings.HasPrefix(v, "{00000000-0000-4000-8000-") && isGUID(v)
}

func (g *guids) of(v string) string {
	if n, ok := g.m[strings.ToUpper(v)]; ok {
		return n
	}
	n := fmt.Sprintf("{00000000-0000-4000-8000-%012X}", len(g.m)+1)
	g.m[strings.ToUpper(v)] = n
	return n
}

// renumber gives the GUIDs in e's (unqualified) attributes locals their
// new numbers.
func (r *rules) renumber(e *xmlclean.Element, locals ...string) {
	for i := range e.Attrs {
		a := &e.Attrs[i]
		if a.Name.Space != "" || !isGUID(a.Value) || renumbered(a.Value) || a.Value == nullGUID {
			continue
		}
		for _, l := range locals {
			if a.Name.Local == l {
				e.ReplaceAttr(i, r.p.guids.of(a.Value), xmlclean.Note{Kind: scrub.KindEditHistory, Label: scrub.LabelDocumentID,
					Field: e.QName() + " " + l + " (object id, renumbered)"})
			}
		}
	}
}

// renumberText gives the GUID that is e's text (x14:id: the link between
// a conditional format and its extension) its new number. Its text is
// known only after the decision, so the first pass (analyze, which runs
// before every rewrite) defers the element, reads the text and notes the
// new number; the writing pass replaces the n-th such text of the part by
// the n-th number noted.
func (r *rules) renumberText(e *xmlclean.Element) xmlclean.Decision {
	if !r.writing {
		e.Data = &guidText{}
		return xmlclean.Decision{Action: xmlclean.Defer}
	}
	n := r.guidTexts
	r.guidTexts++
	if n < len(r.pt.guidTexts) && r.pt.guidTexts[n] != "" {
		return xmlclean.Decision{Action: xmlclean.SetText, Text: r.pt.guidTexts[n], Kind: scrub.KindEditHistory,
			Label: scrub.LabelDocumentID, Field: e.QName() + " (object id, renumbered)"}
	}
	return keep
}

type guidText struct{ b strings.Builder }

func (r *rules) endGUIDText(e *xmlclean.Element, g *guidText) {
	v := strings.TrimSpace(g.b.String())
	n := ""
	if isGUID(v) && !renumbered(v) && v != nullGUID {
		n = r.p.guids.of(v)
		if r.fs != nil {
			r.fs.Add(scrub.Finding{Where: r.pt.name, Field: e.QName() + " (object id, renumbered)", Value: v,
				Kind: scrub.KindEditHistory, Action: scrub.Remove, Label: scrub.LabelDocumentID})
		}
	}
	r.pt.guidTexts = append(r.pt.guidTexts, n)
}

const nullGUID = "{00000000-0000-0000-0000-000000000000}"
