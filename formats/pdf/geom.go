package pdf

import "math"

// Geometry for the hidden-content analysis (hidden.go): matrices, boxes
// and filled shapes in device space (the page's default user space).

// matrix is a PDF transformation matrix [a b c d e f] (ISO 32000-1
// §8.3.4): a point (x, y) goes to (a·x + c·y + e, b·x + d·y + f).
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n: m applied first, then n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// scale returns how long a unit vector along x and along y become.
func (m matrix) scale() (sx, sy float64) {
	return math.Hypot(m[0], m[1]), math.Hypot(m[2], m[3])
}

// finite reports whether every entry is a number (a crafted matrix may
// overflow to infinities).
func (m matrix) finite() bool {
	for _, v := range m {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e12 {
			return false
		}
	}
	return true
}

// rect is an axis-aligned box; empty when x0 >= x1 or y0 >= y1.
type rect struct{ x0, y0, x1, y1 float64 }

// everywhere is the clip of a page before any clipping path.
var everywhere = rect{-1e9, -1e9, 1e9, 1e9}

func (r rect) empty() bool { return !(r.x0 < r.x1 && r.y0 < r.y1) }

func (r rect) w() float64 { return r.x1 - r.x0 }
func (r rect) h() float64 { return r.y1 - r.y0 }

func (r rect) area() float64 {
	if r.empty() {
		return 0
	}
	return r.w() * r.h()
}

func (r rect) intersect(s rect) rect {
	return rect{max(r.x0, s.x0), max(r.y0, s.y0), min(r.x1, s.x1), min(r.y1, s.y1)}
}

func (r rect) union(s rect) rect {
	if r.empty() {
		return s
	}
	if s.empty() {
		return r
	}
	return rect{min(r.x0, s.x0), min(r.y0, s.y0), max(r.x1, s.x1), max(r.y1, s.y1)}
}

func (r rect) overlaps(s rect) bool { return !r.intersect(s).empty() }

func (r rect) has(x, y float64) bool { return x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1 }

// boundsOf returns the box around points (x, y pairs).
func boundsOf(pts []float64) rect {
	if len(pts) < 2 {
		return rect{}
	}
	r := rect{pts[0], pts[1], pts[0], pts[1]}
	for i := 2; i+1 < len(pts); i += 2 {
		r.x0, r.x1 = min(r.x0, pts[i]), max(r.x1, pts[i])
		r.y0, r.y1 = min(r.y0, pts[i+1]), max(r.y1, pts[i+1])
	}
	return r
}

// transformRect returns the box around r mapped by m.
func transformRect(r rect, m matrix) rect {
	var pts [8]float64
	pts[0], pts[1] = m.apply(r.x0, r.y0)
	pts[2], pts[3] = m.apply(r.x1, r.y0)
	pts[4], pts[5] = m.apply(r.x0, r.y1)
	pts[6], pts[7] = m.apply(r.x1, r.y1)
	return boundsOf(pts[:])
}

// region is a filled area: closed polygons (curves flattened) in device
// space, filled by the non-zero winding rule or the even-odd rule.
type region struct {
	polys   [][]float64 // x, y pairs, each polygon implicitly closed
	evenOdd bool
	box     rect
	// rectangle: the shape is one axis-aligned rectangle (box), the
	// usual redaction box: points are tested against box alone.
	rectangle bool
	bands     [][]edge // its edges by height (built when first needed)
}

// edge is a segment of a polygon's outline.
type edge struct{ x0, y0, x1, y1 float64 }

// bandCount is how many horizontal bands a complex region's edges are
// sorted into, so that a point is tested against the edges at its height
// only.
const bandCount = 32

// contains reports whether the shape paints point (x, y); the edges it
// looks at are added to work.
func (s *region) contains(x, y float64, work *int64) bool {
	if !s.box.has(x, y) {
		return false
	}
	if s.rectangle {
		return true
	}
	if s.bands == nil {
		s.index()
	}
	b := int((y - s.box.y0) / s.box.h() * bandCount)
	b = min(max(b, 0), bandCount-1)
	wind := 0
	*work += int64(len(s.bands[b]))
	for _, e := range s.bands[b] {
		if e.y0 <= y {
			if e.y1 > y && cross(e.x0, e.y0, e.x1, e.y1, x, y) > 0 {
				wind++
			}
		} else if e.y1 <= y && cross(e.x0, e.y0, e.x1, e.y1, x, y) < 0 {
			wind--
		}
	}
	if s.evenOdd {
		return wind%2 != 0
	}
	return wind != 0
}

// index sorts the region's edges into bands by height. A region whose
// edges span most of its height (a zigzag) gets one band: the bands would
// hold every edge many times over.
func (s *region) index() {
	h := s.box.h()
	edges, spans := 0, 0
	for _, p := range s.polys {
		n := len(p) / 2
		for i := 0; i < n; i++ {
			j := (i + 1) % n
			edges++
			if h > 0 {
				spans += int(math.Abs(p[2*j+1]-p[2*i+1])/h*bandCount) + 1
			}
		}
	}
	if spans > 4*edges {
		all := make([]edge, 0, edges)
		for _, p := range s.polys {
			n := len(p) / 2
			for i := 0; i < n; i++ {
				j := (i + 1) % n
				if p[2*i+1] != p[2*j+1] {
					all = append(all, edge{p[2*i], p[2*i+1], p[2*j], p[2*j+1]})
				}
			}
		}
		s.bands = make([][]edge, bandCount)
		for b := range s.bands {
			s.bands[b] = all
		}
		return
	}
	s.bands = make([][]edge, bandCount)
	band := func(y float64) int {
		if h <= 0 {
			return 0
		}
		return min(max(int((y-s.box.y0)/h*bandCount), 0), bandCount-1)
	}
	for _, p := range s.polys {
		n := len(p) / 2
		for i := 0; i < n; i++ {
			j := (i + 1) % n
			e := edge{p[2*i], p[2*i+1], p[2*j], p[2*j+1]}
			if e.y0 == e.y1 {
				continue // a horizontal edge never crosses a ray
			}
			for b := band(min(e.y0, e.y1)); b <= band(max(e.y0, e.y1)); b++ {
				s.bands[b] = append(s.bands[b], e)
			}
		}
	}
}

// cross is positive when (x, y) is left of the line from (x0, y0) to
// (x1, y1).
func cross(x0, y0, x1, y1, x, y float64) float64 {
	return (x1-x0)*(y-y0) - (x-x0)*(y1-y0)
}

// isRectangle reports whether a polygon is an axis-aligned rectangle: all
// its points lie on the corners or edges of its box and its edges are
// horizontal or vertical (LibreOffice draws boxes as "m l l l l l h").
func isRectangle(p []float64, box rect) bool {
	n := len(p) / 2
	if n < 4 {
		return false
	}
	const eps = 0.01
	for i := 0; i < n; i++ {
		x0, y0 := p[2*i], p[2*i+1]
		j := (i + 1) % n
		x1, y1 := p[2*j], p[2*j+1]
		if math.Abs(x0-x1) > eps && math.Abs(y0-y1) > eps {
			return false
		}
		onX := math.Abs(x0-box.x0) < eps || math.Abs(x0-box.x1) < eps
		onY := math.Abs(y0-box.y0) < eps || math.Abs(y0-box.y1) < eps
		if !onX && !onY {
			return false
		}
	}
	return true
}

// samples are the points of a box a coverage test looks at: a grid of
// sampleCols × sampleRows points, inset from the edges.
const (
	sampleCols = 5
	sampleRows = 4
	samples    = sampleCols * sampleRows
)

func samplePoint(r rect, i int) (float64, float64) {
	cx, cy := i%sampleCols, i/sampleCols
	return r.x0 + r.w()*(float64(cx)+0.5)/sampleCols, r.y0 + r.h()*(float64(cy)+0.5)/sampleRows
}
