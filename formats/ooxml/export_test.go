package ooxml

import "github.com/scrub-project/scrub/scrub"

// NewWithout returns the handler with one of its rules switched off
// ("namespaces", "paths", "accounts"): a deliberately broken cleaner, for
// the test that proves the engine's residue check refuses what it leaves.
func NewWithout(rule string) scrub.Handler { return handler{without: rule} }
