// Package words holds what scrub says to people, shared by its front ends
// (the command line, the desktop app, the mail filter and the git hook):
// the engine and the handlers return data (typed errors, labels, kinds),
// and the front ends turn it into words here, in one place, so that
// rewording a message never changes what a front end does.
package words
