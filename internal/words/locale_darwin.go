package words

import (
	"context"
	"os/exec"
	"strings"
	"time"
)

// systemLocale returns the first language of the user's list in System
// Settings > General > Language & Region ("fr-FR"), or else the region's
// locale ("fr_FR"). An app started from the Finder gets no LANG variable;
// Terminal sets one, which Detect reads first.
func systemLocale() string {
	if s := defaultsRead("AppleLanguages"); s != "" {
		// A property list array: ( "fr-FR", "en-US" ).
		s = strings.Trim(s, "() \n\t")
		first, _, _ := strings.Cut(s, ",")
		if first = strings.Trim(strings.TrimSpace(first), `"`); first != "" {
			return first
		}
	}
	return defaultsRead("AppleLocale")
}

// defaultsRead returns `defaults read -g KEY`, or "".
func defaultsRead(key string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "/usr/bin/defaults", "read", "-g", key).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
