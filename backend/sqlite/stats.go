package sqlite

import (
	"context"
	"sort"
	"time"

	"golang.org/x/sync/errgroup"

	"pappu/backend"
	"pappu/backend/refdata"
)

// topNationalities is how many nationalities the dashboard names before
// gathering the rest under "Autres".
const topNationalities = 10

// Dashboard computes the figures of a period, as defined on
// backend.Dashboard. An empty period means the current month.
func (db *DB) Dashboard(ctx context.Context, p backend.Period) (backend.Dashboard, error) {
	p, err := db.checkPeriod(p)
	if err != nil {
		return backend.Dashboard{}, err
	}
	d := backend.Dashboard{Period: p}

	// The queries are independent: run them side by side on the reader pool.
	var byTheme, bySex, byNat, bySite map[string]int
	var identified int
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		return db.reader.QueryRowContext(gctx, `SELECT count(DISTINCT person_key)
			FROM visit_facts WHERE day BETWEEN ? AND ?`, p.From, p.To).Scan(&d.Persons)
	})
	g.Go(func() error {
		return db.reader.QueryRowContext(gctx, `SELECT count(*) FROM person_first_visits
			WHERE day BETWEEN ? AND ?`, p.From, p.To).Scan(&d.NewPersons)
	})
	g.Go(func() error {
		var err error
		byTheme, err = db.countBy(gctx, `SELECT theme, sum(n) FROM daily_theme_counts
			WHERE day BETWEEN ? AND ? GROUP BY theme HAVING sum(n) > 0`, p)
		return err
	})
	g.Go(func() error {
		var err error
		bySex, byNat, bySite, d.Visits, identified, err = db.visitBreakdowns(gctx, p)
		return err
	})
	if err := g.Wait(); err != nil {
		return backend.Dashboard{}, db.storageError("dashboard", err)
	}
	d.AnonymousVisits = d.Visits - identified

	themes, err := db.refLabels(ctx, listTheme)
	if err != nil {
		return backend.Dashboard{}, db.storageError("dashboard", err)
	}
	sites, err := db.siteNames(ctx)
	if err != nil {
		return backend.Dashboard{}, db.storageError("dashboard", err)
	}
	d.ByTheme = labelled(byTheme, func(c string) string { return themes[c] })
	d.BySex = labelled(bySex, sexLabel)
	d.BySite = labelled(bySite, func(c string) string { return sites[c] })
	d.ByNationality = topN(labelled(byNat, nationalityLabel), topNationalities)
	return d, nil
}

// checkPeriod fills an empty period with the current month and checks dates.
// The years a statistics period may cover.
const (
	minStatsYear = 1900
	maxStatsYear = 2100
)

func (db *DB) checkPeriod(p backend.Period) (backend.Period, error) {
	if p.From == "" && p.To == "" {
		now := db.Now().In(parisZone)
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
		p.From = first.Format("2006-01-02")
		p.To = first.AddDate(0, 1, -1).Format("2006-01-02")
	}
	from, err := time.Parse("2006-01-02", p.From)
	if err != nil {
		return p, backend.Invalid("from", "La date de début « %s » n'est pas valide.", p.From)
	}
	to, err := time.Parse("2006-01-02", p.To)
	if err != nil {
		return p, backend.Invalid("to", "La date de fin « %s » n'est pas valide.", p.To)
	}
	if to.Before(from) {
		return p, backend.Invalid("to", "La date de fin précède la date de début.")
	}
	// Statistics describe the structure's activity: a period outside these
	// years is a typing error, and an unbounded one would build tables of
	// thousands of months.
	for _, d := range []struct {
		field string
		t     time.Time
	}{{"from", from}, {"to", to}} {
		if d.t.Year() < minStatsYear || d.t.Year() > maxStatsYear {
			return p, backend.Invalid(d.field, "Choisissez une date entre %d et %d.",
				minStatsYear, maxStatsYear)
		}
	}
	return p, nil
}

// visitBreakdowns counts the period's visits, in all and by sex,
// nationality and site, from the daily counts: grouping by the three at once
// and summing in Go.
func (db *DB) visitBreakdowns(ctx context.Context, p backend.Period) (
	bySex, byNat, bySite map[string]int, visits, identified int, err error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT sex, nationality, site_id, identified,
		sum(n) FROM daily_counts WHERE day BETWEEN ? AND ?
		GROUP BY sex, nationality, site_id, identified HAVING sum(n) > 0`, p.From, p.To)
	if err != nil {
		return nil, nil, nil, 0, 0, err
	}
	defer rows.Close()
	bySex, byNat, bySite = map[string]int{}, map[string]int{}, map[string]int{}
	for rows.Next() {
		var sex, nat, site string
		var known bool
		var n int
		if err := rows.Scan(&sex, &nat, &site, &known, &n); err != nil {
			return nil, nil, nil, 0, 0, err
		}
		bySex[sex] += n
		byNat[nat] += n
		bySite[site] += n
		visits += n
		if known {
			identified += n
		}
	}
	return bySex, byNat, bySite, visits, identified, rows.Err()
}

func (db *DB) countBy(ctx context.Context, query string, p backend.Period) (map[string]int, error) {
	rows, err := db.reader.QueryContext(ctx, query, p.From, p.To)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		out[code] += n
	}
	return out, rows.Err()
}

func (db *DB) siteNames(ctx context.Context) (map[string]string, error) {
	return db.idNames(ctx, `SELECT id, name FROM sites`)
}

// idNames reads (id, name) rows into a map.
func (db *DB) idNames(ctx context.Context, query string) (map[string]string, error) {
	rows, err := db.reader.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

func sexLabel(code string) string {
	for _, s := range refdata.Sexes() {
		if s.Code == code {
			return s.Label
		}
	}
	return "Non renseigné"
}

func nationalityLabel(code string) string {
	if code == "" {
		return "Non renseignée"
	}
	return refdata.CountryName(code)
}

// labelled turns counts into lines sorted by count, then label.
func labelled(counts map[string]int, label func(string) string) []backend.Count {
	out := make([]backend.Count, 0, len(counts))
	for code, n := range counts {
		l := label(code)
		if l == "" {
			l = code
		}
		out = append(out, backend.Count{Code: code, Label: l, N: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Label < out[j].Label
	})
	return out
}

// topN keeps the n largest lines and sums the rest into "Autres".
func topN(lines []backend.Count, n int) []backend.Count {
	if len(lines) <= n {
		return lines
	}
	rest := backend.Count{Code: "autres", Label: "Autres"}
	for _, l := range lines[n:] {
		rest.N += l.N
	}
	return append(lines[:n:n], rest)
}
