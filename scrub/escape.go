package scrub

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxValueLen is the number of characters of a metadata value the engine
// keeps in a Finding; longer values are shortened with an ellipsis and their
// full length.
const MaxValueLen = 300

const maxWhereLen = 400

// Escape makes an attacker-controlled string safe to show on a terminal or
// in a GUI: control characters (C0, DEL, C1, hence every terminal escape
// sequence), bidirectional overrides and isolates, zero-width and other
// format characters, and invalid UTF-8 are written as visible escapes
// (\n, \t, \x1b, \u202e). If max > 0 the result is shortened to about max
// characters. Backslashes are kept as they are, so Windows paths stay
// readable.
func Escape(s string, max int) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		if max > 0 && n >= max {
			rest := utf8.RuneCountInString(s[i:])
			fmt.Fprintf(&b, "… (%d more characters)", rest)
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f:
			fmt.Fprintf(&b, `\u%04x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
		n++
	}
	return b.String()
}

// unsafeRune reports format and separator characters that change how
// surrounding text is displayed: bidi controls, zero-width characters, line
// and paragraph separators, the BOM, and private-use or unassigned planes are
// left alone (they render as boxes, which is honest).
func unsafeRune(r rune) bool {
	switch {
	case r == 0x2028 || r == 0x2029: // line/paragraph separator
		return true
	case r >= 0x202a && r <= 0x202e: // LRE RLE PDF LRO RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI RLI FSI PDI
		return true
	case r == 0x200e || r == 0x200f || r == 0x061c: // LRM RLM ALM
		return true
	case r == 0xfeff:
		return true
	}
	return unicode.Is(unicode.Cf, r) && r != 0x200d // keep ZWJ (emoji sequences)
}
