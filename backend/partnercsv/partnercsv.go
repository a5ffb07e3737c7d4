// Package partnercsv reads and writes the partner directory as a CSV file:
// what a network hands over as a spreadsheet of reception places, and what
// PAPPU exports so that another desk can import it. Reading reuses the
// reception-log import's decoding (encodings and separators); matching the
// lines to partners already there is storage's job.
package partnercsv

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"pappu/backend"
	"pappu/backend/importer"
	"pappu/backend/refdata"
)

// Columns of an exported file, in order. An imported file needs "nom"; the
// others may be missing or in another order, and their headers are matched
// after folding ("Code postal", "code_postal" and "CP" alike).
var Columns = []string{"nom", "organisme", "type", "thematiques", "adresse",
	"code_postal", "commune", "telephone", "courriel", "site_web", "notes", "contacts"}

// headerAliases maps other folded header names to a column.
var headerAliases = map[string]string{
	"nom du partenaire": "nom", "partenaire": "nom", "name": "nom", "lieu": "nom",
	"organisation": "organisme", "structure": "organisme", "gestionnaire": "organisme",
	"type de partenaire": "type", "categorie": "type", "kind": "type",
	"themes": "thematiques", "thematique": "thematiques",
	"cp": "code_postal", "code postal": "code_postal", "postal code": "code_postal",
	"ville": "commune", "tel": "telephone", "phone": "telephone",
	"email": "courriel", "mail": "courriel", "e mail": "courriel", "mel": "courriel",
	"site": "site_web", "site web": "site_web", "website": "site_web", "site internet": "site_web",
	"remarques": "notes", "commentaire": "notes", "commentaires": "notes",
}

// Contacts sit in one cell: one contact a line, its name, role, phone and
// email separated by " | ".
const (
	contactSep = "\n"
	fieldSep   = " | "
)

// maxSize is the largest directory file read.
const maxSize = 20 << 20

// Store is what an import needs of storage.
type Store interface {
	ImportPartners(ctx context.Context, lines []backend.PartnerLine) (backend.PartnerImport, error)
}

// Import reads a directory file and adds its partners to the store. Lines
// that cannot be read are reported with their number; the others are kept.
func Import(ctx context.Context, store Store, r io.Reader) (backend.PartnerImport, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return backend.PartnerImport{}, fmt.Errorf("partnercsv: read: %w", err)
	}
	if len(data) > maxSize {
		return backend.PartnerImport{}, backend.Invalid("fichier",
			"Le fichier est trop volumineux : la limite est de 20 Mo.")
	}
	lines, rejected, err := Read(data)
	if err != nil {
		return backend.PartnerImport{}, err
	}
	res, err := store.ImportPartners(ctx, lines)
	if err != nil {
		return res, err
	}
	res.Rejected = mergeRejected(rejected, res.Rejected)
	return res, nil
}

// mergeRejected puts two lists of rejected lines in line order.
func mergeRejected(a, b []backend.RejectedLine) []backend.RejectedLine {
	out := make([]backend.RejectedLine, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		if len(b) == 0 || (len(a) > 0 && a[0].Line < b[0].Line) {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return out
}

// Read parses a directory file into partners, one per line after the
// header. A line without a name is rejected; an unknown type makes the
// partner "autre" with the type kept in its notes.
func Read(data []byte) ([]backend.PartnerLine, []backend.RejectedLine, error) {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, nil, backend.Invalid("fichier", "Ce fichier est un classeur (XLSX) : "+
			"l'annuaire s'importe depuis un fichier CSV. Dans le tableur, enregistrez-le au "+
			"format « CSV (séparateur : point-virgule) », puis importez ce fichier.")
	}
	rows, err := importer.ReadCSV(data)
	if err != nil {
		return nil, nil, err
	}
	if len(rows) == 0 {
		return nil, nil, backend.Invalid("fichier", "Le fichier est vide.")
	}
	cols := headerColumns(rows[0].Cells)
	if _, ok := cols["nom"]; !ok {
		return nil, nil, backend.Invalid("fichier", "La ligne %d, l'en-tête, n'a pas de "+
			"colonne « nom » : les colonnes attendues sont %s.", rows[0].Line,
			strings.Join(Columns, ";"))
	}
	var lines []backend.PartnerLine
	var rejected []backend.RejectedLine
	for _, row := range rows[1:] {
		p, err := partnerOf(row.Cells, cols)
		if err != nil {
			rejected = append(rejected, backend.RejectedLine{Line: row.Line,
				Reason: fmt.Sprintf("Ligne %d : %s", row.Line, backend.ErrorMessage(err))})
			continue
		}
		lines = append(lines, backend.PartnerLine{Line: row.Line, Partner: p})
	}
	return lines, rejected, nil
}

// headerColumns maps each known column to its index in the header.
func headerColumns(header []string) map[string]int {
	known := map[string]bool{}
	for _, c := range Columns {
		known[c] = true
	}
	cols := map[string]int{}
	for i, h := range header {
		name := backend.Fold(h)
		col := strings.ReplaceAll(name, " ", "_")
		if !known[col] {
			col = headerAliases[name]
		}
		if _, dup := cols[col]; col != "" && !dup {
			cols[col] = i
		}
	}
	return cols
}

// partnerOf reads one line's cells.
func partnerOf(cells []string, cols map[string]int) (backend.Partner, error) {
	cell := func(col string) string {
		if i, ok := cols[col]; ok && i < len(cells) {
			return backend.FromSpreadsheetCell(
				strings.TrimSpace(strings.ReplaceAll(cells[i], "\r\n", "\n")))
		}
		return ""
	}
	p := backend.Partner{
		Name: cell("nom"), Organisation: cell("organisme"), Address: cell("adresse"),
		PostalCode: strings.ReplaceAll(cell("code_postal"), " ", ""), Commune: cell("commune"),
		Phone: cell("telephone"), Email: cell("courriel"), Website: cell("site_web"),
		Notes: cell("notes"),
	}
	if p.Name == "" {
		return p, backend.Invalid("nom", "le nom du partenaire est vide.")
	}
	p.Kind = backend.PartnerOther
	if typ := cell("type"); typ != "" {
		if code, ok := refdata.ResolvePartnerKind(typ); ok {
			p.Kind = code
		} else {
			p.Notes = strings.TrimSpace(p.Notes + "\nType indiqué : " + typ)
		}
	}
	themes, unknown := refdata.ResolveThemeList(cell("thematiques"))
	if len(unknown) > 0 {
		return p, backend.Invalid("thematiques", "la thématique « %s » n'est pas reconnue.",
			unknown[0])
	}
	p.Themes = themes
	p.Contacts = contactsOf(cell("contacts"))
	return p, nil
}

// contactsOf reads the contacts cell.
func contactsOf(s string) []backend.PartnerContact {
	var out []backend.PartnerContact
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r", ""), contactSep) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, strings.TrimSpace(fieldSep))
		for len(f) < 4 {
			f = append(f, "")
		}
		out = append(out, backend.PartnerContact{Name: strings.TrimSpace(f[0]),
			Role: strings.TrimSpace(f[1]), Phone: strings.TrimSpace(f[2]),
			Email: strings.TrimSpace(f[3])})
	}
	return out
}

// Write writes the directory as a CSV file that Import reads back: UTF-8
// with a byte order mark and ";" as the separator, as a French spreadsheet
// opens it. Types and themes are written as their labels.
func Write(w io.Writer, partners []backend.Partner) error {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	cw := csv.NewWriter(&buf)
	cw.Comma = ';'
	cw.UseCRLF = true
	cw.Write(Columns)
	for _, p := range partners {
		themes := make([]string, len(p.Themes))
		for i, t := range p.Themes {
			themes[i] = refdata.ThemeLabel(t)
		}
		contacts := make([]string, len(p.Contacts))
		for i, c := range p.Contacts {
			contacts[i] = strings.Join([]string{c.Name, c.Role, c.Phone, c.Email}, fieldSep)
		}
		line := []string{p.Name, p.Organisation, refdata.PartnerKindLabel(p.Kind),
			strings.Join(themes, " ; "), p.Address, p.PostalCode, p.Commune, p.Phone,
			p.Email, p.Website, p.Notes, strings.Join(contacts, contactSep)}
		for i := range line {
			line[i] = backend.SpreadsheetCell(line[i])
		}
		cw.Write(line)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("partnercsv: write: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}
