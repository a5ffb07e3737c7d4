// Package refdata holds PAPPU's built-in reference data: the coded lists
// (themes, visit modes, administrative situations, sexes) and the countries,
// with functions that resolve what people type ("ALGERIE", "marocaine",
// "Santé (AME)", "Mme") to codes. Matching folds case, accents, hyphens and
// punctuation (backend.Fold); every index is built once and only read after,
// so all functions are safe for concurrent use.
//
// These lists are the defaults a new database starts with; statistics group
// by code, so a label may be renamed without splitting a count.
//
// The countries come from the world-countries data set under the Open
// Database License; see README.md and gen/.
package refdata

//go:generate sh -c "cd gen && npm ci --no-audit --no-fund && go run ."

import "pappu/backend"

// References returns every coded list the window shows.
func References() backend.References {
	return backend.References{
		Themes:          Themes(),
		VisitModes:      VisitModes(),
		AdminSituations: AdminSituations(),
		Sexes:           Sexes(),
		AgeBrackets:     append([]string(nil), backend.AgeBrackets...),
		Countries:       Countries(),
	}
}
