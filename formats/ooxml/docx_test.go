package ooxml_test

import (
	"fmt"
	"strings"
	"testing"
)

const (
	ctDocMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	ctCore    = "application/vnd.openxmlformats-package.core-properties+xml"
	ctApp     = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
	ctCustom  = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
	wNS       = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	wAll      = wNS + ` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"` +
		` xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"` +
		` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
		` xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" mc:Ignorable="w14 w15"`
	tracked = `w:date="2031-07-08T09:10:11Z"`
)

// coreXML and appXML plant a value in every property.
func coreXML(prefix string) string {
	return xmlDecl + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + prefix + `-TITLE</dc:title><dc:subject>` + prefix + `-SUBJECT</dc:subject><dc:creator>` + prefix + `-CREATOR</dc:creator>` +
		`<cp:keywords>` + prefix + `-KEYWORDS</cp:keywords><dc:description>` + prefix + `-DESCRIPTION</dc:description>` +
		`<cp:lastModifiedBy>` + prefix + `-LASTMODIFIEDBY</cp:lastModifiedBy><cp:revision>` + prefix + `-REVISION</cp:revision>` +
		`<cp:lastPrinted>2031-01-02T03:04:05Z</cp:lastPrinted><dcterms:created xsi:type="dcterms:W3CDTF">2031-02-03T04:05:06Z</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">2031-03-04T05:06:07Z</dcterms:modified><cp:category>` + prefix + `-CATEGORY</cp:category>` +
		`<cp:contentStatus>` + prefix + `-STATUS</cp:contentStatus><dc:identifier>` + prefix + `-IDENTIFIER</dc:identifier>` +
		`<dc:language>` + prefix + `-LANGUAGE</dc:language><cp:version>` + prefix + `-VERSION</cp:version></cp:coreProperties>`
}

func appXML(prefix string) string {
	return xmlDecl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
		`<Template>` + prefix + `-TEMPLATE.dotm</Template><TotalTime>987654</TotalTime><Pages>1</Pages><Application>` + prefix + `-APPLICATION</Application>` +
		`<DocSecurity>0</DocSecurity><Company>` + prefix + `-COMPANY</Company><Manager>` + prefix + `-MANAGER</Manager>` +
		`<HyperlinkBase>` + prefix + `-HYPERLINKBASE</HyperlinkBase><AppVersion>98.7654</AppVersion></Properties>`
}

func customXML(prefix string) string {
	return xmlDecl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
		`<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="` + prefix + `-CUSTOM-NAME"><vt:lpwstr>` + prefix + `-CUSTOM-VALUE</vt:lpwstr></property></Properties>`
}

// corePlants lists what coreXML, appXML and customXML plant.
func corePlants(prefix string) []string {
	var out []string
	for _, s := range []string{"TITLE", "SUBJECT", "CREATOR", "KEYWORDS", "DESCRIPTION", "LASTMODIFIEDBY", "REVISION", "CATEGORY", "STATUS",
		"IDENTIFIER", "LANGUAGE", "VERSION", "TEMPLATE", "APPLICATION", "COMPANY", "MANAGER", "HYPERLINKBASE", "CUSTOM-NAME", "CUSTOM-VALUE"} {
		out = append(out, prefix+"-"+s)
	}
	return append(out, "2031-01-02T03:04:05Z", "2031-02-03T04:05:06Z", "2031-03-04T05:06:07Z", "987654", "98.7654")
}

func picture(id int, rid, descr string) string {
	return fmt.Sprintf(`<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="381000" cy="381000"/><wp:docPr id="%d" name="Picture %d" descr="%s"/>`+
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="%d" name="image.png"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="381000" cy="381000"/></a:xfrm>`+
		`<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`, id, id, xmlEscape(descr), id, rid)
}

func oleObject(n int, imgRID, oleRID, progID string) string {
	return fmt.Sprintf(`<w:r><w:object w:dxaOrig="1440" w:dyaOrig="1440"><v:shape id="_x0000_i10%d" type="#_x0000_t75" style="width:72pt;height:72pt" o:ole="">`+
		`<v:imagedata r:id="%s" o:title=""/></v:shape><o:OLEObject Type="Embed" ProgID="%s" ShapeID="_x0000_i10%d" DrawAspect="Content" ObjectID="_12345678%d" r:id="%s"/></w:object></w:r>`,
		n, imgRID, progID, n, n, oleRID)
}

// simpleDocx is a small document (used as an embedded document).
func simpleDocx(t testing.TB, prefix, text string) []byte {
	f := &fixture{}
	f.add("_rels/.rels", "", rels("rId1|"+relR+"officeDocument|word/document.xml", "rId2|"+relPkg+"metadata/core-properties|docProps/core.xml"))
	f.add("word/document.xml", ctDocMain, xmlDecl+`<w:document `+wNS+`><w:body><w:p w:rsidR="00ABCDEF"><w:r><w:t>`+text+`</w:t></w:r></w:p></w:body></w:document>`)
	f.add("docProps/core.xml", ctCore, coreXML(prefix))
	return f.bytes(t)
}

// docxFixture is a Word document with a planted value in every place the
// cleaner must empty.
func docxFixture(t testing.TB) fx {
	f := &fixture{comment: "PLANT-ZIP-COMMENT"}
	f.add("_rels/.rels", "", rels(
		"rId1|"+relR+"officeDocument|word/document.xml",
		"rId2|"+relPkg+"metadata/core-properties|docProps/core.xml",
		"rId3|"+relR+"extended-properties|docProps/app.xml",
		"rId4|"+relR+"custom-properties|docProps/custom.xml",
		"rId5|"+relPkg+"metadata/thumbnail|docProps/thumbnail.jpeg",
		"rId6|"+relPkg+"digital-signature/origin|_xmlsignatures/origin.sigs",
		"rId7|"+relMS11+"webextensiontaskpanes|word/webextensions/taskpanes.xml",
		"rId8|http://schemas.microsoft.com/office/2020/02/relationships/classificationlabels|docMetadata/LabelInfo.xml"))
	f.add("docProps/core.xml", ctCore, coreXML("PLANT"))
	f.add("docProps/app.xml", ctApp, appXML("PLANT"))
	f.add("docProps/custom.xml", ctCustom, customXML("PLANT"))
	f.add("docProps/thumbnail.jpeg", "", thumbnailJPEG("PLANT-THUMBNAIL"))
	f.add("_xmlsignatures/origin.sigs", "", "")
	f.add("_xmlsignatures/_rels/origin.sigs.rels", "", rels("rId1|"+relPkg+"digital-signature/signature|sig1.xml"))
	f.add("_xmlsignatures/sig1.xml", "application/vnd.openxmlformats-package.digital-signature-xmlsignature+xml",
		xmlDecl+`<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><KeyInfo><X509Data><X509SubjectName>CN=PLANT-SIGNER</X509SubjectName></X509Data></KeyInfo></Signature>`)
	f.add("word/webextensions/taskpanes.xml", "application/vnd.ms-office.webextensiontaskpanes+xml",
		xmlDecl+`<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><wetp:taskpane dockstate="right" visibility="0" width="350" row="0"><wetp:webextensionref r:id="rId1"/></wetp:taskpane></wetp:taskpanes>`)
	f.add("word/webextensions/_rels/taskpanes.xml.rels", "", rels("rId1|"+relMS11+"webextension|webextension1.xml"))
	f.add("word/webextensions/webextension1.xml", "application/vnd.ms-office.webextension+xml",
		xmlDecl+`<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{00000000-0000-0000-0000-000000000001}"><we:properties><we:property name="user" value="&quot;PLANT-ADDIN-USER&quot;"/></we:properties></we:webextension>`)
	f.add("docMetadata/LabelInfo.xml", "application/vnd.ms-office.classificationlabels+xml",
		xmlDecl+`<clbl:labelList xmlns:clbl="http://schemas.microsoft.com/office/2020/mipLabelMetadata"><clbl:label id="{11111111-2222-3333-4444-555555555555}" enabled="1" method="Standard" siteId="{PLANT-TENANT-ID}" removed="0"/></clbl:labelList>`)

	f.add("word/_rels/document.xml.rels", "", rels(
		"rId1|"+relR+"styles|styles.xml",
		"rId2|"+relR+"settings|settings.xml",
		"rId3|"+relR+"comments|comments.xml",
		"rId4|"+relMS11+"commentsExtended|commentsExtended.xml",
		"rId5|http://schemas.microsoft.com/office/2016/09/relationships/commentsIds|commentsIds.xml",
		"rId6|http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible|commentsExtensible.xml",
		"rId7|"+relMS11+"people|people.xml",
		"rIdImg1|"+relR+"image|media/image1.png",
		"rIdImg2|"+relR+"image|media/image2.png",
		"rIdImg3|"+relR+"image|media/image3.png",
		"rIdOle|"+relR+"oleObject|embeddings/oleObject1.bin",
		"rIdPkg|"+relR+"package|embeddings/Document1.docx",
		"rIdCx|"+relR+"customXml|../customXml/item1.xml",
		"rIdHdr|"+relR+"header|header1.xml",
		"rIdFtr|"+relR+"footer|footer1.xml",
		"rIdFn|"+relR+"footnotes|footnotes.xml",
		"rIdEn|"+relR+"endnotes|endnotes.xml",
		"rIdNum|"+relR+"numbering|numbering.xml",
		"rIdGl|"+relR+"glossaryDocument|glossary/document.xml",
		"rIdPrn|"+relR+"printerSettings|printerSettings/printerSettings1.bin",
		"rIdLink|"+relR+"hyperlink|file:///C:/Users/REPORTED-LINK-USER/notes.txt|External"))
	body := `<w:p w:rsidR="00C0FFEE" w:rsidRDefault="00BADA55" w14:paraId="1A2B3C4D" w14:textId="77777777"><w:pPr><w:rPr><w:ins w:id="1" w:author="PLANT-PMARK-AUTHOR" ` + tracked + `/></w:rPr></w:pPr>` +
		`<w:r w:rsidRPr="00FACADE"><w:t xml:space="preserve">VISIBLE-BODY-TEXT </w:t></w:r>` +
		`<w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve">COMMENTED-WORDS </w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>` +
		`<w:ins w:id="2" w:author="PLANT-INS-AUTHOR" ` + tracked + `><w:r><w:t xml:space="preserve">INSERTED-TEXT </w:t></w:r></w:ins>` +
		`<w:del w:id="3" w:author="PLANT-DEL-AUTHOR" ` + tracked + `><w:r><w:delText>PLANT-DELETED-TEXT</w:delText></w:r></w:del>` +
		`<w:r><w:rPr><w:b/><w:rPrChange w:id="4" w:author="PLANT-RPRCHANGE-AUTHOR" ` + tracked + `><w:rPr/></w:rPrChange></w:rPr><w:t xml:space="preserve">BOLD-TEXT</w:t></w:r></w:p>` +
		`<w:p><w:moveFromRangeStart w:id="5" w:author="PLANT-MOVE-AUTHOR" ` + tracked + ` w:name="move1"/><w:moveFrom w:id="6" w:author="PLANT-MOVE-AUTHOR" ` + tracked + `><w:r><w:t>PLANT-MOVED-AWAY</w:t></w:r></w:moveFrom><w:moveFromRangeEnd w:id="5"/></w:p>` +
		`<w:p><w:moveToRangeStart w:id="7" w:author="PLANT-MOVE-AUTHOR" ` + tracked + ` w:name="move1"/><w:moveTo w:id="8" w:author="PLANT-MOVE-AUTHOR" ` + tracked + `><w:r><w:t>MOVED-HERE-TEXT</w:t></w:r></w:moveTo><w:moveToRangeEnd w:id="7"/></w:p>` +
		`<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN-TEXT-KEPT</w:t></w:r></w:p>` +
		`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> AUTHOR </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>FIELD-RESULT</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>` +
		`<w:p><w:hyperlink r:id="rIdLink"><w:r><w:t>LOCAL-LINK-TEXT</w:t></w:r></w:hyperlink></w:p>` +
		`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblPrChange w:id="11" w:author="PLANT-TBL-AUTHOR" ` + tracked + `><w:tblPr/></w:tblPrChange></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>` +
		`<w:tr w:rsidR="00DECADE"><w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/><w:cellIns w:id="9" w:author="PLANT-CELL-AUTHOR" ` + tracked + `/></w:tcPr><w:p><w:r><w:t>CELL-TEXT</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
		`<w:sdt><w:sdtPr><w:dataBinding w:xpath="/root[1]/x[1]" w:storeItemID="{PLANT-BINDING-0000}"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>BOUND-TEXT</w:t></w:r></w:p></w:sdtContent></w:sdt>` +
		`<w:p>` + picture(1, "rIdImg1", `C:\Users\PLANT-DESCR-USER\photo.png`) + `</w:p>` +
		`<w:p><w:del w:id="10" w:author="PLANT-DEL-AUTHOR" ` + tracked + `>` + picture(2, "rIdImg2", "") + `</w:del></w:p>` +
		`<w:p>` + oleObject(1, "rIdImg3", "rIdOle", "Package") + `</w:p>` +
		`<w:p>` + oleObject(2, "rIdImg3", "rIdPkg", "Word.Document.12") + `</w:p>` +
		`<w:sectPr w:rsidR="00C0FFEE"><w:headerReference w:type="default" r:id="rIdHdr"/><w:footerReference w:type="default" r:id="rIdFtr"/>` +
		`<w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/><w:printerSettings r:id="rIdPrn"/></w:sectPr>`
	f.add("word/document.xml", ctDocMain, xmlDecl+`<w:document `+wAll+`><w:body>`+body+`</w:body></w:document>`)
	hf := func(root, text string) string {
		return xmlDecl + `<w:` + root + ` ` + wAll + `><w:p w:rsidR="00FEEDBE"><w:r><w:t xml:space="preserve">` + text + ` </w:t></w:r>` +
			`<w:del w:id="20" w:author="PLANT-` + strings.ToUpper(root) + `-AUTHOR" ` + tracked + `><w:r><w:delText>PLANT-` + strings.ToUpper(root) + `-DELETED</w:delText></w:r></w:del></w:p></w:` + root + `>`
	}
	f.add("word/header1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml", hf("hdr", "HEADER-TEXT"))
	f.add("word/footer1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml", hf("ftr", "FOOTER-TEXT"))
	note := func(root, elem string) string {
		return xmlDecl + `<w:` + root + ` ` + wAll + `><w:` + elem + ` w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:` + elem + `>` +
			`<w:` + elem + ` w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:` + elem + `>` +
			`<w:` + elem + ` w:id="1"><w:p w:rsidR="00BEEFED"><w:ins w:id="21" w:author="PLANT-` + strings.ToUpper(elem) + `-AUTHOR" ` + tracked + `><w:r><w:t>note</w:t></w:r></w:ins></w:p></w:` + elem + `></w:` + root + `>`
	}
	f.add("word/footnotes.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", note("footnotes", "footnote"))
	f.add("word/endnotes.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml", note("endnotes", "endnote"))
	f.add("word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
		xmlDecl+`<w:styles `+wNS+`><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rsid w:val="00ACCEDE"/></w:style></w:styles>`)
	f.add("word/numbering.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
		xmlDecl+`<w:numbering `+wNS+`><w:abstractNum w:abstractNumId="0"><w:nsid w:val="0DEFACED"/><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`)
	f.add("word/settings.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
		xmlDecl+`<w:settings `+wAll+`><w:zoom w:percent="100"/><w:attachedTemplate r:id="rId1"/>`+
			`<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:linkToQuery/><w:dataType w:val="native"/><w:connectString w:val="Provider=Microsoft.ACE.OLEDB.12.0;User ID=PLANT-MERGE-USER;Data Source=C:\Users\PLANT-MERGE-PATH\list.xlsx"/>`+
			`<w:query w:val="SELECT * FROM `+"`"+`PLANT-MERGE-QUERY`+"`"+`"/><w:dataSource r:id="rId2"/></w:mailMerge>`+
			`<w:defaultTabStop w:val="720"/><w:rsids><w:rsidRoot w:val="00C0FFEE"/><w:rsid w:val="00BADA55"/><w:rsid w:val="00FACADE"/></w:rsids>`+
			`<w:docVars><w:docVar w:name="PLANT-DOCVAR-NAME" w:val="PLANT-DOCVAR-VALUE"/></w:docVars>`+
			`<w14:docId w14:val="7E57AB1E"/><w15:docId w15:val="{PLANT-W15-DOCID}"/></w:settings>`)
	f.add("word/_rels/settings.xml.rels", "", rels(
		"rId1|"+relR+"attachedTemplate|file:///C:/Users/PLANT-TEMPLATE-USER/Templates/Normal.dotm|External",
		"rId2|"+relR+"mailMergeSource|file:///C:/Users/PLANT-MERGE-SOURCE/list.xlsx|External"))
	f.add("word/comments.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
		xmlDecl+`<w:comments `+wAll+`><w:comment w:id="0" w:author="PLANT-COMMENT-AUTHOR" w:date="2031-07-08T09:10:11Z" w:initials="PCA"><w:p w14:paraId="0C0C0C0C"><w:r><w:annotationRef/></w:r><w:r><w:t>PLANT-COMMENT-TEXT</w:t></w:r></w:p></w:comment></w:comments>`)
	f.add("word/commentsExtended.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
		xmlDecl+`<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:commentEx w15:paraId="0C0C0C0C" w15:done="0"/></w15:commentsEx><!-- PLANT-COMMENTSEX -->`)
	f.add("word/commentsIds.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsIds+xml",
		xmlDecl+`<w16cid:commentsIds xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid"><w16cid:commentId w16cid:paraId="0C0C0C0C" w16cid:durableId="PLANT-DURABLE"/></w16cid:commentsIds>`)
	f.add("word/commentsExtensible.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtensible+xml",
		xmlDecl+`<w16cex:commentsExtensible xmlns:w16cex="http://schemas.microsoft.com/office/word/2018/wordml/cex"><w16cex:commentExtensible w16cex:durableId="PLANT-DURABLE2" w16cex:dateUtc="2031-07-08T09:10:11Z"/></w16cex:commentsExtensible>`)
	f.add("word/people.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml",
		xmlDecl+`<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="PLANT-PERSON"><w15:presenceInfo w15:providerId="AD" w15:userId="S::PLANT-USER-ID@example.org::1234"/></w15:person></w15:people>`)
	f.add("word/glossary/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.glossary+xml",
		xmlDecl+`<w:glossaryDocument `+wAll+`><w:docParts><w:docPart><w:docPartPr><w:name w:val="MyAddress"/><w:category><w:name w:val="General"/><w:gallery w:val="placeholder"/></w:category></w:docPartPr>`+
			`<w:docPartBody><w:p w:rsidR="00D0661E"><w:del w:id="30" w:author="PLANT-GLOSSARY-AUTHOR" `+tracked+`><w:r><w:delText>PLANT-GLOSSARY-DELETED</w:delText></w:r></w:del></w:p></w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>`)
	f.add("word/media/image1.png", "", pngWith(t, "PLANT-PNG-AUTHOR"))
	f.add("word/media/image2.png", "", pngWith(t, "PLANT-DELETED-IMAGE"))
	f.add("word/media/image3.png", "", pngWith(t, "PLANT-PREVIEW-AUTHOR"))
	f.add("word/embeddings/oleObject1.bin", "", oleWith("PLANT-OLE-DATA"))
	f.add("word/embeddings/Document1.docx", "", simpleDocx(t, "PLANT-NESTED", "NESTED-TEXT"))
	f.add("word/printerSettings/printerSettings1.bin", "application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings",
		"P\x00L\x00A\x00N\x00T\x00-\x00P\x00R\x00I\x00N\x00T\x00E\x00R\x00"+strings.Repeat("\x00", 100))
	f.add("customXml/item1.xml", "", xmlDecl+`<root><x>PLANT-CUSTOMXML</x></root>`)
	f.add("customXml/_rels/item1.xml.rels", "", rels("rId1|"+relR+"customXmlProps|itemProps1.xml"))
	f.add("customXml/itemProps1.xml", "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
		xmlDecl+`<ds:datastoreItem ds:itemID="{PLANT-BINDING-0000}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>`)
	f.add("[trash]/0000.dat", "", "PLANT-ORPHAN-DATA")

	planted := append(corePlants("PLANT"),
		"PLANT-ZIP-COMMENT", "PLANT-MEMBER-COMMENT", "PLANT-THUMBNAIL", "PLANT-SIGNER", "PLANT-ADDIN-USER", "PLANT-TENANT-ID",
		"00C0FFEE", "00BADA55", "00FACADE", "00DECADE", "00FEEDBE", "00BEEFED", "00ACCEDE", "00D0661E", "0DEFACED", "7E57AB1E",
		"PLANT-PMARK-AUTHOR", "PLANT-INS-AUTHOR", "PLANT-DEL-AUTHOR", "PLANT-DELETED-TEXT", "PLANT-RPRCHANGE-AUTHOR", "PLANT-MOVE-AUTHOR",
		"PLANT-MOVED-AWAY", "PLANT-TBL-AUTHOR", "PLANT-CELL-AUTHOR", "2031-07-08T09:10:11Z", "PLANT-BINDING-0000", "PLANT-DESCR-USER",
		"PLANT-HDR-AUTHOR", "PLANT-HDR-DELETED", "PLANT-FTR-AUTHOR", "PLANT-FTR-DELETED", "PLANT-FOOTNOTE-AUTHOR", "PLANT-ENDNOTE-AUTHOR",
		"PLANT-MERGE-USER", "PLANT-MERGE-PATH", "PLANT-MERGE-QUERY", "PLANT-DOCVAR-NAME", "PLANT-DOCVAR-VALUE", "PLANT-W15-DOCID",
		"PLANT-TEMPLATE-USER", "PLANT-MERGE-SOURCE", "PLANT-COMMENT-AUTHOR", "PLANT-COMMENT-TEXT", "PLANT-COMMENTSEX", "PLANT-DURABLE",
		"PLANT-PERSON", "PLANT-USER-ID", "PLANT-GLOSSARY-AUTHOR", "PLANT-GLOSSARY-DELETED", "PLANT-PNG-AUTHOR", "PLANT-DELETED-IMAGE",
		"PLANT-PREVIEW-AUTHOR", "PLANT-OLE-DATA", "PLANT-PRINTER", "PLANT-CUSTOMXML", "PLANT-ORPHAN-DATA",
		"REPORTED-LINK-USER") // a local link keeps its file name, not the user's folders
	planted = append(planted, corePlants("PLANT-NESTED")[:12]...)
	visible := []string{"VISIBLE-BODY-TEXT", "COMMENTED-WORDS", "INSERTED-TEXT", "BOLD-TEXT", "MOVED-HERE-TEXT", "HIDDEN-TEXT-KEPT",
		"FIELD-RESULT", "LOCAL-LINK-TEXT", "CELL-TEXT", "BOUND-TEXT", "HEADER-TEXT", "FOOTER-TEXT", "NESTED-TEXT", `Target="notes.txt"`}
	reported := []string{"hidden text (w:vanish)", "field that shows the author or user", "link to a local or network path (hyperlink)", "building blocks (glossary document)"}
	rendered := []string{"VISIBLE-BODY-TEXT", "COMMENTED-WORDS", "INSERTED-TEXT", "BOLD-TEXT", "MOVED-HERE-TEXT", "LOCAL-LINK-TEXT",
		"CELL-TEXT", "BOUND-TEXT", "HEADER-TEXT", "FOOTER-TEXT"}
	return fx{f.bytes(t), planted, visible, reported, rendered, []string{"PLANT-DELETED-TEXT", "PLANT-MOVED-AWAY"}}
}
