package ooxml_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/formats/ooxml"
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/formats/refused"
	"github.com/scrub-project/scrub/scrub"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(ooxml.New())
	r.Register(jpeg.New())
	r.Register(png.New())
	r.Register(refused.New())
	return r
}

// TestCorpus is the acceptance run over a folder of real documents, named
// by SCRUB_CORPUS (it is skipped without): every file is cleaned or
// refused, re-inspection of each output finds nothing removable, and
// cleaning is idempotent. With SCRUB_CORPUS_OUT set it writes the cleaned
// files there, for residue.py and LibreOffice; SCRUB_CORPUS_VERBOSE lists
// every finding.
//
//	SCRUB_CORPUS=/work/shared/corpus/ooxml go test -run TestCorpus -v ./formats/ooxml
func TestCorpus(t *testing.T) {
	dir := os.Getenv("SCRUB_CORPUS")
	if dir == "" {
		t.Skip("set SCRUB_CORPUS to a folder of documents")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	out := os.Getenv("SCRUB_CORPUS_OUT")
	reg := registry()
	sort.Strings(files)
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			h, format, err := reg.Detect(bytes.NewReader(data), int64(len(data)), name)
			if err != nil {
				t.Logf("REFUSED detect: %v", err)
				return
			}
			if format.Refused != "" {
				t.Logf("REFUSED format %s", format.Name)
				return
			}
			env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
			fs, err := h.Inspect(context.Background(), env, bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Logf("REFUSED inspect: %v", err)
				return
			}
			var buf bytes.Buffer
			env = scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
			ws, err := h.Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), &buf)
			if err != nil {
				t.Logf("REFUSED clean: %v", err)
				return
			}
			clean := buf.Bytes()
			env = scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
			fs2, err := h.Inspect(context.Background(), env, bytes.NewReader(clean), int64(len(clean)))
			if err != nil {
				t.Fatalf("inspect of cleaned output: %v", err)
			}
			for _, f := range fs2 {
				if f.Action == scrub.Remove {
					t.Errorf("left after cleaning: %s | %s | %.80s", f.Where, f.Field, f.Value)
				}
			}
			var again bytes.Buffer
			env = scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
			if _, err := h.Clean(context.Background(), env, bytes.NewReader(clean), int64(len(clean)), &again); err != nil {
				t.Fatalf("cleaning the output: %v", err)
			}
			if !bytes.Equal(again.Bytes(), clean) {
				t.Errorf("not idempotent")
			}
			nrem, nrep := 0, 0
			var reports []string
			for _, f := range fs {
				if f.Action == scrub.Remove {
					nrem++
				} else {
					nrep++
					reports = append(reports, fmt.Sprintf("%s: %s", f.Where, f.Field))
				}
			}
			t.Logf("OK %s: %d removed, %d reported, %d warnings; %d -> %d bytes; reports: %s", format.Name, nrem, nrep, len(ws), len(data), len(clean), strings.Join(reports, "; "))
			if os.Getenv("SCRUB_CORPUS_VERBOSE") != "" {
				for _, f := range fs {
					t.Logf("  %s | %s | %s | %s | %.100q", f.Action, f.Kind, f.Where, f.Field, f.Value)
				}
				for _, w := range ws {
					t.Logf("  warning: %s: %s", w.Where, w.Message)
				}
			}
			if out != "" {
				os.WriteFile(filepath.Join(out, name), clean, 0o644)
			}
		})
	}
}
