package scrub

// matcher finds many byte patterns in one pass over a stream: an
// Aho–Corasick automaton with a dense transition table. The residue check
// searches every decompressed byte of a cleaned file for a few hundred
// forms of the values it learned, so one pass per part matters more than
// the table's size (256 transitions per state, a few thousand states).
type matcher struct {
	next  [][256]int32 // goto function completed with failure links
	out   [][]int32    // pattern ids ending at each state, failure chain merged
	lens  []int        // length of each pattern
	state int32        // current state while streaming
}

// newMatcher builds the automaton for pats. Empty patterns are ignored.
func newMatcher(pats [][]byte) *matcher {
	m := &matcher{next: make([][256]int32, 1), out: make([][]int32, 1), lens: make([]int, len(pats))}
	// Trie; -1 marks a missing edge while building.
	for i := range m.next[0] {
		m.next[0][i] = -1
	}
	for id, p := range pats {
		m.lens[id] = len(p)
		if len(p) == 0 {
			continue
		}
		s := int32(0)
		for _, c := range p {
			if m.next[s][c] < 0 {
				var row [256]int32
				for i := range row {
					row[i] = -1
				}
				m.next = append(m.next, row)
				m.out = append(m.out, nil)
				m.next[s][c] = int32(len(m.next) - 1)
			}
			s = m.next[s][c]
		}
		m.out[s] = append(m.out[s], int32(id))
	}
	// Breadth-first: failure links, and missing edges filled from them.
	fail := make([]int32, len(m.next))
	queue := make([]int32, 0, len(m.next))
	for c := 0; c < 256; c++ {
		if t := m.next[0][c]; t < 0 {
			m.next[0][c] = 0
		} else {
			fail[t] = 0
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		m.out[s] = append(m.out[s], m.out[fail[s]]...)
		for c := 0; c < 256; c++ {
			t := m.next[s][c]
			if t < 0 {
				m.next[s][c] = m.next[fail[s]][c]
				continue
			}
			fail[t] = m.next[fail[s]][c]
			queue = append(queue, t)
		}
	}
	return m
}

// reset starts a new stream.
func (m *matcher) reset() { m.state = 0 }

// feed scans the next bytes of the stream and calls hit for every
// pattern that ends in them.
func (m *matcher) feed(b []byte, hit func(id int32)) {
	s := m.state
	next := m.next
	for _, c := range b {
		s = next[s][c]
		if len(m.out[s]) > 0 {
			for _, id := range m.out[s] {
				hit(id)
			}
		}
	}
	m.state = s
}
