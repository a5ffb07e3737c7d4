package backend

import (
	"fmt"
	"time"
)

// Retention: persons without any visit for RetentionYears years (without
// any visit at all: since their file was created) are anonymised.
const (
	SettingRetentionYears = "retention_years" // key in the local settings
	DefaultRetentionYears = 5
	MinRetentionYears     = 1
	MaxRetentionYears     = 30
)

// SystemActor is the user id the audit log gives the system itself, such
// as the retention job, when it writes what must be audited.
const SystemActor = "systeme"

// CheckRetentionYears checks a retention period typed by an administrator.
// A zero or negative period would anonymise every file at the next run, so
// it is refused rather than clamped.
func CheckRetentionYears(years int) error {
	if years < MinRetentionYears || years > MaxRetentionYears {
		return Invalid(SettingRetentionYears,
			"La durée de conservation doit être comprise entre %d et %d ans (%d donné).",
			MinRetentionYears, MaxRetentionYears, years)
	}
	return nil
}

// Anonymised returns what is kept of a person once anonymised. The rule is
// "codes stay, text and dates go": only coded values that statistics group
// by survive (sex, nationalities, administrative situation, the yes/no
// answers and the number of children), the birth date shrinks to its year,
// and the file number stays: it identifies nobody by itself and keeps the
// person's visits together, so "persons received" stays right. Names,
// places, contacts, languages, notes, the referent and every other date go.
// A field added to Person later is dropped unless it is named here.
func (p Person) Anonymised() Person {
	return Person{
		ID:                p.ID,
		FileNumber:        p.FileNumber,
		Sex:               p.Sex,
		BirthDate:         BirthYear(p.BirthDate),
		Nationality:       p.Nationality,
		Nationality2:      p.Nationality2,
		InterpreterNeeded: p.InterpreterNeeded,
		NoFixedAddress:    p.NoFixedAddress,
		Children:          p.Children,
		AdminSituation:    p.AdminSituation,
		Referents:         []string{},
		CreatedAt:         p.CreatedAt,
		UpdatedAt:         p.UpdatedAt,
	}
}

// BirthYear reduces a full or partial date to its year ("" when unknown).
func BirthYear(date string) string {
	if len(date) < 4 {
		return ""
	}
	return date[:4]
}

// Anonymised returns what is kept of a visit of an anonymised person: when,
// where, by whom, how and about what; the free text (actions, referrals,
// notes) goes.
func (v Visit) Anonymised() Visit {
	v.Actions, v.Referrals, v.Note, v.PrivateNote = "", "", "", ""
	return v
}

// PersonExport is everything PAPPU holds on one person, as given to them
// when they exercise their right of access (article 15 of the GDPR).
type PersonExport struct {
	GeneratedAt  time.Time `json:"generatedAt"`
	Organisation string    `json:"organisation"`
	Person       Person    `json:"person"`
	// Labels are the French names of the person's codes, for reading.
	Labels PersonLabels `json:"labels"`
	// AnonymisedAt is when the file was anonymised; zero if it never was.
	AnonymisedAt time.Time       `json:"anonymisedAt,omitzero"`
	Visits       []ExportedVisit `json:"visits"`
	// Procedures are the person's procedures with their steps; Referrals
	// their referrals to partners; Tasks the tasks about them.
	Procedures []Procedure `json:"procedures"`
	Referrals  []Referral  `json:"referrals"`
	Tasks      []Task      `json:"tasks"`
	// History lists the audit log's entries about the person and their
	// visits: who, when, what, which fields (never the values).
	History []HistoryEntry `json:"history"`
}

// PersonLabels names the codes of a person's record.
type PersonLabels struct {
	Sex            string `json:"sex"`
	Nationality    string `json:"nationality"`
	Nationality2   string `json:"nationality2"`
	AdminSituation string `json:"adminSituation"`
	Referent       string `json:"referent"`
}

// ExportedVisit is a visit with its site, user, mode and themes named.
type ExportedVisit struct {
	ID          string    `json:"id"`
	At          time.Time `json:"at"`
	Site        string    `json:"site"`
	User        string    `json:"user"`
	Mode        RefItem   `json:"mode"`
	DurationMin int       `json:"durationMin"`
	Themes      []RefItem `json:"themes"`
	Actions     string    `json:"actions"`
	Referrals   string    `json:"referrals"`
	Note        string    `json:"note"`
	PrivateNote string    `json:"privateNote"`
}

// HistoryEntry is one line of the audit log about a person or their visits.
type HistoryEntry struct {
	At       time.Time `json:"at"`
	UserID   string    `json:"userId"`
	UserName string    `json:"userName"` // empty for the system
	Action   string    `json:"action"`   // create, update, anonymise, export…
	Entity   string    `json:"entity"`   // person or visit
	EntityID string    `json:"entityId"`
	Fields   []string  `json:"fields"`
}

// RegistrySettings is what the registry of processing activities is
// generated from: the structure's own answers and its retention period.
type RegistrySettings struct {
	Organisation string `json:"organisation"`
	// Contact is where persons exercise their rights: an address, an email.
	Contact string `json:"contact"`
	// DPO names the data protection officer, if the structure has one.
	DPO            string `json:"dpo"`
	RetentionYears int    `json:"retentionYears"`
	// LegalBasis replaces the default legal basis when the structure's
	// counsel chose another.
	LegalBasis string `json:"legalBasis"`
	// EncryptedBackups tells whether the structure's backups are encrypted.
	EncryptedBackups bool `json:"encryptedBackups"`
}

// Registry is the registry of processing activities (registre des
// traitements, article 30 of the GDPR) for PAPPU's one processing.
type Registry struct {
	Title        string            `json:"title"`
	Processing   string            `json:"processing"`
	Controller   string            `json:"controller"`
	Contact      string            `json:"contact"`
	DPO          string            `json:"dpo"`
	Purposes     []string          `json:"purposes"`
	LegalBasis   string            `json:"legalBasis"`
	DataSubjects []string          `json:"dataSubjects"`
	Data         []RegistryData    `json:"data"`
	Access       []RegistryAccess  `json:"access"`
	Recipients   []string          `json:"recipients"`
	Transfers    string            `json:"transfers"`
	Security     []string          `json:"security"`
	Rights       []string          `json:"rights"`
	Sections     []RegistrySection `json:"sections"`
}

// RegistryData is one category of data kept: what, why, for how long.
type RegistryData struct {
	Category  string   `json:"category"`
	Items     []string `json:"items"`
	Why       string   `json:"why"`
	Retention string   `json:"retention"`
}

// RegistryAccess says what one role may see and do.
type RegistryAccess struct {
	Role  string   `json:"role"`
	Label string   `json:"label"`
	Sees  []string `json:"sees"`
}

// RegistrySection is a titled block of the registry as a page shows it, in
// order; it repeats the fields above as text.
type RegistrySection struct {
	Title string   `json:"title"`
	Lines []string `json:"lines"`
}

// registryAccessRights are the actions the registry explains, in order.
var registryAccessRights = []struct{ action, text string }{
	{ActPersonRead, "l'identité et les coordonnées des personnes"},
	{ActVisitRead, "les accueils : date, lieu, thématiques, notes partagées"},
	{ActPrivateNote, "les notes privées des accueils"},
	{ActCaseDetails, "le détail des démarches et les notes du dossier"},
	{ActStats, "les statistiques, anonymes"},
	{ActExport, "les exports de données"},
	{ActPrivacyRequest, "les demandes d'accès et d'effacement des personnes"},
	{ActAudit, "le journal des accès et des modifications"},
	{ActSettings, "les réglages, dont la durée de conservation"},
	{ActUsers, "les comptes des utilisateurs"},
}

// defaultLegalBasis is offered until the structure states its own.
const defaultLegalBasis = "Consentement de la personne (articles 6.1.a et 9.2.a du RGPD), " +
	"recueilli lors du premier accueil : sa date et l'information donnée sont notées " +
	"dans le dossier. Statistiques : intérêt légitime de la structure à rendre compte " +
	"de son activité (article 6.1.f), sur des chiffres anonymes."

// NewRegistry builds the registry of processing activities from the
// settings. (It cannot be called Registry: that is the type's name.)
func NewRegistry(s RegistrySettings) Registry {
	if s.RetentionYears == 0 {
		s.RetentionYears = DefaultRetentionYears
	}
	years := fmt.Sprintf("%d ans", s.RetentionYears)
	if s.RetentionYears == 1 {
		years = "1 an"
	}
	r := Registry{
		Title: "Registre des activités de traitement",
		Processing: "Accueil, accompagnement et suivi des personnes étrangères " +
			"dans l'accès à leurs droits",
		Controller: orDefault(s.Organisation, "(nom de la structure à compléter)"),
		Contact:    orDefault(s.Contact, "(adresse ou courriel à compléter)"),
		DPO:        orDefault(s.DPO, "Pas de délégué à la protection des données désigné"),
		Purposes: []string{
			"Accueillir les personnes et garder la trace de leurs passages.",
			"Suivre leurs démarches (séjour, asile, santé, droits sociaux) et les " +
				"orienter vers les partenaires.",
			"Rendre compte de l'activité aux financeurs par des statistiques anonymes.",
		},
		LegalBasis: orDefault(s.LegalBasis, defaultLegalBasis),
		DataSubjects: []string{
			"Les personnes reçues (usagers).",
			"Les intervenants et accueillants qui utilisent PAPPU.",
		},
		Data: []RegistryData{
			{Category: "Identité et coordonnées",
				Items: []string{"nom, nom de naissance, prénoms", "sexe, date et lieu de naissance",
					"nationalités, langues parlées, besoin d'interprète",
					"téléphone, courriel, commune ou domiciliation",
					"situation familiale, nombre d'enfants", "date d'arrivée en France",
					"date du consentement et information donnée"},
				Why: "Reconnaître la personne d'un passage à l'autre et la joindre.",
				Retention: "Jusqu'à " + years + " après le dernier accueil (après la création " +
					"du dossier s'il n'y a eu aucun accueil), puis anonymisation : seuls " +
					"restent le sexe, l'année de naissance, les nationalités et les " +
					"réponses codées utiles aux statistiques."},
			{Category: "Situation administrative et démarches",
				Items: []string{"situation administrative", "démarches, dates clés, décisions"},
				Why:   "Accompagner la personne dans ses démarches.",
				Retention: "Jusqu'à " + years + " après le dernier accueil ; la situation " +
					"administrative est ensuite gardée sous forme codée, sans lien avec une identité."},
			{Category: "Accueils",
				Items: []string{"date, lieu, intervenant, mode et durée",
					"thématiques abordées", "actions, orientations, notes partagées et privées"},
				Why: "Suivre l'accompagnement et compter l'activité.",
				Retention: "Les textes libres (actions, orientations, notes) sont effacés à " +
					"l'anonymisation, " + years + " après le dernier accueil ; la date, le " +
					"lieu, le mode et les thématiques restent pour les statistiques."},
			{Category: "Journal des accès",
				Items: []string{"qui a créé, modifié, exporté ou anonymisé quel dossier, " +
					"quand, et quels champs (jamais leur contenu)"},
				Why: "Sécurité et preuve du respect des règles.",
				Retention: "Conservé sans limite à ce jour ; il ne contient aucune " +
					"donnée saisie."},
		},
		Recipients: []string{
			"Les utilisateurs habilités de la structure, selon leur rôle (voir ci-dessous).",
			"Les partenaires vers lesquels la personne est orientée, pour ce qu'elle " +
				"accepte de leur transmettre.",
			"Les financeurs et le réseau ne reçoivent que des statistiques anonymes.",
		},
		Transfers: "Aucun transfert hors de l'Union européenne : les données restent sur " +
			"les postes de la structure.",
		Rights: []string{
			"Droit d'accès : export du dossier complet (PDF ou JSON) sur demande.",
			"Droit de rectification : correction du dossier par un intervenant.",
			"Droit à l'effacement : anonymisation du dossier sur demande.",
			"Réclamation possible auprès de la CNIL (www.cnil.fr).",
			"Demandes à adresser à : " + orDefault(s.Contact, "(à compléter)") + ".",
		},
	}
	r.Access = registryAccess()
	r.Security = registrySecurity(s)
	r.Sections = registrySections(r)
	return r
}

func registryAccess() []RegistryAccess {
	var out []RegistryAccess
	for _, role := range Roles {
		a := RegistryAccess{Role: role.Code, Label: role.Label, Sees: []string{}}
		for _, right := range registryAccessRights {
			if Can(role.Code, right.action) {
				a.Sees = append(a.Sees, right.text)
			}
		}
		out = append(out, a)
	}
	return out
}

func registrySecurity(s RegistrySettings) []string {
	out := []string{
		"Comptes personnels, mot de passe robuste, rôles limitant ce que chacun voit.",
		"Journal des accès et des modifications, protégé contre la modification et " +
			"l'effacement ; il ne contient jamais le contenu des champs.",
		"Anonymisation automatique à l'échéance de la durée de conservation ; les données " +
			"effacées sont écrasées dans le fichier de la base.",
		"Journaux techniques sans donnée personnelle : une personne y est désignée par son " +
			"numéro de dossier.",
	}
	if s.EncryptedBackups {
		out = append(out, "Sauvegardes chiffrées.")
	} else {
		out = append(out, "Sauvegardes : à chiffrer (non activé à ce jour).")
	}
	return out
}

func registrySections(r Registry) []RegistrySection {
	data := []string{}
	for _, d := range r.Data {
		data = append(data, fmt.Sprintf("%s : %s. Pourquoi : %s Durée : %s",
			d.Category, joinList(d.Items), d.Why, d.Retention))
	}
	access := []string{}
	for _, a := range r.Access {
		access = append(access, fmt.Sprintf("%s : %s.", a.Label, joinList(a.Sees)))
	}
	return []RegistrySection{
		{Title: "Responsable du traitement", Lines: []string{r.Controller,
			"Contact : " + r.Contact, "Délégué à la protection des données : " + r.DPO}},
		{Title: "Finalités", Lines: r.Purposes},
		{Title: "Base légale", Lines: []string{r.LegalBasis}},
		{Title: "Personnes concernées", Lines: r.DataSubjects},
		{Title: "Données conservées, raisons et durées", Lines: data},
		{Title: "Qui y a accès", Lines: access},
		{Title: "Destinataires", Lines: r.Recipients},
		{Title: "Transferts hors de l'Union européenne", Lines: []string{r.Transfers}},
		{Title: "Mesures de sécurité", Lines: r.Security},
		{Title: "Droits des personnes", Lines: r.Rights},
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// joinList joins French list items: "a, b et c".
func joinList(items []string) string {
	switch len(items) {
	case 0:
		return "rien"
	case 1:
		return items[0]
	}
	out := items[0]
	for _, it := range items[1 : len(items)-1] {
		out += ", " + it
	}
	return out + " et " + items[len(items)-1]
}
