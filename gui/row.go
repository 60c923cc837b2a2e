//go:build gui || ci

package gui

import (
	"errors"
	"path/filepath"
	"strconv"
	"unicode/utf8"

	"fyne.io/fyne/v2/widget"

	"github.com/scrub-project/scrub/internal/words"
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

	// password opens the file (a PDF that needs one). It lives here, in
	// memory, for as long as the row is in the list: it is never written
	// anywhere, and goes when the row goes.
	password string
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

// isCleanedCopy reports whether the row is a cleaned copy scrub made
// earlier, added on its own: it is named like one (NAME.cleaned.EXT) and
// its inspection found nothing cleaning would remove. Cleaning it again
// would only make NAME.cleaned.cleaned.EXT. A file named like a copy that
// does reveal something is not a cleaned copy, and is cleaned as any
// other file.
func (r *row) isCleanedCopy() bool {
	in := r.inspected
	return r.isTarget && scrub.IsCleanedName(filepath.Base(r.path)) &&
		in != nil && in.Status == scrub.StatusClean && !scrub.Removable(in.Findings)
}

// needsPassword reports whether the row is a PDF that a password would
// open: the only format whose handler takes one (scrub.Policy.Password).
func (r *row) needsPassword() bool {
	res := r.result()
	return res != nil && res.Format == "pdf" && errors.Is(res.Err, scrub.ErrEncrypted)
}

// cleanable reports whether Clean should process the row: a file the walk
// found, not refused for a reason cleaning would meet again, not a cleaned
// copy, and not already cleaned in this session.
func (r *row) cleanable() bool {
	if !r.isTarget || r.phase != idle || r.isCleanedCopy() {
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

// notCleaned reports whether the row is a file that may leak and was not
// cleaned: the user must not send it as it is.
func (s status) notCleaned() bool {
	return s.kind == kindRefused || s.kind == kindFailed || s.kind == kindInterrupted
}

type statusKind int

const (
	kindBusy statusKind = iota
	kindFindings
	kindClean
	kindCleaned
	kindCopy        // a cleaned copy scrub made earlier, added on its own
	kindUnsupported // not a format scrub knows: left alone, neutral
	kindRefused     // a format scrub knows but cannot clean (legacy Office, locked, damaged, too big): danger
	kindFailed      // scrub failed on it: danger
	kindSkipped     // not a file to clean (a link, scrub's own copy in a folder…): neutral
	kindInterrupted // cancelled before it was done
)

func (r *row) status() status {
	switch r.phase {
	case inspecting:
		return status{text: words.T("app.status.inspecting"), tone: widget.LowImportance, kind: kindBusy}
	case waiting, cleaning:
		return status{text: words.T("app.status.cleaning"), tone: widget.LowImportance, kind: kindBusy}
	}
	res := r.result()
	if res == nil {
		return status{text: words.T("app.status.not-inspected"), tone: widget.LowImportance, kind: kindBusy}
	}
	s := words.Summarize(res.Format, res.Findings)
	check := len(s.Review)
	withCheck := func(text string) string {
		switch {
		case s.Serious:
			return words.T("app.status.and", text, words.T("app.status.fake-redaction"))
		case check == 0:
			return text
		}
		return words.T("app.status.and", text, words.N("app.status.to-check", check))
	}
	// A fake redaction is the one thing a file keeps that must stop it
	// being sent: such a row is red, whatever cleaning did.
	kept := func(st status) status {
		if s.Serious {
			st.tone = widget.DangerImportance
		}
		return st
	}
	switch res.Status {
	case scrub.StatusDirty:
		if s.Remove == 0 {
			// Only values that identify no one (statistics, defaults):
			// cleaning tidies them, but there is nothing to count.
			return kept(status{text: withCheck(words.T("app.status.only-details")), tone: widget.MediumImportance, badge: "0", kind: kindFindings, check: check})
		}
		return kept(status{text: withCheck(words.N("app.status.findings", s.Remove)), tone: widget.WarningImportance, badge: itoa(s.Remove), kind: kindFindings, check: check})
	case scrub.StatusClean:
		if r.isCleanedCopy() {
			return kept(status{text: withCheck(words.T("app.status.cleaned-copy")), tone: widget.SuccessImportance, badge: "0", kind: kindCopy, check: check})
		}
		if check > 0 {
			return kept(status{text: withCheck(words.T("app.status.nothing-to-remove")), tone: widget.WarningImportance, badge: "0", kind: kindClean, check: check})
		}
		return kept(status{text: words.T("app.status.already-clean"), tone: widget.SuccessImportance, badge: "0", kind: kindClean})
	case scrub.StatusCleaned:
		text := words.N("app.status.cleaned", s.Remove)
		if s.Remove == 0 {
			text = words.T("app.status.cleaned-details")
		}
		return kept(status{text: withCheck(text), tone: widget.SuccessImportance, badge: itoa(s.Remove), kind: kindCleaned, check: check})
	case scrub.StatusAlreadyClean:
		text := words.T("app.status.already-clean")
		if res.Output != "" {
			text = words.T("app.status.already-clean-copy")
		}
		return kept(status{text: withCheck(text), tone: widget.SuccessImportance, badge: "0", kind: kindCleaned, check: check})
	case scrub.StatusSkipped:
		if errors.Is(res.Err, scrub.ErrUnknown) {
			return status{text: words.T("app.status.unknown"), tone: widget.MediumImportance, kind: kindUnsupported}
		}
		return status{text: words.T("app.status.skipped", skipReason(res)), tone: widget.MediumImportance, kind: kindSkipped}
	case scrub.StatusRefused:
		if errors.Is(res.Err, scrub.ErrUnknown) {
			return status{text: words.T("app.status.unknown"), tone: widget.MediumImportance, kind: kindUnsupported}
		}
		return status{text: words.T("app.status.not-cleaned", refusedWhy(res)), tone: widget.DangerImportance, badge: "!", kind: kindRefused}
	case scrub.StatusFailed:
		return status{text: words.T("app.status.not-cleaned", words.T("app.why.failed")), tone: widget.DangerImportance, badge: "!", kind: kindFailed}
	case scrub.StatusInterrupted:
		if res == r.cleaned {
			return status{text: words.T("app.status.clean-cancelled"), tone: widget.WarningImportance, kind: kindInterrupted}
		}
		return status{text: words.T("app.status.inspect-cancelled"), tone: widget.WarningImportance, kind: kindInterrupted}
	}
	return status{text: scrub.Escape(string(res.Status), 40), kind: kindBusy}
}

// refusedWhy says in a few words why scrub did not clean a file it
// refused, from the engine's typed error.
func refusedWhy(res *scrub.Result) string {
	switch {
	case errors.Is(res.Err, scrub.ErrEncrypted):
		return words.T("app.why.password")
	case errors.Is(res.Err, scrub.ErrMalformed):
		return words.T("app.why.damaged")
	case errors.Is(res.Err, scrub.ErrLimit):
		return words.T("app.why.limit")
	case errors.Is(res.Err, scrub.ErrMismatch):
		return words.T("app.why.mismatch")
	case errors.Is(res.Err, scrub.ErrExists):
		return words.T("app.why.exists")
	case errors.Is(res.Err, scrub.ErrOverOriginal):
		return words.T("app.why.over-original")
	}
	return words.T("app.why.unsupported")
}

// reason is the engine's or the handler's own explanation of why a file
// was not processed ("legacy binary Word format: …"), without the format
// name the row already shows.
func reason(res *scrub.Result) string {
	var fe *scrub.FormatError
	if errors.As(res.Err, &fe) && fe.Reason != "" {
		return scrub.Escape(fe.Reason, 0)
	}
	return res.Error
}

// skipReason says why the walk skipped a file, for the window.
func skipReason(res *scrub.Result) string {
	switch {
	case errors.Is(res.Err, scrub.ErrSymlink):
		return words.T("app.skip.symlink")
	case errors.Is(res.Err, scrub.ErrOwnOutput):
		return words.T("app.skip.own-output")
	case errors.Is(res.Err, scrub.ErrNamedTwice):
		return words.T("app.skip.named-twice")
	case errors.Is(res.Err, scrub.ErrOutputFolder):
		return words.T("app.skip.output-folder")
	case errors.Is(res.Err, scrub.ErrVersionControl):
		return words.T("app.skip.version-control")
	case errors.Is(res.Err, scrub.ErrNotRegular):
		return words.T("app.skip.not-regular")
	}
	return res.Error
}

// leftAlone reports whether a skipped row is something the user might
// mean to send (a link, a pipe), as opposed to scrub's own copies, its
// output folder or a file listed twice.
func leftAlone(r *row) bool {
	res := r.result()
	return res != nil && r.status().kind == kindSkipped &&
		(errors.Is(res.Err, scrub.ErrSymlink) || errors.Is(res.Err, scrub.ErrNotRegular))
}

func itoa(n int) string { return strconv.Itoa(n) }

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
		return words.T("app.hint.unknown", formats)
	case errors.Is(res.Err, scrub.ErrExists):
		return words.T("app.hint.exists")
	case errors.As(res.Err, &fe) && fe.Limit != "":
		return words.T("app.hint.limit")
	case errors.Is(res.Err, scrub.ErrOverOriginal):
		return words.T("app.hint.over-original")
	case errors.Is(res.Err, scrub.ErrEncrypted) && res.Format == "pdf":
		return words.T("app.hint.pdf-password")
	case scrub.IsVerifyFailure(res.Err):
		return words.T("app.hint.verify")
	}
	return res.Hint
}
