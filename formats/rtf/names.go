package rtf

import "github.com/scrub-project/scrub/scrub"

// A destination scrub removes, and what its finding says.
type dropped struct {
	field string
	kind  scrub.Kind
	label scrub.Label
	minor bool
	where string
}

// droppedDests are the destinations removed with everything in them.
// Those marked \* in a document are also removed when unknown (that is
// what \* means: a reader that does not know the destination skips it);
// these are named here so that the finding says what they were.
var droppedDests = map[string]dropped{
	"info":               {"document properties", scrub.KindOther, scrub.LabelMetadata, false, whereInfo},
	"generator":          {"generator", scrub.KindSoftware, scrub.LabelSoftware, false, whereDoc},
	"rsidtbl":            {"edit-session id table", scrub.KindEditHistory, scrub.LabelEditSession, false, whereDoc},
	"revtbl":             {"revision authors", scrub.KindEditHistory, scrub.LabelRevisionAuthor, false, whereDoc},
	"userprops":          {"custom properties", scrub.KindOther, scrub.LabelCustom, false, whereDoc},
	"docvar":             {"document variable", scrub.KindOther, scrub.LabelCustom, false, whereDoc},
	"xmlnstbl":           {"custom XML namespaces", scrub.KindOther, scrub.LabelMetadata, true, whereDoc},
	"datastore":          {"custom XML data", scrub.KindOther, scrub.LabelPrivateData, false, whereDoc},
	"themedata":          {"theme", scrub.KindOther, scrub.LabelSettings, true, whereDoc},
	"colorschememapping": {"colour scheme mapping", scrub.KindOther, scrub.LabelSettings, true, whereDoc},
	"passwordhash":       {"editing password hash", scrub.KindOther, scrub.LabelPrivateData, false, whereDoc},
	"password":           {"editing password hash", scrub.KindOther, scrub.LabelPrivateData, false, whereDoc},
	"protusertbl":        {"users allowed to edit", scrub.KindPerson, scrub.LabelPerson, false, whereDoc},
	"template":           {"template", scrub.KindPath, scrub.LabelTemplate, false, whereDoc},
	"wgrffmtfilter":      {"style filter setting", scrub.KindOther, scrub.LabelSettings, true, whereDoc},
	"fontfile":           {"font file", scrub.KindPath, scrub.LabelFilePath, false, whereDoc},
	"fontemb":            {"embedded font", scrub.KindAttachment, scrub.LabelAttachment, false, whereDoc},
	"blipuid":            {"picture id", scrub.KindOther, scrub.LabelDocumentID, true, whereDoc},
	"oldcprops":          {"formatting before a tracked change", scrub.KindEditHistory, scrub.LabelTrackedChange, false, whereDoc},
	"oldpprops":          {"formatting before a tracked change", scrub.KindEditHistory, scrub.LabelTrackedChange, false, whereDoc},
	"oldsprops":          {"formatting before a tracked change", scrub.KindEditHistory, scrub.LabelTrackedChange, false, whereDoc},
	"oldtprops":          {"formatting before a tracked change", scrub.KindEditHistory, scrub.LabelTrackedChange, false, whereDoc},
	"annotation":         {"comment", scrub.KindComment, scrub.LabelComment, false, whereComments},
	"atnid":              {"comment author's initials", scrub.KindPerson, scrub.LabelCommentAuthor, false, whereComments},
	"atnauthor":          {"comment author", scrub.KindPerson, scrub.LabelCommentAuthor, false, whereComments},
	"atndate":            {"comment date", scrub.KindTime, scrub.LabelDate, true, whereComments},
	"atntime":            {"comment date", scrub.KindTime, scrub.LabelDate, true, whereComments},
	"atnref":             {"comment reference", scrub.KindComment, scrub.LabelComment, true, whereComments},
	"atnparent":          {"comment reference", scrub.KindComment, scrub.LabelComment, true, whereComments},
	"atnicn":             {"comment icon", scrub.KindComment, scrub.LabelComment, true, whereComments},
	"atrfstart":          {"comment range", scrub.KindComment, scrub.LabelComment, true, whereComments},
	"atrfend":            {"comment range", scrub.KindComment, scrub.LabelComment, true, whereComments},
	"ffentrymcr":         {"form field macro", scrub.KindAttachment, scrub.LabelMacros, false, whereDoc},
	"ffexitmcr":          {"form field macro", scrub.KindAttachment, scrub.LabelMacros, false, whereDoc},
	"datafield":          {"form field data", scrub.KindOther, scrub.LabelPrivateData, true, whereDoc},
	"hl":                 {"old-style hyperlink", scrub.KindPath, scrub.LabelLink, false, whereDoc},
	"htmltag":            {"encapsulated HTML", scrub.KindOther, scrub.LabelHiddenData, false, whereDoc},
	"mhtmltag":           {"encapsulated HTML", scrub.KindOther, scrub.LabelHiddenData, false, whereDoc},
	"mailmerge":          {"mail merge data source", scrub.KindPath, scrub.LabelFilePath, false, whereDoc},
	"objdata":            {"embedded object data", scrub.KindAttachment, scrub.LabelEmbeddedObject, true, whereDoc},
	"objclass":           {"embedded object class", scrub.KindAttachment, scrub.LabelEmbeddedObject, true, whereDoc},
	"objname":            {"embedded object name", scrub.KindAttachment, scrub.LabelEmbeddedObject, true, whereDoc},
	"svb":                {"shape property data", scrub.KindOther, scrub.LabelPrivateData, true, whereDoc},
}

// keptStars are the \* destinations that stay: what a reader needs to
// lay the document out (lists, styles, pictures, fields, footnote
// separators, math, Unicode text), and bookmarks (reported).
var keptStars = map[string]bool{
	"listtable": true, "listoverridetable": true, "listpicture": true, "pgptbl": true, "pgdsctbl": true,
	"shppict": true, "shpinst": true, "picprop": true, "shprslt": true, "shptxt": true,
	"bkmkstart": true, "bkmkend": true,
	"fldinst": true, "formfield": true, "ffname": true, "ffdeftext": true, "ffformat": true, "ffhelptext": true,
	"ffstattext": true, "ffl": true,
	"ud": true, "moMath": true, "moMathPara": true, "mmathPr": true,
	"panose": true, "falt": true, "fname": true, "cs": true, "ts": true, "defchp": true, "defpap": true,
	"ftnsep": true, "ftnsepc": true, "ftncn": true, "aftnsep": true, "aftnsepc": true, "aftncn": true,
	"pnseclvl": true, "pn": true, "pntxta": true, "pntxtb": true,
	"background": true, "latentstyles": true, "lsdlockedexcept": true,
	"nesttableprops": true, "nonesttables": true, "fchars": true, "lchars": true, "keycode": true,
	"tc": true, "tcn": true, "xe": true, "txe": true, "pgp": true, "ipgp": true,
	"listtext": true, "pntext": true, "gridtbl": true, "bkmkcolf": true, "bkmkcoll": true,
	"footnote": true, "header": true, "footer": true, "headerl": true, "headerr": true, "headerf": true,
	"footerl": true, "footerr": true, "footerf": true,
	"shpgrp": true, "shp": true, "sp": true, "sn": true, "sv": true,
}

// hiddenDests are destinations whose text a reader does not see.
var hiddenDests = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "listtable": true, "listoverridetable": true,
	"pict": true, "object": true, "sn": true, "sv": true, "sp": true, "pgptbl": true, "pgdsctbl": true,
	"latentstyles": true, "fldinst": true, "bkmkstart": true, "bkmkend": true, "panose": true,
	"falt": true, "fname": true, "ffname": true, "ffdeftext": true, "ffformat": true, "ffhelptext": true,
	"ffstattext": true, "ffl": true, "xe": true, "tc": true, "tcn": true, "txe": true, "keycode": true,
	"fchars": true, "lchars": true, "ud": true, "defchp": true, "defpap": true,
	"cs": true, "ts": true, "ftnsep": true, "ftnsepc": true, "ftncn": true, "aftnsep": true,
	"aftnsepc": true, "aftncn": true, "pn": true, "pntxta": true, "pntxtb": true, "pnseclvl": true,
	"mmathPr": true, "file": true, "filetbl": true, "rsidtbl": true, "info": true,
}

// droppedWords are control words removed wherever they are: edit-session
// ids, revision marks and their authors and dates, and the properties
// \info holds when they stray outside it.
var droppedWords = map[string]dropped{
	"revised":    {"tracked insertion", scrub.KindEditHistory, scrub.LabelTrackedChange, false, whereDoc},
	"deleted":    {"", "", "", false, ""}, // its text goes; the finding is the text
	"revauth":    {"revision author", scrub.KindEditHistory, scrub.LabelRevisionAuthor, true, whereDoc},
	"revauthdel": {"revision author", scrub.KindEditHistory, scrub.LabelRevisionAuthor, true, whereDoc},
	"revdttm":    {"revision time", scrub.KindTime, scrub.LabelDate, true, whereDoc},
	"revdttmdel": {"revision time", scrub.KindTime, scrub.LabelDate, true, whereDoc},
	"crauth":     {"revision author", scrub.KindEditHistory, scrub.LabelRevisionAuthor, true, whereDoc},
	"crdate":     {"revision time", scrub.KindTime, scrub.LabelDate, true, whereDoc},
	"pnrauth":    {"revision author", scrub.KindEditHistory, scrub.LabelRevisionAuthor, true, whereDoc},
	"pnrdate":    {"revision time", scrub.KindTime, scrub.LabelDate, true, whereDoc},
	"pnrnot":     {"tracked numbering change", scrub.KindEditHistory, scrub.LabelTrackedChange, true, whereDoc},
	"pnrxst":     {"tracked numbering change", scrub.KindEditHistory, scrub.LabelTrackedChange, true, whereDoc},
	"pnrrgb":     {"tracked numbering change", scrub.KindEditHistory, scrub.LabelTrackedChange, true, whereDoc},
	"pnrnfc":     {"tracked numbering change", scrub.KindEditHistory, scrub.LabelTrackedChange, true, whereDoc},
	"pnrpnbr":    {"tracked numbering change", scrub.KindEditHistory, scrub.LabelTrackedChange, true, whereDoc},
	"pnrstart":   {"tracked numbering change", scrub.KindEditHistory, scrub.LabelTrackedChange, true, whereDoc},
	"pnrstop":    {"tracked numbering change", scrub.KindEditHistory, scrub.LabelTrackedChange, true, whereDoc},
	"trauth":     {"revision author", scrub.KindEditHistory, scrub.LabelRevisionAuthor, true, whereDoc},
	"trdate":     {"revision time", scrub.KindTime, scrub.LabelDate, true, whereDoc},
	"revprop":    {"change tracking settings", scrub.KindEditHistory, scrub.LabelSettings, true, whereDoc},
	"revbar":     {"change tracking settings", scrub.KindEditHistory, scrub.LabelSettings, true, whereDoc},
	"revisions":  {"change tracking on", scrub.KindEditHistory, scrub.LabelTrackedChange, true, whereDoc},
	"chatn":      {"comment mark", scrub.KindComment, scrub.LabelComment, true, whereComments},
	"version":    {"version", scrub.KindEditHistory, scrub.LabelRevision, false, whereInfo},
	"vern":       {"program version", scrub.KindSoftware, scrub.LabelSoftware, false, whereInfo},
	"edmins":     {"editing time (minutes)", scrub.KindTime, scrub.LabelEditTime, false, whereInfo},
	"nofpages":   {"statistics", scrub.KindOther, scrub.LabelStatistics, true, whereInfo},
	"nofwords":   {"statistics", scrub.KindOther, scrub.LabelStatistics, true, whereInfo},
	"nofchars":   {"statistics", scrub.KindOther, scrub.LabelStatistics, true, whereInfo},
	"nofcharsws": {"statistics", scrub.KindOther, scrub.LabelStatistics, true, whereInfo},
	"bliptag":    {"picture id", scrub.KindOther, scrub.LabelDocumentID, true, whereDoc},
	"password":   {"editing password hash", scrub.KindOther, scrub.LabelPrivateData, false, whereDoc},
	// Outlook's HTML in RTF: the HTML (\*\htmltag) goes, so the document
	// is RTF only.
	"fromhtml": {"encapsulated HTML", scrub.KindOther, scrub.LabelHiddenData, true, whereDoc},
}

// infoFields label the properties in \info.
var infoFields = map[string]dropped{
	"title":     {"title", scrub.KindOther, scrub.LabelTitle, false, whereInfo},
	"subject":   {"subject", scrub.KindOther, scrub.LabelSubject, false, whereInfo},
	"author":    {"author", scrub.KindPerson, scrub.LabelAuthor, false, whereInfo},
	"manager":   {"manager", scrub.KindPerson, scrub.LabelManager, false, whereInfo},
	"company":   {"company", scrub.KindPerson, scrub.LabelOrganisation, false, whereInfo},
	"operator":  {"last saved by", scrub.KindPerson, scrub.LabelLastEditor, false, whereInfo},
	"category":  {"category", scrub.KindOther, scrub.LabelCategory, false, whereInfo},
	"keywords":  {"keywords", scrub.KindOther, scrub.LabelKeywords, false, whereInfo},
	"comment":   {"comments", scrub.KindComment, scrub.LabelComment, false, whereInfo},
	"doccomm":   {"comments", scrub.KindComment, scrub.LabelDescription, false, whereInfo},
	"hlinkbase": {"hyperlink base", scrub.KindPath, scrub.LabelLink, false, whereInfo},
	"creatim":   {"created", scrub.KindTime, scrub.LabelCreated, false, whereInfo},
	"revtim":    {"modified", scrub.KindTime, scrub.LabelModified, false, whereInfo},
	"printim":   {"printed", scrub.KindTime, scrub.LabelPrinted, false, whereInfo},
	"buptim":    {"backed up", scrub.KindTime, scrub.LabelDate, false, whereInfo},
	"id":        {"document id", scrub.KindOther, scrub.LabelDocumentID, false, whereInfo},
}

// isRsid reports whether a control word is an edit-session id: \rsidN,
// \rsidroot, \insrsid, \charrsid, \pararsid, \delrsid, \sectrsid,
// \tblrsid, \styrsid and the like.
func isRsid(name string) bool {
	return len(name) >= 4 && (name[:4] == "rsid" || name[len(name)-4:] == "rsid")
}

// textWords are the control words that stand for text: they go with a
// tracked deletion.
var textWords = map[string]string{
	"par": "\n", "line": "\n", "tab": "\t", "page": "\n", "sect": "\n", "column": "\n",
	"emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘", "rquote": "’",
	"ldblquote": "“", "rdblquote": "”", "emspace": " ", "enspace": " ", "qmspace": " ",
	"zwj": "", "zwnj": "", "zwbo": "", "zwnbo": "", "softline": "\n", "chftn": "", "chdate": "",
	"chtime": "", "chpgn": "", "ltrmark": "", "rtlmark": "",
}
