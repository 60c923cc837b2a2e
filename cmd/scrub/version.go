package main

import (
	"context"
	"fmt"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// runVersion is "scrub version".
func runVersion(ctx context.Context, std stdio, args []string) outcome {
	fs := newFlagSet("version")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return flagFailed(std, fs, err)
	}
	if len(rest) > 0 {
		return usage(std, words.T("cli.no-arguments", "version"), "")
	}
	fmt.Fprintln(std.out, "scrub", scrub.Version)
	return outcome{kind: done}
}
