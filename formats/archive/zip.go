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

func inspectZip(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64) ([]scrub.Finding, error) {
	a, err := openZip(ctx, env, r, size)
	if err != nil {
		return nil, err
	}
	ms := newMembers(ctx, env, "zip")
	ms.fs.AddAll(a.Findings())
	for _, m := range a.Order(nil) {
		c, n, release, err := zipContent(ctx, m)
		if err != nil {
			return nil, err
		}
		o, err := ms.clean(m.Name, c, n, nil, false)
		release()
		if err != nil {
			return nil, err
		}
		ms.record(m.Name, o)
	}
	return ms.fs.List(), nil
}

// cleanZip rewrites the archive through zipclean (fresh headers: fixed
// time, no extra fields, no comments, no attributes; members sorted by
// name; directory entries dropped), each member cleaned through the
// registry.
func cleanZip(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, w io.Writer, report bool) ([]scrub.Finding, []scrub.Warning, error) {
	a, err := openZip(ctx, env, r, size)
	if err != nil {
		return nil, nil, err
	}
	ms := newMembers(ctx, env, "zip")
	if report {
		ms.fs.AddAll(a.Findings())
	}
	err = a.Rewrite(ctx, w, zipclean.Options{Decide: func(m *zipclean.Member) (zipclean.Decision, error) {
		c, n, release, err := zipContent(ctx, m)
		if err != nil {
			return zipclean.Keep, err
		}
		buf := bytes.NewBuffer(bufpool.Get(int(min(n, 64<<20)) + 1024))
		done := func() {
			bufpool.Put(buf.Bytes()[:0])
			release()
		}
		o, err := ms.clean(m.Name, c, n, buf, report)
		if err != nil {
			done()
			return zipclean.Keep, err
		}
		keep, drop := ms.record(m.Name, o)
		switch {
		case drop:
			done()
			return zipclean.Drop, nil
		case keep || o.same:
			done()
			return zipclean.Keep, nil
		}
		d := zipclean.Replace(buf.Bytes())
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

func zipParts(ctx context.Context, env *scrub.Env, r io.ReaderAt, size int64, fn func(scrub.Part) error) error {
	a, err := openZip(ctx, env, r, size)
	if err != nil {
		return err
	}
	if err := fn(scrub.Part{Where: zipclean.Where, R: a.Structure()}); err != nil {
		return err
	}
	for _, m := range a.Order(nil) {
		c, n, release, err := zipContent(ctx, m)
		if err != nil {
			return err
		}
		err = memberParts(ctx, env, m.Name, c, n, fn)
		release()
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
