package refdata

import "testing"

// TestNoAmbiguousNames guards the hand-written tables: a code, name or alias
// claimed by two codes at the same priority would silently resolve to nothing.
func TestNoAmbiguousNames(t *testing.T) {
	for name, b := range map[string]*indexBuilder{
		"countries":  countryBuilder(mustDecodeCountries(t)),
		"themes":     listBuilder(themeEntries),
		"modes":      listBuilder(visitModeEntries),
		"situations": listBuilder(adminSituationEntries),
		"sexes":      listBuilder(sexEntries),
	} {
		for key, c := range b.exact {
			if c.ambiguous && c.prio <= prioAlias {
				t.Errorf("%s: %q is claimed by several codes (%s first)", name, key, c.code)
			}
		}
	}
}

func mustDecodeCountries(t *testing.T) []countryRecord {
	t.Helper()
	records, err := decodeCountries(countriesJSON)
	if err != nil {
		t.Fatal(err)
	}
	return records
}
