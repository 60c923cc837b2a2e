// Package imagemeta reads the metadata blocks that image formats share —
// EXIF (TIFF IFDs), XMP packets, IPTC IIM records, Photoshop image
// resources and ICC profile texts — and lists what they reveal as
// findings. The JPEG and PNG handlers drop these blocks; this package only
// reads them, so that Inspect can tell the user what cleaning removes.
//
// Every reader takes attacker-controlled bytes: it is bounds-checked,
// cycle-safe, allocates no more than its input, never panics and never
// fails. What it cannot read it reports as an unreadable block, so a
// damaged block is still listed.
package imagemeta

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/scrub-project/scrub/scrub"
)

// maxFindings bounds the findings one block yields; the rest are counted in
// a final summary finding.
const maxFindings = 300

// maxValue bounds the bytes of a value kept in a finding (the engine
// shortens further for display).
const maxValue = 2048

// maxNest bounds blocks inside blocks (XMP inside EXIF inside Photoshop
// resources...).
const maxNest = 4

// collector gathers the findings of one block.
type collector struct {
	where string
	fs    []scrub.Finding
	more  int
}

func (c *collector) add(field, value string, kind scrub.Kind) {
	c.addAction(field, value, kind, scrub.Remove)
}

func (c *collector) addAction(field, value string, kind scrub.Kind, action scrub.Action) {
	if len(c.fs) >= maxFindings {
		c.more++
		return
	}
	c.fs = append(c.fs, scrub.Finding{Where: c.where, Field: field, Value: clip(value), Kind: kind, Action: action,
		Label: LabelOf(field, kind), Minor: minorFields[field]})
}

// addFinding appends f with the collector's Where (and a label from its
// field if it has none).
func (c *collector) addFinding(f scrub.Finding) {
	if len(c.fs) >= maxFindings {
		c.more++
		return
	}
	f.Where = c.where
	f.Value = clip(f.Value)
	if f.Label == "" {
		f.Label = LabelOf(f.Field, f.Kind)
	}
	c.fs = append(c.fs, f)
}

// merge appends findings read from a block nested in this one.
func (c *collector) merge(fs []scrub.Finding) {
	for _, f := range fs {
		if len(c.fs) >= maxFindings {
			c.more++
			continue
		}
		c.fs = append(c.fs, f)
	}
}

func (c *collector) done() []scrub.Finding {
	if c.more > 0 {
		c.fs = append(c.fs, scrub.Finding{Where: c.where, Field: "more items",
			Value: fmt.Sprintf("%d more items not listed", c.more), Kind: scrub.KindOther, Action: scrub.Remove,
			Label: scrub.LabelMetadata})
	}
	return c.fs
}

// clip shortens s to at most maxValue bytes on a rune boundary.
func clip(s string) string {
	if len(s) <= maxValue {
		return s
	}
	cut := maxValue
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Preview returns the readable text in b: runs of at least four printable
// characters, separated by spaces, up to about max bytes. It is the value
// shown for binary blocks scrub does not parse (maker notes, unknown
// segments, data after the end of an image).
func Preview(b []byte, max int) string {
	var out strings.Builder
	var run []byte
	runes := 0
	flush := func() {
		if runes >= 4 && out.Len() < max {
			if out.Len() > 0 {
				out.WriteByte(' ')
			}
			out.Write(run)
		}
		run, runes = run[:0], 0
	}
	for i := 0; i < len(b) && out.Len() < max; {
		r, size := utf8.DecodeRune(b[i:])
		if (r == utf8.RuneError && size <= 1) || !unicode.IsPrint(r) {
			flush()
			i += max1(size)
			continue
		}
		if len(run) < max {
			run = append(run, b[i:i+size]...)
		}
		runes++
		i += size
	}
	flush()
	s := out.String()
	if len(s) > max {
		s = clip(s[:max])
	}
	return strings.TrimSpace(s)
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// Describe returns "N bytes" followed by the readable text of b, for
// blocks whose structure scrub does not know.
func Describe(b []byte) string {
	p := Preview(b, 400)
	if p == "" {
		return fmt.Sprintf("%d bytes", len(b))
	}
	return fmt.Sprintf("%d bytes: %s", len(b), p)
}

// Size says how big n bytes are, for a person: "812 bytes", "12 KB",
// "3.4 MB".
func Size(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%d KB", (n+500)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// Latin1 decodes ISO 8859-1 text (PNG tEXt, old IPTC) unless it is already
// valid UTF-8.
func Latin1(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// utf16Text decodes UTF-16 text in the given byte order (true: big-endian),
// honouring a byte order mark, up to the first NUL.
func utf16Text(b []byte, bigEndian bool) string {
	if len(b) >= 2 {
		switch {
		case b[0] == 0xfe && b[1] == 0xff:
			bigEndian, b = true, b[2:]
		case b[0] == 0xff && b[1] == 0xfe:
			bigEndian, b = false, b[2:]
		}
	}
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		var c uint16
		if bigEndian {
			c = uint16(b[i])<<8 | uint16(b[i+1])
		} else {
			c = uint16(b[i+1])<<8 | uint16(b[i])
		}
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}

// text trims NULs and spaces from a stored string.
func text(b []byte) string {
	b = bytes.TrimRight(b, "\x00")
	// Several NUL-separated strings: keep them all, visibly separated.
	s := strings.ReplaceAll(Latin1(b), "\x00", "; ")
	return strings.TrimSpace(s)
}
