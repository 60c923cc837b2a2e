package scrub_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/scrub-project/scrub/bench/corpus"
	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/scrub"
)

// The benchmarks run on a folder written by bench/corpus: office documents
// and PDFs whose pictures are camera photos with full metadata. By default
// a small folder (12 documents, about 30 MB) is generated once and kept in
// the system's temporary folder, keyed by the generator's version, so that
// later runs start at once. SCRUB_BENCH_CORPUS=DIR uses a folder written by
// `go run ./bench/gen -out DIR` instead, DIR absolute or relative to the
// repository root (bench/run.sh leaves one in bench/out/corpus-60-1).
//
//	go test -run '^$' -bench . -benchtime 3x ./scrub
//	go test -run '^$' -bench 'Engine' -cpuprofile cpu.prof -memprofile mem.prof ./scrub
//
// Throughput (MB/s) is input bytes per second. Every benchmark fails if a
// file it processes is refused or fails; files of formats the registry
// does not know yet are left out of the count, with a note.

var benchOptions = corpus.Options{Docs: 12, Seed: 1, PhotoPool: 4}

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// benchCorpus returns the folder of documents to benchmark on.
func benchCorpus(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		if d := os.Getenv("SCRUB_BENCH_CORPUS"); d != "" {
			if !filepath.IsAbs(d) {
				d = filepath.Join("..", d) // go test runs in scrub/
			}
			benchDir = filepath.Join(d, corpus.CorpusDir)
			_, benchErr = os.Stat(benchDir)
			return
		}
		stamp := corpus.Stamp(benchOptions)
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("scrub-bench-corpus-v%d-%d-%d", corpus.Version, benchOptions.Docs, benchOptions.Seed))
		if got, err := os.ReadFile(filepath.Join(dir, "STAMP")); err == nil && string(got) == stamp {
			benchDir = filepath.Join(dir, corpus.CorpusDir)
			return
		}
		tmp := dir + fmt.Sprintf(".tmp%d", os.Getpid())
		os.RemoveAll(tmp)
		if _, err := corpus.Generate(tmp, benchOptions); err != nil {
			os.RemoveAll(tmp)
			benchErr = err
			return
		}
		os.RemoveAll(dir)
		if err := os.Rename(tmp, dir); err != nil {
			os.RemoveAll(tmp)
			benchErr = err
			return
		}
		benchDir = filepath.Join(dir, corpus.CorpusDir)
	})
	if benchErr != nil {
		b.Fatalf("benchmark corpus: %v", benchErr)
	}
	return benchDir
}

// benchFile is one input held in memory.
type benchFile struct {
	name   string
	format string
	data   []byte
}

// benchFiles reads the corpus and identifies every file; it also extracts
// the camera photos from the ODF documents (stored members), so the JPEG
// handler has input. Files no handler claims are returned in unknown.
func benchFiles(b *testing.B, reg *scrub.Registry) (files []benchFile, unknown []string) {
	b.Helper()
	dir := benchCorpus(b)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files = append(files, benchFile{name: rel, data: data})
		if strings.HasSuffix(path, ".odt") {
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
			for _, f := range zr.File {
				if !strings.HasPrefix(f.Name, "Pictures/") {
					continue
				}
				rc, err := f.Open()
				if err != nil {
					return err
				}
				pic, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					return err
				}
				files = append(files, benchFile{name: rel + "!" + f.Name, data: pic})
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	known := files[:0]
	for _, f := range files {
		_, format, err := reg.Detect(bytes.NewReader(f.data), int64(len(f.data)), f.name)
		if err != nil || format.Refused != "" {
			unknown = append(unknown, f.name)
			continue
		}
		f.format = format.Name
		known = append(known, f)
	}
	return known, unknown
}

// BenchmarkHandler measures each handler alone, on in-memory input:
// Inspect, and Clean into io.Discard. The engine runs Inspect twice per
// file (before cleaning, and on the output to verify it) and Clean once.
func BenchmarkHandler(b *testing.B) {
	reg := all.Registry()
	files, unknown := benchFiles(b, reg)
	if len(unknown) > 0 {
		b.Logf("no handler for %d files yet (left out): %s", len(unknown), strings.Join(benchFirst(unknown, 3), ", "))
	}
	byFormat := map[string][]benchFile{}
	for _, f := range files {
		byFormat[f.format] = append(byFormat[f.format], f)
	}
	var formats []string
	for f := range byFormat {
		formats = append(formats, f)
	}
	sort.Strings(formats)
	ctx := context.Background()
	for _, format := range formats {
		fs := byFormat[format]
		var size int64
		for _, f := range fs {
			size += int64(len(f.data))
		}
		handler := func(f benchFile) scrub.Handler {
			h, _, err := reg.Detect(bytes.NewReader(f.data), int64(len(f.data)), f.name)
			if err != nil {
				b.Fatalf("%s: %v", f.name, err)
			}
			return h
		}
		b.Run(format+"/inspect", func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for _, f := range fs {
					env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
					if _, err := handler(f).Inspect(ctx, env, bytes.NewReader(f.data), int64(len(f.data))); err != nil {
						b.Fatalf("%s: inspect: %v", f.name, err)
					}
				}
			}
		})
		b.Run(format+"/clean", func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for _, f := range fs {
					env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
					if _, err := handler(f).Clean(ctx, env, bytes.NewReader(f.data), int64(len(f.data)), io.Discard); err != nil {
						b.Fatalf("%s: clean: %v", f.name, err)
					}
				}
			}
		})
	}
}

// BenchmarkEngineClean measures what `scrub clean -o OUT DIR` does on the
// corpus folder: walk, detect, inspect, clean, write, sync, verify and
// rename, with the default number of workers.
func BenchmarkEngineClean(b *testing.B) {
	dir := benchCorpus(b)
	e := &scrub.Engine{Registry: all.Registry()}
	plan := scrub.NewPlan([]string{dir}, scrub.PlanOptions{})
	size := planBytes(b, plan)
	outRoot := b.TempDir()
	var counted int64
	i := 0
	for b.Loop() {
		i++
		out := filepath.Join(outRoot, fmt.Sprint(i))
		counted = 0
		var failed []string
		err := e.Clean(context.Background(), plan, scrub.CleanOptions{OutDir: out}, func(r scrub.Result) {
			switch r.Status {
			case scrub.StatusCleaned, scrub.StatusAlreadyClean:
				counted += size[r.Path]
			case scrub.StatusSkipped:
			default:
				failed = append(failed, r.Path+": "+string(r.Status)+": "+r.Error)
			}
		})
		if err != nil || len(failed) > 0 {
			b.Fatalf("clean: %v %s", err, strings.Join(failed, "; "))
		}
		b.StopTimer()
		os.RemoveAll(out)
		b.StartTimer()
	}
	b.SetBytes(counted)
	if total := benchSum(size); counted < total {
		b.Logf("cleaned %.1f of %.1f MB: the rest is of formats the registry does not know yet", float64(counted)/1e6, float64(total)/1e6)
	}
}

// BenchmarkEngineCleanPath measures `scrub clean -o OUT PATH` on any file
// or folder named by SCRUB_BENCH_PATH (a big video, a zip, a folder of
// real files), to profile one case:
//
//	SCRUB_BENCH_PATH=/data/big.mkv go test -run '^$' -bench EngineCleanPath -cpuprofile cpu.prof ./scrub
//
// It is skipped without SCRUB_BENCH_PATH, and fails if a file fails.
func BenchmarkEngineCleanPath(b *testing.B) {
	path := os.Getenv("SCRUB_BENCH_PATH")
	if path == "" {
		b.Skip("SCRUB_BENCH_PATH names no file or folder")
	}
	e := &scrub.Engine{Registry: all.Registry(), Limits: scrub.Limits{MaxInputSize: 1 << 40}, BiggestFirst: true}
	plan := scrub.NewPlan([]string{path}, scrub.PlanOptions{})
	size := planBytes(b, plan)
	outRoot := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		out := filepath.Join(outRoot, fmt.Sprint(i))
		var failed []string
		err := e.Clean(context.Background(), plan, scrub.CleanOptions{OutDir: out}, func(r scrub.Result) {
			if r.Status != scrub.StatusCleaned && r.Status != scrub.StatusAlreadyClean && r.Status != scrub.StatusSkipped {
				failed = append(failed, r.Path+": "+string(r.Status)+": "+r.Error)
			}
		})
		if err != nil || len(failed) > 0 {
			b.Fatalf("clean: %v %s", err, strings.Join(failed, "; "))
		}
		b.StopTimer()
		os.RemoveAll(out)
		b.StartTimer()
	}
	b.SetBytes(benchSum(size))
}

// BenchmarkEngineInspect measures `scrub inspect DIR` on the corpus folder.
func BenchmarkEngineInspect(b *testing.B) {
	dir := benchCorpus(b)
	e := &scrub.Engine{Registry: all.Registry()}
	plan := scrub.NewPlan([]string{dir}, scrub.PlanOptions{})
	size := planBytes(b, plan)
	var counted int64
	for b.Loop() {
		counted = 0
		var failed []string
		err := e.Inspect(context.Background(), plan, func(r scrub.Result) {
			switch r.Status {
			case scrub.StatusClean, scrub.StatusDirty:
				counted += size[r.Path]
			case scrub.StatusSkipped:
			default:
				failed = append(failed, r.Path+": "+string(r.Status)+": "+r.Error)
			}
		})
		if err != nil || len(failed) > 0 {
			b.Fatalf("inspect: %v %s", err, strings.Join(failed, "; "))
		}
	}
	b.SetBytes(counted)
}

func planBytes(b *testing.B, plan *scrub.Plan) map[string]int64 {
	b.Helper()
	size := map[string]int64{}
	for _, t := range plan.Targets {
		fi, err := os.Stat(t.Path)
		if err != nil {
			b.Fatal(err)
		}
		size[scrub.Escape(t.Path, 0)] = fi.Size()
	}
	return size
}

func benchSum(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

func benchFirst(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], fmt.Sprintf("and %d more", len(s)-n))
	}
	return s
}
