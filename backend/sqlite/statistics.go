package sqlite

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"pappu/backend"
)

// The statistics read visit_facts alone: one row per live visit, clustered
// by day, carrying every fact a visit is counted by (its themes and the
// person's current administrative situation included, see migration 0012),
// the person's integer key and whether the visit falls on the person's
// first day (migration 0013). A group's four measures come from one pass:
// persons and new persons are distinct person keys, of all its visits and
// of its first-day visits. Under themes, the rows are visit_themes, one per
// theme of a visit with the short facts of the visit; the visits' JSON
// arrays are unfolded (json_each) only when visit_themes lacks a column (see
// themeRowsServe). Tables by month or by anonymous/identified are totals of
// narrower filters; tables by site, user or theme walk an index led by their
// column; the others group the rows of the period's covering index.

// dimColumns maps each dimension to its SQL expression on visit_facts f or
// visit_themes f (the theme, on visit_themes only: see halfGroups).
var dimColumns = map[string]string{
	backend.DimMonth:          "substr(f.day, 1, 7)",
	backend.DimSite:           "f.site_id",
	backend.DimUser:           "f.user_id",
	backend.DimTheme:          "f.theme",
	backend.DimNationality:    "f.nationality",
	backend.DimSex:            "f.sex",
	backend.DimAgeBracket:     "f.age_bracket",
	backend.DimAdminSituation: "f.admin_situation",
	backend.DimMode:           "f.mode",
	backend.DimIdentified: "CASE WHEN f.person_key IS NULL THEN '" + backend.Anonymous +
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
	// The total is its own query, side by side with the lines (under themes
	// a visit falls in as many lines as it has themes, and a person in
	// several lines counts once), unless each person falls in one line only:
	// then the lines run alone, by halves.
	var lines, total map[groupKey]backend.Measures
	g, gctx := errgroup.WithContext(ctx)
	if partitionsPersons[dim] {
		g.Go(func() (err error) { lines, err = db.statGroupsByHalves(gctx, f, dim); return })
	} else {
		g.Go(func() (err error) { lines, err = db.statGroups(gctx, f, dim); return })
		g.Go(func() (err error) { total, err = db.statGroups(gctx, f); return })
	}
	if err := g.Wait(); err != nil {
		return backend.StatsTable{}, db.storageError("statistics", err)
	}
	out := backend.StatsTable{Filter: f, Dimension: dim, Total: totalOf(total, lines)}
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
	if !partitionsPersons[rowDim] && !partitionsPersons[colDim] {
		g.Go(func() (err error) { total, err = db.statGroups(gctx, f); return })
	}
	if err := g.Wait(); err != nil {
		return backend.CrossTable{}, db.storageError("statistics", err)
	}
	parts := cols
	if partitionsPersons[rowDim] {
		parts = rows
	}
	out := backend.CrossTable{Filter: f, RowDim: rowDim, ColDim: colDim,
		Total: totalOf(total, parts)}
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

// partitionsPersons are the dimensions under which each visit, and each
// person, falls in exactly one line: the facts of the person (the same on
// all of a person's visits, see refreshPersonFacts) and anonymous or
// identified. Their lines add up to the total, persons included.
var partitionsPersons = map[string]bool{backend.DimSex: true, backend.DimNationality: true,
	backend.DimAdminSituation: true, backend.DimIdentified: true}

// totalOf is the total group of total when it was computed, else the sum of
// parts, the lines of a dimension in partitionsPersons.
func totalOf(total, parts map[groupKey]backend.Measures) backend.Measures {
	if total != nil {
		return total[groupKey{}]
	}
	var sum backend.Measures
	for _, m := range parts {
		sum = addMeasures(sum, m)
	}
	return sum
}

// addMeasures adds the measures of two disjoint sets of visits and persons.
func addMeasures(a, b backend.Measures) backend.Measures {
	a.Visits += b.Visits
	a.Persons += b.Persons
	a.NewPersons += b.NewPersons
	a.Minutes += b.Minutes
	a.Hours = backend.HoursOf(a.Minutes)
	return a
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
	if len(dims) == 1 {
		if parts := splitFilter(f, dims[0]); parts != nil {
			return db.splitGroups(ctx, parts)
		}
	}
	return db.halfGroups(ctx, f, -1, dims)
}

// statGroupsByHalves is statGroups for a query that would otherwise run
// alone: the persons with an even key and those with an odd one are counted
// side by side (a PC has two cores or more), the anonymous visits with the
// even ones, and every measure of a group is the sum of the two halves.
func (db *DB) statGroupsByHalves(ctx context.Context, f backend.StatsFilter, dim string) (
	map[groupKey]backend.Measures, error) {
	if splitFilter(f, dim) != nil {
		return db.statGroups(ctx, f, dim) // already side by side
	}
	var halves [2]map[groupKey]backend.Measures
	g, gctx := errgroup.WithContext(ctx)
	for i := range halves {
		g.Go(func() (err error) {
			halves[i], err = db.halfGroups(gctx, f, i, []string{dim})
			return
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := halves[0]
	for k, m := range halves[1] {
		out[k] = addMeasures(out[k], m)
	}
	return out, nil
}

// halfCondition selects the rows of alias a in half 0 or 1 of
// statGroupsByHalves, or all of them (half -1).
func halfCondition(a string, half int) string {
	switch half {
	case -1:
		return "1"
	case 0:
		return "(" + a + ".person_key % 2 = 0 OR " + a + ".person_key IS NULL)"
	}
	return a + ".person_key % 2 = 1"
}

// halfGroups is statGroups on one half of the persons (see halfCondition).
func (db *DB) halfGroups(ctx context.Context, f backend.StatsFilter, half int, dims []string) (
	map[groupKey]backend.Measures, error) {
	if len(dims) == 1 {
		if ix, ok := dimIndexes[dims[0]]; ok && onlyPeriod(f) {
			return db.indexGroups(ctx, f.Period, half, ix)
		}
	}
	cols := []string{"''", "''"}
	from := "visit_facts f"
	for i, d := range dims {
		cols[i] = dimColumns[d]
		if d != backend.DimTheme {
			continue
		}
		if themeRowsServe(f, dims) {
			from = "visit_themes f"
		} else {
			from += ", json_each(f.themes) t"
			cols[i] = "t.value"
		}
	}
	where, args := statsWhere(f)
	groupBy := ""
	if len(dims) > 0 {
		groupBy = " GROUP BY " + strings.Join(cols[:len(dims)], ", ")
	}
	return db.scanGroups(ctx, `SELECT `+cols[0]+`, `+cols[1]+`, `+measuresOf("f")+`
		FROM `+from+` WHERE `+where+` AND `+halfCondition("f", half)+groupBy,
		len(dims) == 0, args...)
}

// themeRowsServe reports whether visit_themes, one row per theme of a visit,
// holds every column a grouping under themes needs: not the themes a visit
// is filtered by (a visit filtered in by one theme counts under all of its
// themes), nor its site or user.
func themeRowsServe(f backend.StatsFilter, dims []string) bool {
	return len(f.Themes)+len(f.Sites)+len(f.Users) == 0 &&
		!slices.Contains(dims, backend.DimSite) && !slices.Contains(dims, backend.DimUser)
}

// splitFilter returns, for a dimension whose lines are narrower filters
// (months: a part of the period; anonymous or identified), each line's code
// and filter; nil for the other dimensions. Each line is then a total over
// a range of the day index, with no sort.
func splitFilter(f backend.StatsFilter, dim string) map[string]backend.StatsFilter {
	out := map[string]backend.StatsFilter{}
	switch dim {
	case backend.DimMonth:
		for _, ym := range monthsOf(f.Period) {
			part := f
			part.Period = backend.Period{From: max(f.Period.From, ym+"-01"),
				To: min(f.Period.To, ym+"-31")}
			out[ym] = part
		}
	case backend.DimIdentified:
		for _, code := range []string{backend.Anonymous, backend.Identified} {
			if f.Identified == "" || f.Identified == code {
				part := f
				part.Identified = code
				out[code] = part
			}
		}
	default:
		return nil
	}
	return out
}

// splitGroups computes the total of each line's filter, two at a time.
func (db *DB) splitGroups(ctx context.Context, parts map[string]backend.StatsFilter) (
	map[groupKey]backend.Measures, error) {
	out := map[groupKey]backend.Measures{}
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(2)
	for code, part := range parts {
		g.Go(func() error {
			m, err := db.statGroups(gctx, part)
			if err != nil {
				return err
			}
			if t := m[groupKey{}]; t.Visits > 0 {
				mu.Lock()
				out[groupKey{code}] = t
				mu.Unlock()
			}
			return nil
		})
	}
	return out, g.Wait()
}

// dimIndex is an index that leads with a dimension's column, then the day
// and every measure.
type dimIndex struct{ table, index, column string }

// dimIndexes are the dimensions whose table over a whole period walks such
// an index (see migration 0013).
var dimIndexes = map[string]dimIndex{
	backend.DimTheme: {"visit_themes", "visit_themes_theme", "theme"},
	backend.DimSite:  {"visit_facts", "visit_facts_site", "site_id"},
	backend.DimUser:  {"visit_facts", "visit_facts_user", "user_id"},
}

// indexGroups is the table of a whole period by the dimension of ix: the
// codes present are listed by walking the index from one code to the next,
// then each code's period is read in index order, so that no sort is
// needed. For themes, visit_themes carries each visit's measures.
func (db *DB) indexGroups(ctx context.Context, p backend.Period, half int, ix dimIndex) (
	map[groupKey]backend.Measures, error) {
	from := func(alias string) string {
		return ix.table + ` AS ` + alias + ` INDEXED BY ` + ix.index
	}
	return db.scanGroups(ctx, `WITH RECURSIVE codes (code) AS (
			SELECT min(x.`+ix.column+`) FROM `+from("x")+`
			UNION ALL
			SELECT (SELECT min(x.`+ix.column+`) FROM `+from("x")+`
				WHERE x.`+ix.column+` > codes.code)
			FROM codes WHERE codes.code IS NOT NULL)
		SELECT t.`+ix.column+`, '', `+measuresOf("t")+`
		FROM `+from("t")+`
		WHERE t.`+ix.column+` IN (SELECT code FROM codes) AND t.day BETWEEN ? AND ?
			AND `+halfCondition("t", half)+`
		GROUP BY t.`+ix.column, false, p.From, p.To)
}

// measuresOf is the four measures of the rows of alias a (visit_facts or
// visit_themes), in the order scanGroups reads them. The FILTER clauses
// spare the distinct counts the rows they would only skip.
func measuresOf(a string) string {
	return `count(*), count(DISTINCT ` + a + `.person_key) FILTER (WHERE ` + a +
		`.person_key IS NOT NULL), coalesce(sum(` + a + `.duration_min), 0), count(DISTINCT ` +
		a + `.person_key) FILTER (WHERE ` + a + `.first_visit)`
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
		conds = append(conds, "f.person_key IS NULL")
	case backend.Identified:
		conds = append(conds, "f.person_key IS NOT NULL")
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
