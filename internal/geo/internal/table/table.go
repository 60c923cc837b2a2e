// Package table is the on-disk form of the offline geography tables that
// package geo embeds: towns.bin (every town's position, country and name)
// and countries.bin (country names in the languages scrub speaks). The
// generator (internal/geo/gen) writes them with EncodeTowns and
// EncodeCountries; package geo reads them with DecodeTowns and
// DecodeCountries. Keeping both directions here means the format is
// written down once.
//
// Both files are a raw DEFLATE stream (compress/flate, best compression)
// of a body made of unsigned and zig-zag varints and length-prefixed
// strings:
//
//	towns.bin body:
//	  "scrub-geo-towns\n" 1        magic and format version
//	  string source                where the data came from
//	  uvarint scale                fixed-point units per degree
//	  uvarint nc, nc × 2 bytes     ISO 3166-1 alpha-2 country codes
//	  uvarint n                    number of towns
//	  n × varint                   latitude, difference from the previous town's
//	  n × varint                   longitude, likewise
//	  n × byte                     index of the town's country in the codes
//	  n × byte                     the town's size class (see SizeClass)
//	  n × uvarint                  length of the town's name in bytes
//	  names                        the names, UTF-8, one after the other
//
//	countries.bin body:
//	  "scrub-geo-countries\n" 1    magic and format version
//	  string source
//	  uvarint nc, nc × 2 bytes     country codes
//	  uvarint nl                   number of languages, then for each:
//	    string tag                 BCP 47 tag ("en", "zh-Hant")
//	    nc × string                the name of each country ("" if none)
//
// Towns are stored in one canonical order (by 1° cell, then latitude,
// longitude, country and name), so equal inputs give equal bytes whatever
// order they came in.
package table

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

const (
	townsMagic     = "scrub-geo-towns\n"
	countriesMagic = "scrub-geo-countries\n"
	version        = 1

	// maxBody bounds what a decoder inflates: the tables are built in,
	// but a bound costs nothing and keeps a damaged file from eating memory.
	maxBody = 64 << 20
)

// Town is one town as the generator hands it over.
type Town struct {
	Lat, Lon   int32  // fixed point: degrees × Scale
	Country    string // ISO 3166-1 alpha-2, upper case
	Name       string
	Population uint64 // 0 when GeoNames does not say
}

// Towns is the decoded town table, in columns.
type Towns struct {
	Source   string
	Scale    int32    // fixed-point units per degree
	Codes    []string // country codes; Country[i] indexes this
	Lat, Lon []int32
	Country  []uint8
	Size     []uint8  // SizeClass of each town's population
	Names    string   // all names, one after the other
	NameEnd  []uint32 // town i's name is Names[NameEnd[i-1]:NameEnd[i]]
}

// Name returns town i's name.
func (t *Towns) Name(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.NameEnd[i-1]
	}
	return t.Names[start:t.NameEnd[i]]
}

// Countries is the decoded table of country names.
type Countries struct {
	Source string
	Codes  []string
	Langs  []string   // BCP 47 tags, in file order
	Names  [][]string // Names[lang][code index]; "" when the language has none
}

// EncodeTowns returns towns.bin for towns. It sorts towns (a copy) into
// the canonical order and refuses what the format cannot hold: more than
// 256 countries, a code that is not two upper-case letters, a name that
// is empty, not UTF-8 or holds control characters, a position out of range.
func EncodeTowns(source string, scale int32, towns []Town) ([]byte, error) {
	if scale <= 0 {
		return nil, fmt.Errorf("scale %d: must be positive", scale)
	}
	ts := append([]Town(nil), towns...)
	for _, t := range ts {
		if err := checkTown(t, scale); err != nil {
			return nil, err
		}
	}
	cell := func(v int32) int32 { return floorDiv(v, scale) }
	sort.Slice(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		if ca, cb := cell(a.Lat), cell(b.Lat); ca != cb {
			return ca < cb
		}
		if ca, cb := cell(a.Lon), cell(b.Lon); ca != cb {
			return ca < cb
		}
		if a.Lat != b.Lat {
			return a.Lat < b.Lat
		}
		if a.Lon != b.Lon {
			return a.Lon < b.Lon
		}
		if a.Country != b.Country {
			return a.Country < b.Country
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Population < b.Population
	})
	codeSet := map[string]bool{}
	for _, t := range ts {
		codeSet[t.Country] = true
	}
	codes := sortedKeys(codeSet)
	if len(codes) > 256 {
		return nil, fmt.Errorf("%d countries: the format holds at most 256", len(codes))
	}
	index := map[string]uint8{}
	for i, c := range codes {
		index[c] = uint8(i)
	}

	var b []byte
	b = append(b, townsMagic...)
	b = append(b, version)
	b = appendString(b, source)
	b = binary.AppendUvarint(b, uint64(scale))
	b = appendCodes(b, codes)
	b = binary.AppendUvarint(b, uint64(len(ts)))
	var prev int32
	for _, t := range ts {
		b = binary.AppendVarint(b, int64(t.Lat)-int64(prev))
		prev = t.Lat
	}
	prev = 0
	for _, t := range ts {
		b = binary.AppendVarint(b, int64(t.Lon)-int64(prev))
		prev = t.Lon
	}
	for _, t := range ts {
		b = append(b, index[t.Country])
	}
	for _, t := range ts {
		b = append(b, SizeClass(t.Population))
	}
	for _, t := range ts {
		b = binary.AppendUvarint(b, uint64(len(t.Name)))
	}
	for _, t := range ts {
		b = append(b, t.Name...)
	}
	return deflate(b)
}

func checkTown(t Town, scale int32) error {
	if !isCode(t.Country) {
		return fmt.Errorf("town %q: country code %q is not two upper-case letters", t.Name, t.Country)
	}
	if err := checkText(t.Name); err != nil {
		return fmt.Errorf("town %q in %s: %v", t.Name, t.Country, err)
	}
	if int64(t.Lat) < -90*int64(scale) || int64(t.Lat) > 90*int64(scale) ||
		int64(t.Lon) < -180*int64(scale) || int64(t.Lon) > 180*int64(scale) {
		return fmt.Errorf("town %q in %s: position %d, %d is out of range", t.Name, t.Country, t.Lat, t.Lon)
	}
	return nil
}

// checkText accepts a name that can be printed as it is: non-empty UTF-8
// without control characters.
func checkText(s string) error {
	if s == "" {
		return errors.New("empty name")
	}
	if !utf8.ValidString(s) {
		return errors.New("name is not UTF-8")
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return fmt.Errorf("name holds control character %U", r)
		}
	}
	return nil
}

// EncodeCountries returns countries.bin. names maps a language tag to the
// names of the countries in that language, by code; codes lists the codes
// the table knows, and every language must name at least one of them.
func EncodeCountries(source string, codes []string, names map[string]map[string]string) ([]byte, error) {
	codes = append([]string(nil), codes...)
	sort.Strings(codes)
	for i, c := range codes {
		if !isCode(c) {
			return nil, fmt.Errorf("country code %q is not two upper-case letters", c)
		}
		if i > 0 && codes[i-1] == c {
			return nil, fmt.Errorf("country code %q is listed twice", c)
		}
	}
	langs := make([]string, 0, len(names))
	for l := range names {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	var b []byte
	b = append(b, countriesMagic...)
	b = append(b, version)
	b = appendString(b, source)
	b = appendCodes(b, codes)
	b = binary.AppendUvarint(b, uint64(len(langs)))
	for _, l := range langs {
		if l == "" {
			return nil, errors.New("a language without a tag")
		}
		b = appendString(b, l)
		known := 0
		for _, c := range codes {
			n := names[l][c]
			if n != "" {
				if err := checkText(n); err != nil {
					return nil, fmt.Errorf("%s name of %s: %v", l, c, err)
				}
				known++
			}
			b = appendString(b, n)
		}
		if known == 0 {
			return nil, fmt.Errorf("language %s names no country", l)
		}
	}
	return deflate(b)
}

// DecodeTowns reads towns.bin.
func DecodeTowns(data []byte) (*Towns, error) {
	r, err := inflate(data, townsMagic)
	if err != nil {
		return nil, err
	}
	t := &Towns{}
	t.Source = r.string()
	scale := r.uvarint()
	if r.err == nil && (scale == 0 || scale > 1e7) {
		r.fail("scale %d", scale)
	}
	t.Scale = int32(scale)
	t.Codes = r.codes()
	n := r.count(6) // each town takes at least 6 bytes
	t.Lat = r.positions(n, 90*int64(scale))
	t.Lon = r.positions(n, 180*int64(scale))
	t.Country = r.bytes(n)
	for _, c := range t.Country {
		if int(c) >= len(t.Codes) {
			r.fail("country index %d of %d", c, len(t.Codes))
			break
		}
	}
	t.Size = r.bytes(n)
	t.NameEnd = make([]uint32, 0, n)
	var end uint64
	for i := 0; i < n && r.err == nil; i++ {
		l := r.uvarint()
		if l > uint64(len(r.b)) || end+l > uint64(len(r.b)) {
			r.fail("names run past the end")
		}
		end += l
		t.NameEnd = append(t.NameEnd, uint32(end))
	}
	t.Names = string(r.bytes(int(end)))
	if err := r.finish(); err != nil {
		return nil, err
	}
	return t, nil
}

// DecodeCountries reads countries.bin.
func DecodeCountries(data []byte) (*Countries, error) {
	r, err := inflate(data, countriesMagic)
	if err != nil {
		return nil, err
	}
	c := &Countries{}
	c.Source = r.string()
	c.Codes = r.codes()
	nl := r.count(1 + len(c.Codes))
	for i := 0; i < nl && r.err == nil; i++ {
		c.Langs = append(c.Langs, r.string())
		names := make([]string, len(c.Codes))
		for j := range names {
			names[j] = r.string()
		}
		c.Names = append(c.Names, names)
	}
	if err := r.finish(); err != nil {
		return nil, err
	}
	return c, nil
}

// SizeClass stores a population in one byte, on a scale of eighths of a
// power of two: class c stands for 2^(c/8) people up to the next class
// (steps of 9 %), 0 for none or unknown. Integer thresholds make it the
// same on every machine.
func SizeClass(pop uint64) uint8 {
	c := sort.Search(len(classFloor), func(i int) bool { return classFloor[i] > pop }) - 1
	return uint8(max(c, 0))
}

// Population returns the population class c stands for: the geometric
// middle of its range (0 for class 0).
func Population(c uint8) float64 {
	if c == 0 {
		return 0
	}
	return math.Exp2((float64(c) + 0.5) / 8)
}

// MinPopulation returns the smallest population of class c: SizeClass of
// it is c again, for every class SizeClass gives.
func MinPopulation(c uint8) uint64 { return classFloor[c] }

// classFloor[c] is the smallest population of class c ≥ 1.
var classFloor = func() (f [256]uint64) {
	// 2^(i/8) for i = 0..7, written out: multiplying them by a power of
	// two is exact, so no library function's last bit can move a threshold.
	frac := [8]float64{1, 1.0905077326652577, 1.189207115002721, 1.2968395546510096,
		1.4142135623730951, 1.5422108254079407, 1.681792830507429, 1.8340080864093424}
	for c := 1; c < 256; c++ {
		f[c] = uint64(math.Ceil(math.Ldexp(frac[c&7], c>>3)))
	}
	return f
}()

func deflate(body []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(body); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Inflate returns the body of a table file, for tests that compare what
// two files hold rather than how they were compressed.
func Inflate(data []byte) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(data)), maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxBody {
		return nil, errors.New("geo table: larger than any table scrub ships")
	}
	return b, nil
}

func inflate(data []byte, magic string) (*reader, error) {
	b, err := Inflate(data)
	if err != nil {
		return nil, fmt.Errorf("geo table: %w", err)
	}
	if !strings.HasPrefix(string(b), magic) || len(b) <= len(magic) {
		return nil, errors.New("geo table: not a " + strings.TrimSpace(magic) + " table")
	}
	if v := b[len(magic)]; v != version {
		return nil, fmt.Errorf("geo table: format version %d, this scrub reads %d", v, version)
	}
	return &reader{b: b[len(magic)+1:]}, nil
}

// reader reads a table body; the first error sticks and later reads
// return zero values.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("geo table: "+format, args...)
	}
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("bad or truncated number")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("bad or truncated number")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a count of items that take at least min bytes each, and
// refuses one the rest of the body cannot hold.
func (r *reader) count(min int) int {
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.b)/max(min, 1)) {
		r.fail("count %d is more than the table holds", n)
		return 0
	}
	return int(n)
}

// positions reads n delta-coded positions, each within ±lim.
func (r *reader) positions(n int, lim int64) []int32 {
	out := make([]int32, 0, n)
	var v int64
	for i := 0; i < n && r.err == nil; i++ {
		v += r.varint()
		if v < -lim || v > lim {
			r.fail("position %d out of range", v)
		}
		out = append(out, int32(v))
	}
	return out
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.fail("truncated")
		return nil
	}
	b := r.b[:n:n]
	r.b = r.b[n:]
	return b
}

func (r *reader) string() string {
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.b)) {
		r.fail("string runs past the end")
		return ""
	}
	return string(r.bytes(int(n)))
}

func (r *reader) codes() []string {
	n := r.count(2)
	codes := make([]string, 0, n)
	for i := 0; i < n && r.err == nil; i++ {
		c := string(r.bytes(2))
		if r.err == nil && !isCode(c) {
			r.fail("country code %q", c)
		}
		codes = append(codes, c)
	}
	return codes
}

func (r *reader) finish() error {
	if r.err == nil && len(r.b) != 0 {
		r.fail("%d bytes after the end", len(r.b))
	}
	return r.err
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendCodes(b []byte, codes []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(codes)))
	for _, c := range codes {
		b = append(b, c...)
	}
	return b
}

func isCode(c string) bool {
	return len(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'
}

func floorDiv(a, b int32) int32 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
