package importer

import "io"

// ReadColumns reads a file's first non-blank row as its header and the rows
// after it, recognising nothing. When ReadPreview finds no date column, the
// window shows this so that a person can say which column is which; Import
// with that mapping then reads the file.
func (c Config) ReadColumns(r io.ReaderAt, size int64) (Preview, error) {
	c = c.withDefaults()
	t, err := readTable(r, size, c.MaxSize)
	if err != nil {
		return Preview{}, err
	}
	p := Preview{Format: t.format, Encoding: t.encoding, Separator: t.separator}
	header := -1
	for i, rec := range t.records {
		switch {
		case rec.blank():
			continue
		case header < 0:
			header = i
			p.HeaderLine = rec.line
			for j, h := range rec.cells {
				p.Columns = append(p.Columns, Column{Index: j, Header: h})
			}
		default:
			p.Lines++
			if len(p.Rows) < previewRows {
				p.Rows = append(p.Rows, padCells(rec.cells, len(p.Columns)))
			}
		}
	}
	return p, nil
}
