package odf_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub"
)

const mathML = `<math:math xmlns:math="http://www.w3.org/1998/Math/MathML"><math:semantics><math:mi>E</math:mi><math:mo>=</math:mo><math:mi>mc</math:mi></math:semantics></math:math>`

// LibreOffice redraws an embedded chart or spreadsheet without its
// preview, but shows "Object 1" instead of a formula (converting or
// printing): a formula's preview (an SVM, which holds no metadata)
// stays; a chart's goes.
func TestFormulaPreviewKept(t *testing.T) {
	body := `<office:text><text:p>Before. ` +
		`<draw:frame draw:name="Formula"><draw:object xlink:href="./Object 1" xlink:type="simple"/><draw:image xlink:href="./ObjectReplacements/Object 1" xlink:type="simple"/></draw:frame>` +
		`<draw:frame draw:name="Chart"><draw:object xlink:href="./Object 2" xlink:type="simple"/><draw:image xlink:href="./ObjectReplacements/Object 2" xlink:type="simple"/></draw:frame>` +
		` After.</text:p></office:text>`
	ms := []member{
		{name: "content.xml", data: content(body, "")},
		{name: "Object 1/content.xml", data: xmlDecl + mathML},
		{name: "ObjectReplacements/Object 1", data: svm("FORMULA-PREVIEW")},
		{name: "Object 2/content.xml", data: objectContent("CHART-")},
		{name: "ObjectReplacements/Object 2", data: svm("CHART-PREVIEW")},
	}
	data := document(t, mimeText, ms,
		`<manifest:file-entry manifest:full-path="Object 1/" manifest:media-type="application/vnd.oasis.opendocument.formula"/>`,
		`<manifest:file-entry manifest:full-path="Object 2/" manifest:media-type="application/vnd.oasis.opendocument.chart"/>`)
	fs, out, _, err := run(t, "formula.odt", data, scrub.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	members := unzipAll(t, out)
	if !strings.Contains(members["ObjectReplacements/Object 1"], "FORMULA-PREVIEW") {
		t.Error("the formula's preview was removed")
	}
	if !strings.Contains(members["content.xml"], `./ObjectReplacements/Object 1"`) {
		t.Error("the reference to the formula's preview was removed")
	}
	if _, ok := members["ObjectReplacements/Object 2"]; ok {
		t.Error("the chart's preview was kept")
	}
	if !foundAt(fs, "ObjectReplacements/Object 2", scrub.Remove) {
		t.Errorf("findings:\n%s", findings(fs))
	}

	// The same in a flat document: the preview is inline.
	flat := flatDoc("FF-", mimeText, "", `<office:text><text:p>Before. <draw:frame draw:name="Formula"><draw:object>`+mathML+`</draw:object>`+
		`<draw:image><office:binary-data>VkNMTVRGAQAxAAAARk9STVVMQS1QUkVWSUVX</office:binary-data></draw:image></draw:frame> After.</text:p></office:text>`)
	_, fout, _, err := run(t, "formula.fodt", []byte(flat), scrub.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(fout, []byte("VkNMTVRGAQAxAAAARk9STVVMQS1QUkVWSUVX")) {
		t.Error("the flat formula's preview was removed")
	}
}

func unzipAll(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

func foundAt(fs []scrub.Finding, where string, action scrub.Action) bool {
	for _, f := range fs {
		if f.Where == where && f.Action == action {
			return true
		}
	}
	return false
}
