//go:build (gui || ci) && windows

package native

import (
	"context"
	"errors"
	"os/exec"
	"runtime"
	"syscall"
	"unsafe"
)

var (
	comdlg32               = syscall.NewLazyDLL("comdlg32.dll")
	procGetOpenFileNameW   = comdlg32.NewProc("GetOpenFileNameW")
	procCommDlgExtendedErr = comdlg32.NewProc("CommDlgExtendedError")
	ole32                  = syscall.NewLazyDLL("ole32.dll")
	procCoInitializeEx     = ole32.NewProc("CoInitializeEx")
	procCoUninitialize     = ole32.NewProc("CoUninitialize")
)

// openFileName is OPENFILENAMEW (commdlg.h).
type openFileName struct {
	structSize    uint32
	owner         uintptr
	instance      uintptr
	filter        *uint16
	customFilter  *uint16
	maxCustFilter uint32
	filterIndex   uint32
	file          *uint16
	maxFile       uint32
	fileTitle     *uint16
	maxFileTitle  uint32
	initialDir    *uint16
	title         *uint16
	flags         uint32
	fileOffset    uint16
	fileExtension uint16
	defExt        *uint16
	custData      uintptr
	fnHook        uintptr
	templateName  *uint16
	pvReserved    uintptr
	dwReserved    uint32
	flagsEx       uint32
}

const (
	ofnHideReadOnly     = 0x00000004
	ofnNoChangeDir      = 0x00000008
	ofnAllowMultiSelect = 0x00000200
	ofnPathMustExist    = 0x00000800
	ofnFileMustExist    = 0x00001000
	ofnExplorer         = 0x00080000
	ofnDontAddToRecent  = 0x02000000

	fnerrBufferTooSmall = 0x3003

	coinitApartmentThreaded = 0x2
	coinitDisableOLE1DDE    = 0x4

	// pickBufferChars holds the chosen names: a few thousand files.
	pickBufferChars = 1 << 17
)

// errTooMany: more files were chosen than the dialog's buffer holds.
var errTooMany = errors.New("too many files were chosen at once: add their folder instead")

// pickFiles shows the common file dialog. It cannot be closed from here:
// ctx is not watched.
func pickFiles(_ context.Context, parent Window, opt Options) ([]string, bool, error) {
	if err := comdlg32.Load(); err != nil {
		return nil, false, nil
	}
	type result struct {
		paths []string
		err   error
	}
	done := make(chan result, 1)
	go func() {
		// The dialog needs a thread of its own with COM set up for it.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if r, _, _ := procCoInitializeEx.Call(0, coinitApartmentThreaded|coinitDisableOLE1DDE); int32(r) >= 0 {
			defer procCoUninitialize.Call()
		}
		paths, err := getOpenFileNames(parent, opt)
		done <- result{paths, err}
	}()
	r := <-done
	return r.paths, true, r.err
}

func getOpenFileNames(parent Window, opt Options) ([]string, error) {
	buf := make([]uint16, pickBufferChars)
	filter, _ := syscall.UTF16PtrFromString("*.*\x00*.*\x00") // every file: scrub tells what it knows
	ofn := openFileName{
		owner:   parent.HWND,
		filter:  filter,
		file:    &buf[0],
		maxFile: uint32(len(buf)),
		flags: ofnAllowMultiSelect | ofnExplorer | ofnFileMustExist | ofnPathMustExist |
			ofnNoChangeDir | ofnHideReadOnly | ofnDontAddToRecent,
	}
	ofn.structSize = uint32(unsafe.Sizeof(ofn))
	if opt.Title != "" {
		ofn.title, _ = syscall.UTF16PtrFromString(opt.Title)
	}
	if opt.Folder != "" {
		ofn.initialDir, _ = syscall.UTF16PtrFromString(opt.Folder)
	}
	ok, _, _ := procGetOpenFileNameW.Call(uintptr(unsafe.Pointer(&ofn)))
	if ok == 0 {
		code, _, _ := procCommDlgExtendedErr.Call()
		switch code {
		case 0:
			return nil, nil // cancelled
		case fnerrBufferTooSmall:
			return nil, errTooMany
		}
		return nil, errors.New("the file dialog failed")
	}
	return splitMultiSelect(buf), nil
}

func showInFolder(_ context.Context, _ Window, path string) error {
	cmd := exec.Command("explorer.exe")
	// explorer reads "/select," and the quoted path itself; Go's own
	// quoting of one argument would hide the switch in the quotes.
	cmd.SysProcAttr = &syscall.SysProcAttr{CmdLine: `explorer.exe /select,"` + path + `"`}
	// explorer's exit status says nothing (it is 1 when all went well):
	// only a failure to start it counts.
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}
