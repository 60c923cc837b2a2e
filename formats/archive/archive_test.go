package archive_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/bzip2"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dbzip2 "github.com/dsnet/compress/bzip2"
	"github.com/klauspost/compress/gzip"
	"github.com/ulikunitz/xz"

	"github.com/scrub-project/scrub/formats/archive"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

var photo = metatest.DirtyJPEG(64, 48, 7, metatest.Planted{Artist: "PLANT-ARTIST", Make: "PLANT-MAKE", Model: "PLANT-MODEL", Serial: "PLANT-SERIAL", Software: "PLANT-SOFTWARE"})

const notes = "Meeting notes: the march starts at noon.\nBring water.\n"

// plantedZip holds every kind of member: an Office document with an
// author, a photo with GPS and a camera serial, a nested zip with another
// document, plain text; member comments, owner extra fields, times and an
// archive comment.
func plantedZip(t testing.TB) ([]byte, []string) {
	inner := buildZip(t, "PLANT-INNERCOMMENT",
		zmember{name: "deep/report.docx", data: hostile.Docx("PLANTNESTED", "nested text")},
		zmember{name: "deep/readme.txt", data: []byte("inner text\n")})
	data := buildZip(t, "PLANT-ZIPCOMMENT",
		zmember{name: "docs/letter.docx", data: hostile.Docx("PLANTDOCX", "the letter"), comment: "PLANT-MEMBERCOMMENT", extra: uidExtra},
		zmember{name: "photos/IMG_0001.jpg", data: photo, store: true},
		zmember{name: "photos/more.zip", data: inner},
		zmember{name: "notes.txt", data: []byte(notes)},
		zmember{name: "empty/", data: nil, mode: 0o040755},
	)
	return data, []string{"PLANT-ZIPCOMMENT", "PLANT-MEMBERCOMMENT", "PLANTDOCX-CREATOR", "PLANTDOCX-EDITOR",
		"PLANT-ARTIST", "PLANT-MAKE", "PLANT-SERIAL", "PLANT-SOFTWARE", "PLANT-INNERCOMMENT", "PLANTNESTED-CREATOR", "PLANTNESTED-EDITOR"}
}

func TestZip(t *testing.T) {
	data, planted := plantedZip(t)
	assertPresent(t, data, planted...)
	out := scrubtest.RoundTrip(t, reg, "folder.zip", data)
	assertAbsent(t, out, planted...)
	assertAbsent(t, out, "Exif\x00")

	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.Comment != "" {
		t.Errorf("archive comment %q", zr.Comment)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Comment != "" || len(f.Extra) != 0 || !f.Modified.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) || f.ExternalAttrs != 0 {
			t.Errorf("%s: header not normalised: comment %q, extra %x, time %v, attributes %x", f.Name, f.Comment, f.Extra, f.Modified, f.ExternalAttrs)
		}
		if f.Name == "notes.txt" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			if string(b) != notes {
				t.Errorf("notes.txt changed: %q", b)
			}
		}
	}
	if want := "docs/letter.docx notes.txt photos/IMG_0001.jpg photos/more.zip"; strings.Join(names, " ") != want {
		t.Errorf("members %q, want %q", names, want)
	}

	_, fs, _ := mustClean(t, "folder.zip", data)
	for _, want := range []string{"docs/letter.docx > docProps/core.xml", "photos/IMG_0001.jpg", "photos/more.zip > deep/report.docx > docProps/core.xml", "zip container"} {
		found := false
		for _, f := range fs {
			found = found || strings.HasPrefix(f.Where, want)
		}
		if !found {
			t.Errorf("no finding under %q", want)
		}
	}
	for _, f := range fs {
		if f.Where == "zip container" && !scrub.KnownLabel(f.Label) {
			t.Errorf("finding %+v has no label", f)
		}
	}
}

// A member scrub cannot clean: refused by default, naming it; left out or
// kept (loudly) by choice.
func TestUnknownMembers(t *testing.T) {
	data := buildZip(t, "",
		zmember{name: "letter.docx", data: hostile.Docx("PLANTU", "text")},
		zmember{name: "bin/tool.exe", data: append([]byte("MZ\x90\x00"), []byte("PLANT-BINARY")...)},
		zmember{name: "old.doc", data: hostile.CFB("WordDocument")},
	)
	_, _, _, err := cleanReport(t, "a.zip", data)
	if !errors.Is(err, scrub.ErrUnsupported) || !strings.Contains(err.Error(), "bin/tool.exe") || !strings.Contains(err.Error(), "old.doc (legacy binary Word format") {
		t.Fatalf("default: %v, want a refusal naming bin/tool.exe and old.doc with its reason", err)
	}
	fs := inspect(t, "a.zip", data)
	if n := countField(fs, "member scrub cannot clean"); n != 2 {
		t.Errorf("inspect lists %d unknown members, want 2: %+v", n, fs)
	}

	restore := withUnknownMembers(scrub.UnknownOmit)
	out, fs, ws := mustClean(t, "a.zip", data)
	restore()
	assertAbsent(t, out, "PLANT-BINARY", "PLANTU-CREATOR")
	if names := zipNames(t, out); names != "letter.docx" {
		t.Errorf("omit: members %q", names)
	}
	if countAction(fs, "member scrub cannot clean (left out)", scrub.Remove) != 2 || len(ws) != 0 {
		t.Errorf("omit: findings %+v warnings %+v", fs, ws)
	}

	restore = withUnknownMembers(scrub.UnknownKeep)
	defer restore()
	out, fs, ws = mustClean(t, "a.zip", data)
	assertPresent(t, out, "PLANT-BINARY")
	assertAbsent(t, out, "PLANTU-CREATOR")
	if names := zipNames(t, out); names != "bin/tool.exe letter.docx old.doc" {
		t.Errorf("keep: members %q", names)
	}
	if countAction(fs, "member KEPT UNCHANGED", scrub.Report) != 2 {
		t.Errorf("keep: findings %+v", fs)
	}
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "KEPT UNCHANGED") || !strings.Contains(ws[0].Message, "bin/tool.exe") {
		t.Errorf("keep: warnings %+v", ws)
	}
	again := inspect(t, "a.zip", out)
	if scrub.Removable(again) {
		t.Errorf("keep: the cleaned copy inspects with removable findings: %+v", again)
	}
}

func countField(fs []scrub.Finding, prefix string) int {
	n := 0
	for _, f := range fs {
		if strings.HasPrefix(f.Field, prefix) {
			n++
		}
	}
	return n
}

func countAction(fs []scrub.Finding, prefix string, a scrub.Action) int {
	n := 0
	for _, f := range fs {
		if strings.HasPrefix(f.Field, prefix) && f.Action == a {
			n++
		}
	}
	return n
}

func zipNames(t testing.TB, b []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var ns []string
	for _, f := range zr.File {
		ns = append(ns, f.Name)
	}
	return strings.Join(ns, " ")
}

// plantedTar holds an Office document, a photo, a folder and text, each
// with a planted owner, times and PAX records, and a PAX global header.
func plantedTar(t testing.TB) ([]byte, []string) {
	docx := hostile.Docx("PLANTTAR", "tar text")
	dir := dirtyHeader("./project/", 0)
	dir.Typeflag, dir.Mode = tar.TypeDir, 0o750
	data := buildTar(t,
		tmember{hdr: tar.Header{Typeflag: tar.TypeXGlobalHeader, Name: "global", PAXRecords: map[string]string{"comment": "PLANT-GLOBALCOMMENT"}, Format: tar.FormatPAX}},
		tmember{hdr: dir},
		tmember{hdr: dirtyHeader("./project/report.docx", len(docx)), data: docx},
		tmember{hdr: dirtyHeader("./project/photo.jpg", len(photo)), data: photo},
		tmember{hdr: dirtyHeader("./project/"+strings.Repeat("long-name-", 12)+"notes.txt", len(notes)), data: []byte(notes)},
	)
	return data, []string{"PLANT-UNAME", "PLANT-GNAME", "PLANT-PAXCOMMENT", "PLANT-XATTRKEY", "PLANT-XATTRVAL", "PLANT-GLOBALCOMMENT",
		"PLANTTAR-CREATOR", "PLANTTAR-EDITOR", "PLANT-ARTIST", "PLANT-SERIAL"}
}

func bzip2Of(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	w, err := dbzip2.NewWriter(&buf, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestTar(t *testing.T) {
	raw, planted := plantedTar(t)
	for _, c := range []struct {
		name  string
		data  []byte
		magic string
	}{
		{"project.tar", raw, ""},
		{"project.tgz", gzipWith(t, raw, "PLANT-GZNAME.tar", "PLANT-GZCOMMENT"), "\x1f\x8b"},
		{"project.tar.xz", xzOf(t, raw), "\xfd7zXZ"},
		{"project.tar.bz2", bzip2Of(t, raw), "BZh"},
	} {
		t.Run(c.name, func(t *testing.T) {
			planted := planted
			if c.magic == "\x1f\x8b" {
				planted = append(planted, "PLANT-GZNAME", "PLANT-GZCOMMENT")
			}
			assertPresent(t, c.data, planted...)
			out := scrubtest.RoundTrip(t, reg, c.name, c.data)
			assertAbsent(t, out, planted...)
			assertAbsent(t, out, "Exif\x00")
			if !strings.HasPrefix(string(out), c.magic) {
				t.Fatalf("the cleaned copy is not compressed as the original (%q)", out[:min(len(out), 6)])
			}
			plainOut := out
			if c.magic != "" {
				plainOut = decompressed(t, out)
			}
			tr := tar.NewReader(bytes.NewReader(plainOut))
			var names []string
			for {
				h, err := tr.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				names = append(names, h.Name)
				wantMode := int64(0o644)
				if h.Typeflag == tar.TypeDir {
					wantMode = 0o755
				}
				if h.Uname != "" || h.Gname != "" || h.Uid != 0 || h.Gid != 0 || !h.ModTime.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) || h.Mode != wantMode {
					t.Errorf("%s: header not normalised: %+v", h.Name, h)
				}
				for k := range h.PAXRecords {
					if k != "path" {
						t.Errorf("%s: PAX record %q kept", h.Name, k)
					}
				}
				if strings.HasSuffix(h.Name, "notes.txt") {
					b, _ := io.ReadAll(tr)
					if string(b) != notes {
						t.Errorf("notes changed")
					}
				}
			}
			if len(names) != 4 || names[0] != "project/" || names[1] != "project/report.docx" {
				t.Errorf("members %q", names)
			}
		})
	}
}

// The structure part holds every header byte; members are listed through
// their handlers.
func TestParts(t *testing.T) {
	raw, _ := plantedTar(t)
	ps := parts(t, "p.tgz", gzipWith(t, raw, "PLANT-GZNAME.tar", ""))
	for where, want := range map[string]string{"tar headers": "PLANT-UNAME", "gzip header": "PLANT-GZNAME"} {
		if !bytes.Contains(ps[where], []byte(want)) {
			t.Errorf("part %q lacks %q", where, want)
		}
	}
	if !bytes.Contains(ps["project/report.docx"], []byte("PK\x03\x04")) && ps["project/report.docx > docProps/core.xml"] == nil {
		t.Errorf("the docx is not listed: %v", keys(ps))
	}
	data, _ := plantedZip(t)
	ps = parts(t, "a.zip", data)
	if !bytes.Contains(ps["zip container"], []byte("PLANT-ZIPCOMMENT")) || !bytes.Contains(ps["zip container"], uidExtra) {
		t.Errorf("the zip structure lacks the comment or the extra field")
	}
	if _, ok := ps["photos/more.zip > zip container"]; !ok {
		t.Errorf("nested members are not listed: %v", keys(ps))
	}
}

func keys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func TestIdentify(t *testing.T) {
	h := archive.New()
	id := func(b []byte) string {
		head := b[:min(len(b), 4096)]
		name, err := h.Identify(head, bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return "error: " + err.Error()
		}
		return name
	}
	data, _ := plantedZip(t)
	raw, _ := plantedTar(t)
	for want, b := range map[string][]byte{
		"zip":     data,
		"tar":     raw,
		"tar.gz":  gzipWith(t, raw, "", ""),
		"tar.xz":  xzOf(t, raw),
		"tar.bz2": bzip2Of(t, raw),
		"":        gzipWith(t, []byte("<svg>a gzip-compressed drawing</svg>"), "", ""),
		"app-package": buildZip(t, "", zmember{name: "META-INF/MANIFEST.MF", data: []byte("Manifest-Version: 1.0\n")},
			zmember{name: "a/B.class", data: []byte{0xca, 0xfe, 0xba, 0xbe}}),
	} {
		if got := id(b); got != want {
			t.Errorf("identify: %q, want %q", got, want)
		}
	}
	// Document packages are their handlers' alone.
	for name, b := range map[string][]byte{
		"docx": hostile.Docx("P", "t"), "odt": hostile.ODT("P", "t"),
		"epub-like": buildZip(t, "", zmember{name: "mimetype", data: []byte("application/epub+zip"), store: true}, zmember{name: "META-INF/container.xml", data: []byte("<container/>")}),
		"opc":       buildZip(t, "", zmember{name: "[Content_Types].xml", data: []byte("<Types/>")}),
	} {
		if got := id(b); got != "" {
			t.Errorf("%s: identified as %q", name, got)
		}
	}
	empty := buildZip(t, "")
	if got := id(empty); got != "zip" {
		t.Errorf("empty zip: %q", got)
	}
	out, _, _ := mustClean(t, "e.zip", empty)
	if len(out) != 22 {
		t.Errorf("empty zip cleaned to %d bytes", len(out))
	}
}

// Refusals: each hostile archive gets a clear error of the right kind.
func TestRefusals(t *testing.T) {
	file := func(name string, data string) tmember {
		return tmember{hdr: tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Format: tar.FormatPAX}, data: []byte(data)}
	}
	special := func(typ byte, name, link string, mode int64) tmember {
		return tmember{hdr: tar.Header{Typeflag: typ, Name: name, Linkname: link, Mode: mode}}
	}
	badSum := buildTar(t, file("a.txt", "text"))
	badSum[148] = '7'
	huge := buildTar(t, file("a.txt", "text"))
	copy(huge[124:136], "77777777777\x00")
	fixChecksum(huge)
	for _, c := range []struct {
		name string
		data []byte
		kind error
		says string
	}{
		{"symlink", buildTar(t, special(tar.TypeSymlink, "link", "/home/alice/.ssh/id_rsa", 0o777)), scrub.ErrUnsupported, "symbolic link"},
		{"hardlink", buildTar(t, file("a.txt", "x"), special(tar.TypeLink, "b.txt", "a.txt", 0o644)), scrub.ErrUnsupported, "hard link"},
		{"device", buildTar(t, special(tar.TypeChar, "tty", "", 0o600)), scrub.ErrUnsupported, "device"},
		{"fifo", buildTar(t, special(tar.TypeFifo, "pipe", "", 0o600)), scrub.ErrUnsupported, "pipe"},
		{"setuid", buildTar(t, tmember{hdr: tar.Header{Typeflag: tar.TypeReg, Name: "su", Mode: 0o4755}, data: []byte("x")}), scrub.ErrUnsupported, "setuid"},
		{"sticky", buildTar(t, tmember{hdr: tar.Header{Typeflag: tar.TypeDir, Name: "tmp/", Mode: 0o1777}}), scrub.ErrUnsupported, "sticky"},
		{"dotdot", buildTar(t, file("../evil.txt", "x")), scrub.ErrMalformed, "climbs out"},
		{"absolute", buildTar(t, file("/etc/passwd", "x")), scrub.ErrMalformed, "absolute"},
		{"drive", buildTar(t, file("C:/x.txt", "x")), scrub.ErrMalformed, "drive"},
		{"backslash", buildTar(t, file(`a\..\..\x.txt`, "x")), scrub.ErrMalformed, "backslash"},
		{"duplicate", buildTar(t, file("a.txt", "x"), file("a.txt", "y")), scrub.ErrMalformed, "two members"},
		{"case", buildTar(t, file("A.txt", "x"), file("a.txt", "y")), scrub.ErrMalformed, "case"},
		{"nfd", buildTar(t, file("caf\u00e9.txt", "x"), file("cafe\u0301.txt", "y")), scrub.ErrMalformed, "Unicode"},
		{"file-and-folder", buildTar(t, file("a", "x"), file("a/b.txt", "y")), scrub.ErrMalformed, "is a file"},
		{"bad-checksum", badSum, scrub.ErrMalformed, ""},
		{"huge-size", huge, scrub.ErrLimit, "over the limit"},
		{"truncated", buildTar(t, file("a.txt", strings.Repeat("x", 5000)))[:2048], scrub.ErrMalformed, ""},
		{"gzip-not-tar", gzipWith(t, bytes.Repeat([]byte{'x'}, 600), "", ""), nil, ""},
		{"zip-symlink", buildZip(t, "", zmember{name: "link", data: []byte("/etc/passwd"), mode: 0o120777}), scrub.ErrUnsupported, "symbolic link"},
		{"zip-setuid", buildZip(t, "", zmember{name: "su", data: []byte("x"), mode: 0o104755}), scrub.ErrUnsupported, "setuid"},
		{"zip-dotdot", buildZip(t, "", zmember{name: "../x.txt", data: []byte("x")}), scrub.ErrMalformed, "climbs out"},
	} {
		t.Run(c.name, func(t *testing.T) {
			name := "x.tar"
			if c.data[0] == 'P' {
				name = "x.zip"
			}
			h := archive.New()
			env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
			format, err := h.Identify(c.data[:min(len(c.data), 4096)], bytes.NewReader(c.data), int64(len(c.data)))
			if err == nil && format == "" {
				if c.kind != nil {
					t.Fatalf("not identified")
				}
				return
			}
			if err == nil {
				var buf bytes.Buffer
				_, err = h.Clean(context.Background(), env, bytes.NewReader(c.data), int64(len(c.data)), &buf)
			}
			if c.kind == nil || !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.says) {
				t.Errorf("%s: %v, want %v saying %q", name, err, c.kind, c.says)
			}
			if _, ierr := h.Inspect(context.Background(), env, bytes.NewReader(c.data), int64(len(c.data))); err != nil && ierr == nil && c.kind != scrub.ErrUnsupported {
				t.Errorf("inspect accepts what clean refuses")
			}
		})
	}
}

// Archives nested past the depth limit are refused.
func TestDepth(t *testing.T) {
	b := []byte(notes)
	name := "notes.txt"
	for i := 0; i < 6; i++ {
		b = buildZip(t, "", zmember{name: name, data: b})
		name = "level.zip"
	}
	_, _, _, err := cleanReport(t, "deep.zip", b)
	if !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("6 levels: %v, want ErrLimit", err)
	}
}

func fixChecksum(b []byte) {
	copy(b[148:156], "        ")
	var sum int64
	for _, c := range b[:512] {
		sum += int64(c)
	}
	copy(b[148:156], fmt.Sprintf("%06o\x00 ", sum))
}

func decompressed(t testing.TB, b []byte) []byte {
	t.Helper()
	var r io.Reader
	var err error
	switch {
	case bytes.HasPrefix(b, []byte{0x1f, 0x8b}):
		r, err = gzip.NewReader(bytes.NewReader(b))
	case bytes.HasPrefix(b, []byte("BZh")):
		r = bzip2.NewReader(bytes.NewReader(b))
	default:
		r, err = xz.NewReader(bytes.NewReader(b))
	}
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// In a TAR too: refused by default; left out, the archive keeps its other
// members, or, with none left, stays a TAR.
func TestUnknownMembersTar(t *testing.T) {
	bin := []byte("\x7fELF\x02\x01PLANT-ELF")
	data := gzipWith(t, buildTar(t,
		tmember{hdr: dirtyHeader("tool", len(bin)), data: bin},
		tmember{hdr: dirtyHeader("notes.txt", len(notes)), data: []byte(notes)}), "", "")
	if _, _, _, err := cleanReport(t, "a.tgz", data); !errors.Is(err, scrub.ErrUnsupported) || !strings.Contains(err.Error(), "tool (scrub does not know this kind of file: a program") {
		t.Fatalf("default: %v", err)
	}
	restore := withUnknownMembers(scrub.UnknownOmit)
	defer restore()
	out, _, _ := mustClean(t, "a.tgz", data)
	assertAbsent(t, out, "PLANT-ELF")
	assertPresent(t, out, notes)
	only := gzipWith(t, buildTar(t, tmember{hdr: dirtyHeader("tool", len(bin)), data: bin}), "", "")
	out, _, _ = mustClean(t, "b.tgz", only)
	if h := detect(t, "b.tgz", out); h.Name() != "archive" {
		t.Errorf("an emptied archive is not recognised")
	}
	again, _, _ := mustClean(t, "b.tgz", out)
	if !bytes.Equal(out, again) {
		t.Errorf("an emptied archive is not stable")
	}
}

// Through the engine: a name the document's metadata held that the
// sender's own notes also say is content to review, not a leak.
func TestEngineNameInNotes(t *testing.T) {
	data := buildZip(t, "",
		zmember{name: "letter.docx", data: hostile.Docx("PLANTE", "text")},
		zmember{name: "notes.txt", data: []byte("Letter written by PLANTE-CREATOR.\n")})
	path := filepath.Join(t.TempDir(), "a.zip")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	e := &scrub.Engine{Registry: reg, Jobs: 1}
	var res scrub.Result
	if err := e.Clean(context.Background(), scrub.NewPlan([]string{path}, scrub.PlanOptions{}), scrub.CleanOptions{}, func(r scrub.Result) { res = r }); err != nil {
		t.Fatal(err)
	}
	if res.Status != scrub.StatusCleaned {
		t.Fatalf("%s: %s", res.Status, res.Error)
	}
}

// Through the engine, with the user's choice in scrub.Policy: keep cleans
// the archive and says loudly what it kept; the default refuses it.
func TestEngineUnknownMembersPolicy(t *testing.T) {
	data := buildZip(t, "",
		zmember{name: "letter.docx", data: hostile.Docx("PLANTK", "text")},
		zmember{name: "tool.exe", data: []byte("MZ\x90\x00program")})
	for _, c := range []struct {
		choice string
		status scrub.Status
	}{{scrub.UnknownRefuse, scrub.StatusRefused}, {scrub.UnknownKeep, scrub.StatusCleaned}, {scrub.UnknownOmit, scrub.StatusCleaned}} {
		path := filepath.Join(t.TempDir(), "a.zip")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		e := &scrub.Engine{Registry: reg, Jobs: 1, Policy: scrub.Policy{UnknownMembers: c.choice}}
		var res scrub.Result
		if err := e.Clean(context.Background(), scrub.NewPlan([]string{path}, scrub.PlanOptions{}), scrub.CleanOptions{}, func(r scrub.Result) { res = r }); err != nil {
			t.Fatal(err)
		}
		if res.Status != c.status {
			t.Errorf("%q: %s (%s), want %s", c.choice, res.Status, res.Error, c.status)
		}
		if c.choice == scrub.UnknownKeep && (len(res.Warnings) == 0 || !strings.Contains(res.Warnings[len(res.Warnings)-1].Message, "tool.exe")) {
			t.Errorf("keep: no warning naming the kept member: %+v", res.Warnings)
		}
	}
}
