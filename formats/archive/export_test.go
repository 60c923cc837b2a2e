package archive

import "github.com/scrub-project/scrub/scrub"

// SetUnknownMembers sets the policy for members scrub cannot clean (""
// refuse, "omit", "keep") until scrub.Policy carries it; it returns a
// function that restores the default.
func SetUnknownMembers(choice string) (restore func()) {
	old := unknownMembers
	unknownMembers = func(*scrub.Env) string { return choice }
	return func() { unknownMembers = old }
}
