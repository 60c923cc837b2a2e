package isobmff_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/isobmff"
	"github.com/scrub-project/scrub/scrub"
)

// virtualFile is a large file held as a head and a few marks; every other
// byte is zero.
type virtualFile struct {
	head  []byte
	size  int64
	marks map[int64][]byte
}

func (v *virtualFile) ReadAt(p []byte, off int64) (int, error) {
	if off >= v.size {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), v.size-off))
	clear(p[:n])
	if off < int64(len(v.head)) {
		copy(p[:n], v.head[off:])
	}
	for at, m := range v.marks {
		if at+int64(len(m)) > off && at < off+int64(n) {
			for i := range m {
				if x := at + int64(i) - off; x >= 0 && x < int64(n) {
					p[x] = m[i]
				}
			}
		}
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// markWriter keeps the start of what is written and where each mark
// ("MARK" and four more bytes) lands.
type markWriter struct {
	head  []byte
	pos   int64
	marks map[string]int64
	tail  []byte
}

func (w *markWriter) Write(p []byte) (int, error) {
	if len(w.head) < 1<<20 {
		w.head = append(w.head, p[:min(len(p), 1<<20-len(w.head))]...)
	}
	buf := append(append([]byte(nil), w.tail...), p...)
	base := w.pos - int64(len(w.tail))
	for i := 0; ; {
		j := bytes.Index(buf[i:], []byte("MARK"))
		if j < 0 || i+j+8 > len(buf) {
			break
		}
		w.marks[string(buf[i+j:i+j+8])] = base + int64(i+j)
		i += j + 8
	}
	w.tail = append(w.tail[:0], buf[max(0, len(buf)-7):]...)
	w.pos += int64(len(p))
	return len(p), nil
}

// TestOffsetsPast4GiB cleans a 5 GiB movie (made of zeros, never held in
// memory) whose chunks lie past 4 GiB, with its movie box first: the
// copy's chunk offsets need 64 bits, and each chunk's first bytes are
// where the new offsets say.
func TestOffsetsPast4GiB(t *testing.T) {
	if testing.Short() {
		t.Skip("copies 5 GiB of zeros")
	}
	ftyp := box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41"))
	avc1 := box("avc1", make([]byte, 6), u16(1), make([]byte, 16), u16(96), u16(64), u32(0x480000), u32(0x480000),
		u32(0), u16(1), make([]byte, 32), u16(24), u16(0xffff), box("avcC", []byte{1, 0x42, 0xc0, 0x1e, 0xff, 0xe0, 0}))
	sizes := []uint32{3 << 30, 2 << 30, 8}
	moov := func(offs []int64) []byte {
		tr := parseBoxes(t, track(1, "vide", avc1, sizes, []uint32{0, 0, 0}, nil, false), 0)[0]
		st := find(tr.kids, "mdia/minf/stbl/stco")[0]
		st.typ = "co64"
		st.data = cat(u32(0), u32(3), u64(uint64(offs[0])), u64(uint64(offs[1])), u64(uint64(offs[2])))
		return box("moov",
			fullbox("mvhd", 0, 0, u32(1), u32(1), u32(1000), u32(1000), u32(0x10000), u16(0x100), make([]byte, 10), matrix(), make([]byte, 24), u32(2)),
			tr.bytes(),
			box("udta", box("\xa9mak", qtText("PLANTBIGMAKE")), box("free", make([]byte, 4000))))
	}
	payload := int64(len(ftyp)+len(moov([]int64{0, 0, 0}))) + 16
	offs := []int64{payload, payload + 3<<30, payload + 5<<30}
	head := cat(ftyp, moov(offs), u32(1), []byte("mdat"), u64(uint64(16+5<<30+8)))
	f := &virtualFile{head: head, size: payload + 5<<30 + 8, marks: map[int64][]byte{
		offs[0]: []byte("MARK0000"), offs[1]: []byte("MARK1111"), offs[2]: []byte("MARK2222"),
	}}
	w := &markWriter{marks: map[string]int64{}}
	env := scrub.NewEnv(registry(), scrub.Limits{MaxInputSize: 8 << 30}, scrub.Policy{})
	fs, _, err := isobmff.New().(scrub.ReportingCleaner).CleanReport(context.Background(), env, f, f.size, w)
	if err != nil {
		t.Fatal(err)
	}
	if !hasFinding(fs, scrub.LabelCamera, "PLANTBIGMAKE") {
		t.Error("the make is not listed")
	}
	if w.pos >= f.size || w.pos < 5<<30 {
		t.Errorf("the copy has %d bytes, the original %d", w.pos, f.size)
	}
	moovLen := int(binary.BigEndian.Uint32(w.head[len(ftyp):]))
	top := parseBoxes(t, w.head[:len(ftyp)+moovLen], 0)
	co := find(top, "moov/trak/mdia/minf/stbl/co64")
	if len(co) != 1 || len(find(top, "moov/trak/mdia/minf/stbl/stco")) != 0 {
		t.Fatal("the copy's chunk offsets are not 64-bit")
	}
	for i, want := range []string{"MARK0000", "MARK1111", "MARK2222"} {
		got := int64(binary.BigEndian.Uint64(co[0].data[8+8*i:]))
		if at, ok := w.marks[want]; !ok || at != got {
			t.Errorf("chunk %d: offset %d, its bytes are at %d (found %v)", i, got, at, ok)
		}
	}
	if got := int64(binary.BigEndian.Uint64(co[0].data[8+16:])); got <= 1<<32 {
		t.Errorf("the last chunk is at %d: the test does not pass 4 GiB", got)
	}
}

// TestVersion1Headers zeroes the 64-bit dates of version 1 movie, track
// and media headers.
func TestVersion1Headers(t *testing.T) {
	base := syntheticMovie(false)
	top := parseBoxes(t, base, 0)
	moov := find(top, "moov")[0]
	const date = 0x00000001_23456789 // in 2058: the high 32 bits matter
	v1 := func(b *tbox, after int) {
		// v0: version/flags, creation, modification (32 bits each), then
		// after-4 bytes, a 32-bit duration, the rest. v1 widens all three.
		d := b.data
		rest := d[12+after:]
		b.data = cat([]byte{1, d[1], d[2], d[3]}, u64(date), u64(date+1), d[12:12+after-4], u64(uint64(binary.BigEndian.Uint32(d[12+after-4:]))), rest)
	}
	v1(find(moov.kids, "mvhd")[0], 8)
	for _, b := range find(moov.kids, "trak/tkhd") {
		v1(b, 12)
	}
	for _, b := range find(moov.kids, "trak/mdia/mdhd") {
		v1(b, 8)
	}
	var dirty []byte
	for _, b := range top {
		if b.typ == "moov" {
			dirty = append(dirty, b.bytes()...)
		} else {
			dirty = append(dirty, box(b.typ, b.data)...)
		}
	}
	fs := inspect(t, dirty)
	if !hasFinding(fs, scrub.LabelCreated, "2058-11-07") || !hasFinding(fs, scrub.LabelModified, "2058-11-07") {
		t.Errorf("64-bit dates not listed: %+v", fs)
	}
	out, _, _ := clean(t, dirty)
	om := find(parseBoxes(t, out, 0), "moov")[0]
	n := 0
	for _, path := range []string{"mvhd", "trak/tkhd", "trak/mdia/mdhd"} {
		for _, b := range find(om.kids, path) {
			n++
			if b.data[0] != 1 || !bytes.Equal(b.data[4:20], make([]byte, 16)) {
				t.Errorf("%s: version %d, dates %x", path, b.data[0], b.data[4:20])
			}
		}
	}
	if n != 5 {
		t.Errorf("%d headers in the copy, want 5", n)
	}
	if got, want := chunks(t, out), chunks(t, base); len(got) != len(want) {
		t.Error("tracks lost")
	}
}

// TestParts lists the parts of a planted movie: the movie structure, the
// samples of the tracks that go and the unreferenced bytes are there; the
// samples of the video and audio tracks are not.
func TestParts(t *testing.T) {
	dirty, _ := plantMovie(t, syntheticMovie(false), movieOptions{layout: "head"})
	var all []byte
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	err := isobmff.New().(scrub.PartLister).Parts(context.Background(), env, bytes.NewReader(dirty), int64(len(dirty)), func(p scrub.Part) error {
		b, err := io.ReadAll(p.R)
		all = append(all, b...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"PLANTGPMD", "PLANTFACE1", "PLANTCAMM", "PLANTGAP", "PLANTNAM", "PLANTKMAKE", "PLANTSEFD", "PLANT-UUID-XMP"} {
		if !strings.Contains(string(all), v) {
			t.Errorf("the parts lack %q", v)
		}
	}
	for _, sample := range [][]byte{bytes.Repeat([]byte{0x11}, 300), bytes.Repeat([]byte{0x44}, 50)} {
		if bytes.Contains(all, sample) {
			t.Error("the parts include video or audio samples")
		}
	}
}
