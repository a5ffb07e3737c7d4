package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"pappu/backend"
)

// partnerReferences fills the lists of the partner directory.
func (db *DB) partnerReferences(ctx context.Context, out *backend.References) error {
	var err error
	if out.PartnerKinds, err = db.refItems(ctx, listPartnerKind); err != nil {
		return db.storageError("partner kinds", err)
	}
	if out.SupportModes, err = db.refItems(ctx, listSupportMode); err != nil {
		return db.storageError("support modes", err)
	}
	out.ReferralOutcomes = append([]backend.RefItem(nil), backend.ReferralOutcomes...)
	return nil
}

// unknownTheme is the message of a theme code no list holds.
const unknownTheme = "La thématique « %s » n'est pas reconnue."

// checkCodes checks that every code is in list; field names the input, and
// unknown is the French message, with a %s for the code.
func (db *DB) checkCodes(ctx context.Context, list, field, unknown string, codes ...string) error {
	labels, err := db.refLabels(ctx, list)
	if err != nil {
		return db.storageError(list, err)
	}
	for _, c := range codes {
		if _, ok := labels[c]; !ok {
			return backend.Invalid(field, unknown, c)
		}
	}
	return nil
}

// checkPartner normalises and validates a partner, codes included.
func (db *DB) checkPartner(ctx context.Context, p *backend.Partner) error {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	if err := db.checkCodes(ctx, listPartnerKind, "kind", "Le type de partenaire « %s » n'est pas reconnu.",
		p.Kind); err != nil {
		return err
	}
	return db.checkCodes(ctx, listTheme, "themes", unknownTheme, p.Themes...)
}

// partnerSearchKey is what a search of the directory matches: the folded
// name, organisation and commune.
func partnerSearchKey(p backend.Partner) string {
	return backend.Fold(p.Name + " " + p.Organisation + " " + p.Commune)
}

// partnerMatchKey is how an import recognises a partner already in the
// directory: its folded name and commune.
func partnerMatchKey(name, commune string) string {
	return backend.Fold(name) + "|" + backend.Fold(commune)
}

// CreatePartner adds a partner and its contacts to the directory.
func (db *DB) CreatePartner(ctx context.Context, p backend.Partner) (backend.Partner, error) {
	if err := db.checkPartner(ctx, &p); err != nil {
		return backend.Partner{}, err
	}
	err := db.write(ctx, func(t *tx) error {
		p.ID = newID()
		return t.insertPartner(p)
	})
	if err != nil {
		return backend.Partner{}, err
	}
	return db.Partner(ctx, p.ID)
}

// UpdatePartner changes a partner. Its contacts are given in full: those
// without an id are added, those with one changed, and those left out
// removed (as tombstones).
func (db *DB) UpdatePartner(ctx context.Context, p backend.Partner) (backend.Partner, error) {
	if err := db.checkPartner(ctx, &p); err != nil {
		return backend.Partner{}, err
	}
	err := db.write(ctx, func(t *tx) error {
		old, err := t.partner(p.ID)
		if err != nil {
			return err
		}
		return t.updatePartner(old, p)
	})
	if err != nil {
		return backend.Partner{}, err
	}
	return db.Partner(ctx, p.ID)
}

func (t *tx) insertPartner(p backend.Partner) error {
	now, version := t.stamp()
	themes, _ := json.Marshal(p.Themes)
	if _, err := t.Exec(`INSERT INTO partners (id, name, kind, themes, organisation,
		address, postal_code, commune, phone, email, website, notes, search_key,
		created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.Name, p.Kind, string(themes), p.Organisation, p.Address, p.PostalCode,
		p.Commune, p.Phone, p.Email, p.Website, p.Notes, partnerSearchKey(p),
		now, now, version); err != nil {
		return err
	}
	if err := t.saveContacts(p.ID, nil, p.Contacts); err != nil {
		return err
	}
	if err := t.logChange("partner", p.ID, version, "upsert", partnerRow(p)); err != nil {
		return err
	}
	return t.audit("create", "partner", p.ID, changedFields(nil, partnerFields(p)))
}

// updatePartner writes p over old; nothing is written when nothing changed.
func (t *tx) updatePartner(old, p backend.Partner) (err error) {
	changed := changedFields(partnerFields(old), partnerFields(p))
	if len(changed) > 0 {
		now, version := t.stamp()
		themes, _ := json.Marshal(p.Themes)
		if _, err := t.Exec(`UPDATE partners SET name = ?, kind = ?, themes = ?,
			organisation = ?, address = ?, postal_code = ?, commune = ?, phone = ?,
			email = ?, website = ?, notes = ?, search_key = ?, updated_at = ?, version = ?
			WHERE id = ?`,
			p.Name, p.Kind, string(themes), p.Organisation, p.Address, p.PostalCode,
			p.Commune, p.Phone, p.Email, p.Website, p.Notes, partnerSearchKey(p),
			now, version, p.ID); err != nil {
			return err
		}
		if err := t.logChange("partner", p.ID, version, "upsert", partnerRow(p)); err != nil {
			return err
		}
	}
	if contactsChanged(old.Contacts, p.Contacts) {
		if err := t.saveContacts(p.ID, old.Contacts, p.Contacts); err != nil {
			return err
		}
		changed = append(changed, "contacts")
	}
	if len(changed) == 0 {
		return nil
	}
	return t.audit("update", "partner", p.ID, changed)
}

// partnerRow is the partner as the change log keeps it; contacts are
// entities of their own.
func partnerRow(p backend.Partner) backend.Partner {
	p.Contacts = nil
	return p
}

// field is one audited field and its value, for comparing two states.
type field struct{ name, value string }

// changedFields names the fields whose values differ; with old nil, those
// that are filled.
func changedFields(old, cur []field) []string {
	var out []string
	for i, f := range cur {
		if old == nil {
			if f.value != "" && f.value != "[]" && f.value != "0" && f.value != "false" {
				out = append(out, f.name)
			}
			continue
		}
		if old[i].value != f.value {
			out = append(out, f.name)
		}
	}
	return out
}

func partnerFields(p backend.Partner) []field {
	themes, _ := json.Marshal(p.Themes)
	return []field{
		{"name", p.Name}, {"kind", p.Kind}, {"themes", string(themes)},
		{"organisation", p.Organisation}, {"address", p.Address},
		{"postalCode", p.PostalCode}, {"commune", p.Commune}, {"phone", p.Phone},
		{"email", p.Email}, {"website", p.Website}, {"notes", p.Notes},
	}
}

func contactsChanged(old, cur []backend.PartnerContact) bool {
	if len(old) != len(cur) {
		return true
	}
	for i := range old {
		if old[i] != cur[i] {
			return true
		}
	}
	return false
}

// saveContacts adds the contacts without an id, changes those with one and
// tombstones the old ones left out.
func (t *tx) saveContacts(partnerID string, old, cur []backend.PartnerContact) error {
	known := map[string]backend.PartnerContact{}
	for _, c := range old {
		known[c.ID] = c
	}
	kept := map[string]bool{}
	for _, c := range cur {
		now, version := t.stamp()
		prev, exists := known[c.ID]
		switch {
		case c.ID == "":
			c.ID = newID()
			if _, err := t.Exec(`INSERT INTO partner_contacts (id, partner_id, name, role,
				phone, email, created_at, updated_at, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, partnerID, c.Name, c.Role, c.Phone,
				c.Email, now, now, version); err != nil {
				return err
			}
		case !exists:
			return backend.Invalid("contacts", "Ce contact n'appartient pas à ce partenaire.")
		case prev == c:
			kept[c.ID] = true
			continue
		default:
			if _, err := t.Exec(`UPDATE partner_contacts SET name = ?, role = ?, phone = ?,
				email = ?, updated_at = ?, version = ? WHERE id = ?`, c.Name, c.Role, c.Phone,
				c.Email, now, version, c.ID); err != nil {
				return err
			}
		}
		kept[c.ID] = true
		row := struct {
			PartnerID string `json:"partnerId"`
			backend.PartnerContact
		}{partnerID, c}
		if err := t.logChange("partner_contact", c.ID, version, "upsert", row); err != nil {
			return err
		}
	}
	for _, c := range old {
		if kept[c.ID] {
			continue
		}
		now, version := t.stamp()
		if _, err := t.Exec(`UPDATE partner_contacts SET deleted_at = ?, updated_at = ?,
			version = ? WHERE id = ?`, now, now, version, c.ID); err != nil {
			return err
		}
		if err := t.logChange("partner_contact", c.ID, version, "delete",
			map[string]string{"id": c.ID}); err != nil {
			return err
		}
	}
	return nil
}

const partnerColumns = `id, name, kind, themes, organisation, address, postal_code,
	commune, phone, email, website, notes`

func scanPartner(row scanner) (backend.Partner, error) {
	var p backend.Partner
	var themes string
	err := row.Scan(&p.ID, &p.Name, &p.Kind, &themes, &p.Organisation, &p.Address,
		&p.PostalCode, &p.Commune, &p.Phone, &p.Email, &p.Website, &p.Notes)
	if err != nil {
		return p, err
	}
	err = json.Unmarshal([]byte(themes), &p.Themes)
	return p, err
}

var errPartnerGone = backend.NotFound("Ce partenaire n'existe pas ou a été supprimé.")

// readPartner reads one live partner and its live contacts.
func readPartner(ctx context.Context, q querier, id string) (backend.Partner, error) {
	p, err := scanPartner(q.QueryRowContext(ctx, `SELECT `+partnerColumns+` FROM partners
		WHERE id = ? AND deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errPartnerGone
	}
	if err != nil {
		return p, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, name, role, phone, email
		FROM partner_contacts WHERE partner_id = ? AND deleted_at IS NULL
		ORDER BY id`, id)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	p.Contacts = []backend.PartnerContact{}
	for rows.Next() {
		var c backend.PartnerContact
		if err := rows.Scan(&c.ID, &c.Name, &c.Role, &c.Phone, &c.Email); err != nil {
			return p, err
		}
		p.Contacts = append(p.Contacts, c)
	}
	sort.SliceStable(p.Contacts, func(i, j int) bool {
		return backend.Fold(p.Contacts[i].Name) < backend.Fold(p.Contacts[j].Name)
	})
	return p, rows.Err()
}

func (t *tx) partner(id string) (backend.Partner, error) {
	return readPartner(context.Background(), t.Tx, id)
}

// Partner returns one live partner with its contacts.
func (db *DB) Partner(ctx context.Context, id string) (backend.Partner, error) {
	p, err := readPartner(ctx, db.reader, id)
	var be *backend.Error
	if err != nil && !errors.As(err, &be) {
		return p, db.storageError("partner", err)
	}
	return p, err
}

// DeletePartner removes a partner from the directory (a tombstone): the
// referrals sent to it and the support given to it stay, with its name.
func (db *DB) DeletePartner(ctx context.Context, id string) error {
	return db.write(ctx, func(t *tx) error {
		if _, err := t.partner(id); err != nil {
			return err
		}
		now, version := t.stamp()
		if _, err := t.Exec(`UPDATE partners SET deleted_at = ?, updated_at = ?, version = ?
			WHERE id = ?`, now, now, version, id); err != nil {
			return err
		}
		if err := t.logChange("partner", id, version, "delete",
			map[string]string{"id": id}); err != nil {
			return err
		}
		return t.audit("delete", "partner", id, nil)
	})
}

// maxSearchWords is how many words of a search count.
const maxSearchWords = 12

// SearchPartners finds partners: every folded word of Text must start a
// word of the name, organisation or commune; Kind, Theme and Commune filter
// (the commune folded, so "aix en provence" finds "Aix-en-Provence"). Results
// come sorted by name.
func (db *DB) SearchPartners(ctx context.Context, q backend.PartnerQuery) (
	[]backend.PartnerRow, error) {
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	where := []string{"deleted_at IS NULL"}
	var args []any
	words := backend.FoldWords(q.Text)
	if len(words) > maxSearchWords {
		words = words[:maxSearchWords] // more words narrow nothing more
	}
	for _, w := range words {
		where = append(where, "(' ' || search_key) LIKE ?")
		args = append(args, "% "+w+"%")
	}
	if q.Kind != "" {
		where = append(where, "kind = ?")
		args = append(args, q.Kind)
	}
	if q.Theme != "" {
		where = append(where, "EXISTS (SELECT 1 FROM json_each(themes) WHERE value = ?)")
		args = append(args, q.Theme)
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT id, name, kind, commune, phone
		FROM partners WHERE `+strings.Join(where, " AND ")+` ORDER BY search_key, id`,
		args...)
	if err != nil {
		return nil, db.storageError("search partners", err)
	}
	defer rows.Close()
	kinds, err := db.refLabels(ctx, listPartnerKind)
	if err != nil {
		return nil, db.storageError("partner kinds", err)
	}
	commune := backend.Fold(q.Commune)
	out := []backend.PartnerRow{}
	for rows.Next() && len(out) < q.Limit {
		var r backend.PartnerRow
		if err := rows.Scan(&r.ID, &r.Name, &r.Kind, &r.Commune, &r.Phone); err != nil {
			return nil, db.storageError("search partners", err)
		}
		if commune != "" && !strings.HasPrefix(backend.Fold(r.Commune), commune) {
			continue
		}
		r.KindLabel = labelOr(kinds, r.Kind)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, db.storageError("search partners", err)
	}
	return out, nil
}

// PartnerPage returns the partner, the referrals sent to it and the
// support given to it.
func (db *DB) PartnerPage(ctx context.Context, id string) (backend.PartnerPage, error) {
	var page backend.PartnerPage
	var err error
	if page.Partner, err = db.Partner(ctx, id); err != nil {
		return page, err
	}
	kinds, err := db.refLabels(ctx, listPartnerKind)
	if err != nil {
		return page, db.storageError("partner kinds", err)
	}
	page.KindLabel = labelOr(kinds, page.Partner.Kind)
	if page.Referrals, err = db.ReferralsOfPartner(ctx, id); err != nil {
		return page, err
	}
	page.Supports, err = db.SupportsOfPartner(ctx, id)
	return page, err
}

// ImportPartners adds the lines' partners to the directory, in one
// transaction. A partner with the same folded name and commune as one
// already there updates it, so importing a file twice adds nothing; the
// contacts of a line, when it has any, replace the partner's. Lines whose
// content is invalid are rejected with their number; the others are kept.
func (db *DB) ImportPartners(ctx context.Context, lines []backend.PartnerLine) (backend.PartnerImport, error) {
	var res backend.PartnerImport
	var valid []backend.PartnerLine
	for _, l := range lines {
		if err := db.checkPartner(ctx, &l.Partner); err != nil {
			res.Rejected = append(res.Rejected, backend.RejectedLine{Line: l.Line,
				Reason: lineReason(l.Line, err)})
			continue
		}
		valid = append(valid, l)
	}
	err := db.write(ctx, func(t *tx) error {
		res.Created, res.Updated, res.Unchanged = 0, 0, 0
		t.bulk = true
		existing, err := t.partnersByMatchKey()
		if err != nil {
			return err
		}
		for _, l := range valid {
			p := l.Partner
			key := partnerMatchKey(p.Name, p.Commune)
			id, found := existing[key]
			if !found {
				p.ID = newID()
				if err := t.insertPartner(p); err != nil {
					return err
				}
				existing[key] = p.ID
				res.Created++
				continue
			}
			old, err := t.partner(id)
			if err != nil {
				return err
			}
			p.ID = id
			if len(p.Contacts) == 0 {
				p.Contacts = old.Contacts
			} else {
				p.Contacts = withContactIDs(old.Contacts, p.Contacts)
			}
			if len(changedFields(partnerFields(old), partnerFields(p))) == 0 &&
				!contactsChanged(old.Contacts, p.Contacts) {
				res.Unchanged++
				continue
			}
			if err := t.updatePartner(old, p); err != nil {
				return err
			}
			res.Updated++
		}
		return t.audit("import", "partner", newID(), []string{
			fmt.Sprintf("count:%d", res.Created+res.Updated)})
	})
	sort.Slice(res.Rejected, func(i, j int) bool { return res.Rejected[i].Line < res.Rejected[j].Line })
	return res, err
}

// withContactIDs gives the imported contacts the ids of the partner's
// contacts of the same folded name, so that an unchanged one stays as is.
func withContactIDs(old, cur []backend.PartnerContact) []backend.PartnerContact {
	ids := map[string]string{}
	for _, c := range old {
		ids[backend.Fold(c.Name)] = c.ID
	}
	out := make([]backend.PartnerContact, len(cur))
	for i, c := range cur {
		c.ID = ids[backend.Fold(c.Name)]
		delete(ids, backend.Fold(c.Name))
		out[i] = c
	}
	return out
}

// lineReason says why a line was rejected, with its number.
func lineReason(line int, err error) string {
	return "Ligne " + itoa(line) + " : " + backend.ErrorMessage(err)
}

// partnersByMatchKey maps the match key of every live partner to its id.
func (t *tx) partnersByMatchKey() (map[string]string, error) {
	rows, err := t.Query(`SELECT id, name, commune FROM partners WHERE deleted_at IS NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, name, commune string
		if err := rows.Scan(&id, &name, &commune); err != nil {
			return nil, err
		}
		out[partnerMatchKey(name, commune)] = id
	}
	return out, rows.Err()
}

// AllPartners returns every live partner with its contacts, sorted by
// name: what an export of the directory writes.
func (db *DB) AllPartners(ctx context.Context) ([]backend.Partner, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT id FROM partners
		WHERE deleted_at IS NULL ORDER BY search_key, id`)
	if err != nil {
		return nil, db.storageError("partners", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, db.storageError("partners", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := make([]backend.Partner, 0, len(ids))
	for _, id := range ids {
		p, err := db.Partner(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
