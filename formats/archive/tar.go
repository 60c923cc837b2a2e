package archive

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

// fixedTime is the modification time of every member scrub writes: the
// zip epoch, 1980-01-01 00:00:00 UTC (GNU tar warns about 1970 as
// implausibly old).
var fixedTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// tarEntry is one member of a TAR archive that passed the checks.
type tarEntry struct {
	name string // normalised: no leading "./", directories without the final slash
	dir  bool
	exec bool // a file some execute bit was set on
	r    io.ReaderAt
	size int64
}

// tarWalk reads a TAR archive (possibly compressed) member by member and
// holds it to scrub's rules: only regular files and directories (links,
// devices, pipes and sparse files are refused), no setuid, setgid or sticky
// bits, safe and unique names (see zipclean.NameProblem and
// zipclean.FoldName; a name may not be both a file and a folder), sizes
// within the limits, and no bytes after the end of the archive but zeros
// (others are a finding). What the headers reveal (times, owners, PAX
// records, the gzip header) becomes findings.
type tarWalk struct {
	ctx    context.Context
	env    *scrub.Env
	c      compression
	format string
	limits scrub.Limits

	dec  *decompressed
	rec  *recorder
	tr   *tar.Reader
	seek *io.SectionReader // plain TAR: members are read in place
	r    io.ReaderAt

	names   map[string]bool // exact names
	folds   map[string]string
	files   map[string]bool // fold keys of files
	parents map[string]bool // fold keys of every folder some name lies in
	count   int

	meta headerMeta
}

// headerMeta gathers what the headers reveal, for findings.
type headerMeta struct {
	latest  time.Time
	timed   int
	owners  map[string]int // "uname", "gname", "uid 1000"
	pax     map[string][]string
	hidden  int64
	globals int
}

// recorder keeps the bytes the TAR reader reads while it reads headers
// (for Parts: every byte that is not a member's content).
type recorder struct {
	r  io.Reader
	on bool
	b  *bytes.Buffer
}

func (r *recorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if r.on && r.b != nil && n > 0 {
		r.b.Write(p[:n])
	}
	return n, err
}

// seekRecorder is a recorder over a plain TAR, which the TAR reader may
// seek in to skip a member's content.
type seekRecorder struct{ recorder }

func (r *seekRecorder) Seek(off int64, whence int) (int64, error) {
	return r.r.(io.Seeker).Seek(off, whence)
}

func newTarWalk(ctx context.Context, env *scrub.Env, c compression, r io.ReaderAt, size int64, structure *bytes.Buffer) (*tarWalk, error) {
	t := &tarWalk{ctx: ctx, env: env, c: c, format: c.format(), limits: scrub.LimitsOf(env), r: r,
		names: map[string]bool{}, folds: map[string]string{}, files: map[string]bool{}, parents: map[string]bool{},
		meta: headerMeta{owners: map[string]int{}, pax: map[string][]string{}}}
	if c == plain {
		t.seek = io.NewSectionReader(r, 0, size)
		sr := &seekRecorder{recorder{r: t.seek, b: structure}}
		t.rec = &sr.recorder
		t.tr = tar.NewReader(sr)
		return t, nil
	}
	dec, err := decompress(ctx, env, c, r, size)
	if err != nil {
		return nil, err
	}
	t.dec = dec
	br := bufio.NewReaderSize(dec, 64<<10)
	head, err := br.Peek(blockSize)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if !hasTarMagic(head) {
		return nil, scrub.Unsupported(t.format, "this compressed file does not hold a TAR archive: scrub cleans archives of files, not single compressed files",
			"unpack it and clean the file inside")
	}
	t.rec = &recorder{r: br, b: structure}
	t.tr = tar.NewReader(t.rec)
	return t, nil
}

func (t *tarWalk) malformed(cause error, f string, args ...any) error {
	return scrub.Malformed(t.format, cause, f, args...)
}

func (t *tarWalk) unsupported(f string, args ...any) error {
	return scrub.Unsupported(t.format, fmt.Sprintf(f, args...), "")
}

// next returns the next member, or io.EOF after the last. buf receives the
// content of a member of a compressed archive (it is reset first); a plain
// archive's members are read in place.
func (t *tarWalk) next(buf *bytes.Buffer) (*tarEntry, error) {
	for {
		if err := t.ctx.Err(); err != nil {
			return nil, err
		}
		t.rec.on = true
		hdr, err := t.tr.Next()
		t.rec.on = false
		switch {
		case err == io.EOF:
			if err := t.end(); err != nil {
				return nil, err
			}
			return nil, io.EOF
		case err != nil && hdr == nil || err != nil && !errors.Is(err, tar.ErrInsecurePath):
			var fe *scrub.FormatError
			if errors.As(err, &fe) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return nil, err
			}
			return nil, t.malformed(err, "not a valid TAR archive, or a damaged one")
		}
		t.count++
		if t.count > t.limits.MaxMembers {
			return nil, scrub.OverLimit(t.format, scrub.LimitMembers, fmt.Sprintf("the archive has more than %d members", t.limits.MaxMembers))
		}
		t.note(hdr)
		if hdr.Typeflag == tar.TypeXGlobalHeader {
			t.meta.globals++
			continue
		}
		e, err := t.check(hdr)
		if err != nil || e == nil {
			if err != nil {
				return nil, err
			}
			continue // the archive's own "./"
		}
		if e.dir {
			return e, nil
		}
		if t.seek != nil {
			pos, err := t.seek.Seek(0, io.SeekCurrent)
			if err != nil {
				return nil, err
			}
			if pos+e.size > t.seek.Size() {
				return nil, t.malformed(nil, "member %q runs past the end of the file", e.name)
			}
			e.r = io.NewSectionReader(t.r, pos, e.size)
			return e, nil
		}
		buf.Reset()
		n, err := io.Copy(buf, t.tr)
		if err != nil {
			return nil, t.wrapRead(err, e.name)
		}
		if n != e.size {
			return nil, t.malformed(nil, "member %q is cut short", e.name)
		}
		e.r = bytes.NewReader(buf.Bytes())
		return e, nil
	}
}

func (t *tarWalk) wrapRead(err error, name string) error {
	var fe *scrub.FormatError
	if errors.As(err, &fe) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return t.malformed(err, "member %q is damaged or cut short", name)
}

// check holds one header to the rules and returns the member it
// describes (nil for the archive's "./" entry).
func (t *tarWalk) check(hdr *tar.Header) (*tarEntry, error) {
	name := hdr.Name
	for strings.HasPrefix(name, "./") {
		name = name[2:]
	}
	raw := hdr.Name
	switch hdr.Typeflag {
	case tar.TypeReg, tar.TypeCont, tar.TypeDir:
	case tar.TypeSymlink:
		return nil, t.unsupported("member %q is a symbolic link (to %q): links can point outside the folder the archive is unpacked to, so scrub does not keep them", raw, hdr.Linkname)
	case tar.TypeLink:
		return nil, t.unsupported("member %q is a hard link (to %q), which scrub does not keep", raw, hdr.Linkname)
	case tar.TypeChar, tar.TypeBlock, tar.TypeFifo:
		return nil, t.unsupported("member %q is a device file or a pipe, not a file", raw)
	case tar.TypeGNUSparse:
		return nil, t.unsupported("member %q is a sparse file, which scrub does not handle", raw)
	default:
		return nil, t.unsupported("member %q is of a kind scrub does not handle (TAR type %q)", raw, hdr.Typeflag)
	}
	for k := range hdr.PAXRecords {
		if strings.HasPrefix(k, "GNU.sparse.") {
			return nil, t.unsupported("member %q is a sparse file, which scrub does not handle", raw)
		}
	}
	switch {
	case hdr.Mode&(0o4000|0o2000) != 0:
		return nil, t.unsupported("member %q is setuid or setgid (it would run with its owner's rights)", raw)
	case hdr.Mode&0o1000 != 0:
		return nil, t.unsupported("member %q has the sticky bit set", raw)
	}
	dir := hdr.Typeflag == tar.TypeDir
	if dir {
		name = strings.TrimSuffix(name, "/")
		if name == "" || name == "." {
			return nil, nil
		}
	} else if strings.HasSuffix(name, "/") {
		return nil, t.malformed(nil, "file member %q has a folder's name", raw)
	}
	if why := zipclean.NameProblem(name); why != "" {
		return nil, t.malformed(nil, "member name %q %s", raw, why)
	}
	if t.names[name] {
		return nil, t.malformed(nil, "the archive has two members named %q (a way to hide content)", raw)
	}
	fold := zipclean.FoldName(name)
	if prev, dup := t.folds[fold]; dup {
		return nil, t.malformed(nil, "the archive has members %q and %q whose names differ only in case or Unicode form (a way to hide content)", prev, raw)
	}
	if !dir && t.parents[fold] {
		return nil, t.malformed(nil, "member %q is a file and also a folder of other members", raw)
	}
	for i := strings.LastIndexByte(fold, '/'); i > 0; i = strings.LastIndexByte(fold[:i], '/') {
		p := fold[:i]
		if t.files[p] {
			return nil, t.malformed(nil, "member %q lies in %q, which is a file", raw, p)
		}
		if t.parents[p] {
			break
		}
		t.parents[p] = true
	}
	t.names[name], t.folds[fold] = true, raw
	e := &tarEntry{name: name, dir: dir}
	if dir {
		t.parents[fold] = true
		return e, nil
	}
	t.files[fold] = true
	if hdr.Size > t.limits.MaxMemberSize {
		return nil, scrub.OverLimit(t.format, scrub.LimitMemberSize, fmt.Sprintf("member %q is %d MiB, over the limit of %d MiB", raw, hdr.Size>>20, t.limits.MaxMemberSize>>20))
	}
	e.size = hdr.Size
	e.exec = hdr.Mode&0o111 != 0
	return e, nil
}

// note records what a header reveals.
func (t *tarWalk) note(hdr *tar.Header) {
	m := &t.meta
	for _, tm := range []time.Time{hdr.ModTime, hdr.AccessTime, hdr.ChangeTime} {
		if !tm.IsZero() && tm.Unix() != 0 && !tm.Equal(fixedTime) {
			m.timed++
			if tm.After(m.latest) {
				m.latest = tm
			}
			break
		}
	}
	if hdr.Uname != "" {
		m.owners["user "+hdr.Uname]++
	}
	if hdr.Gname != "" {
		m.owners["group "+hdr.Gname]++
	}
	if hdr.Uid != 0 || hdr.Gid != 0 {
		m.owners[fmt.Sprintf("uid %d gid %d", hdr.Uid, hdr.Gid)]++
	}
	keys := make([]string, 0, len(hdr.PAXRecords))
	for k := range hdr.PAXRecords {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch k {
		case "path", "linkpath", "size", "uname", "gname", "uid", "gid", "mtime", "atime", "ctime":
			continue // in the fields above, or the name itself
		}
		if len(m.pax[k]) < 5 {
			m.pax[k] = append(m.pax[k], hdr.PAXRecords[k])
		}
	}
}

// end checks what follows the end-of-archive blocks: zeros are padding,
// anything else is hidden data (a finding; the cleaned copy ends at its
// own end). A compressed stream is read to its end, which also checks
// its checksums.
func (t *tarWalk) end() error {
	var rest io.Reader
	if t.seek != nil {
		pos, err := t.seek.Seek(0, io.SeekCurrent)
		if err != nil {
			return err
		}
		rest = io.NewSectionReader(t.r, pos, t.seek.Size()-pos)
	} else {
		rest = t.dec
	}
	buf := make([]byte, 32<<10)
	for {
		n, err := rest.Read(buf)
		for _, c := range buf[:n] {
			if c != 0 {
				t.meta.hidden += int64(n)
				break
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return t.wrapRead(err, "after the last")
		}
	}
}

// findings lists what the headers revealed; all of it is removed.
func (t *tarWalk) findings() []scrub.Finding {
	var fs []scrub.Finding
	where := "tar headers"
	add := func(field, value string, kind scrub.Kind, label scrub.Label) {
		fs = append(fs, scrub.Finding{Where: where, Field: field, Value: value, Kind: kind, Label: label, Action: scrub.Remove})
	}
	if t.dec != nil && t.dec.gz != nil {
		fs = append(fs, t.dec.gz.findings()...)
	}
	m := t.meta
	if m.timed > 0 {
		add("member modification times", fmt.Sprintf("%s (latest of %d members)", m.latest.UTC().Format(time.DateTime), m.timed), scrub.KindTime, scrub.LabelModified)
	}
	owners := make([]string, 0, len(m.owners))
	for o := range m.owners {
		owners = append(owners, o)
	}
	sort.Strings(owners)
	for _, o := range owners {
		add("owner", fmt.Sprintf("%s (%d members)", o, m.owners[o]), scrub.KindAccount, scrub.LabelAccount)
	}
	keys := make([]string, 0, len(m.pax))
	for k := range m.pax {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := strings.Join(m.pax[k], "; ")
		switch {
		case k == "comment":
			add("PAX comment", v, scrub.KindComment, scrub.LabelComment)
		case strings.Contains(k, "WhereFroms") || strings.Contains(k, "origin.url") || strings.Contains(k, "referrer.url"):
			add("PAX record "+k+" (where the file was downloaded from)", v, scrub.KindContact, scrub.LabelLink)
		case strings.HasPrefix(k, "SCHILY.xattr.") || strings.HasPrefix(k, "LIBARCHIVE.xattr."):
			add("PAX record "+k+" (an extended attribute)", v, scrub.KindOther, scrub.LabelMetadata)
		default:
			add("PAX record "+k, v, scrub.KindOther, scrub.LabelMetadata)
		}
	}
	if m.globals > 0 {
		add("PAX global headers", fmt.Sprintf("%d", m.globals), scrub.KindOther, scrub.LabelMetadata)
	}
	if m.hidden > 0 {
		add("data after the end of the archive", fmt.Sprintf("about %d bytes", m.hidden), scrub.KindHidden, scrub.LabelHiddenData)
	}
	return fs
}

// tarOut writes a cleaned TAR archive: fresh headers (fixed time, no
// owner, mode 0644, 0755 for folders and files that were executable),
// compressed as the original was.
type tarOut struct {
	cw io.WriteCloser
	tw *tar.Writer
}

func newTarOut(c compression, w io.Writer) (*tarOut, error) {
	cw, err := compressor(c, w)
	if err != nil {
		return nil, err
	}
	return &tarOut{cw: cw, tw: tar.NewWriter(cw)}, nil
}

func (o *tarOut) dir(name string) error {
	return o.tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name + "/", Mode: 0o755, ModTime: fixedTime})
}

func (o *tarOut) file(name string, exec bool, size int64, content io.Reader) error {
	mode := int64(0o644)
	if exec {
		mode = 0o755
	}
	if err := o.tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: mode, Size: size, ModTime: fixedTime}); err != nil {
		return err
	}
	_, err := io.Copy(o.tw, content)
	return err
}

func (o *tarOut) close() error {
	if err := o.tw.Close(); err != nil {
		return err
	}
	return o.cw.Close()
}

// blockSize is the size of a TAR header.
const blockSize = 512

// hasTarMagic reports whether b starts with a POSIX (ustar) or GNU TAR
// header, whatever its checksum.
func hasTarMagic(b []byte) bool {
	if len(b) < blockSize {
		return false
	}
	magic := string(b[257:265])
	return magic == "ustar\x0000" || magic == "ustar  \x00"
}
