package epub

import (
	"crypto/sha256"
	"fmt"
	"regexp"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

var uuidRe = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// idMap replaces the UUIDs that tools write into ids (navPoint ids, the
// ids of headings and their links) with UUIDs numbered in the order scrub
// meets them: the same UUID gets the same replacement in every document of
// the book, so links between documents still work, and a cleaned book
// keeps its ids when cleaned again.
type idMap struct {
	to   map[string]string // lower-case original -> replacement
	from map[string]string // replacement -> original
}

func newIDMap() *idMap { return &idMap{to: map[string]string{}, from: map[string]string{}} }

func numberedUUID(n int) string {
	s := sha256.Sum256(fmt.Appendf(nil, "scrub epub id %d", n))
	s[6] = s[6]&0x0f | 0x50
	s[8] = s[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16])
}

func (m *idMap) rewrite(v string) string {
	return uuidRe.ReplaceAllStringFunc(v, func(u string) string {
		k := strings.ToLower(u)
		if r, ok := m.to[k]; ok {
			return r
		}
		r := numberedUUID(len(m.to) + 1)
		m.to[k] = r
		m.from[r] = k
		return r
	})
}

// original returns the id v stood for before rewrite.
func (m *idMap) original(v string) string {
	if !uuidRe.MatchString(v) {
		return v
	}
	return uuidRe.ReplaceAllStringFunc(v, func(u string) string {
		if o, ok := m.from[strings.ToLower(u)]; ok {
			return o
		}
		return u
	})
}

// idAttrs are the attributes whose value is, or ends in, an id.
var idAttrs = map[string]bool{
	"id": true, "idref": true, "refines": true, "toc": true, "fallback": true, "fallback-style": true,
	"media-overlay": true, "for": true, "headers": true, "aria-labelledby": true, "aria-describedby": true,
	"aria-controls": true, "aria-owns": true, "aria-flowto": true, "aria-activedescendant": true,
	"aria-details": true, "aria-errormessage": true,
}

// refAttrs are links whose fragment is an id.
var refAttrs = map[string]bool{"href": true, "src": true}

// apply rewrites the UUIDs in e's id attributes and in the fragments of
// its links, and reports links to local files.
func (m *idMap) apply(e *xmlclean.Element, b *book) {
	for i := range e.Attrs {
		a := &e.Attrs[i]
		if a.IsNamespace() {
			continue
		}
		local := a.Name.Local
		isRef := refAttrs[local] && (a.Name.Space == "" || a.Name.Space == nsXLink)
		if isRef && strings.HasPrefix(strings.ToLower(a.Value), "file:") {
			e.Report("link to a file on a computer", a.Value, scrub.KindPath)
			b.label("link to a file on a computer", scrub.LabelLink)
		}
		if !uuidRe.MatchString(a.Value) {
			continue
		}
		var v string
		switch {
		case idAttrs[local] && (a.Name.Space == "" || a.Name.Space == xmlclean.NSXML):
			v = m.rewrite(a.Value)
		case isRef:
			j := strings.IndexByte(a.Value, '#')
			if j < 0 || strings.Contains(a.Value[:j], ":") {
				continue // no fragment, or a link out of the book
			}
			v = a.Value[:j] + m.rewrite(a.Value[j:])
		default:
			continue
		}
		if v != a.Value {
			b.label(a.QName(), scrub.LabelDocumentID)
			e.SetAttr(i, v, scrub.KindEditHistory)
		}
	}
}

// xhtmlRules clean an XHTML content document (and the EPUB 3 navigation
// document): comments, meta elements other than the viewport (generator,
// author, description, keywords, Dublin Core), links other than style
// sheets, and UUIDs in ids. The text and its markup stay as they are.
func (b *book) xhtmlRules(where string) *xmlclean.Filter {
	return &xmlclean.Filter{Where: where, Comments: scrub.KindComment,
		Start: func(e *xmlclean.Element) xmlclean.Decision {
			b.ids.apply(e, b)
			switch {
			case e.Is(nsXHTML, "meta"):
				name, hasName := e.Attr("", "name")
				content, _ := e.Attr("", "content")
				if !hasName || strings.EqualFold(name, "viewport") {
					return xmlclean.Decision{}
				}
				kind, label := metaRemoval(name, "")
				if n := strings.ToLower(name); strings.Contains(n, "creator") || strings.Contains(n, "publisher") || strings.Contains(n, "contributor") {
					kind, label = scrub.KindPerson, scrub.LabelAuthor
				}
				field := "meta " + name
				b.label(field, label)
				return xmlclean.Decision{Action: xmlclean.Remove, Kind: kind, Field: field, Value: content}
			case e.Is(nsXHTML, "link"):
				rel, _ := e.Attr("", "rel")
				if strings.Contains(strings.ToLower(rel), "stylesheet") {
					return xmlclean.Decision{}
				}
				href, _ := e.Attr("", "href")
				field := "link rel=" + rel
				b.label(field, scrub.LabelLink)
				return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindOther, Field: field, Value: href}
			}
			return xmlclean.Decision{}
		},
	}
}

// ncxRules clean the EPUB 2 table of contents: dtb:uid becomes the new
// identifier (readers match it with the package's), the author goes, meta
// elements other than the depth and page counts go, and UUIDs in ids are
// replaced.
func (b *book) ncxRules(where, uid string) *xmlclean.Filter {
	return &xmlclean.Filter{Where: where, Comments: scrub.KindComment,
		Start: func(e *xmlclean.Element) xmlclean.Decision {
			b.ids.apply(e, b)
			switch {
			case e.Is(nsNCX, "meta"):
				name, _ := e.Attr("", "name")
				switch name {
				case "dtb:uid":
					for i := range e.Attrs {
						if e.Attrs[i].Name == (xmlclean.Name{Local: "content"}) {
							b.label("dtb:uid", scrub.LabelDocumentID)
							e.SetAttr(i, uid, scrub.KindEditHistory)
						}
					}
					return xmlclean.Decision{}
				case "dtb:depth", "dtb:totalPageCount", "dtb:maxPageNumber":
					return xmlclean.Decision{}
				}
				content, _ := e.Attr("", "content")
				if content == "" {
					// Says nothing; the NCX needs a meta in its head
					// (LibreOffice writes only an empty one).
					return xmlclean.Decision{}
				}
				kind, label := metaRemoval(name, "")
				field := "meta " + name
				b.label(field, label)
				return xmlclean.Decision{Action: xmlclean.Remove, Kind: kind, Field: field, Value: content}
			case e.Is(nsNCX, "docAuthor"):
				b.label("docAuthor", scrub.LabelAuthor)
				return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindPerson, Field: "docAuthor"}
			}
			return xmlclean.Decision{}
		},
	}
}

// xmlRules clean other XML of the book (container.xml, encryption.xml,
// media overlays, SVG pictures no handler cleans): comments, UUIDs in ids,
// and in SVG the metadata element and the editors' own elements and
// attributes (Inkscape writes the file's path on the author's disk).
func (b *book) xmlRules(where string) *xmlclean.Filter {
	return &xmlclean.Filter{Where: where, Comments: scrub.KindComment,
		Start: func(e *xmlclean.Element) xmlclean.Decision {
			b.ids.apply(e, b)
			for i := range e.Attrs {
				if s := e.Attrs[i].Name.Space; s == nsSodi || s == nsInk {
					b.label(e.Attrs[i].QName(), scrub.LabelSoftware)
					e.RemoveAttr(i, scrub.KindSoftware)
				}
			}
			switch {
			case e.Is(nsSVG, "metadata"), e.Name.Space == nsRDF:
				b.label(e.QName(), scrub.LabelMetadata)
				return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindOther}
			case e.Name.Space == nsSodi, e.Name.Space == nsInk:
				b.label(e.QName(), scrub.LabelSoftware)
				return xmlclean.Decision{Action: xmlclean.Remove, Kind: scrub.KindSoftware}
			}
			return xmlclean.Decision{}
		},
	}
}

// cleanCSS removes the comments of a style sheet (tools sign their output
// there), outside strings; it returns the comments.
func cleanCSS(src []byte) (out []byte, comments []string) {
	out = make([]byte, 0, len(src))
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(src) && src[j] != c && src[j] != '\n' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(src))
			out = append(out, src[i:j]...)
			i = j
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(string(src[i+2:]), "*/")
			if end < 0 {
				comments = append(comments, strings.TrimSpace(string(src[i+2:])))
				return out, comments
			}
			comments = append(comments, strings.TrimSpace(string(src[i+2:i+2+end])))
			out = append(out, ' ')
			i += end + 4
		case c == '\\' && i+1 < len(src):
			out = append(out, src[i:i+2]...)
			i += 2
		default:
			out = append(out, c)
			i++
		}
	}
	return out, comments
}
