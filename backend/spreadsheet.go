package backend

import "strings"

// SpreadsheetCell makes a text safe to write into a CSV file that a
// spreadsheet opens: a cell starting with =, +, -, @ (or a tab or carriage
// return before them) would be read as a formula, which could run what a
// partner's name or a note typed by anyone says. Such a cell gets a leading
// apostrophe, which spreadsheets show as text and FromSpreadsheetCell
// takes off again.
func SpreadsheetCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// FromSpreadsheetCell undoes SpreadsheetCell, for a file read back.
func FromSpreadsheetCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}
