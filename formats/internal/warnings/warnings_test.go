package warnings

import (
	"strings"
	"testing"
)

func TestNames(t *testing.T) {
	if got := Names([]string{"a", "b"}); got != "a; b" {
		t.Errorf("Names(a, b) = %q", got)
	}
	var many []string
	for i := 0; i < maxNamed+3; i++ {
		many = append(many, string(rune('a'+i)))
	}
	if got := Names(many); !strings.HasSuffix(got, "; h; and 3 more") || strings.Contains(got, "; i") {
		t.Errorf("Names of %d = %q", len(many), got)
	}
	if w := KeptUnchanged(many[:2]); !strings.HasPrefix(w.Message, "2 file(s) were KEPT UNCHANGED") || !strings.HasSuffix(w.Message, ": a; b") {
		t.Errorf("KeptUnchanged: %q", w.Message)
	}
}
