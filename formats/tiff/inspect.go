package tiff

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/scrub"
)

// ownTag describes a tag this package reports itself (imagemeta does not
// know it, or Clean treats it specially).
type ownTag struct {
	name  string
	kind  scrub.Kind
	label scrub.Label
	what  string // what the value is, before the value itself
}

var ownTags = map[uint16]ownTag{
	tagDNGPrivateData:   {"DNGPrivateData", scrub.KindDevice, scrub.LabelPrivateData, "the camera maker's private data"},
	tagOriginalRawData:  {"OriginalRawFileData", scrub.KindAttachment, scrub.LabelAttachment, "the original raw file from the camera, with all its metadata"},
	tagRawDataUniqueID:  {"RawDataUniqueID", scrub.KindEditHistory, scrub.LabelDocumentID, ""},
	tagCameraCalib1:     {"CameraCalibration1", scrub.KindDevice, scrub.LabelDevice, "this camera's individual colour calibration"},
	tagCameraCalib2:     {"CameraCalibration2", scrub.KindDevice, scrub.LabelDevice, "this camera's individual colour calibration"},
	tagCameraCalib3:     {"CameraCalibration3", scrub.KindDevice, scrub.LabelDevice, "this camera's individual colour calibration"},
	tagCalibrationSig:   {"CameraCalibrationSignature", scrub.KindDevice, scrub.LabelDevice, ""},
	tagProfileCalibSig:  {"ProfileCalibrationSignature", scrub.KindDevice, scrub.LabelDevice, ""},
	tagProfileName:      {"ProfileName", scrub.KindSoftware, scrub.LabelColour, ""},
	tagAsShotProfile:    {"AsShotProfileName", scrub.KindSoftware, scrub.LabelColour, ""},
	tagProfileCopyright: {"ProfileCopyright", scrub.KindPerson, scrub.LabelCopyright, ""},
	tagExtraProfiles:    {"ExtraCameraProfiles", scrub.KindSoftware, scrub.LabelColour, "extra camera colour profiles, with their names"},
	tagPreviewApp:       {"PreviewApplicationName", scrub.KindSoftware, scrub.LabelSoftware, ""},
	tagPreviewAppVer:    {"PreviewApplicationVersion", scrub.KindSoftware, scrub.LabelSoftware, ""},
	tagPreviewSettings:  {"PreviewSettingsName", scrub.KindSoftware, scrub.LabelSettings, ""},
	tagPreviewDateTime:  {"PreviewDateTime", scrub.KindTime, scrub.LabelDate, ""},
	tagImageSourceData:  {"ImageSourceData", scrub.KindHidden, scrub.LabelLayers, "Photoshop layers"},
	tagGDALMetadata:     {"GDALMetadata", scrub.KindOther, scrub.LabelMetadata, ""},
	tagOPIImageID:       {"ImageID", scrub.KindPath, scrub.LabelFilePath, ""},
	33550:               {"ModelPixelScale", scrub.KindLocation, scrub.LabelGPS, "map scale (GeoTIFF)"},
	33922:               {"ModelTiepoint", scrub.KindLocation, scrub.LabelGPS, "map position (GeoTIFF)"},
	34264:               {"ModelTransformation", scrub.KindLocation, scrub.LabelGPS, "map position (GeoTIFF)"},
	tagGeoKeyDirectory:  {"GeoKeyDirectory", scrub.KindLocation, scrub.LabelGPS, "map projection (GeoTIFF)"},
	34736:               {"GeoDoubleParams", scrub.KindLocation, scrub.LabelGPS, "map projection (GeoTIFF)"},
	tagGeoASCIIParams:   {"GeoAsciiParams", scrub.KindLocation, scrub.LabelGPS, "map projection (GeoTIFF)"},
}

// Budgets of what the findings read into memory.
const (
	maxValueRead = 16 << 20 // one tag value
	maxPreview   = 64 << 10 // what is read of a value only described
)

// findings lists what Clean removes and keeps (see Inspect), and the
// warnings Clean gives.
func (f *file) findings(p *plan) ([]scrub.Finding, []scrub.Warning, error) {
	var fs []scrub.Finding
	var ws []scrub.Warning
	meta, err := f.metaTIFF()
	if err != nil {
		return nil, nil, err
	}
	if meta != nil {
		mfs, _ := imagemeta.EXIF(meta, "TIFF tags")
		fs = append(fs, mfs...)
	}
	warned := map[string]bool{}
	warn := func(msg string) {
		if !warned[msg] {
			warned[msg] = true
			ws = append(ws, scrub.Warning{Message: msg})
		}
	}
	for _, d := range f.all {
		if d.isMeta {
			continue
		}
		if err := f.ctx.Err(); err != nil {
			return nil, nil, err
		}
		done := map[uint16]bool{}
		for i := range d.entries {
			e := &d.entries[i]
			if done[e.tag] {
				continue
			}
			done[e.tag] = true
			if t, ok := ownTags[e.tag]; ok {
				v, err := f.describe(e, t)
				if err != nil {
					return nil, nil, err
				}
				fs = append(fs, scrub.Finding{Where: d.where, Field: t.name, Value: v, Kind: t.kind, Action: scrub.Remove, Label: t.label})
				switch {
				case t.label == scrub.LabelGPS:
					warn("removed the map position (GeoTIFF tags): mapping programs will no longer place the image")
				case e.tag == tagImageSourceData:
					warn("removed the Photoshop layers: the image keeps its flattened picture")
				case e.tag == tagCameraCalib1 || e.tag == tagCameraCalib2 || e.tag == tagCameraCalib3:
					if !f.identity(e) {
						warn("removed the camera's individual colour calibration: raw converters may show colours very slightly differently")
					}
				}
			}
			if e.tag == tagXMP && f.dng {
				if b, _ := f.value(e, maxValueRead); bytes.Contains(b, []byte("http://ns.adobe.com/camera-raw-settings/1.0/")) {
					warn("removed the editing settings stored with the raw photo (crop, exposure, colour): it opens as it was shot")
				}
			}
			if iccTags[e.tag] && d.image && !e.bad {
				prof, err := f.value(e, maxValueRead)
				if err != nil {
					return nil, nil, err
				}
				ifs := imagemeta.ICC(prof, d.where+" ICC profile")
				if !d.keep || p.iccDrop[e] || !keptTag(f.dng, e.tag) {
					for k := range ifs {
						ifs[k].Action = scrub.Remove
					}
				}
				fs = append(fs, ifs...)
				if p.iccDrop[e] {
					fs = append(fs, scrub.Finding{Where: d.where, Field: "ICC profile", Value: "a colour profile scrub cannot read, removed: " + imagemeta.Describe(prof),
						Kind: scrub.KindOther, Action: scrub.Remove, Label: scrub.LabelColour})
				}
			}
		}
		if d.image && !d.keep {
			what := "uncompressed"
			if d.comp != 1 {
				what = compressionName(d.comp)
				if jpegCompressions[d.comp] {
					what = "JPEG"
				}
			}
			fs = append(fs, scrub.Finding{Where: d.where, Field: "ThumbnailImage",
				Value: fmt.Sprintf("a %d×%d reduced-resolution copy of the picture (%s), possibly of an earlier version", d.width, d.height, what),
				Kind:  scrub.KindHidden, Action: scrub.Remove, Label: scrub.LabelThumbnail})
		}
		if n := p.segments[d]; n > 0 {
			fs = append(fs, scrub.Finding{Where: d.where + " image data", Field: "JPEG segments",
				Value: fmt.Sprintf("%d metadata or comment segments inside the compressed image data", n),
				Kind:  scrub.KindOther, Action: scrub.Remove, Label: scrub.LabelMetadata})
		}
	}
	if first := f.firstKept(); first != nil {
		if o := f.uint1(first, tagOrientation, 1); o >= 2 && o <= 8 {
			fs = append(fs, imagemeta.OrientationFinding(first.where, int(o)))
		}
	}
	if m := f.cameraModel(); m != "" && m != neutralCameraModel {
		fs = append(fs, scrub.Finding{Where: "IFD0", Field: "UniqueCameraModel", Value: m,
			Kind: scrub.KindDevice, Action: scrub.Remove, Label: scrub.LabelCamera})
	}
	if n, prev, err := f.stray(); err != nil {
		return nil, nil, err
	} else if n > 0 {
		v := fmt.Sprintf("%d bytes that belong to no image or tag", n)
		if prev != "" {
			v += ": " + prev
		}
		fs = append(fs, scrub.Finding{Where: "between the directories", Field: "stray data", Value: v,
			Kind: scrub.KindHidden, Action: scrub.Remove, Label: scrub.LabelHiddenData})
	}
	return fs, ws, nil
}

func (f *file) firstKept() *ifd {
	for _, d := range f.chain {
		if d.keep {
			return d
		}
	}
	for _, d := range f.all {
		if d.keep {
			return d
		}
	}
	return nil
}

// neutralCameraModel replaces a DNG's UniqueCameraModel, which the
// specification requires and which names the camera.
const neutralCameraModel = "Camera"

// cameraModel returns the UniqueCameraModel a DNG holds, or "".
func (f *file) cameraModel() string {
	if !f.dng || len(f.chain) == 0 {
		return ""
	}
	e := f.chain[0].find(tagUniqueCamera)
	if e == nil || e.typ != tASCII {
		return ""
	}
	b, _ := f.value(e, 4096)
	return strings.TrimSpace(imagemeta.Latin1(bytes.TrimRight(b, "\x00")))
}

// describe formats the value of a tag reported by this package.
func (f *file) describe(e *entry, t ownTag) (string, error) {
	if e.bad {
		return "(damaged: its value lies outside the file)", nil
	}
	var v string
	switch {
	case e.tag == tagRawDataUniqueID:
		b, err := f.value(e, 64)
		if err != nil {
			return "", err
		}
		v = strings.ToUpper(hex.EncodeToString(b))
	case e.typ == tASCII:
		b, err := f.value(e, maxPreview)
		if err != nil {
			return "", err
		}
		if b == nil {
			b, err = f.head(e, maxPreview)
			if err != nil {
				return "", err
			}
		}
		v = strings.Join(strings.FieldsFunc(imagemeta.Latin1(b), func(r rune) bool { return r == 0 }), "; ")
	case e.typ == tRational || e.typ == 10 || e.typ == 11 || e.typ == 12:
		b, err := f.value(e, 512)
		if err != nil {
			return "", err
		}
		v = f.numbers(e.typ, b)
		if b == nil {
			v = fmt.Sprintf("%d numbers", e.count)
		}
	case e.tag == tagDNGPrivateData:
		b, err := f.head(e, maxPreview)
		if err != nil {
			return "", err
		}
		v = imagemeta.Size(int(e.size))
		if bytes.HasPrefix(b, []byte("Adobe\x00MakN")) {
			v += " holding the camera's maker notes (serial numbers, owner, settings)"
		}
		if p := imagemeta.Preview(b, 300); p != "" {
			v += ": " + p
		}
		return v, nil
	default:
		b, err := f.head(e, maxPreview)
		if err != nil {
			return "", err
		}
		if e.typ == tShort || e.typ == tLong || e.typ == tByte && t.what == "" {
			v = f.numbers(e.typ, b)
		} else {
			v = imagemeta.Size(int(e.size))
			if p := imagemeta.Preview(b, 300); p != "" {
				v += ": " + p
			}
		}
	}
	if t.what != "" {
		if v == "" {
			return t.what, nil
		}
		return t.what + ": " + v, nil
	}
	return v, nil
}

// head reads up to max bytes of an entry's value.
func (f *file) head(e *entry, max int64) ([]byte, error) {
	if e.off < 0 {
		return e.inline, nil
	}
	b := make([]byte, min(int64(e.size), max))
	if _, err := f.r.ReadAt(b, e.off); err != nil {
		return nil, fmt.Errorf("reading: %w", err)
	}
	return b, nil
}

// numbers formats up to 16 numbers of a value.
func (f *file) numbers(typ uint16, b []byte) string {
	ts := int(typeSize(typ))
	var parts []string
	for i := 0; ts > 0 && i+ts <= len(b) && len(parts) < 16; i += ts {
		v := b[i : i+ts]
		switch typ {
		case tByte:
			parts = append(parts, strconv.Itoa(int(v[0])))
		case tShort:
			parts = append(parts, strconv.Itoa(int(f.bo.Uint16(v))))
		case tLong:
			parts = append(parts, strconv.FormatUint(uint64(f.bo.Uint32(v)), 10))
		case tRational:
			parts = append(parts, ratio(float64(f.bo.Uint32(v)), float64(f.bo.Uint32(v[4:]))))
		case 10:
			parts = append(parts, ratio(float64(int32(f.bo.Uint32(v))), float64(int32(f.bo.Uint32(v[4:])))))
		case 11:
			parts = append(parts, strconv.FormatFloat(float64(math.Float32frombits(f.bo.Uint32(v))), 'g', 6, 32))
		case 12:
			parts = append(parts, strconv.FormatFloat(math.Float64frombits(f.bo.Uint64(v)), 'g', 8, 64))
		}
	}
	if ts > 0 && len(b)/ts > len(parts) {
		parts = append(parts, "…")
	}
	return strings.Join(parts, " ")
}

func ratio(n, d float64) string {
	if d == 0 {
		return "0"
	}
	return strconv.FormatFloat(n/d, 'g', 6, 64)
}

// identity reports whether a calibration matrix is the identity (it
// changes nothing).
func (f *file) identity(e *entry) bool {
	if e.typ != 10 || (e.count != 9 && e.count != 16) {
		return false
	}
	b, err := f.value(e, 256)
	if err != nil || b == nil {
		return false
	}
	dim := 3
	if e.count == 16 {
		dim = 4
	}
	for i := 0; i < int(e.count); i++ {
		n, d := int32(f.bo.Uint32(b[8*i:])), int32(f.bo.Uint32(b[8*i+4:]))
		want := int32(0)
		if i/dim == i%dim {
			want = 1
		}
		if d == 0 || n != want*d {
			return false
		}
	}
	return true
}

// metaTIFF builds a small TIFF of what Clean drops from the IFDs — their
// dropped tags, the Exif, GPS and interoperability IFDs they point to —
// for imagemeta.EXIF to read. Tags this package reports itself and image
// structure are left out. It returns nil when nothing is dropped.
func (f *file) metaTIFF() ([]byte, error) {
	w := &writer{bo: f.bo}
	budget := int64(maxHeld)
	any := false
	var mk func(d *ifd) (*wdir, error)
	mk = func(d *ifd) (*wdir, error) {
		wd := &wdir{}
		done := map[uint16]bool{}
		for i := range d.entries {
			e := &d.entries[i]
			if done[e.tag] {
				continue
			}
			done[e.tag] = true
			if !d.isMeta && (keptTag(f.dng, e.tag) || ownTags[e.tag].name != "") {
				continue
			}
			if metaPointers[e.tag] {
				if m := d.links[e.tag]; m != nil {
					md, err := mk(m)
					if err != nil {
						return nil, err
					}
					wd.links = append(wd.links, wlink{e.tag, md})
					wd.entries = append(wd.entries, wentry{tag: e.tag, typ: tLong, count: 1, ptr: true})
					continue
				}
			}
			if e.tag == tagSubIFDs && d.isMeta {
				continue
			}
			any = true
			we := wentry{tag: e.tag, typ: e.typ, data: []byte{}}
			if !e.bad && int64(e.size) <= min(maxValueRead, budget) {
				b, err := f.value(e, e.size)
				if err != nil {
					return nil, err
				}
				budget -= int64(e.size)
				we.data, we.count = b, e.count
			}
			wd.entries = append(wd.entries, we)
		}
		if !d.isMeta {
			for _, s := range d.subs {
				sd, err := mk(s)
				if err != nil {
					return nil, err
				}
				wd.subs = append(wd.subs, sd)
			}
			if len(wd.subs) > 0 {
				wd.entries = append(wd.entries, wentry{tag: tagSubIFDs, typ: tLong, count: uint64(len(wd.subs)), ptr: true})
			}
		}
		return wd, nil
	}
	var last *wdir
	for _, d := range f.chain {
		wd, err := mk(d)
		if err != nil {
			return nil, err
		}
		if last == nil {
			w.first = wd
		} else {
			last.next = wd
		}
		last = wd
	}
	if !any {
		return nil, nil
	}
	var b bytes.Buffer
	if err := w.write(context.Background(), nil, &b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// imageData returns the strips and tiles of the kept images, sorted, each
// once.
func (f *file) imageData() []span {
	var ss []span
	for _, d := range f.all {
		if d.keep {
			for _, s := range d.data {
				if s.n > 0 {
					ss = append(ss, s)
				}
			}
		}
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].off < ss[j].off })
	out := ss[:0]
	for _, s := range ss {
		if k := len(out); k > 0 && s.off < out[k-1].end() {
			continue // the same strip again (overlaps were refused)
		}
		out = append(out, s)
	}
	return out
}

// covered returns every byte range the structure accounts for: the
// header, the IFDs, their values, and the image data of every image.
func (f *file) covered() []span {
	hdr := int64(8)
	if f.big {
		hdr = 16
	}
	ss := []span{{0, hdr}}
	for _, d := range f.all {
		n := 2 + int64(len(d.entries))*f.entrySz + 4
		if f.big {
			n = 8 + int64(len(d.entries))*f.entrySz + 8
		}
		ss = append(ss, span{d.off, n})
		for _, e := range d.entries {
			if e.off >= 0 && !e.bad {
				ss = append(ss, span{e.off, int64(e.size)})
			}
		}
		ss = append(ss, d.data...)
		// An EXIF-style JPEG thumbnail: offset and length.
		if o, n := f.uint1(d, 513, 0), f.uint1(d, 514, 0); o > 0 && n > 0 && o < uint64(f.size) {
			ss = append(ss, span{int64(o), int64(min(n, uint64(f.size)-o))})
		}
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].off < ss[j].off })
	return ss
}

// stray counts the bytes no structure accounts for, other than zeros and
// the one-byte padding writers put after odd-sized values, and previews
// their text. Such bytes are what is left of metadata an editor replaced
// without rewriting the file, or data hidden on purpose.
func (f *file) stray() (int64, string, error) {
	var n int64
	var sample []byte
	end := int64(0)
	buf := make([]byte, 64<<10)
	check := func(off, m int64) error {
		if m <= 1 { // word-alignment padding
			return nil
		}
		zero := true
		for k := int64(0); k < m && zero; k += int64(len(buf)) {
			b := buf[:min(int64(len(buf)), m-k)]
			if _, err := f.r.ReadAt(b, off+k); err != nil {
				return fmt.Errorf("reading: %w", err)
			}
			zero = bytes.Count(b, []byte{0}) == len(b)
			if !zero && len(sample) < maxPreview {
				sample = append(sample, b[:min(len(b), maxPreview-len(sample))]...)
			}
		}
		if !zero {
			n += m
		}
		return nil
	}
	for _, s := range f.covered() {
		if s.off > end {
			if err := check(end, s.off-end); err != nil {
				return 0, "", err
			}
		}
		end = max(end, s.end())
	}
	if end < f.size {
		if err := check(end, f.size-end); err != nil {
			return 0, "", err
		}
	}
	return n, imagemeta.Preview(sample, 300), nil
}

// gapReader reads the bytes of a file outside the ranges in skip
// (sorted, not overlapping).
type gapReader struct {
	r    io.ReaderAt
	size int64
	skip []span
	pos  int64
}

func (g *gapReader) Read(p []byte) (int, error) {
	for len(g.skip) > 0 && g.pos >= g.skip[0].off {
		g.pos = max(g.pos, g.skip[0].end())
		g.skip = g.skip[1:]
	}
	if g.pos >= g.size {
		return 0, io.EOF
	}
	stop := g.size
	if len(g.skip) > 0 {
		stop = g.skip[0].off
	}
	n := int(min(int64(len(p)), stop-g.pos))
	n, err := g.r.ReadAt(p[:n], g.pos)
	g.pos += int64(n)
	if err == io.EOF && n > 0 {
		err = nil
	}
	return n, err
}
