package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/mailfilter"
	"github.com/scrub-project/scrub/scrub"
)

// What scrub sendmail and scrub mailfilter share: reading and filtering
// the message, and saying what was done to each attachment.

// mailFlags are the flags of sendmail and mailfilter.
type mailFlags struct {
	allowUnclean, allowReview, refuseMacros bool
	sendmail                                string
	copy                                    string // sendmail: a Maildir to keep the cleaned message in
}

// filterMessage reads a message from stdin and cleans its attachments. It
// says what it did to each, and returns the message only if it may be
// sent; otherwise the outcome, having said why and notSent ("the message
// was not sent").
func filterMessage(ctx context.Context, std stdio, f mailFlags, notSent string) ([]byte, outcome) {
	limit := scrub.DefaultLimits.MaxInputSize
	msg, err := readAllLimited(std.in, limit)
	if err != nil {
		sayError(std.err, words.T("mail.read-failed", scrub.Escape(err.Error(), 0), notSent))
		return nil, outcome{kind: notDone}
	}
	out, rep, err := mailfilter.Filter(ctx, newEngine(f.refuseMacros), msg,
		mailfilter.Options{AllowUnclean: f.allowUnclean, AllowReview: f.allowReview})
	if rep != nil {
		printMailReport(std.err, rep)
	}
	switch {
	case err == nil:
		return out, outcome{kind: done}
	case errors.Is(err, context.Canceled):
		say(std.err, words.T("mail.interrupted", notSent))
		return nil, outcome{kind: interrupted}
	case errors.Is(err, mailfilter.ErrRefused):
		refused, structural, fake, patch := 0, 0, 0, 0
		for _, a := range rep.Refused() {
			switch {
			case a.Patch != "":
				patch++
			case a.Structural():
				structural++
			case errors.Is(a.Err, mailfilter.ErrFakeRedaction):
				fake++
			default:
				refused++
			}
		}
		if structural > 0 {
			sayError(std.err, words.T("mail.refused.whole", notSent))
			sayHint(std.err, words.T("mail.refused.whole.hint"))
			break
		}
		if refused > 0 {
			sayError(std.err, words.N("mail.refused.attachments", refused, notSent))
		}
		if fake > 0 {
			sayError(std.err, words.N("mail.refused.fake-redactions", fake, notSent))
		}
		if patch > 0 {
			sayError(std.err, words.N("mail.refused.patch-files", patch, notSent))
		}
		if n := len(rep.Held()); n > 0 {
			sayError(std.err, words.N("mail.held", n, notSent))
		}
		if refused+fake > 0 {
			sayHint(std.err, words.T("mail.refused.hint"))
		} else {
			sayHint(std.err, words.T("mail.refused.patch.hint"))
		}
	case errors.Is(err, mailfilter.ErrHeld):
		sayError(std.err, words.N("mail.held", len(rep.Held()), notSent))
		sayHint(std.err, words.T("mail.held.hint"))
	default:
		sayError(std.err, words.T("mail.failed", scrub.Escape(err.Error(), 0), notSent))
		if errors.Is(err, mailfilter.ErrVerify) {
			sayHint(std.err, words.T("mail.failed.bug"))
		}
	}
	return nil, outcome{kind: notDone}
}

func readAllLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, errors.New(words.T("mail.too-big", limit>>20))
	}
	return b, nil
}

// printMailReport says on stderr what was done to each attachment: what
// it revealed, and what it keeps that must be checked.
func printMailReport(w io.Writer, rep *mailfilter.Report) {
	for _, a := range rep.Attachments {
		label := a.Label()
		if a.Name != "" && a.Patch == "" {
			label = words.T("mail.label.attachment", label)
		}
		v := words.Summarize(a.Format, a.Findings)
		switch a.Status {
		case mailfilter.StatusCleaned:
			say(w, words.T("mail.cleaned", label, revealed(v)))
		case mailfilter.StatusAlreadyClean:
			say(w, words.T("mail.clean", label))
		case mailfilter.StatusUnknown:
			sayWarn(w, words.T("mail.passed-unknown", label, a.Reason))
		case mailfilter.StatusRefused:
			sayError(w, words.T("mail.refused", label, a.Reason))
			if errors.Is(a.Err, mailfilter.ErrPatchFile) {
				printLines(w, "scrub: ", removedLines(v, false), 8, "")
			}
			if a.Hint != "" {
				sayHint(w, a.Hint)
			}
		case mailfilter.StatusPassedUnclean:
			sayWarn(w, words.T("mail.passed-unclean", label, a.Reason))
		case mailfilter.StatusHeld:
			sayError(w, words.N("mail.keeps", len(v.Review), label))
		}
		for _, wn := range a.Warnings {
			sayWarn(w, words.T("cli.where", label, wn.Message))
		}
		if len(v.Review) == 0 || a.Status == mailfilter.StatusPassedUnclean || a.Status == mailfilter.StatusUnknown {
			continue
		}
		switch {
		case a.Status == mailfilter.StatusHeld || a.Status == mailfilter.StatusRefused:
		case v.Serious:
			sayWarn(w, words.T("mail.sent-fake-redaction", label))
		default:
			sayWarn(w, words.N("mail.sent-review", len(v.Review), label))
		}
		printLines(w, "scrub: ", reviewLines(v), 10, "")
	}
}

// mailHelp prints the help of a mail command.
func mailHelp(std stdio, name string) outcome {
	fmt.Fprint(std.out, commandHelp(name))
	return outcome{kind: done}
}
