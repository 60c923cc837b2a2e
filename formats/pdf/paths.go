package pdf

import (
	"net/url"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// Local paths in what the document keeps. Links to local files, the
// alternate text screen readers speak (Word writes the picture's file
// path there) and form tooltips keep what the reader needs, the file's
// name, and lose the folders, which name the sender ("C:\Users\NAME\…",
// "/home/NAME/…", a network share).

// localFile reports whether s (a link target or a file name) names a file
// on the sender's computer or network: a file: URL, a drive path, a
// network (UNC) path or an absolute Unix path. It returns the file's name
// without its folders.
func localFile(s string) (base string, local bool) {
	t := strings.TrimSpace(s)
	lower := strings.ToLower(t)
	switch {
	case strings.HasPrefix(lower, "file:"):
		t = t[len("file:"):]
		if u, err := url.PathUnescape(t); err == nil {
			t = u
		}
	case len(t) >= 3 && isLetter(t[0]) && t[1] == ':' && (t[2] == '\\' || t[2] == '/'):
	case strings.HasPrefix(t, `\\`), strings.HasPrefix(t, "/"), strings.HasPrefix(t, "~/"):
	default:
		return s, false
	}
	return lastElement(t), true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func lastElement(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// pathStarts begin a path in running text.
var pathStarts = []string{"file:", `\\`, "/home/", "/Users/", "/media/", "/mnt/", "/run/user/", "/var/home/", "/root/", "~/"}

// dropFolders returns text with the folders of the local paths in it
// removed (each path keeps its last element, the file's name), and the
// paths it found. A path runs to the end of its line or to a quote.
func dropFolders(text string) (string, []string) {
	var paths []string
	var b strings.Builder
	i := 0
	for i < len(text) {
		start, n := nextPath(text, i)
		if start < 0 {
			break
		}
		end := start + n
		for end < len(text) && !strings.ContainsRune("\r\n\"<>|\x00", rune(text[end])) {
			end++
		}
		p := text[start:end]
		base := lastElement(p)
		if base == p {
			b.WriteString(text[i:end])
			i = end
			continue
		}
		paths = append(paths, strings.TrimSpace(p))
		b.WriteString(text[i:start])
		b.WriteString(base)
		i = end
	}
	if len(paths) == 0 {
		return text, nil
	}
	b.WriteString(text[i:])
	return b.String(), paths
}

// nextPath finds the next path start at or after i: one of pathStarts or
// a drive ("C:\", "C:/"), at the start of the text or after a character
// that cannot belong to a word or a URL.
func nextPath(text string, i int) (int, int) {
	best, bestN := -1, 0
	for j := i; j < len(text); j++ {
		if j > 0 && !boundary(text[j-1]) {
			continue
		}
		if j+3 <= len(text) && isLetter(text[j]) && text[j+1] == ':' && (text[j+2] == '\\' || text[j+2] == '/') &&
			(j+3 >= len(text) || text[j+3] != '/') {
			return j, 3
		}
		for _, p := range pathStarts {
			if strings.HasPrefix(text[j:], p) {
				return j, len(p)
			}
		}
	}
	return best, bestN
}

func boundary(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == '[' || c == '"' || c == '\'' || c == ':' || c == ','
}

// altText keeps a text the reader hears or sees on demand (/Alt,
// /ActualText, /E, /T of structure elements, /TU tooltips of fields): the
// folders of local paths in it go.
var altText conv = func(d *doc, v types.Object, where string) (types.Object, bool) {
	o, ok := d.simpleValue(v, 0)
	if !ok {
		return nil, false
	}
	b, isStr := stringBytes(o)
	if !isStr {
		return o, true
	}
	s, paths := dropFolders(decodeText(b))
	for _, p := range paths {
		d.remove(where, "folders of a local path in a text kept for screen readers or tooltips", p, scrub.KindPath, scrub.LabelFilePath)
	}
	if len(paths) > 0 {
		o = textString(s)
	}
	d.visibleString(o)
	return o, true
}
