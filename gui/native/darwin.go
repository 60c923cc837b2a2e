//go:build (gui || ci) && darwin

package native

import (
	"context"
	"os/exec"
)

// chooseScript asks for files with AppleScript; cancelling returns
// nothing rather than an error. argv: title, folder ("" for none).
const chooseScript = `on run argv
	try
		if item 2 of argv is "" then
			set chosen to choose file with prompt (item 1 of argv) with multiple selections allowed
		else
			set chosen to choose file with prompt (item 1 of argv) default location (POSIX file (item 2 of argv)) with multiple selections allowed
		end if
	on error number -128
		return ""
	end try
	set out to ""
	repeat with f in chosen
		set out to out & POSIX path of f & linefeed
	end repeat
	return out
end run`

// pickFiles runs AppleScript's file dialog through osascript. Untested:
// scrub is not built or run on macOS in CI.
func pickFiles(ctx context.Context, _ Window, opt Options) ([]string, bool, error) {
	if _, err := exec.LookPath("osascript"); err != nil {
		return nil, false, nil
	}
	out, err := exec.CommandContext(ctx, "osascript", "-e", chooseScript, opt.Title, opt.Folder).Output()
	if err != nil {
		return nil, false, nil
	}
	return splitLines(string(out)), true, nil
}

// showInFolder reveals path in the Finder.
func showInFolder(ctx context.Context, _ Window, path string) error {
	return exec.CommandContext(ctx, "open", "-R", path).Run()
}
