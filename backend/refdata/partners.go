package refdata

import "pappu/backend"

// partnerKindEntries is the list of partner kinds (types de partenaires).
// Aliases are what directories and spreadsheets write: the body that runs a
// place ("préfecture", "CAF") or the kind of place ("SPADA", "CADA").
var partnerKindEntries = []entry{
	{backend.PartnerAssociation, "Association", []string{
		"asso", "associatif", "associative", "ONG", "collectif", "bénévoles",
		// Places run by associations under a State agreement.
		"SPADA", "PADA", "PAADE", "plateforme d'accueil des demandeurs d'asile",
		"CADA", "HUDA", "centre social", "permanence juridique",
	}},
	{backend.PartnerAdministration, "Administration", []string{
		"préfecture", "prefecture", "sous-préfecture", "sous-prefecture", "OFII", "OFPRA",
		"CNDA", "CAF", "CPAM", "CARSAT", "mairie", "ville", "commune", "département",
		"conseil départemental", "région", "État", "service public", "tribunal",
		"tribunal administratif", "guichet unique", "GUDA", "France Travail",
		"Pôle emploi", "administration publique", "service de l'État",
	}},
	{backend.PartnerLawyer, "Avocat", []string{
		"avocats", "avocate", "cabinet d'avocats", "barreau", "ordre des avocats",
		"juriste", "conseil juridique",
	}},
	{backend.PartnerHealth, "Santé", []string{
		"sante", "médical", "medical", "hôpital", "hopital", "PASS", "centre de santé",
		"médecin", "PMI", "CMP", "soins", "psychologue",
	}},
	{backend.PartnerSocial, "Social", []string{
		"CCAS", "service social", "assistante sociale", "assistant social", "MDS",
		"maison départementale de la solidarité", "travailleur social", "action sociale",
	}},
	{backend.PartnerHousing, "Hébergement", []string{
		"hebergement", "logement", "115", "SIAO", "CHRS", "foyer", "hôtel social",
		"accueil de jour", "mise à l'abri",
	}},
	{backend.PartnerOther, "Autre", []string{"autres", "divers", "non précisé"}},
}

var partnerKinds = newCodedList(partnerKindEntries)

// PartnerKinds returns the partner kinds in display order.
func PartnerKinds() []backend.RefItem { return partnerKinds.list() }

// PartnerKindLabel returns the French label of a partner kind, or the code.
func PartnerKindLabel(code string) string { return partnerKinds.label(code) }

// ResolvePartnerKind returns the kind s names ("préfecture", "SPADA", "asso").
func ResolvePartnerKind(s string) (code string, ok bool) { return partnerKinds.resolve(s) }

var supportModeEntries = []entry{
	{backend.SupportPhone, "Téléphone", []string{
		"tél", "tel", "telephone", "appel", "téléphonique", "par téléphone",
	}},
	{backend.SupportEmail, "Courriel", []string{
		"e-mail", "email", "mél", "courriel", "par mail", "messagerie",
	}},
	{backend.SupportMeeting, "Rendez-vous", []string{
		"RDV", "rendez vous", "entretien", "sur place",
	}},
	{backend.SupportTraining, "Formation", []string{
		"session de formation", "atelier", "sensibilisation",
	}},
	{backend.SupportGroup, "Réunion", []string{
		"reunion", "réunion de réseau", "comité", "groupe de travail", "visioconférence",
	}},
}

var supportModes = newCodedList(supportModeEntries)

// SupportModes returns the modes of the support to partners, in display order.
func SupportModes() []backend.RefItem { return supportModes.list() }
