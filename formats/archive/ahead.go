package archive

import (
	"context"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

// workers is how many members of a ZIP archive are read and cleaned at
// once: one per core the program may use. Tests set it to compare the
// results of one and of several.
var workers = func() int { return runtime.GOMAXPROCS(0) }

// bigMember is the size past which a member is worked on alone: a worker
// holds its member, its cleaned copy and what its handler needs to clean
// it in memory, and several such members at once would hold too much (on
// a zip of documents with 28 MB PDFs, 8 MiB kept the peak under that of
// one member at a time before; 64 MiB doubled it). Tests change it.
var bigMember int64 = 8 << 20

// ahead works on the members of a ZIP archive in order, up to n of them
// at a time, ahead of the one consumer that takes the results in the same
// order (writing the cleaned archive, recording the findings). Each
// member holds a token from the moment its work starts until the consumer
// is done with it (done), so that at most n members' data is in memory; a
// member over bigMember holds all n, and is worked on alone. The results,
// and the first error in member order, are those of working on the
// members one after the other.
type ahead[T any] struct {
	ctx     context.Context
	cancel  context.CancelFunc
	members []*zipclean.Member
	tokens  chan struct{}
	held    []int
	results []chan aheadResult[T]
	free    func(T)
	stopped chan struct{} // closed when the dispatcher has started every worker it will
	started int           // how many it started, once stopped is closed
	wg      sync.WaitGroup
	next    int
}

type aheadResult[T any] struct {
	v   T
	err error
}

// startAhead starts work on members, n at a time (n < 1 counts as 1).
// free gives back what a result holds if the consumer never takes it.
// The caller must call stop once done, whatever happened.
func startAhead[T any](ctx context.Context, n int, members []*zipclean.Member, work func(ctx context.Context, m *zipclean.Member) (T, error), free func(T)) *ahead[T] {
	n = max(n, 1)
	ctx, cancel := context.WithCancel(ctx)
	a := &ahead[T]{
		ctx:     ctx,
		cancel:  cancel,
		members: members,
		tokens:  make(chan struct{}, n),
		held:    make([]int, len(members)),
		results: make([]chan aheadResult[T], len(members)),
		free:    free,
		stopped: make(chan struct{}),
	}
	for range n {
		a.tokens <- struct{}{}
	}
	for i := range a.results {
		a.results[i] = make(chan aheadResult[T], 1)
	}
	go a.dispatch(n, work)
	return a
}

func (a *ahead[T]) dispatch(n int, work func(ctx context.Context, m *zipclean.Member) (T, error)) {
	defer close(a.stopped)
	for i, m := range a.members {
		k := 1
		if m.Size > uint64(bigMember) {
			k = n
		}
		for range k {
			select {
			case <-a.tokens:
				a.held[i]++
			case <-a.ctx.Done():
				a.giveBack(i)
				return
			}
		}
		a.wg.Add(1)
		a.started = i + 1
		go func() {
			defer a.wg.Done()
			var r aheadResult[T]
			defer func() {
				if v := recover(); v != nil {
					r = aheadResult[T]{err: &scrub.PanicError{Value: v, Stack: debug.Stack()}}
				}
				a.results[i] <- r
			}()
			r.v, r.err = work(a.ctx, m)
		}()
	}
}

// giveBack returns the tokens member i holds.
func (a *ahead[T]) giveBack(i int) {
	for ; a.held[i] > 0; a.held[i]-- {
		a.tokens <- struct{}{}
	}
}

// take returns the result for the next member in order: m, which must be
// that member. The consumer calls done once it no longer needs it.
func (a *ahead[T]) take(m *zipclean.Member) (T, error) {
	var zero T
	i := a.next
	if i >= len(a.members) || a.members[i] != m {
		panic("archive: members taken out of order")
	}
	select {
	case r := <-a.results[i]:
		a.next++
		return r.v, r.err
	case <-a.stopped:
		if i >= a.started {
			return zero, a.ctx.Err() // cancelled before member i was started
		}
		r := <-a.results[i]
		a.next++
		return r.v, r.err
	}
}

// done gives back the tokens of the member last taken.
func (a *ahead[T]) done() { a.giveBack(a.next - 1) }

// stop cancels the work not taken yet, waits for it, and frees its
// results.
func (a *ahead[T]) stop() {
	a.cancel()
	<-a.stopped
	a.wg.Wait()
	for i := a.next; i < len(a.results); i++ {
		select {
		case r := <-a.results[i]:
			if r.err == nil && a.free != nil {
				a.free(r.v)
			}
		default:
		}
	}
}
