package scrub

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestFileWriterCopies checks the temporary file's writer as handlers use
// it, through a bufio.Writer: sections of a file (copied in the kernel on
// Linux), partly read sections, sections of memory, plain writes in
// between, and a section that runs past the end of its file; the file
// holds exactly the bytes a plain copy would.
func TestFileWriterCopies(t *testing.T) {
	dir := t.TempDir()
	src := make([]byte, 3<<20+12345)
	for i := range src {
		src[i] = byte(i*7 + i>>11)
	}
	in := filepath.Join(dir, "in")
	if err := os.WriteFile(in, src, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out, err := os.Create(filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()

	var want bytes.Buffer
	bw := bufio.NewWriterSize(fileWriter{out}, 256<<10)
	write := func(b []byte) {
		bw.Write(b)
		want.Write(b)
	}
	copySec := func(r io.ReaderAt, off, n int64, skip int64) {
		sr := io.NewSectionReader(r, off, n)
		if skip > 0 {
			io.CopyN(io.Discard, sr, skip)
		}
		got, err := io.Copy(bw, sr)
		end := min(off+n, int64(len(src)))
		if err != nil || got != end-off-skip {
			t.Fatalf("copy of %d+%d (skip %d): %d bytes, %v", off, n, skip, got, err)
		}
		want.Write(src[off+skip : end])
		if rest, _ := io.Copy(io.Discard, sr); rest != 0 {
			t.Fatalf("copy of %d+%d left %d bytes in the section", off, n, rest)
		}
	}
	write([]byte("header"))
	copySec(f, 0, 1<<20, 0)                     // a section of the file, buffer not empty
	copySec(f, 1<<20, 2<<20, 0)                 // buffer empty: straight to the file
	copySec(f, 100, 5000, 1000)                 // partly read already
	write(bytes.Repeat([]byte("x"), 300<<10))   // more than the buffer
	copySec(bytes.NewReader(src), 17, 1<<20, 0) // memory, not a file
	copySec(f, int64(len(src))-10, 1000, 0)     // past the end of the file
	copySec(f, 0, 0, 0)                         // nothing
	copySec(f, int64(len(src))-50000, 50000, 3) // the tail
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out.Name())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("output differs from a plain copy (%d bytes, want %d)", len(got), want.Len())
	}
}
