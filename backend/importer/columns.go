package importer

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"pappu/backend"
)

// Fields a column can feed.
const (
	FieldDate            = "date"
	FieldTime            = "time"
	FieldSite            = "site"
	FieldUser            = "user"
	FieldLastName        = "last_name"
	FieldBirthName       = "birth_name"
	FieldFirstNames      = "first_names"
	FieldFullName        = "full_name" // "NOM Prénom" in one cell
	FieldSex             = "sex"
	FieldBirthDate       = "birth_date"
	FieldBirthPlace      = "birth_place"
	FieldAge             = "age" // an age or an age bracket
	FieldNationality     = "nationality"
	FieldAdminSituation  = "admin_situation"
	FieldFamilySituation = "family_situation"
	FieldThemes          = "themes"
	FieldMode            = "mode"
	FieldDuration        = "duration"
	FieldReferrals       = "referrals"
	FieldActions         = "actions"
	FieldNote            = "note"
	FieldPhone           = "phone"
	FieldEmail           = "email"
	FieldCommune         = "commune"
)

// fields lists the fields with their French labels, in the order a mapping
// screen shows them.
var fields = []backend.RefItem{
	{Code: FieldDate, Label: "Date de l'accueil"},
	{Code: FieldTime, Label: "Heure"},
	{Code: FieldSite, Label: "Lieu d'accueil"},
	{Code: FieldUser, Label: "Intervenant"},
	{Code: FieldLastName, Label: "Nom"},
	{Code: FieldBirthName, Label: "Nom de naissance"},
	{Code: FieldFirstNames, Label: "Prénom(s)"},
	{Code: FieldFullName, Label: "Nom et prénom"},
	{Code: FieldSex, Label: "Sexe"},
	{Code: FieldBirthDate, Label: "Date de naissance"},
	{Code: FieldBirthPlace, Label: "Lieu de naissance"},
	{Code: FieldAge, Label: "Âge ou tranche d'âge"},
	{Code: FieldNationality, Label: "Nationalité"},
	{Code: FieldAdminSituation, Label: "Situation administrative"},
	{Code: FieldFamilySituation, Label: "Situation familiale"},
	{Code: FieldThemes, Label: "Thème(s)"},
	{Code: FieldMode, Label: "Mode d'accueil"},
	{Code: FieldDuration, Label: "Durée"},
	{Code: FieldReferrals, Label: "Orientation(s)"},
	{Code: FieldActions, Label: "Démarches effectuées"},
	{Code: FieldNote, Label: "Commentaire"},
	{Code: FieldPhone, Label: "Téléphone"},
	{Code: FieldEmail, Label: "Courriel"},
	{Code: FieldCommune, Label: "Commune"},
}

// Fields returns the fields a column can feed, with their French labels.
func Fields() []backend.RefItem { return slices.Clone(fields) }

func fieldLabel(field string) string {
	for _, f := range fields {
		if f.Code == field {
			return f.Label
		}
	}
	return field
}

// multiFields may take several columns ("Thème 1", "Thème 2"); their cells
// are put together.
var multiFields = map[string]bool{
	FieldThemes: true, FieldReferrals: true, FieldActions: true, FieldNote: true,
}

// headerRules recognise headers, first match wins. A pattern matches when
// the header holds all its words (normalised by headerWords); "^" marks a
// word the header must start with. Specific rules come before generic ones:
// "Lieu de naissance" before "Lieu", "Nom de l'intervenant" before "Nom".
var headerRules = []struct {
	field    string
	patterns []string
}{
	{FieldBirthPlace, []string{"lieu naissance", "pays naissance", "ville naissance",
		"commune naissance"}},
	{FieldBirthName, []string{"nom naissance", "nom jeune fille", "jeune fille"}},
	{FieldBirthDate, []string{"date naissance", "ne le", "ddn", "naissance"}},
	{FieldDate, []string{"^date", "^jour"}},
	{FieldTime, []string{"^heure", "^horaire"}},
	{FieldCommune, []string{"lieu residence", "ville residence", "commune", "domicile",
		"residence", "ville"}},
	{FieldFamilySituation, []string{"situation familiale", "situation famille"}},
	{FieldUser, []string{"intervenant", "accueillant", "benevole", "salarie",
		"accueilli par", "recu par", "agent", "conseiller", "referent", "permanencier",
		"travailleur social"}},
	{FieldSite, []string{"lieu", "site", "antenne", "permanence"}},
	{FieldFullName, []string{"nom prenom", "prenom nom", "identite"}},
	{FieldFirstNames, []string{"prenom"}},
	{FieldLastName, []string{"nom", "patronyme"}},
	{FieldDate, []string{"date"}},
	{FieldTime, []string{"heure", "horaire"}},
	{FieldSex, []string{"sexe", "genre", "civilite", "h f", "f h", "m f", "f m"}},
	{FieldAge, []string{"age", "tranche"}},
	{FieldMode, []string{"mode", "type accueil", "type contact", "canal"}},
	{FieldAdminSituation, []string{"situation", "statut", "titre", "papiers"}},
	{FieldNationality, []string{"nationalite", "pays", "origine"}},
	{FieldThemes, []string{"theme", "thematique", "objet", "motif", "demande", "sujet",
		"domaine"}},
	{FieldDuration, []string{"duree", "temps"}},
	{FieldReferrals, []string{"orientation", "oriente", "partenaire"}},
	{FieldActions, []string{"action", "demarche"}},
	{FieldNote, []string{"commentaire", "note", "observation", "remarque", "info",
		"detail"}},
	{FieldPhone, []string{"telephone", "tel", "portable", "mobile"}},
	{FieldEmail, []string{"email", "courriel", "mail"}},
}

var apostrophes = strings.NewReplacer("'", " ", "\u2019", " ", "\u02bc", " ")

// headerWords folds a header into words, drops the one-letter leftovers of
// "(s)", "(e)", "d'", "l'" and "à", and the plural marks, so that
// "Thème(s)", "Thèmes" and "THEME" give the same words.
func headerWords(h string) []string {
	var out []string
	h = apostrophes.Replace(h) // "d'accueil": the "d" is dropped below
	for _, w := range backend.FoldWords(h) {
		switch {
		case w == "s" || w == "e" || w == "d" || w == "l" || w == "a":
			continue
		case len(w) > 3 && (strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x")) &&
			!strings.HasSuffix(w, "ss"):
			w = w[:len(w)-1]
		}
		out = append(out, w)
	}
	return out
}

// headerPattern is a pattern of headerRules, normalised once.
type headerPattern struct {
	field     string
	words     []string
	firstOnly bool // the header must start with words[0]
}

var headerPatterns = func() []headerPattern {
	var out []headerPattern
	for _, rule := range headerRules {
		for _, p := range rule.patterns {
			first, firstOnly := strings.CutPrefix(p, "^")
			out = append(out, headerPattern{rule.field, headerWords(first), firstOnly})
		}
	}
	return out
}()

// recogniseHeader returns the field a header names, or "".
func recogniseHeader(h string) string {
	words := headerWords(h)
	if len(words) == 0 {
		return ""
	}
	for _, p := range headerPatterns {
		if p.match(words) {
			return p.field
		}
	}
	return ""
}

func (p headerPattern) match(words []string) bool {
	if p.firstOnly {
		return words[0] == p.words[0]
	}
	for _, w := range p.words {
		if !slices.Contains(words, w) {
			return false
		}
	}
	return true
}

// layout tells which columns feed which field.
type layout struct {
	header  record
	byField map[string][]int
	byCol   []string // the field of each column, "" for none
}

func (l layout) has(field string) bool { return len(l.byField[field]) > 0 }

// headerText returns the header of the first column of field, for messages.
func (l layout) headerText(field string) string {
	if cols := l.byField[field]; len(cols) > 0 && cols[0] < len(l.header.cells) {
		if h := strings.TrimSpace(l.header.cells[cols[0]]); h != "" {
			return h
		}
	}
	return fieldLabel(field)
}

// recognise maps each header to a field; a second column naming a field that
// takes one column is left out.
func recognise(header record) layout {
	l := layout{header: header, byField: map[string][]int{},
		byCol: make([]string, len(header.cells))}
	known := map[string]string{} // a row of data may repeat a text many times
	for i, h := range header.cells {
		f, ok := known[h]
		if !ok {
			f = recogniseHeader(h)
			known[h] = f
		}
		if f == "" || l.has(f) && !multiFields[f] {
			continue
		}
		l.byCol[i] = f
		l.byField[f] = append(l.byField[f], i)
	}
	return l
}

// fromMapping checks a mapping chosen by hand.
func fromMapping(header record, m Mapping) (layout, error) {
	l := layout{header: header, byField: map[string][]int{},
		byCol: make([]string, len(header.cells))}
	cols := make([]int, 0, len(m))
	for col := range m {
		cols = append(cols, col)
	}
	slices.Sort(cols)
	for _, col := range cols {
		f := m[col]
		switch {
		case f == "":
			continue
		case col < 0 || col >= len(header.cells):
			return l, backend.Invalid("colonnes", "La colonne n° %d n'existe pas "+
				"dans le fichier.", col+1)
		case fieldLabel(f) == f:
			return l, backend.Invalid("colonnes", "Le champ « %s » n'existe pas.", f)
		case l.has(f) && !multiFields[f]:
			return l, backend.Invalid("colonnes", "Le champ « %s » est attribué à "+
				"plusieurs colonnes.", fieldLabel(f))
		}
		l.byCol[col] = f
		l.byField[f] = append(l.byField[f], col)
	}
	return l, nil
}

// headerSearchRows is how far from the top the header row may be, below a
// title or blank rows.
const headerSearchRows = 10

// findLayout finds the header row and returns its layout and the index of
// the first data record. The header is the first of the top rows where a date
// column and another known column are recognised; failing that, the first
// where a date column is ("Date d'édition : …" above the header has only the
// date). With a mapping and no such row, the first non-blank row is the header.
func findLayout(records []record, m Mapping) (layout, int, error) {
	first, withDate := -1, -1
	for i, rec := range records {
		if rec.blank() {
			continue
		}
		if first < 0 {
			first = i
		}
		if i-first >= headerSearchRows {
			break
		}
		l := recognise(rec)
		if !l.has(FieldDate) {
			continue
		}
		if withDate < 0 {
			withDate = i
		}
		if len(l.byField) >= 2 {
			withDate = i
			break
		}
	}
	switch {
	case first < 0:
		return layout{}, 0, backend.Invalid(fieldFile, "Le fichier ne contient aucune ligne.")
	case withDate < 0 && m == nil:
		return layout{}, 0, errNoDateColumn(records[first])
	case withDate < 0:
		withDate = first
	}
	header := records[withDate]
	if m == nil {
		return recognise(header), withDate + 1, nil
	}
	l, err := fromMapping(header, m)
	if err == nil && !l.has(FieldDate) {
		err = backend.Invalid("colonnes", "Choisissez la colonne qui donne la date de l'accueil.")
	}
	return l, withDate + 1, err
}

// errNoDateColumn names the missing column and lists the headers found, cut
// short: a file without a header row would otherwise echo a line of data.
func errNoDateColumn(header record) error {
	var found []string
	for _, h := range header.cells {
		if h = strings.TrimSpace(h); h != "" && len(found) < 20 {
			found = append(found, "« "+shorten(h, 30)+" »")
		}
	}
	list := "aucune"
	if len(found) > 0 {
		list = strings.Join(found, ", ")
	}
	e := backend.Invalid(fieldFile, "Colonne « Date » introuvable : il faut une colonne "+
		"donnant la date de l'accueil (« Date », « Date de passage », « Date d'accueil »…). "+
		"Colonnes trouvées : %s.", list)
	e.Err = ErrNoDateColumn
	return e
}

// ErrNoDateColumn is behind the error of a file whose date column was not
// recognised: the window then offers its columns to be mapped by hand.
var ErrNoDateColumn = errors.New("importer: no date column recognised")

// shorten cuts s to n runes, marking the cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// columns describes the columns for Preview.
func (l layout) columns() []Column {
	out := make([]Column, len(l.header.cells))
	for i, h := range l.header.cells {
		out[i] = Column{Index: i, Header: strings.TrimSpace(h), Field: l.byCol[i]}
	}
	return out
}

// String helps test failures read.
func (l layout) String() string { return fmt.Sprint(l.byField) }
