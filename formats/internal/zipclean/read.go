// Package zipclean is the zip layer shared by the Office Open XML and
// OpenDocument handlers: a defensive reader and a deterministic rewriter.
//
// Open parses the central directory itself (not through archive/zip) so
// that it can refuse what a document container never needs and an attacker
// uses: duplicate member names (exact, or equal after Unicode NFC and case
// folding), absolute or ".." names, backslashes and NUL bytes, encrypted
// members, compression methods other than stored and deflate, members over
// the size limits, local headers that disagree with the central directory,
// and overlapping members. Bytes that belong to no member (before the first
// member, between members, after the archive) are kept track of: Findings
// reports them as hidden content and Rewrite leaves them out.
//
// Member.Open decompresses with every limit applied: each inflated byte is
// charged to scrub.Env.Consume, a member may not grow past its declared size
// or env.Limits.MaxMemberSize, the CRC-32 is checked, and a deflate stream
// must use exactly its compressed bytes.
//
// Archive.Rewrite writes a new archive in one pass. A per-member Decision
// (keep, drop, or new content written by the caller, typically streamed
// through xmlclean or cleaned through env.CleanEmbedded) says what happens;
// every member gets a fresh header (1980-01-01 00:00, no extra fields, no
// comment, no data descriptor, MS-DOS creator, zero attributes); directory
// entries are dropped; members come in a fixed order. Kept members, and
// filtered members whose content came out unchanged, are copied without
// recompression (after their CRC has been verified); new content is
// deflated at a fixed level, so rewriting the same input twice gives
// identical bytes.
package zipclean

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/scrub-project/scrub/formats/internal/bufpool"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	flate "github.com/klauspost/compress/flate"

	"golang.org/x/text/unicode/norm"

	"github.com/scrub-project/scrub/scrub"
)

const (
	sigLocal   = 0x04034b50
	sigCentral = 0x02014b50
	sigEnd     = 0x06054b50
	sigEnd64   = 0x06064b50
	sigLoc64   = 0x07064b50
	sigDesc    = 0x08074b50

	localLen   = 30
	centralLen = 46
	endLen     = 22
	end64Len   = 56
	loc64Len   = 20
)

// Compression methods a member may use.
const (
	Store   uint16 = 0
	Deflate uint16 = 8
)

// Archive is a zip archive that passed Open's checks.
type Archive struct {
	// Members lists the file members in central-directory order.
	// Directory entries are not members: they carry nothing and Rewrite
	// drops them.
	Members []*Member
	// Comment is the archive comment.
	Comment string

	r      io.ReaderAt
	size   int64
	env    *scrub.Env
	limits scrub.Limits
	format string
	byName map[string]*Member // files
	byFold map[string]*Member // files and directories, by foldName
	seen   map[string]bool    // names without a final slash
	hidden []hiddenRange
}

type hiddenRange struct {
	where string // "before the first member", ...
	n     int64
}

// Member is one file in the archive. Its fields are what the central
// directory declares; Open's checks guarantee the local header agrees.
type Member struct {
	Name           string
	Method         uint16 // Store or Deflate
	Flags          uint16
	CRC32          uint32
	CompressedSize uint64
	Size           uint64 // uncompressed, as declared
	Comment        string
	// CreatorOS is the high byte of "version made by" (0 MS-DOS, 3
	// Unix, ...), and ExternalAttrs the external file attributes; for
	// CreatorOS 3 their high 16 bits are the Unix mode (file type and
	// permissions). Rewrite writes neither.
	CreatorOS     uint8
	ExternalAttrs uint32

	modDate, modTime     uint16 // central header
	locDate, locTime     uint16 // local header
	centralExtra, locExt []byte
	headerOffset         int64
	dataOffset           int64
	end                  int64 // after the data and any data descriptor
	a                    *Archive
}

// Modified returns the member's modification time as the central
// directory records it (MS-DOS date and time, no zone), and false if it is
// the zip default (1980-01-01 00:00) or unset.
func (m *Member) Modified() (time.Time, bool) {
	return dosTime(m.modDate, m.modTime)
}

func dosTime(d, t uint16) (time.Time, bool) {
	if (d == 0 && t == 0) || (d == fixedDate && t == fixedTime) {
		return time.Time{}, false
	}
	return time.Date(1980+int(d>>9), time.Month(d>>5&0xf), int(d&0x1f),
		int(t>>11), int(t>>5&0x3f), int(t&0x1f)*2, 0, time.UTC), true
}

// Open reads the central directory of the zip archive in r and checks it
// (see the package documentation). format names the file type in errors
// ("docx", "odt"; may be empty). env supplies the limits and the budget that
// Member.Open charges. A nil env (for Identify, which has none) means
// scrub.DefaultLimits, no budget and no limit on a member's size: the
// user's limits are not known there, and a member over the default must
// not be refused before Inspect applies them (Identify reads only members
// whose declared size it has checked, and Member.Open never reads past
// the declared size).
//
// Open returns a *scrub.FormatError: ErrMalformed for input that is not a
// sound zip archive (including duplicate, absolute or ".." names and
// overlapping members), ErrEncrypted for encrypted members, ErrUnsupported
// for other compression methods and multi-part archives, and ErrLimit for
// too many members or members over env.Limits.MaxMemberSize.
func Open(ctx context.Context, env *scrub.Env, format string, r io.ReaderAt, size int64) (*Archive, error) {
	a := &Archive{r: r, size: size, env: env, format: format,
		byName: map[string]*Member{}, byFold: map[string]*Member{}, seen: map[string]bool{}}
	a.limits = scrub.LimitsOf(env)
	if env == nil {
		a.limits.MaxMemberSize = math.MaxInt64
	}
	if err := a.read(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *Archive) malformed(cause error, f string, args ...any) error {
	return scrub.Malformed(a.format, cause, f, args...)
}

// readAt reads exactly len(p) bytes at off.
func (a *Archive) readAt(p []byte, off int64) error {
	if off < 0 || off > a.size || int64(len(p)) > a.size-off {
		return io.ErrUnexpectedEOF
	}
	n, err := a.r.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}

func (a *Archive) read(ctx context.Context) error {
	endOff, end, err := a.findEnd()
	if err != nil {
		return err
	}
	le := binary.LittleEndian
	disk, cdDisk := le.Uint16(end[4:]), le.Uint16(end[6:])
	countDisk, count := uint64(le.Uint16(end[8:])), uint64(le.Uint16(end[10:]))
	cdSize, cdOff := uint64(le.Uint32(end[12:])), uint64(le.Uint32(end[16:]))
	commentLen := int64(le.Uint16(end[20:]))
	comment := make([]byte, commentLen)
	if err := a.readAt(comment, endOff+endLen); err != nil {
		return a.malformed(err, "the zip archive comment is cut short")
	}
	a.Comment = string(comment)
	trailerStart := endOff // where the central directory must end

	// Zip64: a locator just before the end record points at the zip64
	// end record, which holds the real counts and offsets.
	if endOff >= loc64Len {
		loc := make([]byte, loc64Len)
		if err := a.readAt(loc, endOff-loc64Len); err == nil && le.Uint32(loc) == sigLoc64 {
			if le.Uint32(loc[4:]) != 0 || le.Uint32(loc[16:]) > 1 {
				return scrub.Unsupported(a.format, "multi-part zip archives are not supported", "")
			}
			off64 := le.Uint64(loc[8:])
			if off64 > uint64(endOff-loc64Len) || uint64(endOff-loc64Len)-off64 < end64Len {
				return a.malformed(nil, "the zip64 directory record is out of place")
			}
			e64 := make([]byte, end64Len)
			if err := a.readAt(e64, int64(off64)); err != nil || le.Uint32(e64) != sigEnd64 {
				return a.malformed(err, "the zip64 directory record is missing")
			}
			recLen := le.Uint64(e64[4:]) + 12
			if recLen < end64Len || off64+recLen != uint64(endOff-loc64Len) {
				return a.malformed(nil, "the zip64 directory record is out of place")
			}
			disk, cdDisk = uint16(min(le.Uint32(e64[16:]), 0xffff)), uint16(min(le.Uint32(e64[20:]), 0xffff))
			countDisk, count = le.Uint64(e64[24:]), le.Uint64(e64[32:])
			cdSize, cdOff = le.Uint64(e64[40:]), le.Uint64(e64[48:])
			trailerStart = int64(off64)
		}
	}
	if disk != 0 || cdDisk != 0 || countDisk != count {
		return scrub.Unsupported(a.format, "multi-part zip archives are not supported", "")
	}
	if count > uint64(a.limits.MaxMembers) {
		return scrub.OverLimit(a.format, scrub.LimitMembers, fmt.Sprintf("the archive has %d members, over the limit of %d", count, a.limits.MaxMembers))
	}
	if cdOff > uint64(trailerStart) || cdSize > uint64(trailerStart)-cdOff {
		return a.malformed(nil, "the zip directory points outside the file")
	}
	if count*centralLen > cdSize {
		return a.malformed(nil, "the zip directory is too small for its %d members", count)
	}
	if gap := uint64(trailerStart) - cdOff - cdSize; gap > 0 {
		a.hidden = append(a.hidden, hiddenRange{"between the zip directory and its end record", int64(gap)})
	}
	if t := a.size - (endOff + endLen + commentLen); t > 0 {
		a.hidden = append(a.hidden, hiddenRange{"after the end of the archive", t})
	}
	cd := make([]byte, cdSize)
	if err := a.readAt(cd, int64(cdOff)); err != nil {
		return a.malformed(err, "the zip directory is cut short")
	}
	var files []*Member
	for i := uint64(0); i < count; i++ {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		m, rest, dir, err := a.parseCentral(cd)
		if err != nil {
			return err
		}
		cd = rest
		if err := a.checkLocal(m); err != nil {
			return err
		}
		if err := a.addName(m, dir); err != nil {
			return err
		}
		files = append(files, m)
		if !dir {
			a.Members = append(a.Members, m)
		}
	}
	if len(cd) != 0 {
		return a.malformed(nil, "the zip directory has %d bytes more than its %d members", len(cd), count)
	}
	return a.checkLayout(files, int64(cdOff))
}

// findEnd locates the end-of-central-directory record. A record whose
// comment reaches exactly the end of the file wins; otherwise the last
// plausible one is used and what follows it is hidden data.
func (a *Archive) findEnd() (int64, []byte, error) {
	if a.size < endLen {
		return 0, nil, a.malformed(nil, "not a zip archive (too short)")
	}
	n := min(a.size, endLen+0xffff)
	buf := make([]byte, n)
	if err := a.readAt(buf, a.size-n); err != nil {
		return 0, nil, a.malformed(err, "reading the end of the file")
	}
	best := -1
	for i := len(buf) - endLen; i >= 0; i-- {
		if binary.LittleEndian.Uint32(buf[i:]) != sigEnd {
			continue
		}
		clen := int(binary.LittleEndian.Uint16(buf[i+20:]))
		if i+endLen+clen > len(buf) {
			continue
		}
		if i+endLen+clen == len(buf) {
			best = i
			break
		}
		if best < 0 {
			best = i
		}
	}
	if best < 0 {
		return 0, nil, a.malformed(nil, "not a zip archive, or a damaged one (no zip directory; the file may be cut short)")
	}
	return a.size - n + int64(best), buf[best : best+endLen], nil
}

func (a *Archive) parseCentral(b []byte) (m *Member, rest []byte, dir bool, err error) {
	le := binary.LittleEndian
	if len(b) < centralLen || le.Uint32(b) != sigCentral {
		return nil, nil, false, a.malformed(nil, "the zip directory is damaged")
	}
	nameLen, extraLen, commentLen := int(le.Uint16(b[28:])), int(le.Uint16(b[30:])), int(le.Uint16(b[32:]))
	total := centralLen + nameLen + extraLen + commentLen
	if len(b) < total {
		return nil, nil, false, a.malformed(nil, "the zip directory is damaged")
	}
	m = &Member{
		a:              a,
		CreatorOS:      b[5],
		ExternalAttrs:  le.Uint32(b[38:]),
		Flags:          le.Uint16(b[8:]),
		Method:         le.Uint16(b[10:]),
		modTime:        le.Uint16(b[12:]),
		modDate:        le.Uint16(b[14:]),
		CRC32:          le.Uint32(b[16:]),
		CompressedSize: uint64(le.Uint32(b[20:])),
		Size:           uint64(le.Uint32(b[24:])),
		headerOffset:   int64(le.Uint32(b[42:])),
	}
	diskStart := uint32(le.Uint16(b[34:]))
	name := b[centralLen : centralLen+nameLen]
	m.centralExtra = b[centralLen+nameLen : centralLen+nameLen+extraLen]
	m.Comment = string(b[centralLen+nameLen+extraLen : total])
	rest = b[total:]

	// Zip64 sizes and offset.
	needSize, needCSize, needOff := m.Size == 0xffffffff, m.CompressedSize == 0xffffffff, m.headerOffset == 0xffffffff
	needDisk := diskStart == 0xffff
	if needSize || needCSize || needOff || needDisk {
		z, ok := findExtra(m.centralExtra, 0x0001)
		take := func(need bool, v *uint64) bool {
			if !need {
				return true
			}
			if len(z) < 8 {
				return false
			}
			*v = le.Uint64(z)
			z = z[8:]
			return true
		}
		var off, disk uint64
		if !ok || !take(needSize, &m.Size) || !take(needCSize, &m.CompressedSize) || !take(needOff, &off) {
			return nil, nil, false, a.malformed(nil, "the zip64 sizes of a member are missing")
		}
		if needOff {
			if off > uint64(a.size) {
				return nil, nil, false, a.malformed(nil, "a member points outside the file")
			}
			m.headerOffset = int64(off)
		}
		if needDisk {
			if len(z) < 4 {
				return nil, nil, false, a.malformed(nil, "the zip64 sizes of a member are missing")
			}
			disk = uint64(le.Uint32(z))
		}
		diskStart = uint32(disk)
	}
	if diskStart != 0 {
		return nil, nil, false, scrub.Unsupported(a.format, "multi-part zip archives are not supported", "")
	}
	if !utf8.Valid(name) {
		return nil, nil, false, a.malformed(nil, "a member name is not valid UTF-8 (%q)", name)
	}
	m.Name = string(name)
	if err := a.checkName(m.Name); err != nil {
		return nil, nil, false, err
	}
	dir = strings.HasSuffix(m.Name, "/")
	switch {
	case m.Flags&0x41 != 0 || m.Method == 99:
		return nil, nil, false, scrub.Encrypted(a.format, fmt.Sprintf("member %q is password-protected (zip encryption)", m.Name), "")
	case m.Method != Store && m.Method != Deflate:
		return nil, nil, false, scrub.Unsupported(a.format, fmt.Sprintf("member %q uses a compression method scrub does not support (%s)", m.Name, methodName(m.Method)), "")
	case dir && m.Size != 0:
		return nil, nil, false, a.malformed(nil, "directory entry %q has content", m.Name)
	case m.Size > uint64(a.limits.MaxMemberSize):
		return nil, nil, false, scrub.OverLimit(a.format, scrub.LimitMemberSize, fmt.Sprintf("member %q is %d MiB uncompressed, over the limit of %d MiB", m.Name, m.Size>>20, a.limits.MaxMemberSize>>20))
	case m.Method == Store && m.CompressedSize != m.Size:
		return nil, nil, false, a.malformed(nil, "stored member %q has two different sizes", m.Name)
	}
	return m, rest, dir, nil
}

func methodName(m uint16) string {
	switch m {
	case 1:
		return "shrink"
	case 6:
		return "implode"
	case 9:
		return "deflate64"
	case 12:
		return "bzip2"
	case 14:
		return "LZMA"
	case 93:
		return "zstd"
	case 95:
		return "xz"
	case 98:
		return "PPMd"
	}
	return fmt.Sprintf("method %d", m)
}

// checkName refuses names that could escape a folder, hide behind another
// name, or be read differently by another tool.
func (a *Archive) checkName(name string) error {
	if why := NameProblem(name); why != "" {
		return a.malformed(nil, "member name %q %s", name, why)
	}
	return nil
}

// NameProblem says why name is not a safe member name ("is absolute",
// "climbs out of the archive (..)"), or returns "" for a safe one: a
// relative slash-separated path (a directory's may end in one slash) with
// no empty, "." or ".." element, no backslash, drive letter, NUL or other
// control character. Every archive format scrub reads holds its names to
// this rule.
func NameProblem(name string) string {
	switch {
	case name == "":
		return "is empty"
	case strings.ContainsRune(name, 0):
		return "contains a NUL byte"
	case strings.ContainsRune(name, '\\'):
		return "contains a backslash"
	case name[0] == '/':
		return "is absolute"
	case len(name) >= 2 && name[1] == ':' && (name[0]|0x20 >= 'a' && name[0]|0x20 <= 'z'):
		return "starts with a drive letter"
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return "contains a control character"
		}
	}
	elems := strings.Split(strings.TrimSuffix(name, "/"), "/")
	for _, e := range elems {
		switch e {
		case "..":
			return "climbs out of the archive (..)"
		case ".", "":
			return "has an empty or '.' element"
		}
	}
	return ""
}

// FoldName is the key under which two member names count as the same
// (two such members are a way to hide one behind the other on
// case-insensitive or normalising file systems): NFC, then Unicode case
// folding (as strings.EqualFold does).
func FoldName(name string) string {
	return strings.ToLower(strings.ToUpper(norm.NFC.String(name)))
}

func foldName(name string) string { return FoldName(name) }

func (a *Archive) addName(m *Member, dir bool) error {
	key := strings.TrimSuffix(m.Name, "/")
	if a.seen[key] {
		return a.malformed(nil, "the archive has two members named %q (a way to hide content)", m.Name)
	}
	fold := foldName(key)
	if prev, dup := a.byFold[fold]; dup {
		return a.malformed(nil, "the archive has members %q and %q whose names differ only in case or Unicode form (a way to hide content)", prev.Name, m.Name)
	}
	a.seen[key] = true
	a.byFold[fold] = m
	if !dir {
		a.byName[m.Name] = m
	}
	return nil
}

// checkLocal reads m's local header and checks that it agrees with the
// central directory.
func (a *Archive) checkLocal(m *Member) error {
	le := binary.LittleEndian
	h := make([]byte, localLen)
	if err := a.readAt(h, m.headerOffset); err != nil || le.Uint32(h) != sigLocal {
		return a.malformed(err, "the local header of member %q is missing", m.Name)
	}
	flags, method := le.Uint16(h[6:]), le.Uint16(h[8:])
	m.locTime, m.locDate = le.Uint16(h[10:]), le.Uint16(h[12:])
	crc, csize, usize := le.Uint32(h[14:]), le.Uint32(h[18:]), le.Uint32(h[22:])
	nameLen, extraLen := int64(le.Uint16(h[26:])), int64(le.Uint16(h[28:]))
	ne := make([]byte, nameLen+extraLen)
	if err := a.readAt(ne, m.headerOffset+localLen); err != nil {
		return a.malformed(err, "the local header of member %q is cut short", m.Name)
	}
	if string(ne[:nameLen]) != m.Name {
		return a.malformed(nil, "member %q is called %q in its local header (a way to show different content to different tools)", m.Name, ne[:nameLen])
	}
	m.locExt = ne[nameLen:]
	if method != m.Method || flags&0x41 != m.Flags&0x41 {
		return a.malformed(nil, "the local header of member %q disagrees with the zip directory", m.Name)
	}
	if flags&0x8 == 0 {
		ok := crc == m.CRC32
		if csize != 0xffffffff {
			ok = ok && uint64(csize) == m.CompressedSize
		}
		if usize != 0xffffffff {
			ok = ok && uint64(usize) == m.Size
		}
		if !ok {
			return a.malformed(nil, "the local header of member %q disagrees with the zip directory", m.Name)
		}
	}
	m.dataOffset = m.headerOffset + localLen + nameLen + extraLen
	if m.CompressedSize > uint64(a.size) || m.dataOffset > a.size-int64(m.CompressedSize) {
		return a.malformed(nil, "member %q runs past the end of the file", m.Name)
	}
	m.end = m.dataOffset + int64(m.CompressedSize)
	if flags&0x8 != 0 {
		// Data descriptor: optional signature, CRC, then 4- or 8-byte sizes.
		d := make([]byte, 24)
		n, _ := a.r.ReadAt(d, m.end)
		d = d[:n]
		_, zip64 := findExtra(m.locExt, 0x0001)
		l := int64(12)
		if zip64 {
			l = 20
		}
		if len(d) >= 4 && le.Uint32(d) == sigDesc {
			l += 4
		}
		if int64(len(d)) < l {
			return a.malformed(nil, "the data descriptor of member %q is cut short", m.Name)
		}
		m.end += l
	}
	return nil
}

// checkLayout refuses overlapping members and records bytes that belong to
// no member.
func (a *Archive) checkLayout(files []*Member, cdOff int64) error {
	sorted := append([]*Member(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].headerOffset < sorted[j].headerOffset })
	pos := int64(0)
	for i, m := range sorted {
		if m.headerOffset < pos {
			return a.malformed(nil, "members %q and %q overlap (a zip bomb, or a crafted file)", sorted[i-1].Name, m.Name)
		}
		if gap := m.headerOffset - pos; gap > 0 {
			where := "between members"
			if i == 0 {
				where = "before the first member"
			}
			a.hidden = append(a.hidden, hiddenRange{where, gap})
		}
		pos = m.end
	}
	if pos > cdOff {
		return a.malformed(nil, "a member overlaps the zip directory")
	}
	if gap := cdOff - pos; gap > 0 {
		where := "between the last member and the zip directory"
		if len(sorted) == 0 {
			where = "before the zip directory"
		}
		a.hidden = append(a.hidden, hiddenRange{where, gap})
	}
	return nil
}

// findExtra returns the data of the first extra field with the given tag.
func findExtra(extra []byte, tag uint16) ([]byte, bool) {
	for len(extra) >= 4 {
		t, n := binary.LittleEndian.Uint16(extra), int(binary.LittleEndian.Uint16(extra[2:]))
		if len(extra) < 4+n {
			return nil, false
		}
		if t == tag {
			return extra[4 : 4+n], true
		}
		extra = extra[4+n:]
	}
	return nil, false
}

// Lookup returns the member called name exactly, or nil.
func (a *Archive) Lookup(name string) *Member { return a.byName[name] }

// LookupFold returns the member whose name equals name after NFC and case
// folding (OPC part names compare case-insensitively), or nil. Open has
// refused archives where two names fold alike, so the answer is unique.
func (a *Archive) LookupFold(name string) *Member {
	m := a.byFold[foldName(name)]
	if m == nil || strings.HasSuffix(m.Name, "/") {
		return nil
	}
	return m
}

// Open returns a reader of m's decompressed content. The reader charges
// every byte to the archive's env (ErrLimit once the budget is spent),
// refuses to grow past m.Size or env.Limits.MaxMemberSize, returns
// ctx.Err() once ctx is done, and at the end checks the size, the CRC-32 and
// that a deflate stream used exactly its compressed bytes (ErrMalformed
// otherwise). Several readers may be open at once.
func (m *Member) Open(ctx context.Context) io.ReadCloser {
	src := io.NewSectionReader(m.a.r, m.dataOffset, int64(m.CompressedSize))
	mr := &memberReader{ctx: ctx, m: m, crc: crc32.NewIEEE()}
	if m.Method == Deflate {
		// Count below the bufio.Reader so that the decompressor gets
		// a *bufio.Reader (its fast path); what it used is the count
		// minus what is still buffered.
		mr.rawCount = &byteCounter{r: src}
		mr.br = bufio.NewReaderSize(mr.rawCount, int(min(64<<10, m.CompressedSize+16)))
		mr.src = newInflater(mr.br)
		mr.pooled = true
	} else {
		mr.src = src
	}
	return mr
}

// Stored returns a reader of a stored (uncompressed) member's bytes in the
// archive, for a quick look at them (identifying what a picture is); ok
// is false for a compressed member. The bytes are not checked: read the
// member with Open, ReadAll or Load before trusting them.
func (m *Member) Stored() (r *io.SectionReader, ok bool) {
	if m.Method != Store {
		return nil, false
	}
	return io.NewSectionReader(m.a.r, m.dataOffset, int64(m.CompressedSize)), true
}

// Raw returns a reader of m's bytes as the archive holds them
// (compressed, unchecked): what is left to search of a damaged member.
func (m *Member) Raw() *io.SectionReader {
	return io.NewSectionReader(m.a.r, m.dataOffset, int64(m.CompressedSize))
}

// ReadAll returns m's decompressed content, with Open's checks.
func (m *Member) ReadAll(ctx context.Context) ([]byte, error) {
	return m.readInto(ctx, make([]byte, 0, m.sizeHint()+1))
}

// Load is ReadAll for content that is only looked at for a while: calling
// release (once, or never) gives the memory back for the next member, and
// the data must not be used after it. On error there is nothing to
// release.
func (m *Member) Load(ctx context.Context) (data []byte, release func(), err error) {
	buf := bufpool.Get(int(m.sizeHint()) + 1)
	data, err = m.readInto(ctx, buf)
	if err != nil {
		bufpool.Put(buf)
		return nil, nil, err
	}
	return data, func() { bufpool.Put(data) }, nil
}

// sizeHint is the buffer size to read m into. The declared size is a
// hint, not a promise: a deflate stream cannot inflate to more than about
// 1032 times its length, so a lying header on a small member does not get
// a large buffer.
func (m *Member) sizeHint() uint64 {
	hint := min(m.Size, 64<<20)
	if m.Method == Deflate {
		hint = min(hint, m.CompressedSize*maxDeflateRatio+64)
	}
	return hint
}

func (m *Member) readInto(ctx context.Context, buf []byte) ([]byte, error) {
	rc := m.Open(ctx)
	defer rc.Close()
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := rc.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// inflaters holds decompressors (with their 32 KiB windows) for reuse: a
// package with thousands of members is read member by member, several
// times, and a new decompressor for each was most of the garbage.
var inflaters sync.Pool

func newInflater(r io.Reader) io.ReadCloser {
	if f, ok := inflaters.Get().(io.ReadCloser); ok {
		if err := f.(flate.Resetter).Reset(r, nil); err == nil {
			return f
		}
	}
	return flate.NewReader(r)
}

// maxDeflateRatio bounds how many bytes one compressed deflate byte can
// produce (258 bytes per 2-bit code, at best).
const maxDeflateRatio = 1032

// Verify decompresses m and discards the bytes: it returns nil if m is
// sound (Open's checks), so that m may be copied without recompressing.
func (m *Member) Verify(ctx context.Context) error {
	rc := m.Open(ctx)
	defer rc.Close()
	_, err := io.Copy(io.Discard, rc)
	return err
}

type memberReader struct {
	ctx      context.Context
	m        *Member
	src      io.Reader
	pooled   bool          // src is an inflater from the pool, given back on Close
	rawCount *byteCounter  // deflate only: compressed bytes read from the archive
	br       *bufio.Reader // deflate only: the buffer between them and the decompressor
	crc      hash.Hash32
	n        uint64
	err      error
}

func (r *memberReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if err := r.ctx.Err(); err != nil {
		r.err = err
		return 0, err
	}
	n, err := r.src.Read(p)
	if n > 0 {
		r.n += uint64(n)
		m, a := r.m, r.m.a
		switch {
		case r.n > m.Size:
			r.err = a.malformed(nil, "member %q is larger than its header says", m.Name)
		case r.n > uint64(a.limits.MaxMemberSize):
			r.err = scrub.OverLimit(a.format, scrub.LimitMemberSize, fmt.Sprintf("member %q is over the limit of %d MiB uncompressed", m.Name, a.limits.MaxMemberSize>>20))
		}
		if r.err == nil && a.env != nil {
			r.err = a.env.Consume(int64(n))
		}
		if r.err != nil {
			return 0, r.err
		}
		r.crc.Write(p[:n])
	}
	switch {
	case err == io.EOF:
		r.err = r.finish()
		if r.err == nil {
			r.err = io.EOF
		}
		return n, r.err
	case err != nil:
		if errors.Is(err, io.ErrUnexpectedEOF) || isFlateError(err) {
			err = r.m.a.malformed(err, "member %q is damaged", r.m.Name)
		}
		r.err = err
		return n, err
	}
	return n, nil
}

func isFlateError(err error) bool {
	var ce flate.CorruptInputError
	var ie flate.InternalError
	return errors.As(err, &ce) || errors.As(err, &ie)
}

func (r *memberReader) finish() error {
	m := r.m
	if r.n != m.Size {
		return m.a.malformed(nil, "member %q is smaller than its header says", m.Name)
	}
	if r.crc.Sum32() != m.CRC32 {
		return m.a.malformed(nil, "member %q is damaged (checksum mismatch)", m.Name)
	}
	if r.br != nil {
		used := r.rawCount.n - int64(r.br.Buffered())
		if used != int64(m.CompressedSize) {
			return m.a.malformed(nil, "member %q has %d bytes after its compressed data (hidden data)", m.Name, int64(m.CompressedSize)-used)
		}
	}
	return nil
}

func (r *memberReader) Close() error {
	if c, ok := r.src.(io.Closer); ok {
		c.Close()
		if r.pooled {
			inflaters.Put(c)
			r.pooled = false
		}
		r.src = nil
	}
	if r.err == nil {
		r.err = errors.New("zipclean: read after close")
	}
	return nil
}

// byteCounter counts the bytes read through it.
type byteCounter struct {
	r io.Reader
	n int64
}

func (c *byteCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
