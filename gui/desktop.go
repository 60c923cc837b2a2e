//go:build gui || ci

package gui

import (
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// Desktop is what the app uses of the desktop around it. This package
// never runs a program or talks to a system service itself; cmd/scrub-gui
// fills Desktop from package gui/native. Both functions are called on a
// goroutine of their own and may block; a nil function means the app's
// built-in way (Fyne's file dialog, Fyne's OpenURL).
type Desktop struct {
	// PickFiles shows the desktop's own dialog for choosing several files
	// at once, titled title and opening in folder ("" lets the desktop
	// choose), and returns the paths chosen (none when the user
	// cancelled). shown is false when there is no such dialog: the app
	// then shows Fyne's, which takes one file at a time.
	PickFiles func(title, folder string) (paths []string, shown bool, err error)
	// ShowInFolder opens the desktop's file manager on the folder that
	// holds path, with the file selected where the file manager can do
	// that. It returns an error when no file manager could be opened.
	ShowInFolder func(path string) error
}

// SetDesktop makes the app use d. Call it before the window is shown.
func (u *UI) SetDesktop(d Desktop) { u.desktop = d }

// addFilesDialog asks for files to add: the desktop's own dialog, which
// takes several files at once, where there is one; Fyne's otherwise.
func (u *UI) addFilesDialog() {
	if u.cleanJob != nil || u.picking {
		return
	}
	pick := u.desktop.PickFiles
	if pick == nil {
		u.fyneFileDialog()
		return
	}
	u.picking = true
	u.refreshButtons()
	title, folder := words.T("app.dialog.add-files"), u.lastDir
	go func() {
		paths, shown, err := pick(title, folder)
		u.do(func() { u.filesPicked(paths, shown, err) })
	}()
}

// filesPicked takes what the desktop's file dialog returned.
func (u *UI) filesPicked(paths []string, shown bool, err error) {
	u.picking = false
	u.refreshButtons()
	switch {
	case !shown:
		u.fyneFileDialog()
	case err != nil:
		u.setNotice(words.T("app.notice.dialog-failed", scrub.Escape(err.Error(), 0)))
		u.fyneFileDialog()
	case len(paths) > 0:
		if u.cleanJob != nil {
			return // cleaning started meanwhile (Enter); add refuses and says why
		}
		uris := make([]fyne.URI, 0, len(paths))
		for _, p := range paths {
			uris = append(uris, storage.NewFileURI(p))
		}
		u.Drop(fyne.Position{}, uris)
	}
}

// fyneFileDialog is Fyne's own file dialog, which takes one file.
func (u *UI) fyneFileDialog() {
	d := dialog.NewFileOpen(u.fileChosen, u.win)
	d.SetTitleText(words.T("app.dialog.add-file"))
	d.SetConfirmText(words.T("app.dialog.add"))
	u.showFileDialog(d)
}

// fileChosen adds the file picked in Fyne's file dialog; rc is nil when
// the dialog was cancelled.
func (u *UI) fileChosen(rc fyne.URIReadCloser, err error) {
	if err != nil || rc == nil {
		return
	}
	uri := rc.URI()
	rc.Close()
	u.Drop(fyne.Position{}, []fyne.URI{uri})
}

// showInFolder shows the folder holding path in the file manager, and
// says so in the window when no file manager could be opened, with where
// the file is.
func (u *UI) showInFolder(path string) {
	dir := filepath.Dir(path)
	failed := func() {
		u.setNotice(words.T("app.notice.no-file-manager", u.showPath(dir)))
	}
	if show := u.desktop.ShowInFolder; show != nil {
		go func() {
			if err := show(path); err != nil {
				u.do(failed)
			}
		}()
		return
	}
	if err := u.open(&url.URL{Scheme: "file", Path: dir}); err != nil {
		failed()
	}
}
