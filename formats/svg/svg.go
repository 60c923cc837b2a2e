// Package svg cleans SVG drawings (.svg, and gzip-compressed .svgz).
//
// Clean keeps what renders and removes the rest, reading the drawing
// through xmlclean so that what stays is written back byte for byte:
//
//   - Only markup in the SVG, XLink and XML namespaces stays (and, inside
//     foreignObject, XHTML and MathML, which browsers render there). Every
//     other element and attribute goes: the metadata block and any RDF or
//     XMP (author, rights, publisher, dates, the Creative Commons work),
//     Inkscape's and Sodipodi's (sodipodi:docname, inkscape:version,
//     inkscape:export-filename and its resolution, sodipodi:namedview,
//     layer names), Illustrator's (the i:pgf block, which holds the whole
//     editable .ai document, slices and variables), and Sketch's,
//     Affinity's and the like; and the namespace declarations that named
//     those programs. An attribute without a namespace stays only if SVG
//     defines it (draw.io's content attribute, which holds the whole
//     diagram, and data-* attributes go).
//   - XML comments, processing instructions (but xml-stylesheet) and the
//     document type declaration go; the simple internal entities
//     Illustrator declares are expanded where they are used. Entities that
//     nest, external and parameter entities are refused.
//   - Scripts, event handler attributes (onload…) and javascript: links
//     go: a drawing sent on should not run code, and none of it renders.
//   - Pictures embedded as data: URLs are decoded, cleaned through the
//     registry and encoded again; pictures no handler cleans are kept
//     and reported.
//   - Links to files on the sender's disk or network (file:///…, C:\…,
//     \\server\…, /home/…, ../…) keep the file's name and lose its
//     folders; links to a file beside the drawing are reported.
//   - Comments in style sheets go; URLs in them follow the rules above.
//   - A title or description is content (screen readers read it): it is
//     reported, not removed, unless it only names the program that made
//     the drawing ("Created with Sketch.").
//
// For .svgz the gzip header (the original file name, its time, a
// comment) is written anew, empty.
package svg

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

const format = "svg"

const hintResave = "open it in a drawing program and save it again as a plain SVG, then clean that copy"

type handler struct{}

// New returns the handler for SVG drawings.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "svg" }

func (handler) Formats() []scrub.Format {
	return []scrub.Format{
		{Name: "svg", Extensions: []string{".svg"}, Description: "SVG drawing", MediaTypes: []string{"image/svg+xml"}},
		{Name: "svgz", Extensions: []string{".svgz"}, Description: "compressed SVG drawing", MediaTypes: []string{"image/svg+xml"}},
	}
}

// maxSniff bounds how much of a file Identify reads to find the root
// element behind comments and a document type declaration.
const maxSniff = 64 << 10

// Identify claims content whose root element is svg in the SVG namespace,
// after an optional byte order mark, XML declaration, comments,
// processing instructions and document type declaration; and gzip
// content that holds such a document (.svgz).
func (handler) Identify(head []byte, r io.ReaderAt, size int64) (string, error) {
	if len(head) >= 3 && head[0] == 0x1f && head[1] == 0x8b && head[2] == 8 {
		zr, err := gzip.NewReader(io.NewSectionReader(r, 0, size))
		if err != nil {
			return "", nil
		}
		b, _ := io.ReadAll(io.LimitReader(zr, maxSniff))
		if isSVG(b) {
			return "svgz", nil
		}
		return "", nil
	}
	if !mayBeXML(head) {
		return "", nil
	}
	b := head
	if !isSVG(b) && int64(len(head)) < size {
		b = make([]byte, min(size, maxSniff))
		n, _ := r.ReadAt(b, 0)
		b = b[:n]
	}
	if isSVG(b) {
		return "svg", nil
	}
	return "", nil
}

// mayBeXML reports whether b starts like markup (after a BOM and white
// space).
func mayBeXML(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte{0xef, 0xbb, 0xbf})
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '<'
}

// isSVG reports whether the root element of the document starting in b
// is svg in the SVG namespace.
func isSVG(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte{0xef, 0xbb, 0xbf})
	ents := map[string]string{}
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			i := bytes.Index(b, []byte("?>"))
			if i < 0 {
				return false
			}
			b = b[i+2:]
		case bytes.HasPrefix(b, []byte("<!--")):
			i := bytes.Index(b[4:], []byte("-->"))
			if i < 0 {
				return false
			}
			b = b[4+i+3:]
		case bytes.HasPrefix(b, []byte("<!DOCTYPE")):
			end := doctypeEnd(b)
			if end < 0 {
				return false
			}
			sniffEntities(b[:end], ents)
			b = b[end:]
		case bytes.HasPrefix(b, []byte("<")):
			return rootIsSVG(b, ents)
		default:
			return false
		}
	}
}

// doctypeEnd returns the length of the DOCTYPE at the start of b, -1 if
// it does not end in b.
func doctypeEnd(b []byte) int {
	var quote byte
	subset := false
	for i := len("<!DOCTYPE"); i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case subset && bytes.HasPrefix(b[i:], []byte("<!--")):
			j := bytes.Index(b[i+4:], []byte("-->"))
			if j < 0 {
				return -1
			}
			i += 4 + j + 2
		case c == '[':
			subset = true
		case c == ']':
			subset = false
		case c == '>' && !subset:
			return i + 1
		}
	}
	return -1
}

// sniffEntities notes the simple entities a DOCTYPE declares (Illustrator
// writes xmlns="&ns_svg;").
func sniffEntities(dt []byte, ents map[string]string) {
	for {
		i := bytes.Index(dt, []byte("<!ENTITY"))
		if i < 0 {
			return
		}
		dt = dt[i+len("<!ENTITY"):]
		f := bytes.Fields(dt)
		if len(f) < 2 {
			return
		}
		v := f[1]
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
			if j := bytes.IndexByte(v[1:], v[0]); j >= 0 {
				ents[string(f[0])] = string(v[1 : 1+j])
			}
		}
	}
}

// rootIsSVG looks at the first start tag.
func rootIsSVG(b []byte, ents map[string]string) bool {
	end := bytes.IndexByte(b, '>')
	if end < 0 {
		end = len(b) // the tag goes on past what was read: look at what is here
	}
	tag := string(b[1:end])
	name := tag
	if i := strings.IndexAny(tag, " \t\r\n/"); i >= 0 {
		name = tag[:i]
	}
	prefix, local, ok := strings.Cut(name, ":")
	if !ok {
		prefix, local = "", name
	}
	if local != "svg" {
		return false
	}
	want := "xmlns"
	if prefix != "" {
		want = "xmlns:" + prefix
	}
	for rest := tag[len(name):]; ; {
		i := strings.Index(rest, want)
		if i < 0 {
			return false
		}
		rest = rest[i+len(want):]
		if i > 0 && !isSpace(tag[len(tag)-len(rest)-len(want)-1]) {
			continue
		}
		v := strings.TrimLeft(rest, " \t\r\n")
		if !strings.HasPrefix(v, "=") {
			continue
		}
		v = strings.TrimLeft(v[1:], " \t\r\n")
		if len(v) < 2 || (v[0] != '"' && v[0] != '\'') {
			return false
		}
		j := strings.IndexByte(v[1:], v[0])
		if j < 0 {
			return false
		}
		uri := v[1 : 1+j]
		if strings.HasPrefix(uri, "&") && strings.HasSuffix(uri, ";") {
			uri = ents[uri[1:len(uri)-1]]
		}
		return uri == nsSVG
	}
}

// Inspect lists what Clean removes, and reports what it keeps that the
// sender should know about (titles, descriptions, links to files beside
// the drawing, pictures no handler cleans).
func (h handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	fs, _, err := h.run(ctx, env, r, size, nil)
	return fs, err
}

// Clean writes the drawing without what Inspect lists as removed.
func (h handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, ws, err := h.run(ctx, env, r, size, w)
	return ws, err
}

// CleanReport is Clean that also returns Inspect's findings: they come
// from Clean's first pass.
func (h handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	return h.run(ctx, env, r, size, w)
}

// run inspects the drawing and, if w is not nil, cleans it into w. Clean
// reads the drawing twice: the first pass learns what the second one
// rewrites (a style sheet's text, a description that names the program),
// which a streaming filter only knows after the content has passed.
func (handler) run(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	var fs xmlclean.Findings
	src, err := open(env, r, size, &fs, true)
	if err != nil {
		return nil, nil, err
	}
	first := newRules(ctx, env, modeInspect)
	first.forClean = w != nil
	if err := first.pass(src, nil, &fs); err != nil {
		return nil, nil, err
	}
	findings := labelled(fs.List())
	if w == nil {
		return findings, first.warnings, nil
	}
	src, err = open(env, r, size, nil, false)
	if err != nil {
		return nil, nil, err
	}
	out := w
	var zw *gzip.Writer
	if src.gzip {
		// A new header: no file name, no time, no comment.
		zw = gzip.NewWriter(w)
		out = zw
	}
	second := newRules(ctx, env, modeClean)
	second.plan = first.plan
	if err := second.pass(src, out, nil); err != nil {
		return nil, nil, err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return nil, nil, err
		}
	}
	return findings, append(first.warnings, second.warnings...), nil
}

// Parts lists the drawing's text (decompressed for .svgz, with the text
// the reader sees), the fields of the gzip headers, and every picture
// embedded as a data: URL, through the registry.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	src, err := open(env, r, size, nil, false)
	if err != nil {
		return err
	}
	texts := newRules(ctx, env, modeText)
	if err := texts.pass(src, nil, nil); err != nil {
		return err
	}
	if g, ok := src.Reader.(*gunzip); ok {
		var b strings.Builder
		for _, h := range g.headers {
			fmt.Fprintf(&b, "%s\n%s\n%s\n", h.Name, h.Comment, h.Extra)
		}
		if err := fn(scrub.Part{Where: "gzip header", R: strings.NewReader(b.String())}); err != nil {
			return err
		}
	}
	if src, err = open(env, r, size, nil, false); err != nil {
		return err
	}
	if err := fn(scrub.Part{Where: whereDrawing, R: src, Text: texts.texts}); err != nil {
		return err
	}
	if src, err = open(env, r, size, nil, false); err != nil {
		return err
	}
	pics := newRules(ctx, env, modePictures)
	pics.picture = func(where string, data []byte) error {
		return env.PartsEmbedded(ctx, where, bytes.NewReader(data), int64(len(data)), fn)
	}
	return pics.pass(src, nil, nil)
}

// source is the drawing's text, decompressed for .svgz.
type source struct {
	io.Reader
	gzip bool
}

// open returns the drawing's text. For .svgz it lists the gzip headers'
// fields in fs (if not nil) and, with charge set, charges the inflated
// bytes to env's budget.
func open(env *scrub.Env, r io.ReaderAt, size int64, fs *xmlclean.Findings, charge bool) (source, error) {
	lim := scrub.LimitsOf(env)
	var magic [3]byte
	if n, _ := r.ReadAt(magic[:], 0); n < 3 || magic != [3]byte{0x1f, 0x8b, 8} {
		return source{Reader: io.NewSectionReader(r, 0, size)}, nil
	}
	g := &gunzip{br: bufio.NewReader(io.NewSectionReader(r, 0, size)), fs: fs, max: lim.MaxMemberSize}
	if charge && env != nil {
		g.env = env
	}
	if err := g.next(); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return source{}, scrub.Malformed("svgz", err, "the compressed drawing is damaged")
	}
	return source{Reader: g, gzip: true}, nil
}

// maxHeaders bounds the gzip headers listed.
const maxHeaders = 64

// gunzip reads every member of a gzip file, as one stream, and lists
// the fields of each member's header.
type gunzip struct {
	headers []gzip.Header
	br      *bufio.Reader
	zr      *gzip.Reader
	fs      *xmlclean.Findings
	env     *scrub.Env
	n       int64
	max     int64
	done    bool
}

func (g *gunzip) next() error {
	var err error
	if g.zr == nil {
		g.zr, err = gzip.NewReader(g.br)
	} else {
		err = g.zr.Reset(g.br)
	}
	if err != nil {
		return err
	}
	g.zr.Multistream(false)
	if len(g.headers) >= maxHeaders {
		return nil // thousands of members: the first ones are listed
	}
	g.headers = append(g.headers, g.zr.Header)
	if g.fs != nil {
		headerFindings(g.zr.Header, g.fs)
	}
	return nil
}

func (g *gunzip) Read(p []byte) (int, error) {
	for {
		if g.done {
			return 0, io.EOF
		}
		n, err := g.zr.Read(p)
		if n > 0 {
			g.n += int64(n)
			if g.n > g.max {
				return 0, scrub.OverLimit("svgz", scrub.LimitMemberSize, fmt.Sprintf("the compressed drawing inflates to more than %d MiB", g.max>>20))
			}
			if g.env != nil {
				if err := g.env.Consume(int64(n)); err != nil {
					return 0, err
				}
			}
			return n, nil
		}
		switch {
		case err == io.EOF:
			if _, perr := g.br.Peek(1); perr != nil {
				g.done = true
				continue
			}
			if err := g.next(); err != nil {
				return 0, scrub.Malformed("svgz", err, "the compressed drawing has damaged data after its end")
			}
		case err != nil:
			return 0, scrub.Malformed("svgz", err, "the compressed drawing is damaged")
		}
	}
}

func headerFindings(h gzip.Header, fs *xmlclean.Findings) {
	if h.Name != "" {
		fs.Add(scrub.Finding{Where: "gzip header", Field: "original file name", Value: h.Name, Kind: scrub.KindPath, Action: scrub.Remove})
	}
	if h.Comment != "" {
		fs.Add(scrub.Finding{Where: "gzip header", Field: "gzip comment", Value: h.Comment, Kind: scrub.KindComment, Action: scrub.Remove})
	}
	if !h.ModTime.IsZero() && h.ModTime.Unix() != 0 {
		fs.Add(scrub.Finding{Where: "gzip header", Field: "compression time", Value: h.ModTime.UTC().Format("2006-01-02 15:04:05 UTC"), Kind: scrub.KindTime, Action: scrub.Remove})
	}
	if len(h.Extra) > 0 {
		fs.Add(scrub.Finding{Where: "gzip header", Field: "gzip extra field", Value: fmt.Sprintf("%d bytes", len(h.Extra)), Kind: scrub.KindOther, Action: scrub.Remove})
	}
}

// malformed returns an ErrMalformed error for the drawing.
func malformed(cause error, reasonf string, args ...any) error {
	return scrub.Malformed(format, cause, "this is not a valid SVG drawing: "+reasonf, args...)
}

// withFormat names the format in the errors of the layers below (xmlclean
// leaves it empty).
func withFormat(err error) error {
	var fe *scrub.FormatError
	if errors.As(err, &fe) && fe.Format == "" {
		c := *fe
		c.Format = format
		return &c
	}
	return err
}
