package odf

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/metafile"
	"github.com/scrub-project/scrub/formats/internal/warnings"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

// fate is what happens to a member of the package.
type fate uint8

const (
	fateMimetype fate = iota // first, stored
	fateDrop                 // left out, with a finding if it revealed something
	fateXML                  // filtered through the rules
	fateManifest             // rewritten to list what remains
	fateEmbedded             // cleaned through the registry, or kept and reported
	fateMacro                // macro storage: dropped if the policy allows, else refused
)

type part struct {
	m       *zipclean.Member
	fate    fate
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
	parts map[*zipclean.Member]*part
	// members holds every member name and every folder ("Pictures/").
	members map[string]bool
	dropped map[string]bool
	macros  []string // members with macro code
	// shown: per sub-document folder, the fields and variables the
	// reader sees (see shownFields); nil for a folder without hidden
	// fields or field declarations.
	shown map[string]map[string]bool
	// hidden: per sub-document folder, what the hidden-content analysis
	// found and decided (hidden.go).
	hidden map[string]*hiddenPlan
}

// openPackage opens the zip, reads the manifest and decides what happens
// to every member. It returns ErrEncrypted for a password-protected
// document, ErrMalformed for a damaged one (no manifest, a type the
// mimetype member and the manifest disagree on, zipclean's checks), and
// ErrLimit for sub-documents nested too deep.
func openPackage(ctx context.Context, env *scrub.Env, k kind, r io.ReaderAt, size int64) (*pkg, error) {
	a, err := zipclean.Open(ctx, env, k.Name, r, size)
	if err != nil {
		return nil, err
	}
	p := &pkg{ctx: ctx, env: env, k: k, a: a, parts: map[*zipclean.Member]*part{},
		members: map[string]bool{}, dropped: map[string]bool{}}
	mm := a.Lookup(manifestName)
	if mm == nil {
		return nil, scrub.Malformed(k.Name, nil, "the document has no manifest (%s): it is damaged", manifestName)
	}
	if p.mfRaw, err = mm.ReadAll(ctx); err != nil {
		return nil, err
	}
	if p.mf, err = parseManifest(p.mfRaw); err != nil {
		return nil, err
	}
	if p.mf.encrypted {
		return nil, scrub.Encrypted(k.Name, "the document is password-protected", hintEncrypted)
	}
	if _, _, err := packageType(ctx, a, k.Name); err != nil {
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
		return nil, scrub.OverLimit(k.Name, scrub.LimitDepth, fmt.Sprintf("embedded documents nested more than %d deep", env.Limits.MaxDepth))
	}
	p.roots = append(p.roots, "")
	for _, m := range a.Members {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pt, err := p.plan(m)
		if err != nil {
			return nil, err
		}
		p.parts[m] = pt
		if pt.fate == fateDrop || pt.fate == fateMacro {
			p.dropped[m.Name] = true
		}
		if pt.code {
			p.macros = append(p.macros, m.Name)
		}
	}
	if err := p.scanFields(ctx); err != nil {
		return nil, err
	}
	if err := p.analyzeHidden(ctx); err != nil {
		return nil, err
	}
	return p, nil
}

// analyzeHidden runs the hidden-content analysis of each (sub-)document.
// Content that does not parse is left to the rules, which refuse it.
func (p *pkg) analyzeHidden(ctx context.Context) error {
	p.hidden = map[string]*hiddenPlan{}
	for _, root := range p.roots {
		cm := p.a.Lookup(root + "content.xml")
		if cm == nil || p.parts[cm] == nil || p.parts[cm].fate != fateXML {
			continue
		}
		content, err := cm.ReadAll(ctx)
		if err != nil {
			return err
		}
		content, _, _ = maskDoctype(content)
		var styles []byte
		if sm := p.a.Lookup(root + "styles.xml"); sm != nil {
			if styles, err = sm.ReadAll(ctx); err != nil {
				return err
			}
			styles, _, _ = maskDoctype(styles)
		}
		an := &analysis{policy: p.env.Policy, root: root, other: map[string]bool{}, load: func(member string) []byte {
			m := p.a.Lookup(member)
			if m == nil || p.dropped[member] {
				return nil
			}
			b, err := m.ReadAll(ctx)
			if err != nil {
				return nil
			}
			return b
		}}
		if styles != nil {
			styleUses(styles, an)
		}
		plan, err := analyze(content, readStyles(styles, content), root+"content.xml", true, an)
		if err != nil {
			continue
		}
		if styles != nil {
			plan.findings = append(plan.findings, masterHidden(styles, root+"styles.xml")...)
		}
		p.hidden[root] = plan
	}
	return nil
}

// scanFields finds, for each (sub-)document, the fields and variables the
// reader sees, if it may hide any.
func (p *pkg) scanFields(ctx context.Context) error {
	p.shown = map[string]map[string]bool{}
	for _, root := range p.roots {
		var parts [][]byte
		hides := false
		for _, n := range []string{"content.xml", "styles.xml"} {
			m := p.a.Lookup(root + n)
			if m == nil {
				continue
			}
			data, err := m.ReadAll(ctx)
			if err != nil {
				return err
			}
			hides = hides || mayHideFields(data)
			parts = append(parts, data)
		}
		if !hides {
			continue
		}
		sf := newShownFields()
		for _, data := range parts {
			data, _, _ = maskDoctype(data)
			sf.add(bytes.NewReader(data))
		}
		p.shown[root] = sf.shown()
	}
	return nil
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

func (p *pkg) plan(m *zipclean.Member) (*part, error) {
	pt := &part{m: m}
	name := m.Name
	drop := func(where, field, value string, kind scrub.Kind, label scrub.Label) {
		pt.fate = fateDrop
		pt.finding = &scrub.Finding{Where: where, Field: field, Value: value, Kind: kind, Action: scrub.Remove, Label: label}
	}
	switch {
	case name == "mimetype":
		pt.fate = fateMimetype
		return pt, nil
	case name == manifestName:
		pt.fate = fateManifest
		return pt, nil
	case strings.HasPrefix(name, "META-INF/") && strings.Contains(strings.ToLower(name), "signatures"):
		data, err := m.ReadAll(p.ctx)
		if err != nil {
			return nil, err
		}
		drop(name, "digital signature", signer(data), scrub.KindPerson, scrub.LabelSignature)
		pt.sig = true
		return pt, nil
	}
	pt.root = p.rootOf(name)
	rel := name[len(pt.root):]
	top, _, nested := strings.Cut(rel, "/")
	switch {
	case rel == "content.xml", rel == "styles.xml", rel == "meta.xml", rel == "settings.xml", rel == "manifest.rdf":
		pt.fate = fateXML
	case nested && top == "Thumbnails":
		drop(name, "thumbnail", fmt.Sprintf("preview image of the first page (%d bytes)", m.Size), scrub.KindHidden, scrub.LabelThumbnail)
	case nested && top == "Configurations2":
		drop(pt.root+"Configurations2/", "user interface settings", rel[len("Configurations2/"):], scrub.KindOther, scrub.LabelSettings)
	case rel == "layout-cache":
		drop(name, "layout cache", fmt.Sprintf("%d bytes", m.Size), scrub.KindOther, scrub.LabelSettings)
		pt.finding.Minor = true
	case nested && (top == "Basic" || top == "Scripts" || top == "Dialogs"):
		pt.fate = fateMacro
		base := rel[strings.LastIndexByte(rel, '/')+1:]
		field := "empty macro library"
		if !libraryIndex[base] {
			pt.code = true
			field = "macro code"
		}
		pt.finding = &scrub.Finding{Where: pt.root + top + "/", Field: field, Value: rel[len(top)+1:], Kind: scrub.KindAttachment, Action: scrub.Remove, Label: scrub.LabelMacros}
	default:
		pt.fate = fateEmbedded
		var err error
		if sr, ok := m.Stored(); ok {
			// Identification reads a few bytes: no need to read a
			// picture whole here (cleaning reads and checks it).
			pt.class, pt.why, err = classifyAt(p.env, p.k.Name, name, sr, sr.Size())
		} else {
			data, release, lerr := m.Load(p.ctx)
			if lerr != nil {
				return nil, lerr
			}
			pt.class, pt.why, err = classify(p.env, p.k.Name, name, data)
			release()
		}
		if err != nil {
			return nil, err
		}
		// A preview of an embedded object that no handler cleans goes:
		// LibreOffice redraws it from the object (but a formula's, see
		// keepsPreview).
		obj, preview := strings.CutPrefix(rel, "ObjectReplacements/")
		switch {
		case preview && pt.class != embedClean && (p.members[pt.root+obj] || p.members[pt.root+obj+"/"]) &&
			!isFormulaType(p.mf.mediaType(pt.root+obj+"/")):
			why := pt.why
			if why == "" {
				why = "a picture scrub cannot look inside"
			}
			drop(name, "preview of an embedded object", why+"; LibreOffice redraws it from the object", scrub.KindHidden, scrub.LabelThumbnail)
		case pt.class == embedDrop:
			f := droppedFinding(name, pt.why)
			pt.fate, pt.finding = fateDrop, &f
		}
	}
	return pt, nil
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

func (p *pkg) rulesFor(pt *part, m mode, fs *xmlclean.Findings) *rules {
	r := newRules(p.ctx, p.env, p.k.Name, pt.m.Name, m)
	if pt.m.Name == pt.root+"content.xml" {
		r.plan = p.hidden[pt.root]
	}
	r.fs = fs
	r.root = pt.root
	r.members = p.members
	r.dropped = p.dropped
	r.shown = p.shown[pt.root]
	r.without = p.k.without
	return r
}

func (p *pkg) inspect(ctx context.Context) ([]scrub.Finding, error) {
	fs := &xmlclean.Findings{}
	fs.AddAll(p.a.Findings())
	for _, m := range p.order() {
		pt := p.parts[m]
		if pt.fate == fateEmbedded {
			data, release, err := m.Load(ctx)
			if err != nil {
				return nil, err
			}
			efs, err := inspectEmbedded(ctx, p.env, p.k.Name, m.Name, data)
			release()
			if err != nil {
				return nil, err
			}
			fs.AddAll(efs)
			continue
		}
		if err := p.inspectMember(ctx, m, pt, fs); err != nil {
			return nil, err
		}
	}
	return fs.List(), nil
}

// inspectMember adds what Inspect lists for a member that is not an
// embedded file Clean cleans through the registry.
func (p *pkg) inspectMember(ctx context.Context, m *zipclean.Member, pt *part, fs *xmlclean.Findings) error {
	switch pt.fate {
	case fateDrop, fateMacro:
		if pt.finding == nil {
			return nil
		}
		f := *pt.finding
		if pt.code && p.env.Policy.RefuseMacros {
			f.Action, f.Value = scrub.Report, macroRefusal(f.Value)
		}
		fs.Add(f)
	case fateManifest:
		return manifestFilter(func(string) bool { return true }).Inspect(bytes.NewReader(p.mfRaw), fs)
	case fateXML:
		data, err := m.ReadAll(ctx)
		if err != nil {
			return err
		}
		data, _, _ = maskDoctype(data)
		r := p.rulesFor(pt, modeInspect, fs)
		if err := r.f.Inspect(bytes.NewReader(data), fs); err != nil {
			return err
		}
		if r.err == nil && r.plan != nil {
			fs.AddAll(r.plan.findings)
		}
		return r.err
	}
	return nil
}

func (p *pkg) macroError() error {
	return scrub.MacrosRefused(p.k.Name)
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
		pt := p.parts[m]
		if fs != nil && pt.fate != fateEmbedded {
			if err := p.inspectMember(ctx, m, pt, fs); err != nil {
				return zipclean.Decision{}, err
			}
		}
		switch pt.fate {
		case fateMimetype:
			return zipclean.Decision{Store: true}, nil
		case fateDrop, fateMacro:
			signed = signed || pt.sig
			macros = macros || pt.code
			return zipclean.Drop, nil
		case fateManifest:
			return zipclean.Decision{Write: func(dst io.Writer) error {
				return p.mf.rewrite(dst, p.mfRaw, keepEntry, add)
			}}, nil
		case fateXML:
			return zipclean.Decision{Write: func(dst io.Writer) error {
				data, err := m.ReadAll(ctx)
				if err != nil {
					return err
				}
				pw, n, err := p.cleanPart(pt, data, dst)
				ws = append(ws, pw...)
				macros = macros || n > 0
				return err
			}}, nil
		case fateEmbedded:
			if pt.class == embedKeep {
				return zipclean.Keep, nil
			}
			if pt.class == embedEMF && fs == nil {
				data, release, err := m.Load(ctx)
				if err != nil {
					return zipclean.Decision{}, err
				}
				defer release()
				if metafile.BlankEMF(data) == nil {
					return zipclean.Keep, nil
				}
			}
			return zipclean.Decision{Write: func(dst io.Writer) error {
				data, release, err := m.Load(ctx)
				if err != nil {
					return err
				}
				defer release()
				if plan := p.hidden[pt.root]; plan != nil && plan.cut[m.Name] != nil {
					// Cut to what the document shows of it (hidden.go),
					// then cleaned as any picture.
					data = plan.cut[m.Name]
				}
				var ew []scrub.Warning
				if fs != nil {
					var efs []scrub.Finding
					efs, ew, err = cleanReportEmbedded(ctx, p.env, p.k.Name, m.Name, data, dst, true)
					fs.AddAll(efs)
				} else {
					ew, err = cleanEmbedded(ctx, p.env, p.k.Name, m.Name, data, dst)
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
		ws = append(ws, warnings.SignatureRemoved())
	}
	if macros {
		ws = append(ws, warnings.MacrosRemoved())
	}
	return ws, nil
}

// cleanPart filters one XML part to dst. It returns the warnings of
// embedded files and the number of macro references removed (an error if
// the policy does not allow that).
func (p *pkg) cleanPart(pt *part, data []byte, dst io.Writer) ([]scrub.Warning, int, error) {
	data, decl, off := maskDoctype(data)
	if decl != nil {
		var buf bytes.Buffer
		ws, n, err := p.cleanPart(pt, data, &buf)
		if err != nil {
			return nil, 0, err
		}
		out := buf.Bytes()
		if !unmaskDoctype(out, decl, off) {
			return nil, 0, scrub.Malformed(p.k.Name, nil, "%s: its document type declaration could not be kept", pt.m.Name)
		}
		_, err = dst.Write(out)
		return ws, n, err
	}
	r := p.rulesFor(pt, modeClean, nil)
	if err := r.plan.cellsError(p.k.Name); err != nil {
		return nil, 0, err
	}
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
	w, split := dst, r.plan.splitting()
	var buf bytes.Buffer
	if split {
		w = &buf // cells to split: written once the part is (sheethidden.go)
	}
	if err := r.f.Clean(w, bytes.NewReader(data), nil); err != nil {
		return nil, 0, err
	}
	if r.err != nil {
		return nil, 0, r.err
	}
	if r.macros > 0 && p.env.Policy.RefuseMacros {
		return nil, 0, p.macroError()
	}
	if split {
		out, err := r.cnt.expand(buf.Bytes())
		if err != nil {
			return nil, 0, err
		}
		if _, err := dst.Write(out); err != nil {
			return nil, 0, err
		}
	}
	return r.warnings, r.macros, nil
}
