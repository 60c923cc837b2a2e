package isobmff_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/isobmff"
	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// TestCorpus cleans every ISO media file of the shared corpus (real files
// from phones and cameras): each cleans, re-inspects clean and cleans to
// itself; the identifying values MANIFEST.tsv lists for it, where the
// original carries them, are gone from every byte; every stream left is
// byte-identical to the original's and decodes the same (ffmpeg),
// pictures decode to the same pixels (heif-convert), and exiftool -ee
// finds no identifying tag. Canon CR3 raw files are refused with a
// reason. Set SCRUB_CORPUS_OUT to a folder to keep the cleaned copies.
func TestCorpus(t *testing.T) {
	files := corpus.Files(t, "media", ".heic", ".heif", ".avif", ".mp4", ".m4v", ".mov", ".m4a", ".3gp", ".cr3")
	dir := corpus.Require(t)
	manifest := map[string]corpus.Entry{}
	for _, e := range corpus.Manifest(t, dir) {
		manifest[filepath.Base(e.File)] = e
	}
	outDir := os.Getenv("SCRUB_CORPUS_OUT")
	h := isobmff.New()
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			format, err := h.Identify(in[:min(len(in), 4096)], bytes.NewReader(in), int64(len(in)))
			if err != nil || format == "" {
				t.Fatalf("not identified: %q %v", format, err)
			}
			if strings.HasSuffix(name, ".cr3") {
				_, _, _, err := tryClean(in)
				if format != "cr3" || !errors.Is(err, scrub.ErrUnsupported) {
					t.Fatalf("a CR3 raw file: format %q, error %v; want a refusal", format, err)
				}
				t.Logf("refused: %v", err)
				return
			}
			out := scrubtest.RoundTrip(t, registry(), name, in)
			var values []string
			if e, ok := manifest[name]; ok {
				inParts := scrubtest.Expand(in)
				for _, v := range manifestValues(e.Identifying + "; " + e.Internal) {
					if containsAny(inParts, v) {
						values = append(values, v)
					}
				}
			}
			assertAbsent(t, out, values...)
			t.Logf("%d -> %d bytes; %d manifest values checked", len(in), len(out), len(values))
			checkParts(t, in, out)
			if outDir != "" {
				os.WriteFile(filepath.Join(outDir, name), out, 0o644)
			}
			if testing.Short() {
				return // the real programs take a while on big files
			}
			tmp := t.TempDir()
			o := writeTemp(t, tmp, "clean-"+name, out)
			switch filepath.Ext(name) {
			case ".heic", ".heif", ".avif":
				comparePictures(t, f, o)
			default:
				compareStreams(t, f, o)
			}
			checkExiftool(t, o, values)
		})
	}
}

func containsAny(parts [][]byte, v string) bool {
	for _, enc := range scrubtest.Encodings(v) {
		for _, p := range parts {
			if bytes.Contains(p, enc) {
				return true
			}
		}
	}
	return false
}

// manifestValues returns the values of "Group:Tag=value; …" lists that
// are specific enough to search for.
func manifestValues(s string) []string {
	var out []string
	for _, part := range strings.Split(s, "; ") {
		i := strings.Index(part, "=")
		if i < 0 {
			continue
		}
		v := strings.TrimSpace(part[i+1:])
		if strings.HasSuffix(v, "...") || len(v) < 6 {
			continue
		}
		out = append(out, v)
	}
	return out
}

// checkParts lists the parts of the original and of the copy: every
// part reads; the copy's media data has no part (nothing but kept
// samples is left in it).
func checkParts(t *testing.T, in, out []byte) {
	t.Helper()
	pl := isobmff.New().(scrub.PartLister)
	for i, data := range [][]byte{in, out} {
		env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
		var n int64
		err := pl.Parts(context.Background(), env, bytes.NewReader(data), int64(len(data)), func(p scrub.Part) error {
			k, err := io.Copy(io.Discard, p.R)
			n += k
			if i == 1 && strings.HasPrefix(p.Where, "media data") {
				t.Errorf("the cleaned copy has unreferenced media data: %s", p.Where)
			}
			return err
		})
		if err != nil {
			t.Fatalf("parts: %v", err)
		}
		if n == 0 || n > int64(len(data)) {
			t.Errorf("parts yield %d bytes of %d", n, len(data))
		}
	}
}

// compareStreams checks with ffmpeg that every stream the copy has is
// one of the original's, byte-identical and decoding the same, that the
// audio and video streams are all there, and that ffprobe finds no error
// it did not find in the original.
func compareStreams(t *testing.T, orig, clean string) {
	t.Helper()
	need(t, "ffmpeg", "ffprobe")
	if runErrOK(orig) == "" {
		if s := runErrOK(clean); s != "" {
			t.Errorf("ffprobe reports errors on the cleaned copy:\n%s", s)
		}
	}
	ot, ct := streamTypes(t, orig), streamTypes(t, clean)
	j := 0
	for i, typ := range ot {
		if typ != "video" && typ != "audio" && typ != "subtitle" {
			continue
		}
		if j >= len(ct) || ct[j] != typ {
			t.Fatalf("stream %d (%s) of the original is missing: %v -> %v", i, typ, ot, ct)
		}
		md5 := func(p string, s int) string {
			return runQuiet(t, "ffmpeg", "-v", "quiet", "-i", p, "-map", fmt.Sprintf("0:%d", s), "-c", "copy", "-f", "md5", "-")
		}
		if a, b := md5(orig, i), md5(clean, j); a != b {
			t.Errorf("stream %d (%s): packets differ (%s, %s)", i, typ, a, b)
		}
		j++
	}
	if j != len(ct) {
		t.Errorf("the copy has streams the original's audio and video do not account for: %v -> %v", ot, ct)
	}
}

// comparePictures checks that libheif reads the copy and decodes it to
// the same pixels as the original (when it decodes the original).
func comparePictures(t *testing.T, orig, clean string) {
	t.Helper()
	need(t, "heif-info", "heif-convert")
	if _, err := runCmd("heif-convert", orig, filepath.Join(t.TempDir(), "probe.y4m")); err != nil {
		t.Logf("libheif does not decode the original (%v): only heif-info is checked", err)
		if _, err := runCmd("heif-info", clean); err != nil {
			t.Errorf("heif-info: %v", err)
		}
		return
	}
	run(t, "heif-info", clean)
	if a, b := decode(t, orig), decode(t, clean); a != b {
		t.Error("the picture decodes differently after cleaning")
	}
	// And ImageMagick's pixel signature of the PNGs heif-convert writes.
	need(t, "identify")
	dir := t.TempDir()
	op, cp := filepath.Join(dir, "o.png"), filepath.Join(dir, "c.png")
	runCmd("heif-convert", orig, op)
	a, err := runCmd("identify", "-format", "%#", op)
	if err != nil {
		// heif-convert exits 0 when libpng rejects the original's
		// colour profile (mdx__Issue_437_dotnet.heic): no PNG to compare.
		t.Logf("no PNG of the original: %v", err)
		return
	}
	run(t, "heif-convert", clean, cp)
	if b := run(t, "identify", "-format", "%#", cp); a != b {
		t.Errorf("ImageMagick pixel signature %s, want %s", b, a)
	}
}
