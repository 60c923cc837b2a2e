// Package jpeg cleans JPEG images without re-encoding them.
//
// Clean walks the marker segments the way Go's image/jpeg does and keeps
// only what decoding needs: the frame and scan headers, Huffman,
// quantisation, arithmetic-conditioning and restart tables, the
// entropy-coded data (copied byte for byte, restart markers included), the
// JFIF header (without its thumbnail), the Adobe colour-transform segment
// and the ICC colour profile (without the display serial number macOS puts
// in display profiles). Everything else goes: EXIF, XMP (extended XMP
// included), IPTC and Photoshop resources, comments, thumbnails, MPF
// indexes, maker segments, and whatever is stored after the end-of-image
// marker (second images, motion-photo videos, appended archives). If the
// EXIF orientation was not 1, a minimal EXIF segment that holds only the
// Orientation tag is written back so that the picture still displays
// upright.
package jpeg

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/formats/internal/trailing"
	"github.com/scrub-project/scrub/formats/internal/warnings"
	"github.com/scrub-project/scrub/scrub"
)

type handler struct{}

// New returns the handler for JPEG images.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "jpeg" }

func (handler) Formats() []scrub.Format {
	return []scrub.Format{{Name: "jpeg", Extensions: []string{".jpg", ".jpeg", ".jpe", ".jfif"}, MediaTypes: []string{"image/jpeg", "image/jpg", "image/pjpeg"}, Description: "JPEG image"}}
}

// Identify claims content that starts with a start-of-image marker
// followed by another marker.
func (handler) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if len(head) >= 3 && head[0] == 0xff && head[1] == mSOI && head[2] == 0xff {
		return "jpeg", nil
	}
	return "", nil
}

// Inspect lists the metadata segments Clean removes (with what they hold,
// images stored after the end of the image included), stray data between
// segments, the colour profile's texts (kept, Action Report) and the
// orientation (kept, Action Report). It returns the errors walk does.
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	return inspect(ctx, env, r, size, 0)
}

// maxTrailingImages bounds how many images stored one after the other
// (MPF previews, depth maps, gain maps) Inspect reads.
const maxTrailingImages = 4

func inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, depth int) ([]scrub.Finding, error) {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	return inspectLayout(ctx, env, r, size, depth, lay)
}

// CleanReport is Clean that also returns Inspect's findings, from one walk
// of the image.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, nil, err
	}
	fs, err := inspectLayout(ctx, env, r, size, 0, lay)
	if err != nil {
		return nil, nil, err
	}
	ws, err := cleanLayout(ctx, env, r, size, w, lay)
	return fs, ws, err
}

func inspectLayout(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, depth int, lay *layout) ([]scrub.Finding, error) {
	var fs []scrub.Finding
	var ext []extChunk
	// Extended-XMP chunks are kept in memory to be joined, up to maxHeld
	// bytes; a file with more still has them removed.
	maxHeld := maxHeld(env)
	var held, skipped int64
	for i, seg := range lay.segs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if seg.role == keep {
			continue
		}
		p, err := payload(r, seg)
		if err != nil {
			return nil, err
		}
		if seg.marker == mAPP1 && bytes.HasPrefix(p, idXMPExt) {
			if held += int64(len(p)); held > maxHeld {
				skipped++ // still reported, as one finding
				continue
			}
		}
		switch seg.role {
		case jfif:
			fs = append(fs, jfifFindings(p)...)
		case adobe:
			if len(p) > adobeLen {
				fs = append(fs, finding("Adobe", "extra data", imagemeta.Describe(p[adobeLen:]), scrub.KindHidden))
			}
		case drop:
			if i == lay.exif && lay.minimal {
				continue
			}
			if seg.marker == mAPP1 && bytes.HasPrefix(p, idXMPExt) {
				ext = append(ext, extChunk(p[len(idXMPExt):]))
				continue
			}
			fs = append(fs, segmentFindings(seg.marker, p)...)
		}
	}
	fs = append(fs, extendedXMP(ext, maxHeld)...)
	if skipped > 0 {
		fs = append(fs, finding("APP1", "more metadata", fmt.Sprintf("%d more extended-XMP segments, not read", skipped), scrub.KindOther))
	}
	if lay.orientation != 0 {
		fs = append(fs, imagemeta.OrientationFinding("EXIF", lay.orientation))
	}
	icc, err := readICC(r, lay, maxHeld)
	if err != nil {
		return nil, err
	}
	if icc.prof != nil {
		if icc.ok {
			fs = append(fs, imagemeta.ICC(icc.prof, "ICC profile")...)
		} else { // Clean cannot rebuild it: it goes whole
			fs = append(fs, scrub.Finding{Where: "ICC profile", Field: "ICC profile", Kind: scrub.KindOther, Action: scrub.Remove,
				Label: scrub.LabelColour, Value: "a colour profile in pieces that do not fit together (" + imagemeta.Size(len(icc.prof)) + ")"})
		}
	}
	if lay.extraneous > 0 {
		var b []byte
		for _, run := range lay.extraRuns {
			chunk := make([]byte, min(run[1], 4096))
			if _, err := r.ReadAt(chunk, run[0]); err != nil {
				return nil, fmt.Errorf("reading: %w", err)
			}
			b = append(b, chunk...)
		}
		v := fmt.Sprintf("%d bytes that belong to no segment", lay.extraneous)
		if p := imagemeta.Preview(b, 400); p != "" {
			v += ": " + p
		}
		fs = append(fs, finding("between segments", "stray data", v, scrub.KindHidden))
	}
	if lay.end < size {
		tf, err := trailingFindings(ctx, env, r, lay.end, size, depth)
		if err != nil {
			return nil, err
		}
		fs = append(fs, tf...)
	}
	return fs, nil
}

// label is what a field this package names is, in a word (see
// imagemeta.LabelOf).
func label(field string, kind scrub.Kind) scrub.Label { return imagemeta.LabelOf(field, kind) }

func finding(where, field, value string, kind scrub.Kind) scrub.Finding {
	return scrub.Finding{Where: where, Field: field, Value: value, Kind: kind, Action: scrub.Remove, Label: label(field, kind)}
}

func jfifFindings(p []byte) []scrub.Finding {
	w, h := int(p[12]), int(p[13])
	switch {
	case w*h > 0:
		return []scrub.Finding{finding("JFIF", "ThumbnailImage", fmt.Sprintf("%dx%d thumbnail (%d bytes)", w, h, len(p)-jfifLen), scrub.KindHidden)}
	case len(p) > jfifLen:
		return []scrub.Finding{finding("JFIF", "extra data", imagemeta.Describe(p[jfifLen:]), scrub.KindHidden)}
	}
	return nil
}

// segmentFindings lists what a dropped segment holds. Every dropped
// segment yields at least one finding.
func segmentFindings(m byte, p []byte) []scrub.Finding {
	var fs []scrub.Finding
	switch {
	case m == mCOM:
		v := imagemeta.Latin1(bytes.TrimRight(p, "\x00"))
		if v == "" {
			v = "(empty comment)"
		}
		return []scrub.Finding{finding("comment", "Comment", v, scrub.KindComment)}
	case m == mAPP0 && bytes.HasPrefix(p, idJFIF):
		return []scrub.Finding{finding("JFIF", "extra JFIF segment", imagemeta.Describe(p), scrub.KindOther)}
	case m == mAPP0 && bytes.HasPrefix(p, idJFXX):
		return []scrub.Finding{finding("JFXX", "ThumbnailImage", fmt.Sprintf("%d-byte thumbnail", len(p)-len(idJFXX)), scrub.KindHidden)}
	case m == mAPP14 && bytes.HasPrefix(p, idAdobe):
		return []scrub.Finding{finding("Adobe", "extra Adobe segment", imagemeta.Describe(p), scrub.KindOther)}
	case m == mAPP1 && bytes.HasPrefix(p, idExif):
		if tiff := exifTIFF(p); isTIFF(tiff) || !isXMP(p) {
			fs, _ = imagemeta.EXIF(tiff, "EXIF")
		} else { // XMP stored under an EXIF header
			fs = imagemeta.XMP(p, "XMP")
		}
	case m == mAPP1 && bytes.HasPrefix(p, idXMP):
		fs = imagemeta.XMP(p[len(idXMP):], "XMP")
	case m == mAPP1 && isXMP(p):
		fs = imagemeta.XMP(p, "XMP")
	case m == mAPP2 && bytes.HasPrefix(p, idMPF):
		return []scrub.Finding{finding("MPF", "multi-picture index", "an index of the images stored after the end of this one", scrub.KindOther)}
	case m == mAPP11 && bytes.Contains(p, []byte("c2pa")):
		return []scrub.Finding{finding("C2PA", "content credentials", imagemeta.Describe(p), scrub.KindEditHistory)}
	case m == mAPP13 && bytes.HasPrefix(p, idPhotoshp):
		fs = imagemeta.Photoshop(p[len(idPhotoshp):], "Photoshop")
	}
	if scrub.Removable(fs) {
		return fs
	}
	where := fmt.Sprintf("APP%d", m-mAPP0)
	if m < mAPP0 || m > mAPP15 {
		where = fmt.Sprintf("segment 0xFF%02X", m)
	}
	return append(fs, finding(where, segmentID(p), imagemeta.Describe(p), scrub.KindOther))
}

// segmentID returns the identifier at the start of an APPn payload
// ("Exif", "Ducky", "FPXR"), or "segment".
func segmentID(p []byte) string {
	end := bytes.IndexByte(p[:min(len(p), 40)], 0)
	if end <= 0 {
		end = min(len(p), 12)
	}
	id := imagemeta.Preview(p[:end], 40)
	if id == "" {
		return "segment"
	}
	return id
}

func isXMP(p []byte) bool {
	return bytes.Contains(p, []byte("<x:xmpmeta")) || bytes.Contains(p, []byte("<rdf:RDF")) || bytes.Contains(p, []byte("<x:xapmeta"))
}

// extChunk is an extended-XMP APP1 payload after its identifier: a 32-byte
// GUID, the full length, the offset of this part, then the part.
type extChunk []byte

// extendedXMP joins the parts of extended XMP packets and lists their
// properties.
func extendedXMP(chunks []extChunk, maxSize int64) []scrub.Finding {
	if len(chunks) == 0 {
		return nil
	}
	type part struct {
		off  uint32
		data []byte
	}
	byGUID := map[string][]part{}
	var guids []string
	var fs []scrub.Finding
	for _, c := range chunks {
		if len(c) < 40 {
			fs = append(fs, finding("extended XMP", "XMP", imagemeta.Describe(c), scrub.KindOther))
			continue
		}
		g := string(c[:32])
		if _, ok := byGUID[g]; !ok {
			guids = append(guids, g)
		}
		off := uint32(c[36])<<24 | uint32(c[37])<<16 | uint32(c[38])<<8 | uint32(c[39])
		byGUID[g] = append(byGUID[g], part{off, c[40:]})
	}
	for _, g := range guids {
		parts := byGUID[g]
		sort.SliceStable(parts, func(i, j int) bool { return parts[i].off < parts[j].off })
		var packet []byte
		for _, p := range parts {
			if int64(len(packet)+len(p.data)) > maxSize {
				break
			}
			packet = append(packet, p.data...)
		}
		fs = append(fs, imagemeta.XMP(packet, "extended XMP")...)
		if !scrub.Removable(fs) {
			fs = append(fs, finding("extended XMP", "XMP", imagemeta.Describe(packet), scrub.KindOther))
		}
	}
	return fs
}

// maxHeld bounds the metadata Inspect and Clean hold in memory to join
// chunks (ICC profiles, extended XMP).
func maxHeld(env *scrub.Env) int64 { return min(scrub.LimitsOf(env).MaxMemberSize, 64<<20) }

// maxICCChunk is the most profile data one APP2 segment holds.
const maxICCChunk = 65535 - 2 - 14

// iccSegments splits a profile into APP2 payloads ("ICC_PROFILE\0",
// sequence number, count, data). A profile too big for 255 segments is
// not written.
func iccSegments(prof []byte) [][]byte {
	n := (len(prof) + maxICCChunk - 1) / maxICCChunk
	if n == 0 || n > 255 {
		return nil
	}
	out := make([][]byte, 0, n)
	for k := 0; k < n; k++ {
		p := append([]byte(nil), idICC...)
		p = append(p, byte(k+1), byte(n))
		out = append(out, append(p, prof[k*maxICCChunk:min(len(prof), (k+1)*maxICCChunk)]...))
	}
	return out
}

// iccChunks is the ICC profile split over APP2 segments ("ICC_PROFILE\0",
// sequence number from 1, count, data).
type iccChunks struct {
	segs []int  // indexes in layout.segs, in file order
	seq  []byte // sequence number of each
	off  []int  // offset of each chunk's data in prof
	prof []byte // the joined profile; nil if there is none
	ok   bool   // the chunks are consistent, so the profile can be rewritten
}

// readICC joins the ICC profile chunks. When they are inconsistent
// (missing, repeated or miscounted) or larger than max, the profile is
// joined as well as possible and ok is false.
func readICC(r io.ReaderAt, lay *layout, max int64) (*iccChunks, error) {
	c := &iccChunks{ok: true}
	var data [][]byte
	var counts []byte
	var total int64
	for i, seg := range lay.segs {
		if seg.role != keep || seg.marker != mAPP2 || seg.n < 14 {
			continue
		}
		if total += seg.n; total > max {
			c.ok = false
			break
		}
		p, err := payload(r, seg)
		if err != nil {
			return nil, err
		}
		c.segs = append(c.segs, i)
		c.seq = append(c.seq, p[12])
		counts = append(counts, p[13])
		data = append(data, p[14:])
	}
	if len(data) == 0 {
		return c, nil
	}
	order := make([]int, len(data))
	seen := map[byte]bool{}
	for k := range order {
		order[k] = k
		if c.seq[k] == 0 || int(c.seq[k]) > len(data) || seen[c.seq[k]] || int(counts[k]) != len(data) {
			c.ok = false
		}
		seen[c.seq[k]] = true
	}
	sort.SliceStable(order, func(a, b int) bool { return c.seq[order[a]] < c.seq[order[b]] })
	c.off = make([]int, len(data))
	for _, k := range order {
		c.off[k] = len(c.prof)
		c.prof = append(c.prof, data[k]...)
	}
	return c, nil
}

// trailingFindings describes the data after the end-of-image marker, and
// lists what a JPEG stored there (an MPF preview, a depth or gain map)
// reveals.
func trailingFindings(ctx context.Context, env *scrub.Env, r io.ReaderAt, off, size int64, depth int) ([]scrub.Finding, error) {
	n := size - off
	f, err := trailing.Finding(ctx, r, off, n, "after the end of the image", "JPEG")
	if err != nil {
		return nil, err
	}
	fs := []scrub.Finding{f}
	head, err := section.Read(r, off, min(n, 1024))
	if err != nil {
		return nil, err
	}
	if i := jpegStart(head); i >= 0 && depth < maxTrailingImages {
		inner, err := inspect(ctx, env, io.NewSectionReader(r, off+int64(i), n-int64(i)), n-int64(i), depth+1)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return fs, nil // not a readable JPEG: the trailing-data finding says enough
		}
		for _, f := range inner {
			if f.Field == "Orientation" && f.Action == scrub.Report {
				continue // the image goes: its orientation is not kept
			}
			f.Where = "image after the end > " + f.Where
			f.Action = scrub.Remove // all of it goes with the trailing data
			fs = append(fs, f)
		}
	}
	return fs, nil
}

// jpegStart returns the offset of a JPEG start-of-image near the start of
// b (damaged files have a few bytes before it), or -1.
func jpegStart(b []byte) int {
	return bytes.Index(b[:min(len(b), 1024)], []byte{0xff, mSOI, 0xff})
}

// Clean writes the image with only the segments decoding needs, in their
// order, after a canonical JFIF header and, if the picture is rotated, an
// orientation-only EXIF segment. Scans are copied byte for byte. It
// returns the errors walk does, and warnings when data after the end of
// the image or content credentials were removed.
func (handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	lay, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	return cleanLayout(ctx, env, r, size, w, lay)
}

func cleanLayout(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer, lay *layout) ([]scrub.Warning, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write([]byte{0xff, mSOI})
	for _, seg := range lay.segs {
		if seg.role != jfif {
			continue
		}
		p := make([]byte, jfifLen)
		if _, err := r.ReadAt(p, seg.start); err != nil {
			return nil, fmt.Errorf("reading: %w", err)
		}
		p[12], p[13] = 0, 0 // no thumbnail
		writeSegment(bw, mAPP0, p)
	}
	if lay.orientation != 0 {
		writeSegment(bw, mAPP1, append([]byte("Exif\x00\x00"), imagemeta.OrientationEXIF(lay.orientation)...))
	}
	// The ICC profile is copied unless it names a device, a maker or a
	// program (imagemeta.CleanICC); then the cleaned profile replaces it,
	// in as many APP2 segments as it needs. A profile whose chunks do not
	// fit together cannot be rebuilt: it goes.
	patch := map[int][][]byte{}
	icc, err := readICC(r, lay, maxHeld(env))
	if err != nil {
		return nil, err
	}
	if len(icc.segs) > 0 {
		prof, changed := imagemeta.CleanICC(icc.prof)
		if !icc.ok || !imagemeta.ICCUsable(icc.prof) {
			prof, changed = nil, true
		}
		if changed {
			for _, i := range icc.segs {
				patch[i] = nil
			}
			patch[icc.segs[0]] = iccSegments(prof)
		}
	}
	var ws []scrub.Warning
	for i, seg := range lay.segs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		switch seg.role {
		case keep:
			if ps, ok := patch[i]; ok {
				for _, p := range ps {
					writeSegment(bw, seg.marker, p)
				}
				continue
			}
			if seg.n < 0 {
				bw.Write([]byte{0xff, seg.marker})
				continue
			}
			bw.Write([]byte{0xff, seg.marker, byte((seg.n + 2) >> 8), byte(seg.n + 2)})
			if err := section.Copy(ctx, bw, r, seg.start, seg.n+seg.ecs); err != nil {
				return nil, err
			}
		case adobe:
			p := make([]byte, adobeLen)
			if _, err := r.ReadAt(p, seg.start); err != nil {
				return nil, fmt.Errorf("reading: %w", err)
			}
			writeSegment(bw, mAPP14, p)
		case drop:
			if seg.marker == mAPP11 {
				p, err := payload(r, seg)
				if err != nil {
					return nil, err
				}
				if bytes.Contains(p, []byte("c2pa")) {
					ws = append(ws, warnings.ContentCredentialsRemoved())
				}
			}
		}
	}
	bw.Write([]byte{0xff, mEOI})
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	if lay.end < size {
		tw, ok, err := trailing.Warning(ctx, r, lay.end, size-lay.end, "after the end of the image", "JPEG")
		if err != nil {
			return nil, err
		}
		if ok {
			ws = append(ws, tw)
		}
	}
	return ws, nil
}

func writeSegment(w *bufio.Writer, m byte, p []byte) {
	w.Write([]byte{0xff, m, byte((len(p) + 2) >> 8), byte(len(p) + 2)})
	w.Write(p)
}
