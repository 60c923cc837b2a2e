//go:build gui || ci

package gui

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"

	"github.com/scrub-project/scrub/internal/words"
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
		u.setNotice(words.T("app.notice.not-added", strings.Join(bad, words.T("app.notice.separator"))))
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
		return "", words.T("app.drop.empty")
	}
	shown := shorten(scrub.Escape(uri.String(), 0), 80)
	if uri.Scheme() != "file" {
		return "", words.T("app.drop.not-local", shown)
	}
	p := uri.Path()
	if _, err := os.Lstat(p); err != nil {
		if looksLikeLink(p) {
			return "", words.T("app.drop.web-link", shorten(scrub.Escape(linkPart(p), 0), 80))
		}
		return "", words.T("app.drop.not-found", shorten(scrub.Escape(p, 0), 80))
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
		u.setNotice(words.T("app.notice.wait"))
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
	u.progressLabel.SetText(words.T("app.progress.looking"))
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
	// Folder by folder, names in natural order (photo_2 before photo_10),
	// as file managers show them.
	slices.SortStableFunc(added, func(a, b *row) int { return comparePaths(a.path, b.path) })
	u.rows = append(u.rows, added...)
	u.progTotal += len(sub.Targets)
	if len(added) == 0 && upgraded == 0 && len(plan.Decided)+len(plan.Targets) > 0 {
		u.setNotice(words.T("app.notice.already-listed"))
	}
	u.refreshAll()
	if u.sel == nil && len(u.rows) > 0 {
		u.list.Select(0)
	}
	return sub
}

// comparePaths orders paths folder by folder, each name in natural order
// (see naturalCompare).
func comparePaths(a, b string) int {
	as := strings.Split(filepath.ToSlash(a), "/")
	bs := strings.Split(filepath.ToSlash(b), "/")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if c := naturalCompare(as[i], bs[i]); c != 0 {
			return c
		}
	}
	return len(as) - len(bs)
}

// naturalCompare orders names as people read them and as file managers
// show them: runs of digits by their value (photo_2 before photo_10,
// IMG_0009 before IMG_10), letters without regard to case. Names equal by
// that measure are ordered by their bytes, so the order is total.
func naturalCompare(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		if isDigit(ca) && isDigit(cb) {
			// Compare the runs by value: without leading zeros, the
			// longer run is the bigger number.
			si, sj := i, j
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			da := strings.TrimLeft(a[si:i], "0")
			db := strings.TrimLeft(b[sj:j], "0")
			if len(da) != len(db) {
				return cmp.Compare(len(da), len(db))
			}
			if c := strings.Compare(da, db); c != 0 {
				return c
			}
			continue
		}
		ra, na := utf8.DecodeRuneInString(a[i:])
		rb, nb := utf8.DecodeRuneInString(b[j:])
		if c := cmp.Compare(int(foldRune(ra)), int(foldRune(rb))); c != 0 {
			return c
		}
		i += na
		j += nb
	}
	if c := cmp.Compare(len(a)-i, len(b)-j); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func foldRune(r rune) rune { return unicode.ToLower(r) }

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
