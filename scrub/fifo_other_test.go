//go:build !unix

package scrub_test

import "os"

// mkfifo stands in with a symlink-free placeholder where FIFOs do not exist.
func mkfifo(path string) { os.Symlink("nowhere", path) }
