package geo_test

import (
	"testing"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// What a person reads: package words names the place of a GPS position
// through this package.
func TestWordsSayWhere(t *testing.T) {
	words.Use("en")
	for _, c := range []struct {
		lat, lon float64
		want     string
	}{
		{48.8584, 2.2945, "48.8584° N, 2.2945° E — near Paris, France"},
		{-33.8688, 151.2093, "33.8688° S, 151.2093° E — near Sydney, Australia"},
		{65, -179.9, "65.0000° N, 179.9000° W — near Russia"}, // only the country, 126 km from a town
		{0, -160, "0.0000° N, 160.0000° W"},                   // mid-Pacific: nothing
	} {
		if got := words.Position(c.lat, c.lon); got != c.want {
			t.Errorf("Position(%v, %v) = %q, want %q", c.lat, c.lon, got, c.want)
		}
	}
	f := scrub.Finding{Label: scrub.LabelGPS, Field: "GPSLatitude", Value: "40.416800 N, 3.703800 W"}
	if got, want := words.Value(f), "40.4168° N, 3.7038° W — near Madrid, Spain"; got != want {
		t.Errorf("Value = %q, want %q", got, want)
	}
}
