package app

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"pappu/backend"
	"pappu/backend/importer"
)

// ImportPreview is what the window shows before an import: the columns
// recognised, the first lines, and the fields a column may be mapped to.
type ImportPreview struct {
	Token string `json:"token"`
	importer.Preview
	Fields []backend.RefItem `json:"fields"` // what a column may be mapped to
	// Problem, when set, says why the columns must be mapped by hand before
	// Run (no date column was recognised).
	Problem string `json:"problem"`
}

// Imports brings in a spreadsheet: Preview first, then Run with the token.
type Imports struct {
	deps *deps

	mu      sync.Mutex
	pending map[string]pendingFile // token -> file; one at a time is enough
}

type pendingFile struct {
	name string
	data []byte
}

func newImports(d *deps) *Imports {
	return &Imports{deps: d, pending: map[string]pendingFile{}}
}

// Preview reads a file sent by the window (base64) and returns what an
// import of it would read.
func (im *Imports) Preview(fileName, base64Content string) (ImportPreview, error) {
	if _, err := im.deps.authorize("Imports.Preview", backend.ActImport); err != nil {
		return ImportPreview{}, err
	}
	if base64.StdEncoding.DecodedLen(len(base64Content)) > importer.DefaultMaxSize+3 {
		return ImportPreview{}, PublicError(im.deps.log, "Imports.Preview",
			backend.Invalid("fichier", "Le fichier dépasse la taille maximale de %d Mo.",
				importer.DefaultMaxSize>>20))
	}
	data, err := base64.StdEncoding.DecodeString(base64Content)
	if err != nil {
		return ImportPreview{}, PublicError(im.deps.log, "Imports.Preview",
			backend.Invalid("fichier", "Le fichier n'a pas pu être lu."))
	}
	p, err := importer.ReadPreview(fileName, bytes.NewReader(data), int64(len(data)))
	problem := ""
	if errors.Is(err, importer.ErrNoDateColumn) {
		problem = backend.ErrorMessage(err)
		p, err = importer.Config{}.ReadColumns(bytes.NewReader(data), int64(len(data)))
	}
	if err != nil {
		return ImportPreview{}, PublicError(im.deps.log, "Imports.Preview", err)
	}

	token := randomToken()
	im.mu.Lock()
	im.pending = map[string]pendingFile{token: {name: fileName, data: data}}
	im.mu.Unlock()
	return ImportPreview{Token: token, Preview: p, Fields: importer.Fields(), Problem: problem}, nil
}

// Run imports the previewed file; mapping (column index -> field) replaces
// the recognised columns when not empty.
func (im *Imports) Run(token string, mapping map[string]string) (backend.ImportReport, error) {
	ctx, err := im.deps.authorize("Imports.Run", backend.ActImport)
	if err != nil {
		return backend.ImportReport{}, err
	}
	im.mu.Lock()
	f, ok := im.pending[token]
	im.mu.Unlock()
	if !ok {
		return backend.ImportReport{}, PublicError(im.deps.log, "Imports.Run",
			backend.Invalid("fichier", "Choisissez d'abord un fichier à importer."))
	}
	m, err := parseMapping(mapping)
	if err != nil {
		return backend.ImportReport{}, PublicError(im.deps.log, "Imports.Run", err)
	}

	report, err := importer.Import(ctx, im.deps.store, f.name,
		bytes.NewReader(f.data), int64(len(f.data)), m)
	if err != nil {
		return report, PublicError(im.deps.log, "Imports.Run", err)
	}
	im.clear()
	im.deps.events.Emit(EventVisitsChanged)
	return report, nil
}

func parseMapping(in map[string]string) (importer.Mapping, error) {
	if len(in) == 0 {
		return nil, nil
	}
	m := importer.Mapping{}
	for k, field := range in {
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 {
			return nil, backend.Invalid("mapping", "Colonne « %s » invalide.", k)
		}
		m[i] = field
	}
	return m, nil
}

func (im *Imports) clear() {
	im.mu.Lock()
	im.pending = map[string]pendingFile{}
	im.mu.Unlock()
}

func randomToken() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("app: no randomness: %v", err))
	}
	return hex.EncodeToString(b[:])
}
