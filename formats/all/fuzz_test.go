package all_test

import (
	"context"
	"errors"
	"flag"
	"testing"
	"time"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

// maxSeed keeps large generated files out of the seed corpus: the fuzzer
// mutates small inputs better, and the large cases run in the hostile
// test.
const maxSeed = 64 << 10

// fuzzTime bounds one input's whole clean path (detect, inspect, clean,
// verify, re-inspect, clean again).
const fuzzTime = 15 * time.Second

// FuzzCleanPath runs the whole clean path over the registry, as the CLI
// does for a file (by content: the name has no extension): detect and
// inspect, clean and verify, then re-inspect the cleaned copy, which must
// find nothing removable, and clean it again, which must give the same
// bytes. No handler may panic, no file may fail (a failure in memory is a
// bug: a verification that found something left, an output that does not
// parse), and nothing may take long. The seeds are a small valid file of
// every format and the small hostile files.
func FuzzCleanPath(f *testing.F) {
	for _, c := range append(hostile.Samples(), hostile.Cases()...) {
		if c.Large {
			continue
		}
		if b := c.Bytes(); len(b) <= maxSeed {
			f.Add(b)
		}
	}
	reg := all.Registry()
	e := &scrub.Engine{Registry: reg, Jobs: 1, Limits: scrub.Limits{
		MaxMemberSize: 8 << 20, MaxTotalSize: 32 << 20, MaxMembers: 2000, Timeout: 10 * time.Second,
	}}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		// Under the fuzzer, an input that takes long is a finding (a
		// quadratic path); in the default run, on a loaded machine, time
		// proves nothing, so the seeds are not timed.
		if fuzzing() {
			start := time.Now()
			defer func() {
				if d := time.Since(start); d > fuzzTime {
					t.Fatalf("the clean path took %s for %d bytes", d, len(data))
				}
			}()
		}
		ctx := context.Background()
		const name = "input"
		in := e.InspectData(ctx, name, data)
		checkResult(t, "inspect", in)
		if in.Status != scrub.StatusClean && in.Status != scrub.StatusDirty {
			return
		}
		out, r := e.CleanData(ctx, name, data)
		checkResult(t, "clean", r)
		if r.Status != scrub.StatusCleaned && r.Status != scrub.StatusAlreadyClean {
			return
		}
		if (r.Status == scrub.StatusCleaned) != (in.Status == scrub.StatusDirty) {
			t.Fatalf("inspect said %s, clean said %s", in.Status, r.Status)
		}
		again := e.InspectData(ctx, name, out)
		if again.Status != scrub.StatusClean {
			t.Fatalf("the cleaned copy inspects as %s (%s): %+v", again.Status, again.Error, again.Findings)
		}
		out2, r2 := e.CleanData(ctx, name, out)
		if r2.Status != scrub.StatusAlreadyClean {
			t.Fatalf("cleaning the cleaned copy: %s (%s) %+v", r2.Status, r2.Error, r2.Findings)
		}
		if string(out2) != string(out) {
			t.Fatalf("cleaning twice changed the bytes (%d -> %d): not deterministic", len(out), len(out2))
		}
	})
}

// fuzzing reports whether the test binary runs a fuzzer (-test.fuzz).
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// checkResult fails on what must never happen: a contained panic, or a
// failure (as opposed to a refusal) of a file held in memory.
func checkResult(t *testing.T, step string, r scrub.Result) {
	t.Helper()
	var pe *scrub.PanicError
	if errors.As(r.Err, &pe) {
		t.Fatalf("%s: a handler panicked: %v\n%s", step, pe.Value, pe.Stack)
	}
	if r.Status == scrub.StatusFailed {
		t.Fatalf("%s failed (a bug, not a refusal): %s %+v", step, r.Error, r.Findings)
	}
}
