//go:build gui || ci

package native

import "unicode/utf16"

// utf16String decodes UTF-16 (Windows' strings).
func utf16String(s []uint16) string { return string(utf16.Decode(s)) }
