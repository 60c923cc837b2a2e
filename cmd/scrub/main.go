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

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first Ctrl-C, the next one kills at once.
		<-ctx.Done()
		stop()
	}()
	os.Exit(run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}))
}
