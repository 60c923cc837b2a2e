package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/scrub-project/scrub/formats/internal/warnings"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// fate is what happens to one member.
type fate uint8

const (
	fateCleaned fate = iota // cleaned through the registry (or already clean)
	fateText                // plain text: no metadata, kept as it is
	fateUnknown             // scrub cannot clean it: the policy decides
)

// outcome is the result of cleaning (or inspecting) one member.
type outcome struct {
	fate   fate
	reason string // for fateUnknown: why scrub cannot clean it, in plain words
	same   bool   // cleaned content equals the original
	fs     []scrub.Finding
	ws     []scrub.Warning
}

// members cleans or inspects the members of one archive through the
// registry and keeps what the policy needs to know at the end.
type members struct {
	env     *scrub.Env
	format  string
	policy  string
	unknown []string // "name (reason)"
	kept    []string
	fs      xmlclean.Findings
	ws      []scrub.Warning
}

func newMembers(env *scrub.Env, format string) *members {
	return &members{env: env, format: format, policy: env.Policy.UnknownMembers}
}

// clean cleans the member called name (size bytes in r) into dst, or, with
// dst nil, only inspects it. It returns ErrLimit errors (nesting too deep,
// the budget spent) and failures; a member that no handler cleans, or whose
// handler refuses it, is fateUnknown with the reason. clean only reads ms:
// members may be cleaned at the same time, and recorded in turn.
func (ms *members) clean(ctx context.Context, name string, r io.ReaderAt, size int64, dst *bytes.Buffer, report bool) (outcome, error) {
	if size == 0 {
		return outcome{fate: fateCleaned, same: true}, nil
	}
	h, fname, err := ms.env.Identify(r, size)
	if err != nil {
		if errors.Is(err, scrub.ErrUnknown) {
			if isPlainText(r, size) {
				return outcome{fate: fateText, same: true}, nil
			}
			return outcome{fate: fateUnknown, reason: "scrub does not know this kind of file" + describe(name, r, size)}, nil
		}
		return ms.refusal(err)
	}
	for _, f := range h.Formats() {
		if f.Name == fname && f.Refused != "" {
			return outcome{fate: fateUnknown, reason: f.Refused}, nil
		}
	}
	var o outcome
	switch {
	case dst == nil:
		o.fs, err = ms.env.InspectEmbedded(ctx, name, r, size)
	case report:
		o.fs, o.ws, err = ms.env.CleanReportEmbedded(ctx, name, r, size, dst)
	default:
		o.ws, err = ms.env.CleanEmbedded(ctx, name, r, size, dst)
	}
	if err != nil {
		return ms.refusal(err)
	}
	if dst != nil {
		o.same = int64(dst.Len()) == size && sameContent(r, dst.Bytes())
	}
	return o, nil
}

// refusal turns a member's refusal into fateUnknown with its reason;
// limits and failures end the archive.
func (ms *members) refusal(err error) (outcome, error) {
	if errors.Is(err, scrub.ErrLimit) || !scrub.Refused(err) {
		return outcome{}, err
	}
	var fe *scrub.FormatError
	reason := "scrub cannot clean it"
	if errors.As(err, &fe) && fe.Reason != "" {
		reason = fe.Reason
		if fe.Format != "" {
			reason = fe.Format + ": " + reason
		}
	}
	return outcome{fate: fateUnknown, reason: reason}, nil
}

// sameContent reports whether r holds exactly b.
func sameContent(r io.ReaderAt, b []byte) bool {
	got := make([]byte, min(len(b), 64<<10))
	for off := 0; off < len(b); off += len(got) {
		want := b[off:min(off+len(got), len(b))]
		n, err := r.ReadAt(got[:len(want)], int64(off))
		if n != len(want) || (err != nil && err != io.EOF) || !bytes.Equal(got[:n], want) {
			return false
		}
	}
	return true
}

// record notes the outcome of member name for the findings and the
// policy, and says whether the member goes into the cleaned copy as it
// was (keep) or not at all (drop).
func (ms *members) record(name string, o outcome) (keep, drop bool) {
	ms.fs.AddAll(o.fs)
	ms.ws = append(ms.ws, o.ws...)
	if o.fate != fateUnknown {
		return o.fate == fateText, false
	}
	ms.unknown = append(ms.unknown, fmt.Sprintf("%s (%s)", name, o.reason))
	f := scrub.Finding{Where: name, Value: o.reason, Kind: scrub.KindAttachment, Label: scrub.LabelAttachment}
	switch ms.policy {
	case scrub.UnknownOmit:
		f.Field, f.Action = "member scrub cannot clean (left out)", scrub.Remove
		ms.fs.Add(f)
		return false, true
	case scrub.UnknownKeep:
		f.Field, f.Action = "member KEPT UNCHANGED: scrub cannot clean it, it may still name you", scrub.Report
		ms.fs.Add(f)
		ms.kept = append(ms.kept, name)
		return true, false
	}
	f.Field, f.Action = "member scrub cannot clean (the archive is refused unless you choose to leave such members out or keep them)", scrub.Report
	ms.fs.Add(f)
	return false, true
}

// finish returns the refusal the policy asks for, and the warning about
// kept members.
func (ms *members) finish() error {
	if len(ms.unknown) > 0 && ms.policy == scrub.UnknownRefuse {
		return scrub.Unsupported(ms.format,
			fmt.Sprintf("the archive holds %d member(s) scrub cannot clean: %s", len(ms.unknown), warnings.Names(ms.unknown)),
			"scrub can leave such members out of the cleaned copy, or keep them unchanged if you accept that they may still name you; or take them out of the archive yourself")
	}
	if len(ms.kept) > 0 {
		sort.Strings(ms.kept)
		ms.ws = append(ms.ws, warnings.KeptUnchanged(ms.kept))
	}
	return nil
}

// maxTextCheck bounds how much of a member isPlainText reads.
const maxTextCheck = 64 << 20

// isPlainText reports whether a member is UTF-8 text with nothing a
// reader does not see: no control characters other than tab, line and
// page breaks, no invisible format characters (zero-width spaces and
// joiners, bidirectional controls: the marks a leak-tracing watermark is
// made of), and not markup (XML, HTML, SVG, RTF), which can hide metadata
// in what it does not display. Such a file has no metadata: what it says
// is what it shows.
func isPlainText(r io.ReaderAt, size int64) bool {
	if size > maxTextCheck {
		return false
	}
	sr := io.NewSectionReader(r, 0, size)
	buf := make([]byte, 32<<10)
	var carry []byte
	first := true
	for {
		n, err := sr.Read(buf[len(carry):])
		copy(buf, carry)
		b := buf[:len(carry)+n]
		if first {
			first = false
			t := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), " \t\r\n")
			if bytes.HasPrefix(t, []byte("<")) || bytes.HasPrefix(t, []byte(`{\rtf`)) {
				return false
			}
		}
		i := 0
		for i < len(b) {
			c := b[i]
			if c < utf8.RuneSelf {
				if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
					return false
				}
				i++
				continue
			}
			if !utf8.FullRune(b[i:]) && err == nil {
				break
			}
			ru, w := utf8.DecodeRune(b[i:])
			if ru == utf8.RuneError || unicode.Is(unicode.Cf, ru) && !(ru == 0xfeff && i == 0) || unicode.Is(unicode.Co, ru) || ru >= 0x80 && ru < 0xa0 {
				return false
			}
			i += w
		}
		carry = append(carry[:0], b[i:]...)
		if err == io.EOF {
			return len(carry) == 0
		}
		if err != nil {
			return false
		}
	}
}

// describe says in a few words what an unknown member seems to be.
func describe(name string, r io.ReaderAt, size int64) string {
	head := make([]byte, min(size, 16))
	r.ReadAt(head, 0)
	what := ""
	switch {
	case bytes.HasPrefix(head, []byte("MZ")), bytes.HasPrefix(head, []byte("\x7fELF")),
		bytes.HasPrefix(head, []byte{0xcf, 0xfa, 0xed, 0xfe}), bytes.HasPrefix(head, []byte{0xca, 0xfe, 0xba, 0xbe}):
		what = "a program"
	case bytes.HasPrefix(head, []byte("7z\xbc\xaf\x27\x1c")), bytes.HasPrefix(head, []byte("Rar!")):
		what = "an archive of a kind scrub does not open"
	case bytes.HasPrefix(head, []byte("SQLite format 3")):
		what = "a database"
	case bytes.HasPrefix(head, []byte("<")), bytes.HasPrefix(head, []byte("\xef\xbb\xbf<")):
		what = "markup (XML or HTML)"
	}
	if what == "" {
		return fmt.Sprintf(", %d bytes", size)
	}
	return fmt.Sprintf(": %s, %d bytes", what, size)
}
