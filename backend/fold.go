package backend

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold reduces a name to the form used to compare and search: lower case,
// without accents, with hyphens and runs of spaces made one space, and
// apostrophes dropped. "KONÉ" and "Koné" fold alike, so do "Fatima-Zahra"
// and "Fatima Zahra", and "N'Diaye", "N’Diaye" and "NDIAYE".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drops leading separators
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r) || isApostrophe(r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(foldRune(unicode.ToLower(r)))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// foldRune spells the letters that NFD does not decompose.
func foldRune(r rune) rune {
	switch r {
	case 'ß':
		return 's'
	case 'ø':
		return 'o'
	case 'æ':
		return 'a'
	case 'œ':
		return 'o'
	case 'ł':
		return 'l'
	case 'đ':
		return 'd'
	case 'ı':
		return 'i'
	}
	return r
}

// FoldWords folds s and splits it into words.
func FoldWords(s string) []string {
	return strings.Fields(Fold(s))
}

// isApostrophe reports the marks written inside names (N'Diaye, O’Brien),
// which spelling leaves out as often as it puts them in.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u02bc', '\u2018', '`', '\u00b4':
		return true
	}
	return false
}
