//go:build windows

package main

import "golang.org/x/sys/windows"

// showFatal shows why PAPPU cannot start in a message box: pappu.exe is a
// windowed program, so what it writes on stderr reaches nobody, and Wails
// has no dialog to offer before its window exists.
func showFatal(text string) {
	body, err := windows.UTF16PtrFromString(text)
	if err != nil {
		return
	}
	title, _ := windows.UTF16PtrFromString("PAPPU")
	windows.MessageBox(0, body, title, windows.MB_OK|windows.MB_ICONERROR|windows.MB_SETFOREGROUND)
}
