package app_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"pappu/app"
	"pappu/backend"
	"pappu/backend/sqlite"
)

// methodActions says which action each bound method performs. A method
// missing here fails the test: a new service must state its rule.
var methodActions = map[string]string{
	"Structure.Context": "public", "Structure.Setup": "public", "Structure.About": "public",
	"Session.State": "public", "Session.Login": "public", "Session.Logout": "public",
	"Session.Lock": "public", "Session.Unlock": "public", "Session.ClaimAdmin": "public",
	"Session.ChangePassword": "", "Session.Touch": "", "Users.ResetPassword": backend.ActUsers,
	"Persons.Search": backend.ActPersonRead, "Persons.Get": backend.ActPersonRead,
	"Persons.Duplicates": backend.ActPersonRead, "Persons.Create": backend.ActPersonWrite,
	"Persons.Update": backend.ActPersonWrite, "Persons.Visits": backend.ActVisitRead,
	"Visits.Record": backend.ActVisitWrite, "Visits.Get": backend.ActVisitRead,
	"Visits.Day": backend.ActVisitRead, "Stats.Dashboard": backend.ActStats,
	"Refs.References": "", "Imports.Preview": backend.ActImport,
	"Imports.Run": backend.ActImport, "Users.List": backend.ActUsers,
	"Users.Create": backend.ActUsers, "Users.SetRole": backend.ActUsers,
	"Users.Roles": "", "Audit.Log": backend.ActAudit,

	// Privacy and backups.
	"Privacy.Registry": "", "Privacy.Retention": backend.ActSettings,
	"Privacy.SetRetention": backend.ActSettings, "Privacy.DueForAnonymisation": backend.ActSettings,
	"Privacy.ExportPerson": backend.ActPrivacyRequest, "Privacy.SaveFile": backend.ActPrivacyRequest,
	"Privacy.Anonymise": backend.ActPrivacyRequest, "Backups.Status": backend.ActSettings,
	"Backups.Configure": backend.ActSettings, "Backups.Now": backend.ActSettings,
	"Backups.Restore": backend.ActSettings, "Backups.ChooseFile": backend.ActSettings,
	"Backups.ChooseFolder": backend.ActSettings,
	// Reception places
	"Sites.List": backend.ActPartnerRead, "Sites.Get": backend.ActPartnerRead,
	"Sites.Save": backend.ActSettings, "Sites.Map": backend.ActPartnerRead,
	"Sites.Nearest": backend.ActPartnerRead, "Sites.MapConfig": backend.ActPartnerRead,
	// Case files.
	"Persons.CaseFile": backend.ActProcedureList, "Procedures.ForPerson": backend.ActProcedureList,
	"Procedures.Open": backend.ActCaseDetails, "Procedures.Get": backend.ActCaseDetails,
	"Procedures.Update": backend.ActCaseDetails, "Procedures.Move": backend.ActCaseDetails,
	// Tasks and reminders.
	"Tasks.Create": backend.ActTasks, "Tasks.Update": backend.ActTasks,
	"Tasks.SetStatus": backend.ActTasks, "Tasks.Get": backend.ActTasks,
	"Tasks.List": backend.ActTasks, "Tasks.Counts": backend.ActTasks,
	"Tasks.KeyDateSettings": backend.ActSettings, "Tasks.SetKeyDateSettings": backend.ActSettings,
	"Notifications.List": backend.ActTasks, "Notifications.UnreadCount": backend.ActTasks,
	"Notifications.MarkRead": backend.ActTasks, "Notifications.MarkAllRead": backend.ActTasks,
	"Partners.Search": backend.ActPartnerRead, "Partners.Get": backend.ActPartnerRead,
	"Partners.Page": backend.ActPartnerRead, "Partners.Save": backend.ActPartnerWrite,
	"Partners.Delete": backend.ActPartnerWrite, "Referrals.Create": backend.ActReferral,
	"Referrals.SetOutcome": backend.ActReferral, "Referrals.Pending": backend.ActReferral,
	"Supports.Record": backend.ActSupport, "Supports.Delete": backend.ActSupport,
	"Supports.ForPartner": backend.ActSupport, "Supports.Figures": backend.ActStats,
	// Statistics; documents need ActExport too, which every role with
	// ActStats has.
	"Statistics.Options": backend.ActStats, "Statistics.Table": backend.ActStats,
	"Statistics.Cross": backend.ActStats, "Statistics.Compare": backend.ActStats,
	"Statistics.Report": backend.ActStats, "Statistics.TableCSV": backend.ActStats,
	"Statistics.CrossCSV": backend.ActStats,
	// Case work figures of the statistics screen.
	"Statistics.CaseFigures": backend.ActStats,
}

// loginAs creates an account with role and logs it in, its first password
// changed as required.
func loginAs(t *testing.T, svc *app.Services, role string) backend.User {
	t.Helper()
	login := "compte." + role
	u, err := svc.Users.Create(sqlite.NewAccount{DisplayName: "Compte " + role, Login: login,
		Role: role, TemporaryPassword: "Provisoire-2026!"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Session.Login(login, "Provisoire-2026!"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Session.ChangePassword("Provisoire-2026!", "Definitif-2026!"); err != nil {
		t.Fatal(err)
	}
	return u
}

// call calls a bound method with zero arguments, as a careless window would.
func call(m reflect.Value) error {
	args := make([]reflect.Value, m.Type().NumIn())
	for i := range args {
		args[i] = reflect.Zero(m.Type().In(i))
	}
	out := m.Call(args)
	err, _ := out[len(out)-1].Interface().(error)
	return err
}

func TestEveryMethodChecksTheRole(t *testing.T) {
	for _, role := range []string{backend.RoleAdmin, backend.RoleManager, backend.RoleWorker,
		backend.RoleReception} {
		t.Run(role, func(t *testing.T) {
			svc, _ := mustServices(t)
			user := loginAs(t, svc, role)
			for _, bound := range svc.Bind() {
				v := reflect.ValueOf(bound)
				for i := 0; i < v.NumMethod(); i++ {
					name := v.Elem().Type().Name() + "." + v.Type().Method(i).Name
					action, ok := methodActions[name]
					if !ok {
						t.Errorf("%s has no rule in methodActions", name)
						continue
					}
					if action == "public" {
						continue // may log out or lock: tested on their own
					}
					checkCall(t, svc, name, role, action, user, v.Method(i))
				}
			}
		})
	}
}

func checkCall(t *testing.T, svc *app.Services, name, role, action string,
	user backend.User, m reflect.Value) {
	err := call(m)
	refused := err != nil && strings.Contains(err.Error(), `"code":"unauthorized"`)
	allowed := action == "" || backend.Can(role, action)
	switch {
	case allowed && refused:
		t.Errorf("%s refused to %s: %v", name, role, err)
	case !allowed && !refused:
		t.Errorf("%s allowed to %s (err %v)", name, role, err)
	case !allowed:
		if !strings.Contains(err.Error(), "ne permet pas") {
			t.Errorf("%s: refusal not in French: %v", name, err)
		}
		if !refusalAudited(t, svc, user, name) {
			t.Errorf("%s: refusal to %s not in the audit log", name, role)
		}
	}
}

// refusalAudited reads the audit log as the structure's administrator.
func refusalAudited(t *testing.T, svc *app.Services, u backend.User, method string) bool {
	t.Helper()
	entries, err := svc.Store().AuditLog(t.Context(), sqlite.AuditFilter{UserID: u.ID,
		Action: "refused"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.EntityID == method {
			return true
		}
	}
	return false
}

func TestSessionLocksAfterInactivity(t *testing.T) {
	svc, _ := mustServices(t)
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	svc.SetClock(func() time.Time { return now })
	if _, err := svc.Session.Login("helene", adminPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Persons.Search("x", 5); err != nil {
		t.Fatal(err)
	}
	now = now.Add(9 * time.Minute) // a call within ten minutes keeps it open
	if _, err := svc.Persons.Search("x", 5); err != nil {
		t.Fatalf("locked too early: %v", err)
	}
	now = now.Add(10 * time.Minute)
	_, err := svc.Persons.Search("x", 5)
	if m := windowError(t, err); m["field"] != "session" || !strings.Contains(m["message"],
		"verrouillée") {
		t.Fatalf("after 10 idle minutes: %v", m)
	}
	st, _ := svc.Session.State()
	if !st.Locked || !st.LoggedIn {
		t.Fatalf("state %+v", st)
	}
	if _, err := svc.Session.Unlock("mauvais"); err == nil {
		t.Fatal("unlocked with a wrong password")
	}
	now = now.Add(time.Minute)
	if _, err := svc.Session.Unlock(adminPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Persons.Search("x", 5); err != nil {
		t.Fatalf("after unlocking: %v", err)
	}

	// The setting shortens the delay; Lock locks at once.
	if err := svc.Store().SetSetting(t.Context(), "lock_minutes", "2"); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * time.Minute)
	if _, err := svc.Persons.Search("x", 5); err == nil {
		t.Fatal("the lock_minutes setting was not applied")
	}
	svc.Session.Unlock(adminPassword)
	svc.Session.Lock()
	if _, err := svc.Persons.Search("x", 5); err == nil {
		t.Fatal("Lock did not lock")
	}
	// Another user takes over the PC without closing the app.
	svc.Session.Logout()
	if _, err := svc.Persons.Search("x", 5); err == nil {
		t.Fatal("a call passed after logout")
	}
}

func TestPrivateNotesBelongToTheirAuthor(t *testing.T) {
	svc, c := mustServices(t)
	v, err := svc.Visits.Record(backend.Visit{At: time.Now(), SiteID: c.Sites[0].ID,
		UserID: c.Users[0].ID, PrivateNote: "confidentiel"})
	if err != nil || v.PrivateNote != "confidentiel" {
		t.Fatalf("the author's own note: %+v %v", v, err)
	}
	loginAs(t, svc, backend.RoleWorker)
	got, err := svc.Visits.Get(v.ID)
	if err != nil || got.PrivateNote != "" {
		t.Fatalf("another worker read the private note: %+v %v", got, err)
	}
	got.Note = "complété"
	if _, err := svc.Visits.Record(got); err != nil {
		t.Fatal(err)
	}
	svc.Session.Login("helene", adminPassword)
	again, _ := svc.Visits.Get(v.ID)
	if again.PrivateNote != "confidentiel" || again.Note != "complété" {
		t.Fatalf("the private note was lost by another's edit: %+v", again)
	}
}

func TestRoleChangesReachAnOpenSession(t *testing.T) {
	svc, c := mustServices(t)
	u := loginAs(t, svc, backend.RoleManager)
	if _, err := svc.Stats.Dashboard(backend.Period{}); err != nil {
		t.Fatal(err)
	}
	admin := backend.WithActor(t.Context(), c.Users[0].ID)
	if err := svc.Store().SetUserRole(admin, u.ID, backend.RoleReception, true); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Stats.Dashboard(backend.Period{}); err == nil {
		t.Fatal("a demoted user kept the statistics")
	}
	if err := svc.Store().SetUserRole(admin, u.ID, backend.RoleReception, false); err != nil {
		t.Fatal(err)
	}
	_, err := svc.Persons.Search("x", 3)
	if m := windowError(t, err); m["field"] != "session" {
		t.Fatalf("a deactivated user kept their session: %v", m)
	}
}

// Giving a visit to another worker would give them its private note.
func TestAVisitWithAPrivateNoteKeepsItsWorker(t *testing.T) {
	svc, c := mustServices(t)
	v, err := svc.Visits.Record(backend.Visit{At: time.Now(), SiteID: c.Sites[0].ID,
		UserID: c.Users[0].ID, PrivateNote: "confidentiel"})
	if err != nil {
		t.Fatal(err)
	}
	other := loginAs(t, svc, backend.RoleWorker)
	got, _ := svc.Visits.Get(v.ID)
	got.UserID = other.ID
	_, err = svc.Visits.Record(got)
	if m := windowError(t, err); m["field"] != "userId" {
		t.Fatalf("the visit changed hands: %v", m)
	}
	if again, _ := svc.Visits.Get(v.ID); again.PrivateNote != "" {
		t.Fatal("another worker reads the private note")
	}
}

// An accueillant's visit with a private note is refused as a whole, and the
// attempt is in the audit log like any refused call.
func TestAPrivateNoteRefusedToAReceptionistIsAudited(t *testing.T) {
	svc, c := mustServices(t)
	u := loginAs(t, svc, backend.RoleReception)
	_, err := svc.Visits.Record(backend.Visit{At: time.Now(), SiteID: c.Sites[0].ID,
		UserID: u.ID, PrivateNote: "confidentiel"})
	if m := windowError(t, err); m["code"] != backend.EUnauthorized {
		t.Fatalf("a receptionist wrote a private note: %v", m)
	}
	if !refusalAudited(t, svc, u, "Visits.Record") {
		t.Fatal("the refused private note is not in the audit log")
	}
	if rows, _ := svc.Visits.Day(""); len(rows) != 0 {
		t.Fatalf("the refused visit was recorded: %+v", rows)
	}
}
