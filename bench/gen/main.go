// Command gen writes the benchmark corpus (see package corpus): office
// documents and PDFs with camera photos, every identifying value listed in
// planted.tsv. The same flags give the same bytes.
//
//	go run ./bench/gen -out DIR [-docs 60] [-seed 1]
//	go run ./bench/gen -out DIR -mem-images 60 -mem-pages 20000
//	go run ./bench/gen -out DIR -media [-photos 16] [-videos 8] [-audio 8]
//
// The second form writes only two PDFs for measuring memory on one file:
// an image-heavy one (N camera photos) and an object-heavy one (N pages of
// text). The third writes the media corpus (phone photos, videos and
// recordings) with ffmpeg, heif-enc and exiftool.
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
	media := flag.Bool("media", false, "write the media corpus (phone photos, videos, recordings) instead of documents")
	var mopt corpus.MediaOptions
	flag.IntVar(&mopt.Photos, "photos", 16, "pictures in the media corpus (JPEG, HEIC, PNG, WebP)")
	flag.IntVar(&mopt.Videos, "videos", 8, "videos in the media corpus (MP4, MOV)")
	flag.IntVar(&mopt.Audio, "audio", 8, "recordings in the media corpus (M4A, MP3, FLAC, WAV)")
	stamp := flag.Bool("stamp", false, "print the STAMP the options give and exit")
	flag.Parse()
	mopt.Seed, mopt.Jobs = opt.Seed, opt.Jobs
	if *stamp {
		if *media {
			fmt.Print(corpus.MediaStamp(mopt))
		} else {
			fmt.Print(corpus.Stamp(opt))
		}
		return
	}
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gen -out DIR [-docs N] [-seed S] [-j N] [-pool N] [-mem-images N] [-mem-pages N] [-media [-photos N] [-videos N] [-audio N]]")
		os.Exit(2)
	}
	start := time.Now()
	var st corpus.Stats
	var err error
	switch {
	case *media:
		st, err = corpus.GenerateMedia(*out, mopt)
	case *memImages > 0 || *memPages > 0:
		st, err = corpus.GenerateMemory(*out, *memImages, *memPages, opt)
	default:
		st, err = corpus.Generate(*out, opt)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen: error: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gen: %d files, %.1f MB in %s, %.1fs\n", st.Files, float64(st.Bytes)/1e6, *out, time.Since(start).Seconds())
}
