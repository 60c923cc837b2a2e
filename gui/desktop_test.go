//go:build gui || ci

package gui

import (
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
)

// "Add files…" shows the desktop's own dialog, which takes several files
// at once; while it is open the add buttons wait for it.
func TestAddFilesTakesSeveralFiles(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.fake"), filepath.Join(dir, "b.fake")
	write(t, a, dirtyFake())
	write(t, b, dirtyFake())
	h.u.lastDir = dir
	type call struct{ title, folder string }
	calls := make(chan call, 1)
	answer := make(chan []string)
	h.u.SetDesktop(Desktop{PickFiles: func(title, folder string) ([]string, bool, error) {
		calls <- call{title, folder}
		return <-answer, true, nil
	}})
	test.Tap(h.u.addFilesBtn)
	c := <-calls
	if c.title != "Choose files to add" || c.folder != dir {
		t.Errorf("the dialog was asked for with %q in %q", c.title, c.folder)
	}
	if !h.u.addFilesBtn.Disabled() || !h.u.addFolderBtn.Disabled() {
		t.Error("the add buttons work while the desktop's dialog is open")
	}
	test.Tap(h.u.addFilesBtn) // ignored: no second dialog
	answer <- []string{a, b}
	h.pumpWhile(func() bool { return h.u.picking })
	h.settle()
	if len(h.u.rows) != 2 || h.rowFor("a.fake").status().text != "2 identifying items" || h.rowFor("b.fake").status().text != "2 identifying items" {
		t.Fatalf("rows after choosing two files: %d", len(h.u.rows))
	}
	if h.u.addFilesBtn.Disabled() {
		t.Error("the add button stays off")
	}
	select {
	case <-calls:
		t.Error("a second dialog was opened while the first was open")
	default:
	}

	// Cancelled: nothing is added, nothing else is shown.
	h.u.SetDesktop(Desktop{PickFiles: func(string, string) ([]string, bool, error) { return nil, true, nil }})
	h.u.lastDialog = nil
	test.Tap(h.u.addFilesBtn)
	h.pumpWhile(func() bool { return h.u.picking })
	if len(h.u.rows) != 2 || h.u.lastDialog != nil {
		t.Error("a cancelled dialog changed something")
	}
}

// Without a desktop dialog, or when it fails, Fyne's dialog is shown (and
// a failure is reported).
func TestAddFilesFallsBackToFynesDialog(t *testing.T) {
	for _, c := range []struct {
		name   string
		shown  bool
		err    error
		notice string
	}{
		{"none", false, nil, ""},
		{"failed", true, errors.New("portal gone"), "The file dialog did not work (portal gone)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.u.SetDesktop(Desktop{PickFiles: func(string, string) ([]string, bool, error) { return nil, c.shown, c.err }})
			test.Tap(h.u.addFilesBtn)
			h.pumpWhile(func() bool { return h.u.picking })
			d, ok := h.u.lastDialog.(*dialog.FileDialog)
			if !ok {
				t.Fatalf("no Fyne dialog: %T", h.u.lastDialog)
			}
			d.Hide()
			if !strings.HasPrefix(h.u.notice.Text, c.notice) {
				t.Errorf("notice %q", h.u.notice.Text)
			}
		})
	}
}

// "Show in folder" says so when no file manager could be opened, and
// where the files are.
func TestShowInFolderSaysWhenItCannot(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.fake"), dirtyFake())
	h.drop(dir)
	test.Tap(h.u.cleanBtn)
	h.settle()
	shown := make(chan string, 1)
	h.u.SetDesktop(Desktop{ShowInFolder: func(p string) error {
		shown <- p
		return errors.New("no file manager")
	}})
	test.Tap(button(t, h.topDialog(), "Show in folder"))
	if got := <-shown; got != filepath.Join(dir, "a.cleaned.fake") {
		t.Errorf("asked to show %q", got)
	}
	h.pumpWhile(func() bool { return !h.u.noticeBox.Visible() })
	if want := "No file manager could be opened to show the folder. The cleaned copies are in " + dir; !strings.HasPrefix(h.u.notice.Text, want) {
		t.Errorf("notice %q, want %q", h.u.notice.Text, want)
	}

	// Without the desktop's way, Fyne's OpenURL is used, and its failure
	// reported the same way.
	h.u.SetDesktop(Desktop{})
	h.u.setNotice("")
	h.u.open = func(*url.URL) error { return errors.New("xdg-open missing") }
	h.selectRow("a.fake")
	test.Tap(button(t, h.u.details, "Show in folder"))
	if !strings.HasPrefix(h.u.notice.Text, "No file manager could be opened") {
		t.Errorf("notice %q", h.u.notice.Text)
	}
}
