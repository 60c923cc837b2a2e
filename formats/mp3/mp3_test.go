package mp3_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/formats/mp3"
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(mp3.New())
	r.Register(png.New())
	r.Register(jpeg.New())
	return r
}

var (
	frame  = hostile.ID3Frame
	text   = hostile.ID3Text
	text16 = hostile.ID3TextUTF16
)

func cat(bs ...[]byte) []byte { return bytes.Join(bs, nil) }

var bases struct {
	once     sync.Once
	cbr, vbr []byte
}

// base returns an MP3 without tags: ffmpeg's (LAME, with an Info or Xing
// header and LAME's tag) if ffmpeg is installed, else frames of silence.
func base(t testing.TB, vbr bool) []byte {
	t.Helper()
	bases.once.Do(func() {
		if _, err := exec.LookPath("ffmpeg"); err != nil {
			return
		}
		dir, err := os.MkdirTemp("", "scrub-mp3")
		if err != nil {
			return
		}
		defer os.RemoveAll(dir)
		make := func(name string, q ...string) []byte {
			out := filepath.Join(dir, name)
			args := append([]string{"-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-c:a", "libmp3lame"}, q...)
			args = append(args, "-id3v2_version", "0", "-write_id3v1", "0", "-fflags", "+bitexact", out)
			if err := exec.Command("ffmpeg", args...).Run(); err != nil {
				return nil
			}
			b, _ := os.ReadFile(out)
			return b
		}
		bases.cbr = make("cbr.mp3", "-b:a", "128k")
		bases.vbr = make("vbr.mp3", "-q:a", "4")
	})
	b := bases.cbr
	if vbr {
		b = bases.vbr
	}
	if b == nil {
		return hostile.MP3Silence(120)
	}
	return b
}

func needFFmpeg(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"ffmpeg", "ffprobe"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
}

// Planted values: each unique, each in one place of dirty.
var planted = []string{
	"PLANT-V22TITLE", "PLANT-V22ARTIST", "PLANT-V22COMMENT",
	"PLANT-V23TITLE", "PLANT-V23ALBUM", "PLANT-V23PRIV",
	"PLANT-TIT2", "PLANT-TPE1", "PLANT-TPE2", "PLANT-TCOM", "PLANT-TOLY", "PLANT-TEXT", "PLANT-TENC", "PLANT-TSSE",
	"2031-01-02T03:04", "PLANT-TOWN", "PLANT-TCOP", "PLANT-COMM", "PLANT-USLT", "PLANT-TXXX", "PLANT-WXXX",
	"PLANT-PRIVOWNER", "PLANT-PRIVDATA", "PLANT-GEOBFILE", "PLANT-GEOBDATA", "PLANT-UFID", "PLANT-CHAPTITLE", "PLANT-CTOC",
	"plant-popm@example.org", "PLANT-UNKNOWNFRAME",
	"APIC24-ARTIST", "APIC24-SERIAL", "APIC23-AUTHOR", "PIC22-ARTIST",
	"PLANT-APPENDED", "PLANT-APEARTIST", "PLANT-APETITLE", "APECOVER-AUTHOR", "PLANT-LYRICSAUTHOR", "PLANT-LYRICS",
	"PLANT-V1TITLE", "PLANT-V1ARTIST", "PLANT-V1COMMENT", "PLANT-TAGPLUS",
}

// Values only readable decoded: a compressed frame.
const plantedCompressed = "PLANT-COMPRESSED"

func v22Tag() []byte {
	return hostile.ID3Tag(2, 0, cat(
		frame(2, "TT2", 0, []byte("\x00PLANT-V22TITLE")),
		frame(2, "TP1", 0, []byte("\x00PLANT-V22ARTIST")),
		frame(2, "COM", 0, []byte("\x00eng\x00PLANT-V22COMMENT")),
		frame(2, "PIC", 0, cat([]byte("\x00JPG\x03\x00"), hostile.JPEG("PIC22"))),
		make([]byte, 32),
	))
}

func v23Tag() []byte {
	body := cat(
		[]byte{0, 0, 0, 6, 0, 0, 0, 0, 0, 0}, // extended header
		frame(3, "TIT2", 0, text16("PLANT-V23TITLE\u00ff")),
		frame(3, "TALB", 0, text16("PLANT-V23ALBUM")),
		frame(3, "PRIV", 0, []byte("PLANT-V23PRIV\x00\xff\xfb\x90\x44")),
		frame(3, "APIC", 0, cat([]byte("\x00image/png\x00\x03\x00"), hostile.PNG("APIC23"))),
		make([]byte, 64),
	)
	return hostile.ID3Tag(3, 0x80|0x40, hostile.Unsynchronise(body))
}

func v24Tag(footer bool, values ...string) []byte {
	v := func(i int, def string) string {
		if i < len(values) {
			return values[i]
		}
		return def
	}
	body := cat(
		frame(4, "TIT2", 0, text(v(0, "PLANT-TIT2"))),
		frame(4, "TPE1", 0, text("PLANT-TPE1")),
		frame(4, "TPE2", 0, text("PLANT-TPE2")),
		frame(4, "TCOM", 0, text("PLANT-TCOM")),
		frame(4, "TOLY", 0, text("PLANT-TOLY")),
		frame(4, "TEXT", 0, text("PLANT-TEXT")),
		frame(4, "TENC", 0, text("PLANT-TENC")),
		frame(4, "TSSE", 0, text("PLANT-TSSE")),
		frame(4, "TDRC", 0, text("2031-01-02T03:04")),
		frame(4, "TOWN", 0, text("PLANT-TOWN")),
		frame(4, "TCOP", 0, text("PLANT-TCOP")),
		frame(4, "COMM", 0, []byte("\x03engd\x00PLANT-COMM")),
		frame(4, "USLT", 0, []byte("\x03eng\x00PLANT-USLT")),
		frame(4, "TXXX", 0, []byte("\x03key\x00PLANT-TXXX")),
		frame(4, "WXXX", 0, []byte("\x03\x00https://example.org/PLANT-WXXX")),
		frame(4, "PRIV", 0, []byte("PLANT-PRIVOWNER\x00PLANT-PRIVDATA")),
		frame(4, "GEOB", 0, []byte("\x03text/plain\x00PLANT-GEOBFILE\x00\x00PLANT-GEOBDATA")),
		frame(4, "UFID", 0, []byte("owner\x00PLANT-UFID")),
		frame(4, "MCDI", 0, []byte{0, 10, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0x96}),
		frame(4, "POPM", 0, []byte("plant-popm@example.org\x00\x80\x00\x00\x00\x09")),
		frame(4, "APIC", 0, cat([]byte("\x03image/jpeg\x00\x03cover\x00"), hostile.JPEG("APIC24"))),
		frame(4, "CHAP", 0, cat([]byte("ch1\x00"), make([]byte, 16), frame(4, "TIT2", 0, text("PLANT-CHAPTITLE")))),
		frame(4, "CTOC", 0, cat([]byte("toc\x00\x03\x01ch1\x00"), frame(4, "TIT2", 0, text("PLANT-CTOC")))),
		frame(4, "TPE3", 0x0009, cat(hostile.Syncsafe(17), hostile.Zlib(text(plantedCompressed)))),
		frame(4, "TPE4", 0x0002, hostile.Unsynchronise([]byte("\x03\xff\xe0\xff"))),
		frame(4, "ZZZZ", 0, []byte("PLANT-UNKNOWNFRAME")),
		make([]byte, 128),
	)
	var flags byte
	if footer {
		flags = 0x10
	}
	return hostile.ID3Tag(4, flags, body)
}

func tagPlus() []byte {
	b := make([]byte, 227)
	copy(b, "TAG+PLANT-TAGPLUS")
	return b
}

// tail returns the tags written after the audio: an appended ID3v2.4 tag
// with its footer, APEv2, Lyrics3v2, and ID3v1 with its TAG+ extension.
func tail() []byte {
	return cat(
		hostile.ID3Tag(4, 0x10, frame(4, "TIT2", 0, text("PLANT-APPENDED"))),
		hostile.APEv2(
			hostile.APEItem{Key: "Artist", Value: []byte("PLANT-APEARTIST")},
			hostile.APEItem{Key: "Title", Value: []byte("PLANT-APETITLE")},
			hostile.APEItem{Key: "REPLAYGAIN_TRACK_GAIN", Value: []byte("-4.08 dB")},
			hostile.APEItem{Key: "Cover Art (Front)", Value: cat([]byte("cover.png\x00"), hostile.PNG("APECOVER")), Flags: 2},
		),
		hostile.Lyrics3v2([2]string{"IND", "10"}, [2]string{"AUT", "PLANT-LYRICSAUTHOR"}, [2]string{"LYR", "PLANT-LYRICS"}),
		tagPlus(),
		hostile.ID3v1("PLANT-V1TITLE", "PLANT-V1ARTIST", "", "1999", "PLANT-V1COMMENT", 3, 12),
	)
}

// dirty is base with every tag scrub removes, before and after the audio.
func dirty(t testing.TB, vbr bool) []byte {
	return cat(v22Tag(), v23Tag(), v24Tag(false), base(t, vbr), tail())
}

func TestRoundTrip(t *testing.T) {
	for _, vbr := range []bool{false, true} {
		reg := registry()
		in := dirty(t, vbr)
		out := scrubtest.RoundTrip(t, reg, "dirty.mp3", in, planted...)
		if !bytes.Equal(out, base(t, vbr)) {
			t.Errorf("vbr %v: the cleaned file (%d bytes) is not the audio as it was (%d bytes)", vbr, len(out), len(base(t, vbr)))
		}
		if !bytes.Contains(in, []byte(plantedCompressed)) && scrubtest.Contains(out, plantedCompressed) {
			t.Error("the compressed value survived")
		}
	}
}

func TestFindings(t *testing.T) {
	fs := scrubtest.Inspect(t, registry(), "dirty.mp3", dirty(t, false))
	for _, f := range fs {
		if !scrub.KnownLabel(f.Label) && !strings.Contains(f.Where, " > ") {
			t.Errorf("no known label: %+v", f)
		}
	}
	for _, w := range []struct {
		where, field, value string
		label               scrub.Label
	}{
		{"ID3v2.2 tag", "TT2", "PLANT-V22TITLE", scrub.LabelTitle},
		{"ID3v2.2 tag", "TP1", "PLANT-V22ARTIST", scrub.LabelAuthor},
		{"ID3v2.2 tag", "PIC", "image/jpg", scrub.LabelEmbeddedPicture},
		{"ID3v2.2 tag > PIC (front cover)", "Artist", "PIC22-ARTIST", ""},
		{"ID3v2.3 tag", "TIT2", "PLANT-V23TITLE\u00ff", scrub.LabelTitle},
		{"ID3v2.3 tag", "PRIV", "PLANT-V23PRIV", scrub.LabelPrivateData},
		{"ID3v2.3 tag > APIC (front cover)", "Author", "APIC23-AUTHOR", ""},
		{"ID3v2.4 tag", "TPE1", "PLANT-TPE1", scrub.LabelAuthor},
		{"ID3v2.4 tag", "TOLY", "PLANT-TOLY", scrub.LabelPerson},
		{"ID3v2.4 tag", "TENC", "PLANT-TENC", scrub.LabelSoftware},
		{"ID3v2.4 tag", "TDRC", "2031-01-02T03:04", scrub.LabelCreated},
		{"ID3v2.4 tag", "TOWN", "PLANT-TOWN", scrub.LabelCopyright},
		{"ID3v2.4 tag", "COMM:d", "PLANT-COMM", scrub.LabelComment},
		{"ID3v2.4 tag", "USLT", "PLANT-USLT", scrub.LabelDescription},
		{"ID3v2.4 tag", "TXXX:key", "PLANT-TXXX", scrub.LabelMetadata},
		{"ID3v2.4 tag", "WXXX", "PLANT-WXXX", scrub.LabelLink},
		{"ID3v2.4 tag", "PRIV", "PLANT-PRIVOWNER: 14 bytes: PLANT-PRIVDATA", scrub.LabelPrivateData},
		{"ID3v2.4 tag", "GEOB", "PLANT-GEOBFILE", scrub.LabelAttachment},
		{"ID3v2.4 tag", "UFID", "PLANT-UFID", scrub.LabelDocumentID},
		{"ID3v2.4 tag", "MCDI", "", scrub.LabelDocumentID},
		{"ID3v2.4 tag", "POPM", "plant-popm@example.org", scrub.LabelEmail},
		{"ID3v2.4 tag", "APIC", "image/jpeg", scrub.LabelEmbeddedPicture},
		{"ID3v2.4 tag > APIC (front cover)", "BodySerialNumber", "APIC24-SERIAL", ""},
		{"ID3v2.4 tag > CHAP ch1", "TIT2", "PLANT-CHAPTITLE", scrub.LabelTitle},
		{"ID3v2.4 tag > CTOC toc", "TIT2", "PLANT-CTOC", scrub.LabelTitle},
		{"ID3v2.4 tag", "TPE3 (compressed)", plantedCompressed, scrub.LabelPerson},
		{"ID3v2.4 tag", "ZZZZ", "PLANT-UNKNOWNFRAME", scrub.LabelMetadata},
		{"ID3v2.4 tag at the end", "TIT2", "PLANT-APPENDED", scrub.LabelTitle},
		{"APEv2 tag", "Artist", "PLANT-APEARTIST", scrub.LabelAuthor},
		{"APEv2 tag", "Title", "PLANT-APETITLE", scrub.LabelTitle},
		{"APEv2 tag", "REPLAYGAIN_TRACK_GAIN", "-4.08 dB", scrub.LabelSettings},
		{"APEv2 tag", "Cover Art (Front)", "cover.png", scrub.LabelEmbeddedPicture},
		{"APEv2 tag > Cover Art (Front)", "Author", "APECOVER-AUTHOR", ""},
		{"Lyrics3v2 tag", "AUT", "PLANT-LYRICSAUTHOR", scrub.LabelAuthor},
		{"Lyrics3v2 tag", "LYR", "PLANT-LYRICS", scrub.LabelDescription},
		{"ID3v1 tag", "Title", "PLANT-TAGPLUS", scrub.LabelTitle},
		{"ID3v1 tag", "Title", "PLANT-V1TITLE", scrub.LabelTitle},
		{"ID3v1 tag", "Artist", "PLANT-V1ARTIST", scrub.LabelAuthor},
		{"ID3v1 tag", "Comment", "PLANT-V1COMMENT", scrub.LabelComment},
	} {
		found := false
		for _, f := range fs {
			if strings.HasPrefix(f.Where, w.where) && f.Field == w.field && strings.Contains(f.Value, w.value) && (w.label == "" || f.Label == w.label) && f.Action == scrub.Remove {
				found = true
			}
		}
		if !found {
			t.Errorf("no finding %s | %s | %q (%s)", w.where, w.field, w.value, w.label)
		}
	}
	if _, err := exec.LookPath("ffmpeg"); err == nil {
		// The Info frame's encoder name is kept and said so.
		found := false
		for _, f := range fs {
			if f.Field == "encoder" && f.Action == scrub.Report && f.Label == scrub.LabelSoftware && f.Minor {
				found = true
			}
		}
		if !found {
			t.Error("no report of the encoder in the Info frame")
		}
	}
}

// The LAME/Xing header is kept byte for byte; data hidden after it in the
// frame (which holds no audio) is zeroed.
func TestXing(t *testing.T) {
	needFFmpeg(t)
	for _, vbr := range []bool{false, true} {
		b := base(t, vbr)
		magic := "Info"
		if vbr {
			magic = "Xing"
		}
		if i := bytes.Index(b[:64], []byte(magic)); i < 0 || !bytes.Contains(b[:256], []byte("Lavf")) {
			t.Fatalf("vbr %v: no %s/LAME header in ffmpeg's MP3", vbr, magic)
		}
		out, _ := scrubtest.Clean(t, registry(), "x.mp3", cat(v24Tag(false), b), scrub.Policy{})
		if !bytes.Equal(out[:256], b[:256]) {
			t.Errorf("vbr %v: the %s frame changed", vbr, magic)
		}
	}
	// The CBR Info frame is 417 bytes; LAME's tag ends at byte 192.
	b := base(t, false)
	in := append([]byte(nil), b...)
	copy(in[300:], "PLANT-XINGTAIL")
	out := scrubtest.RoundTrip(t, registry(), "x.mp3", in, "PLANT-XINGTAIL")
	if !bytes.Equal(out, b) {
		t.Error("the Info frame was not restored to zeros, or changed otherwise")
	}
}

// What lies between the tags and the audio, or between frames, and is not
// audio, is dropped and reported: junk, the tags of a second file joined
// to the first, an ID3v1 tag in the middle.
func TestJunk(t *testing.T) {
	b := base(t, false)
	junk := []byte(strings.Repeat("PLANT-JUNK ", 100))
	in := cat(v24Tag(false), junk, b, v24Tag(false, "PLANT-SECONDFILE"), b, hostile.ID3v1("PLANT-MIDV1", "", "", "", "", 0, 255), b, []byte("PLANT-AFTERAUDIO"), make([]byte, 600))
	reg := registry()
	out := scrubtest.RoundTrip(t, reg, "junk.mp3", in, "PLANT-JUNK", "PLANT-SECONDFILE", "PLANT-MIDV1", "PLANT-AFTERAUDIO")
	if !bytes.Equal(out, cat(b, b, b)) {
		t.Errorf("the cleaned file (%d bytes) is not the three audio streams (%d bytes)", len(out), 3*len(b))
	}
	fs := scrubtest.Inspect(t, reg, "junk.mp3", in)
	for _, w := range [][2]string{
		{"before the audio", "PLANT-JUNK"},
		{"ID3v2.4 tag", "PLANT-SECONDFILE"},
		{"ID3v1 tag", "PLANT-MIDV1"},
		{"after the audio", "PLANT-AFTERAUDIO"},
	} {
		found := false
		for _, f := range fs {
			if f.Where == w[0] && strings.Contains(f.Value, w[1]) && f.Action == scrub.Remove {
				found = true
			}
		}
		if !found {
			t.Errorf("no finding at %s with %s", w[0], w[1])
		}
	}
	// Zeros before the audio are a minor finding.
	in = cat(v24Tag(false), make([]byte, 3000), b)
	found := false
	for _, f := range scrubtest.Inspect(t, reg, "zeros.mp3", in) {
		found = found || f.Where == "before the audio" && f.Minor && f.Label == scrub.LabelHiddenData
	}
	if !found {
		t.Error("zero padding before the audio is not a minor finding")
	}
}

// A frame cut short by a file cut and joined stays: decoders skip it, and
// the frames after it are kept whole (mutagen's apev2-lyricsv2.mp3 has
// one right after its Info frame).
func TestCutFrame(t *testing.T) {
	b := base(t, false)
	i := bytes.Index(b[4:], b[:2]) + 4 // the second frame
	j := bytes.Index(b[i+4:], b[:2]) + i + 4
	cut := cat(b[:j-100], b[j:]) // the second frame loses its last 100 bytes
	out := scrubtest.RoundTrip(t, registry(), "cut.mp3", cat(v24Tag(false), cut), "PLANT-TPE1")
	if !bytes.Equal(out, cut) {
		t.Error("the audio changed")
	}
	// Files joined after the first was cut inside a frame: the second
	// file's tag inside what looks like the cut frame goes; so does a tag
	// after a last frame cut short.
	j2 := j - 300
	joined := cat(v24Tag(false), b[:j2], v24Tag(false, "PLANT-JOINEDTAG"), b, b[:j2], hostile.ID3v1("PLANT-CUTV1", "", "", "", "", 0, 255)[:100])
	out = scrubtest.RoundTrip(t, registry(), "joined.mp3", joined, "PLANT-TPE1", "PLANT-JOINEDTAG", "PLANT-CUTV1")
	if !bytes.Equal(out, cat(b[:j2], b, b[:j2])) {
		t.Error("the audio of joined files changed")
	}
	// A file cut in its last frame keeps it.
	out = scrubtest.RoundTrip(t, registry(), "end.mp3", cat(v24Tag(false), b[:len(b)-50]), "PLANT-TPE1")
	if !bytes.Equal(out, b[:len(b)-50]) {
		t.Error("the cut last frame was not kept")
	}
}

func TestAlreadyClean(t *testing.T) {
	in := base(t, false)
	reg := registry()
	fs := scrubtest.Inspect(t, reg, "c.mp3", in)
	if scrub.Removable(fs) {
		t.Errorf("findings on a clean file: %+v", fs)
	}
	out, _ := scrubtest.Clean(t, reg, "c.mp3", in, scrub.Policy{})
	if !bytes.Equal(in, out) {
		t.Error("cleaning a clean file changed it")
	}
}

func TestIdentify(t *testing.T) {
	h := mp3.New()
	b := base(t, false)
	flac := cat(hostile.ID3Tag(3, 0, frame(3, "TIT2", 0, text16("x"))), []byte("fLaC\x00\x00\x00\x22"), make([]byte, 100))
	adts := bytes.Repeat([]byte{0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 100)
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"ffmpeg", b, "mp3"},
		{"silence", hostile.MP3Silence(3), "mp3"},
		{"tagged", dirty(t, false), "mp3"},
		{"tag and junk before the audio", cat(v24Tag(false), make([]byte, 5000), []byte("junk"), b), "mp3"},
		{"tag only", v23Tag(), "mp3"},
		{"tag past the end", v23Tag()[:100], "mp3"},
		{"ID3 and FLAC", flac, ""},
		{"ID3 and text", cat(v23Tag(), bytes.Repeat([]byte("text "), 1000)), ""},
		{"AAC (ADTS)", adts, ""},
		{"one frame header and text", cat(hostile.MPEGFrame, bytes.Repeat([]byte("text "), 1000)), ""},
		{"two frames and text", cat(hostile.MP3Silence(2), bytes.Repeat([]byte("text "), 1000)), "mp3"},
		{"a frame and a frame of another stream", cat(hostile.MP3Silence(1), []byte{0xff, 0xf3, 0x90, 0x44}, bytes.Repeat([]byte("text "), 1000)), ""},
		{"JPEG", hostile.JPEG("X"), ""},
		{"WAV", hostile.WAV("X"), ""},
		{"empty", nil, ""},
	} {
		head := tc.in[:min(len(tc.in), 4096)]
		if got, err := h.Identify(head, bytes.NewReader(tc.in), int64(len(tc.in))); err != nil || got != tc.want {
			t.Errorf("%s: Identify = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
	f := h.Formats()
	if len(f) != 1 || f[0].Name != "mp3" || len(f[0].MediaTypes) == 0 || f[0].MediaTypes[0] != "audio/mpeg" {
		t.Errorf("Formats() = %+v", f)
	}
}

func malformedCases(t testing.TB) []struct {
	name string
	data []byte
	kind error
} {
	b := base(t, false)
	huge := cat(v23Tag(), b)
	copy(huge[6:10], hostile.Syncsafe(1<<28-1))
	ape := hostile.APEv2(hostile.APEItem{Key: "Artist", Value: []byte("x")})
	apeLie := append([]byte(nil), ape...)
	binary.LittleEndian.PutUint32(apeLie[len(apeLie)-32+12:], 1<<30)
	apeShort := append([]byte(nil), ape...)
	binary.LittleEndian.PutUint32(apeShort[len(apeShort)-32+12:], 40) // header flag set, no header there
	lyr := hostile.Lyrics3v2([2]string{"EAR", "x"})
	lyrLie := append([]byte(nil), lyr...)
	copy(lyrLie[len(lyrLie)-15:], "000005")
	lyrBad := append([]byte(nil), lyr...)
	copy(lyrBad[len(lyrBad)-15:], "0x0005")
	return []struct {
		name string
		data []byte
		kind error
	}{
		{"ID3 size past the end", huge, scrub.ErrMalformed},
		{"tag only", v23Tag(), scrub.ErrMalformed},
		{"tags at both ends only", cat(v23Tag(), tail()), scrub.ErrMalformed},
		{"APE size past the start", cat(b, apeLie), scrub.ErrMalformed},
		{"APE size short of its header", cat(b, apeShort), scrub.ErrMalformed},
		{"Lyrics3 size lie", cat(b, lyrLie), scrub.ErrMalformed},
		{"Lyrics3 size not a number", cat(b, lyrBad), scrub.ErrMalformed},
		{"no audio after the tag", cat(v23Tag(), bytes.Repeat([]byte("text "), 100)), scrub.ErrMalformed},
	}
}

func TestMalformed(t *testing.T) {
	h := mp3.New()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	for _, tc := range malformedCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			r := bytes.NewReader(tc.data)
			if _, err := h.Inspect(context.Background(), env, r, int64(len(tc.data))); !errors.Is(err, tc.kind) {
				t.Errorf("Inspect: %v, want %v", err, tc.kind)
			}
			_, err := h.Clean(context.Background(), env, r, int64(len(tc.data)), io.Discard)
			if !errors.Is(err, tc.kind) {
				t.Errorf("Clean: %v, want %v", err, tc.kind)
			}
			var fe *scrub.FormatError
			if !errors.As(err, &fe) || fe.Reason == "" || strings.Contains(fe.Reason, "--") {
				t.Errorf("error %v carries no plain reason", err)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	b := base(t, false)
	h := mp3.New()
	many := cat(bytes.Repeat(hostile.ID3Tag(3, 0, nil), 30), b)
	env := scrub.NewEnv(registry(), scrub.Limits{MaxMembers: 10}, scrub.Policy{})
	if _, err := h.Inspect(context.Background(), env, bytes.NewReader(many), int64(len(many))); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("30 tags, limit 10: %v", err)
	}
	var gaps []byte
	for range 30 {
		gaps = cat(gaps, hostile.MP3Silence(3), []byte("junk"))
	}
	if _, err := h.Inspect(context.Background(), env, bytes.NewReader(gaps), int64(len(gaps))); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("30 gaps, limit 10: %v", err)
	}
}

func TestCancel(t *testing.T) {
	in := dirty(t, false)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	if _, err := mp3.New().Inspect(ctx, env, bytes.NewReader(in), int64(len(in))); !errors.Is(err, context.Canceled) {
		t.Errorf("Inspect with a cancelled context: %v", err)
	}
	if _, err := mp3.New().Clean(ctx, env, bytes.NewReader(in), int64(len(in)), io.Discard); !errors.Is(err, context.Canceled) {
		t.Errorf("Clean with a cancelled context: %v", err)
	}
}

// Parts yields every tag (decoded where it has to be, pictures through
// their handler) and the Info frame, and no audio.
func TestParts(t *testing.T) {
	reg := registry()
	parts := func(in []byte) ([]byte, int64) {
		pl := mp3.New().(scrub.PartLister)
		var all bytes.Buffer
		var n int64
		env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
		err := pl.Parts(context.Background(), env, bytes.NewReader(in), int64(len(in)), func(p scrub.Part) error {
			k, err := io.Copy(&all, p.R)
			n += k
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return all.Bytes(), n
	}
	in := dirty(t, false)
	all, _ := parts(in)
	for _, v := range append([]string{plantedCompressed}, planted...) {
		if !scrubtest.Contains(all, v) {
			t.Errorf("no part holds %q", v)
		}
	}
	b := base(t, false)
	clean, n := parts(b)
	if n >= 4096 {
		t.Errorf("the parts of a clean file hold %d bytes: audio is listed", n)
	}
	if _, err := exec.LookPath("ffmpeg"); err == nil && !bytes.Contains(clean, []byte("Info")) {
		t.Error("the Info frame is not a part")
	}
}

// Real programs read the cleaned file as they read the original: the
// same audio packets and decoded samples, the same duration (the Info
// header kept), no error. ffmpeg reads Lyrics3, TAG+ and appended ID3v2
// tags as broken audio packets ("Header missing"): with those, the
// decoded samples are still the same.
func TestFFmpeg(t *testing.T) {
	needFFmpeg(t)
	dir := t.TempDir()
	for _, vbr := range []bool{false, true} {
		understood := cat(v22Tag(), v23Tag(), v24Tag(false), base(t, vbr), hostile.APEv2(hostile.APEItem{Key: "Artist", Value: []byte("PLANT-APE")}),
			hostile.ID3v1("PLANT-V1", "", "", "", "", 0, 255))
		for i, in := range [][]byte{understood, dirty(t, vbr)} {
			out, _ := scrubtest.Clean(t, registry(), "in.mp3", in, scrub.Policy{})
			src, dst := filepath.Join(dir, "in.mp3"), filepath.Join(dir, "out.mp3")
			os.WriteFile(src, in, 0o644)
			os.WriteFile(dst, out, 0o644)
			sameAudio(t, src, dst, i == 0)
		}
	}
}

// sameAudio compares what ffmpeg and ffprobe make of two files: the
// decoded samples, and if packets is set the audio packets as stored;
// the cleaned file must read without an error.
func sameAudio(t *testing.T, src, dst string, packets bool) {
	t.Helper()
	run := func(name string, args ...string) string {
		out, err := exec.Command(name, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out)
	}
	md5 := func(s string) string { // the MD5 line, without decoding warnings
		if i := strings.Index(s, "MD5="); i >= 0 {
			return s[i:]
		}
		return s
	}
	checks := [][]string{{"-v", "error", "-i", "%", "-map", "0:a", "-f", "md5", "-"}}
	if packets {
		checks = append(checks, []string{"-v", "error", "-i", "%", "-map", "0:a", "-c", "copy", "-f", "md5", "-"})
	}
	for _, args := range checks {
		a := run("ffmpeg", replace(args, src)...)
		b := run("ffmpeg", replace(args, dst)...)
		if !strings.HasPrefix(b, "MD5=") || md5(a) != b || packets && a != b {
			t.Errorf("ffmpeg %v: %q before, %q after", args, a, b)
		}
	}
	if e := run("ffprobe", "-v", "error", dst); e != "" {
		t.Errorf("ffprobe reports errors on the cleaned file: %s", e)
	}
	dur := []string{"-v", "error", "-select_streams", "a", "-show_entries", "format=duration:stream=duration,nb_frames", "-of", "csv=p=0", "%"}
	if a, b := run("ffprobe", replace(dur, src)...), run("ffprobe", replace(dur, dst)...); a != b {
		t.Errorf("duration changed: %q before, %q after", a, b)
	}
}

func replace(args []string, path string) []string {
	out := append([]string(nil), args...)
	for i, a := range out {
		if a == "%" {
			out[i] = path
		}
	}
	return out
}

func BenchmarkClean(b *testing.B) {
	audio := bytes.Repeat(base(b, false), 100)
	in := cat(v24Tag(false), audio, tail())
	h := mp3.New()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for range b.N {
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(in), int64(len(in)), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
