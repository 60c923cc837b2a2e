package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	stdlibio "io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/scrub"
)

// Exit codes, decided in exitCode and usage only.
const (
	exitOK          = 0
	exitFound       = 1 // some file refused or failed; check: something identifying found
	exitUsage       = 2 // usage error; check: a file could not be checked
	exitInterrupted = 130
)

type stdio struct {
	in       io.Reader
	out, err io.Writer
}

const usageText = `scrub removes identifying metadata from documents and photos.

Usage:
    scrub inspect [flags] PATH...   show what each file leaks; writes nothing
    scrub clean   [flags] PATH...   write NAME.cleaned.EXT beside each file
    scrub clean -o DIR PATH...      write cleaned copies under DIR, mirroring the input tree
    scrub clean --in-place PATH...  replace each file, only after its cleaned copy verified
    scrub check   [flags] PATH...   for hooks: exit 0 if nothing identifying, 1 if something, 2 on error
    scrub formats                   list what scrub cleans, and what it refuses and why
    scrub hook install [--fix]      refuse git commits of files that leak (pre-commit hook)
    scrub hook uninstall            remove what 'hook install' added
    scrub sendmail [--sendmail CMD] [--allow-unclean] [SENDMAIL ARGS...]
                                    clean a message's attachments, then hand it to sendmail
    scrub mailfilter [--allow-unclean]
                                    clean a message's attachments, stdin to stdout
    scrub version

PATH may be a file or a folder (walked recursively). Symbolic links are never followed.

Flags:
    --json                  print one JSON document on stdout (see README for the schema)
    -j N                    files processed at once (default: the number of CPUs)
    -o DIR                  clean: write under DIR instead of beside the originals
    --in-place              clean: replace the originals (atomically, after verification)
    --force                 clean: overwrite existing outputs
    --fix                   check: clean files in place instead of only reporting them
    --refuse-macros         refuse files with macros (VBA, Basic) instead of removing the macros
    --password-file FILE    open password-protected PDFs with the password in FILE
    --max-size MiB          refuse inputs larger than this (default 2048)
    --max-total MiB         refuse inputs that decompress to more than this (default 2048)
    --max-member MiB        refuse a part, member or stream that decompresses to more than this (default 512)
    --max-depth N           refuse documents nested deeper than this (default 4)
    --max-members N         refuse archives with more members than this (PDFs: thousands of objects; default 20000)
    --timeout DURATION      give up on a file after this long (default 5m)
    --sendmail CMD          sendmail: the real sendmail to run (default "/usr/sbin/sendmail -oi")
    --allow-unclean         sendmail, mailfilter: send attachments that cannot be cleaned as they are

Examples:
    scrub inspect report.docx
    scrub clean ~/Documents/to-send
    scrub clean -o ~/clean-copies photos/ notes.odt
    scrub check --json minutes.pdf

Exit status: 0 all done; 1 some file refused or failed (the others were still
processed); 2 usage error; 130 interrupted. check: 0 nothing identifying, 1
something found, 2 a file could not be checked.
`

// commands maps a command name to its implementation. Each returns the
// process exit code.
var commands = map[string]func(ctx context.Context, io stdio, args []string) int{
	"inspect":    func(ctx context.Context, io stdio, args []string) int { return runFiles(ctx, io, "inspect", args) },
	"clean":      func(ctx context.Context, io stdio, args []string) int { return runFiles(ctx, io, "clean", args) },
	"check":      func(ctx context.Context, io stdio, args []string) int { return runFiles(ctx, io, "check", args) },
	"formats":    runFormats,
	"hook":       runHook,
	"sendmail":   runSendmail,
	"mailfilter": runMailfilter,
	"version": func(ctx context.Context, io stdio, args []string) int {
		fmt.Fprintln(io.out, "scrub", scrub.Version)
		return exitOK
	},
}

func run(ctx context.Context, args []string, io stdio) int {
	if len(args) == 0 {
		fmt.Fprint(io.err, usageText)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(io.out, usageText)
		return exitOK
	case "--version", "-version":
		name = "version"
	}
	cmd, ok := commands[name]
	if !ok {
		shown := scrub.Escape(name, 80)
		if _, err := os.Lstat(name); err == nil || filepath.Ext(name) != "" {
			return usage(io, fmt.Sprintf("%q is not a command", shown), fmt.Sprintf("did you mean 'scrub inspect %s'?", shown))
		}
		return usage(io, fmt.Sprintf("unknown command %q", shown), suggest(name))
	}
	return cmd(ctx, io, args[1:])
}

// suggest returns a "did you mean" hint for a mistyped command.
func suggest(name string) string {
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.HasPrefix(n, name) || strings.HasPrefix(name, n) || editDistance(n, name) <= 2 {
			return fmt.Sprintf("did you mean 'scrub %s'?", n)
		}
	}
	return "run 'scrub help' for the list of commands"
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

// usage prints a usage error with an optional hint and returns exitUsage.
func usage(io stdio, msg, hint string) int {
	fmt.Fprintf(io.err, "scrub: error: %s\n", msg)
	if hint != "" {
		fmt.Fprintf(io.err, "scrub: hint: %s\n", hint)
	}
	return exitUsage
}

// flagError is a command-line problem found while parsing flags, in
// scrub's own voice (the flag package's messages print values raw).
type flagError struct{ msg, hint string }

func (e *flagError) Error() string { return e.msg }

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
		if fs.Lookup(name) == nil {
			return nil, &flagError{"unknown flag " + scrub.Escape(a, 80),
				fmt.Sprintf("run 'scrub help %s' for its flags; to name a file that starts with '-', write ./%s or put -- before it", strings.TrimPrefix(fs.Name(), "scrub "), scrub.Escape(a, 80))}
		}
		if _, err := os.Lstat(a); err == nil {
			return nil, &flagError{fmt.Sprintf("%s is a flag and also the name of a file in this folder", scrub.Escape(a, 80)),
				"if you meant the files (as a shell's * gives them), write ./* instead of *, or put -- before the file names"}
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &flagError{scrub.Escape(err.Error(), 200), fmt.Sprintf("run 'scrub help %s' for its flags", strings.TrimPrefix(fs.Name(), "scrub "))}
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

// flagFailed prints a parse error (or the help for flag.ErrHelp) and
// returns the exit code.
func flagFailed(io stdio, err error) int {
	var fe *flagError
	if errors.As(err, &fe) {
		return usage(io, fe.msg, fe.hint)
	}
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(io.out, usageText)
		return exitOK
	}
	return usage(io, scrub.Escape(err.Error(), 200), "")
}

// fileFlags are the flags of inspect, clean and check.
type fileFlags struct {
	json, inPlace, force, fix, refuseMacros bool
	jobs                                    int
	outDir, passwordFile                    string
	maxSize, maxTotal, maxMember            int64
	maxDepth, maxMembers                    int
	timeout                                 time.Duration
}

func newFlagSet(name string, io stdio) *flag.FlagSet {
	fs := flag.NewFlagSet("scrub "+name, flag.ContinueOnError)
	fs.SetOutput(stdlibio.Discard) // scrub prints its own messages (flagFailed)
	return fs
}

func runFiles(ctx context.Context, io stdio, cmd string, args []string) int {
	var f fileFlags
	fs := newFlagSet(cmd, io)
	fs.BoolVar(&f.json, "json", false, "")
	fs.IntVar(&f.jobs, "j", 0, "")
	fs.BoolVar(&f.refuseMacros, "refuse-macros", false, "")
	fs.StringVar(&f.passwordFile, "password-file", "", "")
	fs.Int64Var(&f.maxSize, "max-size", 0, "")
	fs.Int64Var(&f.maxTotal, "max-total", 0, "")
	fs.Int64Var(&f.maxMember, "max-member", 0, "")
	fs.IntVar(&f.maxDepth, "max-depth", 0, "")
	fs.IntVar(&f.maxMembers, "max-members", 0, "")
	fs.DurationVar(&f.timeout, "timeout", 0, "")
	if cmd == "clean" {
		fs.StringVar(&f.outDir, "o", "", "")
		fs.BoolVar(&f.inPlace, "in-place", false, "")
		fs.BoolVar(&f.force, "force", false, "")
	}
	if cmd == "check" {
		fs.BoolVar(&f.fix, "fix", false, "")
	}
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return flagFailed(io, err)
	}

	// Every flag conflict is decided here, each with a hint.
	switch {
	case len(paths) == 0:
		return usage(io, "no files or folders given", fmt.Sprintf("scrub %s FILE-OR-FOLDER...", cmd))
	case f.inPlace && f.outDir != "":
		return usage(io, "-o and --in-place cannot be used together", "choose one: cleaned copies under a folder (-o DIR), or replaced originals (--in-place)")
	case f.inPlace && f.force:
		return usage(io, "--force has no meaning with --in-place", "drop --force: --in-place always replaces the original")
	case f.jobs < 0:
		return usage(io, "-j must be at least 1", "")
	case f.maxSize < 0 || f.maxTotal < 0 || f.maxMember < 0 || f.maxDepth < 0 || f.maxMembers < 0 || f.timeout < 0:
		return usage(io, "limits must be positive", "")
	}
	policy := scrub.Policy{RefuseMacros: f.refuseMacros}
	if f.passwordFile != "" {
		pw, err := readPassword(ctx, f.passwordFile)
		if errors.Is(err, context.Canceled) {
			return exitInterrupted
		}
		if err != nil {
			return usage(io, scrub.Escape(err.Error(), 200), "")
		}
		policy.Password = pw
	}
	e := &scrub.Engine{
		Registry: all.Registry(),
		Policy:   policy,
		Jobs:     f.jobs,
		// Lines are still printed in the folder's order (report.go).
		BiggestFirst: true,
		Limits: scrub.Limits{
			MaxInputSize:  f.maxSize << 20,
			MaxTotalSize:  f.maxTotal << 20,
			MaxMemberSize: f.maxMember << 20,
			MaxDepth:      f.maxDepth,
			MaxMembers:    f.maxMembers,
			Timeout:       f.timeout,
		},
	}

	var opt scrub.CleanOptions
	planOpt := scrub.PlanOptions{}
	if cmd == "clean" {
		opt = scrub.CleanOptions{OutDir: f.outDir, InPlace: f.inPlace, Force: f.force}
		if f.outDir != "" {
			planOpt.Exclude = []string{f.outDir}
		}
	}
	if cmd == "check" && f.fix {
		opt = scrub.CleanOptions{InPlace: true}
	}
	plan := scrub.NewPlan(paths, planOpt)
	rep := newReporter(io, cmd, f, len(plan.Targets))
	var runErr error
	if cmd == "clean" || (cmd == "check" && f.fix) {
		runErr = e.Clean(ctx, plan, opt, rep.add)
	} else {
		runErr = e.Inspect(ctx, plan, rep.add)
	}
	interrupted := errors.Is(runErr, context.Canceled)
	if runErr != nil && !interrupted {
		fmt.Fprintf(io.err, "scrub: error: %s\n", scrub.Escape(runErr.Error(), 0))
		return exitUsage
	}
	code := exitCode(cmd, f.fix, rep.sum, interrupted)
	rep.finish(code)
	return code
}

// exitCode is the one place where the exit status of a file command is
// decided.
func exitCode(cmd string, fix bool, s summary, interrupted bool) int {
	switch {
	case interrupted:
		return exitInterrupted
	case cmd == "check" && !fix && s.Dirty > 0:
		return exitFound // what was found matters more than what could not be read
	case cmd == "check" && s.Refused+s.Failed > 0:
		return exitUsage
	case s.Refused+s.Failed > 0:
		return exitFound
	}
	return exitOK
}

// maxPassword bounds what is read from a password file: /dev/zero or a
// huge file named by mistake must not fill the memory.
const maxPassword = 4 << 10

// readPassword reads the first line of path, at most maxPassword bytes.
// Opening a FIFO blocks until a writer comes: ctx (Ctrl-C) still ends the
// wait.
func readPassword(ctx context.Context, path string) (string, error) {
	type result struct {
		b   []byte
		err error
	}
	ch := make(chan result, 1)
	go func() {
		f, err := os.Open(path)
		if err != nil {
			ch <- result{nil, err}
			return
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxPassword+1))
		ch <- result{b, err}
	}()
	var res result
	select {
	case res = <-ch:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	if res.err != nil {
		return "", fmt.Errorf("reading the password file: %w", res.err)
	}
	pw, _, found := strings.Cut(string(res.b), "\n")
	if !found && len(res.b) > maxPassword {
		return "", fmt.Errorf("the password file has no line break in its first %d bytes: is it the right file?", maxPassword)
	}
	return strings.TrimSuffix(pw, "\r"), nil
}

func runFormats(ctx context.Context, io stdio, args []string) int {
	fs := newFlagSet("formats", io)
	asJSON := fs.Bool("json", false, "")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return flagFailed(io, err)
	}
	if len(rest) > 0 {
		return usage(io, "formats takes no arguments", "")
	}
	formats := all.Registry().Formats()
	if *asJSON {
		return writeJSON(io, struct {
			Version string         `json:"version"`
			Formats []scrub.Format `json:"formats"`
		}{scrub.Version, formats})
	}
	fmt.Fprintln(io.out, "Cleaned:")
	refusedHeader := false
	for _, f := range formats {
		if f.Refused != "" && !refusedHeader {
			fmt.Fprintln(io.out, "\nRefused (recognised, but scrub cannot clean them):")
			refusedHeader = true
		}
		fmt.Fprintf(io.out, "  %-6s %-28s %s\n", f.Name, strings.Join(f.Extensions, " "), f.Description)
		if f.Refused != "" {
			fmt.Fprintf(io.out, "         why: %s\n", f.Refused)
			if f.Hint != "" {
				fmt.Fprintf(io.out, "         instead: %s\n", f.Hint)
			}
		}
	}
	fmt.Fprintln(io.out, "\nAnything else is refused as unknown. Files are recognised by their content, not their name.")
	return exitOK
}
