// Package rtf cleans Rich Text Format documents, as Word, WordPad and
// LibreOffice write them.
//
// A streaming tokenizer splits the document into groups, control words
// and text; the cleaner writes every token it keeps exactly as it was
// and removes:
//
//   - the \info group (title, subject, author, manager, company, last
//     saved by, category, keywords, comments, hyperlink base, the dates it
//     was created, revised, printed and backed up, the version, the
//     program's version, the editing time and the statistics);
//   - edit-session ids (\*\rsidtbl and every \rsid… word: \insrsid,
//     \charrsid, \pararsid, \sectrsid, \tblrsid, \styrsid…), the
//     generator, custom properties (\*\userprops), document variables,
//     the custom XML data store, the theme and colour mapping, the
//     editing password hash, the template's path;
//   - tracked changes, accepted as Word accepts them: deleted text goes
//     (with the pictures, fields and footnotes inside it), inserted text
//     stays without its marks, the revision table (\*\revtbl, the
//     reviewers' names), their times and the old formatting of
//     formatting changes go;
//   - comments (\*\annotation with its author, initials, date and range
//     marks) and the comment marks;
//   - embedded OLE objects: the object's data goes, the picture that
//     shows it (\result) stays;
//   - "\*" destinations scrub does not know (a reader that does not know
//     one skips it, so nothing visible goes); control words it does not
//     know stay (they are formatting).
//
// Pictures (\pict: PNG, JPEG and whatever else the registry cleans) are
// decoded from hexadecimal or \bin data, cleaned through the registry
// and written again in hexadecimal; their ids (\*\blipuid, \bliptag)
// go. An enhanced metafile keeps its drawing and loses the description
// in its header (the program that made it and the picture's name); a
// Windows metafile (Word's copy of each picture for old readers) keeps
// its drawing and loses the data of its comment records. Other pictures
// scrub cannot look into stay and are reported. Local paths in field
// instructions (INCLUDEPICTURE, HYPERLINK, LINK…) and a picture's
// original file name lose their folders. The last-edit bookmark
// (_GoBack) goes; other bookmarks, and fields that show the author or
// the file name, are reported.
package rtf

import (
	"bytes"
	"context"
	"io"

	"github.com/scrub-project/scrub/formats/internal/imagemeta"
	"github.com/scrub-project/scrub/scrub"
)

const format = "rtf"

type handler struct{}

// New returns the handler for RTF documents.
func New() scrub.Handler { return handler{} }

func (handler) Name() string { return "rtf" }

func (handler) Formats() []scrub.Format {
	return []scrub.Format{{Name: "rtf", Extensions: []string{".rtf"}, Description: "Rich Text Format document",
		MediaTypes: []string{"application/rtf", "text/rtf"}}}
}

// Identify claims content that starts with "{\rtf".
func (handler) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if bytes.HasPrefix(head, []byte(`{\rtf`)) {
		return "rtf", nil
	}
	return "", nil
}

// Inspect lists what Clean removes, and reports bookmarks, fields that
// show the author or the file name, links to files beside the document
// and pictures scrub keeps as they are.
func (handler) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	c := newCleaner(ctx, env, modeInspect, size)
	if err := c.run(io.NewSectionReader(r, 0, size), nil); err != nil {
		return nil, err
	}
	return labelled(c.fs.List()), nil
}

// Clean writes the document without what Inspect lists as removed.
func (h handler) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, ws, err := h.CleanReport(ctx, env, r, size, w)
	return ws, err
}

// CleanReport cleans and returns Inspect's findings from the same pass.
func (handler) CleanReport(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Finding, []scrub.Warning, error) {
	c := newCleaner(ctx, env, modeClean, size)
	if err := c.run(io.NewSectionReader(r, 0, size), w); err != nil {
		return nil, nil, err
	}
	return labelled(c.fs.List()), c.warnings, nil
}

// labelled gives findings of embedded pictures that come without a label
// the one imagemeta gives their field (this package labels its own).
func labelled(fs []scrub.Finding) []scrub.Finding {
	for i := range fs {
		if fs[i].Label == "" {
			fs[i].Label = imagemeta.LabelOf(fs[i].Field, fs[i].Kind)
		}
	}
	return fs
}

// Parts lists the pictures (decoded from their hexadecimal) and the
// data of embedded objects through the registry, the document as it is
// with the text a reader sees, and every text of the document decoded
// (characters written as \'hh or \uN are searched as what they are).
func (handler) Parts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	c := newCleaner(ctx, env, modeParts, size)
	c.picture = func(where string, data []byte) error {
		return env.PartsEmbedded(ctx, where, bytes.NewReader(data), int64(len(data)), fn)
	}
	if err := c.run(io.NewSectionReader(r, 0, size), nil); err != nil {
		return err
	}
	var texts []string
	for _, line := range bytes.Split([]byte(c.visible.String()), []byte("\n")) {
		if t := bytes.TrimSpace(line); len(t) > 0 {
			texts = append(texts, string(t))
		}
	}
	if err := fn(scrub.Part{Where: whereDoc, R: io.NewSectionReader(r, 0, size), Text: texts}); err != nil {
		return err
	}
	return fn(scrub.Part{Where: "decoded text", R: bytes.NewReader([]byte(c.all.String())), Text: texts})
}
