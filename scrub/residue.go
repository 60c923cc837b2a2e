package scrub

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// The residue check proves absence without trusting the rules that
// cleaned: before a cleaned copy is kept, the engine learns the
// identifying values of the original and searches every decompressed byte
// of the copy for them (see PartLister). It learns
//
//   - the value of every finding cleaning removes (and that is not Minor)
//     whose kind is a person,
//     account, contact, path, machine, device, location or edit history;
//   - anything in the original's parts that looks like an e-mail address,
//     a Windows security id (S-1-5-21-…) or a path in a home folder
//     (C:\Users\NAME, /home/NAME, /Users/NAME, /media/NAME, /mnt/c/Users/NAME,
//     /run/user/ID), and the user name such a path holds.
//
// It searches each value in UTF-8, UTF-16 (both byte orders), Latin-1, the
// escaped forms XML, PDF literal strings, RTF and URLs use, and in
// hexadecimal (PDF hex strings). A value found in a part no more often than
// in the text the handler says the reader sees there is content: it is
// reported for review. Found anywhere else, the copy is not written.
//
// What it does not search, and why: values shorter than minTrace
// characters, numbers shorter than minDigits digits, values mostly made of
// one character ("00000003") and generic account names (stopValues) would
// match ordinary text and bytes by chance; dates
// and program names are left to the handlers' rules (a date is written in
// too many forms, a program name is in every file that program wrote);
// codec payload (video and audio samples, image data) that cleaning copies
// unchanged is not listed by the handlers; a value that a format stores
// only in a compressed or encoded form the handler does not decode (a
// font's glyph codes, a value split across XML runs) is not found.

// searchKinds are the kinds whose values the residue check learns.
var searchKinds = map[Kind]bool{
	KindPerson: true, KindAccount: true, KindContact: true, KindPath: true,
	KindMachine: true, KindDevice: true, KindLocation: true, KindEditHistory: true,
}

const (
	minTrace  = 4   // characters
	minDigits = 6   // digits, for values that are only a number
	maxTrace  = 256 // bytes searched of a longer value (a prefix still proves presence)
	maxTraces = 2000
)

// stopValues are too common to search for: generic account names and
// template and style names that every file of a program carries.
var stopValues = map[string]bool{
	"user": true, "users": true, "admin": true, "administrator": true, "owner": true, "guest": true,
	"public": true, "default": true, "root": true, "home": true, "shared": true, "desktop": true,
	"normal": true, "normal.dot": true, "normal.dotm": true, "normal.dotx": true, "unknown": true,
	"author": true, "none": true, "true": true, "false": true, "null": true, "test": true, "all users": true,
	"default user": true, "microsoft office user": true, "windows user": true, "utilisateur": true,
	"usuario": true, "benutzer": true,
	// The verbs of an edit history (XMP's stEvt:action).
	"saved": true, "created": true, "converted": true, "derived": true, "edited": true, "modified": true,
	"produced": true, "printed": true, "copied": true, "cropped": true, "filtered": true, "managed": true,
	"published": true, "repurposed": true, "resized": true, "translated": true, "versioned": true,
}

// Trace is one identifying value the residue check learned from an
// original.
type Trace struct {
	Value string `json:"value"`
	Kind  Kind   `json:"kind"`
	Label Label  `json:"label"`
	From  string `json:"from"` // where the original had it
}

// Residue is a learned value found in a cleaned copy.
type Residue struct {
	Trace
	Where string `json:"where"` // the part of the cleaned copy that holds it
}

// traces is what the engine learned from one original.
type traces struct {
	list  []Trace
	seen  map[string]bool
	forms [][]byte
	owner []int // index in list of each form
	m     *matcher
}

func newTraces() *traces { return &traces{seen: map[string]bool{}} }

// add learns v, if it is worth searching for.
func (t *traces) add(v string, kind Kind, label Label, from string) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "…"))
	if !searchable(v) || len(t.list) >= maxTraces {
		return
	}
	if len(v) > maxTrace {
		cut := maxTrace
		for cut > 0 && !utf8.RuneStart(v[cut]) {
			cut--
		}
		v = v[:cut]
	}
	key := strings.ToLower(v)
	if t.seen[key] {
		return
	}
	t.seen[key] = true
	t.list = append(t.list, Trace{Value: v, Kind: kind, Label: label, From: from})
	t.m = nil
}

// searchable reports whether v is long and specific enough to search.
func searchable(v string) bool {
	if utf8.RuneCountInString(v) < minTrace || stopValues[strings.ToLower(v)] {
		return false
	}
	digits, other := 0, 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '.' || r == ',' || r == '-' || r == ':' || r == '/':
		default:
			other++
		}
	}
	if other == 0 && digits < minDigits {
		return false
	}
	return !repetitive(v)
}

// repetitive reports whether one character makes up more than half of v:
// "00000003" (an edit-session id of a document with few edits) is in
// every font's signature bits and says nothing about anyone.
func repetitive(v string) bool {
	counts := map[rune]int{}
	n := 0
	for _, r := range v {
		counts[r]++
		n++
	}
	for _, c := range counts {
		if 2*c > n {
			return true
		}
	}
	return false
}

// learnFindings learns the values of the findings cleaning removes, and
// the user names in their paths.
func (t *traces) learnFindings(fs []Finding) {
	for _, f := range fs {
		// Tracked deletions are ordinary words ("complex", "the plan"):
		// the format's rules remove them, and searching for them would
		// match the same words anywhere.
		if f.Action != Remove || f.Minor || !searchKinds[f.Kind] || f.Label == LabelTrackedChange {
			continue
		}
		from := joinWhere(f.Where, f.Field)
		value := aggregated.ReplaceAllString(f.Value, "")
		for _, v := range strings.Split(value, "; ") {
			t.add(v, f.Kind, f.Label, from)
			scanIdentifiers([]byte(v), func(v string, k Kind, l Label) { t.add(v, k, l, from) })
		}
	}
}

// aggregated matches the count handlers append to a finding that lists
// a few of many values ("a; b; c (12 in all)").
var aggregated = regexp.MustCompile(` \(\d+ in all\)$`)

// forms returns the byte forms of v the search looks for.
func forms(v string) [][]byte {
	out := [][]byte{[]byte(v)}
	add := func(s string) {
		if s != v && s != "" {
			out = append(out, []byte(s))
		}
	}
	// Escaped in XML, PDF literal strings, RTF, JSON and URLs.
	add(strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(v))
	add(strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(v))
	add(strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(v))
	add(strings.NewReplacer(`\`, `\\`, "{", `\{`, "}", `\}`).Replace(v))
	add(strings.NewReplacer(" ", "%20", `\`, "%5C").Replace(v))
	add(strings.ReplaceAll(v, `\`, "/"))
	// UTF-16 both ways, and Latin-1 where the value fits in it.
	u := utf16.Encode([]rune(v))
	le, be := make([]byte, 2*len(u)), make([]byte, 2*len(u))
	for i, c := range u {
		le[2*i], le[2*i+1] = byte(c), byte(c>>8)
		be[2*i], be[2*i+1] = byte(c>>8), byte(c)
	}
	out = append(out, le, be)
	if l1, ok := latin1(v); ok && l1 != v {
		out = append(out, []byte(l1))
	}
	// Hexadecimal, as PDF hex strings hold text (UTF-8, UTF-16BE, Latin-1).
	out = append(out, hexForm([]byte(v), false), hexForm([]byte(v), true), hexForm(be, false), hexForm(be, true))
	return out
}

func latin1(v string) (string, bool) {
	b := make([]byte, 0, len(v))
	for _, r := range v {
		if r > 0xff {
			return "", false
		}
		b = append(b, byte(r))
	}
	return string(b), true
}

func hexForm(b []byte, upper bool) []byte {
	digits := "0123456789abcdef"
	if upper {
		digits = "0123456789ABCDEF"
	}
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return out
}

func (t *traces) matcher() *matcher {
	if t.m == nil {
		t.forms, t.owner = nil, nil
		for i, tr := range t.list {
			for _, f := range forms(tr.Value) {
				t.forms = append(t.forms, f)
				t.owner = append(t.owner, i)
			}
		}
		t.m = newMatcher(t.forms)
	}
	return t.m
}

// partBuf is how much of a part is read at a time.
const partBuf = 256 << 10

// partBufs hold the buffers parts are read through (with room for the
// identifier scan's overlap): one per pass and file, reused, since a fresh
// buffer per part (a PDF lists thousands) cost more in page faults and
// collection than the search itself.
var partBufs = sync.Pool{New: func() any { b := make([]byte, partBuf+scanOverlap); return &b }}

// search reads p to the end and returns how often each trace occurs in
// it: index in t.list -> count. buf is scratch space.
func (t *traces) search(ctx context.Context, p Part, buf []byte) (map[int]int, error) {
	counts := map[int]int{}
	if p.R == nil {
		return counts, nil
	}
	if len(t.list) == 0 {
		_, err := io.CopyBuffer(io.Discard, p.R, buf)
		return counts, err
	}
	m := t.matcher()
	m.reset()
	// A part held in memory (a bytes.Reader) is matched where it is,
	// through its WriteTo; others are read into buf.
	// One occurrence can match two forms (UTF-16BE text also matches the
	// UTF-16LE form one byte later, a value matches its own escaped form
	// when it has nothing to escape): matches of a trace that overlap are
	// counted once.
	lastEnd := map[int]int64{}
	hit := func(id int32, end int64) {
		tr := t.owner[id]
		start := end - int64(len(t.forms[id]))
		if last, ok := lastEnd[tr]; ok && start < last {
			if end > last {
				lastEnd[tr] = end
			}
			return
		}
		lastEnd[tr] = end
		counts[tr]++
	}
	_, err := io.CopyBuffer(&matchWriter{ctx: ctx, m: m, hit: hit}, p.R, buf)
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// matchWriter feeds what is written to it to a matcher. It has no
// ReadFrom, so that io.CopyBuffer uses the source's WriteTo or the buffer.
type matchWriter struct {
	ctx context.Context
	m   *matcher
	hit func(id int32, end int64)
}

func (w *matchWriter) Write(b []byte) (int, error) {
	if err := w.ctx.Err(); err != nil {
		return 0, err
	}
	w.m.feed(b, w.hit)
	return len(b), nil
}

// visibleCount counts v in the part's text.
func visibleCount(text []string, v string) int {
	n := 0
	for _, s := range text {
		n += strings.Count(s, v)
	}
	return n
}

// walkParts lists the parts of a file: through its handler's Parts if it
// is a PartLister, otherwise the file's bytes, whole.
func walkParts(ctx context.Context, h Handler, env *Env, r io.ReaderAt, size int64, fn func(Part) error) error {
	if pl, ok := h.(PartLister); ok {
		return callParts(ctx, pl, env, r, size, fn)
	}
	return fn(Part{Where: "the file's bytes", R: io.NewSectionReader(r, 0, size)})
}

// partIDs are the identifiers scanParts found in one part.
type partIDs struct {
	where string
	ids   map[string]*foundID
}

// scanParts walks the original's parts and
// notes the identifiers in each, with how often each occurs and how often
// the reader sees it there. It needs nothing from cleaning, so the engine
// may run it while the handler cleans.
func scanParts(ctx context.Context, h Handler, env *Env, r io.ReaderAt, size int64) ([]partIDs, error) {
	var out []partIDs
	buf := partBufs.Get().(*[]byte)
	defer partBufs.Put(buf)
	err := walkParts(ctx, h, env, r, size, func(p Part) error {
		found := map[string]*foundID{}
		err := scanStream(ctx, p.R, *buf, func(v string, k Kind, l Label) {
			if f := found[v]; f != nil {
				f.n++
				return
			}
			found[v] = &foundID{kind: k, label: l, n: 1}
		})
		if err != nil {
			return err
		}
		if len(found) > 0 {
			for v, f := range found {
				f.visible = visibleCount(p.Text, v)
			}
			out = append(out, partIDs{where: p.Where, ids: found})
		}
		return nil
	})
	return out, err
}

// learnFound learns what scanParts found in the original's parts
// and returns the findings for identifiers outside the text the reader
// sees that no finding in known names.
func (t *traces) learnFound(found []partIDs, known []Finding) []Finding {
	named := map[string]bool{}
	for _, f := range known {
		named[strings.ToLower(f.Value)] = true
	}
	var out []Finding
	reported := map[string]bool{}
	for _, p := range found {
		for v, f := range p.ids {
			t.add(v, f.kind, f.label, p.where)
			if f.n <= f.visible || reported[v] || named[strings.ToLower(v)] || !searchable(v) {
				continue
			}
			covered := false
			for n := range named {
				covered = covered || strings.Contains(n, strings.ToLower(v))
			}
			if covered {
				continue
			}
			reported[v] = true
			out = append(out, Finding{Where: p.where, Field: identifierField[f.label], Value: v, Kind: f.kind,
				Action: Remove, Label: f.label})
		}
	}
	return out
}

type foundID struct {
	kind    Kind
	label   Label
	n       int // occurrences in the part
	visible int // occurrences in the part's text
}

var identifierField = map[Label]string{
	LabelEmail:    "e-mail address",
	LabelAccount:  "Windows account id",
	LabelFilePath: "path in a home folder",
}

// scanOverlap is how much of a window the identifier scan keeps for the
// next, so that an identifier cut by a read is found whole.
const scanOverlap = 512

// scanStream reads r to the end through buf (partBuf+scanOverlap bytes)
// and calls fn for every identifier scanIdentifiers finds, across read
// boundaries.
func scanStream(ctx context.Context, r io.Reader, buf []byte, fn func(v string, k Kind, l Label)) error {
	if r == nil {
		return nil
	}
	const overlap = scanOverlap
	keep := 0
	seenAt := map[string]int64{} // an identifier in the overlap is found twice: count it once
	var base int64
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := r.Read(buf[keep:])
		end := keep + n
		last := err == io.EOF
		if n > 0 || last {
			window := buf[:end]
			scanIdentifiersAt(window, func(v string, k Kind, l Label, at int) {
				abs := base + int64(at)
				if prev, ok := seenAt[v]; ok && prev == abs {
					return
				}
				// Identifiers cut by the window's end are found whole in the next one.
				if !last && at+len(v) >= end-8 {
					return
				}
				seenAt[v] = abs
				fn(v, k, l)
			})
			if !last {
				keep = min(overlap, end)
				copy(buf, buf[end-keep:end])
				base += int64(end - keep)
			}
		}
		if last {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// scanIdentifiers calls fn for every e-mail address, Windows security id,
// home-folder path and the user name in it, in b.
func scanIdentifiers(b []byte, fn func(v string, k Kind, l Label)) {
	scanIdentifiersAt(b, func(v string, k Kind, l Label, _ int) { fn(v, k, l) })
}

func scanIdentifiersAt(b []byte, fn func(v string, k Kind, l Label, at int)) {
	scanEmails(b, fn)
	scanSIDs(b, fn)
	scanHomes(b, fn)
}

func emailLocal(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._%+-", c) >= 0
}

func emailDomain(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
}

func scanEmails(b []byte, fn func(v string, k Kind, l Label, at int)) {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '@')
		if j < 0 {
			return
		}
		at := i + j
		s := at
		for s > 0 && emailLocal(b[s-1]) && at-s < 64 {
			s--
		}
		e := at + 1
		for e < len(b) && emailDomain(b[e]) && e-at < 255 {
			e++
		}
		for e > at+1 && (b[e-1] == '.' || b[e-1] == '-') {
			e--
		}
		for s < at && (b[s] == '.' || b[s] == '-') {
			s++
		}
		dom := b[at+1 : e]
		if dot := bytes.LastIndexByte(dom, '.'); s < at && dot > 0 && len(dom)-dot-1 >= 2 && isLetters(dom[dot+1:]) &&
			delimits(b, s-1, true) && delimits(b, e, false) {
			fn(string(b[s:e]), KindContact, LabelEmail, s)
		}
		i = at + 1
	}
}

// delimits reports whether the byte at i may stand next to an e-mail
// address in text (before is true for the byte before it): the start or
// end of the part, white space, NUL (strings in binary structures),
// punctuation that quotes, lists, ends or marks up ("mailto:", <…>, "…",
// a=…, the full stop of a sentence), or a whole character of another
// script in UTF-8 ("邮箱：ann@…"). Compressed data (a picture's scan data,
// a cover picture kept in a tag) holds chance runs such as "L@m.dR"; they
// stand next to such a byte far less often than real addresses do, and
// what scrub learns there it finds again in the copy, which then fails
// its check for nothing.
func delimits(b []byte, i int, before bool) bool {
	if i < 0 || i >= len(b) {
		return true
	}
	c := b[i]
	if c >= utf8.RuneSelf {
		var r rune
		var n int
		if before {
			r, n = utf8.DecodeLastRune(b[:i+1])
		} else {
			r, n = utf8.DecodeRune(b[i:])
		}
		return r != utf8.RuneError && n > 1
	}
	return c == 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
		strings.IndexByte("<>\"'()[]{},.;:=/\\|!?*#&`^~$@-", c) >= 0
}

func isLetters(b []byte) bool {
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func scanSIDs(b []byte, fn func(v string, k Kind, l Label, at int)) {
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("S-1-5-21-"))
		if j < 0 {
			return
		}
		s := i + j
		e := s + len("S-1-5-21-")
		groups := 1
		for e < len(b) && (b[e] >= '0' && b[e] <= '9' || b[e] == '-' && e+1 < len(b) && b[e+1] >= '0' && b[e+1] <= '9') {
			if b[e] == '-' {
				groups++
			}
			e++
		}
		if groups >= 3 {
			fn(string(b[s:e]), KindAccount, LabelAccount, s)
		}
		i = s + 1
	}
}

// homePrefixes start paths in users' home folders; the next path element
// is the user name.
var homePrefixes = []struct {
	prefix string
	sep    byte
}{
	{`:\Users\`, '\\'}, {`:\\Users\\`, '\\'}, {`:/Users/`, '/'}, {`:\Documents and Settings\`, '\\'},
	{"/home/", '/'}, {"/Users/", '/'}, {"/media/", '/'}, {"/mnt/c/Users/", '/'}, {"/run/user/", '/'},
	{"/var/home/", '/'}, {"/export/home/", '/'},
}

func pathChar(c byte) bool {
	return c > ' ' && c != '"' && c != '<' && c != '>' && c != '|' && c != '*' && c != '?' && c != '\'' && c != 0x7f &&
		c != '(' && c != ')' && c != '[' && c != ']' && c != '{' && c != '}'
}

func nameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c >= 0x80
}

// fileLike reports whether a path element looks like a file's name (a
// short extension after a dot) rather than a user's.
func fileLike(name string) bool {
	dot := strings.LastIndexByte(name, '.')
	if dot <= 0 || len(name)-dot-1 < 2 || len(name)-dot-1 > 4 {
		return false
	}
	for _, c := range name[dot+1:] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func scanHomes(b []byte, fn func(v string, k Kind, l Label, at int)) {
	// One pass per first byte ('/' and ':') instead of one per prefix:
	// slashes and colons are everywhere in XML, and eleven passes over
	// every part cost more than the rest of the learning. The matches are
	// reported as the prefix-by-prefix search would: by prefix, then by
	// position, each prefix searched on after its previous match.
	var hits []homeHit
	for g, first := range homeFirst {
		for i := 0; ; i++ {
			j := bytes.IndexByte(b[i:], first)
			if j < 0 || i+j+1 >= len(b) {
				break
			}
			i += j
			for m := homeSecond[g][b[i+1]]; m != 0; m &= m - 1 {
				p := bits.TrailingZeros16(m)
				if pre := homePrefixes[p].prefix; len(b)-i >= len(pre) && string(b[i:i+len(pre)]) == pre {
					hits = append(hits, homeHit{p, i})
				}
			}
		}
	}
	slices.SortFunc(hits, func(x, y homeHit) int { return cmp.Or(x.prefix-y.prefix, x.at-y.at) })
	next := -1 // where the current prefix's search goes on
	for k, h := range hits {
		if k == 0 || hits[k-1].prefix != h.prefix {
			next = 0
		}
		if h.at < next {
			continue // inside the previous match: the search had passed it
		}
		hp := homePrefixes[h.prefix]
		s := h.at
		u := s + len(hp.prefix)
		next = u
		// A path starts here, not inside a name ("word/media/image1.png").
		if hp.prefix[0] == '/' && s > 0 && nameChar(b[s-1]) {
			continue
		}
		e := u
		for e < len(b) && pathChar(b[e]) && b[e] != hp.sep && b[e] != '/' && b[e] != '\\' && e-u < 64 {
			e++
		}
		name := string(b[u:e])
		if name == "" || name == "." || name == ".." || strings.HasPrefix(name, "$") {
			continue
		}
		if hp.prefix == "/media/" && (name == "cdrom" || name == "floppy" || name == "usb") {
			continue
		}
		// A user's folder holds files: "/media/image.jpg" (a part
		// name at a package's root) is a file, not a user.
		if fileLike(name) || (hp.prefix == "/media/" || hp.prefix == "/mnt/c/Users/") && (e >= len(b) || b[e] != '/') {
			continue
		}
		start := s
		if hp.prefix[0] == ':' && s > 0 {
			start = s - 1 // the drive letter
		}
		fn(string(b[start:e]), KindPath, LabelFilePath, start)
		if hp.prefix != "/run/user/" {
			fn(name, KindAccount, LabelAccount, u)
		}
	}
}

// homeHit is a home-folder prefix (index in homePrefixes) found at an
// offset.
type homeHit struct{ prefix, at int }

// homeFirst are the first bytes of the home-folder prefixes; homeSecond[g]
// maps a second byte to the prefixes (bits: indices in homePrefixes) that
// start with homeFirst[g] and it.
var (
	homeFirst  = [2]byte{'/', ':'}
	homeSecond = func() (t [2][256]uint16) {
		for p, hp := range homePrefixes {
			g := bytes.IndexByte(homeFirst[:], hp.prefix[0])
			if g < 0 || p >= 16 || len(hp.prefix) < 2 {
				panic("residue: a home-folder prefix the one-pass search does not cover: " + hp.prefix)
			}
			t[g][hp.prefix[1]] |= 1 << p
		}
		return t
	}()
)

// residueCheck searches every part of a cleaned copy for the learned
// values. It returns the values found outside the text the reader sees
// (leaks) and review findings for those found in it.
func (t *traces) residueCheck(ctx context.Context, h Handler, env *Env, r io.ReaderAt, size int64) (leaks []Residue, visible []Finding, err error) {
	if len(t.list) == 0 {
		return nil, nil, nil
	}
	shown := map[string]bool{}
	buf := partBufs.Get().(*[]byte)
	defer partBufs.Put(buf)
	err = walkParts(ctx, h, env, r, size, func(p Part) error {
		counts, err := t.search(ctx, p, (*buf)[:partBuf])
		if err != nil {
			return err
		}
		for i, n := range counts {
			tr := t.list[i]
			if n > visibleCount(p.Text, tr.Value) {
				leaks = append(leaks, Residue{Trace: tr, Where: p.Where})
				continue
			}
			key := tr.Value + "\x00" + p.Where
			if shown[key] || !reviewKinds[tr.Kind] {
				continue
			}
			shown[key] = true
			visible = append(visible, Finding{Where: p.Where, Field: "in the text", Value: tr.Value, Kind: tr.Kind,
				Label: tr.Label, Action: Report})
		}
		return nil
	})
	return leaks, visible, err
}

// reviewKinds are the kinds worth a review line when a learned value is
// part of what the reader sees: a name or an address in the text is worth
// knowing about; a camera maker's name in a sentence is not.
var reviewKinds = map[Kind]bool{KindPerson: true, KindAccount: true, KindContact: true, KindPath: true, KindMachine: true}

// ResidueError means the residue check found values of the original in
// the cleaned copy outside the text the reader sees: the handler's rules
// missed them. Nothing was written. It is a failure of scrub, not of the
// file.
type ResidueError struct {
	Found []Residue
}

func (e *ResidueError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "verification failed: the cleaned copy still holds %d identifying value(s) of the original", len(e.Found))
	for i, r := range e.Found {
		if i == 3 {
			fmt.Fprintf(&b, " and %d more", len(e.Found)-3)
			break
		}
		fmt.Fprintf(&b, "; %q (%s in the original) in %s", Escape(r.Value, 60), Escape(r.From, 80), Escape(r.Where, 80))
	}
	b.WriteString("; nothing was written")
	return b.String()
}

// IsVerifyFailure reports whether err means scrub's own check of a
// cleaned copy failed (the rules missed something, or the copy does not
// read back): a failure of scrub, which the user should report.
func IsVerifyFailure(err error) bool {
	var ve *VerifyError
	var re *ResidueError
	var ue *unreadableError
	return errors.As(err, &ve) || errors.As(err, &re) || errors.As(err, &ue)
}

// unreadableError: the cleaned copy does not identify or inspect.
type unreadableError struct{ err error }

// It does not unwrap: the cause says what is wrong with scrub's output,
// not with the user's file, and must not make the file look refused.
func (e *unreadableError) Error() string {
	return fmt.Sprintf("verification failed: the cleaned copy does not read back (%v); nothing was written", e.err)
}
