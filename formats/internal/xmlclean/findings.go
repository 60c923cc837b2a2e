package xmlclean

import (
	"fmt"
	"strings"

	"github.com/scrub-project/scrub/scrub"
)

// maxDistinct is how many different values one aggregated finding lists.
const maxDistinct = 5

// Findings collects findings and folds repeats: findings with the same
// Where, Field, Kind, Action, Label and Minor become one, whose value
// lists the first few distinct values and how many there were in all. A
// document with thousands of rsid attributes yields one finding per part,
// not thousands.
// The zero value is ready to use.
type Findings struct {
	list  []*agg
	index map[aggKey]*agg
}

type aggKey struct {
	where, field string
	kind         scrub.Kind
	action       scrub.Action
	label        scrub.Label
	minor        bool
}

type agg struct {
	f        scrub.Finding
	values   []string
	distinct map[string]bool
	n        int
}

// Add records f.
func (fs *Findings) Add(f scrub.Finding) {
	if fs.index == nil {
		fs.index = map[aggKey]*agg{}
	}
	k := aggKey{f.Where, f.Field, f.Kind, f.Action, f.Label, f.Minor}
	a := fs.index[k]
	if a == nil {
		a = &agg{f: f, distinct: map[string]bool{}}
		fs.index[k] = a
		fs.list = append(fs.list, a)
	}
	a.n++
	if f.Value != "" && !a.distinct[f.Value] && len(a.distinct) <= maxDistinct {
		a.distinct[f.Value] = true
		a.values = append(a.values, f.Value)
	}
}

// AddAll records every finding of list.
func (fs *Findings) AddAll(list []scrub.Finding) {
	for _, f := range list {
		fs.Add(f)
	}
}

// Len returns the number of findings List would return.
func (fs *Findings) Len() int { return len(fs.list) }

// List returns the folded findings in the order they were first seen.
func (fs *Findings) List() []scrub.Finding {
	out := make([]scrub.Finding, 0, len(fs.list))
	for _, a := range fs.list {
		f := a.f
		vs := a.values
		more := ""
		if len(vs) > maxDistinct {
			vs, more = vs[:maxDistinct], "; …"
		}
		f.Value = strings.Join(vs, "; ") + more
		if a.n > 1 {
			if f.Value == "" {
				f.Value = fmt.Sprintf("%d in all", a.n)
			} else {
				f.Value += fmt.Sprintf(" (%d in all)", a.n)
			}
		}
		out = append(out, f)
	}
	return out
}

// Removable reports whether any collected finding has Action Remove.
func (fs *Findings) Removable() bool {
	for _, a := range fs.list {
		if a.f.Action == scrub.Remove {
			return true
		}
	}
	return false
}
