package ident

// Links. A link written in a document is judged more strictly than a
// value: any absolute path, and a relative one that climbs with "..",
// tells where the sender keeps the file, so it is cut to the file's name
// (ShortenLink); a file beside the document keeps its relative name.

import (
	"net/url"
	"strings"
)

// LinkKind says what a link points at.
type LinkKind uint8

const (
	// Internal: a reference inside the document ("#layer1"), empty, or a
	// data: URL.
	Internal LinkKind = iota
	// Web: a link with a network scheme (http, https, mailto, ftp…) or a
	// protocol-relative "//host/…" address: it names a place on the web,
	// not on the sender's disk.
	Web
	// Beside: a relative path without "..": a file next to the document,
	// or in a folder below it. It stays as it is.
	Beside
	// Local: a file: URL, a Windows drive or UNC path, an absolute path, a
	// relative path that climbs with "..", or a network-share scheme
	// (smb:, afp:, nfs:…). Its folders reveal where the sender keeps it.
	Local
)

// Link says what a link written in a document (an SVG href, an RTF
// field's target, a relationship target) points at.
func Link(v string) LinkKind {
	s := strings.TrimSpace(v)
	switch {
	case s == "" || s[0] == '#':
		return Internal
	case strings.HasPrefix(s, `\\`):
		return Local
	case driveLetter(s):
		return Local
	case strings.HasPrefix(s, "//"):
		return Web
	case s[0] == '/' || s[0] == '\\':
		return Local
	}
	switch sc := Scheme(s); sc {
	case "":
	case "data":
		return Internal
	case "file", "smb", "nfs", "afp", "cifs", "sftp", "webdav", "davs", "dav", "ftps":
		return Local
	default:
		return Web
	}
	p := s
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	for _, seg := range strings.FieldsFunc(p, isSep) {
		if seg == ".." {
			return Local
		}
	}
	return Beside
}

// ShortenLink returns a Local link cut down to its file name: for a URL
// (file:///C:/Users/alice/a.png, ../pics/a.png#x) the last segment after
// percent-unescaping, escaped again, with the fragment kept; for a Windows
// path (C:\Users\alice\a.png, \\server\share\a.png) the last segment
// as written. It returns "" if the link names no file (it ends in a
// folder). Links of any other kind are returned as they are.
func ShortenLink(v string) string {
	if Link(v) != Local {
		return v
	}
	s := strings.TrimSpace(v)
	if strings.ContainsRune(s, '\\') || driveLetter(s) {
		return lastSegment(s)
	}
	frag := ""
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s, frag = s[:i], s[i:]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	if sc := Scheme(s); sc != "" {
		s = s[len(sc)+1:]
	}
	// Escaped separators ("%2F", or "%252F" escaped twice) would keep the
	// folders inside the name: unescape a few rounds first.
	for range maxUnescape {
		u, err := url.PathUnescape(s)
		if err != nil || u == s {
			break
		}
		s = u
	}
	name := lastSegment(s)
	if name == "" {
		return ""
	}
	return url.PathEscape(name) + frag
}

// lastSegment returns the last path segment of s, or "" if s ends in a
// separator or names no file.
func lastSegment(s string) string {
	if s == "" || isSep(rune(s[len(s)-1])) {
		return ""
	}
	segs := strings.FieldsFunc(s, isSep)
	if len(segs) == 0 {
		return ""
	}
	name := segs[len(segs)-1]
	if name == "." || name == ".." || (len(name) == 2 && name[1] == ':') {
		return ""
	}
	return name
}

func isSep(r rune) bool { return r == '/' || r == '\\' }

// driveLetter reports whether s starts with a Windows drive: "C:\" or
// "C:/".
func driveLetter(s string) bool {
	if len(s) < 3 {
		return false
	}
	c := s[0] | 0x20
	return c >= 'a' && c <= 'z' && s[1] == ':' && (s[2] == '\\' || s[2] == '/')
}
