// Package disttest checks PAPPU's Windows release, which cannot run on the
// Linux machines that build it: pappu.exe and its setup program are read as
// files (PE headers, version resource, the setup's archive listed with 7z),
// the signing step is run with a throwaway certificate, and the installer
// script is read for what its uninstaller does with the data.
//
// The tests that need the build read it from $PAPPU_WINDOWS_DIST, the folder
// `make windows` fills (build/bin/windows); `make test` sets it. Without it
// they skip, except under CI, where they fail.
package disttest
