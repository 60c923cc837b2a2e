package odf_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/odf"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func simpleContent(text string) string {
	return content(`<office:text><text:p>`+text+`</text:p></office:text>`, "")
}

// run inspects and cleans data with policy, returning Clean's error.
func run(t *testing.T, name string, data []byte, policy scrub.Policy) ([]scrub.Finding, []byte, []scrub.Warning, error) {
	t.Helper()
	reg := registry()
	h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), name)
	if err != nil {
		return nil, nil, nil, err
	}
	env := scrub.NewEnv(reg, scrub.Limits{}, policy)
	fs, err := h.Inspect(context.Background(), env, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, nil, err
	}
	var out bytes.Buffer
	ws, err := h.Clean(context.Background(), scrub.NewEnv(reg, scrub.Limits{}, policy), bytes.NewReader(data), int64(len(data)), &out)
	return fs, out.Bytes(), ws, err
}

func TestEncrypted(t *testing.T) {
	ms := []member{
		{name: "mimetype", data: mimeText, store: true},
		{name: "content.xml", data: "\x93\x11encrypted bytes"},
		{name: "META-INF/manifest.xml", data: xmlDecl + `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">` +
			`<manifest:file-entry manifest:full-path="/" manifest:media-type="` + mimeText + `"/>` +
			`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="4096"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA">` +
			`<manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:iteration-count="1024" manifest:salt="AAAA"/>` +
			`</manifest:encryption-data></manifest:file-entry></manifest:manifest>`},
	}
	_, _, _, err := run(t, "secret.odt", pack(t, ms), scrub.Policy{})
	if !errors.Is(err, scrub.ErrEncrypted) {
		t.Fatalf("want ErrEncrypted, got %v", err)
	}
	if h := scrub.HintFor(err); !strings.Contains(h, "Save with password") {
		t.Errorf("hint %q does not say how to remove the password", h)
	}
}

func macroDocument(t testing.TB, withCode bool) []byte {
	body := `<office:text><text:p>Macro document text.` +
		`<text:a xlink:type="simple" xlink:href="vnd.sun.star.script:Standard.Module1.PLANTMACRO?language=Basic&amp;location=document">Run it</text:a>` +
		`<text:execute-macro text:name="PLANT-FIELD-MACRO">click here</text:execute-macro></text:p>` +
		`<text:p><draw:frame draw:name="Button" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm"><draw:text-box><text:p>b</text:p></draw:text-box>` +
		`<office:event-listeners><script:event-listener script:language="ooo:script" script:event-name="dom:click" xlink:href="vnd.sun.star.script:Standard.Module1.PLANT-BOUND-MACRO?language=Basic&amp;location=document"/></office:event-listeners></draw:frame></text:p></office:text>`
	ms := []member{
		{name: "content.xml", data: content(body, "")},
		{name: "Basic/script-lc.xml", data: xmlDecl + `<library:libraries xmlns:library="http://openoffice.org/2000/library"><library:library library:name="Standard" library:link="false"/></library:libraries>`},
		{name: "Basic/Standard/script-lb.xml", data: xmlDecl + `<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" library:readonly="false" library:passwordprotected="false"/>`},
	}
	if withCode {
		ms = append(ms, member{name: "Basic/Standard/Module1.xml", data: xmlDecl + `<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">Sub Main
  MsgBox "PLANT-MACRO-CODE"
End Sub</script:module>`})
	}
	return document(t, mimeText, ms)
}

func TestMacros(t *testing.T) {
	doc := macroDocument(t, true)
	fs, _, _, err := run(t, "macros.odt", doc, scrub.Policy{RefuseMacros: true})
	if !errors.Is(err, scrub.ErrMacros) || !errors.Is(err, scrub.ErrUnsupported) || strings.Contains(err.Error()+scrub.HintFor(err), "--") {
		t.Fatalf("want scrub.MacrosRefused naming no flag, got %v (hint %q)", err, scrub.HintFor(err))
	}
	for _, f := range []string{"macro code", "macro binding", "macro field", "link that runs a macro"} {
		if !hasFinding(fs, f, scrub.Report) {
			t.Errorf("inspect does not list %q:\n%s", f, findings(fs))
		}
	}
	fs, _, _, err = run(t, "macros.odt", doc, scrub.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"macro code", "macro binding", "macro field", "link that runs a macro"} {
		if !hasFinding(fs, f, scrub.Remove) {
			t.Errorf("inspect by default does not list %q as removed:\n%s", f, findings(fs))
		}
	}
	reg := registry()
	planted := []string{"PLANT-MACRO-CODE", "PLANTMACRO", "PLANT-FIELD-MACRO", "PLANT-BOUND-MACRO", "script-lc.xml"}
	scrubtest.AssertPresent(t, doc, planted...)
	out, ws := scrubtest.Clean(t, reg, "macros.odt", doc, scrub.Policy{})
	scrubtest.AssertAbsent(t, out, planted...)
	for _, keep := range []string{"Macro document text.", "Run it", "click here"} {
		if !scrubtest.Contains(out, keep) {
			t.Errorf("text %q is gone", keep)
		}
	}
	if !hasWarning(ws, "macros were removed") {
		t.Errorf("no warning about the removed macros: %+v", ws)
	}
	if fs := scrubtest.Inspect(t, reg, "macros.odt", out); scrub.Removable(fs) {
		t.Errorf("cleaned output still has removable findings:\n%s", findings(fs))
	}
	checkPackage(t, out)

	// Macro references without code are refused the same way; an empty
	// library container is not code and just goes.
	if _, _, _, err := run(t, "refs.odt", macroDocument(t, false), scrub.Policy{RefuseMacros: true}); !errors.Is(err, scrub.ErrUnsupported) {
		t.Errorf("macro references without code: want a refusal, got %v", err)
	}
	empty := document(t, mimeText, []member{{name: "content.xml", data: simpleContent("No macros here.")},
		{name: "Basic/script-lc.xml", data: xmlDecl + `<library:libraries xmlns:library="http://openoffice.org/2000/library"/>`}})
	out = scrubtest.RoundTrip(t, reg, "empty.odt", empty, "script-lc.xml")
	checkPackage(t, out)

	// Flat documents keep their Basic code in office:scripts.
	flat := flatDoc("FM-", mimeText, "", `<office:text><text:p>Flat macro text.</text:p></office:text>`)
	flat = strings.Replace(flat, "<office:meta>", `<office:scripts><office:script script:language="ooo:Basic"><ooo:libraries><ooo:library-embedded ooo:name="Standard"><ooo:module ooo:name="Module1"><ooo:source-code>Sub Main : MsgBox "PLANT-FLAT-MACRO" : End Sub</ooo:source-code></ooo:module></ooo:library-embedded></ooo:libraries></office:script></office:scripts><office:meta>`, 1)
	if _, _, _, err := run(t, "flat.fodt", []byte(flat), scrub.Policy{RefuseMacros: true}); !errors.Is(err, scrub.ErrUnsupported) {
		t.Errorf("flat macros: want a refusal, got %v", err)
	}
	out, ws = scrubtest.Clean(t, reg, "flat.fodt", []byte(flat), scrub.Policy{})
	scrubtest.AssertAbsent(t, out, "PLANT-FLAT-MACRO")
	if !hasWarning(ws, "macros were removed") || !scrubtest.Contains(out, "Flat macro text.") {
		t.Errorf("flat macros: warnings %+v, output %s", ws, out)
	}
}

func hasWarning(ws []scrub.Warning, s string) bool {
	for _, w := range ws {
		if strings.Contains(w.Message, s) {
			return true
		}
	}
	return false
}

// TestMimetype covers packages whose mimetype member is out of place,
// compressed, missing, or contradicts the manifest.
func TestMimetype(t *testing.T) {
	body := []member{{name: "content.xml", data: simpleContent("Mimetype test text.")},
		{name: "meta.xml", data: metaXML("MT-")}}
	manifest := member{name: "META-INF/manifest.xml", data: manifestXML(mimeText, body)}
	cases := []struct {
		name string
		ms   []member
		ok   bool
	}{
		{"last.odt", append(append(append([]member{}, body...), manifest), member{name: "mimetype", data: mimeText, store: true}), true},
		{"deflated.odt", append([]member{{name: "mimetype", data: mimeText}}, append(append([]member{}, body...), manifest)...), true},
		{"missing.odt", append(append([]member{}, body...), manifest), true},
		{"ambiguous.odt", append([]member{{name: "mimetype", data: mimeCalc, store: true}}, append(append([]member{}, body...), manifest)...), false},
	}
	reg := registry()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := pack(t, c.ms)
			if !c.ok {
				_, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), c.name)
				if !errors.Is(err, scrub.ErrMalformed) || !strings.Contains(err.Error(), "ambiguous") {
					t.Fatalf("want an ambiguous-type refusal, got %v", err)
				}
				return
			}
			out := scrubtest.RoundTrip(t, reg, c.name, data, "MT-INITIAL-CREATOR", "MT-GENERATOR/9.9")
			if c.name == "missing.odt" {
				if bytes.Contains(out[:60], []byte("mimetype")) {
					t.Error("scrub invented a mimetype member")
				}
				return
			}
			checkPackage(t, out)
		})
	}
	// Without a mimetype member and a manifest root entry the zip is not
	// ours (the archive handler cleans it as a zip).
	data := pack(t, []member{{name: "content.xml", data: simpleContent("x")}})
	if name, err := odf.New().Identify(data[:min(len(data), 4096)], bytes.NewReader(data), int64(len(data))); name != "" || err != nil {
		t.Errorf("a plain zip: identified as %q, %v", name, err)
	}
}

func TestIdentify(t *testing.T) {
	h := odf.New()
	for _, fx := range fixtures(t) {
		name, err := h.Identify(fx.data[:min(len(fx.data), 4096)], bytes.NewReader(fx.data), int64(len(fx.data)))
		if want := strings.TrimPrefix(fx.name[strings.LastIndexByte(fx.name, '.'):], "."); err != nil || name != want {
			t.Errorf("%s: identified as %q (%v), want %q", fx.name, name, err, want)
		}
	}
	epub := pack(t, []member{{name: "mimetype", data: "application/epub+zip", store: true}, {name: "META-INF/container.xml", data: "<container/>"}})
	ooxml := pack(t, []member{{name: "[Content_Types].xml", data: "<Types/>"}, {name: "word/document.xml", data: "<w:document/>"}})
	chart := pack(t, []member{{name: "mimetype", data: "application/vnd.oasis.opendocument.chart", store: true}})
	otherXML := []byte(xmlDecl + `<office:document-content ` + nsDecls + `/>`)
	wrongNS := []byte(xmlDecl + `<office:document xmlns:office="urn:example" office:mimetype="` + mimeText + `"/>`)
	for name, data := range map[string][]byte{"epub": epub, "ooxml": ooxml, "chart": chart, "content.xml": otherXML, "wrong namespace": wrongNS,
		"text": []byte("just text"), "empty": nil} {
		if got, err := h.Identify(data[:min(len(data), 4096)], bytes.NewReader(data), int64(len(data))); got != "" || err != nil {
			t.Errorf("%s: identified as %q (%v)", name, got, err)
		}
	}
	// Another prefix, and a root tag longer than the 4 KiB head.
	long := xmlDecl + "<!-- a comment -->\n<o:document xmlns:o=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"" +
		` xmlns:x="urn:x"` + strings.Repeat(" ", 5000) + ` o:mimetype="` + mimeCalc + `" o:version="1.3"><o:body/></o:document>`
	if got, err := h.Identify([]byte(long)[:4096], strings.NewReader(long), int64(len(long))); got != "fods" || err != nil {
		t.Errorf("long flat root: %q %v", got, err)
	}
	// The registry accepts the formats beside the others (no extension
	// clashes), and refuses databases.
	odb := pack(t, []member{{name: "mimetype", data: "application/vnd.oasis.opendocument.base", store: true},
		{name: "META-INF/manifest.xml", data: manifestXML("application/vnd.oasis.opendocument.base", nil)}})
	_, f, err := registry().Detect(bytes.NewReader(odb), int64(len(odb)), "db.odb")
	if err != nil || f.Name != "odb" || f.Refused == "" {
		t.Errorf("odb: %+v %v", f, err)
	}
}

func TestEmbedded(t *testing.T) {
	reg := registry()
	t.Run("ole", func(t *testing.T) {
		cfb := "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 504)
		doc := document(t, mimeText, []member{{name: "content.xml", data: simpleContent("OLE")}, {name: "Object 2", data: cfb}})
		_, _, _, err := run(t, "ole.odt", doc, scrub.Policy{})
		if !errors.Is(err, scrub.ErrUnsupported) || !strings.Contains(err.Error(), "OLE") {
			t.Fatalf("want an OLE refusal, got %v", err)
		}
	})
	t.Run("unlisted and claimed preview", func(t *testing.T) {
		ms := []member{{name: "mimetype", data: mimeText, store: true},
			{name: "content.xml", data: simpleContent("Unlisted test text.")},
			{name: "ObjectReplacements/Object 1", data: string(textPNG(t, "PLANT-PNG-AUTHOR"))},
			{name: "Object 1/content.xml", data: simpleContent("inner")}}
		ms = append(ms, member{name: "META-INF/manifest.xml", data: manifestXML(mimeText, ms[1:2],
			`<manifest:file-entry manifest:full-path="Object 1/" manifest:media-type="`+mimeText+`"/>`)})
		out := scrubtest.RoundTrip(t, reg, "unlisted.odt", pack(t, ms), "PLANT-PNG-AUTHOR")
		checkPackage(t, out)
		e := manifestEntries(t, out)
		if _, ok := e["ObjectReplacements/Object 1"]; !ok || e["Object 1/content.xml"] != "text/xml" {
			t.Errorf("manifest entries for unlisted members: %v", e)
		}
	})
	t.Run("depth", func(t *testing.T) {
		doc := document(t, mimeText, []member{{name: "content.xml", data: simpleContent("deep")},
			{name: "Object 1/content.xml", data: simpleContent("one")}, {name: "Object 1/Object 2/content.xml", data: simpleContent("two")}},
			`<manifest:file-entry manifest:full-path="Object 1/" manifest:media-type="`+mimeText+`"/>`,
			`<manifest:file-entry manifest:full-path="Object 1/Object 2/" manifest:media-type="`+mimeText+`"/>`)
		h, _, _ := reg.Detect(bytes.NewReader(doc), int64(len(doc)), "deep.odt")
		_, err := h.Inspect(context.Background(), scrub.NewEnv(reg, scrub.Limits{MaxDepth: 1}, scrub.Policy{}), bytes.NewReader(doc), int64(len(doc)))
		if !errors.Is(err, scrub.ErrLimit) {
			t.Fatalf("want ErrLimit, got %v", err)
		}
		scrubtest.RoundTrip(t, reg, "deep.odt", doc)
	})
	t.Run("formula doctype", func(t *testing.T) {
		math := xmlDecl + `<!DOCTYPE math:math PUBLIC "-//OpenOffice.org//DTD Modified W3C MathML 1.01//EN" "math.dtd">` +
			`<math:math xmlns:math="http://www.w3.org/1998/Math/MathML"><math:semantics><math:mi>x</math:mi><!-- PLANT-MATH-COMMENT --></math:semantics></math:math>`
		doc := document(t, mimeText, []member{{name: "content.xml", data: simpleContent("f")}, {name: "Object 1/content.xml", data: math}},
			`<manifest:file-entry manifest:full-path="Object 1/" manifest:media-type="application/vnd.oasis.opendocument.formula"/>`)
		out := scrubtest.RoundTrip(t, reg, "formula.odt", doc, "PLANT-MATH-COMMENT")
		if !scrubtest.Contains(out, `"math.dtd"><math:math`) {
			t.Error("the formula's DOCTYPE is gone")
		}
		evil := strings.Replace(math, `"math.dtd">`, `"math.dtd" [<!ENTITY x "y">]>`, 1)
		doc = document(t, mimeText, []member{{name: "content.xml", data: simpleContent("f")}, {name: "Object 1/content.xml", data: evil}},
			`<manifest:file-entry manifest:full-path="Object 1/" manifest:media-type="application/vnd.oasis.opendocument.formula"/>`)
		if _, _, _, err := run(t, "evil.odt", doc, scrub.Policy{}); !errors.Is(err, scrub.ErrUnsupported) {
			t.Errorf("a DOCTYPE with entities: want a refusal, got %v", err)
		}
	})
	t.Run("no manifest", func(t *testing.T) {
		data := pack(t, []member{{name: "mimetype", data: mimeText, store: true}, {name: "content.xml", data: simpleContent("x")}})
		if _, _, _, err := run(t, "nomanifest.odt", data, scrub.Policy{}); !errors.Is(err, scrub.ErrMalformed) {
			t.Errorf("want ErrMalformed, got %v", err)
		}
	})
	t.Run("zip comment and unix owner", func(t *testing.T) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		add := func(name, data string, method uint16, extra []byte) {
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Extra: extra, Comment: "PLANT-MEMBER-COMMENT"})
			io.WriteString(w, data)
		}
		add("mimetype", mimeText, zip.Store, nil)
		add("content.xml", simpleContent("zip"), zip.Deflate, []byte{0x75, 0x78, 11, 0, 1, 4, 0xe8, 3, 0, 0, 4, 0xe8, 3, 0, 0})
		add("META-INF/manifest.xml", manifestXML(mimeText, []member{{name: "content.xml"}}), zip.Deflate, nil)
		zw.SetComment("PLANT-ZIP-COMMENT")
		zw.Close()
		out := scrubtest.RoundTrip(t, reg, "zip.odt", buf.Bytes(), "PLANT-ZIP-COMMENT", "PLANT-MEMBER-COMMENT")
		checkPackage(t, out)
	})
}

// textPNG returns a PNG with a tEXt chunk.
func textPNG(t *testing.T, author string) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	chunk := append([]byte("tEXt"), append([]byte("Author\x00"), author...)...)
	var c []byte
	c = binary.BigEndian.AppendUint32(c, uint32(len(chunk)-4))
	c = append(c, chunk...)
	c = binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(chunk))
	// After the signature and IHDR (8 + 25 bytes).
	return append(append(append([]byte{}, b[:33]...), c...), b[33:]...)
}
