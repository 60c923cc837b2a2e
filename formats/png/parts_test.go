package png_test

import (
	"bytes"
	"context"
	"image"
	stdpng "image/png"
	"io"
	"testing"

	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/scrub"
)

// TestPartsLeaveImageData: the parts hold every chunk, compressed text
// inflated, and not the compressed pixels, where chance "addresses" would
// make the residue check refuse every cleaned picture.
func TestPartsLeaveImageData(t *testing.T) {
	const addr = "ann.lee@example.org"
	// Stored (not compressed) pixels: the IDAT holds the address as is.
	row := []byte(" " + addr + " ")
	img := image.NewGray(image.Rect(0, 0, len(row), 1))
	copy(img.Pix, row)
	var b bytes.Buffer
	if err := (&stdpng.Encoder{CompressionLevel: stdpng.NoCompression}).Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte(addr)) {
		t.Fatal("the fixture's IDAT does not hold the address")
	}
	data := afterIHDR(b.Bytes(),
		chunk("tEXt", []byte("Comment\x00PARTSTEXT")),
		chunk("zTXt", append([]byte("Author\x00\x00"), deflate([]byte("ZTXTSECRET"))...)),
		chunk("iTXt", append([]byte("Title\x00\x01\x00en\x00\x00"), deflate([]byte("ITXTSECRET"))...)))
	data = append(data, "TRAILINGSECRET"...)

	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	var all bytes.Buffer
	err := png.New().(scrub.PartLister).Parts(context.Background(), env, bytes.NewReader(data), int64(len(data)), func(p scrub.Part) error {
		_, err := io.Copy(&all, p.R)
		all.WriteByte(0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"PARTSTEXT", "ZTXTSECRET", "ITXTSECRET", "TRAILINGSECRET", "IHDR", "IEND"} {
		if !bytes.Contains(all.Bytes(), []byte(want)) {
			t.Errorf("%s is in no part", want)
		}
	}
	if bytes.Contains(all.Bytes(), []byte(addr)) {
		t.Error("the image data is listed")
	}

	e := &scrub.Engine{Registry: registry()}
	out, r := e.CleanData(context.Background(), "picture.png", b.Bytes())
	if r.Status != scrub.StatusCleaned && r.Status != scrub.StatusAlreadyClean {
		t.Fatalf("status %s: %v", r.Status, r.Error)
	}
	if len(out) > 0 && !bytes.Contains(out, []byte(addr)) {
		t.Error("the image data changed")
	}
}
