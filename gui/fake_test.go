//go:build gui || ci

package gui

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"strings"

	"github.com/scrub-project/scrub/scrub"
)

// Fake formats, so that the screens are tested without depending on the
// real handlers. A fake file is text: a magic first line, then lines of
// "Key: value". Author (person) and GPS (location) lines are metadata that
// cleaning removes; Words is a statistic cleaning removes but that
// identifies no one; a Notes line is hidden content that cleaning keeps
// and reports, a Font line a font name it keeps and does not count;
// anything else is content.

// fakeFormat cleans "FAKE" files.
type fakeFormat struct{}

func (fakeFormat) Name() string { return "fake" }
func (fakeFormat) Formats() []scrub.Format {
	return []scrub.Format{{Name: "fake", Extensions: []string{".fake"}, Description: "fake document"}}
}
func (fakeFormat) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if bytes.HasPrefix(head, []byte("FAKE\n")) {
		return "fake", nil
	}
	return "", nil
}

// fakeLines parses r into lines, the findings they make, and the lines a
// clean keeps.
func fakeLines(r io.ReaderAt, size int64) (fs []scrub.Finding, keep []string, err error) {
	return fakeLinesWith(nil, r, size)
}

// fakeLinesWith is fakeLines for a handler run with env: a Cropped line
// (see fakePicture) is a cropped picture, with the picture attached when
// env's policy asks for pictures; a Covered line is text under a black
// box, a fake redaction.
func fakeLinesWith(env *scrub.Env, r io.ReaderAt, size int64) (fs []scrub.Finding, keep []string, err error) {
	sc := bufio.NewScanner(io.NewSectionReader(r, 0, size))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		key, val, _ := strings.Cut(line, ": ")
		switch key {
		case "Author":
			fs = append(fs, scrub.Finding{Where: "meta.xml", Field: "meta:initial-creator", Value: val, Kind: scrub.KindPerson, Action: scrub.Remove, Label: scrub.LabelAuthor})
			continue
		case "GPS":
			fs = append(fs, scrub.Finding{Where: "EXIF", Field: "GPSPosition", Value: val, Kind: scrub.KindLocation, Action: scrub.Remove, Label: scrub.LabelGPS})
			continue
		case "Words":
			fs = append(fs, scrub.Finding{Where: "docProps/app.xml", Field: "Words", Value: val, Kind: scrub.KindOther, Action: scrub.Remove, Label: scrub.LabelStatistics, Minor: true})
			continue
		case "Notes":
			fs = append(fs, scrub.Finding{Where: "ppt/notesSlides/notesSlide2.xml", Field: "p:notes", Value: val, Kind: scrub.KindHidden, Action: scrub.Report, Label: scrub.LabelSpeakerNotes})
		case "Covered":
			fs = append(fs, scrub.Finding{Where: "page 2", Field: "text under a box drawn over it", Value: val, Kind: scrub.KindHidden, Action: scrub.Report, Label: scrub.LabelCoveredText})
		case "Cropped":
			f := scrub.Finding{Where: "slide 3", Field: "a:srcRect", Value: "shows part of a picture " + val, Kind: scrub.KindHidden, Action: scrub.Report, Label: scrub.LabelCroppedPicture}
			if env != nil && env.Policy.Pictures {
				f.Picture = fakePicture(val)
			}
			fs = append(fs, f)
		case "Font":
			fs = append(fs, scrub.Finding{Where: "styles.xml", Field: "style:font-name", Value: val, Kind: scrub.KindOther, Action: scrub.Report, Label: scrub.LabelFont})
		}
		keep = append(keep, line)
	}
	return fs, keep, sc.Err()
}

func (fakeFormat) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	fs, _, err := fakeLinesWith(env, r, size)
	return fs, err
}

func (fakeFormat) Clean(ctx context.Context, _ *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, keep, err := fakeLines(r, size)
	if err != nil {
		return nil, err
	}
	for _, l := range keep {
		if _, err := io.WriteString(w, l+"\n"); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// lockedFormat refuses every "LOCK" file as password-protected.
type lockedFormat struct{}

func (lockedFormat) Name() string { return "locked" }
func (lockedFormat) Formats() []scrub.Format {
	return []scrub.Format{{Name: "locked", Extensions: []string{".lock"}, Description: "locked document"}}
}
func (lockedFormat) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if bytes.HasPrefix(head, []byte("LOCK")) {
		return "locked", nil
	}
	return "", nil
}

var errLocked = scrub.Encrypted("locked", "the file is protected by a password", "remove the password in the application that made it, then add it again")

func (lockedFormat) Inspect(context.Context, *scrub.Env, io.ReaderAt, int64) ([]scrub.Finding, error) {
	return nil, errLocked
}
func (lockedFormat) Clean(context.Context, *scrub.Env, io.ReaderAt, int64, io.Writer) ([]scrub.Warning, error) {
	return nil, errLocked
}

// brokenFormat reports an author but its Clean forgets to remove it, so
// the engine's verification fails the file.
type brokenFormat struct{}

func (brokenFormat) Name() string { return "broken" }
func (brokenFormat) Formats() []scrub.Format {
	return []scrub.Format{{Name: "broken", Extensions: []string{".brkn"}, Description: "broken document"}}
}
func (brokenFormat) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if bytes.HasPrefix(head, []byte("BRKN\n")) {
		return "broken", nil
	}
	return "", nil
}
func (brokenFormat) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	return fakeFormat{}.Inspect(ctx, env, r, size)
}
func (brokenFormat) Clean(_ context.Context, _ *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	_, err := io.Copy(w, io.NewSectionReader(r, 0, size))
	return nil, err
}

// slowFormat writes half a file, signals on slowStarted, and then waits
// for the run to be cancelled.
type slowFormat struct{ started chan<- struct{} }

func (slowFormat) Name() string { return "slow" }
func (slowFormat) Formats() []scrub.Format {
	return []scrub.Format{{Name: "slow", Extensions: []string{".slow"}, Description: "slow document"}}
}
func (slowFormat) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if bytes.HasPrefix(head, []byte("SLOW\n")) {
		return "slow", nil
	}
	return "", nil
}
func (slowFormat) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	return fakeFormat{}.Inspect(ctx, env, r, size)
}
func (s slowFormat) Clean(ctx context.Context, _ *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	if _, err := io.Copy(w, io.NewSectionReader(r, 0, size/2)); err != nil {
		return nil, err
	}
	if s.started != nil {
		select {
		case s.started <- struct{}{}:
		default:
		}
	}
	<-ctx.Done()
	return nil, ctx.Err()
}

// heldFormat inspects "HOLD" files only once gate is closed (or the run
// is cancelled), so tests can look at the window while an inspection runs.
type heldFormat struct{ gate <-chan struct{} }

func (heldFormat) Name() string { return "held" }
func (heldFormat) Formats() []scrub.Format {
	return []scrub.Format{{Name: "held", Extensions: []string{".hold"}, Description: "held document"}}
}
func (heldFormat) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if bytes.HasPrefix(head, []byte("HOLD\n")) {
		return "held", nil
	}
	return "", nil
}
func (f heldFormat) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	select {
	case <-f.gate:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return fakeFormat{}.Inspect(ctx, env, r, size)
}
func (heldFormat) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	return fakeFormat{}.Clean(ctx, env, r, size, w)
}

// lockedPDF is a fake PDF that needs a password: "%PDF-fake" then a
// "Password: X" line and fake lines. Without the password (or with a
// wrong one) it is refused as scrub's PDF handler refuses such files;
// with it, it inspects and cleans as a fake file. The cleaned copy has an
// empty password: like an unencrypted PDF, it opens with or without one.
type lockedPDF struct{}

func (lockedPDF) Name() string { return "fakepdf" }
func (lockedPDF) Formats() []scrub.Format {
	return []scrub.Format{{Name: "pdf", Extensions: []string{".pdf"}, Description: "PDF document"}}
}
func (lockedPDF) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if bytes.HasPrefix(head, []byte("%PDF-fake\n")) {
		return "pdf", nil
	}
	return "", nil
}

// open checks env's password against the file's and returns the fake
// content behind it.
func (lockedPDF) open(env *scrub.Env, r io.ReaderAt, size int64) (*strings.Reader, error) {
	data, err := io.ReadAll(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, err
	}
	_, rest, _ := strings.Cut(string(data), "\n")
	pwLine, body, _ := strings.Cut(rest, "\n")
	want := strings.TrimPrefix(pwLine, "Password: ")
	if want == "" {
		return strings.NewReader("FAKE\n" + body), nil
	}
	switch env.Policy.Password {
	case want:
		return strings.NewReader("FAKE\n" + body), nil
	case "":
		return nil, scrub.Encrypted("pdf", "the PDF needs a password to open", "")
	}
	return nil, scrub.Encrypted("pdf", "the password does not open this PDF", "")
}

func (l lockedPDF) Inspect(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	body, err := l.open(env, r, size)
	if err != nil {
		return nil, err
	}
	return fakeFormat{}.Inspect(ctx, env, body, body.Size())
}

func (l lockedPDF) Clean(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer) ([]scrub.Warning, error) {
	body, err := l.open(env, r, size)
	if err != nil {
		return nil, err
	}
	if _, err := io.WriteString(w, "%PDF-fake\nPassword: \n"); err != nil {
		return nil, err
	}
	_, keep, err := fakeLines(body, body.Size())
	if err != nil {
		return nil, err
	}
	_, err = io.WriteString(w, strings.Join(keep[1:], "\n")+"\n")
	return nil, err
}

// legacyFormat declares a refused format, as formats/refused does for
// legacy Office files: the registry refuses "DOC0" files before any
// handler runs.
type legacyFormat struct{}

func (legacyFormat) Name() string { return "legacy" }
func (legacyFormat) Formats() []scrub.Format {
	return []scrub.Format{{Name: "doc", Extensions: []string{".doc"}, Description: "Word 97-2003 document",
		Refused: "legacy binary Word format: its metadata cannot be removed safely",
		Hint:    "open it in Word or LibreOffice and save it as .docx, then clean the new file"}}
}
func (legacyFormat) Identify(head []byte, _ io.ReaderAt, _ int64) (string, error) {
	if bytes.HasPrefix(head, []byte("DOC0")) {
		return "doc", nil
	}
	return "", nil
}
func (legacyFormat) Inspect(context.Context, *scrub.Env, io.ReaderAt, int64) ([]scrub.Finding, error) {
	return nil, scrub.Unsupported("doc", "refused", "")
}
func (legacyFormat) Clean(context.Context, *scrub.Env, io.ReaderAt, int64, io.Writer) ([]scrub.Warning, error) {
	return nil, scrub.Unsupported("doc", "refused", "")
}

// fakeRegistry registers the fake formats; started receives a value when
// a slow file starts cleaning, and held files are inspected once gate is
// closed.
func fakeRegistry(started chan<- struct{}, gate <-chan struct{}) *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(fakeFormat{})
	r.Register(lockedFormat{})
	r.Register(brokenFormat{})
	r.Register(slowFormat{started: started})
	r.Register(heldFormat{gate: gate})
	r.Register(lockedPDF{})
	r.Register(legacyFormat{})
	return r
}
