package xmlclean

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"
)

// scanner splits XML into tokens without copying: every token is a slice
// of buf, valid until the next call to next.
type scanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	base     int64 // input offset of buf[0]
	maxToken int
	rerr     error
}

type tokKind uint8

const (
	tokText tokKind = iota
	tokStart
	tokEnd
	tokComment
	tokPI
	tokCDATA
	tokEOF
)

// fill reads more input, keeping buf[pos:end]. It returns false at EOF.
func (s *scanner) fill() (bool, error) {
	if s.eof {
		return false, s.rerr
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.pos, s.end = 0, n
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= s.maxToken {
			return false, &limitError{fmt.Sprintf("an XML token is longer than %d MiB", s.maxToken>>20)}
		}
		nb := make([]byte, min(2*len(s.buf), s.maxToken))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
			return n > 0, nil
		}
		if err != nil {
			s.eof = true
			s.rerr = err
			return false, err
		}
		if n > 0 {
			return true, nil
		}
	}
}

// need makes sure at least n bytes are buffered from pos, if the input has
// them.
func (s *scanner) need(n int) error {
	for s.end-s.pos < n {
		more, err := s.fill()
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
	return nil
}

func (s *scanner) offset() int64 { return s.base + int64(s.pos) }

// findFrom returns the index (relative to pos) of sep at or after pos+from,
// reading more input as needed; -1 at EOF.
func (s *scanner) findFrom(from int, sep []byte) (int, error) {
	for {
		if i := bytes.Index(s.buf[s.pos+from:s.end], sep); i >= 0 {
			return from + i, nil
		}
		from = max(from, s.end-s.pos-len(sep)+1)
		more, err := s.fill()
		if err != nil {
			return -1, err
		}
		if !more {
			return -1, nil
		}
	}
}

// tagEnd returns the index (relative to pos) of the '>' that ends the tag
// starting at pos, skipping quoted attribute values; -1 at EOF.
func (s *scanner) tagEnd() (int, error) {
	i := 1
	var quote byte
	for {
		for ; s.pos+i < s.end; i++ {
			c := s.buf[s.pos+i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				} else if j := bytes.IndexByte(s.buf[s.pos+i:s.end], quote); j > 0 {
					i += j - 1
				} else if j < 0 {
					i = s.end - s.pos - 1
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '>':
				return i, nil
			case c == '<':
				return -1, errSyntax("'<' inside a tag")
			}
		}
		more, err := s.fill()
		if err != nil {
			return -1, err
		}
		if !more {
			return -1, nil
		}
	}
}

type syntaxError struct{ msg string }

func (e *syntaxError) Error() string { return e.msg }

func errSyntax(f string, args ...any) error { return &syntaxError{fmt.Sprintf(f, args...)} }

type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }

type unsupportedError struct{ msg string }

func (e *unsupportedError) Error() string { return e.msg }

// next returns the next token: its kind and its raw bytes. For text the
// token is a chunk of character data (the run may continue in the next
// token); it never splits an entity reference or a UTF-8 sequence.
func (s *scanner) next() (tokKind, []byte, error) {
	if err := s.need(1); err != nil {
		return 0, nil, err
	}
	if s.pos == s.end {
		return tokEOF, nil, nil
	}
	if s.buf[s.pos] != '<' {
		return s.text()
	}
	if err := s.need(9); err != nil {
		return 0, nil, err
	}
	rest := s.buf[s.pos:s.end]
	var (
		kind tokKind
		sep  []byte
		from int
	)
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		kind, sep, from = tokComment, []byte("-->"), 4
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		kind, sep, from = tokCDATA, []byte("]]>"), 9
	case bytes.HasPrefix(rest, []byte("<?")):
		kind, sep, from = tokPI, []byte("?>"), 2
	case bytes.HasPrefix(rest, []byte("<!DOCTYPE")) || bytes.HasPrefix(rest, []byte("<!doctype")):
		return 0, nil, &unsupportedError{"the XML has a document type declaration (DOCTYPE), which documents never need and attacks use (entity expansion)"}
	case bytes.HasPrefix(rest, []byte("<!")):
		return 0, nil, errSyntax("unexpected markup %q", firstBytes(rest, 12))
	case bytes.HasPrefix(rest, []byte("</")):
		i, err := s.tagEnd()
		if err != nil {
			return 0, nil, err
		}
		if i < 0 {
			return 0, nil, errSyntax("the XML ends inside an end tag")
		}
		tok := s.buf[s.pos : s.pos+i+1]
		s.pos += i + 1
		return tokEnd, tok, nil
	default:
		i, err := s.tagEnd()
		if err != nil {
			return 0, nil, err
		}
		if i < 0 {
			return 0, nil, errSyntax("the XML ends inside a tag")
		}
		tok := s.buf[s.pos : s.pos+i+1]
		s.pos += i + 1
		return tokStart, tok, nil
	}
	i, err := s.findFrom(from, sep)
	if err != nil {
		return 0, nil, err
	}
	if i < 0 {
		return 0, nil, errSyntax("the XML ends inside a comment, CDATA section or processing instruction")
	}
	n := i + len(sep)
	tok := s.buf[s.pos : s.pos+n]
	s.pos += n
	return kind, tok, nil
}

// text returns a chunk of character data up to the next '<'.
func (s *scanner) text() (tokKind, []byte, error) {
	for {
		rest := s.buf[s.pos:s.end]
		if i := bytes.IndexByte(rest, '<'); i >= 0 {
			s.pos += i
			return tokText, rest[:i], nil
		}
		if s.eof {
			s.pos = s.end
			return tokText, rest, nil
		}
		// Cut before an unfinished entity reference or UTF-8 sequence.
		cut := len(rest)
		if amp := bytes.LastIndexByte(rest, '&'); amp >= 0 && bytes.IndexByte(rest[amp:], ';') < 0 && len(rest)-amp < 64 {
			cut = amp
		}
		for k := 1; k <= 3 && k <= cut; k++ {
			if utf8.RuneStart(rest[cut-k]) {
				if !utf8.FullRune(rest[cut-k : cut]) {
					cut -= k
				}
				break
			}
		}
		if cut > 0 {
			s.pos += cut
			return tokText, rest[:cut], nil
		}
		if _, err := s.fill(); err != nil {
			return 0, nil, err
		}
	}
}

func firstBytes(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

func isNameByte(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}

// name returns the length of the XML name at the start of b (0 if none).
// Names outside ASCII are checked against XML 1.0 (fifth edition), as
// libxml2 and Office read them.
func name(b []byte) int {
	if len(b) == 0 || !isNameStart(b[0]) {
		return 0
	}
	i, ascii := 1, b[0] < 0x80
	for i < len(b) && isNameByte(b[i]) {
		ascii = ascii && b[i] < 0x80
		i++
	}
	if !ascii && !validName(b[:i]) {
		return 0
	}
	return i
}

// validName reports whether b is UTF-8 and a name by XML 1.0 (fifth
// edition) productions 4 and 4a.
func validName(b []byte) bool {
	for j := 0; j < len(b); {
		r, n := utf8.DecodeRune(b[j:])
		if r == utf8.RuneError && n <= 1 {
			return false
		}
		if !nameStartRune(r) && (j == 0 || !nameRune(r)) {
			return false
		}
		j += n
	}
	return true
}

func nameStartRune(r rune) bool {
	switch {
	case r < 0x80:
		return isNameStart(byte(r))
	case r >= 0xC0 && r <= 0xD6, r >= 0xD8 && r <= 0xF6, r >= 0xF8 && r <= 0x2FF,
		r >= 0x370 && r <= 0x37D, r >= 0x37F && r <= 0x1FFF, r >= 0x200C && r <= 0x200D,
		r >= 0x2070 && r <= 0x218F, r >= 0x2C00 && r <= 0x2FEF, r >= 0x3001 && r <= 0xD7FF,
		r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFFD, r >= 0x10000 && r <= 0xEFFFF:
		return true
	}
	return false
}

func nameRune(r rune) bool {
	switch {
	case r < 0x80:
		return isNameByte(byte(r))
	case r == 0xB7, r >= 0x300 && r <= 0x36F, r >= 0x203F && r <= 0x2040:
		return true
	}
	return nameStartRune(r)
}

// decode validates raw character data (or an attribute value when attr is
// set) and appends its decoded form to dst: entity and character
// references resolved, and in attributes literal tabs and newlines turned
// into spaces. It refuses undefined entities, '<' in attributes, control
// characters and invalid UTF-8.
func decode(dst, raw []byte, attr bool) ([]byte, error) {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '&':
			j := bytes.IndexByte(raw[i:], ';')
			if j < 0 {
				return dst, errSyntax("an '&' that starts no entity reference")
			}
			ref := raw[i+1 : i+j]
			r, ok := entity(ref)
			if !ok {
				return dst, errSyntax("undefined entity &%s;", firstBytes(ref, 20))
			}
			dst = utf8.AppendRune(dst, r)
			i += j + 1
		case c == '<' && attr:
			return dst, errSyntax("'<' in an attribute value")
		case c < 0x20:
			if c != '\t' && c != '\n' && c != '\r' {
				return dst, errSyntax("control character 0x%02x", c)
			}
			if attr {
				c = ' '
			}
			dst = append(dst, c)
			i++
		case c < 0x80:
			dst = append(dst, c)
			i++
		default:
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n <= 1 {
				return dst, errSyntax("invalid UTF-8")
			}
			if r == 0xfffe || r == 0xffff {
				return dst, errSyntax("character U+%04X is not allowed in XML", r)
			}
			dst = append(dst, raw[i:i+n]...)
			i += n
		}
	}
	return dst, nil
}

func entity(ref []byte) (rune, bool) {
	switch string(ref) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	var v uint64
	digits := ref[1:]
	base := uint64(10)
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	if len(digits) == 0 || len(digits) > 8 {
		return 0, false
	}
	for _, d := range digits {
		var n uint64
		switch {
		case d >= '0' && d <= '9':
			n = uint64(d - '0')
		case base == 16 && d >= 'a' && d <= 'f':
			n = uint64(d-'a') + 10
		case base == 16 && d >= 'A' && d <= 'F':
			n = uint64(d-'A') + 10
		default:
			return 0, false
		}
		v = v*base + n
	}
	r := rune(v)
	switch {
	case r == '\t' || r == '\n' || r == '\r':
	case r < 0x20, r >= 0xd800 && r <= 0xdfff, r == 0xfffe || r == 0xffff, r > 0x10ffff:
		return 0, false
	}
	return r, true
}
