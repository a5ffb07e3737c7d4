package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"pappu/backend"
	"pappu/backend/geo"
)

// GeoTargets lists the live sites and partners the geocoding job should
// work on at now: those without a position, and, when online is true, those
// with an offline one, whose retry time (if any) has come.
func (db *DB) GeoTargets(ctx context.Context, now time.Time, online bool) ([]geo.Target, error) {
	var out []geo.Target
	for _, entity := range []string{"site", "partner"} {
		rows, err := db.reader.QueryContext(ctx, `SELECT e.id, e.address, e.postal_code,
			e.commune, e.precision, e.geo_source
			FROM `+entity+`s e LEFT JOIN geocode_attempts a
				ON a.entity = ? AND a.entity_id = e.id
			WHERE e.deleted_at IS NULL
			AND (e.lat IS NULL OR (? AND e.geo_source = 'gazetteer'))
			AND (a.next_attempt_at IS NULL OR a.next_attempt_at <= ?)
			ORDER BY e.id`, entity, online, formatTime(now))
		if err != nil {
			return nil, db.storageError("geo targets", err)
		}
		for rows.Next() {
			g := geo.Target{Entity: entity}
			var source string
			if err := rows.Scan(&g.ID, &g.Address.Street, &g.Address.PostalCode,
				&g.Address.Commune, &g.Precision, &source); err != nil {
				rows.Close()
				return nil, db.storageError("geo targets", err)
			}
			out = append(out, g)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, db.storageError("geo targets", err)
		}
	}
	return out, nil
}

// SavePosition stores the position found for a site or partner, by the
// system (not audited), and clears its retries.
func (db *DB) SavePosition(ctx context.Context, entity, id string, p backend.GeoPosition) error {
	return db.write(ctx, func(t *tx) error {
		now, version := t.stamp()
		res, err := t.Exec(`UPDATE `+table(entity)+` SET lat = ?, lon = ?, precision = ?,
			geo_source = ?, insee = ?, district_insee = ?, geocoded_at = ?, updated_at = ?,
			version = ? WHERE id = ? AND deleted_at IS NULL`,
			p.Lat, p.Lon, p.Precision, p.Source, p.INSEE, p.DistrictINSEE,
			formatTime(p.GeocodedAt), now, version, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // deleted meanwhile
		}
		if _, err := t.Exec(`DELETE FROM geocode_attempts WHERE entity = ? AND entity_id = ?`,
			entity, id); err != nil {
			return err
		}
		return t.logChange(entity, id, version, "upsert", map[string]any{"id": id, "geo": p})
	})
}

// PostponeGeocoding records a failed online attempt and when to try again;
// it returns how many failures there were in a row.
func (db *DB) PostponeGeocoding(ctx context.Context, entity, id string,
	backoff func(failures int) time.Duration, reason string) (int, error) {
	var failures int
	err := db.write(ctx, func(t *tx) error {
		err := t.QueryRow(`SELECT failures FROM geocode_attempts WHERE entity = ? AND entity_id = ?`,
			entity, id).Scan(&failures)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		failures++
		next := formatTime(t.now.Add(backoff(failures)))
		_, err = t.Exec(`INSERT INTO geocode_attempts (entity, entity_id, failures,
			next_attempt_at, last_error) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (entity, entity_id) DO UPDATE SET failures = excluded.failures,
			next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error`,
			entity, id, failures, next, reason)
		return err
	})
	return failures, err
}

// NextGeocodingAttempt returns when the job will try a site or partner
// again online; zero when no retry is pending.
func (db *DB) NextGeocodingAttempt(ctx context.Context, entity, id string) (time.Time, error) {
	var at string
	err := db.reader.QueryRowContext(ctx, `SELECT next_attempt_at FROM geocode_attempts
		WHERE entity = ? AND entity_id = ?`, entity, id).Scan(&at)
	if err == sql.ErrNoRows {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, db.storageError("geocode attempt", err)
	}
	return parseTime(at), nil
}

func table(entity string) string {
	if entity == "partner" {
		return "partners"
	}
	return "sites"
}

// MapPlaces lists the active, placed sites and partners, by name.
func (db *DB) MapPlaces(ctx context.Context) ([]backend.MapPlace, error) {
	rows, err := db.reader.QueryContext(ctx, `
		SELECT 'site', id, name, address, commune, themes, lat, lon, precision,
			geo_source, insee, district_insee, coalesce(geocoded_at, '')
		FROM sites WHERE deleted_at IS NULL AND active AND lat IS NOT NULL
		UNION ALL
		SELECT 'partner', id, name, address, commune, themes, lat, lon, precision,
			geo_source, insee, district_insee, coalesce(geocoded_at, '')
		FROM partners WHERE deleted_at IS NULL AND lat IS NOT NULL`)
	if err != nil {
		return nil, db.storageError("map places", err)
	}
	defer rows.Close()
	out := []backend.MapPlace{}
	for rows.Next() {
		var p backend.MapPlace
		var themes, at string
		if err := rows.Scan(&p.Kind, &p.ID, &p.Name, &p.Address, &p.Commune, &themes,
			&p.Geo.Lat, &p.Geo.Lon, &p.Geo.Precision, &p.Geo.Source, &p.Geo.INSEE,
			&p.Geo.DistrictINSEE, &at); err != nil {
			return nil, db.storageError("map places", err)
		}
		json.Unmarshal([]byte(themes), &p.Themes)
		if p.Themes == nil {
			p.Themes = []string{}
		}
		p.Geo.GeocodedAt = parseTime(at)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, db.storageError("map places", err)
	}
	sortPlaces(out)
	return out, nil
}
