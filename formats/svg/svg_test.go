package svg_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"image"
	_ "image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/formats/svg"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(svg.New())
	r.Register(png.New())
	r.Register(jpeg.New())
	return r
}

var fixtures = []struct {
	name    string
	data    []byte
	planted []string
}{
	{"inkscape.svg", inkscape("INK"), inkscapePlanted("INK")},
	{"illustrator.svg", illustrator("AI"), illustratorPlanted("AI")},
	{"others.svg", others("OTH"), othersPlanted("OTH")},
	{"inkscape.svgz", gz("GZ", inkscape("GZI")), append(inkscapePlanted("GZI"), "GZ-GZNAME", "GZ-GZCOMMENT")},
}

// TestRoundTrip: every planted value is in the fixture and in none of
// the bytes of the cleaned drawing (decompressed, base64 decoded); the
// cleaned copy inspects clean and cleans to itself.
func TestRoundTrip(t *testing.T) {
	reg := registry()
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			if strings.HasSuffix(f.name, ".svgz") {
				roundTripGzip(t, reg, f.name, f.data, f.planted...)
				return
			}
			clean := scrubtest.RoundTrip(t, reg, f.name, f.data, f.planted...)
			for _, fd := range scrubtest.Inspect(t, reg, f.name, f.data) {
				if fd.Label == "" || !scrub.KnownLabel(fd.Label) {
					t.Errorf("finding without a known label: %+v", fd)
				}
			}
			if testing.Verbose() {
				t.Logf("cleaned:\n%s", gunzipped(clean))
			}
		})
	}
}

// gunzipped returns b decompressed if it is gzip (scrubtest does not
// look into gzip), and b as it is otherwise.
func gunzipped(b []byte) []byte {
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return b
	}
	d, err := io.ReadAll(zr)
	if err != nil {
		return b
	}
	return d
}

// roundTripGzip is scrubtest.RoundTrip for .svgz: the byte scans look at
// the compressed file and at the drawing inside.
func roundTripGzip(t *testing.T, reg *scrub.Registry, name string, dirty []byte, planted ...string) {
	t.Helper()
	both := func(b []byte) []byte { return append(append([]byte{}, b...), gunzipped(b)...) }
	scrubtest.AssertPresent(t, both(dirty), planted...)
	if fs := scrubtest.Inspect(t, reg, name, dirty); !scrub.Removable(fs) {
		t.Errorf("%s: inspect found nothing removable", name)
	}
	clean, _ := scrubtest.Clean(t, reg, name, dirty, scrub.Policy{})
	scrubtest.CheckReport(t, reg, name, dirty, clean)
	scrubtest.AssertAbsent(t, both(clean), planted...)
	if fs := scrubtest.Inspect(t, reg, name, clean); scrub.Removable(fs) {
		t.Errorf("%s: cleaned output still has removable findings: %+v", name, fs)
	}
	again, _ := scrubtest.Clean(t, reg, name, clean, scrub.Policy{})
	if !bytes.Equal(clean, again) {
		t.Errorf("%s: cleaning the cleaned output changed it", name)
	}
	if bytes.Equal(gunzipped(clean), clean) {
		t.Errorf("%s: the cleaned drawing is not compressed", name)
	}
}

// TestRendersSame renders the original and the cleaned drawing with
// librsvg and compares the pixels.
func TestRendersSame(t *testing.T) {
	if _, err := exec.LookPath("rsvg-convert"); err != nil {
		t.Skip("rsvg-convert not installed")
	}
	reg := registry()
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			clean, _ := scrubtest.Clean(t, reg, f.name, f.data, scrub.Policy{})
			a := render(t, f.name, f.data)
			b := render(t, f.name, clean)
			samePixels(t, a, b)
		})
	}
}

func render(t *testing.T, name string, data []byte) image.Image {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, name)
	out := filepath.Join(dir, "out.png")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("rsvg-convert", "-o", out, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("rsvg-convert: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func samePixels(t *testing.T, a, b image.Image) {
	t.Helper()
	if a.Bounds() != b.Bounds() {
		t.Fatalf("size %v, want %v", b.Bounds(), a.Bounds())
	}
	diff, blank := 0, true
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				diff++
			}
			if a1 != 0 {
				blank = false
			}
		}
	}
	if diff > 0 {
		t.Errorf("%d pixels differ", diff)
	}
	if blank {
		t.Errorf("the drawing renders as nothing: the comparison proves nothing")
	}
}

// TestFindings checks what Inspect says, with its labels.
func TestFindings(t *testing.T) {
	reg := registry()
	fs := scrubtest.Inspect(t, reg, "inkscape.svg", inkscape("F"))
	want := map[string]scrub.Label{
		"sodipodi:docname":         scrub.LabelFilePath,
		"inkscape:export-filename": scrub.LabelFilePath,
		"inkscape:version":         scrub.LabelSoftware,
		"inkscape:label":           scrub.LabelLayers,
		"dc:creator":               scrub.LabelAuthor,
		"dc:rights":                scrub.LabelCopyright,
		"dc:publisher":             scrub.LabelOrganisation,
		"program description":      scrub.LabelSoftware,
		"program comment":          scrub.LabelSoftware,
		"link to a local file":     scrub.LabelFilePath,
		"style sheet comment":      scrub.LabelComment,
		"title":                    scrub.LabelTitle,
		"hidden layer":             scrub.LabelHiddenObject,
	}
	got := map[string]scrub.Finding{}
	for _, f := range fs {
		got[f.Field] = f
		t.Logf("%s | %s | %s | %s | %s | %v", f.Where, f.Field, f.Value, f.Action, f.Label, f.Minor)
	}
	for field, label := range want {
		f, ok := got[field]
		if !ok {
			t.Errorf("no finding %q", field)
			continue
		}
		if f.Label != label {
			t.Errorf("%s: label %s, want %s", field, f.Label, label)
		}
	}
	if f := got["dc:creator"]; !strings.Contains(f.Value, "F-CREATOR") {
		t.Errorf("dc:creator = %q, want the agent's name", f.Value)
	}
	if f := got["title"]; f.Action != scrub.Report {
		t.Errorf("the title is %s, want it reported", f.Action)
	}
	if f := got["hidden layer"]; f.Action != scrub.Report || f.Value != "g Notes" {
		t.Errorf("hidden layer: %s %q, want g Notes reported", f.Action, f.Value)
	}
}

func TestIdentify(t *testing.T) {
	h := svg.New()
	for _, c := range []struct {
		in   string
		want string
	}{
		{`<svg xmlns="http://www.w3.org/2000/svg"/>`, "svg"},
		{"\xef\xbb\xbf  <?xml version='1.0'?><!-- c --><!DOCTYPE svg [<!ENTITY a 'b'>]><svg:svg xmlns:svg='http://www.w3.org/2000/svg'/>", "svg"},
		{`<!DOCTYPE svg [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]><svg xmlns="&ns_svg;"/>`, "svg"},
		{`<svg/>`, ""},
		{`<svg xmlns="http://example.org/"/>`, ""},
		{`<html><svg xmlns="http://www.w3.org/2000/svg"/></html>`, ""},
		{`<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`, ""},
		{"\x89PNG\r\n\x1a\n", ""},
		{"", ""},
	} {
		b := []byte(c.in)
		got, err := h.Identify(b, bytes.NewReader(b), int64(len(b)))
		if err != nil || got != c.want {
			t.Errorf("Identify(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	z := gz("X", inkscape("X"))
	if got, _ := h.Identify(z[:min(len(z), 4096)], bytes.NewReader(z), int64(len(z))); got != "svgz" {
		t.Errorf("svgz identified as %q", got)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	data := inkscape("C")
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	if _, err := svg.New().Inspect(ctx, env, bytes.NewReader(data), int64(len(data))); err == nil {
		t.Error("a cancelled inspect succeeded")
	}
}

// TestParts: the parts hold the drawing's text, the visible text, and
// the decoded pictures (whose planted values the residue check must be
// able to see).
func TestParts(t *testing.T) {
	reg := registry()
	for _, f := range fixtures[:1] {
		env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
		h := svg.New().(scrub.PartLister)
		var all bytes.Buffer
		var wheres []string
		var texts []string
		err := h.Parts(context.Background(), env, bytes.NewReader(f.data), int64(len(f.data)), func(p scrub.Part) error {
			wheres = append(wheres, p.Where)
			texts = append(texts, p.Text...)
			_, err := io.Copy(&all, p.R)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("parts %q, text %q", wheres, texts)
		for _, v := range []string{"INK-PNG-AUTHOR", "INK-JPEG-ARTIST", "INK-CREATOR"} {
			if !bytes.Contains(all.Bytes(), []byte(v)) {
				t.Errorf("the parts do not hold %q", v)
			}
		}
		if strings.Join(texts, "|") != "A drawing|Created with INK-GENDESC.|Hello|draft notes" {
			t.Errorf("visible text %q", texts)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, fx := range fixtures {
		f.Add(fx.data)
	}
	f.Add([]byte(billionLaughs()))
	f.Add([]byte(`<!DOCTYPE svg [<!ENTITY a "&#38;amp;">]>` + root + `<text a="&a;">&a;</text></svg>`))
	reg := registry()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		h := svg.New()
		if name, _ := h.Identify(data[:min(len(data), 4096)], bytes.NewReader(data), int64(len(data))); name == "" {
			return
		}
		env := scrub.NewEnv(reg, scrub.Limits{MaxMemberSize: 1 << 20, MaxTotalSize: 4 << 20}, scrub.Policy{})
		var out bytes.Buffer
		_, err := h.Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), &out)
		if err != nil {
			if !scrub.Refused(err) {
				t.Fatalf("not a refusal: %v", err)
			}
			return
		}
		// The cleaned drawing is an SVG that cleans to itself.
		clean := out.Bytes()
		if name, _ := h.Identify(clean[:min(len(clean), 4096)], bytes.NewReader(clean), int64(len(clean))); name == "" {
			t.Fatalf("the cleaned drawing is not identified as SVG:\n%s", clean)
		}
		var again bytes.Buffer
		env = scrub.NewEnv(reg, scrub.Limits{MaxMemberSize: 1 << 20, MaxTotalSize: 4 << 20}, scrub.Policy{})
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(clean), int64(len(clean)), &again); err != nil {
			t.Fatalf("cleaning the cleaned drawing: %v\n%s", err, clean)
		}
		if !bytes.Equal(clean, again.Bytes()) {
			t.Fatalf("not idempotent:\n%s\n---\n%s", clean, again.Bytes())
		}
	})
}

func BenchmarkClean(b *testing.B) {
	data := inkscape("B")
	// A bigger drawing: many shapes, as real ones have.
	var shapes strings.Builder
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&shapes, `<path style="fill:#%06x" d="M %d,0 L 10,%d Z" id="p%d" inkscape:connector-curvature="0" sodipodi:nodetypes="ccc"/>`+"\n", i*97, i, i, i)
	}
	data = bytes.Replace(data, []byte("</g>\n</svg>"), []byte(shapes.String()+"</g>\n</svg>"), 1)
	reg := registry()
	h := svg.New()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
