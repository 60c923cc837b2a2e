//go:build (gui || ci) && !unix && !windows

package native

import (
	"context"
	"errors"
)

func pickFiles(context.Context, Window, Options) ([]string, bool, error) { return nil, false, nil }

func showInFolder(context.Context, Window, string) error {
	return errors.New("no file manager on this system")
}
