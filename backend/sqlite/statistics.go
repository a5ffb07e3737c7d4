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
// person's current administrative situation included, see migration 0012),
// the person's integer key and whether the visit falls on the person's
// first day (migration 0013). A group's four measures come from one pass:
// persons and new persons are distinct person keys, of all its visits and
// of its first-day visits. Themes are unfolded with json_each only when they
// are a dimension beside another one or filtered on; a table by theme alone
// reads visit_themes, which carries each visit's measures, theme by theme.

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
	// Under themes a visit falls in as many lines as it has themes: the
	// total is its own query, and so are its persons in any case.
	var lines, total map[groupKey]backend.Measures
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { lines, err = db.statGroups(gctx, f, dim); return })
	g.Go(func() (err error) { total, err = db.statGroups(gctx, f); return })
	if err := g.Wait(); err != nil {
		return backend.StatsTable{}, db.storageError("statistics", err)
	}
	out := backend.StatsTable{Filter: f, Dimension: dim, Total: total[groupKey{}]}
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
	g.Go(func() (err error) { cells, err = db.statGroups(gctx, f, rowDim, colDim); return })
	g.Go(func() (err error) { rows, err = db.statGroups(gctx, f, rowDim); return })
	g.Go(func() (err error) { cols, err = db.statGroups(gctx, f, colDim); return })
	g.Go(func() (err error) { total, err = db.statGroups(gctx, f); return })
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
			m, err := db.statGroups(gctx, pf)
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

// statGroups computes the measures of the filtered visits grouped by dims
// (none: one group, the total), keyed by the groups' codes.
func (db *DB) statGroups(ctx context.Context, f backend.StatsFilter, dims ...string) (
	map[groupKey]backend.Measures, error) {
	cols := []string{"''", "''"}
	from := "visit_facts f"
	for i, d := range dims {
		cols[i] = dimColumns[d]
		if d == backend.DimTheme {
			if len(dims) == 1 && onlyPeriod(f) {
				return db.themeGroups(ctx, f.Period)
			}
			from += ", json_each(f.themes) t"
		}
	}
	where, args := statsWhere(f)
	groupBy := ""
	if len(dims) > 0 {
		groupBy = " GROUP BY " + strings.Join(cols[:len(dims)], ", ")
	}
	return db.scanGroups(ctx, `SELECT `+cols[0]+`, `+cols[1]+`, `+measuresOf("f")+`
		FROM `+from+` WHERE `+where+groupBy, len(dims) == 0, args...)
}

// measuresOf is the four measures of the rows of alias a (visit_facts or
// visit_themes), in the order scanGroups reads them.
func measuresOf(a string) string {
	return `count(*), count(DISTINCT ` + a + `.person_key), coalesce(sum(` + a +
		`.duration_min), 0), count(DISTINCT CASE WHEN ` + a + `.first_visit THEN ` + a +
		`.person_key END)`
}

// themeGroups is the table by theme of a whole period, from visit_themes:
// the themes present are listed by walking the (theme, day) index from one
// theme to the next, then each theme's period is read in index order, so
// that no sort is needed.
func (db *DB) themeGroups(ctx context.Context, p backend.Period) (
	map[groupKey]backend.Measures, error) {
	return db.scanGroups(ctx, `WITH RECURSIVE themes (theme) AS (
			SELECT min(theme) FROM visit_themes INDEXED BY visit_themes_theme
			UNION ALL
			SELECT (SELECT min(v.theme) FROM visit_themes v INDEXED BY visit_themes_theme
				WHERE v.theme > themes.theme)
			FROM themes WHERE themes.theme IS NOT NULL)
		SELECT t.theme, '', `+measuresOf("t")+`
		FROM visit_themes t INDEXED BY visit_themes_theme
		WHERE t.theme IN (SELECT theme FROM themes) AND t.day BETWEEN ? AND ?
		GROUP BY t.theme`, false, p.From, p.To)
}

// scanGroups runs a query of groups (two codes, then the measures) and keys
// them by their codes; with total, the one group is there even when empty.
func (db *DB) scanGroups(ctx context.Context, query string, total bool, args ...any) (
	map[groupKey]backend.Measures, error) {
	rows, err := db.reader.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[groupKey]backend.Measures{}
	for rows.Next() {
		var k groupKey
		var m backend.Measures
		if err := rows.Scan(&k[0], &k[1], &m.Visits, &m.Persons, &m.Minutes,
			&m.NewPersons); err != nil {
			return nil, err
		}
		m.Hours = backend.HoursOf(m.Minutes)
		if m.Visits > 0 || total {
			out[k] = m
		}
	}
	if total {
		if _, ok := out[groupKey{}]; !ok {
			out[groupKey{}] = backend.Measures{}
		}
	}
	return out, rows.Err()
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
