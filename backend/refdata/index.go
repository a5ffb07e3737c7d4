package refdata

import (
	"strings"

	"pappu/backend"
)

// Priorities of the names an index holds. When two codes claim the same
// folded name, the higher priority (lower number) wins; two codes of the same
// priority make the name ambiguous, and it then resolves to nothing.
const (
	prioCode = iota
	prioName
	prioAlias
	prioAdjective
	prioMinorAdjective // adjectives of dependent territories
	prioForeign        // English names, alpha-3 codes
)

// index resolves typed text to a code through folded names. It is built
// once and then only read, so it is safe for concurrent use.
type index struct {
	exact   map[string]string // Fold(name) -> code
	compact map[string]string // Fold(name) without spaces -> code
}

// claim is a code's claim on a name while an index is built.
type claim struct {
	code      string
	prio      int
	ambiguous bool
}

// indexBuilder collects names and their priorities.
type indexBuilder struct {
	exact   map[string]claim
	compact map[string]claim
}

func newIndexBuilder() *indexBuilder {
	return &indexBuilder{exact: map[string]claim{}, compact: map[string]claim{}}
}

// add records that name means code, with the given priority.
func (b *indexBuilder) add(name, code string, prio int) {
	key := backend.Fold(name)
	if key == "" {
		return
	}
	put(b.exact, key, code, prio)
	put(b.compact, strings.ReplaceAll(key, " ", ""), code, prio)
}

func put(m map[string]claim, key, code string, prio int) {
	old, ok := m[key]
	switch {
	case !ok || prio < old.prio:
		m[key] = claim{code: code, prio: prio}
	case prio == old.prio && code != old.code:
		old.ambiguous = true
		m[key] = old
	}
}

// build drops the ambiguous names and returns the index.
func (b *indexBuilder) build() *index {
	return &index{exact: resolved(b.exact), compact: resolved(b.compact)}
}

func resolved(claims map[string]claim) map[string]string {
	out := make(map[string]string, len(claims))
	for k, c := range claims {
		if !c.ambiguous {
			out[k] = c.code
		}
	}
	return out
}

// lookup resolves s: first its folded form, then the same without spaces
// ("Cote divoire"), then without a trailing gender or plural mark
// ("marocain(e)", "ivoirien(ne)", "thème(s)").
func (ix *index) lookup(s string) (string, bool) {
	key := backend.Fold(s)
	if key == "" {
		return "", false
	}
	if code, ok := ix.find(key); ok {
		return code, true
	}
	for _, mark := range []string{" e", " ne", " s", " es"} {
		if trimmed, ok := strings.CutSuffix(key, mark); ok {
			if code, ok := ix.find(trimmed); ok {
				return code, true
			}
		}
	}
	return "", false
}

func (ix *index) find(key string) (string, bool) {
	if code, ok := ix.exact[key]; ok {
		return code, true
	}
	code, ok := ix.compact[strings.ReplaceAll(key, " ", "")]
	return code, ok
}
