package scrub

import (
	"errors"
	"fmt"
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
				p.Decided = append(p.Decided, skipped(t.Path, ErrNamedTwice))
				return
			}
			seen[id] = true
		}
		t.Size = fi.Size()
		p.Targets = append(p.Targets, t)
	}
	for _, root := range paths {
		// "linkdir/" would make Lstat follow the link: the trailing
		// separator goes, and no folder on the way may be a link either.
		if c := filepath.Clean(root); c != root && strings.TrimRight(root, `/\`) != "" {
			root = strings.TrimRight(root, `/\`)
		}
		if err := throughLink(root); err != nil {
			p.Decided = append(p.Decided, skipped(root, err))
			continue
		}
		fi, err := os.Lstat(root)
		if err != nil {
			p.Decided = append(p.Decided, failedResult(root, err))
			continue
		}
		if err := skipReason(fi); err != nil {
			p.Decided = append(p.Decided, skipped(root, err))
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
					p.Decided = append(p.Decided, skipped(path, ErrOutputFolder))
					return fs.SkipDir
				}
				if path != root && versionControl[d.Name()] {
					p.Decided = append(p.Decided, skipped(path, ErrVersionControl))
					return fs.SkipDir
				}
				return nil
			}
			name := d.Name()
			if strings.HasPrefix(name, TempPrefix) {
				return nil // our own temporary file; cleaned up separately
			}
			if err := skipReason(fi); err != nil {
				p.Decided = append(p.Decided, skipped(path, err))
				return nil
			}
			if IsCleanedName(name) {
				p.Decided = append(p.Decided, skipped(path, ErrOwnOutput))
				return nil
			}
			rel, _ := filepath.Rel(root, path)
			add(Target{Path: path, Root: root, Rel: filepath.ToSlash(rel)}, fi)
			return nil
		})
	}
	return p
}

// versionControl names the folders of version-control systems: their
// content is history, not files to send.
var versionControl = map[string]bool{".git": true, ".hg": true, ".svn": true, ".bzr": true, "_darcs": true, ".fossil": true, "CVS": true, ".jj": true, ".pijul": true}

// skipped is the Result of a file the walk skips for err (one of the
// skip sentinels).
func skipped(path string, err error) Result {
	return Result{Path: path, Status: StatusSkipped, Error: err.Error(), Err: err}
}

// skipReason returns ErrSymlink or ErrNotRegular (with the kind of file)
// for what the walk does not open, or nil.
func skipReason(fi os.FileInfo) error {
	m := fi.Mode()
	switch {
	case m&os.ModeSymlink != 0:
		return ErrSymlink
	case m.IsDir() || m.IsRegular():
		return nil
	case m&os.ModeNamedPipe != 0:
		return fmt.Errorf("named pipe: %w", ErrNotRegular)
	case m&os.ModeSocket != 0:
		return fmt.Errorf("socket: %w", ErrNotRegular)
	case m&os.ModeDevice != 0:
		return fmt.Errorf("device: %w", ErrNotRegular)
	}
	return ErrNotRegular
}

// throughLink returns an ErrSymlink error if a folder on the way to path
// is a symbolic link (the last element is checked by the walk). Links
// directly under the file system's root are the system's own (/tmp and
// /var on macOS, /bin and /lib on Debian) and are allowed.
func throughLink(path string) error {
	dir := filepath.Dir(filepath.Clean(path))
	for dir != "." && dir != filepath.Dir(dir) {
		parent := filepath.Dir(dir)
		if filepath.IsAbs(dir) && parent == filepath.Dir(parent) {
			return nil // a top-level folder
		}
		if fi, err := os.Lstat(dir); err == nil && fi.Mode()&os.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link: %w", dir, ErrSymlink)
		}
		dir = parent
	}
	return nil
}

// doubleExts are extensions of two parts that name one type: the cleaned
// copy of x.tar.gz is x.cleaned.tar.gz, not x.tar.cleaned.gz.
var doubleExts = []string{".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst", ".tar.lz"}

// ext returns the extension of a name, a double one included.
func ext(name string) string {
	lower := strings.ToLower(name)
	for _, d := range doubleExts {
		if strings.HasSuffix(lower, d) && len(name) > len(d) {
			return name[len(name)-len(d):]
		}
	}
	return filepath.Ext(name)
}

// IsCleanedName reports whether a base name looks like a default output
// name, NAME.cleaned.EXT.
func IsCleanedName(name string) bool {
	stem := strings.TrimSuffix(name, ext(name))
	return strings.HasSuffix(stem, CleanedInfix) || strings.HasSuffix(name, CleanedInfix)
}

// CleanedName returns the default output name for path: the same folder,
// NAME.cleaned.EXT.
func CleanedName(path string) string {
	e := ext(path)
	return strings.TrimSuffix(path, e) + CleanedInfix + e
}

func failedResult(path string, err error) Result {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return Result{Path: path, Status: StatusFailed, Error: msg, Err: err}
}
