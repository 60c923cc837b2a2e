package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
		Condition:     condition,
		Setup: func(env *testscript.Env) error {
			env.Setenv("ESC", "--\x1b[31mred")
			return nil
		},
	})
}

// condition adds [git-send-email] (git's send-email is installed) to the
// conditions scripts can test.
func condition(cond string) (bool, error) {
	if cond != "git-send-email" {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	out, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		return false, nil
	}
	_, err = os.Stat(filepath.Join(strings.TrimSpace(string(out)), "git-send-email"))
	return err == nil, nil
}
