package pdf

import (
	"bytes"
	"context"
	"errors"
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
		var m map[string]int
		m["x"] = 1 // nil map write, in this package
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
		got, _, err := d.rewriteContent([]byte(c.in), "test")
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
	f.Fuzz(func(t *testing.T, b []byte) {
		d := testDoc()
		contentText(b)
		out, _, err := d.rewriteContent(b, "fuzz")
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
