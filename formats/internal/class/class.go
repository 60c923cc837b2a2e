// Package class says what a metadata field is for the user: the label the
// front ends show, the kind of thing it reveals, and whether it is minor
// (identifies no one). The tag readers (ID3, APE, RIFF INFO, Lyrics3…)
// classify their fields with it, so that an artist is an author with the
// same label and kind in every format.
package class

import "github.com/scrub-project/scrub/scrub"

// Class is what a field is for the user.
type Class struct {
	Label scrub.Label
	Kind  scrub.Kind
	Minor bool
}

// The classes more than one format gives its fields.
var (
	Title        = Class{Label: scrub.LabelTitle, Kind: scrub.KindOther}
	Author       = Class{Label: scrub.LabelAuthor, Kind: scrub.KindPerson}
	Person       = Class{Label: scrub.LabelPerson, Kind: scrub.KindPerson}
	Organisation = Class{Label: scrub.LabelOrganisation, Kind: scrub.KindPerson}
	Copyright    = Class{Label: scrub.LabelCopyright, Kind: scrub.KindPerson}
	Email        = Class{Label: scrub.LabelEmail, Kind: scrub.KindContact}
	Comment      = Class{Label: scrub.LabelComment, Kind: scrub.KindComment}
	Description  = Class{Label: scrub.LabelDescription, Kind: scrub.KindOther}
	Keywords     = Class{Label: scrub.LabelKeywords, Kind: scrub.KindOther}
	Category     = Class{Label: scrub.LabelCategory, Kind: scrub.KindOther}
	Language     = Class{Label: scrub.LabelLanguage, Kind: scrub.KindOther, Minor: true}
	Created      = Class{Label: scrub.LabelCreated, Kind: scrub.KindTime}
	Date         = Class{Label: scrub.LabelDate, Kind: scrub.KindTime}
	Place        = Class{Label: scrub.LabelPlace, Kind: scrub.KindLocation}
	Software     = Class{Label: scrub.LabelSoftware, Kind: scrub.KindSoftware}
	DocumentID   = Class{Label: scrub.LabelDocumentID, Kind: scrub.KindOther}
	Link         = Class{Label: scrub.LabelLink, Kind: scrub.KindContact}
	PrivateData  = Class{Label: scrub.LabelPrivateData, Kind: scrub.KindOther}
	Picture      = Class{Label: scrub.LabelEmbeddedPicture, Kind: scrub.KindAttachment}
	Metadata     = Class{Label: scrub.LabelMetadata, Kind: scrub.KindOther}              // a field scrub does not name
	Number       = Class{Label: scrub.LabelMetadata, Kind: scrub.KindOther, Minor: true} // a track number, a count
	Statistics   = Class{Label: scrub.LabelStatistics, Kind: scrub.KindOther, Minor: true}
	Settings     = Class{Label: scrub.LabelSettings, Kind: scrub.KindOther, Minor: true}
	Hidden       = Class{Label: scrub.LabelHiddenData, Kind: scrub.KindHidden}              // data where none should be
	Padding      = Class{Label: scrub.LabelHiddenData, Kind: scrub.KindHidden, Minor: true} // zeros where none should be
)

// Remove is the finding of a field that cleaning removes.
func Remove(where, field, value string, c Class) scrub.Finding {
	return scrub.Finding{Where: where, Field: field, Value: value, Kind: c.Kind, Action: scrub.Remove, Label: c.Label, Minor: c.Minor}
}
