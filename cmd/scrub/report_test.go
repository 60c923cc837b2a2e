package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub"
)

// No handler reports a fake redaction yet on the samples (issue 18): the
// reporter is given one directly. It stops check (exit 1) and counts as
// not done for clean, with the covered words shown first.
func TestFakeRedactionStops(t *testing.T) {
	covered := scrub.Finding{Where: "page 1", Field: "covered text", Value: "the informant's name", Kind: scrub.KindHidden,
		Action: scrub.Report, Label: scrub.LabelCoveredText}
	notes := scrub.Finding{Where: "slide 2", Field: "notes", Value: "ask Ana", Kind: scrub.KindHidden, Action: scrub.Report, Label: scrub.LabelSpeakerNotes}
	for _, c := range []struct {
		cmd    string
		status scrub.Status
		fs     []scrub.Finding
		want   outcomeKind
		say    string
	}{
		{"check", scrub.StatusDirty, []scrub.Finding{covered}, found, "scrub: error: court.pdf: has text under a black box that anyone can copy out:"},
		{"check", scrub.StatusClean, []scrub.Finding{notes}, done, "scrub: warning: deck.pptx: keeps 1 thing to check before you send it:"},
		{"clean", scrub.StatusAlreadyClean, []scrub.Finding{covered}, notDone, "court.pdf was NOT cleaned (text under a black box can still be copied out)"},
		{"clean", scrub.StatusAlreadyClean, []scrub.Finding{notes}, done, "Speaker notes: ask Ana"},
		{"inspect", scrub.StatusDirty, []scrub.Finding{covered, notes}, done, "  WARNING: it has text under a black box that anyone can copy out (listed below)\n"},
		{"inspect", scrub.StatusDirty, []scrub.Finding{covered, notes}, done, "    Text under a black box: the informant's name\n    Speaker notes: ask Ana\n"},
	} {
		var out, errw bytes.Buffer
		std := stdio{out: &out, err: &errw}
		path := "court.pdf"
		if c.fs[0].Label == scrub.LabelSpeakerNotes {
			path = "deck.pptx"
		}
		plan := &scrub.Plan{Targets: []scrub.Target{{Path: path, Explicit: true}}}
		r := newReporter(std, c.cmd, fileFlags{}, []string{path}, plan)
		r.add(scrub.Result{Path: path, Format: "pdf", Status: c.status, Findings: c.fs, Index: 0})
		o := fileOutcome(c.cmd, false, r.sum, false)
		r.finish(o)
		text := out.String() + errw.String()
		if o.kind != c.want || !strings.Contains(text, c.say) {
			t.Errorf("%s %v: outcome %v, want %v; output:\n%s", c.cmd, c.fs[0].Label, o.kind, c.want, text)
		}
	}
}
