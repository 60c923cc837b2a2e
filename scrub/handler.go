package scrub

import (
	"context"
	"io"
	"time"
)

// Format describes one file type a handler knows.
type Format struct {
	Name        string   `json:"name"`        // short id: "docx", "jpeg", "doc"
	Extensions  []string `json:"extensions"`  // lower case with dot: ".docx", ".docm"
	Description string   `json:"description"` // "Word document"
	// MediaTypes are the MIME types the format is sent as, the usual one
	// first ("application/pdf"): the mail filter and the desktop file use
	// them.
	MediaTypes []string `json:"media_types,omitempty"`
	Refused    string   `json:"refused,omitempty"` // non-empty: scrub recognises but refuses it, and why
	Hint       string   `json:"hint,omitempty"`    // for refused formats: what to do instead
}

// Handler cleans one family of formats. Implementations live under
// formats/ and are registered explicitly in formats/all.
//
// Handlers read from an io.ReaderAt and never touch the file system. They
// must honour ctx, respect env.Limits, and return *FormatError (or an error
// wrapping one of the sentinel errors) for input they refuse. Containers
// (Office documents, PDFs) clean what they embed through env.
type Handler interface {
	// Name is the family name, unique in a registry: "jpeg", "ooxml".
	Name() string

	// Formats lists the formats this handler identifies.
	Formats() []Format

	// Identify looks at the content and returns the name of the format it
	// holds (one of Formats), or "" if the content is not this handler's.
	// head holds the first bytes of the input (up to 4 KiB). Identify must
	// be cheap and must not fail on other handlers' formats; it may return
	// an error for content that is clearly its family but refused (e.g. an
	// encrypted container).
	Identify(head []byte, r io.ReaderAt, size int64) (string, error)

	// Inspect lists what the file leaks. It writes nothing.
	Inspect(ctx context.Context, env *Env, r io.ReaderAt, size int64) ([]Finding, error)

	// Clean writes a cleaned copy of the input to w. On error, whatever was
	// written to w must be discarded by the caller. Warnings tell the user
	// about changes beyond metadata (a signature removed, a password
	// dropped).
	Clean(ctx context.Context, env *Env, r io.ReaderAt, size int64, w io.Writer) ([]Warning, error)
}

// ReportingCleaner is a Handler whose Clean can also return what Inspect
// would report for the input, from the same pass. The engine then cleans
// without inspecting first: one read of the input instead of two. Handlers
// implement it only when their Clean applies exactly Inspect's rules (the
// engine still verifies every output with Inspect).
type ReportingCleaner interface {
	Handler
	// CleanReport is Clean that also returns the findings of the input.
	CleanReport(ctx context.Context, env *Env, r io.ReaderAt, size int64, w io.Writer) ([]Finding, []Warning, error)
}

// Limits bound what a single input may cost. Zero fields take the defaults.
type Limits struct {
	MaxInputSize  int64         // bytes of the input file
	MaxMemberSize int64         // decompressed bytes of one member, stream or part
	MaxTotalSize  int64         // decompressed bytes of one input, nested content included
	MaxMembers    int           // members of one archive, objects of one PDF (in thousands for PDF)
	MaxDepth      int           // documents inside documents
	Timeout       time.Duration // per input file
}

// DefaultLimits are generous for real documents and refuse decompression
// bombs.
var DefaultLimits = Limits{
	// Inputs are read, never loaded whole (video and audio are streamed),
	// so their size is not a danger: the limit is one no phone video
	// reaches.
	MaxInputSize:  256 << 30,
	MaxMemberSize: 512 << 20,
	MaxTotalSize:  2 << 30,
	MaxMembers:    20000,
	MaxDepth:      4,
	Timeout:       5 * time.Minute,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxInputSize > 0 {
		d.MaxInputSize = l.MaxInputSize
	}
	if l.MaxMemberSize > 0 {
		d.MaxMemberSize = l.MaxMemberSize
	}
	if l.MaxTotalSize > 0 {
		d.MaxTotalSize = l.MaxTotalSize
	}
	if l.MaxMembers > 0 {
		d.MaxMembers = l.MaxMembers
	}
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	if l.Timeout > 0 {
		d.Timeout = l.Timeout
	}
	return d
}

// Policy holds the user's choices where cleaning has to trade content for
// safety. The zero value is the default policy: remove metadata, comments,
// attachments and macros, accept tracked changes, report hidden content.
type Policy struct {
	// RefuseMacros makes handlers refuse files with macro projects (VBA,
	// Basic) instead of removing the macros. Macros can carry user names
	// and paths and scrub cannot clean them, so by default they go (with a
	// warning) and the document keeps its content.
	RefuseMacros bool
	// Password opens encrypted files (PDF user password) when set.
	Password string
	// UnknownMembers decides what an archive (zip, tar) does with members
	// scrub cannot clean: "" refuses the archive, naming them; "omit"
	// leaves them out; "keep" keeps them unchanged and reports each.
	UnknownMembers string
	// RemoveHidden removes hidden content where that does not change what
	// the reader sees: objects off the page or slide, hidden shapes, text
	// in the background colour or too small to read, the cropped-away
	// parts of pictures. By default they are reported.
	RemoveHidden bool
	// RemoveHiddenSheets also removes hidden rows, columns and sheets
	// (they may feed formulas the reader sees: only on request).
	RemoveHiddenSheets bool
	// Redactions decides what happens to redaction marks a PDF holds but
	// never applied (/Redact annotations): "" reports them (and check
	// fails), "apply" removes what they cover, "remove" removes the marks.
	Redactions string
	// Pictures asks handlers to attach a Picture to the findings where one
	// helps the sender see what is hidden (a cropped picture, whole). The
	// pictures hold the file's own data, so only a front end that shows
	// them asks (the desktop app); reports never carry them.
	Pictures bool
}

// Values of Policy.UnknownMembers and Policy.Redactions.
const (
	UnknownRefuse = ""
	UnknownOmit   = "omit"
	UnknownKeep   = "keep"

	RedactReport = ""
	RedactApply  = "apply"
	RedactRemove = "remove"
)
