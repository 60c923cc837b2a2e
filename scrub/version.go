package scrub

// Version is scrub's version, shown by the CLI and the desktop app. It is
// never written into cleaned files. A release build sets it, and Commit,
// with the linker's -X flag (see .ci/release), so they are variables.
var Version = "0.1.0"

// Commit is the git commit a release was built from (set by .ci/release);
// empty in a development build.
var Commit = ""
