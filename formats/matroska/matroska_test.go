package matroska_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/formats/jpeg"
	"github.com/scrub-project/scrub/formats/matroska"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// registry holds the Matroska handler and, for attached pictures, the
// JPEG one.
func registry() *scrub.Registry {
	r := scrub.NewRegistry()
	r.Register(matroska.New())
	r.Register(jpeg.New())
	return r
}

func env() *scrub.Env { return scrub.NewEnv(registry(), scrub.Limits{}, scrub.Policy{}) }

func clean(t testing.TB, in []byte, name string) ([]byte, []scrub.Warning) {
	t.Helper()
	return scrubtest.Clean(t, registry(), name, in, scrub.Policy{})
}

// node is an element of a parsed file.
type node struct {
	id   uint32
	off  int
	data []byte
	kids []node
}

var masters = map[uint32]bool{eSegment: true, eSeekHead: true, eSeek: true, eInfo: true, eTracks: true, eTrackEntry: true,
	eCluster: true, eBlockGroup: true, eCues: true, eCuePoint: true, eCueTrackPos: true, eChapters: true, eEditionEntry: true,
	eChapterAtom: true, eChapDisplay: true, eChapTrack: true, eTags: true, eTag: true, eSimpleTag: true, eAttachments: true,
	eAttachedFile: true, eAudio: true, eEBML: true, eTargets: true}

// parse reads EBML strictly: every size inside its parent, unknown sizes
// only for segments and clusters.
func parse(t testing.TB, b []byte, base int) []node {
	t.Helper()
	var out []node
	for p := 0; p < len(b); {
		n := 1
		for b[p]&(0x80>>(n-1)) == 0 {
			n++
		}
		var id uint32
		for _, c := range b[p : p+n] {
			id = id<<8 | uint32(c)
		}
		l := 1
		for b[p+n]&(0x80>>(l-1)) == 0 {
			l++
		}
		size := uint64(b[p+n] & (0xff >> l))
		for _, c := range b[p+n+1 : p+n+l] {
			size = size<<8 | uint64(c)
		}
		start := p + n + l
		var end int
		if size == 1<<(7*l)-1 {
			if id != eSegment && id != eCluster {
				t.Fatalf("unknown size for %X", id)
			}
			end = len(b)
			if id == eCluster { // ends at the next cluster or top-level element
				for q := start; q < len(b); {
					kid := parse(t, b[q:q+elemLen(t, b[q:])], base+q)[0]
					if kid.id == eCluster || kid.id == eCues || kid.id == eTags {
						end = q
						break
					}
					q += elemLen(t, b[q:])
				}
			}
		} else {
			end = start + int(size)
			if end > len(b) {
				t.Fatalf("element %X at %d runs past its parent", id, base+p)
			}
		}
		nd := node{id: id, off: base + p, data: b[start:end]}
		if masters[id] {
			nd.kids = parse(t, b[start:end], base+start)
		}
		out = append(out, nd)
		p = end
	}
	return out
}

func elemLen(t testing.TB, b []byte) int {
	n := 1
	for b[0]&(0x80>>(n-1)) == 0 {
		n++
	}
	l := 1
	for b[n]&(0x80>>(l-1)) == 0 {
		l++
	}
	size := uint64(b[n] & (0xff >> l))
	for _, c := range b[n+1 : n+l] {
		size = size<<8 | uint64(c)
	}
	if size == 1<<(7*l)-1 {
		return n + l
	}
	return n + l + int(size)
}

func ids(ns []node) string {
	var s []string
	for _, n := range ns {
		s = append(s, fmt.Sprintf("%X", n.id))
	}
	return strings.Join(s, " ")
}

func find(ns []node, id uint32) []node {
	var out []node
	for _, n := range ns {
		if n.id == id {
			out = append(out, n)
		}
	}
	return out
}

func segmentKids(t testing.TB, b []byte) []node {
	t.Helper()
	top := parse(t, b, 0)
	segs := find(top, eSegment)
	if len(segs) != 1 {
		t.Fatalf("%d segments", len(segs))
	}
	return segs[0].kids
}

func TestSynthetic(t *testing.T) {
	for _, f := range []fixture{
		{prefix: "MKV", clusters: 4},
		{prefix: "WEBM", webm: true, clusters: 3},
		{prefix: "LIVE", unknown: true, clusters: 3},
	} {
		name := f.prefix + ".mkv"
		if f.webm {
			name = f.prefix + ".webm"
		}
		t.Run(f.prefix, func(t *testing.T) {
			in, planted := f.build()
			out := scrubtest.RoundTrip(t, registry(), name, in, planted...)
			kids := segmentKids(t, out)
			want := "114D9B74 EC 1549A966 1654AE6B 1043A770 EC EC"
			for range f.clusters {
				want += " 1F43B675"
			}
			want += " 1C53BB6B"
			if got := ids(kids); got != want {
				t.Errorf("segment children %s\nwant %s", got, want)
			}
			// Nothing moved in its segment: every element kept starts
			// where it did (the EBML header before may shrink).
			inKids := segmentKids(t, in)
			shift := inKids[0].off - kids[0].off
			for i, k := range kids {
				if k.off+shift != inKids[i].off {
					t.Errorf("element %X moved from %d to %d", k.id, inKids[i].off, k.off+shift)
				}
			}
			// The clusters are the original's, but for the cluster that
			// held an unknown element, a Void with data and a checksum.
			for i, c := range find(kids, eCluster) {
				orig := find(inKids, eCluster)[i]
				if i != 1 && !bytes.Equal(c.data, orig.data) {
					t.Errorf("cluster %d changed", i)
				}
				if i == 1 {
					if got := ids(c.kids); !strings.HasPrefix(got, "EC E7 A3") || !strings.HasSuffix(got, "A3 EC EC") {
						t.Errorf("cluster 1 children %s", got)
					}
				}
			}
			// Tags and the Void after them are cut; the segment says so.
			if len(out)+shift != find(inKids, eTags)[0].off {
				t.Errorf("the clean copy has %d bytes, want it cut at the tags (%d)", len(out)+shift, find(inKids, eTags)[0].off)
			}
			// The SeekHead lost its entries for attachments and tags.
			if n := len(find(kids[0].kids, eSeek)); n != 4 {
				t.Errorf("%d seek entries, want 4", n)
			}
			info := find(kids, eInfo)[0]
			if got := ids(info.kids); got != "2AD7B1 4489 4D80 5741 EC" {
				t.Errorf("Info children %s", got)
			}
			for _, k := range info.kids {
				if (k.id == eMuxing || k.id == eWriting) && len(k.data) != 0 {
					t.Errorf("%X kept %q", k.id, k.data)
				}
			}
			if has("ffmpeg", "ffprobe") {
				sameMedia(t, in, out, ".mkv", "2.3")
			}
			if has("exiftool") {
				if bad := identifying(exiftool(t, out, ".mkv")); len(bad) > 0 {
					t.Errorf("exiftool still finds %v", bad)
				}
			}
		})
	}
}

// TestUIDs: track, edition and chapter UIDs are renumbered in the order
// of their values, references follow, and numbering is stable.
func TestUIDs(t *testing.T) {
	in, _ := fixture{prefix: "UID", clusters: 1}.build()
	out, _ := clean(t, in, "x.mkv")
	kids := segmentKids(t, out)
	uids := map[uint32][]uint64{}
	var walk func(ns []node)
	walk = func(ns []node) {
		for _, n := range ns {
			switch n.id {
			case eTrackU, eEditionUID, eChapterUID, eChapTrackUID:
				var v uint64
				for _, c := range n.data {
					v = v<<8 | uint64(c)
				}
				uids[n.id] = append(uids[n.id], v)
			}
			walk(n.kids)
		}
	}
	walk(kids)
	// The subtitle track's UID (0x5b7171e5) is smaller than the audio
	// track's (0x7a11ce5ec2e7): 2 and 1 swap to 1 and 2 by value.
	if fmt.Sprint(uids[eTrackU]) != "[2 1]" || fmt.Sprint(uids[eChapTrackUID]) != "[2]" ||
		fmt.Sprint(uids[eEditionUID]) != "[1]" || fmt.Sprint(uids[eChapterUID]) != "[1]" {
		t.Errorf("UIDs %v", uids)
	}
	// The chapter keeps its times and name.
	ch := find(kids, eChapters)[0]
	if !bytes.Contains(ch.data, []byte("Opening words")) || !bytes.Contains(ch.data, el(eChapEnd, []byte{0x1d, 0xcd, 0x65, 0x00})) {
		t.Error("the chapter lost its name or times")
	}
	var reported bool
	for _, f := range scrubtest.Inspect(t, registry(), "x.mkv", in) {
		reported = reported || f.Value == "Opening words" && f.Action == scrub.Report && f.Label == scrub.LabelOutline
	}
	if !reported {
		t.Error("the chapter name is not reported")
	}
}

func TestFindings(t *testing.T) {
	in, _ := fixture{prefix: "FND", clusters: 2}.build()
	fs := scrubtest.Inspect(t, registry(), "x.mkv", in)
	want := map[string]scrub.Label{
		"FND-TITLE": scrub.LabelTitle, "2023-03-08 20:26:40 UTC": scrub.LabelCreated, "/home/FND-user/seg.mkv": scrub.LabelFilePath,
		"FND-WRITER": scrub.LabelSoftware, "FND-TRACK-NAME": scrub.LabelTitle, "FND-CODEC-NAME": scrub.LabelSoftware,
		"FND-TAG-ARTIST": scrub.LabelAuthor, "+48.8577+002.2950/": scrub.LabelGPS, "FND-PHONE-MODEL": scrub.LabelCamera,
		"FND-NESTED-TAG": scrub.LabelMetadata, "FND-TRACK-ENCODER": scrub.LabelSoftware, "FND-FILE-DESCRIPTION": scrub.LabelDescription,
		"FND-COVER-ARTIST": scrub.LabelAuthor, "FND-COVER-SERIAL": scrub.LabelSerial, "7a11ce5ec2e7": scrub.LabelDocumentID,
		fmt.Sprintf("%x", id16("FND-SEGUID")): scrub.LabelDocumentID,
	}
	for _, f := range fs {
		if !scrub.KnownLabel(f.Label) {
			t.Errorf("finding %s %s has label %q", f.Where, f.Field, f.Label)
		}
		if l, ok := want[f.Value]; ok {
			if f.Label != l || f.Action != scrub.Remove {
				t.Errorf("%s: label %s action %s, want %s remove", f.Value, f.Label, f.Action, l)
			}
			delete(want, f.Value)
		}
	}
	for v := range want {
		t.Errorf("no finding for %s", v)
	}
	for _, s := range []string{"FND-cover.jpg", "FND-INFO-UNKNOWN", "FND-TRACK-UNKNOWN", "FND-CHAPPROCESS", "FND-CLUSTER-UNKNOWN",
		"FND-CLUSTER-VOID", "FND-SEGMENT-VOID", "FND-TOP-UNKNOWN", "FND-EBML-UNKNOWN", "FND-MUXER"} {
		found := false
		for _, f := range fs {
			found = found || strings.Contains(f.Value, s) && f.Action == scrub.Remove
		}
		if !found {
			t.Errorf("no finding shows %s", s)
		}
	}
	_, ws := clean(t, in, "x.mkv")
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "attached") {
		t.Errorf("warnings %+v", ws)
	}
}

// TestCleanUnchanged: a file with nothing to remove comes out as it was.
func TestCleanUnchanged(t *testing.T) {
	for _, f := range []fixture{{prefix: "C", clusters: 2, clean: true}, {prefix: "C", clusters: 2, clean: true, unknown: true}} {
		in, _ := f.build()
		out, ws := clean(t, in, "x.mkv")
		if !bytes.Equal(out, in) || len(ws) > 0 {
			t.Errorf("a clean file changed (%d -> %d bytes, %v)", len(in), len(out), ws)
		}
		if fs := scrubtest.Inspect(t, registry(), "x.mkv", in); scrub.Removable(fs) {
			t.Errorf("a clean file has findings: %+v", fs)
		}
	}
}

func TestIdentify(t *testing.T) {
	h := matroska.New()
	mkv, _ := fixture{prefix: "I", clusters: 1}.build()
	webm, _ := fixture{prefix: "I", webm: true, clusters: 1}.build()
	other := bytes.Replace(mkv[:60], []byte("matroska"), []byte("matrosky"), 1)
	for _, tc := range []struct {
		in   []byte
		want string
	}{{mkv, "mkv"}, {webm, "webm"}, {other, ""}, {[]byte{0x1a, 0x45, 0xdf, 0xa3}, ""}, {nil, ""}, {[]byte("RIFF....WEBP"), ""}} {
		if got, err := h.Identify(tc.in[:min(len(tc.in), 4096)], bytes.NewReader(tc.in), int64(len(tc.in))); got != tc.want || err != nil {
			t.Errorf("Identify(% x) = %q, %v; want %q", tc.in[:min(len(tc.in), 12)], got, err, tc.want)
		}
	}
}

func TestParts(t *testing.T) {
	in, planted := fixture{prefix: "PRT", clusters: 2}.build()
	marker := []byte("SUBTITLE-PAYLOAD")
	in = bytes.Replace(in, []byte("subtitle 0"), marker[:10], 1)
	all := parts(t, in)
	for _, v := range planted {
		if v == "PRT-COVER-ARTIST" || v == "PRT-COVER-SERIAL" {
			continue // inside the JPEG: listed through its own handler
		}
		if !bytes.Contains(all, []byte(v)) {
			t.Errorf("the parts of the original miss %q", v)
		}
	}
	if !scrubtest.Contains(all, "PRT-COVER-ARTIST") {
		t.Error("the attached picture is not listed")
	}
	if bytes.Contains(all, marker[:10]) || bytes.Contains(all, pcm(3)[:64]) {
		t.Error("the parts include block payload")
	}
	out, _ := clean(t, in, "x.mkv")
	all = parts(t, out)
	for _, v := range planted {
		if bytes.Contains(all, []byte(v)) {
			t.Errorf("the parts of the cleaned copy still hold %q", v)
		}
	}
}

func parts(t *testing.T, b []byte) []byte {
	t.Helper()
	pl := matroska.New().(scrub.PartLister)
	var all []byte
	err := pl.Parts(context.Background(), env(), bytes.NewReader(b), int64(len(b)), func(p scrub.Part) error {
		d, err := io.ReadAll(p.R)
		all = append(all, d...)
		all = append(all, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// hostileCases are damaged or crafted files and the refusal each gets.
func hostileCases(t testing.TB) map[string]struct {
	in   []byte
	kind error
} {
	in, _ := fixture{prefix: "H", clusters: 2}.build()
	header := in[:bytes.Index(in, idb(eSegment))]
	seg := func(body ...[]byte) []byte {
		return append(append([]byte(nil), header...), el(eSegment, body...)...)
	}
	info := el(eInfo, u(eTimestampScale, 1000000), s(eMuxing, ""), s(eWriting, ""))
	// declared is a segment that says it holds more than the file has.
	declared := func(more int, body ...[]byte) []byte {
		b := join(body...)
		return append(append(append([]byte(nil), header...), append(idb(eSegment), vsize(len(b)+more)...)...), b...)
	}
	deep := el(eChapString, []byte("x"))
	for i := 0; i < 100; i++ {
		deep = el(eChapterAtom, deep)
	}
	bigSize := append(idb(eCluster), 0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe) // 2^48-ish
	cut := in[:len(in)/2]
	return map[string]struct {
		in   []byte
		kind error
	}{
		"empty":                {nil, scrub.ErrMalformed},
		"header only":          {header, scrub.ErrMalformed},
		"no header":            {el(eSegment, info), scrub.ErrMalformed},
		"cut in a cluster":     {cut, scrub.ErrMalformed},
		"huge size":            {seg(info, bigSize, make([]byte, 32)), scrub.ErrMalformed},
		"size past segment":    {seg(info, append(idb(eCluster), 0x88), u(eTimestamp, 0)), scrub.ErrMalformed},
		"invalid id":           {seg(info, []byte{0x00, 0x81, 0x00}), scrub.ErrMalformed},
		"unknown-size info":    {seg(unknownEl(eInfo, u(eTimestampScale, 1000000))), scrub.ErrMalformed},
		"unknown size in cl.":  {seg(info, el(eCluster, u(eTimestamp, 0), unknownEl(eBlockGroup, el(eBlock, []byte{0x81, 0, 0, 0})))), scrub.ErrMalformed},
		"deep chapters":        {seg(info, el(eChapters, el(eEditionEntry, deep))), scrub.ErrMalformed},
		"child past parent":    {seg(el(eInfo, append(idb(eTitle), 0x90, 'a'))), scrub.ErrMalformed},
		"uid not a number":     {seg(el(eTracks, el(eTrackEntry, el(eTrackU, make([]byte, 9))))), scrub.ErrMalformed},
		"other doctype":        {bytes.Replace(in, []byte("matroska"), []byte("notebook"), 1), scrub.ErrUnsupported},
		"id too long":          {append(append([]byte(nil), header...), 0x08, 0x01, 0x02, 0x03, 0x04, 0x81, 0x00), scrub.ErrMalformed},
		"size all zero bytes":  {seg(info, append(idb(eCluster), 0x00, 0x00)), scrub.ErrMalformed},
		"cut inside a header":  {append(append([]byte(nil), header...), 0x18, 0x53), scrub.ErrMalformed},
		"cluster cut at end":   {declared(100, info, append(idb(eCluster), 0x40, 0x40), make([]byte, 10)), scrub.ErrMalformed},
		"live cluster cut":     {append(append([]byte(nil), header...), unknownEl(eSegment, info, unknownEl(eCluster, u(eTimestamp, 0), append(idb(eSimpleBlock), 0x90, 1)))...), scrub.ErrMalformed},
		"void past end":        {declared(100, info, []byte{0xec, 0x90}), scrub.ErrMalformed},
		"attachment past end":  {seg(info, el(eAttachments, append(idb(eAttachedFile), 0x85, 1, 2))), scrub.ErrMalformed},
		"segment before ebml":  {append(el(eSegment, info), header...), scrub.ErrMalformed},
		"ebml header past end": {append(idb(eEBML), 0x90, 0x42, 0x82), scrub.ErrMalformed},
		"no doctype":           {append(el(eEBML, u(eEBMLVersion, 1)), el(eSegment, info)...), scrub.ErrUnsupported},
	}
}

func TestMalformed(t *testing.T) {
	h := matroska.New()
	for name, tc := range hostileCases(t) {
		t.Run(name, func(t *testing.T) {
			_, err := h.Clean(context.Background(), env(), bytes.NewReader(tc.in), int64(len(tc.in)), io.Discard)
			if !errors.Is(err, tc.kind) {
				t.Errorf("Clean: %v, want %v", err, tc.kind)
			}
			if _, err := h.Inspect(context.Background(), env(), bytes.NewReader(tc.in), int64(len(tc.in))); !errors.Is(err, tc.kind) {
				t.Errorf("Inspect: %v, want %v", err, tc.kind)
			}
		})
	}
	// More elements to change than the member limit.
	header := func() []byte {
		in, _ := fixture{prefix: "L", clusters: 1}.build()
		return in[:bytes.Index(in, idb(eSegment))]
	}()
	var voids [][]byte
	voids = append(voids, el(eInfo, u(eTimestampScale, 1000000)))
	for i := 0; i < 200; i++ {
		voids = append(voids, el(eVoid, []byte("x")), el(eCluster, u(eTimestamp, 0)))
	}
	many := append(header, el(eSegment, voids...)...)
	e := scrub.NewEnv(registry(), scrub.Limits{MaxMembers: 50}, scrub.Policy{})
	if _, err := h.Clean(context.Background(), e, bytes.NewReader(many), int64(len(many)), io.Discard); !errors.Is(err, scrub.ErrLimit) {
		t.Errorf("many elements: %v, want a limit error", err)
	}
}

// TestCutShortAtBoundary: a file that ends between two elements of its
// segment (exiftool's sample holds only the headers) is cleaned, with a
// warning, and its segment size is the clean copy's.
func TestCutShortAtBoundary(t *testing.T) {
	in, _ := fixture{prefix: "CUT", clusters: 2}.build()
	kids := segmentKids(t, in)
	c := find(kids, eCluster)[0]
	in = in[:c.off] // just before the first cluster
	out, ws := clean(t, in, "x.mkv")
	if len(ws) != 2 || !strings.Contains(ws[1].Message, "cut short") {
		t.Errorf("warnings %+v", ws)
	}
	segs := find(parse(t, out, 0), eSegment)
	if len(segs) != 1 || segs[0].off+12+len(segs[0].data) != len(out) {
		t.Error("the segment size is not the clean copy's")
	}
	scrubtest.AssertAbsent(t, out, "CUT-TITLE", "CUT-TRACK-NAME", "CUT-cover.jpg")
}

// TestTrailing: data after the last segment goes.
func TestTrailing(t *testing.T) {
	in, _ := fixture{prefix: "TR", clusters: 1, clean: true}.build()
	dirty := append(append([]byte(nil), in...), "TR-AFTER-THE-END"...)
	out := scrubtest.RoundTrip(t, registry(), "x.mkv", dirty, "TR-AFTER-THE-END")
	if !bytes.Equal(out, in) {
		t.Error("the clean copy is not the file without its tail")
	}
}

func BenchmarkClean(b *testing.B) {
	in, _ := fixture{prefix: "B", clusters: 200}.build()
	h := matroska.New()
	e := env()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.Clean(context.Background(), e, bytes.NewReader(in), int64(len(in)), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
