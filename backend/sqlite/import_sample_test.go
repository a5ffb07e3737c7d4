package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"pappu/backend"
	"pappu/backend/importer"
	"pappu/backend/internal/statcheck"
)

// samplePath is the spreadsheet export shared with the project: a made-up
// reception log of 2024 in Windows-1252 with ";" and CRLF.
const samplePath = "../../../shared/data/import/accueils-2024-tableur.csv"

func importFile(t *testing.T, db importer.Sink, ctx context.Context, path string) backend.ImportReport {
	t.Helper()
	return importWith(t, importer.Config{}, db, ctx, path)
}

func importWith(t *testing.T, c importer.Config, db importer.Sink, ctx context.Context,
	path string) backend.ImportReport {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	report, err := c.Import(ctx, db, filepath.Base(path), f, info.Size(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return report
}

func needSample(t *testing.T) {
	if _, err := os.Stat(samplePath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the shared sample is missing: %v", err)
		}
		t.Skip("shared sample not found")
	}
}

func TestImportSampleTwice(t *testing.T) {
	needSample(t)
	db, c := mustOpen(t)
	ctx := actorCtx(c)

	first := importFile(t, db, ctx, samplePath)
	if first.Imported != 300 || first.PersonsCreated != 95 || first.PersonsMatched != 0 ||
		first.Anonymous != 44 || first.Skipped != 0 {
		t.Fatalf("first import: %+v", first)
	}
	wantRejected(t, first.Rejected, 53, 202)

	second := importFile(t, db, ctx, samplePath)
	if second.Imported != 0 || second.PersonsCreated != 0 || second.Anonymous != 0 ||
		second.Skipped != 300 {
		t.Fatalf("second import changed something: %+v", second)
	}
	wantRejected(t, second.Rejected, 53, 202)

	raw := rawDB(t, db)
	var visits, persons int
	raw.QueryRow(`SELECT count(*) FROM visits`).Scan(&visits)
	raw.QueryRow(`SELECT count(*) FROM persons`).Scan(&persons)
	if visits != 300 || persons != 95 {
		t.Fatalf("database holds %d visits and %d persons, want 300 and 95", visits, persons)
	}

	// The dashboard agrees with plain SQL on the base tables, over the year
	// and over one month.
	for _, p := range []backend.Period{{From: "2024-01-01", To: "2024-12-31"},
		{From: "2024-06-01", To: "2024-06-30"}} {
		d, err := db.Dashboard(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if p.From == "2024-01-01" && (d.Visits != 300 || d.Persons != 95 ||
			d.NewPersons != 95 || d.AnonymousVisits != 44) {
			t.Fatalf("year 2024: %+v", d)
		}
		statcheck.Check(t, db.Path(), p, d)
	}
}

func wantRejected(t *testing.T, got []backend.RejectedLine, lines ...int) {
	t.Helper()
	if len(got) != len(lines) {
		t.Fatalf("rejected %+v, want lines %v", got, lines)
	}
	for i, l := range lines {
		if got[i].Line != l || got[i].Reason == "" {
			t.Fatalf("rejected %+v, want lines %v with reasons", got, lines)
		}
	}
}

// Small batches, as a large file is stored, count each person once.
func TestImportSampleInSmallBatches(t *testing.T) {
	needSample(t)
	db, c := mustOpen(t)
	r := importWith(t, importer.Config{BatchSize: 7}, db, actorCtx(c), samplePath)
	if r.Imported != 300 || r.PersonsCreated != 95 || r.PersonsMatched != 0 ||
		r.Anonymous != 44 {
		t.Fatalf("import in batches of 7: %+v", r)
	}
	wantRejected(t, r.Rejected, 53, 202)
}
