package sqlite

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"

	"pappu/backend"
)

// The statistics read visit_facts alone: one row per live visit, clustered
// by day, carrying every fact a visit is counted by (its themes and the
// person's current administrative situation included, see migration 0011).
// A period is one range scan; themes are unfolded with json_each only when
// they are a dimension, so that the other tables never pay for them. New
// persons come from person_first_visits, joined to the visits of each
// person's first day through the (day, person_id) index.

// dimColumns maps each dimension to its SQL expression on visit_facts f (and
// t, the unfolded themes).
var dimColumns = map[string]string{
	backend.DimMonth:          "substr(f.day, 1, 7)",
	backend.DimSite:           "f.site_id",
	backend.DimUser:           "f.user_id",
	backend.DimTheme:          "t.value",
	backend.DimNationality:    "f.nationality",
	backend.DimSex:            "f.sex",
	backend.DimAgeBracket:     "f.age_bracket",
	backend.DimAdminSituation: "f.admin_situation",
	backend.DimMode:           "f.mode",
	backend.DimIdentified: "CASE WHEN f.person_id IS NULL THEN '" + backend.Anonymous +
		"' ELSE '" + backend.Identified + "' END",
}

// groupKey is the codes of a group: none, one or two dimensions.
type groupKey [2]string

// StatsTable breaks the visits the filter selects down by one dimension.
func (db *DB) StatsTable(ctx context.Context, f backend.StatsFilter, dim string) (
	backend.StatsTable, error) {
	f, err := db.checkStatsFilter(f, dim)
	if err != nil {
		return backend.StatsTable{}, err
	}
	var lines, total map[groupKey]backend.Measures
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { lines, err = db.statGroups(gctx, f, all, dim); return })
	// Every visit falls in exactly one line, except under themes: then the
	// lines' visits and minutes add up to the total.
	summed := dim != backend.DimTheme
	g.Go(func() (err error) {
		total, err = db.statGroups(gctx, f, map[bool]measureSet{true: personsOnly,
			false: all}[summed])
		return
	})
	if err := g.Wait(); err != nil {
		return backend.StatsTable{}, db.storageError("statistics", err)
	}
	out := backend.StatsTable{Filter: f, Dimension: dim, Total: total[groupKey{}]}
	if summed {
		out.Total.Visits, out.Total.Minutes = 0, 0
		for _, m := range lines {
			out.Total.Visits += m.Visits
			out.Total.Minutes += m.Minutes
		}
		out.Total.Hours = backend.HoursOf(out.Total.Minutes)
	}
	if out.Lines, err = db.statLines(ctx, f.Period, dim, lines, 0); err != nil {
		return backend.StatsTable{}, db.storageError("statistics", err)
	}
	return out, nil
}

// StatsCross breaks the visits the filter selects down by two dimensions,
// with the totals of each row and column and the grand total.
func (db *DB) StatsCross(ctx context.Context, f backend.StatsFilter, rowDim, colDim string) (
	backend.CrossTable, error) {
	f, err := db.checkStatsFilter(f, rowDim, colDim)
	if err != nil {
		return backend.CrossTable{}, err
	}
	if rowDim == colDim {
		return backend.CrossTable{}, backend.Invalid("colDim",
			"Choisissez deux dimensions différentes pour les lignes et les colonnes.")
	}
	var cells, rows, cols, total map[groupKey]backend.Measures
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { cells, err = db.statGroups(gctx, f, all, rowDim, colDim); return })
	g.Go(func() (err error) { rows, err = db.statGroups(gctx, f, all, rowDim); return })
	g.Go(func() (err error) { cols, err = db.statGroups(gctx, f, all, colDim); return })
	g.Go(func() (err error) { total, err = db.statGroups(gctx, f, all); return })
	if err := g.Wait(); err != nil {
		return backend.CrossTable{}, db.storageError("statistics", err)
	}

	out := backend.CrossTable{Filter: f, RowDim: rowDim, ColDim: colDim,
		Total: total[groupKey{}]}
	if out.Rows, err = db.statLines(ctx, f.Period, rowDim, rows, 0); err != nil {
		return out, db.storageError("statistics", err)
	}
	if out.Columns, err = db.statLines(ctx, f.Period, colDim, cols, 0); err != nil {
		return out, db.storageError("statistics", err)
	}
	out.Cells = make([][]backend.Measures, len(out.Rows))
	for i, r := range out.Rows {
		out.Cells[i] = make([]backend.Measures, len(out.Columns))
		for j, c := range out.Columns {
			out.Cells[i][j] = cells[groupKey{r.Code, c.Code}]
		}
	}
	return out, nil
}

// StatsCompare gives the totals of the filter's period beside those of the
// period just before and of the same period a year earlier.
func (db *DB) StatsCompare(ctx context.Context, f backend.StatsFilter) (
	backend.Comparison, error) {
	f, err := db.checkStatsFilter(f)
	if err != nil {
		return backend.Comparison{}, err
	}
	periods := []backend.Period{f.Period, backend.PreviousPeriod(f.Period),
		backend.YearEarlier(f.Period)}
	totals := make([]backend.Measures, len(periods))
	g, gctx := errgroup.WithContext(ctx)
	for i, p := range periods {
		if i == 2 && p == periods[1] {
			break // a year: the previous period is the year before
		}
		g.Go(func() error {
			pf := f
			pf.Period = p
			m, err := db.statGroups(gctx, pf, all)
			totals[i] = m[groupKey{}]
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return backend.Comparison{}, db.storageError("statistics", err)
	}
	if periods[2] == periods[1] {
		totals[2] = totals[1]
	}
	fig := func(i int) backend.PeriodFigures {
		return backend.PeriodFigures{Period: periods[i], Label: backend.PeriodLabel(periods[i]),
			Total: totals[i]}
	}
	return backend.Comparison{Current: fig(0), Previous: fig(1), YearEarlier: fig(2)}, nil
}

// checkStatsFilter checks the period (empty: this month), the dimensions and
// the identified choice.
func (db *DB) checkStatsFilter(f backend.StatsFilter, dims ...string) (
	backend.StatsFilter, error) {
	p, err := db.checkPeriod(f.Period)
	if err != nil {
		return f, err
	}
	f.Period = p
	for i, d := range dims {
		if _, ok := dimColumns[d]; !ok {
			field := []string{"dimension", "colDim"}[min(i, 1)]
			return f, backend.Invalid(field, "La dimension « %s » n'existe pas.", d)
		}
	}
	switch f.Identified {
	case "", backend.Anonymous, backend.Identified:
	default:
		return f, backend.Invalid("identified",
			"Choisissez « anonymous », « identified » ou rien pour les accueils.")
	}
	return f, nil
}

// measureSet says which measures statGroups computes.
type measureSet int

const (
	all         measureSet = iota
	personsOnly            // persons and new persons: a narrower scan
)

// statGroups computes the measures of the filtered visits grouped by dims
// (none: one group, the total), keyed by the groups' codes.
func (db *DB) statGroups(ctx context.Context, f backend.StatsFilter, set measureSet,
	dims ...string) (map[groupKey]backend.Measures, error) {
	cols := []string{"''", "''"}
	themes := ""
	for i, d := range dims {
		cols[i] = dimColumns[d]
		if d == backend.DimTheme {
			themes = ", json_each(f.themes) t"
		}
	}
	where, args := statsWhere(f)
	groupBy := ""
	if len(dims) > 0 {
		groupBy = " GROUP BY " + strings.Join(cols[:len(dims)], ", ")
	}
	selectCols := cols[0] + ", " + cols[1]

	out := map[groupKey]backend.Measures{}
	var newPersons map[groupKey]int
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		counts := "count(*), count(DISTINCT f.person_id), coalesce(sum(f.duration_min), 0)"
		if set == personsOnly {
			// Without visits and minutes, no filter but the period reads
			// the (day, person_id) index rather than the table.
			counts = "1, count(DISTINCT f.person_id), 0"
		}
		rows, err := db.reader.QueryContext(gctx, `SELECT `+selectCols+`, `+counts+`
			FROM visit_facts f`+themes+` WHERE `+where+groupBy, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k groupKey
			var m backend.Measures
			if err := rows.Scan(&k[0], &k[1], &m.Visits, &m.Persons, &m.Minutes); err != nil {
				return err
			}
			if m.Visits > 0 {
				out[k] = m
			}
		}
		return rows.Err()
	})
	g.Go(func() error {
		// A new person counts under the visits of their first day; with no
		// filter but the period, the total is the first days that fall in it.
		query := `SELECT '', '', count(*) FROM person_first_visits pf
			WHERE pf.day BETWEEN ? AND ?`
		newArgs := []any{f.Period.From, f.Period.To}
		if len(dims) > 0 || !onlyPeriod(f) {
			newArgs = append(newArgs, args...)
			query = `SELECT ` + selectCols + `,
			count(DISTINCT f.person_id)
			FROM person_first_visits pf
			JOIN visit_facts f ON f.day = pf.day AND f.person_id = pf.person_id` + themes + `
			WHERE pf.day BETWEEN ? AND ? AND ` + where + groupBy
		}
		rows, err := db.reader.QueryContext(gctx, query, newArgs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		newPersons = map[groupKey]int{}
		for rows.Next() {
			var k groupKey
			var n int
			if err := rows.Scan(&k[0], &k[1], &n); err != nil {
				return err
			}
			newPersons[k] = n
		}
		return rows.Err()
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for k, m := range out {
		m.NewPersons = newPersons[k]
		m.Hours = backend.HoursOf(m.Minutes)
		out[k] = m
	}
	if len(dims) == 0 {
		if _, ok := out[groupKey{}]; !ok {
			out[groupKey{}] = backend.Measures{}
		}
	}
	return out, nil
}

// onlyPeriod reports whether f filters by nothing but the period.
func onlyPeriod(f backend.StatsFilter) bool {
	return len(f.Sites)+len(f.Users)+len(f.Themes)+len(f.Nationalities)+len(f.Sexes)+
		len(f.AgeBrackets)+len(f.AdminSituations)+len(f.Modes) == 0 && f.Identified == ""
}

// statsWhere writes the filter as SQL on visit_facts f.
func statsWhere(f backend.StatsFilter) (string, []any) {
	conds := []string{"f.day BETWEEN ? AND ?"}
	args := []any{f.Period.From, f.Period.To}
	in := func(col string, codes []string) {
		if len(codes) == 0 {
			return
		}
		conds = append(conds, col+" IN (?"+strings.Repeat(", ?", len(codes)-1)+")")
		for _, c := range codes {
			args = append(args, c)
		}
	}
	in("f.site_id", f.Sites)
	in("f.user_id", f.Users)
	in("f.nationality", f.Nationalities)
	in("f.sex", f.Sexes)
	in("f.age_bracket", f.AgeBrackets)
	in("f.admin_situation", f.AdminSituations)
	in("f.mode", f.Modes)
	if len(f.Themes) > 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM json_each(f.themes) ft WHERE ft.value IN (?"+
			strings.Repeat(", ?", len(f.Themes)-1)+"))")
		for _, c := range f.Themes {
			args = append(args, c)
		}
	}
	switch f.Identified {
	case backend.Anonymous:
		conds = append(conds, "f.person_id IS NULL")
	case backend.Identified:
		conds = append(conds, "f.person_id IS NOT NULL")
	}
	return strings.Join(conds, " AND "), args
}

// statLines labels and orders the groups of one dimension (position pos of
// the group keys): months in order, every month of the period present; age
// brackets in order; the rest by visits, then label.
func (db *DB) statLines(ctx context.Context, p backend.Period, dim string,
	groups map[groupKey]backend.Measures, pos int) ([]backend.Line, error) {
	label, err := db.dimLabeller(ctx, dim)
	if err != nil {
		return nil, err
	}
	lines := []backend.Line{}
	seen := map[string]bool{}
	for k, m := range groups {
		lines = append(lines, backend.Line{Code: k[pos], Label: label(k[pos]), Measures: m})
		seen[k[pos]] = true
	}
	switch dim {
	case backend.DimMonth:
		for _, ym := range monthsOf(p) {
			if !seen[ym] {
				lines = append(lines, backend.Line{Code: ym, Label: label(ym)})
			}
		}
		sort.Slice(lines, func(i, j int) bool { return lines[i].Code < lines[j].Code })
	case backend.DimAgeBracket:
		rank := func(c string) int {
			if i := slices.Index(backend.AgeBrackets, c); i >= 0 {
				return i
			}
			return len(backend.AgeBrackets)
		}
		sort.Slice(lines, func(i, j int) bool { return rank(lines[i].Code) < rank(lines[j].Code) })
	default:
		sort.Slice(lines, func(i, j int) bool {
			if lines[i].Visits != lines[j].Visits {
				return lines[i].Visits > lines[j].Visits
			}
			return lines[i].Label < lines[j].Label
		})
	}
	return lines, nil
}

// monthsOf lists the months (YYYY-MM) a period touches.
func monthsOf(p backend.Period) []string {
	var out []string
	for ym := p.From[:7]; ym <= p.To[:7]; {
		out = append(out, ym)
		var y, m int
		fmt.Sscanf(ym, "%d-%d", &y, &m)
		if m == 12 {
			y, m = y+1, 0
		}
		ym = fmt.Sprintf("%04d-%02d", y, m+1)
	}
	return out
}

// dimLabeller returns how the codes of a dimension read in French.
func (db *DB) dimLabeller(ctx context.Context, dim string) (func(string) string, error) {
	var names map[string]string
	var err error
	switch dim {
	case backend.DimMonth:
		return backend.MonthLabel, nil
	case backend.DimNationality:
		return nationalityLabel, nil
	case backend.DimSex:
		return sexLabel, nil
	case backend.DimIdentified:
		return func(c string) string {
			if c == backend.Anonymous {
				return "Anonymes"
			}
			return "Identifiés"
		}, nil
	case backend.DimAgeBracket:
		return func(c string) string {
			if c == "" {
				return "Non renseignée"
			}
			return c + " ans"
		}, nil
	case backend.DimSite:
		names, err = db.siteNames(ctx)
	case backend.DimUser:
		names, err = db.userNames(ctx)
	case backend.DimTheme:
		names, err = db.refLabels(ctx, listTheme)
	case backend.DimAdminSituation:
		names, err = db.refLabels(ctx, listAdminSituation)
	case backend.DimMode:
		names, err = db.refLabels(ctx, listVisitMode)
	}
	if err != nil {
		return nil, err
	}
	return func(c string) string {
		if c == "" {
			return "Non renseigné"
		}
		if n := names[c]; n != "" {
			return n
		}
		return c
	}, nil
}

func (db *DB) userNames(ctx context.Context) (map[string]string, error) {
	return db.idNames(ctx, `SELECT id, display_name FROM users`)
}
