package pdf

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

var configOnce sync.Once

// disableConfigDir stops pdfcpu from creating its configuration folder
// (config.yml with a timestamp, fonts, certificates) under the user's
// $XDG_CONFIG_HOME: scrub must leave no trace on the user's disk. It runs
// before any other pdfcpu call.
func disableConfigDir() {
	configOnce.Do(api.DisableConfigDir)
}

// config returns the pdfcpu configuration for one read of a file of size
// bytes: no config folder, offline, relaxed parsing, no stream decoding
// beyond what reading needs, and resource limits taken from env.
func config(env *scrub.Env, password string, size int64) *model.Configuration {
	disableConfigDir()
	conf := model.NewDefaultConfiguration()
	conf.Offline = true
	conf.Cmd = model.VALIDATE
	conf.ValidationMode = model.ValidationRelaxed
	conf.DecodeAllStreams = false
	conf.CheckFileNameExt = false
	conf.UserPW = password
	conf.OwnerPW = password
	l := &conf.Limits
	member := env.Limits.MaxMemberSize
	l.MaxStreamBytes = member
	l.MaxDecodeBytes = member
	l.MaxImageBytes = member
	// pdfcpu allocates a table entry for every object an xref section
	// declares, before it reads them: a 500-byte file declaring 20
	// million objects would cost 150 MiB. A real file has at most one
	// object per byte (an xref entry takes more than one), so the
	// declared count is bounded by the size too, and by what the
	// decompression budget allows pdfcpu to hold (see objectCost).
	objects := min(maxObjects(env), int(min(max(size, 1<<16), math.MaxInt32)),
		int(min(env.Limits.MaxTotalSize/objectCost, math.MaxInt32)))
	l.MaxObjectCount = objects
	l.MaxXRefEntries = objects
	l.MaxObjectStreamCount = min(l.MaxObjectStreamCount, objects)
	return conf
}

// objectCost is what pdfcpu holds in memory for each object of a parsed
// PDF: measured at about 1.4 KiB live (2.7 KiB resident) per small object,
// some twenty times the file size for a file made of tiny objects. It is
// charged to the input's decompression budget (env.Consume), so that
// the total-size limit bounds the memory a PDF can take, as it does for zip
// members: 2 GiB by default, some 1.4 million objects.
const objectCost = 1536

func tooManyObjects(env *scrub.Env, n int64) error {
	return scrub.OverLimit(formatName, scrub.LimitTotalSize,
		fmt.Sprintf("the PDF has %d objects: holding them takes more memory than the limit of %d MiB allows", n, env.Limits.MaxTotalSize>>20))
}

// maxObjects is the most objects one PDF may hold (env.Limits.MaxMembers is
// in thousands for PDF).
func maxObjects(env *scrub.Env) int { return env.Limits.MaxMembers * 1000 }

// doc is one parsed PDF and what processing it found.
type doc struct {
	ctx   context.Context
	env   *scrub.Env
	x     *model.Context
	src   io.ReaderAt // the file, and its size
	size  int64
	clean bool // Clean (edit and write) rather than Inspect
	parts bool // Parts: the rebuild runs for the visible strings only

	raw        rawInfo
	ownerOnly  bool // encrypted with an empty user password
	decrypted  bool // opened with the password the user gave
	findings   []scrub.Finding
	warnings   []scrub.Warning
	reports    map[string]*aggregate
	visible    []string     // kept strings the reader sees (for Parts)
	partBuf    bytes.Buffer // Parts: the stream being listed, inflated
	sigRemoved bool
	sigNames   []string
	xfaRemoved bool
	err        error

	// The rebuild (rebuild.go).
	out     []types.Object // the cleaned document's objects; object n is out[n-1]
	outNum  map[outKey]int
	queue   []queued
	touched objectSet     // objects of the file the rebuild looked at
	noted   map[int]bool  // objects whose removal was recorded
	charged map[int]error // object streams charged to the budget, and the outcome

	pagesRoot  int
	pageCount  int
	pages      map[int]int    // page object in the file -> its number in the output
	pageParent map[int]int    // output page -> output parent node
	pageWhere  map[int]string // output page -> "page N"
	direct     []directPage   // pages that are direct objects in the file

	annotKept map[int]bool   // annotation -> whether a page keeps it
	annotPage map[int]string // annotation -> "page N"
	fieldOK   map[int]bool   // form field -> whether it stays
	fieldFT   map[int]string // form field -> its (inherited) field type

	destAlive     map[string]bool // named destination -> whether it leads to a page of the document
	structDecided map[int]bool    // structure element -> whether it stays
	structPg      map[int]int     // structure element -> the page it (or an ancestor) names
	structParent  map[int]int     // structure element -> its parent element (-1: the root)
	structRootOut int
	notedPage     map[int]bool
	contentOf     map[int]string // page content stream -> "page N"

	// The hidden-content analysis (hidden.go).
	pageList []pageEntry         // the pages, in order, with what they inherit
	plans    map[int]*streamPlan // content streams the analysis read: what cleaning does with them
	overlays map[string][]byte   // page -> what it paints over its content (redactions applied)
	// pictures no page draws any more (RemoveHidden), left out of the
	// XObject resources the analysis read
	dropImages map[int]bool
	xobjMaps   map[any]bool
}

// objectSet is a set of object numbers: a slice when the numbers are
// dense (they are in real files), a map when a crafted file uses huge
// ones.
type objectSet struct {
	dense  []bool
	sparse map[int]bool
}

func newObjectSet(x *model.Context) objectSet {
	maxNr := 0
	for n := range x.Table {
		maxNr = max(maxNr, n)
	}
	if maxNr <= 4*len(x.Table)+1024 {
		return objectSet{dense: make([]bool, maxNr+1)}
	}
	return objectSet{sparse: map[int]bool{}}
}

func (s *objectSet) add(n int) {
	switch {
	case n >= 0 && n < len(s.dense):
		s.dense[n] = true
	case s.sparse != nil:
		s.sparse[n] = true
	}
}

func (s *objectSet) has(n int) bool {
	if n >= 0 && n < len(s.dense) {
		return s.dense[n]
	}
	return s.sparse[n]
}

// load parses the PDF. Panics inside pdfcpu become ErrMalformed errors.
func load(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, clean bool) (*doc, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	raw, err := scanRaw(ctx, r, size)
	if err != nil {
		return nil, err
	}
	if zipOutside(r, size, raw) {
		return nil, scrub.Unsupported(formatName, "the file is both a PDF and a zip archive (a polyglot)",
			"cleaning one view of a polyglot would leave the other: print the PDF to a new PDF (or extract the archive) and clean that")
	}
	// pdfcpu loads every object before anything can be checked: charge
	// their memory first (the count of object headers is a close
	// estimate), and the rest once the real count is known.
	if err := env.Consume(raw.objects * objectCost); err != nil {
		return nil, tooManyObjects(env, raw.objects)
	}
	x, err := read(ctx, env, r, size, "")
	ownerOnly, decrypted := false, false
	if errors.Is(err, pdfcpu.ErrWrongPassword) {
		if env.Policy.Password == "" {
			return nil, scrub.Encrypted(formatName, "the PDF needs a password to open",
				"if you know the password, run scrub again and give it the password")
		}
		x, err = read(ctx, env, r, size, env.Policy.Password)
		if errors.Is(err, pdfcpu.ErrWrongPassword) {
			return nil, scrub.Encrypted(formatName, "the password given does not open this PDF",
				"check the password (it is case-sensitive)")
		}
		decrypted = true
	}
	if err != nil {
		return nil, classify(err)
	}
	if x.Encrypt != nil && !decrypted {
		ownerOnly = true
	}
	if n := len(x.Table); n > maxObjects(env) {
		return nil, scrub.OverLimit(formatName, scrub.LimitMembers,
			fmt.Sprintf("the PDF has %d objects, more than the limit of %d", n, maxObjects(env)))
	}
	if more := int64(len(x.Table)) - raw.objects; more > 0 {
		if err := env.Consume(more * objectCost); err != nil {
			return nil, tooManyObjects(env, int64(len(x.Table)))
		}
	}
	d := &doc{
		ctx: ctx, env: env, x: x, clean: clean, raw: raw,
		ownerOnly: ownerOnly, decrypted: decrypted,
		reports: map[string]*aggregate{},
		outNum:  map[outKey]int{}, noted: map[int]bool{}, charged: map[int]error{},
		pages: map[int]int{}, pageParent: map[int]int{}, pageWhere: map[int]string{},
		annotKept: map[int]bool{}, annotPage: map[int]string{}, fieldOK: map[int]bool{}, fieldFT: map[int]string{},
		destAlive: map[string]bool{}, structDecided: map[int]bool{}, structPg: map[int]int{}, structParent: map[int]int{},
		notedPage: map[int]bool{}, contentOf: map[int]string{}, plans: map[int]*streamPlan{}, overlays: map[string][]byte{},
		dropImages: map[int]bool{}, xobjMaps: map[any]bool{},
	}
	d.touched = newObjectSet(x)
	d.src, d.size = r, size
	if x.Root == nil {
		return nil, scrub.Malformed(formatName, nil, "the PDF has no document catalog")
	}
	if root, _ := d.resolveDict(*x.Root); root == nil {
		return nil, scrub.Malformed(formatName, nil, "the PDF has no document catalog")
	}
	// A catalog must be a dictionary: a stream in its place (a second
	// object of the same number) reads here, but not once rewritten.
	if v, _ := d.resolve(*x.Root); v != nil {
		if _, ok := v.(types.Dict); !ok {
			return nil, scrub.Malformed(formatName, nil, "the document catalog is not a dictionary")
		}
	}
	return d, nil
}

// read runs pdfcpu's reader; its panics are contained (see contain).
func read(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, password string) (x *model.Context, err error) {
	defer contain(&err)
	return pdfcpu.ReadWithContext(ctx, io.NewSectionReader(r, 0, size), config(env, password, size))
}

// parseCost is what pdfcpu holds in memory per byte of an object's
// syntax: an array of small numbers takes 16 bytes an element for two
// bytes of text, nested empty arrays and dictionaries up to some 25 times
// their text. An object stream is charged at this rate for its decoded
// bytes the first time one of its objects is needed (before pdfcpu
// decodes it), so that a small file of compressed arrays is refused at
// once instead of taking gigabytes: the memory pdfcpu can hold stays
// within the budget, and the decoded streams within it again.
const parseCost = 24

// chargeLazy charges the input's budget for the object stream object n
// lives in, once.
func (d *doc) chargeLazy(_ int, e *model.XRefTableEntry, _ *types.LazyObjectStreamObject) error {
	s := e.ObjectStream
	if s == nil {
		return nil
	}
	err, done := d.charged[*s]
	if !done {
		err = d.chargeObjectStream(*s)
		d.charged[*s] = err
	}
	return err
}

// chargeObjectStream charges the decoded size of object stream s, and
// what its objects take once parsed.
func (d *doc) chargeObjectStream(s int) error {
	e, ok := d.x.Table[s]
	if !ok || e == nil {
		return nil
	}
	osd, ok := e.Object.(types.ObjectStreamDict)
	if !ok {
		return nil
	}
	chain, err := d.filterChain(osd.Dict)
	if err != nil {
		return nil
	}
	limit := d.env.Limits.MaxMemberSize
	var size int64
	if len(chain) == 1 && chain[0].name == "FlateDecode" && !predicted(chain[0].parms) {
		size = inflatedSize(osd.Raw, limit)
	} else if len(chain) == 0 {
		size = int64(len(osd.Raw))
	} else {
		return nil // pdfcpu's decode is bounded by the member limit
	}
	if size > limit {
		return streamLimit(fmt.Sprintf("object stream %d", s), limit)
	}
	if err := d.env.Consume(size * (1 + parseCost)); err != nil {
		return scrub.OverLimit(formatName, scrub.LimitTotalSize,
			fmt.Sprintf("the PDF's compressed objects take more memory than the limit of %d MiB allows", d.env.Limits.MaxTotalSize>>20))
	}
	return nil
}

// classify turns a pdfcpu read error into a scrub error.
func classify(err error) error {
	var fe *scrub.FormatError
	switch {
	case errors.As(err, &fe):
		return err
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, pdfcpu.ErrUnsupportedEncryptionFeature):
		return &scrub.FormatError{Format: formatName, Kind: scrub.ErrEncrypted,
			Reason: "the PDF uses an encryption scrub cannot open (certificate-based?)",
			Hint:   "remove the encryption in the application that made the file, then run scrub again", Err: err}
	case errors.Is(err, pdfcpu.ErrMalformedEncryption):
		return scrub.Malformed(formatName, err, "the PDF's encryption data is damaged")
	case errors.Is(err, pdfcpu.ErrPermissionDenied):
		return &scrub.FormatError{Format: formatName, Kind: scrub.ErrEncrypted,
			Reason: "the PDF's permissions do not allow it to be rewritten", Err: err}
	}
	return &scrub.FormatError{Format: formatName, Kind: scrub.ErrMalformed, Reason: "the PDF could not be read",
		Hint: "the file may be damaged: save it again from a PDF reader (or print it to a new PDF) and clean that copy", Err: err}
}

// rawInfo is what the raw bytes say about the file's revisions.
type rawInfo struct {
	eofs       int   // "startxref N %%EOF" trailers: one per revision (two in a linearized file)
	linearized bool  // the first object is a linearization dictionary
	lastXRef   int64 // offset of the last xref section, -1 if unknown
	headerAt   int   // bytes before the %PDF- header
	trailing   int64 // bytes other than white space after the last %%EOF
	end        int64 // offset just after the last %%EOF, 0 if none
	objects    int64 // "N 0 obj" headers: about how many objects pdfcpu will load
}

// earlier returns the number of earlier revisions the file carries.
func (r rawInfo) earlier() int {
	n := r.eofs - 1
	if r.linearized {
		n--
	}
	return max(n, 0)
}

var objKeyword = []byte(" 0 obj")

var (
	startxrefRe  = regexp.MustCompile(`startxref[\x00\t\n\f\r ]+(\d{1,15})[\x00\t\n\f\r ]*%%EOF`)
	linearizedRe = regexp.MustCompile(`<<[^>]{0,200}/Linearized[\x00\t\n\f\r ]`)
)

// scanRaw counts the file's revisions from its raw bytes. It reads the file
// once in chunks.
func scanRaw(ctx context.Context, r io.ReaderAt, size int64) (rawInfo, error) {
	info := rawInfo{lastXRef: -1}
	var lastEOF int64
	const chunk, overlap = 1 << 20, 64
	buf := make([]byte, min(int64(chunk+overlap), size)) // most files are smaller than a chunk
	for off := int64(0); off < size; off += chunk {
		if err := ctx.Err(); err != nil {
			return info, err
		}
		n, err := r.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		if err != nil && err != io.EOF {
			return info, fmt.Errorf("reading: %w", err)
		}
		b := buf[:n]
		if off == 0 {
			head := b[:min(len(b), 2048)]
			info.linearized = linearizedRe.Match(head)
			info.headerAt = max(headerOffset(head), 0)
		}
		// Matches starting in the overlap are counted with the next
		// chunk: the pattern is six bytes.
		info.objects += int64(bytes.Count(b[:min(n, chunk+5)], objKeyword))
		for _, m := range startxrefRe.FindAllSubmatchIndex(b, -1) {
			// A match starting in the overlap is found again in the
			// next chunk, unless this is the last one.
			if m[0] >= chunk && off+int64(n) < size {
				continue
			}
			info.eofs++
			if v, err := strconv.ParseInt(string(b[m[2]:m[3]]), 10, 64); err == nil {
				info.lastXRef = v
			}
			lastEOF = off + int64(m[1])
		}
	}
	info.end = lastEOF
	if lastEOF > 0 && lastEOF < size {
		tail := io.NewSectionReader(r, lastEOF, size-lastEOF)
		buf := make([]byte, min(64<<10, size-lastEOF))
		for {
			n, err := tail.Read(buf)
			for _, c := range buf[:n] {
				switch c {
				case 0, '\t', '\n', '\f', '\r', ' ':
				default:
					info.trailing++
				}
			}
			if err != nil {
				break
			}
		}
	}
	return info, nil
}

// zipOutside reports whether the file is also a zip archive that lies
// outside the PDF: a zip reader opens it, and the archive's end record is
// after the last %%EOF or before the PDF header (a PDF and an archive glued
// together, in either order). An archive inside the PDF, in a stream (a
// LibreOffice hybrid PDF's /AdditionalStreams), is not one: the PDF owns
// those bytes and cleaning decides their fate.
func zipOutside(r io.ReaderAt, size int64, raw rawInfo) bool {
	n := min(size, 0xffff+22)
	tail := make([]byte, n)
	if m, err := r.ReadAt(tail, size-n); int64(m) != n && err != nil {
		return false
	}
	i := bytes.LastIndex(tail, []byte("PK\x05\x06"))
	if i < 0 {
		return false
	}
	if at := size - n + int64(i); at >= int64(raw.headerAt) && at < raw.end {
		return false
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return false
	}
	return zr != nil && len(zr.File) > 0
}

// idDigest returns the /ID scrub writes for a file whose bytes before the
// xref table are body: the first 16 bytes of their SHA-256.
func idDigest(h []byte) []byte { return h[:16] }

// ourID reports whether the trailer /ID is the digest of the bytes before
// the last xref section of a file of one revision, i.e. scrub wrote this
// file and nobody edited it since: the digest it writes (streamDigest),
// or the SHA-256 of every byte that scrub wrote before de570b5, so that
// copies cleaned then still check clean. It reads the file (the hash is
// the cost), so it is asked only where the answer is reported.
func (d *doc) ourID() bool {
	x, lastXRef := d.x, d.raw.lastXRef
	if d.raw.earlier() != 0 || len(x.ID) != 2 || lastXRef <= 0 || lastXRef >= d.size {
		return false
	}
	a, ok1 := idBytes(x.ID[0])
	b, ok2 := idBytes(x.ID[1])
	if !ok1 || !ok2 || len(a) != 16 || !bytes.Equal(a, b) {
		return false
	}
	buf := make([]byte, 256<<10)
	if d.streamDigest(lastXRef, buf, a) {
		return true
	}
	h := sha256.New()
	if _, err := io.CopyBuffer(h, io.NewSectionReader(d.src, 0, lastXRef), buf); err != nil {
		return false
	}
	return bytes.Equal(idDigest(h.Sum(nil)), a)
}

// streamDigest reports whether id is the digest the writer computes for
// the bytes before lastXRef (see writer.go): the data of the streams, as
// the parser found them, stand as their streamRecord. A file scrub did not
// write fails somewhere here or in the digest.
func (d *doc) streamDigest(lastXRef int64, buf, id []byte) bool {
	type span struct{ start, end int64 }
	var streams []span
	for _, e := range d.x.Table {
		if e == nil || e.Free {
			continue
		}
		if sd, ok := e.Object.(types.StreamDict); ok {
			if sd.StreamLength == nil || sd.StreamOffset <= 0 || *sd.StreamLength < 0 {
				return false
			}
			streams = append(streams, span{sd.StreamOffset, sd.StreamOffset + *sd.StreamLength})
		}
	}
	sort.Slice(streams, func(i, j int) bool { return streams[i].start < streams[j].start })
	h := sha256.New()
	crc := crc32.New(castagnoli)
	at := int64(0)
	for _, s := range streams {
		if s.start < at || s.end > lastXRef {
			return false
		}
		if _, err := io.CopyBuffer(h, io.NewSectionReader(d.src, at, s.start-at), buf); err != nil {
			return false
		}
		crc.Reset()
		if _, err := io.CopyBuffer(crc, io.NewSectionReader(d.src, s.start, s.end-s.start), buf); err != nil {
			return false
		}
		h.Write(streamRecord(s.end-s.start, crc.Sum32()))
		at = s.end
	}
	if _, err := io.CopyBuffer(h, io.NewSectionReader(d.src, at, lastXRef-at), buf); err != nil {
		return false
	}
	return bytes.Equal(idDigest(h.Sum(nil)), id)
}

func idBytes(o types.Object) ([]byte, bool) {
	switch v := o.(type) {
	case types.HexLiteral:
		b, err := v.Bytes()
		return b, err == nil
	case types.StringLiteral:
		b, err := types.Unescape(v.Value())
		return b, err == nil
	}
	return nil, false
}
