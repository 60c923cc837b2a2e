//go:build linux

package scrub

import (
	"errors"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// copySection copies what is left of sr into dst at dst's file position
// with copy_file_range(2), when sr reads a section of a regular file: the
// bytes go from page cache to page cache (or are shared, on a file system
// that clones extents) without passing through the process. handled is
// false, with nothing written, when the kernel cannot do it (an old
// kernel, two file systems, a source that is not a file); the caller then
// copies through a buffer.
func copySection(dst *os.File, sr *io.SectionReader) (written int64, handled bool, err error) {
	ra, base, size := sr.Outer()
	src, ok := ra.(*os.File)
	if !ok {
		return 0, false, nil
	}
	cur, err := sr.Seek(0, io.SeekCurrent)
	if err != nil || cur >= size {
		return 0, false, nil
	}
	sc, err := src.SyscallConn()
	if err != nil {
		return 0, false, nil
	}
	dc, err := dst.SyscallConn()
	if err != nil {
		return 0, false, nil
	}
	off, remain := base+cur, size-cur
	var cerr error
	ctlErr := sc.Control(func(sfd uintptr) {
		derr := dc.Control(func(dfd uintptr) {
			for remain > 0 {
				n, err := unix.CopyFileRange(int(sfd), &off, int(dfd), nil, int(min(remain, 1<<30)), 0)
				if errors.Is(err, unix.EINTR) {
					continue
				}
				if err != nil {
					cerr = err
					return
				}
				if n == 0 {
					return // the file ends before the section: as a read would
				}
				written += int64(n)
				remain -= int64(n)
			}
		})
		if cerr == nil {
			cerr = derr
		}
	})
	if cerr == nil {
		cerr = ctlErr
	}
	if cerr != nil && written == 0 {
		// Nothing copied: the buffered copy does it (or meets the same
		// error and reports it).
		return 0, false, nil
	}
	if _, err := sr.Seek(cur+written, io.SeekStart); err != nil && cerr == nil {
		cerr = err
	}
	if cerr != nil {
		return written, true, &os.SyscallError{Syscall: "copy_file_range", Err: cerr}
	}
	return written, true, nil
}
