package refdata

import "pappu/backend"

// Visit mode codes.
const (
	ModeWalkIn      = "walk_in"
	ModeAppointment = "appointment"
	ModePhone       = "phone"
	ModeEmail       = "email"
	ModeLetter      = "letter"
	ModeOutreach    = "outreach"
)

var visitModeEntries = []entry{
	{ModeWalkIn, "Sur place, sans rendez-vous", []string{
		"sur place", "sans rendez-vous", "sans RDV", "sur place sans RDV", "spontané",
		"passage", "passage spontané", "accueil", "accueil physique", "physique",
		"permanence", "présentiel", "en personne",
	}},
	{ModeAppointment, "Sur rendez-vous", []string{
		"rendez-vous", "RDV", "sur RDV", "avec rendez-vous", "avec RDV",
		"sur place sur rendez-vous", "entretien sur rendez-vous",
	}},
	{ModePhone, "Téléphone", []string{
		"tél", "tel", "téléphonique", "par téléphone", "appel",
		"appel téléphonique",
	}},
	{ModeEmail, "Courriel", []string{
		"mail", "e-mail", "email", "mél", "par mail", "par courriel", "messagerie",
	}},
	{ModeLetter, "Courrier", []string{
		"lettre", "par courrier", "courrier postal", "postal",
	}},
	{ModeOutreach, "Hors les murs (maraude)", []string{
		"hors les murs", "maraude", "aller vers", "extérieur", "visite à domicile",
		"en maraude", "permanence extérieure",
	}},
}

var visitModes = newCodedList(visitModeEntries)

// VisitModes returns the visit modes (modes d'accueil) in display order.
func VisitModes() []backend.RefItem { return visitModes.list() }

// VisitModeLabel returns the French label of a visit mode code, or the code.
func VisitModeLabel(code string) string { return visitModes.label(code) }

// ResolveVisitMode returns the code of the visit mode s names ("RDV", "tél").
func ResolveVisitMode(s string) (code string, ok bool) { return visitModes.resolve(s) }

// Administrative situation codes that other packages name directly.
const (
	SituationUnknown = "inconnue"
	SituationOther   = "autre"
)

var adminSituationEntries = []entry{
	{"sans_titre", "Sans titre de séjour", []string{
		"sans titre", "sans papiers", "sans papier", "sans-papiers", "irrégulier",
		"situation irrégulière", "en situation irrégulière", "sans droit au séjour",
		"sans document", "débouté", "débouté du droit d'asile", "déboutée",
	}},
	{"demandeur_asile", "Demandeur d'asile", []string{
		"demandeur d'asile", "demandeuse d'asile", "DA", "DADA", "asile",
		"attestation de demande d'asile", "en demande d'asile", "dubliné", "dublinée",
		"procédure Dublin",
	}},
	{"recepisse", "Récépissé", []string{
		"récépissé de demande de titre", "récépissé de titre de séjour",
		"attestation de prolongation d'instruction", "API", "attestation de dépôt",
		"récépissé de demande de carte de séjour",
	}},
	{"titre_sejour", "Titre de séjour (carte temporaire ou pluriannuelle)", []string{
		"titre de séjour", "titre", "carte de séjour", "carte de séjour temporaire",
		"carte temporaire", "CST", "carte pluriannuelle", "carte de séjour pluriannuelle",
		"titre de séjour temporaire", "VLS-TS", "régulier", "en situation régulière",
	}},
	{"carte_resident", "Carte de résident", []string{
		"carte de résident", "résident", "carte de 10 ans", "carte 10 ans",
		"résident longue durée", "résident longue durée UE", "carte de résident permanent",
	}},
	{"refugie", "Réfugié ou protection subsidiaire", []string{
		"réfugié", "réfugiée", "réfugié statutaire", "statut de réfugié",
		"protection subsidiaire", "protection internationale", "BPI",
		"bénéficiaire de la protection internationale", "bénéficiaire de la protection subsidiaire",
	}},
	{"aps", "Autorisation provisoire de séjour (APS)", []string{
		"APS", "autorisation provisoire de séjour",
	}},
	{"visa", "Visa", []string{
		"visa court séjour", "visa touristique", "visa de court séjour", "visa long séjour",
		"visa Schengen", "touriste",
	}},
	{"ue", "Ressortissant de l'UE, de l'EEE ou de Suisse", []string{
		"UE", "ressortissant UE", "ressortissante UE", "ressortissant européen",
		"citoyen européen", "citoyenne européenne", "européen", "européenne",
		"EEE", "communautaire", "ressortissant communautaire",
	}},
	{"francais", "Nationalité française", []string{
		"français", "française", "nationalité française", "naturalisé", "naturalisée",
	}},
	{"oqtf", "Sous OQTF", []string{
		"OQTF", "sous OQTF", "obligation de quitter le territoire", "IRTF",
		"mesure d'éloignement", "arrêté d'expulsion",
	}},
	{SituationOther, "Autre", []string{"autres", "divers"}},
	{SituationUnknown, "Inconnue", []string{
		"inconnu", "non connue", "non connu", "ne sait pas", "NSP", "non renseigné",
		"non renseignée", "NR",
	}},
}

var adminSituations = newCodedList(adminSituationEntries)

// AdminSituations returns the administrative situations in display order.
func AdminSituations() []backend.RefItem { return adminSituations.list() }

// AdminSituationLabel returns the French label of a situation code, or the code.
func AdminSituationLabel(code string) string { return adminSituations.label(code) }

// ResolveAdminSituation returns the code of the administrative situation s
// names ("Sans titre", "Récépissé", "APS").
func ResolveAdminSituation(s string) (code string, ok bool) {
	return adminSituations.resolve(s)
}

var sexEntries = []entry{
	{backend.SexFemale, "Femme", []string{
		"Mme", "Madame", "Mlle", "Mademoiselle", "féminin", "fém", "fille", "female",
		"woman", "W",
	}},
	{backend.SexMale, "Homme", []string{
		"H", "Monsieur", "M.", "Mr", "masculin", "masc", "garçon", "male", "man",
	}},
	{backend.SexOther, "Autre", []string{
		"non binaire", "non-binaire", "NB", "intersexe",
	}},
}

var sexes = newCodedList(sexEntries)

// Sexes returns the sexes: F "Femme", M "Homme", X "Autre".
func Sexes() []backend.RefItem { return sexes.list() }

// SexLabel returns the French label of a sex code, or the code itself.
func SexLabel(code string) string { return sexes.label(code) }

// ResolveSex returns the sex code s names: "F", "Mme", "Madame" give F;
// "M", "M.", "H", "Monsieur" give M (a lone "M" means homme).
func ResolveSex(s string) (code string, ok bool) { return sexes.resolve(s) }
