package webp_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func need(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	return string(out)
}

// frames returns what ImageMagick decodes a file to: per frame, the delay
// and the pixel signature. It fails on any decoder message.
func frames(t *testing.T, b []byte) string {
	t.Helper()
	out, msg := framesMsg(t, b)
	if msg != "" {
		t.Fatalf("identify: %s", msg)
	}
	return out
}

func framesMsg(t *testing.T, b []byte) (string, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f.webp")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("identify", "-format", "%T %w %h %#\n", p)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("identify: %v %s", err, stderr.Bytes())
	}
	return string(out), stderr.String()
}

// exiftool returns exiftool -a -G1 -ee's tags of b.
func exiftool(t *testing.T, b []byte) map[string]any {
	t.Helper()
	p := filepath.Join(t.TempDir(), "e.webp")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var tags []map[string]any
	if err := json.Unmarshal([]byte(run(t, "exiftool", "-j", "-a", "-G1", "-ee", "-u", p)), &tags); err != nil || len(tags) != 1 {
		t.Fatalf("exiftool: %v", err)
	}
	return tags[0]
}

// identifying lists exiftool tags that name a device, a place, a person
// or a program.
func identifying(tags map[string]any) []string {
	var bad []string
	for k, v := range tags {
		name := k[strings.Index(k, ":")+1:]
		for _, w := range []string{"GPS", "Make", "Model", "Serial", "Artist", "Owner", "Creator", "Software", "DateTimeOriginal", "CreateDate", "DocumentID", "InstanceID", "Lens", "Comment", "Copyright"} {
			if strings.Contains(name, w) && toString(v) != "" && !strings.HasPrefix(k, "ICC_Profile:") && !strings.HasPrefix(k, "System:") && !strings.HasPrefix(k, "File:") {
				bad = append(bad, k+"="+toString(v))
			}
		}
	}
	return bad
}

func toString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// webpSize parses the canvas size from identify.
func webpSize(t *testing.T, path string) (int, int) {
	f := strings.Fields(run(t, "identify", "-format", "%w %h\n", path))
	w, _ := strconv.Atoi(f[0])
	h, _ := strconv.Atoi(f[1])
	return w, h
}

// plant turns a WebP made by a real encoder into an extended file with
// metadata in every place: VP8X flags, an ICC profile, EXIF, XMP (both
// spellings) and an unknown chunk; an animation frame also gets an
// unknown sub-chunk.
func plant(t *testing.T, path, prefix string) ([]byte, []string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cs []chunk
	for p := 12; p+8 <= len(b); {
		n := int(binary.LittleEndian.Uint32(b[p+4:]))
		cs = append(cs, chunk{string(b[p : p+4]), b[p+8 : p+8+n]})
		p += 8 + n + n%2
	}
	var head []byte
	var rest [][]byte
	if cs[0].id == "VP8X" {
		h := append([]byte(nil), cs[0].data...)
		h[0] |= 0x2c
		head = ck("VP8X", h)
		cs = cs[1:]
	} else {
		w, h := webpSize(t, path)
		head = vp8x(0x2c, w, h)
	}
	for i, c := range cs {
		data := c.data
		if c.id == "ANMF" && i == 1 {
			data = append(append([]byte(nil), data...), ck("JUNK", []byte(prefix+"-FRAME-JUNK"))...)
		}
		rest = append(rest, ck(c.id, data))
	}
	icc := metatest.ICCDevice(prefix+"-ICC-DESC", prefix+"-ICC-CPRT", "APPL", "MDL1", prefix+"-ICC-MAKER")
	all := append([][]byte{head, ck("ICCP", icc)}, rest...)
	all = append(all,
		ck("EXIF", exifBlock(prefix, binary.LittleEndian)),
		ck("XMP ", metatest.XMP([][2]string{{"dc:creator", prefix + "-XMP-CREATOR"}, {"xmpMM:DocumentID", prefix + "-XMP-DOCID"}})),
		ck("ABCD", []byte(prefix+"-UNKNOWN")))
	planted := []string{prefix + "-MAKE", prefix + "-MODEL", prefix + "-ARTIST", prefix + "-SERIAL", prefix + "-ICC-DESC",
		prefix + "-ICC-CPRT", prefix + "-ICC-MAKER", prefix + "-XMP-CREATOR", prefix + "-XMP-DOCID", prefix + "-UNKNOWN"}
	for _, c := range cs {
		if c.id == "ANMF" {
			planted = append(planted, prefix+"-FRAME-JUNK")
			break
		}
	}
	return riff(all...), planted
}

// TestRealEncoders plants metadata in files made by ImageMagick and ffmpeg
// (lossy, lossless, alpha, animated) and checks that the clean copy
// decodes to the same frames, delays and loop count, and that exiftool
// finds nothing identifying in it.
func TestRealEncoders(t *testing.T) {
	need(t, "convert", "identify", "exiftool")
	dir := t.TempDir()
	path := func(n string) string { return filepath.Join(dir, n) }
	run(t, "convert", "-size", "64x48", "gradient:red-blue", "-quality", "80", path("lossy.webp"))
	run(t, "convert", "-size", "64x48", "gradient:red-blue", "-define", "webp:lossless=true", path("lossless.webp"))
	run(t, "convert", "-size", "64x48", "xc:none", "-fill", "red", "-draw", "circle 32,24 32,10", "-quality", "80", path("alpha.webp"))
	files := []string{"lossy.webp", "lossless.webp", "alpha.webp"}
	if _, err := exec.LookPath("ffmpeg"); err == nil {
		run(t, "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=5", "-frames:v", "4", "-loop", "2",
			"-c:v", "libwebp_anim", path("anim.webp"))
		files = append(files, "anim.webp")
	}
	for i, name := range files {
		t.Run(name, func(t *testing.T) {
			orig, err := os.ReadFile(path(name))
			if err != nil {
				t.Fatal(err)
			}
			prefix := "RE" + strconv.Itoa(i)
			in, planted := plant(t, path(name), prefix)
			want := frames(t, orig)
			// ImageMagick warns about the planted XMP; the pixels are the same.
			if got, _ := framesMsg(t, in); got != want {
				t.Fatalf("the planted fixture decodes differently:\n%s\n%s", got, want)
			}
			if bad := identifying(exiftool(t, in)); len(bad) == 0 {
				t.Error("exiftool sees nothing in the planted fixture")
			}
			out := scrubtest.RoundTrip(t, registry(), name, in, planted...)
			chunks(t, out)
			if got := frames(t, out); got != want {
				t.Errorf("the clean copy decodes differently:\n%s\nwant\n%s", got, want)
			}
			if bad := identifying(exiftool(t, out)); len(bad) > 0 {
				t.Errorf("exiftool still finds %v", bad)
			}
			if name == "anim.webp" {
				anim := func(b []byte) []byte {
					for _, c := range chunks(t, b) {
						if c.id == "ANIM" {
							return c.data
						}
					}
					return nil
				}
				if a := anim(out); a == nil || !bytes.Equal(a, anim(orig)) {
					t.Errorf("ANIM (loop count %v) not kept: % x", binary.LittleEndian.Uint16(anim(orig)[4:]), a)
				}
			}
		})
	}
}

func lookTools(tools ...string) (string, error) {
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			return tool, err
		}
	}
	return "", nil
}
