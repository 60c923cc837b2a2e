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
//     the signature).
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
	// StatusPassedUnclean, instead of refusing the whole message.
	AllowUnclean bool
}

// Status says what Filter did with one attachment.
type Status string

const (
	StatusCleaned       Status = "cleaned"        // identifying data removed, body replaced
	StatusAlreadyClean  Status = "already-clean"  // recognised, nothing to remove, left as it was
	StatusUnknown       Status = "unknown"        // content scrub does not know: passed on unchanged
	StatusRefused       Status = "refused"        // cannot be cleaned: the message is refused
	StatusPassedUnclean Status = "passed-unclean" // cannot be cleaned, passed on unchanged (AllowUnclean)
)

// Attachment reports on one attachment, or on one part scrub could not see
// into. Every string in it is escaped and safe to print.
type Attachment struct {
	Part     string          // position in the MIME tree, IMAP style: "2", "3.1"
	Name     string          // the file name the message gives it, or ""
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
	if a.Part == "" {
		return "the message"
	}
	if a.Name != "" {
		return fmt.Sprintf("%q", a.Name)
	}
	if a.Type != "" {
		return fmt.Sprintf("part %s (%s)", a.Part, a.Type)
	}
	return "part " + a.Part
}

// Report lists what Filter did, attachment by attachment, in message order.
type Report struct {
	Attachments []Attachment
	Changed     bool // the output differs from the input
}

// Refused returns the attachments that stopped the message.
func (r *Report) Refused() []Attachment {
	var out []Attachment
	for _, a := range r.Attachments {
		if a.Status == StatusRefused {
			out = append(out, a)
		}
	}
	return out
}

// ErrRefused is returned (wrapped) by Filter when at least one attachment
// could not be cleaned and Options.AllowUnclean is false. The Report says
// which and why.
var ErrRefused = errors.New("some attachments cannot be cleaned")

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
// cleaned and opt.AllowUnclean is false; an error wrapping ErrVerify if
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
		return "if you know the password, clean a copy with 'scrub clean --password-file FILE' (the cleaned copy has no password) and attach that instead"
	case errors.As(err, &fe) && words.LimitFlag(fe.Limit) != "":
		return "if you trust the file, clean a copy with 'scrub clean' (raise the limit with " + words.LimitFlag(fe.Limit) + ") and attach that instead"
	case errors.Is(err, scrub.ErrLimit):
		return "if you trust the file, clean a copy with 'scrub clean' and attach that instead"
	}
	return scrub.HintFor(err)
}

func (f *filter) add(a Attachment) {
	a.Name = scrub.Escape(a.Name, 200)
	a.Type = scrub.Escape(a.Type, 200)
	f.rep.Attachments = append(f.rep.Attachments, a)
}

// mailError is an error about the message itself, in the user's terms.
type mailError struct {
	reason, hint string
}

func (e *mailError) Error() string { return e.reason }

func mailErrorf(hint, format string, args ...any) error {
	return &mailError{reason: fmt.Sprintf(format, args...), hint: hint}
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
