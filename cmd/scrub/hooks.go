package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/githook"
	"github.com/scrub-project/scrub/mailfilter"
	"github.com/scrub-project/scrub/scrub"
)

// ---- scrub hook ----

func runHook(ctx context.Context, io stdio, args []string) int {
	if len(args) == 0 {
		return usage(io, "hook needs a subcommand", "scrub hook install [--fix], or scrub hook uninstall")
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("hook "+sub, io)
	fix := false
	switch sub {
	case "install", "run":
		fs.BoolVar(&fix, "fix", false, "")
	case "uninstall":
	default:
		return usage(io, fmt.Sprintf("unknown hook subcommand %q", sub), "scrub hook install [--fix], or scrub hook uninstall")
	}
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return flagFailed(io, err)
	}
	if len(rest) > 0 {
		return usage(io, fmt.Sprintf("hook %s takes no file names", sub), "run it inside the git repository to protect; the hook checks the files each commit stages")
	}
	switch sub {
	case "install":
		return hookInstall(ctx, io, fix)
	case "uninstall":
		return hookUninstall(ctx, io)
	}
	return hookRun(ctx, io, fix)
}

// gitFailure prints an error from githook with the matching hint.
func gitFailure(io stdio, err error) int {
	switch {
	case errors.Is(err, githook.ErrNotRepository):
		return usage(io, "not in a git repository", "run it inside the repository you want to protect (or 'git init' one first)")
	case errors.Is(err, exec.ErrNotFound):
		return usage(io, "git is not installed, or not on PATH", "")
	}
	fmt.Fprintf(io.err, "scrub: error: %s\n", scrub.Escape(err.Error(), 0))
	return exitUsage
}

func hookInstall(ctx context.Context, io stdio, fix bool) int {
	self, warn := selfPath()
	res, err := githook.Install(ctx, ".", githook.Options{Fix: fix, Scrub: self})
	if err != nil {
		return gitFailure(io, err)
	}
	hook := displayPath(res.Hook)
	switch res.Action {
	case githook.Created:
		fmt.Fprintf(io.out, "scrub: installed the pre-commit hook %s\n", hook)
	case githook.Inserted:
		fmt.Fprintf(io.out, "scrub: added scrub to your pre-commit hook %s: it runs first, then the rest of your hook\n", hook)
	case githook.Chained:
		fmt.Fprintf(io.out, "scrub: installed the pre-commit hook %s\n", hook)
		fmt.Fprintf(io.out, "scrub: your previous hook is now %s and runs after scrub\n", displayPath(res.Chained))
	case githook.Updated:
		fmt.Fprintf(io.out, "scrub: updated the pre-commit hook %s\n", hook)
	case githook.Unchanged:
		fmt.Fprintf(io.out, "scrub: the pre-commit hook %s is already installed\n", hook)
	}
	if fix {
		fmt.Fprintln(io.out, "scrub: staged files that leak identifying data will be cleaned in place and staged again")
	} else {
		fmt.Fprintln(io.out, "scrub: commits of files that leak identifying data will be refused")
	}
	if res.Note != "" {
		fmt.Fprintf(io.err, "scrub: warning: %s\n", scrub.Escape(res.Note, 0))
	}
	if res.SharedPath != "" {
		fmt.Fprintf(io.err, "scrub: warning: core.hooksPath is set (%s): other repositories using that folder run this hook too\n", scrub.Escape(res.SharedPath, 0))
	}
	if warn != "" {
		fmt.Fprintf(io.err, "scrub: warning: %s\n", warn)
	}
	return exitOK
}

func hookUninstall(ctx context.Context, io stdio) int {
	res, err := githook.Uninstall(ctx, ".")
	if err != nil {
		return gitFailure(io, err)
	}
	hook := displayPath(res.Hook)
	switch res.Action {
	case githook.Absent:
		fmt.Fprintf(io.out, "scrub: the pre-commit hook %s has nothing of scrub's: nothing to remove\n", hook)
	case githook.Removed:
		fmt.Fprintf(io.out, "scrub: removed the pre-commit hook %s\n", hook)
	case githook.Restored:
		fmt.Fprintf(io.out, "scrub: removed scrub's pre-commit hook; your previous hook is back at %s\n", hook)
	case githook.Stripped:
		fmt.Fprintf(io.out, "scrub: removed scrub's lines from the pre-commit hook %s; the rest is as it was\n", hook)
	}
	if res.Note != "" {
		fmt.Fprintf(io.err, "scrub: warning: %s\n", scrub.Escape(res.Note, 0))
	}
	return exitOK
}

// selfPath returns the absolute path the hook should run scrub by: the
// name the user ran it by, resolved on PATH, if that is this program (so
// that a symbolic link that survives upgrades is kept), else this program.
// It returns "" and a warning when this program is a temporary build.
func selfPath() (string, string) {
	exe, err := os.Executable()
	if err != nil {
		return "", "cannot tell where the scrub program is: the hook will run 'scrub' from PATH"
	}
	if strings.Contains(exe, string(filepath.Separator)+"go-build") {
		return "", "scrub runs from a temporary build (go run): the hook will run 'scrub' from PATH; install it with 'go install ./cmd/scrub'"
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

func newEngine(refuseMacros bool) *scrub.Engine {
	return &scrub.Engine{Registry: all.Registry(), Policy: scrub.Policy{RefuseMacros: refuseMacros}}
}

// hookRun is what the installed hook runs: it checks the staged content of
// every staged file (the working copy may differ) and refuses the commit
// (exit 1) if one leaks or cannot be checked. With fix, leaking files are
// cleaned in place and staged again, when their working copy is exactly
// what is staged; otherwise the commit is refused.
func hookRun(ctx context.Context, io stdio, fix bool) int {
	top, err := githook.TopLevel(ctx, ".")
	if err != nil {
		return gitFailure(io, err)
	}
	entries, err := githook.Staged(ctx, top)
	if err != nil {
		return gitFailure(io, err)
	}
	if len(entries) == 0 {
		return exitOK
	}
	gitDir, err := githook.GitDir(ctx, top)
	if err != nil {
		return gitFailure(io, err)
	}
	tmp, err := os.MkdirTemp(gitDir, "scrub-hook-")
	if err != nil {
		return gitFailure(io, err)
	}
	defer os.RemoveAll(tmp)
	files, err := githook.Extract(ctx, top, entries, tmp)
	if err != nil {
		return gitFailure(io, err)
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
		fmt.Fprintln(io.err, "scrub: interrupted: the commit was not checked")
		return exitInterrupted
	}

	var dirty []int
	failed := 0
	for i, r := range results {
		switch r.Status {
		case scrub.StatusDirty:
			dirty = append(dirty, i)
		case scrub.StatusRefused, scrub.StatusFailed:
			failed++
			fmt.Fprintf(io.err, "scrub: error: %s: %s: %s\n", r.Path, r.Status, r.Error)
			if r.Hint != "" {
				fmt.Fprintf(io.err, "scrub: hint: %s\n", r.Hint)
			}
		}
	}
	var left []int // dirty files still staged dirty
	if fix {
		left = hookFix(ctx, io, e, top, entries, results, dirty)
	} else {
		left = dirty
		for _, i := range dirty {
			r := results[i]
			fmt.Fprintf(io.err, "scrub: %s leaks %d identifying item(s):\n", r.Path, scrub.CountRemovable(r.Findings))
			var rm []scrub.Finding
			for _, f := range r.Findings {
				if f.Action == scrub.Remove {
					rm = append(rm, f)
				}
			}
			printFindings(io.err, "scrub:   ", rm, 8)
		}
	}
	if len(left) == 0 && failed == 0 {
		return exitOK
	}
	if len(left) > 0 {
		var words []string
		for _, i := range left {
			words = append(words, shellWord(userPath(entries[i].Path)))
		}
		list := strings.Join(words, " ")
		fmt.Fprintf(io.err, "scrub: commit refused: %d staged file(s) leak identifying data\n", len(left))
		fmt.Fprintf(io.err, "scrub: hint: clean and stage them again, then commit: scrub clean --in-place %s && git add %s\n", scrub.Escape(list, 0), scrub.Escape(list, 0))
		if !fix {
			fmt.Fprintln(io.err, "scrub: hint: or let the hook do it for you: scrub hook install --fix")
		}
	}
	if failed > 0 {
		fmt.Fprintf(io.err, "scrub: commit refused: %d staged file(s) could not be checked\n", failed)
		fmt.Fprintln(io.err, "scrub: hint: if you are sure they may be committed as they are: git commit --no-verify")
	}
	return exitFound
}

// hookFix cleans the dirty staged files in place and stages them again, and
// returns those it could not.
func hookFix(ctx context.Context, io stdio, e *scrub.Engine, top string, entries []githook.Entry, results []scrub.Result, dirty []int) []int {
	var left []int
	plan := &scrub.Plan{}
	var planned []int
	for _, i := range dirty {
		path := results[i].Path
		ok, err := githook.WorkingCopyMatches(ctx, top, entries[i])
		if err != nil {
			fmt.Fprintf(io.err, "scrub: error: %s: %s\n", path, scrub.Escape(err.Error(), 0))
			left = append(left, i)
			continue
		}
		if !ok {
			fmt.Fprintf(io.err, "scrub: error: %s leaks identifying data, and its working copy differs from what is staged: scrub will not clean and stage it for you\n", path)
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
		path := results[i].Path
		switch r.Status {
		case scrub.StatusCleaned:
			fmt.Fprintf(io.err, "scrub: %s: cleaned in place and staged again (%d identifying items removed)\n", path, scrub.CountRemovable(r.Findings))
			cleaned = append(cleaned, entries[i].Path)
		default:
			fmt.Fprintf(io.err, "scrub: error: %s: %s: %s\n", path, r.Status, r.Error)
			if r.Hint != "" {
				fmt.Fprintf(io.err, "scrub: hint: %s\n", r.Hint)
			}
			left = append(left, i)
		}
	})
	if err == nil && len(cleaned) > 0 {
		err = githook.Add(ctx, top, cleaned)
		if errors.Is(err, githook.ErrPartialIndex) {
			// The commit is clean; the index git keeps afterwards is not.
			var words []string
			for _, p := range cleaned {
				words = append(words, shellWord(userPath(p)))
			}
			fmt.Fprintf(io.err, "scrub: warning: %s\n", scrub.Escape(err.Error(), 0))
			fmt.Fprintf(io.err, "scrub: hint: after the commit, stage the cleaned files again: git add %s\n", scrub.Escape(strings.Join(words, " "), 0))
			err = nil
		}
	}
	if err != nil {
		fmt.Fprintf(io.err, "scrub: error: %s\n", scrub.Escape(err.Error(), 0))
		return dirty
	}
	return left
}

// ---- scrub sendmail and scrub mailfilter ----

// defaultSendmail is the command scrub sendmail hands the cleaned message
// to.
const defaultSendmail = "/usr/sbin/sendmail -oi"

// sendmailGuard is set in the environment of the sendmail scrub runs, so
// that a --sendmail pointing back at scrub is caught instead of looping.
const sendmailGuard = "SCRUB_SENDMAIL_ACTIVE"

type mailFlags struct {
	allowUnclean, refuseMacros bool
	sendmail                   string
}

// runSendmail is "scrub sendmail [scrub flags] [sendmail arguments...]".
// scrub's own flags must come first; the first argument that is not one of
// them, and everything after it, is passed to sendmail verbatim, so that
// recipients cannot be taken for scrub flags.
func runSendmail(ctx context.Context, io stdio, args []string) int {
	f := mailFlags{sendmail: defaultSendmail}
	i := 0
scan:
	for ; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "--") {
			break // sendmail's own flags are single-dash: -oi, -f, -t
		}
		switch name {
		case "allow-unclean", "refuse-macros":
			if hasValue {
				return usage(io, fmt.Sprintf("--%s takes no value", name), "")
			}
			if name == "allow-unclean" {
				f.allowUnclean = true
			} else {
				f.refuseMacros = true
			}
		case "sendmail":
			if !hasValue {
				if i+1 >= len(args) {
					return usage(io, "--sendmail needs a command", `scrub sendmail --sendmail "/usr/sbin/sendmail -oi" [ARGS...]`)
				}
				i++
				value = args[i]
			}
			f.sendmail = value
		case "help":
			fmt.Fprint(io.out, usageText)
			return exitOK
		default:
			break scan // "--" and anything else belong to sendmail
		}
	}
	argv := strings.Fields(f.sendmail)
	if len(argv) == 0 {
		return usage(io, "--sendmail is empty", `scrub sendmail --sendmail "/usr/sbin/sendmail -oi"`)
	}
	if os.Getenv(sendmailGuard) != "" {
		return usage(io, "scrub sendmail is calling itself", "point --sendmail at the real sendmail program, not at scrub")
	}
	out, code := filterMessage(ctx, io, f, "the message was not sent")
	if code != exitOK {
		return code
	}
	cmd := exec.Command(argv[0], append(argv[1:], args[i:]...)...)
	cmd.Stdin = bytes.NewReader(out)
	cmd.Stdout = io.out
	cmd.Stderr = io.err
	cmd.Env = append(os.Environ(), sendmailGuard+"=1")
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		return ee.ExitCode() // sendmail has said why
	case errors.As(err, &ee):
		fmt.Fprintf(io.err, "scrub: error: %s was stopped (%s): the message may not have been sent\n", scrub.Escape(argv[0], 0), ee)
	default:
		fmt.Fprintf(io.err, "scrub: error: cannot run %s: %s: the message was not sent\n", scrub.Escape(argv[0], 0), scrub.Escape(err.Error(), 0))
		fmt.Fprintln(io.err, `scrub: hint: name the program that sends your mail with --sendmail, e.g. --sendmail "/usr/bin/msmtp"`)
	}
	return exitFound
}

// runMailfilter is "scrub mailfilter [flags]": stdin to stdout.
func runMailfilter(ctx context.Context, io stdio, args []string) int {
	var f mailFlags
	fs := newFlagSet("mailfilter", io)
	fs.BoolVar(&f.allowUnclean, "allow-unclean", false, "")
	fs.BoolVar(&f.refuseMacros, "refuse-macros", false, "")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return flagFailed(io, err)
	}
	if len(rest) > 0 {
		return usage(io, "mailfilter reads the message on standard input and takes no file names", "scrub mailfilter < message.eml > cleaned.eml")
	}
	out, code := filterMessage(ctx, io, f, "nothing was written")
	if code != exitOK {
		return code
	}
	if _, err := io.out.Write(out); err != nil {
		fmt.Fprintf(io.err, "scrub: error: writing the message: %s\n", scrub.Escape(err.Error(), 0))
		return exitFound
	}
	return exitOK
}

// filterMessage reads a message from stdin and cleans its attachments. It
// prints what it did to each, and returns the message only if everything
// succeeded; otherwise the exit code, having said why and notDone ("the
// message was not sent").
func filterMessage(ctx context.Context, io stdio, f mailFlags, notDone string) ([]byte, int) {
	max := scrub.DefaultLimits.MaxInputSize
	msg, err := readAllLimited(io.in, max)
	if err != nil {
		fmt.Fprintf(io.err, "scrub: error: reading the message: %s: %s\n", scrub.Escape(err.Error(), 0), notDone)
		return nil, exitFound
	}
	out, rep, err := mailfilter.Filter(ctx, newEngine(f.refuseMacros), msg, mailfilter.Options{AllowUnclean: f.allowUnclean})
	if rep != nil {
		printMailReport(io, rep)
	}
	switch {
	case err == nil:
		return out, exitOK
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(io.err, "scrub: interrupted: %s\n", notDone)
		return nil, exitInterrupted
	case errors.Is(err, mailfilter.ErrRefused):
		attachments, parts := 0, 0
		for _, a := range rep.Refused() {
			if a.Part == "" || strings.HasPrefix(a.Type, "multipart/") {
				parts++
			} else {
				attachments++
			}
		}
		if parts > 0 {
			fmt.Fprintf(io.err, "scrub: error: %s: scrub cannot read or clean the message as a whole\n", notDone)
			fmt.Fprintln(io.err, "scrub: hint: to send it as it is, add --allow-unclean to the scrub command")
			break
		}
		fmt.Fprintf(io.err, "scrub: error: %s: %d attachment(s) cannot be cleaned\n", notDone, attachments)
		fmt.Fprintln(io.err, "scrub: hint: remove them from the message, or replace them with files scrub can clean; to send them as they are, add --allow-unclean to the scrub command")
	default:
		fmt.Fprintf(io.err, "scrub: error: %s: %s\n", scrub.Escape(err.Error(), 0), notDone)
		if errors.Is(err, mailfilter.ErrVerify) {
			fmt.Fprintln(io.err, "scrub: hint: this is a bug in scrub: please report it (without the message)")
		}
	}
	return nil, exitFound
}

func readAllLimited(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("the message is larger than %d MiB", max>>20)
	}
	return b, nil
}

// printMailReport says on stderr what was done to each attachment.
func printMailReport(io stdio, rep *mailfilter.Report) {
	w := io.err
	for _, a := range rep.Attachments {
		label := a.Label()
		if a.Name != "" {
			label = "attachment " + label
		}
		switch a.Status {
		case mailfilter.StatusCleaned:
			fmt.Fprintf(w, "scrub: %s: cleaned (%d identifying items removed)\n", label, scrub.CountRemovable(a.Findings))
		case mailfilter.StatusAlreadyClean:
			fmt.Fprintf(w, "scrub: %s: nothing identifying found\n", label)
		case mailfilter.StatusUnknown:
			fmt.Fprintf(w, "scrub: warning: %s: %s: passed on as it is\n", label, a.Reason)
		case mailfilter.StatusRefused:
			fmt.Fprintf(w, "scrub: error: %s: refused: %s\n", label, a.Reason)
			if a.Hint != "" {
				fmt.Fprintf(w, "scrub: hint: %s\n", a.Hint)
			}
		case mailfilter.StatusPassedUnclean:
			fmt.Fprintf(w, "scrub: warning: %s: cannot be cleaned (%s): passed on as it is (--allow-unclean)\n", label, a.Reason)
		}
		for _, wn := range a.Warnings {
			where := ""
			if wn.Where != "" {
				where = wn.Where + ": "
			}
			fmt.Fprintf(w, "scrub: warning: %s: %s%s\n", label, where, wn.Message)
		}
		var kept []scrub.Finding
		for _, f := range a.Findings {
			if f.Action == scrub.Report {
				kept = append(kept, f)
			}
		}
		if len(kept) > 0 && (a.Status == mailfilter.StatusCleaned || a.Status == mailfilter.StatusAlreadyClean) {
			fmt.Fprintf(w, "scrub: warning: %s: kept, review it:\n", label)
			printFindings(w, "scrub:   ", kept, 10)
		}
	}
}
