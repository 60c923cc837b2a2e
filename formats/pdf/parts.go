package pdf

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// Parts lists the PDF for the engine's residue check (scrub.PartLister):
//
//   - "file structure": the file's bytes outside the data of the streams
//     listed below (earlier revisions and unreferenced objects included);
//   - "document objects": every object the parser read, with its strings
//     decoded (so that encrypted files and UTF-16 strings are searched as
//     text);
//   - every stream, decoded through its filters: page content streams as
//     "page N", with the text the page shows (the strings of its text
//     operators and the replacement texts of its marked content) as Text;
//     forms, patterns and glyphs likewise; JPEG images through the
//     registry (env.PartsEmbedded), so that the JPEG handler lists their
//     segments; other images' pixels are not listed (codec payload).
//
// The first two parts carry as Text the strings the document keeps for
// the reader (form values, text typed on the page, link targets,
// alternate texts, outline titles, layer names, page label prefixes),
// found by the same rebuild that cleaning runs.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) (err error) {
	defer contain(&err)
	d, err := load(ctx, env, r, size, false)
	if err != nil {
		return err
	}
	d.parts = true
	if err := d.run(); err != nil {
		return err
	}
	text := d.visible
	streams := d.streamObjects()
	if err := fn(scrub.Part{Where: "file structure", R: d.structureReader(r, size, streams), Text: text}); err != nil {
		return err
	}
	var objs bytes.Buffer
	for _, n := range d.objectNumbers() {
		if err := ctx.Err(); err != nil {
			return err
		}
		o := d.object(n)
		if d.err != nil {
			return d.err
		}
		if o == nil {
			continue
		}
		if sd, ok := o.(types.StreamDict); ok {
			o = sd.Dict
		}
		fmt.Fprintf(&objs, "%d 0 obj ", n)
		appendText(&objs, o, 0)
		objs.WriteByte('\n')
	}
	if err := fn(scrub.Part{Where: "document objects", R: &objs, Text: text}); err != nil {
		return err
	}
	for _, n := range streams {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := d.streamPart(n, fn); err != nil {
			return err
		}
	}
	return d.err
}

// objectNumbers returns the numbers of the objects the parser read, in
// order.
func (d *doc) objectNumbers() []int {
	ns := make([]int, 0, len(d.x.Table))
	for n, e := range d.x.Table {
		if n > 0 && e != nil && !e.Free {
			ns = append(ns, n)
		}
	}
	sort.Ints(ns)
	return ns
}

// streamObjects returns the numbers of the stream objects, object streams
// included.
func (d *doc) streamObjects() []int {
	var out []int
	for _, n := range d.objectNumbers() {
		switch d.x.Table[n].Object.(type) {
		case types.StreamDict, types.ObjectStreamDict, types.XRefStreamDict:
			out = append(out, n)
		}
	}
	return out
}

// structureReader returns the file's bytes without the data of the given
// streams.
func (d *doc) structureReader(r io.ReaderAt, size int64, streams []int) io.Reader {
	type span struct{ start, end int64 }
	var skip []span
	for _, n := range streams {
		var sd types.StreamDict
		switch o := d.x.Table[n].Object.(type) {
		case types.StreamDict:
			sd = o
		case types.ObjectStreamDict:
			sd = o.StreamDict
		case types.XRefStreamDict:
			sd = o.StreamDict
		}
		if sd.StreamOffset <= 0 || sd.StreamLength == nil || *sd.StreamLength <= 0 {
			continue
		}
		end := sd.StreamOffset + *sd.StreamLength
		if end <= size {
			skip = append(skip, span{sd.StreamOffset, end})
		}
	}
	sort.Slice(skip, func(i, j int) bool { return skip[i].start < skip[j].start })
	var rs []io.Reader
	at := int64(0)
	for _, s := range skip {
		if s.start < at {
			continue
		}
		rs = append(rs, io.NewSectionReader(r, at, s.start-at))
		at = s.end
	}
	rs = append(rs, io.NewSectionReader(r, at, size-at))
	return io.MultiReader(rs...)
}

// streamPart lists stream n decoded.
func (d *doc) streamPart(n int, fn func(scrub.Part) error) error {
	var sd types.StreamDict
	where := fmt.Sprintf("object %d", n)
	switch o := d.x.Table[n].Object.(type) {
	case types.StreamDict:
		sd = o
	case types.ObjectStreamDict:
		sd, where = o.StreamDict, fmt.Sprintf("object stream %d", n)
	case types.XRefStreamDict:
		sd, where = o.StreamDict, fmt.Sprintf("cross-reference stream %d", n)
	}
	chain, err := d.filterChain(sd.Dict)
	if err != nil {
		return fn(scrub.Part{Where: where + " (undecodable)", R: bytes.NewReader(sd.Raw)})
	}
	pre, codec, err := splitCodec(chain)
	if err != nil {
		return fn(scrub.Part{Where: where + " (undecodable)", R: bytes.NewReader(sd.Raw)})
	}
	var data []byte
	if len(pre) == 1 && pre[0].name == "FlateDecode" && !predicted(pre[0].parms) {
		// Most streams: inflated into one buffer, reused for the next
		// (the engine reads a part to its end before the next is
		// listed), as d.decode would inflate them.
		limit := d.env.Limits.MaxMemberSize
		n, err := inflateInto(&d.partBuf, sd.Raw, limit)
		if err != nil {
			return streamLimit(where, limit)
		}
		if err := d.env.Consume(n); err != nil {
			return d.overTotal()
		}
		data = d.partBuf.Bytes()
	} else {
		data, _, err = d.decode(sd.Raw, pre, where)
		if err != nil {
			if isFilterError(err) {
				return fn(scrub.Part{Where: where + " (undecodable)", R: bytes.NewReader(sd.Raw)})
			}
			return err
		}
	}
	if codec != nil {
		switch codec.name {
		case "DCTDecode":
			raw := trimJPEGTail(data)
			return d.env.PartsEmbedded(d.ctx, where+" (JPEG image)", bytes.NewReader(raw), int64(len(raw)), fn)
		case "JPXDecode":
			return fn(scrub.Part{Where: where + " (JPEG 2000 image)", R: bytes.NewReader(data)})
		}
		return nil // fax and JBIG2 pixels
	}
	if d.name(sd.Dict["Subtype"]) == "Image" {
		return nil // pixels
	}
	if p, ok := d.contentOf[n]; ok || d.isContentLike(sd.Dict) {
		if ok {
			where = p
		}
		if err := fn(scrub.Part{Where: where, R: bytes.NewReader(data), Text: contentText(data)}); err != nil {
			return err
		}
		return d.inlineParts(data, where, fn)
	}
	return fn(scrub.Part{Where: where, R: bytes.NewReader(data)})
}

// inlineParts lists the JPEG and JPEG 2000 inline images of a content
// stream, decoded through their other filters (JPEG through the
// registry).
func (d *doc) inlineParts(content []byte, where string, fn func(scrub.Part) error) error {
	if !bytes.Contains(content, []byte("BI")) {
		return nil
	}
	l := &lexer{b: content}
	for {
		t := l.next()
		if t.kind == tokEOF {
			return nil
		}
		if t.kind != tokOp || string(content[t.start:t.end]) != "BI" {
			continue
		}
		im := l.inlineImage(t.start)
		filters := inlineFilterNames(im.dict)
		if len(filters) == 0 {
			continue
		}
		codec := filters[len(filters)-1]
		if codec != "DCTDecode" && codec != "JPXDecode" {
			continue
		}
		chain := make([]filterStep, len(filters)-1)
		for i, f := range filters[:len(filters)-1] {
			chain[i].name = f
		}
		data, _, err := d.decode(content[im.dataStart:im.dataEnd], chain, where)
		if err != nil {
			if isFilterError(err) {
				continue
			}
			return err
		}
		if codec == "JPXDecode" {
			if err := fn(scrub.Part{Where: where + " > inline image (JPEG 2000)", R: bytes.NewReader(data)}); err != nil {
				return err
			}
			continue
		}
		raw := trimJPEGTail(data)
		if err := d.env.PartsEmbedded(d.ctx, where+" > inline image (JPEG)", bytes.NewReader(raw), int64(len(raw)), fn); err != nil {
			return err
		}
	}
}

// isContentLike reports whether a stream holds drawing instructions: a
// form XObject, a tiling pattern.
func (d *doc) isContentLike(dict types.Dict) bool {
	if d.name(dict["Subtype"]) == "Form" {
		return true
	}
	pt, _ := d.resolve(dict["PatternType"])
	return pt == types.Integer(1)
}

// appendText writes o as PDF-like text with its strings decoded.
func appendText(b *bytes.Buffer, o types.Object, depth int) {
	if depth > maxNesting {
		return
	}
	switch t := o.(type) {
	case types.Dict:
		b.WriteString("<<")
		for _, k := range sortedKeys(t) {
			b.WriteString(" /")
			b.WriteString(k)
			b.WriteByte(' ')
			appendText(b, t[k], depth+1)
		}
		b.WriteString(" >>")
	case types.Array:
		b.WriteByte('[')
		for _, e := range t {
			appendText(b, e, depth+1)
			b.WriteByte(' ')
		}
		b.WriteByte(']')
	case types.StringLiteral, types.HexLiteral:
		s, _ := stringBytes(t)
		b.WriteByte('(')
		b.WriteString(decodeText(s))
		b.WriteByte(')')
	case types.Name:
		b.WriteByte('/')
		b.WriteString(string(t))
	case types.IndirectRef:
		fmt.Fprintf(b, "%d 0 R", t.ObjectNumber)
	case nil:
		b.WriteString("null")
	case types.LazyObjectStreamObject:
		b.WriteString("(object in an object stream)")
	default:
		b.WriteString(t.PDFString())
	}
}
