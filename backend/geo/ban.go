package geo

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// BAN is a client of the national address API (Base adresse nationale,
// "api-adresse" format): GET {URL}/search/?q=…&limit=1 answers a GeoJSON
// FeatureCollection whose best feature carries the position, its type
// (housenumber, street, locality, municipality) and the INSEE code.
type BAN struct {
	url    string
	client *http.Client
	g      *Gazetteer // tells a district's code from a commune's
	// MinScore is the lowest score accepted; below, the address is not found.
	MinScore float64
}

// NewBAN returns a client of the API at baseURL (e.g.
// "http://127.0.0.1:7878"), reading district codes in g.
func NewBAN(baseURL string, timeout time.Duration, g *Gazetteer) *BAN {
	return &BAN{url: strings.TrimRight(baseURL, "/"), client: &http.Client{Timeout: timeout},
		g: g, MinScore: 0.4}
}

type banAnswer struct {
	Features []struct {
		Geometry struct {
			Coordinates []float64 `json:"coordinates"` // longitude, latitude
		} `json:"geometry"`
		Properties struct {
			Label    string  `json:"label"`
			Score    float64 `json:"score"`
			Type     string  `json:"type"`
			CityCode string  `json:"citycode"`
		} `json:"properties"`
	} `json:"features"`
}

// Geocode asks the API for a. A failure to reach it, or an answer it
// cannot read, wraps ErrUnavailable; no good enough match is ErrNotFound.
func (b *BAN) Geocode(ctx context.Context, a Address) (Result, error) {
	q := url.Values{"q": {a.Text()}, "limit": {"1"}}
	if p := strings.TrimSpace(a.PostalCode); postalRe.MatchString(p) {
		q.Set("postcode", p)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.url+"/search/?"+q.Encode(), nil)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Result{}, fmt.Errorf("%w: HTTP %d", ErrUnavailable, resp.StatusCode)
	}
	var ans banAnswer
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	if len(ans.Features) == 0 || len(ans.Features[0].Geometry.Coordinates) != 2 ||
		ans.Features[0].Properties.Score < b.MinScore {
		return Result{}, ErrNotFound
	}
	f := ans.Features[0]
	r := Result{Lon: f.Geometry.Coordinates[0], Lat: f.Geometry.Coordinates[1],
		INSEE: f.Properties.CityCode, Source: SourceBAN, Label: f.Properties.Label,
		Precision: banPrecision(f.Properties.Type)}
	// The API gives a district's code for addresses of Paris, Lyon, Marseille.
	if b.g != nil {
		if c, ok := b.g.Commune(r.INSEE); ok && c.Parent != "" {
			r.INSEE, r.DistrictINSEE = c.Parent, c.INSEE
		}
	}
	return r, nil
}

func banPrecision(kind string) Precision {
	switch kind {
	case "housenumber", "street":
		return PrecisionStreet
	default: // municipality, locality
		return PrecisionCommune
	}
}
