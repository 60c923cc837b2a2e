// Package mailfilter cleans the attachments of an RFC 5322 message, for
// sendmail wrappers and mail filters.
//
// The message is never re-serialised: Filter copies the original bytes and
// replaces only the bodies of the attachments it cleaned (and a few fields
// of those attachments' own headers, see below). Every other header, every
// text part, the preamble and epilogue of every multipart, and the line
// endings stay byte-identical; a message with nothing to clean comes out as
// the very bytes that went in.
//
// An attachment is any leaf part that is not text, or a text part with a
// file name or an "attachment" disposition. Attachments are recognised by
// their content, never by their declared type or name:
//
//   - content a handler of the registry recognises is cleaned through
//     (*scrub.Engine).CleanData, which verifies the result, and re-encoded
//     with the part's own Content-Transfer-Encoding (base64 lines as long as
//     the original's, at most 76; quoted-printable in binary mode). Its
//     Content-Type, file name and every other parameter are kept. In its
//     header, the Content-Disposition size parameter is updated, the
//     creation-date, modification-date and read-date parameters (the file's
//     own times) are removed, and Content-MD5 (a fingerprint of the
//     original file) is removed. A part sent as 7bit or 8bit is switched to
//     base64, since the cleaned file may not be valid in those;
//   - an attachment that was already clean is left as it was;
//   - content no handler recognises (a .zip, a .txt) is passed on unchanged
//     with a warning, unless its name or declared type claims a format scrub
//     knows (a "report.pdf" that is not a PDF is damaged or disguised, and
//     is refused);
//   - content whose name or type claims another known format than the one
//     it holds (a PDF named photo.jpg) is cleaned as what it is, with a
//     warning: the attachment leaves clean rather than not at all;
//   - content scrub recognises but cannot clean (a password-protected PDF, a
//     legacy .doc, a malformed file, a polyglot) is refused, and so is what
//     scrub cannot see into: encrypted parts (PGP/MIME, S/MIME) and parts in
//     a signed multipart that would need cleaning (cleaning them would break
//     the signature);
//   - an attachment with text under a black box that can be copied out (a
//     fake redaction, which cleaning cannot remove) is refused;
//   - an attachment that keeps content the sender may not see (speaker
//     notes, hidden slides, sheets or text, comments kept as content) holds
//     the message (StatusHeld), unless Options.AllowReview says to send it.
//
// Text parts are never changed, but a patch in them (git send-email sends
// each patch as the text of a message) is read: a file a "GIT binary
// patch" adds or changes is decoded and checked like an attachment, in
// its new and its earlier version. scrub does not rewrite patches, so a
// file in a patch that carries something identifying is refused (clean it
// in the repository and make the patch again); a binary delta against a
// version the message does not hold cannot be checked, and is refused
// too.
//
// Forwarded messages (message/rfc822) are cleaned recursively. Once the
// message is rewritten, Filter parses the result again with go-message, an
// independent MIME parser, and inspects every attachment it finds there:
// if any still carries something removable, Filter fails rather than let it
// through.
package mailfilter

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// Options adjust Filter.
type Options struct {
	// AllowUnclean passes attachments that cannot be cleaned (and content
	// scrub cannot see into) on unchanged, reporting them with
	// StatusPassedUnclean, instead of refusing the whole message. An
	// attachment with a fake redaction is then sent cleaned, with the
	// covered text.
	AllowUnclean bool
	// AllowReview sends attachments that keep content to check (speaker
	// notes, hidden slides…) cleaned, instead of holding the message.
	AllowReview bool
}

// Status says what Filter did with one attachment.
type Status string

const (
	StatusCleaned       Status = "cleaned"        // identifying data removed, body replaced
	StatusAlreadyClean  Status = "already-clean"  // recognised, nothing to remove, left as it was
	StatusUnknown       Status = "unknown"        // content scrub does not know: passed on unchanged
	StatusRefused       Status = "refused"        // cannot be cleaned: the message is refused
	StatusPassedUnclean Status = "passed-unclean" // cannot be cleaned, passed on unchanged (AllowUnclean)
	StatusHeld          Status = "held"           // keeps content to check (speaker notes…): the message is held
)

// Attachment reports on one attachment, or on one part scrub could not see
// into. Every string in it is escaped and safe to print.
type Attachment struct {
	Part     string          // position in the MIME tree, IMAP style: "2", "3.1"
	Name     string          // the file name the message gives it (or its path in a patch), or ""
	Patch    PatchVersion    // for a file in a GIT binary patch in a text part: which version of it
	Type     string          // the declared media type: "application/pdf"
	Format   string          // the format scrub recognised, or ""
	Status   Status          //
	Findings []scrub.Finding // what the original carried
	Warnings []scrub.Warning // what cleaning changed beyond metadata, name/type mismatches
	Reason   string          // for unknown, refused and passed-unclean: why
	Hint     string          // for refused: what the user can do
	Err      error           // for refused and passed-unclean: the error behind Reason
}

// Label names the attachment for messages: its file name if it has one,
// else its part number and type.
func (a Attachment) Label() string {
	switch {
	case a.Part == "":
		return words.T("mail.label.message")
	case a.Patch == PatchNew:
		return words.T("mail.label.patch", a.Name, a.Part)
	case a.Patch == PatchEarlier:
		return words.T("mail.label.patch-earlier", a.Name, a.Part)
	case a.Name != "":
		return words.T("mail.label.name", a.Name)
	case a.Type != "":
		return words.T("mail.label.part-type", a.Part, a.Type)
	}
	return words.T("mail.label.part", a.Part)
}

// Structural reports whether a is about the message's structure (the
// message itself, a multipart) rather than an attachment.
func (a Attachment) Structural() bool { return a.Part == "" || strings.HasPrefix(a.Type, "multipart/") }

// PatchVersion says which version of a file in a GIT binary patch was
// checked: the one the patch makes, or the one it replaces (which the
// patch holds too).
type PatchVersion string

const (
	PatchNew     PatchVersion = "new"
	PatchEarlier PatchVersion = "earlier"
)

// Report lists what Filter did, attachment by attachment, in message order.
type Report struct {
	Attachments []Attachment
	Changed     bool // the output differs from the input
}

// Refused returns the attachments that stopped the message.
func (r *Report) Refused() []Attachment { return r.with(StatusRefused) }

// Held returns the attachments that keep content to check, which held
// the message.
func (r *Report) Held() []Attachment { return r.with(StatusHeld) }

func (r *Report) with(st Status) []Attachment {
	var out []Attachment
	for _, a := range r.Attachments {
		if a.Status == st {
			out = append(out, a)
		}
	}
	return out
}

// ErrRefused is returned (wrapped) by Filter when at least one attachment
// could not be cleaned and Options.AllowUnclean is false. The Report says
// which and why.
var ErrRefused = errors.New("some attachments cannot be cleaned")

// ErrHeld is returned (wrapped) by Filter when no attachment was refused
// but some keep content to check before sending and Options.AllowReview
// is false. The Report says which (StatusHeld) and what they keep.
var ErrHeld = errors.New("some attachments keep content to check before sending")

// ErrFakeRedaction is the error of an attachment refused because it has
// text under a black box that can be copied out (see
// scrub.LabelCoveredText): cleaning cannot remove it.
var ErrFakeRedaction = errors.New("text under a black box can be copied out")

// ErrPatchFile is the error of a file in a GIT binary patch that carries
// something identifying: scrub does not rewrite patches.
var ErrPatchFile = errors.New("a file in a patch carries identifying data")

// ErrPatchUnchecked is the error of a file in a GIT binary patch that
// cannot be checked: given only as a delta against a version the message
// does not hold, or damaged.
var ErrPatchUnchecked = errors.New("a file in a patch cannot be checked")

// ErrVerify is returned (wrapped) by Filter when the rewritten message,
// parsed again independently, still has an attachment with something
// removable. It is a bug in scrub; nothing should be sent.
var ErrVerify = errors.New("verification of the cleaned message failed")

// Limits on the shape of a message: deeper or larger trees are refused.
const (
	maxDepth = 32
	maxParts = 10000
)

// Filter cleans the attachments of the message msg with e and returns the
// cleaned message and a report. On success the returned bytes may be msg
// itself (when nothing needed cleaning). It returns an error wrapping
// ErrRefused (with the report filled in) when an attachment cannot be
// cleaned and opt.AllowUnclean is false; else an error wrapping ErrHeld
// when an attachment keeps content to check and opt.AllowReview is false;
// an error wrapping ErrVerify if
// the result failed verification; ctx.Err() if ctx was cancelled. On any
// error the returned message is nil: nothing partial must be sent. msg is
// never modified.
func Filter(ctx context.Context, e *scrub.Engine, msg []byte, opt Options) ([]byte, *Report, error) {
	f := &filter{ctx: ctx, e: e, opt: opt, rep: &Report{}, allowed: map[[32]byte]bool{}}
	head, rest := splitEnvelope(msg)
	out, changed := f.message(rest, "", 0, nil, false)
	if err := ctx.Err(); err != nil {
		return nil, f.rep, err
	}
	if len(f.rep.Refused()) > 0 {
		return nil, f.rep, fmt.Errorf("%w", ErrRefused)
	}
	if len(f.rep.Held()) > 0 {
		return nil, f.rep, fmt.Errorf("%w", ErrHeld)
	}
	if changed {
		out = append(append([]byte(nil), head...), out...)
	} else {
		out = msg
	}
	f.rep.Changed = changed
	if err := f.verify(out); err != nil {
		if ctx.Err() != nil {
			return nil, f.rep, ctx.Err()
		}
		return nil, f.rep, err
	}
	return out, f.rep, nil
}

// splitEnvelope separates an mbox "From " envelope line (procmail passes
// one) from the message.
func splitEnvelope(msg []byte) (head, rest []byte) {
	if !bytes.HasPrefix(msg, []byte("From ")) {
		return nil, msg
	}
	i := bytes.IndexByte(msg, '\n')
	if i < 0 {
		return nil, msg
	}
	return msg[:i+1], msg[i+1:]
}

type filter struct {
	ctx     context.Context
	e       *scrub.Engine
	opt     Options
	rep     *Report
	parts   int
	broken  bool              // some part's structure could not be read
	allowed map[[32]byte]bool // decoded bodies knowingly passed on unclean
}

// refuse records a part that cannot be cleaned (or passed unclean when
// allowed) and returns its status.
func (f *filter) refuse(a Attachment, err error, data []byte) {
	a.Err = err
	a.Reason = scrub.Escape(err.Error(), 0)
	a.Hint = scrub.Escape(hintFor(err), 0)
	var me *mailError
	if errors.As(err, &me) && me.hint != "" {
		a.Hint = me.hint
	}
	a.Status = StatusRefused
	if f.opt.AllowUnclean {
		a.Status = StatusPassedUnclean
		if data != nil {
			f.allowed[sha256.Sum256(data)] = true
		}
	}
	f.add(a)
}

// hintFor says what to do about an attachment scrub could not clean, in
// terms of the mail commands: scrub sendmail and scrub mailfilter have no
// --password-file and no limit flags, so for those errors the hint says
// how to clean the file with 'scrub clean' and attach the copy.
func hintFor(err error) string {
	var fe *scrub.FormatError
	switch {
	case errors.Is(err, scrub.ErrEncrypted):
		return words.T("mail.hint.password")
	case errors.As(err, &fe) && words.LimitFlag(fe.Limit) != "":
		return words.T("mail.hint.limit-flag", words.LimitFlag(fe.Limit))
	case errors.Is(err, scrub.ErrLimit):
		return words.T("mail.hint.limit")
	case errors.Is(err, ErrFakeRedaction):
		return words.T("mail.hint.fake-redaction")
	case errors.Is(err, ErrPatchFile):
		return words.T("mail.hint.patch-file")
	case errors.Is(err, ErrPatchUnchecked):
		return words.T("mail.hint.patch-delta")
	}
	return scrub.HintFor(err)
}

func (f *filter) add(a Attachment) {
	a.Name = scrub.Escape(a.Name, 200)
	a.Type = scrub.Escape(a.Type, 200)
	f.rep.Attachments = append(f.rep.Attachments, a)
}

// mailError is an error about the message or an attachment, in the
// user's terms; kind, if set, is the sentinel it matches.
type mailError struct {
	reason, hint string
	kind         error
}

func (e *mailError) Error() string { return e.reason }
func (e *mailError) Unwrap() error { return e.kind }

// mailErr returns a *mailError whose reason is the catalogue's message key
// (internal/words) with args.
func mailErr(hint, key string, args ...any) error {
	return &mailError{reason: words.T(key, args...), hint: hint}
}

// childPath returns the IMAP-style number of the i-th (0-based) child of
// the part at path.
func childPath(path string, i int) string {
	if path == "" {
		return fmt.Sprint(i + 1)
	}
	return fmt.Sprintf("%s.%d", path, i+1)
}

// lowerTrim is the canonical form of a header token.
func lowerTrim(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
