package ooxml

import (
	"strings"
	"testing"
	"time"
)

// A target escaped over and over ("%252525…") must not be unescaped once
// per level: a megabyte of it took minutes and gigabytes, and the engine's
// timeout cannot stop a loop that never checks it.
func TestIsLocalPathBounded(t *testing.T) {
	start := time.Now()
	if isLocalPath("%" + strings.Repeat("25", 1<<20)) {
		t.Error("an escaped percent sign is not a local path")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
	for in, want := range map[string]bool{
		`C:\Users\jane\a.docx`:              true,
		`file:///home/jane/a.docx`:          true,
		`file%3A%2F%2F%2Fhome%2Fjane`:       true,
		`FILE%253A%252F%252Fserver%252Fx`:   true,
		`%5C%5Cserver%5Cshare`:              true,
		`https://example.org/a%20b`:         false,
		`https%3A%2F%2Fexample.org%2Fusers`: false,
	} {
		if got := isLocalPath(in); got != want {
			t.Errorf("isLocalPath(%q) = %v, want %v", in, got, want)
		}
	}
}
