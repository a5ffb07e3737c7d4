# PAPPU: `make run` builds and opens the app, `make test` runs every test.
# The README's "Développement" section explains each target.

SHELL := /bin/bash
.DEFAULT_GOAL := build

# Go's official install lives in /usr/local/go, often not yet on PATH.
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin

# The version shown by `pappu --version` and written into the Windows .exe
# comes from one place: wails.json's info.productVersion.
VERSION ?= $(shell sed -n 's/.*"productVersion": *"\([^"]*\)".*/\1/p' wails.json)
LDFLAGS := -X main.version=$(VERSION)

# Debian 12 packages: a C compiler and GTK/WebKitGTK headers to build the
# window; Xvfb, xauth (for xvfb-run), xdotool, x11-utils and ImageMagick for
# the smoke test and `make run` without a screen; Chromium for the browser
# tests.
APT_PACKAGES := gcc pkg-config libgtk-3-dev libwebkit2gtk-4.0-dev \
	xvfb xauth x11-utils xdotool imagemagick chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	frontend/index.html frontend/package.json frontend/vite.config.ts \
	frontend/tsconfig.json
NODE_MODULES := frontend/node_modules/.package-lock.json

.PHONY: help deps system-deps frontend build run test bench icon clean

## help: list the targets
help:
	@sed -n 's/^## //p' Makefile

## deps: install what this machine lacks (apt packages, Node.js, npm packages)
deps: system-deps $(NODE_MODULES)

system-deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s "$$p" >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v node >/dev/null && command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi
	@command -v go >/dev/null || { echo "Go is missing: install Go 1.26 in /usr/local/go."; exit 1; }

# npm writes node_modules/.package-lock.json on every install, so it tells
# whether node_modules matches the lock file. npm's cache is ~/.npm.
$(NODE_MODULES): frontend/package.json $(wildcard frontend/package-lock.json)
	cd frontend && if [ -f package-lock.json ]; then \
		npm ci --prefer-offline --no-audit --no-fund; \
	else npm install --no-audit --no-fund; fi
	@touch $@

## frontend: build frontend/dist when a frontend source changed
frontend: frontend/dist/index.html

frontend/dist/index.html: $(FRONTEND_SOURCES) $(NODE_MODULES)
	cd frontend && npm run build

## build: build/bin/pappu (the desktop app) and bin/pappu-cli
# Make builds the frontend, so Wails skips it (-s). The frontend calls the Go
# methods through window.go (src/api/transport.ts), not through generated
# TypeScript bindings, so Wails skips those too (-skipbindings). -m and
# -nosyncgomod keep Wails from rewriting go.mod and go.sum.
build: system-deps frontend
	go tool wails build -s -skipbindings -m -nosyncgomod -nocolour -ldflags "$(LDFLAGS)"
	go build -ldflags "$(LDFLAGS)" -o bin/pappu-cli ./cmd/pappu-cli

## run: install, build and open PAPPU (ARGS="--data-dir DIR" to pass flags)
run: deps build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		./build/bin/pappu $(ARGS); \
	else \
		echo "No display (DISPLAY is empty): starting PAPPU on a virtual screen with xvfb-run."; \
		echo "Nothing will show; stop it with Ctrl+C."; \
		xvfb-run -a ./build/bin/pappu $(ARGS); \
	fi

## test: vet and run every Go test, the desktop smoke test included
# The smoke and end-to-end tests run the binaries `make build` just made.
# -count=1: Go's test cache does not see changes to those binaries.
test: deps build
	go vet ./...
	PAPPU_BIN=$(CURDIR)/build/bin/pappu PAPPU_E2E_CLI=$(CURDIR)/bin/pappu-cli \
		go test -count=1 -timeout 20m ./...

## bench: measure the speed of the main operations
bench:
	go run ./cmd/pappu-bench

## icon: redraw build/appicon.png and build/windows/icon.ico
icon:
	go run ./build/icon

## clean: remove what the build made (node_modules stays)
clean:
	rm -rf build/bin bin frontend/dist frontend/wailsjs tmp
