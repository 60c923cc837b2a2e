package mailfilter

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime/quotedprintable"
)

// decodeBody undoes a Content-Transfer-Encoding the way go-message does
// (spaces and tabs in base64 are tolerated). It returns an error for an
// encoding it does not know or a body that is not valid in its encoding.
func decodeBody(cte string, body []byte) ([]byte, error) {
	var r io.Reader
	switch cte {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &spaceToNewline{r: bytes.NewReader(body)})
	case "quoted-printable":
		r = quotedprintable.NewReader(bytes.NewReader(body))
	case "7bit", "8bit", "binary", "":
		return body, nil
	default:
		return nil, mailErr("", "mail.cte-unknown", cte)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, mailErr("", "mail.cte-damaged", cte, err)
	}
	return data, nil
}

// spaceToNewline turns spaces and tabs into line breaks, which the base64
// decoder skips.
type spaceToNewline struct{ r io.Reader }

func (s *spaceToNewline) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	for i := range p[:n] {
		if p[i] == ' ' || p[i] == '\t' {
			p[i] = '\n'
		}
	}
	return n, err
}

// maxLine is the longest encoded line RFC 2045 allows, line break excluded.
const maxLine = 76

// encodeBase64 encodes data in lines of lineLen characters (a multiple of
// 4, at most 76) separated by eol. The last line has no line break.
func encodeBase64(data []byte, lineLen int, eol string) []byte {
	if lineLen < 4 || lineLen > maxLine || lineLen%4 != 0 {
		lineLen = maxLine
	}
	enc := make([]byte, base64.StdEncoding.EncodedLen(len(data)))
	base64.StdEncoding.Encode(enc, data)
	var b bytes.Buffer
	b.Grow(len(enc) + len(enc)/lineLen*len(eol))
	for len(enc) > lineLen {
		b.Write(enc[:lineLen])
		b.WriteString(eol)
		enc = enc[lineLen:]
	}
	b.Write(enc)
	return b.Bytes()
}

// base64LineLen returns the line length of an encoded body, so that a
// re-encoded attachment looks like the original: the length of its first
// line if there is more than one and it is a valid length, else 76.
func base64LineLen(body []byte) int {
	body = bytes.TrimRight(body, "\r\n")
	i := bytes.IndexByte(body, '\n')
	if i < 0 {
		return maxLine
	}
	n := len(bytes.TrimRight(body[:i], "\r"))
	if n < 4 || n > maxLine || n%4 != 0 {
		return maxLine
	}
	return n
}

const hexDigits = "0123456789ABCDEF"

// encodeQP encodes data as quoted-printable in binary mode: every line
// break, space and tab of the data is encoded, so the decoded bytes are
// exactly data whatever the transport does to line endings and trailing
// white space. Lines are at most 76 characters, soft breaks included, and
// separated by eol; the last has no line break. A line never starts with
// '.', '-' or 'F' in clear, so no line can look like the end of an SMTP
// message, a MIME boundary or an mbox "From " line.
func encodeQP(data []byte, eol string) []byte {
	var b bytes.Buffer
	b.Grow(len(data) * 2)
	col := 0
	for _, c := range data {
		literal := c > ' ' && c <= '~' && c != '=' && !(col == 0 && (c == '.' || c == '-' || c == 'F'))
		n := 3
		if literal {
			n = 1
		}
		if col+n > maxLine-1 { // leave room for the soft break '='
			b.WriteString("=" + eol)
			col = 0
			literal = literal && c != '.' && c != '-' && c != 'F'
			if !literal {
				n = 3
			}
		}
		if literal {
			b.WriteByte(c)
		} else {
			b.Write([]byte{'=', hexDigits[c>>4], hexDigits[c&15]})
		}
		col += n
	}
	return b.Bytes()
}
