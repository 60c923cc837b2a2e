//go:build (gui || ci) && unix && !darwin && !android && !ios

package native

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func pickFiles(ctx context.Context, parent Window, opt Options) ([]string, bool, error) {
	if paths, shown, err := portalPickFiles(ctx, parent, opt); shown {
		return paths, true, err
	}
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return nil, false, nil
	}
	for _, h := range helpers() {
		if _, err := exec.LookPath(h.name); err != nil {
			continue
		}
		return runHelper(ctx, h.name, h.args(opt))
	}
	return nil, false, nil
}

// helper is a program that shows a file dialog and prints the paths
// chosen, one a line.
type helper struct {
	name string
	args func(Options) []string
}

var (
	zenity = helper{"zenity", func(o Options) []string {
		args := []string{"--file-selection", "--multiple", "--separator=\n", "--title=" + o.Title}
		if o.Folder != "" {
			args = append(args, "--filename="+strings.TrimRight(o.Folder, "/")+"/")
		}
		return args
	}}
	kdialog = helper{"kdialog", func(o Options) []string {
		folder := o.Folder
		if folder == "" {
			folder = "."
		}
		return []string{"--title", o.Title, "--getopenfilename", folder, "--multiple", "--separate-output"}
	}}
)

// helpers lists the dialog programs to try, the desktop's own first.
func helpers() []helper {
	if strings.Contains(strings.ToUpper(os.Getenv("XDG_CURRENT_DESKTOP")), "KDE") {
		return []helper{kdialog, zenity}
	}
	return []helper{zenity, kdialog}
}

// runHelper runs a dialog program. Both zenity and kdialog exit with 1
// when the user cancels.
func runHelper(ctx context.Context, name string, args []string) ([]string, bool, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	out, err := cmd.Output()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return splitLines(string(out)), true, nil
	case errors.As(err, &exit) && exit.ExitCode() == 1 && len(out) == 0:
		return nil, true, nil // cancelled
	case ctx.Err() != nil:
		return nil, true, ctx.Err()
	}
	return nil, false, nil
}

// openWait is how long xdg-open is given to say that it failed; one that
// runs longer has started something.
const openWait = 10 * time.Second

func showInFolder(ctx context.Context, parent Window, path string) error {
	if conn, err := sessionBus(ctx); err == nil {
		err1 := showItems(ctx, conn, path)
		if err1 == nil {
			conn.Close()
			return nil
		}
		err2 := portalOpenDirectory(ctx, conn, parent, path)
		conn.Close()
		if err2 == nil {
			return nil
		}
	}
	return xdgOpen(ctx, filepath.Dir(path))
}

// xdgOpen opens dir with xdg-open and waits for it to say whether it
// could: it exits with 0 when it handed the folder on, and with 3 or 4
// when no program could open it.
func xdgOpen(ctx context.Context, dir string) error {
	cmd := exec.Command("xdg-open", dir)
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(openWait):
		return nil // still running: it opened something and waits for it
	case <-ctx.Done():
		return ctx.Err()
	}
}
