package webp_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/webp"
	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(webp.New())
	return r
}

// tinyVP8L is a 1×1 lossless bitstream (libwebp decodes it).
var tinyVP8L = []byte("\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00")[:13]

// ck returns a RIFF chunk with its pad byte.
func ck(id string, p []byte) []byte {
	b := append([]byte(id), 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(b[4:], uint32(len(p)))
	b = append(b, p...)
	if len(p)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// riff wraps chunks in a RIFF WEBP container.
func riff(chunks ...[]byte) []byte {
	var body []byte
	for _, c := range chunks {
		body = append(body, c...)
	}
	b := []byte("RIFF\x00\x00\x00\x00WEBP")
	binary.LittleEndian.PutUint32(b[4:], uint32(4+len(body)))
	return append(b, body...)
}

// vp8x returns a VP8X chunk with the given flags for a w×h canvas.
func vp8x(flags byte, w, h int) []byte {
	p := make([]byte, 10)
	p[0] = flags
	put24 := func(b []byte, v int) { b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16) }
	put24(p[4:], w-1)
	put24(p[7:], h-1)
	return ck("VP8X", p)
}

type chunk struct {
	id   string
	data []byte
}

// chunks parses a RIFF WEBP file strictly: the RIFF size must be the file
// size less 8 and every pad byte present and zero.
func chunks(t testing.TB, b []byte) []chunk {
	t.Helper()
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		t.Fatal("not a RIFF WEBP file")
	}
	if n := binary.LittleEndian.Uint32(b[4:]); int(n) != len(b)-8 {
		t.Fatalf("RIFF size %d, file %d bytes", n, len(b))
	}
	var out []chunk
	for p := 12; p < len(b); {
		if p+8 > len(b) {
			t.Fatalf("chunk header cut at %d", p)
		}
		n := int(binary.LittleEndian.Uint32(b[p+4:]))
		if p+8+n+n%2 > len(b) {
			t.Fatalf("chunk %q runs past the end", b[p:p+4])
		}
		if n%2 == 1 && b[p+8+n] != 0 {
			t.Fatalf("chunk %q: pad byte not zero", b[p:p+4])
		}
		out = append(out, chunk{string(b[p : p+4]), b[p+8 : p+8+n]})
		p += 8 + n + n%2
	}
	return out
}

func ids(cs []chunk) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.id)
	}
	return strings.Join(s, ",")
}

func exifBlock(prefix string, order binary.ByteOrder) []byte {
	return (&metatest.EXIF{Order: order,
		IFD0: []metatest.Entry{{Tag: 0x010f, Value: prefix + "-MAKE"}, {Tag: 0x0110, Value: prefix + "-MODEL"}, {Tag: 0x013b, Value: prefix + "-ARTIST"}},
		Exif: []metatest.Entry{{Tag: 0xa431, Value: prefix + "-SERIAL"}, {Tag: 0x9003, Value: "2021:02:03 04:05:06"}},
		GPS: []metatest.Entry{{Tag: 1, Value: "N"}, {Tag: 2, Value: [][2]uint32{{52, 1}, {31, 1}, {1234, 100}}},
			{Tag: 3, Value: "E"}, {Tag: 4, Value: [][2]uint32{{13, 1}, {24, 1}, {5678, 100}}}},
	}).Bytes()
}

// dirty returns an extended WebP whose every metadata place carries a
// planted value, and the planted values.
func dirty() ([]byte, []string) {
	planted := []string{"WP-MAKE", "WP-MODEL", "WP-ARTIST", "WP-SERIAL", "WP-XMP-CREATOR", "WP-XMP0-DOCID",
		"WP-UNKNOWN-CHUNK", "WP-ICC-DESC", "WP-ICC-CPRT", "WP-ICC-MAKER", "WP-TRAILING"}
	icc := metatest.ICCDevice("WP-ICC-DESC", "WP-ICC-CPRT", "APPL", "MDL1", "WP-ICC-MAKER")
	b := riff(
		vp8x(0x20|0x08|0x04|0x10|0xc1, 1, 1), // reserved bits set too
		ck("ICCP", icc),
		ck("VP8L", tinyVP8L),
		ck("EXIF", append([]byte("Exif\x00\x00"), exifBlock("WP", binary.BigEndian)...)),
		ck("XMP ", metatest.XMP([][2]string{{"dc:creator", "WP-XMP-CREATOR"}})),
		ck("XMP\x00", metatest.XMP([][2]string{{"xmpMM:DocumentID", "WP-XMP0-DOCID"}})),
		ck("ZZZZ", []byte("WP-UNKNOWN-CHUNK!")), // odd size: a pad byte
	)
	return append(b, "WP-TRAILING"...), planted
}

func clean(t testing.TB, in []byte) ([]byte, []scrub.Warning) {
	t.Helper()
	return scrubtest.Clean(t, registry(), "x.webp", in, scrub.Policy{})
}

func TestPlantedEverywhere(t *testing.T) {
	in, planted := dirty()
	out := scrubtest.RoundTrip(t, registry(), "dirty.webp", in, planted...)
	cs := chunks(t, out)
	if got := ids(cs); got != "VP8X,ICCP,VP8L" {
		t.Fatalf("chunks %s, want VP8X,ICCP,VP8L", got)
	}
	if f := cs[0].data[0]; f != 0x30 {
		t.Errorf("VP8X flags %#x, want 0x30 (ICC and alpha)", f)
	}
	if !bytes.Equal(cs[0].data[1:4], []byte{0, 0, 0}) || !bytes.Equal(cs[0].data[4:], []byte{0, 0, 0, 0, 0, 0}) {
		t.Errorf("VP8X reserved bytes or canvas changed: % x", cs[0].data)
	}
	if !bytes.Equal(cs[2].data, tinyVP8L) {
		t.Error("the bitstream changed")
	}
	// The colour data of the profile is kept.
	if !bytes.Contains(cs[1].data, []byte("curv\x00\x00\x00\x00\x00\x00\x00\x01\x02\x33")) {
		t.Error("the profile lost its colour curve")
	}
	_, ws := clean(t, in)
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "after the end") {
		t.Errorf("warnings %+v, want one about the data after the end", ws)
	}
}

func TestFindings(t *testing.T) {
	in, _ := dirty()
	fs := scrubtest.Inspect(t, registry(), "x.webp", in)
	want := map[string]scrub.Label{
		"WP-ARTIST": scrub.LabelAuthor, "WP-SERIAL": scrub.LabelSerial, "WP-MAKE": scrub.LabelCamera,
		"WP-XMP-CREATOR": scrub.LabelAuthor, "WP-XMP0-DOCID": scrub.LabelDocumentID,
	}
	for _, f := range fs {
		if !scrub.KnownLabel(f.Label) {
			t.Errorf("finding %s %s has label %q", f.Where, f.Field, f.Label)
		}
		for v, l := range want {
			if strings.Contains(f.Value, v) {
				if f.Label != l || f.Action != scrub.Remove {
					t.Errorf("%s: label %s action %s, want %s remove", v, f.Label, f.Action, l)
				}
				delete(want, v)
			}
		}
	}
	for v := range want {
		t.Errorf("no finding for %s", v)
	}
	has := func(where, field string, label scrub.Label) {
		t.Helper()
		for _, f := range fs {
			if strings.HasPrefix(f.Where, where) && f.Field == field && f.Label == label && f.Action == scrub.Remove {
				return
			}
		}
		t.Errorf("no %s finding %s in %s: %+v", label, field, where, fs)
	}
	has("ZZZZ chunk", "ZZZZ", scrub.LabelPrivateData)
	has("after the end of the image", "trailing data", scrub.LabelHiddenData)
	has("EXIF chunk", "GPSPosition", scrub.LabelGPS)
	has("ICCP chunk", "DeviceManufacturerDescription", scrub.LabelDevice)
}

// TestEXIFVariants: writers store the EXIF chunk as a bare TIFF stream in
// either byte order, or behind an "Exif\0\0" header (the iPhone
// conversion): each is read for the report and removed.
func TestEXIFVariants(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		exif   []byte
		flags  byte
	}{
		{"II", exifBlock("II", binary.LittleEndian), 0x08},
		{"MM", exifBlock("MM", binary.BigEndian), 0x08},
		{"EXMM", append([]byte("Exif\x00\x00"), exifBlock("EXMM", binary.BigEndian)...), 0x08},
		{"EXII", append([]byte("Exif\x00\x00"), exifBlock("EXII", binary.LittleEndian)...), 0x08},
		{"NOFLAG", exifBlock("NOFLAG", binary.LittleEndian), 0},
	} {
		t.Run(tc.prefix, func(t *testing.T) {
			prefix := tc.prefix
			in := riff(vp8x(tc.flags, 1, 1), ck("VP8L", tinyVP8L), ck("EXIF", tc.exif))
			fs := scrubtest.Inspect(t, registry(), "x.webp", in)
			found := false
			for _, f := range fs {
				found = found || f.Value == prefix+"-ARTIST" && f.Label == scrub.LabelAuthor
			}
			if !found {
				t.Errorf("the artist was not read: %+v", fs)
			}
			out := scrubtest.RoundTrip(t, registry(), "x.webp", in, prefix+"-ARTIST", prefix+"-SERIAL")
			if got := ids(chunks(t, out)); got != "VP8X,VP8L" {
				t.Errorf("chunks %s", got)
			}
		})
	}
}

// TestXMPFlagUnset: mdx__Issue_473_Java.webp has an XMP chunk (spelled
// "XMP\0") while its VP8X flags say there is none; chunks are trusted,
// not flags.
func TestXMPFlagUnset(t *testing.T) {
	in := riff(vp8x(0x08, 1, 1), ck("VP8L", tinyVP8L), ck("XMP\x00", metatest.XMP([][2]string{{"xmp:CreatorTool", "FLAG-UNSET-TOOL"}})))
	out := scrubtest.RoundTrip(t, registry(), "x.webp", in, "FLAG-UNSET-TOOL")
	if cs := chunks(t, out); ids(cs) != "VP8X,VP8L" || cs[0].data[0] != 0 {
		t.Errorf("chunks %s flags %#x", ids(cs), cs[0].data[0])
	}
}

// TestOrientation: a rotated photo keeps an EXIF chunk holding only the
// Orientation tag, flagged in VP8X, and cleans to itself.
func TestOrientation(t *testing.T) {
	exif := (&metatest.EXIF{IFD0: []metatest.Entry{{Tag: 0x0112, Value: []uint16{6}}, {Tag: 0x013b, Value: "ROT-ARTIST"}}}).Bytes()
	in := riff(vp8x(0x08, 1, 1), ck("VP8L", tinyVP8L), ck("EXIF", exif))
	out := scrubtest.RoundTrip(t, registry(), "x.webp", in, "ROT-ARTIST")
	cs := chunks(t, out)
	if ids(cs) != "VP8X,VP8L,EXIF" || cs[0].data[0] != 0x08 {
		t.Fatalf("chunks %s flags %#x", ids(cs), cs[0].data[0])
	}
	if o, ok := imagemeta.IsOrientationEXIF(cs[2].data); !ok || o != 6 {
		t.Errorf("EXIF chunk is not the orientation-only block: % x", cs[2].data)
	}
	var report bool
	for _, f := range scrubtest.Inspect(t, registry(), "x.webp", out) {
		report = report || f.Label == scrub.LabelOrientation && f.Action == scrub.Report
	}
	if !report {
		t.Error("the kept orientation is not reported")
	}
}

// TestAnimation: frames keep their header and bitstream, unknown
// sub-chunks go, ANIM (background, loop count) is kept.
func TestAnimation(t *testing.T) {
	frame := func(extra []byte) []byte {
		h := make([]byte, 16)
		h[15] = 0x02 | 0xf0 // disposal... and reserved bits, cleared
		p := append(h, ck("VP8L", tinyVP8L)...)
		return ck("ANMF", append(p, extra...))
	}
	anim := ck("ANIM", []byte{1, 2, 3, 4, 7, 0})
	in := riff(vp8x(0x02, 1, 1), anim, frame(nil), frame(ck("FRMX", []byte("ANIM-FRAME-SECRET"))), ck("XMP ", []byte("ANIM-XMP")))
	out := scrubtest.RoundTrip(t, registry(), "x.webp", in, "ANIM-FRAME-SECRET", "ANIM-XMP")
	cs := chunks(t, out)
	if ids(cs) != "VP8X,ANIM,ANMF,ANMF" {
		t.Fatalf("chunks %s", ids(cs))
	}
	if !bytes.Equal(cs[1].data, anim[8:]) {
		t.Error("ANIM changed")
	}
	for _, c := range cs[2:] {
		if c.data[15] != 0x02 || !bytes.Equal(c.data[16:], ck("VP8L", tinyVP8L)) {
			t.Errorf("frame: % x", c.data)
		}
	}
}

// TestSimpleFormat: a file without VP8X cannot carry metadata; stray
// chunks after its bitstream (as exiftool leaves them) go, and so does a
// second image nobody shows.
func TestSimpleFormat(t *testing.T) {
	in := riff(ck("VP8L", tinyVP8L), ck("XMP ", []byte("SIMPLE-XMP")), ck("VP8L", append(tinyVP8L[:12:12], "SIMPLE-HIDDEN"...)))
	out := scrubtest.RoundTrip(t, registry(), "x.webp", in, "SIMPLE-XMP", "SIMPLE-HIDDEN")
	if got := ids(chunks(t, out)); got != "VP8L" {
		t.Errorf("chunks %s", got)
	}
	plain := riff(ck("VP8L", tinyVP8L))
	if got, _ := clean(t, plain); !bytes.Equal(got, plain) {
		t.Error("a clean simple file changed")
	}
}

func TestIdentify(t *testing.T) {
	h := webp.New()
	for _, b := range [][]byte{
		[]byte("RIFF\x24\x00\x00\x00WAVEfmt "), []byte("RIFF\x24\x00\x00\x00AVI LIST"), []byte("RIFF"), nil,
	} {
		if got, err := h.Identify(b, bytes.NewReader(b), int64(len(b))); got != "" || err != nil {
			t.Errorf("Identify(%q) = %q, %v", b, got, err)
		}
	}
	in, _ := dirty()
	if got, _ := h.Identify(in, bytes.NewReader(in), int64(len(in))); got != "webp" {
		t.Errorf("Identify = %q", got)
	}
}

func TestParts(t *testing.T) {
	in, planted := dirty()
	// A bitstream with a marker: Parts skips codec payload.
	big := append(append([]byte(nil), tinyVP8L...), "CODEC-PAYLOAD"...)
	in = bytes.Replace(in, ck("VP8L", tinyVP8L), ck("VP8L", big), 1)
	binary.LittleEndian.PutUint32(in[4:], binary.LittleEndian.Uint32(in[4:])+uint32(len(ck("VP8L", big))-len(ck("VP8L", tinyVP8L))))
	all := parts(t, in)
	for _, v := range planted {
		if !bytes.Contains(all, []byte(v)) {
			t.Errorf("the parts of the original miss %q", v)
		}
	}
	if bytes.Contains(all, []byte("CODEC-PAYLOAD")) {
		t.Error("the parts include the bitstream")
	}
	out, _ := clean(t, in)
	all = parts(t, out)
	for _, v := range planted {
		if bytes.Contains(all, []byte(v)) {
			t.Errorf("the parts of the cleaned copy still hold %q", v)
		}
	}
}

func parts(t *testing.T, b []byte) []byte {
	t.Helper()
	pl := webp.New().(scrub.PartLister)
	var all []byte
	err := pl.Parts(context.Background(), scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{}), bytes.NewReader(b), int64(len(b)),
		func(p scrub.Part) error {
			d, err := io.ReadAll(p.R)
			all = append(all, d...)
			all = append(all, 0)
			return err
		})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func TestMalformed(t *testing.T) {
	ok := riff(vp8x(0, 1, 1), ck("VP8L", tinyVP8L))
	cut := func(b []byte, n int) []byte { return append([]byte(nil), b[:len(b)-n]...) }
	setRIFF := func(b []byte, n uint32) []byte {
		b = append([]byte(nil), b...)
		binary.LittleEndian.PutUint32(b[4:], n)
		return b
	}
	huge := append(riff(vp8x(0, 1, 1)), "VP8L\xff\xff\xff\xff"...)
	binary.LittleEndian.PutUint32(huge[4:], uint32(len(huge)-8))
	for name, tc := range map[string]struct {
		in   []byte
		kind error
	}{
		"empty":            {nil, scrub.ErrMalformed},
		"header only":      {[]byte("RIFF\x04\x00\x00\x00WEBP"), scrub.ErrMalformed},
		"truncated":        {cut(ok, 5), scrub.ErrMalformed},
		"riff size past":   {setRIFF(ok, 1<<31), scrub.ErrMalformed},
		"riff size tiny":   {setRIFF(ok, 2), scrub.ErrMalformed},
		"riff cuts chunk":  {setRIFF(ok, uint32(len(ok)-8-3)), scrub.ErrMalformed},
		"chunk past end":   {huge, scrub.ErrMalformed},
		"no image":         {riff(vp8x(0, 1, 1), ck("EXIF", []byte("x"))), scrub.ErrMalformed},
		"short vp8x":       {riff(ck("VP8X", []byte{0, 0}), ck("VP8L", tinyVP8L)), scrub.ErrMalformed},
		"first not image":  {riff(ck("EXIF", []byte("x")), ck("VP8L", tinyVP8L)), scrub.ErrMalformed},
		"short frame":      {riff(vp8x(2, 1, 1), ck("ANMF", []byte("short"))), scrub.ErrMalformed},
		"frame sub past":   {riff(vp8x(2, 1, 1), ck("ANMF", append(make([]byte, 16), "VP8L\x40\x00\x00\x00"...))), scrub.ErrMalformed},
		"header cut short": {append(riff(vp8x(0, 1, 1), ck("VP8L", tinyVP8L))[:len(ok)], 0, 0, 0), scrub.ErrMalformed},
	} {
		t.Run(name, func(t *testing.T) {
			if name == "header cut short" {
				tc.in = setRIFF(tc.in, uint32(len(tc.in)-8))
			}
			h := webp.New()
			env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
			_, err := h.Clean(context.Background(), env, bytes.NewReader(tc.in), int64(len(tc.in)), io.Discard)
			if !errors.Is(err, tc.kind) {
				t.Errorf("Clean: %v, want %v", err, tc.kind)
			}
			if _, err := h.Inspect(context.Background(), env, bytes.NewReader(tc.in), int64(len(tc.in))); !errors.Is(err, tc.kind) {
				t.Errorf("Inspect: %v, want %v", err, tc.kind)
			}
		})
	}
	// Too many chunks for the limit.
	var cs [][]byte
	cs = append(cs, vp8x(0, 1, 1), ck("VP8L", tinyVP8L))
	for i := 0; i < 50; i++ {
		cs = append(cs, ck("JUNK", nil))
	}
	many := riff(cs...)
	env := scrub.NewEnv(registry(), scrub.Limits{MaxMembers: 20}, scrub.Policy{})
	if _, err := webp.New().Clean(context.Background(), env, bytes.NewReader(many), int64(len(many)), io.Discard); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("many chunks: %v, want a limit error", err)
	}
}

// TestOddPadMissing: a last chunk of odd size whose pad byte is missing at
// the very end is read; the clean copy has its pad.
func TestOddPadMissing(t *testing.T) {
	in := riff(vp8x(0, 1, 1), ck("VP8L", tinyVP8L), ck("XMP ", []byte("ODD-XMP")))
	in = in[:len(in)-1]
	binary.LittleEndian.PutUint32(in[4:], uint32(len(in)-8))
	out := scrubtest.RoundTrip(t, registry(), "x.webp", in, "ODD-XMP")
	if got := ids(chunks(t, out)); got != "VP8X,VP8L" {
		t.Errorf("chunks %s", got)
	}
}

func BenchmarkClean(b *testing.B) {
	// A 4 MiB bitstream with EXIF and XMP: Clean copies the bitstream.
	bits := make([]byte, 4<<20)
	for i := range bits {
		bits[i] = byte(i * 7)
	}
	in := riff(vp8x(0x0c, 1024, 768), ck("VP8 ", bits), ck("EXIF", exifBlock("B", binary.BigEndian)), ck("XMP ", metatest.XMP([][2]string{{"dc:creator", "B"}})))
	h := webp.New()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(in), int64(len(in)), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
