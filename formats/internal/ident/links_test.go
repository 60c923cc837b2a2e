package ident

import (
	"strings"
	"testing"
)

func TestClassifyAndShortenLink(t *testing.T) {
	for _, c := range []struct {
		in    string
		kind  LinkKind
		short string
	}{
		{"#layer1", Internal, "#layer1"},
		{"", Internal, ""},
		{"data:image/png;base64,AAAA", Internal, "data:image/png;base64,AAAA"},
		{"https://example.org/a.png", Web, "https://example.org/a.png"},
		{"mailto:a@example.org", Web, "mailto:a@example.org"},
		{"//cdn.example.org/a.png", Web, "//cdn.example.org/a.png"},
		{"photo.png", Beside, "photo.png"},
		{"images/photo.png#x", Beside, "images/photo.png#x"},
		{"../secret/photo.png", Local, "photo.png"},
		{"./../photo.png#frag", Local, "photo.png#frag"},
		{"images/../../photo.png", Local, "photo.png"},
		{"file:///home/alice/Pictures/photo.png", Local, "photo.png"},
		{"FILE:///C:/Users/Alice%20Smith/My%20Pics/a%20b.png", Local, "a%20b.png"},
		{"file:///home%2Falice%2Fphoto.png", Local, "photo.png"},
		{"file:///home%252Falice%252Fphoto.png", Local, "photo.png"},
		{`C:\Users\alice\Desktop\plan.png`, Local, "plan.png"},
		{`C:/Users/alice/plan.png`, Local, "plan.png"},
		{`\\fileserver\share\alice\plan.png`, Local, "plan.png"},
		{`C:\C# work\plan.png`, Local, "plan.png"},
		{"/home/alice/plan.png", Local, "plan.png"},
		{"/home/alice/", Local, ""},
		{"smb://nas/alice/plan.png", Local, "plan.png"},
		{"file:///", Local, ""},
		{`C:\`, Local, ""},
		{"file:///C:", Local, ""},
	} {
		if got := Link(c.in); got != c.kind {
			t.Errorf("Link(%q) = %d, want %d", c.in, got, c.kind)
		}
		if got := ShortenLink(c.in); got != c.short {
			t.Errorf("ShortenLink(%q) = %q, want %q", c.in, got, c.short)
		}
	}
}

func TestShortenBounded(t *testing.T) {
	in := "file:///" + strings.Repeat("%25", 1<<18) + "2Fhome"
	if got := ShortenLink(in); strings.Contains(got, "/") {
		t.Errorf("Shorten kept a separator: %.40q", got)
	}
}
