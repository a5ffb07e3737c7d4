package report

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"pappu/backend"
)

// Sheet names of the workbook besides one per table.
const (
	SheetSummary     = "Synthèse"
	SheetCross       = "Thématiques par sexe"
	SheetDefinitions = "Définitions"
)

// TableSheet is the name of a table's sheet.
func TableSheet(t backend.StatsTable) string { return tableTitle(t) }

// WriteXLSX writes the report as a workbook: a summary, one sheet per table
// (figures as numbers, so that a spreadsheet can compute with them), the
// cross-table of visits, the case work (procedures, referrals, support) and
// the definitions.
func WriteXLSX(w io.Writer, a Annual) error {
	x := excelize.NewFile()
	defer x.Close()
	x.SetDocProps(&excelize.DocProperties{Title: a.Title(), Creator: "PAPPU",
		Description: a.Organisation})
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}

	x.SetSheetName("Sheet1", SheetSummary)
	rows := [][]any{{a.Organisation}, {a.Title()}, {},
		{"", a.Comparison.Current.Label, a.Comparison.Previous.Label}}
	for _, c := range measureColumns {
		rows = append(rows, []any{definitionLabel(c.code),
			numeric(a.Comparison.Current.Total, c.code),
			numeric(a.Comparison.Previous.Total, c.code)})
	}
	if err := writeRows(x, SheetSummary, rows); err != nil {
		return err
	}
	x.SetCellStyle(SheetSummary, "A2", "A2", bold)

	for _, t := range a.Tables {
		name := TableSheet(t)
		if _, err := x.NewSheet(name); err != nil {
			return err
		}
		rows := [][]any{measureHeading(backend.DimensionLabel(t.Dimension))}
		for _, l := range t.Lines {
			rows = append(rows, measureRow(l.Label, l.Measures))
		}
		rows = append(rows, measureRow("Total", t.Total))
		if err := writeRows(x, name, rows); err != nil {
			return err
		}
		x.SetCellStyle(name, "A1", "E1", bold)
		x.SetColWidth(name, "A", "A", 40)
	}

	if _, err := x.NewSheet(SheetCross); err != nil {
		return err
	}
	var grid [][]any
	for _, line := range crossGrid(a.Cross, backend.MeasureVisits) {
		row := make([]any, len(line))
		for i, cell := range line {
			row[i] = cell
			if n, err := strconv.Atoi(cell); err == nil && i > 0 {
				row[i] = n
			}
		}
		grid = append(grid, row)
	}
	if err := writeRows(x, SheetCross, grid); err != nil {
		return err
	}

	if _, err := x.NewSheet(SheetCases); err != nil {
		return err
	}
	if err := writeRows(x, SheetCases, casesRows(a.Cases)); err != nil {
		return err
	}
	x.SetCellStyle(SheetCases, "A1", "A1", bold)
	x.SetColWidth(SheetCases, "A", "A", 50)

	if _, err := x.NewSheet(SheetDefinitions); err != nil {
		return err
	}
	var defs [][]any
	for _, d := range Definitions() {
		defs = append(defs, []any{d.Label, d.Text})
	}
	if err := writeRows(x, SheetDefinitions, defs); err != nil {
		return err
	}
	x.SetColWidth(SheetDefinitions, "B", "B", 120)
	return x.Write(w)
}

func writeRows(x *excelize.File, sheet string, rows [][]any) error {
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
	}
	return nil
}

func measureHeading(first string) []any {
	row := []any{first}
	for _, c := range measureColumns {
		row = append(row, definitionLabel(c.code))
	}
	return row
}

func measureRow(label string, m backend.Measures) []any {
	row := []any{label}
	for _, c := range measureColumns {
		row = append(row, numeric(m, c.code))
	}
	return row
}

// numeric is a measure as a number for a spreadsheet.
func numeric(m backend.Measures, code string) any {
	switch code {
	case backend.MeasureVisits:
		return m.Visits
	case backend.MeasurePersons:
		return m.Persons
	case backend.MeasureNewPersons:
		return m.NewPersons
	}
	return m.Hours
}

func definitionLabel(code string) string {
	for _, d := range backend.MeasureDefinitions {
		if d.Code == code {
			return d.Label
		}
	}
	return code
}
