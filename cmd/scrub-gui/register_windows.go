//go:build (gui || ci) && windows

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/scrub-project/scrub/internal/words"
)

// The shortcut in the user's SendTo folder. Explorer lists it under
// "Send to" and starts its target with the chosen files as arguments.
//
// A shortcut (.lnk), not a .cmd file: a batch file would get the paths
// through cmd.exe, which Explorer does not quote unless they hold a space,
// so a file named "a&b.docx" would run a command, and cmd.exe reads a
// batch file in the console's code page, which cannot spell every user
// name. A .lnk is written by Windows itself, through its COM interface
// IShellLinkW.
const linkName = "scrub.lnk"

func sendToLink() (string, error) {
	dir, err := windows.KnownFolderPath(windows.FOLDERID_SendTo, windows.KF_FLAG_CREATE)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, linkName), nil
}

func register() (string, error) {
	link, err := sendToLink()
	if err != nil {
		return "", err
	}
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if exe, err = filepath.Abs(exe); err != nil {
		return "", err
	}
	if err := writeShortcut(link, exe, filepath.Dir(exe), words.T("platform.register.description")); err != nil {
		return "", err
	}
	return words.T("platform.register.done", link), nil
}

func unregister() (string, error) {
	link, err := sendToLink()
	if err != nil {
		return "", err
	}
	if err := os.Remove(link); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	return words.T("platform.unregister.done"), nil
}

// tell writes msg to the console the app was started from, or shows it in
// a message box: started from Explorer, an app built as a GUI program
// (-H windowsgui) has no console.
func tell(stdout io.Writer, msg string, isErr bool) {
	if h, err := windows.GetStdHandle(windows.STD_OUTPUT_HANDLE); err == nil && h != 0 && h != windows.InvalidHandle {
		if tellStdout(stdout, msg) {
			return
		}
	}
	flags := uint32(windows.MB_OK | windows.MB_ICONINFORMATION)
	if isErr {
		flags = windows.MB_OK | windows.MB_ICONERROR
	}
	text, _ := windows.UTF16PtrFromString(msg)
	title, _ := windows.UTF16PtrFromString("scrub")
	windows.MessageBox(0, text, title, flags)
}

var (
	ole32                = windows.NewLazySystemDLL("ole32.dll")
	procCoCreateInstance = ole32.NewProc("CoCreateInstance")

	clsidShellLink  = windows.GUID{Data1: 0x00021401, Data4: [8]byte{0xC0, 0, 0, 0, 0, 0, 0, 0x46}}
	iidIShellLinkW  = windows.GUID{Data1: 0x000214F9, Data4: [8]byte{0xC0, 0, 0, 0, 0, 0, 0, 0x46}}
	iidIPersistFile = windows.GUID{Data1: 0x0000010B, Data4: [8]byte{0xC0, 0, 0, 0, 0, 0, 0, 0x46}}
)

// Method numbers in the interfaces' tables (shobjidl_core.h, objidl.h).
const (
	methodQueryInterface           = 0
	methodRelease                  = 2
	methodSetDescription           = 7  // IShellLinkW
	methodSetWorkingDirectory      = 9  // IShellLinkW
	methodSetIconLocation          = 17 // IShellLinkW
	methodSetPath                  = 20 // IShellLinkW
	methodSave                     = 6  // IPersistFile
	clsctxInprocServer             = 1
	coinitApartmentThreaded        = 0x2
	rpcEChangedMode           uint = 0x80010106
)

// comObject is a pointer to a COM object: a pointer to its method table.
type comObject struct{ vtbl *[32]uintptr }

func (o *comObject) call(method int, args ...uintptr) error {
	hr, _, _ := syscall.SyscallN(o.vtbl[method], append([]uintptr{uintptr(unsafe.Pointer(o))}, args...)...)
	if int32(hr) < 0 {
		return fmt.Errorf("IShellLinkW/IPersistFile[%d]: HRESULT %#08x", method, uint32(hr))
	}
	return nil
}

func (o *comObject) release() { o.call(methodRelease) }

func wstr(s string) (uintptr, error) {
	p, err := windows.UTF16PtrFromString(s)
	return uintptr(unsafe.Pointer(p)), err
}

// writeShortcut saves a shortcut at link that starts target in dir.
func writeShortcut(link, target, dir, description string) error {
	if err := windows.CoInitializeEx(0, coinitApartmentThreaded); err != nil && uint(err.(syscall.Errno)) != rpcEChangedMode {
		return err
	}
	defer windows.CoUninitialize()

	var sl *comObject
	hr, _, _ := procCoCreateInstance.Call(uintptr(unsafe.Pointer(&clsidShellLink)), 0, clsctxInprocServer,
		uintptr(unsafe.Pointer(&iidIShellLinkW)), uintptr(unsafe.Pointer(&sl)))
	if int32(hr) < 0 || sl == nil {
		return fmt.Errorf("CoCreateInstance(ShellLink): HRESULT %#08x", uint32(hr))
	}
	defer sl.release()
	for _, set := range []struct {
		method int
		value  string
		extra  []uintptr
	}{
		{methodSetPath, target, nil},
		{methodSetWorkingDirectory, dir, nil},
		{methodSetDescription, description, nil},
		{methodSetIconLocation, target, []uintptr{0}},
	} {
		p, err := wstr(set.value)
		if err != nil {
			return err
		}
		if err := sl.call(set.method, append([]uintptr{p}, set.extra...)...); err != nil {
			return err
		}
	}
	var pf *comObject
	if err := sl.call(methodQueryInterface, uintptr(unsafe.Pointer(&iidIPersistFile)), uintptr(unsafe.Pointer(&pf))); err != nil {
		return err
	}
	defer pf.release()
	p, err := wstr(link)
	if err != nil {
		return err
	}
	return pf.call(methodSave, p, 1)
}
