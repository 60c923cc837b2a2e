//go:build gui || ci

package native

import (
	"errors"
	"slices"
	"testing"
	"unicode/utf16"
)

func TestPathsFromURIs(t *testing.T) {
	paths, err := pathsFromURIs([]string{
		"file:///home/me/My%20Files/a+b.docx",
		"file:///home/me/%C3%9Cberweisung%20%E2%80%93%20%E6%A8%AA%E6%96%AD%E5%B9%95.jpg",
		"file://localhost/tmp/100%25.pdf",
	})
	want := []string{"/home/me/My Files/a+b.docx", "/home/me/Überweisung – 横断幕.jpg", "/tmp/100%.pdf"}
	if err != nil || !slices.Equal(paths, want) {
		t.Errorf("paths %q, err %v; want %q", paths, err, want)
	}
	paths, err = pathsFromURIs([]string{"file:///tmp/a.pdf", "sftp://host/b.pdf", "file://other-host/c.pdf"})
	if !errors.Is(err, errNotLocal) || !slices.Equal(paths, []string{"/tmp/a.pdf"}) {
		t.Errorf("paths %q, err %v", paths, err)
	}
}

func TestSplitLines(t *testing.T) {
	if got := splitLines("/a b/c.jpg\n/d.pdf\r\n\n"); !slices.Equal(got, []string{"/a b/c.jpg", "/d.pdf"}) {
		t.Errorf("%q", got)
	}
	if got := splitLines(""); got != nil {
		t.Errorf("%q", got)
	}
}

func TestSplitMultiSelect(t *testing.T) {
	buf := func(s string) []uint16 { return append(utf16.Encode([]rune(s)), make([]uint16, 8)...) }
	for in, want := range map[string][]string{
		"C:\\Users\\me\\a.docx\x00":                      {`C:\Users\me\a.docx`},
		"C:\\Users\\me\x00a.docx\x00Überweisung.jpg\x00": {`C:\Users\me\a.docx`, `C:\Users\me\Überweisung.jpg`},
		"C:\\\x00a.docx\x00b.pdf\x00":                    {`C:\a.docx`, `C:\b.pdf`},
		"\x00":                                           nil,
	} {
		if got := splitMultiSelect(buf(in)); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
