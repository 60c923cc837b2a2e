package isobmff_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/isobmff"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(isobmff.New())
	return r
}

// clean runs CleanReport and fails the test on error.
func clean(t testing.TB, in []byte) ([]byte, []scrub.Finding, []scrub.Warning) {
	t.Helper()
	out, fs, ws, err := tryClean(in)
	if err != nil {
		t.Fatalf("clean: %v", err)
	}
	return out, fs, ws
}

func tryClean(in []byte) ([]byte, []scrub.Finding, []scrub.Warning, error) {
	reg := registry()
	env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
	h := isobmff.New().(scrub.ReportingCleaner)
	var out bytes.Buffer
	fs, ws, err := h.CleanReport(context.Background(), env, bytes.NewReader(in), int64(len(in)), &out)
	return out.Bytes(), fs, ws, err
}

func inspect(t testing.TB, in []byte) []scrub.Finding {
	t.Helper()
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	fs, err := isobmff.New().Inspect(context.Background(), env, bytes.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	return fs
}

// Box builders.

func u8(v uint8) []byte   { return []byte{v} }
func u16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }
func u32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }
func cstr(s string) []byte {
	return append([]byte(s), 0)
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func box(typ string, parts ...[]byte) []byte {
	p := cat(parts...)
	return cat(u32(uint32(len(p)+8)), []byte(typ), p)
}

// box64 writes a box with a 64-bit size.
func box64(typ string, parts ...[]byte) []byte {
	p := cat(parts...)
	return cat(u32(1), []byte(typ), u64(uint64(len(p)+16)), p)
}

func fullbox(typ string, version byte, flags uint32, parts ...[]byte) []byte {
	return box(typ, append([]byte{version, byte(flags >> 16), byte(flags >> 8), byte(flags)}, cat(parts...)...))
}

// qtText is a QuickTime user data text atom payload.
func qtText(s string) []byte { return cat(u16(uint16(len(s))), u16(0x15c7), []byte(s)) }

// asset is a 3GPP asset box payload: FullBox, language, string.
func asset(s string) []byte { return cat(u32(0), u16(0x55c4), cstr(s)) }

// tbox is a box parsed by the tests, independently of the handler.
type tbox struct {
	typ  string
	data []byte // payload
	kids []*tbox
	at   int // offset of the box in the buffer it was parsed from
	hdr  int
}

var testContainers = map[string]bool{
	"moov": true, "trak": true, "mdia": true, "minf": true, "stbl": true, "udta": true, "edts": true,
	"dinf": true, "iprp": true, "ipco": true, "tref": true,
}

// parseBoxes parses a sequence of boxes; containers are parsed into kids
// (meta too, after its FullBox header if it has one).
func parseBoxes(t testing.TB, b []byte, base int) []*tbox {
	t.Helper()
	var out []*tbox
	for off := 0; off+8 <= len(b); {
		size := int(binary.BigEndian.Uint32(b[off:]))
		hdr := 8
		typ := string(b[off+4 : off+8])
		switch size {
		case 0:
			size = len(b) - off
		case 1:
			size = int(binary.BigEndian.Uint64(b[off+8:]))
			hdr = 16
		}
		if size < hdr || off+size > len(b) {
			t.Fatalf("box %q at %d: bad size %d", typ, base+off, size)
		}
		bx := &tbox{typ: typ, data: b[off+hdr : off+size], at: base + off, hdr: hdr}
		switch {
		case testContainers[typ]:
			bx.kids = parseBoxes(t, bx.data, base+off+hdr)
		case typ == "meta":
			skip := 4
			if len(bx.data) >= 8 && string(bx.data[4:8]) == "hdlr" {
				skip = 0
			}
			bx.kids = parseBoxes(t, bx.data[skip:], base+off+hdr+skip)
		}
		out = append(out, bx)
		off += size
	}
	return out
}

// find returns the boxes at a slash-separated path.
func find(bs []*tbox, path string) []*tbox {
	parts := strings.SplitN(path, "/", 2)
	var out []*tbox
	for _, b := range bs {
		if b.typ != parts[0] {
			continue
		}
		if len(parts) == 1 {
			out = append(out, b)
		} else {
			out = append(out, find(b.kids, parts[1])...)
		}
	}
	return out
}

// tree serialises a box and its (possibly changed) children.
func (b *tbox) bytes() []byte {
	if b.kids == nil {
		return box(b.typ, b.data)
	}
	var p []byte
	if b.typ == "meta" && !(len(b.data) >= 8 && string(b.data[4:8]) == "hdlr") {
		p = append(p, b.data[:4]...)
	}
	for _, k := range b.kids {
		p = append(p, k.bytes()...)
	}
	return box(b.typ, p)
}

// Real programs.

func need(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
}

// run runs a program and returns its standard output; it fails the test
// if the program fails.
func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// runErr runs a program and returns what it wrote to standard error.
func runErr(t testing.TB, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stderr.String()
}

func writeTemp(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// runCmd runs a program and returns its standard output, or an error with
// what it wrote to standard error.
func runCmd(name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%s: %v: %s", name, err, stderr.String())
	}
	return stdout.String(), nil
}

// runErrOK returns what ffprobe -v error says about a file (empty when
// it finds nothing wrong).
func runErrOK(path string) string {
	cmd := exec.Command("ffprobe", "-v", "error", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil && stderr.Len() == 0 {
		return err.Error()
	}
	return stderr.String()
}

// runQuiet runs a program and returns its standard output, failing or
// not (an original stream ffmpeg cannot copy gives its error text, which
// the copy must give too).
func runQuiet(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := runCmd(name, args...)
	if err != nil {
		return "error"
	}
	return out
}

// streamTypes returns the codec type of each stream ffprobe sees in a
// file, "cover" for attached pictures (cover art).
func streamTypes(t testing.TB, path string) []string {
	t.Helper()
	var probe struct {
		Streams []struct {
			CodecType   string `json:"codec_type"`
			Disposition struct {
				AttachedPic int `json:"attached_pic"`
			} `json:"disposition"`
		} `json:"streams"`
	}
	s := run(t, "ffprobe", "-v", "quiet", "-show_entries", "stream=codec_type:stream_disposition=attached_pic", "-of", "json", path)
	if err := json.Unmarshal([]byte(s), &probe); err != nil {
		t.Fatalf("ffprobe json: %v", err)
	}
	var out []string
	for _, st := range probe.Streams {
		if st.Disposition.AttachedPic == 1 {
			out = append(out, "cover")
			continue
		}
		out = append(out, st.CodecType)
	}
	return out
}

// assertAbsent is scrubtest.AssertAbsent with one expansion of data for
// all the values (for large files).
func assertAbsent(t testing.TB, data []byte, values ...string) {
	t.Helper()
	parts := scrubtest.Expand(data)
	for _, v := range values {
		for _, enc := range scrubtest.Encodings(v) {
			for _, p := range parts {
				if bytes.Contains(p, enc) {
					t.Errorf("cleaned output still contains %q", v)
					goto next
				}
			}
		}
	next:
	}
}
