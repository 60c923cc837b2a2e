package pdf

import (
	"math"
	"strconv"
)

// A content stream parsed once into its operators and their operands
// (ISO 32000-1 §7.8.2, Annex A), for the graphics interpreter
// (interp.go). Operands keep their place in the stream, so that an
// operator can be rewritten in place; strings are decoded only when a
// text operator is interpreted.

type opcode uint8

const (
	opNone opcode = iota
	opq
	opQ
	opcm
	opw
	opgs
	opm
	opl
	opc
	opv
	opy
	oph
	opre
	opS
	ops
	opf
	opfStar
	opB
	opBStar
	opb
	opbStar
	opn
	opW
	opWStar
	opBT
	opET
	opTc
	opTw
	opTz
	opTL
	opTf
	opTr
	opTs
	opTd
	opTD
	opTm
	opTStar
	opTj
	opTJ
	opQuote
	opDQuote
	opCS
	opcs
	opSC
	opSCN
	opsc
	opscn
	opG
	opg
	opRG
	oprg
	opK
	opk
	opsh
	opBI
	opDo
	opBMC
	opBDC
	opEMC
	opMP
	opd0
	opd1
	opBX
	opEX
	opOther // an operator that changes nothing the analysis follows
	opJunk  // not an operator of PDF: the stream is damaged (or in a BX/EX section)
)

func opcodeOf(b []byte) opcode {
	switch string(b) {
	case "q":
		return opq
	case "Q":
		return opQ
	case "cm":
		return opcm
	case "w":
		return opw
	case "gs":
		return opgs
	case "m":
		return opm
	case "l":
		return opl
	case "c":
		return opc
	case "v":
		return opv
	case "y":
		return opy
	case "h":
		return oph
	case "re":
		return opre
	case "S":
		return opS
	case "s":
		return ops
	case "f", "F":
		return opf
	case "f*":
		return opfStar
	case "B":
		return opB
	case "B*":
		return opBStar
	case "b":
		return opb
	case "b*":
		return opbStar
	case "n":
		return opn
	case "W":
		return opW
	case "W*":
		return opWStar
	case "BT":
		return opBT
	case "ET":
		return opET
	case "Tc":
		return opTc
	case "Tw":
		return opTw
	case "Tz":
		return opTz
	case "TL":
		return opTL
	case "Tf":
		return opTf
	case "Tr":
		return opTr
	case "Ts":
		return opTs
	case "Td":
		return opTd
	case "TD":
		return opTD
	case "Tm":
		return opTm
	case "T*":
		return opTStar
	case "Tj":
		return opTj
	case "TJ":
		return opTJ
	case "'":
		return opQuote
	case `"`:
		return opDQuote
	case "CS":
		return opCS
	case "cs":
		return opcs
	case "SC":
		return opSC
	case "SCN":
		return opSCN
	case "sc":
		return opsc
	case "scn":
		return opscn
	case "G":
		return opG
	case "g":
		return opg
	case "RG":
		return opRG
	case "rg":
		return oprg
	case "K":
		return opK
	case "k":
		return opk
	case "sh":
		return opsh
	case "BI":
		return opBI
	case "Do":
		return opDo
	case "BMC":
		return opBMC
	case "BDC":
		return opBDC
	case "EMC":
		return opEMC
	case "MP", "DP":
		return opMP
	case "d0":
		return opd0
	case "d1":
		return opd1
	case "BX":
		return opBX
	case "EX":
		return opEX
	case "d", "i", "j", "J", "M", "ri", "ID", "EI":
		return opOther
	case "true", "false", "null":
		return opNone
	}
	return opJunk
}

// operand is one operand of an operator: its kind (a token kind; arrays
// and dictionaries by their opening token), its value if it is a number,
// and where it is in the stream. An array's elements are args.elems[elem :
// elem+n] (nested arrays and dictionaries are not looked into).
type operand struct {
	kind       tokKind
	num        float64
	start, end int32
	elem, n    int32
}

// op is one operator with its operands (args[arg : arg+nargs]) and the
// stream bytes from its first operand to its end.
type op struct {
	code       opcode
	nargs      int16
	arg        int32
	start, end int32
	img        int32 // opBI: index in images
}

// content is a parsed content stream.
type content struct {
	b      []byte
	ops    []op
	args   []operand
	elems  []operand
	images []inlineImage
	// rewrite: the stream holds what cleaning rewrites whatever the
	// analysis finds (a comment, an inline image, a TouchUp marker).
	rewrite bool
	// junk counts the words that are not operators of PDF (outside
	// BX/EX compatibility sections).
	junk int
	segs []segment // a form's one stream, for the interpreter
}

// damaged reports whether the stream is too damaged for the analysis to
// trust what it draws: more than a few words, or more than one in a
// hundred, are not operators.
func (c *content) damaged() bool { return c.junk > 8 && c.junk*100 > len(c.ops) }

// maxOperands bounds the operands kept for one operator (real operators
// take at most a few dozen: a colour in a DeviceN space).
const maxOperands = 64

// parseContent parses b into c (whose slices are reused).
func parseContent(b []byte, c *content) {
	c.b = b
	c.ops, c.args, c.elems, c.images = c.ops[:0], c.args[:0], c.elems[:0], c.images[:0]
	// Room at once for what most content holds (an operator for every 16
	// to 48 bytes, two operands each).
	if n := min(len(b)/48, 1<<15); cap(c.ops) < n {
		c.ops = make([]op, 0, n)
	}
	if n := min(len(b)/24, 1<<16); cap(c.args) < n {
		c.args = make([]operand, 0, n)
	}
	c.rewrite, c.junk = false, 0
	l := &lexer{b: b}
	first := 0 // index in c.args of the current operator's first operand
	compat := 0
	for {
		t := l.next()
		switch t.kind {
		case tokEOF:
			return
		case tokComment:
			c.rewrite = true
			continue
		case tokOp:
			code := opcodeOf(b[t.start:t.end])
			if code == opNone {
				if len(c.args)-first < maxOperands {
					c.args = append(c.args, operand{kind: tokOp, start: int32(t.start), end: int32(t.end)})
				}
				continue
			}
			o := op{code: code, arg: int32(first), nargs: int16(len(c.args) - first), start: int32(t.start), end: int32(t.end)}
			if o.nargs > 0 {
				o.start = c.args[first].start
			}
			switch code {
			case opBX:
				compat++
			case opEX:
				compat = max(compat-1, 0)
			case opJunk:
				if compat == 0 {
					c.junk++
				}
			case opBI:
				im := l.inlineImage(t.start)
				o.img = int32(len(c.images))
				o.end = int32(im.end)
				c.images = append(c.images, im)
				c.rewrite = true
			case opMP:
				if o.nargs > 0 {
					a := c.args[len(c.args)-1]
					if a.kind == tokName && string(b[a.start:a.end]) == "/TouchUp_TextEdit" {
						c.rewrite = true
					}
				}
			}
			c.ops = append(c.ops, o)
			first = len(c.args)
		default:
			a := c.operand(l, t)
			if len(c.args)-first < maxOperands {
				c.args = append(c.args, a)
			}
		}
	}
}

// operand reads the operand that starts with t.
func (c *content) operand(l *lexer, t token) operand {
	a := operand{kind: t.kind, start: int32(t.start), end: int32(t.end)}
	switch t.kind {
	case tokNumber:
		a.num = parseNumber(l.b[t.start:t.end])
	case tokArrayOpen:
		// The elements are stored together (a nested array or
		// dictionary is one element: what it holds is skipped).
		a.elem = int32(len(c.elems))
		for {
			u := l.next()
			if u.kind == tokEOF || u.kind == tokArrayClose {
				a.end = int32(u.end)
				break
			}
			switch u.kind {
			case tokComment:
				continue
			case tokArrayOpen, tokDictOpen:
				skipValue(l, u, 0)
				c.elems = append(c.elems, operand{kind: u.kind, start: int32(u.start), end: int32(l.i)})
				continue
			}
			e := operand{kind: u.kind, start: int32(u.start), end: int32(u.end)}
			if u.kind == tokNumber {
				e.num = parseNumber(l.b[u.start:u.end])
			}
			c.elems = append(c.elems, e)
		}
		a.n = int32(len(c.elems)) - a.elem
	case tokDictOpen:
		skipValue(l, t, 0)
		a.end = int32(l.i)
	}
	return a
}

// skipValue moves l past the array or dictionary that t opens.
func skipValue(l *lexer, t token, depth int) {
	closer := tokArrayClose
	if t.kind == tokDictOpen {
		closer = tokDictClose
	}
	for {
		u := l.next()
		switch {
		case u.kind == tokEOF, u.kind == closer:
			return
		case u.kind == tokArrayOpen || u.kind == tokDictOpen:
			if depth >= maxContentNesting {
				return
			}
			skipValue(l, u, depth+1)
		}
	}
}

// parseNumber reads a PDF number ("12", "-3.5", ".5", "4."); what does not
// parse is 0.
func parseNumber(b []byte) float64 {
	neg := false
	i := 0
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		neg = b[i] == '-'
		i++
	}
	var v float64
	digits := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		v = v*10 + float64(b[i]-'0')
		digits++
	}
	if i < len(b) && b[i] == '.' {
		i++
		scale := 0.1
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			v += float64(b[i]-'0') * scale
			scale /= 10
			digits++
		}
	}
	if i != len(b) || digits > 15 {
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0
		}
		return f
	}
	if neg {
		v = -v
	}
	return v
}

// args returns the operands of o.
func (c *content) argsOf(o op) []operand { return c.args[o.arg : o.arg+int32(o.nargs)] }

// elemsOf returns the elements of an array operand.
func (c *content) elemsOf(a operand) []operand {
	if a.kind != tokArrayOpen {
		return nil
	}
	return c.elems[a.elem : a.elem+a.n]
}

// str returns the bytes of a string operand, decoded.
func (c *content) str(a operand) ([]byte, bool) {
	switch a.kind {
	case tokString:
		end := a.end
		if end-a.start >= 2 && c.b[end-1] == ')' {
			end--
		}
		return unescape(c.b[a.start+1 : end]), true
	case tokHex:
		end := a.end
		if end-a.start >= 2 && c.b[end-1] == '>' {
			end--
		}
		return unhex(c.b[a.start+1 : end]), true
	}
	return nil, false
}

// name returns the name an operand holds (without its slash, #xx
// escapes decoded), or "".
func (c *content) name(a operand) string {
	if a.kind != tokName {
		return ""
	}
	raw := c.b[a.start+1 : a.end]
	for _, ch := range raw {
		if ch == '#' {
			return decodeNameEscapes(raw)
		}
	}
	return string(raw)
}

func decodeNameEscapes(raw []byte) string {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' && i+2 < len(raw) {
			if v := unhex(raw[i+1 : i+3]); len(v) == 1 {
				out = append(out, v[0])
				i += 2
				continue
			}
		}
		out = append(out, raw[i])
	}
	return string(out)
}

// nums returns the last n operands as numbers, and false if there are
// fewer or one is not a number.
func (c *content) nums(o op, dst []float64) bool {
	args := c.argsOf(o)
	if len(args) < len(dst) {
		return false
	}
	args = args[len(args)-len(dst):]
	for i, a := range args {
		if a.kind != tokNumber {
			return false
		}
		dst[i] = a.num
	}
	return true
}
