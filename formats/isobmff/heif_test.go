package isobmff_test

import (
	"bytes"
	"crypto/md5"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// TestHEIF plants Exif, XMP, C2PA and unknown items, item names, a user
// description and a colour profile with names in HEIC and AVIF files laid
// out in several ways (Exif in the media data, in idat, in a second media
// box at the end; iloc versions 0 to 2 with and without base offsets and
// with 64-bit offsets; a free box first in ipco; 16-bit property
// indexes), and checks that none of it is left, that the picture, its
// thumbnail, rotation and colour stay, and that cleaning is stable. With
// libheif and exiftool installed the picture is real: heif-info reads the
// copy, heif-convert decodes it to the same pixels, exiftool finds
// nothing.
func TestHEIF(t *testing.T) {
	layouts := []heifOptions{
		{exifIn: "mdat", ilocV: 0, offSize: 4},
		{exifIn: "idat", ilocV: 1, offSize: 4, freeInIpco: true},
		{exifIn: "eof", ilocV: 2, offSize: 8, useBase: true, wideIpma: true},
		{exifIn: "eof", ilocV: 1, offSize: 4, useBase: true, freeInIpco: true},
	}
	for _, real := range []bool{false, true} {
		for _, avif := range []bool{false, true} {
			for i, o := range layouts {
				ext := "heic"
				if avif {
					ext = "avif"
				}
				if real && i%2 != boolInt(avif) {
					continue // real programs: two layouts per format
				}
				t.Run(fmt.Sprintf("%s-%d-real=%v", ext, i, real), func(t *testing.T) {
					c := codedPicture(t, avif, real)
					dirty, planted := plantHEIF(t, c, avif, o)
					out := checkHEIF(t, "planted."+ext, dirty, planted)
					if real {
						checkPicture(t, ext, dirty, out, planted)
					}
				})
			}
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func checkHEIF(t *testing.T, name string, dirty []byte, planted []string) []byte {
	t.Helper()
	out := scrubtest.RoundTrip(t, registry(), name, dirty, planted...)
	fs := inspect(t, dirty)
	for _, want := range []struct {
		label scrub.Label
		value string
	}{
		{scrub.LabelCamera, "PLANTEXIFMAKE"},
		{scrub.LabelSerial, "PLANTEXIFSERIAL"},
		{scrub.LabelGPS, ""},
		{scrub.LabelSoftware, "PLANTHEIFXMP"},
		{scrub.LabelHistory, ""},
		{scrub.LabelDescription, "PLANTUDESNAME"},
		{scrub.LabelHiddenData, "PLANTHEIFGAP"},
	} {
		if !hasFinding(fs, want.label, want.value) {
			t.Errorf("no %s finding with %q", want.label, want.value)
		}
	}
	_, _, ws := clean(t, dirty)
	if !hasWarning(ws, "C2PA") {
		t.Errorf("warnings %+v: want the C2PA one", ws)
	}
	// Structure: the two pictures stay with their properties.
	top := parseBoxes(t, out, 0)
	metas := find(top, "meta")
	if len(metas) != 1 {
		t.Fatalf("%d meta boxes", len(metas))
	}
	kids := parseBoxes(t, metas[0].data[4:], 0)
	iinf := find(kids, "iinf")[0].data
	var types []string
	for _, e := range parseBoxes(t, iinf[6:], 0) {
		types = append(types, string(e.data[8:12]))
	}
	if strings.Join(types, ",") != "hvc1,hvc1" && strings.Join(types, ",") != "av01,av01" {
		t.Errorf("items left: %v", types)
	}
	var props []string
	for _, p := range find(kids, "iprp/ipco")[0].kids {
		props = append(props, p.typ)
	}
	if got := strings.Join(props, ","); !strings.Contains(got, "irot") || strings.Count(got, "colr") != 2 || strings.Contains(got, "udes") || strings.Contains(got, "free") {
		t.Errorf("properties left: %v", props)
	}
	if n := len(find(top, "mdat")); n != 1 {
		t.Errorf("%d media boxes left, want 1", n)
	}
	return out
}

// checkPicture checks a cleaned HEIF with libheif and exiftool.
func checkPicture(t *testing.T, ext string, dirty, out []byte, planted []string) {
	t.Helper()
	need(t, "heif-info", "heif-convert")
	dir := t.TempDir()
	d := writeTemp(t, dir, "dirty."+ext, dirty)
	o := writeTemp(t, dir, "clean."+ext, out)
	info := run(t, "heif-info", o)
	if !strings.Contains(info, "thumbnail") {
		t.Errorf("heif-info sees no thumbnail:\n%s", info)
	}
	if strings.Contains(info, "Exif") || strings.Contains(info, "XMP") {
		t.Errorf("heif-info still sees metadata:\n%s", info)
	}
	if got, want := decode(t, o), decode(t, d); got != want {
		t.Errorf("the picture decodes differently after cleaning")
	}
	checkExiftool(t, o, planted)
}

// decode returns a digest of the pixels heif-convert decodes (as raw
// video frames: no colour profile is involved).
func decode(t *testing.T, path string) string {
	t.Helper()
	y4m := filepath.Join(t.TempDir(), "decoded.y4m")
	run(t, "heif-convert", path, y4m)
	b, err := os.ReadFile(y4m)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", md5.Sum(b))
}

// TestMotionPhoto cleans a Samsung-style motion photo: a HEIC whose mpvd
// box holds a whole MP4 with metadata of its own.
func TestMotionPhoto(t *testing.T) {
	for _, real := range []bool{false, true} {
		t.Run(fmt.Sprintf("real=%v", real), func(t *testing.T) {
			pic, planted := plantHEIF(t, codedPicture(t, false, real), false, heifOptions{exifIn: "mdat", offSize: 4})
			movie, mp := plantMovie(t, baseMovie(t, "mp4", real), movieOptions{layout: "tail"})
			dirty := cat(pic, box("mpvd", movie))
			out := scrubtest.RoundTrip(t, registry(), "motion.heic", dirty, append(planted, mp...)...)
			fs := inspect(t, dirty)
			if !hasFinding(fs, scrub.LabelGPS, "12.3456, -65.4321") {
				t.Error("the embedded video's GPS position is not listed")
			}
			var inner []byte
			for _, b := range parseBoxes(t, out, 0) {
				if b.typ == "mpvd" {
					inner = b.data
				}
			}
			if inner == nil {
				t.Fatal("the motion photo lost its video")
			}
			if real {
				need(t, "ffprobe", "ffmpeg")
				dir := t.TempDir()
				p := writeTemp(t, dir, "inner.mp4", inner)
				if s := runErr(t, "ffprobe", "-v", "error", p); s != "" {
					t.Errorf("ffprobe on the cleaned motion video: %s", s)
				}
				checkExiftool(t, writeTemp(t, dir, "out.heic", out), append(planted, mp...))
			}
		})
	}
}

// TestHEIFCuts checks that Exif and XMP bytes are cut out of the file
// rather than blanked: the copy is shorter by at least their size, and
// the picture's bytes are found, whole, at the offset iloc now gives.
func TestHEIFCuts(t *testing.T) {
	c := codedPicture(t, false, false)
	for _, o := range []heifOptions{{exifIn: "mdat", offSize: 4}, {exifIn: "eof", ilocV: 1, offSize: 8, useBase: true}} {
		dirty, _ := plantHEIF(t, c, false, o)
		out, _, _ := clean(t, dirty)
		if len(dirty)-len(out) < 400 {
			t.Errorf("%+v: the copy is only %d bytes shorter", o, len(dirty)-len(out))
		}
		// Find the primary item's extent through the output's iloc.
		meta := find(parseBoxes(t, out, 0), "meta")[0]
		kids := parseBoxes(t, meta.data[4:], 0)
		il := find(kids, "iloc")[0].data
		v := il[0]
		offSize, lenSize, baseSize := int(il[4]>>4), int(il[4]&15), int(il[5]>>4)
		r := il[6:]
		if v < 2 {
			r = r[2:]
		} else {
			r = r[4:]
		}
		if v < 2 {
			r = r[2:]
		} else {
			r = r[4:]
		}
		if v >= 1 {
			r = r[2:]
		}
		r = r[2+baseSize+2:]
		off := readBE(r[:offSize])
		n := readBE(r[offSize : offSize+lenSize])
		if !bytes.Equal(out[off:off+n], c.data) {
			t.Errorf("%+v: iloc does not point at the picture's bytes", o)
		}
	}
}

func readBE(b []byte) int64 {
	var x int64
	for _, c := range b {
		x = x<<8 | int64(c)
	}
	return x
}
