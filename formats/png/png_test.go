package png_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	stdpng "image/png"
	"io"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(png.New())
	return r
}

// encode returns a PNG made by Go's encoder: IHDR, IDAT, IEND.
func encode(t testing.TB, w, h int, seed uint8) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{uint8(x*13) + seed, uint8(y * 17), uint8(x ^ y), uint8(200 + x%50)})
		}
	}
	var b bytes.Buffer
	if err := stdpng.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func chunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

func deflate(s []byte) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write(s)
	w.Close()
	return b.Bytes()
}

type pngChunk struct {
	typ  string
	data []byte
}

// chunks parses a PNG and checks every CRC.
func chunks(t testing.TB, b []byte) []pngChunk {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatal("no PNG signature")
	}
	var out []pngChunk
	for p := 8; p < len(b); {
		n := int(binary.BigEndian.Uint32(b[p:]))
		c := pngChunk{string(b[p+4 : p+8]), b[p+8 : p+8+n]}
		if crc32.ChecksumIEEE(b[p+4:p+8+n]) != binary.BigEndian.Uint32(b[p+8+n:]) {
			t.Fatalf("chunk %s: bad CRC", c.typ)
		}
		out = append(out, c)
		p += 12 + n
	}
	return out
}

func types(cs []pngChunk) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.typ)
	}
	return strings.Join(s, " ")
}

// afterIHDR inserts chunks after IHDR; beforeIEND before IEND.
func afterIHDR(img []byte, cs ...[]byte) []byte {
	out := append([]byte(nil), img[:33]...)
	for _, c := range cs {
		out = append(out, c...)
	}
	return append(out, img[33:]...)
}

func beforeIEND(img []byte, cs ...[]byte) []byte {
	out := append([]byte(nil), img[:len(img)-12]...)
	for _, c := range cs {
		out = append(out, c...)
	}
	return append(out, img[len(img)-12:]...)
}

func samePixels(t testing.TB, a, b []byte) {
	t.Helper()
	ia, err := stdpng.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	ib, err := stdpng.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the cleaned image does not decode: %v", err)
	}
	if ia.Bounds() != ib.Bounds() {
		t.Fatalf("bounds changed")
	}
	r := ia.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if ia.At(x, y) != ib.At(x, y) {
				t.Fatalf("pixel (%d,%d) changed", x, y)
			}
		}
	}
}

const (
	plantedAuthor    = "PLANTED-PNGAUTHOR-1"
	plantedZTXt      = "PLANTED-ZTXT-2"
	plantedXMP       = "PLANTED-ITXTXMP-3"
	plantedDocID     = "xmp.did:PLANTED-PNGDOCID-3b"
	plantedITXtZ     = "PLANTED-ITXTZ-4"
	plantedGPS       = "PLANTED-PNGGPS-5"
	plantedMake      = "PLANTED-PNGMAKE-6"
	plantedUnknown   = "PLANTED-UNKNOWN-7"
	plantedDSIG      = "PLANTED-DSIG-8"
	plantedC2PA      = "PLANTED-C2PA-9"
	plantedRawEXIF   = "PLANTED-RAWEXIF-10"
	plantedSoftware  = "PLANTED-PNGSOFT-11"
	plantedTrailing  = "PLANTED-PNGTRAIL-12"
	plantedITXtTitle = "PLANTED-ITXTTITLE-13"
	keptICCName      = "KEPT-ICC-NAME-14"
	keptICCDesc      = "KEPT-ICC-DESC-15"
)

func exifBlock(orientation uint16) []byte {
	e := metatest.EXIF{
		Order: binary.LittleEndian,
		IFD0:  []metatest.Entry{{Tag: 0x010f, Value: plantedMake}},
		GPS: []metatest.Entry{
			{Tag: 0x0001, Value: "S"},
			{Tag: 0x0002, Value: [][2]uint32{{33, 1}, {51, 1}, {3564, 100}}},
			{Tag: 0x0003, Value: "E"},
			{Tag: 0x0004, Value: [][2]uint32{{151, 1}, {12, 1}, {4020, 100}}},
			{Tag: 0x001b, Value: []byte("ASCII\x00\x00\x00" + plantedGPS)},
		},
	}
	if orientation != 0 {
		e.IFD0 = append(e.IFD0, metatest.Entry{Tag: 0x0112, Value: []uint16{orientation}})
	}
	return e.Bytes()
}

// rawProfile encodes a metadata profile as ImageMagick does in text
// chunks.
func rawProfile(name string, b []byte) []byte {
	return []byte(fmt.Sprintf("\n%s\n%8d\n%s\n", name, len(b), hex.EncodeToString(b)))
}

var compressed = struct{ ztxt, itxt, raw []byte }{
	deflate([]byte(plantedZTXt)),
	deflate([]byte(plantedITXtZ)),
	deflate(rawProfile("exif", append([]byte("Exif\x00\x00"), (&metatest.EXIF{IFD0: []metatest.Entry{{Tag: 0x013b, Value: plantedRawEXIF}}}).Bytes()...))),
}

// dirty builds a PNG with every kind of chunk scrub removes, kept colour
// chunks, text after the image data, and data after IEND.
func dirty(t testing.TB, orientation uint16) []byte {
	xmp := metatest.XMP([][2]string{{"dc:creator", plantedXMP}, {"xmpMM:DocumentID", plantedDocID}})
	img := afterIHDR(encode(t, 40, 30, 0),
		chunk("gAMA", []byte{0, 0, 0xb1, 0x8f}),
		chunk("iCCP", append([]byte(keptICCName+"\x00\x00"), deflate(metatest.ICC(keptICCDesc, "Copyright nobody"))...)),
		chunk("tEXt", []byte("Author\x00"+plantedAuthor)),
		chunk("zTXt", append([]byte("Comment\x00\x00"), compressed.ztxt...)),
		chunk("iTXt", append([]byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"), xmp...)),
		chunk("iTXt", append([]byte("Description\x00\x01\x00en\x00Beschreibung\x00"), compressed.itxt...)),
		chunk("iTXt", []byte("Title\x00\x00\x00de\x00Titel\x00"+plantedITXtTitle)),
		chunk("eXIf", exifBlock(orientation)),
		chunk("tIME", []byte{0x07, 0xd1, 2, 3, 4, 5, 6}),
		chunk("pHYs", []byte{0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1}),
		chunk("prVW", []byte(plantedUnknown)),
		chunk("zTXt", append([]byte("Raw profile type exif\x00\x00"), compressed.raw...)),
	)
	img = beforeIEND(img,
		chunk("tEXt", []byte("Software\x00"+plantedSoftware)),
		chunk("dSIG", []byte(plantedDSIG)),
		chunk("caBX", []byte("jumb c2pa "+plantedC2PA)),
	)
	return append(img, plantedTrailing...)
}

var plain = []string{plantedAuthor, plantedXMP, plantedDocID, plantedGPS, plantedMake, plantedUnknown,
	plantedDSIG, plantedC2PA, plantedSoftware, plantedTrailing, plantedITXtTitle}

func TestRoundTrip(t *testing.T) {
	reg := registry()
	in := dirty(t, 6)
	out := scrubtest.RoundTrip(t, reg, "dirty.png", in, plain...)
	for _, c := range [][]byte{compressed.ztxt, compressed.itxt, compressed.raw} {
		if bytes.Contains(out, c) {
			t.Error("a compressed text chunk is still in the output")
		}
	}
	samePixels(t, in, out)
	cs := chunks(t, out)
	if got, want := types(cs), "IHDR eXIf gAMA iCCP pHYs IDAT IEND"; got != want {
		t.Errorf("chunks after cleaning: %s, want %s", got, want)
	}
	if !bytes.Equal(cs[1].data, imagemeta.OrientationEXIF(6)) {
		t.Errorf("eXIf = % x, want the orientation-only block", cs[1].data)
	}
	if bytes.Contains(out, []byte(keptICCName)) {
		t.Error("the iCCP chunk kept its name")
	}
}

func TestFindings(t *testing.T) {
	fs := scrubtest.Inspect(t, registry(), "dirty.png", dirty(t, 6))
	want := []struct {
		field, value string
		kind         scrub.Kind
	}{
		{"Author", plantedAuthor, scrub.KindPerson},
		{"Comment", plantedZTXt, scrub.KindComment},
		{"dc:creator", plantedXMP, scrub.KindPerson},
		{"xmpMM:DocumentID", plantedDocID, scrub.KindEditHistory},
		{"Description", plantedITXtZ, scrub.KindComment},
		{"Title", plantedITXtTitle, scrub.KindOther},
		{"Make", plantedMake, scrub.KindDevice},
		{"GPSProcessingMethod", plantedGPS, scrub.KindLocation},
		{"GPSPosition", "33.859900 S, 151.211167 E", scrub.KindLocation},
		{"ModifyDate", "2001-02-03 04:05:06", scrub.KindTime},
		{"prVW chunk", plantedUnknown, scrub.KindOther},
		{"Artist", plantedRawEXIF, scrub.KindPerson},
		{"Software", plantedSoftware, scrub.KindSoftware},
		{"digital signature", plantedDSIG, scrub.KindOther},
		{"content credentials", plantedC2PA, scrub.KindEditHistory},
		{"trailing data", plantedTrailing, scrub.KindHidden},
	}
	for _, w := range want {
		found := false
		for _, f := range fs {
			if f.Field == w.field && strings.Contains(f.Value, w.value) && f.Kind == w.kind && f.Action == scrub.Remove {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s finding %q of kind %s", w.field, w.value, w.kind)
		}
	}
	removed, reports := map[string]string{}, map[string]string{}
	for _, f := range fs {
		if f.Action == scrub.Report {
			reports[f.Field] = f.Value
		} else {
			removed[f.Field] = f.Value
		}
	}
	if removed["ProfileName"] != keptICCName || removed["ProfileDescription"] != keptICCDesc || reports["Orientation"] == "" {
		t.Errorf("findings %v, %v: want the ICC profile name and description removed and the orientation reported", removed, reports)
	}
}

func TestWarnings(t *testing.T) {
	_, ws := scrubtest.Clean(t, registry(), "dirty.png", dirty(t, 1), scrub.Policy{})
	var all []string
	for _, w := range ws {
		all = append(all, w.Message)
	}
	s := strings.Join(all, "\n")
	for _, want := range []string{"after the end of the image", "digital signature", "C2PA"} {
		if !strings.Contains(s, want) {
			t.Errorf("no warning about %s in %q", want, s)
		}
	}
}

func TestOrientation(t *testing.T) {
	reg := registry()
	for _, o := range []uint16{0, 1, 3, 8, 9} {
		t.Run(fmt.Sprint(o), func(t *testing.T) {
			in := afterIHDR(encode(t, 8, 8, 1), chunk("eXIf", exifBlock(o)))
			out := scrubtest.RoundTrip(t, reg, "o.png", in, plantedMake, plantedGPS)
			cs := chunks(t, out)
			if o >= 2 && o <= 8 {
				if cs[1].typ != "eXIf" || !bytes.Equal(cs[1].data, imagemeta.OrientationEXIF(int(o))) {
					t.Errorf("chunks %s: want the orientation-only eXIf after IHDR", types(cs))
				}
			} else if strings.Contains(types(cs), "eXIf") {
				t.Errorf("chunks %s: want no eXIf", types(cs))
			}
		})
	}
}

// APNG: the animation chunks stay, in order, with their sequence numbers.
func TestAPNG(t *testing.T) {
	f1, f2 := encode(t, 8, 8, 0), encode(t, 8, 8, 99)
	idat := func(b []byte) []byte { return chunks(t, b)[1].data }
	fctl := func(seq uint32) []byte {
		b := binary.BigEndian.AppendUint32(nil, seq)
		b = binary.BigEndian.AppendUint32(b, 8)
		b = binary.BigEndian.AppendUint32(b, 8)
		b = append(b, make([]byte, 8)...) // x, y offsets
		b = append(b, 0, 1, 0, 10, 0, 0)  // delay 1/10, dispose, blend
		return chunk("fcTL", b)
	}
	in := append([]byte(nil), f1[:33]...)
	in = append(in, chunk("acTL", []byte{0, 0, 0, 2, 0, 0, 0, 0})...)
	in = append(in, fctl(0)...)
	in = append(in, chunk("IDAT", idat(f1))...)
	in = append(in, chunk("tEXt", []byte("Comment\x00"+plantedAuthor))...)
	in = append(in, fctl(1)...)
	in = append(in, chunk("fdAT", append([]byte{0, 0, 0, 2}, idat(f2)...))...)
	in = append(in, chunk("IEND", nil)...)
	out := scrubtest.RoundTrip(t, registry(), "a.png", in, plantedAuthor)
	if got, want := types(chunks(t, out)), "IHDR acTL fcTL IDAT fcTL fdAT IEND"; got != want {
		t.Errorf("chunks %s, want %s", got, want)
	}
	samePixels(t, in, out)
}

func TestAlreadyClean(t *testing.T) {
	in := encode(t, 21, 13, 5)
	reg := registry()
	if fs := scrubtest.Inspect(t, reg, "c.png", in); len(fs) != 0 {
		t.Errorf("findings on a clean image: %+v", fs)
	}
	out, _ := scrubtest.Clean(t, reg, "c.png", in, scrub.Policy{})
	if !bytes.Equal(in, out) {
		t.Error("cleaning a clean image changed it")
	}
}

func TestIdentify(t *testing.T) {
	h := png.New()
	for _, tc := range []struct {
		head []byte
		want string
	}{
		{encode(t, 2, 2, 0), "png"},
		{[]byte("\x89PNG\r\n\x1a"), ""},
		{[]byte{0xff, 0xd8, 0xff}, ""},
		{nil, ""},
	} {
		if got, err := h.Identify(tc.head, bytes.NewReader(tc.head), int64(len(tc.head))); err != nil || got != tc.want {
			t.Errorf("Identify(%q) = %q, %v; want %q", tc.head, got, err, tc.want)
		}
	}
	if f := h.Formats(); len(f) != 1 || f[0].Name != "png" || f[0].Description != "PNG image" {
		t.Errorf("Formats() = %+v", f)
	}
}

func TestCancel(t *testing.T) {
	in := dirty(t, 6)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	if _, err := png.New().Inspect(ctx, env, bytes.NewReader(in), int64(len(in))); err != context.Canceled {
		t.Errorf("Inspect with a cancelled context: %v", err)
	}
	if _, err := png.New().Clean(ctx, env, bytes.NewReader(in), int64(len(in)), new(bytes.Buffer)); err != context.Canceled {
		t.Errorf("Clean with a cancelled context: %v", err)
	}
}

// A macOS display profile's serial number is removed from iCCP (the
// profile is inflated, fixed and deflated again); the rest is kept.
func TestDisplaySerial(t *testing.T) {
	prof := metatest.ICCDisplay("Color LCD", 0x53335231, 0x44345433) // "S3R1", "D4T3"
	in := afterIHDR(encode(t, 8, 8, 0), chunk("iCCP", append([]byte("Display\x00\x00"), deflate(prof)...)))
	reg := registry()
	if fs := scrubtest.Inspect(t, reg, "s.png", in); !scrub.Removable(fs) {
		t.Fatalf("serial not listed: %+v", fs)
	}
	out, _ := scrubtest.Clean(t, reg, "s.png", in, scrub.Policy{})
	cs := chunks(t, out)
	if cs[1].typ != "iCCP" {
		t.Fatalf("chunks %s", types(cs))
	}
	name, rest, _ := bytes.Cut(cs[1].data, []byte{0})
	if string(name) != "ICC profile" || len(rest) < 1 || rest[0] != 0 {
		t.Fatalf("iCCP name %q", name)
	}
	zr, err := zlib.NewReader(bytes.NewReader(rest[1:]))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if bytes.Contains(got, []byte("S3R1")) || bytes.Contains(got, []byte("Color LCD")) || !bytes.Contains(got, []byte("acsp")) {
		t.Error("the serial or the description is still in the profile, or the profile is gone")
	}
	scrubtest.RoundTrip(t, reg, "s.png", in)
	samePixels(t, in, out)
}
