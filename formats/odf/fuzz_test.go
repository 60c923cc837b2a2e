package odf_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/scrub-project/scrub/formats/odf"
	"github.com/scrub-project/scrub/scrub"
)

// FuzzOpenDocument feeds mutated documents to Identify, Inspect and Clean:
// none may panic, and whatever Clean writes must inspect with nothing left
// to remove. The seeds are the generated fixtures.
func FuzzOpenDocument(f *testing.F) {
	for _, fx := range fixtures(f) {
		f.Add(fx.data)
	}
	f.Add(macroDocument(f, true))
	reg := registry()
	h := odf.New()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return // see FuzzContent
		}
		name, err := h.Identify(data[:min(len(data), 4096)], bytes.NewReader(data), int64(len(data)))
		if err != nil || name == "" {
			return
		}
		limits := scrub.Limits{MaxMemberSize: 8 << 20, MaxTotalSize: 32 << 20}
		env := scrub.NewEnv(reg, limits, scrub.Policy{})
		if _, err := h.Inspect(context.Background(), env, bytes.NewReader(data), int64(len(data))); err != nil {
			return
		}
		var out bytes.Buffer
		env = scrub.NewEnv(reg, limits, scrub.Policy{})
		if _, err := h.Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), &out); err != nil {
			return
		}
		env = scrub.NewEnv(reg, limits, scrub.Policy{})
		fs, err := h.Inspect(context.Background(), env, bytes.NewReader(out.Bytes()), int64(out.Len()))
		if err != nil {
			t.Fatalf("the cleaned output does not inspect: %v", err)
		}
		if scrub.Removable(fs) {
			t.Fatalf("the cleaned output still has removable findings: %+v", fs)
		}
		if err := drainParts(h, scrub.NewEnv(reg, limits, scrub.Policy{}), data); err != nil {
			t.Fatalf("the parts of a document that cleans do not list: %v", err)
		}
		if err := drainParts(h, scrub.NewEnv(reg, limits, scrub.Policy{}), out.Bytes()); err != nil {
			t.Fatalf("the parts of the cleaned output do not list: %v", err)
		}
	})
}

// drainParts lists the parts of data for the residue check and reads
// each to the end, as the engine does.
func drainParts(h scrub.Handler, env *scrub.Env, data []byte) error {
	return h.(scrub.PartLister).Parts(context.Background(), env, bytes.NewReader(data), int64(len(data)), func(p scrub.Part) error {
		_, err := io.Copy(io.Discard, p.R)
		return err
	})
}

// FuzzContent fuzzes the XML rules: the input becomes the content.xml of
// a valid package (and, as it is, a flat document). Clean must not panic,
// its output must inspect with nothing to remove, and cleaning that output
// again must give the same bytes.
func FuzzContent(f *testing.F) {
	f.Add([]byte(content(textBody("F-"), textStyles)))
	f.Add([]byte(content(calcBody("F-"), calcStyles())))
	f.Add([]byte(content(pagesBody("F-", "presentation"), pageStyles)))
	f.Add([]byte(metaXML("F-")))
	f.Add([]byte(settingsXML("F-")))
	f.Add(flatText(f).data)
	reg := registry()
	h := odf.New()
	f.Fuzz(func(t *testing.T, xml []byte) {
		// Large inputs only cost time here (each is deflated several
		// times): the fuzzer grew some to megabytes and ran a few an
		// hour. Size is the hostile tests' business.
		if len(xml) > 256<<10 {
			return
		}
		for _, data := range [][]byte{xml, document(t, mimeText, []member{{name: "content.xml", data: string(xml)}})} {
			if name, err := h.Identify(data[:min(len(data), 4096)], bytes.NewReader(data), int64(len(data))); err != nil || name == "" {
				continue
			}
			policy := scrub.Policy{}
			var out bytes.Buffer
			if _, err := h.Clean(context.Background(), scrub.NewEnv(reg, scrub.Limits{}, policy), bytes.NewReader(data), int64(len(data)), &out); err != nil {
				continue
			}
			fs, err := h.Inspect(context.Background(), scrub.NewEnv(reg, scrub.Limits{}, policy), bytes.NewReader(out.Bytes()), int64(out.Len()))
			if err != nil {
				t.Fatalf("the cleaned output does not inspect: %v", err)
			}
			if scrub.Removable(fs) {
				t.Fatalf("the cleaned output still has removable findings: %+v", fs)
			}
			var again bytes.Buffer
			if _, err := h.Clean(context.Background(), scrub.NewEnv(reg, scrub.Limits{}, policy), bytes.NewReader(out.Bytes()), int64(out.Len()), &again); err != nil {
				t.Fatalf("cleaning the cleaned output: %v", err)
			}
			if !bytes.Equal(out.Bytes(), again.Bytes()) {
				t.Fatalf("cleaning the cleaned output changed it")
			}
		}
	})
}
