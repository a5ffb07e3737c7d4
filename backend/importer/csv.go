package importer

import (
	"errors"
	"strings"

	"pappu/backend"
)

// readCSV decodes a CSV file and cuts it into rows.
func readCSV(data []byte) (*table, error) {
	text, encoding, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	sep := sniffSeparator(text)
	records, err := parseCSV(text, sep)
	if err != nil {
		return nil, err
	}
	return &table{format: "CSV", encoding: encoding, separator: separatorName(sep),
		records: records}, nil
}

func separatorName(sep byte) string {
	if sep == '\t' {
		return "tabulation"
	}
	return string(sep)
}

// sniffLines is how many rows sniffSeparator looks at: enough to get past a
// title row above the header.
const sniffLines = 10

// sniffSeparator picks, among ";", tab and ",", the one found most often
// outside quotes in the first rows; ";" wins a tie, as French spreadsheets
// write it.
func sniffSeparator(text string) byte {
	candidates := []byte{';', '\t', ','}
	counts := make([]int, len(candidates))
	quoted, lines := false, 0
	for i := 0; i < len(text) && lines < sniffLines; i++ {
		c := text[i]
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			lines++
		default:
			for k, sep := range candidates {
				if c == sep {
					counts[k]++
				}
			}
		}
	}
	best := 0
	for k := range candidates {
		if counts[k] > counts[best] {
			best = k
		}
	}
	return candidates[best]
}

// parseCSV cuts text into rows, one record per row as a spreadsheet numbers
// them: line breaks inside quoted cells stay in the cell, an empty line is an
// empty row, and a final line break does not add a row. It follows RFC 4180
// and is lenient where spreadsheets are: a quote inside an unquoted cell is
// kept as is, and text after a closing quote is added to the cell. A quote
// that is never closed is an error, as it would swallow the rest of the file.
func parseCSV(text string, sep byte) ([]record, error) {
	p := csvParser{text: text, sep: sep}
	var records []record
	for p.pos < len(text) {
		cells, err := p.row()
		switch {
		case errors.Is(err, errUnclosedQuote):
			return nil, backend.Invalid(fieldFile, "Le fichier est mal formé : le guillemet "+
				"ouvert ligne %d n'est jamais fermé.", len(records)+1)
		case err != nil:
			return nil, backend.Invalid(fieldFile, "Le fichier est mal formé : la ligne %d "+
				"a plus de 16 384 colonnes, ce qu'aucun tableur ne permet.", len(records)+1)
		}
		records = append(records, record{line: len(records) + 1, cells: cells})
	}
	return records, nil
}

// csvParser reads rows from text, starting at pos.
type csvParser struct {
	text  string
	sep   byte
	pos   int
	width int // cells of the previous row, to size the next one
}

var (
	errUnclosedQuote  = errors.New("unclosed quote")
	errTooManyColumns = errors.New("too many columns")
)

// row reads one row and the line break that ends it.
func (p *csvParser) row() ([]string, error) {
	cells := make([]string, 0, p.width)
	for {
		cell, err := p.cell()
		if err != nil {
			return nil, err
		}
		if cells = append(cells, cell); len(cells) > maxColumns {
			return nil, errTooManyColumns
		}
		if p.pos < len(p.text) && p.text[p.pos] == p.sep {
			p.pos++
			continue
		}
		p.skipLineBreak()
		p.width = len(cells)
		return cells, nil
	}
}

// cell reads one cell and stops before the separator or line break after it.
func (p *csvParser) cell() (string, error) {
	if p.pos < len(p.text) && p.text[p.pos] == '"' {
		return p.quotedCell()
	}
	start := p.pos
	p.pos = p.endOfCell(start)
	return p.text[start:p.pos], nil
}

// endOfCell returns the position of the first separator or line break from i.
func (p *csvParser) endOfCell(i int) int {
	for ; i < len(p.text); i++ {
		if c := p.text[i]; c == p.sep || c == '\n' || c == '\r' {
			return i
		}
	}
	return i
}

// quotedCell reads a cell that starts with a quote; "" inside stands for ".
// A cell without doubled quotes is a slice of the text, without a copy.
func (p *csvParser) quotedCell() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	var b *strings.Builder // only for cells that hold doubled quotes
	for {
		end := strings.IndexByte(p.text[p.pos:], '"')
		if end < 0 {
			return "", errUnclosedQuote
		}
		end += p.pos
		if end+1 < len(p.text) && p.text[end+1] == '"' {
			if b == nil {
				b = &strings.Builder{}
			}
			b.WriteString(p.text[p.pos : end+1])
			p.pos = end + 2
			continue
		}
		cell := p.text[start:end]
		if b != nil {
			b.WriteString(p.text[p.pos:end])
			cell = b.String()
		}
		p.pos = end + 1
		// Lenient: text between the closing quote and the separator is kept.
		if rest := p.endOfCell(p.pos); rest > p.pos {
			cell += p.text[p.pos:rest]
			p.pos = rest
		}
		return cell, nil
	}
}

// skipLineBreak moves past "\r\n", "\n" or a lone "\r" (old Mac exports).
func (p *csvParser) skipLineBreak() {
	if p.pos < len(p.text) && p.text[p.pos] == '\r' {
		p.pos++
	}
	if p.pos < len(p.text) && p.text[p.pos] == '\n' {
		p.pos++
	}
}
