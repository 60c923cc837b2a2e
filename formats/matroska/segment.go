package matroska

import (
	"errors"
	"fmt"

	"github.com/scrub-project/scrub/scrub"
)

// child is a top-level element of a segment that is rewritten.
type child struct {
	e    elem
	data []byte
}

// segment analyses one segment and returns where it ends.
func (a *analyzer) segment(seg elem) (int64, error) {
	data := seg.data()
	end, short := seg.end(), false
	switch {
	case seg.size == unknownSize:
		end = a.size
	case end > a.size:
		end, short = a.size, true
	}
	var (
		kept     []child // the masters to rewrite, in order
		lastKept = data  // end of the last element kept
		regions  = len(a.lay.regions)
		children = 0
	)
	// dropsAfter is the index of the first patch after lastKept.
	dropsAfter := len(a.lay.patches)
	p := data
	for p < end {
		if err := a.ctx.Err(); err != nil {
			return 0, err
		}
		c, err := a.w.head(p, end)
		if err != nil {
			var eh errHeader
			if short && errors.As(err, &eh) {
				return 0, malformed("the file is cut short at offset %d, inside the segment", p)
			}
			return 0, malformed("%v", err)
		}
		if c.id == idEBML && seg.size == unknownSize {
			end = p // a segment of unknown size ends where the next file starts
			break
		}
		switch {
		case c.size == unknownSize && c.id == idCluster:
			ce, err := a.cluster(c, end)
			if err != nil {
				return 0, err
			}
			c.size = ce - c.data()
		case c.size == unknownSize:
			return 0, malformed("an element that must declare its size (%s) does not", name(c.id))
		case c.end() > end && short:
			return 0, malformed("the file is cut short inside %s: it may be a partial download", name(c.id))
		case c.end() > end:
			return 0, malformed("%s at offset %d runs past the end of its segment", name(c.id), c.off)
		case c.id == idCluster:
			if _, err := a.cluster(c, end); err != nil {
				return 0, err
			}
		}
		if c.id != idCluster {
			if children++; children > a.lim.MaxMembers {
				return 0, scrub.OverLimit("matroska", scrub.LimitMembers, fmt.Sprintf("more than %d elements in a segment", a.lim.MaxMembers))
			}
		}
		keepIt := false
		switch c.id {
		case idCluster:
			keepIt = true
			if err := a.addRegion(region{where: "cluster", e: c}); err != nil {
				return 0, err
			}
		case idSeekHead, idInfo, idTracks, idChapters, idCues:
			if err := a.hold(c.size, name(c.id)); err != nil {
				return 0, err
			}
			b, err := a.w.read(c.data(), c.size)
			if err != nil {
				return 0, err
			}
			kept = append(kept, child{c, b})
			keepIt = true
		case idTags:
			if err := a.tags(c); err != nil {
				return 0, err
			}
			if err := a.dropped(c, "Tags"); err != nil {
				return 0, err
			}
		case idAttachments:
			if err := a.attachments(c); err != nil {
				return 0, err
			}
			if err := a.dropped(c, "Attachments"); err != nil {
				return 0, err
			}
		case idVoid, idCRC32:
			if err := a.dropped(c, "segment"); err != nil {
				return 0, err
			}
			if err := a.addRegion(region{where: name(c.id), e: c}); err != nil {
				return 0, err
			}
		default:
			b, err := a.w.read(c.data(), min(c.size, 4096))
			if err != nil {
				return 0, err
			}
			a.lay.findings = append(a.lay.findings, scrub.Finding{Where: "segment", Field: name(c.id),
				Value: describeData(c.size, b), Kind: scrub.KindOther, Label: scrub.LabelPrivateData, Action: scrub.Remove})
			if err := a.dropped(c, "segment"); err != nil {
				return 0, err
			}
			if err := a.addRegion(region{where: name(c.id), e: c}); err != nil {
				return 0, err
			}
		}
		if keepIt {
			lastKept = c.end()
			dropsAfter = len(a.lay.patches)
		}
		p = c.end()
	}
	if err := a.rewrite(seg, kept); err != nil {
		return 0, err
	}
	// What follows the last element kept goes: nothing kept points there.
	if lastKept < end {
		tail := a.lay.patches[dropsAfter:]
		kept := a.lay.patches[:dropsAfter]
		for _, q := range tail {
			if q.off < lastKept { // a rewrite of a kept element
				kept = append(kept, q)
			}
		}
		a.lay.patches = append(kept, patch{off: lastKept, n: end - lastKept, cut: true})
	}
	if short {
		a.lay.warnings = append(a.lay.warnings, scrub.Warning{Message: fmt.Sprintf(
			"the file is cut short (it ends %s before the end its header gives): the clean copy is cut short too",
			sizeText(seg.end()-a.size))})
	}
	if seg.size != unknownSize {
		if n := lastKept - data; n != seg.size {
			h := append(idBytes(idSegment), vint(n, seg.hlen-4)...)
			if err := a.addPatch(patch{off: seg.off, n: int64(seg.hlen), data: h}); err != nil {
				return 0, err
			}
		}
	}
	if a.parts {
		a.lay.regions = append(a.lay.regions[:regions], append([]region{{where: "segment header", e: elem{off: seg.off, size: int64(seg.hlen)}}},
			a.lay.regions[regions:]...)...)
	}
	return end, nil
}

// name returns an element's name in the specification, or its ID.
func name(id uint32) string {
	if d, ok := defs[id]; ok {
		return d.name
	}
	switch id {
	case idVoid:
		return "Void"
	case idCRC32:
		return "CRC-32"
	}
	return fmt.Sprintf("element %X", id)
}

// describeData shows the start of an element's data.
func describeData(size int64, b []byte) string {
	return sizeText(size) + describe(b)
}
