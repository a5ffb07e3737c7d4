# PAPPU: `make run` builds and opens the app, `make test` runs every test.
# The README's "Développement" section explains each target.

SHELL := /bin/bash
.DEFAULT_GOAL := build

# Go's official install lives in /usr/local/go, often not yet on PATH.
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin

# The version comes from git (build/version.sh: "1.2.0" on the tag v1.2.0,
# "1.2.0-5-g1a2b3c4" five commits later). It is worked out once per make run,
# so pappu, pappu-cli and the Windows programs all carry the same one;
# `make windows VERSION=1.2.0` overrides it. FILE_VERSION is the same as the
# four numbers of the Windows version resource.
VERSION ?= $(shell build/version.sh)
VERSION := $(VERSION)
FILE_VERSION := $(shell build/version.sh --windows "$(VERSION)")
LDFLAGS := -X main.version=$(VERSION)

# Where `make windows` puts pappu.exe and its setup program.
WINDOWS_DIST := build/bin/windows

# Debian 12 packages: a C compiler and GTK/WebKitGTK headers to build the
# window; Xvfb, xauth (for xvfb-run), xdotool, x11-utils and ImageMagick for
# the smoke test and `make run` without a screen; Chromium for the browser
# tests; MinGW-w64 (cgo for go-sqlite3) and NSIS for the Windows build, 7-Zip
# and osslsigncode to check and sign it. Statistics: poppler-utils
# (pdftotext) reads the annual report back in its test; sqlite3, the
# command-line tool, is what `make bench` compares our statistics with.
APT_PACKAGES := gcc pkg-config libgtk-3-dev libwebkit2gtk-4.0-dev \
	xvfb xauth x11-utils xdotool imagemagick chromium \
	gcc-mingw-w64-x86-64 nsis p7zip-full osslsigncode \
	dbus dunst poppler-utils sqlite3
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	frontend/index.html frontend/package.json frontend/vite.config.ts \
	frontend/tsconfig.json
NODE_MODULES := frontend/node_modules/.package-lock.json

.PHONY: help deps system-deps frontend build windows run test bench icon clean

# One target at a time: while `make windows` runs, Wails leaves a Windows
# resource file (PAPPU-res.syso) at the module root that a Linux build
# running beside it would try to link.
.NOTPARALLEL:

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

## windows: build/bin/windows/pappu.exe and its setup program (PAPPU_SIGN_CERT and PAPPU_SIGN_KEY sign them)
# Cross-compiles with MinGW-w64 and packs the NSIS installer through Wails;
# build/windows/dist.sh explains how, and signs when a certificate is given
# (see the README, "Signing the Windows programs").
windows: system-deps frontend
	build/windows/dist.sh "$(VERSION)" "$(FILE_VERSION)" $(WINDOWS_DIST)

## run: install, build and open PAPPU (ARGS="--data-dir DIR" to pass flags)
run: deps build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		./build/bin/pappu $(ARGS); \
	else \
		echo "No display (DISPLAY is empty): starting PAPPU on a virtual screen with xvfb-run."; \
		echo "Nothing will show; stop it with Ctrl+C."; \
		xvfb-run -a ./build/bin/pappu $(ARGS); \
	fi

## test: vet and run every Go test, the desktop smoke test and the Windows build checks included
# The smoke and end-to-end tests run the binaries `make build` just made; the
# Windows checks (build/windows/disttest) read what `make windows` made.
# -count=1: Go's test cache does not see changes to those binaries.
test: deps build windows
	go vet ./...
	PAPPU_BIN=$(CURDIR)/build/bin/pappu PAPPU_E2E_CLI=$(CURDIR)/bin/pappu-cli \
		PAPPU_CLI=$(CURDIR)/bin/pappu-cli PAPPU_WINDOWS_DIST=$(CURDIR)/$(WINDOWS_DIST) \
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
