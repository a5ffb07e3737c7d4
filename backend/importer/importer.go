// Package importer reads a reception log kept in a spreadsheet, exported as
// CSV or saved as XLSX, and turns each line into a backend.ImportRow that
// storage writes through a Sink. Lines that cannot be taken are reported with
// their row number and a French reason; every other line is kept.
//
// Reading a file goes: detect the format (by content, not by name) and the
// encoding, cut the text into rows numbered as a spreadsheet shows them (a
// line break inside a quoted cell does not start a new row), find the header
// row among the first rows (a title may sit above it), recognise its columns,
// then check and convert each line.
//
// A line is rejected when its visit date is missing, invalid or in the
// future, when its birth date is invalid or after the visit, when its time is
// invalid, or (CSV only) when it has more or fewer cells than the header.
// Reasons read "ligne 53 : date « 31/02/2024 » invalide (colonne « Date »)":
// they name the column and may quote a visit date or a time, never a name or
// a birth date.
//
// Each row carries a Key computed from its parsed content (visit date and
// time, site, worker, person or anonymous details, themes, mode) plus "#n" for
// the n-th identical line, so that importing the same file again, the same
// data saved in another format, or the file with its comments edited, creates
// nothing new.
//
// Choices made beyond the brief:
//   - ReadPreview and Import are also methods of Config, which carries the size
//     limit, the batch size, the time zone and the clock; the functions use the
//     defaults. ReadPreview also reports the lines an import would reject and
//     the values it would not recognise.
//   - A value that names no known code (nationality, sex, situation, mode, age,
//     duration) does not reject the line: the field stays empty, the text is
//     kept in the visit's note, and Preview lists it. An unknown theme counts
//     as "autre" and is kept in the note the same way.
//   - Several columns may feed the themes, referrals, actions and note ("Thème
//     1", "Thème 2"); any other field takes one column. A "Nom Prénom" column
//     is split: words in capitals are the last name.
//   - A line without a time is dated midnight, Europe/Paris time, stored in
//     UTC (22:00 or 23:00 the day before): read dates back in Europe/Paris.
//   - An anonymous line keeps sex, age bracket (from an age, a bracket or a
//     birth date) and nationality; its other person columns are not kept.
//   - Rows go to the sink grouped by person: all lines of one person travel in
//     the same batch, so the per-batch person counts add up exactly. All rows
//     of a person carry the same details, the latest visit's winning.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"
	_ "time/tzdata" // Europe/Paris on Windows PCs without a zoneinfo database

	"pappu/backend"
)

// Defaults of Config.
const (
	DefaultMaxSize   = 64 << 20 // bytes
	DefaultBatchSize = 5000     // rows per storage transaction
	previewRows      = 10
)

// Sink stores rows; storage implements it. Each call is one transaction.
type Sink interface {
	ImportBatch(ctx context.Context, rows []backend.ImportRow) (backend.ImportBatchResult, error)
}

// Mapping assigns fields (FieldDate, FieldLastName…) to column indexes, from 0.
// Columns left out are ignored.
type Mapping map[int]string

// Column is one column of the file and the field it feeds ("" if none).
type Column struct {
	Index  int    `json:"index"`
	Header string `json:"header"`
	Field  string `json:"field"`
}

// Unresolved is a value that names no known code, and on how many lines.
type Unresolved struct {
	Field string `json:"field"`
	Value string `json:"value"`
	Lines int    `json:"lines"`
}

// Preview is what a file holds, read without storing anything: the columns
// and the fields recognised, the first rows, and what an import would reject
// or not recognise.
type Preview struct {
	Columns    []Column               `json:"columns"`
	Rows       [][]string             `json:"rows"` // the first data rows, as read
	Format     string                 `json:"format"`
	Encoding   string                 `json:"encoding"`
	Separator  string                 `json:"separator"`
	HeaderLine int                    `json:"headerLine"`
	Lines      int                    `json:"lines"` // data lines, blank rows left out
	Rejected   []backend.RejectedLine `json:"rejected"`
	Unresolved []Unresolved           `json:"unresolved"`
}

// Config holds the settings of an import; the zero value means the defaults.
type Config struct {
	MaxSize   int64            // largest file accepted, in bytes
	BatchSize int              // rows per call to the sink
	Location  *time.Location   // time zone of the dates in the file
	Now       func() time.Time // the clock, to refuse dates in the future
}

// ReadPreview reads a file with the default settings and the recognised columns.
func ReadPreview(name string, r io.ReaderAt, size int64) (Preview, error) {
	return Config{}.ReadPreview(name, r, size, nil)
}

// Import reads a file with the default settings and stores its lines through
// sink. A nil mapping means the recognised columns.
func Import(ctx context.Context, sink Sink, name string, r io.ReaderAt, size int64,
	m Mapping) (backend.ImportReport, error) {
	return Config{}.Import(ctx, sink, name, r, size, m)
}

// ReadPreview reads a file and tells what importing it with mapping m (nil:
// the recognised columns) would do.
func (c Config) ReadPreview(name string, r io.ReaderAt, size int64, m Mapping) (Preview, error) {
	c = c.withDefaults()
	f, err := c.read(name, r, size, m)
	if err != nil {
		return Preview{}, err
	}
	p := Preview{
		Columns: f.columns(), Format: f.table.format, Encoding: f.table.encoding,
		Separator: f.table.separator, HeaderLine: f.layout.header.line,
		Lines: len(f.data), Rejected: f.rejected, Unresolved: f.unresolved,
	}
	for _, rec := range f.data[:min(previewRows, len(f.data))] {
		p.Rows = append(p.Rows, padCells(rec.cells, len(f.layout.header.cells)))
	}
	return p, nil
}

// Import reads a file and stores its lines through sink in batches. On a sink
// error it returns what the batches before stored, with the error.
func (c Config) Import(ctx context.Context, sink Sink, name string, r io.ReaderAt, size int64,
	m Mapping) (backend.ImportReport, error) {
	c = c.withDefaults()
	f, err := c.read(name, r, size, m)
	if err != nil {
		return backend.ImportReport{}, err
	}
	report := backend.ImportReport{Rejected: f.rejected}
	seen := personsSeen{created: map[string]bool{}, matched: map[string]bool{}}
	for _, batch := range f.batches(c.BatchSize) {
		if err := ctx.Err(); err != nil {
			return report, err
		}
		res, err := sink.ImportBatch(ctx, batch)
		if err != nil {
			return report, fmt.Errorf("import: batch from line %d: %w", batch[0].Line, err)
		}
		seen.add(&report, res)
	}
	sort.Slice(report.Rejected, func(i, j int) bool {
		return report.Rejected[i].Line < report.Rejected[j].Line
	})
	return report, nil
}

func (c Config) withDefaults() Config {
	if c.MaxSize <= 0 {
		c.MaxSize = DefaultMaxSize
	}
	if c.BatchSize <= 0 {
		c.BatchSize = DefaultBatchSize
	}
	if c.Location == nil {
		c.Location = paris()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// paris returns Europe/Paris, which the embedded tzdata always provides.
func paris() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(errors.Join(errors.New("importer: no Europe/Paris time zone"), err))
	}
	return loc
}

// personsSeen counts each person of an import once, whatever the number of
// batches: a person created by one batch and found again by a later one was
// created, not matched.
type personsSeen struct{ created, matched map[string]bool }

func (s personsSeen) add(r *backend.ImportReport, b backend.ImportBatchResult) {
	r.Imported += b.Imported
	r.Anonymous += b.Anonymous
	r.Skipped += b.Skipped
	for _, rej := range b.Rejected {
		rej.Reason = fmt.Sprintf("ligne %d : %s", rej.Line, rej.Reason)
		r.Rejected = append(r.Rejected, rej)
	}
	for _, id := range b.CreatedPersonIDs {
		s.created[id] = true
	}
	for _, id := range b.MatchedPersonIDs {
		if !s.created[id] {
			s.matched[id] = true
		}
	}
	r.PersonsCreated, r.PersonsMatched = len(s.created), len(s.matched)
}

// padCells returns cells cut or padded with "" to width n.
func padCells(cells []string, n int) []string {
	out := make([]string, n)
	copy(out, cells)
	return out
}
