package isobmff_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/isobmff"
	"github.com/scrub-project/scrub/scrub"
)

func identify(b []byte) (string, error) {
	return isobmff.New().Identify(b[:min(len(b), 4096)], bytes.NewReader(b), int64(len(b)))
}

// TestIdentify checks which content the handler claims: ISO media files by
// their brand, classic QuickTime movies without ftyp, and nothing else.
func TestIdentify(t *testing.T) {
	ftyp := func(major string, compat ...string) []byte {
		return cat(box("ftyp", []byte(major), u32(0), []byte(strings.Join(compat, ""))), box("mdat", make([]byte, 16)))
	}
	// A classic QuickTime movie: a free box where the file type box was,
	// so that the offsets stay right.
	noFtyp := syntheticMovie(true)
	copy(noFtyp, box("free", make([]byte, 12)))
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"mp4", ftyp("isom", "isom", "mp41"), "mp4"},
		{"mov", ftyp("qt  ", "qt  "), "mov"},
		{"m4a", ftyp("M4A ", "M4A ", "mp42", "isom"), "m4a"},
		{"3gp", ftyp("3gp5", "3gp5", "isom"), "3gp"},
		{"3g2", ftyp("3g2a", "3g2a"), "3gp"},
		{"heic", ftyp("heic", "mif1", "heic"), "heic"},
		{"heif generic", ftyp("mif1", "mif1", "miaf"), "heic"},
		{"avif", ftyp("avif", "mif1", "avif"), "avif"},
		{"avif as mif1", ftyp("mif1", "mif1", "avif"), "avif"},
		{"cr3", ftyp("crx ", "crx ", "isom"), "cr3"},
		{"unknown major, known compatible", ftyp("abcd", "mp42"), "mp4"},
		{"unknown brands", ftyp("jp2 ", "jp2 "), ""},
		{"QuickTime without ftyp", noFtyp, "mov"},
		{"a free box that is not a movie", cat(box("free", []byte("hello")), []byte("rest of some other file")), ""},
		{"JPEG", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"), ""},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), ""},
		{"PDF", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), ""},
		{"zip", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00aaaaaaaaaaaaaaaa"), ""},
		{"JPEG XL container", cat(box("JXL ", []byte{0x0d, 0x0a, 0x87, 0x0a}), box("ftyp", []byte("jxl \x00\x00\x00\x00jxl "))), ""},
		{"short", []byte("\x00\x00\x00\x08ftyp"), ""},
		{"ftyp larger than the file", cat(u32(1000), []byte("ftypisom"), make([]byte, 20)), ""},
	} {
		got, err := identify(c.data)
		if err != nil || got != c.want {
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	// A classic QuickTime movie cleans like any other.
	out, _, _ := clean(t, noFtyp)
	if got, _ := identify(out); got != "mov" {
		t.Errorf("the cleaned classic movie identifies as %q", got)
	}
}

// TestRefusals checks the files scrub refuses on purpose, with the kind of
// error the front ends explain.
func TestRefusals(t *testing.T) {
	base := syntheticMovie(false)
	moovAt := bytes.Index(base, []byte("moov")) - 4
	insert := func(b []byte) []byte {
		// Put a box at the end of the movie box (the last box).
		out := append([]byte(nil), base...)
		size := int(u32be(out[moovAt:]))
		out = append(out, b...)
		copy(out[moovAt:], u32(uint32(size+len(b))))
		return out
	}
	for _, c := range []struct {
		name string
		data []byte
		kind error
		text string
	}{
		{"fragmented", cat(base, box("moof", fullbox("mfhd", 0, 0, u32(1)))), scrub.ErrUnsupported, "fragmented"},
		{"movie extends", insert(box("mvex", fullbox("trex", 0, 0, make([]byte, 20)))), scrub.ErrUnsupported, "fragmented"},
		{"compressed movie header", insert(box("cmov", fullbox("dcom", 0, 0, []byte("zlib")))), scrub.ErrUnsupported, "compressed"},
		{"cr3", cat(box("ftyp", []byte("crx \x00\x00\x00\x01crx isom")), base[bytes.Index(base, []byte("mdat"))-4:]), scrub.ErrUnsupported, "Canon"},
		{"two movies", cat(base, base[moovAt:]), scrub.ErrMalformed, "two movie"},
		{"no movie", cat(box("ftyp", []byte("isom\x00\x00\x00\x00isom")), box("mdat", []byte("x"))), scrub.ErrMalformed, "neither"},
		{"stray bytes at the end", cat(base, []byte{1, 2, 3}), scrub.ErrMalformed, "stray"},
		{"external media", bytes.Replace(base, fullbox("url ", 0, 1), fullbox("url ", 0, 0), 1), scrub.ErrUnsupported, "other files"},
		{"unknown coding box", bytes.Replace(base, box("pasp", u32(1), u32(1)), box("zzzz", u32(1), u32(1)), 1), scrub.ErrUnsupported, "coded with a description"},
		{"encrypted", bytes.Replace(base, box("pasp", u32(1), u32(1)), box("sinf", u32(1), u32(1)), 1), scrub.ErrUnsupported, "DRM"},
		{"huge file type box", cat(u32(5000), []byte("ftypisom"), make([]byte, 4988), base[bytes.Index(base, []byte("mdat"))-4:]), scrub.ErrMalformed, "file type"},
	} {
		_, _, _, err := tryClean(c.data)
		if !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.text) {
			t.Errorf("%s: %v; want %v mentioning %q", c.name, err, c.kind, c.text)
		}
	}
	// A HEIF whose picture is a JPEG bitstream (which carries its own
	// EXIF) is refused.
	c := codedPicture(t, false, false)
	c.typ = "jpeg"
	jpegHEIF, _ := plantHEIF(t, c, false, heifOptions{exifIn: "mdat", offSize: 4})
	if _, _, _, err := tryClean(jpegHEIF); !errors.Is(err, scrub.ErrUnsupported) || !strings.Contains(err.Error(), "main picture") {
		t.Errorf("JPEG-coded HEIF: %v", err)
	}
	// Zero padding at the end is tolerated (and dropped).
	if _, _, _, err := tryClean(cat(base, []byte{0, 0, 0})); err != nil {
		t.Errorf("zero padding: %v", err)
	}
	// The member limit bounds what is held in memory.
	env := scrub.NewEnv(registry(), scrub.Limits{MaxMemberSize: 256}, scrub.Policy{})
	_, err := isobmff.New().Inspect(context.Background(), env, bytes.NewReader(base), int64(len(base)))
	if !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("a movie box over the member limit: %v", err)
	}
}

func u32be(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// TestCleanFilesAreClean checks that a file with nothing to remove (a
// cleaned one) reports only what is kept, and that the report of a dirty
// file labels everything.
func TestCleanFilesAreClean(t *testing.T) {
	dirty, _ := plantMovie(t, syntheticMovie(false), movieOptions{layout: "head"})
	out, fs, _ := clean(t, dirty)
	for _, f := range fs {
		if !scrub.KnownLabel(f.Label) || f.Kind == "" || f.Action == "" {
			t.Errorf("finding without label, kind or action: %+v", f)
		}
	}
	for _, f := range inspect(t, out) {
		if f.Action == scrub.Remove {
			t.Errorf("the cleaned copy still has %+v", f)
		}
	}
}
