package pdf_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/scrub-project/scrub/formats/pdf"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func TestIdentify(t *testing.T) {
	h := pdf.New()
	obj := "1 0 obj\n<</Type /Catalog>>\nendobj\n"
	for _, c := range []struct {
		name, data, want string
	}{
		{"header and object", "%PDF-1.7\n" + obj, "pdf"},
		{"binary comment line", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + obj, "pdf"},
		{"byte order mark", "\xef\xbb\xbf%PDF-1.4\n" + obj, "pdf"},
		{"junk before the header", strings.Repeat(" ", 1000) + "%PDF-1.4\r\n" + obj, "pdf"},
		{"header too far in", strings.Repeat(" ", 1100) + "%PDF-1.4\n" + obj, ""},
		{"trailer at the end", "%PDF-1.7\n" + strings.Repeat("x", 5000) + "\nstartxref\n123\n%%EOF\n", "pdf"},
		{"cut short after an object", "%PDF-1.5\n%\xb5\xb5\xb5\xb5\n12 0 obj\n<</Length 300", "pdf"},
		{"header only", "%PDF-1.7\n", ""},
		{"no version", "%PDF-x\n" + obj, ""},
		{"a README mentioning the header", "# Notes\nA PDF starts with %PDF-1.7 and then its objects (1 0 obj).\n", ""},
		{"a Go test file", "package x\n\nvar seed = []byte(\"%PDF-1.4\\n1 0 obj<</Type/Catalog>>endobj\")\n", ""},
		{"a text quoting a header line", "The header line:\n%PDF-1.7\nis followed by the body.\n", ""},
		{"a text naming the header and the end", "Every file starts with %PDF-1.7 and ends with %%EOF; objects look like 1 0 obj.\n", ""},
		{"a text quoting both ends", "Header:\n%PDF-1.7\nEnd: startxref then %%EOF\n", ""},
		{"zip", "PK\x03\x04", ""},
		{"jpeg", "\xff\xd8\xff\xe0", ""},
		{"empty", "", ""},
	} {
		b := []byte(c.data)
		got, err := h.Identify(b[:min(len(b), 4096)], bytes.NewReader(b), int64(len(b)))
		if err != nil || got != c.want {
			t.Errorf("%s: Identify = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

// TestClean is the main story: every planted value goes, the document
// still opens, keeps its page and its text, and cleaning is idempotent.
func TestClean(t *testing.T) {
	reg := registry()
	dirty := dirtyPDF(t)
	scrubtest.AssertPresent(t, dirty, kept...)
	if n := bytes.Count(dirty, []byte("%%EOF")); n != 2 {
		t.Fatalf("fixture has %d revisions, want 2", n)
	}
	clean := scrubtest.RoundTrip(t, reg, "dirty.pdf", dirty, planted...)
	scrubtest.AssertPresent(t, clean, kept...)

	if n := bytes.Count(clean, []byte("%%EOF")); n != 1 {
		t.Errorf("cleaned file has %d %%%%EOF markers, want 1", n)
	}
	if n := bytes.Count(clean, []byte("startxref")); n != 1 {
		t.Errorf("cleaned file has %d xref sections, want 1", n)
	}
	for _, trace := range []string{"pdfcpu", "scrub", "/Producer", "/CreationDate", "/ModDate", "/Info", "/Encrypt", "/Metadata", "/AdditionalStreams"} {
		if scrubtest.Contains(clean, trace) {
			t.Errorf("cleaned file contains %q", trace)
		}
	}
	if !regexp.MustCompile(`/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]`).Match(clean) {
		t.Errorf("cleaned file has no fresh /ID")
	}
	validate(t, dirty, clean, 1)
	if txt := pdftotext(t, clean); txt != "" && !strings.Contains(txt, "Hello visible text") {
		t.Errorf("pdftotext of the cleaned file lost the text: %q", txt)
	}
	_, ws := scrubtest.Clean(t, reg, "dirty.pdf", dirty, scrub.Policy{})
	if !hasWarning(ws, "signature by PLANT-signer") {
		t.Errorf("no warning about the removed signature: %+v", ws)
	}
	// Warnings leave scrub: they must not repeat the removed signer's
	// certificate or other planted values besides the signer's name.
}

// TestInspect checks that Inspect names what it finds the way the user
// needs it: who, what, where.
func TestInspect(t *testing.T) {
	fs := scrubtest.Inspect(t, registry(), "dirty.pdf", dirtyPDF(t))
	want := []struct {
		field, value string
		kind         scrub.Kind
		action       scrub.Action
	}{
		{"Author", "PLANT-author-rev2", scrub.KindPerson, scrub.Remove},
		{"incremental update", "1 earlier revision(s) of the document", scrub.KindEditHistory, scrub.Remove},
		{"unused objects", "", scrub.KindEditHistory, scrub.Remove},
		{"document id (trailer /ID)", "", scrub.KindEditHistory, scrub.Remove},
		{"AdditionalStreams", "", scrub.KindAttachment, scrub.Remove},
		{"dc:creator", "PLANT-cat-xmp-creator", scrub.KindPerson, scrub.Remove},
		{"xmp:CreatorTool", "PLANT-xmp-tool", scrub.KindSoftware, scrub.Remove},
		{"xmpMM:DocumentID", "uuid:PLANT-docid", scrub.KindEditHistory, scrub.Remove},
		{"dc:creator", "PLANT-page-xmp", scrub.KindPerson, scrub.Remove},
		{"dc:creator", "PLANT-font-xmp", scrub.KindPerson, scrub.Remove},
		{"attachment", "PLANT-attachment.txt", scrub.KindAttachment, scrub.Remove},
		{"attachment", "PLANT-fa-file.txt", scrub.KindAttachment, scrub.Remove},
		{"attached file (AF)", "PLANT-af-file.txt", scrub.KindAttachment, scrub.Remove},
		{"Text annotation", "PLANT-annot-comment", scrub.KindComment, scrub.Remove},
		{"Text annotation author (T)", "PLANT-annot-author", scrub.KindPerson, scrub.Remove},
		{"annotation author (T)", "PLANT-highlight-author", scrub.KindPerson, scrub.Remove},
		{"signer", "PLANT-signer", scrub.KindPerson, scrub.Remove},
		{"JavaScript", "PLANT-js-name", scrub.KindHidden, scrub.Remove},
		{"PieceInfo", "", scrub.KindSoftware, scrub.Remove},
		{"LastModified", "D:19990203040506", scrub.KindTime, scrub.Remove},
		{"thumbnail image", "", scrub.KindHidden, scrub.Remove},
		{"layer creator info", "PLANT-ocg-creator", scrub.KindSoftware, scrub.Remove},
		{"Author", "PLANT-thread-author", scrub.KindPerson, scrub.Remove},
		{"PTEX.FileName", "PLANT-ptex-file.tex", scrub.KindPath, scrub.Remove},
		{"Artist", "PLANT-exif-artist", "", scrub.Remove},
		{"form field values", "name = Visible Form Value", scrub.KindOther, scrub.Report},
		{"link targets", "https://example.org/kept-link", scrub.KindOther, scrub.Report},
		{"layer names", "Layer kept", scrub.KindHidden, scrub.Report},
	}
	for _, w := range want {
		found := false
		for _, f := range fs {
			if strings.Contains(f.Field, w.field) && strings.Contains(f.Value, w.value) &&
				(w.kind == "" || f.Kind == w.kind) && f.Action == w.action {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no %s finding %q = %q (%s)", w.action, w.field, w.value, w.kind)
		}
	}
	if t.Failed() {
		for _, f := range fs {
			t.Logf("%s | %s | %s | %s | %q", f.Action, f.Kind, f.Where, f.Field, f.Value)
		}
	}
}

func TestEncryptedOwnerPasswordOnly(t *testing.T) {
	enc := encrypt(t, simplePDF(), "", "PLANT-owner-pw")
	reg := registry()
	// The values are encrypted in the file: Inspect must still see them.
	fs := scrubtest.Inspect(t, reg, "owner.pdf", enc)
	for _, v := range []string{"PLANT-simple-author", "PLANT-simple-xmp"} {
		if !hasFinding(fs, v) {
			t.Errorf("inspect of the encrypted file does not report %q: %+v", v, fs)
		}
	}
	clean, ws := scrubtest.Clean(t, reg, "owner.pdf", enc, scrub.Policy{})
	scrubtest.AssertAbsent(t, clean, "PLANT-simple-author", "PLANT-simple-xmp", "PLANT-owner-pw")
	if fs := scrubtest.Inspect(t, reg, "clean.pdf", clean); scrub.Removable(fs) {
		t.Errorf("cleaned copy has removable findings: %+v", fs)
	}
	if again, _ := scrubtest.Clean(t, reg, "clean.pdf", clean, scrub.Policy{}); !bytes.Equal(again, clean) {
		t.Errorf("cleaning twice is not idempotent")
	}
	if !hasWarning(ws, "permission password") {
		t.Errorf("no warning about the removed permission password: %+v", ws)
	}
	if bytes.Contains(clean, []byte("/Encrypt")) {
		t.Errorf("cleaned copy is still encrypted")
	}
	validate(t, simplePDF(), clean, 1)
	if txt := pdftotext(t, clean); txt != "" && !strings.Contains(txt, "Hello visible text") {
		t.Errorf("text lost: %q", txt)
	}
}

func TestEncryptedUserPassword(t *testing.T) {
	enc := encrypt(t, simplePDF(), "PLANT-user-pw", "PLANT-owner-pw")
	reg := registry()
	h := pdf.New()
	for _, pw := range []string{"", "wrong"} {
		env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{Password: pw})
		_, err := h.Inspect(context.Background(), env, bytes.NewReader(enc), int64(len(enc)))
		if !errors.Is(err, scrub.ErrEncrypted) {
			t.Errorf("password %q: inspect error = %v, want ErrEncrypted", pw, err)
		}
		var buf bytes.Buffer
		_, err = h.Clean(context.Background(), env, bytes.NewReader(enc), int64(len(enc)), &buf)
		if !errors.Is(err, scrub.ErrEncrypted) {
			t.Errorf("password %q: clean error = %v, want ErrEncrypted", pw, err)
		}
		if scrub.HintFor(err) == "" {
			t.Errorf("password %q: no hint for %v", pw, err)
		}
	}
	// With the right password (user or owner) it opens and is cleaned.
	for _, pw := range []string{"PLANT-user-pw", "PLANT-owner-pw"} {
		policy := scrub.Policy{Password: pw}
		clean, ws := scrubtest.Clean(t, reg, "user.pdf", enc, policy)
		if !hasWarning(ws, "not password-protected") {
			t.Errorf("password %q: no warning that the copy is unprotected: %+v", pw, ws)
		}
		scrubtest.AssertAbsent(t, clean, "PLANT-simple-author", "PLANT-simple-xmp")
		if fs := scrubtest.Inspect(t, reg, "clean.pdf", clean); scrub.Removable(fs) {
			t.Errorf("password %q: cleaned copy has removable findings: %+v", pw, fs)
		}
		validate(t, simplePDF(), clean, 1)
	}
}

// TestNoConfigDir checks that using the handler leaves no pdfcpu folder in
// the user's configuration directory.
func TestNoConfigDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	reg := registry()
	dirty := dirtyPDF(t)
	scrubtest.Clean(t, reg, "dirty.pdf", dirty, scrub.Policy{})
	scrubtest.Inspect(t, reg, "dirty.pdf", dirty)
	entries, _ := os.ReadDir(home)
	for _, e := range entries {
		t.Errorf("cleaning created %s in $HOME", e.Name())
	}
}

func TestMalformed(t *testing.T) {
	h := pdf.New()
	reg := registry()
	dirty := dirtyPDF(t)
	for name, data := range map[string][]byte{
		"header only":    []byte("%PDF-1.7\n"),
		"garbage":        append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0xAB, 0x00, '(', '<', '['}, 400)...),
		"truncated half": dirty[:len(dirty)/2],
		"no catalog":     []byte("%PDF-1.4\n1 0 obj\n<</Type /Pages /Kids [] /Count 0>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<</Size 2>>\nstartxref\n58\n%%EOF\n"),
	} {
		env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
		var buf bytes.Buffer
		_, err := h.Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), &buf)
		if err == nil {
			// Repaired by the parser: the result must then be clean.
			if fs := scrubtest.Inspect(t, reg, "x.pdf", buf.Bytes()); scrub.Removable(fs) {
				t.Errorf("%s: repaired output is not clean: %+v", name, fs)
			}
			continue
		}
		if !scrub.Refused(err) {
			t.Errorf("%s: error %v is not a refusal", name, err)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dirty := dirtyPDF(t)
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	_, err := pdf.New().Clean(ctx, env, bytes.NewReader(dirty), int64(len(dirty)), &bytes.Buffer{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("clean with a cancelled context: %v", err)
	}
}

func FuzzClean(f *testing.F) {
	dirty := dirtyPDF(f)
	f.Add(dirty)
	f.Add(simplePDF())
	f.Add(dirty[:len(dirty)*2/3])
	f.Add([]byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 1 0 R>>endobj trailer<</Root 1 0 R>>"))
	reg := registry()
	h := pdf.New()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		env := scrub.NewEnv(reg, scrub.Limits{MaxTotalSize: 64 << 20, MaxMemberSize: 16 << 20}, scrub.Policy{})
		if _, err := h.Inspect(ctx, env, bytes.NewReader(data), int64(len(data))); err != nil {
			var pe *scrub.PanicError
			if errors.As(err, &pe) {
				t.Fatal(err)
			}
			return
		}
		var buf bytes.Buffer
		if _, err := h.Clean(ctx, env, bytes.NewReader(data), int64(len(data)), &buf); err != nil {
			return
		}
		out := buf.Bytes()
		env = scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
		fs, err := h.Inspect(ctx, env, bytes.NewReader(out), int64(len(out)))
		if err != nil {
			t.Fatalf("cleaned output does not parse: %v", err)
		}
		if scrub.Removable(fs) {
			t.Fatalf("cleaned output has removable findings: %+v", fs)
		}
		var again bytes.Buffer
		env = scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
		if _, err := h.Clean(ctx, env, bytes.NewReader(out), int64(len(out)), &again); err != nil {
			t.Fatalf("cleaning the cleaned output: %v", err)
		}
		if !bytes.Equal(again.Bytes(), out) {
			t.Fatalf("cleaning twice is not idempotent")
		}
	})
}

func BenchmarkClean(b *testing.B) {
	dirty := dirtyPDF(b)
	reg := registry()
	h := pdf.New()
	b.SetBytes(int64(len(dirty)))
	for b.Loop() {
		env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(dirty), int64(len(dirty)), &bytes.Buffer{}); err != nil {
			b.Fatal(err)
		}
	}
}

// ---- helpers ----

func hasWarning(ws []scrub.Warning, s string) bool {
	for _, w := range ws {
		if strings.Contains(w.Message, s) {
			return true
		}
	}
	return false
}

func hasFinding(fs []scrub.Finding, value string) bool {
	for _, f := range fs {
		if strings.Contains(f.Value, value) && f.Action == scrub.Remove {
			return true
		}
	}
	return false
}

// validate checks the cleaned file with pdfcpu (strictly if the original
// passes strict validation, relaxed otherwise), with qpdf --check if qpdf
// is installed, and its page count.
// A pages value below zero means: as many as the original has.
func validate(t *testing.T, orig, data []byte, pages int) {
	t.Helper()
	pdf.New() // disables pdfcpu's config folder first
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if octx, err := api.ReadAndValidate(bytes.NewReader(orig), conf); err != nil {
		conf.ValidationMode = model.ValidationRelaxed
		if pages < 0 {
			if octx, err = api.ReadAndValidate(bytes.NewReader(orig), conf); err == nil {
				pages = octx.PageCount
			}
		}
	} else if pages < 0 {
		pages = octx.PageCount
	}
	mode := map[int]string{model.ValidationStrict: "strict", model.ValidationRelaxed: "relaxed"}[conf.ValidationMode]
	ctx, err := api.ReadAndValidate(bytes.NewReader(data), conf)
	if err != nil {
		t.Errorf("pdfcpu %s validation: %v", mode, err)
		return
	}
	t.Logf("the cleaned file passes pdfcpu's %s validation", mode)
	if pages >= 0 && ctx.PageCount != pages {
		t.Errorf("cleaned file has %d pages, want %d", ctx.PageCount, pages)
	}
	if _, err := exec.LookPath("qpdf"); err == nil {
		name := filepath.Join(t.TempDir(), "check.pdf")
		if err := os.WriteFile(name, data, 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("qpdf", "--check", name)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
	}
}

// pdftotext returns the text poppler extracts, or "" if it is not
// installed.
func pdftotext(t *testing.T, data []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return ""
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Errorf("pdftotext: %v", err)
	}
	return string(out)
}

// encrypt encrypts data with pdfcpu (AES-256).
func encrypt(t *testing.T, data []byte, user, owner string) []byte {
	t.Helper()
	pdf.New() // disables pdfcpu's config folder first
	conf := model.NewAESConfiguration(user, owner, 256)
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(data), &out, conf); err != nil {
		t.Fatalf("encrypting the fixture: %v", err)
	}
	return out.Bytes()
}

// TestConcurrent cleans from several goroutines at once, as the engine
// does: the outputs must be identical (run with -race to check pdfcpu's
// shared state too).
func TestConcurrent(t *testing.T) {
	reg := registry()
	dirty := dirtyPDF(t)
	want, _ := scrubtest.Clean(t, reg, "dirty.pdf", dirty, scrub.Policy{})
	h := pdf.New()
	errs := make(chan error, 4)
	outs := make(chan []byte, 4)
	for range 4 {
		go func() {
			var buf bytes.Buffer
			env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
			_, err := h.Clean(context.Background(), env, bytes.NewReader(dirty), int64(len(dirty)), &buf)
			errs <- err
			outs <- buf.Bytes()
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
		if out := <-outs; !bytes.Equal(out, want) {
			t.Error("concurrent clean gave different bytes")
		}
	}
}

// TestFindingsHaveLabels checks that every finding says what it is with a
// label of the closed set, and that the cleaned copies have none to
// remove.
func TestFindingsHaveLabels(t *testing.T) {
	reg := registry()
	for name, data := range map[string][]byte{"dirty": dirtyPDF(t), "classes": classPDF(t), "simple": simplePDF()} {
		for _, f := range scrubtest.Inspect(t, reg, name+".pdf", data) {
			if strings.Contains(f.Where, "image >") {
				continue // the JPEG handler's own findings
			}
			if !scrub.KnownLabel(f.Label) {
				t.Errorf("%s: finding without a known label: %+v", name, f)
			}
			if f.Kind == "" || (f.Action != scrub.Remove && f.Action != scrub.Report) {
				t.Errorf("%s: finding without a kind or an action: %+v", name, f)
			}
		}
	}
}

// TestOwnID checks the /ID scrub writes (see writer.go): the cleaned copy
// is recognised as scrub's and its /ID not reported, while a copy with one
// byte changed, in a stream's data or outside, has its /ID reported.
func TestOwnID(t *testing.T) {
	reg := registry()
	b := newBuilder("1.7")
	b.obj(1, `<</Type /Catalog /Pages 2 0 R>>`)
	b.obj(2, `<</Type /Pages /Kids [3 0 R] /Count 1>>`)
	b.obj(3, `<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>>`)
	b.stream(4, "", []byte("BT /F1 24 Tf 72 700 Td (Hello visible text) Tj ET"))
	b.obj(5, `<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /FontDescriptor 8 0 R`+widths+`>>`)
	b.obj(8, `<</Type /FontDescriptor /FontName /Helvetica /Flags 32 /FontBBox [-166 -225 1000 931] /ItalicAngle 0
 /Ascent 718 /Descent -207 /CapHeight 718 /StemV 88>>`)
	b.xref("/Root 1 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]", 9)
	clean, _ := scrubtest.Clean(t, reg, "id.pdf", b.bytes(), scrub.Policy{})
	reportsID := func(data []byte) bool {
		for _, f := range scrubtest.Inspect(t, reg, "id.pdf", data) {
			if f.Label == scrub.LabelDocumentID {
				return true
			}
		}
		return false
	}
	if reportsID(clean) {
		t.Fatal("the /ID of scrub's own copy is reported")
	}
	// A copy written before the streams' data were digested by their
	// CRC: its /ID is the SHA-256 of every byte before the xref table.
	xref := bytes.LastIndex(clean, []byte("\nxref\n")) + 1
	sum := sha256.Sum256(clean[:xref])
	idRe := regexp.MustCompile(`/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]`)
	old := idRe.ReplaceAll(bytes.Clone(clean), fmt.Appendf(nil, "/ID [<%x> <%x>]", sum[:16], sum[:16]))
	if bytes.Equal(old, clean) {
		t.Fatal("no /ID replaced")
	}
	if reportsID(old) {
		t.Error("the /ID of a copy scrub wrote before de570b5 is reported")
	}
	for _, c := range []struct{ name, old, new string }{
		{"a stream's data", "Hello visible", "Hello Visible"},
		{"an object", "/MediaBox [0 0 612 792]", "/MediaBox [0 0 612 793]"},
	} {
		if !bytes.Contains(clean, []byte(c.old)) {
			t.Fatalf("%s: %q is not in the cleaned copy", c.name, c.old)
		}
		edited := bytes.Replace(clean, []byte(c.old), []byte(c.new), 1)
		if !reportsID(edited) {
			t.Errorf("%s changed: the /ID is not reported", c.name)
		}
	}
}
