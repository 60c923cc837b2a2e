package isobmff_test

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/scrub-project/scrub/internal/metatest"
)

// baseMovie returns a small movie without metadata: made by ffmpeg
// (H.264 video rotated 90°, AAC audio, a subtitle track) when it is
// installed and real is true, else written by hand (video and audio
// tracks whose samples are not decodable but whose tables are real).
func baseMovie(t testing.TB, format string, real bool) []byte {
	t.Helper()
	if !real {
		return syntheticMovie(format == "mov")
	}
	need(t, "ffmpeg")
	dir := t.TempDir()
	srt := writeTemp(t, dir, "sub.srt", []byte("1\n00:00:00,000 --> 00:00:00,800\nvisible subtitle\n"))
	out := filepath.Join(dir, "base."+format)
	args := []string{"-v", "error", "-f", "lavfi", "-i", "testsrc2=size=96x64:rate=15:duration=1",
		"-f", "lavfi", "-i", "sine=frequency=440:duration=1:sample_rate=16000", "-i", srt,
		"-map", "0:v", "-map", "1:a"}
	switch format {
	case "m4a":
		args = []string{"-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1:sample_rate=16000", "-c:a", "aac", "-f", "ipod"}
	case "3gp":
		args = append(args, "-c:v", "mpeg4", "-c:a", "aac", "-f", "3gp")
	default:
		args = append(args, "-map", "2:s", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
			"-c:a", "aac", "-c:s", "mov_text", "-metadata:s:v:0", "rotate=90", "-f", format)
	}
	args = append(args, "-map_metadata", "-1", "-fflags", "+bitexact", "-y", out)
	run(t, "ffmpeg", args...)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// syntheticMovie writes a movie by hand: ftyp, mdat, moov with a video and
// an audio track.
func syntheticMovie(qt bool) []byte {
	video := [][]byte{bytes.Repeat([]byte{0x11}, 300), bytes.Repeat([]byte{0x22}, 200), bytes.Repeat([]byte{0x33}, 250)}
	audio := [][]byte{bytes.Repeat([]byte{0x44}, 50), bytes.Repeat([]byte{0x55}, 60)}
	brand := []byte("isom\x00\x00\x02\x00isomiso2mp41")
	if qt {
		brand = []byte("qt  \x20\x05\x03\x00qt  ")
	}
	ftyp := box("ftyp", brand)
	mdatStart := len(ftyp) + 8
	var payload []byte
	var vOffs, aOffs []uint32
	for i := range video { // interleaved chunks of one sample
		vOffs = append(vOffs, uint32(mdatStart+len(payload)))
		payload = append(payload, video[i]...)
		if i < len(audio) {
			aOffs = append(aOffs, uint32(mdatStart+len(payload)))
			payload = append(payload, audio[i]...)
		}
	}
	avc1 := box("avc1", make([]byte, 6), u16(1), make([]byte, 16), u16(96), u16(64), u32(0x480000), u32(0x480000),
		u32(0), u16(1), make([]byte, 32), u16(24), u16(0xffff),
		box("avcC", []byte{1, 0x42, 0xc0, 0x1e, 0xff, 0xe0, 0}), box("pasp", u32(1), u32(1)))
	mp4a := box("mp4a", make([]byte, 6), u16(1), make([]byte, 8), u16(1), u16(16), u16(0), u16(0), u32(16000<<16),
		fullbox("esds", 0, 0, []byte{3, 25, 0, 1, 0, 4, 17, 0x40, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 2, 0x14, 0x08, 6, 1, 2}))
	moov := box("moov",
		fullbox("mvhd", 0, 0, u32(0), u32(0), u32(1000), u32(1000), u32(0x10000), u16(0x100), make([]byte, 10), matrix(), make([]byte, 24), u32(3)),
		track(1, "vide", avc1, sizes(video), vOffs, nil, qt),
		track(2, "soun", mp4a, sizes(audio), aOffs, nil, qt))
	return cat(ftyp, box("mdat", payload), moov)
}

func sizes(samples [][]byte) []uint32 {
	var out []uint32
	for _, s := range samples {
		out = append(out, uint32(len(s)))
	}
	return out
}

func matrix() []byte {
	return cat(u32(0x10000), u32(0), u32(0), u32(0), u32(0x10000), u32(0), u32(0), u32(0), u32(0x40000000))
}

// track builds a trak with one chunk per entry of offs (samples split
// evenly), or, when offs has one entry, all samples in one chunk.
func track(id uint32, handler string, entry []byte, sizes []uint32, offs []uint32, extra []byte, qt bool) []byte {
	var sz []byte
	for _, s := range sizes {
		sz = append(sz, u32(s)...)
	}
	perChunk := uint32(len(sizes) / len(offs))
	var co []byte
	for _, o := range offs {
		co = append(co, u32(o)...)
	}
	var mhd []byte
	switch handler {
	case "vide":
		mhd = fullbox("vmhd", 0, 1, make([]byte, 8))
	case "soun":
		mhd = fullbox("smhd", 0, 0, make([]byte, 4))
	default:
		mhd = fullbox("nmhd", 0, 0)
	}
	name := cstr(handler + " handler")
	if qt {
		name = append([]byte{byte(len(handler) + 8)}, handler+" handler"...)
	}
	w, h := uint32(0), uint32(0)
	if handler == "vide" {
		w, h = 96<<16, 64<<16
	}
	return box("trak",
		fullbox("tkhd", 0, 7, u32(0), u32(0), u32(id), u32(0), u32(1000), make([]byte, 8), u16(0), u16(0), u16(0), u16(0), matrix(), u32(w), u32(h)),
		extra,
		box("mdia",
			fullbox("mdhd", 0, 0, u32(0), u32(0), u32(1000), u32(1000), u16(0x55c4), u16(0)),
			fullbox("hdlr", 0, 0, u32(0), []byte(handler), make([]byte, 12), name),
			box("minf", mhd,
				box("dinf", fullbox("dref", 0, 0, u32(1), fullbox("url ", 0, 1))),
				box("stbl",
					fullbox("stsd", 0, 0, u32(1), entry),
					fullbox("stts", 0, 0, u32(1), u32(uint32(len(sizes))), u32(1000/uint32(max(1, len(sizes))))),
					fullbox("stsc", 0, 0, u32(1), u32(1), u32(perChunk), u32(1)),
					fullbox("stsz", 0, 0, u32(0), u32(uint32(len(sizes))), sz),
					fullbox("stco", 0, 0, u32(uint32(len(offs))), co)))))
}

// klv writes a GPMF entry.
func klv(key string, typ byte, size, repeat int, data []byte) []byte {
	out := cat([]byte(key), []byte{typ, byte(size)}, u16(uint16(repeat)), data)
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	return out
}

func klvNest(key string, parts ...[]byte) []byte {
	p := cat(parts...)
	return cat([]byte(key), []byte{0, 4}, u16(uint16(len(p)/4)), p)
}

func int32s(vs ...int32) []byte {
	var out []byte
	for _, v := range vs {
		out = binary.BigEndian.AppendUint32(out, uint32(v))
	}
	return out
}

// movieOptions says how plantMovie lays the file out.
type movieOptions struct {
	qt     bool   // QuickTime: plain meta box, Pascal handler names
	layout string // "tail": media before the movie box; "head": movie box first; "co64": head, with 64-bit chunk offsets and a 64-bit media box header
}

// plantedDate is the creation and modification time planted in every
// movie, track and media header (2031-ish, in seconds since 1904).
const plantedDate = 0xF1234567

// plantMovie returns base with identifying data planted in every place
// the issue names, and the planted values a clean copy must not hold.
func plantMovie(t testing.TB, base []byte, o movieOptions) ([]byte, []string) {
	t.Helper()
	top := parseBoxes(t, base, 0)
	var ftyp, moov, mdat *tbox
	for _, b := range top {
		switch b.typ {
		case "ftyp":
			ftyp = b
		case "moov":
			moov = b
		case "mdat":
			if mdat != nil {
				t.Fatal("base movie with two media boxes")
			}
			mdat = b
		}
	}
	if ftyp == nil || moov == nil || mdat == nil {
		t.Fatal("base movie lacks ftyp, moov or mdat")
	}
	oldPayload := int64(mdat.at + mdat.hdr)
	var planted []string
	plant := func(v string) string { planted = append(planted, v); return v }

	// Dates, handler names, compressor names and a vendor box in the
	// sample descriptions of the base's tracks.
	for _, b := range append(find(moov.kids, "mvhd"), append(find(moov.kids, "trak/tkhd"), find(moov.kids, "trak/mdia/mdhd")...)...) {
		b.data = append([]byte(nil), b.data...)
		binary.BigEndian.PutUint32(b.data[4:], plantedDate)
		binary.BigEndian.PutUint32(b.data[8:], plantedDate+1)
	}
	for _, h := range find(moov.kids, "trak/mdia/hdlr") {
		name := cstr(plant("PLANTHDLR-" + string(h.data[8:12])))
		if o.qt {
			name = append([]byte{byte(len(name) - 1)}, name[:len(name)-1]...)
		}
		h.data = cat(h.data[:24], name)
	}
	for _, s := range find(moov.kids, "trak/mdia/minf/stbl/stsd") {
		entries := parseBoxes(t, s.data[8:], 0)
		var body []byte
		for _, e := range entries {
			d := append([]byte(nil), e.data...)
			switch e.typ {
			case "avc1", "mp4v", "hvc1", "hev1":
				name := plant("PLANTCOMP")
				clear(d[42:74])
				d[42] = byte(len(name))
				copy(d[43:], name)
				d = append(d, box("uuid", bytes.Repeat([]byte{0xab}, 16), []byte(plant("PLANTSTSDUUID")))...)
			}
			body = append(body, box(e.typ, d)...)
		}
		s.data = cat(s.data[:8], body)
	}
	for _, tr := range find(moov.kids, "trak") {
		tr.kids = append(tr.kids, &tbox{typ: "udta", kids: []*tbox{{typ: "\xa9nam", data: qtText(plant("PLANTTRAKUDTA"))}}})
	}

	// moov/udta: QuickTime, 3GPP, GoPro, Samsung, Adobe and iMovie atoms.
	gpmf := klvNest("DEVC", klv("DVNM", 'c', 6, 1, []byte("Camera")), klv("CASN", 'c', 12, 1, []byte(plant("PLANTCASN123"))),
		klv("MINF", 'c', 9, 1, []byte(plant("PLANTMINF"))))
	loci := cat(u32(0), u16(0x55c4), cstr(plant("PLANTLOCI")), u8(0), int32s(-118<<16, 34<<16, 0), cstr("earth"), cstr(""))
	udta := &tbox{typ: "udta", kids: []*tbox{
		{typ: "\xa9xyz", data: qtText(plant("+12.3456-065.4321/"))},
		{typ: "\xa9mak", data: qtText(plant("PLANTMAK"))},
		{typ: "\xa9mod", data: qtText(plant("PLANTMOD"))},
		{typ: "\xa9swr", data: qtText(plant("PLANTSWR"))},
		{typ: "\xa9day", data: qtText(plant("2031-02-03T04:05:06PLANTDAY"))},
		{typ: "\xa9too", data: qtText(plant("PLANTTOO"))},
		{typ: "\xa9nam", data: qtText(plant("PLANTNAM"))},
		{typ: "\xa9ART", data: qtText(plant("PLANTART"))},
		{typ: "loci", data: loci},
		{typ: "auth", data: asset(plant("PLANTAUTH"))},
		{typ: "perf", data: asset(plant("PLANTPERF"))},
		{typ: "titl", data: asset(plant("PLANTTITL"))},
		{typ: "dscp", data: asset(plant("PLANTDSCP"))},
		{typ: "XMP_", data: metatest.XMP([][2]string{{"xmp:CreatorTool", plant("PLANTXMPQT")}})},
		{typ: "SDLN", data: []byte(plant("PLANTSDLN"))},
		{typ: "smrd", data: []byte(plant("PLANTSMRD"))},
		{typ: "smta", data: cat(u32(0), []byte(plant("PLANTSMTA")))},
		{typ: "FIRM", data: []byte(plant("PLANTFIRM"))},
		{typ: "LENS", data: []byte(plant("PLANTLENS"))},
		{typ: "CAME", data: []byte(plant("PLANTCAME"))},
		{typ: "MUID", data: []byte(plant("PLANTMUID"))},
		{typ: "GPMF", data: gpmf},
		{typ: "clfn", data: asset(plant("PLANTCLFN"))},
		{typ: "thmb", data: cat([]byte{0xff, 0xd8, 0xff, 0xfe, 0, 11}, []byte(plant("PLANTTHMB")), []byte{0xff, 0xd9})},
	}}
	// moov/meta: Apple and Android keyed metadata.
	keys := []string{"com.apple.quicktime.location.ISO6709", "com.apple.quicktime.make", "com.apple.quicktime.model",
		"com.apple.quicktime.software", "com.apple.quicktime.creationdate", "com.apple.quicktime.content.identifier",
		"com.android.version"}
	values := []string{plant("+23.4567-076.5432+010.000/"), plant("PLANTKMAKE"), plant("PLANTKMODEL"), plant("PLANTKSW"),
		plant("2031-01-02T03:04:05+0700"), plant("PLANT-CONTENT-ID-5A3E"), plant("PLANTANDROID")}
	var keyBox, ilst []byte
	for i, k := range keys {
		keyBox = append(keyBox, cat(u32(uint32(8+len(k))), []byte("mdta"), []byte(k))...)
		ilst = append(ilst, box(string(u32(uint32(i+1))), box("data", u32(1), u32(0), []byte(values[i])))...)
	}
	metaBody := cat(fullbox("hdlr", 0, 0, u32(0), []byte("mdta"), make([]byte, 12), u8(0)),
		fullbox("keys", 0, 0, u32(uint32(len(keys))), keyBox), box("ilst", ilst))
	meta := &tbox{typ: "meta", data: cat(u32(0), metaBody)}
	if o.qt {
		meta.data = metaBody
	}
	meta.kids = parseBoxes(t, metaBody, 0)
	moov.kids = append(moov.kids, udta, meta)

	// Timed-metadata tracks whose samples sit in a second media box, with
	// a gap of unreferenced bytes.
	mdat2 := []byte(plant("PLANTGAP-unreferenced"))
	type newTrack struct {
		id      uint32
		handler string
		entry   []byte
		samples [][]byte
	}
	gps := klvNest("DEVC", klv("DVNM", 'c', 9, 1, []byte(plant("PLANTGPMD"))),
		klvNest("STRM", klv("SCAL", 'l', 4, 5, int32s(10000000, 10000000, 1000, 1000, 100)),
			klv("GPS5", 'l', 20, 1, int32s(488583000, 22944000, 35000, 0, 0))))
	mebxKeys := box("keys", box(string(u32(1)), box("keyd", []byte("mdta"), []byte("com.apple.quicktime.detected-face.bounds")),
		box("dtyp", u32(0), []byte("com.apple.quicktime.detected-face.bounds"))))
	tracks := []newTrack{
		{10, "meta", box("gpmd", make([]byte, 6), u16(1), u32(0)), [][]byte{gps, gps}},
		{11, "meta", box("mebx", make([]byte, 6), u16(1), mebxKeys), [][]byte{cat(u32(20), u32(1), []byte(plant("PLANTFACE1"))), cat(u32(20), u32(1), []byte("PLANTFACE1"))}},
		{12, "camm", box("camm", make([]byte, 6), u16(1)), [][]byte{[]byte(plant("PLANTCAMM"))}},
		{13, "tmcd", box("tmcd", make([]byte, 6), u16(1), u32(0), u32(0), u32(25), u32(1), u8(25), u8(0)), [][]byte{u32(25 * 3600 * 7)}},
	}
	type chunkRef struct {
		stco *tbox
		rel  []int64 // offsets relative to the payload of the media box
		in2  bool    // in the second media box
	}
	var refs []chunkRef
	for _, st := range find(moov.kids, "trak/mdia/minf/stbl") {
		for _, c := range st.kids {
			if c.typ != "stco" && c.typ != "co64" {
				continue
			}
			n := int(binary.BigEndian.Uint32(c.data[4:]))
			ref := chunkRef{stco: c}
			for i := 0; i < n; i++ {
				var off int64
				if c.typ == "stco" {
					off = int64(binary.BigEndian.Uint32(c.data[8+4*i:]))
				} else {
					off = int64(binary.BigEndian.Uint64(c.data[8+8*i:]))
				}
				ref.rel = append(ref.rel, off-oldPayload)
			}
			refs = append(refs, ref)
		}
	}
	for _, nt := range tracks {
		var sz []uint32
		rel := int64(len(mdat2))
		for _, s := range nt.samples {
			sz = append(sz, uint32(len(s)))
			mdat2 = append(mdat2, s...)
		}
		tr := parseBoxes(t, track(nt.id, nt.handler, nt.entry, sz, []uint32{0}, nil, o.qt), 0)[0]
		moov.kids = append(moov.kids, tr)
		refs = append(refs, chunkRef{stco: find(tr.kids, "mdia/minf/stbl/stco")[0], rel: []int64{rel}, in2: true})
	}
	mdat2 = append(mdat2, []byte("PLANTGAP-tail")...)
	// A subtitle-like text sample would be visible content: none planted.

	// Top-level extras.
	uuidXMP := box("uuid", []byte{0xbe, 0x7a, 0xcf, 0xcb, 0x97, 0xa9, 0x42, 0xe8, 0x9c, 0x71, 0x99, 0x94, 0x91, 0xe3, 0xaf, 0xac},
		metatest.XMP([][2]string{{"xmpMM:DocumentID", plant("xmp.did:PLANT-UUID-XMP")}}))
	sefd := box("sefd", []byte(plant("PLANTSEFD")), []byte("SlowMotion_Data"), []byte("SEFHxxxxSEFT"))
	free := box("free", []byte(plant("PLANTFREE")))

	// Layout: the movie box's size does not depend on the offsets, so
	// place everything, then write the offsets.
	co64 := o.layout == "co64"
	if co64 {
		for i := range refs {
			refs[i].stco.typ = "co64"
		}
	}
	setOffsets := func(p1, p2 int64) {
		for _, r := range refs {
			base := p1
			if r.in2 {
				base = p2
			}
			body := cat(u32(0), u32(uint32(len(r.rel))))
			for _, rel := range r.rel {
				if co64 {
					body = append(body, u64(uint64(base+rel))...)
				} else {
					body = append(body, u32(uint32(base+rel))...)
				}
			}
			r.stco.data = body
		}
	}
	setOffsets(0, 0)
	moovBytes := moov.bytes()
	mdatBox := box("mdat", mdat.data)
	mdatHdr := int64(8)
	if co64 {
		mdatBox, mdatHdr = box64("mdat", mdat.data), 16
	}
	mdat2Box := box("mdat", mdat2)
	ftypBytes := box("ftyp", ftyp.data)
	var order [][]byte
	var p1, p2 int64
	switch o.layout {
	case "tail":
		wide := box("wide")
		p1 = int64(len(ftypBytes)+len(wide)) + mdatHdr
		p2 = p1 + int64(len(mdat.data)) + int64(len(moovBytes)) + int64(len(free)) + 8
		setOffsets(p1, p2)
		order = [][]byte{ftypBytes, wide, mdatBox, moov.bytes(), free, mdat2Box, uuidXMP, sefd}
	default:
		p1 = int64(len(ftypBytes)+len(moovBytes)+len(free)) + mdatHdr
		p2 = p1 + int64(len(mdat.data)) + 8
		setOffsets(p1, p2)
		order = [][]byte{ftypBytes, moov.bytes(), free, mdatBox, mdat2Box, uuidXMP, sefd}
	}
	if len(moov.bytes()) != len(moovBytes) {
		t.Fatal("the movie box changed size when its offsets were set")
	}
	return cat(order...), planted
}
