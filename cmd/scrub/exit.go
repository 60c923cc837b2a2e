package main

// outcome is how a command ended. Commands return one; exitCode, the one
// place that decides exit statuses, turns it into the process's.
type outcome struct {
	kind outcomeKind
	// status is the exit status of the program scrub handed the work to
	// (sendmail), for kind passOn.
	status int
}

type outcomeKind int

const (
	// done: everything asked for was done.
	done outcomeKind = iota
	// notDone: some file or attachment was not cleaned or checked
	// (refused, failed, left with a fake redaction), a message was not
	// sent, a commit was refused; the rest was still done.
	notDone
	// found: check found something identifying, or a fake redaction.
	found
	// unchecked: check found nothing, but some file could not be checked.
	unchecked
	// usageError: the command line is wrong, or the command could not
	// start (git missing, not in a repository).
	usageError
	// interrupted: Ctrl-C, SIGTERM or SIGHUP.
	interrupted
	// passOn: the program scrub handed the message to (sendmail) exited
	// with status; scrub's status is its.
	passOn
)

// exitCode returns the exit status for an outcome: 0 done; 1 not done
// (or, for check, something found); 2 usage error (or, for check, a file
// could not be checked); 130 interrupted; sendmail's own status.
func exitCode(o outcome) int {
	switch o.kind {
	case done:
		return 0
	case notDone, found:
		return 1
	case interrupted:
		return 130
	case passOn:
		return o.status
	}
	return 2 // usageError, unchecked
}

// fileOutcome is the outcome of inspect, clean and check from what
// happened to the files.
func fileOutcome(cmd string, fix bool, s summary, wasInterrupted bool) outcome {
	switch {
	case wasInterrupted:
		return outcome{kind: interrupted}
	case cmd == "check" && !fix && s.Revealing > 0:
		return outcome{kind: found} // what was found matters more than what could not be read
	case cmd == "check" && fix && s.FakeRedactions > 0:
		return outcome{kind: found} // cleaning cannot remove the covered text
	case cmd == "check" && s.NotDone > 0:
		return outcome{kind: unchecked}
	case s.NotDone > 0:
		return outcome{kind: notDone}
	}
	return outcome{kind: done}
}
