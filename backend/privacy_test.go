package backend_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"pappu/backend"
)

// Every field of Person is either kept by Anonymised or emptied: a field
// added later must be placed in one list or the other, consciously.
func TestAnonymisedKeepsOnlyCodes(t *testing.T) {
	kept := []string{"ID", "FileNumber", "Sex", "BirthDate", "Nationality", "Nationality2",
		"InterpreterNeeded", "NoFixedAddress", "Children", "AdminSituation", "CreatedAt",
		"UpdatedAt"}
	emptied := []string{"LastName", "BirthName", "FirstNames", "BirthPlace", "Languages",
		"Phone", "Email", "Commune", "FamilySituation", "ArrivalDate", "ReferentID",
		"ConsentDate", "ConsentNote", "Notes", "Restricted", "Referents"}

	// A person with every field filled.
	var p backend.Person
	v := reflect.ValueOf(&p).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("1984-07-23 " + v.Type().Field(i).Name)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int:
			f.SetInt(3)
		case reflect.Struct:
			f.Set(reflect.ValueOf(time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)))
		case reflect.Slice:
			f.Set(reflect.ValueOf([]string{"0190aaaa-referent"}))
		default:
			t.Fatalf("field %s: kind %s not handled", v.Type().Field(i).Name, f.Kind())
		}
	}

	a := reflect.ValueOf(p.Anonymised())
	for i := range a.NumField() {
		name := a.Type().Field(i).Name
		isZero := a.Field(i).IsZero() ||
			(a.Field(i).Kind() == reflect.Slice && a.Field(i).Len() == 0)
		switch {
		case slices.Contains(kept, name) && isZero:
			t.Errorf("%s was emptied; it is kept for statistics", name)
		case slices.Contains(emptied, name) && !isZero:
			t.Errorf("%s was kept: %v", name, a.Field(i).Interface())
		case !slices.Contains(kept, name) && !slices.Contains(emptied, name):
			t.Errorf("%s is new: decide whether anonymisation keeps it", name)
		}
	}
	if got := p.Anonymised().BirthDate; got != "1984" {
		t.Errorf("birth date %q, want the year only", got)
	}
	if got := p.Anonymised().FileNumber; got != p.FileNumber {
		t.Errorf("file number %q changed", got)
	}

	visit := backend.Visit{ID: "v", Note: "n", PrivateNote: "p", Actions: "a",
		Referrals: "r", Themes: []string{"asile"}, Mode: "phone", DurationMin: 5}
	want := backend.Visit{ID: "v", Themes: []string{"asile"}, Mode: "phone", DurationMin: 5}
	if got := visit.Anonymised(); !reflect.DeepEqual(got, want) {
		t.Errorf("anonymised visit %+v", got)
	}
}

func TestCheckRetentionYears(t *testing.T) {
	for years, ok := range map[int]bool{-1: false, 0: false, 1: true, 5: true, 30: true,
		31: false} {
		if err := backend.CheckRetentionYears(years); (err == nil) != ok {
			t.Errorf("%d years: %v", years, err)
		}
	}
}

func TestRegistryFollowsSettingsAndRoles(t *testing.T) {
	r := backend.NewRegistry(backend.RegistrySettings{Organisation: "Accueil Test",
		Contact: "rgpd@accueil.invalid", RetentionYears: 7})
	if r.Controller != "Accueil Test" || !strings.Contains(r.LegalBasis, "RGPD") {
		t.Fatalf("registry %+v", r)
	}
	var text strings.Builder
	for _, s := range r.Sections {
		text.WriteString(s.Title + "\n" + strings.Join(s.Lines, "\n") + "\n")
	}
	for _, want := range []string{"7 ans", "rgpd@accueil.invalid", "Journal des accès",
		"Sauvegardes", "Qui y a accès", "Base légale", "Destinataires"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the registry does not say %q", want)
		}
	}

	if len(r.Access) != len(backend.Roles) {
		t.Fatalf("access for %d roles, want %d", len(r.Access), len(backend.Roles))
	}
	sees := map[string]string{}
	for _, a := range r.Access {
		sees[a.Role] = strings.Join(a.Sees, "|")
	}
	if !strings.Contains(sees[backend.RoleAdmin], "notes privées") ||
		strings.Contains(sees[backend.RoleReception], "notes privées") ||
		!strings.Contains(sees[backend.RoleReception], "identité") ||
		strings.Contains(sees[backend.RoleWorker], "journal") {
		t.Fatalf("access by role does not follow the permissions: %v", sees)
	}

	encrypted := backend.NewRegistry(backend.RegistrySettings{EncryptedBackups: true})
	if !slices.Contains(encrypted.Security, "Sauvegardes chiffrées.") {
		t.Fatalf("security %v", encrypted.Security)
	}
	if !strings.Contains(encrypted.Data[0].Retention, "5 ans") {
		t.Fatalf("default retention not stated: %q", encrypted.Data[0].Retention)
	}
}
