package rtf_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// realFiles are RTF files written by Word, LibreOffice, WordPad and
// StarWriter (testdata/tika/README.md says where they come from), with
// what identifies their writer.
var realFiles = []struct {
	name string
	gone []string // written as they are in the file
}{
	{"testComment.rtf", []string{"Michael McCandless", `{\*\atnid MM}`, "rsid", `\info`, `\*\themedata`}},
	{"testRTFListLibreOffice.rtf", []string{`Axel D\'f6rfler`, `\info`}},
	{"testRTFWordPadCzechCharacters.rtf", []string{"Msftedit 5.41.21.2509"}},
	{"testRTFIgnoredControlWord.rtf", []string{"test rft document", "StarWriter"}},
}

// TestRealFiles cleans RTF files that other programs wrote: what named
// their writer is gone, the cleaned file inspects clean and cleans to
// itself, and LibreOffice reads the same text in it (comments aside,
// which LibreOffice's text export leaves out anyway).
func TestRealFiles(t *testing.T) {
	reg := registry()
	docs := map[string][]byte{}
	for _, rf := range realFiles {
		data, err := os.ReadFile(filepath.Join("testdata", "tika", rf.name))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range rf.gone {
			if !strings.Contains(string(data), v) {
				t.Errorf("%s: the original does not have %q", rf.name, v)
			}
		}
		clean := scrubtest.RoundTrip(t, reg, rf.name, data)
		for _, v := range rf.gone {
			if strings.Contains(string(clean), v) {
				t.Errorf("%s: the cleaned copy still has %q", rf.name, v)
			}
		}
		base := strings.TrimSuffix(rf.name, ".rtf")
		docs[base+"-orig"], docs[base+"-clean"] = data, clean
	}
	if testing.Short() {
		return
	}
	texts := textOf(t, docs)
	for _, rf := range realFiles {
		base := strings.TrimSuffix(rf.name, ".rtf")
		if texts[base+"-orig"] != texts[base+"-clean"] {
			t.Errorf("%s: LibreOffice reads\n%s\nin the cleaned copy, and\n%s\nin the original", rf.name, texts[base+"-clean"], texts[base+"-orig"])
		}
		if texts[base+"-orig"] == "" {
			t.Errorf("%s: LibreOffice reads no text: the comparison proves nothing", rf.name)
		}
	}
}
