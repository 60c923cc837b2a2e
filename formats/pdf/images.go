package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/jp2"
	"github.com/scrub-project/scrub/scrub"
)

// Stream payloads: content streams lose their comments, edit markers and
// the metadata of their inline images; JPEG and JPEG 2000 images lose
// theirs, whatever filters they sit behind; colour profiles lose what
// names a device, a maker or a program.

func isFilterError(err error) bool { return errors.Is(err, errFilter) }

// maxPooledInput is the compressed size up to which a content stream is
// inflated into a reused buffer; maxPooledBuffer the size of a buffer
// worth keeping for reuse.
const (
	maxPooledInput  = 1 << 20
	maxPooledBuffer = 8 << 20
)

var contentBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putContentBuf(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		contentBufs.Put(b)
	}
}

// contentWords are what makes a content stream worth rewriting, besides
// a percent sign: an inline image, an Acrobat edit marker.
var contentWords = [][]byte{[]byte("BI"), []byte("TouchUp_TextEdit")}

// contentPayload rewrites a content stream that holds a comment, an edit
// marker or an inline image with metadata, or hidden text cleaning
// removes (hidden.go). Most hold none: the hidden-content analysis has
// read them already (pages and forms), or they are looked at while
// inflating, without keeping the inflated bytes; they are copied as they
// are.
func contentPayload(d *doc, in types.StreamDict, out *types.StreamDict, n int, where string) error {
	if len(in.Raw) == 0 {
		return nil
	}
	plan := d.plans[n]
	if plan != nil && !plan.rewrite && (len(plan.edits) == 0 || !d.clean) {
		return nil
	}
	var extra []edit
	if plan != nil && d.clean {
		extra = plan.edits
	}
	chain, err := d.filterChain(in.Dict)
	if err != nil {
		return nil // no reader can decode it either
	}
	pre, codec, err := splitCodec(chain)
	if err != nil || codec != nil {
		return nil
	}
	limit := d.env.Limits.MaxMemberSize
	var content []byte
	switch {
	case plan != nil:
		// The analysis decoded it: it needs rewriting.
		var err error
		content, _, err = d.decode(in.Raw, pre, where)
		if err != nil {
			if isFilterError(err) {
				return nil
			}
			return err
		}
	case len(pre) == 0:
		if !containsAny(in.Raw, '%', contentWords) {
			return nil
		}
		content = in.Raw
	case len(pre) == 1 && pre[0].name == "FlateDecode" && !predicted(pre[0].parms) && len(in.Raw) <= maxPooledInput:
		// Small streams (nearly all) are inflated once into a reused
		// buffer, and looked at there.
		buf := contentBufs.Get().(*bytes.Buffer)
		defer putContentBuf(buf)
		n, err := inflateInto(buf, in.Raw, limit)
		if err := d.env.Consume(n); err != nil {
			return err
		}
		if err != nil {
			return streamLimit(where, limit)
		}
		if !containsAny(buf.Bytes(), '%', contentWords) {
			return nil
		}
		content = buf.Bytes()
	default:
		if len(pre) == 1 && pre[0].name == "FlateDecode" && !predicted(pre[0].parms) {
			// A big stream is looked at while inflating, without
			// keeping the inflated bytes.
			found, n := scanInflated(in.Raw, '%', contentWords, limit)
			if n > limit {
				return streamLimit(where, limit)
			}
			if !found {
				return d.env.Consume(n)
			}
		}
		var err error
		content, _, err = d.decode(in.Raw, pre, where)
		if err != nil {
			if isFilterError(err) {
				return nil
			}
			return err
		}
		if !containsAny(content, '%', contentWords) {
			return nil
		}
	}
	rewritten, changed, err := d.rewriteContent(content, where, extra)
	if err != nil || !changed {
		return err
	}
	if !d.clean {
		return nil
	}
	out.Raw = deflate(rewritten)
	out.Dict["Filter"] = types.Name("FlateDecode")
	delete(out.Dict, "DecodeParms")
	return nil
}

type edit struct {
	start, end int
	repl       []byte
}

// rewriteContent returns content without its comments and TouchUp edit
// markers, with its inline JPEG and JPEG 2000 images cleaned, and with
// the extra edits (sorted) made.
func (d *doc) rewriteContent(content []byte, where string, extra []edit) ([]byte, bool, error) {
	l := &lexer{b: content}
	var edits []edit
	var comments []string
	touchUps := 0
	var prev token
	for {
		t := l.next()
		switch t.kind {
		case tokEOF:
			return d.applyEdits(content, merge(edits, extra), comments, touchUps, where)
		case tokComment:
			edits = append(edits, edit{t.start, t.end, nil})
			if len(comments) < maxAggregateValues {
				comments = append(comments, string(content[t.start+1:t.end]))
			}
		case tokOp:
			switch string(content[t.start:t.end]) {
			case "MP":
				if prev.kind == tokName && string(content[prev.start:prev.end]) == "/TouchUp_TextEdit" {
					edits = append(edits, edit{prev.start, t.end, nil})
					touchUps++
				}
			case "BI":
				im := l.inlineImage(t.start)
				repl, changed, err := d.cleanInline(content, im, where)
				if err != nil {
					return nil, false, err
				}
				if changed {
					edits = append(edits, edit{im.start, im.end, repl})
				}
			}
		}
		if t.kind != tokComment {
			prev = t
		}
	}
}

// merge returns the edits of a and b (each sorted) in order; an edit
// that starts inside an earlier one is left out (a comment between the
// operands of a rewritten text operator goes with it).
func merge(a, b []edit) []edit {
	if len(b) == 0 {
		return a
	}
	all := append(append([]edit(nil), a...), b...)
	slices.SortStableFunc(all, func(x, y edit) int { return x.start - y.start })
	out := all[:0]
	end := -1
	for _, e := range all {
		if e.start < end {
			continue
		}
		out = append(out, e)
		end = e.end
	}
	return out
}

func (d *doc) applyEdits(content []byte, edits []edit, comments []string, touchUps int, where string) ([]byte, bool, error) {
	if len(edits) == 0 {
		return content, false, nil
	}
	for _, c := range comments {
		d.reportAll(where, "comments in the pages' drawing instructions (% …)", c, removeComment)
	}
	if touchUps > 0 {
		d.remove(where, "edit markers (TouchUp_TextEdit)", fmt.Sprintf("%d place(s) edited with Acrobat's TouchUp tool", touchUps),
			scrub.KindEditHistory, scrub.LabelHistory)
	}
	out := make([]byte, 0, len(content))
	at := 0
	for _, e := range edits {
		out = append(out, content[at:e.start]...)
		out = append(out, e.repl...)
		at = e.end
	}
	return append(out, content[at:]...), true, nil
}

// cleanInline cleans an inline image whose data is JPEG or JPEG 2000
// (after any other filters): it is written back with that codec alone.
func (d *doc) cleanInline(content []byte, im inlineImage, where string) ([]byte, bool, error) {
	filters := inlineFilterNames(im.dict)
	if len(filters) == 0 || !im.terminated {
		return nil, false, nil
	}
	codec := filters[len(filters)-1]
	if codec != "DCTDecode" && codec != "JPXDecode" {
		return nil, false, nil
	}
	var parms []types.Object
	switch p := inlineValue(im.dict, "DecodeParms").(type) {
	case types.Dict:
		parms = []types.Object{p}
	case types.Array:
		parms = p
	}
	chain := make([]filterStep, len(filters))
	for i, f := range filters {
		chain[i].name = f
		if i < len(parms) {
			chain[i].parms, _ = parms[i].(types.Dict)
		}
	}
	data, _, err := d.decode(content[im.dataStart:im.dataEnd], chain[:len(chain)-1], where)
	if err != nil {
		if isFilterError(err) {
			return nil, false, scrub.Unsupported(formatName, where+": an inline image could not be decoded to check it for metadata", "")
		}
		return nil, false, err
	}
	cleaned, changed, err := d.cleanImageData(data, codec, where+" > inline image")
	if err != nil || (!changed && len(chain) == 1) {
		return nil, false, err
	}
	dict := types.Dict{}
	for k, v := range im.dict {
		switch k {
		case "F", "Filter", "DP", "DecodeParms", "L", "Length":
			continue
		}
		dict[k] = v
	}
	if codec == "DCTDecode" {
		dict["F"] = types.Name("DCT")
	} else {
		dict["F"] = types.Name("JPXDecode")
	}
	if p := chain[len(chain)-1].parms; p != nil {
		dict["DP"] = p
	}
	out := []byte("BI")
	for _, k := range sortedKeys(dict) {
		out = append(out, " /"...)
		out = append(out, encodeName(k)...)
		out = append(out, ' ')
		out, err = appendValue(out, dict[k], func(int) (int, bool) { return 0, false }, 0)
		if err != nil {
			return nil, false, err
		}
	}
	out = append(out, " ID "...)
	out = append(out, cleaned...)
	out = append(out, "\nEI"...)
	return out, true, nil
}

// imagePayload cleans an image XObject whose data is JPEG or JPEG 2000,
// whatever filters it sits behind ([/FlateDecode /DCTDecode],
// [/ASCII85Decode /DCTDecode] …): the cleaned image is stored behind its
// codec alone. Other images (raw pixels, fax, JBIG2) are copied: they
// hold no metadata blocks.
func imagePayload(d *doc, in types.StreamDict, out *types.StreamDict, _ int, where string) error {
	chain, err := d.filterChain(in.Dict)
	if err != nil {
		return nil
	}
	pre, codec, err := splitCodec(chain)
	if err != nil || codec == nil || (codec.name != "DCTDecode" && codec.name != "JPXDecode") || len(in.Raw) == 0 {
		return nil
	}
	data := in.Raw
	if len(pre) > 0 {
		data, _, err = d.decode(in.Raw, pre, where)
		if err != nil {
			if isFilterError(err) {
				return scrub.Unsupported(formatName, where+": an image could not be decoded to check it for metadata", "")
			}
			return err
		}
	}
	cleaned, changed, err := d.cleanImageData(data, codec.name, where+" > image")
	if err != nil || (!changed && len(pre) == 0) {
		return err
	}
	if !d.clean {
		return nil
	}
	var parms types.Object
	if codec.parms != nil {
		parms, _ = simpleDict(d, codec.parms, where)
	}
	delete(out.Dict, "DecodeParms")
	if compressed(pre) {
		// The writer compressed the image data further (a scanned
		// blank page's JPEG shrinks tenfold): so does the cleaned copy.
		out.Raw = deflate(cleaned)
		out.Dict["Filter"] = types.Array{types.Name("FlateDecode"), types.Name(codec.name)}
		if parms != nil {
			out.Dict["DecodeParms"] = types.Array{nil, parms}
		}
		return nil
	}
	out.Raw = cleaned
	out.Dict["Filter"] = types.Name(codec.name)
	if parms != nil {
		out.Dict["DecodeParms"] = parms
	}
	return nil
}

// compressed reports whether a filter chain compresses (rather than only
// encodes as text).
func compressed(chain []filterStep) bool {
	for _, f := range chain {
		if f.name == "FlateDecode" || f.name == "LZWDecode" || f.name == "RunLengthDecode" {
			return true
		}
	}
	return false
}

// cleanImageData cleans JPEG data through the registry's JPEG handler and
// JPEG 2000 data with the jp2 package, and records what they carried.
func (d *doc) cleanImageData(data []byte, codec, where string) ([]byte, bool, error) {
	if codec == "JPXDecode" {
		out, fs, err := jp2.Clean(data, where)
		if err != nil {
			return nil, false, scrub.Unsupported(formatName, where+": a JPEG 2000 image could not be read to check it for metadata", "")
		}
		d.findings = append(d.findings, fs...)
		return out, !bytes.Equal(out, data), nil
	}
	raw := trimJPEGTail(data)
	r := bytes.NewReader(raw)
	size := int64(len(raw))
	if d.parts {
		return data, false, nil
	}
	if !d.clean {
		fs, err := d.env.InspectEmbedded(d.ctx, where, r, size)
		if err != nil {
			return data, false, d.embeddedError(err, raw, where)
		}
		d.findings = append(d.findings, fs...)
		return data, len(raw) != len(data), nil
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+1024))
	fs, ws, err := d.env.CleanReportEmbedded(d.ctx, where, r, size, buf)
	if err != nil {
		return data, false, d.embeddedError(err, raw, where)
	}
	d.findings = append(d.findings, fs...)
	d.warnings = append(d.warnings, ws...)
	return buf.Bytes(), !bytes.Equal(buf.Bytes(), data), nil
}

// trimJPEGTail drops the line end many PDF writers count into a JPEG
// stream after its end-of-image marker: it is PDF syntax, not hidden data,
// and the JPEG handler would otherwise warn about it.
func trimJPEGTail(raw []byte) []byte {
	end := len(raw)
	for end > 0 && end > len(raw)-4 {
		switch raw[end-1] {
		case '\n', '\r', ' ', '\t', 0:
			end--
			continue
		}
		break
	}
	if end < len(raw) && end >= 2 && raw[end-2] == 0xFF && raw[end-1] == 0xD9 {
		return raw[:end]
	}
	return raw
}

// embeddedError decides what a failure to inspect or clean an image means.
// Content no handler claims is left alone unless it visibly carries
// metadata segments: then the PDF is refused rather than passed on with
// them.
func (d *doc) embeddedError(err error, raw []byte, where string) error {
	var pe *scrub.PanicError
	if errors.As(err, &pe) {
		return err // a bug in scrub, not a property of the file
	}
	if errors.Is(err, scrub.ErrUnsupported) && !jpegHasMetadata(raw) {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, scrub.ErrLimit) {
		return err
	}
	return &scrub.FormatError{Format: formatName, Kind: scrub.ErrUnsupported,
		Reason: where + ": an image carries metadata scrub could not remove", Err: err}
}

// jpegHasMetadata reports whether raw starts like a JPEG and has, before
// its first scan, a segment that carries metadata (APP1 Exif/XMP, APP13
// IPTC, COM, or an APPn other than JFIF, ICC and Adobe).
func jpegHasMetadata(raw []byte) bool {
	if len(raw) < 4 || raw[0] != 0xFF || raw[1] != 0xD8 {
		return false
	}
	for i := 2; i+4 <= len(raw); {
		if raw[i] != 0xFF {
			return false
		}
		m := raw[i+1]
		switch {
		case m == 0xFF:
			i++
			continue
		case m == 0xDA || m == 0xD9:
			return false
		case m >= 0xD0 && m <= 0xD7, m == 0x01:
			i += 2
			continue
		}
		l := int(raw[i+2])<<8 | int(raw[i+3])
		seg := raw[i+4 : min(len(raw), i+2+l)]
		switch {
		case m == 0xFE, m == 0xE1, m == 0xED:
			return true
		case m == 0xE0 && !bytes.HasPrefix(seg, []byte("JFIF")), m == 0xE2 && !bytes.HasPrefix(seg, []byte("ICC_PROFILE")),
			m == 0xEE && !bytes.HasPrefix(seg, []byte("Adobe")), m > 0xE2 && m <= 0xEF && m != 0xEE && m != 0xED:
			return true
		}
		if l < 2 {
			return false
		}
		i += 2 + l
	}
	return false
}

// iccPayload cleans an ICC colour profile with imagemeta.CleanICC: its
// description, copyright and device fields go (a scanner's model, a phone
// maker's copyright), its colour data stays.
func iccPayload(d *doc, in types.StreamDict, out *types.StreamDict, _ int, where string) error {
	chain, err := d.filterChain(in.Dict)
	if err != nil {
		return nil
	}
	pre, codec, err := splitCodec(chain)
	if err != nil || codec != nil {
		return nil
	}
	prof, _, err := d.decode(in.Raw, pre, where)
	if err != nil {
		if isFilterError(err) {
			return nil
		}
		return err
	}
	d.findings = append(d.findings, imagemeta.ICC(prof, where+" > colour profile")...)
	cleaned, changed := imagemeta.CleanICC(prof)
	if !changed || !d.clean {
		return nil
	}
	out.Raw = deflate(cleaned)
	out.Dict["Filter"] = types.Name("FlateDecode")
	delete(out.Dict, "DecodeParms")
	return nil
}
