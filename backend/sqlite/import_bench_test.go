package sqlite_test

import (
	"fmt"
	"testing"
	"time"

	"pappu/backend"
)

// BenchmarkImportBatch stores made-up spreadsheet rows in batches of 1000,
// as an import does: a person new every fifth row, two themes a visit.
func BenchmarkImportBatch(b *testing.B) {
	db, c := mustOpen(b)
	ctx := actorCtx(c)
	rows := make([]backend.ImportRow, 0, 1000)
	n := 0
	b.ResetTimer()
	for b.Loop() {
		rows = rows[:0]
		for range 1000 {
			n++
			at := time.Date(2025, 1, 2, 10, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Minute)
			rows = append(rows, backend.ImportRow{Line: n, Key: fmt.Sprint("k", n),
				Visit: backend.Visit{At: at, Themes: []string{"asile", "sante"}},
				Person: &backend.Person{LastName: fmt.Sprint("Nom", n/5),
					FirstNames: "Awa", Sex: "F", Nationality: "ML", BirthDate: "1990-01-01"}})
		}
		if _, err := db.ImportBatch(ctx, rows); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
}
