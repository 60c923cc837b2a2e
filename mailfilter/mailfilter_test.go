package mailfilter

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"mime/quotedprintable"
	"strconv"
	"strings"
	"testing"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"

	"github.com/scrub-project/scrub/scrub"
)

func b64(data []byte, lineLen int, eol string) string {
	return string(encodeBase64(data, lineLen, eol))
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

const textBody = "Hello,\n\nthe report is attached. Café, naïve — ünïcödé.\n-- \nA friend\n"

// mixed returns a multipart/mixed message with a text body and the given
// parts (each a full part: header, blank line, body).
func mixed(parts ...string) string {
	var b strings.Builder
	b.WriteString("From: A Friend <friend@example.org>\nTo: journalist@example.net\nSubject: =?UTF-8?Q?the_r=C3=A9port?=\nMessage-ID: <x1@example.org>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"outer-b0undary\"\n\nThis is a multi-part message in MIME format.\n\n--outer-b0undary\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\nContent-Disposition: inline\n\n")
	b.WriteString(textBody)
	for _, p := range parts {
		b.WriteString("\n--outer-b0undary\n")
		b.WriteString(p)
	}
	b.WriteString("\n--outer-b0undary--\n\nepilogue\n")
	return b.String()
}

func attachment(ctype, disp, cte, body string) string {
	h := "Content-Type: " + ctype + "\n"
	if disp != "" {
		h += "Content-Disposition: " + disp + "\n"
	}
	if cte != "" {
		h += "Content-Transfer-Encoding: " + cte + "\n"
	}
	return h + "\n" + body
}

func run(t *testing.T, msg string, opt Options) ([]byte, *Report, error) {
	t.Helper()
	in := []byte(msg)
	keep := bytes.Clone(in)
	out, rep, err := Filter(context.Background(), testEngine(), in, opt)
	if !bytes.Equal(in, keep) {
		t.Fatal("Filter modified its input")
	}
	if err != nil && out != nil {
		t.Fatal("Filter returned a message with an error")
	}
	return out, rep, err
}

// leaves returns the decoded attachments go-message finds in msg, in
// order, with their headers.
func leaves(t *testing.T, msg []byte) []leafPart {
	t.Helper()
	var out []leafPart
	var walk func(r io.Reader, depth int)
	walk = func(r io.Reader, depth int) {
		e, err := message.Read(r)
		if err != nil && !message.IsUnknownCharset(err) {
			t.Fatalf("go-message cannot read the output: %v", err)
		}
		var visit func(e *message.Entity)
		visit = func(e *message.Entity) {
			if mr := e.MultipartReader(); mr != nil {
				for {
					p, err := mr.NextPart()
					if err == io.EOF {
						return
					}
					if err != nil {
						t.Fatalf("go-message: %v", err)
					}
					visit(p)
				}
			}
			mt, _, _ := e.Header.ContentType()
			body, err := io.ReadAll(e.Body)
			if err != nil {
				t.Fatalf("go-message: %v", err)
			}
			if mt == "message/rfc822" {
				walk(bytes.NewReader(body), depth+1)
				return
			}
			name := (&entity{header: e.Header}).filename()
			out = append(out, leafPart{header: e.Header, name: name, mediaType: mt, data: body})
		}
		visit(e)
	}
	walk(bytes.NewReader(msg), 0)
	return out
}

type leafPart struct {
	header    message.Header
	name      string
	mediaType string
	data      []byte
}

func TestPlainMessagePassesByteIdentical(t *testing.T) {
	for _, msg := range []string{
		"From: a@example.org\nTo: b@example.net\nSubject: hi\n\nJust text.\n.\nFrom the start of a line\n",
		crlf("From: a@example.org\nSubject: hi\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nCaf=E9\n"),
		mixed(),
		mixed(attachment("text/html; charset=utf-8", "inline", "quoted-printable", "<p>hi=3D</p>")),
		"From: a@example.org\nSubject: header only, no body\n",
	} {
		out, rep, err := run(t, msg, Options{})
		if err != nil {
			t.Fatalf("%v", err)
		}
		if string(out) != msg {
			t.Errorf("a message without attachments changed:\n%q\n%q", msg, out)
		}
		if rep.Changed || len(rep.Attachments) != 0 {
			t.Errorf("report for a plain message: %+v", rep)
		}
	}
}

func TestCleansEveryEncodingAndKeepsTheRest(t *testing.T) {
	dirty := dirtyDoc()
	qp := string(encodeQP(dirty, "\n"))
	msg := mixed(
		attachment(`application/octet-stream; name="report.fake"`, `attachment; filename="report.fake"; size=`+itoa(len(dirty))+`;
	modification-date="Wed, 12 Feb 1997 16:29:51 -0500"`, "base64", b64(dirty, 72, "\n")+"\n"),
		attachment(`application/x-fake`, `attachment; filename="notes.fake"`, "quoted-printable", qp),
		attachment(`application/x-fake; name="raw.fake"`, `attachment`, "7bit", "FAKEDOC\nauthor: "+planted+"\nplain text\n"),
		"Content-Type: application/x-fake\nContent-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\nContent-Transfer-Encoding: BASE64\n\n"+b64(dirty, 76, "\n"),
	)
	out, rep, err := run(t, msg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte(planted)) {
		t.Fatal("planted value in clear in the output")
	}
	ls := leaves(t, out)
	if len(ls) != 5 {
		t.Fatalf("%d leaves, want 5", len(ls))
	}
	if string(ls[0].data) != textBody {
		t.Errorf("text body changed: %q", ls[0].data)
	}
	for i, l := range ls[1:] {
		if bytes.Contains(l.data, []byte(planted)) {
			t.Errorf("attachment %d still carries the planted value", i+1)
		}
	}
	for _, i := range []int{1, 2, 4} {
		if !bytes.Equal(ls[i].data, cleanDoc()) {
			t.Errorf("attachment %d is not the cleaned document (%d bytes)", i, len(ls[i].data))
		}
	}
	if got := string(ls[3].data); got != "FAKEDOC\nplain text\n" {
		t.Errorf("7bit attachment: %q", got)
	}
	// Names and types stay; the size parameter follows; dates and MD5 go.
	if ls[1].name != "report.fake" || ls[2].name != "notes.fake" || ls[3].name != "raw.fake" {
		t.Errorf("names changed: %q %q %q", ls[1].name, ls[2].name, ls[3].name)
	}
	_, dp, _ := ls[1].header.ContentDisposition()
	if dp["size"] != itoa(len(cleanDoc())) || dp["modification-date"] != "" {
		t.Errorf("disposition params: %v", dp)
	}
	if ls[4].header.Get("Content-MD5") != "" {
		t.Error("Content-MD5 of the original file kept")
	}
	if got := ls[3].header.Get("Content-Transfer-Encoding"); got != "base64" {
		t.Errorf("7bit attachment re-encoded as %q, want base64", got)
	}
	if got := ls[4].header.Get("Content-Transfer-Encoding"); got != "BASE64" {
		t.Errorf("transfer encoding spelled %q, want it kept as BASE64", got)
	}
	// Byte-level: everything up to the first attachment is identical, and
	// so is the tail.
	first := strings.Index(msg, "Content-Type: application/octet-stream")
	if !bytes.HasPrefix(out, []byte(msg[:first])) || !bytes.HasSuffix(out, []byte("\n--outer-b0undary--\n\nepilogue\n")) {
		t.Error("bytes outside the attachments changed")
	}
	// The base64 line length of the original (72) is kept.
	if !bytes.Contains(out, []byte("\n"+b64(cleanDoc(), 72, "\n")+"\n\n--outer")) {
		t.Error("first attachment not re-encoded with 72-character lines and its trailing blank line")
	}
	for _, line := range bytes.Split(out, []byte("\n")) {
		if len(line) > 76 && !bytes.HasPrefix(line, []byte("Content-Disposition")) {
			t.Errorf("line longer than 76: %q", line)
		}
	}
	if len(rep.Attachments) != 4 || !rep.Changed {
		t.Fatalf("report: %+v", rep)
	}
	for _, a := range rep.Attachments {
		if a.Status != StatusCleaned || a.Format != "fake" || scrub.CountRemovable(a.Findings) != 1 {
			t.Errorf("report entry: %+v", a)
		}
	}
	// Cleaning the output again changes nothing.
	again, rep2, err := run(t, string(out), Options{})
	if err != nil || !bytes.Equal(again, out) || rep2.Changed {
		t.Errorf("second pass changed the message (err %v)", err)
	}
	for _, a := range rep2.Attachments {
		if a.Status != StatusAlreadyClean {
			t.Errorf("second pass: %+v", a)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestCRLFMessageKeepsCRLF(t *testing.T) {
	msg := crlf(mixed(attachment(`application/pdf; name="a.fake"`, `attachment; filename="a.fake"`, "base64", b64(dirtyDoc(), 76, "\n")),
		attachment(`application/pdf; name="b.fake"`, `attachment; filename="b.fake"`, "quoted-printable", string(encodeQP(dirtyDoc(), "\n")))))
	out, _, err := run(t, msg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
		t.Error("bare LF in a CRLF message")
	}
	ls := leaves(t, out)
	if !bytes.Equal(ls[1].data, cleanDoc()) || !bytes.Equal(ls[2].data, cleanDoc()) {
		t.Error("attachments not cleaned")
	}
}

func TestNestedAndForwarded(t *testing.T) {
	dirty := dirtyDoc()
	forwarded := "From: someone@example.com\nSubject: fwd\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=inner\n\n--inner\nContent-Type: text/plain\n\nforwarded text\n--inner\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.fake\nContent-Transfer-Encoding: base64\n\n" + b64(dirty, 76, "\n") + "\n--inner--\n"
	related := "Content-Type: multipart/alternative; boundary=\"alt\"\n\n--alt\nContent-Type: text/plain\n\nplain\n--alt\nContent-Type: multipart/related; boundary=\"rel\"\n\n--rel\nContent-Type: text/html\n\n<img src=cid:p1>\n--rel\nContent-Type: image/x-fake\nContent-ID: <p1>\nContent-Disposition: inline; filename=\"=?UTF-8?B?w6lsw6hwaGFudC5mYWtl?=\"\nContent-Transfer-Encoding: base64\n\n" + b64(dirty, 76, "\n") + "\n--rel--\n\n--alt--\n"
	msg := mixed(
		related,
		attachment("message/rfc822", "attachment", "", forwarded),
		attachment("message/rfc822", "", "base64", b64([]byte(crlf(forwarded)), 76, "\n")),
	)
	out, rep, err := run(t, msg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ls := leaves(t, out)
	var names []string
	for _, l := range ls {
		if bytes.Contains(l.data, []byte(planted)) {
			t.Errorf("%s (%s) still carries the planted value", l.name, l.mediaType)
		}
		if l.name != "" {
			names = append(names, l.name)
		}
	}
	if strings.Join(names, ",") != "élèphant.fake,résumé.fake,résumé.fake" {
		t.Errorf("names: %q", names)
	}
	var parts []string
	for _, a := range rep.Attachments {
		parts = append(parts, a.Part+"="+string(a.Status))
	}
	if got := strings.Join(parts, " "); got != "2.2.2=cleaned 3.2=cleaned 4.2=cleaned" {
		t.Errorf("report: %s", got)
	}
	// The forwarded message's own headers and text are untouched.
	if !bytes.Contains(out, []byte("From: someone@example.com\nSubject: fwd\n")) || !bytes.Contains(out, []byte("\nforwarded text\n--inner\n")) {
		t.Error("forwarded message's headers or text changed")
	}
}

func TestRefusals(t *testing.T) {
	locked := []byte("FAKEDOC\nauthor: " + planted + "\nlocked\n")
	cases := []struct {
		name, part, want string
	}{
		{"encrypted", attachment(`application/pdf`, `attachment; filename="locked.fake"`, "base64", b64(locked, 76, "\n")), "password-protected"},
		{"malformed", attachment(`application/pdf`, `attachment; filename="broken.fake"`, "base64", b64([]byte("FAKEDOC\nbroken\n"), 76, "\n")), "damaged"},
		{"legacy", attachment(`application/msword`, `attachment; filename="old.leg"`, "base64", b64([]byte("LEGACY\nauthor: x\n"), 76, "\n")), "legacy format"},
		{"disguised", attachment(`application/octet-stream`, `attachment; filename="report.fake"`, "base64", b64([]byte("not a fake document at all"), 76, "\n")), "the name says .fake"},
		{"bad encoding", attachment(`application/octet-stream`, `attachment; filename="x.fake"`, "x-uuencode", "begin 644 x\n"), "x-uuencode"},
		{"bad base64", attachment(`application/octet-stream`, `attachment; filename="x.fake"`, "base64", "!!!!"), "damaged"},
		{"pgp", "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=enc\n\n--enc\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n--enc\nContent-Type: application/octet-stream\n\n-----BEGIN PGP MESSAGE-----\n--enc--\n", "encrypted (PGP/MIME)"},
		{"signed", "Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; boundary=sig\n\n--sig\nContent-Type: application/x-fake\nContent-Disposition: attachment; filename=\"signed.fake\"\nContent-Transfer-Encoding: base64\n\n" + b64(dirtyDoc(), 76, "\n") + "\n--sig\nContent-Type: application/pgp-signature\n\n-----BEGIN PGP SIGNATURE-----\n--sig--\n", "signature"},
		{"unclosed", "Content-Type: multipart/mixed; boundary=never\n\n--never\nContent-Type: text/plain\n\nno end", "not closed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			msg := mixed(c.part)
			_, rep, err := run(t, msg, Options{})
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("err = %v, want ErrRefused", err)
			}
			ref := rep.Refused()
			if len(ref) != 1 || !strings.Contains(ref[0].Reason, c.want) {
				t.Fatalf("refused: %+v", ref)
			}
			out, rep, err := run(t, msg, Options{AllowUnclean: true})
			if err != nil {
				t.Fatalf("with AllowUnclean: %v", err)
			}
			if string(out) != msg {
				t.Error("with AllowUnclean the message must pass unchanged")
			}
			if len(rep.Refused()) != 0 || rep.Attachments[0].Status != StatusPassedUnclean {
				t.Errorf("with AllowUnclean: %+v", rep.Attachments)
			}
		})
	}
}

func TestSignedCleanAttachmentPasses(t *testing.T) {
	msg := mixed("Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; boundary=sig\n\n--sig\nContent-Type: application/x-fake\nContent-Disposition: attachment; filename=\"signed.fake\"\nContent-Transfer-Encoding: base64\n\n" + b64(cleanDoc(), 76, "\n") + "\n--sig\nContent-Type: application/pgp-signature\n\n-----BEGIN PGP SIGNATURE-----\n--sig--\n")
	out, rep, err := run(t, msg, Options{})
	if err != nil || string(out) != msg {
		t.Fatalf("err %v, changed %v", err, string(out) != msg)
	}
	if len(rep.Attachments) != 1 || rep.Attachments[0].Status != StatusAlreadyClean {
		t.Errorf("report: %+v", rep.Attachments)
	}
}

func TestUnknownAndMismatch(t *testing.T) {
	msg := mixed(
		attachment(`application/zip`, `attachment; filename="data.zip"`, "base64", b64([]byte("PK\x03\x04 not known here"), 76, "\n")),
		attachment(`text/plain; charset=utf-8`, `attachment; filename="notes.txt"`, "", "notes\n"),
		attachment(`image/jpeg`, `attachment; filename="photo.fk2"`, "base64", b64(dirtyDoc(), 76, "\n")),
		attachment(`image/jpeg; name="p.fake"`, ``, "base64", b64([]byte("FAKE2DOC\nauthor: "+planted+"\n"), 76, "\n")),
	)
	out, rep, err := run(t, msg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range rep.Attachments {
		got = append(got, a.Name+"="+string(a.Status))
	}
	if strings.Join(got, " ") != "data.zip=unknown notes.txt=unknown photo.fk2=cleaned p.fake=cleaned" {
		t.Errorf("statuses: %v", got)
	}
	if w := rep.Attachments[2].Warnings; len(w) != 1 || !strings.Contains(w[0].Message, "its name says .fk2 but the content is fake test document (fake): cleaned as what it is") {
		t.Errorf("mismatch warning: %+v", w)
	}
	for _, l := range leaves(t, out) {
		if bytes.Contains(l.data, []byte(planted)) {
			t.Errorf("%s still carries the planted value", l.name)
		}
	}
	// A declared type alone that claims a known format, on unknown content.
	reg := testEngine()
	reg.Registry.Register(fakeHandler{name: "fakepdf", magic: "%FAKEPDF", ext: ".pdf", mediaType: "application/pdf"})
	_, rep, err = Filter(context.Background(), reg, []byte(mixed(attachment("application/pdf", "attachment", "base64", b64([]byte("garbage"), 76, "\n")))), Options{})
	if !errors.Is(err, ErrRefused) || !strings.Contains(rep.Refused()[0].Reason, "its type says application/pdf") {
		t.Errorf("declared type mismatch: %v %+v", err, rep.Attachments)
	}
}

func TestKeptFindingsAndEnvelopeLine(t *testing.T) {
	doc := []byte("FAKEDOC\nnote: speaker notes\nauthor: " + planted + "\n")
	msg := "From friend@example.org Mon Jan  1 00:00:00 2024\n" + mixed(attachment("application/x-fake", "attachment; filename=\"n.fake\"", "base64", b64(doc, 76, "\n")))
	// Speaker notes hold the message by default (see TestReview), and
	// are sent, cleaned, with AllowReview.
	out, rep, err := run(t, msg, Options{AllowReview: true})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, []byte("From friend@example.org Mon Jan  1 00:00:00 2024\nFrom: A Friend")) {
		t.Error("mbox envelope line lost")
	}
	a := rep.Attachments[0]
	if a.Status != StatusCleaned || len(a.Findings) != 2 {
		t.Errorf("%+v", a)
	}
}

func TestVerifyCatchesWhatTheWalkMissed(t *testing.T) {
	// verify is the independent check: run it on a dirty message directly.
	msg := []byte(mixed(attachment("application/x-fake", "attachment", "base64", b64(dirtyDoc(), 76, "\n"))))
	f := &filter{ctx: context.Background(), e: testEngine(), rep: &Report{}, allowed: map[[32]byte]bool{}}
	if err := f.verify(msg); !errors.Is(err, ErrVerify) || !strings.Contains(err.Error(), "part 2") {
		t.Errorf("verify of a dirty message: %v", err)
	}
	if err := f.verify([]byte(mixed())); err != nil {
		t.Errorf("verify of a plain message: %v", err)
	}
}

func TestBoundaryRules(t *testing.T) {
	// Cases where a naive splitter and go-message disagree: the result must
	// always agree with go-message.
	for _, body := range []string{
		"--b\nContent-Type: text/plain\n\none\n--b-not\ntwo\n--b--\n",
		"preamble --b\n--b \t\nA: 1\n\nx\n--b--",
		"--b\r\n\r\n--b\r\nA: 1\r\n\r\nbody\n--b\r\n--b--\r\n",
		"--b\nA: 1\n\nx\n--bb\n--b--  \n",
	} {
		spans, err := splitMultipart([]byte(body), "b")
		mr := textproto.NewMultipartReader(strings.NewReader(body), "b")
		var want []string
		var gerr error
		for {
			p, err := mr.NextPart()
			if err != nil {
				if err != io.EOF {
					gerr = err
				}
				break
			}
			b, _ := io.ReadAll(p)
			want = append(want, string(b))
		}
		if (err != nil) != (gerr != nil) {
			t.Errorf("%q: error %v, go-message %v", body, err, gerr)
		}
		if err != nil {
			continue
		}
		var got []string
		for _, sp := range spans {
			_, n, _ := readHeader([]byte(body[sp.start:sp.end]))
			got = append(got, body[sp.start+n:sp.end])
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%q: parts %q, go-message %q", body, got, want)
		}
	}
}

func TestEncoders(t *testing.T) {
	data := dirtyDoc()
	for _, eol := range []string{"\n", "\r\n"} {
		qp := encodeQP(data, eol)
		dec, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(qp)))
		if err != nil || !bytes.Equal(dec, data) {
			t.Fatalf("quoted-printable round trip (%q): %v", eol, err)
		}
		for _, line := range strings.Split(string(qp), eol) {
			if len(line) > 76 || strings.ContainsAny(line, "\r\n \t") {
				t.Errorf("bad quoted-printable line %q", line)
			}
			if line != "" && strings.ContainsRune(".-F", rune(line[0])) {
				t.Errorf("line starts with %q in clear", line[0])
			}
		}
		enc := encodeBase64(data, 64, eol)
		dec, err = base64.StdEncoding.DecodeString(strings.ReplaceAll(string(enc), eol, ""))
		if err != nil || !bytes.Equal(dec, data) {
			t.Fatal("base64 round trip")
		}
		if got := base64LineLen(enc); got != 64 {
			t.Errorf("line length %d, want 64", got)
		}
	}
}

func TestLatin1Filenames(t *testing.T) {
	for _, disp := range []string{
		"attachment;\n\tfilename*=iso-8859-1''report%20%E9t%E9%2Efake",
		"attachment; filename*0*=ISO-8859-1'fr'report%20%E9; filename*1=\"t\"; filename*2*=%E9.fake",
		"attachment; filename=\"=?iso-8859-1?q?report_=E9t=E9.fake?=\"",
	} {
		e, err := parseEntity([]byte("Content-Type: application/octet-stream\nContent-Disposition: "+disp+"\n\nbody"), "text/plain")
		if err != nil {
			t.Fatal(err)
		}
		if got := e.filename(); got != "report été.fake" {
			t.Errorf("%q: name %q", disp, got)
		}
	}
}

func TestParams(t *testing.T) {
	raw := []byte("Content-Disposition: attachment; filename=\"a;b (c).pdf\" (comment; size=1);\r\n\tsize=\"123\"; creation-date=\"Wed, 12 Feb 1997 16:29:51 -0500\";x=y\r\n")
	got := string(editDisposition(raw, 77))
	want := "Content-Disposition: attachment; filename=\"a;b (c).pdf\" (comment; size=1);\r\n\tsize=77;x=y\r\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestIsUnknownMatchesTheRegistry(t *testing.T) {
	reg := testEngine().Registry
	_, _, err := reg.Detect(bytes.NewReader([]byte("hello")), 5, "")
	if !isUnknown(err) {
		t.Fatalf("the registry's unknown-content error changed: %v", err)
	}
}

func FuzzFilter(f *testing.F) {
	f.Add([]byte(mixed(attachment("application/x-fake", "attachment", "base64", b64(dirtyDoc(), 76, "\n")))))
	f.Add([]byte(mixed(attachment("message/rfc822", "", "", "Content-Type: multipart/mixed; boundary=x\n\n--x\n\nFAKEDOC\nauthor: a\n--x--\n"))))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/x-fake\nContent-Transfer-Encoding: quoted-printable\n\nFAKEDOC=0Aauthor: x=0A\n--b--\n"))
	e := testEngine()
	f.Fuzz(func(t *testing.T, msg []byte) {
		out, rep, err := Filter(context.Background(), e, msg, Options{})
		if err != nil {
			if out != nil {
				t.Fatal("output with an error")
			}
			return
		}
		if !rep.Changed && !bytes.Equal(out, msg) {
			t.Fatal("unchanged message not byte-identical")
		}
	})
}

// TestHintsNameCommandsThatExist: the file commands' hints name flags that
// scrub sendmail does not have; an attachment's hint says how to clean a
// copy instead.
func TestHintsNameCommandsThatExist(t *testing.T) {
	enc := scrub.Encrypted("pdf", "the PDF needs a password to open", "if you know it, run scrub again with --password-file FILE (a file holding the password)")
	if h := hintFor(enc); !strings.Contains(h, "'scrub clean --password-file FILE'") || strings.Contains(h, "run scrub again") {
		t.Errorf("encrypted: %q", h)
	}
	lim := scrub.OverLimit("docx", scrub.LimitMemberSize, "a member is too large")
	if h := hintFor(lim); h != "if you trust the file, clean a copy with 'scrub clean' (raise the limit with --max-member) and attach that instead" {
		t.Errorf("limit: %q", h)
	}
	other := scrub.Unsupported("doc", "legacy binary format", "save it in an open format")
	if h := hintFor(other); h != "save it in an open format" {
		t.Errorf("other: %q", h)
	}
}
