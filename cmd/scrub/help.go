package main

import (
	"context"
	"fmt"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// runHelp is "scrub help [COMMAND]": the overview, or one command's flags
// and examples (the same text as "scrub COMMAND --help").
func runHelp(ctx context.Context, std stdio, args []string) outcome {
	switch len(args) {
	case 0:
		fmt.Fprint(std.out, words.T("help.usage"))
		return outcome{kind: done}
	case 1:
		name := args[0]
		if _, ok := commands[name]; !ok {
			return usage(std, words.T("cli.unknown-command", scrub.Escape(name, 80)), suggest(name))
		}
		fmt.Fprint(std.out, commandHelp(name))
		return outcome{kind: done}
	}
	return usage(std, words.T("cli.help.one"), words.T("cli.hint.help"))
}

// commandHelp returns a command's help: what it does, its flags and
// examples.
func commandHelp(name string) string { return words.T("help." + name) }
