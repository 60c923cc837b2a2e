package ooxml_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/formats/ooxml"
	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/scrub"
)

// corpusDocs returns the corpus's Office documents that clean, for the
// benchmarks (nil without a corpus).
type doc struct {
	name string
	data []byte
}

func corpusDocs(b *testing.B) []doc {
	dir := corpus.Dir()
	if dir == "" {
		b.Skip("no corpus")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "ooxml", "*"))
	reg := all.Registry()
	var out []doc
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
		if _, err := ooxml.New().Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), io.Discard); err == nil {
			out = append(out, doc{filepath.Base(f), data})
		}
	}
	return out
}

// BenchmarkCorpusClean cleans every corpus document that cleans, with the
// handler alone.
func BenchmarkCorpusClean(b *testing.B) {
	docs := corpusDocs(b)
	reg := all.Registry()
	var n int64
	for _, d := range docs {
		n += int64(len(d.data))
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, d := range docs {
			env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
			if _, err := ooxml.New().Clean(context.Background(), env, bytes.NewReader(d.data), int64(len(d.data)), io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCorpusEngine cleans every corpus document that cleans through
// the engine: clean, re-inspect and the residue check.
func BenchmarkCorpusEngine(b *testing.B) {
	docs := corpusDocs(b)
	e := &scrub.Engine{Registry: all.Registry()}
	var n int64
	for _, d := range docs {
		n += int64(len(d.data))
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, d := range docs {
			e.CleanData(context.Background(), d.name, d.data)
		}
	}
}
