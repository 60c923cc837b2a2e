package mailfilter

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"strings"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// verify parses the message about to be sent with go-message's own
// multipart reader, independently of the splicing code, and inspects every
// attachment it finds. Anything removable that was not knowingly passed on
// (AllowUnclean) fails the message with ErrVerify, and so does a message
// go-message cannot parse, unless AllowUnclean passed a broken part on.
func (f *filter) verify(msg []byte) error {
	_, rest := splitEnvelope(msg)
	err := f.verifyMessage(bytes.NewReader(rest), "", 0)
	if err != nil && f.opt.AllowUnclean && f.broken {
		return nil // the user chose to send a message scrub cannot fully read
	}
	return err
}

// verifyFailed returns an error wrapping ErrVerify about part, whose
// words are the catalogue's message key with args.
func verifyFailed(part, key string, args ...any) error {
	where := words.T("mail.label.message")
	if part != "" {
		where = words.T("mail.label.part", part)
	}
	return fmt.Errorf("%w: %s", ErrVerify, words.T("mail.where", where, words.T(key, args...)))
}

func (f *filter) verifyMessage(r io.Reader, path string, depth int) error {
	br := bufio.NewReader(r)
	h, err := textproto.ReadHeader(br)
	if err != nil {
		return verifyFailed(path, "mail.verify.unparsable", err)
	}
	return f.verifyEntity(message.Header{Header: h}, br, path, true, depth, "text/plain")
}

func (f *filter) verifyEntity(h message.Header, body io.Reader, path string, msgBody bool, depth int, defaultType string) error {
	if err := f.ctx.Err(); err != nil {
		return err
	}
	if depth > maxDepth {
		return verifyFailed(path, "mail.verify.too-deep")
	}
	label := path
	if msgBody {
		label = childPath(path, 0)
	}
	mt, params, _ := mediaType(h, defaultType)
	cte := lowerTrim(h.Get("Content-Transfer-Encoding"))
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		childType := "text/plain"
		if mt == "multipart/digest" {
			childType = "message/rfc822"
		}
		mr := textproto.NewMultipartReader(body, params["boundary"])
		for i := 0; ; i++ {
			p, err := mr.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return verifyFailed(path, "mail.verify.unparsable", err)
			}
			if err := f.verifyEntity(message.Header{Header: p.Header}, p, childPath(path, i), false, depth+1, childType); err != nil {
				return err
			}
		}
	case mt == "message/rfc822" || mt == "message/global":
		raw, err := io.ReadAll(body)
		if err != nil {
			return verifyFailed(label, "mail.verify.unreadable", err)
		}
		inner, err := decodeBody(cte, raw)
		if err != nil {
			return f.unreadable(label, err)
		}
		_, inner = splitEnvelope(inner)
		return f.verifyMessage(bytes.NewReader(inner), label, depth+1)
	}
	if e := (&entity{header: h}); !isAttachment(mt, e.filename(), e.disposition()) {
		_, err := io.Copy(io.Discard, body)
		return err
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		return verifyFailed(label, "mail.verify.unreadable", err)
	}
	data, err := decodeBody(cte, raw)
	if err != nil {
		return f.unreadable(label, err)
	}
	res := f.e.InspectData(f.ctx, "", data)
	switch res.Status {
	case scrub.StatusClean:
		return nil
	case scrub.StatusDirty:
		if f.allowed[sha256.Sum256(data)] {
			return nil
		}
		if !scrub.Removable(res.Findings) && f.opt.AllowUnclean {
			return nil // only a fake redaction, which cleaning keeps: sent as the user chose
		}
		return verifyFailed(label, "mail.verify.dirty", scrub.CountRemovable(res.Findings))
	case scrub.StatusInterrupted:
		return f.ctx.Err()
	}
	if isUnknown(res.Err) || f.opt.AllowUnclean {
		return nil
	}
	return verifyFailed(label, "mail.verify.unchecked", res.Error)
}

// unreadable decides about an attachment the verification cannot decode.
func (f *filter) unreadable(label string, err error) error {
	if f.opt.AllowUnclean {
		return nil
	}
	return verifyFailed(label, "mail.verify.undecodable", err)
}
