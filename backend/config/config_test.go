package config_test

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"pappu/backend"
	"pappu/backend/config"
)

// userHome returns a folder whose name has spaces and accents, as on the PC
// of a volunteer called Hélène Dupont.
func userHome(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "Users", "Hélène Dupont")
}

func TestDataDir(t *testing.T) {
	home := userHome(t)
	fromFlag := filepath.Join(home, "AppData", "Roaming", "PAPPU")
	fromEnv := filepath.Join(home, "Données PAPPU")

	// Point every OS's notion of the user configuration folder into home.
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("APPDATA", filepath.Join(home, "AppData", "Roaming"))
	base, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}

	scenarios := []struct {
		name string
		flag string
		env  string
		want string
	}{
		{"flag wins over env", fromFlag, fromEnv, fromFlag},
		{"env when no flag", "", fromEnv, fromEnv},
		{"user config folder otherwise", "", "", filepath.Join(base, "PAPPU")},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			t.Setenv(config.EnvDataDir, s.env)

			got, err := config.DataDir(s.flag)
			if err != nil {
				t.Fatal(err)
			}
			if got != s.want {
				t.Fatalf("DataDir = %q, want %q", got, s.want)
			}
			assertPrivateDir(t, got)
		})
	}
}

func TestDataDirRelativeFlag(t *testing.T) {
	t.Chdir(t.TempDir())

	got, err := config.DataDir("Hélène Dupont/PAPPU")
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(got) {
		t.Fatalf("DataDir = %q, want an absolute path", got)
	}
	assertPrivateDir(t, got)
}

func TestDataDirUnusable(t *testing.T) {
	// A file where the folder should be.
	file := filepath.Join(userHome(t), "PAPPU")
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}

	// The message is French and names the path, for the file itself and
	// for a folder below it.
	for _, dir := range []string{file, filepath.Join(file, "PAPPU")} {
		_, err := config.DataDir(dir)
		if err == nil {
			t.Fatalf("DataDir(%q): no error", dir)
		}
		msg := backend.ErrorMessage(err)
		if !strings.Contains(msg, dir) || !strings.Contains(msg, "fichier") ||
			strings.Contains(msg, "not a directory") {
			t.Errorf("DataDir(%q): message %q", dir, msg)
		}
	}
}

func TestDBPath(t *testing.T) {
	dir := filepath.Join(userHome(t), "AppData", "Roaming", "PAPPU")
	if got, want := config.DBPath(dir), filepath.Join(dir, "pappu.db"); got != want {
		t.Fatalf("DBPath = %q, want %q", got, want)
	}
}

func TestOpenLog(t *testing.T) {
	dir := mustDataDir(t)
	var console bytes.Buffer

	logger, closer, err := config.OpenLog(dir, slog.LevelInfo, config.WithConsole(&console))
	if err != nil {
		t.Fatal(err)
	}
	logger.Debug("hidden at info level")
	logger.Info("démarrage", slog.String("version", "test"))
	if err := closer.Close(); err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(dir, "logs", "pappu.log")
	if got := config.LogPath(dir); got != path {
		t.Fatalf("LogPath = %q, want %q", got, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"file": string(data), "console": console.String()} {
		if !strings.Contains(out, `msg=démarrage version=test`) {
			t.Errorf("%s log lacks the info line:\n%s", name, out)
		}
		if strings.Contains(out, "hidden") {
			t.Errorf("%s log has a debug line at info level:\n%s", name, out)
		}
	}
}

func TestOpenLogAppends(t *testing.T) {
	dir := mustDataDir(t)

	for _, msg := range []string{"first", "second"} {
		logger, closer, err := config.OpenLog(dir, slog.LevelInfo)
		if err != nil {
			t.Fatal(err)
		}
		logger.Info(msg)
		closer.Close()
	}

	data, err := os.ReadFile(config.LogPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n != 2 {
		t.Fatalf("log has %d lines, want 2:\n%s", n, data)
	}
}

func TestOpenLogRotates(t *testing.T) {
	scenarios := []struct {
		name    string
		size    int64
		rotated bool
	}{
		{"at the limit stays", 10 << 20, false},
		{"past the limit is rotated", 10<<20 + 1, true},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			dir := mustDataDir(t)
			path := config.LogPath(dir)
			writeSized(t, path+".1", 3) // an older rotation, to be replaced
			writeSized(t, path, s.size)

			logger, closer, err := config.OpenLog(dir, slog.LevelInfo)
			if err != nil {
				t.Fatal(err)
			}
			logger.Info("après rotation")
			closer.Close()

			current, old := fileSize(t, path), fileSize(t, path+".1")
			if s.rotated && (old != s.size || current >= s.size) {
				t.Fatalf("sizes: log %d, log.1 %d; want log.1 = %d", current, old, s.size)
			}
			if !s.rotated && (old != 3 || current <= s.size) {
				t.Fatalf("sizes: log %d, log.1 %d; want log > %d", current, old, s.size)
			}
		})
	}
}

func mustDataDir(t *testing.T) string {
	t.Helper()
	dir, err := config.DataDir(filepath.Join(userHome(t), "AppData", "Roaming", "PAPPU"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeSized creates a sparse file of the given size.
func writeSized(t *testing.T, path string, size int64) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

func assertPrivateDir(t *testing.T, dir string) {
	t.Helper()
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !info.IsDir() {
		t.Fatalf("%s is not a folder", dir)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o700 {
		t.Fatalf("%s has mode %v, want 0700", dir, info.Mode().Perm())
	}
}
