package rtf

import (
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/lookahead"
)

// kind is what a token is.
type kind uint8

const (
	tokText   kind = iota // a run of bytes that are not \ { or }
	tokOpen               // {
	tokClose              // }
	tokWord               // \name, \nameN, with the space that ends it
	tokSymbol             // \ and one character that is not a letter: \* \~ \\ \{ …
	tokHex                // \'hh
	tokBin                // \binN: N bytes of binary data follow, as tokData
	tokData               // a piece of \bin data
	tokEOF
)

// token is one token of RTF. raw is the token as written; raw and name
// are slices of the tokenizer's buffer, valid until the next call.
type token struct {
	kind  kind
	raw   []byte
	name  []byte // a word's letters, a symbol's character
	param int64
	has   bool // the word has a parameter
	hex   byte // tokHex: the byte
}

// Limits of the syntax: the specification allows 32 letters and a
// 16-bit or 32-bit parameter; a little more is accepted.
const (
	maxName   = 64
	maxDigits = 11
	maxText   = 32 << 10 // longest text token handed out at once
)

// tokenizer splits RTF into tokens as it streams. It never holds more
// than a buffer: text is cut into pieces, \bin data is handed out in
// pieces of at most maxText bytes.
type tokenizer struct {
	lookahead.Window
	size    int64 // the input's size, for \bin lengths
	binLeft int64
}

func newTokenizer(r io.Reader, size int64) *tokenizer {
	return &tokenizer{Window: lookahead.Window{R: r, Buf: make([]byte, 64<<10)}, size: size}
}

// offset returns the input offset of the next token.
func (t *tokenizer) offset() int64 { return t.Off + int64(t.Pos) }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

func isHex(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// next returns the next token. Errors are the reader's, or ErrMalformed
// ones for broken syntax.
func (t *tokenizer) next() (token, error) {
	if t.binLeft > 0 {
		return t.binData()
	}
	if err := t.Ensure(1); err != nil {
		return token{}, err
	}
	if t.Pos == t.End {
		return token{kind: tokEOF}, nil
	}
	switch c := t.Buf[t.Pos]; c {
	case '{':
		t.Pos++
		return token{kind: tokOpen, raw: t.Buf[t.Pos-1 : t.Pos]}, nil
	case '}':
		t.Pos++
		return token{kind: tokClose, raw: t.Buf[t.Pos-1 : t.Pos]}, nil
	case '\\':
		return t.control()
	}
	return t.text()
}

func (t *tokenizer) text() (token, error) {
	rest := t.Buf[t.Pos:t.End]
	n := 0
	for n < len(rest) && n < maxText {
		c := rest[n]
		if c == '\\' || c == '{' || c == '}' {
			break
		}
		n++
	}
	tok := token{kind: tokText, raw: rest[:n]}
	t.Pos += n
	return tok, nil
}

func (t *tokenizer) control() (token, error) {
	if err := t.Ensure(2 + maxName + 1 + maxDigits + 1); err != nil {
		return token{}, err
	}
	rest := t.Buf[t.Pos:t.End]
	if len(rest) < 2 {
		return token{}, malformed("the document ends in the middle of a control word")
	}
	c := rest[1]
	switch {
	case c == '\'':
		if len(rest) < 4 || !isHex(rest[2]) || !isHex(rest[3]) {
			return token{}, malformed("a \\' escape without two hexadecimal digits at byte %d", t.offset())
		}
		t.Pos += 4
		return token{kind: tokHex, raw: rest[:4], name: rest[1:2], hex: unhex(rest[2])<<4 | unhex(rest[3])}, nil
	case !isLetter(c):
		t.Pos += 2
		return token{kind: tokSymbol, raw: rest[:2], name: rest[1:2]}, nil
	}
	i := 1
	for i < len(rest) && isLetter(rest[i]) {
		i++
	}
	if i-1 > maxName {
		return token{}, malformed("a control word longer than %d letters at byte %d", maxName, t.offset())
	}
	tok := token{kind: tokWord, name: rest[1:i]}
	j := i
	if j < len(rest) && rest[j] == '-' && j+1 < len(rest) && isDigit(rest[j+1]) {
		j++
	}
	d := j
	for j < len(rest) && isDigit(rest[j]) {
		j++
	}
	if j > d {
		if j-d > maxDigits {
			return token{}, malformed("a number longer than %d digits at byte %d", maxDigits, t.offset())
		}
		var v int64
		for _, c := range rest[d:j] {
			v = v*10 + int64(c-'0')
		}
		if rest[i] == '-' {
			v = -v
		}
		tok.param, tok.has = v, true
	} else {
		j = i // a lone '-' is not part of the word
	}
	if j < len(rest) && rest[j] == ' ' {
		j++
	}
	tok.raw = rest[:j]
	t.Pos += j
	if string(tok.name) == "bin" && tok.has {
		if tok.param < 0 {
			return token{}, malformed("\\bin with a negative length at byte %d", t.offset())
		}
		if tok.param > t.size-t.offset() {
			return token{}, malformed("\\bin%d at byte %d runs past the end of the document", tok.param, t.offset())
		}
		tok.kind = tokBin
		t.binLeft = tok.param
	}
	return tok, nil
}

// binData hands out the next piece of \bin data.
func (t *tokenizer) binData() (token, error) {
	if t.Pos == t.End {
		more, err := t.Fill()
		if err != nil {
			return token{}, err
		}
		if !more {
			return token{}, malformed("the document ends inside \\bin data")
		}
	}
	n := int(min(t.binLeft, int64(t.End-t.Pos), maxText))
	tok := token{kind: tokData, raw: t.Buf[t.Pos : t.Pos+n]}
	t.Pos += n
	t.binLeft -= int64(n)
	return tok, nil
}

func malformed(reasonf string, args ...any) error {
	return &syntaxError{fmt.Sprintf(reasonf, args...)}
}

type syntaxError struct{ msg string }

func (e *syntaxError) Error() string { return e.msg }
