package rtf_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/rtf"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// TestParts: the parts hold the pictures decoded from hexadecimal (so the
// residue check sees their metadata), the decoded text, and the text the
// reader sees.
func TestParts(t *testing.T) {
	data := dirty("Q")
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	var all bytes.Buffer
	var wheres, texts []string
	err := rtf.New().(scrub.PartLister).Parts(context.Background(), env, bytes.NewReader(data), int64(len(data)), func(p scrub.Part) error {
		wheres = append(wheres, p.Where)
		if p.Where == "document" {
			texts = p.Text
		}
		_, err := io.Copy(&all, p.R)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("parts %q\ntext %q", wheres, texts)
	for _, v := range []string{"Q-PNG-AUTHOR", "Q-JPEG-ARTIST", "Q-OBJDATA", "Q-RESULT-AUTHOR", "Q-SHAPE-AUTHOR", "Café", "€"} {
		if !bytes.Contains(all.Bytes(), []byte(v)) {
			t.Errorf("the parts do not hold %q", v)
		}
	}
	visible := strings.Join(texts, "|")
	for _, v := range []string{"Visible first paragraph", "Café and € euro", "link text"} {
		if !strings.Contains(visible, v) {
			t.Errorf("the visible text lacks %q: %q", v, visible)
		}
	}
	for _, v := range []string{"Q-AUTHOR", "Q-COMMENTTEXT", "HYPERLINK", "Calibri"} {
		if strings.Contains(visible, v) {
			t.Errorf("the visible text has %q, which the reader does not see", v)
		}
	}
}

func TestHostile(t *testing.T) {
	small := scrub.Limits{MaxMemberSize: 1 << 20, MaxTotalSize: 4 << 20}
	for _, c := range []struct {
		name   string
		data   string
		limits scrub.Limits
		want   error
	}{
		{"deep", `{\rtf1` + strings.Repeat("{", 5000) + strings.Repeat("}", 5000) + `}`, scrub.Limits{}, scrub.ErrLimit},
		{"bin-past-end", `{\rtf1{\pict\bin999999 ab}}`, scrub.Limits{}, scrub.ErrMalformed},
		{"bin-negative", `{\rtf1{\pict\bin-1 ab}}`, scrub.Limits{}, scrub.ErrMalformed},
		{"bin-cut", `{\rtf1{\pict\bin4 ab`, scrub.Limits{}, scrub.ErrMalformed},
		{"unterminated", `{\rtf1{\info{\author X}`, scrub.Limits{}, scrub.ErrMalformed},
		{"long-word", `{\rtf1\` + strings.Repeat("a", 200) + `}`, scrub.Limits{}, scrub.ErrMalformed},
		{"long-number", `{\rtf1\fs` + strings.Repeat("1", 30) + `}`, scrub.Limits{}, scrub.ErrMalformed},
		{"bad-hex-escape", `{\rtf1 \'g1}`, scrub.Limits{}, scrub.ErrMalformed},
		{"bad-picture-hex", `{\rtf1{\pict\pngblip zz}}`, scrub.Limits{}, scrub.ErrMalformed},
		{"picture-too-big", `{\rtf1{\pict\pngblip ` + strings.Repeat("ab", 2<<20) + `}}`, small, scrub.ErrLimit},
		{"not-a-group", `\rtf1 hello`, scrub.Limits{}, scrub.ErrMalformed},
		{"backslash-at-end", `{\rtf1 x\`, scrub.Limits{}, scrub.ErrMalformed},
	} {
		t.Run(c.name, func(t *testing.T) {
			env := scrub.NewEnv(registry(), c.limits, scrub.Policy{})
			_, err := rtf.New().Clean(context.Background(), env, strings.NewReader(c.data), int64(len(c.data)), io.Discard)
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v", err, c.want)
			}
			t.Log(err)
			var fe *scrub.FormatError
			if !errors.As(err, &fe) || fe.Reason == "" {
				t.Errorf("%v: no reason for the user", err)
			}
		})
	}
}

// TestObjectWithoutResult: an object with no picture goes whole.
func TestObjectWithoutResult(t *testing.T) {
	in := `{\rtf1 a{\object\objemb{\*\objclass Package}{\*\objdata 0105000002000000}}b}`
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	var out bytes.Buffer
	if _, err := rtf.New().Clean(context.Background(), env, strings.NewReader(in), int64(len(in)), &out); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != `{\rtf1 a{}b}` {
		t.Errorf("got %s", got)
	}
}

func FuzzTokenizer(f *testing.F) {
	f.Add(dirty("Z"))
	f.Add(hostile.RTF("Z"))
	f.Add([]byte(`{\rtf1{\pict\bin3 {}}\u-3? \'41{\*\x}}`))
	f.Add([]byte(`{\rtf1 a{\deleted x{\field{\*\fldinst HYPERLINK "C:\\\\a\\\\b"}{\fldrslt y}}}b}`))
	reg := registry()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		env := scrub.NewEnv(reg, scrub.Limits{MaxMemberSize: 1 << 20, MaxTotalSize: 4 << 20}, scrub.Policy{})
		var out bytes.Buffer
		h := rtf.New()
		_, err := h.Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), &out)
		if err != nil {
			if !scrub.Refused(err) {
				t.Fatalf("not a refusal: %v", err)
			}
			return
		}
		clean := out.Bytes()
		env = scrub.NewEnv(reg, scrub.Limits{MaxMemberSize: 1 << 20, MaxTotalSize: 4 << 20}, scrub.Policy{})
		var again bytes.Buffer
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(clean), int64(len(clean)), &again); err != nil {
			t.Fatalf("cleaning the cleaned document: %v\n%q\n%q", err, data, clean)
		}
		if !bytes.Equal(clean, again.Bytes()) {
			t.Fatalf("not idempotent:\n%q\n%q\n%q", data, clean, again.Bytes())
		}
		fs, err := h.Inspect(context.Background(), env, bytes.NewReader(clean), int64(len(clean)))
		if err != nil {
			t.Fatalf("inspecting the cleaned document: %v", err)
		}
		if scrub.Removable(fs) {
			t.Fatalf("the cleaned document has removable findings %+v:\n%q\n%q", fs, data, clean)
		}
	})
}

func BenchmarkClean(b *testing.B) {
	// A long document: many paragraphs with edit-session ids, as Word
	// writes them, and the fixture's pictures.
	var doc bytes.Buffer
	doc.Write(bytes.TrimSuffix(bytes.TrimSpace(dirty("B")), []byte("}\nB-TRAILING")))
	for i := 0; i < 5000; i++ {
		doc.WriteString(`\pard\plain\pararsid1112233\f0\fs24 {\rtlch\fcs1 \af0 \ltrch\fcs0 \insrsid4445566 A paragraph of ordinary text, with some `)
		doc.WriteString(`{\b\insrsid4445566 bold words} and caf\'e9 \u8364? euros.}\par` + "\n")
	}
	doc.WriteString("}")
	data := doc.Bytes()
	reg := registry()
	h := rtf.New()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReportedFields: fields that show the author or the file's path are
// content: reported with what they show, kept.
func TestReportedFields(t *testing.T) {
	in := `{\rtf1 {\field{\*\fldinst AUTHOR \\* MERGEFORMAT}{\fldrslt Jane Roe}} and {\field{\*\fldinst FILENAME \\p}{\fldrslt C:\\Users\\jroe\\memo.rtf}}\par}`
	fs := scrubtest.Inspect(t, registry(), "f.rtf", []byte(in))
	want := map[string]string{"field showing the author": "Jane Roe", "field showing the file name": `C:\Users\jroe\memo.rtf`}
	for _, f := range fs {
		if v, ok := want[f.Field]; ok {
			if f.Value != v || f.Action != scrub.Report {
				t.Errorf("%s: %q %s, want %q reported", f.Field, f.Value, f.Action, v)
			}
			delete(want, f.Field)
		}
	}
	for field := range want {
		t.Errorf("no finding %q in %+v", field, fs)
	}
	out, _ := scrubtest.Clean(t, registry(), "f.rtf", []byte(in), scrub.Policy{})
	if string(out) != in {
		t.Errorf("the fields changed:\n%s", out)
	}
}

// TestNestedFieldWithPath: an instruction that holds a field and a local
// path cannot be written again as text without losing the inner field:
// refused, not cleaned into something else.
func TestNestedFieldWithPath(t *testing.T) {
	in := `{\rtf1 {\field{\*\fldinst INCLUDETEXT "C:\\\\Users\\\\jroe\\\\{\field{\*\fldinst DATE}{\fldrslt x}}.rtf"}{\fldrslt y}}}`
	env := scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{})
	_, err := rtf.New().Clean(context.Background(), env, strings.NewReader(in), int64(len(in)), io.Discard)
	if !errors.Is(err, scrub.ErrUnsupported) {
		t.Errorf("error %v, want a refusal", err)
	}
	ok := `{\rtf1 {\field{\*\fldinst IF {\field{\*\fldinst PAGE}{\fldrslt 1}} = 1 "one" "other"}{\fldrslt one}}}`
	out, _ := scrubtest.Clean(t, registry(), "ok.rtf", []byte(ok), scrub.Policy{})
	if string(out) != ok {
		t.Errorf("a nested field without a path changed:\n%s", out)
	}
}
