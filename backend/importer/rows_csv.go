package importer

// Row is one row of a CSV file read by ReadCSV: its number as a spreadsheet
// shows it, and its cells.
type Row struct {
	Line  int
	Cells []string
}

// ReadCSV decodes a CSV file as the reception-log import does (UTF-8 with or
// without a byte order mark, UTF-16, Windows-1252; ";", tab or "," as the
// separator) and cuts it into rows, for other imports such as the partner
// directory's. Blank rows are left out.
func ReadCSV(data []byte) ([]Row, error) {
	if len(data) == 0 {
		return nil, checkSize(0, 1)
	}
	t, err := readCSV(data)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(t.records))
	for _, r := range t.records {
		if !r.blank() {
			rows = append(rows, Row{Line: r.line, Cells: r.cells})
		}
	}
	return rows, nil
}
