package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"regexp"
	"sort"
	"strings"
	"time"

	"pappu/backend"
)

// siteColumns are the columns scanSite reads, in order.
const siteColumns = `id, name, address, commune, coalesce(partner_id, ''), postal_code,
	phone, email, website, contacts, themes, languages, walk_in, by_appointment,
	publics, access_notes, active, lat, lon, precision, geo_source, insee,
	district_insee, coalesce(geocoded_at, '')`

func scanSite(r scanner) (backend.Site, error) {
	var s backend.Site
	var themes, languages, precision, source, insee, district, at string
	var lat, lon sql.NullFloat64
	err := r.Scan(&s.ID, &s.Name, &s.Address, &s.Commune, &s.PartnerID, &s.PostalCode,
		&s.Phone, &s.Email, &s.Website, &s.Contacts, &themes, &languages, &s.WalkIn,
		&s.ByAppointment, &s.Publics, &s.AccessNotes, &s.Active, &lat, &lon, &precision,
		&source, &insee, &district, &at)
	if err != nil {
		return s, err
	}
	json.Unmarshal([]byte(themes), &s.Themes)
	json.Unmarshal([]byte(languages), &s.Languages)
	if lat.Valid && lon.Valid {
		s.Geo = &backend.GeoPosition{Lat: lat.Float64, Lon: lon.Float64, Precision: precision,
			Source: source, INSEE: insee, DistrictINSEE: district, GeocodedAt: parseTime(at)}
	}
	return s, nil
}

var hourRe = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

// checkSite normalises s and says, in French, what is wrong with it.
func checkSite(s *backend.Site) error {
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" {
		return backend.Invalid("name", "Le nom du lieu d'accueil est obligatoire.")
	}
	for i, sl := range s.Slots {
		if sl.Weekday < 1 || sl.Weekday > 7 {
			return backend.Invalid("slots", "Permanence %d : jour de la semaine inconnu.", i+1)
		}
		if !hourRe.MatchString(sl.Start) || !hourRe.MatchString(sl.End) || sl.Start >= sl.End {
			return backend.Invalid("slots",
				"Permanence %d : les heures doivent s'écrire HH:MM, le début avant la fin.", i+1)
		}
	}
	for i, c := range s.Closures {
		_, e1 := time.Parse("2006-01-02", c.From)
		_, e2 := time.Parse("2006-01-02", c.To)
		if e1 != nil || e2 != nil || c.To < c.From {
			return backend.Invalid("closures",
				"Fermeture %d : les dates doivent s'écrire AAAA-MM-JJ, la première avant la seconde.", i+1)
		}
	}
	if s.Themes == nil {
		s.Themes = []string{}
	}
	if s.Languages == nil {
		s.Languages = []string{}
	}
	if g := s.Geo; g != nil && (g.Lat < -90 || g.Lat > 90 || g.Lon < -180 || g.Lon > 180) {
		return backend.Invalid("geo", "La position (%g, %g) n'existe pas : la latitude va "+
			"de -90 à 90, la longitude de -180 à 180.", g.Lat, g.Lon)
	}
	return nil
}

// SaveSite creates a site (empty ID) or updates one, with its opening slots
// and closures. A changed address clears the position, for the geocoding
// job to find again.
func (db *DB) SaveSite(ctx context.Context, s backend.Site) (backend.Site, error) {
	if err := checkSite(&s); err != nil {
		return s, err
	}
	if err := db.checkCodes(ctx, listTheme, "themes", unknownTheme, s.Themes...); err != nil {
		return s, err
	}
	if s.PartnerID != "" {
		if _, err := db.Partner(ctx, s.PartnerID); err != nil {
			return s, backend.Invalid("partnerId", "Ce partenaire n'existe pas.")
		}
	}
	orgID, err := db.organisationID(ctx)
	if err != nil {
		return s, err
	}
	err = db.write(ctx, func(t *tx) error {
		action := "update"
		if s.ID == "" {
			s.ID, action = newID(), "create"
		} else if err := t.checkSiteAddress(&s); err != nil {
			return err
		}
		if err := t.upsertSite(orgID, s); err != nil {
			return err
		}
		if err := t.replaceSlots(s); err != nil {
			return err
		}
		return t.audit(action, "site", s.ID, []string{"name", "address", "postalCode",
			"commune", "contacts", "themes", "languages", "access", "active", "slots",
			"closures"})
	})
	if err != nil {
		return s, err
	}
	return db.Site(ctx, s.ID)
}

// checkSiteAddress keeps the stored position unless the address changed.
func (t *tx) checkSiteAddress(s *backend.Site) error {
	var addr, postal, commune string
	err := t.QueryRow(`SELECT address, postal_code, commune FROM sites
		WHERE id = ? AND deleted_at IS NULL`, s.ID).Scan(&addr, &postal, &commune)
	if errors.Is(err, sql.ErrNoRows) {
		return backend.NotFound("Ce lieu d'accueil n'existe pas ou plus.")
	}
	if err != nil {
		return err
	}
	if addr != s.Address || postal != s.PostalCode || commune != s.Commune {
		s.Geo = nil
		_, err = t.Exec(`DELETE FROM geocode_attempts WHERE entity = 'site' AND entity_id = ?`, s.ID)
	}
	return err
}

func (t *tx) upsertSite(orgID string, s backend.Site) error {
	now, version := t.stamp()
	themes, _ := json.Marshal(s.Themes)
	languages, _ := json.Marshal(s.Languages)
	var lat, lon, at any
	var g backend.GeoPosition
	if s.Geo != nil {
		g = *s.Geo
		lat, lon, at = g.Lat, g.Lon, formatTime(g.GeocodedAt)
	}
	key := backend.Fold(s.Name + " " + s.Address + " " + s.PostalCode + " " + s.Commune)
	_, err := t.Exec(`INSERT INTO sites (id, organisation_id, name, address, commune,
		partner_id, postal_code, phone, email, website, contacts, themes, languages,
		walk_in, by_appointment, publics, access_notes, active, search_key, lat, lon,
		precision, geo_source, geocoded_at, insee, district_insee,
		created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address,
		commune = excluded.commune, partner_id = excluded.partner_id,
		postal_code = excluded.postal_code, phone = excluded.phone, email = excluded.email,
		website = excluded.website, contacts = excluded.contacts, themes = excluded.themes,
		languages = excluded.languages, walk_in = excluded.walk_in,
		by_appointment = excluded.by_appointment, publics = excluded.publics,
		access_notes = excluded.access_notes, active = excluded.active,
		search_key = excluded.search_key, lat = excluded.lat, lon = excluded.lon,
		precision = excluded.precision, geo_source = excluded.geo_source,
		geocoded_at = excluded.geocoded_at, insee = excluded.insee,
		district_insee = excluded.district_insee, updated_at = excluded.updated_at,
		version = excluded.version`,
		s.ID, orgID, s.Name, s.Address, s.Commune, nullable(s.PartnerID), s.PostalCode,
		s.Phone, s.Email, s.Website, s.Contacts, string(themes), string(languages),
		s.WalkIn, s.ByAppointment, s.Publics, s.AccessNotes, s.Active, key, lat, lon,
		g.Precision, g.Source, at, g.INSEE, g.DistrictINSEE, now, now, version)
	if err != nil {
		return err
	}
	return t.logChange("site", s.ID, version, "upsert", s)
}

// replaceSlots tombstones the site's slots and closures and writes the new
// ones.
func (t *tx) replaceSlots(s backend.Site) error {
	now, _ := t.stamp()
	for _, table := range []string{"site_slots", "site_closures"} {
		rows, err := t.Tx.Query(`SELECT id FROM `+table+` WHERE site_id = ? AND deleted_at IS NULL`, s.ID)
		if err != nil {
			return err
		}
		var ids []string
		for rows.Next() {
			var id string
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			_, version := t.stamp()
			if _, err := t.Exec(`UPDATE `+table+` SET deleted_at = ?, updated_at = ?, version = ?
				WHERE id = ?`, now, now, version, id); err != nil {
				return err
			}
			if err := t.logChange(strings.TrimSuffix(table, "s"), id, version, "delete", nil); err != nil {
				return err
			}
		}
	}
	for _, sl := range s.Slots {
		id, version := newID(), t.db.newVersion(t.now)
		if _, err := t.Exec(`INSERT INTO site_slots (id, site_id, weekday, start_time, end_time,
			note, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, s.ID, sl.Weekday, sl.Start, sl.End, sl.Note, now, now, version); err != nil {
			return err
		}
		if err := t.logChange("site_slot", id, version, "upsert", sl); err != nil {
			return err
		}
	}
	for _, c := range s.Closures {
		id, version := newID(), t.db.newVersion(t.now)
		if _, err := t.Exec(`INSERT INTO site_closures (id, site_id, from_day, to_day, reason,
			created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			id, s.ID, c.From, c.To, c.Reason, now, now, version); err != nil {
			return err
		}
		if err := t.logChange("site_closure", id, version, "upsert", c); err != nil {
			return err
		}
	}
	return nil
}

// Site returns a live site with its slots and closures.
func (db *DB) Site(ctx context.Context, id string) (backend.Site, error) {
	s, err := scanSite(db.reader.QueryRowContext(ctx, `SELECT `+siteColumns+`
		FROM sites WHERE id = ? AND deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, backend.NotFound("Ce lieu d'accueil n'existe pas ou plus.")
	}
	if err != nil {
		return s, db.storageError("site", err)
	}
	list := []backend.Site{s}
	if err := db.fillSlots(ctx, list); err != nil {
		return s, db.storageError("site slots", err)
	}
	return list[0], nil
}

// SearchSites lists the live sites the filter keeps, by name.
func (db *DB) SearchSites(ctx context.Context, f backend.SiteFilter) ([]backend.Site, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT `+siteColumns+`, search_key
		FROM sites WHERE deleted_at IS NULL ORDER BY name`)
	if err != nil {
		return nil, db.storageError("sites", err)
	}
	defer rows.Close()
	out := []backend.Site{}
	for rows.Next() {
		var key string
		s, err := scanSite(rowWithKey{rows, &key})
		if err != nil {
			return nil, db.storageError("sites", err)
		}
		if (s.Active || f.IncludeInactive) && matchesText(key, f.Text) &&
			matchesText(backend.Fold(s.Commune), f.Commune) &&
			(f.Theme == "" || contains(s.Themes, f.Theme)) {
			out = append(out, s)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, db.storageError("sites", err)
	}
	if err := db.fillSlots(ctx, out); err != nil {
		return nil, db.storageError("site slots", err)
	}
	return filterOpen(out, f, db.Now()), nil
}

// rowWithKey scans a site row followed by one more column.
type rowWithKey struct {
	r   scanner
	key *string
}

func (r rowWithKey) Scan(dest ...any) error { return r.r.Scan(append(dest, r.key)...) }

func matchesText(key, text string) bool {
	for _, w := range backend.FoldWords(text) {
		if !strings.Contains(key, w) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func filterOpen(sites []backend.Site, f backend.SiteFilter, now time.Time) []backend.Site {
	out := sites[:0]
	for _, s := range sites {
		if (!f.OpenNow || s.OpenAt(now, parisZone)) && (f.OpenOn == "" || s.OpenOn(f.OpenOn)) {
			out = append(out, s)
		}
	}
	return out
}

// fillSlots reads the live slots and closures of sites.
func (db *DB) fillSlots(ctx context.Context, sites []backend.Site) error {
	at := map[string]int{}
	for i, s := range sites {
		at[s.ID] = i
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT site_id, weekday, start_time, end_time,
		note FROM site_slots WHERE deleted_at IS NULL ORDER BY weekday, start_time`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		var sl backend.OpeningSlot
		if err := rows.Scan(&id, &sl.Weekday, &sl.Start, &sl.End, &sl.Note); err != nil {
			rows.Close()
			return err
		}
		if i, ok := at[id]; ok {
			sites[i].Slots = append(sites[i].Slots, sl)
		}
	}
	rows.Close()
	rows, err = db.reader.QueryContext(ctx, `SELECT site_id, from_day, to_day, reason
		FROM site_closures WHERE deleted_at IS NULL ORDER BY from_day`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var c backend.Closure
		if err := rows.Scan(&id, &c.From, &c.To, &c.Reason); err != nil {
			return err
		}
		if i, ok := at[id]; ok {
			sites[i].Closures = append(sites[i].Closures, c)
		}
	}
	return rows.Err()
}

// sortPlaces orders map places by name.
func sortPlaces(p []backend.MapPlace) {
	sort.SliceStable(p, func(i, j int) bool { return p[i].Name < p[j].Name })
}
