package flac_test

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

	"github.com/scrub-project/scrub/formats/flac"
	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(flac.New())
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

func run(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	if stderr.Len() > 0 {
		t.Errorf("%s %s wrote to stderr:\n%s", name, strings.Join(args, " "), stderr.Bytes())
	}
	return out
}

// encode makes a FLAC file with ffmpeg: a sine tone with the given
// metadata (-metadata arguments) and, if pic is not nil, that picture as
// the cover.
func encode(t testing.TB, dir string, channels int, pic []byte, meta ...string) []byte {
	t.Helper()
	need(t, "ffmpeg")
	out := filepath.Join(dir, "in.flac")
	layout := map[int]string{1: "mono", 2: "stereo", 4: "quad"}[channels]
	args := []string{"-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=2"}
	if pic != nil {
		p := filepath.Join(dir, "cover.img")
		if err := os.WriteFile(p, pic, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, "-i", p, "-map", "0:a", "-map", "1:v", "-c:v", "copy", "-disposition:v", "attached_pic")
	}
	for _, m := range meta {
		args = append(args, "-metadata", m)
	}
	args = append(args, "-af", "aformat=channel_layouts="+layout, "-c:a", "flac", out)
	run(t, "ffmpeg", args...)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type flacBlock struct {
	typ  byte
	data []byte
}

// blocks parses a FLAC file's metadata and returns the blocks and the
// audio.
func blocks(t testing.TB, b []byte) ([]flacBlock, []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("fLaC")) {
		t.Fatalf("no fLaC signature: % x", b[:min(len(b), 8)])
	}
	var out []flacBlock
	p := 4
	for {
		if p+4 > len(b) {
			t.Fatal("cut in the metadata")
		}
		h := b[p]
		n := int(b[p+1])<<16 | int(b[p+2])<<8 | int(b[p+3])
		out = append(out, flacBlock{h & 0x7f, b[p+4 : p+4+n]})
		p += 4 + n
		if h&0x80 != 0 {
			return out, b[p:]
		}
	}
}

// build writes a FLAC file from blocks and audio, setting the last-block
// flag on the last block.
func build(bs []flacBlock, audio []byte) []byte {
	out := []byte("fLaC")
	for i, bl := range bs {
		h := bl.typ
		if i == len(bs)-1 {
			h |= 0x80
		}
		out = append(out, h, byte(len(bl.data)>>16), byte(len(bl.data)>>8), byte(len(bl.data)))
		out = append(out, bl.data...)
	}
	return append(out, audio...)
}

func types(bs []flacBlock) []byte {
	var t []byte
	for _, b := range bs {
		t = append(t, b.typ)
	}
	return t
}

// insert puts extra blocks after STREAMINFO.
func insert(t testing.TB, file []byte, extra ...flacBlock) []byte {
	bs, audio := blocks(t, file)
	out := append([]flacBlock{bs[0]}, extra...)
	return build(append(out, bs[1:]...), audio)
}

func vorbisComment(vendor string, fields ...string) []byte {
	le := binary.LittleEndian
	b := le.AppendUint32(nil, uint32(len(vendor)))
	b = append(b, vendor...)
	b = le.AppendUint32(b, uint32(len(fields)))
	for _, f := range fields {
		b = le.AppendUint32(b, uint32(len(f)))
		b = append(b, f...)
	}
	return b
}

func pictureBlock(typ uint32, mime, desc string, data []byte) []byte {
	be := binary.BigEndian
	b := be.AppendUint32(nil, typ)
	b = be.AppendUint32(b, uint32(len(mime)))
	b = append(b, mime...)
	b = be.AppendUint32(b, uint32(len(desc)))
	b = append(b, desc...)
	b = append(b, make([]byte, 16)...)
	b = be.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

func cueSheet(mcn string, isrcs ...string) []byte {
	b := make([]byte, 396)
	copy(b, mcn)
	b[395] = byte(len(isrcs) + 1)
	for i, isrc := range isrcs {
		tr := make([]byte, 36+12)
		binary.BigEndian.PutUint64(tr, uint64(i)*588)
		tr[8] = byte(i + 1)
		copy(tr[9:21], isrc)
		tr[35] = 1
		b = append(b, tr...)
	}
	lead := make([]byte, 36)
	lead[8] = 170
	return append(b, lead...)
}

func seekTable(points ...[3]uint64) []byte {
	var b []byte
	for _, p := range points {
		b = binary.BigEndian.AppendUint64(b, p[0])
		b = binary.BigEndian.AppendUint64(b, p[1])
		b = binary.BigEndian.AppendUint16(b, uint16(p[2]))
	}
	return b
}

// id3v2 returns an ID3v2.3 tag holding one text frame.
func id3v2(frame, text string) []byte {
	body := []byte(frame)
	body = binary.BigEndian.AppendUint32(body, uint32(len(text)+1))
	body = append(body, 0, 0, 0)
	body = append(body, text...)
	n := len(body)
	return append([]byte{'I', 'D', '3', 3, 0, 0, byte(n >> 21 & 0x7f), byte(n >> 14 & 0x7f), byte(n >> 7 & 0x7f), byte(n & 0x7f)}, body...)
}

func id3v1(title, artist string) []byte {
	b := make([]byte, 128)
	copy(b, "TAG")
	copy(b[3:], title)
	copy(b[33:], artist)
	copy(b[93:], "2024")
	b[127] = 255
	return b
}

func apev2(key, value string) []byte {
	le := binary.LittleEndian
	item := le.AppendUint32(nil, uint32(len(value)))
	item = le.AppendUint32(item, 0)
	item = append(item, key...)
	item = append(item, 0)
	item = append(item, value...)
	footer := []byte("APETAGEX")
	footer = le.AppendUint32(footer, 2000)
	footer = le.AppendUint32(footer, uint32(len(item)+32))
	footer = le.AppendUint32(footer, 1)
	footer = le.AppendUint32(footer, 0)
	footer = append(footer, make([]byte, 8)...)
	return append(item, footer...)
}

func cleanBytes(t testing.TB, in []byte) ([]byte, []scrub.Finding, []scrub.Warning) {
	t.Helper()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	var out bytes.Buffer
	h := flac.New().(scrub.ReportingCleaner)
	fs, ws, err := h.CleanReport(context.Background(), env, bytes.NewReader(in), int64(len(in)), &out)
	if err != nil {
		t.Fatalf("clean: %v", err)
	}
	var plain bytes.Buffer
	if _, err := h.Clean(context.Background(), env, bytes.NewReader(in), int64(len(in)), &plain); err != nil {
		t.Fatalf("clean: %v", err)
	}
	if !bytes.Equal(out.Bytes(), plain.Bytes()) {
		t.Error("Clean and CleanReport write different bytes")
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

// checkClean asserts what every cleaned file must be: only STREAMINFO,
// SEEKTABLE and a minimal comment left, clean on inspection, stable when
// cleaned again, and no planted value in any byte or decoded view.
func checkClean(t testing.TB, in, out []byte, planted ...string) {
	t.Helper()
	scrubtest.AssertPresent(t, in, planted...)
	scrubtest.AssertAbsent(t, out, planted...)
	bs, _ := blocks(t, out)
	for _, b := range bs {
		if b.typ != 0 && b.typ != 3 && b.typ != 4 {
			t.Errorf("block type %d survived", b.typ)
		}
	}
	if bs[0].typ != 0 {
		t.Error("STREAMINFO is not first")
	}
	fs := scrubtest.Inspect(t, registry(), "out.flac", out)
	if scrub.Removable(fs) {
		t.Errorf("cleaned output has removable findings: %+v", fs)
	}
	again, _ := scrubtest.Clean(t, registry(), "out.flac", out, scrub.Policy{})
	if !bytes.Equal(again, out) {
		t.Error("cleaning the cleaned output changed it")
	}
}

// sameAudio asserts with ffmpeg that the audio packets and the decoded
// samples of out are those of ref (the input without what cleaning must
// remove around the audio), and that ffmpeg and ffprobe read out without
// a complaint.
func sameAudio(t testing.TB, dir string, ref, out []byte) {
	t.Helper()
	need(t, "ffmpeg", "ffprobe")
	a, b := filepath.Join(dir, "a.flac"), filepath.Join(dir, "b.flac")
	os.WriteFile(a, ref, 0o644)
	os.WriteFile(b, out, 0o644)
	for _, args := range [][]string{
		{"-map", "0:a", "-c", "copy", "-f", "md5", "-"},
		{"-map", "0:a", "-f", "md5", "-"},
	} {
		ma, ea := output(t, "ffmpeg", append([]string{"-v", "error", "-i", a}, args...)...)
		mb, eb := output(t, "ffmpeg", append([]string{"-v", "error", "-i", b}, args...)...)
		if len(ma) == 0 || !bytes.Equal(ma, mb) {
			t.Errorf("ffmpeg %v: %s before, %s after", args, ma, mb)
		}
		// A file cut short makes ffmpeg complain about its last frame,
		// before and after.
		if len(eb) > 0 && len(ea) == 0 {
			t.Errorf("ffmpeg %v complains about the cleaned copy only:\n%s", args, eb)
		}
	}
	la, _ := output(t, "ffprobe", "-v", "error", "-select_streams", "a", "-show_entries", "stream=channel_layout", "-of", "csv=p=0", a)
	lb, eb := output(t, "ffprobe", "-v", "error", "-select_streams", "a", "-show_entries", "stream=channel_layout", "-of", "csv=p=0", b)
	if len(eb) > 0 {
		t.Errorf("ffprobe complains about the cleaned copy:\n%s", eb)
	}
	first := func(b []byte) string {
		l, _, _ := strings.Cut(string(b), "\n")
		return strings.TrimRight(l, ",") // side data (replay gain) adds a column
	}
	if first(la) != first(lb) {
		t.Errorf("channel layout %s before, %s after", la, lb)
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
		t.Fatalf("%s: %v", name, err)
	}
	return o, e.Bytes()
}

func TestClean(t *testing.T) {
	dir := t.TempDir()
	pic := hostile.PNG("FLPIC")
	in := encode(t, dir, 2, pic, "ARTIST=FL-ARTIST", "title=FL-TITLE", "comment=FL-COMMENT",
		"LOCATION=FL-LOCATION", "CONTACT=FL-CONTACT", "ISRC=FLISRC0000001", "DATE=2031-02-03")
	jpg := hostile.JPEG("FLJPG")
	longPic := bytes.Repeat([]byte("FL-PADPIC "), 2000)
	in = insert(t, in,
		flacBlock{3, seekTable([3]uint64{0, 0, 4608}, [3]uint64{^uint64(0), 0x46_4c_2d_53_45_45_4b_31, 0x4b32})},
		flacBlock{2, append([]byte("riff"), "LIST....INFOIART FL-APPLICATION"...)},
		flacBlock{5, cueSheet("FLMCN00000001", "FLISRCTRACK1")},
		flacBlock{6, pictureBlock(14, "image/jpeg", "FL-PICDESC", jpg)},
		flacBlock{6, pictureBlock(3, "-->", "", []byte("https://example.org/FL-LINK"))},
		flacBlock{6, pictureBlock(4, "image/x-unknown", "", longPic)},
		flacBlock{4, vorbisComment("FL-VENDOR2", "PERFORMER=FL-PERFORMER")},
		flacBlock{1, []byte("FL-PADDING-DATA")},
	)
	in = append(id3v2("TPE1", "FL-ID3V2"), in...)
	in = append(in, apev2("Artist", "FL-APE")...)
	in = append(in, id3v1("FL-ID3V1-TITLE", "FL-ID3V1-ARTIST")...)
	planted := []string{"FL-ARTIST", "FL-TITLE", "FL-COMMENT", "FL-LOCATION", "FL-CONTACT", "FLISRC0000001", "2031-02-03",
		"FLPIC-AUTHOR", "FLJPG-ARTIST", "FLJPG-SERIAL", "FLJPG-COMMENT", "FL-PICDESC", "FL-LINK", "FL-PADPIC",
		"FL-APPLICATION", "FLMCN00000001", "FLISRCTRACK1", "FL-SEEK1", "FL-VENDOR2", "FL-PERFORMER",
		"FL-PADDING-DATA", "FL-ID3V2", "FL-APE", "FL-ID3V1-TITLE", "FL-ID3V1-ARTIST", "Lavf"}
	out, fs, ws := cleanBytes(t, in)
	checkClean(t, in, out, planted...)
	if bs, _ := blocks(t, out); string(types(bs)) != "\x00\x03" {
		t.Errorf("blocks %v, want STREAMINFO, SEEKTABLE", types(bs))
	}
	if len(ws) != 0 {
		t.Errorf("warnings: %+v", ws)
	}
	got := map[string]scrub.Label{}
	for _, f := range fs {
		got[f.Value] = f.Label
	}
	for v, l := range map[string]scrub.Label{
		"FL-ARTIST": scrub.LabelAuthor, "FL-LOCATION": scrub.LabelPlace, "FL-CONTACT": scrub.LabelContact,
		"FLISRC0000001": scrub.LabelDocumentID, "FLMCN00000001": scrub.LabelDocumentID, "FLISRCTRACK1": scrub.LabelDocumentID,
		"FLPIC-AUTHOR": scrub.LabelAuthor, "FL-PICDESC": scrub.LabelDescription, "FL-ID3V1-ARTIST": scrub.LabelAuthor,
		"https://example.org/FL-LINK": scrub.LabelLink, "2031-02-03": scrub.LabelCreated,
	} {
		if got[v] != l {
			t.Errorf("%s: label %q, want %q", v, got[v], l)
		}
	}
	bs, audio := blocks(t, in[len(id3v2("TPE1", "FL-ID3V2")):])
	sameAudio(t, dir, build(bs, audio[:len(audio)-len(apev2("Artist", "FL-APE"))-128]), out)
}

// TestChannelMask: the one comment decoders need survives, in a comment
// block with an empty vendor string; everything else goes.
func TestChannelMask(t *testing.T) {
	dir := t.TempDir()
	in := encode(t, dir, 4, nil, "ARTIST=FLM-ARTIST")
	bs, audio := blocks(t, in)
	var fields []string
	for i, b := range bs {
		if b.typ == 4 {
			// 0x0107 is FL FR FC BC, ffmpeg's "4.0", not FLAC's default
			// quad for 4 channels.
			bs[i].data = vorbisComment("FLM-VENDOR", "WAVEFORMATEXTENSIBLE_CHANNEL_MASK=0x0107", "ARTIST=FLM-ARTIST")
		}
	}
	in = build(bs, audio)
	out, _, _ := cleanBytes(t, in)
	checkClean(t, in, out, "FLM-ARTIST", "FLM-VENDOR")
	obs, _ := blocks(t, out)
	for _, b := range obs {
		if b.typ == 4 {
			fields = append(fields, string(b.data))
		}
	}
	if len(fields) != 1 || !strings.Contains(fields[0], "WAVEFORMATEXTENSIBLE_CHANNEL_MASK=0x0107") || !bytes.HasPrefix([]byte(fields[0]), []byte{0, 0, 0, 0, 1, 0, 0, 0}) {
		t.Errorf("comment blocks after cleaning: %q", fields)
	}
	sameAudio(t, dir, in, out)
}

// TestTrailers: data after the last frame goes, whatever it is; the audio
// stays whole.
func TestTrailers(t *testing.T) {
	dir := t.TempDir()
	base := encode(t, dir, 1, nil)
	bs, audio := blocks(t, base)
	clean := build(bs[:1], audio) // what a clean copy of base is
	for name, tail := range map[string][]byte{
		"junk":            []byte("FLT-TRAILING-JUNK-1234567890"),
		"id3v1":           id3v1("FLT-TITLE", "FLT-ARTIST"),
		"ape and id3v1":   append(apev2("Artist", "FLT-APE"), id3v1("FLT-TITLE", "FLT-ARTIST")...),
		"lyrics3":         append([]byte("LYRICSBEGININDFLT-LYRICS"), []byte("000024LYRICS200")...),
		"a zip after":     append([]byte("PK\x03\x04"), bytes.Repeat([]byte("FLT-ZIP "), 10000)...),
		"text after junk": append([]byte{0, 1, 2}, []byte("FLT-AFTER")...),
	} {
		t.Run(name, func(t *testing.T) {
			in := append(append([]byte(nil), base...), tail...)
			out, fs, _ := cleanBytes(t, in)
			if !bytes.Equal(out, clean) {
				t.Errorf("cleaned copy is not the file without its tail (%d bytes, want %d)", len(out), len(clean))
			}
			if !scrub.Removable(fs) {
				t.Error("the tail is not a finding")
			}
		})
	}
	// A file cut short keeps its partial last frame: it is audio.
	cut := base[:len(base)-100]
	out, fs, _ := cleanBytes(t, cut)
	if want := build(bs[:1], audio[:len(audio)-100]); !bytes.Equal(out, want) {
		t.Error("a cut-short file lost audio")
	}
	for _, f := range fs {
		if f.Label == scrub.LabelHiddenData {
			t.Errorf("a cut-short frame reported as hidden data: %+v", f)
		}
	}
}

func TestIdentify(t *testing.T) {
	h := flac.New()
	in := append(id3v2("TIT2", "x"), build([]flacBlock{{0, make([]byte, 34)}}, nil)...)
	for _, tc := range []struct {
		b    []byte
		want string
	}{
		{[]byte("fLaC\x80\x00\x00\x22"), "flac"},
		{in, "flac"},
		{id3v2("TIT2", "an mp3"), ""},
		{append(id3v2("TIT2", "an mp3"), 0xff, 0xfb, 0x90, 0x00), ""},
		{[]byte("OggS\x00\x02"), ""},
		{hostile.PNG("X"), ""},
	} {
		got, err := h.Identify(tc.b[:min(len(tc.b), 4096)], bytes.NewReader(tc.b), int64(len(tc.b)))
		if err != nil || got != tc.want {
			t.Errorf("Identify(% x…) = %q, %v; want %q", tc.b[:min(8, len(tc.b))], got, err, tc.want)
		}
	}
}

// allParts returns the bytes of every part Parts lists.
func allParts(t testing.TB, in []byte) []byte {
	t.Helper()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	var b bytes.Buffer
	err := flac.New().(scrub.PartLister).Parts(context.Background(), env, bytes.NewReader(in), int64(len(in)), func(p scrub.Part) error {
		_, err := b.ReadFrom(p.R)
		b.WriteByte(0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestParts: the parts of a file hold what its metadata holds in plain
// bytes (pictures decoded, their metadata through their own handler), and
// the parts of its clean copy hold none of it, nor the audio.
func TestParts(t *testing.T) {
	dir := t.TempDir()
	in := encode(t, dir, 2, hostile.PNG("FLP"), "ARTIST=FLP-ARTIST")
	in = insert(t, in, flacBlock{4, vorbisComment("v", "METADATA_BLOCK_PICTURE="+base64.StdEncoding.EncodeToString(pictureBlock(3, "image/jpeg", "FLP-B64DESC", hostile.JPEG("FLPJ"))))})
	in = append(id3v2("TPE1", "FLP-ID3"), in...)
	in = append(in, "FLP-TRAILING"...)
	out, _, _ := cleanBytes(t, in)
	before, after := allParts(t, in), allParts(t, out)
	for _, v := range []string{"FLP-ARTIST", "FLP-AUTHOR", "FLP-B64DESC", "FLPJ-ARTIST", "FLPJ-SERIAL", "FLP-ID3", "FLP-TRAILING"} {
		if !bytes.Contains(before, []byte(v)) {
			t.Errorf("the parts of the original do not hold %q", v)
		}
		if bytes.Contains(after, []byte(v)) {
			t.Errorf("the parts of the clean copy hold %q", v)
		}
	}
	if len(after) > 200 {
		t.Errorf("the parts of a clean file are %d bytes: audio listed?", len(after))
	}
}
