package pdf

import (
	"sort"
	"unicode/utf16"
)

// CMaps (ISO 32000-1 §9.7.5, §9.10.3; Adobe Technical Note #5014): how a
// Type 0 font's string splits into codes (codespace ranges) and which CID
// each code selects, and how codes map to text (/ToUnicode). The parser
// reads the parts a PDF embeds: codespace ranges, bfchar, bfrange,
// cidchar and cidrange; everything else is skipped.

type codespace struct {
	lo, hi uint32
	n      int
}

type uniRange struct {
	lo, hi uint32
	base   []uint16 // UTF-16 of the first code's text; the last unit counts up
	list   []string // or one text per code
}

type cidRange struct {
	lo, hi, cid uint32
}

type cmap struct {
	spaces    []codespace
	uni       map[uint32]string
	uniRanges []uniRange
	cid       map[uint32]uint32
	cidRanges []cidRange
}

// maxCMapEntries bounds what one CMap holds.
const maxCMapEntries = 1 << 18

// parseCMap reads a CMap stream's text.
func parseCMap(b []byte) *cmap {
	m := &cmap{}
	l := &lexer{b: b}
	var stack []token     // operands since the last keyword
	var pending [][]token // the arrays among them, in order
	entries := 0
	code := func(t token) (uint32, int, bool) {
		if t.kind != tokHex {
			return 0, 0, false
		}
		v := unhex(b[t.start+1 : max(t.start+1, t.end-1)])
		if len(v) == 0 || len(v) > 4 {
			return 0, 0, false
		}
		var c uint32
		for _, x := range v {
			c = c<<8 | uint32(x)
		}
		return c, len(v), true
	}
	utf := func(t token) []uint16 {
		v := unhex(b[t.start+1 : max(t.start+1, t.end-1)])
		u := make([]uint16, 0, len(v)/2)
		for i := 0; i+1 < len(v); i += 2 {
			u = append(u, uint16(v[i])<<8|uint16(v[i+1]))
		}
		return u
	}
	for entries < maxCMapEntries {
		t := l.next()
		if t.kind == tokEOF {
			break
		}
		switch t.kind {
		case tokComment:
			continue
		case tokArrayOpen:
			// bfrange destinations: collect the strings.
			var arr []token
			for {
				u := l.next()
				if u.kind == tokEOF || u.kind == tokArrayClose {
					break
				}
				arr = append(arr, u)
			}
			stack = append(stack, token{kind: tokArrayOpen, start: len(m.uniRanges)})
			pending = append(pending, arr)
			continue
		case tokDictOpen:
			skipValue(l, t, 0)
			continue
		case tokOp:
		default:
			stack = append(stack, t)
			continue
		}
		switch string(b[t.start:t.end]) {
		case "endcodespacerange":
			for i := 0; i+1 < len(stack); i += 2 {
				lo, n, ok1 := code(stack[i])
				hi, n2, ok2 := code(stack[i+1])
				if ok1 && ok2 && n == n2 {
					m.spaces = append(m.spaces, codespace{lo, hi, n})
					entries++
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(stack); i += 2 {
				c, _, ok := code(stack[i])
				if !ok {
					continue
				}
				var text string
				switch d := stack[i+1]; d.kind {
				case tokHex:
					text = string(utf16.Decode(utf(d)))
				case tokName:
					text = glyphText(string(b[d.start+1 : d.end]))
				default:
					continue
				}
				if m.uni == nil {
					m.uni = map[uint32]string{}
				}
				m.uni[c] = text
				entries++
			}
		case "endbfrange":
			for i := 0; i+2 < len(stack); i += 3 {
				lo, _, ok1 := code(stack[i])
				hi, _, ok2 := code(stack[i+1])
				if !ok1 || !ok2 || hi < lo {
					continue
				}
				r := uniRange{lo: lo, hi: hi}
				switch d := stack[i+2]; d.kind {
				case tokHex:
					r.base = utf(d)
					if len(r.base) == 0 {
						continue
					}
				case tokArrayOpen:
					if len(pending) == 0 {
						continue
					}
					arr := pending[0]
					pending = pending[1:]
					for _, e := range arr {
						if e.kind == tokHex {
							r.list = append(r.list, string(utf16.Decode(utf(e))))
						}
					}
					if len(r.list) == 0 {
						continue
					}
				default:
					continue
				}
				m.uniRanges = append(m.uniRanges, r)
				entries++
			}
		case "endcidchar":
			for i := 0; i+1 < len(stack); i += 2 {
				c, _, ok := code(stack[i])
				if !ok || stack[i+1].kind != tokNumber {
					continue
				}
				if m.cid == nil {
					m.cid = map[uint32]uint32{}
				}
				m.cid[c] = uint32(max(0, parseNumber(b[stack[i+1].start:stack[i+1].end])))
				entries++
			}
		case "endcidrange":
			for i := 0; i+2 < len(stack); i += 3 {
				lo, _, ok1 := code(stack[i])
				hi, _, ok2 := code(stack[i+1])
				if !ok1 || !ok2 || hi < lo || stack[i+2].kind != tokNumber {
					continue
				}
				cid := uint32(max(0, parseNumber(b[stack[i+2].start:stack[i+2].end])))
				m.cidRanges = append(m.cidRanges, cidRange{lo, hi, cid})
				entries++
			}
		}
		stack = stack[:0]
		pending = pending[:0]
	}
	sort.Slice(m.uniRanges, func(i, j int) bool { return m.uniRanges[i].lo < m.uniRanges[j].lo })
	sort.Slice(m.cidRanges, func(i, j int) bool { return m.cidRanges[i].lo < m.cidRanges[j].lo })
	return m
}

// next splits the first code off s by the codespace ranges: the shortest
// code whose length and value fit a range (§9.7.6.2), else the length of
// the first range of s's first byte, else one byte.
func (m *cmap) next(s []byte) (uint32, int) {
	var c uint32
	for n := 1; n <= 4 && n <= len(s); n++ {
		c = c<<8 | uint32(s[n-1])
		for _, sp := range m.spaces {
			if sp.n == n && c >= sp.lo && c <= sp.hi {
				return c, n
			}
		}
	}
	for _, sp := range m.spaces {
		if sp.n <= len(s) && uint32(s[0]) >= sp.lo>>(8*(sp.n-1)) && uint32(s[0]) <= sp.hi>>(8*(sp.n-1)) {
			var v uint32
			for i := 0; i < sp.n; i++ {
				v = v<<8 | uint32(s[i])
			}
			return v, sp.n
		}
	}
	return uint32(s[0]), 1
}

// text returns the text of a code, and false if the CMap does not say.
func (m *cmap) text(c uint32) (string, bool) {
	if s, ok := m.uni[c]; ok {
		return s, true
	}
	// The last range starting at or before c, or (ranges may overlap)
	// one of the few before it.
	i := sort.Search(len(m.uniRanges), func(i int) bool { return m.uniRanges[i].lo > c }) - 1
	for stop := i - 8; i >= 0 && i > stop; i-- {
		r := m.uniRanges[i]
		if c > r.hi {
			continue
		}
		off := c - r.lo
		if r.list != nil {
			if int(off) < len(r.list) {
				return r.list[off], true
			}
			return "", false
		}
		if len(r.base) == 0 {
			return "", false
		}
		u := append([]uint16(nil), r.base...)
		u[len(u)-1] += uint16(off)
		return string(utf16.Decode(u)), true
	}
	return "", false
}

// cidOf returns the CID a code selects (the code itself if the CMap does
// not map it).
func (m *cmap) cidOf(c uint32) uint32 {
	if v, ok := m.cid[c]; ok {
		return v
	}
	i := sort.Search(len(m.cidRanges), func(i int) bool { return m.cidRanges[i].lo > c }) - 1
	if i >= 0 {
		if r := m.cidRanges[i]; c <= r.hi {
			return r.cid + (c - r.lo)
		}
	}
	return c
}
