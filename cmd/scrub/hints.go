package main

import (
	"errors"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// hintFor returns what the user can do about a file that was not
// processed, in the command line's terms: the engine's errors are typed
// (they name no flag), so the flags are named here.
func hintFor(r scrub.Result) string {
	var fe *scrub.FormatError
	switch {
	case errors.As(r.Err, &fe) && fe.Limit != "":
		if flag := words.LimitFlag(fe.Limit); flag != "" {
			return "if you trust this file, raise the limit with " + flag
		}
	case errors.Is(r.Err, scrub.ErrUnknown):
		return "run 'scrub formats' to see what scrub cleans"
	case errors.Is(r.Err, scrub.ErrExists):
		return "use --force to overwrite it, or choose another output folder with -o"
	case errors.Is(r.Err, scrub.ErrOverOriginal):
		return "choose an output folder outside the folders you clean; to replace the originals on purpose, use --in-place"
	case errors.Is(r.Err, scrub.ErrEncrypted) && r.Format == "pdf":
		return "if you know the password, run scrub again with --password-file FILE (a file holding the password); the cleaned copy has no password"
	case errors.Is(r.Err, scrub.ErrEncrypted) && r.Hint == "":
		return "remove the password in the application that made the file, then run scrub again"
	}
	return r.Hint
}
