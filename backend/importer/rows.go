package importer

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"pappu/backend"
	"pappu/backend/refdata"
)

// parsedFile is a file read and checked, ready to preview or to import.
type parsedFile struct {
	table      *table
	layout     layout
	data       []record // data rows, blank ones left out
	rows       []backend.ImportRow
	personKeys []string // of each row; "" for an anonymous visit
	rejected   []backend.RejectedLine
	unresolved []Unresolved
}

func (f *parsedFile) columns() []Column { return f.layout.columns() }

// read reads, checks and converts every line of a file.
func (c Config) read(_ string, r io.ReaderAt, size int64, m Mapping) (*parsedFile, error) {
	t, err := readTable(r, size, c.MaxSize)
	if err != nil {
		return nil, err
	}
	l, start, err := findLayout(t.records, m)
	if err != nil {
		return nil, err
	}
	f := &parsedFile{table: t, layout: l}
	cv := newConverter(c, l, t.format == "CSV")
	cv.rows = make([]backend.ImportRow, 0, len(t.records)-start)
	cv.persons = make([]string, 0, len(t.records)-start)
	for _, rec := range t.records[start:] {
		if rec.blank() {
			continue
		}
		f.data = append(f.data, rec)
		cv.line(rec)
	}
	f.rows, f.personKeys, f.rejected = cv.rows, cv.persons, cv.rejected
	f.unresolved = cv.unresolvedList()
	return f, nil
}

// converter checks lines and turns them into import rows.
type converter struct {
	layout   layout
	strict   bool // a CSV row must have as many cells as the header
	loc      *time.Location
	today    day
	cache    map[string]map[string]resolved // field -> cell -> what it means
	unknown  map[Unresolved]int             // Lines left at 0 in the key
	seen     map[string]int                 // content hash -> lines so far
	folded   map[string]string              // site and worker names, folded
	rows     []backend.ImportRow
	persons  []string
	rejected []backend.RejectedLine
}

// resolved is what a cell of a coded field means.
type resolved struct {
	code    string
	codes   []string // themes
	unknown []string // themes that name no code
	ok      bool
}

func newConverter(c Config, l layout, strict bool) *converter {
	now := c.Now().In(c.Location)
	return &converter{
		layout: l, strict: strict, loc: c.Location,
		today:   day{now.Year(), int(now.Month()), now.Day()},
		cache:   map[string]map[string]resolved{},
		unknown: map[Unresolved]int{},
		seen:    map[string]int{},
		folded:  map[string]string{},
	}
}

// line converts one data row, or records why it is rejected.
func (cv *converter) line(rec record) {
	lc := lineConv{cv: cv, rec: rec}
	row, personKey, reason := lc.convert()
	if reason != "" {
		cv.rejected = append(cv.rejected, backend.RejectedLine{
			Line: rec.line, Reason: fmt.Sprintf("ligne %d : %s", rec.line, reason),
		})
		return
	}
	row.Key = cv.key(row, personKey)
	cv.rows = append(cv.rows, row)
	cv.persons = append(cv.persons, personKey)
}

// lineConv converts one line; reasons it returns are French and name columns,
// never the names or birth date of the person.
type lineConv struct {
	cv    *converter
	rec   record
	notes []string // values kept in the note because they name no code
}

func (lc *lineConv) convert() (row backend.ImportRow, personKey, reason string) {
	if reason := lc.checkWidth(); reason != "" {
		return row, "", reason
	}
	visit, at, reason := lc.visitDate()
	if reason != "" {
		return row, "", reason
	}
	row = backend.ImportRow{Line: lc.rec.line, SiteName: lc.cell(FieldSite),
		UserName: lc.cell(FieldUser)}
	row.Visit = lc.visit(at)
	person, reason := lc.person(visit)
	if reason != "" {
		return row, "", reason
	}
	if person != nil {
		row.Person = person
		personKey = PersonKey(person.FirstNames, person.LastName, person.BirthDate)
	} else if reason := lc.anonymous(&row.Visit, visit); reason != "" {
		return row, "", reason
	}
	row.Visit.Note = joinNonEmpty("\n", append([]string{row.Visit.Note}, lc.notes...)...)
	return row, personKey, ""
}

// PersonKey is how a file's lines are grouped into persons: folded first and
// last names and the birth date as stored (YYYY-MM-DD, YYYY-MM or YYYY).
// Storage matches persons the same way.
func PersonKey(firstNames, lastName, birthDate string) string {
	return backend.Fold(firstNames) + "\x1f" + backend.Fold(lastName) + "\x1f" + birthDate
}

func (lc *lineConv) checkWidth() string {
	want, got := len(lc.cv.layout.header.cells), len(lc.rec.cells)
	if !lc.cv.strict || got == want {
		return ""
	}
	if got > want && blankCells(lc.rec.cells[want:]) {
		return "" // separators left at the end of the line
	}
	return fmt.Sprintf("%d colonnes au lieu de %d", got, want)
}

func blankCells(cells []string) bool {
	return record{cells: cells}.blank()
}

// visitDate reads the date and time of the visit; at is in UTC. A line
// without a time gets midnight, Europe/Paris time.
func (lc *lineConv) visitDate() (day, time.Time, string) {
	raw, col := lc.cell(FieldDate), lc.cv.layout.headerText(FieldDate)
	if raw == "" {
		return day{}, time.Time{}, fmt.Sprintf("date manquante (colonne « %s »)", col)
	}
	d, c, err := parseVisitDate(raw)
	if err != nil {
		return day{}, time.Time{}, fmt.Sprintf("date %sinvalide (colonne « %s »)",
			quoteDate(raw), col)
	}
	if lc.cv.today.before(d) {
		return day{}, time.Time{}, fmt.Sprintf("date %sdans le futur (colonne « %s »)",
			quoteDate(raw), col)
	}
	if raw := lc.cell(FieldTime); raw != "" && !c.set {
		if c, err = parseClock(raw); err != nil {
			return day{}, time.Time{}, fmt.Sprintf("heure %sinvalide (colonne « %s »)",
				quoteDate(raw), lc.cv.layout.headerText(FieldTime))
		}
	}
	at := time.Date(d.y, time.Month(d.m), d.d, c.h, c.m, 0, 0, lc.cv.loc).UTC()
	return d, at, ""
}

// quoteDate quotes a visit date or time for a message, unless the cell does
// not look like one at all: a wrong column could hold a name.
func quoteDate(raw string) string {
	if len(raw) > 20 || strings.ContainsFunc(raw, func(r rune) bool {
		return !strings.ContainsRune("0123456789/-.:, hHT", r)
	}) {
		return ""
	}
	return "« " + raw + " » "
}

// visit fills what a visit has whoever came.
func (lc *lineConv) visit(at time.Time) backend.Visit {
	v := backend.Visit{
		At:        at,
		Mode:      lc.coded(FieldMode, "Mode d'accueil", refdata.ResolveVisitMode),
		Themes:    lc.themes(),
		Actions:   lc.cell(FieldActions),
		Referrals: lc.cellSep(FieldReferrals, ", "),
		Note:      lc.cell(FieldNote),
	}
	if raw := lc.cell(FieldDuration); raw != "" {
		if mins, ok := parseDuration(raw); ok {
			v.DurationMin = mins
		} else {
			lc.unknownValue(FieldDuration, "Durée", raw)
		}
	}
	return v
}

// person returns the person a line names, or nil for an anonymous visit.
func (lc *lineConv) person(visit day) (*backend.Person, string) {
	last, first := lc.cell(FieldLastName), lc.cell(FieldFirstNames)
	if last == "" && first == "" {
		last, first = splitFullName(lc.cell(FieldFullName), lc.fullNameLastFirst())
	}
	if last == "" && first == "" {
		return nil, ""
	}
	birth, reason := lc.birthDate(visit)
	if reason != "" {
		return nil, reason
	}
	p := &backend.Person{
		LastName: last, FirstNames: first, BirthName: lc.cell(FieldBirthName),
		BirthDate:       birth.iso,
		BirthPlace:      lc.cell(FieldBirthPlace),
		Sex:             lc.coded(FieldSex, "Sexe", refdata.ResolveSex),
		Nationality:     lc.coded(FieldNationality, "Nationalité", refdata.ResolveCountry),
		AdminSituation:  lc.adminSituation(),
		FamilySituation: lc.cell(FieldFamilySituation),
		Phone:           lc.cell(FieldPhone),
		Email:           lc.cell(FieldEmail),
		Commune:         lc.cell(FieldCommune),
	}
	return p, ""
}

func (lc *lineConv) adminSituation() string {
	return lc.coded(FieldAdminSituation, "Situation administrative",
		refdata.ResolveAdminSituation)
}

// anonymous fills the few details an anonymous visit keeps. A birth date,
// if any, only gives the age bracket.
func (lc *lineConv) anonymous(v *backend.Visit, visit day) string {
	v.Sex = lc.coded(FieldSex, "Sexe", refdata.ResolveSex)
	v.Nationality = lc.coded(FieldNationality, "Nationalité", refdata.ResolveCountry)
	if raw := lc.cell(FieldAge); raw != "" {
		if bracket, ok := ageBracket(raw); ok {
			v.AgeBracket = bracket
			return ""
		}
		lc.unknownValue(FieldAge, "Âge", raw)
	}
	birth, reason := lc.birthDate(visit)
	if reason == "" && birth.iso != "" {
		v.AgeBracket = bracketOf(birth.ageOn(visit))
	}
	return reason
}

// birthDate reads the birth date; an empty cell gives an empty date.
func (lc *lineConv) birthDate(visit day) (birthDate, string) {
	raw := lc.cell(FieldBirthDate)
	if raw == "" {
		return birthDate{}, ""
	}
	col := lc.cv.layout.headerText(FieldBirthDate)
	b, err := parseBirthDate(raw, visit)
	if err != nil {
		return b, fmt.Sprintf("date de naissance invalide (colonne « %s »)", col)
	}
	if visit.before(b.first) {
		return b, fmt.Sprintf("date de naissance postérieure à la date de l'accueil "+
			"(colonne « %s »)", col)
	}
	return b, ""
}

// themes resolves the theme cells. A theme that names no code counts as
// "autre" and its text is kept in the note.
func (lc *lineConv) themes() []string {
	raw := lc.cellSep(FieldThemes, "; ")
	if raw == "" {
		return nil
	}
	r := lc.cv.lookup(FieldThemes, raw, func(s string) resolved {
		codes, unknown := refdata.ResolveThemeList(s)
		return resolved{codes: codes, unknown: unknown, ok: len(unknown) == 0}
	})
	codes := append([]string(nil), r.codes...)
	for _, u := range r.unknown {
		lc.unknownValue(FieldThemes, "Thème", u)
		if !slices.Contains(codes, refdata.ThemeOther) {
			codes = append(codes, refdata.ThemeOther)
		}
	}
	return codes
}

// coded resolves a cell of a coded field; text that names no code gives ""
// and is kept in the note.
func (lc *lineConv) coded(field, label string, resolve func(string) (string, bool)) string {
	raw := lc.cell(field)
	if raw == "" {
		return ""
	}
	r := lc.cv.lookup(field, raw, func(s string) resolved {
		code, ok := resolve(s)
		return resolved{code: code, ok: ok}
	})
	if !r.ok {
		lc.unknownValue(field, label, raw)
	}
	return r.code
}

// unknownValue keeps a value that names no code: in the note of the visit,
// and in the list Preview shows.
func (lc *lineConv) unknownValue(field, label, raw string) {
	lc.notes = append(lc.notes,
		fmt.Sprintf("[Import] valeur non reconnue pour « %s » : « %s »", label, raw))
	lc.cv.unknown[Unresolved{Field: field, Value: raw}]++
}

// lookup returns what a cell means, computing it once per distinct text.
func (cv *converter) lookup(field, raw string, compute func(string) resolved) resolved {
	m := cv.cache[field]
	if m == nil {
		m = map[string]resolved{}
		cv.cache[field] = m
	}
	r, ok := m[raw]
	if !ok {
		r = compute(raw)
		m[raw] = r
	}
	return r
}

// cell returns the trimmed text of the field's column(s), joined by a line
// break when the field takes several columns.
func (lc *lineConv) cell(field string) string { return lc.cellSep(field, "\n") }

func (lc *lineConv) cellSep(field, sep string) string {
	cols := lc.cv.layout.byField[field]
	switch len(cols) {
	case 0:
		return ""
	case 1:
		return lc.at(cols[0])
	}
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = lc.at(c)
	}
	return joinNonEmpty(sep, parts...)
}

func (lc *lineConv) at(col int) string {
	if col >= len(lc.rec.cells) {
		return ""
	}
	return strings.TrimSpace(lc.rec.cells[col])
}

// fullNameLastFirst reports whether the full-name header puts the last name
// first ("Nom Prénom"), as most logs do.
func (lc *lineConv) fullNameLastFirst() bool {
	words := headerWords(lc.cv.layout.headerText(FieldFullName))
	for _, w := range words {
		switch w {
		case "nom":
			return true
		case "prenom":
			return false
		}
	}
	return true
}

// unresolvedList returns the values that named no code, most frequent first.
func (cv *converter) unresolvedList() []Unresolved {
	out := make([]Unresolved, 0, len(cv.unknown))
	for u, n := range cv.unknown {
		u.Lines = n
		out = append(out, u)
	}
	sortUnresolved(out)
	return out
}

func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
