package epub

import (
	"bytes"
	"net/url"
	"path"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// Namespaces of the EPUB documents.
const (
	nsOPF   = "http://www.idpf.org/2007/opf"
	nsDC    = "http://purl.org/dc/elements/1.1/"
	nsNCX   = "http://www.daisy.org/z3986/2005/ncx/"
	nsXHTML = "http://www.w3.org/1999/xhtml"
	nsOCF   = "urn:oasis:names:tc:opendocument:xmlns:container"
	nsEnc   = "http://www.w3.org/2001/04/xmlenc#"
	nsSVG   = "http://www.w3.org/2000/svg"
	nsXLink = "http://www.w3.org/1999/xlink"
	nsSodi  = "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
	nsInk   = "http://www.inkscape.org/namespaces/inkscape"
	nsRDF   = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
)

const (
	containerName  = "META-INF/container.xml"
	encryptionName = "META-INF/encryption.xml"
	mimetypeName   = "mimetype"
	mimeEPUB       = "application/epub+zip"
	mimeOPF        = "application/oebps-package+xml"
)

// fixedModified is the dcterms:modified an EPUB 3 package must carry,
// the same for every book (the zip members' time, too).
const fixedModified = "1980-01-01T00:00:00Z"

// item is one entry of the package manifest.
type item struct {
	id, href, mediaType, props string
	path                       string // the member it names; "" for a remote resource
	omitted                    bool   // left out by the policy for members scrub cannot clean
}

// pkgInfo is what scrub reads of the package document before cleaning it.
type pkgInfo struct {
	version   string
	uniqueID  string // the unique-identifier attribute: an element id
	oldID     string // the text of the identifier it names
	firstUUID string // the first urn:uuid identifier (Adobe's font key)
	modified  string // dcterms:modified
	keptIDs   map[string]bool
	items     []*item
	byID      map[string]*item
	byPath    map[string]*item
	tocID     string
}

// textOf collects an element's text in Data.
func textOf(e *xmlclean.Element) string {
	if b, ok := e.Data.(*strings.Builder); ok {
		return b.String()
	}
	return ""
}

// readOPF reads the package document at opfPath.
func readOPF(opfPath string, data []byte) (*pkgInfo, error) {
	pi := &pkgInfo{keptIDs: map[string]bool{}, byID: map[string]*item{}, byPath: map[string]*item{}}
	p, err := splitProlog(opfPath, data)
	if err != nil {
		return nil, err
	}
	var bad error
	dir := path.Dir(opfPath)
	f := &xmlclean.Filter{Where: opfPath,
		Start: func(e *xmlclean.Element) xmlclean.Decision {
			switch {
			case e.Depth == 1:
				if !e.Is(nsOPF, "package") {
					bad = scrub.Malformed("epub", nil, "%s is not a package document (its root is <%s>)", opfPath, e.QName())
				}
				pi.version, _ = e.Attr("", "version")
				pi.uniqueID, _ = e.Attr("", "unique-identifier")
			case e.Is(nsDC, "identifier"), e.Is(nsDC, "title"), e.Is(nsDC, "language"), e.Is(nsOPF, "meta"):
				e.Data = new(strings.Builder)
			case e.Is(nsOPF, "item"):
				it := &item{}
				it.id, _ = e.Attr("", "id")
				it.href, _ = e.Attr("", "href")
				it.mediaType, _ = e.Attr("", "media-type")
				it.props, _ = e.Attr("", "properties")
				it.path = resolve(dir, it.href)
				pi.items = append(pi.items, it)
				if it.id != "" {
					pi.byID[it.id] = it
				}
				if it.path != "" {
					pi.byPath[it.path] = it
				}
			case e.Is(nsOPF, "spine"):
				pi.tocID, _ = e.Attr("", "toc")
			}
			return xmlclean.Decision{}
		},
		Text: func(e *xmlclean.Element, text []byte) {
			if b, ok := e.Data.(*strings.Builder); ok && b.Len() < 4096 {
				b.Write(text)
			}
		},
		End: func(e *xmlclean.Element) {
			id, _ := e.Attr("", "id")
			switch {
			case e.Is(nsDC, "identifier"):
				v := strings.TrimSpace(textOf(e))
				if id != "" && id == pi.uniqueID {
					pi.oldID = v
				}
				if pi.firstUUID == "" && strings.HasPrefix(strings.ToLower(v), "urn:uuid:") {
					pi.firstUUID = v
				}
			case e.Is(nsDC, "title"), e.Is(nsDC, "language"):
				if id != "" {
					pi.keptIDs[id] = true
				}
			case e.Is(nsOPF, "meta"):
				if prop, _ := e.Attr("", "property"); prop == "dcterms:modified" {
					if _, refines := e.Attr("", "refines"); !refines {
						pi.modified = strings.TrimSpace(textOf(e))
					}
				}
			}
		},
	}
	if err := f.Inspect(bytes.NewReader(p.body), nil); err != nil {
		return nil, err
	}
	if bad != nil {
		return nil, bad
	}
	return pi, nil
}

// resolve returns the member a manifest href names, relative to the
// package document's folder, or "" for a remote or unsafe reference.
func resolve(dir, href string) string {
	if href == "" || strings.Contains(href, ":") || strings.HasPrefix(href, "/") {
		return ""
	}
	if i := strings.IndexAny(href, "#?"); i >= 0 {
		href = href[:i]
	}
	u, err := url.PathUnescape(href)
	if err != nil {
		return ""
	}
	p := path.Clean(path.Join(dir, u))
	if p == "." || strings.HasPrefix(p, "../") || p == ".." {
		return ""
	}
	return p
}

// metaKeep lists the EPUB 3 meta properties a book needs or that describe
// how it is read, not who made it: rendering (rendition:*), media overlay
// timing, accessibility.
func metaKeep(prop string) bool {
	switch {
	case strings.HasPrefix(prop, "rendition:"):
		return true
	case prop == "media:duration", prop == "media:active-class", prop == "media:playback-active-class":
		return true
	case strings.HasPrefix(prop, "schema:access"):
		return true
	}
	return false
}

// refineKeep lists what a meta may say about a kept title, or about a
// manifest item.
func refineKeep(prop string, onItem bool) bool {
	if onItem {
		return prop == "media:duration"
	}
	switch prop {
	case "title-type", "display-seq", "file-as", "alternate-script":
		return true
	}
	return false
}

// metaRemoval says what a removed meta element is, by its name or
// property.
func metaRemoval(name, prop string) (scrub.Kind, scrub.Label) {
	k := strings.ToLower(name + " " + prop)
	switch {
	case strings.Contains(k, "generator") || strings.Contains(k, "sigil") || strings.Contains(k, "version") || strings.Contains(k, "ibooks:"):
		return scrub.KindSoftware, scrub.LabelSoftware
	case strings.Contains(k, "timestamp") || strings.Contains(k, "date") || strings.Contains(k, "modified"):
		return scrub.KindTime, scrub.LabelDate
	case strings.Contains(k, "role") || strings.Contains(k, "file-as") || strings.Contains(k, "author") ||
		strings.Contains(k, "narrator") || strings.Contains(k, "certifiedby") || strings.Contains(k, "alternate-script"):
		return scrub.KindPerson, scrub.LabelPerson
	case strings.Contains(k, "identifier") || strings.Contains(k, "uuid"):
		return scrub.KindEditHistory, scrub.LabelDocumentID
	case strings.Contains(k, "calibre:user_metadata") || strings.Contains(k, "custom"):
		return scrub.KindOther, scrub.LabelCustom
	}
	return scrub.KindOther, scrub.LabelMetadata
}

// dcRemoval says what a removed Dublin Core element is.
func dcRemoval(local string) (scrub.Kind, scrub.Label) {
	switch local {
	case "creator":
		return scrub.KindPerson, scrub.LabelAuthor
	case "contributor":
		return scrub.KindPerson, scrub.LabelPerson
	case "publisher":
		return scrub.KindPerson, scrub.LabelOrganisation
	case "rights":
		return scrub.KindOther, scrub.LabelCopyright
	case "date":
		return scrub.KindTime, scrub.LabelDate
	case "description":
		return scrub.KindOther, scrub.LabelDescription
	case "subject":
		return scrub.KindOther, scrub.LabelKeywords
	case "identifier":
		return scrub.KindEditHistory, scrub.LabelDocumentID
	}
	return scrub.KindOther, scrub.LabelMetadata
}

// opfRules cleans the package document: the metadata keeps only the
// title, the language, the unique identifier (replaced by newID), the
// dcterms:modified EPUB 3 requires (fixed), the cover pointer, refinements
// of the title, and rendering, media-overlay and accessibility properties;
// everything else in it goes (creators, contributors, publisher, rights,
// dates, descriptions, subjects, other identifiers, calibre, Sigil and
// iBooks metadata, links, unknown elements). Manifest items the policy
// left out go with what refers to them; collections go.
func (b *book) opfRules() *xmlclean.Filter {
	pi := b.pi
	inMeta := func(e *xmlclean.Element) bool {
		for p := e.Parent; p != nil; p = p.Parent {
			if p.Is(nsOPF, "metadata") {
				return true
			}
		}
		return false
	}
	removed := func(e *xmlclean.Element, kind scrub.Kind, label scrub.Label, field string) xmlclean.Decision {
		if field == "" {
			field = e.QName()
		}
		b.label(field, label)
		return xmlclean.Decision{Action: xmlclean.Remove, Kind: kind, Field: field}
	}
	return &xmlclean.Filter{Where: b.opfPath, Comments: scrub.KindComment,
		Start: func(e *xmlclean.Element) xmlclean.Decision {
			b.ids.apply(e, b)
			switch {
			case e.Is(nsOPF, "dc-metadata"), e.Is(nsOPF, "x-metadata"):
				return xmlclean.Decision{Action: xmlclean.Unwrap}
			case inMeta(e) && (e.Parent.Is(nsOPF, "metadata") || e.Parent.Is(nsOPF, "dc-metadata") || e.Parent.Is(nsOPF, "x-metadata")):
				return b.metadataRule(e, removed)
			case e.Is(nsOPF, "item"):
				id, _ := e.Attr("", "id")
				if it := pi.byID[b.ids.original(id)]; it != nil && it.omitted {
					return xmlclean.Decision{Action: xmlclean.Remove}
				}
				for i := range e.Attrs {
					if e.Attrs[i].Name.Local == "fallback" && e.Attrs[i].Name.Space == "" {
						if it := pi.byID[b.ids.original(e.Attrs[i].Value)]; it != nil && it.omitted {
							e.RemoveAttr(i, "")
						}
					}
				}
			case e.Is(nsOPF, "itemref"):
				idref, _ := e.Attr("", "idref")
				if it := pi.byID[b.ids.original(idref)]; it != nil && it.omitted {
					return xmlclean.Decision{Action: xmlclean.Remove}
				}
			case e.Is(nsOPF, "reference"):
				href, _ := e.Attr("", "href")
				if it := pi.byPath[resolve(path.Dir(b.opfPath), href)]; it != nil && it.omitted {
					return xmlclean.Decision{Action: xmlclean.Remove}
				}
			case e.Is(nsOPF, "collection"):
				return removed(e, scrub.KindOther, scrub.LabelMetadata, "collection")
			}
			return xmlclean.Decision{}
		},
	}
}

func (b *book) metadataRule(e *xmlclean.Element, removed func(*xmlclean.Element, scrub.Kind, scrub.Label, string) xmlclean.Decision) xmlclean.Decision {
	pi := b.pi
	switch {
	case e.Name.Space == nsDC:
		switch e.Name.Local {
		case "title", "language":
			return xmlclean.Decision{}
		case "identifier":
			id, _ := e.Attr("", "id")
			if id == "" || id != pi.uniqueID {
				break
			}
			for i := range e.Attrs {
				if e.Attrs[i].Name.Local == "scheme" && e.Attrs[i].Name.Space == nsOPF {
					e.RemoveAttr(i, scrub.KindOther)
					b.label(e.Attrs[i].QName(), scrub.LabelDocumentID)
				}
			}
			if pi.oldID == b.newID {
				return xmlclean.Decision{}
			}
			b.label("dc:identifier (the book's unique identifier, replaced)", scrub.LabelDocumentID)
			return xmlclean.Decision{Action: xmlclean.SetText, Text: b.newID, Kind: scrub.KindEditHistory,
				Field: "dc:identifier (the book's unique identifier, replaced)", Value: pi.oldID}
		}
		kind, label := dcRemoval(e.Name.Local)
		return removed(e, kind, label, "dc:"+e.Name.Local)
	case e.Is(nsOPF, "meta"):
		name, _ := e.Attr("", "name")
		prop, _ := e.Attr("", "property")
		refines, hasRefines := e.Attr("", "refines")
		content, _ := e.Attr("", "content")
		switch {
		case name == "cover" && prop == "":
			if it := pi.byID[content]; it != nil && it.omitted {
				return xmlclean.Decision{Action: xmlclean.Remove}
			}
			// content is an item id: renumbered as the item's is.
			for i := range e.Attrs {
				if e.Attrs[i].Name == (xmlclean.Name{Local: "content"}) {
					if v := b.ids.rewrite(content); v != content {
						b.label("content", scrub.LabelDocumentID)
						e.SetAttr(i, v, scrub.KindEditHistory)
					}
				}
			}
			return xmlclean.Decision{}
		case prop == "dcterms:modified" && !hasRefines:
			if pi.modified == fixedModified {
				return xmlclean.Decision{}
			}
			b.label("dcterms:modified", scrub.LabelModified)
			return xmlclean.Decision{Action: xmlclean.SetText, Text: fixedModified, Kind: scrub.KindTime, Field: "dcterms:modified", Value: pi.modified}
		case hasRefines:
			target := b.ids.original(strings.TrimPrefix(refines, "#"))
			it := pi.byID[target]
			if (pi.keptIDs[target] || it != nil && !it.omitted) && refineKeep(prop, it != nil) {
				return xmlclean.Decision{}
			}
		case prop != "" && metaKeep(prop):
			return xmlclean.Decision{}
		}
		kind, label := metaRemoval(name, prop)
		field := "meta " + strings.TrimSpace(name+" "+prop)
		if name != "" && content != "" {
			b.label(field, label)
			return xmlclean.Decision{Action: xmlclean.Remove, Kind: kind, Field: field, Value: content}
		}
		return removed(e, kind, label, field)
	case e.Is(nsOPF, "link"):
		return removed(e, scrub.KindOther, scrub.LabelLink, "link")
	}
	return removed(e, scrub.KindOther, scrub.LabelMetadata, "")
}
