package odf_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// TestRoundTrip: every planted value is found by Inspect, gone after
// Clean (in every member, decompressed and base64-decoded), the output
// inspects clean, and cleaning it again changes nothing.
func TestRoundTrip(t *testing.T) {
	reg := registry()
	for _, fx := range fixtures(t) {
		t.Run(fx.name, func(t *testing.T) {
			out := scrubtest.RoundTrip(t, reg, fx.name, fx.data, fx.planted...)
			if len(out) == 0 {
				t.Fatal("empty output")
			}
			for _, v := range fx.visible {
				if !scrubtest.Contains(out, v) {
					t.Errorf("visible text %q is gone", v)
				}
			}
			for _, f := range scrubtest.Inspect(t, reg, fx.name, fx.data) {
				if !scrub.KnownLabel(f.Label) {
					t.Errorf("finding without a known label: %+v", f)
				}
			}
			fs := scrubtest.Inspect(t, reg, fx.name, out)
			for _, want := range fx.reports {
				if !hasFinding(fs, want, scrub.Report) {
					t.Errorf("cleaned output does not report %q: %+v", want, fs)
				}
			}
		})
	}
}

func hasFinding(fs []scrub.Finding, field string, action scrub.Action) bool {
	for _, f := range fs {
		if f.Field == field && f.Action == action {
			return true
		}
	}
	return false
}

func findings(fs []scrub.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(string(f.Action) + " " + f.Where + " | " + f.Field + " | " + f.Value + "\n")
	}
	return b.String()
}

// TestManifest: the cleaned package starts with a stored mimetype, and its
// manifest lists exactly the members that remain (with their media types),
// the root and the sub-documents that remain.
func TestManifest(t *testing.T) {
	reg := registry()
	for _, fx := range fixtures(t) {
		if strings.HasPrefix(filepath.Ext(fx.name), ".f") {
			continue
		}
		t.Run(fx.name, func(t *testing.T) {
			out, _ := scrubtest.Clean(t, reg, fx.name, fx.data, scrub.Policy{})
			checkPackage(t, out)
			if strings.Contains(fx.name, "letter") {
				entries := manifestEntries(t, out)
				for path, mt := range map[string]string{"Pictures/photo.jpg": "image/jpeg", "Object 1/": mimeCalc, "content.xml": "text/xml"} {
					if entries[path] != mt {
						t.Errorf("manifest entry %q has media type %q, want %q", path, entries[path], mt)
					}
				}
				for _, gone := range []string{"Thumbnails/thumbnail.png", "Configurations2/", "layout-cache", "ObjectReplacements/Object 1"} {
					if _, ok := entries[gone]; ok {
						t.Errorf("manifest still lists %q", gone)
					}
				}
			}
		})
	}
}

// checkPackage asserts the package rules LibreOffice relies on.
func checkPackage(t *testing.T, out []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatalf("output is not a zip: %v", err)
	}
	if len(zr.File) == 0 || zr.File[0].Name != "mimetype" || zr.File[0].Method != zip.Store {
		t.Fatalf("mimetype is not the first member, stored: %+v", zr.File[0].FileHeader)
	}
	if !bytes.HasPrefix(out[30:], []byte("mimetypeapplication/vnd.oasis.opendocument.")) {
		t.Errorf("the mimetype member does not start the file as ODF requires (extra field?)")
	}
	entries := manifestEntries(t, out)
	members := map[string]bool{}
	for _, f := range zr.File {
		if f.Name == "mimetype" || f.Name == "META-INF/manifest.xml" {
			continue
		}
		members[f.Name] = true
		if _, ok := entries[f.Name]; !ok {
			t.Errorf("member %q is not in the manifest", f.Name)
		}
		if !f.Modified.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) && !f.Modified.IsZero() {
			t.Errorf("member %q keeps a time: %v", f.Name, f.Modified)
		}
	}
	for path := range entries {
		switch {
		case path == "/":
		case strings.HasSuffix(path, "/"):
			found := false
			for m := range members {
				found = found || strings.HasPrefix(m, path)
			}
			if !found {
				t.Errorf("manifest lists folder %q with nothing in it", path)
			}
		case !members[path]:
			t.Errorf("manifest lists %q, which is not in the package", path)
		}
	}
}

func manifestEntries(t *testing.T, out []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open("META-INF/manifest.xml")
	if err != nil {
		t.Fatalf("no manifest: %v", err)
	}
	defer rc.Close()
	var m struct {
		Entries []struct {
			Path string `xml:"full-path,attr"`
			Type string `xml:"media-type,attr"`
		} `xml:"file-entry"`
	}
	if err := xml.NewDecoder(rc).Decode(&m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	entries := map[string]string{}
	for _, e := range m.Entries {
		entries[e.Path] = e.Type
	}
	return entries
}
