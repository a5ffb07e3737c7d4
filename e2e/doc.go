// Package e2e holds PAPPU's end-to-end tests: the built frontend runs in
// headless Chromium against `pappu-cli serve` with a fresh database, and the
// tests type, click and read what a person would.
//
// Run them from the repository root after building the frontend:
//
//	(cd frontend && npm ci && npm run build)
//	go test ./e2e/
//
// They need Chromium at /usr/bin/chromium; without it they skip, except under
// CI=true where they fail. PAPPU_E2E_CLI names a prebuilt pappu-cli to use
// instead of building one; PAPPU_E2E_STATIC another frontend build folder.
package e2e
