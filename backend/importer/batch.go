package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"pappu/backend"
)

// keyVersion starts every key; change it only with a way to match the keys
// of earlier imports, or importing an old file again would duplicate it.
const keyVersion = "v1"

// key returns the stable identity of a row: a hash of its parsed content,
// plus "#n" for the n-th line of the file with the same content. Free text
// (note, referrals, actions) and the duration are left out, so that fixing
// a comment in the spreadsheet and importing it again adds nothing.
func (cv *converter) key(row backend.ImportRow, personKey string) string {
	v := row.Visit
	who := personKey
	if who == "" {
		who = "anonyme\x1f" + v.Sex + "\x1f" + v.AgeBracket + "\x1f" + v.Nationality
	}
	themes := slices.Clone(v.Themes)
	slices.Sort(themes)
	content := strings.Join([]string{
		keyVersion,
		v.At.UTC().Format("2006-01-02T15:04"),
		cv.fold(row.SiteName),
		cv.fold(row.UserName),
		who,
		strings.Join(themes, ","),
		v.Mode,
	}, "\x1e")
	sum := sha256.Sum256([]byte(content))
	hash := hex.EncodeToString(sum[:16])
	cv.seen[hash]++
	return hash + "#" + strconv.Itoa(cv.seen[hash])
}

// fold folds the few distinct texts of a column once each.
func (cv *converter) fold(s string) string {
	f, ok := cv.folded[s]
	if !ok {
		f = backend.Fold(s)
		cv.folded[s] = f
	}
	return f
}

// batches cuts the rows into batches of about size rows, keeping all the rows
// of one person in the same batch, so that the persons a batch creates or
// finds again are counted once over the whole import. Persons come in the
// order of their first line, and every row of a person carries the same
// details (see mergePerson).
func (f *parsedFile) batches(size int) [][]backend.ImportRow {
	var batches [][]backend.ImportRow
	cur := make([]backend.ImportRow, 0, size)
	for _, group := range f.groups() {
		for _, i := range group {
			cur = append(cur, f.rows[i])
		}
		if len(cur) >= size {
			batches = append(batches, cur)
			cur = make([]backend.ImportRow, 0, size)
		}
	}
	if len(cur) > 0 {
		batches = append(batches, cur)
	}
	return batches
}

// groups returns the indexes of the rows of each person (one row for an
// anonymous visit), in the order of first appearance, after merging the
// details of each person.
func (f *parsedFile) groups() [][]int {
	var groups [][]int
	byPerson := map[string]int{} // person key -> index in groups
	for i := range f.rows {
		key := f.personKeys[i]
		if key == "" {
			groups = append(groups, []int{i})
			continue
		}
		g, ok := byPerson[key]
		if !ok {
			g = len(groups)
			byPerson[key] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	for _, g := range byPerson {
		f.mergePerson(groups[g])
	}
	return groups
}

// mergePerson gives the rows of one person the same details. Names come from
// the first line; every other field from the latest visit that fills it,
// since a situation, a phone or a commune changes over time and the latest
// is the current one. The rows share one *Person.
func (f *parsedFile) mergePerson(rows []int) {
	byDate := slices.Clone(rows)
	slices.SortStableFunc(byDate, func(a, b int) int {
		return f.rows[a].Visit.At.Compare(f.rows[b].Visit.At)
	})
	merged := *f.rows[rows[0]].Person
	for _, i := range byDate {
		update(&merged, f.rows[i].Person)
	}
	for _, i := range rows {
		f.rows[i].Person = &merged
	}
}

// update copies the fields src fills, except names and birth date (the
// same in every row of a group).
func update(dst, src *backend.Person) {
	set := func(d *string, s string) {
		if s != "" {
			*d = s
		}
	}
	set(&dst.BirthName, src.BirthName)
	set(&dst.Sex, src.Sex)
	set(&dst.BirthPlace, src.BirthPlace)
	set(&dst.Nationality, src.Nationality)
	set(&dst.AdminSituation, src.AdminSituation)
	set(&dst.FamilySituation, src.FamilySituation)
	set(&dst.Phone, src.Phone)
	set(&dst.Email, src.Email)
	set(&dst.Commune, src.Commune)
}
