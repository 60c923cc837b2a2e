package jpeg_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/scrub"
)

// listParts returns the parts' bytes, joined, and their names.
func listParts(t *testing.T, data []byte) ([]byte, []string) {
	t.Helper()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	var all bytes.Buffer
	var names []string
	err := jpeg.New().(scrub.PartLister).Parts(context.Background(), env, bytes.NewReader(data), int64(len(data)), func(p scrub.Part) error {
		names = append(names, p.Where)
		_, err := io.Copy(&all, p.R)
		all.WriteByte(0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return all.Bytes(), names
}

// inScan writes s over the entropy-coded data of the first scan, as
// compressed pixels may hold it by chance.
func inScan(t *testing.T, img []byte, s string) []byte {
	t.Helper()
	out := append([]byte(nil), img...)
	p := 2
	for p+4 <= len(out) && out[p+1] != 0xda {
		p += 2 + int(binary.BigEndian.Uint16(out[p+2:]))
	}
	ecs := p + 2 + int(binary.BigEndian.Uint16(out[p+2:]))
	if ecs+len(s)+16 > len(out) {
		t.Fatal("scan too short")
	}
	copy(out[ecs+8:], s)
	return out
}

// TestPartsLeaveScanData: the parts hold every segment and what follows
// the image, and not the compressed pixels, where chance "addresses"
// would make the residue check refuse every cleaned photo.
func TestPartsLeaveScanData(t *testing.T) {
	const addr = "ann.lee@example.org"
	img := inScan(t, encode(t, 64, 64, "PARTSCOMMENT"), " "+addr+" ")
	trailer := encode(t, 16, 16, "TRAILERCOMMENT")
	data := append(append([]byte(nil), img...), trailer...)
	all, names := listParts(t, data)
	for _, want := range []string{"PARTSCOMMENT", "TRAILERCOMMENT"} {
		if !bytes.Contains(all, []byte(want)) {
			t.Errorf("%s is in no part", want)
		}
	}
	if bytes.Contains(all, []byte(addr)) {
		t.Errorf("the scan data is listed: %q found in the parts %q", addr, names)
	}
	var trailerPart bool
	for _, n := range names {
		if strings.HasPrefix(n, "image after the end >") {
			trailerPart = true
		}
	}
	if !trailerPart {
		t.Errorf("the JPEG after the end is not listed through its own segments: %q", names)
	}

	// The engine cleans the photo: what the pixels hold by chance is
	// copied unchanged and is no leak.
	e := &scrub.Engine{Registry: registry()}
	out, r := e.CleanData(context.Background(), "photo.jpg", img)
	if r.Status != scrub.StatusCleaned {
		t.Fatalf("status %s: %v", r.Status, r.Error)
	}
	if !bytes.Contains(out, []byte(addr)) {
		t.Error("the scan data changed")
	}
}
