package report

import (
	"fmt"
	"io"

	"codeberg.org/go-pdf/fpdf"

	"pappu/backend"
	"pappu/backend/internal/pdfdoc"
)

const (
	margin     = 18.0
	rowHeight  = 5.2
	labelWidth = 74.0
	figWidth   = 24.0
	fontSize   = 9.0
)

// pdfDoc is a report being written, with the translator its core fonts need.
type pdfDoc struct {
	pdf *fpdf.Fpdf
	tr  func(string) string
}

// WritePDF writes the report: the structure's name and the year, the
// year's figures beside the year before, a chart of visits by month and by
// theme, every table, the cross-table of themes by sex, the procedures,
// referrals and support to partners, and what each figure means.
func WritePDF(w io.Writer, a Annual) error {
	pdf, tr := pdfdoc.New(a.Title()+" — "+a.Organisation, a.Organisation, a.GeneratedAt,
		margin, a.Organisation+" — "+a.Title())
	d := &pdfDoc{pdf: pdf, tr: tr}

	pdf.SetFont("Helvetica", "B", 18)
	pdf.MultiCell(0, 9, d.tr(a.Organisation), "", "L", false)
	pdf.SetFont("Helvetica", "B", 14)
	pdf.MultiCell(0, 8, d.tr(a.Title()), "", "L", false)
	pdf.SetFont("Helvetica", "", 9)
	pdf.MultiCell(0, 5, d.tr("Établi par PAPPU le "+a.GeneratedAt.Format("02/01/2006")+
		". Les définitions des chiffres figurent en fin de document."), "", "L", false)

	d.summary(a.Comparison)
	for _, t := range a.Tables {
		switch t.Dimension {
		case backend.DimMonth:
			d.section("Accueils par mois")
			d.columnChart(t.Lines)
		case backend.DimTheme:
			d.section("Accueils par thématique")
			d.barChart(t.Lines)
		}
	}
	for _, t := range a.Tables {
		d.section(tableTitle(t))
		d.table(backend.DimensionLabel(t.Dimension), t.Lines, t.Total)
	}
	d.cross(a.Cross)
	d.cases(a.Cases)
	d.definitions()

	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	return nil
}

func (d *pdfDoc) section(title string) {
	d.pdf.Ln(5)
	d.keepTogether(40)
	d.pdf.SetFont("Helvetica", "B", 12)
	d.pdf.CellFormat(0, 7, d.tr(title), "B", 1, "L", false, 0, "")
	d.pdf.Ln(2)
}

// keepTogether starts a new page unless height millimetres are left.
func (d *pdfDoc) keepTogether(height float64) {
	if _, pageHeight := d.pdf.GetPageSize(); d.pdf.GetY()+height > pageHeight-margin {
		d.pdf.AddPage()
	}
}

func (d *pdfDoc) summary(c backend.Comparison) {
	d.section("Chiffres clés")
	d.pdf.SetFont("Helvetica", "B", fontSize)
	d.pdf.CellFormat(labelWidth, rowHeight, "", "B", 0, "L", false, 0, "")
	for _, p := range []backend.PeriodFigures{c.Current, c.Previous} {
		d.pdf.CellFormat(figWidth*1.5, rowHeight, d.tr(p.Label), "B", 0, "R", false, 0, "")
	}
	d.pdf.Ln(-1)
	d.pdf.SetFont("Helvetica", "", fontSize)
	for _, col := range measureColumns {
		d.label(definitionLabel(col.code), labelWidth)
		for _, p := range []backend.PeriodFigures{c.Current, c.Previous} {
			d.pdf.CellFormat(figWidth*1.5, rowHeight, col.value(p.Total), "", 0, "R",
				false, 0, "")
		}
		d.pdf.Ln(-1)
	}
}

// label writes text in a cell of width w, in a smaller font if it must.
func (d *pdfDoc) label(text string, w float64) {
	size := fontSize
	for size > 5 && d.pdf.GetStringWidth(d.tr(text)) > w-1 {
		size -= 0.5
		d.pdf.SetFontSize(size)
	}
	d.pdf.CellFormat(w, rowHeight, d.tr(text), "", 0, "L", false, 0, "")
	d.pdf.SetFontSize(fontSize)
}

// table writes one line per code, with the four figures, and the total.
func (d *pdfDoc) table(dimLabel string, lines []backend.Line, total backend.Measures) {
	d.pdf.SetFont("Helvetica", "B", fontSize)
	d.pdf.CellFormat(labelWidth, rowHeight, d.tr(dimLabel), "B", 0, "L", false, 0, "")
	for _, c := range measureColumns {
		d.pdf.CellFormat(figWidth, rowHeight, d.tr(c.heading), "B", 0, "R", false, 0, "")
	}
	d.pdf.Ln(-1)
	d.pdf.SetFont("Helvetica", "", fontSize)
	for _, l := range lines {
		d.measureLine(l.Label, l.Measures, "")
	}
	d.pdf.SetFont("Helvetica", "B", fontSize)
	d.measureLine("Total", total, "T")
	d.pdf.SetFont("Helvetica", "", fontSize)
}

func (d *pdfDoc) measureLine(label string, m backend.Measures, border string) {
	d.keepTogether(rowHeight)
	d.label(label, labelWidth)
	for _, c := range measureColumns {
		d.pdf.CellFormat(figWidth, rowHeight, c.value(m), border, 0, "R", false, 0, "")
	}
	d.pdf.Ln(-1)
}

// cross writes the visits of the cross-table, one column per code.
func (d *pdfDoc) cross(t backend.CrossTable) {
	d.section("Accueils par thématique et par sexe")
	grid := crossGrid(t, backend.MeasureVisits)
	width := (210 - 2*margin - 60) / float64(len(grid[0])-1)
	for i, line := range grid {
		style := ""
		if i == 0 || i == len(grid)-1 {
			style = "B"
		}
		d.pdf.SetFont("Helvetica", style, fontSize)
		d.keepTogether(rowHeight)
		d.label(line[0], 60)
		for _, cell := range line[1:] {
			if i > 0 {
				n := 0
				fmt.Sscan(cell, &n)
				cell = Int(n)
			}
			d.pdf.CellFormat(width, rowHeight, d.tr(cell), "", 0, "R", false, 0, "")
		}
		d.pdf.Ln(-1)
	}
}

// barChart draws one horizontal bar of visits per line.
func (d *pdfDoc) barChart(lines []backend.Line) {
	most := 1
	for _, l := range lines {
		most = max(most, l.Visits)
	}
	const barSpace = 100.0
	d.pdf.SetFont("Helvetica", "", 7.5)
	for _, l := range lines {
		d.keepTogether(4.5)
		x, y := d.pdf.GetX(), d.pdf.GetY()
		d.pdf.SetFontSize(7.5)
		d.pdf.CellFormat(55, 4, d.tr(l.Label), "", 0, "R", false, 0, "")
		d.pdf.SetFillColor(42, 110, 160)
		d.pdf.Rect(x+57, y+0.6, barSpace*float64(l.Visits)/float64(most), 2.8, "F")
		d.pdf.SetXY(x+57+barSpace*float64(l.Visits)/float64(most)+1, y)
		d.pdf.CellFormat(20, 4, Int(l.Visits), "", 1, "L", false, 0, "")
	}
	d.pdf.SetFont("Helvetica", "", fontSize)
}

// columnChart draws one vertical bar of visits per month.
func (d *pdfDoc) columnChart(lines []backend.Line) {
	const height, width = 40.0, 170.0
	d.keepTogether(height + 16)
	most := 1
	for _, l := range lines {
		most = max(most, l.Visits)
	}
	x0, y0 := d.pdf.GetX(), d.pdf.GetY()+4 // room for the tallest bar's figure
	step := width / float64(max(1, len(lines)))
	d.pdf.SetFont("Helvetica", "", 6.5)
	d.pdf.SetDrawColor(150, 150, 150)
	d.pdf.Line(x0, y0+height, x0+width, y0+height)
	for i, l := range lines {
		h := height * float64(l.Visits) / float64(most)
		x := x0 + float64(i)*step
		d.pdf.SetFillColor(42, 110, 160)
		d.pdf.Rect(x+step*0.15, y0+height-h, step*0.7, h, "F")
		d.pdf.SetXY(x, y0+height-h-3.5)
		d.pdf.CellFormat(step, 3.5, Int(l.Visits), "", 0, "C", false, 0, "")
		d.pdf.SetXY(x, y0+height+0.5)
		d.pdf.CellFormat(step, 3.5, d.tr(shortMonth(l.Code)), "", 0, "C", false, 0, "")
	}
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetXY(x0, y0+height+6)
	d.pdf.SetFont("Helvetica", "", fontSize)
}

func shortMonth(ym string) string {
	names := []string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
		"sept.", "oct.", "nov.", "déc."}
	var y, m int
	if _, err := fmt.Sscanf(ym, "%d-%d", &y, &m); err != nil || m < 1 || m > 12 {
		return ym
	}
	return names[m-1]
}

func (d *pdfDoc) definitions() {
	d.section("Ce que les chiffres veulent dire")
	for _, def := range Definitions() {
		d.keepTogether(14)
		d.pdf.SetFont("Helvetica", "B", fontSize)
		d.pdf.MultiCell(0, 4.8, d.tr(def.Label), "", "L", false)
		d.pdf.SetFont("Helvetica", "", fontSize)
		d.pdf.MultiCell(0, 4.8, d.tr(def.Text), "", "L", false)
		d.pdf.Ln(1.5)
	}
}
