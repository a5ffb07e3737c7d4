package demo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"pappu/backend"
)

// Shapes of the generated activity.
const (
	anonymousShare = 0.10 // of all visits
	visitSpread    = 1.2  // sigma of the log-normal "how often a person comes"
	meanGapDays    = 40   // between two visits of a person, on average
	homeSiteShare  = 0.85 // visits a person makes at their usual site
	mainSiteShare  = 0.80 // visits a worker receives at their usual site
	primaryShare   = 0.60 // visits whose first theme is the person's main one
)

// noText marks a free text left empty.
const noText = math.MaxUint8

// person is a generated person, in few bytes: the details of their record
// are drawn again from detailSeed when a row needs them.
type person struct {
	last, first, sex, birth string
	nat                     int16 // index in nationalities; -1 unknown
	origin                  uint8
	firstDay                int32   // day of the first visit
	home, primary           uint8   // usual site, main theme
	pace                    float64 // days between returns, times meanGapDays
	detailSeed              uint64
}

// visit is a generated visit, in few bytes; rows are built from it.
type visit struct {
	at                     int64 // Unix seconds
	person                 int32 // index in plan.persons; -1 anonymous
	site, user, mode       uint8
	nThemes                uint8
	themes                 [3]uint8 // indexes in themeWeights
	duration               uint16   // minutes
	action, referral, note uint8    // indexes in the texts, or noText
	anonSex, anonBracket   uint8    // anonymous visits only
	anonNat                int16    // anonymous visits only; -1 unknown
}

// plan is the whole generated activity, visits sorted by time.
type plan struct {
	seed     int64
	cal      calendar
	sites    []string
	users    []string
	userSite []int // each worker's usual site
	persons  []person
	visits   []visit

	nats       weighted[int]
	themes     weighted[int]
	modesID    weighted[int]
	modesAnon  weighted[int]
	siteWeight weighted[int]
}

// newPlan draws everything Generate writes, from the seed alone: the same
// options give the same plan.
func newPlan(opt Options) *plan {
	r := rand.New(rand.NewPCG(uint64(opt.Seed), 0x70a9e0))
	p := &plan{seed: opt.Seed, cal: newCalendar(opt.Today.In(paris), opt.Years),
		sites: opt.Sites}
	p.initWeights()

	// Four to six workers, each with a usual site.
	p.users = workers[:4+r.IntN(3)]
	for u := range p.users {
		p.userSite = append(p.userSite, u%len(p.sites))
	}

	anonymous, identified := splitVisits(opt.Persons, opt.Visits)
	p.visits = make([]visit, 0, opt.Visits)
	p.persons = make([]person, 0, opt.Persons)
	p.addPersons(r, opt.Persons, identified)
	for range anonymous {
		p.addAnonymous(r)
	}

	// Time order, so that each person's first visit comes first and each
	// batch writes to the end of the day-ordered indexes.
	slices.SortStableFunc(p.visits, func(a, b visit) int { return cmp.Compare(a.at, b.at) })
	return p
}

func (p *plan) initWeights() {
	p.nats = indexes(nationalities, func(n nationality) float64 { return n.weight })
	p.themes = indexes(themeWeights, codeWeight.share)
	p.modesID = indexes(modeWeights, func(m modeWeight) float64 { return m.identified })
	p.modesAnon = indexes(modeWeights, func(m modeWeight) float64 { return m.anonymous })

	// The first site is the busiest, the others less and less.
	rank := make([]int, len(p.sites))
	for i := range rank {
		rank[i] = i + 1
	}
	p.siteWeight = indexes(rank, func(n int) float64 { return 1 / float64(n) })
}

// splitVisits shares the visits between anonymous and identified ones: about
// one in ten is anonymous, but every person needs at least one visit.
func splitVisits(persons, visits int) (anonymous, identified int) {
	if persons == 0 {
		return visits, 0
	}
	anonymous = min(int(math.Round(float64(visits)*anonymousShare)), visits-persons)
	return anonymous, visits - anonymous
}

// addPersons draws n persons and their identified visits, total in all.
//
// Each person first comes on some day, more often in the first months (when
// a desk starts recording, the persons it already follows are all new),
// then comes back a number of times drawn in proportion to a log-normal
// weight: most come once to three times, a few ten times or more. Returns
// spread over a span that grows with their number; those that would fall
// after today have not happened yet and are given to other persons, until
// the total is reached.
func (p *plan) addPersons(r *rand.Rand, n, total int) {
	if n == 0 {
		return
	}
	c := p.cal
	firstDays := newFirstDays(c)
	weights := make([]float64, n)
	idx := make([]int, n)
	seen := make(map[string]bool, n)
	for i := range n {
		p.addPerson(r, c.dayIn(r, firstDays, 0, c.days-1), seen)
		weights[i] = math.Exp(visitSpread * r.NormFloat64())
		idx[i] = i
	}

	// The returns planned at first, then those given again.
	w := newWeighted(idx, weights)
	returns := make([]int, n)
	for range total - n {
		returns[w.index(r)]++
	}
	missing := 0
	for i, k := range returns {
		for range k {
			if !p.addReturn(r, i, k) {
				missing++
			}
		}
	}
	for round := 0; missing > 0; round++ {
		left := 0
		for range missing {
			i := w.index(r)
			switch {
			case p.addReturn(r, i, returns[i]):
			case round < 50:
				left++
			default: // a period too short for the returns asked
				p.addVisit(r, i, int(p.persons[i].firstDay))
			}
		}
		missing = left
	}
}

// newFirstDays weighs the days on which persons first come: twice as many
// at the very start of the period, then as many every month.
func newFirstDays(c calendar) []float64 {
	cum := make([]float64, c.days+1)
	for i := range c.days {
		cum[i+1] = cum[i] + c.mass(i, i)*(1+math.Exp(-float64(i)/120))
	}
	return cum
}

// addReturn draws a return visit of person i, who planned k returns over a
// span that grows with k, and adds it unless it falls after today.
func (p *plan) addReturn(r *rand.Rand, i, k int) bool {
	c := p.cal
	pr := p.persons[i]
	span := max(7, int(float64(k)*meanGapDays*pr.pace))
	lo, hi := int(pr.firstDay)+1, int(pr.firstDay)+span
	if lo >= c.days {
		return false
	}

	// It has happened in proportion to the part of the span already past.
	past := c.mass(lo, min(hi, c.days-1))
	future := float64(max(0, hi-(c.days-1))) * c.meanWeight()
	if past == 0 || r.Float64()*(past+future) >= past {
		return false
	}
	p.addVisit(r, i, c.day(r, lo, min(hi, c.days-1)))
	return true
}

// addPerson draws who a person is, and their first visit on day first.
func (p *plan) addPerson(r *rand.Rand, first int, seen map[string]bool) {
	nat := p.nats.pick(r)
	origin := nationalities[nat].origin
	if r.Float64() < 0.08 {
		origin = r.IntN(len(origins)) // names need not match the passport
	}
	natIdx := int16(nat)
	if r.Float64() < 0.01 {
		natIdx = -1
	}
	pr := person{sex: pickSex(r), nat: natIdx, origin: uint8(origin),
		firstDay: int32(first), detailSeed: r.Uint64(),
		home: uint8(p.siteWeight.pick(r)), primary: uint8(p.themes.index(r)),
		pace: 0.4 + 1.2*r.Float64()}
	p.name(r, &pr, p.cal.date(first), seen)
	p.persons = append(p.persons, pr)
	p.addVisit(r, len(p.persons)-1, first)
}

// addVisit draws a visit of person i on day d: mostly at their usual site,
// often about their main theme.
func (p *plan) addVisit(r *rand.Rand, i, d int) {
	pr := p.persons[i]
	v := visit{person: int32(i), anonNat: -1, site: pr.home}
	if r.Float64() > homeSiteShare {
		v.site = uint8(p.siteWeight.pick(r))
	}
	p.fillVisit(r, &v, d, p.modesID, int(pr.primary))
	p.visits = append(p.visits, v)
}

func pickSex(r *rand.Rand) string {
	switch u := r.Float64(); {
	case u < 0.57:
		return backend.SexMale
	case u < 0.99:
		return backend.SexFemale
	case u < 0.995:
		return backend.SexOther
	}
	return backend.SexUnknown
}

// name draws names and a birth date that no other generated person has, as
// storage recognises a person by folded names and birth date.
func (p *plan) name(r *rand.Rand, pr *person, firstVisit time.Time, seen map[string]bool) {
	o := origins[pr.origin]
	for attempt := 0; ; attempt++ {
		pool := o.male
		if pr.sex == backend.SexFemale || (pr.sex != backend.SexMale && r.IntN(2) == 0) {
			pool = o.female
		}
		pr.last = o.last[r.IntN(len(o.last))]
		pr.first = pool[r.IntN(len(pool))]
		if r.Float64() < 0.05 { // a second first name
			if second := pool[r.IntN(len(pool))]; second != pr.first {
				pr.first += " " + second
			}
		}
		pr.birth = birthDate(r, firstVisit, attempt)
		key := backend.Fold(pr.last) + "|" + backend.Fold(pr.first) + "|" + pr.birth
		if !seen[key] {
			seen[key] = true
			return
		}
	}
}

// birthDate draws a birth date for someone first seen on firstVisit: mostly
// adults between 20 and 45, a few minors; sometimes only the year is known,
// rarely nothing. Later attempts always give a full date, which is what
// ends a run of clashes.
func birthDate(r *rand.Rand, firstVisit time.Time, attempt int) string {
	age := 18 + math.Abs(r.NormFloat64()*14)
	if r.Float64() < 0.02 {
		age = 16 + r.Float64()*2
	}
	age = min(age, 85)
	d := firstVisit.AddDate(-int(age), 0, -r.IntN(365))
	switch u := r.Float64(); {
	case attempt > 3:
	case u < 0.07:
		return strconv.Itoa(d.Year())
	case u < 0.09:
		return d.Format("2006-01")
	case u < 0.10:
		return ""
	}
	return d.Format("2006-01-02")
}

// addAnonymous draws an anonymous visit: a quick question, counted without
// identifying anyone.
func (p *plan) addAnonymous(r *rand.Rand) {
	v := visit{person: -1, anonNat: -1}
	v.site = uint8(p.siteWeight.pick(r))
	switch u := r.Float64(); {
	case u < 0.55:
		v.anonSex = 1
	case u < 0.95:
		v.anonSex = 2
	}
	v.anonBracket = uint8(anonymousBrackets.index(r))
	if r.Float64() < 0.55 {
		v.anonNat = int16(p.nats.pick(r))
	}
	p.fillVisit(r, &v, p.cal.day(r, 0, p.cal.days-1), p.modesAnon, -1)
	p.visits = append(p.visits, v)
}

// fillVisit draws the time, worker, mode, duration, themes and texts of a
// visit on day d. primary is the person's main theme, -1 for none.
func (p *plan) fillVisit(r *rand.Rand, v *visit, d int, modes weighted[int], primary int) {
	v.at = p.cal.at(r, d).Unix()
	v.user = uint8(p.user(r, int(v.site)))
	m := modes.pick(r)
	v.mode = uint8(m)
	mw := modeWeights[m]
	v.duration = uint16(mw.minDur + 5*r.IntN((mw.maxDur-mw.minDur)/5+1))

	// One theme mostly, up to three; anonymous visits rarely more than one.
	n := 1
	switch u := r.Float64(); {
	case primary < 0 && u < 0.15, primary >= 0 && u < 0.30:
		n = 2
	case primary >= 0 && u < 0.40:
		n = 3
	}
	first := p.themes.index(r)
	if primary >= 0 && r.Float64() < primaryShare {
		first = primary
	}
	v.themes[0], v.nThemes = uint8(first), 1
	for tries := 0; int(v.nThemes) < n && tries < 10; tries++ {
		t := uint8(p.themes.index(r))
		if !slices.Contains(v.themes[:v.nThemes], t) {
			v.themes[v.nThemes] = t
			v.nThemes++
		}
	}

	// Free texts: identified visits often say what was done.
	v.action, v.referral, v.note = noText, noText, noText
	share := 0.6
	if primary < 0 {
		share = 0.2
	}
	if r.Float64() < share {
		v.action = uint8(r.IntN(len(actionTexts)))
	}
	if primary >= 0 && r.Float64() < 0.35 {
		v.referral = uint8(r.IntN(len(referralTexts)))
	}
	if primary >= 0 && r.Float64() < 0.25 {
		v.note = uint8(r.IntN(len(noteTexts)))
	}
}

// user draws the worker receiving a visit at a site: mostly one whose usual
// site it is.
func (p *plan) user(r *rand.Rand, site int) int {
	if r.Float64() < mainSiteShare {
		var here []int
		for u, s := range p.userSite {
			if s == site {
				here = append(here, u)
			}
		}
		if len(here) > 0 {
			return here[r.IntN(len(here))]
		}
	}
	return r.IntN(len(p.users))
}
