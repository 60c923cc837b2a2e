package epub

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/xmldecl"
	"github.com/scrub-project/scrub/scrub"
)

// prolog is what comes before an XML document's root element, as EPUB
// documents write it: an optional XML declaration and document type
// declaration (XHTML 1.1 and the NCX have one), comments and processing
// instructions.
type prolog struct {
	decl     []byte   // the XML declaration, as written
	doctype  []byte   // the document type declaration, as written
	comments []string // comments before the root (removed)
	body     []byte   // from the root element on
}

// splitProlog splits an XML document into its prolog and body. xmlclean
// refuses any DOCTYPE (Office and ODF never use one); an EPUB's XHTML and
// NCX documents declare theirs, with a public identifier and no internal
// subset, so scrub reads it here, keeps it as it is, and refuses only an
// internal subset (entity declarations: how entity expansion attacks work).
// With a DOCTYPE, the named character entities of XHTML (&nbsp;) are
// written as character references in the body, which xmlclean reads.
func splitProlog(where string, b []byte) (*prolog, error) {
	p := &prolog{}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(b, []byte{0xfe, 0xff}) || bytes.HasPrefix(b, []byte{0xff, 0xfe}) {
		return nil, scrub.Unsupported("epub", where+": UTF-16 XML is not supported", "")
	}
	if bytes.HasPrefix(b, []byte("<?xml")) && len(b) > 5 && isSpace(b[5]) {
		end := bytes.Index(b, []byte("?>"))
		if end < 0 {
			return nil, scrub.Malformed("epub", nil, "%s: the XML declaration is not closed", where)
		}
		p.decl = b[:end+2]
		if enc, _ := xmldecl.Attr(p.decl, "encoding"); enc != "" && !strings.EqualFold(enc, "utf-8") && !strings.EqualFold(enc, "utf8") {
			return nil, scrub.Unsupported("epub", fmt.Sprintf("%s: XML in the %q encoding is not supported", where, enc), "")
		}
		b = b[end+2:]
	}
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		switch {
		case bytes.HasPrefix(b, []byte("<!--")):
			end := bytes.Index(b[4:], []byte("-->"))
			if end < 0 {
				return nil, scrub.Malformed("epub", nil, "%s: a comment is not closed", where)
			}
			p.comments = append(p.comments, string(bytes.TrimSpace(b[4:4+end])))
			b = b[4+end+3:]
		case bytes.HasPrefix(b, []byte("<?")):
			end := bytes.Index(b, []byte("?>"))
			if end < 0 {
				return nil, scrub.Malformed("epub", nil, "%s: a processing instruction is not closed", where)
			}
			b = b[end+2:] // a style sheet PI before the root: dropped
		case bytes.HasPrefix(b, []byte("<!DOCTYPE")) || bytes.HasPrefix(b, []byte("<!doctype")):
			if p.doctype != nil {
				return nil, scrub.Malformed("epub", nil, "%s: two document type declarations", where)
			}
			n, err := doctypeEnd(where, b)
			if err != nil {
				return nil, err
			}
			p.doctype = b[:n]
			b = b[n:]
		default:
			p.body = b
			if p.doctype != nil {
				p.body = namedToNumeric(b)
			}
			return p, nil
		}
	}
}

// doctypeEnd returns the length of the DOCTYPE at the start of b, refusing
// an internal subset.
func doctypeEnd(where string, b []byte) (int, error) {
	var quote byte
	for i := 9; i < len(b) && i < 4096; i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			return 0, scrub.Unsupported("epub", where+": the document type declaration has an internal subset (entity declarations), which books never need and attacks use", "")
		case c == '>':
			return i + 1, nil
		}
	}
	return 0, scrub.Malformed("epub", nil, "%s: the document type declaration is not closed", where)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// namedToNumeric rewrites the named character references of HTML
// (&nbsp;, &eacute;) as numeric ones, outside comments, CDATA sections and
// processing instructions. The five XML entities and unknown names stay
// as they are (xmlclean refuses the unknown ones).
func namedToNumeric(b []byte) []byte {
	if bytes.IndexByte(b, '&') < 0 {
		return b
	}
	out := make([]byte, 0, len(b)+64)
	for i := 0; i < len(b); {
		switch {
		case bytes.HasPrefix(b[i:], []byte("<!--")):
			end := skipTo(b, i+4, "-->")
			out = append(out, b[i:end]...)
			i = end
		case bytes.HasPrefix(b[i:], []byte("<![CDATA[")):
			end := skipTo(b, i+9, "]]>")
			out = append(out, b[i:end]...)
			i = end
		case bytes.HasPrefix(b[i:], []byte("<?")):
			end := skipTo(b, i+2, "?>")
			out = append(out, b[i:end]...)
			i = end
		case b[i] == '&':
			j := i + 1
			for j < len(b) && j-i < 40 && (b[j] >= 'a' && b[j] <= 'z' || b[j] >= 'A' && b[j] <= 'Z' || b[j] >= '0' && b[j] <= '9') {
				j++
			}
			name := string(b[i+1 : j])
			if j < len(b) && b[j] == ';' && name != "" && b[i+1] != '#' {
				switch name {
				case "lt", "gt", "amp", "apos", "quot":
				default:
					if s := html.UnescapeString("&" + name + ";"); s != "&"+name+";" {
						for _, r := range s {
							out = append(out, "&#"+strconv.Itoa(int(r))+";"...)
						}
						i = j + 1
						continue
					}
				}
			}
			out = append(out, '&')
			i++
		default:
			out = append(out, b[i])
			i++
		}
	}
	return out
}

func skipTo(b []byte, from int, sep string) int {
	if from > len(b) {
		return len(b)
	}
	k := bytes.Index(b[from:], []byte(sep))
	if k < 0 {
		return len(b)
	}
	return from + k + len(sep)
}
