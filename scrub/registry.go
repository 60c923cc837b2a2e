package scrub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
)

// headSize is how much of the input Identify sees in head.
const headSize = 4096

// Registry maps content to handlers. Build it once, explicitly (see
// formats/all), and pass it to whoever needs it. It is safe for concurrent
// use once built.
type Registry struct {
	handlers []Handler
	byName   map[string]Handler
	byExt    map[string]Handler // extension -> handler that claims it
	formats  map[string]Format  // format name -> format
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{byName: map[string]Handler{}, byExt: map[string]Handler{}, formats: map[string]Format{}}
}

// Register adds h. It panics if the handler name, a format name or an
// extension is already registered: that is a programming error.
func (r *Registry) Register(h Handler) {
	if _, dup := r.byName[h.Name()]; dup {
		panic("scrub: handler registered twice: " + h.Name())
	}
	r.byName[h.Name()] = h
	for _, f := range h.Formats() {
		if _, dup := r.formats[f.Name]; dup {
			panic("scrub: format registered twice: " + f.Name)
		}
		r.formats[f.Name] = f
		for _, ext := range f.Extensions {
			if ext != strings.ToLower(ext) || !strings.HasPrefix(ext, ".") {
				panic("scrub: extension must be lower case with a dot: " + ext)
			}
			if _, dup := r.byExt[ext]; dup {
				panic("scrub: extension registered twice: " + ext)
			}
			r.byExt[ext] = h
		}
	}
	r.handlers = append(r.handlers, h)
}

// Handlers returns the registered handlers in registration order.
func (r *Registry) Handlers() []Handler { return append([]Handler(nil), r.handlers...) }

// Formats returns every registered format, supported ones first, each group
// sorted by name.
func (r *Registry) Formats() []Format {
	var out []Format
	for _, f := range r.formats {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i].Refused == "") != (out[j].Refused == "") {
			return out[i].Refused == ""
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Format returns the registered format called name.
func (r *Registry) Format(name string) (Format, bool) {
	f, ok := r.formats[name]
	return f, ok
}

// FormatOfMediaType returns the registered format sent as the MIME type mt
// (matched without case and parameters), if any.
func (r *Registry) FormatOfMediaType(mt string) (Format, bool) {
	mt, _, _ = strings.Cut(mt, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	for _, f := range r.Formats() {
		for _, m := range f.MediaTypes {
			if strings.ToLower(m) == mt {
				return f, true
			}
		}
	}
	return Format{}, false
}

// ClaimsExtension reports whether some registered format uses the file
// name's extension.
func (r *Registry) ClaimsExtension(name string) bool {
	_, ok := r.byExt[strings.ToLower(filepath.Ext(name))]
	return ok
}

// Detect identifies the input by its content and cross-checks the result
// with the extension of name (if name has one that a format claims): a PNG
// named report.docx is refused with ErrMismatch rather than cleaned as a
// PNG. Detect returns ErrUnsupported for content no handler claims, and an
// ErrUnsupported error for polyglots (content that two handlers claim), since
// cleaning one view would leave the other.
func (r *Registry) Detect(ra io.ReaderAt, size int64, name string) (Handler, Format, error) {
	h, fname, err := r.identify(ra, size)
	if err != nil {
		if ext := strings.ToLower(filepath.Ext(name)); ext != "" && errorsIsUnknown(err) {
			if _, ok := r.byExt[ext]; ok {
				return nil, Format{}, &FormatError{Kind: ErrMismatch,
					Reason: fmt.Sprintf("the name says %s but the content is not %s", ext, article(r.extFormat(ext).Description)),
					Hint:   "the file may be damaged, or renamed from another type"}
			}
		}
		return nil, Format{}, err
	}
	f := r.formats[fname]
	ext := strings.ToLower(filepath.Ext(name))
	if ext == "" {
		return h, f, nil
	}
	eh, claimed := r.byExt[ext]
	if !claimed || eh == h || f.Refused != "" {
		// A refused format is refused for what it is, whatever its name.
		// Unknown extensions are judged by content; within one family
		// (a .docx that is really a .docm) the content decides too.
		return h, f, nil
	}
	return nil, f, &FormatError{Kind: ErrMismatch,
		Reason: fmt.Sprintf("the name says %s but the content is %s (%s)", ext, article(f.Description), f.Name),
		Hint:   fmt.Sprintf("rename it to %s if that is what it is", firstExt(f))}
}

// extFormat returns the format that claims ext.
func (r *Registry) extFormat(ext string) Format {
	for _, f := range r.byExt[ext].Formats() {
		for _, e := range f.Extensions {
			if e == ext {
				return f
			}
		}
	}
	return Format{}
}

func firstExt(f Format) string {
	if len(f.Extensions) > 0 {
		return f.Extensions[0]
	}
	return "its real type"
}

func article(s string) string {
	if s == "" {
		return "another type"
	}
	if strings.ContainsRune("aeiouAEIOU", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

// ErrUnknown is the error for content no handler claims. It matches
// ErrUnsupported too; test for it with errors.Is(err, ErrUnknown).
var ErrUnknown error = &FormatError{Kind: ErrUnsupported, Reason: "not a format scrub knows",
	Hint: "see the list of formats scrub cleans"}

func errorsIsUnknown(err error) bool { return errors.Is(err, ErrUnknown) }

// identify runs every handler's Identify and returns the one that claims
// the content.
func (r *Registry) identify(ra io.ReaderAt, size int64) (Handler, string, error) {
	head := make([]byte, min(int64(headSize), size))
	if n, err := ra.ReadAt(head, 0); err != nil && !(err == io.EOF && n == len(head)) {
		return nil, "", fmt.Errorf("reading: %w", err)
	}
	var (
		found  Handler
		format string
	)
	for _, h := range r.handlers {
		name, err := callIdentify(h, head, ra, size)
		if err != nil {
			return nil, "", err
		}
		if name == "" {
			continue
		}
		if found != nil {
			return nil, "", Unsupported("", fmt.Sprintf("the content is both %s and %s (a polyglot file)", format, name),
				"cleaning one view of a polyglot would leave the other: convert it to a single format first")
		}
		if _, ok := r.formats[name]; !ok {
			panic("scrub: handler " + h.Name() + " identified unregistered format " + name)
		}
		found, format = h, name
	}
	if found == nil {
		return nil, "", ErrUnknown
	}
	return found, format, nil
}

// The call* functions contain handler panics: a crafted file must not take
// the whole batch down.

func callIdentify(h Handler, head []byte, r io.ReaderAt, size int64) (name string, err error) {
	defer recoverInto(&err)
	return h.Identify(head, r, size)
}

func callInspect(ctx context.Context, h Handler, env *Env, r io.ReaderAt, size int64) (fs []Finding, err error) {
	defer recoverInto(&err)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return h.Inspect(ctx, env, r, size)
}

func callClean(ctx context.Context, h Handler, env *Env, r io.ReaderAt, size int64, w io.Writer) (ws []Warning, err error) {
	defer recoverInto(&err)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return h.Clean(ctx, env, r, size, w)
}

// callCleanReport cleans with h and returns the input's findings: from
// the same pass if h is a ReportingCleaner, otherwise from Inspect first.
func callCleanReport(ctx context.Context, h Handler, env *Env, r io.ReaderAt, size int64, w io.Writer) (fs []Finding, ws []Warning, err error) {
	defer recoverInto(&err)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if rc, ok := h.(ReportingCleaner); ok {
		return rc.CleanReport(ctx, env, r, size, w)
	}
	if fs, err = h.Inspect(ctx, env, r, size); err != nil {
		return nil, nil, err
	}
	ws, err = h.Clean(ctx, env, r, size, w)
	return fs, ws, err
}

func recoverInto(err *error) {
	if v := recover(); v != nil {
		*err = &PanicError{Value: v, Stack: debug.Stack()}
	}
}
