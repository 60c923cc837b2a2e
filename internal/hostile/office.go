package hostile

import (
	"fmt"
	"strings"
)

// Office Open XML and OpenDocument building blocks.

const xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const (
	relOffice  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	relCore    = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
	relPackage = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
	ctDocMain  = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	ctXlsMain  = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
	ctSheet    = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	ctPptMain  = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
	ctSlide    = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
	ctCore     = "application/vnd.openxmlformats-package.core-properties+xml"
	nsW        = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
)

// part is one part of an Office package.
type part struct {
	name, ctype string
	data        []byte
}

func rels(entries ...[3]string) []byte {
	var b strings.Builder
	b.WriteString(xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for _, e := range entries {
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="%s" Target="%s"/>`, e[0], e[1], e[2])
	}
	b.WriteString("</Relationships>")
	return []byte(b.String())
}

func contentTypes(parts []part) []byte {
	var b strings.Builder
	b.WriteString(xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	b.WriteString(`<Default Extension="docx" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document"/>`)
	b.WriteString(`<Default Extension="png" ContentType="image/png"/>`)
	b.WriteString(`<Default Extension="jpeg" ContentType="image/jpeg"/>`)
	for _, p := range parts {
		if p.ctype != "" {
			fmt.Fprintf(&b, `<Override PartName="/%s" ContentType="%s"/>`, p.name, p.ctype)
		}
	}
	b.WriteString("</Types>")
	return []byte(b.String())
}

// CoreXML returns a core properties part whose creator and last editor
// are planted values (prefix+"-CREATOR", prefix+"-EDITOR").
func CoreXML(prefix string) []byte {
	return []byte(xmlDecl + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:creator>` + prefix + `-CREATOR</dc:creator><cp:lastModifiedBy>` + prefix + `-EDITOR</cp:lastModifiedBy>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">2031-02-03T04:05:06Z</dcterms:created></cp:coreProperties>`)
}

// DocumentXML returns a Word main part holding text in one paragraph.
func DocumentXML(text string) []byte {
	return []byte(xmlDecl + `<w:document ` + nsW + `><w:body><w:p w:rsidR="00ABCDEF"><w:r><w:t>` + text + `</w:t></w:r></w:p></w:body></w:document>`)
}

// entries turns parts into zip entries, [Content_Types].xml first.
func entries(parts []part) []Entry {
	es := []Entry{{Name: "[Content_Types].xml", Data: contentTypes(parts)}}
	for _, p := range parts {
		es = append(es, Entry{Name: p.name, Data: p.data})
	}
	return es
}

// docxParts returns the parts of a small Word document whose core
// properties carry planted values with prefix; more parts may be added.
func docxParts(prefix, text string, more ...part) []part {
	ps := []part{
		{"_rels/.rels", "", rels([3]string{"rId1", relOffice, "word/document.xml"}, [3]string{"rId2", relCore, "docProps/core.xml"})},
		{"word/document.xml", ctDocMain, DocumentXML(text)},
		{"docProps/core.xml", ctCore, CoreXML(prefix)},
	}
	return append(ps, more...)
}

// Docx returns a small Word document: a paragraph of text, core properties
// whose creator and last editor carry prefix ("P-CREATOR", "P-EDITOR").
func Docx(prefix, text string) []byte {
	return mustZip(Archive{Entries: entries(docxParts(prefix, text))})
}

// DocxWith returns a Word document whose word/document.xml is body
// (other parts as Docx).
func DocxWith(prefix string, body []byte) []byte {
	ps := docxParts(prefix, "")
	ps[1].data = body
	return mustZip(Archive{Entries: entries(ps)})
}

// docxCorePart returns a Word document whose docProps/core.xml is core.
func docxCorePart(core []byte) []byte {
	ps := docxParts("X", "text")
	ps[2].data = core
	return mustZip(Archive{Entries: entries(ps)})
}

// NestedDocx returns a Word document that embeds a Word document, which
// embeds another, depth levels deep. Each level's core properties carry
// the prefix "NEST<level>".
func NestedDocx(depth int) []byte {
	inner := Docx(fmt.Sprintf("NEST%d", depth), "innermost")
	for level := depth - 1; level >= 0; level-- {
		body := xmlDecl + `<w:document ` + nsW + ` xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:v="urn:schemas-microsoft-com:vml"><w:body><w:p><w:r><w:t>level</w:t></w:r>` +
			`<w:r><w:object><v:shape id="s1" style="width:72pt;height:72pt"/><o:OLEObject Type="Embed" ProgID="Word.Document.12" ShapeID="s1" r:id="rIdPkg"/></w:object></w:r></w:p></w:body></w:document>`
		ps := docxParts(fmt.Sprintf("NEST%d", level), "")
		ps[1].data = []byte(body)
		ps = append(ps,
			part{"word/_rels/document.xml.rels", "", rels([3]string{"rIdPkg", relPackage, "embeddings/Document1.docx"})},
			part{"word/embeddings/Document1.docx", "", inner})
		inner = mustZip(Archive{Entries: entries(ps)})
	}
	return inner
}

// Xlsx returns a small Excel workbook with planted core properties.
func Xlsx(prefix string) []byte {
	ps := []part{
		{"_rels/.rels", "", rels([3]string{"rId1", relOffice, "xl/workbook.xml"}, [3]string{"rId2", relCore, "docProps/core.xml"})},
		{"xl/workbook.xml", ctXlsMain, []byte(xmlDecl + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", "", rels([3]string{"rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", "worksheets/sheet1.xml"})},
		{"xl/worksheets/sheet1.xml", ctSheet, []byte(xmlDecl + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>cell</t></is></c></row></sheetData></worksheet>`)},
		{"docProps/core.xml", ctCore, CoreXML(prefix)},
	}
	return mustZip(Archive{Entries: entries(ps)})
}

// Pptx returns a small PowerPoint presentation with planted core
// properties.
func Pptx(prefix string) []byte {
	const nsP = `xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	ps := []part{
		{"_rels/.rels", "", rels([3]string{"rId1", relOffice, "ppt/presentation.xml"}, [3]string{"rId2", relCore, "docProps/core.xml"})},
		{"ppt/presentation.xml", ctPptMain, []byte(xmlDecl + `<p:presentation ` + nsP + `><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`)},
		{"ppt/_rels/presentation.xml.rels", "", rels([3]string{"rId2", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide", "slides/slide1.xml"})},
		{"ppt/slides/slide1.xml", ctSlide, []byte(xmlDecl + `<p:sld ` + nsP + `><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld></p:sld>`)},
		{"docProps/core.xml", ctCore, CoreXML(prefix)},
	}
	return mustZip(Archive{Entries: entries(ps)})
}

// ---- OpenDocument ----

const (
	mimeODT = "application/vnd.oasis.opendocument.text"
	nsODF   = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
		`xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xlink="http://www.w3.org/1999/xlink"`
)

func odfMeta(prefix string) string {
	return `<office:meta><meta:initial-creator>` + prefix + `-CREATOR</meta:initial-creator><dc:creator>` + prefix + `-EDITOR</dc:creator>` +
		`<meta:creation-date>2031-01-02T03:04:05</meta:creation-date><meta:generator>` + prefix + `-GENERATOR</meta:generator></office:meta>`
}

// odtEntries returns the members of a small text document; content is
// content.xml.
func odtEntries(prefix string, content []byte) []Entry {
	manifest := xmlDecl + `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
		`<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="` + mimeODT + `"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>`
	meta := xmlDecl + `<office:document-meta ` + nsODF + ` office:version="1.3">` + odfMeta(prefix) + `</office:document-meta>`
	return []Entry{
		{Name: "mimetype", Store: true, Data: []byte(mimeODT)},
		{Name: "content.xml", Data: content},
		{Name: "meta.xml", Data: []byte(meta)},
		{Name: "META-INF/manifest.xml", Data: []byte(manifest)},
	}
}

// ODTContent returns a content.xml holding text.
func ODTContent(text string) []byte {
	return []byte(xmlDecl + `<office:document-content ` + nsODF + ` office:version="1.3"><office:body><office:text><text:p>` + text + `</text:p></office:text></office:body></office:document-content>`)
}

// ODT returns a small OpenDocument text whose meta.xml carries prefix
// ("P-CREATOR", "P-EDITOR", "P-GENERATOR").
func ODT(prefix, text string) []byte {
	return mustZip(Archive{Entries: odtEntries(prefix, ODTContent(text))})
}

// FODT returns a flat OpenDocument text (one XML file) with planted meta.
func FODT(prefix, text string) []byte {
	return []byte(xmlDecl + `<office:document ` + nsODF + ` office:version="1.3" office:mimetype="` + mimeODT + `">` + odfMeta(prefix) +
		`<office:body><office:text><text:p>` + text + `</text:p></office:text></office:body></office:document>`)
}
