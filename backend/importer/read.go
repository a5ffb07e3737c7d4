package importer

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"pappu/backend"
)

// fieldFile is the field name errors about the file as a whole carry.
const fieldFile = "fichier"

// record is one row of the sheet: its number as a spreadsheet shows it, and
// its cells.
type record struct {
	line  int
	cells []string
}

// blank reports whether every cell of the row is empty or spaces.
func (r record) blank() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// table is the content of a file before any column is interpreted.
type table struct {
	format    string // "CSV" or "XLSX"
	encoding  string // of a CSV file
	separator string // of a CSV file
	records   []record
}

// File signatures.
var (
	magicZip = []byte("PK\x03\x04")
	magicOLE = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // .xls, .doc
	magicPDF = []byte("%PDF")
)

// readTable reads a CSV or XLSX file, whatever its name says.
func readTable(r io.ReaderAt, size, maxSize int64) (*table, error) {
	if err := checkSize(size, maxSize); err != nil {
		return nil, err
	}
	head := make([]byte, min(size, 8))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, fmt.Errorf("importer: read file start: %w", err)
	}
	switch {
	case bytes.HasPrefix(head, magicZip):
		return readXLSX(r, size, maxSize)
	case bytes.HasPrefix(head, magicOLE):
		return nil, backend.Invalid(fieldFile, "Ce fichier est au format Excel 97-2003 (.xls), "+
			"qui n'est pas pris en charge : enregistrez-le au format .xlsx ou CSV.")
	case bytes.HasPrefix(head, magicPDF):
		return nil, errNotATable("un document PDF")
	}
	data := make([]byte, size)
	if _, err := r.ReadAt(data, 0); err != nil && err != io.EOF {
		return nil, fmt.Errorf("importer: read file: %w", err)
	}
	return readCSV(data)
}

func checkSize(size, maxSize int64) error {
	if size <= 0 {
		return backend.Invalid(fieldFile, "Le fichier est vide.")
	}
	if size > maxSize {
		return backend.Invalid(fieldFile, "Le fichier est trop volumineux (%s) : "+
			"la limite est de %s. Découpez-le en plusieurs fichiers.",
			megabytes(size), megabytes(maxSize))
	}
	return nil
}

// megabytes writes a size in the units the Windows explorer shows.
func megabytes(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d Ko", (n+1023)>>10)
	}
	return fmt.Sprintf("%d Mo", (n+(1<<20)-1)>>20)
}

// errNotATable says the file is something else than a spreadsheet.
func errNotATable(what string) error {
	return backend.Invalid(fieldFile, "Ce fichier n'est pas un tableau lisible (%s) : "+
		"choisissez un fichier CSV ou XLSX exporté du tableur.", what)
}
