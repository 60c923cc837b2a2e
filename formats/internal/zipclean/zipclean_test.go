package zipclean

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/scrub-project/scrub/scrub"
)

type member struct {
	name    string
	data    string
	store   bool
	comment string
	extra   []byte
}

// build writes a zip with archive/zip, with real times (archive/zip adds
// an extended-timestamp extra field for them).
func build(t testing.TB, comment string, ms ...member) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range ms {
		fh := &zip.FileHeader{Name: m.name, Method: zip.Deflate, Comment: m.comment, Extra: m.extra,
			Modified: time.Date(2024, 3, 5, 14, 22, 10, 0, time.UTC)}
		if m.store {
			fh.Method = zip.Store
		}
		fh.SetMode(0o640)
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, m.data)
	}
	if comment != "" {
		zw.SetComment(comment)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func env(l scrub.Limits) *scrub.Env { return scrub.NewEnv(scrub.NewRegistry(), l, scrub.Policy{}) }

func open(t testing.TB, data []byte) *Archive {
	t.Helper()
	a, err := Open(context.Background(), env(scrub.Limits{}), "test", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return a
}

func rewrite(t testing.TB, a *Archive, opt Options) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := a.Rewrite(context.Background(), &out, opt); err != nil {
		t.Fatalf("rewrite: %v", err)
	}
	return out.Bytes()
}

// uidExtra is an Info-ZIP "new Unix" extra field with uid and gid 1000.
var uidExtra = []byte{0x75, 0x78, 11, 0, 1, 4, 0xe8, 3, 0, 0, 4, 0xe8, 3, 0, 0}

func sample(t testing.TB) []byte {
	return build(t, "ARCHIVE-COMMENT-PLANT",
		member{name: "mimetype", data: "application/x-test", store: true},
		member{name: "b/", data: ""},
		member{name: "b/keep.txt", data: strings.Repeat("keep me ", 100), comment: "MEMBER-COMMENT-PLANT", extra: uidExtra},
		member{name: "a.xml", data: "<a>SECRET-PLANT</a>"},
		member{name: "drop.bin", data: "DROP-PLANT"},
		member{name: "z.txt", data: "stored", store: true},
	)
}

func TestRewrite(t *testing.T) {
	in := sample(t)
	a := open(t, in)
	if got := len(a.Members); got != 5 {
		t.Fatalf("members: got %d, want 5 (directory entries excluded)", got)
	}
	fs := a.Findings()
	for _, want := range []string{"member modification times", "archive comment", "member comments", "Unix owner ids", "extended timestamps"} {
		found := false
		for _, f := range fs {
			if f.Field == want && f.Action == scrub.Remove {
				found = true
			}
		}
		if !found {
			t.Errorf("findings lack %q: %+v", want, fs)
		}
	}
	opt := Options{
		First: []string{"mimetype", "missing"},
		Decide: func(m *Member) (Decision, error) {
			switch m.Name {
			case "drop.bin":
				return Drop, nil
			case "a.xml":
				return m.Filter(context.Background(), func(dst io.Writer, src io.Reader) error {
					b, err := io.ReadAll(src)
					if err != nil {
						return err
					}
					_, err = dst.Write(bytes.ReplaceAll(b, []byte("SECRET-PLANT"), []byte("clean")))
					return err
				}), nil
			case "mimetype":
				return Decision{Store: true}, nil
			}
			return Keep, nil
		},
	}
	out := rewrite(t, a, opt)
	for _, p := range []string{"ARCHIVE-COMMENT-PLANT", "MEMBER-COMMENT-PLANT", "SECRET-PLANT", "DROP-PLANT"} {
		if bytes.Contains(out, []byte(p)) {
			t.Errorf("output still has %s", p)
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) || f.ModifiedDate != fixedDate || f.ModifiedTime != 0 {
			t.Errorf("%s: time %v / %x %x", f.Name, f.Modified, f.ModifiedDate, f.ModifiedTime)
		}
		if len(f.Extra) != 0 || f.Comment != "" || f.ExternalAttrs != 0 || f.CreatorVersion>>8 != 0 || f.Flags&0x8 != 0 {
			t.Errorf("%s: header not normalised: extra %x comment %q attrs %x creator %x flags %x", f.Name, f.Extra, f.Comment, f.ExternalAttrs, f.CreatorVersion, f.Flags)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if f.Name == "a.xml" && string(b) != "<a>clean</a>" {
			t.Errorf("a.xml = %q", b)
		}
		if f.Name == "mimetype" && f.Method != zip.Store {
			t.Errorf("mimetype is not stored")
		}
	}
	if zr.Comment != "" {
		t.Errorf("archive comment kept")
	}
	if got, want := strings.Join(names, " "), "mimetype a.xml b/keep.txt z.txt"; got != want {
		t.Errorf("order: got %q, want %q", got, want)
	}
	// Deterministic, and idempotent.
	if again := rewrite(t, open(t, in), opt); !bytes.Equal(out, again) {
		t.Errorf("rewriting the same input twice gave different bytes")
	}
	a2 := open(t, out)
	if fs := a2.Findings(); len(fs) != 0 {
		t.Errorf("findings on rewritten archive: %+v", fs)
	}
	if again := rewrite(t, a2, Options{First: opt.First}); !bytes.Equal(out, again) {
		t.Errorf("rewriting the output changed it")
	}
}

// patch returns a copy of b with old replaced by new (same length) once.
func patch(t testing.TB, b []byte, old, new string) []byte {
	t.Helper()
	if len(old) != len(new) {
		t.Fatal("patch: lengths differ")
	}
	i := bytes.Index(b, []byte(old))
	if i < 0 {
		t.Fatalf("patch: %q not found", old)
	}
	c := append([]byte(nil), b...)
	copy(c[i:], new)
	return c
}

// patchAll replaces every occurrence.
func patchAll(b []byte, old, new string) []byte {
	return bytes.ReplaceAll(append([]byte(nil), b...), []byte(old), []byte(new))
}

func raw(t testing.TB, name string, method uint16, flags uint16, data []byte, crc uint32, size uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: method, Flags: flags, CRC32: crc,
		CompressedSize64: uint64(len(data)), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	zw.Close()
	return buf.Bytes()
}

func deflate(b []byte) []byte {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, 9)
	fw.Write(b)
	fw.Close()
	return buf.Bytes()
}

func TestRefused(t *testing.T) {
	ok := build(t, "", member{name: "a.xml", data: "AAAA"}, member{name: "b.xml", data: "BBBB"})
	big := bytes.Repeat([]byte("x"), 5000)
	cases := []struct {
		name   string
		data   []byte
		limits scrub.Limits
		kind   error
		msg    string
	}{
		{"duplicate", patchAll(ok, "b.xml", "a.xml"), scrub.Limits{}, scrub.ErrMalformed, "two members named"},
		{"case duplicate", patchAll(ok, "b.xml", "A.XML"), scrub.Limits{}, scrub.ErrMalformed, "differ only in case"},
		{"nfc duplicate", build(t, "", member{name: "caf\u00e9"}, member{name: "cafe\u0301"}), scrub.Limits{}, scrub.ErrMalformed, "Unicode form"},
		{"absolute", patchAll(ok, "a.xml", "/a.xm"), scrub.Limits{}, scrub.ErrMalformed, "absolute"},
		{"dotdot", build(t, "", member{name: "x/../../etc"}), scrub.Limits{}, scrub.ErrMalformed, "climbs out"},
		{"backslash", patchAll(ok, "a.xml", `a\xml`), scrub.Limits{}, scrub.ErrMalformed, "backslash"},
		{"nul", patchAll(ok, "a.xml", "a\x00xml"), scrub.Limits{}, scrub.ErrMalformed, "NUL"},
		{"drive", patchAll(ok, "a.xml", "C:xml"), scrub.Limits{}, scrub.ErrMalformed, "drive letter"},
		{"local name mismatch", patch(t, ok, "a.xml", "c.xml"), scrub.Limits{}, scrub.ErrMalformed, "local header"},
		{"encrypted", raw(t, "e.xml", zip.Deflate, 1, deflate([]byte("x")), crc32.ChecksumIEEE([]byte("x")), 1), scrub.Limits{}, scrub.ErrEncrypted, "password"},
		{"bzip2", raw(t, "e.xml", 12, 0, []byte("BZh"), 0, 3), scrub.Limits{}, scrub.ErrUnsupported, "bzip2"},
		{"too many", ok, scrub.Limits{MaxMembers: 1}, scrub.ErrLimit, "members"},
		{"declared size", build(t, "", member{name: "big", data: string(big)}), scrub.Limits{MaxMemberSize: 1000}, scrub.ErrLimit, "over the limit"},
		{"truncated", ok[:len(ok)-30], scrub.Limits{}, scrub.ErrMalformed, ""},
		{"not zip", []byte("hello, this is not a zip archive at all"), scrub.Limits{}, scrub.ErrMalformed, "not a zip"},
		{"empty", nil, scrub.Limits{}, scrub.ErrMalformed, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Open(context.Background(), env(c.limits), "test", bytes.NewReader(c.data), int64(len(c.data)))
			if !errors.Is(err, c.kind) {
				t.Fatalf("got %v, want %v", err, c.kind)
			}
			var fe *scrub.FormatError
			if !errors.As(err, &fe) || !strings.Contains(fe.Reason, c.msg) {
				t.Errorf("reason %q does not say %q", err, c.msg)
			}
		})
	}
}

// overlapping builds an archive whose two directory entries point at the
// same local header (the classic overlapping-file zip bomb).
func overlapping(t testing.TB) []byte {
	b := build(t, "", member{name: "a.xml", data: "AAAA"}, member{name: "a.xmm", data: "BBBB"})
	// Point the second central entry at the first local header, and give
	// its local header the same name so that only the overlap is wrong.
	cd := bytes.LastIndex(b, []byte{0x50, 0x4b, 0x01, 0x02})
	binary.LittleEndian.PutUint32(b[cd+42:], 0)
	b = patchAll(b, "a.xmm", "a.xml")
	return b
}

func TestOverlapAndHidden(t *testing.T) {
	b := overlapping(t)
	if _, err := Open(context.Background(), env(scrub.Limits{}), "test", bytes.NewReader(b), int64(len(b))); !errors.Is(err, scrub.ErrMalformed) {
		t.Fatalf("overlap: got %v", err)
	}

	ok := build(t, "", member{name: "a.xml", data: "AAAA"})
	appended := append(append([]byte(nil), ok...), "APPENDED-PLANT"...)
	a := open(t, appended)
	if !hasField(a.Findings(), "data outside the members") {
		t.Errorf("appended data not reported: %+v", a.Findings())
	}
	if out := rewrite(t, a, Options{}); bytes.Contains(out, []byte("APPENDED-PLANT")) {
		t.Errorf("appended data kept")
	}

	// Data before the first member (a polyglot prefix), offsets adjusted.
	var buf bytes.Buffer
	buf.WriteString("PREFIX-PLANT")
	zw := zip.NewWriter(&buf)
	zw.SetOffset(int64(len("PREFIX-PLANT")))
	w, _ := zw.Create("a.xml")
	io.WriteString(w, "AAAA")
	zw.Close()
	a = open(t, buf.Bytes())
	if !hasField(a.Findings(), "data outside the members") {
		t.Errorf("prefix not reported: %+v", a.Findings())
	}
	if out := rewrite(t, a, Options{}); bytes.Contains(out, []byte("PREFIX-PLANT")) {
		t.Errorf("prefix kept")
	}
}

func hasField(fs []scrub.Finding, field string) bool {
	for _, f := range fs {
		if f.Field == field {
			return true
		}
	}
	return false
}

func TestDamagedMembers(t *testing.T) {
	data := []byte(strings.Repeat("hello ", 50))
	good := deflate(data)
	crc := crc32.ChecksumIEEE(data)
	cases := map[string][]byte{
		"bad crc":         raw(t, "a", zip.Deflate, 0, good, crc^1, uint64(len(data))),
		"short":           raw(t, "a", zip.Deflate, 0, good, crc, uint64(len(data))+1),
		"long":            raw(t, "a", zip.Deflate, 0, good, crc, uint64(len(data))-1),
		"trailing bytes":  raw(t, "a", zip.Deflate, 0, append(append([]byte(nil), good...), "HIDDEN"...), crc, uint64(len(data))),
		"corrupt deflate": raw(t, "a", zip.Deflate, 0, []byte{0xff, 0xff, 0xff, 0xff}, crc, uint64(len(data))),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			a := open(t, b)
			var out bytes.Buffer
			err := a.Rewrite(context.Background(), &out, Options{})
			if !errors.Is(err, scrub.ErrMalformed) {
				t.Fatalf("got %v, want malformed", err)
			}
		})
	}
}

func TestBudgetAndContext(t *testing.T) {
	big := strings.Repeat("0", 1<<20)
	b := build(t, "", member{name: "a", data: big}, member{name: "b", data: big})
	a, err := Open(context.Background(), env(scrub.Limits{MaxTotalSize: 1 << 20}), "test", bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Rewrite(context.Background(), io.Discard, Options{}); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("budget: got %v, want limit", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a = open(t, b)
	if err := a.Rewrite(ctx, io.Discard, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
	// An actual size over the member limit, whatever the header says.
	l := scrub.Limits{MaxMemberSize: 1000}
	lie := raw(t, "a", zip.Deflate, 0, deflate([]byte(big)), crc32.ChecksumIEEE([]byte(big)), 900)
	a, err = Open(context.Background(), env(l), "test", bytes.NewReader(lie), int64(len(lie)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Members[0].ReadAll(context.Background()); !errors.Is(err, scrub.ErrMalformed) && !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("lying size: got %v", err)
	}
}

func TestLookup(t *testing.T) {
	a := open(t, sample(t))
	if a.Lookup("a.xml") == nil || a.Lookup("A.XML") != nil || a.LookupFold("A.XML") == nil {
		t.Errorf("lookup")
	}
	if a.Lookup("b/") != nil || a.LookupFold("B") != nil {
		t.Errorf("directories must not be found")
	}
	if _, ok := a.Lookup("b/keep.txt").Modified(); !ok {
		t.Errorf("Modified: want a real time")
	}
}

func TestZip64Directory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 66000 members")
	}
	var buf bytes.Buffer
	zw := NewWriter(&buf)
	for i := range 66000 {
		if err := zw.Add(fmt.Sprintf("m%05d", i), true, func(io.Writer) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil || len(zr.File) != 66000 {
		t.Fatalf("archive/zip: %v", err)
	}
	a, err := Open(context.Background(), env(scrub.Limits{MaxMembers: 70000}), "test", bytes.NewReader(b), int64(len(b)))
	if err != nil || len(a.Members) != 66000 {
		t.Fatalf("open: %v", err)
	}
}

func FuzzOpenRewrite(f *testing.F) {
	f.Add(sample(f))
	f.Add(build(f, "", member{name: "a.xml", data: "AAAA"}))
	f.Add(overlapping(f))
	f.Add(raw(f, "a", zip.Deflate, 8, deflate([]byte("x")), crc32.ChecksumIEEE([]byte("x")), 1))
	f.Fuzz(func(t *testing.T, b []byte) {
		e := env(scrub.Limits{MaxMemberSize: 1 << 20, MaxTotalSize: 8 << 20, MaxMembers: 1000})
		a, err := Open(context.Background(), e, "test", bytes.NewReader(b), int64(len(b)))
		if err != nil {
			if !scrub.Refused(err) {
				t.Fatalf("open: error of unknown kind: %v", err)
			}
			return
		}
		a.Findings()
		var out bytes.Buffer
		if err := a.Rewrite(context.Background(), &out, Options{}); err != nil {
			if !scrub.Refused(err) {
				t.Fatalf("rewrite: error of unknown kind: %v", err)
			}
			return
		}
		o := out.Bytes()
		a2, err := Open(context.Background(), e, "test", bytes.NewReader(o), int64(len(o)))
		if err != nil {
			t.Fatalf("rewritten archive does not open: %v", err)
		}
		if fs := a2.Findings(); len(fs) != 0 {
			t.Fatalf("rewritten archive has findings: %+v", fs)
		}
		var again bytes.Buffer
		if err := a2.Rewrite(context.Background(), &again, Options{}); err != nil || !bytes.Equal(o, again.Bytes()) {
			t.Fatalf("rewrite not idempotent: %v", err)
		}
	})
}

func BenchmarkRewriteRaw(b *testing.B) {
	data := build(b, "", member{name: "a.bin", data: strings.Repeat("abcdefgh", 1<<17)}, member{name: "b.xml", data: strings.Repeat("<x/>", 1<<16)})
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		a, err := Open(context.Background(), nil, "test", bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		if err := a.Rewrite(context.Background(), io.Discard, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// A filter that changes nothing leaves the member as it was, compressed
// bytes included.
func TestFilterUnchanged(t *testing.T) {
	in := build(t, "", member{name: "same.xml", data: strings.Repeat("<a>same</a>", 100)}, member{name: "diff.xml", data: "<a>x</a>"})
	a := open(t, in)
	out := rewrite(t, a, Options{Decide: func(m *Member) (Decision, error) {
		return m.Filter(context.Background(), func(dst io.Writer, src io.Reader) error {
			b, err := io.ReadAll(src)
			if err != nil {
				return err
			}
			if m.Name == "diff.xml" {
				b = append(b, '\n')
			}
			_, err = dst.Write(b)
			return err
		}), nil
	}})
	rawOf := func(data []byte, name string) []byte {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if f.Name == name {
				r, _ := f.OpenRaw()
				b, _ := io.ReadAll(r)
				return b
			}
		}
		t.Fatalf("%s missing", name)
		return nil
	}
	if !bytes.Equal(rawOf(in, "same.xml"), rawOf(out, "same.xml")) {
		t.Errorf("unchanged member was recompressed")
	}
	if bytes.Equal(rawOf(in, "diff.xml"), rawOf(out, "diff.xml")) {
		t.Errorf("changed member kept its old bytes")
	}
}
