//go:build gui || ci

// Package native is what scrub's desktop app uses of the desktop around
// it that Fyne does not offer: the desktop's own file dialog, which takes
// several files at once (Fyne's takes one, fyne#1082), and a "show in
// folder" that knows whether a file manager opened (Fyne's OpenURL starts
// xdg-open and never learns whether it worked).
//
// Linux and the BSDs: the file dialog of the XDG desktop portal
// (org.freedesktop.portal.FileChooser over D-Bus: GNOME, KDE and the
// other desktops show their own dialog), else zenity or kdialog when one
// is installed; the file manager through org.freedesktop.FileManager1
// (which selects the file), the portal's OpenURI.OpenDirectory, or
// xdg-open.
//
// Windows: the common file dialog (GetOpenFileNameW with
// OFN_ALLOWMULTISELECT, and OFN_DONTADDTORECENT so the chosen files do
// not join Windows' recent items), called through comdlg32.dll without
// cgo; the file manager is "explorer /select,".
//
// macOS: AppleScript's "choose file … with multiple selections allowed",
// run by osascript, which every macOS has; "open -R" for the file
// manager. A native NSOpenPanel would need cgo and Objective-C, for the
// same dialog.
//
// Package gui never runs a program or talks to a system service;
// cmd/scrub-gui connects this package to it (gui.Desktop).
package native

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Window identifies the app's window to the desktop, so that a dialog
// opens over it and belongs to it. Zero values are fine: the dialog then
// opens on its own.
type Window struct {
	X11  uintptr // the X11 window id (Linux and the BSDs under X11 or XWayland)
	HWND uintptr // the window handle on Windows
}

// Options describe the file dialog.
type Options struct {
	Title       string // the dialog's title
	AcceptLabel string // the label of the button that accepts the choice ("" for the desktop's)
	Folder      string // the folder it opens in ("" for the desktop's choice)
}

// PickFiles shows the desktop's own dialog for choosing files, several at
// once, and returns the local paths chosen: none when the user cancelled.
// shown is false when there is no such dialog here: the caller then shows
// its own. It blocks until the user has chosen (or, where the desktop
// allows it, until ctx is done). Setting SCRUB_FILE_DIALOG=fyne in the
// environment turns the desktop's dialog off (shown is false).
func PickFiles(ctx context.Context, parent Window, opt Options) (paths []string, shown bool, err error) {
	if os.Getenv("SCRUB_FILE_DIALOG") == "fyne" {
		return nil, false, nil
	}
	return pickFiles(ctx, parent, opt)
}

// ShowInFolder opens the file manager on the folder that holds path, with
// the file selected where the file manager can do that. It returns an
// error when no file manager could be opened.
func ShowInFolder(ctx context.Context, parent Window, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	return showInFolder(ctx, parent, abs)
}

// errNotLocal: the dialog returned something that is not a file on this
// computer.
var errNotLocal = errors.New("not a file on this computer")

// pathsFromURIs turns file:// URIs into local paths. URIs of other
// schemes (a remote folder the desktop mounted by name) are reported.
// The URIs are decoded as URIs, not as form values: a "+" in a file name
// stays a "+".
func pathsFromURIs(uris []string) ([]string, error) {
	var paths, bad []string
	for _, s := range uris {
		u, err := url.Parse(s)
		if err != nil || u.Scheme != "file" || u.Path == "" || (u.Host != "" && u.Host != "localhost") {
			bad = append(bad, s)
			continue
		}
		paths = append(paths, filepath.FromSlash(u.Path))
	}
	if len(bad) > 0 {
		return paths, &notLocalError{bad}
	}
	return paths, nil
}

// notLocalError lists what a dialog returned that is not a local file.
type notLocalError struct{ uris []string }

func (e *notLocalError) Error() string {
	return errNotLocal.Error() + ": " + strings.Join(e.uris, ", ")
}

func (e *notLocalError) Unwrap() error { return errNotLocal }

// splitLines splits a helper program's output into paths, one a line.
func splitLines(out string) []string {
	var paths []string
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSuffix(l, "\r")
		if l != "" {
			paths = append(paths, l)
		}
	}
	return paths
}

// splitMultiSelect reads the buffer Windows' file dialog fills with
// OFN_ALLOWMULTISELECT|OFN_EXPLORER: one full path, or the folder then
// the names, each ended by a NUL, the list ended by another.
func splitMultiSelect(buf []uint16) []string {
	var parts []string
	start := 0
	for i, c := range buf {
		if c != 0 {
			continue
		}
		if i == start {
			break
		}
		parts = append(parts, utf16String(buf[start:i]))
		start = i + 1
	}
	if len(parts) <= 1 {
		return parts
	}
	dir := parts[0]
	paths := make([]string, 0, len(parts)-1)
	for _, name := range parts[1:] {
		paths = append(paths, strings.TrimRight(dir, `\`)+`\`+name)
	}
	return paths
}
