package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/githook"
	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// runHook is "scrub hook install [--fix]", "scrub hook uninstall", and
// "scrub hook run [--fix]", which the installed hook runs.
func runHook(ctx context.Context, std stdio, args []string) outcome {
	if len(args) == 0 {
		return usage(std, words.T("hook.no-subcommand"), words.T("hook.subcommands"))
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("hook " + sub)
	fix := false
	switch sub {
	case "install", "run":
		fs.BoolVar(&fix, "fix", false, "")
	case "uninstall":
	case "-h", "--help", "help":
		fmt.Fprint(std.out, commandHelp("hook"))
		return outcome{kind: done}
	default:
		return usage(std, words.T("hook.unknown-subcommand", scrub.Escape(sub, 80)), words.T("hook.subcommands"))
	}
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return flagFailed(std, fs, err)
	}
	if len(rest) > 0 {
		return usage(std, words.T("hook.no-files", sub), words.T("hook.no-files.hint"))
	}
	switch sub {
	case "install":
		return hookInstall(ctx, std, fix)
	case "uninstall":
		return hookUninstall(ctx, std)
	}
	return hookRun(ctx, std, fix)
}

// gitFailure prints an error from githook with the matching hint.
func gitFailure(std stdio, err error) outcome {
	switch {
	case errors.Is(err, githook.ErrNotRepository):
		return usage(std, words.T("hook.not-repository"), words.T("hook.not-repository.hint"))
	case errors.Is(err, exec.ErrNotFound):
		return usage(std, words.T("hook.no-git"), "")
	}
	return failure(std, err)
}

func hookInstall(ctx context.Context, std stdio, fix bool) outcome {
	self, warn := selfPath()
	res, err := githook.Install(ctx, ".", githook.Options{Fix: fix, Scrub: self})
	if err != nil {
		return gitFailure(std, err)
	}
	hook := displayPath(res.Hook)
	say(std.out, words.T("hook.install."+string(res.Action), hook))
	if res.Action == githook.Chained {
		say(std.out, words.T("hook.install.chained-to", displayPath(res.Chained)))
	}
	if fix {
		say(std.out, words.T("hook.install.fix"))
	} else {
		say(std.out, words.T("hook.install.refuse"))
	}
	if res.Note != "" {
		sayWarn(std.err, scrub.Escape(res.Note, 0))
	}
	if res.SharedPath != "" {
		sayWarn(std.err, words.T("hook.install.shared", scrub.Escape(res.SharedPath, 0)))
	}
	if warn != "" {
		sayWarn(std.err, warn)
	}
	return outcome{kind: done}
}

func hookUninstall(ctx context.Context, std stdio) outcome {
	res, err := githook.Uninstall(ctx, ".")
	if err != nil {
		return gitFailure(std, err)
	}
	say(std.out, words.T("hook.uninstall."+string(res.Action), displayPath(res.Hook)))
	if res.Note != "" {
		sayWarn(std.err, scrub.Escape(res.Note, 0))
	}
	return outcome{kind: done}
}

// selfPath returns the absolute path the hook should run scrub by: the
// name the user ran it by, resolved on PATH, if that is this program (so
// that a symbolic link that survives upgrades is kept), else this program.
// It returns "" and a warning when this program is a temporary build.
func selfPath() (string, string) {
	exe, err := os.Executable()
	if err != nil {
		return "", words.T("hook.self.unknown")
	}
	if strings.Contains(exe, string(filepath.Separator)+"go-build") {
		return "", words.T("hook.self.go-run")
	}
	arg0 := os.Args[0]
	if !strings.ContainsRune(arg0, filepath.Separator) {
		if p, err := exec.LookPath(arg0); err == nil {
			arg0 = p
		}
	}
	if abs, err := filepath.Abs(arg0); err == nil {
		a, aerr := os.Stat(abs)
		b, berr := os.Stat(exe)
		if aerr == nil && berr == nil && os.SameFile(a, b) {
			return abs, ""
		}
	}
	return exe, ""
}

// displayPath shortens p relative to the current folder when it is below
// it.
func displayPath(p string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
			p = rel
		}
	}
	return scrub.Escape(p, 0)
}

// userPath returns p, a slash-separated path relative to the top of the
// working tree, relative to the folder the user ran git in instead (git
// tells hooks which in GIT_PREFIX), so that the commands scrub suggests
// work where the user is.
func userPath(p string) string {
	prefix := os.Getenv("GIT_PREFIX")
	if prefix == "" {
		return p
	}
	rel, err := filepath.Rel(filepath.FromSlash(prefix), filepath.FromSlash(p))
	if err != nil {
		return p
	}
	return filepath.ToSlash(rel)
}

// shellWord quotes a path for a command the user may copy.
func shellWord(p string) string {
	if strings.HasPrefix(p, "-") {
		p = "./" + p
	}
	if p != "" && strings.Trim(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./+-,:@%") == "" {
		return p
	}
	return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
}

// shellWords quotes paths (relative to the top of the working tree) for a
// command the user may copy, relative to where they are.
func shellWords(paths []string) string {
	var ws []string
	for _, p := range paths {
		ws = append(ws, shellWord(userPath(p)))
	}
	return scrub.Escape(strings.Join(ws, " "), 0)
}

func newEngine(refuseMacros bool) *scrub.Engine {
	return &scrub.Engine{Registry: all.Registry(), Policy: scrub.Policy{RefuseMacros: refuseMacros}}
}

// hookRun is what the installed hook runs: it checks the staged content of
// every staged file (the working copy may differ) and refuses the commit
// if one leaks, keeps a fake redaction, or cannot be checked. With fix,
// leaking files are cleaned in place and staged again, when their working
// copy is exactly what is staged; otherwise the commit is refused. What a
// file keeps that must be checked (speaker notes, hidden slides) is said,
// and does not stop the commit.
func hookRun(ctx context.Context, std stdio, fix bool) outcome {
	top, err := githook.TopLevel(ctx, ".")
	if err != nil {
		return gitFailure(std, err)
	}
	entries, err := githook.Staged(ctx, top)
	if err != nil {
		return gitFailure(std, err)
	}
	if len(entries) == 0 {
		return outcome{kind: done}
	}
	gitDir, err := githook.GitDir(ctx, top)
	if err != nil {
		return gitFailure(std, err)
	}
	tmp, err := os.MkdirTemp(gitDir, "scrub-hook-")
	if err != nil {
		return gitFailure(std, err)
	}
	defer os.RemoveAll(tmp)
	files, err := githook.Extract(ctx, top, entries, tmp)
	if err != nil {
		return gitFailure(std, err)
	}

	e := newEngine(false)
	plan := &scrub.Plan{}
	for _, f := range files {
		plan.Targets = append(plan.Targets, scrub.Target{Path: f, Root: f})
	}
	results := make([]scrub.Result, len(files))
	runErr := e.Inspect(ctx, plan, func(r scrub.Result) {
		if r.Index >= 0 {
			r.Path = scrub.Escape(userPath(entries[r.Index].Path), 0)
			results[r.Index] = r
		}
	})
	if errors.Is(runErr, context.Canceled) {
		say(std.err, words.T("hook.interrupted"))
		return outcome{kind: interrupted}
	}

	var dirty, fake []int
	failed := 0
	for i, r := range results {
		v := words.Summarize(r.Format, r.Findings)
		switch {
		case v.Remove > 0:
			dirty = append(dirty, i)
		case r.Status == scrub.StatusRefused || r.Status == scrub.StatusFailed:
			failed++
			r.Hint = hintFor(r)
			printNotProcessed(std.err, r)
			continue
		}
		if v.Serious {
			fake = append(fake, i)
		}
		if !fix || v.Remove == 0 {
			printLeaks(std.err, r.Path, r, v, false)
		} else {
			printReview(std.err, r.Path, v)
		}
	}
	left := dirty // dirty files still staged dirty
	if fix {
		left = hookFix(ctx, std, e, top, entries, results, dirty)
	}
	if len(left) == 0 && failed == 0 && len(fake) == 0 {
		return outcome{kind: done}
	}
	if len(left) > 0 {
		var paths []string
		for _, i := range left {
			paths = append(paths, entries[i].Path)
		}
		list := shellWords(paths)
		sayError(std.err, words.N("hook.refused.leak", len(left)))
		sayHint(std.err, words.T("hook.refused.leak.hint", list, list))
		if !fix {
			sayHint(std.err, words.T("hook.refused.leak.fix"))
		}
	}
	if len(fake) > 0 {
		sayError(std.err, words.N("hook.refused.fake-redaction", len(fake)))
	}
	if failed > 0 {
		sayError(std.err, words.N("hook.refused.unchecked", failed))
	}
	if failed > 0 || len(fake) > 0 {
		sayHint(std.err, words.T("hook.refused.no-verify"))
	}
	return outcome{kind: notDone}
}

// hookFix cleans the dirty staged files in place and stages them again, and
// returns those it could not.
func hookFix(ctx context.Context, std stdio, e *scrub.Engine, top string, entries []githook.Entry, results []scrub.Result, dirty []int) []int {
	var left []int
	plan := &scrub.Plan{}
	var planned []int
	for _, i := range dirty {
		path := results[i].Path
		ok, err := githook.WorkingCopyMatches(ctx, top, entries[i])
		if err != nil {
			sayError(std.err, words.T("cli.where", path, scrub.Escape(err.Error(), 0)))
			left = append(left, i)
			continue
		}
		if !ok {
			sayError(std.err, words.T("hook.fix.differs", path))
			left = append(left, i)
			continue
		}
		p := filepath.Join(top, filepath.FromSlash(entries[i].Path))
		plan.Targets = append(plan.Targets, scrub.Target{Path: p, Root: p})
		planned = append(planned, i)
	}
	var cleaned []string
	err := e.Clean(ctx, plan, scrub.CleanOptions{InPlace: true}, func(r scrub.Result) {
		if r.Index < 0 {
			return
		}
		i := planned[r.Index]
		r.Path = results[i].Path
		switch r.Status {
		case scrub.StatusCleaned:
			say(std.err, words.T("hook.fix.cleaned", r.Path, revealed(words.Summarize(r.Format, r.Findings))))
			cleaned = append(cleaned, entries[i].Path)
		default:
			r.Hint = hintFor(r)
			printNotProcessed(std.err, r)
			left = append(left, i)
		}
	})
	if err == nil && len(cleaned) > 0 {
		err = githook.Add(ctx, top, cleaned)
		if errors.Is(err, githook.ErrPartialIndex) {
			// The commit is clean; the index git keeps afterwards is not.
			sayWarn(std.err, words.T("hook.fix.partial-index"))
			sayHint(std.err, words.T("hook.fix.partial-index.hint", shellWords(cleaned)))
			err = nil
		}
	}
	if err != nil {
		failure(std, err)
		return dirty
	}
	return left
}
