package ogg_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/formats/ogg"
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(ogg.New())
	r.Register(png.New())
	r.Register(jpeg.New())
	return r
}

func need(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
}

// output runs a program and returns its standard output and error.
func output(t testing.TB, name string, args ...string) (stdout, stderr []byte) {
	t.Helper()
	cmd := exec.Command(name, args...)
	var e bytes.Buffer
	cmd.Stderr = &e
	o, err := cmd.Output()
	if err != nil && e.Len() == 0 {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return o, e.Bytes()
}

// oggPage is a page as the tests read it, checksum verified.
type oggPage struct {
	flags   byte
	granule uint64
	serial  uint32
	seq     uint32
	lacing  []byte
	body    []byte
}

// crc is the Ogg CRC written plainly, bit by bit, independent of the
// handler's tables.
func crc(b []byte) uint32 {
	var c uint32
	for _, x := range b {
		c ^= uint32(x) << 24
		for range 8 {
			if c&0x80000000 != 0 {
				c = c<<1 ^ 0x04c11db7
			} else {
				c <<= 1
			}
		}
	}
	return c
}

// pages parses a whole Ogg file, failing on any byte outside a page or a
// bad checksum.
func pages(t testing.TB, b []byte) []oggPage {
	t.Helper()
	var out []oggPage
	for p := 0; p < len(b); {
		if p+27 > len(b) || string(b[p:p+4]) != "OggS" {
			t.Fatalf("no page at offset %d", p)
		}
		n := int(b[p+26])
		body := 0
		for _, l := range b[p+27 : p+27+n] {
			body += int(l)
		}
		end := p + 27 + n + body
		raw := append([]byte(nil), b[p:end]...)
		stored := binary.LittleEndian.Uint32(raw[22:])
		clear(raw[22:26])
		if crc(raw) != stored {
			t.Fatalf("page at offset %d: bad checksum", p)
		}
		le := binary.LittleEndian
		out = append(out, oggPage{b[p+5], le.Uint64(b[p+6:]), le.Uint32(b[p+14:]), le.Uint32(b[p+18:]), b[p+27 : p+27+n], b[p+27+n : end]})
		p = end
	}
	return out
}

// packets reassembles the packets of each serial number.
func packets(t testing.TB, ps []oggPage) map[uint32][][]byte {
	out := map[uint32][][]byte{}
	part := map[uint32][]byte{}
	for _, p := range ps {
		pos := 0
		for _, l := range p.lacing {
			part[p.serial] = append(part[p.serial], p.body[pos:pos+int(l)]...)
			pos += int(l)
			if l < 255 {
				out[p.serial] = append(out[p.serial], part[p.serial])
				part[p.serial] = nil
			}
		}
	}
	return out
}

// checkSequence asserts that every stream's pages are numbered 0, 1, 2…
// from its first page, and flagged first and last as they should.
func checkSequence(t testing.TB, ps []oggPage) {
	t.Helper()
	next := map[uint32]uint32{}
	for i, p := range ps {
		if p.flags&2 != 0 {
			next[p.serial] = 0
		}
		if p.seq != next[p.serial] {
			t.Errorf("page %d of stream %08x: sequence %d, want %d", i, p.serial, p.seq, next[p.serial])
		}
		next[p.serial] = p.seq + 1
	}
}

func cleanBytes(t testing.TB, in []byte) ([]byte, []scrub.Finding, []scrub.Warning) {
	t.Helper()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	h := ogg.New().(scrub.ReportingCleaner)
	var out bytes.Buffer
	fs, ws, err := h.CleanReport(context.Background(), env, bytes.NewReader(in), int64(len(in)), &out)
	if err != nil {
		t.Fatalf("clean: %v", err)
	}
	ifs, err := h.Inspect(context.Background(), env, bytes.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	if len(ifs) != len(fs) {
		t.Errorf("Inspect found %d, CleanReport %d", len(ifs), len(fs))
	}
	for _, f := range fs {
		if !scrub.KnownLabel(f.Label) {
			t.Errorf("finding without a known label: %+v", f)
		}
	}
	return out.Bytes(), fs, ws
}

// checkClean asserts what every cleaned file must be: valid pages and
// checksums, pages numbered in order, every comment header empty, clean
// on inspection, stable when cleaned again, and no planted value in any
// byte, or in anything base64 in it.
func checkClean(t testing.TB, name string, in, out []byte, planted ...string) {
	t.Helper()
	scrubtest.AssertPresent(t, in, planted...)
	scrubtest.AssertAbsent(t, out, planted...)
	ps := pages(t, out)
	checkSequence(t, ps)
	for serial, pk := range packets(t, ps) {
		for _, p := range pk {
			for _, prefix := range []string{"\x03vorbis", "OpusTags", "\x81theora"} {
				if bytes.HasPrefix(p, []byte(prefix)) && !bytes.HasPrefix(p[len(prefix):], make([]byte, 8)) {
					t.Errorf("stream %08x: comment header not empty: %q", serial, p)
				}
			}
		}
	}
	reg := registry()
	if fs := scrubtest.Inspect(t, reg, name, out); scrub.Removable(fs) {
		t.Errorf("cleaned output has removable findings: %+v", fs)
	}
	again, _ := scrubtest.Clean(t, reg, name, out, scrub.Policy{})
	if !bytes.Equal(again, out) {
		t.Error("cleaning the cleaned output changed it")
	}
}

// sameMedia asserts with ffmpeg that every stream's packets and decoded
// samples are the same in ref and out, and that ffmpeg and ffprobe read
// out without a complaint.
func sameMedia(t testing.TB, dir, ext string, ref, out []byte) {
	t.Helper()
	need(t, "ffmpeg", "ffprobe")
	a, b := filepath.Join(dir, "a"+ext), filepath.Join(dir, "b"+ext)
	os.WriteFile(a, ref, 0o644)
	os.WriteFile(b, out, 0o644)
	// The pictures in the comments are streams to ffmpeg (attached
	// pictures): they are gone, the rest must be the same.
	sa, sb := mediaStreams(t, a), mediaStreams(t, b)
	if len(sa) == 0 || len(sa) != len(sb) {
		t.Fatalf("streams %v before, %v after", sa, sb)
	}
	for i := range sa {
		for _, args := range [][]string{{"-c", "copy", "-f", "md5", "-"}, {"-f", "md5", "-"}} {
			ma, ea := output(t, "ffmpeg", append([]string{"-v", "error", "-i", a, "-map", "0:" + sa[i]}, args...)...)
			mb, eb := output(t, "ffmpeg", append([]string{"-v", "error", "-i", b, "-map", "0:" + sb[i]}, args...)...)
			if len(ma) == 0 || !bytes.Equal(ma, mb) {
				t.Errorf("stream %s, ffmpeg %v: %s before, %s after", sa[i], args, ma, mb)
			}
			if len(eb) > 0 && len(ea) == 0 {
				t.Errorf("ffmpeg %v complains about the cleaned copy only:\n%s", args, eb)
			}
		}
	}
	if _, e := output(t, "ffprobe", "-v", "error", b); len(e) > 0 {
		t.Errorf("ffprobe complains about the cleaned copy:\n%s", e)
	}
}

// mediaStreams returns the indexes of the streams ffprobe finds that are
// not attached pictures.
func mediaStreams(t testing.TB, file string) []string {
	t.Helper()
	o, _ := output(t, "ffprobe", "-v", "error", "-show_entries", "stream=index:stream_disposition=attached_pic", "-of", "csv=p=0", file)
	var out []string
	for _, l := range strings.Fields(string(o)) {
		if i, pic, ok := strings.Cut(l, ","); ok && pic == "0" {
			out = append(out, i)
		}
	}
	return out
}

// encode makes a file with ffmpeg from the inputs and output options.
func encode(t testing.TB, dir, name string, args ...string) []byte {
	t.Helper()
	need(t, "ffmpeg")
	out := filepath.Join(dir, name)
	if _, e := output(t, "ffmpeg", append(append([]string{"-v", "error", "-y"}, args...), out)...); len(e) > 0 {
		t.Fatalf("ffmpeg: %s", e)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sine(d string) []string {
	return []string{"-f", "lavfi", "-i", "sine=frequency=440:duration=" + d}
}

// meta returns -metadata options planting prefix in every place a comment
// can name someone, and two pictures with metadata of their own.
func meta(prefix string) ([]string, []string) {
	pic := base64.StdEncoding.EncodeToString(hostile.FLACPicture(3, "image/png", prefix+"-PICDESC", hostile.PNG(prefix+"-PIC")))
	cover := base64.StdEncoding.EncodeToString(hostile.JPEG(prefix + "-COVER"))
	args := []string{
		"-metadata", "ARTIST=" + prefix + "-ARTIST",
		"-metadata", "TITLE=" + prefix + "-TITLE",
		"-metadata", "LOCATION=" + prefix + "-LOCATION",
		"-metadata", "CONTACT=" + prefix + "-CONTACT",
		"-metadata", "COMMENT=" + prefix + "-COMMENT",
		"-metadata", "ISRC=" + prefix + "-ISRC",
		"-metadata", "DATE=2031-" + prefix,
		"-metadata", "METADATA_BLOCK_PICTURE=" + pic,
		"-metadata", "COVERART=" + cover,
	}
	planted := []string{prefix + "-ARTIST", prefix + "-TITLE", prefix + "-LOCATION", prefix + "-CONTACT", prefix + "-COMMENT",
		prefix + "-ISRC", "2031-" + prefix, prefix + "-PICDESC", prefix + "-PIC-AUTHOR", prefix + "-COVER-ARTIST",
		prefix + "-COVER-SERIAL", prefix + "-COVER-COMMENT", "Lavf"}
	return args, planted
}

func TestCodecs(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		args       []string
	}{
		{"vorbis", "in.ogg", append(sine("2"), "-c:a", "libvorbis")},
		{"opus", "in.opus", append(sine("2"), "-c:a", "libopus")},
		{"flac", "in.oga", append(sine("2"), "-c:a", "flac")},
		{"speex", "in.spx", append(sine("2"), "-ar", "16000", "-c:a", "libspeex")},
		{"theora and vorbis", "in.ogv", append(append([]string{"-f", "lavfi", "-i", "testsrc=size=64x48:duration=1"}, sine("1")...),
			"-c:v", "libtheora", "-c:a", "libvorbis")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			m, planted := meta("OG" + strings.ToUpper(tc.name[:2]))
			in := encode(t, dir, tc.file, append(tc.args, m...)...)
			out, fs, ws := cleanBytes(t, in)
			checkClean(t, tc.file, in, out, planted...)
			if len(ws) != 0 {
				t.Errorf("warnings: %+v", ws)
			}
			labels := map[scrub.Label]bool{}
			for _, f := range fs {
				labels[f.Label] = true
			}
			for _, l := range []scrub.Label{scrub.LabelAuthor, scrub.LabelTitle, scrub.LabelPlace, scrub.LabelContact, scrub.LabelComment,
				scrub.LabelDocumentID, scrub.LabelCreated, scrub.LabelEmbeddedPicture, scrub.LabelSoftware, scrub.LabelSerial} {
				if !labels[l] {
					t.Errorf("no finding labelled %s", l)
				}
			}
			if tc.name == "speex" {
				// The encoder's version string in the Speex header goes.
				version := false
				for _, f := range fs {
					version = version || f.Field == "speex_version" && f.Label == scrub.LabelSoftware
				}
				first := packets(t, pages(t, out))
				for _, pk := range first {
					if !bytes.Equal(pk[0][8:28], make([]byte, 20)) || !version {
						t.Errorf("the Speex version string: % x, finding %v", pk[0][8:28], version)
					}
				}
			}
			sameMedia(t, dir, filepath.Ext(tc.file), in, out)
		})
	}
}

// TestLongComment: a comment header of 100 KB spans pages and shares its
// last page with the setup header; the new one takes fewer pages, so
// every later page is renumbered and gets a new checksum.
func TestLongComment(t *testing.T) {
	dir := t.TempDir()
	long := "OGL-LONG " + strings.Repeat("x", 100<<10) + " OGL-END"
	in := encode(t, dir, "in.ogg", append(sine("3"), "-c:a", "libvorbis", "-metadata", "DESCRIPTION="+long)...)
	before := pages(t, in)
	out, _, _ := cleanBytes(t, in)
	after := pages(t, out)
	if len(after) >= len(before) {
		t.Errorf("%d pages before, %d after: the headers did not shrink", len(before), len(after))
	}
	checkClean(t, "in.ogg", in, out, "OGL-LONG", "OGL-END")
	// Audio pages: the same bodies and granule positions, in order.
	var a, b []oggPage
	for _, p := range before {
		if p.granule != 0 && p.granule != ^uint64(0) {
			a = append(a, p)
		}
	}
	for _, p := range after {
		if p.granule != 0 && p.granule != ^uint64(0) {
			b = append(b, p)
		}
	}
	if len(a) != len(b) {
		t.Fatalf("%d audio pages before, %d after", len(a), len(b))
	}
	for i := range a {
		if !bytes.Equal(a[i].body, b[i].body) || a[i].granule != b[i].granule || !bytes.Equal(a[i].lacing, b[i].lacing) {
			t.Errorf("audio page %d changed", i)
		}
	}
	sameMedia(t, dir, ".ogg", in, out)
}

// TestMultiplexed: two audio streams in one file, each cleaned, pages
// interleaved as they were.
func TestMultiplexed(t *testing.T) {
	dir := t.TempDir()
	m, planted := meta("OGMX")
	args := append(append(sine("2"), "-f", "lavfi", "-i", "sine=frequency=880:duration=2"), "-map", "0", "-map", "1",
		"-c:a:0", "libvorbis", "-c:a:1", "libopus")
	in := encode(t, dir, "in.ogg", append(append(args, m...), "-metadata:s:1", "ARTIST=OGMX-SECOND")...)
	out, fs, _ := cleanBytes(t, in)
	checkClean(t, "in.ogg", in, out, append(planted, "OGMX-SECOND")...)
	if len(packets(t, pages(t, out))) != 2 {
		t.Error("not two streams after cleaning")
	}
	second := false
	for _, f := range fs {
		second = second || strings.Contains(f.Where, "stream 2")
	}
	if !second {
		t.Error("no finding names the second stream")
	}
	sameMedia(t, dir, ".ogg", in, out)
}

// TestChained: two files one after the other (a chained stream, as
// internet radio recordings are): both links are cleaned.
func TestChained(t *testing.T) {
	dir := t.TempDir()
	a := encode(t, dir, "a.opus", append(sine("1"), "-c:a", "libopus", "-metadata", "ARTIST=OGCH-FIRST")...)
	b := encode(t, dir, "b.opus", append(sine("1"), "-c:a", "libopus", "-metadata", "ARTIST=OGCH-SECOND")...)
	in := append(append([]byte(nil), a...), b...)
	out, _, _ := cleanBytes(t, in)
	checkClean(t, "in.opus", in, out, "OGCH-FIRST", "OGCH-SECOND", "Lavf")
	ca, _, _ := cleanBytes(t, a)
	cb, _, _ := cleanBytes(t, b)
	if !bytes.Equal(out, append(ca, cb...)) {
		t.Error("a chained file does not clean to its links cleaned one after the other")
	}
	// The same serial number again after the end of the first link.
	twice := append(append([]byte(nil), a...), a...)
	out, _, _ = cleanBytes(t, twice)
	if !bytes.Equal(out, append(ca, ca...)) {
		t.Error("a file chained with itself does not clean to its cleaned self twice")
	}
}

// TestFLACBlocks: FLAC in Ogg with every metadata block that can name
// someone; only the comment (empty) and the seek table are left.
func TestFLACBlocks(t *testing.T) {
	si := hostile.FLACStreamInfo(1, 8)
	id := append([]byte("\x7fFLAC\x01\x00\x00\x05fLaC\x00\x00\x00\x22"), si...)
	block := func(typ byte, d []byte) []byte {
		return append([]byte{typ, byte(len(d) >> 16), byte(len(d) >> 8), byte(len(d))}, d...)
	}
	seek := make([]byte, 36)
	binary.BigEndian.PutUint64(seek[18:], ^uint64(0))
	copy(seek[26:], "OGFSEEK")
	frames := hostile.FLACFrames(1, 8)
	n := len(frames) / 8
	pk := [][]byte{id,
		block(4, hostile.VorbisComment("OGF-VENDOR", "ARTIST=OGF-ARTIST", "WAVEFORMATEXTENSIBLE_CHANNEL_MASK=0x4")),
		block(6, hostile.FLACPicture(3, "image/png", "OGF-PICDESC", hostile.PNG("OGF-PIC"))),
		block(2, []byte("riffOGF-APPLICATION")),
		block(3, seek),
		block(0x81, []byte("OGF-PADDING")),
	}
	for i := range 8 {
		pk = append(pk, frames[i*n:(i+1)*n])
	}
	in := hostile.OggBytes(hostile.OggStream(99, 6, 4096, 4096, pk...)...)
	out, _, _ := cleanBytes(t, in)
	checkClean(t, "in.oga", in, out, "OGF-VENDOR", "OGF-ARTIST", "OGF-PICDESC", "OGF-PIC-AUTHOR", "OGF-APPLICATION", "OGFSEEK", "OGF-PADDING")
	got := packets(t, pages(t, out))[99]
	if len(got) != 3+8 {
		t.Fatalf("%d packets after cleaning, want the first, the comment, the seek table and 8 frames", len(got))
	}
	if binary.BigEndian.Uint16(got[0][7:]) != 2 {
		t.Errorf("the first packet counts %d header packets, want 2", binary.BigEndian.Uint16(got[0][7:]))
	}
	if got[1][0] != 4 || !bytes.Contains(got[1], []byte("WAVEFORMATEXTENSIBLE_CHANNEL_MASK=0x4")) || got[2][0] != 0x83 {
		t.Errorf("headers after cleaning: % x", got[1:3])
	}
	sameMedia(t, t.TempDir(), ".oga", in, out)
}

// TestTrailing: data after the last page is removed, and a page cut
// short at the end too.
func TestTrailing(t *testing.T) {
	base := hostile.Opus("OGT")
	clean, _, _ := cleanBytes(t, base)
	for name, in := range map[string][]byte{
		"text":         append(append([]byte(nil), base...), "OGT-HIDDEN-AFTER"...),
		"ID3v1":        append(append([]byte(nil), base...), append([]byte("TAGOGT-ID3V1"), make([]byte, 116)...)...),
		"page cut":     append(append([]byte(nil), base...), hostile.OggPage{Serial: 0x5c5c5c5c, Seq: 999, Lacing: []byte{200}, Body: make([]byte, 200)}.Bytes()[:100]...),
		"only OggS":    append(append([]byte(nil), base...), "OggS"...),
		"short header": append(append([]byte(nil), base...), "Og"...),
	} {
		t.Run(name, func(t *testing.T) {
			out, fs, ws := cleanBytes(t, in)
			if !bytes.Equal(out, clean) {
				t.Error("the cleaned copy is not the file cleaned without its tail")
			}
			if len(ws) != 1 || len(fs) == 0 {
				t.Errorf("findings %+v, warnings %+v", fs, ws)
			}
		})
	}
}

func TestIdentify(t *testing.T) {
	h := ogg.New()
	vorbis := hostile.OggBytes(hostile.OggStream(1, 3, 0, 4096, hostile.VorbisHeaders(100, "v")...)...)
	for _, tc := range []struct {
		b    []byte
		want string
	}{
		{hostile.Opus("X"), "opus"},
		{vorbis, "ogg"},
		{hostile.OggBytes(hostile.OggStream(1, 1, 0, 4096, []byte("\x80theora"+strings.Repeat("\x00", 40)))...), "ogv"},
		{hostile.OggBytes(hostile.OggStream(1, 1, 0, 4096, []byte("fishead\x00"+strings.Repeat("\x00", 40)))...), "ogg"},
		{hostile.FLAC("X"), ""},
		{hostile.PNG("X"), ""},
		{[]byte("OggS"), ""},
	} {
		got, err := h.Identify(tc.b[:min(len(tc.b), 4096)], bytes.NewReader(tc.b), int64(len(tc.b)))
		if err != nil || got != tc.want {
			t.Errorf("Identify(%q…) = %q, %v; want %q", tc.b[:min(12, len(tc.b))], got, err, tc.want)
		}
	}
}

// allParts returns the bytes of every part Parts lists.
func allParts(t testing.TB, in []byte) []byte {
	t.Helper()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	var b bytes.Buffer
	err := ogg.New().(scrub.PartLister).Parts(context.Background(), env, bytes.NewReader(in), int64(len(in)), func(p scrub.Part) error {
		if p.Where == "" {
			t.Error("a part without a name")
		}
		_, err := b.ReadFrom(p.R)
		b.WriteByte(0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestParts: the parts of a file hold what its comments hold, in plain
// bytes (pictures decoded, their metadata through their own handler,
// comment headers whole though they span pages), and the parts of its
// clean copy hold none of it.
func TestParts(t *testing.T) {
	dir := t.TempDir()
	m, planted := meta("OGP")
	long := "OGP-SPAN-" + strings.Repeat("y", 70000) + "-OGP-SPAN"
	in := encode(t, dir, "in.ogg", append(append(sine("1"), "-c:a", "libvorbis", "-metadata", "LYRICS="+long), m...)...)
	out, _, _ := cleanBytes(t, in)
	before, after := allParts(t, in), allParts(t, out)
	planted = append(planted, long)
	for _, v := range planted {
		if !bytes.Contains(before, []byte(v)) {
			t.Errorf("the parts of the original do not hold %.40q", v)
		}
		if bytes.Contains(after, []byte(v)) {
			t.Errorf("the parts of the clean copy hold %.40q", v)
		}
	}
	if len(after) > 20000 {
		t.Errorf("the parts of a clean 1-second file are %d bytes: audio listed?", len(after))
	}
}
