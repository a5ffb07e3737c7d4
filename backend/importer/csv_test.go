package importer_test

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

// sampleText is a small log with accents, a quoted separator and a quoted
// line break.
const sampleText = "Date;Intervenant;Nom;Prénom;Thèmes;Commentaire\r\n" +
	"04/07/2024;Hélène R.;Koné;Awa;\"Asile; Séjour\";\"Sœur à\r\nrecontacter\"\r\n" +
	"05/07/2024;Hélène R.;;;Santé (AME);\r\n"

func utf16Bytes(s string, order binary.AppendByteOrder, bom bool) []byte {
	var b []byte
	if bom {
		b = order.AppendUint16(b, 0xFEFF)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = order.AppendUint16(b, u)
	}
	return b
}

func TestEncodings(t *testing.T) {
	cp1252, err := charmap.Windows1252.NewEncoder().String(strings.ReplaceAll(sampleText,
		"Sœur", "Soeur"))
	if err != nil {
		t.Fatal(err)
	}
	latin1, err := charmap.ISO8859_1.NewEncoder().String(strings.ReplaceAll(sampleText,
		"Sœur", "Soeur"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, encoding string
		data           []byte
	}{
		{"utf8", "UTF-8", []byte(sampleText)},
		{"utf8 bom", "UTF-8 (BOM)", append([]byte{0xEF, 0xBB, 0xBF}, sampleText...)},
		{"utf16le bom", "UTF-16 LE", utf16Bytes(sampleText, binary.LittleEndian, true)},
		{"utf16be bom", "UTF-16 BE", utf16Bytes(sampleText, binary.BigEndian, true)},
		{"utf16le no bom", "UTF-16 LE", utf16Bytes(sampleText, binary.LittleEndian, false)},
		{"cp1252", "Windows-1252", []byte(cp1252)},
		{"latin1", "Windows-1252", []byte(latin1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := preview(t, tt.data)
			if p.Encoding != tt.encoding || p.Lines != 2 || p.Columns[3].Header != "Prénom" {
				t.Fatalf("encoding %q, %d lines, columns %+v", p.Encoding, p.Lines, p.Columns)
			}
			if got := p.Rows[0][1]; got != "Hélène R." {
				t.Errorf("worker %q; want Hélène R.", got)
			}
			if got := p.Rows[0][5]; !strings.HasSuffix(got, "à\r\nrecontacter") {
				t.Errorf("note %q", got)
			}
		})
	}
}

func TestUTF32Refused(t *testing.T) {
	data := append([]byte{0xFF, 0xFE, 0, 0}, "D\x00\x00\x00"...)
	if e := importError(t, data); !strings.Contains(e.Message, "UTF-32") {
		t.Errorf("message %q", e.Message)
	}
}

func TestSeparatorsAndLineEnds(t *testing.T) {
	tests := []struct{ name, text, sep string }{
		{"semicolon crlf", "Date;Nom;Note\r\n01/02/2024;A;\"x;y\"\r\n02/02/2024;B;z\r\n", ";"},
		{"comma lf", "Date,Nom,Note\n01/02/2024,A,\"x,y\"\n02/02/2024,B,z\n", ","},
		{"tab", "Date\tNom\tNote\n01/02/2024\tA\t\"x\ty\"\n02/02/2024\tB\tz", "tabulation"},
		{"cr only", "Date;Nom;Note\r01/02/2024;A;\"x;y\"\r02/02/2024;B;z\r", ";"},
		{"trailing rows", "Date;Nom;Note\r\n01/02/2024;A;x;y\r\n02/02/2024;B;z\r\n;;\r\n\r\n", ";"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := preview(t, []byte(tt.text))
			if p.Separator != tt.sep || p.Lines != 2 || len(p.Columns) != 3 {
				t.Fatalf("separator %q, %d lines, %d columns", p.Separator, p.Lines,
					len(p.Columns))
			}
			if p.Rows[1][1] != "B" {
				t.Errorf("rows %q", p.Rows)
			}
		})
	}
}

func TestQuotedCells(t *testing.T) {
	text := "Date;Nom;Note\r\n" +
		"01/02/2024;A;\"il a dit \"\"bonjour\"\"\"\r\n" + // doubled quotes
		"02/02/2024;B;\"deux\nlignes\"\r\n" + // line break in a cell
		"03/02/2024;C;un \"mot\" cité\r\n" + // quotes inside an unquoted cell
		"04/02/2024;\"D\"E;f\r\n" // text after a closing quote
	p := preview(t, []byte(text))
	got := []string{p.Rows[0][2], p.Rows[1][2], p.Rows[2][2], p.Rows[3][1]}
	want := []string{`il a dit "bonjour"`, "deux\nlignes", `un "mot" cité`, "DE"}
	if !slices.Equal(got, want) {
		t.Errorf("cells %q; want %q", got, want)
	}
}

// TestRowNumbers checks that rows are numbered as a spreadsheet shows them:
// a line break inside a cell stays in its row, a blank line is a row.
func TestRowNumbers(t *testing.T) {
	data := csvFile(
		"Date;Nom;Note",
		`01/02/2024;A;"une`, `note sur`, `trois lignes"`, // row 2
		"31/02/2024;B;x", // row 3: rejected
		"",               // row 4: blank
		"xx;C;y",         // row 5: rejected
	)
	report, _ := importData(t, data, nil)
	if got := lines(report.Rejected); !slices.Equal(got, []int{3, 5}) {
		t.Errorf("rejected lines %v; want [3 5]", got)
	}
}

func TestUnclosedQuote(t *testing.T) {
	data := csvFile("Date;Nom;Note", "01/02/2024;A;x", `02/02/2024;B;"oops`, "03/02/2024;C;z")
	e := importError(t, data)
	if !strings.Contains(e.Message, "ligne 3") || e.Field != "fichier" {
		t.Errorf("message %q", e.Message)
	}
}

func TestWrongCellCount(t *testing.T) {
	data := csvFile(
		"Date;Nom;Prénom;Note",
		"01/02/2024;Diallo;Ali;ok",
		"02/02/2024;Diallo;Ali;trop;de;cellules", // row 3
		"03/02/2024;Diallo",                      // row 4
		"04/02/2024;Diallo;Ali;ok;;",             // empty cells at the end: kept
	)
	report, sink := importData(t, data, nil)
	if got := lines(report.Rejected); !slices.Equal(got, []int{3, 4}) {
		t.Fatalf("rejected %v; want [3 4]", got)
	}
	if report.Rejected[0].Reason != "ligne 3 : 6 colonnes au lieu de 4" ||
		report.Rejected[1].Reason != "ligne 4 : 2 colonnes au lieu de 4" {
		t.Errorf("reasons %+v", report.Rejected)
	}
	if len(sink.visits) != 2 {
		t.Errorf("%d visits stored; want 2", len(sink.visits))
	}
}

func TestBadFiles(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06")
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte((i*7919 + i*i*31) % 251) // deterministic noise
	}
	noZero := bytes.ReplaceAll(random, []byte{0}, []byte{1})
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", []byte{}, "Le fichier est vide."},
		{"png", png, "pas un tableau lisible"},
		{"random", random, "pas un tableau lisible"},
		{"random without zero bytes", noZero, "pas un tableau lisible"},
		{"pdf", []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj"), "PDF"},
		{"xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, "97-2003"},
		{"blank lines only", []byte("\r\n\r\n;;;\r\n"), "aucune ligne"},
		{"no date column", csvFile("Nom;Prénom;Nationalité", "Diallo;Ali;Mali"),
			"Colonne « Date » introuvable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := importError(t, tt.data)
			if !strings.Contains(e.Message, tt.want) || e.Field != "fichier" {
				t.Errorf("message %q; want it to contain %q", e.Message, tt.want)
			}
		})
	}
}

func TestNoDateColumnListsHeaders(t *testing.T) {
	e := importError(t, csvFile("Nom;Prénom;Nationalité", "Diallo;Ali;Mali"))
	want := "Colonnes trouvées : « Nom », « Prénom », « Nationalité »."
	if !strings.HasSuffix(e.Message, want) {
		t.Errorf("message %q; want it to end with %q", e.Message, want)
	}
}

// hugeReader reports a size it does not have; the size check must come
// before any read.
type hugeReader struct{}

func (hugeReader) ReadAt([]byte, int64) (int, error) { panic("read past the size check") }

func TestTooLarge(t *testing.T) {
	_, err := testConfig.ReadPreview("big.csv", hugeReader{}, 100<<20, nil)
	e := asInvalid(t, err)
	if !strings.Contains(e.Message, "100 Mo") || !strings.Contains(e.Message, "64 Mo") {
		t.Errorf("message %q", e.Message)
	}
	small := testConfig
	small.MaxSize = 10
	data := csvFile("Date;Nom", "01/02/2024;A")
	_, err = small.ReadPreview("f.csv", bytes.NewReader(data), int64(len(data)), nil)
	if e := asInvalid(t, err); !strings.Contains(e.Message, "trop volumineux") {
		t.Errorf("message %q", e.Message)
	}
}

func TestTooManyColumns(t *testing.T) {
	data := csvFile("Date;Nom", "01/02/2024;A", strings.Repeat(";", 20000))
	if e := importError(t, data); !strings.Contains(e.Message, "ligne 3 a plus de 16 384") {
		t.Errorf("message %q", e.Message)
	}
}
