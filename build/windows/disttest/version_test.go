package disttest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// build/version.sh names a checkout as the README says, in a scratch git
// repository taken from its first commit to a tag, past it, and dirty.
func TestVersionFromGit(t *testing.T) {
	requireTool(t, "git", "git")
	repo := t.TempDir()
	script, err := os.ReadFile(filepath.Join(repoRoot, "build", "version.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(repo, "build"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "build", "version.sh"), script, 0o755); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) string {
		t.Helper()
		env := []string{"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.invalid",
			"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.invalid"}
		return strings.TrimSpace(run(t, env, "git", append([]string{"-C", repo}, args...)...))
	}
	version := func(args ...string) string {
		t.Helper()
		// The ceiling keeps git from finding a repository above the scratch one.
		env := []string{"GIT_CEILING_DIRECTORIES=" + filepath.Dir(repo)}
		script := filepath.Join(repo, "build", "version.sh")
		return strings.TrimSpace(run(t, env, "sh", append([]string{script}, args...)...))
	}
	commit := func(msg string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(repo, "file.txt"), []byte(msg+"\r\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		git("add", "-A")
		git("commit", "-q", "-m", msg)
	}

	if got := version(); got != "0.0.0-dev" {
		t.Errorf("outside git: %q, want 0.0.0-dev", got)
	}
	git("init", "-q")
	commit("first")
	commit("second")
	sha := git("rev-parse", "--short=7", "HEAD")
	steps := []struct {
		what, want, windows string
		before              func()
	}{
		{"before any tag", "0.0.0-2-g" + sha, "0.0.0.2", nil},
		{"on a tag", "1.4.0", "1.4.0.0", func() { git("tag", "v1.4.0") }},
		{"dirty", "1.4.0-dirty", "1.4.0.0", func() {
			os.WriteFile(filepath.Join(repo, "file.txt"), []byte("changed\r\n"), 0o644)
		}},
		{"three commits later", "", "1.4.0.3", func() { commit("a"); commit("b"); commit("c") }},
	}
	for _, s := range steps {
		if s.before != nil {
			s.before()
		}
		want := s.want
		if want == "" {
			want = "1.4.0-3-g" + git("rev-parse", "--short=7", "HEAD")
		}
		if got := version(); got != want {
			t.Errorf("%s: version %q, want %q", s.what, got, want)
		}
		if got := version("--windows"); got != s.windows {
			t.Errorf("%s: Windows version %q, want %q", s.what, got, s.windows)
		}
	}
}

// The Windows numbers of a version given by hand.
func TestWindowsVersionNumbers(t *testing.T) {
	script := filepath.Join(repoRoot, "build", "version.sh")
	for in, want := range map[string]string{
		"1.2.3":                      "1.2.3.0",
		"1.2.3-5-g1a2b3c4":           "1.2.3.5",
		"1.2.3-5-g1a2b3c4-dirty":     "1.2.3.5",
		"1.2.3-rc1-7-g1a2b3c4-dirty": "1.2.3.7",
		"0.0.0-dev":                  "0.0.0.0",
		"dev":                        "0.0.0.0",
		"70000.1.2-99999-gdeadbee":   "65535.1.2.65535",
	} {
		got := strings.TrimSpace(run(t, nil, "sh", script, "--windows", in))
		if got != want {
			t.Errorf("--windows %s = %s, want %s", in, got, want)
		}
		if !regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`).MatchString(got) {
			t.Errorf("--windows %s = %s: not four numbers", in, got)
		}
	}
}
