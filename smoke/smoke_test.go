// Package smoke_test starts the real desktop binary under Xvfb: its window
// must appear and show something, its database must be created, and it must
// stop cleanly on SIGTERM. It needs Xvfb, xdotool and ImageMagick's import;
// without them it skips, except under CI, where it fails.
//
// The binary is $PAPPU_BIN when set (make test passes the one `make build`
// made with Wails); otherwise the test builds one the way Wails does, with the
// desktop and production tags. Either way frontend/dist must be built first.
package smoke_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// The administrator's login and password typed into the setup form.
const (
	smokeLogin    = "camille"
	smokePassword = "Fumee-Nord-2026"
)

const (
	windowTimeout = 60 * time.Second // for the window, then for it to paint
	stopTimeout   = 15 * time.Second
	minColours    = 10 // a blank or half-drawn window has fewer
)

func TestDesktopWindow(t *testing.T) {
	requireTools(t, "Xvfb", "xdotool", "import")
	root := repoRoot(t)
	bin := binary(t, root)
	display := startXvfb(t)

	// The data folder has spaces and accents, as under C:\Users on Windows.
	dataDir := filepath.Join(t.TempDir(), "Hélène Dupont", "PAPPU")
	app := startApp(t, bin, display, dataDir)

	window := waitFor(t, app, "a window named PAPPU", func() (string, bool) {
		out, err := x(display, "xdotool", "search", "--name", "^PAPPU$").Output()
		return strings.Join(strings.Fields(string(out)), " "), err == nil
	})
	t.Logf("windows named PAPPU: %s", window)

	// The window first shows an empty page while WebKit loads the frontend.
	shot := filepath.Join(artifacts(t, root), "shot.png")
	waitFor(t, app, "a screenshot with colours", func() (string, bool) {
		n, err := screenshotColours(display, shot)
		if err != nil {
			t.Logf("screenshot: %v", err)
			return "", false
		}
		return "", n > minColours
	})
	t.Logf("screenshot: %s", shot)

	assertSQLite(t, filepath.Join(dataDir, "pappu.db"))
	setUpThroughTheWindow(t, app, display, filepath.Join(dataDir, "pappu.db"))
	app.stop(t)
	assertLog(t, filepath.Join(dataDir, "logs", "pappu.log"))
}

// requireTools skips when a tool is missing, unless CI is set: CI must run
// this test, so there a missing tool is a broken set-up.
func requireTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is missing (make deps installs it)", tool)
			}
			t.Skipf("%s is missing; make deps installs it", tool)
		}
	}
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// binary returns $PAPPU_BIN (relative to the repository root) or builds one.
func binary(t *testing.T, root string) string {
	t.Helper()
	if bin := os.Getenv("PAPPU_BIN"); bin != "" {
		if !filepath.IsAbs(bin) {
			bin = filepath.Join(root, bin)
		}
		if _, err := os.Stat(bin); err != nil {
			t.Fatalf("PAPPU_BIN: %v", err)
		}
		return bin
	}

	bin := filepath.Join(t.TempDir(), "pappu")
	cmd := exec.Command("go", "build", "-tags", "desktop,production",
		"-ldflags", "-X main.version=smoke", "-o", bin, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build the desktop binary: %v\n%s", err, out)
	}
	return bin
}

// startXvfb starts a virtual screen on a free display and returns its name.
func startXvfb(t *testing.T) string {
	t.Helper()

	// Xvfb picks a free display number and writes it to this pipe when ready.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var stderr bytes.Buffer
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24",
		"-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})

	number := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		number <- strings.TrimSpace(line)
	}()
	select {
	case n := <-number:
		if n == "" {
			t.Fatalf("Xvfb gave no display number:\n%s", stderr.String())
		}
		return ":" + n
	case <-time.After(30 * time.Second):
		t.Fatalf("Xvfb not ready after 30 s:\n%s", stderr.String())
	}
	return ""
}

type app struct {
	cmd    *exec.Cmd
	output *bytes.Buffer
	done   chan struct{} // closed when the process has exited
	err    error         // its exit status, once done is closed
}

// extraEnv adds variables, such as the address of a D-Bus session.
func startApp(t *testing.T, bin, display, dataDir string, extraEnv ...string) *app {
	t.Helper()
	a := &app{output: new(bytes.Buffer), done: make(chan struct{})}
	a.cmd = exec.Command(bin, "--data-dir", dataDir, "--log-stderr")
	// X11 only: on a developer's Wayland desktop GTK would otherwise open
	// the window there rather than on Xvfb.
	a.cmd.Env = append(withoutVar(os.Environ(), "WAYLAND_DISPLAY"),
		"DISPLAY="+display, "GDK_BACKEND=x11")
	a.cmd.Env = append(a.cmd.Env, extraEnv...)
	a.cmd.Stdout = a.output
	a.cmd.Stderr = a.output
	if err := a.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() {
		a.err = a.cmd.Wait()
		close(a.done)
	}()
	t.Cleanup(func() {
		a.cmd.Process.Kill()
		<-a.done
		if t.Failed() {
			t.Logf("app output:\n%s", a.output.String())
		}
	})
	return a
}

// stop sends SIGTERM and expects the app to quit cleanly in time.
func (a *app) stop(t *testing.T) {
	t.Helper()
	if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-a.done:
	case <-time.After(stopTimeout):
		a.cmd.Process.Kill()
		<-a.done
		t.Fatalf("the app was still running %v after SIGTERM; killed", stopTimeout)
	}
	if a.err != nil {
		t.Fatalf("the app exited with %v after SIGTERM", a.err)
	}
}

// waitFor polls check until it succeeds, the app exits or windowTimeout
// passes, and returns what check last returned.
func waitFor(t *testing.T, a *app, what string, check func() (string, bool)) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), windowTimeout)
	defer cancel()
	for {
		if v, ok := check(); ok {
			return v
		}
		select {
		case <-a.done:
			t.Fatalf("the app exited (%v) before showing %s", a.err, what)
		case <-ctx.Done():
			t.Fatalf("no %s after %v", what, windowTimeout)
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// x prepares a command for the virtual screen.
func x(display, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	return cmd
}

// screenshotColours saves the whole screen to path and counts its colours.
func screenshotColours(display, path string) (int, error) {
	if out, err := x(display, "import", "-window", "root", path).CombinedOutput(); err != nil {
		return 0, errors.New(strings.TrimSpace(string(out)))
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return 0, err
	}
	colours := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(colours), nil
}

func assertSQLite(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("database: %v", err)
	}
	defer f.Close()
	header := make([]byte, 16)
	if _, err := io.ReadFull(f, header); err != nil {
		t.Fatalf("database header: %v", err)
	}
	if string(header) != "SQLite format 3\x00" {
		t.Fatalf("%s is not an SQLite file: header %q", path, header)
	}
}

// assertLog checks that the log shows a start and a clean stop, and that a
// first start on an empty folder logged no error.
func assertLog(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("log: %v", err)
	}
	log := string(data)
	for _, want := range []string{"msg=start", "msg=stop"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "level=ERROR") {
		t.Errorf("the log has errors:\n%s", log)
	}
	if strings.Contains(log, smokePassword) {
		t.Errorf("the log contains the administrator's password")
	}
}

// artifacts returns the folder kept after the test for a person to look at:
// $PAPPU_ARTIFACTS, else tmp/smoke in the repository (ignored by git).
func artifacts(t *testing.T, root string) string {
	t.Helper()
	dir := os.Getenv("PAPPU_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(root, "tmp", "smoke")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func withoutVar(env []string, name string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// setUpThroughTheWindow fills the first-start form with the keyboard, as a
// person would, and waits for the structure to reach the database: the
// window's calls go through the Wails bindings, not HTTP.
func setUpThroughTheWindow(t *testing.T, a *app, display, dbPath string) {
	t.Helper()
	// The structure's name has the focus; Tab moves to the next field:
	// site, commune, name, then the administrator's login, password and
	// its confirmation. Return sends the form.
	keys := [][]string{
		{"type", "--delay", "15", "Structure de fumée"}, {"key", "Tab"},
		{"type", "--delay", "15", "Permanence Nord"}, {"key", "Tab"},
		{"type", "--delay", "15", "Marseille"}, {"key", "Tab"},
		{"type", "--delay", "15", "Camille"}, {"key", "Tab"},
		{"type", "--delay", "15", smokeLogin}, {"key", "Tab"},
		{"type", "--delay", "15", smokePassword}, {"key", "Tab"},
		{"type", "--delay", "15", smokePassword}, {"key", "Return"},
	}
	for _, k := range keys {
		if out, err := x(display, "xdotool", k...).CombinedOutput(); err != nil {
			t.Fatalf("xdotool %v: %v %s", k, err, out)
		}
	}
	waitFor(t, a, "the structure created from the window", func() (string, bool) {
		db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro&_busy_timeout=5000")
		if err != nil {
			return err.Error(), false
		}
		defer db.Close()
		var name string
		err = db.QueryRow(`SELECT name FROM organisations`).Scan(&name)
		return name, err == nil && name == "Structure de fumée"
	})
	// The first user is the administrator, with the login typed and a
	// password hash (never the password itself).
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var login, role, hash string
	if err := db.QueryRow(`SELECT coalesce(login, ''), role, password_hash FROM users`).
		Scan(&login, &role, &hash); err != nil {
		t.Fatalf("the first user: %v", err)
	}
	if login != smokeLogin || role != "administrateur" || !strings.HasPrefix(hash, "$argon2id$") {
		t.Errorf("the first user has login %q, role %q, hash %.10q…", login, role, hash)
	}
	shot := filepath.Join(artifacts(t, repoRoot(t)), "after-setup.png")
	if _, err := screenshotColours(display, shot); err != nil {
		t.Fatal(err)
	}
	t.Logf("after setup: %s", shot)
}

// When PAPPU cannot start, it says why in French, naming the path: a data
// folder that is a file, a database that is not one. Both stop it before
// any window, so no screen is needed.
func TestStartErrorsAreFrench(t *testing.T) {
	bin := binary(t, repoRoot(t))
	file := filepath.Join(t.TempDir(), "PAPPU")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(t.TempDir(), "Hélène Dupont", "PAPPU")
	if err := os.MkdirAll(damaged, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(damaged, "pappu.db"),
		bytes.Repeat([]byte("pas une base "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		dataDir string
		want    []string
	}{
		{file, []string{"Le dossier des données " + file + " est en fait un fichier"}},
		{damaged, []string{"Le fichier " + filepath.Join(damaged, "pappu.db") +
			" n'est pas une base PAPPU lisible", "pappu-cli restore"}},
	} {
		cmd := exec.Command(bin, "--data-dir", c.dataDir)
		// A display that is never opened: PAPPU stops before its window.
		cmd.Env = append(os.Environ(), "DISPLAY=:404", "WAYLAND_DISPLAY=")
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 {
			t.Fatalf("--data-dir %s: %v, output %q", c.dataDir, err, out)
		}
		for _, w := range c.want {
			if !strings.Contains(string(out), w) {
				t.Errorf("--data-dir %s: output %q lacks %q", c.dataDir, out, w)
			}
		}
		for _, english := range []string{"not a directory", "file is not a database"} {
			if strings.Contains(string(out), english) {
				t.Errorf("--data-dir %s: English in %q", c.dataDir, out)
			}
		}
	}
}
