package scrub

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// naiveCounts counts every occurrence of every pattern in text, overlaps
// included, as the matcher must.
func naiveCounts(pats [][]byte, text []byte) map[int32]int {
	counts := map[int32]int{}
	for id, p := range pats {
		if len(p) == 0 {
			continue
		}
		for i := 0; i+len(p) <= len(text); i++ {
			if bytes.Equal(text[i:i+len(p)], p) {
				counts[int32(id)]++
			}
		}
	}
	return counts
}

func matchCounts(m *matcher, text []byte, cuts []int) map[int32]int {
	counts := map[int32]int{}
	m.reset()
	prev := 0
	for _, c := range append(cuts, len(text)) {
		m.feed(text[prev:c], func(id int32, _ int64) { counts[id]++ })
		prev = c
	}
	return counts
}

// TestMatcherAgainstNaive compares the automaton with a plain search on
// random patterns over small alphabets (so that patterns share prefixes
// and suffixes, and failure links matter), texts fed in random pieces.
func TestMatcherAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		alpha := []byte("ab")
		if round%3 == 1 {
			alpha = []byte("abc\x00")
		} else if round%3 == 2 {
			alpha = []byte("0123456789abcdefABCDEF@. \x00\xff")
		}
		pats := make([][]byte, 1+r.IntN(40))
		for i := range pats {
			p := make([]byte, r.IntN(9))
			for j := range p {
				p[j] = alpha[r.IntN(len(alpha))]
			}
			pats[i] = p
		}
		if round%5 == 0 {
			pats = append(pats, append([]byte(nil), pats[0]...)) // a duplicate
		}
		text := make([]byte, r.IntN(3000))
		for i := range text {
			text[i] = alpha[r.IntN(len(alpha))]
		}
		var cuts []int
		for c := 0; c < len(text); c += 1 + r.IntN(50) {
			cuts = append(cuts, c)
		}
		m := newMatcher(pats)
		want := naiveCounts(pats, text)
		got := matchCounts(m, text, cuts)
		if len(got) != len(want) {
			t.Fatalf("round %d: %d patterns found, want %d", round, len(got), len(want))
		}
		for id, n := range want {
			if got[id] != n {
				t.Fatalf("round %d: pattern %q found %d times, want %d", round, pats[id], got[id], n)
			}
		}
		// The automaton is reusable: a second stream gives the same counts.
		if again := matchCounts(m, text, nil); len(again) != len(want) {
			t.Fatalf("round %d: second stream: %d patterns found, want %d", round, len(again), len(want))
		}
	}
}

// TestMatcherForms checks the residue check's real forms: a value found in
// each of its encodings, and nothing in unrelated text.
func TestMatcherForms(t *testing.T) {
	values := []string{"Jane Q. Doe", `C:\Users\jdoe\Desktop`, "jdoe@example.org", "Ünïcødé Name"}
	var pats [][]byte
	var owner []int
	for i, v := range values {
		for _, f := range forms(v) {
			pats = append(pats, f)
			owner = append(owner, i)
		}
	}
	m := newMatcher(pats)
	for i, v := range values {
		for _, f := range forms(v) {
			text := append(append([]byte("xx prefix "), f...), " suffix"...)
			found := false
			m.reset()
			m.feed(text, func(id int32, _ int64) { found = found || owner[id] == i })
			if !found {
				t.Errorf("%q: form %q not found", v, f)
			}
		}
	}
	m.reset()
	hits := 0
	m.feed([]byte("nothing of the above is here: Jane Q Doe, jdoe at example.org"), func(int32, int64) { hits++ })
	if hits != 0 {
		t.Errorf("%d hits in unrelated text", hits)
	}
}

func BenchmarkMatcher(b *testing.B) {
	var pats [][]byte
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 100 {
		v := []byte("Person Name ")
		for range 8 {
			v = append(v, byte('a'+r.IntN(26)))
		}
		v = append(v, byte('0'+i%10))
		pats = append(pats, forms(string(v))...)
	}
	text := make([]byte, 4<<20)
	for i := range text {
		text[i] = " etaoinshrdluETAOIN0123456789\n"[r.IntN(30)]
	}
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			newMatcher(pats)
		}
	})
	binary := make([]byte, 4<<20)
	for i := range binary {
		binary[i] = byte(r.Uint32())
	}
	for _, in := range []struct {
		name string
		data []byte
	}{{"text", text}, {"binary", binary}} {
		b.Run("feed/"+in.name, func(b *testing.B) {
			m := newMatcher(pats)
			b.SetBytes(int64(len(in.data)))
			for b.Loop() {
				m.reset()
				m.feed(in.data, func(int32, int64) {})
			}
		})
	}
}
