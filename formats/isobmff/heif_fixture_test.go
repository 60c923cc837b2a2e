package isobmff_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/scrub-project/scrub/internal/metatest"
)

// coded is one coded picture: its codec configuration property box, its
// size property box and its data.
type coded struct {
	config []byte // hvcC or av1C box
	props  [][]byte
	data   []byte
	typ    string // hvc1 or av01
}

// codedPicture returns a picture coded by heif-enc (HEVC, or AV1 for
// AVIF) when real is set, else a made-up one that only scrub can read.
func codedPicture(t testing.TB, avif, real bool) coded {
	t.Helper()
	if !real {
		c := coded{typ: "hvc1", config: box("hvcC", bytes.Repeat([]byte{1}, 23)), data: bytes.Repeat([]byte{0x5a}, 700)}
		if avif {
			c.typ, c.config = "av01", box("av1C", []byte{0x81, 0, 0, 0})
		}
		c.props = [][]byte{fullbox("ispe", 0, 0, u32(64), u32(48)), fullbox("pixi", 0, 0, []byte{3, 8, 8, 8})}
		return c
	}
	need(t, "heif-enc")
	dir := t.TempDir()
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), uint8(x ^ y), 255})
		}
	}
	f, err := os.Create(filepath.Join(dir, "in.png"))
	if err != nil {
		t.Fatal(err)
	}
	png.Encode(f, img)
	f.Close()
	out := filepath.Join(dir, "out.heic")
	args := []string{"-q", "80", filepath.Join(dir, "in.png"), "-o", out}
	if avif {
		out = filepath.Join(dir, "out.avif")
		args = []string{"-A", "-q", "80", filepath.Join(dir, "in.png"), "-o", out}
	}
	run(t, "heif-enc", args...)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	top := parseBoxes(t, b, 0)
	meta := find(top, "meta")[0]
	metaKids := parseBoxes(t, meta.data[4:], 0)
	var c coded
	c.typ = "hvc1"
	if avif {
		c.typ = "av01"
	}
	for _, p := range find(metaKids, "iprp/ipco") {
		for _, k := range p.kids {
			switch k.typ {
			case "hvcC", "av1C":
				c.config = box(k.typ, k.data)
			case "ispe", "pixi":
				c.props = append(c.props, box(k.typ, k.data))
			}
		}
	}
	// The one item's one extent, as heif-enc writes it (iloc version 0,
	// or 1 with construction method 0).
	il := find(metaKids, "iloc")[0].data
	v := il[0]
	offSize, lenSize, baseSize := int(il[4]>>4), int(il[4]&15), int(il[5]>>4)
	r := il[6:]
	if binary.BigEndian.Uint16(r) != 1 {
		t.Fatalf("heif-enc wrote %d items", binary.BigEndian.Uint16(r))
	}
	r = r[2+2:] // count, item id
	if v >= 1 {
		r = r[2:]
	}
	r = r[2:] // data reference
	readN := func(n int) int64 {
		var x int64
		for i := 0; i < n; i++ {
			x = x<<8 | int64(r[i])
		}
		r = r[n:]
		return x
	}
	base := readN(baseSize)
	if binary.BigEndian.Uint16(r) != 1 {
		t.Fatal("heif-enc wrote more than one extent")
	}
	r = r[2:]
	off := base + readN(offSize)
	n := readN(lenSize)
	c.data = b[off : off+n]
	if c.config == nil || len(c.props) != 2 {
		t.Fatal("heif-enc output lacks its properties")
	}
	return c
}

type heifOptions struct {
	exifIn     string // where the Exif item is: "mdat", "idat" or "eof" (a second media box at the end)
	ilocV      byte   // iloc version
	offSize    int    // 4 or 8
	useBase    bool   // extents relative to a base offset
	freeInIpco bool   // a free box first in ipco, so every property index moves
	wideIpma   bool   // 16-bit property indexes
}

// plantHEIF builds a HEIF file around a coded picture: a primary image
// and a thumbnail (same data) with a colour profile, a rotation and a
// user description; an Exif item, an XMP item, a C2PA item and an item of
// an unknown type, all with planted values; item names; a gap in the
// media data.
func plantHEIF(t testing.TB, c coded, avif bool, o heifOptions) ([]byte, []string) {
	t.Helper()
	var planted []string
	plant := func(v string) string { planted = append(planted, v); return v }
	exif := (&metatest.EXIF{
		IFD0: []metatest.Entry{{Tag: 0x010f, Value: plant("PLANTEXIFMAKE")}, {Tag: 0x0110, Value: plant("PLANTEXIFMODEL")},
			{Tag: 0x0131, Value: plant("PLANTEXIFSW")}},
		Exif: []metatest.Entry{{Tag: 0xa431, Value: plant("PLANTEXIFSERIAL")}, {Tag: 0x9003, Value: plant("2031:01:01 01:01:01")}},
		GPS: []metatest.Entry{{Tag: 1, Value: "N"}, {Tag: 2, Value: [][2]uint32{{51, 1}, {30, 1}, {0, 1}}},
			{Tag: 3, Value: "W"}, {Tag: 4, Value: [][2]uint32{{0, 1}, {7, 1}, {0, 1}}}},
	}).Bytes()
	exifItem := cat(u32(6), []byte("Exif\x00\x00"), exif)
	xmpItem := metatest.XMP([][2]string{{"xmp:CreatorTool", plant("PLANTHEIFXMP")}, {"xmpMM:DocumentID", plant("xmp.did:PLANTHEIF")}})
	c2pa := []byte(plant("PLANTC2PA-manifest"))
	unknown := []byte(plant("PLANTUNKNOWNITEM"))
	icc := metatest.ICCDevice(plant("PLANTICCDESC"), plant("PLANTICCCOPYRIGHT"), "PLMK", "PLMD", plant("PLANTICCMAKER"))

	type it struct {
		id    uint32
		typ   string
		name  string
		ctype string
		data  []byte
		where string // mdat, idat, eof
	}
	items := []it{
		{1, c.typ, plant("PLANTITEMNAME"), "", c.data, "mdat"},
		{2, c.typ, "", "", c.data, "mdat"},
		{3, "Exif", "", "", exifItem, o.exifIn},
		{4, "mime", "", "application/rdf+xml", xmpItem, "mdat"},
		{5, "mime", "", "application/c2pa", c2pa, "mdat"},
		{6, "zzzz", "", "", unknown, "mdat"},
	}
	var infes []byte
	for _, x := range items {
		e := cat([]byte(x.typ), cstr(x.name))
		if x.typ == "mime" {
			e = append(e, cstr(x.ctype)...)
		}
		infes = append(infes, fullbox("infe", 2, 0, u16(uint16(x.id)), u16(0), e)...)
	}
	iinf := fullbox("iinf", 0, 0, u16(uint16(len(items))), infes)
	iref := fullbox("iref", 0, 0,
		box("thmb", u16(2), u16(1), u16(1)),
		box("cdsc", u16(3), u16(1), u16(1)),
		box("cdsc", u16(4), u16(1), u16(1)),
		box("cdsc", u16(5), u16(1), u16(1)))
	var props [][]byte
	if o.freeInIpco {
		props = append(props, box("free", []byte(plant("PLANTIPCOFREE"))))
	}
	first := len(props) + 1
	props = append(props, c.config, c.props[0], c.props[1],
		box("colr", []byte("prof"), icc),
		box("irot", []byte{1}),
		fullbox("udes", 0, 0, cstr("en"), cstr(plant("PLANTUDESNAME")), cstr(plant("PLANTUDESDESC")), cstr("tags")),
		box("colr", []byte("nclx"), u16(1), u16(13), u16(6), []byte{0x80}))
	idx := func(i int) int { return first + i } // 0: config, 1: ispe, 2: pixi, 3: icc, 4: irot, 5: udes, 6: nclx
	assoc := func(essential bool, i int) []byte {
		if o.wideIpma {
			v := uint16(idx(i))
			if essential {
				v |= 0x8000
			}
			return u16(v)
		}
		v := byte(idx(i))
		if essential {
			v |= 0x80
		}
		return []byte{v}
	}
	flags := uint32(0)
	if o.wideIpma {
		flags = 1
	}
	ipma := fullbox("ipma", 0, flags, u32(2),
		u16(1), u8(6), assoc(true, 0), assoc(false, 1), assoc(false, 2), assoc(false, 3), assoc(true, 4), assoc(false, 5),
		u16(2), u8(4), assoc(true, 0), assoc(false, 1), assoc(false, 2), assoc(false, 6))
	iprp := box("iprp", box("ipco", props...), ipma)

	// Media: the items, then a gap; the Exif item in idat or at the end if
	// asked.
	var mdat, idat, eof []byte
	pos := map[uint32]int64{} // offset in its container
	for _, x := range items {
		switch x.where {
		case "idat":
			pos[x.id] = int64(len(idat))
			idat = append(idat, x.data...)
		case "eof":
			pos[x.id] = int64(len(eof))
			eof = append(eof, x.data...)
		default:
			pos[x.id] = int64(len(mdat))
			mdat = append(mdat, x.data...)
		}
	}
	mdat = append(mdat, []byte(plant("PLANTHEIFGAP"))...)
	ftyp := box("ftyp", []byte("heic"), u32(0), []byte("mif1heicmiaf"))
	if avif {
		ftyp = box("ftyp", []byte("avif"), u32(0), []byte("mif1avifmiaf"))
	}
	iloc := func(mdatAt, eofAt int64) []byte {
		baseSize := 0
		if o.useBase {
			baseSize = o.offSize
		}
		b := []byte{byte(o.offSize<<4 | 4), byte(baseSize << 4)}
		if o.ilocV < 2 {
			b = append(b, u16(uint16(len(items)))...)
		} else {
			b = append(b, u32(uint32(len(items)))...)
		}
		for _, x := range items {
			if o.ilocV < 2 {
				b = append(b, u16(uint16(x.id))...)
			} else {
				b = append(b, u32(x.id)...)
			}
			method := uint16(0)
			at := mdatAt
			switch x.where {
			case "idat":
				method, at = 1, 0
			case "eof":
				at = eofAt
			}
			if o.ilocV >= 1 {
				b = append(b, u16(method)...)
			}
			b = append(b, u16(0)...)
			off := at + pos[x.id]
			if o.useBase {
				b = append(b, sized(o.offSize, at)...)
				off = pos[x.id]
			}
			b = append(b, u16(1)...)
			b = append(b, sized(o.offSize, off)...)
			b = append(b, u32(uint32(len(x.data)))...)
		}
		if x := items[2]; x.where == "idat" && o.ilocV == 0 {
			t.Fatal("an item in idat needs iloc version 1 or 2")
		}
		return fullbox("iloc", o.ilocV, 0, b)
	}
	meta := func(mdatAt, eofAt int64) []byte {
		kids := [][]byte{fullbox("hdlr", 0, 0, u32(0), []byte("pict"), make([]byte, 12), cstr(plant("PLANTHANDLER"))),
			fullbox("pitm", 0, 0, u16(1)), iinf, iloc(mdatAt, eofAt), iref, iprp}
		if len(idat) > 0 {
			kids = append(kids, box("idat", idat))
		}
		return fullbox("meta", 0, 0, kids...)
	}
	m := meta(0, 0)
	mdatAt := int64(len(ftyp)+len(m)) + 8
	eofAt := mdatAt + int64(len(mdat)) + 8
	m = meta(mdatAt, eofAt)
	out := cat(ftyp, m, box("mdat", mdat))
	if len(eof) > 0 {
		out = append(out, box("mdat", eof)...)
	}
	return out, dedupe(planted)
}

func sized(n int, v int64) []byte {
	if n == 8 {
		return u64(uint64(v))
	}
	return u32(uint32(v))
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
