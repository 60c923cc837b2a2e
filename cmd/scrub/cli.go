package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// stdio is where a command reads and writes.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// A command runs with the arguments after its name and says how it ended;
// exitCode (exit.go) turns that into the exit status.
type command func(ctx context.Context, std stdio, args []string) outcome

// commands maps a command name to its implementation, one file each:
// inspect, clean and check share the runner in files.go.
var commands map[string]command

func init() {
	commands = map[string]command{
		"inspect": func(ctx context.Context, std stdio, args []string) outcome {
			return runFiles(ctx, std, "inspect", args)
		},
		"clean":      func(ctx context.Context, std stdio, args []string) outcome { return runFiles(ctx, std, "clean", args) },
		"check":      func(ctx context.Context, std stdio, args []string) outcome { return runFiles(ctx, std, "check", args) },
		"formats":    runFormats,
		"hook":       runHook,
		"sendmail":   runSendmail,
		"mailfilter": runMailfilter,
		"version":    runVersion,
		"help":       runHelp,
	}
}

// run runs the command line args and returns the exit status.
func run(ctx context.Context, args []string, std stdio) int {
	return exitCode(dispatch(ctx, args, std))
}

func dispatch(ctx context.Context, args []string, std stdio) outcome {
	if len(args) == 0 {
		fmt.Fprint(std.err, words.T("help.usage"))
		return outcome{kind: usageError}
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "--version", "-version":
		name = "version"
	}
	cmd, ok := commands[name]
	if !ok {
		shown := scrub.Escape(name, 80)
		if _, err := os.Lstat(name); err == nil || filepath.Ext(name) != "" {
			return usage(std, words.T("cli.not-a-command", shown), words.T("cli.hint.did-you-mean", "inspect "+shown))
		}
		return usage(std, words.T("cli.unknown-command", shown), suggest(name))
	}
	return cmd(ctx, std, args[1:])
}

// commandNames returns the commands, sorted.
func commandNames() []string {
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// suggest returns a "did you mean" hint for a mistyped command.
func suggest(name string) string {
	for _, n := range commandNames() {
		if strings.HasPrefix(n, name) || strings.HasPrefix(name, n) || editDistance(n, name) <= 2 {
			return words.T("cli.hint.did-you-mean", n)
		}
	}
	return words.T("cli.hint.help")
}

func editDistance(a, b string) int {
	d := make([]int, len(b)+1)
	for j := range d {
		d[j] = j
	}
	for i := 1; i <= len(a); i++ {
		prev := d[0]
		d[0] = i
		for j := 1; j <= len(b); j++ {
			cur := d[j]
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[j] = min(d[j]+1, d[j-1]+1, prev+cost)
			prev = cur
		}
	}
	return d[len(b)]
}

// scrub's voice (age's): stderr, a "scrub:" prefix, lower case, no final
// period. The words come from the catalogue (internal/words).

func sayError(w io.Writer, msg string) { fmt.Fprintln(w, words.T("voice.error", msg)) }
func sayHint(w io.Writer, msg string)  { fmt.Fprintln(w, words.T("voice.hint", msg)) }
func sayWarn(w io.Writer, msg string)  { fmt.Fprintln(w, words.T("voice.warning", msg)) }
func say(w io.Writer, msg string)      { fmt.Fprintln(w, words.T("voice.note", msg)) }

// usage prints a usage error with an optional hint.
func usage(std stdio, msg, hint string) outcome {
	sayError(std.err, msg)
	if hint != "" {
		sayHint(std.err, hint)
	}
	return outcome{kind: usageError}
}

// failure prints an error that ends a command before it could do its work
// (git missing, a message that cannot be read) and returns usageError or,
// for an interruption, interrupted.
func failure(std stdio, err error) outcome {
	if errors.Is(err, context.Canceled) {
		return outcome{kind: interrupted}
	}
	sayError(std.err, scrub.Escape(err.Error(), 0))
	return outcome{kind: usageError}
}

// flagError is a command-line problem found while parsing flags, in
// scrub's own voice (the flag package's messages print values raw).
type flagError struct{ msg, hint string }

func (e *flagError) Error() string { return e.msg }

// commandOf returns the command a flag set belongs to ("scrub hook
// install" -> "hook").
func commandOf(fs *flag.FlagSet) string {
	name := strings.TrimPrefix(fs.Name(), "scrub ")
	name, _, _ = strings.Cut(name, " ")
	return name
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments; everything after "--" is positional. It returns a
// *flagError for an unknown flag, a bad value, or a flag that is also the
// name of a file here (a shell's * expands to every name in the folder,
// so a file called --in-place would become the flag), and flag.ErrHelp.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var tail []string
	for i, a := range args {
		if a == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	value := false // the previous argument was a flag that takes a value
	for _, a := range args {
		if value || len(a) < 2 || a[0] != '-' {
			value = false
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if f := fs.Lookup(name); f != nil && !hasValue {
			b, isBool := f.Value.(interface{ IsBoolFlag() bool })
			value = !isBool || !b.IsBoolFlag()
		}
		if name == "h" || name == "help" {
			return nil, flag.ErrHelp
		}
		shown := scrub.Escape(a, 80)
		if fs.Lookup(name) == nil {
			return nil, &flagError{words.T("cli.flag.unknown", shown), words.T("cli.flag.unknown.hint", commandOf(fs), shown)}
		}
		if _, err := os.Lstat(a); err == nil {
			return nil, &flagError{words.T("cli.flag.is-file", shown), words.T("cli.flag.is-file.hint")}
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &flagError{scrub.Escape(err.Error(), 200), words.T("cli.hint.help-command", commandOf(fs))}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	return append(pos, tail...), nil
}

// flagFailed prints a parse error, or the command's help for
// flag.ErrHelp.
func flagFailed(std stdio, fs *flag.FlagSet, err error) outcome {
	var fe *flagError
	if errors.As(err, &fe) {
		return usage(std, fe.msg, fe.hint)
	}
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(std.out, commandHelp(commandOf(fs)))
		return outcome{kind: done}
	}
	return usage(std, scrub.Escape(err.Error(), 200), "")
}

func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("scrub "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // scrub prints its own messages (flagFailed)
	return fs
}
