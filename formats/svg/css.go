package svg

import (
	"strings"
)

// cssEdit is what cleaning a style sheet or style attribute did.
type cssEdit struct {
	comments []string // removed comments
}

// cleanCSS returns css without its comments and with every url(…) and
// @import "…" passed through rewrite (which returns the URL to write and
// whether it changed). Strings and everything else are copied as they
// are. It is a tokenizer of CSS syntax, not a parser: enough to find
// comments, strings and URLs without being fooled by one inside another.
func cleanCSS(css string, rewrite func(string) (string, bool)) (string, cssEdit, bool) {
	var (
		b       strings.Builder
		ed      cssEdit
		changed bool
		imports bool // after @import, before its URL
	)
	b.Grow(len(css))
	for i := 0; i < len(css); {
		c := css[i]
		switch {
		case c == '/' && i+1 < len(css) && css[i+1] == '*':
			end := strings.Index(css[i+2:], "*/")
			body := css[i+2:]
			next := len(css)
			if end >= 0 {
				body, next = css[i+2:i+2+end], i+2+end+2
			}
			ed.comments = append(ed.comments, strings.TrimSpace(body))
			changed = true
			// A comment separates tokens: keep them apart.
			if b.Len() > 0 && next < len(css) && !isCSSSpace(css[next]) {
				last := b.String()[b.Len()-1]
				if !isCSSSpace(last) {
					b.WriteByte(' ')
				}
			}
			i = next
		case c == '"' || c == '\'':
			end := cssStringEnd(css, i)
			if imports {
				imports = false
				u, ch := rewrite(css[i+1 : max(end-1, i+1)])
				if ch {
					b.WriteString(quoteCSS(u))
					changed = true
					i = end
					continue
				}
			}
			b.WriteString(css[i:end])
			i = end
		case (c == 'u' || c == 'U') && hasFoldPrefix(css[i:], "url(") && (i == 0 || !isIdent(css[i-1])):
			j := i + 4
			for j < len(css) && isCSSSpace(css[j]) {
				j++
			}
			var raw string
			var end int
			if j < len(css) && (css[j] == '"' || css[j] == '\'') {
				se := cssStringEnd(css, j)
				raw = css[j+1 : max(se-1, j+1)]
				end = strings.IndexByte(css[se:], ')')
				if end < 0 {
					end = len(css)
				} else {
					end += se + 1
				}
			} else {
				k := strings.IndexByte(css[j:], ')')
				if k < 0 {
					raw, end = strings.TrimSpace(css[j:]), len(css)
				} else {
					raw, end = strings.TrimSpace(css[j:j+k]), j+k+1
				}
			}
			imports = false
			if u, ch := rewrite(raw); ch {
				b.WriteString("url(" + quoteCSS(u) + ")")
				changed = true
			} else {
				b.WriteString(css[i:end])
			}
			i = end
		case c == '@' && hasFoldPrefix(css[i:], "@import"):
			imports = true
			b.WriteString(css[i : i+7])
			i += 7
		default:
			if c == ';' || c == '{' {
				imports = false
			}
			b.WriteByte(c)
			i++
		}
	}
	if !changed {
		return css, ed, false
	}
	return b.String(), ed, true
}

// cssStringEnd returns the index after the string starting at i (its
// closing quote, or the end of css).
func cssStringEnd(css string, i int) int {
	q := css[i]
	for j := i + 1; j < len(css); j++ {
		switch css[j] {
		case '\\':
			j++
		case q:
			return j + 1
		case '\n':
			return j
		}
	}
	return len(css)
}

func quoteCSS(u string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\a `)
	return `"` + r.Replace(u) + `"`
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isCSSSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func isIdent(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c >= 0x80
}
