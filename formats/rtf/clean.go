package rtf

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// mode is what a pass over a document does.
type mode uint8

const (
	modeInspect mode = iota // findings only
	modeClean               // findings and the cleaned document
	modeParts               // the document's text and pictures, for Parts
)

// Where findings are.
const (
	whereDoc      = "document"
	whereInfo     = "document properties"
	whereComments = "comments"
)

// Bounds.
const (
	maxDepth    = 1000     // groups inside groups
	maxValue    = 512      // text kept for one finding
	maxHeld     = 1 << 20  // a field instruction, bookmark or shape property held until decided
	maxAllText  = 64 << 20 // decoded text listed as a part
	maxPictures = 10000
)

// gkind is what a group is to the cleaner.
type gkind uint8

const (
	gPlain    gkind = iota
	gDrop           // removed with everything in it
	gInfo           // \info: removed; its groups are properties
	gProperty       // a property in \info
	gPict           // a picture: its data is cleaned
	gObject         // an embedded object: only its \result stays
	gResult         // an object's \result: its content stays, its braces go
	gField          // \field
	gFldinst        // a field's instruction: local paths shortened
	gFldrslt        // a field's result
	gBookmark       // \bkmkstart, \bkmkend
	gSp             // a shape property: held until its name is known
	gSn             // a shape property's name
)

type frame struct {
	kind    gkind
	name    string
	star    bool
	pending bool   // its destination is not known yet
	held    []byte // '{' and '\*' while pending
	out     bool   // what it holds is written
	mute    bool   // its own tokens are not written (an object's)
	buf     *bytes.Buffer
	deleted bool // \deleted is on: text goes
	uc      int  // \ucN
	skip    int  // \u fallback characters still to skip
	visible bool // its text is what the reader sees
	col     *collector
	drop    dropped
	pic     *picture
	fld     *field
	date    []int64 // \yr \mo \dy \hr \min \sec of a date property
	sn      string  // gSp: the property's name
	decided bool    // gSp: kept or removed
	emitted bool    // something of the group has been written
	nested  bool    // gFldinst: holds a field of its own
	// guard: what was first in the group is gone, so a control word
	// written next would stand where readers look for a destination; an
	// empty group goes first.
	guard bool
	// destGuard: as guard, for a control word that names a destination
	// (set when a word that stood first was dropped).
	destGuard bool
}

type picture struct {
	data   bytes.Buffer
	blip   string
	nibble int // a pending hex digit, -1 if none
}

type field struct {
	instr  string
	result *collector
}

// cleaner is one pass over a document.
type cleaner struct {
	ctx  context.Context
	env  *scrub.Env
	mode mode
	w    *bufio.Writer // modeClean
	tk   *tokenizer

	stack    []*frame
	enc      encoding.Encoding
	done     bool // the document's group has closed
	wordOpen bool // the last thing written is a control word without a delimiter

	fs       xmlclean.Findings
	warnings []scrub.Warning

	deleted *collector // text of tracked deletions
	visible *collector // modeParts: what the reader sees
	all     *collector // modeParts: every text, decoded
	picture func(where string, data []byte) error

	npic, nobj, ndata, rsids, inserts int
	tableRsids                        int
	size                              int64
}

func newCleaner(ctx context.Context, env *scrub.Env, m mode, size int64) *cleaner {
	c := &cleaner{ctx: ctx, env: env, mode: m, enc: charmap.Windows1252, size: size}
	c.deleted = newCollector(c.enc, maxValue)
	if m == modeParts {
		c.visible = newCollector(c.enc, maxAllText)
		c.all = newCollector(c.enc, maxAllText)
	}
	return c
}

func (c *cleaner) top() *frame { return c.stack[len(c.stack)-1] }

// parent returns the innermost open group, nil if none.
func (c *cleaner) parent() *frame {
	if len(c.stack) == 0 {
		return nil
	}
	return c.top()
}

// run reads the document from r and writes the cleaned document to w
// (modeClean).
func (c *cleaner) run(r io.Reader, w io.Writer) error {
	if w != nil {
		c.w = bufio.NewWriterSize(w, 64<<10)
	}
	c.tk = newTokenizer(r, c.size)
	if err := c.loop(); err != nil {
		return wrap(err)
	}
	c.finish()
	if c.w != nil {
		return c.w.Flush()
	}
	return nil
}

// wrap turns the tokenizer's syntax errors into the user's words.
func wrap(err error) error {
	var se *syntaxError
	if errors.As(err, &se) {
		return scrub.Malformed(format, nil, "this is not a valid RTF document: %s", se.msg)
	}
	return err
}

func (c *cleaner) loop() error {
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if err := c.ctx.Err(); err != nil {
				return err
			}
		}
		tok, err := c.tk.next()
		if err != nil {
			return err
		}
		if tok.kind == tokEOF {
			if !c.done {
				return malformed("the document ends before all its groups are closed (it is cut short)")
			}
			return nil
		}
		if len(c.stack) == 0 && tok.kind != tokOpen {
			return malformed("the document does not start with a group")
		}
		if err := c.token(tok); err != nil {
			return err
		}
		if c.done {
			return c.trailing()
		}
	}
}

// trailing looks at what follows the document's group: readers ignore
// it, so anything but white space is hidden data, which goes. White
// space (the line break most writers end with) stays.
func (c *cleaner) trailing() error {
	t := c.tk
	seen := false
	for {
		rest := t.Buf[t.Pos:t.End]
		if !seen && len(bytes.Trim(rest, " \t\r\n")) == 0 && c.w != nil {
			c.w.Write(rest)
		}
		if !seen {
			if k := bytes.IndexFunc(rest, func(r rune) bool { return !strings.ContainsRune(" \t\r\n\x00", r) }); k >= 0 {
				seen = true
				c.fs.Add(scrub.Finding{Where: whereDoc, Field: "data after the end of the document", Value: imagemeta.Describe(rest[k:]),
					Kind: scrub.KindHidden, Action: scrub.Remove, Label: scrub.LabelHiddenData})
			}
		}
		t.Pos = t.End
		more, err := t.Fill()
		if err != nil || !more {
			return err
		}
	}
}

func (c *cleaner) token(tok token) error {
	if len(c.stack) == 0 {
		return c.open(tok)
	}
	if f := c.top(); f.pending && tok.kind != tokOpen {
		if tok.kind == tokSymbol && tok.name[0] == '*' {
			f.star = true
			f.held = append(f.held, tok.raw...)
			return nil
		}
		name := ""
		if tok.kind == tokWord {
			name = string(tok.name)
			if drops(name) {
				// Removed, so the next word stands where this one
				// stood: it is the group's destination, as readers of
				// the cleaned document will see it.
				return c.word(tok)
			}
		}
		if err := c.decide(f, name); err != nil {
			return err
		}
		if tok.kind == tokWord && f.kind != gPlain && f.kind != gDrop {
			// The destination word is written with the group's start,
			// or not at all (an object's and a result's).
			if f.kind != gObject && f.kind != gResult {
				c.emitWord(tok.raw)
			}
			return nil
		}
	}
	switch tok.kind {
	case tokOpen:
		return c.open(tok)
	case tokClose:
		return c.close()
	case tokWord:
		return c.word(tok)
	case tokSymbol:
		return c.symbol(tok)
	case tokHex:
		c.hexChar(tok)
	case tokText:
		return c.text(tok)
	case tokBin:
		if k := c.top().kind; k != gPict {
			c.emit(tok.raw)
		}
	case tokData:
		return c.data(tok)
	}
	return nil
}

// write writes b to where the innermost group's output goes: nowhere if
// it is removed, its holding buffer, or the output.
//
// A control word without a space after it ends at the next character
// that is not a letter or digit. In the input that character is never a
// letter, digit or space (the tokenizer would have made it part of the
// word); once something between them is removed, it can be: "\plain"
// and "Hello" around a removed "\insrsid1 " would read "\plainHello".
// write puts a space between them, which ends the word and is not text.
func (c *cleaner) write(b []byte) {
	if len(b) == 0 {
		return
	}
	for i := len(c.stack) - 1; i >= 0; i-- {
		f := c.stack[i]
		if !f.out {
			return
		}
		if f.buf != nil {
			c.delimit(f.buf, b)
			f.buf.Write(b)
			c.wordOpen = false
			return
		}
	}
	if c.w != nil {
		c.delimit(c.w, b)
		c.w.Write(b)
	}
	c.wordOpen = false
}

func (c *cleaner) delimit(w io.ByteWriter, b []byte) {
	if !c.wordOpen {
		return
	}
	if x := b[0]; isLetter(x) || isDigit(x) || x == ' ' || x == '-' && len(b) > 1 && isDigit(b[1]) {
		w.WriteByte(' ')
	}
}

// dropFirst notes that a token of the group was dropped: if nothing of
// the group has been written yet, the next control word written stands
// first, where readers look for a destination: if it names one
// ({\deleted x\annotation} must not become {\annotation}), a guard goes
// before it.
func (f *frame) dropFirst() {
	if !f.emitted {
		f.destGuard = true
	}
}

// emit writes a token of the innermost group.
func (c *cleaner) emit(b []byte) {
	f := c.top()
	if f.mute {
		return
	}
	if f.guard && b[0] == '\\' {
		c.write([]byte("{}"))
	}
	f.guard, f.emitted = false, true
	c.write(b)
}

// emitWord writes a control word of the innermost group.
func (c *cleaner) emitWord(b []byte) {
	f := c.top()
	if f.mute || c.inRemoved() {
		return
	}
	if f.destGuard && !f.emitted && namesDestination(b) {
		f.guard = true
	}
	f.destGuard = false
	c.emit(b)
	if last := b[len(b)-1]; last != ' ' {
		c.wordOpen = true
	}
}

// namesDestination reports whether a control word (as written, "\\name"
// with an optional parameter) is one a reader takes for a destination
// when it stands first in a group.
func namesDestination(b []byte) bool {
	name := strings.TrimLeft(string(b), "\\")
	name = strings.TrimRightFunc(name, func(r rune) bool { return r == ' ' || r == '-' || r >= '0' && r <= '9' })
	_, dropped := droppedDests[name]
	return dropped || contentDest[name] || name == "info" || name == "pict" || name == "object" || name == "result"
}

func (c *cleaner) open(tok token) error {
	if len(c.stack) >= maxDepth {
		return scrub.OverLimit(format, scrub.LimitDepth, fmt.Sprintf("groups nested more than %d deep", maxDepth))
	}
	f := &frame{pending: true, held: append([]byte(nil), tok.raw...), out: true, uc: 1, visible: true}
	if len(c.stack) > 0 {
		p := c.top()
		if p.pending {
			if err := c.decide(p, ""); err != nil {
				return err
			}
		}
		f.out = p.out
		f.deleted = p.deleted
		f.uc = p.uc
		f.visible = p.visible
	}
	c.stack = append(c.stack, f)
	if col := c.collectorOf(); col != nil && col.words {
		col.str(" ") // the texts of groups are separate words
	}
	return nil
}

// decide settles what a group is once its first token is known: name is
// its destination word, "" if it has none.
func (c *cleaner) decide(f *frame, name string) error {
	f.pending = false
	f.name = name
	var p *frame
	if len(c.stack) > 1 {
		p = c.stack[len(c.stack)-2]
	}
	drop := func(d dropped) {
		f.kind, f.out, f.drop = gDrop, false, d
		f.col = newCollector(c.enc, maxValue)
		f.col.words = true
	}
	switch {
	case name == "" && f.star && p != nil && p.out:
		// "\*" says a destination word follows; without one the group is
		// nothing a reader knows.
		drop(dropped{"unknown destination", scrub.KindOther, scrub.LabelMetadata, false, whereDoc})
	case name == "":
	case p == nil:
	case p.kind == gInfo:
		f.kind, f.out = gProperty, false
		d, ok := infoFields[name]
		if !ok {
			d = dropped{name, scrub.KindOther, scrub.LabelMetadata, false, whereInfo}
		}
		f.drop = d
		f.col = newCollector(c.enc, maxValue)
		f.col.words = true
	case !p.out:
		// Inside removed content: its text goes to the finding, or to one
		// of its own if it is named; a picture's data goes to none (Parts
		// still lists it).
		if name == "pict" {
			f.kind, f.pic = gPict, &picture{nibble: -1}
		} else if d, ok := droppedDests[name]; ok {
			drop(d)
		}
	case p.deleted && name != "" && (f.star || contentDest[name]):
		// A picture, field, footnote… inside deleted text goes with it.
		f.kind, f.out = gDrop, false
	case p.kind == gObject:
		if name == "result" {
			f.kind, f.held = gResult, nil
			p.decided = true // the object has a picture to keep
			break
		}
		d, ok := droppedDests[name]
		if !ok {
			d = dropped{"embedded object data", scrub.KindAttachment, scrub.LabelEmbeddedObject, true, whereDoc}
		}
		drop(d)
		f.drop.field = "" // the object's finding says it all
		if name == "objclass" {
			f.col = p.col
		}
		if name == "objdata" && c.mode == modeParts {
			f.kind, f.pic = gPict, &picture{nibble: -1}
		}
	case name == "info":
		f.kind, f.out = gInfo, false
	default:
		if d, ok := droppedDests[name]; ok {
			drop(d)
			if name == "passwordhash" || name == "password" {
				c.warnings = append(c.warnings, scrub.Warning{Where: whereDoc, Message: "the password that kept others from editing the document was removed (its hash could be cracked)"})
			}
			break
		}
		if f.star && !keptStars[name] {
			drop(dropped{"unknown destination \\" + name, scrub.KindOther, scrub.LabelMetadata, false, whereDoc})
			break
		}
		c.keep(f, p, name)
	}
	if p != nil && f.out && (len(f.held) > 0 || f.kind == gObject) && f.buf == nil {
		p.guard, p.emitted = false, true
	}
	if f.out {
		if f.kind == gResult {
			// Its content follows the object's brace directly.
			f.guard = true
			return nil
		}
		held := f.held
		f.held = nil
		c.write(held)
	}
	return nil
}

// contentDest are destinations that hold content of their own: inside a
// tracked deletion they go with it.
var contentDest = map[string]bool{
	"field": true, "pict": true, "object": true, "shp": true, "shpgrp": true, "footnote": true,
	"nonshppict": true, "shppict": true, "do": true, "result": true,
}

// keep sets up a kept group.
func (c *cleaner) keep(f, p *frame, name string) {
	if hiddenDests[name] || f.star {
		f.visible = false
	}
	switch name {
	case "pict":
		f.kind, f.pic = gPict, &picture{nibble: -1}
		f.buf = new(bytes.Buffer)
	case "object":
		c.nobj++
		f.kind, f.mute = gObject, true
		f.col = newCollector(c.enc, maxValue)
		f.held = nil
		c.write([]byte("{"))
	case "field":
		f.kind, f.fld = gField, &field{}
		for _, a := range c.stack[:len(c.stack)-1] {
			if a.kind == gFldinst {
				a.nested = true
			}
		}
	case "fldinst":
		f.kind = gFldinst
		f.buf = new(bytes.Buffer)
		f.col = newCollector(c.enc, maxHeld)
	case "fldrslt":
		f.kind = gFldrslt
		f.visible = p.visible
		if p.kind == gField {
			p.fld.result = newCollector(c.enc, maxValue)
			f.col = p.fld.result
		}
	case "bkmkstart", "bkmkend":
		f.kind = gBookmark
		f.buf = new(bytes.Buffer)
		f.col = newCollector(c.enc, maxValue)
	case "sp":
		f.kind = gSp
		f.buf = new(bytes.Buffer)
	case "sn":
		if p.kind == gSp {
			f.kind = gSn
			f.col = newCollector(c.enc, maxValue)
		}
	}
}

func (c *cleaner) close() error {
	f := c.top()
	if f.pending {
		if err := c.decide(f, ""); err != nil {
			return err
		}
	}
	c.stack = c.stack[:len(c.stack)-1]
	if p := c.parent(); p != nil && !p.emitted && (!f.out || f.kind == gResult || f.kind == gBookmark || f.kind == gSp) {
		// The group is gone (or may be): the parent's next word must not
		// take its place.
		p.guard = true
	}
	switch f.kind {
	case gDrop:
		c.endDrop(f)
	case gProperty:
		c.endProperty(f)
	case gPict:
		return c.endPicture(f)
	case gObject:
		c.endObject(f)
	case gResult:
	case gFldinst:
		return c.endFldinst(f)
	case gField:
		c.endField(f)
		c.write([]byte("}"))
	case gBookmark:
		c.endBookmark(f)
	case gSp:
		c.endSp(f)
	case gSn:
		c.endSn(f)
	default:
		c.stack = append(c.stack, f)
		c.write([]byte("}"))
		c.stack = c.stack[:len(c.stack)-1]
	}
	if len(c.stack) == 0 {
		c.done = true
	}
	return nil
}

// flush writes a held group to where its parent's output goes.
func (c *cleaner) flush(f *frame, tail string) {
	if f.buf == nil || !f.out {
		return
	}
	b := f.buf.Bytes()
	f.buf = nil
	c.wrote()
	c.write(b)
	c.write([]byte(tail))
}

// wrote notes that a held group was written into the innermost group.
func (c *cleaner) wrote() {
	if p := c.parent(); p != nil {
		p.guard, p.emitted = false, true
	}
}

func (c *cleaner) endDrop(f *frame) {
	d := f.drop
	if d.field == "" {
		return
	}
	v := f.col.text()
	switch f.name {
	case "revtbl":
		var names []string
		for _, n := range strings.Split(v, ";") {
			if n = strings.TrimSpace(n); n != "" && n != "Unknown" {
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			d.minor = true
		}
		v = strings.Join(names, "; ")
	case "rsidtbl":
		v = fmt.Sprintf("%d ids", c.tableRsids)
	case "atndate", "atntime":
		var n int64
		if _, err := fmt.Sscan(v, &n); err == nil {
			v = dttm(n)
		}
	case "themedata", "datastore", "colorschememapping", "passwordhash", "xmlnstbl", "blipuid", "fontemb", "svb", "datafield":
		v = ""
	}
	c.fs.Add(scrub.Finding{Where: d.where, Field: d.field, Value: v, Kind: d.kind, Action: scrub.Remove, Label: d.label, Minor: d.minor})
}

func (c *cleaner) endProperty(f *frame) {
	d := f.drop
	v := f.col.text()
	if len(f.date) > 0 {
		v = ""
		if slices.ContainsFunc(f.date, func(n int64) bool { return n != 0 }) {
			v = formatDate(f.date)
		}
	}
	if v == "" {
		return
	}
	c.fs.Add(scrub.Finding{Where: d.where, Field: d.field, Value: v, Kind: d.kind, Action: scrub.Remove, Label: d.label, Minor: d.minor})
}

func formatDate(d []int64) string {
	for len(d) < 6 {
		d = append(d, 0)
	}
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", d[0], d[1], d[2], d[3], d[4], d[5])
}

// dttm formats a packed date and time (the DTTM of Word's binary
// format, which RTF uses for revision and comment times).
func dttm(n int64) string {
	if n <= 0 {
		return fmt.Sprint(n)
	}
	u := uint32(n)
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d", 1900+(u>>20)&0x1ff, (u>>16)&0xf, (u>>11)&0x1f, (u>>6)&0x1f, u&0x3f)
}

var dateWords = map[string]int{"yr": 0, "mo": 1, "dy": 2, "hr": 3, "min": 4, "sec": 5}

func (c *cleaner) word(tok token) error {
	f := c.top()
	name := string(tok.name)
	switch {
	case f.kind == gProperty:
		if i, ok := dateWords[name]; ok {
			for len(f.date) <= i {
				f.date = append(f.date, 0)
			}
			f.date[i] = tok.param
		}
		return nil
	case name == "deleted":
		f.deleted = !tok.has || tok.param != 0
		f.dropFirst()
		return nil
	case name == "plain":
		f.deleted = false
	case name == "uc":
		f.uc = int(max(0, min(tok.param, 8)))
	case name == "u":
		if !tok.has {
			break
		}
		r := rune(tok.param)
		if r < 0 {
			r += 65536
		}
		if f.deleted {
			c.deleted.rune(r)
			f.skip = f.uc
			return nil
		}
		c.deliverRune(f, r)
		c.emitWord(tok.raw)
		f.skip = f.uc
		return nil
	case name == "ansicpg" && len(c.stack) == 1:
		c.setEncoding(codePage(tok.param))
	case (name == "mac" || name == "pc" || name == "pca") && len(c.stack) == 1:
		c.setEncoding(map[string]encoding.Encoding{"mac": charmap.Macintosh, "pc": charmap.CodePage437, "pca": charmap.CodePage850}[name])
	case isRsid(name):
		if f.name == "rsidtbl" {
			c.tableRsids++
		} else {
			c.rsids++
		}
		f.dropFirst()
		return nil
	case f.kind == gPict:
		if strings.HasSuffix(name, "blip") || strings.HasPrefix(name, "wmetafile") || name == "dibitmap" ||
			name == "wbitmap" || name == "macpict" || name == "pmmetafile" {
			f.pic.blip = name
		}
	}
	if d, ok := droppedWords[name]; ok {
		c.droppedWord(f, name, tok, d)
		return nil
	}
	if s, ok := textWords[name]; ok {
		if f.deleted {
			c.deleted.str(s)
			return nil
		}
		c.deliverString(f, s)
	}
	if f.skip > 0 {
		f.skip-- // a control word counts as one fallback character
	}
	c.emitWord(tok.raw)
	return nil
}

// drops reports whether word removes a control word wherever it is.
func drops(name string) bool {
	_, ok := droppedWords[name]
	return ok || isRsid(name)
}

func (c *cleaner) setEncoding(e encoding.Encoding) {
	c.enc = e
	for _, col := range []*collector{c.deleted, c.visible, c.all} {
		if col != nil {
			col.flush()
			col.enc = e
		}
	}
}

func (c *cleaner) droppedWord(f *frame, name string, tok token, d dropped) {
	if !f.out && f.kind != gInfo {
		return // inside removed content: its own finding covers it
	}
	switch name {
	case "revised":
		if tok.has && tok.param == 0 {
			return
		}
		c.inserts++
		return
	case "chatn", "revisions", "bliptag":
		c.fs.Add(scrub.Finding{Where: d.where, Field: d.field, Kind: d.kind, Action: scrub.Remove, Label: d.label, Minor: d.minor})
		return
	}
	v := ""
	if tok.has {
		v = fmt.Sprint(tok.param)
		if d.kind == scrub.KindTime && d.label == scrub.LabelDate {
			v = dttm(tok.param)
		}
	}
	c.fs.Add(scrub.Finding{Where: d.where, Field: d.field, Value: v, Kind: d.kind, Action: scrub.Remove, Label: d.label, Minor: d.minor})
}

// textSymbols are the control symbols that stand for text.
var textSymbols = map[byte]string{'\\': "\\", '{': "{", '}': "}", '~': "\u00a0", '-': "", '_': "\u2011", '\n': "\n", '\r': "\n"}

func (c *cleaner) symbol(tok token) error {
	f := c.top()
	if tok.name[0] == '*' {
		// A \* away from a group's start (StarWriter writes \*\cs7 in the
		// middle of text): LibreOffice drops it and shows the rest; so
		// does the cleaned document, whose readers then cannot disagree.
		return nil
	}
	s, isText := textSymbols[tok.name[0]]
	if isText {
		if f.skip > 0 {
			f.skip--
			if !f.deleted {
				c.emit(tok.raw)
			}
			return nil
		}
		if f.deleted {
			c.deleted.str(s)
			return nil
		}
		c.deliverString(f, s)
	}
	c.emit(tok.raw)
	return nil
}

func (c *cleaner) hexChar(tok token) {
	f := c.top()
	if f.skip > 0 {
		f.skip--
		if !f.deleted {
			c.emit(tok.raw)
		}
		return
	}
	if f.deleted {
		c.deleted.bytes([]byte{tok.hex})
		return
	}
	c.deliverBytes(f, []byte{tok.hex})
	c.emit(tok.raw)
}

func (c *cleaner) text(tok token) error {
	f := c.top()
	if f.kind == gPict {
		return c.hexData(f, tok.raw)
	}
	if f.mute {
		return nil
	}
	p := tok.raw
	// Skip \u fallback characters (for what is collected; the output
	// keeps them).
	if f.skip > 0 {
		n := 0
		for n < len(p) && f.skip > 0 {
			if p[n] != '\r' && p[n] != '\n' {
				f.skip--
			}
			n++
		}
		if !f.deleted {
			c.emit(p[:n])
		}
		p = p[n:]
	}
	if len(p) == 0 {
		return nil
	}
	text := bytes.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, p)
	if f.deleted {
		c.deleted.bytes(text)
		return nil
	}
	c.deliverBytes(f, text)
	c.emit(p)
	return nil
}

func (c *cleaner) data(tok token) error {
	f := c.top()
	if f.kind == gPict {
		return c.picData(f, tok.raw)
	}
	if !f.deleted {
		c.emit(tok.raw)
	}
	return nil
}

// deliverBytes gives 8-bit text to whoever collects it.
func (c *cleaner) deliverBytes(f *frame, p []byte) {
	c.all.bytes(p)
	if col := c.collectorOf(); col != nil {
		col.bytes(p)
	}
	if c.visibleHere(f) {
		c.visible.bytes(p)
	}
}

func (c *cleaner) deliverRune(f *frame, r rune) {
	c.all.rune(r)
	if col := c.collectorOf(); col != nil {
		col.rune(r)
	}
	if c.visibleHere(f) {
		c.visible.rune(r)
	}
}

func (c *cleaner) deliverString(f *frame, s string) {
	c.all.str(s)
	if col := c.collectorOf(); col != nil {
		col.str(s)
	}
	if c.visibleHere(f) {
		c.visible.str(s)
	}
}

func (c *cleaner) visibleHere(f *frame) bool { return c.visible != nil && f.visible && f.out }

// collectorOf returns the innermost collector open.
func (c *cleaner) collectorOf() *collector {
	for i := len(c.stack) - 1; i >= 0; i-- {
		if c.stack[i].col != nil {
			return c.stack[i].col
		}
	}
	return nil
}

// finish adds the findings counted over the whole document.
func (c *cleaner) finish() {
	if c.rsids > 0 {
		c.fs.Add(scrub.Finding{Where: whereDoc, Field: "edit-session ids", Value: fmt.Sprintf("%d in the text", c.rsids),
			Kind: scrub.KindEditHistory, Action: scrub.Remove, Label: scrub.LabelEditSession})
	}
	if c.inserts > 0 {
		c.fs.Add(scrub.Finding{Where: whereDoc, Field: "tracked insertion", Value: fmt.Sprintf("%d marks (the inserted text stays)", c.inserts),
			Kind: scrub.KindEditHistory, Action: scrub.Remove, Label: scrub.LabelTrackedChange})
	}
	if t := c.deleted.text(); t != "" {
		c.fs.Add(scrub.Finding{Where: whereDoc, Field: "tracked deletion", Value: t,
			Kind: scrub.KindEditHistory, Action: scrub.Remove, Label: scrub.LabelTrackedChange})
	}
}
