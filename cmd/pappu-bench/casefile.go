package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"pappu/backend"
	"pappu/backend/demo"
	"pappu/backend/sqlite"
)

// Shape of the person whose case file is measured: a person followed for
// years.
const (
	caseFileVisits     = 200
	caseFileProcedures = 20
	caseFileRuns       = 500
)

// measureCaseFile times opening the case file of a person with 200 visits
// and 20 procedures, in a database of its own: some made-up activity
// around, then that person. The reads go through indexes on the person, so
// the size of the rest matters little.
func (b *bench) measureCaseFile(ctx context.Context) error {
	dir := filepath.Join(b.work, "casefile")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := sqlite.Open(filepath.Join(dir, "pappu.db"), nil)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := demo.Generate(ctx, db, demo.Options{Persons: 3000, Visits: 20000,
		Seed: b.opt.seed}); err != nil {
		return err
	}
	id, err := followedPerson(ctx, db)
	if err != nil {
		return err
	}

	times := make([]time.Duration, 0, caseFileRuns)
	var cf backend.CaseFile
	for range caseFileRuns {
		start := time.Now()
		if cf, err = db.CaseFile(ctx, id); err != nil {
			return err
		}
		times = append(times, time.Since(start))
	}
	fmt.Fprintf(b.log, "casefile : %d démarches, %d événements\n", len(cf.Procedures),
		len(cf.Timeline))
	b.add(figure{name: "casefile_p50", value: ms(percentile(times, 50)), unit: "ms"})
	b.add(figure{name: "casefile_p99", value: ms(percentile(times, 99)), unit: "ms", max: 50})
	return nil
}

// followedPerson creates a person with caseFileVisits visits over the past
// years and caseFileProcedures procedures that went through several steps.
func followedPerson(ctx context.Context, db *sqlite.DB) (string, error) {
	c, err := db.Context(ctx)
	if err != nil {
		return "", err
	}
	ctx = backend.WithActor(ctx, c.Users[0].ID)
	p, err := db.CreatePerson(ctx, backend.Person{LastName: "Mesure", FirstNames: "Dossier",
		BirthDate: "1980-01-01"})
	if err != nil {
		return "", err
	}
	for i := range caseFileVisits {
		if _, err := db.RecordVisit(ctx, backend.Visit{
			At:     time.Now().Add(-time.Duration(i*7*24+1) * time.Hour),
			SiteID: c.Sites[0].ID, UserID: c.Users[0].ID, PersonID: p.ID,
			Themes: []string{"sejour"}, Mode: "walk_in",
		}); err != nil {
			return "", err
		}
	}
	path := []backend.StatusChange{
		{ToStatus: backend.StatusFiled},
		{ToStatus: backend.StatusReceipt, ReceiptUntil: time.Now().AddDate(0, 3, 0).
			Format(time.DateOnly)},
		{ToStatus: backend.StatusRefused},
		{ToStatus: backend.StatusAppeal},
	}
	for i := range caseFileProcedures {
		proc, err := db.OpenProcedure(ctx, backend.Procedure{PersonID: p.ID,
			Type: "renouvellement"})
		if err != nil {
			return "", err
		}
		for _, step := range path[:i%len(path)+1] {
			step.ProcedureID = proc.ID
			if _, err := db.MoveProcedure(ctx, step); err != nil {
				return "", err
			}
		}
	}
	return p.ID, nil
}
