package archive

import (
	"bytes"
	"context"
	"io"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/scrub-project/scrub/formats/internal/bufpool"
	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

// The engine reads the archive the user named twice at the same time
// when it has a core for each: it cleans it, and it lists its parts to
// learn what identifies its author (and then does the same to the cleaned
// copy: re-inspects it, and searches its parts). Both passes inflate every
// member; inflating a member that was deflated by zip is as costly as
// cleaning it. So a pass that inflates a member while another pass is open
// on the same archive hands the checked content to it: the member is
// inflated once for both. Each pass still charges the member's bytes to
// its own budget, and the content is the checked one (size, checksum,
// limits) either way; a pass that finds nothing handed to it inflates the
// member itself. Content handed over and not taken yet is bounded
// (sharedBudget): a pass further ahead than that waits for the other, and
// when both would wait, the member is not handed over.

// sharedBudget bounds the bytes inflated by one pass and not yet taken by
// the other; one member over it (up to maxShared) may be handed over when
// nothing else is waiting to be taken.
var sharedBudget int64 = 16 << 20

// maxShared is the largest member handed over.
const maxShared = 64 << 20

// handedOver counts the members taken from another pass (for tests).
var handedOver atomic.Int64

// share is the table of archives open in passes and the members handed
// over between them.
var share = struct {
	mu      sync.Mutex
	open    map[io.ReaderAt]int
	entries map[shareKey]*shared
	held    int64              // bytes of published entries not taken
	waiting map[*sharePass]int // passes waiting for room, and how many of their workers
	changed chan struct{}      // closed and replaced at every change
}{open: map[io.ReaderAt]int{}, entries: map[shareKey]*shared{}, waiting: map[*sharePass]int{}, changed: make(chan struct{})}

type shareKey struct {
	r      io.ReaderAt
	off    int64
	name   string
	crc    uint32
	size   uint64
	csize  uint64
	method uint16
}

// shared is a member one pass inflates (or inflated) for the other.
type shared struct {
	owner  *sharePass
	ready  chan struct{} // closed once data is set, or the entry abandoned
	data   []byte        // the content once handed over; nil while inflated, or if abandoned
	buf    []byte        // the content, given back to bufpool by the last user
	refs   *atomic.Int32 // users of data: the owner, and the entry until taken
	waited bool          // the other pass waits for it
	// tomb marks a member the owner inflated but could not hand over:
	// the other pass must not hand it back, the owner is past it.
	tomb bool
}

// sharePass is one pass over an archive (nil: the pass shares nothing).
type sharePass struct {
	r io.ReaderAt
}

// openPass registers a pass over r. It returns nil (nothing shared) for
// archives inside others (only the engine's passes over the same file run
// at the same time) and for readers that are not pointers (the file the
// engine opened is one; a value could hold something that cannot be
// compared). leave must be called once the pass is over.
func openPass(env *scrub.Env, r io.ReaderAt) (p *sharePass, leave func()) {
	if env == nil || env.Depth() != 0 || r == nil || reflect.TypeOf(r).Kind() != reflect.Pointer {
		return nil, func() {}
	}
	p = &sharePass{r: r}
	share.mu.Lock()
	share.open[r]++
	share.mu.Unlock()
	return p, func() {
		share.mu.Lock()
		defer share.mu.Unlock()
		share.open[r]--
		if n := share.open[r]; n <= 1 {
			// What was handed over to this pass, and, once no pass
			// is left, everything, has no one left to take it.
			for k, e := range share.entries {
				if k.r == r && (n == 0 || e.owner != p) {
					delete(share.entries, k)
					if e.data != nil {
						share.held -= int64(len(e.data))
						e.unref()
					}
				}
			}
		}
		if share.open[r] == 0 {
			delete(share.open, r)
		}
		signal()
	}
}

// signal wakes every pass waiting for a change. share.mu is held.
func signal() {
	close(share.changed)
	share.changed = make(chan struct{})
}

func (e *shared) unref() {
	if e.refs.Add(-1) == 0 {
		bufpool.Put(e.buf[:0])
	}
}

func keyOf(p *sharePass, m *zipclean.Member) shareKey {
	_, off, _ := m.Raw().Outer()
	return shareKey{r: p.r, off: off, name: m.Name, crc: m.CRC32, size: m.Size, csize: m.CompressedSize, method: m.Method}
}

// load returns m's checked, inflated content, inflated by this pass or
// handed over by another. release gives it back.
func (p *sharePass) load(ctx context.Context, env *scrub.Env, m *zipclean.Member) (data []byte, release func(), err error) {
	if p == nil || m.Size > maxShared {
		return m.Load(ctx)
	}
	k := keyOf(p, m)
	share.mu.Lock()
	e := share.entries[k]
	switch {
	case e != nil && e.owner != p && e.tomb:
		delete(share.entries, k)
		share.mu.Unlock()
		return m.Load(ctx)
	case e != nil && e.owner != p:
		if e.data == nil {
			// Being inflated by the other pass: wait for it, and say
			// so (it hands it over even if that is over the budget).
			e.waited = true
			signal()
			share.mu.Unlock()
			select {
			case <-e.ready:
			case <-ctx.Done():
				return nil, nil, ctx.Err()
			}
			share.mu.Lock()
		}
		if share.entries[k] == e && e.data != nil {
			delete(share.entries, k)
			share.held -= int64(len(e.data))
			signal()
			share.mu.Unlock()
			return p.take(ctx, env, m, e)
		}
		share.mu.Unlock()
		return m.Load(ctx)
	case e != nil || share.open[p.r] < 2:
		share.mu.Unlock()
		return m.Load(ctx)
	}
	e = &shared{owner: p, ready: make(chan struct{}), refs: new(atomic.Int32)}
	share.entries[k] = e
	share.mu.Unlock()

	data, _, err = m.Load(ctx)
	share.mu.Lock()
	defer share.mu.Unlock()
	defer close(e.ready)
	if err != nil {
		delete(share.entries, k)
		return nil, nil, err
	}
	e.refs.Store(1)
	e.buf = data
	switch {
	case p.publish(ctx, e, k):
		e.refs.Add(1)
		e.data = data
		share.held += int64(len(data))
		signal()
	case share.entries[k] == e && share.open[p.r] >= 2:
		e.tomb = true
	case share.entries[k] == e:
		delete(share.entries, k)
	}
	return data, sync.OnceFunc(e.unref), nil
}

// publish waits, share.mu held, until the entry fits the budget, the
// other pass waits for it, or it cannot be handed over (the other pass
// left, or ctx is done). When the other pass is itself waiting for room,
// it does not wait (both waiting would wait for ever).
func (p *sharePass) publish(ctx context.Context, e *shared, k shareKey) bool {
	for {
		switch {
		case share.entries[k] != e || share.open[p.r] < 2 || ctx.Err() != nil:
			return false
		case e.waited || share.held == 0 || share.held+int64(len(e.buf)) <= sharedBudget:
			return true
		}
		for q := range share.waiting {
			if q != p && q.r == p.r {
				// The other pass waits for room: this one does not
				// wait too, and hands the member over only within
				// twice the budget.
				return share.held+int64(len(e.buf)) <= 2*sharedBudget
			}
		}
		share.waiting[p]++
		ch := share.changed
		share.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
		}
		share.mu.Lock()
		if share.waiting[p]--; share.waiting[p] == 0 {
			delete(share.waiting, p)
		}
	}
}

// take checks a member handed over against this pass's limits and
// charges it to its budget.
func (p *sharePass) take(ctx context.Context, env *scrub.Env, m *zipclean.Member, e *shared) ([]byte, func(), error) {
	release := sync.OnceFunc(e.unref)
	if int64(len(e.data)) > scrub.LimitsOf(env).MaxMemberSize {
		// The other pass read it under a larger limit: read it here
		// to fail as this pass must.
		release()
		return m.Load(ctx)
	}
	if err := env.Consume(int64(len(e.data))); err != nil {
		release()
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		release()
		return nil, nil, err
	}
	handedOver.Add(1)
	return e.data, release, nil
}

// sharedContent is zipContent for a pass that may share members.
func sharedContent(ctx context.Context, p *sharePass, env *scrub.Env, m *zipclean.Member) (r io.ReaderAt, size int64, release func(), err error) {
	if _, ok := m.Stored(); ok || p == nil {
		return zipContent(ctx, m)
	}
	data, rel, err := p.load(ctx, env, m)
	if err != nil {
		return nil, 0, nil, err
	}
	return bytes.NewReader(data), int64(len(data)), rel, nil
}
