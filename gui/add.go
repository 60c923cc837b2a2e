//go:build gui || ci

package gui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/scrub-project/scrub/scrub"
)

// Drop is the window's drop handler (Window.SetOnDropped): local files and
// folders are added, anything else is refused with a message. The test
// driver cannot simulate a drop; tests call Drop directly.
func (u *UI) Drop(_ fyne.Position, uris []fyne.URI) {
	var paths, bad []string
	for _, uri := range uris {
		p, why := localPath(uri)
		if why != "" {
			bad = append(bad, why)
			continue
		}
		paths = append(paths, p)
	}
	if len(bad) > 0 {
		u.setNotice("Not added: " + strings.Join(bad, "; "))
	}
	if len(paths) > 0 {
		u.add(paths, len(bad) > 0)
	}
}

// localPath returns the local path a dropped URI names, or why it is not
// one. Fyne turns whatever the desktop drops into a file URI, so a link
// dragged from a browser arrives as a "file" under the working folder that
// does not exist: every path is checked.
func localPath(uri fyne.URI) (string, string) {
	if uri == nil {
		return "", "an empty drop"
	}
	shown := shorten(scrub.Escape(uri.String(), 0), 80)
	if uri.Scheme() != "file" {
		return "", fmt.Sprintf("“%s” is not a file on this computer", shown)
	}
	p := uri.Path()
	if _, err := os.Lstat(p); err != nil {
		if looksLikeLink(p) {
			return "", fmt.Sprintf("“%s” is a web link, not a file on this computer: save it first, then add the saved file", shorten(scrub.Escape(linkPart(p), 0), 80))
		}
		return "", fmt.Sprintf("“%s” cannot be found", shorten(scrub.Escape(p, 0), 80))
	}
	return p, ""
}

// looksLikeLink reports whether a dropped path is really a URL that was
// made absolute ("/home/me/https:/example.org/a.jpg").
func looksLikeLink(p string) bool { return linkPart(p) != p }

func linkPart(p string) string {
	for _, seg := range []string{"http:/", "https:/", "ftp:/", "data:", "mailto:", "file:/"} {
		if i := strings.Index(p, seg); i >= 0 {
			return p[i:]
		}
	}
	return p
}

// Add adds files and folders (folders recursively) and inspects them, as
// a drop does. It is for paths named on the command line ("Open with").
func (u *UI) Add(paths []string) {
	if len(paths) > 0 {
		u.add(paths, false)
	}
}

func (u *UI) add(paths []string, keepNotice bool) {
	if u.cleanJob != nil {
		u.setNotice("Wait until cleaning has finished (or cancel it) before adding files.")
		return
	}
	if !keepNotice {
		u.setNotice("")
	}
	for i, p := range paths {
		if abs, err := filepath.Abs(p); err == nil {
			paths[i] = abs
		}
	}
	// The file dialogs open where the last thing added came from (kept in
	// memory only).
	last := paths[len(paths)-1]
	if fi, err := os.Stat(last); err == nil && fi.IsDir() {
		u.lastDir = last
	} else if err == nil {
		u.lastDir = filepath.Dir(last)
	}
	var excl []string
	if u.mode == toFolder && u.outDir != "" {
		excl = []string{u.outDir}
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &job{cancel: cancel}
	u.inspections[j] = true
	u.progressLabel.SetText("Looking for files…")
	u.refreshAll()
	go func() {
		plan := scrub.NewPlan(paths, scrub.PlanOptions{Exclude: excl})
		var sub *scrub.Plan
		u.doWait(func() { sub = u.admit(j, plan) })
		if len(sub.Targets) > 0 && ctx.Err() == nil {
			_ = u.engine.Inspect(ctx, sub, func(r scrub.Result) {
				if r.Index < 0 {
					return // settled by the walk: admit listed it
				}
				u.do(func() { u.inspected(j, r) })
			})
		}
		// Rows the engine never reported (cancelled before the start) are
		// marked there.
		u.do(func() { u.finishInspection(j) })
	}()
}

// admit adds the plan's files to the list, leaving out those already in
// it, and returns the plan of what to inspect. A file the walk of a folder
// skipped (a cleaned copy scrub made earlier) and that is now added on its
// own is inspected in place of its "skipped" row.
func (u *UI) admit(j *job, plan *scrub.Plan) *scrub.Plan {
	have := make(map[string]*row, len(u.rows))
	for _, r := range u.rows {
		have[key(r.path)] = r
	}
	sub := &scrub.Plan{}
	var added []*row
	upgraded := 0
	// Targets first: a file both found in a folder and named on its own
	// is a target once, not a "named more than once" row.
	for _, t := range plan.Targets {
		r := have[key(t.Path)]
		switch {
		case r == nil:
			r = &row{path: t.Path}
			have[key(t.Path)] = r
			added = append(added, r)
		case !r.isTarget && t.Explicit && r.phase == idle:
			upgraded++
		default:
			continue
		}
		*r = row{path: t.Path, target: t, isTarget: true, phase: inspecting}
		j.rows = append(j.rows, r)
		sub.Targets = append(sub.Targets, t)
	}
	for _, d := range plan.Decided {
		if have[key(d.Path)] != nil {
			continue
		}
		d.Error = scrub.Escape(d.Error, 0)
		d.Hint = scrub.Escape(d.Hint, 0)
		r := &row{path: d.Path, inspected: &d}
		have[key(d.Path)] = r
		added = append(added, r)
	}
	// In the order of the walk: folder by folder, names sorted.
	slices.SortStableFunc(added, func(a, b *row) int { return comparePaths(a.path, b.path) })
	u.rows = append(u.rows, added...)
	u.progTotal += len(sub.Targets)
	if len(added) == 0 && upgraded == 0 && len(plan.Decided)+len(plan.Targets) > 0 {
		u.setNotice("Already in the list: nothing new was added.")
	}
	u.refreshAll()
	if u.sel == nil && len(u.rows) > 0 {
		u.list.Select(0)
	}
	return sub
}

// comparePaths orders paths name by name, as a folder walk meets them.
func comparePaths(a, b string) int {
	as := strings.Split(filepath.ToSlash(a), "/")
	bs := strings.Split(filepath.ToSlash(b), "/")
	return slices.Compare(as, bs)
}

// key identifies a path for de-duplication.
func key(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

func (u *UI) inspected(j *job, r scrub.Result) {
	row := j.rows[r.Index]
	row.phase = idle
	row.inspected = &r
	u.progDone++
	u.refreshRow(row)
	u.refreshProgress()
}

func (u *UI) finishInspection(j *job) {
	delete(u.inspections, j)
	for _, r := range j.rows {
		if r.phase == inspecting { // cancelled before the engine reported it
			r.phase = idle
			r.inspected = &scrub.Result{Path: scrub.Escape(r.path, 0), Status: scrub.StatusInterrupted}
		}
	}
	if !u.busy() {
		u.progDone, u.progTotal = 0, 0
	}
	if u.closeIfDone() {
		return
	}
	u.refreshAll()
}
