//go:build gui || ci

package gui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
		u.confirm("Replace the originals?",
			fmt.Sprintf("scrub will overwrite %s with cleaned versions.\n\n"+
				"This cannot be undone: what is removed from the originals is gone for good. "+
				"To keep the originals, cancel and save cleaned files next to them instead.",
				plural(len(rows), "original file", "original files")),
			"Replace originals", true, func() { u.startClean(rows, opt) })
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
			msg := fmt.Sprintf("“%s” already exists in %s.", scrub.Escape(filepath.Base(first), 0), u.showPath(filepath.Dir(first)))
			if len(exist) > 1 {
				msg = fmt.Sprintf("%d files already exist where the cleaned copies go, for example %s.", len(exist), u.showPath(first))
			}
			u.confirm("Replace files in the output folder?", msg+
				"\n\nReplace them with the cleaned copies? This cannot be undone: the files there now are gone for good.",
				"Replace", true, func() { u.startClean(rows, opt) })
			return
		}
		name := scrub.Escape(filepath.Base(first), 0)
		msg := fmt.Sprintf("A cleaned copy named “%s” already exists.", name)
		if len(exist) > 1 {
			msg = fmt.Sprintf("%d cleaned copies already exist, for example “%s”.", len(exist), name)
		}
		u.confirm("Replace earlier cleaned copies?", msg+"\n\nReplace them with new cleaned copies?",
			"Replace", false, func() { u.startClean(rows, opt) })
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
	u.inform("Choose another folder",
		fmt.Sprintf("Cleaned files saved in %s would replace the originals there, for example “%s”.\n\n"+
			"Choose another folder for the cleaned files, for example a new, empty one. "+
			"(To replace the originals on purpose, choose “%s”: it asks first.)",
			u.showPath(dir), r.name(), outputChoices[replaceOriginals]))
}

// inform shows a message with an OK button that Enter presses.
func (u *UI) inform(title, message string) {
	text := widget.NewLabel(message)
	text.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	ok := newKeyButton("OK", nil, func() { d.Hide() })
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
	no := newKeyButton("Cancel", theme.CancelIcon(), func() { d.Hide() })
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

func (u *UI) startClean(rows []*row, opt scrub.CleanOptions) {
	if u.busy() {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &job{cancel: cancel, opt: opt, rows: rows}
	plan := &scrub.Plan{}
	for _, r := range rows {
		r.phase = waiting
		plan.Targets = append(plan.Targets, r.target)
	}
	u.cleanJob = j
	u.progDone, u.progTotal = 0, len(rows)
	u.setNotice("")
	u.refreshAll()
	go func() {
		err := u.engine.Clean(ctx, plan, opt, func(r scrub.Result) {
			if r.Index < 0 {
				return
			}
			u.do(func() { u.cleanedOne(j, r) })
		})
		u.do(func() { u.finishClean(j, err) })
	}()
}

func (u *UI) cleanedOne(j *job, r scrub.Result) {
	row := j.rows[r.Index]
	row.phase = idle
	row.cleaned = &r
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
			r.cleaned = &scrub.Result{Path: scrub.Escape(r.path, 0), Status: scrub.StatusInterrupted}
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

// summary tells what a cleaning run did, where the files are, and what
// it could not do.
func (u *UI) summary(j *job, runErr error) {
	var cleaned, same, notCleaned, kept int
	var firstOut string
	for _, r := range j.rows {
		res := r.cleaned
		switch res.Status {
		case scrub.StatusCleaned:
			cleaned++
		case scrub.StatusAlreadyClean:
			same++
		default:
			notCleaned++
		}
		if r.outPath != "" && firstOut == "" {
			firstOut = r.outPath
		}
		if (res.Status == scrub.StatusCleaned || res.Status == scrub.StatusAlreadyClean) && len(res.Findings) > scrub.CountRemovable(res.Findings) {
			kept++
		}
	}
	title := "Cleaning finished"
	if j.cancelled {
		title = "Cleaning cancelled"
	}
	var objs []fyne.CanvasObject
	// Coloured text reads badly on a light background: only failures are
	// red, the rest is plain with the outcome in bold.
	add := func(text string, imp widget.Importance) {
		style := fyne.TextStyle{}
		switch imp {
		case widget.SuccessImportance, widget.WarningImportance:
			style.Bold = true
			imp = widget.MediumImportance
		case widget.LowImportance:
			style.Italic = true
			imp = widget.MediumImportance
		}
		objs = append(objs, label(text, imp, style))
	}
	if cleaned > 0 {
		add(plural(cleaned, "file", "files")+" cleaned.", widget.SuccessImportance)
	}
	if same > 0 {
		msg := " already clean: nothing to remove."
		if !j.opt.InPlace {
			msg = " already clean: nothing to remove, a copy was saved anyway."
		}
		add(plural(same, "file was", "files were")+msg, widget.SuccessImportance)
	}
	if notCleaned > 0 {
		add(plural(notCleaned, "file was", "files were")+" not cleaned: select "+
			map[bool]string{true: "it", false: "them"}[notCleaned == 1]+" in the list to see why.", widget.DangerImportance)
	}
	if j.cancelled {
		add("Files not cleaned yet were left alone, and no half-written file was left behind.", widget.MediumImportance)
	}
	if runErr != nil && !j.cancelled {
		add("Error: "+scrub.Escape(runErr.Error(), 0), widget.DangerImportance)
	}
	if cleaned+same > 0 {
		switch {
		case j.opt.InPlace:
			add("The originals were replaced by their cleaned versions.", widget.MediumImportance)
		case j.opt.OutDir != "":
			add("The cleaned files are in "+u.showPath(j.opt.OutDir)+".", widget.MediumImportance)
		case firstOut != "":
			add("The cleaned copies are next to the originals, named like “"+scrub.Escape(filepath.Base(firstOut), 0)+"”. The originals were not changed.", widget.MediumImportance)
		}
	}
	if kept > 0 {
		add(plural(kept, "file still contains", "files still contain")+" content scrub keeps (such as speaker notes or hidden sheets): check "+
			map[bool]string{true: "it", false: "them"}[kept == 1]+" before sharing.", widget.WarningImportance)
	}
	if cleaned+same > 0 {
		add("scrub removed the hidden data it knows about. It does not change what the document shows: "+
			"names in the text or faces in pictures are still there.", widget.LowImportance)
	}

	var d *dialog.CustomDialog
	closeBtn := newKeyButton("Close", nil, func() { d.Hide() })
	buttons := []fyne.CanvasObject{closeBtn}
	dir := j.opt.OutDir
	if dir == "" && firstOut != "" {
		dir = filepath.Dir(firstOut)
	}
	if dir != "" && cleaned+same > 0 {
		show := newKeyButton("Show in folder", theme.FolderOpenIcon(), func() { d.Hide(); u.openFolder(dir) })
		show.Importance = widget.HighImportance
		buttons = append(buttons, show)
	}
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(objs...), u.win)
	d.SetButtons(buttons)
	d.Resize(fyne.NewSize(min(560, u.win.Canvas().Size().Width*0.9), 0))
	u.lastDialog = d
	d.Show()
	u.win.Canvas().Focus(buttons[len(buttons)-1].(fyne.Focusable))
}
