package ooxml

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/ident"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

// Parts lists the package for the engine's residue check: the zip
// structure (headers, names, extra fields, comments), then every member
// inflated, in name order. The document's XML parts come with the text
// the reader sees or can follow (Part.Text, see visibleText); pictures,
// media and embedded documents are listed through the registry (their
// own handlers list them); anything else is given whole.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	p, err := open(ctx, env, "", r, size)
	if err != nil {
		return err
	}
	if err := fn(scrub.Part{Where: zipclean.Where, R: p.a.Structure()}); err != nil {
		return err
	}
	for _, pt := range sortedParts(p.parts) {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, release, err := pt.m.Load(ctx)
		if errors.Is(err, scrub.ErrMalformed) {
			// A damaged member (cleaning drops it, or refuses the
			// document): its bytes as stored are what there is to search.
			if err := fn(scrub.Part{Where: pt.name + " (damaged, as stored)", R: pt.m.Raw()}); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		if p.ownXML(pt) {
			err = fn(scrub.Part{Where: pt.name, R: bytes.NewReader(data), Text: p.visibleText(pt, data)})
		} else {
			err = env.PartsEmbedded(ctx, pt.name, bytes.NewReader(data), int64(len(data)), fn)
		}
		release()
		if err != nil {
			return err
		}
	}
	return nil
}

// ownXML reports whether pt is one of the document's XML parts (rather
// than a picture or an embedded file, which the registry lists).
func (p *pkg) ownXML(pt *part) bool {
	if pt == p.ct || pt.isRels || pt.ctype == ctVML || strings.HasSuffix(strings.ToLower(pt.name), ".vml") {
		return true
	}
	return isXMLType(pt.ctype) && !strings.HasPrefix(pt.ctype, "image/")
}

// shown reports whether a part's content is shown to the reader: it is
// reached through a relationship of a kind the document keeps (not a
// comment, a people list, custom XML…).
func (pt *part) shown() bool {
	for _, rl := range pt.in {
		if rl.known && rl.rt.role != roleRemoved && !rl.external {
			return true
		}
	}
	return false
}

// Elements whose text the reader does not see: deleted text, and the
// link ids of conditional formats.
var unseenText = map[string]bool{"delText": true, "delInstrText": true}

// Attributes whose values the reader sees or can follow, wherever they
// are: alt text and names of pictures and shapes, tooltips, WordArt text,
// the prompts of data validation, captions.
var seenAttrs = map[string]bool{
	"descr": true, "title": true, "tooltip": true, "string": true, "alt": true, "display": true, "prompt": true,
	"promptTitle": true, "error": true, "errorTitle": true, "caption": true, "displayName": true, "dataCaption": true,
	"location": true, "instr": true,
	// Font names, shown in the font list: DrawingML's and Word's.
	"typeface": true, "ascii": true, "hAnsi": true, "eastAsia": true, "cs": true,
}

// Elements whose name attribute the reader sees: pictures and shapes
// (selection pane), sheets, defined names, tables and their columns,
// pivot fields, fonts, styles and layouts.
var seenNames = map[string]bool{
	"cNvPr": true, "docPr": true, "sheet": true, "definedName": true, "table": true, "tableColumn": true, "cacheField": true,
	"pivotTableDefinition": true, "dataField": true, "pivotField": true, "font": true, "cellStyle": true, "tableStyle": true,
	"cSld": true, "sldLayout": true, "queryTableField": true, "connection": true, "slicer": true, "slicerCacheDefinition": true,
}

// Elements whose val attribute the reader sees: Word's style names, list
// labels and content control titles.
var seenVals = map[string]bool{"name": true, "lvlText": true, "alias": true, "altName": true}

// visibleText returns what of an XML part the reader sees or can follow:
// for the relationships, the targets of external links; for the parts
// the document shows, their character data (but deleted text and
// content in namespaces scrub does not know) joined per paragraph, and
// the values of the attributes in seenAttrs, seenNames and seenVals;
// nothing for the properties, the content types and the parts the
// document does not show. XML that does not parse shows nothing.
func (p *pkg) visibleText(pt *part, data []byte) []string {
	var out []string
	kind := p.kindOf(pt)
	switch {
	case kind == kindRels:
		if rp := p.rels[pt]; rp != nil {
			for _, rl := range rp.rels {
				if rl.external {
					out = append(out, rl.target)
				}
			}
		}
		return out
	case kind == kindContentTypes, kind == kindCore, kind == kindApp, !pt.shown():
		return nil
	}
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	hidden := 0 // depth of the unseen element we are in
	f := &xmlclean.Filter{
		Start: func(e *xmlclean.Element) xmlclean.Decision {
			if hidden == 0 && (unseenText[e.Name.Local] || !knownSpace(e.Name.Space) || (e.Name.Space == nsX14 && e.Name.Local == "id")) {
				hidden = e.Depth
			}
			for i := range e.Attrs {
				a := &e.Attrs[i]
				if a.IsNamespace() || a.Value == "" {
					continue
				}
				l := a.Name.Local
				switch {
				case (l == "descr" || l == "title") && ident.ContainsLocalPath(a.Value),
					l == "name" && (e.Name.Local == "cNvPr" || e.Name.Local == "docPr") && isIdentifying(a.Value):
					// What the rules remove from alt text and picture
					// names is not content.
				case seenAttrs[l], l == "name" && seenNames[e.Name.Local], l == "val" && seenVals[e.Name.Local],
					l == "v" && isX(e.Name.Space):
					out = append(out, a.Value)
				}
			}
			switch e.Name.Local {
			case "p", "si", "c", "tc", "txBody":
				flush()
			}
			return xmlclean.Decision{}
		},
		End: func(e *xmlclean.Element) {
			if hidden == e.Depth {
				hidden = 0
			}
		},
		Text: func(e *xmlclean.Element, b []byte) {
			if hidden == 0 {
				cur.Write(b)
			}
		},
	}
	if err := f.Inspect(bytes.NewReader(data), nil); err != nil {
		return nil
	}
	flush()
	return out
}

func isIdentifying(v string) bool {
	_, _, ok := identifying(v)
	return ok
}
