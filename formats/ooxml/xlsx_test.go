package ooxml_test

import "testing"

const (
	xNS       = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	ctXL      = "application/vnd.openxmlformats-officedocument.spreadsheetml."
	tcNS      = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
	vmlHeader = `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
		`<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>` +
		`<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`
)

func noteShape(id, text string) string {
	return `<v:shape id="` + id + `" type="#_x0000_t202" style="position:absolute;margin-left:60pt;margin-top:2pt;width:100pt;height:60pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
		`<v:fill color2="#ffffe1"/><v:textbox><div style="text-align:left">` + text + `</div></v:textbox>` +
		`<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>1, 15, 0, 2, 3, 15, 4, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>0</x:Row><x:Column>0</x:Column></x:ClientData></v:shape>`
}

func sheet(text string, extra string, hiddenRow bool) string {
	row2 := `<row r="2">`
	if hiddenRow {
		row2 = `<row r="2" hidden="1">`
	}
	return xmlDecl + `<worksheet ` + xNS + ` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" mc:Ignorable="xr" xr:uid="{PLANT-SHEET-UID-` + text + `}">` +
		`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>` + text + `</t></is></c></row>` + row2 + `<c r="A2" t="inlineStr"><is><t>ROW2-` + text + `</t></is></c></row></sheetData>` +
		`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>` + extra + `</worksheet>`
}

// xlsxFixture is an Excel workbook with a planted value in every place the
// cleaner must empty.
func xlsxFixture(t testing.TB) fx {
	f := &fixture{comment: "PLANT-ZIP-COMMENT"}
	f.add("_rels/.rels", "", rels(
		"rId1|"+relR+"officeDocument|xl/workbook.xml",
		"rId2|"+relPkg+"metadata/core-properties|docProps/core.xml",
		"rId3|"+relR+"extended-properties|docProps/app.xml",
		"rId4|"+relR+"custom-properties|docProps/custom.xml"))
	f.add("docProps/core.xml", ctCore, coreXML("XPLANT"))
	f.add("docProps/app.xml", ctApp, appXML("XPLANT"))
	f.add("docProps/custom.xml", ctCustom, customXML("XPLANT"))
	f.add("xl/workbook.xml", ctXL+"sheet.main+xml", xmlDecl+`<workbook `+xNS+` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15 xr xr6 xr10 xr2"`+
		` xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision"`+
		` xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6" xmlns:xr10="http://schemas.microsoft.com/office/spreadsheetml/2016/revision10" xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2">`+
		`<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="73519" codeName="{PLANT-CODENAME}"/><fileSharing userName="PLANT-SHARING-USER"/><workbookPr defaultThemeVersion="166925"/>`+
		`<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x15"><x15ac:absPath url="C:\Users\PLANT-ABSPATH\Documents\" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice></mc:AlternateContent>`+
		`<xr:revisionPtr revIDLastSave="0" documentId="8_{PLANT-DOCUMENT-ID}" xr6:coauthVersionLast="47" xr6:coauthVersionMax="47" xr10:uidLastSave="{PLANT-UIDLASTSAVE}"/>`+
		`<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300" xr2:uid="{PLANT-VIEW-UID}"/></bookViews>`+
		`<sheets><sheet name="Visible" sheetId="1" r:id="rId1"/><sheet name="HiddenOne" sheetId="2" state="hidden" r:id="rId2"/><sheet name="VeryHiddenOne" sheetId="3" state="veryHidden" r:id="rId3"/></sheets>`+
		`<externalReferences><externalReference r:id="rId6"/></externalReferences><calcPr calcId="191029"/><pivotCaches><pivotCache cacheId="1" r:id="rId7"/></pivotCaches></workbook>`)
	f.add("xl/_rels/workbook.xml.rels", "", rels(
		"rId1|"+relR+"worksheet|worksheets/sheet1.xml",
		"rId2|"+relR+"worksheet|worksheets/sheet2.xml",
		"rId3|"+relR+"worksheet|worksheets/sheet3.xml",
		"rId4|"+relR+"styles|styles.xml",
		"rId6|"+relR+"externalLink|externalLinks/externalLink1.xml",
		"rId7|"+relR+"pivotCacheDefinition|pivotCache/pivotCacheDefinition1.xml",
		"rId8|"+relMS17+"person|persons/person.xml",
		"rId9|"+relR+"revisionHeaders|revisions/revisionHeaders.xml",
		"rId10|"+relR+"usernames|revisions/userNames.xml",
		"rId11|"+relR+"connections|connections.xml"))
	f.add("xl/styles.xml", ctXL+"styles+xml", xmlDecl+`<styleSheet `+xNS+`><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>`+
		`<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="1"><xf/></cellXfs></styleSheet>`)
	f.add("xl/worksheets/sheet1.xml", ctXL+"worksheet+xml", sheet("VISIBLE-CELL-TEXT", `<pageSetup orientation="portrait" r:id="rId1"/><legacyDrawing r:id="rId2"/>`, true))
	f.add("xl/worksheets/_rels/sheet1.xml.rels", "", rels(
		"rId1|"+relR+"printerSettings|../printerSettings/printerSettings1.bin",
		"rId2|"+relR+"vmlDrawing|../drawings/vmlDrawing1.vml",
		"rId3|"+relR+"comments|../comments1.xml",
		"rId4|"+relMS17+"threadedComment|../threadedComments/threadedComment1.xml"))
	f.add("xl/worksheets/sheet2.xml", ctXL+"worksheet+xml", sheet("HIDDEN-SHEET-TEXT", `<legacyDrawing r:id="rId1"/>`, false))
	f.add("xl/worksheets/_rels/sheet2.xml.rels", "", rels(
		"rId1|"+relR+"vmlDrawing|../drawings/vmlDrawing2.vml",
		"rId2|"+relR+"comments|../comments2.xml"))
	f.add("xl/worksheets/sheet3.xml", ctXL+"worksheet+xml", sheet("VERY-HIDDEN-TEXT", "", false))
	f.add("xl/printerSettings/printerSettings1.bin", ctXL+"printerSettings", "X\x00P\x00L\x00A\x00N\x00T\x00-\x00P\x00R\x00N\x00"+string(make([]byte, 100)))
	f.add("xl/drawings/vmlDrawing1.vml", "", vmlHeader+noteShape("_x0000_s1025", "PLANT-VML-NOTE")+`</xml>`)
	f.add("xl/drawings/vmlDrawing2.vml", "", vmlHeader+noteShape("_x0000_s2049", "PLANT-VML-NOTE2")+
		`<v:shapetype id="_x0000_t75" coordsize="21600,21600" o:spt="75" o:preferrelative="t" path="m@4@5l@4@11@9@11@9@5xe" filled="f" stroked="f"><v:stroke joinstyle="miter"/></v:shapetype>`+
		`<v:shape id="_x0000_s2050" type="#_x0000_t75" style="position:absolute;margin-left:0;margin-top:0;width:40pt;height:40pt;z-index:2"><v:imagedata o:relid="rId1" o:title="C:\Users\PLANT-VML-TITLE\pic"/>`+
		`<x:ClientData ObjectType="Pict"><x:SizeWithCells/><x:CF>Pict</x:CF><x:AutoPict/></x:ClientData></v:shape></xml>`)
	f.add("xl/drawings/_rels/vmlDrawing2.vml.rels", "", rels("rId1|"+relR+"image|../media/image1.png"))
	f.add("xl/media/image1.png", "", pngWith(t, "PLANT-XL-PNG"))
	comments := func(author, text string) string {
		return xmlDecl + `<comments ` + xNS + `><authors><author>` + author + `</author></authors><commentList><comment ref="A1" authorId="0"><text><r><t>` + text + `</t></r></text></comment></commentList></comments>`
	}
	f.add("xl/comments1.xml", ctXL+"comments+xml", comments("PLANT-XL-COMMENT-AUTHOR", "PLANT-XL-COMMENT-TEXT"))
	f.add("xl/comments2.xml", ctXL+"comments+xml", comments("PLANT-XL-COMMENT2-AUTHOR", "PLANT-XL-COMMENT2-TEXT"))
	f.add("xl/threadedComments/threadedComment1.xml", "application/vnd.ms-excel.threadedcomments+xml",
		xmlDecl+`<ThreadedComments xmlns="`+tcNS+`"><threadedComment ref="A1" dT="2031-07-08T09:10:11.00" personId="{PLANT-PERSON-ID}" id="{00000000-0000-0000-0000-000000000009}"><text>PLANT-THREADED-TEXT</text></threadedComment></ThreadedComments>`)
	f.add("xl/persons/person.xml", "application/vnd.ms-excel.person+xml",
		xmlDecl+`<personList xmlns="`+tcNS+`"><person displayName="PLANT-XL-PERSON" id="{PLANT-PERSON-ID}" userId="PLANT-XL-USERID" providerId="AD"/></personList>`)
	f.add("xl/pivotCache/pivotCacheDefinition1.xml", ctXL+"pivotCacheDefinition+xml",
		xmlDecl+`<pivotCacheDefinition `+xNS+` refreshedBy="PLANT-PIVOT-USER" refreshedDate="45123.456789" createdVersion="6" refreshedVersion="6" minRefreshableVersion="3" recordCount="0">`+
			`<cacheSource type="worksheet"><worksheetSource ref="A1:A2" sheet="Visible"/></cacheSource><cacheFields count="1"><cacheField name="F" numFmtId="0"><sharedItems/></cacheField></cacheFields></pivotCacheDefinition>`)
	f.add("xl/revisions/revisionHeaders.xml", ctXL+"revisionHeaders+xml",
		xmlDecl+`<headers `+xNS+` guid="{00000000-0000-0000-0000-000000000001}"><header guid="{00000000-0000-0000-0000-000000000002}" dateTime="2031-07-08T09:10:11" maxSheetId="4" userName="PLANT-REV-USER" r:id="rId1"><sheetIdMap count="1"><sheetId val="1"/></sheetIdMap></header></headers>`)
	f.add("xl/revisions/_rels/revisionHeaders.xml.rels", "", rels("rId1|"+relR+"revisionLog|revisionLog1.xml"))
	f.add("xl/revisions/revisionLog1.xml", ctXL+"revisionLog+xml", xmlDecl+`<revisions `+xNS+`><rcc rId="1" sId="1"><nc r="A1" t="inlineStr"><is><t>PLANT-REV-OLD-VALUE</t></is></nc></rcc></revisions>`)
	f.add("xl/revisions/userNames.xml", ctXL+"userNames+xml", xmlDecl+`<users `+xNS+` count="1"><userInfo guid="{00000000-0000-0000-0000-000000000003}" name="PLANT-REV-USERNAME" id="1" dateTime="2031-07-08T09:10:11"/></users>`)
	f.add("xl/externalLinks/externalLink1.xml", ctXL+"externalLink+xml",
		xmlDecl+`<externalLink `+xNS+`><externalBook r:id="rId1"><sheetNames><sheetName val="Other"/></sheetNames></externalBook></externalLink>`)
	f.add("xl/externalLinks/_rels/externalLink1.xml.rels", "", rels("rId1|"+relR+"externalLinkPath|file:///C:/Users/REPORTED-XL-LINK/book.xlsx|External"))
	f.add("xl/connections.xml", ctXL+"connections+xml",
		xmlDecl+`<connections `+xNS+`><connection id="1" name="conn" type="1" refreshedVersion="6" savePassword="0" odcFile="C:\Users\PLANT-ODC\query.odc"><dbPr connection="DSN=x;UID=PLANT-DB-USER" command="select 1"/></connection>`+
			`<connection id="2" name="web" type="1" refreshedVersion="6" odcFile="https://example.org/REPORTED-ODC.odc"><dbPr connection="DSN=REPORTED-DSN" command="select 2"/></connection></connections>`)

	planted := append(corePlants("XPLANT"), "PLANT-ZIP-COMMENT", "PLANT-MEMBER-COMMENT", "73519", "PLANT-CODENAME", "PLANT-SHARING-USER",
		"PLANT-ABSPATH", "PLANT-DOCUMENT-ID", "PLANT-UIDLASTSAVE", "PLANT-VIEW-UID", "PLANT-SHEET-UID", "XPLANT-PRN", "PLANT-VML-NOTE",
		"PLANT-VML-NOTE2", "PLANT-VML-TITLE", "PLANT-XL-PNG", "PLANT-XL-COMMENT-AUTHOR", "PLANT-XL-COMMENT-TEXT", "PLANT-XL-COMMENT2-AUTHOR",
		"PLANT-XL-COMMENT2-TEXT", "PLANT-THREADED-TEXT", "PLANT-PERSON-ID", "PLANT-XL-PERSON", "PLANT-XL-USERID", "PLANT-PIVOT-USER",
		"45123.456789", "PLANT-ODC", "PLANT-DB-USER", "PLANT-REV-USER", "PLANT-REV-OLD-VALUE", "PLANT-REV-USERNAME", "2031-07-08T09:10:11",
		`Requires="x15"`,   // the mc:AlternateContent emptied by removing absPath goes too
		"REPORTED-XL-LINK") // a local link keeps its file name, not the user's folders
	visible := []string{"VISIBLE-CELL-TEXT", "ROW2-VISIBLE-CELL-TEXT", "HIDDEN-SHEET-TEXT", "VERY-HIDDEN-TEXT", `Target="book.xlsx"`, "REPORTED-ODC", "REPORTED-DSN", `odcFile="query.odc"`, "_x0000_s2050"}
	reported := []string{"hidden sheet", "very hidden sheet (not listed by Excel's Unhide)", "hidden rows", "link to a local or network path (externalLinkPath)",
		"data connection (odcFile)", "data connection (connection)"}
	rendered := []string{"VISIBLE-CELL-TEXT", "ROW2-VISIBLE-CELL-TEXT", "HIDDEN-SHEET-TEXT", "VERY-HIDDEN-TEXT"}
	return fx{f.bytes(t), planted, visible, reported, rendered, []string{"PLANT-XL-COMMENT-TEXT", "PLANT-THREADED-TEXT"}}
}
