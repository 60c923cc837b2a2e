//go:build gui || ci

package gui

import (
	"image/color"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// variantTheme is the default theme held to one variant, as a desktop set
// to light or dark would choose it.
type variantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

// renderHarness is a harness with a small window and a folder whose path
// shows the same on every machine (~/Documents/leak).
func renderHarness(t *testing.T) (*harness, string) {
	h := newHarness(t)
	h.w.Resize(fyne.NewSize(900, 560))
	home := t.TempDir()
	h.u.home = home
	dir := filepath.Join(home, "Documents", "leak")
	write(t, filepath.Join(dir, "board minutes.fake"), "FAKE\nAuthor: "+plantedAuthor+"\nGPS: "+plantedGPS+"\nNotes: "+plantedNotes+"\n")
	write(t, filepath.Join(dir, "budget.lock"), "LOCK\n")
	write(t, filepath.Join(dir, "memo.fake"), "FAKE\nTitle: memo\n")
	write(t, filepath.Join(dir, "Überweisung 2024 – Prüfbericht des Vorstands (endgültige Fassung).fake"), dirtyFake())
	write(t, filepath.Join(dir, "todo.txt"), "text")
	return h, dir
}

// dangerHarness is renderHarness's window with files that leak but
// cannot be cleaned beside one scrub does not know.
func dangerHarness(t *testing.T) (*harness, string) {
	h, dir := renderHarness(t)
	write(t, filepath.Join(dir, "old minutes.doc"), "DOC0 legacy")
	write(t, filepath.Join(dir, "statement.pdf"), "%PDF-fake\nPassword: open sesame\nAuthor: "+plantedAuthor+"\n")
	return h, dir
}

// relayout lays the window out again, as the desktop driver does on every
// frame when a size changed (the test canvas does it only on resize).
func relayout(h *harness) {
	s := h.w.Canvas().Size()
	h.w.Resize(s.SubtractWidthHeight(1, 1))
	h.w.Resize(s)
}

func TestRenderEmpty(t *testing.T) {
	h, _ := renderHarness(t)
	test.AssertRendersToMarkup(t, "empty.xml", h.w.Canvas())
}

func TestRenderFindings(t *testing.T) {
	h, dir := renderHarness(t)
	h.drop(dir)
	h.selectRow("board minutes.fake")
	test.AssertRendersToMarkup(t, "findings.xml", h.w.Canvas())

	h.app.Settings().SetTheme(variantTheme{withVisibleFocus(theme.DefaultTheme()), theme.VariantLight})
	test.AssertRendersToImage(t, "findings_light.png", h.w.Canvas())
	h.app.Settings().SetTheme(variantTheme{withVisibleFocus(theme.DefaultTheme()), theme.VariantDark})
	test.AssertRendersToImage(t, "findings_dark.png", h.w.Canvas())
}

// Files that leak but cannot be cleaned (a legacy .doc, a PDF that needs
// a password) are red in the list, with the error sign; a text file scrub
// does not know is grey, with the question mark.
func TestRenderDangerStyle(t *testing.T) {
	h, dir := dangerHarness(t)
	h.drop(dir)
	h.selectRow("old minutes.doc")
	relayout(h)
	test.AssertRendersToMarkup(t, "danger.xml", h.w.Canvas())
	h.app.Settings().SetTheme(variantTheme{withVisibleFocus(theme.DefaultTheme()), theme.VariantLight})
	test.AssertRendersToImage(t, "danger_light.png", h.w.Canvas())
}

// The summary after cleaning names every file that was not cleaned and
// says not to send it as it is.
func TestRenderSummaryNamesFilesNotCleaned(t *testing.T) {
	h, dir := dangerHarness(t)
	h.drop(dir)
	test.Tap(h.u.cleanBtn)
	h.settle()
	relayout(h)
	test.AssertRendersToMarkup(t, "summary.xml", h.w.Canvas())
	h.app.Settings().SetTheme(variantTheme{withVisibleFocus(theme.DefaultTheme()), theme.VariantLight})
	test.AssertRendersToImage(t, "summary_light.png", h.w.Canvas())
}

// The password prompt of a PDF that needs one.
func TestRenderPasswordPrompt(t *testing.T) {
	h, dir := dangerHarness(t)
	h.drop(dir)
	h.selectRow("statement.pdf")
	test.Tap(button(t, h.u.details, "Enter the password…"))
	relayout(h)
	test.AssertRendersToMarkup(t, "password.xml", h.w.Canvas())
}

func TestRenderRefused(t *testing.T) {
	h, dir := renderHarness(t)
	h.drop(dir)
	h.selectRow("budget.lock")
	relayout(h)
	test.AssertRendersToMarkup(t, "refused.xml", h.w.Canvas())
}

func TestRenderCleaned(t *testing.T) {
	h, dir := renderHarness(t)
	h.drop(dir)
	test.Tap(h.u.cleanBtn)
	h.settle()
	test.AssertRendersToMarkup(t, "cleaned.xml", h.w.Canvas())
}

func TestRenderReplaceConfirmation(t *testing.T) {
	h, dir := renderHarness(t)
	h.drop(dir)
	h.u.output.SetSelectedIndex(int(replaceOriginals))
	test.Tap(h.u.cleanBtn)
	relayout(h)
	test.AssertRendersToMarkup(t, "replace.xml", h.w.Canvas())
}

func TestRenderCleaning(t *testing.T) {
	h, dir := renderHarness(t)
	write(t, filepath.Join(dir, "zz.slow"), "SLOW\nAuthor: x\n")
	h.u.engine.Jobs = 1
	h.drop(dir)
	test.Tap(h.u.cleanBtn)
	h.pumpUntil(h.started)
	// The two files before the slow one have reported.
	h.pumpWhile(func() bool { return h.u.progDone < 2 })
	relayout(h)
	test.AssertRendersToMarkup(t, "cleaning.xml", h.w.Canvas())
	test.Tap(h.u.cancelBtn)
	h.settle()
}

// A file that keeps text under a black box and a cropped picture: the
// framed warning, red, right under the headline, with the words anyone
// can copy out, then the picture whole with what the reader sees
// outlined, then the speaker notes.
func TestRenderHiddenContent(t *testing.T) {
	h, _ := renderHarness(t)
	h.w.Resize(fyne.NewSize(900, 760))
	dir := filepath.Join(h.u.home, "Documents", "slides")
	write(t, filepath.Join(dir, "quarterly review.fake"), "FAKE\nAuthor: "+plantedAuthor+"\nNotes: "+plantedNotes+
		"\nCropped: 400x300 0.3 0.2 0.8 0.7\nCovered: \"the informant is Bob\": still in the file under the box\n")
	h.drop(dir)
	h.selectRow("quarterly review.fake")
	h.showThumbs()
	relayout(h)
	test.AssertRendersToMarkup(t, "hidden.xml", h.w.Canvas())
	h.app.Settings().SetTheme(variantTheme{withVisibleFocus(theme.DefaultTheme()), theme.VariantLight})
	test.AssertRendersToImage(t, "hidden_light.png", h.w.Canvas())
}
