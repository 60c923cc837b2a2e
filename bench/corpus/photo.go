package corpus

import (
	"bytes"
	"image"
	"image/jpeg"
	"math"
)

// rng is a small deterministic generator (splitmix64): the corpus must be
// the same bytes for the same seed on every machine and Go version.
type rng struct{ s uint64 }

func newRNG(seed uint64) *rng { return &rng{s: seed*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019} }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// photo is the pixel data of one camera-like picture, encoded once and
// reused with different metadata.
type photo struct {
	w, h int
	scan []byte // the encoded JPEG without its SOI marker
}

// makePhoto renders a natural-looking picture: a few octaves of smooth
// value noise (sky, hills, foliage-like texture) plus sensor noise, so that
// it compresses like a real photo (2-5 MB for 6-12 megapixels at quality
// 92) rather than like a flat test card.
func makePhoto(seed uint64, w, h int, noise float64) photo {
	r := newRNG(seed)
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	// Octaves of value noise on coarse grids, bilinearly interpolated.
	type grid struct {
		cell int
		amp  float64
		cw   int
		v    []float64
	}
	var grids []grid
	for cell, amp := max(w, h)/3, 70.0; cell >= 8; cell, amp = cell/2, amp*0.62 {
		cw, ch := w/cell+2, h/cell+2
		g := grid{cell: cell, amp: amp, cw: cw, v: make([]float64, cw*ch)}
		for i := range g.v {
			g.v[i] = r.float()*2 - 1
		}
		grids = append(grids, g)
	}
	horizon := float64(h) * (0.35 + 0.2*r.float())
	tint := r.float()
	row := make([]float64, w)
	for y := 0; y < h; y++ {
		clear(row)
		for _, g := range grids {
			gy := float64(y) / float64(g.cell)
			y0 := int(gy)
			fy := gy - float64(y0)
			fy = fy * fy * (3 - 2*fy)
			a, b := g.v[y0*g.cw:], g.v[(y0+1)*g.cw:]
			inv := 1 / float64(g.cell)
			for x := 0; x < w; x++ {
				gx := float64(x) * inv
				x0 := int(gx)
				fx := gx - float64(x0)
				fx = fx * fx * (3 - 2*fx)
				top := a[x0] + (a[x0+1]-a[x0])*fx
				bot := b[x0] + (b[x0+1]-b[x0])*fx
				row[x] += g.amp * (top + (bot-top)*fy)
			}
		}
		base := 170.0
		if float64(y) > horizon {
			base = 95 + 20*math.Sin(float64(y)/37)
		}
		yo := y * img.YStride
		for x := 0; x < w; x++ {
			v := base + row[x] + noise*(float64(int(r.next()&0xff)+int(r.next()&0xff))/255-1)
			img.Y[yo+x] = clamp(v)
		}
		if y%2 == 0 {
			co := (y / 2) * img.CStride
			for x := 0; x < w/2; x++ {
				v := row[2*x]
				img.Cb[co+x] = clamp(128 + (tint-0.5)*40 + v*0.25)
				img.Cr[co+x] = clamp(128 - (tint-0.5)*30 - v*0.2)
			}
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
		panic(err)
	}
	return photo{w: w, h: h, scan: buf.Bytes()[2:]}
}

// makeThumb renders the 160x120 EXIF thumbnail.
func makeThumb(seed uint64, comment string) []byte {
	p := makePhoto(seed, 160, 120, 20)
	return withSegments(p, segment(0xfe, []byte(comment)))
}

func clamp(v float64) uint8 {
	switch {
	case v < 0:
		return 0
	case v > 255:
		return 255
	}
	return uint8(v)
}

// segment encodes one JPEG marker segment.
func segment(marker byte, payload []byte) []byte {
	n := len(payload) + 2
	if n > 0xffff {
		panic("jpeg segment too large")
	}
	return append([]byte{0xff, marker, byte(n >> 8), byte(n)}, payload...)
}

// withSegments returns the photo as a JPEG file whose header carries segs
// (EXIF, XMP, IPTC) right after the start-of-image marker, as cameras and
// editors write them.
func withSegments(p photo, segs ...[]byte) []byte {
	size := 2 + len(p.scan)
	for _, s := range segs {
		size += len(s)
	}
	out := make([]byte, 0, size)
	out = append(out, 0xff, 0xd8)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, p.scan...)
}
