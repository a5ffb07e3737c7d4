package report

import (
	"encoding/csv"
	"io"

	"pappu/backend"
)

// bom starts a CSV file so that Excel reads it as UTF-8.
const bom = "\uFEFF"

// WriteTableCSV writes a table as Excel in French expects it: UTF-8 with a
// byte order mark, ";" between cells, a decimal comma; a heading line, one
// line per code and the total.
func WriteTableCSV(w io.Writer, t backend.StatsTable) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	c := csv.NewWriter(w)
	c.Comma = ';'
	c.UseCRLF = true
	head := []string{backend.DimensionLabel(t.Dimension)}
	for _, m := range backend.MeasureDefinitions[:len(measureColumns)] {
		head = append(head, m.Label)
	}
	c.Write(head)
	for _, l := range t.Lines {
		c.Write(csvLine(backend.SpreadsheetCell(l.Label), l.Measures))
	}
	c.Write(csvLine("Total", t.Total))
	c.Flush()
	return c.Error()
}

// WriteCrossCSV writes one measure of a cross-table: a heading line of
// columns, one line per row with its total, and the line of totals.
func WriteCrossCSV(w io.Writer, t backend.CrossTable, measure string) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	c := csv.NewWriter(w)
	c.Comma = ';'
	c.UseCRLF = true
	for _, line := range crossGrid(t, measure) {
		for i := range line {
			line[i] = backend.SpreadsheetCell(line[i])
		}
		c.Write(line)
	}
	c.Flush()
	return c.Error()
}

func csvLine(label string, m backend.Measures) []string {
	line := []string{label}
	for _, col := range measureColumns {
		line = append(line, plain(col.value(m)))
	}
	return line
}

// plain drops the thousands spaces, which a spreadsheet would read as text.
func plain(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r != ' ' {
			out = append(out, r)
		}
	}
	return string(out)
}

// crossGrid lays a cross-table out as text cells, totals last.
func crossGrid(t backend.CrossTable, measure string) [][]string {
	head := []string{backend.DimensionLabel(t.RowDim) + " \\ " +
		backend.DimensionLabel(t.ColDim)}
	for _, c := range t.Columns {
		head = append(head, c.Label)
	}
	head = append(head, "Total")
	out := [][]string{head}
	for i, r := range t.Rows {
		line := []string{r.Label}
		for j := range t.Columns {
			line = append(line, plain(measureValue(t.Cells[i][j], measure)))
		}
		out = append(out, append(line, plain(measureValue(r.Measures, measure))))
	}
	total := []string{"Total"}
	for _, c := range t.Columns {
		total = append(total, plain(measureValue(c.Measures, measure)))
	}
	return append(out, append(total, plain(measureValue(t.Total, measure))))
}
