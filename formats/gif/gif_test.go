package gif_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/color/palette"
	stdgif "image/gif"
	"io"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/gif"
	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(gif.New())
	return r
}

// encode returns a GIF made by Go's encoder: frames frames of w×h, with a
// loop count if animated (a NETSCAPE2.0 extension).
func encode(t testing.TB, w, h, frames int) []byte {
	t.Helper()
	a := &stdgif.GIF{LoopCount: 3}
	for f := 0; f < frames; f++ {
		img := image.NewPaletted(image.Rect(0, 0, w, h), palette.Plan9)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				img.Set(x, y, color.RGBA{uint8(x*20 + f*50), uint8(y * 30), uint8((x ^ y) * 9), 255})
			}
		}
		a.Image = append(a.Image, img)
		a.Delay = append(a.Delay, 10+f)
		a.Disposal = append(a.Disposal, stdgif.DisposalBackground)
	}
	var b bytes.Buffer
	if err := stdgif.EncodeAll(&b, a); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// ext returns an extension block with the given sub-blocks.
func ext(label byte, subs ...[]byte) []byte {
	b := []byte{0x21, label}
	for _, s := range subs {
		for len(s) > 255 {
			b = append(b, 255)
			b = append(b, s[:255]...)
			s = s[255:]
		}
		b = append(b, byte(len(s)))
		b = append(b, s...)
	}
	return append(b, 0)
}

// magic is the XMP magic trailer (without the block terminator).
func magic() []byte {
	b := []byte{1}
	for i := 255; i >= 0; i-- {
		b = append(b, byte(i))
	}
	return b
}

// xmpExt returns an "XMP DataXMP" extension holding packet raw, with the
// magic trailer and terminator, as Adobe writes it.
func xmpExt(packet []byte) []byte {
	b := append([]byte{0x21, 0xff, 11}, "XMP DataXMP"...)
	b = append(b, packet...)
	b = append(b, magic()...)
	return append(b, 0)
}

// screenEnd returns the offset after the header, screen descriptor and
// global colour table.
func screenEnd(b []byte) int {
	n := 13
	if b[10]&0x80 != 0 {
		n += 3 << (1 + b[10]&7)
	}
	return n
}

// insert puts blocks right after the screen descriptor.
func insert(img []byte, blocks ...[]byte) []byte {
	n := screenEnd(img)
	out := append([]byte(nil), img[:n]...)
	for _, b := range blocks {
		out = append(out, b...)
	}
	return append(out, img[n:]...)
}

// beforeTrailer puts blocks before the trailer.
func beforeTrailer(img []byte, blocks ...[]byte) []byte {
	out := append([]byte(nil), img[:len(img)-1]...)
	for _, b := range blocks {
		out = append(out, b...)
	}
	return append(out, 0x3b)
}

type blk struct {
	intro, label byte
	app          string
	subs         [][]byte
	raw          []byte
}

// blocks parses a GIF strictly (no data after the trailer).
func blocks(t testing.TB, b []byte) []blk {
	t.Helper()
	var out []blk
	p := screenEnd(b)
	sub := func() [][]byte {
		var ss [][]byte
		for {
			n := int(b[p])
			p++
			if n == 0 {
				return ss
			}
			ss = append(ss, b[p:p+n])
			p += n
		}
	}
	for {
		start := p
		switch b[p] {
		case 0x3b:
			if p != len(b)-1 {
				t.Fatalf("%d bytes after the trailer", len(b)-1-p)
			}
			return append(out, blk{intro: 0x3b})
		case 0x21:
			x := blk{intro: 0x21, label: b[p+1]}
			p += 2
			x.subs = sub()
			if x.label == 0xff && len(x.subs) > 0 {
				x.app = string(x.subs[0])
			}
			x.raw = b[start:p]
			out = append(out, x)
		case 0x2c:
			p += 10
			if b[p-1]&0x80 != 0 {
				p += 3 << (1 + b[p-1]&7)
			}
			p++
			sub()
			out = append(out, blk{intro: 0x2c, raw: b[start:p]})
		default:
			t.Fatalf("bad block %#x at %d", b[p], p)
		}
	}
}

func names(bs []blk) string {
	var s []string
	for _, b := range bs {
		switch {
		case b.intro == 0x2c:
			s = append(s, "image")
		case b.intro == 0x3b:
			s = append(s, "trailer")
		case b.label == 0xff:
			s = append(s, "app:"+b.app)
		default:
			s = append(s, fmt.Sprintf("ext:%02x", b.label))
		}
	}
	return strings.Join(s, " ")
}

// sameFrames decodes both with Go's decoder and compares every frame, the
// delays, disposals and loop count.
func sameFrames(t testing.TB, a, b []byte) {
	t.Helper()
	ga, err := stdgif.DecodeAll(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	gb, err := stdgif.DecodeAll(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the cleaned image does not decode: %v", err)
	}
	if len(ga.Image) != len(gb.Image) || ga.LoopCount != gb.LoopCount {
		t.Fatalf("%d frames loop %d, want %d frames loop %d", len(gb.Image), gb.LoopCount, len(ga.Image), ga.LoopCount)
	}
	for i := range ga.Image {
		if !bytes.Equal(ga.Image[i].Pix, gb.Image[i].Pix) || ga.Image[i].Rect != gb.Image[i].Rect ||
			ga.Delay[i] != gb.Delay[i] || ga.Disposal[i] != gb.Disposal[i] {
			t.Errorf("frame %d differs", i)
		}
	}
}

// dirty returns an animated GIF with a planted value in every place the
// format hides metadata, and the planted values.
func dirty(t testing.TB) ([]byte, []string) {
	t.Helper()
	img := encode(t, 8, 6, 3)
	icc := metatest.ICCDevice("GF-ICC-DESC", "GF-ICC-CPRT", "APPL", "MDL1", "GF-ICC-MAKER")
	xmp1 := metatest.XMP([][2]string{{"dc:creator", "GF-XMP-CREATOR"}, {"xmpMM:DocumentID", "GF-XMP-DOCID"}})
	xmp2 := metatest.XMP([][2]string{{"xmp:CreatorTool", "GF-XMP2-TOOL"}})
	iptc := metatest.IPTC(map[byte]string{80: "GF-IPTC-BYLINE"})
	out := insert(img,
		xmpExt(xmp1),
		ext(0xfe, []byte("GF-COMMENT one"), []byte(" and two")),
		ext(0xff, []byte("ICCRGBG1012"), icc),
		ext(0xff, []byte("MGK8BIM0000"), metatest.Photoshop(iptc, nil)),
		ext(0xff, []byte("MGKIPTC0000"), metatest.IPTC(map[byte]string{80: "GF-IPTC2-BYLINE"})),
		ext(0xff, []byte("ZZZZZZZZ1.0"), []byte("GF-UNKNOWN-APP")),
		ext(0x99, []byte("GF-UNKNOWN-LABEL")),
		xmpExt(xmp2),
	)
	// Data hidden in kept blocks: a second sub-block in a graphic control
	// extension and in the loop extension.
	out = bytes.Replace(out, []byte("NETSCAPE2.0\x03\x01\x03\x00\x00"), []byte("NETSCAPE2.0\x03\x01\x03\x00\x11GF-NETSCAPE-EXTRA\x00"), 1)
	i := bytes.Index(out, []byte{0x21, 0xf9, 0x04})
	out = append(out[:i+7:i+7], append([]byte("\x0cGF-GCE-EXTRA"), out[i+7:]...)...)
	out = beforeTrailer(out, ext(0xfe, []byte("GF-COMMENT-END")))
	out = append(out, "GF-TRAILING"...)
	return out, append([]string{"GF-XMP-CREATOR", "GF-XMP-DOCID", "GF-XMP2-TOOL", "GF-COMMENT one", "GF-IPTC-BYLINE",
		"GF-IPTC2-BYLINE", "GF-UNKNOWN-APP", "GF-UNKNOWN-LABEL", "GF-NETSCAPE-EXTRA", "GF-GCE-EXTRA", "GF-COMMENT-END",
		"GF-TRAILING"}, "GF-ICC-MAKER")
}

func clean(t testing.TB, in []byte) []byte {
	t.Helper()
	out, _ := scrubtest.Clean(t, registry(), "x.gif", in, scrub.Policy{})
	return out
}

func TestPlantedEverywhere(t *testing.T) {
	in, planted := dirty(t)
	out := scrubtest.RoundTrip(t, registry(), "dirty.gif", in, planted...)
	orig := encode(t, 8, 6, 3)
	sameFrames(t, orig, out)

	bs := blocks(t, out)
	want := "app:ICCRGBG1012 app:NETSCAPE2.0 ext:f9 image ext:f9 image ext:f9 image trailer"
	if got := names(bs); got != want {
		t.Fatalf("blocks %s\nwant   %s", got, want)
	}
	if !bytes.Equal(bs[1].raw, []byte("\x21\xff\x0bNETSCAPE2.0\x03\x01\x03\x00\x00")) {
		t.Errorf("loop extension % x", bs[1].raw)
	}
	// The profile keeps its colour data and loses its texts (which the
	// sub-block framing may split in the file); its sub-blocks are rebuilt.
	prof := bytes.Join(bs[0].subs[1:], nil)
	scrubtest.AssertAbsent(t, prof, "GF-ICC-DESC", "GF-ICC-CPRT", "GF-ICC-MAKER")
	if !bytes.Contains(prof, []byte("curv\x00\x00\x00\x00\x00\x00\x00\x01\x02\x33")) || len(prof) != int(uint32(prof[0])<<24|uint32(prof[1])<<16|uint32(prof[2])<<8|uint32(prof[3])) {
		t.Error("the profile lost its colour data or its size")
	}
	// Apart from the dropped blocks, the file is the encoder's.
	withoutICC := append(append([]byte(nil), out[:screenEnd(out)]...), out[screenEnd(out)+len(bs[0].raw):]...)
	if !bytes.Equal(withoutICC, orig) {
		t.Error("the kept blocks are not byte for byte the encoder's")
	}
}

func TestFindings(t *testing.T) {
	in, _ := dirty(t)
	fs := scrubtest.Inspect(t, registry(), "x.gif", in)
	want := map[string]scrub.Label{
		"GF-XMP-CREATOR": scrub.LabelAuthor, "GF-XMP-DOCID": scrub.LabelDocumentID, "GF-XMP2-TOOL": scrub.LabelSoftware,
		"GF-COMMENT one and two": scrub.LabelComment, "GF-IPTC-BYLINE": scrub.LabelAuthor, "GF-IPTC2-BYLINE": scrub.LabelAuthor,
		"GF-COMMENT-END": scrub.LabelComment,
	}
	for _, f := range fs {
		if !scrub.KnownLabel(f.Label) {
			t.Errorf("finding %s %s has label %q", f.Where, f.Field, f.Label)
		}
		if l, ok := want[f.Value]; ok {
			if f.Label != l || f.Action != scrub.Remove {
				t.Errorf("%s: label %s action %s, want %s remove", f.Value, f.Label, f.Action, l)
			}
			delete(want, f.Value)
		}
	}
	for v := range want {
		t.Errorf("no finding for %s: %+v", v, fs)
	}
	for _, s := range []string{"GF-UNKNOWN-APP", "GF-UNKNOWN-LABEL", "GF-NETSCAPE-EXTRA", "GF-GCE-EXTRA", "GF-ICC-MAKER"} {
		found := false
		for _, f := range fs {
			found = found || strings.Contains(f.Value, s) && f.Action == scrub.Remove
		}
		if !found {
			t.Errorf("no finding shows %s", s)
		}
	}
}

// TestXMPRaw: the raw XMP packet, its magic trailer and the terminator go
// as one block, for both packets of mdx__Issue_201.gif's kind; the
// packet is read whole for the report.
func TestXMPRaw(t *testing.T) {
	// A packet whose bytes, read as sub-block lengths, jump far: the
	// trailer still lands a sub-block reader on the terminator.
	packet := metatest.XMP([][2]string{{"dc:subject", "RAW-XMP-SUBJECT" + strings.Repeat("ÿé", 40)}})
	in := insert(encode(t, 4, 4, 1), xmpExt(packet), xmpExt(packet))
	out := scrubtest.RoundTrip(t, registry(), "x.gif", in, "RAW-XMP-SUBJECT")
	if got := names(blocks(t, out)); got != "ext:f9 image trailer" {
		t.Errorf("blocks %s", got)
	}
	var n int
	for _, f := range scrubtest.Inspect(t, registry(), "x.gif", in) {
		if strings.HasPrefix(f.Value, "RAW-XMP-SUBJECT") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d findings for the two packets", n)
	}
}

// TestXMPSubBlocks: XMP some writers store in plain sub-blocks (no magic
// trailer) is read too.
func TestXMPSubBlocks(t *testing.T) {
	packet := metatest.XMP([][2]string{{"dc:creator", "SUB-XMP-CREATOR"}, {"xmpMM:DocumentID", strings.Repeat("SUBXMP", 60)}})
	in := insert(encode(t, 4, 4, 1), ext(0xff, []byte("XMP DataXMP"), packet))
	scrubtest.RoundTrip(t, registry(), "x.gif", in, "SUB-XMP-CREATOR")
	var found bool
	for _, f := range scrubtest.Inspect(t, registry(), "x.gif", in) {
		found = found || f.Value == "SUB-XMP-CREATOR" && f.Label == scrub.LabelAuthor
	}
	if !found {
		t.Error("the creator was not read")
	}
}

// TestICCRebuilt: a profile CleanICC changes gets new sub-block framing;
// one it does not change is kept as it is.
func TestICCRebuilt(t *testing.T) {
	big := metatest.ICCDevice("ICC-BIG-DESC", strings.Repeat("ICC-BIG-CPRT ", 60), "APPL", "MDL1", "ICC-BIG-MAKER")
	in := insert(encode(t, 4, 4, 1), ext(0xff, []byte("ICCRGBG1012"), big))
	out := scrubtest.RoundTrip(t, registry(), "x.gif", in, "ICC-BIG-DESC", "ICC-BIG-CPRT", "ICC-BIG-MAKER")
	bs := blocks(t, out)
	if names(bs) != "app:ICCRGBG1012 ext:f9 image trailer" {
		t.Fatalf("blocks %s", names(bs))
	}
	for i, s := range bs[0].subs[1:] {
		if i < len(bs[0].subs)-2 && len(s) != 255 {
			t.Errorf("sub-block %d has %d bytes", i, len(s))
		}
	}
	if again := clean(t, out); !bytes.Equal(again, out) {
		t.Error("a cleaned profile changed again")
	}
}

// TestPlainText: plain-text extensions are kept and reported.
func TestPlainText(t *testing.T) {
	hdr := []byte{0, 0, 0, 0, 8, 0, 8, 0, 4, 8, 1, 0}
	in := beforeTrailer(encode(t, 8, 8, 1), ext(0x01, hdr, []byte("visible words")))
	out := clean(t, in)
	if !bytes.Equal(out, in) {
		t.Error("the plain-text block changed")
	}
	var reported bool
	for _, f := range scrubtest.Inspect(t, registry(), "x.gif", in) {
		reported = reported || f.Value == "visible words" && f.Action == scrub.Report
	}
	if !reported {
		t.Error("the text is not reported")
	}
}

// TestNoTrailer: a file that ends after its last image decodes in every
// viewer; the clean copy gets its trailer.
func TestNoTrailer(t *testing.T) {
	img := encode(t, 4, 4, 1)
	in := insert(img[:len(img)-1], ext(0xfe, []byte("NOTRAILER-COMMENT")))
	out := scrubtest.RoundTrip(t, registry(), "x.gif", in, "NOTRAILER-COMMENT")
	if !bytes.Equal(out, img) {
		t.Error("the clean copy is not the encoder's file")
	}
}

func TestCleanUnchanged(t *testing.T) {
	for _, img := range [][]byte{encode(t, 5, 7, 1), encode(t, 9, 3, 4)} {
		if out := clean(t, img); !bytes.Equal(out, img) {
			t.Error("a clean GIF changed")
		}
		if fs := scrubtest.Inspect(t, registry(), "x.gif", img); scrub.Removable(fs) {
			t.Errorf("a clean GIF has findings: %+v", fs)
		}
	}
}

func TestIdentify(t *testing.T) {
	h := gif.New()
	for _, b := range [][]byte{[]byte("GIF90a"), []byte("GIF8"), nil, []byte("\x89PNG")} {
		if got, err := h.Identify(b, bytes.NewReader(b), int64(len(b))); got != "" || err != nil {
			t.Errorf("Identify(%q) = %q, %v", b, got, err)
		}
	}
	img := encode(t, 2, 2, 1)
	if got, _ := h.Identify(img, bytes.NewReader(img), int64(len(img))); got != "gif" {
		t.Errorf("Identify = %q", got)
	}
}

func TestParts(t *testing.T) {
	in, planted := dirty(t)
	all := parts(t, in)
	for _, v := range append(planted, "GIF89a") {
		if !bytes.Contains(all, []byte(v)) && v != "GF-COMMENT one" {
			t.Errorf("the parts of the original miss %q", v)
		}
	}
	// The LZW data is not listed.
	img := encode(t, 8, 6, 3)
	d := img[bytes.Index(img, []byte{0x2c, 0, 0, 0, 0}):]
	p := 10
	if d[9]&0x80 != 0 {
		p += 3 << (1 + d[9]&7)
	}
	p++ // LZW code size
	lzw := d[p+1 : p+1+int(d[p])]
	if len(lzw) < 16 {
		t.Fatalf("a first sub-block of %d bytes proves nothing", len(lzw))
	}
	if bytes.Contains(all, lzw) {
		t.Error("the parts include image data")
	}
	// A value the sub-block framing splits is found whole.
	if !bytes.Contains(all, []byte("GF-ICC-CPRT")) {
		t.Error("the profile's copyright, split across sub-blocks, is not listed whole")
	}
	all = parts(t, clean(t, in))
	for _, v := range append(planted, "GF-ICC-CPRT", "GF-ICC-DESC") {
		if bytes.Contains(all, []byte(v)) {
			t.Errorf("the parts of the cleaned copy still hold %q", v)
		}
	}
}

func parts(t *testing.T, b []byte) []byte {
	t.Helper()
	pl := gif.New().(scrub.PartLister)
	var all []byte
	err := pl.Parts(context.Background(), scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{}), bytes.NewReader(b), int64(len(b)),
		func(p scrub.Part) error {
			d, err := io.ReadAll(p.R)
			all = append(all, d...)
			return err
		})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func malformedCases(t testing.TB) map[string]struct {
	in   []byte
	kind error
} {
	img := encode(t, 4, 4, 2)
	cut := func(n int) []byte { return append([]byte(nil), img[:n]...) }
	gct := screenEnd(img)
	return map[string]struct {
		in   []byte
		kind error
	}{
		"empty":           {nil, scrub.ErrMalformed},
		"signature only":  {[]byte("GIF89a"), scrub.ErrMalformed},
		"bad signature":   {append([]byte("GIF89b"), img[6:]...), scrub.ErrMalformed},
		"cut in table":    {cut(gct - 5), scrub.ErrMalformed},
		"cut in image":    {cut(len(img) - 10), scrub.ErrMalformed},
		"cut in ext":      {cut(gct + 5), scrub.ErrMalformed},
		"cut after label": {append(cut(gct), 0x21), scrub.ErrMalformed},
		"cut in comment":  {append(cut(gct), 0x21, 0xfe, 0x40, 'a', 'b'), scrub.ErrMalformed},
		"stray byte":      {insert(img, []byte{0x42}), scrub.ErrMalformed},
		"endless blocks": {append(cut(gct), append([]byte{0x21, 0xfe}, bytes.Repeat([]byte{0xff}, 1<<16)...)...),
			scrub.ErrMalformed},
	}
}

func TestMalformed(t *testing.T) {
	h := gif.New()
	for name, tc := range malformedCases(t) {
		t.Run(name, func(t *testing.T) {
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
	// More extension blocks than the member limit.
	var many []byte
	for i := 0; i < 100; i++ {
		many = append(many, ext(0xfe, []byte("c"))...)
	}
	in := insert(encode(t, 2, 2, 1), many)
	env := scrub.NewEnv(registry(), scrub.Limits{MaxMembers: 50}, scrub.Policy{})
	if _, err := h.Clean(context.Background(), env, bytes.NewReader(in), int64(len(in)), io.Discard); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("many blocks: %v, want a limit error", err)
	}
}

func BenchmarkClean(b *testing.B) {
	in := insert(encode(b, 400, 300, 8), ext(0xfe, []byte("comment")), xmpExt(metatest.XMP([][2]string{{"dc:creator", "B"}})))
	h := gif.New()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(in), int64(len(in)), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
