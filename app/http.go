package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"

	"pappu/backend"
)

// maxRequest bounds a request body: an import preview carries a whole file
// in base64.
const maxRequest = 96 << 20

// Handler serves the same bound methods over HTTP, for the browser tests and
// later the web version: POST /api/<Service>/<Method> with the arguments as a
// JSON array answers the result as JSON, or an error {code, field, message}
// with status 400 (invalid), 404, 409, 403 or 500. GET /api/events streams
// change events. Everything else is served from static.
//
// It answers only requests addressed to this machine by a loopback name
// (127.0.0.1, ::1, localhost), so that a web page whose name an attacker
// points at 127.0.0.1 (DNS rebinding) gets nothing; and a call must be JSON
// and, when the browser names its origin, come from a page of this server:
// a form or a script on another site cannot send one (CSRF).
type Handler struct {
	methods map[string]reflect.Value
	log     *slog.Logger
	broker  *broker
	static  http.Handler
}

// NewHandler serves s's methods, and static files from static (may be nil).
// It also makes s announce changes on the event stream.
func NewHandler(s *Services, static http.Handler) *Handler {
	h := &Handler{methods: map[string]reflect.Value{}, log: s.deps.log,
		broker: &broker{subs: map[chan string]bool{}}, static: static}
	for _, svc := range s.Bind() {
		v := reflect.ValueOf(svc)
		name := v.Elem().Type().Name()
		for i := 0; i < v.NumMethod(); i++ {
			h.methods[name+"/"+v.Type().Method(i).Name] = v.Method(i)
		}
	}
	s.SetEvents(h.broker)
	return h
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !loopbackHost(r.Host) {
		h.log.Warn("request refused: host", slog.String("host", r.Host))
		writeJSON(w, http.StatusForbidden, publicError{Code: backend.EUnauthorized,
			Message: "Adresse refusée : PAPPU ne répond qu'à 127.0.0.1, ::1 ou localhost."})
		return
	}
	switch {
	case r.URL.Path == "/api/events":
		h.broker.serve(w, r)
	case strings.HasPrefix(r.URL.Path, "/api/"):
		h.call(w, r, strings.TrimPrefix(r.URL.Path, "/api/"))
	case h.static != nil:
		h.static.ServeHTTP(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (h *Handler) call(w http.ResponseWriter, r *http.Request, name string) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeJSON(w, http.StatusMethodNotAllowed, publicError{Code: backend.EInvalid,
			Message: "Méthode HTTP non permise."})
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil ||
		mt != "application/json" {
		writeJSON(w, http.StatusUnsupportedMediaType, publicError{Code: backend.EInvalid,
			Message: "Requête refusée : les arguments doivent être envoyés en JSON " +
				"(Content-Type: application/json)."})
		return
	}
	if origin := r.Header.Get("Origin"); origin != "" && !sameOrigin(origin, r.Host) {
		h.log.Warn("request refused: origin", slog.String("origin", origin))
		writeJSON(w, http.StatusForbidden, publicError{Code: backend.EUnauthorized,
			Message: "Requête refusée : elle vient d'une autre page que PAPPU."})
		return
	}
	m, ok := h.methods[name]
	if !ok {
		writeJSON(w, http.StatusNotFound, publicError{Code: backend.ENotFound,
			Message: "Service inconnu."})
		return
	}
	args, err := decodeArgs(io.LimitReader(r.Body, maxRequest), m.Type())
	if err != nil {
		writeJSON(w, http.StatusBadRequest, publicError{Code: backend.EInvalid,
			Message: "Requête invalide : " + err.Error()})
		return
	}

	out := m.Call(args)
	if errv := out[len(out)-1]; !errv.IsNil() {
		err := errv.Interface().(error)
		var pe publicError
		if !errors.As(err, &pe) {
			pe = PublicError(h.log, name, err)
		}
		writeJSON(w, statusOf(pe.Code), pe)
		return
	}
	if len(out) == 1 {
		writeJSON(w, http.StatusOK, nil)
		return
	}
	writeJSON(w, http.StatusOK, out[0].Interface())
}

// loopbackHost reports whether host, a Host header with or without its
// port, names this machine by a loopback address or by localhost.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	} else {
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sameOrigin reports whether origin, an Origin header, is the page of the
// server reached as host.
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") &&
		strings.EqualFold(u.Host, host)
}

// decodeArgs reads a JSON array into the method's parameters; missing
// trailing arguments take their zero value, as in JavaScript.
func decodeArgs(body io.Reader, t reflect.Type) ([]reflect.Value, error) {
	var raw []json.RawMessage
	if err := json.NewDecoder(body).Decode(&raw); err != nil && err != io.EOF {
		return nil, fmt.Errorf("les arguments doivent être un tableau JSON")
	}
	if len(raw) > t.NumIn() {
		return nil, fmt.Errorf("%s, %s", plural(t.NumIn(), "argument attendu", "arguments attendus"),
			plural(len(raw), "reçu", "reçus"))
	}
	args := make([]reflect.Value, t.NumIn())
	for i := range args {
		p := reflect.New(t.In(i))
		if i < len(raw) {
			if err := json.Unmarshal(raw[i], p.Interface()); err != nil {
				return nil, fmt.Errorf("argument %d illisible", i+1)
			}
		}
		args[i] = p.Elem()
	}
	return args, nil
}

func statusOf(code string) int {
	switch code {
	case backend.EInvalid:
		return http.StatusBadRequest
	case backend.ENotFound:
		return http.StatusNotFound
	case backend.EConflict:
		return http.StatusConflict
	case backend.EUnauthorized:
		return http.StatusForbidden
	}
	if code == backend.EStorage {
		return http.StatusInsufficientStorage
	}
	return http.StatusInternalServerError
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// broker fans change events out to the open event streams.
type broker struct {
	mu   sync.Mutex
	subs map[chan string]bool
}

func (b *broker) Emit(name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- name:
		default: // a slow reader misses a tick, not the next one
		}
	}
}

func (b *broker) serve(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan string, 8)
	b.mu.Lock()
	b.subs[ch] = true
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.subs, ch)
		b.mu.Unlock()
	}()

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	fmt.Fprint(w, ": ok\n\n")
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case name := <-ch:
			fmt.Fprintf(w, "event: %s\ndata: {}\n\n", name)
			flusher.Flush()
		}
	}
}

// plural writes n with one or many, as French agrees from two on.
func plural(n int, one, many string) string {
	if n > 1 {
		return fmt.Sprintf("%d %s", n, many)
	}
	return fmt.Sprintf("%d %s", n, one)
}
