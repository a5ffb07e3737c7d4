package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"pappu/backend"
)

// rows builds the import rows of visits from to to (excluded).
func (p *plan) rows(from, to int) []backend.ImportRow {
	out := make([]backend.ImportRow, 0, to-from)
	for n := from; n < to; n++ {
		out = append(out, p.row(n))
	}
	return out
}

// key identifies the n-th generated visit of a seed, so that generating
// again with the same seed writes nothing twice.
func key(seed int64, n int) string {
	return keyPrefix + strconv.FormatInt(seed, 10) + ":" + strconv.Itoa(n)
}

func (p *plan) row(n int) backend.ImportRow {
	v := p.visits[n]
	row := backend.ImportRow{Line: n + 1, Key: key(p.seed, n),
		SiteName: p.sites[v.site], UserName: p.users[v.user]}
	row.Visit = backend.Visit{
		At:          time.Unix(v.at, 0).UTC(),
		Mode:        modeWeights[v.mode].code,
		DurationMin: int(v.duration),
		Themes:      make([]string, v.nThemes),
		Actions:     text(actionTexts, v.action),
		Referrals:   text(referralTexts, v.referral),
		Note:        text(noteTexts, v.note),
	}
	for i := range v.nThemes {
		row.Visit.Themes[i] = themeWeights[v.themes[i]].code
	}
	if v.person < 0 {
		row.Visit.Sex = [...]string{backend.SexUnknown, backend.SexMale, backend.SexFemale}[v.anonSex]
		row.Visit.AgeBracket = anonymousBrackets.items[v.anonBracket]
		row.Visit.Nationality = natCode(v.anonNat)
		return row
	}
	pr := p.personRecord(int(v.person))
	row.Person = &pr
	return row
}

func text(list []string, i uint8) string {
	if i == noText {
		return ""
	}
	return list[i]
}

func natCode(i int16) string {
	if i < 0 {
		return ""
	}
	return nationalities[i].code
}

// personRecord builds the record of person i. The details are drawn from the
// person's own seed, so every row of a person carries the same record.
func (p *plan) personRecord(i int) backend.Person {
	pr := p.persons[i]
	r := rand.New(rand.NewPCG(pr.detailSeed, uint64(i)))
	first := p.cal.date(int(pr.firstDay))
	out := backend.Person{
		LastName:    pr.last,
		FirstNames:  pr.first,
		Sex:         pr.sex,
		BirthDate:   pr.birth,
		Nationality: natCode(pr.nat),
	}

	if pr.sex == backend.SexFemale && r.Float64() < 0.05 {
		o := origins[pr.origin]
		out.BirthName = o.last[r.IntN(len(o.last))]
	}
	if langs := languages[pr.origin]; r.Float64() < 0.85 {
		out.Languages = langs[r.IntN(len(langs))]
	}
	out.InterpreterNeeded = r.Float64() < 0.2
	if r.Float64() < 0.75 {
		out.Phone = fmt.Sprintf("0%d %02d %02d %02d %02d", 6+r.IntN(2), r.IntN(100),
			r.IntN(100), r.IntN(100), r.IntN(100))
	}
	if r.Float64() < 0.10 {
		out.Email = emailOf(pr.first, pr.last, r.IntN(100))
	}
	out.NoFixedAddress = r.Float64() < 0.25
	if r.Float64() < 0.8 {
		out.Commune = communes[r.IntN(len(communes))]
	}
	if r.Float64() < 0.7 {
		out.FamilySituation = familyTexts[r.IntN(len(familyTexts))]
	}
	out.Children = [...]int{0, 0, 0, 1, 1, 2, 2, 3, 4}[r.IntN(9)]
	if r.Float64() < 0.7 {
		out.ArrivalDate = arrivalDate(r, first, pr.birth)
	}
	out.AdminSituation = adminSituationWeights[adminSituations.index(r)].code
	if r.Float64() < 0.8 {
		out.ConsentDate = first.Format("2006-01-02")
	}
	if r.Float64() < 0.03 {
		out.Notes = noteTexts[r.IntN(len(noteTexts))]
	}
	return out
}

var adminSituations = indexes(adminSituationWeights, codeWeight.share)

// arrivalDate draws the arrival in France, up to ten years before the first
// visit and never before birth.
func arrivalDate(r *rand.Rand, firstVisit time.Time, birth string) string {
	d := firstVisit.AddDate(0, 0, -r.IntN(10*365))
	if len(birth) == 10 {
		if b, err := time.Parse("2006-01-02", birth); err == nil && d.Before(b) {
			d = b
		}
	} else if len(birth) >= 4 {
		y, _ := strconv.Atoi(birth[:4])
		if d.Year() <= y {
			d = time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	if d.After(firstVisit) {
		d = firstVisit
	}
	return d.Format("2006-01-02")
}

// emailOf makes up an address at a reserved domain that reaches nobody.
func emailOf(first, last string, n int) string {
	local := strings.ReplaceAll(backend.Fold(first)+"."+backend.Fold(last), " ", "-")
	return local + strconv.Itoa(n) + "@exemple.invalid"
}
