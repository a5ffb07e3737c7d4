package sqlite

import (
	"context"
	"strings"
)

// VisitsByImportKey maps the import keys of live visits among keys to their
// ids: what made-up activity needs to add referrals to the visits it
// imported.
func (db *DB) VisitsByImportKey(ctx context.Context, keys []string) (map[string]string, error) {
	out := map[string]string{}
	for from := 0; from < len(keys); from += 500 {
		part := keys[from:min(from+500, len(keys))]
		args := make([]any, len(part))
		for i, k := range part {
			args[i] = k
		}
		rows, err := db.reader.QueryContext(ctx, `SELECT import_key, id FROM visits
			WHERE deleted_at IS NULL AND import_key IN (?`+
			strings.Repeat(", ?", len(part)-1)+`)`, args...)
		if err != nil {
			return nil, db.storageError("visits by key", err)
		}
		for rows.Next() {
			var k, id string
			if err := rows.Scan(&k, &id); err != nil {
				rows.Close()
				return nil, db.storageError("visits by key", err)
			}
			out[k] = id
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, db.storageError("visits by key", err)
		}
	}
	return out, nil
}
