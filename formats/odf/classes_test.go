package odf_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/formats/odf"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// The fixtures of this file plant a unique value in every place of the
// classes issue 13 names for OpenDocument; the tests assert, by a byte
// scan of every decompressed member (recursively, base64 decoded), that
// none is left, and that the engine (which checks with the handler's
// Parts, independently of its rules) writes the copy.

const nsForm = `xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0"`

// frame is a picture frame: href names a member, or inline (flat
// documents) holds the picture's bytes.
func frame(name, href string, inline []byte, title, desc string) string {
	img := `<draw:image xlink:href="` + href + `" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>`
	if inline != nil {
		img = `<draw:image><office:binary-data>` + base64.StdEncoding.EncodeToString(inline) + `</office:binary-data></draw:image>`
	}
	alt := ""
	if title != "" {
		alt += `<svg:title>` + title + `</svg:title>`
	}
	if desc != "" {
		alt += `<svg:desc>` + desc + `</svg:desc>`
	}
	return `<draw:frame draw:name="` + name + `" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm">` + img + alt + `</draw:frame>`
}

// classesBody is a text body with a planted value (prefixed p) in every
// class; pictures are members (inline is false) or inline.
func classesBody(t testing.TB, p string, inline bool) string {
	lp := strings.ToLower(p)
	pic := func(name, member string, data []byte, title, desc string) string {
		if inline {
			return frame(name, "", data, title, desc)
		}
		return frame(name, member, nil, title, desc)
	}
	return `<office:text>` +
		`<office:forms ` + nsForm + ` form:automatic-focus="false" form:apply-design-mode="false"><form:form form:name="Standard" form:command-type="table" form:datasource="file:///home/` + lp + `form/db.odb">` +
		`<form:text form:name="Name" form:id="control1" form:current-value="Form value typed"/></form:form></office:forms>` +
		`<text:variable-decls><text:variable-decl office:value-type="string" text:name="HidVar"/><text:variable-decl office:value-type="string" text:name="CondVar"/></text:variable-decls>` +
		`<text:user-field-decls><text:user-field-decl office:value-type="string" office:string-value="` + p + `HIDDEN-FIELD" text:name="Secret"/>` +
		`<text:user-field-decl office:value-type="string" office:string-value="Shown field value" text:name="Shown"/>` +
		`<text:user-field-decl office:value-type="string" office:string-value="` + p + `UNUSED-FIELD" text:name="Unused"/></text:user-field-decls>` +
		`<text:p>Fields: <text:user-field-get text:display="none" text:name="Secret">` + p + `HIDDEN-FIELD</text:user-field-get><text:user-field-get text:name="Shown">Shown field value</text:user-field-get>.</text:p>` +
		`<text:p><text:variable-set text:name="HidVar" text:display="none" office:value-type="string" office:string-value="` + p + `HIDDEN-VAR">` + p + `HIDDEN-VAR</text:variable-set>` +
		`<text:variable-set text:name="CondVar" text:display="none" office:value-type="float" office:value="1">1</text:variable-set>Variables.</text:p>` +
		// A hidden variable a condition tests stays (the condition decides
		// what the reader sees).
		`<text:section text:name="Conditional" text:condition="ooow:CondVar == 0" text:display="condition"><text:p>Shown when the variable says so.</text:p></text:section>` +
		`<text:p><text:bookmark text:name="permission-for-user:1:PLANTDOM\` + lp + `perm"/><text:bookmark text:name="permission-for-group:2:everyone"/>Permissions.</text:p>` +
		`<text:p>Photo: ` + pic("Photo", "Pictures/photo.emf", hostile.EMF(p+"EMF-PROGRAM\x00/home/"+lp+"emf/x.emf\x00"), "/home/"+lp+"alt/photo.emf", "A river at dawn") + `</text:p>` +
		`<text:p>Bitmap: ` + pic("Bitmap", "Pictures/old.bmp", hostile.BMP(p+"BMP-DATA"), "", "") + `</text:p>` +
		`<text:p>Animation: ` + pic("Animation", "Pictures/anim.gif", hostile.GIFComment(p+"GIF-COMMENT"), "", "") + `</text:p>` +
		`<text:p><text:a xlink:type="simple" xlink:href="//` + lp + `server/share/doc.odt">server link</text:a> ` +
		`<text:a xlink:type="simple" xlink:href="file%3A%2F%2F%2Fhome%2F` + lp + `esc%2Fx.odt">escaped link</text:a> ` +
		`<text:a xlink:type="simple" xlink:href="/Users/` + lp + `mac/notes.odt">mac link</text:a></text:p>` +
		`</office:text>`
}

// classesPlants lists what classesBody plants.
func classesPlants(p string) []string {
	lp := strings.ToLower(p)
	return []string{lp + "form", p + "HIDDEN-FIELD", p + "UNUSED-FIELD", p + "HIDDEN-VAR", lp + "perm", p + "EMF-PROGRAM", lp + "emf",
		lp + "alt", p + "BMP-DATA", p + "GIF-COMMENT", lp + "server", lp + "esc", lp + "mac"}
}

// classesShown is the text LibreOffice shows; classesVisible adds what
// the reader can see or follow elsewhere (alt text, link targets, the
// value of a form field, a group's permission).
var (
	classesShown   = []string{"Shown field value", "Variables.", "Permissions.", "server link", "escaped link", "mac link"}
	classesVisible = append([]string{"Form value typed", "A river at dawn", "doc.odt", "notes.odt", "permission-for-group:2:everyone",
		"Shown when the variable says so.", `text:name="CondVar"`}, classesShown...)
)

// settingsMore plants settings outside the allowlist.
const settingsMore = `<config:config-item-set config:name="ooo:configuration-settings">` +
	`<config:config-item config:name="SomeNewSetting" config:type="string">PLANT-OTHER-SETTING</config:config-item>` +
	`<config:config-item config:name="RedlineProtectionKey" config:type="base64Binary">UExBTlQtUkVETElORS1LRVk=</config:config-item>` +
	`<config:config-item config:name="ActiveTable" config:type="string">Sheet1</config:config-item></config:config-item-set>`

// classesODT is a text document with every class, and a text
// sub-document (Object 1) with them too.
func classesODT(t testing.TB) fixture {
	p := "OPLANT-"
	sub := "SUBDOC-"
	ms := []member{
		{name: "content.xml", data: content(classesBody(t, p, false), "")},
		{name: "styles.xml", data: stylesXML("")},
		{name: "meta.xml", data: metaXML(p)},
		{name: "settings.xml", data: strings.Replace(settingsXML(p), `</office:settings>`, settingsMore+`</office:settings>`, 1)},
		{name: "Pictures/photo.emf", data: string(hostile.EMF(p + "EMF-PROGRAM\x00/home/oplant-emf/x.emf\x00"))},
		{name: "Pictures/old.bmp", data: string(hostile.BMP(p + "BMP-DATA"))},
		{name: "Pictures/anim.gif", data: string(hostile.GIFComment(p + "GIF-COMMENT"))},
		{name: "Object 1/content.xml", data: content(classesBody(t, sub, false), "")},
		{name: "Object 1/styles.xml", data: xmlDecl + `<office:document-styles ` + nsDecls + ` office:version="1.3"/>`},
		{name: "Object 1/Pictures/photo.emf", data: string(hostile.EMF(sub + "EMF-PROGRAM\x00/home/subdoc-emf/x.emf\x00"))},
		{name: "Object 1/Pictures/old.bmp", data: string(hostile.BMP(sub + "BMP-DATA"))},
		{name: "Object 1/Pictures/anim.gif", data: string(hostile.GIFComment(sub + "GIF-COMMENT"))},
	}
	// The body of the document embeds the sub-document too.
	ms[0].data = strings.Replace(ms[0].data, `</office:text>`, `<text:p>Embedded: <draw:frame draw:name="Object1" text:anchor-type="as-char" svg:width="4cm" svg:height="4cm">`+
		`<draw:object xlink:href="./Object 1" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p></office:text>`, 1)
	planted := append(append(append(metaPlants(p), settingsPlants(p)...), classesPlants(p)...), classesPlants(sub)...)
	planted = append(planted, "PLANT-OTHER-SETTING", "UExBTlQtUkVETElORS1LRVk=")
	return fixture{name: "classes.odt", planted: planted, visible: classesShown, reports: []string{"form field value"},
		data: document(t, mimeText, ms, `<manifest:file-entry manifest:full-path="Object 1/" manifest:version="1.3" manifest:media-type="`+mimeText+`"/>`)}
}

// classesFODT is the flat form of classesODT's body (pictures inline).
func classesFODT(t testing.TB) fixture {
	p := "FPLANT-"
	doc := flatDoc(p, mimeText, "", classesBody(t, p, true))
	doc = strings.Replace(doc, `</office:settings>`, settingsMore+`</office:settings>`, 1)
	planted := append(append(append(metaPlants(p), settingsPlants(p)...), classesPlants(p)...), "PLANT-OTHER-SETTING", "UExBTlQtUkVETElORS1LRVk=")
	return fixture{name: "classes.fodt", data: []byte(doc), planted: planted, visible: classesShown, reports: []string{"form field value"}}
}

// docxWith returns a Word document that embeds data as a package (an
// OpenDocument text in a Word document).
func docxWith(t testing.TB, data []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, s string) {
		w, _ := zw.Create(name)
		w.Write([]byte(s))
	}
	add("[Content_Types].xml", xmlDecl+`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
		`<Default Extension="xml" ContentType="application/xml"/><Default Extension="odt" ContentType="application/vnd.oasis.opendocument.text"/>`+
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)
	add("_rels/.rels", xmlDecl+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)
	add("word/_rels/document.xml.rels", xmlDecl+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdPkg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package" Target="embeddings/Text.odt"/></Relationships>`)
	add("word/document.xml", xmlDecl+`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:v="urn:schemas-microsoft-com:vml">`+
		`<w:body><w:p><w:r><w:t>Word with an OpenDocument inside</w:t></w:r><w:r><w:object><v:shape id="s1" style="width:72pt;height:72pt"/><o:OLEObject Type="Embed" ProgID="soffice" ShapeID="s1" r:id="rIdPkg"/></w:object></w:r></w:p></w:body></w:document>`)
	w, _ := zw.Create("word/embeddings/Text.odt")
	w.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func engineClean(t *testing.T, name string, data []byte) ([]byte, scrub.Result) {
	t.Helper()
	e := &scrub.Engine{Registry: all.Registry()}
	return e.CleanData(context.Background(), name, data)
}

// TestClasses: for every class of issue 13, in a package, in its
// sub-document, in a flat document and in a Word document embedding the
// package, the planted values are gone from every decompressed byte of
// the copy the engine writes, and what the reader sees stays.
func TestClasses(t *testing.T) {
	odt := classesODT(t)
	cases := []fixture{odt, classesFODT(t), {name: "odt-in.docx", data: docxWith(t, odt.data), planted: odt.planted, visible: odt.visible}}
	for _, fx := range cases {
		t.Run(fx.name, func(t *testing.T) {
			scrubtest.AssertPresent(t, fx.data, fx.planted...)
			out, r := engineClean(t, fx.name, fx.data)
			if r.Status != scrub.StatusCleaned {
				t.Fatalf("%s: %s (%s)", r.Status, r.Error, r.Hint)
			}
			scrubtest.AssertAbsent(t, out, fx.planted...)
			for _, v := range classesVisible {
				if !scrubtest.Contains(out, v) {
					t.Errorf("visible %q is gone", v)
				}
			}
			for _, f := range r.Findings {
				if !scrub.KnownLabel(f.Label) {
					t.Errorf("finding without a known label: %+v", f)
				}
			}
			for _, want := range fx.reports {
				if !hasFinding(r.Findings, want, scrub.Report) {
					t.Errorf("not reported: %q", want)
				}
			}
			if strings.HasSuffix(fx.name, ".odt") {
				checkPackage(t, out)
				m := unzipAll(t, out)
				if _, ok := m["Pictures/old.bmp"]; ok || strings.Contains(m["content.xml"], "Pictures/old.bmp") {
					t.Error("the BMP or the reference to it stayed")
				}
				if len(m["Pictures/photo.emf"]) != len(hostile.EMF("OPLANT-EMF-PROGRAM\x00/home/oplant-emf/x.emf\x00")) {
					t.Error("the EMF changed size")
				}
				if !strings.Contains(m["settings.xml"], "PrinterIndependentLayout") || !strings.Contains(m["settings.xml"], "AddParaTableSpacing") ||
					!strings.Contains(m["settings.xml"], ">Sheet1<") {
					t.Errorf("settings LibreOffice needs are gone:\n%s", m["settings.xml"])
				}
			}
		})
	}
}

// TestResidueTeeth: the same cleaner with one rule switched off leaves a
// planted address or path in the copy, and the engine's residue check
// (through Parts, independently of the rules) refuses to write it.
func TestResidueTeeth(t *testing.T) {
	body := `<office:text><text:user-field-decls><text:user-field-decl office:value-type="string" office:string-value="teeth.field@example.org" text:name="Secret"/></text:user-field-decls>` +
		`<text:p>Teeth text.<text:user-field-get text:display="none" text:name="Secret">teeth.field@example.org</text:user-field-get>` +
		`<text:bookmark text:name="permission-for-user:1:teeth.user@example.org"/>` +
		`<text:a xlink:type="simple" xlink:href="/home/teethuser/notes.odt">a link</text:a></text:p></office:text>`
	doc := document(t, mimeText, []member{{name: "content.xml", data: content(body, "")}})
	for _, rule := range []string{"fields", "accounts", "paths"} {
		t.Run(rule, func(t *testing.T) {
			// A deliberately different registry: the production one with
			// the OpenDocument handler replaced by the broken one.
			reg := scrub.NewRegistry()
			for _, h := range all.Registry().Handlers() {
				if h.Name() == "odf" {
					h = odf.NewWithout(rule)
				}
				reg.Register(h)
			}
			e := &scrub.Engine{Registry: reg}
			_, r := e.CleanData(context.Background(), "teeth.odt", doc)
			var re *scrub.ResidueError
			if r.Status != scrub.StatusFailed || !errors.As(r.Err, &re) {
				t.Fatalf("without the %s rule: %s %v, want a residue error", rule, r.Status, r.Err)
			}
			t.Logf("without the %s rule: %v", rule, r.Err)
		})
	}
	if _, r := engineClean(t, "teeth.odt", doc); r.Status != scrub.StatusCleaned {
		t.Errorf("with every rule: %s %v", r.Status, r.Err)
	}
}
