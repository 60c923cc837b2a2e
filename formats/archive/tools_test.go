//go:build ci || tools

package archive_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/scrub-project/scrub/internal/hostile"
)

// Archives written by the real tools (GNU tar with gzip, xz — several
// blocks —, bzip2, in PAX and GNU formats; Info-ZIP's zip with its Unix
// extra fields) clean, with the owner names, times and extended attributes
// the tools recorded gone.
func TestToolArchives(t *testing.T) {
	for _, tool := range []string{"tar", "zip", "xz", "bzip2", "gzip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "Project Files")
	os.MkdirAll(filepath.Join(src, "sub"), 0o755)
	os.WriteFile(filepath.Join(src, "letter.docx"), hostile.Docx("TOOLDOCX", "text"), 0o644)
	os.WriteFile(filepath.Join(src, "sub", "photo.jpg"), photo, 0o644)
	os.WriteFile(filepath.Join(src, "sub", "notes.txt"), []byte(notes), 0o644)
	planted := []string{"PLANTOWNER", "PLANTGROUP", "TOOLDOCX-CREATOR", "PLANT-ARTIST", "PLANT-SERIAL"}
	run := func(name string, args ...string) {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "XZ_OPT=--block-size=64KiB")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
	}
	owner := []string{"--owner=PLANTOWNER:4321", "--group=PLANTGROUP:4322", "--mtime=2023-05-06 07:08:09"}
	run("tar", append([]string{"--format=pax", "-czf", "a.tar.gz"}, append(owner, "Project Files")...)...)
	run("tar", append([]string{"--format=gnu", "-cJf", "a.tar.xz"}, append(owner, "Project Files")...)...)
	run("tar", append([]string{"--format=pax", "-cjf", "a.tar.bz2"}, append(owner, "Project Files")...)...)
	run("tar", append([]string{"--format=ustar", "-cf", "a.tar"}, append(owner, "./Project Files")...)...)
	run("zip", "-r", "-q", "-z", "a.zip", "Project Files")
	for _, name := range []string{"a.tar.gz", "a.tar.xz", "a.tar.bz2", "a.tar", "a.zip"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			want := planted
			if name == "a.zip" {
				want = planted[2:] // zip records uid and gid, not names
			}
			assertPresent(t, data, want...)
			out, fs, _ := mustClean(t, name, data)
			assertAbsent(t, out, want...)
			if len(fs) == 0 {
				t.Errorf("no findings")
			}
			again, _, _ := mustClean(t, name, out)
			if string(again) != string(out) {
				t.Errorf("cleaning twice changes the archive")
			}
			// The tool reads what scrub wrote.
			cleaned := filepath.Join(t.TempDir(), name)
			os.WriteFile(cleaned, out, 0o644)
			list := exec.Command("tar", "-tf", cleaned)
			if name == "a.zip" {
				list = exec.Command("unzip", "-t", cleaned)
			}
			if msg, err := list.CombinedOutput(); err != nil {
				t.Errorf("%v: %v\n%s", list.Args, err, msg)
			}
		})
	}
}
