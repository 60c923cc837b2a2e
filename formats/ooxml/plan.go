package ooxml

import (
	"bytes"
	"errors"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/scrub-project/scrub/formats/internal/ident"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// fate is what cleaning does with a part.
type fate uint8

const (
	fateKeep     fate = iota // copied as it is: embedded fonts
	fateXML                  // streamed through the rules
	fateMedia                // cleaned through the registry (see cleanMedia); removed if nothing cleans it
	fateEmbedded             // cleaned through the registry; replaced by an empty object if it cannot be
	fateChunk                // imported content: cleaned through the registry, kept if plain text, refused otherwise
)

// removal says why a part (or an external relationship) is removed.
type removal struct {
	what  string
	kind  scrub.Kind
	label scrub.Label
	macro bool
}

var (
	orphan    = removal{what: "part the document does not use", kind: scrub.KindHidden, label: scrub.LabelHiddenData}
	signature = relTypes["signature"].why
)

// classify decides each part's fate from the relationships that reach it
// (see relTypes) and its content type.
func (p *pkg) classify() {
	for _, pt := range p.parts {
		if pt == p.ct || pt.isRels {
			pt.fate = fateXML
			continue
		}
		known := false
		for _, rl := range pt.in {
			if !rl.known {
				continue
			}
			known = true
			switch rl.rt.role {
			case roleRemoved:
				if !pt.removed || (rl.rt.why.macro && !pt.why.macro) {
					pt.why = rl.rt.why
				}
				pt.removed = true
			case roleEmbedded:
				pt.fate = fateEmbedded
			case roleMedia:
				if pt.fate != fateEmbedded {
					pt.fate = fateMedia
				}
			case roleChunk:
				pt.fate = fateChunk
			}
		}
		if !known && len(pt.in) > 0 {
			pt.why = unknownRel(pt.in[0].typ) // removed below as unreachable
		}
		ct := pt.ctype
		switch {
		case ct == "application/vnd.ms-office.vbaproject" || ct == ctMacroXL || ct == ctIntlMacro:
			if !pt.why.macro {
				pt.why = relTypes["vbaProject"].why
				if ct != "application/vnd.ms-office.vbaproject" {
					pt.why = relTypes["xlMacrosheet"].why
				}
			}
			pt.removed = true
		case strings.HasPrefix(ct, "application/vnd.openxmlformats-package.digital-signature"):
			if !pt.removed {
				pt.why = signature
			}
			pt.removed = true
		}
		if pt.fate != fateKeep || pt.font() {
			continue
		}
		switch {
		case (isXMLType(ct) || pt.reachedAs("core-properties") || pt.reachedAs("extended-properties")) && pt.m.Size > 0:
			// XML (an empty part has nothing to clean); the properties
			// whatever their content type says.
			pt.fate = fateXML
		case pt.m.Size > 0:
			// Pictures, and whatever else a known relationship reaches
			// that is not XML: the registry cleans it, or it goes.
			pt.fate = fateMedia
		}
	}
	p.markRelationships()
}

// font reports whether an embedded-font relationship reaches pt.
func (pt *part) font() bool {
	for _, rl := range pt.in {
		if rl.known && rl.rt.role == roleFont {
			return true
		}
	}
	return false
}

// markRelationships removes the relationships to removed parts, those
// of a kind scrub removes, and those of a kind it does not know.
func (p *pkg) markRelationships() {
	for _, rp := range p.rels {
		for _, rl := range rp.rels {
			switch {
			case rl.to != nil && rl.to.removed:
				rl.remove = true
			case !rl.known:
				rl.remove = true
				if rl.external {
					rl.why = unknownRel(rl.typ)
				}
			case rl.external && (rl.rt.role == roleRemoved || !rl.rt.external):
				rl.remove = true
				rl.why = rl.rt.why
				if rl.why.what == "" {
					rl.why = unknownRel(rl.typ)
				}
			}
		}
	}
}

// macroParts lists the parts that hold macros.
func (p *pkg) macroParts() []*part {
	var out []*part
	for _, pt := range p.parts {
		if pt.removed && pt.why.macro {
			out = append(out, pt)
		}
	}
	return out
}

// analyze is the first pass, shared by Inspect and Clean: it decides what
// goes and collects what the parts reveal. Under Policy.RefuseMacros macro
// parts are treated as kept (Clean refuses such a document).
func (p *pkg) analyze(fs *xmlclean.Findings) error {
	p.classify()
	keepMacros := p.env.Policy.RefuseMacros
	if keepMacros {
		for _, pt := range p.macroParts() {
			pt.removed = false
		}
		p.markRelationships()
	}
	if err := p.judgeVML(); err != nil {
		return err
	}
	if err := p.judgeMedia(); err != nil {
		return err
	}
	// Pass over the XML that stays: findings, and which relationships
	// are referenced only from removed content.
	type refs struct{ kept, dropped map[string]bool }
	allRefs := map[*part]refs{}
	for _, pt := range sortedParts(p.parts) {
		if err := p.ctx.Err(); err != nil {
			return err
		}
		if pt.removed || pt.fate != fateXML || pt.isRels || pt == p.ct {
			continue
		}
		r := p.newRules(pt, fs)
		if err := r.inspect(); err != nil {
			return err
		}
		allRefs[pt] = refs{r.kept, r.drops}
	}
	// Hidden content the package holds as a whole: the crops of
	// pictures (which may be cut), hidden names, linked values.
	if err := p.planCrops(fs); err != nil {
		return err
	}
	p.bookFindings(fs)
	for pt, r := range allRefs {
		if pt.own == nil {
			continue
		}
		for id := range r.dropped {
			if rl := pt.own.byID[id]; rl != nil && !r.kept[id] && !rl.remove {
				rl.remove = true
				if rl.external {
					rl.why = removal{what: "link from removed content", kind: scrub.KindHidden, label: scrub.LabelLink}
				}
			}
		}
	}
	// Whatever is no longer reachable goes: parts only used by removed
	// content (a picture in a tracked deletion, a comment's image), parts
	// reached only through relationships scrub does not know, and parts
	// nothing used in the first place.
	live := p.reachable()
	for _, pt := range p.parts {
		if pt == p.ct || pt.isRels || pt.removed || live[pt] {
			continue
		}
		if keepMacros && pt.why.macro {
			continue
		}
		pt.removed = true
		if pt.why.what == "" {
			pt.why = orphan
		}
	}
	for _, pt := range p.parts {
		if !pt.isRels {
			continue
		}
		switch {
		case pt.relsOf == nil && pt != p.root.p:
			pt.removed = true // relationships of a part that does not exist
		case pt.relsOf != nil && pt.relsOf.removed:
			pt.removed = true
		}
	}
	p.markRelationships()
	return nil
}

// removedFindings describes the removed parts.
func (p *pkg) removedFindings(fs *xmlclean.Findings) {
	for _, pt := range sortedParts(p.parts) {
		if !pt.removed || pt.isRels {
			continue
		}
		why := pt.why
		add := func(field, value string) {
			fs.Add(scrub.Finding{Where: pt.name, Field: field, Value: value, Kind: why.kind, Action: scrub.Remove, Label: why.label})
		}
		switch {
		case why.label == scrub.LabelCustom && why.what == "custom properties":
			if n := p.customProperties(pt, fs); n > 0 {
				continue
			}
		case why.label == scrub.LabelPrinter:
			add(why.what, printerName(p, pt))
			continue
		case why.label == scrub.LabelThumbnail:
			add(why.what, "preview picture ("+sizeText(pt.m.Size)+")")
			continue
		case why == orphan, why.label == scrub.LabelHiddenData:
			// One finding for all such parts (a package may hold
			// thousands), listing the first few.
			fs.Add(scrub.Finding{Where: "package", Field: why.what, Value: pt.name + " (" + sizeText(pt.m.Size) + ")",
				Kind: why.kind, Action: scrub.Remove, Label: why.label})
			continue
		}
		value := ""
		if pt.fate == fateXML && !why.macro {
			value = p.identities(pt)
		}
		add(why.what, value)
	}
	for _, rp := range p.sortedRels() {
		for _, rl := range rp.rels {
			if rl.remove && rl.external && rl.why.what != "" {
				fs.Add(scrub.Finding{Where: rp.p.name, Field: rl.why.what, Value: rl.target, Kind: rl.why.kind, Action: scrub.Remove, Label: rl.why.label})
			}
		}
	}
}

func (p *pkg) sortedRels() []*relsPart {
	out := make([]*relsPart, 0, len(p.rels))
	for _, rp := range p.rels {
		if !rp.p.removed {
			out = append(out, rp)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].p.name < out[j].p.name })
	return out
}

// identities lists the names, initials and user ids in a removed part
// (comment authors, people).
func (p *pkg) identities(pt *part) string {
	var vals []string
	seen := map[string]bool{}
	addv := func(v string) {
		v = strings.TrimSpace(v)
		if v != "" && !seen[v] && len(vals) < 8 {
			seen[v] = true
			vals = append(vals, v)
		}
	}
	var authorText *xmlclean.Element
	var buf strings.Builder
	_ = p.parse(pt, func(e *xmlclean.Element) xmlclean.Decision {
		for i := range e.Attrs {
			a := &e.Attrs[i]
			switch a.Name.Local {
			case "author", "initials", "displayName", "userId", "providerId", "userName":
				addv(a.Value)
			case "name":
				switch e.Name.Local {
				case "cmAuthor", "author", "person", "userInfo", "chgData":
					addv(a.Value)
				}
			}
		}
		if e.Name.Local == "tag" && isP(e.Name.Space) {
			n, _ := e.Attr("", "name")
			v, _ := e.Attr("", "val")
			addv(n + " = " + v)
		}
		if e.Name.Local == "author" && isX(e.Name.Space) {
			authorText = e
			buf.Reset()
		}
		return xmlclean.Decision{}
	}, func(e *xmlclean.Element, b []byte) {
		if e == authorText {
			buf.Write(b)
			addv(buf.String())
		}
	})
	return strings.Join(vals, "; ")
}

// customProperties adds one finding per custom property and returns how
// many there were.
func (p *pkg) customProperties(pt *part, fs *xmlclean.Findings) int {
	n := 0
	var cur *xmlclean.Element
	var name string
	var val strings.Builder
	blob := 0 // bytes of a binary value (vt:blob and the like), summarised
	flush := func() {
		if cur != nil {
			v := strings.TrimSpace(val.String())
			if blob > 0 {
				v = "binary data, " + sizeText(uint64(blob))
			}
			fs.Add(scrub.Finding{Where: pt.name, Field: "custom property " + name, Value: v,
				Kind: scrub.KindOther, Action: scrub.Remove, Label: scrub.LabelCustom})
			n++
			cur = nil
		}
	}
	binary := false
	_ = p.parse(pt, func(e *xmlclean.Element) xmlclean.Decision {
		switch {
		case e.Name.Local == "property" && (e.Name.Space == nsCustom || e.Name.Space == nsCustomS):
			flush()
			cur = e
			name, _ = e.Attr("", "name")
			val.Reset()
			blob = 0
		case cur != nil:
			switch e.Name.Local {
			case "blob", "oblob", "stream", "ostream", "storage", "ostorage", "cf", "vstream":
				binary = true
			default:
				binary = false
			}
		}
		return xmlclean.Decision{}
	}, func(e *xmlclean.Element, b []byte) {
		switch {
		case cur == nil:
		case binary:
			blob += len(b)
		case val.Len() < 512:
			val.Write(b)
		}
	})
	flush()
	return n
}

// printerName reads the device name at the start of a DEVMODE structure.
func printerName(p *pkg, pt *part) string {
	b, err := pt.m.ReadAll(p.ctx)
	if err != nil || len(b) < 64 {
		return ""
	}
	u := make([]uint16, 0, 32)
	for i := 0; i+1 < 64; i += 2 {
		c := uint16(b[i]) | uint16(b[i+1])<<8
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}

// isRefusal reports whether err means the registry cannot clean the
// content (as opposed to a failure or a limit).
func isRefusal(err error) bool {
	return errors.Is(err, scrub.ErrUnsupported) || errors.Is(err, scrub.ErrEncrypted) || errors.Is(err, scrub.ErrMalformed)
}

// describe says what embedded content is and why the registry refused
// it: "Word 97-2003 document: legacy binary Word format …".
func (p *pkg) describe(data []byte, err error) string {
	h, name, ierr := p.env.Identify(bytes.NewReader(data), int64(len(data)))
	switch {
	case ierr != nil && !errors.Is(ierr, scrub.ErrUnsupported):
		return refusalText(ierr)
	case ierr != nil:
		return "content scrub does not know"
	}
	for _, f := range h.Formats() {
		if f.Name == name && f.Refused != "" {
			return f.Description + ": " + f.Refused
		}
	}
	return refusalText(err)
}

// refusalText is a short user-facing reason from a registry refusal.
func refusalText(err error) string {
	var fe *scrub.FormatError
	if errors.As(err, &fe) {
		s := fe.Reason
		if fe.Format != "" {
			s = fe.Format + ": " + s
		}
		return s
	}
	return err.Error()
}

// relFindings reports external targets that point at local or network
// paths: kept (they are links the user made, cut to their file name) but
// worth knowing.
func (p *pkg) relFindings(fs *xmlclean.Findings) {
	for _, rp := range p.sortedRels() {
		for _, rl := range rp.rels {
			if rl.remove || !rl.external || !ident.LocalPath(rl.target) {
				continue
			}
			fs.Add(scrub.Finding{Where: rp.p.name, Field: "link to a local or network path (" + rl.kind + ")", Value: rl.target,
				Kind: scrub.KindPath, Action: scrub.Report, Label: scrub.LabelLink})
		}
	}
}
