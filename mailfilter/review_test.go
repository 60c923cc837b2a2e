package mailfilter

import (
	"bytes"
	"errors"
	"testing"
)

// An attachment that keeps content the sender may not see (speaker notes)
// holds the message unless AllowReview; the report says which attachment
// and what it keeps.
func TestReview(t *testing.T) {
	doc := []byte("FAKEDOC\nnote: the real plan is on slide 3\nauthor: " + planted + "\n")
	msg := mixed(attachment("application/x-fake", `attachment; filename="deck.fake"`, "base64", b64(doc, 76, "\n")))
	out, rep, err := run(t, msg, Options{})
	if !errors.Is(err, ErrHeld) || out != nil {
		t.Fatalf("err %v, out %d bytes", err, len(out))
	}
	held := rep.Held()
	if len(held) != 1 || held[0].Name != "deck.fake" || len(held[0].Findings) != 2 {
		t.Fatalf("held: %+v", rep.Attachments)
	}
	// AllowUnclean is not AllowReview: the notes still hold it.
	if _, _, err := run(t, msg, Options{AllowUnclean: true}); !errors.Is(err, ErrHeld) {
		t.Errorf("AllowUnclean: %v", err)
	}
	out, rep, err = run(t, msg, Options{AllowReview: true})
	if err != nil || rep.Attachments[0].Status != StatusCleaned {
		t.Fatalf("AllowReview: %v %+v", err, rep.Attachments)
	}
	for _, l := range leaves(t, out) {
		if bytes.Contains(l.data, []byte(planted)) {
			t.Errorf("%s still carries the planted value", l.name)
		}
		if l.name == "deck.fake" && !bytes.Contains(l.data, []byte("the real plan")) {
			t.Error("the speaker notes were removed: they are content")
		}
	}
}

// A fake redaction refuses the attachment whatever AllowReview says; with
// AllowUnclean it goes out cleaned (not as it was).
func TestFakeRedaction(t *testing.T) {
	doc := []byte("FAKEDOC\ncovered: the informant's name\nauthor: " + planted + "\n")
	msg := mixed(attachment("application/x-fake", `attachment; filename="court.fake"`, "base64", b64(doc, 76, "\n")))
	for _, opt := range []Options{{}, {AllowReview: true}} {
		_, rep, err := run(t, msg, opt)
		if !errors.Is(err, ErrRefused) {
			t.Fatalf("%+v: %v", opt, err)
		}
		r := rep.Refused()
		if len(r) != 1 || !errors.Is(r[0].Err, ErrFakeRedaction) || r[0].Name != "court.fake" || r[0].Hint == "" {
			t.Errorf("%+v: %+v", opt, r)
		}
	}
	out, rep, err := run(t, msg, Options{AllowUnclean: true})
	if err != nil || rep.Attachments[0].Status != StatusCleaned {
		t.Fatalf("AllowUnclean: %v %+v", err, rep.Attachments)
	}
	for _, l := range leaves(t, out) {
		if bytes.Contains(l.data, []byte(planted)) {
			t.Errorf("%s still carries the planted value", l.name)
		}
	}
}
