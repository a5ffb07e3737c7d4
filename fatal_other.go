//go:build !windows

package main

// showFatal does nothing outside Windows: PAPPU is started from a desktop
// or a terminal there, and stderr is where its message belongs.
func showFatal(string) {}
