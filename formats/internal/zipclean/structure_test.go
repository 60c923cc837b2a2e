package zipclean

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/scrub-project/scrub/scrub"
)

// Structure yields every byte but the members' compressed content: the
// names, comments and extra fields are in it, the content is not.
func TestStructure(t *testing.T) {
	in := sample(t)
	a := open(t, in)
	b, err := io.ReadAll(a.Structure())
	if err != nil {
		t.Fatal(err)
	}
	var content int64
	for _, m := range a.Members {
		content += int64(m.CompressedSize)
	}
	if int64(len(b))+content != int64(len(in)) {
		t.Errorf("structure %d + content %d bytes != archive %d bytes", len(b), content, len(in))
	}
	for _, want := range []string{"ARCHIVE-COMMENT-PLANT", "MEMBER-COMMENT-PLANT", "b/keep.txt", "drop.bin"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("structure lacks %q", want)
		}
	}
	if !bytes.Contains(b, uidExtra) {
		t.Errorf("structure lacks the uid extra field")
	}
	if bytes.Contains(b, []byte("stored")) {
		t.Errorf("structure holds a stored member's content")
	}
}

func TestCreatorAndAttributes(t *testing.T) {
	a := open(t, sample(t))
	m := a.Lookup("b/keep.txt")
	if m.CreatorOS != 3 || m.ExternalAttrs>>16 != 0o100640 {
		t.Errorf("creator %d, mode %o: want 3 (Unix), 100640", m.CreatorOS, m.ExternalAttrs>>16)
	}
}

func TestFindingsHaveLabels(t *testing.T) {
	for _, f := range open(t, sample(t)).Findings() {
		if !scrub.KnownLabel(f.Label) {
			t.Errorf("finding %q has label %q", f.Field, f.Label)
		}
	}
}

func TestNameProblem(t *testing.T) {
	for name, bad := range map[string]bool{
		"a/b.txt": false, "dir/": false, "é/ü.txt": false,
		"": true, "/etc/passwd": true, "../x": true, "a/../b": true, "a//b": true, "./a": true,
		`a\b`: true, "C:x": true, "a\x00b": true, "a\x1bb": true,
	} {
		if got := NameProblem(name) != ""; got != bad {
			t.Errorf("NameProblem(%q) = %q, want a problem: %v", name, NameProblem(name), bad)
		}
	}
	if FoldName("A/\u00c9") != FoldName("a/e\u0301") {
		t.Errorf("FoldName does not fold case and Unicode forms")
	}
}

func TestRewriteLast(t *testing.T) {
	a := open(t, sample(t))
	out := rewrite(t, a, Options{First: []string{"mimetype"}, Last: []string{"a.xml", "mimetype", "missing"}})
	b := open(t, out)
	var names []string
	for _, m := range b.Members {
		names = append(names, m.Name)
	}
	if got := fmt.Sprint(names); got != "[mimetype b/keep.txt drop.bin z.txt a.xml]" {
		t.Errorf("order %s", got)
	}
}
