package scrub_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub"
)

// leakyParted keeps everything, authors included: the re-inspection finds
// them, and so does the residue check.
type leakyParted struct{ parted }

func (leakyParted) Clean(_ context.Context, _ *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, err := io.Copy(w, io.NewSectionReader(r, 0, size))
	return nil, err
}

// The engine runs a file's independent passes (cleaning and learning;
// re-inspecting and searching the copy) at the same time when a core is
// free, and in turn otherwise. The outcome must not depend on which: the
// same status, the same error (the re-inspection's verdict first), the
// same findings.
func TestPassesInTurnOrTogether(t *testing.T) {
	const v = "Ottilie Planted-Name"
	cases := []struct {
		name   string
		h      scrub.Handler
		body   string
		status scrub.Status
		check  func(err error) bool
	}{
		{"residue", parted{}, "PARTED\nauthor: " + v + "\n== customXml/item9.xml\n<x>" + v + "</x>\n", scrub.StatusFailed,
			func(err error) bool { var re *scrub.ResidueError; return errors.As(err, &re) }},
		{"re-inspection before residue", leakyParted{}, "PARTED\nauthor: " + v + "\n== meta\n<x>" + v + "</x>\n", scrub.StatusFailed,
			func(err error) bool { var ve *scrub.VerifyError; return errors.As(err, &ve) }},
		{"visible", parted{}, "PARTED\nauthor: " + v + "\n== page 2\ntext: Signed, " + v + "\n== people\n<p mail=\"ottilie.planted@example.org\"/>\n", scrub.StatusFailed,
			func(err error) bool { var re *scrub.ResidueError; return errors.As(err, &re) }},
		{"clean", parted{}, "PARTED\nauthor: " + v + "\n== page 2\ntext: Signed, " + v + "\n", scrub.StatusCleaned,
			func(err error) bool { return err == nil }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got [2]string
			for i, jobs := range []int{1, 4} {
				dir := t.TempDir()
				in := filepath.Join(dir, "doc.parted")
				write(t, in, c.body)
				e := engine(c.h)
				e.Jobs = jobs
				res := collect(t, func(fn func(scrub.Result)) error {
					return e.Clean(context.Background(), scrub.NewPlan([]string{in}, scrub.PlanOptions{}), scrub.CleanOptions{}, fn)
				})
				r := res[in]
				if r.Status != c.status || !c.check(r.Err) {
					t.Fatalf("-j %d: status %s, error %v", jobs, r.Status, r.Err)
				}
				if _, err := os.Stat(scrub.CleanedName(in)); (err == nil) != (c.status == scrub.StatusCleaned) {
					t.Errorf("-j %d: copy written: %v, status %s", jobs, err == nil, r.Status)
				}
				insp := collect(t, func(fn func(scrub.Result)) error {
					return e.Inspect(context.Background(), scrub.NewPlan([]string{in}, scrub.PlanOptions{}), fn)
				})
				got[i] = string(r.Status) + " " + r.Error + "\n" + findingList(r.Findings) + "\ninspect:\n" + findingList(insp[in].Findings)
			}
			if got[0] != got[1] {
				t.Errorf("in turn and together differ:\n-j 1: %s\n-j 4: %s", got[0], got[1])
			}
		})
	}
}

func findingList(fs []scrub.Finding) string {
	var l []string
	for _, f := range fs {
		l = append(l, f.Where+"|"+f.Field+"|"+f.Value+"|"+string(f.Action))
	}
	sort.Strings(l)
	return strings.Join(l, "\n")
}
