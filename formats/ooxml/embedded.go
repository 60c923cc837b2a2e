package ooxml

import (
	"bytes"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/bufpool"
	"github.com/scrub-project/scrub/formats/internal/cfb"
	"github.com/scrub-project/scrub/formats/internal/ident"
	"github.com/scrub-project/scrub/formats/internal/metafile"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

// vmlKind says how a VML drawing relates to comments.
type vmlKind uint8

const (
	vmlPlain vmlKind = iota // no comment boxes
	vmlMixed                // comment boxes among other shapes: the boxes go
)

var commentBoxes = removal{what: "comment boxes (VML drawing of comments)", kind: scrub.KindComment, label: scrub.LabelComment}

// judgeVML finds the VML drawings that host comment boxes (Excel's legacy
// comments): a drawing that holds nothing else is removed, a drawing that
// also holds pictures or controls loses only the boxes.
func (p *pkg) judgeVML() error {
	for _, pt := range p.parts {
		if pt.removed || pt.isRels || pt.fate != fateXML {
			continue
		}
		if pt.ctype != ctVML && !strings.HasSuffix(strings.ToLower(pt.name), ".vml") {
			continue
		}
		notes, others := 0, 0
		err := p.parse(pt, func(e *xmlclean.Element) xmlclean.Decision {
			if e.Name.Space == nsXVML && e.Name.Local == "ClientData" {
				if v, _ := e.Attr("", "ObjectType"); v == "Note" {
					notes++
				} else {
					others++
				}
			}
			return xmlclean.Decision{}
		}, nil)
		if err != nil {
			return err
		}
		switch {
		case notes > 0 && others == 0:
			pt.removed, pt.why = true, commentBoxes
		case notes > 0:
			pt.vml = vmlMixed
		}
	}
	p.markRelationships()
	return nil
}

// What happens to a picture, video or sound (fateMedia), decided in the
// first pass so that the references to a removed one go too:
type mediaWay uint8

const (
	mediaRegistry mediaWay = iota // a registered handler cleans it (its errors refuse the document)
	mediaEMF                      // an enhanced metafile: its description is blanked
	mediaWMF                      // a Windows metafile: kept as it is
)

// unclean is the removal of a picture, video or sound no handler cleans:
// the document keeps the frame (an empty picture) and opens as before.
var unclean = removal{what: "picture, video or sound scrub cannot clean (removed; the document keeps an empty frame in its place)",
	kind: scrub.KindAttachment, label: scrub.LabelEmbeddedPicture}

// judgeMedia decides, for every picture, video and sound, whether the
// registry cleans it, it is a metafile scrub handles itself, or it goes.
// A Windows metafile (WMF) stays as it is and an EMF loses its
// description (see package metafile).
func (p *pkg) judgeMedia() error {
	for _, pt := range p.parts {
		if pt.removed || pt.fate != fateMedia {
			continue
		}
		data, release, err := pt.m.Load(p.ctx)
		if err != nil {
			return err
		}
		switch metafile.Sniff(data) {
		case metafile.EMF:
			pt.media = mediaEMF
		case metafile.WMF:
			pt.media = mediaWMF
		default:
			if !p.cleanable(data) {
				pt.removed, pt.why = true, unclean
			}
		}
		release()
	}
	p.markRelationships()
	return nil
}

// cleanable reports whether a registered handler (not a refused format)
// claims data.
func (p *pkg) cleanable(data []byte) bool {
	h, name, err := p.env.Identify(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range h.Formats() {
		if f.Name == name && f.Refused != "" {
			return false
		}
	}
	return true
}

// emfFinding is the finding of an EMF description.
func emfFinding(where string, data []byte) (scrub.Finding, bool) {
	d := metafile.Description(data)
	if d == "" {
		return scrub.Finding{}, false
	}
	kind := scrub.KindSoftware
	if ident.ContainsLocalPath(d) {
		kind = scrub.KindPath
	}
	return scrub.Finding{Where: where, Field: "picture description (EMF header)", Value: d, Kind: kind, Action: scrub.Remove, Label: scrub.LabelDescription}, true
}

// cleanEmbedded cleans a picture, an embedded object or imported content
// (see fate). With report it also returns the findings Inspect lists for
// the part (see embeddedOutcome), from the same pass.
func (p *pkg) cleanEmbedded(pt *part, report bool) (zipclean.Decision, []scrub.Finding, []scrub.Warning, error) {
	data, release, err := pt.m.Load(p.ctx)
	if err != nil {
		return zipclean.Keep, nil, nil, err
	}
	defer release()
	if pt.cropped != nil {
		// Cut to what the document shows of it (crop.go), then cleaned
		// as any picture.
		data = pt.cropped
	}
	switch {
	case pt.fate == fateEmbedded && cfb.IsEmpty(data):
		return zipclean.Keep, nil, nil, nil
	case pt.fate == fateMedia && pt.media == mediaWMF:
		return zipclean.Keep, nil, nil, nil
	case pt.fate == fateMedia && pt.media == mediaEMF:
		var found []scrub.Finding
		if f, ok := emfFinding(pt.name, data); ok && report {
			found = append(found, f)
		}
		if b := metafile.BlankEMF(data); b != nil {
			d := zipclean.Replace(b)
			d.Store = true
			return d, found, nil, nil
		}
		return zipclean.Keep, found, nil, nil
	case pt.fate == fateChunk && !p.cleanable(data):
		if pt.ctype == "text/plain" {
			return zipclean.Keep, nil, nil, nil // plain text holds nothing but itself
		}
		return zipclean.Keep, nil, nil, chunkError(p.format, pt)
	}
	// The cleaned copy is written to the archive right after this
	// decision; its buffer goes back to the pool then (After).
	buf := bytes.NewBuffer(bufpool.Get(len(data) + 1024))
	done := func() { bufpool.Put(buf.Bytes()[:0]) }
	var found []scrub.Finding
	var ws []scrub.Warning
	if report {
		found, ws, err = p.env.CleanReportEmbedded(p.ctx, pt.name, bytes.NewReader(data), int64(len(data)), buf)
		var oerr error
		if found, oerr = p.embeddedOutcome(pt, data, found, err); oerr != nil {
			done()
			return zipclean.Keep, nil, nil, oerr
		}
	} else {
		ws, err = p.env.CleanEmbedded(p.ctx, pt.name, bytes.NewReader(data), int64(len(data)), buf)
	}
	same := err == nil && bytes.Equal(buf.Bytes(), data)
	if err != nil || same {
		done()
	}
	switch {
	case same && pt.cropped != nil:
		d := zipclean.Replace(pt.cropped)
		d.Store = true
		return d, found, ws, nil
	case same:
		return zipclean.Keep, found, ws, nil // already clean: copied as it was
	case err == nil:
		d := zipclean.Replace(buf.Bytes())
		d.After = done
		// Pictures do not compress: storing them costs nothing in size
		// and spares the deflate on write and the inflate on every
		// later read (the engine's verification among them).
		d.Store = pt.fate == fateMedia
		return d, found, ws, nil
	case pt.fate == fateEmbedded && isRefusal(err):
		return zipclean.Replace(cfb.Empty()), found, []scrub.Warning{{Where: pt.name,
			Message: "an embedded object scrub cannot clean (" + p.describe(data, err) + ") was replaced by an empty one; its picture stays, but it can no longer be opened for editing"}}, nil
	}
	return zipclean.Keep, nil, nil, err
}

// chunkError refuses a document that imports content (Word's altChunk:
// HTML, MHT, RTF…) in a format scrub cannot clean: the content is the
// document's, so it can neither stay as it is nor go.
func chunkError(format string, pt *part) error {
	return scrub.Unsupported(format, "the document imports content ("+pt.name+") in a format scrub cannot clean",
		"open the document in Word and save it again (Word merges the imported content into the document), then clean the new file")
}

// embeddedOutcome turns the result of inspecting (or cleaning) a picture
// or embedded object into Inspect's findings: the embedded file's own
// findings, or a finding for an object that will be replaced by an empty
// one. Other errors are returned: a picture whose handler cannot clean
// it refuses the document (it cannot stay as it is, and the references
// to it were kept in the first pass).
func (p *pkg) embeddedOutcome(pt *part, data []byte, found []scrub.Finding, err error) ([]scrub.Finding, error) {
	switch {
	case err == nil:
		return found, nil
	case pt.fate == fateEmbedded && isRefusal(err):
		return []scrub.Finding{{Where: pt.name, Field: "embedded object scrub cannot clean (replaced by an empty object; its picture stays)",
			Value: p.describe(data, err), Kind: scrub.KindAttachment, Action: scrub.Remove, Label: scrub.LabelEmbeddedObject}}, nil
	}
	return nil, err
}

// embeddedFindings inspects media, embedded objects and imported content
// through the registry.
func (p *pkg) embeddedFindings(fs *xmlclean.Findings) error {
	for _, pt := range sortedParts(p.parts) {
		if pt.removed || (pt.fate != fateMedia && pt.fate != fateEmbedded && pt.fate != fateChunk) {
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

// embeddedFinding adds what Inspect lists for one picture, embedded
// object or imported content, whose bytes are data.
func (p *pkg) embeddedFinding(pt *part, data []byte, fs *xmlclean.Findings) error {
	switch {
	case pt.fate == fateEmbedded && cfb.IsEmpty(data), pt.fate == fateMedia && pt.media == mediaWMF:
		return nil
	case pt.fate == fateMedia && pt.media == mediaEMF:
		if f, ok := emfFinding(pt.name, data); ok {
			fs.Add(f)
		}
		return nil
	case pt.fate == fateChunk && !p.cleanable(data):
		if pt.ctype == "text/plain" {
			return nil
		}
		return chunkError(p.format, pt)
	}
	found, err := p.env.InspectEmbedded(p.ctx, pt.name, bytes.NewReader(data), int64(len(data)))
	found, err = p.embeddedOutcome(pt, data, found, err)
	if err != nil {
		return err
	}
	fs.AddAll(found)
	return nil
}
