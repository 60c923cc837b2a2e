// Package all builds the registry of every format scrub knows. It is the
// one place where formats are wired in: explicitly, in detection order, with
// no init() side effects.
package all

import "github.com/scrub-project/scrub/scrub"

// Registry returns a new registry holding every handler.
func Registry() *scrub.Registry {
	r := scrub.NewRegistry()
	return r
}
