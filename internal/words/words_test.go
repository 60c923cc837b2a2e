package words

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub"
)

// Every label a handler can emit has words, in English.
func TestEveryLabelHasWords(t *testing.T) {
	c := Load("en")
	for _, l := range scrub.Labels {
		if got := c.T("label." + string(l)); strings.HasPrefix(got, "!") {
			t.Errorf("label %q has no words", l)
		}
		GroupOf(l)
	}
	for _, g := range Groups {
		for _, k := range []string{"reveals.", "group."} {
			if got := c.T(k + string(g)); strings.HasPrefix(got, "!") {
				t.Errorf("%s%s missing", k, g)
			}
		}
	}
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

func verbs(s string) []string {
	v := verb.FindAllString(s, -1)
	sort.Strings(v)
	return v
}

// Every catalogue parses, has only keys English has, and uses the same
// format verbs as English in every message (a translation that drops or
// changes a verb would print garbage).
func TestCataloguesMatchEnglish(t *testing.T) {
	load()
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	en := all["en"]
	if len(en) == 0 {
		t.Fatal("no English catalogue")
	}
	for lang, m := range all {
		f := lang
		for k, msg := range m {
			e, ok := en[k]
			if !ok {
				t.Errorf("%s: key %q is not in English", f, k)
				continue
			}
			want := verbs(e.text)
			if e.forms != nil {
				want = verbs(e.forms["other"])
			}
			texts := []string{msg.text}
			if msg.forms != nil {
				texts = nil
				for _, s := range msg.forms {
					texts = append(texts, s)
				}
			}
			for _, s := range texts {
				if got := verbs(s); strings.Join(got, " ") != strings.Join(want, " ") && !(e.forms != nil && len(got) < len(want)) {
					t.Errorf("%s: %q uses verbs %v, English %v", f, k, got, want)
				}
			}
		}
	}
}

func TestHeadline(t *testing.T) {
	Use("en")
	fs := []scrub.Finding{
		{Label: scrub.LabelAuthor, Value: "Henning Femmer", Action: scrub.Remove, Kind: scrub.KindPerson},
		{Label: scrub.LabelOrganisation, Value: "TUM", Action: scrub.Remove},
		{Label: scrub.LabelGPS, Value: "48.858400 N, 2.294500 E", Action: scrub.Remove},
		{Label: scrub.LabelStatistics, Value: "12", Action: scrub.Remove},
		{Label: scrub.LabelSpeakerNotes, Value: "notes", Action: scrub.Report},
		{Label: scrub.LabelFont, Value: "Arial", Action: scrub.Report},
	}
	s := Summarize("jpeg", fs)
	if got, want := Headline(s), "Reveals your name, your organisation and where the photo was taken"; got != want {
		t.Errorf("headline %q, want %q", got, want)
	}
	if s.Remove != 3 || len(s.Review) != 1 || s.Details != 2 {
		t.Errorf("counts: remove %d review %d details %d", s.Remove, len(s.Review), s.Details)
	}
}

func TestParsePosition(t *testing.T) {
	for in, want := range map[string][2]float64{
		"48.858400 N, 2.294500 E":  {48.8584, 2.2945},
		"33.8688 S, 151.2093 E":    {-33.8688, 151.2093},
		"51.4169, -0.0806":         {51.4169, -0.0806},
		"+51.4169-000.0806/":       {51.4169, -0.0806},
		"40.4470 N, 3.7020 W (3m)": {40.447, -3.702},
	} {
		lat, lon, ok := ParsePosition(in)
		if !ok || lat != want[0] || lon != want[1] {
			t.Errorf("%q: %v %v %v", in, lat, lon, ok)
		}
	}
	if _, _, ok := ParsePosition("binary data"); ok {
		t.Error("parsed a non-position")
	}
	if got := Position(48.8584, 2.2945); !strings.HasPrefix(got, "48.8584° N, 2.2945° E") {
		t.Errorf("Position: %q", got)
	}
}

func TestLoadMatchesLocales(t *testing.T) {
	for _, tag := range []string{"", "C", "POSIX", "en_US.UTF-8", "xx_YY"} {
		if c := Load(tag); c.Tag.String() != "en" {
			t.Errorf("%q -> %s", tag, c.Tag)
		}
	}
}
