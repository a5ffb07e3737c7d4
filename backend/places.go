package backend

import "time"

// GeoPosition is where a site or partner is, how precisely and according to
// which geocoder.
type GeoPosition struct {
	Lat           float64   `json:"lat"`
	Lon           float64   `json:"lon"`
	Precision     string    `json:"precision"` // street | district | commune | departement
	Source        string    `json:"source"`    // gazetteer | ban | manual
	INSEE         string    `json:"insee"`
	DistrictINSEE string    `json:"districtInsee,omitempty"`
	GeocodedAt    time.Time `json:"geocodedAt"`
}

// OpeningSlot is a weekly time slot when a site receives people (permanence).
type OpeningSlot struct {
	Weekday int    `json:"weekday"` // 1 Monday … 7 Sunday
	Start   string `json:"start"`   // HH:MM, Europe/Paris
	End     string `json:"end"`
	Note    string `json:"note,omitempty"` // "sur rendez-vous", "juristes"…
}

// Closure is a period a site is closed, both days included (YYYY-MM-DD).
type Closure struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Reason string `json:"reason,omitempty"`
}

// SiteFilter narrows the directory. Empty fields do not filter.
type SiteFilter struct {
	Text            string `json:"text"`    // folded words of the name, address, commune
	Theme           string `json:"theme"`   // a theme code
	Commune         string `json:"commune"` // part of the commune's name
	OpenNow         bool   `json:"openNow"`
	OpenOn          string `json:"openOn"` // YYYY-MM-DD: open some time that day
	IncludeInactive bool   `json:"includeInactive"`
}

// NearestQuery asks for the places nearest to a commune, a postal code or a
// point.
type NearestQuery struct {
	From  string   `json:"from"` // commune, postal code or address; or empty with Lat/Lon
	Lat   *float64 `json:"lat,omitempty"`
	Lon   *float64 `json:"lon,omitempty"`
	Theme string   `json:"theme"`
	Limit int      `json:"limit"` // 10 when 0
}

// MapPlace is a site or partner as the map and the nearest-place search
// show it.
type MapPlace struct {
	Kind     string      `json:"kind"` // site | partner
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Address  string      `json:"address"`
	Commune  string      `json:"commune"`
	Themes   []string    `json:"themes"`
	Geo      GeoPosition `json:"geo"`
	Distance float64     `json:"distance,omitempty"` // metres, in a nearest-place answer
}

// Nearest is the answer of a nearest-place search: where it searched from
// and the places, nearest first.
type Nearest struct {
	From   GeoPosition `json:"from"`
	Places []MapPlace  `json:"places"`
}

// OpenAt tells whether a site receives people at t (in Europe/Paris),
// closures included.
func (s Site) OpenAt(t time.Time, paris *time.Location) bool {
	t = t.In(paris)
	day, hm := t.Format("2006-01-02"), t.Format("15:04")
	if s.ClosedOn(day) {
		return false
	}
	wd := isoWeekday(t)
	for _, sl := range s.Slots {
		if sl.Weekday == wd && sl.Start <= hm && hm < sl.End {
			return true
		}
	}
	return false
}

// OpenOn tells whether a site receives people some time on day (YYYY-MM-DD).
func (s Site) OpenOn(day string) bool {
	d, err := time.Parse("2006-01-02", day)
	if err != nil || s.ClosedOn(day) {
		return false
	}
	wd := isoWeekday(d)
	for _, sl := range s.Slots {
		if sl.Weekday == wd {
			return true
		}
	}
	return false
}

// ClosedOn tells whether a closure covers day.
func (s Site) ClosedOn(day string) bool {
	for _, c := range s.Closures {
		if c.From <= day && day <= c.To {
			return true
		}
	}
	return false
}

func isoWeekday(t time.Time) int {
	if t.Weekday() == time.Sunday {
		return 7
	}
	return int(t.Weekday())
}
