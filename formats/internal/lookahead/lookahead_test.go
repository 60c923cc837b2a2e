package lookahead

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestFill(t *testing.T) {
	// One byte at a time, with an empty read between: the window still
	// holds what was not consumed, at the start of Buf.
	w := &Window{R: iotest.OneByteReader(strings.NewReader("abcdefgh")), Buf: make([]byte, 4)}
	if err := w.Ensure(3); err != nil || string(w.Buf[w.Pos:w.End]) != "abc" {
		t.Fatalf("Ensure(3): %q, %v", w.Buf[w.Pos:w.End], err)
	}
	w.Pos += 2
	if err := w.Ensure(4); err != nil || string(w.Buf[w.Pos:w.End]) != "cdef" || w.Off != 2 {
		t.Fatalf("Ensure(4) after consuming 2: %q at %d, %v", w.Buf[w.Pos:w.End], w.Off, err)
	}
	// Full of one token, and no room to grow.
	if more, err := w.Fill(); more || !errors.Is(err, errTooLong) {
		t.Errorf("full window: %v, %v", more, err)
	}
	w.Pos = w.End
	for {
		more, err := w.Fill()
		if err != nil {
			t.Fatal(err)
		}
		if !more {
			break
		}
		w.Pos = w.End
	}
	if !w.EOF() || w.Off+int64(w.Pos) != 8 {
		t.Errorf("at the end: EOF %v, offset %d", w.EOF(), w.Off+int64(w.Pos))
	}
}

func TestGrow(t *testing.T) {
	tooLong := errors.New("too long")
	w := &Window{R: strings.NewReader(strings.Repeat("x", 100)), Buf: make([]byte, 8), Max: 32, TooLong: func() error { return tooLong }}
	if err := w.Ensure(20); err != nil || w.End-w.Pos < 20 || len(w.Buf) > 32 {
		t.Fatalf("Ensure(20): %d bytes in a buffer of %d, %v", w.End-w.Pos, len(w.Buf), err)
	}
	if err := w.Ensure(33); !errors.Is(err, tooLong) {
		t.Errorf("Ensure past Max: %v", err)
	}
}

func TestReadError(t *testing.T) {
	w := &Window{R: iotest.ErrReader(io.ErrClosedPipe), Buf: make([]byte, 8)}
	for range 2 {
		if more, err := w.Fill(); more || !errors.Is(err, io.ErrClosedPipe) {
			t.Errorf("Fill: %v, %v; want the read error every time", more, err)
		}
	}
}
