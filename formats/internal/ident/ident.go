// Package ident is the one classification of the strings that point at
// the sender: paths to files on a computer or a network share (their
// folders name the user, the computer or the server), e-mail addresses
// and accounts (Windows security ids, DOMAIN\user). Every format asks it,
// so that what one format catches no other misses.
//
// It classifies whole values (an attribute, a link target, a property)
// and the words of a longer text (Contains…); it does not decide what a
// format does with them.
package ident

import (
	"net/url"
	"strings"

	"github.com/scrub-project/scrub/scrub"
)

// maxUnescape bounds how many times a percent-escaped value is unescaped
// and checked again (Office escapes once; twice over is still caught). A
// value escaped a million times over ("%252525…") would otherwise peel off
// one level per round.
const maxUnescape = 4

// maxLen bounds the part of a value that is looked at: a path is never
// longer, and a megabyte-long attribute must not cost a megabyte per
// round.
const maxLen = 4096

// Schemes of URLs that name a file on a computer or a network share.
var localSchemes = map[string]bool{
	"file": true, "smb": true, "cifs": true, "nfs": true, "afp": true, "sftp": true,
	"webdav": true, "dav": true, "davs": true, "vnd.sun.star.webdav": true, "vnd.sun.star.webdavs": true,
}

// Folders whose next element is (or is in) a user's own folder, a mounted
// disk or a per-user temporary folder, lower case, with the separator
// they are written with.
var homeFolders = []string{
	"/home/", "/users/", "/media/", "/mnt/", "/run/user/", "/run/media/", "/var/home/", "/export/home/",
	"/root/", "/volumes/", "/private/var/folders/", "/var/folders/", "/documents and settings/", "/net/", "/afs/",
}

// windowsFolders are found anywhere in a Windows path ("D:\Users\…" is
// caught by the drive letter; a path cut at the drive is caught here).
var windowsFolders = []string{`\users\`, `\documents and settings\`, `\home\`}

// LocalPath reports whether s names a file or folder on a computer or a
// network share rather than a web address: a Windows drive path (C:\ or
// C:/), a UNC path (\\server\share, //server/share), a file: URL in any
// spelling (file:, file://, file:///, FILE:\\, percent-escaped file%3A…),
// an smb:, nfs:, afp:, cifs:, sftp: or WebDAV URL, a path in a home or
// user folder (/home, /Users, /media, /mnt, /mnt/c/Users, /run/user,
// /Volumes, /var/folders, /Documents and Settings, ~/; also after a drive
// written as a folder, /C/Users/…), or a Windows path through \Users\. A
// percent-escaped value is unescaped and checked again, a few times at
// most.
func LocalPath(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	if len(l) > maxLen {
		l = l[:maxLen]
	}
	for range maxUnescape {
		if localForm(l) {
			return true
		}
		u, err := url.PathUnescape(l)
		if err != nil || u == l {
			return false
		}
		l = strings.ToLower(strings.TrimSpace(u))
	}
	return false
}

// localForm is LocalPath for one level of escaping; l is lower case.
func localForm(l string) bool {
	switch {
	case len(l) < 2:
		return false
	case strings.HasPrefix(l, `\\`), strings.HasPrefix(l, "//") && len(l) > 2 && l[2] != '/':
		return true // UNC
	case strings.HasPrefix(l, "~/"), l == "~":
		return true
	case len(l) >= 3 && l[1] == ':' && (l[2] == '\\' || l[2] == '/') && l[0] >= 'a' && l[0] <= 'z':
		return true // a drive
	}
	if sc := Scheme(l); sc != "" {
		return localSchemes[sc]
	}
	if l[0] == '/' || l[0] == '\\' {
		p := strings.ReplaceAll(l, `\`, "/")
		// A drive written as a folder, "/C/Users/…": the absolute
		// paths of PDF file specifications (ISO 32000-1 §7.11.2), and
		// of MSYS and Git Bash.
		if len(p) > 3 && p[1] >= 'a' && p[1] <= 'z' && p[2] == '/' {
			p = p[2:]
		}
		for _, h := range homeFolders {
			if strings.HasPrefix(p, h) || p+"/" == h {
				return true
			}
		}
	}
	for _, w := range windowsFolders {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// Scheme returns the scheme of a URL, lower case ("" for none; a Windows
// drive letter is not a scheme).
func Scheme(v string) string {
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case c == ':' && i >= 2:
			return strings.ToLower(v[:i])
		default:
			return ""
		}
	}
	return ""
}

// ContainsLocalPath reports whether any word of s (words are separated
// by white space and quotes; an escaped backslash in a field code counts
// as one) is a local path.
func ContainsLocalPath(s string) bool {
	if len(s) > 16*maxLen {
		s = s[:16*maxLen]
	}
	s = strings.ReplaceAll(s, `\\`, `\`)
	for _, w := range words(s) {
		if LocalPath(w) {
			return true
		}
	}
	return false
}

func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '"' || r == '\'' || r == '<' || r == '>' ||
			r == '(' || r == ')' || r == ',' || r == ';' || r == '[' || r == ']' || r == '|' || r == '*'
	})
}

// Email reports whether s is an e-mail address, with or without
// "mailto:" before it.
func Email(s string) bool {
	s = strings.TrimSpace(s)
	if Scheme(s) == "mailto" {
		s = s[len("mailto:"):]
		if i := strings.IndexByte(s, '?'); i >= 0 {
			s = s[:i]
		}
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || len(s) > 320 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	for i := 0; i < len(local); i++ {
		c := local[i]
		if !(alnum(c) || strings.IndexByte("._%+-!#$&'*/=?^`{|}~", c) >= 0) {
			return false
		}
	}
	dot := strings.LastIndexByte(domain, '.')
	if dot <= 0 || len(domain)-dot-1 < 2 {
		return false
	}
	for i := 0; i < len(domain); i++ {
		c := domain[i]
		if !(alnum(c) || c == '.' || c == '-') {
			return false
		}
	}
	for i := dot + 1; i < len(domain); i++ {
		if !(domain[i]|0x20 >= 'a' && domain[i]|0x20 <= 'z') {
			return false
		}
	}
	return true
}

// ContainsEmail reports whether any word of s is an e-mail address.
func ContainsEmail(s string) bool {
	if !strings.Contains(s, "@") {
		return false
	}
	for _, w := range words(s) {
		if Email(w) {
			return true
		}
	}
	return false
}

func alnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// SID reports whether s is a Windows security id of an account or a
// group of a computer or a domain (S-1-5-21-…, S-1-12-1-… for Azure AD);
// well-known ids (S-1-1-0, everyone; S-1-5-32-544, administrators) name
// no one.
func SID(s string) bool {
	s = strings.TrimSpace(s)
	var rest string
	switch {
	case strings.HasPrefix(s, "S-1-5-21-"):
		rest = s[len("S-1-5-21-"):]
	case strings.HasPrefix(s, "S-1-12-1-"):
		rest = s[len("S-1-12-1-"):]
	default:
		return false
	}
	groups := strings.Split(rest, "-")
	if len(groups) < 3 {
		return false
	}
	for _, g := range groups {
		if g == "" || strings.Trim(g, "0123456789") != "" {
			return false
		}
	}
	return true
}

// DomainUser reports whether s is an account written DOMAIN\user (as
// Word writes the editors of a protected range, and Windows the user who
// saved a file): a NetBIOS domain or computer name, one backslash, a user
// name, no spaces around them.
func DomainUser(s string) bool {
	s = strings.TrimSpace(s)
	i := strings.IndexByte(s, '\\')
	if i <= 0 || i == len(s)-1 || i > 15 || strings.IndexByte(s[i+1:], '\\') >= 0 || len(s) > 120 {
		return false
	}
	for j := 0; j < i; j++ {
		c := s[j]
		if !(alnum(c) || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return !strings.ContainsAny(s[i+1:], "/:*?\"<>|")
}

// Classify says what v is, if it points at the sender: a local path, an
// e-mail address or an account, with the kind and label of a finding for
// it. ok is false for anything else.
func Classify(v string) (kind scrub.Kind, label scrub.Label, ok bool) {
	switch {
	case LocalPath(v):
		return scrub.KindPath, scrub.LabelFilePath, true
	case Email(v):
		return scrub.KindContact, scrub.LabelEmail, true
	case SID(v), DomainUser(v):
		return scrub.KindAccount, scrub.LabelAccount, true
	}
	return "", "", false
}

// Identifying reports whether v is, or holds a word that is, a local
// path, an e-mail address or an account.
func Identifying(v string) bool {
	if _, _, ok := Classify(v); ok {
		return true
	}
	return ContainsLocalPath(v) || ContainsEmail(v) || containsAccount(v)
}

func containsAccount(s string) bool {
	if !strings.Contains(s, "S-1-") {
		return false
	}
	for _, w := range words(s) {
		if SID(w) {
			return true
		}
	}
	return false
}
