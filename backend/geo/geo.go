// Package geo turns addresses into positions, offline through a gazetteer
// of the French communes embedded in the binary, online through a client of
// the national address API (BAN) when one is configured, and finds the
// places nearest to a point.
package geo

import (
	"context"
	"errors"
	"strings"
)

//go:generate sh -c "cd gen && npm ci --no-audit --no-fund && go run ."

// Precision says what a position stands for, from the finest to the coarsest.
type Precision string

const (
	PrecisionStreet      Precision = "street"      // the street or the house
	PrecisionDistrict    Precision = "district"    // a district of Paris, Lyon or Marseille
	PrecisionCommune     Precision = "commune"     // the centre of the commune
	PrecisionDepartement Precision = "departement" // an area of the département around it
)

// Rank orders precisions: a higher rank is finer; an unknown one ranks 0.
func (p Precision) Rank() int {
	switch p {
	case PrecisionStreet:
		return 4
	case PrecisionDistrict:
		return 3
	case PrecisionCommune:
		return 2
	case PrecisionDepartement:
		return 1
	}
	return 0
}

// Sources of a result.
const (
	SourceGazetteer = "gazetteer" // the offline gazetteer
	SourceBAN       = "ban"       // the national address API
)

// Address is an address as people type it, in up to three fields; any of
// them may hold the whole address.
type Address struct {
	Street     string `json:"street"`
	PostalCode string `json:"postalCode"`
	Commune    string `json:"commune"`
}

// Text is the address on one line.
func (a Address) Text() string {
	var parts []string
	for _, s := range []string{a.Street, a.PostalCode, a.Commune} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// Result is where an address was found.
type Result struct {
	Lat           float64   `json:"lat"`
	Lon           float64   `json:"lon"`
	INSEE         string    `json:"insee"`          // the commune's INSEE code
	DistrictINSEE string    `json:"district_insee"` // the district's, in Paris, Lyon, Marseille
	Precision     Precision `json:"precision"`
	Source        string    `json:"source"`
	Label         string    `json:"label,omitempty"` // what was found, e.g. "Marseille 15e Arrondissement"
}

// Geocoder finds the position of an address.
type Geocoder interface {
	Geocode(ctx context.Context, a Address) (Result, error)
}

// ErrNotFound means the address names no commune the geocoder knows.
var ErrNotFound = errors.New("geo: address not found")

// ErrUnavailable means an online geocoder could not be reached; trying
// again later may work.
var ErrUnavailable = errors.New("geo: geocoder unavailable")
