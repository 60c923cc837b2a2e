package isobmff

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/scrub-project/scrub/formats/internal/section"
	"github.com/scrub-project/scrub/scrub"
)

// track is one trak of the movie.
type track struct {
	index   int // 1-based position in the movie, for messages
	id      uint32
	handler string // media handler type: vide, soun, meta, tmcd…
	name    string // handler name ("GoPro MET", "Core Media Video")
	entry   string // format of the first sample description (avc1, mebx, gpmd)
	keep    bool
	node    *node
	stbl    *sampleTables
	tref    *node
	mebx    []string // key names of an Apple timed-metadata description
	tmcd    []byte   // the timecode sample description's payload
}

// keptHandlers are the media handler types of tracks the cleaned copy
// keeps: what is seen and heard. Timed metadata (meta, camm, …), timecode,
// hint and MPEG-4 systems tracks go.
var keptHandlers = map[string]bool{
	"vide": true, "soun": true, "auxv": true, "pict": true, // video, sound, auxiliary video, image sequences
	"sbtl": true, "subt": true, "text": true, "clcp": true, // subtitles and captions, QuickTime text and chapters
}

// moov rebuilds the movie box: its header with dates zeroed and the kept
// tracks; user data, keyed metadata and everything else go.
func (a *analysis) moov(p []byte) (*node, error) {
	kids, err := children(p, "moov")
	if err != nil {
		return nil, err
	}
	out := &node{typ: "moov"}
	var mvhd bool
	for _, k := range kids {
		if err := a.count(); err != nil {
			return nil, err
		}
		where := "moov/" + printable(k.typ)
		switch k.typ {
		case "mvhd":
			if mvhd {
				return nil, malformed("the movie has two movie headers")
			}
			mvhd = true
			body, err := a.zeroDates(k.data, "movie header")
			if err != nil {
				return nil, err
			}
			out.kids = append(out.kids, leaf("mvhd", body))
		case "trak":
			t, err := a.trak(k.data, len(a.tracks)+1)
			if err != nil {
				return nil, err
			}
			a.tracks = append(a.tracks, t)
			if t.keep {
				out.kids = append(out.kids, t.node)
			}
		case "udta":
			if err := a.userData(k.data, where, 0); err != nil {
				return nil, err
			}
		case "meta":
			if err := a.metaFindings(k.data, where); err != nil {
				return nil, err
			}
		case "mvex":
			return nil, unsupported("fragmented MP4 (a streaming layout) is not supported", hintRemux)
		case "cmov":
			return nil, unsupported("compressed QuickTime movie headers are not supported", hintRemux)
		case "free", "skip", "wide":
			a.freeBox(k.data, where)
		case "iods":
			a.add(scrub.Finding{Where: where, Field: "object descriptor", Value: fmt.Sprintf("%d bytes", len(k.data)),
				Label: scrub.LabelSettings, Kind: scrub.KindOther, Minor: true})
		default:
			a.unknownBox(k, where)
		}
	}
	if !mvhd {
		return nil, malformed("the movie has no movie header")
	}
	// References to removed tracks go from the kept ones.
	removed := map[uint32]bool{}
	for _, t := range a.tracks {
		if !t.keep {
			removed[t.id] = true
		}
	}
	for _, t := range a.tracks {
		if t.keep && t.tref != nil {
			t.tref.kids = filterTrackRefs(t.tref.kids, removed)
			if len(t.tref.kids) == 0 {
				t.node.kids = remove(t.node.kids, t.tref)
			}
		}
	}
	for _, t := range a.tracks {
		if err := a.trackData(t); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func remove(ns []*node, n *node) []*node {
	out := ns[:0]
	for _, k := range ns {
		if k != n {
			out = append(out, k)
		}
	}
	return out
}

// filterTrackRefs drops removed track ids from track reference boxes, and
// the boxes left empty.
func filterTrackRefs(refs []*node, removed map[uint32]bool) []*node {
	var out []*node
	for _, r := range refs {
		var body []byte
		for i := 0; i+4 <= len(r.body); i += 4 {
			if !removed[binary.BigEndian.Uint32(r.body[i:])] {
				body = append(body, r.body[i:i+4]...)
			}
		}
		if len(body) > 0 {
			out = append(out, leaf(r.typ, body))
		}
	}
	return out
}

// trak parses a track and rebuilds it from what playback needs.
func (a *analysis) trak(p []byte, index int) (*track, error) {
	where := fmt.Sprintf("track %d", index)
	kids, err := children(p, where)
	if err != nil {
		return nil, err
	}
	t := &track{index: index, node: &node{typ: "trak"}}
	var mdia, tkhd bool
	for _, k := range kids {
		if err := a.count(); err != nil {
			return nil, err
		}
		kw := where + "/" + printable(k.typ)
		switch k.typ {
		case "tkhd":
			if len(k.data) < 24 {
				return nil, malformed("%s: the track header is cut short", where)
			}
			tkhd = true
			body, err := a.zeroDates(k.data, where+" header")
			if err != nil {
				return nil, err
			}
			v := 12
			if k.data[0] == 1 {
				v = 20
			}
			t.id = binary.BigEndian.Uint32(k.data[v:])
			t.node.kids = append(t.node.kids, leaf("tkhd", body))
		case "mdia":
			if mdia {
				return nil, malformed("%s has two media boxes", where)
			}
			mdia = true
			n, err := a.mdia(k.data, t, where)
			if err != nil {
				return nil, err
			}
			t.node.kids = append(t.node.kids, n)
		case "tref":
			refs, err := children(k.data, kw)
			if err != nil {
				return nil, err
			}
			t.tref = &node{typ: "tref"}
			for _, r := range refs {
				t.tref.kids = append(t.tref.kids, leaf(r.typ, r.data))
			}
			t.node.kids = append(t.node.kids, t.tref)
		case "edts", "tapt":
			// Edit lists (what of the media plays when) and QuickTime's
			// aperture dimensions: numbers only.
			t.node.kids = append(t.node.kids, leaf(k.typ, k.data))
		case "udta":
			if err := a.userData(k.data, kw, 0); err != nil {
				return nil, err
			}
		case "meta":
			if err := a.metaFindings(k.data, kw); err != nil {
				return nil, err
			}
		case "free", "skip", "wide":
			a.freeBox(k.data, kw)
		default:
			a.unknownBox(k, kw)
		}
	}
	if !tkhd || !mdia {
		return nil, malformed("%s has no track header or no media box", where)
	}
	if t.stbl == nil {
		return nil, malformed("%s has no sample table", where)
	}
	t.keep = keptHandlers[t.handler]
	if t.keep && encrypted[t.entry] {
		return nil, unsupported("protected (DRM-encrypted) media is not supported", "")
	}
	return t, nil
}

var encrypted = map[string]bool{"encv": true, "enca": true, "enct": true, "encs": true, "encm": true, "drms": true, "drmi": true, "drmp": true}

func (a *analysis) mdia(p []byte, t *track, where string) (*node, error) {
	kids, err := children(p, where+"/mdia")
	if err != nil {
		return nil, err
	}
	out := &node{typ: "mdia"}
	var minf []byte
	for _, k := range kids {
		if err := a.count(); err != nil {
			return nil, err
		}
		kw := where + "/mdia/" + printable(k.typ)
		switch k.typ {
		case "mdhd":
			body, err := a.zeroDates(k.data, where+" media header")
			if err != nil {
				return nil, err
			}
			out.kids = append(out.kids, leaf("mdhd", body))
		case "hdlr":
			h, err := a.hdlr(k.data, kw)
			if err != nil {
				return nil, err
			}
			t.handler, t.name = h.kind, h.name
			out.kids = append(out.kids, leaf("hdlr", h.body))
		case "minf":
			minf = k.data
		case "udta":
			if err := a.userData(k.data, kw, 0); err != nil {
				return nil, err
			}
		case "free", "skip":
			a.freeBox(k.data, kw)
		default:
			a.unknownBox(k, kw)
		}
	}
	if t.handler == "" || minf == nil {
		return nil, malformed("%s has no handler or no media information", where)
	}
	n, err := a.minf(minf, t, where)
	if err != nil {
		return nil, err
	}
	out.kids = append(out.kids, n)
	return out, nil
}

type handlerBox struct {
	kind string
	name string
	body []byte
}

// hdlr reads a handler box and rebuilds it without its name and, in
// QuickTime, without the component maker ('appl'): names like "GoPro AVC"
// or "Core Media Video" say which device or program wrote the file.
func (a *analysis) hdlr(p []byte, where string) (handlerBox, error) {
	if len(p) < 24 {
		return handlerBox{}, malformed("%s: the handler box is cut short", where)
	}
	h := handlerBox{kind: string(p[8:12])}
	name := p[24:]
	switch {
	case len(name) > 0 && int(name[0]) == len(name)-1:
		h.name = string(name[1:]) // a Pascal string
	default:
		r := reader{b: name}
		h.name = r.cstring()
	}
	h.name = trimText(h.name)
	if h.name != "" || !section.IsZero(p[12:24]) {
		v := h.name
		if v == "" {
			v = printable(string(p[12:16]))
		}
		if key := "handler" + v; !a.seen[key] {
			a.seen[key] = true
			a.add(scrub.Finding{Where: where, Field: "handler name", Value: v, Label: scrub.LabelSoftware, Minor: true})
		}
	}
	body := make([]byte, 25)
	copy(body, p[:12]) // version, flags, component type, handler type
	h.body = body      // reserved fields zero, empty name
	return h, nil
}

func (a *analysis) minf(p []byte, t *track, where string) (*node, error) {
	kids, err := children(p, where+"/minf")
	if err != nil {
		return nil, err
	}
	out := &node{typ: "minf"}
	for _, k := range kids {
		if err := a.count(); err != nil {
			return nil, err
		}
		kw := where + "/minf/" + printable(k.typ)
		switch k.typ {
		case "vmhd", "smhd", "gmhd", "nmhd", "sthd", "hmhd":
			out.kids = append(out.kids, leaf(k.typ, k.data))
		case "hdlr": // QuickTime's data handler
			h, err := a.hdlr(k.data, kw)
			if err != nil {
				return nil, err
			}
			out.kids = append(out.kids, leaf("hdlr", h.body))
		case "dinf":
			n, err := a.dinf(k.data, kw)
			if err != nil {
				return nil, err
			}
			out.kids = append(out.kids, n)
		case "stbl":
			if t.stbl != nil {
				return nil, malformed("%s has two sample tables", where)
			}
			n, err := a.stblBox(k.data, t, where)
			if err != nil {
				return nil, err
			}
			out.kids = append(out.kids, n)
		case "free", "skip":
			a.freeBox(k.data, kw)
		default:
			a.unknownBox(k, kw)
		}
	}
	return out, nil
}

// dinf checks that the media is in this file (every data reference is
// self-contained) and rebuilds the references without what they carry.
func (a *analysis) dinf(p []byte, where string) (*node, error) {
	kids, err := children(p, where)
	if err != nil {
		return nil, err
	}
	out := &node{typ: "dinf"}
	for _, k := range kids {
		if k.typ != "dref" {
			a.unknownBox(k, where+"/"+printable(k.typ))
			continue
		}
		if len(k.data) < 8 {
			return nil, malformed("%s: the data reference box is cut short", where)
		}
		refs, err := children(k.data[8:], where+"/dref")
		if err != nil {
			return nil, err
		}
		body := append([]byte(nil), k.data[:4]...)
		body = binary.BigEndian.AppendUint32(body, uint32(len(refs)))
		for _, r := range refs {
			_, flags, ok := fullBox(r.data)
			if !ok || flags&1 == 0 {
				return nil, unsupported("the media refers to data in other files, which scrub does not clean", "")
			}
			if len(r.data) > 4 {
				a.add(scrub.Finding{Where: where, Field: "data reference", Value: describe(r.data[4:]), Label: scrub.LabelFilePath, Minor: true})
			}
			body = appendHeader(body, r.typ, 12, nil)
			body = append(body, r.data[:4]...)
		}
		out.kids = append(out.kids, leaf("dref", body))
	}
	return out, nil
}

// mac1904 is the epoch of ISO media dates (1904-01-01 UTC) in Unix time.
const mac1904 = -2082844800

// zeroDates returns a copy of a movie, track or media header payload with
// its creation and modification times set to zero, and lists them.
func (a *analysis) zeroDates(p []byte, where string) ([]byte, error) {
	if len(p) < 12 {
		return nil, malformed("%s is cut short", where)
	}
	out := append([]byte(nil), p...)
	var created, modified uint64
	switch p[0] {
	case 0:
		created, modified = uint64(binary.BigEndian.Uint32(p[4:])), uint64(binary.BigEndian.Uint32(p[8:]))
		clear(out[4:12])
	case 1:
		if len(p) < 20 {
			return nil, malformed("%s is cut short", where)
		}
		created, modified = binary.BigEndian.Uint64(p[4:]), binary.BigEndian.Uint64(p[12:])
		clear(out[4:20])
	default:
		return nil, unsupported(fmt.Sprintf("%s has version %d, which scrub does not know", where, p[0]), "")
	}
	a.date(where, "creation time", created, scrub.LabelCreated)
	a.date(where, "modification time", modified, scrub.LabelModified)
	return out, nil
}

func (a *analysis) date(where, field string, secs uint64, label scrub.Label) {
	if secs == 0 {
		return
	}
	v := macDate(secs)
	// Every track repeats the movie's dates: one finding says it.
	key := string(label) + v
	if a.seen[key] {
		return
	}
	a.seen[key] = true
	a.add(scrub.Finding{Where: where, Field: field, Value: v, Label: label})
}

func macDate(secs uint64) string {
	if secs > 1<<40 {
		return fmt.Sprintf("%d seconds after 1904", secs)
	}
	return time.Unix(int64(secs)+mac1904, 0).UTC().Format("2006-01-02 15:04:05 UTC")
}

func (a *analysis) freeBox(p []byte, where string) {
	if section.IsZero(p) {
		return
	}
	a.add(scrub.Finding{Where: where, Field: "free space", Value: describe(p), Label: scrub.LabelHiddenData,
		Kind: scrub.KindHidden, Minor: previewOf(p) == ""})
}

func (a *analysis) unknownBox(k rawBox, where string) {
	field := printable(k.typ)
	if k.typ == "uuid" {
		if isXMPUUID(k.uuid) {
			a.xmp(k.data, where)
			return
		}
		field = fmt.Sprintf("uuid %x", k.uuid)
	}
	a.add(scrub.Finding{Where: where, Field: field, Value: describe(k.data), Label: scrub.LabelPrivateData, Kind: scrub.KindOther,
		Minor: previewOf(k.data) == "" && len(k.data) < 64})
}
