package demo

import (
	"math/rand/v2"
	"sort"
)

// weighted draws items in proportion to their weights.
type weighted[T any] struct {
	items []T
	cum   []float64 // cum[i] = sum of the weights of items[0..i]
}

func newWeighted[T any](items []T, weights []float64) weighted[T] {
	w := weighted[T]{items: items, cum: make([]float64, len(items))}
	total := 0.0
	for i, x := range weights {
		total += x
		w.cum[i] = total
	}
	return w
}

func (w weighted[T]) pick(r *rand.Rand) T {
	return w.items[w.index(r)]
}

func (w weighted[T]) index(r *rand.Rand) int {
	// Item i covers [cum[i-1], cum[i]): an item of weight 0 is never drawn.
	u := r.Float64() * w.cum[len(w.cum)-1]
	i := sort.Search(len(w.cum), func(i int) bool { return w.cum[i] > u })
	return min(i, len(w.items)-1)
}

// nationality is an ISO 3166-1 code, its share of persons received, and the
// names its people carry.
type nationality struct {
	code   string
	weight float64
	origin int
}

// nationalities are weighted like a reception desk's log in Marseille: the
// Maghreb and the Comoros first, then West and Central Africa, Afghanistan,
// the Middle East, Eastern Europe and the Caucasus.
var nationalities = []nationality{
	{"DZ", 16, maghreb}, {"MA", 8, maghreb}, {"TN", 7, maghreb}, {"LY", 0.3, maghreb},
	{"KM", 8, comoros}, {"MG", 1, comoros},
	{"CI", 5, westAfrica}, {"GN", 5, westAfrica}, {"SN", 4, westAfrica},
	{"ML", 3, westAfrica}, {"BF", 1, westAfrica}, {"MR", 1, westAfrica},
	{"BJ", 0.5, westAfrica}, {"TG", 0.5, westAfrica},
	{"NG", 3, nigeria}, {"GH", 0.5, nigeria},
	{"CD", 3, centralAfrica}, {"CM", 3, centralAfrica}, {"CG", 1, centralAfrica},
	{"CF", 0.5, centralAfrica}, {"TD", 1, centralAfrica}, {"AO", 0.5, centralAfrica},
	{"AF", 5, afghanIran}, {"IR", 1, afghanIran},
	{"SY", 3, middleEast}, {"IQ", 1, middleEast}, {"EG", 1, middleEast},
	{"PS", 0.5, middleEast}, {"LB", 0.3, middleEast},
	{"SD", 2, hornOfAfrica}, {"ER", 1, hornOfAfrica}, {"SO", 1, hornOfAfrica},
	{"ET", 0.5, hornOfAfrica},
	{"TR", 3, turkey},
	{"AL", 3, easternEurope}, {"XK", 0.5, easternEurope}, {"UA", 3, easternEurope},
	{"RU", 1, easternEurope}, {"MD", 0.5, easternEurope}, {"RO", 0.5, easternEurope},
	{"GE", 3, caucasus}, {"AM", 1, caucasus},
	{"BD", 2, southAsia}, {"LK", 1, southAsia}, {"PK", 1, southAsia},
	{"CO", 1, latinAmerica}, {"VE", 0.5, latinAmerica}, {"PE", 0.3, latinAmerica},
	{"BR", 0.5, latinAmerica}, {"HT", 1, haiti},
}

// codeWeight is a coded value and its share.
type codeWeight struct {
	code   string
	weight float64
}

// themeWeights give each theme code (see refdata) its share of visits:
// residence permits first, then asylum, social rights and health.
var themeWeights = []codeWeight{
	{"sejour_premiere", 15}, {"sejour_renouvellement", 15}, {"sejour_changement", 5},
	{"sejour", 10}, {"asile", 10}, {"regroupement_familial", 4}, {"naturalisation", 5},
	{"visa", 2}, {"travail", 6}, {"droits_sociaux", 8}, {"sante", 8}, {"logement", 6},
	{"domiciliation", 5}, {"scolarite", 2}, {"etat_civil", 3}, {"eloignement", 5},
	{"violences", 1.5}, {"autre", 3},
}

// modeWeight is a visit mode's share among identified and anonymous visits,
// and its usual duration range in minutes.
type modeWeight struct {
	code                  string
	identified, anonymous float64
	minDur, maxDur        int
}

// modeWeights give each visit mode code its share, for identified and for
// anonymous visits, and the usual duration range in minutes.
var modeWeights = []modeWeight{
	{"walk_in", 45, 70, 10, 45},
	{"appointment", 30, 0, 30, 60},
	{"phone", 15, 25, 5, 20},
	{"email", 5, 3, 5, 15},
	{"letter", 2, 0, 10, 20},
	{"outreach", 3, 2, 15, 40},
}

// adminSituationWeights give the administrative situation codes of persons;
// "" is "not recorded".
var adminSituationWeights = []codeWeight{
	{"", 20}, {"sans_titre", 20}, {"demandeur_asile", 12}, {"recepisse", 10},
	{"titre_sejour", 15}, {"carte_resident", 6}, {"refugie", 6}, {"aps", 2},
	{"visa", 2}, {"oqtf", 3}, {"inconnue", 4},
}

// anonymousBrackets are the age brackets recorded on anonymous visits; ""
// when not asked.
var anonymousBrackets = newWeighted(
	[]string{"", "0-17", "18-25", "26-35", "36-45", "46-59", "60+"},
	[]float64{30, 1, 14, 22, 17, 11, 5})

// indexes draws indexes in list in proportion to weight.
func indexes[T any](list []T, weight func(T) float64) weighted[int] {
	items := make([]int, len(list))
	weights := make([]float64, len(list))
	for i, x := range list {
		items[i], weights[i] = i, weight(x)
	}
	return newWeighted(items, weights)
}

func (c codeWeight) share() float64 { return c.weight }
