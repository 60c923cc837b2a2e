package mailfilter

import (
	"bytes"
	"context"
	"io"
	"strings"

	"github.com/scrub-project/scrub/scrub"
)

// fakeHandler is a format made for these tests, so that the MIME machinery
// is tested without depending on the real formats. Its files start with a
// magic line; "author: …" lines are identifying and removed; "note: …"
// lines are speaker notes and "covered: …" lines text under a black box,
// both kept and reported; a "locked" line makes the file encrypted, a
// "broken" line malformed. Everything else, binary bytes included, is
// content and kept.
type fakeHandler struct {
	name, magic, ext, refused, mediaType string
}

func (h fakeHandler) Name() string { return h.name }
func (h fakeHandler) Formats() []scrub.Format {
	f := scrub.Format{Name: h.name, Extensions: []string{h.ext}, Description: h.name + " test document", Refused: h.refused}
	if h.mediaType != "" {
		f.MediaTypes = []string{h.mediaType}
	}
	return []scrub.Format{f}
}

func (h fakeHandler) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if bytes.HasPrefix(head, []byte(h.magic)) {
		return h.name, nil
	}
	return "", nil
}

func (h fakeHandler) read(r io.ReaderAt, size int64) ([][]byte, error) {
	data := make([]byte, size)
	if _, err := r.ReadAt(data, 0); err != nil && err != io.EOF {
		return nil, err
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	for _, l := range lines {
		switch string(bytes.TrimSpace(l)) {
		case "locked":
			return nil, scrub.Encrypted(h.name, "the file is password-protected", "remove the password")
		case "broken":
			return nil, scrub.Malformed(h.name, nil, "the file is damaged")
		}
	}
	return lines, nil
}

func (h fakeHandler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	lines, err := h.read(r, size)
	if err != nil {
		return nil, err
	}
	var fs []scrub.Finding
	for _, l := range lines {
		if v, ok := strings.CutPrefix(string(l), "author: "); ok {
			fs = append(fs, scrub.Finding{Where: "header", Field: "author", Value: strings.TrimSpace(v), Kind: scrub.KindPerson, Action: scrub.Remove, Label: scrub.LabelAuthor})
		}
		if v, ok := strings.CutPrefix(string(l), "note: "); ok {
			fs = append(fs, scrub.Finding{Where: "body", Field: "note", Value: strings.TrimSpace(v), Kind: scrub.KindHidden, Action: scrub.Report, Label: scrub.LabelSpeakerNotes})
		}
		if v, ok := strings.CutPrefix(string(l), "covered: "); ok {
			fs = append(fs, scrub.Finding{Where: "body", Field: "covered", Value: strings.TrimSpace(v), Kind: scrub.KindHidden, Action: scrub.Report, Label: scrub.LabelCoveredText})
		}
	}
	return fs, nil
}

func (h fakeHandler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	lines, err := h.read(r, size)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		if !bytes.HasPrefix(l, []byte("author: ")) {
			w.Write(l)
		}
	}
	return nil, nil
}

func testEngine() *scrub.Engine {
	reg := scrub.NewRegistry()
	reg.Register(fakeHandler{name: "fake", magic: "FAKEDOC\n", ext: ".fake"})
	reg.Register(fakeHandler{name: "fake2", magic: "FAKE2DOC\n", ext: ".fk2"})
	reg.Register(fakeHandler{name: "legacy", magic: "LEGACY\n", ext: ".leg", refused: "legacy format scrub cannot clean"})
	return &scrub.Engine{Registry: reg}
}

// planted is the identifying value the dirty fake documents carry.
const planted = "Planted Person 4e1f"

// dirtyDoc returns a fake document with an author line and binary content
// (every byte value, so every encoding path is exercised).
func dirtyDoc() []byte {
	var b bytes.Buffer
	b.WriteString("FAKEDOC\nauthor: " + planted + "\ntitle line\n")
	for i := range 600 {
		b.WriteByte(byte(i * 7))
	}
	b.WriteString("\n. dot line\n--not-a-boundary\nFrom me\n \t trailing space \n")
	return b.Bytes()
}

// cleanDoc is what fakeHandler makes of dirtyDoc.
func cleanDoc() []byte {
	return bytes.Replace(dirtyDoc(), []byte("author: "+planted+"\n"), nil, 1)
}
