// Command gen writes the benchmark corpus (see package corpus): office
// documents and PDFs with camera photos, every identifying value listed in
// planted.tsv. The same flags give the same bytes.
//
//	go run ./bench/gen -out DIR [-docs 60] [-seed 1]
//	go run ./bench/gen -out DIR -mem-images 60 -mem-pages 20000
//
// The second form writes only two PDFs for measuring memory on one file:
// an image-heavy one (N camera photos) and an object-heavy one (N pages of
// text).
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/scrub-project/scrub/bench/corpus"
)

func main() {
	out := flag.String("out", "", "folder to write (must not exist)")
	var opt corpus.Options
	flag.IntVar(&opt.Docs, "docs", 60, "number of documents (180: the size of the archive in the issue)")
	flag.Uint64Var(&opt.Seed, "seed", 1, "seed of every random choice")
	flag.IntVar(&opt.Jobs, "j", 0, "documents generated at once (default: number of CPUs)")
	flag.IntVar(&opt.PhotoPool, "pool", 12, "distinct camera pictures rendered (each use gets its own metadata)")
	memImages := flag.Int("mem-images", 0, "write only an image-heavy PDF with this many camera photos (with -mem-pages)")
	memPages := flag.Int("mem-pages", 0, "write only an object-heavy PDF with this many pages of text (with -mem-images)")
	stamp := flag.Bool("stamp", false, "print the STAMP the options give and exit")
	flag.Parse()
	if *stamp {
		fmt.Print(corpus.Stamp(opt))
		return
	}
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gen -out DIR [-docs N] [-seed S] [-j N] [-pool N] [-mem-images N] [-mem-pages N]")
		os.Exit(2)
	}
	start := time.Now()
	var st corpus.Stats
	var err error
	if *memImages > 0 || *memPages > 0 {
		st, err = corpus.GenerateMemory(*out, *memImages, *memPages, opt)
	} else {
		st, err = corpus.Generate(*out, opt)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen: error: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gen: %d files, %.1f MB in %s, %.1fs\n", st.Files, float64(st.Bytes)/1e6, *out, time.Since(start).Seconds())
}
