//go:build tools

// This file pins the modules the packages under construction use, so that
// go.mod and go.sum are complete while they land one by one.
package tools

import (
	_ "fyne.io/fyne/v2/app"
	_ "fyne.io/fyne/v2/test"
	_ "github.com/emersion/go-message/mail"
	_ "github.com/pdfcpu/pdfcpu/pkg/api"
	_ "github.com/rogpeppe/go-internal/testscript"
	_ "golang.org/x/term"
)
