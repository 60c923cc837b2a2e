package isobmff_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// TestMovies plants identifying data in every place the issue names, in
// MP4, MOV and 3GP files laid out three ways (media first, movie box
// first, 64-bit offsets), and checks that none of it is left in any byte
// of the cleaned copy, that dates are zero, that only the audio, video
// and subtitle tracks are left, and that cleaning is stable. With ffmpeg,
// exiftool and ffprobe installed the base is a real movie and the copy is
// checked with them: every kept stream is byte-identical, the rotation is
// kept, ffprobe reports no error and exiftool (with -ee) finds nothing.
func TestMovies(t *testing.T) {
	for _, real := range []bool{false, true} {
		for _, format := range []string{"mp4", "mov", "3gp"} {
			for _, layout := range []string{"tail", "head", "co64"} {
				name := fmt.Sprintf("%s-%s-real=%v", format, layout, real)
				// Real programs check one layout per format: each layout
				// is checked with real programs once.
				if real && realLayout[format] != layout {
					continue
				}
				t.Run(name, func(t *testing.T) {
					base := baseMovie(t, format, real)
					dirty, planted := plantMovie(t, base, movieOptions{qt: format == "mov", layout: layout})
					out := checkMovie(t, "planted."+format, dirty, planted)
					if real {
						checkPlayback(t, base, out, planted)
					}
				})
			}
		}
	}
}

var realLayout = map[string]string{"mp4": "head", "mov": "tail", "3gp": "co64"}

// checkMovie runs the checks that need no other program and returns the
// cleaned copy.
func checkMovie(t *testing.T, name string, dirty []byte, planted []string) []byte {
	t.Helper()
	reg := registry()
	out := scrubtest.RoundTrip(t, reg, name, dirty, planted...)
	fs := inspect(t, dirty)
	for _, want := range []struct {
		label scrub.Label
		value string
	}{
		{scrub.LabelGPS, "12.3456, -65.4321"},       // ©xyz
		{scrub.LabelGPS, "23.4567, -76.5432"},       // Apple key
		{scrub.LabelGPS, "34, -118"},                // 3GPP loci
		{scrub.LabelGPS, "48.8583, 2.2944"},         // GoPro track
		{scrub.LabelSerial, "PLANTCASN123"},         // GoPro GPMF
		{scrub.LabelSerial, "PLANTLENS"},            // GoPro LENS
		{scrub.LabelCamera, "PLANTMAK"},             // ©mak
		{scrub.LabelCamera, "PLANTKMODEL"},          // Apple key
		{scrub.LabelCamera, "PLANTMINF"},            // GPMF
		{scrub.LabelSoftware, "PLANTSWR"},           // ©swr
		{scrub.LabelSoftware, "PLANTTOO"},           // ©too
		{scrub.LabelDocumentID, "PLANT-CONTENT-ID"}, // Live Photo
		{scrub.LabelCreated, "2031-01-02T03:04:05"}, // Apple key
		{scrub.LabelTimeZone, "+0700"},              // Apple key
		{scrub.LabelCreated, "2032-"},               // movie header
		{scrub.LabelModified, "2032-"},              // movie header
		{scrub.LabelCreated, "07:00:00:00"},         // timecode
		{scrub.LabelTrack, "gpmd"},
		{scrub.LabelTrack, "mebx"},
		{scrub.LabelTrack, "camm"},
		{scrub.LabelTrack, "tmcd"},
		{scrub.LabelAuthor, "PLANTAUTH"},
		{scrub.LabelAuthor, "PLANTART"},
		{scrub.LabelPerson, "PLANTPERF"},
		{scrub.LabelTitle, "PLANTTITL"},
		{scrub.LabelDescription, "PLANTDSCP"},
		{scrub.LabelHiddenData, "PLANTGAP"},
		{scrub.LabelHiddenData, "PLANTFREE"},
		{scrub.LabelThumbnail, "picture"},
		{scrub.LabelFilePath, "PLANTCLFN"},
	} {
		if !hasFinding(fs, want.label, want.value) {
			t.Errorf("no %s finding with %q", want.label, want.value)
		}
	}
	for _, f := range fs {
		if f.Label == "" || !scrub.KnownLabel(f.Label) {
			t.Errorf("finding without a known label: %+v", f)
		}
	}
	_, _, ws := clean(t, dirty)
	if !hasWarning(ws, "slow-motion") || !hasWarning(ws, "Live Photo") {
		t.Errorf("warnings %+v: want slow-motion and Live Photo", ws)
	}
	// Dates zero, only the base's tracks left.
	top := parseBoxes(t, out, 0)
	moov := find(top, "moov")
	if len(moov) != 1 {
		t.Fatalf("%d movie boxes in the output", len(moov))
	}
	for _, path := range []string{"mvhd", "trak/tkhd", "trak/mdia/mdhd"} {
		for _, b := range find(moov[0].kids, path) {
			if !bytes.Equal(b.data[4:12], make([]byte, 8)) {
				t.Errorf("%s keeps a date: %x", path, b.data[4:12])
			}
		}
	}
	for _, h := range find(moov[0].kids, "trak/mdia/hdlr") {
		switch typ := string(h.data[8:12]); typ {
		case "vide", "soun", "sbtl", "text":
		default:
			t.Errorf("a %q track is left", typ)
		}
	}
	for _, b := range top {
		switch b.typ {
		case "ftyp", "moov", "mdat":
		default:
			t.Errorf("top-level box %q left", b.typ)
		}
	}
	if n := len(find(moov[0].kids, "udta")) + len(find(moov[0].kids, "meta")) + len(find(moov[0].kids, "trak/udta")); n > 0 {
		t.Errorf("%d user data or metadata boxes left", n)
	}
	return out
}

func hasFinding(fs []scrub.Finding, label scrub.Label, value string) bool {
	for _, f := range fs {
		if f.Label == label && strings.Contains(f.Value, value) && f.Action == scrub.Remove {
			return true
		}
	}
	return false
}

func hasWarning(ws []scrub.Warning, s string) bool {
	for _, w := range ws {
		if strings.Contains(w.Message, s) {
			return true
		}
	}
	return false
}

// checkPlayback compares the cleaned copy with the base movie with real
// programs.
func checkPlayback(t *testing.T, base, out []byte, planted []string) {
	t.Helper()
	need(t, "ffmpeg", "ffprobe")
	dir := t.TempDir()
	b := writeTemp(t, dir, "base.mp4", base)
	o := writeTemp(t, dir, "clean.mp4", out)
	if s := runErr(t, "ffprobe", "-v", "error", o); s != "" {
		t.Errorf("ffprobe reports errors on the cleaned copy:\n%s", s)
	}
	if s := runErr(t, "ffmpeg", "-v", "error", "-i", o, "-f", "null", "-"); s != "" {
		t.Errorf("ffmpeg reports errors decoding the cleaned copy:\n%s", s)
	}
	bs, os := streamTypes(t, b), streamTypes(t, o)
	if strings.Join(bs, ",") != strings.Join(os, ",") {
		t.Fatalf("streams %v, want the base's %v", os, bs)
	}
	for i := range bs {
		sel := fmt.Sprintf("0:%d", i)
		want := run(t, "ffmpeg", "-v", "error", "-i", b, "-map", sel, "-c", "copy", "-f", "md5", "-")
		got := run(t, "ffmpeg", "-v", "error", "-i", o, "-map", sel, "-c", "copy", "-f", "md5", "-")
		if got != want {
			t.Errorf("stream %d (%s) changed: %s, want %s", i, bs[i], got, want)
		}
		if bs[i] != "subtitle" {
			want = run(t, "ffmpeg", "-v", "error", "-i", b, "-map", sel, "-f", "framemd5", "-")
			got = run(t, "ffmpeg", "-v", "error", "-i", o, "-map", sel, "-f", "framemd5", "-")
			if got != want {
				t.Errorf("stream %d (%s) decodes differently", i, bs[i])
			}
		}
	}
	rot := func(p string) string {
		return run(t, "ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream_side_data=rotation", "-of", "csv=p=0", p)
	}
	if got, want := rot(o), rot(b); got != want {
		t.Errorf("rotation %q, want %q", got, want)
	}
	checkExiftool(t, o, planted)
}

// exiftoolLeak matches tag names that must not survive cleaning.
var exiftoolLeak = regexp.MustCompile(`(?i)\b(GPS|Serial|Make|Model|Software|Author|Artist|Creator|Location|Firmware|Lens ?Serial|Content ?Identifier|Media ?Group|Create ?Date|Modify ?Date)\b[^:]*:\s*(.*)`)

// checkExiftool reads the file as exiftool does (every group, embedded
// and timed data) and fails on a planted value or an identifying tag with
// a value.
func checkExiftool(t *testing.T, path string, planted []string) {
	t.Helper()
	need(t, "exiftool")
	s := run(t, "exiftool", "-a", "-G1", "-ee", "-u", path)
	for _, line := range strings.Split(s, "\n") {
		if _, value, ok := strings.Cut(line, ": "); ok {
			for _, v := range planted {
				if strings.Contains(value, v) {
					t.Errorf("exiftool still shows %q: %s", v, line)
				}
			}
		}
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "[ExifTool]") || strings.HasPrefix(line, "[System]") || strings.HasPrefix(line, "[File]") {
			continue
		}
		m := exiftoolLeak.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		v := strings.TrimSpace(m[2])
		if v == "" || v == "0000:00:00 00:00:00" || strings.Contains(line, "Profile") {
			continue
		}
		t.Errorf("exiftool: %s", line)
	}
}

// TestM4A plants iTunes tags (and cover art) in an M4A file.
func TestM4A(t *testing.T) {
	for _, real := range []bool{false, true} {
		t.Run(fmt.Sprintf("real=%v", real), func(t *testing.T) {
			base := baseMovie(t, "m4a", real)
			top := parseBoxes(t, base, 0)
			var planted []string
			plant := func(v string) string { planted = append(planted, v); return v }
			item := func(typ, v string) []byte { return box(typ, box("data", u32(1), u32(0), []byte(plant(v)))) }
			ilst := cat(item("\xa9nam", "PLANTM4ATITLE"), item("\xa9ART", "PLANTM4AARTIST"), item("\xa9too", "PLANTM4AENC"),
				item("\xa9cmt", "PLANTM4ACMT"), item("apID", "plant@example.org"),
				box("covr", box("data", u32(13), u32(0), []byte{0xff, 0xd8, 0xff, 0xfe, 0, 12}, []byte(plant("PLANTCOVER")), []byte{0xff, 0xd9})),
				box("----", fullbox("mean", 0, 0, []byte("com.apple.iTunes")), fullbox("name", 0, 0, []byte("iTunes_CDDB_1")),
					box("data", u32(1), u32(0), []byte(plant("PLANTCDDB")))))
			meta := fullbox("meta", 0, 0, fullbox("hdlr", 0, 0, u32(0), []byte("mdir"), []byte("appl"), make([]byte, 8), u8(0)), box("ilst", ilst))
			var dirty []byte
			for _, b := range top {
				if b.typ == "moov" {
					b.data = cat(b.data, box("udta", meta))
					b.kids = nil
				}
				dirty = append(dirty, box(b.typ, b.data)...)
			}
			// moov is after mdat in both bases, so nothing moves.
			if find(top, "moov")[0].at < find(top, "mdat")[0].at {
				t.Fatal("base has its movie box first")
			}
			out := scrubtest.RoundTrip(t, registry(), "planted.m4a", dirty, planted...)
			fs := inspect(t, dirty)
			for _, want := range []struct {
				label scrub.Label
				value string
			}{{scrub.LabelTitle, "PLANTM4ATITLE"}, {scrub.LabelAuthor, "PLANTM4AARTIST"}, {scrub.LabelAccount, "plant@example.org"},
				{scrub.LabelEmbeddedPicture, "JPEG"}, {scrub.LabelDocumentID, "PLANTCDDB"}} {
				if !hasFinding(fs, want.label, want.value) {
					t.Errorf("no %s finding with %q", want.label, want.value)
				}
			}
			if real {
				need(t, "ffmpeg", "ffprobe")
				dir := t.TempDir()
				b, o := writeTemp(t, dir, "b.m4a", base), writeTemp(t, dir, "o.m4a", out)
				if s := runErr(t, "ffprobe", "-v", "error", o); s != "" {
					t.Errorf("ffprobe: %s", s)
				}
				want := run(t, "ffmpeg", "-v", "error", "-i", b, "-map", "0:a", "-f", "framemd5", "-")
				got := run(t, "ffmpeg", "-v", "error", "-i", o, "-map", "0:a", "-f", "framemd5", "-")
				if got != want {
					t.Error("the audio decodes differently")
				}
				checkExiftool(t, o, planted)
			}
		})
	}
}

// TestMovieOffsets checks the offset rewriting itself: a movie box in
// front of the media shrinks when cleaned, so every chunk moves, and the
// chunks of the kept tracks must point at the same bytes as before.
func TestMovieOffsets(t *testing.T) {
	for _, layout := range []string{"tail", "head", "co64"} {
		t.Run(layout, func(t *testing.T) {
			dirty, _ := plantMovie(t, syntheticMovie(false), movieOptions{layout: layout})
			out, _, _ := clean(t, dirty)
			in, got := chunks(t, dirty), chunks(t, out)
			for id, cs := range got {
				want := in[id]
				if len(cs) != len(want) {
					t.Fatalf("track %d: %d chunks, want %d", id, len(cs), len(want))
				}
				for i := range cs {
					if !bytes.Equal(cs[i], want[i]) {
						t.Errorf("track %d chunk %d: other bytes after cleaning", id, i)
					}
				}
			}
			if len(got) != 2 {
				t.Errorf("%d tracks left, want 2", len(got))
			}
		})
	}
}

// chunks returns, for every track, the bytes of each chunk (the samples
// stsc and stsz put in it), read through the test's own parser.
func chunks(t *testing.T, file []byte) map[uint32][][]byte {
	t.Helper()
	out := map[uint32][][]byte{}
	for _, tr := range find(parseBoxes(t, file, 0), "moov/trak") {
		tkhd := find(tr.kids, "tkhd")[0].data
		id := binary.BigEndian.Uint32(tkhd[12:])
		if tkhd[0] == 1 {
			id = binary.BigEndian.Uint32(tkhd[20:])
		}
		stbl := find(tr.kids, "mdia/minf/stbl")[0]
		var offs []int64
		if c := find(stbl.kids, "stco"); len(c) > 0 {
			for i := 0; i < int(binary.BigEndian.Uint32(c[0].data[4:])); i++ {
				offs = append(offs, int64(binary.BigEndian.Uint32(c[0].data[8+4*i:])))
			}
		} else {
			c := find(stbl.kids, "co64")[0]
			for i := 0; i < int(binary.BigEndian.Uint32(c.data[4:])); i++ {
				offs = append(offs, int64(binary.BigEndian.Uint64(c.data[8+8*i:])))
			}
		}
		stsz := find(stbl.kids, "stsz")[0].data
		stsc := find(stbl.kids, "stsc")[0].data
		perChunk := int(binary.BigEndian.Uint32(stsc[12:])) // one stsc entry in these fixtures
		sample := 0
		for _, off := range offs {
			n := 0
			for k := 0; k < perChunk; k++ {
				n += int(binary.BigEndian.Uint32(stsz[12+4*(sample+k):]))
			}
			sample += perChunk
			out[id] = append(out[id], file[off:off+int64(n)])
		}
	}
	return out
}
