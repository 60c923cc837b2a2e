//go:build gui || ci

package gui

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// Planted values: unique strings the tests look for in outputs.
const (
	plantedAuthor = "Jane Q. Planted-7a3f"
	plantedGPS    = "52.5163N 13.3777E planted-91c2"
	plantedNotes  = "the source is in accounting planted-55d0"
)

// harness runs a UI on the test driver with every fyne.Do funnelled into
// a queue that the test goroutine runs, so the test is the UI goroutine.
type harness struct {
	t       *testing.T
	u       *UI
	w       fyne.Window
	app     fyne.App
	q       chan func()
	started chan struct{}
	gate    chan struct{} // closed by release: held files get inspected
	gateOff sync.Once
	opened  []string // folders "Show in folder" opened
	closed  bool
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessWith(t, nil)
}

// newHarnessWith is newHarness with the formats of reg (nil for the fake
// ones).
func newHarnessWith(t *testing.T, reg *scrub.Registry) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewWindow(widget.NewLabel(""))
	h := &harness{t: t, w: w, app: a, q: make(chan func(), 4096), started: make(chan struct{}, 1), gate: make(chan struct{})}
	w.SetOnClosed(func() { h.closed = true })
	t.Cleanup(func() {
		h.release()
		if !h.closed {
			w.Close()
		}
	})
	if reg == nil {
		reg = fakeRegistry(h.started, h.gate)
	}
	h.u = New(a, w, reg)
	h.u.open = func(u *url.URL) error {
		if u.Scheme != "file" {
			t.Errorf("opened %s", u)
		}
		h.opened = append(h.opened, u.Path)
		return nil
	}
	h.u.do = func(f func()) { h.q <- f }
	h.u.doWait = func(f func()) {
		done := make(chan struct{})
		h.q <- func() { f(); close(done) }
		<-done
	}
	h.u.home = "" // paths are shown in full
	w.Resize(fyne.NewSize(1000, 800))
	return h
}

// release lets held files be inspected.
func (h *harness) release() { h.gateOff.Do(func() { close(h.gate) }) }

// settle runs queued UI updates until no run is going on.
func (h *harness) settle() {
	h.t.Helper()
	deadline := time.After(30 * time.Second)
	for h.u.busy() {
		select {
		case f := <-h.q:
			f()
		case <-deadline:
			h.t.Fatal("the run did not finish")
		}
	}
	for {
		select {
		case f := <-h.q:
			f()
		default:
			return
		}
	}
}

// pumpUntil runs queued UI updates until ch receives.
func (h *harness) pumpUntil(ch <-chan struct{}) {
	h.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case f := <-h.q:
			f()
		case <-ch:
			return
		case <-deadline:
			h.t.Fatal("timed out")
		}
	}
}

// pumpWhile runs queued UI updates while cond holds.
func (h *harness) pumpWhile(cond func() bool) {
	h.t.Helper()
	deadline := time.After(30 * time.Second)
	for cond() {
		select {
		case f := <-h.q:
			f()
		case <-deadline:
			h.t.Fatal("timed out")
		}
	}
}

func (h *harness) drop(paths ...string) {
	var uris []fyne.URI
	for _, p := range paths {
		uris = append(uris, storage.NewFileURI(p))
	}
	h.u.Drop(fyne.NewPos(10, 10), uris)
	h.settle()
}

// rowFor returns the row whose file is named name.
func (h *harness) rowFor(name string) *row {
	h.t.Helper()
	for _, r := range h.u.rows {
		if filepath.Base(r.path) == name {
			return r
		}
	}
	h.t.Fatalf("no row for %s", name)
	return nil
}

func (h *harness) selectRow(name string) {
	h.t.Helper()
	r := h.rowFor(name)
	h.u.list.Select(h.u.index(r))
	if h.u.sel != r {
		h.t.Fatalf("selecting %s did not show it", name)
	}
}

// walk calls fn for every visible object under o, through the live
// renderers.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch c := o.(type) {
	case fyne.Widget:
		for _, ch := range test.WidgetRenderer(c).Objects() {
			walk(ch, fn)
		}
	case *fyne.Container:
		for _, ch := range c.Objects {
			walk(ch, fn)
		}
	}
}

// texts returns the text of every visible label and button under o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(x fyne.CanvasObject) {
		switch v := x.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *widget.RichText:
			out = append(out, v.String())
		case *keyButton:
			out = append(out, v.Text)
		case *widget.Button:
			out = append(out, v.Text)
		}
	})
	return out
}

func contains(list []string, sub string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.Contains(s, sub) })
}

// button finds a visible keyButton labelled text under o.
func button(t *testing.T, o fyne.CanvasObject, text string) *keyButton {
	t.Helper()
	var found *keyButton
	walk(o, func(x fyne.CanvasObject) {
		if b, ok := x.(*keyButton); ok && b.Text == text && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q in %q", text, texts(o))
	}
	return found
}

// topDialog returns what the topmost overlay shows.
func (h *harness) topDialog() fyne.CanvasObject {
	h.t.Helper()
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		h.t.Fatal("no dialog is shown")
	}
	return top
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func dirtyFake() string {
	return "FAKE\nTitle: quarterly report\nAuthor: " + plantedAuthor + "\nGPS: " + plantedGPS + "\nbody text stays\n"
}

// folder makes the standard test folder and returns its path.
func folder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "leak")
	write(t, filepath.Join(dir, "dirty.fake"), dirtyFake())
	write(t, filepath.Join(dir, "clean.fake"), "FAKE\nTitle: nothing here\n")
	write(t, filepath.Join(dir, "notes.fake"), "FAKE\nNotes: "+plantedNotes+"\n")
	write(t, filepath.Join(dir, "locked.lock"), "LOCK\nsecret")
	write(t, filepath.Join(dir, "readme.txt"), "just text")
	write(t, filepath.Join(dir, "sub", "deeper", "deep.fake"), "FAKE\nAuthor: "+plantedAuthor+"\n")
	if err := os.Symlink("dirty.fake", filepath.Join(dir, "link.fake")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAddFolderShowsStatuses(t *testing.T) {
	h := newHarness(t)
	dir := folder(t)
	h.drop(dir)

	want := map[string]string{
		"dirty.fake":  "2 identifying items",
		"clean.fake":  "already clean",
		"notes.fake":  "nothing to remove, 1 to check",
		"locked.lock": "not cleaned: it needs a password",
		"readme.txt":  "not a format scrub knows",
		"deep.fake":   "1 identifying item",
		"link.fake":   "skipped: a link to another file or folder: scrub does not follow links, add the file itself",
	}
	if len(h.u.rows) != len(want) {
		var got []string
		for _, r := range h.u.rows {
			got = append(got, r.path)
		}
		t.Fatalf("got %d rows, want %d: %q", len(h.u.rows), len(want), got)
	}
	for name, status := range want {
		if got := h.rowFor(name).status().text; got != status {
			t.Errorf("%s: status %q, want %q", name, got, status)
		}
	}
	if got := h.rowFor("dirty.fake").status().badge; got != "2" {
		t.Errorf("badge of dirty.fake = %q, want 2", got)
	}
	// What is on screen, not only in the model.
	shown := texts(h.u.list)
	for _, s := range []string{"dirty.fake", "FAKE · 2 identifying items", "LOCKED · not cleaned: it needs a password", "deep.fake"} {
		if !contains(shown, s) {
			t.Errorf("list does not show %q; it shows %q", s, shown)
		}
	}
	if got := h.u.counts.Text; got != "7 files · 2 with findings · 1 cannot be cleaned · 1 unknown" {
		t.Errorf("counts = %q", got)
	}
	if got := h.u.cleanBtn.Text; got != "Clean 4 files" || h.u.cleanBtn.Disabled() {
		t.Errorf("clean button = %q (disabled %v), want enabled \"Clean 4 files\"", got, h.u.cleanBtn.Disabled())
	}
}

// The details speak plainly: the headline first, then what cleaning keeps
// and the sender can act on, then the status, then what the file reveals
// grouped by what it reveals, with plain labels. Part names and raw field
// names, and what identifies no one, appear only under "Technical
// details", closed until asked for.
func TestSelectingShowsFindings(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	long := strings.Repeat("x", 400)
	write(t, filepath.Join(dir, "a.fake"), "FAKE\nAuthor: "+plantedAuthor+"\x1b[31m\u202eevil\nGPS: "+long+
		"\nWords: 4711\nFont: Planted Sans\nNotes: "+plantedNotes+"\n")
	h.drop(dir)
	h.selectRow("a.fake")
	shown := texts(h.u.details)
	want := []string{
		"a.fake",
		"fake document · in ",
		"Reveals your name and where it was made",
		"Kept in the file: check it before you share it",
		"Speaker notes: " + plantedNotes,
		"2 identifying items, 1 to check",
		"What this file reveals: cleaning removes all of it (2)",
		"People",
		`Author: ` + plantedAuthor + `\x1b[31m\u202eevil`,
		"Place",
		"Where it was taken: xxxx",
		"Technical details (5 items)",
	}
	for _, s := range want {
		if !contains(shown, s) {
			t.Errorf("details do not show %q; they show %q", s, shown)
		}
	}
	// In this order: the headline, the kept box, the status, the groups.
	pos := -1
	for _, s := range want[2:] {
		i := slices.IndexFunc(shown, func(x string) bool { return strings.Contains(x, s) })
		if i < pos {
			t.Errorf("%q comes before what should precede it: %q", s, shown)
		}
		pos = i
	}
	technical := []string{"meta.xml", "meta:initial-creator", "GPSPosition", "EXIF", "notesSlide2", "p:notes", "Words", "4711", "Planted Sans", "style:font-name"}
	for _, s := range technical {
		if contains(shown, s) {
			t.Errorf("the details show %q before the technical details are opened: %q", s, shown)
		}
	}
	for _, s := range shown {
		if strings.ContainsAny(s, "\x1b\u202e") {
			t.Errorf("unescaped control character shown: %q", s)
		}
		if strings.Contains(s, long[:maxShownValue]) {
			t.Errorf("long value not shortened: %d characters", len(s))
		}
	}

	// Opened, the technical details name every finding as the file does,
	// and mark what identifies no one and what is kept.
	test.Tap(button(t, h.u.details, "Technical details (5 items)"))
	shown = texts(h.u.details)
	for _, s := range append(technical,
		"Author (meta:initial-creator): "+plantedAuthor,
		"Document statistics (Words): 4711   in docProps/app.xml · identifies no one, not counted",
		"Font (style:font-name): Planted Sans   in styles.xml · kept · identifies no one, not counted",
		"Speaker notes (p:notes): "+plantedNotes+"   in ppt/notesSlides/notesSlide2.xml · kept") {
		if !contains(shown, s) {
			t.Errorf("the technical details do not show %q: %q", s, shown)
		}
	}
	// They stay open for the next file, and close again.
	h.selectRow("a.fake")
	if !contains(texts(h.u.details), "meta:initial-creator") {
		t.Error("the technical details closed when the details were redrawn")
	}
	test.Tap(button(t, h.u.details, "Technical details (5 items)"))
	if contains(texts(h.u.details), "meta:initial-creator") {
		t.Error("the technical details did not close")
	}
}

// What cleaning keeps but the sender cannot act on (a font name) is not
// in the kept box, and what identifies no one is not counted: a file with
// only those has nothing to count and nothing to check.
func TestMinorFindingsAreNotCounted(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "stats.fake"), "FAKE\nWords: 12\nFont: Planted Sans\n")
	h.drop(dir)
	r := h.rowFor("stats.fake")
	st := r.status()
	if st.text != "nothing identifying, only technical details" || st.badge != "0" || st.check != 0 {
		t.Errorf("status %q, badge %q, to check %d", st.text, st.badge, st.check)
	}
	h.selectRow("stats.fake")
	shown := texts(h.u.details)
	if contains(shown, "Kept in the file") || contains(shown, "What this file reveals") {
		t.Errorf("minor findings shown as identifying or to check: %q", shown)
	}
	if !contains(shown, "Nothing identifying found") || !contains(shown, "Technical details (2 items)") {
		t.Errorf("details: %q", shown)
	}
}

func TestCleanWritesVerifiedCopies(t *testing.T) {
	h := newHarness(t)
	dir := folder(t)
	h.drop(dir)
	test.Tap(h.u.cleanBtn)
	h.settle()

	for _, name := range []string{"dirty.fake", filepath.Join("sub", "deeper", "deep.fake")} {
		in := filepath.Join(dir, name)
		out := scrub.CleanedName(in)
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("%s: no cleaned copy: %v", name, err)
		}
		scrubtest.AssertAbsent(t, data, plantedAuthor, plantedGPS)
		orig, _ := os.ReadFile(in)
		scrubtest.AssertPresent(t, orig, plantedAuthor) // the original is untouched
	}
	if got := h.rowFor("dirty.fake").status().text; got != "cleaned: 2 identifying items removed" {
		t.Errorf("dirty.fake: %q", got)
	}
	if got := h.rowFor("clean.fake").status().text; got != "already clean: copy saved" {
		t.Errorf("clean.fake: %q", got)
	}
	if got := h.rowFor("notes.fake").status().text; got != "already clean: copy saved, 1 to check" {
		t.Errorf("notes.fake: %q", got)
	}
	if got := h.rowFor("locked.lock").status().text; !strings.HasPrefix(got, "not cleaned") {
		t.Errorf("locked.lock: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "locked.cleaned.lock")); err == nil {
		t.Error("a refused file got an output")
	}
	// The summary says what happened and offers the folder.
	sum := texts(h.topDialog())
	for _, s := range []string{"2 files cleaned.", "2 files were already clean", "next to the originals", "1 file still contains content scrub keeps",
		"notes.fake: Speaker notes", "1 file was NOT cleaned. Do not send it as it is", "locked.lock: it needs a password",
		"scrub does not know 1 file and left it alone: readme.txt.", "1 link or special file was skipped: link.fake.", "Show in folder"} {
		if !contains(sum, s) {
			t.Errorf("summary does not say %q: %q", s, sum)
		}
	}
	// Everything is done: Clean is off until something new is added.
	if !h.u.cleanBtn.Disabled() {
		t.Error("clean button still enabled after everything was cleaned")
	}
	h.selectRow("dirty.fake")
	details := texts(h.u.details)
	for _, s := range []string{"The cleaned copy no longer reveals your name and where it was made", "Removed from the cleaned copy (2)",
		"Cleaned copy: " + scrub.CleanedName(filepath.Join(dir, "dirty.fake")), "Show in folder"} {
		if !contains(details, s) {
			t.Errorf("details after clean do not show %q: %q", s, details)
		}
	}
}

func TestRefusedFileShowsReason(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "secret.lock"), "LOCK\n")
	h.drop(filepath.Join(dir, "secret.lock"))
	h.selectRow("secret.lock")
	shown := texts(h.u.details)
	for _, s := range []string{
		"Not cleaned: do not send this file as it is",
		"Not cleaned (it needs a password): the file still holds everything it had.",
		"Why: the file is protected by a password",
		"What you can do: remove the password in the application that made it, then add it again",
	} {
		if !contains(shown, s) {
			t.Errorf("details do not show %q: %q", s, shown)
		}
	}
	if !h.u.cleanBtn.Disabled() {
		t.Error("clean enabled with only a refused file")
	}
}

func TestVerificationFailureWritesNothing(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "b.brkn")
	write(t, in, "BRKN\nAuthor: "+plantedAuthor+"\n")
	h.drop(in)
	test.Tap(h.u.cleanBtn)
	h.settle()
	st := h.rowFor("b.brkn").status()
	if st.text != "not cleaned: scrub failed on it" || st.kind != kindFailed || st.tone != widget.DangerImportance {
		t.Errorf("status %q", st.text)
	}
	h.selectRow("b.brkn")
	if got := texts(h.u.details); !contains(got, "Why: verification failed") || !contains(got, "this is a bug in scrub") {
		t.Errorf("details: %q", got)
	}
	if _, err := os.Stat(scrub.CleanedName(in)); err == nil {
		t.Error("a copy that failed verification was written")
	}
	if !contains(texts(h.topDialog()), "1 file was NOT cleaned") || !contains(texts(h.topDialog()), "b.brkn: scrub failed on it") {
		t.Errorf("summary: %q", texts(h.topDialog()))
	}
}

func TestCancelLeavesNoPartialOutput(t *testing.T) {
	h := newHarness(t)
	h.u.engine.Jobs = 1 // the fake file first, then the slow one
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.fake"), dirtyFake())
	write(t, filepath.Join(dir, "z.slow"), "SLOW\nAuthor: "+plantedAuthor+"\n"+strings.Repeat("content\n", 1000))
	h.drop(dir)
	test.Tap(h.u.cleanBtn)
	h.pumpUntil(h.started)
	if !h.u.progressBox.Visible() || h.u.cancelBtn.Disabled() {
		t.Fatal("no progress and Cancel while cleaning")
	}
	if !h.u.addFilesBtn.Disabled() || !h.u.removeBtn.Disabled() {
		t.Error("the list can be changed while cleaning")
	}
	test.Tap(h.u.cancelBtn)
	h.settle()

	if got := h.rowFor("z.slow").status().text; got != "not cleaned: cancelled" {
		t.Errorf("z.slow: %q", got)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"a.cleaned.fake", "a.fake", "z.slow"}
	if !slices.Equal(names, want) {
		t.Errorf("folder holds %q, want %q (no partial output)", names, want)
	}
	sum := texts(h.topDialog())
	if !contains(sum, "Cleaning cancelled") || !contains(sum, "no half-written file") || !contains(sum, "z.slow: cancelled") {
		t.Errorf("summary: %q", sum)
	}
	if h.u.progressBox.Visible() {
		t.Error("progress still shown")
	}
	// The cancelled file can be cleaned again.
	if got := h.u.cleanBtn.Text; got != "Clean 1 file" {
		t.Errorf("clean button %q", got)
	}
}

func TestClosingWhileCleaningCancelsFirst(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "z.slow"), "SLOW\nAuthor: "+plantedAuthor+"\n")
	h.drop(dir)
	test.Tap(h.u.cleanBtn)
	h.pumpUntil(h.started)
	h.u.closeRequested()
	if h.closed {
		t.Fatal("the window closed while a file was being written")
	}
	h.settle()
	if !h.closed {
		t.Fatal("the window did not close once cleaning stopped")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d files, want only the original", len(entries))
	}
}

func TestReplaceOriginalsAsksFirst(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "a.fake")
	write(t, in, dirtyFake())
	h.drop(in)
	h.u.output.SetSelectedIndex(int(replaceOriginals))
	if h.u.mode != replaceOriginals || !strings.Contains(h.u.outInfo.Text, "cannot be undone") {
		t.Fatalf("mode %v, info %q", h.u.mode, h.u.outInfo.Text)
	}

	test.Tap(h.u.cleanBtn)
	h.settle()
	d := h.topDialog()
	if !contains(texts(d), "This cannot be undone") {
		t.Fatalf("confirmation does not say it cannot be undone: %q", texts(d))
	}
	if h.w.Canvas().Focused() != button(t, d, "Cancel") {
		t.Error("the focus is not on Cancel in the replace confirmation")
	}
	data, _ := os.ReadFile(in)
	scrubtest.AssertPresent(t, data, plantedAuthor) // nothing happened before the answer

	test.Tap(button(t, d, "Cancel"))
	h.settle()
	data, _ = os.ReadFile(in)
	scrubtest.AssertPresent(t, data, plantedAuthor)

	test.Tap(h.u.cleanBtn)
	test.Tap(button(t, h.topDialog(), "Replace originals"))
	h.settle()
	data, _ = os.ReadFile(in)
	scrubtest.AssertAbsent(t, data, plantedAuthor, plantedGPS)
	if !strings.Contains(string(data), "body text stays") {
		t.Error("the content was lost")
	}
	if _, err := os.Stat(scrub.CleanedName(in)); err == nil {
		t.Error("a copy was written in replace mode")
	}
	if !contains(texts(h.topDialog()), "The originals were replaced") {
		t.Errorf("summary: %q", texts(h.topDialog()))
	}
}

func TestExistingCopyIsReplacedOnlyAfterAsking(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "a.fake")
	write(t, in, dirtyFake())
	write(t, scrub.CleanedName(in), "an older copy")
	h.drop(in)
	test.Tap(h.u.cleanBtn)
	d := h.topDialog()
	if !contains(texts(d), "A cleaned copy named “a.cleaned.fake” already exists.") {
		t.Fatalf("no question about the existing copy: %q", texts(d))
	}
	test.Tap(button(t, d, "Replace"))
	h.settle()
	data, _ := os.ReadFile(scrub.CleanedName(in))
	if string(data) == "an older copy" {
		t.Fatal("the copy was not replaced")
	}
	scrubtest.AssertAbsent(t, data, plantedAuthor)
}

func TestOutputFolderMirrorsWhatWasAdded(t *testing.T) {
	h := newHarness(t)
	dir := folder(t)
	out := t.TempDir()
	h.drop(dir)
	h.u.outDir, h.u.mode = out, toFolder
	h.u.refreshOutput()
	test.Tap(h.u.cleanBtn)
	h.settle()
	for _, name := range []string{"dirty.fake", "clean.fake", filepath.Join("sub", "deeper", "deep.fake")} {
		data, err := os.ReadFile(filepath.Join(out, "leak", name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		scrubtest.AssertAbsent(t, data, plantedAuthor, plantedGPS)
	}
	if _, err := os.Stat(scrub.CleanedName(filepath.Join(dir, "dirty.fake"))); err == nil {
		t.Error("a copy was written next to the original")
	}
}

func TestDropRejectsLinksAndKeepsFiles(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "a.fake")
	write(t, in, dirtyFake())
	web, _ := storage.ParseURI("https://example.org/photo.jpg")
	h.u.Drop(fyne.Position{}, []fyne.URI{
		storage.NewFileURI("https://example.org/leak.jpg"), // what the desktop driver makes of a browser link
		web,
		storage.NewFileURI(filepath.Join(dir, "missing.fake")),
		storage.NewFileURI(in),
	})
	h.settle()
	if len(h.u.rows) != 1 || h.u.rows[0].path != in {
		t.Fatalf("rows: %d", len(h.u.rows))
	}
	msg := h.u.notice.Text
	for _, s := range []string{"“https:/example.org/leak.jpg” is a web link, not a file on this computer", "“https://example.org/photo.jpg” is not a file on this computer", "missing.fake” cannot be found"} {
		if !strings.Contains(msg, s) {
			t.Errorf("notice %q does not say %q", msg, s)
		}
	}
	if !h.u.noticeBox.Visible() {
		t.Error("notice not shown")
	}
}

func TestAddingTwiceKeepsOneRow(t *testing.T) {
	h := newHarness(t)
	dir := folder(t)
	h.drop(dir)
	n := len(h.u.rows)
	h.drop(dir, filepath.Join(dir, "dirty.fake"))
	if len(h.u.rows) != n {
		t.Errorf("rows went from %d to %d", n, len(h.u.rows))
	}
	if !strings.Contains(h.u.notice.Text, "Already in the list") {
		t.Errorf("notice %q", h.u.notice.Text)
	}
}

func TestCommandLinePathsAreAdded(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.fake"), dirtyFake())
	h.u.Add([]string{filepath.Join(dir, "a.fake")})
	h.settle()
	if len(h.u.rows) != 1 || h.u.rows[0].status().text != "2 identifying items" {
		t.Fatalf("rows %d", len(h.u.rows))
	}
	if h.u.sel != h.u.rows[0] {
		t.Error("the first file is not selected")
	}
}

func TestOddFileNames(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	names := []string{
		"Überraschung – 日本語の報告書 " + strings.Repeat("long ", 30) + ".fake",
		"invoice\u202egpj.fake",
		"tab\there.fake",
	}
	for _, n := range names {
		write(t, filepath.Join(dir, n), dirtyFake())
	}
	h.drop(dir)
	if len(h.u.rows) != len(names) {
		t.Fatalf("rows %d", len(h.u.rows))
	}
	shown := texts(h.u.list)
	for _, s := range []string{`invoice\u202egpj.fake`, `tab\there.fake`, "Überraschung – 日本語の報告書"} {
		if !contains(shown, s) {
			t.Errorf("list does not show %q: %q", s, shown)
		}
	}
	for _, s := range shown {
		if strings.ContainsAny(s, "\u202e\t") {
			t.Errorf("unescaped name shown: %q", s)
		}
	}
	test.Tap(h.u.cleanBtn)
	h.settle()
	for _, n := range names {
		if _, err := os.Stat(scrub.CleanedName(filepath.Join(dir, n))); err != nil {
			t.Errorf("%q: %v", n, err)
		}
	}
}

func TestKeyboard(t *testing.T) {
	h := newHarness(t)
	dir := folder(t)
	h.drop(dir)
	c := h.w.Canvas()

	// Tab starts at the top of the window and reaches the list.
	c.Unfocus()
	test.FocusNext(c)
	if c.Focused() != h.u.addFilesBtn {
		t.Fatalf("first Tab focuses %T, want Add files", c.Focused())
	}
	for range 10 {
		if c.Focused() == h.u.list {
			break
		}
		test.FocusNext(c)
	}
	if c.Focused() != h.u.list {
		t.Fatal("Tab never reached the list")
	}
	first := h.u.rows[0]
	if h.u.sel != first {
		t.Fatal("first row not selected after adding")
	}
	h.u.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if h.u.sel != h.u.rows[1] {
		t.Error("Down did not select the next row")
	}
	second := h.u.sel
	h.u.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if slices.Contains(h.u.rows, second) {
		t.Error("Delete did not remove the selected row")
	}
	if len(h.u.rows) != 6 || h.u.sel != h.u.rows[1] {
		t.Error("after Delete the next row should be selected")
	}
	h.u.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	if h.u.sel != first {
		t.Error("Up did not select the previous row")
	}

	// Enter on a focused button presses it.
	c.Focus(h.u.cleanBtn)
	h.u.cleanBtn.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if _, err := os.Stat(scrub.CleanedName(filepath.Join(dir, "sub", "deeper", "deep.fake"))); err != nil {
		t.Errorf("Enter on Clean did not clean: %v", err)
	}
	if _, err := os.Stat(scrub.CleanedName(second.path)); err == nil {
		t.Error("the row removed with Delete was cleaned")
	}
}

func TestPreferencesStayInMemory(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	New(a, w, fakeRegistry(nil, nil))
	// This is what Fyne's file dialogs do with the folder they show.
	fyne.CurrentApp().Preferences().SetString("fyne:fileDialogLastFolder", "file:///home/source/leaks")
	if got := a.Preferences().String("fyne:fileDialogLastFolder"); got != "" {
		t.Errorf("the app's saved preferences got %q", got)
	}
	if got := fyne.CurrentApp().Preferences().String("fyne:fileDialogLastFolder"); got == "" {
		t.Error("the in-memory preferences lost the value during the session")
	}
}

func TestHintsSpeakToDesktopUsers(t *testing.T) {
	for _, err := range []error{
		scrub.ErrUnknown,
		fmt.Errorf("x: %w", scrub.ErrExists),
		scrub.OverLimit("", scrub.LimitInputSize, "the file is larger than 2048 MiB"),
		scrub.OverLimit("", scrub.LimitTime, "processing took longer than 5m"),
		scrub.ErrOverOriginal,
		scrub.Encrypted("pdf", "the PDF needs a password to open", ""),
		scrub.Unsupported("doc", "legacy binary Word format", "open it in Word or LibreOffice and save it as .docx (File > Save As), then clean the new file"),
	} {
		res := &scrub.Result{Err: err, Hint: scrub.HintFor(err), Format: "pdf"}
		got := hint(res, "FAKE files")
		if strings.Contains(got, "--") && !strings.Contains(got, "command-line") || strings.Contains(got, "scrub formats") ||
			strings.Contains(got, " -o") && !strings.Contains(got, "command-line") || strings.Contains(got, "run scrub") {
			t.Errorf("hint for %v = %q: command-line advice for a desktop user", err, got)
		}
		if got == "" {
			t.Errorf("no hint for %v", err)
		}
	}
}
