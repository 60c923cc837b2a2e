package rtf

import (
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// codePage returns the decoder of a Windows code page (\ansicpgN), or
// Windows-1252 for one it does not know.
func codePage(n int64) encoding.Encoding {
	switch n {
	case 437:
		return charmap.CodePage437
	case 850:
		return charmap.CodePage850
	case 852:
		return charmap.CodePage852
	case 866:
		return charmap.CodePage866
	case 874:
		return charmap.Windows874
	case 932:
		return japanese.ShiftJIS
	case 936:
		return simplifiedchinese.GBK
	case 949:
		return korean.EUCKR
	case 950:
		return traditionalchinese.Big5
	case 1250:
		return charmap.Windows1250
	case 1251:
		return charmap.Windows1251
	case 1253:
		return charmap.Windows1253
	case 1254:
		return charmap.Windows1254
	case 1255:
		return charmap.Windows1255
	case 1256:
		return charmap.Windows1256
	case 1257:
		return charmap.Windows1257
	case 1258:
		return charmap.Windows1258
	case 10000:
		return charmap.Macintosh
	}
	return charmap.Windows1252
}

// collector gathers the text of part of a document, decoded: 8-bit
// characters through the document's code page, \uN as they are. It keeps
// at most limit bytes.
type collector struct {
	b     strings.Builder
	raw   []byte
	enc   encoding.Encoding
	limit int
	words bool // the texts of the groups inside are separate words
}

func newCollector(enc encoding.Encoding, limit int) *collector {
	return &collector{enc: enc, limit: limit}
}

func (c *collector) full() bool { return c.b.Len()+len(c.raw) >= c.limit }

func (c *collector) bytes(p []byte) {
	if c == nil || c.full() {
		return
	}
	c.raw = append(c.raw, p[:min(len(p), c.limit-c.b.Len()-len(c.raw))]...)
}

func (c *collector) rune(r rune) {
	if c == nil || c.full() {
		return
	}
	c.flush()
	c.b.WriteRune(r)
}

func (c *collector) str(s string) {
	if c == nil || c.full() {
		return
	}
	c.flush()
	c.b.WriteString(s)
}

func (c *collector) flush() {
	if len(c.raw) == 0 {
		return
	}
	s, err := c.enc.NewDecoder().Bytes(c.raw)
	if err != nil {
		s = c.raw
	}
	c.b.Write(s)
	c.raw = c.raw[:0]
}

// text returns the text with runs of white space made one space.
func (c *collector) text() string {
	if c == nil {
		return ""
	}
	c.flush()
	return strings.Join(strings.Fields(c.b.String()), " ")
}

// raw returns the text as it was collected.
func (c *collector) String() string {
	c.flush()
	return c.b.String()
}
