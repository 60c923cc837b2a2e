package svg_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/svg"
	"github.com/scrub-project/scrub/scrub"
)

const root = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">`

func billionLaughs() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol">`)
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, `<!ENTITY lol%d "`, i)
		for j := 0; j < 10; j++ {
			if i == 1 {
				b.WriteString("&lol;")
			} else {
				fmt.Fprintf(&b, "&lol%d;", i-1)
			}
		}
		b.WriteString(`">`)
	}
	b.WriteString(`]>` + root + `<text>&lol9;</text></svg>`)
	return b.String()
}

// quadratic declares one long entity and refers to it very often: no
// nesting, but the expansion is the file size times the entity's.
func quadratic() string {
	v := strings.Repeat("x", 60<<10)
	return `<!DOCTYPE svg [<!ENTITY big "` + v + `">]>` + root + `<text>` + strings.Repeat("&big;", 2000) + `</text></svg>`
}

func deep(n int) string {
	return root + strings.Repeat("<g>", n) + strings.Repeat("</g>", n) + `</svg>`
}

func hugePicture(n int) string {
	return root + `<image href="data:image/png;base64,` + strings.Repeat("QUFB", n/4) + `"/></svg>`
}

func bomb(n int) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write([]byte(root + `<text>`))
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for i := 0; i < n; i++ {
		w.Write(chunk)
	}
	w.Write([]byte(`</text></svg>`))
	w.Close()
	return b.Bytes()
}

func TestHostile(t *testing.T) {
	small := scrub.Limits{MaxMemberSize: 4 << 20, MaxTotalSize: 8 << 20}
	for _, c := range []struct {
		name   string
		data   []byte
		limits scrub.Limits
		want   error
	}{
		{"billion-laughs", []byte(billionLaughs()), scrub.Limits{}, scrub.ErrUnsupported},
		{"xxe-system", []byte(`<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + root + `<text>&x;</text></svg>`), scrub.Limits{}, scrub.ErrUnsupported},
		{"xxe-public", []byte(`<!DOCTYPE svg [<!ENTITY x PUBLIC "-//x" "http://example.org/x">]>` + root + `</svg>`), scrub.Limits{}, scrub.ErrUnsupported},
		{"parameter-entity", []byte(`<!DOCTYPE svg [<!ENTITY % p "<!ENTITY x 'y'>"> %p;]>` + root + `</svg>`), scrub.Limits{}, scrub.ErrUnsupported},
		{"entity-markup", []byte(`<!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]>` + root + `&x;</svg>`), scrub.Limits{}, scrub.ErrUnsupported},
		{"attlist", []byte(`<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]>` + root + `</svg>`), scrub.Limits{}, scrub.ErrUnsupported},
		{"quadratic-expansion", []byte(quadratic()), small, scrub.ErrLimit},
		{"undefined-entity", []byte(root + `<text>&nope;</text></svg>`), scrub.Limits{}, scrub.ErrMalformed},
		{"deep-nesting", []byte(deep(5000)), scrub.Limits{}, scrub.ErrLimit},
		{"huge-picture", []byte(hugePicture(6 << 20)), small, scrub.ErrLimit},
		{"bad-base64", []byte(root + `<image href="data:image/png;base64,!!!!"/></svg>`), scrub.Limits{}, scrub.ErrMalformed},
		{"gzip-bomb", bomb(16), small, scrub.ErrLimit},
		{"unclosed", []byte(root + `<g><rect/>`), scrub.Limits{}, scrub.ErrMalformed},
		{"unclosed-comment", []byte(root + `<!-- forever`), scrub.Limits{}, scrub.ErrMalformed},
		{"unclosed-cdata", []byte(root + `<style><![CDATA[ forever`), scrub.Limits{}, scrub.ErrMalformed},
		{"unclosed-doctype", []byte(`<!DOCTYPE svg [<!ENTITY a "b">`), scrub.Limits{}, scrub.ErrMalformed},
		{"invalid-utf8", []byte(root + "<text>\xff\xfe</text></svg>"), scrub.Limits{}, scrub.ErrMalformed},
		{"utf16", append([]byte{0xff, 0xfe}, []byte("<\x00s\x00")...), scrub.Limits{}, scrub.ErrUnsupported},
		{"other-encoding", []byte(`<?xml version="1.0" encoding="EBCDIC-CP-US"?>` + root + `</svg>`), scrub.Limits{}, scrub.ErrUnsupported},
		{"truncated-gzip", bomb(1)[:200], scrub.Limits{}, scrub.ErrMalformed},
	} {
		t.Run(c.name, func(t *testing.T) {
			env := scrub.NewEnv(registry(), c.limits, scrub.Policy{})
			var out bytes.Buffer
			_, err := svg.New().Clean(context.Background(), env, bytes.NewReader(c.data), int64(len(c.data)), &out)
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v", err, c.want)
			}
			if _, err := svg.New().Inspect(context.Background(), env, bytes.NewReader(c.data), int64(len(c.data))); !errors.Is(err, c.want) {
				t.Errorf("inspect: error %v, want %v", err, c.want)
			}
			t.Log(err)
			var fe *scrub.FormatError
			if !errors.As(err, &fe) || fe.Reason == "" {
				t.Errorf("%v: no reason for the user", err)
			}
		})
	}
}

// TestLatin1 cleans a drawing declared in ISO-8859-1 (old Illustrator)
// into UTF-8 that says so.
func TestLatin1(t *testing.T) {
	in := []byte("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n" + root + "<!-- L1-COMMENT --><text>caf\xe9</text></svg>")
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	var out bytes.Buffer
	if _, err := svg.New().Clean(context.Background(), env, bytes.NewReader(in), int64(len(in)), &out); err != nil {
		t.Fatal(err)
	}
	want := "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root + "<text>café</text></svg>"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}
