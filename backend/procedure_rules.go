package backend

import (
	"strings"
	"time"
	"unicode/utf8"
)

// AllNextStatuses maps every status to the statuses that may follow it.
func AllNextStatuses() map[string][]string {
	out := make(map[string][]string, len(transitions))
	for from := range transitions {
		out[from] = NextStatuses(from)
	}
	return out
}

// KnownStatus reports whether code is a procedure status.
func KnownStatus(code string) bool {
	_, ok := transitions[code]
	return ok
}

// CheckMove says, in French and naming the statuses, why a procedure may
// not move from one status to another; nil when it may.
func CheckMove(from, to string) error {
	if !KnownStatus(to) {
		return Invalid("toStatus", "Le statut « %s » n'est pas reconnu.", clip(to))
	}
	if CanMove(from, to) {
		return nil
	}
	var msg string
	switch {
	case from == StatusClosed:
		msg = "Cette démarche est close : son statut ne peut plus changer."
	case from == to:
		msg = "Cette démarche est déjà au statut « " + StatusLabel(to) + " »."
	case from == StatusToPrepare && (to == StatusGranted || to == StatusRefused):
		msg = "Une décision ne peut pas précéder le dépôt : passez d'abord la démarche " +
			"au statut « " + StatusLabel(StatusFiled) + " »."
	case from == StatusToPrepare && to == StatusReceipt:
		msg = "Un récépissé ne peut pas précéder le dépôt : passez d'abord la démarche " +
			"au statut « " + StatusLabel(StatusFiled) + " »."
	case to == StatusAppeal:
		msg = "Un recours ne peut suivre qu'une « " + StatusLabel(StatusRefused) + " »."
	default:
		msg = "Une démarche au statut « " + StatusLabel(from) + " » ne peut pas passer " +
			"au statut « " + StatusLabel(to) + " »."
	}
	return Invalid("toStatus", "%s", msg)
}

// Normalize trims the procedure's text fields.
func (p *Procedure) Normalize() {
	for _, f := range []*string{&p.Type, &p.Status, &p.Authority, &p.Reference,
		&p.SubmittedOn, &p.ReceiptUntil, &p.DecisionOn, &p.PermitUntil, &p.Outcome} {
		*f = strings.TrimSpace(*f)
	}
}

// Validate checks a procedure's fields and key dates. today is the date in
// Europe/Paris. The type is checked against the list by the caller.
// CheckProcedureChange checks an update of a procedure against its stored
// state: it was read before the last change of anyone else (UpdatedAt must
// be the stored one, or one edit would silently undo the other); its type
// stays (the checklist and the history depend on it); and the dates its
// history set are not emptied.
func CheckProcedureChange(old, p Procedure) error {
	if !p.UpdatedAt.Equal(old.UpdatedAt) {
		return &Error{Code: EConflict, Message: "Cette démarche a été modifiée entre-temps " +
			"par quelqu'un d'autre : rechargez-la, puis refaites votre changement."}
	}
	if p.Type != "" && p.Type != old.Type {
		return Invalid("type", "Le type d'une démarche ne change pas : ouvrez une nouvelle "+
			"démarche.")
	}
	switch {
	case old.SubmittedOn != "" && p.SubmittedOn == "" && old.Status != StatusToPrepare:
		return Invalid("submittedOn",
			"La date de dépôt ne peut pas être effacée : la démarche a été déposée.")
	case old.ReceiptUntil != "" && p.ReceiptUntil == "" && old.Status == StatusReceipt:
		return Invalid("receiptUntil",
			"La fin de validité du récépissé ne peut pas être effacée tant que la démarche "+
				"est au statut « Récépissé ».")
	}
	return nil
}

// decided reports whether a procedure in status may carry a decision day.
func decided(status string) bool {
	switch status {
	case StatusGranted, StatusRefused, StatusAppeal, StatusClosed:
		return true
	}
	return false
}

func (p *Procedure) Validate(today time.Time) error {
	if p.Type == "" {
		return Invalid("type", "Choisissez le type de démarche.")
	}
	if !KnownStatus(p.Status) {
		return Invalid("status", "Le statut « %s » n'est pas reconnu.", clip(p.Status))
	}
	for _, t := range []struct{ field, label, v string }{
		{"authority", "L'autorité", p.Authority},
		{"reference", "La référence", p.Reference},
		{"outcome", "L'issue", p.Outcome},
	} {
		if utf8.RuneCountInString(t.v) > maxText {
			return Invalid(t.field, "%s dépasse %d caractères.", t.label, maxText)
		}
	}
	if utf8.RuneCountInString(p.Notes) > maxNote {
		return Invalid("notes", "Les notes dépassent %d caractères.", maxNote)
	}
	if p.DecisionOn != "" && !decided(p.Status) {
		return Invalid("decisionOn", "Une date de décision suppose une décision : passez "+
			"d'abord la démarche au statut de la décision.")
	}
	return checkKeyDates(p.SubmittedOn, p.ReceiptUntil, p.DecisionOn, p.PermitUntil, today)
}

// checkKeyDates checks the key dates of a procedure and their order: the
// filing and the decision are past days; a receipt or a permit runs until a
// day that may be to come, but neither ends before the filing.
func checkKeyDates(submitted, receiptUntil, decision, permitUntil string, today time.Time) error {
	if err := CheckDate("submittedOn", "La date de dépôt", submitted, today); err != nil {
		return err
	}
	if err := CheckDate("decisionOn", "La date de décision", decision, today); err != nil {
		return err
	}
	if err := checkValidityEnd("receiptUntil", "La fin de validité du récépissé",
		receiptUntil, today); err != nil {
		return err
	}
	if err := checkValidityEnd("permitUntil", "La fin de validité du titre", permitUntil,
		today); err != nil {
		return err
	}
	switch {
	case submitted != "" && receiptUntil != "" && receiptUntil < submitted:
		return Invalid("receiptUntil",
			"La fin de validité du récépissé ne peut pas précéder la date de dépôt.")
	case submitted != "" && decision != "" && decision < submitted:
		return Invalid("decisionOn", "La décision ne peut pas précéder la date de dépôt.")
	case decision != "" && permitUntil != "" && permitUntil < decision:
		return Invalid("permitUntil",
			"La fin de validité du titre ne peut pas précéder la décision.")
	}
	return nil
}

// checkValidityEnd checks the day a receipt or a permit runs until: a date,
// possibly to come, but not beyond what any permit lasts.
func checkValidityEnd(field, label, s string, today time.Time) error {
	if s == "" {
		return nil
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return CheckDate(field, label, s, today) // says what is expected
	}
	if s > today.AddDate(20, 0, 0).Format(time.DateOnly) {
		return Invalid(field, "%s est à plus de vingt ans : vérifiez l'année.", label)
	}
	return nil
}

// Normalize trims the status change's fields.
func (c *StatusChange) Normalize() {
	for _, f := range []*string{&c.ProcedureID, &c.FromStatus, &c.ToStatus, &c.Day,
		&c.SubmittedOn, &c.ReceiptUntil, &c.DecisionOn, &c.PermitUntil, &c.Outcome} {
		*f = strings.TrimSpace(*f)
	}
}

// ApplyTo checks the change against procedure p as stored and fills the
// key date that goes with the new status: the filing day for "déposé", the
// decision day for a decision; a receipt needs its end of validity. day is
// the step's day, already checked.
func (c StatusChange) ApplyTo(p *Procedure, day string, today time.Time) error {
	if err := CheckMove(p.Status, c.ToStatus); err != nil {
		return err
	}
	if utf8.RuneCountInString(c.Note) > maxNote {
		return Invalid("note", "La note dépasse %d caractères.", maxNote)
	}
	if utf8.RuneCountInString(c.Outcome) > maxText {
		return Invalid("outcome", "L'issue dépasse %d caractères.", maxText)
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&p.SubmittedOn, c.SubmittedOn)
	set(&p.ReceiptUntil, c.ReceiptUntil)
	set(&p.DecisionOn, c.DecisionOn)
	set(&p.PermitUntil, c.PermitUntil)
	set(&p.Outcome, c.Outcome)
	switch c.ToStatus {
	case StatusFiled:
		if c.SubmittedOn == "" {
			p.SubmittedOn = day
		}
	case StatusReceipt:
		if c.ReceiptUntil == "" {
			return Invalid("receiptUntil", "Indiquez jusqu'à quand le récépissé est valable.")
		}
	case StatusGranted, StatusRefused:
		if c.DecisionOn == "" {
			p.DecisionOn = day
		}
	}
	p.Status = c.ToStatus
	return checkKeyDates(p.SubmittedOn, p.ReceiptUntil, p.DecisionOn, p.PermitUntil, today)
}
