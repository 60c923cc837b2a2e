package pdf_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// What real programs write: a Writer document and a Word document with
// black highlight, black shading, black shapes over text, white and tiny
// text, and decoys (a yellow highlight, shaded table cells, white text on
// black, a black shape over nothing), exported to PDF by LibreOffice.

const odtContent = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">
<office:automatic-styles>
 <style:style style:name="T1" style:family="text"><style:text-properties fo:background-color="#000000" fo:color="#000000"/></style:style>
 <style:style style:name="T2" style:family="text"><style:text-properties fo:background-color="#000000"/></style:style>
 <style:style style:name="T3" style:family="text"><style:text-properties fo:color="#ffffff"/></style:style>
 <style:style style:name="T4" style:family="text"><style:text-properties fo:font-size="1pt"/></style:style>
 <style:style style:name="T5" style:family="text"><style:text-properties fo:background-color="#ffff00"/></style:style>
 <style:style style:name="gr1" style:family="graphic"><style:graphic-properties draw:fill="solid" draw:fill-color="#000000" draw:stroke="none" style:wrap="run-through" style:run-through="foreground"/></style:style>
 <style:style style:name="ce1" style:family="table-cell"><style:table-cell-properties fo:background-color="#dddddd" fo:border="0.5pt solid #000000"/></style:style>
 <style:style style:name="ce2" style:family="table-cell"><style:table-cell-properties fo:background-color="#000000"/></style:style>
</office:automatic-styles>
<office:body><office:text>
<text:p>First. The witness was <text:span text:style-name="T1">LOHIGHLIGHT Jane Roe</text:span> who lives nearby.</text:p>
<text:p>Second. Automatic colour on black: <text:span text:style-name="T2">LOAUTOHL Sam Poe</text:span> end.</text:p>
<text:p><draw:rect text:anchor-type="paragraph" draw:style-name="gr1" svg:x="3cm" svg:y="-0.1cm" svg:width="6cm" svg:height="0.65cm" draw:z-index="1"/>Third. A LOBOX Paul Doe was at the address 12 Main Street at noon.</text:p>
<text:p>Spacer line.</text:p>
<text:p><draw:custom-shape text:anchor-type="paragraph" draw:style-name="gr1" svg:x="3cm" svg:y="-0.1cm" svg:width="6cm" svg:height="0.65cm" draw:z-index="2"><draw:enhanced-geometry svg:viewBox="0 0 21600 21600" draw:type="rectangle" draw:enhanced-path="M 0 0 L 21600 0 21600 21600 0 21600 0 0 Z N"/></draw:custom-shape>Fourth. A LOCUSTOM Rita Day met the minister.</text:p>
<text:p>Fifth. <text:span text:style-name="T3">LOWHITE hidden words</text:span> and <text:span text:style-name="T4">LOTINY small words</text:span> end.</text:p>
<text:p>Sixth. A <text:span text:style-name="T5">LOYELLOW marked</text:span> phrase.</text:p>
<table:table><table:table-column/><table:table-column/><table:table-row><table:table-cell table:style-name="ce1"><text:p>LOCELL one</text:p></table:table-cell><table:table-cell table:style-name="ce2"><text:p><text:span text:style-name="T3">LOHEADER white</text:span></text:p></table:table-cell></table:table-row></table:table>
<text:p><draw:rect text:anchor-type="paragraph" draw:style-name="gr1" svg:x="12cm" svg:y="0.1cm" svg:width="3cm" svg:height="0.5cm" draw:z-index="3"/>Seventh. LOSHORT line.</text:p>
</office:text></office:body></office:document-content>`

const odtStyles = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2">
<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
</office:document-styles>`

const odtManifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`

const docxDocument = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><w:body>
<w:p><w:r><w:t xml:space="preserve">First. The witness was </w:t></w:r><w:r><w:rPr><w:color w:val="000000"/><w:highlight w:val="black"/></w:rPr><w:t>DXHIGHLIGHT Jane Roe</w:t></w:r><w:r><w:t xml:space="preserve"> who lives nearby.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Second. Automatic colour: </w:t></w:r><w:r><w:rPr><w:highlight w:val="black"/></w:rPr><w:t>DXAUTO Sam Poe</w:t></w:r><w:r><w:t xml:space="preserve"> end.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Third. Shaded: </w:t></w:r><w:r><w:rPr><w:color w:val="000000"/><w:shd w:val="clear" w:color="auto" w:fill="000000"/></w:rPr><w:t>DXSHADE Tom Lee</w:t></w:r><w:r><w:t xml:space="preserve"> end.</w:t></w:r></w:p>
<w:p><w:r><w:pict><v:rect style="position:absolute;margin-left:60pt;margin-top:-2pt;width:170pt;height:16pt;z-index:251659264;mso-position-horizontal-relative:text;mso-position-vertical-relative:text" fillcolor="black" stroked="f"/></w:pict></w:r><w:r><w:t xml:space="preserve">Fourth. DXBOX Paul Doe was at the address at noon.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Fifth. A </w:t></w:r><w:r><w:rPr><w:highlight w:val="yellow"/></w:rPr><w:t>DXYELLOW marked</w:t></w:r><w:r><w:t xml:space="preserve"> phrase and </w:t></w:r><w:r><w:rPr><w:color w:val="FFFFFF"/><w:shd w:val="clear" w:color="auto" w:fill="000000"/></w:rPr><w:t>DXHEADER white on black</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Sixth. </w:t></w:r><w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>DXWHITE hidden words</w:t></w:r><w:r><w:rPr><w:sz w:val="2"/></w:rPr><w:t xml:space="preserve"> DXTINY small</w:t></w:r></w:p>
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr>
</w:body></w:document>`

const docxTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

const docxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

// zipOf writes a zip of the members (name, data pairs), the first one
// stored (an ODF package's mimetype).
func zipOf(t *testing.T, members ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(members); i += 2 {
		method := zip.Deflate
		if i == 0 {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: members[i], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(members[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// exportPDF converts documents to PDF with LibreOffice (a profile of its
// own, so that another LibreOffice running does not get in the way).
func exportPDF(t *testing.T, docs map[string][]byte) map[string][]byte {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	dir := t.TempDir()
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir}
	for name, data := range docs {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdfs := map[string][]byte{}
	for name := range docs {
		p := filepath.Join(dir, strings.TrimSuffix(name, filepath.Ext(name))+".pdf")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("LibreOffice wrote no PDF for %s: %v", name, err)
		}
		pdfs[name] = data
	}
	return pdfs
}

// TestHiddenLibreOffice checks the detection on what LibreOffice writes.
func TestHiddenLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("converting with LibreOffice takes seconds")
	}
	pdfs := exportPDF(t, map[string][]byte{
		"hidden.odt": zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "META-INF/manifest.xml", odtManifest,
			"content.xml", odtContent, "styles.xml", odtStyles),
		"word.docx": zipOf(t, "[Content_Types].xml", docxTypes, "_rels/.rels", docxRels, "word/document.xml", docxDocument),
	})
	cases := []struct {
		file, word string
		label      scrub.Label // "" for decoys
		what       string
	}{
		{"hidden.odt", "LOHIGHLIGHT", scrub.LabelCoveredText, "black highlight, black text"},
		{"hidden.odt", "LOAUTOHL", scrub.LabelCoveredText, "black highlight, automatic colour"},
		{"hidden.odt", "Paul Doe", scrub.LabelCoveredText, "black rectangle shape over text"},
		{"hidden.odt", "Rita Day", scrub.LabelCoveredText, "black custom shape over text"},
		{"hidden.odt", "LOWHITE", scrub.LabelInvisibleText, "white text"},
		{"hidden.odt", "LOTINY", scrub.LabelInvisibleText, "1-point text"},
		{"hidden.odt", "LOYELLOW", "", "yellow highlight"},
		{"hidden.odt", "LOCELL", "", "grey table cell"},
		{"hidden.odt", "LOHEADER", "", "white text in a black cell"},
		{"hidden.odt", "LOSHORT", "", "black shape over nothing"},
		{"word.docx", "DXHIGHLIGHT", scrub.LabelCoveredText, "black highlight, black text"},
		{"word.docx", "DXAUTO", scrub.LabelCoveredText, "black highlight, automatic colour"},
		{"word.docx", "DXSHADE", scrub.LabelCoveredText, "black shading, black text"},
		{"word.docx", "Paul Doe", scrub.LabelCoveredText, "black VML rectangle over text"},
		{"word.docx", "DXWHITE", scrub.LabelInvisibleText, "white text"},
		{"word.docx", "DXTINY", scrub.LabelInvisibleText, "1-point text"},
		{"word.docx", "DXYELLOW", "", "yellow highlight"},
		{"word.docx", "DXHEADER", "", "white text on black shading"},
	}
	found := map[string][]scrub.Finding{}
	for name, data := range pdfs {
		found[name] = hiddenFindings(t, data, scrub.Policy{})
	}
	used := map[string][]bool{}
	for name, fs := range found {
		used[name] = make([]bool, len(fs))
	}
	var tp, fn, fp int
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-12s %-44s %-15s %s\n", "file", "case", "expected", "reported")
	for _, c := range cases {
		got := "-"
		for k, f := range found[c.file] {
			if strings.Contains(f.Value, c.word) {
				used[c.file][k] = true
				got = string(f.Label)
				if c.label == "" || f.Label != c.label {
					fp++
					t.Errorf("%s: %s (%s): reported %s %q", c.file, c.what, c.word, f.Label, f.Value)
				}
			}
		}
		switch {
		case c.label != "" && got == string(c.label):
			tp++
		case c.label != "":
			fn++
			t.Errorf("%s: %s (%s) not reported", c.file, c.what, c.word)
		}
		fmt.Fprintf(&table, "%-12s %-44s %-15s %s\n", c.file, c.what, orDash(string(c.label)), got)
	}
	for name, fs := range found {
		for k, f := range fs {
			if !used[name][k] {
				fp++
				t.Errorf("%s: reported %s %q", name, f.Label, f.Value)
			}
		}
	}
	fmt.Fprintf(&table, "LibreOffice exports: %d planted, %d reported, %d missed, %d false reports: precision %.2f, recall %.2f\n",
		tp+fn, tp, fn, fp, float64(tp)/float64(max(tp+fp, 1)), float64(tp)/float64(max(tp+fn, 1)))
	t.Log(table.String())

	// With RemoveHidden, the white and tiny text goes, nothing else
	// changes: the text poppler extracts loses exactly those words, and
	// the page looks the same.
	for name, data := range pdfs {
		clean, _ := scrubtest.Clean(t, registry(), name, data, scrub.Policy{RemoveHidden: true})
		before, after := pdftotext(t, data), pdftotext(t, clean)
		for _, c := range cases {
			if c.file != name {
				continue
			}
			gone := c.label == scrub.LabelInvisibleText
			if strings.Contains(after, c.word) == gone {
				t.Errorf("%s cleaned with RemoveHidden: %s (%s) gone: %v, want %v", name, c.what, c.word, !gone, gone)
			}
		}
		if strings.Join(strings.Fields(strings.NewReplacer("LOWHITE hidden words", "", "LOTINY small words", "",
			"DXWHITE hidden words", "", "DXTINY small", "").Replace(before)), " ") != strings.Join(strings.Fields(after), " ") {
			t.Errorf("%s: the text changed beyond the hidden words:\n%s\n%s", name, before, after)
		}
		samePixels(t, data, clean, func(int) (string, bool) { return name, true })
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
