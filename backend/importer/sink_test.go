package importer_test

import (
	"context"
	"sync"

	"pappu/backend"
	"pappu/backend/importer"
)

// memSink is an in-memory Sink that behaves as storage does: it matches
// persons by importer.PersonKey and skips rows whose key it has seen.
type memSink struct {
	mu      sync.Mutex
	persons map[string]bool // person keys known
	keys    map[string]bool // row keys stored
	batches [][]backend.ImportRow
	visits  []backend.ImportRow
	fail    error // returned by every call when set
}

func newMemSink() *memSink {
	return &memSink{persons: map[string]bool{}, keys: map[string]bool{}}
}

func (s *memSink) ImportBatch(_ context.Context, rows []backend.ImportRow) (
	backend.ImportBatchResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var res backend.ImportBatchResult
	if s.fail != nil {
		return res, s.fail
	}
	s.batches = append(s.batches, rows)
	created, matched := map[string]bool{}, map[string]bool{}
	for _, row := range rows {
		if p := row.Person; p != nil {
			key := importer.PersonKey(p.FirstNames, p.LastName, p.BirthDate)
			if !s.persons[key] {
				s.persons[key] = true
				created[key] = true
			} else if !created[key] {
				matched[key] = true
			}
		}
		s.importVisit(row, &res)
	}
	res.PersonsCreated, res.PersonsMatched = len(created), len(matched)
	for key := range created {
		res.CreatedPersonIDs = append(res.CreatedPersonIDs, key)
	}
	for key := range matched {
		res.MatchedPersonIDs = append(res.MatchedPersonIDs, key)
	}
	return res, nil
}

func (s *memSink) importVisit(row backend.ImportRow, res *backend.ImportBatchResult) {
	if s.keys[row.Key] {
		res.Skipped++
		return
	}
	s.keys[row.Key] = true
	s.visits = append(s.visits, row)
	res.Imported++
	if row.Person == nil {
		res.Anonymous++
	}
}
