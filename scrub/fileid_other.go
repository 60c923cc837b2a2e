//go:build !unix

package scrub

import (
	"os"
	"time"
)

type fileID struct{}

func idOf(fi os.FileInfo) (fileID, bool) { return fileID{}, false }

func linkCount(fi os.FileInfo) uint64 { return 1 }

func owner(fi os.FileInfo) (uid, gid int, ok bool) { return 0, 0, false }

func openNoFollow(path string) (*os.File, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if fi.Mode()&os.ModeSymlink != 0 {
		return nil, &os.PathError{Op: "open", Path: path, Err: ErrSymlink}
	}
	return os.Open(path)
}

// processAlive cannot tell on this system: temporary files younger than a
// day are assumed to belong to a running scrub.
// staleAge is how old a temporary file must be before a run on a system
// that cannot tell whether its writer lives removes it.
const staleAge = 24 * time.Hour

func processAlive(pid int, mod time.Time) bool { return time.Since(mod) < staleAge }
