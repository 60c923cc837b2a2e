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

// TestScanEmailsContext: addresses are learned where text puts them, and
// not from chance runs in compressed data, which scrub would find again in
// the copy (a cover picture is kept) and fail its check for nothing.
func TestScanEmailsContext(t *testing.T) {
	emails := func(b []byte) []string {
		var out []string
		scanEmails(b, func(v string, _ Kind, _ Label, _ int) { out = append(out, v) })
		return out
	}
	for _, text := range []string{
		"ann@example.org", `<dc:creator>ann@example.org</dc:creator>`, `author="ann@example.org"`,
		"mailto:ann@example.org", "Write to ann@example.org.", "(ann@example.org)", "Ann <ann@example.org>",
		"Artist\x00ann@example.org\x00\x00", "邮箱：ann@example.org。", "请联系ann@example.org", "- ann@example.org\n",
		"a=ann@example.org;b", "--ann@example.org",
	} {
		if got := emails([]byte(text)); len(got) != 1 || got[0] != "ann@example.org" {
			t.Errorf("%q: learned %q, want ann@example.org", text, got)
		}
	}
	for _, noise := range [][]byte{
		{0x91, 'L', '@', 'm', '.', 'd', 'R', 0x07}, {0xe3, 'x', 'y', '@', 'a', 'b', '.', 'c', 'd', 0x9f},
		{0x13, 'q', '@', 'z', 'k', '.', 'P', 'o', 0xc8, 0x41},
	} {
		if got := emails(noise); len(got) != 0 {
			t.Errorf("% x: learned %q from binary noise", noise, got)
		}
	}
	// On random data, far fewer chance addresses than without the rule.
	rng := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 32<<20)
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	if got := emails(data); len(got) > 0 {
		t.Errorf("%d chance addresses learned from 32 MiB of random bytes: %q", len(got), got)
	}
}
