// Command scrub removes identifying metadata from documents and photos:
// Office (OOXML) and OpenDocument files, PDFs, JPEG and PNG images. It
// shows what a file leaks, writes cleaned copies (or replaces files
// atomically, after verifying the cleaned copy), and checks files for hooks.
//
// Run "scrub help" for usage.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() { os.Exit(mainExit()) }

// mainExit runs the command line in os.Args and returns the exit code.
// Ctrl-C (or SIGTERM) cancels the run: files in progress are abandoned
// cleanly; a second Ctrl-C kills at once.
func mainExit() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
}
