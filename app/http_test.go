package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pappu/app"
)

// The HTTP API answers pages of this machine only: another host name, as a
// DNS rebinding attack gives, is refused; a call must be JSON and, with an
// Origin, come from the same origin, so a form or a script of another site
// cannot send one.
func TestHTTPRefusesForeignRequests(t *testing.T) {
	svc, _ := mustServices(t)
	static := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<!doctype html>"))
	})
	h := app.NewHandler(svc, static)

	cases := []struct {
		name        string
		method      string
		path        string
		host        string
		contentType string
		origin      string
		status      int
	}{
		{"page by 127.0.0.1", "GET", "/", "127.0.0.1:8080", "", "", 200},
		{"page by localhost", "GET", "/", "localhost:8080", "", "", 200},
		{"page by ::1", "GET", "/", "[::1]:8080", "", "", 200},
		{"page by another name", "GET", "/", "pappu.example.org:8080", "", "", 403},
		{"page by a LAN address", "GET", "/", "192.168.1.10:8080", "", "", 403},
		{"events by another name", "GET", "/api/events", "attaquant.example", "", "", 403},
		{"call by another name", "POST", "/api/Structure/About", "attaquant.example:8080",
			"application/json", "", 403},
		{"call", "POST", "/api/Structure/About", "127.0.0.1:8080", "application/json", "",
			200},
		{"call with charset", "POST", "/api/Structure/About", "localhost:8080",
			"application/json; charset=utf-8", "http://localhost:8080", 200},
		{"call from the same origin", "POST", "/api/Structure/About", "127.0.0.1:8080",
			"application/json", "http://127.0.0.1:8080", 200},
		{"call as a form", "POST", "/api/Structure/About", "127.0.0.1:8080",
			"application/x-www-form-urlencoded", "", 415},
		{"call as text", "POST", "/api/Structure/About", "127.0.0.1:8080", "text/plain", "",
			415},
		{"call without type", "POST", "/api/Structure/About", "127.0.0.1:8080", "", "", 415},
		{"call from another site", "POST", "/api/Structure/About", "127.0.0.1:8080",
			"application/json", "http://attaquant.example", 403},
		{"call from another port", "POST", "/api/Structure/About", "127.0.0.1:8080",
			"application/json", "http://127.0.0.1:9999", 403},
		{"call from a sandboxed page", "POST", "/api/Structure/About", "127.0.0.1:8080",
			"application/json", "null", 403},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The event stream only ends with its request.
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			r := httptest.NewRequestWithContext(ctx, tc.method, "http://"+tc.host+tc.path,
				strings.NewReader("[]"))
			r.Host = tc.host
			if tc.contentType != "" {
				r.Header.Set("Content-Type", tc.contentType)
			}
			if tc.origin != "" {
				r.Header.Set("Origin", tc.origin)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.status, w.Body)
			}
			if tc.status != 200 {
				var e map[string]string
				if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e["message"] == "" {
					t.Fatalf("refusal without a French message: %s", w.Body)
				}
			}
		})
	}
}
