//go:build ci || tools

package archive_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/internal/corpus"
	"github.com/scrub-project/scrub/scrub"
)

// TestCorpusZip is what a new user does with a folder of real files: zip
// it and clean the zip. Real Office, OpenDocument, PDF and image files from
// the corpus (those scrub cleans on their own) go into one zip; the engine
// cleans it, every member comes out cleaned, and the independent residue
// check (../shared/tools/residue.py) finds no identifying value of any
// original in its cleaned member.
func TestCorpusZip(t *testing.T) {
	reg := all.Registry()
	residue := filepath.Join(corpus.Require(t), "..", "tools", "residue.py")
	_, pyErr := exec.LookPath("python3")
	_, exifErr := exec.LookPath("exiftool")
	if pyErr != nil || exifErr != nil {
		t.Logf("python3 or exiftool missing: the residue check does not run")
		residue = ""
	}
	var files []string
	alone := map[string][]byte{}
	for _, sel := range []struct {
		sub  string
		exts []string
		n    int
	}{
		{"ooxml", []string{".docx", ".xlsx", ".pptx"}, 4},
		{"odf", []string{".odt", ".ods", ".odp"}, 3},
		{"pdf", []string{".pdf"}, 3},
		{"image", []string{".jpg", ".jpeg", ".png"}, 4},
	} {
		n := 0
		for _, f := range corpus.Files(t, sel.sub, sel.exts...) {
			if n == sel.n {
				break
			}
			if b := cleanAlone(t, reg, f, residue); b != nil {
				files = append(files, f)
				alone[f] = b
				n++
			}
		}
		if n == 0 {
			t.Fatalf("no %s file of the corpus cleans on its own", sel.sub)
		}
	}
	dir := t.TempDir()
	zpath := filepath.Join(dir, "folder.zip")
	originals := map[string]string{}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		name := "folder/" + filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f)
		originals[name] = f
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create(name)
		w.Write(data)
	}
	zw.Close()
	if err := os.WriteFile(zpath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	e := &scrub.Engine{Registry: reg, Jobs: 1}
	var results []scrub.Result
	err := e.Clean(context.Background(), scrub.NewPlan([]string{zpath}, scrub.PlanOptions{}), scrub.CleanOptions{}, func(r scrub.Result) {
		results = append(results, r)
	})
	if err != nil || len(results) != 1 || results[0].Status != scrub.StatusCleaned {
		msg := ""
		if len(results) == 1 {
			msg = results[0].Error
		}
		t.Fatalf("clean: %v: %s", err, msg)
	}
	out, err := zip.OpenReader(scrub.CleanedName(zpath))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	t.Logf("%d corpus files in the zip", len(files))
	if len(out.File) != len(files) {
		t.Errorf("%d members in the cleaned zip, %d put in", len(out.File), len(files))
	}
	for _, f := range out.File {
		orig := originals[f.Name]
		if orig == "" {
			t.Errorf("unexpected member %s", f.Name)
			continue
		}
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(data, alone[orig]) {
			t.Errorf("%s: the member is not what cleaning the file on its own gives", f.Name)
		}
		cleaned := filepath.Join(dir, "cleaned-"+filepath.Base(f.Name))
		os.WriteFile(cleaned, data, 0o644)
		if residue == "" {
			continue
		}
		cmd := exec.Command("python3", residue, orig, cleaned)
		res, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("residue.py %s: %v\n%s", f.Name, err, strings.TrimSpace(string(res)))
		}
	}
}

// cleanAlone cleans path on its own through the engine (with its
// verification) and returns the cleaned bytes, or nil if the engine does
// not clean it, or if the residue check finds something in it: such a
// file is its own handler's problem, not the archive's.
func cleanAlone(t *testing.T, reg *scrub.Registry, path, residue string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(t.TempDir(), filepath.Base(path))
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	e := &scrub.Engine{Registry: reg, Jobs: 1}
	var status scrub.Status
	e.Clean(context.Background(), scrub.NewPlan([]string{tmp}, scrub.PlanOptions{}), scrub.CleanOptions{}, func(r scrub.Result) {
		status = r.Status
	})
	out := scrub.CleanedName(tmp)
	switch status {
	case scrub.StatusAlreadyClean:
		return data
	case scrub.StatusCleaned:
	default:
		return nil
	}
	if residue != "" {
		if res, err := exec.Command("python3", residue, path, out).CombinedOutput(); err != nil {
			t.Logf("%s: left out: the residue check finds something when it is cleaned on its own:\n%s", filepath.Base(path), strings.TrimSpace(string(res)))
			return nil
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
