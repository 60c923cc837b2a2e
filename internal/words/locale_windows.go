package words

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

// systemLocale returns the language Windows shows its own menus in, the
// first of the user's preferred UI languages ("es-ES"), or else the user's
// locale (regional format, GetUserDefaultLocaleName): Windows sets no LANG
// variable.
func systemLocale() string {
	if langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME); err == nil && len(langs) > 0 && langs[0] != "" {
		return langs[0]
	}
	const localeNameMax = 85 // LOCALE_NAME_MAX_LENGTH
	var buf [localeNameMax]uint16
	proc := windows.NewLazySystemDLL("kernel32.dll").NewProc("GetUserDefaultLocaleName")
	if proc.Find() != nil {
		return ""
	}
	n, _, _ := proc.Call(uintptr(unsafe.Pointer(&buf[0])), localeNameMax)
	if n == 0 {
		return ""
	}
	return windows.UTF16ToString(buf[:])
}
