package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"golang.org/x/term"

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
}

func (s *summary) count(st scrub.Status) {
	s.Total++
	switch st {
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
}

// reporter prints results as they arrive (in a stable order) and the
// summary at the end.
type reporter struct {
	io      stdio
	cmd     string
	f       fileFlags
	sum     summary
	early   []scrub.Result // settled by the walk
	pending map[int]scrub.Result
	next    int // next plan index to print
	total   int // targets in the plan
	done    int
	all     []scrub.Result
	bar     bool
}

// progressThreshold is the number of files above which a progress bar is
// drawn (when stderr is a terminal).
const progressThreshold = 5

func newReporter(io stdio, cmd string, f fileFlags, total int) *reporter {
	r := &reporter{io: io, cmd: cmd, f: f, total: total, pending: map[int]scrub.Result{}}
	if file, ok := io.err.(*os.File); ok && term.IsTerminal(int(file.Fd())) && total > progressThreshold {
		r.bar = true
	}
	return r
}

func (r *reporter) add(res scrub.Result) {
	r.sum.count(res.Status)
	res.Hint = scrub.Escape(hintFor(res), 0)
	if res.Index < 0 {
		r.all = append(r.all, res)
		r.print(res)
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
		r.all = append(r.all, next)
		r.print(next)
	}
	r.progress()
}

func (r *reporter) clearBar() {
	if r.bar {
		fmt.Fprint(r.io.err, "\r\x1b[K")
	}
}

func (r *reporter) progress() {
	if !r.bar {
		return
	}
	const width = 30
	filled := width * r.done / max(r.total, 1)
	verb := map[string]string{"clean": "cleaning", "check": "checking", "inspect": "inspecting"}[r.cmd]
	fmt.Fprintf(r.io.err, "\r\x1b[K[%s%s] %d/%d %s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), r.done, r.total, verb)
}

func (r *reporter) print(res scrub.Result) {
	if r.f.json {
		return
	}
	r.clearBar()
	defer r.progress()
	out, errw := r.io.out, r.io.err
	if r.cmd == "check" {
		out = r.io.err // hooks read stderr; stdout stays empty
	}
	switch res.Status {
	case scrub.StatusSkipped:
		fmt.Fprintf(out, "%s: skipped: %s\n", res.Path, res.Error)
		return
	case scrub.StatusRefused, scrub.StatusFailed:
		fmt.Fprintf(errw, "scrub: error: %s: %s: %s\n", res.Path, res.Status, res.Error)
		if res.Hint != "" {
			fmt.Fprintf(errw, "scrub: hint: %s\n", res.Hint)
		}
		if len(res.Findings) > 0 && res.Status == scrub.StatusFailed {
			printFindings(errw, "scrub:   ", res.Findings, 20)
		}
		return
	case scrub.StatusInterrupted:
		return
	}
	for _, w := range res.Warnings {
		where := ""
		if w.Where != "" {
			where = w.Where + ": "
		}
		fmt.Fprintf(errw, "scrub: warning: %s: %s%s\n", res.Path, where, w.Message)
	}
	switch r.cmd {
	case "inspect":
		n, k := scrub.CountRemovable(res.Findings), len(res.Findings)-scrub.CountRemovable(res.Findings)
		switch {
		case k == 0 && n == 0:
			fmt.Fprintf(out, "%s (%s): nothing identifying found\n", res.Path, res.Format)
		default:
			fmt.Fprintf(out, "%s (%s): %s\n", res.Path, res.Format, counts(n, k))
		}
		printFindings(out, "  ", res.Findings, 0)
	case "check":
		if r.f.fix {
			if res.Status == scrub.StatusCleaned {
				fmt.Fprintf(out, "scrub: %s: cleaned in place (%d identifying items removed)\n", res.Path, scrub.CountRemovable(res.Findings))
			}
			return
		}
		if res.Status == scrub.StatusDirty {
			fmt.Fprintf(out, "scrub: %s leaks %d identifying item(s):\n", res.Path, scrub.CountRemovable(res.Findings))
			var rm []scrub.Finding
			for _, f := range res.Findings {
				if f.Action == scrub.Remove {
					rm = append(rm, f)
				}
			}
			printFindings(out, "scrub:   ", rm, 8)
		}
	case "clean":
		n := scrub.CountRemovable(res.Findings)
		switch res.Status {
		case scrub.StatusCleaned:
			if res.Output == res.Path {
				fmt.Fprintf(out, "cleaned: %s (%d identifying items removed)\n", res.Path, n)
			} else {
				fmt.Fprintf(out, "cleaned: %s -> %s (%d identifying items removed)\n", res.Path, res.Output, n)
			}
		case scrub.StatusAlreadyClean:
			if res.Output == "" {
				fmt.Fprintf(out, "already clean: %s (left as it was)\n", res.Path)
			} else {
				fmt.Fprintf(out, "already clean: %s -> %s\n", res.Path, res.Output)
			}
		}
		var kept []scrub.Finding
		for _, f := range res.Findings {
			if f.Action == scrub.Report {
				kept = append(kept, f)
			}
		}
		if len(kept) > 0 {
			fmt.Fprintf(out, "  kept, review before sending:\n")
			printFindings(out, "    ", kept, 10)
		}
	}
}

func counts(remove, report int) string {
	var parts []string
	if remove > 0 {
		parts = append(parts, fmt.Sprintf("%d identifying item(s) to remove", remove))
	}
	if report > 0 {
		parts = append(parts, fmt.Sprintf("%d item(s) to review (kept by clean)", report))
	}
	return strings.Join(parts, ", ")
}

// printFindings prints findings grouped by kind, removable first. limit > 0
// caps the number of lines.
func printFindings(w interface{ Write([]byte) (int, error) }, indent string, fs []scrub.Finding, limit int) {
	if len(fs) == 0 {
		return
	}
	order := map[scrub.Kind]int{}
	for i, k := range scrub.Kinds {
		order[k] = i
	}
	sorted := append([]scrub.Finding(nil), fs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if (a.Action == scrub.Remove) != (b.Action == scrub.Remove) {
			return a.Action == scrub.Remove
		}
		return order[a.Kind] < order[b.Kind]
	})
	mixed := scrub.Removable(fs) && scrub.CountRemovable(fs) < len(fs)
	var last scrub.Kind
	var lastAction scrub.Action
	for i, f := range sorted {
		if limit > 0 && i >= limit {
			fmt.Fprintf(w, "%s… and %d more (scrub inspect shows them all)\n", indent, len(sorted)-limit)
			return
		}
		if f.Kind != last || f.Action != lastAction {
			label := string(f.Kind)
			if mixed && f.Action == scrub.Report {
				label += " (kept, review it)"
			}
			fmt.Fprintf(w, "%s%s\n", indent, label)
			last, lastAction = f.Kind, f.Action
		}
		line := f.Where
		if f.Field != "" {
			line += ": " + f.Field
		}
		if f.Value != "" {
			line += " = " + f.Value
		}
		fmt.Fprintf(w, "%s  %s\n", indent, line)
	}
}

// jsonReport is the document --json prints. Its field names are stable and
// documented in README.md.
type jsonReport struct {
	Version  string         `json:"version"`
	Command  string         `json:"command"`
	Files    []scrub.Result `json:"files"`
	Summary  summary        `json:"summary"`
	ExitCode int            `json:"exit_code"`
}

func (r *reporter) finish(code int) {
	r.clearBar()
	if r.f.json {
		files := r.all
		if files == nil {
			files = []scrub.Result{}
		}
		writeJSON(r.io, jsonReport{Version: scrub.Version, Command: r.cmd, Files: files, Summary: r.sum, ExitCode: code})
		return
	}
	s := r.sum
	var parts []string
	add := func(n int, label string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, label))
		}
	}
	switch {
	case r.cmd == "clean" || r.f.fix:
		add(s.Cleaned, "cleaned")
		add(s.AlreadyClean, "already clean")
	default:
		add(s.Dirty, "with identifying data")
		add(s.Clean, "clean")
	}
	add(s.Refused, "refused")
	add(s.Failed, "failed")
	add(s.Skipped, "skipped")
	add(s.Interrupted, "not done (interrupted)")
	if len(parts) == 0 {
		parts = append(parts, "no files")
	}
	if r.cmd == "check" && code == exitOK && !r.f.fix {
		return // a passing hook stays quiet
	}
	if r.cmd == "inspect" && s.Total <= 1 && s.Interrupted == 0 {
		return
	}
	fmt.Fprintf(r.io.err, "scrub: %s\n", strings.Join(parts, ", "))
	if r.cmd == "check" && code == exitFound {
		fmt.Fprintf(r.io.err, "scrub: hint: clean them with 'scrub clean --in-place FILE...' (or 'scrub check --fix')\n")
	}
	if code == exitInterrupted {
		fmt.Fprintf(r.io.err, "scrub: interrupted: files not finished were left untouched\n")
	}
}

func writeJSON(io stdio, v any) int {
	enc := json.NewEncoder(io.out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(io.err, "scrub: error: %v\n", err)
		return exitUsage
	}
	return exitOK
}
