// Command scrub removes identifying metadata from documents, photos,
// videos and recordings ("scrub formats" lists them). It says in plain
// words what a file reveals, writes cleaned copies (or replaces files
// atomically, after verifying the cleaned copy), checks files for hooks,
// and cleans the attachments of mail on its way out.
//
// One file per command: inspect, clean and check share the runner in
// files.go; hook.go, sendmail.go, mailfilter.go, formats.go, version.go
// and help.go are the others. What a file's findings come to is written
// once (listing.go), and the exit status decided once (exit.go).
//
// Run "scrub help" for usage.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/scrub-project/scrub/internal/words"
)

func main() {
	// scrub's live memory is mostly pictures in flight and the buffers
	// kept for the next ones (formats/internal/bufpool), and there is
	// little garbage: collecting at 50% growth instead of 100% keeps the
	// peak of a folder of photo-heavy documents under 200 MB at no cost
	// in time. GOGC set by the user wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	os.Exit(mainExit())
}

// mainExit runs the command line in os.Args and returns the exit code.
// Ctrl-C (or SIGTERM, or SIGHUP) cancels the run: files in progress are abandoned
// cleanly; a second Ctrl-C kills at once.
func mainExit() int {
	// Closing the terminal (SIGHUP) is an interruption too: files in
	// progress are abandoned and their temporary files removed.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	// scrub speaks the user's language (SCRUB_LANG, LC_ALL, LC_MESSAGES,
	// LANG), English where its catalogue has no words.
	words.Use(words.Detect())
	go func() {
		<-ctx.Done()
		stop()
	}()
	return run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
}
