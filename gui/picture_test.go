//go:build gui || ci

package gui

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

var (
	blue  = color.RGBA{0x20, 0x40, 0xe0, 0xff}
	green = color.RGBA{0x20, 0xc0, 0x40, 0xff}
	red   = color.RGBA{0xff, 0x00, 0x00, 0xff}
)

// pattern is a w×h picture, its left half blue and its right half green.
func pattern(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := green
			if x < w/2 {
				c = blue
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

func encodePNG(m image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// pngHeader is the start of a PNG that says it is w×h pixels of 8-bit
// RGBA: enough for image.DecodeConfig, nothing to decode.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// fakePicture is the picture of a fake file's "Cropped: " line: "W×H l t
// r b" is pattern(W, H) showing l, t, r, b of it; "huge" says it is
// 10000×10000 pixels; "garbage" is not a picture; "truncated" is a PNG cut
// short.
func fakePicture(val string) *scrub.Picture {
	switch val {
	case "huge":
		return &scrub.Picture{Data: pngHeader(10000, 10000), Shown: [4]float64{0, 0, 0.5, 0.5}}
	case "garbage":
		return &scrub.Picture{Data: []byte("this is not a picture at all"), Shown: [4]float64{0, 0, 0.5, 0.5}}
	case "truncated":
		return &scrub.Picture{Data: encodePNG(pattern(64, 64))[:60], Shown: [4]float64{0, 0, 0.5, 0.5}}
	}
	var w, h int
	var p scrub.Picture
	if _, err := fmt.Sscanf(val, "%dx%d %g %g %g %g", &w, &h, &p.Shown[0], &p.Shown[1], &p.Shown[2], &p.Shown[3]); err != nil {
		panic("fake picture " + val + ": " + err.Error())
	}
	p.Data = encodePNG(pattern(w, h))
	return &p
}

// near reports whether c is within 3 of want in every channel.
func near(c color.Color, want color.RGBA) bool {
	r, g, b, a := c.RGBA()
	d := func(x uint32, y uint8) bool { return math.Abs(float64(x>>8)-float64(y)) <= 3 }
	return d(r, want.R) && d(g, want.G) && d(b, want.B) && d(a, want.A)
}

// dim is c as the thumbnail dims what the reader does not see.
func dim(c color.RGBA) color.RGBA {
	return color.RGBA{uint8(uint16(c.R) * 2 / 5), uint8(uint16(c.G) * 2 / 5), uint8(uint16(c.B) * 2 / 5), c.A}
}

// The thumbnail is the whole picture, fitted, with what the reader sees
// framed in the outline colour and the rest dimmed.
func TestThumbnailOutlinesTheShownPart(t *testing.T) {
	data := encodePNG(pattern(400, 300))
	m, err := thumbnail(data, [4]float64{0.25, 0.25, 0.75, 0.75}, 240, 180, 2, red)
	if err != nil {
		t.Fatal(err)
	}
	if m.Bounds() != image.Rect(0, 0, 240, 180) {
		t.Fatalf("bounds %v, want 240×180", m.Bounds())
	}
	// The shown part is x 60..179, y 45..134.
	for _, c := range []struct {
		x, y int
		want color.RGBA
		what string
	}{
		{90, 90, blue, "inside, left half"},
		{150, 90, green, "inside, right half"},
		{62, 90, blue, "just inside the left line"},
		{177, 90, green, "just inside the right line"},
		{60, 90, red, "left line"},
		{61, 90, red, "left line"},
		{179, 90, red, "right line"},
		{178, 90, red, "right line"},
		{100, 45, red, "top line"},
		{100, 46, red, "top line"},
		{100, 134, red, "bottom line"},
		{100, 133, red, "bottom line"},
		{60, 45, red, "top left corner"},
		{179, 134, red, "bottom right corner"},
		{59, 90, dim(blue), "left of the line: cropped away"},
		{180, 90, dim(green), "right of the line: cropped away"},
		{100, 44, dim(blue), "above the line"},
		{200, 135, dim(green), "below the line"},
		{5, 5, dim(blue), "top left corner of the picture"},
		{235, 175, dim(green), "bottom right corner of the picture"},
	} {
		if got := m.At(c.x, c.y); !near(got, c.want) {
			t.Errorf("(%d, %d) %s: %v, want %v", c.x, c.y, c.what, got, c.want)
		}
	}
}

// The thumbnail keeps the picture's aspect, whatever its size.
func TestThumbnailKeepsAspect(t *testing.T) {
	for _, c := range []struct {
		w, h  int
		tw, t int
	}{
		{1000, 500, 240, 120},
		{300, 900, 60, 180},
		{400, 300, 240, 180},
		{10, 5, 240, 120}, // small pictures are enlarged to be seen
		{4000, 10, 240, 1},
	} {
		m, err := thumbnail(encodePNG(pattern(c.w, c.h)), [4]float64{0, 0, 1, 1}, 240, 180, 2, red)
		if err != nil {
			t.Fatalf("%d×%d: %v", c.w, c.h, err)
		}
		if got := m.Bounds().Size(); got != image.Pt(c.tw, c.t) {
			t.Errorf("%d×%d: thumbnail %v, want %d×%d", c.w, c.h, got, c.tw, c.t)
		}
	}
}

// JPEG and GIF pictures are shown as PNG ones are.
func TestThumbnailJPEGAndGIF(t *testing.T) {
	var j, g bytes.Buffer
	if err := jpeg.Encode(&j, pattern(320, 160), &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	if err := gif.Encode(&g, pattern(320, 160), nil); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"jpeg": j.Bytes(), "gif": g.Bytes()} {
		m, err := thumbnail(data, [4]float64{0.5, 0, 1, 1}, 240, 180, 2, red)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if m.Bounds().Size() != image.Pt(240, 120) {
			t.Errorf("%s: %v", name, m.Bounds())
		}
		if c := color.RGBAModel.Convert(m.At(200, 60)).(color.RGBA); c.G < 0x90 || c.B > 0x80 {
			t.Errorf("%s: the shown right half is %v, not green", name, c)
		}
		if c := color.RGBAModel.Convert(m.At(40, 60)).(color.RGBA); c.B > 0x70 {
			t.Errorf("%s: the hidden left half is %v, not dimmed", name, c)
		}
	}
}

// A picture too big to decode for a thumbnail is refused from its header,
// before anything is decoded; a damaged one is refused; odd Shown values
// are taken as the picture's edges. None panics.
func TestThumbnailRefusesWhatItCannotShow(t *testing.T) {
	for name, data := range map[string][]byte{
		"100 megapixels": pngHeader(10000, 10000),
		"wide":           pngHeader(1<<30, 1),
		"16-bit":         pngHeader16(6000, 6000),
		"garbage":        []byte("this is not a picture at all"),
		"empty":          nil,
		"truncated":      encodePNG(pattern(64, 64))[:60],
	} {
		if m, err := thumbnail(data, [4]float64{0, 0, 1, 1}, 240, 180, 2, red); err == nil || m != nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := pictureConfig(pngHeader(10000, 10000)); err != errPictureTooBig {
		t.Errorf("100 megapixels: %v, want %v", err, errPictureTooBig)
	}
	data := encodePNG(pattern(40, 30))
	for _, shown := range [][4]float64{
		{math.NaN(), math.NaN(), math.NaN(), math.NaN()},
		{0.9, 0.9, 0.1, 0.1},
		{-5, -5, 7, 7},
		{0.5, 0.5, 0.5, 0.5},
		{1, 1, 1, 1},
		{math.Inf(-1), 0, math.Inf(1), 1},
	} {
		m, err := thumbnail(data, shown, 240, 180, 3, red)
		if err != nil {
			t.Errorf("%v: %v", shown, err)
			continue
		}
		if r := shownRect(shown, 240, 180); r.Empty() || !r.In(m.Bounds()) {
			t.Errorf("%v: shown part %v", shown, r)
		}
	}
}

// pngHeader16 is pngHeader for 16-bit RGBA: 8 bytes a pixel decoded.
func pngHeader16(w, h uint32) []byte {
	b := pngHeader(w, h)
	b[8+8+8] = 16
	chunk := b[12 : 12+4+13]
	binary.BigEndian.PutUint32(b[12+4+13:], crc32.ChecksumIEEE(chunk))
	return b
}

// keptTexts returns the texts of the framed warning of the details, in
// order, and where the box is among the details' objects.
func keptTexts(t *testing.T, h *harness) ([]string, int) {
	t.Helper()
	for i, o := range h.u.details.Objects {
		if b, ok := o.(*toneBox); ok && strings.Contains(strings.Join(texts(b), "\n"), "Kept in the file") {
			return texts(b), i
		}
	}
	t.Fatalf("no framed warning in the details: %q", texts(h.u.details))
	return nil, -1
}

// index returns the index of the first text containing s, or -1.
func index(list []string, s string) int {
	for i, x := range list {
		if strings.Contains(x, s) {
			return i
		}
	}
	return -1
}

// images returns the visible pictures under o (images of a picture in
// memory, not icons).
func images(o fyne.CanvasObject) []*canvas.Image {
	var out []*canvas.Image
	walk(o, func(x fyne.CanvasObject) {
		if im, ok := x.(*canvas.Image); ok && im.Resource == nil && im.File == "" {
			out = append(out, im)
		}
	})
	return out
}

// showThumbs runs the UI updates until every thumbnail is composed.
func (h *harness) showThumbs() {
	h.t.Helper()
	h.pumpWhile(func() bool { return h.u.thumbs.pending > 0 })
}

// The framed warning comes right after the headline, before the status,
// what was removed and the technical details; in it, a fake redaction
// comes first, in red, with the words that can be copied out, then what
// the sender cannot see (a cropped picture), then what they can (speaker
// notes): whatever order the file has them in.
func TestKeptBoxHiddenFirst(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "deck.fake"), "FAKE\nAuthor: "+plantedAuthor+"\nNotes: "+plantedNotes+
		"\nCropped: 400x200 0.25 0.25 0.75 0.75\nCovered: \"the informant is Bob\": still in the file under the box\n")
	h.drop(dir)
	h.selectRow("deck.fake")
	h.showThumbs()

	kept, box := keptTexts(t, h)
	covered := index(kept, "the informant is Bob")
	cropped := index(kept, "Cropped picture")
	notes := index(kept, plantedNotes)
	if covered < 0 || cropped < 0 || notes < 0 || !(covered < cropped && cropped < notes) {
		t.Errorf("framed warning out of order (fake redaction %d, cropped picture %d, speaker notes %d): %q", covered, cropped, notes, kept)
	}
	if i := index(kept, "only looks blacked out"); i < 0 || i > covered {
		t.Errorf("no danger sentence before the fake redaction: %q", kept)
	}
	if i := index(kept, "The outlined part is what the reader sees"); i < cropped || i > notes {
		t.Errorf("the picture's caption is not under the cropped picture: %q", kept)
	}

	all := texts(h.u.details)
	headline := index(all, "Reveals")
	removed := index(all, "What this file reveals")
	if headline < 0 || removed < 0 {
		t.Fatalf("no headline or removed list: %q", all)
	}
	// The box is the object right after the headline: before the status
	// line and the removed list.
	objs := h.u.details.Objects
	if l, ok := objs[box-1].(*widget.Label); !ok || !strings.HasPrefix(l.Text, "Reveals") {
		t.Errorf("the object before the framed warning is %T %q, not the headline", objs[box-1], texts(objs[box-1]))
	}
	status := false
	for _, o := range objs[box+1:] {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "identifying item") {
			status = true
		}
	}
	if !status {
		t.Errorf("the status line is not after the framed warning: %q", all)
	}
	if b, ok := objs[box].(*toneBox); !ok || b.tone != theme.ColorNameError {
		t.Errorf("a file with a fake redaction has the box in %v, want the error colour", objs[box])
	}
	// The fake redaction's line is red.
	red := false
	walk(objs[box], func(o fyne.CanvasObject) {
		if rt, ok := o.(*widget.RichText); ok && strings.Contains(rt.String(), "the informant is Bob") {
			seg := rt.Segments[0].(*widget.TextSegment)
			red = seg.Style.ColorName == theme.ColorNameError && seg.Style.TextStyle.Bold
		}
	})
	if !red {
		t.Error("the fake redaction is not in the danger style")
	}

	// The picture is shown whole, aspect kept, with its crop outlined.
	ims := images(objs[box])
	if len(ims) != 1 {
		t.Fatalf("%d pictures in the framed warning, want 1", len(ims))
	}
	im := ims[0]
	if s := im.MinSize(); s != fyne.NewSize(240, 120) {
		t.Errorf("picture shown at %v, want 240×120", s)
	}
	if im.Image == nil || im.Image.Bounds().Size() != image.Pt(240, 120) {
		t.Fatalf("the thumbnail is %v", im.Image)
	}
	th := h.app.Settings().Theme()
	outline := color.RGBAModel.Convert(th.Color(theme.ColorNameError, h.app.Settings().ThemeVariant())).(color.RGBA)
	for _, p := range []image.Point{{60, 60}, {179, 60}, {120, 30}, {120, 89}} {
		if c := im.Image.At(p.X, p.Y); !near(c, outline) {
			t.Errorf("(%d, %d): %v, want the outline %v", p.X, p.Y, c, outline)
		}
	}
	if c := im.Image.At(90, 60); !near(c, blue) {
		t.Errorf("inside the crop: %v, want the picture's blue", c)
	}
	if c := im.Image.At(20, 60); !near(c, dim(blue)) {
		t.Errorf("outside the crop: %v, want it dimmed", c)
	}
}

// A file without fake redactions keeps the warning's colour, and its
// hidden content still comes before speaker notes.
func TestKeptBoxWithoutFakeRedaction(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "deck.fake"), "FAKE\nNotes: "+plantedNotes+"\nCropped: 400x200 0 0 0.5 1\n")
	h.drop(dir)
	h.selectRow("deck.fake")
	h.showThumbs()
	kept, box := keptTexts(t, h)
	if c, n := index(kept, "Cropped picture"), index(kept, plantedNotes); c < 0 || n < c {
		t.Errorf("cropped picture %d, speaker notes %d: %q", c, n, kept)
	}
	if index(kept, "only looks blacked out") >= 0 {
		t.Errorf("a fake redaction is announced: %q", kept)
	}
	if b := h.u.details.Objects[box].(*toneBox); b.tone != theme.ColorNameWarning {
		t.Errorf("box in %v, want the warning colour", b.tone)
	}
	if n := len(images(h.u.details)); n != 1 {
		t.Errorf("%d pictures, want 1", n)
	}
}

// A picture that cannot be shown (too big, not a picture, cut short)
// leaves no image and no caption; its finding's words stay.
func TestKeptBoxPictureCannotBeShown(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "deck.fake"), "FAKE\nCropped: huge\nCropped: garbage\nCropped: truncated\n")
	h.drop(dir)
	h.selectRow("deck.fake")
	h.showThumbs()
	kept, _ := keptTexts(t, h)
	if index(kept, "Cropped picture") < 0 {
		t.Errorf("the cropped pictures' line is gone: %q", kept)
	}
	if index(kept, "outlined part") >= 0 {
		t.Errorf("a caption without a picture: %q", kept)
	}
	if ims := images(h.u.details); len(ims) != 0 {
		t.Errorf("%d images shown", len(ims))
	}
	if len(h.u.thumbs.shown) != 3 {
		t.Errorf("%d pictures remembered, want 3 (as not shown)", len(h.u.thumbs.shown))
	}
}

// One file shows at most maxShownPictures pictures, and says there are
// more.
func TestKeptBoxBoundsPictures(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("FAKE\n")
	for i := range maxShownPictures + 2 {
		fmt.Fprintf(&b, "Cropped: %dx60 0 0 0.5 0.5\n", 80+i)
	}
	write(t, filepath.Join(dir, "deck.fake"), b.String())
	h.drop(dir)
	h.selectRow("deck.fake")
	h.showThumbs()
	if n := len(images(h.u.details)); n != maxShownPictures {
		t.Errorf("%d pictures shown, want %d", n, maxShownPictures)
	}
	kept, _ := keptTexts(t, h)
	if index(kept, "More pictures are not shown here.") < 0 {
		t.Errorf("no word of the pictures left out: %q", kept)
	}
	if n := len(h.u.thumbs.shown); n != maxShownPictures {
		t.Errorf("%d thumbnails kept, want %d", n, maxShownPictures)
	}
}

// The app's engine asks handlers for pictures (the fake handler attaches
// one only then), with or without a password; once a row is cleaned, only
// the clean's result holds them, and a thumbnail is kept only while its
// row is shown.
func TestAppAsksForPictures(t *testing.T) {
	h := newHarness(t)
	if !h.u.engine.Policy.Pictures || !h.u.engineFor("secret").Policy.Pictures {
		t.Fatal("the app's engine does not ask for pictures")
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "deck.fake"), "FAKE\nAuthor: "+plantedAuthor+"\nCropped: 400x200 0.1 0.1 0.9 0.9\n")
	write(t, filepath.Join(dir, "memo.fake"), "FAKE\nAuthor: "+plantedAuthor+"\n")
	h.drop(dir)
	r := h.rowFor("deck.fake")
	if pictures(r.inspected) != 1 {
		t.Fatalf("the inspection holds %d pictures, want 1", pictures(r.inspected))
	}
	h.selectRow("deck.fake")
	h.showThumbs()
	if len(images(h.u.details)) != 1 {
		t.Error("the inspected file's picture is not shown")
	}
	test.Tap(h.u.cleanBtn)
	h.settle()
	h.showThumbs()
	if r.cleaned == nil || r.cleaned.Status != scrub.StatusCleaned {
		t.Fatalf("not cleaned: %+v", r.cleaned)
	}
	if pictures(r.inspected) != 0 || pictures(r.cleaned) != 1 {
		t.Errorf("after cleaning the inspection holds %d pictures, the clean %d: want 0 and 1", pictures(r.inspected), pictures(r.cleaned))
	}
	if len(images(h.u.details)) != 1 || len(h.u.thumbs.shown) != 1 {
		t.Errorf("after cleaning: %d pictures shown, %d thumbnails kept", len(images(h.u.details)), len(h.u.thumbs.shown))
	}
	h.selectRow("memo.fake")
	if len(h.u.thumbs.shown) != 0 {
		t.Errorf("%d thumbnails kept for a row no longer shown", len(h.u.thumbs.shown))
	}
}

func pictures(res *scrub.Result) int {
	n := 0
	if res != nil {
		for _, f := range res.Findings {
			if f.Picture != nil {
				n++
			}
		}
	}
	return n
}

// words.Summarize ranks speaker notes and hidden slides before hidden
// sheets, rows, text and objects, and comments and form values before
// stale values; the framed warning puts all of what the sender cannot see
// first, fake redactions before it, keeping Summarize's order within each.
func TestHiddenFirst(t *testing.T) {
	f := func(l scrub.Label, v string) scrub.Finding {
		return scrub.Finding{Label: l, Value: v, Kind: scrub.KindHidden, Action: scrub.Report}
	}
	in := []scrub.Finding{
		f(scrub.LabelSpeakerNotes, "notes"), f(scrub.LabelHiddenSlide, "slide"), f(scrub.LabelHiddenSheet, "sheet"),
		f(scrub.LabelComment, "comment"), f(scrub.LabelStaleValue, "stale"), f(scrub.LabelCroppedPicture, "crop"),
		f(scrub.LabelOffPage, "off"), f(scrub.LabelCoveredText, "covered"), f(scrub.LabelHiddenRows, "rows"),
		f(scrub.LabelFormValue, "form"), f(scrub.LabelInvisibleText, "white"), f(scrub.LabelHiddenObject, "shape"),
		f(scrub.LabelCoveredText, "covered 2"),
	}
	s := words.Summarize("pptx", in)
	var got []string
	for _, x := range hiddenFirst(s.Review) {
		got = append(got, x.Value)
	}
	want := []string{"covered", "covered 2", "crop", "off", "white", "sheet", "rows", "shape", "stale", "notes", "slide", "comment", "form"}
	if !slices.Equal(got, want) {
		t.Errorf("order %q,\nwant %q", got, want)
	}
	if in[0].Value != "notes" || s.Review[0].Value != "covered" {
		t.Error("hiddenFirst changed its input")
	}
}

// A file with many fake redactions lists the first maxSeriousLines, each
// once, and says how many more there are.
func TestKeptBoxBoundsFakeRedactions(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("FAKE\nCovered: \"secret 0\" under the box\n")
	for i := range maxSeriousLines + 3 {
		fmt.Fprintf(&b, "Covered: \"secret %d\" under the box\n", i)
	}
	write(t, filepath.Join(dir, "filing.fake"), b.String())
	h.drop(dir)
	h.selectRow("filing.fake")
	kept, _ := keptTexts(t, h)
	n := 0
	for _, s := range kept {
		if strings.Contains(s, "Text under a black box: \"secret ") {
			n++
		}
	}
	if n != maxSeriousLines {
		t.Errorf("%d fake redactions listed, want %d: %q", n, maxSeriousLines, kept)
	}
	if index(kept, "… and 3 more") < 0 {
		t.Errorf("no count of the rest: %q", kept)
	}
}

// A 24-megapixel photo, as a phone takes them, to a thumbnail: the work
// the details do off the UI goroutine when such a picture is cropped.
func BenchmarkThumbnailPhoto(b *testing.B) {
	m := image.NewYCbCr(image.Rect(0, 0, 6000, 4000), image.YCbCrSubsampleRatio420)
	for i := range m.Y {
		m.Y[i] = uint8(i * 7)
	}
	var j bytes.Buffer
	if err := jpeg.Encode(&j, m, &jpeg.Options{Quality: 85}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(j.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := thumbnail(j.Bytes(), [4]float64{0.1, 0.1, 0.6, 0.6}, 480, 360, 4, red); err != nil {
			b.Fatal(err)
		}
	}
}

// A row whose file keeps a fake redaction is red in the list, with the
// error sign, before and after cleaning: it must not be sent as it is.
func TestFakeRedactionRowIsRed(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "filing.fake"), "FAKE\nAuthor: "+plantedAuthor+"\nNotes: "+plantedNotes+"\nCovered: \"the informant is Bob\"\n")
	write(t, filepath.Join(dir, "deck.fake"), "FAKE\nNotes: "+plantedNotes+"\n")
	h.drop(dir)
	check := func(when, want string) {
		t.Helper()
		st := h.rowFor("filing.fake").status()
		if st.text != want || st.tone != widget.DangerImportance || st.textImportance() != widget.DangerImportance {
			t.Errorf("%s: %q in %v, want %q in red", when, st.text, st.tone, want)
		}
		if ic, ok := statusIcon(st).(*theme.ErrorThemedResource); !ok || ic == nil {
			t.Errorf("%s: icon %v, want the error sign", when, statusIcon(st))
		}
		if st.notCleaned() {
			t.Errorf("%s: counted as not cleaned", when)
		}
		if other := h.rowFor("deck.fake").status(); other.tone == widget.DangerImportance {
			t.Errorf("%s: speaker notes alone make a row red: %q", when, other.text)
		}
	}
	check("inspected", "1 identifying item, text under a black box can still be copied out")
	test.Tap(h.u.cleanBtn)
	h.settle()
	check("cleaned", "cleaned: 1 identifying item removed, text under a black box can still be copied out")
}

// The summary after cleaning puts a file that keeps a fake redaction with
// the files not to send as they are, in red, not among the files that
// only keep things to check.
func TestSummaryNamesFakeRedactions(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "filing.fake"), "FAKE\nAuthor: "+plantedAuthor+"\nCovered: \"the informant is Bob\"\n")
	write(t, filepath.Join(dir, "deck.fake"), "FAKE\nNotes: "+plantedNotes+"\n")
	h.drop(dir)
	test.Tap(h.u.cleanBtn)
	h.settle()
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no summary")
	}
	got := texts(top)
	i := slices.IndexFunc(got, func(s string) bool { return strings.HasPrefix(s, "Do not send these files as they are") })
	if i < 0 || !slices.ContainsFunc(got[i:], func(s string) bool { return strings.Contains(s, "• filing.fake") }) {
		t.Fatalf("the fake redaction is not named with the files not to send: %q", got)
	}
	for _, s := range got {
		if strings.Contains(s, "deck.fake") && strings.Contains(s, "filing.fake") {
			t.Errorf("the two files are listed together: %q", s)
		}
	}
	if !contains(got, "deck.fake") {
		t.Errorf("the file with speaker notes is not among the kept: %q", got)
	}
}
