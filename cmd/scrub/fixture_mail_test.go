package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/emersion/go-message"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// The identifying values the generated fixtures carry. The scripts check
// that they are in the fixtures and gone after cleaning.
const (
	plantDocxCreator = "Planted Docx Creator 81c2"
	plantDocxCompany = "Planted Docx Company 81c3"
	plantJPEGArtist  = "Planted Jpeg Artist 5d07"
	plantPDFAuthor   = "Planted Pdf Author 3a9e"
	plantPDFCreator  = "Planted Pdf Tool 3a9f"
	plantPptxAuthor  = "Planted Pptx Author 6b10"
	plantPptxNotes   = "Planted speaker notes: the source is on the third floor"
)

func init() {
	fixtureCmds["mkfixture"] = cmdMkfixture
	fixtureCmds["mkmail"] = cmdMkmail
	fixtureCmds["absent"] = cmdAbsent
	fixtureCmds["mailclean"] = cmdMailclean
	fixtureCmds["mailsame"] = cmdMailsame
}

// mkfixture KIND FILE writes a generated file with planted values: docx
// (creator and company), pptx-notes (a creator, and speaker notes), jpeg
// (EXIF Artist), pdf (Info Author and Creator, XMP creator), encpdf (the
// same PDF, AES-256 with a user password).
func cmdMkfixture(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkfixture docx|pptx-notes|jpeg|pdf|encpdf FILE")
	}
	var data []byte
	var err error
	switch args[0] {
	case "docx":
		data, err = fixtureDocx()
	case "pptx-notes":
		data, err = fixturePptxNotes()
	case "jpeg":
		data, err = fixtureJPEG()
	case "pdf":
		data = fixturePDF()
	case "encpdf":
		data, err = fixtureEncryptedPDF()
	default:
		ts.Fatalf("mkfixture: unknown kind %q", args[0])
	}
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o644))
}

func fixtureDocx() ([]byte, error) {
	members := []zipMember{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>The visible text of the report.</w:t></w:r></w:p><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`},
		{"docProps/core.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Report</dc:title><dc:creator>` + plantDocxCreator + `</dc:creator><cp:lastModifiedBy>` + plantDocxCreator + `</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2024-03-01T10:00:00Z</dcterms:created></cp:coreProperties>`},
		{"docProps/app.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application><Company>` + plantDocxCompany + `</Company></Properties>`},
	}
	return zipOf(members)
}

// fixturePptxNotes is a one-slide presentation whose slide has speaker
// notes, as PowerPoint writes them (a notes slide related to the slide).
func fixturePptxNotes() ([]byte, error) {
	const (
		ns  = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"`
		pml = "application/vnd.openxmlformats-officedocument.presentationml."
		rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
		dec = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	)
	tree := func(shapes string) string {
		return `<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>` + shapes + `</p:spTree></p:cSld>`
	}
	text := func(id, ph, t string) string {
		return `<p:sp><p:nvSpPr><p:cNvPr id="` + id + `" name="Text ` + id + `"/><p:cNvSpPr/><p:nvPr>` + ph + `</p:nvPr></p:nvSpPr><p:spPr/>` +
			`<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>` + t + `</a:t></a:r></a:p></p:txBody></p:sp>`
	}
	rels := func(rs ...string) string {
		out := dec + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
		for _, r := range rs {
			f := strings.SplitN(r, "|", 3)
			out += `<Relationship Id="` + f[0] + `" Type="` + f[1] + `" Target="` + f[2] + `"/>`
		}
		return out + `</Relationships>`
	}
	members := []zipMember{
		{"[Content_Types].xml", dec + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/ppt/presentation.xml" ContentType="` + pml + `presentation.main+xml"/><Override PartName="/ppt/slides/slide1.xml" ContentType="` + pml + `slide+xml"/>` +
			`<Override PartName="/ppt/notesSlides/notesSlide1.xml" ContentType="` + pml + `notesSlide+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`},
		{"_rels/.rels", rels("rId1|"+rel+"officeDocument|ppt/presentation.xml", "rId2|http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties|docProps/core.xml")},
		{"docProps/core.xml", dec + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>` + plantPptxAuthor + `</dc:creator></cp:coreProperties>`},
		{"ppt/presentation.xml", dec + `<p:presentation ` + ns + `><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`},
		{"ppt/_rels/presentation.xml.rels", rels("rId2|" + rel + "slide|slides/slide1.xml")},
		{"ppt/slides/slide1.xml", dec + `<p:sld ` + ns + `>` + tree(text("2", "", "The visible slide.")) + `</p:sld>`},
		{"ppt/slides/_rels/slide1.xml.rels", rels("rId2|" + rel + "notesSlide|../notesSlides/notesSlide1.xml")},
		{"ppt/notesSlides/notesSlide1.xml", dec + `<p:notes ` + ns + `>` + tree(text("2", `<p:ph type="body" idx="1"/>`, plantPptxNotes)) + `</p:notes>`},
		{"ppt/notesSlides/_rels/notesSlide1.xml.rels", rels("rId1|" + rel + "slide|../slides/slide1.xml")},
	}
	return zipOf(members)
}

// zipMember is a member of a generated zip archive.
type zipMember struct{ name, body string }

// zipOf returns a zip archive of the members, in order.
func zipOf(members []zipMember) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		w, err := zw.Create(m.name)
		if err != nil {
			return nil, err
		}
		io.WriteString(w, m.body)
	}
	err := zw.Close()
	return buf.Bytes(), err
}

// fixtureJPEG is a small JPEG with an EXIF APP1 segment holding an Artist.
func fixtureJPEG() ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for y := range 24 {
		for x := range 32 {
			img.Set(x, y, color.RGBA{uint8(x * 8), uint8(y * 10), 90, 255})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 90}); err != nil {
		return nil, err
	}
	// TIFF header, IFD0 with one entry (Artist), then the string.
	le := binary.LittleEndian
	artist := append([]byte(plantJPEGArtist), 0)
	var tiff bytes.Buffer
	tiff.WriteString("II")
	binary.Write(&tiff, le, uint16(42))
	binary.Write(&tiff, le, uint32(8))
	binary.Write(&tiff, le, uint16(1))
	binary.Write(&tiff, le, uint16(0x013b)) // Artist
	binary.Write(&tiff, le, uint16(2))      // ASCII
	binary.Write(&tiff, le, uint32(len(artist)))
	binary.Write(&tiff, le, uint32(8+2+12+4))
	binary.Write(&tiff, le, uint32(0))
	tiff.Write(artist)
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xff, 0xe1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	jpg := enc.Bytes()
	out := append(append(append([]byte(nil), jpg[:2]...), seg...), payload...)
	return append(out, jpg[2:]...), nil
}

// fixturePDF is a one-page PDF with an Info dictionary and XMP metadata.
func fixturePDF() []byte {
	var b bytes.Buffer
	offs := map[int]int{}
	obj := func(n int, body string) {
		offs[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	xmp := `<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>` + plantPDFAuthor + `</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
	content := "BT /F1 24 Tf 72 700 Td (Hello visible text) Tj ET"
	widths := " /FirstChar 32 /LastChar 126 /Widths [" + strings.Repeat("556 ", 95) + "]"
	obj(1, `<</Type /Catalog /Pages 2 0 R /Metadata 6 0 R>>`)
	obj(2, `<</Type /Pages /Kids [3 0 R] /Count 1>>`)
	obj(3, `<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>>`)
	obj(4, fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(content), content))
	obj(5, `<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /FontDescriptor 8 0 R`+widths+`>>`)
	obj(6, fmt.Sprintf("<</Type /Metadata /Subtype /XML /Length %d>>\nstream\n%s\nendstream", len(xmp), xmp))
	obj(7, `<</Author (`+plantPDFAuthor+`) /Creator (`+plantPDFCreator+`) /Title (Report)>>`)
	obj(8, `<</Type /FontDescriptor /FontName /Helvetica /Flags 32 /FontBBox [-166 -225 1000 931] /ItalicAngle 0 /Ascent 718 /Descent -207 /CapHeight 718 /StemV 88>>`)
	x := b.Len()
	b.WriteString("xref\n0 9\n0000000000 65535 f \n")
	for n := 1; n <= 8; n++ {
		fmt.Fprintf(&b, "%010d 00000 n \n", offs[n])
	}
	fmt.Fprintf(&b, "trailer\n<</Size 9 /Root 1 0 R /Info 7 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]>>\nstartxref\n%d\n%%%%EOF\n", x)
	return b.Bytes()
}

func fixtureEncryptedPDF() ([]byte, error) {
	api.DisableConfigDir() // pdfcpu must leave no configuration folder behind
	var out bytes.Buffer
	err := api.Encrypt(bytes.NewReader(fixturePDF()), &out, model.NewAESConfiguration("user-pw", "owner-pw", 256))
	return out.Bytes(), err
}

// mkmail OUT TEMPLATE writes the message in TEMPLATE with each
// {{ENCODING FILE}} replaced by FILE's bytes encoded: base64 (76-column
// lines), base64-72, qp (quoted-printable, binary) or raw.
func cmdMkmail(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkmail OUT TEMPLATE")
	}
	tmpl := ts.ReadFile(args[1])
	var failed error
	out := placeholder.ReplaceAllStringFunc(tmpl, func(m string) string {
		f := placeholder.FindStringSubmatch(m)
		data, err := os.ReadFile(ts.MkAbs(f[2]))
		if err != nil {
			failed = err
			return ""
		}
		switch f[1] {
		case "base64":
			return wrapBase64(data, 76)
		case "base64-72":
			return wrapBase64(data, 72)
		case "qp":
			return quotedPrintable(data)
		case "raw":
			return string(data)
		}
		failed = fmt.Errorf("unknown encoding %q", f[1])
		return ""
	})
	ts.Check(failed)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(out), 0o644))
}

var placeholder = regexp.MustCompile(`\{\{([a-z0-9-]+) ([^}]+)\}\}`)

func wrapBase64(data []byte, n int) string {
	s := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n] + "\n")
		s = s[n:]
	}
	b.WriteString(s)
	return b.String()
}

// quotedPrintable encodes data in binary mode, as a careful mail client
// would: independent of mailfilter's encoder, which it checks.
func quotedPrintable(data []byte) string {
	var b strings.Builder
	col := 0
	for _, c := range data {
		tok := string(c)
		if c < '!' || c > '~' || c == '=' || (col == 0 && (c == '.' || c == '-')) {
			tok = fmt.Sprintf("=%02X", c)
		}
		if col+len(tok) > 75 {
			b.WriteString("=\n")
			col = 0
		}
		b.WriteString(tok)
		col += len(tok)
	}
	return b.String()
}

// mailLeaf is a leaf part of a message as go-message reads it.
type mailLeaf struct {
	header message.Header
	data   []byte // the body, decoded
}

// mailLeaves reads every leaf of the message in file, forwarded messages
// included.
func mailLeaves(ts *testscript.TestScript, file string) []mailLeaf {
	var out []mailLeaf
	var walk func(r io.Reader)
	walk = func(r io.Reader) {
		e, err := message.Read(r)
		if err != nil && !message.IsUnknownCharset(err) {
			ts.Fatalf("%s: go-message cannot read it: %v", file, err)
		}
		var visit func(e *message.Entity)
		visit = func(e *message.Entity) {
			if mr := e.MultipartReader(); mr != nil {
				for {
					p, err := mr.NextPart()
					if err == io.EOF {
						return
					}
					ts.Check(err)
					visit(p)
				}
			}
			data, err := io.ReadAll(e.Body)
			ts.Check(err)
			if mt, _, _ := e.Header.ContentType(); mt == "message/rfc822" {
				walk(bytes.NewReader(data))
				return
			}
			out = append(out, mailLeaf{header: e.Header, data: data})
		}
		visit(e)
	}
	walk(bytes.NewReader([]byte(ts.ReadFile(file))))
	return out
}

func isAttachmentLeaf(l mailLeaf) bool {
	mt, _, _ := l.header.ContentType()
	disp, params, _ := l.header.ContentDisposition()
	_, ctParams, _ := l.header.ContentType()
	return !strings.HasPrefix(mt, "text/") || disp == "attachment" || params["filename"] != "" || ctParams["name"] != ""
}

// absent FILE VALUE... fails if a value is anywhere in FILE: in its bytes,
// or (for a message) in any decoded part, decompressed (zip members, PDF
// streams, base64 runs) in UTF-8 and UTF-16. "! absent" fails unless every
// value is there.
func cmdAbsent(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: absent FILE VALUE...")
	}
	raw := []byte(ts.ReadFile(args[0]))
	views := [][]byte{raw}
	if bytes.Contains(raw, []byte("MIME-Version:")) {
		for _, l := range mailLeaves(ts, args[0]) {
			views = append(views, l.data)
		}
	}
	for _, v := range args[1:] {
		found := false
		for _, b := range views {
			if scrubtest.Contains(b, v) {
				found = true
				break
			}
		}
		if found && !neg {
			ts.Fatalf("%s still contains %q", args[0], v)
		}
		if !found && neg {
			ts.Fatalf("%s does not contain %q", args[0], v)
		}
	}
}

// mailclean FILE inspects every attachment of the message in FILE, by
// content, with every format scrub knows, and fails if one has anything
// identifying or cannot be checked (content scrub does not know is fine).
// "! mailclean" fails unless some attachment has something identifying.
func cmdMailclean(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: mailclean FILE")
	}
	e := &scrub.Engine{Registry: all.Registry()}
	dirty := 0
	for i, l := range mailLeaves(ts, args[0]) {
		if !isAttachmentLeaf(l) {
			continue
		}
		r := e.InspectData(context.Background(), "", l.data)
		switch r.Status {
		case scrub.StatusDirty:
			dirty++
			if !neg {
				ts.Logf("leaf %d (%s): %+v", i+1, l.header.Get("Content-Type"), r.Findings)
			}
		case scrub.StatusClean:
		default:
			if r.Error != "not a format scrub knows" {
				ts.Fatalf("leaf %d (%s): %s: %s", i+1, l.header.Get("Content-Type"), r.Status, r.Error)
			}
		}
	}
	if dirty > 0 && !neg {
		ts.Fatalf("%s: %d attachment(s) still identifying", args[0], dirty)
	}
	if dirty == 0 && neg {
		ts.Fatalf("%s: no attachment has anything identifying", args[0])
	}
}

// mailsame ORIG GOT fails unless GOT is ORIG with only its attachments'
// bodies changed: the same parts in the same order, every header field the
// same (except Content-MD5, the Content-Disposition size and date
// parameters, and a 7bit/8bit attachment switched to base64), the text
// parts byte-identical, and every attachment keeping its type and name.
func cmdMailsame(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mailsame ORIG GOT")
	}
	orig, got := []byte(ts.ReadFile(args[0])), []byte(ts.ReadFile(args[1]))
	oh, _, _ := strings.Cut(string(orig), "\n\n")
	gh, _, _ := strings.Cut(string(got), "\n\n")
	if oh != gh {
		ts.Fatalf("the message header changed:\n%s\n----\n%s", oh, gh)
	}
	a, b := mailLeaves(ts, args[0]), mailLeaves(ts, args[1])
	if len(a) != len(b) {
		ts.Fatalf("%d parts became %d", len(a), len(b))
	}
	for i := range a {
		if !sameFields(a[i].header, b[i].header) {
			ts.Fatalf("part %d: header changed:\n%v\n%v", i+1, fields(a[i].header), fields(b[i].header))
		}
		if !isAttachmentLeaf(a[i]) && !bytes.Equal(a[i].data, b[i].data) {
			ts.Fatalf("part %d: text changed:\n%q\n%q", i+1, a[i].data, b[i].data)
		}
	}
}

func fields(h message.Header) []string {
	var out []string
	f := h.Fields()
	for f.Next() {
		k, v := f.Key(), f.Value()
		switch strings.ToLower(k) {
		case "content-md5":
			continue
		case "content-transfer-encoding":
			if l := strings.ToLower(v); l == "7bit" || l == "8bit" {
				v = "base64"
			}
		case "content-disposition":
			d, p, _ := h.ContentDisposition()
			v = d + "; filename=" + p["filename"]
		}
		out = append(out, k+": "+v)
	}
	return out
}

func sameFields(a, b message.Header) bool {
	return strings.Join(fields(a), "\n") == strings.Join(fields(b), "\n")
}
