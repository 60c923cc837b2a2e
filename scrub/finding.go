package scrub

// Kind classifies what a finding reveals. The set is fixed: the CLI, the
// JSON output and the desktop app group findings by it.
type Kind string

const (
	KindPerson      Kind = "person"         // a name: author, editor, commenter, artist
	KindAccount     Kind = "account"        // a user or account id, tenant, login
	KindContact     Kind = "contact"        // e-mail, phone, postal address, URL of a person
	KindPath        Kind = "path"           // a local or network file path (often names the user)
	KindMachine     Kind = "machine"        // host, printer, network share
	KindDevice      Kind = "device"         // camera make/model/serial, scanner
	KindLocation    Kind = "location"       // GPS position, place names in metadata
	KindTime        Kind = "time"           // creation, edit, print dates; edit durations
	KindSoftware    Kind = "software"       // producer, application and version strings
	KindEditHistory Kind = "edit-history"   // tracked changes, revision ids, edit-session ids
	KindComment     Kind = "comment"        // comments, annotations and their authors
	KindHidden      Kind = "hidden-content" // content that is present but not shown
	KindAttachment  Kind = "attachment"     // embedded files, macros, foreign objects
	KindOther       Kind = "other"          // titles, keywords, ids, anything else
)

// Kinds lists every Kind in display order.
var Kinds = []Kind{
	KindPerson, KindAccount, KindContact, KindPath, KindMachine, KindDevice,
	KindLocation, KindTime, KindSoftware, KindEditHistory, KindComment,
	KindHidden, KindAttachment, KindOther,
}

// Action says what cleaning does with a finding.
type Action string

const (
	// Remove: clean removes it. A cleaned file must have no Remove findings
	// left; the engine verifies that before it writes the output.
	Remove Action = "remove"
	// Report: clean keeps it (it is visible or structural content such as
	// speaker notes or a hidden sheet); the user should know and decide.
	Report Action = "report"
)

// Finding is one piece of identifying or hidden data in a file.
//
// Values come from the file and are attacker-controlled: the engine escapes
// Where, Field and Value (see Escape) before a Finding leaves it, so they are
// safe to print.
type Finding struct {
	Where  string `json:"where"`           // part, member or page: "docProps/core.xml", "page 3", "EXIF"
	Field  string `json:"field"`           // "dc:creator", "GPSLatitude", "w:del"
	Value  string `json:"value,omitempty"` // the value, shortened and escaped
	Kind   Kind   `json:"kind"`
	Action Action `json:"action"`
	// Label says in a word what it is (the author, the camera, where a
	// photo was taken); the front ends turn it into the user's words.
	Label Label `json:"label"`
	// Minor marks what identifies no one (document statistics, default
	// values, a generic colour profile) or what the sender cannot act on
	// (font names, outline titles): it is still removed or kept as Action
	// says, but it is not counted and is shown only with the details.
	Minor bool `json:"minor,omitempty"`
	// Picture shows what the finding is about where words are not enough;
	// handlers attach one only when Policy.Pictures asks. It is never
	// written to a report.
	Picture *Picture `json:"-"`
}

// Picture is a picture a file holds, as the file holds it (PNG, JPEG or
// GIF bytes, at most MaxPictureSize), with the part the reader sees
// outlined: a cropped picture shows its whole self and the crop.
type Picture struct {
	Data []byte
	// Shown is the part the reader sees, in fractions of the picture's
	// width and height from its top left corner: left, top, right, bottom.
	// {0, 0, 1, 1} is all of it.
	Shown [4]float64
}

// MaxPictureSize bounds the pictures findings carry: a larger one is not
// attached (the finding's words still say what it hides).
const MaxPictureSize = 16 << 20

// Warning tells the user about something cleaning changed beyond metadata,
// e.g. a digital signature that had to go.
type Warning struct {
	Where   string `json:"where,omitempty"`
	Message string `json:"message"`
}

// Removable reports whether any finding would be removed by cleaning.
func Removable(fs []Finding) bool {
	for _, f := range fs {
		if f.Action == Remove {
			return true
		}
	}
	return false
}

// Serious reports whether f must stop a file from being sent even though
// cleaning keeps it: text that only looks redacted (a black box over text
// that is still there) is the one such finding. Inspect and check count a
// file with one as dirty.
func Serious(f Finding) bool { return f.Label == LabelCoveredText }

// Blocking reports whether a file with these findings must not be sent as
// it is: something to remove, or something serious kept.
func Blocking(fs []Finding) bool {
	for _, f := range fs {
		if f.Action == Remove || Serious(f) {
			return true
		}
	}
	return false
}

// CountRemovable returns how many findings cleaning would remove.
func CountRemovable(fs []Finding) int {
	n := 0
	for _, f := range fs {
		if f.Action == Remove {
			n++
		}
	}
	return n
}

// nest returns findings with where prefixed, as seen from a container.
func nest(where string, fs []Finding) []Finding {
	if where == "" {
		return fs
	}
	out := make([]Finding, len(fs))
	for i, f := range fs {
		f.Where = joinWhere(where, f.Where)
		out[i] = f
	}
	return out
}

func nestWarnings(where string, ws []Warning) []Warning {
	if where == "" {
		return ws
	}
	out := make([]Warning, len(ws))
	for i, w := range ws {
		w.Where = joinWhere(where, w.Where)
		out[i] = w
	}
	return out
}

func joinWhere(outer, inner string) string {
	if inner == "" {
		return outer
	}
	return outer + " > " + inner
}

func escapeFindings(fs []Finding) []Finding {
	for i := range fs {
		fs[i].Where = Escape(fs[i].Where, maxWhereLen)
		fs[i].Field = Escape(fs[i].Field, maxWhereLen)
		fs[i].Value = Escape(fs[i].Value, MaxValueLen)
	}
	return fs
}

func escapeWarnings(ws []Warning) []Warning {
	for i := range ws {
		ws[i].Where = Escape(ws[i].Where, maxWhereLen)
		ws[i].Message = Escape(ws[i].Message, MaxValueLen)
	}
	return ws
}
