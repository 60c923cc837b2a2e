//go:build gui || ci

package gui

import (
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// listable returns dir as the file dialogs hand it over.
func listable(t *testing.T, dir string) fyne.ListableURI {
	t.Helper()
	l, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// Saving to the folder that holds what was added would put the cleaned
// copies on top of the originals: the choice is refused, and the "replace
// earlier copies?" question is never asked about originals.
func TestOutputFolderOnTopOfOriginalsIsRefused(t *testing.T) {
	h := newHarness(t)
	dir := folder(t)
	parent := filepath.Dir(dir)
	h.drop(dir)

	h.u.output.SetSelectedIndex(int(toFolder))
	if _, ok := h.u.lastDialog.(*dialog.FileDialog); !ok {
		t.Fatalf("choosing an output folder shows %T, want a folder dialog", h.u.lastDialog)
	}
	if h.u.mode != besideOriginals {
		t.Fatal("the mode changed before a folder was chosen")
	}
	h.u.outDirChosen(besideOriginals, listable(t, parent), nil)
	if h.u.mode != besideOriginals || h.u.outDir != "" {
		t.Fatalf("mode %v, output folder %q: the folder holding the originals was accepted", h.u.mode, h.u.outDir)
	}
	if got := texts(h.topDialog()); !contains(got, "would replace the originals there") {
		t.Errorf("no explanation: %q", got)
	}
	if h.u.output.SelectedIndex() != int(besideOriginals) {
		t.Error("the select does not show the mode in force")
	}

	// The same holds when the folder was chosen before the files came.
	h2 := newHarness(t)
	h2.u.outDirChosen(besideOriginals, listable(t, parent), nil)
	if h2.u.mode != toFolder {
		t.Fatal("an output folder chosen with an empty list was refused")
	}
	h2.drop(dir)
	test.Tap(h2.u.cleanBtn)
	h2.settle()
	if got := texts(h2.topDialog()); !contains(got, "would replace the originals there") {
		t.Errorf("Clean did not refuse: %q", got)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "dirty.fake"))
	scrubtest.AssertPresent(t, data, plantedAuthor) // the original is untouched

	// A single file added on its own, saved to its own folder.
	h3 := newHarness(t)
	in := filepath.Join(t.TempDir(), "alone.fake")
	write(t, in, dirtyFake())
	h3.drop(in)
	h3.u.outDirChosen(besideOriginals, listable(t, filepath.Dir(in)), nil)
	if h3.u.mode != besideOriginals {
		t.Error("the folder of an added file was accepted as the output folder")
	}
}

func TestOutputFolderChoiceCanBeCancelled(t *testing.T) {
	h := newHarness(t)
	out := t.TempDir()
	h.u.output.SetSelectedIndex(int(toFolder))
	h.u.outDirChosen(besideOriginals, nil, nil) // the dialog was cancelled
	if h.u.mode != besideOriginals || h.u.output.SelectedIndex() != int(besideOriginals) {
		t.Errorf("mode %v after cancelling the folder dialog", h.u.mode)
	}
	h.u.output.SetSelectedIndex(int(toFolder))
	h.u.outDirChosen(besideOriginals, listable(t, out), nil)
	if h.u.mode != toFolder || h.u.outDir != out {
		t.Fatalf("mode %v, folder %q", h.u.mode, h.u.outDir)
	}
	if !strings.Contains(h.u.outInfo.Text, "Cleaned files go to "+out) || !h.u.changeDirBtn.Visible() {
		t.Errorf("output info %q", h.u.outInfo.Text)
	}
}

// Files already in the chosen output folder may be anything: replacing
// them is asked with the same weight as replacing originals.
func TestOutputFolderAsksBeforeReplacingFilesThere(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "a.fake")
	write(t, in, dirtyFake())
	out := t.TempDir()
	write(t, filepath.Join(out, "a.fake"), "someone else's file")
	h.drop(in)
	h.u.outDirChosen(besideOriginals, listable(t, out), nil)
	test.Tap(h.u.cleanBtn)
	d := h.topDialog()
	if got := texts(d); !contains(got, "“a.fake” already exists in "+out) || !contains(got, "cannot be undone") {
		t.Fatalf("question: %q", got)
	}
	if h.w.Canvas().Focused() != button(t, d, "Cancel") {
		t.Error("the focus is not on Cancel")
	}
	test.Tap(button(t, d, "Cancel"))
	h.settle()
	if data, _ := os.ReadFile(filepath.Join(out, "a.fake")); string(data) != "someone else's file" {
		t.Error("the file in the output folder was replaced after Cancel")
	}
}

func TestShowInFolderOpensWhereTheCopiesAre(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.fake"), dirtyFake())
	h.drop(dir)
	test.Tap(h.u.cleanBtn)
	h.settle()
	test.Tap(button(t, h.topDialog(), "Show in folder"))
	if len(h.opened) != 1 || h.opened[0] != dir {
		t.Errorf("opened %q, want %q", h.opened, dir)
	}
	if h.w.Canvas().Overlays().Top() != nil {
		t.Error("the summary stays open")
	}
	// The details of a cleaned file offer the same.
	h.selectRow("a.fake")
	test.Tap(button(t, h.u.details, "Show in folder"))
	if len(h.opened) != 2 || h.opened[1] != dir {
		t.Errorf("opened %q", h.opened)
	}
}

// After a first clean, the folder holds NAME.cleaned.EXT copies. Adding the
// folder again lists them as skipped, in words for the window; adding one
// on its own inspects it.
func TestEarlierCleanedCopies(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.fake"), dirtyFake())
	write(t, filepath.Join(dir, "a.cleaned.fake"), "FAKE\nTitle: quarterly report\n")
	h.drop(dir)
	st := h.rowFor("a.cleaned.fake").status()
	if st.text != "skipped: a cleaned copy scrub made earlier: to check it, add this file on its own" {
		t.Errorf("status %q", st.text)
	}
	for _, s := range texts(h.u.list) {
		if strings.Contains(s, "command line") {
			t.Errorf("the list talks about the command line: %q", s)
		}
	}
	n := len(h.u.rows)
	h.drop(filepath.Join(dir, "a.cleaned.fake"))
	if len(h.u.rows) != n {
		t.Errorf("rows went from %d to %d", n, len(h.u.rows))
	}
	if got := h.rowFor("a.cleaned.fake").status().text; got != "already a cleaned copy" {
		t.Errorf("after adding it on its own: %q", got)
	}
	if strings.Contains(h.u.notice.Text, "Already in the list") {
		t.Errorf("notice %q", h.u.notice.Text)
	}
	// It is not cleaned again into a.cleaned.cleaned.fake, and the
	// summary does not count it as not cleaned. (Cleaning a.fake replaces
	// it, after asking.)
	test.Tap(h.u.cleanBtn)
	test.Tap(button(t, h.topDialog(), "Replace"))
	h.settle()
	if _, err := os.Stat(filepath.Join(dir, "a.cleaned.cleaned.fake")); err == nil {
		t.Error("a cleaned copy was cleaned again")
	}
	if _, err := os.Stat(filepath.Join(dir, "a.cleaned.fake")); err != nil {
		t.Error("a.fake was not cleaned")
	}
	if got := texts(h.topDialog()); !contains(got, "1 file cleaned.") || contains(got, "NOT cleaned") {
		t.Errorf("summary %q", got)
	}

	// A file named like a copy that does reveal something is no copy of
	// scrub's: it is cleaned as any file.
	h2 := newHarness(t)
	dir2 := t.TempDir()
	write(t, filepath.Join(dir2, "b.cleaned.fake"), dirtyFake())
	h2.drop(filepath.Join(dir2, "b.cleaned.fake"))
	if got := h2.rowFor("b.cleaned.fake").status().text; got != "2 identifying items" {
		t.Errorf("a dirty file named like a copy: %q", got)
	}
}

// Two files with the same name in different folders are told apart.
func TestSameNamesShowTheirFolder(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "day 1", "IMG_0001.fake"), dirtyFake())
	write(t, filepath.Join(dir, "day 2", "IMG_0001.fake"), dirtyFake())
	write(t, filepath.Join(dir, "other.fake"), dirtyFake())
	h.drop(dir)
	shown := texts(h.u.list)
	for _, s := range []string{"IMG_0001.fake  (in day 1)", "IMG_0001.fake  (in day 2)", "other.fake"} {
		if !contains(shown, s) {
			t.Errorf("the list does not show %q: %q", s, shown)
		}
	}
	if contains(shown, "other.fake  (in") {
		t.Error("a unique name got its folder")
	}
}

// A file that still holds something to check never shows the tick.
func TestKeptContentIsNeverTicked(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "notes.fake"), "FAKE\nNotes: "+plantedNotes+"\n")
	write(t, filepath.Join(dir, "plain.fake"), "FAKE\nTitle: x\n")
	h.drop(dir)
	warn := statusIcon(status{kind: kindFindings, tone: widget.WarningImportance}).Name()
	tick := statusIcon(status{kind: kindClean}).Name()
	if got := statusIcon(h.rowFor("notes.fake").status()).Name(); got != warn {
		t.Errorf("notes.fake shows %s, want %s", got, warn)
	}
	if got := statusIcon(h.rowFor("plain.fake").status()).Name(); got != tick {
		t.Errorf("plain.fake shows %s, want %s", got, tick)
	}
	test.Tap(h.u.cleanBtn)
	h.settle()
	if got := statusIcon(h.rowFor("notes.fake").status()).Name(); got != warn {
		t.Errorf("notes.fake after cleaning shows %s, want %s", got, warn)
	}
}

func TestAddButtonsOpenFileDialogs(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.fake"), dirtyFake())
	write(t, filepath.Join(dir, "sub", "b.fake"), dirtyFake())

	test.Tap(h.u.addFilesBtn)
	if _, ok := h.u.lastDialog.(*dialog.FileDialog); !ok || h.w.Canvas().Overlays().Top() == nil {
		t.Fatalf("Add files shows %T", h.u.lastDialog)
	}
	h.u.lastDialog.Hide()
	h.u.fileChosen(nil, nil) // cancelled
	if len(h.u.rows) != 0 {
		t.Fatal("a cancelled dialog added files")
	}
	rc, err := storage.Reader(storage.NewFileURI(filepath.Join(dir, "a.fake")))
	if err != nil {
		t.Fatal(err)
	}
	h.u.fileChosen(rc, nil)
	h.settle()

	test.Tap(h.u.addFolderBtn)
	if _, ok := h.u.lastDialog.(*dialog.FileDialog); !ok || h.w.Canvas().Overlays().Top() == nil {
		t.Fatalf("Add folder shows %T", h.u.lastDialog)
	}
	h.u.lastDialog.Hide()
	h.u.folderChosen(listable(t, filepath.Join(dir, "sub")), nil)
	h.settle()
	if len(h.u.rows) != 2 || h.rowFor("a.fake").status().text != "2 identifying items" || h.rowFor("b.fake").status().text != "2 identifying items" {
		t.Errorf("rows after adding a file and a folder: %d", len(h.u.rows))
	}
}

// Keys that work anywhere in the window, and not while a dialog asks.
func TestWindowKeys(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.fake"), dirtyFake())
	write(t, filepath.Join(dir, "b.fake"), dirtyFake())
	h.drop(dir)
	c := h.w.Canvas()
	c.Unfocus()
	key := func(k fyne.KeyName) { c.OnTypedKey()(&fyne.KeyEvent{Name: k}) }

	key(fyne.KeyDelete) // the first row is selected after adding
	if len(h.u.rows) != 1 || h.u.rows[0].path != filepath.Join(dir, "b.fake") {
		t.Fatalf("Delete: %d rows", len(h.u.rows))
	}
	if _, err := os.Stat(filepath.Join(dir, "a.fake")); err != nil {
		t.Fatal("Delete removed the file from the disk")
	}

	h.u.output.SetSelectedIndex(int(replaceOriginals))
	key(fyne.KeyReturn) // Clean: asks first
	if h.w.Canvas().Overlays().Top() == nil {
		t.Fatal("Enter did not start Clean")
	}
	key(fyne.KeyDelete) // a dialog is open: the list stays as it is
	key(fyne.KeyReturn)
	if len(h.u.rows) != 1 || h.u.busy() {
		t.Error("keys acted behind the open dialog")
	}
	test.Tap(button(t, h.topDialog(), "Cancel"))

	// Ctrl+O and Ctrl+Shift+O.
	for _, mods := range []fyne.KeyModifier{fyne.KeyModifierShortcutDefault, fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift} {
		h.u.lastDialog = nil
		c.(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: mods})
		if _, ok := h.u.lastDialog.(*dialog.FileDialog); !ok {
			t.Errorf("shortcut %v shows %T", mods, h.u.lastDialog)
		} else {
			h.u.lastDialog.Hide()
		}
	}
}

// Tab reaches every control, in reading order, so the whole window works
// without a mouse.
func TestTabReachesEveryControl(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.fake"), dirtyFake())
	h.drop(dir)
	c := h.w.Canvas()
	c.Unfocus()
	var order []fyne.Focusable
	for range 40 {
		test.FocusNext(c)
		f := c.Focused()
		if len(order) > 0 && f == order[0] {
			break
		}
		order = append(order, f)
	}
	want := []fyne.Focusable{h.u.addFilesBtn, h.u.addFolderBtn, h.u.removeBtn, h.u.clearBtn, h.u.list, h.u.output, h.u.cleanBtn}
	pos := -1
	for _, w := range want {
		i := slices.Index(order, w)
		if i < 0 {
			t.Errorf("Tab never reaches %T %v", w, w)
			continue
		}
		if i < pos {
			t.Errorf("Tab reaches %T out of reading order", w)
		}
		pos = i
	}
}

// Fyne's file dialogs record the folder they show in the app's
// preferences, which Fyne writes to disk: here the record stays in memory.
// The dialogs open where the last file added came from.
func TestFileDialogsLeaveNoTrace(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.fake"), dirtyFake())
	h.drop(filepath.Join(dir, "a.fake"))
	test.Tap(h.u.addFilesBtn)
	const key = "fyne:fileDialogLastFolder"
	if got, want := fyne.CurrentApp().Preferences().String(key), storage.NewFileURI(dir).String(); got != want {
		t.Fatalf("the dialog shows %q, want %q", got, want)
	}
	if got := h.app.Preferences().String(key); got != "" {
		t.Errorf("the app's stored preferences got %q", got)
	}
	h.u.lastDialog.Hide()
}

// The screens never start a driver (package app) and never reach the
// network, run programs or talk to system services.
func TestImports(t *testing.T) {
	banned := map[string]string{
		"fyne.io/fyne/v2/app":       "cmd/scrub-gui makes the app",
		"net":                       "no network",
		"net/http":                  "no network",
		"os/exec":                   "no programs",
		"github.com/godbus/dbus/v5": "no system services: package native talks to the desktop",
		"github.com/scrub-project/scrub/gui/native": "cmd/scrub-gui connects the desktop (SetDesktop)",
	}
	files, _ := filepath.Glob("*.go")
	if len(files) == 0 {
		t.Fatal("no Go files")
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue // tests may run qpdf
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if why, ok := banned[p]; ok {
				t.Errorf("%s imports %s (%s)", f, p, why)
			}
		}
	}
}

// A screen of 1280×800 pixels at FYNE_SCALE=1.5 leaves about 853×490 of
// Fyne's units for a window, after a title bar and a desktop panel (64
// pixels).
var scaledSmallScreen = fyne.NewSize(1280/1.5, (800-64)/1.5)

func fits(s, in fyne.Size) bool { return s.Width <= in.Width && s.Height <= in.Height }

// The window does not grow past a small laptop screen: its first size
// and its minimum size, with everything shown that makes it grow, fit
// 1280×800 at FYNE_SCALE=1.5, and so do the dialogs inside it.
func TestWindowFitsAScaledSmallScreen(t *testing.T) {
	if !fits(DefaultSize, scaledSmallScreen) {
		t.Errorf("the window's first size %v is bigger than %v", DefaultSize, scaledSmallScreen)
	}
	h, dir := dangerHarness(t)
	h.w.Resize(DefaultSize)
	for i := range 25 {
		write(t, filepath.Join(dir, fmt.Sprintf("locked %02d with a rather long name for a file.lock", i)), "LOCK\n")
	}
	h.drop(dir)
	h.selectRow("board minutes.fake")
	h.u.output.SetSelectedIndex(int(replaceOriginals))
	h.u.setNotice(strings.Repeat("a long notice ", 20))
	min := h.w.Content().MinSize()
	t.Logf("minimum size %v", min)
	if !fits(min, DefaultSize) {
		t.Errorf("the window needs at least %v: more than its first size %v", min, DefaultSize)
	}

	// The summary, naming many files, and the password prompt.
	h.u.output.SetSelectedIndex(int(besideOriginals))
	h.u.setNotice("")
	test.Tap(h.u.cleanBtn)
	h.settle()
	if got := texts(h.topDialog()); !contains(got, "28 files were NOT cleaned") || !contains(got, "… and 20 more (see the list)") {
		t.Errorf("summary %q", got)
	}
	if m := h.topDialog().MinSize(); !fits(m, DefaultSize) {
		t.Errorf("the summary needs %v: more than the window's %v", m, DefaultSize)
	}
	h.topDialog().Hide()
	h.selectRow("statement.pdf")
	test.Tap(button(t, h.u.details, "Enter the password…"))
	if m := h.topDialog().MinSize(); !fits(m, DefaultSize) {
		t.Errorf("the password prompt needs %v: more than the window's %v", m, DefaultSize)
	}
}

// Files are listed as file managers list them: photo_2 before photo_10.
func TestNaturalOrder(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	names := []string{"photo_10.fake", "photo_2.fake", "Photo_3.fake", "photo_1.fake", "IMG_0009.fake", "img_10.fake", "a10b2.fake", "a10b10.fake", "a9.fake"}
	for _, n := range names {
		write(t, filepath.Join(dir, n), dirtyFake())
	}
	write(t, filepath.Join(dir, "day 10", "x.fake"), dirtyFake())
	write(t, filepath.Join(dir, "day 9", "x.fake"), dirtyFake())
	h.drop(dir)
	var got []string
	for _, r := range h.u.rows {
		rel, _ := filepath.Rel(dir, r.path)
		got = append(got, filepath.ToSlash(rel))
	}
	want := []string{"a9.fake", "a10b2.fake", "a10b10.fake", "day 9/x.fake", "day 10/x.fake", "IMG_0009.fake", "img_10.fake",
		"photo_1.fake", "photo_2.fake", "Photo_3.fake", "photo_10.fake"}
	if !slices.Equal(got, want) {
		t.Errorf("order\n got %q\nwant %q", got, want)
	}
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"photo_2", "photo_10", -1}, {"photo_010", "photo_10", -1}, {"b", "B", 1}, {"x", "x", 0}, {"a", "a1", -1}, {"Ä1", "ä2", -1},
		{"file 99999999999999999999999", "file 100000000000000000000000", -1},
	} {
		if got := naturalCompare(c.a, c.b); got != c.want {
			t.Errorf("naturalCompare(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// The keyboard focus is visible: a focused button has a ring, the focused
// list a frame, and Fyne's own focus tint is strong.
func TestFocusIsVisible(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.fake"), dirtyFake())
	h.drop(dir)
	c := h.w.Canvas()
	ring := func(w fyne.Widget) *canvas.Rectangle {
		r, ok := test.WidgetRenderer(w).(*ringRenderer)
		if !ok {
			t.Fatalf("%T draws no focus ring", w)
		}
		return r.ring
	}
	for _, w := range []fyne.Focusable{h.u.addFilesBtn, h.u.cleanBtn, h.u.list} {
		wd := w.(fyne.Widget)
		c.Focus(w)
		if !ring(wd).Visible() || ring(wd).StrokeWidth < 2 {
			t.Errorf("%T has the focus but no ring", w)
		}
		c.Unfocus()
		if ring(wd).Visible() {
			t.Errorf("%T shows a ring without the focus", w)
		}
	}
	th := h.app.Settings().Theme()
	focus := color.NRGBAModel.Convert(th.Color(theme.ColorNameFocus, theme.VariantLight)).(color.NRGBA)
	if focus.A < 0x60 {
		t.Errorf("the focus colour %v is faint", focus)
	}
}

// The formats are named as people know their files, not as a list of
// thirty extensions.
func TestFormatListNamesFamilies(t *testing.T) {
	reg := scrub.NewRegistry()
	reg.Register(familyFormats{
		{Name: "docx", Description: "Word document"},
		{Name: "dotm", Description: "Word macro-enabled template"},
		{Name: "fodt", Description: "flat OpenDocument text"},
		{Name: "odt", Description: "OpenDocument text"},
		{Name: "pdf", Description: "PDF document"},
		{Name: "raw"},
		{Name: "doc", Description: "Word 97-2003 document", Refused: "legacy"},
		{Name: "gif", Description: "GIF image", Refused: "not yet"},
	})
	if got, want := formatList(reg), "OpenDocument, PDF, RAW and Word files"; got != want {
		t.Errorf("formatList = %q, want %q", got, want)
	}
}

// familyFormats is a handler that only declares formats.
type familyFormats []scrub.Format

func (familyFormats) Name() string              { return "family" }
func (f familyFormats) Formats() []scrub.Format { return f }
func (familyFormats) Identify([]byte, io.ReaderAt, int64) (string, error) {
	return "", nil
}
func (familyFormats) Inspect(context.Context, *scrub.Env, io.ReaderAt, int64) ([]scrub.Finding, error) {
	return nil, nil
}
func (familyFormats) Clean(context.Context, *scrub.Env, io.ReaderAt, int64, io.Writer) ([]scrub.Warning, error) {
	return nil, nil
}
