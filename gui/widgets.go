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
	hasFocus bool
}

// FocusGained frames the list: its own focus mark (the hover tint of the
// focused row) does not show on the selected row, which is the row the
// arrow keys move.
func (l *fileList) FocusGained() {
	l.hasFocus = true
	l.List.FocusGained()
	l.Refresh()
}

// FocusLost removes the frame.
func (l *fileList) FocusLost() {
	l.hasFocus = false
	l.List.FocusLost()
	l.Refresh()
}

func (l *fileList) CreateRenderer() fyne.WidgetRenderer {
	return newRingRenderer(l, l.List.CreateRenderer(), func() bool { return l.hasFocus }, ringInside)
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

// keyButton is a button that Enter presses as well as Space, and that
// draws a ring around itself while it has the keyboard focus: Fyne's own
// focus tint is faint, and invisible on a coloured (high-importance)
// button.
type keyButton struct {
	widget.Button
	hasFocus bool
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

// FocusGained shows the focus ring.
func (b *keyButton) FocusGained() {
	b.hasFocus = true
	b.Button.FocusGained()
}

// FocusLost hides the focus ring.
func (b *keyButton) FocusLost() {
	b.hasFocus = false
	b.Button.FocusLost()
}

func (b *keyButton) CreateRenderer() fyne.WidgetRenderer {
	return newRingRenderer(b, b.Button.CreateRenderer(), func() bool { return b.hasFocus }, ringOutside)
}

// Where a focus ring is drawn: around a widget (in the padding between
// widgets) or just inside its edge (for a widget that fills its space).
const (
	ringOutside = iota
	ringInside
)

// ringRenderer adds a focus ring to a widget's own renderer. The ring is
// drawn in the foreground colour, which contrasts with the background in
// light and dark themes alike.
type ringRenderer struct {
	fyne.WidgetRenderer
	w       fyne.Widget
	ring    *canvas.Rectangle
	focused func() bool
	where   int
}

func newRingRenderer(w fyne.Widget, inner fyne.WidgetRenderer, focused func() bool, where int) *ringRenderer {
	r := &ringRenderer{WidgetRenderer: inner, w: w, ring: canvas.NewRectangle(color.Transparent), focused: focused, where: where}
	r.ring.Hide()
	r.style()
	return r
}

func (r *ringRenderer) Objects() []fyne.CanvasObject {
	return append(r.WidgetRenderer.Objects(), r.ring)
}

func (r *ringRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	off := float32(-ringWidth - 1)
	if r.where == ringInside {
		off = 0
	}
	r.ring.Move(fyne.NewPos(off, off))
	r.ring.Resize(size.SubtractWidthHeight(2*off, 2*off))
}

// ringWidth is how thick a focus ring is.
const ringWidth = 2

func (r *ringRenderer) style() {
	th := theme.CurrentForWidget(r.w)
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.ring.StrokeColor = th.Color(theme.ColorNameForeground, v)
	r.ring.StrokeWidth = ringWidth
	r.ring.CornerRadius = th.Size(theme.SizeNameInputRadius) + ringWidth
	if r.where == ringInside {
		r.ring.StrokeColor = th.Color(theme.ColorNamePrimary, v)
		r.ring.CornerRadius = 0
	}
}

func (r *ringRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.style()
	if r.focused() {
		r.ring.Show()
	} else {
		r.ring.Hide()
	}
	r.Layout(r.w.Size())
	r.ring.Refresh()
}

// toneBox frames its content in a theme colour (warning for content the
// user must check, error for a file that was not cleaned), over a faint
// tint of it, redrawn when the theme changes. Its text stays in the
// foreground colour, which reads in light and dark themes (orange text on
// white does not).
type toneBox struct {
	widget.BaseWidget
	content fyne.CanvasObject
	tone    fyne.ThemeColorName
}

func newWarnBox(content fyne.CanvasObject) *toneBox {
	return newToneBox(content, theme.ColorNameWarning)
}

func newDangerBox(content fyne.CanvasObject) *toneBox {
	return newToneBox(content, theme.ColorNameError)
}

func newToneBox(content fyne.CanvasObject, tone fyne.ThemeColorName) *toneBox {
	b := &toneBox{content: content, tone: tone}
	b.ExtendBaseWidget(b)
	return b
}

func (b *toneBox) CreateRenderer() fyne.WidgetRenderer {
	r := &toneBoxRenderer{b: b, frame: canvas.NewRectangle(color.Transparent)}
	r.Refresh()
	return r
}

type toneBoxRenderer struct {
	b     *toneBox
	frame *canvas.Rectangle
}

func (r *toneBoxRenderer) Destroy() {}

func (r *toneBoxRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.frame, r.b.content}
}

func (r *toneBoxRenderer) pad() float32 { return r.b.Theme().Size(theme.SizeNameInnerPadding) }

func (r *toneBoxRenderer) MinSize() fyne.Size {
	return r.b.content.MinSize().AddWidthHeight(2*r.pad(), 2*r.pad())
}

func (r *toneBoxRenderer) Layout(size fyne.Size) {
	r.frame.Resize(size)
	p := r.pad()
	r.b.content.Move(fyne.NewPos(p, p))
	r.b.content.Resize(size.SubtractWidthHeight(2*p, 2*p))
}

func (r *toneBoxRenderer) Refresh() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	c := color.NRGBAModel.Convert(th.Color(r.b.tone, v)).(color.NRGBA)
	r.frame.StrokeColor = c
	r.frame.StrokeWidth = 2
	r.frame.CornerRadius = th.Size(theme.SizeNameInputRadius)
	tint := c
	tint.A = 0x24
	r.frame.FillColor = tint
	r.frame.Refresh()
	r.b.content.Refresh()
}
