package main

import (
	"github.com/rogpeppe/go-internal/testscript"
)

// fixtureCmds are testscript commands that write generated fixtures with
// planted values, and check bytes in outputs.
var fixtureCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){}
