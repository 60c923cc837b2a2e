//go:build gui || ci

package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/scrub-project/scrub/internal/words"
)

// rowView is what one list row shows: a status icon, the file name, a
// line with the format and the status, and the count badge.
type rowView struct {
	widget.BaseWidget
	content fyne.CanvasObject
	icon    *widget.Icon
	name    *widget.Label
	detail  *widget.Label
	badge   *badge
}

func newRowView() fyne.CanvasObject {
	v := &rowView{
		icon:   widget.NewIcon(theme.FileIcon()),
		name:   widget.NewLabel(""),
		detail: widget.NewLabel(""),
		badge:  newBadge(),
	}
	v.name.TextStyle.Bold = true
	v.name.Truncation = fyne.TextTruncateEllipsis
	v.detail.Truncation = fyne.TextTruncateEllipsis
	v.detail.SizeName = theme.SizeNameCaptionText
	text := container.New(&tightVBox{}, v.name, v.detail)
	v.content = container.NewBorder(nil, nil, v.icon, container.NewCenter(v.badge), text)
	v.ExtendBaseWidget(v)
	return v
}

func (v *rowView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(v.content) }

// updateRowView shows r in o under the name name.
func updateRowView(r *row, name string, o fyne.CanvasObject) {
	v := o.(*rowView)
	st := r.status()
	v.name.SetText(name)
	line := st.text
	if f := r.format(); f != "" {
		line = words.T("app.row.line", strings.ToUpper(f), line)
	}
	v.detail.Importance = st.textImportance()
	v.detail.SetText(line)
	v.icon.SetResource(statusIcon(st))
	v.badge.set(st.badge, st.tone)
}

// statusIcon is the row's icon: a file that still holds something the user
// should check (speaker notes, a hidden sheet) never gets the tick, and a
// file that may leak but was not cleaned (legacy Office, a locked PDF, a
// damaged file) or keeps a fake redaction gets the red error sign, never
// the grey question mark of a file scrub does not know.
func statusIcon(st status) fyne.Resource {
	switch st.kind {
	case kindFindings, kindClean, kindCleaned, kindCopy:
		if st.tone == widget.DangerImportance { // a fake redaction
			return theme.NewErrorThemedResource(theme.ErrorIcon())
		}
	}
	switch st.kind {
	case kindFindings:
		if st.tone != widget.WarningImportance { // only details that identify no one
			return theme.NewThemedResource(theme.InfoIcon())
		}
		return theme.NewWarningThemedResource(theme.WarningIcon())
	case kindClean, kindCleaned, kindCopy:
		if st.check > 0 {
			return theme.NewWarningThemedResource(theme.WarningIcon())
		}
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case kindRefused, kindFailed:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case kindInterrupted:
		return theme.NewWarningThemedResource(theme.MediaStopIcon())
	case kindUnsupported, kindSkipped:
		return theme.NewDisabledResource(theme.QuestionIcon())
	}
	return theme.NewThemedResource(theme.ViewRefreshIcon())
}

// tightVBox stacks its objects without padding between them, so the two
// lines of a row read as one item.
type tightVBox struct{}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
	}
	pad := theme.Padding()
	return fyne.NewSize(s.Width, s.Height-pad*float32(len(objs)-1))
}

func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - pad
	}
}
