package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// fileFlags are the flags of inspect, clean and check.
type fileFlags struct {
	json, details, inPlace, force, fix, refuseMacros bool
	removeHidden, removeHiddenSheets                 bool
	jobs                                             int
	outDir, passwordFile                             string
	unknownMembers, redactions                       string
	maxSize, maxTotal, maxMember                     int64
	maxDepth, maxMembers                             int
	timeout                                          time.Duration
}

// runFiles is the one runner of inspect, clean and check: it parses their
// flags, decides every flag conflict, walks the paths, and reports.
func runFiles(ctx context.Context, std stdio, cmd string, args []string) outcome {
	var f fileFlags
	fs := newFlagSet(cmd)
	fs.BoolVar(&f.json, "json", false, "")
	fs.BoolVar(&f.details, "details", false, "")
	fs.IntVar(&f.jobs, "j", 0, "")
	fs.BoolVar(&f.refuseMacros, "refuse-macros", false, "")
	fs.StringVar(&f.unknownMembers, "unknown-members", "", "")
	fs.BoolVar(&f.removeHidden, "remove-hidden", false, "")
	fs.BoolVar(&f.removeHiddenSheets, "remove-hidden-sheets", false, "")
	fs.StringVar(&f.redactions, "redactions", "", "")
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
		return flagFailed(std, fs, err)
	}

	// Every flag conflict is decided here, each with a hint.
	switch {
	case len(paths) == 0:
		return usage(std, words.T("cli.files.none"), words.T("cli.files.none.hint", cmd))
	case f.inPlace && f.outDir != "":
		return usage(std, words.T("cli.files.o-in-place"), words.T("cli.files.o-in-place.hint"))
	case f.inPlace && f.force:
		return usage(std, words.T("cli.files.force-in-place"), words.T("cli.files.force-in-place.hint"))
	case f.jobs < 0:
		return usage(std, words.T("cli.files.jobs"), "")
	case f.maxSize < 0 || f.maxTotal < 0 || f.maxMember < 0 || f.maxDepth < 0 || f.maxMembers < 0 || f.timeout < 0:
		return usage(std, words.T("cli.files.limits"), "")
	case f.unknownMembers != scrub.UnknownRefuse && f.unknownMembers != scrub.UnknownOmit && f.unknownMembers != scrub.UnknownKeep:
		return usage(std, words.T("cli.files.unknown-members", scrub.Escape(f.unknownMembers, 40)), words.T("cli.files.unknown-members.hint"))
	case f.redactions != scrub.RedactReport && f.redactions != scrub.RedactApply && f.redactions != scrub.RedactRemove:
		return usage(std, words.T("cli.files.redactions", scrub.Escape(f.redactions, 40)), words.T("cli.files.redactions.hint"))
	}
	policy := scrub.Policy{RefuseMacros: f.refuseMacros, UnknownMembers: f.unknownMembers,
		RemoveHidden: f.removeHidden || f.removeHiddenSheets, RemoveHiddenSheets: f.removeHiddenSheets, Redactions: f.redactions}
	if f.passwordFile != "" {
		pw, err := readPassword(ctx, f.passwordFile)
		if errors.Is(err, context.Canceled) {
			return outcome{kind: interrupted}
		}
		if err != nil {
			return usage(std, scrub.Escape(err.Error(), 200), "")
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

	cleaning := cmd == "clean" || (cmd == "check" && f.fix)
	var opt scrub.CleanOptions
	planOpt := scrub.PlanOptions{}
	switch {
	case cmd == "clean":
		opt = scrub.CleanOptions{OutDir: f.outDir, InPlace: f.inPlace, Force: f.force}
		if f.outDir != "" {
			planOpt.Exclude = []string{f.outDir}
		}
	case cleaning:
		opt = scrub.CleanOptions{InPlace: true}
	}
	plan := scrub.NewPlan(paths, planOpt)
	rep := newReporter(std, cmd, f, paths, plan)
	var runErr error
	if cleaning {
		// A cleaned copy named on the command line would be cleaned
		// again into NAME.cleaned.cleaned.EXT: it is checked instead,
		// and left as it is (see copyResult).
		rest, copies := part{plan: plan}, part{plan: &scrub.Plan{}}
		if !opt.InPlace && opt.OutDir == "" {
			rest, copies = splitCopies(plan)
		}
		if len(copies.plan.Targets) > 0 {
			runErr = e.Inspect(ctx, copies.plan, func(r scrub.Result) { rep.add(copyResult(copies.place(r))) })
		}
		if err := e.Clean(ctx, rest.plan, opt, func(r scrub.Result) { rep.add(rest.place(r)) }); runErr == nil {
			runErr = err
		}
	} else {
		runErr = e.Inspect(ctx, plan, rep.add)
	}
	wasInterrupted := errors.Is(runErr, context.Canceled)
	if runErr != nil && !wasInterrupted {
		return failure(std, runErr)
	}
	o := fileOutcome(cmd, f.fix, rep.sum, wasInterrupted)
	rep.finish(o)
	return o
}

// part is a part of a plan, with the index in the whole plan of each of
// its targets.
type part struct {
	plan *scrub.Plan
	at   []int
}

// place puts a result of the part at its place in the whole plan.
func (p part) place(r scrub.Result) scrub.Result {
	if r.Index >= 0 && p.at != nil {
		r.Index = p.at[r.Index]
	}
	return r
}

// splitCopies takes out of plan the files named on the command line whose
// names are those of cleaned copies (NAME.cleaned.EXT). It returns the
// rest of the plan, and the copies (an empty plan if there are none).
func splitCopies(plan *scrub.Plan) (rest, copies part) {
	rest.plan = &scrub.Plan{Decided: plan.Decided}
	copies.plan = &scrub.Plan{}
	for i, t := range plan.Targets {
		p := &rest
		if t.Explicit && scrub.IsCleanedName(filepath.Base(t.Path)) {
			p = &copies
		}
		p.plan.Targets = append(p.plan.Targets, t)
		p.at = append(p.at, i)
	}
	return rest, copies
}

// errCopyNotClean is the reason a file named like a cleaned copy that
// still carries something identifying is not cleaned again.
var errCopyNotClean = errors.New("named like a cleaned copy but not clean")

// copyResult turns the inspection of a cleaned copy named on the command
// line into the result of cleaning it: a clean copy is already clean and
// left as it is; one that still carries something removable is refused
// (it is not what scrub wrote, and cleaning it again would write
// NAME.cleaned.cleaned.EXT).
func copyResult(r scrub.Result) scrub.Result {
	switch r.Status {
	case scrub.StatusClean:
		r.Status = scrub.StatusAlreadyClean
		r.Err = errAlreadyCopy
	case scrub.StatusDirty:
		if !scrub.Removable(r.Findings) {
			// Only a fake redaction, which cleaning keeps: said at the end.
			r.Status = scrub.StatusAlreadyClean
			r.Err = errAlreadyCopy
			break
		}
		r.Status = scrub.StatusRefused
		r.Err = errCopyNotClean
		r.Error = words.N("cli.copy.not-clean", scrub.CountRemovable(r.Findings))
		r.Hint = words.T("cli.copy.not-clean.hint")
	}
	return r
}

// errAlreadyCopy marks a cleaned copy named on the command line that was
// left as it is.
var errAlreadyCopy = errors.New("already a cleaned copy")

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
		return "", fmt.Errorf("%s: %w", words.T("cli.password.read"), res.err)
	}
	pw, _, found := strings.Cut(string(res.b), "\n")
	if !found && len(res.b) > maxPassword {
		return "", errors.New(words.T("cli.password.no-line", maxPassword))
	}
	return strings.TrimSuffix(pw, "\r"), nil
}
