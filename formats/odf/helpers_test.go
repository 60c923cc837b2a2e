package odf_test

import (
	"bytes"
	"context"

	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/formats/odf"
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/formats/refused"
	"github.com/scrub-project/scrub/scrub"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(odf.New())
	r.Register(jpeg.New())
	r.Register(png.New())
	r.Register(refused.New())
	return r
}

// inspect runs the handler on data and returns its error instead of
// failing the test.
func inspect(reg *scrub.Registry, name string, data []byte) ([]scrub.Finding, error) {
	h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), name)
	if err != nil {
		return nil, err
	}
	env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
	return h.Inspect(context.Background(), env, bytes.NewReader(data), int64(len(data)))
}
