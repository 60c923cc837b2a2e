package hostile

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

const svgRoot = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="32" height="32" viewBox="0 0 32 32">`

// SVG returns a small drawing as Inkscape saves it: the document's file
// name ("P-DOCNAME"), the export path ("P-USER"), the creator in the
// metadata ("P-CREATOR"), a comment ("P-COMMENT") and an embedded PNG
// whose text chunk names its author ("P-AUTHOR").
func SVG(prefix string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- ` + prefix + `-COMMENT -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"
   width="32" height="32" viewBox="0 0 32 32" sodipodi:docname="` + prefix + `-DOCNAME.svg"
   inkscape:export-filename="/home/` + prefix + `-USER/export.png" inkscape:version="1.2">
  <metadata><rdf:RDF><cc:Work rdf:about=""><dc:creator><cc:Agent><dc:title>` + prefix + `-CREATOR</dc:title></cc:Agent></dc:creator></cc:Work></rdf:RDF></metadata>
  <rect x="2" y="2" width="12" height="12" fill="#336699"/>
  <image x="16" y="16" width="16" height="16" xlink:href="data:image/png;base64,` + base64.StdEncoding.EncodeToString(PNG(prefix)) + `"/>
</svg>
`)
}

func svgBillionLaughs() []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol">`)
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, `<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	b.WriteString(`]>` + svgRoot + `<text>&lol9;</text></svg>`)
	return []byte(strings.ReplaceAll(b.String(), "&lol0;", "&lol;"))
}

// svgQuadratic declares one 60 KiB entity and uses it 20 000 times: no
// nesting, but over a gigabyte once expanded.
func svgQuadratic() []byte {
	return []byte(`<!DOCTYPE svg [<!ENTITY big "` + strings.Repeat("x", 60<<10) + `">]>` + svgRoot +
		`<text>` + strings.Repeat("&big;", 20000) + `</text></svg>`)
}

// svgHugePicture embeds a data: URL of n bytes of base64.
func svgHugePicture(n int) func(io.Writer) error {
	return func(w io.Writer) error {
		if _, err := io.WriteString(w, svgRoot+`<image width="1" height="1" xlink:href="data:image/png;base64,`); err != nil {
			return err
		}
		chunk := bytes.Repeat([]byte("QUFB"), 16<<10)
		for left := n; left > 0; left -= len(chunk) {
			if _, err := w.Write(chunk[:min(len(chunk), left)]); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, `"/></svg>`)
		return err
	}
}

// svgzBomb is a compressed drawing whose text inflates to n MiB.
func svgzBomb(n int) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write([]byte(svgRoot + `<text>`))
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for range n {
		w.Write(chunk)
	}
	w.Write([]byte(`</text></svg>`))
	w.Close()
	return b.Bytes()
}

// RTF returns a small RTF document as Word writes one: the author
// ("P-AUTHOR"), who saved it last ("P-OPERATOR") and the company
// ("P-COMPANY") in its info group, the generator ("P-GENERATOR"), a
// tracked deletion ("P-DELETED") and its reviewer ("P-REVIEWER"), a
// comment by "P-COMMENTER", and a PNG picture whose text chunk names its
// author ("P-AUTHOR" again, in hexadecimal).
func RTF(prefix string) []byte {
	return []byte(`{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Calibri;}}{\*\generator ` + prefix + `-GENERATOR}` +
		`{\info{\author ` + prefix + `-AUTHOR}{\operator ` + prefix + `-OPERATOR}{\*\company ` + prefix + `-COMPANY}{\creatim\yr2024\mo1\dy2\hr3\min4}}` +
		`{\*\revtbl {Unknown;}{` + prefix + `-REVIEWER;}}` + "\n" +
		`\pard\plain\insrsid1234 Visible text {\deleted\revauthdel1 ` + prefix + `-DELETED }stays.` +
		`{\*\atnid XY}{\*\atnauthor ` + prefix + `-COMMENTER}\chatn{\*\annotation a comment}\par` + "\n" +
		`{\*\shppict{\pict\picw16\pich16\pngblip ` + hex.EncodeToString(PNG(prefix)) + `}}\par}` + "\n")
}

// rtfHexBomb is a picture of n bytes written in hexadecimal.
func rtfHexBomb(n int) func(io.Writer) error {
	return func(w io.Writer) error {
		if _, err := io.WriteString(w, `{\rtf1{\pict\pngblip `); err != nil {
			return err
		}
		line := bytes.Repeat([]byte("ab"), 64)
		line = append(line, '\n')
		for left := n; left > 0; left -= 64 {
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, `}}`)
		return err
	}
}

func svgRTFCases() []Case {
	return []Case{
		{Name: "svg-billion-laughs", File: "laughs.svg", What: "entities made of entities, nine levels deep", Write: fixed(svgBillionLaughs())},
		{Name: "svg-xxe", File: "xxe.svg", What: "an external entity naming /etc/passwd", Write: fixed([]byte(`<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + svgRoot + `<text>&x;</text></svg>`))},
		{Name: "svg-parameter-entity", File: "pe.svg", What: "a parameter entity declaring another", Write: fixed([]byte(`<!DOCTYPE svg [<!ENTITY % p "<!ENTITY x 'y'>"> %p;]>` + svgRoot + `</svg>`))},
		{Name: "svg-quadratic-entities", File: "quadratic.svg", What: "one 60 KiB entity used 20 000 times", Write: fixed(svgQuadratic())},
		{Name: "svg-deep", File: "deep.svg", What: "groups nested 100 000 deep", Write: fixed([]byte(svgRoot + strings.Repeat("<g>", 100000) + strings.Repeat("</g>", 100000) + `</svg>`))},
		{Name: "svg-huge-picture", File: "huge.svg", What: "a data: URL of 40 MB of base64", Large: true, Write: svgHugePicture(40 << 20)},
		{Name: "svgz-bomb", File: "bomb.svgz", What: "a compressed drawing inflating to 24 MiB", Write: fixed(svgzBomb(24))},
		{Name: "svg-truncated", File: "cut.svg", What: "a drawing cut inside a tag", Write: fixed(SVG("SCUT")[:600])},
		{Name: "svg-undefined-entity", File: "undefined.svg", What: "a reference to an entity nobody declared", Write: fixed([]byte(svgRoot + `<text>&nope;</text></svg>`))},

		{Name: "rtf-deep", File: "deep.rtf", What: "groups nested 100 000 deep", Write: fixed([]byte(`{\rtf1` + strings.Repeat("{", 100000) + strings.Repeat("}", 100000) + `}`))},
		{Name: "rtf-bin-huge", File: "bin.rtf", What: "\\bin declaring 4 GiB of data in a small file", Write: fixed([]byte(`{\rtf1{\pict\pngblip\bin4294967295 abc}}`))},
		{Name: "rtf-bin-negative", File: "binneg.rtf", What: "\\bin with a negative length", Write: fixed([]byte(`{\rtf1{\pict\pngblip\bin-5 abc}}`))},
		{Name: "rtf-unterminated", File: "open.rtf", What: "a document whose groups are never closed", Write: fixed([]byte(`{\rtf1{\info{\author SOPEN-AUTHOR}`))},
		{Name: "rtf-long-word", File: "word.rtf", What: "a control word of 100 000 letters", Write: fixed([]byte(`{\rtf1\` + strings.Repeat("a", 100000) + ` x}`))},
		{Name: "rtf-long-number", File: "number.rtf", What: "a parameter of 40 digits", Write: fixed([]byte(`{\rtf1\fs` + strings.Repeat("9", 40) + ` x}`))},
		{Name: "rtf-bad-hex", File: "hex.rtf", What: "a \\' escape without hexadecimal digits", Write: fixed([]byte(`{\rtf1 caf\'zz}`))},
		{Name: "rtf-hex-bomb", File: "hexbomb.rtf", What: "a picture of 24 MiB in hexadecimal", Large: true, Write: rtfHexBomb(24 << 20)},
		{Name: "rtf-truncated", File: "cut.rtf", What: "a document cut inside a picture", Write: fixed(RTF("SCUT")[:400])},
	}
}
