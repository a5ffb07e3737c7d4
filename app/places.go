package app

import (
	"context"
	"time"

	"pappu/backend"
	"pappu/backend/geo"
	"pappu/backend/sqlite"
)

// Settings of the maps and the geocoder (local to the PC, like backups).
const (
	// SettingGeocoderURL is the base URL of an online geocoder speaking the
	// national address API's format; empty (the default) keeps geocoding
	// offline.
	SettingGeocoderURL = "geo.geocoder_url"
	// SettingTilesURL is a tile layer template such as
	// "http://127.0.0.1:8080/{z}/{x}/{y}.png"; empty shows the embedded map.
	SettingTilesURL = "geo.tiles_url"
)

// Sites is the directory of reception places (ours and partners'), their
// map and the nearest-place search.
type Sites struct{ deps *deps }

// MapConfig is what the map needs besides its places.
type MapConfig struct {
	TilesURL string `json:"tilesUrl"` // "" : the embedded outline only
}

// List returns the sites the filter keeps, by name.
func (s *Sites) List(f backend.SiteFilter) ([]backend.Site, error) {
	ctx, err := s.deps.authorize("Sites.List", backend.ActPartnerRead)
	if err != nil {
		return nil, err
	}
	return done[[]backend.Site](s.deps, "Sites.List")(s.deps.store.SearchSites(ctx, f))
}

// Get opens a site's card.
func (s *Sites) Get(id string) (backend.Site, error) {
	ctx, err := s.deps.authorize("Sites.Get", backend.ActPartnerRead)
	if err != nil {
		return backend.Site{}, err
	}
	return done[backend.Site](s.deps, "Sites.Get")(s.deps.store.Site(ctx, id))
}

// Save creates or updates a site with its slots and closures; a new or
// moved site is placed on the map at once from the offline gazetteer.
func (s *Sites) Save(in backend.Site) (backend.Site, error) {
	ctx, err := s.deps.authorize("Sites.Save", backend.ActSettings)
	if err != nil {
		return backend.Site{}, err
	}
	out, err := s.deps.store.SaveSite(ctx, in)
	if err == nil && out.Geo == nil {
		out = s.placeOffline(ctx, out)
	}
	return done[backend.Site](s.deps, "Sites.Save")(out, err)
}

// placeOffline geocodes a site from the gazetteer; the geocoding job may
// later find it more precisely online.
func (s *Sites) placeOffline(ctx context.Context, site backend.Site) backend.Site {
	r, err := geo.NewOffline(geo.MustLoad()).Geocode(ctx, geo.Address{
		Street: site.Address, PostalCode: site.PostalCode, Commune: site.Commune})
	if err != nil {
		return site
	}
	p := backend.GeoPosition{Lat: r.Lat, Lon: r.Lon, Precision: string(r.Precision),
		Source: r.Source, INSEE: r.INSEE, DistrictINSEE: r.DistrictINSEE,
		GeocodedAt: s.deps.store.Now()}
	if err := s.deps.store.SavePosition(ctx, "site", site.ID, p); err != nil {
		return site
	}
	site.Geo = &p
	return site
}

// Map returns the active, placed sites and partners.
func (s *Sites) Map() ([]backend.MapPlace, error) {
	ctx, err := s.deps.authorize("Sites.Map", backend.ActPartnerRead)
	if err != nil {
		return nil, err
	}
	return done[[]backend.MapPlace](s.deps, "Sites.Map")(s.deps.store.MapPlaces(ctx))
}

// Nearest returns the places nearest to a commune, postal code or point
// that handle a theme.
func (s *Sites) Nearest(q backend.NearestQuery) (backend.Nearest, error) {
	ctx, err := s.deps.authorize("Sites.Nearest", backend.ActPartnerRead)
	if err != nil {
		return backend.Nearest{}, err
	}
	places, err := s.deps.store.MapPlaces(ctx)
	if err != nil {
		return backend.Nearest{}, PublicError(s.deps.log, "Sites.Nearest", err)
	}
	return done[backend.Nearest](s.deps, "Sites.Nearest")(
		geo.NearestPlaces(ctx, geo.MustLoad(), places, q))
}

// MapConfig returns the tile layer to show when one is configured.
func (s *Sites) MapConfig() (MapConfig, error) {
	ctx, err := s.deps.authorize("Sites.MapConfig", backend.ActPartnerRead)
	if err != nil {
		return MapConfig{}, err
	}
	url, err := s.deps.store.Setting(ctx, SettingTilesURL, "")
	return done[MapConfig](s.deps, "Sites.MapConfig")(MapConfig{TilesURL: url}, err)
}

// GeocodingJob is the background job that places sites and partners:
// offline, then online when SettingGeocoderURL is set.
func GeocodingJob(store *sqlite.DB) *geo.Job {
	g := geo.MustLoad()
	return &geo.Job{Store: store, Offline: geo.NewOffline(g),
		Now: func() time.Time { return store.Now() },
		Online: func(ctx context.Context) (geo.Geocoder, error) {
			url, err := store.Setting(ctx, SettingGeocoderURL, "")
			if err != nil || url == "" {
				return nil, err
			}
			return geo.NewBAN(url, 10*time.Second, g), nil
		}}
}
