//go:build gui || ci

// Package gui is scrub's desktop app: one window where people drop files
// and folders, see what each file reveals, and save cleaned copies.
//
// It talks only to package scrub. The caller (cmd/scrub-gui) makes the
// fyne.App, the window and the registry and hands them to New; this package
// never starts a driver itself, so its tests run with Fyne's test driver.
//
// Inspection and cleaning run on goroutines through the engine; every
// change to the screen goes through fyne.Do. Nothing the user adds is
// remembered after the window closes: the app keeps no recent-files list,
// and Fyne's preferences (where its file dialogs would record the last
// folder) are kept in memory only.
//
// Every file of the app is behind the build tag "gui" (or "ci", Fyne's tag
// for headless tests), so that `go install ./...` — what the pre-commit
// framework runs to install scrub's hook — builds the pure-Go CLI without
// cgo, a C compiler or X11/GL headers. Build the app with
// `go build -tags gui ./cmd/scrub-gui`.
package gui

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// Where cleaned files go.
type outputMode int

const (
	besideOriginals outputMode = iota
	toFolder
	replaceOriginals
)

// outputChoices are the "Save cleaned files" choices, in the order of
// the modes.
func outputChoices() []string {
	return []string{
		besideOriginals:  words.T("app.output.beside"),
		toFolder:         words.T("app.output.folder"),
		replaceOriginals: words.T("app.output.replace"),
	}
}

// DefaultSize is the window's first size. At FYNE_SCALE=1.5 it fits a
// 1280×800 screen with a title bar and a desktop panel; a test holds the
// window's minimum size, and its dialogs', within it.
var DefaultSize = fyne.NewSize(840, 480)

// UI is the main window's screen.
type UI struct {
	app     fyne.App
	win     fyne.Window
	reg     *scrub.Registry
	engine  *scrub.Engine
	formats string // what scrub cleans, for messages
	home    string // the user's home folder, shown as ~

	// do and doWait run a function on the UI goroutine (fyne.Do and
	// fyne.DoAndWait); tests replace them to run everything on the test
	// goroutine.
	do, doWait func(func())
	// open opens a URL with the desktop (App.OpenURL): "Show in folder"
	// when the desktop (SetDesktop) has no better way. Tests replace it.
	open func(*url.URL) error
	// desktop is what cmd/scrub-gui found of the desktop around the app:
	// its own file dialog, its file manager.
	desktop Desktop
	picking bool // the desktop's file dialog is open

	rows  []*row
	sel   *row
	names map[string]int // how many rows have each file name

	lastDir  string // where the file dialogs open: the folder of what was added last
	mode     outputMode
	outDir   string // raw path, for toFolder
	choosing bool   // the output select is being changed by the program

	inspections map[*job]bool
	cleanJob    *job
	techOpen    bool // the technical details are shown
	thumbs      thumbCache
	closing     bool // the window closes once the running job has stopped
	progDone    int
	progTotal   int

	list          *fileList
	emptyHint     fyne.CanvasObject
	split         *container.Split
	details       *fyne.Container
	detailScroll  *container.Scroll
	addFilesBtn   *keyButton
	addFolderBtn  *keyButton
	removeBtn     *keyButton
	clearBtn      *keyButton
	cleanBtn      *keyButton
	cancelBtn     *keyButton
	changeDirBtn  *keyButton
	output        *widget.Select
	outInfo       *widget.Label
	notice        *widget.Label
	noticeBox     *fyne.Container
	counts        *widget.Label
	progress      *widget.ProgressBar
	progressLabel *widget.Label
	progressBox   *fyne.Container
	lastDialog    dialog.Dialog // the dialog shown last, for tests
}

// job is one inspection or cleaning run.
type job struct {
	cancel    context.CancelFunc
	opt       scrub.CleanOptions
	rows      []*row
	cancelled bool
}

// New builds the screen into w and returns the UI. reg decides which
// formats the app knows. New sets w's drop handler (Drop), and a close
// handler that first stops a running job so nothing is left half-written.
// It makes a's preferences memory-only for the life of the process (see
// the package documentation), and gives a's theme a focus colour that can
// be seen. It never shows or runs the window. The words are those of
// internal/words' current catalogue (words.Use).
func New(a fyne.App, w fyne.Window, reg *scrub.Registry) *UI {
	a = private(a)
	a.Settings().SetTheme(inLanguage(withVisibleFocus(a.Settings().Theme())))
	u := &UI{
		app:         a,
		win:         w,
		reg:         reg,
		engine:      &scrub.Engine{Registry: reg, Policy: appPolicy},
		formats:     formatList(reg),
		do:          fyne.Do,
		doWait:      fyne.DoAndWait,
		open:        a.OpenURL,
		inspections: map[*job]bool{},
	}
	u.home, _ = os.UserHomeDir()
	w.SetContent(u.build())
	w.SetOnDropped(u.Drop)
	w.SetCloseIntercept(u.closeRequested)
	u.keys()
	u.refreshAll()
	return u
}

// appPolicy is how the app's engine treats files: as the command line
// does by default, and with the pictures findings can carry (a cropped
// picture whole), which the details show.
var appPolicy = scrub.Policy{Pictures: true}

// formatList names what reg cleans by family, as people know their files:
// "Excel, JPEG, PDF and Word files" rather than thirty extensions. A
// family is the first word of a format's description ("Word macro-enabled
// template"), leaving out "flat"; a format without one is named by its
// short name.
func formatList(reg *scrub.Registry) string {
	var names []string
	seen := map[string]bool{}
	for _, f := range reg.Formats() {
		if f.Refused != "" {
			continue
		}
		name := strings.ToUpper(f.Name)
		for _, w := range strings.Fields(f.Description) {
			if w != "flat" {
				name = w
				break
			}
		}
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return words.T("app.formats.none")
	}
	return words.T("app.formats.files", words.List(names))
}

func (u *UI) build() fyne.CanvasObject {
	u.addFilesBtn = newKeyButton(words.T("app.button.add-files"), theme.FileIcon(), u.addFilesDialog)
	u.addFolderBtn = newKeyButton(words.T("app.button.add-folder"), theme.FolderOpenIcon(), u.addFolderDialog)
	u.removeBtn = newKeyButton(words.T("app.button.remove"), theme.ContentRemoveIcon(), u.removeSelected)
	u.clearBtn = newKeyButton(words.T("app.button.clear"), theme.ContentClearIcon(), u.clearList)
	u.counts = widget.NewLabel("")
	u.counts.Alignment = fyne.TextAlignCenter
	u.counts.Truncation = fyne.TextTruncateEllipsis

	u.notice = widget.NewLabel("")
	u.notice.Wrapping = fyne.TextWrapWord
	u.notice.Importance = widget.MediumImportance
	closeNotice := widget.NewButtonWithIcon("", theme.CancelIcon(), func() { u.setNotice("") })
	closeNotice.Importance = widget.LowImportance
	u.noticeBox = container.NewBorder(nil, nil, widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon())), closeNotice, u.notice)
	u.noticeBox.Hide()

	top := container.NewVBox(
		container.NewBorder(nil, nil,
			container.NewHBox(u.addFilesBtn, u.addFolderBtn),
			container.NewHBox(u.removeBtn, u.clearBtn),
			u.counts),
		u.noticeBox,
	)

	u.list = newFileList(func() int { return len(u.rows) }, newRowView, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id < len(u.rows) {
			updateRowView(u.rows[id], u.rowName(u.rows[id]), o)
		}
	})
	u.list.OnSelected = func(id widget.ListItemID) {
		u.list.selected = id
		if id < len(u.rows) {
			u.sel = u.rows[id]
		}
		u.showDetails()
		u.refreshButtons()
	}
	u.list.OnUnselected = func(widget.ListItemID) {
		u.list.selected = -1
		u.sel = nil
		u.showDetails()
		u.refreshButtons()
	}
	u.list.onDelete = u.removeSelected

	drop := widget.NewLabel(words.T("app.empty.drop"))
	drop.Alignment = fyne.TextAlignCenter
	drop.TextStyle.Bold = true
	or := widget.NewLabel(words.T("app.empty.or", words.T("app.button.add-files"), words.T("app.button.add-folder")))
	or.Wrapping = fyne.TextWrapWord
	or.Alignment = fyne.TextAlignCenter
	works := widget.NewLabel(words.T("app.empty.formats", u.formats))
	works.Alignment = fyne.TextAlignCenter
	works.Wrapping = fyne.TextWrapWord
	privacy := widget.NewLabel(words.T("app.empty.privacy"))
	privacy.Alignment = fyne.TextAlignCenter
	privacy.Wrapping = fyne.TextWrapWord
	privacy.TextStyle.Italic = true
	icon := canvas.NewImageFromResource(theme.NewPrimaryThemedResource(theme.UploadIcon()))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(64))
	u.emptyHint = container.NewCenter(container.NewGridWrap(fyne.NewSize(460, 300),
		container.NewVBox(icon, drop, or, works, privacy)))

	u.details = container.NewVBox()
	u.detailScroll = container.NewVScroll(container.NewPadded(u.details))
	u.split = container.NewHSplit(u.list, u.detailScroll)
	u.split.Offset = 0.42

	u.progress = widget.NewProgressBar()
	u.progressLabel = widget.NewLabel("")
	u.progressLabel.Truncation = fyne.TextTruncateEllipsis
	u.cancelBtn = newKeyButton(words.T("app.button.cancel"), theme.CancelIcon(), u.Cancel)
	u.progressBox = container.NewBorder(nil, nil, nil, u.cancelBtn, container.NewVBox(u.progressLabel, u.progress))
	u.progressBox.Hide()

	u.output = widget.NewSelect(outputChoices(), u.outputChanged)
	u.choosing = true
	u.output.SetSelectedIndex(int(besideOriginals))
	u.choosing = false
	u.outInfo = widget.NewLabel("")
	u.outInfo.Wrapping = fyne.TextWrapWord
	u.outInfo.Hide()
	u.changeDirBtn = newKeyButton(words.T("app.button.change-folder"), nil, func() { u.chooseOutDir(u.mode) })
	u.changeDirBtn.Hide()
	u.cleanBtn = newKeyButton(words.T("app.button.clean"), theme.ConfirmIcon(), u.Clean)
	u.cleanBtn.Importance = widget.HighImportance

	bottom := container.NewVBox(
		widget.NewSeparator(),
		u.progressBox,
		u.outInfo,
		container.NewBorder(nil, nil,
			widget.NewLabel(words.T("app.output.label")),
			container.NewHBox(u.changeDirBtn, u.cleanBtn),
			u.output),
	)
	// Objects in reading order, so that Tab goes top, list, details, bottom.
	center := container.NewStack(u.split, u.emptyHint)
	return container.New(layout.NewBorderLayout(top, bottom, nil, nil), top, center, bottom)
}

// keys adds the window-wide keys: Delete removes the selected row and
// Enter cleans when nothing has the focus, Escape cancels a run, Ctrl+O
// and Ctrl+Shift+O add files and folders.
func (u *UI) keys() {
	c := u.win.Canvas()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if c.Overlays().Top() != nil {
			return // a dialog is open: its buttons answer
		}
		switch ev.Name {
		case fyne.KeyDelete, fyne.KeyBackspace:
			u.removeSelected()
		case fyne.KeyReturn, fyne.KeyEnter:
			u.Clean()
		case fyne.KeyEscape:
			u.Cancel()
		}
	})
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { u.addFilesDialog() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}, func(fyne.Shortcut) { u.addFolderDialog() })
}

func (u *UI) setNotice(msg string) {
	u.notice.SetText(msg)
	if msg == "" {
		u.noticeBox.Hide()
	} else {
		u.noticeBox.Show()
	}
}

// busy reports whether a run is going on.
func (u *UI) busy() bool { return u.cleanJob != nil || len(u.inspections) > 0 }

// closeRequested closes the window, first stopping a running job so that
// it leaves nothing half-written behind.
func (u *UI) closeRequested() {
	if !u.busy() {
		u.win.Close()
		return
	}
	u.closing = true
	u.Cancel()
}

// closeIfDone closes the window if that was asked for and nothing runs.
func (u *UI) closeIfDone() bool {
	if u.closing && !u.busy() {
		u.win.Close()
		return true
	}
	return false
}

// Cancel stops the running inspection or cleaning. Files being cleaned are
// abandoned with nothing written (the engine guarantees it); files already
// cleaned stay cleaned.
func (u *UI) Cancel() {
	if !u.busy() {
		return
	}
	u.cancelBtn.Disable()
	u.progressLabel.SetText(words.T("app.progress.cancelling"))
	var cancels []context.CancelFunc
	for j := range u.inspections {
		j.cancelled = true
		cancels = append(cancels, j.cancel)
	}
	if u.cleanJob != nil {
		u.cleanJob.cancelled = true
		cancels = append(cancels, u.cleanJob.cancel)
	}
	for _, c := range cancels {
		c()
	}
}

// removeSelected removes the selected row from the list (not from disk).
func (u *UI) removeSelected() {
	if u.sel == nil || u.cleanJob != nil {
		return
	}
	i := u.index(u.sel)
	if i < 0 {
		return
	}
	u.rows = append(u.rows[:i], u.rows[i+1:]...)
	u.sel = nil
	u.list.selected = -1
	u.list.UnselectAll()
	if i >= len(u.rows) {
		i = len(u.rows) - 1
	}
	if i >= 0 {
		u.list.Select(i)
	}
	u.refreshAll()
}

func (u *UI) clearList() {
	if u.cleanJob != nil || len(u.rows) == 0 {
		return
	}
	for j := range u.inspections {
		j.cancel()
	}
	u.rows = nil
	u.sel = nil
	u.list.selected = -1
	u.list.UnselectAll()
	u.setNotice("")
	u.refreshAll()
}

func (u *UI) index(r *row) int {
	for i, x := range u.rows {
		if x == r {
			return i
		}
	}
	return -1
}

func (u *UI) addFolderDialog() {
	if u.cleanJob != nil || u.picking {
		return
	}
	d := dialog.NewFolderOpen(u.folderChosen, u.win)
	d.SetTitleText(words.T("app.dialog.add-folder"))
	d.SetConfirmText(words.T("app.dialog.add"))
	u.showFileDialog(d)
}

// folderChosen adds the folder picked in the "Add folder…" dialog; l is nil
// when the dialog was cancelled.
func (u *UI) folderChosen(l fyne.ListableURI, err error) {
	if err != nil || l == nil {
		return
	}
	u.Drop(fyne.Position{}, []fyne.URI{l})
}

func (u *UI) showFileDialog(d *dialog.FileDialog) {
	if u.lastDir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(u.lastDir)); err == nil {
			d.SetLocation(l)
		}
	}
	s := u.win.Canvas().Size()
	d.Resize(fyne.NewSize(s.Width*0.9, s.Height*0.9))
	u.lastDialog = d
	d.Show()
}

// outputChanged follows the "Save cleaned files" choice.
func (u *UI) outputChanged(string) {
	if u.choosing || u.output == nil {
		return
	}
	prev := u.mode
	switch outputMode(u.output.SelectedIndex()) {
	case besideOriginals:
		u.mode = besideOriginals
	case replaceOriginals:
		u.mode = replaceOriginals
	case toFolder:
		if u.outDir == "" {
			u.chooseOutDir(prev)
			return
		}
		u.mode = toFolder
	}
	u.refreshOutput()
}

// chooseOutDir asks for the output folder; on cancel the choice goes back
// to prev.
func (u *UI) chooseOutDir(prev outputMode) {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) { u.outDirChosen(prev, l, err) }, u.win)
	d.SetTitleText(words.T("app.dialog.output-folder"))
	d.SetConfirmText(words.T("app.dialog.save-here"))
	u.showFileDialog(d)
}

// outDirChosen takes the folder picked for cleaned files. l is nil when
// the dialog was cancelled; without an output folder the choice then goes
// back to prev. A folder where cleaned copies would land on files in the
// list (the parent of an added folder, or the folder of an added file) is
// refused with an explanation: otherwise the originals would be
// overwritten without the warning that replacing them gets.
func (u *UI) outDirChosen(prev outputMode, l fyne.ListableURI, err error) {
	if err == nil && l != nil && l.Scheme() == "file" {
		dir := l.Path()
		if r, _ := u.overwritesOriginal(u.cleanableRows(), scrub.CleanOptions{OutDir: dir}); r != nil {
			u.refuseOutDir(dir, r)
			if u.outDir == "" {
				u.mode = prev
			}
			u.refreshOutput()
			return
		}
		u.outDir = dir
		u.mode = toFolder
	} else if u.outDir == "" {
		u.mode = prev
	}
	u.refreshOutput()
}

func (u *UI) refreshOutput() {
	u.choosing = true
	u.output.SetSelectedIndex(int(u.mode))
	u.choosing = false
	switch u.mode {
	case besideOriginals:
		u.outInfo.Importance = widget.MediumImportance
		u.outInfo.SetText("")
		u.outInfo.Hide()
		u.changeDirBtn.Hide()
	case toFolder:
		u.outInfo.Importance = widget.MediumImportance
		u.outInfo.SetText(words.T("app.output.folder-info", u.showPath(u.outDir)))
		u.outInfo.Show()
		u.changeDirBtn.Show()
	case replaceOriginals:
		u.outInfo.Importance = widget.DangerImportance
		u.outInfo.SetText(words.T("app.output.replace-info"))
		u.outInfo.Show()
		u.changeDirBtn.Hide()
	}
}

func (u *UI) refreshAll() {
	u.names = make(map[string]int, len(u.rows))
	for _, r := range u.rows {
		u.names[filepath.Base(r.path)]++
	}
	if len(u.rows) == 0 {
		u.split.Hide()
		u.emptyHint.Show()
	} else {
		u.emptyHint.Hide()
		u.split.Show()
	}
	u.list.Refresh()
	u.refreshCounts()
	u.refreshButtons()
	u.refreshProgress()
	u.showDetails()
}

// rowName is the name a row shows: the file name and, for files that
// share it with another file in the list, the folder the file is in.
func (u *UI) rowName(r *row) string {
	if u.names[filepath.Base(r.path)] > 1 {
		return r.name() + "  (in " + scrub.Escape(filepath.Base(filepath.Dir(r.path)), 0) + ")"
	}
	return r.name()
}

func (u *UI) refreshRow(r *row) {
	if i := u.index(r); i >= 0 {
		u.list.RefreshItem(i)
	}
	u.refreshCounts()
	u.refreshButtons()
	if r == u.sel {
		u.showDetails()
	}
}

func (u *UI) refreshCounts() {
	if len(u.rows) == 0 {
		u.counts.SetText("")
		return
	}
	n := map[statusKind]int{}
	for _, r := range u.rows {
		n[r.status().kind]++
	}
	parts := []string{words.N("app.counts.files", len(u.rows))}
	add := func(k statusKind, key string) {
		if n[k] > 0 {
			parts = append(parts, words.N(key, n[k]))
		}
	}
	add(kindFindings, "app.counts.findings")
	add(kindCleaned, "app.counts.cleaned")
	add(kindRefused, "app.counts.refused")
	add(kindFailed, "app.counts.failed")
	add(kindUnsupported, "app.counts.unknown")
	u.counts.SetText(strings.Join(parts, words.T("app.counts.separator")))
}

func (u *UI) cleanableRows() []*row {
	var out []*row
	for _, r := range u.rows {
		if r.cleanable() {
			out = append(out, r)
		}
	}
	return out
}

func (u *UI) refreshButtons() {
	cleaning := u.cleanJob != nil
	enable(u.addFilesBtn, !cleaning && !u.picking)
	enable(u.addFolderBtn, !cleaning && !u.picking)
	enable(u.removeBtn, !cleaning && u.sel != nil)
	enable(u.clearBtn, !cleaning && len(u.rows) > 0)
	n := len(u.cleanableRows())
	if n > 0 {
		u.cleanBtn.SetText(words.N("app.button.clean-n", n))
	} else {
		u.cleanBtn.SetText(words.T("app.button.clean"))
	}
	enable(u.cleanBtn, !u.busy() && n > 0)
	enable(u.output, !cleaning)
	enable(u.changeDirBtn, !cleaning)
}

type enabler interface {
	Enable()
	Disable()
}

func enable(w enabler, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

func (u *UI) refreshProgress() {
	if !u.busy() {
		u.progressBox.Hide()
		u.cancelBtn.Enable()
		return
	}
	u.progressBox.Show()
	cancelling := false
	for j := range u.inspections {
		cancelling = cancelling || j.cancelled
	}
	if u.cleanJob != nil {
		cancelling = u.cleanJob.cancelled
	}
	switch {
	case cancelling:
		u.progressLabel.SetText(words.T("app.progress.cancelling"))
	case u.progTotal > 0 && u.cleanJob != nil:
		u.progressLabel.SetText(words.T("app.progress.cleaning", min(u.progDone+1, u.progTotal), u.progTotal))
	case u.progTotal > 0:
		u.progressLabel.SetText(words.T("app.progress.inspecting", min(u.progDone+1, u.progTotal), u.progTotal))
	}
	u.progress.Max = float64(max(u.progTotal, 1))
	u.progress.SetValue(float64(u.progDone))
}

// showPath returns p escaped for display, with the home folder as ~.
func (u *UI) showPath(p string) string {
	if u.home != "" && u.home != string(filepath.Separator) {
		if p == u.home {
			p = "~"
		} else if rest, ok := strings.CutPrefix(p, u.home+string(filepath.Separator)); ok {
			p = "~" + string(filepath.Separator) + rest
		}
	}
	return scrub.Escape(p, 0)
}
