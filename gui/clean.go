//go:build gui || ci

package gui

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// Clean cleans every file in the list that can be cleaned, where the "Save
// cleaned files" choice says. Replacing the originals, and replacing cleaned
// copies left by an earlier run, happen only after the user confirms.
func (u *UI) Clean() {
	if u.busy() {
		return
	}
	rows := u.cleanableRows()
	if len(rows) == 0 {
		return
	}
	var opt scrub.CleanOptions
	switch u.mode {
	case toFolder:
		if u.outDir == "" {
			u.chooseOutDir(besideOriginals)
			return
		}
		opt.OutDir = u.outDir
		if r, _ := u.overwritesOriginal(rows, opt); r != nil {
			u.refuseOutDir(u.outDir, r)
			return
		}
	case replaceOriginals:
		opt.InPlace = true
		u.confirm(words.T("app.replace.title"), words.N("app.replace.message", len(rows)),
			words.T("app.replace.yes"), true, func() { u.startClean(rows, opt) })
		return
	}
	var exist []*row
	for _, r := range rows {
		if _, err := os.Lstat(scrub.OutputPath(r.target, opt)); err == nil {
			exist = append(exist, r)
		}
	}
	if len(exist) > 0 {
		first := scrub.OutputPath(exist[0].target, opt)
		opt.Force = true
		if opt.OutDir != "" {
			// Whatever is there may be anything, not only an earlier copy.
			msg := words.T("app.exists.folder-one", scrub.Escape(filepath.Base(first), 0), u.showPath(filepath.Dir(first)))
			if len(exist) > 1 {
				msg = words.N("app.exists.folder-many", len(exist), u.showPath(first))
			}
			u.confirm(words.T("app.exists.folder-title"), words.T("app.exists.folder-question", msg),
				words.T("app.exists.yes"), true, func() { u.startClean(rows, opt) })
			return
		}
		name := scrub.Escape(filepath.Base(first), 0)
		msg := words.T("app.exists.copy-one", name)
		if len(exist) > 1 {
			msg = words.N("app.exists.copy-many", len(exist), name)
		}
		u.confirm(words.T("app.exists.copy-title"), words.T("app.exists.copy-question", msg),
			words.T("app.exists.yes"), false, func() { u.startClean(rows, opt) })
		return
	}
	u.startClean(rows, opt)
}

// overwritesOriginal returns the first of rows whose cleaned copy, saved
// to opt.OutDir, would land on a file in the list (its own original or
// another one), and that path; nil if there is none. That happens when the
// output folder is the folder of an added file or the parent of an added
// folder: the engine, told to replace existing files, would then overwrite
// originals.
func (u *UI) overwritesOriginal(rows []*row, opt scrub.CleanOptions) (*row, string) {
	if opt.OutDir == "" || opt.InPlace {
		return nil, ""
	}
	inputs := make(map[string]bool, len(u.rows))
	for _, r := range u.rows {
		inputs[key(r.path)] = true
	}
	for _, r := range rows {
		out := scrub.OutputPath(r.target, opt)
		if inputs[key(out)] {
			return r, out
		}
		// The same file under another name (a case-insensitive disk, a
		// hard link).
		if a, err := os.Stat(out); err == nil {
			if b, err := os.Stat(r.path); err == nil && os.SameFile(a, b) {
				return r, out
			}
		}
	}
	return nil, ""
}

// refuseOutDir explains why dir cannot take the cleaned copies: the copy
// of r would replace an original.
func (u *UI) refuseOutDir(dir string, r *row) {
	u.inform(words.T("app.outdir.title"),
		words.T("app.outdir.message", u.showPath(dir), r.name(), outputChoices()[replaceOriginals]))
}

// inform shows a message with an OK button that Enter presses.
func (u *UI) inform(title, message string) {
	text := widget.NewLabel(message)
	text.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	ok := newKeyButton(words.T("app.button.ok"), nil, func() { d.Hide() })
	ok.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(title, text, u.win)
	d.SetButtons([]fyne.CanvasObject{ok})
	d.Resize(fyne.NewSize(min(520, u.win.Canvas().Size().Width*0.9), 0))
	u.lastDialog = d
	d.Show()
	u.win.Canvas().Focus(ok)
}

// confirm asks a yes/no question in a dialog whose buttons answer to
// Enter as well as Space. For a dangerous action the focus starts on
// Cancel.
func (u *UI) confirm(title, message, yes string, danger bool, onYes func()) {
	text := widget.NewLabel(message)
	text.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	no := newKeyButton(words.T("app.button.cancel"), theme.CancelIcon(), func() { d.Hide() })
	ok := newKeyButton(yes, theme.ConfirmIcon(), func() { d.Hide(); onYes() })
	ok.Importance = widget.HighImportance
	if danger {
		ok.Importance = widget.DangerImportance
		ok.Icon = theme.WarningIcon()
	}
	d = dialog.NewCustomWithoutButtons(title, text, u.win)
	d.SetButtons([]fyne.CanvasObject{no, ok})
	d.Resize(fyne.NewSize(min(520, u.win.Canvas().Size().Width*0.9), 0))
	u.lastDialog = d
	d.Show()
	if danger {
		u.win.Canvas().Focus(no)
	} else {
		u.win.Canvas().Focus(ok)
	}
}

// cleanGroup is the part of a clean run that one engine does: the files
// opened with the same password (most files need none).
type cleanGroup struct {
	password string
	plan     scrub.Plan
	index    []int // index in the job's rows of each of plan's targets
}

// groupByPassword splits rows into the runs that need a different
// engine, files without a password first.
func groupByPassword(rows []*row) []*cleanGroup {
	var groups []*cleanGroup
	at := map[string]*cleanGroup{}
	for i, r := range rows {
		g := at[r.password]
		if g == nil {
			g = &cleanGroup{password: r.password}
			at[r.password] = g
			if r.password == "" {
				groups = append([]*cleanGroup{g}, groups...)
			} else {
				groups = append(groups, g)
			}
		}
		g.plan.Targets = append(g.plan.Targets, r.target)
		g.index = append(g.index, i)
	}
	return groups
}

func (u *UI) startClean(rows []*row, opt scrub.CleanOptions) {
	if u.busy() {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &job{cancel: cancel, opt: opt, rows: rows}
	for _, r := range rows {
		r.phase = waiting
	}
	groups := groupByPassword(rows)
	u.cleanJob = j
	u.progDone, u.progTotal = 0, len(rows)
	u.setNotice("")
	u.refreshAll()
	go func() {
		var runErr error
		for _, g := range groups {
			err := u.engineFor(g.password).Clean(ctx, &g.plan, opt, func(r scrub.Result) {
				if r.Index < 0 {
					return
				}
				r.Index = g.index[r.Index]
				u.do(func() { u.cleanedOne(j, r) })
			})
			if err != nil && runErr == nil {
				runErr = err
			}
			if ctx.Err() != nil {
				break
			}
		}
		u.do(func() { u.finishClean(j, runErr) })
	}()
}

func (u *UI) cleanedOne(j *job, r scrub.Result) {
	row := j.rows[r.Index]
	row.phase = idle
	row.cleaned = &r
	dropPictures(row.inspected)
	row.outPath = ""
	if r.Status == scrub.StatusCleaned || r.Status == scrub.StatusAlreadyClean && r.Output != "" {
		row.outPath = scrub.OutputPath(row.target, j.opt)
	}
	u.progDone++
	u.refreshRow(row)
	u.refreshProgress()
}

func (u *UI) finishClean(j *job, err error) {
	for _, r := range j.rows {
		if r.phase != idle { // not reported: treat as not cleaned
			r.phase = idle
			r.cleaned = &scrub.Result{Path: scrub.Escape(r.path, 0), Status: scrub.StatusInterrupted, Err: context.Canceled}
			dropPictures(r.inspected)
		}
	}
	u.cleanJob = nil
	u.progDone, u.progTotal = 0, 0
	if u.closeIfDone() {
		return
	}
	u.refreshAll()
	u.summary(j, err)
}

// maxNamed is how many files one list of the summary names; the rest are
// counted.
const maxNamed = 8

// namedList lists files one per line: "• budget.pdf: it needs a password".
func namedList(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i == maxNamed {
			b.WriteString("\n" + words.N("app.summary.more", len(lines)-maxNamed))
			break
		}
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(words.T("app.bullet", l))
	}
	return b.String()
}

// summary tells what a cleaning run did and where the files are, and it
// names every file in the list that was not cleaned (refused, failed,
// cancelled, found locked or damaged before the run) and says plainly not
// to send it as it is: the window must never look done when it is not.
func (u *UI) summary(j *job, runErr error) {
	var cleaned, same int
	var firstOut string
	var kept, exposed []string
	for _, r := range j.rows {
		res := r.cleaned
		switch res.Status {
		case scrub.StatusCleaned:
			cleaned++
		case scrub.StatusAlreadyClean:
			same++
		}
		if r.outPath != "" && firstOut == "" {
			firstOut = r.outPath
		}
		if res.Status == scrub.StatusCleaned || res.Status == scrub.StatusAlreadyClean {
			if fakeRedaction(res.Findings) {
				// Cleaned, and still not to be sent: with the files
				// that were not cleaned, in red.
				exposed = append(exposed, r.name())
				continue
			}
			if s := words.Summarize(res.Format, res.Findings); len(s.Review) > 0 {
				var what []string
				for _, l := range mergeLines(hiddenFirst(s.Review)) {
					what = append(what, words.Label(l.Label))
				}
				kept = append(kept, words.T("app.summary.named", r.name(), words.List(what)))
			}
		}
	}
	// Every file of the list, not only of this run: a locked PDF or a
	// legacy .doc found when it was added is not cleaned either.
	var notCleaned, unknown, skipped []string
	for _, r := range u.rows {
		st := r.status()
		switch {
		case st.notCleaned():
			notCleaned = append(notCleaned, words.T("app.summary.named", u.rowName(r), notCleanedWhy(r, st)))
		case st.kind == kindUnsupported:
			unknown = append(unknown, u.rowName(r))
		case leftAlone(r):
			skipped = append(skipped, u.rowName(r))
		}
	}

	title := words.T("app.summary.title")
	switch {
	case j.cancelled:
		title = words.T("app.summary.title-cancelled")
	case len(notCleaned) > 0:
		title = words.T("app.summary.title-not-all")
	}
	var objs []fyne.CanvasObject
	add := func(text string, imp widget.Importance, style fyne.TextStyle) {
		objs = append(objs, label(text, imp, style))
	}
	bold := fyne.TextStyle{Bold: true}
	if len(notCleaned) > 0 {
		// First, in a red box as in the details (coloured text reads
		// badly on a light background).
		head := label(words.N("app.summary.not-cleaned", len(notCleaned)), widget.MediumImportance, bold)
		box := container.NewVBox(
			container.NewBorder(nil, nil, widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon())), nil, head),
			label(namedList(notCleaned), widget.MediumImportance, fyne.TextStyle{}),
			label(words.T("app.summary.not-cleaned-why"), widget.MediumImportance, fyne.TextStyle{}),
		)
		objs = append(objs, newDangerBox(box))
	}
	if len(exposed) > 0 {
		head := label(words.T("app.summary.fake-redaction"), widget.MediumImportance, bold)
		box := container.NewVBox(
			container.NewBorder(nil, nil, widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon())), nil, head),
			label(namedList(exposed), widget.MediumImportance, fyne.TextStyle{}),
		)
		objs = append(objs, newDangerBox(box))
	}
	if cleaned > 0 {
		add(words.N("app.summary.cleaned", cleaned), widget.MediumImportance, bold)
	}
	if same > 0 {
		key := "app.summary.same-copy"
		if j.opt.InPlace {
			key = "app.summary.same"
		}
		add(words.N(key, same), widget.MediumImportance, bold)
	}
	if j.cancelled {
		add(words.T("app.summary.cancelled"), widget.MediumImportance, fyne.TextStyle{})
	}
	if runErr != nil && !j.cancelled {
		add(words.T("app.summary.error", scrub.Escape(runErr.Error(), 0)), widget.DangerImportance, fyne.TextStyle{})
	}
	if cleaned+same > 0 {
		switch {
		case j.opt.InPlace:
			add(words.T("app.summary.where-replaced"), widget.MediumImportance, fyne.TextStyle{})
		case j.opt.OutDir != "":
			add(words.T("app.summary.where-folder", u.showPath(j.opt.OutDir)), widget.MediumImportance, fyne.TextStyle{})
		case firstOut != "":
			add(words.T("app.summary.where-beside", scrub.Escape(filepath.Base(firstOut), 0)), widget.MediumImportance, fyne.TextStyle{})
		}
	}
	if len(kept) > 0 {
		box := container.NewVBox(
			container.NewBorder(nil, nil, widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon())), nil,
				label(words.N("app.summary.kept", len(kept)), widget.MediumImportance, bold)),
			label(namedList(kept), widget.MediumImportance, fyne.TextStyle{}),
		)
		objs = append(objs, newWarnBox(box))
	}
	if len(unknown) > 0 {
		add(words.N("app.summary.unknown", len(unknown), namedInline(unknown)), widget.MediumImportance, fyne.TextStyle{})
	}
	if len(skipped) > 0 {
		add(words.N("app.summary.skipped", len(skipped), namedInline(skipped)), widget.MediumImportance, fyne.TextStyle{})
	}
	if cleaned+same > 0 {
		add(words.T("app.summary.limits"), widget.MediumImportance, fyne.TextStyle{Italic: true})
	}

	var d *dialog.CustomDialog
	closeBtn := newKeyButton(words.T("app.button.close"), nil, func() { d.Hide() })
	buttons := []fyne.CanvasObject{closeBtn}
	if firstOut != "" {
		show := newKeyButton(words.T("app.button.show-in-folder"), theme.FolderOpenIcon(), func() {
			d.Hide()
			u.showInFolder(firstOut)
		})
		show.Importance = widget.HighImportance
		buttons = append(buttons, show)
	}
	// Padded, so the scroll bar does not cover the boxes' frames.
	content := container.NewPadded(container.NewVBox(objs...))
	// A long list scrolls inside the dialog, which stays within the
	// window (and so within a small screen).
	scroll := container.NewVScroll(content)
	maxH := u.win.Canvas().Size().Height * 0.6
	scroll.SetMinSize(fyne.NewSize(0, min(content.MinSize().Height, maxH)))
	d = dialog.NewCustomWithoutButtons(title, scroll, u.win)
	d.SetButtons(buttons)
	d.Resize(fyne.NewSize(min(580, u.win.Canvas().Size().Width*0.9), 0))
	u.lastDialog = d
	d.Show()
	u.win.Canvas().Focus(buttons[len(buttons)-1].(fyne.Focusable))
}

// fakeRedaction reports whether a result keeps text under a black box:
// a file that must not be sent as it is, cleaned or not.
func fakeRedaction(fs []scrub.Finding) bool {
	for _, f := range fs {
		if scrub.Serious(f) {
			return true
		}
	}
	return false
}

// namedInline lists a few names in a sentence, counting the rest.
func namedInline(names []string) string {
	if len(names) > maxNamed {
		return words.List(append(names[:maxNamed:maxNamed], words.N("app.summary.others", len(names)-maxNamed)))
	}
	return words.List(names)
}

// notCleanedWhy says in a few words why a row was not cleaned, for the
// summary.
func notCleanedWhy(r *row, st status) string {
	res := r.result()
	switch st.kind {
	case kindInterrupted:
		return words.T("app.why.cancelled")
	case kindFailed:
		return words.T("app.why.failed")
	}
	return refusedWhy(res)
}
