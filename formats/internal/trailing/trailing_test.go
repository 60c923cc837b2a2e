package trailing

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub"
)

func TestFinding(t *testing.T) {
	ctx := context.Background()
	file := append([]byte("IMAGE"), "PK\x03\x04 secret-name.txt"...)
	f, err := Finding(ctx, bytes.NewReader(file), 5, int64(len(file)-5), "after the end of the image", "PNG")
	if err != nil {
		t.Fatal(err)
	}
	if f.Where != "after the end of the image" || f.Field != "trailing data" || f.Kind != scrub.KindHidden ||
		f.Label != scrub.LabelHiddenData || f.Action != scrub.Remove || f.Minor {
		t.Errorf("finding %+v", f)
	}
	if !strings.Contains(f.Value, "a zip archive") || !strings.Contains(f.Value, "secret-name.txt") {
		t.Errorf("value %q: want what it is and its text", f.Value)
	}

	// Zeros are padding, however long; a byte past the first look is not.
	pad := make([]byte, 3*headLen)
	if f, err := Finding(ctx, bytes.NewReader(pad), 0, int64(len(pad)), "here", "PNG"); err != nil || !f.Minor {
		t.Errorf("zeros: %+v, %v: want a minor finding", f, err)
	}
	pad[len(pad)-1] = 'x'
	if f, err := Finding(ctx, bytes.NewReader(pad), 0, int64(len(pad)), "here", "PNG"); err != nil || f.Minor {
		t.Errorf("zeros then data: %+v, %v: want hidden data", f, err)
	}
	if _, err := Finding(ctx, bytes.NewReader(pad), 10, int64(len(pad)), "here", "PNG"); err == nil {
		t.Error("a range past the end: no error")
	}
}

func TestWarning(t *testing.T) {
	ctx := context.Background()
	png := []byte("\x89PNG\r\n\x1a\n....")
	w, ok, err := Warning(ctx, bytes.NewReader(png), 0, int64(len(png)), "after the end of the image", "PNG")
	if err != nil || !ok || w.Message != "removed 12 bytes stored after the end of the image (another PNG image)" {
		t.Errorf("%q, %v, %v", w.Message, ok, err)
	}
	if _, ok, err := Warning(ctx, bytes.NewReader(make([]byte, 100)), 0, 100, "after the end of the image", "PNG"); ok || err != nil {
		t.Errorf("zeros: ok %v, %v: want no warning", ok, err)
	}
}

func TestKindOf(t *testing.T) {
	for _, c := range []struct {
		head, own, want string
	}{
		{"\xff\xd8\xff\xe0", "JPEG", "another JPEG image: a preview, depth map or HDR gain map"},
		{"\x00\x00\xff\xd8\xff\xe1", "PNG", "a JPEG image"},
		{"\x89PNG\r\n\x1a\n", "JPEG", "a PNG image"},
		{"GIF89a", "GIF", "another GIF image"},
		{"RIFF\x00\x00\x00\x00WEBPVP8 ", "WebP", "another WebP image"},
		{"RIFF\x00\x00\x00\x00WAVEfmt ", "WebP", "a WAV file"},
		{"\x00\x00\x00\x18ftypmp42", "JPEG", "a video, as in a motion photo"},
		{"PK\x03\x04", "JPEG", "a zip archive"},
		{"OggS", "Ogg", "another Ogg file"},
		{"hello", "PNG", "unknown data"},
	} {
		if got := kindOf([]byte(c.head), c.own); got != c.want {
			t.Errorf("kindOf(%q, %s) = %q, want %q", c.head, c.own, got, c.want)
		}
	}
}
