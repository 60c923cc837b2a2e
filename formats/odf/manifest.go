package odf

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

const manifestName = "META-INF/manifest.xml"

// manifest is what scrub needs of META-INF/manifest.xml.
type manifest struct {
	entries   []manifestEntry
	listed    map[string]bool
	hasRoot   bool
	rootType  string
	encrypted bool
	prefix    string // of the manifest namespace on the root element
	rootQName string
}

type manifestEntry struct {
	path, mediaType string
}

// parseManifest reads the manifest's file entries. It returns an
// ErrMalformed error for XML that is not a manifest.
func parseManifest(data []byte) (*manifest, error) {
	mf := &manifest{listed: map[string]bool{}}
	var bad error
	f := &xmlclean.Filter{Where: manifestName, Start: func(e *xmlclean.Element) xmlclean.Decision {
		switch {
		case e.Depth == 1:
			if !e.Is(nsManifest, "manifest") {
				bad = scrub.Malformed("", nil, "%s is not a manifest (its root is <%s>)", manifestName, e.QName())
			}
			mf.prefix, mf.rootQName = e.Prefix, e.QName()
		case e.Is(nsManifest, "file-entry"):
			p, _ := e.Attr(nsManifest, "full-path")
			mt, _ := e.Attr(nsManifest, "media-type")
			mf.entries = append(mf.entries, manifestEntry{p, mt})
			mf.listed[p] = true
			if p == "/" {
				mf.hasRoot, mf.rootType = true, mt
			}
		case e.Is(nsManifest, "encryption-data"):
			mf.encrypted = true
		}
		return xmlclean.Decision{}
	}}
	if err := f.Inspect(bytes.NewReader(data), nil); err != nil {
		return nil, err
	}
	return mf, bad
}

// mediaType returns the media type the manifest gives path, or "".
func (mf *manifest) mediaType(path string) string {
	for _, e := range mf.entries {
		if e.path == path {
			return e.mediaType
		}
	}
	return ""
}

// isFormulaType reports whether a media type is an OpenDocument formula's.
//
// keepsPreview: LibreOffice redraws a chart or a spreadsheet embedded
// without its preview picture, but not a formula (headless, as it converts
// or prints, it shows "Object 2" instead of the formula), so a formula's
// preview is kept, and reported like any picture scrub cannot look inside.
// It is LibreOffice's own drawing of the visible formula.
func isFormulaType(mt string) bool {
	return mt == mimePrefix+"formula" || mt == mimePrefix+"formula-template"
}

// subDocuments returns the folders the manifest declares as embedded
// OpenDocument sub-documents ("Object 1/").
func (mf *manifest) subDocuments() []string {
	var out []string
	for _, e := range mf.entries {
		if e.path != "/" && strings.HasSuffix(e.path, "/") && strings.HasPrefix(e.mediaType, mimePrefix) {
			out = append(out, e.path)
		}
	}
	return out
}

// manifestFilter keeps the entries keep accepts and removes XML comments.
func manifestFilter(keep func(p string) bool) *xmlclean.Filter {
	return &xmlclean.Filter{Where: manifestName, Comments: scrub.KindOther, Start: func(e *xmlclean.Element) xmlclean.Decision {
		if e.Is(nsManifest, "file-entry") {
			if p, _ := e.Attr(nsManifest, "full-path"); !keep(p) {
				return xmlclean.Decision{Action: xmlclean.Remove}
			}
		}
		return xmlclean.Decision{}
	}}
}

// rewrite writes the manifest with the entries keep accepts and, before
// the root's end tag, new entries for add (paths kept that it did not
// list).
func (mf *manifest) rewrite(dst io.Writer, data []byte, keep func(p string) bool, add []string) error {
	var buf bytes.Buffer
	if err := manifestFilter(keep).Clean(&buf, bytes.NewReader(data), nil); err != nil {
		return err
	}
	out := buf.Bytes()
	if len(add) > 0 {
		end := bytes.LastIndex(out, []byte("</"+mf.rootQName))
		if end < 0 {
			return scrub.Malformed("", nil, "%s has an empty root element", manifestName)
		}
		q := func(local string) string {
			if mf.prefix == "" {
				return local
			}
			return mf.prefix + ":" + local
		}
		var ins bytes.Buffer
		for _, p := range add {
			fmt.Fprintf(&ins, "<%s %s=\"%s\" %s=\"%s\"/>", q("file-entry"), q("full-path"), attrEscape(p), q("media-type"), mediaTypeFor(p))
		}
		out = append(out[:end:end], append(ins.Bytes(), out[end:]...)...)
	}
	_, err := dst.Write(out)
	return err
}

func attrEscape(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// mediaTypeFor guesses the manifest media type of a member the manifest did
// not list.
func mediaTypeFor(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".xml":
		return "text/xml"
	case ".rdf":
		return "application/rdf+xml"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	}
	return ""
}
