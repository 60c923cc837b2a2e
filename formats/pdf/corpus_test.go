package pdf_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/pdf"
	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/scrub"
)

// TestCorpus runs the engine's clean-and-verify cycle over the real PDFs
// of ../shared/corpus (internal/corpus: $SCRUB_CORPUS names another
// one), and, if $SCRUB_PDF_OUT is set, writes the cleaned
// copies there (.ci/acceptance runs the external checks on the corpus:
// qpdf, poppler's page count and text). Every
// file must clean, or be refused with a reason (the files that need a
// password). The identifying values the corpus manifest lists for a file
// (authors, companies, annotation authors, document ids) must be gone
// from every decoded byte of its cleaned copy, unless the page shows them.
func TestCorpus(t *testing.T) {
	out := os.Getenv("SCRUB_PDF_OUT")
	var names []string
	manifest := map[string]corpus.Entry{}
	names = corpus.Files(t, "pdf", ".pdf")
	for _, e := range corpus.Manifest(t, corpus.Dir()) {
		manifest[filepath.Base(e.File)] = e
	}
	reg := registry()
	policy := scrub.Policy{Password: os.Getenv("SCRUB_PDF_PASSWORD")}
	cleanedFiles := 0
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(name)
		h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), base)
		if err != nil {
			t.Errorf("%s: detect: %v", base, err)
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
		cleanedFiles++
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
		if e, ok := manifest[base]; ok {
			values := manifestValues(e)
			visible := pdftotext(t, data)
			for _, v := range residueIn(views(t, cleaned, false), values) {
				if strings.Contains(visible, v) {
					continue // the page shows it
				}
				t.Errorf("%s: the cleaned copy still holds %q (listed in the corpus manifest)", base, v)
			}
		}
		validate(t, data, cleaned, -1)
		if out != "" {
			if err := os.WriteFile(filepath.Join(out, base), cleaned, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if cleanedFiles == 0 {
		t.Fatal("no corpus PDF was cleaned: zero files checked is not a pass")
	}
}

// manifestFields are the manifest's identifying fields that name a person,
// an organisation or a document's id; their values must go.
var manifestFields = regexp.MustCompile(`^(PDF:Author|PDF:Company|PDF:Manager|XMP-dc:Creator|XMP-xmpMM:DocumentID|annot authors\(/T\))$`)

// manifestValues returns the values of the manifest's identifying fields
// of e ("PDF:Author=Martin Thoma; XMP-dc:Creator=['A', 'B']"), shortened
// where the manifest cut them.
func manifestValues(e corpus.Entry) []string {
	var out []string
	for _, col := range []string{e.Identifying, e.Internal} {
		for _, item := range strings.Split(col, "; ") {
			k, v, ok := strings.Cut(item, "=")
			if !ok || !manifestFields.MatchString(strings.TrimSpace(k)) {
				continue
			}
			v = strings.Trim(v, "[]")
			for _, x := range regexp.MustCompile(`'\s*,\s*'|\|`).Split(v, -1) {
				x = strings.Trim(strings.TrimSpace(x), "'")
				if len(x) > 40 {
					x = x[:30] // the manifest cuts long values
				}
				if len(x) >= 4 {
					out = append(out, x)
				}
			}
		}
	}
	return out
}

// BenchmarkCorpus cleans every PDF of the corpus that scrub cleans
// (Clean alone, and the engine's inspect-clean-inspect cycle), to compare
// with `qpdf in.pdf out.pdf` over the same files.
func BenchmarkCorpus(b *testing.B) {
	names := corpus.Files(b, "pdf", ".pdf")
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

// hiddenInCorpus are the hidden-text findings of the real PDFs of the
// corpus that were looked at: file -> a word of the hidden text. None of
// them is a fake redaction.
var hiddenInCorpus = map[string]string{
	// Page 8: a grey running title "Main Menu" lies under the grey note
	// box drawn after it (poppler's render does not show it, pdftotext
	// extracts it at the box's place): hidden text indeed, but a light
	// box fifty times its size is a callout, not a redaction.
	"fc__436840.pdf": "Main Menu",
}

// TestCorpusHidden inspects the real PDFs for hidden content: no fake
// redaction is reported where there is none, the hidden text looked at
// (hiddenInCorpus) is reported as such, and every hidden-content finding
// is logged.
func TestCorpusHidden(t *testing.T) {
	names := corpus.Files(t, "pdf", ".pdf")
	reg := registry()
	seen := map[string]bool{}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(name)
		env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{Password: os.Getenv("SCRUB_PDF_PASSWORD")})
		fs, err := pdf.New().Inspect(context.Background(), env, bytes.NewReader(data), int64(len(data)))
		if err != nil {
			continue // refused: TestCorpus says why
		}
		for _, f := range fs {
			if !hiddenLabels[f.Label] {
				continue
			}
			t.Logf("%s: %s | %s | %s | %q", base, f.Where, f.Label, f.Field, f.Value)
			if f.Label == scrub.LabelCoveredText {
				t.Errorf("%s: a fake redaction no one has looked at: %s %q", base, f.Where, f.Value)
				continue
			}
			if w, ok := hiddenInCorpus[base]; ok && f.Label == scrub.LabelHiddenText && strings.Contains(f.Value, w) {
				seen[base] = true
			}
		}
	}
	for base := range hiddenInCorpus {
		if !seen[base] {
			t.Errorf("%s: the hidden text looked at is no longer reported as hidden text", base)
		}
	}
}
