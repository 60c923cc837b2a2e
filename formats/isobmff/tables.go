package isobmff

import (
	"encoding/binary"
	"fmt"

	"github.com/scrub-project/scrub/scrub"
)

// sampleTables are the parts of a sample table that say where a track's
// samples are: sample sizes (stsz or stz2), samples per chunk (stsc) and
// chunk offsets (stco or co64; ISO/IEC 14496-12 §8.7).
type sampleTables struct {
	fixed     uint32 // stsz sample_size: every sample has this size, if not 0
	count     uint32 // number of samples
	sizes     []byte // the size table
	fieldBits int    // bits per size entry: 4, 8, 16 or 32
	stsc      []stscEntry
	chunks    *chunkTable
}

type stscEntry struct{ first, perChunk uint32 }

// stblBox rebuilds a sample table: everything is kept as it is but the
// chunk offsets, which are rewritten for the output, and the sample
// descriptions, which lose what their writer put in them.
func (a *analysis) stblBox(p []byte, t *track, where string) (*node, error) {
	n, err := a.stblParse(p, t, where)
	if err != nil && !keptHandlers[t.handler] && a.ctx.Err() == nil && !isLimit(err) {
		// The tables of a track that goes may be damaged: its samples
		// are left out either way (the gap is cut from the media data).
		t.stbl = &sampleTables{}
		return &node{typ: "stbl"}, nil
	}
	return n, err
}

func (a *analysis) stblParse(p []byte, t *track, where string) (*node, error) {
	kids, err := children(p, where+"/stbl")
	if err != nil {
		return nil, err
	}
	kept := keptHandlers[t.handler]
	out := &node{typ: "stbl"}
	st := &sampleTables{}
	t.stbl = st
	var haveSizes, haveChunks, haveStsc bool
	for _, k := range kids {
		if err := a.count(); err != nil {
			return nil, err
		}
		kw := where + "/stbl/" + printable(k.typ)
		switch k.typ {
		case "stsd":
			n, err := a.stsd(k.data, t, kw, kept)
			if err != nil {
				return nil, err
			}
			out.kids = append(out.kids, n)
		case "stts", "ctts", "cslg", "stss", "stps", "sdtp", "stsh", "padb", "stdp", "sgpd", "sbgp", "subs":
			out.kids = append(out.kids, leaf(k.typ, k.data))
		case "stsc":
			if haveStsc {
				return nil, malformed("%s has two sample-to-chunk tables", where)
			}
			haveStsc = true
			if err := st.parseStsc(k.data, where); err != nil {
				return nil, err
			}
			out.kids = append(out.kids, leaf(k.typ, k.data))
		case "stsz", "stz2":
			if haveSizes {
				return nil, malformed("%s has two sample size tables", where)
			}
			haveSizes = true
			if err := st.parseSizes(k.typ, k.data, where); err != nil {
				return nil, err
			}
			out.kids = append(out.kids, leaf(k.typ, k.data))
		case "stco", "co64":
			if haveChunks {
				return nil, malformed("%s has two chunk offset tables", where)
			}
			haveChunks = true
			ct, err := parseChunks(a, k.typ, k.data, where)
			if err != nil {
				return nil, err
			}
			st.chunks = ct
			out.kids = append(out.kids, &node{gen: ct})
		case "saiz", "saio", "senc":
			if kept {
				return nil, unsupported("protected (DRM-encrypted) media is not supported", "")
			}
		case "free", "skip":
			a.freeBox(k.data, kw)
		default:
			a.unknownBox(k, kw)
		}
	}
	switch {
	case !kept && (!haveSizes || !haveChunks || !haveStsc):
		st.chunks = nil
	case st.count == 0:
		// No samples: nothing to locate (the tables there are kept).
		if st.chunks == nil {
			st.chunks = &chunkTable{a: a}
		}
	case !haveSizes || !haveChunks || !haveStsc:
		return nil, malformed("%s lacks a sample size, sample-to-chunk or chunk offset table", where)
	}
	return out, nil
}

func (st *sampleTables) parseStsc(p []byte, where string) error {
	if len(p) < 8 {
		return malformed("%s: the sample-to-chunk table is cut short", where)
	}
	n := binary.BigEndian.Uint32(p[4:])
	if uint64(n)*12 > uint64(len(p)-8) {
		return malformed("%s: the sample-to-chunk table declares %d entries but holds fewer", where, n)
	}
	st.stsc = make([]stscEntry, n)
	var last uint32
	for i := range st.stsc {
		e := p[8+12*i:]
		st.stsc[i] = stscEntry{binary.BigEndian.Uint32(e), binary.BigEndian.Uint32(e[4:])}
		if st.stsc[i].first == 0 || st.stsc[i].first <= last {
			return malformed("%s: the sample-to-chunk table is out of order", where)
		}
		last = st.stsc[i].first
	}
	return nil
}

func (st *sampleTables) parseSizes(typ string, p []byte, where string) error {
	if len(p) < 12 {
		return malformed("%s: the sample size table is cut short", where)
	}
	st.count = binary.BigEndian.Uint32(p[8:])
	if typ == "stsz" {
		st.fixed = binary.BigEndian.Uint32(p[4:])
		st.fieldBits = 32
	} else {
		st.fieldBits = int(p[7])
		if st.fieldBits != 4 && st.fieldBits != 8 && st.fieldBits != 16 {
			return malformed("%s: the compact sample size table has a field size of %d bits", where, st.fieldBits)
		}
	}
	if st.fixed != 0 {
		return nil
	}
	need := (uint64(st.count)*uint64(st.fieldBits) + 7) / 8
	if need > uint64(len(p)-12) {
		return malformed("%s: the sample size table declares %d samples but holds fewer", where, st.count)
	}
	st.sizes = p[12 : 12+need]
	return nil
}

func (st *sampleTables) size(i uint32) int64 {
	switch st.fieldBits {
	case 32:
		return int64(binary.BigEndian.Uint32(st.sizes[4*i:]))
	case 16:
		return int64(binary.BigEndian.Uint16(st.sizes[2*i:]))
	case 8:
		return int64(st.sizes[i])
	}
	b := st.sizes[i/2]
	if i%2 == 0 {
		return int64(b >> 4)
	}
	return int64(b & 15)
}

// each calls fn with the offset and length of every chunk (the bytes of
// its samples, which lie one after the other). It fails for tables that
// disagree or place samples outside the file.
func (st *sampleTables) each(a *analysis, where string, fn func(off, n int64) error) error {
	if st.chunks == nil || st.count == 0 {
		return nil
	}
	offs := st.chunks.offs
	if len(offs) > 0 && (len(st.stsc) == 0 || st.stsc[0].first != 1) {
		return malformed("%s: the sample-to-chunk table does not start at the first chunk", where)
	}
	var sample uint32
	j := 0
	for i, off := range offs {
		if i&0xffff == 0xffff {
			if err := a.ctx.Err(); err != nil {
				return err
			}
		}
		chunk := uint32(i + 1)
		for j+1 < len(st.stsc) && st.stsc[j+1].first <= chunk {
			j++
		}
		n := min(st.stsc[j].perChunk, st.count-sample)
		var bytes int64
		if st.fixed != 0 {
			if int64(n) > (a.size+int64(st.fixed)-1)/int64(st.fixed) {
				return malformed("%s: a chunk of the track runs past the end of the file", where)
			}
			bytes = int64(n) * int64(st.fixed)
		} else {
			for k := sample; k < sample+n; k++ {
				bytes += st.size(k)
			}
		}
		sample += n
		if off+bytes > a.size || off+bytes < off {
			return malformed("%s: a chunk of the track runs past the end of the file", where)
		}
		if err := fn(off, bytes); err != nil {
			return err
		}
	}
	return nil
}

// trackData adds the bytes of a track's samples to the kept or the
// removed set, and lists a removed track.
func (a *analysis) trackData(t *track) error {
	where := fmt.Sprintf("track %d", t.index)
	if t.keep {
		return t.stbl.each(a, where, func(off, n int64) error {
			a.keep.add(off, off+n)
			return nil
		})
	}
	var n int64
	var first []span
	err := t.stbl.each(a, where, func(off, k int64) error {
		a.removed.add(off, off+k)
		n += k
		if len(first) < 64 && k > 0 {
			first = append(first, span{off, off + k})
		}
		return nil
	})
	if err != nil && a.ctx.Err() != nil {
		return err
	}
	// Damaged tables of a track that goes are no reason to refuse: its
	// samples are left out of the copy either way.
	a.removedTrack(t, n, first)
	return nil
}

// chunkTable is a track's chunk offset table, written for the output: each
// offset moved to where its chunk lands, as 32-bit offsets (stco) unless
// one needs 64 bits (co64).
type chunkTable struct {
	a    *analysis
	ver  []byte
	offs []int64
	co64 bool
}

func parseChunks(a *analysis, typ string, p []byte, where string) (*chunkTable, error) {
	if len(p) < 8 {
		return nil, malformed("%s: the chunk offset table is cut short", where)
	}
	n := binary.BigEndian.Uint32(p[4:])
	w := 4
	if typ == "co64" {
		w = 8
	}
	if uint64(n)*uint64(w) > uint64(len(p)-8) {
		return nil, malformed("%s: the chunk offset table declares %d chunks but holds fewer", where, n)
	}
	ct := &chunkTable{a: a, ver: append([]byte(nil), p[:4]...), offs: make([]int64, n)}
	for i := range ct.offs {
		if w == 4 {
			ct.offs[i] = int64(binary.BigEndian.Uint32(p[8+4*i:]))
		} else {
			v := binary.BigEndian.Uint64(p[8+8*i:])
			if v > 1<<62 {
				return nil, malformed("%s: a chunk offset is past the end of the file", where)
			}
			ct.offs[i] = int64(v)
		}
	}
	return ct, nil
}

func (c *chunkTable) typ() boxType {
	if c.co64 {
		return "co64"
	}
	return "stco"
}

func (c *chunkTable) size() int64 {
	w := int64(4)
	if c.co64 {
		w = 8
	}
	return 8 + w*int64(len(c.offs))
}

func (c *chunkTable) appendTo(b []byte) []byte {
	b = append(b, c.ver...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(c.offs)))
	for _, off := range c.offs {
		v := c.a.mapOffset(off)
		if c.co64 {
			b = binary.BigEndian.AppendUint64(b, uint64(v))
		} else {
			b = binary.BigEndian.AppendUint32(b, uint32(v))
		}
	}
	return b
}

// widen switches to 64-bit offsets if an offset of the current layout
// does not fit in 32 bits, and reports whether it did.
func (c *chunkTable) widen() bool {
	if c.co64 {
		return false
	}
	for _, off := range c.offs {
		if c.a.mapOffset(off) > 1<<32-1 {
			c.co64 = true
			return true
		}
	}
	return false
}

// removedTrack lists a track that cleaning removes with its samples, and
// what it was seen to hold.
func (a *analysis) removedTrack(t *track, n int64, first []span) {
	where := fmt.Sprintf("track %d", t.index)
	what := trackKinds[t.handler]
	if what == "" {
		what = "a data track"
	}
	v := what
	if t.name != "" {
		v += " (" + t.name + ")"
	}
	if t.entry != "" {
		v += ", format " + printable(t.entry)
	}
	v += fmt.Sprintf(", %d bytes of samples", n)
	if len(t.mebx) > 0 {
		v += ": " + joinMax(t.mebx, 10)
	}
	head := a.readSpans(first, 1<<20)
	switch t.entry {
	case "gpmd":
		a.gpmfTrack(head, where)
	case "fdsc", "rtmd":
		if pv := previewOf(head); pv != "" {
			v += ": " + pv
		}
	case "camm":
		v += " (camera motion; may hold GPS positions)"
	}
	a.add(scrub.Finding{Where: where, Field: "track " + printable(t.handler), Value: v, Label: scrub.LabelTrack, Kind: scrub.KindHidden})
	if t.handler == "tmcd" {
		if tc := timecode(t.tmcd, head); tc != "" {
			a.add(scrub.Finding{Where: where, Field: "timecode", Value: "starts at " + tc + " (the time of day of the recording)",
				Label: scrub.LabelCreated, Kind: scrub.KindTime})
		}
	}
	if t.entry == "mebx" {
		for _, k := range t.mebx {
			if k == "com.apple.quicktime.still-image-time" {
				a.warn(liveWarning)
			}
		}
	}
}

var trackKinds = map[string]string{
	"meta": "a timed-metadata track", "tmcd": "a timecode track", "hint": "a streaming hint track",
	"camm": "a camera-motion track", "odsm": "an MPEG-4 object descriptor track", "sdsm": "an MPEG-4 scene track",
	"data": "a data track",
}

// readSpans reads the start of the given spans, up to max bytes.
func (a *analysis) readSpans(ss []span, max int64) []byte {
	var out []byte
	for _, s := range ss {
		n := min(s.len(), max-int64(len(out)))
		if n <= 0 {
			break
		}
		p := make([]byte, n)
		if _, err := a.r.ReadAt(p, s.start); err != nil {
			break
		}
		out = append(out, p...)
	}
	return out
}

// timecode renders the first sample of a timecode track (a frame number)
// as hours:minutes:seconds:frames, from its description (QuickTime File
// Format, "Timecode sample description").
func timecode(desc, sample []byte) string {
	if len(desc) < 8+18 || len(sample) < 4 {
		return ""
	}
	d := desc[8:]
	flags := binary.BigEndian.Uint32(d[4:])
	fps := int64(d[16])
	if fps == 0 {
		return ""
	}
	frames := int64(binary.BigEndian.Uint32(sample))
	if flags&1 != 0 && fps == 30 { // drop-frame: close enough for the hour
		frames += 2 * (frames / 1800)
	}
	f := frames % fps
	s := frames / fps
	return fmt.Sprintf("%02d:%02d:%02d:%02d", (s/3600)%24, (s/60)%60, s%60, f)
}
