package main

import (
	"errors"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// hintFor returns what the user can do about a file that was not
// processed, in the command line's terms: the engine's errors are typed
// (they name no flag), so the flags are named here.
func hintFor(r scrub.Result) string {
	var fe *scrub.FormatError
	switch {
	case r.Err == errCopyNotClean:
		return r.Hint
	case errors.As(r.Err, &fe) && fe.Limit != "":
		if flag := words.LimitFlag(fe.Limit); flag != "" {
			return words.T("hint.limit", flag)
		}
	case errors.Is(r.Err, scrub.ErrUnknown):
		return words.T("hint.unknown")
	case errors.Is(r.Err, scrub.ErrExists):
		return words.T("hint.exists")
	case errors.Is(r.Err, scrub.ErrOverOriginal):
		return words.T("hint.over-original")
	case errors.Is(r.Err, scrub.ErrEncrypted) && r.Format == "pdf":
		return words.T("hint.password-pdf")
	case errors.Is(r.Err, scrub.ErrEncrypted) && r.Hint == "":
		return words.T("hint.password")
	case errors.Is(r.Err, scrub.ErrMacros):
		return words.T("hint.macros")
	}
	return r.Hint
}

// shortReason says in a few words why a file was not processed, for the
// list of files not cleaned at the end of a run.
func shortReason(r scrub.Result) string {
	var fe *scrub.FormatError
	switch {
	case r.Err == errCopyNotClean:
		return words.T("reason.copy-not-clean")
	case errors.Is(r.Err, scrub.ErrEncrypted):
		return words.T("reason.encrypted")
	case errors.Is(r.Err, scrub.ErrMacros):
		return words.T("reason.macros")
	case errors.As(r.Err, &fe) && fe.Limit != "", errors.Is(r.Err, scrub.ErrLimit):
		return words.T("reason.limit")
	case errors.Is(r.Err, scrub.ErrMismatch):
		return words.T("reason.mismatch")
	case errors.Is(r.Err, scrub.ErrMalformed):
		return words.T("reason.malformed")
	case errors.Is(r.Err, scrub.ErrUnknown):
		return words.T("reason.unknown")
	case errors.Is(r.Err, scrub.ErrUnsupported):
		return words.T("reason.unsupported")
	case errors.Is(r.Err, scrub.ErrExists):
		return words.T("reason.exists")
	case errors.Is(r.Err, scrub.ErrOverOriginal):
		return words.T("reason.over-original")
	case errors.Is(r.Err, scrub.ErrHardLinks):
		return words.T("reason.hard-links")
	case scrub.IsVerifyFailure(r.Err):
		return words.T("reason.verify")
	}
	return words.T("reason.failed", shorten(r.Error))
}
