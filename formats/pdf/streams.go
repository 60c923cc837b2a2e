package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// ---- streams: JPEG images ----

// visitStream cleans JPEG image streams (a single DCTDecode filter: the
// stream is a JPEG file) through the registry.
func (d *doc) visitStream(n int, sd types.StreamDict, where string) error {
	if d.contents[n] || d.name(sd.Dict["Subtype"]) == "Form" {
		return d.contentStream(n, sd, where)
	}
	if d.name(sd.Dict["Subtype"]) != "Image" || !d.singleDCT(sd.Dict) || len(sd.Raw) == 0 {
		return nil
	}
	where = fmt.Sprintf("%s > image (object %d)", where, n)
	raw := trimJPEGTail(sd.Raw)
	r := bytes.NewReader(raw)
	size := int64(len(raw))
	if !d.clean {
		fs, err := d.env.InspectEmbedded(d.ctx, where, r, size)
		if err != nil {
			return d.embeddedError(err, sd.Raw, where)
		}
		d.findings = append(d.findings, fs...)
		return nil
	}
	// The cleaned image stays in memory until the document is written:
	// an exact-size buffer (a pooled one, rounded up, held 30% more).
	buf := bytes.NewBuffer(make([]byte, 0, size+1024))
	fs, ws, err := d.env.CleanReportEmbedded(d.ctx, where, r, size, buf)
	if err != nil {
		return d.embeddedError(err, raw, where)
	}
	d.findings = append(d.findings, fs...)
	d.warnings = append(d.warnings, ws...)
	if !bytes.Equal(buf.Bytes(), sd.Raw) {
		sd.Raw = buf.Bytes()
		l := int64(len(sd.Raw))
		sd.StreamLength = &l
		d.setObject(n, sd)
	}
	return nil
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

func (d *doc) singleDCT(dct types.Dict) bool {
	f, _ := d.resolve(dct["Filter"])
	switch t := f.(type) {
	case types.Name:
		return t == "DCTDecode"
	case types.Array:
		return len(t) == 1 && d.name(t[0]) == "DCTDecode"
	}
	return false
}

// embeddedError decides what a failure to inspect or clean an image means.
// Content no handler claims is left alone unless it visibly carries
// metadata segments: then the PDF is refused rather than passed on with
// them.
func (d *doc) embeddedError(err error, raw []byte, where string) error {
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

// touchUp matches the marked-content points Acrobat's TouchUp tool leaves
// where text was edited ("/TouchUp_TextEdit MP"): edit history with no
// effect on rendering.
var touchUp = regexp.MustCompile(`/TouchUp_TextEdit[\x00\t\n\f\r ]+MP\b`)

// contentStream removes edit markers from a page or form content stream
// (uncompressed or plain FlateDecode).
func (d *doc) contentStream(n int, sd types.StreamDict, where string) error {
	if len(sd.Raw) == 0 {
		return nil
	}
	flate := false
	f, _ := d.resolve(sd.Dict["Filter"])
	switch t := f.(type) {
	case nil:
	case types.Name:
		flate = t == "FlateDecode"
	case types.Array:
		flate = len(t) == 1 && d.name(t[0]) == "FlateDecode"
	}
	if f != nil && (!flate || sd.Dict["DecodeParms"] != nil) {
		return nil
	}
	content := sd.Raw
	if flate {
		// Most content streams have no marker: look for one while
		// inflating, without keeping the inflated bytes.
		limit := d.env.Limits.MaxMemberSize
		found, n := inflatedContains(sd.Raw, []byte("TouchUp_TextEdit"), limit+1)
		if err := d.env.Consume(n); err != nil {
			return err
		}
		if n > limit {
			return streamLimit(where, limit)
		}
		if !found {
			return nil
		}
		zr, err := zlib.NewReader(bytes.NewReader(sd.Raw))
		if err != nil {
			return nil
		}
		content, _ = io.ReadAll(io.LimitReader(zr, limit+1))
		if int64(len(content)) > limit {
			return streamLimit(where, limit)
		}
	}
	if !bytes.Contains(content, []byte("TouchUp_TextEdit")) {
		return nil
	}
	locs := touchUp.FindAllIndex(content, -1)
	if len(locs) == 0 {
		return nil
	}
	d.remove(where, "edit markers (TouchUp_TextEdit)", fmt.Sprintf("%d place(s) edited with Acrobat's TouchUp tool", len(locs)), scrub.KindEditHistory)
	if !d.clean {
		return nil
	}
	content = touchUp.ReplaceAll(content, nil)
	if flate {
		var buf bytes.Buffer
		zw := zlib.NewWriter(&buf)
		zw.Write(content)
		zw.Close()
		content = buf.Bytes()
	}
	sd.Raw = content
	l := int64(len(content))
	sd.StreamLength = &l
	d.setObject(n, sd)
	return nil
}

// streamLimit is the error for a content stream that inflates past the
// member limit: cleaning would have to cut it, and a page cut short is a
// broken document.
func streamLimit(where string, limit int64) error {
	return scrub.LimitError(formatName, fmt.Sprintf("%s: a content stream inflates to more than %d MiB (a decompression bomb?)", where, limit>>20),
		"if you trust this file, raise the limit with --max-member")
}

// inflatedContains reports whether the zlib stream raw, inflated (up to
// limit bytes), contains needle, and how many bytes it inflated. A
// damaged stream is searched as far as it inflates.
func inflatedContains(raw, needle []byte, limit int64) (bool, int64) {
	in := inflaters.Get().(*inflater)
	defer inflaters.Put(in)
	var err error
	if in.zr == nil {
		in.zr, err = zlib.NewReader(bytes.NewReader(raw))
	} else {
		err = in.zr.(zlib.Resetter).Reset(bytes.NewReader(raw), nil)
	}
	if err != nil {
		in.zr = nil
		return false, 0
	}
	buf := in.buf
	keep := 0
	var total int64
	for total < limit {
		n, err := in.zr.Read(buf[keep:])
		total += int64(n)
		if bytes.Contains(buf[:keep+n], needle) {
			return true, total
		}
		if err != nil {
			return false, total
		}
		end := keep + n
		keep = min(len(needle)-1, end)
		copy(buf, buf[end-keep:end])
	}
	return false, total
}

// inflater is a reusable zlib reader and buffer: content streams are many
// and small, and a fresh inflater per stream costs more than the search.
type inflater struct {
	zr  io.ReadCloser
	buf []byte
}

var inflaters = sync.Pool{New: func() any { return &inflater{buf: make([]byte, 64<<10)} }}
