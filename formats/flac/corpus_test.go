package flac_test

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

// manifestValues returns the identifying values MANIFEST.tsv lists for a
// corpus file ("Vorbis:Artist=Who Knows; ..."), leaving out binary
// summaries and values too short or too common to search for.
func manifestValues(t *testing.T, file string) []string {
	t.Helper()
	dir := corpus.Require(t)
	var out []string
	for _, e := range corpus.Manifest(t, dir) {
		if e.Path(dir) != file {
			continue
		}
		for _, kv := range strings.Split(e.Identifying+"; "+e.Internal, ";") {
			_, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
			if !ok || len(v) < 5 || strings.HasPrefix(v, "(") {
				continue
			}
			out = append(out, v)
		}
	}
	return out
}

// TestCorpus cleans every FLAC file of the shared corpus: each cleans,
// re-inspects clean, cleans to itself, loses what the manifest lists,
// keeps its audio (ffmpeg packet and sample checksums) and shows exiftool
// nothing but the stream header. Set SCRUB_CORPUS_OUT to keep the copies.
func TestCorpus(t *testing.T) {
	files := corpus.Files(t, "media", ".flac")
	outDir := os.Getenv("SCRUB_CORPUS_OUT")
	reg := registry()
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out, fs, _ := cleanBytes(t, in)
			if !scrub.Removable(fs) {
				t.Error("no findings in a corpus file that carries metadata")
			}
			values := manifestValues(t, f)
			scrubtest.AssertPresent(t, in, values...)
			checkClean(t, in, out, values...)
			if again := scrubtest.Inspect(t, reg, name, out); scrub.Removable(again) {
				t.Errorf("findings after cleaning: %+v", again)
			}
			dir := t.TempDir()
			sameAudio(t, dir, in, out)
			exiftoolShowsOnly(t, filepath.Join(dir, "b.flac"), "FLAC")
			if outDir != "" {
				os.WriteFile(filepath.Join(outDir, name), out, 0o644)
			}
		})
	}
}

// exiftoolShowsOnly fails if exiftool -a -G1 -ee shows a tag outside the
// file-system groups and the given ones.
func exiftoolShowsOnly(t *testing.T, file string, groups ...string) {
	t.Helper()
	if _, err := exec.LookPath("exiftool"); err != nil {
		t.Skip("exiftool is not installed")
	}
	out, err := exec.Command("exiftool", "-a", "-G1", "-ee", "-s", file).Output()
	if err != nil {
		t.Fatal(err)
	}
	allowed := append([]string{"ExifTool", "System", "File", "Composite"}, groups...)
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		g, _, _ := strings.Cut(strings.TrimPrefix(line, "["), "]")
		ok := false
		for _, a := range allowed {
			ok = ok || g == a
		}
		if !ok || bytes.Contains([]byte(line), []byte("Picture")) || strings.Contains(line, "Warning") {
			t.Errorf("exiftool shows: %s", line)
		}
	}
}
