//go:build (gui || ci) && unix && !darwin && !android && !ios

package native

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
)

// The XDG desktop portal and the file manager interface, over the
// session bus. (github.com/rymdport/portal, which Fyne uses, decodes the
// portal's URIs as form values, turning a "+" in a file name into a
// space, and takes any request's answer for its own: this file talks
// D-Bus itself.)
const (
	portalName     = "org.freedesktop.portal.Desktop"
	portalPath     = "/org/freedesktop/portal/desktop"
	requestIface   = "org.freedesktop.portal.Request"
	fileChooser    = "org.freedesktop.portal.FileChooser"
	openURI        = "org.freedesktop.portal.OpenURI"
	fileManager    = "org.freedesktop.FileManager1"
	fileManagerObj = "/org/freedesktop/FileManager1"
)

// callTimeout bounds a method call (not the user's choice): the first
// call may start the portal.
const callTimeout = 30 * time.Second

// errNoService: the session bus has no one to answer.
var errNoService = errors.New("no such service on the session bus")

// sessionBus connects to the session's bus. It never starts one (godbus
// would run dbus-launch without a session bus address).
func sessionBus(ctx context.Context) (*dbus.Conn, error) {
	conn, err := dbus.SessionBusPrivateNoAutoStartup(dbus.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	if err := conn.Auth(nil); err != nil {
		conn.Close()
		return nil, err
	}
	if err := conn.Hello(); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// available reports whether name has an owner on the bus or can be
// started by it, without starting it.
func available(ctx context.Context, conn *dbus.Conn, name string) bool {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var has bool
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has); err == nil && has {
		return true
	}
	var names []string
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.ListActivatableNames", 0).Store(&names); err != nil {
		return false
	}
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// parentID is the portal's name for the app's window ("" for none).
func parentID(w Window) string {
	if w.X11 == 0 {
		return ""
	}
	return fmt.Sprintf("x11:%x", w.X11)
}

// response is a portal request's answer.
type response struct {
	status  uint32 // 0 done, 1 cancelled by the user, 2 ended otherwise
	results map[string]dbus.Variant
}

// request calls a portal method that answers through a Request object:
// it subscribes to that object's Response signal before calling (the
// object's path follows from the handle_token put in options), calls, and
// waits for the answer or for ctx, which closes the request (and so the
// dialog).
func request(ctx context.Context, conn *dbus.Conn, method string, options map[string]dbus.Variant, args ...any) (response, error) {
	token, err := handleToken()
	if err != nil {
		return response{}, err
	}
	options["handle_token"] = dbus.MakeVariant(token)
	names := conn.Names()
	if len(names) == 0 {
		return response{}, errors.New("no name on the session bus")
	}
	sender := strings.ReplaceAll(strings.TrimPrefix(names[0], ":"), ".", "_")
	want := dbus.ObjectPath(portalPath + "/request/" + sender + "/" + token)
	signals := make(chan *dbus.Signal, 16)
	conn.Signal(signals)
	defer conn.RemoveSignal(signals)
	match := func(p dbus.ObjectPath) error {
		return conn.AddMatchSignalContext(ctx, dbus.WithMatchObjectPath(p),
			dbus.WithMatchInterface(requestIface), dbus.WithMatchMember("Response"))
	}
	if err := match(want); err != nil {
		return response{}, err
	}
	callCtx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	var handle dbus.ObjectPath
	args = append(args, options)
	if err := conn.Object(portalName, portalPath).CallWithContext(callCtx, method, 0, args...).Store(&handle); err != nil {
		return response{}, err
	}
	if handle != want { // portals before version 0.9 choose their own path
		if err := match(handle); err != nil {
			return response{}, err
		}
	}
	for {
		select {
		case sig, ok := <-signals:
			if !ok {
				return response{}, errors.New("the session bus closed")
			}
			if sig.Path != handle || sig.Name != requestIface+".Response" {
				continue
			}
			var r response
			if err := dbus.Store(sig.Body, &r.status, &r.results); err != nil {
				return response{}, fmt.Errorf("the portal's answer: %w", err)
			}
			return r, nil
		case <-ctx.Done():
			conn.Object(portalName, handle).Call(requestIface+".Close", dbus.FlagNoReplyExpected)
			return response{}, ctx.Err()
		}
	}
}

// handleToken is a fresh token for a request's object path.
func handleToken() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return "scrub_" + hex.EncodeToString(b[:]), nil
}

// portalPickFiles asks the portal's file chooser for files. shown is
// false when there is no portal file chooser or it did not show one.
func portalPickFiles(ctx context.Context, parent Window, opt Options) (paths []string, shown bool, err error) {
	conn, err := sessionBus(ctx)
	if err != nil {
		return nil, false, nil
	}
	defer conn.Close()
	if !available(ctx, conn, portalName) {
		return nil, false, nil
	}
	options := map[string]dbus.Variant{
		"multiple": dbus.MakeVariant(true),
		"modal":    dbus.MakeVariant(true),
	}
	if opt.AcceptLabel != "" {
		options["accept_label"] = dbus.MakeVariant(opt.AcceptLabel)
	}
	if opt.Folder != "" {
		options["current_folder"] = dbus.MakeVariant(append([]byte(opt.Folder), 0))
	}
	r, err := request(ctx, conn, fileChooser+".OpenFile", options, parentID(parent), opt.Title)
	if err != nil {
		if ctx.Err() != nil {
			return nil, true, ctx.Err()
		}
		// No file chooser in this portal (no backend for it): the next
		// way is tried.
		return nil, false, nil
	}
	switch r.status {
	case 0:
	case 1:
		return nil, true, nil
	default:
		// Ended without the user: the backend could not show it.
		return nil, false, nil
	}
	var uris []string
	if v, ok := r.results["uris"]; ok {
		if err := v.Store(&uris); err != nil {
			return nil, true, fmt.Errorf("the portal's answer: %w", err)
		}
	}
	paths, err = pathsFromURIs(uris)
	return paths, true, err
}

// showItems asks the file manager (org.freedesktop.FileManager1, which
// Nautilus, Dolphin, Nemo, Caja, Thunar and others provide) to show path
// selected in its folder.
func showItems(ctx context.Context, conn *dbus.Conn, path string) error {
	if !available(ctx, conn, fileManager) {
		return errNoService
	}
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	uri := (&url.URL{Scheme: "file", Path: path}).String()
	return conn.Object(fileManager, fileManagerObj).CallWithContext(ctx, fileManager+".ShowItems", 0, []string{uri}, "").Err
}

// portalOpenDirectory asks the portal to open the folder holding path in
// the file manager.
func portalOpenDirectory(ctx context.Context, conn *dbus.Conn, parent Window, path string) error {
	if !available(ctx, conn, portalName) {
		return errNoService
	}
	if !conn.SupportsUnixFDs() {
		return errors.New("the session bus cannot pass files")
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	r, err := request(ctx, conn, openURI+".OpenDirectory", map[string]dbus.Variant{}, parentID(parent), dbus.UnixFD(int32(f.Fd())))
	if err != nil {
		return err
	}
	if r.status != 0 {
		return errors.New("the portal did not open the folder")
	}
	return nil
}
