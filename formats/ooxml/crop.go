package ooxml

import (
	"bytes"
	"math"
	"strconv"

	"github.com/scrub-project/scrub/formats/internal/imgcrop"
	"github.com/scrub-project/scrub/formats/internal/unseen"
	"github.com/scrub-project/scrub/formats/internal/xmlclean"
	"github.com/scrub-project/scrub/scrub"
)

// Cropped pictures (a:srcRect, ECMA-376 Part 1, 20.1.8.55): a picture
// fill shows the part of the picture its source rectangle keeps; l, t, r
// and b say how much is cut from each edge, in thousandths of a percent
// (negative: padding, not a cut). The media part keeps the whole picture.
//
// The first pass notes every picture fill (pic:blipFill, p:blipFill,
// xdr:blipFill, a:blipFill) and every other use of a picture. Then, per
// picture, the union of what its fills show is what must stay: under
// Policy.RemoveHidden a PNG or JPEG is cut to it losslessly (imgcrop),
// and each fill's source rectangle is set so that it shows what it
// showed. A picture used any other way (VML, a bullet, a tile, a link), or
// one its crops leave whole, is not cut.

// cropRef is one picture fill.
type cropRef struct {
	pt     *part // the part that holds it
	idx    int   // its number in that part
	media  *part
	crop   unseen.Crop
	raw    [4]int // l, t, r, b as written
	has    [4]bool
	tiled  bool
	linked bool
	gone   bool // in content that cleaning removes
	where  string
}

// mediaUse is how the document uses one picture.
type mediaUse struct {
	refs  []*cropRef
	other bool // used in a way the cut would break
}

// cropPass follows the picture fills of one part in one pass.
type cropPass struct {
	r     *rules
	n     int
	open  *cropRef
	openE *xmlclean.Element
	refs  []*cropRef
}

func isBlipFill(e *xmlclean.Element) bool {
	if e.Name.Local != "blipFill" {
		return false
	}
	switch sp := e.Name.Space; {
	case isA(sp), isP(sp), sp == nsPic, sp == nsXDR:
		return true
	}
	return false
}

// nsXDR is the namespace of Excel's drawings.
const nsXDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"

func (c *cropPass) skipped(e *xmlclean.Element) {
	if isBlipFill(e) {
		c.n++
	}
}

var srcSides = [4]string{"l", "t", "r", "b"}

func (c *cropPass) start(e *xmlclean.Element, d xmlclean.Decision) xmlclean.Decision {
	r := c.r
	if isBlipFill(e) {
		c.open = &cropRef{pt: r.pt, idx: c.n}
		c.openE = e
		c.n++
		return d
	}
	inBlip := c.open != nil && isA(e.Name.Space) && e.Name.Local == "blip" && e.Parent == c.openE
	for i := range e.Attrs {
		a := &e.Attrs[i]
		id, ok := refAttr(a)
		if !ok {
			continue
		}
		rl := r.relByID(id)
		if rl == nil {
			continue
		}
		if inBlip && a.Name.Local == "link" {
			c.open.linked = true
		}
		if rl.to == nil || rl.to.fate != fateMedia {
			continue
		}
		if inBlip && a.Name.Local == "embed" {
			c.open.media = rl.to
			continue
		}
		// Any other use (a VML picture, a bullet, an OLE object's
		// icon): the picture stays whole.
		use(rl.to).other = true
	}
	if c.open == nil {
		return d
	}
	switch {
	case isA(e.Name.Space) && e.Name.Local == "srcRect" && e.Parent == c.openE:
		ref := c.open
		for k, side := range srcSides {
			if v, ok := e.Attr("", side); ok {
				n, err := strconv.Atoi(v)
				if err != nil {
					continue
				}
				ref.raw[k], ref.has[k] = n, true
			}
		}
		ref.crop = unseen.Crop{L: float64(ref.raw[0]) / 100000, T: float64(ref.raw[1]) / 100000, R: float64(ref.raw[2]) / 100000, B: float64(ref.raw[3]) / 100000}
		if nv, ok := r.pt.plan.srcRects[ref.idx]; ok && r.writing {
			for i := range e.Attrs {
				a := &e.Attrs[i]
				if a.Name.Space != "" {
					continue
				}
				for k, side := range srcSides {
					if a.Name.Local == side {
						e.ReplaceAttr(i, strconv.Itoa(nv[k]), xmlclean.Note{})
					}
				}
			}
		}
	case isA(e.Name.Space) && e.Name.Local == "tile" && e.Parent == c.openE:
		c.open.tiled = true
	}
	return d
}

func use(pt *part) *mediaUse {
	if pt.use == nil {
		pt.use = &mediaUse{}
	}
	return pt.use
}

func (c *cropPass) end(e *xmlclean.Element) {
	if e != c.openE {
		return
	}
	ref := c.open
	c.open, c.openE = nil, nil
	if ref.media == nil || c.r.writing {
		return
	}
	u := use(ref.media)
	if ref.tiled || ref.linked || ref.raw[0] < 0 || ref.raw[1] < 0 || ref.raw[2] < 0 || ref.raw[3] < 0 {
		u.other = true
	}
	u.refs = append(u.refs, ref)
	c.refs = append(c.refs, ref)
	c.r.p.crops = append(c.r.p.crops, ref)
}

// finish names where the part's picture fills are.
func (c *cropPass) finish() {
	for _, ref := range c.refs {
		if ref.where == "" {
			ref.where = c.r.p.place(c.r.pt)
		}
	}
}

// planCrops decides, after the first pass, which pictures are cut and how
// the fills that show them change, and reports every crop.
func (p *pkg) planCrops(fs *xmlclean.Findings) error {
	done := map[*part]bool{}
	for _, ref := range p.crops {
		m := ref.media
		if done[m] || m.removed || m.use == nil {
			continue
		}
		done[m] = true
		if err := p.planCrop(m, fs); err != nil {
			return err
		}
	}
	return nil
}

func (p *pkg) planCrop(m *part, fs *xmlclean.Findings) error {
	var live []*cropRef
	for _, ref := range m.use.refs {
		if !ref.gone {
			live = append(live, ref)
		}
	}
	shows := false
	for _, ref := range live {
		if ref.crop.Clamp().HiddenArea() >= unseen.CropNoise {
			shows = true
		}
	}
	if !shows {
		return nil
	}
	data, release, err := m.m.Load(p.ctx)
	if err != nil {
		return err
	}
	defer release()
	info := imgcrop.Inspect(data)
	// What every fill shows, together.
	u := rect{1, 1, 0, 0}
	for _, ref := range live {
		c := ref.crop.Clamp()
		u = rect{min(u.x0, c.L), min(u.y0, c.T), max(u.x1, 1-c.R), max(u.y1, 1-c.B)}
	}
	cut := false
	why := ""
	if p.env.Policy.RemoveHidden {
		switch {
		case m.use.other:
			why = "the picture is also used elsewhere in a way its cut would change"
		case info.AlignX == 0:
			why = info.Why + ": scrub cannot cut it without changing it"
		default:
			W, H := float64(info.Width), float64(info.Height)
			al := info.Align(imgcrop.Pixels(u.x0, u.y0, u.x1, u.y1, info.Width, info.Height))
			if al != (imgcrop.Rect{X1: info.Width, Y1: info.Height}) {
				if b, err := imgcrop.Crop(data, al); err == nil {
					if planned := p.replan(live, al, W, H); planned {
						m.cropped = b
						cut = true
					}
				} else {
					why = "scrub could not cut the picture (" + err.Error() + ")"
				}
			}
		}
	}
	if fs == nil {
		return nil
	}
	// For the app: the picture whole, as the document holds it (one copy,
	// the loaded data goes back to its pool).
	var pic []byte
	if p.env.Policy.Pictures && unseen.Showable(data) {
		pic = bytes.Clone(data)
	}
	for _, ref := range live {
		c := ref.crop.Clamp()
		if c.HiddenArea() < unseen.CropNoise {
			continue
		}
		v := c.Describe(info.Width, info.Height)
		action := scrub.Report
		switch {
		case cut:
			v += "; cleaning cuts away what no crop shows"
			action = scrub.Remove
		case why != "":
			v += " (" + why + ")"
		}
		f := scrub.Finding{Where: ref.where, Field: "cropped picture (" + m.name + ")", Value: v, Kind: scrub.KindHidden,
			Action: action, Label: scrub.LabelCroppedPicture, Minor: c.HiddenArea() < unseen.CropTrim}
		if pic != nil {
			f.Picture = c.Picture(pic)
		}
		fs.Add(f)
	}
	return nil
}

// replan sets, for each fill of a picture cut to al, the source rectangle
// that shows what it showed. It returns false if a fill lacks an attribute
// it would need (they are only rewritten, never added).
func (p *pkg) replan(refs []*cropRef, al imgcrop.Rect, W, H float64) bool {
	plans := map[*cropRef][4]int{}
	for _, ref := range refs {
		c := ref.crop.Clamp()
		bw, bh := float64(al.Dx()), float64(al.Dy())
		nv := [4]float64{
			(c.L*W - float64(al.X0)) / bw,
			(c.T*H - float64(al.Y0)) / bh,
			(float64(al.X1) - (1-c.R)*W) / bw,
			(float64(al.Y1) - (1-c.B)*H) / bh,
		}
		var out [4]int
		for k := range nv {
			out[k] = int(math.Round(max(nv[k], 0) * 100000))
			if out[k] != 0 && !ref.has[k] {
				return false
			}
		}
		plans[ref] = out
	}
	for ref, out := range plans {
		if ref.pt.plan.srcRects == nil {
			ref.pt.plan.srcRects = map[int][4]int{}
		}
		ref.pt.plan.srcRects[ref.idx] = out
	}
	return true
}
