package scrub

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// scanHomesInTurn is scanHomes as it was, one search per prefix: the
// reference the one-pass scanHomes must agree with, call for call.
func scanHomesInTurn(b []byte, fn func(v string, k Kind, l Label, at int)) {
	for _, hp := range homePrefixes {
		for i := 0; ; {
			j := bytes.Index(b[i:], []byte(hp.prefix))
			if j < 0 {
				break
			}
			s := i + j
			u := s + len(hp.prefix)
			// A path starts here, not inside a name ("word/media/image1.png").
			if hp.prefix[0] == '/' && s > 0 && nameChar(b[s-1]) {
				i = u
				continue
			}
			e := u
			for e < len(b) && pathChar(b[e]) && b[e] != hp.sep && b[e] != '/' && b[e] != '\\' && e-u < 64 {
				e++
			}
			name := string(b[u:e])
			i = u
			if name == "" || name == "." || name == ".." || strings.HasPrefix(name, "$") {
				continue
			}
			if hp.prefix == "/media/" && (name == "cdrom" || name == "floppy" || name == "usb") {
				continue
			}
			// A user's folder holds files: "/media/image.jpg" (a part
			// name at a package's root) is a file, not a user.
			if fileLike(name) || (hp.prefix == "/media/" || hp.prefix == "/mnt/c/Users/") && (e >= len(b) || b[e] != '/') {
				continue
			}
			start := s
			if hp.prefix[0] == ':' && s > 0 {
				start = s - 1 // the drive letter
			}
			fn(string(b[start:e]), KindPath, LabelFilePath, start)
			if hp.prefix != "/run/user/" {
				fn(name, KindAccount, LabelAccount, u)
			}
		}
	}
}

// TestScanHomesAsInTurn compares scanHomes with the prefix-by-prefix
// search on texts made of home-folder prefixes, names, separators and
// noise: the same values at the same offsets, in the same order.
func TestScanHomesAsInTurn(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	frags := []string{"/", ":", "\\", "C", "c", "home", "Users", "/home/", "/home/home/", "/Users/", "/media/", "/mnt/c/Users/",
		"/run/user/", "/var/home/", "/export/home/", `:\Users\`, `:\\Users\\`, ":/Users/", `:\Documents and Settings\`,
		"jdoe", "ottilie.p", "$Recycle", "..", ".", "cdrom", "usb", " ", "\"", "<", "a/", "word/media/image1.png", "\x00", "é"}
	for round := range 3000 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(frags[r.IntN(len(frags))])
		}
		text := []byte(b.String())
		var got, want []string
		scanHomes(text, func(v string, k Kind, l Label, at int) { got = append(got, fmt.Sprintf("%s|%s|%s|%d", v, k, l, at)) })
		scanHomesInTurn(text, func(v string, k Kind, l Label, at int) { want = append(want, fmt.Sprintf("%s|%s|%s|%d", v, k, l, at)) })
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("round %d, %q:\n got %q\nwant %q", round, text, got, want)
		}
	}
}
