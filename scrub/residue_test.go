package scrub_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/scrub-project/scrub/scrub"
)

// parted is a test container whose Parts lists named parts, as a zip or a
// PDF handler does. Lines:
//
//	== NAME        starts part NAME
//	author: V      a removable finding (Clean drops the line)
//	text: T        text the reader sees (kept, listed in Part.Text)
//	shown: T       listed in Part.Text only (text the handler decoded from
//	               another form of the part's bytes)
//	hex: H         bytes stored hex-encoded (Parts yields them decoded, as a
//	               handler yields a member inflated)
//	anything else  structure the handler's rules do not know: kept as it is
type parted struct{}

func (parted) Name() string { return "parted" }
func (parted) Formats() []scrub.Format {
	return []scrub.Format{{Name: "parted", Extensions: []string{".parted"}, Description: "test container"}}
}
func (parted) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if bytes.HasPrefix(head, []byte("PARTED\n")) {
		return "parted", nil
	}
	return "", nil
}

func lines(r io.ReaderAt, size int64) []string {
	var out []string
	sc := bufio.NewScanner(io.NewSectionReader(r, 0, size))
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

func (parted) Inspect(_ context.Context, _ *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	var fs []scrub.Finding
	for _, l := range lines(r, size) {
		if v, ok := strings.CutPrefix(l, "author: "); ok {
			fs = append(fs, scrub.Finding{Where: "meta", Field: "author", Value: v, Kind: scrub.KindPerson,
				Action: scrub.Remove, Label: scrub.LabelAuthor})
		}
	}
	return fs, nil
}

func (parted) Clean(_ context.Context, _ *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	for _, l := range lines(r, size) {
		if !strings.HasPrefix(l, "author: ") {
			io.WriteString(w, l+"\n")
		}
	}
	return nil, nil
}

func (parted) Parts(_ context.Context, _ *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	name, data, text := "header", []byte{}, []string(nil)
	flush := func() error {
		err := fn(scrub.Part{Where: name, R: bytes.NewReader(data), Text: text})
		data, text = nil, nil
		return err
	}
	for _, l := range lines(r, size) {
		switch {
		case strings.HasPrefix(l, "== "):
			if err := flush(); err != nil {
				return err
			}
			name = strings.TrimPrefix(l, "== ")
		case strings.HasPrefix(l, "hex: "):
			b, _ := hex.DecodeString(strings.TrimPrefix(l, "hex: "))
			data = append(data, b...)
		case strings.HasPrefix(l, "shown: "):
			text = append(text, strings.TrimPrefix(l, "shown: "))
		case strings.HasPrefix(l, "text: "):
			t := strings.TrimPrefix(l, "text: ")
			text = append(text, t)
			data = append(data, t+"\n"...)
		default:
			data = append(data, l+"\n"...)
		}
	}
	return flush()
}

func utf16le(s string) string {
	var b []byte
	for _, c := range utf16.Encode([]rune(s)) {
		b = append(b, byte(c), byte(c>>8))
	}
	return hex.EncodeToString(b)
}

// The residue check refuses to write a copy whose handler left a learned
// value where its rules do not look: an unknown attribute, an unknown
// part, an unusual PDF key, a UTF-16 or escaped form inside a part.
func TestResidueRefusesWhatTheRulesMissed(t *testing.T) {
	const v = "Ottilie Planted-Name"
	cases := map[string]string{
		"unknown attribute": "== word/document.xml\n<w:p w14:madeUp=\"" + v + "\"/>\ntext: the report\n",
		"unknown part":      "== customXml/item9.xml\n<x>" + v + "</x>\n",
		"unusual PDF key":   "== object 12\n<< /PieceInfo << /Private (" + v + ") >> >>\n",
		"UTF-16 in a part":  "== object 7\nhex: " + utf16le(v) + "\n",
		"escaped in XML":    "== settings.xml\n<a v=\"Ottilie &amp; Planted\"/>\n",
		"user name of path": "== rels\n<r target=\"D:/Users/ottilie99/x.docx\"/>\n",
	}
	authors := map[string]string{"escaped in XML": "Ottilie & Planted", "user name of path": `C:\Users\ottilie99\Templates\x.dotx`}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			author := v
			if a, ok := authors[name]; ok {
				author = a
			}
			dir := t.TempDir()
			in := filepath.Join(dir, "doc.parted")
			write(t, in, "PARTED\nauthor: "+author+"\n"+body)
			e := engine(parted{})
			res := collect(t, func(fn func(scrub.Result)) error {
				return e.Clean(context.Background(), scrub.NewPlan([]string{in}, scrub.PlanOptions{}), scrub.CleanOptions{}, fn)
			})
			r := res[in]
			var re *scrub.ResidueError
			if r.Status != scrub.StatusFailed || !errors.As(r.Err, &re) || !scrub.IsVerifyFailure(r.Err) {
				t.Fatalf("status %s, error %v: want a residue failure", r.Status, r.Err)
			}
			if _, err := os.Stat(scrub.CleanedName(in)); err == nil {
				t.Error("a copy was written")
			}
			if left := leftovers(t, dir); len(left) != 0 {
				t.Errorf("files left: %v", left)
			}
			if !strings.Contains(r.Error, re.Found[0].Where) || r.Hint == "" {
				t.Errorf("the message does not name the place or ask for a report: %q / %q", r.Error, r.Hint)
			}
		})
	}
}

// A learned value in the text the reader sees is content: the copy is
// written, with a review line.
func TestResidueInVisibleTextIsReviewed(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.parted")
	write(t, in, "PARTED\nauthor: Ottilie Planted\n== page 2\ntext: Signed, Ottilie Planted\n")
	res := collect(t, func(fn func(scrub.Result)) error {
		return engine(parted{}).Clean(context.Background(), scrub.NewPlan([]string{in}, scrub.PlanOptions{}), scrub.CleanOptions{}, fn)
	})
	r := res[in]
	if r.Status != scrub.StatusCleaned {
		t.Fatalf("status %s: %s", r.Status, r.Error)
	}
	found := false
	for _, f := range r.Findings {
		found = found || f.Action == scrub.Report && f.Where == "page 2" && f.Value == "Ottilie Planted" && f.Label == scrub.LabelAuthor
	}
	if !found {
		t.Errorf("no review line for the name in the text: %+v", r.Findings)
	}
}

// Values too short or too common to search would fail files by chance:
// they are not searched.
func TestResidueSkipsShortAndCommonValues(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.parted")
	write(t, in, "PARTED\nauthor: Jo\nauthor: Administrator\nauthor: 1234\nauthor: 00000003\n== styles\n<s name=\"Jo\" id=\"1234\" by=\"Administrator\" sig=\"00000003\"/>\n")
	res := collect(t, func(fn func(scrub.Result)) error {
		return engine(parted{}).Clean(context.Background(), scrub.NewPlan([]string{in}, scrub.PlanOptions{}), scrub.CleanOptions{}, fn)
	})
	if r := res[in]; r.Status != scrub.StatusCleaned {
		t.Fatalf("status %s: %s", r.Status, r.Error)
	}
}

// Inspect and clean learn e-mail addresses, Windows account ids and
// home-folder paths that no rule names: outside the text they are
// findings, and a copy that keeps them is not written.
func TestResidueLearnsIdentifiersNoRuleKnows(t *testing.T) {
	body := "PARTED\n== word/people.xml\n<p mail=\"ottilie.planted@example.org\" sid=\"S-1-5-21-1004336348-1177238915-682003330-512\" dir=\"/home/ottiliep/drafts\"/>\n== page 1\ntext: write to press@example.net\n"
	e := engine(parted{})
	r := e.InspectData(context.Background(), "x.parted", []byte(body))
	want := map[string]scrub.Label{
		"ottilie.planted@example.org":                  scrub.LabelEmail,
		"S-1-5-21-1004336348-1177238915-682003330-512": scrub.LabelAccount,
		"/home/ottiliep":                               scrub.LabelFilePath,
		"ottiliep":                                     scrub.LabelAccount,
	}
	for _, f := range r.Findings {
		if l, ok := want[f.Value]; ok && l == f.Label && f.Action == scrub.Remove {
			delete(want, f.Value)
		}
		if f.Value == "press@example.net" {
			t.Errorf("an address in the text is listed as a leak: %+v", f)
		}
	}
	if len(want) > 0 || r.Status != scrub.StatusDirty {
		t.Errorf("status %s, not found: %v (findings %+v)", r.Status, want, r.Findings)
	}
	// Folders named like home folders inside a name are not home folders.
	plain := e.InspectData(context.Background(), "y.parted", []byte("PARTED\n== [Content_Types].xml\n<a n=\"word/media/image1.png\" m=\"ppt/home/x\" t=\"/media/image.jpg\" r=\"/home/photo.png\"/>\n"))
	if plain.Status != scrub.StatusClean {
		t.Errorf("a member name taken for a home folder: %+v", plain.Findings)
	}
	if false {
		t.Errorf("status %s, not found: %v (findings %+v)", r.Status, want, r.Findings)
	}
	out, cr := e.CleanData(context.Background(), "x.parted", []byte(body))
	var re *scrub.ResidueError
	if cr.Status != scrub.StatusFailed || !errors.As(cr.Err, &re) || out != nil {
		t.Errorf("CleanData kept the identifiers: %s %v", cr.Status, cr.Err)
	}
}

// Text stored as UTF-16BE also matches the UTF-16LE form one byte later:
// one occurrence must count once, or a value kept in the reader's text
// (a bookmark title) counts twice and fails the check.
func TestResidueCountsAnOccurrenceOnce(t *testing.T) {
	var be []byte
	for _, c := range utf16.Encode([]rune("Ottilie Planted")) {
		be = append(be, byte(c>>8), byte(c))
	}
	body := "PARTED\nauthor: Ottilie Planted\n== outline\nhex: " + hex.EncodeToString(be) + "\nshown: Ottilie Planted\n"
	_, r := engine(parted{}).CleanData(context.Background(), "x.parted", []byte(body))
	if r.Status != scrub.StatusCleaned {
		t.Fatalf("%s: %s", r.Status, r.Error)
	}
}

// damaged is a handler whose Parts fails after listing its first part, as
// a handler does on a damaged picture inside a document.
type damaged struct{ parted }

func (damaged) Name() string { return "damaged" }
func (damaged) Formats() []scrub.Format {
	return []scrub.Format{{Name: "damaged", Extensions: []string{".damaged"}, Description: "test picture"}}
}
func (damaged) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if bytes.HasPrefix(head, []byte("DAMAGED\n")) {
		return "damaged", nil
	}
	return "", nil
}
func (damaged) Parts(_ context.Context, _ *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	if err := fn(scrub.Part{Where: "header", R: strings.NewReader("DAMAGED")}); err != nil {
		return err
	}
	return scrub.Malformed("damaged", nil, "cut short")
}

// TestPartsEmbeddedDamaged: embedded content its handler cannot list is
// searched as bytes, whole, instead of failing the container's check; an
// error of the caller's function still stops the listing.
func TestPartsEmbeddedDamaged(t *testing.T) {
	reg := scrub.NewRegistry()
	reg.Register(damaged{})
	env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{})
	data := []byte("DAMAGED\nauthor: EMBEDDEDSECRET\n")
	var got []string
	var all bytes.Buffer
	err := env.PartsEmbedded(context.Background(), "picture 1", bytes.NewReader(data), int64(len(data)), func(p scrub.Part) error {
		got = append(got, p.Where)
		_, err := io.Copy(&all, p.R)
		return err
	})
	if err != nil {
		t.Fatalf("the damaged picture failed the listing: %v", err)
	}
	if !bytes.Contains(all.Bytes(), []byte("EMBEDDEDSECRET")) || got[len(got)-1] != "picture 1" {
		t.Errorf("the damaged picture is not listed whole: parts %q", got)
	}
	stop := errors.New("stop")
	err = env.PartsEmbedded(context.Background(), "picture 1", bytes.NewReader(data), int64(len(data)), func(p scrub.Part) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("the caller's error is %v, want it returned", err)
	}
}
