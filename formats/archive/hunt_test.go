package archive_test

import (
	"math/rand"
	"testing"
)

// TestMutations runs the fuzz checks on damaged copies of the fixtures
// (bytes changed, cut short, zeros inserted), deterministically: a cheap
// stand-in for fuzzing in every run. It found that a TAR left with no
// member could not be recognised again.
func TestMutations(t *testing.T) {
	raw, _ := plantedTar(t)
	data, _ := plantedZip(t)
	seeds := [][]byte{xzOf(t, raw), bzip2Of(t, raw), gzipWith(t, raw, "n", "c"), raw, data}
	rng := rand.New(rand.NewSource(3))
	n := 400
	if testing.Short() {
		n = 50
	}
	for i := 0; i < n; i++ {
		b := append([]byte(nil), seeds[i%len(seeds)]...)
		switch rng.Intn(3) {
		case 0:
			for k := 0; k < 1+rng.Intn(8); k++ {
				b[rng.Intn(len(b))] = byte(rng.Intn(256))
			}
		case 1:
			b = b[:1+rng.Intn(len(b)-1)]
		case 2:
			p := rng.Intn(len(b))
			b = append(b[:p:p], append(make([]byte, rng.Intn(64)), b[p:]...)...)
		}
		fuzzArchive(t, b)
		if t.Failed() {
			t.Fatalf("mutation %d of seed %d: %q", i, i%len(seeds), b[:min(len(b), 64)])
		}
	}
}
