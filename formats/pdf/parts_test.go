package pdf_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/pdf"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

type listedPart struct {
	where string
	data  []byte
	text  []string
}

func listParts(t *testing.T, data []byte) []listedPart {
	t.Helper()
	pl, ok := pdf.New().(scrub.PartLister)
	if !ok {
		t.Fatal("the PDF handler lists no parts")
	}
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	var out []listedPart
	err := pl.Parts(context.Background(), env, bytes.NewReader(data), int64(len(data)), func(p scrub.Part) error {
		b, err := io.ReadAll(p.R)
		out = append(out, listedPart{p.Where, b, p.Text})
		return err
	})
	if err != nil {
		t.Fatalf("Parts: %v", err)
	}
	return out
}

func inParts(parts []listedPart, v string) (string, bool) {
	for _, p := range parts {
		for _, enc := range scrubtest.Encodings(v) {
			if bytes.Contains(p.data, enc) {
				return p.where, true
			}
		}
	}
	return "", false
}

// TestParts checks what the residue check gets to search: every planted
// value of the original is in its parts (the listing misses nothing the
// cleaner removes), none is in the cleaned copy's parts, and the text the
// reader sees comes with the parts that hold it.
func TestParts(t *testing.T) {
	dirty := classPDF(t)
	clean, _ := scrubtest.Clean(t, registry(), "classes.pdf", dirty, scrub.Policy{})
	before := listParts(t, dirty)
	for _, v := range plantedClasses {
		if _, ok := inParts(before, v); !ok {
			t.Errorf("the original's parts do not show %q", v)
		}
	}
	after := listParts(t, clean)
	for _, v := range plantedClasses {
		if where, ok := inParts(after, v); ok {
			t.Errorf("the cleaned copy's part %q still shows %q", where, v)
		}
	}
	text := func(where string) string {
		for _, p := range after {
			if p.where == where {
				return strings.Join(p.text, "\n")
			}
		}
		return ""
	}
	if s := text("page 1"); !strings.Contains(s, "Kept tagged text") || !strings.Contains(s, "100% kept (with 50%)") {
		t.Errorf("page 1's text is %q", s)
	}
	for _, v := range []string{"Visible Form Value", "Filled answer kept", "https://example.org/kept-link", "photo.jpg", "Kept chapter", "Layer kept"} {
		if !strings.Contains(text("document objects"), v) {
			t.Errorf("the visible text of the document's objects lacks %q", v)
		}
	}
	jpegs := 0
	for _, p := range before {
		if strings.Contains(p.where, "JPEG image") {
			jpegs++
		}
	}
	if jpegs < 4 {
		t.Errorf("%d JPEG images listed through the registry, want at least 4", jpegs)
	}
}

// TestPartsEncrypted checks that an encrypted original is listed
// decrypted.
func TestPartsEncrypted(t *testing.T) {
	enc := encrypt(t, simplePDF(), "", "PLANT-owner-pw")
	parts := listParts(t, enc)
	for _, v := range []string{"PLANT-simple-author", "PLANT-simple-xmp"} {
		if _, ok := inParts(parts, v); !ok {
			t.Errorf("the encrypted file's parts do not show %q", v)
		}
	}
}
