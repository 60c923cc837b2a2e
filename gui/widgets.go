//go:build gui || ci

package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// badge is a small pill with a count, coloured from the current theme so
// that it reads in light and dark variants.
type badge struct {
	widget.BaseWidget
	text string
	imp  widget.Importance
}

func newBadge() *badge {
	b := &badge{}
	b.ExtendBaseWidget(b)
	return b
}

func (b *badge) set(text string, imp widget.Importance) {
	if b.text == text && b.imp == imp {
		return
	}
	b.text, b.imp = text, imp
	b.Refresh()
}

func (b *badge) CreateRenderer() fyne.WidgetRenderer {
	r := &badgeRenderer{b: b, bg: canvas.NewRectangle(color.Transparent), txt: canvas.NewText("", color.Black)}
	r.txt.TextStyle.Bold = true
	r.txt.Alignment = fyne.TextAlignCenter
	r.Refresh()
	return r
}

type badgeRenderer struct {
	b   *badge
	bg  *canvas.Rectangle
	txt *canvas.Text
}

func (r *badgeRenderer) Destroy() {}

func (r *badgeRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.txt} }

func (r *badgeRenderer) MinSize() fyne.Size {
	th := r.b.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	ts := r.txt.MinSize()
	h := ts.Height + pad/2
	// Wide enough for "999" so the column of badges lines up.
	w := fyne.MeasureText("999", r.txt.TextSize, r.txt.TextStyle).Width + pad
	return fyne.NewSize(max(w, ts.Width+pad, h), h)
}

func (r *badgeRenderer) Layout(size fyne.Size) {
	min := r.MinSize()
	pos := fyne.NewPos(0, (size.Height-min.Height)/2)
	r.bg.Move(pos)
	r.bg.Resize(fyne.NewSize(size.Width, min.Height))
	r.bg.CornerRadius = min.Height / 2
	r.txt.Move(pos)
	r.txt.Resize(fyne.NewSize(size.Width, min.Height))
}

func (r *badgeRenderer) Refresh() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	bg, fg := theme.ColorNameDisabledButton, theme.ColorNameForeground
	switch r.b.imp {
	case widget.WarningImportance:
		bg, fg = theme.ColorNameWarning, theme.ColorNameForegroundOnWarning
	case widget.SuccessImportance:
		bg, fg = theme.ColorNameSuccess, theme.ColorNameForegroundOnSuccess
	case widget.DangerImportance:
		bg, fg = theme.ColorNameError, theme.ColorNameForegroundOnError
	}
	r.bg.FillColor = th.Color(bg, v)
	r.txt.Color = th.Color(fg, v)
	r.txt.Text = r.b.text
	r.txt.TextSize = th.Size(theme.SizeNameCaptionText)
	if r.b.text == "" {
		r.bg.Hide()
		r.txt.Hide()
	} else {
		r.bg.Show()
		r.txt.Show()
	}
	r.Layout(r.b.Size())
	r.bg.Refresh()
	r.txt.Refresh()
}

// fileList is a widget.List that also answers the keys people expect in a
// file list: Up and Down move the selection (and so the details), Enter
// selects the focused row, Delete and Backspace remove the selected row.
type fileList struct {
	widget.List
	selected int // -1 when nothing is selected
	onDelete func()
}

func newFileList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *fileList {
	l := &fileList{selected: -1}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey handles keyboard navigation while the list has focus.
func (l *fileList) TypedKey(ev *fyne.KeyEvent) {
	n := l.Length()
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace:
		if l.onDelete != nil {
			l.onDelete()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		l.List.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	case fyne.KeyDown, fyne.KeyUp:
		if n == 0 {
			return
		}
		if l.selected < 0 {
			// The list's keyboard focus starts on the first row.
			l.Select(0)
			return
		}
		next := l.selected + 1
		if ev.Name == fyne.KeyUp {
			next = l.selected - 1
		}
		if next < 0 || next >= n {
			return
		}
		l.List.TypedKey(ev)
		l.Select(next)
	default:
		l.List.TypedKey(ev)
	}
}

// keyButton is a button that Enter presses as well as Space.
type keyButton struct {
	widget.Button
}

func newKeyButton(label string, icon fyne.Resource, tapped func()) *keyButton {
	b := &keyButton{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Space, Enter or Return.
func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
	default:
		b.Button.TypedKey(ev)
	}
}

// warnBox frames its content in the theme's warning colour, over a faint
// tint of it, redrawn when the theme changes.
type warnBox struct {
	widget.BaseWidget
	content fyne.CanvasObject
}

func newWarnBox(content fyne.CanvasObject) *warnBox {
	b := &warnBox{content: content}
	b.ExtendBaseWidget(b)
	return b
}

func (b *warnBox) CreateRenderer() fyne.WidgetRenderer {
	r := &warnBoxRenderer{b: b, frame: canvas.NewRectangle(color.Transparent)}
	r.Refresh()
	return r
}

type warnBoxRenderer struct {
	b     *warnBox
	frame *canvas.Rectangle
}

func (r *warnBoxRenderer) Destroy() {}

func (r *warnBoxRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.frame, r.b.content}
}

func (r *warnBoxRenderer) pad() float32 { return r.b.Theme().Size(theme.SizeNameInnerPadding) }

func (r *warnBoxRenderer) MinSize() fyne.Size {
	return r.b.content.MinSize().AddWidthHeight(2*r.pad(), 2*r.pad())
}

func (r *warnBoxRenderer) Layout(size fyne.Size) {
	r.frame.Resize(size)
	p := r.pad()
	r.b.content.Move(fyne.NewPos(p, p))
	r.b.content.Resize(size.SubtractWidthHeight(2*p, 2*p))
}

func (r *warnBoxRenderer) Refresh() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	warn := color.NRGBAModel.Convert(th.Color(theme.ColorNameWarning, v)).(color.NRGBA)
	r.frame.StrokeColor = warn
	r.frame.StrokeWidth = 2
	r.frame.CornerRadius = th.Size(theme.SizeNameInputRadius)
	tint := warn
	tint.A = 0x24
	r.frame.FillColor = tint
	r.frame.Refresh()
	r.b.content.Refresh()
}
