package disttest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot is the module's root: the tests run in build/windows/disttest.
var repoRoot = func() string {
	dir, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		panic(err)
	}
	return dir
}()

// distribution is what `make windows` built.
type distribution struct {
	dir   string
	exe   string // pappu.exe
	setup string // PAPPU-<version>-installation.exe
}

// windowsDist finds the Windows build in $PAPPU_WINDOWS_DIST; without it
// the test skips, or fails under CI, where the build must be checked.
func windowsDist(t *testing.T) distribution {
	t.Helper()
	dir := os.Getenv("PAPPU_WINDOWS_DIST")
	if dir == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("PAPPU_WINDOWS_DIST is not set, and CI is: run `make windows` and set it " +
				"to build/bin/windows (make test does both)")
		}
		t.Skip("PAPPU_WINDOWS_DIST is not set: run `make windows` first (make test does)")
	}
	d := distribution{dir: dir, exe: filepath.Join(dir, "pappu.exe")}
	if _, err := os.Stat(d.exe); err != nil {
		t.Fatalf("no pappu.exe in PAPPU_WINDOWS_DIST: %v", err)
	}
	setups, _ := filepath.Glob(filepath.Join(dir, "PAPPU-*-installation.exe"))
	if len(setups) != 1 {
		t.Fatalf("want one PAPPU-<version>-installation.exe in %s, found %v", dir, setups)
	}
	d.setup = setups[0]
	return d
}

// requireTool skips when a program is missing, except under CI.
func requireTool(t *testing.T, name, debianPackage string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing, and CI is set (Debian package %s)", name, debianPackage)
		}
		t.Skipf("%s is missing (Debian package %s)", name, debianPackage)
	}
}

// run runs a command and returns its standard output, failing the test with
// its output when it fails.
func run(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}
