package table

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

var sample = []Town{
	{Lat: 488534, Lon: 23488, Country: "FR", Name: "Paris", Population: 2138551},
	{Lat: -338679, Lon: 1512073, Country: "AU", Name: "Sydney", Population: 4627345},
	{Lat: 631061, Lon: 1793505, Country: "RU", Name: "Beringovskiy", Population: 1800},
	{Lat: 663217, Lon: -1791220, Country: "RU", Name: "Egvekinot", Population: 2332},
	{Lat: 900000, Lon: -1800000, Country: "AQ", Name: "Pole", Population: 0},
	{Lat: -900000, Lon: 1800000, Country: "AQ", Name: "Other pole"},
	{Lat: 488534, Lon: 23488, Country: "FR", Name: "Paris 2"},
	{Lat: 10, Lon: -10, Country: "GH", Name: "Ñandú ‘quoted’ 東京"},
}

func TestTownsRoundTrip(t *testing.T) {
	b, err := EncodeTowns("test source", 10000, sample)
	if err != nil {
		t.Fatal(err)
	}
	tt, err := DecodeTowns(b)
	if err != nil {
		t.Fatal(err)
	}
	if tt.Source != "test source" || tt.Scale != 10000 || len(tt.Lat) != len(sample) {
		t.Fatalf("source %q, scale %d, %d towns", tt.Source, tt.Scale, len(tt.Lat))
	}
	got := map[Town]bool{}
	for i := range tt.Lat {
		got[Town{Lat: tt.Lat[i], Lon: tt.Lon[i], Country: tt.Codes[tt.Country[i]], Name: tt.Name(i),
			Population: MinPopulation(tt.Size[i])}] = true
	}
	for _, s := range sample {
		s.Population = MinPopulation(SizeClass(s.Population))
		if !got[s] {
			t.Errorf("%+v did not come back", s)
		}
	}
	if !reflect.DeepEqual(tt.Codes, []string{"AQ", "AU", "FR", "GH", "RU"}) {
		t.Errorf("codes %v", tt.Codes)
	}
}

// The same towns in any order give the same bytes.
func TestTownsDeterministic(t *testing.T) {
	want, err := EncodeTowns("s", 10000, sample)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 1))
	for range 20 {
		ts := append([]Town(nil), sample...)
		r.Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })
		got, err := EncodeTowns("s", 10000, ts)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatal("another order gave other bytes")
		}
	}
}

func TestEncodeTownsRefuses(t *testing.T) {
	for _, tw := range []Town{
		{Lat: 900001, Country: "FR", Name: "north of the pole"},
		{Lon: -1800001, Country: "FR", Name: "west of the line"},
		{Country: "fr", Name: "lower-case country"},
		{Country: "FRA", Name: "three letters"},
		{Country: "FR", Name: ""},
		{Country: "FR", Name: "bad\xffutf8"},
		{Country: "FR", Name: "new\nline"},
		{Country: "FR", Name: "c1\u0085control"},
	} {
		if _, err := EncodeTowns("s", 10000, []Town{tw}); err == nil {
			t.Errorf("%+v: encoded", tw)
		}
	}
	var many []Town
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'K'; b++ {
			many = append(many, Town{Country: string([]rune{a, b}), Name: "x"})
		}
	}
	if _, err := EncodeTowns("s", 10000, many); err == nil {
		t.Errorf("%d countries encoded", len(many))
	}
}

func TestSizeClass(t *testing.T) {
	if SizeClass(0) != 0 || SizeClass(1) != 0 {
		t.Errorf("no one: classes %d, %d", SizeClass(0), SizeClass(1))
	}
	prev := uint8(0)
	for _, p := range []uint64{2, 3, 10, 999, 1000, 1001, 5000, 1e6, 2138551, 22315474, 1 << 31, 1 << 40} {
		c := SizeClass(p)
		if c < prev {
			t.Errorf("SizeClass(%d) = %d, less than for fewer people", p, c)
		}
		prev = c
		if MinPopulation(c) > p || SizeClass(MinPopulation(c)) != c {
			t.Errorf("SizeClass(%d) = %d, whose least is %d", p, c, MinPopulation(c))
		}
		if p >= 1000 && c < 255 { // below, classes of whole people collapse
			if mid := Population(c); mid < float64(MinPopulation(c))*0.99 || mid > float64(MinPopulation(c+1))*1.01 {
				t.Errorf("class %d stands for %.0f, outside %d–%d", c, mid, MinPopulation(c), MinPopulation(c+1))
			}
		}
	}
	if SizeClass(1<<40) != 255 {
		t.Errorf("a trillion people: class %d", SizeClass(1<<40))
	}
	// Each class is a step of about 9 %.
	if c1, c2 := SizeClass(100000), SizeClass(120000); c2-c1 < 2 || c2-c1 > 3 {
		t.Errorf("100,000 → %d, 120,000 → %d", c1, c2)
	}
}

func TestCountriesRoundTrip(t *testing.T) {
	names := map[string]map[string]string{
		"en":      {"FR": "France", "DE": "Germany"},
		"zh-Hant": {"FR": "法國"},
	}
	b, err := EncodeCountries("cldr", []string{"FR", "DE"}, names)
	if err != nil {
		t.Fatal(err)
	}
	c, err := DecodeCountries(b)
	if err != nil {
		t.Fatal(err)
	}
	want := &Countries{Source: "cldr", Codes: []string{"DE", "FR"}, Langs: []string{"en", "zh-Hant"},
		Names: [][]string{{"Germany", "France"}, {"", "法國"}}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got %+v, want %+v", c, want)
	}
	for _, bad := range []struct {
		codes []string
		names map[string]map[string]string
	}{
		{[]string{"FR", "FR"}, names},
		{[]string{"F1"}, names},
		{[]string{"FR"}, map[string]map[string]string{"en": {"FR": "a\tb"}}},
		{[]string{"FR"}, map[string]map[string]string{"en": {"DE": "Germany"}}},
		{[]string{"FR"}, map[string]map[string]string{"": {"FR": "France"}}},
	} {
		if _, err := EncodeCountries("s", bad.codes, bad.names); err == nil {
			t.Errorf("%v %v: encoded", bad.codes, bad.names)
		}
	}
}

// A damaged table is an error, never a panic or a large allocation.
func TestDecodeDamaged(t *testing.T) {
	good, err := EncodeTowns("s", 10000, sample)
	if err != nil {
		t.Fatal(err)
	}
	body, err := Inflate(good)
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(body); n++ {
		if _, err := DecodeTowns(mustDeflate(t, body[:n])); err == nil {
			t.Fatalf("truncated to %d of %d bytes: decoded", n, len(body))
		}
	}
	if _, err := DecodeTowns(mustDeflate(t, append(append([]byte(nil), body...), 0))); err == nil {
		t.Error("a byte after the end: decoded")
	}
	other := append([]byte(nil), body...)
	other[len(townsMagic)] = 2
	if _, err := DecodeTowns(mustDeflate(t, other)); err == nil || !strings.Contains(err.Error(), "version 2") {
		t.Errorf("version 2: %v", err)
	}
	if _, err := DecodeCountries(good); err == nil {
		t.Error("a town table read as a country table")
	}
	// A count of towns far beyond what the body holds.
	huge := append([]byte(townsMagic), version)
	huge = appendString(huge, "s")
	huge = append(huge, 1, 0) // scale 1, no countries
	huge = append(huge, 0xff, 0xff, 0xff, 0xff, 0x0f)
	if _, err := DecodeTowns(mustDeflate(t, huge)); err == nil {
		t.Error("a huge count: decoded")
	}
	if _, err := DecodeTowns([]byte("not deflate at all")); err == nil {
		t.Error("garbage: decoded")
	}
	// More than the bound, inflated.
	if _, err := Inflate(mustDeflate(t, make([]byte, maxBody+1))); err == nil {
		t.Error("a body over the bound: inflated")
	}
}

func mustDeflate(t *testing.T, b []byte) []byte {
	t.Helper()
	d, err := deflate(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func FuzzDecode(f *testing.F) {
	towns, err := EncodeTowns("s", 10000, sample)
	if err != nil {
		f.Fatal(err)
	}
	countries, err := EncodeCountries("c", []string{"FR"}, map[string]map[string]string{"en": {"FR": "France"}})
	if err != nil {
		f.Fatal(err)
	}
	for _, b := range [][]byte{towns, countries} {
		body, err := Inflate(b)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := deflate(body)
		if err != nil {
			t.Fatal(err)
		}
		if tt, err := DecodeTowns(d); err == nil {
			for i := range tt.Lat {
				_ = tt.Name(i)
				if int(tt.Country[i]) >= len(tt.Codes) {
					t.Fatalf("town %d: country %d of %d", i, tt.Country[i], len(tt.Codes))
				}
			}
			if len(tt.Lon) != len(tt.Lat) || len(tt.Size) != len(tt.Lat) || len(tt.NameEnd) != len(tt.Lat) {
				t.Fatal("columns of different lengths")
			}
		}
		if c, err := DecodeCountries(d); err == nil {
			for _, names := range c.Names {
				if len(names) != len(c.Codes) {
					t.Fatal("a language with another number of names")
				}
			}
		}
	})
}
