package isobmff

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/formats/internal/warnings"
	"github.com/scrub-project/scrub/scrub"
)

// A HEIF image (ISO/IEC 23008-12) is a meta box of items: iinf names
// them and their types, iloc says where their bytes are (in the file or in
// the meta box's idat), iref links them (grid tiles, thumbnails, alpha
// and depth planes, the metadata that describes an image), iprp holds
// properties (codec configuration, size, colour, rotation, crop) that
// ipma assigns to items by their position in ipco.
//
// The cleaned image keeps the items that are pictures and the properties
// they use; Exif, XMP and other metadata items go with their entries in
// every table and their bytes.

// imageItems are the item types that are pictures or are made of
// pictures (23008-12 §6.6, MIAF, AVIF, HEIF amendments). JPEG-coded items
// are not among them: a JPEG bitstream carries its own EXIF and XMP
// segments, which a byte-for-byte copy would keep, so such files are
// refused.
var imageItems = map[string]bool{
	"hvc1": true, "hev1": true, "av01": true, "avc1": true, "j2k1": true, "vvc1": true,
	"vvi1": true, "lhv1": true, "hvt1": true, "unci": true, "mski": true,
	"grid": true, "iovl": true, "iden": true, "tmap": true,
}

// keptProperties are the item properties display reads.
var keptProperties = map[string]bool{
	"ispe": true, "pixi": true, "irot": true, "imir": true, "clap": true, "pasp": true, "rloc": true,
	"lsel": true, "a1op": true, "a1lx": true, "auxC": true, "clli": true, "mdcv": true, "cclv": true,
	"amve": true, "reve": true, "hvcC": true, "av1C": true, "avcC": true, "vvcC": true, "lhvC": true,
	"jpgC": true, "j2kH": true, "uncC": true, "cmpd": true, "cmpC": true, "icef": true, "splz": true,
	"sbpm": true, "snuc": true, "cloc": true, "tols": true, "oinf": true, "ccst": true, "dvcC": true,
	"dvvC": true, "hvcE": true, "stri": true, "iscl": true,
}

type item struct {
	id        uint32
	typ       string
	name      string
	ctype     string // content type of a mime item
	version   byte
	flags     []byte
	protected bool
	keep      bool
	loc       *itemLoc
}

type itemLoc struct {
	method  int // 0: file offsets; 1: offsets in idat
	index   []uint64
	extents []span
}

type itemRef struct {
	typ  string
	from uint32
	to   []uint32
}

type assoc struct {
	essential bool
	index     int // 1-based position in ipco
}

// image is the picture structure of the file.
type image struct {
	a       *analysis
	items   []*item
	byID    map[uint32]*item
	idat    []byte
	idatOut spanSet // kept bytes of idat
	iloc    *ilocGen
	read    int64 // bytes of removed items read to list them (bounded)
}

// isPictureMeta reports whether a top-level meta box describes an image
// (its handler is 'pict').
func isPictureMeta(p []byte) bool {
	if len(p) < 12 {
		return false
	}
	kids, err := children(p[4:], "meta")
	if err != nil {
		return false
	}
	for _, k := range kids {
		if k.typ == "hdlr" && len(k.data) >= 12 {
			return string(k.data[8:12]) == "pict"
		}
	}
	return false
}

// heif rebuilds the image structure.
func (a *analysis) heif(p []byte) (*node, error) {
	im := &image{a: a, byID: map[uint32]*item{}}
	im.iloc = &ilocGen{im: im}
	a.image = im
	kids, err := children(p[4:], "meta")
	if err != nil {
		return nil, err
	}
	byType := map[string][]rawBox{}
	for _, k := range kids {
		if err := a.count(); err != nil {
			return nil, err
		}
		byType[k.typ] = append(byType[k.typ], k)
	}
	for _, t := range []string{"hdlr", "pitm", "iinf", "iloc", "iprp", "iref", "idat", "dinf", "grpl"} {
		if len(byType[t]) > 1 {
			return nil, malformed("the image structure has two %q boxes", t)
		}
	}
	if len(byType["iinf"]) == 0 || len(byType["pitm"]) == 0 {
		return nil, malformed("the image structure lacks its item list or primary item")
	}
	if err := im.parseItems(byType["iinf"][0].data); err != nil {
		return nil, err
	}
	if d := byType["idat"]; len(d) > 0 {
		im.idat = d[0].data
	}
	if l := byType["iloc"]; len(l) > 0 {
		if err := im.parseLocations(l[0].data); err != nil {
			return nil, err
		}
	}
	var refs []itemRef
	var refVersion byte
	if r := byType["iref"]; len(r) > 0 {
		refs, refVersion, err = parseRefs(r[0].data)
		if err != nil {
			return nil, err
		}
	}
	primary, err := parsePitm(byType["pitm"][0].data)
	if err != nil {
		return nil, err
	}
	// Which items stay: the pictures.
	for _, it := range im.items {
		it.keep = imageItems[it.typ]
		if it.keep && it.protected {
			return nil, unsupported("encrypted image items are not supported", "")
		}
	}
	if it := im.byID[primary]; it == nil || !it.keep {
		return nil, unsupported("the main picture of this image is of a kind scrub does not know", "convert it to JPEG or PNG and clean that copy")
	}
	for _, r := range refs {
		from := im.byID[r.from]
		if from == nil || !from.keep || r.typ == "cdsc" {
			continue
		}
		for _, id := range r.to {
			if to := im.byID[id]; to != nil && !to.keep {
				return nil, unsupported(fmt.Sprintf("a picture of this image is made with an item of a kind scrub does not know (%s)", printable(to.typ)),
					"convert it to JPEG or PNG and clean that copy")
			}
		}
	}
	if err := im.itemFindings(); err != nil {
		return nil, err
	}
	if err := im.spans(); err != nil {
		return nil, err
	}
	props, err := im.properties(byType["iprp"])
	if err != nil {
		return nil, err
	}

	out := &node{typ: "meta", body: append([]byte(nil), p[:4]...)}
	for _, k := range kids {
		kw := "meta/" + printable(k.typ)
		switch k.typ {
		case "hdlr":
			h, err := a.hdlr(k.data, kw)
			if err != nil {
				return nil, err
			}
			out.kids = append(out.kids, leaf("hdlr", h.body))
		case "pitm":
			out.kids = append(out.kids, leaf("pitm", k.data))
		case "dinf":
			n, err := a.dinf(k.data, kw)
			if err != nil {
				return nil, err
			}
			out.kids = append(out.kids, n)
		case "iinf":
			out.kids = append(out.kids, im.iinfNode(k.data[0]))
		case "iloc":
			out.kids = append(out.kids, &node{gen: im.iloc})
		case "iref":
			if n := im.irefNode(refs, refVersion); n != nil {
				out.kids = append(out.kids, n)
			}
		case "iprp":
			out.kids = append(out.kids, props)
		case "idat":
			if im.idatOut.total() > 0 {
				var body []byte
				for _, s := range im.idatOut.s {
					body = append(body, im.idat[s.start:s.end]...)
				}
				out.kids = append(out.kids, leaf("idat", body))
			}
		case "grpl":
			if n := im.grplNode(k.data); n != nil {
				out.kids = append(out.kids, n)
			}
		case "free", "skip":
			a.freeBox(k.data, kw)
		case "xml ", "bxml":
			a.add(scrub.Finding{Where: kw, Field: "XML metadata", Value: describe(k.data), Label: scrub.LabelMetadata})
		default:
			a.unknownBox(k, kw)
		}
	}
	return out, nil
}

func parsePitm(p []byte) (uint32, error) {
	r := reader{b: p}
	v := r.u8()
	r.bytes(3)
	var id uint32
	if v == 0 {
		id = uint32(r.u16())
	} else {
		id = r.u32()
	}
	if r.bad {
		return 0, malformed("the primary item box is cut short")
	}
	return id, nil
}

// parseItems reads iinf and its infe boxes.
func (im *image) parseItems(p []byte) error {
	r := reader{b: p}
	v := r.u8()
	r.bytes(3)
	if v == 0 {
		r.u16()
	} else {
		r.u32()
	}
	if r.bad {
		return malformed("the item list is cut short")
	}
	entries, err := children(p[r.off:], "iinf")
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := im.a.count(); err != nil {
			return err
		}
		if e.typ != "infe" {
			im.a.unknownBox(e, "meta/iinf/"+printable(e.typ))
			continue
		}
		it, err := parseInfe(e.data)
		if err != nil {
			return err
		}
		if im.byID[it.id] != nil {
			return malformed("two items have the id %d", it.id)
		}
		im.byID[it.id] = it
		im.items = append(im.items, it)
	}
	return nil
}

func parseInfe(p []byte) (*item, error) {
	r := reader{b: p}
	it := &item{version: r.u8(), flags: r.bytes(3)}
	switch it.version {
	case 0, 1:
		it.id = uint32(r.u16())
		it.protected = r.u16() != 0
		it.name = r.cstring()
		it.ctype = r.cstring()
		it.typ = "mime"
	case 2, 3:
		if it.version == 2 {
			it.id = uint32(r.u16())
		} else {
			it.id = r.u32()
		}
		it.protected = r.u16() != 0
		it.typ = string(r.bytes(4))
		it.name = r.cstring()
		if it.typ == "mime" {
			it.ctype = r.cstring()
		}
	default:
		return nil, unsupported(fmt.Sprintf("an item entry of version %d, which scrub does not know", it.version), "")
	}
	if r.bad {
		return nil, malformed("an item entry is cut short")
	}
	return it, nil
}

// parseLocations reads iloc (23008-12 refers to 14496-12 §8.11.3).
func (im *image) parseLocations(p []byte) error {
	r := reader{b: p}
	v := r.u8()
	r.bytes(3)
	if v > 2 {
		return unsupported(fmt.Sprintf("item locations of version %d, which scrub does not know", v), "")
	}
	b := r.u8()
	offSize, lenSize := int(b>>4), int(b&15)
	b = r.u8()
	baseSize, indexSize := int(b>>4), int(b&15)
	if v == 0 {
		indexSize = 0
	}
	for _, s := range []int{offSize, lenSize, baseSize, indexSize} {
		if s != 0 && s != 4 && s != 8 {
			return malformed("the item locations use a field size of %d bytes", s)
		}
	}
	var n uint32
	if v < 2 {
		n = uint32(r.u16())
	} else {
		n = r.u32()
	}
	im.iloc = &ilocGen{im: im, version: v, indexSize: indexSize}
	for ; n > 0 && !r.bad; n-- {
		if err := im.a.count(); err != nil {
			return err
		}
		var id uint32
		if v < 2 {
			id = uint32(r.u16())
		} else {
			id = r.u32()
		}
		loc := &itemLoc{}
		if v >= 1 {
			loc.method = int(r.u16() & 15)
		}
		dref := r.u16()
		base := r.uint(baseSize)
		count := int(r.u16())
		if count > r.left() {
			return malformed("the item locations declare more extents than they hold")
		}
		for ; count > 0 && !r.bad; count-- {
			loc.index = append(loc.index, r.uint(indexSize))
			off := r.uint(offSize)
			length := r.uint(lenSize)
			if base > 1<<62 || off > 1<<62 || length > 1<<62 {
				return malformed("an item lies past the end of the file")
			}
			loc.extents = append(loc.extents, span{int64(base + off), int64(base + off + length)})
			if length == 0 {
				loc.extents[len(loc.extents)-1].end = -1 // to the end of the data
			}
		}
		if r.bad {
			break
		}
		it := im.byID[id]
		if it == nil {
			im.a.add(scrub.Finding{Where: "meta/iloc", Field: "location of a missing item", Value: fmt.Sprintf("item %d", id),
				Label: scrub.LabelHiddenData, Minor: true})
			continue
		}
		if it.loc != nil {
			return malformed("item %d has two locations", id)
		}
		if dref != 0 {
			return unsupported("the image refers to data in other files, which scrub does not clean", "")
		}
		if loc.method > 1 {
			if it.keep || imageItems[it.typ] {
				return unsupported("an image item stored as a part of another item, which scrub does not rewrite", "")
			}
			continue
		}
		it.loc = loc
		if loc.method == 0 && loc.index != nil && indexSize == 0 {
			loc.index = nil
		}
		im.iloc.items = append(im.iloc.items, it)
	}
	if r.bad {
		return malformed("the item locations are cut short")
	}
	return nil
}

// resolve turns extents "to the end of the data" into explicit ones and
// checks that every extent lies in the file (or in idat).
func (im *image) resolve(it *item) error {
	for i, e := range it.loc.extents {
		switch it.loc.method {
		case 0:
			if e.end == -1 {
				e.end = im.a.size
				if m := im.a.mdatAt(e.start); m != nil {
					e.end = m.end()
				}
			}
			if e.start > im.a.size || e.end > im.a.size {
				return malformed("item %d lies past the end of the file", it.id)
			}
		case 1:
			if e.end == -1 {
				e.end = int64(len(im.idat))
			}
			if e.start > int64(len(im.idat)) || e.end > int64(len(im.idat)) {
				return malformed("item %d lies past the end of its data box", it.id)
			}
		}
		it.loc.extents[i] = e
	}
	return nil
}

// spans adds the bytes of kept items to the kept set (file or idat) and
// those of removed items to the removed set.
func (im *image) spans() error {
	for _, it := range im.items {
		if it.loc == nil {
			continue
		}
		if err := im.resolve(it); err != nil {
			return err
		}
		for _, e := range it.loc.extents {
			switch {
			case it.loc.method == 1 && it.keep:
				im.idatOut.add(e.start, e.end)
			case it.loc.method == 0 && it.keep:
				im.a.keep.add(e.start, e.end)
			case it.loc.method == 0:
				im.a.removed.add(e.start, e.end)
			}
		}
	}
	im.idatOut.norm()
	kept := im.iloc.items[:0]
	for _, it := range im.iloc.items {
		if it.keep {
			kept = append(kept, it)
		}
	}
	im.iloc.items = kept
	return nil
}

// data reads an item's bytes, up to max.
func (im *image) data(it *item, max int64) ([]byte, bool, error) {
	if it.loc == nil {
		return nil, true, nil
	}
	var n int64
	for _, e := range it.loc.extents {
		n += e.len()
	}
	if n > max {
		return nil, false, nil
	}
	im.read += n
	out := make([]byte, 0, n)
	for _, e := range it.loc.extents {
		if it.loc.method == 1 {
			out = append(out, im.idat[e.start:e.end]...)
			continue
		}
		p := make([]byte, e.len())
		if _, err := im.a.r.ReadAt(p, e.start); err != nil {
			return nil, false, fmt.Errorf("reading: %w", err)
		}
		out = append(out, p...)
	}
	return out, true, nil
}

// itemFindings lists the items that go, with what they hold, and the
// names of those that stay.
func (im *image) itemFindings() error {
	a := im.a
	for _, it := range im.items {
		if it.loc != nil {
			if err := im.resolve(it); err != nil {
				return err
			}
		}
		where := fmt.Sprintf("item %d (%s)", it.id, printable(it.typ))
		if it.keep {
			if n := trimText(it.name); n != "" {
				a.add(scrub.Finding{Where: where, Field: "item name", Value: n, Label: scrub.LabelMetadata, Minor: true})
			}
			continue
		}
		p, whole, err := im.data(it, min(64<<20, a.limits.MaxMemberSize)-im.read)
		if err != nil {
			return err
		}
		var fs []scrub.Finding
		switch {
		case it.typ == "Exif":
			where = "Exif"
			if whole {
				fs, _ = imagemeta.EXIF(exifTIFF(p), where)
			}
		case it.typ == "mime" && bytes.Contains([]byte(it.ctype), []byte("xml")):
			where = "XMP"
			if whole {
				fs = imagemeta.XMP(p, where)
			}
		case it.typ == "mime" && bytes.Contains([]byte(it.ctype), []byte("c2pa")), it.typ == "jumb":
			fs = []scrub.Finding{{Where: where, Field: "C2PA manifest", Value: fmt.Sprintf("%d bytes", len(p)),
				Label: scrub.LabelHistory, Kind: scrub.KindEditHistory, Action: scrub.Remove}}
			a.warn(warnings.ContentCredentialsRemoved().Message)
		}
		for _, f := range fs {
			a.add(f)
		}
		if !scrub.Removable(fs) {
			v := it.ctype
			if v != "" {
				v += ", "
			}
			if whole {
				v += describe(p)
			} else {
				v += "a large item"
			}
			a.add(scrub.Finding{Where: where, Field: "item " + printable(it.typ), Value: v, Label: scrub.LabelMetadata})
		}
	}
	return nil
}

// exifTIFF finds the TIFF structure in an Exif item: after the 4-byte
// offset to it (23008-12 Annex A), or where writers actually put it.
func exifTIFF(p []byte) []byte {
	isTIFF := func(b []byte) bool {
		return len(b) >= 4 && (bytes.HasPrefix(b, []byte("II*\x00")) || bytes.HasPrefix(b, []byte("MM\x00*")))
	}
	if len(p) >= 4 {
		off := uint64(binary.BigEndian.Uint32(p))
		if off < uint64(len(p)-4) && isTIFF(p[4+off:]) {
			return p[4+off:]
		}
	}
	for i := 0; i < min(len(p), 64); i++ {
		if isTIFF(p[i:]) {
			return p[i:]
		}
	}
	return p
}

func (im *image) iinfNode(version byte) *node {
	body := []byte{version, 0, 0, 0}
	var kept []*item
	for _, it := range im.items {
		if it.keep {
			kept = append(kept, it)
		}
	}
	if version == 0 {
		body = binary.BigEndian.AppendUint16(body, uint16(len(kept)))
	} else {
		body = binary.BigEndian.AppendUint32(body, uint32(len(kept)))
	}
	n := &node{typ: "iinf", body: body}
	for _, it := range kept {
		e := append([]byte{it.version}, it.flags...)
		if it.version == 2 {
			e = binary.BigEndian.AppendUint16(e, uint16(it.id))
		} else {
			e = binary.BigEndian.AppendUint32(e, it.id)
		}
		e = append(e, 0, 0) // not protected
		e = append(e, it.typ...)
		e = append(e, 0) // no name
		n.kids = append(n.kids, leaf("infe", e))
	}
	return n
}

func parseRefs(p []byte) ([]itemRef, byte, error) {
	if len(p) < 4 {
		return nil, 0, malformed("the item references are cut short")
	}
	v := p[0]
	kids, err := children(p[4:], "iref")
	if err != nil {
		return nil, 0, err
	}
	var out []itemRef
	for _, k := range kids {
		r := reader{b: k.data}
		id := func() uint32 {
			if v == 0 {
				return uint32(r.u16())
			}
			return r.u32()
		}
		ref := itemRef{typ: k.typ, from: id()}
		n := int(r.u16())
		if n > r.left() {
			return nil, 0, malformed("an item reference declares more items than it holds")
		}
		for ; n > 0; n-- {
			ref.to = append(ref.to, id())
		}
		if r.bad {
			return nil, 0, malformed("an item reference is cut short")
		}
		out = append(out, ref)
	}
	return out, v, nil
}

// irefNode keeps the references between kept items.
func (im *image) irefNode(refs []itemRef, version byte) *node {
	n := &node{typ: "iref", body: []byte{version, 0, 0, 0}}
	put := func(b []byte, id uint32) []byte {
		if version == 0 {
			return binary.BigEndian.AppendUint16(b, uint16(id))
		}
		return binary.BigEndian.AppendUint32(b, id)
	}
	for _, r := range refs {
		if it := im.byID[r.from]; it == nil || !it.keep {
			continue
		}
		var to []uint32
		for _, id := range r.to {
			if it := im.byID[id]; it != nil && it.keep {
				to = append(to, id)
			}
		}
		if len(to) == 0 {
			continue
		}
		b := put(nil, r.from)
		b = binary.BigEndian.AppendUint16(b, uint16(len(to)))
		for _, id := range to {
			b = put(b, id)
		}
		n.kids = append(n.kids, leaf(r.typ, b))
	}
	if len(n.kids) == 0 {
		return nil
	}
	return n
}

// grplNode keeps entity groups (bursts, alternatives, stereo pairs)
// without removed items.
func (im *image) grplNode(p []byte) *node {
	kids, err := children(p, "grpl")
	if err != nil {
		im.a.add(scrub.Finding{Where: "meta/grpl", Field: "groups", Value: describe(p), Label: scrub.LabelMetadata, Minor: true})
		return nil
	}
	n := &node{typ: "grpl"}
	for _, k := range kids {
		if len(k.data) < 12 {
			continue
		}
		count := int(binary.BigEndian.Uint32(k.data[8:]))
		if count > (len(k.data)-12)/4 {
			continue
		}
		body := append([]byte(nil), k.data[:12]...)
		kept := 0
		for i := 0; i < count; i++ {
			id := binary.BigEndian.Uint32(k.data[12+4*i:])
			if it := im.byID[id]; it != nil && !it.keep {
				continue
			}
			body = binary.BigEndian.AppendUint32(body, id)
			kept++
		}
		if kept == 0 {
			continue
		}
		binary.BigEndian.PutUint32(body[8:], uint32(kept))
		body = append(body, k.data[12+4*count:]...)
		n.kids = append(n.kids, leaf(k.typ, body))
	}
	if len(n.kids) == 0 {
		return nil
	}
	return n
}

// properties rebuilds iprp: the properties kept items use and display
// needs, renumbered, and their associations.
func (im *image) properties(iprp []rawBox) (*node, error) {
	a := im.a
	out := &node{typ: "iprp"}
	if len(iprp) == 0 {
		return out, nil
	}
	kids, err := children(iprp[0].data, "iprp")
	if err != nil {
		return nil, err
	}
	var props []rawBox
	type ipma struct {
		version byte
		flags   []byte
		entries map[uint32][]assoc
		order   []uint32
	}
	var maps []ipma
	for _, k := range kids {
		switch k.typ {
		case "ipco":
			if props != nil {
				return nil, malformed("the image has two property containers")
			}
			props, err = children(k.data, "ipco")
			if err != nil {
				return nil, err
			}
			if props == nil {
				props = []rawBox{}
			}
		case "ipma":
			r := reader{b: k.data}
			m := ipma{version: r.u8(), flags: r.bytes(3), entries: map[uint32][]assoc{}}
			wide := len(m.flags) == 3 && m.flags[2]&1 != 0
			n := r.u32()
			if uint64(n) > uint64(r.left()) {
				return nil, malformed("the property associations declare more items than they hold")
			}
			for ; n > 0 && !r.bad; n-- {
				var id uint32
				if m.version < 1 {
					id = uint32(r.u16())
				} else {
					id = r.u32()
				}
				c := int(r.u8())
				var as []assoc
				for ; c > 0; c-- {
					if wide {
						v := r.u16()
						as = append(as, assoc{v&0x8000 != 0, int(v & 0x7fff)})
					} else {
						v := r.u8()
						as = append(as, assoc{v&0x80 != 0, int(v & 0x7f)})
					}
				}
				if _, dup := m.entries[id]; !dup {
					m.order = append(m.order, id)
				}
				m.entries[id] = append(m.entries[id], as...)
			}
			if r.bad {
				return nil, malformed("the property associations are cut short")
			}
			maps = append(maps, m)
		case "free", "skip":
			a.freeBox(k.data, "meta/iprp/"+k.typ)
		default:
			a.unknownBox(k, "meta/iprp/"+printable(k.typ))
		}
	}
	// Which properties stay: those a kept item uses and display needs.
	used := make([]bool, len(props)+1)
	essential := make([]bool, len(props)+1)
	for _, m := range maps {
		for id, as := range m.entries {
			if it := im.byID[id]; it == nil || !it.keep {
				continue
			}
			for _, s := range as {
				if s.index > len(props) {
					return nil, malformed("an item refers to property %d of %d", s.index, len(props))
				}
				used[s.index] = true
				essential[s.index] = essential[s.index] || s.essential
			}
		}
	}
	newIndex := make([]int, len(props)+1)
	ipco := &node{typ: "ipco"}
	for i, pr := range props {
		if err := a.count(); err != nil {
			return nil, err
		}
		where := fmt.Sprintf("meta/ipco/%s (property %d)", printable(pr.typ), i+1)
		var n *node
		switch {
		case pr.typ == "colr":
			n, err = a.colr(pr.data, where)
			if err != nil {
				return nil, err
			}
		case keptProperties[pr.typ]:
			n = leaf(pr.typ, pr.data)
		case pr.typ == "free" || pr.typ == "skip":
			a.freeBox(pr.data, where)
		case pr.typ == "udes":
			r := reader{b: pr.data[min(4, len(pr.data)):]}
			r.cstring() // language
			var parts []string
			for i := 0; i < 3; i++ {
				if s := trimText(r.cstring()); s != "" {
					parts = append(parts, s)
				}
			}
			a.add(scrub.Finding{Where: where, Field: "user description", Value: joinMax(parts, 3), Label: scrub.LabelDescription})
		case pr.typ == "crtt":
			a.add(scrub.Finding{Where: where, Field: "creation time", Value: describe(pr.data), Label: scrub.LabelCreated})
		case pr.typ == "mdft":
			a.add(scrub.Finding{Where: where, Field: "modification time", Value: describe(pr.data), Label: scrub.LabelModified})
		case pr.typ == "altt":
			a.add(scrub.Finding{Where: where, Field: "alternative text", Value: describe(pr.data), Label: scrub.LabelDescription})
		default:
			a.unknownBox(pr, where)
			if essential[i+1] {
				return nil, unsupported(fmt.Sprintf("a picture of this image needs a property scrub does not know (%s)", printable(pr.typ)),
					"convert it to JPEG or PNG and clean that copy")
			}
		}
		if n != nil && used[i+1] {
			ipco.kids = append(ipco.kids, n)
			newIndex[i+1] = len(ipco.kids)
		}
	}
	out.kids = append(out.kids, ipco)
	for _, m := range maps {
		wide := len(m.flags) == 3 && m.flags[2]&1 != 0
		body := append([]byte{m.version}, m.flags...)
		count := 0
		var entries []byte
		for _, id := range m.order {
			if it := im.byID[id]; it == nil || !it.keep {
				continue
			}
			var as []assoc
			for _, s := range m.entries[id] {
				if s.index == 0 || newIndex[s.index] != 0 {
					as = append(as, assoc{s.essential, newIndex[s.index]})
				}
			}
			if m.version < 1 {
				entries = binary.BigEndian.AppendUint16(entries, uint16(id))
			} else {
				entries = binary.BigEndian.AppendUint32(entries, id)
			}
			entries = append(entries, byte(len(as)))
			for _, s := range as {
				if wide {
					v := uint16(s.index)
					if s.essential {
						v |= 0x8000
					}
					entries = binary.BigEndian.AppendUint16(entries, v)
				} else {
					v := byte(s.index)
					if s.essential {
						v |= 0x80
					}
					entries = append(entries, v)
				}
			}
			count++
		}
		body = binary.BigEndian.AppendUint32(body, uint32(count))
		out.kids = append(out.kids, leaf("ipma", append(body, entries...)))
	}
	return out, nil
}

// ilocGen writes iloc for the output: the kept items, each extent at its
// new offset (absolute in the file, or in the new idat), with field sizes
// wide enough for the values.
type ilocGen struct {
	im        *image
	version   byte
	indexSize int
	items     []*item
	offSize   int
}

func (g *ilocGen) typ() boxType { return "iloc" }

func (g *ilocGen) offset(it *item, x int64) int64 {
	if it.loc.method == 1 {
		return g.im.idatOut.before(x)
	}
	return g.im.a.mapOffset(x)
}

func (g *ilocGen) sizes() (int, int) {
	off, n := 4, 4
	if g.offSize > off {
		off = g.offSize
	}
	for _, it := range g.items {
		for _, e := range it.loc.extents {
			if e.len() > 1<<32-1 {
				n = 8
			}
		}
	}
	return off, n
}

func (g *ilocGen) size() int64 {
	off, n := g.sizes()
	s := int64(4 + 2)
	idw := int64(2)
	if g.version >= 2 {
		s += 4
		idw = 4
	} else {
		s += 2
	}
	for _, it := range g.items {
		s += idw + 2 + 2
		if g.version >= 1 {
			s += 2
		}
		s += int64(len(it.loc.extents)) * int64(g.indexSize+off+n)
	}
	return s
}

func (g *ilocGen) appendTo(b []byte) []byte {
	off, n := g.sizes()
	b = append(b, g.version, 0, 0, 0)
	b = append(b, byte(off<<4|n), byte(g.indexSize)) // base_offset_size 0
	if g.version < 2 {
		b = binary.BigEndian.AppendUint16(b, uint16(len(g.items)))
	} else {
		b = binary.BigEndian.AppendUint32(b, uint32(len(g.items)))
	}
	for _, it := range g.items {
		if g.version < 2 {
			b = binary.BigEndian.AppendUint16(b, uint16(it.id))
		} else {
			b = binary.BigEndian.AppendUint32(b, it.id)
		}
		if g.version >= 1 {
			b = binary.BigEndian.AppendUint16(b, uint16(it.loc.method))
		}
		b = append(b, 0, 0) // data_reference_index: this file
		b = binary.BigEndian.AppendUint16(b, uint16(len(it.loc.extents)))
		for i, e := range it.loc.extents {
			var idx uint64
			if i < len(it.loc.index) {
				idx = it.loc.index[i]
			}
			b = appendUint(b, g.indexSize, idx)
			b = appendUint(b, off, uint64(g.offset(it, e.start)))
			b = appendUint(b, n, uint64(e.len()))
		}
	}
	return b
}

// widen switches to 64-bit offsets if one of the current layout needs it.
func (g *ilocGen) widen() bool {
	if g.offSize == 8 {
		return false
	}
	for _, it := range g.items {
		for _, e := range it.loc.extents {
			if g.offset(it, e.start) > 1<<32-1 {
				g.offSize = 8
				return true
			}
		}
	}
	return false
}
