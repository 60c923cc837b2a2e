//go:build gui || ci

// Command scrub-gui is scrub's desktop app: drop files or folders on the
// window to see what they reveal, then save cleaned copies.
//
//	scrub-gui [FILE|FOLDER]...
//
// Files and folders named on the command line (or passed by the desktop's
// "Open with") are added at start. The screens live in package gui; this
// command only makes the app, the window and the registry of formats.
package main

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver"
	"fyne.io/fyne/v2/lang"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/gui"
	"github.com/scrub-project/scrub/gui/native"
	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// These match FyneApp.toml, which the fyne packaging tool reads; a test
// keeps them in step. (The tool also counts builds there; that number means
// nothing to the app.)
const (
	appID   = "io.github.scrub_project.scrub"
	appName = "scrub"
)

// version is set by a release build (scrub.Version is a variable).
var version = scrub.Version

//go:embed Icon.png
var iconPNG []byte

var icon = fyne.NewStaticResource("Icon.png", iconPNG)

func main() {
	useLanguage()
	paths, exit, done := parseArgs(os.Args[1:], os.Stdout)
	if done {
		os.Exit(exit)
	}
	// Set here rather than read from FyneApp.toml at run time: a plain
	// "go build" binary does not find the file, and the fyneDo migration
	// (all UI updates go through fyne.Do) must hold for every build.
	app.SetMetadata(fyne.AppMetadata{
		ID: appID, Name: appName, Version: version, Icon: icon,
		Migrations: map[string]bool{"fyneDo": true},
	})
	a := app.NewWithID(appID)
	newWindow(a, paths).ShowAndRun()
}

// useLanguage makes the words the app shows those of the user's
// language: SCRUB_LANG, then the locale variables, then the system's
// locale as Fyne reads it (on Windows and macOS there are no variables).
func useLanguage() {
	tag := words.Detect()
	if tag == "" {
		tag = lang.SystemLocale().String()
	}
	words.Use(tag)
}

// newWindow makes the main window with paths added.
func newWindow(a fyne.App, paths []string) fyne.Window {
	a.SetIcon(icon)
	w := a.NewWindow(words.T("app.window.title"))
	u := gui.New(a, w, all.Registry())
	u.SetDesktop(desktop(w))
	w.Resize(gui.DefaultSize)
	u.Add(paths)
	return w
}

// desktop connects the app to the desktop's own file dialog and file
// manager (package native), with w as the window they belong to.
func desktop(w fyne.Window) gui.Desktop {
	// parent identifies w to the desktop. Called off the UI goroutine
	// (the Desktop functions are), it asks the UI goroutine for it.
	parent := func() native.Window {
		var nw native.Window
		fyne.DoAndWait(func() {
			n, ok := w.(driver.NativeWindow)
			if !ok {
				return
			}
			n.RunNative(func(ctx any) {
				switch c := ctx.(type) {
				case driver.X11WindowContext:
					nw.X11 = c.WindowHandle
				case driver.WindowsWindowContext:
					nw.HWND = c.HWND
				}
			})
		})
		return nw
	}
	return gui.Desktop{
		PickFiles: func(title, folder string) ([]string, bool, error) {
			return native.PickFiles(context.Background(), parent(), native.Options{
				Title: title, AcceptLabel: words.T("app.dialog.add"), Folder: folder})
		},
		ShowInFolder: func(path string) error {
			return native.ShowInFolder(context.Background(), parent(), path)
		},
	}
}

// parseArgs returns the paths named by args, decoding file:// URIs (some
// desktops pass those to "Open with"). It handles --help and --version
// itself, and --register or --unregister given alone, and then reports
// done with the exit code.
func parseArgs(args []string, stdout io.Writer) (paths []string, exit int, done bool) {
	if len(args) == 1 && (args[0] == "--register" || args[0] == "--unregister") {
		// Alone: handled before anything else starts (no window opens).
		return nil, runRegister(args[0] == "--register", stdout), true
	}
	opts := true
	for _, a := range args {
		switch {
		case opts && a == "--":
			opts = false
		case opts && (a == "--version" || a == "-version"):
			fmt.Fprintln(stdout, "scrub-gui", version)
			return nil, 0, true
		case opts && (a == "--help" || a == "-help" || a == "-h"):
			fmt.Fprintln(stdout, words.T("app.usage"))
			return nil, 0, true
		case strings.HasPrefix(a, "file://"):
			if u, err := url.Parse(a); err == nil && u.Path != "" {
				paths = append(paths, u.Path)
			} else {
				paths = append(paths, a) // the window reports it as not found
			}
		default:
			paths = append(paths, a)
		}
	}
	return paths, 0, false
}
