package matroska

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/scrub"
)

// rewriter filters the children of metadata masters through the schema.
type rewriter struct {
	a     *analyzer
	where string
	out   bool // false: only collect UIDs
	fs    []scrub.Finding
	text  []string // chapter and edition names (kept, reported)
	// UIDs met (collecting) and their new numbers (writing).
	uids map[action]map[uint64]uint64
	// seekable reports whether a seek entry points at an element kept.
	seekable func(id []byte, pos uint64) bool
	docType  string
	maxID    uint64
	maxSize  uint64
}

func (rw *rewriter) add(f scrub.Finding) {
	if rw.out {
		if f.Where == "" {
			f.Where = rw.where
		}
		rw.fs = append(rw.fs, f)
	}
}

// master returns the children of the master parent (its data b) that
// cleaning keeps, rewritten. It returns ErrMalformed for children that do
// not fit in b, sizes that are not valid, unknown sizes and nesting
// deeper than maxDepth.
func (rw *rewriter) master(parent uint32, b []byte, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, malformed("elements nested more than %d deep in %s", maxDepth, rw.where)
	}
	out := make([]byte, 0, len(b))
	codec := ""
	if parent == idTrackEntry {
		codec = codecID(b)
	}
	for p := 0; p < len(b); {
		id, n, ok := parseID(b[p:])
		if !ok {
			return nil, malformed("bytes that are no element ID in %s", rw.where)
		}
		size, m, ok := parseSize(b[p+n:])
		if !ok || size == unknownSize || size > int64(len(b)-p-n-m) {
			return nil, malformed("an element in %s runs past the end of its parent", rw.where)
		}
		raw := b[p : p+n+m+int(size)]
		data := raw[n+m:]
		p += len(raw)
		switch id {
		case idVoid:
			if bytes.Count(data, []byte{0}) != len(data) {
				rw.add(scrub.Finding{Field: "Void", Value: "padding that holds " + sizeText(int64(len(data))) + " of data" + describe(data),
					Kind: scrub.KindHidden, Label: scrub.LabelHiddenData, Action: scrub.Remove})
			}
			continue
		case idCRC32:
			continue // the data it covers changes
		}
		d, ok := defs[id]
		if !ok || (d.parent != parent && d.parent2 != parent) {
			rw.add(scrub.Finding{Field: name(id), Value: describeData(int64(len(data)), data), Kind: scrub.KindOther,
				Label: scrub.LabelPrivateData, Action: scrub.Remove})
			continue
		}
		switch d.act {
		case drop:
			rw.add(scrub.Finding{Field: d.name, Value: value(d, data), Kind: d.kind, Label: d.label, Action: scrub.Remove, Minor: d.minor})
			continue
		case neutral:
			if len(data) > 0 {
				rw.add(scrub.Finding{Field: d.name, Value: string(data), Kind: scrub.KindSoftware, Label: scrub.LabelSoftware, Action: scrub.Remove})
			}
			out = append(out, element(id, nil)...)
			continue
		case uidTrack, uidEdition, uidChapter:
			v, ok := readUint(data)
			if !ok {
				return nil, malformed("%s in %s is not a number", d.name, rw.where)
			}
			if !rw.out {
				if rw.uids[d.act] == nil {
					rw.uids[d.act] = map[uint64]uint64{}
				}
				if d.name == "TrackUID" || d.name == "EditionUID" || d.name == "ChapterUID" {
					rw.uids[d.act][v] = 0
				}
				continue
			}
			nv, ok := rw.uids[d.act][v]
			if !ok { // a reference to nothing
				rw.add(scrub.Finding{Field: d.name, Value: strconv.FormatUint(v, 16), Kind: scrub.KindEditHistory,
					Label: scrub.LabelDocumentID, Action: scrub.Remove, Minor: true})
				continue
			}
			if nv != v && (d.name == "TrackUID" || d.name == "EditionUID" || d.name == "ChapterUID") {
				rw.add(scrub.Finding{Field: d.name, Value: strconv.FormatUint(v, 16), Kind: scrub.KindEditHistory,
					Label: scrub.LabelDocumentID, Action: scrub.Remove, Minor: d.name != "TrackUID"})
			}
			out = append(out, element(id, uintBytes(nv))...)
			continue
		}
		if d.typ == 'm' {
			sub, err := rw.master(id, data, depth+1)
			if err != nil {
				return nil, err
			}
			if id == idSeek && rw.seekable != nil && !rw.seekEntry(sub) {
				continue
			}
			out = append(out, element(id, sub)...)
			continue
		}
		switch id {
		case idChapString, idEditionStr:
			if rw.out && len(data) > 0 {
				rw.text = append(rw.text, string(data))
				rw.add(scrub.Finding{Field: d.name, Value: string(data), Kind: scrub.KindOther, Label: scrub.LabelOutline, Action: scrub.Report})
			}
		case idCodecPriv:
			if isASS(codec) {
				out = append(out, element(id, cleanASS(data, rw.add))...)
				continue
			}
		case idDocType:
			rw.docType = string(bytes.TrimRight(data, "\x00"))
		case idMaxIDLength:
			rw.maxID, _ = readUint(data)
		case idMaxSizeLen:
			rw.maxSize, _ = readUint(data)
		}
		out = append(out, raw...)
	}
	return out, nil
}

// seekEntry reports whether a rewritten Seek (its children) points at an
// element cleaning keeps.
func (rw *rewriter) seekEntry(b []byte) bool {
	var id []byte
	var pos uint64
	have := 0
	for p := 0; p < len(b); {
		i, n, _ := parseID(b[p:])
		size, m, _ := parseSize(b[p+n:])
		data := b[p+n+m : p+n+m+int(size)]
		switch i {
		case idSeekID:
			id, have = data, have|1
		case idSeekPos:
			v, ok := readUint(data)
			if !ok {
				return false
			}
			pos, have = v, have|2
		}
		p += n + m + int(size)
	}
	return have == 3 && rw.seekable(id, pos)
}

// value shows a removed element's value.
func value(d def, b []byte) string {
	switch d.typ {
	case '8', 's':
		return string(bytes.TrimRight(b, "\x00"))
	case 'u':
		if v, ok := readUint(b); ok {
			return strconv.FormatUint(v, 10)
		}
	case 'i':
		if v, ok := readUint(b); ok && len(b) > 0 {
			return strconv.FormatInt(int64(v<<(64-8*len(b)))>>(64-8*len(b)), 10)
		}
	case 'f':
		switch len(b) {
		case 4:
			return strconv.FormatFloat(float64(math.Float32frombits(binary.BigEndian.Uint32(b))), 'g', -1, 32)
		case 8:
			return strconv.FormatFloat(math.Float64frombits(binary.BigEndian.Uint64(b)), 'g', -1, 64)
		}
	case 'd':
		if len(b) == 8 {
			ns := int64(binary.BigEndian.Uint64(b))
			return time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(ns)).Format("2006-01-02 15:04:05 UTC")
		}
	case 'b':
		if len(b) <= 32 {
			return fmt.Sprintf("%x", b)
		}
	}
	return imagemeta.Describe(b)
}

func sizeText(n int64) string { return imagemeta.Size(int(min(n, 1<<62))) }

// rank numbers the values of m 1, 2, 3… in increasing order (0 stays 0).
// No value gets a larger number than it had, so the new numbers never
// take more bytes.
func rank(m map[uint64]uint64) {
	vs := make([]uint64, 0, len(m))
	for v := range m {
		if v != 0 {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	for i, v := range vs {
		m[v] = uint64(i + 1)
	}
}

// rewrite rewrites a segment's metadata masters in place: each keeps its
// size, a Void taking up the room it no longer needs.
func (a *analyzer) rewrite(seg elem, kept []child) error {
	rw := &rewriter{a: a, uids: map[action]map[uint64]uint64{}}
	// First the UIDs: tracks are referred to from chapters.
	for _, c := range kept {
		if c.e.id == idTracks || c.e.id == idChapters {
			rw.where = name(c.e.id)
			if _, err := rw.master(c.e.id, c.data, 1); err != nil {
				return err
			}
		}
	}
	for _, m := range rw.uids {
		rank(m)
	}
	at := map[int64]uint32{}
	for _, c := range kept {
		at[c.e.off-seg.data()] = c.e.id
	}
	rw.seekable = func(id []byte, pos uint64) bool {
		want, n, ok := parseID(id)
		if !ok || n != len(id) || pos > uint64(a.size) {
			return false
		}
		if got, ok := at[int64(pos)]; ok {
			return got == want
		}
		if want != idCluster {
			return false
		}
		e, err := a.w.head(seg.data()+int64(pos), a.size)
		return err == nil && e.id == idCluster
	}
	rw.out = true
	for _, c := range kept {
		rw.where, rw.fs, rw.text = name(c.e.id), nil, nil
		content, err := rw.master(c.e.id, c.data, 1)
		if err != nil {
			return err
		}
		a.lay.findings = append(a.lay.findings, rw.fs...)
		if err := a.addRegion(region{where: name(c.e.id), e: c.e, text: rw.text}); err != nil {
			return err
		}
		if bytes.Equal(content, c.data) {
			continue
		}
		total := c.e.end() - c.e.off
		out, ok := fitAs(c.e, content, total)
		if !ok {
			return scrub.Unsupported("matroska", fmt.Sprintf("the cleaned %s does not fit in the place of the original", name(c.e.id)), "")
		}
		if err := a.addPatch(patch{off: c.e.off, n: total, data: out}); err != nil {
			return err
		}
	}
	return nil
}

// fitAs is fit, trying first the size width e has.
func fitAs(e elem, content []byte, total int64) ([]byte, bool) {
	l := e.hlen - len(idBytes(e.id))
	pad := total - int64(e.hlen) - int64(len(content))
	if pad == 0 || (pad >= 2 && fits(int64(len(content))+pad, l)) {
		out := append(idBytes(e.id), vint(int64(len(content))+pad, l)...)
		out = append(out, content...)
		if pad > 0 {
			vh := voidHeader(pad)
			out = append(out, vh...)
			out = append(out, make([]byte, pad-int64(len(vh)))...)
		}
		return out, true
	}
	return fit(e.id, content, total)
}

// codecID returns the CodecID among the children of a TrackEntry (its
// data b), or "".
func codecID(b []byte) string {
	for p := 0; p < len(b); {
		id, n, ok := parseID(b[p:])
		if !ok {
			return ""
		}
		size, m, ok := parseSize(b[p+n:])
		if !ok || size == unknownSize || size > int64(len(b)-p-n-m) {
			return ""
		}
		if id == idCodecID {
			return string(bytes.TrimRight(b[p+n+m:p+n+m+int(size)], "\x00"))
		}
		p += n + m + int(size)
	}
	return ""
}
