// Package scrubtest holds the checks every handler's tests share: planted
// values must be absent from every byte of a cleaned file (decompressed,
// decoded, in the encodings documents use), re-inspection must find nothing
// removable, and cleaning twice must give identical bytes.
//
// It decompresses generically (zip members, zlib streams, base64 and hex
// runs) and knows no format; it is for tests only.
package scrubtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"context"
	"encoding/base64"
	"encoding/hex"
	"io"
	"reflect"
	"regexp"
	"testing"
	"unicode/utf16"

	"github.com/scrub-project/scrub/scrub"
)

const maxExpand = 256 << 20

// Expand returns data followed by every decompressed or decoded view of it
// found recursively: zip members, zlib (PDF FlateDecode) streams, raw
// deflate, base64 runs and PDF hex strings.
func Expand(data []byte) [][]byte {
	var out [][]byte
	total := 0
	var walk func(b []byte, depth int)
	walk = func(b []byte, depth int) {
		if total > maxExpand || depth > 6 || len(b) == 0 {
			return
		}
		total += len(b)
		out = append(out, b)
		if zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil {
			for _, f := range zr.File {
				if rc, err := f.Open(); err == nil {
					m, _ := io.ReadAll(io.LimitReader(rc, maxExpand))
					rc.Close()
					walk(m, depth+1)
				}
			}
		}
		for _, s := range streams(b) {
			if d := inflate(s); d != nil {
				walk(d, depth+1)
			}
		}
		for _, m := range b64Run.FindAll(b, -1) {
			clean := bytes.Map(func(r rune) rune {
				if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
					return -1
				}
				return r
			}, m)
			if d, err := base64.StdEncoding.DecodeString(string(clean)); err == nil && len(d) > 0 {
				walk(d, depth+1)
			}
		}
		for _, m := range hexString.FindAllSubmatch(b, -1) {
			h := bytes.Map(func(r rune) rune {
				if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
					return -1
				}
				return r
			}, m[1])
			if len(h)%2 == 1 {
				h = append(h, '0')
			}
			if d, err := hex.DecodeString(string(h)); err == nil && len(d) > 0 {
				out = append(out, d)
			}
		}
	}
	walk(data, 0)
	return out
}

var (
	b64Run    = regexp.MustCompile(`[A-Za-z0-9+/\r\n]{40,}={0,2}`)
	hexString = regexp.MustCompile(`<([0-9A-Fa-f\s]{4,})>`)
)

var streamKW = regexp.MustCompile(`stream\r?\n`)

// streams returns the bytes after each "stream" keyword up to
// "endstream", and for bytes that look like zlib at the start, the whole
// buffer.
func streams(b []byte) [][]byte {
	var out [][]byte
	if len(b) > 2 && b[0] == 0x78 {
		out = append(out, b)
	}
	for _, loc := range streamKW.FindAllIndex(b, -1) {
		rest := b[loc[1]:]
		end := bytes.Index(rest, []byte("endstream"))
		if end < 0 {
			end = len(rest)
		}
		out = append(out, rest[:end])
	}
	return out
}

func inflate(s []byte) []byte {
	if zr, err := zlib.NewReader(bytes.NewReader(s)); err == nil {
		d, _ := io.ReadAll(io.LimitReader(zr, maxExpand))
		if len(d) > 0 {
			return d
		}
	}
	d, _ := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(s)), maxExpand))
	if len(d) > 0 {
		return d
	}
	return nil
}

// Encodings returns v as UTF-8, UTF-16LE and UTF-16BE bytes.
func Encodings(v string) [][]byte {
	u := utf16.Encode([]rune(v))
	le := make([]byte, 0, 2*len(u))
	be := make([]byte, 0, 2*len(u))
	for _, c := range u {
		le = append(le, byte(c), byte(c>>8))
		be = append(be, byte(c>>8), byte(c))
	}
	return [][]byte{[]byte(v), le, be}
}

// Contains reports whether v appears anywhere in Expand(data), in any of
// Encodings(v).
func Contains(data []byte, v string) bool {
	for _, part := range Expand(data) {
		for _, enc := range Encodings(v) {
			if bytes.Contains(part, enc) {
				return true
			}
		}
	}
	return false
}

// AssertPresent fails the test unless every planted value is in data: a
// fixture that does not carry what it plants proves nothing.
func AssertPresent(t testing.TB, data []byte, planted ...string) {
	t.Helper()
	for _, v := range planted {
		if !Contains(data, v) {
			t.Errorf("fixture does not contain planted value %q", v)
		}
	}
}

// AssertAbsent fails the test for every planted value still found in data.
func AssertAbsent(t testing.TB, data []byte, planted ...string) {
	t.Helper()
	for _, v := range planted {
		if Contains(data, v) {
			t.Errorf("cleaned output still contains planted value %q", v)
		}
	}
}

// Inspect runs reg's handler for data (identified by content and name).
func Inspect(t testing.TB, reg *scrub.Registry, name string, data []byte) []scrub.Finding {
	t.Helper()
	h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), name)
	if err != nil {
		t.Fatalf("detect %s: %v", name, err)
	}
	env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
	fs, err := h.Inspect(context.Background(), env, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("inspect %s: %v", name, err)
	}
	return fs
}

// Clean runs reg's handler for data and returns the cleaned bytes.
func Clean(t testing.TB, reg *scrub.Registry, name string, data []byte, policy scrub.Policy) ([]byte, []scrub.Warning) {
	t.Helper()
	h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), name)
	if err != nil {
		t.Fatalf("detect %s: %v", name, err)
	}
	env := scrub.NewEnv(reg, scrub.Limits{}, policy)
	var buf bytes.Buffer
	ws, err := h.Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), &buf)
	if err != nil {
		t.Fatalf("clean %s: %v", name, err)
	}
	return buf.Bytes(), ws
}

// RoundTrip is the table-driven check every handler runs on its fixtures:
// the dirty fixture carries every planted value and inspects as dirty;
// the cleaned output carries none of them, identifies as the same format,
// and re-inspects with nothing removable; cleaning the output again gives
// identical bytes. It returns the cleaned bytes for further checks.
func RoundTrip(t testing.TB, reg *scrub.Registry, name string, dirty []byte, planted ...string) []byte {
	t.Helper()
	AssertPresent(t, dirty, planted...)
	if fs := Inspect(t, reg, name, dirty); !scrub.Removable(fs) {
		t.Errorf("%s: inspect of the dirty fixture found nothing removable", name)
	}
	clean, _ := Clean(t, reg, name, dirty, scrub.Policy{})
	CheckReport(t, reg, name, dirty, clean)
	AssertAbsent(t, clean, planted...)
	if fs := Inspect(t, reg, name, clean); scrub.Removable(fs) {
		t.Errorf("%s: cleaned output still has removable findings: %+v", name, fs)
	}
	again, _ := Clean(t, reg, name, clean, scrub.Policy{})
	if !bytes.Equal(clean, again) {
		t.Errorf("%s: cleaning the cleaned output changed it (%d -> %d bytes): not idempotent", name, len(clean), len(again))
	}
	return clean
}

// CheckReport checks a ReportingCleaner's one-pass promise on data: its
// CleanReport returns exactly Inspect's findings and writes exactly
// Clean's output (want). It does nothing for other handlers.
func CheckReport(t testing.TB, reg *scrub.Registry, name string, data, want []byte) {
	t.Helper()
	h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), name)
	if err != nil {
		t.Fatalf("detect %s: %v", name, err)
	}
	rc, ok := h.(scrub.ReportingCleaner)
	if !ok {
		return
	}
	var buf bytes.Buffer
	env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
	fs, _, err := rc.CleanReport(context.Background(), env, bytes.NewReader(data), int64(len(data)), &buf)
	if err != nil {
		t.Fatalf("clean-report %s: %v", name, err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s: CleanReport writes other bytes than Clean", name)
	}
	inspected := Inspect(t, reg, name, data)
	if !reflect.DeepEqual(norm(fs), norm(inspected)) {
		t.Errorf("%s: CleanReport's findings differ from Inspect's:\n clean-report %+v\n inspect      %+v", name, fs, inspected)
	}
}

func norm(fs []scrub.Finding) []scrub.Finding {
	if len(fs) == 0 {
		return nil
	}
	return fs
}
