package flac_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/color"
	stdjpeg "image/jpeg"
	"io"
	"testing"

	"github.com/scrub-project/scrub/formats/flac"
	"github.com/scrub-project/scrub/scrub"
)

// coverWithChanceAddress is a JPEG whose scan data holds an "address",
// as compressed pixels may by chance.
func coverWithChanceAddress(t *testing.T, addr string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for y := range 64 {
		for x := range 64 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 4), uint8(x ^ y), 255})
		}
	}
	var b bytes.Buffer
	if err := stdjpeg.Encode(&b, img, &stdjpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	out := b.Bytes()
	p := 2
	for p+4 <= len(out) && out[p+1] != 0xda {
		p += 2 + int(binary.BigEndian.Uint16(out[p+2:]))
	}
	ecs := p + 2 + int(binary.BigEndian.Uint16(out[p+2:]))
	copy(out[ecs+8:], " "+addr+" ")
	return out
}

// TestPictureBlockPartsLeaveScanData: a cover picture's bytes are listed
// through the JPEG handler (without its compressed pixels), not also as
// the block stores them, where a chance "address" in the pixels was
// learned from the original (and reported, or found again in a copy
// that keeps the picture).
func TestPictureBlockPartsLeaveScanData(t *testing.T) {
	const addr = "ann.lee@example.org"
	in := encode(t, t.TempDir(), 1, nil)
	in = insert(t, in, flacBlock{6, pictureBlock(3, "image/jpeg", "PICDESCRIPTION", coverWithChanceAddress(t, addr))})
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	var all bytes.Buffer
	err := flac.New().(scrub.PartLister).Parts(context.Background(), env, bytes.NewReader(in), int64(len(in)), func(p scrub.Part) error {
		_, err := io.Copy(&all, p.R)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(all.Bytes(), []byte(addr)) {
		t.Error("the cover's scan data is listed")
	}
	if !bytes.Contains(all.Bytes(), []byte("PICDESCRIPTION")) || !bytes.Contains(all.Bytes(), []byte("image/jpeg")) {
		t.Error("the picture block's fields are not listed")
	}
	// The engine learns no address from the pixels: it reports none (the
	// picture goes with its block, as FLAC pictures do).
	e := &scrub.Engine{Registry: registry()}
	_, r := e.CleanData(context.Background(), "song.flac", in)
	if r.Status != scrub.StatusCleaned {
		t.Fatalf("status %s: %v", r.Status, r.Error)
	}
	for _, f := range r.Findings {
		if bytes.Contains([]byte(f.Value), []byte(addr)) {
			t.Errorf("a chance address in the pixels is reported: %s | %s | %s", f.Where, f.Field, f.Value)
		}
	}
}
