package disttest

import (
	"bytes"
	"crypto/sha256"
	"debug/pe"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Both programs are 64-bit Windows GUI executables.
func TestExecutablesAre64BitWindows(t *testing.T) {
	d := windowsDist(t)
	for _, path := range []string{d.exe, d.setup} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := pe.Open(path)
			if err != nil {
				t.Fatalf("not a PE file: %v", err)
			}
			defer f.Close()
			if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
				t.Errorf("machine %#x, want AMD64 (%#x)", f.Machine, pe.IMAGE_FILE_MACHINE_AMD64)
			}
			opt, ok := f.OptionalHeader.(*pe.OptionalHeader64)
			if !ok {
				t.Fatalf("optional header %T, want PE32+ (64-bit)", f.OptionalHeader)
			}
			if opt.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
				t.Errorf("subsystem %d, want Windows GUI", opt.Subsystem)
			}
			if f.Characteristics&pe.IMAGE_FILE_EXECUTABLE_IMAGE == 0 ||
				f.Characteristics&pe.IMAGE_FILE_DLL != 0 {
				t.Errorf("characteristics %#x: not an executable", f.Characteristics)
			}
		})
	}
}

// pappu.exe's version resource carries the version pappu-cli prints for
// the same commit, as text and as the four numbers Windows compares; the
// setup program carries the same.
func TestVersionResourceMatchesCLI(t *testing.T) {
	d := windowsDist(t)
	want := cliVersion(t)
	numbers := strings.TrimSpace(run(t, nil, "sh", filepath.Join(repoRoot, "build", "version.sh"),
		"--windows", want))

	for _, path := range []string{d.exe, d.setup} {
		f, err := pe.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		v, err := readVersionInfo(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: version resource: %v", filepath.Base(path), err)
		}
		t.Logf("%s: %v", filepath.Base(path), v)
		if got := v.strings["ProductVersion"]; got != want {
			t.Errorf("%s: ProductVersion %q, pappu-cli --version says %q", filepath.Base(path), got, want)
		}
		if got := dotted(v.fileVersion); got != numbers {
			t.Errorf("%s: file version %s, want %s", filepath.Base(path), got, numbers)
		}
		if got := dotted(v.productVersion); path == d.exe && got != numbers {
			t.Errorf("%s: fixed product version %s, want %s", filepath.Base(path), got, numbers)
		}
		if v.strings["ProductName"] != "PAPPU" {
			t.Errorf("%s: ProductName %q", filepath.Base(path), v.strings["ProductName"])
		}
	}
	if base := filepath.Base(d.setup); base != "PAPPU-"+want+"-installation.exe" {
		t.Errorf("setup program named %s, want the version %s in its name", base, want)
	}
}

// cliVersion is what pappu-cli --version prints: the binary `make build`
// made ($PAPPU_CLI), or else one built here with the version the Makefile
// would stamp.
func cliVersion(t *testing.T) string {
	t.Helper()
	cli := os.Getenv("PAPPU_CLI")
	if cli == "" {
		version := strings.TrimSpace(run(t, nil, "sh", filepath.Join(repoRoot, "build", "version.sh")))
		cli = filepath.Join(t.TempDir(), "pappu-cli")
		cmd := exec.Command("go", "build", "-o", cli, "-ldflags", "-X main.version="+version,
			"./cmd/pappu-cli")
		cmd.Dir = repoRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build ./cmd/pappu-cli: %v\n%s", err, out)
		}
	}
	return strings.TrimSpace(run(t, nil, cli, "--version"))
}

// The setup program, listed with 7z, holds the very pappu.exe that was
// built, the uninstaller, and Microsoft's WebView2 bootstrapper.
func TestSetupHoldsTheBuiltExe(t *testing.T) {
	d := windowsDist(t)
	requireTool(t, "7z", "p7zip-full")

	listing := run(t, nil, "7z", "l", "-slt", d.setup)
	var paths []string
	for _, line := range strings.Split(listing, "\n") {
		if p, ok := strings.CutPrefix(strings.TrimSpace(line), "Path = "); ok {
			paths = append(paths, p)
		}
	}
	for _, want := range []string{"pappu.exe", "uninstall.exe",
		"$PLUGINSDIR/webview2/MicrosoftEdgeWebview2Setup.exe"} {
		if !contains(paths, want) {
			t.Errorf("the setup program lacks %s; 7z lists %v", want, paths)
		}
	}

	packed := run(t, nil, "7z", "e", "-so", d.setup, "pappu.exe")
	built, err := os.ReadFile(d.exe)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal([]byte(packed), built) {
		t.Errorf("pappu.exe in the setup program (%d bytes, sha256 %x) differs from the one built "+
			"(%d bytes, sha256 %x)", len(packed), sha256.Sum256([]byte(packed)), len(built),
			sha256.Sum256(built))
	}
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}
