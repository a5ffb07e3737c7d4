package refdata

import "pappu/backend"

// entry is one row of a coded list with the other ways people write it.
type entry struct {
	code    string
	label   string
	aliases []string
}

// codedList is a coded reference list and the index that resolves typed
// text to its codes.
type codedList struct {
	items  []backend.RefItem
	labels map[string]string
	index  *index
}

func newCodedList(entries []entry) *codedList {
	l := &codedList{labels: make(map[string]string, len(entries))}
	for _, e := range entries {
		l.items = append(l.items, backend.RefItem{Code: e.code, Label: e.label})
		l.labels[e.code] = e.label
	}
	l.index = listBuilder(entries).build()
	return l
}

// listBuilder indexes each entry under its code, its label and its aliases.
func listBuilder(entries []entry) *indexBuilder {
	b := newIndexBuilder()
	for _, e := range entries {
		b.add(e.code, e.code, prioCode)
		b.add(e.label, e.code, prioName)
		for _, a := range e.aliases {
			b.add(a, e.code, prioAlias)
		}
	}
	return b
}

// list returns a copy of the items, in display order.
func (l *codedList) list() []backend.RefItem {
	return append([]backend.RefItem(nil), l.items...)
}

// label returns the label of code, or code itself when it is unknown.
func (l *codedList) label(code string) string {
	if label, ok := l.labels[code]; ok {
		return label
	}
	return code
}

func (l *codedList) resolve(s string) (string, bool) {
	return l.index.lookup(s)
}
