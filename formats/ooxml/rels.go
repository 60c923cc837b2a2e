package ooxml

import (
	"strings"

	"github.com/scrub-project/scrub/scrub"
)

// A part is kept only when a relationship the document needs reaches it:
// relTypes is the allowlist of relationship kinds (the last segment of the
// type, the same in the transitional, strict and Microsoft variants), each
// with what it does to the part it reaches. A relationship of any other
// kind, or of a known kind under a type URI outside the Office families
// (relFamily), is removed with the part it reaches (unless another,
// known relationship reaches it too), with a finding. Parts no kept
// relationship reaches go as well.
type role uint8

const (
	roleContent  role = iota // the document needs it: XML through the rules, anything else as it is
	roleMedia                // a picture, video or sound: cleaned through the registry
	roleEmbedded             // an embedded document or OLE object: cleaned through the registry
	roleFont                 // an embedded font: copied (a font's names are its maker's, not the sender's)
	roleChunk                // imported content (altChunk): cleaned through the registry or refused
	roleRemoved              // removed, with its removal
)

type relType struct {
	role role
	why  removal // roleRemoved
	// external: the relationship may point outside the package (a link
	// the user made); it is kept, local paths cut to their file name.
	external bool
}

func removed(what string, kind scrub.Kind, label scrub.Label) relType {
	return relType{role: roleRemoved, why: removal{what: what, kind: kind, label: label}}
}

func macro(what string) relType {
	return relType{role: roleRemoved, why: removal{what: what, kind: scrub.KindAttachment, label: scrub.LabelMacros, macro: true}}
}

var (
	rtContent  = relType{role: roleContent}
	rtMedia    = relType{role: roleMedia, external: true}
	rtEmbedded = relType{role: roleEmbedded, external: true}
	rtLink     = relType{role: roleContent, external: true}
)

// relTypes is the allowlist. Each kind is listed with the applications
// that write it.
var relTypes = map[string]relType{
	// Package.
	"officeDocument":      rtContent,
	"core-properties":     rtContent, // emptied to its root element
	"extended-properties": rtContent, // emptied to its root element
	"custom-properties":   removed("custom properties", scrub.KindOther, scrub.LabelCustom),
	"thumbnail":           removed("thumbnail image", scrub.KindHidden, scrub.LabelThumbnail),
	"origin":              removed("digital signature", scrub.KindPerson, scrub.LabelSignature),
	"signature":           removed("digital signature", scrub.KindPerson, scrub.LabelSignature),
	"certificate":         removed("digital signature certificate", scrub.KindPerson, scrub.LabelSignature),

	// Shared by the three applications.
	"theme": rtContent, "themeOverride": rtContent, "image": rtMedia, "hdphoto": rtMedia, "video": rtMedia, "audio": rtMedia,
	"media": rtMedia, "oleObject": rtEmbedded, "package": rtEmbedded, "activeXControlBinary": rtEmbedded,
	"control": rtContent, "hyperlink": rtLink, "drawing": rtContent, "vmlDrawing": rtContent, "chart": rtContent,
	"chartUserShapes": rtContent, "chartStyle": rtContent, "chartColorStyle": rtContent, "chartEx": rtContent,
	"diagramData": rtContent, "diagramLayout": rtContent, "diagramQuickStyle": rtContent, "diagramColors": rtContent,
	"diagramDrawing": rtContent, "font": {role: roleFont}, "styles": rtContent, "stylesWithEffects": rtContent,
	"settings": rtContent, "webSettings": rtContent, "fontTable": rtContent, "frame": rtLink, "ctrlProp": rtContent,

	// Word.
	"numbering": rtContent, "footnotes": rtContent, "endnotes": rtContent, "header": rtContent, "footer": rtContent,
	"glossaryDocument": rtContent, "aFChunk": {role: roleChunk}, "subDocument": rtLink,

	// Excel.
	"worksheet": rtContent, "chartsheet": rtContent, "dialogsheet": rtContent, "sharedStrings": rtContent,
	"calcChain": rtContent, "externalLink": rtContent, "externalLinkPath": rtLink, "xlPathMissing": rtLink,
	"connections": rtContent, "pivotCacheDefinition": rtContent, "pivotCacheRecords": rtContent, "pivotTable": rtContent,
	"table": rtContent, "tableSingleCells": rtContent, "queryTable": rtContent, "volatileDependencies": rtContent,
	"sheetMetadata": rtContent, "xmlMaps": rtContent, "slicer": rtContent, "slicerCache": rtContent, "timeline": rtContent,
	"timelineCache": rtContent, "namedSheetView": rtContent, "rdRichValue": rtContent, "rdRichValueStructure": rtContent,
	"rdRichValueTypes": rtContent, "richValueRel": rtContent, "rdArray": rtContent, "rdSupportingPropertyBag": rtContent,
	"rdSupportingPropertyBagStructure": rtContent, "rdRichValueWebImage": rtContent, "richStyles": rtContent,

	// PowerPoint.
	"slide": rtContent, "slideLayout": rtContent, "slideMaster": rtContent, "notesSlide": rtContent, "notesMaster": rtContent,
	"handoutMaster": rtContent, "presProps": rtContent, "viewProps": rtContent, "tableStyles": rtContent,

	// What goes: comments of all three applications and their authors.
	"comments":           removed("comments", scrub.KindComment, scrub.LabelComment),
	"commentsExtended":   removed("comments (extended)", scrub.KindComment, scrub.LabelComment),
	"commentsIds":        removed("comments (ids)", scrub.KindComment, scrub.LabelComment),
	"commentsExtensible": removed("comments (extensible)", scrub.KindComment, scrub.LabelComment),
	"commentAuthors":     removed("comment authors", scrub.KindComment, scrub.LabelCommentAuthor),
	"authors":            removed("comment authors", scrub.KindComment, scrub.LabelCommentAuthor),
	"threadedComment":    removed("threaded comments", scrub.KindComment, scrub.LabelComment),
	"person":             removed("people list", scrub.KindPerson, scrub.LabelPerson),
	"people":             removed("people list", scrub.KindPerson, scrub.LabelPerson),
	"documenttasks":      removed("tasks assigned to people", scrub.KindPerson, scrub.LabelPerson),
	// Identity, history and settings of the machine.
	"printerSettings":       removed("printer settings", scrub.KindMachine, scrub.LabelPrinter),
	"customXml":             removed("custom XML data", scrub.KindOther, scrub.LabelCustom),
	"customXmlProps":        removed("custom XML data properties", scrub.KindOther, scrub.LabelCustom),
	"customProperty":        removed("custom sheet properties", scrub.KindOther, scrub.LabelCustom),
	"customData":            removed("custom data (add-in)", scrub.KindOther, scrub.LabelCustom),
	"classificationlabels":  removed("sensitivity label (names the organisation)", scrub.KindAccount, scrub.LabelOrganisation),
	"revisionHeaders":       removed("revision log", scrub.KindEditHistory, scrub.LabelHistory),
	"revisionLog":           removed("revision log", scrub.KindEditHistory, scrub.LabelHistory),
	"usernames":             removed("shared workbook users", scrub.KindPerson, scrub.LabelPerson),
	"changesInfo":           removed("change history", scrub.KindEditHistory, scrub.LabelHistory),
	"revisionInfo":          removed("revision info", scrub.KindEditHistory, scrub.LabelHistory),
	"webextensiontaskpanes": removed("add-in data", scrub.KindAccount, scrub.LabelPrivateData),
	"webextension":          removed("add-in data", scrub.KindAccount, scrub.LabelPrivateData),
	"tags":                  removed("tags (add-in data)", scrub.KindOther, scrub.LabelPrivateData),
	"recipientData":         removed("mail merge recipients", scrub.KindPerson, scrub.LabelPerson),
	"slideUpdateInfo":       removed("slide library source", scrub.KindPath, scrub.LabelLink),
	"extensibility":         removed("ribbon customisation (customUI)", scrub.KindAttachment, scrub.LabelMacros),
	// External links that name the sender's files.
	"attachedTemplate":      {role: roleRemoved, external: true, why: removal{what: "attached template", kind: scrub.KindPath, label: scrub.LabelTemplate}},
	"mailMergeSource":       {role: roleRemoved, external: true, why: removal{what: "mail merge data source", kind: scrub.KindPath, label: scrub.LabelFilePath}},
	"mailMergeHeaderSource": {role: roleRemoved, external: true, why: removal{what: "mail merge header source", kind: scrub.KindPath, label: scrub.LabelFilePath}},
	"transform":             {role: roleRemoved, external: true, why: removal{what: "transform applied on save", kind: scrub.KindPath, label: scrub.LabelFilePath}},
	// Macros.
	"vbaProject":               macro("macros (VBA project)"),
	"wordVbaData":              macro("macro data"),
	"vbaProjectSignature":      macro("macro signature"),
	"vbaProjectSignatureAgile": macro("macro signature"),
	"vbaProjectSignatureV3":    macro("macro signature"),
	"attachedToolbars":         macro("macro toolbars"),
	"keyMapCustomizations":     macro("macro key bindings"),
	"xlMacrosheet":             macro("Excel 4.0 macro sheet"),
	"xlIntlMacrosheet":         macro("Excel 4.0 macro sheet"),
}

// relFamilies are the type URI prefixes Office's relationships use.
var relFamilies = []string{
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
	"http://schemas.openxmlformats.org/package/2006/relationships/",
	"http://purl.oclc.org/ooxml/officeDocument/relationships/",
	"http://schemas.microsoft.com/office/",
}

// typeOf returns what a relationship type does, and false for a type
// scrub does not know.
func typeOf(typ string) (relType, bool) {
	known := false
	for _, f := range relFamilies {
		if strings.HasPrefix(typ, f) {
			known = f != "http://schemas.microsoft.com/office/" || strings.Contains(typ, "/relationships/")
			break
		}
	}
	if !known {
		return relType{}, false
	}
	rt, ok := relTypes[relKind(typ)]
	return rt, ok
}

// unknownRel is the removal of a part or link reached only through a
// relationship scrub does not know.
func unknownRel(typ string) removal {
	return removal{what: "part of a kind scrub does not know (" + typ + ")", kind: scrub.KindHidden, label: scrub.LabelHiddenData}
}
