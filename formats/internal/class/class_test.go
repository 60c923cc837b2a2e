package class

import (
	"slices"
	"testing"

	"github.com/scrub-project/scrub/scrub"
)

func TestClasses(t *testing.T) {
	for _, c := range []Class{Title, Author, Person, Organisation, Copyright, Email, Comment, Description, Keywords, Category,
		Language, Created, Date, Place, Software, DocumentID, Link, PrivateData, Picture, Metadata, Number, Statistics,
		Settings, Hidden, Padding} {
		if !scrub.KnownLabel(c.Label) || !slices.Contains(scrub.Kinds, c.Kind) {
			t.Errorf("%+v: label or kind not in scrub's sets", c)
		}
	}
	f := Remove("ID3v2.4 tag", "TPE1", "A. Person", Author)
	want := scrub.Finding{Where: "ID3v2.4 tag", Field: "TPE1", Value: "A. Person", Kind: scrub.KindPerson, Action: scrub.Remove, Label: scrub.LabelAuthor}
	if f != want {
		t.Errorf("Remove = %+v, want %+v", f, want)
	}
}
