package ooxml

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

const (
	contentTypesName = "[Content_Types].xml"
	rootRelsName     = "_rels/.rels"
)

// pkg is an opened OPC package: its parts, content types and
// relationships.
type pkg struct {
	ctx    context.Context
	env    *scrub.Env
	format string
	a      *zipclean.Archive

	parts []*part          // every member, in archive order
	byKey map[string]*part // by partKey
	ct    *part            // [Content_Types].xml
	defs  map[string]string
	ovr   map[string]string // partKey -> content type
	rels  map[*part]*relsPart
	root  *relsPart // _rels/.rels
	main  *part
	guids *guids
	// Hidden content (hidden.go): what the parts are called, the colour
	// schemes of themes, Word's styles, the workbook, and the crops of
	// pictures.
	places  map[*part]string
	schemes map[*part]scheme
	wstyles *wordStyles
	book    *workbookInfo
	crops   []*cropRef
	masters map[*part]*masterInfo
	sldSize *[2]float64
	// without names a rule switched off, for the test that proves the
	// residue check catches what a rule misses (see export_test.go).
	without string
}

// part is one member of the package.
type part struct {
	m      *zipclean.Member
	name   string
	key    string
	ctype  string    // lower case, without parameters
	in     []*rel    // relationships that target it
	own    *relsPart // its relationships, if any
	relsOf *part     // for a .rels part: its source part (nil for _rels/.rels)
	isRels bool

	fate    fate
	why     removal
	vml     vmlKind
	media   mediaWay
	removed bool
	// guidTexts are the new numbers of the GUIDs that are text in the
	// part, in document order ("" for one left as it is).
	guidTexts []string
	// plan is what the hidden-content rules decided in the first pass;
	// cropped is the picture cut to what its crops show (crop.go).
	plan    *hiddenPlan
	cropped []byte
	use     *mediaUse
}

type relsPart struct {
	p      *part // the .rels part
	source *part // nil for the package
	rels   []*rel
	byID   map[string]*rel
}

type rel struct {
	id, typ, kind, target string
	external              bool
	rt                    relType // what its kind does (see relTypes)
	known                 bool    // its type is in the allowlist
	to                    *part   // resolved target, nil if external or missing
	from                  *relsPart
	remove                bool
	why                   removal // for external relationships removed by kind
}

// partKey is the name under which part names compare: OPC part names are
// case-insensitive and may be percent-encoded.
func partKey(name string) string {
	name = strings.TrimPrefix(name, "/")
	if u, err := url.PathUnescape(name); err == nil {
		name = u
	}
	return strings.ToLower(name)
}

func (p *pkg) malformed(f string, args ...any) error {
	return scrub.Malformed(p.format, nil, f, args...)
}

// open reads the package structure: content types and every relationship
// part. It does not judge the parts.
func open(ctx context.Context, env *scrub.Env, format string, r io.ReaderAt, size int64) (*pkg, error) {
	a, err := zipclean.Open(ctx, env, format, r, size)
	if err != nil {
		return nil, err
	}
	p := &pkg{ctx: ctx, env: env, format: format, a: a, byKey: map[string]*part{},
		defs: map[string]string{}, ovr: map[string]string{}, rels: map[*part]*relsPart{}, guids: newGUIDs(),
		schemes: map[*part]scheme{}, masters: map[*part]*masterInfo{}}
	for _, m := range a.Members {
		pt := &part{m: m, name: m.Name, key: partKey(m.Name)}
		if _, dup := p.byKey[pt.key]; dup {
			return nil, p.malformed("two parts are both called %q (a way to hide content)", m.Name)
		}
		p.byKey[pt.key] = pt
		p.parts = append(p.parts, pt)
	}
	p.ct = p.byKey[partKey(contentTypesName)]
	if p.ct == nil {
		return nil, p.malformed("the [Content_Types].xml part is missing")
	}
	if err := p.readContentTypes(); err != nil {
		return nil, err
	}
	for _, pt := range p.parts {
		pt.ctype = p.contentType(pt)
		if src, ok := relsSource(pt.name); ok {
			pt.isRels = true
			if src != "" {
				pt.relsOf = p.byKey[partKey(src)]
			}
		}
	}
	for _, pt := range p.parts {
		if !pt.isRels {
			continue
		}
		if err := p.readRels(pt); err != nil {
			return nil, err
		}
	}
	p.root = p.rels[p.byKey[partKey(rootRelsName)]]
	if p.root == nil {
		return nil, p.malformed("the package relationships (_rels/.rels) are missing")
	}
	for _, rl := range p.root.rels {
		if rl.kind == "officeDocument" && rl.to != nil {
			p.main = rl.to
			break
		}
	}
	if p.main == nil {
		return nil, p.malformed("the package names no main document part")
	}
	return p, nil
}

// relsSource returns the source part name of a relationship part name
// ("word/_rels/document.xml.rels" -> "word/document.xml"; "_rels/.rels" ->
// "").
func relsSource(name string) (string, bool) {
	dir, file := path.Split(name)
	if !strings.HasSuffix(strings.ToLower(file), ".rels") || !strings.HasSuffix(dir, "_rels/") {
		return "", false
	}
	parent := strings.TrimSuffix(dir, "_rels/")
	src := file[:len(file)-len(".rels")]
	if src == "" {
		if parent != "" {
			return "", false
		}
		return "", true
	}
	return parent + src, true
}

// contentType returns a part's content type, lower case and without
// parameters ("; charset=utf-8").
func (p *pkg) contentType(pt *part) string {
	ct, ok := p.ovr[pt.key]
	if !ok {
		if ext := strings.ToLower(path.Ext(pt.name)); ext != "" {
			ct = p.defs[ext[1:]]
		}
	}
	return normType(ct)
}

// normType lower-cases a content type and cuts its parameters.
func normType(ct string) string {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.ToLower(strings.TrimSpace(ct))
}

// parse runs a read-only pass over an XML part.
func (p *pkg) parse(pt *part, start func(e *xmlclean.Element) xmlclean.Decision, text func(e *xmlclean.Element, b []byte)) error {
	f := &xmlclean.Filter{Where: pt.name, Start: start, Text: text}
	rc := pt.m.Open(p.ctx)
	defer rc.Close()
	return wrapPart(p.format, f.Inspect(rc, nil))
}

// wrapPart gives xmlclean's format-less errors the handler's format.
func wrapPart(format string, err error) error {
	if fe, ok := err.(*scrub.FormatError); ok && fe.Format == "" {
		c := *fe
		c.Format = format
		return &c
	}
	return err
}

func (p *pkg) readContentTypes() error {
	return p.parse(p.ct, func(e *xmlclean.Element) xmlclean.Decision {
		if e.Depth == 1 && !e.Is(nsCT, "Types") {
			return xmlclean.Decision{Action: xmlclean.Remove}
		}
		switch {
		case e.Is(nsCT, "Default"):
			ext, _ := e.Attr("", "Extension")
			ct, _ := e.Attr("", "ContentType")
			p.defs[strings.ToLower(ext)] = ct
		case e.Is(nsCT, "Override"):
			name, _ := e.Attr("", "PartName")
			ct, _ := e.Attr("", "ContentType")
			p.ovr[partKey(name)] = ct
		}
		return xmlclean.Decision{}
	}, nil)
}

func (p *pkg) readRels(pt *part) error {
	rp := &relsPart{p: pt, source: pt.relsOf, byID: map[string]*rel{}}
	srcName := ""
	if src, _ := relsSource(pt.name); src != "" {
		srcName = src
	}
	var bad error
	err := p.parse(pt, func(e *xmlclean.Element) xmlclean.Decision {
		if !e.Is(nsRels, "Relationship") {
			return xmlclean.Decision{}
		}
		id, _ := e.Attr("", "Id")
		typ, _ := e.Attr("", "Type")
		target, _ := e.Attr("", "Target")
		mode, _ := e.Attr("", "TargetMode")
		rl := &rel{id: id, typ: typ, kind: relKind(typ), target: target, external: mode == "External", from: rp}
		rl.rt, rl.known = typeOf(typ)
		if _, dup := rp.byID[id]; dup && bad == nil {
			bad = p.malformed("%s has two relationships with id %q", pt.name, id)
		}
		if !rl.external {
			rl.to = p.resolve(srcName, target)
			if rl.to != nil {
				rl.to.in = append(rl.to.in, rl)
			}
		}
		rp.byID[id] = rl
		rp.rels = append(rp.rels, rl)
		return xmlclean.Decision{}
	}, nil)
	if err != nil {
		return err
	}
	if bad != nil {
		return bad
	}
	p.rels[pt] = rp
	if pt.relsOf != nil {
		pt.relsOf.own = rp
	}
	return nil
}

// resolve finds the part an internal relationship target names, relative
// to the source part's folder; nil if there is none.
func (p *pkg) resolve(source, target string) *part {
	if i := strings.IndexAny(target, "#?"); i >= 0 {
		target = target[:i]
	}
	if target == "" {
		return nil
	}
	var name string
	if strings.HasPrefix(target, "/") {
		name = path.Clean(target)
	} else {
		name = path.Join("/", path.Dir("/"+source), target)
	}
	return p.byKey[partKey(name)]
}

// reachable marks the parts reachable from the package relationships
// through relationships that are not removed, and returns them.
func (p *pkg) reachable() map[*part]bool {
	seen := map[*part]bool{}
	var walk func(rp *relsPart)
	walk = func(rp *relsPart) {
		if rp == nil {
			return
		}
		for _, rl := range rp.rels {
			if rl.remove || rl.to == nil || rl.to.removed || seen[rl.to] {
				continue
			}
			seen[rl.to] = true
			walk(rl.to.own)
		}
	}
	walk(p.root)
	return seen
}

// sortedParts returns parts sorted by name (for deterministic findings).
func sortedParts(ps []*part) []*part {
	out := append([]*part(nil), ps...)
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func sizeText(n uint64) string {
	switch {
	case n >= 10<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 10<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func pathExt(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 && !strings.Contains(name[i:], "/") {
		return name[i:]
	}
	return ""
}
