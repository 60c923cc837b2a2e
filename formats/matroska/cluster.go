package matroska

import (
	"fmt"

	"github.com/scrub-project/scrub/scrub"
)

// segmentLevel reports whether id is an element that ends a cluster of
// unknown size: a sibling of the cluster, or the start of another file.
func segmentLevel(id uint32) bool {
	switch id {
	case idCluster, idCues, idTags, idInfo, idTracks, idSeekHead, idChapters, idAttachments, idEBML, idSegment:
		return true
	}
	return false
}

// cluster checks a cluster's children against the schema without reading
// the blocks, and returns where the cluster ends (for a cluster of unknown
// size, where its last child ends). Elements the schema does not have
// there and Voids that hold data become zeroed Voids of the same size;
// then a checksum in the cluster no longer matches and is voided too.
func (a *analyzer) cluster(c elem, limit int64) (int64, error) {
	s := &clusterScan{a: a}
	end := c.end()
	if c.size == unknownSize {
		end = limit
	}
	stop, err := s.children(idCluster, c.data(), end, c.size == unknownSize, 1)
	if err != nil {
		return 0, err
	}
	if len(s.edits) > 0 {
		for _, crc := range s.crcs {
			if err := a.addPatch(patch{off: crc.off, n: crc.end() - crc.off, void: true}); err != nil {
				return 0, err
			}
		}
		for _, e := range s.edits {
			if err := a.addPatch(e); err != nil {
				return 0, err
			}
		}
	}
	return stop, nil
}

type clusterScan struct {
	a     *analyzer
	edits []patch
	crcs  []elem
}

// children scans the children of a master of the cluster in [from, to);
// open says the master has an unknown size and ends at the first element
// that cannot be its child. It returns where the children end.
func (s *clusterScan) children(parent uint32, from, to int64, open bool, depth int) (int64, error) {
	a := s.a
	if depth > maxDepth {
		return 0, malformed("elements nested more than %d deep in a cluster", maxDepth)
	}
	n := 0
	p := from
	for p < to {
		if n++; n%1024 == 0 {
			if err := a.ctx.Err(); err != nil {
				return 0, err
			}
		}
		e, err := a.w.head(p, to)
		if err != nil {
			return 0, malformed("in a cluster: %v", err)
		}
		if open && segmentLevel(e.id) {
			return p, nil
		}
		if e.size == unknownSize {
			return 0, malformed("an element of unknown size inside a cluster, at offset %d", p)
		}
		if e.end() > to {
			if to == a.size {
				return 0, malformed("the file is cut short inside a cluster: it may be a partial download")
			}
			return 0, malformed("%s at offset %d runs past the end of its cluster", name(e.id), p)
		}
		d, known := defs[e.id]
		switch {
		case e.id == idCRC32:
			s.crcs = append(s.crcs, e)
		case e.id == idVoid:
			zero, preview, err := a.zeros(e.data(), e.size)
			if err != nil {
				return 0, err
			}
			if !zero {
				s.edit(e, scrub.Finding{Where: "cluster", Field: "Void", Kind: scrub.KindHidden, Label: scrub.LabelHiddenData,
					Action: scrub.Remove, Value: "padding that holds " + sizeText(e.size) + " of data" + preview})
			}
		case !known || (d.parent != parent && d.parent2 != parent):
			b, err := a.w.read(e.data(), min(e.size, 4096))
			if err != nil {
				return 0, err
			}
			s.edit(e, scrub.Finding{Where: "cluster", Field: name(e.id), Value: describeData(e.size, b),
				Kind: scrub.KindOther, Label: scrub.LabelPrivateData, Action: scrub.Remove})
		case d.typ == 'm':
			if _, err := s.children(e.id, e.data(), e.end(), false, depth+1); err != nil {
				return 0, err
			}
		}
		if len(s.edits) > a.lim.MaxMembers {
			return 0, scrub.OverLimit("matroska", scrub.LimitMembers, fmt.Sprintf("more than %d elements to change in a cluster", a.lim.MaxMembers))
		}
		p = e.end()
	}
	return p, nil
}

func (s *clusterScan) edit(e elem, f scrub.Finding) {
	s.a.lay.findings = append(s.a.lay.findings, f)
	s.edits = append(s.edits, patch{off: e.off, n: e.end() - e.off, void: true})
}
