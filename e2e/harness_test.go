package e2e_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

const chromiumPath = "/usr/bin/chromium"

// patience bounds one user step. It is long because a busy two-core machine
// (a build running beside the tests) can slow a step tenfold; it only ever
// delays a failure.
const patience = 45 * time.Second

var (
	// repoRoot is the module's root: the tests run in e2e/.
	repoRoot = func() string {
		dir, err := filepath.Abs("..")
		if err != nil {
			panic(err)
		}
		return dir
	}()

	binDir  string
	cliOnce sync.Once
	cliPath string
	cliErr  error
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "pappu-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	binDir = dir
	return m.Run()
}

// cli returns the pappu-cli binary, built once for the whole run.
func cli(t *testing.T) string {
	t.Helper()
	cliOnce.Do(func() {
		if p := os.Getenv("PAPPU_E2E_CLI"); p != "" {
			cliPath = p
			return
		}
		name := "pappu-cli"
		if runtime.GOOS == "windows" {
			name += ".exe"
		}
		cliPath = filepath.Join(binDir, name)
		cmd := exec.Command("go", "build", "-o", cliPath, "./cmd/pappu-cli")
		cmd.Dir = repoRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			cliErr = fmt.Errorf("go build ./cmd/pappu-cli: %w\n%s", err, out)
		}
	})
	if cliErr != nil {
		t.Fatal(cliErr)
	}
	return cliPath
}

// staticDir returns the built frontend, failing when it was not built.
func staticDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PAPPU_E2E_STATIC")
	if dir == "" {
		dir = filepath.Join(repoRoot, "frontend", "dist")
	}
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		t.Fatalf("no built frontend in %s: run `cd frontend && npm ci && npm run build` first", dir)
	}
	return dir
}

// requireChromium skips without a browser on a developer's machine; under
// CI a missing browser is a failure, so a green run always means a real one.
func requireChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("%s not found (install Debian's chromium package)", chromiumPath)
		}
		t.Fatalf("%s not found, and CI is set: the end-to-end tests must run", chromiumPath)
	}
}

// lockedBuffer collects a process's output while it runs.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// server is a running `pappu-cli serve` on its own fresh data folder.
type server struct {
	URL     string
	DataDir string
	cmd     *exec.Cmd
	stdout  lockedBuffer
	stderr  lockedBuffer
	done    chan struct{}
	stopped bool
}

var listeningRE = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)

// startServer starts pappu-cli serve on a fresh data folder, on a free
// loopback port, and waits until it says where it listens.
func startServer(t *testing.T) *server {
	t.Helper()
	return startServerOn(t, t.TempDir())
}

// startServerOn is startServer on a data folder prepared beforehand.
func startServerOn(t *testing.T, dataDir string) *server {
	t.Helper()
	s := &server{DataDir: dataDir, done: make(chan struct{})}
	s.cmd = exec.Command(cli(t), "serve",
		"--data-dir", s.DataDir,
		"--addr", "127.0.0.1:0",
		"--static", staticDir(t))
	s.cmd.Dir = repoRoot
	s.cmd.Env = append(os.Environ(), "PAPPU_DATA_DIR="+s.DataDir)
	s.cmd.Stderr = &s.stderr
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}

	// Copy stdout while looking for the address.
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			s.stdout.Write([]byte(line + "\n"))
			if m := listeningRE.FindStringSubmatch(line); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		io.Copy(&s.stdout, out)
	}()
	go func() {
		s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(s.stop)

	select {
	case s.URL = <-found:
	case <-s.done:
		t.Fatalf("pappu-cli serve exited early\nstdout:\n%s\nstderr:\n%s", s.stdout.String(), s.stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("pappu-cli serve did not say where it listens\nstdout:\n%s\nstderr:\n%s",
			s.stdout.String(), s.stderr.String())
	}
	return s
}

// stop interrupts the server and waits for it, so its logs are complete.
func (s *server) stop() {
	if s.stopped {
		return
	}
	s.stopped = true
	if runtime.GOOS == "windows" {
		s.cmd.Process.Kill()
	} else {
		s.cmd.Process.Signal(os.Interrupt)
	}
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// call calls one API method over HTTP, as the frontend does outside Wails.
func (s *server) call(t *testing.T, service, method string, out any, args ...any) {
	t.Helper()
	if args == nil {
		args = []any{}
	}
	body, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Post(s.URL+"/api/"+service+"/"+method, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s.%s: %s: %s", service, method, res.Status, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s.%s: %v", service, method, err)
		}
	}
}

// browser is a headless Chromium tab, with the page's uncaught errors.
type browser struct {
	ctx context.Context

	mu         sync.Mutex
	exceptions []string
}

// newBrowser starts a fresh headless Chromium whose only reachable host is
// this machine's loopback.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	requireChromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.Flag("lang", "fr-FR"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(windowSize(t)),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		chromedp.Cancel(ctx)
		cancel()
		cancelAlloc()
	})

	b := &browser{ctx: ctx}
	exceptions := chromedp.Events(ctx, cdpruntime.ExceptionThrown)
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			text := ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				text += " " + ev.ExceptionDetails.Exception.Description
			}
			b.mu.Lock()
			b.exceptions = append(b.exceptions, text)
			b.mu.Unlock()
		}
	}()
	return b
}

// windowSize is 1280×800, the desk's usual screen, unless PAPPU_E2E_WINDOW
// asks for another ("1024x700") to look at the layout there.
func windowSize(t *testing.T) (int, int) {
	w, h := 1280, 800
	if v := os.Getenv("PAPPU_E2E_WINDOW"); v != "" {
		if _, err := fmt.Sscanf(v, "%dx%d", &w, &h); err != nil {
			t.Fatalf("PAPPU_E2E_WINDOW=%q: want WIDTHxHEIGHT", v)
		}
	}
	return w, h
}

// pageErrors returns the uncaught errors the page threw so far.
func (b *browser) pageErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.exceptions...)
}

// step bounds one user step, so a missing element fails fast with its name
// instead of hanging until the test's deadline.
func (b *browser) step(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, patience)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v%s", what, err, b.errorsNote())
	}
}

func (b *browser) errorsNote() string {
	if errs := b.pageErrors(); len(errs) > 0 {
		return "\npage errors:\n" + strings.Join(errs, "\n")
	}
	return ""
}

// text returns the trimmed text of the element css selects, once visible.
func (b *browser) text(t *testing.T, css string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, patience)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(css), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("reading %s: %v%s", css, err, b.errorsNote())
	}
	return strings.TrimSpace(s)
}

// value returns the value of the form control css selects.
func (b *browser) value(t *testing.T, css string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, patience)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("reading the value of %s: %v%s", css, err, b.errorsNote())
	}
	return s
}

// waitText waits until the element css selects reads want: screens fill
// themselves after answers from the server.
func (b *browser) waitText(t *testing.T, css, want string) {
	t.Helper()
	deadline := time.Now().Add(patience)
	var got string
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](
			fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, css)))
		cancel()
		if err == nil {
			got = strings.TrimSpace(s)
			if got == want {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s reads %q, want %q%s", css, got, want, b.errorsNote())
}

// setValue sets a form control's value as typing would, firing input and
// change. chromedp.SetValue(sel, "") fails in v0.23.1 ("could not set value
// on node"), so emptying a field goes through here.
func setValue(css, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		if (!el) throw new Error("no element " + %q);
		el.value = %q;
		el.dispatchEvent(new Event("input", { bubbles: true }));
		el.dispatchEvent(new Event("change", { bubbles: true }));
	})()`, css, css, value))
}

// count returns how many elements css selects right now.
func (b *browser) count(t *testing.T, css string) int {
	t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](
		fmt.Sprintf(`document.querySelectorAll(%q).length`, css)))
	if err != nil {
		t.Fatalf("counting %s: %v", css, err)
	}
	return n
}

// waitCount waits until css selects exactly n elements.
func (b *browser) waitCount(t *testing.T, css string, n int) {
	t.Helper()
	deadline := time.Now().Add(patience)
	got := -1
	for time.Now().Before(deadline) {
		if got = b.count(t, css); got == n {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%d elements match %s, want %d%s", got, css, n, b.errorsNote())
}

// pageCall calls one API method from the page with fetch, as a script
// in the window could, and returns the HTTP status and the error's French
// message ("" on success).
func (b *browser) pageCall(t *testing.T, service, method string, args ...any) (int, string) {
	t.Helper()
	if args == nil {
		args = []any{}
	}
	body, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(b.ctx, patience)
	defer cancel()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`fetch(%q, {
		method: "POST", headers: { "Content-Type": "application/json" }, body: %q,
	}).then(async (r) => JSON.stringify({ status: r.status, body: await r.text() }))`,
		"/api/"+service+"/"+method, string(body)), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch %s.%s from the page: %v", service, method, err)
	}
	var res struct {
		Status int    `json:"status"`
		Body   string `json:"body"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("fetch %s.%s from the page: %v", service, method, err)
	}
	var e struct {
		Message string `json:"message"`
	}
	if res.Status != http.StatusOK {
		json.Unmarshal([]byte(res.Body), &e)
	}
	return res.Status, e.Message
}

// screenshot saves the page to dir/name.png when PAPPU_E2E_SHOTS names a
// folder; it helps to look at a failure or a layout.
func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	dir := os.Getenv("PAPPU_E2E_SHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Logf("screenshot %s: %v", name, err)
	}
}
