package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub"
)

// scrubExe returns a path that runs this test binary as the scrub command
// (testscript.Main dispatches on the program name).
func scrubExe(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(t.TempDir(), "scrub")
	if err := os.Symlink(self, exe); err != nil {
		t.Fatal(err)
	}
	return exe
}

// photoDir writes n dirty photos into a new folder and returns it with
// their contents.
func photoDir(t *testing.T, n, w, h int) (string, map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	orig := map[string][]byte{}
	for i := range n {
		name := fmt.Sprintf("photo-%02d.jpg", i)
		b := metatest.DirtyJPEG(w, h, uint64(i+1), photoPlanted)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		orig[name] = b
	}
	return dir, orig
}

// verifiedClean reports why b is not a complete, clean photo ("" if it is).
func verifiedClean(e *scrub.Engine, name string, b []byte) string {
	if _, err := jpeg.Decode(bytes.NewReader(b)); err != nil {
		return "does not decode: " + err.Error()
	}
	r := e.InspectData(context.Background(), name, b)
	if r.Status != scrub.StatusClean {
		return fmt.Sprintf("inspects as %s %s", r.Status, r.Error)
	}
	if bytes.Contains(b, []byte(photoPlanted.Artist)) {
		return "still holds the planted artist"
	}
	return ""
}

func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), scrub.TempPrefix) {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestKillInPlaceLosesNothing kills scrub with SIGKILL at random points
// while it cleans a folder in place: every original must be either
// untouched or replaced by a complete, verified clean copy, and the next
// run must finish the job and leave no temporary file behind.
func TestKillInPlaceLosesNothing(t *testing.T) {
	exe := scrubExe(t)
	const n = 40
	dir, orig := photoDir(t, n, 480, 360)
	e := &scrub.Engine{Registry: all.Registry()}

	// start runs scrub on dir and returns once it has reported its first
	// file, so that the process is past its start-up and in the middle of
	// its work.
	start := func(dir string) (*exec.Cmd, io.ReadCloser) {
		cmd := exec.Command(exe, "clean", "--in-place", "-j", "2", dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil {
			t.Fatalf("no first line: %v", err)
		}
		return cmd, stdout
	}

	// How long the rest of a run takes after its first file, on a copy.
	probe, _ := photoDir(t, n, 480, 360)
	cmd, stdout := start(probe)
	t0 := time.Now()
	io.Copy(io.Discard, stdout)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("probe run: %v", err)
	}
	rest := time.Since(t0)

	rng := rand.New(rand.NewPCG(1, 2))
	midway := 0 // rounds killed with some files replaced and some not
	for round := range 10 {
		for name, b := range orig { // every round starts from the dirty originals
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd, _ := start(dir)
		time.Sleep(time.Duration(rng.Int64N(int64(rest) + 1)))
		cmd.Process.Kill()
		cmd.Wait()
		replaced := 0
		for name, want := range orig {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatalf("round %d: %s lost: %v", round, name, err)
			}
			if bytes.Equal(got, want) {
				continue
			}
			replaced++
			if why := verifiedClean(e, name, got); why != "" {
				t.Fatalf("round %d: %s is neither the original nor a verified clean copy: %s", round, name, why)
			}
		}
		if replaced > 0 && replaced < len(orig) {
			midway++
		}
	}
	if midway == 0 {
		t.Fatalf("no run was killed in the middle of its work (the work takes %s): the test proved nothing", rest)
	}
	t.Logf("%d of 10 runs killed in the middle", midway)

	out, err := exec.Command(exe, "clean", "--in-place", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("the run after the kills failed: %v\n%s", err, out)
	}
	if left := tempFiles(t, dir); len(left) > 0 {
		t.Errorf("temporary files left after the next run: %v", left)
	}
	for name := range orig {
		got, _ := os.ReadFile(filepath.Join(dir, name))
		if why := verifiedClean(e, name, got); why != "" {
			t.Errorf("%s after the final run: %s", name, why)
		}
	}
}

// TestInterruptLeavesNoPartialOutput sends Ctrl-C (SIGINT), and the
// terminal's closing (SIGHUP), in the middle of a run (once the first
// cleaned copy is in place): scrub exits 130, says so, and leaves only
// complete outputs and no temporary files.
func TestInterruptLeavesNoPartialOutput(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) { interruptRun(t, sig) })
	}
}

func interruptRun(t *testing.T, sig os.Signal) {
	exe := scrubExe(t)
	dir, orig := photoDir(t, 40, 640, 480)
	cmd := exec.Command(exe, "clean", "-j", "1", dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Files are taken biggest first and reported in the folder's order, so
	// the first line printed may come late: watch the folder instead.
	deadline := time.Now().Add(30 * time.Second)
	for !hasCleaned(dir) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no cleaned copy appeared within 30s")
		}
		time.Sleep(time.Millisecond)
	}
	cmd.Process.Signal(sig)
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Fatalf("exit code %d (%v), want 130\n%s", code, cmd.ProcessState, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("no word about the interruption:\n%s", stderr.String())
	}
	if left := tempFiles(t, dir); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	e := &scrub.Engine{Registry: all.Registry()}
	outputs := 0
	for name, want := range orig {
		if got, _ := os.ReadFile(filepath.Join(dir, name)); !bytes.Equal(got, want) {
			t.Errorf("%s: the original changed", name)
		}
		cleaned := scrub.CleanedName(name)
		got, err := os.ReadFile(filepath.Join(dir, cleaned))
		if err != nil {
			continue
		}
		outputs++
		if why := verifiedClean(e, cleaned, got); why != "" {
			t.Errorf("%s: %s", cleaned, why)
		}
	}
	if outputs == 0 || outputs == len(orig) {
		t.Errorf("%d of %d files cleaned: the interrupt did not land in the middle", outputs, len(orig))
	}
}

// hasCleaned reports whether dir holds a cleaned copy (NAME.cleaned.EXT).
func hasCleaned(dir string) bool {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if scrub.IsCleanedName(e.Name()) {
			return true
		}
	}
	return false
}
