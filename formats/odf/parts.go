package odf

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/ident"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

// Parts lists the document for the engine's residue check. A package:
// the zip structure (headers, names, extra fields, comments), then every
// member inflated, in name order: the XML parts with the text the reader
// sees or can follow (Part.Text, see visibleText), pictures and embedded
// files through the registry. A flat document: the whole XML with its
// visible text, then every file stored in it as base64, decoded, through
// the registry.
func (h handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	k, err := h.identify(r, size)
	if err != nil {
		return err
	}
	if k.flat {
		return withFormat(flatParts(ctx, env, r, size, fn), k.Name)
	}
	p, err := openPackage(ctx, env, k, r, size)
	if err != nil {
		return withFormat(err, k.Name)
	}
	if err := fn(scrub.Part{Where: zipclean.Where, R: p.a.Structure()}); err != nil {
		return err
	}
	names := make([]string, 0, len(p.a.Members))
	for _, m := range p.a.Members {
		names = append(names, m.Name)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		m := p.a.Lookup(n)
		data, release, err := m.Load(ctx)
		if errors.Is(err, scrub.ErrMalformed) {
			// A damaged member (cleaning drops it, or refuses the
			// document): its bytes as stored are what there is to search.
			if err := fn(scrub.Part{Where: n + " (damaged, as stored)", R: m.Raw()}); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		switch pt := p.parts[m]; pt.fate {
		case fateXML:
			rel := n[len(pt.root):]
			var text []string
			if rel == "content.xml" || rel == "styles.xml" || rel == "settings.xml" {
				masked, _, _ := maskDoctype(data)
				text = visibleText(bytes.NewReader(masked))
			}
			err = fn(scrub.Part{Where: n, R: bytes.NewReader(data), Text: text})
		case fateMimetype, fateManifest:
			err = fn(scrub.Part{Where: n, R: bytes.NewReader(data)})
		default:
			err = env.PartsEmbedded(ctx, n, bytes.NewReader(data), int64(len(data)), fn)
		}
		release()
		if err != nil {
			return err
		}
	}
	return nil
}

// flatParts lists a flat document: the XML whole, then its files.
func flatParts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	text := visibleText(ctxReader{ctx, io.NewSectionReader(r, 0, size)})
	if err := fn(scrub.Part{Where: flatWhere, R: io.NewSectionReader(r, 0, size), Text: text}); err != nil {
		return err
	}
	var blob *bytes.Buffer
	var ferr error
	n := 0
	limit := min(env.Limits.MaxMemberSize, 1<<40)
	f := &xmlclean.Filter{
		Start: func(e *xmlclean.Element) xmlclean.Decision {
			if e.Is(nsOffice, "binary-data") {
				blob = new(bytes.Buffer)
			}
			return xmlclean.Decision{}
		},
		Text: func(e *xmlclean.Element, b []byte) {
			if blob != nil && ferr == nil {
				if int64(blob.Len()+len(b)) > limit {
					ferr = scrub.OverLimit("", scrub.LimitMemberSize, fmt.Sprintf("an embedded file is over the limit of %d MiB", limit>>20))
					return
				}
				blob.Write(b)
			}
		},
		End: func(e *xmlclean.Element) {
			if blob == nil || !e.Is(nsOffice, "binary-data") || ferr != nil {
				return
			}
			n++
			data, err := base64.StdEncoding.DecodeString(string(bytes.Join(bytes.Fields(blob.Bytes()), nil)))
			blob = nil
			if err != nil {
				return // the document part holds it as it is
			}
			if err := env.Consume(int64(len(data))); err != nil {
				ferr = err
				return
			}
			ferr = env.PartsEmbedded(ctx, fmt.Sprintf("%s, embedded file %d", flatWhere, n), bytes.NewReader(data), int64(len(data)), fn)
		},
	}
	if err := f.Inspect(ctxReader{ctx, io.NewSectionReader(r, 0, size)}, nil); err != nil {
		return err
	}
	return ferr
}

// Elements whose content the reader does not see: comments, the record
// of tracked changes, metadata, macros and event bindings, files stored
// as base64, and the properties of form controls.
var unseenText = map[xmlclean.Name]bool{
	{Space: nsOffice, Local: "annotation"}: true, {Space: nsOOo, Local: "annotation"}: true,
	{Space: nsText, Local: "tracked-changes"}: true, {Space: nsTable, Local: "tracked-changes"}: true,
	{Space: nsOffice, Local: "binary-data"}: true, {Space: nsOffice, Local: "meta"}: true,
	{Space: nsOffice, Local: "scripts"}: true, {Space: nsOffice, Local: "event-listeners"}: true,
	{Space: nsForm, Local: "properties"}: true, {Space: nsText, Local: "user-field-decls"}: true,
}

// Attributes whose values the reader sees or can follow: cell values and
// formulas, the names of sheets, objects, bookmarks and styles, font
// names, the labels and values of form controls, hidden text (reported).
var seenAttrs = map[xmlclean.Name]bool{
	{Space: nsOffice, Local: "string-value"}: true, {Space: nsOffice, Local: "value"}: true, {Space: nsTable, Local: "formula"}: true,
	{Space: nsTable, Local: "name"}: true, {Space: nsDraw, Local: "name"}: true, {Space: nsText, Local: "name"}: true,
	{Space: nsStyle, Local: "display-name"}: true, {Space: nsStyle, Local: "name"}: true, {Space: nsStyle, Local: "font-name"}: true,
	{Space: nsSVG, Local: "font-family"}: true, {Space: nsFO, Local: "font-family"}: true, {Space: nsForm, Local: "label"}: true,
	{Space: nsForm, Local: "title"}: true, {Space: nsForm, Local: "value"}: true, {Space: nsForm, Local: "current-value"}: true,
	{Space: nsForm, Local: "default-value"}: true, {Space: nsText, Local: "string-value"}: true, {Space: nsXLink, Local: "title"}: true,
	{Space: nsOffice, Local: "title"}: true, {Space: nsText, Local: "description"}: true, {Space: nsConfig, Local: "name"}: true,
}

// visibleText returns what of an OpenDocument XML part (or a flat
// document) the reader sees or can follow: the character data, joined per
// paragraph, but in the elements of unseenText, in hidden fields, and in
// settings other than the sheet shown; the targets of links (text:a,
// draw:a); the values of seenAttrs (but the names of bookmarks that hold
// editing permissions). XML that does not parse shows nothing.
func visibleText(src io.Reader) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	hidden := 0
	settings := 0
	alt := 0 // depth of the svg:title or svg:desc we are in
	var altText strings.Builder
	f := &xmlclean.Filter{
		Start: func(e *xmlclean.Element) xmlclean.Decision {
			if hidden == 0 {
				d, _ := e.Attr(nsText, "display")
				switch {
				case unseenText[e.Name], e.Name.Space == nsMeta, e.Name.Space == nsDC,
					d == "none" && (fieldGetters[e.Name.Local] || fieldSetters[e.Name.Local]):
					hidden = e.Depth
				}
			}
			if e.Is(nsOffice, "settings") || e.Is(nsOffice, "document-settings") {
				settings = e.Depth
			}
			if hidden != 0 {
				return xmlclean.Decision{}
			}
			for i := range e.Attrs {
				a := &e.Attrs[i]
				switch {
				case a.IsNamespace() || a.Value == "", ident.LocalPath(a.Value):
					// The rules cut local paths to their file name.
				case a.Name == xmlclean.Name{Space: nsXLink, Local: "href"} && e.Name.Local == "a":
					out = append(out, a.Value)
				case a.Name.Space == nsText && a.Name.Local == "name" && strings.HasPrefix(a.Value, "permission-for-"):
				case seenAttrs[a.Name]:
					if settings != 0 && a.Name.Space == nsConfig && !e.Is(nsConfig, "config-item-map-entry") {
						break
					}
					out = append(out, a.Value)
				}
			}
			if settings != 0 && e.Is(nsConfig, "config-item") {
				if n, _ := e.Attr(nsConfig, "name"); n != "ActiveTable" {
					hidden = e.Depth
				}
			}
			if e.Is(nsText, "p") || e.Is(nsText, "h") || e.Is(nsTable, "table-cell") {
				flush()
			}
			if alt == 0 && (e.Is(nsSVG, "title") || e.Is(nsSVG, "desc")) {
				alt = e.Depth
				altText.Reset()
			}
			return xmlclean.Decision{}
		},
		End: func(e *xmlclean.Element) {
			if hidden == e.Depth {
				hidden = 0
			}
			if alt == e.Depth {
				alt = 0
				// Alt text is the author's; a path in it is what the rules
				// remove, not content.
				if t := altText.String(); !ident.ContainsLocalPath(t) {
					out = append(out, t)
				}
			}
			if settings == e.Depth {
				settings = 0
			}
		},
		Text: func(e *xmlclean.Element, b []byte) {
			switch {
			case hidden != 0:
			case alt != 0:
				altText.Write(b)
			default:
				cur.Write(b)
			}
		},
	}
	if err := f.Inspect(src, nil); err != nil {
		return nil
	}
	flush()
	return out
}
