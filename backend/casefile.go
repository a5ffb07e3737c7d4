package backend

import "time"

// Procedure statuses (statuts d'une démarche). The codes are fixed: the
// transitions below are rules of the domain, and statistics group by code.
const (
	StatusToPrepare = "a_preparer"
	StatusFiled     = "depose"
	StatusReceipt   = "recepisse"
	StatusGranted   = "favorable"
	StatusRefused   = "defavorable"
	StatusAppeal    = "recours"
	StatusClosed    = "clos"
)

// ProcedureStatuses lists the statuses in their usual order, with labels.
var ProcedureStatuses = []RefItem{
	{Code: StatusToPrepare, Label: "À préparer"},
	{Code: StatusFiled, Label: "Déposé"},
	{Code: StatusReceipt, Label: "Récépissé"},
	{Code: StatusGranted, Label: "Décision favorable"},
	{Code: StatusRefused, Label: "Décision défavorable"},
	{Code: StatusAppeal, Label: "Recours"},
	{Code: StatusClosed, Label: "Clos"},
}

// transitions says which status may follow which. A decision needs a filing
// first; nothing follows "clos".
var transitions = map[string][]string{
	StatusToPrepare: {StatusFiled, StatusClosed},
	StatusFiled:     {StatusReceipt, StatusGranted, StatusRefused, StatusClosed},
	StatusReceipt:   {StatusGranted, StatusRefused, StatusClosed},
	StatusGranted:   {StatusClosed},
	StatusRefused:   {StatusAppeal, StatusClosed},
	StatusAppeal:    {StatusGranted, StatusRefused, StatusClosed},
	StatusClosed:    nil,
}

// NextStatuses returns the statuses a procedure in status from may move to.
func NextStatuses(from string) []string { return append([]string(nil), transitions[from]...) }

// CanMove reports whether a procedure may move from one status to another.
func CanMove(from, to string) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// StatusLabel returns the French label of a status code, or the code.
func StatusLabel(code string) string { return LabelOf(ProcedureStatuses, code) }

// LabelOf returns the label of code in a fixed coded list, or the code.
func LabelOf(items []RefItem, code string) string {
	for _, it := range items {
		if it.Code == code {
			return it.Label
		}
	}
	return code
}

// DocumentItem is one piece of a procedure's documents checklist.
type DocumentItem struct {
	Code     string `json:"code"`
	Label    string `json:"label"`
	Provided bool   `json:"provided"`
}

// Procedure is a démarche followed for a person: a residence permit, an
// asylum claim, health cover… Dates are YYYY-MM-DD or empty.
type Procedure struct {
	ID           string          `json:"id"`
	PersonID     string          `json:"personId"`
	Type         string          `json:"type"`   // ref list procedure_type
	Status       string          `json:"status"` // one of ProcedureStatuses
	Authority    string          `json:"authority"`
	Reference    string          `json:"reference"`
	SubmittedOn  string          `json:"submittedOn"`  // dépôt
	ReceiptUntil string          `json:"receiptUntil"` // récépissé valable jusqu'au
	DecisionOn   string          `json:"decisionOn"`
	PermitUntil  string          `json:"permitUntil"` // titre valable jusqu'au
	Outcome      string          `json:"outcome"`
	Documents    []DocumentItem  `json:"documents"`
	Notes        string          `json:"notes"`
	OpenedBy     string          `json:"openedBy"`
	CreatedAt    time.Time       `json:"createdAt"`
	UpdatedAt    time.Time       `json:"updatedAt"`
	Steps        []ProcedureStep `json:"steps"` // filled when one procedure is read
}

// ProcedureStep is one status change of a procedure, kept for ever.
type ProcedureStep struct {
	ID         string    `json:"id"`
	Seq        int       `json:"seq"`
	FromStatus string    `json:"fromStatus"` // "" for the opening
	ToStatus   string    `json:"toStatus"`
	Day        string    `json:"day"`
	UserID     string    `json:"userId"`
	UserName   string    `json:"userName"`
	Note       string    `json:"note"`
	At         time.Time `json:"at"` // when it was recorded
}

// StatusChange asks to move a procedure to a new status on a day, with the
// key date that comes with it (the receipt's end for "récépissé", the
// decision day for a decision…).
type StatusChange struct {
	ProcedureID string `json:"procedureId"`
	// FromStatus is the status the user saw; when given and no longer the
	// procedure's, someone moved it meanwhile and the change is refused.
	FromStatus string `json:"fromStatus"`
	ToStatus   string `json:"toStatus"`
	Day        string `json:"day"` // YYYY-MM-DD; "" = today
	Note       string `json:"note"`
	// Dates filled at the same time; empty ones are left as they were.
	SubmittedOn  string `json:"submittedOn"`
	ReceiptUntil string `json:"receiptUntil"`
	DecisionOn   string `json:"decisionOn"`
	PermitUntil  string `json:"permitUntil"`
	Outcome      string `json:"outcome"`
}

// ProcedureRow is a procedure as the case file lists it.
type ProcedureRow struct {
	ID           string    `json:"id"`
	Type         string    `json:"type"`
	TypeLabel    string    `json:"typeLabel"`
	Status       string    `json:"status"`
	StatusLabel  string    `json:"statusLabel"`
	NextDate     string    `json:"nextDate"`     // the next key date to come, if any
	NextDateKind string    `json:"nextDateKind"` // what it is: receiptUntil, permitUntil…
	UpdatedAt    time.Time `json:"updatedAt"`
}

// Partner kinds.
const (
	PartnerAssociation    = "association"
	PartnerAdministration = "administration"
	PartnerLawyer         = "avocat"
	PartnerHealth         = "sante"
	PartnerSocial         = "social"
	PartnerHousing        = "hebergement"
	PartnerOther          = "autre"
)

// Partner is an organisation of the directory (annuaire des partenaires).
type Partner struct {
	ID           string           `json:"id"`
	Name         string           `json:"name"`
	Kind         string           `json:"kind"` // ref list partner_kind
	Themes       []string         `json:"themes"`
	Organisation string           `json:"organisation"`
	Address      string           `json:"address"`
	PostalCode   string           `json:"postalCode"`
	Commune      string           `json:"commune"`
	Phone        string           `json:"phone"`
	Email        string           `json:"email"`
	Website      string           `json:"website"`
	Notes        string           `json:"notes"`
	Contacts     []PartnerContact `json:"contacts"`
}

// PartnerContact is a person to call at a partner.
type PartnerContact struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Role  string `json:"role"`
	Phone string `json:"phone"`
	Email string `json:"email"`
}

// PartnerQuery searches the directory; empty fields do not filter.
type PartnerQuery struct {
	Text    string `json:"text"` // words of the name, organisation or commune
	Kind    string `json:"kind"`
	Theme   string `json:"theme"`
	Commune string `json:"commune"`
	Limit   int    `json:"limit"`
}

// PartnerRow is a partner as lists show it.
type PartnerRow struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	KindLabel string `json:"kindLabel"`
	Commune   string `json:"commune"`
	Phone     string `json:"phone"`
}

// Referral outcomes (suites d'une orientation).
const (
	ReferralPending = "pending" // en attente
	ReferralTaken   = "taken"   // pris en charge
	ReferralRefused = "refused" // refusé
	ReferralNoNews  = "no_news" // sans nouvelles
)

// ReferralOutcomes lists the outcomes with their labels.
var ReferralOutcomes = []RefItem{
	{Code: ReferralPending, Label: "En attente"},
	{Code: ReferralTaken, Label: "Pris en charge"},
	{Code: ReferralRefused, Label: "Refusé"},
	{Code: ReferralNoNews, Label: "Sans nouvelles"},
}

// Referral sends a person, from a visit, to a partner (orientation).
type Referral struct {
	ID          string    `json:"id"`
	PersonID    string    `json:"personId"` // "" for an anonymous visit
	VisitID     string    `json:"visitId"`
	PartnerID   string    `json:"partnerId"`
	PartnerName string    `json:"partnerName"`
	UserID      string    `json:"userId"`
	Day         string    `json:"day"`
	Reason      string    `json:"reason"`
	Outcome     string    `json:"outcome"`
	OutcomeOn   string    `json:"outcomeOn"`
	CreatedAt   time.Time `json:"createdAt"`
}

// NewReferrals refers the person of a visit to one or more partners at once.
type NewReferrals struct {
	VisitID    string   `json:"visitId"`
	PersonID   string   `json:"personId"` // may be given without a visit
	PartnerIDs []string `json:"partnerIds"`
	Reason     string   `json:"reason"`
	Day        string   `json:"day"` // "" = the visit's day, else today
}

// Support modes of the support given to partners.
const (
	SupportPhone    = "telephone"
	SupportEmail    = "mail"
	SupportMeeting  = "rendez_vous"
	SupportTraining = "formation"
	SupportGroup    = "reunion"
)

// PartnerSupport is one piece of help given to a partner professional
// (appui aux partenaires): a question answered, a training, a meeting.
type PartnerSupport struct {
	ID          string   `json:"id"`
	Day         string   `json:"day"`
	PartnerID   string   `json:"partnerId"`
	PartnerName string   `json:"partnerName"`
	ContactID   string   `json:"contactId"`
	ContactName string   `json:"contactName"` // filled on reading
	UserID      string   `json:"userId"`
	Mode        string   `json:"mode"` // ref list support_mode
	Themes      []string `json:"themes"`
	DurationMin int      `json:"durationMin"`
	Question    string   `json:"question"`
	Answer      string   `json:"answer"`
	FollowUp    bool     `json:"followUp"`
}

// SupportFigures are the dashboard's figures of the support to partners over
// a period. Definitions: Count counts support records; Minutes sums their
// durations; ByKind counts records under their partner's kind; ByTheme counts
// a record once under each of its themes; ByMode counts records by mode.
type SupportFigures struct {
	Period  Period  `json:"period"`
	Count   int     `json:"count"`
	Minutes int     `json:"minutes"`
	ByKind  []Count `json:"byKind"`
	ByTheme []Count `json:"byTheme"`
	ByMode  []Count `json:"byMode"`
}

// TimelineEntry is one event of a case file, in date order: a visit, a
// procedure's step, a referral (and its outcome).
type TimelineEntry struct {
	Day    string    `json:"day"`
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"` // visit, step, referral
	ID     string    `json:"id"`   // the visit, procedure or referral
	Title  string    `json:"title"`
	Detail string    `json:"detail"`
}

// CaseFile is the person page: identity, procedures with their next key
// date, referrals and the timeline of everything, newest first.
type CaseFile struct {
	Person     Person          `json:"person"`
	Procedures []ProcedureRow  `json:"procedures"`
	Referrals  []Referral      `json:"referrals"`
	Timeline   []TimelineEntry `json:"timeline"`
}
