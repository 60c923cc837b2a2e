//go:build gui || ci

package gui

import (
	"sync"

	"fyne.io/fyne/v2"
)

// privateApp is the fyne.App the screens run under: the same app, but with
// preferences that live in memory only. Fyne's file dialogs record the last
// folder they showed in the app's preferences, which Fyne saves to disk; a
// list of the folders someone cleaned files in is exactly what scrub must
// not leave behind.
type privateApp struct {
	fyne.App
	prefs *memPrefs
}

func (p *privateApp) Preferences() fyne.Preferences { return p.prefs }

// private makes a the current app with memory-only preferences and returns
// the wrapper. It is idempotent.
func private(a fyne.App) fyne.App {
	if p, ok := a.(*privateApp); ok {
		return p
	}
	p := &privateApp{App: a, prefs: &memPrefs{m: map[string]any{}}}
	fyne.SetCurrentApp(p)
	return p
}

// memPrefs implements fyne.Preferences with a map; nothing is ever written.
type memPrefs struct {
	mu        sync.Mutex
	m         map[string]any
	listeners []func()
}

func get[T any](p *memPrefs, key string, fallback T) T {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.m[key].(T); ok {
		return v
	}
	return fallback
}

func set[T any](p *memPrefs, key string, v T) {
	p.mu.Lock()
	p.m[key] = v
	ls := append([]func(){}, p.listeners...)
	p.mu.Unlock()
	for _, l := range ls {
		l()
	}
}

func (p *memPrefs) Bool(k string) bool                             { return get(p, k, false) }
func (p *memPrefs) BoolWithFallback(k string, f bool) bool         { return get(p, k, f) }
func (p *memPrefs) SetBool(k string, v bool)                       { set(p, k, v) }
func (p *memPrefs) BoolList(k string) []bool                       { return get(p, k, []bool{}) }
func (p *memPrefs) BoolListWithFallback(k string, f []bool) []bool { return get(p, k, f) }
func (p *memPrefs) SetBoolList(k string, v []bool)                 { set(p, k, v) }
func (p *memPrefs) Float(k string) float64                         { return get(p, k, 0.0) }
func (p *memPrefs) FloatWithFallback(k string, f float64) float64  { return get(p, k, f) }
func (p *memPrefs) SetFloat(k string, v float64)                   { set(p, k, v) }
func (p *memPrefs) FloatList(k string) []float64                   { return get(p, k, []float64{}) }
func (p *memPrefs) FloatListWithFallback(k string, f []float64) []float64 {
	return get(p, k, f)
}
func (p *memPrefs) SetFloatList(k string, v []float64)          { set(p, k, v) }
func (p *memPrefs) Int(k string) int                            { return get(p, k, 0) }
func (p *memPrefs) IntWithFallback(k string, f int) int         { return get(p, k, f) }
func (p *memPrefs) SetInt(k string, v int)                      { set(p, k, v) }
func (p *memPrefs) IntList(k string) []int                      { return get(p, k, []int{}) }
func (p *memPrefs) IntListWithFallback(k string, f []int) []int { return get(p, k, f) }
func (p *memPrefs) SetIntList(k string, v []int)                { set(p, k, v) }
func (p *memPrefs) String(k string) string                      { return get(p, k, "") }
func (p *memPrefs) StringWithFallback(k, f string) string       { return get(p, k, f) }
func (p *memPrefs) SetString(k string, v string)                { set(p, k, v) }
func (p *memPrefs) StringList(k string) []string                { return get(p, k, []string{}) }
func (p *memPrefs) StringListWithFallback(k string, f []string) []string {
	return get(p, k, f)
}
func (p *memPrefs) SetStringList(k string, v []string) { set(p, k, v) }

func (p *memPrefs) RemoveValue(k string) {
	p.mu.Lock()
	delete(p.m, k)
	ls := append([]func(){}, p.listeners...)
	p.mu.Unlock()
	for _, l := range ls {
		l()
	}
}

func (p *memPrefs) AddChangeListener(l func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listeners = append(p.listeners, l)
}

func (p *memPrefs) ChangeListeners() []func() {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]func(){}, p.listeners...)
}
