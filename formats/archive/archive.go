// Package archive cleans archives of files: ZIP, and TAR plain or
// compressed with gzip, xz or bzip2.
//
// Every member is cleaned through the registry, as a file of its own:
// documents, pictures, media and nested archives (up to the depth limit).
// The cleaned archive is written anew: fixed member times (1980-01-01), no
// owner, user or group, no extra fields, PAX records or comments, no
// archive comment, permissions 0644 (0755 for folders and executable
// files); a ZIP's members sorted by name, a TAR's in their order (a
// compressed TAR is a stream: reordering it would mean holding it whole).
// A compressed TAR is compressed again the same way, without the gzip
// header's name and time.
//
// A member scrub cannot clean — no handler knows it, or its handler
// refuses it (a legacy .doc, an encrypted PDF, a damaged picture) — is
// never passed through silently: by default the archive is refused and the
// error names such members; the policy can leave them out, or keep them
// unchanged with a finding and a warning that say so. Plain text (UTF-8,
// no control or invisible format characters, not markup) has no metadata:
// it is kept as it is.
//
// Refused outright: symbolic and hard links, devices, pipes, sparse files,
// setuid, setgid and sticky members, unsafe names (absolute, "..", drive
// letters, backslashes, control characters), names equal after case
// folding and Unicode normalisation, damaged headers and checksums, sizes
// over the limits, and decompression beyond the total budget.
//
// A ZIP that is a document package (Office, OpenDocument, EPUB: it holds
// [Content_Types].xml, a mimetype member or an OCF/ODF manifest) is not
// claimed: its own handler cleans it. Java and Android packages, browser
// extensions and iOS apps are programs, recognised and refused.
package archive

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"

	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

type handler struct{}

// New returns the handler for ZIP and TAR archives.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "archive" }

var formats = []scrub.Format{
	{Name: "zip", Extensions: []string{".zip"}, Description: "ZIP archive",
		MediaTypes: []string{"application/zip", "application/x-zip-compressed"}},
	{Name: "tar", Extensions: []string{".tar"}, Description: "TAR archive",
		MediaTypes: []string{"application/x-tar"}},
	{Name: "tar.gz", Extensions: []string{".tgz", ".gz"}, Description: "gzip-compressed TAR archive",
		MediaTypes: []string{"application/gzip", "application/x-gzip", "application/x-compressed-tar"}},
	{Name: "tar.xz", Extensions: []string{".txz", ".xz"}, Description: "xz-compressed TAR archive",
		MediaTypes: []string{"application/x-xz", "application/x-xz-compressed-tar"}},
	{Name: "tar.bz2", Extensions: []string{".tbz2", ".tbz", ".bz2"}, Description: "bzip2-compressed TAR archive",
		MediaTypes: []string{"application/x-bzip2", "application/x-bzip-compressed-tar"}},
	{Name: "app-package", Extensions: []string{".jar", ".apk", ".aab", ".aar", ".war", ".ear", ".xpi", ".ipa"},
		Description: "application package (Java, Android, iOS, browser extension)",
		MediaTypes:  []string{"application/java-archive", "application/vnd.android.package-archive"},
		Refused:     "application packages are programs, not archives of documents: their signatures name the developer, and scrub does not clean programs",
		Hint:        "send the documents themselves, in a ZIP archive of their own"},
}

func (handler) Formats() []scrub.Format { return formats }

var (
	zipLocal = []byte("PK\x03\x04")
	zipEnd   = []byte("PK\x05\x06")
)

// kind is what the content is, from its first bytes.
type kind uint8

const (
	notOurs kind = iota
	isZip
	isTar
)

func sniff(head []byte, size int64) (kind, compression) {
	switch {
	case bytes.HasPrefix(head, zipLocal), len(head) >= 22 && bytes.HasPrefix(head, zipEnd) && size == 22+int64(binary.LittleEndian.Uint16(head[20:22])):
		return isZip, plain
	case hasTarMagic(head):
		return isTar, plain // a damaged checksum is refused when it is read
	}
	if c, ok := sniffCompression(head); ok {
		return isTar, c
	}
	return notOurs, plain
}

// Identify claims ZIP archives that are not document packages, TAR
// archives (a POSIX or GNU header), gzip streams that
// hold a TAR archive, and every xz and bzip2 stream (its content is
// checked when it is cleaned: decompressing to look costs too much here).
func (handler) Identify(head []byte, r io.ReaderAt, size int64) (string, error) {
	k, c := sniff(head, size)
	switch {
	case k == isZip:
		return identifyZip(head, r, size)
	case k == isTar && c == plain:
		return "tar", nil
	case k == isTar && c == gzipped:
		d, err := decompress(context.Background(), nil, gzipped, r, size)
		if err != nil {
			return "", err
		}
		b := make([]byte, blockSize)
		if n, _ := io.ReadFull(d, b); n == blockSize && hasTarMagic(b) {
			return "tar.gz", nil
		}
		return "", nil // another gzip-compressed format (.svgz), or a single file
	case k == isTar && c == xzipped:
		if _, err := checkXZ(r, size); err != nil {
			return "", err
		}
		return "tar.xz", nil
	case k == isTar:
		return c.format(), nil
	}
	return "", nil
}

// packageNames are members whose presence makes a zip a document package
// (another handler's) or a program, not an archive of files.
var packageNames = []string{"[Content_Types].xml", "mimetype", "META-INF/manifest.xml", "META-INF/container.xml"}

var appNames = []string{"META-INF/MANIFEST.MF", "AndroidManifest.xml", "classes.dex", "manifest.json", "Payload/"}

// looksPackage reports whether the first member's name is one a document
// package puts first: a damaged archive like that is its handler's to
// judge.
func looksPackage(head []byte) bool {
	if len(head) < 30 || !bytes.HasPrefix(head, zipLocal) {
		return false
	}
	n := int(binary.LittleEndian.Uint16(head[26:]))
	if len(head) < 30+n {
		return false
	}
	name := string(head[30 : 30+n])
	for _, p := range []string{"[Content_Types].xml", "_rels/", "mimetype", "META-INF/", "word/", "xl/", "ppt/", "docProps/"} {
		if len(name) >= len(p) && name[:len(p)] == p {
			return true
		}
	}
	return false
}

func identifyZip(head []byte, r io.ReaderAt, size int64) (string, error) {
	a, err := zipclean.Open(context.Background(), nil, "zip", r, size)
	if err != nil {
		if looksPackage(head) {
			return "", nil
		}
		return "", err
	}
	for _, n := range packageNames {
		if a.LookupFold(n) != nil {
			return "", nil
		}
	}
	for _, n := range appNames {
		if n == "manifest.json" {
			// A browser extension: manifest.json at the root beside
			// scripts. A folder of notes may hold one too; only with
			// a script is it an extension.
			if a.Lookup(n) == nil || !hasSuffix(a, ".js") {
				continue
			}
			return "app-package", nil
		}
		if a.LookupFold(n) != nil || hasPrefix(a, n) {
			return "app-package", nil
		}
	}
	return "zip", nil
}

func hasSuffix(a *zipclean.Archive, suffix string) bool {
	for _, m := range a.Members {
		if len(m.Name) >= len(suffix) && m.Name[len(m.Name)-len(suffix):] == suffix {
			return true
		}
	}
	return false
}

func hasPrefix(a *zipclean.Archive, prefix string) bool {
	if prefix[len(prefix)-1] != '/' {
		return false
	}
	for _, m := range a.Members {
		if len(m.Name) > len(prefix) && m.Name[:len(prefix)] == prefix {
			return true
		}
	}
	return false
}

func readHead(r io.ReaderAt, size int64) []byte {
	head := make([]byte, min(size, 4096))
	n, _ := r.ReadAt(head, 0)
	return head[:n]
}

// Inspect lists what the archive's headers reveal and, member by member,
// what each member's handler finds (prefixed with the member's name);
// members scrub cannot clean are listed as such.
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	k, c := sniff(readHead(r, size), size)
	switch k {
	case isZip:
		return inspectZip(ctx, env, r, size)
	case isTar:
		return inspectTar(ctx, env, c, r, size)
	}
	return nil, scrub.ErrUnknown
}

// Clean writes the cleaned archive to w. It refuses (ErrUnsupported,
// naming them) an archive with members scrub cannot clean unless the
// policy says to leave them out or keep them; it returns the errors of
// the members' handlers for limits (ErrLimit: nesting too deep, the budget
// spent) and the archive's own errors for unsafe or damaged archives.
func (h handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, ws, err := clean(ctx, env, r, size, w, false)
	return ws, err
}

// CleanReport is Clean that also returns Inspect's findings, from the same
// pass: each member is read once, cleaned and reported.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	return clean(ctx, env, r, size, w, true)
}

func clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer, report bool) ([]scrub.Finding, []scrub.Warning, error) {
	k, c := sniff(readHead(r, size), size)
	switch k {
	case isZip:
		return cleanZip(ctx, env, r, size, w, report)
	case isTar:
		return cleanTar(ctx, env, c, r, size, w, report)
	}
	return nil, nil, scrub.ErrUnknown
}

// Parts lists the archive's structure (every header byte, the gzip
// header) and each member through env.PartsEmbedded.
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	k, c := sniff(readHead(r, size), size)
	switch k {
	case isZip:
		return zipParts(ctx, env, r, size, fn)
	case isTar:
		return tarParts(ctx, env, c, r, size, fn)
	}
	return scrub.ErrUnknown
}

func inspectTar(ctx context.Context, env *scrub.Env, c compression, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	t, err := newTarWalk(ctx, env, c, r, size, nil)
	if err != nil {
		return nil, err
	}
	ms := newMembers(env, c.format())
	var in bytes.Buffer
	for {
		e, err := t.next(&in)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if e.dir {
			continue
		}
		o, err := ms.clean(ctx, e.name, e.r, e.size, nil, false)
		if err != nil {
			return nil, err
		}
		ms.record(e.name, o)
	}
	return append(t.findings(), ms.fs.List()...), nil
}

func cleanTar(ctx context.Context, env *scrub.Env, c compression, r io.ReaderAt, size int64, w io.Writer, report bool) ([]scrub.Finding, []scrub.Warning, error) {
	t, err := newTarWalk(ctx, env, c, r, size, nil)
	if err != nil {
		return nil, nil, err
	}
	out, err := newTarOut(c, w)
	if err != nil {
		return nil, nil, err
	}
	ms := newMembers(env, c.format())
	var in, cleaned bytes.Buffer
	written := 0
	for {
		e, err := t.next(&in)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		written++
		if e.dir {
			if err := out.dir(e.name); err != nil {
				return nil, nil, err
			}
			continue
		}
		cleaned.Reset()
		o, err := ms.clean(ctx, e.name, e.r, e.size, &cleaned, report)
		if err != nil {
			return nil, nil, err
		}
		keep, drop := ms.record(e.name, o)
		switch {
		case drop:
			written--
			continue
		case keep || o.same:
			err = out.file(e.name, e.exec, e.size, io.NewSectionReader(e.r, 0, e.size))
		default:
			err = out.file(e.name, e.exec, int64(cleaned.Len()), &cleaned)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	if err := ms.finish(); err != nil {
		return nil, nil, err
	}
	if written == 0 {
		// A TAR with no member is two blocks of zeros, which nothing
		// can recognise: the archive's own folder "./" keeps it a TAR.
		if err := out.dir("."); err != nil {
			return nil, nil, err
		}
	}
	if err := out.close(); err != nil {
		return nil, nil, err
	}
	if !report {
		return nil, ms.ws, nil
	}
	return append(t.findings(), ms.fs.List()...), ms.ws, nil
}

func tarParts(ctx context.Context, env *scrub.Env, c compression, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	var structure bytes.Buffer
	t, err := newTarWalk(ctx, env, c, r, size, &structure)
	if err != nil {
		return err
	}
	var in bytes.Buffer
	for {
		e, err := t.next(&in)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if e.dir {
			continue
		}
		if err := memberParts(ctx, env, e.name, e.r, e.size, fn); err != nil {
			return err
		}
	}
	if err := fn(scrub.Part{Where: "tar headers", R: &structure}); err != nil {
		return err
	}
	if t.dec != nil && t.dec.gz != nil {
		return fn(scrub.Part{Where: gzipped.where(), R: bytes.NewReader(t.dec.gz.structure())})
	}
	return nil
}
