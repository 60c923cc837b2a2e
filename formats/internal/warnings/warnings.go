// Package warnings words, once, what cleaning tells the user about
// changes beyond metadata that several formats make.
package warnings

import "github.com/scrub-project/scrub/scrub"

// SignatureRemoved: a digital signature names its signer and cannot stay
// valid once the file is changed.
func SignatureRemoved() scrub.Warning {
	return scrub.Warning{Message: "the digital signature was removed: a cleaned file cannot keep a valid signature"}
}

// MacrosRemoved: macros can hold names and paths and scrub cannot clean
// them, so they go; the document keeps its content.
func MacrosRemoved() scrub.Warning {
	return scrub.Warning{Message: "the macros were removed; the document keeps its content"}
}
