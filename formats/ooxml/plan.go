package ooxml

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// fate is what cleaning does with a part.
type fate uint8

const (
	fateKeep     fate = iota // copied as it is (fonts, parts scrub has no rules for)
	fateXML                  // streamed through the rules
	fateMedia                // cleaned through the registry; kept as is if no handler cleans it
	fateEmbedded             // cleaned through the registry; replaced by an empty object if it cannot be
)

// removal says why a part (or an external relationship) is removed.
type removal struct {
	what  string
	kind  scrub.Kind
	macro bool
}

// Parts removed for the kind of relationship that targets them.
var removedByRel = map[string]removal{
	"custom-properties":        {what: "custom properties", kind: scrub.KindOther},
	"thumbnail":                {what: "thumbnail image", kind: scrub.KindOther},
	"comments":                 {what: "comments", kind: scrub.KindComment},
	"commentsExtended":         {what: "comments (extended)", kind: scrub.KindComment},
	"commentsIds":              {what: "comments (ids)", kind: scrub.KindComment},
	"commentsExtensible":       {what: "comments (extensible)", kind: scrub.KindComment},
	"commentAuthors":           {what: "comment authors", kind: scrub.KindComment},
	"threadedComment":          {what: "threaded comments", kind: scrub.KindComment},
	"person":                   {what: "people list", kind: scrub.KindPerson},
	"people":                   {what: "people list", kind: scrub.KindPerson},
	"authors":                  {what: "comment authors", kind: scrub.KindComment},
	"printerSettings":          {what: "printer settings", kind: scrub.KindMachine},
	"customXml":                {what: "custom XML data", kind: scrub.KindOther},
	"customXmlProps":           {what: "custom XML data properties", kind: scrub.KindOther},
	"classificationlabels":     {what: "sensitivity label (names the organisation)", kind: scrub.KindAccount},
	"revisionHeaders":          {what: "revision log", kind: scrub.KindEditHistory},
	"revisionLog":              {what: "revision log", kind: scrub.KindEditHistory},
	"usernames":                {what: "shared workbook users", kind: scrub.KindPerson},
	"changesInfo":              {what: "change history", kind: scrub.KindEditHistory},
	"revisionInfo":             {what: "revision info", kind: scrub.KindEditHistory},
	"origin":                   {what: "digital signature", kind: scrub.KindPerson},
	"signature":                {what: "digital signature", kind: scrub.KindPerson},
	"certificate":              {what: "digital signature certificate", kind: scrub.KindPerson},
	"webextensiontaskpanes":    {what: "add-in data", kind: scrub.KindAccount},
	"webextension":             {what: "add-in data", kind: scrub.KindAccount},
	"tags":                     {what: "tags (add-in data)", kind: scrub.KindOther},
	"recipientData":            {what: "mail merge recipients", kind: scrub.KindPerson},
	"vbaProject":               {what: "macros (VBA project)", kind: scrub.KindAttachment, macro: true},
	"wordVbaData":              {what: "macro data", kind: scrub.KindAttachment, macro: true},
	"vbaProjectSignature":      {what: "macro signature", kind: scrub.KindAttachment, macro: true},
	"vbaProjectSignatureAgile": {what: "macro signature", kind: scrub.KindAttachment, macro: true},
	"vbaProjectSignatureV3":    {what: "macro signature", kind: scrub.KindAttachment, macro: true},
	"attachedToolbars":         {what: "macro toolbars", kind: scrub.KindAttachment, macro: true},
	"xlMacrosheet":             {what: "Excel 4.0 macro sheet", kind: scrub.KindAttachment, macro: true},
	"xlIntlMacrosheet":         {what: "Excel 4.0 macro sheet", kind: scrub.KindAttachment, macro: true},
}

// External relationships removed for their kind (they hold local paths).
var removedExternal = map[string]removal{
	"attachedTemplate":      {what: "attached template", kind: scrub.KindPath},
	"mailMergeSource":       {what: "mail merge data source", kind: scrub.KindPath},
	"mailMergeHeaderSource": {what: "mail merge header source", kind: scrub.KindPath},
	"saveThroughXslt":       {what: "transform applied on save", kind: scrub.KindPath},
}

var embeddedRels = map[string]bool{"oleObject": true, "package": true, "activeXControlBinary": true}

var mediaRels = map[string]bool{"image": true, "video": true, "audio": true, "media": true, "hdphoto": true}

var orphan = removal{what: "part the document does not use", kind: scrub.KindHidden}

// classify decides each part's fate from the relationships that target
// it and its content type.
func (p *pkg) classify() {
	for _, pt := range p.parts {
		switch {
		case pt == p.ct || pt.isRels:
			pt.fate = fateXML
			continue
		}
		for _, rl := range pt.in {
			if why, ok := removedByRel[rl.kind]; ok {
				if !pt.removed || (why.macro && !pt.why.macro) {
					pt.why = why
				}
				pt.removed = true
			}
			switch {
			case embeddedRels[rl.kind]:
				pt.fate = fateEmbedded
			case mediaRels[rl.kind] && pt.fate != fateEmbedded:
				pt.fate = fateMedia
			}
		}
		ct := strings.ToLower(pt.ctype)
		switch {
		case ct == "application/vnd.ms-office.vbaproject" || ct == strings.ToLower(ctMacroXL) || ct == strings.ToLower(ctIntlMacro):
			if !pt.why.macro {
				pt.why = removedByRel["vbaProject"]
				if ct != "application/vnd.ms-office.vbaproject" {
					pt.why = removedByRel["xlMacrosheet"]
				}
			}
			pt.removed = true
		case strings.HasPrefix(ct, "application/vnd.openxmlformats-package.digital-signature"):
			if !pt.removed {
				pt.why = removedByRel["signature"]
			}
			pt.removed = true
		}
		if pt.fate == fateKeep {
			switch {
			case strings.HasPrefix(ct, "image/") || strings.HasPrefix(ct, "video/") || strings.HasPrefix(ct, "audio/"):
				pt.fate = fateMedia
			case isXMLType(ct) && pt.m.Size > 0: // an empty part has nothing to clean
				pt.fate = fateXML
			}
		}
	}
	p.markRelationships()
}

// markRelationships removes the relationships to removed parts and the
// external ones scrub removes for their kind.
func (p *pkg) markRelationships() {
	for _, rp := range p.rels {
		for _, rl := range rp.rels {
			if rl.to != nil && rl.to.removed {
				rl.remove = true
			}
			if why, ok := removedExternal[rl.kind]; ok && rl.external {
				rl.remove, rl.why = true, why
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
// goes and collects what the parts reveal. With keepMacros, macro parts are
// treated as kept (Inspect under the default policy, where Clean refuses).
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
		s := p.newScan(pt, fs)
		if err := s.inspect(); err != nil {
			return err
		}
		allRefs[pt] = refs{s.kept, s.drops}
	}
	for pt, r := range allRefs {
		if pt.own == nil {
			continue
		}
		for id := range r.dropped {
			if rl := pt.own.byID[id]; rl != nil && !r.kept[id] && !rl.remove {
				rl.remove = true
				if rl.external {
					rl.why = removal{what: "link from removed content", kind: scrub.KindHidden}
				}
			}
		}
	}
	// Whatever is no longer reachable goes: parts only used by removed
	// content (a picture in a tracked deletion, a comment's image) and
	// parts nothing used in the first place.
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
		add := func(field, value string, kind scrub.Kind) {
			fs.Add(scrub.Finding{Where: pt.name, Field: field, Value: value, Kind: kind, Action: scrub.Remove})
		}
		why := pt.why
		switch {
		case why.what == "custom properties":
			if n := p.customProperties(pt, fs); n > 0 {
				continue
			}
		case why.what == "printer settings":
			add(why.what, printerName(p, pt), why.kind)
			continue
		case why == orphan:
			add(why.what, sizeText(pt.m.Size), why.kind)
			continue
		}
		value := ""
		if pt.fate == fateXML && !why.macro {
			value = p.identities(pt)
		}
		add(why.what, value, why.kind)
	}
	for _, rp := range p.sortedRels() {
		for _, rl := range rp.rels {
			if rl.remove && rl.external && rl.why.what != "" {
				fs.Add(scrub.Finding{Where: rp.p.name, Field: rl.why.what, Value: rl.target, Kind: rl.why.kind, Action: scrub.Remove})
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
	flush := func() {
		if cur != nil {
			fs.Add(scrub.Finding{Where: pt.name, Field: "custom property " + name, Value: strings.TrimSpace(val.String()), Kind: scrub.KindOther, Action: scrub.Remove})
			n++
			cur = nil
		}
	}
	_ = p.parse(pt, func(e *xmlclean.Element) xmlclean.Decision {
		if e.Name.Local == "property" && (e.Name.Space == nsCustom || e.Name.Space == nsCustomS) {
			flush()
			cur = e
			name, _ = e.Attr("", "name")
			val.Reset()
		}
		return xmlclean.Decision{}
	}, func(e *xmlclean.Element, b []byte) {
		if cur != nil && val.Len() < 512 {
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

// embeddedFindings inspects media and embedded objects through the
// registry.
func (p *pkg) embeddedFindings(fs *xmlclean.Findings) error {
	for _, pt := range sortedParts(p.parts) {
		if pt.removed || (pt.fate != fateMedia && pt.fate != fateEmbedded) {
			continue
		}
		if err := p.ctx.Err(); err != nil {
			return err
		}
		data, release, err := pt.m.Load(p.ctx)
		if err != nil {
			return err
		}
		err = p.embeddedFinding(pt, data, fs)
		release()
		if err != nil {
			return err
		}
	}
	return nil
}

// embeddedFinding adds what Inspect lists for one picture or embedded
// object, whose content is data.
func (p *pkg) embeddedFinding(pt *part, data []byte, fs *xmlclean.Findings) error {
	if pt.fate == fateEmbedded && bytes.Equal(data, emptyObject) {
		return nil
	}
	found, err := p.env.InspectEmbedded(p.ctx, pt.name, bytes.NewReader(data), int64(len(data)))
	switch {
	case err == nil:
		fs.AddAll(found)
	case pt.fate == fateMedia && errors.Is(err, scrub.ErrUnsupported):
		v := "scrub cannot clean this kind of " + mediaWord(pt)
		if d := emfDescription(data); d != "" {
			v += "; its description reads: " + d
		}
		fs.Add(scrub.Finding{Where: pt.name, Field: "kept as is", Value: v, Kind: scrub.KindAttachment, Action: scrub.Report})
	case pt.fate == fateEmbedded && isRefusal(err):
		fs.Add(scrub.Finding{Where: pt.name, Field: "embedded object scrub cannot clean (replaced by an empty object; its picture stays)", Value: p.describe(data, err), Kind: scrub.KindAttachment, Action: scrub.Remove})
	default:
		return err
	}
	return nil
}

// emfDescription returns the description an EMF header carries (the
// program that made the picture and often its title or file name).
func emfDescription(b []byte) string {
	if len(b) < 88 || binary.LittleEndian.Uint32(b) != 1 || binary.LittleEndian.Uint32(b[40:]) != 0x464d4520 {
		return ""
	}
	n, off := int(binary.LittleEndian.Uint32(b[44:])), int(binary.LittleEndian.Uint32(b[48:]))
	if n <= 0 || off < 88 || n > 1024 || off+2*n > len(b) {
		return ""
	}
	u := make([]uint16, n)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[off+2*i:])
	}
	var parts []string
	for _, p := range strings.Split(string(utf16.Decode(u)), "\x00") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " / ")
}

func mediaWord(pt *part) string {
	ct := strings.ToLower(pt.ctype)
	switch {
	case strings.HasPrefix(ct, "video/"):
		return "video"
	case strings.HasPrefix(ct, "audio/"):
		return "audio"
	}
	if ext := strings.TrimPrefix(strings.ToLower(pathExt(pt.name)), "."); ext != "" {
		return ext + " image"
	}
	return "image"
}

func pathExt(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 && !strings.Contains(name[i:], "/") {
		return name[i:]
	}
	return ""
}

// relFindings reports external targets that point at local or network
// paths: kept (they are links the user made) but worth knowing.
func (p *pkg) relFindings(fs *xmlclean.Findings) {
	for _, rp := range p.sortedRels() {
		for _, rl := range rp.rels {
			if rl.remove || !rl.external || !isLocalPath(rl.target) {
				continue
			}
			fs.Add(scrub.Finding{Where: rp.p.name, Field: "link to a local or network path (" + rl.kind + ")", Value: rl.target, Kind: scrub.KindPath, Action: scrub.Report})
		}
	}
}

// isLocalPath reports whether s names a file on a computer or a network
// share rather than a web address. A percent-escaped path is unescaped
// and checked again, a few times at most: "%252525…" would otherwise peel
// off one level per round, a million rounds for a megabyte.
func isLocalPath(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	for range maxUnescape {
		switch {
		case strings.HasPrefix(l, "file:"), strings.HasPrefix(l, `\\`), strings.HasPrefix(l, "//"):
			return true
		case len(l) >= 3 && l[1] == ':' && (l[2] == '\\' || l[2] == '/') && l[0] >= 'a' && l[0] <= 'z':
			return true
		case strings.HasPrefix(l, "/users/"), strings.HasPrefix(l, "/home/"), strings.HasPrefix(l, "/volumes/"),
			strings.HasPrefix(l, "/documents and settings/"), strings.HasPrefix(l, "/private/"), strings.HasPrefix(l, "/var/folders/"):
			return true
		case strings.Contains(l, `\users\`), strings.Contains(l, `\documents and settings\`):
			return true
		}
		u, err := url.PathUnescape(l)
		if err != nil || u == l {
			return false
		}
		l = strings.ToLower(strings.TrimSpace(u))
	}
	return false
}

// maxUnescape bounds how many times isLocalPath unescapes (Office escapes
// once; a path escaped twice over is still recognised).
const maxUnescape = 4

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
