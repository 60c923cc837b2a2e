// Package epub cleans EPUB 2 and 3 books.
//
// A book is identified by its content: a zip archive whose mimetype member
// says application/epub+zip. Cleaning rewrites it through zipclean
// (mimetype first and stored, fresh headers) and its XML through
// xmlclean:
//
//   - the package document keeps, of its metadata, only what a reader
//     needs: the title, the language, the unique identifier — replaced by a
//     new urn:uuid derived from the cleaned content, so that cleaning the
//     same book twice gives the same bytes and the new id links to nothing
//     —, the dcterms:modified EPUB 3 requires (fixed at 1980-01-01), the
//     cover pointer, refinements of the title, and rendering, media-overlay
//     and accessibility properties. Creators, contributors, publisher,
//     rights, dates, descriptions, subjects, other identifiers, calibre,
//     Sigil and iBooks metadata, links and unknown elements go;
//   - the NCX's dtb:uid becomes the new identifier, its docAuthor and
//     generator go; UUIDs in ids (navPoint ids, anchors) are renumbered,
//     the same way in every document so that links keep working;
//   - XHTML documents lose their comments, meta elements (generator,
//     author, Dublin Core) and links other than style sheets; style sheets
//     lose their comments; SVG pictures are cleaned by their handler, or
//     lose their metadata and editor attributes;
//   - pictures, audio and video are cleaned through the registry; fonts
//     are kept (scrub has no font cleaner; a font names its designer, not
//     the sender), reported, and re-obfuscated with the new identifier
//     when the book obfuscates them (IDPF and Adobe algorithms);
//   - files the book does not list (iTunesMetadata.plist,
//     calibre_bookmarks.txt), and META-INF files other than container.xml
//     and the encryption.xml of obfuscated fonts, are removed and reported.
//
// A listed file scrub cannot clean (a picture no handler knows, a
// script) is treated as an archive's unknown member: the book is refused
// naming it, unless the policy leaves it out (with its manifest entry) or
// keeps it, loudly. A book encrypted with DRM is refused (ErrEncrypted).
package epub

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/bufpool"
	"github.com/scrub-project/scrub/formats/internal/warnings"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

type handler struct{}

// New returns the handler for EPUB books.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "epub" }

var formats = []scrub.Format{
	{Name: "epub", Extensions: []string{".epub"}, Description: "EPUB e-book", MediaTypes: []string{"application/epub+zip"}},
}

func (handler) Formats() []scrub.Format { return formats }

// Identify claims a zip archive whose mimetype member is
// application/epub+zip.
func (handler) Identify(head []byte, r io.ReaderAt, size int64) (string, error) {
	if !bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return "", nil
	}
	a, err := zipclean.Open(context.Background(), nil, "epub", r, size)
	if err != nil {
		if bytes.Contains(head[:min(len(head), 128)], []byte("mimetype"+mimeEPUB)) {
			return "", err
		}
		return "", nil
	}
	m := a.Lookup(mimetypeName)
	if m == nil || m.Size > 256 {
		return "", nil
	}
	b, err := m.ReadAll(context.Background())
	if err != nil || strings.TrimSpace(string(b)) != mimeEPUB {
		return "", nil
	}
	return "epub", nil
}

type mode uint8

const (
	inspecting mode = iota
	cleaning
	reporting
)

// book is one cleaning (or inspection) of a book.
type book struct {
	ctx     context.Context
	env     *scrub.Env
	a       *zipclean.Archive
	mode    mode
	policy  string
	opfPath string
	pi      *pkgInfo
	fonts   obfuscated
	ids     *idMap
	newID   string
	labels  map[string]scrub.Label

	texts   map[string][]byte          // cleaned text members
	found   map[string][]scrub.Finding // findings of the text members
	fs      xmlclean.Findings
	ws      []scrub.Warning
	unknown []string
	kept    []string
}

func (b *book) label(field string, l scrub.Label) {
	if _, ok := b.labels[field]; !ok {
		b.labels[field] = l
	}
}

// role is what a member is to the book.
type role uint8

const (
	roleDrop role = iota
	roleMimetype
	roleOPF
	roleXHTML
	roleNCX
	roleXML
	roleCSS
	roleSVG
	roleMedia
)

func (b *book) role(name string) (role, *item) {
	switch {
	case name == mimetypeName:
		return roleMimetype, nil
	case name == containerName:
		return roleXML, nil
	case name == encryptionName && len(b.fonts) > 0:
		return roleXML, nil
	case strings.HasPrefix(name, "META-INF/"):
		return roleDrop, nil
	case name == b.opfPath:
		return roleOPF, nil
	}
	it := b.pi.byPath[name]
	if it == nil {
		return roleDrop, nil
	}
	mt := strings.ToLower(strings.TrimSpace(strings.Split(it.mediaType, ";")[0]))
	switch {
	case mt == "application/xhtml+xml":
		return roleXHTML, it
	case mt == "application/x-dtbncx+xml":
		return roleNCX, it
	case mt == "text/css":
		return roleCSS, it
	case mt == "image/svg+xml":
		return roleSVG, it
	case mt == "application/xml", mt == "text/xml", strings.HasSuffix(mt, "+xml"):
		return roleXML, it
	}
	return roleMedia, it
}

func open(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, m mode) (*book, error) {
	a, err := zipclean.Open(ctx, env, "epub", r, size)
	if err != nil {
		return nil, err
	}
	b := &book{ctx: ctx, env: env, a: a, mode: m, policy: env.Policy.UnknownMembers, ids: newIDMap(),
		labels: map[string]scrub.Label{"XML comment": scrub.LabelComment, "CSS comment": scrub.LabelComment},
		texts:  map[string][]byte{}, found: map[string][]scrub.Finding{}}
	mt := a.Lookup(mimetypeName)
	if mt == nil {
		return nil, scrub.Malformed("epub", nil, "the book has no mimetype member")
	}
	cm := a.Lookup(containerName)
	if cm == nil {
		return nil, scrub.Malformed("epub", nil, "the book has no %s", containerName)
	}
	data, err := cm.ReadAll(ctx)
	if err != nil {
		return nil, err
	}
	if b.opfPath, err = readContainer(data); err != nil {
		return nil, err
	}
	om := a.Lookup(b.opfPath)
	if om == nil {
		return nil, scrub.Malformed("epub", nil, "the package document %s is missing", b.opfPath)
	}
	if data, err = om.ReadAll(ctx); err != nil {
		return nil, err
	}
	if b.pi, err = readOPF(b.opfPath, data); err != nil {
		return nil, err
	}
	b.fonts = obfuscated{}
	if em := a.Lookup(encryptionName); em != nil {
		if data, err = em.ReadAll(ctx); err != nil {
			return nil, err
		}
		if b.fonts, err = readEncryption(data); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// readContainer returns the package document META-INF/container.xml
// names.
func readContainer(data []byte) (string, error) {
	p, err := splitProlog(containerName, data)
	if err != nil {
		return "", err
	}
	var roots []string
	f := &xmlclean.Filter{Where: containerName, Start: func(e *xmlclean.Element) xmlclean.Decision {
		if e.Is(nsOCF, "rootfile") {
			mt, _ := e.Attr("", "media-type")
			fp, _ := e.Attr("", "full-path")
			if mt == mimeOPF {
				roots = append(roots, fp)
			}
		}
		return xmlclean.Decision{}
	}}
	if err := f.Inspect(bytes.NewReader(p.body), nil); err != nil {
		return "", err
	}
	switch {
	case len(roots) == 0:
		return "", scrub.Malformed("epub", nil, "%s names no package document", containerName)
	case len(roots) > 1:
		return "", scrub.Unsupported("epub", "books with several renditions are not supported", "")
	}
	p0 := resolve("", roots[0])
	if p0 == "" {
		return "", scrub.Malformed("epub", nil, "%s names the package document %q, outside the book", containerName, roots[0])
	}
	return p0, nil
}

// cleanText cleans one XML document through f.
func (b *book) cleanText(name string, data []byte, f *xmlclean.Filter, fs *xmlclean.Findings) ([]byte, error) {
	p, err := splitProlog(name, data)
	if err != nil {
		return nil, err
	}
	for _, c := range p.comments {
		fs.Add(scrub.Finding{Where: name, Field: "XML comment", Value: c, Kind: scrub.KindComment, Action: scrub.Remove})
	}
	var out bytes.Buffer
	if p.decl != nil {
		out.Write(p.decl)
		out.WriteByte('\n')
	}
	if p.doctype != nil {
		out.Write(p.doctype)
		out.WriteByte('\n')
	}
	if err := f.Clean(&out, bytes.NewReader(p.body), fs); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// placeholderID stands for the new identifier while the content it is
// derived from is cleaned.
const placeholderID = "urn:uuid:00000000-0000-0000-0000-000000000000"

// cleanTexts cleans the XML and CSS members (phase 1) and derives the new
// identifier from what they became.
func (b *book) cleanTexts() error {
	var ncx []string
	h := sha256.New()
	h.Write([]byte("scrub epub identifier 1\x00"))
	for _, m := range b.a.Order(nil) {
		rl, _ := b.role(m.Name)
		if rl == roleSVG {
			svg, err := b.svgHasHandler(m)
			if err != nil {
				return err
			}
			if svg {
				continue
			}
		}
		switch rl {
		case roleXHTML, roleNCX, roleXML, roleCSS, roleSVG:
		default:
			continue
		}
		data, err := m.ReadAll(b.ctx)
		if err != nil {
			return err
		}
		var fs xmlclean.Findings
		var out []byte
		switch rl {
		case roleXHTML:
			out, err = b.cleanText(m.Name, data, b.xhtmlRules(m.Name), &fs)
		case roleNCX:
			out, err = b.cleanText(m.Name, data, b.ncxRules(m.Name, placeholderID), &fs)
			ncx = append(ncx, m.Name)
		case roleCSS:
			var comments []string
			out, comments = cleanCSS(data)
			for _, c := range comments {
				fs.Add(scrub.Finding{Where: m.Name, Field: "CSS comment", Value: c, Kind: scrub.KindComment, Action: scrub.Remove})
			}
		default:
			out, err = b.cleanText(m.Name, data, b.xmlRules(m.Name), &fs)
		}
		if err != nil {
			return err
		}
		b.texts[m.Name] = out
		b.found[m.Name] = fs.List()
		fmt.Fprintf(h, "%s\x00%d\x00", m.Name, len(out))
		h.Write(out)
	}
	s := h.Sum(nil)
	s[6] = s[6]&0x0f | 0x50
	s[8] = s[8]&0x3f | 0x80
	b.newID = fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16])
	for _, name := range ncx {
		data, err := b.a.Lookup(name).ReadAll(b.ctx)
		if err != nil {
			return err
		}
		var fs xmlclean.Findings
		if b.texts[name], err = b.cleanText(name, data, b.ncxRules(name, b.newID), &fs); err != nil {
			return err
		}
		b.found[name] = fs.List()
	}
	return nil
}

// svgHasHandler reports whether a registered handler cleans the SVG
// picture m (then it is cleaned as a picture, otherwise as XML here).
func (b *book) svgHasHandler(m *zipclean.Member) (bool, error) {
	data, release, err := m.Load(b.ctx)
	if err != nil {
		return false, err
	}
	defer release()
	h, name, err := b.env.Identify(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false, nil
	}
	for _, f := range h.Formats() {
		if f.Name == name && f.Refused != "" {
			return false, nil
		}
	}
	return true, nil
}

func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	fs, _, err := run(ctx, env, r, size, io.Discard, inspecting)
	return fs, err
}

// Clean writes the cleaned book to w. It refuses (ErrUnsupported) a book
// with listed files scrub cannot clean unless the policy says otherwise,
// a book with DRM (ErrEncrypted), and damaged or hostile zip and XML.
func (handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, ws, err := run(ctx, env, r, size, w, cleaning)
	return ws, err
}

// CleanReport is Clean that also returns Inspect's findings, from the same
// pass.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	return run(ctx, env, r, size, w, reporting)
}

func run(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer, m mode) ([]scrub.Finding, []scrub.Warning, error) {
	b, err := open(ctx, env, r, size, m)
	if err != nil {
		return nil, nil, err
	}
	b.fs.AddAll(b.a.Findings())
	if err := b.cleanTexts(); err != nil {
		return nil, nil, err
	}
	err = b.a.Rewrite(ctx, w, zipclean.Options{
		First:  []string{mimetypeName, containerName},
		Last:   []string{b.opfPath},
		Decide: b.decide,
	})
	if err != nil {
		return nil, nil, err
	}
	if len(b.unknown) > 0 && b.policy == scrub.UnknownRefuse && m != inspecting {
		return nil, nil, scrub.Unsupported("epub",
			fmt.Sprintf("the book holds %d file(s) scrub cannot clean: %s", len(b.unknown), warnings.Names(b.unknown)),
			"scrub can leave such files out of the cleaned copy, or keep them unchanged if you accept that they may still name you")
	}
	if len(b.kept) > 0 {
		b.ws = append(b.ws, warnings.KeptUnchanged(b.kept))
	}
	if m == cleaning {
		return nil, b.ws, nil
	}
	return b.labelled(b.fs.List()), b.ws, nil
}

// labelled gives the book's own findings their labels.
func (b *book) labelled(fs []scrub.Finding) []scrub.Finding {
	for i := range fs {
		f := &fs[i]
		if f.Label != "" || strings.Contains(f.Where, " > ") {
			continue
		}
		if l, ok := b.labels[f.Field]; ok {
			f.Label = l
			continue
		}
		switch f.Kind {
		case scrub.KindPerson:
			f.Label = scrub.LabelPerson
		case scrub.KindComment:
			f.Label = scrub.LabelComment
		case scrub.KindTime:
			f.Label = scrub.LabelDate
		case scrub.KindSoftware:
			f.Label = scrub.LabelSoftware
		case scrub.KindEditHistory:
			f.Label = scrub.LabelDocumentID
		case scrub.KindPath:
			f.Label = scrub.LabelFilePath
		case scrub.KindAttachment:
			f.Label = scrub.LabelAttachment
		case scrub.KindHidden:
			f.Label = scrub.LabelHiddenData
		default:
			f.Label = scrub.LabelMetadata
		}
	}
	return fs
}

// decide says what happens to each member as the book is rewritten
// (phase 2): text members come from phase 1, pictures and other media are
// cleaned through the registry now, the package document comes last.
func (b *book) decide(m *zipclean.Member) (zipclean.Decision, error) {
	rl, it := b.role(m.Name)
	if rl == roleSVG {
		if _, done := b.texts[m.Name]; !done {
			rl = roleMedia
		}
	}
	switch rl {
	case roleMimetype:
		d := zipclean.Replace([]byte(mimeEPUB))
		d.Store = true
		return d, nil
	case roleDrop:
		b.dropped(m.Name)
		return zipclean.Drop, nil
	case roleOPF:
		data, err := m.ReadAll(b.ctx)
		if err != nil {
			return zipclean.Keep, err
		}
		var fs xmlclean.Findings
		out, err := b.cleanText(m.Name, data, b.opfRules(), &fs)
		if err != nil {
			return zipclean.Keep, err
		}
		b.fs.AddAll(fs.List())
		return zipclean.Replace(out), nil
	case roleMedia:
		return b.media(m, it)
	}
	b.fs.AddAll(b.found[m.Name])
	return zipclean.Replace(b.texts[m.Name]), nil
}

// dropped reports a member the book does not need.
func (b *book) dropped(name string) {
	f := scrub.Finding{Where: name, Kind: scrub.KindOther, Label: scrub.LabelMetadata, Action: scrub.Remove,
		Field: "file the book does not list (removed)"}
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(name, "META-INF/"):
		f.Field = "file in META-INF the book does not need (removed)"
		if strings.Contains(lower, "signatures") {
			f.Label, f.Kind = scrub.LabelSignature, scrub.KindAttachment
			w := warnings.SignatureRemoved()
			w.Where = name
			b.ws = append(b.ws, w)
		}
	case strings.Contains(lower, "itunesmetadata"):
		f.Value = "Apple Books purchase data (the buyer's account and name)"
		f.Kind, f.Label = scrub.KindAccount, scrub.LabelAccount
	case strings.Contains(lower, "calibre_bookmarks"):
		f.Value = "calibre's reading bookmarks"
		f.Label = scrub.LabelPrivateData
	}
	b.fs.Add(f)
}

func isFont(mediaType string, data []byte) bool {
	mt := strings.ToLower(mediaType)
	if strings.HasPrefix(mt, "font/") || strings.Contains(mt, "font") || strings.Contains(mt, "opentype") {
		return true
	}
	for _, magic := range [][]byte{{0, 1, 0, 0}, []byte("OTTO"), []byte("true"), []byte("wOFF"), []byte("wOF2")} {
		if bytes.HasPrefix(data, magic) {
			return true
		}
	}
	return false
}

// media cleans a picture, sound, video or font through the registry,
// de-obfuscating and re-obfuscating an obfuscated font.
func (b *book) media(m *zipclean.Member, it *item) (zipclean.Decision, error) {
	data, release, err := m.Load(b.ctx)
	if err != nil {
		return zipclean.Keep, err
	}
	alg := b.fonts[m.Name]
	var newKey []byte
	if alg != "" {
		old := b.pi.oldID
		if alg == algAdobe {
			old = b.pi.firstUUID
		}
		oldKey, ok1 := fontKey(alg, old)
		key, ok2 := fontKey(alg, b.newID)
		if !ok1 || !ok2 {
			release()
			return zipclean.Keep, scrub.Unsupported("epub", fmt.Sprintf("%s is an obfuscated font whose key scrub cannot derive from the book's identifier", m.Name), "")
		}
		newKey = key
		xorFont(data, alg, oldKey)
	}
	buf := bytes.NewBuffer(bufpool.Get(len(data) + 1024))
	done := func() {
		bufpool.Put(buf.Bytes()[:0])
		release()
	}
	fs, ws, why, err := b.cleanEmbedded(m.Name, data, buf)
	if err != nil {
		done()
		return zipclean.Keep, err
	}
	b.fs.AddAll(fs)
	b.ws = append(b.ws, ws...)
	out := buf.Bytes()
	if why != "" {
		mt := ""
		if it != nil {
			mt = it.mediaType
		}
		switch {
		case isFont(mt, data):
			b.fs.Add(scrub.Finding{Where: m.Name, Field: "font kept as it is (scrub has no font cleaner; a font's own data names its designer and maker)",
				Kind: scrub.KindAttachment, Label: scrub.LabelFont, Action: scrub.Report})
		case b.policy == scrub.UnknownOmit:
			b.fs.Add(scrub.Finding{Where: m.Name, Field: "file scrub cannot clean (left out)", Value: why, Kind: scrub.KindAttachment, Label: scrub.LabelAttachment, Action: scrub.Remove})
			if it != nil {
				it.omitted = true
			}
			done()
			return zipclean.Drop, nil
		case b.policy == scrub.UnknownKeep:
			b.fs.Add(scrub.Finding{Where: m.Name, Field: "file KEPT UNCHANGED: scrub cannot clean it, it may still name you", Value: why, Kind: scrub.KindAttachment, Label: scrub.LabelAttachment, Action: scrub.Report})
			b.kept = append(b.kept, m.Name)
		default:
			b.fs.Add(scrub.Finding{Where: m.Name, Field: "file scrub cannot clean (the book is refused unless you choose to leave such files out or keep them)", Value: why, Kind: scrub.KindAttachment, Label: scrub.LabelAttachment, Action: scrub.Report})
			b.unknown = append(b.unknown, fmt.Sprintf("%s (%s)", m.Name, why))
		}
		out = data
	}
	if alg != "" {
		out = append([]byte(nil), out...)
		xorFont(out, alg, newKey)
	} else if bytes.Equal(out, data) {
		done()
		return zipclean.Keep, nil
	}
	d := zipclean.Replace(out)
	d.After = done
	return d, nil
}

// cleanEmbedded cleans data through the registry into buf. why says, for
// content scrub cannot clean, what it is; limits and failures are errors.
func (b *book) cleanEmbedded(name string, data []byte, buf *bytes.Buffer) (fs []scrub.Finding, ws []scrub.Warning, why string, err error) {
	if len(data) == 0 {
		buf.Write(data)
		return nil, nil, "", nil
	}
	h, fname, err := b.env.Identify(bytes.NewReader(data), int64(len(data)))
	if errors.Is(err, scrub.ErrUnknown) {
		return nil, nil, fmt.Sprintf("scrub does not know this kind of file, %d bytes", len(data)), nil
	}
	if err == nil {
		for _, f := range h.Formats() {
			if f.Name == fname && f.Refused != "" {
				return nil, nil, f.Refused, nil
			}
		}
		if b.mode == cleaning {
			ws, err = b.env.CleanEmbedded(b.ctx, name, bytes.NewReader(data), int64(len(data)), buf)
		} else {
			fs, ws, err = b.env.CleanReportEmbedded(b.ctx, name, bytes.NewReader(data), int64(len(data)), buf)
		}
	}
	if err == nil {
		return fs, ws, "", nil
	}
	if errors.Is(err, scrub.ErrLimit) || !scrub.Refused(err) {
		return nil, nil, "", err
	}
	buf.Reset()
	var fe *scrub.FormatError
	why = "scrub cannot clean it"
	if errors.As(err, &fe) && fe.Reason != "" {
		why = fe.Reason
	}
	return nil, nil, why, nil
}

// Parts lists the zip structure and every member (fonts de-obfuscated),
// each through env.PartsEmbedded.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	b, err := open(ctx, env, r, size, inspecting)
	if err != nil {
		return err
	}
	if err := fn(scrub.Part{Where: zipclean.Where, R: b.a.Structure()}); err != nil {
		return err
	}
	names := make([]string, 0, len(b.a.Members))
	for _, m := range b.a.Members {
		names = append(names, m.Name)
	}
	sort.Strings(names)
	for _, n := range names {
		m := b.a.Lookup(n)
		data, release, err := m.Load(ctx)
		if err != nil {
			return err
		}
		if alg := b.fonts[n]; alg != "" {
			old := b.pi.oldID
			if alg == algAdobe {
				old = b.pi.firstUUID
			}
			if key, ok := fontKey(alg, old); ok {
				xorFont(data, alg, key)
			}
		}
		if rl, _ := b.role(n); rl == roleXHTML || rl == roleNCX {
			// The reader sees this text: a name in it (the author on
			// the title page) is content to review, not a leak.
			err = fn(scrub.Part{Where: n, R: bytes.NewReader(data), Text: visibleText(n, data)})
		} else {
			err = env.PartsEmbedded(ctx, n, bytes.NewReader(data), int64(len(data)), fn)
		}
		release()
		if err != nil {
			return err
		}
	}
	return nil
}

// visibleText returns the text of an XHTML or NCX document that a reader
// shows: character data outside head, script and style (and the
// document title, which readers show too). Nil if it does not parse.
func visibleText(where string, data []byte) []string {
	p, err := splitProlog(where, data)
	if err != nil {
		return nil
	}
	var out []string
	var b strings.Builder
	hidden := func(e *xmlclean.Element) bool {
		for ; e != nil; e = e.Parent {
			switch e.Name.Local {
			case "script", "style":
				return true
			case "title":
				return false
			case "head":
				return true
			}
		}
		return false
	}
	f := &xmlclean.Filter{Where: where,
		Start: func(e *xmlclean.Element) xmlclean.Decision {
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
			return xmlclean.Decision{}
		},
		Text: func(e *xmlclean.Element, text []byte) {
			if !hidden(e) {
				b.Write(text)
			}
		}}
	if err := f.Inspect(bytes.NewReader(p.body), nil); err != nil {
		return nil
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}
