package gif_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func has(tools ...string) bool {
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			return false
		}
	}
	return true
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

func write(t *testing.T, b []byte) string {
	p := filepath.Join(t.TempDir(), "f.gif")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// frames returns what ImageMagick decodes a file to: per frame, the delay
// and the pixel signature, then the loop count; and what it printed on
// standard error.
func frames(t *testing.T, b []byte) (string, string) {
	t.Helper()
	cmd := exec.Command("identify", "-verbose", "-format", "%T %#\n", write(t, b))
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
	var tags []map[string]any
	if err := json.Unmarshal([]byte(run(t, "exiftool", "-j", "-a", "-G1", "-ee", "-u", write(t, b))), &tags); err != nil || len(tags) != 1 {
		t.Fatalf("exiftool: %v", err)
	}
	return tags[0]
}

// identifying lists exiftool tags that name a device, a person, a
// program or a document, or hold a comment.
func identifying(tags map[string]any) []string {
	var bad []string
	for k, v := range tags {
		if strings.HasPrefix(k, "ICC") || strings.HasPrefix(k, "System:") || strings.HasPrefix(k, "File:") || strings.HasPrefix(k, "ExifTool:") {
			continue
		}
		for _, w := range []string{"GPS", "Make", "Model", "Serial", "Artist", "Owner", "Creator", "Software", "Date", "DocumentID", "InstanceID", "Comment", "Copyright", "Subject", "By-line", "XMP", "IPTC"} {
			if strings.Contains(k, w) {
				bad = append(bad, k+"="+strings.TrimSpace(strings.ReplaceAll(jsonString(v), "\n", " ")))
				break
			}
		}
	}
	return bad
}

func jsonString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// TestImageMagick plants metadata in an animated GIF ImageMagick wrote
// (with its own comment) and checks that the clean copy decodes to the
// same frames, delays and loop count and that exiftool finds nothing.
func TestImageMagick(t *testing.T) {
	if !has("convert", "identify", "exiftool") {
		t.Skip("ImageMagick or exiftool is not installed")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "im.gif")
	run(t, "convert", "-delay", "20", "-loop", "3", "-size", "16x12", "-comment", "IM-COMMENT-PLANTED",
		"gradient:red-blue", "gradient:green-yellow", "xc:blue", p)
	orig, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	icc := metatest.ICCDevice("IMD", "IMC", "APPL", "MDL1", "IM-ICC-MAKER")
	in := insert(orig,
		xmpExt(metatest.XMP([][2]string{{"dc:creator", "IM-XMP-CREATOR"}, {"xmpMM:DocumentID", "IM-XMP-DOCID"}})),
		ext(0xff, []byte("ICCRGBG1012"), icc),
		ext(0xff, []byte("ACMEACME1.0"), []byte("IM-APP-DATA")))
	planted := []string{"IM-COMMENT-PLANTED", "IM-XMP-CREATOR", "IM-XMP-DOCID", "IM-APP-DATA"}
	wantFrames, _ := frames(t, orig)
	if got, _ := frames(t, in); got != wantFrames {
		t.Fatalf("the planted fixture decodes differently:\n%s\n%s", got, wantFrames)
	}
	before := exiftool(t, in)
	if len(identifying(before)) == 0 {
		t.Fatal("exiftool sees nothing in the planted fixture")
	}
	out := scrubtest.RoundTrip(t, registry(), "im.gif", in, planted...)
	blocks(t, out)
	got, msg := frames(t, out)
	if got != wantFrames || msg != "" {
		t.Errorf("the clean copy decodes differently:\n%s%s\nwant\n%s", got, msg, wantFrames)
	}
	after := exiftool(t, out)
	if bad := identifying(after); len(bad) > 0 {
		t.Errorf("exiftool still finds %v", bad)
	}
	if after["GIF:AnimationIterations"] != before["GIF:AnimationIterations"] || after["GIF:FrameCount"] != before["GIF:FrameCount"] {
		t.Errorf("loop count or frames changed: %v %v, want %v %v", after["GIF:AnimationIterations"], after["GIF:FrameCount"],
			before["GIF:AnimationIterations"], before["GIF:FrameCount"])
	}
	if after["ICC_Profile:ProfileDescription"] != nil && after["ICC_Profile:ProfileDescription"] != "" {
		t.Errorf("the profile description stayed: %v", after["ICC_Profile:ProfileDescription"])
	}
	if _, ok := after["ICC-header:ProfileVersion"]; !ok {
		t.Error("the colour profile is gone")
	}
}

// framesIfValid is frames for an original that ImageMagick may refuse.
func framesIfValid(t *testing.T, b []byte) (string, bool) {
	t.Helper()
	cmd := exec.Command("identify", "-format", "%T %#\n", write(t, b))
	out, err := cmd.Output()
	return string(out), err == nil
}

// framemd5 returns ffmpeg's checksum of every decoded frame.
func framemd5(t *testing.T, b []byte) string {
	t.Helper()
	return run(t, "ffmpeg", "-v", "error", "-i", write(t, b), "-f", "framemd5", "-")
}
