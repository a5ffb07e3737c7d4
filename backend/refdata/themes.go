package refdata

import (
	"strings"

	"pappu/backend"
)

// Theme codes that other packages name directly.
const (
	ThemeResidence = "sejour" // séjour, kind not stated
	ThemeOther     = "autre"
)

// themeEntries is the list of themes (thématiques), in display order.
// Aliases are what reception logs write in practice; they are matched after
// folding, so case, accents, hyphens and parentheses do not matter.
var themeEntries = []entry{
	{"sejour_premiere", "Séjour — première demande", []string{
		"première demande", "1ère demande", "première demande de titre",
		"première demande de titre de séjour", "régularisation",
		"admission exceptionnelle au séjour", "AES", "séjour première demande",
	}},
	{"sejour_renouvellement", "Séjour — renouvellement", []string{
		"renouvellement", "renouvellement de titre", "renouvellement de titre de séjour",
		"renouvellement titre de séjour", "séjour renouvellement",
	}},
	{"sejour_changement", "Séjour — changement de statut", []string{
		"changement de statut", "séjour changement de statut",
	}},
	{ThemeResidence, "Séjour (autre ou non précisé)", []string{
		"séjour", "titre de séjour", "titre séjour", "carte de séjour",
		"droit au séjour", "droit de séjour", "séjour autre", "ANEF", "récépissé",
	}},
	{"asile", "Asile", []string{
		"demande d'asile", "demandeur d'asile", "OFPRA", "CNDA", "Dublin",
		"procédure Dublin", "réexamen",
	}},
	{"regroupement_familial", "Regroupement familial", []string{
		"regroupement familiale", "réunification familiale", "RF",
		"rapprochement familial",
	}},
	{"naturalisation", "Naturalisation et nationalité", []string{
		"naturalisation", "nationalité", "nationalité française",
		"accès à la nationalité", "certificat de nationalité", "CNF",
		"déclaration de nationalité",
	}},
	{"visa", "Visa", []string{
		"visas", "visa long séjour", "visa court séjour", "demande de visa",
	}},
	{"travail", "Travail", []string{
		"emploi", "autorisation de travail", "droit du travail", "travail et emploi",
		"recherche d'emploi", "France Travail", "Pôle emploi",
	}},
	{"droits_sociaux", "Droits sociaux", []string{
		"droit social", "accès aux droits", "CAF", "RSA", "prestations sociales",
		"prestations familiales", "allocations familiales", "allocations", "APL",
		"AAH", "ASPA", "retraite", "MDPH", "minima sociaux", "aides sociales",
	}},
	{"sante", "Santé (AME, PUMa, CSS)", []string{
		"santé", "AME", "aide médicale d'État", "PUMa", "PUMe", "CSS",
		"complémentaire santé solidaire", "CMU", "CMU-C", "CMUC", "assurance maladie",
		"sécurité sociale", "CPAM", "accès aux soins", "soins", "santé AME",
		"couverture maladie",
	}},
	{"logement", "Logement et hébergement", []string{
		"logement", "hébergement", "hébergement d'urgence", "115", "SIAO", "DALO",
		"logement social", "hébergement logement", "logement hébergement",
	}},
	{"domiciliation", "Domiciliation", []string{
		"domicile", "élection de domicile", "adresse postale", "attestation de domiciliation",
	}},
	{"scolarite", "Scolarité", []string{
		"scolarisation", "école", "inscription scolaire", "éducation",
	}},
	{"etat_civil", "État civil", []string{
		"actes d'état civil", "acte de naissance", "acte d'état civil", "mariage",
		"PACS", "passeport", "documents d'identité", "état-civil",
	}},
	{"eloignement", "Éloignement, OQTF et recours", []string{
		"éloignement", "OQTF", "recours", "OQTF recours", "OQTF / recours",
		"éloignement / OQTF / recours", "obligation de quitter le territoire",
		"expulsion", "rétention", "CRA", "IRTF", "interdiction de retour",
		"contentieux", "recours contentieux", "tribunal administratif",
	}},
	{"violences", "Violences", []string{
		"violence", "violences conjugales", "violences intrafamiliales",
		"violences faites aux femmes", "VIF", "VSS", "traite",
		"traite des êtres humains",
	}},
	{ThemeOther, "Autre", []string{
		"autres", "divers", "information", "informations", "info", "information générale",
	}},
}

var themes = newCodedList(themeEntries)

// Themes returns the themes (thématiques) in display order.
func Themes() []backend.RefItem { return themes.list() }

// ThemeLabel returns the French label of a theme code, or the code itself.
func ThemeLabel(code string) string { return themes.label(code) }

// ResolveTheme returns the code of the theme s names, such as "Santé (AME)"
// or "CAF", ignoring case, accents and punctuation.
func ResolveTheme(s string) (code string, ok bool) { return themes.resolve(s) }

// ResolveThemeList resolves a cell that may name several themes separated by
// ",", ";" or "/". Since some themes hold a "/" themselves ("OQTF / recours"),
// it takes at each step the longest run of parts that names a theme. Codes
// come back once each, in the order found; parts that name no theme come
// back in unknown, trimmed.
func ResolveThemeList(s string) (codes, unknown []string) {
	parts := splitThemes(s)
	seen := map[string]bool{}
	for i := 0; i < len(parts); {
		code, n := longestTheme(parts[i:])
		if n == 0 {
			unknown = append(unknown, parts[i])
			i++
			continue
		}
		if !seen[code] {
			seen[code] = true
			codes = append(codes, code)
		}
		i += n
	}
	return codes, unknown
}

// maxThemeParts is the most "/"-separated parts a theme name holds.
const maxThemeParts = 4

// splitThemes cuts s at ",", ";" and "/", dropping empty parts.
func splitThemes(s string) []string {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '/' || r == '\n'
	})
	parts := fields[:0]
	for _, f := range fields {
		if f = strings.TrimSpace(f); f != "" {
			parts = append(parts, f)
		}
	}
	return parts
}

// longestTheme returns the theme named by the longest leading run of parts,
// and the length of that run (0 if even the first part names no theme).
// No theme spans more than maxThemeParts parts, which bounds the work.
func longestTheme(parts []string) (string, int) {
	for n := min(len(parts), maxThemeParts); n > 0; n-- {
		if code, ok := ResolveTheme(strings.Join(parts[:n], " / ")); ok {
			return code, n
		}
	}
	return "", 0
}
