package scrub

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Target is one file the engine will process.
type Target struct {
	Path     string // path to open
	Root     string // the argument it was found under
	Rel      string // slash-separated path below Root ("" when Root is the file itself)
	Explicit bool   // named by the user rather than found in a folder
	Size     int64  // size when the walk saw it; only orders the work
}

// Plan is the list of files a run covers, with what the walk skipped.
type Plan struct {
	Targets []Target
	Decided []Result // settled by the walk: symlinks, special files, scrub's own outputs (skipped); missing paths, unreadable folders (failed)
}

// TempPrefix starts the name of every temporary file scrub writes. Files
// whose names start with it are never treated as input.
const TempPrefix = ".scrub-tmp-"

// CleanedInfix marks the default output names: report.cleaned.docx.
const CleanedInfix = ".cleaned"

// PlanOptions adjust the walk.
type PlanOptions struct {
	// Exclude lists folders not to walk into (the output folder of clean -o).
	Exclude []string
}

// NewPlan expands paths into the files to process. Folders are walked
// recursively in lexical order. Symbolic links are never followed, not even
// when named on the command line; they, special files, and files that look
// like scrub's own outputs (NAME.cleaned.EXT inside a folder) are listed in
// Decided as skipped, with the reason. A path that does not exist becomes a failed
// Result. The same file reached twice is processed once.
func NewPlan(paths []string, opt PlanOptions) *Plan {
	p := &Plan{}
	seen := map[fileID]bool{}
	var excl []os.FileInfo
	for _, x := range opt.Exclude {
		if fi, err := os.Stat(x); err == nil {
			excl = append(excl, fi)
		}
	}
	excluded := func(fi os.FileInfo) bool {
		for _, x := range excl {
			if os.SameFile(x, fi) {
				return true
			}
		}
		return false
	}
	add := func(t Target, fi os.FileInfo) {
		if id, ok := idOf(fi); ok {
			if seen[id] {
				p.Decided = append(p.Decided, Result{Path: t.Path, Status: StatusSkipped, Error: "named more than once: processed once"})
				return
			}
			seen[id] = true
		}
		t.Size = fi.Size()
		p.Targets = append(p.Targets, t)
	}
	for _, root := range paths {
		fi, err := os.Lstat(root)
		if err != nil {
			p.Decided = append(p.Decided, failedResult(root, err))
			continue
		}
		if reason := skipReason(fi); reason != "" {
			p.Decided = append(p.Decided, Result{Path: root, Status: StatusSkipped, Error: reason})
			continue
		}
		if !fi.IsDir() {
			add(Target{Path: root, Root: root, Explicit: true}, fi)
			continue
		}
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				p.Decided = append(p.Decided, failedResult(path, err))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				p.Decided = append(p.Decided, failedResult(path, err))
				return nil
			}
			if d.IsDir() {
				if path != root && excluded(fi) {
					p.Decided = append(p.Decided, Result{Path: path, Status: StatusSkipped, Error: "scrub's output folder: not walked"})
					return fs.SkipDir
				}
				return nil
			}
			name := d.Name()
			if strings.HasPrefix(name, TempPrefix) {
				return nil // our own temporary file; cleaned up separately
			}
			if reason := skipReason(fi); reason != "" {
				p.Decided = append(p.Decided, Result{Path: path, Status: StatusSkipped, Error: reason})
				return nil
			}
			if IsCleanedName(name) {
				p.Decided = append(p.Decided, Result{Path: path, Status: StatusSkipped, Error: "looks like scrub's own output (" + CleanedInfix + "): name it on the command line to process it"})
				return nil
			}
			rel, _ := filepath.Rel(root, path)
			add(Target{Path: path, Root: root, Rel: filepath.ToSlash(rel)}, fi)
			return nil
		})
	}
	return p
}

func skipReason(fi os.FileInfo) string {
	m := fi.Mode()
	switch {
	case m&os.ModeSymlink != 0:
		return "symbolic link: not followed"
	case m.IsDir() || m.IsRegular():
		return ""
	case m&os.ModeNamedPipe != 0:
		return "named pipe: not a regular file"
	case m&os.ModeSocket != 0:
		return "socket: not a regular file"
	case m&os.ModeDevice != 0:
		return "device: not a regular file"
	}
	return "not a regular file"
}

// IsCleanedName reports whether a base name looks like a default output
// name, NAME.cleaned.EXT.
func IsCleanedName(name string) bool {
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	return strings.HasSuffix(stem, CleanedInfix)
}

// CleanedName returns the default output name for path: the same folder,
// NAME.cleaned.EXT.
func CleanedName(path string) string {
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + CleanedInfix + ext
}

func failedResult(path string, err error) Result {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return Result{Path: path, Status: StatusFailed, Error: msg, Err: err}
}
