//go:build gui || ci

package gui

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/scrub-project/scrub/formats/pdf"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// minimalPDF is a one-page PDF whose document information names an
// author and a producer.
func minimalPDF(author, producer string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
		fmt.Sprintf("<< /Author (%s) /Producer (%s) >>", author, producer),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// With scrub's real PDF handler: a PDF locked with a user password (by
// qpdf) is refused until the password is given in the prompt, then
// inspected and cleaned; the cleaned copy opens without a password and
// holds neither the author nor the producer.
func TestRealLockedPDF(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf is not installed")
	}
	// No space in the password: pdfcpu v0.15.0 prepares AES-256
	// passwords with PRECIS's identifier class, which refuses spaces
	// (SASLprep allows them), so such a file reads as damaged.
	const author, producer, password = "Jane Planted-PDF-51b7", "PlantedWriter 9.1", "Sesame-planted-3e1b"
	dir := t.TempDir()
	plain := filepath.Join(t.TempDir(), "plain.pdf")
	if err := os.WriteFile(plain, minimalPDF(author, producer), 0o644); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(dir, "statement.pdf")
	if out, err := exec.Command("qpdf", "--encrypt", password, "owner-planted", "256", "--", plain, locked).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v: %s", err, out)
	}
	data, _ := os.ReadFile(locked)
	scrubtest.AssertAbsent(t, data, author) // the metadata is encrypted

	reg := scrub.NewRegistry()
	reg.Register(pdf.New())
	h := newHarnessWith(t, reg)
	h.drop(dir)
	r := h.rowFor("statement.pdf")
	if !r.needsPassword() {
		t.Fatalf("the locked PDF: %q (%v)", r.status().text, r.result().Err)
	}
	h.selectRow("statement.pdf")
	test.Tap(button(t, h.u.details, "Enter the password…"))
	submit(t, h, "notit")
	if h.w.Canvas().Overlays().Top() == nil {
		t.Fatalf("no prompt after a wrong password: %q (%v)", r.status().text, r.result().Err)
	}
	if !contains(texts(h.topDialog()), "That password does not open the file") {
		t.Fatalf("a wrong password: %q", texts(h.topDialog()))
	}
	submit(t, h, password)
	if got := r.status().text; !strings.HasSuffix(got, "identifying items") && !strings.HasSuffix(got, "identifying item") {
		t.Fatalf("after the password: %q (%v)", got, r.result().Err)
	}
	if got := texts(h.u.details); !contains(got, author) {
		t.Errorf("the author does not show: %q", got)
	}
	test.Tap(h.u.cleanBtn)
	h.settle()
	if got := r.status().kind; got != kindCleaned {
		t.Fatalf("after cleaning: %q (%v)", r.status().text, r.result().Err)
	}
	out := scrub.CleanedName(locked)
	cleaned, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	scrubtest.AssertAbsent(t, cleaned, author, producer, password)
	if msg, err := exec.Command("qpdf", "--requires-password", out).CombinedOutput(); err == nil || !strings.Contains(err.Error(), "exit status 2") {
		t.Errorf("the cleaned copy needs a password (qpdf --requires-password: %v %s)", err, msg)
	}
	if msg, err := exec.Command("qpdf", "--check", out).CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, msg)
	}
}
