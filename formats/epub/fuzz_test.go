package epub_test

import (
	"bytes"
	"context"
	"math/rand"
	"testing"
	"time"

	"github.com/scrub-project/scrub/formats/epub"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

// FuzzEPUB checks that no input makes the handler panic or fail with
// anything but a refusal, and that whatever it cleans inspects with
// nothing to remove and cleans to itself.
func FuzzEPUB(f *testing.F) {
	// Small seeds (no font, a small picture): the fuzzer mutates them
	// fastest.
	f.Add(book2(f))
	f.Add(hostile.EPUB("F"))
	f.Fuzz(fuzzEPUB)
}

func fuzzEPUB(t *testing.T, in []byte) {
	h := epub.New()
	{
		if len(in) > 1<<20 {
			return
		}
		env := func() *scrub.Env {
			return scrub.NewEnv(reg, scrub.Limits{MaxMembers: 200, MaxMemberSize: 256 << 10, MaxTotalSize: 1 << 20}, scrub.Policy{})
		}
		ctx := context.Background()
		format, err := h.Identify(in[:min(len(in), 4096)], bytes.NewReader(in), int64(len(in)))
		if err != nil || format == "" {
			return
		}
		_, ierr := h.Inspect(ctx, env(), bytes.NewReader(in), int64(len(in)))
		var out bytes.Buffer
		_, cerr := h.Clean(ctx, env(), bytes.NewReader(in), int64(len(in)), &out)
		for _, err := range []error{ierr, cerr} {
			if err != nil && !scrub.Refused(err) {
				t.Fatalf("an error that is not a refusal: %v", err)
			}
		}
		if cerr != nil {
			return
		}
		clean := out.Bytes()
		fs, err := h.Inspect(ctx, env(), bytes.NewReader(clean), int64(len(clean)))
		if err != nil {
			t.Fatalf("Inspect of the cleaned output: %v", err)
		}
		if scrub.Removable(fs) {
			t.Fatalf("cleaned output has removable findings: %+v", fs)
		}
		var again bytes.Buffer
		if _, err := h.Clean(ctx, env(), bytes.NewReader(clean), int64(len(clean)), &again); err != nil {
			t.Fatalf("Clean of the cleaned output: %v", err)
		}
		if !bytes.Equal(clean, again.Bytes()) {
			t.Fatal("cleaning the cleaned output changed it")
		}
	}
}

// TestMutations runs the fuzz checks on damaged copies of the fixtures,
// deterministically.
func TestMutations(t *testing.T) {
	seeds := [][]byte{book2(t), hostile.EPUB("F")}
	rng := rand.New(rand.NewSource(4))
	n := 200
	if testing.Short() {
		n = 30
	}
	for i := 0; i < n; i++ {
		b := append([]byte(nil), seeds[i%len(seeds)]...)
		for k := 0; k < 1+rng.Intn(8); k++ {
			b[rng.Intn(len(b))] = byte(rng.Intn(256))
		}
		start := time.Now()
		fuzzEPUB(t, b)
		if d := time.Since(start); d > time.Second {
			t.Logf("mutation %d took %v", i, d)
		}
		if t.Failed() {
			t.Fatalf("mutation %d of seed %d", i, i%len(seeds))
		}
	}
}
