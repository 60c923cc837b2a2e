package epub

import "github.com/scrub-project/scrub/scrub"

// SetUnknownMembers sets the policy for files scrub cannot clean until
// scrub.Policy carries it; it returns a function that restores the
// default.
func SetUnknownMembers(choice string) (restore func()) {
	old := unknownMembers
	unknownMembers = func(*scrub.Env) string { return choice }
	return func() { unknownMembers = old }
}

// FontKey and XORFont expose the obfuscation for the tests.
var (
	FontKey = fontKey
	XORFont = xorFont
)

const AlgIDPF = algIDPF
