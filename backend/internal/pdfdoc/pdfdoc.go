// Package pdfdoc starts the A4 documents PAPPU writes (a person's export,
// the annual report) the same way: metadata, margins, page numbers.
package pdfdoc

import (
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// New starts an A4 portrait document with the given margin (mm), its
// metadata, and a footer "footer — page N/M". tr turns UTF-8 text into what
// the core fonts print.
func New(title, author string, at time.Time, margin float64, footer string) (
	pdf *fpdf.Fpdf, tr func(string) string) {
	pdf = fpdf.New("P", "mm", "A4", "")
	tr = pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetTitle(title, true)
	pdf.SetAuthor(author, true)
	pdf.SetCreator("PAPPU", true)
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 4, tr(fmt.Sprintf("%s — page %d/{nb}", footer, pdf.PageNo())),
			"", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	return pdf, tr
}
