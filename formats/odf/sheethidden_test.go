package odf_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// Policy.RemoveHiddenSheets for spreadsheets: the cells of hidden sheets,
// rows and columns are emptied, the grid stays, and what the reader sees
// does not change.

// Planted in hidden cells: gone with the policy, there without it.
var sheetHiddenPlants = []string{"SH-HIDDENCOL-E", "SH-HIDDENROW-A3", "SH-FORMULA-SECRET", "SH-FORMULA-CACHED",
	"2019-09-09", "SH-FILTERED-A4", "SH-REPEATEDROW", "SH-HIDDENSHEET", "PT13H37M00S", "SH-SHEETFORMULA"}

// Shown: there before and after, with the policy or not.
var sheetShown = []string{"SH-VISIBLE-A1", "SH-RUN3", "SH-RUN2", "SH-RUN2B", "SH-MERGED", "SH-VISIBLE-D5",
	"SH-VISIBLE-F1", "SH-VISIBLE-A2", "SH-VISIBLE-OTHER", "SH-SHAPE-IN-HIDDEN"}

func sheetHiddenStyles() string {
	return `<style:style style:name="co1" style:family="table-column"><style:table-column-properties style:column-width="0.889in"/></style:style>` +
		`<style:style style:name="ro1" style:family="table-row"><style:table-row-properties style:row-height="0.178in"/></style:style>` +
		`<style:style style:name="ta1" style:family="table" style:master-page-name="Default"><style:table-properties table:display="true"/></style:style>` +
		`<style:style style:name="ta2" style:family="table" style:master-page-name="Default"><style:table-properties table:display="false"/></style:style>` +
		`<style:style style:name="ce1" style:family="table-cell"><style:table-cell-properties fo:background-color="#ffff00"/></style:style>`
}

// sheetHiddenBody: columns C and E of "Data" are hidden, rows 3 and 6–8
// too, row 4 by a filter; "Secret" is a hidden sheet. Repeated cells run
// over B–D (shown, hidden, shown), C–D and E–F (hidden, shown).
func sheetHiddenBody() string {
	s := func(attrs, text string) string {
		return `<table:table-cell office:value-type="string" calcext:value-type="string"` + attrs + `><text:p>` + text + `</text:p></table:table-cell>`
	}
	return `<office:spreadsheet>` +
		`<table:table table:name="Data" table:style-name="ta1">` +
		`<table:table-column table:style-name="co1" table:number-columns-repeated="2" table:default-cell-style-name="Default"/>` +
		`<table:table-column table:style-name="co1" table:visibility="collapse" table:default-cell-style-name="Default"/>` +
		`<table:table-column table:style-name="co1" table:default-cell-style-name="Default"/>` +
		`<table:table-column table:style-name="co1" table:visibility="collapse" table:default-cell-style-name="Default"/>` +
		`<table:table-column table:style-name="co1" table:number-columns-repeated="1019" table:default-cell-style-name="Default"/>` +
		// 1
		`<table:table-row table:style-name="ro1">` + s("", "SH-VISIBLE-A1") + s(` table:number-columns-repeated="3"`, "SH-RUN3") +
		s(` table:style-name="ce1"`, "SH-HIDDENCOL-E") + s("", "SH-VISIBLE-F1") + `<table:table-cell table:number-columns-repeated="1018"/></table:table-row>` +
		// 2
		`<table:table-row table:style-name="ro1">` + s("", "SH-VISIBLE-A2") + `<table:table-cell/>` +
		`<table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="42.5" calcext:value-type="float"><text:p>SH-RUN2</text:p></table:table-cell>` +
		s(` table:number-columns-repeated="2"`, "SH-RUN2B") + `<table:table-cell table:number-columns-repeated="1018"/></table:table-row>` +
		// 3: hidden
		`<table:table-row table:style-name="ro1" table:visibility="collapse">` +
		`<table:table-cell office:value-type="string" calcext:value-type="string"><office:annotation><dc:creator>Someone</dc:creator><text:p>SH-ROWCOMMENT</text:p></office:annotation><text:p>SH-HIDDENROW-A3</text:p></table:table-cell>` +
		`<table:table-cell table:formula="of:=&quot;SH-FORMULA-SECRET&quot;&amp;[.A1]" office:value-type="string" office:string-value="SH-FORMULA-CACHED" calcext:value-type="string"><text:p>SH-FORMULA-CACHED</text:p></table:table-cell>` +
		`<table:table-cell office:value-type="date" office:date-value="2019-09-09" calcext:value-type="date"><text:p>09/09/19</text:p>` +
		`<draw:rect table:end-cell-address="Data.D4" table:end-x="0.1in" table:end-y="0.1in" draw:z-index="0" draw:name="Shape in a hidden cell" svg:width="0.5in" svg:height="0.3in" svg:x="0.1in" svg:y="0.02in"><text:p>SH-SHAPE-IN-HIDDEN</text:p></draw:rect></table:table-cell>` +
		`<table:table-cell table:number-columns-repeated="1021"/></table:table-row>` +
		// 4: filtered
		`<table:table-row table:style-name="ro1" table:visibility="filter">` + s("", "SH-FILTERED-A4") + `<table:table-cell table:number-columns-repeated="1023"/></table:table-row>` +
		// 5
		`<table:table-row table:style-name="ro1"><table:table-cell table:formula="of:=3+4" office:value-type="float" office:value="7" calcext:value-type="float"><text:p>7</text:p></table:table-cell>` +
		s(` table:number-columns-spanned="2" table:number-rows-spanned="1"`, "SH-MERGED") + `<table:covered-table-cell/>` +
		s("", "SH-VISIBLE-D5") + `<table:table-cell table:style-name="ce1"/><table:table-cell table:number-columns-repeated="1019"/></table:table-row>` +
		// 6–8: hidden
		`<table:table-row table:style-name="ro1" table:visibility="collapse" table:number-rows-repeated="3">` + s("", "SH-REPEATEDROW") + `<table:table-cell table:number-columns-repeated="1023"/></table:table-row>` +
		// 9
		`<table:table-row table:style-name="ro1"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>` +
		`</table:table>` +
		`<table:table table:name="Secret" table:style-name="ta2"><table:table-column table:style-name="co1" table:number-columns-repeated="3"/>` +
		`<table:table-row table:style-name="ro1">` + s("", "SH-HIDDENSHEET") +
		`<table:table-cell office:value-type="boolean" office:boolean-value="true" calcext:value-type="boolean"><text:p>TRUE</text:p></table:table-cell>` +
		`<table:table-cell office:value-type="time" office:time-value="PT13H37M00S" calcext:value-type="time"><text:p>01:37:00 PM</text:p></table:table-cell></table:table-row>` +
		`<table:table-row table:style-name="ro1"><table:table-cell table:formula="of:=LEN(&quot;SH-SHEETFORMULA&quot;)" office:value-type="float" office:value="15" calcext:value-type="float"><text:p>15</text:p></table:table-cell>` +
		`<table:table-cell table:number-columns-repeated="2"/></table:table-row>` +
		`</table:table>` +
		`<table:table table:name="Other" table:style-name="ta1"><table:table-column table:style-name="co1"/><table:table-row table:style-name="ro1">` + s("", "SH-VISIBLE-OTHER") + `</table:table-row></table:table>` +
		`</office:spreadsheet>`
}

const calcExtDecl = ` xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"`

func sheetHiddenODS(t testing.TB) []byte {
	c := xmlDecl + `<office:document-content ` + nsDecls + calcExtDecl + ` office:version="1.3"><office:automatic-styles>` + sheetHiddenStyles() +
		`</office:automatic-styles><office:body>` + sheetHiddenBody() + `</office:body></office:document-content>`
	return document(t, mimeCalc, []member{{name: "content.xml", data: c}, {name: "styles.xml", data: hiddenStyles("", "Default")}})
}

func sheetHiddenFODS() []byte {
	return []byte(xmlDecl + `<office:document ` + nsDecls + calcExtDecl + ` office:version="1.3" office:mimetype="` + mimeCalc + `">` +
		`<office:automatic-styles>` + sheetHiddenStyles() + `<style:page-layout style:name="pm1"/></office:automatic-styles>` +
		`<office:master-styles><style:master-page style:name="Default" style:page-layout-name="pm1"/></office:master-styles>` +
		`<office:body>` + sheetHiddenBody() + `</office:body></office:document>`)
}

// gridCell is what a cell holds: its text, value attributes and formula.
type gridCell struct{ text, value, formula string }

func (c gridCell) empty() bool { return c == gridCell{} }

// grid is a sheet read back by position, independently of the handler.
type grid struct {
	name       string
	hidden     bool
	hiddenCols map[int]bool
	hiddenRows map[int]bool
	cells      map[[2]int]gridCell // row, column (1-based)
	covered    map[[2]int]bool
	merged     map[[2]int]int // merged cells: the columns they span
}

// maxGrid bounds the positions read (the fixtures' trailing repeats are
// empty).
const maxGrid = 64

// readGrids reads the sheets of content.xml or a flat document.
func readGrids(t *testing.T, data []byte) []*grid {
	t.Helper()
	const (
		nsT = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
		nsO = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
		nsS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
	)
	get := func(se xml.StartElement, space, local string) string {
		for _, a := range se.Attr {
			if a.Name.Space == space && a.Name.Local == local {
				return a.Value
			}
		}
		return ""
	}
	rep := func(se xml.StartElement, local string) int {
		n, err := strconv.Atoi(get(se, nsT, local))
		if err != nil || n < 1 {
			return 1
		}
		return n
	}
	hiddenStyle := map[string]bool{}
	var (
		grids     []*grid
		g         *grid
		style     string
		row, col  int
		rowRep    int
		rowHidden bool
		cur       *gridCell
		curPos    [2]int
		curRep    int
		anno      int // inside a comment
		shape     int // inside a drawing (anchored to the cell, not its content)
		text      strings.Builder
	)
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch {
			case e.Name.Space == nsS && e.Name.Local == "style":
				style = get(e, nsS, "name")
			case e.Name.Space == nsS && e.Name.Local == "table-properties":
				if get(e, nsT, "display") == "false" {
					hiddenStyle[style] = true
				}
			case e.Name.Space == nsT && e.Name.Local == "table":
				g = &grid{name: get(e, nsT, "name"), hidden: hiddenStyle[get(e, nsT, "style-name")], hiddenCols: map[int]bool{},
					hiddenRows: map[int]bool{}, cells: map[[2]int]gridCell{}, covered: map[[2]int]bool{}, merged: map[[2]int]int{}}
				grids = append(grids, g)
				row, col = 0, 0
			case e.Name.Space == nsT && e.Name.Local == "table-column":
				n := rep(e, "number-columns-repeated")
				for k := 0; k < n && col < maxGrid; k++ {
					col++
					if v := get(e, nsT, "visibility"); v == "collapse" || v == "filter" {
						g.hiddenCols[col] = true
					}
				}
			case e.Name.Space == nsT && e.Name.Local == "table-row":
				row++
				col = 0
				rowRep = rep(e, "number-rows-repeated")
				v := get(e, nsT, "visibility")
				rowHidden = v == "collapse" || v == "filter"
			case e.Name.Space == nsT && (e.Name.Local == "table-cell" || e.Name.Local == "covered-table-cell"):
				curPos = [2]int{row, col + 1}
				curRep = rep(e, "number-columns-repeated")
				col += curRep
				cur = &gridCell{formula: get(e, nsT, "formula")}
				for _, a := range e.Attr {
					if a.Name.Space == nsO && (strings.HasSuffix(a.Name.Local, "value") || a.Name.Local == "value-type") {
						cur.value += a.Name.Local + "=" + a.Value + ";"
					}
				}
				if cs := rep(e, "number-columns-spanned"); cs > 1 {
					for r := 0; r < rowRep && curPos[0]+r <= maxGrid; r++ {
						g.merged[[2]int{curPos[0] + r, curPos[1]}] = cs
					}
				}
				if e.Name.Local == "covered-table-cell" {
					for k := 0; k < curRep && curPos[1]+k <= maxGrid; k++ {
						g.covered[[2]int{row, curPos[1] + k}] = true
					}
				}
				text.Reset()
			case e.Name.Space == nsO && e.Name.Local == "annotation":
				anno++
			case e.Name.Space == "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" && cur != nil:
				shape++
			}
		case xml.CharData:
			if cur != nil && anno == 0 && shape == 0 {
				text.Write(e)
			}
		case xml.EndElement:
			switch {
			case e.Name.Space == nsO && e.Name.Local == "annotation":
				anno--
			case e.Name.Space == "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" && cur != nil:
				shape--
			case e.Name.Space == nsT && (e.Name.Local == "table-cell" || e.Name.Local == "covered-table-cell"):
				cur.text = strings.TrimSpace(text.String())
				for r := 0; r < rowRep && curPos[0]+r <= maxGrid; r++ {
					for k := 0; k < curRep && curPos[1]+k <= maxGrid; k++ {
						g.cells[[2]int{curPos[0] + r, curPos[1] + k}] = *cur
					}
				}
				cur = nil
			case e.Name.Space == nsT && e.Name.Local == "table-row":
				for r := 0; r < rowRep && row+r <= maxGrid; r++ {
					if rowHidden {
						g.hiddenRows[row+r] = true
					}
				}
				row += rowRep - 1
			}
		}
	}
	return grids
}

func ref(pos [2]int) string { return string(rune('A'+pos[1]-1)) + strconv.Itoa(pos[0]) }

// contentOf returns what holds the cells: content.xml, or the flat
// document.
func contentOf(t *testing.T, name string, data []byte) []byte {
	if strings.HasSuffix(name, ".fods") {
		return data
	}
	return zipMember(t, data, "content.xml")
}

// checkGrids: every cell the reader sees is as it was; every hidden one
// (that no merged cell shows) is empty.
func checkGrids(t *testing.T, before, after []*grid) {
	t.Helper()
	if len(before) != len(after) {
		t.Fatalf("%d sheets, want %d", len(after), len(before))
	}
	for i, b := range before {
		a := after[i]
		if a.name != b.name || a.hidden != b.hidden || fmt.Sprint(a.hiddenCols) != fmt.Sprint(b.hiddenCols) || fmt.Sprint(a.hiddenRows) != fmt.Sprint(b.hiddenRows) {
			t.Errorf("sheet %q: the grid changed", b.name)
		}
		for r := 1; r <= maxGrid; r++ {
			for c := 1; c <= maxGrid; c++ {
				pos := [2]int{r, c}
				hidden := b.hidden || b.hiddenRows[r] || b.hiddenCols[c]
				if cs := b.merged[pos]; cs > 1 && !b.hidden && !b.hiddenRows[r] {
					// A merged cell is hidden when all it spans is.
					for k := c; k < c+cs; k++ {
						hidden = hidden && b.hiddenCols[k]
					}
				}
				if b.covered[pos] != a.covered[pos] {
					t.Errorf("%s.%s: covered %v, was %v", b.name, ref(pos), a.covered[pos], b.covered[pos])
				}
				switch {
				case !hidden && a.cells[pos] != b.cells[pos]:
					t.Errorf("%s.%s, shown: %+v, was %+v", b.name, ref(pos), a.cells[pos], b.cells[pos])
				case hidden && !a.cells[pos].empty():
					t.Errorf("%s.%s, hidden: still holds %+v", b.name, ref(pos), a.cells[pos])
				}
			}
		}
	}
}

func sheetHiddenFixtures(t *testing.T) map[string][]byte {
	return map[string][]byte{"hidden-cells.ods": sheetHiddenODS(t), "hidden-cells.fods": sheetHiddenFODS()}
}

// TestRemoveHiddenSheets: with the policy the values planted in hidden
// cells are in no decompressed byte of the output, the shown cells are as
// they were, the cleaned copy cleans to the same bytes, and the engine's
// verification passes; without it everything stays.
func TestRemoveHiddenSheets(t *testing.T) {
	reg := registry()
	for name, data := range sheetHiddenFixtures(t) {
		t.Run(name, func(t *testing.T) {
			scrubtest.AssertPresent(t, data, sheetHiddenPlants...)
			scrubtest.AssertPresent(t, data, sheetShown...)
			before := readGrids(t, contentOf(t, name, data))
			if g := before[0]; g.cells[[2]int{1, 3}].text != "SH-RUN3" || g.cells[[2]int{2, 5}].text != "SH-RUN2B" {
				t.Fatalf("the fixture's runs are not where the test expects them: %+v", g.cells)
			}

			kept, _ := scrubtest.Clean(t, reg, name, data, scrub.Policy{RemoveHidden: true})
			scrubtest.AssertPresent(t, kept, sheetHiddenPlants...)

			for _, p := range []scrub.Policy{{RemoveHiddenSheets: true}, {RemoveHidden: true, RemoveHiddenSheets: true}} {
				out, _ := scrubtest.Clean(t, reg, name, data, p)
				scrubtest.AssertAbsent(t, out, sheetHiddenPlants...)
				scrubtest.AssertAbsent(t, out, "SH-ROWCOMMENT")
				scrubtest.AssertPresent(t, out, sheetShown...)
				checkGrids(t, before, readGrids(t, contentOf(t, name, out)))
				if g := readGrids(t, contentOf(t, name, out))[0]; g.cells[[2]int{2, 4}].value != "value-type=float;value=42.5;" {
					t.Errorf("D2 (shown, split from its run) holds %+v", g.cells[[2]int{2, 4}])
				}

				again, _ := scrubtest.Clean(t, reg, name, out, p)
				if !bytes.Equal(out, again) {
					t.Errorf("policy %+v: cleaning the cleaned copy changed it", p)
				}

				e := &scrub.Engine{Registry: all.Registry(), Policy: p}
				_, res := e.CleanData(context.Background(), name, data)
				if res.Status != scrub.StatusCleaned {
					t.Fatalf("policy %+v: engine: %s (%s %s)", p, res.Status, res.Error, res.Hint)
				}
				env := scrub.NewEnv(reg, scrub.Limits{}, p)
				h, _, err := reg.Detect(bytes.NewReader(out), int64(len(out)), name)
				if err != nil {
					t.Fatal(err)
				}
				fs, err := h.Inspect(context.Background(), env, bytes.NewReader(out), int64(len(out)))
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range fs {
					if f.Action == scrub.Remove {
						t.Errorf("policy %+v: the cleaned copy still has %s: %s", p, f.Field, f.Value)
					}
				}
			}
		})
	}
}

// TestRemoveHiddenSheetsFindings: the findings say what goes, as Remove,
// only under the policy.
func TestRemoveHiddenSheetsFindings(t *testing.T) {
	reg := registry()
	data := sheetHiddenODS(t)
	want := map[string]string{
		"hidden rows":             "rows 3, 6–8: A3: “SH-HIDDENROW-A3”; B3: “SH-FORMULA-CACHED”; C3: “09/09/19”; A6: “SH-REPEATEDROW”",
		"rows hidden by a filter": "rows 4: A4: “SH-FILTERED-A4”",
		"hidden columns":          "columns C, E: C1: “SH-RUN3”; E1: “SH-HIDDENCOL-E”; C2: “SH-RUN2”; E2: “SH-RUN2B”; C3: “09/09/19”",
		"hidden sheet":            "“Secret” holds A1: “SH-HIDDENSHEET”; B1: “TRUE”; C1: “01:37:00 PM”; A2: “15”",
	}
	for _, p := range []scrub.Policy{{}, {RemoveHiddenSheets: true}} {
		env := scrub.NewEnv(reg, scrub.Limits{}, p)
		h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), "x.ods")
		if err != nil {
			t.Fatal(err)
		}
		fs, err := h.Inspect(context.Background(), env, bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for field, v := range want {
			found := false
			for _, f := range fs {
				if f.Field != field {
					continue
				}
				found = true
				wantAction, suffix := scrub.Report, ""
				if p.RemoveHiddenSheets {
					wantAction, suffix = scrub.Remove, "; cleaning empties these cells (their values, formulas and comments)"
				}
				if f.Action != wantAction || !strings.HasPrefix(f.Value, v) || !strings.Contains(f.Value, suffix) {
					t.Errorf("policy %+v: %s: %s %q", p, field, f.Action, f.Value)
				}
			}
			if !found {
				t.Errorf("policy %+v: no finding %q", p, field)
			}
		}
	}
}

// TestRemoveHiddenSheetsLibreOffice: LibreOffice shows the first sheet
// (its CSV export) the same before and after, but for the hidden cells,
// which it exports too and which are empty after.
func TestRemoveHiddenSheetsLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: LibreOffice takes a while")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	dir := t.TempDir()
	profile := "file://" + filepath.ToSlash(filepath.Join(dir, "profile"))
	reg := registry()
	for name, data := range sheetHiddenFixtures(t) {
		out, _ := scrubtest.Clean(t, reg, name, data, scrub.Policy{RemoveHiddenSheets: true})
		ext := filepath.Ext(name)
		var files []string
		for _, f := range []struct {
			base string
			data []byte
		}{{"before", data}, {"after", out}} {
			p := filepath.Join(dir, strings.TrimSuffix(name, ext)+"-"+f.base+ext)
			if err := os.WriteFile(p, f.data, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, p)
		}
		args := append([]string{"-env:UserInstallation=" + profile, "--headless", "--norestore", "--convert-to", "csv", "--outdir", dir}, files...)
		if o, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, o)
		}
		var csv [2][]byte
		for i, f := range files {
			if csv[i], err = os.ReadFile(strings.TrimSuffix(f, ext) + ".csv"); err != nil {
				t.Fatalf("%s: LibreOffice did not convert it: %v", name, err)
			}
		}
		t.Logf("%s before:\n%s\nafter:\n%s", name, csv[0], csv[1])
		g := readGrids(t, contentOf(t, name, data))[0]
		b, a := csvCells(csv[0]), csvCells(csv[1])
		for pos, v := range b {
			hidden := g.hiddenRows[pos[0]] || g.hiddenCols[pos[1]]
			switch {
			case !hidden && a[pos] != v:
				t.Errorf("%s: LibreOffice shows %s as %q, was %q", name, ref(pos), a[pos], v)
			case hidden && a[pos] != "":
				t.Errorf("%s: LibreOffice still has %q in hidden %s", name, a[pos], ref(pos))
			}
		}
		for pos, v := range a {
			if _, ok := b[pos]; !ok && v != "" {
				t.Errorf("%s: LibreOffice shows %q in %s, empty before", name, v, ref(pos))
			}
		}
		if !bytes.Contains(csv[1], []byte("SH-RUN3,,SH-RUN3")) {
			t.Errorf("%s: the run over B–D is not shown, hidden, shown", name)
		}
	}
}

// csvCells reads LibreOffice's CSV (no quoted commas in the fixtures).
func csvCells(b []byte) map[[2]int]string {
	m := map[[2]int]string{}
	for r, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		for c, v := range strings.Split(strings.TrimRight(line, "\r"), ",") {
			m[[2]int{r + 1, c + 1}] = strings.Trim(v, `"`)
		}
	}
	return m
}

// FuzzHiddenSheets is FuzzContent for spreadsheets under
// Policy.RemoveHiddenSheets: cleaning must not panic or fail on what it
// wrote itself, the output must inspect with nothing to remove, and
// cleaning it again must give the same bytes.
func FuzzHiddenSheets(f *testing.F) {
	f.Add([]byte(xmlDecl + `<office:document-content ` + nsDecls + calcExtDecl + ` office:version="1.3"><office:automatic-styles>` + sheetHiddenStyles() +
		`</office:automatic-styles><office:body>` + sheetHiddenBody() + `</office:body></office:document-content>`))
	f.Add(sheetHiddenFODS())
	f.Add([]byte(content(calcBody("F-"), calcStyles())))
	reg := registry()
	policy := scrub.Policy{RemoveHidden: true, RemoveHiddenSheets: true}
	f.Fuzz(func(t *testing.T, xml []byte) {
		if len(xml) > 256<<10 {
			return
		}
		for _, d := range []struct {
			name string
			data []byte
		}{{"x.fods", xml}, {"x.ods", document(t, mimeCalc, []member{{name: "content.xml", data: string(xml)}})}} {
			h, _, err := reg.Detect(bytes.NewReader(d.data), int64(len(d.data)), d.name)
			if err != nil {
				continue
			}
			var out bytes.Buffer
			if _, err := h.Clean(context.Background(), scrub.NewEnv(reg, scrub.Limits{}, policy), bytes.NewReader(d.data), int64(len(d.data)), &out); err != nil {
				continue
			}
			fs, err := h.Inspect(context.Background(), scrub.NewEnv(reg, scrub.Limits{}, policy), bytes.NewReader(out.Bytes()), int64(out.Len()))
			if err != nil {
				t.Fatalf("%s: the cleaned output does not inspect: %v", d.name, err)
			}
			if scrub.Removable(fs) {
				t.Fatalf("%s: the cleaned output still has removable findings: %+v", d.name, fs)
			}
			var again bytes.Buffer
			if _, err := h.Clean(context.Background(), scrub.NewEnv(reg, scrub.Limits{}, policy), bytes.NewReader(out.Bytes()), int64(out.Len()), &again); err != nil {
				t.Fatalf("%s: cleaning the cleaned output: %v", d.name, err)
			}
			if !bytes.Equal(out.Bytes(), again.Bytes()) {
				t.Fatalf("%s: cleaning the cleaned output changed it", d.name)
			}
		}
	})
}

// randomSheets writes sheets of random hidden columns and rows, with
// repeated, merged and covered cells holding text, numbers, formulas
// and comments.
func randomSheets(rng *rand.Rand, seed int) string {
	var b strings.Builder
	k := 0
	text := func() string {
		k++
		return fmt.Sprintf("RND%d-%dZ", seed, k)
	}
	for sheet := 0; sheet < 1+rng.Intn(2); sheet++ {
		style := "ta1"
		if rng.Intn(5) == 0 {
			style = "ta2"
		}
		fmt.Fprintf(&b, `<table:table table:name="S%d" table:style-name="%s">`, sheet, style)
		const width = 12
		for col := 0; col < width; {
			n := min(1+rng.Intn(3), width-col)
			vis := ""
			switch rng.Intn(10) {
			case 0, 1, 2:
				vis = ` table:visibility="collapse"`
			case 3:
				vis = ` table:visibility="filter"`
			}
			fmt.Fprintf(&b, `<table:table-column table:number-columns-repeated="%d"%s/>`, n, vis)
			col += n
		}
		for row := 0; row < 1+rng.Intn(8); row++ {
			vis := ""
			switch rng.Intn(6) {
			case 0:
				vis = ` table:visibility="collapse"`
			case 1:
				vis = ` table:visibility="filter"`
			}
			fmt.Fprintf(&b, `<table:table-row table:number-rows-repeated="%d"%s>`, 1+rng.Intn(2), vis)
			for col := 0; col < width; {
				n := min(1+rng.Intn(4), width-col)
				rep := ""
				if n > 1 {
					rep = fmt.Sprintf(` table:number-columns-repeated="%d"`, n)
				}
				switch rng.Intn(7) {
				case 0:
					fmt.Fprintf(&b, `<table:table-cell%s/>`, rep)
				case 1:
					fmt.Fprintf(&b, `<table:table-cell%s office:value-type="string"><text:p>%s</text:p></table:table-cell>`, rep, text())
				case 2:
					fmt.Fprintf(&b, `<table:table-cell%s office:value-type="float" office:value="%d"><text:p>%s</text:p></table:table-cell>`, rep, rng.Intn(1000), text())
				case 3:
					fmt.Fprintf(&b, `<table:table-cell%s table:formula="of:=&quot;%s&quot;" office:value-type="string" office:string-value="%s"><text:p>x</text:p></table:table-cell>`, rep, text(), text())
				case 4:
					fmt.Fprintf(&b, `<table:covered-table-cell%s office:value-type="string"><text:p>%s</text:p></table:covered-table-cell>`, rep, text())
				case 5:
					fmt.Fprintf(&b, `<table:table-cell%s><office:annotation><text:p>%s</text:p></office:annotation></table:table-cell>`, rep, text())
				default:
					if col+2 > width {
						n = 0
						continue
					}
					fmt.Fprintf(&b, `<table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1" office:value-type="string"><text:p>%s</text:p></table:table-cell><table:covered-table-cell/>`, text())
					n = 2
				}
				col += n
			}
			b.WriteString(`</table:table-row>`)
		}
		b.WriteString(`</table:table>`)
	}
	return b.String()
}

// TestRemoveHiddenSheetsRandom cleans random sheets under the policy: the
// shown cells stay as they were, the hidden ones are empty, text only
// hidden cells held is in no byte of the output, and the output cleans
// to itself with nothing left to remove.
func TestRemoveHiddenSheetsRandom(t *testing.T) {
	reg := registry()
	policy := scrub.Policy{RemoveHiddenSheets: true}
	n := 150
	if testing.Short() {
		n = 30
	}
	for seed := 0; seed < n; seed++ {
		rng := rand.New(rand.NewSource(int64(seed)))
		body := `<office:spreadsheet>` + randomSheets(rng, seed) + `</office:spreadsheet>`
		c := xmlDecl + `<office:document-content ` + nsDecls + calcExtDecl + ` office:version="1.3"><office:automatic-styles>` + sheetHiddenStyles() +
			`</office:automatic-styles><office:body>` + body + `</office:body></office:document-content>`
		name := fmt.Sprintf("random-%d.ods", seed)
		data := document(t, mimeCalc, []member{{name: "content.xml", data: c}, {name: "styles.xml", data: hiddenStyles("", "Default")}})
		out, _ := scrubtest.Clean(t, reg, name, data, policy)
		before, after := readGrids(t, []byte(c)), readGrids(t, zipMember(t, out, "content.xml"))
		checkGrids(t, before, after)
		// Text no cell left holds (in its text, value or formula) is gone.
		var left strings.Builder
		for _, g := range after {
			for _, cell := range g.cells {
				left.WriteString(cell.text + " " + cell.value + " " + cell.formula + "\n")
			}
		}
		for _, v := range regexp.MustCompile(`RND\d+-\d+Z`).FindAllString(c, -1) {
			if !strings.Contains(left.String(), v) && scrubtest.Contains(out, v) {
				t.Errorf("%s: %q, in no cell left, is still in the output", name, v)
			}
		}
		again, _ := scrubtest.Clean(t, reg, name, out, policy)
		if !bytes.Equal(out, again) {
			t.Errorf("%s: cleaning the cleaned copy changed it", name)
		}
		env := scrub.NewEnv(reg, scrub.Limits{}, policy)
		h, _, err := reg.Detect(bytes.NewReader(out), int64(len(out)), name)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := h.Inspect(context.Background(), env, bytes.NewReader(out), int64(len(out)))
		if err != nil {
			t.Fatal(err)
		}
		if scrub.Removable(fs) {
			t.Errorf("%s: the cleaned copy still has removable findings: %+v", name, fs)
		}
		if t.Failed() {
			t.Logf("%s:\n%s", name, body)
			return
		}
	}
}

// TestRemoveHiddenSheetsWriterTables: a text document's tables are not
// sheets: their hidden rows and columns stay as they are.
func TestRemoveHiddenSheetsWriterTables(t *testing.T) {
	body := `<office:text><table:table table:name="Table1"><table:table-column/><table:table-column table:visibility="collapse"/>` +
		`<table:table-row>` + cell("", "WT-CELL-A1") + cell("", "WT-CELL-B1") + `</table:table-row>` +
		`<table:table-row table:visibility="collapse">` + cell("", "WT-CELL-A2") + cell("", "WT-CELL-B2") + `</table:table-row></table:table></office:text>`
	data := document(t, mimeText, []member{{name: "content.xml", data: hiddenContent(body, "")},
		{name: "styles.xml", data: hiddenStyles(`<style:style style:name="Standard" style:family="paragraph"/>`, "Standard")}})
	plain, _ := scrubtest.Clean(t, registry(), "table.odt", data, scrub.Policy{})
	out, _ := scrubtest.Clean(t, registry(), "table.odt", data, scrub.Policy{RemoveHidden: true, RemoveHiddenSheets: true})
	scrubtest.AssertPresent(t, out, "WT-CELL-A1", "WT-CELL-B1", "WT-CELL-A2", "WT-CELL-B2")
	if !bytes.Equal(zipMember(t, plain, "content.xml"), zipMember(t, out, "content.xml")) {
		t.Error("the policy changed a text document's table")
	}
}

// TestRemoveHiddenSheetsTooManyPieces: hidden columns that would cut
// repeated cells into more pieces than scrub writes are refused under
// the policy (never left there as if emptied), and inspected and cleaned
// as usual without it.
func TestRemoveHiddenSheetsTooManyPieces(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<office:spreadsheet><table:table table:name="Wide">`)
	const pairs = 20000
	for i := 0; i < pairs; i++ {
		b.WriteString(`<table:table-column/><table:table-column table:visibility="collapse"/>`)
	}
	for r := 0; r < 2; r++ {
		fmt.Fprintf(&b, `<table:table-row><table:table-cell table:number-columns-repeated="%d" office:value-type="string"><text:p>TM-VALUE</text:p></table:table-cell></table:table-row>`, 2*pairs)
	}
	b.WriteString(`</table:table></office:spreadsheet>`)
	data := document(t, mimeCalc, []member{{name: "content.xml", data: hiddenContent(b.String(), "")}, {name: "styles.xml", data: hiddenStyles("", "Default")}})
	reg := registry()
	scrubtest.Clean(t, reg, "wide.ods", data, scrub.Policy{RemoveHidden: true})
	h, _, err := reg.Detect(bytes.NewReader(data), int64(len(data)), "wide.ods")
	if err != nil {
		t.Fatal(err)
	}
	env := scrub.NewEnv(reg, scrub.Limits{}, scrub.Policy{RemoveHiddenSheets: true})
	_, err = h.Clean(context.Background(), env, bytes.NewReader(data), int64(len(data)), io.Discard)
	if !errors.Is(err, scrub.ErrUnsupported) {
		t.Errorf("clean: %v, want a refusal", err)
	}
}
