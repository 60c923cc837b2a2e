package ooxml

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/scrub-project/scrub/formats/internal/unseen"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// Excel's hidden content: hidden sheets, rows, columns and names with
// what they hold (ECMA-376 Part 1, 18.2.19, 18.3.1.73, 18.3.1.13, 18.2.5),
// cells written in the colour of their fill or in a number format that
// shows nothing (";;;"), and values stored from the last calculation of
// a formula that changes by itself (TODAY, NOW) or from a linked
// workbook. Under Policy.RemoveHiddenSheets the cells of hidden rows,
// columns and sheets are emptied (the rows, columns and sheets stay, so
// that nothing that refers to them breaks) and the shared strings only
// they used go.

type sheetInfo struct {
	name, state string
	part        *part
}

type definedName struct {
	name, value string
	hidden      bool
}

// workbookInfo is what the checks need of the workbook: its sheets and
// names, styles, shared strings and theme.
type workbookInfo struct {
	sheets   []sheetInfo
	byPart   map[*part]*sheetInfo
	names    []definedName
	date1904 bool
	styles   *xlStyles
	sst      []string
	sstRead  bool
	sstPart  *part
	sstKept  map[int]int // references from cells that stay
	sstGone  map[int]int // from cells that are emptied
}

// workbook reads workbook.xml (once).
func (p *pkg) workbook() *workbookInfo {
	if p.book != nil {
		return p.book
	}
	wb := &workbookInfo{byPart: map[*part]*sheetInfo{}, sstKept: map[int]int{}, sstGone: map[int]int{}}
	p.book = wb
	main := p.main
	var name *definedName
	var val strings.Builder
	_ = p.parse(main, func(e *xmlclean.Element) xmlclean.Decision {
		if !isX(e.Name.Space) {
			return xmlclean.Decision{}
		}
		switch e.Name.Local {
		case "sheet":
			s := sheetInfo{}
			s.name, _ = e.Attr("", "name")
			s.state, _ = e.Attr("", "state")
			for i := range e.Attrs {
				if isR(e.Attrs[i].Name.Space) && e.Attrs[i].Name.Local == "id" {
					if rl := main.own.rel(e.Attrs[i].Value); rl != nil {
						s.part = rl.to
					}
				}
			}
			wb.sheets = append(wb.sheets, s)
		case "workbookPr":
			wb.date1904 = attrTrue(e, "", "date1904")
		case "definedName":
			if name != nil {
				name.value = val.String()
				wb.names = append(wb.names, *name)
			}
			n, _ := e.Attr("", "name")
			name = &definedName{name: n, hidden: attrTrue(e, "", "hidden")}
			val.Reset()
		}
		return xmlclean.Decision{}
	}, func(e *xmlclean.Element, b []byte) {
		if name != nil && e != nil && e.Name.Local == "definedName" && val.Len() < 300 {
			val.Write(b)
		}
	})
	if name != nil {
		name.value = val.String()
		wb.names = append(wb.names, *name)
	}
	for i := range wb.sheets {
		if pt := wb.sheets[i].part; pt != nil {
			wb.byPart[pt] = &wb.sheets[i]
		}
	}
	wb.sstPart = p.related(main, "sharedStrings")
	wb.styles = p.xlStyles(p.related(main, "styles"), p.themeScheme(p.related(main, "theme")))
	return wb
}

// sharedString returns shared string i (read once).
func (p *pkg) sharedString(i int) (string, bool) {
	wb := p.workbook()
	if !wb.sstRead {
		wb.sstRead = true
		if wb.sstPart != nil && !wb.sstPart.removed {
			var cur *strings.Builder
			_ = p.parse(wb.sstPart, func(e *xmlclean.Element) xmlclean.Decision {
				if isX(e.Name.Space) && e.Name.Local == "si" {
					wb.sst = append(wb.sst, "")
					cur = &strings.Builder{}
				}
				if isX(e.Name.Space) && e.Name.Local == "rPh" {
					cur = nil // phonetic text is not shown
				}
				return xmlclean.Decision{}
			}, func(e *xmlclean.Element, b []byte) {
				if e != nil && e.Name.Local == "t" && cur != nil && len(wb.sst) > 0 && cur.Len() < 500 {
					cur.Write(b)
					wb.sst[len(wb.sst)-1] = cur.String()
				}
			})
		}
	}
	if i < 0 || i >= len(wb.sst) {
		return "", false
	}
	return wb.sst[i], true
}

// xlFont and xlFill are what the checks read of a cell's font and fill.
type xlFont struct {
	colour *unseen.RGB
	sz     float64
}

type xlStyles struct {
	fonts   []xlFont
	fills   []*unseen.RGB // solid fills' colours (nil: none or not solid)
	xfs     [][3]int      // fontId, fillId, numFmtId
	numFmts map[int]string
}

// excelTheme maps Excel's theme colour indexes to the scheme: 0 and 1 are
// lt1 and dk1, 2 and 3 lt2 and dk2 (the reverse of the scheme's order).
var excelTheme = []string{"lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink", "folHlink"}

// excelIndexed is the legacy palette of indexed colours 0–63.
var excelIndexed = strings.Fields("000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF 00FFFF 000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF 00FFFF " +
	"800000 008000 000080 808000 800080 008080 C0C0C0 808080 9999FF 993366 FFFFCC CCFFFF 660066 FF8080 0066CC CCCCFF " +
	"000080 FF00FF FFFF00 00FFFF 800080 800000 008080 0000FF 00CCFF CCFFFF CCFFCC FFFF99 99CCFF FF99CC CC99FF FFCC99 " +
	"3366FF 33CCCC 99CC00 FFCC00 FF9900 FF6600 666699 969696 003366 339966 003300 333300 993300 993366 333399 333333")

// xlColour reads a CT_Color (rgb, theme, indexed, with a tint); nil for
// automatic or unknown.
func xlColour(e *xmlclean.Element, s scheme) *unseen.RGB {
	var c unseen.RGB
	switch {
	case attrPresent(e, "rgb"):
		v, _ := e.Attr("", "rgb")
		rgb, ok := unseen.ParseHex(v)
		if !ok {
			return nil
		}
		c = rgb
	case attrPresent(e, "theme"):
		i, _ := attrInt(e, "", "theme")
		if i < 0 || i >= len(excelTheme) {
			return nil
		}
		rgb, ok := s[excelTheme[i]]
		if !ok {
			return nil
		}
		c = rgb
	case attrPresent(e, "indexed"):
		i, _ := attrInt(e, "", "indexed")
		if i < 0 || i >= len(excelIndexed) {
			return nil // 64, 65: the system's colours
		}
		c, _ = unseen.ParseHex(excelIndexed[i])
	default:
		return nil
	}
	if t := attrNum(e, "tint"); t < 0 {
		c = unseen.Mix(c, unseen.Black, 1+t)
	} else if t > 0 {
		c = unseen.Mix(c, unseen.White, 1-t)
	}
	return &c
}

func attrPresent(e *xmlclean.Element, local string) bool {
	_, ok := e.Attr("", local)
	return ok
}

func (p *pkg) xlStyles(pt *part, s scheme) *xlStyles {
	st := &xlStyles{numFmts: map[int]string{}}
	if pt == nil || pt.removed {
		return st
	}
	section := ""
	var pattern string
	_ = p.parse(pt, func(e *xmlclean.Element) xmlclean.Decision {
		if !isX(e.Name.Space) {
			return xmlclean.Decision{}
		}
		switch e.Name.Local {
		case "numFmts", "fonts", "fills", "cellXfs", "cellStyleXfs", "dxfs", "borders", "cellStyles":
			section = e.Name.Local
		case "numFmt":
			if section == "numFmts" {
				id, _ := attrInt(e, "", "numFmtId")
				code, _ := e.Attr("", "formatCode")
				st.numFmts[id] = code
			}
		case "font":
			if section == "fonts" {
				st.fonts = append(st.fonts, xlFont{})
			}
		case "color":
			if section == "fonts" && len(st.fonts) > 0 && e.Parent != nil && e.Parent.Name.Local == "font" {
				st.fonts[len(st.fonts)-1].colour = xlColour(e, s)
			}
		case "sz":
			if section == "fonts" && len(st.fonts) > 0 {
				st.fonts[len(st.fonts)-1].sz = attrNum(e, "val")
			}
		case "fill":
			if section == "fills" {
				st.fills = append(st.fills, nil)
			}
		case "patternFill":
			pattern, _ = e.Attr("", "patternType")
		case "fgColor":
			if section == "fills" && len(st.fills) > 0 && pattern == "solid" {
				st.fills[len(st.fills)-1] = xlColour(e, s)
			}
		case "xf":
			if section == "cellXfs" {
				f, _ := attrInt(e, "", "fontId")
				fl, _ := attrInt(e, "", "fillId")
				n, _ := attrInt(e, "", "numFmtId")
				st.xfs = append(st.xfs, [3]int{f, fl, n})
			}
		}
		return xmlclean.Decision{}
	}, nil)
	return st
}

// emptyFormat reports a number format that shows nothing for any value
// (";;;", the usual way to hide a cell's value; LibreOffice writes it as
// `"";"";"";""`, empty text in every section).
func emptyFormat(code string) bool {
	if strings.Count(code, ";") < 2 {
		return false
	}
	for _, sec := range strings.Split(code, ";") {
		if strings.TrimSpace(strings.ReplaceAll(sec, `""`, "")) != "" {
			return false
		}
	}
	return true
}

// cellState is an open cell.
type cellState struct {
	e       *xmlclean.Element
	ref     string
	col     int
	typ     string
	style   int
	value   strings.Builder
	formula strings.Builder
	gone    bool
}

// sheetHidden is the state of Excel's hidden-content rules in one pass
// over a worksheet.
type sheetHidden struct {
	r          *rules
	wb         *workbookInfo
	info       *sheetInfo
	hiddenCols [][2]int
	rowHidden  bool
	rowN       int
	zeroHeight bool
	cell       *cellState
	rows       []int
	rowVals    []string
	cols       map[int]bool
	colVals    []string
	cells      int // cells holding something
	sample     []string
	invisible  []string
	tiny       []string
	empty      []string
	volatile   []string
	removed    bool // the policy empties hidden cells
}

func newSheetHidden(r *rules) *sheetHidden {
	wb := r.p.workbook()
	s := &sheetHidden{r: r, wb: wb, info: wb.byPart[r.pt], cols: map[int]bool{}}
	s.removed = r.p.env.Policy.RemoveHiddenSheets
	return s
}

func (s *sheetHidden) sheetHidden() bool {
	return s.info != nil && (s.info.state == "hidden" || s.info.state == "veryHidden")
}

// colIndex reads the column of a cell reference ("AB12" -> 28).
func colIndex(ref string) int {
	n := 0
	for _, c := range ref {
		switch {
		case c >= 'A' && c <= 'Z':
			n = n*26 + int(c-'A') + 1
		case c >= 'a' && c <= 'z':
			n = n*26 + int(c-'a') + 1
		default:
			return n
		}
	}
	return n
}

func (s *sheetHidden) colHidden(c int) bool {
	for _, r := range s.hiddenCols {
		if c >= r[0] && c <= r[1] {
			return true
		}
	}
	return false
}

func (s *sheetHidden) start(e *xmlclean.Element, d xmlclean.Decision) xmlclean.Decision {
	if !isX(e.Name.Space) {
		return d
	}
	switch e.Name.Local {
	case "sheetFormatPr":
		s.zeroHeight = attrTrue(e, "", "zeroHeight")
	case "col":
		w, hasW := e.Attr("", "width")
		if attrTrue(e, "", "hidden") || (hasW && strings.TrimSpace(w) == "0") {
			lo, _ := attrInt(e, "", "min")
			hi, _ := attrInt(e, "", "max")
			if lo > 0 && hi >= lo {
				s.hiddenCols = append(s.hiddenCols, [2]int{lo, min(hi, 16384)})
			}
		}
	case "row":
		s.rowN, _ = attrInt(e, "", "r")
		ht, hasHt := e.Attr("", "ht")
		s.rowHidden = attrTrue(e, "", "hidden") || (hasHt && strings.TrimSpace(ht) == "0") ||
			(s.zeroHeight && !attrTrue(e, "", "customHeight"))
	case "c":
		c := &cellState{e: e}
		c.ref, _ = e.Attr("", "r")
		c.col = colIndex(c.ref)
		c.typ, _ = e.Attr("", "t")
		c.style, _ = attrInt(e, "", "s")
		c.gone = s.removed && (s.rowHidden || s.colHidden(c.col) || s.sheetHidden())
		s.cell = c
		if c.gone && s.r.writing {
			return xmlclean.Decision{Action: xmlclean.Remove}
		}
	}
	return d
}

func (s *sheetHidden) text(e *xmlclean.Element, b []byte) {
	c := s.cell
	if c == nil || e == nil {
		return
	}
	switch e.Name.Local {
	case "v", "t":
		if c.value.Len() < 500 {
			c.value.Write(b)
		}
	case "f":
		if c.formula.Len() < 200 {
			c.formula.Write(b)
		}
	}
}

func (s *sheetHidden) end(e *xmlclean.Element) {
	if s.cell == nil || s.cell.e != e {
		return
	}
	c := s.cell
	s.cell = nil
	if s.r.writing {
		return
	}
	v := c.value.String()
	if c.typ == "s" {
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err == nil {
			if c.gone {
				s.wb.sstGone[i]++
			} else {
				s.wb.sstKept[i]++
			}
			v, _ = s.r.p.sharedString(i)
		}
	}
	if strings.TrimSpace(v) == "" {
		return
	}
	shown := c.ref + ": " + unseen.Quote(v, 80)
	s.cells++
	if len(s.sample) < 5 {
		s.sample = append(s.sample, shown)
	}
	hiddenCell := false
	if s.rowHidden {
		hiddenCell = true
		if n := len(s.rows); n == 0 || s.rows[n-1] != s.rowN {
			s.rows = append(s.rows, s.rowN)
		}
		if len(s.rowVals) < 5 {
			s.rowVals = append(s.rowVals, shown)
		}
	}
	if s.colHidden(c.col) {
		hiddenCell = true
		s.cols[c.col] = true
		if len(s.colVals) < 5 {
			s.colVals = append(s.colVals, shown)
		}
	}
	if f := strings.ToUpper(c.formula.String()); strings.Contains(f, "TODAY()") || strings.Contains(f, "NOW()") {
		s.volatile = append(s.volatile, fmt.Sprintf("%s: =%s shows %s as stored (the date of its last calculation)", c.ref, unseen.Clip(c.formula.String(), 40), excelDate(v, s.wb.date1904)))
	}
	if hiddenCell || s.sheetHidden() {
		return
	}
	st := s.wb.styles
	if c.style < 0 || c.style >= len(st.xfs) {
		return
	}
	xf := st.xfs[c.style]
	if code, ok := st.numFmts[xf[2]]; ok && emptyFormat(code) {
		s.empty = append(s.empty, shown)
		return
	}
	if xf[0] < 0 || xf[0] >= len(st.fonts) {
		return
	}
	font := st.fonts[xf[0]]
	if font.sz > 0 && font.sz < 2 {
		s.tiny = append(s.tiny, shown)
		return
	}
	bg := unseen.White
	if xf[1] >= 0 && xf[1] < len(st.fills) && st.fills[xf[1]] != nil {
		bg = *st.fills[xf[1]]
	}
	if font.colour != nil && unseen.Unreadable(bg, *font.colour) {
		s.invisible = append(s.invisible, shown)
	}
}

// excelDate shows a serial date as a date.
func excelDate(v string, date1904 bool) string {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f <= 0 || f > 2958465 {
		return unseen.Quote(v, 40)
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	t := base.Add(time.Duration(f * 24 * float64(time.Hour)))
	return unseen.Quote(t.Format("2006-01-02 15:04"), 40)
}

func (s *sheetHidden) finish() {
	r := s.r
	where := r.p.place(r.pt)
	act := scrub.Report
	if s.removed {
		act = scrub.Remove
	}
	more := func(vals []string, n int) string {
		v := strings.Join(vals, "; ")
		if n > len(vals) {
			v += fmt.Sprintf("; … (%d cells)", n)
		}
		return v
	}
	if s.sheetHidden() {
		field := "hidden sheet"
		if s.info.state == "veryHidden" {
			field = "very hidden sheet (not listed by Excel's Unhide)"
		}
		v := "“" + s.info.name + "”"
		a := scrub.Report
		if s.cells > 0 {
			v += " holds " + more(s.sample, s.cells)
			a = act
		}
		r.hiddenFinding(where, field, v, scrub.LabelHiddenSheet, a, false)
	}
	if len(s.rows) > 0 {
		r.hiddenFinding(where, "hidden rows", "rows "+unseen.Spans(s.rows, strconv.Itoa)+": "+strings.Join(s.rowVals, "; "), scrub.LabelHiddenRows, act, false)
	}
	if len(s.cols) > 0 {
		cols := sortedKeys(s.cols)
		r.hiddenFinding(where, "hidden columns", "columns "+unseen.Spans(cols, unseen.ColumnName)+": "+strings.Join(s.colVals, "; "), scrub.LabelHiddenRows, act, false)
	}
	for _, v := range s.invisible {
		r.hiddenFinding(where, "cell in the colour of its fill", v, scrub.LabelInvisibleText, scrub.Report, false)
	}
	for _, v := range s.tiny {
		r.hiddenFinding(where, "cell text smaller than 2 points", v, scrub.LabelInvisibleText, scrub.Report, false)
	}
	for _, v := range s.empty {
		r.hiddenFinding(where, "cell whose format shows nothing (;;;)", v, scrub.LabelInvisibleText, scrub.Report, false)
	}
	for _, v := range s.volatile {
		r.hiddenFinding(where, "stored field result", v, scrub.LabelStaleValue, scrub.Report, false)
	}
}

// bookFindings reports what the workbook hides besides its sheets:
// hidden names (Excel's own, _xlnm.*, are not the user's) and the values
// stored from linked workbooks.
func (p *pkg) bookFindings(fs *xmlclean.Findings) {
	if fs == nil || !(strings.Contains(p.main.ctype, "spreadsheetml") || strings.Contains(p.main.ctype, "ms-excel")) {
		return
	}
	wb := p.workbook()
	for _, n := range wb.names {
		if !n.hidden || strings.HasPrefix(n.name, "_xlnm.") || strings.HasPrefix(n.name, "_xlfn.") {
			continue
		}
		fs.Add(scrub.Finding{Where: p.main.name, Field: "hidden name", Value: n.name + " = " + unseen.Clip(n.value, 120),
			Kind: scrub.KindHidden, Action: scrub.Report, Label: scrub.LabelHiddenObject})
	}
	for _, pt := range sortedParts(p.parts) {
		if pt.removed || !strings.HasSuffix(pt.ctype, "externallink+xml") {
			continue
		}
		var vals []string
		n := 0
		var cur *strings.Builder
		_ = p.parse(pt, func(e *xmlclean.Element) xmlclean.Decision {
			if isX(e.Name.Space) && e.Name.Local == "v" {
				cur = &strings.Builder{}
			}
			return xmlclean.Decision{}
		}, func(e *xmlclean.Element, b []byte) {
			if e != nil && e.Name.Local == "v" && cur != nil {
				cur.Write(b)
				if t := strings.TrimSpace(cur.String()); t != "" && len(b) > 0 {
					n++
					if len(vals) < 5 {
						vals = append(vals, unseen.Quote(t, 60))
					}
				}
				cur = nil
			}
		})
		if n > 0 {
			v := strings.Join(vals, "; ")
			if n > len(vals) {
				v += fmt.Sprintf("; … (%d values)", n)
			}
			fs.Add(scrub.Finding{Where: pt.name, Field: "values stored from a linked workbook", Value: v,
				Kind: scrub.KindHidden, Action: scrub.Report, Label: scrub.LabelStaleValue})
		}
	}
}

// sstPass empties, in the writing pass, the shared strings that only
// emptied cells used.
type sstPass struct {
	r    *rules
	n    int
	drop bool
	si   *xmlclean.Element
}

func (x *sstPass) start(e *xmlclean.Element, d xmlclean.Decision) xmlclean.Decision {
	if !isX(e.Name.Space) {
		return d
	}
	if e.Name.Local == "si" && e.Depth == 2 {
		i := x.n
		x.n++
		wb := x.r.p.book
		x.drop = wb != nil && wb.sstGone[i] > 0 && wb.sstKept[i] == 0
		x.si = e
		return d
	}
	if !x.drop || x.si == nil {
		return d
	}
	switch {
	case e.Name.Local == "t" && e.Parent == x.si:
		return xmlclean.Decision{Action: xmlclean.Clear}
	case (e.Name.Local == "r" || e.Name.Local == "rPh") && e.Parent == x.si:
		return xmlclean.Decision{Action: xmlclean.Remove}
	}
	return d
}

func (x *sstPass) end(e *xmlclean.Element) {
	if e == x.si {
		x.si, x.drop = nil, false
	}
}

// drawingPass finds the hidden shapes and pictures of an Excel drawing
// (xdr:cNvPr hidden="1"); under Policy.RemoveHidden their anchors go.
type drawingPass struct {
	r        *rules
	n        int
	anchor   *drawAnchor
	items    []*drawAnchor
	refCount map[string]int
}

type drawAnchor struct {
	idx    int
	e      *xmlclean.Element
	hidden bool
	name   string
	text   strings.Builder
	blips  [2]int
	refs   map[string]int
}

func isDrawAnchor(e *xmlclean.Element) bool {
	if e.Name.Space != nsXDR {
		return false
	}
	switch e.Name.Local {
	case "twoCellAnchor", "oneCellAnchor", "absoluteAnchor":
		return true
	}
	return false
}

func (x *drawingPass) skipped(e *xmlclean.Element) {
	if isDrawAnchor(e) {
		x.n++
	}
}

func (x *drawingPass) start(e *xmlclean.Element, d xmlclean.Decision) xmlclean.Decision {
	for i := range e.Attrs {
		if id, ok := refAttr(&e.Attrs[i]); ok {
			if x.refCount == nil {
				x.refCount = map[string]int{}
			}
			x.refCount[id]++
			if a := x.anchor; a != nil {
				if a.refs == nil {
					a.refs = map[string]int{}
				}
				a.refs[id]++
			}
		}
	}
	if isDrawAnchor(e) {
		a := &drawAnchor{idx: x.n, e: e}
		a.blips[0] = x.r.h.crops.n
		x.n++
		if x.anchor == nil {
			x.anchor = a
			x.items = append(x.items, a)
		}
		if x.r.writing && x.r.pt.plan.dropShapes[a.idx] {
			return xmlclean.Decision{Action: xmlclean.Remove}
		}
		return d
	}
	if a := x.anchor; a != nil && e.Name.Space == nsXDR && e.Name.Local == "cNvPr" {
		if attrTrue(e, "", "hidden") {
			a.hidden = true
		}
		if a.name == "" {
			a.name, _ = e.Attr("", "name")
		}
	}
	return d
}

func (x *drawingPass) text(e *xmlclean.Element, b []byte) {
	if x.anchor != nil && e != nil && isA(e.Name.Space) && e.Name.Local == "t" && x.anchor.text.Len() < 500 {
		x.anchor.text.Write(b)
	}
}

func (x *drawingPass) end(e *xmlclean.Element) {
	if x.anchor != nil && x.anchor.e == e {
		x.anchor.blips[1] = x.r.h.crops.n
		x.anchor.e = nil
		x.anchor = nil
	}
}

func (x *drawingPass) finish() {
	r := x.r
	where := r.p.place(r.pt)
	for _, a := range x.items {
		if !a.hidden {
			continue
		}
		v := "shape or picture"
		if a.name != "" {
			v += " “" + unseen.Clip(a.name, 60) + "”"
		}
		if t := strings.TrimSpace(a.text.String()); t != "" {
			v += ": " + unseen.Quote(t, 200)
		}
		action := r.removable(true)
		if action == scrub.Remove {
			if r.pt.plan.dropShapes == nil {
				r.pt.plan.dropShapes = map[int]bool{}
			}
			r.pt.plan.dropShapes[a.idx] = true
			for _, ref := range r.h.crops.refs {
				if ref.idx >= a.blips[0] && ref.idx < a.blips[1] {
					ref.gone = true
				}
			}
			for id, n := range a.refs {
				if x.refCount[id] <= n {
					delete(r.kept, id)
					r.drops[id] = true
				}
			}
		}
		r.hiddenFinding(where, "hidden shape", v, scrub.LabelHiddenObject, action, false)
	}
}
