// Package unseentest measures the hidden-content checks of the Office and
// OpenDocument handlers on generated fixtures: every planted hidden item
// must be reported with its label, no decoy may be. It prints precision
// and recall per format and class. For tests only.
package unseentest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub"
)

// Want is one planted item: a hidden item (Label set) or a decoy (Label
// empty) that must not be reported.
type Want struct {
	Format string      // "docx"
	Class  string      // "black highlight"
	Marker string      // unique text the finding's value, field or place names
	Label  scrub.Label // the label it must be reported with; "" for a decoy
	Minor  bool        // reported as minor (a crop that trims the edges)
	Gone   bool        // cleaning with the hidden-content policy removes it
	// Optional: reporting it or not are both right (a conversion may
	// keep or lose it); it is not counted, but what names it is no
	// false alarm.
	Optional bool
}

// Decoy returns a Want that must not be reported.
func Decoy(format, class, marker string) Want {
	return Want{Format: format, Class: class, Marker: marker}
}

// hiddenLabels are the labels of hidden content; a decoy must be under
// none of them.
var hiddenLabels = map[scrub.Label]bool{
	scrub.LabelCoveredText: true, scrub.LabelInvisibleText: true, scrub.LabelHiddenObject: true, scrub.LabelOffPage: true,
	scrub.LabelHiddenText: true, scrub.LabelCroppedPicture: true, scrub.LabelStaleValue: true, scrub.LabelHiddenRows: true,
	scrub.LabelHiddenSheet: true,
}

func matches(f scrub.Finding, marker string) bool {
	return strings.Contains(f.Value, marker) || strings.Contains(f.Field, marker) || strings.Contains(f.Where, marker)
}

// Found reports whether w is reported in fs as it should be.
func Found(fs []scrub.Finding, w Want) bool {
	for _, f := range fs {
		if f.Label == w.Label && f.Minor == w.Minor && matches(f, w.Marker) {
			return true
		}
	}
	return false
}

// Alarm returns the finding that reports a decoy, if any.
func Alarm(fs []scrub.Finding, w Want) (scrub.Finding, bool) {
	for _, f := range fs {
		if f.Kind == scrub.KindHidden && hiddenLabels[f.Label] && !(f.Label == scrub.LabelCroppedPicture && f.Minor) && matches(f, w.Marker) {
			return f, true
		}
	}
	return scrub.Finding{}, false
}

type row struct {
	format, class    string
	tp, fn, tn, fp   int
	missed, reported []string
}

// Check matches the findings of each format's fixture (by format) to the
// wants, logs a table of precision and recall, and fails the test on any
// miss or any decoy reported.
func Check(t *testing.T, findings map[string][]scrub.Finding, wants []Want) {
	t.Helper()
	rows := map[[2]string]*row{}
	var keys [][2]string
	for _, w := range wants {
		if w.Optional {
			continue
		}
		k := [2]string{w.Format, w.Class}
		r := rows[k]
		if r == nil {
			r = &row{format: w.Format, class: w.Class}
			rows[k] = r
			keys = append(keys, k)
		}
		fs := findings[w.Format]
		if w.Label == "" {
			if f, bad := Alarm(fs, w); bad {
				r.fp++
				r.reported = append(r.reported, fmt.Sprintf("%s (as %s: %s)", w.Marker, f.Label, f.Value))
			} else {
				r.tn++
			}
			continue
		}
		if Found(fs, w) {
			r.tp++
		} else {
			r.fn++
			r.missed = append(r.missed, w.Marker)
		}
	}
	// Findings of hidden content that name no planted item at all are
	// false alarms too.
	for format, fs := range findings {
		for _, f := range fs {
			if f.Kind != scrub.KindHidden || !hiddenLabels[f.Label] || (f.Label == scrub.LabelCroppedPicture && f.Minor) {
				continue
			}
			named := false
			for _, w := range wants {
				if w.Format == format && matches(f, w.Marker) {
					named = true
					break
				}
			}
			if !named {
				k := [2]string{format, "(unexpected findings)"}
				r := rows[k]
				if r == nil {
					r = &row{format: format, class: k[1]}
					rows[k] = r
					keys = append(keys, k)
				}
				r.fp++
				r.reported = append(r.reported, fmt.Sprintf("%s: %s (%s: %s)", f.Where, f.Field, f.Label, f.Value))
			}
		}
	}
	sort.SliceStable(keys, func(i, j int) bool { return keys[i][0] < keys[j][0] })
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-6s %-46s %8s %6s %7s %7s %9s %7s\n", "format", "class", "planted", "found", "decoys", "alarms", "precision", "recall")
	var tot row
	for _, k := range keys {
		r := rows[k]
		fmt.Fprintf(&b, "%-6s %-46s %8d %6d %7d %7d %9s %7s\n", r.format, r.class, r.tp+r.fn, r.tp, r.tn+r.fp, r.fp, ratio(r.tp, r.tp+r.fp), ratio(r.tp, r.tp+r.fn))
		tot.tp, tot.fn, tot.tn, tot.fp = tot.tp+r.tp, tot.fn+r.fn, tot.tn+r.tn, tot.fp+r.fp
		for _, m := range r.missed {
			t.Errorf("%s %s: %q not reported as it should be", r.format, r.class, m)
		}
		for _, m := range r.reported {
			t.Errorf("%s %s: decoy %s reported", r.format, r.class, m)
		}
	}
	fmt.Fprintf(&b, "%-6s %-46s %8d %6d %7d %7d %9s %7s\n", "all", "", tot.tp+tot.fn, tot.tp, tot.tn+tot.fp, tot.fp, ratio(tot.tp, tot.tp+tot.fp), ratio(tot.tp, tot.tp+tot.fn))
	t.Log(b.String())
}

func ratio(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}

// Picture returns a w×h picture with detail everywhere (so that a crop
// changes its bytes), as PNG or JPEG; seed varies the detail.
func Picture(t testing.TB, w, h int, seed int64, asJPEG bool) []byte {
	t.Helper()
	rng := rand.New(rand.NewSource(int64(w*h) + seed))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8(rng.Intn(256)), 255})
		}
	}
	var b bytes.Buffer
	var err error
	if asJPEG {
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 90})
	} else {
		err = png.Encode(&b, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
