package rtf_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/formats/rtf"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(rtf.New())
	r.Register(png.New())
	r.Register(jpeg.New())
	return r
}

// TestRoundTrip: every planted value is in the fixture (hexadecimal
// pictures decoded) and in none of the bytes of the cleaned document;
// the cleaned copy inspects clean and cleans to itself.
func TestRoundTrip(t *testing.T) {
	reg := registry()
	data := dirty("P")
	planted := dirtyPlanted("P")
	scrubtest.AssertPresent(t, expand(data), planted...)
	fs := scrubtest.Inspect(t, reg, "dirty.rtf", data)
	if !scrub.Removable(fs) {
		t.Fatal("inspect found nothing removable")
	}
	for _, f := range fs {
		if f.Label == "" || !scrub.KnownLabel(f.Label) {
			t.Errorf("finding without a known label: %+v", f)
		}
	}
	clean, _ := scrubtest.Clean(t, reg, "dirty.rtf", data, scrub.Policy{})
	scrubtest.CheckReport(t, reg, "dirty.rtf", data, clean)
	scrubtest.AssertAbsent(t, expand(clean), planted...)
	for _, gone := range []string{`\rsid`, `insrsid`, `pararsid`, `\revauth`, `\revdttm`, `\revised`, `\deleted`, `\chatn`, `\bliptag`, `blipuid`, `\objdata`, `\info`} {
		if bytes.Contains(clean, []byte(gone)) {
			t.Errorf("the cleaned document still has %s", gone)
		}
	}
	for _, kept := range []string{"Visible first paragraph", "inserted words", "and the rest.", `Caf\'e9`, `\u8364?`,
		"link text", "Last paragraph", `{\*\bkmkstart Chapter}`, `\latentstyles`, `\pngblip`, `\jpegblip`, `\emfblip`, `{\result`[:2]} {
		if !bytes.Contains(clean, []byte(kept)) {
			t.Errorf("the cleaned document lost %q", kept)
		}
	}
	if fs := scrubtest.Inspect(t, reg, "clean.rtf", clean); scrub.Removable(fs) {
		t.Errorf("the cleaned document still has removable findings: %+v", fs)
	}
	again, _ := scrubtest.Clean(t, reg, "clean.rtf", clean, scrub.Policy{})
	if !bytes.Equal(clean, again) {
		t.Errorf("cleaning the cleaned document changed it")
	}
	if testing.Verbose() {
		t.Logf("cleaned:\n%s", clean)
	}
}

func TestFindings(t *testing.T) {
	fs := scrubtest.Inspect(t, registry(), "dirty.rtf", dirty("F"))
	got := map[string]scrub.Finding{}
	for _, f := range fs {
		got[f.Field] = f
		t.Logf("%s | %s | %.60s | %s | %s | %v", f.Where, f.Field, f.Value, f.Action, f.Label, f.Minor)
	}
	for field, want := range map[string]struct {
		label  scrub.Label
		value  string
		action scrub.Action
	}{
		"author":                             {scrub.LabelAuthor, "F-AUTHOR", scrub.Remove},
		"last saved by":                      {scrub.LabelLastEditor, "F-OPERATOR", scrub.Remove},
		"company":                            {scrub.LabelOrganisation, "F-COMPANY", scrub.Remove},
		"manager":                            {scrub.LabelManager, "F-MANAGER", scrub.Remove},
		"created":                            {scrub.LabelCreated, "2021-03-04 05:06:00", scrub.Remove},
		"printed":                            {scrub.LabelPrinted, "2023-03-04", scrub.Remove},
		"editing time (minutes)":             {scrub.LabelEditTime, "42", scrub.Remove},
		"generator":                          {scrub.LabelSoftware, "F-GENERATOR", scrub.Remove},
		"revision authors":                   {scrub.LabelRevisionAuthor, "F-REVAUTHOR", scrub.Remove},
		"tracked deletion":                   {scrub.LabelTrackedChange, "F-DELETED", scrub.Remove},
		"comment author":                     {scrub.LabelCommentAuthor, "F-COMMENTER", scrub.Remove},
		"comment":                            {scrub.LabelComment, "F-COMMENTTEXT", scrub.Remove},
		"custom properties":                  {scrub.LabelCustom, "F-PROPNAME", scrub.Remove},
		"template":                           {scrub.LabelTemplate, "F-TPLUSER", scrub.Remove},
		"link to a local file":               {scrub.LabelFilePath, "F-LINKUSER", scrub.Remove},
		"metafile description":               {scrub.LabelSoftware, "F-EMFAPP / F-EMFNAME", scrub.Remove},
		"embedded object":                    {scrub.LabelEmbeddedObject, "F-OBJCLASS", scrub.Remove},
		"picture's original file":            {scrub.LabelFilePath, "F-PIBUSER", scrub.Remove},
		"bookmark":                           {scrub.LabelOutline, "Chapter", scrub.Report},
		"last edit position":                 {scrub.LabelHistory, "_GoBack", scrub.Remove},
		"unknown destination \\unknowndest":  {scrub.LabelMetadata, "F-UNKNOWNDEST", scrub.Remove},
		"data after the end of the document": {scrub.LabelHiddenData, "F-TRAILING", scrub.Remove},
	} {
		f, ok := got[field]
		if !ok {
			t.Errorf("no finding %q", field)
			continue
		}
		if f.Label != want.label || !strings.Contains(f.Value, want.value) || f.Action != want.action {
			t.Errorf("%s: %s %q %s, want %s %q %s", field, f.Label, f.Value, f.Action, want.label, want.value, want.action)
		}
	}
}

func TestIdentify(t *testing.T) {
	h := rtf.New()
	for in, want := range map[string]string{`{\rtf1\ansi}`: "rtf", `{\rtf`: "rtf", ` {\rtf1}`: "", `{\urtf1}`: "", "%PDF-1.4": ""} {
		b := []byte(in)
		if got, err := h.Identify(b, bytes.NewReader(b), int64(len(b))); got != want || err != nil {
			t.Errorf("Identify(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestDelimiters: removing a word between a control word and text must
// not glue them into another word.
func TestDelimiters(t *testing.T) {
	for in, want := range map[string]string{
		`{\rtf1\plain\insrsid1 Hello}`:                             `{\rtf1\plain Hello}`,
		`{\rtf1\b\insrsid1  two spaces}`:                           `{\rtf1\b  two spaces}`,
		`{\rtf1\b\insrsid1 -5 degrees}`:                            `{\rtf1\b -5 degrees}`,
		`{\rtf1\b{\*\generator x}2nd}`:                             `{\rtf1\b 2nd}`,
		`{\rtf1\b\charrsid1;}`:                                     `{\rtf1\b;}`,
		`{\rtf1\f0\insrsid5\fs20 x}`:                               `{\rtf1\f0\fs20 x}`,
		`{\rtf1 a{\deleted gone}b\par}`:                            `{\rtf1 a{}b\par}`,
		`{\rtf1 a{\deleted x\deleted0 kept}b}`:                     `{\rtf1 a{kept}b}`,
		`{\rtf1 a{\deleted x\plain kept}b}`:                        `{\rtf1 a{\plain kept}b}`,
		`{\rtf1\uc1 a{\deleted \u8364?}b}`:                         `{\rtf1\uc1 a{}b}`,
		`{\rtf1 {\deleted{\field{\*\fldinst PAGE}{\fldrslt 1}}}x}`: `{\rtf1 {}x}`,
	} {
		reg := registry()
		out, _ := scrubtest.Clean(t, reg, "x.rtf", []byte(in), scrub.Policy{})
		if string(out) != want {
			t.Errorf("%s\n got %s\nwant %s", in, out, want)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	data := dirty("C")
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	if _, err := rtf.New().Inspect(ctx, env, bytes.NewReader(data), int64(len(data))); err == nil {
		t.Error("a cancelled inspect succeeded")
	}
}
