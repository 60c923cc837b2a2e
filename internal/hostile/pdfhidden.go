package hostile

import (
	"bytes"
	"fmt"
	"strings"
)

// PDF cases of issue 18: pages built to make the hidden-content analysis
// (which runs every page's drawing instructions, and the forms they
// draw) take forever or hold too much.

func pdfHiddenCases() []Case {
	pdf := func(name, what string, f func(string) []byte) Case {
		return Case{Name: name, File: name + ".pdf", What: what, Planted: []string{"HPDF-AUTHOR"}, Write: lazy(func() []byte { return f("HPDF") })}
	}
	return []Case{
		pdf("pdf-form-fanout", "ten forms, each drawing the next 32 times (32^9 drawings of white text)", pdfFormFanout),
		pdf("pdf-glyph-flood", "a page showing four million glyphs too small to see (a 5 KB file)", pdfGlyphFlood),
		pdf("pdf-edge-flood", "thousands of lines of text on one shape of 60,000 edges", pdfEdgeFlood),
	}
}

// pdfPage writes a one-page PDF with the author prefix-AUTHOR, the given
// page content (compressed), and more objects from extra (numbered from
// 10, with their resources in res).
func pdfPage(prefix, content, res string, extra func(b *pdfBuilder)) []byte {
	b := newPDF("1.7")
	b.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	b.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	b.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >>"+res+" >> >>")
	b.stream(4, " /Filter /FlateDecode", zlibBytes([]byte(content)))
	b.obj(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	b.obj(6, fmt.Sprintf("<< /Author (%s-AUTHOR) >>", prefix))
	if extra != nil {
		extra(b)
	}
	b.xref(" /Root 1 0 R /Info 6 0 R", 0)
	return b.bytes()
}

// pdfFormFanout: form k draws form k+1 32 times; the last one shows
// white text (so that its glyphs are looked at one by one).
func pdfFormFanout(prefix string) []byte {
	const depth, fan = 10, 32
	return pdfPage(prefix, "/F0 Do\n", " /XObject << /F0 10 0 R >>", func(b *pdfBuilder) {
		for k := range depth {
			var c bytes.Buffer
			res := "<< /Font << /F1 5 0 R >> >>"
			if k < depth-1 {
				for i := range fan {
					fmt.Fprintf(&c, "q 1 0 0 1 %d 0 cm /F%d Do Q\n", i, k+1)
				}
				res = fmt.Sprintf("<< /XObject << /F%d %d 0 R >> >>", k+1, 11+k)
			} else {
				c.WriteString("BT 1 g /F1 12 Tf 72 700 Td (deep text) Tj ET\n")
			}
			b.stream(10+k, fmt.Sprintf(" /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources %s /Filter /FlateDecode", res), zlibBytes(c.Bytes()))
		}
	})
}

// pdfGlyphFlood: one string of four million glyphs too small to see (so
// that its glyphs would be looked at one by one).
func pdfGlyphFlood(prefix string) []byte {
	return pdfPage(prefix, "BT /F1 1 Tf 0.001 Tz 72 700 Td ("+strings.Repeat("a", 4<<20)+") Tj ET\n", "", nil)
}

// pdfEdgeFlood: one white shape of 60,000 edges (a zigzag), then 3000
// lines of white text on it: every glyph is tested against its edges.
func pdfEdgeFlood(prefix string) []byte {
	var c bytes.Buffer
	c.WriteString("1 g 0 0 m\n")
	for i := range 60000 {
		fmt.Fprintf(&c, "%d %d l\n", i%400, (i%2)*400)
	}
	c.WriteString("h f\n")
	for i := range 3000 {
		fmt.Fprintf(&c, "BT /F1 8 Tf %d %d Td (words on a zigzag) Tj ET\n", 10+(i%2)*150, 20+(i/2)%370)
	}
	return pdfPage(prefix, c.String(), "", nil)
}
