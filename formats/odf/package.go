package odf

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

// act is what happens to a member of the package.
type act uint8

const (
	actMimetype act = iota // first, stored
	actDrop                // left out, with a finding if it revealed something
	actXML                 // filtered through the rules
	actManifest            // rewritten to list what remains
	actEmbedded            // cleaned through the registry, or kept and reported
	actMacro               // macro storage: dropped if the policy allows, else refused
)

type item struct {
	m       *zipclean.Member
	act     act
	root    string         // sub-document folder ("" for the document itself)
	finding *scrub.Finding // what a dropped member reveals
	class   embedClass
	why     string // for kept embedded files
	code    bool   // macro code (not just an empty library index)
	sig     bool   // a digital signature
}

// pkg is an OpenDocument package opened for inspection or cleaning.
type pkg struct {
	ctx   context.Context
	env   *scrub.Env
	k     kind
	a     *zipclean.Archive
	mf    *manifest
	mfRaw []byte
	roots []string // sub-document folders, longest first, then ""
	items map[*zipclean.Member]*item
	// members holds every member name and every folder ("Pictures/").
	members map[string]bool
	dropped map[string]bool
	macros  []string // members with macro code
}

// openPackage opens the zip, reads the manifest and decides what happens
// to every member. It returns ErrEncrypted for a password-protected
// document, ErrMalformed for a damaged one (no manifest, a type the
// mimetype member and the manifest disagree on, zipclean's checks), and
// ErrLimit for sub-documents nested too deep.
func openPackage(ctx context.Context, env *scrub.Env, k kind, r io.ReaderAt, size int64) (*pkg, error) {
	a, err := zipclean.Open(ctx, env, k.name, r, size)
	if err != nil {
		return nil, err
	}
	p := &pkg{ctx: ctx, env: env, k: k, a: a, items: map[*zipclean.Member]*item{},
		members: map[string]bool{}, dropped: map[string]bool{}}
	mm := a.Lookup(manifestName)
	if mm == nil {
		return nil, scrub.Malformed(k.name, nil, "the document has no manifest (%s): it is damaged", manifestName)
	}
	if p.mfRaw, err = mm.ReadAll(ctx); err != nil {
		return nil, err
	}
	if p.mf, err = parseManifest(p.mfRaw); err != nil {
		return nil, err
	}
	if p.mf.encrypted {
		return nil, scrub.Encrypted(k.name, "the document is password-protected", hintEncrypted)
	}
	if _, _, err := packageType(ctx, a, k.name); err != nil {
		return nil, err
	}
	for _, m := range a.Members {
		p.members[m.Name] = true
		for i := strings.IndexByte(m.Name, '/'); i >= 0; i = nextSlash(m.Name, i) {
			p.members[m.Name[:i+1]] = true
		}
	}
	p.roots = p.mf.subDocuments()
	sort.Slice(p.roots, func(i, j int) bool { return len(p.roots[i]) > len(p.roots[j]) })
	deepest := 0
	for _, root := range p.roots {
		d := 0
		for _, other := range p.roots {
			if strings.HasPrefix(root, other) {
				d++
			}
		}
		deepest = max(deepest, d)
	}
	if env.Depth()+deepest > env.Limits.MaxDepth {
		return nil, scrub.LimitError(k.name, fmt.Sprintf("embedded documents nested more than %d deep", env.Limits.MaxDepth), "")
	}
	p.roots = append(p.roots, "")
	for _, m := range a.Members {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		it, err := p.plan(m)
		if err != nil {
			return nil, err
		}
		p.items[m] = it
		if it.act == actDrop || it.act == actMacro {
			p.dropped[m.Name] = true
		}
		if it.code {
			p.macros = append(p.macros, m.Name)
		}
	}
	return p, nil
}

func nextSlash(s string, i int) int {
	j := strings.IndexByte(s[i+1:], '/')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

func (p *pkg) rootOf(name string) string {
	for _, r := range p.roots {
		if strings.HasPrefix(name, r) {
			return r
		}
	}
	return ""
}

// Index files of macro libraries: without modules they hold no code.
var libraryIndex = map[string]bool{"script-lc.xml": true, "script-lb.xml": true, "dialog-lc.xml": true, "dialog-lb.xml": true}

func (p *pkg) plan(m *zipclean.Member) (*item, error) {
	it := &item{m: m}
	name := m.Name
	drop := func(where, field, value string, kind scrub.Kind) {
		it.act = actDrop
		it.finding = &scrub.Finding{Where: where, Field: field, Value: value, Kind: kind, Action: scrub.Remove}
	}
	switch {
	case name == "mimetype":
		it.act = actMimetype
		return it, nil
	case name == manifestName:
		it.act = actManifest
		return it, nil
	case strings.HasPrefix(name, "META-INF/") && strings.Contains(strings.ToLower(name), "signatures"):
		data, err := m.ReadAll(p.ctx)
		if err != nil {
			return nil, err
		}
		drop(name, "digital signature", signer(data), scrub.KindPerson)
		it.sig = true
		return it, nil
	}
	it.root = p.rootOf(name)
	rel := name[len(it.root):]
	top, _, nested := strings.Cut(rel, "/")
	switch {
	case rel == "content.xml", rel == "styles.xml", rel == "meta.xml", rel == "settings.xml", rel == "manifest.rdf":
		it.act = actXML
	case nested && top == "Thumbnails":
		drop(name, "thumbnail", fmt.Sprintf("preview image of the first page (%d bytes)", m.Size), scrub.KindHidden)
	case nested && top == "Configurations2":
		drop(it.root+"Configurations2/", "user interface settings", rel[len("Configurations2/"):], scrub.KindOther)
	case rel == "layout-cache":
		drop(name, "layout cache", fmt.Sprintf("%d bytes", m.Size), scrub.KindOther)
	case nested && (top == "Basic" || top == "Scripts" || top == "Dialogs"):
		it.act = actMacro
		base := rel[strings.LastIndexByte(rel, '/')+1:]
		field := "empty macro library"
		if !libraryIndex[base] {
			it.code = true
			field = "macro code"
		}
		it.finding = &scrub.Finding{Where: it.root + top + "/", Field: field, Value: rel[len(top)+1:], Kind: scrub.KindAttachment, Action: scrub.Remove}
	default:
		it.act = actEmbedded
		var err error
		if sr, ok := m.Stored(); ok {
			// Identification reads a few bytes: no need to read a
			// picture whole here (cleaning reads and checks it).
			it.class, it.why, err = classifyAt(p.env, p.k.name, name, sr, sr.Size())
		} else {
			data, release, lerr := m.Load(p.ctx)
			if lerr != nil {
				return nil, lerr
			}
			it.class, it.why, err = classify(p.env, p.k.name, name, data)
			release()
		}
		if err != nil {
			return nil, err
		}
		// A preview of an embedded object that no handler cleans goes:
		// LibreOffice redraws it from the object (but a formula's, see
		// keepsPreview).
		if obj, ok := strings.CutPrefix(rel, "ObjectReplacements/"); ok && it.class == embedKeep &&
			(p.members[it.root+obj] || p.members[it.root+obj+"/"]) && !isFormulaType(p.mf.mediaType(it.root+obj+"/")) {
			drop(name, "preview of an embedded object", it.why+"; LibreOffice redraws it from the object", scrub.KindHidden)
		}
	}
	return it, nil
}

// signer returns the subject of the first certificate in a signature
// part, for the finding.
func signer(data []byte) string {
	i := bytes.Index(data, []byte("X509SubjectName>"))
	if i < 0 {
		return "names the signer"
	}
	rest := data[i+len("X509SubjectName>"):]
	if j := bytes.IndexByte(rest, '<'); j >= 0 {
		rest = rest[:j]
	}
	return "signed by " + strings.TrimSpace(string(rest[:min(len(rest), 200)]))
}

func (p *pkg) order() []*zipclean.Member { return p.a.Order([]string{"mimetype"}) }

func (p *pkg) rulesFor(it *item, m mode, fs *xmlclean.Findings) *rules {
	r := newRules(p.ctx, p.env, p.k.name, it.m.Name, m)
	r.fs = fs
	r.root = it.root
	r.members = p.members
	r.dropped = p.dropped
	return r
}

func (p *pkg) inspect(ctx context.Context) ([]scrub.Finding, error) {
	fs := &xmlclean.Findings{}
	fs.AddAll(p.a.Findings())
	for _, m := range p.order() {
		it := p.items[m]
		if it.act == actEmbedded && it.class != embedKeep {
			data, release, err := m.Load(ctx)
			if err != nil {
				return nil, err
			}
			efs, err := inspectEmbedded(ctx, p.env, p.k.name, m.Name, data)
			release()
			if err != nil {
				return nil, err
			}
			fs.AddAll(efs)
			continue
		}
		if err := p.inspectMember(ctx, m, it, fs); err != nil {
			return nil, err
		}
	}
	return fs.List(), nil
}

// inspectMember adds what Inspect lists for a member that is not an
// embedded file Clean cleans through the registry.
func (p *pkg) inspectMember(ctx context.Context, m *zipclean.Member, it *item, fs *xmlclean.Findings) error {
	switch it.act {
	case actDrop, actMacro:
		if it.finding == nil {
			return nil
		}
		f := *it.finding
		if it.code && p.env.Policy.RefuseMacros {
			f.Action, f.Value = scrub.Report, macroRefusal(f.Value)
		}
		fs.Add(f)
	case actManifest:
		return manifestFilter(func(string) bool { return true }).Inspect(bytes.NewReader(p.mfRaw), fs)
	case actXML:
		data, err := m.ReadAll(ctx)
		if err != nil {
			return err
		}
		data, _, _ = maskDoctype(data)
		r := p.rulesFor(it, modeInspect, fs)
		if err := r.f.Inspect(bytes.NewReader(data), fs); err != nil {
			return err
		}
		return r.err
	case actEmbedded: // kept as it is
		fs.Add(keptFinding(m.Name, it.why))
	}
	return nil
}

func (p *pkg) macroError() error {
	return scrub.Unsupported(p.k.name, "the document contains macros, which scrub cannot clean", hintMacros)
}

// clean writes the cleaned package to w. If fs is not nil, it also adds
// what Inspect lists, in Inspect's order: the XML rules' findings from
// their inspect pass (parts are small), each embedded file's from the
// pass that cleans it.
func (p *pkg) clean(ctx context.Context, w io.Writer, fs *xmlclean.Findings) ([]scrub.Warning, error) {
	removeMacros := !p.env.Policy.RefuseMacros
	if len(p.macros) > 0 && !removeMacros {
		return nil, p.macroError()
	}
	kept := map[string]bool{}
	for _, m := range p.a.Members {
		if !p.dropped[m.Name] {
			kept[m.Name] = true
		}
	}
	keepEntry := func(path string) bool {
		switch {
		case path == "/":
			return true
		case strings.HasSuffix(path, "/"):
			for n := range kept {
				if strings.HasPrefix(n, path) {
					return true
				}
			}
			return false
		}
		return kept[path]
	}
	var add []string
	for _, m := range p.order() {
		if kept[m.Name] && m.Name != "mimetype" && m.Name != manifestName && !p.mf.listed[m.Name] {
			add = append(add, m.Name)
		}
	}
	var ws []scrub.Warning
	var signed, macros bool
	if fs != nil {
		fs.AddAll(p.a.Findings())
	}
	err := p.a.Rewrite(ctx, w, zipclean.Options{First: []string{"mimetype"}, Decide: func(m *zipclean.Member) (zipclean.Decision, error) {
		it := p.items[m]
		if fs != nil && !(it.act == actEmbedded && it.class != embedKeep) {
			if err := p.inspectMember(ctx, m, it, fs); err != nil {
				return zipclean.Decision{}, err
			}
		}
		switch it.act {
		case actMimetype:
			return zipclean.Decision{Store: true}, nil
		case actDrop, actMacro:
			signed = signed || it.sig
			macros = macros || it.code
			return zipclean.Drop, nil
		case actManifest:
			return zipclean.Decision{Write: func(dst io.Writer) error {
				return p.mf.rewrite(dst, p.mfRaw, keepEntry, add)
			}}, nil
		case actXML:
			return zipclean.Decision{Write: func(dst io.Writer) error {
				data, err := m.ReadAll(ctx)
				if err != nil {
					return err
				}
				pw, n, err := p.cleanPart(it, data, dst)
				ws = append(ws, pw...)
				macros = macros || n > 0
				return err
			}}, nil
		case actEmbedded:
			if it.class == embedKeep {
				return zipclean.Keep, nil
			}
			return zipclean.Decision{Write: func(dst io.Writer) error {
				data, release, err := m.Load(ctx)
				if err != nil {
					return err
				}
				defer release()
				var ew []scrub.Warning
				if fs != nil {
					var efs []scrub.Finding
					efs, ew, err = cleanReportEmbedded(ctx, p.env, p.k.name, m.Name, data, dst)
					fs.AddAll(efs)
				} else {
					ew, err = cleanEmbedded(ctx, p.env, p.k.name, m.Name, data, dst)
				}
				ws = append(ws, ew...)
				return err
			}}, nil
		}
		return zipclean.Decision{}, fmt.Errorf("odf: no decision for %q", m.Name)
	}})
	if err != nil {
		return nil, err
	}
	if signed {
		ws = append(ws, scrub.Warning{Message: "the digital signature was removed: the cleaned copy is no longer signed"})
	}
	if macros {
		ws = append(ws, scrub.Warning{Message: "the macros were removed"})
	}
	return ws, nil
}

// cleanPart filters one XML part to dst. It returns the warnings of
// embedded files and the number of macro references removed (an error if
// the policy does not allow that).
func (p *pkg) cleanPart(it *item, data []byte, dst io.Writer) ([]scrub.Warning, int, error) {
	data, decl, off := maskDoctype(data)
	if decl != nil {
		var buf bytes.Buffer
		ws, n, err := p.cleanPart(it, data, &buf)
		if err != nil {
			return nil, 0, err
		}
		out := buf.Bytes()
		if !unmaskDoctype(out, decl, off) {
			return nil, 0, scrub.Malformed(p.k.name, nil, "%s: its document type declaration could not be kept", it.m.Name)
		}
		_, err = dst.Write(out)
		return ws, n, err
	}
	r := p.rulesFor(it, modeClean, nil)
	if bytes.Contains(data, []byte("binary-data")) {
		r.reset(modePrepare)
		if err := r.f.Inspect(bytes.NewReader(data), nil); err != nil {
			return nil, 0, err
		}
		if r.err != nil {
			return nil, 0, r.err
		}
		r.reset(modeClean)
	}
	if err := r.f.Clean(dst, bytes.NewReader(data), nil); err != nil {
		return nil, 0, err
	}
	if r.err != nil {
		return nil, 0, r.err
	}
	if r.macros > 0 && p.env.Policy.RefuseMacros {
		return nil, 0, p.macroError()
	}
	return r.warnings, r.macros, nil
}
