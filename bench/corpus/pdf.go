package corpus

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
)

// pdfDoc assembles a PDF 1.7 file object by object, the way a word
// processor's export writes it: catalog, page tree, fonts, one content
// stream per page, DCTDecode image XObjects holding the JPEG files as they
// are (camera metadata included), an Info dictionary and an XMP stream.
type pdfDoc struct {
	objs [][]byte // objs[n-1] is object n
}

func (p *pdfDoc) alloc() int { p.objs = append(p.objs, nil); return len(p.objs) }

func (p *pdfDoc) set(n int, body string) { p.objs[n-1] = []byte(body) }

func (p *pdfDoc) stream(n int, dict string, data []byte) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<<%s /Length %d>>\nstream\n", dict, len(data))
	b.Write(data)
	b.WriteString("\nendstream")
	p.objs[n-1] = b.Bytes()
}

func deflate(data []byte) []byte {
	var b bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&b, zlib.DefaultCompression)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// pdfString encodes s as a PDF literal string.
func pdfString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return "(" + r.Replace(s) + ")"
}

// write serialises the objects with a classic cross-reference table.
func (p *pdfDoc) write(out *bytes.Buffer, root, info int, id string) {
	out.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(p.objs))
	for i, o := range p.objs {
		offs[i] = out.Len()
		fmt.Fprintf(out, "%d 0 obj\n", i+1)
		out.Write(o)
		out.WriteString("\nendobj\n")
	}
	xref := out.Len()
	fmt.Fprintf(out, "xref\n0 %d\n0000000000 65535 f \n", len(p.objs)+1)
	for _, o := range offs {
		fmt.Fprintf(out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(out, "trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>]>>\nstartxref\n%d\n%%%%EOF\n",
		len(p.objs)+1, root, info, id, id, xref)
}

// appendRevision appends an incremental update that replaces object n, as
// an editor saving "in place" (or exiftool) does: the earlier revision, and
// what it said, stays in the file.
func appendRevision(out *bytes.Buffer, n int, body string, size, root, info int, id, id2 string) {
	prev := lastStartXref(out.Bytes())
	off := out.Len()
	fmt.Fprintf(out, "%d 0 obj\n%s\nendobj\n", n, body)
	xref := out.Len()
	fmt.Fprintf(out, "xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n", n, off)
	fmt.Fprintf(out, "trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] /Prev %d>>\nstartxref\n%d\n%%%%EOF\n",
		size, root, info, id, id2, prev, xref)
}

func lastStartXref(b []byte) int {
	i := bytes.LastIndex(b, []byte("startxref\n"))
	var v int
	fmt.Sscanf(string(b[i+len("startxref\n"):]), "%d", &v)
	return v
}

func pdfDate(iso string) string {
	// 2024-03-14T09:26:53 -> D:20240314092653+01'00'
	return "D:" + strings.NewReplacer("-", "", ":", "", "T", "").Replace(iso) + "+01'00'"
}

// pdfFile builds a PDF of d: a title page of text, then one page per photo
// (with a caption), then text pages. Reviewer comments become Text
// annotations carrying the reviewer's name. With revised, the Info
// dictionary is updated in an appended revision and the first author stays
// in the earlier one.
func pdfFile(d docSpec, revised bool) ([]byte, []string) {
	r := d.r
	p := &pdfDoc{}
	catalog, pages, meta, info, font, bold := p.alloc(), p.alloc(), p.alloc(), p.alloc(), p.alloc(), p.alloc()
	var kids []string
	planted := []string{d.initial}

	// Text: wrap paragraphs into lines of about 95 characters, 60 per page.
	var lines []string
	for range d.paras {
		para := paragraph(r)
		for len(para) > 95 {
			cut := strings.LastIndexByte(para[:95], ' ')
			lines = append(lines, para[:cut])
			para = para[cut+1:]
		}
		lines = append(lines, para, "")
	}
	textPage := func(title string, ls []string, annot bool) {
		var c strings.Builder
		c.WriteString("BT\n/F2 16 Tf\n56 786 Td\n" + pdfString(title) + " Tj\n/F1 10 Tf\n12.5 TL\n0 -24 Td\n")
		for _, l := range ls {
			c.WriteString(pdfString(l) + " '\n")
		}
		c.WriteString("ET\n")
		cs := p.alloc()
		p.stream(cs, " /Filter /FlateDecode", deflate([]byte(c.String())))
		pg := p.alloc()
		annots := ""
		if annot && d.comment != "" {
			a := p.alloc()
			nm := hexID(r, 8) + "-" + hexID(r, 4) + "-" + hexID(r, 4) + "-" + hexID(r, 12)
			p.set(a, fmt.Sprintf("<</Type /Annot /Subtype /Text /Rect [500 700 520 720] /Contents %s /T %s /M (%s) /NM (%s) /Name /Comment /F 4 /C [1 0.8 0] /P %d 0 R>>",
				pdfString("Please check these figures before we send it."), pdfString(d.comment), pdfDate(d.modified), nm, pg))
			annots = fmt.Sprintf(" /Annots [%d 0 R]", a)
			planted = append(planted, d.comment, nm)
		}
		p.set(pg, fmt.Sprintf("<</Type /Page /Parent %d 0 R /MediaBox [0 0 595.276 841.89] /Resources <</Font <</F1 %d 0 R /F2 %d 0 R>> /ProcSet [/PDF /Text]>> /Contents %d 0 R%s>>",
			pages, font, bold, cs, annots))
		kids = append(kids, fmt.Sprintf("%d 0 R", pg))
	}
	first := min(len(lines), 56)
	textPage(d.title, lines[:first], true)
	for i, im := range d.images {
		w, h := d.imgDims[i][0], d.imgDims[i][1]
		dw := 483.0
		dh := dw * float64(h) / float64(w)
		if dh > 640 {
			dh = 640
			dw = dh * float64(w) / float64(h)
		}
		x := (595.276 - dw) / 2
		y := 760 - dh
		xo := p.alloc()
		p.stream(xo, fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode", w, h), im)
		c := fmt.Sprintf("q\n%.3f 0 0 %.3f %.3f %.3f cm\n/Im%d Do\nQ\nBT\n/F1 9 Tf\n%.3f %.3f Td\n%s Tj\nET\n", dw, dh, x, y, i+1, x, y-16, pdfString(fmt.Sprintf("Figure %d. %s", i+1, heading(r))))
		cs := p.alloc()
		p.stream(cs, " /Filter /FlateDecode", deflate([]byte(c)))
		pg := p.alloc()
		p.set(pg, fmt.Sprintf("<</Type /Page /Parent %d 0 R /MediaBox [0 0 595.276 841.89] /Resources <</Font <</F1 %d 0 R>> /XObject <</Im%d %d 0 R>> /ProcSet [/PDF /Text /ImageC]>> /Contents %d 0 R>>",
			pages, font, i+1, xo, cs))
		kids = append(kids, fmt.Sprintf("%d 0 R", pg))
	}
	for i := first; i < len(lines); i += 60 {
		textPage(heading(r), lines[i:min(i+60, len(lines))], false)
	}
	p.set(pages, fmt.Sprintf("<</Type /Pages /Kids [%s] /Count %d>>", strings.Join(kids, " "), len(kids)))
	p.set(catalog, fmt.Sprintf("<</Type /Catalog /Pages %d 0 R /Metadata %d 0 R /Lang (en-GB)>>", pages, meta))
	p.set(font, "<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding>>")
	p.set(bold, "<</Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding>>")
	docID := "uuid:" + hexID(r, 8) + "-" + hexID(r, 4) + "-" + hexID(r, 4) + "-" + hexID(r, 4) + "-" + hexID(r, 12)
	planted = append(planted, docID)
	xmp := fmt.Sprintf(`<?xpacket begin="%s" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
   pdf:Producer="LibreOffice 7.4" xmp:CreatorTool="Writer" xmp:CreateDate="%s+01:00" xmpMM:DocumentID="%s">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`, "\ufeff", d.created, docID, d.title, d.initial)
	p.stream(meta, "/Type /Metadata /Subtype /XML", []byte(xmp))
	infoDict := func(author, mod string) string {
		return fmt.Sprintf("<</Title %s /Author %s /Creator (Writer) /Producer (LibreOffice 7.4) /CreationDate (%s) /ModDate (%s)>>",
			pdfString(d.title), pdfString(author), pdfDate(d.created), pdfDate(mod))
	}
	p.set(info, infoDict(d.initial, d.created))
	id := hexID(r, 32)
	var out bytes.Buffer
	p.write(&out, catalog, info, id)
	if revised {
		appendRevision(&out, info, infoDict(d.author, d.modified), len(p.objs)+1, catalog, info, id, hexID(r, 32))
		planted = append(planted, d.author)
	}
	return out.Bytes(), planted
}
