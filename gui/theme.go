//go:build gui || ci

package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// focusTheme is the app's theme with a focus colour strong enough to see:
// Fyne's default tints a focused control so faintly that someone using
// the keyboard cannot tell where they are. (Buttons and the file list
// also draw a ring; the tint is for Fyne's own controls: the output
// choice, the dialogs' fields.)
type focusTheme struct{ fyne.Theme }

func (t focusTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameFocus {
		c := color.NRGBAModel.Convert(t.Theme.Color(theme.ColorNamePrimary, v)).(color.NRGBA)
		c.A = 0x70
		return c
	}
	return t.Theme.Color(n, v)
}

// withVisibleFocus wraps th in focusTheme, once.
func withVisibleFocus(th fyne.Theme) fyne.Theme {
	if _, ok := th.(focusTheme); ok || th == nil {
		return th
	}
	return focusTheme{th}
}
