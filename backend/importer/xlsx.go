package importer

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"time"

	"pappu/backend"
)

// An XLSX file is a ZIP archive of XML parts (ECMA-376). Only what a
// reception log needs is read: the first visible sheet, its shared strings,
// and the number formats that make a number a date or a time.

// maxColumns is the widest sheet Excel allows (XFD).
const maxColumns = 16384

// unzipFactor bounds the unzipped size of a part, against ZIP bombs: an XLSX
// file of n bytes may hold up to unzipFactor × n bytes of XML.
const unzipFactor = 16

var errPartTooLarge = errors.New("xlsx part too large")

// workbook reads the parts of an XLSX archive.
type workbook struct {
	zip   *zip.Reader
	limit int64 // largest unzipped part, in bytes
}

// readXLSX reads the first visible sheet of a workbook.
func readXLSX(r io.ReaderAt, size, maxSize int64) (*table, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, errNotATable("archive ZIP endommagée")
	}
	wb := &workbook{zip: zr, limit: unzipFactor * maxSize}
	if err := wb.checkKind(); err != nil {
		return nil, err
	}
	records, err := wb.records()
	if errors.Is(err, errPartTooLarge) {
		return nil, backend.Invalid(fieldFile, "Ce classeur est trop volumineux une fois "+
			"décompressé : découpez-le en plusieurs fichiers.")
	}
	if err != nil {
		return nil, backend.Invalid(fieldFile, "Ce classeur XLSX est endommagé et ne peut "+
			"pas être lu : ouvrez-le dans le tableur et enregistrez-le de nouveau.")
	}
	return &table{format: "XLSX", records: records}, nil
}

// checkKind refuses archives that are not Excel workbooks, naming the usual
// suspects.
func (wb *workbook) checkKind() error {
	if f := wb.find("mimetype"); f != nil {
		if mime, _ := wb.readAll(f.Name); strings.Contains(string(mime), "opendocument") {
			return backend.Invalid(fieldFile, "Ce fichier est au format OpenDocument (.ods), "+
				"qui n'est pas pris en charge : enregistrez-le au format .xlsx ou CSV.")
		}
	}
	if wb.find("xl/workbook.xml") == nil {
		if wb.find("word/document.xml") != nil {
			return errNotATable("un document Word")
		}
		return errNotATable("une archive ZIP sans classeur Excel")
	}
	return nil
}

func (wb *workbook) records() ([]record, error) {
	sheet, date1904, err := wb.firstSheet()
	if err != nil {
		return nil, err
	}
	shared, err := wb.sharedStrings()
	if err != nil {
		return nil, err
	}
	styles, err := wb.cellKinds()
	if err != nil {
		return nil, err
	}
	sr := sheetReader{shared: shared, kinds: styles, date1904: date1904}
	return sr.read(wb, sheet)
}

// find returns the archive entry of that name, ignoring case as Excel does.
func (wb *workbook) find(name string) *zip.File {
	for _, f := range wb.zip.File {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// open opens a part; a missing part reads as empty.
func (wb *workbook) open(name string) (io.ReadCloser, error) {
	f := wb.find(name)
	if f == nil {
		return io.NopCloser(strings.NewReader("")), nil
	}
	if f.UncompressedSize64 > uint64(wb.limit) {
		return nil, errPartTooLarge
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{&limitedReader{r: rc, left: wb.limit}, rc}, nil
}

func (wb *workbook) readAll(name string) ([]byte, error) {
	rc, err := wb.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// limitedReader fails with errPartTooLarge past its limit, whatever the ZIP
// directory claimed.
type limitedReader struct {
	r    io.Reader
	left int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, errPartTooLarge
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// firstSheet returns the path of the first visible sheet and whether dates
// count from 1904 (old Mac workbooks).
func (wb *workbook) firstSheet() (sheetPath string, date1904 bool, err error) {
	var doc struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			State string `xml:"state,attr"`
			RID   string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := wb.decode("xl/workbook.xml", &doc); err != nil {
		return "", false, err
	}
	date1904 = doc.Pr.Date1904 == "1" || doc.Pr.Date1904 == "true"
	targets, err := wb.relationships()
	if err != nil {
		return "", false, err
	}
	for _, s := range doc.Sheets {
		if target, ok := targets[s.RID]; ok && (s.State == "" || s.State == "visible") {
			return target, date1904, nil
		}
	}
	return "xl/worksheets/sheet1.xml", date1904, nil
}

// relationships maps the ids of workbook.xml to the paths of their parts.
func (wb *workbook) relationships() (map[string]string, error) {
	var doc struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := wb.decode("xl/_rels/workbook.xml.rels", &doc); err != nil {
		return nil, err
	}
	targets := make(map[string]string, len(doc.Rels))
	for _, r := range doc.Rels {
		if strings.HasPrefix(r.Target, "/") {
			targets[r.ID] = strings.TrimPrefix(r.Target, "/")
		} else {
			targets[r.ID] = path.Join("xl", r.Target)
		}
	}
	return targets, nil
}

func (wb *workbook) decode(name string, v any) error {
	data, err := wb.readAll(name)
	if err != nil || len(data) == 0 {
		return err
	}
	if err := xml.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode %s: %w", name, err)
	}
	return nil
}

// sharedStrings reads the table of strings cells point to. Phonetic runs
// (rPh, for Japanese) are left out.
func (wb *workbook) sharedStrings() ([]string, error) {
	rc, err := wb.open("xl/sharedStrings.xml")
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var (
		strs   []string
		text   strings.Builder
		inText bool
		inPh   bool
	)
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return strs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("decode shared strings: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				text.Reset()
			case "t":
				inText = !inPh
			case "rPh":
				inPh = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				strs = append(strs, text.String())
			case "t":
				inText = false
			case "rPh":
				inPh = false
			}
		case xml.CharData:
			if inText {
				text.Write(t)
			}
		}
	}
}

// Kinds of numeric cells, from their number format.
const (
	kindNumber = iota
	kindDate
	kindTime
	kindDateTime
)

// cellKinds returns the kind of each cell style (the s attribute of a cell).
func (wb *workbook) cellKinds() ([]int, error) {
	var doc struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := wb.decode("xl/styles.xml", &doc); err != nil {
		return nil, err
	}
	custom := make(map[int]int, len(doc.NumFmts))
	for _, f := range doc.NumFmts {
		custom[f.ID] = formatKind(f.Code)
	}
	kinds := make([]int, len(doc.Xfs))
	for i, xf := range doc.Xfs {
		if k, ok := custom[xf.NumFmtID]; ok {
			kinds[i] = k
		} else {
			kinds[i] = builtinKind(xf.NumFmtID)
		}
	}
	return kinds, nil
}

// builtinKind classifies Excel's built-in number formats.
func builtinKind(id int) int {
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return kindDate
	case id >= 18 && id <= 21, id >= 45 && id <= 47:
		return kindTime
	case id == 22:
		return kindDateTime
	}
	return kindNumber
}

// formatKind classifies a custom number format such as "dd/mm/yyyy" or
// "hh:mm", ignoring quoted text, escaped characters and [colour] sections.
func formatKind(code string) int {
	var date, clock bool
	for i := 0; i < len(code); i++ {
		switch c := code[i] | 0x20; {
		case code[i] == '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			}
		case code[i] == '\\' || code[i] == '_' || code[i] == '*':
			i++
		case code[i] == '[':
			if j := strings.IndexByte(code[i:], ']'); j >= 0 {
				clock = clock || strings.ContainsAny(code[i:i+j], "hHsS")
				i += j
			}
		case c == 'd' || c == 'y':
			date = true
		case c == 'h' || c == 's':
			clock = true
		}
	}
	switch {
	case date && clock:
		return kindDateTime
	case date:
		return kindDate
	case clock:
		return kindTime
	}
	return kindNumber
}

// sheetReader turns the XML of a sheet into records.
type sheetReader struct {
	shared   []string
	kinds    []int
	date1904 bool

	records []record
	row     record
	nextCol int // column of a cell without a reference
	cell    xlsxCell
	inValue bool // inside <v>, or <t> of an inline string
	inPh    bool // inside a phonetic run
}

// xlsxCell is the cell being read.
type xlsxCell struct {
	col   int
	typ   string
	style int
	value strings.Builder
}

func (s *sheetReader) read(wb *workbook, name string) ([]record, error) {
	rc, err := wb.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return s.records, nil
		}
		if err != nil {
			return nil, fmt.Errorf("decode sheet: %w", err)
		}
		if err := s.token(tok); err != nil {
			return nil, err
		}
	}
}

func (s *sheetReader) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		return s.start(t)
	case xml.EndElement:
		s.end(t.Name.Local)
	case xml.CharData:
		if s.inValue && !s.inPh {
			s.cell.value.Write(t)
		}
	}
	return nil
}

func (s *sheetReader) start(t xml.StartElement) error {
	switch t.Name.Local {
	case "row":
		line := s.row.line + 1
		if r, ok := attr(t, "r"); ok {
			n, err := strconv.Atoi(r)
			if err != nil || n < line || n > 1<<20 {
				return fmt.Errorf("bad row number %q", r)
			}
			line = n
		}
		s.row, s.nextCol = record{line: line}, 0
	case "c":
		return s.startCell(t)
	case "v", "t":
		s.inValue = true
	case "rPh":
		s.inPh = true
	}
	return nil
}

func (s *sheetReader) startCell(t xml.StartElement) error {
	col := s.nextCol
	if ref, ok := attr(t, "r"); ok {
		c, err := columnIndex(ref)
		if err != nil {
			return err
		}
		col = c
	}
	s.cell.col, s.cell.typ, s.cell.style = col, "", 0
	s.nextCol = col + 1
	s.cell.value.Reset()
	if typ, ok := attr(t, "t"); ok {
		s.cell.typ = typ
	}
	if st, ok := attr(t, "s"); ok {
		s.cell.style, _ = strconv.Atoi(st)
	}
	return nil
}

func (s *sheetReader) end(name string) {
	switch name {
	case "v", "t":
		s.inValue = false
	case "rPh":
		s.inPh = false
	case "c":
		s.endCell()
	case "row":
		if !s.row.blank() {
			s.records = append(s.records, s.row)
		}
		s.row.cells = nil
	}
}

func (s *sheetReader) endCell() {
	value := s.cellValue()
	if value == "" {
		return
	}
	for len(s.row.cells) <= s.cell.col {
		s.row.cells = append(s.row.cells, "")
	}
	s.row.cells[s.cell.col] = value
}

// cellValue writes the cell as text; dates as 2006-01-02, times as 15:04.
func (s *sheetReader) cellValue() string {
	v := s.cell.value.String()
	switch s.cell.typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(s.shared) {
			return ""
		}
		return s.shared[i]
	case "b":
		if v == "1" {
			return "VRAI"
		}
		return "FAUX"
	case "inlineStr", "str", "e", "d":
		return v
	}
	if s.cell.style >= 0 && s.cell.style < len(s.kinds) {
		return formatSerial(v, s.kinds[s.cell.style], s.date1904)
	}
	return v
}

// formatSerial writes an Excel serial date (days since 1899-12-30, or since
// 1904-01-01 in 1904 workbooks) in the given kind; other numbers stay as is.
func formatSerial(v string, kind int, date1904 bool) string {
	if kind == kindNumber {
		return v
	}
	t, ok := serialTime(v, date1904)
	if !ok {
		return v
	}
	switch kind {
	case kindDate:
		return t.Format("2006-01-02")
	case kindTime:
		return t.Format("15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// serialTime converts an Excel serial number to a time in UTC.
func serialTime(v string, date1904 bool) (time.Time, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 0 || f > 2958465 { // 9999-12-31
		return time.Time{}, false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	days := math.Floor(f)
	secs := math.Round((f - days) * 86400)
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), true
}

// columnIndex turns a cell reference such as "C7" into a column index (2).
func columnIndex(ref string) (int, error) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		if col > maxColumns {
			return 0, fmt.Errorf("bad cell reference %q", ref)
		}
	}
	if i == 0 {
		return 0, fmt.Errorf("bad cell reference %q", ref)
	}
	return col - 1, nil
}

func attr(t xml.StartElement, name string) (string, bool) {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}
