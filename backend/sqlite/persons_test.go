package sqlite_test

import (
	"context"
	"fmt"
	"testing"

	"pappu/backend"
)

func TestCreatePersonChecksInput(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	cases := []struct {
		name  string
		in    backend.Person
		field string
	}{
		{"no name", backend.Person{BirthDate: "1980-01-01"}, "lastName"},
		{"birth date in the future", backend.Person{LastName: "Diallo",
			BirthDate: "2027-01-01"}, "birthDate"},
		{"malformed birth date", backend.Person{LastName: "Diallo",
			BirthDate: "31/02/1980"}, "birthDate"},
		{"impossible day", backend.Person{LastName: "Diallo", BirthDate: "1980-02-31"},
			"birthDate"},
		{"unknown country", backend.Person{LastName: "Diallo", Nationality: "QQ"},
			"nationality"},
		{"bad email", backend.Person{LastName: "Diallo", Email: "pas un courriel"}, "email"},
		{"huge name", backend.Person{LastName: string(make([]byte, 5000))}, "lastName"},
		{"unknown sex", backend.Person{LastName: "Diallo", Sex: "Z"}, "sex"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.CreatePerson(ctx, tc.in)
			wantInvalid(t, err, tc.field)
		})
	}
	// Nothing was written by the refused attempts.
	if got, _ := db.SearchPersons(ctx, "diallo", 10); len(got) != 0 {
		t.Fatalf("refused persons were stored: %v", got)
	}
}

func TestFileNumbersFollowEachOtherPerYear(t *testing.T) {
	db, c := mustOpen(t)
	for i := 1; i <= 3; i++ {
		p, err := db.CreatePerson(actorCtx(c), backend.Person{LastName: fmt.Sprint("Nom", i),
			BirthDate: "1975"})
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("2026-%05d", i); p.FileNumber != want {
			t.Fatalf("file number %q, want %q", p.FileNumber, want)
		}
	}
}

func TestSearchPersons(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	kone, _ := db.CreatePerson(ctx, backend.Person{LastName: "KONÉ", FirstNames: "Awa",
		BirthDate: "1967-04-11"})
	fz, _ := db.CreatePerson(ctx, backend.Person{LastName: "El Amrani",
		FirstNames: "Fatima-Zahra", BirthName: "Ouazzani", BirthDate: "1992-12-01"})
	db.CreatePerson(ctx, backend.Person{LastName: "Konaté", FirstNames: "Moussa"})
	ndiaye, _ := db.CreatePerson(ctx, backend.Person{LastName: "N'Diaye", FirstNames: "Aïssatou"})

	cases := []struct {
		query string
		want  []string
	}{
		{"kone", []string{kone.ID}},
		{"Koné awa", []string{kone.ID}},
		{"kon", []string{kone.ID, ""}}, // Koné and Konaté
		{"fatima zahra", []string{fz.ID}},
		{"ouazz", []string{fz.ID}},
		{"11/04/1967", []string{kone.ID}},
		{"1967-04-11", []string{kone.ID}},
		{"1992", []string{fz.ID}},
		{"00003", []string{""}},
		{"3", []string{""}}, // file number 2026-00003 by its number
		{"00004", []string{ndiaye.ID}},
		{fz.FileNumber, []string{fz.ID}},
		{"2", []string{kone.ID, fz.ID, "", ""}}, // the start of every file number
		{"leila", nil},
		{"ndiaye", []string{ndiaye.ID}},
		{"n diaye", []string{ndiaye.ID}},
		{"N’Diaye aissatou", []string{ndiaye.ID}},
		{"diaye", []string{ndiaye.ID}},
		{"", nil},
		{"   ", nil},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			got, err := db.SearchPersons(ctx, tc.query, 20)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("%d results, want %d: %+v", len(got), len(tc.want), got)
			}
			for i, id := range tc.want {
				if id != "" && !hasID(got, id) {
					t.Fatalf("result %d (%s) missing from %+v", i, id, got)
				}
			}
		})
	}
}

func hasID(ms []backend.PersonMatch, id string) bool {
	for _, m := range ms {
		if m.ID == id {
			return true
		}
	}
	return false
}

func TestPossibleDuplicates(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	leila, _ := db.CreatePerson(ctx, backend.Person{LastName: "Haddad", FirstNames: "Leïla",
		BirthDate: "1988-07-21"})
	db.CreatePerson(ctx, backend.Person{LastName: "Martin", FirstNames: "Paul",
		BirthDate: "1988-07-21"})

	cases := []struct {
		name   string
		in     backend.Person
		reason string
	}{
		{"same folded names and date", backend.Person{LastName: "HADDAD",
			FirstNames: "Leila", BirthDate: "1988-07-21"}, "same"},
		{"a typing error", backend.Person{LastName: "Hadad", FirstNames: "Leila",
			BirthDate: "1988-07-21"}, "close"},
		{"names swapped", backend.Person{LastName: "Leila", FirstNames: "Haddad"}, "close"},
		{"birth year only", backend.Person{LastName: "Haddad", FirstNames: "Leila",
			BirthDate: "1988"}, "close"},
		{"someone else", backend.Person{LastName: "Haddad", FirstNames: "Karim",
			BirthDate: "1960-01-01"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := db.PossibleDuplicates(ctx, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if tc.reason == "" {
				if hasID(got, leila.ID) {
					t.Fatalf("proposed %+v", got)
				}
				return
			}
			if len(got) == 0 || got[0].ID != leila.ID || got[0].Reason != tc.reason {
				t.Fatalf("got %+v, want Leïla Haddad as %q", got, tc.reason)
			}
		})
	}
}

func TestUpdatePersonRefreshesStatistics(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	p, _ := db.CreatePerson(ctx, backend.Person{LastName: "Rahimi", FirstNames: "Nasrin",
		Sex: "F", Nationality: "AF"})
	mustRecord(t, db, ctx, backend.Visit{PersonID: p.ID, At: fixedNow, SiteID: c.Sites[0].ID,
		UserID: c.Users[0].ID, Themes: []string{"asile"}})
	p.Nationality = "IR"
	if _, err := db.UpdatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	d, err := db.Dashboard(context.Background(), backend.Period{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.ByNationality) != 1 || d.ByNationality[0].Code != "IR" {
		t.Fatalf("by nationality %+v, want the corrected IR", d.ByNationality)
	}
}

// A prefix matching hundreds of persons still gives the first names in
// order, whichever way the search is run.
func TestBroadSearchKeepsNameOrder(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	for i := 0; i < 620; i++ {
		name := fmt.Sprintf("Marchand%03d", (i*37)%620)
		if _, err := db.CreatePerson(ctx, backend.Person{LastName: name,
			FirstNames: "Lou"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"mar", "marchand lou", "marchand06"} {
		got, err := db.SearchPersons(ctx, q, 20)
		if err != nil {
			t.Fatal(err)
		}
		if q == "marchand06" {
			if len(got) != 10 {
				t.Fatalf("%q: %d results, want 10", q, len(got))
			}
			continue
		}
		if len(got) != 20 {
			t.Fatalf("%q: %d results", q, len(got))
		}
		for i, m := range got {
			if want := fmt.Sprintf("Marchand%03d", i); m.LastName != want {
				t.Fatalf("%q: result %d is %s, want %s", q, i, m.LastName, want)
			}
		}
	}
}
