// Package tiff cleans TIFF images and DNG raw photos without re-encoding
// them.
//
// Clean writes a new TIFF rather than patching the old one: nothing in a
// TIFF is self-delimiting, every value and strip is found by an absolute
// offset, and maker notes hold offsets of their own, so blanking tags in
// place would leave their bytes behind. The new file has the header (in
// the original byte order, classic or BigTIFF), then for every image —
// IFD0 and the IFDs chained after it (every page), and for DNG the
// SubIFDs, recursively — an IFD with only the tags decoding and display
// need (sizes, samples, compression, photometric, strips or tiles,
// predictor, colour map, YCbCr and resolution tags, orientation, the ICC
// profile through imagemeta.CleanICC; for DNG the tags that describe the
// raw data and its colour calibration), then the strips and tiles copied
// byte for byte (JPEG-compressed ones without their APPn and comment
// segments). Everything else goes: camera make and model, software,
// artist, dates, descriptions, copyright, XMP, IPTC, Photoshop resources
// and layers, the Exif and GPS IFDs with maker notes and serial numbers,
// GeoTIFF positions, DNG's camera serial number, private data, original
// raw file and its name, the camera's individual calibration, and data
// that belongs to no image. A plain TIFF's reduced-resolution copies
// (thumbnails, overviews) are dropped; a DNG keeps its previews, which
// render the raw image it keeps anyway.
//
// A DNG's UniqueCameraModel, which the specification requires, is
// replaced by a neutral name: it names the camera, and converters render
// with the colour matrices the file carries (a converter that picks its
// own profile by model name uses its generic one instead). CameraCalibration1-3 go: they are this one camera's factory
// calibration, a fingerprint of the body; without them converters use
// the model's matrices (colours may shift very slightly, and Clean says
// so).
//
// Camera raw files other than DNG (NEF, ARW, PEF, SRW and the like, found
// by their raw compression or colour-filter data) are refused.
package tiff

import (
	"context"
	"io"

	"github.com/scrub-project/scrub/scrub"
)

type handler struct{}

// New returns the handler for TIFF and DNG images.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "tiff" }

func (handler) Formats() []scrub.Format {
	return []scrub.Format{
		{Name: "tiff", Extensions: []string{".tif", ".tiff"}, Description: "TIFF image", MediaTypes: []string{"image/tiff"}},
		{Name: "dng", Extensions: []string{".dng"}, Description: "DNG raw photo", MediaTypes: []string{"image/x-adobe-dng"}},
	}
}

// rawError is the refusal for camera raw files other than DNG.
func rawError() error {
	return scrub.Unsupported("raw", "camera raw files other than DNG are not supported: their maker notes (serial numbers, owner) cannot be removed without breaking the raw data",
		"export the photo as JPEG, PNG or DNG from your photo software (or convert it with Adobe DNG Converter) and clean that copy")
}

// Identify claims content that starts with a TIFF or BigTIFF header and
// says "dng" when IFD0 has a DNG version. Canon CR2 is left to the
// refused formats; other camera raws built on TIFF are refused here.
func (handler) Identify(head []byte, r io.ReaderAt, size int64) (string, error) {
	if !isTIFF(head) || isCR2(head) {
		return "", nil
	}
	dng, raw := sniff(r, size)
	switch {
	case raw:
		return "", rawError()
	case dng:
		return "dng", nil
	}
	return "tiff", nil
}

// sniff reads IFD0, a few IFDs after it and their SubIFDs, to tell a DNG
// and a camera raw from a plain TIFF. A damaged file is a plain TIFF
// here: Clean says what is wrong with it.
func sniff(r io.ReaderAt, size int64) (dng, raw bool) {
	head := make([]byte, min(size, 16))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return false, false
	}
	bo, big, off, ok := header(head)
	if !ok || off == 0 || off > uint64(size) {
		return false, false
	}
	f := &file{r: r, size: size, bo: bo, big: big, seen: map[int64]bool{}, lim: scrub.DefaultLimits, ctx: context.Background(), entrySz: 12}
	if big {
		f.entrySz = 20
	}
	isRaw := func(d *ifd) bool {
		p := f.uint1(d, tagPhotometric, 0)
		return p == photoCFA || p == photoLinearRaw || rawCompressions[f.uint1(d, tagCompression, 1)]
	}
	next := int64(off)
	for i := 0; next != 0 && i < 4; i++ {
		d, err := f.readIFD(next, "", 0)
		if err != nil {
			return dng, raw
		}
		if i == 0 {
			dng = d.find(tagDNGVersion) != nil
		}
		raw = raw || isRaw(d)
		offs, ok, _ := f.uints(d.find(tagSubIFDs), 8)
		for k := 0; ok && k < len(offs); k++ {
			if s, err := f.readIFD(int64(offs[k]), "", 1); err == nil {
				raw = raw || isRaw(s)
			}
		}
		next = d.next
	}
	return dng, raw && !dng
}

// Inspect lists what Clean removes: the dropped tags of every IFD (read by
// imagemeta, with the Exif, GPS and interoperability IFDs, XMP, IPTC and
// Photoshop blocks), DNG's private data, original raw file and serial
// number, dropped thumbnails, metadata segments in JPEG data and the
// parts of colour profiles CleanICC removes; and what it keeps for the
// user to know (orientation, the DNG camera model). It returns the errors
// walk does.
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	f, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	p, err := f.plan()
	if err != nil {
		return nil, err
	}
	fs, _, err := f.findings(p)
	return fs, err
}

// Clean writes the new TIFF (see the package documentation). It returns
// the errors walk does, and warnings for what changes beyond metadata
// (Photoshop layers, map positions, a raw file's edit settings and
// individual colour calibration).
func (h handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, ws, err := h.CleanReport(ctx, env, r, size, w)
	return ws, err
}

// CleanReport is Clean that also returns Inspect's findings, from one walk
// of the file.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	f, err := walk(ctx, env, r, size)
	if err != nil {
		return nil, nil, err
	}
	p, err := f.plan()
	if err != nil {
		return nil, nil, err
	}
	fs, ws, err := f.findings(p)
	if err != nil {
		return nil, nil, err
	}
	if err := p.w.write(ctx, r, w); err != nil {
		return nil, nil, err
	}
	return fs, ws, nil
}

// Parts yields every byte of the file except the image data of the kept
// images (strips and tiles, copied unchanged): the header, the IFDs, every
// tag value, and whatever lies between them.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	f, err := walk(ctx, env, r, size)
	if err != nil {
		return err
	}
	return fn(scrub.Part{Where: "TIFF directories and tags", R: &gapReader{r: r, size: size, skip: f.imageData()}})
}
