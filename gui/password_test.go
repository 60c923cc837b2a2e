//go:build gui || ci

package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

const plantedPassword = "correct horse planted-3e1b"

// lockedPDFFile writes a fake PDF that needs plantedPassword.
func lockedPDFFile(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	write(t, p, "%PDF-fake\nPassword: "+plantedPassword+"\nAuthor: "+plantedAuthor+"\nbody text stays\n")
	return p
}

// passwordEntry returns the password field of the open prompt.
func passwordEntry(t *testing.T, h *harness) *widget.Entry {
	t.Helper()
	var e *widget.Entry
	walk(h.topDialog(), func(o fyne.CanvasObject) {
		if x, ok := o.(*widget.Entry); ok && x.Password {
			e = x
		}
	})
	if e == nil {
		t.Fatalf("no password field in %q", texts(h.topDialog()))
	}
	return e
}

// submit types pw into the open prompt and presses Enter.
func submit(t *testing.T, h *harness, pw string) {
	t.Helper()
	e := passwordEntry(t, h)
	if h.w.Canvas().Focused() != e {
		t.Error("the password field does not have the focus")
	}
	test.Type(e, pw)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
}

// A PDF that needs a password: the app asks for it, says when it is
// wrong, opens the file with the right one and cleans it; the password is
// written nowhere.
func TestPasswordPrompt(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	in := lockedPDFFile(t, dir, "statement.pdf")
	write(t, filepath.Join(dir, "a.fake"), dirtyFake())
	h.drop(dir)

	r := h.rowFor("statement.pdf")
	if st := r.status(); st.text != "not cleaned: it needs a password" || st.tone != widget.DangerImportance {
		t.Fatalf("status %q", st.text)
	}
	if got := h.u.cleanBtn.Text; got != "Clean 1 file" {
		t.Errorf("clean button %q: the locked PDF is not cleanable yet", got)
	}
	h.selectRow("statement.pdf")
	if got := texts(h.u.details); !contains(got, "if you know the password, enter it") {
		t.Errorf("details %q", got)
	}

	// Cancel leaves everything as it was.
	test.Tap(button(t, h.u.details, "Enter the password…"))
	test.Tap(button(t, h.topDialog(), "Cancel"))
	h.settle()
	if r.password != "" || h.w.Canvas().Overlays().Top() != nil || r.status().kind != kindRefused {
		t.Fatal("cancelling the prompt changed the file's row")
	}

	// A wrong password: the prompt comes back and says so.
	test.Tap(button(t, h.u.details, "Enter the password…"))
	submit(t, h, "wrong planted-9f9f")
	if got := texts(h.topDialog()); !contains(got, "That password does not open the file") {
		t.Fatalf("no second prompt after a wrong password: %q", got)
	}
	if r.password != "" {
		t.Error("a wrong password is kept")
	}

	// The right one opens the file: its findings show and it can be cleaned.
	submit(t, h, plantedPassword)
	if h.w.Canvas().Overlays().Top() != nil {
		t.Fatalf("the prompt stays after the right password: %q", texts(h.topDialog()))
	}
	if got := r.status().text; got != "1 identifying item" {
		t.Fatalf("after the right password: %q", got)
	}
	if got := texts(h.u.details); !contains(got, "Author: "+plantedAuthor) {
		t.Errorf("details %q", got)
	}
	if got := h.u.cleanBtn.Text; got != "Clean 2 files" {
		t.Errorf("clean button %q", got)
	}
	test.Tap(h.u.cleanBtn)
	h.settle()
	if got := r.status().text; got != "cleaned: 1 identifying item removed" {
		t.Fatalf("after cleaning: %q (%v)", got, r.cleaned.Err)
	}
	data, err := os.ReadFile(scrub.CleanedName(in))
	if err != nil {
		t.Fatal(err)
	}
	scrubtest.AssertAbsent(t, data, plantedAuthor, plantedPassword)
	if !strings.Contains(string(data), "body text stays") {
		t.Error("the content was lost")
	}
	if got := h.rowFor("a.fake").status().text; got != "cleaned: 2 identifying items removed" {
		t.Errorf("the file without a password: %q", got)
	}
	if got := texts(h.topDialog()); contains(got, "NOT cleaned") || !contains(got, "2 files cleaned.") {
		t.Errorf("summary %q", got)
	}

	// The password is in no file the app wrote and in no preference.
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && p != in {
			data, _ := os.ReadFile(p)
			scrubtest.AssertAbsent(t, data, plantedPassword)
		}
		return nil
	})
	for _, prefs := range []fyne.Preferences{h.app.Preferences(), fyne.CurrentApp().Preferences()} {
		for _, k := range []string{"password", "fyne:fileDialogLastFolder"} {
			if strings.Contains(prefs.String(k), plantedPassword) {
				t.Errorf("preference %s holds the password", k)
			}
		}
	}
}

// The prompt is only for PDFs: a locked file of another format is told
// what to do, with no password button.
func TestNoPasswordPromptForOtherFormats(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "budget.lock"), "LOCK\n")
	h.drop(dir)
	h.selectRow("budget.lock")
	if contains(texts(h.u.details), "Enter the password…") {
		t.Error("a password is asked for a format that cannot take one")
	}
}

// Removing the row forgets the password with it.
func TestRemovedRowTakesItsPassword(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	lockedPDFFile(t, dir, "statement.pdf")
	h.drop(dir)
	h.selectRow("statement.pdf")
	test.Tap(button(t, h.u.details, "Enter the password…"))
	submit(t, h, plantedPassword)
	h.selectRow("statement.pdf")
	h.u.removeSelected()
	for _, r := range h.u.rows {
		if r.password != "" {
			t.Error("a password outlived its row")
		}
	}
	// Added again, it needs the password again.
	h.drop(dir)
	if got := h.rowFor("statement.pdf").status().text; got != "not cleaned: it needs a password" {
		t.Errorf("added again: %q", got)
	}
}
