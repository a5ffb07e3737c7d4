package backend

import (
	"fmt"
	"math"
	"time"
)

// Dimensions statistics filter and break visits down by. Each names one
// fact of a visit; the codes are those stored, never labels, so renaming a
// label never splits a count.
const (
	DimMonth          = "month"       // YYYY-MM of the visit date, in Europe/Paris
	DimSite           = "site"        // site id
	DimUser           = "user"        // user id of the worker
	DimTheme          = "theme"       // theme code; a visit counts under each of its themes
	DimNationality    = "nationality" // ISO 3166-1 alpha-2, "" when unknown
	DimSex            = "sex"         // F, M, X, "" when unknown
	DimAgeBracket     = "age"         // age bracket on the visit date
	DimAdminSituation = "admin"       // the person's current administrative situation
	DimMode           = "mode"        // visit mode code
	DimIdentified     = "identified"  // "anonymous" or "identified"
)

// Codes of DimIdentified.
const (
	Anonymous  = "anonymous"
	Identified = "identified"
)

// Dimensions lists every dimension, in the order the window offers them.
var Dimensions = []RefItem{
	{Code: DimMonth, Label: "Mois"},
	{Code: DimSite, Label: "Lieu d'accueil"},
	{Code: DimUser, Label: "Intervenant"},
	{Code: DimTheme, Label: "Thématique"},
	{Code: DimNationality, Label: "Nationalité"},
	{Code: DimSex, Label: "Sexe"},
	{Code: DimAgeBracket, Label: "Tranche d'âge"},
	{Code: DimAdminSituation, Label: "Situation administrative"},
	{Code: DimMode, Label: "Mode d'accueil"},
	{Code: DimIdentified, Label: "Anonyme ou identifié"},
}

// DimensionLabel returns the French name of a dimension, or "" if unknown.
func DimensionLabel(code string) string {
	for _, d := range Dimensions {
		if d.Code == code {
			return d.Label
		}
	}
	return ""
}

// StatsFilter selects the visits statistics count: those of the period
// whose facts are among the listed codes, for each list that is not empty.
// A visit matches Themes when one of its themes is listed.
type StatsFilter struct {
	Period          Period   `json:"period"`
	Sites           []string `json:"sites"`
	Users           []string `json:"users"`
	Themes          []string `json:"themes"`
	Nationalities   []string `json:"nationalities"`
	Sexes           []string `json:"sexes"`
	AgeBrackets     []string `json:"ageBrackets"`
	AdminSituations []string `json:"adminSituations"`
	Modes           []string `json:"modes"`
	Identified      string   `json:"identified"` // "", Anonymous or Identified
}

// Measures are the four figures statistics give for a set of visits. Their
// meaning is stated once, in MeasureDefinitions.
type Measures struct {
	Visits     int     `json:"visits"`
	Persons    int     `json:"persons"`
	NewPersons int     `json:"newPersons"`
	Minutes    int     `json:"minutes"`
	Hours      float64 `json:"hours"` // Minutes / 60
}

// Measure names, as cross-tables and exports choose them.
const (
	MeasureVisits     = "visits"
	MeasurePersons    = "persons"
	MeasureNewPersons = "newPersons"
	MeasureHours      = "hours"
)

// ValidMeasure reports whether m names a measure.
func ValidMeasure(m string) bool {
	switch m {
	case MeasureVisits, MeasurePersons, MeasureNewPersons, MeasureHours:
		return true
	}
	return false
}

// Definition is what a figure means, in French, for the window's help and
// the annual report.
type Definition struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	Text  string `json:"text"`
}

// MeasureDefinitions states, once, what each figure of the statistics
// means. The window shows them as help and the annual report prints them.
var MeasureDefinitions = []Definition{
	{MeasureVisits, "Accueils", "Chaque accueil de la période compte une fois, " +
		"les accueils anonymes compris. Par thématique, un accueil compte une fois sous " +
		"chacune de ses thématiques : les parts des thématiques additionnées dépassent " +
		"donc 100 %, et le total d'un tableau par thématique compte chaque accueil une " +
		"seule fois."},
	{MeasurePersons, "Personnes reçues", "Personnes distinctes ayant eu au moins un " +
		"accueil dans la période (et dans la ligne ou la colonne). Une personne reçue " +
		"sur deux lieux compte sur chacun, mais une seule fois au total. Les accueils " +
		"anonymes ne comptent jamais parmi les personnes."},
	{MeasureNewPersons, "Nouvelles personnes", "Personnes dont le tout premier " +
		"accueil tombe dans la période. Elles sont classées (et filtrées) selon les " +
		"accueils de ce premier jour : lieu, thématiques, intervenant…"},
	{MeasureHours, "Heures", "Somme des durées des accueils de la période, en heures " +
		"(un accueil sans durée saisie compte 0)."},
	{DimAgeBracket, "Tranche d'âge", "L'âge est calculé à la date de chaque accueil, " +
		"d'après la date de naissance de la personne (ou la tranche saisie pour un " +
		"accueil anonyme)."},
	{DimAdminSituation, "Situation administrative", "La situation administrative " +
		"actuelle de la personne, telle qu'elle est enregistrée aujourd'hui : elle " +
		"s'applique à tous ses accueils, même anciens. Vide pour un accueil anonyme."},
	{DimSex, "Sexe et nationalité", "Pour un accueil identifié, le sexe et la " +
		"nationalité actuels de la personne ; pour un accueil anonyme, ceux saisis."},
}

// Line is one line of a statistics table: a code, its label, its figures.
type Line struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	Measures
}

// StatsTable breaks the filtered visits down by one dimension. Total counts
// each visit and each person once, whatever the dimension (see
// MeasureDefinitions).
type StatsTable struct {
	Filter    StatsFilter `json:"filter"`
	Dimension string      `json:"dimension"`
	Lines     []Line      `json:"lines"`
	Total     Measures    `json:"total"`
}

// CrossTable breaks the filtered visits down by two dimensions: Cells[i][j]
// holds the figures of Rows[i] and Columns[j]; Rows and Columns carry their
// own totals, and Total the whole.
type CrossTable struct {
	Filter  StatsFilter  `json:"filter"`
	RowDim  string       `json:"rowDim"`
	ColDim  string       `json:"colDim"`
	Rows    []Line       `json:"rows"`
	Columns []Line       `json:"columns"`
	Cells   [][]Measures `json:"cells"`
	Total   Measures     `json:"total"`
}

// PeriodFigures are the totals of one period.
type PeriodFigures struct {
	Period Period   `json:"period"`
	Label  string   `json:"label"`
	Total  Measures `json:"total"`
}

// Comparison holds the totals of a period beside those of the period just
// before (same length) and of the same period a year earlier, all with the
// same filter.
type Comparison struct {
	Current     PeriodFigures `json:"current"`
	Previous    PeriodFigures `json:"previous"`
	YearEarlier PeriodFigures `json:"yearEarlier"`
}

// ParseDay reads a YYYY-MM-DD date.
func ParseDay(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }

// wholeMonths reports whether p runs from the first day of a month to the
// last day of a month, and how many months it spans.
func wholeMonths(from, to time.Time) (int, bool) {
	if from.Day() != 1 || to.AddDate(0, 0, 1).Day() != 1 {
		return 0, false
	}
	return (to.Year()-from.Year())*12 + int(to.Month()-from.Month()) + 1, true
}

// PreviousPeriod returns the period of the same length just before p: the
// previous month, quarter or year when p is made of whole months, else the
// same number of days.
func PreviousPeriod(p Period) Period {
	from, err1 := ParseDay(p.From)
	to, err2 := ParseDay(p.To)
	if err1 != nil || err2 != nil {
		return Period{}
	}
	if n, ok := wholeMonths(from, to); ok {
		start := from.AddDate(0, -n, 0)
		return Period{From: day(start), To: day(from.AddDate(0, 0, -1))}
	}
	days := int(to.Sub(from).Hours()/24) + 1
	return Period{From: day(from.AddDate(0, 0, -days)), To: day(from.AddDate(0, 0, -1))}
}

// YearEarlier returns the same period a year before; a period ending on the
// last day of a month ends on the last day of that month a year before (28
// February for 29 February).
func YearEarlier(p Period) Period {
	from, err1 := ParseDay(p.From)
	to, err2 := ParseDay(p.To)
	if err1 != nil || err2 != nil {
		return Period{}
	}
	start := time.Date(from.Year()-1, from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	if start.Month() != from.Month() { // 29 February
		start = start.AddDate(0, 0, -1)
	}
	end := time.Date(to.Year()-1, to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
	if end.Month() != to.Month() || to.AddDate(0, 0, 1).Day() == 1 {
		end = time.Date(to.Year()-1, to.Month()+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	}
	return Period{From: day(start), To: day(end)}
}

func day(t time.Time) string { return t.Format("2006-01-02") }

var monthNames = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre"}

// MonthLabel writes YYYY-MM as "mars 2025".
func MonthLabel(ym string) string {
	t, err := time.Parse("2006-01", ym)
	if err != nil {
		return ym
	}
	return fmt.Sprintf("%s %d", monthNames[t.Month()-1], t.Year())
}

// PeriodLabel writes a period as people say it: "2025", "mars 2025",
// "1er trimestre 2025", or "du 03/02/2025 au 14/02/2025".
func PeriodLabel(p Period) string {
	from, err1 := ParseDay(p.From)
	to, err2 := ParseDay(p.To)
	if err1 != nil || err2 != nil {
		return p.From + " – " + p.To
	}
	if n, ok := wholeMonths(from, to); ok {
		switch {
		case n == 12 && from.Month() == 1:
			return fmt.Sprint(from.Year())
		case n == 3 && (from.Month()-1)%3 == 0:
			q := (int(from.Month())-1)/3 + 1
			ord := "e"
			if q == 1 {
				ord = "er"
			}
			return fmt.Sprintf("%d%s trimestre %d", q, ord, from.Year())
		case n == 1:
			return MonthLabel(p.From[:7])
		}
	}
	return "du " + from.Format("02/01/2006") + " au " + to.Format("02/01/2006")
}

// HoursOf turns minutes into hours, to the hundredth.
func HoursOf(minutes int) float64 {
	return math.Round(float64(minutes)*100/60) / 100
}

// CaseFigures are a period's figures of the case work: procedures opened,
// filed and decided, referrals made, support given to partners. What each
// figure counts is stated once, in CaseDefinitions.
type CaseFigures struct {
	Period Period `json:"period"`

	Opened       int     `json:"opened"`
	OpenedByType []Count `json:"openedByType"`

	Filed       int     `json:"filed"`
	FiledByType []Count `json:"filedByType"`

	Decided          int     `json:"decided"`
	DecidedByType    []Count `json:"decidedByType"`
	DecidedByOutcome []Count `json:"decidedByOutcome"` // a decision status code

	Referrals          int     `json:"referrals"`
	ReferralsByKind    []Count `json:"referralsByKind"`    // partner kind
	ReferralsByOutcome []Count `json:"referralsByOutcome"` // backend.ReferralOutcomes

	Support SupportFigures `json:"support"`
}

// Codes of CaseDefinitions.
const (
	CaseOpened    = "opened"
	CaseFiled     = "filed"
	CaseDecided   = "decided"
	CaseReferrals = "referrals"
	CaseSupport   = "support"
)

// CaseDefinitions states, once, what each figure of CaseFigures means. The
// window shows them as help and the annual report prints them.
var CaseDefinitions = []Definition{
	{CaseOpened, "Démarches ouvertes", "Démarches dont l'ouverture (le premier " +
		"statut de l'historique) est datée dans la période, par type de démarche. " +
		"Une démarche supprimée ne compte plus."},
	{CaseFiled, "Démarches déposées", "Passages au statut « Déposé » datés dans la " +
		"période, par type de démarche ; une démarche ouverte directement au statut " +
		"« Déposé » compte aussi comme déposée."},
	{CaseDecided, "Décisions", "Passages à une décision (« Décision favorable » ou " +
		"« Décision défavorable ») datés dans la période, par type de démarche et par " +
		"sens de la décision. Une démarche décidée deux fois (après un recours) compte " +
		"deux décisions."},
	{CaseReferrals, "Orientations", "Orientations vers un partenaire datées dans la " +
		"période, par type de partenaire et par suite donnée, telle qu'elle est " +
		"enregistrée aujourd'hui. Un partenaire supprimé depuis compte encore sous son " +
		"type."},
	{CaseSupport, "Appui aux partenaires", "Nombre d'appuis aux partenaires datés " +
		"dans la période, et la somme de leurs durées en heures (un appui sans durée " +
		"compte 0)."},
}
