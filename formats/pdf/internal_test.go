package pdf

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

func testDoc() *doc {
	return &doc{ctx: context.Background(), env: scrub.NewEnv(scrub.NewRegistry(), scrub.Limits{}, scrub.Policy{}),
		reports: map[string]*aggregate{}, clean: true}
}

// A panic inside pdfcpu is the file's fault: it becomes ErrMalformed.
func TestContainPDFLibraryPanic(t *testing.T) {
	err := func() (err error) {
		defer contain(&err)
		var l types.LazyObjectStreamObject // no object stream: pdfcpu dereferences nil
		_ = l.PDFString()
		return nil
	}()
	if !errors.Is(err, scrub.ErrMalformed) {
		t.Fatalf("a panic in pdfcpu gave %v, want ErrMalformed", err)
	}
}

// A panic in this package's own code is a bug in scrub: it is not
// disguised as a damaged file, it goes on to the engine.
func TestContainOwnPanic(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("a panic in scrub's own code was swallowed")
		}
	}()
	func() (err error) {
		defer contain(&err)
		var s []int
		_ = s[len(os.Args)+1] // an index out of range, in this package
		return nil
	}()
}

func TestRewriteContent(t *testing.T) {
	d := testDoc()
	for _, c := range []struct{ in, want string }{
		{"BT (a % b) Tj ET % comment\nq Q", "BT (a % b) Tj ET \nq Q"},
		{"%first\n(\\) % still a string) Tj", "\n(\\) % still a string) Tj"},
		{"<414243> Tj %c\r\n", "<414243> Tj \r\n"},
		{"/TouchUp_TextEdit MP BT ET", " BT ET"},
		{"(nested (paren % x) here) Tj %gone", "(nested (paren % x) here) Tj "},
		{"/Name%comment\n", "/Name\n"},
		{"[(a)%x\n(b)] TJ", "[(a)\n(b)] TJ"},
	} {
		got, _, err := d.rewriteContent([]byte(c.in), "test", nil)
		if err != nil || string(got) != c.want {
			t.Errorf("rewrite(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestContentText(t *testing.T) {
	got := contentText([]byte(`BT (Hello \(world\)) Tj [(Ke) 20 (rn)] TJ <54657374> Tj (one) ' 1 2 (two) " ET
/Span <</ActualText (\376\377\000J\000o)>> BDC EMC BI /W 1 /H 1 /F /AHx ID 00> EI (after) Tj`))
	want := []string{"Hello (world)", "Kern", "Test", "one", "two", "Jo", "after"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("contentText = %q, want %q", got, want)
	}
}

func TestInlineImageEnd(t *testing.T) {
	for _, c := range []struct{ content, after string }{
		{"BI /W 2 /H 1 /CS /G /BPC 8 ID \x00\x01 EI Q", " Q"},
		{"BI /W 2 /H 1 /F /AHx ID 0102> EI Q", " Q"},
		{"BI /W 2 /H 1 /F /A85 ID !!~> EI Q", " Q"},
		{"BI /W 2 /H 1 /CS /G /BPC 8 /L 4 ID EI\x01\x02 EI Q", " Q"},
		{"BI /W 9 /H 1 /CS /G /BPC 8 ID ab EI cd\x90 EI Q", " Q"},
	} {
		l := &lexer{b: []byte(c.content)}
		t0 := l.next()
		im := l.inlineImage(t0.start)
		if !im.terminated || c.content[im.end:] != c.after {
			t.Errorf("%q: image ends at %d (terminated %v), rest %q", c.content, im.end, im.terminated, c.content[im.end:])
		}
	}
}

func TestDropFolders(t *testing.T) {
	for _, c := range []struct{ in, out string }{
		{`C:\Users\bob\Pictures\photo.jpg`, "photo.jpg"},
		{`Figure: C:/Users/bob/x.png`, "Figure: x.png"},
		{`/home/alice/Documents/report draft.odt`, "report draft.odt"},
		{`see https://example.org/Users/x and /Users/carol/a.txt`, "see https://example.org/Users/x and a.txt"},
		{`\\server\share\folder\plan.pdf`, "plan.pdf"},
		{"file:///C:/Users/dave/doc.pdf", "doc.pdf"},
		{"no path here: 3/4 of it", "no path here: 3/4 of it"},
		{"see https://example.org/a/b and mailto:x@example.org", "see https://example.org/a/b and mailto:x@example.org"},
		{"Scan (\\\\nas\\scans\\jane\\page 1.tif) done", "Scan (page 1.tif) done"},
		{"Figure:C:\\Users\\bob\\x.png", "Figure:x.png"},
		{"file%3A%2F%2F%2Fhome%2Fjane%2Fa.png", "a.png"},
	} {
		got, _ := dropFolders(c.in)
		if got != c.out {
			t.Errorf("dropFolders(%q) = %q, want %q", c.in, got, c.out)
		}
	}
	for _, c := range []struct {
		in, base string
		local    bool
	}{
		{"file:///C:/Users/eve/My%20Docs/a.pdf", "a.pdf", true},
		{"https://example.org/a.pdf", "", false},
		{"mailto:someone@example.org", "", false},
		{"D:\\work\\b.pdf", "b.pdf", true},
		{"other.pdf", "", false},
		{"/C/Users/jane/Documents/plan.pdf", "plan.pdf", true}, // a PDF file specification's absolute path
		{"//server/share/plan.pdf", "plan.pdf", true},
		{"smb://nas/jane/plan.pdf", "plan.pdf", true},
		{"../shared/plan.pdf", "", false},
	} {
		base, local := localFile(c.in)
		if local != c.local || (local && base != c.base) {
			t.Errorf("localFile(%q) = %q, %v", c.in, base, local)
		}
	}
}

// FuzzContent runs the content-stream lexer, rewriter and text extractor
// on arbitrary bytes: no panic, no hang, and a rewritten stream has no
// comment left.
func FuzzContent(f *testing.F) {
	f.Add([]byte("BT (a % b) Tj ET % comment\nq Q"))
	f.Add([]byte("BI /W 2 /H 1 /F /AHx ID 0102> EI Q"))
	f.Add([]byte("BI /W 2 /H 1 /F [/AHx /DCT] ID ffd8ffd9> EI"))
	f.Add([]byte("/Span <</ActualText (x)>> BDC [(a) 1 (b)] TJ EMC"))
	f.Add([]byte("((((\\"))
	f.Add([]byte("<<<<[[[[ /TouchUp_TextEdit MP"))
	f.Add([]byte("BT /F1 12 Tf 72 700 Td [(Hidden) -250 (text)] TJ 3 Tr (x) ' 1 2 (y) \" ET 0 g 70 690 100 20 re f"))
	f.Add([]byte("q 0 0 10 10 re W n 2 0 0 2 5 5 cm 0 0 m 5 5 l 1 1 2 2 3 3 c 4 4 5 5 v 6 6 7 7 y h f* Q /OC /X BDC EMC BX junk EX"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d := testDoc()
		contentText(b)
		interpretForFuzz(d, b)
		out, _, err := d.rewriteContent(b, "fuzz", nil)
		if err != nil {
			return
		}
		if bytes.Contains(b, []byte("BI")) {
			return // inline image data may hold anything
		}
		l := &lexer{b: out}
		for {
			tk := l.next()
			if tk.kind == tokEOF {
				break
			}
			if tk.kind == tokComment {
				t.Fatalf("a comment survived: %q in %q", out[tk.start:tk.end], out)
			}
		}
	})
}

// interpretForFuzz runs the hidden-content analysis on b as a page's
// content (with no resources: the default font), and rewrites every text
// operator without its glyphs: it must not panic, and a rewrite must
// parse as one TJ.
func interpretForFuzz(d *doc, b []byte) {
	h := &hiddenPass{d: d, fonts: map[any]*fontInfo{}, spaces: map[any]*colourSpace{}, forms: map[int]*content{},
		visits: map[int]int{}, wishes: map[editKey]*editWish{}, covered: map[string]string{}, visible: map[string]bool{},
		applyWords: map[string][]*item{}, scratch: &scratch{}}
	parseContent(b, &h.pc)
	sc := &h.sc
	*sc = scene{page: rect{0, 0, 612, 792}}
	in := &interp{h: h, d: d, sc: sc, gs: initialState(everywhere), segs: []segment{{obj: 1}}}
	in.run(&h.pc, nil)
	h.classify(sc)
	for ri := range sc.runs {
		r := &sc.runs[ri]
		if r.n == 0 || len(sc.glyphs)+int(r.n) > maxGlyphs {
			continue
		}
		sc.expand(int32(ri))
		if repl := rewriteRun(r, sc, func(int32) bool { return true }); repl != nil {
			var c content
			parseContent(repl, &c)
			if len(c.ops) == 0 || c.ops[len(c.ops)-1].code != opTJ {
				panic(fmt.Sprintf("rewrite %q of %q is not a TJ", repl, b))
			}
		}
	}
	h.collect(pageEntry{where: "page 1"}, sc, nil, nil)
}

// FuzzCMap runs the CMap parser on arbitrary bytes and looks codes up.
func FuzzCMap(f *testing.F) {
	f.Add([]byte("1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0041> <0061> <0042> /B endbfchar\n" +
		"1 beginbfrange <0020> <007E> <0020> endbfrange 1 beginbfrange <0100> <0102> [<0041> <00420043>] endbfrange\n" +
		"1 begincidrange <00> <FF> 10 endcidrange 1 begincidchar <0101> 7 endcidchar"))
	f.Add([]byte("beginbfrange <FFFFFFFF> <00> <> endbfrange begincodespacerange <01> endcodespacerange [[[ <<"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m := parseCMap(b)
		for _, s := range [][]byte{{0}, {0x41}, {0, 0x41}, {1, 1}, {0xff, 0xff, 0xff, 0xff}, b[:min(len(b), 4)]} {
			if len(s) == 0 {
				continue
			}
			c, n := m.next(s)
			if n < 1 || n > len(s) {
				t.Fatalf("next(%x) = %d bytes", s, n)
			}
			m.text(c)
			m.cidOf(c)
		}
	})
}

// addTable returns an sfnt font with one more table (for tests).
func addTable(t *testing.T, font []byte, tag string, data []byte) []byte {
	t.Helper()
	n := int(binary.BigEndian.Uint16(font[4:]))
	out := append([]byte{}, font[:12+16*n]...)
	out = append(out, make([]byte, 16)...)
	binary.BigEndian.PutUint16(out[4:], uint16(n+1))
	body := append([]byte{}, font[12+16*n:]...)
	shift := 16
	for i := 0; i < n; i++ {
		r := out[12+16*i:]
		binary.BigEndian.PutUint32(r[8:], binary.BigEndian.Uint32(r[8:])+uint32(shift))
	}
	r := out[12+16*n:]
	copy(r, tag)
	binary.BigEndian.PutUint32(r[8:], uint32(len(out)+len(body)))
	binary.BigEndian.PutUint32(r[12:], uint32(len(data)))
	out = append(out, body...)
	return append(out, data...)
}

func TestDropDSIG(t *testing.T) {
	path := "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
	font, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("no test font: %v", err)
	}
	signed := addTable(t, font, "DSIG", []byte("\x00\x00\x00\x01PLANT-dsig-ca@example.org certificate"))
	if !hasTable(signed, "DSIG") {
		t.Fatal("the fixture has no DSIG")
	}
	out, ok := dropTable(signed, "DSIG")
	if !ok || hasTable(out, "DSIG") || bytes.Contains(out, []byte("PLANT-dsig")) {
		t.Fatal("the DSIG table is still there")
	}
	if checksum(out) != 0xb1b0afba {
		t.Errorf("the font's checksum is %08x, want b1b0afba", checksum(out))
	}
	// Every other table is byte for byte the same.
	n := int(binary.BigEndian.Uint16(out[4:]))
	m := int(binary.BigEndian.Uint16(font[4:]))
	if n != m {
		t.Fatalf("%d tables, want %d", n, m)
	}
	for i := 0; i < n; i++ {
		r, o := out[12+16*i:], font[12+16*i:]
		tag := string(r[:4])
		if tag == "head" {
			continue // its checksum adjustment is rewritten
		}
		a := out[binary.BigEndian.Uint32(r[8:]):][:binary.BigEndian.Uint32(r[12:])]
		b := font[binary.BigEndian.Uint32(o[8:]):][:binary.BigEndian.Uint32(o[12:])]
		if string(r[:4]) != string(o[:4]) || !bytes.Equal(a, b) {
			t.Errorf("table %q changed", tag)
		}
	}
	// In a PDF: the font still renders the page the same.
	pdf := fontPDF(t, signed)
	var buf bytes.Buffer
	env := scrub.NewEnv(scrub.NewRegistry(), scrub.Limits{}, scrub.Policy{})
	if _, err := (handler{}).Clean(context.Background(), env, bytes.NewReader(pdf), int64(len(pdf)), &buf); err != nil {
		t.Fatal(err)
	}
	if z := inflatedStreams(buf.Bytes()); bytes.Contains(z, []byte("PLANT-dsig")) {
		t.Error("the cleaned PDF still holds the font's signature")
	}
	if _, err := exec.LookPath("pdftoppm"); err == nil {
		if a, b := render(t, pdf), render(t, buf.Bytes()); !bytes.Equal(a, b) {
			t.Error("the page renders differently without the font's signature")
		}
	}
}

// fontPDF returns a page showing text in the TrueType font given,
// embedded as FontFile2.
func fontPDF(t *testing.T, font []byte) []byte {
	var b bytes.Buffer
	offs := map[int]int{}
	obj := func(n int, s string) { offs[n] = b.Len(); fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, s) }
	b.WriteString("%PDF-1.7\n")
	obj(1, "<</Type /Catalog /Pages 2 0 R>>")
	obj(2, "<</Type /Pages /Kids [3 0 R] /Count 1>>")
	obj(3, "<</Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>>")
	content := "BT /F1 24 Tf 10 40 Td (Hello font) Tj ET"
	obj(4, fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(content), content))
	obj(5, "<</Type /Font /Subtype /TrueType /BaseFont /DejaVuSans /FirstChar 32 /LastChar 126 /Widths ["+strings.Repeat("600 ", 95)+"] /FontDescriptor 6 0 R /Encoding /WinAnsiEncoding>>")
	obj(6, "<</Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [-1021 -463 1793 1232] /ItalicAngle 0 /Ascent 928 /Descent -236 /CapHeight 729 /StemV 80 /FontFile2 7 0 R>>")
	z := deflate(font)
	offs[7] = b.Len()
	fmt.Fprintf(&b, "7 0 obj\n<</Length %d /Length1 %d /Filter /FlateDecode>>\nstream\n", len(z), len(font))
	b.Write(z)
	b.WriteString("\nendstream\nendobj\n")
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 8\n0000000000 65535 f \n")
	for i := 1; i <= 7; i++ {
		fmt.Fprintf(&b, "%010d 00000 n \n", offs[i])
	}
	fmt.Fprintf(&b, "trailer\n<</Size 8 /Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", x)
	return b.Bytes()
}

// inflatedStreams returns the inflated data of every stream of a PDF.
func inflatedStreams(b []byte) []byte {
	var out []byte
	for _, p := range bytes.Split(b, []byte("stream\n"))[1:] {
		if z, _, _ := inflate(p, 1<<30); z != nil {
			out = append(out, z...)
		}
	}
	return out
}

func render(t *testing.T, pdf []byte) []byte {
	t.Helper()
	cmd := exec.Command("pdftoppm", "-r", "50", "-gray", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	return out
}
