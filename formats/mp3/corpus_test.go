package mp3_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// known lists values of the corpus MP3s that the manifest does not spell
// out as they are stored.
var known = map[string][]string{
	"mutagen__apev2-lyricsv2.mp3": {"Auth", "A song", "WM/MediaClassPrimaryID", "APETAGEX", "LYRICSBEGIN", "LYRICS200", "REPLAYGAIN",
		"\xbc\x7d\x60\xd1\x23\xe3\xe2\x4b\x86\xa1\x48\xa4\x2a\x28\x44\x1e"}, // the PRIV GUID as stored
	"exiftool__MP3.mp3": {"Phil Harvey", "ExifTool Test", "A Composer", "Phil's Greatest Hits", "My Comments", "This group",
		"Do-wap she-bang", "<Dummy picture>", "TAGTitle"},
}

// manifestValues returns the identifying values the manifest lists for a
// file: "Group:Tag=Value" pairs, without the MPEG frame header's fields
// and LAME's encoder name (kept: they are the audio) and short values.
func manifestValues(e corpus.Entry) []string {
	var out []string
	for _, kv := range strings.Split(e.Identifying, "; ") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.HasPrefix(k, "MPEG:") || strings.HasPrefix(k, "Composite:") || len(v) < 4 {
			continue
		}
		out = append(out, v)
	}
	return out
}

// TestCorpus cleans every MP3 of the shared corpus: the copy inspects as
// clean, cleans to itself, keeps none of the manifest's values, shows
// exiftool no tag, and ffmpeg decodes it as it decodes the original. Set
// SCRUB_CORPUS_OUT to a folder to keep the cleaned copies.
func TestCorpus(t *testing.T) {
	files := corpus.Files(t, "media", ".mp3")
	entries := map[string]corpus.Entry{}
	for _, e := range corpus.Manifest(t, corpus.Dir()) {
		entries[filepath.Base(e.File)] = e
	}
	reg := registry()
	dir := t.TempDir()
	outDir := os.Getenv("SCRUB_CORPUS_OUT")
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			values := append(manifestValues(entries[name]), known[name]...)
			if len(values) < 5 {
				t.Fatalf("only %d known values: %q", len(values), values)
			}
			scrubtest.AssertPresent(t, in, known[name]...)
			out := scrubtest.RoundTrip(t, reg, name, in)
			scrubtest.AssertAbsent(t, out, values...)
			if bytes.Equal(in, out) {
				t.Error("nothing was removed")
			}
			if outDir != "" {
				os.WriteFile(filepath.Join(outDir, name), out, 0o644)
			}
			src, dst := filepath.Join(dir, "in.mp3"), filepath.Join(dir, "out.mp3")
			os.WriteFile(src, in, 0o644)
			os.WriteFile(dst, out, 0o644)
			if _, err := exec.LookPath("exiftool"); err == nil {
				x, err := exec.Command("exiftool", "-a", "-G1", "-ee", dst).CombinedOutput()
				if err != nil {
					t.Fatalf("exiftool: %v\n%s", err, x)
				}
				for _, group := range []string{"[ID3", "[APE]", "[Lyrics3]", "Warning"} {
					if strings.Contains(string(x), group) {
						t.Errorf("exiftool shows %s in the cleaned file:\n%s", group, x)
					}
				}
			}
			if _, err := exec.LookPath("ffmpeg"); err != nil {
				return
			}
			// exiftool's MP3 holds one cut frame header: ffmpeg reads
			// neither the original nor the copy.
			if e, _ := exec.Command("ffprobe", "-v", "error", src).CombinedOutput(); len(e) == 0 {
				sameAudio(t, src, dst, true)
			}
		})
	}
}
