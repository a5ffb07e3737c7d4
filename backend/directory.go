package backend

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"
)

// PartnerPage is what the partner page shows: the partner with its
// contacts, the referrals sent to it and the support given to it, newest
// first.
type PartnerPage struct {
	Partner   Partner          `json:"partner"`
	KindLabel string           `json:"kindLabel"`
	Referrals []ReferralRow    `json:"referrals"`
	Supports  []PartnerSupport `json:"supports"`
}

// ReferralRow is a referral as lists show it, with the names resolved and
// its age in days (how long it has waited, for pending ones).
type ReferralRow struct {
	Referral
	PersonName   string `json:"personName"` // "" for an anonymous visit
	FileNumber   string `json:"fileNumber"`
	OutcomeLabel string `json:"outcomeLabel"`
	AgeDays      int    `json:"ageDays"`
}

// ReferralOutcomeLabel returns the French label of an outcome, or the code.
func ReferralOutcomeLabel(code string) string { return LabelOf(ReferralOutcomes, code) }

// ValidReferralOutcome reports whether code is one of ReferralOutcomes.
func ValidReferralOutcome(code string) bool {
	return ReferralOutcomeLabel(code) != code
}

// normalizeThemes trims codes and drops empty and repeated ones; never nil.
func normalizeThemes(in []string) []string {
	seen := map[string]bool{}
	out := make([]string, 0, len(in))
	for _, t := range in {
		t = strings.TrimSpace(t)
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// Normalize trims the partner's text fields, its contacts' too, and drops
// contacts left blank.
func (p *Partner) Normalize() {
	for _, f := range []*string{&p.Name, &p.Kind, &p.Organisation, &p.Address,
		&p.PostalCode, &p.Commune, &p.Phone, &p.Email, &p.Website} {
		*f = strings.TrimSpace(*f)
	}
	p.Themes = normalizeThemes(p.Themes)
	contacts := make([]PartnerContact, 0, len(p.Contacts))
	for _, c := range p.Contacts {
		for _, f := range []*string{&c.ID, &c.Name, &c.Role, &c.Phone, &c.Email} {
			*f = strings.TrimSpace(*f)
		}
		if c.Name != "" || c.Role != "" || c.Phone != "" || c.Email != "" {
			contacts = append(contacts, c)
		}
	}
	p.Contacts = contacts
}

var postalCode = regexp.MustCompile(`^[0-9][0-9AB][0-9]{3}$`) // 2A/2B: Corsica

// Validate checks a partner's own fields; the kind and themes are checked
// against the lists by storage.
func (p *Partner) Validate() error {
	if p.Name == "" {
		return Invalid("name", "Le nom du partenaire est obligatoire.")
	}
	if p.Kind == "" {
		return Invalid("kind", "Le type de partenaire est obligatoire.")
	}
	for _, t := range []struct{ field, label, v string }{
		{"name", "Le nom", p.Name}, {"organisation", "L'organisme", p.Organisation},
		{"address", "L'adresse", p.Address}, {"commune", "La commune", p.Commune},
		{"phone", "Le téléphone", p.Phone}, {"email", "Le courriel", p.Email},
		{"website", "Le site web", p.Website},
	} {
		if utf8.RuneCountInString(t.v) > maxText {
			return Invalid(t.field, "%s dépasse %d caractères.", t.label, maxText)
		}
	}
	if utf8.RuneCountInString(p.Notes) > maxNote {
		return Invalid("notes", "Les notes dépassent %d caractères.", maxNote)
	}
	if p.PostalCode != "" && !postalCode.MatchString(p.PostalCode) {
		return Invalid("postalCode", "Le code postal « %s » n'est pas valide (5 chiffres).",
			clip(p.PostalCode))
	}
	if p.Email != "" {
		if _, err := mail.ParseAddress(p.Email); err != nil {
			return Invalid("email", "Le courriel n'est pas une adresse valide.")
		}
	}
	for _, c := range p.Contacts {
		if c.Name == "" {
			return Invalid("contacts", "Chaque contact doit avoir un nom.")
		}
		if utf8.RuneCountInString(c.Name+c.Role+c.Phone+c.Email) > 3*maxText {
			return Invalid("contacts", "Un contact dépasse la longueur permise.")
		}
		if c.Email != "" {
			if _, err := mail.ParseAddress(c.Email); err != nil {
				return Invalid("contacts", "Le courriel du contact %s n'est pas une adresse "+
					"valide.", clip(c.Name))
			}
		}
	}
	return nil
}

// Normalize trims the support's fields and drops repeated themes.
func (s *PartnerSupport) Normalize() {
	for _, f := range []*string{&s.Day, &s.PartnerID, &s.ContactID, &s.UserID, &s.Mode} {
		*f = strings.TrimSpace(*f)
	}
	s.Themes = normalizeThemes(s.Themes)
}

// Validate checks a support record's own fields; the partner, contact, mode
// and themes are checked by storage.
func (s *PartnerSupport) Validate() error {
	if s.PartnerID == "" {
		return Invalid("partnerId", "Le partenaire est obligatoire.")
	}
	if s.Mode == "" {
		return Invalid("mode", "Le mode d'appui est obligatoire.")
	}
	if s.DurationMin < 0 || s.DurationMin > 24*60 {
		return Invalid("durationMin", "La durée doit être entre 0 et 1440 minutes.")
	}
	for _, f := range []struct{ field, label, v string }{
		{"question", "Question", s.Question}, {"answer", "Réponse", s.Answer},
	} {
		if utf8.RuneCountInString(f.v) > maxNote {
			return Invalid(f.field, "Le champ « %s » dépasse %d caractères.", f.label, maxNote)
		}
	}
	return nil
}

// PartnerLine is one line of a directory file, parsed.
type PartnerLine struct {
	Line    int
	Partner Partner
}

// PartnerImport counts what an import of the directory did.
type PartnerImport struct {
	Created   int            `json:"created"`
	Updated   int            `json:"updated"`
	Unchanged int            `json:"unchanged"`
	Rejected  []RejectedLine `json:"rejected"`
}
