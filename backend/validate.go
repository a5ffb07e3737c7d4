package backend

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// maxText is the longest free text a field takes; notes take more.
const (
	maxText = 200
	maxNote = 20000
)

// CheckDate checks a full date YYYY-MM-DD that must not be after today.
// label names the field in the French message.
func CheckDate(field, label, s string, today time.Time) error {
	if s == "" {
		return nil
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Invalid(field, "%s « %s » n'est pas une date valide (attendu AAAA-MM-JJ).",
			label, clip(s))
	}
	if d.After(today) {
		return Invalid(field, "%s ne peut pas être dans le futur.", label)
	}
	return nil
}

// CheckPartialDate checks a date that may be known only in part: YYYY,
// YYYY-MM or YYYY-MM-DD, not after today.
func CheckPartialDate(field, label, s string, today time.Time) error {
	var layout string
	switch len(s) {
	case 0:
		return nil
	case 4:
		layout = "2006"
	case 7:
		layout = "2006-01"
	default:
		layout = "2006-01-02"
	}
	d, err := time.Parse(layout, s)
	if err != nil {
		return Invalid(field, "%s « %s » n'est pas une date valide "+
			"(attendu AAAA-MM-JJ, AAAA-MM ou AAAA).", label, clip(s))
	}
	if d.After(today) {
		return Invalid(field, "%s ne peut pas être dans le futur.", label)
	}
	if d.Year() < 1900 {
		return Invalid(field, "%s est antérieure à 1900.", label)
	}
	return nil
}

// clip shortens what a message echoes back.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 30 {
		return s
	}
	return string([]rune(s)[:30]) + "…"
}

// Normalize trims the person's text fields.
func (p *Person) Normalize() {
	for _, f := range []*string{&p.LastName, &p.BirthName, &p.FirstNames, &p.Sex,
		&p.BirthDate, &p.BirthPlace, &p.Nationality, &p.Nationality2, &p.Languages,
		&p.Phone, &p.Email, &p.Commune, &p.FamilySituation, &p.ArrivalDate,
		&p.AdminSituation, &p.ReferentID, &p.ConsentDate, &p.ConsentNote} {
		*f = strings.TrimSpace(*f)
	}
	p.Nationality = strings.ToUpper(p.Nationality)
	p.Nationality2 = strings.ToUpper(p.Nationality2)
}

// Validate checks a person as a form or an import gives it. today is the
// date in Europe/Paris. Known codes are checked by the caller's lists.
func (p *Person) Validate(today time.Time) error {
	if p.LastName == "" && p.FirstNames == "" {
		return Invalid("lastName", "Le nom ou le prénom est obligatoire.")
	}
	texts := []struct{ field, label, v string }{
		{"lastName", "Le nom", p.LastName},
		{"birthName", "Le nom de naissance", p.BirthName},
		{"firstNames", "Le prénom", p.FirstNames},
		{"birthPlace", "Le lieu de naissance", p.BirthPlace},
		{"languages", "Les langues", p.Languages},
		{"phone", "Le téléphone", p.Phone},
		{"email", "Le courriel", p.Email},
		{"commune", "La commune", p.Commune},
		{"familySituation", "La situation familiale", p.FamilySituation},
	}
	for _, t := range texts {
		if utf8.RuneCountInString(t.v) > maxText {
			return Invalid(t.field, "%s dépasse %d caractères.", t.label, maxText)
		}
	}
	if utf8.RuneCountInString(p.Notes) > maxNote {
		return Invalid("notes", "Les notes dépassent %d caractères.", maxNote)
	}
	if utf8.RuneCountInString(p.ConsentNote) > maxNote {
		return Invalid("consentNote", "La note sur l'information donnée dépasse %d caractères.",
			maxNote)
	}
	switch p.Sex {
	case SexFemale, SexMale, SexOther, SexUnknown:
	default:
		return Invalid("sex", "Le sexe « %s » n'est pas reconnu.", clip(p.Sex))
	}
	if err := CheckPartialDate("birthDate", "La date de naissance", p.BirthDate, today); err != nil {
		return err
	}
	if err := CheckDate("arrivalDate", "La date d'arrivée en France", p.ArrivalDate, today); err != nil {
		return err
	}
	if err := CheckDate("consentDate", "La date du consentement", p.ConsentDate, today); err != nil {
		return err
	}
	if p.Email != "" {
		if _, err := mail.ParseAddress(p.Email); err != nil {
			return Invalid("email", "Le courriel n'est pas une adresse valide.")
		}
	}
	if p.Children < 0 || p.Children > 30 {
		return Invalid("children", "Le nombre d'enfants doit être entre 0 et 30.")
	}
	return nil
}

// Normalize trims the visit's text fields and removes repeated themes.
func (v *Visit) Normalize() {
	for _, f := range []*string{&v.SiteID, &v.UserID, &v.PersonID, &v.Sex, &v.AgeBracket,
		&v.Nationality, &v.Mode} {
		*f = strings.TrimSpace(*f)
	}
	v.Nationality = strings.ToUpper(v.Nationality)
	// Never nil: a visit without themes is stored as [], not null.
	seen := map[string]bool{}
	themes := make([]string, 0, len(v.Themes))
	for _, t := range v.Themes {
		t = strings.TrimSpace(t)
		if t != "" && !seen[t] {
			seen[t] = true
			themes = append(themes, t)
		}
	}
	v.Themes = themes
}

// Validate checks a visit's own fields; now is the current time. Whether the
// site, user, person and codes exist is checked by storage.
func (v *Visit) Validate(now time.Time) error {
	if v.At.IsZero() {
		return Invalid("at", "La date de l'accueil est obligatoire.")
	}
	if v.At.After(now.Add(24 * time.Hour)) {
		return Invalid("at", "La date de l'accueil ne peut pas être dans le futur.")
	}
	if v.At.Year() < 1990 {
		return Invalid("at", "La date de l'accueil est antérieure à 1990.")
	}
	if v.SiteID == "" {
		return Invalid("siteId", "Le lieu d'accueil est obligatoire.")
	}
	if v.UserID == "" {
		return Invalid("userId", "L'intervenant est obligatoire.")
	}
	if v.DurationMin < 0 || v.DurationMin > 24*60 {
		return Invalid("durationMin", "La durée doit être entre 0 et 1440 minutes.")
	}
	switch v.Sex {
	case SexFemale, SexMale, SexOther, SexUnknown:
	default:
		return Invalid("sex", "Le sexe « %s » n'est pas reconnu.", clip(v.Sex))
	}
	if v.AgeBracket != "" && !contains(AgeBrackets, v.AgeBracket) {
		return Invalid("ageBracket", "La tranche d'âge « %s » n'est pas reconnue.",
			clip(v.AgeBracket))
	}
	for _, f := range []struct{ field, label, v string }{
		{"actions", "Actions", v.Actions}, {"referrals", "Orientations", v.Referrals},
		{"note", "Note", v.Note}, {"privateNote", "Note privée", v.PrivateNote},
	} {
		if utf8.RuneCountInString(f.v) > maxNote {
			return Invalid(f.field, "Le champ « %s » dépasse %d caractères.", f.label, maxNote)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// AgeBracketAt returns the age bracket of someone born on birthDate (full or
// partial) on the given day, or "" when the birth date is unknown.
func AgeBracketAt(birthDate string, day time.Time) string {
	if len(birthDate) < 4 {
		return ""
	}
	var y, m, d int
	if _, err := fmt.Sscanf(birthDate[:4], "%d", &y); err != nil {
		return ""
	}
	m, d = 7, 1 // mid-year when only the year is known
	if len(birthDate) >= 7 {
		fmt.Sscanf(birthDate[5:7], "%d", &m)
		d = 15
	}
	if len(birthDate) == 10 {
		fmt.Sscanf(birthDate[8:10], "%d", &d)
	}
	age := day.Year() - y
	if int(day.Month()) < m || (int(day.Month()) == m && day.Day() < d) {
		age--
	}
	switch {
	case age < 0:
		return ""
	case age < 18:
		return "0-17"
	case age <= 25:
		return "18-25"
	case age <= 35:
		return "26-35"
	case age <= 45:
		return "36-45"
	case age <= 59:
		return "46-59"
	}
	return "60+"
}
