package scrub

import (
	"errors"
	"fmt"
)

// Sentinel errors for the conditions callers test with errors.Is. A file
// whose error matches one of them is "refused": scrub understood why it
// cannot clean it, and the original is left untouched. Any other error means
// the file "failed".
var (
	// ErrUnsupported: the content is not a format scrub cleans, or it is
	// one but uses a feature scrub does not handle.
	ErrUnsupported = errors.New("unsupported")
	// ErrEncrypted: the file needs a password to open.
	ErrEncrypted = errors.New("encrypted")
	// ErrMalformed: the content claims to be a format but is not valid.
	ErrMalformed = errors.New("malformed")
	// ErrLimit: the file exceeds a size, count, depth or time limit.
	ErrLimit = errors.New("limit exceeded")
	// ErrMismatch: the content does not match the file name's extension.
	ErrMismatch = errors.New("content does not match the file name")
)

// Reasons a file is skipped or not written, for errors.Is. Result.Err
// holds one of them for every skipped file; the front ends choose their
// own words for each.
var (
	// ErrSymlink: a symbolic link, or a path through one; never followed.
	ErrSymlink = errors.New("symbolic link: not followed")
	// ErrNotRegular: a named pipe, socket or device.
	ErrNotRegular = errors.New("not a regular file")
	// ErrOwnOutput: found in a folder, a name like scrub's own outputs
	// (NAME.cleaned.EXT); named on the command line it is processed.
	ErrOwnOutput = errors.New("looks like scrub's own output (" + CleanedInfix + "): name it on the command line to process it")
	// ErrOutputFolder: the folder cleaned copies are written to; not walked.
	ErrOutputFolder = errors.New("scrub's output folder: not walked")
	// ErrNamedTwice: the same file reached twice; processed once.
	ErrNamedTwice = errors.New("named more than once: processed once")
	// ErrVersionControl: a version-control folder (.git, .hg, .svn…); not
	// walked.
	ErrVersionControl = errors.New("version-control folder: not walked")
	// ErrExists: the output exists and overwriting was not asked for.
	ErrExists = errors.New("the output already exists")
	// ErrMacros: the file has macros and the policy refuses such files
	// (see MacrosRefused).
	ErrMacros = errors.New("the file has macros, and files with macros are to be refused")
	// ErrHardLinks: cleaning in place would leave the file's other names
	// (hard links) with the original content.
	ErrHardLinks = errors.New("the file has other names (hard links) that would keep the original content")
)

// FormatError is the error handlers return when they refuse or cannot parse
// a file. Kind is one of the sentinel errors above (errors.Is works through
// it), Reason says what is wrong in the user's terms, and Hint, if set, says
// what the user can do instead.
type FormatError struct {
	Format string // "docx", "pdf", …; may be empty
	Kind   error  // ErrUnsupported, ErrEncrypted, ErrMalformed, ErrLimit, ErrMismatch
	Reason string
	Hint   string
	Err    error // underlying cause, may be nil
	// Limit names the limit that was exceeded, for errors of kind ErrLimit
	// made with OverLimit; front ends say how to raise it.
	Limit LimitName
}

// MacrosRefused returns the refusal of a file with macros under a policy
// that refuses them (Policy.RefuseMacros). It matches ErrMacros and
// ErrUnsupported.
func MacrosRefused(format string) error { return macrosError(format) }

type macrosError string

func (e macrosError) Error() string {
	msg := "the file has macros (VBA or Basic), and files with macros are to be refused"
	if e != "" {
		msg = string(e) + ": " + msg
	}
	return msg
}
func (macrosError) Is(target error) bool { return target == ErrMacros || target == ErrUnsupported }

// LimitName names one of the Limits, so that a front end can say how to
// raise it (the CLI names its flag, the app its setting).
type LimitName string

const (
	LimitInputSize  LimitName = "input-size"  // Limits.MaxInputSize
	LimitMemberSize LimitName = "member-size" // Limits.MaxMemberSize
	LimitTotalSize  LimitName = "total-size"  // Limits.MaxTotalSize
	LimitMembers    LimitName = "members"     // Limits.MaxMembers
	LimitDepth      LimitName = "depth"       // Limits.MaxDepth
	LimitTime       LimitName = "time"        // Limits.Timeout
)

// OverLimit returns a *FormatError of kind ErrLimit that names the limit
// exceeded. reason says what was too big, in the user's terms ("a member
// inflates to more than 512 MiB"); it names no flag.
func OverLimit(format string, which LimitName, reason string) error {
	return &FormatError{Format: format, Kind: ErrLimit, Reason: reason, Limit: which}
}

func (e *FormatError) Error() string {
	msg := e.Reason
	if msg == "" && e.Kind != nil {
		msg = e.Kind.Error()
	}
	if e.Format != "" {
		msg = e.Format + ": " + msg
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Is lets errors.Is(err, ErrEncrypted) and friends match a FormatError.
func (e *FormatError) Is(target error) bool { return e.Kind != nil && target == e.Kind }

func (e *FormatError) Unwrap() error { return e.Err }

// Unsupported returns a *FormatError of kind ErrUnsupported.
func Unsupported(format, reason, hint string) error {
	return &FormatError{Format: format, Kind: ErrUnsupported, Reason: reason, Hint: hint}
}

// Encrypted returns a *FormatError of kind ErrEncrypted.
func Encrypted(format, reason, hint string) error {
	return &FormatError{Format: format, Kind: ErrEncrypted, Reason: reason, Hint: hint}
}

// Malformed returns a *FormatError of kind ErrMalformed wrapping cause
// (which may be nil).
func Malformed(format string, cause error, reasonf string, args ...any) error {
	return &FormatError{Format: format, Kind: ErrMalformed, Reason: fmt.Sprintf(reasonf, args...), Err: cause}
}

// LimitError returns a *FormatError of kind ErrLimit.
func LimitError(format, reason, hint string) error {
	return &FormatError{Format: format, Kind: ErrLimit, Reason: reason, Hint: hint}
}

// Refused reports whether err means scrub declined the file for a reason it
// understands (unsupported, encrypted, malformed, over a limit, misnamed),
// as opposed to a failure (I/O, verification, internal error).
func Refused(err error) bool {
	return errors.Is(err, ErrUnsupported) || errors.Is(err, ErrEncrypted) ||
		errors.Is(err, ErrMalformed) || errors.Is(err, ErrLimit) || errors.Is(err, ErrMismatch)
}

// HintFor returns what the user can do about err in words that name no
// command-line flag or window: the hint of the first *FormatError in err's
// chain, or a generic next step for scrub's own failures. Front ends add
// how to raise a limit, overwrite, or give a password, in their own terms
// (see FormatError.Limit and the sentinel errors).
func HintFor(err error) string {
	var fe *FormatError
	if errors.As(err, &fe) && fe.Hint != "" {
		return fe.Hint
	}
	switch {
	case IsVerifyFailure(err):
		return "this is a bug in scrub, not a problem with your file: please report it with this message (not the file)"
	case errors.Is(err, ErrHardLinks):
		return "clean a copy instead (not in place), then replace the file's other names with the copy yourself"
	}
	return ""
}

// VerifyError means the cleaned output still had removable findings when
// the engine re-inspected it; nothing was written.
type VerifyError struct {
	Findings []Finding
}

func (e *VerifyError) Error() string {
	return fmt.Sprintf("verification failed: the cleaned copy still has %d identifying item(s); nothing was written", CountRemovable(e.Findings))
}

// PanicError wraps a panic recovered from a handler.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("internal error while parsing (please report): %v", e.Value)
}
