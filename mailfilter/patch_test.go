package mailfilter

import (
	"bytes"
	"compress/zlib"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const en85 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~"

// encode85 writes data as git's base85 lines (base85.c encode_85), written
// here independently of the decoder.
func encode85(data []byte) string {
	var b strings.Builder
	for len(data) > 0 {
		n := min(len(data), 52)
		if n <= 26 {
			b.WriteByte(byte('A' + n - 1))
		} else {
			b.WriteByte(byte('a' + n - 27))
		}
		for i := 0; i < n; i += 4 {
			var acc uint32
			for j := range 4 {
				acc <<= 8
				if i+j < n {
					acc |= uint32(data[i+j])
				}
			}
			var g [5]byte
			for k := 4; k >= 0; k-- {
				g[k] = en85[acc%85]
				acc /= 85
			}
			b.Write(g[:])
		}
		b.WriteByte('\n')
		data = data[n:]
	}
	return b.String()
}

// hunkText is a hunk of a binary patch: "literal N" or "delta N", the
// deflated payload in base85, a blank line.
func hunkText(kind string, payload []byte) string {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(payload)
	zw.Close()
	return kind + " " + strconv.Itoa(len(payload)) + "\n" + encode85(z.Bytes()) + "\n"
}

// varint is the size encoding of git deltas.
func varint(n int) []byte {
	var b []byte
	for {
		c := byte(n & 0x7f)
		n >>= 7
		if n == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// deltaFrom is a git delta that makes target from base: a copy of base's
// first keep bytes, then target's remaining bytes inserted.
func deltaFrom(base, target []byte, keep int) []byte {
	d := append(varint(len(base)), varint(len(target))...)
	if keep > 0 {
		d = append(d, 0x80|0x01|0x10, 0, byte(keep)) // copy offset 0, size keep (< 256)
	}
	rest := target[keep:]
	for len(rest) > 0 {
		n := min(len(rest), 127)
		d = append(d, byte(n))
		d = append(d, rest[:n]...)
		rest = rest[n:]
	}
	return d
}

// patchMail is a message as git send-email sends it: the patch is the
// text of the message.
func patchMail(patch string) string {
	return "From: A Developer <dev@example.org>\nTo: list@example.org\nSubject: [PATCH] add the report\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n" +
		"---\n report.fake | Bin 0 -> 700 bytes\n\n" + patch + "-- \n2.39.5\n"
}

func binaryPatch(path, forward, reverse string) string {
	return "diff --git a/" + path + " b/" + path + "\nindex 1111111..2222222 100644\nGIT binary patch\n" + forward + reverse
}

func TestDecode85(t *testing.T) {
	for _, n := range []int{1, 3, 4, 5, 26, 27, 52, 53, 200} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(i*37 + n)
		}
		var got []byte
		for _, l := range strings.Split(strings.TrimSuffix(encode85(data), "\n"), "\n") {
			b, err := decode85Line(l)
			if err != nil {
				t.Fatalf("%d: %v", n, err)
			}
			got = append(got, b...)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%d bytes: round trip differs", n)
		}
	}
	for _, bad := range []string{"", "A", "A0000", "A000000", "[00000", "A0000\x01", "A|||||"} {
		if _, err := decode85Line(bad); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}

// A patch that adds a file carrying something identifying is refused,
// naming the file; one that adds a clean file passes, unchanged.
func TestPatchAddsFile(t *testing.T) {
	msg := patchMail(binaryPatch("docs/report.fake", hunkText("literal", dirtyDoc()), hunkText("literal", nil)))
	_, rep, err := run(t, msg, Options{})
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("err %v %+v", err, rep.Attachments)
	}
	r := rep.Refused()
	if len(r) != 1 || r[0].Name != "docs/report.fake" || r[0].Patch != PatchNew || !errors.Is(r[0].Err, ErrPatchFile) || r[0].Part != "1" {
		t.Fatalf("refused: %+v", r)
	}
	if !strings.Contains(r[0].Label(), "docs/report.fake") || r[0].Hint == "" {
		t.Errorf("label %q, hint %q", r[0].Label(), r[0].Hint)
	}
	// With AllowUnclean the message goes as it is (scrub does not
	// rewrite patches).
	out, _, err := run(t, msg, Options{AllowUnclean: true})
	if err != nil || string(out) != msg {
		t.Errorf("AllowUnclean: %v", err)
	}

	msg = patchMail(binaryPatch("report.fake", hunkText("literal", cleanDoc()), hunkText("literal", nil)))
	out, rep, err = run(t, msg, Options{})
	if err != nil || string(out) != msg {
		t.Fatalf("clean file: %v %+v", err, rep.Attachments)
	}
	if len(rep.Attachments) != 1 || rep.Attachments[0].Status != StatusAlreadyClean {
		t.Errorf("clean file: %+v", rep.Attachments)
	}
}

// The earlier version a patch holds is checked too: a patch that cleans a
// file still carries the dirty version in its reverse hunk, here as a
// delta from the new version.
func TestPatchEarlierVersion(t *testing.T) {
	newer, earlier := cleanDoc(), dirtyDoc()
	msg := patchMail(binaryPatch("report.fake", hunkText("literal", newer), hunkText("delta", deltaFrom(newer, earlier, 8))))
	_, rep, err := run(t, msg, Options{})
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("err %v %+v", err, rep.Attachments)
	}
	r := rep.Refused()
	if len(r) != 1 || r[0].Patch != PatchEarlier || !errors.Is(r[0].Err, ErrPatchFile) {
		t.Fatalf("refused: %+v", r)
	}
	// A forward delta from a literal earlier version is resolved the
	// same way.
	msg = patchMail(binaryPatch("report.fake", hunkText("delta", deltaFrom(earlier, newer, 8)), hunkText("literal", earlier)))
	if _, rep, _ = run(t, msg, Options{}); len(rep.Refused()) != 1 || rep.Refused()[0].Patch != PatchEarlier {
		t.Errorf("forward delta: %+v", rep.Attachments)
	}
	// Two deltas: neither version can be had, and the file is refused as
	// unchecked.
	msg = patchMail(binaryPatch("report.fake", hunkText("delta", deltaFrom(earlier, newer, 8)), hunkText("delta", deltaFrom(newer, earlier, 8))))
	_, rep, err = run(t, msg, Options{})
	if r := rep.Refused(); !errors.Is(err, ErrRefused) || len(r) != 2 || !errors.Is(r[0].Err, ErrPatchUnchecked) || r[0].Hint == "" {
		t.Errorf("two deltas: %v %+v", err, rep.Attachments)
	}
}

// A patch attached as a file (text/x-patch) is read the same way.
func TestPatchAttached(t *testing.T) {
	patch := binaryPatch("report.fake", hunkText("literal", dirtyDoc()), hunkText("literal", nil))
	msg := mixed(attachment("text/x-patch", `attachment; filename="0001-add.patch"`, "8bit", patch))
	_, rep, err := run(t, msg, Options{})
	if r := rep.Refused(); !errors.Is(err, ErrRefused) || len(r) != 1 || r[0].Name != "report.fake" {
		t.Errorf("%v %+v", err, rep.Attachments)
	}
}

// Damaged binary patches are refused, never a panic.
func TestPatchDamaged(t *testing.T) {
	good := binaryPatch("a.fake", hunkText("literal", dirtyDoc()), hunkText("literal", nil))
	for name, p := range map[string]string{
		"size lie":     strings.Replace(good, "literal "+strconv.Itoa(len(dirtyDoc())), "literal 99", 1),
		"huge size":    strings.Replace(good, "literal "+strconv.Itoa(len(dirtyDoc())), "literal 99999999999", 1),
		"bad char":     strings.Replace(good, "\nz", "\nz\x7f", 1),
		"no hunk":      "diff --git a/x b/x\nGIT binary patch\n",
		"bad header":   "diff --git a/x b/x\nGIT binary patch\nliteral -4\n\n",
		"delta base":   binaryPatch("x", hunkText("delta", []byte{0x05, 0x01, 0x91, 0, 9}), hunkText("literal", []byte("abcde"))),
		"delta shrink": binaryPatch("x", hunkText("delta", []byte{0x05, 0x02, 0x7f}), hunkText("literal", []byte("abcde"))),
	} {
		_, rep, err := run(t, patchMail(p), Options{})
		if !errors.Is(err, ErrRefused) {
			t.Errorf("%s: %v %+v", name, err, rep.Attachments)
		}
	}
}

// What git itself writes: a repository where a dirty file is added, then
// cleaned; git format-patch --binary's patches are read and checked.
func TestPatchFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	git := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir, "GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.invalid",
			"GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.invalid")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %v: %v", args, err)
		}
		return out
	}
	git("init", "-q")
	git("commit", "-q", "--allow-empty", "-m", "start")
	if err := os.WriteFile(filepath.Join(dir, "report.fake"), dirtyDoc(), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", "report.fake")
	git("commit", "-q", "-m", "add the report")
	added := git("format-patch", "--binary", "--stdout", "-1")
	if !bytes.Contains(added, []byte("GIT binary patch")) {
		t.Fatalf("git wrote no binary patch:\n%s", added)
	}
	_, rep, err := run(t, string(added), Options{})
	if r := rep.Refused(); !errors.Is(err, ErrRefused) || len(r) != 1 || r[0].Name != "report.fake" || !errors.Is(r[0].Err, ErrPatchFile) {
		t.Fatalf("added: %v %+v", err, rep.Attachments)
	}
	// Cleaning the file: the patch's reverse hunk is the dirty version,
	// as a delta or literal; either it is found dirty, or (two deltas)
	// it cannot be checked. It is never let through.
	if err := os.WriteFile(filepath.Join(dir, "report.fake"), cleanDoc(), 0o644); err != nil {
		t.Fatal(err)
	}
	git("commit", "-q", "-am", "clean the report")
	cleaned := git("format-patch", "--binary", "--stdout", "-1")
	_, rep, err = run(t, string(cleaned), Options{})
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("cleaned: %v %+v", err, rep.Attachments)
	}
	for _, a := range rep.Refused() {
		if !errors.Is(a.Err, ErrPatchFile) && !errors.Is(a.Err, ErrPatchUnchecked) {
			t.Errorf("cleaned: %+v", a)
		}
	}
}

// FuzzBinaryPatch: any text reads without a panic, and versions stays
// within its limit.
func FuzzBinaryPatch(f *testing.F) {
	f.Add(binaryPatch("a", hunkText("literal", []byte("hello")), hunkText("literal", nil)))
	f.Add(binaryPatch("a", hunkText("delta", []byte{0x05, 0x05, 0x91, 0, 5}), hunkText("literal", []byte("abcde"))))
	f.Add(binaryPatch("a", hunkText("literal", []byte("abcde")), hunkText("delta", []byte{0x05, 0x03, 0x91, 1, 3})))
	f.Fuzz(func(t *testing.T, text string) {
		files, _ := binaryFiles([]byte(text))
		for _, bf := range files {
			n, e, err := bf.versions(1 << 16)
			if err == nil && (len(n) > 1<<16 || len(e) > 1<<16) {
				t.Fatalf("over the limit: %d %d", len(n), len(e))
			}
		}
	})
}
