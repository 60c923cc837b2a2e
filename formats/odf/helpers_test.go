package odf_test

import (
	"bytes"
	"context"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/scrub"
)

// registry is the production registry: the tests see what the CLI sees.
func registry() *scrub.Registry { return all.Registry() }

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
