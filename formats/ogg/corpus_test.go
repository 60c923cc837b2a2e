package ogg_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/scrub"
)

// manifestValues returns the identifying values MANIFEST.tsv lists for a
// corpus file ("Vorbis:Artist=Who Knows; ..."), leaving out binary
// summaries and values too short to search for.
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

// TestCorpus cleans every Ogg file of the shared corpus: each cleans,
// re-inspects clean, cleans to itself, loses what the manifest lists and
// its pictures, keeps its audio (ffmpeg packet and sample checksums,
// valid page checksums), and shows exiftool nothing but codec settings.
// Set SCRUB_CORPUS_OUT to keep the copies.
func TestCorpus(t *testing.T) {
	files := corpus.Files(t, "media", ".ogg", ".opus", ".oga", ".spx", ".ogv")
	outDir := os.Getenv("SCRUB_CORPUS_OUT")
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
			if len(values) == 0 {
				t.Error("the manifest lists nothing to look for")
			}
			checkClean(t, name, in, out, values...)
			pictures := 0
			for _, f := range fs {
				if f.Label == scrub.LabelEmbeddedPicture {
					pictures++
				}
			}
			if pictures == 0 {
				t.Error("the picture in the comments is not a finding")
			}
			dir := t.TempDir()
			ext := filepath.Ext(name)
			a := filepath.Join(dir, "orig"+ext)
			os.WriteFile(a, in, 0o644)
			if need(t, "ffprobe"); len(mediaStreams(t, a)) == 0 {
				// exiftool's test file keeps the headers of a Vorbis file
				// and one byte of audio: ffmpeg reads nothing in it,
				// before or after. The page checks above still hold.
				t.Logf("ffmpeg cannot read %s: no decoding check", name)
				os.WriteFile(filepath.Join(dir, "b"+ext), out, 0o644)
			} else {
				sameMedia(t, dir, ext, in, out)
			}
			exiftoolShowsOnly(t, filepath.Join(dir, "b"+ext))
			if outDir != "" {
				os.WriteFile(filepath.Join(outDir, name), out, 0o644)
			}
		})
	}
}

// technical are the tags exiftool may show in a clean Ogg file: codec
// settings, and the vendor string only if it is empty.
var technical = map[string]bool{
	"VorbisVersion": true, "AudioChannels": true, "SampleRate": true, "NominalBitrate": true,
	"MinimumBitrate": true, "MaximumBitrate": true, "OpusVersion": true, "OutputGain": true,
	"Vendor": true,
}

// exiftoolShowsOnly fails if exiftool -a -G1 -ee shows anything outside
// the file-system groups but codec settings.
func exiftoolShowsOnly(t *testing.T, file string) {
	t.Helper()
	if _, err := exec.LookPath("exiftool"); err != nil {
		t.Skip("exiftool is not installed")
	}
	out, err := exec.Command("exiftool", "-a", "-G1", "-ee", "-s", file).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		g, rest, _ := strings.Cut(strings.TrimPrefix(line, "["), "]")
		tag, value, _ := strings.Cut(strings.TrimSpace(rest), ":")
		tag, value = strings.TrimSpace(tag), strings.TrimSpace(value)
		switch g {
		case "ExifTool", "System", "File", "Composite":
			continue
		case "Vorbis", "Opus":
			if technical[tag] && (tag != "Vendor" || value == "") {
				continue
			}
		}
		t.Errorf("exiftool shows: %s", line)
	}
}
