package isobmff_test

import (
	"bufio"
	"context"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/scrub-project/scrub/formats/isobmff"
	"github.com/scrub-project/scrub/scrub"
)

// bigGPS is planted at the start of every telemetry sample of the big
// movies.
const bigGPS = "PLANTBIGGPS"

// writeBigMovie writes a movie of n chunks, each a video sample, an audio
// sample and a telemetry sample, with the movie box first (so that
// cleaning moves every chunk). Sample bytes are pseudo-random. It returns
// the file's size.
func writeBigMovie(w io.Writer, n, video, audio, gps int) (int64, error) {
	ftyp := box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41"))
	avc1 := box("avc1", make([]byte, 6), u16(1), make([]byte, 16), u16(96), u16(64), u32(0x480000), u32(0x480000),
		u32(0), u16(1), make([]byte, 32), u16(24), u16(0xffff), box("avcC", []byte{1, 0x42, 0xc0, 0x1e, 0xff, 0xe0, 0}))
	mp4a := box("mp4a", make([]byte, 6), u16(1), make([]byte, 8), u16(1), u16(16), u16(0), u16(0), u32(16000<<16))
	gpmd := box("gpmd", make([]byte, 6), u16(1), u32(0))
	sizes := func(s int) []uint32 {
		out := make([]uint32, n)
		for i := range out {
			out[i] = uint32(s)
		}
		return out
	}
	moov := func(v, a, g []uint32) []byte {
		return box("moov",
			fullbox("mvhd", 0, 0, u32(plantedDate), u32(plantedDate), u32(1000), u32(1000), u32(0x10000), u16(0x100), make([]byte, 10), matrix(), make([]byte, 24), u32(4)),
			track(1, "vide", avc1, sizes(video), v, nil, false),
			track(2, "soun", mp4a, sizes(audio), a, nil, false),
			track(3, "meta", gpmd, sizes(gps), g, nil, false))
	}
	zero := make([]uint32, n)
	head := int64(len(ftyp) + len(moov(zero, zero, zero)))
	payload := int64(n) * int64(video+audio+gps)
	hdr := int64(8)
	if payload+8 > 1<<32-1 {
		hdr = 16
	}
	v, a, g := make([]uint32, n), make([]uint32, n), make([]uint32, n)
	at := head + hdr
	for i := 0; i < n; i++ {
		v[i], a[i], g[i] = uint32(at), uint32(at+int64(video)), uint32(at+int64(video+audio))
		at += int64(video + audio + gps)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.Write(ftyp)
	bw.Write(moov(v, a, g))
	if hdr == 16 {
		bw.Write(cat(u32(1), []byte("mdat"), u64(uint64(payload+16))))
	} else {
		bw.Write(cat(u32(uint32(payload+8)), []byte("mdat")))
	}
	noise := make([]byte, 1<<20+video)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	telemetry := make([]byte, gps)
	copy(telemetry, bigGPS)
	for i := 0; i < n; i++ {
		off := (i * 7919) % (1 << 20)
		bw.Write(noise[off : off+video])
		bw.Write(noise[off+1 : off+1+audio])
		bw.Write(telemetry)
	}
	if err := bw.Flush(); err != nil {
		return 0, err
	}
	return head + hdr + payload, nil
}

// BenchmarkClean cleans a 64 MB movie whose telemetry track goes (so the
// media data is copied span by span and every offset moves), reading from
// a file as the engine does.
func BenchmarkClean(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.mp4")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	size, err := writeBigMovie(f, 1000, 60000, 4000, 1000)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	in, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	h := isobmff.New().(scrub.ReportingCleaner)
	reg := registry()
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
		if _, _, err := h.CleanReport(context.Background(), env, in, size, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
