// Package all builds the registry of every format scrub knows. It is the
// one place where formats are wired in: explicitly, with no init() side
// effects. Detection runs every handler; content two handlers claim is
// refused as a polyglot, so the order here is only the listing order.
package all

import (
	"github.com/scrub-project/scrub/formats/archive"
	"github.com/scrub-project/scrub/formats/epub"
	"github.com/scrub-project/scrub/formats/flac"
	"github.com/scrub-project/scrub/formats/gif"
	"github.com/scrub-project/scrub/formats/isobmff"
	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/formats/matroska"
	"github.com/scrub-project/scrub/formats/mp3"
	"github.com/scrub-project/scrub/formats/odf"
	"github.com/scrub-project/scrub/formats/ogg"
	"github.com/scrub-project/scrub/formats/ooxml"
	"github.com/scrub-project/scrub/formats/pdf"
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/formats/refused"
	"github.com/scrub-project/scrub/formats/rtf"
	"github.com/scrub-project/scrub/formats/svg"
	"github.com/scrub-project/scrub/formats/tiff"
	"github.com/scrub-project/scrub/formats/wav"
	"github.com/scrub-project/scrub/formats/webp"
	"github.com/scrub-project/scrub/scrub"
)

// Registry returns a new registry holding every handler.
func Registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(jpeg.New())
	r.Register(png.New())
	r.Register(pdf.New())
	r.Register(ooxml.New())
	r.Register(odf.New())
	r.Register(tiff.New())
	r.Register(epub.New())
	r.Register(archive.New())
	r.Register(webp.New())
	r.Register(gif.New())
	r.Register(matroska.New())
	r.Register(isobmff.New())
	r.Register(svg.New())
	r.Register(rtf.New())
	r.Register(flac.New())
	r.Register(ogg.New())
	r.Register(mp3.New())
	r.Register(wav.New())
	r.Register(refused.New())
	return r
}
