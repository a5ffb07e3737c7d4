package refdata

import "pappu/backend"

// Procedure type codes that other packages name directly.
const (
	ProcedureFirstPermit = "premiere_demande"
	ProcedureRenewal     = "renouvellement"
	ProcedureAsylum      = "asile"
	ProcedureOther       = "autre"
)

var procedureTypeEntries = []entry{
	{ProcedureFirstPermit, "Première demande de titre de séjour", []string{
		"première demande", "premiere demande", "demande de titre", "1ère demande",
		"admission exceptionnelle au séjour", "AES", "régularisation",
	}},
	{ProcedureRenewal, "Renouvellement de titre de séjour", []string{
		"renouvellement", "renouvellement de titre", "renouvellement de carte",
	}},
	{"changement_statut", "Changement de statut", []string{
		"changement de statut", "changement de titre", "changement de motif",
	}},
	{"regroupement_familial", "Regroupement familial", []string{
		"regroupement familial", "RF", "rapprochement familial", "réunification familiale",
	}},
	{"naturalisation", "Naturalisation", []string{
		"naturalisation", "nationalité française", "demande de nationalité",
		"déclaration de nationalité",
	}},
	{ProcedureAsylum, "Demande d'asile", []string{
		"asile", "demande d'asile", "OFPRA", "GUDA", "SPADA",
	}},
	{"reexamen", "Réexamen de la demande d'asile", []string{
		"réexamen", "reexamen", "demande de réexamen",
	}},
	{"recours_cnda", "Recours devant la CNDA", []string{
		"CNDA", "recours CNDA", "Cour nationale du droit d'asile",
	}},
	{"recours_ta", "Recours au tribunal administratif", []string{
		"tribunal administratif", "TA", "recours TA", "recours contentieux",
		"recours contre une OQTF",
	}},
	{"ame", "Aide médicale de l'État (AME)", []string{
		"AME", "aide médicale d'état", "aide médicale",
	}},
	{"puma_css", "PUMa / Complémentaire santé solidaire", []string{
		"PUMa", "CSS", "CMU", "CMU-C", "complémentaire santé solidaire",
		"protection universelle maladie", "sécurité sociale", "assurance maladie",
	}},
	{"caf", "Droits CAF", []string{
		"CAF", "allocations familiales", "RSA", "APL", "prestations familiales",
	}},
	{"domiciliation", "Domiciliation", []string{
		"domiciliation", "élection de domicile", "attestation de domiciliation",
	}},
	{"etat_civil", "État civil", []string{
		"état civil", "acte de naissance", "reconstitution d'état civil", "OFPRA état civil",
	}},
	{ProcedureOther, "Autre démarche", []string{"autre", "autres", "divers"}},
}

var procedureTypes = newCodedList(procedureTypeEntries)

// ProcedureTypes returns the procedure types (types de démarche) in display
// order.
func ProcedureTypes() []backend.RefItem { return procedureTypes.list() }

// ProcedureTypeLabel returns the French label of a procedure type, or the code.
func ProcedureTypeLabel(code string) string { return procedureTypes.label(code) }

// Documents that many procedures ask for.
var (
	docPassport    = backend.RefItem{Code: "passeport", Label: "Passeport (toutes les pages utilisées)"}
	docBirth       = backend.RefItem{Code: "acte_naissance", Label: "Acte de naissance avec filiation"}
	docAddress     = backend.RefItem{Code: "justificatif_domicile", Label: "Justificatif de domicile de moins de 3 mois"}
	docPhotos      = backend.RefItem{Code: "photos", Label: "3 photos d'identité aux normes"}
	docTaxStamp    = backend.RefItem{Code: "timbre_fiscal", Label: "Timbre fiscal"}
	docPermit      = backend.RefItem{Code: "titre_actuel", Label: "Titre de séjour actuel ou récépissé"}
	docResources   = backend.RefItem{Code: "ressources", Label: "Justificatifs de ressources (bulletins de salaire, avis d'imposition)"}
	docFamily      = backend.RefItem{Code: "livret_famille", Label: "Acte de mariage ou livret de famille"}
	docDecision    = backend.RefItem{Code: "decision_contestee", Label: "Copie de la décision contestée et de son enveloppe"}
	docAidForm     = backend.RefItem{Code: "aide_juridictionnelle", Label: "Demande d'aide juridictionnelle"}
	docIdentity    = backend.RefItem{Code: "piece_identite", Label: "Pièce d'identité ou tout document d'identité"}
	docDomiciled   = backend.RefItem{Code: "attestation_domiciliation", Label: "Attestation de domiciliation"}
	docAsylumProof = backend.RefItem{Code: "attestation_asile", Label: "Attestation de demande d'asile"}
)

// checklists are the documents each procedure type usually asks for.
var checklists = map[string][]backend.RefItem{
	ProcedureFirstPermit: {docPassport, docBirth, docAddress, docPhotos, docTaxStamp,
		{Code: "presence_france", Label: "Preuves de présence en France (par année)"},
		{Code: "insertion", Label: "Justificatifs d'insertion (travail, formation, bénévolat)"}},
	ProcedureRenewal: {docPassport, docPermit, docAddress, docPhotos, docTaxStamp,
		{Code: "motif_sejour", Label: "Justificatifs du motif de séjour (travail, études, famille)"}},
	"changement_statut": {docPassport, docPermit, docAddress, docPhotos, docTaxStamp,
		{Code: "nouveau_motif", Label: "Justificatifs du nouveau motif (contrat, autorisation de travail)"}},
	"regroupement_familial": {docPassport, docPermit, docResources, docFamily,
		{Code: "logement", Label: "Bail ou titre de propriété du logement"},
		{Code: "actes_naissance_enfants", Label: "Actes de naissance des enfants"}},
	"naturalisation": {docPassport, docPermit, docBirth, docResources, docAddress, docTaxStamp,
		{Code: "diplome_langue", Label: "Diplôme ou attestation de niveau de français (B1)"},
		{Code: "casier_judiciaire", Label: "Extrait de casier judiciaire du pays d'origine"}},
	ProcedureAsylum: {docIdentity, docPhotos, docDomiciled,
		{Code: "formulaire_ofpra", Label: "Formulaire OFPRA rempli en français"},
		{Code: "recit", Label: "Récit des craintes de persécution"},
		{Code: "preuves_persecution", Label: "Documents à l'appui du récit"}},
	"reexamen": {docAsylumProof, docDomiciled,
		{Code: "decision_cnda", Label: "Décision CNDA ou OFPRA précédente"},
		{Code: "elements_nouveaux", Label: "Éléments nouveaux et leur date"}},
	"recours_cnda": {docDecision, docAidForm, docAsylumProof,
		{Code: "recit_traduit", Label: "Récit traduit en français"}},
	"recours_ta": {docDecision, docAidForm, docPassport, docAddress,
		{Code: "preuves_vie_privee", Label: "Preuves des attaches en France"}},
	"ame": {docIdentity, docAddress, docResources,
		{Code: "presence_3_mois", Label: "Preuve de présence en France depuis plus de 3 mois"},
		{Code: "formulaire_ame", Label: "Formulaire de demande d'AME (Cerfa 11573)"}},
	"puma_css": {docIdentity, docPermit, docAddress, docResources, docBirth,
		{Code: "rib", Label: "Relevé d'identité bancaire"}},
	"caf": {docIdentity, docPermit, docAddress, docResources, docFamily,
		{Code: "rib", Label: "Relevé d'identité bancaire"},
		{Code: "certificat_ofii", Label: "Certificat médical OFII des enfants (si regroupement)"}},
	"domiciliation": {docIdentity,
		{Code: "formulaire_domiciliation", Label: "Formulaire de demande d'élection de domicile (Cerfa 15548)"}},
	"etat_civil": {docIdentity,
		{Code: "actes_existants", Label: "Copies des actes existants"},
		{Code: "formulaire_etat_civil", Label: "Formulaire de demande d'acte"}},
	ProcedureOther: {docIdentity, docAddress},
}

// DocumentChecklist returns the documents a procedure type usually asks
// for, in the order a worker checks them; an unknown type gets none.
func DocumentChecklist(procedureType string) []backend.RefItem {
	return append([]backend.RefItem(nil), checklists[procedureType]...)
}

// DocumentChecklists returns every type's checklist, for the window.
func DocumentChecklists() map[string][]backend.RefItem {
	out := make(map[string][]backend.RefItem, len(checklists))
	for code := range checklists {
		out[code] = DocumentChecklist(code)
	}
	return out
}
