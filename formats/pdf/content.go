package pdf

import (
	"bytes"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Content streams (page contents, form XObjects, tiling patterns, Type 3
// glyphs, annotation appearances) are PostScript-like token streams
// (ISO 32000-1 §7.8.2). A PostScript comment ("% …" to the end of the
// line, outside strings) is not content: writers leave their names, file
// names and versions there. Rewriting a stream removes comments, Acrobat's
// TouchUp edit markers and the metadata of inline images holding JPEG or
// JPEG 2000 data; the lexer below is what lets it tell a comment from a
// percent sign inside a string.

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokNumber
	tokName
	tokString // literal string, with its parentheses
	tokHex    // hex string, with its angle brackets
	tokArrayOpen
	tokArrayClose
	tokDictOpen
	tokDictClose
	tokComment
	tokOp // operator or keyword (true, false, null)
)

type token struct {
	kind       tokKind
	start, end int
}

// lexer splits content into tokens. It never fails: a byte that starts no
// token is a one-byte operator, an unterminated string runs to the end.
type lexer struct {
	b []byte
	i int
}

func isSpace(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func isRegular(c byte) bool { return !isSpace(c) && !isDelim(c) }

func (l *lexer) next() token {
	b := l.b
	for l.i < len(b) && isSpace(b[l.i]) {
		l.i++
	}
	if l.i >= len(b) {
		return token{kind: tokEOF, start: len(b), end: len(b)}
	}
	s := l.i
	switch c := b[s]; c {
	case '%':
		for l.i < len(b) && b[l.i] != '\n' && b[l.i] != '\r' {
			l.i++
		}
		return token{tokComment, s, l.i}
	case '(':
		depth := 0
		for l.i < len(b) {
			switch b[l.i] {
			case '\\':
				l.i++
			case '(':
				depth++
			case ')':
				depth--
			}
			l.i++
			if depth == 0 {
				break
			}
		}
		l.i = min(l.i, len(b))
		return token{tokString, s, l.i}
	case '<':
		if s+1 < len(b) && b[s+1] == '<' {
			l.i += 2
			return token{tokDictOpen, s, l.i}
		}
		for l.i < len(b) && b[l.i] != '>' {
			l.i++
		}
		l.i = min(l.i+1, len(b))
		return token{tokHex, s, l.i}
	case '>':
		if s+1 < len(b) && b[s+1] == '>' {
			l.i += 2
			return token{tokDictClose, s, l.i}
		}
		l.i++
		return token{tokOp, s, l.i}
	case '[':
		l.i++
		return token{tokArrayOpen, s, l.i}
	case ']':
		l.i++
		return token{tokArrayClose, s, l.i}
	case '/':
		l.i++
		for l.i < len(b) && isRegular(b[l.i]) {
			l.i++
		}
		return token{tokName, s, l.i}
	case ')', '{', '}':
		l.i++
		return token{tokOp, s, l.i}
	}
	for l.i < len(b) && isRegular(b[l.i]) {
		l.i++
	}
	if isNumber(b[s:l.i]) {
		return token{tokNumber, s, l.i}
	}
	return token{tokOp, s, l.i}
}

func isNumber(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	digits := false
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.', (c == '+' || c == '-') && i == 0:
		default:
			return false
		}
	}
	return digits
}

// maxContentNesting bounds arrays and dictionaries nested in a content
// stream's operands.
const maxContentNesting = 64

// object parses the operand that starts with t (a number, name, string,
// array or dictionary) into a pdfcpu object, reading further tokens for
// arrays and dictionaries. Malformed operands give what could be read.
func (l *lexer) object(t token, depth int) types.Object {
	b := l.b
	switch t.kind {
	case tokNumber:
		s := string(b[t.start:t.end])
		// Atoi fails on a real number (its error is an allocation):
		// only what could be an integer is tried as one.
		if bytes.IndexByte(b[t.start:t.end], '.') < 0 {
			if i, err := strconv.Atoi(s); err == nil {
				return types.Integer(i)
			}
		}
		f, _ := strconv.ParseFloat(s, 64)
		return types.Float(f)
	case tokName:
		n, err := types.DecodeName(string(b[t.start+1 : t.end]))
		if err != nil {
			n = string(b[t.start+1 : t.end])
		}
		return types.Name(n)
	case tokString:
		end := t.end
		if end-t.start >= 2 && b[end-1] == ')' {
			end--
		}
		return types.StringLiteral(b[t.start+1 : end])
	case tokHex:
		end := t.end
		if end-t.start >= 2 && b[end-1] == '>' {
			end--
		}
		return types.HexLiteral(bytes.Map(func(r rune) rune {
			if isSpace(byte(r)) {
				return -1
			}
			return r
		}, b[t.start+1:end]))
	case tokOp:
		switch string(b[t.start:t.end]) {
		case "true":
			return types.Boolean(true)
		case "false":
			return types.Boolean(false)
		}
		return nil
	case tokArrayOpen:
		var a types.Array
		for {
			u := l.next()
			if u.kind == tokEOF || u.kind == tokArrayClose || depth > maxContentNesting {
				return a
			}
			if u.kind == tokComment {
				continue
			}
			a = append(a, l.object(u, depth+1))
		}
	case tokDictOpen:
		d := types.Dict{}
		for {
			k := l.next()
			for k.kind == tokComment {
				k = l.next()
			}
			if k.kind != tokName || depth > maxContentNesting {
				return d
			}
			v := l.next()
			for v.kind == tokComment {
				v = l.next()
			}
			if v.kind == tokEOF || v.kind == tokDictClose {
				return d
			}
			d[string(l.object(k, depth+1).(types.Name))] = l.object(v, depth+1)
		}
	}
	return nil
}

// unescape returns the bytes a literal string (without its parentheses)
// stands for (ISO 32000-1 §7.3.4.2).
func unescape(s []byte) []byte {
	if bytes.IndexByte(s, '\\') < 0 && bytes.IndexByte(s, '\r') < 0 {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\r' {
			out = append(out, '\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			continue
		}
		if c != '\\' || i+1 >= len(s) {
			out = append(out, c)
			continue
		}
		i++
		switch c = s[i]; c {
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\n':
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(c - '0')
			for k := 0; k < 2 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '7'; k++ {
				i++
				v = v*8 + int(s[i]-'0')
			}
			out = append(out, byte(v))
		default:
			out = append(out, c)
		}
	}
	return out
}

func unhex(s []byte) []byte {
	out := make([]byte, 0, len(s)/2+1)
	hi, half := byte(0), false
	for _, c := range s {
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return out
}

// stringBytes returns the bytes of a string object (literal or hex), and
// false for other objects.
func stringBytes(o types.Object) ([]byte, bool) {
	switch t := o.(type) {
	case types.StringLiteral:
		return unescape([]byte(t)), true
	case types.HexLiteral:
		return unhex([]byte(t)), true
	}
	return nil, false
}

// decodeText turns the bytes of a PDF text string into UTF-8: UTF-16BE or
// UTF-8 with their byte order marks, else PDFDocEncoding, read as Latin-1
// (they agree on the letters).
func decodeText(b []byte) string {
	switch {
	case len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff:
		u := make([]uint16, 0, len(b)/2)
		for i := 2; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return string(utf16.Decode(u))
	case len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf:
		return string(b[3:])
	}
	// Latin-1: ASCII as it is (nearly all text), the upper half as two
	// bytes of UTF-8 each.
	i := 0
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	if i == len(b) {
		return string(b)
	}
	out := make([]byte, i, len(b)+(len(b)-i))
	copy(out, b[:i])
	for _, c := range b[i:] {
		out = utf8.AppendRune(out, rune(c))
	}
	return string(out)
}

// contentText returns the strings a content stream shows (operands of Tj,
// TJ, ' and ") and the replacement texts of its marked content
// (ActualText, Alt, E), as the reader sees or hears them.
func contentText(b []byte) []string {
	var out []string
	l := &lexer{b: b}
	var operands []types.Object
	for n := 0; ; n++ {
		t := l.next()
		switch t.kind {
		case tokEOF:
			return out
		case tokComment:
			continue
		case tokOp:
			switch string(b[t.start:t.end]) {
			case "Tj", "'", `"`:
				if len(operands) > 0 {
					if s, ok := stringBytes(operands[len(operands)-1]); ok {
						out = append(out, decodeText(s))
					}
				}
			case "TJ":
				if len(operands) > 0 {
					if a, ok := operands[len(operands)-1].(types.Array); ok {
						var joined []byte
						for _, e := range a {
							if s, ok := stringBytes(e); ok {
								joined = append(joined, s...)
							}
						}
						out = append(out, decodeText(joined))
					}
				}
			case "BDC", "DP":
				if len(operands) > 0 {
					if d, ok := operands[len(operands)-1].(types.Dict); ok {
						for _, k := range []string{"ActualText", "Alt", "E"} {
							if s, ok := stringBytes(d[k]); ok {
								out = append(out, decodeText(s))
							}
						}
					}
				}
			case "BI":
				l.skipInlineImage()
			}
			operands = operands[:0]
		case tokNumber, tokName:
			// Not text, nor a dictionary: counted, not parsed.
			if len(operands) < 64 {
				operands = append(operands, nil)
			}
		default:
			if len(operands) < 64 {
				operands = append(operands, l.object(t, 0))
			}
		}
	}
}

// inlineImage is one BI … ID … EI sequence of a content stream.
type inlineImage struct {
	start      int        // offset of BI
	dict       types.Dict // the image dictionary (abbreviated keys as written)
	dataStart  int        // first byte after ID and its white space
	dataEnd    int        // end of the image data
	end        int        // offset just after EI
	terminated bool       // EI was found
}

// inlineImage reads the rest of an inline image after its BI operator
// (which ended at l.i) and leaves l after EI.
func (l *lexer) inlineImage(start int) inlineImage {
	im := inlineImage{start: start, dict: types.Dict{}}
	b := l.b
	for {
		t := l.next()
		if t.kind == tokEOF {
			im.dataStart, im.dataEnd, im.end = len(b), len(b), len(b)
			return im
		}
		if t.kind == tokOp && string(b[t.start:t.end]) == "ID" {
			break
		}
		if t.kind != tokName {
			continue
		}
		v := l.next()
		if v.kind == tokEOF {
			im.dataStart, im.dataEnd, im.end = len(b), len(b), len(b)
			return im
		}
		if v.kind == tokOp && string(b[v.start:v.end]) == "ID" {
			break
		}
		im.dict[string(l.object(t, 0).(types.Name))] = l.object(v, 0)
	}
	// One white-space byte separates ID from the data.
	if l.i < len(b) && isSpace(b[l.i]) {
		l.i++
	}
	im.dataStart = l.i
	im.dataEnd = inlineDataEnd(b, l.i, im.dict)
	j := im.dataEnd
	for j < len(b) && isSpace(b[j]) {
		j++
	}
	if j+2 <= len(b) && b[j] == 'E' && b[j+1] == 'I' && (j+2 == len(b) || !isRegular(b[j+2])) {
		im.end = j + 2
		im.terminated = true
	} else {
		im.end = im.dataEnd
	}
	l.i = im.end
	return im
}

func (l *lexer) skipInlineImage() { l.inlineImage(l.i) }

// abbreviations of inline image keys and filter names (§8.9.7).
var (
	inlineKeys    = map[string]string{"BPC": "BitsPerComponent", "CS": "ColorSpace", "D": "Decode", "DP": "DecodeParms", "F": "Filter", "H": "Height", "IM": "ImageMask", "I": "Interpolate", "W": "Width", "L": "Length"}
	inlineFilters = map[string]string{"AHx": "ASCIIHexDecode", "A85": "ASCII85Decode", "LZW": "LZWDecode", "Fl": "FlateDecode", "RL": "RunLengthDecode", "CCF": "CCITTFaxDecode", "DCT": "DCTDecode"}
)

// inlineValue returns the value of an inline image key, written in full
// or abbreviated.
func inlineValue(d types.Dict, full string) types.Object {
	if v, ok := d[full]; ok {
		return v
	}
	for a, f := range inlineKeys {
		if f == full {
			return d[a]
		}
	}
	return nil
}

// inlineFilterNames returns an inline image's filters, by their full
// names.
func inlineFilterNames(d types.Dict) []string {
	var names []string
	add := func(o types.Object) {
		if n, ok := o.(types.Name); ok {
			s := string(n)
			if f, ok := inlineFilters[s]; ok {
				s = f
			}
			names = append(names, s)
		}
	}
	switch f := inlineValue(d, "Filter").(type) {
	case types.Name:
		add(f)
	case types.Array:
		for _, e := range f {
			add(e)
		}
	}
	return names
}

// inlineDataEnd finds where an inline image's data ends. A declared
// /Length (PDF 2.0), the end-of-data markers of ASCII filters and the
// end-of-image marker of JPEG data are exact; otherwise the data ends
// before the first "EI" that stands alone and is followed by what looks
// like content (as viewers do it).
func inlineDataEnd(b []byte, start int, d types.Dict) int {
	if n, ok := inlineValue(d, "Length").(types.Integer); ok && n >= 0 && start+int(n) <= len(b) {
		return start + int(n)
	}
	filters := inlineFilterNames(d)
	if len(filters) > 0 {
		switch filters[0] {
		case "ASCIIHexDecode":
			if i := bytes.IndexByte(b[start:], '>'); i >= 0 {
				return start + i + 1
			}
		case "ASCII85Decode":
			if i := bytes.Index(b[start:], []byte("~>")); i >= 0 {
				return start + i + 2
			}
		case "DCTDecode":
			if n := jpegLength(b[start:]); n > 0 {
				return start + n
			}
		}
	}
	for i := start; ; {
		j := bytes.Index(b[i:], []byte("EI"))
		if j < 0 {
			return len(b)
		}
		e := i + j
		before := e == start || isSpace(b[e-1])
		after := e+2 == len(b) || isSpace(b[e+2])
		if before && after && plausibleContent(b[e+2:]) {
			if e > start {
				e-- // the white-space byte before EI belongs to the syntax
			}
			return e
		}
		i = e + 2
	}
}

// plausibleContent reports whether b starts like content-stream syntax:
// printable ASCII for a while.
func plausibleContent(b []byte) bool {
	for i := 0; i < len(b) && i < 32; i++ {
		c := b[i]
		if c >= 0x7f || (c < 0x20 && !isSpace(c)) {
			return false
		}
	}
	return true
}

// jpegLength returns the length of the JPEG that starts b (through its
// end-of-image marker), or 0.
func jpegLength(b []byte) int {
	if len(b) < 4 || b[0] != 0xff || b[1] != 0xd8 {
		return 0
	}
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xff {
			return 0
		}
		m := b[i+1]
		switch {
		case m == 0xff:
			i++
			continue
		case m == 0xd9:
			return i + 2
		case m >= 0xd0 && m <= 0xd7, m == 0x01:
			i += 2
			continue
		}
		n := int(b[i+2])<<8 | int(b[i+3])
		if n < 2 {
			return 0
		}
		i += 2 + n
		if m != 0xda {
			continue
		}
		// Entropy-coded data: up to a marker other than a restart or a
		// stuffed zero.
		for i+1 < len(b) {
			if b[i] == 0xff && b[i+1] != 0 && !(b[i+1] >= 0xd0 && b[i+1] <= 0xd7) && b[i+1] != 0xff {
				break
			}
			i++
		}
	}
	return 0
}
