package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// runFormats is "scrub formats [--json]": what scrub cleans, and what it
// refuses and why.
func runFormats(ctx context.Context, std stdio, args []string) outcome {
	fs := newFlagSet("formats")
	asJSON := fs.Bool("json", false, "")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return flagFailed(std, fs, err)
	}
	if len(rest) > 0 {
		return usage(std, words.T("cli.no-arguments", "formats"), "")
	}
	formats := all.Registry().Formats()
	if *asJSON {
		return writeJSON(std, struct {
			Version string         `json:"version"`
			Formats []scrub.Format `json:"formats"`
		}{scrub.Version, formats})
	}
	fmt.Fprintln(std.out, words.T("formats.cleaned"))
	refusedHeader := false
	for _, f := range formats {
		if f.Refused != "" && !refusedHeader {
			fmt.Fprintln(std.out, "\n"+words.T("formats.refused"))
			refusedHeader = true
		}
		fmt.Fprintf(std.out, "  %-6s %-28s %s\n", f.Name, strings.Join(f.Extensions, " "), f.Description)
		if f.Refused != "" {
			fmt.Fprintln(std.out, "         "+words.T("formats.why", f.Refused))
			if f.Hint != "" {
				fmt.Fprintln(std.out, "         "+words.T("formats.instead", f.Hint))
			}
		}
	}
	fmt.Fprintln(std.out, "\n"+words.T("formats.unknown"))
	return outcome{kind: done}
}
