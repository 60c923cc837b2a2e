package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"

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
		case "sendmail":
			if !hasValue {
				if i+1 >= len(args) {
					return usage(std, words.T("mail.sendmail.missing"), words.T("mail.sendmail.example"))
				}
				i++
				value = args[i]
			}
			f.sendmail = value
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
