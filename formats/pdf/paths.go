package pdf

import (
	"net/url"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/formats/internal/ident"
	"github.com/scrub-project/scrub/scrub"
)

// Local paths in what the document keeps. Links to local files, the
// alternate text screen readers speak (Word writes the picture's file
// path there) and form tooltips keep what the reader needs, the file's
// name, and lose the folders, which name the sender ("C:\Users\NAME\…",
// "/home/NAME/…", a network share). What is a local path is ident's one
// classification, the same for every format.

// localFile reports whether s (a link target or a file name) names a file
// on the sender's computer or network, and returns the file's name
// without its folders.
func localFile(s string) (base string, local bool) {
	if !ident.LocalPath(s) {
		return s, false
	}
	return fileName(strings.TrimSpace(s)), true
}

// fileName returns the last element of a path or file URL (unescaped if
// the path is escaped).
func fileName(p string) string {
	if u, err := url.PathUnescape(p); err == nil && strings.ContainsAny(u, `/\`) {
		p = u
	}
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// dropFolders returns text with the folders of the local paths in it
// removed (each path keeps its last element, the file's name), and the
// paths it found. A path starts at a word ident takes for a local path
// and runs to the end of its line or to a quote (folder names have
// spaces).
func dropFolders(text string) (string, []string) {
	var paths []string
	var b strings.Builder
	i := 0
	for start := 0; start < len(text); {
		if start > 0 && !boundary(text, start) {
			start++
			continue
		}
		word := start
		for word < len(text) && !wordEnd(text[word]) {
			word++
		}
		if word == start || !ident.LocalPath(text[start:word]) {
			start++
			continue
		}
		end := word
		for end < len(text) && !strings.ContainsRune("\r\n\"<>|\x00", rune(text[end])) {
			end++
		}
		p := text[start:end]
		paths = append(paths, strings.TrimSpace(p))
		b.WriteString(text[i:start])
		b.WriteString(fileName(p))
		i, start = end, end
	}
	if len(paths) == 0 {
		return text, nil
	}
	b.WriteString(text[i:])
	return b.String(), paths
}

// boundary reports whether a path may start at text[i]: not inside a
// word, nor after a URL's scheme ("https://host" is not a network path).
func boundary(text string, i int) bool {
	switch c := text[i-1]; c {
	case ' ', '\t', '\n', '\r', '(', '[', '"', '\'', ',':
		return true
	case ':':
		return text[i] != '/'
	}
	return false
}

// wordEnd reports whether c ends the word a path starts with.
func wordEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '|' ||
		c == '(' || c == ')' || c == '[' || c == ']'
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
