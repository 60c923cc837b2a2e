//go:build (gui || ci) && linux

package native

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// privateBus starts a session bus of the test's own and makes it the
// session bus of the process.
func privateBus(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		t.Skip("dbus-daemon is not installed (Debian: dbus-daemon)")
	}
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	addr = strings.TrimSpace(addr)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return addr
}

// service connects to the bus as name.
func service(t *testing.T, addr, name string) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("owning %s: %v", name, err)
	}
	return conn
}

// fakeChooser is a portal whose file chooser answers with status and
// uris, and remembers what it was asked.
type fakeChooser struct {
	conn   *dbus.Conn
	status uint32
	uris   []string

	mu      sync.Mutex
	parent  string
	title   string
	options map[string]dbus.Variant
}

func (f *fakeChooser) OpenFile(sender dbus.Sender, parent, title string, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	f.mu.Lock()
	f.parent, f.title, f.options = parent, title, options
	f.mu.Unlock()
	var token string
	options["handle_token"].Store(&token)
	path := dbus.ObjectPath(portalPath + "/request/" + strings.ReplaceAll(strings.TrimPrefix(string(sender), ":"), ".", "_") + "/" + token)
	go func() {
		// Another request's answer first: it must not be taken for ours.
		f.conn.Emit(portalPath+"/request/x/other", requestIface+".Response", uint32(0),
			map[string]dbus.Variant{"uris": dbus.MakeVariant([]string{"file:///wrong"})})
		f.conn.Emit(path, requestIface+".Response", f.status, map[string]dbus.Variant{"uris": dbus.MakeVariant(f.uris)})
	}()
	return path, nil
}

func TestPortalFileChooser(t *testing.T) {
	addr := privateBus(t)
	conn := service(t, addr, portalName)
	f := &fakeChooser{conn: conn, uris: []string{"file:///home/me/My%20Files/a+b.docx", "file:///home/me/%E6%A8%AA.jpg"}}
	if err := conn.Export(f, portalPath, fileChooser); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	paths, shown, err := PickFiles(ctx, Window{X11: 0x3a00007}, Options{Title: "Choose files to add", AcceptLabel: "Add", Folder: "/home/me/Pictures"})
	if err != nil || !shown || !slices.Equal(paths, []string{"/home/me/My Files/a+b.docx", "/home/me/横.jpg"}) {
		t.Fatalf("paths %q, shown %v, err %v", paths, shown, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.parent != "x11:3a00007" || f.title != "Choose files to add" {
		t.Errorf("parent %q, title %q", f.parent, f.title)
	}
	var multiple bool
	var folder []byte
	var accept string
	f.options["multiple"].Store(&multiple)
	f.options["current_folder"].Store(&folder)
	f.options["accept_label"].Store(&accept)
	if !multiple || string(folder) != "/home/me/Pictures\x00" || accept != "Add" {
		t.Errorf("options %v", f.options)
	}
}

func TestPortalFileChooserCancelled(t *testing.T) {
	addr := privateBus(t)
	conn := service(t, addr, portalName)
	if err := conn.Export(&fakeChooser{conn: conn, status: 1}, portalPath, fileChooser); err != nil {
		t.Fatal(err)
	}
	paths, shown, err := PickFiles(context.Background(), Window{}, Options{Title: "t"})
	if err != nil || !shown || paths != nil {
		t.Errorf("paths %q, shown %v, err %v", paths, shown, err)
	}
}

// fakeProgram puts a shell script named name first in PATH.
func fakeProgram(t *testing.T, name, script string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
}

// Without a portal, zenity (or kdialog) shows the dialog; without them,
// there is none and the app shows its own.
func TestHelperFileDialogs(t *testing.T) {
	privateBus(t) // a bus without a portal
	t.Setenv("DISPLAY", ":99")
	t.Setenv("XDG_CURRENT_DESKTOP", "GNOME")
	args := filepath.Join(t.TempDir(), "args")
	fakeProgram(t, "zenity", `printf '%s\n' "$@" > `+args+`
printf '/home/me/a b.jpg\n/home/me/c+d.pdf\n'`)
	paths, shown, err := PickFiles(context.Background(), Window{}, Options{Title: "Choose files to add", Folder: "/home/me"})
	if err != nil || !shown || !slices.Equal(paths, []string{"/home/me/a b.jpg", "/home/me/c+d.pdf"}) {
		t.Fatalf("paths %q, shown %v, err %v", paths, shown, err)
	}
	got, _ := os.ReadFile(args)
	if want := "--file-selection\n--multiple\n--separator=\n\n--title=Choose files to add\n--filename=/home/me/\n"; string(got) != want {
		t.Errorf("zenity ran with %q, want %q", got, want)
	}

	fakeProgram(t, "zenity", "exit 1") // cancelled
	if paths, shown, err := PickFiles(context.Background(), Window{}, Options{}); paths != nil || !shown || err != nil {
		t.Errorf("cancelled: %q %v %v", paths, shown, err)
	}

	fakeProgram(t, "kdialog", `echo /home/me/k.odt`)
	t.Setenv("XDG_CURRENT_DESKTOP", "KDE")
	if paths, shown, _ := PickFiles(context.Background(), Window{}, Options{}); !shown || !slices.Equal(paths, []string{"/home/me/k.odt"}) {
		t.Errorf("kdialog: %q %v", paths, shown)
	}

	t.Setenv("PATH", t.TempDir()) // neither
	if _, shown, _ := PickFiles(context.Background(), Window{}, Options{}); shown {
		t.Error("a dialog was shown with no way to show one")
	}
	t.Setenv("SCRUB_FILE_DIALOG", "fyne")
	fakeProgram(t, "zenity", `echo /x`)
	if _, shown, _ := PickFiles(context.Background(), Window{}, Options{}); shown {
		t.Error("SCRUB_FILE_DIALOG=fyne did not turn the desktop's dialog off")
	}
}

// fakeFileManager is org.freedesktop.FileManager1.
type fakeFileManager struct{ shown chan []string }

func (f *fakeFileManager) ShowItems(uris []string, startup string) *dbus.Error {
	f.shown <- uris
	return nil
}

func TestShowInFolder(t *testing.T) {
	addr := privateBus(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "a+b c.cleaned.jpg")
	os.WriteFile(file, nil, 0o644)

	// No file manager on the bus, no portal: xdg-open, whose exit status
	// tells whether it could.
	fakeProgram(t, "xdg-open", "exit 3")
	if err := ShowInFolder(context.Background(), Window{}, file); err == nil {
		t.Error("no error when xdg-open could not open the folder")
	}
	opened := filepath.Join(t.TempDir(), "opened")
	fakeProgram(t, "xdg-open", `printf '%s' "$1" > `+opened)
	if err := ShowInFolder(context.Background(), Window{}, file); err != nil {
		t.Error(err)
	}
	if got, _ := os.ReadFile(opened); string(got) != dir {
		t.Errorf("xdg-open got %q, want %q", got, dir)
	}
	t.Setenv("PATH", t.TempDir())
	if err := ShowInFolder(context.Background(), Window{}, file); err == nil {
		t.Error("no error without any file manager")
	}

	// The portal opens the folder of the file it is handed.
	pconn := service(t, addr, portalName)
	ou := &fakeOpenURI{conn: pconn, got: make(chan os.FileInfo, 1)}
	if err := pconn.Export(ou, portalPath, openURI); err != nil {
		t.Fatal(err)
	}
	if err := ShowInFolder(context.Background(), Window{}, file); err != nil {
		t.Fatal(err)
	}
	if fi, want := <-ou.got, mustStat(t, file); fi == nil || !os.SameFile(fi, want) {
		t.Errorf("the portal was handed %v, not the file", fi)
	}

	// A file manager on the bus shows the file itself.
	conn := service(t, addr, fileManager)
	fm := &fakeFileManager{shown: make(chan []string, 1)}
	if err := conn.Export(fm, fileManagerObj, fileManager); err != nil {
		t.Fatal(err)
	}
	if err := ShowInFolder(context.Background(), Window{}, file); err != nil {
		t.Fatal(err)
	}
	if got := <-fm.shown; !slices.Equal(got, []string{"file://" + strings.ReplaceAll(dir, " ", "%20") + "/a+b%20c.cleaned.jpg"}) {
		t.Errorf("the file manager was asked to show %q", got)
	}
}

func mustStat(t *testing.T, p string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

// fakeOpenURI is the portal's OpenURI: it reports what file it was
// handed.
type fakeOpenURI struct {
	conn *dbus.Conn
	got  chan os.FileInfo
}

func (f *fakeOpenURI) OpenDirectory(sender dbus.Sender, parent string, fd dbus.UnixFD, options map[string]dbus.Variant) (dbus.ObjectPath, *dbus.Error) {
	file := os.NewFile(uintptr(fd), "handed")
	fi, _ := file.Stat()
	file.Close()
	f.got <- fi
	var token string
	options["handle_token"].Store(&token)
	path := dbus.ObjectPath(portalPath + "/request/" + strings.ReplaceAll(strings.TrimPrefix(string(sender), ":"), ".", "_") + "/" + token)
	go f.conn.Emit(path, requestIface+".Response", uint32(0), map[string]dbus.Variant{})
	return path, nil
}
