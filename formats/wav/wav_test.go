package wav_test

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
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/formats/wav"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(wav.New())
	r.Register(png.New())
	r.Register(jpeg.New())
	return r
}

var chunk = hostile.RIFFChunk

func cat(bs ...[]byte) []byte { return bytes.Join(bs, nil) }

var bases struct {
	once      sync.Once
	fmt, data []byte
}

// base returns the fmt and data chunk payloads of a WAV that ffmpeg made
// (a sine, 16-bit PCM), or of 8 kHz silence if ffmpeg is not installed.
func base(t testing.TB) (fmtData, data []byte) {
	t.Helper()
	bases.once.Do(func() {
		bases.fmt, bases.data = hostile.WAVFmt, make([]byte, 16000)
		if _, err := exec.LookPath("ffmpeg"); err != nil {
			return
		}
		dir, err := os.MkdirTemp("", "scrub-wav")
		if err != nil {
			return
		}
		defer os.RemoveAll(dir)
		out := filepath.Join(dir, "base.wav")
		if err := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=0.5:sample_rate=8000",
			"-c:a", "pcm_s16le", "-fflags", "+bitexact", "-map_metadata", "-1", out).Run(); err != nil {
			return
		}
		b, _ := os.ReadFile(out)
		cs := chunks(t, b)
		if len(cs) == 2 && cs[0].id == "fmt " && cs[1].id == "data" {
			bases.fmt, bases.data = cs[0].data, cs[1].data
		}
	})
	return bases.fmt, bases.data
}

type riffChunk struct {
	id   string
	data []byte
}

// chunks parses a RIFF WAVE file and checks its sizes.
func chunks(t testing.TB, b []byte) []riffChunk {
	t.Helper()
	if len(b) < 12 || string(b[8:12]) != "WAVE" {
		t.Fatal("no RIFF WAVE header")
	}
	if string(b[:4]) == "RIFF" && int(binary.LittleEndian.Uint32(b[4:])) != len(b)-8 {
		t.Fatalf("RIFF size %d, file %d", binary.LittleEndian.Uint32(b[4:]), len(b))
	}
	var out []riffChunk
	var ds64data int
	for p := 12; p < len(b); {
		if len(b)-p < 8 {
			t.Fatalf("%d stray bytes at the end", len(b)-p)
		}
		id := string(b[p : p+4])
		n := int(binary.LittleEndian.Uint32(b[p+4:]))
		if n == 0xffffffff && id == "data" {
			n = ds64data
		}
		if p+8+n > len(b) {
			t.Fatalf("chunk %q runs past the end", id)
		}
		out = append(out, riffChunk{id, b[p+8 : p+8+n]})
		if id == "ds64" {
			ds64data = int(binary.LittleEndian.Uint64(b[p+16:]))
		}
		p += 8 + n + n%2
	}
	return out
}

func ids(cs []riffChunk) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.id)
	}
	return strings.Join(s, ",")
}

var planted = []string{
	"PLANT-DESCRIPTION", "S#PLANT4711", "PLANT-ORIGREF", "2031-02-03", "12:34:56", "PLANT-CODINGHISTORY",
	"PLANT-IXMLPROJECT", "PLANT-IXMLNOTE", "PLANT-IXMLUID", "PLANT-ORIGINAL.WAV", "+48.8583",
	"PLANT-IART", "PLANT-ICOP", "PLANT-ISFT", "PLANT-ICMT", "PLANT-IKEY", "PLANT-INAM", "PLANT-IENG", "PLANT-ITCH",
	"PLANT-LABEL", "PLANT-NOTE", "PLANT-LTXT", "PLANT-ECOR", "PLANT-EMDL", "PLANT-AXML", "PLANT-CARTTITLE", "PLANT-CARTARTIST", "PLANT-CARTURL",
	"PLANT-MINF", "PLANT-OVWF", "PLANT-REGN", "PLANT-ID3TITLE", "APICWAV-ARTIST", "PLANT-V22WAV",
	"PLANT-XMPCREATOR", "PLANT-DISP", "PLANT-UNKNOWNCHUNK", "PLANT-JUNK", "PLANT-SAMPLERDATA", "PLANT-FACTEXTRA", "PLANT-TRAILING",
}

// bext returns a bext chunk's data (EBU Tech 3285 v2).
func bext() []byte {
	b := make([]byte, 602)
	copy(b, "PLANT-DESCRIPTION")
	copy(b[256:], "Sound Dev: 702T S#PLANT4711")
	copy(b[288:], "PLANT-ORIGREF")
	copy(b[320:], "2031-02-03")
	copy(b[330:], "12:34:56")
	binary.LittleEndian.PutUint64(b[338:], 2191661476)
	b[346] = 2
	copy(b[348:], "UMID-MATERIAL-NUMBER")
	return append(b, "A=PCM,F=44100,W=16,M=mono,T=PLANT-CODINGHISTORY\r\n"...)
}

func cart() []byte {
	b := make([]byte, 2048)
	copy(b, "0101")
	copy(b[4:], "PLANT-CARTTITLE")
	copy(b[68:], "PLANT-CARTARTIST")
	copy(b[1024:], "https://example.org/PLANT-CARTURL")
	return b
}

// smpl returns a sampler chunk with one loop: maker and product, an SMPTE
// offset and vendor data that cleaning zeroes or cuts.
func smpl(maker, product, smpte uint32, vendor []byte) []byte {
	b := make([]byte, 36+24)
	for i, v := range []uint32{maker, product, 22675, 60, 0, 25, smpte, 1, uint32(len(vendor))} {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	binary.LittleEndian.PutUint32(b[36+8:], 100)  // loop start
	binary.LittleEndian.PutUint32(b[36+12:], 999) // loop end
	return append(b, vendor...)
}

func cue() []byte {
	b := binary.LittleEndian.AppendUint32(nil, 1)
	b = binary.LittleEndian.AppendUint32(b, 1) // id
	b = binary.LittleEndian.AppendUint32(b, 0) // position
	b = append(b, "data"...)
	b = binary.LittleEndian.AppendUint32(b, 0)
	b = binary.LittleEndian.AppendUint32(b, 0)
	return binary.LittleEndian.AppendUint32(b, 4410)
}

var (
	inst = []byte{60, 0, 0, 0, 127, 1, 127}
	acid = []byte{1, 0, 0, 0, 60, 0, 0x80, 0x3f, 0, 0, 0, 0, 8, 0, 4, 0, 4, 0, 0, 0, 0, 0, 0xf0, 0x42}
)

func info(items ...[2]string) []byte {
	b := []byte("INFO")
	for _, it := range items {
		b = append(b, chunk(it[0], []byte(it[1]+"\x00"))...)
	}
	return b
}

func adtl() []byte {
	b := []byte("adtl")
	b = append(b, chunk("labl", []byte("\x01\x00\x00\x00PLANT-LABEL\x00"))...)
	b = append(b, chunk("note", []byte("\x01\x00\x00\x00PLANT-NOTE\x00"))...)
	ltxt := append(make([]byte, 20), "PLANT-LTXT\x00"...)
	ltxt[0] = 1
	return append(b, chunk("ltxt", ltxt)...)
}

func ixml() []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?><BWFXML><IXML_VERSION>2.10</IXML_VERSION><PROJECT>PLANT-IXMLPROJECT</PROJECT>` +
		`<NOTE>PLANT-IXMLNOTE</NOTE><FILE_UID>PLANT-IXMLUID</FILE_UID><HISTORY><ORIGINAL_FILENAME>PLANT-ORIGINAL.WAV</ORIGINAL_FILENAME></HISTORY>` +
		`<LOCATION><LOCATION_GPS>+48.8583,2.2945</LOCATION_GPS></LOCATION></BWFXML>`)
}

func id3Chunk() []byte {
	return hostile.ID3Tag(3, 0, cat(
		hostile.ID3Frame(3, "TIT2", 0, hostile.ID3TextUTF16("PLANT-ID3TITLE")),
		hostile.ID3Frame(3, "APIC", 0, cat([]byte("\x00image/jpeg\x00\x03\x00"), hostile.JPEG("APICWAV"))),
	))
}

// dirty is ffmpeg's WAV with every chunk scrub drops, the ones it keeps,
// and data after the last chunk.
func dirty(t testing.TB) []byte {
	f, d := base(t)
	disp := append([]byte{1, 0, 0, 0}, "PLANT-DISP\x00"...)
	peak := make([]byte, 24)
	binary.LittleEndian.PutUint32(peak[4:], 1893456000)
	return cat(hostile.WAVFile(
		chunk("JUNK", make([]byte, 28)),
		chunk("bext", bext()),
		chunk("iXML", ixml()),
		chunk("fmt ", f),
		chunk("fact", append(binary.LittleEndian.AppendUint32(nil, uint32(len(d)/2)), "PLANT-FACTEXTRA"...)),
		chunk("cue ", cue()),
		chunk("smpl", smpl(0x47, 0x5e, 0x01020304, []byte("PLANT-SAMPLERDATA"))),
		chunk("inst", inst),
		chunk("acid", acid),
		chunk("data", d),
		chunk("LIST", info([2]string{"IART", "PLANT-IART"}, [2]string{"ICOP", "PLANT-ICOP"}, [2]string{"ISFT", "PLANT-ISFT"},
			[2]string{"ICMT", "PLANT-ICMT"}, [2]string{"IKEY", "PLANT-IKEY"}, [2]string{"INAM", "PLANT-INAM"},
			[2]string{"ICRD", "2031-02-03"}, [2]string{"IENG", "PLANT-IENG"}, [2]string{"ITCH", "PLANT-ITCH"})),
		chunk("LIST", adtl()),
		chunk("LIST", append([]byte("exif"), info([2]string{"ecor", "PLANT-ECOR"}, [2]string{"emdl", "PLANT-EMDL"})[4:]...)),
		chunk("axml", []byte(`<ebuCoreMain><coreMetadata><creator>PLANT-AXML</creator></coreMetadata></ebuCoreMain>`)),
		chunk("cart", cart()),
		chunk("umid", append([]byte{6, 10, 0x2b, 0x34}, make([]byte, 28)...)),
		chunk("minf", []byte("PLANT-MINF")),
		chunk("ovwf", []byte("PLANT-OVWF")),
		chunk("regn", []byte("PLANT-REGN")),
		chunk("id3 ", id3Chunk()),
		chunk("ID3 ", hostile.ID3Tag(2, 0, hostile.ID3Frame(2, "TT2", 0, []byte("\x00PLANT-V22WAV")))),
		chunk("_PMX", metatest.XMP([][2]string{{"dc:creator", "PLANT-XMPCREATOR"}})),
		chunk("DISP", disp),
		chunk("PEAK", peak),
		chunk("zzzz", []byte("PLANT-UNKNOWNCHUNK")),
		chunk("JUNK", []byte("PLANT-JUNK")),
	), []byte("PLANT-TRAILING"))
}

// want is the file dirty cleans to.
func want(t testing.TB) []byte {
	f, d := base(t)
	return hostile.WAVFile(
		chunk("fmt ", f),
		chunk("fact", binary.LittleEndian.AppendUint32(nil, uint32(len(d)/2))),
		chunk("cue ", cue()),
		chunk("smpl", smpl(0, 0, 0, nil)),
		chunk("inst", inst),
		chunk("acid", acid),
		chunk("data", d),
	)
}

func TestRoundTrip(t *testing.T) {
	out := scrubtest.RoundTrip(t, registry(), "dirty.wav", dirty(t), planted...)
	if !bytes.Equal(out, want(t)) {
		t.Errorf("cleaned chunks %s, want %s", ids(chunks(t, out)), ids(chunks(t, want(t))))
	}
}

func TestFindings(t *testing.T) {
	fs := scrubtest.Inspect(t, registry(), "dirty.wav", dirty(t))
	for _, f := range fs {
		if !scrub.KnownLabel(f.Label) && !strings.Contains(f.Where, "APIC") {
			t.Errorf("no known label: %+v", f)
		}
	}
	for _, w := range []struct {
		where, field, value string
		label               scrub.Label
		minor               bool
	}{
		{"JUNK chunk", "padding", "28 bytes of zeros", scrub.LabelHiddenData, true},
		{"bext chunk", "Description", "PLANT-DESCRIPTION", scrub.LabelDescription, false},
		{"bext chunk", "Originator", "Sound Dev: 702T S#PLANT4711", scrub.LabelSerial, false},
		{"bext chunk", "OriginatorReference", "PLANT-ORIGREF", scrub.LabelSerial, false},
		{"bext chunk", "OriginationDate", "2031-02-03 12:34:56", scrub.LabelCreated, false},
		{"bext chunk", "TimeReference", "2191661476 samples since midnight (04:05:57)", scrub.LabelDate, false},
		{"bext chunk", "UMID", "554D4944", scrub.LabelDocumentID, false},
		{"bext chunk", "CodingHistory", "PLANT-CODINGHISTORY", scrub.LabelHistory, false},
		{"iXML chunk", "BWFXML/PROJECT", "PLANT-IXMLPROJECT", scrub.LabelTitle, false},
		{"iXML chunk", "BWFXML/NOTE", "PLANT-IXMLNOTE", scrub.LabelComment, false},
		{"iXML chunk", "BWFXML/FILE_UID", "PLANT-IXMLUID", scrub.LabelDocumentID, false},
		{"iXML chunk", "BWFXML/HISTORY/ORIGINAL_FILENAME", "PLANT-ORIGINAL.WAV", scrub.LabelFilePath, false},
		{"iXML chunk", "BWFXML/LOCATION/LOCATION_GPS", "+48.8583,2.2945", scrub.LabelGPS, false},
		{"iXML chunk", "BWFXML/IXML_VERSION", "2.10", scrub.LabelSettings, true},
		{"fact chunk", "data after the sample count", "PLANT-FACTEXTRA", scrub.LabelHiddenData, false},
		{"smpl chunk", "Manufacturer", "0x47", scrub.LabelDevice, false},
		{"smpl chunk", "Product", "0x5e", scrub.LabelDevice, false},
		{"smpl chunk", "SMPTEOffset", "01:02:03:04", scrub.LabelDate, false},
		{"smpl chunk", "SamplerData", "PLANT-SAMPLERDATA", scrub.LabelPrivateData, false},
		{"LIST/INFO chunk", "IART", "PLANT-IART", scrub.LabelAuthor, false},
		{"LIST/INFO chunk", "ICOP", "PLANT-ICOP", scrub.LabelCopyright, false},
		{"LIST/INFO chunk", "ISFT", "PLANT-ISFT", scrub.LabelSoftware, false},
		{"LIST/INFO chunk", "ICMT", "PLANT-ICMT", scrub.LabelComment, false},
		{"LIST/INFO chunk", "IKEY", "PLANT-IKEY", scrub.LabelKeywords, false},
		{"LIST/INFO chunk", "INAM", "PLANT-INAM", scrub.LabelTitle, false},
		{"LIST/INFO chunk", "ICRD", "2031-02-03", scrub.LabelCreated, false},
		{"LIST/INFO chunk", "IENG", "PLANT-IENG", scrub.LabelPerson, false},
		{"LIST/adtl chunk", "labl (cue 1)", "PLANT-LABEL", scrub.LabelOutline, false},
		{"LIST/adtl chunk", "note (cue 1)", "PLANT-NOTE", scrub.LabelComment, false},
		{"LIST/adtl chunk", "ltxt (cue 1)", "PLANT-LTXT", scrub.LabelComment, false},
		{"LIST/exif chunk", "ecor", "PLANT-ECOR", scrub.LabelCamera, false},
		{"LIST/exif chunk", "emdl", "PLANT-EMDL", scrub.LabelCamera, false},
		{"axml chunk", "ebuCoreMain/coreMetadata/creator", "PLANT-AXML", scrub.LabelMetadata, false},
		{"cart chunk", "Title", "PLANT-CARTTITLE", scrub.LabelTitle, false},
		{"cart chunk", "Artist", "PLANT-CARTARTIST", scrub.LabelAuthor, false},
		{"cart chunk", "URL", "PLANT-CARTURL", scrub.LabelLink, false},
		{"umid chunk", "UMID", "060A2B34", scrub.LabelDocumentID, false},
		{"minf chunk", "minf chunk", "PLANT-MINF", scrub.LabelPrivateData, false},
		{"ovwf chunk", "ovwf chunk", "PLANT-OVWF", scrub.LabelPrivateData, false},
		{"regn chunk", "regn chunk", "PLANT-REGN", scrub.LabelPrivateData, false},
		{"id3 chunk > ID3v2.3 tag", "TIT2", "PLANT-ID3TITLE", scrub.LabelTitle, false},
		{"id3 chunk > ID3v2.3 tag", "APIC", "image/jpeg", scrub.LabelEmbeddedPicture, false},
		{"id3 chunk > ID3v2.3 tag > APIC (front cover)", "Artist", "APICWAV-ARTIST", "", false},
		{"ID3 chunk > ID3v2.2 tag", "TT2", "PLANT-V22WAV", scrub.LabelTitle, false},
		{"XMP (_PMX chunk)", "dc:creator", "PLANT-XMPCREATOR", "", false},
		{"DISP chunk", "DisplayTitle", "PLANT-DISP", scrub.LabelTitle, false},
		{"PEAK chunk", "TimeStamp", "1893456000", scrub.LabelModified, false},
		{"zzzz chunk", "zzzz chunk", "PLANT-UNKNOWNCHUNK", scrub.LabelMetadata, false},
		{"JUNK chunk", "padding", "PLANT-JUNK", scrub.LabelHiddenData, false},
		{"after the last chunk", "trailing data", "PLANT-TRAILING", scrub.LabelHiddenData, false},
	} {
		found := false
		for _, f := range fs {
			if strings.HasPrefix(f.Where, w.where) && f.Field == w.field && strings.Contains(f.Value, w.value) &&
				(w.label == "" || f.Label == w.label) && f.Minor == w.minor && f.Action == scrub.Remove {
				found = true
			}
		}
		if !found {
			t.Errorf("no finding %s | %s | %q (%s, minor %v)", w.where, w.field, w.value, w.label, w.minor)
		}
	}
}

// The RIFF size is read tolerantly and written right: too large by 8 (as
// wavinfo's new_camera_bumb_1.wav has it), or too small (chunks appended
// after it).
func TestRIFFSize(t *testing.T) {
	reg := registry()
	for _, delta := range []int{8, -100, 0x7fffffff} {
		in := dirty(t)
		if delta > 0 {
			// Bytes inside what the RIFF size claims must be chunks.
			in = bytes.TrimSuffix(in, []byte("PLANT-TRAILING"))
		}
		binary.LittleEndian.PutUint32(in[4:], uint32(len(in)-8+delta))
		out := scrubtest.RoundTrip(t, reg, "size.wav", in, planted[:len(planted)-1]...)
		if !bytes.Equal(out, want(t)) {
			t.Errorf("RIFF size off by %d: cleaned chunks %s", delta, ids(chunks(t, out)))
		}
	}
}

// An odd-sized chunk is followed by a pad byte; when a writer left it out,
// the next chunk is still found, and the output has it.
func TestPadding(t *testing.T) {
	f, _ := base(t)
	odd := chunk("LIST", []byte("INFOINAM\x09\x00\x00\x00PLANT-OD1")) // 21 bytes: padded
	if len(odd) != 8+22 {
		t.Fatal("the fixture's chunk is not odd")
	}
	data := []byte("odd!!") // 5 bytes of PCM, no pad at the end of the file
	in := hostile.WAVFile(chunk("fmt ", f), odd[:len(odd)-1], chunk("JUNK", []byte("PLANT-AFTERODD")), chunk("data", data))
	in = in[:len(in)-1]
	binary.LittleEndian.PutUint32(in[4:], uint32(len(in)-8))
	out := scrubtest.RoundTrip(t, registry(), "odd.wav", in, "PLANT-OD1", "PLANT-AFTERODD")
	if want := hostile.WAVFile(chunk("fmt ", f), chunk("data", data)); !bytes.Equal(out, want) {
		t.Errorf("cleaned to % x", out)
	}
	// A pad byte that is not zero is written as zero.
	in = hostile.WAVFile(chunk("fmt ", f), chunk("data", data))
	in[len(in)-1] = 'P'
	out, _ = scrubtest.Clean(t, registry(), "pad.wav", in, scrub.Policy{})
	if out[len(out)-1] != 0 {
		t.Error("the pad byte was copied")
	}
}

// Malformed kept chunks are dropped: a cue chunk whose count does not
// match its size, inst and acid of the wrong size, a smpl whose loops do
// not fit.
func TestBadKeptChunks(t *testing.T) {
	f, d := base(t)
	badCue := cue()
	badCue[0] = 7
	badSmpl := smpl(0, 0, 0, nil)
	badSmpl[28] = 9 // nine loops
	in := hostile.WAVFile(chunk("fmt ", f), chunk("cue ", badCue), chunk("inst", inst[:5]), chunk("acid", acid[:20]),
		chunk("smpl", badSmpl), chunk("fact", []byte{1, 2}), chunk("data", d))
	out := scrubtest.RoundTrip(t, registry(), "bad.wav", in)
	if got := ids(chunks(t, out)); got != "fmt ,data" {
		t.Errorf("chunks %s", got)
	}
	// A fmt chunk longer than its extension says is cut to it.
	ext := append(append(append([]byte(nil), f[:16]...), 2, 0, 7, 7), "PLANT-FMTEXTRA"...)
	in = hostile.WAVFile(chunk("fmt ", ext), chunk("data", d))
	out = scrubtest.RoundTrip(t, registry(), "fmt.wav", in, "PLANT-FMTEXTRA")
	if cs := chunks(t, out); !bytes.Equal(cs[0].data, ext[:20]) {
		t.Errorf("fmt chunk % x", cs[0].data)
	}
	// A clean smpl chunk is kept as it is.
	in = hostile.WAVFile(chunk("fmt ", f), chunk("smpl", smpl(0, 0, 0, nil)), chunk("data", d))
	if fs := scrubtest.Inspect(t, registry(), "ok.wav", in); len(fs) != 0 {
		t.Errorf("findings on a clean file: %+v", fs)
	}
}

func rf64(t testing.TB, cs ...[]byte) []byte {
	_, d := base(t)
	b := hostile.WAVFile(cs...)
	copy(b, "RF64")
	binary.LittleEndian.PutUint32(b[4:], 0xffffffff)
	// ds64: RIFF size, data size, sample count, no table.
	binary.LittleEndian.PutUint64(b[20:], uint64(len(b)-8))
	binary.LittleEndian.PutUint64(b[28:], uint64(len(d)))
	binary.LittleEndian.PutUint64(b[36:], uint64(len(d)/2))
	i := bytes.Index(b, []byte("data"))
	binary.LittleEndian.PutUint32(b[i+4:], 0xffffffff)
	return b
}

// RF64 keeps its form; its ds64 chunk gets the new RIFF size.
func TestRF64(t *testing.T) {
	f, d := base(t)
	in := rf64(t, chunk("ds64", make([]byte, 28)), chunk("bext", bext()), chunk("fmt ", f), chunk("data", d),
		chunk("LIST", info([2]string{"IART", "PLANT-RF64ARTIST"})))
	in = append(in, "PLANT-RF64TRAILING"...) // after the RIFF size ds64 gives
	out := scrubtest.RoundTrip(t, registry(), "big.rf64", in, "PLANT-RF64ARTIST", "PLANT-DESCRIPTION", "PLANT-RF64TRAILING")
	if want := rf64(t, chunk("ds64", make([]byte, 28)), chunk("fmt ", f), chunk("data", d)); !bytes.Equal(out, want) {
		t.Errorf("cleaned to chunks %s", ids(chunks(t, out)))
	}
	if _, err := exec.LookPath("ffmpeg"); err == nil {
		dir := t.TempDir()
		src, dst := filepath.Join(dir, "in.wav"), filepath.Join(dir, "out.wav")
		os.WriteFile(src, in, 0o644)
		os.WriteFile(dst, out, 0o644)
		sameAudio(t, src, dst)
	}
}

func TestAlreadyClean(t *testing.T) {
	in := want(t)
	reg := registry()
	if fs := scrubtest.Inspect(t, reg, "c.wav", in); len(fs) != 0 {
		t.Errorf("findings on a clean file: %+v", fs)
	}
	out, _ := scrubtest.Clean(t, reg, "c.wav", in, scrub.Policy{})
	if !bytes.Equal(in, out) {
		t.Error("cleaning a clean file changed it")
	}
}

func TestIdentify(t *testing.T) {
	h := wav.New()
	riff := func(form, typ string) []byte {
		b := append([]byte(form), 4, 0, 0, 0)
		return append(b, typ...)
	}
	for _, tc := range []struct {
		in   []byte
		want string
		err  error
	}{
		{dirty(t), "wav", nil},
		{riff("RF64", "WAVE"), "wav", nil},
		{riff("BW64", "WAVE"), "wav", nil},
		{riff("RIFF", "WEBP"), "", nil},
		{riff("RIFF", "AVI "), "", nil},
		{riff("RIFX", "WAVE"), "", scrub.ErrUnsupported},
		{hostile.MP3Silence(3), "", nil},
		{nil, "", nil},
	} {
		got, err := h.Identify(tc.in[:min(len(tc.in), 4096)], bytes.NewReader(tc.in), int64(len(tc.in)))
		if got != tc.want || !errors.Is(err, tc.err) && !(err == nil && tc.err == nil) {
			t.Errorf("Identify(%q) = %q, %v; want %q, %v", tc.in[:min(len(tc.in), 12)], got, err, tc.want, tc.err)
		}
	}
	f := h.Formats()
	if len(f) != 1 || f[0].Name != "wav" || strings.Join(f[0].MediaTypes, " ") != "audio/wav audio/x-wav audio/vnd.wave" {
		t.Errorf("Formats() = %+v", f)
	}
}

func malformedCases(t testing.TB) []struct {
	name string
	data []byte
	kind error
} {
	f, _ := base(t)
	d := make([]byte, 100)
	withSize := func(c []byte, n uint32) []byte {
		binary.LittleEndian.PutUint32(c[4:], n)
		return c
	}
	noDS64 := hostile.WAVFile(chunk("fmt ", f), chunk("data", d))
	copy(noDS64, "RF64")
	return []struct {
		name string
		data []byte
		kind error
	}{
		{"header only", hostile.WAVFile(), scrub.ErrMalformed},
		{"too short", []byte("RIFF\x04\x00\x00\x00WAV"), scrub.ErrMalformed},
		{"no fmt", hostile.WAVFile(chunk("data", d)), scrub.ErrMalformed},
		{"no data", hostile.WAVFile(chunk("fmt ", f), chunk("LIST", info([2]string{"IART", "x"}))), scrub.ErrMalformed},
		{"two fmt", hostile.WAVFile(chunk("fmt ", f), chunk("fmt ", f), chunk("data", d)), scrub.ErrMalformed},
		{"two data", hostile.WAVFile(chunk("fmt ", f), chunk("data", d), chunk("data", d)), scrub.ErrMalformed},
		{"short fmt", hostile.WAVFile(chunk("fmt ", f[:12]), chunk("data", d)), scrub.ErrMalformed},
		{"LIST past the end", hostile.WAVFile(chunk("fmt ", f), chunk("data", d), withSize(chunk("LIST", info()), 1<<30)), scrub.ErrMalformed},
		{"data past the end", hostile.WAVFile(chunk("fmt ", f), withSize(chunk("data", d), 0xffffffff)), scrub.ErrMalformed},
		{"data cut short", hostile.WAVFile(chunk("fmt ", f), chunk("data", d))[:90], scrub.ErrMalformed},
		{"data size 0 before its samples", hostile.WAVFile(chunk("fmt ", f), withSize(chunk("data", bytes.Repeat([]byte{0x81}, 100)), 0)), scrub.ErrMalformed},
		{"a chunk id that is not text", hostile.WAVFile(chunk("fmt ", f), chunk("\x00\x01\x02\x03", []byte("xx")), chunk("data", d)), scrub.ErrMalformed},
		{"RF64 without ds64", noDS64, scrub.ErrMalformed},
		{"RF64 data size over 2^62", func() []byte {
			b := rf64(t, chunk("ds64", make([]byte, 28)), chunk("fmt ", f), chunk("data", d))
			binary.LittleEndian.PutUint64(b[28:], 1<<63)
			return b
		}(), scrub.ErrMalformed},
		{"RF64 data size past the end", func() []byte {
			b := rf64(t, chunk("ds64", make([]byte, 28)), chunk("fmt ", f), chunk("data", d))
			binary.LittleEndian.PutUint64(b[28:], 1<<40)
			return b
		}(), scrub.ErrMalformed},
		{"RF64 ds64 too short", func() []byte {
			b := hostile.WAVFile(chunk("ds64", make([]byte, 8)), chunk("fmt ", f), chunk("data", d))
			copy(b, "RF64")
			return b
		}(), scrub.ErrMalformed},
		{"RF64 chunk without a 64-bit size", rf64(t, chunk("ds64", make([]byte, 28)), chunk("fmt ", f), chunk("data", d), withSize(chunk("LIST", info()), 0xffffffff)), scrub.ErrMalformed},
		{"wave list", hostile.WAVFile(chunk("fmt ", f), chunk("LIST", append([]byte("wavl"), chunk("data", d)...))), scrub.ErrUnsupported},
	}
}

func TestMalformed(t *testing.T) {
	h := wav.New()
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
			if !errors.As(err, &fe) || fe.Reason == "" || strings.Contains(fe.Reason+fe.Hint, "--") {
				t.Errorf("error %v carries no plain reason", err)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	f, d := base(t)
	in := hostile.WAVFile(chunk("fmt ", f), chunk("data", d), bytes.Repeat(chunk("JUNK", nil), 30))
	env := scrub.NewEnv(registry(), scrub.Limits{MaxMembers: 10}, scrub.Policy{})
	if _, err := wav.New().Inspect(context.Background(), env, bytes.NewReader(in), int64(len(in))); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("32 chunks, limit 10: %v", err)
	}
	// A chunk larger than what Inspect reads is described from its start.
	big := hostile.WAVFile(chunk("fmt ", f), chunk("data", d), chunk("zzzz", append([]byte("PLANT-BIG"), make([]byte, 17<<20)...)))
	if fs := scrubtest.Inspect(t, registry(), "big.wav", big); len(fs) != 1 || !strings.Contains(fs[0].Value, "PLANT-BIG") {
		t.Errorf("findings %+v", fs)
	}
	out, _ := scrubtest.Clean(t, registry(), "big.wav", big, scrub.Policy{})
	if !bytes.Equal(out, hostile.WAVFile(chunk("fmt ", f), chunk("data", d))) {
		t.Error("the big chunk stayed")
	}
}

func TestCancel(t *testing.T) {
	in := dirty(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	if _, err := wav.New().Inspect(ctx, env, bytes.NewReader(in), int64(len(in))); !errors.Is(err, context.Canceled) {
		t.Errorf("Inspect with a cancelled context: %v", err)
	}
	if _, err := wav.New().Clean(ctx, env, bytes.NewReader(in), int64(len(in)), io.Discard); !errors.Is(err, context.Canceled) {
		t.Errorf("Clean with a cancelled context: %v", err)
	}
}

// Parts yields every chunk but the samples (ID3 chunks decoded, pictures
// through their handler) and the data after the last chunk.
func TestParts(t *testing.T) {
	parts := func(in []byte) ([]byte, int64) {
		var all bytes.Buffer
		var n int64
		env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
		err := wav.New().(scrub.PartLister).Parts(context.Background(), env, bytes.NewReader(in), int64(len(in)), func(p scrub.Part) error {
			k, err := io.Copy(&all, p.R)
			n += k
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return all.Bytes(), n
	}
	all, _ := parts(dirty(t))
	for _, v := range planted {
		if !scrubtest.Contains(all, v) {
			t.Errorf("no part holds %q", v)
		}
	}
	_, d := base(t)
	if _, n := parts(want(t)); n != int64(len(want(t))-len(d)) {
		t.Errorf("the parts of a clean file hold %d bytes, want everything but the %d bytes of samples", n, len(d))
	}
}

// ffmpeg reads the same samples before and after, and no error after.
func TestFFmpeg(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg is not installed")
	}
	dir := t.TempDir()
	in := dirty(t)
	out, _ := scrubtest.Clean(t, registry(), "in.wav", in, scrub.Policy{})
	src, dst := filepath.Join(dir, "in.wav"), filepath.Join(dir, "out.wav")
	os.WriteFile(src, in, 0o644)
	os.WriteFile(dst, out, 0o644)
	sameAudio(t, src, dst)
}

// sameAudio compares what ffmpeg and ffprobe make of two files.
func sameAudio(t *testing.T, src, dst string) {
	t.Helper()
	run := func(name string, args ...string) string {
		out, err := exec.Command(name, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out)
	}
	for _, args := range [][]string{
		{"-v", "error", "-i", "%", "-map", "0:a", "-c", "copy", "-f", "md5", "-"},
		{"-v", "error", "-i", "%", "-map", "0:a", "-f", "md5", "-"},
	} {
		a, b := run("ffmpeg", replace(args, src)...), run("ffmpeg", replace(args, dst)...)
		if a != b || !strings.HasPrefix(a, "MD5=") {
			t.Errorf("ffmpeg %v: %q before, %q after", args, a, b)
		}
	}
	if e := run("ffprobe", "-v", "error", dst); e != "" {
		t.Errorf("ffprobe reports errors on the cleaned file: %s", e)
	}
	dur := []string{"-v", "error", "-select_streams", "a", "-show_entries", "format=duration:stream=duration", "-of", "csv=p=0", "%"}
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
	f, _ := base(b)
	in := hostile.WAVFile(chunk("bext", bext()), chunk("fmt ", f), chunk("data", make([]byte, 32<<20)),
		chunk("LIST", info([2]string{"IART", "x"})), chunk("iXML", ixml()))
	h := wav.New()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for range b.N {
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(in), int64(len(in)), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
