package archive_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/bzip2"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/ulikunitz/xz"

	"github.com/scrub-project/scrub/formats/archive"
	"github.com/scrub-project/scrub/formats/epub"
	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/formats/odf"
	"github.com/scrub-project/scrub/formats/ooxml"
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/formats/refused"
	"github.com/scrub-project/scrub/scrub"
)

// reg holds the handlers these tests need (formats/all holds them all;
// the tests do not depend on the formats they do not use).
var reg = func() *scrub.Registry {
	r := scrub.NewRegistry()
	for _, h := range []scrub.Handler{jpeg.New(), png.New(), ooxml.New(), odf.New(), epub.New(), archive.New(), refused.New()} {
		r.Register(h)
	}
	return r
}()

// zmember is one member of a test zip.
type zmember struct {
	name    string
	data    []byte
	comment string
	extra   []byte
	mode    uint32 // Unix mode with type bits; 0 means a plain 0640 file
	store   bool
}

// uidExtra is an Info-ZIP "new Unix" extra field with uid and gid 4242.
var uidExtra = []byte{0x75, 0x78, 11, 0, 1, 4, 0x92, 0x10, 0, 0, 4, 0x92, 0x10, 0, 0}

func buildZip(t testing.TB, comment string, ms ...zmember) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range ms {
		fh := &zip.FileHeader{Name: m.name, Method: zip.Deflate, Comment: m.comment, Extra: m.extra,
			Modified: time.Date(2023, 7, 14, 9, 30, 0, 0, time.UTC)}
		if m.store {
			fh.Method = zip.Store
		}
		fh.CreatorVersion = 3<<8 | 20
		mode := m.mode
		if mode == 0 {
			mode = 0o100640
		}
		fh.ExternalAttrs = mode << 16
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(m.data)
	}
	if comment != "" {
		zw.SetComment(comment)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tmember is one member of a test tar.
type tmember struct {
	hdr  tar.Header
	data []byte
}

// dirtyHeader returns a header carrying planted owner, times and PAX
// records.
func dirtyHeader(name string, size int) tar.Header {
	return tar.Header{Typeflag: tar.TypeReg, Name: name, Size: int64(size), Mode: 0o640,
		Uid: 4243, Gid: 4244, Uname: "PLANT-UNAME", Gname: "PLANT-GNAME",
		ModTime: time.Date(2023, 7, 14, 9, 30, 15, 0, time.UTC), Format: tar.FormatPAX,
		PAXRecords: map[string]string{"comment": "PLANT-PAXCOMMENT", "SCHILY.xattr.user.PLANT-XATTRKEY": "PLANT-XATTRVAL"}}
}

func buildTar(t testing.TB, ms ...tmember) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, m := range ms {
		h := m.hdr
		if h.Typeflag == tar.TypeReg {
			h.Size = int64(len(m.data))
		}
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatal(err)
		}
		tw.Write(m.data)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipWith(t testing.TB, b []byte, name, comment string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Name, zw.Comment, zw.ModTime = name, comment, time.Date(2023, 7, 14, 9, 30, 0, 0, time.UTC)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func xzOf(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := xz.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// expand returns every view of data the tests search, recursively: the
// bytes themselves, zip members, tar members and headers, and what gzip,
// xz and bzip2 streams decompress to. It is independent of the handler.
func expand(t testing.TB, data []byte) [][]byte {
	var out [][]byte
	var walk func(b []byte, depth int)
	walk = func(b []byte, depth int) {
		if depth > 8 || len(b) == 0 {
			return
		}
		out = append(out, b)
		if zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil {
			for _, f := range zr.File {
				if rc, err := f.Open(); err == nil {
					m, _ := io.ReadAll(rc)
					rc.Close()
					walk(m, depth+1)
				}
			}
		}
		if len(b) >= 512 && (string(b[257:262]) == "ustar") {
			tr := tar.NewReader(bytes.NewReader(b))
			for {
				h, err := tr.Next()
				if err != nil {
					break
				}
				m, _ := io.ReadAll(tr)
				walk(m, depth+1)
				var hb strings.Builder
				hb.WriteString(h.Name + "\n" + h.Uname + "\n" + h.Gname + "\n")
				for k, v := range h.PAXRecords {
					hb.WriteString(k + "=" + v + "\n")
				}
				out = append(out, []byte(hb.String()))
			}
		}
		switch {
		case bytes.HasPrefix(b, []byte{0x1f, 0x8b}):
			if zr, err := gzip.NewReader(bytes.NewReader(b)); err == nil {
				out = append(out, []byte(zr.Name+"\n"+zr.Comment))
				m, _ := io.ReadAll(zr)
				walk(m, depth+1)
			}
		case bytes.HasPrefix(b, []byte{0xfd, '7', 'z', 'X', 'Z', 0}):
			if zr, err := xz.NewReader(bytes.NewReader(b)); err == nil {
				m, _ := io.ReadAll(zr)
				walk(m, depth+1)
			}
		case bytes.HasPrefix(b, []byte("BZh")):
			m, _ := io.ReadAll(bzip2.NewReader(bytes.NewReader(b)))
			walk(m, depth+1)
		}
	}
	walk(data, 0)
	return out
}

func contains(t testing.TB, data []byte, v string) bool {
	for _, p := range expand(t, data) {
		if bytes.Contains(p, []byte(v)) {
			return true
		}
	}
	return false
}

func assertPresent(t testing.TB, data []byte, vs ...string) {
	t.Helper()
	for _, v := range vs {
		if !contains(t, data, v) {
			t.Errorf("the fixture does not carry %q", v)
		}
	}
}

func assertAbsent(t testing.TB, data []byte, vs ...string) {
	t.Helper()
	for _, v := range vs {
		if contains(t, data, v) {
			t.Errorf("the cleaned copy still carries %q", v)
		}
	}
}

func detect(t testing.TB, name string, data []byte) scrub.Handler {
	t.Helper()
	h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), name)
	if err != nil {
		t.Fatalf("detect %s: %v", name, err)
	}
	return h
}

// policy is the policy the helpers below clean with.
var policy scrub.Policy

// withUnknownMembers sets policy.UnknownMembers to choice until the
// returned function is called.
func withUnknownMembers(choice string) (restore func()) {
	old := policy
	policy.UnknownMembers = choice
	return func() { policy = old }
}

// cleanReport cleans data as the engine does (one pass, findings too).
func cleanReport(t testing.TB, name string, data []byte) ([]byte, []scrub.Finding, []scrub.Warning, error) {
	t.Helper()
	h := detect(t, name, data)
	env := scrub.NewEnv(reg, scrub.Limits{}, policy)
	var buf bytes.Buffer
	fs, ws, err := h.(scrub.ReportingCleaner).CleanReport(context.Background(), env, bytes.NewReader(data), int64(len(data)), &buf)
	return buf.Bytes(), fs, ws, err
}

func mustClean(t testing.TB, name string, data []byte) ([]byte, []scrub.Finding, []scrub.Warning) {
	t.Helper()
	out, fs, ws, err := cleanReport(t, name, data)
	if err != nil {
		t.Fatalf("clean %s: %v", name, err)
	}
	return out, fs, ws
}

func inspect(t testing.TB, name string, data []byte) []scrub.Finding {
	t.Helper()
	h := detect(t, name, data)
	fs, err := h.Inspect(context.Background(), scrub.NewEnv(reg, scrub.Limits{}, policy), bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("inspect %s: %v", name, err)
	}
	return fs
}

// parts returns every part the handler lists, read whole.
func parts(t testing.TB, name string, data []byte) map[string][]byte {
	t.Helper()
	h := detect(t, name, data).(scrub.PartLister)
	out := map[string][]byte{}
	err := h.Parts(context.Background(), scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{}), bytes.NewReader(data), int64(len(data)), func(p scrub.Part) error {
		b, err := io.ReadAll(p.R)
		out[p.Where] = append(out[p.Where], b...)
		return err
	})
	if err != nil {
		t.Fatalf("parts %s: %v", name, err)
	}
	return out
}
