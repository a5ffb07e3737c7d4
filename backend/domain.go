package backend

import (
	"time"
	_ "time/tzdata" // Europe/Paris on PCs without a zone database
)

// Organisation is a structure: an association or service running reception
// desks. A database holds one structure.
type Organisation struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Site is a place where the structure receives people (lieu d'accueil).
// The fields after Commune make the directory of reception places (see
// places.go); the structure's context fills only the first four.
type Site struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Address string `json:"address"`
	Commune string `json:"commune"`

	PartnerID     string        `json:"partnerId,omitempty"` // a partner's site; "" for ours
	PostalCode    string        `json:"postalCode,omitempty"`
	Phone         string        `json:"phone,omitempty"`
	Email         string        `json:"email,omitempty"`
	Website       string        `json:"website,omitempty"`
	Contacts      string        `json:"contacts,omitempty"`
	Themes        []string      `json:"themes,omitempty"`
	Languages     []string      `json:"languages,omitempty"`
	WalkIn        bool          `json:"walkIn,omitempty"`        // sans rendez-vous
	ByAppointment bool          `json:"byAppointment,omitempty"` // sur rendez-vous
	Publics       string        `json:"publics,omitempty"`       // publics received
	AccessNotes   string        `json:"accessNotes,omitempty"`
	Active        bool          `json:"active"`
	Geo           *GeoPosition  `json:"geo,omitempty"` // nil until geocoded
	Slots         []OpeningSlot `json:"slots,omitempty"`
	Closures      []Closure     `json:"closures,omitempty"`
}

// User is a worker or volunteer using PAPPU (intervenant, accueillant).
type User struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Role        string `json:"role"`
	Login       string `json:"login"`  // empty: the user cannot log in
	Active      bool   `json:"active"` // an inactive user keeps their history
}

// Setup is what the first start asks for: the structure, its first site and
// its first user.
type Setup struct {
	OrganisationName string `json:"organisationName"`
	SiteName         string `json:"siteName"`
	SiteCommune      string `json:"siteCommune"`
	UserName         string `json:"userName"`
	Login            string `json:"login"`    // the first user's login
	Password         string `json:"password"` // and password; never stored as is
}

// Context is what the window needs to know once set up.
type Context struct {
	Ready        bool         `json:"ready"`
	Organisation Organisation `json:"organisation"`
	Sites        []Site       `json:"sites"`
	Users        []User       `json:"users"`
}

// Sex codes, shared by persons and anonymous visits.
const (
	SexFemale  = "F"
	SexMale    = "M"
	SexOther   = "X" // autre
	SexUnknown = ""  // non renseigné
)

// Person is someone received (usager). Dates without time are YYYY-MM-DD;
// BirthDate may also be YYYY or YYYY-MM when only part of it is known.
type Person struct {
	ID                string `json:"id"`
	FileNumber        string `json:"fileNumber"`
	LastName          string `json:"lastName"`
	BirthName         string `json:"birthName"`
	FirstNames        string `json:"firstNames"`
	Sex               string `json:"sex"`
	BirthDate         string `json:"birthDate"`
	BirthPlace        string `json:"birthPlace"`
	Nationality       string `json:"nationality"`  // ISO 3166-1 alpha-2
	Nationality2      string `json:"nationality2"` // a second one, if any
	Languages         string `json:"languages"`
	InterpreterNeeded bool   `json:"interpreterNeeded"`
	Phone             string `json:"phone"`
	Email             string `json:"email"`
	Commune           string `json:"commune"`
	NoFixedAddress    bool   `json:"noFixedAddress"` // sans domicile stable / domiciliation
	FamilySituation   string `json:"familySituation"`
	Children          int    `json:"children"`
	ArrivalDate       string `json:"arrivalDate"` // arrival in France
	AdminSituation    string `json:"adminSituation"`
	ReferentID        string `json:"referentId"`
	// Restricted reserves the file to its referents: ReferentID, the users
	// in Referents, and administrators (see CanOpen).
	Restricted  bool      `json:"restricted"`
	Referents   []string  `json:"referents"`
	ConsentDate string    `json:"consentDate"`
	ConsentNote string    `json:"consentNote"` // the information given on consent
	Notes       string    `json:"notes"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
}

// PersonMatch is a person found by a search or as a possible duplicate.
type PersonMatch struct {
	ID          string `json:"id"`
	FileNumber  string `json:"fileNumber"`
	LastName    string `json:"lastName"`
	FirstNames  string `json:"firstNames"`
	BirthName   string `json:"birthName"`
	BirthDate   string `json:"birthDate"`
	Nationality string `json:"nationality"`
	// Restricted marks a file reserved to its referents that who asks may
	// not open: only its number is shown.
	Restricted bool `json:"restricted"`
	// Reason says why a duplicate was proposed: "same" (same folded names and
	// birth date) or "close" (close names); empty for search results.
	Reason string `json:"reason"`
}

// Visit modes (modes d'accueil) are coded reference rows; see refdata.
// Age brackets of anonymous visits.
var AgeBrackets = []string{"0-17", "18-25", "26-35", "36-45", "46-59", "60+"}

// Visit is one reception of a person (accueil, passage, entretien). A visit
// without PersonID is anonymous: only Sex, AgeBracket and Nationality describe
// who came.
type Visit struct {
	ID          string    `json:"id"`
	At          time.Time `json:"at"`
	SiteID      string    `json:"siteId"`
	UserID      string    `json:"userId"`
	PersonID    string    `json:"personId"`
	Sex         string    `json:"sex"`         // anonymous visits only
	AgeBracket  string    `json:"ageBracket"`  // anonymous visits only
	Nationality string    `json:"nationality"` // anonymous visits only
	Mode        string    `json:"mode"`
	DurationMin int       `json:"durationMin"`
	Themes      []string  `json:"themes"`
	Actions     string    `json:"actions"`
	Referrals   string    `json:"referrals"`
	Note        string    `json:"note"`
	PrivateNote string    `json:"privateNote"`
}

// Anonymous reports whether the visit identifies nobody.
func (v Visit) Anonymous() bool { return v.PersonID == "" }

// VisitRow is a visit as lists show it, with the names resolved.
type VisitRow struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	SiteName   string    `json:"siteName"`
	UserName   string    `json:"userName"`
	PersonID   string    `json:"personId"`
	PersonName string    `json:"personName"` // empty for anonymous visits
	FileNumber string    `json:"fileNumber"`
	Mode       string    `json:"mode"`
	Themes     []string  `json:"themes"`
}

// Period is a range of days in Europe/Paris, both ends included.
type Period struct {
	From string `json:"from"` // YYYY-MM-DD
	To   string `json:"to"`   // YYYY-MM-DD, inclusive
}

// Count is one line of a breakdown: a code, its label, and how many.
type Count struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	N     int    `json:"n"`
}

// Dashboard holds the figures of a period. Definitions, stated once:
//   - Visits counts every visit, anonymous ones included.
//   - Persons counts distinct persons with at least one visit in the period.
//   - NewPersons counts persons whose first visit ever falls in the period.
//   - AnonymousVisits counts visits that identify nobody; they never count
//     among persons.
//   - ByTheme counts a visit once under each of its themes, so shares add up
//     to more than 100 %.
//   - ByNationality, BySex and BySite count visits; for an identified visit
//     the person's current sex and nationality are used.
type Dashboard struct {
	Period          Period  `json:"period"`
	Visits          int     `json:"visits"`
	Persons         int     `json:"persons"`
	NewPersons      int     `json:"newPersons"`
	AnonymousVisits int     `json:"anonymousVisits"`
	ByTheme         []Count `json:"byTheme"`
	ByNationality   []Count `json:"byNationality"` // top 10, then "autres"
	BySex           []Count `json:"bySex"`
	BySite          []Count `json:"bySite"`
}

// RefItem is one row of a coded reference list.
type RefItem struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// Country is an ISO 3166-1 country with its French names.
type Country struct {
	Code      string `json:"code"`      // alpha-2
	Name      string `json:"name"`      // "Maroc"
	Masculine string `json:"masculine"` // "marocain"
	Feminine  string `json:"feminine"`  // "marocaine"
}

// References holds every coded list the window shows.
type References struct {
	Themes          []RefItem `json:"themes"`
	VisitModes      []RefItem `json:"visitModes"`
	AdminSituations []RefItem `json:"adminSituations"`
	Sexes           []RefItem `json:"sexes"`
	AgeBrackets     []string  `json:"ageBrackets"`
	Countries       []Country `json:"countries"`

	// Case files: procedure types and statuses, with each status's next
	// ones and each type's documents checklist.
	ProcedureTypes     []RefItem            `json:"procedureTypes"`
	ProcedureStatuses  []RefItem            `json:"procedureStatuses"`
	NextStatuses       map[string][]string  `json:"nextStatuses"`
	DocumentChecklists map[string][]RefItem `json:"documentChecklists"`
	// The partner directory and the support to partners.
	PartnerKinds     []RefItem `json:"partnerKinds"`
	SupportModes     []RefItem `json:"supportModes"`
	ReferralOutcomes []RefItem `json:"referralOutcomes"`
}
