//go:build gui || ci

package gui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// askPassword asks for the password that opens r, a PDF that needs one,
// and inspects r again with it; wrong says that the last password tried
// did not open it. The password is kept in r, in memory, for cleaning: it
// is never written anywhere (not in Fyne's preferences, which are memory-
// only anyway, nor in a log).
func (u *UI) askPassword(r *row, wrong bool) {
	if u.cleanJob != nil || u.closing || u.index(r) < 0 {
		return
	}
	entry := widget.NewPasswordEntry()
	entry.SetPlaceHolder(words.T("app.password.placeholder"))
	objs := []fyne.CanvasObject{label(words.T("app.password.why", r.name()), widget.MediumImportance, fyne.TextStyle{})}
	if wrong {
		objs = append(objs, label(words.T("app.password.wrong"), widget.DangerImportance, fyne.TextStyle{Bold: true}))
	}
	objs = append(objs, entry,
		label(words.T("app.password.memory"), widget.MediumImportance, fyne.TextStyle{Italic: true}))
	var d *dialog.CustomDialog
	submit := func() {
		pw := entry.Text
		if pw == "" {
			return
		}
		entry.SetText("")
		d.Hide()
		u.reinspect(r, pw)
	}
	entry.OnSubmitted = func(string) { submit() }
	cancel := newKeyButton(words.T("app.button.cancel"), theme.CancelIcon(), func() { entry.SetText(""); d.Hide() })
	open := newKeyButton(words.T("app.password.open"), theme.ConfirmIcon(), submit)
	open.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(words.T("app.password.title"), container.NewVBox(objs...), u.win)
	d.SetButtons([]fyne.CanvasObject{cancel, open})
	d.Resize(fyne.NewSize(min(520, u.win.Canvas().Size().Width*0.9), 0))
	u.lastDialog = d
	d.Show()
	u.win.Canvas().Focus(entry)
}

// engineFor returns the engine that opens files with password ("" for
// none): the app's engine with the password in its policy.
func (u *UI) engineFor(password string) *scrub.Engine {
	if password == "" {
		return u.engine
	}
	e := &scrub.Engine{Registry: u.engine.Registry, Limits: u.engine.Limits, Policy: u.engine.Policy,
		Jobs: u.engine.Jobs, BiggestFirst: u.engine.BiggestFirst}
	e.Policy.Password = password
	return e
}

// reinspect inspects r again, opening it with password. When the
// password does not open it, the prompt comes back saying so.
func (u *UI) reinspect(r *row, password string) {
	if u.cleanJob != nil || u.index(r) < 0 || r.phase != idle {
		return
	}
	r.password = password
	r.cleaned, r.outPath = nil, ""
	r.phase = inspecting
	ctx, cancel := context.WithCancel(context.Background())
	j := &job{cancel: cancel, rows: []*row{r}}
	u.inspections[j] = true
	u.progTotal++
	u.refreshAll()
	eng := u.engineFor(password)
	plan := &scrub.Plan{Targets: []scrub.Target{r.target}}
	go func() {
		_ = eng.Inspect(ctx, plan, func(res scrub.Result) {
			if res.Index < 0 {
				return
			}
			u.do(func() { u.inspected(j, res) })
		})
		u.do(func() {
			u.finishInspection(j)
			u.passwordTried(r)
		})
	}()
}

// passwordTried asks again when the password given did not open r.
func (u *UI) passwordTried(r *row) {
	if r.password == "" || !r.needsPassword() {
		return
	}
	r.password = ""
	if !u.closing && u.index(r) >= 0 {
		u.askPassword(r, true)
	}
}
