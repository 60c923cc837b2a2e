package main

import (
	"context"
	"fmt"
)

// Placeholders until the hook and mail commands land.

func runHook(ctx context.Context, io stdio, args []string) int {
	fmt.Fprintln(io.err, "scrub: error: not implemented yet")
	return exitUsage
}

func runSendmail(ctx context.Context, io stdio, args []string) int { return runHook(ctx, io, args) }

func runMailfilter(ctx context.Context, io stdio, args []string) int { return runHook(ctx, io, args) }
