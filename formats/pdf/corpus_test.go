package pdf_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/scrub-project/scrub/scrub"
)

// TestCorpus runs the engine's clean-and-verify cycle over a folder of real
// PDFs named by $SCRUB_PDF_CORPUS and, if $SCRUB_PDF_OUT is set, writes the
// cleaned copies there for the external checks of testdata/acceptance.sh.
// It is skipped when the variable is not set (the corpus is not part of the
// repository).
func TestCorpus(t *testing.T) {
	dir := os.Getenv("SCRUB_PDF_CORPUS")
	if dir == "" {
		t.Skip("set SCRUB_PDF_CORPUS to a folder of PDFs to run the acceptance corpus")
	}
	out := os.Getenv("SCRUB_PDF_OUT")
	names, err := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	reg := registry()
	policy := scrub.Policy{Password: os.Getenv("SCRUB_PDF_PASSWORD")}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(name)
		h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), base)
		if err != nil {
			t.Logf("%s: detect: %v", base, err)
			continue
		}
		env := scrub.NewEnv(reg, scrub.Limits{}, policy)
		before, err := h.Inspect(context.Background(), env, bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Logf("%s: REFUSED (inspect, refused=%v): %v [hint: %s]", base, scrub.Refused(err), err, scrub.HintFor(err))
			if !scrub.Refused(err) {
				t.Errorf("%s: inspect failed without a refusal: %v", base, err)
			}
			continue
		}
		var buf bytes.Buffer
		env = scrub.NewEnv(reg, scrub.Limits{}, policy)
		ws, err := h.Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), &buf)
		if err != nil {
			t.Errorf("%s: clean: %v", base, err)
			continue
		}
		cleaned := buf.Bytes()
		env = scrub.NewEnv(reg, scrub.Limits{}, policy)
		after, err := h.Inspect(context.Background(), env, bytes.NewReader(cleaned), int64(len(cleaned)))
		if err != nil {
			t.Errorf("%s: inspect of the cleaned copy: %v", base, err)
			continue
		}
		if scrub.Removable(after) {
			for _, f := range after {
				if f.Action == scrub.Remove {
					t.Logf("    left: %s | %s | %q", f.Where, f.Field, f.Value)
				}
			}
			t.Errorf("%s: the cleaned copy still has removable findings", base)
		}
		var again bytes.Buffer
		env = scrub.NewEnv(reg, scrub.Limits{}, policy)
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(cleaned), int64(len(cleaned)), &again); err != nil {
			t.Errorf("%s: second clean: %v", base, err)
		} else if !bytes.Equal(again.Bytes(), cleaned) {
			t.Errorf("%s: cleaning twice is not idempotent (%d -> %d bytes)", base, len(cleaned), again.Len())
		}
		t.Logf("%s: cleaned: %d removable, %d reported, %d warnings, %d -> %d bytes",
			base, scrub.CountRemovable(before), len(before)-scrub.CountRemovable(before), len(ws), len(data), len(cleaned))
		for _, w := range ws {
			t.Logf("    warning: %s %s", w.Where, w.Message)
		}
		if testing.Verbose() && os.Getenv("SCRUB_PDF_FINDINGS") != "" {
			for _, f := range before {
				t.Logf("    %s | %s | %s | %s | %q", f.Action, f.Kind, f.Where, f.Field, f.Value)
			}
		}
		validate(t, data, cleaned, -1)
		if out != "" {
			if err := os.WriteFile(filepath.Join(out, base), cleaned, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// BenchmarkCorpus cleans every PDF of $SCRUB_PDF_CORPUS that scrub cleans
// (Clean alone, and the engine's inspect-clean-inspect cycle), to compare
// with `qpdf in.pdf out.pdf` over the same files.
func BenchmarkCorpus(b *testing.B) {
	dir := os.Getenv("SCRUB_PDF_CORPUS")
	if dir == "" {
		b.Skip("set SCRUB_PDF_CORPUS to a folder of PDFs")
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	reg := registry()
	var files [][]byte
	var total int64
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
		h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), name)
		if err != nil {
			continue
		}
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), io.Discard); err != nil {
			continue
		}
		files = append(files, data)
		total += int64(len(data))
	}
	h := reg.Handlers()[0]
	run := func(b *testing.B, cycle bool) {
		b.SetBytes(total)
		for b.Loop() {
			for _, data := range files {
				r := bytes.NewReader(data)
				if cycle {
					h.Inspect(context.Background(), scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{}), r, int64(len(data)))
				}
				var out bytes.Buffer
				if _, err := h.Clean(context.Background(), scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{}), r, int64(len(data)), &out); err != nil {
					b.Fatal(err)
				}
				if cycle {
					h.Inspect(context.Background(), scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{}), bytes.NewReader(out.Bytes()), int64(out.Len()))
				}
			}
		}
	}
	b.Run("clean", func(b *testing.B) { run(b, false) })
	b.Run("inspect-clean-verify", func(b *testing.B) { run(b, true) })
}
