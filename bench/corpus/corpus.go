// Package corpus writes the benchmark corpus: a folder of office documents
// and PDFs like an archive an activist would hand over. The big documents
// embed eight camera-size photos each (2-5 MB JPEGs with full EXIF: GPS
// position, camera and lens serial numbers, owner, an IFD1 thumbnail; XMP
// and IPTC); the others are smaller, with fewer and smaller pictures or
// text only, in several sizes. Every identifying value is unique and listed
// in planted.tsv, so a leak can be traced to its file.
//
// It knows no scrub format package: the files are built by hand (zip,
// XML, PDF objects) so that the benchmark measures scrub against files it
// did not write.
package corpus

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Version changes whenever the generator's output changes, so that cached
// corpora are rebuilt.
const Version = 1

// Options say what to generate. The output depends only on them (and on
// the Go version's image/jpeg encoder).
type Options struct {
	Docs int    // number of documents; 60 by default
	Seed uint64 // seed of every random choice
	Jobs int    // documents generated at once; 0 means runtime.NumCPU()
	// PhotoPool bounds the distinct camera pictures rendered (12 by
	// default); each use still gets its own metadata. Smaller pools make
	// generation faster, the corpus does not get smaller.
	PhotoPool int
}

// Stats summarise what was written.
type Stats struct {
	Files int
	Bytes int64
}

// Layout of a generated folder:
//
//	DIR/corpus/{odt,docx,pdf}/SIZE-NNN.EXT   the documents
//	DIR/planted.tsv                          file<TAB>identifying value
//	DIR/MANIFEST.tsv                         file, bytes, format, size, photos, paragraphs
//	DIR/STAMP                                generator version and options
const (
	CorpusDir   = "corpus"
	PlantedFile = "planted.tsv"
)

// Stamp is the content of DIR/STAMP for opt: a cached corpus whose STAMP
// differs must be regenerated.
func Stamp(opt Options) string {
	opt = opt.withDefaults()
	return fmt.Sprintf("gen version %d docs %d seed %d pool %d\n", Version, opt.Docs, opt.Seed, opt.PhotoPool)
}

func (o Options) withDefaults() Options {
	if o.Docs <= 0 {
		o.Docs = 60
	}
	if o.Jobs <= 0 {
		o.Jobs = runtime.NumCPU()
	}
	if o.PhotoPool <= 0 {
		o.PhotoPool = 12
	}
	return o
}

// Generate writes the corpus into dir, which must not exist. On error, dir
// may hold a partial corpus.
func Generate(dir string, opt Options) (Stats, error) {
	opt = opt.withDefaults()
	g, err := newGen(dir, opt)
	if err != nil {
		return Stats{}, err
	}
	g.corpus()
	return g.finish(Stamp(opt))
}

// GenerateMemory writes only two PDFs into dir/corpus, for measuring
// memory on one file: image-heavy.pdf with images camera photos and
// object-heavy.pdf with pages pages of text (either may be 0).
func GenerateMemory(dir string, images, pages int, opt Options) (Stats, error) {
	opt = opt.withDefaults()
	g, err := newGen(dir, opt)
	if err != nil {
		return Stats{}, err
	}
	g.memory(images, pages)
	return g.finish(fmt.Sprintf("gen version %d mem-images %d mem-pages %d seed %d\n", Version, images, pages, opt.Seed))
}

type gen struct {
	opt   Options
	head  string // MANIFEST.tsv's header; the documents' by default
	seed  uint64
	out   string
	mu    sync.Mutex
	err   error
	stats Stats
	plant []string // "rel\tvalue"
	man   []string // manifest rows
}

func newGen(dir string, opt Options) (*gen, error) {
	if _, err := os.Lstat(dir); err == nil {
		return nil, fmt.Errorf("%s exists", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &gen{opt: opt, seed: opt.Seed, out: dir}, nil
}

// cameraSizes are the pixel sizes of the camera photos (6 to 12 MP).
var cameraSizes = [][2]int{{4000, 3000}, {3000, 2000}, {3264, 2448}, {3648, 2736}, {2000, 3000}, {4032, 3024}}

// webSizes are pictures already scaled down for a report.
var webSizes = [][2]int{{1600, 1200}, {1280, 960}, {1200, 1600}, {1024, 768}}

// pool renders n distinct photos in parallel.
func (g *gen) pool(n int, sizes [][2]int, salt uint64, noise float64) []photo {
	ps := make([]photo, n)
	g.parallel(n, func(i int) {
		s := sizes[i%len(sizes)]
		ps[i] = makePhoto(g.seed*1000003+salt+uint64(i), s[0], s[1], noise+float64(i%3)*4)
	})
	return ps
}

func (g *gen) parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range g.opt.Jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// docKind says what document i is.
type docKind struct {
	format string // odt, docx, pdf
	size   string // big, medium, small, long
	photos int
	paras  int
}

// plan decides the documents: a tenth big (eight camera photos), three
// tenths medium (one to three pictures scaled for the web), one long PDF
// per sixty documents (hundreds of pages of text), the rest small text
// documents; formats in turn.
func plan(n int, r *rng) []docKind {
	big := max(1, n/10)
	medium := n * 3 / 10
	long := max(1, n/60)
	formats := []string{"odt", "docx", "pdf"}
	kinds := make([]docKind, n)
	for i := range kinds {
		k := docKind{format: formats[i%3]}
		switch {
		case i < big:
			k.size, k.photos, k.paras = "big", 8, 12+r.intn(30)
		case i < big+medium:
			k.size, k.photos, k.paras = "medium", 1+r.intn(3), 6+r.intn(30)
		case i < big+medium+long:
			k.format, k.size, k.paras = "pdf", "long", 3000+r.intn(1000)
		default:
			k.size, k.paras = "small", 2+r.intn(60)
		}
		kinds[i] = k
	}
	return kinds
}

func (g *gen) corpus() {
	r := newRNG(g.seed)
	kinds := plan(g.opt.Docs, r)
	bigPhotos, webPhotos := 0, 0
	for _, k := range kinds {
		if k.size == "big" {
			bigPhotos += k.photos
		} else {
			webPhotos += k.photos
		}
	}
	cam := g.pool(max(1, min(bigPhotos, g.opt.PhotoPool)), cameraSizes, 1, 18)
	web := g.pool(max(1, min(webPhotos, 8, g.opt.PhotoPool)), webSizes, 500, 14)
	g.parallel(len(kinds), func(i int) {
		k := kinds[i]
		dr := newRNG(g.seed*7919 + uint64(i)*104729 + 17)
		pool := web
		if k.size == "big" {
			pool = cam
		}
		d := newSpec(dr, k.paras)
		var planted []string
		for j := range k.photos {
			p := pool[(i*k.photos+j)%len(pool)]
			// Photos come from one or two people's cameras per document.
			owner := d.initial
			if j%3 == 2 {
				owner = personName(dr)
			}
			m := newPhotoMeta(dr, p.w, p.h, owner)
			d.images = append(d.images, cameraJPEG(p, m, g.seed+uint64(i*100+j)))
			d.imgDims = append(d.imgDims, [2]int{p.w, p.h})
			planted = append(planted, m.planted()...)
		}
		var data []byte
		var dp []string
		switch k.format {
		case "odt":
			data, dp = odt(d)
		case "docx":
			data, dp = docx(d)
		case "pdf":
			data, dp = pdfFile(d, i%2 == 0)
		}
		rel := fmt.Sprintf("%s/%s-%03d.%s", k.format, k.size, i, k.format)
		g.write(rel, data, append(dp, planted...), fmt.Sprintf("%s\t%s\t%d\t%d", k.format, k.size, k.photos, k.paras))
	})
}

// newSpec draws the people, places and dates of one document.
func newSpec(r *rng, paras int) docSpec {
	d := docSpec{r: r, paras: paras, title: heading(r)}
	d.initial = personName(r)
	d.author = personName(r)
	if r.intn(2) == 0 {
		d.comment = personName(r)
	}
	d.printer = "HP_LaserJet_M507_Room_" + fmt.Sprint(100+r.intn(400)) + "_" + hexID(r, 4)
	w := words[r.intn(len(words))]
	d.company = "Coalition for " + strings.ToUpper(w[:1]) + w[1:] + " Rights " + hexID(r, 4)
	mon, day := 1+r.intn(12), 1+r.intn(28)
	d.created = fmt.Sprintf("2024-%02d-%02dT%02d:%02d:%02d", mon, day, 8+r.intn(10), r.intn(60), r.intn(60))
	d.modified = fmt.Sprintf("2024-%02d-%02dT%02d:%02d:%02d", mon, min(28, day+1+r.intn(10)), 8+r.intn(10), r.intn(60), r.intn(60))
	return d
}

func (g *gen) memory(images, pages int) {
	if images > 0 {
		cam := g.pool(min(images, g.opt.PhotoPool), cameraSizes, 1, 18)
		r := newRNG(g.seed + 99)
		d := newSpec(r, 20)
		for j := range images {
			p := cam[j%len(cam)]
			m := newPhotoMeta(r, p.w, p.h, d.initial)
			d.images = append(d.images, cameraJPEG(p, m, g.seed+uint64(j)))
			d.imgDims = append(d.imgDims, [2]int{p.w, p.h})
		}
		data, planted := pdfFile(d, false)
		g.write("pdf/image-heavy.pdf", data, planted, "pdf\tmem\t0\t0")
	}
	if pages > 0 {
		r := newRNG(g.seed + 98)
		// About 5 lines per paragraph, 60 lines per page.
		d := newSpec(r, pages*12)
		data, planted := pdfFile(d, false)
		g.write("pdf/object-heavy.pdf", data, planted, "pdf\tmem\t0\t0")
	}
}

func (g *gen) write(rel string, data []byte, planted []string, row string) {
	path := filepath.Join(g.out, CorpusDir, filepath.FromSlash(rel))
	err := os.MkdirAll(filepath.Dir(path), 0o755)
	if err == nil {
		err = os.WriteFile(path, data, 0o644)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if err != nil {
		g.err = errors.Join(g.err, err)
		return
	}
	g.stats.Files++
	g.stats.Bytes += int64(len(data))
	seen := map[string]bool{}
	for _, v := range planted {
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		if strings.HasSuffix(rel, ".pdf") && !bytes.Contains(data, []byte(v)) {
			// PDF values are stored as they are (zip members are
			// deflated: bench/leak checks those).
			g.err = errors.Join(g.err, fmt.Errorf("%s: planted value %q not in the file", rel, v))
		}
		g.plant = append(g.plant, rel+"\t"+v)
	}
	g.man = append(g.man, fmt.Sprintf("%s\t%d\t%s", rel, len(data), row))
}

func (g *gen) finish(stamp string) (Stats, error) {
	if g.err != nil {
		return g.stats, g.err
	}
	sort.Strings(g.plant)
	sort.Strings(g.man)
	files := map[string]string{
		PlantedFile:    "# file\tvalue that identifies someone and must not survive cleaning\n" + strings.Join(g.plant, "\n") + "\n",
		"MANIFEST.tsv": cmp.Or(g.head, "file\tbytes\tformat\tsize\tphotos\tparagraphs") + "\n" + strings.Join(g.man, "\n") + "\n",
		"STAMP":        stamp,
	}
	for name, s := range files {
		if err := os.WriteFile(filepath.Join(g.out, name), []byte(s), 0o644); err != nil {
			return g.stats, err
		}
	}
	return g.stats, nil
}
