package scrub

// matcher finds many byte patterns in one pass over a stream: an
// Aho–Corasick automaton. The residue check searches every decompressed
// byte of a cleaned file for all the forms of the values it learned (a
// hundred values make some 700 forms and 20,000 states), so one pass per
// part matters, and so does building the automaton once per file.
//
// A dense transition table for every state (256 transitions each) took 20
// MB and a fifth of the CPU time of cleaning a folder of documents, to
// build. Nearly all the time the automaton sits at the root or one byte
// into a pattern, so only those states get a dense row; a deeper state
// keeps its trie edges (one, mostly) and its failure link, and a byte
// that leaves it follows failure links down to a dense state — a step or
// two, since patterns rarely match far.
type matcher struct {
	dense [][256]int32 // transitions of states 0..len(dense)-1 (the shallow ones, in breadth-first order)
	// Deeper states: trie edges edges[edgeAt[s]:edgeAt[s+1]] and failure link.
	edgeAt []int32
	edges  []edge
	fail   []int32
	// Pattern ids ending at each state (failure chain merged):
	// outs[outAt[s]:outAt[s+1]]; term[s] says whether there are any.
	outAt []int32
	outs  []int32
	term  []bool
	state int32 // current state while streaming
	pos   int64 // bytes fed since reset
}

type edge struct {
	c  byte
	to int32
}

// denseDepth is the depth up to which states get a dense row.
const denseDepth = 1

// newMatcher builds the automaton for pats. Empty patterns are ignored.
func newMatcher(pats [][]byte) *matcher {
	// The trie, with sparse edges, states in insertion order.
	type node struct {
		kids  []edge
		depth int
		out   []int32
	}
	total := 1
	for _, p := range pats {
		total += len(p)
	}
	nodes := make([]node, 1, total)
	m := &matcher{}
	for id, p := range pats {
		if len(p) == 0 {
			continue
		}
		s := int32(0)
		for _, c := range p {
			t := int32(-1)
			for _, e := range nodes[s].kids {
				if e.c == c {
					t = e.to
					break
				}
			}
			if t < 0 {
				nodes = append(nodes, node{depth: nodes[s].depth + 1})
				t = int32(len(nodes) - 1)
				nodes[s].kids = append(nodes[s].kids, edge{c, t})
			}
			s = t
		}
		nodes[s].out = append(nodes[s].out, int32(id))
	}
	// Number the states breadth first, so that the shallow ones come
	// first and a state's failure link is numbered before it.
	order := make([]int32, 0, len(nodes)) // new number -> old
	num := make([]int32, len(nodes))      // old number -> new
	order = append(order, 0)
	nd := 0
	for i := 0; i < len(order); i++ {
		old := order[i]
		num[old] = int32(i)
		if nodes[old].depth <= denseDepth {
			nd = i + 1
		}
		for _, e := range nodes[old].kids {
			order = append(order, e.to)
		}
	}
	n := len(order)
	m.edgeAt = make([]int32, n+1)
	m.fail = make([]int32, n)
	for i, old := range order {
		m.edgeAt[i+1] = m.edgeAt[i] + int32(len(nodes[old].kids))
	}
	m.edges = make([]edge, 0, m.edgeAt[n])
	for _, old := range order {
		for _, e := range nodes[old].kids {
			m.edges = append(m.edges, edge{e.c, num[e.to]})
		}
	}
	// Failure links and outputs, breadth first (in state order). The
	// dense rows are completed as they are reached: a row's missing edges
	// come from its failure state's row, which is shallower.
	m.dense = make([][256]int32, nd)
	outs := make([][]int32, n)
	for s := range n {
		outs[s] = nodes[order[s]].out
	}
	for s := range int32(n) {
		if s > 0 {
			outs[s] = append(outs[s], outs[m.fail[s]]...)
		}
		if s > 0 && int(s) < nd {
			// The root's row starts all zeros: its missing edges stay at the root.
			m.dense[s] = m.dense[m.fail[s]]
		}
		for _, e := range m.edges[m.edgeAt[s]:m.edgeAt[s+1]] {
			if s == 0 {
				m.fail[e.to] = 0
			} else {
				m.fail[e.to] = m.step(m.fail[s], e.c)
			}
			if int(s) < nd {
				m.dense[s][e.c] = e.to
			}
		}
	}
	m.outAt = make([]int32, n+1)
	m.term = make([]bool, n)
	for s, o := range outs {
		m.outAt[s+1] = m.outAt[s] + int32(len(o))
		m.outs = append(m.outs, o...)
		m.term[s] = len(o) > 0
	}
	return m
}

// step is the transition from s on c.
func (m *matcher) step(s int32, c byte) int32 {
	nd := int32(len(m.dense))
	for s >= nd {
		for _, e := range m.edges[m.edgeAt[s]:m.edgeAt[s+1]] {
			if e.c == c {
				return e.to
			}
		}
		s = m.fail[s]
	}
	return m.dense[s][c]
}

// reset starts a new stream.
func (m *matcher) reset() { m.state, m.pos = 0, 0 }

// feed scans the next bytes of the stream and calls hit for every
// pattern that ends in them, with the stream offset just past its end.
func (m *matcher) feed(b []byte, hit func(id int32, end int64)) {
	s := m.state
	dense := m.dense
	root := &dense[0]
	nd := int32(len(dense))
	term := m.term
	for i := 0; i < len(b); {
		if s == 0 {
			// At the root, most bytes start no pattern: skip them in a
			// loop whose loads do not wait on each other.
			for i+4 <= len(b) && root[b[i]]|root[b[i+1]]|root[b[i+2]]|root[b[i+3]] == 0 {
				i += 4
			}
			for i < len(b) && root[b[i]] == 0 {
				i++
			}
			if i == len(b) {
				break
			}
		}
		c := b[i]
		i++
		if s < nd {
			s = dense[s][c]
		} else {
			s = m.step(s, c)
		}
		if term[s] {
			for _, id := range m.outs[m.outAt[s]:m.outAt[s+1]] {
				hit(id, m.pos+int64(i))
			}
		}
	}
	m.state = s
	m.pos += int64(len(b))
}
