package main

import (
	"context"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// runMailfilter is "scrub mailfilter [flags]": a message from stdin to
// stdout.
func runMailfilter(ctx context.Context, std stdio, args []string) outcome {
	var f mailFlags
	fs := newFlagSet("mailfilter")
	fs.BoolVar(&f.allowUnclean, "allow-unclean", false, "")
	fs.BoolVar(&f.allowReview, "allow-review", false, "")
	fs.BoolVar(&f.refuseMacros, "refuse-macros", false, "")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return flagFailed(std, fs, err)
	}
	if len(rest) > 0 {
		return usage(std, words.T("mail.filter.no-files"), words.T("mail.filter.no-files.hint"))
	}
	out, o := filterMessage(ctx, std, f, words.T("mail.nothing-written"))
	if o.kind != done {
		return o
	}
	if _, err := std.out.Write(out); err != nil {
		sayError(std.err, words.T("mail.write-failed", scrub.Escape(err.Error(), 0)))
		return outcome{kind: notDone}
	}
	return outcome{kind: done}
}
