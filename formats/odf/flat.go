package odf

import (
	"bytes"
	"context"
	"io"

	"github.com/scrub-project/scrub/formats/internal/warnings"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// flatWhere is the Where of findings outside the document's sections.
const flatWhere = "document"

// ctxReader stops reading once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func flatRules(ctx context.Context, env *scrub.Env, k kind, m mode, ra io.ReaderAt, size int64) *rules {
	r := newRules(ctx, env, k.Name, flatWhere, m)
	r.flat = true
	r.without = k.without
	sf := newShownFields()
	sf.add(ctxReader{ctx, io.NewSectionReader(ra, 0, size)})
	r.shown = sf.shown()
	if size <= env.Limits.MaxMemberSize {
		// The hidden-content analysis (hidden.go) reads the whole
		// document; one too big for it is still cleaned.
		data := make([]byte, size)
		if _, err := ra.ReadAt(data, 0); err == nil {
			an := &analysis{policy: env.Policy, other: map[string]bool{}}
			if plan, err := analyze(data, readStyles(nil, data), flatWhere, true, an); err == nil {
				plan.findings = append(plan.findings, masterHidden(data, flatWhere)...)
				r.plan = plan
			}
		}
	}
	return r
}

func inspectFlat(ctx context.Context, env *scrub.Env, k kind, ra io.ReaderAt, size int64) ([]scrub.Finding, error) {
	fs := &xmlclean.Findings{}
	r := flatRules(ctx, env, k, modeInspect, ra, size)
	r.fs = fs
	if err := r.f.Inspect(ctxReader{ctx, io.NewSectionReader(ra, 0, size)}, fs); err != nil {
		return nil, err
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.plan != nil {
		fs.AddAll(r.plan.findings)
	}
	return fs.List(), nil
}

// cleanFlat cleans a flat document in two passes: the first cleans the
// embedded files (and finds macros, refused before anything is written
// unless the policy allows removing them), the second writes.
func cleanFlat(ctx context.Context, env *scrub.Env, k kind, ra io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	r := flatRules(ctx, env, k, modePrepare, ra, size)
	if err := r.plan.cellsError(k.Name); err != nil {
		return nil, err
	}
	if err := r.f.Inspect(ctxReader{ctx, io.NewSectionReader(ra, 0, size)}, nil); err != nil {
		return nil, err
	}
	if r.err != nil {
		return nil, r.err
	}
	macros := r.macros
	if macros > 0 && env.Policy.RefuseMacros {
		return nil, scrub.MacrosRefused(k.Name)
	}
	r.reset(modeClean)
	g := &headGuard{w: w}
	var out io.Writer = g
	var buf bytes.Buffer
	split := r.plan.splitting()
	if split {
		out = &buf // cells to split: written once the document is (sheethidden.go)
	}
	if err := r.f.Clean(out, ctxReader{ctx, io.NewSectionReader(ra, 0, size)}, nil); err != nil {
		return nil, err
	}
	if r.err != nil {
		return nil, r.err
	}
	if split {
		b, err := r.cnt.expand(buf.Bytes())
		if err != nil {
			return nil, err
		}
		if _, err := g.Write(b); err != nil {
			return nil, err
		}
	}
	if err := g.flush(); err != nil {
		return nil, err
	}
	ws := r.warnings
	if macros > 0 {
		ws = append(ws, warnings.MacrosRemoved())
	}
	return ws, nil
}

// LibreOffice tells a flat document's type by looking for
// office:mimetype="…" in its first 4000 bytes (filter/source/xmlfilterdetect:
// the whole string must be in them), and takes whichever type it tries
// first when two are there. An embedded object is written inline as a
// nested <office:document office:mimetype="…">; once cleaning has removed
// the metadata and settings before it, a small text document with an
// embedded spreadsheet opens in Calc as an empty sheet. headGuard keeps
// every nested office:mimetype out of that window by putting white space
// before the nested document's tag, where (inside draw:object, element-only
// content) it means nothing.
const detectWindow = 4000

var mimetypeAttr = []byte(`office:mimetype="`)

// headGuard holds back the first bytes of a flat document until it can
// place them; flush must be called at the end.
type headGuard struct {
	w    io.Writer
	head []byte
	done bool
}

func (g *headGuard) Write(p []byte) (int, error) {
	if g.done {
		return g.w.Write(p)
	}
	g.head = append(g.head, p...)
	if len(g.head) >= detectWindow+len(mimetypeAttr)+64 {
		if err := g.flush(); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

func (g *headGuard) flush() error {
	if g.done {
		return nil
	}
	g.done = true
	head := g.head
	g.head = nil
	_, err := g.w.Write(padNested(head))
	return err
}

// padNested returns head with white space before the tag of the first
// nested office:document whose office:mimetype would lie in LibreOffice's
// detection window. The first office:mimetype is the document's own.
func padNested(head []byte) []byte {
	first := bytes.Index(head, mimetypeAttr)
	if first < 0 {
		return head
	}
	from := first + len(mimetypeAttr)
	i := bytes.Index(head[from:], mimetypeAttr)
	if i < 0 {
		return head
	}
	at := from + i
	if at >= detectWindow {
		return head
	}
	lt := bytes.LastIndexByte(head[:at], '<')
	if lt <= 0 || !nestedDocumentTag(head[lt:at]) || !bytes.ContainsAny(head[lt-1:lt], ">\t\n\r ") {
		// Not an embedded document between two tags: white space here
		// could be text, so leave it as it is.
		return head
	}
	pad := detectWindow - at
	out := make([]byte, 0, len(head)+pad+1)
	out = append(out, head[:lt]...)
	out = append(out, '\n')
	out = append(out, bytes.Repeat([]byte{' '}, pad)...)
	return append(out, head[lt:]...)
}

// nestedDocumentTag reports whether tag (from '<' up to an attribute) opens
// an element whose local name is document.
func nestedDocumentTag(tag []byte) bool {
	name := tag[1:]
	if i := bytes.IndexAny(name, " \t\r\n"); i >= 0 {
		name = name[:i]
	}
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return string(name) == "document"
}
