package app

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// This file is the only one that knows the Wails runtime.

// Startup is Wails' OnStartup hook: it keeps the window's context and sends
// change events to the window.
func (s *Services) Startup(ctx context.Context) {
	s.deps.mu.Lock()
	s.deps.base = ctx
	s.deps.mu.Unlock()
	s.deps.mu.Lock()
	s.deps.dialogs = wailsDialogs{ctx}
	s.deps.mu.Unlock()
	s.SetEvents(wailsEvents{ctx})
	s.SetNotifier(DesktopNotifier())
	s.deps.startJobs()
	s.deps.log.Info("window started")
}

// Shutdown is Wails' OnShutdown hook.
func (s *Services) Shutdown(context.Context) {
	s.deps.stopJobs()
	if err := s.Close(); err != nil {
		s.deps.log.Error("closing the database", "err", err)
	}
	s.deps.log.Info("window closed")
}

type wailsEvents struct{ ctx context.Context }

func (e wailsEvents) Emit(name string) { runtime.EventsEmit(e.ctx, name) }

// wailsDialogs opens the system's file dialogs over the window.
type wailsDialogs struct{ ctx context.Context }

func (w wailsDialogs) OpenFile(title, pattern string) (string, error) {
	return runtime.OpenFileDialog(w.ctx, runtime.OpenDialogOptions{Title: title,
		Filters: []runtime.FileFilter{{DisplayName: title, Pattern: pattern}}})
}

func (w wailsDialogs) OpenFolder(title string) (string, error) {
	return runtime.OpenDirectoryDialog(w.ctx, runtime.OpenDialogOptions{Title: title,
		CanCreateDirectories: true})
}

func (w wailsDialogs) SaveFile(title, name string) (string, error) {
	return runtime.SaveFileDialog(w.ctx, runtime.SaveDialogOptions{Title: title,
		DefaultFilename: name})
}
