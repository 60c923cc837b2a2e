package gif_test

import (
	"bytes"
	stdgif "image/gif"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// TestCorpus cleans every GIF of the shared corpus: the copy parses, decodes
// to the same frames and loop count, re-inspects clean, cleans to itself,
// and neither its bytes nor exiftool show the identifying values the
// manifest lists. Set SCRUB_CORPUS_OUT to keep the copies.
func TestCorpus(t *testing.T) {
	files := corpus.Files(t, "media", ".gif")
	manifest := map[string]corpus.Entry{}
	for _, e := range corpus.Manifest(t, corpus.Dir()) {
		manifest[filepath.Base(e.File)] = e
	}
	reg := registry()
	outDir := os.Getenv("SCRUB_CORPUS_OUT")
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if fs := scrubtest.Inspect(t, reg, name, in); !scrub.Removable(fs) {
				t.Error("nothing to remove found")
			}
			out, _ := scrubtest.Clean(t, reg, name, in, scrub.Policy{})
			scrubtest.CheckReport(t, reg, name, in, out)
			blocks(t, out)
			if _, err := stdgif.DecodeAll(bytes.NewReader(in)); err == nil {
				sameFrames(t, in, out)
			} else {
				t.Logf("Go's decoder refuses the original (%v): the other decoders compare", err)
			}
			if fs := scrubtest.Inspect(t, reg, name, out); scrub.Removable(fs) {
				t.Errorf("cleaned output has removable findings: %+v", fs)
			}
			if again, _ := scrubtest.Clean(t, reg, name, out, scrub.Policy{}); !bytes.Equal(out, again) {
				t.Error("cleaning the cleaned output changed it")
			}
			var values []string
			for _, v := range manifestValues(manifest[name].Identifying) {
				if scrubtest.Contains(in, v) {
					values = append(values, v)
				}
			}
			if len(values) == 0 {
				t.Fatalf("the manifest lists nothing stored as text for %s", name)
			}
			scrubtest.AssertAbsent(t, out, values...)
			// The images are the original's, byte for byte (bar reserved
			// bits), and decode the same in ImageMagick (where it reads the
			// original) and ffmpeg.
			if got, want := images(t, out), images(t, in); !bytes.Equal(got, want) {
				t.Error("the image blocks changed")
			}
			if has("identify") {
				if want, ok := framesIfValid(t, in); ok {
					if got, msg := frames(t, out); got != want || msg != "" {
						t.Errorf("decodes differently:\n%s%s\nwant\n%s", got, msg, want)
					}
				} else {
					t.Log("ImageMagick refuses the original: ffmpeg compares")
				}
			}
			if has("ffmpeg") {
				if got, want := framemd5(t, out), framemd5(t, in); got != want {
					t.Errorf("ffmpeg decodes differently:\n%s\nwant\n%s", got, want)
				}
			}
			if has("exiftool") {
				before, after := exiftool(t, in), exiftool(t, out)
				if bad := identifying(after); len(bad) > 0 {
					t.Errorf("exiftool still finds %v", bad)
				}
				for _, k := range []string{"GIF:AnimationIterations", "GIF:FrameCount", "GIF:Duration"} {
					if before[k] != after[k] {
						t.Errorf("%s: %v, want %v", k, after[k], before[k])
					}
				}
			}
			if outDir != "" {
				os.WriteFile(filepath.Join(outDir, name), out, 0o644)
			}
		})
	}
}

// manifestValues returns the values of a manifest's identifying_fields
// ("Group:Tag=value; …"); values the manifest shortened with "..." are
// cut there.
func manifestValues(s string) []string {
	var out []string
	for _, kv := range strings.Split(s, "; ") {
		if _, v, ok := strings.Cut(kv, "="); ok {
			if v = strings.TrimSuffix(v, "..."); len(v) >= 4 {
				out = append(out, v)
			}
		}
	}
	return out
}

// images returns the image blocks of a GIF (descriptor, colour table,
// LZW data), joined.
func images(t *testing.T, b []byte) []byte {
	var out []byte
	for _, x := range blocks(t, trimTrailing(t, b)) {
		if x.intro == 0x2c {
			r := append([]byte(nil), x.raw...)
			r[9] &^= 0x18
			out = append(out, r...)
		}
	}
	return out
}

// trimTrailing cuts what follows the trailer.
func trimTrailing(t *testing.T, b []byte) []byte {
	p := screenEnd(b)
	for p < len(b) {
		switch b[p] {
		case 0x3b:
			return b[:p+1]
		case 0x21:
			p += 2
		case 0x2c:
			p += 10
			if b[p-1]&0x80 != 0 {
				p += 3 << (1 + b[p-1]&7)
			}
			p++
		default:
			t.Fatalf("bad block at %d", p)
		}
		for b[p] != 0 {
			p += 1 + int(b[p])
		}
		p++
	}
	return b
}
