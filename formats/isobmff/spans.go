package isobmff

import "sort"

// span is a byte range [start, end) of the input.
type span struct{ start, end int64 }

func (s span) len() int64 { return s.end - s.start }

// spanSet is a set of byte ranges, built by add and then frozen by norm
// into sorted, disjoint, non-adjacent spans with running totals, so that
// before answers in O(log n).
type spanSet struct {
	s   []span
	cum []int64 // cum[i] = bytes in s[:i]
}

func (ss *spanSet) add(start, end int64) {
	if end <= start {
		return
	}
	// Chunks of one track usually follow each other: extend the last span.
	if n := len(ss.s); n > 0 && ss.s[n-1].end == start {
		ss.s[n-1].end = end
		return
	}
	ss.s = append(ss.s, span{start, end})
}

// norm sorts and merges the spans.
func (ss *spanSet) norm() {
	sort.Slice(ss.s, func(i, j int) bool { return ss.s[i].start < ss.s[j].start })
	out := ss.s[:0]
	for _, s := range ss.s {
		if n := len(out); n > 0 && s.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, s.end)
			continue
		}
		out = append(out, s)
	}
	ss.s = out
	ss.cum = make([]int64, len(out)+1)
	for i, s := range out {
		ss.cum[i+1] = ss.cum[i] + s.len()
	}
}

// before returns how many bytes of the set lie before x.
func (ss *spanSet) before(x int64) int64 {
	j := sort.Search(len(ss.s), func(i int) bool { return ss.s[i].start >= x })
	if j == 0 {
		return 0
	}
	last := ss.s[j-1]
	return ss.cum[j-1] + min(x, last.end) - last.start
}

// within returns the spans of the set that lie inside [start, end),
// clipped to it.
func (ss *spanSet) within(start, end int64) []span {
	i := sort.Search(len(ss.s), func(i int) bool { return ss.s[i].end > start })
	var out []span
	for ; i < len(ss.s) && ss.s[i].start < end; i++ {
		out = append(out, span{max(ss.s[i].start, start), min(ss.s[i].end, end)})
	}
	return out
}

// gaps returns the parts of [start, end) that are not in the set.
func (ss *spanSet) gaps(start, end int64) []span {
	var out []span
	at := start
	for _, s := range ss.within(start, end) {
		if s.start > at {
			out = append(out, span{at, s.start})
		}
		at = s.end
	}
	if at < end {
		out = append(out, span{at, end})
	}
	return out
}

func (ss *spanSet) total() int64 {
	if len(ss.cum) == 0 {
		return 0
	}
	return ss.cum[len(ss.cum)-1]
}
