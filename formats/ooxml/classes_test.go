package ooxml_test

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/formats/ooxml"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// The fixtures of this file plant a unique value in every place of the
// classes issue 13 names for Office documents; the tests assert, by a
// byte scan of every decompressed member (recursively), that none is
// left, and that the engine (which checks with the handler's Parts,
// independently of its rules) writes the copy.

const (
	w14NS  = "http://schemas.microsoft.com/office/word/2010/wordml"
	wp14NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing"
	wpNS   = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
	a16NS  = "http://schemas.microsoft.com/office/drawing/2014/main"
	thm15  = "http://schemas.microsoft.com/office/thememl/2012/main"
	relUI  = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
)

// wmf returns a placeable Windows metafile (no metadata field).
func wmf() []byte {
	b := []byte{0xd7, 0xcd, 0xc6, 0x9a, 0, 0, 0, 0, 0, 0, 0x40, 0, 0x40, 0, 0xa0, 0x05, 0, 0, 0, 0, 0, 0}
	return append(b, 1, 0, 9, 0, 0, 3, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0)
}

// anchored is a floating picture with Word 2010's per-object ids.
func anchored(id int, rid, descr, title, name string) string {
	return `<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1" wp14:anchorId="7FACE789" wp14:editId="7FACEABC">` +
		`<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>` +
		`<wp:extent cx="381000" cy="381000"/><wp:wrapNone/><wp:docPr id="` + itoa(id) + `" name="` + xmlEscape(name) + `" descr="` + xmlEscape(descr) + `" title="` + xmlEscape(title) + `"/>` +
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="` + itoa(id) + `" name="` + xmlEscape(name) + `" descr="` + xmlEscape(descr) + `">` +
		`<a:extLst><a:ext uri="{FF2B5EF4-FFF2-40B4-BE49-F238E27FC236}"><a16:creationId xmlns:a16="` + a16NS + `" id="{7FACE003-0000-4000-8000-0000000000A1}"/></a:ext></a:extLst></pic:cNvPr><pic:cNvPicPr/></pic:nvPicPr>` +
		`<pic:blipFill><a:blip r:embed="` + rid + `"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="381000" cy="381000"/></a:xfrm>` +
		`<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>`
}

func itoa(n int) string { return strconv.Itoa(n) }

// classesDocx is a Word document with a planted value (prefixed p) in
// every class of issue 13 for Word, and nested (if not nil) embedded as a
// package. It returns the document, the planted values and the text that
// must stay.
func classesDocx(t testing.TB, p string, nested []byte) ([]byte, []string, []string) {
	f := &fixture{}
	f.add("_rels/.rels", "", rels(
		"rId1|"+relR+"officeDocument|word/document.xml",
		"rId2|"+relPkg+"metadata/core-properties|docProps/core.xml",
		"rId3|"+relUI+"|customUI/customUI.xml"))
	// Core properties typed only by the xml Default (no override).
	f.add("docProps/core.xml", "", coreXML(p+"DEFCORE"))
	f.add("customUI/customUI.xml", "", xmlDecl+`<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui"><ribbon><tabs><tab id="t1" label="`+p+`CUSTOMUI"/></tabs></ribbon></customUI>`)
	docRels := []string{
		"rId1|" + relR + "styles|styles.xml",
		"rId2|" + relR + "theme|theme/theme1.xml",
		"rIdEmf|" + relR + "image|media/image1.emf",
		"rIdWmf|" + relR + "image|media/image2.wmf",
		"rIdBmp|" + relR + "image|media/image3.bmp",
		"rIdGif|" + relR + "image|media/image4.gif",
		"rIdX|http://example.org/relationships/plant|plant/data.xml",
	}
	if nested != nil {
		docRels = append(docRels, "rIdPkg|"+relR+"package|embeddings/Nested.docx")
	}
	f.add("word/_rels/document.xml.rels", "", rels(docRels...))
	ns := strings.Replace(wAll, `mc:Ignorable="w14 w15"`, `xmlns:wp14="`+wp14NS+`" xmlns:foo="urn:plant:private" mc:Ignorable="w14 w15 wp14 foo"`, 1)
	body := `<w:p w14:paraId="` + p[:2] + `ACE123" w14:textId="` + p[:2] + `ACE456"><w:r foo:who="` + p + `UNKNOWN-ATTR"><w:t>` + p + `VISIBLE</w:t></w:r>` +
		`<foo:secret>` + p + `UNKNOWN-ELEMENT</foo:secret></w:p>` +
		`<w:p><w:permStart w:id="1" w:ed="PLANTDOM\` + strings.ToLower(p) + `editor"/><w:r><w:t>Editable by one</w:t></w:r><w:permEnd w:id="1"/>` +
		`<w:permStart w:id="2" w:edGrp="everyone" w:ed="` + strings.ToLower(p) + `mail@example.org"/><w:r><w:t>Editable by all</w:t></w:r><w:permEnd w:id="2"/></w:p>` +
		`<w:p><w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="PersonName"><w:smartTagPr><w:attr w:name="ProductID" w:val="` + p + `SMARTTAG"/></w:smartTagPr>` +
		`<w:r><w:t>Tagged words</w:t></w:r></w:smartTag></w:p>` +
		`<w:sdt><w:sdtPr><w:alias w:val="Box"/><w:id w:val="918273645"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Control text</w:t></w:r></w:p></w:sdtContent></w:sdt>` +
		`<w:p>` + anchored(1, "rIdEmf", "/media/"+strings.ToLower(p)+"usb/USB/photo.png", "~/Pictures/"+p+"TITLE.png", "/mnt/c/Users/"+strings.ToLower(p)+"wsl/pic.png") + `</w:p>` +
		`<w:p>` + picture(2, "rIdWmf", "/run/user/1000/gvfs/smb-share:server="+strings.ToLower(p)+"srv,share=x/p.png") + `</w:p>` +
		`<w:p>` + picture(3, "rIdBmp", "smb://"+strings.ToLower(p)+"nas/share/p.png") + `</w:p>` +
		`<w:p>` + picture(4, "rIdGif", "A photo of the river") + `</w:p>`
	if nested != nil {
		body += `<w:p>` + oleObject(1, "rIdGif", "rIdPkg", "Word.Document.12") + `</w:p>`
	}
	body += `<w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>`
	f.add("word/document.xml", ctDocMain, xmlDecl+`<w:document `+ns+`><w:body>`+body+`</w:body></w:document>`)
	f.add("word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
		xmlDecl+`<w:styles `+wNS+`><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>`)
	f.add("word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml", strings.Replace(themeXML, `</a:themeElements>`,
		`</a:themeElements><a:extLst><a:ext uri="{05A4C25C-085E-4340-85A3-A5531E510DB2}"><thm15:themeFamily xmlns:thm15="`+thm15+`" name="`+p+`TEMPLATE.potx" id="{`+p[:2]+`ACE000-0000-4000-8000-0000000000B1}" vid="{`+p[:2]+`ACE000-0000-4000-8000-0000000000B2}"/></a:ext></a:extLst>`, 1))
	f.add("word/media/image1.emf", "image/x-emf", hostile.EMF(p+"EMF-PROGRAM\x00C:\\Users\\"+strings.ToLower(p)+"emf\\chart.emf\x00"))
	f.add("word/media/image2.wmf", "image/x-wmf", wmf())
	f.add("word/media/image3.bmp", "image/bmp", hostile.BMP(p+"BMP-DATA"))
	f.add("word/media/image4.gif", "image/gif", hostile.GIFComment(p+"GIF-COMMENT"))
	f.add("word/plant/data.xml", "", xmlDecl+`<data>`+p+`ARBITRARY-PART</data>`)
	f.add("word/orphan.xml", "", xmlDecl+`<orphan>`+p+`ORPHAN</orphan>`)
	if nested != nil {
		f.add("word/embeddings/Nested.docx", "", nested)
	}
	lp := strings.ToLower(p)
	planted := append(corePlants(p + "DEFCORE")[:12],
		p[:2]+"ACE123", p[:2]+"ACE456", "7FACE789", "7FACEABC", "7FACE003-0000-4000-8000-0000000000A1", p+"UNKNOWN-ATTR", p+"UNKNOWN-ELEMENT",
		lp+"editor", lp+"mail@example.org", p+"SMARTTAG", "918273645", lp+"usb", p+"TITLE", lp+"wsl", lp+"srv", lp+"nas",
		p+"TEMPLATE.potx", p[:2]+"ACE000-0000-4000-8000-0000000000B1", p+"EMF-PROGRAM", lp+"emf", p+"BMP-DATA", p+"GIF-COMMENT",
		p+"CUSTOMUI", p+"ARBITRARY-PART", p+"ORPHAN")
	visible := []string{p + "VISIBLE", "Editable by one", "Editable by all", "Tagged words", "Control text", "A photo of the river"}
	return f.bytes(t), planted, visible
}

// classesXlsx is an Excel workbook with a planted value in every class of
// issue 13 for Excel.
func classesXlsx(t testing.TB) fx {
	f := &fixture{}
	f.add("_rels/.rels", "", rels("rId1|"+relR+"officeDocument|xl/workbook.xml", "rId2|"+relPkg+"metadata/core-properties|docProps/core.xml"))
	// Core properties typed by an override with parameters.
	f.add("docProps/core.xml", ctCore+"; charset=utf-8", coreXML("XCPARAM"))
	f.add("xl/workbook.xml", ctXL+"sheet.main+xml", xmlDecl+`<workbook `+xNS+`><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets>`+
		`<externalReferences><externalReference r:id="rId3"/></externalReferences>`+
		`<customWorkbookViews><customWorkbookView name="Plant Viewer - Personal View" guid="{7FACE001-0000-4000-8000-0000000000C1}" personalView="1" windowWidth="100" windowHeight="100" activeSheetId="1"/></customWorkbookViews></workbook>`)
	f.add("xl/_rels/workbook.xml.rels", "", rels("rId1|"+relR+"worksheet|worksheets/sheet1.xml", "rId2|"+relR+"styles|styles.xml",
		"rId3|"+relR+"externalLink|externalLinks/externalLink1.xml"))
	f.add("xl/styles.xml", ctXL+"styles+xml", xmlDecl+`<styleSheet `+xNS+`><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>`+
		`<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="1"><xf/></cellXfs></styleSheet>`)
	x14 := `xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"`
	f.add("xl/worksheets/sheet1.xml", ctXL+"worksheet+xml", xmlDecl+`<worksheet `+xNS+` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" `+x14+` mc:Ignorable="x14">`+
		`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>XLSX-CLASS-CELL</t></is></c><c r="B1"><v>5</v></c></row></sheetData>`+
		`<protectedRanges><protectedRange name="Range1" sqref="A1:B2" securityDescriptor="O:WDG:WDD:(A;;CC;;;S-1-5-21-1111111111-2222222222-3333333333-7001)"/></protectedRanges>`+
		`<customSheetViews><customSheetView guid="{7FACE001-0000-4000-8000-0000000000C1}" scale="100"><selection activeCell="A1" sqref="A1"/></customSheetView></customSheetViews>`+
		`<conditionalFormatting sqref="B1"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar>`+
		`<extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}"><x14:id>{7FACE002-0000-4000-8000-0000000000D1}</x14:id></ext></extLst></cfRule></conditionalFormatting>`+
		`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`+
		`<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}"><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">`+
		`<x14:cfRule type="dataBar" id="{7FACE002-0000-4000-8000-0000000000D1}"><x14:dataBar minLength="0" maxLength="100"><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/></x14:dataBar></x14:cfRule><xm:sqref>B1</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext>`+
		`<ext uri="{F3C4A1C3-0000-4000-8000-000000000001}"><x14:protectedRanges><x14:protectedRange name="R2"><x14:securityDescriptor>O:WDG:WDD:(A;;CC;;;S-1-5-21-4444444444-5555555555-6666666666-7002)</x14:securityDescriptor><xm:sqref>A2</xm:sqref></x14:protectedRange></x14:protectedRanges></ext></extLst></worksheet>`)
	f.add("xl/externalLinks/externalLink1.xml", ctXL+"externalLink+xml", xmlDecl+`<externalLink `+xNS+`><ddeLink ddeService="Excel" ddeTopic="C:\Users\plantdde\[Book.xlsx]Sheet1"><ddeItems><ddeItem name="R1C1"/></ddeItems></ddeLink></externalLink>`)
	planted := append(corePlants("XCPARAM")[:12], "Plant Viewer", "7FACE001-0000-4000-8000-0000000000C1", "S-1-5-21-1111111111-2222222222-3333333333-7001",
		"S-1-5-21-4444444444-5555555555-6666666666-7002", "plantdde", "7FACE002-0000-4000-8000-0000000000D1")
	visible := []string{"XLSX-CLASS-CELL", `ddeTopic="[Book.xlsx]Sheet1"`}
	return fx{data: f.bytes(t), planted: planted, visible: visible, rendered: []string{"XLSX-CLASS-CELL"}}
}

// classesPptx is a PowerPoint presentation with a planted value in every
// class of issue 13 for PowerPoint.
func classesPptx(t testing.TB) fx {
	f := &fixture{}
	f.add("_rels/.rels", "", rels("rId1|"+relR+"officeDocument|ppt/presentation.xml", "rId2|"+relPkg+"metadata/core-properties|docProps/core.xml"))
	// Core properties typed as if they were binary.
	f.add("docProps/core.xml", "application/octet-stream", coreXML("PCBIN"))
	p14 := `xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main"`
	f.add("ppt/presentation.xml", ctPML+"presentation.main+xml", xmlDecl+`<p:presentation `+pNS+`>`+
		`<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst>`+
		`<p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/>`+
		`<p:extLst><p:ext uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"><p14:sectionLst `+p14+`><p14:section name="Intro" id="{7FACE004-0000-4000-8000-0000000000E1}"><p14:sldIdLst><p14:sldId id="256"/></p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst></p:presentation>`)
	f.add("ppt/_rels/presentation.xml.rels", "", rels("rId1|"+relR+"slideMaster|slideMasters/slideMaster1.xml", "rId2|"+relR+"slide|slides/slide1.xml",
		"rId3|"+relR+"theme|theme/theme1.xml"))
	f.add("ppt/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml", strings.Replace(themeXML, `</a:themeElements>`,
		`</a:themeElements><a:extLst><a:ext uri="{05A4C25C-085E-4340-85A3-A5531E510DB2}"><thm15:themeFamily xmlns:thm15="`+thm15+`" name="PLANT-PPT-TEMPLATE.potx" id="{7FACE005-0000-4000-8000-0000000000F1}" vid="{7FACE005-0000-4000-8000-0000000000F2}"/></a:ext></a:extLst>`, 1))
	hidden := `<p:sp><p:nvSpPr><p:cNvPr id="9" name="TemplatePath" hidden="1"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/>` +
		`<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>/home/planttpl/templates/Corporate.potx</a:t></a:r></a:p></p:txBody></p:sp>`
	f.add("ppt/slideMasters/slideMaster1.xml", ctPML+"slideMaster+xml", xmlDecl+`<p:sldMaster `+pNS+`>`+spTree(hidden)+
		`<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>`+
		`<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>`)
	f.add("ppt/slideMasters/_rels/slideMaster1.xml.rels", "", rels("rId1|"+relR+"slideLayout|../slideLayouts/slideLayout1.xml", "rId2|"+relR+"theme|../theme/theme1.xml"))
	f.add("ppt/slideLayouts/slideLayout1.xml", ctPML+"slideLayout+xml", xmlDecl+`<p:sldLayout `+pNS+` type="blank" matchingName="PLANT-MATCH.potx Blank">`+
		strings.Replace(spTree(""), `<p:cSld>`, `<p:cSld name="PLANT-LAYOUT.potx Title">`, 1)+`<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>`)
	f.add("ppt/slideLayouts/_rels/slideLayout1.xml.rels", "", rels("rId1|"+relR+"slideMaster|../slideMasters/slideMaster1.xml"))
	box := `<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"><a:extLst><a:ext uri="{FF2B5EF4-FFF2-40B4-BE49-F238E27FC236}"><a16:creationId xmlns:a16="` + a16NS + `" id="{7FACE006-0000-4000-8000-0000000000A2}"/></a:ext></a:extLst></p:cNvPr>` +
		`<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="457200" y="457200"/><a:ext cx="6000000" cy="800000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>` +
		`<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>PPTX-CLASS-TITLE </a:t></a:r><a:fld id="{7FACE007-0000-4000-8000-0000000000A3}" type="slidenum"><a:rPr lang="en-US"/><a:t>1</a:t></a:fld></a:p></p:txBody></p:sp>`
	f.add("ppt/slides/slide1.xml", ctPML+"slide+xml", xmlDecl+`<p:sld `+pNS+`>`+spTree(box)+
		`<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr><p:extLst><p:ext uri="{BB962C8B-B14F-4D97-AF65-F5344CB8AC3E}"><p14:creationId `+p14+` val="3141592653"/></p:ext></p:extLst></p:sld>`)
	f.add("ppt/slides/_rels/slide1.xml.rels", "", rels("rId1|"+relR+"slideLayout|../slideLayouts/slideLayout1.xml"))
	planted := append(corePlants("PCBIN")[:12], "7FACE004-0000-4000-8000-0000000000E1", "PLANT-PPT-TEMPLATE", "7FACE005-0000-4000-8000-0000000000F1", "planttpl",
		"PLANT-MATCH", "PLANT-LAYOUT", "7FACE006-0000-4000-8000-0000000000A2", "7FACE007-0000-4000-8000-0000000000A3", "3141592653")
	visible := []string{"PPTX-CLASS-TITLE"}
	return fx{data: f.bytes(t), planted: planted, visible: visible, rendered: visible}
}

// classesDocxFixture is classesDocx with another classes document
// embedded in it.
func classesDocxFixture(t testing.TB) fx {
	inner, innerPlanted, _ := classesDocx(t, "NESTED-", nil)
	data, planted, visible := classesDocx(t, "PLANT-", inner)
	return fx{data: data, planted: append(planted, innerPlanted...), visible: visible,
		rendered: []string{"PLANT-VISIBLE", "Editable by one", "Tagged words", "Control text"}}
}

// engineClean cleans data through the engine with the production
// registry: the handler's rules, the re-inspection and the residue check.
func engineClean(t testing.TB, name string, data []byte) ([]byte, scrub.Result) {
	e := &scrub.Engine{Registry: all.Registry()}
	return e.CleanData(context.Background(), name, data)
}

// TestClasses: for every class of issue 13, the planted values are gone
// from every decompressed byte of the copy the engine writes (nested
// documents included), and what the reader sees stays.
func TestClasses(t *testing.T) {
	for _, c := range []struct {
		name string
		make func(testing.TB) fx
	}{{"classes.docx", classesDocxFixture}, {"classes.xlsx", classesXlsx}, {"classes.pptx", classesPptx}} {
		t.Run(c.name, func(t *testing.T) {
			x := c.make(t)
			scrubtest.AssertPresent(t, x.data, x.planted...)
			out, r := engineClean(t, c.name, x.data)
			if r.Status != scrub.StatusCleaned {
				t.Fatalf("%s: %s (%s)", r.Status, r.Error, r.Hint)
			}
			scrubtest.AssertAbsent(t, out, x.planted...)
			scrubtest.AssertPresent(t, out, x.visible...)
			checkStructure(t, x.data, out)
			for _, f := range r.Findings {
				if !scrub.KnownLabel(f.Label) {
					t.Errorf("finding without a known label: %+v", f)
				}
			}
		})
	}
}

// TestGUIDsRenumbered: the GUIDs the format needs get new numbers, the
// same for every reference, and the same every time.
func TestGUIDsRenumbered(t *testing.T) {
	x := classesXlsx(t)
	out, r := engineClean(t, "g.xlsx", x.data)
	if r.Status != scrub.StatusCleaned {
		t.Fatalf("%s: %s", r.Status, r.Error)
	}
	_, m := members(t, out)
	sheet := string(m["xl/worksheets/sheet1.xml"])
	ids := regexp.MustCompile(`\{00000000-0000-4000-8000-[0-9A-F]{12}\}`).FindAllString(sheet, -1)
	if len(ids) != 2 || ids[0] != ids[1] {
		t.Errorf("the conditional format and its extension do not share one new id: %q", ids)
	}
	again, _ := engineClean(t, "g.xlsx", x.data)
	if !bytes.Equal(out, again) {
		t.Error("cleaning twice gives different bytes")
	}
}

// TestMediaFates: an EMF loses its description and keeps its size, a WMF
// stays as it is, a picture nothing cleans goes with the reference to it
// (the frame stays), and a GIF is cleaned through the registry.
func TestMediaFates(t *testing.T) {
	data, _, _ := classesDocx(t, "MEDIA-", nil)
	out, r := engineClean(t, "m.docx", data)
	if r.Status != scrub.StatusCleaned {
		t.Fatalf("%s: %s", r.Status, r.Error)
	}
	_, in := members(t, data)
	_, got := members(t, out)
	if e := got["word/media/image1.emf"]; len(e) != len(in["word/media/image1.emf"]) || bytes.Contains(e, utf16le("MEDIA-")) {
		t.Errorf("EMF: %d bytes (was %d), description left: %v", len(e), len(in["word/media/image1.emf"]), bytes.Contains(e, utf16le("MEDIA-")))
	}
	if !bytes.Equal(got["word/media/image2.wmf"], in["word/media/image2.wmf"]) {
		t.Error("the WMF changed")
	}
	if _, ok := got["word/media/image3.bmp"]; ok || strings.Contains(string(got["word/document.xml"]), `r:embed="rIdBmp"`) {
		t.Error("the BMP, or the reference to it, stayed")
	}
	if !strings.Contains(string(got["word/document.xml"]), `descr="smb`) && !strings.Contains(string(got["word/document.xml"]), `name="Picture 3"`) {
		t.Error("the frame of the removed picture went too")
	}
	if g, ok := got["word/media/image4.gif"]; !ok || bytes.Contains(g, []byte("MEDIA-GIF-COMMENT")) {
		t.Errorf("the GIF is missing or keeps its comment")
	}
	found := map[scrub.Label]bool{}
	for _, f := range r.Findings {
		found[f.Label] = true
	}
	for _, l := range []scrub.Label{scrub.LabelDescription, scrub.LabelEmbeddedPicture, scrub.LabelAccount, scrub.LabelDocumentID, scrub.LabelTemplate} {
		if !found[l] {
			t.Errorf("no finding labelled %s", l)
		}
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, c := range utf16.Encode([]rune(s)) {
		b = append(b, byte(c), byte(c>>8))
	}
	return b
}

// TestResidueTeeth: the same cleaner with one rule switched off leaves a
// planted address, account or path in the copy, and the engine's residue
// check (through Parts, independently of the rules) refuses to write it.
func TestResidueTeeth(t *testing.T) {
	data, _, _ := classesDocx(t, "TEETH-", nil)
	for _, rule := range []string{"accounts", "namespaces", "paths"} {
		t.Run(rule, func(t *testing.T) {
			doc := data
			switch rule {
			case "namespaces": // an address in an attribute of a namespace nobody knows
				doc = replaceMember(t, data, "word/document.xml", `foo:who="TEETH-UNKNOWN-ATTR"`, `foo:who="teeth.unknown@example.org"`)
			case "paths": // a home folder in an attribute no rule names
				doc = replaceMember(t, data, "word/document.xml", `<w:alias w:val="Box"/>`, `<w:alias w:val="Box"/><w:tag w:val="/home/teethuser/box.txt"/>`)
			}
			// A deliberately different registry: the production one with
			// the Office handler replaced by the broken one.
			reg := scrub.NewRegistry()
			for _, h := range all.Registry().Handlers() {
				if h.Name() == "ooxml" {
					h = ooxml.NewWithout(rule)
				}
				reg.Register(h)
			}
			e := &scrub.Engine{Registry: reg}
			_, r := e.CleanData(context.Background(), "teeth.docx", doc)
			var re *scrub.ResidueError
			if r.Status != scrub.StatusFailed || !errors.As(r.Err, &re) {
				t.Fatalf("without the %s rule: %s %v, want a residue error", rule, r.Status, r.Err)
			}
			t.Logf("without the %s rule: %v", rule, r.Err)
			// The production handler cleans the same file.
			if _, r := engineClean(t, "teeth.docx", doc); r.Status != scrub.StatusCleaned {
				t.Errorf("with every rule: %s %v", r.Status, r.Err)
			}
		})
	}
}

// replaceMember returns a package whose member name has old replaced by
// new (the package is rebuilt by the fixture writer's rules).
func replaceMember(t *testing.T, data []byte, name, old, new string) []byte {
	t.Helper()
	names, m := members(t, data)
	if !strings.Contains(string(m[name]), old) {
		t.Fatalf("%s does not hold %q", name, old)
	}
	f := &fixture{}
	for _, n := range names {
		if n == "[Content_Types].xml" {
			continue
		}
		b := m[n]
		if n == name {
			b = []byte(strings.Replace(string(b), old, new, 1))
		}
		f.parts = append(f.parts, fpart{name: n, data: b})
	}
	out := f.bytesWithTypes(t, m["[Content_Types].xml"])
	return out
}

// TestBinarySummarised: binary values (a vector of link targets, a blob)
// are summarised in findings, never printed.
func TestBinarySummarised(t *testing.T) {
	f := &fixture{}
	f.add("_rels/.rels", "", rels("rId1|"+relR+"officeDocument|word/document.xml", "rId3|"+relR+"extended-properties|docProps/app.xml",
		"rId4|"+relR+"custom-properties|docProps/custom.xml"))
	f.add("word/document.xml", ctDocMain, xmlDecl+`<w:document `+wNS+`><w:body><w:p><w:r><w:t>text</w:t></w:r></w:p></w:body></w:document>`)
	f.add("docProps/app.xml", ctApp, xmlDecl+`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">`+
		`<TotalTime>0</TotalTime><HLinks><vt:vector size="2" baseType="variant"><vt:variant><vt:i4>7340032</vt:i4></vt:variant><vt:variant><vt:lpwstr>file:///C:/Users/hlinkuser/x.doc</vt:lpwstr></vt:variant></vt:vector></HLinks></Properties>`)
	f.add("docProps/custom.xml", ctCustom, xmlDecl+`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">`+
		`<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Blob"><vt:blob>UExBTlQtQkxPQi1WQUxVRQ==</vt:blob></property></Properties>`)
	fs := scrubtest.Inspect(t, all.Registry(), "b.docx", f.bytes(t))
	seen := 0
	for _, f := range fs {
		switch f.Field {
		case "HLinks", "custom property Blob":
			seen++
			if !strings.HasPrefix(f.Value, "binary data, ") {
				t.Errorf("%s: %q is not summarised", f.Field, f.Value)
			}
		case "TotalTime":
			seen++
			if !f.Minor {
				t.Errorf("an editing time of 0 minutes is not minor")
			}
		}
	}
	if seen != 3 {
		t.Errorf("findings %+v", fs)
	}
}

// TestClassesEmbedded: the workbook and the presentation of every class,
// embedded in a Word document (as Word embeds them), are cleaned as they
// are on their own.
func TestClassesEmbedded(t *testing.T) {
	x, p := classesXlsx(t), classesPptx(t)
	f := &fixture{}
	f.add("_rels/.rels", "", rels("rId1|"+relR+"officeDocument|word/document.xml"))
	f.add("word/_rels/document.xml.rels", "", rels("rIdX|"+relR+"package|embeddings/Book.xlsx", "rIdP|"+relR+"package|embeddings/Deck.pptx",
		"rIdImg|"+relR+"image|media/preview.png"))
	f.add("word/document.xml", ctDocMain, xmlDecl+`<w:document `+wAll+`><w:body><w:p><w:r><w:t>Host text</w:t></w:r></w:p>`+
		`<w:p>`+oleObject(1, "rIdImg", "rIdX", "Excel.Sheet.12")+`</w:p><w:p>`+oleObject(2, "rIdImg", "rIdP", "PowerPoint.Show.12")+`</w:p></w:body></w:document>`)
	f.add("word/embeddings/Book.xlsx", "", x.data)
	f.add("word/embeddings/Deck.pptx", "", p.data)
	f.add("word/media/preview.png", "", pngWith(t, "PLANT-PREVIEW"))
	data := f.bytes(t)
	planted := append(append(x.planted, p.planted...), "PLANT-PREVIEW")
	scrubtest.AssertPresent(t, data, planted...)
	out, r := engineClean(t, "host.docx", data)
	if r.Status != scrub.StatusCleaned {
		t.Fatalf("%s: %s", r.Status, r.Error)
	}
	scrubtest.AssertAbsent(t, out, planted...)
	scrubtest.AssertPresent(t, out, "Host text", "XLSX-CLASS-CELL", "PPTX-CLASS-TITLE")
}
