package words

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/language"

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

// verbs returns a message's verbs as the arguments they take, "1:s",
// "2:d", sorted: a translation may reorder its arguments ("%[2]s … %[1]s"
// for English "%s … %s"), never change what it does with one.
func verbs(s string) []string {
	var out []string
	next := 1
	for _, m := range verb.FindAllStringSubmatch(s, -1) {
		v := m[0]
		if strings.HasSuffix(v, "%") {
			continue
		}
		i := next
		if m[1] != "" {
			fmt.Sscanf(m[1], "[%d]", &i)
		}
		next = i + 1
		out = append(out, fmt.Sprintf("%d:%s", i, strings.Replace(v, m[1], "", 1)))
	}
	sort.Strings(out)
	return out
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

// shipped are the languages issue 19 promises, as folders of locales/.
var shipped = []string{"ar", "es", "fa", "fr", "my", "pt-BR", "ru", "tr", "uk", "zh-Hans", "zh-Hant"}

// Every shipped language has every English key, of the same kind (a
// plain message, or plural forms), with a form for every plural category
// the language has. A key added in English fails here until it is
// translated into every language: a machine translation, listed as such
// in the README's translation section, is better than none.
func TestCataloguesComplete(t *testing.T) {
	load()
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	en := all["en"]
	for _, lang := range shipped {
		m, ok := all[lang]
		if !ok {
			t.Errorf("no catalogue for %s (internal/words/locales/%s/)", lang, lang)
			continue
		}
		tag := language.MustParse(lang)
		var missing []string
		for k, e := range en {
			msg, ok := m[k]
			switch {
			case !ok || (msg.text == "" && msg.forms == nil):
				missing = append(missing, k)
			case (e.forms == nil) != (msg.forms == nil):
				t.Errorf("%s: %q is plural in one catalogue and not in the other", lang, k)
			case msg.forms != nil:
				for n := 0; n <= 1000; n++ {
					if f := pluralForm(tag, n); msg.forms[f] == "" {
						t.Errorf("%s: %q has no %q form (for %d, among others)", lang, k, f, n)
						break
					}
				}
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			t.Errorf("%s lacks %d English keys (add them to internal/words/locales/%s/): %s", lang, len(missing), lang, strings.Join(missing, ", "))
		}
	}
}

// A key a translation lacks falls back to the English message, whole and
// correctly formatted (plural forms chosen by English rules), never to a
// key name or a broken string.
func TestMissingTranslationFallsBackToEnglish(t *testing.T) {
	en := map[string]message{
		"greet": {text: "hello %s"},
		"new":   {text: "only in English: %s, %d"},
		"files": {forms: map[string]string{"one": "%[1]d file in %[2]s", "other": "%[1]d files in %[2]s"}},
		"items": {forms: map[string]string{"one": "%[1]d item", "other": "%[1]d items"}},
	}
	c := &Catalogue{Tag: language.Russian, en: en, msgs: map[string]message{
		"greet": {text: "привет %s"},
		"items": {forms: map[string]string{"one": "%[1]d элемент", "few": "%[1]d элемента", "many": "%[1]d элементов", "other": "%[1]d элемента"}},
	}}
	for _, tc := range []struct{ got, want string }{
		{c.T("greet", "Ana"), "привет Ana"},
		{c.T("new", "a", 2), "only in English: a, 2"},
		{c.N("files", 1, "docs"), "1 file in docs"},
		{c.N("files", 3, "docs"), "3 files in docs"},
		{c.N("items", 1), "1 элемент"},
		{c.N("items", 3), "3 элемента"},
		{c.N("items", 5), "5 элементов"},
		{c.T("nowhere"), "!nowhere"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// Every message of every language formats without a verb error
// (%!d(string=…), %!(EXTRA …), %!s(MISSING)) when given the arguments
// English takes.
func TestTranslationsFormat(t *testing.T) {
	load()
	en := all["en"]
	for lang := range all {
		c := Load(lang)
		for k, e := range en {
			text := e.text
			if e.forms != nil {
				text = e.forms["other"]
			}
			args := sampleArgs(text)
			var outs []string
			if e.forms != nil {
				for _, n := range []int{0, 1, 2, 3, 5, 11, 22, 100, 101} {
					outs = append(outs, c.N(k, n, args[1:]...))
				}
			} else {
				outs = append(outs, c.T(k, args...))
			}
			for _, out := range outs {
				if strings.Contains(out, "%!") {
					t.Errorf("%s: %q formats as %q", lang, k, out)
					break
				}
			}
		}
	}
}

// sampleArgs returns arguments for a message's verbs: an int for %d, a
// string otherwise.
func sampleArgs(format string) []any {
	max := 0
	kinds := map[int]byte{}
	next := 1
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		v := m[0]
		if strings.HasSuffix(v, "%") {
			continue
		}
		i := next
		if m[1] != "" {
			fmt.Sscanf(m[1], "[%d]", &i)
		}
		next = i + 1
		kinds[i] = v[len(v)-1]
		if i > max {
			max = i
		}
	}
	args := make([]any, max)
	for i := range args {
		if kinds[i+1] == 'd' {
			args[i] = 7
		} else {
			args[i] = "x"
		}
	}
	return args
}

// The user's locale, as Linux, Windows and macOS name it, picks the
// shipped language.
func TestLoadPicksTheLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"es_MX.UTF-8": "es", "es-ES": "es", "fr_CA.UTF-8": "fr", "pt_BR.UTF-8": "pt-BR", "ar_EG.UTF-8": "ar",
		"fa_IR": "fa", "ru_RU.UTF-8": "ru", "uk_UA.UTF-8": "uk", "zh_CN.UTF-8": "zh-Hans", "zh-Hans-CN": "zh-Hans",
		"zh_TW.UTF-8": "zh-Hant", "zh-HK": "zh-Hant", "zh-Hant": "zh-Hant", "tr_TR.UTF-8": "tr", "my_MM": "my",
	} {
		got := Load(in).Tag.String()
		if _, ok := all[want]; !ok {
			continue // reported by TestCataloguesComplete
		}
		if got != want {
			t.Errorf("%q -> %s, want %s", in, got, want)
		}
	}
}
