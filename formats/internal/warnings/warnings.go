// Package warnings words, once, what cleaning tells the user about
// changes beyond metadata that several formats make.
package warnings

import (
	"fmt"
	"strings"

	"github.com/scrub-project/scrub/scrub"
)

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

// ContentCredentialsRemoved: content credentials (C2PA) are a signed
// history of the edits; they name the tools and often the people who made
// the picture, and cannot stay valid once the file is changed.
func ContentCredentialsRemoved() scrub.Warning {
	return scrub.Warning{Message: "removed the content credentials (C2PA): the file no longer carries its signed edit history"}
}

// KeptUnchanged: the user chose to keep the files of a container that
// scrub cannot clean (names, of which the first few are named).
func KeptUnchanged(names []string) scrub.Warning {
	return scrub.Warning{Message: fmt.Sprintf("%d file(s) were KEPT UNCHANGED because scrub cannot clean them; they may still carry names, dates or places: %s",
		len(names), Names(names))}
}

// maxNamed is how many names a message lists.
const maxNamed = 8

// Names lists names for a warning or a refusal: the first eight, then how
// many more there are.
func Names(names []string) string {
	s := strings.Join(names[:min(len(names), maxNamed)], "; ")
	if len(names) > maxNamed {
		s += fmt.Sprintf("; and %d more", len(names)-maxNamed)
	}
	return s
}
