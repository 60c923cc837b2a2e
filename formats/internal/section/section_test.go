package section

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
)

func TestCopy(t *testing.T) {
	in := bytes.Repeat([]byte("0123456789"), step/5) // two steps
	var out bytes.Buffer
	if err := Copy(context.Background(), &out, bytes.NewReader(in), 3, int64(len(in))-5); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), in[3:len(in)-2]) {
		t.Fatalf("copied %d bytes, not bytes 3 to %d", out.Len(), len(in)-2)
	}
	if err := Copy(context.Background(), io.Discard, bytes.NewReader(in), 10, int64(len(in))); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("copy past the end: %v, want io.ErrUnexpectedEOF", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out.Reset()
	if err := Copy(ctx, &out, bytes.NewReader(in), 0, 10); !errors.Is(err, context.Canceled) || out.Len() != 0 {
		t.Errorf("cancelled copy: %v after %d bytes", err, out.Len())
	}
}

func TestRead(t *testing.T) {
	r := bytes.NewReader([]byte("abcdef"))
	if b, err := Read(r, 2, 3); err != nil || string(b) != "cde" {
		t.Errorf("Read(2, 3) = %q, %v", b, err)
	}
	if b, err := Read(r, 6, 0); err != nil || len(b) != 0 {
		t.Errorf("Read(6, 0) = %q, %v: nothing at the end is no error", b, err)
	}
	if _, err := Read(r, 4, 3); !errors.Is(err, io.EOF) {
		t.Errorf("Read past the end: %v, want io.EOF", err)
	}
}

func TestZeros(t *testing.T) {
	b := make([]byte, 600<<10)
	ctx := context.Background()
	if z, err := Zeros(ctx, bytes.NewReader(b), 0, int64(len(b))); !z || err != nil {
		t.Errorf("zeros: %v, %v", z, err)
	}
	b[len(b)-1] = 1
	if z, err := Zeros(ctx, bytes.NewReader(b), 0, int64(len(b))); z || err != nil {
		t.Errorf("a one at the end: %v, %v", z, err)
	}
	if z, err := Zeros(ctx, bytes.NewReader(b), 0, int64(len(b))-1); !z || err != nil {
		t.Errorf("up to the one: %v, %v", z, err)
	}
	if _, err := Zeros(ctx, bytes.NewReader(b), 10, int64(len(b))); err == nil {
		t.Error("past the end: no error")
	}
	if !IsZero(nil) || !IsZero([]byte{0, 0}) || IsZero([]byte{0, 1}) {
		t.Error("IsZero")
	}
}
