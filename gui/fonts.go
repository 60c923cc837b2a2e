package gui

import (
	"embed"

	"fyne.io/fyne/v2"
	"golang.org/x/text/language"

	"github.com/scrub-project/scrub/internal/words"
)

// Fyne's own font, Noto Sans, has no Arabic, Burmese or Chinese
// characters. For a window in one of those languages the theme's font is
// a Noto font for its script, bundled here (see fonts/update and
// fonts/OFL.txt); Fyne draws every character that font lacks (Latin
// letters, most digits) with Noto Sans, and what both lack with the
// system's fonts.
//
//go:embed fonts/*.ttf fonts/*.otf
var fontFiles embed.FS

// scriptFonts maps a script to its fonts: regular, then bold.
var scriptFonts = map[string][2]string{
	"Arab": {"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"},
	"Mymr": {"NotoSansMyanmar-Regular.ttf", "NotoSansMyanmar-Bold.ttf"},
	"Hans": {"NotoSansCJKSC-Regular.subset.otf", "NotoSansCJKSC-Bold.subset.otf"},
	"Hant": {"NotoSansCJKTC-Regular.subset.otf", "NotoSansCJKTC-Bold.subset.otf"},
}

// scriptOf returns the script a language is written in: "Arab" for fa,
// "Hant" for zh-Hant (and zh-TW).
func scriptOf(t language.Tag) string {
	s, _ := t.Script()
	return s.String()
}

// withScriptFont returns t with the bundled font for the script of the
// language the app speaks (words.Current), or t itself when Fyne's font
// covers it.
func withScriptFont(t fyne.Theme) fyne.Theme {
	names, ok := scriptFonts[scriptOf(words.Current().Tag)]
	if !ok {
		return t
	}
	load := func(name string) fyne.Resource {
		b, err := fontFiles.ReadFile("fonts/" + name)
		if err != nil {
			panic(err) // embedded: a test covers it
		}
		return fyne.NewStaticResource(name, b)
	}
	return &scriptTheme{Theme: t, regular: load(names[0]), bold: load(names[1])}
}

// scriptTheme is a theme whose text font is the script's.
type scriptTheme struct {
	fyne.Theme
	regular, bold fyne.Resource
}

func (t *scriptTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace || s.Symbol:
		return t.Theme.Font(s)
	case s.Bold:
		return t.bold
	}
	return t.regular // these scripts have no italic
}
