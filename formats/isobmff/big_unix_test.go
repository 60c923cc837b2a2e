//go:build unix

package isobmff_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/scrub-project/scrub/formats/isobmff"
	"github.com/scrub-project/scrub/scrub"
)

// TestBigMovie cleans a generated movie of about 2 GB (set SCRUB_BIG_MP4=1;
// SCRUB_BIG_DIR chooses where the two files go) and reports the peak
// resident memory and the time next to a plain copy. The media data is
// streamed: the peak stays far under 64 MiB. The telemetry samples are gone
// from the copy and the video chunks are where the new offsets say.
func TestBigMovie(t *testing.T) {
	if os.Getenv("SCRUB_BIG_MP4") == "" {
		t.Skip("set SCRUB_BIG_MP4=1 to clean a 2 GB movie")
	}
	dir := os.Getenv("SCRUB_BIG_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	inPath, outPath, cpPath := filepath.Join(dir, "big.mp4"), filepath.Join(dir, "big.clean.mp4"), filepath.Join(dir, "big.copy.mp4")
	defer os.Remove(inPath)
	defer os.Remove(outPath)
	defer os.Remove(cpPath)
	const n, video, audio, gps = 8000, 256 << 10, 8 << 10, 2 << 10
	f, err := os.Create(inPath)
	if err != nil {
		t.Fatal(err)
	}
	size, err := writeBigMovie(f, n, video, audio, gps)
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	before := peakRSS()

	// A plain copy, for comparison.
	start := time.Now()
	copyFile(t, inPath, cpPath)
	cpTime := time.Since(start)
	os.Remove(cpPath)

	in, err := os.Open(inPath)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(outPath)
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriterSize(out, 256<<10)
	start = time.Now()
	env := scrub.NewEnv(registry(), scrub.Limits{MaxInputSize: 4 << 30}, scrub.Policy{})
	_, _, err = isobmff.New().(scrub.ReportingCleaner).CleanReport(context.Background(), env, in, size, bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = out.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	peak := peakRSS()
	t.Logf("%d MB cleaned in %s (a plain copy: %s); peak RSS %d MiB (%d MiB before cleaning)",
		size>>20, took.Round(time.Millisecond), cpTime.Round(time.Millisecond), peak>>20, before>>20)
	if peak > 64<<20 {
		t.Errorf("peak RSS %d MiB, over 64 MiB", peak>>20)
	}

	// The telemetry is gone, the video is where the offsets say.
	o, err := os.Open(outPath)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	fi, _ := o.Stat()
	if want := size - n*gps - int64(n*8); fi.Size() > want {
		t.Errorf("the copy has %d bytes, want at most %d", fi.Size(), want)
	}
	if scanFor(t, o, []byte(bigGPS)) {
		t.Error("telemetry samples left in the copy")
	}
	head := make([]byte, 1<<20)
	io.ReadFull(io.NewSectionReader(o, 0, 1<<20), head)
	moovSize := int(binary.BigEndian.Uint32(head[len(box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41"))):]))
	top := parseBoxes(t, head[:len(box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41")))+moovSize], 0)
	stco := find(top, "moov/trak/mdia/minf/stbl/stco")
	if len(stco) != 2 {
		t.Fatalf("%d chunk tables, want 2", len(stco))
	}
	for _, i := range []int{0, n / 2, n - 1} {
		got := make([]byte, video)
		off := int64(binary.BigEndian.Uint32(stco[0].data[8+4*i:]))
		o.ReadAt(got, off)
		want := make([]byte, video)
		in.ReadAt(want, int64(len(box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41"))))+inMoov(t, in)+8+int64(i)*(video+audio+gps))
		if !bytes.Equal(got, want) {
			t.Errorf("video chunk %d: other bytes at its new offset", i)
		}
	}
}

// inMoov returns the size of the input's movie box (it follows ftyp).
func inMoov(t *testing.T, f *os.File) int64 {
	b := make([]byte, 4)
	f.ReadAt(b, int64(len(box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41")))))
	return int64(binary.BigEndian.Uint32(b))
}

func peakRSS() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) << 10
}

func copyFile(t *testing.T, from, to string) {
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// scanFor reports whether v occurs in the file, reading it in blocks.
func scanFor(t *testing.T, f *os.File, v []byte) bool {
	buf := make([]byte, 4<<20)
	var carry []byte
	for off := int64(0); ; {
		n, err := f.ReadAt(buf, off)
		chunk := append(carry, buf[:n]...)
		if bytes.Contains(chunk, v) {
			return true
		}
		if err != nil {
			return false
		}
		carry = append([]byte(nil), chunk[max(0, len(chunk)-len(v)):]...)
		off += int64(n)
	}
}
