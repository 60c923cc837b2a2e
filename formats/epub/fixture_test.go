package epub_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"golang.org/x/image/font/gofont/goregular"

	"github.com/scrub-project/scrub/formats/archive"
	"github.com/scrub-project/scrub/formats/epub"
	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/formats/png"
	"github.com/scrub-project/scrub/formats/refused"
	"github.com/scrub-project/scrub/formats/svg"
	"github.com/scrub-project/scrub/internal/metatest"
	"github.com/scrub-project/scrub/scrub"
)

var reg = func() *scrub.Registry {
	r := scrub.NewRegistry()
	for _, h := range []scrub.Handler{jpeg.New(), png.New(), svg.New(), epub.New(), archive.New(), refused.New()} {
		r.Register(h)
	}
	return r
}()

// The book's identifier and the UUIDs of its ids, planted.
const (
	oldUUID  = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
	navUUID  = "9f1c0a3e-5b7d-4e2f-8a6b-0c1d2e3f4a5b"
	headUUID = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d"
)

var cover = metatest.DirtyJPEG(60, 80, 3, metatest.Planted{Artist: "PLANT-COVERARTIST", Make: "PLANT-COVERMAKE", Serial: "PLANT-COVERSERIAL"})

// planted lists what the dirty book carries and the clean one must not.
var planted = []string{
	oldUUID, navUUID, headUUID, "PLANT-ISBN", "PLANT-CREATOR", "PLANT-FILEAS", "PLANT-CONTRIB", "PLANT-PUBLISHER",
	"PLANT-RIGHTS", "1999-12-31", "PLANT-DESC", "PLANT-SUBJECT", "PLANT-CALTIME", "PLANT-CALUSER", "PLANT-SIGIL",
	"2021-05-06T07:08:09Z", "PLANT-IBOOKS", "PLANT-RECORD", "PLANT-OPFCOMMENT", "PLANT-CONTAINERCOMMENT",
	"PLANT-NCXGEN", "PLANT-NCXAUTHOR", "PLANT-NCXCOMMENT", "PLANT-GENERATOR", "PLANT-XHTMLAUTHOR",
	"PLANT-XHTMLCOMMENT", "PLANT-CSSCOMMENT", "PLANT-ITUNES", "PLANT-BOOKMARK", "PLANT-METAINF",
	"PLANT-COVERARTIST", "PLANT-COVERMAKE", "PLANT-COVERSERIAL", "PLANT-NAVCOMMENT",
}

const visible = "It was a bright cold day in April."

type member struct {
	name  string
	data  []byte
	store bool
}

func zipOf(t testing.TB, ms []member) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range ms {
		fh := &zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: time.Date(2021, 5, 6, 7, 8, 9, 0, time.UTC)}
		if m.store {
			fh.Method = zip.Store
		}
		if m.name == "mimetype" {
			fh.Modified = time.Time{} // no extra field: EPUB forbids one here
		}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(m.data)
	}
	zw.Close()
	return buf.Bytes()
}

func obfuscatedFont(t testing.TB, uid string) []byte {
	key, ok := epub.FontKey(epub.AlgIDPF, uid)
	if !ok {
		t.Fatal("no key")
	}
	f := append([]byte(nil), goregular.TTF...)
	epub.XORFont(f, epub.AlgIDPF, key)
	return f
}

// book3 is an EPUB 3 book with a planted value in every place the
// cleaner must reach, and extra members it must drop.
func book3(t testing.TB, extra ...member) []byte { return book3Text(t, visible, extra...) }

func book3Text(t testing.TB, visible string, extra ...member) []byte {
	opf := `<?xml version="1.0" encoding="UTF-8"?>
<!-- PLANT-OPFCOMMENT -->
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="bookid" xml:lang="en" prefix="calibre: https://calibre-ebook.com ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:title id="t1">A Visible Title</dc:title>
    <meta refines="#t1" property="title-type">main</meta>
    <dc:language>en</dc:language>
    <dc:identifier id="bookid">urn:uuid:` + oldUUID + `</dc:identifier>
    <dc:identifier id="isbn">PLANT-ISBN</dc:identifier>
    <meta refines="#isbn" property="identifier-type" scheme="onix:codelist5">15</meta>
    <dc:creator id="creator01">PLANT-CREATOR</dc:creator>
    <meta refines="#creator01" property="role" scheme="marc:relators">aut</meta>
    <meta refines="#creator01" property="file-as">PLANT-FILEAS</meta>
    <dc:contributor>PLANT-CONTRIB</dc:contributor>
    <dc:publisher>PLANT-PUBLISHER</dc:publisher>
    <dc:rights>PLANT-RIGHTS</dc:rights>
    <dc:date>1999-12-31</dc:date>
    <dc:description>PLANT-DESC</dc:description>
    <dc:subject>PLANT-SUBJECT</dc:subject>
    <meta property="dcterms:modified">2021-05-06T07:08:09Z</meta>
    <meta property="ibooks:version">PLANT-IBOOKS</meta>
    <meta property="rendition:layout">reflowable</meta>
    <meta name="calibre:timestamp" content="PLANT-CALTIME"/>
    <meta name="calibre:user_metadata:#genre" content="PLANT-CALUSER"/>
    <meta name="Sigil version" content="PLANT-SIGIL"/>
    <meta name="cover" content="cover-img"/>
    <link rel="record" href="PLANT-RECORD.xml" media-type="application/marc"/>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="ch1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
    <item id="cover-img" href="images/cover.jpg" media-type="image/jpeg" properties="cover-image"/>
    <item id="font" href="fonts/GoRegular.ttf" media-type="font/ttf"/>
  </manifest>
  <spine toc="ncx">
    <itemref idref="ch1"/>
    <itemref idref="nav" linear="no"/>
  </spine>
</package>`
	container := `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <!-- PLANT-CONTAINERCOMMENT -->
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>`
	encryption := `<?xml version="1.0" encoding="UTF-8"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
  <enc:EncryptedData>
    <enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>
    <enc:CipherData><enc:CipherReference URI="OEBPS/fonts/GoRegular.ttf"/></enc:CipherData>
  </enc:EncryptedData>
</encryption>`
	ncx := `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head>
    <meta name="dtb:uid" content="urn:uuid:` + oldUUID + `"/>
    <meta name="dtb:depth" content="1"/>
    <meta name="dtb:generator" content="PLANT-NCXGEN"/>
    <meta name="dtb:totalPageCount" content="0"/>
    <meta name="dtb:maxPageNumber" content="0"/>
  </head>
  <!-- PLANT-NCXCOMMENT -->
  <docTitle><text>A Visible Title</text></docTitle>
  <docAuthor><text>PLANT-NCXAUTHOR</text></docAuthor>
  <navMap>
    <navPoint id="np-` + navUUID + `" playOrder="1"><navLabel><text>Chapter One</text></navLabel><content src="text/ch1.xhtml#h-` + headUUID + `"/></navPoint>
  </navMap>
</ncx>`
	nav := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en" lang="en">
<head><title>Contents</title><!-- PLANT-NAVCOMMENT --></head>
<body><nav epub:type="toc" id="toc"><h1>Contents</h1><ol><li id="li-` + navUUID + `"><a href="text/ch1.xhtml#h-` + headUUID + `">Chapter One</a></li></ol></nav></body>
</html>`
	ch1 := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
<meta charset="utf-8"/>
<meta name="generator" content="PLANT-GENERATOR"/>
<meta name="author" content="PLANT-XHTMLAUTHOR"/>
<title>Chapter One</title>
<link rel="stylesheet" type="text/css" href="../style.css"/>
</head>
<body>
<!-- PLANT-XHTMLCOMMENT -->
<h1 id="h-` + headUUID + `">Chapter One</h1>
<p>` + visible + `</p>
<p><img src="../images/cover.jpg" alt="cover"/></p>
</body>
</html>`
	css := "/* PLANT-CSSCOMMENT */\n@font-face { font-family: \"Go\"; src: url(fonts/GoRegular.ttf); }\nbody { font-family: \"Go\", serif; }\np::before { content: \"/* not a comment */\"; }\n"
	ms := []member{
		{name: "mimetype", data: []byte("application/epub+zip"), store: true},
		{name: "META-INF/container.xml", data: []byte(container)},
		{name: "META-INF/encryption.xml", data: []byte(encryption)},
		{name: "META-INF/metadata.xml", data: []byte("<x>PLANT-METAINF</x>")},
		{name: "OEBPS/content.opf", data: []byte(opf)},
		{name: "OEBPS/toc.ncx", data: []byte(ncx)},
		{name: "OEBPS/nav.xhtml", data: []byte(nav)},
		{name: "OEBPS/text/ch1.xhtml", data: []byte(ch1)},
		{name: "OEBPS/style.css", data: []byte(css)},
		{name: "OEBPS/images/cover.jpg", data: cover, store: true},
		{name: "OEBPS/fonts/GoRegular.ttf", data: obfuscatedFont(t, "urn:uuid:"+oldUUID)},
		{name: "iTunesMetadata.plist", data: []byte("<plist><string>PLANT-ITUNES</string></plist>")},
		{name: "calibre_bookmarks.txt", data: []byte("PLANT-BOOKMARK")},
	}
	return zipOf(t, append(ms, extra...))
}

// book2 is an EPUB 2 book: XHTML 1.1 with its DOCTYPE and named
// entities, OPF 2 attributes.
func book2(t testing.TB) []byte {
	opf := `<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="uuid_id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf" xmlns:calibre="http://calibre.kovidgoyal.net/2009/metadata">
    <dc:title>Second Book</dc:title>
    <dc:creator opf:role="aut" opf:file-as="PLANT2-FILEAS">PLANT2-CREATOR</dc:creator>
    <dc:identifier id="uuid_id" opf:scheme="uuid">` + oldUUID + `</dc:identifier>
    <dc:identifier opf:scheme="calibre">PLANT2-CALIBREID</dc:identifier>
    <dc:date>2001-02-03T04:05:06+00:00</dc:date>
    <dc:language>en</dc:language>
    <meta name="calibre:title_sort" content="PLANT2-SORT"/>
    <meta name="cover" content="cover"/>
  </metadata>
  <manifest>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="c1" href="ch1.html" media-type="application/xhtml+xml"/>
    <item id="cover" href="cover.jpeg" media-type="image/jpeg"/>
  </manifest>
  <spine toc="ncx"><itemref idref="c1"/></spine>
  <guide><reference type="text" title="Start" href="ch1.html"/></guide>
</package>`
	ncx := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE ncx PUBLIC "-//NISO//DTD ncx 2005-1//EN" "http://www.daisy.org/z3986/2005/ncx-2005-1.dtd">
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
<head><meta name="dtb:uid" content="` + oldUUID + `"/><meta name="dtb:depth" content="1"/><meta name="dtb:totalPageCount" content="0"/><meta name="dtb:maxPageNumber" content="0"/></head>
<docTitle><text>Second Book</text></docTitle>
<navMap><navPoint id="num_1" playOrder="1"><navLabel><text>Start</text></navLabel><content src="ch1.html"/></navPoint></navMap>
</ncx>`
	ch1 := `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>Start</title><meta name="DC.creator" content="PLANT2-DCCREATOR"/></head>
<body><p>Caf&eacute;&nbsp;au lait &amp; ` + visible + `</p><p><img src="cover.jpeg" alt="c"/></p></body>
</html>`
	container := `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`
	return zipOf(t, []member{
		{name: "mimetype", data: []byte("application/epub+zip"), store: true},
		{name: "META-INF/container.xml", data: []byte(container)},
		{name: "content.opf", data: []byte(opf)},
		{name: "toc.ncx", data: []byte(ncx)},
		{name: "ch1.html", data: []byte(ch1)},
		{name: "cover.jpeg", data: cover},
	})
}

var planted2 = []string{"PLANT2-FILEAS", "PLANT2-CREATOR", oldUUID, "PLANT2-CALIBREID", "2001-02-03", "PLANT2-SORT", "PLANT2-DCCREATOR", "PLANT-COVERARTIST"}

// members returns every member of a zip, inflated.
func members(t testing.TB, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

// carries reports whether v is in b or, recursively, in any zip member.
func carries(t testing.TB, b []byte, v string) bool {
	if bytes.Contains(b, []byte(v)) {
		return true
	}
	if zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil {
		for _, f := range zr.File {
			if rc, err := f.Open(); err == nil {
				m, _ := io.ReadAll(rc)
				rc.Close()
				if carries(t, m, v) {
					return true
				}
			}
		}
	}
	return false
}

// policy is the policy cleanBook cleans with.
var policy scrub.Policy

// withUnknownMembers sets policy.UnknownMembers to choice until the
// returned function is called.
func withUnknownMembers(choice string) (restore func()) {
	old := policy
	policy.UnknownMembers = choice
	return func() { policy = old }
}

func cleanBook(t testing.TB, data []byte) ([]byte, []scrub.Finding, []scrub.Warning, error) {
	t.Helper()
	h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), "book.epub")
	if err != nil {
		t.Fatalf("detect: %v", err)
	}
	var buf bytes.Buffer
	env := scrub.NewEnv(reg, scrub.Limits{}, policy)
	fs, ws, err := h.(scrub.ReportingCleaner).CleanReport(context.Background(), env, bytes.NewReader(data), int64(len(data)), &buf)
	return buf.Bytes(), fs, ws, err
}
