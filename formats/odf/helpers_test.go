package odf_test

import (
	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/scrub"
)

// registry is the production registry: the tests see what the CLI sees.
func registry() *scrub.Registry { return all.Registry() }
