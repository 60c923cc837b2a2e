package main

import (
	"os"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/scrub-project/scrub/internal/hostile"
)

func init() {
	fixtureCmds["mkhostile"] = cmdMkhostile
}

// mkhostile CASE FILE writes the file package hostile generates as CASE
// (a zip bomb, a polyglot, …) to FILE.
func cmdMkhostile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkhostile CASE FILE")
	}
	c, ok := hostile.ByName(args[0])
	if !ok {
		ts.Fatalf("no hostile case %q", args[0])
	}
	f, err := os.Create(ts.MkAbs(args[1]))
	ts.Check(err)
	ts.Check(c.Write(f))
	ts.Check(f.Close())
}
