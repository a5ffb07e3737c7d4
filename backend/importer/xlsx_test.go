package importer_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

const relType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

// xlsxFile writes a workbook as Excel would, keeping only the parts the
// importer reads. parts overrides or adds parts by name.
func xlsxFile(t *testing.T, sheet string, parts map[string]string) []byte {
	t.Helper()
	all := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Accueils" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="` + relType + `worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="` + relType + `styles" Target="styles.xml"/>
</Relationships>`,
		"xl/styles.xml": `<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/>` +
			`<numFmt numFmtId="165" formatCode="[$-40C]hh&quot;h&quot;mm"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>` +
			`<xf numFmtId="20"/><xf numFmtId="165"/></cellXfs></styleSheet>`,
		"xl/worksheets/sheet1.xml": sheet,
	}
	for name, content := range parts {
		all[name] = content
	}
	return zipFiles(t, all)
}

func zipFiles(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sheetXML wraps rows in a worksheet.
func sheetXML(rows ...string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		strings.Join(rows, "") + `</sheetData></worksheet>`
}

func sharedStrings(strs ...string) string {
	var b strings.Builder
	b.WriteString(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for _, s := range strs {
		fmt.Fprintf(&b, "<si>%s</si>", s)
	}
	b.WriteString("</sst>")
	return b.String()
}

func inline(ref, s string) string {
	return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, s)
}

func TestXLSX(t *testing.T) {
	shared := sharedStrings(
		"<t>Date</t>", "<t>Heure</t>", "<t>Nom</t>", "<t>Prénom</t>", "<t>Thèmes</t>",
		// rich text in runs, with a phonetic reading to leave out
		`<r><t>Asile</t></r><r><rPr><b/></rPr><t xml:space="preserve">, Séjour</t></r>`+
			`<rPh sb="0" eb="1"><t>アシル</t></rPh>`,
	)
	sheet := sheetXML(
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>`+
			`<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>`,
		// row 2: a built-in date format, a time, names inline, rich text themes
		`<row r="2"><c r="A2" s="1"><v>45477</v></c><c r="B2" s="3"><v>0.604166666666667</v></c>`+
			inline("C2", "Koné")+inline("D2", "Awa")+`<c r="E2" t="s"><v>5</v></c></row>`,
		// row 4 (row 3 is empty): a custom date format; B and D skipped
		`<row r="4"><c r="A4" s="2"><v>45478</v></c>`+inline("C4", "Diallo")+`</row>`,
		// row 5: a serial without date style, a time with a custom format
		`<row r="5"><c r="A5"><v>45479</v></c><c r="B5" s="4"><v>0.375</v></c></row>`,
		// row 6: a date typed as text that does not exist
		`<row r="6">`+inline("A6", "31/02/2024")+`</row>`,
		// row 7: cells without references
		`<row r="7"><c t="inlineStr"><is><t>2024-07-08</t></is></c><c/>`+
			`<c t="inlineStr"><is><t>Sow</t></is></c></row>`,
	)
	data := xlsxFile(t, sheet, map[string]string{"xl/sharedStrings.xml": shared})

	p := preview(t, data)
	if p.Format != "XLSX" || p.Lines != 5 || len(p.Columns) != 5 {
		t.Fatalf("format %q, %d lines, columns %+v", p.Format, p.Lines, p.Columns)
	}
	wantRows := [][]string{
		{"2024-07-04", "14:30", "Koné", "Awa", "Asile, Séjour"},
		{"2024-07-05", "", "Diallo", "", ""},
		{"45479", "09:00", "", "", ""},
	}
	for i, want := range wantRows {
		if !slices.Equal(p.Rows[i], want) {
			t.Errorf("row %d = %q; want %q", i, p.Rows[i], want)
		}
	}

	report, sink := importData(t, data, nil)
	if got := lines(report.Rejected); !slices.Equal(got, []int{6}) {
		t.Errorf("rejected %v; want [6]", got)
	}
	byLine := map[int]string{}
	for _, v := range sink.visits {
		byLine[v.Line] = v.Visit.At.Format("2006-01-02 15:04 MST")
	}
	want := map[int]string{2: "2024-07-04 12:30 UTC", 4: "2024-07-04 22:00 UTC",
		5: "2024-07-06 07:00 UTC", 7: "2024-07-07 22:00 UTC"}
	for line, at := range want {
		if byLine[line] != at {
			t.Errorf("line %d at %q; want %q", line, byLine[line], at)
		}
	}
	if th := sink.visits[0].Visit.Themes; !slices.Equal(th, []string{"asile", "sejour"}) {
		t.Errorf("themes %q", th)
	}
}

func TestXLSXFirstVisibleSheetAnd1904(t *testing.T) {
	workbook := `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr date1904="1"/>
<sheets><sheet name="Notes" sheetId="1" state="hidden" r:id="rId1"/>
<sheet name="Accueils" sheetId="2" r:id="rId7"/></sheets></workbook>`
	rels := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId7" Target="/xl/worksheets/accueils.xml"/></Relationships>`
	data := xlsxFile(t, sheetXML(`<row r="1">`+inline("A1", "rien")+`</row>`),
		map[string]string{
			"xl/workbook.xml":            workbook,
			"xl/_rels/workbook.xml.rels": rels,
			"xl/worksheets/accueils.xml": sheetXML(
				`<row r="1">`+inline("A1", "Date")+inline("B1", "Nom")+`</row>`,
				`<row r="2"><c r="A2" s="1"><v>44015</v></c>`+inline("B2", "Sow")+`</row>`),
		})
	p := preview(t, data)
	if p.Lines != 1 || p.Rows[0][0] != "2024-07-04" {
		t.Errorf("rows %q; want the 1904-based date 2024-07-04", p.Rows)
	}
}

func TestXLSXBadArchives(t *testing.T) {
	ods := zipFiles(t, map[string]string{
		"mimetype":    "application/vnd.oasis.opendocument.spreadsheet",
		"content.xml": "<office:document-content/>",
	})
	docx := zipFiles(t, map[string]string{"word/document.xml": "<w:document/>"})
	broken := append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0x42}, 200)...)
	corruptSheet := xlsxFile(t, "<worksheet><sheetData><row r=\"x\"></sheetData>", nil)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"ods", ods, "OpenDocument"},
		{"docx", docx, "document Word"},
		{"broken zip", broken, "archive ZIP endommagée"},
		{"corrupt sheet", corruptSheet, "endommagé"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if e := importError(t, tt.data); !strings.Contains(e.Message, tt.want) {
				t.Errorf("message %q; want %q", e.Message, tt.want)
			}
		})
	}
}

func TestXLSXZipBomb(t *testing.T) {
	// A sheet that unzips to far more than 16 times the file size.
	big := sheetXML(`<row r="1">` + inline("A1", "Date") + `</row>` +
		strings.Repeat("<!-- padding padding padding -->", 200000))
	data := xlsxFile(t, big, nil)
	cfg := testConfig
	cfg.MaxSize = int64(len(data)) + 10
	_, err := cfg.Import(context.Background(), newMemSink(), "bomb.xlsx",
		bytes.NewReader(data), int64(len(data)), nil)
	if e := asInvalid(t, err); !strings.Contains(e.Message, "décompressé") {
		t.Errorf("message %q", e.Message)
	}
}

// TestSameKeysCSVAndXLSX: the same log saved as CSV or as XLSX gives the
// same keys, so importing both creates each visit once.
func TestSameKeysCSVAndXLSX(t *testing.T) {
	csv := csvFile("Date;Nom;Prénom;Thèmes", "04/07/2024;Koné;Awa;Asile, Séjour",
		"04/07/2024;Koné;Awa;Asile, Séjour")
	xlsx := xlsxFile(t, sheetXML(
		`<row r="1">`+inline("A1", "Date")+inline("B1", "Nom")+inline("C1", "Prénom")+
			inline("D1", "Thèmes")+`</row>`,
		`<row r="2"><c r="A2" s="1"><v>45477</v></c>`+inline("B2", "KONE")+inline("C2", "Awa")+
			inline("D2", "Séjour; Asile")+`</row>`,
		`<row r="3"><c r="A3" s="1"><v>45477</v></c>`+inline("B3", "Koné")+inline("C3", "Awa")+
			inline("D3", "asile/sejour")+`</row>`,
	), nil)
	_, sink := importData(t, csv, nil)
	report, err := testConfig.Import(context.Background(), sink, "x.xlsx",
		bytes.NewReader(xlsx), int64(len(xlsx)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if report.Imported != 0 || report.Skipped != 2 || len(sink.persons) != 1 {
		t.Errorf("second import %+v, %d persons", report, len(sink.persons))
	}
}
