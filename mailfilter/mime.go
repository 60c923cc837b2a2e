package mailfilter

import (
	"bufio"
	"bytes"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// entity is one MIME entity (a message, or a part of a multipart) located
// in the original bytes. Headers are parsed by go-message; only the byte
// offsets are ours, so that the message can be spliced rather than
// re-serialised.
type entity struct {
	raw       []byte // header, blank line and body
	bodyOff   int    // where the body starts in raw
	header    message.Header
	mediaType string            // lower case; the default type if there is no Content-Type
	params    map[string]string // Content-Type parameters, decoded; nil if unparsable
	typeErr   error             // the Content-Type could not be parsed
}

// readHeader parses the header at the start of b as go-message does and
// returns it with the number of bytes it took, blank line included.
func readHeader(b []byte) (textproto.Header, int, error) {
	rd := bytes.NewReader(b)
	br := bufio.NewReader(rd)
	h, err := textproto.ReadHeader(br)
	return h, len(b) - rd.Len() - br.Buffered(), err
}

// parseEntity parses the header of the entity in raw. defaultType is the
// media type of an entity without Content-Type ("text/plain", or
// "message/rfc822" in a multipart/digest).
func parseEntity(raw []byte, defaultType string) (*entity, error) {
	h, n, err := readHeader(raw)
	if err != nil {
		return nil, mailErr("", "mail.header-unreadable", err)
	}
	e := &entity{raw: raw, bodyOff: n, header: message.Header{Header: h}}
	e.mediaType, e.params, e.typeErr = mediaType(e.header, defaultType)
	return e, nil
}

// mediaType returns the lower-cased media type and parameters of h, as
// go-message reads them, with defaultType when there is no Content-Type.
func mediaType(h message.Header, defaultType string) (string, map[string]string, error) {
	v := h.Get("Content-Type")
	if strings.TrimSpace(v) == "" {
		return defaultType, nil, nil
	}
	t, params, err := h.ContentType()
	if err != nil {
		t, _, _ = strings.Cut(v, ";")
		return lowerTrim(t), nil, err
	}
	return lowerTrim(t), params, nil
}

func (e *entity) body() []byte { return e.raw[e.bodyOff:] }

// filename returns the attachment's file name, decoded (RFC 2231 and
// encoded-words, in any charset go-message/charset knows), from
// Content-Disposition or else the Content-Type name.
func (e *entity) filename() string {
	// Go's parser drops or garbles RFC 2231 values in charsets other than
	// UTF-8 and US-ASCII (mutt writes ISO-8859-1 names in a Latin-1
	// locale): those are decoded here first.
	for _, f := range []struct{ field, param string }{{"Content-Disposition", "filename"}, {"Content-Type", "name"}} {
		if raw, err := e.header.Raw(f.field); err == nil && raw != nil {
			if name := rfc2231(raw, f.param); name != "" {
				return name
			}
		}
	}
	ah := mail.AttachmentHeader{Header: e.header}
	name, _ := ah.Filename()
	return name
}

// rfc2231 decodes the extended parameter name* (or its continuations
// name*0*, name*1…) of a raw header field, in whatever charset it names.
func rfc2231(raw []byte, name string) string {
	parts := map[int]string{}
	extended := map[int]bool{}
	for _, p := range params(raw) {
		rest, ok := strings.CutPrefix(p.name, name+"*")
		if !ok {
			continue
		}
		n, ext := 0, false
		switch {
		case rest == "":
			ext = true
		default:
			rest, ext = strings.CutSuffix(rest, "*")
			var err error
			if n, err = strconv.Atoi(rest); err != nil || n < 0 || n > 100 {
				continue
			}
		}
		v := string(raw[p.vstart:p.end])
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		}
		parts[n], extended[n] = v, ext
	}
	if len(parts) == 0 || !extended[0] {
		return ""
	}
	cs, lang, ok := strings.Cut(parts[0], "'")
	if !ok {
		return ""
	}
	_, first, ok := strings.Cut(lang, "'")
	if !ok {
		return ""
	}
	parts[0] = first
	var b []byte
	for i := 0; ; i++ {
		v, ok := parts[i]
		if !ok {
			break
		}
		if !extended[i] {
			b = append(b, v...)
			continue
		}
		u, err := url.PathUnescape(strings.ReplaceAll(v, "+", "%2B"))
		if err != nil {
			return ""
		}
		b = append(b, u...)
	}
	switch cs = strings.ToLower(cs); cs {
	case "utf-8", "us-ascii", "":
		return string(b)
	}
	r, err := charset.Reader(cs, bytes.NewReader(b))
	if err != nil {
		return ""
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return ""
	}
	return string(out)
}

func (e *entity) disposition() string {
	d, _, err := e.header.ContentDisposition()
	if err != nil {
		d, _, _ = strings.Cut(e.header.Get("Content-Disposition"), ";")
	}
	return lowerTrim(d)
}

func (e *entity) transferEncoding() string {
	return lowerTrim(e.header.Get("Content-Transfer-Encoding"))
}

// isAttachment reports whether a leaf part is one scrub looks at: anything
// but text, and text that has a file name or an attachment disposition.
// Text bodies are never touched.
func isAttachment(mediaType, name, disposition string) bool {
	if strings.HasPrefix(mediaType, "text/") {
		return name != "" || disposition == "attachment"
	}
	return true
}

// silentTypes are the signature and version parts of signed and encrypted
// messages: they are checked by content like any attachment, but content
// scrub does not know is expected there and not reported.
var silentTypes = map[string]bool{
	"application/pgp-signature":     true,
	"application/pgp-encrypted":     true,
	"application/pkcs7-signature":   true,
	"application/x-pkcs7-signature": true,
}

// opaqueTypes hide their content from scrub.
var opaqueTypes = map[string]string{
	"multipart/encrypted":      "PGP/MIME",
	"application/pkcs7-mime":   "S/MIME",
	"application/x-pkcs7-mime": "S/MIME",
}

type span struct{ start, end int }

// splitMultipart returns where each part of a multipart body starts and
// ends (the line break before a delimiter belongs to the delimiter). It
// follows the rules of go-message's multipart reader, which the final
// verification uses: the first delimiter line decides between CRLF and
// LF line breaks, a delimiter may be followed by spaces and tabs, the
// preamble and epilogue are skipped, and a multipart without a closing
// delimiter is an error.
func splitMultipart(body []byte, boundary string) ([]span, error) {
	dash := []byte("--" + boundary)
	dashDash := []byte("--" + boundary + "--")
	nl := []byte("\r\n")
	start := -1
	for pos := 0; pos < len(body); {
		line, next := nextLine(body, pos)
		if isDelimiter(line, dash, &nl, true) {
			start = next
			break
		}
		if isFinal(line, dashDash, nl) {
			return nil, nil
		}
		pos = next
	}
	if start < 0 {
		return nil, mailErr("", "mail.no-boundary-line")
	}
	var spans []span
	for {
		_, n, err := readHeader(body[start:])
		if err != nil {
			return nil, mailErr("", "mail.part-header-unreadable", len(spans)+1, err)
		}
		bodyStart := start + n
		end, delim := -1, -1
		if rest := body[bodyStart:]; bytes.HasPrefix(rest, dash) && boundaryEnds(rest, len(dash)) {
			end, delim = bodyStart, bodyStart
		} else {
			nlDash := append(append([]byte(nil), nl...), dash...)
			for from := bodyStart; ; {
				j := bytes.Index(body[from:], nlDash)
				if j < 0 {
					return nil, mailErr("", "mail.not-closed")
				}
				j += from
				if boundaryEnds(body[j:], len(nlDash)) {
					end, delim = j, j+len(nl)
					break
				}
				from = j + 1
			}
		}
		spans = append(spans, span{start, end})
		if len(spans) > maxParts {
			return nil, mailErr("", "mail.multipart-too-many", maxParts)
		}
		line, next := nextLine(body, delim)
		switch {
		case isDelimiter(line, dash, &nl, false):
			start = next
		case isFinal(line, dashDash, nl):
			return spans, nil
		default:
			return nil, mailErr("", "mail.boundary-malformed")
		}
	}
}

// nextLine returns the line starting at pos, with its line break, and the
// position after it.
func nextLine(b []byte, pos int) ([]byte, int) {
	if i := bytes.IndexByte(b[pos:], '\n'); i >= 0 {
		return b[pos : pos+i+1], pos + i + 1
	}
	return b[pos:], len(b)
}

// boundaryEnds reports whether the boundary prefix of length n at the start
// of b ends there: it is followed by a dash, a space, a tab, a line break,
// or the end of input.
func boundaryEnds(b []byte, n int) bool {
	if len(b) == n {
		return true
	}
	switch b[n] {
	case ' ', '\t', '\r', '\n', '-':
		return true
	}
	return false
}

func isDelimiter(line, dash []byte, nl *[]byte, first bool) bool {
	if !bytes.HasPrefix(line, dash) {
		return false
	}
	rest := skipLWSP(line[len(dash):])
	if first && len(rest) == 1 && rest[0] == '\n' {
		*nl = []byte("\n")
	}
	return bytes.Equal(rest, *nl)
}

func isFinal(line, dashDash, nl []byte) bool {
	if !bytes.HasPrefix(line, dashDash) {
		return false
	}
	rest := skipLWSP(line[len(dashDash):])
	return len(rest) == 0 || bytes.Equal(rest, nl)
}

func skipLWSP(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	return b
}

// lineEnding returns the line break the body uses ("\r\n" or "\n"), or
// the header's if the body has none.
func lineEnding(hdr, body []byte) string {
	for _, b := range [][]byte{body, hdr} {
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			if i > 0 && b[i-1] == '\r' {
				return "\r\n"
			}
			return "\n"
		}
	}
	return "\r\n"
}

// trailingBreaks returns the line breaks at the end of b.
func trailingBreaks(b []byte) []byte {
	i := len(b)
	for i > 0 && (b[i-1] == '\n' || b[i-1] == '\r') {
		i--
	}
	return b[i:]
}

// headerField is one field of a raw header: its bytes (continuation lines
// and line break included) and its lower-cased name.
type headerField struct {
	raw  []byte
	name string
}

// splitFields splits a raw header (as located by readHeader) into fields
// and the blank line that ends it (empty if the header ends the input).
func splitFields(hdr []byte) ([]headerField, []byte) {
	var fs []headerField
	pos := 0
	for pos < len(hdr) {
		line, next := nextLine(hdr, pos)
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			return fs, hdr[pos:]
		}
		if (line[0] == ' ' || line[0] == '\t') && len(fs) > 0 {
			f := &fs[len(fs)-1]
			f.raw = hdr[pos-len(f.raw) : next]
		} else {
			name, _, _ := bytes.Cut(line, []byte(":"))
			fs = append(fs, headerField{raw: hdr[pos:next], name: strings.ToLower(string(bytes.TrimSpace(name)))})
		}
		pos = next
	}
	return fs, nil
}

// param is one parameter of a structured header field, located in the
// field's raw bytes.
type param struct {
	name       string // lower case
	start, end int    // from the ';' that introduces it to the end of its value
	vstart     int    // where its value starts
}

// params locates the parameters in a raw header field ("Name: value;
// a=b; c=\"d\""), skipping quoted strings and comments.
func params(f []byte) []param {
	i := bytes.IndexByte(f, ':')
	if i < 0 {
		return nil
	}
	var ps []param
	ws := func(i int) int {
		for i < len(f) && (f[i] == ' ' || f[i] == '\t' || f[i] == '\r' || f[i] == '\n') {
			i++
		}
		return i
	}
	skipQuoted := func(i int) int { // f[i] == '"'; returns the index after the closing quote
		for i++; i < len(f); i++ {
			switch f[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return len(f)
	}
	skipComment := func(i int) int { // f[i] == '('; comments nest
		depth := 0
		for ; i < len(f); i++ {
			switch f[i] {
			case '\\':
				i++
			case '(':
				depth++
			case ')':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return len(f)
	}
	for i++; i < len(f); {
		switch f[i] {
		case '"':
			i = skipQuoted(i)
			continue
		case '(':
			i = skipComment(i)
			continue
		case ';':
		default:
			i++
			continue
		}
		p := param{start: i}
		j := ws(i + 1)
		k := j
		for k < len(f) && !strings.ContainsRune("=; \t\r\n\"(", rune(f[k])) {
			k++
		}
		p.name = strings.ToLower(string(f[j:k]))
		k = ws(k)
		if k >= len(f) || f[k] != '=' {
			i = max(k, i+1)
			continue
		}
		k = ws(k + 1)
		p.vstart = k
		if k < len(f) && f[k] == '"' {
			k = skipQuoted(k)
		} else {
			for k < len(f) && !strings.ContainsRune("; \t\r\n(", rune(f[k])) {
				k++
			}
		}
		p.end = k
		ps = append(ps, p)
		i = k
	}
	return ps
}

// nameExt returns the lower-cased extension of an attachment's file name,
// whichever path separator the sender's system used.
func nameExt(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	i := strings.LastIndexByte(name, '.')
	if i <= 0 || i == len(name)-1 {
		return ""
	}
	return strings.ToLower(name[i:])
}
