// Command gen writes backend/refdata/countries.json, the list of countries
// embedded in PAPPU, from the npm package world-countries (mledoze/countries).
//
// Run it from backend/refdata with `go generate` (see refdata.go), or by hand:
//
//	cd backend/refdata/gen && npm ci && go run . -src node_modules/world-countries/countries.json
//
// The source data is © Mohammed Le Doze and contributors, published under the
// Open Database License (ODbL) 1.0, https://opendatacommons.org/licenses/odbl/1.0/.
// countries.json is a derived database and stays under the ODbL; see
// backend/refdata/README.md.
//
// The data set is kept as is except for the few entries in nameOverrides and
// demonymOverrides below, each with the reason for the change.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"

	"pappu/backend"
)

// source is the part of a world-countries entry that PAPPU uses.
type source struct {
	CCA2        string `json:"cca2"`
	CCA3        string `json:"cca3"`
	Status      string `json:"status"`
	Independent *bool  `json:"independent"`
	Name        struct {
		Common string `json:"common"`
	} `json:"name"`
	Translations map[string]struct {
		Common   string `json:"common"`
		Official string `json:"official"`
	} `json:"translations"`
	Demonyms map[string]struct {
		F string `json:"f"`
		M string `json:"m"`
	} `json:"demonyms"`
}

// country is one entry of countries.json; refdata reads the same fields.
type country struct {
	Code        string `json:"code"`             // ISO 3166-1 alpha-2
	Alpha3      string `json:"alpha3,omitempty"` // ISO 3166-1 alpha-3
	Name        string `json:"name"`             // usual French name
	Official    string `json:"official"`         // official French name
	English     string `json:"english"`          // usual English name
	Masculine   string `json:"masculine"`        // nationality adjective
	Feminine    string `json:"feminine"`
	Independent bool   `json:"independent"` // a sovereign state
}

// nameOverrides replaces French names that are wrong or unusual in France.
var nameOverrides = map[string]string{
	"AX": "Îles Åland",                       // the data set gives the Finnish name
	"CD": "République démocratique du Congo", // "Congo (Rép. dém.)" reads badly
	"CG": "Congo (Brazzaville)",              // "Congo" alone is ambiguous in practice
	"CV": "Cap-Vert",                         // the usual name
	"EH": "Sahara occidental",                // lower case, as in French usage
	"MF": "Saint-Martin (partie française)",  // the data set names MF and SX alike
	"SX": "Saint-Martin (partie néerlandaise)",
	"PW": "Palaos",               // drop the "(Palau)" gloss
	"SA": "Arabie saoudite",      // lower case, as in French usage
	"ST": "Sao Tomé-et-Principe", // French spelling
	"SZ": "Eswatini",             // the country's name since 2018
}

// demonym is a nationality adjective in both genders.
type demonym struct{ m, f string }

// demonymOverrides fills the adjectives the data set lacks and fixes odd ones.
// Small or uninhabited territories take the adjective of the sovereign state,
// which is the nationality their inhabitants hold.
var demonymOverrides = map[string]demonym{
	// Missing in the data set.
	"BV": {"norvégien", "norvégienne"},   // uninhabited, Norway
	"SJ": {"norvégien", "norvégienne"},   // Norway
	"CC": {"australien", "australienne"}, // Australia
	"CX": {"australien", "australienne"}, // Australia
	"HM": {"australien", "australienne"}, // uninhabited, Australia
	"IO": {"britannique", "britannique"}, // United Kingdom
	"GS": {"britannique", "britannique"}, // United Kingdom
	"TC": {"britannique", "britannique"}, // United Kingdom
	"VG": {"britannique", "britannique"}, // United Kingdom
	"UM": {"américain", "américaine"},    // United States
	"VI": {"américain", "américaine"},    // United States
	"GU": {"guamien", "guamienne"},       // usual French adjective
	"IM": {"mannois", "mannoise"},        // usual French adjective
	"EH": {"sahraoui", "sahraouie"},      // usual French adjective
	"TK": {"tokélaouan", "tokélaouane"},  // usual French adjective
	"WF": {"wallisien", "wallisienne"},   // usual French adjective
	// Odd in the data set.
	"AG": {"antiguais-et-barbudien", "antiguaise-et-barbudienne"}, // masculine was feminine
	"FK": {"malouin", "malouine"},                                 // "Malouinne"
	"MP": {"mariannais", "mariannaise"},                           // "Américan"
	"NZ": {"néo-zélandais", "néo-zélandaise"},                     // missing accent
	"PM": {"saint-pierrais", "saint-pierraise"},                   // two words in one
	"SH": {"hélénien", "hélénienne"},                              // inconsistent genders
	"SZ": {"swazi", "swazie"},                                     // masculine was feminine
	"TJ": {"tadjik", "tadjike"},                                   // masculine was feminine
}

func main() {
	src := flag.String("src", "node_modules/world-countries/countries.json",
		"countries.json of the world-countries npm package")
	dst := flag.String("dst", "../countries.json", "file to write")
	flag.Parse()

	sources, err := readSources(*src)
	if err != nil {
		log.Fatal(err)
	}
	countries, err := convert(sources)
	if err != nil {
		log.Fatal(err)
	}
	if err := write(*dst, countries); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d countries written to %s", len(countries), *dst)
}

func readSources(path string) ([]source, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read source (run npm ci in gen/ first): %w", err)
	}
	var sources []source
	if err := json.Unmarshal(data, &sources); err != nil {
		return nil, fmt.Errorf("decode %s: %w", path, err)
	}
	return sources, nil
}

// convert keeps the fields PAPPU needs, applies the overrides and sorts by
// folded French name.
func convert(sources []source) ([]country, error) {
	out := make([]country, 0, len(sources))
	for _, s := range sources {
		c, err := convertOne(s)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := backend.Fold(out[i].Name), backend.Fold(out[j].Name)
		if a != b {
			return a < b
		}
		return out[i].Code < out[j].Code
	})
	return out, nil
}

func convertOne(s source) (country, error) {
	fra := s.Translations["fra"]
	c := country{
		Code:        s.CCA2,
		Name:        fra.Common,
		Official:    fra.Official,
		English:     s.Name.Common,
		Masculine:   strings.ToLower(s.Demonyms["fra"].M),
		Feminine:    strings.ToLower(s.Demonyms["fra"].F),
		Independent: s.Independent != nil && *s.Independent,
	}
	if s.Status == "officially-assigned" {
		c.Alpha3 = s.CCA3
	}
	if name, ok := nameOverrides[c.Code]; ok {
		c.Name = name
	}
	if d, ok := demonymOverrides[c.Code]; ok {
		c.Masculine, c.Feminine = d.m, d.f
	}
	if len(c.Code) != 2 || c.Name == "" || c.Masculine == "" || c.Feminine == "" {
		return c, fmt.Errorf("incomplete entry %q: %+v", s.CCA2, c)
	}
	return c, nil
}

// write writes one country per line, so that a change reads well in a diff.
func write(path string, countries []country) error {
	var b strings.Builder
	b.WriteString("[\n")
	for i, c := range countries {
		line, err := json.Marshal(c)
		if err != nil {
			return fmt.Errorf("encode %s: %w", c.Code, err)
		}
		b.Write(line)
		if i < len(countries)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
