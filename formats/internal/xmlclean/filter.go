// Package xmlclean is the streaming XML filter shared by the Office Open
// XML and OpenDocument handlers.
//
// A Filter reads XML token by token and writes every token it does not
// change exactly as it was: the XML declaration, namespace declarations
// (and so mc:Ignorable), attribute order and quoting, whitespace, entity
// and character references, CDATA sections, comments and processing
// instructions. encoding/xml's Encoder cannot do that (it renames prefixes,
// and Office rejects its output), which is why this package has its own
// small scanner.
//
// What changes is decided by the caller's Start callback, called for each
// start tag with the element's name resolved to its namespace URI (prefixes
// vary between producers): keep it, remove it with its subtree, unwrap it
// (drop the tags, keep the content), clear or replace its content, or defer
// the decision to its end tag (the subtree is buffered). Start may also
// remove or rewrite attributes. The callbacks may keep whatever state they
// need ("inside w:del") in closures or in Element.Data.
//
// Inspect runs the same callbacks without writing, so a handler's Inspect
// and Clean share one set of rules: every edit with a Kind records a
// scrub.Finding (Action Remove) in both modes, and Element.Report records
// what is kept but worth knowing (Action Report). A cleaned part therefore
// inspects with no Remove findings exactly when the rules are idempotent.
//
// Malformed XML is an error (ErrMalformed), never a silent pass-through:
// mismatched or unclosed tags, undeclared prefixes, duplicate attributes,
// undefined entities, invalid UTF-8, control characters, text outside the
// root element. A DOCTYPE is refused (ErrUnsupported): Office and ODF never
// use one, and entity declarations are how billion-laughs and external
// entity attacks work. Nesting deeper than MaxDepth and tokens longer than
// MaxToken are ErrLimit errors.
package xmlclean

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/scrub-project/scrub/scrub"
)

// Defaults for Filter's limits.
const (
	DefaultMaxDepth = 1000
	DefaultMaxToken = 64 << 20
)

// Namespace URIs the filter itself knows.
const (
	NSXML   = "http://www.w3.org/XML/1998/namespace"
	NSXMLNS = "http://www.w3.org/2000/xmlns/"
)

// maxValue bounds the text kept as a finding's value.
const maxValue = 512

// Name is an XML name resolved to its namespace URI. Space is "" for
// unprefixed attributes and for elements outside any default namespace.
type Name struct {
	Space, Local string
}

// Attr is one attribute of a start tag.
type Attr struct {
	Name   Name
	Prefix string
	Value  string // decoded

	raw     []byte // leading whitespace through the closing quote
	rawName []byte
	quote   byte
	removed bool
	set     *string
}

// QName returns the attribute's name as written ("w:rsidR").
func (a *Attr) QName() string { return qname(a.Prefix, a.Name.Local) }

// IsNamespace reports whether the attribute declares a namespace.
func (a *Attr) IsNamespace() bool { return a.Name.Space == NSXMLNS }

func qname(prefix, local string) string {
	if prefix == "" {
		return local
	}
	return prefix + ":" + local
}

// Element is a start tag as the callbacks see it. It stays valid until
// its End callback returns.
type Element struct {
	Name   Name
	Prefix string
	Attrs  []Attr
	Parent *Element
	Depth  int // 1 for the root element
	// Data is the caller's, for state that belongs to this element.
	Data any

	f         *Filter
	run       *run
	raw       []byte // the start tag as written
	tailStart int    // index in raw of the whitespace before '>' or '/>'
	selfClose bool
	edited    bool
	decision  Decision
	deferred  bool
	decided   bool
	outStart  int // for deferred elements: length of the start tag in its buffer
	nsUndo    int
}

// QName returns the element's name as written ("w:del").
func (e *Element) QName() string { return qname(e.Prefix, e.Name.Local) }

// Is reports whether the element is local in namespace space.
func (e *Element) Is(space, local string) bool {
	return e.Name.Local == local && e.Name.Space == space
}

// Attr returns the decoded value of the attribute space:local.
func (e *Element) Attr(space, local string) (string, bool) {
	for i := range e.Attrs {
		a := &e.Attrs[i]
		if a.Name.Local == local && a.Name.Space == space && !a.removed {
			return a.Value, true
		}
	}
	return "", false
}

// Note says how an edit is reported: as a Remove finding of Kind with
// Label (Minor when it identifies no one), under Field (the attribute's
// or element's name when empty). The zero Note reports nothing: a
// structural edit that reveals nothing itself.
type Note struct {
	Kind  scrub.Kind
	Label scrub.Label
	Minor bool
	Field string
}

func (n Note) finding(where, field, value string, action scrub.Action) scrub.Finding {
	if n.Field != "" {
		field = n.Field
	}
	return scrub.Finding{Where: where, Field: field, Value: value, Kind: n.Kind, Action: action, Label: n.Label, Minor: n.Minor}
}

// DropAttr removes attribute i and, if n.Kind is set, records a Remove
// finding with its name and value. Namespace declarations cannot be
// removed (prefixes elsewhere depend on them); DropAttr ignores them.
func (e *Element) DropAttr(i int, n Note) {
	a := &e.Attrs[i]
	if a.removed || a.IsNamespace() {
		return
	}
	a.removed = true
	e.edited = true
	if n.Kind != "" {
		e.run.add(n.finding(e.f.Where, a.QName(), a.Value, scrub.Remove))
	}
}

// ReplaceAttr replaces the value of attribute i and, if n.Kind is set,
// records a Remove finding with its name and old value.
func (e *Element) ReplaceAttr(i int, value string, n Note) {
	a := &e.Attrs[i]
	if a.removed || a.IsNamespace() || a.Value == value {
		return
	}
	if n.Kind != "" {
		e.run.add(n.finding(e.f.Where, a.QName(), a.Value, scrub.Remove))
	}
	a.set = &value
	a.Value = value
	e.edited = true
}

// RemoveAttr is DropAttr with a finding of kind (none if kind is empty).
func (e *Element) RemoveAttr(i int, kind scrub.Kind) { e.DropAttr(i, Note{Kind: kind}) }

// SetAttr is ReplaceAttr with a finding of kind (none if kind is empty).
func (e *Element) SetAttr(i int, value string, kind scrub.Kind) {
	e.ReplaceAttr(i, value, Note{Kind: kind})
}

// Review records a finding with Action Report: something kept that the
// user should know about (hidden text, a link to a local path). n.Field
// names it.
func (e *Element) Review(n Note, value string) {
	e.run.add(n.finding(e.f.Where, e.QName(), value, scrub.Report))
}

// Report is Review without a label.
func (e *Element) Report(field, value string, kind scrub.Kind) {
	e.Review(Note{Kind: kind, Field: field}, value)
}

// Decide sets the decision for an element whose Start returned Defer. It
// may be called any time before the element's End callback returns, also
// from the callbacks of its descendants; the last call wins. Only Keep,
// Remove and Unwrap are possible. Without a call the element is kept.
func (e *Element) Decide(d Decision) {
	if !e.deferred {
		panic("xmlclean: Decide on an element that was not deferred")
	}
	if d.Action != Keep && d.Action != Remove && d.Action != Unwrap {
		panic("xmlclean: Decide allows only Keep, Remove and Unwrap")
	}
	e.decision = d
	e.decided = true
}

// Action is what happens to an element.
type Action uint8

const (
	// Keep writes the element (with any attribute edits) and visits its
	// content.
	Keep Action = iota
	// Remove drops the element and everything in it.
	Remove
	// Unwrap drops the element's tags and visits its content, which stays.
	Unwrap
	// Clear keeps the tags and drops the content.
	Clear
	// SetText keeps the tags and replaces the content with Decision.Text.
	SetText
	// Defer visits the content, buffers the output, and applies the
	// decision set with Element.Decide at the end tag.
	Defer
)

// Decision is what Start returns for an element.
type Decision struct {
	Action Action
	// Kind, if set, makes the edit a Remove finding. Leave it empty for
	// structural edits that reveal nothing themselves (a reference to a
	// removed part).
	Kind scrub.Kind
	// Label and Minor of the finding (see scrub.Finding).
	Label scrub.Label
	Minor bool
	// Field of the finding; the element's QName if empty.
	Field string
	// Value of the finding; if empty, the text content of what is removed
	// (shortened).
	Value string
	// Text replaces the content for SetText.
	Text string
	// AppendText adds the removed text to Value ("author: deleted
	// words").
	AppendText bool
}

// Filter is one pass over one XML part.
type Filter struct {
	// Where is the Finding.Where of every finding ("word/document.xml").
	Where string
	// Start decides what happens to an element. Nil keeps everything.
	// It is not called inside removed or cleared content.
	Start func(e *Element) Decision
	// End, if set, is called after the end tag of every element Start was
	// called for (right after Start for an empty element).
	End func(e *Element)
	// Text, if set, receives the decoded character data (and CDATA) of
	// content that stays, in chunks; e is the innermost open element.
	Text func(e *Element, text []byte)
	// Skipped, if set, sees the start tags inside removed or cleared
	// content (read-only: it cannot change anything), e.g. to learn which
	// references the removed content held.
	Skipped func(e *Element)
	// Comments, if set, removes XML comments with a finding of this kind.
	// Otherwise comments are kept.
	Comments scrub.Kind
	// MaxDepth and MaxToken bound nesting and the size of one tag, comment
	// or CDATA section; zero means DefaultMaxDepth and DefaultMaxToken.
	MaxDepth, MaxToken int
}

// Clean filters the XML in src to dst and adds the findings of the edits
// to fs (which may be nil). On error, what was written to dst is
// incomplete. Errors are *scrub.FormatError values of kind ErrMalformed,
// ErrUnsupported or ErrLimit, or src's read error.
func (f *Filter) Clean(dst io.Writer, src io.Reader, fs *Findings) error {
	bw := bufio.NewWriterSize(dst, 8<<10)
	r := &run{f: f, fs: fs, out: bw}
	if err := r.run(src); err != nil {
		return err
	}
	return bw.Flush()
}

// Inspect runs the same callbacks as Clean without writing anything, and
// adds the findings to fs.
func (f *Filter) Inspect(src io.Reader, fs *Findings) error {
	r := &run{f: f, fs: fs}
	return r.run(src)
}

// run is the state of one Clean or Inspect.
type run struct {
	f        *Filter
	fs       *Findings
	out      *bufio.Writer // nil when inspecting
	bufs     []*bytes.Buffer
	sc       scanner
	stack    []*Element
	ns       map[string]string
	undo     []nsUndo
	maxDepth int
	root     bool // the root element has been seen
	dec      []byte
	names    map[string]string
	free     []*Element
	// brackets counts the ']' that end the character data read so far
	// (at most 2): "]]>" may be split across two text chunks.
	brackets int
	// skipAt is the stack index of the element whose content is removed
	// or cleared (-1 when none): what lies inside it is parsed but not
	// written, and the callbacks do not see it (but Skipped). skipText
	// collects its text for the finding; skipped records that it held
	// anything at all.
	skipAt   int
	skipText []byte
	skipped  bool
}

type nsUndo struct {
	prefix, old string
	had         bool
}

func (r *run) add(fd scrub.Finding) {
	if r.fs != nil {
		r.fs.Add(fd)
	}
}

func (r *run) write(b []byte) {
	switch {
	case len(r.bufs) > 0:
		r.bufs[len(r.bufs)-1].Write(b)
	case r.out != nil:
		r.out.Write(b)
	}
}

func (r *run) writeString(s string) {
	switch {
	case len(r.bufs) > 0:
		r.bufs[len(r.bufs)-1].WriteString(s)
	case r.out != nil:
		r.out.WriteString(s)
	}
}

func (r *run) wrap(err error) error {
	where := r.f.Where
	if where == "" {
		where = "XML"
	}
	var se *syntaxError
	var le *limitError
	var ue *unsupportedError
	switch {
	case errors.As(err, &se):
		return scrub.Malformed("", nil, "%s is not well-formed XML (at byte %d): %s", where, r.sc.offset(), se.msg)
	case errors.As(err, &le):
		return scrub.LimitError("", where+": "+le.msg, "")
	case errors.As(err, &ue):
		return scrub.Unsupported("", where+": "+ue.msg, "")
	}
	return err
}

func (r *run) run(src io.Reader) error {
	f := r.f
	maxToken := f.MaxToken
	if maxToken <= 0 {
		maxToken = DefaultMaxToken
	}
	r.maxDepth = f.MaxDepth
	if r.maxDepth <= 0 {
		r.maxDepth = DefaultMaxDepth
	}
	r.skipAt = -1
	r.sc = scanner{r: src, buf: getScanBuf(min(16<<10, maxToken)), maxToken: maxToken}
	defer func() { putScanBuf(r.sc.buf) }()
	r.ns = map[string]string{"xml": NSXML}
	if err := r.prolog(); err != nil {
		return r.wrap(err)
	}
	if err := r.loop(); err != nil {
		return r.wrap(err)
	}
	return nil
}

// scanBufs holds the scanners' first buffers for reuse: a package with
// thousands of small parts runs a filter over each, several times.
var scanBufs sync.Pool

func getScanBuf(n int) []byte {
	if b, ok := scanBufs.Get().(*[]byte); ok && cap(*b) == n {
		return (*b)[:n]
	}
	return make([]byte, n)
}

// putScanBuf gives a buffer back, unless it grew (a long token) and would
// keep its size in the pool.
func putScanBuf(b []byte) {
	if cap(b) == 16<<10 {
		scanBufs.Put(&b)
	}
}

// prolog handles a byte order mark and the XML declaration.
func (r *run) prolog() error {
	s := &r.sc
	if err := s.need(6); err != nil {
		return err
	}
	b := s.buf[s.pos:s.end]
	switch {
	case bytes.HasPrefix(b, []byte{0xef, 0xbb, 0xbf}):
		r.write(b[:3])
		s.pos += 3
		if err := s.need(6); err != nil {
			return err
		}
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}), bytes.HasPrefix(b, []byte{0xff, 0xfe}),
		bytes.HasPrefix(b, []byte{0, '<'}), bytes.HasPrefix(b, []byte{'<', 0}):
		return &unsupportedError{"UTF-16 XML is not supported"}
	}
	b = s.buf[s.pos:s.end]
	if !bytes.HasPrefix(b, []byte("<?xml")) || len(b) < 6 || !isSpace(b[5]) {
		return nil
	}
	kind, tok, err := s.next()
	if err != nil {
		return err
	}
	if kind != tokPI {
		return errSyntax("bad XML declaration")
	}
	if enc := declAttr(tok, "encoding"); enc != "" && !strings.EqualFold(enc, "utf-8") && !strings.EqualFold(enc, "utf8") {
		return &unsupportedError{fmt.Sprintf("XML in the %q encoding is not supported", enc)}
	}
	r.write(tok)
	return nil
}

// declAttr finds a pseudo-attribute in an XML declaration.
func declAttr(tok []byte, name string) string {
	i := bytes.Index(tok, []byte(name))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(tok[i+len(name):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	end := bytes.IndexByte(rest[1:], rest[0])
	if end < 0 {
		return ""
	}
	return string(rest[1 : 1+end])
}

func (r *run) top() *Element {
	if len(r.stack) == 0 {
		return nil
	}
	return r.stack[len(r.stack)-1]
}

// skipping reports whether the current token lies in removed or cleared
// content.
func (r *run) skipping() bool { return r.skipAt >= 0 }

// loop reads the tokens after the prolog and hands each to the method
// for its kind, as image/jpeg's decoder hands each marker to its own.
func (r *run) loop() error {
	for {
		kind, tok, err := r.sc.next()
		if err != nil {
			return err
		}
		if kind != tokText {
			r.brackets = 0
		}
		switch kind {
		case tokEOF:
			return r.eof()
		case tokText, tokCDATA:
			err = r.charData(kind, tok)
		case tokComment:
			err = r.comment(tok)
		case tokPI:
			err = r.procInst(tok)
		case tokEnd:
			err = r.endTag(tok)
		case tokStart:
			err = r.startTag(tok)
		}
		if err != nil {
			return err
		}
	}
}

// eof checks that the document ended where it may.
func (r *run) eof() error {
	if len(r.stack) > 0 {
		return errSyntax("the XML ends before </%s> (truncated?)", r.top().QName())
	}
	if !r.root {
		return errSyntax("no root element")
	}
	return nil
}

// charData handles text and CDATA sections: checked, decoded for the
// Text callback (or collected for a finding in removed content), written
// as they were.
func (r *run) charData(kind tokKind, tok []byte) error {
	data := tok
	if kind == tokCDATA {
		if len(r.stack) == 0 {
			return errSyntax("CDATA outside the root element")
		}
		data = tok[9 : len(tok)-3]
	}
	if len(r.stack) == 0 {
		if len(bytes.TrimLeft(data, " \t\r\n")) != 0 {
			return errSyntax("text outside the root element")
		}
		r.write(tok)
		return nil
	}
	if kind == tokCDATA {
		if !bytesValid(data) {
			return errSyntax("invalid character in CDATA")
		}
		r.dec = append(r.dec[:0], data...)
	} else {
		if err := r.checkCDEnd(data); err != nil {
			return err
		}
		var err error
		if r.dec, err = decode(r.dec[:0], data, false); err != nil {
			return err
		}
	}
	if r.skipping() {
		r.skipped = true
		if len(r.skipText) < maxValue {
			r.skipText = append(r.skipText, r.dec...)
		}
		return nil
	}
	if r.f.Text != nil {
		r.f.Text(r.top(), r.dec)
	}
	r.write(tok)
	return nil
}

// comment checks an XML comment and keeps it, or removes it with a
// finding if Filter.Comments says so.
func (r *run) comment(tok []byte) error {
	body := tok[4 : len(tok)-3]
	if bytes.Contains(body, []byte("--")) || bytes.HasSuffix(body, []byte("-")) {
		return errSyntax("'--' inside a comment")
	}
	if !bytesValid(body) {
		return errSyntax("invalid character in a comment")
	}
	switch {
	case r.skipping():
		r.skipped = true
	case r.f.Comments != "":
		r.add(scrub.Finding{Where: r.f.Where, Field: "XML comment", Value: string(firstBytes(bytes.TrimSpace(body), maxValue)),
			Kind: r.f.Comments, Action: scrub.Remove, Label: scrub.LabelComment})
	default:
		r.write(tok)
	}
	return nil
}

// procInst checks a processing instruction and keeps it (unless it lies
// in removed content).
func (r *run) procInst(tok []byte) error {
	target := tok[2:]
	n := name(target)
	if n == 0 {
		return errSyntax("bad processing instruction")
	}
	if strings.EqualFold(string(target[:n]), "xml") {
		return errSyntax("XML declaration not at the start")
	}
	if !bytesValid(tok) {
		return errSyntax("invalid character in a processing instruction")
	}
	if r.skipping() {
		r.skipped = true
	} else {
		r.write(tok)
	}
	return nil
}

// endTag matches an end tag to its start tag and ends the element.
func (r *run) endTag(tok []byte) error {
	nm := tok[2 : len(tok)-1]
	n := name(nm)
	if n == 0 || len(bytes.TrimLeft(nm[n:], " \t\r\n")) != 0 {
		return errSyntax("bad end tag")
	}
	e := r.top()
	if e == nil {
		return errSyntax("end tag </%s> without a start tag", nm[:n])
	}
	if string(nm[:n]) != e.QName() {
		return errSyntax("end tag </%s> does not match <%s>", nm[:n], e.QName())
	}
	switch idx := len(r.stack) - 1; {
	case r.skipping() && idx > r.skipAt:
		r.pop() // inside removed content
	case idx == r.skipAt:
		r.finishSkip(e, r.skipText, tok)
		r.skipAt, r.skipText = -1, r.skipText[:0]
	default:
		r.finishElement(e, tok)
	}
	return nil
}

// startTag parses a start tag and applies the Start callback's decision
// (or, in removed content, only shows it to Skipped).
func (r *run) startTag(tok []byte) error {
	if len(r.stack) == 0 && r.root {
		return errSyntax("a second root element")
	}
	r.root = true
	if len(r.stack)+1 > r.maxDepth {
		return &limitError{fmt.Sprintf("XML nested more than %d deep", r.maxDepth)}
	}
	e, err := r.parseStart(tok)
	if err != nil {
		return err
	}
	if r.skipping() {
		r.skipped = true
		if r.f.Skipped != nil {
			r.f.Skipped(e)
		}
		if e.selfClose {
			r.release(e)
		} else {
			r.stack = append(r.stack, e)
		}
		return nil
	}
	d := Decision{}
	if r.f.Start != nil {
		d = r.f.Start(e)
	}
	e.decision = d
	switch d.Action {
	case Keep, Defer:
		r.keep(e, d.Action == Defer)
	case Unwrap:
		return r.unwrap(e)
	case Remove, Clear, SetText:
		r.skip(e, d.Action)
	default:
		return fmt.Errorf("xmlclean: unknown action %d", d.Action)
	}
	return nil
}

// keep writes a kept element's start tag (into a buffer of its own if the
// decision is deferred) and opens it.
func (r *run) keep(e *Element, deferred bool) {
	if deferred {
		e.deferred = true
		e.decision = Decision{}
		r.bufs = append(r.bufs, new(bytes.Buffer))
	}
	r.writeStart(e, false)
	if deferred {
		e.outStart = r.bufs[len(r.bufs)-1].Len()
	}
	if e.selfClose {
		r.finishElement(e, nil)
		return
	}
	r.stack = append(r.stack, e)
}

// unwrap opens an element whose tags are dropped.
func (r *run) unwrap(e *Element) error {
	if e.selfClose {
		r.finishElement(e, nil)
		return nil
	}
	if hasNSDecl(e) {
		return &unsupportedError{fmt.Sprintf("cannot unwrap <%s>: it declares namespaces its content may use", e.QName())}
	}
	r.stack = append(r.stack, e)
	return nil
}

// skip opens an element whose content goes (Remove, Clear, SetText).
func (r *run) skip(e *Element, a Action) {
	if a != Remove {
		r.writeStart(e, a == SetText)
	}
	if e.selfClose {
		r.finishSkip(e, nil, nil)
		return
	}
	r.stack = append(r.stack, e)
	r.skipAt = len(r.stack) - 1
	r.skipText = r.skipText[:0]
	r.skipped = false
}

// checkCDEnd refuses "]]>" in character data (XML 1.0, section 2.4),
// also when it is split across text chunks.
func (r *run) checkCDEnd(data []byte) error {
	if bytes.Contains(data, []byte("]]>")) ||
		(r.brackets >= 2 && bytes.HasPrefix(data, []byte(">"))) ||
		(r.brackets >= 1 && bytes.HasPrefix(data, []byte("]>"))) {
		return errSyntax("']]>' in text")
	}
	n := len(data) - len(bytes.TrimRight(data, "]"))
	if n == len(data) {
		n += r.brackets
	}
	r.brackets = min(n, 2)
	return nil
}

func bytesValid(b []byte) bool {
	_, err := decodeCheckOnly(b)
	return err == nil
}

// decodeCheckOnly validates characters without resolving references
// (comments, PIs and CDATA contain no references).
func decodeCheckOnly(b []byte) (int, error) {
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return i, errSyntax("control character")
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if (r == utf8.RuneError && n <= 1) || r == 0xfffe || r == 0xffff {
			return i, errSyntax("invalid UTF-8")
		}
		i += n
	}
	return 0, nil
}

func hasNSDecl(e *Element) bool {
	for i := range e.Attrs {
		if e.Attrs[i].IsNamespace() {
			return true
		}
	}
	return false
}

func (r *run) pop() {
	e := r.stack[len(r.stack)-1]
	r.stack = r.stack[:len(r.stack)-1]
	r.release(e)
}

// finishSkip ends a removed, cleared or replaced element.
func (r *run) finishSkip(e *Element, text []byte, endTok []byte) {
	d := e.decision
	switch d.Action {
	case Clear, SetText:
		if e.selfClose {
			if d.Action == SetText && d.Text != "" {
				r.writeString(escapeText(d.Text))
				r.writeString("</" + e.QName() + ">")
			}
		} else {
			if d.Action == SetText {
				r.writeString(escapeText(d.Text))
			}
			r.write(endTok)
		}
	}
	if d.Kind != "" && (d.Action == Remove || (!e.selfClose && r.skipped)) {
		r.finding(e, d, text)
	}
	if !e.selfClose {
		r.stack = r.stack[:len(r.stack)-1]
	}
	if r.f.End != nil {
		r.f.End(e)
	}
	r.release(e)
}

func (r *run) finding(e *Element, d Decision, text []byte) {
	field := d.Field
	if field == "" {
		field = e.QName()
	}
	value := d.Value
	t := strings.TrimSpace(string(firstBytes(text, maxValue)))
	switch {
	case value == "":
		value = t
	case d.AppendText && t != "":
		value += ": " + t
	}
	r.add(scrub.Finding{Where: r.f.Where, Field: field, Value: value, Kind: d.Kind, Action: scrub.Remove, Label: d.Label, Minor: d.Minor || emptyValue(d.Kind, value)})
}

// emptyValue reports whether a removed element says nothing: a property
// that holds no value (LibreOffice writes an empty Template) identifies no
// one. A tracked change, comment, hidden or embedded thing without text is
// still something.
func emptyValue(k scrub.Kind, value string) bool {
	switch k {
	case scrub.KindEditHistory, scrub.KindComment, scrub.KindHidden, scrub.KindAttachment:
		return false
	}
	return value == ""
}

// finishElement ends a kept, unwrapped or deferred element; endTok is nil
// for an empty element.
func (r *run) finishElement(e *Element, endTok []byte) {
	if endTok != nil {
		r.stack = r.stack[:len(r.stack)-1]
		if e.deferred || e.decision.Action == Keep {
			r.write(endTok)
		}
	}
	if r.f.End != nil {
		r.f.End(e)
	}
	d := e.decision
	if e.deferred {
		buf := r.bufs[len(r.bufs)-1]
		r.bufs = r.bufs[:len(r.bufs)-1]
		switch d.Action {
		case Keep:
			r.write(buf.Bytes())
		case Unwrap:
			content := buf.Bytes()[e.outStart:]
			r.write(content[:len(content)-len(endTok)])
		}
	}
	if d.Kind != "" && d.Action != Keep {
		r.finding(e, d, nil)
	}
	r.release(e)
}

// writeStart writes e's start tag: as it was unless attributes changed.
// With open set, an empty element is written as a start tag so content can
// follow.
func (r *run) writeStart(e *Element, open bool) {
	if r.out == nil && len(r.bufs) == 0 {
		return
	}
	if !e.edited && !(open && e.selfClose) {
		r.write(e.raw)
		return
	}
	r.write(e.raw[:1+len(e.QName())])
	for i := range e.Attrs {
		a := &e.Attrs[i]
		switch {
		case a.removed:
		case a.set != nil:
			ws := a.raw[:len(a.raw)-len(bytes.TrimLeft(a.raw, " \t\r\n"))]
			r.write(ws)
			r.write(a.rawName)
			r.write([]byte{'=', a.quote})
			r.writeString(escapeAttr(*a.set, a.quote))
			r.write([]byte{a.quote})
		default:
			r.write(a.raw)
		}
	}
	tail := e.raw[e.tailStart:]
	if open && e.selfClose {
		tail = bytes.TrimRight(tail[:len(tail)-2], " \t\r\n")
		r.write(tail)
		r.write([]byte{'>'})
		return
	}
	r.write(tail)
}

func escapeText(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\r':
			b.WriteString("&#13;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func escapeAttr(s string, quote byte) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c == '<':
			b.WriteString("&lt;")
		case c == '&':
			b.WriteString("&amp;")
		case c == quote && c == '"':
			b.WriteString("&quot;")
		case c == quote && c == '\'':
			b.WriteString("&apos;")
		case c == '\t':
			b.WriteString("&#9;")
		case c == '\n':
			b.WriteString("&#10;")
		case c == '\r':
			b.WriteString("&#13;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// parseStart parses a start tag, declares its namespaces and resolves its
// names.
func (r *run) parseStart(tok []byte) (*Element, error) {
	e := r.newElement()
	*e = Element{f: r.f, run: r, raw: tok, Parent: r.top(), Depth: len(r.stack) + 1, nsUndo: len(r.undo), Attrs: e.Attrs[:0]}
	body := tok[1 : len(tok)-1]
	if len(body) > 0 && body[len(body)-1] == '/' {
		e.selfClose = true
		body = body[:len(body)-1]
	}
	n := name(body)
	if n == 0 {
		return nil, errSyntax("bad start tag %q", firstBytes(tok, 20))
	}
	elemName := body[:n]
	i := n
	for {
		ws := i
		for i < len(body) && isSpace(body[i]) {
			i++
		}
		if i == len(body) {
			e.tailStart = 1 + ws
			break
		}
		if i == ws {
			return nil, errSyntax("no space between attributes in <%s>", elemName)
		}
		an := name(body[i:])
		if an == 0 {
			return nil, errSyntax("bad attribute in <%s>", elemName)
		}
		aname := body[i : i+an]
		i += an
		for i < len(body) && isSpace(body[i]) {
			i++
		}
		if i == len(body) || body[i] != '=' {
			return nil, errSyntax("attribute %s without a value", aname)
		}
		i++
		for i < len(body) && isSpace(body[i]) {
			i++
		}
		if i == len(body) || (body[i] != '"' && body[i] != '\'') {
			return nil, errSyntax("unquoted attribute %s", aname)
		}
		q := body[i]
		end := bytes.IndexByte(body[i+1:], q)
		if end < 0 {
			return nil, errSyntax("unterminated attribute %s", aname)
		}
		rawVal := body[i+1 : i+1+end]
		i += end + 2
		val, err := decode(r.dec[:0], rawVal, true)
		if err != nil {
			return nil, err
		}
		r.dec = val
		prefix, local, err := splitQName(aname)
		if err != nil {
			return nil, err
		}
		e.Attrs = append(e.Attrs, Attr{
			Prefix: r.intern(prefix), Name: Name{Local: r.intern(local)}, Value: string(val),
			raw: body[ws:i], rawName: aname, quote: q,
		})
	}
	// Namespace declarations first, then resolution.
	for k := range e.Attrs {
		a := &e.Attrs[k]
		switch {
		case a.Prefix == "" && a.Name.Local == "xmlns":
			a.Name.Space = NSXMLNS
			r.bind("", a.Value)
		case a.Prefix == "xmlns":
			if a.Value == "" {
				return nil, errSyntax("prefix %s bound to an empty namespace", a.Name.Local)
			}
			if a.Name.Local == "xmlns" || (a.Name.Local == "xml") != (a.Value == NSXML) {
				return nil, errSyntax("reserved prefix %s misused", a.Name.Local)
			}
			a.Name.Space = NSXMLNS
			r.bind(a.Name.Local, a.Value)
		}
	}
	prefix, local, err := splitQName(elemName)
	if err != nil {
		return nil, err
	}
	e.Prefix, e.Name.Local = r.intern(prefix), r.intern(local)
	space, ok := r.ns[e.Prefix]
	if !ok && e.Prefix != "" {
		return nil, errSyntax("undeclared namespace prefix %s", e.Prefix)
	}
	e.Name.Space = space
	for k := range e.Attrs {
		a := &e.Attrs[k]
		if a.Name.Space == NSXMLNS || a.Prefix == "" {
			continue
		}
		space, ok := r.ns[a.Prefix]
		if !ok {
			return nil, errSyntax("undeclared namespace prefix %s", a.Prefix)
		}
		a.Name.Space = space
	}
	if err := checkDuplicates(e.Attrs); err != nil {
		return nil, err
	}
	return e, nil
}

func checkDuplicates(as []Attr) error {
	if len(as) < 2 {
		return nil
	}
	if len(as) <= 16 {
		for i := range as {
			for j := i + 1; j < len(as); j++ {
				if sameAttr(&as[i], &as[j]) {
					return errSyntax("duplicate attribute %s", as[j].QName())
				}
			}
		}
		return nil
	}
	seenQ := make(map[string]bool, len(as))
	seenN := make(map[Name]bool, len(as))
	for i := range as {
		a := &as[i]
		q := a.QName()
		if seenQ[q] {
			return errSyntax("duplicate attribute %s", q)
		}
		seenQ[q] = true
		if a.Prefix != "" && a.Name.Space != NSXMLNS {
			if seenN[a.Name] {
				return errSyntax("duplicate attribute %s", q)
			}
			seenN[a.Name] = true
		}
	}
	return nil
}

func sameAttr(a, b *Attr) bool {
	if a.Prefix == b.Prefix && a.Name.Local == b.Name.Local {
		return true
	}
	return a.Prefix != "" && b.Prefix != "" && a.Name.Space != NSXMLNS && a.Name == b.Name
}

func splitQName(b []byte) (prefix, local []byte, err error) {
	i := bytes.IndexByte(b, ':')
	if i < 0 {
		return nil, b, nil
	}
	if i == 0 || i == len(b)-1 || bytes.IndexByte(b[i+1:], ':') >= 0 {
		return nil, nil, errSyntax("bad qualified name %s", b)
	}
	return b[:i], b[i+1:], nil
}

// intern returns b as a string, sharing the strings of names seen before.
func (r *run) intern(b []byte) string {
	if s, ok := r.names[string(b)]; ok {
		return s
	}
	s := string(b)
	if r.names == nil {
		r.names = map[string]string{}
	}
	if len(r.names) < 4096 {
		r.names[s] = s
	}
	return s
}

func (r *run) bind(prefix, uri string) {
	old, had := r.ns[prefix]
	r.undo = append(r.undo, nsUndo{prefix, old, had})
	r.ns[prefix] = uri
}

// newElement returns a recycled Element (Elements are valid only until
// their End callback returns).
func (r *run) newElement() *Element {
	if n := len(r.free); n > 0 {
		e := r.free[n-1]
		r.free = r.free[:n-1]
		return e
	}
	return new(Element)
}

// release ends e: its namespace declarations go out of scope and the
// Element is recycled.
func (r *run) release(e *Element) {
	r.popNS(e)
	clear(e.Attrs)
	*e = Element{Attrs: e.Attrs[:0]}
	r.free = append(r.free, e)
}

func (r *run) popNS(e *Element) {
	for len(r.undo) > e.nsUndo {
		u := r.undo[len(r.undo)-1]
		r.undo = r.undo[:len(r.undo)-1]
		if u.had {
			r.ns[u.prefix] = u.old
		} else {
			delete(r.ns, u.prefix)
		}
	}
}
