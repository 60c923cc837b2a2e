package words

import (
	"testing"

	"github.com/scrub-project/scrub/scrub"
)

// A photo's GPS position counts once: its parts (reference, degrees,
// satellites, datum) are details when the position is also given whole.
// Degrees, minutes and seconds are not a position.
func TestSummarizePositionOnce(t *testing.T) {
	Use("en")
	gps := func(field, v string) scrub.Finding {
		return scrub.Finding{Where: "EXIF", Field: field, Value: v, Label: scrub.LabelGPS, Action: scrub.Remove}
	}
	fs := []scrub.Finding{
		gps("GPSLatitudeRef", "N"), gps("GPSLatitude", "43 28 2.814"), gps("GPSLongitudeRef", "E"),
		gps("GPSLongitude", "11 53 6.456"), gps("GPSMapDatum", "WGS-84"), gps("GPSPosition", "43.467448 N, 11.885127 E"),
		// A second picture, whose position comes in parts only.
		{Where: "word/media/image2.jpeg > EXIF", Field: "GPSLatitude", Value: "1 2 3", Label: scrub.LabelGPS, Action: scrub.Remove},
	}
	s := Summarize("jpeg", fs)
	if s.Remove != 2 || s.Details != 5 {
		t.Errorf("remove %d details %d", s.Remove, s.Details)
	}
	lines := s.ByGroup[GroupPlace]
	if len(lines) != 1 || len(lines[0].Values) != 2 || lines[0].Values[0] != Position(43.467448, 11.885127) {
		t.Errorf("%+v", lines)
	}
	if _, _, ok := ParsePosition("43 28 2.814"); ok {
		t.Error("degrees, minutes and seconds parsed as a position")
	}
}

// An empty property (a blank title or author) reveals nothing: it is a
// detail, though cleaning removes it; an empty hidden slide or macro is
// not.
func TestSummarizeEmptyText(t *testing.T) {
	fs := []scrub.Finding{
		{Field: "dc:title", Label: scrub.LabelTitle, Action: scrub.Remove},
		{Field: "dc:creator", Value: " ", Label: scrub.LabelAuthor, Action: scrub.Remove},
		{Field: "vbaProject.bin", Label: scrub.LabelMacros, Action: scrub.Remove},
		{Field: "show", Label: scrub.LabelHiddenSlide, Action: scrub.Report},
	}
	s := Summarize("docx", fs)
	if s.Remove != 1 || s.Details != 2 || len(s.Review) != 1 {
		t.Errorf("remove %d details %d review %d", s.Remove, s.Details, len(s.Review))
	}
}
