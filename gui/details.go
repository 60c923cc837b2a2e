//go:build gui || ci

package gui

import (
	"cmp"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// How much of a value the details show, and how many findings the
// technical details list.
const (
	maxShownValue     = 160
	maxShownTechnical = 300
)

func label(text string, imp widget.Importance, style fyne.TextStyle) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	l.TextStyle = style
	return l
}

// showDetails fills the right-hand panel for the selected row.
func (u *UI) showDetails() {
	u.thumbs.begin()
	u.details.Objects = u.detailObjects()
	u.thumbs.end()
	u.details.Refresh()
}

// detailObjects is what the details panel shows for the selected row, in
// the order a person needs it: what the file reveals (the headline), what
// happened to it, what to do, what cleaning keeps, then the details in
// plain words grouped by what they reveal. Part names and raw field names
// appear only under "Technical details", closed until asked for.
func (u *UI) detailObjects() []fyne.CanvasObject {
	r := u.sel
	if r == nil || u.index(r) < 0 {
		if len(u.rows) == 0 {
			return nil
		}
		return []fyne.CanvasObject{label(words.T("app.details.select"), widget.LowImportance, fyne.TextStyle{})}
	}
	bold := fyne.TextStyle{Bold: true}
	where := words.T("app.details.in-folder", u.showPath(filepath.Dir(r.path)))
	if f := r.format(); f != "" {
		desc := f
		if ff, ok := u.reg.Format(f); ok && ff.Description != "" {
			desc = ff.Description
		}
		where = words.T("app.details.format-in-folder", scrub.Escape(desc, 0), where)
	}
	out := []fyne.CanvasObject{
		label(r.name(), widget.MediumImportance, bold),
		label(where, widget.MediumImportance, fyne.TextStyle{}),
	}
	st := r.status()
	res := r.result()
	if res == nil || r.phase != idle {
		return append(out, label(st.text, st.textImportance(), bold))
	}
	s := words.Summarize(res.Format, res.Findings)
	if h := headline(res, st, s); h != "" {
		l := label(h, widget.MediumImportance, bold)
		if st.notCleaned() {
			l.Importance = widget.DangerImportance
		}
		l.SizeName = theme.SizeNameSubHeadingText
		out = append(out, l)
	}
	if st.notCleaned() {
		out = append(out, u.notCleanedBox(r, res, st))
	}
	// What the file keeps that the sender cannot see comes before
	// anything else: it is what cleaning cannot fix for them.
	if len(s.Review) > 0 {
		out = append(out, u.keptBox(s.Review))
	}
	if !st.notCleaned() {
		out = append(out, label(st.text, st.textImportance(), bold))
	}
	if h := hint(res, u.formats); h != "" && !st.notCleaned() {
		out = append(out, label(words.T("app.details.what-to-do", h), widget.MediumImportance, fyne.TextStyle{}))
	}
	if res == r.cleaned && r.outPath != "" {
		what := "app.details.cleaned-copy"
		if r.outPath == r.path {
			what = "app.details.replaced"
		}
		out = append(out, label(words.T(what, u.showPath(r.outPath)), widget.MediumImportance, fyne.TextStyle{}))
		path := r.outPath
		out = append(out, container.NewHBox(newKeyButton(words.T("app.button.show-in-folder"), theme.FolderOpenIcon(), func() { u.showInFolder(path) })))
	}
	if len(res.Warnings) > 0 {
		out = append(out, widget.NewSeparator(), label(words.T("app.details.changed"), widget.WarningImportance, bold))
		for _, w := range res.Warnings {
			text := w.Message
			if w.Where != "" {
				text = words.T("app.details.warning-in", text, w.Where)
			}
			out = append(out, label(words.T("app.bullet", text), widget.MediumImportance, fyne.TextStyle{}))
		}
	}
	if s.Remove > 0 {
		title := "app.details.reveals"
		switch res.Status {
		case scrub.StatusDirty:
			title = "app.details.reveals-dirty"
		case scrub.StatusCleaned:
			title = "app.details.removed"
		}
		out = append(out, widget.NewSeparator(), label(words.N(title, s.Remove), widget.MediumImportance, bold))
		out = append(out, revealGroups(s)...)
	}
	if len(res.Findings) > 0 {
		out = append(out, widget.NewSeparator(), u.technical(res.Findings))
	}
	return out
}

// headline is the first thing the details say about a file: what it
// reveals, what cleaning took away, or that it was not cleaned.
func headline(res *scrub.Result, st status, s words.Summary) string {
	switch {
	case st.notCleaned():
		return words.T("app.headline.not-cleaned")
	case st.kind == kindUnsupported:
		return words.T("app.headline.unknown")
	case st.kind == kindCopy:
		return words.T("app.headline.cleaned-copy")
	case res.Status == scrub.StatusCleaned:
		if len(s.Reveals) == 0 {
			return words.T("app.headline.cleaned-details")
		}
		return words.T("app.headline.cleaned", reveals(s))
	case res.Status == scrub.StatusDirty, res.Status == scrub.StatusClean, res.Status == scrub.StatusAlreadyClean:
		return words.Headline(s)
	}
	return ""
}

// reveals lists what s reveals as the headline does: "your name and where
// the photo was taken".
func reveals(s words.Summary) string {
	var parts []string
	for _, g := range s.Reveals {
		parts = append(parts, words.RevealWords(g, s.Format))
	}
	return words.List(parts)
}

// notCleanedBox is the red box of a file that may leak and was not
// cleaned: do not send it as it is, why, and what to do (for a PDF that
// needs a password: give it).
func (u *UI) notCleanedBox(r *row, res *scrub.Result, st status) fyne.CanvasObject {
	head := label(words.T("app.details.still-holds", notCleanedWhy(r, st)), widget.MediumImportance, fyne.TextStyle{Bold: true})
	objs := []fyne.CanvasObject{
		container.NewBorder(nil, nil, widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon())), nil, head),
	}
	if why := reason(res); why != "" && res.Status != scrub.StatusInterrupted {
		objs = append(objs, label(words.T("app.details.reason", why), widget.MediumImportance, fyne.TextStyle{}))
	}
	if h := hint(res, u.formats); h != "" {
		objs = append(objs, label(words.T("app.details.what-to-do", h), widget.MediumImportance, fyne.TextStyle{}))
	}
	if r.needsPassword() {
		b := newKeyButton(words.T("app.button.password"), theme.AccountIcon(), func() { u.askPassword(r, false) })
		b.Importance = widget.HighImportance
		objs = append(objs, container.NewHBox(b))
	}
	return newDangerBox(container.NewVBox(objs...))
}

// keptBox is the prominent warning about content cleaning keeps and the
// sender can act on, what they cannot see first (hiddenFirst): text that
// only looks redacted, in red, each with the words anyone can copy out;
// then pictures cropped, objects off the page, invisible text, stale
// values, hidden rows and sheets, each picture shown whole with the part
// the reader sees outlined; then what they can see in their program
// (speaker notes, hidden slides, comments). What the sender cannot act on
// (font names, colour profiles, outline titles) is only in the technical
// details.
func (u *UI) keptBox(review []scrub.Finding) fyne.CanvasObject {
	review = hiddenFirst(review)
	head := label(words.T("app.kept.title"), widget.MediumImportance, fyne.TextStyle{Bold: true})
	head.SizeName = theme.SizeNameSubHeadingText
	why := label(words.T("app.kept.why"), widget.MediumImportance, fyne.TextStyle{})
	var icon fyne.Resource = theme.NewWarningThemedResource(theme.WarningIcon())
	serious := len(review) > 0 && scrub.Serious(review[0])
	if serious {
		icon = theme.NewErrorThemedResource(theme.ErrorIcon())
	}
	objs := []fyne.CanvasObject{
		container.NewBorder(nil, nil, widget.NewIcon(icon), nil, head),
		why,
	}
	pictures := 0 // shown or due; the rest are left out
	more := false
	// pictureBlock is the pictures of fs, as many as the bound allows,
	// with the caption that says what the outline means.
	pictureBlock := func(fs []scrub.Finding) {
		var views []fyne.CanvasObject
		for _, f := range fs {
			if f.Picture == nil {
				continue
			}
			if pictures == maxShownPictures {
				more = true
				continue
			}
			if v := u.pictureView(f.Picture); v != nil {
				pictures++
				views = append(views, v)
			}
		}
		if len(views) > 0 {
			objs = append(objs, views...)
			objs = append(objs, plainText(words.T("app.kept.picture-caption"), true))
		}
	}
	rest := review
	if serious {
		objs = append(objs, label(words.T("app.kept.fake-redaction"), widget.DangerImportance, fyne.TextStyle{Bold: true}))
		var shown []string
		left := 0
		for len(rest) > 0 && scrub.Serious(rest[0]) {
			f := rest[0]
			rest = rest[1:]
			switch v := words.Value(f); {
			case slices.Contains(shown, v):
			case len(shown) == maxSeriousLines:
				left++
			default:
				shown = append(shown, v)
				objs = append(objs, seriousLine(f))
				pictureBlock([]scrub.Finding{f})
			}
		}
		if left > 0 {
			objs = append(objs, label(words.N("app.technical.more", left), widget.DangerImportance, fyne.TextStyle{Bold: true}))
		}
	}
	for _, l := range mergeLines(rest) {
		objs = append(objs, findingLine(l))
		var fs []scrub.Finding
		for _, f := range rest {
			if f.Label == l.Label {
				fs = append(fs, f)
			}
		}
		pictureBlock(fs)
	}
	if more {
		objs = append(objs, plainText(words.T("app.kept.pictures-more"), true))
	}
	if serious {
		return newDangerBox(container.NewVBox(objs...))
	}
	return newWarnBox(container.NewVBox(objs...))
}

// seriousLine is a fake redaction in red: what it is and the words that
// can be copied out, at more length than other values.
func seriousLine(f scrub.Finding) fyne.CanvasObject {
	text := words.Label(f.Label)
	if v := words.Value(f); v != "" {
		text = words.T("app.details.line", text, shorten(v, maxShownCovered))
	}
	rt := widget.NewRichText(&widget.TextSegment{
		Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameError, TextStyle: fyne.TextStyle{Bold: true}},
		Text:  text,
	})
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// maxShownCovered is how much of a fake redaction's value the details
// show (the words that can be copied out, where and what to do), and
// maxSeriousLines how many fake redactions they list: the technical
// details list them all.
const (
	maxShownCovered = 480
	maxSeriousLines = 12
)

// unseenLabels are what a sender cannot see in their own program: the
// hidden content of issue 18 (a picture's cropped-away part, an object
// beside the page, white or tiny text, a field's stale result, hidden
// rows and sheets). Speaker notes, hidden slides and comments show in the
// program that edits the file.
var unseenLabels = map[scrub.Label]bool{
	scrub.LabelCoveredText: true, scrub.LabelCroppedPicture: true, scrub.LabelOffPage: true,
	scrub.LabelInvisibleText: true, scrub.LabelStaleValue: true, scrub.LabelHiddenSheet: true,
	scrub.LabelHiddenRows: true, scrub.LabelHiddenText: true, scrub.LabelHiddenObject: true,
	scrub.LabelHiddenData: true,
}

// hiddenFirst orders what a file keeps for the framed warning: fake
// redactions (scrub.Serious), then what the sender cannot see
// (unseenLabels), then the rest, each in words.Summarize's order. It
// returns a new slice.
func hiddenFirst(review []scrub.Finding) []scrub.Finding {
	rank := func(f scrub.Finding) int {
		switch {
		case scrub.Serious(f):
			return 0
		case unseenLabels[f.Label]:
			return 1
		}
		return 2
	}
	out := slices.Clone(review)
	slices.SortStableFunc(out, func(a, b scrub.Finding) int { return cmp.Compare(rank(a), rank(b)) })
	return out
}

// mergeLines puts findings with the same label on one line, in the order
// their labels first appear.
func mergeLines(fs []scrub.Finding) []words.Line {
	var lines []words.Line
	at := map[scrub.Label]int{}
	for _, f := range fs {
		v := words.Value(f)
		i, ok := at[f.Label]
		if !ok {
			at[f.Label] = len(lines)
			lines = append(lines, words.Line{Label: f.Label, Action: f.Action})
			i = len(lines) - 1
		}
		if v != "" && !containsString(lines[i].Values, v) && len(lines[i].Values) < maxLineValues {
			lines[i].Values = append(lines[i].Values, v)
		}
	}
	return lines
}

// maxLineValues bounds the values one line of the kept box lists.
const maxLineValues = 6

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// revealGroups lists what cleaning removes, grouped by what it reveals
// ("People", "Place"), one line per label in plain words.
func revealGroups(s words.Summary) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, g := range words.Groups {
		var lines []words.Line
		for _, l := range s.ByGroup[g] {
			if l.Action == scrub.Remove {
				lines = append(lines, l)
			}
		}
		if len(lines) == 0 {
			continue
		}
		out = append(out, label(words.T("group."+string(g)), widget.MediumImportance, fyne.TextStyle{Bold: true}))
		for _, l := range lines {
			out = append(out, findingLine(l))
		}
	}
	return out
}

// findingLine shows one line of findings in plain words: "Author: Jane
// Doe; John Roe". The text is plain, never parsed as markup.
func findingLine(l words.Line) fyne.CanvasObject {
	var vals []string
	for _, v := range l.Values {
		if v != "" {
			vals = append(vals, shorten(v, maxShownValue))
		}
	}
	text := words.Label(l.Label)
	if len(vals) > 0 {
		text = words.T("app.details.line", text, strings.Join(vals, words.T("app.details.values-separator")))
	}
	return plainText(text, false)
}

// plainText is wrapped text in the foreground colour, smaller when small.
func plainText(text string, small bool) *widget.RichText {
	style := widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameForeground}
	if small {
		style.SizeName = theme.SizeNameCaptionText
	}
	rt := widget.NewRichText(&widget.TextSegment{Style: style, Text: text})
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// technical is the expander with every finding as the file names it: the
// part of the file, the raw field name and the value, with what
// identifies no one marked. It stays open or closed as the user left it.
func (u *UI) technical(fs []scrub.Finding) fyne.CanvasObject {
	body := container.NewVBox(label(words.T("app.technical.intro"), widget.MediumImportance, fyne.TextStyle{Italic: true}))
	for i, f := range fs {
		if i == maxShownTechnical {
			body.Add(label(words.N("app.technical.more", len(fs)-maxShownTechnical), widget.MediumImportance, fyne.TextStyle{Italic: true}))
			break
		}
		body.Add(technicalLine(f))
	}
	title := words.N("app.technical.title", len(fs))
	var toggle *keyButton
	set := func() {
		if u.techOpen {
			toggle.SetIcon(theme.MenuDropDownIcon())
			body.Show()
		} else {
			toggle.SetIcon(theme.MenuExpandIcon())
			body.Hide()
		}
	}
	toggle = newKeyButton(title, nil, func() {
		u.techOpen = !u.techOpen
		set()
		u.details.Refresh()
	})
	toggle.Importance = widget.LowImportance
	toggle.Alignment = widget.ButtonAlignLeading
	set()
	return container.NewVBox(toggle, body)
}

// technicalLine is one finding as the file names it: "Author (dc:creator):
// Jane Doe", and smaller, where it is and whether cleaning keeps it.
func technicalLine(f scrub.Finding) fyne.CanvasObject {
	text := words.Label(f.Label)
	if f.Field != "" {
		text = words.T("app.technical.field", text, shorten(f.Field, maxShownValue))
	}
	if f.Value != "" {
		text = words.T("app.details.line", text, shorten(f.Value, maxShownValue))
	}
	var notes []string
	if f.Where != "" {
		notes = append(notes, words.T("app.technical.where", shorten(f.Where, maxShownValue)))
	}
	if f.Action != scrub.Remove {
		notes = append(notes, words.T("app.technical.kept"))
	}
	if words.Minor(f) {
		notes = append(notes, words.T("app.technical.minor"))
	}
	segs := []widget.RichTextSegment{&widget.TextSegment{
		Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameForeground},
		Text:  text,
	}}
	if len(notes) > 0 {
		segs = append(segs, &widget.TextSegment{
			Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameForeground,
				SizeName: theme.SizeNameCaptionText, TextStyle: fyne.TextStyle{Italic: true}},
			Text: words.T("app.technical.notes", strings.Join(notes, words.T("app.technical.notes-separator"))),
		})
	}
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}
