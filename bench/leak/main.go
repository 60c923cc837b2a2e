// Command leak checks cleaned copies of the benchmark corpus for the
// identifying values bench/gen planted in it (planted.tsv): owner names,
// camera and lens serial numbers, GPS place names, XMP document ids,
// printer names, revision-save ids, reviewer names; in the media corpus
// also GPS positions, phone models, Apple and Android keys, ID3 frames,
// Vorbis comments, broadcast-WAV fields. Every byte of every cleaned file is
// searched, zip members and PDF streams decompressed, base64 and hex
// decoded (scrubtest.Expand), PNG text chunks inflated (corpus.MediaViews),
// in UTF-8 and UTF-16, GPS rationals in both byte orders
// (corpus.PlantedForms).
//
//	go run ./bench/leak -corpus DIR -cleaned DIR [-suffix .cleaned]
//	go run ./bench/leak -corpus DIR -zip FILE [-zip-prefix corpus/]
//	go run ./bench/leak -corpus DIR -originals-only
//
// DIR/planted.tsv lists "file<TAB>value"; the cleaned copy of corpus/F is
// looked for at CLEANED/F, or CLEANED/dir/stem+SUFFIX+ext with -suffix (the
// names mat2 writes), or with -zip as the member PREFIX+F of a cleaned zip
// of the corpus. As a check on the check, every planted value must be
// found in its original first. The exit status is 1 if any value is left,
// 2 if the check itself could not run.
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/scrub-project/scrub/bench/corpus"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func main() {
	corpus := flag.String("corpus", "", "the folder bench/gen wrote (holds planted.tsv and corpus/)")
	cleaned := flag.String("cleaned", "", "the folder holding the cleaned copies, mirroring corpus/")
	zipFile := flag.String("zip", "", "a cleaned zip of the corpus holding the cleaned copies (instead of -cleaned)")
	zipPrefix := flag.String("zip-prefix", "corpus/", "with -zip: the folder in the zip that mirrors corpus/")
	suffix := flag.String("suffix", "", "the infix of cleaned names (mat2: .cleaned)")
	only := flag.String("only", "", "check only files whose path starts with this (pdf/), or with one of these (photo/,video/)")
	verbose := flag.Bool("v", false, "list every value left")
	originals := flag.Bool("originals", true, "first check that every planted value is in its original (a check that cannot fail is no check)")
	originalsOnly := flag.Bool("originals-only", false, "only check that every planted value is in its original (once per corpus)")
	allowMissing := flag.Bool("allow-missing", false, "files without a cleaned copy are not a failure (a peer that gave up on some files); without it, checking fewer files than were planted fails")
	flag.Parse()
	if *originalsOnly {
		*originals = true
	}
	if *corpus == "" || (*cleaned == "") == (*zipFile == "") && !*originalsOnly {
		fmt.Fprintln(os.Stderr, "usage: leak -corpus DIR (-cleaned DIR [-suffix .cleaned] | -zip FILE [-zip-prefix P]) [-only PREFIX] [-v]")
		os.Exit(2)
	}
	// read returns the cleaned copy of corpus file f, and where it is.
	read := func(f string) ([]byte, string, error) {
		name := cleanedPath(*cleaned, f, *suffix)
		data, err := os.ReadFile(name)
		return data, name, err
	}
	if *zipFile != "" {
		zr, err := zip.OpenReader(*zipFile)
		if err != nil {
			fmt.Fprintf(os.Stderr, "leak: error: %v\n", err)
			os.Exit(2)
		}
		defer zr.Close()
		members := map[string]*zip.File{}
		for _, m := range zr.File {
			members[m.Name] = m
		}
		read = func(f string) ([]byte, string, error) {
			name := *zipFile + ":" + *zipPrefix + f
			m := members[*zipPrefix+f]
			if m == nil {
				return nil, name, os.ErrNotExist
			}
			rc, err := m.Open()
			if err != nil {
				return nil, name, err
			}
			defer rc.Close()
			data, err := io.ReadAll(rc)
			return data, name, err
		}
	}
	planted, err := readPlanted(filepath.Join(*corpus, "planted.tsv"))
	if err != nil {
		fmt.Fprintf(os.Stderr, "leak: error: %v\n", err)
		os.Exit(2)
	}
	var files []string
	for f := range planted {
		for _, p := range strings.Split(*only, ",") {
			if strings.HasPrefix(f, p) {
				files = append(files, f)
				break
			}
		}
	}
	sort.Strings(files)

	type result struct {
		file, out  string
		missing    bool     // no cleaned copy
		notPlanted []string // values absent from the original: a broken check
		left       []string
	}
	results := make([]result, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f := files[i]
				r := result{file: f}
				if *originals {
					orig, err := os.ReadFile(filepath.Join(*corpus, "corpus", filepath.FromSlash(f)))
					if err != nil {
						r.notPlanted = []string{err.Error()}
						results[i] = r
						continue
					}
					r.notPlanted = absent(orig, planted[f], false)
				}
				if *originalsOnly {
					results[i] = r
					continue
				}
				data, out, err := read(f)
				r.out = out
				if err != nil {
					r.missing = true
					results[i] = r
					continue
				}
				r.left = absent(data, planted[f], true)
				results[i] = r
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	values, left, leaky, missing, broken := 0, 0, 0, 0, 0
	for _, r := range results {
		values += len(planted[r.file])
		if len(r.notPlanted) > 0 {
			broken++
			fmt.Printf("leak: error: %s: planted value(s) not found in the original: %s\n", r.file, strings.Join(r.notPlanted, ", "))
		}
		if r.missing {
			missing++
			if *verbose {
				fmt.Printf("no cleaned copy: %s\n", r.out)
			}
			continue
		}
		if len(r.left) > 0 {
			leaky++
			left += len(r.left)
			if *verbose || leaky <= 5 {
				fmt.Printf("LEAK %s: %d of %d values left: %s\n", r.out, len(r.left), len(planted[r.file]), strings.Join(first(r.left, 6), ", "))
			}
		}
	}
	if *originalsOnly {
		if broken > 0 {
			os.Exit(2)
		}
		fmt.Printf("leak: every planted value is in its original: %d values in %d files\n", values, len(files))
		return
	}
	checked := len(files) - missing
	fmt.Printf("leak: %d files checked (%d without a cleaned copy), %d planted values, %d left in %d files\n",
		checked, missing, values, left, leaky)
	switch {
	case broken > 0:
		os.Exit(2)
	case checked == 0:
		fmt.Printf("leak: error: no cleaned copy found in %s: nothing was checked (wrong folder?)\n", *cleaned+*zipFile)
		os.Exit(2)
	case missing > 0 && !*allowMissing:
		fmt.Printf("leak: error: %d of %d files have no cleaned copy in %s: fewer files checked than cleaned\n", missing, len(files), *cleaned+*zipFile)
		os.Exit(2)
	case left > 0:
		os.Exit(1)
	}
}

func first(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], fmt.Sprintf("… %d more", len(s)-n))
	}
	return s
}

// absent returns the values that are (present = false) not found, or
// (present = true) found, in data.
func absent(data []byte, values []string, present bool) []string {
	var out []string
	views := append(scrubtest.Expand(data), corpus.MediaViews(data)...)
	for _, v := range values {
		found := false
	search:
		for _, view := range views {
			for _, enc := range corpus.PlantedForms(v) {
				if len(enc) > 0 && bytes.Contains(view, enc) {
					found = true
					break search
				}
			}
		}
		if found == present {
			out = append(out, v)
		}
	}
	return out
}

func cleanedPath(dir, rel, suffix string) string {
	if suffix != "" {
		ext := path.Ext(rel)
		rel = strings.TrimSuffix(rel, ext) + suffix + ext
	}
	return filepath.Join(dir, filepath.FromSlash(rel))
}

func readPlanted(name string) (map[string][]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		file, value, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("%s: bad line %q", name, line)
		}
		m[file] = append(m[file], value)
	}
	return m, sc.Err()
}
