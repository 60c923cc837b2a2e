package scrub

// Version is scrub's version, shown by the CLI and the desktop app. It is
// never written into cleaned files.
const Version = "0.1.0"
