package odf_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/internal/unseen/unseentest"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// Fixtures of issue 18 for what LibreOffice writes itself (the Office
// fixtures, converted by LibreOffice, are checked in the ooxml package):
// hidden rows, columns and sheets with what they hold, a hidden shape in
// a sheet and in text, a stored TODAY(), a cell whose format shows
// nothing, a dark box over text and beside it, cropped pictures.

// hiddenDecls adds LibreOffice's drawing namespace to the fixtures'.
const hiddenDecls = nsDecls + ` xmlns:drawooo="http://openoffice.org/2010/draw"`

func hiddenContent(body, autoStyles string) string {
	return xmlDecl + `<office:document-content ` + hiddenDecls + ` office:version="1.3"><office:automatic-styles>` + autoStyles +
		`</office:automatic-styles><office:body>` + body + `</office:body></office:document-content>`
}

// hiddenStyles is styles.xml with a page style (Letter, 1 inch margins),
// common styles and data styles.
func hiddenStyles(common, master string) string {
	return xmlDecl + `<office:document-styles ` + hiddenDecls + ` office:version="1.3"><office:styles>` + common + `</office:styles>` +
		`<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="8.5in" fo:page-height="11in" fo:margin-left="1in" fo:margin-right="1in" fo:margin-top="1in" fo:margin-bottom="1in"/></style:page-layout></office:automatic-styles>` +
		`<office:master-styles><style:master-page style:name="` + master + `" style:page-layout-name="pm1"/></office:master-styles></office:document-styles>`
}

func cell(attrs, text string) string {
	return `<table:table-cell office:value-type="string"` + attrs + `><text:p>` + text + `</text:p></table:table-cell>`
}

// hiddenODS is a workbook as LibreOffice writes one.
func hiddenODS(t testing.TB) ([]byte, []unseentest.Want) {
	const F = "ods"
	W := func(class, marker string, label scrub.Label) unseentest.Want {
		return unseentest.Want{Format: F, Class: class, Marker: marker, Label: label}
	}
	wants := []unseentest.Want{
		W("hidden row", "OS-HIDDENROW2", scrub.LabelHiddenRows),
		W("row hidden by a filter", "OS-FILTERED", scrub.LabelHiddenRows),
		W("hidden column", "OS-HIDDENCOL", scrub.LabelHiddenRows),
		W("hidden sheet", "OS-HIDDENSHEET", scrub.LabelHiddenSheet),
		W("hidden shape", "OS-HIDDENSHAPE", scrub.LabelHiddenObject),
		W("cell whose format shows nothing", "OS-EMPTYFMT", scrub.LabelInvisibleText),
		W("stored TODAY()", "2020-01-01", scrub.LabelStaleValue),
		unseentest.Decoy(F, "decoy: visible cells", "OS-VISIBLE"),
		unseentest.Decoy(F, "decoy: a format that shows the text", "OS-DECOY-FORMATTED"),
		unseentest.Decoy(F, "decoy: a formula of other cells", "OS-DECOY-FORMULA"),
		unseentest.Decoy(F, "decoy: a shape shown", "OS-DECOY-SHAPE"),
	}
	styles := `<number:text-style style:name="N99"><number:text/><style:map style:condition="value()&gt;0" style:apply-style-name="N99P0"/><style:map style:condition="value()&lt;0" style:apply-style-name="N99P1"/><style:map style:condition="value()=0" style:apply-style-name="N99P2"/></number:text-style>` +
		`<number:number-style style:name="N99P0"><number:text/></number:number-style><number:number-style style:name="N99P1"><number:text/></number:number-style><number:number-style style:name="N99P2"><number:text/></number:number-style>` +
		`<number:text-style style:name="N98"><number:text>Note: </number:text><number:text-content/></number:text-style>` +
		`<number:date-style style:name="N97"><number:month/><number:text>/</number:text><number:day/><number:text>/</number:text><number:year/></number:date-style>` +
		`<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>` +
		`<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>` +
		`<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N99"/>` +
		`<style:style style:name="ce2" style:family="table-cell" style:data-style-name="N98"/>` +
		`<style:style style:name="ce3" style:family="table-cell" style:data-style-name="N97"/>`
	body := `<office:spreadsheet><table:table table:name="Data" table:style-name="ta1">` +
		`<table:shapes><draw:custom-shape draw:name="Note shape" drawooo:display="none" svg:x="3in" svg:y="0in" svg:width="1in" svg:height="1in"><text:p>OS-HIDDENSHAPE note</text:p></draw:custom-shape>` +
		`<draw:custom-shape draw:name="Label" svg:x="5in" svg:y="0in" svg:width="1in" svg:height="1in"><text:p>OS-DECOY-SHAPE label</text:p></draw:custom-shape></table:shapes>` +
		`<table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/><table:table-column table:number-columns-repeated="1021"/>` +
		`<table:table-row>` + cell("", "OS-VISIBLE heading") + `<table:table-cell/>` + cell("", "OS-HIDDENCOL") + `<table:table-cell table:number-columns-repeated="1021"/></table:table-row>` +
		`<table:table-row table:visibility="collapse">` + cell("", "OS-HIDDENROW") + cell("", "OS-HIDDENROW2") + `</table:table-row>` +
		`<table:table-row table:visibility="filter">` + cell("", "OS-FILTERED") + `</table:table-row>` +
		`<table:table-row><table:table-cell table:style-name="ce1" office:value-type="string" office:string-value="OS-EMPTYFMT secret"><text:p/></table:table-cell>` +
		cell(` table:style-name="ce2"`, "Note: OS-DECOY-FORMATTED") + `</table:table-row>` +
		`<table:table-row><table:table-cell table:style-name="ce3" table:formula="of:=TODAY()" office:value-type="date" office:date-value="2020-01-01"><text:p>01/01/2020</text:p></table:table-cell>` +
		`<table:table-cell table:formula="of:=[.A1]" office:value-type="string" office:string-value="OS-DECOY-FORMULA"><text:p>OS-DECOY-FORMULA</text:p></table:table-cell></table:table-row>` +
		`<table:table-row table:visibility="collapse" table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>` +
		`</table:table><table:table table:name="Secret" table:style-name="ta2"><table:table-column/><table:table-row>` + cell("", "OS-HIDDENSHEET") + `</table:table-row></table:table></office:spreadsheet>`
	return document(t, mimeCalc, []member{
		{name: "content.xml", data: hiddenContent(body, styles)},
		{name: "styles.xml", data: hiddenStyles("", "Default")},
	}), wants
}

// cropPNG is the odt's picture: 192×96 pixels, 2 × 1 inches at the 96
// pixels an inch LibreOffice takes when a picture says none. Its crop,
// rect(0.1in, 0.5in, 0in, 0.2in), shows 0.1–0.75 of its width and
// 0.1–1 of its height.
var odtShown = [4]float64{0.1, 0.1, 0.75, 1}

// odpShown: the odp's JPEG, 320×240, cropped by rect(0.5in, 0in, 0.25in,
// 1in).
var odpShown = [4]float64{0.3, 0.2, 1, 0.9}

// hiddenODT is a text document as LibreOffice writes one.
func hiddenODT(t testing.TB) ([]byte, []unseentest.Want) {
	const F = "odt"
	wants := []unseentest.Want{
		{Format: F, Class: "dark box over the paragraph", Marker: "OT-BOXED", Label: scrub.LabelCoveredText},
		{Format: F, Class: "hidden shape", Marker: "OT-HIDDENSHAPE", Label: scrub.LabelHiddenObject},
		{Format: F, Class: "cropped picture", Marker: "Pictures/crop.png", Label: scrub.LabelCroppedPicture},
		unseentest.Decoy(F, "decoy: box beside the text", "OT-DECOY-MARGIN"),
		unseentest.Decoy(F, "decoy: box in the right margin", "OT-DECOY-ENDMARGIN"),
		unseentest.Decoy(F, "decoy: table cells", "OT-DECOY-CELL"),
	}
	gr := func(name, rel string) string {
		return `<style:style style:name="` + name + `" style:family="graphic"><style:graphic-properties draw:stroke="none" draw:fill="solid" draw:fill-color="#000000" style:run-through="foreground" style:wrap="run-through" style:horizontal-pos="from-left" style:horizontal-rel="` + rel + `" style:vertical-pos="from-top" style:vertical-rel="paragraph"/></style:style>`
	}
	styles := gr("gr1", "paragraph") + gr("gr2", "page-end-margin") +
		`<style:style style:name="gr3" style:family="graphic"><style:graphic-properties draw:fill="none" style:run-through="foreground" style:wrap="run-through"/></style:style>` +
		`<style:style style:name="fr1" style:family="graphic"><style:graphic-properties fo:clip="rect(0.1in, 0.5in, 0in, 0.2in)"/></style:style>`
	box := func(style, x, text string) string {
		return `<text:p text:style-name="Standard"><draw:custom-shape text:anchor-type="char" draw:name="Box" draw:style-name="` + style + `" svg:width="2in" svg:height="0.25in" svg:x="` + x + `" svg:y="0in"><text:p/></draw:custom-shape>` + text + `</text:p>`
	}
	body := `<office:text>` + box("gr1", "0in", "OT-BOXED secret words under the box") +
		box("gr1", "6.8in", "OT-DECOY-MARGIN text beside a mark") +
		strings.Replace(box("gr2", "0.1in", "OT-DECOY-ENDMARGIN text beside a mark"), `svg:width="2in"`, `svg:width="0.5in"`, 1) +
		`<text:p text:style-name="Standard"><draw:custom-shape text:anchor-type="paragraph" draw:name="Hidden one" draw:style-name="gr3" drawooo:display="none" svg:width="2in" svg:height="1in" svg:x="3in" svg:y="0in"><text:p>OT-HIDDENSHAPE note</text:p></draw:custom-shape>OT-VISIBLE host</text:p>` +
		`<table:table table:name="Table1"><table:table-column/><table:table-row>` + cell("", "OT-DECOY-CELL") + `</table:table-row></table:table>` +
		`<text:p text:style-name="Standard"><draw:frame draw:style-name="fr1" draw:name="Picture 1" text:anchor-type="as-char" svg:width="1.3in" svg:height="0.9in"><draw:image xlink:href="Pictures/crop.png" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>` +
		`</office:text>`
	return document(t, mimeText, []member{
		{name: "content.xml", data: hiddenContent(body, styles)},
		{name: "styles.xml", data: hiddenStyles(`<style:style style:name="Standard" style:family="paragraph"/>`, "Standard")},
		{name: "Pictures/crop.png", data: string(unseentest.Picture(t, 192, 96, 11, false))},
	}), wants
}

// hiddenODP is a presentation with a cropped picture.
func hiddenODP(t testing.TB) ([]byte, []unseentest.Want) {
	const F = "odp"
	wants := []unseentest.Want{
		{Format: F, Class: "cropped picture", Marker: "Pictures/crop.jpg", Label: scrub.LabelCroppedPicture},
		{Format: F, Class: "hidden shape", Marker: "OP-HIDDEN", Label: scrub.LabelHiddenObject},
		{Format: F, Class: "hidden shape on the master page", Marker: "OP-MASTERHIDDEN", Label: scrub.LabelHiddenObject},
		unseentest.Decoy(F, "decoy: shape on the slide", "OP-VISIBLE"),
		unseentest.Decoy(F, "decoy: shape on the master page", "OP-MASTERSHOWN"),
	}
	masterShapes := `<draw:custom-shape draw:name="Layout note" drawooo:display="none" svg:x="1in" svg:y="1in" svg:width="3in" svg:height="1in"><text:p>OP-MASTERHIDDEN note</text:p></draw:custom-shape>` +
		`<draw:custom-shape draw:name="Logo" svg:x="8in" svg:y="6in" svg:width="1in" svg:height="1in"><text:p>OP-MASTERSHOWN</text:p></draw:custom-shape>`
	pageStyles := strings.Replace(hiddenStyles("", "Default"), `fo:page-width="8.5in" fo:page-height="11in"`, `fo:page-width="10in" fo:page-height="7.5in"`, 1)
	pageStyles = strings.Replace(pageStyles, `style:page-layout-name="pm1"/>`, `style:page-layout-name="pm1">`+masterShapes+`</style:master-page>`, 1)
	styles := `<style:style style:name="gr1" style:family="graphic"><style:graphic-properties fo:clip="rect(0.5in, 0in, 0.25in, 1in)"/></style:style>`
	body := `<office:presentation><draw:page draw:name="page1" draw:master-page-name="Default">` +
		`<draw:frame draw:style-name="gr1" draw:name="Picture 1" svg:x="1in" svg:y="1in" svg:width="2.3in" svg:height="1.75in"><draw:image xlink:href="Pictures/crop.jpg"/></draw:frame>` +
		`<draw:custom-shape draw:name="Hidden" drawooo:display="none" svg:x="1in" svg:y="4in" svg:width="3in" svg:height="1in"><text:p>OP-HIDDEN note</text:p></draw:custom-shape>` +
		`<draw:custom-shape draw:name="Shown" svg:x="5in" svg:y="4in" svg:width="3in" svg:height="1in"><text:p>OP-VISIBLE title</text:p></draw:custom-shape>` +
		`</draw:page></office:presentation>`
	return document(t, mimeImpr, []member{
		{name: "content.xml", data: hiddenContent(body, styles)},
		{name: "styles.xml", data: pageStyles},
		{name: "Pictures/crop.jpg", data: string(unseentest.Picture(t, 320, 240, 11, true))},
	}), wants
}

var hiddenFixtures = []struct {
	name string
	make func(testing.TB) ([]byte, []unseentest.Want)
}{{"hidden.ods", hiddenODS}, {"hidden.odt", hiddenODT}, {"hidden.odp", hiddenODP}}

// TestHiddenPrecisionRecall inspects the fixtures and prints, per format
// and class, how many planted items were found and how many decoys were
// reported. It fails on any miss and any false alarm.
func TestHiddenPrecisionRecall(t *testing.T) {
	findings := map[string][]scrub.Finding{}
	var wants []unseentest.Want
	for _, fx := range hiddenFixtures {
		data, w := fx.make(t)
		fs := scrubtest.Inspect(t, registry(), fx.name, data)
		findings[w[0].Format] = fs
		wants = append(wants, w...)
		for _, f := range fs {
			if f.Kind == scrub.KindHidden {
				t.Logf("%s: %s | %s | %s | %s", fx.name, f.Action, f.Where, f.Field, f.Value)
			}
		}
	}
	unseentest.Check(t, findings, wants)
}

// TestHiddenQuotes: hidden rows, columns and sheets say where and what
// they hold, as the xlsx findings do.
func TestHiddenQuotes(t *testing.T) {
	data, _ := hiddenODS(t)
	fs := scrubtest.Inspect(t, registry(), "hidden.ods", data)
	want := map[string]string{
		"hidden rows":             "rows 2: A2: “OS-HIDDENROW”; B2: “OS-HIDDENROW2”",
		"rows hidden by a filter": "rows 3: A3: “OS-FILTERED”",
		"hidden columns":          "columns C: C1: “OS-HIDDENCOL”",
		"hidden sheet":            "“Secret” holds A1: “OS-HIDDENSHEET”",
		"stored field result":     "A5: =TODAY() shows “2020-01-01” as stored",
	}
	for field, v := range want {
		ok := false
		for _, f := range fs {
			if f.Field == field && strings.HasPrefix(f.Value, v) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("no finding %q: %q", field, v)
		}
	}
}

// cropFindings inspects (or cleans, with clean) a document and returns
// its cropped-picture findings.
func cropFindings(t *testing.T, name string, data []byte, policy scrub.Policy, clean bool) []scrub.Finding {
	t.Helper()
	reg := registry()
	h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), name)
	if err != nil {
		t.Fatal(err)
	}
	env := scrub.NewEnv(reg, scrub.Limits{}, policy)
	var fs []scrub.Finding
	if clean {
		fs, _, err = h.(scrub.ReportingCleaner).CleanReport(context.Background(), env, bytes.NewReader(data), int64(len(data)), io.Discard)
	} else {
		fs, err = h.Inspect(context.Background(), env, bytes.NewReader(data), int64(len(data)))
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

func zipMember(t *testing.T, data []byte, name string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCropPictures: with Policy.Pictures a cropped picture's finding
// carries the picture whole, as the document holds it (also when
// cleaning cuts it), and the part its crop shows; without, none.
func TestCropPictures(t *testing.T) {
	for _, c := range []struct {
		name   string
		make   func(testing.TB) ([]byte, []unseentest.Want)
		member string
		shown  [4]float64
	}{{"hidden.odt", hiddenODT, "Pictures/crop.png", odtShown}, {"hidden.odp", hiddenODP, "Pictures/crop.jpg", odpShown}} {
		t.Run(c.name, func(t *testing.T) {
			data, _ := c.make(t)
			orig := zipMember(t, data, c.member)
			for _, p := range []scrub.Policy{{Pictures: true}, {Pictures: true, RemoveHidden: true}} {
				for _, clean := range []bool{false, true} {
					fs := cropFindings(t, c.name, data, p, clean)
					if len(fs) != 1 {
						t.Fatalf("%d cropped-picture findings, want 1: %+v", len(fs), fs)
					}
					pic := fs[0].Picture
					if pic == nil {
						t.Fatalf("policy %+v, clean %v: no picture", p, clean)
					}
					if !bytes.Equal(pic.Data, orig) {
						t.Errorf("policy %+v, clean %v: the picture is not %s as the document holds it", p, clean, c.member)
					}
					for k := range pic.Shown {
						if math.Abs(pic.Shown[k]-c.shown[k]) > 1e-6 {
							t.Errorf("policy %+v, clean %v: shown %v, want %v", p, clean, pic.Shown, c.shown)
							break
						}
					}
				}
			}
			for _, clean := range []bool{false, true} {
				for _, f := range cropFindings(t, c.name, data, scrub.Policy{RemoveHidden: true}, clean) {
					if f.Picture != nil {
						t.Errorf("clean %v: a picture without Policy.Pictures", clean)
					}
				}
			}
		})
	}
}
