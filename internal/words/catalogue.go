package words

import (
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// The catalogue is one folder per language under locales/, named by its
// BCP 47 tag (en, pt-BR, zh-Hans), holding JSON files by area (findings,
// cli, app, mail) whose keys are merged. A message is a
// string with fmt verbs, or for counts an object of plural forms
// ("zero", "one", "two", "few", "many", "other"; "other" is required).
// English is complete; another language may lack keys (the English
// message is used) but must use the same verbs as English.

//go:embed locales
var locales embed.FS

// message is one catalogue entry: a plain string, or plural forms.
type message struct {
	text  string
	forms map[string]string
}

func (m *message) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &m.text); err == nil {
		return nil
	}
	if err := json.Unmarshal(b, &m.forms); err != nil {
		return err
	}
	if _, ok := m.forms["other"]; !ok {
		return fmt.Errorf("plural forms without \"other\"")
	}
	return nil
}

// Catalogue holds the messages of one language, with English under it.
type Catalogue struct {
	Tag  language.Tag
	msgs map[string]message
	en   map[string]message
}

var (
	loadOnce sync.Once
	all      map[string]map[string]message // file tag -> messages
	loadErr  error

	mu      sync.RWMutex
	current *Catalogue
)

func load() {
	loadOnce.Do(func() {
		all = map[string]map[string]message{}
		langs, err := locales.ReadDir("locales")
		if err != nil {
			loadErr = err
			return
		}
		for _, l := range langs {
			m := map[string]message{}
			files, err := locales.ReadDir(path.Join("locales", l.Name()))
			if err != nil {
				loadErr = err
				return
			}
			for _, f := range files {
				b, err := locales.ReadFile(path.Join("locales", l.Name(), f.Name()))
				if err != nil {
					loadErr = err
					return
				}
				part := map[string]message{}
				if err := json.Unmarshal(b, &part); err != nil {
					loadErr = fmt.Errorf("%s/%s: %w", l.Name(), f.Name(), err)
					return
				}
				for k, v := range part {
					if _, dup := m[k]; dup {
						loadErr = fmt.Errorf("%s/%s: key %q is also in another file", l.Name(), f.Name(), k)
						return
					}
					m[k] = v
				}
			}
			all[l.Name()] = m
		}
	})
}

// Languages returns the tags of the shipped catalogues, sorted.
func Languages() []string {
	load()
	var out []string
	for t := range all {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Load returns the catalogue that best matches tag ("fr", "pt_BR.UTF-8",
// "zh-TW"), or English.
func Load(tag string) *Catalogue {
	load()
	if loadErr != nil {
		panic("words: " + loadErr.Error()) // the catalogues are built in; a test covers them
	}
	en := all["en"]
	c := &Catalogue{Tag: language.English, msgs: en, en: en}
	t, ok := parseTag(tag)
	if !ok {
		return c
	}
	var tags []language.Tag
	var names []string
	for name := range all {
		if pt, err := language.Parse(name); err == nil {
			tags = append(tags, pt)
			names = append(names, name)
		}
	}
	// English first: the matcher falls back to the first tag.
	for i, n := range names {
		if n == "en" {
			tags[0], tags[i] = tags[i], tags[0]
			names[0], names[i] = names[i], names[0]
		}
	}
	_, idx, conf := language.NewMatcher(tags).Match(t)
	if conf == language.No {
		return c
	}
	c.Tag, c.msgs = tags[idx], all[names[idx]]
	return c
}

// parseTag reads a locale as the environment gives it: "pt_BR.UTF-8",
// "sr_RS@latin", "zh-Hant", "C".
func parseTag(s string) (language.Tag, bool) {
	s, _, _ = strings.Cut(s, ".")
	s, _, _ = strings.Cut(s, "@")
	s = strings.ReplaceAll(s, "_", "-")
	if s == "" || s == "C" || s == "POSIX" {
		return language.Und, false
	}
	t, err := language.Parse(s)
	return t, err == nil
}

// Detect returns the user's language from the environment: SCRUB_LANG
// first, then LC_ALL, LC_MESSAGES and LANG (the system's locale on Windows
// and macOS is read by the desktop app, which passes it to Use).
func Detect() string {
	for _, v := range []string{"SCRUB_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			return s
		}
	}
	return systemLocale()
}

// Use makes tag's catalogue the one T and N speak.
func Use(tag string) *Catalogue {
	c := Load(tag)
	mu.Lock()
	current = c
	mu.Unlock()
	return c
}

// Current returns the catalogue in use (English until Use is called).
func Current() *Catalogue {
	mu.RLock()
	c := current
	mu.RUnlock()
	if c == nil {
		return Use("en")
	}
	return c
}

// T returns the message key in the current language, with args
// formatted into it.
func T(key string, args ...any) string { return Current().T(key, args...) }

// N returns the message key for the count n (its plural form in the
// current language), with n and args formatted into it: the message's
// verbs see n first.
func N(key string, n int, args ...any) string { return Current().N(key, n, args...) }

// T returns the message key with args formatted into it.
func (c *Catalogue) T(key string, args ...any) string {
	m, ok := c.msgs[key]
	if !ok || m.text == "" {
		m, ok = c.en[key]
	}
	if !ok {
		return "!" + key // a missing key: a test fails on it
	}
	return sprintf(m.text, args)
}

// N returns the plural form of key for n.
func (c *Catalogue) N(key string, n int, args ...any) string {
	all := append([]any{n}, args...)
	if m, ok := c.msgs[key]; ok && m.forms != nil {
		if s, ok := m.forms[pluralForm(c.Tag, n)]; ok {
			return sprintf(s, all)
		}
		return sprintf(m.forms["other"], all)
	}
	m, ok := c.en[key]
	if !ok || m.forms == nil {
		return "!" + key
	}
	form := "other"
	if n == 1 {
		form = "one"
	}
	if s, ok := m.forms[form]; ok {
		return sprintf(s, all)
	}
	return sprintf(m.forms["other"], all)
}

func sprintf(format string, args []any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

var formNames = map[plural.Form]string{
	plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many", plural.Other: "other",
}

func pluralForm(t language.Tag, n int) string {
	if n < 0 {
		n = -n
	}
	return formNames[plural.Cardinal.MatchPlural(t, n, 0, 0, 0, 0)]
}

// Keys returns every key of the English catalogue, sorted.
func Keys() []string {
	load()
	var out []string
	for k := range all["en"] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
