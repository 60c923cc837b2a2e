package archive_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/archive"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub"
)

// manyMembers is a zip of documents, photos, notes, a nested zip and a
// member scrub cannot clean, in an order that is not the output's.
func manyMembers(t testing.TB) []byte { return manyMembersStored(t, true) }

// manyMembersStored is manyMembers with half the photos stored, or every
// member deflated.
func manyMembersStored(t testing.TB, storePhotos bool) []byte {
	inner, _ := plantedZip(t)
	var ms []zmember
	for i := 11; i >= 0; i-- {
		ms = append(ms,
			zmember{name: fmt.Sprintf("docs/letter%02d.docx", i), data: hostile.Docx(fmt.Sprintf("CONC%d", i), "some text of a letter")},
			zmember{name: fmt.Sprintf("docs/minutes%02d.odt", i), data: hostile.ODT(fmt.Sprintf("CODT%d", i), "minutes of the meeting")},
			zmember{name: fmt.Sprintf("photos/IMG_%04d.jpg", i), data: metatest.DirtyJPEG(320, 240, uint64(i), metatest.Planted{Artist: fmt.Sprintf("CART%d", i), Serial: "S"}), store: storePhotos && i%2 == 0},
			zmember{name: fmt.Sprintf("notes%02d.txt", i), data: bytes.Repeat([]byte("notes for the march\n"), 50*i+1)},
		)
	}
	ms = append(ms, zmember{name: "nested/more.zip", data: inner}, zmember{name: "tools/tool.exe", data: []byte("MZ\x90\x00program")})
	return buildZip(t, "CONC-COMMENT", ms...)
}

// run is everything the engine asks of the archive handler for one input:
// the cleaned bytes with the findings and warnings, Inspect's findings and
// the parts in order (name and digest).
type run struct {
	out     []byte
	fs      []scrub.Finding
	ws      []scrub.Warning
	err     string
	inspect []scrub.Finding
	ierr    string
	parts   []string
	perr    string
}

func runAll(t *testing.T, name string, data []byte, limits scrub.Limits, pol scrub.Policy) run {
	t.Helper()
	h := detect(t, name, data)
	ctx := context.Background()
	var r run
	var buf bytes.Buffer
	var err error
	r.fs, r.ws, err = h.(scrub.ReportingCleaner).CleanReport(ctx, scrub.NewEnv(reg, limits, pol), bytes.NewReader(data), int64(len(data)), &buf)
	if err != nil {
		r.err = err.Error()
	} else {
		r.out = buf.Bytes()
	}
	if r.inspect, err = h.Inspect(ctx, scrub.NewEnv(reg, limits, pol), bytes.NewReader(data), int64(len(data))); err != nil {
		r.ierr = err.Error()
	}
	err = h.(scrub.PartLister).Parts(ctx, scrub.NewEnv(reg, limits, pol), bytes.NewReader(data), int64(len(data)), func(p scrub.Part) error {
		d := sha256.New()
		if _, err := io.Copy(d, p.R); err != nil {
			return err
		}
		r.parts = append(r.parts, fmt.Sprintf("%s %x %q", p.Where, d.Sum(nil), p.Text))
		return nil
	})
	if err != nil {
		r.perr = err.Error()
	}
	return r
}

func sameRuns(t *testing.T, what string, a, b run) {
	t.Helper()
	if !bytes.Equal(a.out, b.out) {
		t.Errorf("%s: the cleaned bytes differ (%d and %d bytes)", what, len(a.out), len(b.out))
	}
	for _, c := range []struct {
		name string
		x, y any
	}{
		{"clean error", a.err, b.err}, {"findings", a.fs, b.fs}, {"warnings", a.ws, b.ws},
		{"inspect error", a.ierr, b.ierr}, {"inspect findings", a.inspect, b.inspect},
		{"parts error", a.perr, b.perr}, {"parts", a.parts, b.parts},
	} {
		if !reflect.DeepEqual(c.x, c.y) {
			t.Errorf("%s: %s differ:\n%v\n%v", what, c.name, c.x, c.y)
		}
	}
}

// TestConcurrentSameAsSequential: members cleaned, inspected and read
// several at a time give the bytes, findings, warnings, parts and errors
// of one at a time, whatever the number of workers and whichever members
// are worked on alone.
func TestConcurrentSameAsSequential(t *testing.T) {
	data := manyMembers(t)
	restore := archive.SetWorkers(1, 64<<20)
	var seq [3]run
	pols := []scrub.Policy{{UnknownMembers: scrub.UnknownKeep}, {UnknownMembers: scrub.UnknownOmit}, {}}
	for i, pol := range pols {
		seq[i] = runAll(t, "many.zip", data, scrub.Limits{}, pol)
	}
	restore()
	if seq[0].err != "" || seq[1].err != "" || !strings.Contains(seq[2].err, "tool.exe") {
		t.Fatalf("sequential: keep %q, omit %q, refuse %q", seq[0].err, seq[1].err, seq[2].err)
	}
	assertAbsent(t, seq[1].out, "CONC-COMMENT", "CONC3-CREATOR", "CODT7-CREATOR", "CART5", "PLANTNESTED-CREATOR")
	for _, n := range []int{2, 3, 8} {
		for _, big := range []int64{64 << 20, 4 << 10} {
			restore := archive.SetWorkers(n, big)
			for i, pol := range pols {
				sameRuns(t, fmt.Sprintf("%d workers, alone over %d bytes, policy %q", n, big, pol.UnknownMembers), seq[i], runAll(t, "many.zip", data, scrub.Limits{}, pol))
			}
			restore()
		}
	}
	// Cleaning the cleaned copy gives it back, several at a time too.
	restore = archive.SetWorkers(4, 4<<10)
	defer restore()
	again := runAll(t, "many.zip", seq[1].out, scrub.Limits{}, scrub.Policy{})
	if !bytes.Equal(again.out, seq[1].out) {
		t.Errorf("cleaning the cleaned copy changed it")
	}
}

// TestConcurrentHostile: every hostile ZIP case is refused (or cleaned) by
// several workers as by one, with the same error, and a budget spent by
// members cleaned at the same time still ends the archive.
func TestConcurrentHostile(t *testing.T) {
	checked := 0
	for _, c := range hostile.Cases() {
		if c.Large || !strings.HasSuffix(c.File, ".zip") {
			continue
		}
		data := c.Bytes()
		if _, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), c.File); err != nil {
			continue // refused before the handler: nothing concurrent
		}
		checked++
		restore := archive.SetWorkers(1, 64<<20)
		seq := runAll(t, c.File, data, scrub.Limits{}, scrub.Policy{})
		restore()
		restore = archive.SetWorkers(4, 64<<20)
		sameRuns(t, c.Name, seq, runAll(t, c.File, data, scrub.Limits{}, scrub.Policy{}))
		restore()
	}
	t.Logf("%d hostile zip cases", checked)
	if checked < 3 {
		t.Fatalf("only %d hostile zip cases checked", checked)
	}

	// Twelve documents of about 40 KiB each under a 256 KiB budget: the
	// members cleaned at the same time spend it together, and the
	// archive is refused as over the limit, not half written.
	data := manyMembers(t)
	restore := archive.SetWorkers(4, 64<<20)
	defer restore()
	limits := scrub.Limits{MaxTotalSize: 256 << 10}
	r := runAll(t, "many.zip", data, limits, scrub.Policy{UnknownMembers: scrub.UnknownOmit})
	h := detect(t, "many.zip", data)
	_, _, err := h.(scrub.ReportingCleaner).CleanReport(context.Background(), scrub.NewEnv(reg, limits, scrub.Policy{}), bytes.NewReader(data), int64(len(data)), io.Discard)
	if !errors.Is(err, scrub.ErrLimit) || r.out != nil || r.ierr == "" || r.perr == "" {
		t.Fatalf("over the budget with 4 workers: clean %v, inspect %q, parts %q", err, r.ierr, r.perr)
	}
}
