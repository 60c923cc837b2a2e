package mailfilter

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// A patch made by git format-patch --binary (what git send-email sends)
// carries each binary file it adds or changes as a "GIT binary patch":
//
//	diff --git a/report.docx b/report.docx
//	new file mode 100644
//	index 0000000..9f3c2a1
//	GIT binary patch
//	literal 5123
//	zcmV;...                      (base85 lines, zlib-compressed)
//
//	literal 0                     (the reverse hunk: the earlier version)
//	HcmV?d00001
//
// Each hunk is either the whole file ("literal SIZE") or a delta against
// the other version ("delta SIZE"). The forward hunk gives the new
// version, the reverse hunk the earlier one; a delta can be applied when
// the other hunk is literal. The format is git's (diff.c
// emit_binary_diff_body, base85.c, patch-delta.c).

const binaryPatchLine = "GIT binary patch"

// hasBinaryPatch reports whether text holds a GIT binary patch.
func hasBinaryPatch(text []byte) bool {
	return bytes.Contains(text, []byte("\n"+binaryPatchLine))
}

// hunk is one side of a binary patch, decoded from base85 but still
// compressed.
type hunk struct {
	delta bool
	size  int64 // the inflated size the header declares
	data  []byte
}

// binaryFile is one file of a patch with its two hunks.
type binaryFile struct {
	path             string
	forward, reverse *hunk
}

// errPatchSyntax is a binary patch scrub cannot read.
var errPatchSyntax = errors.New("damaged binary patch")

// binaryFiles reads every GIT binary patch in text, with the path the
// "diff --git" line before it names. It stops at the first damaged patch,
// returning what it read and an error.
func binaryFiles(text []byte) ([]binaryFile, error) {
	lines := strings.Split(strings.ReplaceAll(string(text), "\r\n", "\n"), "\n")
	var out []binaryFile
	path := ""
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if rest, ok := strings.CutPrefix(l, "diff --git "); ok {
			path = diffPath(rest)
			continue
		}
		if l != binaryPatchLine {
			continue
		}
		bf := binaryFile{path: path}
		var err error
		if bf.forward, i, err = readHunk(lines, i+1); err != nil {
			return out, err
		}
		// The reverse hunk is optional (git apply accepts patches
		// without one).
		if i+1 < len(lines) && (strings.HasPrefix(lines[i+1], "literal ") || strings.HasPrefix(lines[i+1], "delta ")) {
			if bf.reverse, i, err = readHunk(lines, i+1); err != nil {
				return out, err
			}
		}
		out = append(out, bf)
	}
	return out, nil
}

// readHunk reads the hunk whose header is lines[i]; it returns the index
// of the blank line that ends it.
func readHunk(lines []string, i int) (*hunk, int, error) {
	if i >= len(lines) {
		return nil, i, errPatchSyntax
	}
	kind, n, ok := strings.Cut(lines[i], " ")
	size, err := strconv.ParseInt(n, 10, 64)
	if !ok || (kind != "literal" && kind != "delta") || err != nil || size < 0 {
		return nil, i, errPatchSyntax
	}
	h := &hunk{delta: kind == "delta", size: size}
	for i++; i < len(lines) && lines[i] != ""; i++ {
		b, err := decode85Line(lines[i])
		if err != nil {
			return nil, i, err
		}
		h.data = append(h.data, b...)
	}
	return h, i, nil
}

// diffPath returns the new path of a "diff --git a/X b/Y" line (without
// "diff --git "): Y, unquoted.
func diffPath(rest string) string {
	if strings.HasSuffix(rest, `"`) {
		if i := strings.LastIndex(rest, ` "b/`); i >= 0 {
			if p, err := strconv.Unquote(rest[i+1:]); err == nil {
				return strings.TrimPrefix(p, "b/")
			}
		}
	}
	// a/X b/X: both halves are the same unless the file was renamed.
	if n := len(rest); n > 3 && (n-3)%2 == 0 {
		h := (n - 3) / 2
		if strings.HasPrefix(rest, "a/") && rest[h:h+3] == " b/" && rest[2:h] == rest[h+3:] {
			return rest[h+3:]
		}
	}
	if i := strings.LastIndex(rest, " b/"); i >= 0 {
		return rest[i+3:]
	}
	return rest
}

// de85 maps git's base85 alphabet to values (0 means not in it; values
// are stored plus one).
var de85 = func() [256]byte {
	var t [256]byte
	const en85 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~"
	for i := 0; i < len(en85); i++ {
		t[en85[i]] = byte(i + 1)
	}
	return t
}()

// decode85Line decodes one line of a binary hunk: a length character
// (A-Z for 1-26 bytes, a-z for 27-52), then five characters for every four
// bytes.
func decode85Line(l string) ([]byte, error) {
	if len(l) < 6 {
		return nil, errPatchSyntax
	}
	var n int
	switch c := l[0]; {
	case c >= 'A' && c <= 'Z':
		n = int(c-'A') + 1
	case c >= 'a' && c <= 'z':
		n = int(c-'a') + 27
	default:
		return nil, errPatchSyntax
	}
	enc := l[1:]
	if len(enc) != (n+3)/4*5 {
		return nil, errPatchSyntax
	}
	out := make([]byte, 0, n)
	for len(enc) > 0 {
		var acc uint64
		for _, c := range []byte(enc[:5]) {
			d := de85[c]
			if d == 0 {
				return nil, errPatchSyntax
			}
			acc = acc*85 + uint64(d-1)
		}
		if acc > 0xffffffff {
			return nil, errPatchSyntax
		}
		b := []byte{byte(acc >> 24), byte(acc >> 16), byte(acc >> 8), byte(acc)}
		out = append(out, b[:min(4, n-len(out))]...)
		enc = enc[5:]
	}
	return out, nil
}

// inflate decompresses a hunk, at most max bytes; the result must be the
// size the hunk declares.
func (h *hunk) inflate(limit int64) ([]byte, error) {
	if h.size > limit {
		return nil, scrub.OverLimit("", scrub.LimitInputSize, words.T("mail.patch.too-big", limit>>20))
	}
	zr, err := zlib.NewReader(bytes.NewReader(h.data))
	if err != nil {
		return nil, errPatchSyntax
	}
	b, err := io.ReadAll(io.LimitReader(zr, h.size+1))
	if err != nil || int64(len(b)) != h.size {
		return nil, errPatchSyntax
	}
	return b, nil
}

// applyDelta applies a git delta (patch-delta.c) to base.
func applyDelta(base, delta []byte, limit int64) ([]byte, error) {
	varint := func() (uint64, bool) {
		var v uint64
		for shift := uint(0); shift < 64; shift += 7 {
			if len(delta) == 0 {
				return 0, false
			}
			c := delta[0]
			delta = delta[1:]
			v |= uint64(c&0x7f) << shift
			if c&0x80 == 0 {
				return v, true
			}
		}
		return 0, false
	}
	srcSize, ok1 := varint()
	dstSize, ok2 := varint()
	if !ok1 || !ok2 || srcSize != uint64(len(base)) {
		return nil, errPatchSyntax
	}
	if dstSize > uint64(limit) {
		return nil, scrub.OverLimit("", scrub.LimitInputSize, words.T("mail.patch.too-big", limit>>20))
	}
	out := make([]byte, 0, dstSize)
	for len(delta) > 0 {
		cmd := delta[0]
		delta = delta[1:]
		switch {
		case cmd&0x80 != 0:
			var off, size uint64
			for i, bit := range []byte{0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40} {
				if cmd&bit == 0 {
					continue
				}
				if len(delta) == 0 {
					return nil, errPatchSyntax
				}
				if i < 4 {
					off |= uint64(delta[0]) << (8 * i)
				} else {
					size |= uint64(delta[0]) << (8 * (i - 4))
				}
				delta = delta[1:]
			}
			if size == 0 {
				size = 0x10000
			}
			if off+size > uint64(len(base)) || uint64(len(out))+size > dstSize {
				return nil, errPatchSyntax
			}
			out = append(out, base[off:off+size]...)
		case cmd != 0:
			n := uint64(cmd)
			if n > uint64(len(delta)) || uint64(len(out))+n > dstSize {
				return nil, errPatchSyntax
			}
			out = append(out, delta[:n]...)
			delta = delta[n:]
		default:
			return nil, errPatchSyntax
		}
	}
	if uint64(len(out)) != dstSize {
		return nil, errPatchSyntax
	}
	return out, nil
}

// versions returns the new and the earlier content of a file in a binary
// patch; nil for a version that cannot be had (a delta against a version
// the patch does not hold), an empty slice for an empty or absent file.
func (bf binaryFile) versions(limit int64) (newer, earlier []byte, err error) {
	lit := func(h *hunk) ([]byte, error) {
		if h == nil {
			return []byte{}, nil
		}
		if h.delta {
			return nil, nil
		}
		return h.inflate(limit)
	}
	if newer, err = lit(bf.forward); err != nil {
		return nil, nil, err
	}
	if earlier, err = lit(bf.reverse); err != nil {
		return nil, nil, err
	}
	resolve := func(h *hunk, base []byte) ([]byte, error) {
		d, err := h.inflate(limit)
		if err != nil {
			return nil, err
		}
		return applyDelta(base, d, limit)
	}
	switch {
	case newer == nil && earlier != nil:
		newer, err = resolve(bf.forward, earlier)
	case earlier == nil && newer != nil:
		earlier, err = resolve(bf.reverse, newer)
	}
	return newer, earlier, err
}

// patch checks the files of the binary patches in the text of a (a text
// part, or a patch attached as a file) like attachments, each version
// that is not empty, and records one entry for each.
func (f *filter) patch(a Attachment, text []byte) {
	files, err := binaryFiles(text)
	if err != nil {
		f.refuse(Attachment{Part: a.Part, Type: a.Type, Name: a.Name},
			&mailError{reason: words.T("mail.patch.damaged"), kind: ErrPatchUnchecked}, nil)
	}
	limit := f.e.Limits.MaxInputSize
	if limit <= 0 {
		limit = scrub.DefaultLimits.MaxInputSize
	}
	for _, bf := range files {
		name := scrub.Escape(bf.path, 200)
		newer, earlier, err := bf.versions(limit)
		if err != nil {
			f.refuse(Attachment{Part: a.Part, Name: name, Patch: PatchNew}, patchError(err), nil)
			continue
		}
		for _, v := range []struct {
			which PatchVersion
			data  []byte
		}{{PatchNew, newer}, {PatchEarlier, earlier}} {
			pa := Attachment{Part: a.Part, Name: name, Patch: v.which}
			switch {
			case v.data == nil:
				f.refuse(pa, &mailError{reason: words.T("mail.patch.delta"), kind: ErrPatchUnchecked}, nil)
			case len(v.data) > 0:
				f.patchFile(pa, v.data)
			}
		}
	}
}

// patchError turns an error reading a binary patch into the refusal of
// the file.
func patchError(err error) error {
	if errors.Is(err, errPatchSyntax) {
		return &mailError{reason: words.T("mail.patch.damaged"), kind: ErrPatchUnchecked}
	}
	return err
}

// patchFile checks one version of a file in a patch: scrub cannot clean
// it there, so one that carries something identifying is refused.
func (f *filter) patchFile(a Attachment, data []byte) {
	res := f.e.InspectData(f.ctx, a.Name, data)
	a.Format = res.Format
	a.Findings = res.Findings
	switch res.Status {
	case scrub.StatusDirty:
		n := words.Summarize(res.Format, res.Findings).Remove
		f.refuse(a, &mailError{reason: words.N("mail.patch.dirty", max(n, 1)), kind: ErrPatchFile}, nil)
	case scrub.StatusClean:
		if !f.review(&a, nil) {
			a.Status = StatusAlreadyClean
			f.add(a)
		}
	case scrub.StatusInterrupted:
	default:
		if isUnknown(res.Err) {
			a.Status = StatusUnknown
			a.Reason = words.T("mail.unknown")
			f.add(a)
			return
		}
		err := res.Err
		if err == nil {
			err = errors.New(res.Error)
		}
		f.refuse(a, err, nil)
	}
}
