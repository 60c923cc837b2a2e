//go:build gui || ci

package gui

import (
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/scrub-project/scrub/scrub"
)

// How much of a value the details show, and how many findings per kind.
const (
	maxShownValue    = 160
	maxShownPerGroup = 100
)

var kindTitles = map[scrub.Kind]string{
	scrub.KindPerson:      "People",
	scrub.KindAccount:     "Accounts and user ids",
	scrub.KindContact:     "Contact details",
	scrub.KindPath:        "File paths",
	scrub.KindMachine:     "Computers, printers and network",
	scrub.KindDevice:      "Device (camera, scanner)",
	scrub.KindLocation:    "Location",
	scrub.KindTime:        "Times",
	scrub.KindSoftware:    "Software",
	scrub.KindEditHistory: "Edit history",
	scrub.KindComment:     "Comments",
	scrub.KindHidden:      "Hidden content",
	scrub.KindAttachment:  "Attachments and macros",
	scrub.KindOther:       "Other",
}

func kindTitle(k scrub.Kind) string {
	if t, ok := kindTitles[k]; ok {
		return t
	}
	return scrub.Escape(string(k), 40)
}

func label(text string, imp widget.Importance, style fyne.TextStyle) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	l.TextStyle = style
	return l
}

// showDetails fills the right-hand panel for the selected row.
func (u *UI) showDetails() {
	u.details.Objects = u.detailObjects()
	u.details.Refresh()
}

func (u *UI) detailObjects() []fyne.CanvasObject {
	r := u.sel
	if r == nil || u.index(r) < 0 {
		if len(u.rows) == 0 {
			return nil
		}
		return []fyne.CanvasObject{label("Select a file in the list to see what it reveals.", widget.LowImportance, fyne.TextStyle{})}
	}
	bold := fyne.TextStyle{Bold: true}
	where := "in " + u.showPath(filepath.Dir(r.path))
	if f := r.format(); f != "" {
		desc := f
		if ff, ok := u.reg.Format(f); ok && ff.Description != "" {
			desc = ff.Description
		}
		where = scrub.Escape(desc, 0) + " · " + where
	}
	out := []fyne.CanvasObject{
		label(r.name(), widget.MediumImportance, bold),
		label(where, widget.MediumImportance, fyne.TextStyle{}),
	}
	st := r.status()
	out = append(out, label(st.text, st.textImportance(), bold))
	res := r.result()
	if res == nil || r.phase != idle {
		return out
	}
	if h := hint(res, u.formats); h != "" {
		out = append(out, label("What you can do: "+h, widget.MediumImportance, fyne.TextStyle{}))
	}
	if res == r.cleaned && r.outPath != "" {
		what := "Cleaned copy: "
		if r.outPath == r.path {
			what = "Replaced the original: "
		}
		out = append(out, label(what+u.showPath(r.outPath), widget.MediumImportance, fyne.TextStyle{}))
		dir := filepath.Dir(r.outPath)
		out = append(out, container.NewHBox(newKeyButton("Show in folder", theme.FolderOpenIcon(), func() { u.openFolder(dir) })))
	}
	if len(res.Warnings) > 0 {
		out = append(out, widget.NewSeparator(), label("Changed besides metadata", widget.WarningImportance, bold))
		for _, w := range res.Warnings {
			text := w.Message
			if w.Where != "" {
				text += " (in " + w.Where + ")"
			}
			out = append(out, label("• "+text, widget.MediumImportance, fyne.TextStyle{}))
		}
	}
	var keep, remove []scrub.Finding
	for _, f := range res.Findings {
		if f.Action == scrub.Remove {
			remove = append(remove, f)
		} else {
			keep = append(keep, f)
		}
	}
	if len(keep) > 0 {
		out = append(out, u.keptBox(keep))
	}
	if len(remove) > 0 {
		title := "What this file reveals"
		switch res.Status {
		case scrub.StatusDirty:
			title = "What this file reveals: cleaning removes all of it"
		case scrub.StatusCleaned:
			title = "Removed from the cleaned copy"
		}
		out = append(out, widget.NewSeparator(), label(fmt.Sprintf("%s (%d)", title, len(remove)), widget.MediumImportance, bold))
		out = append(out, findingGroups(remove)...)
	}
	return out
}

// keptBox is the prominent warning about content cleaning keeps (speaker
// notes, hidden sheets): the user has to deal with it.
// The box is framed and tinted in the theme's warning colour; its text
// stays in the foreground colour, which reads in light and dark themes
// (orange text on white does not).
func (u *UI) keptBox(fs []scrub.Finding) fyne.CanvasObject {
	head := label("Kept in the file: check it before you share it", widget.MediumImportance, fyne.TextStyle{Bold: true})
	head.SizeName = theme.SizeNameSubHeadingText
	why := label("scrub does not remove this because it is part of the document's content. "+
		"Open the file and delete it yourself if it must not be shared.", widget.MediumImportance, fyne.TextStyle{})
	objs := []fyne.CanvasObject{
		container.NewBorder(nil, nil, widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon())), nil, head),
		why,
	}
	for _, k := range sortedKinds(fs) {
		objs = append(objs, label(kindTitle(k), widget.MediumImportance, fyne.TextStyle{Bold: true}))
		objs = append(objs, findingLines(fs, k)...)
	}
	return newWarnBox(container.NewVBox(objs...))
}

func findingGroups(fs []scrub.Finding) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, k := range sortedKinds(fs) {
		n := 0
		for _, f := range fs {
			if f.Kind == k {
				n++
			}
		}
		out = append(out, label(fmt.Sprintf("%s (%d)", kindTitle(k), n), widget.MediumImportance, fyne.TextStyle{Bold: true}))
		out = append(out, findingLines(fs, k)...)
	}
	return out
}

func findingLines(fs []scrub.Finding, k scrub.Kind) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	n := 0
	for _, f := range fs {
		if f.Kind != k {
			continue
		}
		n++
		if n > maxShownPerGroup {
			continue
		}
		out = append(out, findingLine(f))
	}
	if n > maxShownPerGroup {
		out = append(out, label(fmt.Sprintf("… and %d more", n-maxShownPerGroup), widget.MediumImportance, fyne.TextStyle{Italic: true}))
	}
	return out
}

// findingLine shows one finding on one line where it fits: "Field: value"
// and, smaller, where in the file it is. The segments are plain text, never
// parsed as markup.
func findingLine(f scrub.Finding) fyne.CanvasObject {
	text := f.Field
	if f.Value != "" {
		text += ": " + shorten(f.Value, maxShownValue)
	}
	segs := []widget.RichTextSegment{&widget.TextSegment{
		Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameForeground},
		Text:  text,
	}}
	if f.Where != "" {
		segs = append(segs, &widget.TextSegment{
			Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameForeground,
				SizeName: theme.SizeNameCaptionText, TextStyle: fyne.TextStyle{Italic: true}},
			Text: "   in " + shorten(f.Where, maxShownValue),
		})
	}
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}
