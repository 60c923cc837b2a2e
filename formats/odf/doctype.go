package odf

import (
	"bytes"
	"regexp"
)

// OpenOffice.org wrote formula objects (Object N/content.xml) with a
// document type declaration naming its MathML DTD:
//
//	<!DOCTYPE math:math PUBLIC "-//OpenOffice.org//DTD Modified W3C MathML 1.01//EN" "math.dtd">
//
// xmlclean refuses every DOCTYPE (entity declarations are how entity
// expansion attacks work). This one declares nothing: it only names a DTD,
// which scrub never reads. maskDoctype hides exactly such a declaration
// (right after the XML declaration, an OpenOffice.org public id, a bare file
// name as system id, no internal subset) behind spaces of the same length
// for the filter, and unmaskDoctype puts it back into the filtered output,
// whose prolog xmlclean copies byte for byte. Any other DOCTYPE is left for
// xmlclean to refuse.
var ooDoctype = regexp.MustCompile(`^<!DOCTYPE [A-Za-z_][A-Za-z0-9_.:-]* PUBLIC "-//OpenOffice\.org//DTD [A-Za-z0-9 .]+//EN" "[A-Za-z0-9_.-]+\.dtd">`)

// maskDoctype returns data with the declaration replaced by spaces, the
// declaration and its offset; data itself if it has none.
func maskDoctype(data []byte) ([]byte, []byte, int) {
	off := 0
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		off = 3
	}
	if bytes.HasPrefix(data[off:], []byte("<?xml")) {
		end := bytes.Index(data[off:], []byte("?>"))
		if end < 0 {
			return data, nil, 0
		}
		off += end + 2
	}
	for off < len(data) && (data[off] == ' ' || data[off] == '\n' || data[off] == '\r' || data[off] == '\t') {
		off++
	}
	loc := ooDoctype.FindIndex(data[off:])
	if loc == nil {
		return data, nil, 0
	}
	decl := data[off : off+loc[1]]
	masked := append([]byte(nil), data...)
	for i := off; i < off+loc[1]; i++ {
		masked[i] = ' '
	}
	return masked, decl, off
}

// unmaskDoctype puts the declaration back at off in the filtered output.
// It reports false if the output does not hold the spaces there.
func unmaskDoctype(out, decl []byte, off int) bool {
	if off+len(decl) > len(out) || len(bytes.Trim(out[off:off+len(decl)], " ")) != 0 {
		return false
	}
	copy(out[off:], decl)
	return true
}
