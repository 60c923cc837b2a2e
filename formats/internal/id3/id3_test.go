package id3_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/internal/id3"
	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(png.New())
	r.Register(jpeg.New())
	return r
}

func env() *scrub.Env { return scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{}) }

var (
	frame  = hostile.ID3Frame
	text   = hostile.ID3Text
	text16 = hostile.ID3TextUTF16
)

func cat(bs ...[]byte) []byte { return bytes.Join(bs, nil) }

// findings reads the tag at the start of b.
func findings(t *testing.T, b []byte) []scrub.Finding {
	t.Helper()
	h, ok := id3.ParseHeader(b)
	if !ok {
		t.Fatalf("no ID3v2 header in % x", b[:min(len(b), 10)])
	}
	if h.Len() > int64(len(b)) {
		t.Fatalf("tag of %d bytes in %d", h.Len(), len(b))
	}
	fs, err := id3.Findings(context.Background(), env(), bytes.NewReader(b), 0, h, h.Name()+" tag")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Action != scrub.Remove {
			t.Errorf("finding %+v is not Remove", f)
		}
		if !scrub.KnownLabel(f.Label) && !strings.Contains(f.Where, " > APIC") && !strings.Contains(f.Where, " > PIC") {
			t.Errorf("finding %+v has no known label", f)
		}
	}
	return fs
}

type want struct {
	field, value string
	label        scrub.Label
}

func expect(t *testing.T, fs []scrub.Finding, ws ...want) {
	t.Helper()
	for _, w := range ws {
		found := false
		for _, f := range fs {
			if f.Field == w.field && strings.Contains(f.Value, w.value) && (w.label == "" || f.Label == w.label) {
				found = true
			}
		}
		if !found {
			t.Errorf("no finding %s = %q (%s) in:\n%s", w.field, w.value, w.label, dump(fs))
		}
	}
}

func dump(fs []scrub.Finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.Where+" | "+f.Field+" | "+f.Value+" | "+string(f.Label))
	}
	return strings.Join(s, "\n")
}

// V2.4: syncsafe sizes, multiple values, every kind of frame the handlers
// must name, a compressed frame with a data length indicator, an
// unsynchronised frame, an encrypted frame, chapters, a picture with
// metadata of its own.
func TestV24(t *testing.T) {
	pic := hostile.JPEG("ID3PIC")
	chap := frame(4, "CHAP", 0, cat([]byte("ch0\x00"), []byte{0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		frame(4, "TIT2", 0, text("PLANT-CHAPTER"))))
	ctoc := frame(4, "CTOC", 0, cat([]byte("toc\x00\x03\x01ch0\x00"), frame(4, "TIT2", 0, text("PLANT-TOC"))))
	compressed := hostile.Zlib(text("PLANT-COMPRESSED"))
	unsync := hostile.Unsynchronise(cat([]byte{3}, []byte("PLANT-UNSYNC\xff\xe0")))
	body := cat(
		frame(4, "TIT2", 0, text("PLANT-TITLE")),
		frame(4, "TPE1", 0, text("PLANT-ARTIST", "PLANT-ARTIST2")),
		frame(4, "TPE2", 0, text("PLANT-BAND")),
		frame(4, "TCOM", 0, text("PLANT-COMPOSER")),
		frame(4, "TOLY", 0, text("PLANT-LYRICIST")),
		frame(4, "TEXT", 0, text("PLANT-TEXT")),
		frame(4, "TENC", 0, text("PLANT-ENCODEDBY")),
		frame(4, "TSSE", 0, text("PLANT-ENCODER")),
		frame(4, "TDRC", 0, text("2019-07-24T11:25")),
		frame(4, "TOWN", 0, text("PLANT-OWNER")),
		frame(4, "TCOP", 0, text("PLANT-COPYRIGHT")),
		frame(4, "TOFN", 0, text("PLANT-ORIGINAL.wav")),
		frame(4, "COMM", 0, cat([]byte{3}, []byte("eng"), []byte("desc\x00PLANT-COMMENT"))),
		frame(4, "USLT", 0, cat([]byte{3}, []byte("eng"), []byte("\x00PLANT-LYRICS"))),
		frame(4, "TXXX", 0, cat([]byte{3}, []byte("PLANT-KEY\x00PLANT-VALUE"))),
		frame(4, "WXXX", 0, cat([]byte{3}, []byte("home\x00https://plant.example/"))),
		frame(4, "WOAR", 0, []byte("https://artist.example/PLANT-WOAR")),
		frame(4, "PRIV", 0, cat([]byte("WM/MediaClassPrimaryID\x00"), []byte{0xbc, 0x7d, 0x60, 0xd1, 0x23, 0xe3, 0xe2, 0x4b, 0x86, 0xa1, 0x48, 0xa4, 0x2a, 0x28, 0x44, 0x1e})),
		frame(4, "GEOB", 0, cat([]byte{3}, []byte("text/plain\x00PLANT-FILE.txt\x00PLANT-GEOBDESC\x00contents"))),
		frame(4, "UFID", 0, []byte("http://musicbrainz.org\x00PLANT-UFID")),
		frame(4, "MCDI", 0, []byte{0, 0x12, 1, 1, 0, 0x10, 0x01, 0, 0, 0, 0, 0}),
		frame(4, "POPM", 0, []byte("plant@example.org\x00\xff\x00\x00\x00\x05")),
		frame(4, "APIC", 0, cat([]byte{3}, []byte("image/jpeg\x00\x03PLANT-PICDESC\x00"), pic)),
		chap, ctoc,
		frame(4, "TPE3", 0x0009, cat(hostile.Syncsafe(len(text("PLANT-COMPRESSED"))), compressed)),
		frame(4, "TPE4", 0x0002, unsync),
		frame(4, "TIT3", 0x0004|0x0040, []byte{0x80, 0x01, 'x', 'y', 'z'}),
		frame(4, "XYZW", 0, []byte("PLANT-UNKNOWN")),
		make([]byte, 100),
	)
	tag := hostile.ID3Tag(4, 0x10, body) // with a footer
	fs := findings(t, tag)
	expect(t, fs,
		want{"TIT2", "PLANT-TITLE", scrub.LabelTitle},
		want{"TPE1", "PLANT-ARTIST / PLANT-ARTIST2", scrub.LabelAuthor},
		want{"TPE2", "PLANT-BAND", scrub.LabelAuthor},
		want{"TCOM", "PLANT-COMPOSER", scrub.LabelAuthor},
		want{"TOLY", "PLANT-LYRICIST", scrub.LabelPerson},
		want{"TEXT", "PLANT-TEXT", scrub.LabelAuthor},
		want{"TENC", "PLANT-ENCODEDBY", scrub.LabelSoftware},
		want{"TSSE", "PLANT-ENCODER", scrub.LabelSoftware},
		want{"TDRC", "2019-07-24T11:25", scrub.LabelCreated},
		want{"TOWN", "PLANT-OWNER", scrub.LabelCopyright},
		want{"TCOP", "PLANT-COPYRIGHT", scrub.LabelCopyright},
		want{"TOFN", "PLANT-ORIGINAL.wav", scrub.LabelFilePath},
		want{"COMM:desc", "PLANT-COMMENT", scrub.LabelComment},
		want{"USLT", "PLANT-LYRICS", scrub.LabelDescription},
		want{"TXXX:PLANT-KEY", "PLANT-VALUE", scrub.LabelMetadata},
		want{"WXXX:home", "https://plant.example/", scrub.LabelLink},
		want{"WOAR", "PLANT-WOAR", scrub.LabelLink},
		want{"PRIV", "WM/MediaClassPrimaryID: D1607DBC-E323-4BE2-86A1-48A42A28441E", scrub.LabelPrivateData},
		want{"GEOB", "PLANT-FILE.txt, text/plain, 8 bytes: PLANT-GEOBDESC", scrub.LabelAttachment},
		want{"UFID", "PLANT-UFID", scrub.LabelDocumentID},
		want{"MCDI", "", scrub.LabelDocumentID},
		want{"POPM", "plant@example.org", scrub.LabelEmail},
		want{"APIC", "image/jpeg", scrub.LabelEmbeddedPicture},
		want{"CHAP", "ch0 0–1000 ms", scrub.LabelOutline},
		want{"TIT2", "PLANT-CHAPTER", scrub.LabelTitle},
		want{"CTOC", "toc", scrub.LabelOutline},
		want{"TIT2", "PLANT-TOC", scrub.LabelTitle},
		want{"TPE3 (compressed)", "PLANT-COMPRESSED", scrub.LabelPerson},
		want{"TPE4", "PLANT-UNSYNC\xff\xe0", scrub.LabelPerson},
		want{"TIT3", "encrypted", scrub.LabelPrivateData},
		want{"XYZW", "PLANT-UNKNOWN", scrub.LabelMetadata},
		// The picture's own EXIF, through the JPEG handler.
		want{"Artist", "ID3PIC-ARTIST", ""},
		want{"Comment", "ID3PIC-COMMENT", ""},
	)
	for _, f := range fs {
		if f.Value == "ID3PIC-ARTIST" && !strings.HasPrefix(f.Where, "ID3v2.4 tag > APIC (front cover)") {
			t.Errorf("the picture's finding is at %q", f.Where)
		}
		if f.Value == "PLANT-CHAPTER" && f.Where != "ID3v2.4 tag > CHAP ch0" {
			t.Errorf("the chapter's title is at %q", f.Where)
		}
	}
}

// V2.3: plain sizes, UTF-16, whole-tag unsynchronisation, an extended
// header, a compressed frame (decompressed size first), grouping.
func TestV23(t *testing.T) {
	compressed := hostile.Zlib(text16("PLANT-V23Z"))
	body := cat(
		[]byte{0, 0, 0, 6, 0, 0, 0, 0, 0, 0}, // extended header: size 6, no flags, padding size
		frame(3, "TIT2", 0, text16("PLANT-V23TITLE\u00ff\u00e9")),
		frame(3, "TPE1", 0x0080, cat([]byte{0, 0, 0, byte(len(text16("PLANT-V23Z")))}, compressed)),
		frame(3, "TALB", 0x0020, cat([]byte{7}, text16("PLANT-V23GROUPED"))),
		frame(3, "TYER", 0, []byte("\x002004")),
		frame(3, "IPLS", 0, []byte("\x00engineer\x00PLANT-IPLS\x00")),
		make([]byte, 50),
	)
	tag := hostile.ID3Tag(3, 0x80|0x40, hostile.Unsynchronise(body))
	if bytes.Equal(hostile.Unsynchronise(body), body) {
		t.Fatal("the fixture has nothing to unsynchronise")
	}
	fs := findings(t, tag)
	expect(t, fs,
		want{"TIT2", "PLANT-V23TITLE\u00ff\u00e9", scrub.LabelTitle},
		want{"TPE1 (compressed)", "PLANT-V23Z", scrub.LabelAuthor},
		want{"TALB", "PLANT-V23GROUPED", scrub.LabelTitle},
		want{"TYER", "2004", scrub.LabelDate},
		want{"IPLS", "PLANT-IPLS", scrub.LabelPerson},
	)
	for _, f := range fs {
		if f.Label == scrub.LabelHiddenData {
			t.Errorf("unexpected %+v", f)
		}
	}
}

// V2.2: 3-character ids, PIC with a 3-letter image format.
func TestV22(t *testing.T) {
	pic := hostile.PNG("ID3V22PIC")
	body := cat(
		frame(2, "TT2", 0, []byte("\x00PLANT-V22TITLE")),
		frame(2, "TP1", 0, []byte("\x00PLANT-V22ARTIST")),
		frame(2, "COM", 0, []byte("\x00eng\x00PLANT-V22COMMENT")),
		frame(2, "ULT", 0, []byte("\x00eng\x00PLANT-V22LYRICS")),
		frame(2, "TEN", 0, []byte("\x00PLANT-V22ENCODER")),
		frame(2, "PIC", 0, cat([]byte("\x00PNG\x03PLANT-V22PIC\x00"), pic)),
		frame(2, "CRM", 0, []byte("owner@example\x00explained\x00secret")),
	)
	fs := findings(t, hostile.ID3Tag(2, 0, body))
	expect(t, fs,
		want{"TT2", "PLANT-V22TITLE", scrub.LabelTitle},
		want{"TP1", "PLANT-V22ARTIST", scrub.LabelAuthor},
		want{"COM", "PLANT-V22COMMENT", scrub.LabelComment},
		want{"ULT", "PLANT-V22LYRICS", scrub.LabelDescription},
		want{"TEN", "PLANT-V22ENCODER", scrub.LabelSoftware},
		want{"PIC", "image/png", scrub.LabelEmbeddedPicture},
		want{"CRM", "owner@example", scrub.LabelPrivateData},
		want{"Author", "ID3V22PIC-AUTHOR", ""},
	)
	// A compressed 2.2 tag cannot be read: it is described.
	fs = findings(t, hostile.ID3Tag(2, 0x40, body))
	expect(t, fs, want{"compressed tag", "bytes", scrub.LabelHiddenData})
}

// iTunes wrote ID3v2.4 tags with plain (not syncsafe) frame sizes.
func TestPlainSizes(t *testing.T) {
	long := strings.Repeat("x", 200) + "PLANT-ITUNES"
	f := frame(3, "TIT2", 0, text(long)) // a 2.3 frame has a plain size
	body := cat(f, frame(3, "TPE1", 0, text("PLANT-AFTER")))
	fs := findings(t, hostile.ID3Tag(4, 0, body))
	expect(t, fs, want{"TIT2", "PLANT-ITUNES", scrub.LabelTitle}, want{"TPE1", "PLANT-AFTER", scrub.LabelAuthor})
}

func TestEmptyAndPadding(t *testing.T) {
	fs := findings(t, hostile.ID3Tag(3, 0, make([]byte, 1082)))
	if len(fs) != 1 || !fs[0].Minor || fs[0].Action != scrub.Remove {
		t.Errorf("an empty tag: %+v", fs)
	}
	// Data after the frames that is not padding is reported.
	fs = findings(t, hostile.ID3Tag(3, 0, cat(frame(3, "TIT2", 0, text16("t")), make([]byte, 20), []byte("PLANT-HIDDEN"), make([]byte, 20))))
	expect(t, fs, want{"data after the frames", "PLANT-HIDDEN", scrub.LabelHiddenData})
}

func TestV1(t *testing.T) {
	b := hostile.ID3v1("PLANT-V1TITLE", "PLANT-V1ARTIST", "PLANT-V1ALBUM", "2003", "PLANT-V1COMMENT", 7, 12)
	fs := id3.V1Findings(b, "ID3v1 tag")
	expect(t, fs,
		want{"Title", "PLANT-V1TITLE", scrub.LabelTitle},
		want{"Artist", "PLANT-V1ARTIST", scrub.LabelAuthor},
		want{"Album", "PLANT-V1ALBUM", scrub.LabelTitle},
		want{"Year", "2003", scrub.LabelDate},
		want{"Comment", "PLANT-V1COMMENT", scrub.LabelComment},
		want{"Track", "7", ""},
		want{"Genre", "genre 12", scrub.LabelCategory},
	)
	for _, f := range fs {
		if f.Label == scrub.LabelHiddenData {
			t.Errorf("the track number is not hidden data: %+v", f)
		}
	}
	// Text after a field's NUL is hidden from players: it is shown.
	copy(b[33+5:], "\x00PLANT-AFTERNUL")
	expect(t, id3.V1Findings(b, "ID3v1 tag"), want{"Artist (after its end)", "PLANT-AFTERNUL", scrub.LabelHiddenData})
	// An empty tag is a minor finding.
	if fs := id3.V1Findings(hostile.ID3v1("", "", "", "", "", 0, 255), "ID3v1 tag"); len(fs) != 1 || !fs[0].Minor {
		t.Errorf("empty ID3v1: %+v", fs)
	}
	ext := make([]byte, id3.V1ExtLen)
	copy(ext, "TAG+PLANT-EXTTITLE")
	copy(ext[64:], "PLANT-EXTARTIST")
	expect(t, id3.V1ExtFindings(ext, "ID3v1 tag"), want{"Title", "PLANT-EXTTITLE", scrub.LabelTitle}, want{"Artist", "PLANT-EXTARTIST", scrub.LabelAuthor})
}

// Parts yields the tag as stored (pictures through their handler) and what
// had to be decoded: a value only readable once decompressed or
// resynchronised is in some part.
func TestParts(t *testing.T) {
	z := hostile.Zlib(text("PLANT-ONLY-COMPRESSED"))
	pic := hostile.JPEG("PARTPIC")
	body := cat(
		frame(4, "TPE1", 0x0009, cat(hostile.Syncsafe(30), z)),
		frame(4, "APIC", 0, cat([]byte{0}, []byte("image/jpeg\x00\x03\x00"), pic)),
	)
	tag := hostile.ID3Tag(4, 0, body)
	if bytes.Contains(tag, []byte("PLANT-ONLY-COMPRESSED")) {
		t.Fatal("the fixture's value is not compressed")
	}
	h, _ := id3.ParseHeader(tag)
	var all [][]byte
	var wheres []string
	reg := registry()
	e := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
	err := id3.Parts(context.Background(), e, bytes.NewReader(tag), 0, h, "tag", func(p scrub.Part) error {
		b, err := io.ReadAll(p.R)
		all = append(all, b)
		wheres = append(wheres, p.Where)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	joined := bytes.Join(all, nil)
	// The tag as stored, but for the picture, which is listed through its
	// own handler (without its compressed pixels).
	if !bytes.Contains(tag, pic) || !bytes.Equal(all[0], bytes.Replace(tag, pic, nil, 1)) {
		t.Error("the first part is not the tag as stored without the picture's bytes")
	}
	for _, v := range []string{"PLANT-ONLY-COMPRESSED", "PARTPIC-ARTIST"} {
		if !bytes.Contains(joined, []byte(v)) {
			t.Errorf("no part holds %q (parts %q)", v, wheres)
		}
	}
}

func TestHostile(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		tag  []byte
	}{
		{"frame past the tag", hostile.ID3Tag(3, 0, func() []byte {
			f := frame(3, "TIT2", 0, text16("PLANT-CUT"))
			binary.BigEndian.PutUint32(f[4:], 1<<31)
			return f
		}())},
		{"extended header past the tag", hostile.ID3Tag(4, 0x40, []byte{0x7f, 0x7f, 0x7f, 0x7f, 1, 0})},
		{"extended header too small", hostile.ID3Tag(3, 0x40, []byte{0, 0, 0, 1, 0, 0})},
		{"chapters 10000 deep", hostile.ID3Tag(4, 0, func() []byte {
			inner := frame(4, "TIT2", 0, text("deep"))
			for range 10000 {
				inner = frame(4, "CHAP", 0, cat([]byte("c\x00"), make([]byte, 16), inner))
			}
			return inner
		}())},
		{"zlib bomb", hostile.ID3Tag(4, 0, frame(4, "TIT2", 0x0009, cat(hostile.Syncsafe(10), hostile.Zlib(make([]byte, 64<<20)))))},
		{"bad zlib", hostile.ID3Tag(4, 0, frame(4, "TIT2", 0x0009, cat(hostile.Syncsafe(10), []byte("not zlib"))))},
		{"frame flags cut", hostile.ID3Tag(4, 0, frame(4, "TIT2", 0x0041, []byte{1}))},
		{"unsync tag ending in 0xFF", hostile.ID3Tag(3, 0x80, []byte("TIT2\x00\x00\x00\x02\x00\x00\x00\xff"))},
		{"20001 empty frames", hostile.ID3Tag(3, 0, bytes.Repeat(frame(3, "TIT2", 0, nil), 25000))},
		{"UTF-16 odd length", hostile.ID3Tag(3, 0, frame(3, "TIT2", 0, []byte{1, 0xff, 0xfe, 'a'}))},
		{"APIC without data", hostile.ID3Tag(3, 0, frame(3, "APIC", 0, []byte{0}))},
		{"CTOC with too many children", hostile.ID3Tag(4, 0, frame(4, "CTOC", 0, []byte("t\x00\x03\xffa\x00")))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, ok := id3.ParseHeader(tc.tag)
			if !ok {
				t.Fatal("no header")
			}
			e := scrub.NewEnv(registry(), scrub.Limits{MaxTotalSize: 32 << 20}, scrub.Policy{})
			fs, err := id3.Findings(ctx, e, bytes.NewReader(tc.tag), 0, h, "tag")
			if err != nil && !errors.Is(err, scrub.ErrLimit) {
				t.Fatalf("Findings: %v", err)
			}
			if err == nil && !scrub.Removable(fs) {
				t.Error("nothing listed")
			}
			if err := id3.Parts(ctx, e, bytes.NewReader(tc.tag), 0, h, "tag", func(p scrub.Part) error {
				_, err := io.Copy(io.Discard, p.R)
				return err
			}); err != nil && !errors.Is(err, scrub.ErrLimit) {
				t.Fatalf("Parts: %v", err)
			}
		})
	}
}

func TestParseHeader(t *testing.T) {
	for _, tc := range []struct {
		b  string
		ok bool
	}{
		{"ID3\x04\x00\x00\x00\x00\x01\x00", true},
		{"ID3\x02\x00\x00\x00\x00\x00\x00", true},
		{"ID3\x05\x00\x00\x00\x00\x00\x00", false}, // version 5: ignore
		{"ID3\x01\x00\x00\x00\x00\x00\x00", false},
		{"ID3\x03\xff\x00\x00\x00\x00\x00", false},
		{"ID3\x03\x00\x00\x80\x00\x00\x00", false}, // not syncsafe
		{"ID3\x03\x00\x00\x00\x00\x00", false},     // short
		{"3DI\x04\x00\x10\x00\x00\x00\x00", false},
	} {
		if _, ok := id3.ParseHeader([]byte(tc.b)); ok != tc.ok {
			t.Errorf("ParseHeader(%q) = %v", tc.b, ok)
		}
	}
	if h, ok := id3.ParseFooter([]byte("3DI\x04\x00\x10\x00\x00\x01\x00")); !ok || h.Len() != 128+20 {
		t.Errorf("ParseFooter: %+v %v", h, ok)
	}
	if _, ok := id3.ParseFooter([]byte("3DI\x04\x00\x00\x00\x00\x01\x00")); ok {
		t.Error("a footer without the footer flag")
	}
}
