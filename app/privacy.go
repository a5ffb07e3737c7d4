package app

import (
	"bytes"
	"encoding/base64"
	"os"
	"strconv"
	"time"

	"pappu/backend"
	"pappu/backend/privacyexport"
)

// Privacy answers the structure's duties under the GDPR from the window:
// the registry of processing activities, the retention period and the
// files it will anonymise soon, and the requests of persons (right of
// access, erasure).
type Privacy struct{ deps *deps }

// dueWithin is how far ahead DueForAnonymisation looks: the retention rule
// is announced a month before it applies.
const dueWithin = 30 * 24 * time.Hour

// Registry returns the registry of processing activities generated from the
// settings: what is kept, why, for how long, who sees it. Every logged-in
// user may read it: it holds no personal data, and tells each one the rules.
func (p *Privacy) Registry() (backend.Registry, error) {
	ctx, err := p.deps.authorize("Privacy.Registry", "")
	if err != nil {
		return backend.Registry{}, err
	}
	s, err := p.deps.store.RegistrySettings(ctx)
	if err != nil {
		return backend.Registry{}, PublicError(p.deps.log, "Privacy.Registry", err)
	}
	return backend.NewRegistry(s), nil
}

// Retention returns the retention period, in years.
func (p *Privacy) Retention() (int, error) {
	ctx, err := p.deps.authorize("Privacy.Retention", backend.ActSettings)
	if err != nil {
		return 0, err
	}
	return done[int](p.deps, "Privacy.Retention")(p.deps.store.RetentionYears(ctx))
}

// SetRetention changes the retention period; a period out of bounds is
// refused, never clamped. The change is audited as a setting.
func (p *Privacy) SetRetention(years int) (int, error) {
	ctx, err := p.deps.authorize("Privacy.SetRetention", backend.ActSettings)
	if err != nil {
		return 0, err
	}
	if err := backend.CheckRetentionYears(years); err != nil {
		return 0, PublicError(p.deps.log, "Privacy.SetRetention", err)
	}
	err = p.deps.store.SetSetting(ctx, backend.SettingRetentionYears, strconv.Itoa(years))
	if err != nil {
		return 0, PublicError(p.deps.log, "Privacy.SetRetention", err)
	}
	return years, nil
}

// DueForAnonymisation lists the file numbers the retention rule anonymises
// within 30 days, those already due included.
func (p *Privacy) DueForAnonymisation() ([]string, error) {
	ctx, err := p.deps.authorize("Privacy.DueForAnonymisation", backend.ActSettings)
	if err != nil {
		return nil, err
	}
	store := p.deps.store
	return done[[]string](p.deps, "Privacy.DueForAnonymisation")(
		store.PersonsDueForAnonymisation(ctx, store.Now(), dueWithin))
}

// PersonExportFiles is the right-of-access export of one person, as the
// window downloads it: each file in base64, with a suggested name that
// holds the file number only.
type PersonExportFiles struct {
	FileNumber string `json:"fileNumber"`
	PDFName    string `json:"pdfName"`
	PDF        string `json:"pdf"`
	JSONName   string `json:"jsonName"`
	JSON       string `json:"json"`
}

// ExportPerson returns everything PAPPU holds on a person, as PDF and JSON
// (right of access). Taking it is audited as an export.
func (p *Privacy) ExportPerson(personID string) (PersonExportFiles, error) {
	ctx, err := p.deps.authorize("Privacy.ExportPerson", backend.ActPrivacyRequest)
	if err != nil {
		return PersonExportFiles{}, err
	}
	e, err := p.deps.store.PersonExport(ctx, personID)
	if err != nil {
		return PersonExportFiles{}, PublicError(p.deps.log, "Privacy.ExportPerson", err)
	}
	var pdf, js bytes.Buffer
	if err := privacyexport.WritePDF(&pdf, e, e.Organisation); err != nil {
		return PersonExportFiles{}, PublicError(p.deps.log, "Privacy.ExportPerson", err)
	}
	if err := privacyexport.WriteJSON(&js, e); err != nil {
		return PersonExportFiles{}, PublicError(p.deps.log, "Privacy.ExportPerson", err)
	}
	base := "PAPPU-droit-d-acces-" + e.Person.FileNumber + "-" +
		e.GeneratedAt.In(paris).Format("2006-01-02")
	return PersonExportFiles{
		FileNumber: e.Person.FileNumber,
		PDFName:    base + ".pdf", PDF: base64.StdEncoding.EncodeToString(pdf.Bytes()),
		JSONName: base + ".json", JSON: base64.StdEncoding.EncodeToString(js.Bytes()),
	}, nil
}

var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// SaveFile asks where to save a file the window holds (an export, in
// base64) with the system's dialog, and writes it there, readable by its
// owner only. It returns the path, "" when the person cancelled. Only the
// desktop window has the dialog; a browser downloads instead.
func (p *Privacy) SaveFile(name, base64Content string) (string, error) {
	if _, err := p.deps.authorize("Privacy.SaveFile", backend.ActPrivacyRequest); err != nil {
		return "", err
	}
	content, err := base64.StdEncoding.DecodeString(base64Content)
	if err != nil {
		return "", PublicError(p.deps.log, "Privacy.SaveFile",
			backend.Invalid("content", "Le contenu du fichier est illisible."))
	}
	path, err := p.deps.dialog("Privacy.SaveFile", func(d Dialogs) (string, error) {
		return d.SaveFile("Enregistrer l'export", name)
	})
	if err != nil || path == "" {
		return "", err
	}
	if err := os.WriteFile(path, content, 0o600); err != nil {
		return "", PublicError(p.deps.log, "Privacy.SaveFile", &backend.Error{
			Code: backend.EInvalid, Field: "file", Err: err,
			Message: "Impossible d'écrire le fichier " + path + "."})
	}
	return path, nil
}

// Anonymise erases a person's identity at their request (right to
// erasure): what statistics need stays, the rest goes, and the audit log
// records it. A file already anonymised and unchanged since is refused.
// The erased values then leave the database file, when no other program
// holds it.
func (p *Privacy) Anonymise(personID string) (backend.Person, error) {
	ctx, err := p.deps.authorize("Privacy.Anonymise", backend.ActPrivacyRequest)
	if err != nil {
		return backend.Person{}, err
	}
	store := p.deps.store
	if err := store.AnonymisePerson(ctx, personID); err != nil {
		return backend.Person{}, PublicError(p.deps.log, "Privacy.Anonymise", err)
	}
	if err := store.Compact(ctx); err != nil {
		// The values are unreadable through PAPPU already; the next
		// compaction removes them from the disk.
		p.deps.log.Warn("compaction after an erasure deferred", "err", err)
	}
	return done[backend.Person](p.deps, "Privacy.Anonymise")(store.Person(ctx, personID))
}
