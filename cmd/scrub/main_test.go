package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"scrub": func() { os.Exit(mainExit()) },
	})
}

// TestScripts runs one txtar story per file under testdata: each is a
// regression a reader can follow.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:  "testdata",
		Cmds: fixtureCmds,
		// SCRUB_UPDATE_GOLDEN=1 writes what scrub prints into the
		// expected outputs of failing cmp commands (golden.txtar).
		UpdateScripts: os.Getenv("SCRUB_UPDATE_GOLDEN") != "",
		Setup: func(env *testscript.Env) error {
			env.Setenv("ESC", "--\x1b[31mred")
			return nil
		},
	})
}
