package gui

import (
	"embed"
	"os"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/scrub-project/scrub/internal/words"
)

// Fyne's own words (its file dialog, the text fields' menu: "Cancel",
// "Paste", "New Folder"…) come from its lang package, which has no Arabic,
// Persian, Burmese, Turkish or Traditional Chinese: lang/ adds them
// (machine-made, like the catalogue's).
//
//go:embed lang/*.json
var fyneTranslations embed.FS

// inLanguage makes Fyne's own words follow the language the app speaks
// (words.Current) where Fyne allows it, and returns t with the font for
// that language's script (withScriptFont).
//
// Fyne picks its language from the system once its translations change:
// on Linux and the BSDs from LANGUAGE (after LC_ALL, LC_MESSAGES and LANG,
// unless those say C), which is set to the app's language while Fyne reads
// it, so SCRUB_LANG is followed; on Windows and macOS from the system's
// settings, which a program cannot override for Fyne, so with SCRUB_LANG
// set there Fyne's few own words stay in the system's language.
func inLanguage(t fyne.Theme) fyne.Theme {
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
		old, had := os.LookupEnv("LANGUAGE")
		os.Setenv("LANGUAGE", words.Current().Tag.String())
		defer func() {
			if had {
				os.Setenv("LANGUAGE", old)
			} else {
				os.Unsetenv("LANGUAGE")
			}
		}()
	}
	if err := lang.AddTranslationsFS(fyneTranslations, "lang"); err != nil {
		fyne.LogError("lang.AddTranslationsFS", err)
	}
	return withScriptFont(t)
}
