// Package lookahead keeps a window on a stream for the tokenizers that
// hand out tokens as slices of their buffer instead of copies (RTF's
// tokenizer, SVG's lexer): Buf[Pos:End] holds what was read and not yet
// consumed, and Fill moves it to the start of Buf before it reads more, so
// a token stays whole in one slice however the reads fell.
package lookahead

import (
	"errors"
	"io"
)

// Window is a window on R. The tokenizer reads Buf[Pos:End] and moves Pos
// past what it consumed; Fill and Ensure read more.
type Window struct {
	R        io.Reader
	Buf      []byte
	Pos, End int
	Off      int64 // input offset of Buf[0]

	// Max is how large Buf may grow so that a token fits in it; TooLong
	// returns the error for a token longer than that. With Max at most
	// len(Buf), Buf does not grow.
	Max     int
	TooLong func() error

	eof  bool
	rerr error
}

// errTooLong is the error for a window full of one token, when TooLong is
// not set.
var errTooLong = errors.New("a token is longer than the tokenizer's buffer")

// Fill reads more input, keeping Buf[Pos:End]. It returns false at the
// end of the input, the error of the read that failed (again on every
// later call), and TooLong's error when Buf holds one token of Max bytes.
func (w *Window) Fill() (bool, error) {
	if w.eof {
		return false, w.rerr
	}
	if w.Pos > 0 {
		n := copy(w.Buf, w.Buf[w.Pos:w.End])
		w.Off += int64(w.Pos)
		w.Pos, w.End = 0, n
	}
	if w.End == len(w.Buf) {
		if len(w.Buf) >= w.Max {
			if w.TooLong == nil {
				return false, errTooLong
			}
			return false, w.TooLong()
		}
		nb := make([]byte, min(2*len(w.Buf), w.Max))
		copy(nb, w.Buf[:w.End])
		w.Buf = nb
	}
	for {
		n, err := w.R.Read(w.Buf[w.End:])
		w.End += n
		if err == io.EOF {
			w.eof = true
			return n > 0, nil
		}
		if err != nil {
			w.eof, w.rerr = true, err
			return false, err
		}
		if n > 0 {
			return true, nil
		}
	}
}

// Ensure makes n bytes from Pos available if the input has them. It
// returns Fill's errors.
func (w *Window) Ensure(n int) error {
	for w.End-w.Pos < n {
		more, err := w.Fill()
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
	return nil
}

// EOF reports whether the input has ended: Buf[Pos:End] is all that is
// left.
func (w *Window) EOF() bool { return w.eof }
