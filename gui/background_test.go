//go:build gui || ci

package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
)

// The window never waits for the engine: a drop returns at once, rows say
// "inspecting…" until their file is done, and each row changes as soon as
// its own file is done.
func TestInspectionRunsInTheBackground(t *testing.T) {
	h := newHarness(t)
	// A core for each file and one to spare: the engine lends a free core
	// to a file's second pass, and the held file must not take a.fake's.
	h.u.engine.Jobs = 3
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.fake"), dirtyFake())
	write(t, filepath.Join(dir, "b.hold"), "HOLD\nAuthor: "+plantedAuthor+"\n")

	// Drop runs on the UI goroutine, which here is the test: if it waited
	// for the walk or the inspection, whose updates only the test runs, it
	// would never return.
	returned := make(chan struct{})
	go func() {
		h.u.Drop(fyne.Position{}, []fyne.URI{storage.NewFileURI(dir)})
		close(returned)
	}()
	select {
	case <-returned:
	case <-time.After(10 * time.Second):
		t.Fatal("Drop waited for the files to be found or inspected")
	}
	if !h.u.progressBox.Visible() || h.u.cancelBtn.Disabled() {
		t.Error("no progress bar and Cancel while inspecting")
	}

	h.pumpWhile(func() bool { return len(h.u.rows) < 2 || h.u.progDone < 1 })
	if got := h.rowFor("a.fake").status().text; got != "2 identifying items" {
		t.Errorf("a.fake: %q while b.hold is still inspected", got)
	}
	if got := h.rowFor("b.hold").status().text; got != "inspecting…" {
		t.Errorf("b.hold: %q, want inspecting…", got)
	}
	shown := texts(h.u.list)
	for _, s := range []string{"FAKE · 2 identifying items", "inspecting…"} {
		if !contains(shown, s) {
			t.Errorf("the list does not show %q: %q", s, shown)
		}
	}
	if !h.u.cleanBtn.Disabled() {
		t.Error("Clean is enabled while files are inspected")
	}

	h.release()
	h.settle()
	if got := h.rowFor("b.hold").status().text; got != "1 identifying item" {
		t.Errorf("b.hold after inspection: %q", got)
	}
	if h.u.progressBox.Visible() {
		t.Error("the progress bar stays after inspection")
	}
}

func TestCancelInspection(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "b.hold"), "HOLD\nAuthor: "+plantedAuthor+"\n")
	h.u.Drop(fyne.Position{}, []fyne.URI{storage.NewFileURI(dir)})
	h.pumpWhile(func() bool { return len(h.u.rows) < 1 })
	// Escape is Cancel.
	h.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	h.settle()
	if got := h.rowFor("b.hold").status().text; got != "not inspected: cancelled" {
		t.Errorf("b.hold: %q", got)
	}
	if h.u.progressBox.Visible() {
		t.Error("the progress bar stays after cancelling")
	}
}

// While files are cleaned, each row changes as soon as its file is done.
func TestCleaningUpdatesRowByRow(t *testing.T) {
	h := newHarness(t)
	h.u.engine.Jobs = 1 // a.fake, then the slow file
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.fake"), dirtyFake())
	write(t, filepath.Join(dir, "z.slow"), "SLOW\nAuthor: "+plantedAuthor+"\n")
	h.drop(dir)
	test.Tap(h.u.cleanBtn) // returns while the slow file is being cleaned
	h.pumpUntil(h.started)
	h.pumpWhile(func() bool { return h.u.progDone < 1 })
	if got := h.rowFor("a.fake").status().text; got != "cleaned: 2 identifying items removed" {
		t.Errorf("a.fake: %q while z.slow is cleaned", got)
	}
	if got := h.rowFor("z.slow").status().text; got != "cleaning…" {
		t.Errorf("z.slow: %q", got)
	}
	if !contains(texts(h.u.list), "FAKE · cleaned: 2 identifying items removed") {
		t.Errorf("the list does not show the cleaned row: %q", texts(h.u.list))
	}
	if got := h.u.progressLabel.Text; got != "Cleaning 2 of 2…" {
		t.Errorf("progress label %q", got)
	}
	if h.u.progress.Value != 1 || h.u.progress.Max != 2 {
		t.Errorf("progress bar at %v of %v, want 1 of 2", h.u.progress.Value, h.u.progress.Max)
	}
	// Nothing can be added while cleaning: a drop says why.
	h.u.Drop(fyne.Position{}, []fyne.URI{storage.NewFileURI(filepath.Join(dir, "a.fake"))})
	if !strings.Contains(h.u.notice.Text, "Wait until cleaning has finished") {
		t.Errorf("notice %q", h.u.notice.Text)
	}
	test.Tap(h.u.cancelBtn)
	h.settle()
	if _, err := os.Stat(filepath.Join(dir, "z.cleaned.slow")); err == nil {
		t.Error("the cancelled file has an output")
	}
}
