//go:build gui || ci

package gui

import (
	"errors"
	"fmt"
	"path/filepath"
	"unicode/utf8"

	"fyne.io/fyne/v2/widget"

	"github.com/scrub-project/scrub/scrub"
)

// phase is what is happening to a row right now.
type phase int

const (
	idle       phase = iota
	inspecting       // waiting for or in inspection
	waiting          // queued for cleaning
	cleaning         // being cleaned (the engine does not say when a file starts, so waiting and cleaning look the same)
)

// row is one file in the list. Rows are only touched on the UI goroutine.
type row struct {
	path     string       // as the walk found it (raw, not for display)
	target   scrub.Target // valid when isTarget
	isTarget bool         // false for what the walk settled (skipped, missing)

	phase     phase
	inspected *scrub.Result // last inspection, nil before it finished
	cleaned   *scrub.Result // last clean of this row, nil if never cleaned
	outPath   string        // raw path of the cleaned copy, when cleaned wrote one
}

// name is the file name to show, escaped.
func (r *row) name() string { return scrub.Escape(filepath.Base(r.path), 0) }

// result is the latest outcome: the clean if there was one, else the
// inspection.
func (r *row) result() *scrub.Result {
	if r.cleaned != nil {
		return r.cleaned
	}
	return r.inspected
}

// format is the short format name, or "".
func (r *row) format() string {
	if res := r.result(); res != nil && res.Format != "" {
		return res.Format
	}
	if r.inspected != nil {
		return r.inspected.Format
	}
	return ""
}

// cleanable reports whether Clean should process the row: a file the walk
// found, not refused for a reason cleaning would meet again, and not
// already cleaned in this session.
func (r *row) cleanable() bool {
	if !r.isTarget || r.phase != idle {
		return false
	}
	if in := r.inspected; in != nil && (in.Status == scrub.StatusRefused || in.Status == scrub.StatusSkipped) {
		return false
	}
	if c := r.cleaned; c != nil && (c.Status == scrub.StatusCleaned || c.Status == scrub.StatusAlreadyClean) {
		return false
	}
	return true
}

// status is what the list says about a row: a short line, its tone (the
// colour of the badge and icon), and the count for the badge ("" hides
// the badge).
type status struct {
	text  string
	tone  widget.Importance
	badge string
	kind  statusKind
	check int // findings cleaning keeps, which the user should look at
}

// textImportance is how the status line is drawn: coloured text reads
// badly in the light theme, so only danger is coloured; the icon and the
// badge carry the rest.
func (s status) textImportance() widget.Importance {
	if s.tone == widget.DangerImportance {
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

type statusKind int

const (
	kindBusy statusKind = iota
	kindFindings
	kindClean
	kindCleaned
	kindUnsupported
	kindRefused
	kindFailed
	kindSkipped
	kindInterrupted
)

func (r *row) status() status {
	switch r.phase {
	case inspecting:
		return status{text: "inspecting…", tone: widget.LowImportance, kind: kindBusy}
	case waiting, cleaning:
		return status{text: "cleaning…", tone: widget.LowImportance, kind: kindBusy}
	}
	res := r.result()
	if res == nil {
		return status{text: "not inspected yet", tone: widget.LowImportance, kind: kindBusy}
	}
	remove := scrub.CountRemovable(res.Findings)
	check := len(res.Findings) - remove
	toCheck := ""
	if check > 0 {
		toCheck = fmt.Sprintf(", %d to check", check)
	}
	switch res.Status {
	case scrub.StatusDirty:
		return status{text: plural(remove, "finding", "findings") + toCheck, tone: widget.WarningImportance, badge: fmt.Sprint(remove), kind: kindFindings, check: check}
	case scrub.StatusClean:
		if check > 0 {
			return status{text: "nothing to remove" + toCheck, tone: widget.WarningImportance, badge: "0", kind: kindClean, check: check}
		}
		return status{text: "already clean", tone: widget.SuccessImportance, badge: "0", kind: kindClean}
	case scrub.StatusCleaned:
		return status{text: "cleaned: " + plural(remove, "item", "items") + " removed" + toCheck, tone: widget.SuccessImportance, badge: fmt.Sprint(remove), kind: kindCleaned, check: check}
	case scrub.StatusAlreadyClean:
		text := "already clean"
		if res.Output != "" {
			text = "already clean: copy saved"
		}
		return status{text: text + toCheck, tone: widget.SuccessImportance, badge: "0", kind: kindCleaned, check: check}
	case scrub.StatusSkipped:
		if errors.Is(res.Err, scrub.ErrUnknown) {
			return status{text: "unsupported — not a format scrub knows", tone: widget.MediumImportance, kind: kindUnsupported}
		}
		return status{text: "skipped — " + skipReason(res), tone: widget.MediumImportance, kind: kindSkipped}
	case scrub.StatusRefused:
		if errors.Is(res.Err, scrub.ErrUnsupported) {
			return status{text: "unsupported — " + res.Error, tone: widget.MediumImportance, kind: kindUnsupported}
		}
		return status{text: "refused — " + res.Error, tone: widget.DangerImportance, kind: kindRefused}
	case scrub.StatusFailed:
		return status{text: "failed — " + res.Error, tone: widget.DangerImportance, kind: kindFailed}
	case scrub.StatusInterrupted:
		if res == r.cleaned {
			return status{text: "not cleaned — cancelled", tone: widget.WarningImportance, kind: kindInterrupted}
		}
		return status{text: "not inspected — cancelled", tone: widget.WarningImportance, kind: kindInterrupted}
	}
	return status{text: string(res.Status), kind: kindBusy}
}

// skipReason says why the walk skipped a file, for the window.
func skipReason(res *scrub.Result) string {
	switch {
	case errors.Is(res.Err, scrub.ErrSymlink):
		return "a link to another file or folder: scrub does not follow links, add the file itself"
	case errors.Is(res.Err, scrub.ErrOwnOutput):
		return "a cleaned copy scrub made earlier: to check it, add this file on its own"
	case errors.Is(res.Err, scrub.ErrNamedTwice):
		return "the same file as another one in the list"
	case errors.Is(res.Err, scrub.ErrOutputFolder):
		return "the folder cleaned files are saved in"
	case errors.Is(res.Err, scrub.ErrVersionControl):
		return "a version-control folder (its files are history, not files to send)"
	case errors.Is(res.Err, scrub.ErrNotRegular):
		return "not a regular file (a pipe, socket or device)"
	}
	return res.Error
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// shorten cuts s to at most n characters, marking the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// hint says what a person using the desktop app can do about a file that
// was not processed, from the engine's typed error; it returns "" when
// there is nothing useful to say.
func hint(res *scrub.Result, formats string) string {
	var fe *scrub.FormatError
	switch {
	case errors.Is(res.Err, scrub.ErrUnknown):
		return "scrub cleans " + formats
	case errors.Is(res.Err, scrub.ErrExists):
		return "delete or rename the existing file, or choose another place to save cleaned files"
	case errors.As(res.Err, &fe) && fe.Limit != "":
		return "scrub stops at this size or time to protect the computer from booby-trapped files; " +
			"if you trust this file, the scrub command-line tool can raise the limit"
	case errors.Is(res.Err, scrub.ErrOverOriginal):
		return "choose a place to save cleaned files outside the folders you clean"
	case errors.Is(res.Err, scrub.ErrEncrypted) && res.Format == "pdf":
		return "the PDF needs a password to open: remove the password in the program that made it, or use the scrub command-line tool with the password"
	}
	return res.Hint
}
