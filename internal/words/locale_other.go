//go:build !windows && !darwin

package words

// systemLocale is the locale the desktop would use when no variable says
// one; on Linux and the BSDs the variables are the system's locale, so
// there is nothing more to read.
func systemLocale() string { return "" }
