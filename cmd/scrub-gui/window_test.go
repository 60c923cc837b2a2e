//go:build ci

package main

import (
	"testing"

	"fyne.io/fyne/v2/app"

	"github.com/scrub-project/scrub/gui"
)

// With the ci tag app.NewWithID uses Fyne's headless test driver, so the
// real main path can be built and exercised without a display.
func TestNewWindow(t *testing.T) {
	a := app.NewWithID(appID)
	// No paths: adding runs in the background and would outlive the test
	// (package gui tests adding).
	w := newWindow(a, nil)
	defer w.Close()
	if w.Content() == nil {
		t.Fatal("the window has no content")
	}
	if w.Title() != "scrub: remove hidden data from files" {
		t.Errorf("the window's title is %q", w.Title())
	}
	if got := w.Canvas().Size(); got.Width > gui.DefaultSize.Width || got.Height > gui.DefaultSize.Height {
		t.Errorf("the window is %v, bigger than %v", got, gui.DefaultSize)
	}
}
