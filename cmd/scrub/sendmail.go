package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/scrub-project/scrub/internal/words"
	"github.com/scrub-project/scrub/scrub"
)

// defaultSendmail is the command scrub sendmail hands the cleaned message
// to.
const defaultSendmail = "/usr/sbin/sendmail -oi"

// sendmailGuard is set in the environment of the sendmail scrub runs, so
// that a --sendmail pointing back at scrub is caught instead of looping.
const sendmailGuard = "SCRUB_SENDMAIL_ACTIVE"

// runSendmail is "scrub sendmail [scrub flags] [sendmail arguments...]".
// scrub's own flags must come first; the first argument that is not one of
// them, and everything after it, is passed to sendmail verbatim, so that
// recipients cannot be taken for scrub flags.
func runSendmail(ctx context.Context, std stdio, args []string) outcome {
	f := mailFlags{sendmail: defaultSendmail}
	i := 0
scan:
	for ; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "--") {
			break // sendmail's own flags are single-dash: -oi, -f, -t
		}
		switch name {
		case "allow-unclean", "allow-review", "refuse-macros":
			if hasValue {
				return usage(std, words.T("mail.flag.no-value", name), "")
			}
			switch name {
			case "allow-unclean":
				f.allowUnclean = true
			case "allow-review":
				f.allowReview = true
			default:
				f.refuseMacros = true
			}
		case "sendmail", "copy":
			if !hasValue {
				if i+1 >= len(args) {
					return usage(std, words.T("mail.flag.missing", name), words.T("mail.sendmail.example"))
				}
				i++
				value = args[i]
			}
			if name == "copy" {
				f.copy = value
			} else {
				f.sendmail = value
			}
		case "help":
			return mailHelp(std, "sendmail")
		default:
			break scan // "--" and anything else belong to sendmail
		}
	}
	argv := strings.Fields(f.sendmail)
	if len(argv) == 0 {
		return usage(std, words.T("mail.sendmail.empty"), words.T("mail.sendmail.example"))
	}
	if os.Getenv(sendmailGuard) != "" {
		return usage(std, words.T("mail.sendmail.loop"), words.T("mail.sendmail.loop.hint"))
	}
	out, o := filterMessage(ctx, std, f, words.T("mail.not-sent"))
	if o.kind != done {
		return o
	}
	cmd := exec.Command(argv[0], append(argv[1:], args[i:]...)...)
	cmd.Stdin = bytes.NewReader(out)
	cmd.Stdout = std.out
	cmd.Stderr = std.err
	cmd.Env = append(os.Environ(), sendmailGuard+"=1")
	err := cmd.Run()
	var ee *exec.ExitError
	prog := scrub.Escape(argv[0], 0)
	switch {
	case err == nil && f.copy != "":
		if err := saveCopy(f.copy, out); err != nil {
			sayWarn(std.err, words.T("mail.copy.failed", scrub.Escape(f.copy, 0), scrub.Escape(err.Error(), 0)))
		}
		return outcome{kind: done}
	case err == nil:
		return outcome{kind: done}
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		return outcome{kind: passOn, status: ee.ExitCode()} // sendmail has said why
	case errors.As(err, &ee):
		sayError(std.err, words.T("mail.sendmail.stopped", prog, ee))
	default:
		sayError(std.err, words.T("mail.sendmail.cannot-run", prog, scrub.Escape(err.Error(), 0)))
		sayHint(std.err, words.T("mail.sendmail.cannot-run.hint"))
	}
	return outcome{kind: notDone}
}

// saveCopy delivers the message that was sent into the Maildir folder dir
// (its tmp, new and cur folders are made if missing), marked as seen, as
// a mail program files its Sent copy: written under tmp, synced, then
// renamed into cur. It is the cleaned message, unlike the copy the mail
// program itself would keep.
func saveCopy(dir string, msg []byte) error {
	for _, sub := range []string{"tmp", "new", "cur"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return err
		}
	}
	var r [8]byte
	rand.Read(r[:])
	host, _ := os.Hostname()
	host = strings.NewReplacer("/", "_", ":", "_").Replace(host)
	name := fmt.Sprintf("%d.%d_%s.%s", time.Now().Unix(), os.Getpid(), hex.EncodeToString(r[:]), host)
	tmp := filepath.Join(dir, "tmp", name)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(msg)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, "cur", name+":2,S"))
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
