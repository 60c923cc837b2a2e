package tiff_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/tiff"
	"github.com/scrub-project/scrub/scrub"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(tiff.New())
	return r
}

// samePixels compares what ImageMagick decodes from two files (every
// page), or for a DNG what dcraw decodes (the raw values, and the
// rendered picture), when the tools are installed.
func samePixels(t *testing.T, a, b string) {
	t.Helper()
	if strings.HasSuffix(a, ".dng") {
		sameRaw(t, a, b)
		return
	}
	if _, err := exec.LookPath("identify"); err != nil {
		t.Log("ImageMagick not installed: pixels not compared")
		return
	}
	sig := func(p string) string {
		out, err := exec.Command("identify", "-quiet", "-format", "%p %w %h %z %[colorspace] %#\n", p).Output()
		if err != nil {
			t.Fatalf("identify %s: %v", p, err)
		}
		return string(out)
	}
	if x, y := sig(a), sig(b); x != y {
		t.Errorf("decoded pixels differ:\n before %s after  %s", x, y)
	}
}

// sameRaw compares dcraw's output for two DNGs: the raw values (-D -4)
// and the rendered picture. (Its -e output is not compared: dcraw writes
// the make and model it found into the thumbnail it extracts.)
func sameRaw(t *testing.T, a, b string) {
	t.Helper()
	if _, err := exec.LookPath("dcraw"); err != nil {
		t.Log("dcraw not installed: raw data not compared")
		return
	}
	for _, args := range [][]string{{"-c", "-D", "-4"}, {"-c", "-w"}} {
		x, errA := exec.Command("dcraw", append(args, a)...).Output()
		y, errB := exec.Command("dcraw", append(args, b)...).Output()
		if (errA == nil) != (errB == nil) {
			t.Errorf("dcraw %v: %v before, %v after", args, errA, errB)
			continue
		}
		if string(x) != string(y) {
			t.Errorf("dcraw %v: the output differs (%d bytes before, %d after)", args, len(x), len(y))
		}
	}
}
