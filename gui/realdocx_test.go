//go:build gui || ci

package gui

import (
	"archive/zip"
	"bytes"
	"image"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/scrub-project/scrub/formats/ooxml"
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/scrub"
)

// croppedDocx is a Word document with text under a black highlight (a
// fake redaction) and a 400×200 picture cropped to its middle half
// (a:srcRect cuts 25% from each side), as Word writes them.
func croppedDocx(t *testing.T, covered string) []byte {
	const (
		rel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
		decl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
		ns   = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"` +
			` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
			` xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`
	)
	body := `<w:p><w:r><w:t xml:space="preserve">The informant is </w:t></w:r>` +
		`<w:r><w:rPr><w:color w:val="000000"/><w:highlight w:val="black"/></w:rPr><w:t>` + covered + `</w:t></w:r></w:p>` +
		`<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="1905000" cy="952500"/><wp:docPr id="1" name="Picture 1"/>` +
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="Picture 1"/><pic:cNvPicPr/></pic:nvPicPr>` +
		`<pic:blipFill><a:blip r:embed="rIdImg"/><a:srcRect l="25000" t="25000" r="25000" b="25000"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1905000" cy="952500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>` +
		`<w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>`
	files := []struct{ name, data string }{
		{"[Content_Types].xml", decl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + rel + `officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/_rels/document.xml.rels", decl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdImg" Type="` + rel + `image" Target="media/image1.png"/></Relationships>`},
		{"word/document.xml", decl + `<w:document ` + ns + `><w:body>` + body + `</w:body></w:document>`},
		{"word/media/image1.png", string(encodePNG(pattern(400, 200)))},
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, f := range files {
		w, err := z.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// With scrub's real Word handler: the app's engine gets the cropped
// picture whole with its crop, and the details show the fake redaction
// first, then the picture with the crop outlined.
func TestRealCroppedPictureInWord(t *testing.T) {
	const covered = "Jane Planted-Docx-4c2e"
	reg := scrub.NewRegistry()
	reg.Register(ooxml.New())
	reg.Register(png.New()) // the picture inside
	h := newHarnessWith(t, reg)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "memo.docx"), string(croppedDocx(t, covered)))
	h.drop(dir)
	r := h.rowFor("memo.docx")
	if r.inspected == nil || r.inspected.Err != nil {
		t.Fatalf("memo.docx: %+v", r.inspected)
	}
	var pic *scrub.Picture
	for _, f := range r.inspected.Findings {
		if f.Label == scrub.LabelCroppedPicture && f.Picture != nil {
			pic = f.Picture
		}
	}
	if pic == nil {
		t.Fatalf("no cropped picture with its picture in %+v", r.inspected.Findings)
	}
	if pic.Shown != [4]float64{0.25, 0.25, 0.75, 0.75} {
		t.Errorf("shown part %v, want the middle half", pic.Shown)
	}
	h.selectRow("memo.docx")
	h.showThumbs()
	kept, _ := keptTexts(t, h)
	if c, p := index(kept, covered), index(kept, "Cropped picture"); c < 0 || p < c {
		t.Errorf("fake redaction at %d, cropped picture at %d: %q", c, p, kept)
	}
	ims := images(h.u.details)
	if len(ims) != 1 || ims[0].Image == nil {
		t.Fatalf("%d pictures shown", len(ims))
	}
	if got := ims[0].Image.Bounds().Size(); got != image.Pt(240, 120) {
		t.Errorf("thumbnail %v, want 240×120", got)
	}
	if c := ims[0].Image.At(100, 60); !near(c, blue) {
		t.Errorf("inside the crop: %v", c)
	}
	if c := ims[0].Image.At(20, 60); !near(c, dim(blue)) {
		t.Errorf("outside the crop: %v, want dimmed", c)
	}
	if !strings.Contains(strings.Join(kept, "\n"), "outlined part") {
		t.Errorf("no caption: %q", kept)
	}

	// Cleaned, the file keeps both (cleaning removes neither by default):
	// the details still show them, from the clean's result alone.
	test.Tap(h.u.cleanBtn)
	h.settle()
	h.showThumbs()
	if r.cleaned == nil || r.cleaned.Status != scrub.StatusCleaned && r.cleaned.Status != scrub.StatusAlreadyClean {
		t.Fatalf("not cleaned: %+v", r.cleaned)
	}
	if pictures(r.inspected) != 0 || pictures(r.cleaned) != 1 {
		t.Errorf("the inspection holds %d pictures, the clean %d: want 0 and 1", pictures(r.inspected), pictures(r.cleaned))
	}
	if len(images(h.u.details)) != 1 {
		t.Errorf("%d pictures shown after cleaning", len(images(h.u.details)))
	}
}
