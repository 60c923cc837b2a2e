package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// What a file's findings come to, in plain words: written once here, and
// used by inspect, clean and check, the git hook and the mail commands.
// Part names (docProps/core.xml, EXIF) and raw field names (dc:creator,
// GPSLatitude) appear only in the details (--details).

// line is one line of a listing: a group's title, or an item under it.
type line struct {
	text  string
	title bool
}

// maxShown bounds a value printed in a listing (the details print the
// engine's escaped value whole).
const maxShown = 160

// shorten cuts s to maxShown characters.
func shorten(s string) string {
	if utf8.RuneCountInString(s) <= maxShown {
		return s
	}
	r := []rune(s)
	return string(r[:maxShown-1]) + "…"
}

// item writes "Label: value" (or the label alone when there is no value).
func item(l scrub.Label, values []string) string {
	var vs []string
	for _, v := range values {
		if v != "" {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return words.Label(l)
	}
	return words.T("listing.item", words.Label(l), shorten(strings.Join(vs, words.T("listing.values-sep"))))
}

// removedLines lists what cleaning removes, by what it reveals: under
// group titles when titled, else the items alone (in the same order).
func removedLines(s words.Summary, titled bool) []line {
	var out []line
	for _, g := range words.Groups {
		first := true
		for _, l := range s.ByGroup[g] {
			if l.Action != scrub.Remove {
				continue
			}
			if first && titled {
				out = append(out, line{text: words.T("group." + string(g)), title: true})
			}
			first = false
			out = append(out, line{text: item(l.Label, l.Values)})
		}
	}
	return out
}

// reviewLines lists what cleaning keeps and the sender can act on, what
// they cannot see first (words.Summarize orders it).
func reviewLines(s words.Summary) []line {
	var out []line
	seen := map[string]bool{}
	for _, f := range s.Review {
		t := item(f.Label, []string{words.Value(f)})
		if !seen[t] {
			seen[t] = true
			out = append(out, line{text: t})
		}
	}
	return out
}

// detailLines lists every finding with its part and raw field name,
// grouped by what it reveals: what cleaning removes, what it keeps, and
// last what identifies no one.
func detailLines(fs []scrub.Finding) []line {
	var out []line
	section := func(title string, keep func(scrub.Finding) bool) {
		var ls []line
		for _, g := range words.Groups {
			first := true
			for _, f := range fs {
				if !keep(f) || words.GroupOf(f.Label) != g {
					continue
				}
				if first {
					ls = append(ls, line{text: "  " + words.T("group."+string(g)), title: true})
					first = false
				}
				t := item(f.Label, []string{words.Value(f)})
				where := f.Where
				if f.Field != "" {
					where = words.T("listing.where-field", f.Where, f.Field)
				}
				ls = append(ls, line{text: "  " + words.T("listing.detail", t, where)})
			}
		}
		if len(ls) > 0 {
			out = append(out, line{text: title, title: true})
			out = append(out, ls...)
		}
	}
	section(words.T("listing.removed"), func(f scrub.Finding) bool { return !words.Minor(f) && f.Action == scrub.Remove })
	section(words.T("listing.kept"), func(f scrub.Finding) bool { return !words.Minor(f) && f.Action == scrub.Report })
	section(words.T("listing.minor"), words.Minor)
	return out
}

// printLines prints a listing: titles at indent, items two spaces in. At
// most limit items are printed (0: all); then one line says how many more
// there are, and more (if not "") where to see them.
func printLines(w io.Writer, indent string, ls []line, limit int, more string) {
	items := 0
	for i, l := range ls {
		if l.title {
			fmt.Fprintf(w, "%s%s\n", indent, l.text)
			continue
		}
		if limit > 0 && items == limit {
			left := 0
			for _, r := range ls[i:] {
				if !r.title {
					left++
				}
			}
			msg := words.N("listing.more", left)
			if more != "" {
				msg = words.N("listing.more-where", left, more)
			}
			fmt.Fprintf(w, "%s  %s\n", indent, msg)
			return
		}
		items++
		fmt.Fprintf(w, "%s  %s\n", indent, l.text)
	}
}

// revealed says what the identifying items cleaning removed revealed:
// "removed 3 identifying items that revealed your name and your
// organisation".
func revealed(s words.Summary) string {
	if s.Remove == 0 {
		return words.T("listing.nothing-removed")
	}
	return words.N("listing.removed-revealed", s.Remove, words.List(revealWords(s)))
}

// revealWords names what each group of removed items revealed.
func revealWords(s words.Summary) []string {
	var out []string
	for _, g := range s.Reveals {
		out = append(out, words.RevealWords(g, s.Format))
	}
	return out
}
