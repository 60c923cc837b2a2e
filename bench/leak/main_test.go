package main

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestMain runs the command itself when the test binary is started with
// LEAK_MAIN=1, so that the tests see its exit status.
func TestMain(m *testing.M) {
	if os.Getenv("LEAK_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func leak(t *testing.T, args ...string) int {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "LEAK_MAIN=1")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		t.Logf("leak %v: %s", args, out)
		return ee.ExitCode()
	}
	t.Fatalf("leak %v: %v", args, err)
	return -1
}

func put(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// gps is a latitude as three EXIF rationals, big-endian (as exiftool
// writes them).
func gps() []byte {
	var b []byte
	for _, v := range []uint32{51, 1, 49, 1, 1579, 100} {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return b
}

// The check must be able to fail: values left are found, a cleaned copy
// missing is a failure unless allowed, nothing checked is a failure, and
// a planted value that is not in its original breaks the check.
func TestLeakChecks(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c")
	put(t, filepath.Join(corpus, "planted.tsv"), []byte("# file\tvalue\nphoto/a.jpg\tOttilie Planted-1234\nphoto/a.jpg\trat:51/1,49/1,1579/100\ndoc/b.txt\tCoalition 77ab\n"))
	put(t, filepath.Join(corpus, "corpus/photo/a.jpg"), append([]byte("xx Ottilie Planted-1234 yy"), gps()...))
	put(t, filepath.Join(corpus, "corpus/doc/b.txt"), []byte("the Coalition 77ab"))

	clean := filepath.Join(dir, "clean")
	put(t, filepath.Join(clean, "photo/a.jpg"), []byte("xx yy"))
	put(t, filepath.Join(clean, "doc/b.txt"), []byte("the"))
	if rc := leak(t, "-corpus", corpus, "-originals-only"); rc != 0 {
		t.Errorf("originals: exit %d, want 0", rc)
	}
	if rc := leak(t, "-corpus", corpus, "-cleaned", clean); rc != 0 {
		t.Errorf("clean copies: exit %d, want 0", rc)
	}

	leaky := filepath.Join(dir, "leaky")
	put(t, filepath.Join(leaky, "photo/a.jpg"), gps()) // the position, nothing else
	put(t, filepath.Join(leaky, "doc/b.txt"), []byte("the"))
	if rc := leak(t, "-corpus", corpus, "-cleaned", leaky); rc != 1 {
		t.Errorf("a position left: exit %d, want 1", rc)
	}

	part := filepath.Join(dir, "part")
	put(t, filepath.Join(part, "doc/b.txt"), []byte("the"))
	if rc := leak(t, "-corpus", corpus, "-cleaned", part); rc != 2 {
		t.Errorf("fewer files checked than planted: exit %d, want 2", rc)
	}
	if rc := leak(t, "-corpus", corpus, "-cleaned", part, "-allow-missing"); rc != 0 {
		t.Errorf("-allow-missing: exit %d, want 0", rc)
	}
	if rc := leak(t, "-corpus", corpus, "-cleaned", part, "-only", "doc/"); rc != 0 {
		t.Errorf("-only doc/: exit %d, want 0", rc)
	}
	if rc := leak(t, "-corpus", corpus, "-cleaned", filepath.Join(dir, "nothing"), "-allow-missing"); rc != 2 {
		t.Errorf("nothing checked: exit %d, want 2", rc)
	}

	// A cleaned zip of the corpus.
	zpath := filepath.Join(dir, "clean.zip")
	f, err := os.Create(zpath)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, data := range map[string]string{"corpus/photo/a.jpg": "xx yy", "corpus/doc/b.txt": "the Coalition 77ab"} {
		w, _ := zw.Create(name)
		w.Write([]byte(data))
	}
	zw.Close()
	f.Close()
	if rc := leak(t, "-corpus", corpus, "-zip", zpath); rc != 1 {
		t.Errorf("zip with a value left: exit %d, want 1", rc)
	}
	if rc := leak(t, "-corpus", corpus, "-zip", zpath, "-only", "photo/"); rc != 0 {
		t.Errorf("zip, photo only: exit %d, want 0", rc)
	}
	if rc := leak(t, "-corpus", corpus, "-zip", zpath, "-zip-prefix", "other/"); rc != 2 {
		t.Errorf("zip, wrong prefix: exit %d, want 2", rc)
	}

	// A planted value missing from its original breaks the check.
	put(t, filepath.Join(corpus, "planted.tsv"), []byte("doc/b.txt\tNot There 0000\n"))
	if rc := leak(t, "-corpus", corpus, "-originals-only"); rc != 2 {
		t.Errorf("a planted value not in its original: exit %d, want 2", rc)
	}
}
