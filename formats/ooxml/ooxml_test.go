package ooxml_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/formats/ooxml"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// fx is a generated document: the planted values (absent after
// cleaning), the visible text (present after cleaning), the fields Inspect
// must report, and the text LibreOffice must render from the cleaned copy
// (and must not: deleted text).
type fx struct {
	data                                       []byte
	planted, visible, reported, rendered, gone []string
}

var fixtures = []struct {
	name string
	make func(testing.TB) fx
}{
	{"fixture.docx", docxFixture},
	{"fixture.xlsx", xlsxFixture},
	{"fixture.pptx", pptxFixture},
	{"classes.docx", classesDocxFixture},
	{"classes.xlsx", classesXlsx},
	{"classes.pptx", classesPptx},
}

// TestRoundTrip: every planted value is gone from every decompressed
// member, the output re-inspects clean and cleans to the same bytes, the
// visible text stays, the package is structurally sound, and Inspect
// reports the hidden content.
func TestRoundTrip(t *testing.T) {
	reg := all.Registry()
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			x := fx.make(t)
			dirty, planted, visible, reported := x.data, x.planted, x.visible, x.reported
			clean := scrubtest.RoundTrip(t, reg, fx.name, dirty, planted...)
			scrubtest.AssertPresent(t, clean, visible...)
			checkStructure(t, dirty, clean)
			fs := scrubtest.Inspect(t, reg, fx.name, dirty)
			for _, f := range fs {
				if !scrub.KnownLabel(f.Label) {
					t.Errorf("finding without a known label: %+v", f)
				}
			}
			for _, want := range reported {
				found := false
				for _, f := range fs {
					if f.Field == want && f.Action == scrub.Report {
						found = true
					}
				}
				if !found {
					t.Errorf("Inspect does not report %q", want)
				}
			}
			// What is reported stays reported after cleaning, but for
			// links to local paths, whose folders clean removed.
			after := scrubtest.Inspect(t, reg, fx.name, clean)
			for _, want := range reported {
				if strings.HasPrefix(want, "link to a local or network path") {
					continue
				}
				found := false
				for _, f := range after {
					if f.Field == want && f.Action == scrub.Report {
						found = true
					}
				}
				if !found {
					t.Errorf("Inspect of the output no longer reports %q", want)
				}
			}
			if testing.Verbose() {
				for _, f := range fs {
					t.Logf("%s | %s | %s | %s | %.80q", f.Action, f.Kind, f.Where, f.Field, f.Value)
				}
			}
		})
	}
}

func TestIdentify(t *testing.T) {
	h := ooxml.New()
	for _, fx := range fixtures {
		data := fx.make(t).data
		name, err := h.Identify(data[:min(len(data), 4096)], bytes.NewReader(data), int64(len(data)))
		if err != nil || name != strings.TrimPrefix(fx.name[strings.LastIndexByte(fx.name, '.'):], ".") {
			t.Errorf("%s: identified as %q, %v", fx.name, name, err)
		}
	}
	for _, b := range [][]byte{nil, []byte("PK\x03\x04 not really"), []byte("%PDF-1.7"), pngWith(t, "x")} {
		if name, err := h.Identify(b, bytes.NewReader(b), int64(len(b))); name != "" || err != nil {
			t.Errorf("identified %q as %q, %v", b[:min(len(b), 8)], name, err)
		}
	}
}

func clean(t testing.TB, data []byte, policy scrub.Policy) ([]byte, []scrub.Warning, error) {
	reg := all.Registry()
	env := scrub.NewEnv(reg, scrub.Limits{}, policy)
	var buf bytes.Buffer
	ws, err := ooxml.New().Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), &buf)
	return buf.Bytes(), ws, err
}

func TestMacros(t *testing.T) {
	f := &fixture{}
	f.add("_rels/.rels", "", rels("rId1|"+relR+"officeDocument|word/document.xml"))
	f.add("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml",
		xmlDecl+`<w:document `+wNS+`><w:body><w:p><w:r><w:t>MACRO-DOC-TEXT</w:t></w:r></w:p></w:body></w:document>`)
	f.add("word/_rels/document.xml.rels", "", rels("rId1|"+relMS06+"vbaProject|vbaProject.bin"))
	f.add("word/vbaProject.bin", "application/vnd.ms-office.vbaProject", oleWith("PLANT-VBA-SOURCE"))
	f.add("word/_rels/vbaProject.bin.rels", "", rels("rId1|"+relMS06+"wordVbaData|vbaData.xml"))
	f.add("word/vbaData.xml", "application/vnd.ms-word.vbaData+xml",
		xmlDecl+`<wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"><wne:mcds><wne:mcd wne:macroName="PLANT-MACRO-NAME"/></wne:mcds></wne:vbaSuppData>`)
	data := f.bytes(t)
	_, _, err := clean(t, data, scrub.Policy{RefuseMacros: true})
	if !errors.Is(err, scrub.ErrMacros) || !errors.Is(err, scrub.ErrUnsupported) || strings.Contains(err.Error()+scrub.HintFor(err), "--") {
		t.Fatalf("Policy.RefuseMacros: got %v (hint %q), want scrub.MacrosRefused naming no flag", err, scrub.HintFor(err))
	}
	fs := scrubtest.Inspect(t, all.Registry(), "m.docm", data)
	found := false
	for _, f := range fs {
		if f.Kind == scrub.KindAttachment && f.Action == scrub.Remove && f.Where == "word/vbaProject.bin" {
			found = true
		}
	}
	if !found {
		t.Errorf("Inspect does not report the macros: %+v", fs)
	}
	out, ws, err := clean(t, data, scrub.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	scrubtest.AssertAbsent(t, out, "PLANT-VBA-SOURCE", "PLANT-MACRO-NAME")
	scrubtest.AssertPresent(t, out, "MACRO-DOC-TEXT", "macroEnabled")
	checkStructure(t, data, out)
	if len(ws) == 0 || !strings.Contains(ws[0].Message, "macros") {
		t.Errorf("no warning about the macros: %+v", ws)
	}
}

func TestHostile(t *testing.T) {
	good := docxFixture(t).data
	base := func(mut func(f *fixture)) []byte {
		f := &fixture{}
		f.add("_rels/.rels", "", rels("rId1|"+relR+"officeDocument|word/document.xml", "rId2|"+relPkg+"metadata/core-properties|docProps/core.xml"))
		f.add("word/document.xml", ctDocMain, xmlDecl+`<w:document `+wNS+`><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>`)
		f.add("docProps/core.xml", ctCore, coreXML("H"))
		mut(f)
		return f.bytes(t)
	}
	cases := []struct {
		name string
		data []byte
		kind error
	}{
		{"duplicate core.xml", base(func(f *fixture) { f.add("docProps/core.xml", ctCore, coreXML("HIDDEN")) }), scrub.ErrMalformed},
		{"case duplicate", base(func(f *fixture) { f.add("DOCPROPS/core.xml", "", coreXML("HIDDEN")) }), scrub.ErrMalformed},
		{"dotdot", base(func(f *fixture) { f.add("word/../../evil.xml", "", "x") }), scrub.ErrMalformed},
		{"doctype", base(func(f *fixture) {
			f.parts[1].data = []byte(`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><w:document ` + wNS + `>&b;</w:document>`)
		}), scrub.ErrUnsupported},
		{"malformed xml", base(func(f *fixture) { f.parts[1].data = []byte(`<w:document ` + wNS + `><w:body></w:document>`) }), scrub.ErrMalformed},
		{"truncated", good[:len(good)/2], scrub.ErrMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := clean(t, c.data, scrub.Policy{})
			if !errors.Is(err, c.kind) {
				t.Fatalf("clean: got %v, want %v", err, c.kind)
			}
			if _, err := ooxml.New().Inspect(context.Background(), scrub.NewEnv(all.Registry(), scrub.Limits{}, scrub.Policy{}), bytes.NewReader(c.data), int64(len(c.data))); err == nil {
				t.Errorf("inspect accepted it")
			}
		})
	}
	// A member over the size limit, and documents nested too deep.
	env := scrub.NewEnv(all.Registry(), scrub.Limits{MaxMemberSize: 1000}, scrub.Policy{})
	big := base(func(f *fixture) { f.add("word/media/big.png", "", strings.Repeat("x", 5000)) })
	if _, err := ooxml.New().Clean(context.Background(), env, bytes.NewReader(big), int64(len(big)), &bytes.Buffer{}); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("member over the limit: %v", err)
	}
	nested := simpleDocx(t, "N0", "level")
	for i := 0; i < 6; i++ {
		f := &fixture{}
		f.add("_rels/.rels", "", rels("rId1|"+relR+"officeDocument|word/document.xml"))
		f.add("word/document.xml", ctDocMain, xmlDecl+`<w:document `+wAll+`><w:body><w:p>`+oleObject(1, "rId2", "rId1", "Word.Document.12")+`</w:p></w:body></w:document>`)
		f.add("word/_rels/document.xml.rels", "", rels("rId1|"+relR+"package|embeddings/d.docx", "rId2|"+relR+"image|media/p.png"))
		f.add("word/embeddings/d.docx", "", nested)
		f.add("word/media/p.png", "", pngWith(t, "p"))
		nested = f.bytes(t)
	}
	if _, _, err := clean(t, nested, scrub.Policy{}); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("nested too deep: %v", err)
	}
}

// FuzzClean: whatever the input, Inspect and Clean return (no panic), and a
// cleaned output inspects clean and cleans to itself.
func FuzzClean(f *testing.F) {
	for _, fx := range fixtures {
		f.Add(fx.make(f).data)
	}
	reg := all.Registry()
	h := ooxml.New()
	limits := scrub.Limits{MaxMemberSize: 1 << 20, MaxTotalSize: 16 << 20, MaxMembers: 500}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return // large inputs only cost time; size is the hostile tests' business
		}
		name, err := h.Identify(data[:min(len(data), 4096)], bytes.NewReader(data), int64(len(data)))
		if err != nil || name == "" || name == "xlsb" {
			return
		}
		env := scrub.NewEnv(reg, limits, scrub.Policy{})
		if _, err := h.Inspect(context.Background(), env, bytes.NewReader(data), int64(len(data))); err != nil {
			return
		}
		var out bytes.Buffer
		env = scrub.NewEnv(reg, limits, scrub.Policy{})
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), &out); err != nil {
			return
		}
		o := out.Bytes()
		env = scrub.NewEnv(reg, limits, scrub.Policy{})
		fs, err := h.Inspect(context.Background(), env, bytes.NewReader(o), int64(len(o)))
		if err != nil {
			t.Fatalf("the cleaned output does not inspect: %v", err)
		}
		if scrub.Removable(fs) {
			t.Fatalf("the cleaned output has removable findings: %+v", fs)
		}
		var again bytes.Buffer
		env = scrub.NewEnv(reg, limits, scrub.Policy{})
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(o), int64(len(o)), &again); err != nil || !bytes.Equal(o, again.Bytes()) {
			t.Fatalf("cleaning is not idempotent: %v", err)
		}
		for _, d := range [][]byte{data, o} {
			err := h.(scrub.PartLister).Parts(context.Background(), scrub.NewEnv(reg, limits, scrub.Policy{}), bytes.NewReader(d), int64(len(d)), func(p scrub.Part) error {
				_, err := io.Copy(io.Discard, p.R)
				return err
			})
			if err != nil {
				t.Fatalf("the parts of a document that cleans do not list: %v", err)
			}
		}
	})
}

func BenchmarkClean(b *testing.B) {
	data := docxFixture(b).data
	reg := all.Registry()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
		if _, err := ooxml.New().Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
