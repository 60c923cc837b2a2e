package matroska_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// TestCorpus cleans every Matroska and WebM file of the shared corpus:
// the copy re-inspects clean, cleans to itself, plays the same (where
// ffmpeg plays the original), and neither its bytes nor exiftool show
// the values the manifest lists. Set SCRUB_CORPUS_OUT to keep the copies.
func TestCorpus(t *testing.T) {
	files := corpus.Files(t, "media", ".mkv", ".webm")
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
			parse(t, out, 0)
			if fs := scrubtest.Inspect(t, reg, name, out); scrub.Removable(fs) {
				t.Errorf("cleaned output has removable findings: %+v", fs)
			}
			if again, _ := scrubtest.Clean(t, reg, name, out, scrub.Policy{}); !bytes.Equal(out, again) {
				t.Error("cleaning the cleaned output changed it")
			}
			var values, uids []string
			for _, kv := range strings.Split(manifest[name].Identifying, "; ") {
				k, v, ok := strings.Cut(kv, "=")
				v = strings.TrimSuffix(v, "...")
				switch {
				case !ok || strings.HasSuffix(k, "CodecID"): // what the tracks are, kept
				case strings.HasSuffix(k, "UID") && len(v) > 2: // 01, 02: numbers, not ids
					uids = append(uids, v)
				case strings.HasSuffix(k, "UID"):
				case len(v) >= 4 && scrubtest.Contains(in, v):
					values = append(values, v)
				}
			}
			if len(values) == 0 {
				t.Fatalf("the manifest lists nothing stored as text for %s", name)
			}
			scrubtest.AssertAbsent(t, out, values...)
			if has("ffmpeg", "ffprobe") {
				if exec.Command("ffprobe", "-v", "error", f).Run() == nil {
					sameMedia(t, in, out, filepath.Ext(name), "0.5")
				} else {
					t.Log("ffprobe refuses the original (a fragment): not played")
				}
			}
			if has("exiftool") {
				tags := exiftool(t, out, filepath.Ext(name))
				if bad := identifying(tags); len(bad) > 0 {
					t.Errorf("exiftool still finds %v", bad)
				}
				for k, v := range tags {
					for _, uid := range uids {
						if s, ok := v.(string); ok && s == uid {
							t.Errorf("%s is still %s", k, uid)
						}
					}
				}
			}
			if outDir != "" {
				os.WriteFile(filepath.Join(outDir, name), out, 0o644)
			}
		})
	}
}
