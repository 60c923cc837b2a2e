package ooxml_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/formats/internal/imgcrop"
	"github.com/scrub-project/scrub/formats/internal/unseen/unseentest"
	"github.com/scrub-project/scrub/formats/ooxml"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// Fixtures of issue 18: every class of hidden content Word, PowerPoint
// and Excel files hold, each with a unique marker, and decoys that look
// alike but show what they say. The expectations (unseentest.Want) say
// how each must be reported, and whether cleaning with the hidden-content
// policy removes it.

const (
	wpsNS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
	wDraw = wAll + ` xmlns:wps="` + wpsNS + `"`
)

func wPara(runs ...string) string { return "<w:p>" + strings.Join(runs, "") + "</w:p>" }

func wRun(text, rpr string) string {
	return `<w:r><w:rPr>` + rpr + `</w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

// wBox is a rectangle anchored to its paragraph, in front of the text
// (wrapNone), with a VML copy for old readers, as Word writes it; text
// (may be empty) goes in its text box.
func wBox(id int, x, y, cx, cy int, fill, text string, behind bool, relV string) string {
	bd := "0"
	if behind {
		bd = "1"
	}
	var txbx, vtxbx string
	if text != "" {
		txbx = `<wps:txbx><w:txbxContent>` + text + `</w:txbxContent></wps:txbx>`
		vtxbx = `<v:textbox><w:txbxContent>` + text + `</w:txbxContent></v:textbox>`
	}
	return fmt.Sprintf(`<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="3" behindDoc="%s" locked="0" layoutInCell="1" allowOverlap="1">`+
		`<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>%d</wp:posOffset></wp:positionH><wp:positionV relativeFrom="%s"><wp:posOffset>%d</wp:posOffset></wp:positionV>`+
		`<wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/><wp:docPr id="%d" name="Box %d"/><wp:cNvGraphicFramePr/>`+
		`<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm>`+
		`<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="%s"/></a:solidFill><a:ln><a:noFill/></a:ln></wps:spPr>%s<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>`+
		`<mc:Fallback><w:pict><v:rect style="position:absolute;margin-left:0;margin-top:0;width:%dpt;height:%dpt;z-index:3" fillcolor="#%s" stroked="f">%s</v:rect></w:pict></mc:Fallback></mc:AlternateContent></w:r>`,
		bd, x, relV, y, cx, cy, id, id, cx, cy, fill, txbx, cx/12700, cy/12700, fill, vtxbx)
}

// wPicture is a picture anchored to its paragraph (in front of the text,
// when front) or inline, with a source rectangle (srcRect: "" for none).
func wPicture(id int, rid, srcRect string, front bool) string {
	blip := `<pic:blipFill><a:blip r:embed="` + rid + `"/>` + srcRect + `<a:stretch><a:fillRect/></a:stretch></pic:blipFill>`
	pic := fmt.Sprintf(`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="%d" name="Picture %d"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`%s<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1905000" cy="952500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>`, id, id, blip)
	if !front {
		return fmt.Sprintf(`<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="1905000" cy="952500"/><wp:docPr id="%d" name="Picture %d"/>%s</wp:inline></w:drawing></w:r>`, id, id, pic)
	}
	return fmt.Sprintf(`<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="4" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">`+
		`<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>`+
		`<wp:extent cx="1905000" cy="952500"/><wp:wrapNone/><wp:docPr id="%d" name="Picture %d"/>%s</wp:anchor></w:drawing></w:r>`, id, id, pic)
}

func wField(instr, result string, locked bool) string {
	lock := ""
	if locked {
		lock = ` w:fldLock="1"`
	}
	return `<w:r><w:fldChar w:fldCharType="begin"` + lock + `/></w:r><w:r><w:instrText xml:space="preserve"> ` + instr + ` </w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r>` + wRun(result, "") + `<w:r><w:fldChar w:fldCharType="end"/></w:r>`
}

const (
	black    = `<w:color w:val="000000"/>`
	white    = `<w:color w:val="FFFFFF"/>`
	hlBlack  = `<w:highlight w:val="black"/>`
	shdBlack = `<w:shd w:val="clear" w:color="auto" w:fill="000000"/>`
)

// hiddenDocx is a Word document with every hidden class of issue 18 and
// decoys.
func hiddenDocx(t testing.TB) ([]byte, []unseentest.Want) {
	const F = "docx"
	W := func(class, marker string, label scrub.Label, gone bool) unseentest.Want {
		return unseentest.Want{Format: F, Class: class, Marker: marker, Label: label, Gone: gone}
	}
	wants := []unseentest.Want{
		W("black highlight (automatic colour)", "DX-HLAUTO", scrub.LabelCoveredText, false),
		W("black highlight (black text)", "DX-HLBLACK", scrub.LabelCoveredText, false),
		W("dark blue highlight (black text)", "DX-HLNAVY", scrub.LabelCoveredText, false),
		W("black highlight from a style", "DX-HLSTYLE", scrub.LabelCoveredText, false),
		W("black run shading (black text)", "DX-SHDRUN", scrub.LabelCoveredText, false),
		W("black paragraph shading (black text)", "DX-SHDPARA", scrub.LabelCoveredText, false),
		W("black cell shading (black text)", "DX-SHDCELL", scrub.LabelCoveredText, false),
		W("dark box over the paragraph", "DX-BOXED", scrub.LabelCoveredText, false),
		W("white text", "DX-WHITE", scrub.LabelInvisibleText, true),
		W("white text from a style", "DX-WSTYLE", scrub.LabelInvisibleText, true),
		W("white text in a white text box", "DX-WHITEBOX", scrub.LabelInvisibleText, true),
		W("text under 2 points", "DX-TINY", scrub.LabelInvisibleText, true),
		W("text behind a picture", "DX-BEHINDPIC", scrub.LabelHiddenText, false),
		W("hidden drawing", "DX-HIDDENDRAWING", scrub.LabelHiddenObject, false),
		W("stale date field", "3 March 2019", scrub.LabelStaleValue, false),
		W("stale author field", "DX-STALEAUTHOR", scrub.LabelStaleValue, false),
		W("stale cross-reference", "DX-OLDTITLE", scrub.LabelStaleValue, false),
		W("cropped picture", "image1.png", scrub.LabelCroppedPicture, true),
		{Format: F, Class: "normal crop (minor)", Marker: "image2.jpeg", Label: scrub.LabelCroppedPicture, Minor: true, Gone: true},
		unseentest.Decoy(F, "decoy: white text on a dark cell", "DX-DECOY-WHITECELL"),
		unseentest.Decoy(F, "decoy: black text without shading", "DX-DECOY-BLACK"),
		unseentest.Decoy(F, "decoy: automatic colour on black shading", "DX-DECOY-SHDAUTO"),
		unseentest.Decoy(F, "decoy: yellow highlight", "DX-DECOY-YELLOW"),
		unseentest.Decoy(F, "decoy: white text in a dark text box", "DX-DECOY-WHITEINBOX"),
		unseentest.Decoy(F, "decoy: box over an empty paragraph", "Box 3"),
		unseentest.Decoy(F, "decoy: box behind the text", "DX-DECOY-BEHIND"),
		unseentest.Decoy(F, "decoy: box beside the text", "DX-DECOY-MARGIN"),
		unseentest.Decoy(F, "decoy: 5-point superscript", "DX-DECOY-SMALL"),
		unseentest.Decoy(F, "decoy: locked date field", "DX-DECOY-LOCKED"),
		unseentest.Decoy(F, "decoy: cross-reference up to date", "DX-DECOY-SAMETITLE"),
		unseentest.Decoy(F, "decoy: white text on black paragraph shading", "DX-DECOY-NIGHT"),
	}
	body := wPara(wRun("DX-VISIBLE-INTRO ", ""), wRun("DX-HLAUTO secret name", hlBlack), wRun(" after", "")) +
		wPara(wRun("DX-HLBLACK secret", black+hlBlack)) +
		wPara(wRun("DX-HLNAVY secret", black+`<w:highlight w:val="darkBlue"/>`)) +
		wPara(`<w:r><w:rPr><w:rStyle w:val="Redacted"/></w:rPr><w:t>DX-HLSTYLE secret</w:t></w:r>`) +
		wPara(wRun("DX-SHDRUN secret", black+shdBlack)) +
		`<w:p><w:pPr><w:shd w:val="clear" w:color="auto" w:fill="000000"/></w:pPr>` + wRun("DX-SHDPARA secret", black) + `</w:p>` +
		`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid><w:tr>` +
		`<w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/><w:shd w:val="clear" w:color="auto" w:fill="000000"/></w:tcPr>` + wPara(wRun("DX-SHDCELL secret", black)) + `</w:tc>` +
		`<w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:tcPr>` + wPara(wRun("DX-DECOY-WHITECELL header", white)) + `</w:tc></w:tr></w:tbl>` +
		wPara(wBox(1, 0, 0, 1905000, 203200, "000000", "", false, "paragraph"), wRun("DX-BOXED secret words under the box", "")) +
		wPara(wRun("DX-WHITE", white)) +
		`<w:p><w:pPr><w:pStyle w:val="WhiteText"/></w:pPr>` + wRun("DX-WSTYLE", "") + `</w:p>` +
		wPara(wBox(2, 0, 1270000, 2540000, 381000, "FFFFFF", wPara(wRun("DX-WHITEBOX", white)), false, "paragraph"), wRun("DX-VISIBLE-ANCHOR", "")) +
		wPara(wRun("DX-TINY", `<w:sz w:val="2"/><w:szCs w:val="2"/>`)) +
		wPara(wPicture(10, "rIdImg3", "", true), wRun("DX-BEHINDPIC words under a picture", "")) +
		wPara(`<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="5" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>`+
			`<wp:positionH relativeFrom="column"><wp:posOffset>3000000</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="900000" cy="300000"/><wp:wrapNone/>`+
			`<wp:docPr id="20" name="Hidden one" hidden="1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr/><wps:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></wps:spPr>`+
			`<wps:txbx><w:txbxContent>`+wPara(wRun("DX-HIDDENDRAWING note", ""))+`</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>`, wRun("DX-VISIBLE-HOST", "")) +
		wPara(wRun("Dated ", ""), wField(`DATE \@ "d MMMM yyyy"`, "3 March 2019", false)) +
		wPara(wRun("By ", ""), `<w:fldSimple w:instr=" AUTHOR \* MERGEFORMAT ">`+wRun("DX-STALEAUTHOR Name", "")+`</w:fldSimple>`) +
		wPara(`<w:bookmarkStart w:id="1" w:name="_Ref1"/>`, wRun("DX-NEWTITLE of the section", ""), `<w:bookmarkEnd w:id="1"/>`) +
		wPara(wRun("See ", ""), wField(`REF _Ref1 \h`, "DX-OLDTITLE of the section", false)) +
		wPara(`<w:bookmarkStart w:id="2" w:name="_Ref2"/>`, wRun("DX-DECOY-SAMETITLE", ""), `<w:bookmarkEnd w:id="2"/>`) +
		wPara(wRun("See ", ""), wField(`REF _Ref2 \h`, "DX-DECOY-SAMETITLE", false)) +
		wPara(wRun("Signed ", ""), wField(`DATE`, "DX-DECOY-LOCKED 1999", true)) +
		wPara(wPicture(11, "rIdImg1", `<a:srcRect l="50000" r="10000"/>`, false)) +
		wPara(wPicture(12, "rIdImg2", `<a:srcRect l="5000" r="5000"/>`, false)) +
		wPara(wRun("DX-DECOY-BLACK plain text", black)) +
		wPara(wRun("DX-DECOY-SHDAUTO white on black", shdBlack)) +
		wPara(wRun("DX-DECOY-YELLOW marked", black+`<w:highlight w:val="yellow"/>`)) +
		wPara(wBox(4, 0, 0, 2540000, 381000, "1F3864", wPara(wRun("DX-DECOY-WHITEINBOX label", white)), false, "paragraph"), wRun("DX-VISIBLE-NEXT", "")) +
		wPara(wBox(3, 0, 0, 1905000, 203200, "000000", "", false, "paragraph")) +
		wPara(wBox(5, 0, 0, 1905000, 203200, "000000", "", true, "paragraph"), wRun("DX-DECOY-BEHIND text on a box", "")) +
		wPara(wBox(6, 6400000, 0, 300000, 300000, "000000", "", false, "paragraph"), wRun("DX-DECOY-MARGIN text beside a mark", "")) +
		wPara(wRun("DX-DECOY-SMALL", `<w:sz w:val="10"/><w:vertAlign w:val="superscript"/>`)) +
		`<w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>`
	f := &fixture{}
	f.add("_rels/.rels", "", rels("rId1|"+relR+"officeDocument|word/document.xml"))
	f.add("word/_rels/document.xml.rels", "", rels("rId1|"+relR+"styles|styles.xml", "rIdImg1|"+relR+"image|media/image1.png",
		"rIdImg2|"+relR+"image|media/image2.jpeg", "rIdImg3|"+relR+"image|media/image3.png", "rIdH|"+relR+"header|header1.xml"))
	f.add("word/document.xml", ctDocMain, xmlDecl+`<w:document `+strings.Replace(wDraw, `mc:Ignorable="w14 w15"`, `mc:Ignorable="w14 w15 wps"`, 1)+`><w:body>`+body+`</w:body></w:document>`)
	f.add("word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml", xmlDecl+`<w:styles `+wNS+`>`+
		`<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>`+
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>`+
		`<w:style w:type="paragraph" w:styleId="WhiteText"><w:name w:val="White Text"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:style>`+
		`<w:style w:type="character" w:styleId="Redacted"><w:name w:val="Redacted"/><w:rPr><w:highlight w:val="black"/></w:rPr></w:style></w:styles>`)
	// A header whose paragraph is shaded black: white there is visible.
	f.add("word/header1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml", xmlDecl+`<w:hdr `+wNS+`>`+
		`<w:p><w:pPr><w:shd w:val="clear" w:color="auto" w:fill="000000"/></w:pPr>`+wRun("DX-DECOY-NIGHT header on black", white)+`</w:p></w:hdr>`)
	f.add("word/media/image1.png", "", unseentest.Picture(t, 200, 100, 7, false))
	f.add("word/media/image2.jpeg", "", unseentest.Picture(t, 320, 240, 7, true))
	f.add("word/media/image3.png", "", unseentest.Picture(t, 40, 20, 7, false))
	return f.bytes(t), wants
}

// pSp is a PowerPoint shape: a text box (text not empty) or a filled
// rectangle, at x, y, cx, cy (EMU).
func pSp(id int, name string, x, y, cx, cy int, fill, rpr, text, extra string) string {
	f := ""
	if fill != "" {
		f = `<a:solidFill><a:srgbClr val="` + fill + `"/></a:solidFill>`
	}
	body := `<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody>`
	if text != "" {
		body = `<p:txBody><a:bodyPr>` + extra + `</a:bodyPr><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"` + rpr + `</a:r></a:p></p:txBody>`
		body = strings.Replace(body, `</a:r>`, `<a:t>`+text+`</a:t></a:r>`, 1)
	}
	return fmt.Sprintf(`<p:sp><p:nvSpPr><p:cNvPr id="%d" name="%s"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="%d" y="%d"/><a:ext cx="%d" cy="%d"/></a:xfrm>`+
		`<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>%s</p:spPr>%s</p:sp>`, id, name, x, y, cx, cy, f, body)
}

// rPr helpers for pSp: the rest of an a:rPr start tag and its content.
const (
	rPlain = `/>`
	rWhite = `><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:rPr>`
)

func rSize(hundredths int) string { return fmt.Sprintf(` sz="%d"/>`, hundredths) }

func pPic(id int, rid string, x, y, cx, cy int, srcRect string) string {
	return fmt.Sprintf(`<p:pic><p:nvPicPr><p:cNvPr id="%d" name="Picture %d"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="%s"/>%s<a:stretch><a:fillRect/></a:stretch></p:blipFill>`+
		`<p:spPr><a:xfrm><a:off x="%d" y="%d"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`, id, id, rid, srcRect, x, y, cx, cy)
}

// hiddenPptx is a presentation with every hidden class of issue 18 and
// decoys.
func hiddenPptx(t testing.TB) ([]byte, []unseentest.Want) {
	const F = "pptx"
	W := func(class, marker string, label scrub.Label, gone bool) unseentest.Want {
		return unseentest.Want{Format: F, Class: class, Marker: marker, Label: label, Gone: gone}
	}
	wants := []unseentest.Want{
		W("hidden shape on a slide", "PX-HIDDEN", scrub.LabelHiddenObject, true),
		W("shape off the slide", "PX-OFFSLIDE", scrub.LabelOffPage, true),
		W("shape off the slide through its group", "PX-GROUPCHILD", scrub.LabelOffPage, true),
		W("white text on a white slide", "PX-WHITE", scrub.LabelInvisibleText, true),
		W("text under 2 points", "PX-TINY", scrub.LabelInvisibleText, true),
		W("text under 2 points by autofit", "PX-SCALEDTINY", scrub.LabelInvisibleText, true),
		W("dark box over text", "PX-COVERED", scrub.LabelCoveredText, false),
		W("text behind a picture", "PX-BEHINDPIC", scrub.LabelHiddenText, false),
		W("stale date field", "3/4/2019", scrub.LabelStaleValue, false),
		W("cropped picture", "image1.jpeg", scrub.LabelCroppedPicture, true),
		{Format: F, Class: "normal crop (minor)", Marker: "image3.png", Label: scrub.LabelCroppedPicture, Minor: true, Gone: true},
		W("hidden shape an animation shows", "PX-ANIMATED", scrub.LabelHiddenObject, false),
		W("hidden shape on a layout", "PX-LAYOUTHIDDEN", scrub.LabelHiddenObject, true),
		W("hidden placeholder on a master", "PX-MASTERPH", scrub.LabelHiddenObject, false),
		unseentest.Decoy(F, "decoy: shape over the slide's edge", "PX-DECOY-BLEED"),
		unseentest.Decoy(F, "decoy: 5-point text by autofit", "PX-DECOY-SCALED"),
		unseentest.Decoy(F, "decoy: white text on a dark shape below", "PX-DECOY-ONBOX"),
		unseentest.Decoy(F, "decoy: white text in a dark shape", "PX-DECOY-INBOX"),
		unseentest.Decoy(F, "decoy: white text on a dark slide", "PX-DECOY-NIGHT"),
		unseentest.Decoy(F, "decoy: group whose children map onto the slide", "PX-DECOY-GROUPMAPPED"),
		unseentest.Decoy(F, "decoy: text over a dark box", "PX-DECOY-ABOVE"),
	}
	tree := func(shapes string) string {
		return `<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>` + shapes + `</p:spTree></p:cSld>`
	}
	tb := func(id int, text string, x, y int, rpr string) string {
		return pSp(id, fmt.Sprintf("TextBox %d", id), x, y, 3000000, 400000, "", rpr, text, "")
	}
	slide1 := tb(2, "PX-VISIBLE-TITLE", 457200, 300000, rPlain) +
		strings.Replace(tb(3, "PX-HIDDEN", 457200, 800000, rPlain), `name="TextBox 3"`, `name="TextBox 3" hidden="1"`, 1) +
		tb(4, "PX-OFFSLIDE", 9500000, 800000, rPlain) +
		tb(5, "PX-DECOY-BLEED edge", 8000000, 1300000, rPlain) +
		tb(6, "PX-WHITE", 457200, 1300000, rWhite) +
		tb(7, "PX-TINY", 457200, 1800000, rSize(100)) +
		pSp(8, "TextBox 8", 457200, 2200000, 3000000, 400000, "", rSize(1800), "PX-SCALEDTINY", `<a:normAutofit fontScale="10000"/>`) +
		pSp(9, "TextBox 9", 457200, 2600000, 3000000, 400000, "", rSize(1000), "PX-DECOY-SCALED words", `<a:normAutofit fontScale="50000"/>`) +
		tb(10, "PX-COVERED secret name", 457200, 3000000, rPlain) +
		pSp(11, "Rectangle 11", 400000, 2950000, 3200000, 500000, "000000", "", "", "") +
		pSp(12, "Rectangle 12", 457200, 3600000, 3000000, 400000, "000000", "", "", "") +
		tb(13, "PX-DECOY-ONBOX label", 457200, 3600000, rWhite) +
		pSp(14, "Rectangle 14", 5000000, 5500000, 1000000, 300000, "000000", "", "", "") +
		pPic(15, "rId2", 4500000, 300000, 2000000, 1600000, `<a:srcRect l="25000" t="10000" r="25000" b="30000"/>`) +
		tb(16, "PX-BEHINDPIC words", 6000000, 2200000, rPlain) +
		pPic(17, "rId3", 5900000, 2100000, 3000000, 700000, "") +
		`<p:grpSp><p:nvGrpSpPr><p:cNvPr id="18" name="Group 18"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="4200000"/><a:ext cx="1000000" cy="1000000"/><a:chOff x="0" y="0"/><a:chExt cx="2000000" cy="2000000"/></a:xfrm></p:grpSpPr>` +
		pSp(181, "Child 1", 20000000, 0, 1000000, 500000, "", rPlain, "PX-GROUPCHILD", "") +
		pSp(182, "Child 2", 100000, 100000, 1000000, 500000, "", rPlain, "PX-GROUP-VISIBLE", "") + `</p:grpSp>` +
		`<p:grpSp><p:nvGrpSpPr><p:cNvPr id="19" name="Group 19"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="5000000" y="4200000"/><a:ext cx="1000000" cy="1000000"/><a:chOff x="50000000" y="50000000"/><a:chExt cx="1000000" cy="1000000"/></a:xfrm></p:grpSpPr>` +
		pSp(191, "Child 3", 50100000, 50100000, 800000, 400000, "", rPlain, "PX-DECOY-GROUPMAPPED", "") + `</p:grpSp>` +
		pSp(20, "Date 20", 457200, 6200000, 2000000, 300000, "", "", "", "") +
		pPic(21, "rId4", 6500000, 4200000, 2000000, 1000000, `<a:srcRect l="4000" r="4000"/>`) +
		pSp(22, "Rectangle 22", 3800000, 5200000, 3000000, 400000, "000000", "", "", "") +
		pSp(23, "TextBox 23", 3800000, 5200000, 3000000, 400000, "000000", rWhite, "PX-DECOY-INBOX label", "") +
		tb(24, "PX-DECOY-ABOVE text", 3800000, 5200000, rWhite)
	slide1 = strings.Replace(slide1, `<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>`+pPic(21, "rId4", 6500000, 4200000, 2000000, 1000000, `<a:srcRect l="4000" r="4000"/>`),
		`<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:fld id="{11111111-2222-3333-4444-555555555555}" type="datetime1"><a:rPr lang="en-US"/><a:t>3/4/2019</a:t></a:fld><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>`+
			pPic(21, "rId4", 6500000, 4200000, 2000000, 1000000, `<a:srcRect l="4000" r="4000"/>`), 1)
	slide2 := `<p:cSld><p:bg><p:bgPr><a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:effectLst/></p:bgPr></p:bg><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>` +
		tb(2, "PX-DECOY-NIGHT on black", 457200, 457200, rWhite) +
		strings.Replace(tb(3, "PX-ANIMATED note", 457200, 1200000, rPlain), `name="TextBox 3"`, `name="TextBox 3" hidden="1"`, 1) + `</p:spTree></p:cSld>` +
		`<p:timing><p:tnLst><p:par><p:cTn id="1" dur="indefinite" restart="never" nodeType="tmRoot"><p:childTnLst><p:seq concurrent="1" nextAc="seek"><p:cTn id="2" dur="indefinite" nodeType="mainSeq"><p:childTnLst>` +
		`<p:par><p:cTn id="3" fill="hold"><p:stCondLst><p:cond delay="indefinite"/></p:stCondLst><p:childTnLst><p:par><p:cTn id="4" fill="hold"><p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst>` +
		`<p:par><p:cTn id="5" presetID="1" presetClass="entr" presetSubtype="0" fill="hold" nodeType="clickEffect"><p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst><p:set><p:cBhvr><p:cTn id="6" dur="1" fill="hold"><p:stCondLst><p:cond delay="0"/></p:stCondLst></p:cTn>` +
		`<p:tgtEl><p:spTgt spid="3"/></p:tgtEl><p:attrNameLst><p:attrName>style.visibility</p:attrName></p:attrNameLst></p:cBhvr><p:to><p:strVal val="visible"/></p:to></p:set></p:childTnLst></p:cTn></p:par>` +
		`</p:childTnLst></p:cTn></p:par></p:childTnLst></p:cTn></p:par></p:childTnLst></p:cTn></p:seq></p:childTnLst></p:cTn></p:par></p:tnLst></p:timing>`
	f := &fixture{}
	f.add("_rels/.rels", "", rels("rId1|"+relR+"officeDocument|ppt/presentation.xml"))
	f.add("ppt/presentation.xml", ctPML+"presentation.main+xml", xmlDecl+`<p:presentation `+pNS+`><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>`+
		`<p:sldIdLst><p:sldId id="256" r:id="rId2"/><p:sldId id="257" r:id="rId3"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`)
	f.add("ppt/_rels/presentation.xml.rels", "", rels("rId1|"+relR+"slideMaster|slideMasters/slideMaster1.xml", "rId2|"+relR+"slide|slides/slide1.xml",
		"rId3|"+relR+"slide|slides/slide2.xml", "rId4|"+relR+"theme|theme/theme1.xml"))
	f.add("ppt/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml", strings.Replace(themeXML, "PLANT-", "", -1))
	f.add("ppt/slideMasters/slideMaster1.xml", ctPML+"slideMaster+xml", xmlDecl+`<p:sldMaster `+pNS+`><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>`+
		`<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>`+
		`<p:sp><p:nvSpPr><p:cNvPr id="2" name="Date Placeholder 1" hidden="1"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="dt" sz="half" idx="10"/></p:nvPr></p:nvSpPr>`+
		`<p:spPr><a:xfrm><a:off x="457200" y="6356350"/><a:ext cx="2133600" cy="365125"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>`+
		`<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>PX-MASTERPH date</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld>`+
		`<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>`+
		`<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>`)
	f.add("ppt/slideMasters/_rels/slideMaster1.xml.rels", "", rels("rId1|"+relR+"slideLayout|../slideLayouts/slideLayout1.xml", "rId2|"+relR+"theme|../theme/theme1.xml"))
	f.add("ppt/slideLayouts/slideLayout1.xml", ctPML+"slideLayout+xml", xmlDecl+`<p:sldLayout `+pNS+` type="blank">`+
		tree(strings.Replace(tb(2, "PX-LAYOUTHIDDEN", 457200, 457200, rPlain), `name="TextBox 2"`, `name="TextBox 2" hidden="1"`, 1))+`<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>`)
	f.add("ppt/slideLayouts/_rels/slideLayout1.xml.rels", "", rels("rId1|"+relR+"slideMaster|../slideMasters/slideMaster1.xml"))
	f.add("ppt/slides/slide1.xml", ctPML+"slide+xml", xmlDecl+`<p:sld `+pNS+`>`+tree(slide1)+`<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`)
	f.add("ppt/slides/_rels/slide1.xml.rels", "", rels("rId1|"+relR+"slideLayout|../slideLayouts/slideLayout1.xml", "rId2|"+relR+"image|../media/image1.jpeg",
		"rId3|"+relR+"image|../media/image2.png", "rId4|"+relR+"image|../media/image3.png"))
	f.add("ppt/slides/slide2.xml", ctPML+"slide+xml", xmlDecl+`<p:sld `+pNS+`>`+slide2+`<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`)
	f.add("ppt/slides/_rels/slide2.xml.rels", "", rels("rId1|"+relR+"slideLayout|../slideLayouts/slideLayout1.xml"))
	f.add("ppt/media/image1.jpeg", "", unseentest.Picture(t, 320, 240, 7, true))
	f.add("ppt/media/image2.png", "", unseentest.Picture(t, 60, 20, 7, false))
	f.add("ppt/media/image3.png", "", unseentest.Picture(t, 200, 100, 7, false))
	return f.bytes(t), wants
}

// hiddenXlsx is a workbook with every hidden class of issue 18 and
// decoys.
func hiddenXlsx(t testing.TB) ([]byte, []unseentest.Want) {
	const F = "xlsx"
	W := func(class, marker string, label scrub.Label, gone bool) unseentest.Want {
		return unseentest.Want{Format: F, Class: class, Marker: marker, Label: label, Gone: gone}
	}
	wants := []unseentest.Want{
		W("hidden row", "XX-HIDDENROW", scrub.LabelHiddenRows, true),
		W("hidden column", "XX-HIDDENCOL", scrub.LabelHiddenRows, true),
		W("hidden sheet", "XX-HIDDENSHEET", scrub.LabelHiddenSheet, true),
		W("very hidden sheet", "XX-VERYHIDDEN", scrub.LabelHiddenSheet, true),
		W("hidden name", "SecretName", scrub.LabelHiddenObject, false),
		W("white text in a cell", "XX-WHITECELL", scrub.LabelInvisibleText, false),
		W("white text in a cell (theme colour)", "XX-THEMEWHITE", scrub.LabelInvisibleText, false),
		W("cell whose format shows nothing", "XX-EMPTYFMT", scrub.LabelInvisibleText, false),
		W("cell text under 2 points", "XX-TINYCELL", scrub.LabelInvisibleText, false),
		W("stale TODAY()", "2020-01-01", scrub.LabelStaleValue, false),
		W("values stored from a linked workbook", "XX-LINKED", scrub.LabelStaleValue, false),
		W("hidden shape in a drawing", "XX-HIDDENSHAPE", scrub.LabelHiddenObject, true),
		W("cropped picture", "image1.png", scrub.LabelCroppedPicture, true),
		unseentest.Decoy(F, "decoy: white text on a black fill", "XX-DECOY-WHITEONDARK"),
		unseentest.Decoy(F, "decoy: Excel's own hidden name", "_FilterDatabase"),
		unseentest.Decoy(F, "decoy: visible cells", "XX-VISIBLE"),
	}
	f := &fixture{}
	f.add("_rels/.rels", "", rels("rId1|"+relR+"officeDocument|xl/workbook.xml"))
	f.add("xl/workbook.xml", ctXL+"sheet.main+xml", xmlDecl+`<workbook `+xNS+`><sheets><sheet name="Data" sheetId="1" r:id="rId1"/>`+
		`<sheet name="Secret" sheetId="2" state="hidden" r:id="rId2"/><sheet name="Deep" sheetId="3" state="veryHidden" r:id="rId3"/></sheets>`+
		`<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Data!$A$1:$B$4</definedName><definedName name="SecretName" hidden="1">Secret!$A$1</definedName></definedNames>`+
		`<externalReferences><externalReference r:id="rId6"/></externalReferences></workbook>`)
	f.add("xl/_rels/workbook.xml.rels", "", rels("rId1|"+relR+"worksheet|worksheets/sheet1.xml", "rId2|"+relR+"worksheet|worksheets/sheet2.xml",
		"rId3|"+relR+"worksheet|worksheets/sheet3.xml", "rId4|"+relR+"styles|styles.xml", "rId5|"+relR+"sharedStrings|sharedStrings.xml",
		"rId6|"+relR+"externalLink|externalLinks/externalLink1.xml", "rId7|"+relR+"theme|theme/theme1.xml"))
	f.add("xl/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml", strings.Replace(themeXML, "PLANT-", "", -1))
	f.add("xl/sharedStrings.xml", ctXL+"sharedStrings+xml", xmlDecl+`<sst `+xNS+` count="5" uniqueCount="5"><si><t>XX-VISIBLE heading</t></si>`+
		`<si><t>XX-HIDDENROW</t></si><si><t>XX-WHITECELL secret</t></si><si><t>XX-DECOY-WHITEONDARK label</t></si><si><r><t>XX-HIDDENROW2</t></r></si></sst>`)
	f.add("xl/styles.xml", ctXL+"styles+xml", xmlDecl+`<styleSheet `+xNS+`><numFmts count="1"><numFmt numFmtId="164" formatCode=";;;"/></numFmts>`+
		`<fonts count="5"><font><sz val="11"/><color theme="1"/><name val="Calibri"/></font><font><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/></font>`+
		`<font><sz val="11"/><color theme="0"/><name val="Calibri"/></font><font><sz val="1"/><color theme="1"/><name val="Calibri"/></font><font><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/></font></fonts>`+
		`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FF000000"/><bgColor indexed="64"/></patternFill></fill></fills>`+
		`<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>`+
		`<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="0" fontId="1" fillId="0" applyFont="1"/><xf numFmtId="0" fontId="4" fillId="2" applyFont="1" applyFill="1"/>`+
		`<xf numFmtId="164" fontId="0" fillId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="3" fillId="0" applyFont="1"/><xf numFmtId="0" fontId="2" fillId="0" applyFont="1"/></cellXfs></styleSheet>`)
	cell := func(ref, attrs, inner string) string { return `<c r="` + ref + `"` + attrs + `>` + inner + `</c>` }
	is := func(s string) string { return `<is><t>` + s + `</t></is>` }
	f.add("xl/worksheets/sheet1.xml", ctXL+"worksheet+xml", xmlDecl+`<worksheet `+xNS+`><cols><col min="1" max="2" width="40" customWidth="1"/><col min="3" max="3" width="0" hidden="1" customWidth="1"/><col min="4" max="4" width="40" customWidth="1"/></cols><sheetData>`+
		`<row r="1">`+cell("A1", ` t="s"`, `<v>0</v>`)+cell("B1", ` s="1" t="s"`, `<v>2</v>`)+cell("C1", ` t="inlineStr"`, is("XX-HIDDENCOL"))+`</row>`+
		`<row r="2">`+cell("A2", ` s="2" t="s"`, `<v>3</v>`)+cell("B2", ` s="3" t="inlineStr"`, is("XX-EMPTYFMT secret"))+cell("D2", ` s="5" t="inlineStr"`, is("XX-THEMEWHITE secret"))+`</row>`+
		`<row r="3" hidden="1">`+cell("A3", ` t="s"`, `<v>1</v>`)+cell("B3", ` t="s"`, `<v>4</v>`)+`</row>`+
		`<row r="4">`+cell("A4", ` s="0"`, `<f>TODAY()</f><v>43831</v>`)+`</row>`+
		`<row r="5" hidden="1"/>`+
		`<row r="6">`+cell("A6", ` s="4" t="inlineStr"`, is("XX-TINYCELL secret"))+`</row>`+
		`</sheetData><drawing r:id="rId1"/></worksheet>`)
	f.add("xl/worksheets/_rels/sheet1.xml.rels", "", rels("rId1|"+relR+"drawing|../drawings/drawing1.xml"))
	f.add("xl/worksheets/sheet2.xml", ctXL+"worksheet+xml", xmlDecl+`<worksheet `+xNS+`><sheetData><row r="1">`+cell("A1", ` t="inlineStr"`, is("XX-HIDDENSHEET"))+`</row></sheetData></worksheet>`)
	f.add("xl/worksheets/sheet3.xml", ctXL+"worksheet+xml", xmlDecl+`<worksheet `+xNS+`><sheetData><row r="1">`+cell("A1", ` t="inlineStr"`, is("XX-VERYHIDDEN"))+`</row></sheetData></worksheet>`)
	xdr := `xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	anchor := func(inner string) string {
		return `<xdr:twoCellAnchor><xdr:from><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>10</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` + inner + `<xdr:clientData/></xdr:twoCellAnchor>`
	}
	f.add("xl/drawings/drawing1.xml", "application/vnd.openxmlformats-officedocument.drawing+xml", xmlDecl+`<xdr:wsDr `+xdr+`>`+
		anchor(`<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Picture 1"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/><a:srcRect l="30000" t="20000"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>`+
			`<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1905000" cy="952500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>`)+
		anchor(`<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="Note shape" hidden="1"/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>`+
			`<xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>XX-HIDDENSHAPE</a:t></a:r></a:p></xdr:txBody></xdr:sp>`)+`</xdr:wsDr>`)
	f.add("xl/drawings/_rels/drawing1.xml.rels", "", rels("rId1|"+relR+"image|../media/image1.png"))
	f.add("xl/media/image1.png", "", unseentest.Picture(t, 200, 100, 7, false))
	f.add("xl/externalLinks/externalLink1.xml", ctXL+"externalLink+xml", xmlDecl+`<externalLink `+xNS+`><externalBook r:id="rId1"><sheetNames><sheetName val="Other"/></sheetNames>`+
		`<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1" t="str"><v>XX-LINKED-STALE value</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>`)
	f.add("xl/externalLinks/_rels/externalLink1.xml.rels", "", rels("rId1|"+relR+"externalLinkPath|other.xlsx|External"))
	return f.bytes(t), wants
}

var hiddenFixtures = []struct {
	name string
	make func(testing.TB) ([]byte, []unseentest.Want)
}{{"hidden.docx", hiddenDocx}, {"hidden.pptx", hiddenPptx}, {"hidden.xlsx", hiddenXlsx}}

// TestHiddenPrecisionRecall inspects the fixtures and prints, per format
// and class, how many planted items were found and how many decoys were
// reported. It fails on any miss and any false alarm.
func TestHiddenPrecisionRecall(t *testing.T) {
	findings := map[string][]scrub.Finding{}
	var wants []unseentest.Want
	for _, fx := range hiddenFixtures {
		data, w := fx.make(t)
		fs := scrubtest.Inspect(t, all.Registry(), fx.name, data)
		findings[w[0].Format] = fs
		wants = append(wants, w...)
		for _, f := range fs {
			if f.Kind == scrub.KindHidden {
				t.Logf("%s: %s | %s | %s | %s%s", fx.name, f.Action, f.Where, f.Field, f.Value, map[bool]string{true: " (minor)"}[f.Minor])
			}
		}
	}
	unseentest.Check(t, findings, wants)
}

// hiddenPolicy removes what the reader cannot see, hidden rows, columns
// and sheets included.
var hiddenPolicy = scrub.Policy{RemoveHidden: true, RemoveHiddenSheets: true}

func engineCleanWith(t testing.TB, name string, data []byte, policy scrub.Policy) ([]byte, scrub.Result) {
	t.Helper()
	e := &scrub.Engine{Registry: all.Registry(), Policy: policy}
	out, r := e.CleanData(context.Background(), name, data)
	if r.Status != scrub.StatusCleaned {
		t.Fatalf("%s: %s: %s (%s)", name, r.Status, r.Error, r.Hint)
	}
	return out, r
}

// TestHiddenRemoved cleans the fixtures with the hidden-content policy
// through the engine (rules, re-inspection, residue check): what the
// policy removes is absent from every decompressed byte of the copy, the
// rest (fake redactions, reported items, decoys) is still there, the
// findings said which is which, the copy re-inspects with nothing to
// remove and cleans to the same bytes. Without the policy nothing hidden
// goes.
func TestHiddenRemoved(t *testing.T) {
	for _, fx := range hiddenFixtures {
		t.Run(fx.name, func(t *testing.T) {
			data, wants := fx.make(t)
			out, r := engineCleanWith(t, fx.name, data, hiddenPolicy)
			plain, _ := engineCleanWith(t, fx.name, data, scrub.Policy{})
			for _, w := range wants {
				if strings.HasPrefix(w.Marker, "image") || !scrubtest.Contains(data, w.Marker) {
					continue // pictures: TestHiddenCropPixels; values shown differently
				}
				if w.Gone {
					scrubtest.AssertAbsent(t, out, w.Marker)
				} else {
					scrubtest.AssertPresent(t, out, w.Marker)
				}
				scrubtest.AssertPresent(t, plain, w.Marker)
			}
			for _, w := range wants {
				if w.Label == "" {
					continue
				}
				want := scrub.Report
				if w.Gone {
					want = scrub.Remove
				}
				ok := false
				for _, f := range r.Findings {
					if f.Label == w.Label && (strings.Contains(f.Value, w.Marker) || strings.Contains(f.Field, w.Marker)) && f.Action == want {
						ok = true
					}
				}
				if !ok {
					t.Errorf("%s: no finding with action %s", w.Marker, want)
				}
			}
			if fs := inspectWith(t, fx.name, out, hiddenPolicy); scrub.Removable(fs) {
				t.Errorf("the cleaned copy still has findings to remove: %+v", fs)
			}
			again, _, err := clean(t, out, hiddenPolicy)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again, out) {
				t.Error("cleaning the cleaned copy again changed it")
			}
			checkStructure(t, data, out)
		})
	}
}

func inspectWith(t testing.TB, name string, data []byte, policy scrub.Policy) []scrub.Finding {
	t.Helper()
	env := scrub.NewEnv(all.Registry(), scrub.Limits{}, policy)
	fs, err := ooxml.New().Inspect(context.Background(), env, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("inspect %s: %v", name, err)
	}
	return fs
}

// blipRef is one picture fill of a package: its media part and crop.
type blipRef struct {
	part, media string
	crop        [4]float64 // l, t, r, b as fractions
}

var (
	blipRe    = regexp.MustCompile(`<a:blip r:embed="([^"]+)"[^>]*/>(<a:srcRect([^>]*)/>)?`)
	srcSideRe = regexp.MustCompile(`\b([ltrb])="(-?\d+)"`)
	relRe     = regexp.MustCompile(`<Relationship Id="([^"]+)" Type="[^"]*" Target="([^"]+)"`)
)

// blipRefs finds the picture fills of a package.
func blipRefs(t testing.TB, data []byte) []blipRef {
	_, m := members(t, data)
	var out []blipRef
	for name, b := range m {
		if !strings.HasSuffix(name, ".xml") || strings.Contains(name, "_rels/") {
			continue
		}
		dir, file := path.Split(name)
		rels := map[string]string{}
		for _, r := range relRe.FindAllStringSubmatch(string(m[dir+"_rels/"+file+".rels"]), -1) {
			rels[r[1]] = path.Join(dir, r[2])
		}
		for _, b := range blipRe.FindAllStringSubmatch(string(b), -1) {
			ref := blipRef{part: name, media: rels[b[1]]}
			for _, s := range srcSideRe.FindAllStringSubmatch(b[3], -1) {
				v, _ := strconv.Atoi(s[2])
				ref.crop[strings.Index("ltrb", s[1])] = float64(v) / 100000
			}
			out = append(out, ref)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].part+out[i].media < out[j].part+out[j].media })
	return out
}

// shown returns the pixels a fill shows of its picture.
func shown(t testing.TB, pic []byte, c [4]float64) (image.Image, imgcrop.Rect) {
	img, _, err := image.Decode(bytes.NewReader(pic))
	if err != nil {
		t.Fatalf("picture: %v", err)
	}
	b := img.Bounds()
	return img, imgcrop.Pixels(c[0], c[1], 1-c[2], 1-c[3], b.Dx(), b.Dy())
}

// TestHiddenCropPixels: each cropped picture is smaller after cleaning
// with the hidden-content policy, and each fill shows exactly the pixels
// it showed.
func TestHiddenCropPixels(t *testing.T) {
	for _, fx := range hiddenFixtures {
		t.Run(fx.name, func(t *testing.T) {
			data, _ := fx.make(t)
			out, _ := engineCleanWith(t, fx.name, data, hiddenPolicy)
			_, before := members(t, data)
			_, after := members(t, out)
			orig, cut := blipRefs(t, data), blipRefs(t, out)
			if len(orig) != len(cut) {
				t.Fatalf("%d picture fills before, %d after", len(orig), len(cut))
			}
			for i := range orig {
				o, c := orig[i], cut[i]
				oi, or := shown(t, before[o.media], o.crop)
				ci, cr := shown(t, after[c.media], c.crop)
				if o.crop != [4]float64{} {
					if len(after[c.media]) >= len(before[o.media]) || ci.Bounds() == oi.Bounds() {
						t.Errorf("%s: %s was not cut (%v -> %v)", o.part, o.media, oi.Bounds(), ci.Bounds())
					}
				}
				if or.Dx() != cr.Dx() || or.Dy() != cr.Dy() {
					t.Fatalf("%s: %s shows %v, was %v", o.part, o.media, cr, or)
				}
				for y := 0; y < or.Dy(); y++ {
					for x := 0; x < or.Dx(); x++ {
						a := color.RGBA64Model.Convert(oi.At(or.X0+x, or.Y0+y))
						b := color.RGBA64Model.Convert(ci.At(cr.X0+x, cr.Y0+y))
						if a != b {
							t.Fatalf("%s: %s: pixel %d,%d of what the fill shows differs", o.part, o.media, x, y)
						}
					}
				}
				t.Logf("%s: %s %v shown %v -> %v shown %v", o.part, o.media, oi.Bounds().Max, or, ci.Bounds().Max, cr)
			}
		})
	}
}

// TestHiddenCropPictures: with Policy.Pictures every cropped picture's
// finding carries the picture whole, as the document holds it (also when
// cleaning cuts it), and the part its fill shows; without, none.
func TestHiddenCropPictures(t *testing.T) {
	for _, fx := range hiddenFixtures {
		t.Run(fx.name, func(t *testing.T) {
			data, _ := fx.make(t)
			_, orig := members(t, data)
			crops := map[string][4]float64{}
			for _, ref := range blipRefs(t, data) {
				if ref.crop != [4]float64{} {
					c := ref.crop
					crops[ref.media] = [4]float64{c[0], c[1], 1 - c[2], 1 - c[3]}
				}
			}
			if len(crops) == 0 {
				t.Fatal("no cropped picture in the fixture")
			}
			run := func(p scrub.Policy, cleaning bool) []scrub.Finding {
				env := scrub.NewEnv(all.Registry(), scrub.Limits{}, p)
				var fs []scrub.Finding
				var err error
				if cleaning {
					fs, _, err = ooxml.New().(scrub.ReportingCleaner).CleanReport(context.Background(), env, bytes.NewReader(data), int64(len(data)), io.Discard)
				} else {
					fs, err = ooxml.New().Inspect(context.Background(), env, bytes.NewReader(data), int64(len(data)))
				}
				if err != nil {
					t.Fatal(err)
				}
				var out []scrub.Finding
				for _, f := range fs {
					if f.Label == scrub.LabelCroppedPicture {
						out = append(out, f)
					}
				}
				return out
			}
			for _, p := range []scrub.Policy{{Pictures: true}, {Pictures: true, RemoveHidden: true}} {
				for _, cleaning := range []bool{false, true} {
					fs := run(p, cleaning)
					if len(fs) != len(crops) {
						t.Errorf("policy %+v, clean %v: %d cropped-picture findings, %d crops", p, cleaning, len(fs), len(crops))
					}
					for _, f := range fs {
						media := strings.TrimSuffix(strings.TrimPrefix(f.Field, "cropped picture ("), ")")
						want, ok := crops[media]
						switch {
						case !ok:
							t.Errorf("%s: no such cropped picture", f.Field)
						case f.Picture == nil:
							t.Errorf("policy %+v, clean %v: %s carries no picture", p, cleaning, media)
						case !bytes.Equal(f.Picture.Data, orig[media]):
							t.Errorf("policy %+v, clean %v: %s: the picture is not the one the document holds", p, cleaning, media)
						default:
							for k := range want {
								if d := f.Picture.Shown[k] - want[k]; d > 1e-9 || d < -1e-9 {
									t.Errorf("policy %+v, clean %v: %s shows %v, want %v", p, cleaning, media, f.Picture.Shown, want)
									break
								}
							}
						}
					}
				}
			}
			for _, cleaning := range []bool{false, true} {
				for _, f := range run(hiddenPolicy, cleaning) {
					if f.Picture != nil {
						t.Errorf("clean %v: %s carries a picture without Policy.Pictures", cleaning, f.Field)
					}
				}
			}
		})
	}
}

// convert runs LibreOffice on files (in dir), writing target files to
// dir/out. It skips the test without LibreOffice or under -short.
func convert(t *testing.T, dir, target string, files ...string) {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if soffice, err = exec.LookPath("libreoffice"); err != nil {
			t.Skip("soffice is not installed")
		}
	}
	if testing.Short() {
		t.Skip("LibreOffice conversions are slow")
	}
	profile := filepath.Join(dir, "profile-"+strings.NewReplacer(":", "-", " ", "-", `"`, "").Replace(target))
	args := append([]string{"-env:UserInstallation=file://" + profile, "--headless", "--convert-to", target, "--outdir", filepath.Join(dir, "out")}, files...)
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
}

// words returns the words of a text, counted.
func words(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.Fields(s) {
		m[w]++
	}
	return m
}

// TestHiddenVisibleText: LibreOffice shows the same text for a fixture
// and its copy cleaned with the hidden-content policy, but the removed
// items (which it drew invisibly, or not at all). Word documents are
// compared as LibreOffice's text export, presentations and workbooks as
// the text of their PDF export (pdftotext).
func TestHiddenVisibleText(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	dir := t.TempDir()
	gone := map[string]bool{}
	var docs, pdfs []string
	for _, fx := range hiddenFixtures {
		data, wants := fx.make(t)
		for _, w := range wants {
			if w.Gone {
				gone[w.Marker] = true
			}
		}
		out, _ := engineCleanWith(t, fx.name, data, hiddenPolicy)
		base := strings.ReplaceAll(fx.name, ".", "-")
		ext := filepath.Ext(fx.name)
		for _, v := range []struct {
			name string
			data []byte
		}{{base + "-orig" + ext, data}, {base + "-clean" + ext, out}} {
			p := filepath.Join(dir, v.name)
			if err := os.WriteFile(p, v.data, 0o644); err != nil {
				t.Fatal(err)
			}
			if ext == ".docx" {
				docs = append(docs, p)
			} else {
				pdfs = append(pdfs, p)
			}
		}
	}
	convert(t, dir, "txt:Text (encoded):UTF8", docs...)
	convert(t, dir, "pdf", pdfs...)
	text := func(name string) string {
		p := filepath.Join(dir, "out", name)
		if strings.HasSuffix(name, ".pdf") {
			b, err := exec.Command("pdftotext", p, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext %s: %v", name, err)
			}
			return string(b)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, fx := range hiddenFixtures {
		base := strings.ReplaceAll(fx.name, ".", "-")
		ext := ".pdf"
		if strings.HasSuffix(fx.name, ".docx") {
			ext = ".txt"
		}
		before, after := words(text(base+"-orig"+ext)), words(text(base+"-clean"+ext))
		if len(before) < 5 {
			t.Fatalf("%s: LibreOffice shows almost nothing: %v", fx.name, before)
		}
		for w, n := range before {
			if after[w] != n && !gone[w] {
				t.Errorf("%s: LibreOffice shows %q %d times in the original, %d in the cleaned copy", fx.name, w, n, after[w])
			}
		}
		for w, n := range after {
			if before[w] != n {
				t.Errorf("%s: the cleaned copy shows %q %d times, the original %d", fx.name, w, n, before[w])
			}
		}
		var removed []string
		for w := range before {
			if gone[w] && after[w] == 0 {
				removed = append(removed, w)
			}
		}
		sort.Strings(removed)
		t.Logf("%s: LibreOffice shows the same text; removed (drawn invisibly before): %v", fx.name, removed)
	}
}

// cropShownRe is how a cropped picture's finding says what it shows.
var cropShownRe = regexp.MustCompile(`shows \d+% × \d+% of a \d+×\d+ picture`)

// TestHiddenLibreOfficeRoundTrip: the fixtures converted by LibreOffice
// to OpenDocument and back are still reported, by the ODF and the OOXML
// rules, with what real programs write. What LibreOffice changes is
// listed in lost: a black highlight of automatic colour becomes a
// character background that LibreOffice then draws as white text (not
// hidden any more), fields it updates or stores as plain text, and what
// OpenDocument has no place for. LibreOffice renames the pictures: a
// crop is known by what it shows of a picture of its size. It updates
// date fields and TODAY() to the day of the conversion: a stored date
// that is reported, as it should be.
func TestHiddenLibreOfficeRoundTrip(t *testing.T) {
	dir := t.TempDir()
	lost := map[string]string{
		"DX-HLAUTO":      "LibreOffice writes it as a character background with automatic colour, drawn white on black",
		"DX-HLSTYLE":     "the same, in a character style",
		"3 March 2019":   "LibreOffice updates the date field (to today's date, expected below)",
		"PX-SCALEDTINY":  "LibreOffice shrinks the text to fit when it draws it",
		"DX-STALEAUTHOR": "LibreOffice writes an author field, reported as such",
		"DX-OLDTITLE":    "LibreOffice updates the cross-reference",
		"3/4/2019":       "LibreOffice updates the date field (to today's date, expected below)",
		"PX-MASTERPH":    "a master's placeholders are not checked in OpenDocument",
		"SecretName":     "OpenDocument has no hidden names",
		"XX-LINKED":      "LibreOffice does not keep the linked values",
		"2020-01-01":     "LibreOffice recalculates TODAY() (to today's date, expected below)",
	}
	type conv struct{ there, back string }
	convs := map[string]conv{".docx": {"odt", "docx"}, ".pptx": {"odp", "pptx"}, ".xlsx": {"ods", "xlsx"}}
	// How each fixture's date field (or TODAY()) writes today's date.
	todayLayout := map[string]string{".docx": "2 January 2006", ".pptx": "01/02/2006", ".xlsx": "2006-01-02"}
	all := map[string][]unseentest.Want{}
	day := time.Now()
	for _, fx := range hiddenFixtures {
		data, wants := fx.make(t)
		p := filepath.Join(dir, fx.name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		// A picture's crop is known by what it shows.
		fs := scrubtest.Inspect(t, all2(), fx.name, data)
		for i, w := range wants {
			if w.Label != scrub.LabelCroppedPicture {
				continue
			}
			for _, f := range fs {
				if f.Label == w.Label && strings.Contains(f.Field, w.Marker) {
					if m := cropShownRe.FindString(f.Value); m != "" {
						wants[i].Marker = m
					}
				}
			}
			if wants[i].Marker == w.Marker {
				t.Fatalf("%s: no crop finding for %s", fx.name, w.Marker)
			}
		}
		all[fx.name] = wants
		c := convs[filepath.Ext(fx.name)]
		convert(t, dir, c.there, p)
	}
	for _, fx := range hiddenFixtures {
		c := convs[filepath.Ext(fx.name)]
		mid := filepath.Join(dir, "out", strings.TrimSuffix(fx.name, filepath.Ext(fx.name))+"."+c.there)
		back := filepath.Join(dir, "back")
		os.MkdirAll(back, 0o755)
		midCopy := filepath.Join(back, "rt-"+filepath.Base(mid))
		b, err := os.ReadFile(mid)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(midCopy, b, 0o644)
		convert(t, back, c.back, midCopy)
	}
	// The conversions' dates (two if they ran over midnight: then
	// either may be the one written).
	days := []time.Time{day, time.Now()}
	overMidnight := days[0].YearDay() != days[1].YearDay()
	if !overMidnight {
		days = days[:1]
	}
	for _, fx := range hiddenFixtures {
		c := convs[filepath.Ext(fx.name)]
		base := strings.TrimSuffix(fx.name, filepath.Ext(fx.name))
		for _, d := range days {
			all[fx.name] = append(all[fx.name], unseentest.Want{Class: "date updated by LibreOffice, stored", Marker: d.Format(todayLayout[filepath.Ext(fx.name)]),
				Label: scrub.LabelStaleValue, Optional: overMidnight})
		}
		for _, file := range []string{filepath.Join(dir, "out", base+"."+c.there), filepath.Join(dir, "back", "out", "rt-"+base+"."+c.back)} {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fs := scrubtest.Inspect(t, all2(), filepath.Base(file), data)
			var wants []unseentest.Want
			format := strings.TrimPrefix(filepath.Ext(file), ".")
			for _, w := range all[fx.name] {
				w.Format = format
				if _, ok := lost[w.Marker]; ok && w.Label != "" {
					w.Optional = true
				}
				wants = append(wants, w)
			}
			t.Run(filepath.Base(file), func(t *testing.T) {
				for _, f := range fs {
					if f.Kind == scrub.KindHidden {
						t.Logf("%s | %s | %s | %s", f.Action, f.Where, f.Field, f.Value)
					}
				}
				unseentest.Check(t, map[string][]scrub.Finding{format: fs}, wants)
			})
		}
	}
}

func all2() *scrub.Registry { return all.Registry() }
