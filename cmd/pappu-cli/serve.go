package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"pappu/app"
)

// runServe serves the frontend and the API over HTTP on the loopback
// interface: the browser tests use it, and later the web version.
func runServe(ctx context.Context, e *env, args []string) int {
	fs := e.flags("serve", "serve [--addr 127.0.0.1:PORT] [--static DOSSIER] [--data-dir DOSSIER]")
	addr := fs.String("addr", "127.0.0.1:8080", "adresse d'écoute")
	static := fs.String("static", "", "dossier de l'interface construite (frontend/dist)")
	if _, code := e.parse(fs, args, 0); code != parsed {
		return code
	}
	listen, ok := loopbackAddr(*addr)
	if !ok {
		// TODO: the web version needs a session per browser (today one
		// session per process) and TLS before it may listen beyond this machine.
		fmt.Fprintln(e.stderr, "Erreur : --addr doit être une adresse de boucle locale "+
			"(127.0.0.1, ::1 ou localhost, suivie de :PORT).")
		return 2
	}
	if err := e.open(); err != nil {
		return e.fail(err)
	}
	defer e.close()

	var files http.Handler
	if *static != "" {
		files = http.FileServer(http.Dir(*static))
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return e.fail(err)
	}
	srv := &http.Server{Handler: app.NewHandler(e.svc, files),
		ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(e.stdout, "listening on http://%s\n", ln.Addr())
	e.log.Info("serving", "addr", ln.Addr().String())

	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return e.fail(err)
	}
	return 0
}

// loopbackAddr checks that addr is HOST:PORT on the loopback interface and
// returns what to listen on: localhost becomes 127.0.0.1, so that it never
// resolves to something else.
func loopbackAddr(addr string) (string, bool) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", false
	}
	if strings.EqualFold(host, "localhost") {
		return net.JoinHostPort("127.0.0.1", port), true
	}
	ip := net.ParseIP(host)
	return addr, ip != nil && ip.IsLoopback()
}
