package matroska_test

import (
	"context"
	"encoding/binary"
	"io"
	"os"
	"runtime"
	"testing"

	"github.com/scrub-project/scrub/formats/matroska"
	"github.com/scrub-project/scrub/scrub"
)

// virtual is a large Matroska file made up as it is read: a header, the
// same cluster n times, and tags at the end.
type virtual struct {
	head, cluster, tail []byte
	n                   int64
}

func newVirtual(total int64) *virtual {
	payload := make([]byte, 1<<20)
	for i := range payload {
		payload[i] = byte(i * 31)
	}
	cluster := el(eCluster, u(eTimestamp, 0), block(1, 0, payload))
	n := total / int64(len(cluster))
	tail := el(eTags, el(eTag, el(eTargets), el(eSimpleTag, s(eTagName, "ARTIST"), s(eTagString, "BIG-ARTIST"))))
	header := el(eEBML, u(eEBMLVersion, 1), s(eDocType, "matroska"), u(eDocTypeVersion, 4), u(eDocTypeRead, 2))
	info := el(eInfo, u(eTimestampScale, 1000000), s(eTitle, "BIG-TITLE"), s(eMuxing, "big"), s(eWriting, "big"))
	tracks := el(eTracks, el(eTrackEntry, u(eTrackNumber, 1), u(eTrackU, 1), u(eTrackType, 2), s(eCodecID, "A_PCM/INT/LIT"),
		el(eAudio, f64(eSampling, 8000), u(eChannels, 1), u(eBitDepth, 16))))
	body := int64(len(info)+len(tracks)+len(tail)) + n*int64(len(cluster))
	seg := append(idb(eSegment), 0x01, 0, 0, 0, 0, 0, 0, 0)
	binary.BigEndian.PutUint64(seg[4:], uint64(body)|1<<56)
	head := join(header, seg, info, tracks)
	return &virtual{head: head, cluster: cluster, tail: tail, n: n}
}

func (v *virtual) Size() int64 {
	return int64(len(v.head)) + v.n*int64(len(v.cluster)) + int64(len(v.tail))
}

func (v *virtual) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for len(p) > 0 {
		if off >= v.Size() {
			return n, io.EOF
		}
		var src []byte
		switch c := int64(len(v.cluster)); {
		case off < int64(len(v.head)):
			src = v.head[off:]
		case off < int64(len(v.head))+v.n*c:
			src = v.cluster[(off-int64(len(v.head)))%c:]
		default:
			src = v.tail[off-int64(len(v.head))-v.n*c:]
		}
		k := copy(p, src)
		p, off, n = p[k:], off+int64(k), n+k
	}
	return n, nil
}

// heapWatch is a writer that discards and samples the heap now and then.
type heapWatch struct {
	written, next int64
	peak          uint64
}

func (h *heapWatch) Write(p []byte) (int, error) {
	h.written += int64(len(p))
	if h.written >= h.next {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		h.peak = max(h.peak, m.HeapInuse)
		h.next = h.written + 64<<20
	}
	return len(p), nil
}

// TestStreaming cleans a large file (512 MiB; 4.5 GiB with SCRUB_BIG=1)
// made up as it is read: the clusters are streamed, memory stays small,
// and the copy is the file less its tags.
func TestStreaming(t *testing.T) {
	total := int64(512 << 20)
	if os.Getenv("SCRUB_BIG") != "" {
		total = 4<<30 + 512<<20
	} else if testing.Short() {
		total = 64 << 20
	}
	v := newVirtual(total)
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	w := &heapWatch{}
	h := matroska.New()
	e := scrub.NewEnv(registry(), scrub.Limits{MaxInputSize: 8 << 30}, scrub.Policy{})
	fs, err := h.Inspect(context.Background(), e, v, v.Size())
	if err != nil {
		t.Fatal(err)
	}
	if !scrub.Removable(fs) {
		t.Error("nothing found")
	}
	if _, err := h.Clean(context.Background(), e, v, v.Size(), w); err != nil {
		t.Fatal(err)
	}
	if want := v.Size() - int64(len(v.tail)); w.written != want {
		t.Errorf("wrote %d bytes, want %d", w.written, want)
	}
	if grew := int64(w.peak) - int64(base.HeapInuse); grew > 48<<20 {
		t.Errorf("the heap grew by %d MiB while cleaning %d MiB", grew>>20, v.Size()>>20)
	}
	t.Logf("%d MiB cleaned, heap in use at most %d MiB (%d MiB before)", v.Size()>>20, w.peak>>20, base.HeapInuse>>20)
}
