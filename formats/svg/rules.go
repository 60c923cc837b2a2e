package svg

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/ident"
	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// mode is the pass the rules run in.
type mode uint8

const (
	// modeInspect records findings and learns the plan Clean follows.
	modeInspect mode = iota
	// modeClean writes the cleaned drawing.
	modeClean
	// modeText collects the text the reader sees (for Parts).
	modeText
	// modePictures lists the embedded pictures (for Parts).
	modePictures
)

// Bounds of what the rules hold in memory.
const (
	maxValue    = 512
	maxMetadata = 4 << 20  // RDF/XMP rebuilt for imagemeta
	maxStyle    = 16 << 20 // one style sheet
	maxTexts    = 1 << 20  // visible text collected for Parts
	// maxExpansion bounds what entities add to a drawing: Illustrator's
	// namespace and style entities add kilobytes, a megabyte or two in a
	// big drawing.
	maxExpansion = 16 << 20
)

// Where the findings are.
const (
	whereDrawing  = "drawing"
	whereMetadata = "metadata"
)

// plan is what the first pass learns for the second.
type plan struct {
	styles map[int]string // style element index → its cleaned text
	drop   map[int]bool   // title or description index → removed
}

// rules are the cleaning rules of one pass over a drawing. The passes run
// the same callbacks, so what Inspect reports is what Clean removes.
type rules struct {
	ctx  context.Context
	env  *scrub.Env
	mode mode
	fs   *xmlclean.Findings // modeInspect only
	f    *xmlclean.Filter
	plan *plan
	// forClean: the first pass of a Clean, which also cleans the pictures
	// inside style sheets (their cleaned text is part of the plan).
	forClean bool

	// removing counts the open elements of content the clean pass removes
	// as a whole, which the first pass visits to list what it holds.
	removing int
	meta     *metaBuf
	fo       int // open foreignObject elements
	nstyle   int
	ntext    int // titles and descriptions
	npic     int
	collect  []*collector
	nvisible int  // modeText: open elements whose text is collected
	nhidden  int  // open hidden layers and objects
	sheet    bool // a style sheet's URLs are being cleaned

	texts    []string                              // modeText
	ntexts   int                                   // bytes in texts
	picture  func(where string, data []byte) error // modePictures
	warnings []scrub.Warning
	err      error
}

func newRules(ctx context.Context, env *scrub.Env, m mode) *rules {
	r := &rules{ctx: ctx, env: env, mode: m, plan: &plan{styles: map[int]string{}, drop: map[int]bool{}}}
	lim := scrub.LimitsOf(env)
	r.f = &xmlclean.Filter{Where: whereDrawing, Start: r.start, End: r.end, Text: r.text,
		MaxToken: int(min(int64(xmlclean.DefaultMaxToken), lim.MaxMemberSize))}
	return r
}

// pass runs the rules over the drawing in src, writing to out in
// modeClean.
func (r *rules) pass(src io.Reader, out io.Writer, fs *xmlclean.Findings) error {
	r.fs = fs
	br := bufio.NewReaderSize(src, 64<<10)
	pro, body, err := readProlog(br)
	if err != nil {
		return err
	}
	lim := scrub.LimitsOf(r.env)
	lx := newLexer(body, r, r.f.MaxToken, min(lim.MaxMemberSize, maxExpansion))
	if out != nil {
		if _, err := out.Write(pro.head); err != nil {
			return err
		}
		err = r.f.Clean(out, lx, fs)
	} else {
		err = r.f.Inspect(lx, fs)
	}
	if r.err != nil {
		return withFormat(r.err)
	}
	return withFormat(err)
}

func (r *rules) fail(err error) {
	if r.err == nil && err != nil {
		r.err = err
	}
}

func (r *rules) add(f scrub.Finding) {
	if r.fs != nil && r.removing == 0 {
		if f.Where == "" {
			f.Where = whereDrawing
		}
		r.fs.Add(f)
	}
}

// The lexer's sink.

var generatorText = regexp.MustCompile(`(?i)^\s*(generator|created|generated|made|produced|exported|creator)\b`)

// note records a finding of the lexer, which reads ahead of the
// filter: whether the filter is inside removed content is not known
// there (and does not matter: what the lexer removes goes everywhere).
func (r *rules) note(f scrub.Finding) {
	if r.fs != nil {
		f.Where = whereDrawing
		r.fs.Add(f)
	}
}

func (r *rules) comment(body []byte) {
	v := strings.TrimSpace(string(body))
	field, kind := "XML comment", scrub.KindComment
	if generatorText.MatchString(v) {
		field, kind = "program comment", scrub.KindSoftware
	}
	r.note(scrub.Finding{Field: field, Value: clip(v), Kind: kind, Action: scrub.Remove})
}

func (r *rules) instruction(target string, tok []byte) {
	r.note(scrub.Finding{Field: "processing instruction", Value: clip(string(tok)), Kind: scrub.KindOther, Action: scrub.Remove})
}

func (r *rules) doctypeLink(v string) {
	r.note(scrub.Finding{Field: "document type link", Value: v, Kind: scrub.KindPath, Action: scrub.Remove})
}

// stylesheet shortens a local path in an xml-stylesheet instruction's
// href (the instruction stays: browsers and librsvg apply it).
func (r *rules) stylesheet(tok []byte) []byte {
	i := bytes.Index(tok, []byte("href"))
	if i < 0 {
		return tok
	}
	j := i + 4
	for j < len(tok) && isSpace(tok[j]) {
		j++
	}
	if j == len(tok) || tok[j] != '=' {
		return tok
	}
	j++
	for j < len(tok) && isSpace(tok[j]) {
		j++
	}
	if j == len(tok) || (tok[j] != '"' && tok[j] != '\'') {
		return tok
	}
	end := bytes.IndexByte(tok[j+1:], tok[j])
	if end < 0 {
		return tok
	}
	v := string(tok[j+1 : j+1+end])
	if strings.ContainsAny(v, "&<") {
		return tok // escaped: leave it to the reader; a path needs no escapes
	}
	nv, changed := r.link(v, "style sheet link")
	if !changed {
		return tok
	}
	out := append([]byte{}, tok[:j+1]...)
	out = append(out, nv...)
	return append(out, tok[j+1+end:]...)
}

// Element rules.

type role uint8

const (
	roleNone role = iota
	roleRemoved
	roleMetadata
	roleForeign
	roleTextAlt
	roleStyle
	roleVisible
)

type elemState struct {
	role  role
	c     *collector
	idx   int
	field string // roleTextAlt: "title" or "description"
	name  string // metadata: the name written for the element ("" if skipped)
	// hidden: the element is a hidden layer or object, or inside one.
	hidden bool
}

func stateOf(e *xmlclean.Element) *elemState {
	if e == nil {
		return nil
	}
	st, _ := e.Data.(*elemState)
	return st
}

// collector gathers the text of an element.
type collector struct {
	b     []byte
	limit int
	over  bool
}

func (c *collector) add(p []byte) {
	room := max(c.limit-len(c.b), 0)
	c.b = append(c.b, p[:min(len(p), room)]...)
	if len(p) > room {
		c.over = true
	}
}

func (r *rules) push(limit int) *collector {
	c := &collector{limit: limit}
	r.collect = append(r.collect, c)
	return c
}

func (r *rules) pop(c *collector) {
	for i := len(r.collect) - 1; i >= 0; i-- {
		if r.collect[i] == c {
			r.collect = append(r.collect[:i], r.collect[i+1:]...)
			return
		}
	}
}

var keep = xmlclean.Decision{}

// removeAll removes e and its content; the first pass records a finding
// (field; value, or the text removed if value is empty, or both with
// withText).
func (r *rules) removeAll(kind scrub.Kind, field, value string, withText bool) xmlclean.Decision {
	if r.mode != modeInspect {
		return xmlclean.Decision{Action: xmlclean.Remove}
	}
	return xmlclean.Decision{Action: xmlclean.Remove, Kind: kind, Field: field, Value: value, AppendText: withText}
}

func (r *rules) start(e *xmlclean.Element) xmlclean.Decision {
	if r.err == nil {
		r.fail(r.ctx.Err())
	}
	if r.removing > 0 {
		r.removing++
		st := &elemState{role: roleRemoved}
		e.Data = st
		if r.meta != nil {
			r.meta.start(e, st)
		}
		return keep
	}
	if e.Depth == 1 && !e.Is(nsSVG, "svg") {
		r.fail(scrub.Unsupported(format, "the root element is not an SVG drawing", ""))
		return keep
	}
	before := r.removing
	d := r.element(e)
	if d.Action == xmlclean.Remove || r.removing > before {
		return d
	}
	r.hiddenObject(e)
	r.attrs(e)
	return d
}

// hiddenKinds are the elements a hidden layer or object is: hiding them
// hides content; hiding a gradient stop or a clip path's shape does not.
var hiddenKinds = set(`g text image use foreignObject svg a switch flowRoot textArea`)

// hiddenObject reports a layer or object the drawing does not show
// (Inkscape hides layers with display:none): it stays, but what it holds
// is in the file.
func (r *rules) hiddenObject(e *xmlclean.Element) {
	if r.mode != modeInspect || e.Name.Space != nsSVG || !hiddenKinds[e.Name.Local] {
		return
	}
	if r.nhidden > 0 {
		r.markHidden(e)
		return
	}
	hidden := false
	for i := range e.Attrs {
		a := &e.Attrs[i]
		if a.Name.Space != "" {
			continue
		}
		v := strings.ToLower(strings.Join(strings.Fields(a.Value), ""))
		switch a.Name.Local {
		case "display":
			hidden = hidden || v == "none"
		case "visibility":
			hidden = hidden || v == "hidden" || v == "collapse"
		case "style":
			hidden = hidden || strings.Contains(";"+v, ";display:none") || strings.Contains(";"+v, ";visibility:hidden")
		}
	}
	if !hidden {
		return
	}
	name, _ := e.Attr(nsInkscape, "label")
	if name == "" {
		name, _ = e.Attr("", "id")
	}
	what := "hidden object"
	if g, _ := e.Attr(nsInkscape, "groupmode"); g == "layer" {
		what = "hidden layer"
	}
	r.add(scrub.Finding{Field: what, Value: e.Name.Local + " " + name, Kind: scrub.KindHidden, Action: scrub.Report})
	r.markHidden(e)
}

func (r *rules) markHidden(e *xmlclean.Element) {
	r.nhidden++
	st := stateOf(e)
	if st == nil {
		st = &elemState{}
		e.Data = st
	}
	st.hidden = true
}

func (r *rules) element(e *xmlclean.Element) xmlclean.Decision {
	ns, local := e.Name.Space, e.Name.Local
	switch {
	case ns == nsSVG:
		if !elements[local] {
			return r.removeAll(scrub.KindOther, "unknown SVG element", e.QName(), true)
		}
		switch local {
		case "metadata":
			return r.metadata(e, false)
		case "script":
			return r.removeAll(scrub.KindAttachment, "script", "", false)
		case "title", "desc":
			return r.textAlt(e)
		case "style":
			return r.style(e)
		case "foreignObject":
			r.fo++
			e.Data = &elemState{role: roleForeign}
		default:
			if r.mode == modeText && textElements[local] {
				r.visible(e)
			}
		}
		return keep
	case r.fo > 0 && (ns == nsXHTML || ns == nsMathML):
		if ns == nsXHTML && local == "script" {
			return r.removeAll(scrub.KindAttachment, "script", "", false)
		}
		if ns == nsXHTML && local == "style" {
			return r.style(e)
		}
		if r.mode == modeText {
			r.visible(e)
		}
		return keep
	case e.Is(nsRDF, "RDF"), e.Is(nsXMP, "xmpmeta"):
		return r.metadata(e, true)
	case ns == nsAI && local == "pgf":
		return r.removeAll(scrub.KindHidden, "Illustrator editing data", "the whole editable Illustrator document, kept beside the drawing", false)
	case e.Is(nsSodipodi, "namedview"):
		return r.removeAll(scrub.KindOther, "editor view settings", "Inkscape's window, zoom, grid and guides", false)
	}
	prog, ok := editors[ns]
	if !ok {
		return r.removeAll(scrub.KindOther, "data of an unknown program", e.QName(), true)
	}
	return r.removeAll(scrub.KindOther, "editor data", prog+": "+e.QName(), false)
}

// metadata removes a metadata block; the first pass rebuilds its RDF and
// XMP for imagemeta, which lists its properties (author, rights, dates…).
func (r *rules) metadata(e *xmlclean.Element, rdf bool) xmlclean.Decision {
	if r.mode != modeInspect {
		return xmlclean.Decision{Action: xmlclean.Remove}
	}
	r.removing++
	st := &elemState{role: roleMetadata}
	e.Data = st
	r.meta = &metaBuf{}
	if rdf {
		r.meta.start(e, st)
	}
	return keep
}

// textAlt handles a title or description: content, reported; unless it
// only names the program that wrote the drawing.
func (r *rules) textAlt(e *xmlclean.Element) xmlclean.Decision {
	idx := r.ntext
	r.ntext++
	field := "title"
	if e.Name.Local == "desc" {
		field = "description"
	}
	switch r.mode {
	case modeClean:
		if r.plan.drop[idx] {
			return xmlclean.Decision{Action: xmlclean.Remove}
		}
		return keep
	case modePictures:
		return keep
	}
	e.Data = &elemState{role: roleTextAlt, c: r.push(4 << 10), idx: idx, field: field}
	return keep
}

// style handles a style sheet: its comments go, and its URLs follow the
// link rules. The first pass works out the new text; the second writes
// it.
func (r *rules) style(e *xmlclean.Element) xmlclean.Decision {
	idx := r.nstyle
	r.nstyle++
	if r.mode == modeClean {
		if t, ok := r.plan.styles[idx]; ok {
			return xmlclean.Decision{Action: xmlclean.SetText, Text: t}
		}
		return keep
	}
	e.Data = &elemState{role: roleStyle, c: r.push(maxStyle), idx: idx}
	return keep
}

func (r *rules) end(e *xmlclean.Element) {
	st := stateOf(e)
	if st == nil {
		return
	}
	if st.c != nil {
		r.pop(st.c)
	}
	if st.hidden {
		r.nhidden--
	}
	switch st.role {
	case roleRemoved:
		if r.meta != nil {
			r.meta.end(st)
		}
		r.removing--
	case roleMetadata:
		r.removing--
		r.meta.end(st)
		for _, f := range imagemeta.XMP(r.meta.bytes(), whereMetadata) {
			r.add(f)
		}
		if r.meta.other != "" {
			r.add(scrub.Finding{Where: whereMetadata, Field: "editor data", Value: r.meta.other, Kind: scrub.KindOther, Action: scrub.Remove})
		}
		r.meta = nil
	case roleForeign:
		r.fo--
	case roleTextAlt:
		r.endTextAlt(st)
	case roleStyle:
		r.endStyle(st)
	case roleVisible:
		r.nvisible--
		r.addText(string(st.c.b))
	}
}

func (r *rules) endTextAlt(st *elemState) {
	t := strings.Join(strings.Fields(string(st.c.b)), " ")
	if r.mode == modeText {
		r.addText(t)
		return
	}
	if t == "" {
		return
	}
	if generatorText.MatchString(t) && len(t) < 80 {
		r.plan.drop[st.idx] = true
		r.add(scrub.Finding{Field: "program " + st.field, Value: t, Kind: scrub.KindSoftware, Action: scrub.Remove})
		return
	}
	r.add(scrub.Finding{Field: st.field, Value: clip(t), Kind: scrub.KindOther, Action: scrub.Report})
}

func (r *rules) endStyle(st *elemState) {
	if st.c.over {
		r.fail(scrub.OverLimit(format, scrub.LimitMemberSize, fmt.Sprintf("a style sheet is longer than %d MiB", maxStyle>>20)))
		return
	}
	r.sheet = true
	nv, changed := r.css(string(st.c.b))
	r.sheet = false
	if changed && r.mode == modeInspect {
		r.plan.styles[st.idx] = nv
	}
}

func (r *rules) text(e *xmlclean.Element, b []byte) {
	if r.meta != nil && r.removing > 0 {
		r.meta.text(b)
		return
	}
	for _, c := range r.collect {
		c.add(b)
	}
}

// visible collects the text of e for Parts, unless an element around it
// already does (each text once).
func (r *rules) visible(e *xmlclean.Element) {
	if r.nvisible > 0 {
		return
	}
	r.nvisible++
	e.Data = &elemState{role: roleVisible, c: r.push(maxTexts)}
}

func (r *rules) addText(t string) {
	t = strings.TrimSpace(t)
	if t == "" || r.ntexts > maxTexts {
		return
	}
	r.ntexts += len(t)
	r.texts = append(r.texts, t)
}

// Attribute rules.

func (r *rules) attrs(e *xmlclean.Element) {
	for i := range e.Attrs {
		a := &e.Attrs[i]
		if a.IsNamespace() {
			r.namespace(e, i)
			continue
		}
		switch a.Name.Space {
		case "":
			r.plainAttr(e, i)
		case nsXML:
			if a.Name.Local == "base" {
				r.linkAttr(e, i)
			}
		case nsXLink:
			if a.Name.Local == "href" {
				r.linkAttr(e, i)
			}
		default:
			r.foreignAttr(e, i)
		}
	}
}

// namespace removes the declaration of a namespace whose markup all goes:
// it names the program that wrote the drawing. xmlclean keeps namespace
// declarations (prefixes elsewhere may depend on them); here nothing
// can, since every element and attribute in such a namespace is removed
// wherever it is, so the declaration is turned into a plain attribute to
// remove it.
func (r *rules) namespace(e *xmlclean.Element, i int) {
	a := &e.Attrs[i]
	if keptNS(a.Value) {
		return
	}
	r.add(scrub.Finding{Field: "namespace of another program", Value: a.Value, Kind: scrub.KindSoftware, Action: scrub.Remove})
	if r.mode == modeClean {
		a.Name.Space = ""
		e.RemoveAttr(i, "")
	}
}

// Attributes named in findings of their own.
var namedAttrs = map[xmlclean.Name]struct {
	field string
	kind  scrub.Kind
}{
	{Space: nsSodipodi, Local: "docname"}:         {"sodipodi:docname", scrub.KindPath},
	{Space: nsSodipodi, Local: "absref"}:          {"sodipodi:absref", scrub.KindPath},
	{Space: nsSodipodi, Local: "docbase"}:         {"sodipodi:docbase", scrub.KindPath},
	{Space: nsInkscape, Local: "export-filename"}: {"inkscape:export-filename", scrub.KindPath},
	{Space: nsInkscape, Local: "version"}:         {"inkscape:version", scrub.KindSoftware},
	{Space: nsSodipodi, Local: "version"}:         {"sodipodi:version", scrub.KindSoftware},
	{Space: nsInkscape, Local: "label"}:           {"inkscape:label", scrub.KindOther},
	{Space: nsInkscape, Local: "groupmode"}:       {"inkscape:groupmode", scrub.KindOther},
	{Space: nsInkscape, Local: "export-xdpi"}:     {"inkscape:export-xdpi", scrub.KindOther},
	{Space: nsInkscape, Local: "export-ydpi"}:     {"inkscape:export-ydpi", scrub.KindOther},
	{Space: "http://www.serif.com/", Local: "id"}: {"serif:id", scrub.KindOther},
}

func (r *rules) foreignAttr(e *xmlclean.Element, i int) {
	a := &e.Attrs[i]
	e.RemoveAttr(i, "")
	if n, ok := namedAttrs[a.Name]; ok {
		r.add(scrub.Finding{Field: n.field, Value: a.Value, Kind: n.kind, Action: scrub.Remove})
		return
	}
	if prog, ok := editors[a.Name.Space]; ok {
		r.add(scrub.Finding{Field: "editor data", Value: prog + ": " + a.QName(), Kind: scrub.KindOther, Action: scrub.Remove})
		return
	}
	r.add(scrub.Finding{Field: "data of an unknown program", Value: a.QName() + "=" + a.Value, Kind: scrub.KindOther, Action: scrub.Remove})
}

func (r *rules) plainAttr(e *xmlclean.Element, i int) {
	a := &e.Attrs[i]
	local := a.Name.Local
	html := e.Name.Space != nsSVG
	switch {
	case strings.HasPrefix(strings.ToLower(local), "on"):
		e.RemoveAttr(i, "")
		r.add(scrub.Finding{Field: "event handler", Value: local + "=" + a.Value, Kind: scrub.KindAttachment, Action: scrub.Remove})
		return
	case html && strings.HasPrefix(local, "data-"):
		e.RemoveAttr(i, "")
		r.add(scrub.Finding{Field: "data attribute", Value: local + "=" + a.Value, Kind: scrub.KindOther, Action: scrub.Remove})
		return
	case !html && !knownAttribute(local):
		e.RemoveAttr(i, "")
		switch local {
		case "data-name":
			r.add(scrub.Finding{Field: "layer name", Value: a.Value, Kind: scrub.KindOther, Action: scrub.Remove})
		case "content":
			r.add(scrub.Finding{Field: "editor's copy of the drawing", Value: clip(a.Value), Kind: scrub.KindHidden, Action: scrub.Remove})
		default:
			r.add(scrub.Finding{Field: "unknown attribute", Value: local + "=" + clip(a.Value), Kind: scrub.KindOther, Action: scrub.Remove})
		}
		return
	}
	switch {
	case local == "href" || html && linkAttributes[local]:
		r.linkAttr(e, i)
	case local == "style":
		if nv, changed := r.css(a.Value); changed {
			r.set(e, i, nv)
		}
	case isScript(a.Value):
		e.RemoveAttr(i, "")
		r.add(scrub.Finding{Field: "script link", Value: clip(a.Value), Kind: scrub.KindAttachment, Action: scrub.Remove})
	case strings.Contains(strings.ToLower(a.Value), "url("):
		if nv, changed := r.css(a.Value); changed {
			r.set(e, i, nv)
		}
	}
}

// set changes an attribute in the clean pass.
func (r *rules) set(e *xmlclean.Element, i int, v string) {
	if r.mode == modeClean {
		e.SetAttr(i, v, "")
	}
}

func isScript(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	return strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:")
}

// linkAttr applies the link rules to attribute i.
func (r *rules) linkAttr(e *xmlclean.Element, i int) {
	a := &e.Attrs[i]
	if isScript(a.Value) {
		e.RemoveAttr(i, "")
		r.add(scrub.Finding{Field: "script link", Value: clip(a.Value), Kind: scrub.KindAttachment, Action: scrub.Remove})
		return
	}
	nv, changed := r.link(a.Value, "link to a local file")
	if !changed {
		return
	}
	if nv == "" {
		if r.mode == modeClean {
			e.RemoveAttr(i, "")
		}
		return
	}
	r.set(e, i, nv)
}

// link applies the link rules to a URL: a data: URL's picture is cleaned,
// a local path loses its folders (field names the finding), a file beside
// the drawing is reported. It returns the URL to write and whether it
// differs; "" means the link goes.
func (r *rules) link(v, field string) (string, bool) {
	t := strings.TrimSpace(v)
	if hasFoldPrefix(t, "data:") {
		return r.dataURL(t)
	}
	switch ident.Link(t) {
	case ident.Local:
		r.add(scrub.Finding{Field: field, Value: v, Kind: scrub.KindPath, Action: scrub.Remove})
		return ident.ShortenLink(t), true
	case ident.Beside:
		r.add(scrub.Finding{Field: "link to a file beside the drawing", Value: v, Kind: scrub.KindPath, Action: scrub.Report})
	}
	return v, false
}

// css cleans a style sheet or a style attribute.
func (r *rules) css(css string) (string, bool) {
	nv, ed, changed := cleanCSS(css, func(u string) (string, bool) { return r.link(u, "link to a local file") })
	for _, c := range ed.comments {
		r.add(scrub.Finding{Field: "style sheet comment", Value: clip(c), Kind: scrub.KindComment, Action: scrub.Remove})
	}
	return nv, changed
}

// dataURL decodes a data: URL and cleans, inspects or lists its content
// as the pass requires.
func (r *rules) dataURL(v string) (string, bool) {
	r.npic++
	where := fmt.Sprintf("picture %d", r.npic)
	comma := strings.IndexByte(v, ',')
	if comma < 0 {
		return v, false
	}
	meta, payload := v[len("data:"):comma], v[comma+1:]
	b64 := false
	if k := strings.LastIndexByte(meta, ';'); k >= 0 && strings.EqualFold(strings.TrimSpace(meta[k+1:]), "base64") {
		b64, meta = true, meta[:k]
	}
	data, err := decodeData(payload, b64)
	if err != nil {
		r.fail(scrub.Malformed(format, err, "%s: an embedded picture is not valid base64", where))
		return v, false
	}
	lim := scrub.LimitsOf(r.env)
	if int64(len(data)) > lim.MaxMemberSize {
		r.fail(scrub.OverLimit(format, scrub.LimitMemberSize, fmt.Sprintf("%s is larger than %d MiB", where, lim.MaxMemberSize>>20)))
		return v, false
	}
	if len(data) == 0 {
		return v, false
	}
	if r.mode == modeText {
		return v, false
	}
	if r.mode == modePictures {
		if r.picture != nil {
			r.fail(r.picture(where, data))
		}
		return v, false
	}
	why, cleanable, err := r.classify(where, data)
	if err != nil {
		r.fail(err)
		return v, false
	}
	if !cleanable {
		r.add(scrub.Finding{Where: where, Field: "kept as is", Value: why, Kind: scrub.KindAttachment, Action: scrub.Report})
		return v, false
	}
	var out bytes.Buffer
	switch {
	case r.mode == modeInspect && r.forClean && r.sheet:
		// A picture in a style sheet: the first pass writes its text.
		fs, ws, err := r.env.CleanReportEmbedded(r.ctx, where, bytes.NewReader(data), int64(len(data)), &out)
		if err != nil {
			r.fail(err)
			return v, false
		}
		r.addAll(fs)
		r.warnings = append(r.warnings, ws...)
	case r.mode == modeInspect:
		if r.removing > 0 {
			return v, false
		}
		fs, err := r.env.InspectEmbedded(r.ctx, where, bytes.NewReader(data), int64(len(data)))
		if err != nil {
			r.fail(err)
			return v, false
		}
		r.addAll(fs)
		return v, false
	case r.mode == modeClean:
		ws, err := r.env.CleanEmbedded(r.ctx, where, bytes.NewReader(data), int64(len(data)), &out)
		if err != nil {
			r.fail(err)
			return v, false
		}
		r.warnings = append(r.warnings, ws...)
	default:
		return v, false
	}
	if bytes.Equal(out.Bytes(), data) {
		return v, false
	}
	return "data:" + meta + ";base64," + base64.StdEncoding.EncodeToString(out.Bytes()), true
}

func (r *rules) addAll(fs []scrub.Finding) {
	for _, f := range fs {
		r.add(f)
	}
}

// decodeData decodes a data: URL's payload: base64 (white space, which
// attribute values turn line breaks into, ignored; padding optional) or
// percent-escaped text.
func decodeData(payload string, b64 bool) ([]byte, error) {
	if !b64 {
		s, err := url.PathUnescape(payload)
		return []byte(s), err
	}
	s := strings.Map(func(c rune) rune {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
			return -1
		}
		return c
	}, payload)
	if strings.ContainsAny(s, "%") {
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
	}
	s = strings.TrimRight(s, "=")
	if strings.ContainsAny(s, "-_") {
		return base64.RawURLEncoding.DecodeString(s)
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// classify decides whether embedded content can be cleaned: a registered
// handler that is not a refusal claims it. Otherwise it says why it is
// kept as it is. Identification errors other than "nobody claims it" (an
// encrypted document) are returned.
func (r *rules) classify(where string, data []byte) (string, bool, error) {
	h, name, err := r.env.Identify(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if errors.Is(err, scrub.ErrUnsupported) {
			return fmt.Sprintf("scrub cannot look inside it (%s)", imagemeta.Describe(data)), false, nil
		}
		return "", false, fmt.Errorf("%s: %w", where, err)
	}
	for _, f := range h.Formats() {
		if f.Name == name && f.Refused != "" {
			return fmt.Sprintf("%s (%s, %d bytes)", f.Refused, f.Description, len(data)), false, nil
		}
	}
	return "", true, nil
}

func clip(s string) string {
	if len(s) <= maxValue {
		return s
	}
	i := maxValue
	for i > 0 && s[i]&0xc0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}

// metaBuf rebuilds the RDF and XMP of a metadata block as XML imagemeta
// reads: every element declares the namespaces it uses; Creative
// Commons typed nodes become rdf:Description, and an agent's name
// (dc:creator/cc:Agent/dc:title) becomes the value of its property.
type metaBuf struct {
	b     bytes.Buffer
	depth int    // open RDF/XMP elements being rebuilt
	other string // what else the block held
	skip  int    // open cc:Agent and its dc:title
}

func (m *metaBuf) bytes() []byte {
	if m.b.Len() == 0 {
		return nil
	}
	return m.b.Bytes()
}

func (m *metaBuf) full() bool { return m.b.Len() > maxMetadata }

func (m *metaBuf) start(e *xmlclean.Element, st *elemState) {
	if m.depth == 0 && !e.Is(nsRDF, "RDF") && !e.Is(nsXMP, "xmpmeta") {
		if m.other == "" {
			prog := editors[e.Name.Space]
			if prog == "" || prog == "metadata" {
				prog = "unknown program"
			}
			m.other = prog + ": " + e.QName()
		}
		return
	}
	m.depth++
	if m.full() {
		return
	}
	isCC := e.Name.Space == nsCC || e.Name.Space == nsCC0
	switch {
	case isCC && e.Name.Local == "Agent":
		m.skip++
		return
	case m.skip > 0 && e.Name.Local == "title":
		m.skip++
		return
	}
	name, space := e.QName(), e.Name.Space
	if isCC && e.Name.Local != "" && e.Name.Local[0] >= 'A' && e.Name.Local[0] <= 'Z' {
		name, space = "rdf:Description", nsRDF
	}
	st.name = name
	m.b.WriteString("<" + name)
	declared := map[string]bool{}
	declare := func(qname, uri string) {
		p, _, ok := strings.Cut(qname, ":")
		if !ok {
			p = ""
		}
		if declared[p] || p == "xml" {
			return
		}
		declared[p] = true
		if p == "" {
			if uri != "" {
				m.b.WriteString(` xmlns="` + escAttr(uri) + `"`)
			}
			return
		}
		m.b.WriteString(` xmlns:` + p + `="` + escAttr(uri) + `"`)
	}
	declare(name, space)
	for i := range e.Attrs {
		a := &e.Attrs[i]
		if a.IsNamespace() {
			continue
		}
		if a.Prefix != "" {
			declare(a.QName(), a.Name.Space)
		}
		m.b.WriteString(" " + a.QName() + `="` + escAttr(a.Value) + `"`)
	}
	m.b.WriteString(">")
}

func (m *metaBuf) end(st *elemState) {
	if m.depth == 0 {
		return
	}
	m.depth--
	if st.name == "" {
		if m.skip > 0 {
			m.skip--
		}
		return
	}
	if !m.full() {
		m.b.WriteString("</" + st.name + ">")
	}
}

func (m *metaBuf) text(b []byte) {
	if m.depth == 0 || m.full() {
		return
	}
	escapeText(&m.b, b)
}

func escAttr(s string) string {
	var b bytes.Buffer
	escapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), `"`, "&quot;")
}

func escapeText(w *bytes.Buffer, b []byte) {
	for _, c := range b {
		switch c {
		case '<':
			w.WriteString("&lt;")
		case '>':
			w.WriteString("&gt;")
		case '&':
			w.WriteString("&amp;")
		default:
			w.WriteByte(c)
		}
	}
}
