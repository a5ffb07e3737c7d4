package geo

import (
	"context"
	"math"
	"regexp"
	"sort"
	"strings"

	"pappu/backend"
)

// Offline is the geocoder that is always there: it reads the commune, the
// district and the postal code of an address in the embedded gazetteer.
// It never finds a street: its results are district, commune or coarser.
type Offline struct{ g *Gazetteer }

// NewOffline returns the offline geocoder over g.
func NewOffline(g *Gazetteer) *Offline { return &Offline{g: g} }

// Geocode finds the commune (and district) of a.
func (o *Offline) Geocode(_ context.Context, a Address) (Result, error) {
	return o.g.Find(a)
}

// fold is backend.Fold with apostrophes read as spaces: "L'Estaque" is
// "l estaque", as people also type it.
func fold(s string) string {
	return backend.Fold(strings.NewReplacer("'", " ", "’", " ", "ʼ", " ").Replace(s))
}

// foldTight is backend.Fold: apostrophes dropped ("lestaque").
func foldTight(s string) string { return backend.Fold(s) }

// abbreviations are the short forms people type in commune names.
var abbreviations = map[string]string{"st": "saint", "ste": "sainte", "s": "sur"}

// streetWords come before a street's name, never a commune's: a commune
// name right after one ("rue Saint-Sébastien") is the street.
var streetWords = map[string]bool{
	"rue": true, "bd": true, "boulevard": true, "av": true, "avenue": true,
	"chemin": true, "ch": true, "route": true, "rte": true, "place": true,
	"pl": true, "allee": true, "allees": true, "impasse": true, "imp": true,
	"quai": true, "cours": true, "traverse": true, "montee": true,
	"square": true, "passage": true, "residence": true, "cite": true,
	"groupe": true, "scolaire": true, "parc": true, "lotissement": true,
}

var articles = map[string]bool{"de": true, "du": true, "des": true, "la": true,
	"le": true, "les": true, "l": true, "d": true}

func words(s string) []string {
	w := strings.Fields(fold(s))
	for i, x := range w {
		if long, ok := abbreviations[x]; ok {
			w[i] = long
		}
	}
	return w
}

var (
	postalRe = regexp.MustCompile(`^\d{5}$`)
	// "15e arrondissement", "15eme arr", "1er arrondissement", "15 arrdt"
	districtWordsRe = regexp.MustCompile(
		`\b(\d{1,2}) ?(?:e|er|eme|ieme|em)? ?(?:arrondissement|arrdt|arr)\b`)
	// "Marseille 15e", "Lyon 3", "Paris 1er"
	districtCityRe = regexp.MustCompile(
		`\b(?:paris|marseille|lyon) 0?(\d{1,2}) ?(?:e|er|eme|ieme|em)?(?: arrondissement)?(?: |$)`)
)

// districtOf reads the district number in a folded text, or "".
func districtOf(text string) string {
	for _, re := range []*regexp.Regexp{districtWordsRe, districtCityRe} {
		if m := re.FindStringSubmatch(text); m != nil {
			return strings.TrimLeft(m[1], "0")
		}
	}
	return ""
}

// Find reads the commune, district and postal code of a and returns the
// finest position the gazetteer has for them.
func (g *Gazetteer) Find(a Address) (Result, error) {
	all := words(a.Text())
	postal := g.postalIn(a.PostalCode, all)

	best := -1
	if city := words(a.Commune); len(city) > 0 {
		best = g.pickName(city, postal, true)
	}
	if best < 0 {
		best = g.pickName(all, postal, false)
	}
	// A name found elsewhere in France while the postal code names a known
	// place here ("13100 Aix" is Aix-en-Provence, not Aix in Corrèze): the
	// postal code wins, with the commune it serves whose name begins with
	// a typed word, else its largest.
	if best >= 0 && postal != "" && len(g.byPostal[postal]) > 0 {
		if c := g.communes[best]; !contains(c.PostalCodes, postal) &&
			!inDepartement(postal, c.Departement) {
			best = g.namedIn(postal, all)
		}
	}
	if best < 0 && postal != "" {
		best = g.largestIn(postal)
	}
	if best < 0 {
		return Result{}, ErrNotFound
	}
	c := g.communes[best]
	return g.result(c, g.districtIn(c, strings.Join(all, " "), postal))
}

// postalIn returns the postal code of the address: the field when it holds
// one, else the last five-digit word the gazetteer knows (or, for a CEDEX
// code, the last five-digit word).
func (g *Gazetteer) postalIn(field string, all []string) string {
	if f := strings.TrimSpace(field); postalRe.MatchString(f) {
		return f
	}
	last := ""
	for i := len(all) - 1; i >= 0; i-- {
		if postalRe.MatchString(all[i]) {
			if _, ok := g.byPostal[all[i]]; ok {
				return all[i]
			}
			if last == "" {
				last = all[i]
			}
		}
	}
	return last
}

// pickName finds the commune the words name. In the commune field any
// match counts; in a whole address, a name right after a street word or a
// house number is a street's, and later words are likelier the commune.
func (g *Gazetteer) pickName(w []string, postal string, cityField bool) int {
	best, bestScore := -1, math.Inf(-1)
	for start := range w {
		if isNumber(w[start]) || (!cityField && streetAt(w, start)) {
			continue
		}
		for n := min(g.maxWords, len(w)-start); n >= 1; n-- {
			key := strings.Join(w[start:start+n], " ")
			for _, e := range g.byName[key] {
				s := g.score(e, postal, n, start, len(w), cityField)
				if s > bestScore {
					best, bestScore = e.index, s
				}
			}
		}
	}
	return best
}

func (g *Gazetteer) score(e nameEntry, postal string, n, start, total int,
	cityField bool) float64 {
	c := g.communes[e.index]
	s := float64(n)*12 + math.Log10(float64(c.Population)+1)*3
	if e.exact {
		s += 20
	} else {
		s += 10
	}
	if !cityField {
		s += float64(start)
		if start+n == total {
			s += 15
		}
	}
	if postal != "" {
		switch {
		case contains(c.PostalCodes, postal):
			s += 100
		case inDepartement(postal, c.Departement):
			s += 40
		}
	}
	return s
}

// streetAt tells whether a name starting at w[start] is a street's: it
// follows a street word or a house number, or is itself a street word
// followed by more ("place Bellecour", not the commune of Placé).
func streetAt(w []string, start int) bool {
	if streetWords[w[start]] && start+1 < len(w) {
		return true
	}
	i := start - 1
	if i > 0 && articles[w[i]] {
		i-- // "boulevard de Saint-Loup"
	}
	if i >= 0 && streetWords[w[i]] {
		return true
	}
	return start > 0 && isNumber(w[start-1]) && len(w[start-1]) < 5
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// inDepartement tells whether a postal code belongs to a département:
// "13015" to "13", "97139" to "971", "20000" to "2A".
func inDepartement(postal, dep string) bool {
	if strings.HasPrefix(dep, "2") && (dep == "2A" || dep == "2B") {
		return strings.HasPrefix(postal, "20")
	}
	return strings.HasPrefix(postal, dep)
}

// namedIn is the commune a postal code serves whose name begins with one of
// the words (three letters or more), or -1.
func (g *Gazetteer) namedIn(postal string, w []string) int {
	for _, i := range g.byPostal[postal] {
		c := g.communes[i]
		if c.Parent != "" {
			i = g.byCode[c.Parent]
			c = g.communes[i]
		}
		first := words(c.Name)
		if len(first) == 0 {
			continue
		}
		for _, x := range w {
			if len(x) >= 3 && !isNumber(x) && x == first[0] {
				return i
			}
		}
	}
	return -1
}

// largestIn is the most populated commune a postal code serves.
func (g *Gazetteer) largestIn(postal string) int {
	best := -1
	for _, i := range g.byPostal[postal] {
		c := g.communes[i]
		if c.Parent != "" {
			i = g.byCode[c.Parent]
			c = g.communes[i]
		}
		if best < 0 || c.Population > g.communes[best].Population {
			best = i
		}
	}
	return best
}

// districtIn finds the district of commune c the text or postal code
// names, or -1.
func (g *Gazetteer) districtIn(c Commune, text, postal string) int {
	if n := districtOf(text); n != "" {
		if i, ok := g.districts[c.INSEE+"|"+n]; ok {
			return i
		}
	}
	for _, i := range g.byPostal[postal] {
		if g.communes[i].Parent == c.INSEE {
			return i
		}
	}
	return -1
}

func (g *Gazetteer) result(c Commune, district int) (Result, error) {
	r := Result{INSEE: c.INSEE, Source: SourceGazetteer, Label: c.Name}
	if district >= 0 {
		d := g.communes[district]
		r.DistrictINSEE, r.Label = d.INSEE, d.Name
		if d.Placed == 'c' {
			r.Lat, r.Lon, r.Precision = d.Lat, d.Lon, PrecisionDistrict
			return r, nil
		}
	}
	r.Lat, r.Lon = c.Lat, c.Lon
	switch c.Placed {
	case 'c', 'p':
		r.Precision = PrecisionCommune
	case 'a', 'd':
		r.Precision = PrecisionDepartement
	default:
		return Result{}, ErrNotFound
	}
	return r, nil
}

func sortByPopulation(cs []Commune) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Population > cs[j].Population })
}
