// Package isobmff cleans files built of ISO base media boxes (ISO/IEC
// 14496-12) without re-encoding them: MP4, M4V and M4A, QuickTime MOV, 3GP,
// and the HEIF images HEIC and AVIF (ISO/IEC 23008-12).
//
// The cleaner is an allowlist. It keeps the boxes that display and
// playback need — the file type, the movie and track headers (their dates
// zeroed in place), edit lists, codec configuration, sample tables, the
// track matrix (rotation), colour information, and for images the items
// that are pictures with their properties (orientation, crop, colour) —
// and drops everything else: user data and keyed metadata (place, device,
// software, dates, the Live Photo identifier, iTunes tags), 3GPP asset
// boxes, XMP, maker boxes (Samsung, GoPro, Sony, Canon), free space,
// unknown boxes, the Exif and XMP items of an image, and every track that
// is not audio, video or subtitles (timed metadata: GPS and sensor
// telemetry, detected faces, timecode) together with its samples. ICC
// profiles are kept through imagemeta.CleanICC.
//
// Media data is copied byte for byte and streamed: only the movie and
// image structure is held in memory. The output's media data boxes hold
// exactly the bytes that kept tracks and kept image items refer to, in
// their original order; every other byte of a media data box (samples of
// removed tracks, Exif and XMP items, unreferenced gaps) is left out, and
// the chunk offsets (stco, promoted to co64 when a position passes 4 GiB)
// and item locations (iloc) are rewritten to the new positions. This is
// the rewrite, not the same-size `free` box trick: a free box in place of a
// removed box says how much was there, and the samples of a GPS track or an
// Exif item's bytes would stay in the media data, where a byte scan (or a
// later edit that references them again) finds them.
//
// Refused: fragmented MP4 (its fragments carry offsets of their own),
// encrypted (DRM) media, media that refers to other files, compressed
// QuickTime movie headers, and Canon CR3 raw files (a camera raw format:
// its Canon boxes keep offset tables and maker data scrub does not
// rewrite).
package isobmff

import (
	"context"
	"io"

	"github.com/scrub-project/scrub/scrub"
)

type handler struct{}

// New returns the handler for ISO base media files.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "isobmff" }

const (
	fmtMP4  = "mp4"
	fmtMOV  = "mov"
	fmtM4A  = "m4a"
	fmt3GP  = "3gp"
	fmtHEIC = "heic"
	fmtAVIF = "avif"
	fmtCR3  = "cr3"
)

var formats = []scrub.Format{
	{Name: fmtMP4, Extensions: []string{".mp4", ".m4v"}, Description: "MP4 video",
		MediaTypes: []string{"video/mp4", "video/x-m4v", "application/mp4"}},
	{Name: fmtMOV, Extensions: []string{".mov", ".qt"}, Description: "QuickTime video",
		MediaTypes: []string{"video/quicktime"}},
	{Name: fmtM4A, Extensions: []string{".m4a", ".m4b"}, Description: "MPEG-4 audio",
		MediaTypes: []string{"audio/mp4", "audio/x-m4a", "audio/m4a"}},
	{Name: fmt3GP, Extensions: []string{".3gp", ".3g2"}, Description: "3GPP video",
		MediaTypes: []string{"video/3gpp", "video/3gpp2", "audio/3gpp", "audio/3gpp2"}},
	{Name: fmtHEIC, Extensions: []string{".heic", ".heif", ".hif"}, Description: "HEIC/HEIF image",
		MediaTypes: []string{"image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"}},
	{Name: fmtAVIF, Extensions: []string{".avif"}, Description: "AVIF image",
		MediaTypes: []string{"image/avif"}},
	{Name: fmtCR3, Extensions: []string{".cr3"}, Description: "Canon CR3 raw image",
		MediaTypes: []string{"image/x-canon-cr3"},
		Refused:    "Canon raw files are not supported: their Canon boxes hold the camera's serial numbers and offset tables scrub does not rewrite",
		Hint:       "export the photo as JPEG (or convert it to DNG and then JPEG) in your photo software, and clean that copy"},
}

func (handler) Formats() []scrub.Format { return formats }

func formatOf(name string) scrub.Format {
	for _, f := range formats {
		if f.Name == name {
			return f
		}
	}
	return scrub.Format{}
}

// Inspect lists what the file carries that cleaning removes: tags of the
// movie and its tracks, keyed metadata, timed-metadata tracks (with the
// first GPS position of a GoPro track), image Exif and XMP items, maker
// boxes, dates, unreferenced media bytes. It returns an error matching
// scrub.ErrMalformed for damaged files, scrub.ErrUnsupported for features
// scrub does not clean and scrub.ErrLimit for files over env's limits.
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	a, err := analyze(ctx, env, r, size, false)
	if err != nil {
		return nil, err
	}
	return a.fs, nil
}

// Clean writes the file rebuilt from its allowlisted boxes, with media
// data copied byte for byte. It returns the errors Inspect does.
func (handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, ws, err := cleanReport(ctx, env, r, size, w)
	return ws, err
}

// CleanReport is Clean that also returns Inspect's findings, from the
// same pass.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	return cleanReport(ctx, env, r, size, w)
}

func cleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	a, err := analyze(ctx, env, r, size, true)
	if err != nil {
		return nil, nil, err
	}
	if err := a.write(w); err != nil {
		return nil, nil, err
	}
	return a.fs, a.ws, nil
}
