package gui

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/language"

	"github.com/scrub-project/scrub/internal/words"
)

// covers reports which of runes a font has glyphs for.
type coverage func(r rune) bool

func fontCoverage(t *testing.T, name string, b []byte) coverage {
	t.Helper()
	f, err := sfnt.Parse(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var buf sfnt.Buffer
	return func(r rune) bool {
		g, err := f.GlyphIndex(&buf, r)
		return err == nil && g != 0
	}
}

// messages returns every message of the catalogue of tag, as the app
// shows them (plural messages for a few counts).
func messages(tag string) []string {
	c := words.Load(tag)
	var out []string
	for _, k := range words.Keys() {
		if s := c.T(k); s != "" && !strings.HasPrefix(s, "!") {
			out = append(out, s)
		}
		for _, n := range []int{0, 1, 2, 3, 5, 11, 100, 101} {
			if s := c.N(k, n); !strings.HasPrefix(s, "!") {
				out = append(out, s)
			}
		}
	}
	return out
}

// Every character of every language's words can be drawn: by the font
// bundled for its script, or else by Fyne's own. A Chinese translation
// that uses a character the cut-down Chinese fonts lack fails here until
// gui/fonts/update is run.
func TestBundledFontsCover(t *testing.T) {
	noto := fontCoverage(t, "Noto Sans", theme.DefaultTextFont().Content())
	notoBold := fontCoverage(t, "Noto Sans Bold", theme.DefaultTextBoldFont().Content())
	checked := map[string]bool{}
	for _, tag := range words.Languages() {
		lt := language.Make(tag)
		names, ok := scriptFonts[scriptOf(lt)]
		var regular, bold coverage = noto, notoBold
		if ok {
			for i, n := range names {
				b, err := fontFiles.ReadFile("fonts/" + n)
				if err != nil {
					t.Fatalf("%s: %v", n, err)
				}
				c := fontCoverage(t, n, b)
				if i == 0 {
					regular = func(r rune) bool { return c(r) || noto(r) }
				} else {
					bold = func(r rune) bool { return c(r) || notoBold(r) }
				}
			}
			checked[scriptOf(lt)] = true
		}
		// Fyne (go-text's segmenter) draws a space with the font of the
		// text around it, never switching fonts at a space: a bundled font
		// without a space glyph draws a missing-glyph box there.
		own := func(r rune) bool { return true }
		if ok {
			b, _ := fontFiles.ReadFile("fonts/" + names[0])
			own = fontCoverage(t, names[0], b)
		}
		missing := map[rune]bool{}
		for _, s := range messages(tag) {
			for _, r := range s {
				if unicode.Is(unicode.Cf, r) || unicode.IsControl(r) {
					continue // joiners and direction marks: no glyph
				}
				if !regular(r) || !bold(r) || (unicode.Is(unicode.Zs, r) && !own(r)) {
					missing[r] = true
				}
			}
		}
		if len(missing) > 0 {
			var rs []string
			for r := range missing {
				rs = append(rs, fmt.Sprintf("%q U+%04X", r, r))
			}
			sort.Strings(rs)
			t.Errorf("%s: the app's fonts cannot draw %d characters (run gui/fonts/update): %s", tag, len(rs), strings.Join(rs, ", "))
		}
	}
	for script := range scriptFonts {
		if !checked[script] {
			t.Logf("no catalogue in script %s yet", script)
		}
	}
}

func TestScriptFontFollowsTheLanguage(t *testing.T) {
	defer words.Use("en")
	base := theme.DefaultTheme()
	for tag, want := range map[string]string{
		"en": "", "es": "", "ru": "", "ar": "NotoSansArabic", "fa": "NotoSansArabic", "my": "NotoSansMyanmar",
		"zh-Hans": "NotoSansCJKSC", "zh_CN.UTF-8": "NotoSansCJKSC", "zh-TW": "NotoSansCJKTC", "zh-Hant": "NotoSansCJKTC",
	} {
		c := words.Use(tag)
		th := withScriptFont(base)
		if want == "" {
			if th != base {
				t.Errorf("%s: the theme changed", tag)
			}
			continue
		}
		if c.Tag == language.English {
			t.Logf("%s: no catalogue yet (English)", tag)
			continue
		}
		regular, bold := th.Font(fyne.TextStyle{}).Name(), th.Font(fyne.TextStyle{Bold: true}).Name()
		if !strings.HasPrefix(regular, want+"-Regular") || !strings.HasPrefix(bold, want+"-Bold") {
			t.Errorf("%s: fonts %s and %s, want %s", tag, regular, bold, want)
		}
		if th.Font(fyne.TextStyle{Monospace: true}) != base.Font(fyne.TextStyle{Monospace: true}) {
			t.Errorf("%s: the monospace font changed", tag)
		}
	}
}

// Fyne's own words follow the app's language (on Linux: LANGUAGE while
// Fyne reads it), including the languages Fyne has no translation for.
func TestFyneFollowsTheLanguage(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("Fyne reads the system's language there")
	}
	defer words.Use("en")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_US.UTF-8")
	for tag, want := range map[string]string{"es": "Cancelar", "ar": "إلغاء", "zh-Hant": "取消", "tr": "İptal", "fr": "Annuler"} {
		words.Use(tag)
		inLanguage(theme.DefaultTheme())
		if got := lang.L("Cancel"); got != want {
			t.Errorf("%s: Fyne says %q for Cancel, want %q", tag, got, want)
		}
	}
	words.Use("en")
	inLanguage(theme.DefaultTheme())
	if got := lang.L("Cancel"); got != "Cancel" {
		t.Errorf("en: Fyne says %q", got)
	}
}
