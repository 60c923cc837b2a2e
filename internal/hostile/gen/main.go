// Command gen writes the generated test files of package hostile to a
// folder: the valid samples, and with -hostile the crafted files too
// (large ones only with -large). It is for manual runs and CI checks.
//
// Usage: go run ./internal/hostile/gen [-hostile] [-large] DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/scrub-project/scrub/internal/hostile"
)

func main() {
	withHostile := flag.Bool("hostile", false, "write the crafted files too")
	large := flag.Bool("large", false, "with -hostile: write the large ones (bombs) too")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gen [-hostile] [-large] DIR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	cases := hostile.Samples()
	if *withHostile {
		cases = append(cases, hostile.Cases()...)
	}
	for _, c := range cases {
		if c.Large && !*large {
			continue
		}
		sub := filepath.Join(dir, c.Name)
		if err := os.MkdirAll(sub, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		f, err := os.Create(filepath.Join(sub, c.File))
		if err == nil {
			err = c.Write(f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "gen: %s: %v\n", c.Name, err)
			os.Exit(1)
		}
	}
}
