package archive_test

import (
	"archive/tar"
	"bytes"
	"context"
	"testing"

	"github.com/scrub-project/scrub/formats/archive"
	"github.com/scrub-project/scrub/scrub"
)

// fuzzArchive checks that no input makes the handler panic or fail with
// anything but a refusal, and that whatever it cleans inspects with
// nothing to remove and cleans to itself.
func fuzzArchive(t *testing.T, in []byte) {
	h := archive.New()
	env := func() *scrub.Env {
		return scrub.NewEnv(reg, scrub.Limits{MaxMembers: 200, MaxMemberSize: 256 << 10, MaxTotalSize: 1 << 20}, scrub.Policy{})
	}
	ctx := context.Background()
	format, err := h.Identify(in[:min(len(in), 4096)], bytes.NewReader(in), int64(len(in)))
	if err != nil || format == "" || format == "app-package" {
		return
	}
	_, ierr := h.Inspect(ctx, env(), bytes.NewReader(in), int64(len(in)))
	var out bytes.Buffer
	_, cerr := h.Clean(ctx, env(), bytes.NewReader(in), int64(len(in)), &out)
	for _, err := range []error{ierr, cerr} {
		if err != nil && !scrub.Refused(err) {
			t.Fatalf("an error that is not a refusal: %v", err)
		}
	}
	if ierr != nil && cerr == nil {
		t.Fatalf("Inspect refuses (%v) what Clean cleans", ierr)
	}
	if cerr != nil {
		return
	}
	clean := out.Bytes()
	fs, err := h.Inspect(ctx, env(), bytes.NewReader(clean), int64(len(clean)))
	if err != nil {
		t.Fatalf("Inspect of the cleaned output: %v", err)
	}
	if scrub.Removable(fs) {
		t.Fatalf("cleaned output has removable findings: %+v", fs)
	}
	var again bytes.Buffer
	if _, err := h.Clean(ctx, env(), bytes.NewReader(clean), int64(len(clean)), &again); err != nil {
		t.Fatalf("Clean of the cleaned output: %v", err)
	}
	if !bytes.Equal(clean, again.Bytes()) {
		t.Fatal("cleaning the cleaned output changed it")
	}
}

// FuzzTar drives the TAR reader (plain and compressed) through the
// handler.
func FuzzTar(f *testing.F) {
	// Small seeds: the fuzzer mutates them fastest.
	raw := buildTar(f, tmember{hdr: dirtyHeader("./d/a.txt", 5), data: []byte("text\n")},
		tmember{hdr: tar.Header{Typeflag: tar.TypeXGlobalHeader, Name: "g", PAXRecords: map[string]string{"comment": "c"}}})
	f.Add(raw)
	f.Add(gzipWith(f, raw, "name.tar", "comment"))
	f.Add(xzOf(f, raw))
	f.Add(bzip2Of(f, raw))
	f.Add(buildTar(f, tmember{hdr: tar.Header{Typeflag: tar.TypeReg, Name: "a.txt", Mode: 0o644, Format: tar.FormatGNU}, data: []byte("text")},
		tmember{hdr: tar.Header{Typeflag: tar.TypeDir, Name: "d/", Mode: 0o755}}))
	f.Fuzz(fuzzArchive)
}

// FuzzZip drives the ZIP path of the handler.
func FuzzZip(f *testing.F) {
	data, _ := plantedZip(f)
	f.Add(data)
	f.Add(buildZip(f, "", zmember{name: "a.txt", data: []byte("text")}, zmember{name: "b/c.txt", data: []byte("more text"), store: true}))
	f.Add(buildZip(f, ""))
	f.Fuzz(fuzzArchive)
}
