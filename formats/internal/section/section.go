// Package section reads and copies byte ranges of an input, the way every
// lossless filter keeps what it keeps: the range [off, off+n) of an
// io.ReaderAt, as io.NewSectionReader names it.
package section

import (
	"context"
	"fmt"
	"io"
)

// step is how much Copy copies between two looks at ctx.
const step = 4 << 20

// Copy copies n bytes of r from off to w, byte for byte, checking ctx
// between steps of a few megabytes, so that cancelling a clean of a large
// video stops it soon. It returns ctx's error, w's error, or a read error
// (wrapping io.ErrUnexpectedEOF if r ends before off+n).
func Copy(ctx context.Context, w io.Writer, r io.ReaderAt, off, n int64) error {
	for n > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		k := min(n, step)
		m, err := io.Copy(w, io.NewSectionReader(r, off, k))
		if err != nil {
			return err
		}
		if m != k {
			return fmt.Errorf("reading: %w", io.ErrUnexpectedEOF)
		}
		off, n = off+k, n-k
	}
	return nil
}

// Read returns n bytes of r from off. It returns a read error (wrapping
// io.EOF or io.ErrUnexpectedEOF if r ends before off+n); reading no bytes
// at the end of r is no error.
func Read(r io.ReaderAt, off, n int64) ([]byte, error) {
	b := make([]byte, n)
	if _, err := r.ReadAt(b, off); err != nil && !(err == io.EOF && n == 0) {
		return nil, fmt.Errorf("reading: %w", err)
	}
	return b, nil
}

// Zeros reports whether the n bytes of r from off are all zeros (padding
// rather than hidden data), checking ctx between reads. It returns ctx's
// error or a read error.
func Zeros(ctx context.Context, r io.ReaderAt, off, n int64) (bool, error) {
	buf := make([]byte, min(n, 256<<10))
	for n > 0 {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		b := buf[:min(n, int64(len(buf)))]
		if _, err := r.ReadAt(b, off); err != nil {
			return false, fmt.Errorf("reading: %w", err)
		}
		if !IsZero(b) {
			return false, nil
		}
		off, n = off+int64(len(b)), n-int64(len(b))
	}
	return true, nil
}

// IsZero reports whether b holds only zero bytes (true for no bytes).
func IsZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
