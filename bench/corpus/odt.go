package corpus

import (
	"encoding/base64"
	"fmt"
	"html"
	"strings"
)

// docSpec is what one generated document holds.
type docSpec struct {
	title    string
	author   string // creator of the last revision
	initial  string // initial creator
	comment  string // reviewer of a comment ("" for none)
	printer  string
	company  string
	created  string // 2024-03-14T09:26:53
	modified string
	paras    int      // paragraphs of text
	images   [][]byte // JPEG files to embed
	imgDims  [][2]int
	r        *rng
}

const odfNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" xmlns:officeooo="http://openoffice.org/2009/office"`

// odt builds an OpenDocument text the way LibreOffice Writer 7.4 lays it
// out: mimetype stored first, pictures stored, XML deflated.
func odt(d docSpec) ([]byte, []string) {
	r := d.r
	pics := make([]string, len(d.images))
	for i := range d.images {
		pics[i] = odtPicture(d, i)
	}
	var body strings.Builder
	fmt.Fprintf(&body, `<text:h text:style-name="P1" text:outline-level="1">%s</text:h>`, html.EscapeString(d.title))
	img := 0
	for i := 0; i < d.paras || img < len(d.images); i++ {
		rsid := hexID(r, 8)
		if i < d.paras {
			fmt.Fprintf(&body, `<text:p text:style-name="P2" officeooo:rsid="%s">`, rsid)
			if i == 1 && d.comment != "" {
				fmt.Fprintf(&body, `<office:annotation office:name="__Annotation__%d_%s"><dc:creator>%s</dc:creator><dc:date>%s.512000000</dc:date><text:p>Please check this figure before we send it.</text:p></office:annotation>`,
					r.intn(1000), hexID(r, 8), html.EscapeString(d.comment), d.modified)
			}
			body.WriteString(html.EscapeString(paragraph(r)))
			body.WriteString(`</text:p>`)
		}
		if img < len(d.images) && (i%2 == 1 || i >= d.paras) {
			w, h := 16.0, 16.0*float64(d.imgDims[img][1])/float64(d.imgDims[img][0])
			fmt.Fprintf(&body, `<text:p text:style-name="P3"><draw:frame draw:style-name="fr1" draw:name="Image%d" text:anchor-type="as-char" svg:width="%.3fcm" svg:height="%.3fcm" draw:z-index="%d"><draw:image xlink:href="%s" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad" draw:mime-type="image/jpeg"/></draw:frame></text:p>`,
				img+1, w, h, img, pics[img])
			img++
		}
	}
	content := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<office:document-content ` + odfNS + ` office:version="1.3">` +
		`<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" style:font-family-generic="roman" style:font-pitch="variable"/></office:font-face-decls>` +
		`<office:automatic-styles>` +
		`<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Heading_20_1"/>` +
		`<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Text_20_body"/>` +
		`<style:style style:name="P3" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center"/></style:style>` +
		`<style:style style:name="fr1" style:family="graphic" style:parent-style-name="Graphics"><style:graphic-properties style:vertical-pos="top" style:vertical-rel="baseline"/></style:style>` +
		`</office:automatic-styles><office:body><office:text>` +
		`<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Illustration"/><text:sequence-decl text:display-outline-level="0" text:name="Table"/><text:sequence-decl text:display-outline-level="0" text:name="Text"/><text:sequence-decl text:display-outline-level="0" text:name="Drawing"/><text:sequence-decl text:display-outline-level="0" text:name="Figure"/></text:sequence-decls>` +
		body.String() + `</office:text></office:body></office:document-content>`

	styles := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<office:document-styles ` + odfNS + ` office:version="1.3">` +
		`<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" style:font-family-generic="roman" style:font-pitch="variable"/><style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'" style:font-family-generic="swiss" style:font-pitch="variable"/></office:font-face-decls>` +
		`<office:styles>` +
		`<style:default-style style:family="paragraph"><style:paragraph-properties fo:hyphenation-ladder-count="no-limit" style:writing-mode="page"/><style:text-properties style:font-name="Liberation Serif" fo:font-size="12pt" fo:language="en" fo:country="GB"/></style:default-style>` +
		`<style:style style:name="Standard" style:family="paragraph" style:class="text"/>` +
		`<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text"><style:paragraph-properties fo:margin-top="0.423cm" fo:margin-bottom="0.212cm" fo:keep-with-next="always"/><style:text-properties style:font-name="Liberation Sans" fo:font-size="14pt"/></style:style>` +
		`<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.247cm" style:contextual-spacing="false" fo:line-height="115%"/></style:style>` +
		`<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:default-outline-level="1" style:class="text"><style:text-properties fo:font-size="130%" fo:font-weight="bold"/></style:style>` +
		`<style:style style:name="Graphics" style:family="graphic"><style:graphic-properties text:anchor-type="paragraph" svg:x="0cm" svg:y="0cm" style:wrap="dynamic" style:number-wrapped-paragraphs="no-limit" style:wrap-contour="false" style:vertical-pos="top" style:vertical-rel="paragraph" style:horizontal-pos="center" style:horizontal-rel="paragraph"/></style:style>` +
		`</office:styles><office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21.001cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm" style:writing-mode="lr-tb"/></style:page-layout></office:automatic-styles>` +
		`<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles></office:document-styles>`

	meta := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:ooo="http://openoffice.org/2004/office" xmlns:grddl="http://www.w3.org/2003/g/data-view#" office:version="1.3"><office:meta>` +
		`<meta:creation-date>` + d.created + `.201000000</meta:creation-date>` +
		`<dc:date>` + d.modified + `.114000000</dc:date>` +
		`<meta:editing-duration>PT2H13M7S</meta:editing-duration><meta:editing-cycles>` + fmt.Sprint(3+r.intn(40)) + `</meta:editing-cycles>` +
		`<meta:generator>LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2</meta:generator>` +
		`<dc:title>` + html.EscapeString(d.title) + `</dc:title>` +
		`<meta:initial-creator>` + html.EscapeString(d.initial) + `</meta:initial-creator>` +
		`<dc:creator>` + html.EscapeString(d.author) + `</dc:creator>` +
		fmt.Sprintf(`<meta:document-statistic meta:table-count="0" meta:image-count="%d" meta:object-count="0" meta:page-count="%d" meta:paragraph-count="%d" meta:word-count="%d" meta:character-count="%d" meta:non-whitespace-character-count="%d"/>`,
			len(d.images), 1+d.paras/6+len(d.images)/2, d.paras+1, d.paras*70, d.paras*450, d.paras*380) +
		`</office:meta></office:document-meta>`

	// LibreOffice keeps the printer's driver setup as a base64 blob whose
	// bytes name the printer and the queue.
	setup := make([]byte, 0, 400)
	setup = append(setup, "\x9c\x01\x10\x00SGENPRT\x00"...)
	setup = append(setup, d.printer...)
	setup = append(setup, "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00orientation=Portrait\ncopies=1\ncollate=false\nmargindajustment=0,0,0,0\ncolordepth=24\npslevel=0\npdfdevice=1\ncolordevice=0\nPPDContexData\nPageSize:A4\n\x00"...)
	settings := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" xmlns:ooo="http://openoffice.org/2004/office" office:version="1.3"><office:settings>` +
		`<config:config-item-set config:name="ooo:view-settings"><config:config-item config:name="ViewAreaTop" config:type="long">0</config:config-item><config:config-item config:name="ViewAreaLeft" config:type="long">0</config:config-item><config:config-item config:name="ViewAreaWidth" config:type="long">40748</config:config-item><config:config-item config:name="ViewAreaHeight" config:type="long">19844</config:config-item></config:config-item-set>` +
		`<config:config-item-set config:name="ooo:configuration-settings">` +
		`<config:config-item config:name="PrinterName" config:type="string">` + html.EscapeString(d.printer) + `</config:config-item>` +
		`<config:config-item config:name="PrinterSetup" config:type="base64Binary">` + base64.StdEncoding.EncodeToString(setup) + `</config:config-item>` +
		`<config:config-item config:name="PrintReversed" config:type="boolean">false</config:config-item>` +
		`</config:config-item-set></office:settings></office:document-settings>`

	var manifest strings.Builder
	manifest.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` + "\n" +
		` <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>` + "\n")
	for i := range d.images {
		fmt.Fprintf(&manifest, ` <manifest:file-entry manifest:full-path="%s" manifest:media-type="image/jpeg"/>`+"\n", pics[i])
	}
	for _, p := range []string{"settings.xml", "content.xml", "meta.xml", "styles.xml"} {
		fmt.Fprintf(&manifest, ` <manifest:file-entry manifest:full-path="%s" manifest:media-type="text/xml"/>`+"\n", p)
	}
	manifest.WriteString(` <manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/>` + "\n</manifest:manifest>\n")

	z := newZip()
	z.add("mimetype", []byte("application/vnd.oasis.opendocument.text"), true)
	for i, im := range d.images {
		z.add(pics[i], im, true)
	}
	z.add("settings.xml", []byte(settings), false)
	z.add("content.xml", []byte(content), false)
	z.add("meta.xml", []byte(meta), false)
	z.add("styles.xml", []byte(styles), false)
	z.add("Thumbnails/thumbnail.png", thumbnailPNG(r), false)
	z.add("META-INF/manifest.xml", []byte(manifest.String()), false)
	planted := []string{d.author, d.initial, d.printer}
	if d.comment != "" {
		planted = append(planted, d.comment)
	}
	return z.bytes(), planted
}

// odtPicture names picture i the way LibreOffice does: a 32-hex-digit
// name derived from the content.
func odtPicture(d docSpec, i int) string {
	im := d.images[i]
	var h uint64 = 1469598103934665603
	for _, b := range im {
		h = (h ^ uint64(b)) * 1099511628211
	}
	return fmt.Sprintf("Pictures/%016X%08X%08X.jpg", h, d.imgDims[i][0], d.imgDims[i][1])
}
