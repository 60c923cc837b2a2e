package epub_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/goregular"

	"github.com/scrub-project/scrub/formats/epub"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

var uidRe = regexp.MustCompile(`<dc:identifier id="bookid">(urn:uuid:[0-9a-f-]{36})</dc:identifier>`)

func TestEPUB3(t *testing.T) {
	dirty := book3(t)
	for _, v := range planted {
		if !carries(t, dirty, v) {
			t.Errorf("the fixture does not carry %q", v)
		}
	}
	clean := scrubtest.RoundTrip(t, reg, "book.epub", dirty)
	for _, v := range planted {
		if carries(t, clean, v) {
			t.Errorf("the cleaned book still carries %q", v)
		}
	}
	if carries(t, clean, "Exif\x00") {
		t.Errorf("the cover keeps its EXIF")
	}
	ms := members(t, clean)
	for _, gone := range []string{"iTunesMetadata.plist", "calibre_bookmarks.txt", "META-INF/metadata.xml"} {
		if _, ok := ms[gone]; ok {
			t.Errorf("%s kept", gone)
		}
	}
	if !bytes.HasPrefix(clean, []byte("PK\x03\x04\x14\x00\x00\x00\x00\x00")) || !bytes.Contains(clean[:60], []byte("mimetypeapplication/epub+zip")) {
		t.Errorf("mimetype is not the first, stored member")
	}
	opf := string(ms["OEBPS/content.opf"])
	m := uidRe.FindStringSubmatch(opf)
	if m == nil {
		t.Fatalf("no unique identifier left:\n%s", opf)
	}
	uid := m[1]
	if !strings.Contains(string(ms["OEBPS/toc.ncx"]), `<meta name="dtb:uid" content="`+uid+`"/>`) {
		t.Errorf("the NCX's dtb:uid does not match %s", uid)
	}
	for _, keep := range []string{"A Visible Title", `<meta refines="#t1" property="title-type">main</meta>`, `<meta property="dcterms:modified">1980-01-01T00:00:00Z</meta>`,
		`<meta name="cover" content="cover-img"/>`, `<meta property="rendition:layout">reflowable</meta>`, "<dc:language>en</dc:language>"} {
		if !strings.Contains(opf, keep) {
			t.Errorf("the package lost %q:\n%s", keep, opf)
		}
	}
	if !strings.Contains(string(ms["OEBPS/text/ch1.xhtml"]), visible) || !strings.Contains(string(ms["OEBPS/text/ch1.xhtml"]), "<!DOCTYPE html>") {
		t.Errorf("the chapter lost its text or DOCTYPE")
	}
	if !strings.Contains(string(ms["OEBPS/style.css"]), `"/* not a comment */"`) {
		t.Errorf("a comment-like string in the style sheet was taken for a comment")
	}
	// The renumbered anchor still matches its links.
	anchor := regexp.MustCompile(`<h1 id="h-([0-9a-f-]{36})">`).FindStringSubmatch(string(ms["OEBPS/text/ch1.xhtml"]))
	if anchor == nil || !strings.Contains(string(ms["OEBPS/nav.xhtml"]), "ch1.xhtml#h-"+anchor[1]) || !strings.Contains(string(ms["OEBPS/toc.ncx"]), "ch1.xhtml#h-"+anchor[1]) {
		t.Errorf("the anchor and its links disagree after renumbering")
	}
	// The font is obfuscated with the new identifier.
	font := append([]byte(nil), ms["OEBPS/fonts/GoRegular.ttf"]...)
	key, _ := epub.FontKey(epub.AlgIDPF, uid)
	epub.XORFont(font, epub.AlgIDPF, key)
	if !bytes.Equal(font, goregular.TTF) {
		t.Errorf("the font is not obfuscated with the new identifier")
	}

	_, fs, _, err := cleanBook(t, dirty)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if !scrub.KnownLabel(f.Label) && !strings.Contains(f.Where, " > ") {
			t.Errorf("finding without a label: %+v", f)
		}
	}
}

// The identifier is derived from the cleaned content: two different books
// get different ones, the same book always the same.
func TestIdentifierDerived(t *testing.T) {
	a, _, _, err := cleanBook(t, book3(t))
	if err != nil {
		t.Fatal(err)
	}
	b, _, _, err := cleanBook(t, book3Text(t, "Another text."))
	if err != nil {
		t.Fatal(err)
	}
	ida := uidRe.FindStringSubmatch(string(members(t, a)["OEBPS/content.opf"]))
	idb := uidRe.FindStringSubmatch(string(members(t, b)["OEBPS/content.opf"]))
	if ida == nil || idb == nil || ida[1] == idb[1] {
		t.Errorf("identifiers %v and %v", ida, idb)
	}
}

func TestEPUB2(t *testing.T) {
	dirty := book2(t)
	clean := scrubtest.RoundTrip(t, reg, "book.epub", dirty)
	for _, v := range planted2 {
		if !carries(t, dirty, v) {
			t.Errorf("the fixture does not carry %q", v)
		}
		if carries(t, clean, v) {
			t.Errorf("the cleaned book still carries %q", v)
		}
	}
	ms := members(t, clean)
	ch := string(ms["ch1.html"])
	if !strings.Contains(ch, "Caf&#233;&#160;au lait &amp; "+visible) || !strings.Contains(ch, `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN"`) {
		t.Errorf("the chapter's text, entities or DOCTYPE changed:\n%s", ch)
	}
	if !strings.Contains(string(ms["content.opf"]), `<reference type="text" title="Start" href="ch1.html"/>`) {
		t.Errorf("the guide was lost")
	}
}

// A listed file scrub cannot clean refuses the book by default; the
// policy can leave it out with its manifest entry, or keep it.
func TestUnknownResource(t *testing.T) {
	data := bytes.Replace(book3(t, member{name: "OEBPS/data.bin", data: []byte("\x00\x01PLANT-BLOB")}),
		[]byte(`<item id="css"`), []byte(`<item id="blob" href="data.bin" media-type="application/octet-stream"/><item id="css"`), 1)
	data = rezip(t, data)
	_, _, _, err := cleanBook(t, data)
	if !errors.Is(err, scrub.ErrUnsupported) || !strings.Contains(err.Error(), "OEBPS/data.bin") {
		t.Fatalf("default: %v", err)
	}
	restore := withUnknownMembers(scrub.UnknownOmit)
	out, _, _, err := cleanBook(t, data)
	restore()
	if err != nil {
		t.Fatal(err)
	}
	if carries(t, out, "PLANT-BLOB") || strings.Contains(string(members(t, out)["OEBPS/content.opf"]), "data.bin") {
		t.Errorf("omit: the file or its manifest entry is still there")
	}
	restore = withUnknownMembers(scrub.UnknownKeep)
	defer restore()
	out, _, ws, err := cleanBook(t, data)
	if err != nil || !carries(t, out, "PLANT-BLOB") || len(ws) == 0 {
		t.Errorf("keep: %v, warnings %v", err, ws)
	}
}

// rezip is a no-op for a zip built by zipOf whose member was replaced in
// place: the bytes.Replace above changes a deflated member, so rebuild.
func rezip(t testing.TB, _ []byte) []byte {
	t.Helper()
	ms := members(t, book3(t, member{name: "OEBPS/data.bin", data: []byte("\x00\x01PLANT-BLOB")}))
	opf := strings.Replace(string(ms["OEBPS/content.opf"]), `<item id="css"`, `<item id="blob" href="data.bin" media-type="application/octet-stream"/><item id="css"`, 1)
	var list []member
	list = append(list, member{name: "mimetype", data: ms["mimetype"], store: true})
	for n, b := range ms {
		switch n {
		case "mimetype":
		case "OEBPS/content.opf":
			list = append(list, member{name: n, data: []byte(opf)})
		default:
			list = append(list, member{name: n, data: b})
		}
	}
	return zipOf(t, list)
}

func TestRefusals(t *testing.T) {
	ms := members(t, book2(t))
	build := func(change func(map[string][]byte)) []byte {
		c := map[string][]byte{}
		for k, v := range ms {
			c[k] = v
		}
		change(c)
		list := []member{{name: "mimetype", data: c["mimetype"], store: true}}
		for n, b := range c {
			if n != "mimetype" {
				list = append(list, member{name: n, data: b})
			}
		}
		return zipOf(t, list)
	}
	for _, c := range []struct {
		name   string
		change func(map[string][]byte)
		kind   error
	}{
		{"drm", func(m map[string][]byte) {
			m["META-INF/encryption.xml"] = []byte(`<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="ch1.html"/></enc:CipherData></enc:EncryptedData></encryption>`)
		}, scrub.ErrEncrypted},
		{"internal-subset", func(m map[string][]byte) {
			m["ch1.html"] = []byte(`<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol "lol">]><html xmlns="http://www.w3.org/1999/xhtml"><body>&lol;</body></html>`)
		}, scrub.ErrUnsupported},
		{"no-container", func(m map[string][]byte) { delete(m, "META-INF/container.xml") }, scrub.ErrMalformed},
		{"opf-outside", func(m map[string][]byte) {
			m["META-INF/container.xml"] = []byte(`<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="../content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`)
		}, scrub.ErrMalformed},
		{"bad-xml", func(m map[string][]byte) {
			m["ch1.html"] = []byte(`<html xmlns="http://www.w3.org/1999/xhtml"><body><p></body></html>`)
		}, scrub.ErrMalformed},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, _, err := cleanBook(t, build(c.change))
			if !errors.Is(err, c.kind) {
				t.Errorf("%v, want %v", err, c.kind)
			}
		})
	}
}

func TestIdentify(t *testing.T) {
	h := epub.New()
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"epub3": {book3(t), "epub"},
		"zip":   {zipOf(t, []member{{name: "a.txt", data: []byte("x")}}), ""},
		"odt":   {zipOf(t, []member{{name: "mimetype", data: []byte("application/vnd.oasis.opendocument.text"), store: true}}), ""},
	} {
		got, err := h.Identify(c.data[:min(len(c.data), 4096)], bytes.NewReader(c.data), int64(len(c.data)))
		if err != nil || got != c.want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, c.want)
		}
	}
}

// A cover whose item id holds a UUID: the id and the cover pointer are
// renumbered alike; a link out of the book keeps its fragment.
func TestCoverIDRenumbered(t *testing.T) {
	const coverUUID = "0f0e0d0c-0b0a-4908-8706-050403020100"
	ms := members(t, book3(t))
	opf := strings.ReplaceAll(string(ms["OEBPS/content.opf"]), `"cover-img"`, `"img-`+coverUUID+`"`)
	ch := strings.Replace(string(ms["OEBPS/text/ch1.xhtml"]), "<p>"+visible, `<p><a href="https://example.org/page#`+coverUUID+`">link</a>`+visible, 1)
	list := []member{{name: "mimetype", data: ms["mimetype"], store: true}}
	for n, b := range ms {
		switch n {
		case "mimetype":
			continue
		case "OEBPS/content.opf":
			b = []byte(opf)
		case "OEBPS/text/ch1.xhtml":
			b = []byte(ch)
		}
		list = append(list, member{name: n, data: b})
	}
	out, _, _, err := cleanBook(t, zipOf(t, list))
	if err != nil {
		t.Fatal(err)
	}
	cm := members(t, out)
	got := string(cm["OEBPS/content.opf"])
	m := regexp.MustCompile(`<item id="(img-[0-9a-f-]{36})" href="images/cover.jpg"`).FindStringSubmatch(got)
	if m == nil || strings.Contains(m[1], coverUUID) || !strings.Contains(got, `<meta name="cover" content="`+m[1]+`"/>`) {
		t.Errorf("the cover pointer does not follow its item's renumbered id:\n%s", got)
	}
	if !strings.Contains(string(cm["OEBPS/text/ch1.xhtml"]), "https://example.org/page#"+coverUUID) {
		t.Errorf("a link out of the book lost its fragment")
	}
}

// Through the engine, whose residue check is independent of the rules: the
// author's name leaves the metadata, and where the book prints it (the
// title page) it is visible content, not a leak.
func TestEngineAuthorOnTitlePage(t *testing.T) {
	ms := members(t, book3(t))
	ch := strings.Replace(string(ms["OEBPS/text/ch1.xhtml"]), "<p>"+visible, "<p>by PLANT-CREATOR</p><p>"+visible, 1)
	list := []member{{name: "mimetype", data: ms["mimetype"], store: true}}
	for n, b := range ms {
		switch n {
		case "mimetype":
			continue
		case "OEBPS/text/ch1.xhtml":
			b = []byte(ch)
		}
		list = append(list, member{name: n, data: b})
	}
	path := filepath.Join(t.TempDir(), "book.epub")
	if err := os.WriteFile(path, zipOf(t, list), 0o644); err != nil {
		t.Fatal(err)
	}
	e := &scrub.Engine{Registry: reg, Jobs: 1}
	var res scrub.Result
	if err := e.Clean(context.Background(), scrub.NewPlan([]string{path}, scrub.PlanOptions{}), scrub.CleanOptions{}, func(r scrub.Result) { res = r }); err != nil {
		t.Fatal(err)
	}
	if res.Status != scrub.StatusCleaned {
		t.Fatalf("%s: %s", res.Status, res.Error)
	}
	out, err := os.ReadFile(scrub.CleanedName(path))
	if err != nil {
		t.Fatal(err)
	}
	cm := members(t, out)
	if strings.Contains(string(cm["OEBPS/content.opf"]), "PLANT-CREATOR") || !strings.Contains(string(cm["OEBPS/text/ch1.xhtml"]), "by PLANT-CREATOR") {
		t.Errorf("the name should leave the metadata and stay on the title page")
	}
}
