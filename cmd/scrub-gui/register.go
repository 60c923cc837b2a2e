//go:build gui || ci

package main

import (
	"fmt"
	"io"

	"github.com/scrub-project/scrub/internal/words"
)

// scrub-gui --register adds the app to the desktop's menu of places to
// send files (Windows: Explorer's "Send to"); --unregister takes it out
// (parseArgs hands them here).

// runRegister registers (or unregisters) the app and says what it did;
// it returns the exit code.
func runRegister(add bool, stdout io.Writer) int {
	var msg string
	var err error
	if add {
		msg, err = register()
	} else {
		msg, err = unregister()
	}
	if err != nil {
		tell(stdout, words.T("platform.register.failed", err), true)
		return 1
	}
	tell(stdout, msg, false)
	return 0
}

// tellStdout writes msg to stdout; tell on Windows shows a message box
// when there is no console to write to.
func tellStdout(stdout io.Writer, msg string) bool {
	_, err := fmt.Fprintln(stdout, msg)
	return err == nil
}
