package odf_test

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"time"
)

// Fixtures are generated here: every identifying value is a unique
// planted string, and every document is one LibreOffice opens.

const (
	mimeText  = "application/vnd.oasis.opendocument.text"
	mimeCalc  = "application/vnd.oasis.opendocument.spreadsheet"
	mimeImpr  = "application/vnd.oasis.opendocument.presentation"
	mimeDraw  = "application/vnd.oasis.opendocument.graphics"
	mimeEmpty = ""
)

// nsDecls declares every namespace the fixtures use.
const nsDecls = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
	`xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ` +
	`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
	`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
	`xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ` +
	`xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" ` +
	`xmlns:xlink="http://www.w3.org/1999/xlink" ` +
	`xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
	`xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" ` +
	`xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" ` +
	`xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" ` +
	`xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" ` +
	`xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" ` +
	`xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" ` +
	`xmlns:ooo="http://openoffice.org/2004/office" ` +
	`xmlns:officeooo="http://openoffice.org/2009/office" ` +
	`xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"`

const xmlDecl = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// metaPlants are the values metaXML plants (with a prefix per document).
func metaPlants(p string) []string {
	return []string{p + "INITIAL-CREATOR", p + "LAST-AUTHOR", p + "PRINTED-BY", p + "GENERATOR/9.9",
		p + "TEMPLATE-USER", p + "TEMPLATE-TITLE", p + "RELOAD", p + "FRAME", p + "KEYWORD", p + "TITLE",
		p + "SUBJECT", p + "DESCRIPTION", p + "UD-NAME", p + "UD-VALUE",
		"2031-01-02T03:04:05", "2031-02-03T04:05:06", "2031-03-04T05:06:07", "2031-04-05T06:07:08", "PT42H42M42S"}
}

func metaBody(p string) string {
	return `<meta:initial-creator>` + p + `INITIAL-CREATOR</meta:initial-creator>` +
		`<meta:creation-date>2031-01-02T03:04:05</meta:creation-date>` +
		`<dc:creator>` + p + `LAST-AUTHOR</dc:creator><dc:date>2031-02-03T04:05:06</dc:date>` +
		`<meta:printed-by>` + p + `PRINTED-BY</meta:printed-by><meta:print-date>2031-03-04T05:06:07</meta:print-date>` +
		`<meta:editing-cycles>31337</meta:editing-cycles><meta:editing-duration>PT42H42M42S</meta:editing-duration>` +
		`<meta:generator>` + p + `GENERATOR/9.9</meta:generator>` +
		`<meta:template xlink:type="simple" xlink:actuate="onRequest" xlink:href="file:///home/` + p + `TEMPLATE-USER/letter.ott" xlink:title="` + p + `TEMPLATE-TITLE" meta:date="2031-04-05T06:07:08"/>` +
		`<meta:auto-reload xlink:href="file:///srv/` + p + `RELOAD/x.odt" meta:delay="PT1M"/>` +
		`<meta:hyperlink-behaviour office:target-frame-name="` + p + `FRAME"/>` +
		`<meta:keyword>` + p + `KEYWORD</meta:keyword><dc:title>` + p + `TITLE</dc:title>` +
		`<dc:subject>` + p + `SUBJECT</dc:subject><dc:description>` + p + `DESCRIPTION</dc:description>` +
		`<dc:language>en-US</dc:language>` +
		`<meta:user-defined meta:name="` + p + `UD-NAME">` + p + `UD-VALUE</meta:user-defined>` +
		`<meta:document-statistic meta:page-count="1" meta:word-count="7"/>`
}

func metaXML(p string) string {
	return xmlDecl + `<office:document-meta ` + nsDecls + ` office:version="1.3"><office:meta>` + metaBody(p) + `</office:meta></office:document-meta>`
}

// printerSetup is a PrinterSetup blob as LibreOffice writes it: a binary
// job setup naming the print queue and the driver.
func printerSetup(p string) string {
	var b bytes.Buffer
	b.Write([]byte{0x3a, 0x01, 0xfe, 0xff})
	b.WriteString(`\\` + p + `PRINT-SERVER\queue-7`)
	b.Write(make([]byte, 24))
	b.WriteString(p + "DRIVER PCL 6")
	b.Write(make([]byte, 40))
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

func settingsPlants(p string) []string {
	return []string{p + "PRINTER", p + "FAX", p + "PRINT-SERVER", p + "DRIVER", p + "DATASOURCE", "13371337", p + "SETTINGS-USER"}
}

func settingsBody(p string) string {
	return `<config:config-item-set config:name="ooo:view-settings"><config:config-item config:name="ViewAreaTop" config:type="long">0</config:config-item></config:config-item-set>` +
		`<config:config-item-set config:name="ooo:configuration-settings">` +
		`<config:config-item config:name="PrinterName" config:type="string">` + p + `PRINTER</config:config-item>` +
		`<config:config-item config:name="PrintFaxName" config:type="string">` + p + `FAX</config:config-item>` +
		`<config:config-item config:name="PrinterSetup" config:type="base64Binary">` + printerSetup(p) + `</config:config-item>` +
		`<config:config-item config:name="CurrentDatabaseDataSource" config:type="string">` + p + `DATASOURCE</config:config-item>` +
		`<config:config-item config:name="Rsid" config:type="int">13371337</config:config-item>` +
		`<config:config-item config:name="ColorTableURL" config:type="string">file:///home/` + p + `SETTINGS-USER/colors.soc</config:config-item>` +
		`<config:config-item config:name="AddParaTableSpacing" config:type="boolean">false</config:config-item>` +
		`<config:config-item config:name="PrinterIndependentLayout" config:type="string">high-resolution</config:config-item>` +
		`</config:config-item-set>`
}

func settingsXML(p string) string {
	return xmlDecl + `<office:document-settings ` + nsDecls + ` office:version="1.3"><office:settings>` + settingsBody(p) + `</office:settings></office:document-settings>`
}

func stylesXML(masterContent string) string {
	return xmlDecl + `<!-- PLANT-XML-COMMENT --><office:document-styles ` + nsDecls + ` office:version="1.3"><office:styles>` +
		`<style:style style:name="Standard" style:family="paragraph"><style:text-properties officeooo:rsid="00abcdef" fo:font-size="12pt"/></style:style>` +
		`</office:styles><office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"/></style:page-layout></office:automatic-styles>` +
		`<office:master-styles><style:master-page style:name="` + masterName(masterContent) + `" style:page-layout-name="pm1">` + masterContent + `</style:master-page></office:master-styles></office:document-styles>`
}

func masterName(content string) string {
	if strings.Contains(content, "style:footer") {
		return "Standard"
	}
	return "Default"
}

// member is one file of a fixture package.
type member struct {
	name, data string
	store      bool
}

// mediaTypes for manifest entries of fixture members.
func mediaType(name string) string {
	switch {
	case strings.HasSuffix(name, ".xml"):
		return "text/xml"
	case strings.HasSuffix(name, ".jpg"):
		return "image/jpeg"
	case strings.HasSuffix(name, ".png"):
		return "image/png"
	}
	return ""
}

// manifestXML lists members, plus extra entries (folders, sub-documents).
func manifestXML(mime string, ms []member, extra ...string) string {
	var b strings.Builder
	b.WriteString(xmlDecl + `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` + "\n")
	if mime != "" {
		b.WriteString(` <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="` + mime + `"/>` + "\n")
	}
	for _, e := range extra {
		b.WriteString(" " + e + "\n")
	}
	for _, m := range ms {
		if m.name == "mimetype" || strings.HasPrefix(m.name, "META-INF/") {
			continue
		}
		b.WriteString(` <manifest:file-entry manifest:full-path="` + m.name + `" manifest:media-type="` + mediaType(m.name) + `"/>` + "\n")
	}
	b.WriteString("</manifest:manifest>\n")
	return b.String()
}

// pack writes a package with archive/zip the way LibreOffice does: real
// modification times, mimetype first and stored, the rest deflated.
func pack(t testing.TB, ms []member) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range ms {
		fh := &zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: time.Date(2031, 6, 7, 8, 9, 10, 0, time.UTC)}
		if m.store {
			fh.Method = zip.Store
		}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(m.data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// document builds a complete package: mimetype, the given members and a
// manifest listing them all.
func document(t testing.TB, mime string, ms []member, extraEntries ...string) []byte {
	all := append([]member{{name: "mimetype", data: mime, store: true}}, ms...)
	all = append(all, member{name: "META-INF/manifest.xml", data: manifestXML(mime, ms, extraEntries...)})
	return pack(t, all)
}

// exifJPEG returns a small JPEG with an EXIF segment holding a camera make
// and a GPS position.
func exifJPEG(t testing.TB, make string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for y := 0; y < 16; y++ {
		for x := 0; x < 16; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 16), uint8(y * 16), 128, 255})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, nil); err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	tiff := []byte("II*\x00\x08\x00\x00\x00")
	makeVal := append([]byte(make), 0)
	entry := func(b []byte, tag, typ uint16, count, value uint32) []byte {
		b = le.AppendUint16(b, tag)
		b = le.AppendUint16(b, typ)
		b = le.AppendUint32(b, count)
		return le.AppendUint32(b, value)
	}
	const ifd0 = 8
	ifd0Size := 2 + 2*12 + 4
	makeOff := ifd0 + ifd0Size
	gpsOff := makeOff + len(makeVal)
	gpsSize := 2 + 2*12 + 4
	latOff := gpsOff + gpsSize
	b := le.AppendUint16(tiff, 2)
	b = entry(b, 0x010f, 2, uint32(len(makeVal)), uint32(makeOff))
	b = entry(b, 0x8825, 4, 1, uint32(gpsOff))
	b = le.AppendUint32(b, 0)
	b = append(b, makeVal...)
	b = le.AppendUint16(b, 2)
	b = entry(b, 0x0001, 2, 2, 'N')
	b = entry(b, 0x0002, 5, 3, uint32(latOff))
	b = le.AppendUint32(b, 0)
	for _, v := range []uint32{52, 1, 31, 1, 4077, 100} {
		b = le.AppendUint32(b, v)
	}
	app1 := append([]byte("Exif\x00\x00"), b...)
	seg := []byte{0xff, 0xe1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}
	jpg := enc.Bytes()
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, app1...)
	return append(out, jpg[2:]...)
}

// svm is a LibreOffice metafile no handler cleans (a preview image).
func svm(text string) string {
	return "VCLMTF\x01\x00\x31\x00\x00\x00" + text + strings.Repeat("\x00", 32)
}

// wmf is a placeable Windows metafile no handler cleans.
func wmf(text string) string {
	return "\xd7\xcd\xc6\x9a\x00\x00" + text + strings.Repeat("\x00", 32)
}

func signatures(p string) string {
	return xmlDecl + `<document-signatures xmlns="urn:oasis:names:tc:opendocument:xmlns:digitalsignature:1.0"><Signature xmlns="http://www.w3.org/2000/09/xmldsig#" Id="ID_1">` +
		`<KeyInfo><X509Data><X509IssuerSerial><X509IssuerName>CN=` + p + `CA</X509IssuerName><X509SerialNumber>4242</X509SerialNumber></X509IssuerSerial>` +
		`<X509SubjectName>CN=` + p + `SIGNER</X509SubjectName><X509Certificate>MIIB` + strings.Repeat("A", 60) + `</X509Certificate></X509Data></KeyInfo></Signature></document-signatures>`
}

func content(body string, autoStyles string) string {
	return xmlDecl + `<office:document-content ` + nsDecls + ` office:version="1.3"><office:scripts/>` +
		`<office:automatic-styles>` + autoStyles + `</office:automatic-styles><office:body>` + body + `</office:body></office:document-content>`
}

// fixture is a generated document with what it plants, what must stay
// visible, and what cleaning must report.
type fixture struct {
	name    string
	data    []byte
	planted []string
	visible []string // text LibreOffice must still show
	objects []string // text of embedded objects LibreOffice must still draw
	gone    []string // text LibreOffice must no longer show
	reports []string // Report findings (fields) the cleaned output keeps
}

// Text document ------------------------------------------------------------

const textStyles = `<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard">` +
	`<style:text-properties officeooo:rsid="00d15ea5" officeooo:paragraph-rsid="00c0ffee"/></style:style>` +
	`<style:style style:name="T1" style:family="text"><style:text-properties text:display="none"/></style:style>`

func textBody(p string) string {
	return `<office:text>` +
		`<text:tracked-changes text:track-changes="true">` +
		`<text:changed-region xml:id="ct4815162341" text:id="ct4815162341"><text:insertion><office:change-info><dc:creator>` + p + `CHANGE-AUTHOR</dc:creator><dc:date>2031-05-06T07:08:09</dc:date></office:change-info></text:insertion></text:changed-region>` +
		`<text:changed-region xml:id="ct4815162342" text:id="ct4815162342"><text:deletion><office:change-info><dc:creator>` + p + `CHANGE-AUTHOR</dc:creator><dc:date>2031-05-06T07:08:10</dc:date></office:change-info><text:p text:style-name="P1">` + p + `DELETED-TEXT</text:p></text:deletion></text:changed-region>` +
		`</text:tracked-changes>` +
		`<text:p text:style-name="P1">Visible opening sentence. <text:change-start text:change-id="ct4815162341"/>Inserted words stay.<text:change-end text:change-id="ct4815162341"/><text:change text:change-id="ct4815162342"/> Closing words.</text:p>` +
		`<text:p text:style-name="P1"><office:annotation office:name="__Annotation__1"><dc:creator>` + p + `COMMENT-AUTHOR</dc:creator><dc:date>2031-07-08T09:10:11</dc:date><meta:creator-initials>` + p + `INITIALS</meta:creator-initials><text:p>` + p + `COMMENT-TEXT</text:p></office:annotation>Commented phrase<office:annotation-end office:name="__Annotation__1"/> remains.</text:p>` +
		`<text:p>Written by <text:author-name text:fixed="true">Reported Author</text:author-name>.</text:p>` +
		`<text:p><text:a xlink:type="simple" xlink:href="file:///home/reported-user/notes.odt">a local link</text:a></text:p>` +
		`<text:p><text:hidden-paragraph text:condition="ooow:1" text:is-hidden="true"/>Hidden paragraph text.</text:p>` +
		`<text:section text:name="Secret" text:display="none"><text:p>Hidden section text.</text:p></text:section>` +
		`<text:p>A picture: <draw:frame draw:name="Image1" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm"><draw:image xlink:href="Pictures/photo.jpg" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>` +
		`<text:p>A logo: <draw:frame draw:name="Image2" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm"><draw:image xlink:href="Pictures/logo.wmf" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>` +
		`<text:p>An object: <draw:frame draw:name="Object1" text:anchor-type="as-char" svg:width="4cm" svg:height="1cm"><draw:object xlink:href="./Object 1" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/><draw:image xlink:href="./ObjectReplacements/Object 1" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>` +
		`</office:text>`
}

// objectContent is an embedded spreadsheet with a comment.
func objectContent(p string) string {
	return content(`<office:spreadsheet><table:table table:name="Sheet1"><table:table-column/><table:table-row><table:table-cell office:value-type="string">`+
		`<office:annotation><dc:creator>`+p+`OBJ-AUTHOR</dc:creator><dc:date>2031-09-10T11:12:13</dc:date><text:p>`+p+`OBJ-COMMENT</text:p></office:annotation>`+
		`<text:p>Object cell text</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>`, "")
}

// textPackage is a complete text document (mime lets templates reuse
// it) with planted values in every place the issue lists.
func textPackage(t testing.TB, mime, name string) fixture {
	p := "PLANT-"
	ms := []member{
		{name: "content.xml", data: content(textBody(p), textStyles)},
		{name: "styles.xml", data: stylesXML(`<style:footer><text:p>Footer by <text:sender-lastname>Reported Sender</text:sender-lastname></text:p></style:footer>`)},
		{name: "meta.xml", data: metaXML(p)},
		{name: "settings.xml", data: settingsXML(p)},
		{name: "Pictures/photo.jpg", data: string(exifJPEG(t, p+"CAMERA"))},
		{name: "Pictures/logo.wmf", data: wmf("KEPT-WMF")},
		{name: "Thumbnails/thumbnail.png", data: thumbnail(p + "THUMBNAIL")},
		{name: "Configurations2/accelerator/current.xml", data: p + "CONFIG"},
		{name: "layout-cache", data: p + "LAYOUT-CACHE"},
		{name: "Object 1/content.xml", data: objectContent(p)},
		{name: "Object 1/styles.xml", data: xmlDecl + `<office:document-styles ` + nsDecls + ` office:version="1.3"/>`},
		{name: "Object 1/meta.xml", data: xmlDecl + `<office:document-meta ` + nsDecls + ` office:version="1.3"><office:meta><meta:initial-creator>` + p + `OBJ-CREATOR</meta:initial-creator></office:meta></office:document-meta>`},
		{name: "Object 1/settings.xml", data: xmlDecl + `<office:document-settings ` + nsDecls + ` office:version="1.3"><office:settings>` +
			`<config:config-item-set config:name="ooo:view-settings"><config:config-item config:name="VisibleAreaTop" config:type="int">0</config:config-item><config:config-item config:name="VisibleAreaLeft" config:type="int">0</config:config-item>` +
			`<config:config-item config:name="VisibleAreaWidth" config:type="int">4516</config:config-item><config:config-item config:name="VisibleAreaHeight" config:type="int">903</config:config-item></config:config-item-set>` +
			`<config:config-item-set config:name="ooo:configuration-settings"><config:config-item config:name="PrinterName" config:type="string">` + p + `OBJ-PRINTER</config:config-item></config:config-item-set></office:settings></office:document-settings>`},
		{name: "ObjectReplacements/Object 1", data: svm(p + "SVM-PREVIEW")},
		{name: "META-INF/documentsignatures.xml", data: signatures(p)},
	}
	planted := append(metaPlants(p), settingsPlants(p)...)
	planted = append(planted, p+"CHANGE-AUTHOR", "2031-05-06T07:08:09", p+"DELETED-TEXT", p+"COMMENT-AUTHOR", "2031-07-08T09:10:11",
		p+"INITIALS", p+"COMMENT-TEXT", "00d15ea5", "00c0ffee", "00abcdef", "PLANT-XML-COMMENT", p+"CAMERA", p+"THUMBNAIL", p+"CONFIG",
		p+"LAYOUT-CACHE", p+"OBJ-AUTHOR", p+"OBJ-COMMENT", p+"OBJ-CREATOR", p+"OBJ-PRINTER", p+"SVM-PREVIEW", p+"SIGNER", p+"CA",
		"ct4815162341", "ct4815162342", "__Annotation__1")
	return fixture{
		name: name,
		data: document(t, mime, ms,
			`<manifest:file-entry manifest:full-path="Object 1/" manifest:version="1.3" manifest:media-type="`+mimeCalc+`"/>`,
			`<manifest:file-entry manifest:full-path="Configurations2/" manifest:media-type="application/vnd.sun.xml.ui.configuration"/>`),
		planted: planted,
		visible: []string{"Visible opening sentence.", "Inserted words stay.", "Closing words.", "Commented phrase remains."},
		objects: []string{"Object cell text"},
		gone:    []string{p + "DELETED-TEXT", p + "COMMENT-TEXT"},
		reports: []string{"author field", "sender field", "link to a file outside the document", "hidden paragraph", "hidden section",
			"hidden text formatting"},
	}
}

// Spreadsheet ---------------------------------------------------------------

func calcStyles() string {
	return `<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>` +
		`<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>` +
		`<style:style style:name="ce1" style:family="table-cell"><style:text-properties officeooo:rsid="00facade"/></style:style>`
}

func calcBody(p string) string {
	return `<office:spreadsheet>` +
		`<table:tracked-changes><table:cell-content-change table:id="ct4815162341"><table:cell-address table:column="0" table:row="0" table:table="0"/>` +
		`<office:change-info><dc:creator>` + p + `CHANGE-AUTHOR</dc:creator><dc:date>2031-10-11T12:13:14</dc:date></office:change-info>` +
		`<table:previous><table:change-track-table-cell office:value-type="string"><text:p>` + p + `OLD-VALUE</text:p></table:change-track-table-cell></table:previous>` +
		`</table:cell-content-change></table:tracked-changes>` +
		`<table:table table:name="Visible" table:style-name="ta1"><table:table-column/>` +
		`<table:table-row><table:table-cell office:value-type="string" table:style-name="ce1"><office:annotation><dc:creator>` + p + `CELL-AUTHOR</dc:creator><dc:date>2031-11-12T13:14:15</dc:date><text:p>` + p + `CELL-COMMENT</text:p></office:annotation><text:p>Current cell value</text:p></table:table-cell></table:table-row>` +
		`<table:table-row table:visibility="collapse"><table:table-cell office:value-type="string"><text:p>Hidden row text</text:p></table:table-cell></table:table-row>` +
		`</table:table>` +
		`<table:table table:name="SecretSheet" table:style-name="ta2"><table:table-column/><table:table-row><table:table-cell office:value-type="string"><text:p>Hidden sheet text</text:p></table:table-cell></table:table-row></table:table>` +
		`</office:spreadsheet>`
}

func calcPlants(p string) []string {
	planted := append(metaPlants(p), settingsPlants(p)...)
	return append(planted, p+"CHANGE-AUTHOR", "2031-10-11T12:13:14", p+"OLD-VALUE", p+"CELL-AUTHOR", "2031-11-12T13:14:15",
		p+"CELL-COMMENT", "00facade")
}

func calcPackage(t testing.TB, mime, name string) fixture {
	p := "CALC-"
	ms := []member{
		{name: "content.xml", data: content(calcBody(p), calcStyles())},
		{name: "styles.xml", data: stylesXML("")},
		{name: "meta.xml", data: metaXML(p)},
		{name: "settings.xml", data: settingsXML(p)},
		{name: "Thumbnails/thumbnail.png", data: thumbnail(p + "THUMBNAIL")},
	}
	planted := append(calcPlants(p), p+"THUMBNAIL")
	return fixture{name: name, data: document(t, mime, ms), planted: planted,
		visible: []string{"Current cell value"},
		gone:    []string{p + "OLD-VALUE", p + "CELL-COMMENT"},
		reports: []string{"hidden sheet", "hidden rows"}}
}

// thumbnail is a valid 8×8 PNG (the png handler lists what it holds)
// with text in a tEXt chunk, as a stand-in for a thumbnail that shows it.
func thumbnail(text string) string {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		panic(err)
	}
	data := []byte("Comment\x00" + text)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	chunk = append(chunk, "tEXt"...)
	chunk = append(chunk, data...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	p := b.Bytes()
	// After the signature and IHDR (8 + 25 bytes).
	return string(p[:33]) + string(chunk) + string(p[33:])
}

// Presentation and drawing ------------------------------------------------

func pagesBody(p, kind string) string {
	notes := ""
	if kind == "presentation" {
		notes = `<presentation:notes><draw:page-thumbnail draw:page-number="1" svg:width="14cm" svg:height="10cm" svg:x="3cm" svg:y="2cm"/>` +
			`<draw:frame svg:width="16cm" svg:height="12cm" svg:x="2cm" svg:y="14cm"><draw:text-box><text:p>Reported speaker note</text:p></draw:text-box></draw:frame></presentation:notes>`
	}
	return `<office:` + kind + `>` +
		`<draw:layer-set><draw:layer draw:name="layout"/><draw:layer draw:name="SecretLayer" draw:display="none"/></draw:layer-set>` +
		`<draw:page draw:name="Slide1" draw:style-name="dp1" draw:master-page-name="Default">` +
		`<draw:frame svg:width="20cm" svg:height="3cm" svg:x="1cm" svg:y="1cm"><draw:text-box><text:p><text:span text:style-name="T1">Slide one title</text:span></text:p></draw:text-box></draw:frame>` +
		`<officeooo:annotation svg:x="1cm" svg:y="5cm" svg:width="1cm" svg:height="1cm"><dc:creator>` + p + `SLIDE-AUTHOR</dc:creator><dc:date>2031-12-13T14:15:16</dc:date><meta:creator-initials>` + p + `SA</meta:creator-initials><text:p>` + p + `SLIDE-COMMENT</text:p></officeooo:annotation>` +
		notes + `</draw:page>` +
		`<draw:page draw:name="HiddenSlide" draw:style-name="dp2" draw:master-page-name="Default"><draw:frame svg:width="20cm" svg:height="3cm" svg:x="1cm" svg:y="1cm"><draw:text-box><text:p>Hidden slide text</text:p></draw:text-box></draw:frame></draw:page>` +
		`</office:` + kind + `>`
}

const pageStyles = `<style:style style:name="dp1" style:family="drawing-page"/>` +
	`<style:style style:name="dp2" style:family="drawing-page"><style:drawing-page-properties presentation:visibility="hidden"/></style:style>` +
	`<style:style style:name="T1" style:family="text"><style:text-properties officeooo:rsid="00beefed"/></style:style>`

func pagesPlants(p string) []string {
	planted := append(metaPlants(p), settingsPlants(p)...)
	return append(planted, p+"SLIDE-AUTHOR", "2031-12-13T14:15:16", p+"SA", p+"SLIDE-COMMENT", "00beefed")
}

func pagesPackage(t testing.TB, mime, name, kind string) fixture {
	p := "PAGES-"
	ms := []member{
		{name: "content.xml", data: content(pagesBody(p, kind), pageStyles)},
		{name: "styles.xml", data: stylesXML("")},
		{name: "meta.xml", data: metaXML(p)},
		{name: "settings.xml", data: settingsXML(p)},
		{name: "Pictures/photo.jpg", data: string(exifJPEG(t, p+"CAMERA"))},
	}
	planted := append(pagesPlants(p), p+"CAMERA")
	reports := []string{"hidden layer"}
	if kind == "presentation" {
		reports = append(reports, "speaker notes", "hidden slide")
	}
	return fixture{name: name, data: document(t, mime, ms), planted: planted,
		visible: []string{"Slide one title"}, gone: []string{p + "SLIDE-COMMENT"}, reports: reports}
}

// Flat text document ----------------------------------------------------------

func flatText(t testing.TB) fixture {
	p := "FLAT-"
	jpg := base64.StdEncoding.EncodeToString(exifJPEG(t, p+"CAMERA"))
	preview := base64.StdEncoding.EncodeToString([]byte(svm(p + "SVM-PREVIEW")))
	body := `<office:text>` +
		`<text:tracked-changes><text:changed-region xml:id="ct4815162349" text:id="ct4815162349"><text:deletion><office:change-info><dc:creator>` + p + `CHANGE-AUTHOR</dc:creator><dc:date>2031-05-06T07:08:09</dc:date></office:change-info><text:p>` + p + `DELETED-TEXT</text:p></text:deletion></text:changed-region></text:tracked-changes>` +
		`<text:p text:style-name="P1">Flat visible text.<text:change text:change-id="ct4815162349"/> More flat text.</text:p>` +
		`<text:p><office:annotation><dc:creator>` + p + `COMMENT-AUTHOR</dc:creator><dc:date>2031-07-08T09:10:11</dc:date><text:p>` + p + `COMMENT-TEXT</text:p></office:annotation>Flat commented.</text:p>` +
		`<text:p>Flat picture: <draw:frame draw:name="Image1" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm"><draw:image><office:binary-data>` + jpg + `</office:binary-data></draw:image></draw:frame></text:p>` +
		`<text:p>Flat object: <draw:frame draw:name="Object1" text:anchor-type="as-char" svg:width="4cm" svg:height="1cm"><draw:object>` +
		`<office:document office:mimetype="` + mimeCalc + `" office:version="1.3"><office:meta><meta:initial-creator>` + p + `OBJ-CREATOR</meta:initial-creator></office:meta>` +
		`<office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-column/><table:table-row><table:table-cell office:value-type="string"><text:p>Flat object cell</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document>` +
		`</draw:object><draw:image><office:binary-data>` + preview + `</office:binary-data></draw:image></draw:frame></text:p>` +
		`</office:text>`
	doc := flatDoc(p, mimeText, textStyles, body)
	planted := append(metaPlants(p), settingsPlants(p)...)
	planted = append(planted, p+"CHANGE-AUTHOR", p+"DELETED-TEXT", p+"COMMENT-AUTHOR", p+"COMMENT-TEXT", "2031-07-08T09:10:11",
		"00d15ea5", "00c0ffee", p+"CAMERA", p+"OBJ-CREATOR", p+"SVM-PREVIEW", "ct4815162349")
	return fixture{name: "flat.fodt", data: []byte(doc), planted: planted,
		visible: []string{"Flat visible text.", "More flat text.", "Flat commented."},
		objects: []string{"Flat object cell"},
		gone:    []string{p + "DELETED-TEXT", p + "COMMENT-TEXT"},
		reports: []string{"hidden text formatting"}}
}

// flatDoc is a flat document with the planted metadata and settings.
func flatDoc(p, mime, autoStyles, body string) string {
	return xmlDecl + `<office:document ` + nsDecls + ` office:version="1.3" office:mimetype="` + mime + `">` +
		`<office:meta>` + metaBody(p) + `</office:meta>` +
		`<office:settings>` + settingsBody(p) + `</office:settings>` +
		`<office:styles><style:style style:name="Standard" style:family="paragraph"/></office:styles>` +
		`<office:automatic-styles>` + autoStyles + `<style:page-layout style:name="pm1"/></office:automatic-styles>` +
		`<office:master-styles><style:master-page style:name="Default" style:page-layout-name="pm1"/></office:master-styles>` +
		`<office:body>` + body + `</office:body></office:document>`
}

func flatCalc() fixture {
	p := "FCALC-"
	return fixture{name: "sheet.fods", data: []byte(flatDoc(p, mimeCalc, calcStyles(), calcBody(p))), planted: calcPlants(p),
		visible: []string{"Current cell value"}, gone: []string{p + "OLD-VALUE", p + "CELL-COMMENT"},
		reports: []string{"hidden sheet", "hidden rows"}}
}

func flatPages(name, mime, kind string) fixture {
	p := "FPAGES-"
	reports := []string{"hidden layer"}
	if kind == "presentation" {
		reports = append(reports, "speaker notes", "hidden slide")
	}
	return fixture{name: name, data: []byte(flatDoc(p, mime, pageStyles, pagesBody(p, kind))), planted: pagesPlants(p),
		visible: []string{"Slide one title"}, gone: []string{p + "SLIDE-COMMENT"}, reports: reports}
}

// fixtures returns one document per supported format.
func fixtures(t testing.TB) []fixture {
	return []fixture{
		textPackage(t, mimeText, "letter.odt"),
		textPackage(t, mimeText+"-template", "letter.ott"),
		textPackage(t, mimeText+"-master", "book.odm"),
		calcPackage(t, mimeCalc, "sheet.ods"),
		calcPackage(t, mimeCalc+"-template", "sheet.ots"),
		pagesPackage(t, mimeImpr, "slides.odp", "presentation"),
		pagesPackage(t, mimeImpr+"-template", "slides.otp", "presentation"),
		pagesPackage(t, mimeDraw, "drawing.odg", "drawing"),
		pagesPackage(t, mimeDraw+"-template", "drawing.otg", "drawing"),
		flatText(t),
		flatCalc(),
		flatPages("slides.fodp", mimeImpr, "presentation"),
		flatPages("drawing.fodg", mimeDraw, "drawing"),
		classesODT(t),
		classesFODT(t),
	}
}
