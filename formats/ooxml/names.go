package ooxml

import (
	"strings"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
)

// Namespaces. Strict Open XML (ISO 29500 strict) uses other URIs for the
// same vocabularies; rules match both.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsW14     = "http://schemas.microsoft.com/office/word/2010/wordml"
	nsW15     = "http://schemas.microsoft.com/office/word/2012/wordml"
	nsX       = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsXStrict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
	nsX15ac   = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"
	nsXR      = "http://schemas.microsoft.com/office/spreadsheetml/2014/revision"
	nsP       = "http://schemas.openxmlformats.org/presentationml/2006/main"
	nsPStrict = "http://purl.oclc.org/ooxml/presentationml/main"
	nsA       = "http://schemas.openxmlformats.org/drawingml/2006/main"
	nsAStrict = "http://purl.oclc.org/ooxml/drawingml/main"
	nsR       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRStrict = "http://purl.oclc.org/ooxml/officeDocument/relationships"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	nsV       = "urn:schemas-microsoft-com:vml"
	nsO       = "urn:schemas-microsoft-com:office:office"
	nsXVML    = "urn:schemas-microsoft-com:office:excel"
	nsRels    = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsCT      = "http://schemas.openxmlformats.org/package/2006/content-types"
	nsCore    = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
	nsApp     = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
	nsAppS    = "http://purl.oclc.org/ooxml/officeDocument/extendedProperties"
	nsCustom  = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
	nsCustomS = "http://purl.oclc.org/ooxml/officeDocument/customProperties"
)

// Namespaces of extensions that hold per-object ids and theme families.
const (
	nsA16   = "http://schemas.microsoft.com/office/drawing/2014/main"
	nsC16   = "http://schemas.microsoft.com/office/drawing/2014/chart"
	nsP14   = "http://schemas.microsoft.com/office/powerpoint/2010/main"
	nsThm15 = "http://schemas.microsoft.com/office/thememl/2012/main"
	nsX14   = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
	nsDgm   = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
	nsDsp   = "http://schemas.microsoft.com/office/drawing/2008/diagram"
)

// knownSpace reports whether elements and attributes in a namespace stay
// (subject to the rules): the vocabularies of ECMA-376 (transitional and
// strict, markup compatibility included), Microsoft's Office extensions,
// VML, XML's own and what the property parts use. Office names every
// vocabulary it writes under these; anything else is a program's private
// data (usually declared mc:Ignorable), which goes with a finding.
func knownSpace(space string) bool {
	switch {
	case space == "", space == xmlclean.NSXML, space == xmlclean.NSXMLNS,
		strings.HasPrefix(space, "http://schemas.openxmlformats.org/"),
		strings.HasPrefix(space, "http://purl.oclc.org/ooxml/"),
		strings.HasPrefix(space, "http://schemas.microsoft.com/office/"),
		strings.HasPrefix(space, "urn:schemas-microsoft-com:"),
		space == "http://www.w3.org/2001/XMLSchema-instance",
		strings.HasPrefix(space, "http://purl.org/dc/"):
		return true
	}
	return false
}

// isMSExt reports Microsoft's extension namespaces.
func isMSExt(space string) bool {
	return strings.HasPrefix(space, "http://schemas.microsoft.com/office/")
}

func isW(space string) bool { return space == nsW || space == nsWStrict }
func isX(space string) bool { return space == nsX || space == nsXStrict }
func isP(space string) bool { return space == nsP || space == nsPStrict }
func isA(space string) bool { return space == nsA || space == nsAStrict }
func isR(space string) bool { return space == nsR || space == nsRStrict }

// isWordExt reports Word's extension namespaces (w14, w15, w16…), whose
// author, date and id attributes are revision data.
func isWordExt(space string) bool {
	return strings.HasPrefix(space, "http://schemas.microsoft.com/office/word/")
}

// isXRevision reports Excel's revision namespaces (xr, xr2, xr3, …), whose
// uid attributes are per-object GUIDs.
func isXRevision(space string) bool {
	return strings.HasPrefix(space, "http://schemas.microsoft.com/office/spreadsheetml/20") && strings.Contains(space, "/revision")
}

// relKind is the last segment of a relationship type: the same for the
// transitional, strict and Microsoft variants
// (".../relationships/comments" -> "comments").
func relKind(typ string) string {
	if i := strings.LastIndexByte(typ, '/'); i >= 0 {
		return typ[i+1:]
	}
	return typ
}

// formatOf returns the format whose main part has content type ct (any
// case, parameters allowed), or "".
func formatOf(ct string) string { return mainTypes[normType(ct)] }

// mainTypes are the main part content types (lower case), by format.
var mainTypes = lowerKeys(map[string]string{
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":   "docx",
	"application/vnd.ms-word.document.macroEnabled.main+xml":                             "docm",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml":   "dotx",
	"application/vnd.ms-word.template.macroEnabledTemplate.main+xml":                     "dotm",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":         "xlsx",
	"application/vnd.ms-excel.sheet.macroEnabled.main+xml":                               "xlsm",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml":      "xltx",
	"application/vnd.ms-excel.template.macroEnabled.main+xml":                            "xltm",
	"application/vnd.ms-excel.sheet.binary.macroEnabled.main":                            "xlsb",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
	"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml":                   "pptm",
	"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml":     "potx",
	"application/vnd.ms-powerpoint.template.macroEnabled.main+xml":                       "potm",
	"application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml":    "ppsx",
	"application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml":                      "ppsm",
})

func lowerKeys(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

// Content types of parts the rules treat specially (lower case, as
// part.ctype holds them).
const (
	ctCore      = "application/vnd.openxmlformats-package.core-properties+xml"
	ctApp       = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
	ctVML       = "application/vnd.openxmlformats-officedocument.vmldrawing"
	ctMacroXL   = "application/vnd.ms-excel.macrosheet+xml"
	ctIntlMacro = "application/vnd.ms-excel.intlmacrosheet+xml"
)

// isXMLType reports whether a (normalised) content type is XML.
func isXMLType(ct string) bool {
	return strings.HasSuffix(ct, "+xml") || ct == "application/xml" || ct == "text/xml" || ct == ctVML
}
