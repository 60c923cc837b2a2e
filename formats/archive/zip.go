package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/scrub-project/scrub/formats/internal/bufpool"
	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

// openZip opens a ZIP archive through zipclean (which refuses unsafe and
// duplicate names, encryption, overlapping members and sizes over the
// limits) and refuses members that are not plain files: symbolic links,
// devices and pipes, and setuid, setgid or sticky files, as a Unix zip
// records them in its external attributes.
func openZip(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) (*zipclean.Archive, error) {
	a, err := zipclean.Open(ctx, env, "zip", r, size)
	if err != nil {
		return nil, err
	}
	for _, m := range a.Members {
		if m.CreatorOS != 3 {
			continue // MS-DOS and others: no Unix mode
		}
		mode := m.ExternalAttrs >> 16
		switch mode & 0o170000 {
		case 0, 0o100000:
		case 0o120000:
			return nil, scrub.Unsupported("zip", fmt.Sprintf("member %q is a symbolic link: links can point outside the folder the archive is unpacked to, so scrub does not keep them", m.Name), "")
		default:
			return nil, scrub.Unsupported("zip", fmt.Sprintf("member %q is a device file, a pipe or a socket, not a file", m.Name), "")
		}
		switch {
		case mode&(0o4000|0o2000) != 0:
			return nil, scrub.Unsupported("zip", fmt.Sprintf("member %q is setuid or setgid (it would run with its owner's rights)", m.Name), "")
		case mode&0o1000 != 0:
			return nil, scrub.Unsupported("zip", fmt.Sprintf("member %q has the sticky bit set", m.Name), "")
		}
	}
	return a, nil
}

// zipContent returns m's checked content: a stored member is read in
// place once its checksum is verified, a compressed one is inflated into
// memory. release gives the memory back.
func zipContent(ctx context.Context, m *zipclean.Member) (r io.ReaderAt, size int64, release func(), err error) {
	if sr, ok := m.Stored(); ok {
		if err := m.Verify(ctx); err != nil {
			return nil, 0, nil, err
		}
		return sr, sr.Size(), func() {}, nil
	}
	data, rel, err := m.Load(ctx)
	if err != nil {
		return nil, 0, nil, err
	}
	return bytes.NewReader(data), int64(len(data)), rel, nil
}

// zipWorkers is how many members of the archive are read at once: one
// per core for the archive the user named, one for an archive inside a
// document or another archive (its container already keeps the cores
// busy).
func zipWorkers(env *scrub.Env) int {
	if env != nil && env.Depth() == 0 {
		return workers()
	}
	return 1
}

func inspectZip(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	a, err := openZip(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	ms := newMembers(env, "zip")
	ms.fs.AddAll(a.Findings())
	sp, leave := openPass(env, r)
	defer leave()
	order := a.Order(nil)
	ah := startAhead(ctx, zipWorkers(env), order, func(ctx context.Context, m *zipclean.Member) (outcome, error) {
		c, n, release, err := sharedContent(ctx, sp, env, m)
		if err != nil {
			return outcome{}, err
		}
		defer release()
		return ms.clean(ctx, m.Name, c, n, nil, false)
	}, nil)
	defer ah.stop()
	for _, m := range order {
		o, err := ah.take(m)
		if err != nil {
			return nil, err
		}
		ms.record(m.Name, o)
		ah.done()
	}
	return ms.fs.List(), nil
}

// cleanedMember is a member cleaned ahead of its turn to be written.
type cleanedMember struct {
	o   outcome
	buf *bytes.Buffer // the cleaned content, from bufpool
}

func (c cleanedMember) free() { bufpool.Put(c.buf.Bytes()[:0]) }

// cleanZip rewrites the archive through zipclean (fresh headers: fixed
// time, no extra fields, no comments, no attributes; members sorted by
// name; directory entries dropped), each member cleaned through the
// registry. Members are cleaned several at a time (see ahead) and written
// in order, the bytes those of cleaning them one after the other.
func cleanZip(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer, report bool) ([]scrub.Finding, []scrub.Warning, error) {
	a, err := openZip(ctx, env, r, size)
	if err != nil {
		return nil, nil, err
	}
	ms := newMembers(env, "zip")
	if report {
		ms.fs.AddAll(a.Findings())
	}
	sp, leave := openPass(env, r)
	defer leave()
	ah := startAhead(ctx, zipWorkers(env), a.Order(nil), func(ctx context.Context, m *zipclean.Member) (cleanedMember, error) {
		c, n, release, err := sharedContent(ctx, sp, env, m)
		if err != nil {
			return cleanedMember{}, err
		}
		defer release()
		cm := cleanedMember{buf: bytes.NewBuffer(bufpool.Get(int(min(n, 64<<20)) + 1024))}
		if cm.o, err = ms.clean(ctx, m.Name, c, n, cm.buf, report); err != nil {
			cm.free()
			return cleanedMember{}, err
		}
		return cm, nil
	}, cleanedMember.free)
	defer ah.stop()
	err = a.Rewrite(ctx, w, zipclean.Options{Decide: func(m *zipclean.Member) (zipclean.Decision, error) {
		c, err := ah.take(m)
		if err != nil {
			return zipclean.Keep, err
		}
		done := func() {
			c.free()
			ah.done()
		}
		keep, drop := ms.record(m.Name, c.o)
		switch {
		case drop:
			done()
			return zipclean.Drop, nil
		case keep || c.o.same:
			done()
			return zipclean.Keep, nil
		}
		d := zipclean.Replace(c.buf.Bytes())
		d.After = done
		return d, nil
	}})
	if err != nil {
		return nil, nil, err
	}
	if err := ms.finish(); err != nil {
		return nil, nil, err
	}
	return ms.fs.List(), ms.ws, nil
}

// loadedMember is a member's checked content, read ahead of its turn to
// be listed.
type loadedMember struct {
	r       io.ReaderAt
	size    int64
	release func()
}

func zipParts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	a, err := openZip(ctx, env, r, size)
	if err != nil {
		return err
	}
	if err := fn(scrub.Part{Where: zipclean.Where, R: a.Structure()}); err != nil {
		return err
	}
	// The parts are listed one after the other, but the next members
	// are read (inflated and checked) while one is listed.
	sp, leave := openPass(env, r)
	defer leave()
	order := a.Order(nil)
	ah := startAhead(ctx, zipWorkers(env), order, func(ctx context.Context, m *zipclean.Member) (loadedMember, error) {
		c, n, release, err := sharedContent(ctx, sp, env, m)
		return loadedMember{c, n, release}, err
	}, func(l loadedMember) { l.release() })
	defer ah.stop()
	for _, m := range order {
		l, err := ah.take(m)
		if err != nil {
			return err
		}
		err = memberParts(ctx, env, m.Name, l.r, l.size, fn)
		l.release()
		ah.done()
		if err != nil {
			return err
		}
	}
	return nil
}

// memberParts lists one member's parts: through its handler, or, for
// plain text, the text itself as what the reader sees.
func memberParts(ctx context.Context, env *scrub.Env, name string, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	if _, _, err := env.Identify(r, size); errors.Is(err, scrub.ErrUnknown) && size > 0 && isPlainText(r, size) {
		text, err := io.ReadAll(io.NewSectionReader(r, 0, size))
		if err != nil {
			return err
		}
		return fn(scrub.Part{Where: name, R: bytes.NewReader(text), Text: []string{string(text)}})
	}
	return env.PartsEmbedded(ctx, name, r, size, fn)
}
