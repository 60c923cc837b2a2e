//go:build (gui || ci) && !windows

package main

import (
	"errors"
	"io"
	"os"

	"github.com/scrub-project/scrub/internal/words"
)

// On Linux, "Open with" comes from the .desktop file that the release's
// install.sh puts in place; macOS offers every app under "Open With".
func register() (string, error) {
	return "", errors.New(words.T("platform.register.elsewhere"))
}

func unregister() (string, error) { return register() }

func tell(stdout io.Writer, msg string, isErr bool) {
	if isErr {
		stdout = os.Stderr
	}
	tellStdout(stdout, msg)
}
