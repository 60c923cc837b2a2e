package corpus

import (
	"bytes"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"strings"
)

// docx builds a Word document the way Word 2016 lays it out: every member
// deflated, media under word/media, revision-save ids (rsid) on paragraphs
// and in settings, author and company in docProps.
func docx(d docSpec) ([]byte, []string) {
	r := d.r
	rsids := make([]string, 3+r.intn(5))
	for i := range rsids {
		rsids[i] = strings.ToUpper(hexID(r, 8))
	}
	var body strings.Builder
	fmt.Fprintf(&body, `<w:p w:rsidR="%s" w:rsidRDefault="%s"><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>%s</w:t></w:r></w:p>`,
		rsids[0], rsids[0], html.EscapeString(d.title))
	img := 0
	for i := 0; i < d.paras || img < len(d.images); i++ {
		rs := rsids[r.intn(len(rsids))]
		if i < d.paras {
			fmt.Fprintf(&body, `<w:p w:rsidR="%s" w:rsidRDefault="%s" w:rsidP="%s"><w:r w:rsidRPr="%s"><w:t xml:space="preserve">%s</w:t></w:r></w:p>`,
				rs, rs, rsids[0], rsids[len(rsids)-1], html.EscapeString(paragraph(r)))
		}
		if img < len(d.images) && (i%2 == 1 || i >= d.paras) {
			cx := int64(5486400) // 15.24 cm in EMU
			cy := cx * int64(d.imgDims[img][1]) / int64(d.imgDims[img][0])
			fmt.Fprintf(&body, `<w:p w:rsidR="%s" w:rsidRDefault="%s"><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:noProof/></w:rPr><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="%d" name="Picture %d"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="%d" name="IMG_%04d.JPG"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImg%d"><a:extLst><a:ext uri="{28A0092B-C50C-407E-A947-70E740481C1C}"><a14:useLocalDpi xmlns:a14="http://schemas.microsoft.com/office/drawing/2010/main" val="0"/></a:ext></a:extLst></a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`,
				rs, rs, cx, cy, img+1, img+1, img+1, 4000+r.intn(5000), img+1, cx, cy)
			img++
		}
	}
	document := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<w:document xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" mc:Ignorable="w14">` +
		`<w:body>` + body.String() +
		fmt.Sprintf(`<w:sectPr w:rsidR="%s"><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1134" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/><w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>`, rsids[0]) +
		`</w:body></w:document>`

	var rels strings.Builder
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>`)
	for i := range d.images {
		fmt.Fprintf(&rels, `<Relationship Id="rIdImg%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image%d.jpeg"/>`, i+1, i+1)
	}
	rels.WriteString(`</Relationships>`)

	var rsidXML strings.Builder
	fmt.Fprintf(&rsidXML, `<w:rsids><w:rsidRoot w:val="%s"/>`, rsids[0])
	for _, s := range rsids {
		fmt.Fprintf(&rsidXML, `<w:rsid w:val="%s"/>`, s)
	}
	rsidXML.WriteString(`</w:rsids>`)
	settings := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:defaultTabStop w:val="708"/><w:hyphenationZone w:val="425"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
		rsidXML.String() + `<w:themeFontLang w:val="en-GB"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/></w:settings>`

	styles := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Times New Roman"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:sz w:val="32"/></w:rPr></w:style>` +
		`</w:styles>`
	fontTable := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="Calibri"><w:panose1 w:val="020F0502020204030204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font><w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>`

	contentTypes := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
		`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
		`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
		`</Types>`
	rootRels := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	core := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + html.EscapeString(d.title) + `</dc:title><dc:creator>` + html.EscapeString(d.initial) + `</dc:creator><cp:lastModifiedBy>` + html.EscapeString(d.author) + `</cp:lastModifiedBy><cp:revision>` + fmt.Sprint(2+r.intn(30)) + `</cp:revision>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + d.created + `Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + d.modified + `Z</dcterms:modified></cp:coreProperties>`
	app := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
		`<Template>Normal.dotm</Template><TotalTime>` + fmt.Sprint(10+r.intn(300)) + `</TotalTime><Pages>` + fmt.Sprint(1+d.paras/6+len(d.images)/2) + `</Pages><Words>` + fmt.Sprint(d.paras*70) + `</Words>` +
		`<Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity><Lines>` + fmt.Sprint(d.paras*5) + `</Lines><Paragraphs>` + fmt.Sprint(d.paras) + `</Paragraphs>` +
		`<Company>` + html.EscapeString(d.company) + `</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>`

	z := newZip()
	z.add("[Content_Types].xml", []byte(contentTypes), false)
	z.add("_rels/.rels", []byte(rootRels), false)
	z.add("word/document.xml", []byte(document), false)
	z.add("word/_rels/document.xml.rels", []byte(rels.String()), false)
	for i, im := range d.images {
		z.add(fmt.Sprintf("word/media/image%d.jpeg", i+1), im, false)
	}
	z.add("word/styles.xml", []byte(styles), false)
	z.add("word/settings.xml", []byte(settings), false)
	z.add("word/fontTable.xml", []byte(fontTable), false)
	z.add("docProps/core.xml", []byte(core), false)
	z.add("docProps/app.xml", []byte(app), false)
	return z.bytes(), append([]string{d.author, d.initial, d.company}, rsids...)
}

// thumbnailPNG draws a page-like preview, as LibreOffice stores one.
func thumbnailPNG(r *rng) []byte {
	img := image.NewGray(image.Rect(0, 0, 181, 256))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := 20; y < 236; y += 6 {
		n := 120 + r.intn(40)
		for x := 20; x < 20+n; x++ {
			img.SetGray(x, y, color.Gray{Y: 90})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}
