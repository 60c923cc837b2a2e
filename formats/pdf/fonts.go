package pdf

import (
	"encoding/binary"
	"io"
	"sort"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// Embedded TrueType and OpenType fonts (FontFile2, FontFile3 /OpenType)
// often keep the font maker's digital signature (the DSIG table: a PKCS#7
// blob with the certificates, names and e-mail addresses of a certificate
// authority). No PDF reader checks it, and a font subset no longer
// matches it anyway: the table goes. The glyphs, metrics and names of the
// font stay as they are.

// maxPeek is how much of a font is inflated to read its table directory.
const maxPeek = 12 + 16*64

// fontFilePayload drops the DSIG table of an embedded sfnt font.
func fontFilePayload(d *doc, in types.StreamDict, out *types.StreamDict, _ int, where string) error {
	switch d.name(in.Dict["Subtype"]) {
	case "Type1C", "CIDFontType0C":
		return nil // a bare CFF font has no tables
	}
	chain, err := d.filterChain(in.Dict)
	if err != nil {
		return nil
	}
	pre, codec, err := splitCodec(chain)
	if err != nil || codec != nil || len(in.Raw) < 12 {
		return nil
	}
	head := in.Raw
	switch {
	case len(pre) == 0:
	case len(pre) == 1 && pre[0].name == "FlateDecode" && !predicted(pre[0].parms):
		head = inflatePrefix(in.Raw, maxPeek)
	default:
		head = nil // rare: decoded below
	}
	if head != nil && !hasTable(head, "DSIG") {
		return nil
	}
	font, _, err := d.decode(in.Raw, pre, where)
	if err != nil {
		if isFilterError(err) {
			return nil
		}
		return err
	}
	cleaned, ok := dropTable(font, "DSIG")
	if !ok {
		return nil
	}
	d.removeMinor(where, "digital signature of an embedded font (DSIG)", "the font maker's certificates", scrub.KindOther, scrub.LabelSignature)
	if !d.clean {
		return nil
	}
	out.Raw = deflate(cleaned)
	out.Dict["Filter"] = types.Name("FlateDecode")
	delete(out.Dict, "DecodeParms")
	if _, ok := out.Dict["Length1"]; ok {
		out.Dict["Length1"] = types.Integer(len(cleaned))
	}
	return nil
}

// inflatePrefix returns the first n bytes a zlib stream inflates to (or
// fewer).
func inflatePrefix(data []byte, n int) []byte {
	in := inflaters.Get().(*inflater)
	defer inflaters.Put(in)
	if err := in.reset(data); err != nil {
		return nil
	}
	out := make([]byte, n)
	m, _ := io.ReadFull(in.zr, out)
	return out[:m]
}

// isSfnt reports whether b starts like a TrueType or OpenType font.
func isSfnt(b []byte) bool {
	if len(b) < 12 {
		return false
	}
	switch string(b[:4]) {
	case "\x00\x01\x00\x00", "true", "OTTO":
		return true
	}
	return false
}

// hasTable reports whether the table directory at the start of an sfnt
// font lists tag.
func hasTable(b []byte, tag string) bool {
	if !isSfnt(b) {
		return false
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	for i := 0; i < n && 12+16*i+16 <= len(b); i++ {
		if string(b[12+16*i:][:4]) == tag {
			return true
		}
	}
	return false
}

// dropTable returns font without table tag, its directory and the head
// table's checksum adjustment rewritten. It reports false for a font
// without the table or whose directory does not fit in it.
func dropTable(font []byte, tag string) ([]byte, bool) {
	if !isSfnt(font) {
		return nil, false
	}
	n := int(binary.BigEndian.Uint16(font[4:]))
	if 12+16*n > len(font) {
		return nil, false
	}
	type table struct {
		tag         string
		sum         uint32
		off, length int
		newOff      int
	}
	var tables []table
	found := false
	for i := range n {
		r := font[12+16*i:]
		t := table{tag: string(r[:4]), sum: binary.BigEndian.Uint32(r[4:]),
			off: int(binary.BigEndian.Uint32(r[8:])), length: int(binary.BigEndian.Uint32(r[12:]))}
		if t.off < 0 || t.length < 0 || t.off+t.length > len(font) || t.off+t.length < t.off {
			return nil, false
		}
		if t.tag == tag {
			found = true
			continue
		}
		tables = append(tables, t)
	}
	if !found {
		return nil, false
	}
	count := len(tables)
	out := make([]byte, 12+16*count, len(font))
	copy(out, font[:4])
	binary.BigEndian.PutUint16(out[4:], uint16(count))
	sr, es := 1, 0
	for sr*2 <= count {
		sr *= 2
		es++
	}
	binary.BigEndian.PutUint16(out[6:], uint16(sr*16))
	binary.BigEndian.PutUint16(out[8:], uint16(es))
	binary.BigEndian.PutUint16(out[10:], uint16(count*16-sr*16))
	// The tables' data, in the order they had in the file, each
	// padded to four bytes.
	order := make([]int, count)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return tables[order[a]].off < tables[order[b]].off })
	headAt := -1
	for _, i := range order {
		t := &tables[i]
		t.newOff = len(out)
		out = append(out, font[t.off:t.off+t.length]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		if t.tag == "head" && t.length >= 12 {
			headAt = t.newOff
		}
	}
	for i, t := range tables {
		r := out[12+16*i:]
		copy(r, t.tag)
		binary.BigEndian.PutUint32(r[4:], t.sum)
		binary.BigEndian.PutUint32(r[8:], uint32(t.newOff))
		binary.BigEndian.PutUint32(r[12:], uint32(t.length))
	}
	if headAt >= 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], 0)
		binary.BigEndian.PutUint32(out[headAt+8:], 0xb1b0afba-checksum(out))
	}
	return out, true
}

// checksum is the sfnt checksum: the sum of the big-endian 32-bit words.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:min(i+4, len(b))])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
