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
	_ "embed"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/gui"
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
	paths, done := parseArgs(os.Args[1:], os.Stdout)
	if done {
		return
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

// newWindow makes the main window with paths added.
func newWindow(a fyne.App, paths []string) fyne.Window {
	a.SetIcon(icon)
	w := a.NewWindow("scrub: remove hidden data from files")
	u := gui.New(a, w, all.Registry())
	w.Resize(fyne.NewSize(900, 600))
	u.Add(paths)
	return w
}

// parseArgs returns the paths named by args, decoding file:// URIs (some
// desktops pass those to "Open with"). It handles --help and --version
// itself and then reports done.
func parseArgs(args []string, stdout io.Writer) (paths []string, done bool) {
	opts := true
	for _, a := range args {
		switch {
		case opts && a == "--":
			opts = false
		case opts && (a == "--version" || a == "-version"):
			fmt.Fprintln(stdout, "scrub-gui", version)
			return nil, true
		case opts && (a == "--help" || a == "-help" || a == "-h"):
			fmt.Fprintln(stdout, "usage: scrub-gui [FILE|FOLDER]...\n\nOpens scrub's window with the files and folders added.")
			return nil, true
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
	return paths, false
}
