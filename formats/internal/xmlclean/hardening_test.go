package xmlclean

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/scrub-project/scrub/scrub"
)

// "]]>" may not appear in character data; a reader that hands the text
// over one byte at a time splits it across chunks, which must not hide it.
func TestCDataEndInTextRefused(t *testing.T) {
	for in, bad := range map[string]bool{
		`<a>x]]>y</a>`:                       true,
		`<a>]]></a>`:                         true,
		`<a>]]]]]></a>`:                      true,
		`<a>]</a>`:                           false,
		`<a>]]</a>`:                          false,
		`<a>]]]&gt;</a>`:                     false,
		`<a>]]<b/>></a>`:                     false,
		`<a><![CDATA[]]]]><![CDATA[>]]></a>`: false,
	} {
		for _, slow := range []bool{false, true} {
			var r io.Reader = strings.NewReader(in)
			if slow {
				r = iotest.OneByteReader(r)
			}
			err := (&Filter{}).Clean(io.Discard, r, nil)
			if got := errors.Is(err, scrub.ErrMalformed); got != bad {
				t.Errorf("%q (one byte at a time: %v): %v, want refused %v", in, slow, err, bad)
			}
		}
	}
}

// An empty property identifies no one; a tracked change or comment with
// no text is still something.
func TestEmptyValueIsMinor(t *testing.T) {
	for _, c := range []struct {
		kind  scrub.Kind
		value string
		want  bool
	}{
		{scrub.KindPath, "", true}, {scrub.KindPerson, "", true}, {scrub.KindPath, "C:\\Users\\ann", false},
		{scrub.KindEditHistory, "", false}, {scrub.KindComment, "", false}, {scrub.KindHidden, "", false},
	} {
		if got := emptyValue(c.kind, c.value); got != c.want {
			t.Errorf("emptyValue(%s, %q) = %v, want %v", c.kind, c.value, got, c.want)
		}
	}
}
