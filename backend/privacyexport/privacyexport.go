// Package privacyexport writes what PAPPU holds on a person (the right of
// access of article 15 of the GDPR) as a PDF to hand over, or as JSON.
//
// The PDF uses the PDF core fonts, whose code page is Windows-1252: French
// text prints as typed, but a character outside that code page (Arabic,
// Cyrillic, Tigrinya script…) prints as a dot. The JSON export keeps every
// character.
package privacyexport

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"pappu/backend"
	"pappu/backend/internal/pdfdoc"
	"pappu/backend/refdata"
)

// WriteJSON writes the export as indented JSON.
func WriteJSON(w io.Writer, e backend.PersonExport) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(e); err != nil {
		return fmt.Errorf("privacyexport: json: %w", err)
	}
	return nil
}

var paris = mustLoad("Europe/Paris")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // backend imports time/tzdata: the zone is always there
	}
	return loc
}

// Layout, in millimetres on A4.
const (
	margin     = 18.0
	labelWidth = 55.0
	lineHeight = 5.5
)

// doc is a PDF being written, with the translator its core fonts need.
type doc struct {
	pdf *fpdf.Fpdf
	tr  func(string) string
}

// WritePDF writes the export as a PDF document titled with the file
// number; org is the structure that holds the data.
func WritePDF(w io.Writer, e backend.PersonExport, org string) error {
	title := "Données détenues sur la personne — dossier N° " + e.Person.FileNumber
	pdf, tr := pdfdoc.New(title, org, e.GeneratedAt, margin,
		fmt.Sprintf("%s — dossier N° %s", org, e.Person.FileNumber))
	d := &doc{pdf: pdf, tr: tr}

	d.header(title, org, e)
	d.identity(e)
	d.visits(e.Visits)
	d.procedures(e.Procedures)
	d.referrals(e.Referrals)
	d.tasks(e.Tasks)
	d.history(e.History)

	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("privacyexport: pdf: %w", err)
	}
	return nil
}

func (d *doc) header(title, org string, e backend.PersonExport) {
	d.pdf.SetFont("Helvetica", "B", 15)
	d.pdf.MultiCell(0, 7, d.tr(title), "", "L", false)
	d.pdf.Ln(2)
	d.pdf.SetFont("Helvetica", "", 9.5)
	d.pdf.SetTextColor(70, 70, 70)
	d.pdf.MultiCell(0, lineHeight, d.tr(fmt.Sprintf("Établi par %s le %s, en réponse "+
		"à une demande d'accès (article 15 du RGPD). Il contient toutes les données "+
		"enregistrées sur la personne, ses accueils et l'historique des accès à son dossier.",
		org, dateTime(e.GeneratedAt))), "", "L", false)
	if !e.AnonymisedAt.IsZero() {
		d.pdf.Ln(1)
		d.pdf.MultiCell(0, lineHeight, d.tr("Ce dossier a été anonymisé le "+
			dateTime(e.AnonymisedAt)+" : son identité et les textes libres ont été effacés."),
			"", "L", false)
	}
	d.pdf.SetTextColor(0, 0, 0)
}

func (d *doc) section(title string) {
	d.pdf.Ln(5)
	d.keepTogether(30)
	d.pdf.SetFont("Helvetica", "B", 12.5)
	d.pdf.CellFormat(0, 8, d.tr(title), "B", 1, "L", false, 0, "")
	d.pdf.Ln(2)
}

// item starts the i-th entry of a list (a visit, a procedure) with its
// title, keeping the title with what follows.
func (d *doc) item(i int, title string) {
	if i > 0 {
		d.pdf.Ln(3)
	}
	d.keepTogether(40)
	d.pdf.SetFont("Helvetica", "B", 10.5)
	d.pdf.CellFormat(0, 6.5, d.tr(title), "", 1, "L", false, 0, "")
}

// rows prints label and value pairs.
func (d *doc) rows(pairs [][2]string) {
	for _, r := range pairs {
		d.row(r[0], r[1])
	}
}

// row prints a label and its value; a value of several lines wraps.
func (d *doc) row(label, value string) {
	if value == "" {
		value = "—"
	}
	d.pdf.SetFont("Helvetica", "B", 9.5)
	d.pdf.CellFormat(labelWidth, lineHeight, d.tr(label), "", 0, "L", false, 0, "")
	d.pdf.SetFont("Helvetica", "", 9.5)
	d.pdf.MultiCell(0, lineHeight, d.tr(value), "", "L", false)
}

func (d *doc) identity(e backend.PersonExport) {
	p, l := e.Person, e.Labels
	d.section("Identité")
	rows := []struct{ label, value string }{
		{"Numéro de dossier", p.FileNumber},
		{"Nom", p.LastName},
		{"Nom de naissance", p.BirthName},
		{"Prénoms", p.FirstNames},
		{"Sexe", l.Sex},
		{"Date de naissance", date(p.BirthDate)},
		{"Lieu de naissance", p.BirthPlace},
		{"Nationalité", withCode(l.Nationality, p.Nationality)},
		{"Seconde nationalité", withCode(l.Nationality2, p.Nationality2)},
		{"Langues", p.Languages},
		{"Besoin d'un interprète", yesNo(p.InterpreterNeeded)},
		{"Téléphone", p.Phone},
		{"Courriel", p.Email},
		{"Commune", p.Commune},
		{"Sans domicile stable", yesNo(p.NoFixedAddress)},
		{"Situation familiale", p.FamilySituation},
		{"Enfants", strconv.Itoa(p.Children)},
		{"Arrivée en France", date(p.ArrivalDate)},
		{"Situation administrative", withCode(l.AdminSituation, p.AdminSituation)},
		{"Référent", l.Referent},
		{"Date du consentement", date(p.ConsentDate)},
		{"Information donnée", p.ConsentNote},
		{"Notes", p.Notes},
		{"Dossier créé le", dateTime(p.CreatedAt)},
		{"Dernière modification", dateTime(p.UpdatedAt)},
	}
	for _, r := range rows {
		d.row(r.label, r.value)
	}
}

func (d *doc) visits(visits []backend.ExportedVisit) {
	if !d.listSection("Accueils", len(visits), "Aucun accueil enregistré.") {
		return
	}
	for i, v := range visits {
		d.item(i, fmt.Sprintf("Accueil du %s", dateTime(v.At)))
		var themes []string
		for _, t := range v.Themes {
			themes = append(themes, orCode(t.Label, t.Code))
		}
		duration := ""
		if v.DurationMin > 0 {
			duration = fmt.Sprintf("%d min", v.DurationMin)
		}
		d.rows([][2]string{
			{"Lieu", v.Site},
			{"Intervenant", v.User},
			{"Mode", orCode(v.Mode.Label, v.Mode.Code)},
			{"Durée", duration},
			{"Thématiques", strings.Join(themes, ", ")},
			{"Actions", v.Actions},
			{"Orientations", v.Referrals},
			{"Note", v.Note},
			{"Note privée", v.PrivateNote},
		})
	}
}

func (d *doc) procedures(ps []backend.Procedure) {
	if !d.listSection("Démarches", len(ps), "Aucune démarche enregistrée.") {
		return
	}
	for i, p := range ps {
		d.item(i, refdata.ProcedureTypeLabel(p.Type)+" — "+backend.StatusLabel(p.Status))
		var docs []string
		for _, doc := range p.Documents {
			if doc.Provided {
				docs = append(docs, doc.Label)
			}
		}
		d.rows([][2]string{
			{"Autorité", p.Authority},
			{"Référence", p.Reference},
			{"Dépôt", date(p.SubmittedOn)},
			{"Récépissé jusqu'au", date(p.ReceiptUntil)},
			{"Décision", date(p.DecisionOn)},
			{"Titre jusqu'au", date(p.PermitUntil)},
			{"Issue", p.Outcome},
			{"Pièces fournies", strings.Join(docs, ", ")},
			{"Notes", p.Notes},
		})
		for _, s := range p.Steps {
			d.row("Étape du "+date(s.Day), dashed(backend.StatusLabel(s.ToStatus), s.Note))
		}
	}
}

func (d *doc) referrals(rs []backend.Referral) {
	if !d.listSection("Orientations", len(rs), "Aucune orientation enregistrée.") {
		return
	}
	for _, r := range rs {
		d.row(date(r.Day), dashed(r.PartnerName, backend.ReferralOutcomeLabel(r.Outcome), r.Reason))
	}
}

func (d *doc) tasks(ts []backend.Task) {
	if !d.listSection("Tâches", len(ts), "Aucune tâche enregistrée.") {
		return
	}
	for _, t := range ts {
		d.row(dateTime(t.DueAt), dashed(t.Title, t.Notes))
	}
}

// listSection starts the section of a list of n things, titled with their
// number; with none, it says so and reports false.
func (d *doc) listSection(title string, n int, none string) bool {
	d.section(fmt.Sprintf("%s (%d)", title, n))
	if n == 0 {
		d.note(none)
	}
	return n > 0
}

// dashed joins the texts that are not empty with " — ".
func dashed(texts ...string) string {
	var kept []string
	for _, s := range texts {
		if s != "" {
			kept = append(kept, s)
		}
	}
	return strings.Join(kept, " — ")
}

func (d *doc) history(entries []backend.HistoryEntry) {
	d.section("Historique des accès")
	d.note("Qui a créé, modifié, exporté ou anonymisé le dossier ou ses accueils, et quand. " +
		"Le journal nomme les champs concernés, jamais leur contenu.")
	if len(entries) == 0 {
		d.note("Aucune entrée.")
		return
	}
	for _, h := range entries {
		what := actionLabel(h.Action) + " " + entityLabel(h.Entity)
		if len(h.Fields) > 0 {
			var names []string
			for _, f := range h.Fields {
				names = append(names, fieldLabel(f))
			}
			what += " : " + strings.Join(names, ", ")
		}
		d.row(dateTime(h.At), userLabel(h)+" — "+what)
	}
}

// keepTogether starts a new page unless height millimetres are left, so a
// heading does not end a page alone.
func (d *doc) keepTogether(height float64) {
	if _, pageHeight := d.pdf.GetPageSize(); d.pdf.GetY()+height > pageHeight-margin {
		d.pdf.AddPage()
	}
}

func (d *doc) note(text string) {
	d.pdf.SetFont("Helvetica", "I", 9.5)
	d.pdf.MultiCell(0, lineHeight, d.tr(text), "", "L", false)
	d.pdf.Ln(1)
}

// date shows YYYY-MM-DD, YYYY-MM or YYYY the French way.
func date(s string) string {
	for _, f := range []struct{ in, out string }{{"2006-01-02", "02/01/2006"},
		{"2006-01", "01/2006"}, {"2006", "2006"}} {
		if len(s) == len(f.in) {
			if t, err := time.Parse(f.in, s); err == nil {
				return t.Format(f.out)
			}
		}
	}
	return s
}

func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(paris).Format("02/01/2006 à 15:04")
}

func yesNo(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

func withCode(label, code string) string {
	if code == "" || label == "" || label == code {
		return code
	}
	return label + " (" + code + ")"
}

func orCode(label, code string) string {
	if label == "" {
		return code
	}
	return label
}

func userLabel(h backend.HistoryEntry) string {
	switch {
	case h.UserName != "":
		return h.UserName
	case h.UserID == backend.SystemActor:
		return "Système (tâche automatique)"
	}
	return "Utilisateur " + h.UserID
}

var actionLabels = map[string]string{
	"create":    "Création",
	"update":    "Modification",
	"delete":    "Suppression",
	"anonymise": "Anonymisation",
	"export":    "Export",
	"read":      "Consultation",
	"open":      "Consultation",
	"import":    "Import",
}

func actionLabel(a string) string { return orCode(actionLabels[a], a) }

func entityLabel(e string) string {
	switch e {
	case "person":
		return "du dossier"
	case "visit":
		return "d'un accueil"
	}
	return "(" + e + ")"
}

var fieldLabels = map[string]string{
	"lastName": "nom", "birthName": "nom de naissance", "firstNames": "prénoms",
	"sex": "sexe", "birthDate": "date de naissance", "birthPlace": "lieu de naissance",
	"nationality": "nationalité", "nationality2": "seconde nationalité",
	"languages": "langues", "interpreterNeeded": "besoin d'interprète",
	"phone": "téléphone", "email": "courriel", "commune": "commune",
	"noFixedAddress": "domiciliation", "familySituation": "situation familiale",
	"children": "enfants", "arrivalDate": "arrivée en France",
	"adminSituation": "situation administrative", "referentId": "référent",
	"consentDate": "date du consentement", "consentNote": "information donnée",
	"notes": "notes", "at": "date", "siteId": "lieu", "userId": "intervenant",
	"personId": "personne", "ageBracket": "tranche d'âge", "mode": "mode",
	"durationMin": "durée", "themes": "thématiques", "actions": "actions",
	"referrals": "orientations", "note": "note", "privateNote": "note privée",
}

func fieldLabel(f string) string { return orCode(fieldLabels[f], f) }
