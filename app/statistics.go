package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"

	"pappu/backend"
	"pappu/backend/report"
)

// Statistics answers the statistics screen: tables by one dimension,
// cross-tables, comparisons with earlier periods, and the annual report.
type Statistics struct{ deps *deps }

// StatsOptions is what the statistics screen offers to choose from.
type StatsOptions struct {
	Dimensions  []backend.RefItem    `json:"dimensions"`
	Definitions []backend.Definition `json:"definitions"`
	// CaseDefinitions state what the case work figures count.
	CaseDefinitions []backend.Definition `json:"caseDefinitions"`
}

// File is a document for the window to save: its name and its bytes in
// base64.
type File struct {
	Name   string `json:"name"`
	Type   string `json:"type"` // MIME type
	Base64 string `json:"base64"`
}

// Report is the annual report as PDF and XLSX.
type Report struct {
	PDF  File `json:"pdf"`
	XLSX File `json:"xlsx"`
}

// Options lists the dimensions and the definition of every figure.
func (s *Statistics) Options() (StatsOptions, error) {
	if _, err := s.deps.authorize("Statistics.Options", backend.ActStats); err != nil {
		return StatsOptions{}, err
	}
	return StatsOptions{Dimensions: backend.Dimensions,
		Definitions: backend.MeasureDefinitions, CaseDefinitions: backend.CaseDefinitions}, nil
}

// CaseFigures gives the period's procedures opened, filed and decided,
// referrals made and support to partners (see backend.CaseDefinitions).
func (s *Statistics) CaseFigures(p backend.Period) (backend.CaseFigures, error) {
	ctx, err := s.deps.authorize("Statistics.CaseFigures", backend.ActStats)
	if err != nil {
		return backend.CaseFigures{}, err
	}
	return done[backend.CaseFigures](s.deps, "Statistics.CaseFigures")(
		s.deps.store.CaseFigures(ctx, p))
}

// Table breaks the filtered visits down by one dimension.
func (s *Statistics) Table(f backend.StatsFilter, dim string) (backend.StatsTable, error) {
	ctx, err := s.deps.authorize("Statistics.Table", backend.ActStats)
	if err != nil {
		return backend.StatsTable{}, err
	}
	return done[backend.StatsTable](s.deps, "Statistics.Table")(
		s.deps.store.StatsTable(ctx, f, dim))
}

// Cross breaks the filtered visits down by rows and columns.
func (s *Statistics) Cross(f backend.StatsFilter, rowDim, colDim string) (
	backend.CrossTable, error) {
	ctx, err := s.deps.authorize("Statistics.Cross", backend.ActStats)
	if err != nil {
		return backend.CrossTable{}, err
	}
	return done[backend.CrossTable](s.deps, "Statistics.Cross")(
		s.deps.store.StatsCross(ctx, f, rowDim, colDim))
}

// Compare gives the period's totals beside the previous period's and those
// of the same period a year earlier.
func (s *Statistics) Compare(f backend.StatsFilter) (backend.Comparison, error) {
	ctx, err := s.deps.authorize("Statistics.Compare", backend.ActStats)
	if err != nil {
		return backend.Comparison{}, err
	}
	return done[backend.Comparison](s.deps, "Statistics.Compare")(
		s.deps.store.StatsCompare(ctx, f))
}

// Report writes the annual activity report of year as PDF and XLSX.
func (s *Statistics) Report(year int) (Report, error) {
	ctx, err := s.exportAuthorize("Statistics.Report")
	if err != nil {
		return Report{}, err
	}
	out, err := s.report(ctx, year)
	return done[Report](s.deps, "Statistics.Report")(out, err)
}

func (s *Statistics) report(ctx context.Context, year int) (Report, error) {
	a, err := report.Build(ctx, s.deps.store, year, s.deps.store.Now())
	if err != nil {
		return Report{}, err
	}
	name := fmt.Sprintf("bilan-activite-%d", year)
	pdf, err := encode(name+".pdf", "application/pdf",
		func(w io.Writer) error { return report.WritePDF(w, a) })
	if err != nil {
		return Report{}, err
	}
	xlsx, err := encode(name+".xlsx",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		func(w io.Writer) error { return report.WriteXLSX(w, a) })
	return Report{PDF: pdf, XLSX: xlsx}, err
}

// TableCSV writes a table by one dimension as CSV for Excel in French.
func (s *Statistics) TableCSV(f backend.StatsFilter, dim string) (File, error) {
	ctx, err := s.exportAuthorize("Statistics.TableCSV")
	if err != nil {
		return File{}, err
	}
	t, err := s.deps.store.StatsTable(ctx, f, dim)
	if err != nil {
		return done[File](s.deps, "Statistics.TableCSV")(File{}, err)
	}
	return done[File](s.deps, "Statistics.TableCSV")(encode(
		fmt.Sprintf("statistiques-%s-%s-%s.csv", dim, t.Filter.Period.From, t.Filter.Period.To),
		"text/csv", func(w io.Writer) error { return report.WriteTableCSV(w, t) }))
}

// CrossCSV writes one measure of a cross-table as CSV for Excel in French.
func (s *Statistics) CrossCSV(f backend.StatsFilter, rowDim, colDim, measure string) (
	File, error) {
	ctx, err := s.exportAuthorize("Statistics.CrossCSV")
	if err != nil {
		return File{}, err
	}
	if !backend.ValidMeasure(measure) {
		return File{}, PublicError(s.deps.log, "Statistics.CrossCSV", backend.Invalid("measure",
			"La mesure « %s » n'existe pas : choisissez passages, personnes, nouvelles "+
				"personnes ou heures.", measure))
	}
	t, err := s.deps.store.StatsCross(ctx, f, rowDim, colDim)
	if err != nil {
		return done[File](s.deps, "Statistics.CrossCSV")(File{}, err)
	}
	return done[File](s.deps, "Statistics.CrossCSV")(encode(
		fmt.Sprintf("statistiques-%s-%s-%s-%s.csv", rowDim, colDim, t.Filter.Period.From,
			t.Filter.Period.To),
		"text/csv", func(w io.Writer) error { return report.WriteCrossCSV(w, t, measure) }))
}

// exportAuthorize checks both rights a document of statistics needs: to
// read statistics, and to take data out of PAPPU.
func (s *Statistics) exportAuthorize(method string) (context.Context, error) {
	if _, err := s.deps.authorize(method, backend.ActStats); err != nil {
		return nil, err
	}
	return s.deps.authorize(method, backend.ActExport)
}

func encode(name, mime string, write func(io.Writer) error) (File, error) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return File{}, err
	}
	return File{Name: name, Type: mime,
		Base64: base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}
