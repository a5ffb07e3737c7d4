package sqlite_test

import (
	"testing"

	"pappu/backend"
)

// A visit without themes, recorded or imported, stores an empty JSON list,
// never null: readers of the column (exports, sync) expect a list.
func TestVisitWithoutThemesStoresAnEmptyList(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	recorded := mustRecord(t, db, ctx, backend.Visit{At: fixedNow, SiteID: c.Sites[0].ID,
		UserID: c.Users[0].ID, Sex: "F", Themes: nil})
	res, err := db.ImportBatch(ctx, []backend.ImportRow{{Line: 2, Key: "test:sans-theme",
		Visit: backend.Visit{At: fixedNow, Sex: "M"}}})
	if err != nil || res.Imported != 1 {
		t.Fatalf("import: %+v, %v", res, err)
	}

	rows, err := rawDB(t, db).Query(`SELECT id, themes FROM visits`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, themes string
		if err := rows.Scan(&id, &themes); err != nil {
			t.Fatal(err)
		}
		if themes != "[]" {
			t.Errorf("visit %s (recorded: %v) stores themes %s, want []", id,
				id == recorded.ID, themes)
		}
		n++
	}
	if n != 2 {
		t.Fatalf("%d visits stored, want 2", n)
	}
}
