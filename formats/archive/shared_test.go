package archive_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sync"
	"testing"

	"github.com/scrub-project/scrub/formats/archive"
	"github.com/scrub-project/scrub/scrub"
)

// deflatedMembers is manyMembers with every member deflated (as zip -r
// writes them), so that each pass inflates them.
func deflatedMembers(t testing.TB) []byte { return manyMembersStored(t, false) }

// passes runs the engine's two passes over the original at the same time
// on one reader (clean and report; list the parts), as the engine does
// when it has a core for each, and returns what each gave.
func passes(t *testing.T, data []byte, cleanLimits, partsLimits scrub.Limits) (run, run) {
	t.Helper()
	h := detect(t, "many.zip", data)
	r := bytes.NewReader(data)
	var c, p run
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		var buf bytes.Buffer
		var err error
		c.fs, c.ws, err = h.(scrub.ReportingCleaner).CleanReport(context.Background(), scrub.NewEnv(reg, cleanLimits, scrub.Policy{UnknownMembers: scrub.UnknownOmit}), r, r.Size(), &buf)
		if err != nil {
			c.err = err.Error()
		} else {
			c.out = buf.Bytes()
		}
	}()
	go func() {
		defer wg.Done()
		err := h.(scrub.PartLister).Parts(context.Background(), scrub.NewEnv(reg, partsLimits, scrub.Policy{}), r, r.Size(), func(part scrub.Part) error {
			d := sha256.New()
			if _, err := io.Copy(d, part.R); err != nil {
				return err
			}
			p.parts = append(p.parts, fmt.Sprintf("%s %x %q", part.Where, d.Sum(nil), part.Text))
			return nil
		})
		if err != nil {
			p.perr = err.Error()
		}
	}()
	wg.Wait()
	return c, p
}

// TestSharedMembers: a member inflated by one pass is handed to the other
// pass over the same archive when they run at the same time; both give
// what they give alone, whatever the budget for members handed over
// (none fits, a few, all), and nothing is left waiting after.
func TestSharedMembers(t *testing.T) {
	data := deflatedMembers(t)
	alone := runAll(t, "many.zip", data, scrub.Limits{}, scrub.Policy{UnknownMembers: scrub.UnknownOmit})
	if alone.err != "" || alone.perr != "" {
		t.Fatalf("alone: %s %s", alone.err, alone.perr)
	}
	for _, workers := range []int{1, 2, 4} {
		for _, budget := range []int64{1, 40 << 10, 64 << 20} {
			restore := archive.SetWorkers(workers, 64<<20)
			restoreB := archive.SetSharedBudget(budget)
			before := archive.HandedOver()
			c, p := passes(t, data, scrub.Limits{}, scrub.Limits{})
			restoreB()
			restore()
			what := fmt.Sprintf("%d workers, budget %d", workers, budget)
			if c.err != "" || !bytes.Equal(c.out, alone.out) || !reflect.DeepEqual(c.fs, alone.fs) || !reflect.DeepEqual(c.ws, alone.ws) {
				t.Errorf("%s: the clean pass differs from the clean alone (%s)", what, c.err)
			}
			if p.perr != "" || !reflect.DeepEqual(p.parts, alone.parts) {
				t.Errorf("%s: the parts differ from the parts alone (%s)", what, p.perr)
			}
			t.Logf("%s: %d members handed over", what, archive.HandedOver()-before)
			if n, b := archive.SharedLeft(); n != 0 || b != 0 {
				t.Errorf("%s: %d members (%d bytes) left waiting", what, n, b)
			}
		}
	}
	restore := archive.SetWorkers(2, 64<<20)
	defer restore()
	before := archive.HandedOver()
	for range 3 {
		passes(t, data, scrub.Limits{}, scrub.Limits{})
	}
	if archive.HandedOver() == before {
		t.Errorf("no member was handed over in three runs of both passes at once")
	}
}

// TestSharedMembersLimits: a member handed over is charged to the budget
// of the pass that takes it: a pass under a small budget is refused as
// over the limit beside a pass under the default one, which cleans; and a
// pass that fails early leaves the other to finish alone.
func TestSharedMembersLimits(t *testing.T) {
	data := deflatedMembers(t)
	restore := archive.SetWorkers(2, 64<<20)
	defer restore()
	small := scrub.Limits{MaxTotalSize: 256 << 10}
	for range 3 {
		c, p := passes(t, data, scrub.Limits{}, small)
		if c.err != "" || c.out == nil {
			t.Errorf("the clean pass under the default limits failed: %s", c.err)
		}
		if p.perr == "" {
			t.Errorf("the parts under a 256 KiB budget were listed")
		}
		c, p = passes(t, data, small, scrub.Limits{})
		if c.err == "" || p.perr != "" {
			t.Errorf("clean under a 256 KiB budget: %q; parts under the default: %q", c.err, p.perr)
		}
		h := detect(t, "many.zip", data)
		_, _, err := h.(scrub.ReportingCleaner).CleanReport(context.Background(), scrub.NewEnv(reg, small, scrub.Policy{}), bytes.NewReader(data), int64(len(data)), io.Discard)
		if !errors.Is(err, scrub.ErrLimit) {
			t.Errorf("clean under a 256 KiB budget: %v, want a limit", err)
		}
	}
	if n, b := archive.SharedLeft(); n != 0 || b != 0 {
		t.Errorf("%d members (%d bytes) left waiting", n, b)
	}
}
