// Package packaging holds the files that put scrub on people's desktops:
// linux/ (the .desktop file, with the MIME types scrub cleans, and an
// install script) and windows/ (the icon, version information and manifest
// compiled into the .exe files). .ci/release uses them; the tests here keep
// the .desktop file in step with the formats scrub cleans.
package packaging
