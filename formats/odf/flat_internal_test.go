package odf

import (
	"bytes"
	"strings"
	"testing"
)

// A nested document's office:mimetype within LibreOffice's detection
// window is moved past it with white space between tags; one in text, or
// already past the window, is left alone.
func TestPadNested(t *testing.T) {
	root := `<?xml version="1.0"?><office:document office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>`
	nested := `<draw:object><office:document office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body/></office:document></draw:object>`
	tail := `</office:text></office:body></office:document>`

	in := []byte(root + `<text:p>x<draw:frame>` + nested + `</draw:frame></text:p>` + tail)
	out := padNested(in)
	second := bytes.LastIndex(out, mimetypeAttr)
	if second < detectWindow {
		t.Fatalf("the nested office:mimetype is at %d, inside the window", second)
	}
	if got := strings.Join(strings.Fields(string(out)), ""); got != strings.Join(strings.Fields(string(in)), "") {
		t.Fatalf("more than white space changed:\n%s", got)
	}
	if !bytes.Contains(out, []byte("<draw:object>\n ")) {
		t.Errorf("the white space is not between <draw:object> and the nested document")
	}

	// Through the writer, in small pieces, as the filter writes.
	var buf bytes.Buffer
	g := &headGuard{w: &buf}
	for i := 0; i < len(in); i += 7 {
		g.Write(in[i:min(i+7, len(in))])
	}
	if err := g.flush(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), out) {
		t.Errorf("headGuard wrote something else than padNested")
	}

	// Not between tags: the attribute is on an element inside text.
	text := []byte(root + `<text:p>x<foo:document office:mimetype="application/vnd.oasis.opendocument.spreadsheet"/></text:p>` + tail)
	if !bytes.Equal(padNested(text), text) {
		t.Errorf("white space was added inside a paragraph")
	}
	// Already past the window: untouched, so cleaning twice is stable.
	if again := padNested(out); !bytes.Equal(again, out) {
		t.Errorf("a second pass changed the output")
	}
}
