package pdf_test

import (
	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/formats/pdf"
	"github.com/scrub-project/scrub/scrub"
)

// registry returns the registry the tests clean with: PDF, and JPEG for
// the images PDFs embed.
func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(pdf.New())
	r.Register(jpeg.New())
	return r
}
