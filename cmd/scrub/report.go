package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// summary counts results by status. Its field names are part of the JSON
// schema.
type summary struct {
	Total        int `json:"total"`
	Clean        int `json:"clean"`
	Dirty        int `json:"dirty"`
	Cleaned      int `json:"cleaned"`
	AlreadyClean int `json:"already_clean"`
	Skipped      int `json:"skipped"`
	Refused      int `json:"refused"`
	Failed       int `json:"failed"`
	Interrupted  int `json:"interrupted"`
	// Identifying counts the identifying items found (not the technical
	// details, see words.Minor).
	Identifying int `json:"identifying"`
	// Review counts the files that keep things to check before sending
	// (speaker notes, hidden slides…).
	Review int `json:"review"`
	// FakeRedactions counts the files with text under a black box that
	// can be copied out: cleaning cannot remove it.
	FakeRedactions int `json:"fake_redactions"`
	// Revealing counts the files that reveal something identifying or
	// have a fake redaction; NothingFound the files inspected or cleaned
	// that do neither (they may still have had technical details).
	Revealing    int `json:"revealing"`
	NothingFound int `json:"nothing_found"`
	// NotDone counts the files not cleaned (clean) or not checked
	// (inspect, check): refused, failed, interrupted, and skipped files of
	// kinds that carry identifying data (see notDoneReason); for clean,
	// also those keeping a fake redaction.
	NotDone int `json:"not_done"`
}

func (s *summary) count(r scrub.Result, v words.Summary) {
	s.Total++
	switch r.Status {
	case scrub.StatusClean:
		s.Clean++
	case scrub.StatusDirty:
		s.Dirty++
	case scrub.StatusCleaned:
		s.Cleaned++
	case scrub.StatusAlreadyClean:
		s.AlreadyClean++
	case scrub.StatusSkipped:
		s.Skipped++
	case scrub.StatusRefused:
		s.Refused++
	case scrub.StatusFailed:
		s.Failed++
	case scrub.StatusInterrupted:
		s.Interrupted++
	}
	if processed(r) {
		if v.Remove > 0 || v.Serious {
			s.Revealing++
		} else {
			s.NothingFound++
		}
		s.Identifying += v.Remove
		if len(v.Review) > 0 {
			s.Review++
		}
		if v.Serious {
			s.FakeRedactions++
		}
	}
}

// processed reports whether the file was inspected or cleaned.
func processed(r scrub.Result) bool {
	switch r.Status {
	case scrub.StatusClean, scrub.StatusDirty, scrub.StatusCleaned, scrub.StatusAlreadyClean:
		return true
	}
	return false
}

// unfinished is a file that was not cleaned (or, for inspect and check, not
// checked), with why in a few words.
type unfinished struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// reporter prints results as they arrive (in a stable order) and, at the
// end, the totals and the files that were not done.
type reporter struct {
	std      stdio
	cmd      string
	f        fileFlags
	sum      summary
	pending  map[int]scrub.Result
	next     int // next plan index to print
	total    int // targets in the plan
	done     int
	all      []scrub.Result
	notDone  []unfinished
	named    map[string]bool // the paths named on the command line, as results show them
	compact  bool            // one line per file
	bar      bool
	cleaning bool
}

// progressThreshold is the number of files above which a progress bar is
// drawn (when stderr is a terminal).
const progressThreshold = 5

func newReporter(std stdio, cmd string, f fileFlags, paths []string, plan *scrub.Plan) *reporter {
	r := &reporter{std: std, cmd: cmd, f: f, total: len(plan.Targets), pending: map[int]scrub.Result{},
		named:    map[string]bool{},
		compact:  len(plan.Targets) > 1 && !f.details,
		cleaning: cmd == "clean" || f.fix}
	for _, p := range paths {
		if t := strings.TrimRight(p, `/\`); t != "" {
			p = t
		}
		r.named[scrub.Escape(p, 0)] = true
	}
	if file, ok := std.err.(*os.File); ok && term.IsTerminal(int(file.Fd())) && r.total > progressThreshold {
		r.bar = true
	}
	return r
}

func (r *reporter) add(res scrub.Result) {
	v := words.Summarize(res.Format, res.Findings)
	r.sum.count(res, v)
	res.Hint = scrub.Escape(hintFor(res), 0)
	if res.Index < 0 {
		r.show(res, v)
		return
	}
	r.done++
	r.pending[res.Index] = res
	for {
		next, ok := r.pending[r.next]
		if !ok {
			break
		}
		delete(r.pending, r.next)
		r.next++
		r.show(next, words.Summarize(next.Format, next.Findings))
	}
	r.progress()
}

// show records a result in order and prints it.
func (r *reporter) show(res scrub.Result, v words.Summary) {
	r.all = append(r.all, res)
	if why, ok := r.notDoneReason(res, v); ok {
		r.notDone = append(r.notDone, unfinished{res.Path, why})
		r.sum.NotDone++
	}
	if r.f.json {
		return
	}
	r.clearBar()
	r.print(res, v)
	r.progress()
}

func (r *reporter) clearBar() {
	if r.bar {
		fmt.Fprint(r.std.err, "\r\x1b[K")
	}
}

func (r *reporter) progress() {
	if !r.bar || r.f.json {
		return
	}
	const width = 30
	filled := width * r.done / max(r.total, 1)
	fmt.Fprintf(r.std.err, "\r\x1b[K[%s%s] %d/%d %s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), r.done, r.total, words.T("cli.progress."+r.cmd))
}

func (r *reporter) print(res scrub.Result, v words.Summary) {
	out, errw := r.std.out, r.std.err
	if r.cmd == "check" {
		out = r.std.err // hooks read stderr; stdout stays empty
	}
	switch res.Status {
	case scrub.StatusSkipped:
		fmt.Fprintln(out, words.T("cli.skipped", res.Path, skipReason(res)))
		return
	case scrub.StatusRefused, scrub.StatusFailed:
		printNotProcessed(errw, res)
		return
	case scrub.StatusInterrupted:
		return
	}
	for _, w := range res.Warnings {
		msg := w.Message
		if w.Where != "" && r.f.details {
			msg = words.T("cli.where", w.Where, msg)
		}
		sayWarn(errw, words.T("cli.where", res.Path, msg))
	}
	switch {
	case r.cmd == "check" && r.f.fix:
		if res.Status == scrub.StatusCleaned {
			say(out, words.T("cli.check.fixed", res.Path, revealed(v)))
		}
		printReview(out, res.Path, v)
	case r.cmd == "check":
		printLeaks(out, res.Path, res, v, r.f.details)
	case r.cmd == "inspect":
		r.printInspect(out, res, v)
	case r.cmd == "clean":
		r.printClean(out, res, v)
	}
}

// printNotProcessed says why a file was refused or failed, with a hint.
func printNotProcessed(w io.Writer, res scrub.Result) {
	sayError(w, words.T("cli.not-processed", res.Path, words.T("status."+string(res.Status)), res.Error))
	if res.Hint != "" {
		sayHint(w, res.Hint)
	}
	if len(res.Findings) > 0 && res.Status == scrub.StatusFailed {
		printLines(w, "scrub:   ", detailLines(res.Findings), 20, "")
	}
}

// fileLine is the one line of a file in a folder: what it reveals, how
// many identifying items, and what to check.
func fileLine(path string, v words.Summary) string {
	text := words.T("headline.nothing")
	if len(v.Reveals) > 0 {
		text = words.T("cli.line.items", words.Headline(v), words.N("cli.items", v.Remove))
	}
	if n := len(v.Review); n > 0 {
		text = words.T("cli.line.and-review", text, words.N("cli.review", n))
	}
	if v.Serious {
		text = words.T("cli.line.and-review", text, words.T("cli.line.fake-redaction"))
	}
	return words.T("cli.where", path, text)
}

func (r *reporter) printInspect(w io.Writer, res scrub.Result, v words.Summary) {
	if r.compact {
		fmt.Fprintln(w, fileLine(res.Path, v))
		return
	}
	fmt.Fprintln(w, words.T("cli.where", res.Path, words.Headline(v)))
	if v.Serious {
		fmt.Fprintln(w, "  "+words.T("cli.inspect.fake-redaction"))
	}
	if r.f.details {
		fmt.Fprintln(w, "  "+words.T("cli.details.format", res.Format))
		printLines(w, "  ", detailLines(res.Findings), 0, "")
		return
	}
	printLines(w, "  ", removedLines(v, true), 0, "")
	if len(v.Review) > 0 {
		fmt.Fprintln(w, "  "+words.T("listing.check-first"))
		printLines(w, "  ", reviewLines(v), 0, "")
	}
	if v.Serious {
		fmt.Fprintln(w, "  "+words.T("cli.fake-redaction.hint"))
	}
	var tail []string
	if v.Remove > 0 {
		tail = append(tail, words.N("cli.inspect.remove", v.Remove))
	}
	if v.Details > 0 {
		tail = append(tail, words.N("cli.inspect.details", v.Details))
	}
	if len(tail) > 0 {
		fmt.Fprintln(w, "  "+strings.Join(tail, words.T("listing.parts-sep")))
	}
}

func (r *reporter) printClean(w io.Writer, res scrub.Result, v words.Summary) {
	switch {
	case res.Status == scrub.StatusCleaned && res.Output == res.Path:
		fmt.Fprintln(w, words.T("cli.clean.in-place", res.Path))
	case res.Status == scrub.StatusCleaned:
		fmt.Fprintln(w, words.T("cli.clean.copy", res.Path, res.Output))
	case res.Err == errAlreadyCopy:
		fmt.Fprintln(w, words.T("cli.clean.is-copy", res.Path))
	case res.Output == "":
		fmt.Fprintln(w, words.T("cli.clean.already", res.Path))
	default:
		fmt.Fprintln(w, words.T("cli.clean.already-copy", res.Path, res.Output))
	}
	if res.Status == scrub.StatusCleaned {
		fmt.Fprintln(w, "  "+revealed(v))
		switch {
		case r.f.details:
			printLines(w, "  ", detailLines(res.Findings), 0, "")
			return
		case !r.compact:
			printLines(w, "  ", removedLines(v, true), 0, "")
		}
	}
	if len(v.Review) > 0 {
		fmt.Fprintln(w, "  "+words.T("listing.kept-check"))
		limit := 0
		if r.compact {
			limit = 5
		}
		printLines(w, "  ", reviewLines(v), limit, "scrub inspect "+shellWord(res.Path))
	}
}

// printLeaks is what check and the git hook say about a file, on stderr:
// what it reveals, at most a few lines of it, and what it keeps that must
// be checked (a fake redaction as an error).
func printLeaks(w io.Writer, path string, res scrub.Result, v words.Summary, details bool) {
	if v.Remove > 0 {
		say(w, words.T("cli.check.leaks", path, words.Headline(v), words.N("cli.items", v.Remove)))
		ls := removedLines(v, false)
		if details {
			ls = detailLines(res.Findings)
		}
		printLines(w, "scrub: ", ls, 8, "scrub inspect "+shellWord(path))
	}
	printReview(w, path, v)
}

// printReview says what a file keeps that the sender can act on: a fake
// redaction as an error (it stops check, the hook and the mail), the rest
// as a warning.
func printReview(w io.Writer, path string, v words.Summary) {
	if len(v.Review) == 0 {
		return
	}
	ls := reviewLines(v)
	if v.Serious {
		sayError(w, words.T("cli.fake-redaction", path))
		printLines(w, "scrub: ", ls, 8, "scrub inspect "+shellWord(path))
		sayHint(w, words.T("cli.fake-redaction.hint"))
		return
	}
	sayWarn(w, words.T("cli.where", path, words.N("cli.review.check", len(v.Review))))
	printLines(w, "scrub: ", ls, 8, "scrub inspect "+shellWord(path))
}

// skipReason says why a file was skipped, chosen by the engine's typed
// reason.
func skipReason(res scrub.Result) string {
	for _, k := range []struct {
		err error
		key string
	}{
		{scrub.ErrUnknown, "skip.unknown"},
		{scrub.ErrSymlink, "skip.symlink"},
		{scrub.ErrNotRegular, "skip.not-regular"},
		{scrub.ErrOwnOutput, "skip.own-output"},
		{scrub.ErrOutputFolder, "skip.output-folder"},
		{scrub.ErrNamedTwice, "skip.named-twice"},
		{scrub.ErrVersionControl, "skip.version-control"},
	} {
		if errors.Is(res.Err, k.err) {
			return words.T(k.key)
		}
	}
	return res.Error
}

// notDoneReason says whether a file counts as not cleaned (not checked,
// for inspect and check), and why in a few words: refused, failed and
// interrupted files; files scrub does not know whose kind carries
// identifying data (leaky); symbolic links and special files the user
// named; and, for clean, files cleaned but keeping a fake redaction.
// Other skips (a .txt in a folder, scrub's own outputs, .git) do not
// count.
func (r *reporter) notDoneReason(res scrub.Result, v words.Summary) (string, bool) {
	switch res.Status {
	case scrub.StatusRefused, scrub.StatusFailed:
		return shortReason(res), true
	case scrub.StatusInterrupted:
		return words.T("reason.interrupted"), true
	case scrub.StatusSkipped:
		switch {
		case errors.Is(res.Err, scrub.ErrUnknown) && leaky(res.Path):
			return words.T("reason.leaky"), true
		case (errors.Is(res.Err, scrub.ErrSymlink) || errors.Is(res.Err, scrub.ErrNotRegular)) && r.named[res.Path]:
			return skipReason(res), true
		}
	case scrub.StatusCleaned, scrub.StatusAlreadyClean:
		if v.Serious {
			return words.T("reason.fake-redaction"), true
		}
	}
	return "", false
}

// leakyExtensions are kinds of files scrub does not recognise that carry
// their author, software, dates or camera: found in a folder, they are
// skipped like a .txt, but they count as not cleaned.
var leakyExtensions = map[string]bool{
	".psd": true, ".psb": true, ".ai": true, ".eps": true, ".ps": true, ".indd": true, ".idml": true,
	".xcf": true, ".kra": true, ".ora": true, ".afphoto": true, ".afdesign": true, ".cdr": true, ".sketch": true,
	".pages": true, ".numbers": true, ".key": true, ".wpd": true, ".xps": true, ".oxps": true, ".djvu": true,
	".sxw": true, ".sxc": true, ".sxi": true, ".sxd": true, ".abw": true, ".hwp": true, ".vsdx": true, ".one": true,
	".eml": true, ".mht": true, ".mhtml": true, ".mobi": true, ".azw3": true, ".fb2": true,
	".avi": true, ".wmv": true, ".asf": true, ".wma": true, ".mts": true, ".m2ts": true, ".aif": true, ".aiff": true,
	".jxl": true, ".jp2": true, ".heics": true, ".raf": true, ".pef": true, ".srw": true, ".x3f": true, ".3fr": true,
	".dwg": true, ".dxf": true, ".blend": true, ".skp": true,
}

// leaky reports whether a file that scrub does not recognise is of a kind
// that carries identifying data, by its name.
func leaky(path string) bool { return leakyExtensions[strings.ToLower(filepath.Ext(path))] }

// jsonFinding is a finding with its label in the user's words.
type jsonFinding struct {
	scrub.Finding
	LabelText string `json:"label_text"`
}

// jsonFile is a result with its headline and the count of identifying
// items, as --json prints it.
type jsonFile struct {
	scrub.Result
	Headline    string        `json:"headline,omitempty"`
	Identifying int           `json:"identifying"`
	Findings    []jsonFinding `json:"findings"`
}

// jsonReport is the document --json prints. Its field names are stable and
// documented in README.md.
type jsonReport struct {
	Version  string       `json:"version"`
	Command  string       `json:"command"`
	Files    []jsonFile   `json:"files"`
	Summary  summary      `json:"summary"`
	NotDone  []unfinished `json:"not_done"`
	ExitCode int          `json:"exit_code"`
}

func toJSON(res scrub.Result) jsonFile {
	v := words.Summarize(res.Format, res.Findings)
	f := jsonFile{Result: res, Findings: []jsonFinding{}}
	if processed(res) {
		f.Headline = words.Headline(v)
		f.Identifying = v.Remove
	}
	for _, fd := range res.Findings {
		f.Findings = append(f.Findings, jsonFinding{Finding: fd, LabelText: words.Label(fd.Label)})
	}
	return f
}

func (r *reporter) finish(o outcome) {
	r.clearBar()
	if r.f.json {
		rep := jsonReport{Version: scrub.Version, Command: r.cmd, Files: []jsonFile{}, Summary: r.sum,
			NotDone: r.notDone, ExitCode: exitCode(o)}
		for _, res := range r.all {
			rep.Files = append(rep.Files, toJSON(res))
		}
		if rep.NotDone == nil {
			rep.NotDone = []unfinished{}
		}
		writeJSON(r.std, rep)
		return
	}
	w := r.std.err
	switch {
	case r.cmd == "check" && o.kind == done && !r.f.fix:
		return // a passing hook stays quiet
	case r.cmd == "inspect" && r.sum.Total <= 1 && len(r.notDone) == 0:
		return
	}
	if r.sum.Total > 1 || r.cmd != "inspect" {
		say(w, r.totals())
	}
	r.printNotDone(w)
	if r.cmd == "check" && !r.f.fix && r.sum.Identifying > 0 {
		sayHint(w, words.T("cli.check.hint"))
	}
	if o.kind == interrupted {
		say(w, words.T("cli.interrupted"))
	}
}

// totals is the summary line: "8 cleaned, 1 refused, 2 skipped".
func (r *reporter) totals() string {
	s := r.sum
	var parts []string
	add := func(n int, key string) {
		if n > 0 {
			parts = append(parts, words.N(key, n))
		}
	}
	if r.cleaning {
		add(s.Cleaned, "total.cleaned")
		add(s.AlreadyClean, "total.already-clean")
	} else {
		add(s.Revealing, "total.dirty")
		add(s.NothingFound, "total.clean")
	}
	add(s.Review, "total.review")
	add(s.Refused, "total.refused")
	add(s.Failed, "total.failed")
	add(s.Skipped, "total.skipped")
	add(s.Interrupted, "total.interrupted")
	if len(parts) == 0 {
		return words.T("total.none")
	}
	text := strings.Join(parts, words.T("listing.parts-sep"))
	if s.Identifying > 0 && !r.cleaning {
		text = words.T("total.with-items", text, words.N("cli.items", s.Identifying))
	}
	return text
}

// printNotDone names, last, every file that was not cleaned (or
// checked), and says not to send it as it is.
func (r *reporter) printNotDone(w io.Writer) {
	verb := "checked"
	if r.cleaning {
		verb = "cleaned"
	}
	switch len(r.notDone) {
	case 0:
		return
	case 1:
		n := r.notDone[0]
		sayError(w, words.T("cli.notdone.one-"+verb, n.Path, n.Reason))
		return
	}
	sayError(w, words.N("cli.notdone.many-"+verb, len(r.notDone)))
	for i, n := range r.notDone {
		if i == maxNotDone {
			say(w, "  "+words.N("cli.notdone.more", len(r.notDone)-i))
			return
		}
		say(w, "  "+words.T("cli.notdone.item", n.Path, n.Reason))
	}
}

// maxNotDone bounds the files printNotDone names (a run interrupted early
// in a big folder leaves thousands); --json lists them all.
const maxNotDone = 100

func writeJSON(std stdio, v any) outcome {
	enc := json.NewEncoder(std.out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return failure(std, err)
	}
	return outcome{kind: done}
}
