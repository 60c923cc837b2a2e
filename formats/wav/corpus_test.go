package wav_test

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

// known lists values of the corpus WAVs as they are stored, beyond the
// manifest's: the recorder serial, the iXML ids, the GIMP comment in the
// picture of the id3 chunk.
var known = map[string][]string{
	"wavinfo__A101_3.WAV": {"GR1112089007", "USSDVGR1112089007124014008228301", "USSDVGR1112089007124014008228300",
		"Sound Dev: 702T", "BWFXML", "A101_3.WAV", "MKH516", "2018-12-31"},
	"wavinfo__new_camera_bumb_1.wav":              {"Jamie Hardt", "Sound Grinder Pro", "camera bumb 1", "Sound Effect, movement"},
	"mutagen__silence-2s-PCM-44100-16-ID3v23.wav": {"piman", "jzig", "Quod Libet Test Data", "Created with The GIMP", "\x89PNG"},
}

// manifestValues returns the identifying values the manifest lists for a
// file ("Group:Tag=Value"), without the format's own fields and short
// values.
func manifestValues(e corpus.Entry) []string {
	var out []string
	for _, kv := range strings.Split(e.Identifying, "; ") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.HasPrefix(k, "Composite:") || len(v) < 4 || strings.Trim(v, "0") == "" {
			continue
		}
		out = append(out, v)
	}
	return out
}

// assertAbsent is scrubtest.AssertAbsent that expands data once.
func assertAbsent(t *testing.T, data []byte, values ...string) {
	t.Helper()
	views := scrubtest.Expand(data)
	for _, v := range values {
		for _, enc := range scrubtest.Encodings(v) {
			for _, view := range views {
				if bytes.Contains(view, enc) {
					t.Errorf("cleaned output still contains %q", v)
				}
			}
		}
	}
}

// TestCorpus cleans every WAV of the shared corpus: the copy inspects as
// clean, cleans to itself, keeps none of the manifest's values, shows
// exiftool nothing but the audio format, and ffmpeg reads the same
// samples. Set SCRUB_CORPUS_OUT to a folder to keep the cleaned copies.
func TestCorpus(t *testing.T) {
	files := corpus.Files(t, "media", ".wav")
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
			for _, v := range known[name] {
				if !bytes.Contains(in, []byte(v)) {
					t.Errorf("the original does not hold %q", v)
				}
			}
			out := scrubtest.RoundTrip(t, reg, name, in)
			assertAbsent(t, out, values...)
			if got := ids(chunks(t, out)); got != "fmt ,data" {
				t.Errorf("chunks %s", got)
			}
			if outDir != "" {
				os.WriteFile(filepath.Join(outDir, name), out, 0o644)
			}
			src, dst := filepath.Join(dir, "in.wav"), filepath.Join(dir, "out.wav")
			os.WriteFile(src, in, 0o644)
			os.WriteFile(dst, out, 0o644)
			if _, err := exec.LookPath("exiftool"); err == nil {
				x, err := exec.Command("exiftool", "-a", "-G1", "-ee", "-s", dst).CombinedOutput()
				if err != nil {
					t.Fatalf("exiftool: %v\n%s", err, x)
				}
				for _, line := range strings.Split(strings.TrimSpace(string(x)), "\n") {
					group, tag := "", line
					if i := strings.Index(line, "]"); i > 0 {
						group, tag = line[1:i], strings.Fields(line[i+1:])[0]
					}
					switch {
					case group == "ExifTool" || group == "System" || group == "File":
					case group == "RIFF" && strings.Contains("Encoding NumChannels SampleRate AvgBytesPerSec BitsPerSample", tag):
					case group == "Composite" && tag == "Duration":
					default:
						t.Errorf("exiftool shows %s", line)
					}
				}
			}
			if _, err := exec.LookPath("ffmpeg"); err == nil {
				sameAudio(t, src, dst)
			}
			if !bytes.Contains(out, []byte("data")) {
				t.Error("no data chunk")
			}
		})
	}
}
