package pdf_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/pdf"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

func hostileBytes(t *testing.T, name string) []byte {
	t.Helper()
	c, ok := hostile.ByName(name)
	if !ok {
		t.Fatalf("no hostile case %s", name)
	}
	return c.Bytes()
}

func opensAsZip(b []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	return err == nil && len(zr.File) > 0
}

// A PDF and a zip archive glued together (either order) are refused: the
// zip view is outside the PDF, and scrub does not pick one view.
func TestZipPolyglotRefused(t *testing.T) {
	h := pdf.New()
	for _, name := range []string{"pdf-zip-appended", "pdf-zip-prefix"} {
		b := hostileBytes(t, name)
		if !opensAsZip(b) {
			t.Fatalf("%s: the fixture does not open as a zip", name)
		}
		env := scrub.NewEnv(nil, scrub.Limits{}, scrub.Policy{})
		_, err := h.Inspect(context.Background(), env, bytes.NewReader(b), int64(len(b)))
		if !errors.Is(err, scrub.ErrUnsupported) || !strings.Contains(err.Error(), "polyglot") {
			t.Errorf("%s: inspect: %v, want a polyglot refusal", name, err)
		}
		_, err = h.Clean(context.Background(), env, bytes.NewReader(b), int64(len(b)), io.Discard)
		if !errors.Is(err, scrub.ErrUnsupported) {
			t.Errorf("%s: clean: %v, want a polyglot refusal", name, err)
		}
	}
}

// An archive stored inside the PDF (a LibreOffice hybrid PDF) is the PDF's
// own content: it is cleaned, and the cleaned copy is no zip any more.
func TestZipInsidePDFCleaned(t *testing.T) {
	b := hostile.HybridPDF("HYBT")
	if !opensAsZip(b) {
		t.Fatal("the hybrid fixture does not open as a zip")
	}
	reg := scrub.NewRegistry()
	reg.Register(pdf.New())
	env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
	var out bytes.Buffer
	if _, err := pdf.New().Clean(context.Background(), env, bytes.NewReader(b), int64(len(b)), &out); err != nil {
		t.Fatalf("clean: %v", err)
	}
	if opensAsZip(out.Bytes()) {
		t.Error("the cleaned copy still opens as a zip")
	}
	if bytes.Contains(out.Bytes(), []byte("HYBT-CREATOR")) {
		t.Error("the source document's creator survived")
	}
}

// A content stream that inflates past the member limit is refused
// (ErrLimit) instead of being searched, or cut, part way.
func TestContentStreamBombRefused(t *testing.T) {
	b := hostileBytes(t, "pdf-flate-bomb")
	env := scrub.NewEnv(nil, scrub.Limits{MaxMemberSize: 8 << 20}, scrub.Policy{})
	_, err := pdf.New().Inspect(context.Background(), env, bytes.NewReader(b), int64(len(b)))
	if !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("inspect: %v, want ErrLimit", err)
	}
	_, err = pdf.New().Clean(context.Background(), env, bytes.NewReader(b), int64(len(b)), io.Discard)
	if !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("clean: %v, want ErrLimit", err)
	}
}

// An xref stream declaring millions of objects in a tiny file must not
// make the parser allocate a table for them: the declared count is
// bounded by the file's size.
func TestDeclaredObjectCountBoundedBySize(t *testing.T) {
	b := hostileBytes(t, "pdf-huge-size")
	env := scrub.NewEnv(nil, scrub.Limits{}, scrub.Policy{})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	pdf.New().Inspect(context.Background(), env, bytes.NewReader(b), int64(len(b)))
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 32<<20 {
		t.Errorf("inspecting a %d-byte file allocated %d MiB", len(b), grew>>20)
	}
}

// Values that contain themselves (an array holding itself, a file
// specification naming itself) are rendered to a bounded depth: unbounded
// recursion overflowed the stack, which no recover can catch.
func TestSelfContainingValues(t *testing.T) {
	b := hostileBytes(t, "pdf-self-array")
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	fs, err := pdf.New().Inspect(context.Background(), env, bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if !scrub.Removable(fs) {
		t.Error("the Info dictionary was not reported")
	}
}

// What pdfcpu holds per object is charged to the decompression budget
// before it parses them: a file of tiny objects is refused with ErrLimit
// at once instead of taking twenty times its size in memory.
func TestObjectsChargedToBudget(t *testing.T) {
	b := hostileBytes(t, "pdf-ref-chain") // 5000 objects, 7.5 MiB at objectCost
	env := scrub.NewEnv(registry(), scrub.Limits{MaxTotalSize: 4 << 20}, scrub.Policy{})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := pdf.New().Inspect(context.Background(), env, bytes.NewReader(b), int64(len(b)))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, scrub.ErrLimit) {
		t.Fatalf("inspect: %v, want ErrLimit", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 4<<20 {
		t.Errorf("refusing took %d MiB", grew>>20)
	}
	env = scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	if _, err := pdf.New().Inspect(context.Background(), env, bytes.NewReader(b), int64(len(b))); err != nil {
		t.Errorf("with the default budget: %v", err)
	}
}

// A small file of object streams holding long arrays (432 KB took 5.6 GB
// and 55 s) costs little: cleaning does not decode objects the document
// does not need, and listing the parts (which decodes every object) is
// refused before pdfcpu parses them, an object stream being charged for
// what its objects take once parsed.
func TestObjectStreamArraysRefused(t *testing.T) {
	b := hostileBytes(t, "pdf-objstm-arrays")
	h := pdf.New()
	for _, limit := range []int64{0, 256 << 20} {
		env := scrub.NewEnv(registry(), scrub.Limits{MaxTotalSize: limit}, scrub.Policy{})
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := h.Inspect(context.Background(), env, bytes.NewReader(b), int64(len(b)))
		runtime.ReadMemStats(&after)
		if err != nil && !errors.Is(err, scrub.ErrLimit) {
			t.Fatalf("limit %d: inspect: %v, want success or ErrLimit", limit, err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
			t.Errorf("limit %d: refusing took %d MiB", limit, grew>>20)
		}
		pl := h.(scrub.PartLister)
		env = scrub.NewEnv(registry(), scrub.Limits{MaxTotalSize: limit}, scrub.Policy{})
		err = pl.Parts(context.Background(), env, bytes.NewReader(b), int64(len(b)), func(p scrub.Part) error {
			_, err := io.Copy(io.Discard, p.R)
			return err
		})
		if !errors.Is(err, scrub.ErrLimit) {
			t.Errorf("limit %d: parts: %v, want ErrLimit", limit, err)
		}
	}
}
