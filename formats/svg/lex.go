package svg

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/scrub-project/scrub/formats/internal/ident"
	"github.com/scrub-project/scrub/formats/internal/lookahead"
	"github.com/scrub-project/scrub/formats/internal/xmldecl"
	"github.com/scrub-project/scrub/scrub"
)

// Limits of what the lexer accepts in a document type declaration.
const (
	maxEntities    = 256
	maxEntityValue = 64 << 10
	maxEntityName  = 64
)

// prolog is what comes before the markup the lexer reads: a byte order
// mark and the XML declaration, written to the output as they were
// (the declaration's encoding rewritten to UTF-8 when the body is
// transcoded).
type prolog struct {
	head []byte // BOM and declaration, as the output starts
}

// readProlog reads the byte order mark and the XML declaration from br
// and returns them with a reader of the rest of the document as UTF-8.
// Documents in UTF-16 or in an encoding other than UTF-8, US-ASCII,
// ISO-8859-1 or Windows-1252 are refused (ErrUnsupported).
func readProlog(br *bufio.Reader) (prolog, io.Reader, error) {
	var p prolog
	b, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(b, []byte{0xef, 0xbb, 0xbf}):
		p.head = append(p.head, b[:3]...)
		br.Discard(3)
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}), bytes.HasPrefix(b, []byte{0xff, 0xfe}),
		bytes.HasPrefix(b, []byte{0, '<'}), bytes.HasPrefix(b, []byte{'<', 0}):
		return p, nil, scrub.Unsupported(format, "drawings saved in UTF-16 are not supported", hintResave)
	}
	b, _ = br.Peek(6)
	if !bytes.HasPrefix(b, []byte("<?xml")) || len(b) < 6 || !isSpace(b[5]) {
		return p, br, nil
	}
	// The declaration is short: at most a few hundred bytes.
	var decl []byte
	for len(decl) < 1024 {
		c, err := br.ReadByte()
		if err != nil {
			return p, nil, malformed(nil, "the XML declaration is not closed")
		}
		decl = append(decl, c)
		if bytes.HasSuffix(decl, []byte("?>")) {
			break
		}
	}
	if !bytes.HasSuffix(decl, []byte("?>")) {
		return p, nil, malformed(nil, "the XML declaration is not closed")
	}
	enc, at := xmldecl.Attr(decl, "encoding")
	var body io.Reader = br
	switch strings.ToLower(enc) {
	case "", "utf-8", "utf8", "us-ascii", "ascii":
	case "iso-8859-1", "latin1", "latin-1", "iso_8859-1":
		body = charmap.ISO8859_1.NewDecoder().Reader(br)
	case "windows-1252", "cp1252":
		body = charmap.Windows1252.NewDecoder().Reader(br)
	default:
		return p, nil, scrub.Unsupported(format, fmt.Sprintf("drawings in the %q encoding are not supported", enc), hintResave)
	}
	if body != io.Reader(br) {
		// The output is UTF-8: say so.
		decl = append(append(append([]byte{}, decl[:at[0]]...), "UTF-8"...), decl[at[1]:]...)
	}
	p.head = append(p.head, decl...)
	return p, body, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// sink receives what the lexer removes or rewrites.
type sink interface {
	// comment is called for every XML comment (all are removed).
	comment(body []byte)
	// instruction is called for every processing instruction the lexer
	// removes.
	instruction(target string, tok []byte)
	// stylesheet returns an xml-stylesheet instruction as it is to be
	// written (with a local path shortened).
	stylesheet(tok []byte) []byte
	// doctypeLink is called for a local path named by the document type
	// declaration.
	doctypeLink(v string)
}

// lexer is the pass in front of xmlclean. It removes what xmlclean would
// keep or refuse and SVG files carry: comments, processing instructions
// (but the XML declaration and xml-stylesheet), and the document type
// declaration, whose internal entities (Illustrator declares its
// namespaces as &ns_ai; and the like) it expands in attribute values and
// text. Everything else passes byte for byte; xmlclean checks it.
//
// Only simple internal entities are accepted: a value without markup or
// references, so expansion cannot nest (billion laughs); external and
// parameter entities (the way XXE attacks read files) and any other
// declaration are refused.
type lexer struct {
	lookahead.Window
	maxToken int

	out  []byte
	opos int
	err  error

	sink    sink
	ents    map[string]string
	root    bool // a start tag has been passed
	cdata   bool // inside a CDATA section
	grown   int64
	maxGrow int64
}

func newLexer(src io.Reader, s sink, maxToken int, maxGrow int64) *lexer {
	l := &lexer{maxToken: maxToken, sink: s, maxGrow: maxGrow}
	l.Window = lookahead.Window{R: src, Buf: make([]byte, min(32<<10, maxToken)), Max: maxToken, TooLong: func() error {
		return scrub.OverLimit(format, scrub.LimitMemberSize, fmt.Sprintf("a comment, tag or declaration is longer than %d MiB", maxToken>>20))
	}}
	return l
}

// Read gives the lexed document.
func (l *lexer) Read(p []byte) (int, error) {
	for l.opos == len(l.out) {
		if l.err != nil {
			return 0, l.err
		}
		l.out, l.opos = l.out[:0], 0
		l.err = l.step()
	}
	n := copy(p, l.out[l.opos:])
	l.opos += n
	return n, nil
}

// find returns the index (from pos) of sep at or after from; -1 at the
// end of the input.
func (l *lexer) find(from int, sep string) (int, error) {
	for {
		if i := bytes.Index(l.Buf[l.Pos+from:l.End], []byte(sep)); i >= 0 {
			return from + i, nil
		}
		from = max(from, l.End-l.Pos-len(sep)+1)
		more, err := l.Fill()
		if err != nil || !more {
			return -1, err
		}
	}
}

func (l *lexer) step() error {
	if l.cdata {
		return l.cdataChunk()
	}
	if err := l.Ensure(1); err != nil {
		return err
	}
	if l.Pos == l.End {
		return io.EOF
	}
	if l.Buf[l.Pos] != '<' {
		return l.text()
	}
	if err := l.Ensure(9); err != nil {
		return err
	}
	rest := l.Buf[l.Pos:l.End]
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		i, err := l.find(4, "-->")
		if err != nil {
			return err
		}
		if i < 0 {
			return malformed(nil, "the drawing ends inside a comment")
		}
		l.sink.comment(l.Buf[l.Pos+4 : l.Pos+i])
		l.Pos += i + 3
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		l.out = append(l.out, "<![CDATA["...)
		l.Pos += 9
		l.cdata = true
	case bytes.HasPrefix(rest, []byte("<?")):
		return l.instruction()
	case bytes.HasPrefix(rest, []byte("<!DOCTYPE")) && !l.root:
		return l.doctype()
	default:
		return l.tag()
	}
	return nil
}

// cdataChunk passes CDATA through in pieces (Illustrator keeps megabytes
// of private data in one section).
func (l *lexer) cdataChunk() error {
	for {
		rest := l.Buf[l.Pos:l.End]
		if i := bytes.Index(rest, []byte("]]>")); i >= 0 {
			l.out = append(l.out, rest[:i+3]...)
			l.Pos += i + 3
			l.cdata = false
			return nil
		}
		if k := len(rest) - 2; k > 0 {
			l.out = append(l.out, rest[:k]...)
			l.Pos += k
			return nil
		}
		more, err := l.Fill()
		if err != nil {
			return err
		}
		if !more {
			return malformed(nil, "the drawing ends inside a CDATA section")
		}
	}
}

func (l *lexer) instruction() error {
	i, err := l.find(2, "?>")
	if err != nil {
		return err
	}
	if i < 0 {
		return malformed(nil, "the drawing ends inside a processing instruction")
	}
	tok := l.Buf[l.Pos : l.Pos+i+2]
	l.Pos += i + 2
	target := tok[2 : len(tok)-2]
	if j := bytes.IndexFunc(target, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }); j >= 0 {
		target = target[:j]
	}
	switch t := string(target); {
	case strings.EqualFold(t, "xml"):
		l.out = append(l.out, tok...) // misplaced: xmlclean refuses it
	case t == "xml-stylesheet":
		l.out = append(l.out, l.sink.stylesheet(tok)...)
	default:
		l.sink.instruction(t, tok)
	}
	return nil
}

// text passes character data, expanding entities.
func (l *lexer) text() error {
	for {
		rest := l.Buf[l.Pos:l.End]
		cut := bytes.IndexByte(rest, '<')
		if cut < 0 && !l.EOF() {
			// Keep an unfinished reference or UTF-8 sequence for later.
			cut = len(rest)
			if amp := bytes.LastIndexByte(rest, '&'); amp >= 0 && bytes.IndexByte(rest[amp:], ';') < 0 && len(rest)-amp <= maxEntityName+2 {
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
			if cut == 0 {
				more, err := l.Fill()
				if err != nil {
					return err
				}
				if !more {
					cut = l.End - l.Pos
					rest = l.Buf[l.Pos:l.End]
				} else {
					continue
				}
			}
		} else if cut < 0 {
			cut = len(rest)
		}
		n, err := l.expand(rest[:cut], 0)
		if err != nil {
			return err
		}
		l.Pos += n
		return nil
	}
}

// tag passes a start or end tag (or other markup xmlclean judges),
// expanding entities in its attribute values.
func (l *lexer) tag() error {
	i := 1
	var quote byte
	for {
		for ; l.Pos+i < l.End; i++ {
			c := l.Buf[l.Pos+i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '>':
				tok := l.Buf[l.Pos : l.Pos+i+1]
				l.Pos += i + 1
				if tok[1] != '/' && tok[1] != '!' {
					l.root = true
				}
				return l.expandTag(tok)
			}
		}
		more, err := l.Fill()
		if err != nil {
			return err
		}
		if !more {
			return malformed(nil, "the drawing ends inside a tag")
		}
	}
}

func (l *lexer) expandTag(tok []byte) error {
	if len(l.ents) == 0 || bytes.IndexByte(tok, '&') < 0 {
		l.out = append(l.out, tok...)
		return nil
	}
	var quote byte
	start := 0
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		switch {
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
			l.out = append(l.out, tok[start:i+1]...)
			start = i + 1
		case quote != 0 && c == quote:
			v := tok[start:i]
			for len(v) > 0 {
				n, err := l.expand(v, quote)
				if err != nil {
					return err
				}
				v = v[n:]
				if len(l.out) > l.maxToken {
					return scrub.OverLimit(format, scrub.LimitMemberSize, fmt.Sprintf("a tag is longer than %d MiB once its entities are expanded", l.maxToken>>20))
				}
			}
			quote = 0
			start = i
		}
	}
	l.out = append(l.out, tok[start:]...)
	return nil
}

// expandStep bounds what one call of expand adds to the output, so that
// a text of many references to a long entity is expanded piece by piece.
const expandStep = 64 << 10

// expand appends b to the output with the declared entities replaced by
// their values, escaped for text (quote 0) or for an attribute value
// delimited by quote. It stops once it has written expandStep bytes and
// returns how much of b it consumed.
func (l *lexer) expand(b []byte, quote byte) (int, error) {
	if len(l.ents) == 0 {
		l.out = append(l.out, b...)
		return len(b), nil
	}
	start, total := len(l.out), len(b)
	for len(l.out)-start < expandStep {
		amp := bytes.IndexByte(b, '&')
		if amp < 0 {
			l.out = append(l.out, b...)
			return total, nil
		}
		l.out = append(l.out, b[:amp]...)
		b = b[amp:]
		semi := bytes.IndexByte(b, ';')
		if semi < 0 || semi > maxEntityName+1 {
			l.out = append(l.out, '&')
			b = b[1:]
			continue
		}
		v, ok := l.ents[string(b[1:semi])]
		if !ok {
			l.out = append(l.out, b[:semi+1]...)
			b = b[semi+1:]
			continue
		}
		n := len(l.out)
		l.out = appendEscaped(l.out, v, quote)
		if l.grown += int64(len(l.out) - n); l.grown > l.maxGrow {
			return 0, scrub.OverLimit(format, scrub.LimitMemberSize, fmt.Sprintf("the drawing's entities expand to more than %d MiB", l.maxGrow>>20))
		}
		b = b[semi+1:]
	}
	return total - len(b), nil
}

func appendEscaped(dst []byte, v string, quote byte) []byte {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '<':
			dst = append(dst, "&lt;"...)
		case c == '>':
			dst = append(dst, "&gt;"...)
		case c == '&':
			dst = append(dst, "&amp;"...)
		case quote != 0 && c == '"':
			dst = append(dst, "&quot;"...)
		case quote != 0 && c == '\'':
			dst = append(dst, "&apos;"...)
		case quote != 0 && (c == '\t' || c == '\n' || c == '\r'):
			dst = append(dst, ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// doctype reads the document type declaration, keeps its internal
// entities and drops it from the output (SVG renderers need no DTD).
func (l *lexer) doctype() error {
	// Find the closing '>': outside quotes, comments and the internal
	// subset.
	i := len("<!DOCTYPE")
	var quote byte
	subset := false
	for {
		if err := l.Ensure(i + 4); err != nil {
			return err
		}
		if l.Pos+i >= l.End {
			return malformed(nil, "the drawing ends inside its document type declaration")
		}
		c := l.Buf[l.Pos+i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case subset && bytes.HasPrefix(l.Buf[l.Pos+i:l.End], []byte("<!--")):
			j, err := l.find(i+4, "-->")
			if err != nil {
				return err
			}
			if j < 0 {
				return malformed(nil, "the drawing ends inside its document type declaration")
			}
			i = j + 2
		case c == '[':
			subset = true
		case c == ']':
			subset = false
		case c == '>' && !subset:
			tok := l.Buf[l.Pos : l.Pos+i+1]
			l.Pos += i + 1
			return l.declarations(tok)
		}
		i++
	}
}

// declarations reads a whole DOCTYPE.
func (l *lexer) declarations(tok []byte) error {
	body := tok[len("<!DOCTYPE") : len(tok)-1]
	open := bytes.IndexByte(body, '[')
	ext := body
	var subset []byte
	if open >= 0 {
		ext = body[:open]
		end := bytes.LastIndexByte(body, ']')
		if end < open {
			return malformed(nil, "the document type declaration is not closed")
		}
		subset = body[open+1 : end]
	}
	// The external identifier: PUBLIC "pubid" "system" or SYSTEM "system".
	// It is never loaded; a local path in it is worth a finding.
	for _, q := range quoted(ext) {
		if ident.Link(q) == ident.Local {
			l.sink.doctypeLink(q)
		}
	}
	for len(subset) > 0 {
		subset = bytes.TrimLeft(subset, " \t\r\n")
		switch {
		case len(subset) == 0:
		case bytes.HasPrefix(subset, []byte("<!--")):
			end := bytes.Index(subset[4:], []byte("-->"))
			if end < 0 {
				return malformed(nil, "a comment in the document type declaration is not closed")
			}
			l.sink.comment(subset[4 : 4+end])
			subset = subset[4+end+3:]
		case bytes.HasPrefix(subset, []byte("<?")):
			end := bytes.Index(subset, []byte("?>"))
			if end < 0 {
				return malformed(nil, "a processing instruction in the document type declaration is not closed")
			}
			l.sink.instruction("in the document type", subset[:end+2])
			subset = subset[end+2:]
		case bytes.HasPrefix(subset, []byte("<!ENTITY")):
			n, err := l.entity(subset)
			if err != nil {
				return err
			}
			subset = subset[n:]
		default:
			return scrub.Unsupported(format, "the drawing's document type declares more than simple entities (element, attribute or parameter declarations)", hintResave)
		}
	}
	return nil
}

// quoted returns the quoted strings in b.
func quoted(b []byte) []string {
	var out []string
	for {
		i := bytes.IndexAny(b, `"'`)
		if i < 0 {
			return out
		}
		j := bytes.IndexByte(b[i+1:], b[i])
		if j < 0 {
			return out
		}
		out = append(out, string(b[i+1:i+1+j]))
		b = b[i+2+j:]
	}
}

var (
	errExternalEntity = scrub.Unsupported(format, "the drawing declares an external or parameter entity (a way to make the program that opens it read other files)", "")
	errNestedEntity   = scrub.Unsupported(format, "the drawing declares entities made of other entities (a way to make it expand to gigabytes)", "")
)

// entity reads one <!ENTITY name "value"> and returns its length.
func (l *lexer) entity(b []byte) (int, error) {
	i := len("<!ENTITY")
	skip := func() {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
	}
	skip()
	if i < len(b) && b[i] == '%' {
		return 0, errExternalEntity
	}
	start := i
	for i < len(b) && !isSpace(b[i]) && b[i] != '"' && b[i] != '\'' && b[i] != '>' {
		i++
	}
	name := string(b[start:i])
	skip()
	if name == "" || i == len(b) {
		return 0, malformed(nil, "a bad entity declaration")
	}
	if b[i] != '"' && b[i] != '\'' {
		return 0, errExternalEntity // SYSTEM or PUBLIC
	}
	q := b[i]
	end := bytes.IndexByte(b[i+1:], q)
	if end < 0 {
		return 0, malformed(nil, "a bad entity declaration")
	}
	raw := b[i+1 : i+1+end]
	i += end + 2
	skip()
	if i == len(b) || b[i] != '>' {
		return 0, malformed(nil, "a bad entity declaration")
	}
	value, err := entityValue(raw)
	if err != nil {
		return 0, err
	}
	if len(l.ents) >= maxEntities {
		return 0, scrub.Unsupported(format, fmt.Sprintf("the drawing declares more than %d entities", maxEntities), "")
	}
	if l.ents == nil {
		l.ents = map[string]string{}
	}
	switch name {
	case "lt", "gt", "amp", "apos", "quot":
	default:
		if _, dup := l.ents[name]; !dup && len(name) <= maxEntityName {
			l.ents[name] = value
		}
	}
	return i + 1, nil
}

// entityValue resolves the character references in an entity's literal
// value and refuses anything that could nest or hold markup.
func entityValue(raw []byte) (string, error) {
	if len(raw) > maxEntityValue {
		return "", scrub.Unsupported(format, fmt.Sprintf("the drawing declares an entity longer than %d KiB", maxEntityValue>>10), "")
	}
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '%':
			return "", errExternalEntity
		case '<':
			return "", scrub.Unsupported(format, "the drawing declares an entity holding markup", "")
		case '&':
			semi := bytes.IndexByte(raw[i:], ';')
			if semi < 0 || len(raw[i:]) < 3 || raw[i+1] != '#' {
				return "", errNestedEntity
			}
			r, ok := charRef(raw[i+2 : i+semi])
			if !ok {
				return "", malformed(nil, "a bad character reference in an entity")
			}
			b.WriteRune(r)
			i += semi
		default:
			b.WriteByte(c)
		}
	}
	if !utf8.ValidString(b.String()) {
		return "", malformed(nil, "an entity is not valid UTF-8")
	}
	return b.String(), nil
}

// charRef decodes the digits of a character reference ("x41", "65").
func charRef(d []byte) (rune, bool) {
	base := 10
	if len(d) > 0 && d[0] == 'x' {
		base, d = 16, d[1:]
	}
	if len(d) == 0 || len(d) > 8 {
		return 0, false
	}
	var v int
	for _, c := range d {
		var n int
		switch {
		case c >= '0' && c <= '9':
			n = int(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			n = int(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			n = int(c-'A') + 10
		default:
			return 0, false
		}
		v = v*base + n
	}
	r := rune(v)
	if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r < 0xd800) || (r > 0xdfff && r < 0xfffe) || (r >= 0x10000 && r <= 0x10ffff) {
		return r, true
	}
	return 0, false
}
