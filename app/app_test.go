package app_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"pappu/app"
	"pappu/backend"
)

const adminPassword = "Vert-Olive-2026"

// mustServices opens the services on a fresh data folder, set up as the
// first-start screen would.
func mustServices(t *testing.T) (*app.Services, backend.Context) {
	t.Helper()
	svc, err := app.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	c, err := svc.Structure.Setup(backend.Setup{OrganisationName: "Espace Test",
		SiteName: "Permanence Noailles", SiteCommune: "Marseille", UserName: "Hélène R.",
		Login: "helene", Password: adminPassword})
	if err != nil {
		t.Fatal(err)
	}
	return svc, c
}

// windowError reads an error as the window receives it: JSON text.
func windowError(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		t.Fatal("want an error, got none")
	}
	var m map[string]string
	if jerr := json.Unmarshal([]byte(err.Error()), &m); jerr != nil {
		t.Fatalf("error %q is not JSON: %v", err, jerr)
	}
	return m
}

type recorder struct{ names []string }

func (r *recorder) Emit(name string) { r.names = append(r.names, name) }

func TestADayAtTheDesk(t *testing.T) {
	svc, c := mustServices(t)
	events := &recorder{}
	svc.SetEvents(events)

	p, err := svc.Persons.Create(backend.Person{LastName: "Mansouri", FirstNames: "Karim",
		BirthDate: "1984-02-29", Nationality: "DZ", Sex: "M"})
	if err != nil {
		t.Fatal(err)
	}
	found, err := svc.Persons.Search("mansou", 10)
	if err != nil || len(found) != 1 || found[0].ID != p.ID {
		t.Fatalf("search: %+v %v", found, err)
	}
	_, err = svc.Visits.Record(backend.Visit{PersonID: p.ID, At: time.Now(),
		SiteID: c.Sites[0].ID, UserID: c.Users[0].ID, Mode: "walk_in",
		Themes: []string{"sejour_renouvellement", "travail"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(events.names) != 1 || events.names[0] != app.EventVisitsChanged {
		t.Fatalf("events %v, want one %s", events.names, app.EventVisitsChanged)
	}
	today, _ := svc.Visits.Day("")
	if len(today) != 1 || today[0].PersonName != "Mansouri Karim" || len(today[0].Themes) != 2 {
		t.Fatalf("today's visits: %+v", today)
	}
	d, err := svc.Stats.Dashboard(backend.Period{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Visits != 1 || d.Persons != 1 || d.NewPersons != 1 || len(d.ByTheme) != 2 {
		t.Fatalf("dashboard %+v", d)
	}
}

func TestErrorsReachTheWindowInFrench(t *testing.T) {
	svc, _ := mustServices(t)
	_, err := svc.Persons.Create(backend.Person{FirstNames: "Awa", BirthDate: "2999-01-01"})
	m := windowError(t, err)
	if m["code"] != "invalid" || m["field"] != "birthDate" ||
		!strings.Contains(m["message"], "futur") {
		t.Fatalf("error %v", m)
	}
	_, err = svc.Visits.Record(backend.Visit{})
	if m := windowError(t, err); m["field"] != "at" {
		t.Fatalf("visit without date: %v", m)
	}
	_, err = svc.Persons.Get("unknown")
	if m := windowError(t, err); m["code"] != "not_found" {
		t.Fatalf("unknown person: %v", m)
	}
}

func post(t *testing.T, srv *httptest.Server, path string, args ...any) (*http.Response, []byte) {
	t.Helper()
	body, _ := json.Marshal(args)
	resp, err := http.Post(srv.URL+path, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	return resp, buf.Bytes()
}

func TestHTTPCallsTheSameMethods(t *testing.T) {
	svc, c := mustServices(t)
	srv := httptest.NewServer(app.NewHandler(svc, nil))
	defer srv.Close()

	resp, body := post(t, srv, "/api/Persons/Create",
		backend.Person{LastName: "Nguyen", FirstNames: "Lan"})
	if resp.StatusCode != 200 {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	var p backend.Person
	json.Unmarshal(body, &p)
	if p.FileNumber == "" {
		t.Fatalf("no file number in %s", body)
	}

	cases := []struct {
		name   string
		path   string
		args   []any
		status int
		field  string
	}{
		{"invalid input", "/api/Persons/Create", []any{backend.Person{}}, 400, "lastName"},
		{"visit without date", "/api/Visits/Record", []any{map[string]any{
			"siteId": c.Sites[0].ID, "userId": c.Users[0].ID}}, 400, "at"},
		{"unknown method", "/api/Persons/Drop", nil, 404, ""},
		{"unknown service", "/api/Nope/Get", nil, 404, ""},
		{"too many arguments", "/api/Persons/Get", []any{"a", "b"}, 400, ""},
		{"wrong argument type", "/api/Persons/Search", []any{42, "x"}, 400, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := post(t, srv, tc.path, tc.args...)
			var e map[string]string
			if err := json.Unmarshal(body, &e); err != nil || e["message"] == "" {
				t.Fatalf("body %s is not an error with a message", body)
			}
			if resp.StatusCode != tc.status || e["field"] != tc.field {
				t.Fatalf("status %d field %q, want %d %q (%s)", resp.StatusCode, e["field"],
					tc.status, tc.field, body)
			}
		})
	}

	raw, err := http.Post(srv.URL+"/api/Persons/Search", "application/json",
		strings.NewReader("{not json"))
	if err != nil || raw.StatusCode != 400 {
		t.Fatalf("malformed body: %v %v", raw.Status, err)
	}
}

func TestInternalErrorsHideTheirCause(t *testing.T) {
	svc, _ := mustServices(t)
	svc.Close() // every query now fails inside database/sql
	_, err := svc.Persons.Search("x", 10)
	m := windowError(t, err)
	if m["code"] != "internal" || strings.Contains(m["message"], "sql") {
		t.Fatalf("internal error leaked: %v", m)
	}
	var be *backend.Error
	if errors.As(err, &be) {
		t.Fatal("the window got the backend error with its cause")
	}
}
