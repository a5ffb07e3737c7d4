package report

import "pappu/backend"

// SheetCases is the workbook's sheet of the case work figures.
const SheetCases = "Démarches et orientations"

// casesTitle heads the case work part of the report.
const casesTitle = "Démarches, orientations et appui aux partenaires"

// caseFigure is one headline figure of the case work.
type caseFigure struct {
	label string
	value any // int, or float64 for hours
}

// caseFigures are the headline figures of c, in order, labelled as
// backend.CaseDefinitions name them.
func caseFigures(c backend.CaseFigures) []caseFigure {
	return []caseFigure{
		{caseLabel(backend.CaseOpened), c.Opened},
		{caseLabel(backend.CaseFiled), c.Filed},
		{caseLabel(backend.CaseDecided), c.Decided},
		{caseLabel(backend.CaseReferrals), c.Referrals},
		{caseLabel(backend.CaseSupport), c.Support.Count},
		{"Heures d'appui aux partenaires", backend.HoursOf(c.Support.Minutes)},
	}
}

// CaseTable is one breakdown of the case work.
type CaseTable struct {
	Title, Heading string
	Lines          []backend.Count
	Total          int
}

// CaseTables are the breakdowns of the case work, in the report's order.
func CaseTables(c backend.CaseFigures) []CaseTable {
	return []CaseTable{
		{"Démarches ouvertes par type", "Type de démarche", c.OpenedByType, c.Opened},
		{"Démarches déposées par type", "Type de démarche", c.FiledByType, c.Filed},
		{"Décisions par type de démarche", "Type de démarche", c.DecidedByType, c.Decided},
		{"Décisions par sens", "Décision", c.DecidedByOutcome, c.Decided},
		{"Orientations par type de partenaire", "Type de partenaire", c.ReferralsByKind,
			c.Referrals},
		{"Orientations par suite donnée", "Suite", c.ReferralsByOutcome, c.Referrals},
		{"Appuis aux partenaires par type de partenaire", "Type de partenaire",
			c.Support.ByKind, c.Support.Count},
	}
}

// caseValue writes a headline figure the French way.
func caseValue(v any) string {
	if h, ok := v.(float64); ok {
		return Hours(h)
	}
	return Int(v.(int))
}

func caseLabel(code string) string {
	for _, d := range backend.CaseDefinitions {
		if d.Code == code {
			return d.Label
		}
	}
	return code
}

// cases writes the case work: headline figures, then each breakdown.
func (d *pdfDoc) cases(c backend.CaseFigures) {
	d.section(casesTitle)
	for _, f := range caseFigures(c) {
		d.label(f.label, labelWidth)
		d.pdf.CellFormat(figWidth, rowHeight, caseValue(f.value), "", 0, "R", false, 0, "")
		d.pdf.Ln(-1)
	}
	for _, t := range CaseTables(c) {
		d.pdf.Ln(3)
		d.keepTogether(3 * rowHeight)
		d.pdf.SetFont("Helvetica", "B", fontSize)
		d.pdf.MultiCell(0, rowHeight, d.tr(t.Title), "", "L", false)
		d.pdf.CellFormat(labelWidth, rowHeight, d.tr(t.Heading), "B", 0, "L", false, 0, "")
		d.pdf.CellFormat(figWidth, rowHeight, d.tr("Nombre"), "B", 1, "R", false, 0, "")
		d.pdf.SetFont("Helvetica", "", fontSize)
		for _, l := range t.Lines {
			d.keepTogether(rowHeight)
			d.label(l.Label, labelWidth)
			d.pdf.CellFormat(figWidth, rowHeight, Int(l.N), "", 1, "R", false, 0, "")
		}
		d.pdf.SetFont("Helvetica", "B", fontSize)
		d.label("Total", labelWidth)
		d.pdf.CellFormat(figWidth, rowHeight, Int(t.Total), "T", 1, "R", false, 0, "")
		d.pdf.SetFont("Helvetica", "", fontSize)
	}
}

// casesRows are the rows of the case work sheet: headline figures, then
// each breakdown with its total, a blank row between parts.
func casesRows(c backend.CaseFigures) [][]any {
	rows := [][]any{{casesTitle}}
	for _, f := range caseFigures(c) {
		rows = append(rows, []any{f.label, f.value})
	}
	for _, t := range CaseTables(c) {
		rows = append(rows, []any{}, []any{t.Title}, []any{t.Heading, "Nombre"})
		for _, l := range t.Lines {
			rows = append(rows, []any{l.Label, l.N})
		}
		rows = append(rows, []any{"Total", t.Total})
	}
	return rows
}

// Definitions are what every figure of the report means: those of the
// visits, then those of the case work.
func Definitions() []backend.Definition {
	return append(append([]backend.Definition(nil), backend.MeasureDefinitions...),
		backend.CaseDefinitions...)
}
