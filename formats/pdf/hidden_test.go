package pdf_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/pdf"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// The hidden-content fixtures: one page per case, each planting one hidden
// item (with a unique word) or one decoy that must not be reported.

// want is a finding a case expects: its label, and a word of its value
// ("" for findings whose value is generic, such as a picture's).
type want struct {
	label scrub.Label
	word  string
	where string // "" for the case's page
}

type hiddenCase struct {
	name    string
	wants   []want // none: a decoy
	content string
	form    string // content of form /Fm1 (its matrix in formMatrix)
	formMat string
	image   bool     // /Im1: an 8×8 grey picture
	pixels  string   // its pixels, if not grey (64 bytes)
	specks  bool     // removing it may change a few pixels (text under 2 points shows as a speck)
	annots  []string // annotation dictionaries
	// gone: words cleaning with Policy.RemoveHidden removes; kept: words
	// it keeps.
	gone, kept []string
}

func text(x, y, size float64, s string) string {
	return fmt.Sprintf("BT /F1 %g Tf %g %g Td (%s) Tj ET\n", size, x, y, s)
}

// box is a black box over the line at y = 700 from x = 195 to 335.
const box = "0 g 195 695 140 16 re f\n"

var hiddenCases = []hiddenCase{
	{name: "box over text", wants: []want{{scrub.LabelCoveredText, "CVBLACK", ""}},
		content: text(72, 700, 12, "Visible lead") + text(200, 700, 12, "CVBLACK Alice Smith") + box,
		kept:    []string{"CVBLACK", "Visible lead"}},
	{name: "grey closed path over text (LibreOffice shape)", wants: []want{{scrub.LabelCoveredText, "CVPOLY", ""}},
		content: text(200, 700, 12, "CVPOLY Amy Stone") + "0.5 g 195 695 m 335 695 l 335 711 l 195 711 l 195 695 l h f*\n",
		kept:    []string{"CVPOLY"}},
	{name: "white box over text (whiteout)", wants: []want{{scrub.LabelCoveredText, "CVWHITE", ""}},
		content: text(200, 700, 12, "CVWHITE Ann Vale") + "1 g 195 695 140 16 re f\n"},
	{name: "one box over two lines", wants: []want{{scrub.LabelCoveredText, "CVMULTIONE Abe CVMULTITWO Ada", ""}},
		content: text(200, 700, 12, "CVMULTIONE Abe") + text(200, 686, 12, "CVMULTITWO Ada") + "0 g 195 682 140 29 re f\n"},
	{name: "black highlight (box first, text of its colour)", wants: []want{{scrub.LabelCoveredText, "HLBLACK", ""}},
		content: box + text(200, 700, 12, "HLBLACK Bob Jones"), kept: []string{"HLBLACK"}},
	{name: "thick marker line over text", wants: []want{{scrub.LabelCoveredText, "CVSTROKE", ""}},
		content: text(200, 700, 12, "CVSTROKE Bea Hart") + "0 G 12 w 195 704 m 335 704 l S\n"},
	{name: "box over text drawn by a form", wants: []want{{scrub.LabelCoveredText, "CVFORM", ""}},
		content: "/Fm1 Do\n" + box, form: text(100, 700, 12, "CVFORM Carol King"), formMat: "[1 0 0 1 100 0]"},
	{name: "box over text sized by its matrix (Distiller)", wants: []want{{scrub.LabelCoveredText, "CVTMSIZE", ""}},
		content: "BT /F1 1 Tf 12 0 0 12 200 700 Tm (CVTMSIZE Dan Brown) Tj ET\n" + box},
	{name: "CMYK black box", wants: []want{{scrub.LabelCoveredText, "CVCMYK", ""}},
		content: text(200, 700, 12, "CVCMYK Dee Fox") + "0 0 0 1 k 195 695 140 16 re f\n"},
	{name: "box over text in a CID font", wants: []want{{scrub.LabelCoveredText, "CVCID", ""}},
		content: fmt.Sprintf("BT /F2 12 Tf 200 700 Td <%s> Tj ET\n", cid("CVCID Ed Hill")) + box},
	{name: "dark box over a picture", wants: []want{{scrub.LabelCoveredText, "", ""}},
		content: "q 100 0 0 100 200 500 cm /Im1 Do Q\n0 g 230 530 40 20 re f\n", image: true},
	{name: "redaction marked, never applied", wants: []want{{scrub.LabelCoveredText, "RDANNOT", ""}},
		content: text(200, 700, 12, "RDANNOT Eve Black"),
		annots:  []string{"<</Type /Annot /Subtype /Redact /Rect [195 695 335 711] /QuadPoints [195 711 335 711 195 695 335 695] /IC [0 0 0] /DA (/Helv 0 Tf 0 g)>>"}},
	{name: "square comment annotation with a black interior", wants: []want{{scrub.LabelCoveredText, "SQANNOT", ""}},
		content: text(200, 700, 12, "SQANNOT Fay Green"),
		annots:  []string{"<</Type /Annot /Subtype /Square /Rect [195 695 335 711] /IC [0 0 0] /C [0 0 0]>>"}},
	{name: "bookmark repeating a covered word", wants: []want{{scrub.LabelCoveredText, "Bmrepeatword", ""}, {scrub.LabelCoveredText, "Bmrepeatword", "document"}},
		content: text(72, 720, 12, "Chapter") + text(200, 700, 12, "Bmrepeatword Gil") + box},
	{name: "invisible text (render mode 3)", wants: []want{{scrub.LabelInvisibleText, "INVISTXT", ""}},
		content: text(72, 720, 12, "Shown words") + "BT 3 Tr /F1 12 Tf 72 700 Td (INVISTXT Gus Hall) Tj ET\n",
		gone:    []string{"INVISTXT"}, kept: []string{"Shown words"}},
	{name: "white text on a white page", wants: []want{{scrub.LabelInvisibleText, "WHITETXT", ""}},
		content: text(72, 720, 12, "Shown words") + "BT 1 g /F1 12 Tf 72 650 Td (WHITETXT Hank Moss) Tj ET\n",
		gone:    []string{"WHITETXT"}},
	{name: "white text shown by the ' operator", wants: []want{{scrub.LabelInvisibleText, "WHITEQUOTE", ""}},
		content: "BT /F1 12 Tf 14 TL 72 700 Td (Line one) Tj 1 g (WHITEQUOTE Nat) ' 0 g (Line three) ' ET\n",
		gone:    []string{"WHITEQUOTE"}, kept: []string{"Line one", "Line three"}},
	{name: "text under 2 points", wants: []want{{scrub.LabelInvisibleText, "TINYTXT", ""}},
		content: text(72, 720, 12, "Shown words") + text(72, 600, 1, "TINYTXT Ivy Lane"), gone: []string{"TINYTXT"}, specks: true},
	{name: "text outside the page", wants: []want{{scrub.LabelOffPage, "OFFPAGE", ""}},
		content: text(72, 720, 12, "Shown words") + text(-500, 700, 12, "OFFPAGE Jack Ray"), gone: []string{"OFFPAGE"}},
	{name: "text pushed off the page inside a TJ", wants: []want{{scrub.LabelOffPage, "OFFPARTTXT", ""}},
		content: "BT /F1 12 Tf 72 700 Td [(VISIBLEPART) 100000 (OFFPARTTXT) -100000] TJ (AFTERPART) Tj ET\n",
		gone:    []string{"OFFPARTTXT"}, kept: []string{"VISIBLEPART", "AFTERPART"}},
	{name: "text clipped out of sight", wants: []want{{scrub.LabelHiddenText, "CLIPPED", ""}},
		content: text(72, 720, 12, "Shown words") + "q 0 0 100 100 re W n " + text(300, 700, 12, "CLIPPED Kim Low") + "Q\n",
		gone:    []string{"CLIPPED"}},
	{name: "text in a layer that is off", wants: []want{{scrub.LabelHiddenText, "LAYEROFF", ""}},
		content: text(72, 720, 12, "Shown words") + "/OC /OC1 BDC " + text(72, 700, 12, "LAYEROFF Lee Moe") + "EMC\n",
		kept:    []string{"LAYEROFF"}},
	{name: "text behind a picture", wants: []want{{scrub.LabelHiddenText, "BEHINDPIC", ""}},
		content: text(200, 700, 12, "BEHINDPIC Max Orr") + "q 150 0 0 30 195 690 cm /Im1 Do Q\n", image: true},

	{name: "picture outside the page", wants: []want{{scrub.LabelOffPage, "outside the page", ""}},
		content: text(72, 720, 12, "Shown words") + "q 100 0 0 100 700 300 cm /Im1 Do Q\n", image: true,
		pixels: "OFFPAGEPIXDATA", gone: []string{"OFFPAGEPIXDATA"}},
	{name: "picture clipped out of sight", wants: []want{{scrub.LabelOffPage, "clipped out of sight", ""}},
		content: text(72, 720, 12, "Shown words") + "q 0 0 50 50 re W n 100 0 0 100 300 300 cm /Im1 Do Q\n", image: true,
		pixels: "SIGHTLESSPIXDATA", gone: []string{"SIGHTLESSPIXDATA"}},

	{name: "picture outside the page and shown on it", wants: []want{{scrub.LabelOffPage, "outside the page", ""}},
		content: "q 100 0 0 100 700 300 cm /Im1 Do Q q 100 0 0 100 100 300 cm /Im1 Do Q\n", image: true,
		pixels: "SHOWNPIXDATA", kept: []string{"SHOWNPIXDATA"}},

	{name: "caption under a light callout box", wants: []want{{scrub.LabelHiddenText, "CALLOUTCAP", ""}},
		content: text(200, 700, 12, "CALLOUTCAP Menu") + "0.9 g 150 660 400 80 re f 0 g\n" + text(160, 720, 12, "Callout text"),
		kept:    []string{"CALLOUTCAP"}},
	{name: "big black box over a few words", wants: []want{{scrub.LabelCoveredText, "CVBIGBOX", ""}},
		content: text(200, 700, 12, "CVBIGBOX Ann") + "0 g 150 600 400 200 re f\n", kept: []string{"CVBIGBOX"}},

	{name: "black text on a black page", wants: []want{{scrub.LabelInvisibleText, "DARKPAGETXT", ""}},
		content: "0 g 0 0 612 792 re f " + text(72, 700, 12, "DARKPAGETXT Pat Roe"), gone: []string{"DARKPAGETXT"}},

	// Decoys.
	{name: "decoy: black box over nothing", content: text(72, 700, 12, "DECOYNOTHING visible") + "0 g 300 300 100 20 re f\n",
		kept: []string{"DECOYNOTHING"}},
	{name: "decoy: black text", content: text(72, 700, 12, "DECOYBLACK plain text")},
	{name: "decoy: table cells and rules", content: "0.9 g 70 690 200 20 re f 70 670 200 20 re f\n" +
		"0 g " + text(72, 695, 12, "DECOYCELL one") + text(72, 675, 12, "DECOYCELL two") +
		"0 G 0.5 w 70 690 m 270 690 l S 70 670 200 40 re S\n"},
	{name: "decoy: white box over a white page", content: text(72, 700, 12, "DECOYWHITEBOX text") + "1 g 300 300 100 100 re f\n"},
	{name: "decoy: highlight annotation", content: text(72, 700, 12, "DECOYHILITE marked"),
		annots: []string{"<</Type /Annot /Subtype /Highlight /Rect [70 695 220 711] /QuadPoints [70 711 220 711 70 695 220 695] /C [1 1 0] /CA 1>>"}},
	{name: "decoy: scanned page with its text layer", content: "q /Fm1 Do Q q 612 0 0 792 0 0 cm /Im1 Do Q\n",
		form: "BT 3 Tr /F1 12 Tf 72 700 Td (DECOYOCR scanned words) Tj ET\n", formMat: "[1 0 0 1 0 0]", image: true,
		kept: []string{"DECOYOCR"}},
	{name: "decoy: white text on a dark band", content: "0 0 0.5 rg 0 680 612 40 re f\n" + "BT 1 g /F1 12 Tf 72 695 Td (DECOYBAND white on navy) Tj ET\n"},
	{name: "decoy: table header, white on black", content: "0 g 70 690 200 20 re f\n" + "BT 1 g /F1 12 Tf 72 695 Td (DECOYHEADER white) Tj ET\n"},
	{name: "decoy: see-through box", content: text(200, 700, 12, "DECOYALPHA text") + "/GSa gs " + box},
	{name: "decoy: highlighter box (Multiply)", content: text(200, 700, 12, "DECOYMULT text") + "/GSm gs 1 1 0 rg 195 695 140 16 re f\n"},
	{name: "decoy: light watermark", content: text(72, 700, 12, "Body") + "BT 0.85 g /F1 60 Tf 100 400 Td (DECOYWATERMARK) Tj ET\n"},
	{name: "decoy: box over half the line", content: text(200, 700, 12, "DECOYHALF text") + "0 g 195 704 140 12 re f\n"},
	{name: "decoy: box over the word REDACTED", content: text(200, 700, 12, "REDACTED") + box},
	{name: "decoy: box over XXXXXXXX", content: text(200, 700, 12, "XXXXXXXX") + box},
	{name: "decoy: superscript", content: text(72, 700, 12, "Body") + text(110, 706, 6, "DECOYSUP")},
	{name: "decoy: underline", content: text(72, 700, 12, "DECOYUNDER text") + "0 G 1 w 72 698 m 300 698 l S\n"},
	{name: "decoy: picture partly off the page (a bleed)", content: text(72, 700, 12, "Body") + "q 200 0 0 100 500 600 cm /Im1 Do Q\n", image: true},
	{name: "decoy: banner with a caption over a picture", content: "q 200 0 0 100 200 500 cm /Im1 Do Q\n0 g 210 510 180 20 re f\n" +
		"BT 1 g /F1 12 Tf 215 515 Td (DECOYBANNER caption) Tj ET\n", image: true},
}

// cid encodes s in the fixture's two-byte CID font.
func cid(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, "%04X", r)
	}
	return b.String()
}

// hiddenPDF builds the fixture: page i+1 holds case i.
func hiddenPDF(t testing.TB, cases []hiddenCase) []byte {
	b := newBuilder("1.7")
	var kids []string
	for i := range cases {
		kids = append(kids, fmt.Sprintf("%d 0 R", 100*(i+1)))
	}
	outline := ""
	for i, c := range cases {
		if strings.HasPrefix(c.name, "bookmark") {
			b.obj(9, `<</Type /Outlines /First 10 0 R /Last 10 0 R /Count 1>>`)
			b.obj(10, fmt.Sprintf(`<</Title (About Bmrepeatword plans) /Parent 9 0 R /Dest [%d 0 R /Fit]>>`, 100*(i+1)))
			outline = " /Outlines 9 0 R"
		}
	}
	b.obj(1, `<</Type /Catalog /Pages 2 0 R`+outline+` /OCProperties <</OCGs [8 0 R] /D <</OFF [8 0 R]>>>>>>`)
	b.obj(2, fmt.Sprintf(`<</Type /Pages /Kids [%s] /Count %d>>`, strings.Join(kids, " "), len(cases)))
	b.obj(3, `<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /FontDescriptor 4 0 R`+widths+`>>`)
	b.obj(4, `<</Type /FontDescriptor /FontName /Helvetica /Flags 32 /FontBBox [-166 -225 1000 931] /ItalicAngle 0
 /Ascent 718 /Descent -207 /CapHeight 718 /StemV 88>>`)
	b.obj(5, `<</Type /Font /Subtype /Type0 /BaseFont /CIDFixture /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R>>`)
	b.obj(6, `<</Type /Font /Subtype /CIDFontType2 /BaseFont /CIDFixture /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>>
 /FontDescriptor 4 0 R /DW 600>>`)
	b.stream(7, "", []byte("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n"+
		"1 beginbfrange <0020> <007E> <0020> endbfrange\nendcmap CMapName currentdict /CMap defineresource pop end end\n"))
	b.obj(8, `<</Type /OCG /Name (Hidden layer)>>`)
	for i, c := range cases {
		base := 100 * (i + 1)
		xobj := ""
		if c.form != "" {
			b.flate(base+2, fmt.Sprintf("/Type /XObject /Subtype /Form /BBox [-1000 -1000 2000 2000] /Matrix %s /Resources <</Font <</F1 3 0 R>>>>", c.formMat), []byte(c.form))
			xobj += fmt.Sprintf(" /Fm1 %d 0 R", base+2)
		}
		if c.image {
			pix := bytes.Repeat([]byte{0x80, 0x40}, 32)
			if c.pixels != "" {
				pix = []byte(fmt.Sprintf("%-64s", c.pixels))[:64]
			}
			b.stream(base+3, "/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8", pix)
			xobj += fmt.Sprintf(" /Im1 %d 0 R", base+3)
		}
		if xobj != "" {
			xobj = " /XObject <<" + xobj + ">>"
		}
		var annots []string
		for k, a := range c.annots {
			b.obj(base+10+k, a)
			annots = append(annots, fmt.Sprintf("%d 0 R", base+10+k))
		}
		annot := ""
		if len(annots) > 0 {
			annot = " /Annots [" + strings.Join(annots, " ") + "]"
		}
		b.obj(base, fmt.Sprintf(`<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R%s
 /Resources <</Font <</F1 3 0 R /F2 5 0 R>>%s /Properties <</OC1 8 0 R>> /ExtGState <</GSa <</ca 0.3>> /GSm <</BM /Multiply>>>>>>>>`,
			base+1, annot, xobj))
		b.flate(base+1, "", []byte(c.content))
	}
	b.xref("/Root 1 0 R", 100*(len(cases)+1))
	return b.bytes()
}

var hiddenLabels = map[scrub.Label]bool{scrub.LabelCoveredText: true, scrub.LabelInvisibleText: true,
	scrub.LabelOffPage: true, scrub.LabelHiddenText: true}

// hiddenFindings returns the hidden-content findings of data under policy.
func hiddenFindings(t testing.TB, data []byte, policy scrub.Policy) []scrub.Finding {
	t.Helper()
	env := scrub.NewEnv(registry(), scrub.Limits{}, policy)
	fs, err := pdf.New().Inspect(context.Background(), env, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []scrub.Finding
	for _, f := range fs {
		if hiddenLabels[f.Label] && f.Field != "hidden-content check" {
			out = append(out, f)
		}
	}
	return out
}

// TestHiddenPrecisionRecall plants every class of hidden content and the
// decoys, one per page, and prints what was reported: every planted item
// must be reported (recall), nothing else (precision).
func TestHiddenPrecisionRecall(t *testing.T) {
	data := hiddenPDF(t, hiddenCases)
	fs := hiddenFindings(t, data, scrub.Policy{})
	used := make([]bool, len(fs))
	var tp, fn, fp, decoys, cleanDecoys int
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-52s %-8s %-6s %s\n", "case", "planted", "found", "reported as")
	for i, c := range hiddenCases {
		page := fmt.Sprintf("page %d", i+1)
		var got []string
		found := 0
		for _, w := range c.wants {
			where := page
			if w.where != "" {
				where = w.where
			}
			hit := false
			for k, f := range fs {
				if !used[k] && f.Where == where && f.Label == w.label && strings.Contains(f.Value, w.word) {
					used[k], hit = true, true
					got = append(got, string(f.Label))
					break
				}
			}
			if hit {
				found++
				tp++
			} else {
				fn++
				t.Errorf("%s: %s %q not reported", c.name, w.label, w.word)
			}
		}
		// Anything else reported on the page is a false report.
		for k, f := range fs {
			if !used[k] && f.Where == page {
				used[k] = true
				fp++
				got = append(got, "FALSE "+string(f.Label)+": "+f.Value)
				t.Errorf("%s: reported %s %q %q", c.name, f.Label, f.Field, f.Value)
			}
		}
		if len(c.wants) == 0 {
			decoys++
			if len(got) == 0 {
				cleanDecoys++
			}
		}
		fmt.Fprintf(&table, "%-52s %-8d %-6d %s\n", c.name, len(c.wants), found, strings.Join(got, "; "))
	}
	for k, f := range fs {
		if !used[k] {
			fp++
			t.Errorf("reported elsewhere: %s %s %q %q", f.Where, f.Label, f.Field, f.Value)
		}
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(tp) / float64(max(tp+fn, 1))
	fmt.Fprintf(&table, "planted items %d, reported %d, missed %d, false reports %d (%d of %d decoys clean): precision %.2f, recall %.2f\n",
		tp+fn, tp, fn, fp, cleanDecoys, decoys, precision, recall)
	t.Log(table.String())
}

// TestFakeRedactionIsSerious checks that a fake redaction makes the file
// one that must not be sent as it is, even though cleaning keeps it.
func TestFakeRedactionIsSerious(t *testing.T) {
	data := hiddenPDF(t, hiddenCases[:1])
	fs := scrubtest.Inspect(t, registry(), "redacted.pdf", data)
	serious := 0
	for _, f := range fs {
		if scrub.Serious(f) {
			serious++
			if f.Action != scrub.Report || !strings.Contains(f.Value, "real redaction tool") || !strings.Contains(f.Value, "CVBLACK Alice Smith") {
				t.Errorf("fake redaction finding: %+v", f)
			}
		}
	}
	if serious != 1 {
		t.Errorf("%d serious findings, want 1", serious)
	}
	clean, _ := scrubtest.Clean(t, registry(), "redacted.pdf", data, scrub.Policy{RemoveHidden: true})
	if !scrub.Blocking(scrubtest.Inspect(t, registry(), "clean.pdf", clean)) {
		t.Error("the cleaned copy still has the fake redaction: it must still block a send")
	}
}

// TestRemoveHidden cleans the fixture with Policy.RemoveHidden: what the
// reader cannot see goes from every decoded byte, everything else stays,
// and every page renders exactly as before.
func TestRemoveHidden(t *testing.T) {
	data := hiddenPDF(t, hiddenCases)
	var gone, kept []string
	for _, c := range hiddenCases {
		gone = append(gone, c.gone...)
		kept = append(kept, c.kept...)
	}
	if missing := missingValues(t, data, append(append([]string{}, gone...), kept...)); len(missing) > 0 {
		t.Fatalf("the fixture does not carry %q", missing)
	}
	policy := scrub.Policy{RemoveHidden: true}
	clean, _ := scrubtest.Clean(t, registry(), "hidden.pdf", data, policy)
	for _, v := range residue(t, clean, gone) {
		t.Errorf("cleaned output still holds hidden %q", v)
	}
	if missing := missingValues(t, clean, kept); len(missing) > 0 {
		t.Errorf("cleaned output lost %q", missing)
	}
	// Inspect and CleanReport agree under the policy, the removed items
	// were Remove findings, and the cleaned copy has none left.
	before := hiddenFindings(t, data, policy)
	removed := 0
	for _, f := range before {
		if f.Action == scrub.Remove {
			removed++
		}
	}
	if removed < len(gone)-1 {
		t.Errorf("%d hidden findings are removed, want one per removed class (%d words)", removed, len(gone))
	}
	env := scrub.NewEnv(registry(), scrub.Limits{}, policy)
	var buf bytes.Buffer
	rc := pdf.New().(scrub.ReportingCleaner)
	fs, _, err := rc.CleanReport(context.Background(), env, bytes.NewReader(data), int64(len(data)), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), clean) {
		t.Error("CleanReport writes other bytes than Clean")
	}
	env = scrub.NewEnv(registry(), scrub.Limits{}, policy)
	inspected, err := pdf.New().Inspect(context.Background(), env, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fs, inspected) {
		t.Error("CleanReport's findings differ from Inspect's under RemoveHidden")
	}
	for _, f := range hiddenFindings(t, clean, policy) {
		if f.Action == scrub.Remove {
			t.Errorf("the cleaned copy still has %s %q", f.Field, f.Value)
		}
	}
	again, _ := scrubtest.Clean(t, registry(), "clean.pdf", clean, policy)
	if !bytes.Equal(again, clean) {
		t.Error("cleaning twice is not idempotent")
	}
	validate(t, data, clean, len(hiddenCases))
	samePixels(t, data, clean, func(page int) (string, bool) { return hiddenCases[page].name, hiddenCases[page].specks })
}

// samePixels renders both files with poppler and compares every page;
// page says what a page (from 0) shows, and whether a few pixels of it
// may change (text under 2 points shows as specks).
func samePixels(t *testing.T, a, b []byte, page func(int) (string, bool)) {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm is not installed")
	}
	dir := t.TempDir()
	render := func(name string, data []byte) []string {
		in := filepath.Join(dir, name+".pdf")
		if err := os.WriteFile(in, data, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftoppm", "-r", "72", "-gray", in, filepath.Join(dir, name)).CombinedOutput()
		if err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		files, _ := filepath.Glob(filepath.Join(dir, name+"-*.pgm"))
		sort.Strings(files)
		return files
	}
	ra, rb := render("before", a), render("after", b)
	if len(ra) != len(rb) || len(ra) == 0 {
		t.Fatalf("rendered %d and %d pages", len(ra), len(rb))
	}
	for i := range ra {
		pa, _ := os.ReadFile(ra[i])
		pb, _ := os.ReadFile(rb[i])
		if len(pa) != len(pb) {
			t.Errorf("page %d renders at another size after cleaning", i+1)
			continue
		}
		diff := 0
		for k := range pa {
			if pa[k] != pb[k] {
				diff++
			}
		}
		name, specks := page(i)
		switch {
		case diff == 0:
		case specks && diff < 40:
			t.Logf("page %d (%s): %d pixels of specks went", i+1, name, diff)
		default:
			t.Errorf("page %d (%s) looks different after cleaning (%d pixels)", i+1, name, diff)
		}
	}
}

// redactMark is a black Redact annotation over the line at y = 700 from
// x = 195 to 335, never applied.
const redactMark = "<</Type /Annot /Subtype /Redact /Rect [195 695 335 711] /QuadPoints [195 711 335 711 195 695 335 695] /IC [0 0 0] /DA (/Helv 0 Tf 0 g)>>"

// TestRedactions checks the three answers to a redaction mark never
// applied: report it (check fails), remove the mark (the text stays), or
// apply it (the text under it goes, the area is painted black) — and a
// mark that cannot be applied safely refuses the file with a reason.
func TestRedactions(t *testing.T) {
	safe := []hiddenCase{{name: "mark over text",
		content: text(72, 700, 12, "Kept before") + text(200, 700, 12, "RDSECRET Zoe Quinn") + text(72, 650, 12, "Kept after"),
		annots:  []string{redactMark}}}
	data := hiddenPDF(t, safe)
	reg := registry()

	// Report: serious, kept.
	fs := hiddenFindings(t, data, scrub.Policy{})
	if len(fs) != 1 || fs[0].Label != scrub.LabelCoveredText || fs[0].Action != scrub.Report || !strings.Contains(fs[0].Value, "RDSECRET Zoe Quinn") {
		t.Errorf("report: %+v", fs)
	}

	// Remove: the mark goes, the text stays.
	policy := scrub.Policy{Redactions: scrub.RedactRemove}
	fs = hiddenFindings(t, data, policy)
	if len(fs) != 1 || fs[0].Action != scrub.Remove {
		t.Errorf("remove: %+v", fs)
	}
	clean, _ := scrubtest.Clean(t, reg, "marked.pdf", data, policy)
	if bytes.Contains(clean, []byte("/Redact")) || len(missingValues(t, clean, []string{"RDSECRET Zoe Quinn"})) > 0 {
		t.Error("remove: the mark stayed, or the text went")
	}
	if fs := hiddenFindings(t, clean, policy); len(fs) != 0 {
		t.Errorf("remove: the cleaned copy still reports %+v", fs)
	}

	// Apply: the text under the mark goes from every decoded byte, the
	// rest stays, the area is black.
	policy = scrub.Policy{Redactions: scrub.RedactApply}
	fs = hiddenFindings(t, data, policy)
	if len(fs) != 1 || fs[0].Action != scrub.Remove || !strings.Contains(fs[0].Value, "applied") {
		t.Errorf("apply: %+v", fs)
	}
	clean, _ = scrubtest.Clean(t, reg, "marked.pdf", data, policy)
	for _, v := range residue(t, clean, []string{"RDSECRET", "Zoe Quinn"}) {
		t.Errorf("apply: the cleaned copy still holds %q", v)
	}
	if missing := missingValues(t, clean, []string{"Kept before", "Kept after"}); len(missing) > 0 {
		t.Errorf("apply: lost %q", missing)
	}
	if bytes.Contains(clean, []byte("/Redact")) {
		t.Error("apply: the mark stayed")
	}
	if fs := hiddenFindings(t, clean, policy); len(fs) != 0 {
		t.Errorf("apply: the cleaned copy still reports %+v", fs)
	}
	if again, _ := scrubtest.Clean(t, reg, "clean.pdf", clean, policy); !bytes.Equal(again, clean) {
		t.Error("apply: cleaning twice is not idempotent")
	}
	validate(t, data, clean, 1)
	if got := pdftotext(t, clean); got != "" && (strings.Contains(got, "RDSECRET") || !strings.Contains(got, "Kept before")) {
		t.Errorf("apply: poppler extracts %q", got)
	}
	if pix := pixelAt(t, clean, 265, 703); pix >= 0 && pix > 40 {
		t.Errorf("apply: the redacted area is not black (grey %d)", pix)
	}

	// Marks that cannot be applied safely: the file is refused, and
	// Inspect says why.
	for _, c := range []struct {
		name, why string
		cases     []hiddenCase
	}{
		{"over a picture", "picture", []hiddenCase{{name: "mark over a picture", image: true,
			content: "q 140 0 0 16 195 695 cm /Im1 Do Q\n", annots: []string{redactMark}}}},
		{"over a form's text", "form", []hiddenCase{{name: "mark over a form", content: "/Fm1 Do\n",
			form: text(100, 700, 12, "RDFORM text"), formMat: "[1 0 0 1 100 0]", annots: []string{redactMark}}}},
		{"repeated by a bookmark", "bookmark", []hiddenCase{{name: "bookmark repeating the marked words",
			content: text(200, 700, 12, "Bmrepeatword Gil"), annots: []string{redactMark}}}},
	} {
		data := hiddenPDF(t, c.cases)
		fs := hiddenFindings(t, data, policy)
		unsafe := false
		for _, f := range fs {
			if strings.Contains(f.Value, "cannot apply it safely") && strings.Contains(f.Value, c.why) && f.Action == scrub.Report {
				unsafe = true
			}
		}
		if !unsafe {
			t.Errorf("%s: inspect does not say why it cannot apply it: %+v", c.name, fs)
		}
		env := scrub.NewEnv(reg, scrub.Limits{}, policy)
		_, err := pdf.New().Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), &bytes.Buffer{})
		if !errors.Is(err, scrub.ErrUnsupported) || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%s: clean gave %v, want a refusal naming the %s", c.name, err, c.why)
		} else {
			t.Logf("%s: refused: %v [hint: %s]", c.name, err, scrub.HintFor(err))
		}
	}
}

// pixelAt renders the first page and returns the grey level at (x, y) in
// points, or -1 if poppler is not installed.
func pixelAt(t *testing.T, data []byte, x, y int) int {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		return -1
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "p.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftoppm", "-r", "72", "-gray", "-f", "1", "-l", "1", in, filepath.Join(dir, "p")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "p-*.pgm"))
	if len(files) == 0 {
		t.Fatal("pdftoppm wrote nothing")
	}
	img, _ := os.ReadFile(files[0])
	// P5 header: "P5", width, height, maximum, one white-space byte.
	fields := bytes.Fields(img[:min(len(img), 32)])
	if len(fields) < 4 || string(fields[0]) != "P5" {
		t.Fatal("poppler wrote no PGM")
	}
	w, _ := strconv.Atoi(string(fields[1]))
	h, _ := strconv.Atoi(string(fields[2]))
	n := bytes.Index(img, fields[3]) + len(fields[3]) + 1
	row := h - 1 - y
	if row < 0 || row >= h || x < 0 || x >= w || n+row*w+x >= len(img) {
		t.Fatalf("bad render %dx%d", w, h)
	}
	return int(img[n+row*w+x])
}
