package odf

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// Hidden sheets, rows and columns of a spreadsheet (issue 18). The
// analysis (hidden.go) reports them with the cells they hold. Under
// Policy.RemoveHiddenSheets cleaning empties those cells, as the xlsx
// handler does: a cell keeps its element with its style, repetition and
// span (so that the grid and every reference to it stay) and loses its
// text, its value and value type, its formula (a formula's stored result
// shows what it computes from) and its comment. Drawings anchored to the
// cell stay: they are not the cell's content.
//
// Cells are placed by position: table:table-column declares the columns
// (table:number-columns-repeated), a cell takes the next position (or
// several, with table:number-columns-repeated). A repeated cell whose
// positions are partly hidden is written as several cells, the hidden
// ones emptied and the others as they were: xmlclean writes one element
// for one, so the rules mark the cell and expand writes its runs into
// the part once it is written. A merged cell (table:number-columns- or
// rows-spanned) counts as hidden only when all it covers is: the rows
// below a hidden row may show it.

const (
	nsCalcExt = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
	nsDR3D    = "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0"
)

// maxRuns bounds the cells that splitting repeated cells adds to a
// document (each is a few dozen bytes).
const maxRuns = 1 << 16

// cellRun is a run of a cell's positions (its repetition): n of them,
// hidden (emptied) or shown.
type cellRun struct {
	n      int
	hidden bool
}

// cellPlan is what cleaning does to one cell: one hidden run empties it
// whole; several split it.
type cellPlan struct {
	runs  []cellRun
	clear bool // text right in the cell: its whole content goes
}

// splitCell is a cell the rules marked to be written as its runs.
type splitCell struct {
	runs  []cellRun
	empty string // the emptied cell's start tag, without its repetition and the end
	rep   string // the name of the repetition attribute as written
}

// valueAttr reports the attributes that hold or describe a cell's value.
func valueAttr(n xmlclean.Name) bool {
	switch n.Space {
	case nsOffice:
		switch n.Local {
		case "value-type", "value", "date-value", "time-value", "boolean-value", "string-value", "currency":
			return true
		}
	case nsCalcExt:
		return n.Local == "value-type"
	case nsTable:
		switch n.Local {
		case "formula", "number-matrix-columns-spanned", "number-matrix-rows-spanned":
			return true
		}
	}
	return false
}

// hasValue reports whether a cell has a value, a formula or a value type.
func hasValue(e *xmlclean.Element) bool {
	for i := range e.Attrs {
		if valueAttr(e.Attrs[i].Name) {
			return true
		}
	}
	return false
}

// keptInCell: what an emptied cell keeps of its content (drawings
// anchored to it, the link that fills a range from another file).
func keptInCell(e *xmlclean.Element) bool {
	return e.Name.Space == nsDraw || e.Name.Space == nsDR3D || e.Is(nsTable, "cell-range-source")
}

func isCell(e *xmlclean.Element) bool {
	return e != nil && e.Name.Space == nsTable && (e.Name.Local == "table-cell" || e.Name.Local == "covered-table-cell")
}

// colState returns whether column c is hidden and the last column up to
// last in the same state. The hidden ranges are in column order.
func (sf *sheetFrame) colState(c, last int) (bool, int) {
	i := sort.Search(len(sf.hiddenCols), func(i int) bool { return sf.hiddenCols[i][1] >= c })
	if i == len(sf.hiddenCols) {
		return false, last
	}
	if r := sf.hiddenCols[i]; r[0] <= c {
		return true, min(r[1], last)
	}
	return false, min(sf.hiddenCols[i][0]-1, last)
}

// allHidden reports whether columns first–last are all hidden.
func (sf *sheetFrame) allHidden(first, last int) bool {
	h, until := sf.colState(first, last)
	return h && until == last
}

// maxWork bounds the column ranges the analysis looks at for the cells
// of a document: a sheet of thousands of hidden column ranges and cells
// repeated over all of them is no spreadsheet anyone writes.
const maxWork = 1 << 22

// cellRuns says which of a cell's positions the reader cannot see.
func (a *analyzer) cellRuns(sf *sheetFrame, c *cellFrame) []cellRun {
	n, cs, rs := c.n, c.spans[0], c.spans[1]
	if sf.hidden {
		return []cellRun{{n, true}}
	}
	if cs > 1 || rs > 1 {
		if (sf.rowHidden != "" && rs == 1) || (n == 1 && sf.allHidden(c.col, c.col+cs-1)) {
			return []cellRun{{n, true}}
		}
		return []cellRun{{n, false}}
	}
	if sf.rowHidden != "" {
		return []cellRun{{n, true}}
	}
	var runs []cellRun
	for k, last := c.col, c.col+n-1; k <= last; a.work++ {
		if a.work >= maxWork {
			// Fail closed: cleaning refuses to leave them.
			a.plan.tooMany = a.plan.tooMany || a.p.policy.RemoveHiddenSheets
			return []cellRun{{n, false}}
		}
		h, until := sf.colState(k, last)
		if i := len(runs); i > 0 && runs[i-1].hidden == h {
			runs[i-1].n += until - k + 1
		} else {
			runs = append(runs, cellRun{until - k + 1, h})
		}
		k = until + 1
	}
	return runs
}

func anyHidden(runs []cellRun) bool {
	for _, r := range runs {
		if r.hidden {
			return true
		}
	}
	return false
}

// planCell decides, under Policy.RemoveHiddenSheets, what cleaning does
// to a cell of a sheet that is hidden in some of its positions.
func (a *analyzer) planCell(c *cellFrame) {
	if !a.p.policy.RemoveHiddenSheets || !anyHidden(c.runs) || !c.removable {
		return
	}
	if len(c.runs) > 1 {
		a.plan.runs += len(c.runs)
		if a.plan.runs > maxRuns {
			a.plan.tooMany = true
			return
		}
	}
	a.plan.cells[c.idx] = cellPlan{runs: c.runs, clear: c.direct}
}

// emptied is what a finding about hidden cells says cleaning does.
func emptied(what string) string {
	return "; cleaning empties these cells (their values, formulas and comments); the " + what + " stay"
}

// applyCell is the rules' side for a cell (the start of one, or what is
// in it): d is the rules' own decision.
func (pl *hiddenPlan) applyCell(c *counter, e *xmlclean.Element, what byte, n int, d xmlclean.Decision) xmlclean.Decision {
	if what == 'c' {
		c.emptying = nil
		cp, ok := pl.cells[n]
		if !ok || d.Action != xmlclean.Keep {
			return d
		}
		if len(cp.runs) > 1 {
			c.mark(e, cp.runs)
			return d
		}
		for i := range e.Attrs {
			if valueAttr(e.Attrs[i].Name) {
				e.DropAttr(i, xmlclean.Note{})
			}
		}
		if cp.clear {
			return xmlclean.Decision{Action: xmlclean.Clear}
		}
		c.emptying = e
		return d
	}
	// Content of a cell being emptied. A deferred element decides at its
	// end (the rules remove comments whole anyway).
	if c.emptying != nil && e.Parent == c.emptying && isCell(e.Parent) && !keptInCell(e) && d.Action != xmlclean.Defer {
		return xmlclean.Decision{Action: xmlclean.Remove}
	}
	return d
}

// mark marks a cell to be written as its runs: its repetition holds a
// marker no document holds (a random nonce), which expand finds.
func (c *counter) mark(e *xmlclean.Element, runs []cellRun) {
	rep := -1
	for i := range e.Attrs {
		if e.Attrs[i].Name == (xmlclean.Name{Space: nsTable, Local: "number-columns-repeated"}) {
			rep = i
		}
	}
	if rep < 0 {
		return // cannot be: only a repeated cell has several runs
	}
	if c.nonce == "" {
		var b [12]byte
		_, _ = rand.Read(b[:])
		c.nonce = hex.EncodeToString(b[:])
	}
	var t strings.Builder
	t.WriteString("<" + e.QName())
	for i := range e.Attrs {
		at := &e.Attrs[i]
		if _, kept := e.Attr(at.Name.Space, at.Name.Local); !kept || i == rep || valueAttr(at.Name) {
			continue
		}
		t.WriteString(" " + at.QName() + `="` + escapeValue(at.Value) + `"`)
	}
	c.splits = append(c.splits, splitCell{runs: runs, empty: t.String(), rep: e.Attrs[rep].QName()})
	e.ReplaceAttr(rep, c.marker(len(c.splits)-1), xmlclean.Note{})
}

func (c *counter) marker(i int) string { return "scrub-split-" + c.nonce + "-" + strconv.Itoa(i) }

// escapeValue escapes an attribute value for double quotes, white space
// other than the space as references (so that it reads back the same).
func escapeValue(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\t", "&#9;", "\n", "&#10;", "\r", "&#13;")
	return r.Replace(s)
}

// expand writes each cell mark marked in out (a part the rules wrote) as
// its runs: the shown ones as the cell was, the hidden ones emptied.
func (c *counter) expand(out []byte) ([]byte, error) {
	if len(c.splits) == 0 {
		return out, nil
	}
	var b bytes.Buffer
	b.Grow(len(out) + len(c.splits)*128)
	prefix := []byte("scrub-split-" + c.nonce + "-")
	rest := out
	for i := range c.splits {
		s := &c.splits[i]
		m := []byte(c.marker(i))
		at := bytes.Index(rest, m)
		if at < 0 || at+len(m) >= len(rest) || rest[at+len(m)] != '"' && rest[at+len(m)] != '\'' {
			return nil, fmt.Errorf("odf: split cell %d not found", i)
		}
		lt := bytes.LastIndexByte(rest[:at], '<')
		if lt < 0 {
			return nil, fmt.Errorf("odf: split cell %d: no start tag", i)
		}
		end, ok := elementEnd(rest, lt)
		if !ok {
			return nil, fmt.Errorf("odf: split cell %d: no end", i)
		}
		b.Write(rest[:lt])
		elem := rest[lt:end]
		for _, r := range s.runs {
			switch {
			case r.hidden && r.n == 1:
				b.WriteString(s.empty + "/>")
			case r.hidden:
				b.WriteString(s.empty + " " + s.rep + `="` + strconv.Itoa(r.n) + `"/>`)
			case r.n == 1:
				b.Write(withoutAttr(elem, m))
			default:
				b.Write(bytes.Replace(elem, m, []byte(strconv.Itoa(r.n)), 1))
			}
		}
		rest = rest[end:]
	}
	if bytes.Contains(rest, prefix) {
		return nil, fmt.Errorf("odf: a split cell marker is left")
	}
	b.Write(rest)
	return b.Bytes(), nil
}

// withoutAttr returns elem without the attribute whose value is m, as
// xmlclean writes an attribute it changed (white space, name, '=', the
// value quoted); else with the value 1.
func withoutAttr(elem, m []byte) []byte {
	at := bytes.Index(elem, m)
	if at >= 2 && elem[at-2] == '=' {
		if ws := bytes.LastIndexAny(elem[:at-2], " \t\r\n"); ws > 0 {
			out := append([]byte(nil), elem[:ws]...)
			return append(out, elem[at+len(m)+1:]...)
		}
	}
	return bytes.Replace(elem, m, []byte("1"), 1)
}

// tagEnd returns the index after the tag that starts at b[i] ('<') and
// whether it closes itself. Quotes only delimit attribute values there.
func tagEnd(b []byte, i int) (int, bool, bool) {
	for k := i + 1; k < len(b); k++ {
		switch b[k] {
		case '"', '\'':
			j := bytes.IndexByte(b[k+1:], b[k])
			if j < 0 {
				return 0, false, false
			}
			k += j + 1
		case '>':
			return k + 1, b[k-1] == '/', true
		}
	}
	return 0, false, false
}

// elementEnd returns the index after the element that starts at b[i], in
// well-formed XML (what xmlclean wrote).
func elementEnd(b []byte, i int) (int, bool) {
	k, self, ok := tagEnd(b, i)
	if !ok || self {
		return k, ok
	}
	depth := 1
	for {
		j := bytes.IndexByte(b[k:], '<')
		if j < 0 {
			return 0, false
		}
		p := k + j
		skip := func(open, close string) bool {
			if !bytes.HasPrefix(b[p:], []byte(open)) {
				return false
			}
			e := bytes.Index(b[p+len(open):], []byte(close))
			if e < 0 {
				k = len(b)
			} else {
				k = p + len(open) + e + len(close)
			}
			return true
		}
		switch {
		case skip("<!--", "-->"), skip("<![CDATA[", "]]>"), skip("<?", "?>"):
			if k >= len(b) {
				return 0, false
			}
		case bytes.HasPrefix(b[p:], []byte("</")):
			e := bytes.IndexByte(b[p:], '>')
			if e < 0 {
				return 0, false
			}
			k = p + e + 1
			if depth--; depth == 0 {
				return k, true
			}
		default:
			end, self, ok := tagEnd(b, p)
			if !ok {
				return 0, false
			}
			if !self {
				depth++
			}
			k = end
		}
	}
}

// splitting reports whether a writing pass under this plan must go
// through expand.
func (pl *hiddenPlan) splitting() bool {
	if pl == nil {
		return false
	}
	for _, cp := range pl.cells {
		if len(cp.runs) > 1 {
			return true
		}
	}
	return false
}

// cellsError is why cleaning cannot empty the hidden cells, if it cannot.
func (pl *hiddenPlan) cellsError(format string) error {
	if pl == nil || !pl.tooMany {
		return nil
	}
	return scrub.Unsupported(format, fmt.Sprintf("its hidden columns cut repeated cells into more than %d pieces", maxRuns),
		"Unhide and delete the hidden columns in the spreadsheet program, or clean it without removing hidden rows, columns and sheets.")
}
