package geo

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// gazetteerData is written by gen/ from @etalab/decoupage-administratif and
// GeoNames' cities500 (see gen/main.go and the README for the licences).
//
//go:embed gazetteer.tsv.gz
var gazetteerData []byte

// Commune is a commune, or a district of Paris, Lyon or Marseille, of the
// gazetteer.
type Commune struct {
	INSEE       string   `json:"insee"`
	Parent      string   `json:"parent,omitempty"` // the commune of a district
	Name        string   `json:"name"`
	Departement string   `json:"departement"`
	PostalCodes []string `json:"postalCodes"`
	Population  int      `json:"population"`
	Lat         float64  `json:"lat"`
	Lon         float64  `json:"lon"`
	// Placed says what Lat and Lon stand for: 'c' the commune itself (from
	// GeoNames), 'a' the centre of its arrondissement départemental, 'd' of
	// its département, 'p' the commune of a district GeoNames lacks, 0 none.
	Placed byte `json:"-"`
}

// Gazetteer is the offline list of communes, with their names as people
// type them, their postal codes and their positions.
type Gazetteer struct {
	communes  []Commune
	byCode    map[string]int
	byName    map[string][]nameEntry
	byPostal  map[string][]int
	districts map[string]int // parent INSEE + "|" + number → district
	deps      map[string]Commune
	maxWords  int
}

// nameEntry is one way of writing a commune's name.
type nameEntry struct {
	index int
	exact bool // the full name, not a shortened one
}

var (
	loadOnce sync.Once
	loaded   *Gazetteer
	loadErr  error
)

// Load reads the embedded gazetteer, once.
func Load() (*Gazetteer, error) {
	loadOnce.Do(func() { loaded, loadErr = parseGazetteer(gazetteerData) })
	return loaded, loadErr
}

// MustLoad is Load for callers that cannot go on without it: the gazetteer
// is built into the binary and checked by the tests.
func MustLoad() *Gazetteer {
	g, err := Load()
	if err != nil {
		panic(err)
	}
	return g
}

func parseGazetteer(data []byte) (*Gazetteer, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("geo: read gazetteer: %w", err)
	}
	g := &Gazetteer{
		byCode:    map[string]int{},
		byName:    map[string][]nameEntry{},
		byPostal:  map[string][]int{},
		districts: map[string]int{},
		deps:      map[string]Commune{},
	}
	var former [][2]string // name, current commune
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 10 {
			return nil, fmt.Errorf("geo: gazetteer line %q", sc.Text())
		}
		c := Commune{INSEE: f[1], Parent: f[2], Name: f[3], Departement: f[4]}
		if f[5] != "" {
			c.PostalCodes = strings.Split(f[5], ",")
		}
		c.Population, _ = strconv.Atoi(f[6])
		if f[9] != "" {
			c.Lat, _ = strconv.ParseFloat(f[7], 64)
			c.Lon, _ = strconv.ParseFloat(f[8], 64)
			c.Placed = f[9][0]
		}
		switch f[0] {
		case "D":
			g.deps[c.INSEE] = c
		case "F":
			former = append(former, [2]string{c.Name, c.Parent})
		default:
			g.add(c)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("geo: read gazetteer: %w", err)
	}
	for _, f := range former {
		if i, ok := g.byCode[f[1]]; ok {
			g.addName(f[0], i, false)
		}
	}
	return g, nil
}

func (g *Gazetteer) add(c Commune) {
	i := len(g.communes)
	g.communes = append(g.communes, c)
	g.byCode[c.INSEE] = i
	for _, p := range c.PostalCodes {
		g.byPostal[p] = append(g.byPostal[p], i)
	}
	if c.Parent != "" {
		if n := districtOf(fold(c.Name)); n != "" {
			g.districts[c.Parent+"|"+n] = i
		}
		return // "Marseille 15e Arrondissement" is read by districtOf
	}
	g.addName(c.Name, i, true)
}

// shortenings are the parts of a commune's name people leave out:
// "La Seyne" for "La Seyne-sur-Mer", "Châlons" for "Châlons-en-Champagne".
var shortenings = []string{" sur mer", " sur ", " en ", " les ", " lez ", " la ", " le "}

func (g *Gazetteer) addName(name string, i int, exact bool) {
	keys := map[string]bool{fold(name): exact, foldTight(name): exact}
	full := fold(name)
	for _, s := range shortenings {
		if at := strings.Index(full, s); at >= 4 {
			if _, ok := keys[full[:at]]; !ok {
				keys[full[:at]] = false
			}
		}
	}
	for k, ex := range keys {
		g.byName[k] = append(g.byName[k], nameEntry{i, ex})
		if n := strings.Count(k, " ") + 1; n > g.maxWords {
			g.maxWords = n
		}
	}
}

// Commune returns the commune or district of an INSEE code.
func (g *Gazetteer) Commune(insee string) (Commune, bool) {
	i, ok := g.byCode[insee]
	if !ok {
		return Commune{}, false
	}
	return g.communes[i], true
}

// PostalCode returns the communes a postal code serves, most populated first.
func (g *Gazetteer) PostalCode(code string) []Commune {
	var out []Commune
	for _, i := range g.byPostal[code] {
		if g.communes[i].Parent == "" {
			out = append(out, g.communes[i])
		}
	}
	sortByPopulation(out)
	return out
}

// Coverage counts the communes (districts apart) and their population, and
// how many of them have a position of their own.
type Coverage struct {
	Communes             int     `json:"communes"`
	Placed               int     `json:"placed"`
	Population           int     `json:"population"`
	PlacedPopulation     int     `json:"placedPopulation"`
	PlacedShare          float64 `json:"placedShare"`          // of the communes, 0..1
	PlacedPopulationRate float64 `json:"placedPopulationRate"` // of the population, 0..1
	Districts            int     `json:"districts"`
	PlacedDistricts      int     `json:"placedDistricts"`
}

// Coverage says how much of France the gazetteer places by itself.
func (g *Gazetteer) Coverage() Coverage {
	var c Coverage
	for _, m := range g.communes {
		if m.Parent != "" {
			c.Districts++
			if m.Placed == 'c' {
				c.PlacedDistricts++
			}
			continue
		}
		c.Communes++
		c.Population += m.Population
		if m.Placed == 'c' {
			c.Placed++
			c.PlacedPopulation += m.Population
		}
	}
	if c.Communes > 0 {
		c.PlacedShare = float64(c.Placed) / float64(c.Communes)
	}
	if c.Population > 0 {
		c.PlacedPopulationRate = float64(c.PlacedPopulation) / float64(c.Population)
	}
	return c
}
